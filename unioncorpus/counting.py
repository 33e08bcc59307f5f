"""Streaming term counts over many pages: clean → segment → count, in bounded memory.

For corpora too large to hold as token lists: each worker cleans one page, segments its
documents and sends back only term counters; the parent adds them up. With a cache, the
per-page counts are stored next to the cleaned page, so a rerun over unchanged pages reads
two small files per page and segments nothing.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sys
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .archives import (
    check_jsonl_fields,
    expand_members,
    member_bytes,
    read_source,
    split_member,
)
from .batch import batches, run_ordered
from .cache import load_json, store_json
from .errors import InputError
from .normalise import han_count
from .pipeline import BATCH_PAGES, ErrorRecord, check_inputs, check_options, clean_batches
from .read import expand_inputs, read_ahead, read_bytes

if TYPE_CHECKING:  # pandas loads only in the parent: workers send back plain dicts
    import pandas as pd

# One segmenter per process and option set: a cached resource, loaded on first use.
_SEGMENTERS: dict[str, Any] = {}


def _segmenter(options: dict[str, Any]):
    key = json.dumps(options, sort_keys=True, default=str)
    seg = _SEGMENTERS.get(key)
    if seg is None:
        from .segmentation import Segmenter

        seg = _SEGMENTERS[key] = Segmenter(**options)
    return seg


@dataclass
class PageCounts:
    """Term counts of one page: what a worker sends back (plain dicts: cheap to pickle)."""

    counts: dict[str, int] = field(default_factory=dict)
    doc_freq: dict[str, int] = field(default_factory=dict)
    n_docs: int = 0
    n_han: int = 0
    n_bytes: int = 0
    errors: list[ErrorRecord] = field(default_factory=list)


def run_fingerprint(options: dict[str, Any], sections: bool) -> str:
    """Everything besides the page bytes that decides a page's counts: the cleaning
    fingerprint (package, rules, lexicons, converter), the segmenter's, and the options."""
    from .cache import fingerprint

    h = hashlib.sha256(fingerprint(None, sections).encode())
    h.update(json.dumps(options, sort_keys=True, default=str).encode())
    h.update(_segmenter(options).fingerprint().encode())
    return h.hexdigest()[:16]


def _stored(store: Path | None) -> PageCounts | None:
    """A page's counts from the cache, or None (no cache, a miss or a damaged entry)."""
    entry = load_json(store) if store is not None else None
    if not isinstance(entry, dict):
        return None
    try:
        # An entry written before the count was named n_han (when it was n_chars) is a miss.
        return PageCounts(entry["counts"], entry["doc_freq"], entry["n_docs"],
                          entry["n_han"], entry["n_bytes"])
    except KeyError:
        return None


def count_pages(items: list[tuple[str, str | None]], *, options: dict[str, Any],
                sections: bool = False, cache: str | None = None,
                into: tuple[Counter, Counter] | None = None,
                jsonl_fields: Mapping[str, tuple[str, ...]] | None = None) -> PageCounts:
    """Clean a batch of pages and count the terms of their documents (the unit of work).

    ``items`` are ``(path, key)``; with a cache, ``key`` (the page's content hash and the run
    fingerprint, computed by the caller) names the page's entry. Pages are cleaned in groups
    (:func:`~unioncorpus.pipeline.clean_batches`) and each group is segmented after it is
    cleaned, for the same reason: one stage at a time keeps its tables in the CPU caches.

    Returns the batch's summed counts, or, with ``into`` (counts, document frequencies), adds
    them to those and returns the totals only. Without a cache the tokens go straight into
    the sums (``Counter.update`` runs in C; adding up per-page dicts is a Python loop over
    every term of every page).
    """
    counts, doc_freq = into if into is not None else (Counter(), Counter())
    out = PageCounts()
    todo: list[tuple[str, Path | None]] = []
    for path, key in items:
        store = (Path(cache) / "counts" / key[:2] / f"{key}.json"
                 if cache is not None and key is not None else None)
        page = _stored(store)
        if page is None:
            todo.append((path, store))
        else:
            _add_page(out, page, (counts, doc_freq))
    seg = _segmenter(options)
    done = 0
    for group in clean_batches([path for path, _ in todo], sections=sections, cache=cache,
                               jsonl_fields=jsonl_fields):
        for (path, store), res in zip(todo[done:done + len(group)], group, strict=True):
            page = PageCounts(errors=res.errors)
            # Per-page counters only when the page's counts are to be stored.
            c, df = (Counter(), Counter()) if store is not None else (counts, doc_freq)
            for doc in res.documents:
                toks = seg(doc.text)
                c.update(toks)
                df.update(set(toks))
                page.n_docs += 1
                page.n_han += han_count(doc.text)
            try:
                page.n_bytes = os.path.getsize(path)
            except OSError:
                pass
            if store is not None:
                page.counts, page.doc_freq = dict(c), dict(df)
                if not res.errors:
                    store_json(store, {"counts": page.counts, "doc_freq": page.doc_freq,
                                       "n_docs": page.n_docs, "n_han": page.n_han,
                                       "n_bytes": page.n_bytes})
            _add_page(out, page, (counts, doc_freq))
        done += len(group)
    if into is None:
        out.counts, out.doc_freq = dict(counts), dict(doc_freq)
    return out


