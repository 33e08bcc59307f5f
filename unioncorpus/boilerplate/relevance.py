"""Reject pages that hold prose but no document of a school-union corpus.

Two families, both decided on the whole page after the line rules and the line model:

* **off topic**: no evidence of a school (not one of 校 教 师 学 园 育 课) and no document
  genre (总结, 计划, 制度, 讲话, …): an industry union's news story, say. A page about a school
  union cannot avoid those characters, so the test is conservative by design.
* **persona blog**: generated SEO posts that retell union work in a chatty persona (hey, 小伙伴们,
  和大家分享, emoji): markers of that register from at least :data:`CHATTY_MIN` of the pattern lines. A union's
  own report never holds three of them.

The patterns live in ``lexicons/relevance.tsv``; a user can pass their own file or switch the
check off (``relevance=False``, CLI ``--keep-off-topic``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..errors import LexiconError
from ..gates import AnyOf, any_of
from ..resources import file_stamp, lexicon_lines, package_lexicon

KINDS = ("school", "genre", "chatty")
# Families of chatty markers (pattern lines) that make a page a persona blog. One or two can
# meet in a lively school news item or a template site's intro (给大家分享, an emoji); three
# met only in the persona blog among the pages we measured.
CHATTY_MIN = 3


@dataclass(frozen=True)
class Relevance:
    """The compiled patterns of one relevance file."""

    school: re.Pattern[str]
    genre: re.Pattern[str]
    chatty: tuple[re.Pattern[str], ...]
    # All chatty lines as one gated search: most pages match none, which one scan tells
    # (six scans of every page were a sixth of the boilerplate stage).
    any_chatty: re.Pattern[str] | AnyOf | None


@lru_cache(maxsize=8)
def _load(path: str, stamp: tuple[int, int] = (0, 0)) -> Relevance:  # stamp: edits reload
    found: dict[str, list[str]] = {k: [] for k in KINDS}
    for no, text in lexicon_lines(path):
        kind, sep, pattern = text.partition("\t")
        kind, pattern = kind.strip(), pattern.strip()
        if not sep or kind not in found or not pattern:
            raise LexiconError(path, no, f"expected 'kind<TAB>pattern' with kind one of {KINDS}")
        try:
            re.compile(pattern)
        except re.error as e:
            raise LexiconError(path, no, f"bad regular expression: {e}") from e
        found[kind].append(pattern)
    for kind in ("school", "genre"):
        if not found[kind]:
            raise LexiconError(path, 1, f"no {kind!r} line: the file needs one at least")
    chatty = tuple(re.compile(p) for p in found["chatty"])
    return Relevance(re.compile("|".join(f"(?:{p})" for p in found["school"])),
                     re.compile("|".join(f"(?:{p})" for p in found["genre"])),
                     chatty, any_of(chatty) if chatty else None)


@lru_cache(maxsize=1)
def _packaged() -> str:
    return str(package_lexicon("relevance.tsv"))  # importlib.resources: too slow per page


def load_relevance(path: str | os.PathLike | None = None) -> Relevance:
    """The relevance patterns of ``path`` (a TSV like ``lexicons/relevance.tsv``), or the
    packaged ones."""
    if path is None:
        return _load(_packaged())
    return _load(os.fspath(path), file_stamp(path) if os.path.isfile(path) else (0, 0))


def chatty_markers(text: str, rel: Relevance | None = None) -> list[str]:
    """The chatty-register markers found in ``text``: the first match of each pattern line of
    kind ``chatty``, so one family (emoji, say) counts once however often it recurs."""
    rel = rel or load_relevance()
    found: list[str] = []
    if rel.any_chatty is None or not rel.any_chatty.search(text):
        return found
    for pat in rel.chatty:
        m = pat.search(text)
        if m:
            found.append(m.group(0))
    return found


def off_topic_reason(texts: Sequence[str], relevance: str | os.PathLike | None = None
                     ) -> tuple[str, str] | None:
    """Why a page's kept lines hold no document of a school-union corpus, as ``(rule,
    reason)``, or None when they may.

    >>> off_topic_reason(["市总工会走访慰问困难职工，送去米面油等慰问品。"])[0]
    'page.off_topic'
    >>> off_topic_reason(["我校工会组织教职工开展健步走活动。"]) is None
    True
    """
    rel = load_relevance(relevance)
    text = "\n".join(texts)
    if not rel.school.search(text) and not rel.genre.search(text):
        return ("page.off_topic",
                "no school and no summary, plan or other document genre on the page: off "
                "topic for a school-union corpus (--keep-off-topic keeps such pages)")
    markers = chatty_markers(text, rel)
    if len(markers) >= CHATTY_MIN:
        return ("page.blog",
                f"chatty blog register ({'、'.join(markers[:5])}): a blog post about union "
                "work, not a union's document (--keep-off-topic keeps such pages)")
    return None
