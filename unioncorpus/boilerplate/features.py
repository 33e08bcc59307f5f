"""Numbers that describe one line of a page the way chrome differs from a document on any site.

The line model (:mod:`.model`) scores lines that no rule removed. It must judge sites nobody
wrote a rule for, so the features describe *kinds* of evidence, never a site's strings:

* the line itself: length, Han share, sentence and clause punctuation, digits, dates and
  times, Latin letters, separators and bullets, a heading marker;
* vocabulary groups (counts, not identities): widget and navigation words, metadata words
  (作者, 来源, 审核…), document-library words, genre words of titles (总结, 计划, 范文…), and
  the words of prose (的, 了, 我们, 开展…). The word lists are part of the model file, so a
  retrained model carries its own;
* position: where the line stands in the page and relative to the page's prose (chrome sits
  before the first paragraph and after the last one), and the run of non-prose lines it sits in;
* similarity: to its neighbours (listed items look alike) and to other lines of the page (a
  repeated title, a teaser cut from a paragraph).

:data:`FEATURES` names the columns in order; :func:`line_features` returns one row per line.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache

from ..markers import DOC_MARKER, match_marker
from ..normalise import han_count

_HAN_RUN = re.compile(r"[\u3400-\u9fff]+")
_SENT_END = ("。", "！", "？", "!", "?", "…", "。”", "！”", "？”", "；")
_CLAUSE = re.compile("[，,、；;]")
_DIGIT = re.compile(r"\d")
_LATIN = re.compile(r"[A-Za-z]")
_DATE = re.compile(r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}(?:\s*[-/.月]\s*\d{1,2})?|(?<!\d)\d{1,2}-\d{1,2}(?!\d)"
                   r"|[一二三四五六七八九〇零○O]{4}年")
_TIME = re.compile(r"(?<!\d)\d{1,2}:\d{2}")
_SEPARATOR = re.compile(r"[|｜>»›/•·_]|&gt;|\s[-—]\s")
_BULLET = re.compile(r"^\s*[•·\-—*#>]")
_SPACE_RUN = re.compile(r"(?<=\S)\s+(?=\S)")
_PAGE_NO = re.compile(r"第\s*\d+\s*页|_\d+$|\(\d+\)$")
_BRACKET = re.compile(r"[【】\[\]〔〕]")

FEATURES: tuple[str, ...] = (
    "log_len", "log_han", "han_share", "sent_end", "colon_end", "clauses", "digit_share",
    "date", "time", "latin_share", "separators", "bullet", "spaces", "page_no", "brackets",
    "heading", "chrome_words", "meta_words", "library_words", "genre_words", "prose_words",
    "rel_pos", "first", "last", "before_prose", "after_prose", "prose_dist", "short_run",
    "prev_prose", "next_prose", "sim_prev", "sim_next", "dup_before", "dup_after",
    "inside_longer", "prose", "short", "short_edge", "short_before_prose",
)


def _bigrams(s: str) -> frozenset[str]:
    return frozenset(map(str.__add__, s, s[1:]))


def _sim(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / (len(a) if len(a) < len(b) else len(b))


GROUPS = ("chrome", "meta", "library", "genre", "prose")
"""The vocabulary groups, in the order of their features."""


@lru_cache(maxsize=8)
def _vocab_matcher(frozen: tuple[tuple[str, tuple[str, ...]], ...],
                   ) -> tuple[re.Pattern[str], dict[str, int]]:
    """One pattern for the words of all groups (one scan of a line, not one per group), and
    each word's group; a word listed in two groups counts for the first."""
    group_of: dict[str, int] = {}
    for g, (_, words) in enumerate(frozen):
        for w in words:
            group_of.setdefault(w, g)
    words = sorted(group_of, key=lambda w: (-len(w), w))  # longest first, not overlapping
    return re.compile("|".join(map(re.escape, words)) or "(?!)"), group_of


def _vocab_counts(text: str, matcher: tuple[re.Pattern[str], dict[str, int]]) -> list[int]:
    counts = [0] * len(GROUPS)
    pattern, group_of = matcher
    for w in pattern.findall(text):
        counts[group_of[w]] += 1
    return counts


def is_prose(text: str) -> bool:
    """A line that reads as a sentence of a document: a long line ending like a sentence, or
    Han text with clause punctuation, long enough, ending like a sentence (or long enough
    that an end was cut)."""
    # Cheapest tests first: this runs on every line of every page. Most lines of a page are
    # paragraphs ending in a full-width sentence mark (normalisation made Chinese text's
    # marks full-width): a long one is prose without counting its Han or finding a comma.
    if len(text) < 15:
        return False
    if text.endswith(_SENT_END):
        return len(text) >= 30 or (bool(_CLAUSE.search(text)) and han_count(text) >= 15)
    return bool(_CLAUSE.search(text)) and han_count(text) >= 40


