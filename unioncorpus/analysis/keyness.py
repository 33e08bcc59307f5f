"""Distinctive terms of a group against the rest (keyness).

Methods:

- ``"logodds"``: weighted log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi
  & Quinn 2008, "Fightin' Words", eqs. 15–22). ``score`` is the z-score δ/σ, ``p`` two-sided.
- ``"g2"``: log-likelihood G² over the four cells of the 2×2 table (term / other terms ×
  target / reference), as AntConc and quanteda report it, signed: negative when the target
  uses the term less than the reference.
- ``"chi2"``: Pearson χ² on the 2×2 table (term / other terms × target / reference), no Yates
  correction, signed like ``g2``.

``effect_size`` is always Hardie's (2014) Log Ratio, the binary log of the ratio of the relative
frequencies, log2((a/c)/(b/d)) for target count ``a`` in ``c`` target tokens and reference count
``b`` in ``d``. Where either count is zero, the same small amount λ = 1/(c+d) is added to *both*
relative frequencies: log2((a/c + λ)/(b/d + λ)). That is a pseudo-count of c/(c+d) target
tokens and d/(c+d) reference tokens (0.5 each when the two sides are the same size, Hardie's
0.5), so the ratio stays finite and its sign is always the sign of a/c − b/d: the direction the
signed ``g2``/``chi2`` scores take, and the log-odds z with the default prior. (Replacing only
the zero by 0.5 made a term absent from a small target look over-used there.)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from ..errors import InputError
from ._common import (
    Tokenizer,
    describe,
    explode_groups,
    get_frame,
    group_values,
    sorted_groups,
    tokenize,
    unit_of,
)

METHODS = ("logodds", "g2", "chi2")
CORRECTIONS = ("bh", "bonferroni", None)
KEYNESS_COLUMNS = ["term", "count_target", "count_reference", "score", "p", "p_adj",
                   "effect_size", "rank"]


# --- the statistics on plain arrays (vectorised over terms) -------------------------------

def _cells(a: Any, b: Any, c: Any, d: Any) -> list[tuple[np.ndarray, np.ndarray]]:
    """(observed, expected) for the four cells of [[a, b], [c−a, d−b]], expected values from
    the margins."""
    a, b, c, d = (np.asarray(x, dtype=float) for x in (a, b, c, d))
    n = c + d
    obs = (a, b, c - a, d - b)
    row = (a + b, a + b, n - a - b, n - a - b)
    col = (c, d, c, d)
    with np.errstate(divide="ignore", invalid="ignore"):
        return [(o, r * k / n) for o, r, k in zip(obs, row, col, strict=True)]


def g2(a: Any, b: Any, c: Any, d: Any) -> np.ndarray:
    """Log-likelihood G² (unsigned) for target count ``a``, reference count ``b`` and the
    target/reference sizes ``c``/``d``, over the four cells of the 2×2 table
    [[a, b], [c−a, d−b]]: G² = 2 Σ O·ln(O/E), E from the margins, 0·ln 0 taken as 0.

    This is the form that reproduces the published AntConc/quanteda values (e.g. 2.5070 for
    (23, 551, 263, 8870)); Rayson & Garside's shortcut that keeps only the ``a`` and ``b``
    cells (E1 = c(a+b)/(c+d), E2 = d(a+b)/(c+d)) gives 2.3306 there and is not used.

    >>> round(float(g2(52, 9, 100, 100)), 4)
    47.0396
    """
    total = 0.0
    with np.errstate(divide="ignore", invalid="ignore"):
        for o, e in _cells(a, b, c, d):
            total = total + np.where(o > 0, o * np.log(o / e), 0.0)
    return 2 * np.asarray(total)


def chi2(a: Any, b: Any, c: Any, d: Any) -> np.ndarray:
    """Pearson χ² (unsigned, no Yates correction) of the 2×2 table [[a, b], [c−a, d−b]].

    >>> round(float(chi2(10, 10, 100, 100)), 4)
    0.0
    """
    total = 0.0
    with np.errstate(divide="ignore", invalid="ignore"):
        for o, e in _cells(a, b, c, d):
            total = total + np.where(e > 0, (o - e) ** 2 / e, 0.0)
    return np.asarray(total)


def log_ratio(a: Any, b: Any, c: Any, d: Any) -> np.ndarray:
    """Hardie's Log Ratio log2((a/c)/(b/d)); where ``a`` or ``b`` is zero, λ = 1/(c+d) is added
    to both relative frequencies (see the module docstring), so the sign is that of a/c − b/d.

    >>> float(log_ratio(20, 10, 100, 100))
    1.0
    >>> float(log_ratio(10, 0, 100, 100)) == float(np.log2(10.5 / 0.5))
    True
    >>> float(log_ratio(0, 1, 10, 10_000)) < 0      # absent from the target: used less there
    True
    """
    a, b, c, d = (np.asarray(x, dtype=float) for x in (a, b, c, d))
    lam = np.where((a == 0) | (b == 0), 1 / (c + d), 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log2((a / c + lam) / (b / d + lam))


def log_odds_dirichlet(y1: Any, y2: Any, alpha: Any) -> tuple[np.ndarray, np.ndarray]:
    """Monroe et al.'s δ and z for counts ``y1`` (group 1) and ``y2`` (group 2) with prior
    ``alpha`` (one pseudo-count per term, same vocabulary order).

    δ_w = log((y1_w+α_w)/(n1+α0−y1_w−α_w)) − log((y2_w+α_w)/(n2+α0−y2_w−α_w)),
    σ²_w ≈ 1/(y1_w+α_w) + 1/(y2_w+α_w), z = δ/σ, with n = Σy and α0 = Σα over the vocabulary.

    >>> d, z = log_odds_dirichlet([1, 0], [0, 1], [0.5, 0.5])
    >>> float(z[0]) == -float(z[1])
    True
    """
    y1, y2, alpha = (np.asarray(x, dtype=float) for x in (y1, y2, alpha))
    n1, n2, a0 = y1.sum(), y2.sum(), alpha.sum()
    delta = (np.log((y1 + alpha) / (n1 + a0 - y1 - alpha))
             - np.log((y2 + alpha) / (n2 + a0 - y2 - alpha)))
    sigma = np.sqrt(1 / (y1 + alpha) + 1 / (y2 + alpha))
    return delta, delta / sigma


def adjust_p(p: Any, method: str | None = "bh") -> np.ndarray:
    """Multiple-testing correction: Benjamini–Hochberg (``"bh"``), ``"bonferroni"`` or None.

    NaN p-values are left out of the count and stay NaN.

    >>> adjust_p([0.01, 0.04, 0.03], "bh").round(3).tolist()
    [0.03, 0.04, 0.04]
    """
    if method not in CORRECTIONS:
        raise InputError(f"correction={method!r}; use 'bh', 'bonferroni' or None")
    p = np.asarray(p, dtype=float)
    out = p.copy()
    ok = ~np.isnan(p)
    m = int(ok.sum())
    if method is None or m == 0:
        return out
    q = p[ok]
    if method == "bonferroni":
        out[ok] = np.minimum(q * m, 1.0)
        return out
    order = np.argsort(q, kind="mergesort")
    ranked = q[order] * m / np.arange(1, m + 1)
    # Step-up: each adjusted p is the minimum over the ranks at or above it.
    ranked = np.minimum.accumulate(ranked[::-1])[::-1]
    adj = np.empty(m)
    adj[order] = np.minimum(ranked, 1.0)
    out[ok] = adj
    return out


# --- the public function --------------------------------------------------------------------

def keyness(corpus: Any, by: str, target: Any = None, *, method: str = "logodds",
            level: str = "document", theme: str | None = None,
            prior: float | Mapping[str, float] | None = None, prior_scale: float | None = None,
            correction: str | None = "bh", min_count: int = 1,
            tokenizer: Tokenizer | None = None, drop_copied: bool = False,
            section_text: str = "own") -> pd.DataFrame:
    """Distinctive terms of the group ``target`` of column ``by`` against all other rows.

    With ``target=None`` every group is compared with the rest, in one table with a ``by``
    column; the multiple-testing correction (``p_adj``) then runs over the whole table (all
    groups × terms), otherwise over the target's terms. Rows whose ``by`` value is missing
    count in the reference only; a list value (``themes``) puts a row in each listed group.

    Columns: ``term``, ``count_target``, ``count_reference``, ``score`` (z for ``logodds``,
    signed G² or χ² otherwise), ``p`` (two-sided from z, or χ² with 1 df), ``p_adj``,
    ``effect_size`` (Log Ratio, zeros adjusted on both sides: see the module docstring; its
    sign is the sign of ``score`` for ``g2``/``chi2`` and for ``logodds`` with the default
    prior, while a uniform or rescaled prior may shrink a rare term's z the other way),
    ``rank`` (1 = most distinctive of the target: highest score).

    Unit: token counts of documents, or at ``level="section"`` of each section's own text
    (``section_text="own"``, the default; ``"subtree"`` counts sub-sections again in every
    section above them). ``.attrs`` records the unit and method.

    ``prior`` (``logodds`` only): None uses the whole corpus's counts as the informative
    Dirichlet prior (α_w = count of w in the corpus, rescaled so Σα = ``prior_scale`` when given);
    a float is a uniform prior (that pseudo-count for every term); a mapping gives α per term
    (terms it lacks get 0.01). ``min_count`` drops terms with fewer occurrences in the
    target plus reference from the output (they still count in the sizes and the prior).

    Example (Monroe et al.'s toy data):
        >>> df = pd.DataFrame({"g": [1, 2], "text": [
        ...     "the quick brown fox jumps over the lazy pig",
        ...     "the lazy purple pig jumps over the lazier donkey"]})
        >>> k = keyness(df, "g", 1, prior=0.05, tokenizer=str.split)
        >>> round(float(k.set_index("term").loc["brown", "score"]), 4)
        0.6894
    """
    if method not in METHODS:
        raise InputError(f"method={method!r}; use one of {', '.join(METHODS)}")
    if correction not in CORRECTIONS:
        raise InputError(f"correction={correction!r}; use 'bh', 'bonferroni' or None")
    frame = get_frame(corpus, level, theme, drop_copied, section_text)
    toks = tokenize(frame, tokenizer)
    groups = explode_groups(group_values(frame, by))
    counts = [Counter(t) for t in toks]
    total: Counter[str] = Counter()
    for c in counts:
        total.update(c)
    vocab = sorted(total)
    alpha = _prior(prior, prior_scale, vocab, total)
    available = sorted_groups(groups)
    if target is not None:
        if target not in available:
            raise InputError(f"target={target!r} is not a value of {by!r}; "
                             f"available: {', '.join(map(str, available))}")
        targets = [target]
    else:
        targets = available
    # Every row is in the target or the reference, so the reference is the total less the
    # target: one pass over the target's rows per group, not over the whole corpus (with a
    # hundred schools, recounting the rest for each was nearly all of compare_groups).
    index = {w: i for i, w in enumerate(vocab)}
    total_vec = np.array([total[w] for w in vocab], dtype=float)
    members: dict[Any, list[int]] = {}
    for i, gs in enumerate(groups):
        for g in dict.fromkeys(gs):  # a row counts once for a group, however often listed
            members.setdefault(g, []).append(i)
    tables = []
    for g in targets:
        tgt: Counter[str] = Counter()
        for i in members.get(g, ()):
            tgt.update(counts[i])
        a = np.zeros(len(vocab))
        if tgt:
            a[[index[w] for w in tgt]] = list(tgt.values())
        tab = _one(vocab, a, total_vec - a, alpha, method)
        tab = tab[(tab["count_target"] + tab["count_reference"]) >= min_count]
        if target is None:
            tab.insert(0, by, g)
        tables.append(tab)
    cols = ([by] if target is None else []) + KEYNESS_COLUMNS
    if not tables:
        out = pd.DataFrame(columns=cols)
    else:
        out = pd.concat(tables, ignore_index=True)
        out["p_adj"] = adjust_p(out["p"].to_numpy(), correction)
        out = out[cols]
    return describe(out, unit=unit_of(corpus, level, section_text), level=level,
                    section_text=section_text, theme=theme, by=by, target=target,
                    method=method, correction=correction,
                    effect_size="Log Ratio log2((a/c + λ)/(b/d + λ)), λ = 1/(c+d) where a "
                                "count is 0, else 0", drop_copied=drop_copied)


def _prior(prior: float | Mapping[str, float] | None, scale: float | None, vocab: list[str],
           total: Counter[str]) -> np.ndarray:
    if prior is None:
        alpha = np.array([total[w] for w in vocab], dtype=float)
        if scale is not None:
            alpha = alpha * (scale / alpha.sum())
    elif isinstance(prior, Mapping):
        alpha = np.array([float(prior.get(w, 0.01)) for w in vocab])
    else:
        alpha = np.full(len(vocab), float(prior))
    if len(alpha) and (alpha <= 0).any():
        raise InputError("prior pseudo-counts must be > 0")
    return alpha


def _one(vocab: list[str], a: np.ndarray, b: np.ndarray, alpha: np.ndarray,
                method: str) -> pd.DataFrame:
    """One target against its reference from count arrays aligned with ``vocab``."""
    c, d = a.sum(), b.sum()
    if method == "logodds":
        _, score = log_odds_dirichlet(a, b, alpha)
        p = 2 * stats.norm.sf(np.abs(score))
    else:
        stat = g2(a, b, c, d) if method == "g2" else chi2(a, b, c, d)
        with np.errstate(divide="ignore", invalid="ignore"):
            over = (a / c) >= (b / d) if c and d else np.ones_like(a, dtype=bool)
        score = np.where(over, stat, -stat)
        p = stats.chi2.sf(stat, 1)
    effect = log_ratio(a, b, c or 1, d or 1)
    tab = pd.DataFrame({"term": vocab, "count_target": a.astype(int),
                        "count_reference": b.astype(int), "score": score, "p": p,
                        "p_adj": np.nan, "effect_size": effect})
    # Ties broken by term so the ranking is reproducible.
    tab = tab.sort_values(["score", "term"], ascending=[False, True], kind="mergesort")
    tab["rank"] = np.arange(1, len(tab) + 1)
    return tab.reset_index(drop=True)
