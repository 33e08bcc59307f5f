"""Themes of each section: a weighted lexicon scorer, its explanation, and an optional classifier.

``assign_themes(sections, text)`` fills ``themes`` (primary first) and ``scores`` (every theme)
of the sections returned by :func:`unioncorpus.sections.parse_sections`. The default scorer
reads the theme lexicon shipped as ``lexicons/themes.tsv`` (override it with a path or a dict);
:func:`explain_themes` lists the terms behind a decision so a researcher can defend the coding.
:func:`train_theme_classifier` fits a scikit-learn model on sections a user labelled; pass it
as ``assign_themes(..., model=fitted)``.

How a section is scored (one lexicon pass over each title and each section's own body):

* **title**: each term's weight × count × :data:`TITLE_WEIGHT`: a heading announces its theme;
* **body**: each term's weight × (1 + ln count) over the section's own text (its span without
  the title and without its child sections): repeated words add evidence, with diminishing
  returns, so a long body does not drown its heading;
* **parent**: :data:`PARENT_WEIGHT` × the parent's title evidence (and what the parent itself
  inherited): a bare ``2. 可创新性地统筹工作`` under ``五、工会干部的学习与提升`` is about the union;
* **children**: each child adds :data:`CHILD_WEIGHT` votes split by its own score shares
  (:data:`GENERIC_CHILD_WEIGHT` when the heading is generic, ``二、工作重点``, which then takes
  its themes from its children and not from its own words).

* **document**: a section with no evidence at all (top below :data:`MIN_EVIDENCE` after the
  rules above), such as ``二、活动时间`` or ``三、报送内容``, takes the document's theme when one
  theme holds at least :data:`DOC_SHARE` of the whole text's lexicon evidence (a sports-day plan,
  a notice on union statistics): :data:`MIN_EVIDENCE` votes for that theme. In a mixed work
  summary no theme dominates and the section stays ``其他``.

A section's themes are those scoring at least :data:`RELATIVE_THRESHOLD` × the top score, in
score order. ``其他`` is the residual code ("anything else"): it is kept only as the sole theme,
when it is on top; a section with no evidence at all (top below :data:`MIN_EVIDENCE`, also after
the document rule) is ``其他``. The constants were calibrated together against the gold sample,
then rounded; change them as a set. ``scripts/theme_accuracy.py`` measures them on the labelled
dev pages, by theme, on held-out sites.
"""

from __future__ import annotations

import functools
import math
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ahocorasick_rs import AhoCorasick, Implementation, MatchKind

from .errors import InputError, LexiconError, ResourceError
from .models import THEMES, Section
from .resources import file_stamp, lexicon_lines, package_lexicon
from .sections import own_text, parse_sections

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "CHILD_WEIGHT",
    "DOC_SHARE",
    "GENERIC",
    "GENERIC_CHILD_WEIGHT",
    "MIN_EVIDENCE",
    "PARENT_WEIGHT",
    "RELATIVE_THRESHOLD",
    "TITLE_WEIGHT",
    "ThemeLexicon",
    "assign_themes",
    "explain_themes",
    "load_theme_lexicon",
    "train_theme_classifier",
]

OTHER = "其他"
GENERIC = "@generic"
"""Lexicon pseudo-theme for heading words that announce nothing (工作重点, 主要工作)."""

TITLE_WEIGHT = 3.0
"""A title term counts three body occurrences: headings in this genre name their theme in a
few words, while bodies mix themes (a 师德 section mentions 教学质量, a care section 活动)."""
PARENT_WEIGHT = 0.3
"""Share of the parent's title evidence a child inherits: enough to code a child with no theme
words of its own, too little to outvote a child's own title (``3. 文体活动`` under ``四、送温暖``)."""
CHILD_WEIGHT = 2.0
"""Votes each child gives its parent, split by the child's score shares. Two children on 文体
can lift a secondary theme into a parent whose title names another."""
GENERIC_CHILD_WEIGHT = 6.0
"""Votes per child for a generic parent (工作重点), whose own words carry no theme."""
RELATIVE_THRESHOLD = 0.5
"""A theme joins a section when it scores at least half the top score: calibrated with the
weights above on the gold sample (secondary themes there are a clear second topic of the body
or of several children, never a single passing word)."""
MIN_EVIDENCE = 1.0
"""Below this top score nothing fits and the section is ``其他`` (unless the document rule
applies)."""
DOC_SHARE = 0.7
"""Share of a document's lexicon evidence (body weighting over its whole text, all themes
including 其他) one theme must hold for sections without evidence to take it. Single-topic
plans and notices pass (their theme holds 0.8 and more); mixed work summaries, whose top theme
holds a third to about 0.65, do not. Chosen on the studied folds of scripts/theme_accuracy.py;
0.6 already codes the bare headings of some summaries wrongly."""

