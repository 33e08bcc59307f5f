"""Figures for reports: every function returns a matplotlib ``Figure`` (built with the
object API, so no pyplot state and never ``plt.show()``), with Chinese rendered by the font
from :mod:`unioncorpus.fonts` and laid out with constrained layout so labels do not overlap.

Save with ``fig.savefig("x.png", dpi=200)`` or ``fig.savefig("x.pdf")``.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .errors import InputError
from .fonts import cjk_context
from .models import THEMES

# Okabe–Ito palette: distinguishable with colour-vision deficiencies and in greyscale print.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#999999", "#D55E00",
           "#F0E442", "#000000"]
THEME_COLORS = dict(zip(THEMES, PALETTE, strict=False))
POS, NEG = "#0072B2", "#D55E00"


def _short(text: Any, n: int = 14) -> str:
    s = str(text)
    return s if len(s) <= n else s[: n - 1] + "…"


def plot_theme_shares(comparison: Any, *, measure: str = "chars",
                      title: str | None = None) -> Figure:
    """Stacked horizontal bars: each group's theme shares (by characters or by sections).

    ``comparison`` is a :class:`~unioncorpus.analysis.compare.Comparison` or its
    ``theme_shares`` DataFrame; ``measure`` is ``"chars"`` or ``"sections"``.

    Example:
        >>> fig = plot_theme_shares(compare_groups(corpus))      # doctest: +SKIP
    """
    if measure not in ("chars", "sections"):
        raise InputError(f"measure={measure!r}; use 'chars' or 'sections'")
    shares = getattr(comparison, "theme_shares", comparison)
    by = getattr(comparison, "by", shares.columns[0])
    col = f"share_{measure}"
    wide = shares.pivot_table(index=by, columns="theme", values=col, aggfunc="sum",
                              fill_value=0.0, sort=False)
    themes = [t for t in THEMES if t in wide.columns] + [t for t in wide.columns
                                                         if t not in THEMES]
    wide = wide[themes]
    unit = "字数" if measure == "chars" else "章节数"
    with cjk_context():
        fig = Figure(figsize=(8, 1.2 + 0.45 * max(len(wide), 1)), layout="constrained")
        ax = fig.add_subplot()
        left = np.zeros(len(wide))
        y = np.arange(len(wide))
        for t in themes:
            vals = wide[t].to_numpy() * 100
            ax.barh(y, vals, left=left, color=THEME_COLORS.get(t, "#777777"), label=t,
                    edgecolor="white", linewidth=0.5)
            for yi, (lv, v) in enumerate(zip(left, vals, strict=True)):
                if v >= 8:  # label only segments wide enough to hold the number
                    ax.text(lv + v / 2, yi, f"{v:.0f}", ha="center", va="center",
                            fontsize=8, color="white")
            left += vals
        ax.set_yticks(y, [_short(g) for g in wide.index])
        ax.invert_yaxis()
        ax.set_xlim(0, 100)
        ax.set_xlabel(f"主题占比（%，按{unit}）")
        ax.set_title(title or f"各{_by_name(by)}工作主题构成（按{unit}）")
        fig.legend(*ax.get_legend_handles_labels(), loc="outside lower center",
                   ncols=min(len(themes), 6), frameon=False, fontsize=9)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
    return fig


def _by_name(by: str) -> str:
    return {"school": "学校", "year": "年度", "doc_type": "文档类型", "theme": "主题"}.get(by, by)


SCORE_LABELS = {"logodds": "加权对数优势比 z 值", "g2": "对数似然 G²（带方向）",
                "chi2": "卡方值（带方向）"}


def plot_keyness(table: pd.DataFrame, *, n: int = 12, group: Any = None,
                 method: str = "logodds", title: str | None = None) -> Figure:
    """Diverging bars: the ``n`` terms most over-used by the target (right, blue) and the ``n``
    most under-used (left, orange), by ``score``.

    ``table`` is a :func:`~unioncorpus.analysis.keyness.keyness` result; for a one-vs-rest
    table with a group column pass ``group=``; ``method`` names the score on the axis.

    Example:
        >>> fig = plot_keyness(keyness(corpus, "school", "东川中心学校"))  # doctest: +SKIP
    """
    extra = [c for c in table.columns if c not in
             ("term", "count_target", "count_reference", "score", "p", "p_adj", "effect_size",
              "rank")]
    if extra:
        col = extra[0]
        if group is None:
            raise InputError(f"the table holds every {col!r}; pass group= one of them")
        table = table[table[col] == group]
    t = table.sort_values("score", ascending=False, kind="mergesort")
    top = t[t["score"] > 0].head(n)
    bottom = t[t["score"] < 0].tail(n)
    both = pd.concat([top, bottom])
    with cjk_context():
        fig = Figure(figsize=(7, 1.2 + 0.28 * max(len(both), 1)), layout="constrained")
        ax = fig.add_subplot()
        y = np.arange(len(both))
        colors = [POS if s > 0 else NEG for s in both["score"]]
        ax.barh(y, both["score"], color=colors)
        ax.set_yticks(y, list(both["term"]))
        ax.invert_yaxis()
        ax.axvline(0, color="black", linewidth=0.8)
        ax.set_xlabel(f"关键性得分（{SCORE_LABELS.get(method, method)}；>0 为目标组多用）")
        name = f"「{group}」" if group is not None else "目标组"
        ax.set_title(title or f"{name}的特征词（与其余文本相比）")
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
    return fig


def plot_topic_terms(result: Any, *, n_terms: int = 8, ncols: int = 3,
                     title: str | None = None) -> Figure:
    """Small multiples: one bar chart of top-term weights per topic.

    Example:
        >>> fig = plot_topic_terms(topics(corpus, k=6))          # doctest: +SKIP
    """
    terms = result.terms
    k = int(terms["topic"].max()) + 1 if len(terms) else 0
    if k == 0:
        raise InputError("the topic result has no terms")
    ncols = min(ncols, k)
    nrows = math.ceil(k / ncols)
    with cjk_context():
        fig = Figure(figsize=(3.2 * ncols, 0.25 * n_terms * nrows + 1.2 * nrows + 0.6),
                     layout="constrained")
        axes = np.atleast_1d(fig.subplots(nrows, ncols, squeeze=False)).ravel()
        for t in range(k):
            ax = axes[t]
            sub = terms[(terms["topic"] == t) & (terms["rank"] <= n_terms)]
            y = np.arange(len(sub))
            ax.barh(y, sub["weight"], color=PALETTE[t % len(PALETTE)])
            ax.set_yticks(y, list(sub["term"]))
            ax.invert_yaxis()
            ax.set_title(f"主题 {t}", fontsize=10)
            ax.tick_params(axis="x", labelsize=7)
            for side in ("top", "right"):
                ax.spines[side].set_visible(False)
        for ax in axes[k:]:
            ax.set_visible(False)
        method = str(result.params.get("method", "")).upper()
        fig.suptitle(title or f"各主题高权重词（{method}，k={k}）")
        fig.supxlabel("词语权重", fontsize=9)
    return fig


def plot_topic_prevalence(prevalence: pd.DataFrame, *, ncols: int = 3,
                          title: str | None = None) -> Figure:
    """Small multiples per topic: mean topic share by group with its bootstrap interval.

    ``prevalence`` is a :func:`~unioncorpus.analysis.topics.topic_prevalence` table.

    Example:
        >>> fig = plot_topic_prevalence(topic_prevalence(r, corpus))  # doctest: +SKIP
    """
    by = prevalence.columns[0]
    topics_ = sorted(prevalence["topic"].unique())
    groups = list(dict.fromkeys(prevalence[by]))
    k = len(topics_)
    if k == 0:
        raise InputError("the prevalence table is empty")
    ncols = min(ncols, k)
    nrows = math.ceil(k / ncols)
    with cjk_context():
        fig = Figure(figsize=(3.4 * ncols, (0.3 * len(groups) + 1.0) * nrows + 0.8),
                     layout="constrained")
        axes = fig.subplots(nrows, ncols, squeeze=False, sharey=True).ravel()
        y = np.arange(len(groups))
        for i, t in enumerate(topics_):
            ax = axes[i]
            sub = prevalence[prevalence["topic"] == t].set_index(by).reindex(groups)
            val = sub["prevalence"].to_numpy() * 100
            err = np.vstack([val - sub["ci_low"].to_numpy() * 100,
                             sub["ci_high"].to_numpy() * 100 - val])
            ax.errorbar(val, y, xerr=err, fmt="o", color=PALETTE[i % len(PALETTE)],
                        ecolor="#555555", elinewidth=1, capsize=2, markersize=4)
            ax.set_yticks(y, [_short(g) for g in groups])
            ax.set_title(f"主题 {t}：{sub['label'].iloc[0]}", fontsize=9)
            ax.set_xlim(left=0)
            ax.grid(axis="x", linewidth=0.3)
            for side in ("top", "right"):
                ax.spines[side].set_visible(False)
        axes[0].invert_yaxis()
        for ax in axes[k:]:
            ax.set_visible(False)
        fig.supxlabel("平均主题占比（%），误差线为自助法置信区间", fontsize=9)
        fig.suptitle(title or f"各{_by_name(by)}的主题分布")
    return fig


def plot_reuse_heatmap(reuse: Any, *, labels: dict[str, str] | None = None,
                       title: str | None = None) -> Figure:
    """Heatmap: share (%) of the row document's characters found again in the column document.

    ``reuse`` is a :class:`~unioncorpus.analysis.reuse.ReuseResult` (or its ``matrix``);
    ``labels`` maps doc_id to a display label (default: the doc_id).

    Example:
        >>> fig = plot_reuse_heatmap(find_reuse(corpus))          # doctest: +SKIP
    """
    m = getattr(reuse, "matrix", reuse)
    names = [_short((labels or {}).get(d, d), 22) for d in m.index]
    vals = m.to_numpy(dtype=float) * 100
    n = len(names)
    with cjk_context():
        size = 2.5 + 0.42 * n
        fig = Figure(figsize=(size + 1.5, size), layout="constrained")
        ax = fig.add_subplot()
        im = ax.imshow(np.ma.masked_invalid(vals), cmap="Blues", vmin=0,
                       vmax=max(float(np.nanmax(vals)) if n else 0, 1))
        ax.set_xticks(range(n), names, rotation=60, ha="right", rotation_mode="anchor",
                      fontsize=8)
        ax.set_yticks(range(n), names, fontsize=8)
        for i in range(n):
            for j in range(n):
                v = vals[i, j]
                if not np.isnan(v) and v >= 0.5:
                    ax.text(j, i, f"{v:.0f}", ha="center", va="center", fontsize=7,
                            color="white" if v > im.norm.vmax * 0.6 else "black")
        cb = fig.colorbar(im, ax=ax, shrink=0.8)
        cb.set_label("行文档中与列文档重复的字符占比（%）")
        ax.set_xlabel("与之比较的文档")
        ax.set_ylabel("文档")
        ax.set_title(title or "文档间的模板复用（重复率）")
    return fig
