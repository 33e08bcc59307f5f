"""``Corpus``: cleaned documents, sections and removals as pandas DataFrames, for Jupyter."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from .errors import InputError
from .models import THEMES, Document, Section
from .normalise import han_count
from .pipeline import CleanResult, clean_files

DOC_COLUMNS = ["doc_id", "source", "index", "title", "text", "doc_type", "school", "year",
               "published", "site", "url", "fetched", "n_chars", "n_han", "n_sections",
               "encoding", "converter",
               "school_level", "school_level_from", "province", "city", "county", "region_from"]
SECTION_COLUMNS = ["doc_id", "section_id", "parent_id", "depth", "marker", "title", "text",
                   "own_text", "themes", "theme", "start", "end", "path"] + [
                       f"score_{t}" for t in THEMES]
SECTION_TEXTS = ("own", "subtree")
_PANDAS_3 = int(pd.__version__.split(".")[0]) >= 3
REMOVED_COLUMNS = ["source", "line", "text", "rule", "reason", "start", "end"]
ERROR_COLUMNS = ["source", "error", "message"]
SKIPPED_COLUMNS = ["source", "reason", "count"]
EXPORTED = ("documents", "sections", "removed")


class Corpus:
    """A cleaned corpus: documents, sections, removals and errors as DataFrames.

    Build one with :func:`load`. ``documents`` has one row per document, ``sections`` one
    per section, ``removed`` one per removed line or span, ``errors`` one per failed input.

    Character counts have one meaning each across the package: ``n_chars`` is every character
    of the text (``len(text)``), ``n_han`` its Chinese (Han) characters (the 每千字 basis of
    ``per_1000_chars``), ``n_nonspace`` (template reuse) its characters other than whitespace.

    Example:
        >>> corpus = load("data/raw")                          # doctest: +SKIP
        >>> corpus.documents[["title", "school", "year"]]      # doctest: +SKIP
    """

    def __init__(self, docs: list[Document], result: CleanResult | None = None, *,
                 extra: pd.DataFrame | None = None) -> None:
        self.docs = list(docs)
        self._result = result or CleanResult(documents=self.docs)
        # Columns joined from a user's table (join_schools), indexed by doc_id.
        self._extra = extra

    def join_schools(self, table: Any, on: str = "school", **options: Any) -> Corpus:
        """A new corpus with the columns of your table of schools (CSV, TSV, Excel or a
        DataFrame) joined on ``on``; see :func:`unioncorpus.schools.join_table`.

        Example:
            >>> joined = corpus.join_schools("schools.csv", table_on="学校")  # doctest: +SKIP
            >>> uc.term_frequencies(joined, by="urban_rural")                 # doctest: +SKIP
        """
        from .schools import join_table

        return join_table(self, table, on, _stacklevel=3, **options)

    @cached_property
    def documents(self) -> pd.DataFrame:
        """One row per document. ``site`` is the host of the page's URL (``www.`` and
        ``m.`` folded), else the folder the page sat in; ``url`` and ``fetched`` are where
        and when a crawl fetched the page (web archives, crawler feeds), else missing."""
        from .schools import annotate

        for d in self.docs:
            if d.school_level is None:  # read once, kept on the document
                annotate(d)
        rows = [{
            "doc_id": d.doc_id, "source": d.source, "index": d.index, "title": d.title,
            "text": d.text, "doc_type": d.doc_type, "school": d.school,
            "year": d.year, "published": d.published, "site": d.site, "url": d.url,
            "fetched": d.fetched, "n_chars": len(d.text),
            "n_han": han_count(d.text), "n_sections": len(d.sections), "encoding": d.encoding,
            "converter": d.converter, "school_level": d.school_level,
            "school_level_from": d.school_level_from, "province": d.province, "city": d.city,
            "county": d.county, "region_from": d.region_from,
        } for d in self.docs]
        df = pd.DataFrame(rows, columns=DOC_COLUMNS)
        df["year"] = df["year"].astype("Int64")
        for c in ("site", "url", "fetched"):  # text, also when no page has one
            # pandas 3's "str" keeps missing values missing; before it, "str" wrote "None".
            df[c] = df[c].astype("str" if _PANDAS_3 else "string")
        if self._extra is not None:
            extra = self._extra.reindex(df["doc_id"].to_numpy())
            for col in extra.columns:
                vals = extra[col].to_numpy(dtype=object)
                if col in df.columns:  # a derived column the table corrects where it has a value
                    df[col] = [v if v is not None and v == v else old
                               for v, old in zip(vals, df[col], strict=True)]
                else:
                    df[col] = [None if v is not None and v != v else v for v in vals]
        return df

    @cached_property
    def sections(self) -> pd.DataFrame:
        """One row per section, with its text, themes and one score column per theme.

        ``text`` is the section's whole span (``start``–``end``: its heading, its own text and
        all its sub-sections), so the text of a sub-section is also in every section above
        it. ``own_text`` is the section's heading and what follows it up to its first
        sub-section (the whole span when it has none): the own texts of a document's sections
        never overlap, and the analyses use them at section level (``section_text="own"``).
        """
        rows = []
        for d in self.docs:
            own_end = own_ends(d.sections)
            for s in d.sections:
                row: dict[str, Any] = {
                    "doc_id": d.doc_id, "section_id": s.id, "parent_id": s.parent,
                    "depth": s.depth, "marker": s.marker, "title": s.title,
                    "text": d.text[s.start:s.end], "own_text": d.text[s.start:own_end[s.id]],
                    "themes": list(s.themes),
                    "theme": s.themes[0] if s.themes else None, "start": s.start, "end": s.end,
                    "path": " > ".join(s.path),
                }
                for t in THEMES:
                    row[f"score_{t}"] = float(s.scores.get(t, 0.0))
                rows.append(row)
        return pd.DataFrame(rows, columns=SECTION_COLUMNS)

    @cached_property
    def removed(self) -> pd.DataFrame:
        """One row per removed line or span, with the rule and reason."""
        rows = [{k: getattr(r, k) for k in REMOVED_COLUMNS} for r in self._result.removed]
        df = pd.DataFrame(rows, columns=REMOVED_COLUMNS)
        for c in ("start", "end"):
            df[c] = df[c].astype("Int64")
        return df

    @cached_property
    def errors(self) -> pd.DataFrame:
        """One row per input that could not be cleaned."""
        return pd.DataFrame([e.to_dict() for e in self._result.errors], columns=ERROR_COLUMNS)

    @cached_property
    def skipped(self) -> pd.DataFrame:
        """Records of web archives that are no pages, counted by archive and reason
        (``not_html``, ``redirect``, ``http_error``, ``revisit``, ``request``, ...)."""
        return pd.DataFrame([s.to_dict() for s in self._result.skipped],
                            columns=SKIPPED_COLUMNS)

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables the exports write: ``documents``, ``sections`` and ``removed``."""
        return {name: getattr(self, name) for name in EXPORTED}

    def to_csv(self, folder: str | os.PathLike, *, prefix: str = "",
               sep: str = ";") -> list[Path]:
        """Write ``documents``, ``sections`` and ``removed`` as ``<folder>/<prefix>documents.csv``
        (and so on): UTF-8 with a BOM so Excel shows the Chinese, list columns as
        ``师德;送温暖``, each with a ``.csv-metadata.json`` that :func:`~unioncorpus.export.read_table`
        reads them back with. Returns the CSV paths."""
        from .export import export_table

        return [export_table(df, Path(folder) / f"{prefix}{name}.csv", sep=sep)
                for name, df in self.tables().items()]

    def to_excel(self, path: str | os.PathLike, *, sep: str = ";") -> Path:
        """Write ``documents``, ``sections`` and ``removed`` as sheets of one workbook
        (``.xlsx``, through openpyxl: ``pip install 'unioncorpus[excel]'``); read a sheet
        back with ``read_table(path, sheet="sections")``. Excel shows at most 32,767
        characters of a cell: a warning says when a text is longer."""
        from .export import _write_excel

        p = Path(path)
        if p.suffix.lower() != ".xlsx":
            raise InputError(f"to_excel writes a .xlsx workbook; end {os.fspath(path)!r} "
                             "with .xlsx")
        _write_excel(self.tables(), p, sep)
        return p

    def to_parquet(self, folder: str | os.PathLike, *, prefix: str = "") -> list[Path]:
        """Write ``documents``, ``sections`` and ``removed`` as ``<folder>/<prefix>documents.parquet``
        (and so on), through pyarrow (``pip install 'unioncorpus[parquet]'``): list columns
        as list types, ``year`` as a nullable integer. Returns the paths."""
        from .export import export_table

        return [export_table(df, Path(folder) / f"{prefix}{name}.parquet")
                for name, df in self.tables().items()]

    def tokens(self, level: str = "document", *, segmenter: Callable[[str], list[str]] | None
               = None, theme: str | None = None, section_text: str = "own"
               ) -> list[list[str]]:
        """Token lists aligned with the rows of ``documents`` or ``sections``.

        Parameters:
            level: ``"document"`` or ``"section"``.
            segmenter: a callable ``str -> list[str]``; default a shared
                :class:`~unioncorpus.segmentation.Segmenter` with stopwords removed.
            theme: at section level, keep only sections carrying this theme.
            section_text: at section level, ``"own"`` (default: the section's ``own_text``,
                so no character of a document is tokenized twice) or ``"subtree"`` (its
                ``text``, sub-sections included).
        """
        if section_text not in SECTION_TEXTS:
            raise ValueError(f"section_text={section_text!r}; use 'own' or 'subtree'")
        frame = self._frame(level, theme)
        if segmenter is None:
            from .segmentation import Segmenter

            segmenter = Segmenter()
        col = "own_text" if level == "section" and section_text == "own" else "text"
        return [segmenter(t) for t in frame[col]]

    def _frame(self, level: str, theme: str | None = None) -> pd.DataFrame:
        if level == "document":
            if theme is not None:
                raise ValueError("theme= needs level='section'; themes belong to sections")
            return self.documents
        if level == "section":
            df = self.sections
            if theme is not None:
                if theme not in THEMES:
                    raise ValueError(f"theme={theme!r} is not one of {', '.join(THEMES)}")
                df = df[df["themes"].map(lambda ts: theme in ts)]
            return df
        raise ValueError(f"level={level!r}; use 'document' or 'section'")

    def __len__(self) -> int:
        return len(self.docs)

    def __repr__(self) -> str:
        n_src = len({d.source for d in self.docs})
        return (f"<Corpus: {len(self.docs)} documents from {n_src} pages, "
                f"{sum(len(d.sections) for d in self.docs)} sections, "
                f"{len(self._result.removed)} removals, {len(self._result.errors)} errors>")

    def _repr_html_(self) -> str:
        head = self.documents[["doc_id", "title", "doc_type", "school", "year", "published",
                               "n_chars", "n_sections"]].head(20)
        return f"<p><b>{self!r}</b></p>" + head.to_html(index=False, na_rep="")


