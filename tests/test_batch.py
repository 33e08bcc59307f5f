"""Parallel, Dask and cached runs give output identical to the serial run."""

from __future__ import annotations

import json
import os
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


def test_cache_entries_of_another_shape_are_recomputed(tmp_path, raw_pages, serial):
    cache = tmp_path / "cache"
    clean_files(raw_pages[0].parent, cache=cache, progress=False)
    shapes = ["[1, 2]", "{}", '{"documents": [{"index": 0}], "removed": [], "rejected": false}']
    for i, p in enumerate(sorted(cache.rglob("*.json"))):
        p.write_text(shapes[i % len(shapes)], encoding="utf-8")
    assert _records(clean_files(raw_pages[0].parent, cache=cache, progress=False)) == serial


def test_cache_folder_removed_during_a_session_is_made_again(tmp_path, raw_pages, serial):
    import shutil

    cache = tmp_path / "cache"
    clean_files(raw_pages[0].parent, cache=cache, progress=False)
    shutil.rmtree(cache)  # the process remembers the folders it made: they are gone now
    assert _records(clean_files(raw_pages[0].parent, cache=cache, progress=False)) == serial
    assert len(list(cache.rglob("*.json"))) == len(raw_pages)
    assert not [p for p in cache.rglob("*") if p.is_file() and p.suffix != ".json"]  # no temps


def test_unwritable_cache_only_costs_the_speed_up(tmp_path, raw_pages, serial, monkeypatch):
    from unioncorpus import cache

    def refuse(path):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cache, "_create", refuse)  # every entry fails to be written
    assert _records(clean_files(raw_pages[0].parent, cache=tmp_path / "cache",
                                progress=False)) == serial


def test_a_file_where_the_cache_folder_should_be_is_a_usage_error(tmp_path, raw_pages):
    from unioncorpus.errors import InputError

    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache folder should be", encoding="utf-8")
    with pytest.raises(InputError, match="cache folder"):
        clean_files(raw_pages[0].parent, cache=blocked, progress=False)


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


def _page_records(res) -> list[str]:
    return [*_records(res), json.dumps(res.rejected)]


@pytest.fixture
def mixed_inputs(tmp_path, raw_pages) -> list[Path]:
    """The sample pages with a binary file and an empty file among them."""
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"%PDF-1.4\x00\x01\x02" * 50)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    pages = list(raw_pages)
    return [*pages[:2], binary, *pages[2:5], empty, *pages[5:]]


def test_groups_cleaned_stage_by_stage_equal_pages_cleaned_alone(monkeypatch, mixed_inputs):
    from unioncorpus import pipeline

    alone = [None if p.name in ("scan.txt", "empty.txt")
             else _page_records(pipeline.clean_page(pipeline.read_page(p)))
             for p in mixed_inputs]
    monkeypatch.setattr(pipeline, "BATCH_PAGES", 3)
    groups = list(pipeline.clean_batches(mixed_inputs))
    assert [len(g) for g in groups] == [3] * (len(mixed_inputs) // 3) + (
        [len(mixed_inputs) % 3] if len(mixed_inputs) % 3 else [])
    results = [res for g in groups for res in g]
    assert len(results) == len(mixed_inputs)
    for path, res, want in zip(mixed_inputs, results, alone, strict=True):
        if want is None:  # the binary and the empty file: one error each, nothing else
            assert len(res.errors) == 1 and not res.documents and not res.removed
            assert res.errors[0].source == str(path)
        else:
            assert _page_records(res) == want


def test_a_page_failing_in_a_late_stage_fails_alone(monkeypatch, raw_pages, serial):
    from unioncorpus import pipeline

    victim = pipeline.clean_path(raw_pages[3]).documents[0].text
    real = pipeline.structure

    def structure(text, themes=None):
        if text == victim:
            raise RecursionError("maximum recursion depth exceeded")
        return real(text, themes)

    monkeypatch.setattr(pipeline, "structure", structure)
    results = pipeline.clean_paths(raw_pages)
    bad = results[3]
    assert [e.error for e in bad.errors] == ["RecursionError"] and not bad.documents
    assert "the file was skipped" in bad.errors[0].message
    others = [res for i, res in enumerate(results) if i != 3]
    monkeypatch.setattr(pipeline, "structure", real)
    assert [_page_records(r) for r in others] == [
        _page_records(pipeline.clean_path(p)) for i, p in enumerate(raw_pages) if i != 3]


def test_large_pages_close_a_group_early(monkeypatch, raw_pages):
    from unioncorpus import pipeline

    monkeypatch.setattr(pipeline, "BATCH_CHARS", 1)  # every page is over the budget
    assert [len(g) for g in pipeline.clean_batches(raw_pages[:4])] == [1, 1, 1, 1]