def _add_page(out: PageCounts, page: PageCounts,
              into: tuple[dict[str, int], dict[str, int]]) -> None:
    """Add a page's counts (if any) into ``into`` and its totals and errors into ``out``."""
    if page.counts:
        _add(page, into)
    out.n_docs += page.n_docs
    out.n_han += page.n_han
    out.n_bytes += page.n_bytes
    out.errors.extend(page.errors)


def _add(page: PageCounts, into: tuple[dict[str, int], dict[str, int]]) -> None:
    """Add a page's counts to ``into`` (and empty the page's)."""
    for total, part in zip(into, (page.counts, page.doc_freq), strict=True):
        get = total.get
        for t, c in part.items():
            total[t] = get(t, 0) + c
    page.counts, page.doc_freq = {}, {}


def _page_key(path: str, fp: str,
              jsonl_fields: Mapping[str, tuple[str, ...]] | None = None) -> str | None:
    """The page's cache key: the hash of its bytes and the run fingerprint. None for a file
    that cannot be a page (missing, not a regular file, over the size limit): it is then
    cleaned without the cache, which reports why."""
    try:
        # A page of an archive or feed is keyed on its decoded text (as the page cache does).
        data = (read_bytes(path) if split_member(path) is None
                else member_bytes(read_source(path, jsonl_fields=jsonl_fields)))
    except InputError:
        return None
    return f"{hashlib.sha256(data).hexdigest()}-{fp}"


@dataclass
class TermCounts:
    """Result of :func:`count_terms`: the table and the totals it was computed from
    (``n_han``: Han characters of the documents' texts, the basis of ``per_1000_chars``)."""

    table: pd.DataFrame
    n_docs: int
    n_han: int
    n_bytes: int
    errors: list[ErrorRecord]


