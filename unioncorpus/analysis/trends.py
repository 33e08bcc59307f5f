"""Term and theme shares by year (or any document column), with intervals that resample
documents within each year.

Unit: documents. A term's rate is its count × 1000 / the Han characters of the year's
documents (每千字, as :func:`~unioncorpus.analysis.frequency.term_frequencies`), or the share
of the year's documents that use it; a theme's share is of the Han characters of the year's
sections' own text (each character once, under its most specific heading, as
:func:`~unioncorpus.analysis.compare.compare_groups`), or of its sections. Either way the
value is a ratio of sums over the year's documents, and the interval is a percentile
bootstrap that draws the year's documents with replacement (a document brings all its
words and sections: they are not independent of each other).
"""

from __future__ import annotations

import re
import warnings
from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..errors import InputError
from ..models import THEMES
from ._common import (
    Tokenizer,
    check_bootstrap,
    describe,
    document_bootstrap,
    get_frame,
    han_count,
    tokenize,
)
from .topics import MIN_DOCUMENTS

TERM_MEASURES = ("per_1000_chars", "doc_share")
THEME_MEASURES = ("share_chars", "share_sections")
MATCHES = ("token", "substring")
UNASSIGNED = "其他"  # a section with no theme counts under the codebook's fallback
TREND_COLUMNS = ["value", "ci_low", "ci_high", "count", "total", "n_documents", "ci_reliable"]


def trend(corpus: Any, terms: Sequence[str] | None = None, *, themes: bool = False,
          by: str = "year", measure: str | None = None, match: str = "token",
          n_boot: int = 1000, ci: float = 0.95, random_state: int = 0,
          min_documents: int = MIN_DOCUMENTS, tokenizer: Tokenizer | None = None,
          drop_copied: bool = False) -> pd.DataFrame:
    """Shares of ``terms`` (or, with ``themes=True``, of every theme) for each value of ``by``.

    Parameters:
        corpus: a :class:`~unioncorpus.Corpus` (themes need its sections).
        terms: words to follow; or ``themes=True`` for the six themes.
        by: a document column, ``year`` by default (documents without a value are left out;
            a column joined from your own table works too).
        measure: terms: ``per_1000_chars`` (default: occurrences per 1,000 Han characters) or
            ``doc_share`` (share of documents using the term); themes: ``share_chars``
            (default: share of the Han characters of the sections' own text) or
            ``share_sections`` (share of sections, each under its primary theme).
        match: ``token`` (default: a term counts where the segmenter gives it as one token,
            as in ``term_frequencies``) or ``substring`` (every occurrence in the text). A
            term that is never a token but occurs in the text is named in a warning.
        n_boot, ci, random_state: the bootstrap: ``n_boot`` resamples of each year's
            documents, a ``ci`` percentile interval; each year draws from its own stream of
            ``random_state``, so adding a year does not move another's interval.
        min_documents: a year with fewer documents gets no interval (``ci_low``/``ci_high``
            NaN, ``ci_reliable`` False, and a warning); below the default (10) intervals are
            computed but ``ci_reliable`` stays False.

    Returns one row per year and term (or theme): ``by``, ``term`` (or ``theme``), ``value``,
    ``ci_low``, ``ci_high``, ``count`` (occurrences, documents, Han characters or sections,
    per ``measure``), ``total`` (its denominator), ``n_documents`` (those with Han text, and
    for themes with sections: a document without adds nothing to the ratio), ``ci_reliable``.
    Years come in order (school levels youngest first when ``by="school_level"``).
    ``.attrs`` records the unit, measure, method and parameters.

    Example:
        >>> df = pd.DataFrame({"doc_id": list("abcd"), "year": [2020, 2020, 2021, 2021],
        ...                    "text": ["送温暖 工会", "工会", "送温暖 送温暖", "送温暖"]})
        >>> t = trend(df, ["送温暖"], tokenizer=str.split, min_documents=2, n_boot=50)
        >>> t[["year", "count", "n_documents"]].values.tolist()
        [[2020, 1, 2], [2021, 3, 2]]
    """
    if (terms is None) == (not themes):
        raise InputError("pass terms=[...] or themes=True (one of them)")
    if isinstance(terms, str):
        raise InputError(f"terms={terms!r} is one string; pass a list, e.g. terms=[{terms!r}]")
    measures = THEME_MEASURES if themes else TERM_MEASURES
    measure = measure or measures[0]
    if measure not in measures:
        raise InputError(f"measure={measure!r}; use one of {', '.join(measures)}")
    if match not in MATCHES:
        raise InputError(f"match={match!r}; use 'token' or 'substring'")
    check_bootstrap(ci, n_boot, min_documents)
    docs = get_frame(corpus, "document", drop_copied=drop_copied)
    if by not in docs.columns:
        raise InputError(f"by={by!r} is not a document column; available: "
                         f"{', '.join(map(str, docs.columns))}")
    if "doc_id" not in docs.columns:
        docs = docs.assign(doc_id=[f"row{i}" for i in range(len(docs))])
    docs = docs[docs[by].notna()].reset_index(drop=True)
    if themes:
        items, num, den = _theme_counts(corpus, docs, measure, drop_copied)
        item_col = "theme"
    else:
        items = [str(t) for t in terms or []]
        if not items or any(not t for t in items):
            raise InputError("terms is empty or holds an empty string; pass the words to follow")
        num, den = _term_counts(docs, items, measure, match, tokenizer)
        item_col = "term"
    groups = docs[by]
    keys = _ordered(list(pd.unique(groups)))
    streams = np.random.SeedSequence(random_state).spawn(len(keys))
    rows, few = [], []
    for g, stream in zip(keys, streams, strict=True):
        idx = np.flatnonzero((groups == g).to_numpy())
        if measure != "doc_share":  # a document with no Han text (or no sections) has no rate
            idx = idx[den[idx] > 0]
        n_docs = len(idx)
        sub_num, sub_den = num[idx], den[idx]
        total = float(sub_den.sum())
        value = sub_num.sum(axis=0) / total if total else np.full(len(items), np.nan)
        if n_docs >= min_documents:
            low, high = document_bootstrap(sub_num, sub_den, n_boot=n_boot, ci=ci, seed=stream)
        else:
            few.append(f"{g} ({n_docs})")
            low = high = np.full(len(items), np.nan)
        scale = 1000.0 if measure == "per_1000_chars" else 1.0
        for j, item in enumerate(items):
            c = sub_num[:, j].sum()
            rows.append({by: g, item_col: item, "value": float(value[j]) * scale,
                         "ci_low": float(low[j]) * scale, "ci_high": float(high[j]) * scale,
                         "count": int(c) if float(c).is_integer() else float(c),
                         "total": int(total) if total.is_integer() else total,
                         "n_documents": n_docs,
                         "ci_reliable": bool(n_docs >= max(min_documents, MIN_DOCUMENTS))})
    if few:
        warnings.warn(f"trend: {len(few)} value(s) of {by!r} rest on fewer than "
                      f"min_documents={min_documents} documents and get no interval (NaN): "
                      f"{', '.join(few)}. Pool years (e.g. a column of periods) or lower "
                      f"min_documents to compute them anyway.", UserWarning, stacklevel=2)
    out = pd.DataFrame(rows, columns=[by, item_col, *TREND_COLUMNS])
    what = {"per_1000_chars": "occurrences per 1,000 Han characters of the documents",
            "doc_share": "share of documents using the term",
            "share_chars": "share of the Han characters of the sections' own text",
            "share_sections": "share of sections (each under its primary theme)"}[measure]
    unit = ("section (own text), resampled by document" if themes
            else "document (whole text)")
    return describe(out, unit=unit, measure=measure, by=by, ci=ci, n_boot=n_boot,
                    random_state=random_state, min_documents=min_documents,
                    match=None if themes else match, kind=item_col, drop_copied=drop_copied,
                    method=f"{what}: ratio of sums over the documents of each {by}; "
                           f"percentile bootstrap resampling documents within each {by}")


