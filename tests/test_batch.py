"""Parallel, Dask and cached runs give output identical to the serial run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from unioncorpus.cli import main
from unioncorpus.output import document_record
from unioncorpus.pipeline import clean_files


def _records(result) -> list[str]:
    docs = [json.dumps(document_record(d), ensure_ascii=False) for d in result.documents]
    rem = [json.dumps(r.to_dict(), ensure_ascii=False) for r in result.removed]
    return docs + rem + [json.dumps(e.to_dict()) for e in result.errors]


@pytest.fixture(scope="module")
def serial(raw_pages):
    return _records(clean_files(raw_pages[0].parent, progress=False))


def test_two_workers_identical_to_serial(raw_pages, serial):
    assert _records(clean_files(raw_pages[0].parent, jobs=2, progress=False)) == serial


def test_cache_hits_give_identical_output_and_follow_the_inputs(tmp_path, raw_pages, serial):
    cache = tmp_path / "cache"
    first = _records(clean_files(raw_pages[0].parent, cache=cache, progress=False))
    entries = sorted(cache.rglob("*.json"))
    assert first == serial and len(entries) == len(raw_pages)
    stamps = [p.stat().st_mtime_ns for p in entries]
    second = _records(clean_files(raw_pages[0].parent, cache=cache, progress=False))
    assert second == serial
    assert [p.stat().st_mtime_ns for p in entries] == stamps  # read, not rewritten
    # the same page under another name is a hit, with its own source and doc_id
    copy = tmp_path / "renamed.txt"
    copy.write_bytes(raw_pages[1].read_bytes())
    res = clean_files([copy], cache=cache, progress=False)
    assert len(sorted(cache.rglob("*.json"))) == len(raw_pages)
    assert [d.source for d in res.documents] == [str(copy)]
    assert res.documents[0].doc_id == "renamed#0"


def test_damaged_cache_entry_is_recomputed(tmp_path, raw_pages, serial):
    cache = tmp_path / "cache"
    clean_files(raw_pages[0].parent, cache=cache, progress=False)
    for p in cache.rglob("*.json"):
        p.write_text("{not json", encoding="utf-8")
    assert _records(clean_files(raw_pages[0].parent, cache=cache, progress=False)) == serial


def test_other_rules_file_does_not_reuse_entries(tmp_path, raw_pages):
    from unioncorpus.resources import package_lexicon

    cache = tmp_path / "cache"
    clean_files([raw_pages[4]], cache=cache, progress=False)
    rules = tmp_path / "rules.tsv"
    kept = [line for line in package_lexicon("boilerplate.tsv").read_text(encoding="utf-8")
            .splitlines() if not line.startswith("legal.disclaimer")]
    rules.write_text("\n".join(kept), encoding="utf-8")
    res = clean_files([raw_pages[4]], cache=cache, rules=rules, progress=False)
    assert "免责声明" in res.documents[-1].text  # the custom rules ran, not the cached entry
    assert len(list(cache.rglob("*.json"))) == 2


def test_bad_rules_file_is_a_usage_error(tmp_path, raw_pages, capsys):
    rules = tmp_path / "rules.tsv"
    rules.write_text("only\ttwo\n", encoding="utf-8")
    assert main([str(raw_pages[0]), "-o", str(tmp_path / "out"), "--rules", str(rules)]) == 2
    assert "line 1" in capsys.readouterr().err


def test_dask_local_cluster_by_address_identical_to_serial(raw_pages, serial):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        res = clean_files(raw_pages[0].parent, engine="dask", scheduler=cluster.scheduler_address,
                          progress=False)
    assert _records(res) == serial


def test_cli_jobs_and_cache_write_identical_files(tmp_path, raw_pages):
    a, b = tmp_path / "a", tmp_path / "b"
    assert main([str(raw_pages[0].parent), "-o", str(a), "-q"]) == 0
    assert main([str(raw_pages[0].parent), "-o", str(b), "-q", "-j", "2", "--cache",
                 str(tmp_path / "c")]) == 0
    for name in ("documents.jsonl", "removed.jsonl"):
        assert Path(a, name).read_bytes() == Path(b, name).read_bytes()