_WHERE_TITLE, _WHERE_BODY, _WHERE_PARENT, _WHERE_CHILDREN = "title", "body", "parent", "children"
_WHERE_DOCUMENT = "document"


@dataclass(frozen=True)
class ThemeLexicon:
    """Weighted terms per theme, found in one left-to-right scan (longest term first).

    ``weights`` maps a term to ``{theme: weight}``; ``generic`` holds the heading words that
    announce no theme; ``themes`` lists the themes in output order (the codebook first).
    """

    weights: Mapping[str, Mapping[str, float]]
    generic: frozenset[str] = frozenset()
    themes: tuple[str, ...] = THEMES
    source: str = "<dict>"
    # term -> ((theme, weight), ...) in ``weights[term]`` order; () for generic-only terms.
    # Built once so the scorer does not look up nested mappings per occurrence.
    _pairs: dict[str, tuple[tuple[str, float], ...]] = field(init=False, repr=False,
                                                              compare=False)
    _matcher: Any = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        terms = sorted({*self.weights, *self.generic}, key=lambda t: (-len(t), t))
        bad = next((t for t in terms if not isinstance(t, str) or not t
                    or _SURROGATE.search(t)), None)
        if bad is not None:
            raise InputError(f"theme lexicon {self.source}: term {bad!r} is not a non-empty "
                             "string of characters; remove it or fix its encoding")
        # Aho-Corasick, leftmost-longest: at the first position where a term starts, the
        # longest term there wins, so 教学比武 (师德) is not also counted as 比武, nor 工会财务
        # (自身建设) as 财务. A regex alternation of the same terms, longest first, matches the
        # same (:attr:`pattern`; tests/test_themes.py checks the two agree) but tries them
        # one by one at every position: about twenty times slower on the benchmark corpus.
        matcher = (AhoCorasick(terms, matchkind=MatchKind.LeftmostLongest,
                               implementation=Implementation.DFA) if terms else None)
        object.__setattr__(self, "_matcher", matcher)
        object.__setattr__(self, "_pairs", {t: tuple(self.weights.get(t, {}).items())
                                            for t in terms})

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # The compiled matcher does not pickle; workers rebuild it from the terms.
        return (type(self), (dict(self.weights), self.generic, self.themes, self.source))

    @functools.cached_property
    def pattern(self) -> re.Pattern[str]:
        """The terms as one regex (longest first): it finds what :meth:`findall` finds."""
        terms = sorted(self._pairs, key=lambda t: (-len(t), t))
        return re.compile("|".join(map(re.escape, terms)) if terms else r"(?!x)x")

    def findall(self, text: str, start: int = 0, end: int | None = None) -> list[str]:
        """The lexicon terms in ``text[start:end]``, left to right, without overlaps; where
        several terms start at one position, the longest.

        >>> load_theme_lexicon({"师德": ["教学比武"], "文体活动": ["比武"]}).findall("教学比武和比武")
        ['教学比武', '比武']
        """
        if start or end is not None:
            text = text[start:end]
        if not text or self._matcher is None:
            return []
        try:
            return self._matcher.find_matches_as_strings(text)
        except UnicodeEncodeError:
            # Lone surrogates (from undecodable bytes) cannot be passed on as UTF-8. No term
            # holds one, so no match spans one: match the pieces between them.
            return [t for piece in _SURROGATE.split(text) if piece
                    for t in self._matcher.find_matches_as_strings(piece)]

    def count(self, text: str) -> Counter[str]:
        """Occurrences of each lexicon term in ``text`` (non-overlapping, longest first)."""
        return Counter(self.findall(text))

    def _counts(self, text: str, start: int = 0, end: int | None = None) -> dict[str, int]:
        """:meth:`count` of ``text[start:end]`` as a plain dict (same keys, same order): the
        scorer's hot path (a ``Counter`` costs more to build than counting a title)."""
        return self._tally(self.findall(text, start, end))

    @staticmethod
    def _tally(terms: Iterable[str]) -> dict[str, int]:
        """Occurrences of each term, in order of first occurrence."""
        counts: dict[str, int] = {}
        get = counts.get
        for term in terms:
            counts[term] = get(term, 0) + 1
        return counts


