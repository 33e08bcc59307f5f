"""Reading: encodings, HTML, paths, and bad input that must give one clear error each."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from unioncorpus import InputError, clean_files
from unioncorpus.cli import main
from unioncorpus.read import decode_bytes, expand_paths, read_page

TEXT = ("学校工会工作总结\n本学期，我校工会在党支部的领导下，积极开展“送温暖”活动，慰问困难教职工二十余人次，"
        "组织教职工开展乒乓球比赛，丰富了教职工的业余生活。\n工会坚持召开教职工代表大会，推进校务公开，"
        "广泛听取教职工的意见和建议，维护教职工的合法权益。\n")
TRAD = "學校工會工作總結\n本學期，我校工會積極開展送溫暖活動，慰問困難教職工二十餘人次，組織教職工開展乒乓球比賽。\n"


@pytest.mark.parametrize("encoding, data", [
    ("utf-8", TEXT.encode("utf-8")),
    ("utf-8-sig", codecs.BOM_UTF8 + TEXT.encode("utf-8")),
    ("gb18030", TEXT.encode("gb18030")),
    ("gb18030", TEXT.encode("gbk")),
    ("gb18030", TEXT.encode("gb2312")),
    ("utf-16", TEXT.encode("utf-16")),
    ("utf-16", TEXT.encode("utf-16-le")),
    ("big5", TRAD.encode("big5")),
])
def test_decode(encoding, data):
    text, used = decode_bytes(data)
    assert used == encoding
    assert text.lstrip("\ufeff") in (TEXT, TRAD)


def test_declared_html_charset_is_used_and_recorded(tmp_path):
    html = ('<html><head><meta charset="gb2312"><title>t</title></head><body>'
            '<div class="nav">当前位置：首页 &gt; 工作总结</div>'
            f'<h1>学校工会工作总结</h1><p>{TEXT.splitlines()[1]}</p><p>{TEXT.splitlines()[2]}</p>'
            '<script>var x = 1;</script></body></html>')
    p = tmp_path / "page.html"
    p.write_bytes(html.encode("gb18030"))
    page = read_page(p)
    assert page.encoding == "gb18030" and page.kind == "html"
    assert "var x" not in page.text
    res = clean_files([p], progress=False)
    assert [d.title for d in res.documents] == ["学校工会工作总结"]
    assert "当前位置" not in res.documents[0].text
    assert res.documents[0].encoding == "gb18030"


@pytest.mark.parametrize("name, data, message", [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"  \n\n ", "empty"),
    ("scan.txt", b"%PDF-1.4\n%\xe2\xe3", "PDF"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"),
    ("archive.txt", b"PK\x03\x04\x14\x00\x00", "zip"),
    ("binary.txt", bytes(range(256)) * 4, "binary"),
    ("bad.txt", b"\x00\x01\x02\x03\xfe\x80" * 50, "binary"),
    ("scripts.html", b"<html><script>var a=1;</script><style>p{}</style></html>", "no visible text"),
])
def test_bad_files_give_one_clear_error(tmp_path, name, data, message):
    p = tmp_path / name
    p.write_bytes(data)
    with pytest.raises(InputError, match=message):
        read_page(p)


def test_undecodable_bytes(tmp_path):
    p = tmp_path / "mojibake.txt"
    p.write_bytes(b"\x81\x30\x81" * 40)  # truncated GB18030 four-byte sequences
    with pytest.raises(InputError, match="UTF-8"):
        read_page(p)


def test_file_over_the_size_limit(tmp_path):
    p = tmp_path / "big.txt"
    p.write_bytes(TEXT.encode() * 100)
    with pytest.raises(InputError, match="limit"):
        read_page(p, max_bytes=1000)


def test_paths_are_expanded_sorted_recursive_and_globbed(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "a.html").write_text("<p>x</p>", encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    (tmp_path / "empty").mkdir()
    files, problems = expand_paths([tmp_path, str(tmp_path / "*.html"), tmp_path / "missing.txt",
                                    tmp_path / "empty", str(tmp_path / "*.none")])
    assert files == sorted([tmp_path / "a.html", tmp_path / "b" / "2.txt"])
    assert [Path(p.source).name for p in problems] == ["missing.txt", "empty", "*.none"]


def test_batch_goes_on_after_bad_files_and_cli_exit_codes(tmp_path, capsys):
    good = tmp_path / "in" / "good.txt"
    good.parent.mkdir()
    good.write_text(TEXT, encoding="utf-8")
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    (tmp_path / "in" / "scan.txt").write_bytes(b"%PDF-1.4")
    before = {p: p.read_bytes() for p in (tmp_path / "in").iterdir()}
    out = tmp_path / "out"
    assert main([str(tmp_path / "in"), "-o", str(out), "-q"]) == 1
    err = capsys.readouterr().err
    assert err.count("error:") == 2
    errors = [json.loads(x) for x in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(Path(e["source"]).name for e in errors) == ["empty.txt", "scan.txt"]
    docs = (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(docs) == 1 and json.loads(docs[0])["title"] == "学校工会工作总结"
    assert {p: p.read_bytes() for p in (tmp_path / "in").iterdir()} == before  # inputs untouched
    assert main([str(good), "-o", str(out), "-q"]) == 0
    assert main(["-o", str(out)]) == 2  # no input: usage error


def test_output_is_byte_identical_across_runs_and_texts_export(tmp_path, raw_pages):
    a, b = tmp_path / "a", tmp_path / "b"
    assert main([str(raw_pages[0].parent), "-o", str(a), "-q", "--texts"]) == 0
    assert main([str(raw_pages[0].parent), "-o", str(b), "-q", "--texts"]) == 0
    for name in ("documents.jsonl", "removed.jsonl", "errors.jsonl"):
        assert (a / name).read_bytes() == (b / name).read_bytes()
    texts = sorted((a / "texts").glob("*.txt"))
    assert len(texts) == len((a / "documents.jsonl").read_text(encoding="utf-8").splitlines())


def test_documents_jsonl_is_loaded_not_recleaned(cleaned):
    res = clean_files([cleaned / "documents.jsonl"], progress=False)
    assert len(res.documents) == 13
    assert res.documents[0].title == "小学年度工会工作总结范文"
    assert not res.errors
