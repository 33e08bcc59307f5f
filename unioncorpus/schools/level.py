"""School level (学段) of a document's school, from its name and, where the name leaves a
choice, from cues in the text. Rules live in ``lexicons/school_levels.tsv`` (its header says
how they combine); a user copy replaces them (``school_level(..., rules="my.tsv")``)."""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from ..errors import LexiconError
from ..gates import _char_class, gate_chars
from ..metadata import _strip_generic
from ..normalise import CJK
from ..resources import lexicon_lines

LEVELS = ("幼儿园", "小学", "初中", "高中", "完全中学", "九年一贯制", "中职", "高职", "高校")
"""The school levels, youngest first; ``unknown`` where the evidence does not decide."""
UNKNOWN = "unknown"
ANY = "*"
# Without a choice from the name, a level needs this much cue weight: one stray mention
# (a prize in a 小学语文 group at a county contest) decides nothing alone.
MIN_WEIGHT_FREE = 2.0
MIN_WEIGHT_NAMED = 1.0
# A named school's name: two to four Han characters right before its type word, none of them
# a function word or pronoun (在希望小学 → 希望小学; 我们小学 is no name).
_NAME_BEFORE = re.compile(f"(?:(?![的在了与和及对到去从为是将把被给向于各全本这那等并或以由我们])[{CJK}]){{2,4}}\\Z")
# Where both levels have cues and the spanning level is among the choices, it wins.
SPANS = (("小学", "初中", "九年一贯制"), ("初中", "高中", "完全中学"))


@dataclass(frozen=True)
class LevelRules:
    names: tuple[tuple[re.Pattern[str], tuple[str, ...], str], ...]
    cues: tuple[tuple[re.Pattern[str], str, float, bool], ...]  # (…, named)
    scan: re.Pattern[str] | None = None  # all cues in one pass, where they can share one

    def finditer(self, text: str) -> Iterator[tuple[int, str, int]]:
        """(cue index, match text, start) of every cue match, in text order per cue."""
        if self.scan is None:
            for i, (rx, *_rest) in enumerate(self.cues):
                for m in rx.finditer(text):
                    yield i, m.group(0), m.start()
            return
        for m in self.scan.finditer(text):
            g = m.lastgroup
            if g is not None:
                yield int(g[1:]), m.group(g), m.start()


def _one_scan(cues: list[tuple[re.Pattern[str], str, float, bool]]) -> re.Pattern[str] | None:
    """One pattern finding every cue in a single pass over the text: the class of all first
    characters (the engine skips ahead to them with its fast scan), then each cue tried
    there in a lookahead, in file order (as gates.any_of). A pattern that starts with a
    look-behind or an alternation is tried at every position of the text, so twenty of them
    one by one cost several times this one pass. None where a cue cannot share one pattern
    (its own groups or flags, or no fixed first characters): then they run one by one."""
    firsts: list[set[str]] = []
    for rx, *_ in cues:
        chars = gate_chars(rx)
        if chars is None or rx.groups or rx.flags & ~re.UNICODE:
            return None
        firsts.append(chars)
    if not cues:
        return None
    # Each cue keeps its own gate: past the shared one, most fail at once.
    body = "|".join(f"(?=[{_char_class(f)}])(?P<c{i}>{rx.pattern})"
                    for i, ((rx, *_), f) in enumerate(zip(cues, firsts, strict=True)))
    every = set().union(*firsts)
    return re.compile(f"[{_char_class(every)}](?<=(?=(?:{body}))[\\s\\S])")


@dataclass(frozen=True)
class Level:
    """What :func:`school_level` found: the level and its evidence (``name:小学``,
    ``name:中学;text:中考×2``), or None where nothing was seen."""

    school_level: str = UNKNOWN
    school_level_from: str | None = None