def _ordered(keys: list[Any]) -> list[Any]:
    """Groups in order: school levels youngest first (``unknown`` last), else sorted."""
    from ..schools.level import LEVELS, UNKNOWN

    if keys and set(keys) <= {*LEVELS, UNKNOWN}:
        return sorted(keys, key=lambda k: LEVELS.index(k) if k in LEVELS else len(LEVELS))
    try:
        return sorted(keys)
    except TypeError:
        return keys


def _term_counts(docs: pd.DataFrame, terms: list[str], measure: str, match: str,
                 tokenizer: Tokenizer | None) -> tuple[np.ndarray, np.ndarray]:
    """Per document: counts of each term (or 0/1 for doc_share), and the denominator."""
    texts = [t if isinstance(t, str) else "" for t in docs["text"]]
    counts = np.zeros((len(texts), len(terms)))
    if match == "token":
        toks = tokenize(docs, tokenizer)
        for i, ts in enumerate(toks):
            c = Counter(ts)
            counts[i] = [c[t] for t in terms]
        unseen = [t for j, t in enumerate(terms) if counts[:, j].sum() == 0
                  and any(t in x for x in texts)]
        if unseen:
            warnings.warn(f"trend: {', '.join(unseen)} occur(s) in the text but never as one "
                          f"token of the segmenter; pass match='substring', or add the word "
                          f"to the segmenter's user dictionary.", UserWarning, stacklevel=3)
    else:
        pats = [re.compile(re.escape(t)) for t in terms]
        for i, x in enumerate(texts):
            counts[i] = [len(p.findall(x)) for p in pats]
    if measure == "doc_share":
        return (counts > 0).astype(float), np.ones(len(texts))
    return counts, np.array([han_count(x) for x in texts], dtype=float)


def _theme_counts(corpus: Any, docs: pd.DataFrame, measure: str, drop_copied: bool
                  ) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Per document: Han characters (or sections) of each theme's sections, and all of them."""
    if isinstance(corpus, pd.DataFrame) or not hasattr(corpus, "sections"):
        raise InputError("themes=True needs a Corpus (its sections carry the themes)")
    secs = get_frame(corpus, "section", drop_copied=drop_copied)
    themes = list(THEMES)
    extra = sorted(set(secs["theme"].dropna()) - set(themes))
    themes += extra
    pos = {t: j for j, t in enumerate(themes)}
    row_of = {d: i for i, d in enumerate(docs["doc_id"])}
    num = np.zeros((len(docs), len(themes)))
    for d, theme, text in zip(secs["doc_id"], secs["theme"], secs["text"], strict=True):
        i = row_of.get(d)
        if i is None:
            continue
        t = theme if isinstance(theme, str) else UNASSIGNED
        num[i, pos[t]] += han_count(text) if measure == "share_chars" else 1
    return themes, num, num.sum(axis=1)
