"""Recognise numbered heading markers at the start of a line (一、 (一) 1. (1) ⑴ ① 第一部分).

Shared by document splitting (numbering that restarts at 一 starts a new document) and the
section parser. A marker only counts at the start of a line: ``…以下几方面:1. 建言献策`` inside
a paragraph is an enumeration, not a heading.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}
CN_NUM = "一二三四五六七八九十"

# Style families: punctuation variants of one style are one family (一、 一. 一． all "cn").
MARKER = re.compile(
    r"""^[ \t]*(?:
        (?P<cn>[一二三四五六七八九十]{1,3})[ \t]*[、.．,，](?![一二三四五六七八九十])
      | [（(][ \t]*(?P<pcn>[一二三四五六七八九十]{1,3})[ \t]*[)）]
      | (?P<ar>\d{1,2})[ \t]*(?:[、．]|\.(?!\d))
      | [（(][ \t]*(?P<par>\d{1,2})[ \t]*[)）]
      | (?P<enc>[\u2474-\u2487])
      | (?P<circ>[\u2460-\u2473])
      | 第(?P<part>[一二三四五六七八九十]{1,3})(?:部分|章|节|篇章)
    )[ \t]*""",
    re.X,
)

FAMILIES = ("cn", "pcn", "ar", "par", "enc", "circ", "part")
# ⑴ is the typeset form of (1): one family.
_ALIAS = {"enc": "par"}


class Marker(NamedTuple):
    """A heading marker found at the start of a line."""

    family: str
    number: int
    text: str  # the marker as written, e.g. "一、", "(1)", "⑴"
    end: int  # offset in the line where the heading text starts


def cn_to_int(s: str) -> int:
    """Convert a Chinese numeral up to 99: ``'十二'`` → 12."""
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0)
                                                                  if ones else 0)
    n = 0
    for ch in s:
        n = n * 10 + _CN_DIGITS.get(ch, 0)
    return n


def match_marker(line: str) -> Marker | None:
    """Return the heading marker at the start of ``line``, or None.

    >>> match_marker("（三）依法维护教职工权益").family
    'pcn'
    >>> match_marker("2024年工会工作") is None
    True
    """
    m = MARKER.match(line)
    if not m:
        return None
    fam = next(f for f in FAMILIES if m.group(f) is not None)
    raw = m.group(fam)
    if fam in ("cn", "pcn", "part"):
        num = cn_to_int(raw)
    elif fam == "enc":
        num = ord(raw) - 0x2474 + 1
    elif fam == "circ":
        num = ord(raw) - 0x2460 + 1
    else:
        num = int(raw)
    if num == 0:
        return None
    return Marker(_ALIAS.get(fam, fam), num, m.group(0).strip(), m.end())


def is_heading(line: str) -> bool:
    """True when the line starts with a heading marker."""
    return match_marker(line) is not None
