"""Figures for reports: every function returns a matplotlib ``Figure`` (built with the
object API, so no pyplot state and never ``plt.show()``), with Chinese rendered by the font
from :mod:`unioncorpus.fonts` and laid out with constrained layout so labels do not overlap.

Colours carry one meaning each, in every figure:

- the six themes (师德, 民主管理, 送温暖, 文体活动, 自身建设, 其他) always get the same colour of
  the Okabe–Ito palette (:data:`THEME_COLORS`), which stays distinguishable with colour-vision
  deficiencies and in greyscale print;
- colours that never stand for a theme mark everything else: vermilion/dark grey for
  over-/under-use in keyness, neutral grey for topics (a topic is not a theme; a theme colour
  would suggest it is) and a grey scale for reuse shares.

Save with :func:`save_figure` (PNG/PDF/SVG with no time stamp, so a rerun gives identical
files) or ``fig.savefig("x.png", dpi=200)``. About the fonts embedded in PDFs, see
:mod:`unioncorpus.fonts`.
"""

from __future__ import annotations

import math
import os
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .errors import InputError
from .fonts import cjk_context
from .models import THEMES

# Okabe–Ito palette: distinguishable with colour-vision deficiencies and in greyscale print.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#999999", "#D55E00",
           "#F0E442", "#000000"]
THEME_COLORS: dict[str, str] = dict(zip(THEMES, PALETTE, strict=False))
"""Theme → colour, the same in every figure."""
# Colours that are not theme colours (see the module docstring).
OVER, UNDER = "#D55E00", "#4D4D4D"  # keyness: the target uses the term more / less
NEUTRAL = "#4D4D4D"                 # topics
REUSE_CMAP = "Greys"
PALE = 0.35  # opacity of keyness bars that are not significant
# Kept for code written against the first version of this module.
POS, NEG = OVER, UNDER

_BY_NAMES = {"school": "学校", "year": "年度", "doc_type": "文档类型", "theme": "主题"}
_LEVEL_NAMES = {"section": "章节", "document": "文档"}


def _short(text: Any, n: int = 14) -> str:
    s = str(text)
    return s if len(s) <= n else s[: n - 1] + "…"


def _by_name(by: str) -> str:
    return _BY_NAMES.get(by, by)