_SURROGATE = re.compile("[\ud800-\udfff]+")


def _parse_lines(entries: Iterable[tuple[int, str]], source: str) -> ThemeLexicon:
    weights: dict[str, dict[str, float]] = defaultdict(dict)
    generic: set[str] = set()
    themes = list(THEMES)
    for no, line in entries:
        parts = [p.strip() for p in line.split("\t")]
        if len(parts) not in (2, 3) or not parts[0] or not parts[1]:
            raise LexiconError(source, no, "expected 'term<TAB>theme<TAB>weight' "
                               f"(weight optional), got {line!r}")
        term, theme = parts[0], parts[1]
        try:
            weight = float(parts[2]) if len(parts) == 3 and parts[2] else 1.0
        except ValueError:
            raise LexiconError(source, no, f"weight {parts[2]!r} is not a number") from None
        if not math.isfinite(weight):
            raise LexiconError(source, no, f"weight {parts[2]!r} is not finite")
        if theme == GENERIC:
            generic.add(term)
            continue
        if theme not in themes:
            themes.append(theme)  # a user's own codebook may add themes
        weights[term][theme] = weight
    return ThemeLexicon(dict(weights), frozenset(generic), tuple(themes), source)


_default_path: list[str] = []  # resolved path of the packaged lexicon, once looked up


@lru_cache(maxsize=16)
def _load_file(path: str, stamp: tuple[int, int]) -> ThemeLexicon:
    return _parse_lines(lexicon_lines(path), path)


def load_theme_lexicon(
    source: str | os.PathLike[str] | Mapping[str, Any] | ThemeLexicon | None = None,
) -> ThemeLexicon:
    """The theme lexicon: the packaged one (``None``), a TSV file, or a dict.

    A dict maps each theme to ``{term: weight}`` or to a list of terms (weight 1); the key
    ``"@generic"`` lists generic heading words. Files are parsed once and cached.

    >>> lex = load_theme_lexicon({"文体活动": {"拔河": 3}, "@generic": ["工作重点"]})
    >>> lex.weights["拔河"]
    {'文体活动': 3.0}
    """
    if isinstance(source, ThemeLexicon):
        return source
    if source is None:
        # The default is looked up once per document: reuse its resolved path (resolving
        # costs several stat calls) and only check its stamp, so an edited file still reloads.
        if _default_path:
            try:
                return _load_file(_default_path[0], file_stamp(_default_path[0]))
            except OSError:
                _default_path.clear()  # moved or deleted: look it up again (and report it)
        p = package_lexicon("themes.tsv").resolve()
        lex = _load_file(str(p), file_stamp(p))
        _default_path[:] = [str(p)]
        return lex
    if isinstance(source, Mapping):
        return _from_mapping(source)
    if isinstance(source, (str, os.PathLike)):
        p = Path(source)
        if not p.is_file() and os.sep not in str(source):
            try:  # a bare name: a lexicon shipped with the package
                p = package_lexicon(str(source))
            except ResourceError:
                pass
        if not p.is_file():
            raise InputError(f"theme lexicon {str(source)!r} not found; pass the path of a TSV "
                             "file (term<TAB>theme<TAB>weight) or a dict")
        p = p.resolve()
        return _load_file(str(p), file_stamp(p))
    raise InputError(f"lexicon must be a path, a dict or None, got {type(source).__name__}")


def _from_mapping(d: Mapping[str, Any]) -> ThemeLexicon:
    entries: list[tuple[int, str]] = []
    for theme, terms in d.items():
        items = terms.items() if isinstance(terms, Mapping) else ((t, 1.0) for t in terms)
        if isinstance(terms, str):
            raise InputError(f"lexicon[{theme!r}] must be a dict or a list of terms, not a str")
        for term, w in items:
            entries.append((len(entries) + 1, f"{term}\t{theme}\t{w}"))
    return _parse_lines(entries, "<dict>")


