"""Shared plumbing for the analysis functions: pick the rows, tokenize them, count characters.

Every public analysis function accepts either a :class:`~unioncorpus.Corpus` (anything with
``.documents`` and ``.sections``) or a DataFrame that already holds the rows to analyse (it
needs a ``text`` column; grouping columns must be present).

Units: at ``level="section"`` a row is a section and its text is, by default, the section's
own text (``section_text="own"``: its heading and what follows up to its first sub-section),
so each character of a document is analysed at most once; ``section_text="subtree"`` takes
the whole span, sub-sections included (a sub-section's text then also counts in every
section above it). A DataFrame with an ``own_text`` column (``corpus.sections``) is treated
the same way. Every output table records its unit and method in ``.attrs``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..errors import InputError
from ..normalise import HAN_RE, han_count  # noqa: F401  (re-exported for the analyses)

Tokenizer = Callable[[str], Sequence[str]]

LEVELS = ("document", "section")
SECTION_TEXTS = ("own", "subtree")
# Columns of ``documents`` that describe the whole document's text: never copied onto section
# rows (summed over sections they would count a document once per section). Every other
# document column, including one the user added (``documents["region"] = ...``), is copied,
# so sections can be grouped by it.
DOC_ONLY = ("text", "n_chars", "n_han", "n_sections")
UNIT_NAMES = {
    "document": "document (whole text)",
    "own": "section (own text: heading to first sub-section; no character counted twice)",
    "subtree": "section (whole span, sub-sections included: nested text counted again)",
    "rows": "rows of the DataFrame as given",
}

def is_corpus(obj: Any) -> bool:
    """True for a Corpus (or a view of one): it has ``.documents`` and ``.sections``."""
    return hasattr(obj, "documents") and hasattr(obj, "sections")


def check_level(level: str) -> None:
    if level not in LEVELS:
        raise InputError(f"level={level!r}; use 'document' or 'section'")


def check_bootstrap(ci: float, n_boot: int, min_documents: int) -> None:
    """The options of a document-resampling bootstrap (trends, topic prevalence)."""
    if not 0 < ci < 1:
        raise InputError(f"ci={ci!r}; use a confidence level between 0 and 1, e.g. 0.95")
    if not isinstance(n_boot, (int, np.integer)) or n_boot < 1:
        raise InputError(f"n_boot={n_boot!r}; use a number of resamples >= 1, e.g. 1000")
    if not isinstance(min_documents, (int, np.integer)) or min_documents < 1:
        raise InputError(f"min_documents={min_documents!r}; use a number of documents >= 1")


def document_bootstrap(num: np.ndarray, den: np.ndarray, *, n_boot: int, ci: float,
                       seed: Any) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval of the ratio of sums ``num.sum(0) / den.sum()`` over ``n_boot``
    resamples of the documents: one row of ``num`` (values per item) and one of ``den`` per
    document, documents drawn with replacement (the document is the independent unit).
    ``seed`` seeds numpy's generator (an int or a ``SeedSequence``)."""
    n = len(den)
    draw = np.random.default_rng(seed).integers(0, n, size=(n_boot, n))
    with np.errstate(invalid="ignore", divide="ignore"):
        boot = num[draw].sum(axis=1) / den[draw].sum(axis=1)[:, None]
    lo_q, hi_q = (1 - ci) / 2, 1 - (1 - ci) / 2
    return np.nanquantile(boot, lo_q, axis=0), np.nanquantile(boot, hi_q, axis=0)


def check_section_text(section_text: str) -> None:
    if section_text not in SECTION_TEXTS:
        raise InputError(f"section_text={section_text!r}; use 'own' (each character once) or "
                         f"'subtree' (sub-sections included)")


def unit_of(data: Any, level: str, section_text: str = "own") -> str:
    """A short description of the unit a table was computed on (for ``.attrs["unit"]``)."""
    if isinstance(data, pd.DataFrame):
        return UNIT_NAMES[section_text] if "own_text" in data.columns else UNIT_NAMES["rows"]
    return UNIT_NAMES["document" if level == "document" else section_text]


def describe(frame: pd.DataFrame, **info: Any) -> pd.DataFrame:
    """Record how a table was made (unit, method, parameters) in ``frame.attrs``."""
    frame.attrs.update(info)
    return frame


