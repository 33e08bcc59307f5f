"""Web archives and crawler feeds in: WARC files written by warcio's own writer from the
sample pages, and JSON Lines feeds shaped as Scrapy writes them."""

from __future__ import annotations

import gzip
import html
import json
from io import BytesIO
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

import unioncorpus as uc
from unioncorpus import archives
from unioncorpus.boilerplate.templates import learn_from_files
from unioncorpus.cli import main

HOSTS = ("http://www.union-a.edu.cn", "http://m.union-a.edu.cn", "https://b-school.cn",
         "http://www.union-a.edu.cn", "https://b-school.cn")


def page_html(path: Path, chrome: str | None = None) -> bytes:
    """A sample page as the HTML a site would serve: one paragraph per line."""
    lines = path.read_text(encoding="utf-8").splitlines()
    body = "".join(f"<p>{html.escape(ln)}</p>" for ln in lines)
    nav = f"<div>{html.escape(chrome)}</div>" if chrome else ""
    return (f"<html><head><meta charset=\"utf-8\"><title>t</title></head>"
            f"<body>{nav}{body}</body></html>").encode()


def _response(w: WARCWriter, uri: str, payload: bytes, *, ctype: str = "text/html; charset=utf-8",
              status: str = "200 OK", date: str = "2024-05-01T08:00:00Z", n: int = 0,
              extra: tuple = ()) -> None:
    headers = StatusAndHeaders(status, [("Content-Type", ctype), *extra], protocol="HTTP/1.1")
    # Fixed record ids and dates: the archive is the same bytes on every run.
    rec = w.create_warc_record(uri, "response", payload=BytesIO(payload), http_headers=headers,
                               warc_headers_dict={
                                   "WARC-Date": date,
                                   "WARC-Record-ID": f"<urn:uuid:00000000-0000-0000-0000-{n:012d}>"})
    w.write_record(rec)


def write_warc(path: Path, raw_pages: list[Path], *, gz: bool = True, extras: bool = True,
               chrome: dict[str, str] | None = None) -> Path:
    """The sample pages as a crawl: one HTML response each (two hosts, www./m. of one),
    plus, with ``extras``, a request, a redirect, an image and a 404, as a crawl holds."""
    with open(path, "wb") as f:
        w = WARCWriter(f, gzip=gz)
        n = 0
        for i, p in enumerate(raw_pages):
            host = HOSTS[i % len(HOSTS)]
            n += 1
            _response(w, f"{host}/news/{i}.html", page_html(p, (chrome or {}).get(host)),
                      date=f"2024-05-0{i + 1}T08:00:00Z", n=n)
            if extras and i == 1:
                req = w.create_warc_record(
                    f"{host}/news/{i}.html", "request", payload=BytesIO(b""),
                    http_headers=StatusAndHeaders("GET /news/1.html HTTP/1.1",
                                                  [("Host", "m.union-a.edu.cn")],
                                                  is_http_request=True),
                    warc_headers_dict={"WARC-Date": "2024-05-02T08:00:00Z",
                                       "WARC-Record-ID": "<urn:uuid:00000000-0000-0000-0001-"
                                                         "000000000000>"})
                w.write_record(req)
                _response(w, f"{host}/old.html", b"", status="301 Moved Permanently", n=900,
                          extra=(("Location", f"{host}/news/1.html"),))
                _response(w, f"{host}/logo.png", b"\x89PNG\r\n\x1a\n fake", ctype="image/png",
                          n=901)
                _response(w, f"{host}/gone.html", b"<html>not found</html>",
                          status="404 Not Found", n=902)
    return path


def record_offsets(path: Path) -> dict[str, int]:
    """URL → offset of its response record, as warcio itself reports them."""
    out = {}
    with open(path, "rb") as f:
        it = ArchiveIterator(f)
        for rec in it:
            if rec.rec_type == "response" and rec.http_headers.get_statuscode() == "200":
                if "html" in rec.http_headers.get_header("Content-Type"):
                    out[rec.rec_headers.get_header("WARC-Target-URI")] = it.get_record_offset()
    return out


@pytest.fixture()
def warc(tmp_path, raw_pages) -> Path:
    return write_warc(tmp_path / "crawl.warc.gz", raw_pages)


