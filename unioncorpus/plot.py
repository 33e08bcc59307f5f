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

Every figure takes ``lang=`` (``"zh"``, the default, or ``"en"``: axis labels, titles,
legends and theme names in English, while data such as terms and school names stay as they
are, in Chinese) and ``labels=`` (a mapping from a group, document, term, theme or topic
number to the text to show). The words come from ``lexicons/figure_text.tsv``; change them
with :func:`set_figure_text`. Long labels are shortened by :func:`shorten_labels`, never so
that two read the same.

Save with :func:`save_figure` (PNG/PDF/SVG with no time stamp, so a rerun gives identical
files; PDFs embed their fonts as TrueType, never Type 3) or ``fig.savefig("x.png",
dpi=200)``. About the fonts embedded in PDFs, see :mod:`unioncorpus.fonts`.
"""

from __future__ import annotations

import contextlib
import math
import os
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .errors import InputError, LexiconError
from .fonts import cjk_context, pdf_font_context, pdf_fonts  # noqa: F401 (uc.plot.pdf_fonts)
from .models import THEMES
from .resources import file_stamp, iter_entries, package_lexicon

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

Labels = Mapping[Any, str] | None
"""``labels=``: group, document, term, theme or topic → the text to show."""

# --- the words of the figures (lexicons/figure_text.tsv), by language ---------------------------

_user_text: dict[str, dict[str, str]] = {}


@lru_cache(maxsize=8)
def _read_text_table(path: str, stamp: tuple[int, int]) -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = {}
    langs: list[str] = []
    for no, line in iter_entries(path):
        cols = line.split("\t")
        if not langs:
            if cols[0] != "key" or len(cols) < 2:
                raise LexiconError(path, no, "the first line must be the header "
                                             "'key<TAB>zh<TAB>en…' naming the languages")
            langs = cols[1:]
            table = {lang: {} for lang in langs}
            continue
        if len(cols) != len(langs) + 1:
            raise LexiconError(path, no, f"expected {len(langs) + 1} TAB-separated columns "
                                         f"(key, {', '.join(langs)}), found {len(cols)}")
        for lang, text in zip(langs, cols[1:], strict=True):
            table[lang][cols[0]] = text
    return table


def _text_table(path: str | os.PathLike[str]) -> dict[str, dict[str, str]]:
    p = Path(path).resolve()
    if not p.is_file():
        raise InputError(f"figure text file {str(path)!r} does not exist; pass a TSV file in "
                         f"the format of {package_lexicon('figure_text.tsv')}")
    return _read_text_table(str(p), file_stamp(p))


def figure_text(lang: str = "zh") -> dict[str, str]:
    """The words figures use in ``lang`` (key → text, ``{field}`` filled in by the figure):
    the packaged table with the changes made by :func:`set_figure_text`.

    >>> figure_text("en")["theme.送温暖"]
    'Care and welfare'
    """
    packaged = _text_table(package_lexicon("figure_text.tsv"))
    if lang not in packaged and lang not in _user_text:
        raise InputError(f"lang={lang!r}; use one of {', '.join(sorted(packaged))}, or add the "
                         f"language with set_figure_text()")
    # A language the package does not have falls back to English for keys it leaves out.
    return {**packaged.get(lang, packaged["en"]), **_user_text.get(lang, {})}


def set_figure_text(texts: Mapping[str, str] | str | os.PathLike[str] | None, *,
                    lang: str = "en") -> None:
    """Change the words of every figure of this process: ``texts`` maps keys of
    ``lexicons/figure_text.tsv`` to texts in ``lang``, or is a TSV file in that format (all its
    languages, which may include new ones); ``None`` restores the packaged words.

    >>> set_figure_text({"theme.师德": "Professional ethics"}, lang="en")  # doctest: +SKIP
    """
    if texts is None:
        _user_text.clear()
        return
    known = set(_text_table(package_lexicon("figure_text.tsv"))["zh"])
    tables = (_text_table(texts) if isinstance(texts, (str, os.PathLike))
              else {lang: {k: str(v) for k, v in texts.items()}})
    # A misspelt key would change nothing, silently: say so instead.
    unknown = sorted({k for table in tables.values() for k in table} - known)
    if unknown:
        raise InputError(f"unknown figure text key(s) {', '.join(unknown)}; the keys are in "
                         f"{package_lexicon('figure_text.tsv')}")
    for code, table in tables.items():
        _user_text.setdefault(code, {}).update(table)


def _by_name(by: str, words: Mapping[str, str]) -> str:
    return words.get(f"by.{by}", by)


def _theme_name(theme: str, words: Mapping[str, str], labels: Labels = None) -> str:
    if labels and theme in labels:
        return str(labels[theme])
    return words.get(f"theme.{theme}", theme)


# --- labels that stay distinct ------------------------------------------------------------------

def _cut(text: str, width: int, middle: bool) -> str:
    if len(text) <= width:
        return text
    if not middle:
        return text[: width - 1] + "…"
    tail = max(1, (width - 1) // 3)  # ids differ at the end (#2), names at the start
    return text[: width - 1 - tail] + "…" + text[-tail:]


def shorten_labels(texts: Sequence[Any], width: int = 14) -> list[str]:
    """Display labels of at most about ``width`` characters, never two the same.

    A label longer than ``width`` is cut at the end (``东川镇第一中心…``). Where two labels
    would then read the same, their middle is cut instead, keeping the first and last
    characters (``003_5cd9b…4d#0``, ``003_5cd9b…4d#1``), and they are widened a character at
    a time until they differ. Labels that are the same in full (two groups given one name)
    are numbered: ``甲校 (1)``, ``甲校 (2)``.

    >>> shorten_labels(["003_5cd9b556b2fe184d#0", "003_5cd9b556b2fe184d#1"])
    ['003_5cd9b…4d#0', '003_5cd9b…4d#1']
    """
    if width < 3:
        raise InputError(f"width={width!r}; labels need at least 3 characters")
    full = [str(t) for t in texts]
    distinct = list(dict.fromkeys(full))
    widths = [width] * len(distinct)
    middle = [False] * len(distinct)
    short = [_cut(t, width, False) for t in distinct]
    while True:
        where: defaultdict[str, list[int]] = defaultdict(list)
        for i, t in enumerate(short):
            where[t].append(i)
        clash = [i for idx in where.values() if len(idx) > 1 for i in idx
                 if short[i] != distinct[i]]
        if not clash:
            break
        for i in clash:  # the middle first, then wider: labels in full always differ
            if middle[i]:
                widths[i] += 1
            middle[i] = True
            short[i] = _cut(distinct[i], widths[i], True)
    short_of = dict(zip(distinct, short, strict=True))
    counts = Counter(full)
    seen: Counter[str] = Counter()
    out = []
    for t in full:
        if counts[t] > 1:  # the same label for two items: number them, after the cut
            seen[t] += 1
            out.append(f"{short_of[t]} ({seen[t]})")
        else:
            out.append(short_of[t])
    if len(set(out)) < len(out):  # a number made a label equal to another one: rare
        taken = set(full)  # number before the cut, skipping numbers taken
        renamed = []
        seen.clear()
        for t in full:
            if counts[t] > 1:
                k = seen[t] + 1
                while f"{t} ({k})" in taken:
                    k += 1
                seen[t] = k
                taken.add(f"{t} ({k})")
                renamed.append(f"{t} ({k})")
            else:
                renamed.append(t)
        return shorten_labels(renamed, width)  # all different now: the cut keeps them so
    return out


def _fit(text: str, inches: float, fontsize: float) -> str:
    """``text`` broken at spaces into lines that fit ``inches`` at ``fontsize`` points.

    English words run longer than the Chinese they translate (a supxlabel or colorbar label
    that fits in Chinese runs off the figure in English). The width is estimated: a Han or
    full-width character is 1 em, anything else 0.55 em (Latin letters of a sans font);
    text that fits, as the Chinese texts do, is returned as it is.
    """
    def ems(s: str) -> float:
        return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.55 for c in s)

    room = inches * 72 / fontsize * 0.95  # em that fit, less a margin
    if ems(text) <= room:
        return text
    lines: list[str] = []
    for word in text.split(" "):
        if lines and ems(lines[-1] + " " + word) <= room:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "\n".join(lines)


def _display(keys: Sequence[Any], labels: Labels, width: int) -> list[str]:
    """The text shown for each key: the user's label, else the key; shortened, distinct."""
    return shorten_labels([labels[k] if labels and k in labels else k for k in keys], width)


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

    PDFs embed every font as TrueType (Type 42 / CIDFontType2), never Type 3, which journals
    reject (see :func:`unioncorpus.fonts.pdf_font_context`); the user's rcParams are left as
    they were.

    >>> save_figure(fig, "figures/theme_shares.pdf")           # doctest: +SKIP
    """
    import matplotlib

    fmt = os.fspath(path).rsplit(".", 1)[-1].lower()
    metadata: dict[str, Any] | None = {
        "pdf": {"CreationDate": None, "ModDate": None}, "svg": {"Date": None},
    }.get(fmt)
    with contextlib.ExitStack() as stack:
        stack.enter_context(cjk_context())
        stack.enter_context(matplotlib.rc_context({"svg.hashsalt": "unioncorpus"}))
        if fmt == "pdf":  # the PDF font type is read at save time
            stack.enter_context(pdf_font_context(fig))
        fig.savefig(path, dpi=dpi, metadata=metadata)


# --- theme shares -----------------------------------------------------------------------------

def plot_theme_shares(comparison: Any, *, measure: str = "chars", title: str | None = None,
                      lang: str = "zh", labels: Labels = None) -> Figure:
    """Stacked horizontal bars: each group's theme shares (by characters or by sections).

    ``comparison`` is a :class:`~unioncorpus.analysis.compare.Comparison` or its
    ``theme_shares`` DataFrame; ``measure`` is ``"chars"`` (share of the Han characters of the
    group's sections, each character counted once under its most specific heading) or
    ``"sections"`` (share of sections, each counted under its primary theme). With a
    ``Comparison`` the group labels show the number of documents and sections. Segments of
    8 % or more are labelled with their percentage. ``lang="en"`` gives English words and
    theme names; ``labels`` maps groups (and themes) to the text shown, shortened to 14
    characters by :func:`shorten_labels` (never two the same).

    Example:
        >>> fig = plot_theme_shares(compare_groups(corpus), lang="en")  # doctest: +SKIP
    """
    if measure not in ("chars", "sections"):
        raise InputError(f"measure={measure!r}; use 'chars' or 'sections'")
    words = figure_text(lang)
    shares = getattr(comparison, "theme_shares", comparison)
    by = getattr(comparison, "by", shares.columns[0])
    col = f"share_{measure}"
    wide = shares.pivot_table(index=by, columns="theme", values=col, aggfunc="sum",
                              fill_value=0.0, sort=False)
    themes = [t for t in THEMES if t in wide.columns] + [t for t in wide.columns
                                                         if t not in THEMES]
    wide = wide[themes]
    names = _display(list(wide.index), labels, 14)
    ticks = names
    sizes = getattr(comparison, "sizes", None)
    if sizes is not None and {"n_documents", "n_sections"} <= set(sizes.columns):
        n = sizes.set_index(by)
        ticks = [words["theme_shares.group"].format(
                     group=name, n_documents=int(n.at[g, "n_documents"]),
                     n_sections=int(n.at[g, "n_sections"])) if g in n.index else name
                 for g, name in zip(wide.index, names, strict=True)]
    unit = words[f"theme_shares.unit.{measure}"]
    xlabel = words[f"theme_shares.xlabel.{measure}"]
    with cjk_context():
        fig = Figure(figsize=(8, 1.4 + 0.45 * max(len(wide), 1)), layout="constrained")
        ax = fig.add_subplot()
        left = np.zeros(len(wide))
        y = np.arange(len(wide))
        for t in themes:
            vals = wide[t].to_numpy() * 100
            color = THEME_COLORS.get(t, "#777777")
            ax.barh(y, vals, left=left, color=color, label=_theme_name(t, words, labels),
                    edgecolor="white", linewidth=0.5)
            for yi, (lv, v) in enumerate(zip(left, vals, strict=True)):
                if v >= 8:  # label only segments wide enough to hold the number
                    ax.text(lv + v / 2, yi, f"{v:.0f}", ha="center", va="center",
                            fontsize=8, color=ink(color))
            left += vals
        ax.set_yticks(y, ticks)
        ax.invert_yaxis()
        ax.set_xlim(0, 100)
        ax.set_xlabel(_fit(xlabel, 6, 10))
        ax.set_title(title or words["theme_shares.title"].format(by=_by_name(by, words),
                                                                 unit=unit))
        handles, names_ = ax.get_legend_handles_labels()
        # Six short (Chinese) names fit on one row; longer (English) ones take two.
        per_row = 6 if sum(len(x) for x in names_) <= 40 else 3
        fig.legend(handles, names_, loc="outside lower center",
                   ncols=min(len(themes), per_row), frameon=False, fontsize=9)
        _despine(ax)
    return fig


# --- keyness ----------------------------------------------------------------------------------

# Kept for code written against the first version of this module; the figures take their words
# from lexicons/figure_text.tsv (keys keyness.score.*).
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
                 title: str | None = None, lang: str = "zh", labels: Labels = None) -> Figure:
    """Diverging bars: the ``n`` terms most over-used by the target (right, vermilion) and the
    ``n`` most under-used (left, dark grey), by ``score``.

    Bars are solid when the term is significant after the table's multiple-testing correction
    (``p_adj`` < ``alpha``) and pale otherwise; dashed lines mark the uncorrected critical
    value (|z| = 1.96, or G²/χ² = 3.84 for ``alpha=0.05``). ``table`` is a
    :func:`~unioncorpus.analysis.keyness.keyness` result; for a one-vs-rest table with a group
    column pass ``group=``; ``method`` (the one the table was computed with) names the score.
    ``lang="en"`` gives English words (the terms stay as they are); ``labels`` maps terms and
    the group to the text shown (shortened to 30 characters by :func:`shorten_labels`).

    Example:
        >>> fig = plot_keyness(keyness(corpus, "school", "东川中心学校"))  # doctest: +SKIP
    """
    if not 0 < alpha < 1:
        raise InputError(f"alpha={alpha!r}; use a significance level between 0 and 1")
    words = figure_text(lang)
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
        ax.set_yticks(y, _display(list(both["term"]), labels, 30))
        ax.invert_yaxis()
        ax.axvline(0, color="black", linewidth=0.8)
        handles = [Patch(color=OVER, label=words["keyness.more"]),
                   Patch(color=UNDER, label=words["keyness.less"]),
                   Patch(color=OVER, alpha=PALE,
                         label=words["keyness.pale"].format(alpha=f"{alpha:g}"))]
        if crit is not None:
            for x in (-crit, crit):
                ax.axvline(x, color="#999999", linestyle="--", linewidth=0.8)
            handles.append(Line2D([], [], color="#999999", linestyle="--", linewidth=0.8,
                                  label=words["keyness.critical"].format(
                                      alpha=f"{alpha:g}", crit=f"{crit:.2f}")))
        score = words.get(f"keyness.score.{method}", method)
        ax.set_xlabel(words["keyness.xlabel"].format(score=score))
        if group is not None:
            shown = labels[group] if labels and group in labels else group
            name = words["keyness.group"].format(group=shown)
        else:
            name = words["keyness.target"]
        ax.set_title(title or words["keyness.title"].format(name=name))
        fig.legend(handles=handles, loc="outside lower center", ncols=2, frameon=False,
                   fontsize=8)
        _despine(ax)
    return fig


# --- topics -----------------------------------------------------------------------------------

def plot_topic_terms(result: Any, *, n_terms: int = 8, ncols: int = 3,
                     title: str | None = None, lang: str = "zh",
                     labels: Labels = None) -> Figure:
    """Small multiples: one bar chart of top-term weights per topic (each panel has its own
    x scale: compare the order of terms within a topic, not bar lengths across topics).

    ``lang="en"`` gives English words (the terms stay as they are); ``labels`` maps terms to
    the text shown (shortened to 30 characters by :func:`shorten_labels`) and topic numbers
    to a name put in the panel's title (``Topic 0: Care``).

    Example:
        >>> fig = plot_topic_terms(topics(corpus, k=6), lang="en")  # doctest: +SKIP
    """
    words = figure_text(lang)
    terms = result.terms
    k = int(terms["topic"].max()) + 1 if len(terms) else 0
    if k == 0:
        raise InputError("the topic result has no terms")
    ncols = min(ncols, k)
    nrows = math.ceil(k / ncols)
    params = getattr(result, "params", {}) or {}
    method = str(params.get("method", "")).lower()
    unit = words.get(f"level.{params.get('level', '')}", "")
    xlabel = words.get(f"topics.xlabel.{method}", words["topics.xlabel"])
    with cjk_context():
        fig = Figure(figsize=(3.2 * ncols, 0.25 * n_terms * nrows + 1.2 * nrows + 0.8),
                     layout="constrained")
        axes = np.atleast_1d(fig.subplots(nrows, ncols, squeeze=False)).ravel()
        for t in range(k):
            ax = axes[t]
            sub = terms[(terms["topic"] == t) & (terms["rank"] <= n_terms)]
            y = np.arange(len(sub))
            ax.barh(y, sub["weight"], color=NEUTRAL)
            ax.set_yticks(y, _display(list(sub["term"]), labels, 30))
            ax.invert_yaxis()
            panel = (words["topics.panel_named"].format(topic=t, name=labels[t])
                     if labels and t in labels else words["topics.panel"].format(topic=t))
            ax.set_title(panel, fontsize=10)
            ax.tick_params(axis="x", labelsize=7)
            _despine(ax)
        for ax in axes[k:]:
            ax.set_visible(False)
        parts = [x for x in (method.upper(), f"k={k}",
                             words["topics.unit"].format(unit=unit) if unit else "") if x]
        detail = parts[0]
        for part in parts[1:]:
            detail = words["topics.join"].format(a=detail, b=part)
        fig.suptitle(title or words["topics.title"].format(detail=detail))
        fig.supxlabel(_fit(xlabel, 3.2 * ncols, 9), fontsize=9)
    return fig


def plot_topic_prevalence(prevalence: pd.DataFrame, *, ci: float | None = None,
                          n_boot: int | None = None, level: str | None = None, ncols: int = 3,
                          title: str | None = None, lang: str = "zh",
                          labels: Labels = None) -> Figure:
    """Small multiples per topic: mean topic share by group with its bootstrap interval.

    ``prevalence`` is a :func:`~unioncorpus.analysis.topics.topic_prevalence` table. The axis
    states the confidence level: pass the ``ci`` (and ``n_boot``) you gave
    ``topic_prevalence``; when omitted they are read from ``prevalence.attrs`` and otherwise
    ``ci`` is taken to be ``topic_prevalence``'s default, 0.95. ``level`` (``"section"`` or
    ``"document"``) names the modelled unit. Group labels give the number of documents (the
    resampled unit) and, at section level, of sections; a group with too few documents for an
    interval is drawn as a hollow point without a bar.
    ``lang="en"`` gives English words (the topics' top terms stay as they are); ``labels``
    maps groups to the text shown (shortened to 14 characters by :func:`shorten_labels`, never
    two the same) and topic numbers to the name shown instead of their top terms.

    Example:
        >>> fig = plot_topic_prevalence(topic_prevalence(r, corpus), ci=0.95)  # doctest: +SKIP
    """
    words = figure_text(lang)
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
    lvl = level or prevalence.attrs.get("level", "")
    unit = words.get(f"level.{lvl}", words["level.unit"])
    names = _display(groups, labels, 14)
    ticks = names
    first = prevalence.drop_duplicates(by).set_index(by)
    if "n_documents" in prevalence.columns:
        # The resampled unit (documents) always; at section level the sections too.
        sec = "n_units" in first.columns and lvl != "document"
        ticks = [(words["prevalence.group_units"].format(
                     group=name, docs=int(first.at[g, "n_documents"]),
                     n=int(first.at[g, "n_units"]), unit=unit) if sec
                  else words["prevalence.group_docs"].format(
                     group=name, docs=int(first.at[g, "n_documents"])))
                 for g, name in zip(groups, names, strict=True)]
    elif "n_units" in prevalence.columns:
        ticks = [words["prevalence.group"].format(group=name, n=int(first.at[g, "n_units"]))
                 for g, name in zip(groups, names, strict=True)]
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
            ax.set_yticks(y, ticks)
            name = labels[t] if labels and t in labels else sub["label"].dropna().iloc[0]
            ax.set_title(words["prevalence.panel"].format(topic=t, name=name), fontsize=9)
            right = np.nanmax(np.concatenate([val, sub["ci_high"].to_numpy() * 100, [0.0]]))
            ax.set_xlim(0, right * 1.08 or 1)  # room for a point at the largest value
            ax.grid(axis="x", linewidth=0.3)
            ax.tick_params(axis="x", labelsize=8)
            _despine(ax)
        axes[0].invert_yaxis()
        for ax in axes[k:]:
            ax.set_visible(False)
        boot = words["prevalence.boot"].format(n_boot=n_boot) if n_boot else ""
        hollow = words["prevalence.hollow"] if prevalence["ci_low"].isna().any() else ""
        fig.supxlabel(_fit(words["prevalence.xlabel"].format(unit=unit, ci=f"{ci:.0%}",
                                                             boot=boot) + hollow,
                           3.6 * ncols, 9), fontsize=9)
        fig.suptitle(title or words["prevalence.title"].format(by=_by_name(by, words)))
    return fig


# --- reuse ------------------------------------------------------------------------------------

def plot_reuse_heatmap(reuse: Any, *, labels: Labels = None, title: str | None = None,
                       lang: str = "zh") -> Figure:
    """Heatmap: share (%) of the row document's characters found again in the column document.

    The matrix is not symmetric: a passage of 100 characters is a large share of a short
    document and a small share of a long one. The diagonal (a document with itself) shows "—";
    shares under 0.5 % are left blank.
    ``reuse`` is a :class:`~unioncorpus.analysis.reuse.ReuseResult` (or its ``matrix``);
    ``labels`` maps doc_id to a display label (default: the doc_id), shortened to 22
    characters by :func:`shorten_labels`: ids that share a long prefix keep their distinct
    ends. ``lang="en"`` gives English words.

    Example:
        >>> fig = plot_reuse_heatmap(find_reuse(corpus))          # doctest: +SKIP
    """
    import matplotlib

    words = figure_text(lang)
    m = getattr(reuse, "matrix", reuse)
    if m is None:
        # Above find_reuse's matrix_max_docs there is no dense matrix (and a heatmap of
        # thousands of rows could not be read anyway).
        raise InputError("this reuse result has no document matrix (too many documents); "
                         "draw the heatmap for a subset: find_reuse(corpus_subset), or raise "
                         "find_reuse(..., matrix_max_docs=N); result.doc_pairs lists the pairs")
    names = _display(list(m.index), labels, 22)
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
        cb.set_label(_fit(words["reuse.colorbar"], size * 0.8, 9), fontsize=9)
        cb.ax.tick_params(labelsize=8)
        ax.set_xlabel(words["reuse.xlabel"])
        ax.set_ylabel(words["reuse.ylabel"])
        ax.set_title(title or words["reuse.title"])
    return fig


# --- trends and term frequencies (issue 15) ---------------------------------------------------

# Terms are not themes: they are told apart by marker and line style in one dark colour, so no
# theme colour is borrowed (see the module docstring).
_TERM_STYLES = [("o", "-"), ("s", "--"), ("^", ":"), ("D", "-."), ("v", "-"), ("P", "--"),
                ("X", ":"), ("*", "-.")]


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
    words = figure_text(lang)
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
    by_name = _by_name(by, words)

    def name(item: Any) -> str:
        return _theme_name(item, words, labels) if kind == "theme" else str(labels.get(item, item))

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
        ax.set_xticks(ticks, [f"{labels.get(g, g)}\n" + words["trend.n"].format(
            n=int(first.at[g, "n_documents"])) for g in groups], fontsize=8)
        ax.set_xlabel(words["trend.year"] if by == "year" else by_name)
        ax.set_ylabel(words.get(f"trend.{measure}", measure))
        ax.set_ylim(bottom=0)
        ax.grid(axis="y", linewidth=0.3)
        n_boot = table.attrs.get("n_boot")
        ci = table.attrs.get("ci", 0.95)
        note = words["trend.ci"].format(
            ci=ci, by=by_name, boot=words["trend.boot"].format(n=n_boot) if n_boot else "")
        if table["ci_low"].isna().any():
            note += words["trend.few"].format(m=table.attrs.get("min_documents", "?"))
        fig.supxlabel(_fit(note, 7.5, 8), fontsize=8)
        key = "trend.title_themes" if kind == "theme" else "trend.title_terms"
        ax.set_title(title or words[key].format(by=by_name))
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
    words = figure_text(lang)
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
    level = "section" if table.attrs.get("level") == "section" else "document"
    xlabel = words[f"freq.doc_freq.{level}" if measure == "doc_freq" else f"freq.{measure}"]
    gname = labels.get(group, group) if group is not None else words["freq.all"]
    with cjk_context():
        fig = Figure(figsize=(6.5, 1.2 + 0.28 * len(top)), layout="constrained")
        ax = fig.add_subplot()
        y = np.arange(len(top))
        ax.barh(y, vals, color=NEUTRAL)
        ax.set_yticks(y, [labels.get(t, t) for t in top["term"]])
        ax.invert_yaxis()
        for yi, v in zip(y, vals, strict=True):
            ax.text(v, yi, f" {v:.3g}", va="center", fontsize=7)
        ax.set_xlabel(xlabel)
        ax.set_xlim(0, max(vals.max() * 1.15, 1e-9))
        ax.set_title(title or words["freq.title"].format(group=gname))
        _despine(ax)
    return fig