def get_frame(data: Any, level: str = "document", theme: str | None = None,
              drop_copied: bool = False, section_text: str = "own") -> pd.DataFrame:
    """The rows to analyse, as a fresh DataFrame with a default index.

    Section rows get the document columns (``school``, ``year``, ``doc_type``, and any column
    the user added to ``documents``; not the document's size columns) merged in, so sections
    can be grouped by them. At section level ``text`` is the section's own text
    (``section_text="own"``) or its whole span (``"subtree"``); see the module docstring.
    ``theme`` keeps sections whose ``themes`` include it (at document level it keeps
    documents that have at least one such section, when sections are available).
    ``drop_copied=True`` first removes passages shared with another document (see
    :func:`unioncorpus.analysis.reuse.drop_copied`).
    """
    check_level(level)
    check_section_text(section_text)
    if isinstance(data, str) or not (is_corpus(data) or isinstance(data, pd.DataFrame)):
        raise InputError(
            f"expected a Corpus or a pandas DataFrame of documents/sections, got "
            f"{type(data).__name__}; build one with unioncorpus.load(paths)")
    if drop_copied:
        from .reuse import drop_copied as _drop

        data = _drop(data)
    if isinstance(data, pd.DataFrame):
        frame = data.copy()
        if "text" not in frame.columns:
            raise InputError("the DataFrame needs a 'text' column")
        if theme is not None:
            if "themes" not in frame.columns:
                raise InputError(f"theme={theme!r} needs a 'themes' column (section rows)")
            frame = frame[frame["themes"].map(lambda ts: _has(ts, theme))]
        return _section_text(frame, section_text).reset_index(drop=True)
    docs = data.documents
    if level == "document":
        frame = docs.copy()
        if theme is not None:
            secs = data.sections
            keep = set(secs.loc[secs["themes"].map(lambda ts: _has(ts, theme)), "doc_id"])
            frame = frame[frame["doc_id"].isin(keep)]
        return frame.reset_index(drop=True)
    secs = data.sections.copy()
    if theme is not None:
        secs = secs[secs["themes"].map(lambda ts: _has(ts, theme))]
    meta = [c for c in docs.columns if c not in DOC_ONLY and c not in secs.columns]
    if meta:
        secs = secs.merge(docs[["doc_id", *meta]], on="doc_id", how="left")
    return _section_text(secs, section_text).reset_index(drop=True)


def _section_text(frame: pd.DataFrame, section_text: str) -> pd.DataFrame:
    # Sections carry both texts; the analyses read ``text``, so put the chosen one there.
    if "own_text" not in frame.columns:
        return frame
    if section_text == "own":
        frame = frame.assign(text=frame["own_text"])
    return frame.drop(columns="own_text")


def _has(value: Any, item: str) -> bool:
    if isinstance(value, str):
        return value == item
    try:
        return item in value
    except TypeError:
        return False


def default_tokenizer() -> Tokenizer:
    """The project's :class:`~unioncorpus.segmentation.Segmenter` (imported lazily)."""
    try:
        from ..segmentation import Segmenter
    except ImportError as exc:  # the segmenter module is written in parallel
        raise InputError(
            "unioncorpus.segmentation is not available; pass tokenizer=callable "
            "(e.g. str.split for whitespace-separated text)") from exc
    return Segmenter()


def tokenize(frame: pd.DataFrame, tokenizer: Tokenizer | None = None) -> list[list[str]]:
    """Token lists aligned with the rows of ``frame`` (empty text gives an empty list)."""
    tok = tokenizer if tokenizer is not None else default_tokenizer()
    out = []
    for text in frame["text"]:
        toks = tok(text) if isinstance(text, str) and text else []
        out.append([t for t in toks if t and not t.isspace()])
    return out


def group_values(frame: pd.DataFrame, by: str | None) -> pd.Series:
    """The group label of every row (lists, e.g. ``themes``, stay lists)."""
    if by is None:
        return pd.Series(["全部"] * len(frame), index=frame.index, dtype=object)
    if by not in frame.columns:
        raise InputError(f"by={by!r} is not a column; available: {', '.join(map(str, frame.columns))}")
    return frame[by]


def explode_groups(values: pd.Series) -> list[list[Any]]:
    """For each row the list of groups it belongs to (missing values belong to none)."""
    out: list[list[Any]] = []
    for v in values:
        if isinstance(v, (list, tuple, set)):
            out.append([x for x in v if not _missing(x)])
        else:
            out.append([] if _missing(v) else [v])
    return out


def _missing(v: Any) -> bool:
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def sorted_groups(groups: list[list[Any]]) -> list[Any]:
    """Distinct groups in a stable order (sorted when comparable, else first-seen)."""
    seen: dict[Any, None] = {}
    for gs in groups:
        for g in gs:
            seen.setdefault(g, None)
    try:
        return sorted(seen)
    except TypeError:
        return list(seen)


def unit_id_columns(frame: pd.DataFrame) -> list[str]:
    """The columns that identify a row: ``doc_id`` and, for sections, ``section_id``."""
    return [c for c in ("doc_id", "section_id") if c in frame.columns]
