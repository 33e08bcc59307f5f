"""Wire the stages: read → normalise → strip boilerplate → join lines → split → metadata →
sections and themes.

The functions here hold no state of their own; every stage is a plain function of the
previous stage's output, so each can be tested and replaced alone.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import metadata
from .archives import (
    Skipped,
    check_jsonl_fields,
    expand_members,
    member_bytes,
    read_source,
    split_member,
)
from .boilerplate import StripResult, strip_boilerplate
from .boilerplate.templates import templates_for
from .errors import DuplicateWarning, InputError, UnionCorpusError
from .ids import doc_id, page_names, source_name
from .join import join_lines
from .models import Document, Page, Removal, site_from_source
from .normalise import normalise_text
from .read import (
    JSONL_SUFFIXES,
    PathProblem,
    expand_inputs,
    looks_html,
    open_regular,
    page_from_bytes,
    read_ahead,
    read_bytes,
    read_page,
)
from .sites import site_key, site_label
from .split import split_page
from .structure import structure
from .themes import load_theme_lexicon


@dataclass(frozen=True)
class ErrorRecord:
    """A page that could not be cleaned, and why."""

    source: str
    error: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"source": self.source, "error": self.error, "message": self.message}


@dataclass
class CleanResult:
    """Documents, removals and errors of one page or a batch."""

    documents: list[Document] = field(default_factory=list)
    removed: list[Removal] = field(default_factory=list)
    errors: list[ErrorRecord] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)  # archive records that are no pages

    def extend(self, other: CleanResult) -> None:
        self.documents.extend(other.documents)
        self.removed.extend(other.removed)
        self.errors.extend(other.errors)
        self.rejected.extend(other.rejected)
        self.skipped.extend(other.skipped)


def clean_page(page: Page, *, rules: str | os.PathLike | None = None,
               sections: bool = True, themes: Any = None, line_model: Any = None,
               templates: Collection[str] | None = None, name: str | None = None,
               relevance: Any = None) -> CleanResult:
    """Clean one :class:`~unioncorpus.models.Page` into documents with an audit trail.

    ``name`` names its documents (``<name>#<index>``); default the stem of ``page.source``
    (see :mod:`unioncorpus.ids`).
    """
    text, info = normalise_text(page.text)
    result = _documents(page, info, strip_boilerplate(text, page.source, rules=rules,
                                                      line_model=line_model,
                                                      templates=templates,
                                                      relevance=relevance), name)
    if sections:
        _add_sections(result, themes)
    return result


def _documents(page: Page, info: Any, stripped: StripResult,
               name: str | None = None) -> CleanResult:
    """Join lines, split documents and read their metadata, after boilerplate stripping."""
    name = name or source_name(page.source)
    result = CleanResult(removed=list(stripped.removals))
    if stripped.rejected:
        result.rejected.append(page.source)
        return result
    site = site_label(page.site) if page.site else site_from_source(page.source)
    lines, page_no_removals = join_lines(stripped.lines, page.source)
    result.removed.extend(page_no_removals)
    segments, orphans = split_page(lines, page.source)
    result.removed.extend(orphans)
    for index, seg in enumerate(segments):
        result.removed.extend(seg.removals)
        body = "\n".join(ln.text for ln in seg.lines)
        result.documents.append(Document(
            doc_id=doc_id(name, index),
            source=page.source,
            index=index,
            title=seg.title,
            text=body,
            doc_type=metadata.doc_type(seg.title, body),
            school=metadata.school(seg.title, body),
            year=metadata.work_year(seg.title, body),
            published=stripped.published,
            encoding=page.encoding,
            converter=info.converter,
            normalised=list(info.steps),
            lines=sorted({n for ln in seg.lines for n in ln.nos} | set(seg.title_nos)),
            site=site,
            url=page.url,
            fetched=page.fetched,
        ))
    # Split markers are recorded by the splitter; keep the audit trail in line order.
    result.removed.sort(key=lambda r: (r.line, r.start if r.start is not None else -1))
    return result


def _add_sections(result: CleanResult, themes: Any) -> None:
    for doc in result.documents:
        doc.sections = structure(doc.text, themes)


def clean_text(raw: str, source: str = "<text>", *, return_removed: bool = False,
               rules: str | os.PathLike | None = None, sections: bool = True,
               themes: Any = None, line_model: Any = None, relevance: Any = None):
    """Clean the text of one scraped page into documents.

    Parameters:
        raw: the page text (already decoded; use :func:`clean_files` for files and HTML).
        source: a name recorded in each document and removal; its stem names the
            documents (``page.txt`` → ``page#0``, ``<text>`` → ``text#0``).
        return_removed: also return the list of :class:`~unioncorpus.models.Removal`.
        rules: a boilerplate TSV file replacing the packaged rules.
        sections: parse the heading tree and themes of each document.
        themes: a theme lexicon (path or dict) or a fitted classifier replacing the packaged
            lexicon (see :func:`~unioncorpus.structure.structure`).
        line_model: the line model judging the lines no rule removed: None for the packaged
            one, a model from :func:`~unioncorpus.boilerplate.model.train_line_model` or its
            file, False for the rules alone.
        relevance: the page-relevance patterns (None: packaged; a TSV file of one's own;
            False keeps off-topic pages and blog posts, see
            :mod:`~unioncorpus.boilerplate.relevance`).

    Returns:
        A list of :class:`~unioncorpus.models.Document`, or ``(documents, removals)``.

    Example:
        >>> docs = clean_text("学校工会工作总结\\n本学期，我校工会在党支部领导下，积极开展送温暖活动，"
        ...                   "慰问困难教职工二十余人次，组织教职工开展乒乓球比赛。")
        >>> docs[0].title
        '学校工会工作总结'
    """
    if not isinstance(raw, str):
        raise InputError(f"clean_text expects the page text as str, got {type(raw).__name__}; "
                         "use clean_files for paths")
    res = clean_page(Page(source=source, text=raw, encoding="str"), rules=rules,
                     sections=sections, themes=themes, line_model=line_model,
                     relevance=relevance)
    return (res.documents, res.removed) if return_removed else res.documents


REMOVED_BESIDE = {"documents.jsonl": "removed.jsonl"}
"""The audit trail loaded with an earlier run's output: the file of that name beside it."""


def _read_jsonl(path: Path) -> CleanResult:
    """An earlier run's ``documents.jsonl``, with the ``removed.jsonl`` beside it (the audit
    trail of the same pages) when there is one."""
    docs = _records(path, "document", Document.from_dict)
    removed: list[Removal] = []
    beside = REMOVED_BESIDE.get(path.name)
    if beside and (path.parent / beside).is_file():
        removed = _records(path.parent / beside, "removal",
                           lambda rec: Removal(**_removal_fields(rec)))
    return CleanResult(documents=docs, removed=removed)


def _records(path: Path, what: str, make: Callable[[Any], Any]) -> list[Any]:
    """The records of a JSON Lines file from an earlier run, each made by ``make``; a line
    that is not a ``what`` record is an :class:`InputError` naming the file and line."""
    import json

    out = []
    fd, _ = open_regular(path)  # a pipe named *.jsonl would block a plain open()
    with open(fd, encoding="utf-8") as f:
        for no, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                out.append(make(json.loads(line)))
            except (ValueError, TypeError) as e:
                raise InputError(f"{path.name}, line {no} is not a {what} record ({e}); pass "
                                 "the documents.jsonl written by `python -m unioncorpus.clean`"
                                 ) from e
    return out


_REMOVAL_TYPES: dict[str, Any] = {"source": str, "line": int, "text": str, "rule": str,
                                  "reason": str}


def _removal_fields(rec: Any) -> dict[str, Any]:
    """The fields of a ``removed.jsonl`` record, checked (keys that are not fields ignored)."""
    if not isinstance(rec, dict) or any(not isinstance(rec.get(k), t)
                                        for k, t in _REMOVAL_TYPES.items()):
        raise TypeError(f"a removal record needs {', '.join(_REMOVAL_TYPES)}")
    return {k: rec[k] for k in Removal.__dataclass_fields__ if k in rec}


BATCH_PAGES = 64
"""Pages cleaned together, stage by stage, by :func:`clean_batches`."""
BATCH_CHARS = 8_000_000
"""Characters of page text after which a group is cleaned without waiting for more pages, so
a group of very large pages stays small in memory."""

# What a bad page may raise anywhere in the pipeline: reported for that page, never raised.
_PAGE_ERRORS = (UnionCorpusError, OSError, RecursionError, MemoryError, UnicodeError)


def _error(source: str, e: BaseException) -> CleanResult:
    if isinstance(e, UnionCorpusError):
        return CleanResult(errors=[ErrorRecord(source, type(e).__name__, str(e))])
    return CleanResult(errors=[ErrorRecord(source, type(e).__name__,
                                           f"{e}; the file was skipped")])


@dataclass
class _Slot:
    """One file on its way through :func:`clean_batches`: its page until it is done, then
    its result."""

    source: str
    name: str  # the page's name in the batch, which its documents' ids are made of
    page: Page | None = None
    key: str | None = None  # the cache entry to store the result under
    text: str = ""
    info: Any = None
    stripped: StripResult | None = None
    result: CleanResult | None = None


def _load(source: str, name: str, rules: str | os.PathLike | None, sections: bool,
          store: Any, templates: frozenset[str] = frozenset(),
          jsonl_fields: Mapping[str, tuple[str, ...]] | None = None) -> _Slot:
    """Read one file or archive member: a result already (documents.jsonl, a cache hit, an
    error) or a page."""
    slot = _Slot(source, name)
    try:
        member = split_member(source)
        if member is None and os.path.splitext(source)[1].lower() in JSONL_SUFFIXES:
            slot.result = _read_jsonl(Path(source))
        elif store is None:
            slot.page = (read_page(source) if member is None
                         else read_source(source, jsonl_fields=jsonl_fields))
        else:
            from .cache import fingerprint

            fp = fingerprint(None if rules is None else os.fspath(rules), sections)
            if templates:
                from .boilerplate.templates import templates_key

                fp += "-t" + templates_key(templates)
            if member is None:
                data = read_bytes(source)
                page = None
                # The page's site (its canonical host, else its folder) is not in the cache
                # entry, which holds no paths: the same page under another name is a hit.
                site = site_key(source, data if looks_html(source, data) else None)
            else:
                # A member's payload is decoded as it is read (an HTTP charset may decide):
                # keyed on the decoded text.
                page = read_source(source, jsonl_fields=jsonl_fields)
                data, site = member_bytes(page), page.site or site_key(source)
            slot.key = store.key(data, fp)
            hit = store.get(slot.key, source, name)
            if hit is not None:
                docs, removed, rejected = hit
                for d in docs:
                    d.site = site_label(site)
                    d.url, d.fetched = (page.url, page.fetched) if page else (None, None)
                slot.result = CleanResult(docs, removed, rejected=[source] if rejected else [])
            else:
                slot.page = page if page is not None else page_from_bytes(source, data)
    except _PAGE_ERRORS as e:
        slot.result = _error(source, e)
    return slot


def _stage(slots: list[_Slot], step: Callable[[_Slot], None]) -> None:
    """Run ``step`` on each slot still in progress; a failure ends that slot with an error."""
    for slot in slots:
        if slot.page is None:
            continue
        try:
            step(slot)
        except _PAGE_ERRORS as e:
            slot.page, slot.result = None, _error(slot.source, e)


def _clean_group(slots: list[_Slot], rules: str | os.PathLike | None, sections: bool,
                 themes: Any, store: Any, line_model: Any = None,
                 templates: Mapping[str, frozenset[str]] | None = None,
                 relevance: Any = None) -> list[CleanResult]:
    def normalise(s: _Slot) -> None:
        s.text, s.info = normalise_text(s.page.text)

    def strip(s: _Slot) -> None:
        s.stripped = strip_boilerplate(s.text, s.page.source, rules=rules,
                                       line_model=line_model,
                                       templates=templates_for(s.page.source, templates or {}),
                                       relevance=relevance)
        s.text = ""

    def documents(s: _Slot) -> None:
        s.result = _documents(s.page, s.info, s.stripped, s.name)
        s.stripped = None

    lexicon: list[Any] = []  # the theme lexicon, loaded once per group, not per document

    def add_sections(s: _Slot) -> None:
        if not lexicon:
            lexicon.append(themes if hasattr(themes, "predict_proba")
                           else load_theme_lexicon(themes))
        _add_sections(s.result, lexicon[0])

    def finish(s: _Slot) -> None:
        if store is not None and s.key is not None:
            store.put(s.key, s.result.documents, s.result.removed, bool(s.result.rejected))
        s.page = None

    for step in (normalise, strip, documents, *((add_sections,) if sections else ()), finish):
        _stage(slots, step)
    return [s.result for s in slots]


def clean_batches(paths: Iterable[str | os.PathLike], *,
                  rules: str | os.PathLike | None = None, sections: bool = True,
                  cache: str | os.PathLike | None = None,
                  themes: Any = None, line_model: Any = None,
                  templates: Mapping[str, frozenset[str]] | None = None,
                  relevance: Any = None,
                  names: Mapping[str, str] | None = None,
                  jsonl_fields: Mapping[str, tuple[str, ...]] | None = None,
                  ) -> Iterator[list[CleanResult]]:
    """Clean files in groups; yield the results of each group, one per file, in input order.

    Errors are returned in the results, never raised. Each group (:data:`BATCH_PAGES` pages,
    fewer when they hold over :data:`BATCH_CHARS` characters) goes through one stage after
    another, not page by page: each stage's tables (OpenCC's dictionary, the rule patterns,
    the theme lexicon, jieba's dictionary after it) then stay in the CPU caches, which makes
    the pipeline about a tenth faster. The results equal cleaning each file alone. With your
    own ``themes``, ``line_model`` or ``relevance`` the cache is not used (a lexicon or model
    has no version it could key on). ``templates`` are the site templates learned for the batch
    (:func:`~unioncorpus.boilerplate.templates.learn_from_files`). ``names`` are the pages'
    names in the batch (:func:`~unioncorpus.ids.page_names`); a page not in it is named
    after its file stem. ``jsonl_fields`` are the field names crawler feeds are read with
    (:func:`~unioncorpus.archives.check_jsonl_fields`).
    """
    store = None
    if cache is not None and themes is None and line_model is None and relevance is None:
        from .cache import PageCache

        store = PageCache(cache)
    group: list[_Slot] = []
    chars = 0
    names = names or {}
    for path in read_ahead(paths, BATCH_PAGES):
        slot = _load(path, names.get(path) or source_name(path), rules, sections, store,
                     templates_for(os.fspath(path), templates or {}), jsonl_fields)
        group.append(slot)
        chars += len(slot.page.text) if slot.page is not None else 0
        if len(group) >= BATCH_PAGES or chars >= BATCH_CHARS:
            yield _clean_group(group, rules, sections, themes, store, line_model, templates,
                               relevance)
            group, chars = [], 0
    if group:
        yield _clean_group(group, rules, sections, themes, store, line_model, templates,
                               relevance)


def clean_paths(paths: Iterable[str | os.PathLike], **options: Any) -> list[CleanResult]:
    """:func:`clean_batches` as one list."""
    return [res for group in clean_batches(paths, **options) for res in group]


def _clean_named(unit: list[tuple[str, str]], **options: Any) -> list[CleanResult]:
    """The unit of work of a worker process or Dask task: ``(path, page name)`` pairs (only
    the unit's own names travel to the worker, not the batch's)."""
    return clean_paths([path for path, _ in unit], names=dict(unit), **options)


def clean_path(path: str | os.PathLike, *, rules: str | os.PathLike | None = None,
               sections: bool = True, cache: str | os.PathLike | None = None,
               themes: Any = None) -> CleanResult:
    """Clean one file; errors are returned in the result, never raised."""
    return clean_paths([path], rules=rules, sections=sections, cache=cache, themes=themes)[0]


def clean_files(paths: str | os.PathLike | Iterable[str | os.PathLike], *,
                rules: str | os.PathLike | None = None, sections: bool = True,
                themes: Any = None, progress: bool | None = None, jobs: int = 1,
                engine: str = "local",
                scheduler: str | None = None, cache: bool | str | os.PathLike | None = None,
                exclude: Iterable[str | os.PathLike] = (),
                on_error: Callable[[ErrorRecord], None] | None = None,
                line_model: Any = None, site_templates: bool = True,
                relevance: Any = None,
                jsonl_fields: Mapping[str, str] | None = None) -> CleanResult:
    """Clean files, folders (recursive) and globs; a bad file is recorded and skipped.

    A ``documents.jsonl`` from an earlier run is loaded as it is, not cleaned again, with the
    ``removed.jsonl`` beside it as its removals. Every HTML or text response of a web archive
    (``.warc``, ``.warc.gz``) and every record of a crawler's JSON Lines feed is a page, named
    ``<file>#<offset>`` (WARC) or ``<file>#<line>`` (feed), with its ``url`` and ``fetched``
    time (:mod:`unioncorpus.archives`); the archive records that are no pages are counted in
    ``skipped``. A page loaded twice is kept once (the first
    in sorted path order) and a :class:`~unioncorpus.errors.DuplicateWarning` says what was
    dropped. Documents are named ``<page name>#<index>``, unique in the batch
    (:mod:`unioncorpus.ids`).

    Parameters:
        paths: one path or many.
        rules: a boilerplate TSV file replacing the packaged rules.
        sections: parse headings and themes.
        themes: a theme lexicon (path or dict) or a fitted classifier (``predict_proba``)
            replacing the packaged lexicon; such runs do not use the cache.
        progress: show a progress bar on stderr (default: when more than one file).
        jobs: worker processes; the output is identical to ``jobs=1``.
        engine: ``"local"`` (process pool) or ``"dask"``.
        scheduler: Dask scheduler address for ``engine="dask"`` (None: a local cluster).
        cache: a folder for the content-hash cache, ``True`` for the default folder
            (see :func:`unioncorpus.cache.default_cache_dir`), None/False for no cache.
        exclude: folders whose files are never read (the CLI passes its output folder).
        on_error: called with each :class:`ErrorRecord` as it happens (the CLI prints them).
        line_model: the line model judging what the rules kept: None for the packaged one,
            a model from :func:`~unioncorpus.boilerplate.model.train_line_model` or its file
            (such runs do not use the cache), False for the rules alone.
        site_templates: learn each site's template lines across the batch (a site is a
            folder holding at least four pages) and remove them (rule ``site_template``).
        relevance: the page-relevance patterns: None for the packaged ones, a TSV file of
            one's own (such runs do not use the cache), False to keep pages that hold no
            school and no document genre and chatty blog posts (rules ``page.off_topic``,
            ``page.blog``; see :mod:`~unioncorpus.boilerplate.relevance`).
        jsonl_fields: the fields of a crawler feed's records, by role, where they are not
            the defaults (:data:`~unioncorpus.archives.FEED_FIELDS`):
            ``{"url": "link", "html": "body"}``; roles ``url``, ``html``, ``text``,
            ``fetched``.

    Returns:
        A :class:`CleanResult` with documents, removals, errors, rejected pages and the
        archive records skipped.

    Raises:
        InputError: before any page is read, for an input path that does not exist, no
            pages at all, or a bad option (a missing rules, theme lexicon or line model
            file, a cache folder that cannot be made, an unknown engine).
        LexiconError: a malformed line in a rules or theme lexicon file of the user's.

    Example:
        >>> result = clean_files("data/raw", jobs=2, cache=True)   # doctest: +SKIP
    """
    result = CleanResult()
    for res in iter_clean_files(paths, rules=rules, sections=sections, themes=themes,
                                progress=progress, jobs=jobs, engine=engine,
                                scheduler=scheduler, cache=cache, exclude=exclude,
                                on_error=on_error, line_model=line_model,
                                site_templates=site_templates, relevance=relevance,
                                jsonl_fields=jsonl_fields):
        result.extend(res)
    return result


def iter_clean_files(paths: str | os.PathLike | Iterable[str | os.PathLike], *,
                     rules: str | os.PathLike | None = None, sections: bool = True,
                     themes: Any = None, progress: bool | None = None, jobs: int = 1,
                     engine: str = "local", scheduler: str | None = None,
                     cache: bool | str | os.PathLike | None = None,
                     exclude: Iterable[str | os.PathLike] = (),
                     on_error: Callable[[ErrorRecord], None] | None = None,
                     line_model: Any = None, site_templates: bool = True,
                     relevance: Any = None, jsonl_fields: Mapping[str, str] | None = None,
                     ) -> Iterator[CleanResult]:
    """:func:`clean_files` one result at a time, in input order: for writing output as it
    comes, in memory bounded by the pages in flight rather than by the corpus.

    Takes the parameters of :func:`clean_files`. Bad options (a rules, theme or line model
    file that is missing or malformed, a cache folder that cannot be made, an unknown
    engine) and input paths that do not exist raise here, at once, before any page is read;
    the files are listed at once too, and web archives and crawler feeds are opened and
    their pages listed. The results then come one per input problem (a folder with no pages),
    then one per archive or feed with its bad records and skip counts, then one per page, as
    the workers finish them. Documents loaded twice
    are dropped, with a :class:`~unioncorpus.errors.DuplicateWarning` at the end.

    Example:
        >>> for res in iter_clean_files("data/raw", jobs=2):        # doctest: +SKIP
        ...     print(res.documents[0].title if res.documents else res.errors)
    """
    import functools

    from .batch import batches, run_ordered

    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    line_model, cache = check_options(rules=rules, themes=themes, line_model=line_model,
                                      cache=cache, jobs=jobs, engine=engine,
                                      relevance=relevance)
    fields = check_jsonl_fields(jsonl_fields)
    files, problems, roots = expand_inputs(paths, exclude=exclude)
    problems = check_inputs(files, problems)
    # Archives and feeds give way to their pages (members), each a page of the batch.
    expanded = expand_members(files, roots, jsonl_fields=fields)
    sources = expanded.sources
    names = page_names((f, expanded.roots[f]) for f in sources)
    templates = None
    if site_templates:
        from .boilerplate.templates import learn_from_files

        templates = learn_from_files(sources, jsonl_fields=fields) or None
    work = functools.partial(_clean_named, rules=rules, sections=sections, themes=themes,
                             cache=os.fspath(cache) if cache else None,
                             line_model=line_model, templates=templates,
                             relevance=relevance, jsonl_fields=fields)
    show = progress if progress is not None else len(sources) > 1
    units = batches([(f, names[f]) for f in sources], jobs, BATCH_PAGES)
    containers = [CleanResult(errors=[ErrorRecord(src, "InputError", msg)])
                  for src, msg in expanded.errors]
    if expanded.skipped:
        containers.append(CleanResult(skipped=expanded.skipped))

    def results() -> Iterator[CleanResult]:
        for p in problems:
            rec = ErrorRecord(p.source, "InputError", p.message)
            if on_error:
                on_error(rec)
            yield CleanResult(errors=[rec])
        for res in containers:
            if on_error:
                for rec in res.errors:
                    on_error(rec)
            yield res
        seen = _Seen()
        parts = run_ordered(work, units, jobs=jobs, engine=engine, scheduler=scheduler,
                            progress=show, desc="cleaning", total=len(sources), weight=len,
                            chunksize=1)
        for part, unit in zip(parts, units, strict=True):
            for res, (path, _) in zip(part, unit, strict=True):
                res = seen.drop_duplicates(res, path)  # may add an error (ids that clash)
                if on_error:
                    for rec in res.errors:
                        on_error(rec)
                yield res
        seen.warn()

    return results()


def check_options(*, rules: str | os.PathLike | None = None, themes: Any = None,
                  line_model: Any = None, cache: bool | str | os.PathLike | None = None,
                  jobs: int = 1, engine: str = "local",
                  relevance: Any = None) -> tuple[Any, Path | None]:
    """Check the options of a batch before any page is read: a usage error is one
    :class:`InputError` (or :class:`~unioncorpus.errors.LexiconError` for a malformed line of
    a user's file) at once, not the same error on every page.

    Returns the line model loaded (or False / None as given) and the cache folder (made if
    needed), or None for no cache.
    """
    from .batch import ENGINES

    if engine not in ENGINES:
        raise InputError(f"engine={engine!r}; use one of {', '.join(ENGINES)}")
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise InputError(f"jobs={jobs!r}; use 1 or more worker processes")
    if rules is not None:
        from .boilerplate import load_rules

        _user_file(rules, "rules", "a boilerplate TSV file, or leave rules out for the "
                                   "packaged rules")
        load_rules(rules)  # a malformed line is a LexiconError naming the file and line
    if themes is not None and not hasattr(themes, "predict_proba"):
        load_theme_lexicon(themes)  # a missing or malformed lexicon raises here
    if line_model is not None and line_model is not False:
        from .boilerplate.model import load_line_model

        if isinstance(line_model, (str, os.PathLike)):
            _user_file(line_model, "line_model", "a file written by LineModel.save, or "
                                                 "line_model=False for the rules alone")
        line_model = load_line_model(line_model)  # a bad model file fails here, at once
    if relevance is not None and relevance is not False:
        from .boilerplate.relevance import load_relevance

        _user_file(relevance, "relevance", "a page-relevance TSV file, or relevance=False to "
                                           "keep off-topic pages")
        load_relevance(relevance)  # a malformed line is a LexiconError naming the file and line
    folder = None
    if cache:  # None, False or "" mean no cache
        from .cache import default_cache_dir

        folder = default_cache_dir() if cache is True else Path(cache)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            writable = os.access(folder, os.W_OK | os.X_OK)
        except OSError as e:
            raise InputError(f"cache folder {os.fspath(folder)!r} cannot be made "
                             f"({e.strerror}); choose another folder for the cache") from e
        if not writable:
            raise InputError(f"cache folder {os.fspath(folder)!r} is not writable; choose "
                             "another folder for the cache")
    return line_model, folder


def _user_file(path: str | os.PathLike, param: str, what: str) -> None:
    if not os.path.isfile(path):
        state = "is a folder" if os.path.isdir(path) else "does not exist"
        raise InputError(f"{param}={os.fspath(path)!r} {state}; pass {what}")


def check_inputs(files: list[Path], problems: list[PathProblem]) -> list[PathProblem]:
    """Raise :class:`InputError` for input paths that name nothing (a typo is a usage error,
    found before any page is read) and for a batch with no file at all; return the other
    problems (a folder with no pages beside others that have some), which are reported
    as error records while the batch goes on."""
    missing = [p for p in problems if p.missing]
    if missing:
        listed = "; ".join(f"{p.source!r}: {p.message}" for p in missing[:5])
        more = f" (and {len(missing) - 5} more)" if len(missing) > 5 else ""
        raise InputError(f"input not found: {listed}{more}")
    if not files:
        what = "; ".join(f"{p.source!r}: {p.message}" for p in problems[:5])
        raise InputError(f"no pages to clean ({what or 'no inputs given'}); pass files or "
                         "folders of .txt/.html pages, web archives (.warc, .warc.gz), a "
                         "crawler feed or a documents.jsonl")
    return problems


class _Seen:
    """The documents already in a batch's output, to keep doc ids unique across inputs.

    A doc id seen again is either the same page loaded twice (an earlier run's
    ``documents.jsonl`` with the pages it came from, or two such files): its later copy is
    dropped, whole (documents and removals together, so a page never mixes two runs), and
    :meth:`warn` reports it; or two different pages with one id (two corpora cleaned apart,
    or a file written by an older version, whose ids were file stems): the later page's
    documents cannot be told apart from the first's, so they are dropped with an error
    record saying to clean the pages together. A page is the same when one source path ends
    with the other (the earlier run may have been started from another folder).
    """

    def __init__(self) -> None:
        self.ids: dict[str, tuple[str, str]] = {}  # doc id -> (input, source) that gave it
        self.sources: dict[str, str] = {}  # source -> input that gave it
        self.dropped: dict[str, list[Any]] = {}  # input -> [documents, pages, kept from]

    def drop_duplicates(self, res: CleanResult, origin: str) -> CleanResult:
        """``res`` (the result of input file ``origin``) without pages already seen."""
        if not res.documents and not res.removed:
            return res
        groups: dict[str, list[Document]] = {}
        for d in res.documents:
            groups.setdefault(d.source, []).append(d)
        for r in res.removed:
            groups.setdefault(r.source, [])
        drop: set[str] = set()
        repeats: set[int] = set()  # id() of documents repeated inside this input
        errors: list[ErrorRecord] = []
        for source, docs in groups.items():
            earlier = self.sources.get(source, origin)
            clash = None
            for d in docs:
                if d.doc_id in self.ids:
                    prev_origin, prev_source = self.ids[d.doc_id]
                    if not _same_page(source, prev_source):
                        clash = (d.doc_id, prev_source, prev_origin)
                        break
                    if prev_origin != origin or prev_source != source:
                        earlier = prev_origin
            if clash:
                drop.add(source)
                errors.append(ErrorRecord(origin, "InputError", (
                    f"doc_id {clash[0]!r} of {source} is also the id of a document of "
                    f"another page, {clash[1]} (from {clash[2]}); the documents of {source} "
                    "were left out. Ids made by an older version, or two corpora cleaned "
                    "apart: clean the pages again in one run")))
            elif earlier != origin:
                drop.add(source)
                self._count(origin, len(docs), earlier)
            else:
                self.sources.setdefault(source, origin)
                for d in docs:
                    if d.doc_id in self.ids:  # twice in this very input (files concatenated)
                        repeats.add(id(d))
                        self._count(origin, 1, origin, pages=0)
                    self.ids[d.doc_id] = (origin, source)
        if not drop and not repeats:
            return res
        return CleanResult([d for d in res.documents
                            if d.source not in drop and id(d) not in repeats],
                           [r for r in res.removed if r.source not in drop],
                           res.errors + errors, [s for s in res.rejected if s not in drop])

    def _count(self, origin: str, docs: int, first: str, pages: int = 1) -> None:
        n, p, first = self.dropped.get(origin, (0, 0, first))
        self.dropped[origin] = [n + docs, p + pages, first]

    def warn(self) -> None:
        """One warning naming what was dropped, if anything was."""
        if not self.dropped:
            return
        import warnings

        docs = sum(n for n, _, _ in self.dropped.values())
        pages = sum(p for _, p, _ in self.dropped.values())
        by_first: dict[str, list[str]] = {}  # input kept -> inputs whose copies were dropped
        for origin, (_, _, first) in self.dropped.items():
            by_first.setdefault(first, []).append(origin)
        listed = "; ".join(
            f"from {', '.join(origins[:3])}"
            + (f" and {len(origins) - 3} more" if len(origins) > 3 else "")
            + f" (kept from {first})" for first, origins in by_first.items())
        warnings.warn(f"{docs} documents of {pages} pages were loaded twice; the second copies "
                      f"were dropped {listed}. Pass either the pages or the documents.jsonl "
                      "made from them, not both", DuplicateWarning, stacklevel=2)


def _same_page(a: str, b: str) -> bool:
    """Whether two source paths name one page: equal, or one ends with the other at a
    folder boundary (``data/raw/p.txt`` and ``raw/p.txt``)."""
    if a == b:
        return True
    if a.startswith("<") or b.startswith("<"):
        return False
    pa, pb = Path(a).parts, Path(b).parts
    short, long_ = (pa, pb) if len(pa) <= len(pb) else (pb, pa)
    return long_[len(long_) - len(short):] == short
