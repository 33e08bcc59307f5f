"""Join lines broken mid-sentence or mid-word, and drop page numbers that landed inside text.

Scraped PDF and document-library text keeps the original line breaks: ``《教\\n育法》``,
``是学校物质\\n文明``, and page numbers at the break (``《未\\n1 成年人保护法》``). A break is
joined when the line before it cannot end a paragraph; a title, a heading, a line ending a
sentence, and a break across a blank or removed line are never joined.
"""

from __future__ import annotations

import re

from .boilerplate import Line, is_paragraph
from .markers import DOC_MARKER, is_heading
from .models import Removal
from .normalise import CJK

_FINAL = (*tuple("。！？!?；;：:…”』」"), "……")
# A line cannot end a paragraph with these, nor can the next one start with them.
_OPENERS = tuple("，,、《（(“「『【—-")
_CANNOT_START = (*tuple("，,。、；;：:！!？?）)》”」』】"), "的", "地", "得", "了", "着", "过", "们", "和", "与", "及", "并", "或")
_INNER_PUNCT = re.compile("[，,、；;“”《》（）()]")
_INLINE_PAGE_NO = re.compile(rf"^(\d{{1,3}})[ \t]+(?=[{CJK}《“（(])")
_CJK_END = re.compile(f"[{CJK}《]$")
# A bracketed number closing a line (…工会工作总结（2）, …计划(三), …总结（2024）) numbers a
# document of a compilation or dates it: it is not clause punctuation inside a sentence.
_TRAILING_NUMBER = re.compile(r"\s*[（(【\[]\s*(?:\d{1,4}|[一二三四五六七八九十]{1,3})\s*[）)】\]]$")


def _unclosed(text: str) -> bool:
    return any(text.count(a) > text.count(b) for a, b in (("《", "》"), ("（", "）"), ("“", "”")))


def _wants_join(prev: str, nxt: str) -> bool:
    p = prev.rstrip()
    if not p or p.endswith(_FINAL):
        return False
    if DOC_MARKER.match(p) or DOC_MARKER.match(nxt):
        return False  # a compilation marker (第2篇：…) always stands on its own line
    if is_heading(nxt) and not _INLINE_PAGE_NO.match(nxt):
        return False
    if p.endswith(_OPENERS) or _unclosed(p) or nxt.startswith(_CANNOT_START):
        return True
    if p[-1].isdigit() and nxt[:1].isdigit() and _INNER_PUNCT.search(p):
        return True  # a number broken inside a sentence: 角逐，1 / 5名教师
    if is_heading(p):
        # A heading with no end punctuation is usually complete (二、坚持实施送温暖工程);
        # only the clear signs above join it to the next line.
        return False
    # Body text that stops without punctuation: a fragment if it already holds clause
    # punctuation or is too long for a title (titles are kept on their own line).
    m = _TRAILING_NUMBER.search(p)
    if m:
        p = p[:m.start()]
    return bool(_INNER_PUNCT.search(p)) or len(p) > 30


# A document title with its first heading glued on, as document libraries flatten a page's
# head (…教代会实施方案范文参考一、背景分析): the title names a kind of document, the heading
# opens the top numbering.
_GLUED_HEADING = re.compile(
    r"^(?P<title>[^。！？；，,：:]{4,50}?(?:计划|总结|方案|要点|安排|报告|规划|制度|细则)"
    r"(?:范文|参考|模板|大全|精选)*)(?P<head>[一二三四五六七八九十]{1,2}、\S.*)$")


def split_glued_headings(lines: list[Line]) -> list[Line]:
    """Split a title line glued to its first heading into the two lines, above the page's
    first paragraph only (below it such a line is prose that names a plan)."""
    out: list[Line] = []
    for i, ln in enumerate(lines):
        if is_paragraph(ln.text):
            return out + lines[i:]
        m = _GLUED_HEADING.match(ln.text)
        if m is None or not is_heading(m.group("head")):
            out.append(ln)
            continue
        out.append(Line(ln.nos, m.group("title"), ln.gap_before))
        out.append(Line(ln.nos, m.group("head"), True))
    return out


def join_lines(lines: list[Line], source: str = "<text>") -> tuple[list[Line], list[Removal]]:
    """Join broken lines; return the joined lines and removals for inline page numbers.
    A title glued to its first heading is split first (:func:`split_glued_headings`)."""
    out: list[Line] = []
    removals: list[Removal] = []
    for ln in split_glued_headings(lines):
        if out and not ln.gap_before and _wants_join(out[-1].text, ln.text):
            prev = out[-1]
            text = ln.text
            m = _INLINE_PAGE_NO.match(text)
            if m and _CJK_END.search(prev.text):
                removals.append(Removal(source, ln.nos[0], m.group(0), "layout.page_number_inline",
                                        "page number inside a broken sentence", 0, m.end()))
                text = text[m.end():]
            sep = " " if prev.text[-1:].isascii() and prev.text[-1:].isalpha() \
                and text[:1].isascii() and text[:1].isalpha() else ""
            out[-1] = Line(prev.nos + ln.nos, prev.text + sep + text, prev.gap_before)
        else:
            out.append(Line(ln.nos, ln.text, ln.gap_before))
    return out, removals