# --- the scorer --------------------------------------------------------------------------


# One piece of evidence: (theme, term, where, count, weight, contribution), the columns of
# explain_themes. A plain tuple, not a dataclass: a document has hundreds of rows and building
# an object per row was a large share of the scoring time. _THEME and _CONTRIB index it.
_Row = tuple[str, str, str, int, float, float]
_ROW_COLUMNS = ["theme", "term", "where", "count", "weight", "contribution"]
_THEME, _CONTRIB = 0, 5


def _term_rows(lex: ThemeLexicon, counts: Mapping[str, int], where: str) -> list[_Row]:
    """Rows of the lexicon terms counted in a title or body (``counts``: term -> count)."""
    rows: list[_Row] = []
    pairs = lex._pairs
    title = where == _WHERE_TITLE
    for term, n in counts.items():
        for theme, w in pairs.get(term, ()):
            c = w * n * TITLE_WEIGHT if title else w * (1.0 + math.log(n))
            rows.append((theme, term, where, n, w, c))
    return rows


def _total(rows: Iterable[_Row]) -> dict[str, float]:
    """Sum of contributions per theme, in the order the themes first appear.

    The sum runs row by row from 0.0 (not ``sum()`` or ``fsum``): scores must not depend on
    how the rows were grouped, and explain_themes's rows add up to exactly the same floats.
    """
    out: dict[str, float] = {}
    get = out.get
    for r in rows:
        theme = r[_THEME]
        out[theme] = get(theme, 0.0) + r[_CONTRIB]
    return out


def _own_counts(lex: ThemeLexicon, s: Section, text: str, kids: Sequence[Section]) -> dict[str, int]:
    """Term counts of the section's own text (:func:`~unioncorpus.sections.own_text`).

    For sections from ``parse_sections`` the own text is one span of ``text`` (after the
    title, up to the first child), counted in place without copying it; any other shape
    (text between children, negative offsets from hand-made sections) takes the general
    path and counts the joined string.
    """
    if kids:
        head_end = kids[0].start
        # The text after child k runs from k.end to the next child's start (or the section
        # end); it must be empty for the own text to be one span.
        ends = [k.start for k in kids[1:]] + [s.end]
        simple = all(k.end >= e >= 0 for k, e in zip(kids, ends, strict=True))
    else:
        head_end, simple = s.end, True
    if not (simple and s.start >= 0 and head_end >= 0):
        return lex._counts(own_text(s, text, kids))
    # own_text: the head span after the first occurrence of the title (the whole head when the
    # title is empty or not found); the text after each child is empty here (checked above).
    start = text.find(s.title, s.start, head_end) if s.title else -1
    start = start + len(s.title) if start >= 0 else s.start
    return lex._counts(text, start, head_end) if start < head_end else {}


def _document_theme(lex: ThemeLexicon, text: str) -> str | None:
    """The theme holding at least :data:`DOC_SHARE` of the text's evidence, if any and not
    ``其他`` (body weighting: weight × (1 + ln count) per term)."""
    tot: dict[str, float] = {}
    for term, n in lex._counts(text).items():
        f = 1.0 + math.log(n)
        for theme, w in lex._pairs.get(term, ()):
            tot[theme] = tot.get(theme, 0.0) + w * f
    mass = sum(v for v in tot.values() if v > 0)
    if mass <= 0:
        return None
    best = max(tot, key=tot.__getitem__)
    return best if best != OTHER and tot[best] >= DOC_SHARE * mass else None


def _tree(sections: Sequence[Section]) -> tuple[dict[str | None, list[int]], list[int | None]]:
    """The children (indices) of each section id, and the index of each section's parent."""
    kids: dict[str | None, list[int]] = defaultdict(list)
    index = {s.id: i for i, s in enumerate(sections)}
    for i, s in enumerate(sections):
        kids[s.parent].append(i)
    parents = [index.get(s.parent) if s.parent else None for s in sections]
    return kids, parents


