"""Numbers a reviewer can trust (issue 14): unique and stable doc ids, no document loaded
twice, the audit trail loaded with earlier output, usage errors that stop a run before any
page is read. Pages are invented, or the bundled sample pages."""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import warnings
from pathlib import Path

import pytest

import unioncorpus as uc
from unioncorpus.cli import main
from unioncorpus.errors import InputError
from unioncorpus.pipeline import clean_files, iter_clean_files

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"


def page(title: str, school: str) -> str:
    return (f"{title}\n本学期，{school}工会在党支部领导下，积极开展送温暖活动，慰问困难教职工"
            "二十余人次，组织教职工开展乒乓球比赛和拔河比赛，丰富了教职工的业余生活。\n")


@pytest.fixture
def two_sites(tmp_path: Path) -> Path:
    """Two sites of a scrape, each with a page1.txt (and an index.html) of its own."""
    root = tmp_path / "scraped"
    for site, school in (("siteA", "城南小学"), ("siteB", "城北小学")):
        (root / site).mkdir(parents=True)
        (root / site / "page1.txt").write_text(page(f"{school}工会工作总结", school),
                                               encoding="utf-8")
        (root / site / "index.html").write_text(
            f"<html><body><h1>{school}工会工作计划</h1><p>{page('', school).strip()}</p>"
            "</body></html>", encoding="utf-8")
    return root


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


# --- 1. unique, stable doc ids --------------------------------------------------------------

def test_same_file_name_on_two_sites_gives_two_ids(two_sites):
    corpus = uc.load(two_sites, progress=False)
    ids = corpus.documents["doc_id"].tolist()
    assert ids == ["siteA/index#0", "siteA/page1#0", "siteB/index#0", "siteB/page1#0"]
    assert corpus.documents.set_index("doc_id").loc["siteB/page1#0", "school"] == "城北小学"
    # What failed with duplicate ids: reuse and comparison see four documents.
    reuse = uc.find_reuse(corpus)
    assert set(reuse.documents["doc_id"]) == set(ids)


def test_texts_export_keeps_both_pages(two_sites, tmp_path):
    out = tmp_path / "out"
    assert main([str(two_sites), "-o", str(out), "-q", "--texts"]) == 0
    texts = sorted(p.relative_to(out / "texts").as_posix() for p in (out / "texts").rglob("*.txt"))
    assert texts == ["siteA/index-0.txt", "siteA/page1-0.txt", "siteB/index-0.txt",
                     "siteB/page1-0.txt"]
    assert (out / "texts" / "siteB" / "page1-0.txt").read_text(encoding="utf-8").startswith(
        "城北小学工会工作总结")


def test_files_named_directly_with_one_name_get_their_folders(two_sites):
    a, b = two_sites / "siteA" / "page1.txt", two_sites / "siteB" / "page1.txt"
    res = clean_files([a, b], progress=False)
    assert [d.doc_id for d in res.documents] == ["siteA/page1#0", "siteB/page1#0"]
    # One file alone is named from its own folder, as before.
    assert clean_files([a], progress=False).documents[0].doc_id == "page1#0"


@pytest.mark.parametrize("files, names", [
    # Beside each other, one stem: the suffix stays where it tells them apart.
    ([("s/p.txt", "s"), ("s/p.html", "s"), ("s/q.txt", "s")],
     {"s/p.txt": "p.txt", "s/p.html": "p.html", "s/q.txt": "q"}),
    # Two named files, folders alike one level up: grown until they differ.
    ([("x/a/y/p.txt", "x/a/y"), ("x/b/y/p.txt", "x/b/y")],
     {"x/a/y/p.txt": "a/y/p", "x/b/y/p.txt": "b/y/p"}),
    # Dots that are not a page suffix stay.
    ([("s/v1.2方案.txt", "s")], {"s/v1.2方案.txt": "v1.2方案"}),
])
def test_page_names_are_unique(files, names):
    from unioncorpus.ids import page_names

    assert page_names(files) == names


def test_ids_do_not_depend_on_the_working_directory(two_sites, monkeypatch):
    monkeypatch.chdir(two_sites.parent)
    here = [d.doc_id for d in clean_files(["scraped"], progress=False).documents]
    monkeypatch.chdir(two_sites / "siteA")
    there = [d.doc_id for d in clean_files([os.path.join("..", "..", "scraped")],
                                           progress=False).documents]
    absolute = [d.doc_id for d in clean_files([two_sites], progress=False).documents]
    assert here == there == absolute


def test_a_page_named_again_inside_its_folder_is_cleaned_once(two_sites):
    res = clean_files([two_sites / "siteA" / "page1.txt", two_sites], progress=False)
    assert [d.doc_id for d in res.documents].count("siteA/page1#0") == 1
    assert len(res.documents) == 4