def test_each_group_is_announced_to_the_os_before_it_is_read(monkeypatch, raw_pages):
    """Reading a cold folder file by file waits on the disk once per file; the pipeline
    announces a group of files at once, a group ahead of the one it reads."""
    from unioncorpus import pipeline, read

    events: list[tuple[str, str]] = []
    real_load = pipeline._load
    monkeypatch.setattr(read, "prefetch",
                        lambda paths: events.extend(("announce", p) for p in paths))

    def load(source, *args):
        events.append(("read", source))
        return real_load(source, *args)

    monkeypatch.setattr(pipeline, "_load", load)
    monkeypatch.setattr(pipeline, "BATCH_PAGES", 2)
    paths = [str(p) for p in raw_pages[:5]]
    results = pipeline.clean_paths(paths)
    assert [e for e in events if e[0] == "read"] == [("read", p) for p in paths]
    announced = [p for kind, p in events if kind == "announce"]
    assert announced == paths  # each once, in order
    for i, p in enumerate(paths):
        # When file i is read, the rest of its group and the whole next group are announced.
        upto = events.index(("read", p))
        seen = {q for kind, q in events[:upto] if kind == "announce"}
        assert set(paths[:min(len(paths), (i // 2 + 2) * 2)]) <= seen
    assert [_page_records(r) for r in results] == [
        _page_records(pipeline.clean_page(pipeline.read_page(p))) for p in paths]


def test_announcing_files_is_only_a_hint(tmp_path):
    """A missing file, a folder, a symlink loop or a named pipe: nothing raised, nothing
    blocks (a pipe opened for reading would wait for a writer)."""
    import threading

    from unioncorpus.read import prefetch

    page = tmp_path / "page.txt"
    page.write_text("学校工会工作总结\n", encoding="utf-8")
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    odd = [str(page), str(tmp_path / "missing.txt"), str(tmp_path), str(tmp_path / "loop")]
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.txt")
        odd.append(str(tmp_path / "pipe.txt"))
    done = threading.Event()
    t = threading.Thread(target=lambda: (prefetch(odd), done.set()), daemon=True)
    t.start()
    t.join(timeout=10)
    assert done.is_set(), "prefetch blocked"


@pytest.mark.skipif(not hasattr(os, "posix_fadvise"), reason="no posix_fadvise here")
def test_only_files_the_reader_will_read_are_announced(tmp_path, monkeypatch):
    """A file over the size limit is refused unread, so it is not read ahead either."""
    from unioncorpus import read

    small, big, empty = tmp_path / "small.txt", tmp_path / "big.txt", tmp_path / "empty.txt"
    small.write_bytes("工会".encode() * 10)
    big.write_bytes(b"x" * 1000)
    empty.write_bytes(b"")
    advised: list[int] = []
    real = os.posix_fadvise
    monkeypatch.setattr(os, "posix_fadvise",
                        lambda fd, *a: (advised.append(os.fstat(fd).st_size), real(fd, *a)))
    read.prefetch([str(small), str(big), str(empty), str(tmp_path)], max_bytes=100)
    assert advised == [small.stat().st_size]


def test_iter_clean_files_streams_the_results_of_clean_files(tmp_path, raw_pages, serial):
    from unioncorpus.errors import LexiconError
    from unioncorpus.pipeline import CleanResult, iter_clean_files

    empty = tmp_path / "empty"
    empty.mkdir()
    stream = iter_clean_files([empty, raw_pages[0].parent], progress=False, jobs=2)
    first = next(stream)  # the input problem comes first, as in clean_files
    assert first.errors and first.errors[0].source == str(empty) and not first.documents
    rest = list(stream)
    assert len(rest) == len(raw_pages)  # then one result per page, in input order
    total = CleanResult()
    for res in rest:
        total.extend(res)
    assert _records(total) == serial
    bad = tmp_path / "rules.tsv"
    bad.write_text("only\ttwo\n", encoding="utf-8")
    with pytest.raises(LexiconError):  # at the call, not at the first result
        iter_clean_files(raw_pages[0].parent, rules=bad)


def test_cli_run_that_fails_midway_leaves_the_previous_output(tmp_path, raw_pages, monkeypatch):
    import unioncorpus.cli as cli
    from unioncorpus.errors import InputError
    from unioncorpus.pipeline import iter_clean_files

    out = tmp_path / "out"
    assert main([str(raw_pages[0].parent), "-o", str(out), "-q"]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    assert before["documents.jsonl"]

    def failing(exc):
        def run(*args, **kwargs):
            results = iter_clean_files(*args, **kwargs)

            def gen():
                yield next(results)  # one page written to the temporary files, then a failure
                raise exc
            return gen()
        return run

    monkeypatch.setattr(cli, "iter_clean_files", failing(InputError("scheduler went away")))
    assert main([str(raw_pages[0].parent), "-o", str(out), "-q"]) == 2
    monkeypatch.setattr(cli, "iter_clean_files", failing(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        main([str(raw_pages[0].parent), "-o", str(out), "-q"])
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # no temporaries either