def _evidence(sections: Sequence[Section], text: str, lex: ThemeLexicon) -> list[list[_Row]]:
    """Contribution rows of every section (title, body, parent, children), in input order.

    One pattern pass over each title and each section's own text. These rows are what
    :func:`explain_themes` shows; :func:`_scores` computes their per-theme sums directly,
    adding in the same order, so the two agree to the last bit (test_themes checks it).
    """
    kids, parents = _tree(sections)
    title_counts = [lex._counts(s.title) for s in sections]
    titles = [_term_rows(lex, c, _WHERE_TITLE) for c in title_counts]
    generic = [bool(lex.generic) and bool(c.keys() & lex.generic) and not titles[i]
               for i, c in enumerate(title_counts)]
    # Parent prior flows down in text order (parents come before their children).
    inherited: list[list[_Row]] = []
    for p in parents:
        rows = [] if p is None else [
            (r[0], r[1], _WHERE_PARENT, r[3], r[4], r[5] * PARENT_WEIGHT)
            for r in titles[p] + inherited[p]]
        inherited.append(rows)
    own: list[list[_Row]] = []
    for i, s in enumerate(sections):
        body = _own_counts(lex, s, text, [sections[k] for k in kids[s.id]])
        own.append(titles[i] + _term_rows(lex, body, _WHERE_BODY))
    # Children vote bottom-up (reverse text order), with their evidence before inheritance.
    result: list[list[_Row]] = [[] for _ in sections]
    for i in range(len(sections) - 1, -1, -1):
        rows = list(own[i])
        w = GENERIC_CHILD_WEIGHT if generic[i] else CHILD_WEIGHT
        for k in kids[sections[i].id]:
            tot = _total(result[k])  # a child's own and children evidence, no inheritance
            mass = sum(tot.values())
            for theme, v in tot.items():
                if v > 0 and mass > 0:
                    c = sections[k]
                    rows.append((theme, f"{c.id} {c.title}", _WHERE_CHILDREN, 1, w,
                                 w * v / mass))
        result[i] = rows
    out = [result[i] + inherited[i] for i in range(len(sections))]
    doc: list[str | None] = []  # the document's theme, computed once when first needed
    for rows in out:
        tot = _total(rows)
        if max(tot.values(), default=0.0) < MIN_EVIDENCE:
            if not doc:
                doc.append(_document_theme(lex, text))
            if doc[0] is not None:
                rows.append((doc[0], "(document)", _WHERE_DOCUMENT, 1, MIN_EVIDENCE,
                             MIN_EVIDENCE))
    return out