def test_reruns_are_byte_identical(two_sites, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    assert main([str(two_sites), "-o", str(a), "-q"]) == 0
    assert main([str(two_sites), "-o", str(b), "-q", "-j", "2"]) == 0
    for name in ("documents.jsonl", "removed.jsonl", "errors.jsonl"):
        assert (a / name).read_bytes() == (b / name).read_bytes()


def test_cache_hits_keep_the_batch_ids(two_sites, tmp_path):
    first = clean_files([two_sites], cache=tmp_path / "cache", progress=False)
    again = clean_files([two_sites], cache=tmp_path / "cache", progress=False)
    ids = [d.doc_id for d in first.documents]
    assert ids == [d.doc_id for d in again.documents]
    assert "siteB/page1#0" in ids


def test_cache_and_pipeline_share_one_id_maker_without_a_cycle():
    """cache.py imported pipeline.py's private _doc_id while pipeline.py imports cache.py."""
    tree = ast.parse((ROOT / "unioncorpus" / "cache.py").read_text(encoding="utf-8"))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert "pipeline" not in imported and "ids" in imported


# --- 2. no silent duplicates; the audit trail comes along ----------------------------------

def test_documents_jsonl_with_its_pages_gives_each_document_once(cleaned):
    from unioncorpus.errors import DuplicateWarning

    with pytest.warns(DuplicateWarning, match="13 documents of 5 pages were loaded twice"):
        corpus = uc.load([RAW, cleaned / "documents.jsonl"], progress=False)
    assert len(corpus.documents) == 13 and corpus.documents["doc_id"].is_unique


def test_cli_drops_the_second_copy_with_a_warning(cleaned, tmp_path, capsys):
    out = tmp_path / "out"
    assert main([str(RAW), str(cleaned / "documents.jsonl"), "-o", str(out), "-q"]) == 0
    err = capsys.readouterr().err
    assert err.count("warning:") == 1 and "loaded twice" in err
    assert (out / "documents.jsonl").read_bytes() == (cleaned / "documents.jsonl").read_bytes()
    assert (out / "removed.jsonl").read_bytes() == (cleaned / "removed.jsonl").read_bytes()


def test_removed_jsonl_beside_documents_jsonl_is_loaded(cleaned):
    corpus = uc.load(cleaned / "documents.jsonl", progress=False)
    removed = _jsonl(cleaned / "removed.jsonl")
    assert len(removed) > 0 and len(corpus.removed) == len(removed)
    assert corpus.removed["rule"].tolist() == [r["rule"] for r in removed]


def test_an_output_folder_loads_as_its_documents_and_audit_trail(cleaned):
    corpus = uc.load(cleaned, progress=False)
    assert len(corpus.documents) == 13 and corpus.errors.empty
    assert len(corpus.removed) == len(_jsonl(cleaned / "removed.jsonl"))


def test_reloading_output_writes_the_same_output(cleaned, tmp_path):
    out = tmp_path / "again"
    assert main([str(cleaned / "documents.jsonl"), "-o", str(out), "-q"]) == 0
    for name in ("documents.jsonl", "removed.jsonl"):
        assert (out / name).read_bytes() == (cleaned / name).read_bytes()


def test_one_file_concatenated_twice_is_loaded_once(cleaned, tmp_path):
    from unioncorpus.errors import DuplicateWarning

    (tmp_path / "run").mkdir()
    twice = (cleaned / "documents.jsonl").read_text(encoding="utf-8") * 2
    (tmp_path / "run" / "documents.jsonl").write_text(twice, encoding="utf-8")
    with pytest.warns(DuplicateWarning):
        res = clean_files([tmp_path / "run" / "documents.jsonl"], progress=False)
    assert len(res.documents) == 13


def test_two_pages_under_one_id_are_an_error_not_a_merge(tmp_path):
    """Two corpora cleaned apart, each with a page1.txt: the same ids for different pages.
    The second is left out with an error record saying what to do, never mixed in."""
    from unioncorpus.errors import DuplicateWarning

    for corpus, school in (("a", "城南小学"), ("b", "城北小学")):
        (tmp_path / corpus).mkdir()
        (tmp_path / corpus / "page1.txt").write_text(page(f"{school}工会工作总结", school),
                                                     encoding="utf-8")
        assert main([str(tmp_path / corpus / "page1.txt"), "-o",
                     str(tmp_path / corpus / "out"), "-q"]) == 0
    with warnings.catch_warnings():
        warnings.simplefilter("error", DuplicateWarning)  # not the same page: no warning
        res = clean_files([tmp_path / "a" / "out", tmp_path / "b" / "out"], progress=False)
    assert [d.school for d in res.documents] == ["城南小学"]
    assert len(res.errors) == 1 and "clean the pages again in one run" in res.errors[0].message


# --- 3. errors that stop a run ------------------------------------------------------------

def test_cli_missing_rules_file_is_a_usage_error(tmp_path, capsys):
    out = tmp_path / "out"
    assert main([str(RAW), "-o", str(out), "-q", "--rules", str(tmp_path / "missing.tsv")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: rules=")
    assert "does not exist" in err and "Traceback" not in err
    assert not out.exists()


@pytest.mark.parametrize("option, value, match", [
    ("rules", "missing.tsv", "rules='missing.tsv' does not exist"),
    ("themes", "missing.tsv", "theme lexicon 'missing.tsv' not found"),
    ("line_model", "missing.json", "line_model='missing.json' does not exist"),
    ("engine", "threads", "engine='threads'"),
    ("jobs", 0, "jobs=0"),
])
def test_a_bad_option_raises_before_any_page_is_read(option, value, match, monkeypatch):
    from unioncorpus import pipeline

    def no_reading(*a, **k):
        raise AssertionError("a page was read")

    monkeypatch.setattr(pipeline, "read_page", no_reading)
    monkeypatch.setattr(pipeline, "read_bytes", no_reading)
    with pytest.raises(InputError, match=re.escape(match)):
        iter_clean_files([RAW], progress=False, **{option: value})
    with pytest.raises(InputError, match=re.escape(match)):
        uc.load(RAW, progress=False, **{option: value})


def test_clean_text_with_a_missing_rules_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match=r"missing\.tsv"):  # was a raw FileNotFoundError
        uc.clean_text(page("城南小学工会工作总结", "城南小学"), rules=tmp_path / "missing.tsv")


def test_a_missing_input_path_raises(tmp_path, capsys):
    with pytest.raises(InputError, match="nope"):
        uc.load("nope/", progress=False)
    with pytest.raises(InputError, match="nope"):  # beside good inputs too
        uc.load([RAW, tmp_path / "nope"], progress=False)
    with pytest.raises(InputError, match="pattern matches no files"):
        uc.load(str(tmp_path / "nothing-*.txt"), progress=False)
    out = tmp_path / "out"
    assert main([str(RAW), "-o", str(out), "-q"]) == 0
    before = (out / "documents.jsonl").read_bytes()
    capsys.readouterr()
    assert main([str(RAW), str(tmp_path / "nope"), "-o", str(out), "-q"]) == 2
    err = capsys.readouterr().err
    assert err.count("error:") == 1 and "no such file or folder" in err
    assert (out / "documents.jsonl").read_bytes() == before  # the earlier output stays


def test_a_bad_page_in_a_good_batch_stays_an_error_record(tmp_path):
    shutil.copytree(RAW, tmp_path / "in")
    (tmp_path / "in" / "scan.txt").write_bytes(b"%PDF-1.4")
    res = clean_files([tmp_path / "in"], progress=False)
    assert len(res.documents) == 13 and [Path(e.source).name for e in res.errors] == ["scan.txt"]


def test_count_terms_checks_its_inputs_and_options(tmp_path):
    with pytest.raises(InputError, match="nope"):
        uc.count_terms("nope/", progress=False)
    with pytest.raises(InputError, match="user_dict"):
        uc.count_terms(RAW, progress=False, user_dict=str(tmp_path / "missing.txt"))
    blocked = tmp_path / "cache"
    blocked.write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="cache folder"):
        uc.count_terms(RAW, progress=False, cache=blocked)


def test_segmenter_override_files_must_exist(tmp_path):
    for option in ("user_dict", "stopwords", "extra_stopwords"):
        with pytest.raises(InputError, match=option):
            uc.Segmenter(**{option: str(tmp_path / "missing.txt")})


# --- 4. half-width punctuation inside Chinese text ---------------------------------------

def test_no_half_width_punctuation_after_chinese_text_on_the_sample_pages(cleaned):
    docs = _jsonl(cleaned / "documents.jsonl")
    text = "\n".join(d["text"] for d in docs)
    assert not re.findall(r"[\u4e00-\u9fff“”》）][,;:!?]", text)
    for expected in ("报名，10名", "方案》；12月", "建言献策，2. 参与"):
        assert expected in text


def test_load_names_every_option_it_passes_on():
    import inspect

    from unioncorpus.pipeline import clean_files

    ours = inspect.signature(uc.load).parameters
    theirs = [p for p in inspect.signature(clean_files).parameters if p != "paths"]
    assert [p for p in theirs if p not in ours] == []
    doc = uc.load.__doc__
    assert [p for p in theirs if p not in doc and p not in ("scheduler",)] == []
