"""School level (学段) of a document's school, from its name and, where the name leaves a
choice, from cues in the text. Rules live in ``lexicons/school_levels.tsv`` (its header says
how they combine); a user copy replaces them (``school_level(..., rules="my.tsv")``)."""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from ..errors import LexiconError
from ..metadata import title_school
from ..resources import lexicon_lines

LEVELS = ("幼儿园", "小学", "初中", "高中", "完全中学", "九年一贯制", "中职", "高职", "高校")
"""The school levels, youngest first; ``unknown`` where the evidence does not decide."""
UNKNOWN = "unknown"
ANY = "*"
# Without a choice from the name, a level needs this much cue weight: one stray mention
# (a prize in a 小学语文 group at a county contest) decides nothing alone.
MIN_WEIGHT_FREE = 2.0
MIN_WEIGHT_NAMED = 1.0
# Where both levels have cues and the spanning level is among the choices, it wins.
SPANS = (("小学", "初中", "九年一贯制"), ("初中", "高中", "完全中学"))


@dataclass(frozen=True)
class LevelRules:
    names: tuple[tuple[re.Pattern[str], tuple[str, ...], str], ...]
    cues: tuple[tuple[re.Pattern[str], str, float], ...]


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
        if len(parts) != 4 or parts[0] not in ("name", "text"):
            raise LexiconError(path, no, "expected 'name|text<TAB>pattern<TAB>level<TAB>"
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
            cues.append((rx, level, w))
    return LevelRules(tuple(names), tuple(cues))


def level_rules(rules: str | os.PathLike | None = None) -> LevelRules:
    """The rules of a school-level file (default: the packaged ``school_levels.tsv``)."""
    return _rules(os.fspath(rules) if rules is not None else "school_levels.tsv")


def school_level(school: str | None, title: str | None, text: str, *,
                 rules: str | os.PathLike | None = None) -> Level:
    """The level of the school a document is about, with the evidence that decided it.

    The school's name decides where it can (``name:小学``); with no school, the kind of
    school the title starts with (``title:小学`` for 小学年度工会工作总结). Where the name
    leaves a choice (…中学, …中心学校) or there is none, cues in the text decide (``text:中考×2``);
    where they do not, the level is ``unknown``.

    Example:
        >>> school_level("光明中学", None, "今年中考成绩喜人，初三年级……")
        Level(school_level='初中', school_level_from='name:中学;text:中考;text:初三年级')
    """
    r = level_rules(rules)
    choices: tuple[str, ...] = (ANY,)
    evidence: list[str] = []
    # With no school named, the title's kind of school: its opening (小学年度工会工作总结), or
    # anywhere in it (xx中心小学工会工作计划, 【精选】小学工会年度工作计划).
    for where, name in (("name", school), ("title", None if school else title_school(title) or title)):
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
    for rx, level, w in r.cues:
        if level not in allowed and not any(level in (a, b) and s in allowed for a, b, s in SPANS):
            continue
        for m in rx.finditer(text):
            weights[level] += w
            seen[(level, m.group(0))] += 1
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
