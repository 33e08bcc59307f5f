"""Topic models (NMF or LDA from scikit-learn) over segmented documents or sections, with
coherence, a stability check for choosing k, and topic prevalence by group with intervals that
resample documents.

Unit: documents, or (the default) sections' own text: each section's heading and the text up
to its first sub-section, so no character of a document is modelled twice. Sections of one
document are not independent, so every resampling here draws documents (all their sections
come along)."""

from __future__ import annotations

import warnings
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
from ._common import (
    UNIT_NAMES,
    Tokenizer,
    check_bootstrap,
    describe,
    document_bootstrap,
    get_frame,
    tokenize,
    unit_id_columns,
    unit_of,
)

METHODS = ("nmf", "lda")
PERTURB = ("resample", "init")
# Fewer documents than this and a group gets no interval. With D documents a bootstrap has at
# most C(2D-1, D) distinct resamples (35 for D = 4, 126 for D = 5) and the percentile
# interval's ends are a few of them; below about ten documents it also covers well under its
# nominal level, because a resample's spread underestimates the spread between documents
# (by a factor of sqrt((D-1)/D) and more in skewed data).
MIN_DOCUMENTS = 10


def _identity(tokens: Sequence[str]) -> Sequence[str]:
    # Module-level (not a lambda) so fitted vectorizers pickle.
    return tokens


class TopicModel:
    """Scikit-learn style topic model on token lists.

    ``__init__`` only stores parameters; :meth:`fit` takes a list of token lists and sets
    ``vectorizer_``, ``model_``, ``dtm_`` (document-term counts), ``terms_``, ``components_``
    (topic × term weights) and ``doc_topic_`` (rows sum to 1, or 0 for an empty row).
    NMF runs on TF-IDF weights (``init="nndsvda"`` by default: deterministic, the seed does
    not change it; ``init="random"`` starts from a seeded random matrix), LDA on raw counts
    (batch learning, seeded by ``random_state``). The vectorizer uses ``analyzer=`` on the
    given tokens, so one-character words (会, 家) are kept.

    Example:
        >>> docs = [["工会", "温暖"], ["工会", "家"], ["师德", "学习"], ["师德", "教师"]]
        >>> TopicModel(k=2, min_df=1).fit(docs).components_.shape
        (2, 6)
    """

    def __init__(self, k: int = 8, method: str = "nmf", *, min_df: int | float = 2,
                 max_df: int | float = 1.0, max_iter: int | None = None,
                 random_state: int | None = 0, init: str = "nndsvda") -> None:
        self.k = k
        self.method = method
        self.init = init
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
            self.model_ = NMF(n_components=self.k, init=self.init,
                              random_state=self.random_state, max_iter=self.max_iter or 1000)
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
        units: the rows modelled, with their metadata (for :func:`topic_prevalence`, which
            resamples them by ``doc_id``).
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
           section_text: str = "own", **model_options: Any) -> TopicResult:
    """Fit a topic model on the documents or sections of ``corpus``.

    Same ``random_state``, same data → identical tables. Rows with no tokens get all-zero
    topic proportions and ``topic`` = -1. Unit: at ``level="section"`` (the default) each
    section's own text (``section_text="own"``), so no text is modelled twice and coherence
    counts co-occurrence in non-overlapping units; ``"subtree"`` fits whole spans, which
    overlap. The tables' ``.attrs`` record the unit and method.

    Example:
        >>> df = pd.DataFrame({"doc_id": list("abcd"), "text": [
        ...     "工会 温暖 慰问", "工会 温暖 家", "师德 学习 教师", "师德 教师 培训"]})
        >>> r = topics(df, k=2, level="document", min_df=1, tokenizer=str.split)
        >>> sorted(r.terms.columns)
        ['rank', 'term', 'topic', 'weight']
    """
    frame = get_frame(corpus, level, theme, drop_copied, section_text)
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
    unit = unit_of(corpus, level, section_text)
    params = {"k": k, "method": method, "level": level, "section_text": section_text,
              "unit": unit, "theme": theme, "top_n": top_n,
              "min_df": min_df, "max_df": max_df, "random_state": random_state,
              "n_units": len(frame), "n_terms": len(model.terms_), **model_options}
    for table in (terms_df, doc_topics, coh):
        describe(table, unit=unit, level=level, section_text=section_text,
                 method=f"{method.upper()} k={k}", random_state=random_state)
    return TopicResult(terms_df, doc_topics, coh, labels, frame.drop(columns=["text"]),
                       model, params)


