"""The heading tree of one cleaned document: markers, depth, titles and text spans.

``parse_sections(text)`` reads a document line by line (one pass) and returns its numbered
headings as :class:`~unioncorpus.models.Section` objects in text order, with ``themes`` empty
(:func:`unioncorpus.themes.assign_themes` fills them).

How a heading is recognised, and why:

* A marker counts only at the start of a line (after optional spaces). Enumerations written
  inside a paragraph (``…以下几方面:1. 向学校…,2. 参与校务监督``) are lists, not headings.
* Markers come in *style families*; punctuation variants of one family are one style
  (``一、 一. 一．``; ``(一) （一） 一)``; ``1、 1. 1．``; ``(1) （1） ⑴ 1)``; ``①``; ``第一部分``;
  ``第一章``; ``第一节``). Template sites mix variants inside one list (``三．`` then ``四、``).
* Depth is not a fixed table: a family's level is fixed when it first appears in the
  document (one below the innermost open heading), so ``(1)`` directly under ``二、`` is depth
  2 in one document and ``(1)`` under ``1.`` is depth 3 in another. When a family appears
  again it closes every open heading of its level or deeper and returns to that level.
* Numbers must run in sequence within one parent: the first item under a parent is 1 (or 2,
  when item 1 was lost to a broken line), the next ones increase by at most
  :data:`MAX_SKIP` + 1. A ``1.`` after ``5.`` under the same parent is body text (a list
  restarting inside a section), not a new heading.
* Numbers that are not markers are rejected by the patterns: decimals (``1.5万元``, ``3.14``),
  dates and years (``12月26日``, ``2024年``, ``2008.``: no marker punctuation or too many digits)
  and counted lists (``1、2、3年级``, ``一、二年级``).
* An unnumbered short line is a heading only when it is clearly one: it names a part of a
  report (``…工作思路``, ``工作目标``, ``主要措施：``…) or a month of a schedule (``九月份：``),
  does not end like a sentence or announce a list (``主要工作如下：``), and the next line opens
  a numbered list at 1. A line that is only a prose part's name (``指导思想：``, ``基本情况``)
  needs no list after it and is a sibling of the numbered headings that follow; appendices
  (``附：…``, ``【附】…``) are top-level headings; ``## 标题`` (Markdown residue) is a heading.
* Families seen on unseen sites: decimal outlines (``1.1``, ``3.2.1``; an item counts only
  when its list has another item in the document, so a lone ``5.1劳动节`` stays body),
  ``一是/二是``, items numbered on across sections (``3.`` first under ``二、`` after ``2.``
  under ``一、``) and excerpts cut mid-list (the first heading may start at ``(3)`` or
  ``四、`` when it opens the text or its next item follows; then any new family may).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .errors import InputError
from .markers import match_marker
from .models import Section

__all__ = ["MAX_SKIP", "is_part_name", "parse_sections", "section_body", "split_title"]

MAX_SKIP = 3
"""How many missing numbers a sequence may skip (``1.`` then ``5.`` when 2–4 were run into the
previous line by the page). Larger jumps are numbers in body text, not headings."""

TITLE_BUDGET = 24
"""Characters a run-in title may take (clauses are added while they fit). The genre's headings
are one or two four-to-twelve-character clauses (``以人为本，积极开展各项活动``), so 24 keeps
both clauses of a paired heading and stops before the body."""

TITLE_MAX = 50
"""Hard cap for a first clause that has no punctuation at all (a run-in heading whose body
start was not found); such a title is long but still holds the heading words."""

_CN = "[零〇一二三四五六七八九十]{1,3}"
_CJK = re.compile(r"[\u3400-\u9fff]")

# Unnumbered heading lines: the words that name a part of a plan or summary.
_UNNUMBERED_KEY = re.compile(
    r"(思路|要点|重点|目标|任务|措施|打算|设想|安排|指导思想|基本情况|主要做法|主要成绩|"
    r"存在问题|存在的问题|不足|努力方向|今后|具体工作|主要工作|工作内容|工作计划)"
)
# A line that is only the name of a standard part of a plan or report (指导思想, 主要工作：,
# 教代会的主要内容：) is a heading even when prose, not a numbered list, follows it.
_PART_NAME = re.compile(
    r"^[\u4e00-\u9fff]{0,6}(?:指导思想|工作目标|总体目标|主要工作|工作措施|具体措施|主要措施|保障措施|工作思路|"
    r"工作要点|工作重点|基本情况|存在问题|存在的问题|今后打算|努力方向|工作安排|具体安排|活动安排|组织领导|"
    r"主要内容|主要形式|基本原则|工作原则|实施步骤|工作要求)[：:]?$")
PART_NAME_MAX = 12


def is_part_name(line: str) -> bool:
    """True for a line that is only the name of a standard part of a plan or report
    (``指导思想``, ``主要工作：``, ``教代会的主要内容：``): a heading, even unnumbered."""
    s = line.strip(" \t\u3000")
    return len(s) <= PART_NAME_MAX + 1 and bool(_PART_NAME.match(s))


# The parts that open with prose rather than a list (主要工作 announces its list, so it needs one).
_PROSE_PART = re.compile(
    r"^[\u4e00-\u9fff]{0,6}(?:指导思想|工作目标|总体目标|工作思路|基本情况|存在问题|存在的问题|今后打算|"
    r"努力方向|组织领导|基本原则|工作原则|工作要求)[：:]?$")
# An appendix of a plan (附：…, 【附】…, 附件1：…) is a top-level heading.
_APPENDIX = re.compile(r"^[ \t\u3000]*(?:【附(?:件|录)?[ \t]*\d{0,2}】|附(?:件|录)?[ \t]*\d{0,2}[：:])[ \t\u3000]*")
APPENDIX_MAX = 50
_SENTENCE_END = "。！？!?；;：:，,、…"
# A document's own title left in the text (a compilation whose split was missed): it names a
# kind of document and ends in a compilation number (…工作计划2024小学2, …计划(一)).
_DOC_TITLE = re.compile(r"(?:计划|总结|方案).*(?:\d|[(（][一二三四五六七八九十]{1,3}[)）])$")
# Markdown heading residue without a number (``#### 引言``): the hashes say it is a heading.
# One ``#`` is a document title in generated texts, so two or more.
_MD_HEADING = re.compile(r"^[ \t\u3000]*(#{2,6})[ \t\u3000]*(?:\*\*)?(?=\S)")
_LEAD_IN = re.compile(r"如下|以下|下列")
_MONTH = re.compile(rf"^(?:{_CN}|\d{{1,2}})月份?(?:[上中下]旬)?[：:]?$")
UNNUMBERED_MAX = 24

# Title extraction. A title ends at the first sentence or colon mark outside 《》 and brackets.
_TERMINATORS = frozenset("。；;：:！!？?")
_OPEN, _CLOSE = "《（(【[", "》）)】]"
_TERMINATOR = re.compile("[" + re.escape("".join(sorted(_TERMINATORS))) + "]")
_OPENER = re.compile("[" + re.escape(_OPEN) + "]")
# Run-in headings without punctuation: the heading and body are glued (``…业务水平我校工会积极
# 配合…``). A space between CJK characters, or a word that opens a body sentence, found after
# the first few characters of an over-long first sentence, marks where the body starts.
_RUN_IN = re.compile(
    r"(?<=[\u3400-\u9fff，。”）》])[ \t\u3000]+(?=[\u3400-\u9fff“《（])"
    r"|(?=我校工会|学校工会|本校工会|我们|为了|首先|一年来|本学期|本学年)"
)
_RUN_IN_MIN = 8
_CLAUSE = re.compile(r"[，,、]+")
# ``*``/``#``: Markdown residue closing a title (``**1. 完善组织架构**``).
_STRIP = " \t\u3000。；;：:！!？?，,、*#"


_LEAD = " \t\u3000"  # the spaces a heading line may start with


def _first_sentence(s: str) -> str:
    """The text up to the first sentence or colon mark outside 《》 and brackets."""
    # Fast path: with no opening bracket before the first mark, that mark is at depth 0.
    m = _TERMINATOR.search(s)
    if m is None:
        return s
    if _OPENER.search(s, 0, m.start()) is None:
        return s[:m.start()]
    depth = 0
    for i, c in enumerate(s):
        if c in _OPEN:
            depth += 1
        elif c in _CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0 and c in _TERMINATORS:
            return s[:i]
    return s


def split_title(content: str) -> str:
    """The title of a heading line, given the line after its marker.

    The title is the first sentence (up to ``。；：！？``), so ``师德建设:围绕师德…`` gives
    ``师德建设``. When that sentence is longer than :data:`TITLE_BUDGET`, it is cut where a
    glued-on body starts (a run-in point, see ``_RUN_IN``), and then keeps as many leading
    clauses as fit the budget (always at least the first clause).

    >>> split_title("学校工会坚持每年召开一次教代会。通过教代会的筹备…")
    '学校工会坚持每年召开一次教代会'
    >>> split_title("加强学习，努力提高教职工的政治和业务水平我校工会积极配合校行政组织学习。")
    '加强学习，努力提高教职工的政治和业务水平'
    """
    content = content.strip(" \t\u3000")
    sentence = _first_sentence(content)
    sentence = sentence.strip(_STRIP) or content[:TITLE_BUDGET].strip(_STRIP)
    if len(sentence) <= TITLE_BUDGET:
        return sentence
    for m in _RUN_IN.finditer(sentence, _RUN_IN_MIN):
        head = sentence[: m.start()].strip(_STRIP)
        if len(head) >= _RUN_IN_MIN:
            sentence = head
            break
    if len(sentence) <= TITLE_BUDGET:
        return sentence
    # Keep whole clauses while they fit; the first clause always (capped, for text that has
    # no punctuation at all).
    title = ""
    for m in _CLAUSE.finditer(sentence + "，"):
        head = sentence[: m.start()].strip(_STRIP)
        if title and len(head) > TITLE_BUDGET:
            break
        title = head
        if len(head) > TITLE_BUDGET:
            break
    return title[:TITLE_MAX]


def _unnumbered_title(line: str) -> str | None:
    """``line`` as an unnumbered heading title when it reads like one (the caller checks that a
    numbered list starting at 1 follows)."""
    s = line.strip(_LEAD)
    if len(s) > UNNUMBERED_MAX + 1:  # body paragraphs: too long even without a final colon
        return None
    if _MONTH.match(s):  # schedules: 九月份：\n1. 召开教代会\n2. …
        return s.rstrip("：:")
    if s[-1:] in "：:" and not _LEAD_IN.search(s):  # 主要措施： (but not 主要工作如下：)
        s = s[:-1]
    if not (4 <= len(s) <= UNNUMBERED_MAX) or s[-1] in _SENTENCE_END:
        return None
    if len(_CJK.findall(s)) < 4 or not (_UNNUMBERED_KEY.search(s) or _PART_NAME.match(s)) \
            or s.endswith("工作总结"):
        return None
    if _DOC_TITLE.search(s):
        return None
    if any(c in s for c in "。；;！!？?"):
        return None
    return s


def parse_sections(text: str) -> list[Section]:
    """The headings of one cleaned document, in text order, with parents, depth and spans.

    ``text`` is one document (paragraphs separated by ``\\n``, title not included). Section
    ids follow the tree (``s1``, ``s1.2``, ``s1.2.3``); ``start`` is the offset of the marker
    and ``end`` the start of the next heading of the same or a higher level (or the end of the
    text). ``themes`` and ``scores`` are left empty.

    >>> doc = "一、指导思想\\n正文\\n二、工作重点\\n(一)加强学习\\n1. 师德建设:围绕…"
    >>> [(s.id, s.depth, s.marker, s.title) for s in parse_sections(doc)][1:]
    [('s2', 1, '二、', '工作重点'), ('s2.1', 2, '(一)', '加强学习'), ('s2.1.1', 3, '1.', '师德建设')]
    """
    if not isinstance(text, str):
        raise InputError(f"parse_sections expects one document as str, got {type(text).__name__}")
    lines = text.split("\n")
    marks = [match_marker(line, outline=True) for line in lines]
    # Decimal outline numbers come in lists: 3.1 counts only when another item of its list
    # (3.2, …) is in the document, so a lone 5.1 or 3.8 at a line start stays body text.
    dec_lists: dict[tuple[str, tuple[int, ...]], int] = {}
    for m in marks:
        if m is not None and m.parts:
            key = (m.family, m.parts[:-1])
            dec_lists[key] = dec_lists.get(key, 0) + 1

    sections: list[Section] = []
    children: dict[str | None, int] = {}  # parent id -> number of children so far
    family_level: dict[str, float] = {}
    md_level: dict[int, float] = {}  # Markdown hash count -> level of its first heading
    last_number: dict[tuple[str | None, str, tuple[int, ...]], int] = {}
    # family -> (last number, level of its parent): lists numbered on across sections
    last_in_family: dict[str, tuple[int, float | None]] = {}
    stack: list[tuple[Section, float]] = []  # the open headings and their levels
    end = len(text)
    mid_excerpt = False  # the document opens in the middle of its numbering (a cut excerpt)
    standalone: list[Section] = []  # an unnumbered heading followed by prose (指导思想), if open
    # The level of the first part name standing alone (指导思想, 工作目标, 主要工作): the parts
    # of a plan are siblings, each one's prose or list under it, never the next part.
    part_level: list[float] = []

    def open_section(level: float, marker: str, title: str, start: int, keep: int) -> None:
        # The headings it closes (same level or deeper) end where it starts; the ones still
        # open at the end of the text keep end=len(text).
        for closed, _ in stack[keep:]:
            closed.end = start
        del stack[keep:]
        parent = stack[-1][0] if stack else None
        pid = parent.id if parent else None
        n = children[pid] = children.get(pid, 0) + 1
        sid = f"{pid}.{n}" if pid else f"s{n}"
        path = [*parent.path, title] if parent else [title]
        section = Section(id=sid, parent=pid, depth=len(stack) + 1, marker=marker,
                          title=title, start=start, end=end, path=path)
        sections.append(section)
        stack.append((section, level))
        standalone.clear()

    def kept(level: float) -> int:
        """How many open headings stay open when a heading of ``level`` starts."""
        k = len(stack)
        while k and stack[k - 1][1] >= level:
            k -= 1
        return k

    def next_same_family(i: int, family: str) -> int | None:
        """The number of the next marker of ``family`` after line ``i``."""
        return next((marks[j].number for j in range(i + 1, len(lines))
                     if marks[j] is not None and marks[j].family == family), None)

    off = -1
    for i, (line, m) in enumerate(zip(lines, marks, strict=True)):
        off += 1  # offset of this line: past the previous line and its "\n"
        line_off, off = off, off + len(line)
        if m is None:
            md = _MD_HEADING.match(line)
            if md is not None and len(_CJK.findall(line)) >= 2:
                # ``## 引言``: Markdown says it is a heading; it sits at the level of the first
                # heading with as many hashes (numbered or not), else under the open heading.
                hashes = len(md.group(1))
                title = split_title(line[md.end():].rstrip())
                if title and not _DOC_TITLE.search(title):
                    level = md_level.get(hashes, (stack[-1][1] + 1) if stack else 1.0)
                    md_level.setdefault(hashes, level)
                    open_section(level, "", title, line_off + len(line) - len(line.lstrip(_LEAD)),
                                 kept(level))
                continue
            start = line_off + len(line) - len(line.lstrip(_LEAD))
            app = _APPENDIX.match(line)
            if app is not None and len(line.strip()) <= APPENDIX_MAX:
                title = split_title(line[app.end():].rstrip())
                if len(_CJK.findall(title)) >= 4:
                    level = stack[0][1] if stack else 1.0
                    open_section(level, "", title, start, kept(level))
                    standalone.append(stack[-1][0])
                continue
            title = _unnumbered_title(line) if line.strip() else None
            if title is None:
                continue
            nxt = next((marks[j] for j in range(i + 1, len(lines)) if lines[j].strip()), None)
            if (nxt is None or nxt.number != 1) and len(line.strip()) <= PART_NAME_MAX \
                    and _PROSE_PART.match(line.strip()):
                # 指导思想 then prose: a sibling of the numbered headings that follow it.
                level = part_level[0] if part_level else (stack[-1][1] + 1) if stack else 1.0
                if nxt is not None and nxt.family in family_level:
                    level = family_level[nxt.family]
                part_level[:] = part_level or [level]
                open_section(level, "", title, start, kept(level))
                standalone.append(stack[-1][0])
                continue
            if nxt is None or nxt.number != 1:
                continue
            # The unnumbered heading sits one level above the list it introduces: when that
            # list's family is known, at its level minus one (a sibling of the top headings in
            # 003-style "工作思路" appendices); otherwise under the innermost open heading.
            if nxt.family in family_level:
                level = family_level[nxt.family] - 1
            elif part_level and is_part_name(line):
                level = part_level[0]  # 主要工作 after 指导思想 and 工作目标: their sibling
            else:
                level = (stack[-1][1] + 1) if stack else 1.0
            if is_part_name(line):
                part_level[:] = part_level or [level]
            open_section(level, "", title, start, kept(level))
            continue
        family = m.family
        if family in family_level:
            level = family_level[family]
        elif m.md and m.md in md_level:  # #### 一、 after #### 引言: the same level
            level = md_level[m.md]
        elif standalone and stack and stack[-1][0] is standalone[0]:
            level = stack[-1][1]  # 指导思想 + prose, then 一、…: siblings
        else:
            level = (stack[-1][1] + 1) if stack else 1.0
        keep = kept(level)
        pid = stack[keep - 1][0].id if keep else None
        parent_level = stack[keep - 1][1] if keep else None
        prefix = m.parts[:-1]
        prev = last_number.get((pid, family, prefix))
        if m.parts and dec_lists.get((family, prefix), 0) < 2:
            ok = False
        elif prev is not None:
            ok = prev < m.number <= prev + MAX_SKIP + 1
        elif m.number <= 2:
            ok = True
        elif m.parts:
            ok = False
        elif (family in last_in_family and last_in_family[family][1] == parent_level
              and last_in_family[family][0] < m.number <= last_in_family[family][0] + MAX_SKIP + 1):
            # Items numbered on across sections (1. 2. under 一、, then 3. under 二、): generated
            # texts and some plans count the items of the whole document.
            ok = True
        elif not sections or (mid_excerpt and family not in family_level):
            # An excerpt cut at the start opens mid-list ((3) …, or 四、 on its first line):
            # the first heading may start at any number when it opens the text or the next item
            # of its family follows it; in such a text, any family may first appear mid-list.
            nxt_n = next_same_family(i, family)
            first_line = not any(t.strip() for t in lines[:i])
            ok = m.number <= 20 and (first_line or mid_excerpt
                                     or (nxt_n is not None and m.number < nxt_n <= m.number + MAX_SKIP + 1))
            mid_excerpt = mid_excerpt or ok
        else:
            ok = False
        if not ok:
            continue
        family_level.setdefault(family, level)
        if m.md:
            md_level.setdefault(m.md, level)
        last_number[(pid, family, prefix)] = m.number
        last_in_family[family] = (m.number, parent_level)
        content = line[m.end:].rstrip()
        if "**" in line[:m.start] and "**" in content:
            # **1. 完善组织架构**与教务处…: the bold run is the heading (a body line the page
            # glued on follows it)
            content = content[:content.index("**")]
        open_section(level, m.text, split_title(content), line_off + m.start, keep)

    return sections


def section_body(section: Section, text: str, sections: Sequence[Section] | None = None) -> str:
    """The section's own text: its span without the heading title and, when the document's
    ``sections`` are given, without the spans of its child sections."""
    kids = [s for s in sections if s.parent == section.id] if sections else []
    return own_text(section, text, kids)


def own_text(section: Section, text: str, kids: Sequence[Section]) -> str:
    """:func:`section_body` given the section's direct children (in text order)."""
    s = section
    head = text[s.start:kids[0].start] if kids else text[s.start:s.end]
    t = head.find(s.title) if s.title else -1
    parts = [head[t + len(s.title):] if t >= 0 else head]
    if kids:  # text after each child up to the next child (usually none) or the section end
        ends = [k.start for k in kids[1:]] + [s.end]
        parts.extend(text[k.end:e] for k, e in zip(kids, ends, strict=True))
    return "".join(parts)
