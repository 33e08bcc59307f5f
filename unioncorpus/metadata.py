"""Document metadata: doc_type, year and school, from the title and the opening lines.

Definitions follow the annotation guide: ``year`` is the work year the document states (not
the publish date, not an event date in the body; a placeholder like ``20xx`` gives None);
``school`` is the school the document is about, not member or partner schools it mentions.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from .errors import ResourceError
from .gates import gated
from .normalise import CJK

_SUMMARY_TITLE = re.compile(r"总结|汇报|小结|述职|回顾|报告")
_PLAN_TITLE = re.compile(r"计划|规划|思路|安排|要点|打算|方案|设想")
_SUMMARY_CUES = re.compile(r"总结如下|现将.{0,20}总结|工作总结|一年来|一学期来|本学期以来|回顾.{0,10}工作|"
                           r"取得了.{0,8}(成绩|成效|效果)|做了.{0,6}工作")
_PLAN_CUES = re.compile(r"计划如下|工作计划|年度计划|指导思想|工作目标|工作思路|主要任务|具体措施|工作要点|"
                        r"将(继续|进一步|积极|着力|深入|努力|认真)|拟|计划|工作重点")

_YEAR_TITLE = re.compile(r"((?:19|20)\d{2})\s*(?:[-—–~至]\s*(?:19|20)?\d{2,4})?\s*(?:年|学年|学期|届)")
_YEAR_OPENING = re.compile(r"^[^，。；,]{0,12}?((?:19|20)\d{2})\s*(?:[-—–~至]\s*(?:19|20)?\d{2,4}\s*)?"
                           r"(?:年|学年)")
_PLACEHOLDER_YEAR = re.compile(r"(?:19|20)?[xX×＊*]{2}\s*(?:年|学年)|[xX]{2,}\s*[-—至]")

# Longest first, so 中心学校 wins over 学校 at the same place.
_SCHOOL_SUFFIX = ("大中小学", "中小学", "中心学校", "中心小学", "实验学校", "实验小学", "实验中学", "职业学校", "职业中学",
                  "完全小学", "中心校", "幼儿园", "小学", "中学", "学校", "完小", "附小", "附中",
                  "学院", "大学", "高中", "初中")
_NUMBERED_SCHOOL = re.compile("[一二三四五六七八九十]+(?:小|中)(?![学心])")
_SUFFIX_ALTERNATION = "|".join(_SCHOOL_SUFFIX) + "|" + _NUMBERED_SCHOOL.pattern
# Searched through whole documents: behind a gate on its first characters (see gates.py).
_SUFFIX_RE = gated(re.compile(_SUFFIX_ALTERNATION))
# Function characters that never end a school name's prefix (为新二小 → 新二小).
_FUNCTION_CHARS = frozenset("的了在为与和及对向把将被让使从到是有于给之其该各所这那每几个等并或以由经全本共仅只我获")
# jieba's dictionary tags: verbs, adverbs, prepositions, conjunctions, pronouns, adjectives,
# idioms. A school name's prefix is a place or proper name, so it stops at such a word
# (紧紧围绕学校, 提升双碑小学 → 双碑小学).
_STOP_TAGS = frozenset({"v", "vn", "vd", "d", "p", "c", "u", "r", "a", "ad", "i", "l", "f", "y"})


def _jieba_dictionary() -> str:
    """The text of jieba's main dictionary, found without importing jieba (its import
    builds the HMM model, which we do not need here)."""
    from importlib.util import find_spec
    from pathlib import Path

    spec = find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise ResourceError("jieba is not installed; run `pip install jieba`")
    folder = Path(next(iter(spec.submodule_search_locations)))
    return (folder / "dict.txt").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _non_name_words() -> frozenset[str]:
    # One regex over the 8 MB file, not a Python loop over its 350,000 lines: this is
    # loaded in every worker process. Lines are ``word frequency tag``.
    tags = "|".join(sorted(_STOP_TAGS, key=len, reverse=True))
    entry = re.compile(rf"^(\S{{2,4}}) \S+ (?:{tags})\r?$", re.M)
    words = set(entry.findall(_jieba_dictionary()))
    # Verbs of this genre that jieba's dictionary tags otherwise (深化 is tagged j).
    words.update(("深化", "推进", "完善", "健全", "加大", "强化", "规范", "坚持", "推行", "实施",
                  "开展", "关心", "关注", "服务", "打造", "办好", "创办", "建立", "建好", "支持",
                  "依托", "带动", "围绕", "发展", "振兴", "管理", "领导"))
    return frozenset(words)


# Type words: a "name" made only of these is a kind of school, not a school.
_GENERIC = ("九年一贯制", "大中小", "中小", "职教", "职业", "中心", "实验", "完全", "初级", "高级",
            "重点", "示范", "特色", "民办", "公办", "新建", "市", "县", "区", "镇", "乡", "村",
            "省", "全市", "全县", "全区", "全镇", "城区", "农村", "乡镇", "城乡", "寄宿制", "普通")
# A mention followed by a person (南岳路小学的刘永波获…) or preceded by a partner verb
# (与市一小结对) is about another school.
_PERSON_AFTER = re.compile(f"^的?(?:(?![及和与其的各全])[{CJK}]){{2,3}}(?:[，、,被获荣等]|老师|校长|同志|教师)")
# 小学语文组, 中学阶段: the level of schooling, not a school.
_SUBJECT_AFTER = re.compile(r"语文|数学|英语|科学|音乐|美术|体育|信息|学段|阶段|部|组|生|段")
_DATE_UNIT = re.compile("学年度|学年|年度|年|月份|月|日|号")
_CJK_RUN_BEFORE = re.compile(f"[{CJK}]+\\Z")  # \Z, not $: $ also matches before a newline
_PARTNER_BEFORE = re.compile(r"(?:与|和|同|跟|到|去|赴|向|聘请|邀请|参观|兄弟|结对)$")


def doc_type(title: str | None, text: str) -> str:
    """``summary``, ``plan`` or ``other``: the title decides, else cue phrases in the text."""
    if title:
        if _SUMMARY_TITLE.search(title):
            return "summary"
        if _PLAN_TITLE.search(title):
            return "plan"
    head = text[:3000]
    s = len(_SUMMARY_CUES.findall(head))
    p = len(_PLAN_CUES.findall(head))
    if s == p == 0:
        return "other"
    return "summary" if s >= p else "plan"


def work_year(title: str | None, text: str) -> int | None:
    """The work year stated by the title, else by the opening words of the first paragraph."""
    if title:
        if _PLACEHOLDER_YEAR.search(title):
            return None
        m = _YEAR_TITLE.search(title)
        if m:
            return int(m.group(1))
    first = text.lstrip().split("\n", 1)[0]
    if _PLACEHOLDER_YEAR.match(first[:8]):
        return None
    m = _YEAR_OPENING.match(first)
    return int(m.group(1)) if m else None


# Both are pure functions of short strings that recur across a corpus (the same school
# names, the same words before 学校): memoised.
@lru_cache(maxsize=65536)
def _strip_generic(prefix: str) -> str:
    changed = True
    while changed and prefix:
        changed = False
        for g in _GENERIC:
            if prefix.startswith(g) or prefix.endswith(g):
                prefix = prefix[len(g):] if prefix.startswith(g) else prefix[: -len(g)]
                changed = True
    return prefix


@lru_cache(maxsize=65536)
def _trim_prefix(prefix: str, min_len: int) -> str:
    """Keep the name part of the characters before a school type word.

    Walks back from the type word and stops at a function character or at a word that
    jieba's dictionary tags as a verb, adverb, preposition, etc.
    """
    stop = _non_name_words()
    pos = len(prefix)
    while pos > 0:
        if prefix[pos - 1] in _FUNCTION_CHARS:
            break
        if ((pos >= 2 and prefix[pos - 2:pos] in stop) or (pos >= 3 and prefix[pos - 3:pos] in stop)
                or (pos >= 4 and prefix[pos - 4:pos] in stop)):
            break
        pos -= 1
    name = prefix[pos:]
    return name if len(name) >= min_len else ""


def _school_mentions(text: str) -> list[tuple[str, str]]:
    """(name, type suffix) of each school mention that is not about another school."""
    out = []
    for m in _SUFFIX_RE.finditer(text):
        suffix = m.group(0)
        i = m.start()
        if i == 0 or text[i - 1] in _FUNCTION_CHARS:
            continue  # 的学校, 全校…: no name can stand before the type word
        w = _CJK_RUN_BEFORE.search(text, max(0, i - 8), i)
        j = w.start() if w else i
        if j > 0 and text[j - 1].isdigit():  # 2016年光明第一中学: the date unit is no name
            unit = _DATE_UNIT.match(text, j, i)
            j = unit.end() if unit else j
        numbered = bool(_NUMBERED_SCHOOL.fullmatch(suffix))
        prefix = _trim_prefix(text[j:i], 1 if numbered else 2)
        if not prefix or (not numbered and not _strip_generic(prefix)) or suffix.endswith(
                "中小学") or _SUBJECT_AFTER.match(text[m.end(): m.end() + 3]):
            continue
        before = text[max(0, i - len(prefix) - 4): i - len(prefix)]
        if _PARTNER_BEFORE.search(before) or _PERSON_AFTER.match(text[m.end(): m.end() + 8]):
            continue
        out.append((prefix + suffix, suffix))
    return out


_TITLE_YEAR = re.compile(r"(?:19|20)\d{2}\s*[-—至~]?\s*(?:(?:19|20)?\d{2})?\s*(?:年度|学年度|学年|年)?")
_TITLE_SCHOOL = re.compile(f"^([{CJK}]*?(?:{_SUFFIX_ALTERNATION}))")


def title_school(title: str | None) -> str | None:
    """The school named in a title (``2024年度东川中心学校工会工作总结`` → ``东川中心学校``)."""
    if not title:
        return None
    m = _TITLE_SCHOOL.match(_TITLE_YEAR.sub("", title))
    return m.group(1) if m else None


def school(title: str | None, text: str) -> str | None:
    """The school the document is about.

    The title's school when it is a name (东川中心学校); when the title only gives a kind of
    school (中心学校, 职教中心学校), a name of that kind in the body (蔡甸职教中心学校); with no
    school in the title, the school the body names most often, leaving out partner schools
    and schools mentioned for their staff.
    """
    ts = title_school(title)
    if ts:
        name_part = ts
        for suf in _SCHOOL_SUFFIX:
            if ts.endswith(suf):
                name_part = ts[: -len(suf)]
                break
        if _strip_generic(name_part):
            return ts
    mentions = _school_mentions(text)
    if ts:
        mentions = [(n, s) for n, s in mentions if n.endswith(ts) and n != ts]
    if not mentions:
        return None
    counts = Counter(n for n, _ in mentions)
    first = {n: k for k, (n, _) in reversed(list(enumerate(mentions)))}
    return min(counts, key=lambda n: (-counts[n], first[n]))