def test_every_html_response_is_a_page_with_url_fetched_and_site(warc, raw_pages):
    result = uc.clean_files([warc], progress=False)
    offsets = record_offsets(warc)
    assert len(offsets) == len(raw_pages)
    by_source = {}
    for d in result.documents:
        by_source.setdefault(d.source, []).append(d)
    assert sorted(by_source) == sorted(f"{warc}#{o}" for o in offsets.values())
    for url, offset in offsets.items():
        docs = by_source[f"{warc}#{offset}"]
        assert {d.url for d in docs} == {url}
        assert [d.doc_id for d in docs] == [f"crawl.warc.gz#{offset}#{i}"
                                            for i in range(len(docs))]
        i = int(url.rsplit("/", 1)[1].split(".")[0])
        assert {d.fetched for d in docs} == {f"2024-05-0{i + 1}T08:00:00Z"}
        # www. and m. are one site; the host, not the archive, decides the site
        assert {d.site for d in docs} == {"union-a.edu.cn" if "union-a" in url
                                          else "b-school.cn"}
    assert not result.errors


def test_archive_pages_clean_as_the_same_html_files_do(warc, raw_pages, tmp_path):
    folder = tmp_path / "files"
    folder.mkdir()
    for i, p in enumerate(raw_pages):
        (folder / f"{i}.html").write_bytes(page_html(p))
    from_files = uc.clean_files([folder], progress=False, site_templates=False)
    from_warc = uc.clean_files([warc], progress=False, site_templates=False)
    assert ([(d.title, d.text, d.school, d.year) for d in from_warc.documents]
            == [(d.title, d.text, d.school, d.year) for d in from_files.documents])
    assert [(r.line, r.text, r.rule) for r in from_warc.removed] == [
        (r.line, r.text, r.rule) for r in from_files.removed]


def test_records_that_are_no_pages_are_counted_by_reason(warc):
    result = uc.clean_files([warc], progress=False)
    counts = {s.reason: s.count for s in result.skipped}
    assert counts == {"http_error": 1, "not_html": 1, "redirect": 1, "request": 1}
    assert {s.source for s in result.skipped} == {str(warc)}
    corpus = uc.load([warc], progress=False)
    assert corpus.skipped.set_index("reason")["count"].to_dict() == counts