def _scores(sections: Sequence[Section], text: str, lex: ThemeLexicon) -> list[dict[str, float]]:
    """Per-theme sums of the :func:`_evidence` rows of every section, without building rows.

    The scoring hot path. Float addition is not associative, so every sum is taken in the
    rows' order: title terms, body terms, children, then inherited parent terms; per theme,
    from 0.0. Inherited terms stay a list of (theme, contribution) pairs because each is
    scaled by PARENT_WEIGHT one by one, as in the rows.
    """
    kids, parents = _tree(sections)
    pairs, generic_terms, log = lex._pairs, lex.generic, math.log
    titles: list[list[tuple[str, float]]] = []  # (theme, contribution) of each title term
    inherited: list[list[tuple[str, float]]] = []
    generic: list[bool] = []
    totals: list[dict[str, float]] = []
    findall = lex.findall
    for s, p in zip(sections, parents, strict=True):
        found = findall(s.title) if s.title else ()
        if len(found) == 1:  # the usual title: one term, once (w * 1 is w, exactly)
            title = [(theme, w * TITLE_WEIGHT) for theme, w in pairs.get(found[0], ())]
        else:
            title = [(theme, w * n * TITLE_WEIGHT)
                     for term, n in lex._tally(found).items() for theme, w in pairs.get(term, ())]
        titles.append(title)
        generic.append(not title and bool(generic_terms) and not generic_terms.isdisjoint(found))
        # Parent prior flows down in text order (parents come before their children).
        inherited.append([] if p is None else [
            (theme, c * PARENT_WEIGHT) for theme, c in titles[p] + inherited[p]])
        tot: dict[str, float] = {}
        get = tot.get
        for theme, c in title:
            tot[theme] = get(theme, 0.0) + c
        own = [sections[k] for k in kids[s.id]] if s.id in kids else []  # its children
        for term, n in _own_counts(lex, s, text, own).items():
            if term_pairs := pairs.get(term):
                if n == 1:  # most terms: 1 + ln 1 is 1.0, and w * 1.0 is w, exactly
                    for theme, w in term_pairs:
                        tot[theme] = get(theme, 0.0) + w
                    continue
                f = 1.0 + log(n)
                for theme, w in term_pairs:
                    tot[theme] = get(theme, 0.0) + w * f
        totals.append(tot)
    # Children vote bottom-up; a child's votes come from its totals before inheritance.
    done = [False] * len(sections)  # as in _evidence, a child not yet scored votes nothing
    for i in range(len(sections) - 1, -1, -1):
        sid = sections[i].id
        if sid in kids:
            tot = totals[i]
            w = GENERIC_CHILD_WEIGHT if generic[i] else CHILD_WEIGHT
            for k in kids[sid]:
                child = totals[k] if done[k] else {}
                mass = sum(child.values())
                for theme, v in child.items():
                    if v > 0 and mass > 0:
                        tot[theme] = tot.get(theme, 0.0) + w * v / mass
        done[i] = True
    doc: list[str | None] = []  # the document's theme, computed once when first needed
    for tot, rows in zip(totals, inherited, strict=True):
        for theme, c in rows:
            tot[theme] = tot.get(theme, 0.0) + c
        if max(tot.values(), default=0.0) < MIN_EVIDENCE:
            if not doc:
                doc.append(_document_theme(lex, text))
            if doc[0] is not None:
                tot[doc[0]] = tot.get(doc[0], 0.0) + MIN_EVIDENCE
    return totals


def _decide(scores: Mapping[str, float], order: Sequence[str]) -> list[str]:
    """Themes passing the relative threshold, best first; 其他 only alone (see module doc).

    Ties keep codebook (``order``) order. ``scores`` has a score for each theme of ``order``.
    """
    if order and len(scores) == len(order) and (total := sum(scores.values())) == total:
        # Called once per section, so without a Python key function per theme: max() and a
        # stable reverse sort keep the first of equal scores, which is the codebook order.
        # Only valid without NaN scores (checked by the sum) and repeated themes (the length).
        best = max(order, key=scores.__getitem__)
        top = scores[best]
        if top < MIN_EVIDENCE or best == OTHER:
            return [OTHER]
        themes = [t for t in order if t != OTHER and scores[t] >= RELATIVE_THRESHOLD * top]
        themes.sort(key=scores.__getitem__, reverse=True)
        return themes
    ranked = sorted(order, key=lambda t: (-scores.get(t, 0.0), order.index(t)))
    top = scores.get(ranked[0], 0.0) if ranked else 0.0
    if top < MIN_EVIDENCE:
        return [OTHER]
    if ranked[0] == OTHER:
        return [OTHER]
    return [t for t in ranked if t != OTHER and scores.get(t, 0.0) >= RELATIVE_THRESHOLD * top]


def assign_themes(
    sections: Sequence[Section],
    text: str,
    lexicon: str | os.PathLike[str] | Mapping[str, Any] | ThemeLexicon | None = None,
    model: Any = None,
) -> list[Section]:
    """Fill ``themes`` (primary first) and ``scores`` (every theme) of each section.

    ``sections`` come from :func:`~unioncorpus.sections.parse_sections` on the same ``text``.
    With ``model`` (from :func:`train_theme_classifier`, or any fitted classifier with
    ``predict_proba`` over theme labels) the classifier decides instead of the lexicon. The
    input sections are not modified; new :class:`Section` objects are returned.

    ``scores`` holds every theme of the lexicon: the summed contributions of title, body,
    parent and children terms (see the module docstring; :func:`explain_themes` itemises
    them). They are evidence totals, comparable between the themes of one section; with a
    model they are the predicted probabilities.
    """
    if not isinstance(text, str):
        raise InputError(f"text must be the document as str, got {type(text).__name__}")
    sections = list(sections)
    if not sections:
        return []
    if model is not None:
        return _assign_with_model(sections, text, model)
    out = []
    for s, (themes, scores) in zip(sections, _lexicon_themes(sections, text, lexicon),
                                   strict=True):
        if type(s) is Section:  # dataclasses.replace costs several times a direct copy
            out.append(Section(id=s.id, parent=s.parent, depth=s.depth, marker=s.marker,
                               title=s.title, start=s.start, end=s.end, themes=themes,
                               scores=scores, path=s.path))
        else:  # a subclass may carry more fields
            out.append(replace(s, themes=themes, scores=scores))
    return out


