"""Cross-group comparison (schools, years, document types) in one call."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.metrics.pairwise import cosine_similarity

from ..errors import InputError
from ..models import THEMES
from ._common import UNIT_NAMES, Tokenizer, describe, get_frame, han_count, tokenize
from .keyness import keyness

UNASSIGNED = "其他"  # sections without a theme fall back to the codebook's 其他


@dataclass
class Comparison:
    """What :func:`compare_groups` returns.

    Attributes:
        sizes: per group ``n_documents``, ``n_sections``, ``n_han`` (Han characters of the
            documents).
        theme_shares: per group and theme ``n_han`` (Han characters of the sections' own
            text, i.e. without their sub-sections, so nothing is counted twice), ``sections``
            (number of sections whose primary theme it is), ``share_chars`` (share of the
            group's sections' Han characters), ``share_sections``.
        distinctive: the ``n_terms`` most distinctive terms of each group against the rest
            (:func:`~unioncorpus.analysis.keyness.keyness`, one-vs-rest).
        similarity: group × group cosine similarity of TF-IDF vectors (each group's tokens
            pooled into one document; idf computed across the groups).
    """

    sizes: pd.DataFrame
    theme_shares: pd.DataFrame
    distinctive: pd.DataFrame
    similarity: pd.DataFrame
    by: str
    params: dict[str, Any] = field(default_factory=dict)


def compare_groups(corpus: Any, by: str = "school", *, n_terms: int = 10,
                   method: str = "logodds", min_count: int = 3,
                   tokenizer: Tokenizer | None = None, drop_copied: bool = False) -> Comparison:
    """Theme shares, distinctive terms and similarity for every value of ``by``.

    ``by`` is any column of ``corpus.documents``, including one you added
    (``corpus.documents["region"] = ...``). Documents whose ``by`` is missing are left out of
    every table (they still count in the reference corpus of ``distinctive``). Units: sizes,
    terms and similarity use whole documents; theme shares use each section's own text (every
    character once, under its most specific heading). Each table's ``.attrs`` says so.

    Example:
        >>> c = compare_groups(corpus, by="school")              # doctest: +SKIP
        >>> c.theme_shares.pivot(index="school", columns="theme", values="share_chars")  # doctest: +SKIP
    """
    if not hasattr(corpus, "documents"):
        raise InputError("compare_groups needs a Corpus (documents and sections); "
                         "build one with unioncorpus.load(paths)")
    if drop_copied:
        from .reuse import drop_copied as _drop

        corpus = _drop(corpus)
    docs = get_frame(corpus, "document")
    if by not in docs.columns:
        raise InputError(f"by={by!r} is not a document column; available: "
                         f"{', '.join(docs.columns)}")
    secs = get_frame(corpus, "section")
    # A section belongs to its document's group (whatever columns the sections table has).
    group_of = dict(zip(docs["doc_id"], docs[by], strict=True))
    secs[by] = secs["doc_id"].map(group_of)
    keep = docs[by].notna()
    groups = sorted(docs.loc[keep, by].unique())

    sizes = pd.DataFrame({
        by: groups,
        "n_documents": [int((docs[by] == g).sum()) for g in groups],
        "n_sections": [int((secs[by] == g).sum()) for g in groups],
        "n_han": [sum(han_count(t) for t in docs.loc[docs[by] == g, "text"]) for g in groups],
    })
    # get_frame gives each section's own text when the sections carry it; a sections table
    # without ``own_text`` holds whole spans, whose nesting _theme_shares then takes out.
    shares = _theme_shares(secs, by, groups, nested="own_text" not in corpus.sections.columns)

    toks = tokenize(docs, tokenizer)
    dist = keyness(docs.assign(text=docs["text"]), by, None, method=method, min_count=min_count,
                   tokenizer=_Precomputed(docs["text"], toks))
    dist = dist[dist["rank"] <= n_terms].reset_index(drop=True)

    pooled: dict[Any, Counter[str]] = {g: Counter() for g in groups}
    for g, t in zip(docs[by], toks, strict=True):
        if g in pooled:
            pooled[g].update(t)
    if groups:
        x = DictVectorizer().fit_transform([pooled[g] for g in groups])
        sim = cosine_similarity(TfidfTransformer().fit_transform(x))
    else:
        sim = np.zeros((0, 0))
    similarity = pd.DataFrame(sim, index=pd.Index(groups, name=by), columns=groups)
    params = {"by": by, "n_terms": n_terms, "method": method, "min_count": min_count,
              "similarity": "cosine of pooled-group TF-IDF", "drop_copied": drop_copied}
    describe(sizes, unit=UNIT_NAMES["document"], method="counts per group", by=by)
    describe(shares, unit=UNIT_NAMES["own"], method="Han characters and sections per primary "
             "theme", by=by)
    describe(dist, unit=UNIT_NAMES["document"], by=by)
    describe(similarity, unit=UNIT_NAMES["document"], method=params["similarity"], by=by)
    return Comparison(sizes, shares, dist, similarity, by, params)


class _Precomputed:
    """A tokenizer that returns tokens computed once (so keyness does not segment again)."""

    def __init__(self, texts: pd.Series, toks: list[list[str]]) -> None:
        self._map = dict(zip(texts, toks, strict=True))

    def __call__(self, text: str) -> list[str]:
        return self._map[text]


def _theme_shares(secs: pd.DataFrame, by: str, groups: list[Any], *,
                  nested: bool = False) -> pd.DataFrame:
    cols = [by, "theme", "n_han", "sections", "share_chars", "share_sections"]
    if secs.empty:
        return pd.DataFrame(columns=cols)
    secs = secs.copy()
    secs["theme"] = secs["theme"].fillna(UNASSIGNED)
    own = secs["text"].map(han_count)
    if nested:
        # Whole spans include their sub-sections: subtract the direct children so each
        # character is counted once, under the most specific heading.
        child_chars = own.groupby([secs["doc_id"], secs["parent_id"]]).sum()
        own = own - [child_chars.get((d, s), 0)
                     for d, s in zip(secs["doc_id"], secs["section_id"], strict=True)]
    secs["own_chars"] = own.clip(lower=0)
    themes = list(THEMES) + sorted(set(secs["theme"]) - set(THEMES))
    rows = []
    for g in groups:
        sub = secs[secs[by] == g]
        tot_c, tot_s = sub["own_chars"].sum(), len(sub)
        for t in themes:
            m = sub["theme"] == t
            c, s = int(sub.loc[m, "own_chars"].sum()), int(m.sum())
            rows.append({by: g, "theme": t, "n_han": c, "sections": s,
                         "share_chars": c / tot_c if tot_c else 0.0,
                         "share_sections": s / tot_s if tot_s else 0.0})
    return pd.DataFrame(rows, columns=cols)
