"""Topic models (NMF or LDA from scikit-learn) over segmented documents or sections, with
coherence, a seed-stability check for choosing k, and topic prevalence by group."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.optimize import linear_sum_assignment
from sklearn.decomposition import NMF, LatentDirichletAllocation
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

from ..errors import InputError
from ._common import Tokenizer, get_frame, tokenize, unit_id_columns

METHODS = ("nmf", "lda")


def _identity(tokens: Sequence[str]) -> Sequence[str]:
    # Module-level (not a lambda) so fitted vectorizers pickle.
    return tokens


class TopicModel:
    """Scikit-learn style topic model on token lists.

    ``__init__`` only stores parameters; :meth:`fit` takes a list of token lists and sets
    ``vectorizer_``, ``model_``, ``dtm_`` (document-term counts), ``terms_``, ``components_``
    (topic × term weights) and ``doc_topic_`` (rows sum to 1, or 0 for an empty row).
    NMF runs on TF-IDF weights (``init="nndsvda"``), LDA on raw counts (batch learning), both
    seeded by ``random_state``. The vectorizer uses ``analyzer=`` on the given tokens, so
    one-character words (会, 家) are kept.

    Example:
        >>> docs = [["工会", "温暖"], ["工会", "家"], ["师德", "学习"], ["师德", "教师"]]
        >>> TopicModel(k=2, min_df=1).fit(docs).components_.shape
        (2, 6)
    """

    def __init__(self, k: int = 8, method: str = "nmf", *, min_df: int | float = 2,
                 max_df: int | float = 1.0, max_iter: int | None = None,
                 random_state: int | None = 0) -> None:
        self.k = k
        self.method = method
        self.min_df = min_df
        self.max_df = max_df
        self.max_iter = max_iter
        self.random_state = random_state

    def fit(self, token_lists: Sequence[Sequence[str]]) -> TopicModel:
        if isinstance(token_lists, str) or (len(token_lists) and isinstance(token_lists[0], str)):
            raise InputError("expected a list of token lists (one per document), got a str or "
                             "a flat list of tokens; segment each document first")
        if self.method not in METHODS:
            raise InputError(f"method={self.method!r}; use 'nmf' or 'lda'")
        if not isinstance(self.k, (int, np.integer)) or self.k < 1:
            raise InputError(f"k={self.k!r}; use a number of topics >= 1")
        self.vectorizer_ = CountVectorizer(analyzer=_identity, min_df=self.min_df,
                                           max_df=self.max_df)
        try:
            self.dtm_ = self.vectorizer_.fit_transform(token_lists)
        except ValueError as exc:  # empty vocabulary after min_df/max_df
            raise InputError(f"no terms left to model ({exc}); lower min_df={self.min_df!r} "
                             f"or check the tokens") from exc
        self.terms_ = self.vectorizer_.get_feature_names_out()
        if self.method == "nmf":
            self.model_ = NMF(n_components=self.k, init="nndsvda", random_state=self.random_state,
                              max_iter=self.max_iter or 1000)
            x = TfidfTransformer().fit_transform(self.dtm_)
            w = self.model_.fit_transform(x)
        else:
            self.model_ = LatentDirichletAllocation(
                n_components=self.k, learning_method="batch", random_state=self.random_state,
                max_iter=self.max_iter or 100)
            w = self.model_.fit_transform(self.dtm_)
        sums = w.sum(axis=1, keepdims=True)
        self.doc_topic_ = np.divide(w, sums, out=np.zeros_like(w), where=sums > 0)
        self.components_ = self.model_.components_
        return self

    def top_terms(self, n: int = 10) -> list[list[str]]:
        """The ``n`` highest-weighted terms of every topic (ties broken by term)."""
        out = []
        for row in self.components_:
            order = np.lexsort((self.terms_, -row))[:n]
            out.append([str(self.terms_[i]) for i in order])
        return out


@dataclass
class TopicResult:
    """What :func:`topics` returns.

    Attributes:
        terms: ``topic``, ``rank``, ``term``, ``weight`` (top ``top_n`` terms per topic).
        doc_topics: one row per document/section: its id columns, ``topic_0`` … proportions,
            and ``topic`` (the largest).
        coherence: ``topic``, ``label``, ``umass_top{N}_window={level}``,
            ``npmi_top{N}_window={level}`` (co-occurrence counted within whole documents or
            sections, over the same rows the model was fit on).
        labels: topic → short label (its three top terms).
        units: the rows modelled, with their metadata (for :func:`topic_prevalence`).
        model_: the fitted :class:`TopicModel` (its ``model_`` is the scikit-learn estimator).
    """

    terms: pd.DataFrame
    doc_topics: pd.DataFrame
    coherence: pd.DataFrame
    labels: dict[int, str]
    units: pd.DataFrame
    model_: TopicModel
    params: dict[str, Any]


def coherence(top: Sequence[Sequence[str]], binary: Any, vocab: dict[str, int]
              ) -> tuple[list[float], list[float]]:
    """UMass and NPMI coherence of each topic's top terms.

    ``binary`` is a units × terms 0/1 matrix (co-occurrence window = one unit). UMass (Mimno et
    al. 2011): mean over ordered pairs of log((D(wi, wj) + 1) / D(wj)), wj ranked higher. NPMI
    (Bouma 2009; Röder et al. 2015): mean over pairs of log(P(wi, wj)/(P(wi)P(wj))) / −log
    P(wi, wj), −1 when the pair never co-occurs.
    """
    x = sparse.csc_matrix(binary, dtype=float)
    n = x.shape[0]
    umass, npmi = [], []
    for terms in top:
        cols = [vocab[t] for t in terms if t in vocab]
        sub = x[:, cols]
        df = np.asarray(sub.sum(axis=0)).ravel()
        co = (sub.T @ sub).toarray()
        u, p = [], []
        for i, j in combinations(range(len(cols)), 2):  # i ranked above j
            u.append(np.log((co[i, j] + 1) / df[i]) if df[i] else np.nan)
            if co[i, j] == 0:
                p.append(-1.0)
                continue
            pij, pi, pj = co[i, j] / n, df[i] / n, df[j] / n
            denom = -np.log(pij)
            p.append(np.log(pij / (pi * pj)) / denom if denom > 0 else 1.0)
        umass.append(float(np.nanmean(u)) if u else float("nan"))
        npmi.append(float(np.mean(p)) if p else float("nan"))
    return umass, npmi


def topics(corpus: Any, k: int = 8, method: str = "nmf", *, level: str = "section",
           theme: str | None = None, top_n: int = 10, min_df: int | float = 2,
           max_df: int | float = 1.0, random_state: int = 0,
           tokenizer: Tokenizer | None = None, drop_copied: bool = False,
           **model_options: Any) -> TopicResult:
    """Fit a topic model on the documents or sections of ``corpus``.

    Same ``random_state``, same data → identical tables. Rows with no tokens get all-zero
    topic proportions and ``topic`` = -1.

    Example:
        >>> df = pd.DataFrame({"doc_id": list("abcd"), "text": [
        ...     "工会 温暖 慰问", "工会 温暖 家", "师德 学习 教师", "师德 教师 培训"]})
        >>> r = topics(df, k=2, level="document", min_df=1, tokenizer=str.split)
        >>> sorted(r.terms.columns)
        ['rank', 'term', 'topic', 'weight']
    """
    frame = get_frame(corpus, level, theme, drop_copied)
    toks = tokenize(frame, tokenizer)
    model = TopicModel(k, method, min_df=min_df, max_df=max_df, random_state=random_state,
                       **model_options).fit(toks)
    top = model.top_terms(top_n)
    rows = []
    for t, (terms, comp) in enumerate(zip(top, model.components_, strict=True)):
        vocab = model.vectorizer_.vocabulary_
        for r, term in enumerate(terms, start=1):
            rows.append({"topic": t, "rank": r, "term": term, "weight": float(comp[vocab[term]])})
    terms_df = pd.DataFrame(rows, columns=["topic", "rank", "term", "weight"])
    labels = {t: "·".join(terms[:3]) for t, terms in enumerate(top)}

    ids = unit_id_columns(frame)
    dt = pd.DataFrame(model.doc_topic_, columns=[f"topic_{t}" for t in range(k)])
    dt["topic"] = np.where(model.doc_topic_.sum(axis=1) > 0, model.doc_topic_.argmax(axis=1), -1)
    doc_topics = pd.concat([frame[ids].reset_index(drop=True), dt], axis=1)

    binary = (model.dtm_ > 0).astype(float)
    umass, npmi = coherence(top, binary, model.vectorizer_.vocabulary_)
    coh = pd.DataFrame({"topic": range(k), "label": [labels[t] for t in range(k)],
                        f"umass_top{top_n}_window={level}": umass,
                        f"npmi_top{top_n}_window={level}": npmi})
    params = {"k": k, "method": method, "level": level, "theme": theme, "top_n": top_n,
              "min_df": min_df, "max_df": max_df, "random_state": random_state,
              "n_units": len(frame), "n_terms": len(model.terms_), **model_options}
    return TopicResult(terms_df, doc_topics, coh, labels, frame.drop(columns=["text"]),
                       model, params)


def _jaccard(a: Iterable[str], b: Iterable[str]) -> float:
    sa, sb = set(a), set(b)
    return len(sa & sb) / len(sa | sb) if sa | sb else 0.0


def choose_k(corpus: Any, ks: Iterable[int] = range(4, 13, 2), seeds: Sequence[int] = (0, 1, 2),
             method: str = "nmf", *, level: str = "section", theme: str | None = None,
             top_n: int = 10, min_df: int | float = 2, max_df: int | float = 1.0,
             tokenizer: Tokenizer | None = None, drop_copied: bool = False) -> pd.DataFrame:
    """Coherence and seed stability for each candidate number of topics.

    One row per k: ``umass_top{N}_window={level}`` and ``npmi_top{N}_window={level}`` (mean over
    topics and seeds), ``stability`` = mean over seed pairs of the mean Jaccard similarity of
    top-N term sets between topics matched one-to-one (Hungarian assignment maximising the
    total Jaccard); 1 means every seed finds the same topics. Segmentation runs once.

    Example:
        >>> df = pd.DataFrame({"text": ["工会 温暖 慰问", "工会 温暖 家", "师德 学习 教师",
        ...                             "师德 教师 培训"]})
        >>> choose_k(df, ks=[2], level="document", min_df=1, tokenizer=str.split).columns[0]
        'k'
    """
    frame = get_frame(corpus, level, theme, drop_copied)
    toks = tokenize(frame, tokenizer)
    u_col, n_col = f"umass_top{top_n}_window={level}", f"npmi_top{top_n}_window={level}"
    rows = []
    for k in ks:
        tops, umass, npmi = [], [], []
        for seed in seeds:
            m = TopicModel(k, method, min_df=min_df, max_df=max_df, random_state=seed).fit(toks)
            top = m.top_terms(top_n)
            u, p = coherence(top, (m.dtm_ > 0).astype(float), m.vectorizer_.vocabulary_)
            tops.append(top)
            umass.extend(u)
            npmi.extend(p)
        stab = []
        for a, b in combinations(tops, 2):
            sim = np.array([[_jaccard(x, y) for y in b] for x in a])
            r, c = linear_sum_assignment(-sim)
            stab.append(float(sim[r, c].mean()))
        rows.append({"k": k, u_col: float(np.nanmean(umass)), n_col: float(np.nanmean(npmi)),
                     "stability": float(np.mean(stab)) if stab else float("nan"),
                     "n_seeds": len(seeds)})
    return pd.DataFrame(rows, columns=["k", u_col, n_col, "stability", "n_seeds"])


def topic_prevalence(result: TopicResult, corpus: Any = None, by: str = "school", *,
                     n_boot: int = 1000, ci: float = 0.95, random_state: int = 0) -> pd.DataFrame:
    """Mean topic proportion per group with percentile bootstrap confidence intervals.

    Rows (documents or sections) are resampled with replacement within each group ``n_boot``
    times. Columns: ``by``, ``topic``, ``label``, ``prevalence``, ``ci_low``, ``ci_high``,
    ``n_units``. The group column is taken from ``result.units`` (the modelled rows with their
    metadata) or, when missing there, from ``corpus.documents`` via ``doc_id``. Rows with a
    missing group value are left out.

    Example:
        >>> df = pd.DataFrame({"doc_id": list("abcd"), "school": list("甲甲乙乙"), "text": [
        ...     "工会 温暖 慰问", "工会 温暖 家", "师德 学习 教师", "师德 教师 培训"]})
        >>> r = topics(df, k=2, level="document", min_df=1, tokenizer=str.split)
        >>> topic_prevalence(r, by="school", n_boot=50).shape
        (4, 7)
    """
    if not 0 < ci < 1:
        raise InputError(f"ci={ci!r}; use a confidence level between 0 and 1, e.g. 0.95")
    units = result.units.reset_index(drop=True)
    if by in units.columns:
        groups = units[by]
    elif corpus is not None and hasattr(corpus, "documents") and by in corpus.documents.columns:
        groups = units["doc_id"].map(corpus.documents.set_index("doc_id")[by])
    else:
        raise InputError(f"by={by!r} is neither a column of the modelled rows nor of "
                         f"corpus.documents")
    k = result.model_.k
    props = result.doc_topics[[f"topic_{t}" for t in range(k)]].to_numpy()
    rng = np.random.default_rng(random_state)
    lo_q, hi_q = (1 - ci) / 2, 1 - (1 - ci) / 2
    rows = []
    valid = groups.notna().to_numpy()
    keys = pd.unique(groups[valid])
    try:
        keys = sorted(keys)
    except TypeError:
        keys = list(keys)
    for g in keys:
        idx = np.flatnonzero(valid & (groups == g).to_numpy())
        sub = props[idx]
        boot = sub[rng.integers(0, len(idx), size=(n_boot, len(idx)))].mean(axis=1)
        for t in range(k):
            rows.append({by: g, "topic": t, "label": result.labels[t],
                         "prevalence": float(sub[:, t].mean()),
                         "ci_low": float(np.quantile(boot[:, t], lo_q)),
                         "ci_high": float(np.quantile(boot[:, t], hi_q)),
                         "n_units": len(idx)})
    return pd.DataFrame(rows, columns=[by, "topic", "label", "prevalence", "ci_low", "ci_high",
                                       "n_units"])