def _lexicon_themes(sections: Sequence[Section], text: str, lexicon: Any,
                    ) -> list[tuple[list[str], dict[str, float]]]:
    """(themes, scores) of each section by the lexicon (see :func:`assign_themes`)."""
    lex = load_theme_lexicon(lexicon)
    out = []
    for tot in _scores(sections, text, lex):
        # Every theme, 0.0 unless it has evidence. round() goes through a decimal string and
        # returns whole numbers unchanged, so those skip it.
        scores = dict.fromkeys(lex.themes, 0.0)
        for t, v in tot.items():
            if t in scores:
                scores[t] = v if v.is_integer() else round(v, 3)
        out.append((_decide(scores, lex.themes), scores))
    return out


def set_themes(sections: list[Section], text: str, themes: Any = None) -> list[Section]:
    """:func:`assign_themes` on sections nobody else holds: fills them in place (no copies).

    ``themes`` is a lexicon (path, dict or :class:`ThemeLexicon`; None for the packaged
    one) or a fitted classifier. Returns ``sections``.
    """
    if not sections:
        return sections
    if themes is not None and hasattr(themes, "predict_proba"):
        found = [(s.themes, s.scores) for s in assign_themes(sections, text, model=themes)]
    else:
        found = _lexicon_themes(sections, text, themes)
    for s, (names, scores) in zip(sections, found, strict=True):
        s.themes, s.scores = names, scores
    return sections


def explain_themes(
    section_or_title: Section | str,
    text: str | None = None,
    *,
    sections: Sequence[Section] | None = None,
    lexicon: str | os.PathLike[str] | Mapping[str, Any] | ThemeLexicon | None = None,
) -> pd.DataFrame:
    """The terms that decided a section's themes, one row per (theme, term, where).

    Columns: ``theme``, ``term``, ``where`` (``title``, ``body``, ``children``, ``parent``),
    ``count``, ``weight``, ``contribution``; sorted by contribution. Pass a title string alone,
    a :class:`Section` with its document ``text`` (title and body), or also the document's
    ``sections`` (or let them be parsed from ``text``) to see the parent and children terms.
    The contributions of a theme sum to its score in ``assign_themes``.

    >>> explain_themes("三、开展有益健康的文体活动")[["theme", "term", "where"]].iloc[0].tolist()
    ['文体活动', '文体', 'title']
    """
    import pandas as pd

    lex = load_theme_lexicon(lexicon)
    if isinstance(section_or_title, str):
        rows = _term_rows(lex, lex._counts(section_or_title), _WHERE_TITLE)
    elif isinstance(section_or_title, Section):
        s = section_or_title
        if text is None:
            rows = _term_rows(lex, lex._counts(s.title), _WHERE_TITLE)
        else:
            secs = list(sections) if sections is not None else parse_sections(text)
            match = next((i for i, x in enumerate(secs) if x.id == s.id and x.start == s.start),
                         None)
            if match is None:
                secs, match = [s], 0
            rows = _evidence(secs, text, lex)[match]
    else:
        raise InputError("explain_themes expects a Section or a title str, got "
                         f"{type(section_or_title).__name__}")
    df = pd.DataFrame([list(r) for r in rows], columns=_ROW_COLUMNS)
    return df.sort_values(["contribution", "theme"], ascending=[False, True],
                          ignore_index=True)


# --- the optional classifier -------------------------------------------------------------


def _section_texts(sections: Sequence[Section], text: str) -> list[str]:
    kids: dict[str | None, list[Section]] = defaultdict(list)
    for s in sections:
        kids[s.parent].append(s)
    return [f"{s.title}\n{own_text(s, text, kids[s.id])}" for s in sections]