def _jaccard(a: Iterable[str], b: Iterable[str]) -> float:
    sa, sb = set(a), set(b)
    return len(sa & sb) / len(sa | sb) if sa | sb else 0.0


def _clusters(frame: pd.DataFrame) -> np.ndarray:
    """The document each row belongs to, as integer codes (a row is its own document when the
    rows carry no ``doc_id``)."""
    if "doc_id" in frame.columns:
        return pd.factorize(frame["doc_id"].astype(str))[0]
    return np.arange(len(frame))


def _matched_jaccard(a: Sequence[Sequence[str]], b: Sequence[Sequence[str]]) -> float:
    # Topics matched one-to-one (Hungarian assignment maximising the total Jaccard).
    sim = np.array([[_jaccard(x, y) for y in b] for x in a])
    r, c = linear_sum_assignment(-sim)
    return float(sim[r, c].mean())


def choose_k(corpus: Any, ks: Iterable[int] = range(4, 13, 2), seeds: Sequence[int] = (0, 1, 2),
             method: str = "nmf", *, level: str = "section", theme: str | None = None,
             top_n: int = 10, min_df: int | float = 2, max_df: int | float = 1.0,
             perturb: str = "resample", sample_fraction: float = 0.8,
             tokenizer: Tokenizer | None = None, drop_copied: bool = False,
             section_text: str = "own") -> pd.DataFrame:
    """Coherence and stability for each candidate number of topics.

    ``perturb`` says what varies between the fits whose topics are compared (NMF's default
    ``nndsvda`` start ignores the seed, so refitting with other seeds alone changes nothing):

    - ``"resample"`` (default): for each seed, ``sample_fraction`` of the documents are drawn
      without replacement (with all their sections) and the model is refit on them, as
      :func:`topics` would fit it; ``stability`` is the mean over seeds of the agreement
      between those topics and the topics of the fit on all units with ``random_state =
      seeds[0]`` (Greene, O'Callaghan & Cunningham 2014). It asks: would other documents from
      the same source give the same topics? Coherence is that full fit's.
    - ``"init"``: every seed fits all units from a random start (NMF ``init="random"``; LDA's
      seeded start); ``stability`` is the mean over seed pairs. Coherence is the mean over
      seeds.

    Agreement is the mean Jaccard similarity of top-N term sets between topics matched one to
    one (Hungarian assignment maximising the total Jaccard); 1 means the same topics every
    time. Columns: ``k``, ``umass_top{N}_window={level}``, ``npmi_top{N}_window={level}``,
    ``stability``, ``n_seeds``, ``stability_method`` (what varied). Segmentation runs once;
    the same seeds give the same table.

    Example:
        >>> df = pd.DataFrame({"text": ["工会 温暖 慰问", "工会 温暖 家", "师德 学习 教师",
        ...                             "师德 教师 培训"]})
        >>> choose_k(df, ks=[2], level="document", min_df=1, tokenizer=str.split).columns[0]
        'k'
    """
    if perturb not in PERTURB:
        raise InputError(f"perturb={perturb!r}; use 'resample' (refits on resampled "
                         f"documents) or 'init' (random starts)")
    if not 0 < sample_fraction <= 1:
        raise InputError(f"sample_fraction={sample_fraction!r}; use a share of the documents "
                         f"in (0, 1], e.g. 0.8")
    seeds = list(seeds)
    if not seeds:
        raise InputError("seeds is empty; pass at least one seed, e.g. seeds=(0, 1, 2)")
    frame = get_frame(corpus, level, theme, drop_copied, section_text)
    toks = tokenize(frame, tokenizer)
    clusters = _clusters(frame)
    n_docs = int(clusters.max()) + 1 if len(clusters) else 0
    n_draw = max(1, round(sample_fraction * n_docs))
    if perturb == "resample":
        what = (f"refits on {sample_fraction:.0%} of the documents (drawn without replacement, "
                f"one draw per seed) against the fit on all units")
    else:
        what = ("random initialisation per seed" + (" (NMF init='random')" if method == "nmf"
                                                    else "") + ", seed pairs compared")
    u_col, n_col = f"umass_top{top_n}_window={level}", f"npmi_top{top_n}_window={level}"

    def fit(units: Sequence[Sequence[str]], k: int, seed: int, init: str) -> TopicModel:
        return TopicModel(k, method, min_df=min_df, max_df=max_df, random_state=seed,
                          init=init).fit(units)

    def scores(m: TopicModel) -> tuple[list[list[str]], list[float], list[float]]:
        top = m.top_terms(top_n)
        u, p = coherence(top, (m.dtm_ > 0).astype(float), m.vectorizer_.vocabulary_)
        return top, u, p

    rows = []
    for k in ks:
        umass: list[float] = []
        npmi: list[float] = []
        if perturb == "resample":
            ref, umass, npmi = scores(fit(toks, k, seeds[0], "nndsvda"))
            stab = []
            for seed in seeds:
                docs = np.random.default_rng(seed).choice(n_docs, size=n_draw, replace=False)
                keep = np.flatnonzero(np.isin(clusters, docs))
                top, _, _ = scores(fit([toks[i] for i in keep], k, seed, "nndsvda"))
                stab.append(_matched_jaccard(ref, top))
        else:
            tops = []
            for seed in seeds:
                top, u, p = scores(fit(toks, k, seed, "random"))
                tops.append(top)
                umass.extend(u)
                npmi.extend(p)
            stab = [_matched_jaccard(a, b) for a, b in combinations(tops, 2)]
        rows.append({"k": k, u_col: float(np.nanmean(umass)), n_col: float(np.nanmean(npmi)),
                     "stability": float(np.mean(stab)) if stab else float("nan"),
                     "n_seeds": len(seeds), "stability_method": what})
    out = pd.DataFrame(rows, columns=["k", u_col, n_col, "stability", "n_seeds",
                                      "stability_method"])
    return describe(out, unit=unit_of(corpus, level, section_text), level=level,
                    section_text=section_text, method=method.upper(), perturb=perturb,
                    sample_fraction=sample_fraction, seeds=tuple(seeds), n_documents=n_docs)