def own_ends(sections: Iterable[Section]) -> dict[str, int]:
    """Section id → offset where the section's own text ends: the start of its first
    sub-section, or its own end when it has none. Sub-sections tile the rest of their
    parent's span (the parser ends a section where the next heading of its depth or above
    starts), so ``text[start:own_end]`` of all sections never overlap."""
    secs = list(sections)
    out = {s.id: s.end for s in secs}
    for s in secs:
        if s.parent is not None and s.parent in out:
            out[s.parent] = min(out[s.parent], s.start)
    return out


def load(paths: str | os.PathLike | Iterable[str | os.PathLike], *,
         rules: str | os.PathLike | None = None, sections: bool = True, themes: Any = None,
         progress: bool | None = None, jobs: int = 1, engine: str = "local",
         scheduler: str | None = None, cache: bool | str | os.PathLike | None = None,
         exclude: Iterable[str | os.PathLike] = (), line_model: Any = None,
         site_templates: bool = True, relevance: Any = None,
         jsonl_fields: Mapping[str, str] | None = None,
         on_error: Callable[[Any], None] | None = None) -> Corpus:
    """Clean pages (or load a ``documents.jsonl``) into a :class:`Corpus`.

    Parameters (all but ``paths`` as for :func:`~unioncorpus.pipeline.clean_files`):
        paths: files, folders or globs: pages (``.txt``, ``.html``), web archives
            (``.warc``, ``.warc.gz``, ``.wacz``), crawler feeds (``.jsonl``) or a
            ``documents.jsonl`` from an earlier run (loaded with its ``removed.jsonl``).
        rules: a boilerplate TSV file replacing the packaged rules.
        sections: parse the heading tree and themes (False: documents only, faster).
        themes: a theme lexicon (path or dict) or a fitted classifier
            (:func:`~unioncorpus.themes.train_theme_classifier`).
        progress: a progress bar on stderr (default: when more than one file).
        jobs: worker processes; the output is identical to ``jobs=1``.
        engine: ``"local"`` (a process pool) or ``"dask"``; ``scheduler`` is the Dask
            scheduler's address (None: a local cluster).
        cache: a folder for the content-hash cache of cleaned pages, True for the default
            folder, None for none.
        exclude: folders whose files are never read.
        line_model: the line model file replacing the packaged one, or False for the rules
            alone.
        site_templates: learn and remove lines recurring across a site's pages.
        relevance: the page-relevance patterns file, or False to keep off-topic pages and
            blog posts.
        jsonl_fields: a crawler feed's field names by role (``{"url": "link", "html":
            "body"}``).
        on_error: called with each :class:`~unioncorpus.pipeline.ErrorRecord` as it happens.

    Returns:
        A :class:`Corpus`; a bad option or a missing path raises
        :class:`~unioncorpus.errors.InputError` before any page is read.

    Example:
        >>> import unioncorpus as uc
        >>> corpus = uc.load("data/raw")                        # doctest: +SKIP
        >>> corpus.sections.groupby("theme").size()            # doctest: +SKIP
    """
    result = clean_files(paths, rules=rules, sections=sections, themes=themes,
                         progress=progress, jobs=jobs, engine=engine, scheduler=scheduler,
                         cache=cache, exclude=exclude, line_model=line_model,
                         site_templates=site_templates, relevance=relevance,
                         jsonl_fields=jsonl_fields, on_error=on_error)
    return Corpus(result.documents, result)