def _assign_with_model(sections: list[Section], text: str, model: Any) -> list[Section]:
    classes = list(getattr(model, "themes_", None) or getattr(model, "classes_", []))
    if not classes or not hasattr(model, "predict_proba"):
        raise InputError("model must be fitted and have predict_proba and themes_ or classes_; "
                         "use train_theme_classifier(texts, labels)")
    proba = model.predict_proba(_section_texts(sections, text))
    out = []
    for s, p in zip(sections, proba, strict=True):
        scores = {str(c): round(float(v), 3) for c, v in zip(classes, p, strict=True)}
        ranked = sorted(scores, key=lambda c: -scores[c])
        # Multi-label: every theme the model gives at least even odds; at least the best one.
        themes = [c for c in ranked if scores[c] >= 0.5] or ranked[:1]
        out.append(replace(s, themes=themes, scores=scores))
    return out


def train_theme_classifier(
    texts: Sequence[str],
    labels: Sequence[str | Sequence[str]],
    cv: int = 5,
    random_state: int = 0,
) -> tuple[Any, dict[str, Any]]:
    """Fit a theme classifier on sections a user labelled; return it with a CV report.

    ``texts`` are section texts (title and body); ``labels`` one theme or a list of themes per
    text (multi-label, first = primary). The model is character 1–3-gram TF-IDF (no word
    segmentation needed for Chinese) and one-vs-rest logistic regression. The report holds the
    ``cv``-fold cross-validated ``primary_accuracy`` (the top prediction is one of the true
    themes), ``subset_accuracy`` (exact theme set), ``f1_micro`` and per-theme ``f1``. The
    returned pipeline is refitted on all data; its ``themes_`` lists the output themes. Use it
    as ``assign_themes(sections, text, model=pipeline)``.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score
    from sklearn.model_selection import KFold, cross_val_predict
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import MultiLabelBinarizer

    if isinstance(texts, str) or not isinstance(texts, Sequence):
        raise InputError("texts must be a list of section texts, not a single str")
    if isinstance(labels, str) or len(labels) != len(texts):
        raise InputError(f"labels must be a list with one entry per text: got {len(texts)} "
                         f"texts and {'a str' if isinstance(labels, str) else len(labels)}")
    sets = [[lab] if isinstance(lab, str) else list(lab) for lab in labels]
    if any(not s for s in sets):
        raise InputError("every text needs at least one theme label")
    if not isinstance(cv, int) or cv < 2 or cv > len(texts):
        raise InputError(f"cv={cv!r} must be an int from 2 to the number of texts ({len(texts)})")
    seen = {t for s in sets for t in s}
    classes = [t for t in THEMES if t in seen] + sorted(seen - set(THEMES))
    if len(classes) < 2:
        raise InputError(f"labels hold one theme only ({classes}); a classifier needs two")
    mlb = MultiLabelBinarizer(classes=classes)
    y = mlb.fit_transform(sets)

    def make() -> Pipeline:
        return Pipeline([
            ("tfidf", TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True)),
            ("clf", OneVsRestClassifier(LogisticRegression(
                # liblinear: a few hundred sections of sparse char n-grams fit in well under a
                # second per fold, where lbfgs spent seconds for the same accuracy.
                solver="liblinear", class_weight="balanced", random_state=random_state))),
        ])

    folds = KFold(n_splits=cv, shuffle=True, random_state=random_state)
    proba = cross_val_predict(make(), list(texts), y, cv=folds, method="predict_proba")
    pred = (proba >= 0.5).astype(int)
    top = proba.argmax(axis=1)
    pred[range(len(top)), top] = 1  # every section gets at least its best theme
    report: dict[str, Any] = {
        "n": len(texts),
        "cv": cv,
        "primary_accuracy": float((y[range(len(top)), top] == 1).mean()),
        "subset_accuracy": float((pred == y).all(axis=1).mean()),
        "f1_micro": float(f1_score(y, pred, average="micro", zero_division=0)),
        "per_theme": {c: {"support": int(y[:, j].sum()),
                          "f1": float(f1_score(y[:, j], pred[:, j], zero_division=0))}
                      for j, c in enumerate(classes)},
    }
    model = make().fit(list(texts), y)
    model.themes_ = classes  # fitted attribute, scikit-learn style: output order of proba
    return model, report
