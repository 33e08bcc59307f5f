"""Recognise numbered heading markers at the start of a line (一、 (一) 1. (1) ⑴ ① 第一部分).

The one place that knows what a heading marker looks like; used by line joining (a heading
is never glued to the next line), document splitting (numbering that restarts at 一 starts a
new document) and the section parser.

* A marker counts only at the start of a line: ``…以下几方面:1. 建言献策`` inside a paragraph
  is an enumeration, not a heading.
* Markers come in style families; punctuation variants of one family are one style
  (``一、 一. 一．``; ``(一) （一） 一)``; ``1、 1. 1．``; ``(1) （1） ⑴ 1)``; ``①``; ``第一部分``;
  ``第一章``; ``第一节``).
* Numbers that are not markers are rejected: decimals (``1.5万元``), years (``2008.``,
  ``2024、``: more than two digits), counted lists (``1、2、3年级``, ``一、二年级``), running
  text after 第N节 (``第一节课后，…``), and a marker with no words after it (except a
  schedule period such as ``一、1—2月``).
* Markdown residue of generated texts does not hide a marker: ``#### 一、…`` and
  ``**1. …**`` are the markers 一、 and 1. (the markup stays in the text; ``md`` on the
  :class:`Marker` tells how many ``#`` it had).
* ``outline=True`` (the section parser) also accepts decimal outline numbers (``1.1``,
  ``3.2.1``: family ``dec2``, ``dec3`` by the number of parts) and 一是/二是 enumerators
  (family ``shi``). They are left out by default: line joining and document splitting key on
  the top family restarting at 1, and these restart in every section.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

CN_NUM = "一二三四五六七八九十"
_CN_DIGITS = "零〇一二三四五六七八九十"
_CN = f"[{_CN_DIGITS}]{{1,3}}"
_SP = "[ \t\u3000]*"

# Markdown residue before a marker (generated texts): heading hashes and/or bold stars,
# ``#### 一、…``, ``**1. …**``, ``### **（一）…**``. Only in front of a marker: a bare ``**``
# at the start of a line is more often a redaction (``**大学工会…``).
_MD = rf"(?P<md>(?P<hashes>\#{{1,6}}){_SP})?(?:(?:\*\*|__){_SP})?"
# Brackets of the (一) family, including the small-form ﹙﹚ of some word processors; a
# stray 、 or . after the closing bracket (（一）、) is the same marker.
_PO, _PC = "(（﹙", ")）﹚"

# One alternation, tried at the start of each line; named groups tell the family.
# Digits are limited to two (a list never reaches 100): 2008. and 2024、 are years.
# 一、 may be followed by a digit (一、2024年工作回顾); 一. may not (a decimal).
# Sloppy template pages write 二，or 二，. for 二、: Chinese numerals only (1， starts counts).
MARKER = re.compile(
    rf"""^(?P<lead>{_SP}{_MD})(?P<marker>
      (?P<part>第(?P<part_n>{_CN}|\d{{1,2}})(?P<part_kind>部分|章|节))
    | (?P<pcn>(?:[{_PO}]{_SP}(?P<pcn_n>{_CN}){_SP}[{_PC}]|(?P<pcn_n2>{_CN})[{_PC}])[、.．]?)
    | (?P<cn>(?P<cn_n>{_CN}){_SP}(?:、[.．]?|[.．](?![\d０-９])|[，,][.．、]?))
    | (?P<pnum>(?:[{_PO}]{_SP}(?P<pnum_n>\d{{1,2}}){_SP}[{_PC}]|(?P<pnum_n2>\d{{1,2}})[{_PC}]
              |(?P<pnum_c>[⑴-⒇]))[、.．]?)
    | (?P<num>(?P<num_n>\d{{1,2}}){_SP}(?:、|[.．](?!\d)))
    | (?P<circ>[①-⑳])
    ){_SP}""",
    re.VERBOSE,
)
# After a marker, content that shows it was a counted list or a range: 1、2、3年级 / 一、二年级.
_COUNTED = re.compile(rf"^(?:\d+|{_CN})(?:[、,，~\-—至到]|年级)")
# ... except a period of a schedule, which is a heading with no words: 一、1—2月, 三、9~10月份.
_PERIOD = re.compile(r"^\d{1,2}[ \t]*[—\-~～至到]+[ \t]*\d{1,2}[ \t]*月份?[ \t]*[：:]?$")

# Markers only the section parser asks for (outline=True), see the module docstring.
# Decimal outline numbers: two to four parts of one or two digits, glued to the title or
# followed by a space or a stray 、/. (1.1政策依据, 3.2.1 具体目标, 2.3、工作要求).
_DECIMAL = re.compile(rf"^(?P<lead>{_SP}{_MD})(?P<marker>(?P<dec>\d{{1,2}}(?:[.．]\d{{1,2}}){{1,3}})"
                      rf"(?![.．]?\d)[、.．]?){_SP}")
# What follows a number that is a quantity or a date, not an outline title: 1.5万元,
# 2.5小时, 10.8%, 3.5倍, 1.5年的; 5.1劳动节 / 3.12植树节 (a month.day and its holiday).
# Characters that are also the first of a title word (年度, 人员, 项目, 分工) count as a unit
# only before a non-Han character or a word that follows quantities (的, 以上, 左右, 多…).
_QUANTITY = re.compile(
    r"^(?:[万亿元%％‰倍吨斤亩岁]|小时|分钟|公里|平方|公斤|学时|课时|个月|个百分点"
    r"|[千百个米年月天日号次人名项届期分秒周](?:$|[^\u4e00-\u9fff]|[的以余多左内后前间里]))")
_HOLIDAY = re.compile(r"^[\u4e00-\u9fff]{0,2}(?:妇女|植树|青年|劳动|儿童|教师|国庆|建党|建军|护士|母亲|"
                      r"父亲|重阳|中秋|端午|元旦|元宵|清明|学雷锋|消费者权益|读书|世界[\u4e00-\u9fff]{1,4})[节日]")
# 一是/二是…: the enumerators of reports and speeches, at the start of a line.
_SHI = re.compile(rf"^(?P<lead>{_SP}{_MD})(?P<marker>(?P<shi_n>{_CN})是)(?![否不])")
# 第一部分/章/节 needs a separator or a short title-like line (第一章总则), so running text
# (第一节课后，…) is not a heading.
_PART_OK = re.compile(r"^(?:$|[ \t\u3000、：:，,.．])")
_CJK = re.compile(r"[\u3400-\u9fff]")
_PART_FAMILY = {"部分": "part", "章": "chapter", "节": "section"}


# Compilation markers: where one document of a compilation page starts (第2篇：…, 篇二,
# 【篇2】, 范文二), and the same marker after a title (学校工会工作总结范文 篇1).
_DOC_NUM = rf"[0-9{CN_NUM}]{{1,3}}"
DOC_MARKER = re.compile(
    rf"^\s*[【\[（(]?\s*(?:第\s*{_DOC_NUM}\s*篇|篇\s*{_DOC_NUM}|(?:范文|例文|参考范文|精选范文)\s*{_DOC_NUM})"
    r"\s*[】\]）)]?\s*[:：、.．]?\s*"
)
# A title followed by its compilation marker: 学校工会工作总结范文 篇1, …总结（篇二）.
TRAILING_MARKER = re.compile(rf"\s*[【\[（(]?\s*(?:第\s*{_DOC_NUM}\s*篇|篇\s*{_DOC_NUM})\s*[】\]）)]?\s*$")


class Marker(NamedTuple):
    """A heading marker found at the start of a line."""

    family: str  # style family: cn, pcn, num, pnum, circ, part, chapter, section
    number: int
    text: str  # the marker as written, e.g. "一、", "(1)", "⑴"
    start: int  # offset of the marker in the line (after leading spaces and Markdown)
    end: int  # offset where the heading text starts
    parts: tuple[int, ...] = ()  # a decimal outline number's parts: 3.2.1 -> (3, 2, 1)
    md: int = 0  # how many Markdown heading hashes came before the marker (#### 一、 -> 4)


_CN_VALUE = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0}


def cn_to_int(s: str) -> int:
    """Value of a Chinese numeral up to 99: ``'十二'`` → 12, ``'二十'`` → 20."""
    digits = _CN_VALUE
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (digits.get(tens, 1) if tens else 1) * 10 + (digits.get(ones, 0) if ones else 0)
    value = 0
    for c in s:
        value = value * 10 + digits.get(c, 0)
    return value


# Characters a MARKER match can start with (besides any decimal digit, which ``\d`` takes):
# most lines start with none, and a set lookup is cheaper than the regex call.
_MARKER_FIRST = frozenset(" \t\u3000第#*_" + _PO + _CN_DIGITS + "".join(map(chr, range(0x2474, 0x2488)))
                          + "".join(map(chr, range(0x2460, 0x2474))))


def match_marker(line: str, *, outline: bool = False) -> Marker | None:
    """The heading marker at the start of ``line``, or None.

    ``outline=True`` also accepts decimal outline numbers and 一是/二是 (section parser only).

    >>> match_marker("（三）依法维护教职工权益").family
    'pcn'
    >>> match_marker("2024年工会工作") is None
    True
    >>> match_marker("3.2.1 具体目标", outline=True).parts
    (3, 2, 1)
    """
    # Memoised: line joining, splitting and the section parser each ask about the same lines,
    # and a Marker is immutable. Not very long lines: the cache would keep them alive.
    if len(line) > _MEMO_MAX:
        return _match_marker.__wrapped__(line, outline)
    return _match_marker(line, outline)


_MEMO_MAX = 1000


def _words_after(content: str) -> bool:
    """A marker with no words after it heads nothing."""
    return len(_CJK.findall(content[:12])) >= 2


def _match_outline(line: str) -> Marker | None:
    """A decimal outline number or a 一是 enumerator at the start of ``line``."""
    m = _DECIMAL.match(line)
    if m is not None:
        content = line[m.end():].rstrip()
        parts = tuple(int(p) for p in re.split("[.．]", m["dec"]))
        if (min(parts) < 1 or not _words_after(content) or _QUANTITY.match(content)
                or _HOLIDAY.match(content)):
            return None
        md = len(m["hashes"] or "")
        return Marker(f"dec{len(parts)}", parts[-1], m["marker"].strip(), len(m["lead"]),
                      m.end(), parts, md)
    m = _SHI.match(line)
    if m is not None and _words_after(line[m.end():]):
        n = cn_to_int(m["shi_n"])
        if n >= 1:
            return Marker("shi", n, m["marker"], len(m["lead"]), m.end(), (), len(m["hashes"] or ""))
    return None


@lru_cache(maxsize=8192)
def _match_marker(line: str, outline: bool = False) -> Marker | None:
    first = line[:1]
    if first not in _MARKER_FIRST and not first.isdecimal():
        return None
    if outline:
        found = _match_outline(line)
        if found is not None:
            return found
    m = MARKER.match(line)
    if m is None:
        return None
    content = line[m.end():].rstrip()
    if _PERIOD.match(content) and (m["cn"] or m["pcn"]):
        pass  # 一、1—2月: a schedule's period is a heading with no words
    elif not _words_after(content) or _COUNTED.match(content):
        return None
    if m["part"]:
        glued = not _PART_OK.match(line[m.end("marker"):])
        if glued and (len(line.strip()) > 20 or any(c in line for c in "，。；,;")):
            return None
        raw = m["part_n"]
        n = int(raw) if raw.isdigit() else cn_to_int(raw)
        family = _PART_FAMILY[m["part_kind"]]
    elif m["pcn"]:
        n, family = cn_to_int(m["pcn_n"] or m["pcn_n2"]), "pcn"
    elif m["cn"]:
        n, family = cn_to_int(m["cn_n"]), "cn"
    elif m["pnum"]:
        n = ord(m["pnum_c"]) - ord("⑴") + 1 if m["pnum_c"] else int(m["pnum_n"] or m["pnum_n2"])
        family = "pnum"
    elif m["num"]:
        n, family = int(m["num_n"]), "num"
    else:
        n, family = ord(m["circ"]) - ord("①") + 1, "circ"
    if n < 1:
        return None
    return Marker(family, n, m["marker"].strip(), len(m["lead"]), m.end(), (), len(m["hashes"] or ""))


def is_heading(line: str) -> bool:
    """True when the line starts with a heading marker."""
    return match_marker(line) is not None