def test_cli_summary_reports_skipped_records(warc, tmp_path, capsys):
    assert main([str(warc), "-o", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert "skipped: 4 (1 http_error, 1 not_html, 1 redirect, 1 request)" in out


def test_truncated_archive_keeps_the_pages_before_the_cut(warc, tmp_path, capsys):
    offsets = sorted(record_offsets(warc).values())
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(warc.read_bytes()[:offsets[3] + 200])  # inside the fourth page's member
    result = uc.clean_files([cut], progress=False)
    assert sorted({d.source for d in result.documents}) == [f"{cut}#{o}" for o in offsets[:3]]
    [err] = result.errors
    assert err.source == f"{cut}#{offsets[3]}"
    assert f"byte {offsets[3]}" in err.message and "truncated" in err.message
    # the CLI: an error record, the batch goes on with the other archive, exit code 1
    assert main([str(cut), str(warc), "-o", str(tmp_path / "out"), "-q"]) == 1
    errors = [json.loads(ln) for ln in (tmp_path / "out" / "errors.jsonl").open()]
    assert [e["source"] for e in errors] == [f"{cut}#{offsets[3]}"]
    docs = [json.loads(ln) for ln in (tmp_path / "out" / "documents.jsonl").open()]
    assert {d["source"].split("#")[0] for d in docs} == {str(cut), str(warc)}


def test_a_malformed_record_is_an_error_and_the_records_after_it_are_read(tmp_path, raw_pages):
    plain = write_warc(tmp_path / "crawl.warc", raw_pages, gz=False)
    offsets = sorted(record_offsets(plain).values())
    data = bytearray(plain.read_bytes())
    assert data[offsets[1]:offsets[1] + 5] == b"WARC/"
    data[offsets[1]:offsets[1] + 5] = b"XXXX/"  # the second page's header is broken
    broken = tmp_path / "broken.warc"
    broken.write_bytes(bytes(data))
    result = uc.clean_files([broken], progress=False)
    pages = sorted({d.source for d in result.documents})
    assert pages == sorted(f"{broken}#{o}" for o in offsets if o != offsets[1])
    [err] = result.errors
    assert err.source == f"{broken}#{offsets[1]}" and "malformed" in err.message


def test_a_broken_gzip_member_is_an_error_and_the_rest_is_read(warc):
    offsets = sorted(record_offsets(warc).values())
    data = bytearray(warc.read_bytes())
    data[offsets[2] + 30:offsets[2] + 60] = bytes(30)  # inside the deflate stream
    broken = warc.with_name("broken.warc.gz")
    broken.write_bytes(bytes(data))
    result = uc.clean_files([broken], progress=False)
    assert sorted({d.source for d in result.documents}) == sorted(
        f"{broken}#{o}" for o in offsets if o != offsets[2])
    assert [e.source for e in result.errors] == [f"{broken}#{offsets[2]}"]


def test_a_record_that_expands_past_the_limit_is_an_error(tmp_path, raw_pages):
    path = tmp_path / "bomb.warc.gz"
    bomb = gzip.compress(b"<p>" + b"a" * 3_000_000 + b"</p>")  # 3 MB from a few KB
    with open(path, "wb") as f:
        w = WARCWriter(f, gzip=True)
        _response(w, "http://a.cn/1.html", page_html(raw_pages[0]), n=1)
        _response(w, "http://a.cn/bomb.html", bomb, n=2,
                  extra=(("Content-Encoding", "gzip"),))
        _response(w, "http://a.cn/2.html", page_html(raw_pages[1]), n=3)
    scan = archives.scan_warc(path, max_bytes=1_000_000)
    assert len(scan.members) == 2 and len(scan.errors) == 1
    offset, message = scan.errors[0]
    assert "expands past the 1,000,000 bytes limit" in message
    assert offset not in scan.members and scan.members[0] < offset < scan.members[1]


def test_one_gzip_stream_is_reported_with_what_to_do(tmp_path, raw_pages):
    plain = write_warc(tmp_path / "crawl.warc", raw_pages, gz=False, extras=False)
    whole = tmp_path / "whole.warc.gz"
    whole.write_bytes(gzip.compress(plain.read_bytes()))
    result = uc.clean_files([whole], progress=False)
    assert result.errors and "warcio recompress" in result.errors[0].message


def test_not_an_archive_is_an_error_and_the_batch_goes_on(tmp_path, warc):
    fake = tmp_path / "fake.warc"
    fake.write_text("这不是网页存档\n", encoding="utf-8")
    result = uc.clean_files([fake, warc], progress=False)
    assert [e.source for e in result.errors] == [str(fake)]
    assert "WARC" in result.errors[0].message
    assert result.documents


def test_reruns_are_byte_identical_whatever_the_workers(warc, tmp_path):
    outs = []
    for k, extra in enumerate(([], [], ["-j", "2"])):
        out = tmp_path / f"out{k}"
        assert main([str(warc), "-o", str(out), "-q", *extra]) == 0
        outs.append(out)
    for name in ("documents.jsonl", "removed.jsonl", "errors.jsonl"):
        first = (outs[0] / name).read_bytes()
        assert all((o / name).read_bytes() == first for o in outs[1:]), name


def test_cache_hits_keep_url_and_site(warc, tmp_path):
    cache = tmp_path / "cache"
    first = uc.clean_files([warc], progress=False, cache=cache)
    second = uc.clean_files([warc], progress=False, cache=cache)
    assert [d.to_dict() for d in second.documents] == [d.to_dict() for d in first.documents]
    assert all(d.url and d.site for d in second.documents)


def test_site_templates_are_learned_per_host_inside_one_archive(tmp_path, raw_pages):
    pages = raw_pages + raw_pages[:3]  # 8 pages: 4 on each site
    chrome = {"http://www.union-a.edu.cn": "甲校工会首页 | 新闻中心 | 联系我们",
              "http://m.union-a.edu.cn": "甲校工会首页 | 新闻中心 | 联系我们",
              "https://b-school.cn": "乙校教育网 | 首页 | 工会之窗"}
    path = tmp_path / "two-sites.warc.gz"
    with open(path, "wb") as f:
        w = WARCWriter(f, gzip=True)
        for i, p in enumerate(pages):
            host = ("http://www.union-a.edu.cn", "https://b-school.cn")[i % 2]
            _response(w, f"{host}/{i}.html", page_html(p, chrome[host]), n=i)
    result = uc.clean_files([path], progress=False)
    removed = {(r.text, r.rule) for r in result.removed}
    assert (chrome["https://b-school.cn"], "site_template") in removed
    assert (chrome["http://www.union-a.edu.cn"], "site_template") in removed
    sources = sorted({d.source for d in result.documents}, key=lambda s: int(s.rsplit("#")[1]))
    learned = learn_from_files(sources)
    a_keys, b_keys = learned[sources[0]], learned[sources[1]]
    assert a_keys != b_keys and "乙校教育网|首页|工会之窗" in b_keys


# --- crawler feeds ----------------------------------------------------------------------------


def write_feed(path: Path, raw_pages: list[Path], *, url: str = "url", page: str = "html",
               bad: bool = False) -> Path:
    with open(path, "w", encoding="utf-8") as f:
        for i, p in enumerate(raw_pages):
            rec = {url: f"https://www.site{i % 2}.cn/a/{i}.html",
                   page: page_html(p).decode(), "fetched": f"2024-06-0{i + 1}T00:00:00Z"}
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
        if bad:
            f.write('{"url": "https://x.cn/empty"}\n')
            f.write("not json at all\n")
            f.write("\n")
    return path


def test_a_feed_with_default_fields_is_read_record_by_record(tmp_path, raw_pages):
    feed = write_feed(tmp_path / "items.jsonl", raw_pages, bad=True)
    result = uc.clean_files([feed], progress=False)
    sources = sorted({d.source for d in result.documents}, key=lambda s: int(s.rsplit("#")[1]))
    assert sources == [f"{feed}#{n}" for n in range(1, len(raw_pages) + 1)]
    first = [d for d in result.documents if d.source == f"{feed}#1"]
    assert first[0].doc_id == "items.jsonl#1#0"
    assert first[0].url == "https://www.site0.cn/a/0.html" and first[0].site == "site0.cn"
    assert first[0].fetched == "2024-06-01T00:00:00Z"
    bad_lines = len(raw_pages) + 1, len(raw_pages) + 2
    assert [e.source for e in result.errors] == [f"{feed}#{n}" for n in bad_lines]
    assert "no page text" in result.errors[0].message
    assert "not JSON" in result.errors[1].message


def test_feed_field_names_are_given_once(tmp_path, raw_pages):
    feed = write_feed(tmp_path / "items.jl", raw_pages, url="address", page="body")
    named = uc.clean_files([feed], progress=False,
                           jsonl_fields={"url": "address", "html": "body"})
    assert named.documents and not named.errors
    assert named.documents[0].url == "https://www.site0.cn/a/0.html"
    # body is among the defaults too, address is not: the pages are read, without their URL
    default = uc.clean_files([feed], progress=False)
    assert [d.text for d in default.documents] == [d.text for d in named.documents]
    assert default.documents[0].url is None
    assert default.documents[0].site == Path(feed).parent.as_posix()
    # and from the command line
    out = tmp_path / "out"
    assert main([str(feed), "-o", str(out), "-q", "--jsonl-fields", "url=address,html=body"]) == 0
    doc = json.loads((out / "documents.jsonl").open().readline())
    assert doc["url"] == "https://www.site0.cn/a/0.html" and doc["site"] == "site0.cn"


@pytest.mark.parametrize("spec", ["url", "page=body", "url=,html=body"])
def test_bad_jsonl_fields_are_usage_errors(tmp_path, raw_pages, spec, capsys):
    feed = write_feed(tmp_path / "items.jsonl", raw_pages)
    assert main([str(feed), "-o", str(tmp_path / "out"), "--jsonl-fields", spec]) == 2
    assert "--jsonl-fields" in capsys.readouterr().err
    with pytest.raises(uc.InputError, match="jsonl_fields"):
        uc.clean_files([feed], jsonl_fields={"page": "body"})


def test_feed_and_documents_jsonl_are_told_apart_by_their_records(tmp_path, raw_pages,
                                                                    cleaned):
    (tmp_path / "in").mkdir()
    feed = write_feed(tmp_path / "in" / "items.jsonl", raw_pages)
    earlier = tmp_path / "in" / "run"
    earlier.mkdir()
    for name in ("documents.jsonl", "removed.jsonl"):
        (earlier / name).write_bytes((cleaned / name).read_bytes())
    result = uc.clean_files([tmp_path / "in"], progress=False)
    from_feed = [d for d in result.documents if d.source.startswith(str(feed))]
    from_run = [d for d in result.documents if not d.source.startswith(str(feed))]
    n_run = sum(1 for _ in (cleaned / "documents.jsonl").open())
    assert len(from_run) == n_run and from_feed
    assert all(d.url for d in from_feed)
    assert archives.is_feed(feed) and not archives.is_feed(earlier / "documents.jsonl")


def test_old_documents_jsonl_without_site_still_loads(tmp_path, cleaned):
    old = tmp_path / "old"
    old.mkdir()
    with open(old / "documents.jsonl", "w", encoding="utf-8") as f:
        for line in (cleaned / "documents.jsonl").open(encoding="utf-8"):
            rec = json.loads(line)
            for key in ("site", "url", "fetched"):
                rec.pop(key)
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    corpus = uc.load(old / "documents.jsonl", progress=False)
    sources = corpus.documents["source"]
    assert (corpus.documents["site"] == sources.map(lambda s: Path(s).parent.as_posix())).all()
    assert corpus.documents["url"].isna().all()


def test_site_of_page_files_is_their_folder_or_canonical_host(tmp_path, raw_pages):
    (tmp_path / "scraped" / "siteA").mkdir(parents=True)
    txt = tmp_path / "scraped" / "siteA" / "p.txt"
    txt.write_bytes(raw_pages[0].read_bytes())
    page = tmp_path / "scraped" / "siteA" / "q.html"
    page.write_bytes(page_html(raw_pages[1]).replace(
        b"<title>", b'<link rel="canonical" href="https://www.host.edu.cn/q.html"><title>'))
    corpus = uc.load(tmp_path / "scraped", progress=False)
    sites = dict(zip(corpus.documents["source"], corpus.documents["site"], strict=True))
    assert sites[str(txt)] == (tmp_path / "scraped" / "siteA").as_posix()
    assert sites[str(page)] == "host.edu.cn"
    assert set(uc.term_frequencies(corpus, by="site")["site"]) == {
        "host.edu.cn", (tmp_path / "scraped" / "siteA").as_posix()}
    text = ("学校工会工作总结\n本学期，我校工会在党支部领导下，积极开展送温暖活动，"
            "慰问困难教职工二十余人次，组织教职工开展乒乓球比赛。")
    assert uc.clean_text(text)[0].site is None
    assert uc.clean_text(text, source="scraped/siteB/p.txt")[0].site == "scraped/siteB"


def test_count_terms_reads_archives_too(warc, raw_pages, tmp_path):
    folder = tmp_path / "files"
    folder.mkdir()
    for i, p in enumerate(raw_pages):
        (folder / f"{i}.html").write_bytes(page_html(p))
    from_warc = uc.count_terms([warc], progress=False)
    assert from_warc.n_docs == len(uc.clean_files([warc], progress=False).documents)
    assert not from_warc.errors and from_warc.table["count"].sum() > 0
    feed = write_feed(tmp_path / "items.jl", raw_pages, url="address", page="body")
    from_feed = uc.count_terms([feed], progress=False, jobs=2,
                               jsonl_fields={"url": "address", "html": "body"})
    assert from_feed.table.equals(from_warc.table) and not from_feed.errors
    cached = uc.count_terms([warc], progress=False, cache=tmp_path / "cache")
    again = uc.count_terms([warc], progress=False, cache=tmp_path / "cache")
    pd_equal = cached.table.equals(again.table) and cached.table.equals(from_warc.table)
    assert pd_equal


def test_wacz_is_read_through_the_warcs_inside(warc, tmp_path):
    import zipfile

    wacz = tmp_path / "crawl.wacz"
    with zipfile.ZipFile(wacz, "w", zipfile.ZIP_STORED) as z:
        z.writestr("datapackage.json", "{}")
        z.write(warc, "archive/data.warc.gz")
    from_warc = uc.clean_files([warc], progress=False)
    from_wacz = uc.clean_files([tmp_path], progress=False)  # found in a folder too
    inside = [d for d in from_wacz.documents if d.source.startswith(str(wacz))]
    assert [d.text for d in inside] == [d.text for d in from_warc.documents]
    offsets = [d.source.rsplit("#", 1)[1] for d in from_warc.documents]
    assert [d.source for d in inside] == [f"{wacz}#archive/data.warc.gz#{o}" for o in offsets]
    assert [d.url for d in inside] == [d.url for d in from_warc.documents]
    empty = tmp_path / "empty" / "x.wacz"
    empty.parent.mkdir()
    with zipfile.ZipFile(empty, "w") as z:
        z.writestr("datapackage.json", "{}")
    result = uc.clean_files([empty, warc], progress=False)
    assert [e.source for e in result.errors] == [str(empty)]
    assert "no WARC" in result.errors[0].message


def test_feed_values_as_scrapy_writes_them(tmp_path, raw_pages):
    """Scrapy items often hold lists (a selector's getall()) and numeric timestamps."""
    feed = tmp_path / "items.jl"
    lines = raw_pages[0].read_text(encoding="utf-8").splitlines()
    feed.write_text(json.dumps({"link": ["https://www.a.cn/1.html"], "text": lines,
                                "timestamp": 1717200000}, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    [doc, *_] = uc.clean_files([feed], progress=False).documents
    assert doc.url == "https://www.a.cn/1.html" and doc.fetched == "1717200000"
    plain = uc.clean_files([raw_pages[0]], progress=False).documents[0]
    assert (doc.title, doc.text) == (plain.title, plain.text)


def test_http_charset_decides_and_a_lying_one_falls_through(tmp_path, raw_pages):
    """Chinese sites serve GBK; the HTTP header names it, or names UTF-8 wrongly."""
    body = page_html(raw_pages[0]).decode().replace('<meta charset="utf-8">', "")
    path = tmp_path / "gbk.warc.gz"
    with open(path, "wb") as f:
        w = WARCWriter(f, gzip=True)
        _response(w, "http://a.cn/1.html", body.encode("gb18030"),
                  ctype="text/html; charset=GBK", n=1)
        _response(w, "http://a.cn/2.html", body.encode("gb18030"),
                  ctype="text/html; charset=utf-8", n=2)
        _response(w, "http://a.cn/3.txt", raw_pages[1].read_bytes(), ctype="text/plain", n=3)
        rec = w.create_warc_record("http://a.cn/4.html", "resource",
                                   payload=BytesIO(page_html(raw_pages[2])),
                                   warc_content_type="text/html",
                                   warc_headers_dict={"WARC-Date": "2024-05-01T08:00:00Z"})
        w.write_record(rec)
    # (Without site templates: two copies of one page among four would make its title chrome.)
    result = uc.clean_files([path], progress=False, site_templates=False)
    html_file = tmp_path / "page.html"
    html_file.write_bytes(page_html(raw_pages[0]))
    plain = uc.clean_files([html_file], progress=False).documents[0]
    by_url: dict[str, list] = {}
    for d in result.documents:
        by_url.setdefault(d.url, []).append(d)
    assert set(by_url) == {f"http://a.cn/{n}" for n in ("1.html", "2.html", "3.txt", "4.html")}
    for url in ("http://a.cn/1.html", "http://a.cn/2.html"):
        assert (by_url[url][0].title, by_url[url][0].text) == (plain.title, plain.text)
        assert by_url[url][0].encoding == "gb18030"
    assert not result.errors


def test_a_pipe_named_as_an_archive_is_an_error(tmp_path, warc):
    import os

    for name in ("pipe.warc.gz", "pipe.wacz", "pipe.jsonl"):
        os.mkfifo(tmp_path / name)
    result = uc.clean_files([tmp_path], progress=False)  # must not hang
    assert sorted(Path(e.source).name for e in result.errors) == [
        "pipe.jsonl", "pipe.wacz", "pipe.warc.gz"]
    assert all("not a regular file" in e.message for e in result.errors)
    assert result.documents  # the real archive beside them


def test_a_large_record_that_is_no_page_is_stepped_over_unexpanded(tmp_path, raw_pages):
    path = tmp_path / "video.warc.gz"
    with open(path, "wb") as f:
        w = WARCWriter(f, gzip=True)
        _response(w, "http://a.cn/1.html", page_html(raw_pages[0]), n=1)
        _response(w, "http://a.cn/v.mp4", bytes(3_000_000), ctype="video/mp4", n=2)
        _response(w, "http://a.cn/2.html", page_html(raw_pages[1]), n=3)
    small = archives.scan_warc(path, max_bytes=1_000_000)
    full = archives.scan_warc(path)
    assert small.members == full.members and len(small.members) == 2
    assert small.skipped == full.skipped == {"not_html": 1} and not small.errors


def test_archives_of_one_name_in_two_folders_get_distinct_page_names(tmp_path, raw_pages):
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        write_warc(tmp_path / name / "crawl.warc.gz", raw_pages[:2], extras=False)
    result = uc.clean_files([tmp_path / "a" / "crawl.warc.gz", tmp_path / "b" / "crawl.warc.gz"],
                            progress=False)
    ids = [d.doc_id for d in result.documents]
    assert len(ids) == len(set(ids)) and not result.errors
    assert {i.split("/")[0] for i in ids} == {"a", "b"}