DUP_WINDOW = 4
"""Lines on each side a line is compared with for copies."""
GRAM_PREFIX = 24
"""Han characters of a line compared with its neighbours."""
KEY_PREFIX = 200
"""Characters of a line whose Han text is compared with other lines (a copy shows in its
opening; reading whole paragraphs was most of the model's cost)."""
TEXT_PREFIX = 120
"""Characters of a long line its intrinsic features are read from."""
# A Markdown heading left by a generated text (#### 引言): the section parser's, not chrome.
_MARKDOWN_HEADING = re.compile(r"#{2,6}\s*\S")
_ELLIPSIS = re.compile(r"(?:\.{3,}|…+|。{3,})\s*$")

_GENRE_TITLE = re.compile("总结|计划|方案|报告|要点|安排|打算|思路|规划|制度|讲话|发言|主持词|活动")
_NOT_TITLE = re.compile("[。！？；，]")


def _title_slot(texts: Sequence[str], prose: Sequence[bool]) -> int:
    """Index of the line standing where a document's title stands: the last short line naming
    a kind of document above one of the page's first paragraphs or numbered headings (an SEO
    intro may stand above the title); -1 when there is none."""
    anchors = 0
    for i, t in enumerate(texts):
        if prose[i] or match_marker(t) is not None:
            for k in range(i - 1, max(-1, i - 4), -1):
                s = texts[k]
                if prose[k]:
                    break
                if len(s) <= 60 and not _NOT_TITLE.search(s) and _GENRE_TITLE.search(s):
                    return k
            anchors += 1
            if anchors >= 4:
                return -1
    return -1


def _clear_page(texts: Sequence[str]) -> bool:
    """True for the common clean page, where :func:`line_features` would judge nothing: a
    title line right above the text, then only paragraphs and numbered headings. Most pages
    of a corpus are such; this costs a length and an ending test per line."""
    if len(texts) < 2:
        return False
    t0 = texts[0]
    # A compilation marker holding the first piece's title (第1篇：…工作总结) takes the title's
    # slot as a title does; markers are never judged, wherever they stand.
    if len(t0) > 60 or is_prose(t0) or (match_marker(t0) is not None and not DOC_MARKER.match(t0)) \
            or _NOT_TITLE.search(t0) or not _GENRE_TITLE.search(t0):
        return False  # no title in the slot: the page's first paragraph would be judged
    after_marker = DOC_MARKER.match(t0) is not None
    for t in texts[1:]:
        if len(t) >= 30 and t.endswith(_SENT_END):
            after_marker = False
            continue  # prose (see is_prose), without a call
        marker = DOC_MARKER.match(t) is not None
        if not (is_prose(t) or match_marker(t) is not None or marker
                or (after_marker and _title_like(t))):
            return False
        after_marker = marker
    return True


def _title_like(t: str) -> bool:
    """Short and with no sentence or clause mark: a title line, if it stands where one does."""
    return len(t) <= 60 and not _NOT_TITLE.search(t)