def topic_prevalence(result: TopicResult, corpus: Any = None, by: str = "school", *,
                     n_boot: int = 1000, ci: float = 0.95, random_state: int = 0,
                     min_documents: int = MIN_DOCUMENTS) -> pd.DataFrame:
    """Mean topic proportion per group with percentile bootstrap intervals over documents.

    ``prevalence`` is the mean topic proportion over the group's modelled units (documents or
    sections) that have any modelled term (units with ``topic`` = -1 have no proportions and
    are left out). The interval resamples the group's *documents* with replacement
    ``n_boot`` times, each drawn document bringing all its units (a cluster bootstrap:
    sections of one document are not independent), and takes the ``ci`` percentile interval of
    the resampled means. Columns: ``by``, ``topic``, ``label``, ``prevalence``, ``ci_low``,
    ``ci_high``, ``n_units``, ``n_documents``, ``ci_reliable``.

    A group with fewer than ``min_documents`` documents (default 10; see ``MIN_DOCUMENTS``
    for why) gets no interval: ``ci_low``/``ci_high`` are NaN, ``ci_reliable`` is False and
    a warning names the groups. Pass a lower ``min_documents`` to compute them anyway
    (``ci_reliable`` stays False below the default). Rows without ``doc_id`` count as one
    document each. The group column is taken from ``result.units`` (the modelled rows with
    their metadata) or, when missing there, from ``corpus.documents`` via ``doc_id``; rows
    with a missing group value are left out. ``random_state`` fixes the resampling (each group
    draws from its own stream, so adding a group does not move another's interval);
    ``.attrs`` records ``ci``, ``n_boot``, ``level``, the unit and the method.

    Example:
        >>> df = pd.DataFrame({"doc_id": list("abcd"), "school": list("甲甲乙乙"), "text": [
        ...     "工会 温暖 慰问", "工会 温暖 家", "师德 学习 教师", "师德 教师 培训"]})
        >>> r = topics(df, k=2, level="document", min_df=1, tokenizer=str.split)
        >>> topic_prevalence(r, by="school", n_boot=50, min_documents=2).shape
        (4, 9)
    """
    check_bootstrap(ci, n_boot, min_documents)
    units = result.units.reset_index(drop=True)
    if by in units.columns:
        groups = units[by]
    elif corpus is not None and hasattr(corpus, "documents") and by in corpus.documents.columns:
        docs = corpus.documents
        groups = units["doc_id"].map(dict(zip(docs["doc_id"], docs[by], strict=True)))
    else:
        raise InputError(f"by={by!r} is neither a column of the modelled rows nor of "
                         f"corpus.documents")
    k = result.model_.k
    props = result.doc_topics[[f"topic_{t}" for t in range(k)]].to_numpy()
    clusters = _clusters(units)
    has_topic = props.sum(axis=1) > 0
    valid = groups.notna().to_numpy() & has_topic
    keys = pd.unique(groups[valid])
    try:
        keys = sorted(keys)
    except TypeError:
        keys = list(keys)
    streams = np.random.SeedSequence(random_state).spawn(len(keys))
    rows, few = [], []
    for g, stream in zip(keys, streams, strict=True):
        idx = np.flatnonzero(valid & (groups == g).to_numpy())
        sub = props[idx]
        docs, inverse = np.unique(clusters[idx], return_inverse=True)
        n_docs = len(docs)
        # Per document: the sum of its units' proportions and its number of units, so a
        # resample's mean is sum(S[drawn]) / sum(n[drawn]).
        sums = np.zeros((n_docs, k))
        np.add.at(sums, inverse, sub)
        counts = np.bincount(inverse, minlength=n_docs).astype(float)
        reliable = n_docs >= max(min_documents, MIN_DOCUMENTS)
        if n_docs >= min_documents:
            low, high = document_bootstrap(sums, counts, n_boot=n_boot, ci=ci, seed=stream)
        else:
            few.append(f"{g} ({n_docs})")
            low = high = np.full(k, np.nan)
        for t in range(k):
            rows.append({by: g, "topic": t, "label": result.labels[t],
                         "prevalence": float(sub[:, t].mean()),
                         "ci_low": float(low[t]), "ci_high": float(high[t]),
                         "n_units": len(idx), "n_documents": n_docs, "ci_reliable": reliable})
    if few:
        warnings.warn(f"topic_prevalence: {len(few)} group(s) of {by!r} rest on fewer than "
                      f"min_documents={min_documents} documents and get no interval (NaN): "
                      f"{', '.join(few)}. Group by a column with more documents per value, "
                      f"or lower min_documents to compute them anyway.", UserWarning,
                      stacklevel=2)
    out = pd.DataFrame(rows, columns=[by, "topic", "label", "prevalence", "ci_low", "ci_high",
                                      "n_units", "n_documents", "ci_reliable"])
    params = result.params
    return describe(out, unit=params.get("unit", UNIT_NAMES.get(params.get("level", ""), "")),
                    level=params.get("level"), ci=ci, n_boot=n_boot, random_state=random_state,
                    min_documents=min_documents, by=by,
                    method="mean topic proportion; percentile bootstrap resampling documents "
                           "within each group")