def count_terms(paths: str | os.PathLike | Iterable[str | os.PathLike], *, jobs: int = 1,
                engine: str = "local", scheduler: str | None = None,
                cache: bool | str | os.PathLike | None = None, sections: bool = False,
                progress: bool | None = None,
                jsonl_fields: Mapping[str, str] | None = None,
                **segment_options: Any) -> TermCounts:
    """Term counts over a whole folder of pages without holding any token list.

    Parameters:
        paths: files, folders or globs.
        jobs, engine, scheduler: as for :func:`~unioncorpus.pipeline.clean_files`.
        cache: a cache folder (or True for the default) for cleaned pages and their counts.
        sections: also parse sections while cleaning (not needed for counts).
        jsonl_fields: the field names of crawler feeds, as for ``clean_files``.
        **segment_options: passed to :class:`~unioncorpus.segmentation.Segmenter`
            (``formula_words=True``, ``user_dict=...``, ...).

    Returns:
        :class:`TermCounts`; ``.table`` has ``term, count, doc_freq, share, per_1000_chars``
        sorted by count (ties by term), so the same input gives the same table.
        ``per_1000_chars`` is per 1,000 Han characters (每千字: count × 1000 / ``n_han``), as
        in ``term_frequencies`` at document level; the unit is the whole document.

    Example:
        >>> tc = count_terms("data/raw", jobs=2)               # doctest: +SKIP
        >>> tc.table.head()                                   # doctest: +SKIP
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    # Usage errors before any page is read, as in clean_files: bad options, missing paths,
    # a dictionary or stopword file that does not exist (checked here, not by the
    # segmenter, which a worker builds only once pages are cleaned).
    _, cache = check_options(cache=cache, jobs=jobs, engine=engine)
    for param in ("user_dict", "stopwords", "extra_stopwords"):
        value = segment_options.get(param)
        if isinstance(value, (str, os.PathLike)) and not os.path.isfile(value):
            raise InputError(f"{param}={os.fspath(value)!r}: no such file; pass an existing "
                             "path or a list of words")
    files, problems, roots = expand_inputs(paths)
    problems = check_inputs(files, problems)
    errors = [ErrorRecord(p.source, "InputError", p.message) for p in problems]
    # Web archives and crawler feeds give way to their pages, as in clean_files.
    fields = check_jsonl_fields(jsonl_fields)
    expanded = expand_members(files, roots, jsonl_fields=fields)
    errors += [ErrorRecord(src, "InputError", msg) for src, msg in expanded.errors]
    files = expanded.sources
    options = dict(segment_options)
    names = [os.fspath(f) for f in files]
    keys: list[str | None] = [None] * len(names)
    total_entry = None
    if cache:
        # Two levels: one entry per page (a rerun after some pages changed redoes only those),
        # and one for the whole run, named by all the page keys (a rerun over unchanged pages
        # reads one file after hashing the inputs).
        fp = run_fingerprint(options, sections)
        keys = [_page_key(n, fp, fields) for n in read_ahead(names, BATCH_PAGES)]
        if all(keys):
            # Names as the file system's bytes: a name that is not UTF-8 is still a name.
            run = hashlib.sha256(b"\n".join(os.fsencode(n) + b"\t" + k.encode()
                                             for n, k in zip(names, keys, strict=True)))
            total_entry = Path(cache) / "runs" / f"{run.hexdigest()}.json"
            saved = load_json(total_entry)
            try:
                import pandas as pd

                return TermCounts(_describe(pd.DataFrame(saved["table"])), saved["n_docs"],
                                  saved["n_han"], saved["n_bytes"],
                                  errors + [ErrorRecord(**e) for e in saved["errors"]])
            except (OSError, ValueError, KeyError, TypeError):
                pass
    counts: dict[str, int] = Counter()
    doc_freq: dict[str, int] = Counter()
    n_docs = n_han = n_bytes = 0
    page_errors: list[ErrorRecord] = []
    show = progress if progress is not None else len(files) > 1
    items = list(zip(names, keys, strict=True))
    cache_dir = os.fspath(cache) if cache else None
    # A worker cleans its unit in groups of BATCH_PAGES anyway; larger units mean fewer
    # batch totals for the parent to add up while it shares the CPUs with the workers.
    units = batches(items, jobs, BATCH_PAGES if jobs == 1 else 4 * BATCH_PAGES)
    if engine == "local" and (jobs == 1 or len(items) <= 1):
        # In this process: every page adds to the totals directly.
        work: Any = functools.partial(count_pages, options=options, sections=sections,
                                      jsonl_fields=fields,
                                      cache=cache_dir, into=(counts, doc_freq))
    else:
        # Workers sum batches of pages, so the parent adds up a few large dicts (into plain
        # dicts: their item assignment is cheaper than a Counter's).
        counts, doc_freq = {}, {}
        work = functools.partial(count_pages, options=options, sections=sections,
                                 jsonl_fields=fields,
                                 cache=cache_dir)
    for part in run_ordered(work, units, jobs=jobs, engine=engine, scheduler=scheduler,
                            progress=show, desc="counting", total=len(items), weight=len,
                            chunksize=1):
        if "pandas" not in sys.modules:
            # Needed only for the table: imported while workers (if any) go on with the pages.
            import pandas  # noqa: F401
        if part.counts:
            _add(part, (counts, doc_freq))
        n_docs += part.n_docs
        n_han += part.n_han
        n_bytes += part.n_bytes
        page_errors.extend(part.errors)
    import pandas as pd

    total = sum(counts.values()) or 1
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    table = pd.DataFrame(rows, columns=["term", "count"])
    table["doc_freq"] = table["term"].map(doc_freq).astype("int64")
    table["share"] = table["count"] / total
    table["per_1000_chars"] = table["count"] * 1000 / max(1, n_han)
    if total_entry is not None and not page_errors:
        store_json(total_entry, {"table": table.to_dict(orient="list"), "n_docs": n_docs,
                                 "n_han": n_han, "n_bytes": n_bytes, "errors": []})
    return TermCounts(_describe(table), n_docs, n_han, n_bytes, errors + page_errors)


def _describe(table: pd.DataFrame) -> pd.DataFrame:
    # The same provenance keys as the analysis tables (analysis._common.describe).
    table.attrs.update(unit="document (whole text)", level="document",
                       method="token counts; per_1000_chars = count × 1000 / n_han")
    return table