def line_features(texts: Sequence[str],
                  vocab: Mapping[str, Sequence[str]]) -> list[list[float] | None]:
    """One row of :data:`FEATURES` per line of a page, None for a line the model does not
    judge (a paragraph between paragraphs, a numbered heading).

    Parameters:
        texts: the page's lines in order (stripped, non-empty: the lines the rules kept).
        vocab: word lists by group (``chrome``, ``meta``, ``library``, ``genre``, ``prose``).

    Returns:
        A list of rows of floats (or None), aligned with ``texts``.
    """
    n = len(texts)
    if n == 0:
        return []
    if _clear_page(texts):
        return [None] * n
    prose = [is_prose(t) for t in texts]
    prose_at = [i for i, p in enumerate(prose) if p]
    title = _title_slot(texts, prose)
    # Paragraphs are judged only above the document's title, where site intros, genre
    # definitions and teasers stand. Below it a paragraph is the document's: on the dev
    # corpus the rules leave one boilerplate paragraph in a hundred there, judging them all
    # took most of the model's time, and judging a page's first paragraph when no title
    # stands above it made cleaning a cleaned page take the paragraph away (context changed).
    edge_prose = {k for k in prose_at if k < title}
    # Not judged: a paragraph below the title (see above), a numbered or Markdown heading, a
    # compilation marker, the line in the title's slot and a compilation piece's title right
    # under its marker (第2篇 / 2024年…工作计划), which stands in a title's slot too. Chrome is
    # none of these; a title lost to the model would take the document's metadata with it;
    # and most pages then have no line in question at all, which costs one pass over the page.
    piece_titles = {i + 1 for i, t in enumerate(texts[:-1])
                    if DOC_MARKER.match(t) and _title_like(texts[i + 1])}
    judged = [i for i, t in enumerate(texts)
              if (not prose[i] or i in edge_prose) and i != title and i not in piece_titles
              and match_marker(t) is None and not DOC_MARKER.match(t)
              and not _MARKDOWN_HEADING.match(t)]
    if not judged:
        return [None] * n
    first_prose = prose_at[0] if prose_at else n
    last_prose = prose_at[-1] if prose_at else -1
    # Han text and bigrams, computed only for the lines a judged line is compared with.
    _keys: dict[int, str] = {}
    _grams: dict[int, frozenset[str]] = {}

    def key(k: int) -> str:
        if k not in _keys:
            _keys[k] = "".join(_HAN_RUN.findall(texts[k], 0, KEY_PREFIX))
        return _keys[k]

    def gram(k: int) -> frozenset[str]:
        if k not in _grams:
            # A prefix is enough to tell a copy (titles and chrome are short), and bigrams of
            # whole paragraphs were most of the model's cost.
            _grams[k] = _bigrams(key(k)[:GRAM_PREFIX])
        return _grams[k]

    # The run of consecutive non-prose lines each line belongs to.
    run = [0] * n
    i = 0
    while i < n:
        if prose[i]:
            i += 1
            continue
        j = i
        while j < n and not prose[j]:
            j += 1
        for k in range(i, j):
            run[k] = j - i
        i = j
    matcher = _vocab_matcher(tuple((g, tuple(vocab.get(g, ()))) for g in GROUPS))
    rows: list[list[float] | None] = [None] * n
    pi = 0  # index into prose_at of the first prose line at or after i
    for i in judged:
        t = texts[i]
        length = len(t)
        han = han_count(t)
        # Intrinsic features of a long paragraph read from its opening: the ratios hold, and
        # scanning whole paragraphs a dozen times each was most of the model's cost.
        full, t = t, t[:TEXT_PREFIX]
        while pi < len(prose_at) and prose_at[pi] < i:
            pi += 1
        dist = min([abs(i - prose_at[k]) for k in (pi - 1, pi) if 0 <= k < len(prose_at)],
                   default=n)
        # A copy is of a like length: a short line is not compared with paragraphs (their
        # bigrams were most of the model's cost; ``inside`` covers a cut copy).
        most = 3 * length + 20
        dup_before = max((_sim(gram(i), gram(k)) for k in range(max(0, i - DUP_WINDOW), i)
                          if len(texts[k]) <= most and len(key(k)) >= 4),
                         default=0.0) if han >= 4 else 0.0
        dup_after = max((_sim(gram(i), gram(k)) for k in range(i + 1, min(n, i + DUP_WINDOW + 1))
                         if len(texts[k]) <= most and len(key(k)) >= 4),
                        default=0.0) if han >= 4 else 0.0
        # A cut copy of a longer line elsewhere (a teaser, a title inside a paragraph).
        inside = 0.0
        if 6 <= han and (not prose[i] or _ELLIPSIS.search(full)):
            probe = key(i)[:12]
            inside = float(any(probe in key(k) and len(key(k)) > han
                               for k in range(max(0, i - DUP_WINDOW), min(n, i + DUP_WINDOW + 1)) if k != i))
        short = not prose[i] and han < 15
        n_chrome, n_meta, n_library, n_genre, n_prose = _vocab_counts(t, matcher)
        rows[i] = [
            math.log1p(length),
            math.log1p(han),
            han / length,
            float(full.endswith(_SENT_END)),
            float(full.endswith(("：", ":"))),
            math.log1p(len(_CLAUSE.findall(t))),
            len(_DIGIT.findall(t)) / length,
            float(bool(_DATE.search(t))),
            float(bool(_TIME.search(t))),
            len(_LATIN.findall(t)) / length,
            math.log1p(len(_SEPARATOR.findall(t))),
            float(bool(_BULLET.match(t))),
            math.log1p(len(_SPACE_RUN.findall(t))),
            float(bool(_PAGE_NO.search(t))),
            float(bool(_BRACKET.search(t))),
            float(match_marker(t) is not None),
            math.log1p(n_chrome),
            math.log1p(n_meta),
            math.log1p(n_library),
            math.log1p(n_genre),
            n_prose / (1 + han / 10),
            i / (n - 1) if n > 1 else 0.0,
            float(i == 0),
            float(i == n - 1),
            float(i < first_prose),
            float(i > last_prose),
            min(dist, 6) / 6,
            min(run[i], 10) / 10,
            float(i > 0 and prose[i - 1]),
            float(i + 1 < n and prose[i + 1]),
            _sim(gram(i), gram(i - 1)) if i > 0 else 0.0,
            _sim(gram(i), gram(i + 1)) if i + 1 < n else 0.0,
            dup_before,
            dup_after,
            inside,
            float(prose[i]),
            float(short),
            float(short and (i < first_prose or i > last_prose)),
            float(short and i < first_prose),
        ]
    return rows
