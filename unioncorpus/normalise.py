"""Character-level normalisation: pinyin, width, punctuation, escapes, traditional characters.

Every function here maps ``str -> str`` and never adds or removes a line break, so line numbers
stay those of the input page and the audit trail can cite them.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .convert import converter_name, to_simplified

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"

# Full-width letters, digits and the symbols that carry no Chinese-typography meaning;
# full-width ，。：；！？（） stay full-width on purpose.
_WIDTH = {c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)}
_WIDTH.update({c: c - 0xFEE0 for c in range(0xFF21, 0xFF3B)})
_WIDTH.update({c: c - 0xFEE0 for c in range(0xFF41, 0xFF5B)})
_WIDTH.update({ord(a): ord(b) for a, b in zip("＊＃％＆＋＝＠／＼＿｜～＜＞", "*#%&+=@/\\_|~<>",
                                              strict=True)})
_WIDTH.update({0x3000: 0x20, 0x00A0: 0x20, 0x2002: 0x20, 0x2003: 0x20, 0x2009: 0x20,
               0x200B: None, 0x200C: None, 0x200D: None, 0xFEFF: None, 0x2060: None,
               0x00AD: None, 0x0D: None})

_WIDTH_CHARS = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_WIDTH)) + "]")

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ"
_SYLLABLE = (r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
             rf"[aeiouvü{_TONED}]{{1,4}}(?:ng|n|r)?")
# A CJK character followed by a bracketed pinyin reading, e.g. 學(xué) or 會(huì ). The
# look-behind sits after the bracket: a pattern that starts with a character set lets the
# regex engine skip ahead to the next bracket instead of trying every position.
_PINYIN = re.compile(rf"[(（](?<=[{CJK}][(（])\s*({_SYLLABLE}(?:\s+{_SYLLABLE})*)\s*[)）]")
_HAS_TONE = re.compile(f"[{_TONED}]")

# Half-width punctuation written inside Chinese text (after a CJK character or a closing
# quote or bracket, spaces allowed between); made full-width for consistency. What follows
# does not matter: a digit after it is a count or the next list item (报名,10名; 方案》;12月;
# 建言献策,2. 参与), never part of one number with what comes before, since a Chinese character
# comes before. Numbers (1,000; 1.5), times (09:12) and dates (2024.3.1) have a digit before
# their marks and stay as they are; so do English and URLs (a Latin letter before), and
# the full stop, which is never touched: list markers (2.) stay ASCII for the heading parser.
_HALF_PUNCT = re.compile(r"[,;:!?]")
_CHINESE_BEFORE = re.compile(f"[{CJK}“”》）」』】〕]")
_FULL = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？"}
_ESCAPED_QUOTE = re.compile(r"\\([\"'])")
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]{2,8});")

# Han ideographs: CJK Unified Ideographs, Extension A, Compatibility Ideographs and the
# supplementary planes (Extensions B–F and Compatibility Supplement). Punctuation, digits,
# Latin letters and whitespace are not counted.
HAN_RE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
_HAN_RUN = re.compile(HAN_RE.pattern + "+")


def han_count(text: str | None) -> int:
    """Number of Chinese (Han) characters in ``text``: the denominator of 每千字 figures.

    >>> han_count("工会2024年，xx")
    3
    """
    # Runs, not characters: a tenth as many match objects. (Counting the non-Han runs
    # instead, as many matches and shorter, is a quarter slower: the scan for a negated
    # class tests every Han character it skips.)
    return sum(map(len, _HAN_RUN.findall(text))) if text else 0


REDACTION = re.compile(r"\*{2,}|＊{2,}")
"""Redactions left by template sites (``党的***``); kept in the text, matched by this pattern."""
PLACEHOLDER = re.compile(r"(?<![A-Za-z])(?:20|19)?[xX]{2,}(?![A-Za-z])")
"""Template placeholders (``xx``, ``XX``, ``20xx``); kept in the text, matched by this pattern."""


@dataclass
class NormaliseInfo:
    """What normalisation did to one page (recorded per document as ``normalised``)."""

    steps: list[str] = field(default_factory=list)
    converter: str = "none"


def fold_width(text: str) -> str:
    """Fold full-width letters and digits to ASCII, odd spaces to a space, drop zero-widths.

    >>> fold_width("２０２４年ＸＸ学校")
    '2024年XX学校'
    """
    # translate() walks every character through a dict; most pages need nothing folded,
    # which one scan for the characters in the table tells.
    return text.translate(_WIDTH) if _WIDTH_CHARS.search(text) else text


def strip_pinyin(text: str, *, min_untoned: int = 5) -> str:
    """Remove bracketed pinyin readings after characters: ``學(xué)`` → ``學``.

    A reading with a tone mark is always removed. Toneless ones (``学(xue)``) are removed only
    when the text holds at least ``min_untoned`` of them, so a lone Latin word in brackets is
    not mistaken for pinyin.

    >>> strip_pinyin("小學(xué)工會(huì )")
    '小學工會'
    """
    matches = list(_PINYIN.finditer(text))
    if not matches:
        return text
    dense = len(matches) >= min_untoned
    return _PINYIN.sub(lambda m: "" if dense or _HAS_TONE.search(m.group(1)) else m.group(0),
                       text)


def unescape(text: str) -> str:
    r"""Undo escaping left by scrapers: ``\"`` → ``"`` and HTML entities (``&nbsp;``).

    >>> unescape(r'以\"xxxx\"重要思想')
    '以"xxxx"重要思想'
    """
    text = _ESCAPED_QUOTE.sub(r"\1", text)
    if "&" in text:
        text = _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)
    return text


def chinese_punctuation(text: str) -> str:
    """Make punctuation inside Chinese text full-width and pair straight double quotes.

    >>> chinese_punctuation('学习"三个代表",提高素质')
    '学习“三个代表”，提高素质'
    """
    # Quotes first: a comma after a closing quote (“三个代表”,) is then inside Chinese text.
    if '"' in text:
        text = "\n".join(_pair_quotes(line) for line in text.split("\n"))
    # Find the (few) half-width marks, then look back over spaces for Chinese text: a
    # look-behind at the start of a pattern would be tried at every character of the page.
    out: list[str] = []
    pos = 0
    for m in _HALF_PUNCT.finditer(text):
        k = j = m.start()
        while j > pos and text[j - 1].isspace():
            j -= 1
        if j == 0 or not _CHINESE_BEFORE.match(text, j - 1):
            continue
        # The spaces go, line breaks stay: line numbers are those of the input page.
        out += (text[pos:j], "\n" * text.count("\n", j, k), _FULL[m.group()])
        pos = k + 1
    return "".join(out) + text[pos:] if out else text


def _pair_quotes(line: str) -> str:
    if line.count('"') % 2 or not re.search(f"[{CJK}]", line):
        return line
    out, open_ = [], True
    for ch in line:
        if ch == '"':
            out.append("“" if open_ else "”")
            open_ = not open_
        else:
            out.append(ch)
    return "".join(out)


def normalise_text(text: str, *, converter: Callable[[str], str] | None = None,
                   converter_label: str = "custom") -> tuple[str, NormaliseInfo]:
    """Run every character-level step on a page; line breaks are preserved.

    Parameters:
        text: the page.
        converter: a ``str -> str`` traditional→simplified function replacing OpenCC
            (the benchmark passes opencc-python-reimplemented's to compare).
        converter_label: recorded as the converter when ``converter`` changed the text.

    Returns the text and a :class:`NormaliseInfo` naming the steps that changed something.
    """
    info = NormaliseInfo()
    steps = (("width", fold_width), ("unescape", unescape), ("pinyin", strip_pinyin))
    for name, fn in steps:
        new = fn(text)
        if new != text:
            info.steps.append(name)
            text = new
    if converter is None:
        text, changed = to_simplified(text)
        label = converter_name() if changed else "none"
    else:
        new = converter(text)
        changed, label, text = new != text, converter_label, new
    if changed:
        info.steps.append("t2s")
        info.converter = label
    new = chinese_punctuation(text)
    if new != text:
        info.steps.append("punctuation")
        text = new
    return text, info