def _luminance(color: str) -> float:
    """WCAG relative luminance of a ``#rrggbb`` colour."""
    rgb = [int(color[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def ink(background: str) -> str:
    """Black or white, whichever contrasts more with ``background`` (WCAG contrast ratio).

    >>> ink("#0072B2"), ink("#E69F00")
    ('white', 'black')
    """
    lum = _luminance(background)
    return "white" if (1.05 / (lum + 0.05)) > ((lum + 0.05) / 0.05) else "black"


def _despine(ax: Any) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def save_figure(fig: Figure, path: str | os.PathLike[str], *, dpi: int = 200) -> None:
    """Save ``fig`` (format from the suffix: .png, .pdf, .svg) without a creation time stamp,
    so the same figure gives the same bytes on every run.

    >>> save_figure(fig, "figures/theme_shares.pdf")           # doctest: +SKIP
    """
    fmt = os.fspath(path).rsplit(".", 1)[-1].lower()
    metadata: dict[str, Any] | None = {
        "pdf": {"CreationDate": None, "ModDate": None}, "svg": {"Date": None},
    }.get(fmt)
    with cjk_context():  # the PDF font type (see unioncorpus.fonts) is read at save time
        import matplotlib

        with matplotlib.rc_context({"svg.hashsalt": "unioncorpus"}):
            fig.savefig(path, dpi=dpi, metadata=metadata)


# --- theme shares -----------------------------------------------------------------------------

def plot_theme_shares(comparison: Any, *, measure: str = "chars",
                      title: str | None = None) -> Figure:
    """Stacked horizontal bars: each group's theme shares (by characters or by sections).

    ``comparison`` is a :class:`~unioncorpus.analysis.compare.Comparison` or its
    ``theme_shares`` DataFrame; ``measure`` is ``"chars"`` (share of the Han characters of the
    group's sections, each character counted once under its most specific heading) or
    ``"sections"`` (share of sections, each counted under its primary theme). With a
    ``Comparison`` the group labels show the number of documents and sections. Segments of
    8 % or more are labelled with their percentage.

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
    labels = [_short(g) for g in wide.index]
    sizes = getattr(comparison, "sizes", None)
    if sizes is not None and {"n_documents", "n_sections"} <= set(sizes.columns):
        n = sizes.set_index(by)
        labels = [f"{_short(g)}（{int(n.at[g, 'n_documents'])} 篇，"
                  f"{int(n.at[g, 'n_sections'])} 节）" if g in n.index else _short(g)
                  for g in wide.index]
    if measure == "chars":
        unit, xlabel = "字数", "主题占比（%，按各主题章节的汉字数计）"
    else:
        unit, xlabel = "章节数", "主题占比（%，按章节数计，每节计入其首要主题）"
    with cjk_context():
        fig = Figure(figsize=(8, 1.4 + 0.45 * max(len(wide), 1)), layout="constrained")
        ax = fig.add_subplot()
        left = np.zeros(len(wide))
        y = np.arange(len(wide))
        for t in themes:
            vals = wide[t].to_numpy() * 100
            color = THEME_COLORS.get(t, "#777777")
            ax.barh(y, vals, left=left, color=color, label=t, edgecolor="white", linewidth=0.5)
            for yi, (lv, v) in enumerate(zip(left, vals, strict=True)):
                if v >= 8:  # label only segments wide enough to hold the number
                    ax.text(lv + v / 2, yi, f"{v:.0f}", ha="center", va="center",
                            fontsize=8, color=ink(color))
            left += vals
        ax.set_yticks(y, labels)
        ax.invert_yaxis()
        ax.set_xlim(0, 100)
        ax.set_xlabel(xlabel)
        ax.set_title(title or f"各{_by_name(by)}工作主题构成（按{unit}）")
        fig.legend(*ax.get_legend_handles_labels(), loc="outside lower center",
                   ncols=min(len(themes), 6), frameon=False, fontsize=9)
        _despine(ax)
    return fig


# --- keyness ----------------------------------------------------------------------------------

SCORE_LABELS = {"logodds": "加权对数优势比 z 值（Monroe 等 2008）",
                "g2": "对数似然 G²（带方向）", "chi2": "卡方值 χ²（带方向）"}


def _critical(method: str, alpha: float) -> float | None:
    from scipy import stats

    if method == "logodds":
        return float(stats.norm.isf(alpha / 2))
    if method in ("g2", "chi2"):
        return float(stats.chi2.isf(alpha, 1))
    return None


def plot_keyness(table: pd.DataFrame, *, n: int = 12, group: Any = None,
                 method: str = "logodds", alpha: float = 0.05,
                 title: str | None = None) -> Figure:
    """Diverging bars: the ``n`` terms most over-used by the target (right, vermilion) and the
    ``n`` most under-used (left, dark grey), by ``score``.

    Bars are solid when the term is significant after the table's multiple-testing correction
    (``p_adj`` < ``alpha``) and pale otherwise; dashed lines mark the uncorrected critical
    value (|z| = 1.96, or G²/χ² = 3.84 for ``alpha=0.05``). ``table`` is a
    :func:`~unioncorpus.analysis.keyness.keyness` result; for a one-vs-rest table with a group
    column pass ``group=``; ``method`` (the one the table was computed with) names the score.

    Example:
        >>> fig = plot_keyness(keyness(corpus, "school", "东川中心学校"))  # doctest: +SKIP
    """
    if not 0 < alpha < 1:
        raise InputError(f"alpha={alpha!r}; use a significance level between 0 and 1")
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
    if both.empty:
        raise InputError("no term has a non-zero score; nothing to plot")
    p_adj = both["p_adj"] if "p_adj" in both.columns else pd.Series(np.nan, index=both.index)
    significant = (p_adj < alpha).to_numpy()
    crit = _critical(method, alpha)
    with cjk_context():
        fig = Figure(figsize=(7, 1.8 + 0.27 * len(both)), layout="constrained")
        ax = fig.add_subplot()
        y = np.arange(len(both))
        colors = [to_rgba(OVER if s > 0 else UNDER, 1.0 if sig else PALE)
                  for s, sig in zip(both["score"], significant, strict=True)]
        ax.barh(y, both["score"], color=colors)
        ax.set_yticks(y, list(both["term"]))
        ax.invert_yaxis()
        ax.axvline(0, color="black", linewidth=0.8)
        handles = [Patch(color=OVER, label="目标组多用"), Patch(color=UNDER, label="目标组少用"),
                   Patch(color=OVER, alpha=PALE,
                         label=f"浅色：多重检验校正后不显著（p ≥ {alpha:g}）")]
        if crit is not None:
            for x in (-crit, crit):
                ax.axvline(x, color="#999999", linestyle="--", linewidth=0.8)
            handles.append(Line2D([], [], color="#999999", linestyle="--", linewidth=0.8,
                                  label=f"未校正 p = {alpha:g} 的临界值（±{crit:.2f}）"))
        ax.set_xlabel(f"关键性得分：{SCORE_LABELS.get(method, method)}")
        name = f"「{group}」" if group is not None else "目标组"
        ax.set_title(title or f"{name}的特征词（与其余文本相比）")
        fig.legend(handles=handles, loc="outside lower center", ncols=2, frameon=False,
                   fontsize=8)
        _despine(ax)
    return fig


# --- topics -----------------------------------------------------------------------------------

def plot_topic_terms(result: Any, *, n_terms: int = 8, ncols: int = 3,
                     title: str | None = None) -> Figure:
    """Small multiples: one bar chart of top-term weights per topic (each panel has its own
    x scale: compare the order of terms within a topic, not bar lengths across topics).

    Example:
        >>> fig = plot_topic_terms(topics(corpus, k=6))          # doctest: +SKIP
    """
    terms = result.terms
    k = int(terms["topic"].max()) + 1 if len(terms) else 0
    if k == 0:
        raise InputError("the topic result has no terms")
    ncols = min(ncols, k)
    nrows = math.ceil(k / ncols)
    params = getattr(result, "params", {}) or {}
    method = str(params.get("method", "")).lower()
    unit = _LEVEL_NAMES.get(str(params.get("level", "")), "")
    xlabel = {"nmf": "词语权重（NMF 主题-词矩阵，TF-IDF 上分解，无单位）",
              "lda": "词语权重（LDA 主题-词伪计数）"}.get(method, "词语权重")
    with cjk_context():
        fig = Figure(figsize=(3.2 * ncols, 0.25 * n_terms * nrows + 1.2 * nrows + 0.8),
                     layout="constrained")
        axes = np.atleast_1d(fig.subplots(nrows, ncols, squeeze=False)).ravel()
        for t in range(k):
            ax = axes[t]
            sub = terms[(terms["topic"] == t) & (terms["rank"] <= n_terms)]
            y = np.arange(len(sub))
            ax.barh(y, sub["weight"], color=NEUTRAL)
            ax.set_yticks(y, list(sub["term"]))
            ax.invert_yaxis()
            ax.set_title(f"主题 {t}", fontsize=10)
            ax.tick_params(axis="x", labelsize=7)
            _despine(ax)
        for ax in axes[k:]:
            ax.set_visible(False)
        detail = "，".join(x for x in (method.upper(), f"k={k}",
                                      f"以{unit}为单位" if unit else "") if x)
        fig.suptitle(title or f"各主题高权重词（{detail}）")
        fig.supxlabel(xlabel, fontsize=9)
    return fig


def plot_topic_prevalence(prevalence: pd.DataFrame, *, ci: float | None = None,
                          n_boot: int | None = None, level: str | None = None, ncols: int = 3,
                          title: str | None = None) -> Figure:
    """Small multiples per topic: mean topic share by group with its bootstrap interval.

    ``prevalence`` is a :func:`~unioncorpus.analysis.topics.topic_prevalence` table. The axis
    states the confidence level: pass the ``ci`` (and ``n_boot``) you gave
    ``topic_prevalence``; when omitted they are read from ``prevalence.attrs`` and otherwise
    ``ci`` is taken to be ``topic_prevalence``'s default, 0.95. ``level`` (``"section"`` or
    ``"document"``) names the modelled unit. Group labels give the number of documents (the
    resampled unit) and, at section level, of sections; a group with too few documents for an
    interval is drawn as a hollow point without a bar.

    Example:
        >>> fig = plot_topic_prevalence(topic_prevalence(r, corpus), ci=0.95)  # doctest: +SKIP
    """
    by = prevalence.columns[0]
    topics_ = sorted(prevalence["topic"].unique())
    groups = list(dict.fromkeys(prevalence[by]))
    k = len(topics_)
    if k == 0:
        raise InputError("the prevalence table is empty")
    ci = ci if ci is not None else prevalence.attrs.get("ci", 0.95)
    if not 0 < ci < 1:
        raise InputError(f"ci={ci!r}; use the confidence level given to topic_prevalence")
    n_boot = n_boot if n_boot is not None else prevalence.attrs.get("n_boot")
    unit = _LEVEL_NAMES.get(level or prevalence.attrs.get("level", ""), "建模单元")
    labels = [_short(g) for g in groups]
    first = prevalence.drop_duplicates(by).set_index(by)
    if "n_documents" in prevalence.columns:
        sec = "n_units" in first.columns and unit != "文档"
        labels = [f"{_short(g)}（{int(first.at[g, 'n_documents'])} 篇"
                  + (f"，{int(first.at[g, 'n_units'])} {unit}" if sec else "") + "）"
                  for g in groups]
    elif "n_units" in prevalence.columns:
        labels = [f"{_short(g)}（n={int(first.at[g, 'n_units'])}）" for g in groups]
    ncols = min(ncols, k)
    nrows = math.ceil(k / ncols)
    with cjk_context():
        fig = Figure(figsize=(3.6 * ncols, (0.3 * len(groups) + 1.0) * nrows + 1.0),
                     layout="constrained")
        axes = fig.subplots(nrows, ncols, squeeze=False, sharey=True).ravel()
        y = np.arange(len(groups))
        for i, t in enumerate(topics_):
            ax = axes[i]
            sub = prevalence[prevalence["topic"] == t].set_index(by).reindex(groups)
            val = sub["prevalence"].to_numpy() * 100
            err = np.vstack([val - sub["ci_low"].to_numpy() * 100,
                             sub["ci_high"].to_numpy() * 100 - val])
            has = ~np.isnan(err).any(axis=0)
            ax.errorbar(val[has], y[has], xerr=err[:, has], fmt="o", color=NEUTRAL,
                        ecolor="#999999", elinewidth=1.2, capsize=2, markersize=4)
            if not has.all():  # too few documents for an interval: the mean alone, hollow
                ax.plot(val[~has], y[~has], "o", markerfacecolor="white", color=NEUTRAL,
                        markersize=4)
            ax.set_yticks(y, labels)
            ax.set_title(f"主题 {t}：{sub['label'].dropna().iloc[0]}", fontsize=9)
            right = np.nanmax(np.concatenate([val, sub["ci_high"].to_numpy() * 100, [0.0]]))
            ax.set_xlim(0, right * 1.08 or 1)  # room for a point at the largest value
            ax.grid(axis="x", linewidth=0.3)
            ax.tick_params(axis="x", labelsize=8)
            _despine(ax)
        axes[0].invert_yaxis()
        for ax in axes[k:]:
            ax.set_visible(False)
        boot = f"，{n_boot} 次重抽样" if n_boot else ""
        hollow = ("；空心点：文档太少，不给区间"
                  if prevalence["ci_low"].isna().any() else "")
        fig.supxlabel(f"平均主题占比（%，{unit}平均）；误差线：{ci:.0%} 百分位自助法置信区间"
                      f"（组内文档有放回重抽样{boot}）{hollow}", fontsize=9)
        fig.suptitle(title or f"各{_by_name(by)}的主题分布（各面板横轴刻度不同）")
    return fig


# --- reuse ------------------------------------------------------------------------------------

def plot_reuse_heatmap(reuse: Any, *, labels: dict[str, str] | None = None,
                       title: str | None = None) -> Figure:
    """Heatmap: share (%) of the row document's characters found again in the column document.

    The matrix is not symmetric: a passage of 100 characters is a large share of a short
    document and a small share of a long one. The diagonal (a document with itself) shows "—";
    shares under 0.5 % are left blank.
    ``reuse`` is a :class:`~unioncorpus.analysis.reuse.ReuseResult` (or its ``matrix``);
    ``labels`` maps doc_id to a display label (default: the doc_id).

    Example:
        >>> fig = plot_reuse_heatmap(find_reuse(corpus))          # doctest: +SKIP
    """
    import matplotlib

    m = getattr(reuse, "matrix", reuse)
    names = [_short((labels or {}).get(d, d), 22) for d in m.index]
    vals = m.to_numpy(dtype=float) * 100
    n = len(names)
    cmap = matplotlib.colormaps[REUSE_CMAP].with_extremes(bad="white")
    with cjk_context():
        size = 2.5 + 0.42 * n
        fig = Figure(figsize=(size + 1.5, size), layout="constrained")
        ax = fig.add_subplot()
        vmax = max(float(np.nanmax(vals)) if n and not np.isnan(vals).all() else 0, 1)
        im = ax.imshow(np.ma.masked_invalid(vals), cmap=cmap, vmin=0, vmax=vmax)
        ax.set_xticks(range(n), names, rotation=60, ha="right", rotation_mode="anchor",
                      fontsize=8)
        ax.set_yticks(range(n), names, fontsize=8)
        for i in range(n):
            for j in range(n):
                v = vals[i, j]
                if i == j:  # a document with itself: no value (a grey fill would read as data)
                    ax.text(j, i, "—", ha="center", va="center", fontsize=7, color="#999999")
                elif not np.isnan(v) and v >= 0.5:
                    ax.text(j, i, f"{v:.0f}", ha="center", va="center", fontsize=7,
                            color="white" if v > vmax * 0.55 else "black")
        cb = fig.colorbar(im, ax=ax, shrink=0.8)
        cb.set_label("行文档中与列文档重复的字符占比（%）", fontsize=9)
        cb.ax.tick_params(labelsize=8)
        ax.set_xlabel("与之比较的文档（列）")
        ax.set_ylabel("文档（行）")
        ax.set_title(title or "文档间的模板复用（重复率，%；对角线“—”为文档自身）")
    return fig


# --- trends and term frequencies (issue 15) ---------------------------------------------------

THEME_NAMES_EN: dict[str, str] = {
    "师德": "Teacher ethics", "民主管理": "Democratic management", "送温暖": "Care and welfare",
    "文体活动": "Culture and sports", "自身建设": "Union building", "其他": "Other"}
"""English names of the themes, for figures drawn with ``lang="en"``."""
# Terms are not themes: they are told apart by marker and line style in one dark colour, so no
# theme colour is borrowed (see the module docstring).
_TERM_STYLES = [("o", "-"), ("s", "--"), ("^", ":"), ("D", "-."), ("v", "-"), ("P", "--"),
                ("X", ":"), ("*", "-.")]
_TREND_TEXT = {
    "zh": {"year": "年度", "per_1000_chars": "每千字出现次数", "doc_share": "使用该词的文档占比（%）",
           "share_chars": "主题占比（%，按各主题章节的汉字数计）",
           "share_sections": "主题占比（%，按章节数计，每节计入其首要主题）",
           "ci": "误差线：{ci:.0%} 百分位自助法置信区间（各{by}内文档有放回重抽样{boot}）",
           "boot": "，{n} 次", "few": "；空心点：文档少于 {m} 篇，不给区间",
           "title_terms": "词语随{by}的变化", "title_themes": "工作主题随{by}的变化",
           "n": "{n} 篇", "freq_title": "{group}高频词", "freq_all": "全部文档",
           "count": "出现次数", "doc_freq": "出现该词的{unit}数"},
    "en": {"year": "Year", "per_1000_chars": "Occurrences per 1,000 Chinese characters",
           "doc_share": "Documents using the term (%)",
           "share_chars": "Share of theme (% of Chinese characters of sections)",
           "share_sections": "Share of theme (% of sections, by primary theme)",
           "ci": "Bars: {ci:.0%} percentile bootstrap interval (documents resampled within "
                 "each {by}{boot})", "boot": ", {n} resamples",
           "few": "; hollow: fewer than {m} documents, no interval",
           "title_terms": "Terms by {by}", "title_themes": "Work themes by {by}",
           "n": "n={n}", "freq_title": "Most frequent terms: {group}",
           "freq_all": "all documents", "count": "Occurrences",
           "doc_freq": "{unit}s containing the term"},
}
_BY_NAMES_EN = {"school": "school", "year": "year", "doc_type": "document type",
                "theme": "theme", "school_level": "school level", "province": "province",
                "city": "city", "county": "county"}


def _check_lang(lang: str) -> dict[str, str]:
    if lang not in _TREND_TEXT:
        raise InputError(f"lang={lang!r}; use 'zh' or 'en'")
    return _TREND_TEXT[lang]


def plot_trend(table: pd.DataFrame, *, lang: str = "zh", labels: dict[Any, str] | None = None,
               title: str | None = None) -> Figure:
    """Lines over years: each term's (or theme's) share per year with its bootstrap interval.

    ``table`` is a :func:`~unioncorpus.analysis.trends.trend` result. Years with enough
    documents show a filled point and an error bar (the interval that resampled the year's
    documents); years with too few (``ci_reliable`` False and no interval) show a hollow
    point and no bar, so they do not read as confident. The x axis gives each year's number
    of documents. Themes keep their colours; terms are told apart by marker and line style.
    ``lang="en"`` gives English axis titles and theme names; ``labels`` maps a term or theme
    (or a year) to the label to show instead.

    Example:
        >>> fig = plot_trend(uc.trend(corpus, themes=True), lang="en")   # doctest: +SKIP
    """
    txt = _check_lang(lang)
    if table.empty:
        raise InputError("the trend table is empty; nothing to plot")
    by = table.attrs.get("by", table.columns[0])
    kind = "theme" if "theme" in table.columns else "term"
    measure = table.attrs.get("measure", "share_chars" if kind == "theme" else "per_1000_chars")
    percent = measure != "per_1000_chars"
    labels = dict(labels or {})
    items = list(dict.fromkeys(table[kind]))
    groups = list(dict.fromkeys(table[by]))
    numeric = all(isinstance(g, (int, np.integer, float)) for g in groups)
    x_of = {g: (float(g) if numeric else i) for i, g in enumerate(groups)}
    by_name = _BY_NAMES_EN.get(by, by) if lang == "en" else _by_name(by)

    def name(item: Any) -> str:
        if item in labels:
            return labels[item]
        return THEME_NAMES_EN.get(item, str(item)) if lang == "en" else str(item)

    with cjk_context():
        fig = Figure(figsize=(7.5, 4.6), layout="constrained")
        ax = fig.add_subplot()
        for i, item in enumerate(items):
            sub = table[table[kind] == item]
            x = np.array([x_of[g] for g in sub[by]])
            k = 100.0 if percent else 1.0
            val = sub["value"].to_numpy(dtype=float) * k
            lo = sub["ci_low"].to_numpy(dtype=float) * k
            hi = sub["ci_high"].to_numpy(dtype=float) * k
            marker, style = _TERM_STYLES[i % len(_TERM_STYLES)]
            color = THEME_COLORS.get(item, NEUTRAL) if kind == "theme" else NEUTRAL
            if kind == "theme":
                marker, style = "o", "-"
            has = ~(np.isnan(lo) | np.isnan(hi))
            if numeric:  # a line only between years: between categories it would invent a trend
                # Broken where years are missing (no documents): no line across the gap.
                order = np.argsort(x)
                lx, lv = list(x[order]), list(val[order])
                for j in range(len(lx) - 1, 0, -1):
                    if lx[j] - lx[j - 1] > 1:
                        lx.insert(j, np.nan)
                        lv.insert(j, np.nan)
                ax.plot(lx, lv, linestyle=style, color=color, linewidth=1.2, alpha=0.8)
            ax.errorbar(x[has], val[has], yerr=np.vstack([val[has] - lo[has], hi[has] - val[has]]),
                        fmt=marker, color=color, ecolor=color, elinewidth=1.0, capsize=2,
                        markersize=5, label=name(item))
            if not has.all():  # too few documents: the value alone, hollow, no interval
                ax.plot(x[~has], val[~has], marker, markerfacecolor="white", color=color,
                        markersize=5, linestyle="none",
                        label=None if has.any() else name(item))
        first = table.drop_duplicates(by).set_index(by)
        ticks = [x_of[g] for g in groups]
        ax.set_xticks(ticks, [f"{labels.get(g, g)}\n" + txt["n"].format(
            n=int(first.at[g, "n_documents"])) for g in groups], fontsize=8)
        ax.set_xlabel(txt["year"] if by == "year" else by_name)
        ax.set_ylabel(txt[measure] if measure in txt else measure)
        ax.set_ylim(bottom=0)
        ax.grid(axis="y", linewidth=0.3)
        n_boot = table.attrs.get("n_boot")
        ci = table.attrs.get("ci", 0.95)
        note = txt["ci"].format(ci=ci, by=by_name,
                                boot=txt["boot"].format(n=n_boot) if n_boot else "")
        if table["ci_low"].isna().any():
            note += txt["few"].format(m=table.attrs.get("min_documents", "?"))
        import textwrap

        fig.supxlabel("\n".join(textwrap.wrap(note, 60 if lang == "zh" else 110)), fontsize=8)
        key = "title_themes" if kind == "theme" else "title_terms"
        ax.set_title(title or txt[key].format(by=by_name))
        fig.legend(*ax.get_legend_handles_labels(), loc="outside right upper", frameon=False,
                   fontsize=9)
        _despine(ax)
    return fig


def plot_term_frequencies(table: pd.DataFrame, *, group: Any = None, n: int = 20,
                          measure: str = "per_1000_chars", lang: str = "zh",
                          labels: dict[Any, str] | None = None,
                          title: str | None = None) -> Figure:
    """Horizontal bars: the ``n`` most frequent terms of a group (or of the whole table).

    ``table`` is a :func:`~unioncorpus.analysis.frequency.term_frequencies` result; when it
    was computed with ``by=``, pass ``group=`` one of its values. ``measure``: ``per_1000_chars``
    (每千字, default), ``count``, ``share`` (% of the group's tokens) or ``doc_freq``. Terms stay
    as they are (Chinese); ``lang="en"`` gives English axis titles; ``labels`` maps a term or
    the group to the label to show.

    Example:
        >>> f = term_frequencies(corpus, by="school_level")              # doctest: +SKIP
        >>> fig = plot_term_frequencies(f, group="小学", lang="en")       # doctest: +SKIP
    """
    txt = _check_lang(lang)
    if measure not in ("per_1000_chars", "count", "share", "doc_freq"):
        raise InputError(f"measure={measure!r}; use per_1000_chars, count, share or doc_freq")
    by = table.attrs.get("by")
    if by is None:
        extra = [c for c in table.columns if c not in
                 ("term", "count", "doc_freq", "share", "per_1000_chars", "n_tokens", "n_han")]
        by = extra[0] if extra else None
    if by is not None and by in table.columns:
        if group is None:
            raise InputError(f"the table holds every {by!r}; pass group= one of them")
        table = table[table[by] == group]
    if table.empty:
        raise InputError(f"no terms for group={group!r}; nothing to plot")
    top = table.sort_values([measure, "term"], ascending=[False, True], kind="mergesort").head(n)
    labels = dict(labels or {})
    vals = top[measure].to_numpy(dtype=float) * (100 if measure == "share" else 1)
    level = table.attrs.get("level", "document")
    unit_en = "Section" if level == "section" else "Document"
    unit_zh = "章节" if level == "section" else "文档"
    xlabels = {"per_1000_chars": txt["per_1000_chars"], "count": txt["count"],
               "share": "占全部词次的比例（%）" if lang == "zh" else "Share of all tokens (%)",
               "doc_freq": txt["doc_freq"].format(unit=unit_en if lang == "en" else unit_zh)}
    gname = labels.get(group, group) if group is not None else txt["freq_all"]
    with cjk_context():
        fig = Figure(figsize=(6.5, 1.2 + 0.28 * len(top)), layout="constrained")
        ax = fig.add_subplot()
        y = np.arange(len(top))
        ax.barh(y, vals, color=NEUTRAL)
        ax.set_yticks(y, [labels.get(t, t) for t in top["term"]])
        ax.invert_yaxis()
        for yi, v in zip(y, vals, strict=True):
            ax.text(v, yi, f" {v:.3g}", va="center", fontsize=7)
        ax.set_xlabel(xlabels[measure])
        ax.set_xlim(0, max(vals.max() * 1.15, 1e-9))
        ax.set_title(title or txt["freq_title"].format(group=gname))
        _despine(ax)
    return fig