@lru_cache(maxsize=8)
def _rules(path: str) -> LevelRules:
    names, cues = [], []
    valid = {*LEVELS, UNKNOWN, ANY}
    for no, line in lexicon_lines(path):
        parts = line.split("\t")
        if len(parts) != 4 or parts[0] not in ("name", "text", "named"):
            raise LexiconError(path, no, "expected 'name|text|named<TAB>pattern<TAB>level<TAB>"
                               f"weight', got {line!r}")
        kind, pattern, level, weight = parts
        levels = tuple(level.split("|"))
        if not set(levels) <= valid or (kind == "text" and len(levels) != 1):
            raise LexiconError(path, no, f"level {level!r} is not one of "
                               f"{', '.join(sorted(valid))}")
        try:
            rx = re.compile(pattern)
            w = float(weight)
        except (re.error, ValueError) as e:
            raise LexiconError(path, no, str(e)) from e
        if kind == "name":
            names.append((rx, levels, pattern))
        else:
            cues.append((rx, level, w, kind == "named"))
    return LevelRules(tuple(names), tuple(cues), _one_scan(cues))


def level_rules(rules: str | os.PathLike | None = None) -> LevelRules:
    """The rules of a school-level file (default: the packaged ``school_levels.tsv``)."""
    return _rules(os.fspath(rules) if rules is not None else "school_levels.tsv")


def school_level(school: str | None, title: str | None, text: str, *,
                 rules: str | os.PathLike | None = None) -> Level:
    """The level of the school a document is about, with the evidence that decided it.

    The school's name decides where it can (``name:小学``); with no school, the kind of
    school the title names (``title:小学`` for 小学年度工会工作总结). Where the name
    leaves a choice (…中学, …中心学校) or there is none, cues in the text decide (``text:中考×2``);
    where they do not, the level is ``unknown``.

    Example:
        >>> school_level("光明中学", None, "今年中考成绩喜人，初三年级……")
        Level(school_level='初中', school_level_from='name:中学;text:中考;text:初三年级')
    """
    r = level_rules(rules)
    choices: tuple[str, ...] = (ANY,)
    evidence: list[str] = []
    # With no school named, the title's kind of school, wherever it stands (小学年度工会工作总结,
    # xx中心小学工会工作计划, 学校工会工作计划2024小学): the first rule that matches, so 小学 wins
    # over 学校.
    for where, name in (("name", school), ("title", None if school else title)):
        if not name:
            continue
        for rx, levels, _ in r.names:
            m = rx.search(name)
            if m:
                evidence.append(f"{where}:{m.group(0)}")
                if len(levels) == 1 and levels[0] != ANY:
                    return Level(levels[0], evidence[0])
                choices = levels
                break
        break
    free = choices == (ANY,)
    allowed = set(LEVELS) if free else set(choices)
    if school:
        # The school's own name is no cue (泰安长城中学 is not a second middle school).
        text = text.replace(school, " " * len(school))
    weights: Counter[str] = Counter()
    seen: Counter[tuple[str, str]] = Counter()  # (cue level, matched text), in text order
    for i, found, start in r.finditer(text):
        _, level, w, named = r.cues[i]
        if level not in allowed and not any(level in (a, b) and s in allowed for a, b, s in SPANS):
            continue
        if named:
            name = _NAME_BEFORE.search(text, max(0, start - 4), start)
            if name is None or not _strip_generic(name.group(0)):
                continue  # no name, or only type words (各乡镇中学, 中心小学)
            found = name.group(0) + found
        weights[level] += w
        seen[(level, found)] += 1
    level = _decide(weights, allowed, MIN_WEIGHT_FREE if free else MIN_WEIGHT_NAMED)
    if level != UNKNOWN:
        evidence += [f"text:{t}×{n}" if n > 1 else f"text:{t}" for (lv, t), n in seen.items()
                     if _counts_for(lv, level)]
    return Level(level, ";".join(evidence) or None)


def _counts_for(cue_level: str, level: str) -> bool:
    return cue_level == level or any(level == s and cue_level in (a, b) for a, b, s in SPANS)


def _decide(weights: Counter[str], allowed: set[str], need: float) -> str:
    w = dict(weights)
    for a, b, span in SPANS:  # cues of both stages make the spanning school where allowed
        if span in allowed and w.get(a, 0) >= 1 and w.get(b, 0) >= 1:
            w[span] = w.get(span, 0) + w.pop(a) + w.pop(b)
    w = {k: v for k, v in w.items() if k in allowed}
    if not w:
        return UNKNOWN
    ranked = sorted(w.items(), key=lambda kv: -kv[1])
    best, top = ranked[0]
    if top < need or (len(ranked) > 1 and ranked[1][1] == top):
        return UNKNOWN  # too little, or a tie: say so rather than guess
    return best
