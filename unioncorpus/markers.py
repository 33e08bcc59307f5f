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
  text after 第N节 (``第一节课后，…``), and a marker with no words after it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

CN_NUM = "一二三四五六七八九十"
_CN_DIGITS = "零〇一二三四五六七八九十"
_CN = f"[{_CN_DIGITS}]{{1,3}}"
_SP = "[ \t\u3000]*"

# One alternation, tried at the start of each line; named groups tell the family.
# Digits are limited to two (a list never reaches 100): 2008. and 2024、 are years.
MARKER = re.compile(
    rf"""^(?P<lead>{_SP})(?P<marker>
      (?P<part>第(?P<part_n>{_CN}|\d{{1,2}})(?P<part_kind>部分|章|节))
    | (?P<pcn>[(（]{_SP}(?P<pcn_n>{_CN}){_SP}[)）]|(?P<pcn_n2>{_CN})[)）])
    | (?P<cn>(?P<cn_n>{_CN}){_SP}[、.．](?![\d０-９]))
    | (?P<pnum>[(（]{_SP}(?P<pnum_n>\d{{1,2}}){_SP}[)）]|(?P<pnum_n2>\d{{1,2}})[)）]
              |(?P<pnum_c>[⑴-⒇]))
    | (?P<num>(?P<num_n>\d{{1,2}}){_SP}(?:、|[.．](?!\d)))
    | (?P<circ>[①-⑳])
    ){_SP}""",
    re.VERBOSE,
)
# After a marker, content that shows it was a counted list or a range: 1、2、3年级 / 一、二年级.
_COUNTED = re.compile(rf"^(?:\d+|{_CN})(?:[、,，~\-—至到]|年级)")
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
    start: int  # offset of the marker in the line (after leading spaces)
    end: int  # offset where the heading text starts


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
_MARKER_FIRST = frozenset(" \t\u3000第(（" + _CN_DIGITS + "".join(map(chr, range(0x2474, 0x2488)))
                          + "".join(map(chr, range(0x2460, 0x2474))))


def match_marker(line: str) -> Marker | None:
    """The heading marker at the start of ``line``, or None.

    >>> match_marker("（三）依法维护教职工权益").family
    'pcn'
    >>> match_marker("2024年工会工作") is None
    True
    """
    # Memoised: line joining, splitting and the section parser each ask about the same lines,
    # and a Marker is immutable. Not very long lines: the cache would keep them alive.
    return _match_marker(line) if len(line) <= _MEMO_MAX else _match_marker.__wrapped__(line)


_MEMO_MAX = 1000


@lru_cache(maxsize=8192)
def _match_marker(line: str) -> Marker | None:
    first = line[:1]
    if first not in _MARKER_FIRST and not first.isdecimal():
        return None
    m = MARKER.match(line)
    if m is None:
        return None
    content = line[m.end():].rstrip()
    if len(_CJK.findall(content[:12])) < 2:  # a marker with no words after it heads nothing
        return None
    if _COUNTED.match(content):
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
    return Marker(family, n, m["marker"].strip(), len(m["lead"]), m.end())


def is_heading(line: str) -> bool:
    """True when the line starts with a heading marker."""
    return match_marker(line) is not None
