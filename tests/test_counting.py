"""Streaming term counts: the same numbers as counting the Corpus tokens, in any run mode."""

from __future__ import annotations

from collections import Counter

import pytest

import unioncorpus as uc
from unioncorpus.counting import count_terms


@pytest.fixture(scope="module")
def serial(raw_pages):
    return count_terms(raw_pages[0].parent, progress=False)


def test_counts_equal_corpus_tokens(raw_pages, serial):
    corpus = uc.load(raw_pages[0].parent, progress=False)
    expected = Counter(t for toks in corpus.tokens() for t in toks)
    got = dict(zip(serial.table["term"], serial.table["count"], strict=True))
    assert got == dict(expected)
    assert serial.n_docs == len(corpus.documents) == 13
    assert serial.table["doc_freq"].max() <= serial.n_docs
    assert serial.table.iloc[0]["count"] >= serial.table.iloc[-1]["count"]
    assert "的" not in got and "xx" not in got and "***" not in got


def test_workers_and_cache_give_the_same_table(tmp_path, raw_pages, serial):
    parallel = count_terms(raw_pages[0].parent, jobs=2, progress=False)
    assert parallel.table.equals(serial.table)
    cold = count_terms(raw_pages[0].parent, cache=tmp_path, progress=False)
    warm = count_terms(raw_pages[0].parent, cache=tmp_path, progress=False)
    assert cold.table.equals(serial.table) and warm.table.equals(serial.table)
    assert len(list((tmp_path / "counts").rglob("*.json"))) == len(raw_pages)


def test_segment_options_change_counts_and_cache_keys(tmp_path, raw_pages, serial):
    no_formula = count_terms(raw_pages[0].parent, cache=tmp_path, progress=False)
    formula = count_terms(raw_pages[0].parent, cache=tmp_path, formula_words=True,
                          progress=False)
    assert "积极" in set(no_formula.table["term"]) and "积极" not in set(formula.table["term"])
    assert len(list((tmp_path / "counts").rglob("*.json"))) == 2 * len(raw_pages)


def test_a_changed_page_is_recounted_and_the_rest_reused(tmp_path, raw_pages):
    import shutil

    folder = tmp_path / "pages"
    shutil.copytree(raw_pages[0].parent, folder)
    cache = tmp_path / "cache"
    count_terms(folder, cache=cache, progress=False)
    assert len(list((cache / "runs").glob("*.json"))) == 1
    page = folder / raw_pages[1].name
    page.write_text(page.read_text(encoding="utf-8") + "\n工会组织教职工开展拔河比赛，拔河比赛气氛热烈。\n",
                    encoding="utf-8")
    rerun = count_terms(folder, cache=cache, progress=False)
    fresh = count_terms(folder, progress=False)
    assert rerun.table.equals(fresh.table)
    assert len(list((cache / "counts").rglob("*.json"))) == len(raw_pages) + 1
    assert len(list((cache / "runs").glob("*.json"))) == 2


def test_workers_with_a_cache_and_a_bad_page(tmp_path, raw_pages, serial):
    """Pool workers sum batches of pages; with a cache each page still gets its own entry,
    and a bad page is one error, in either mode."""
    import shutil

    folder = tmp_path / "pages"
    shutil.copytree(raw_pages[0].parent, folder)
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02binary\xff\xfe" * 50)
    cache = tmp_path / "cache"
    one = count_terms(folder, progress=False)
    cold = count_terms(folder, jobs=2, cache=cache, progress=False)
    warm = count_terms(folder, jobs=2, cache=cache, progress=False)
    for run in (one, cold, warm):
        assert run.table.equals(serial.table)
        assert run.n_docs == serial.n_docs and run.n_han == serial.n_han
        assert [e.source for e in run.errors] == [str(folder / "broken.txt")]
    assert len(list((cache / "counts").rglob("*.json"))) == len(raw_pages)


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="no named pipes here")
def test_cached_count_over_a_named_pipe_reports_it_and_finishes(tmp_path, raw_pages, serial):
    """Hashing the pages for the cache must not open a pipe for reading: that waits for a
    writer, forever. The pipe is reported like any file that is not a page."""
    import os
    import shutil
    import threading

    folder = tmp_path / "pages"
    folder.mkdir()
    for p in raw_pages:
        shutil.copy(p, folder / p.name)
    os.mkfifo(folder / "pipe.txt")
    out = {}
    t = threading.Thread(target=lambda: out.setdefault("tc", count_terms(
        folder, cache=tmp_path / "cache", progress=False)), daemon=True)
    t.start()
    t.join(timeout=60)
    assert "tc" in out, "count_terms blocked on a named pipe"
    tc = out["tc"]
    assert [e.source for e in tc.errors] == [str(folder / "pipe.txt")]
    assert "not a regular file" in tc.errors[0].message
    assert tc.table["count"].sum() == serial.table["count"].sum()


def test_cached_count_over_a_name_that_is_not_utf8(tmp_path, raw_pages):
    """The run's cache entry is named after the file names: one in GBK bytes must not stop
    the run, and the rerun finds the entry."""
    import os

    folder = tmp_path / "pages"
    folder.mkdir()
    try:
        name = folder / os.fsdecode("城东小学".encode("gbk") + b".txt")
        name.write_bytes(raw_pages[1].read_bytes())
    except (OSError, UnicodeError):
        pytest.skip("the file system takes UTF-8 names only")
    cache = tmp_path / "cache"
    first = count_terms(folder, cache=cache, progress=False)
    assert first.n_docs > 0 and not first.errors
    assert len(list((cache / "runs").glob("*.json"))) == 1
    again = count_terms(folder, cache=cache, progress=False)
    assert again.table.equals(first.table)
