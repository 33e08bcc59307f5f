"""Split a page into documents: compilation markers and unmarked concatenations.

Template sites put several documents on one page. Marked ones carry ``第N篇``, ``篇一``,
``【篇N】``, ``范文一`` or a run of titles ending in a number; unmarked ones are found where
the top-level numbering restarts at 一 (or 1) after having reached 二, or where an opening
formula (``现将…总结如下``) follows a closing one (``总之…``) inside one document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .boilerplate import Line, is_paragraph, is_title_like
from .gates import gated
from .markers import CN_NUM, DOC_MARKER, TRAILING_MARKER, cn_to_int, match_marker
from .metadata import _PLAN_TITLE, _SUMMARY_TITLE
from .models import Removal

# A title ending in a number: 学校工会工作总结1, 工会工作计划（二）.
_NUMBERED_TITLE = re.compile(rf"^(?P<stem>.{{4,40}}?)\s*[（(【]?\s*(?P<n>[0-9]{{1,2}}|[{CN_NUM}]{{1,3}})"
                             r"\s*[)）】]?\s*$")
# A title naming a kind of document: the title words metadata.doc_type reads.
_DOC_TITLE = re.compile(f"{_SUMMARY_TITLE.pattern}|{_PLAN_TITLE.pattern}")
OPENING = gated(re.compile(
    r"现将.{0,30}(?:总结|汇报|计划|安排|打算|要点|思路|小结)|(?:总结|汇报|计划|安排|思路|要点|小结)如下"
    r"|特制定.{0,30}(?:计划|方案|要点|安排)|以下是.{0,20}(?:计划|总结|安排|要点|思路)|现(?:总结|汇报)如下"
    r"|(?:制定|订)(?:本|如下|以下).{0,10}(?:计划|要点)"
))  # searched in every line: behind a gate on its first characters
CLOSING = re.compile(
    r"总之|总而言之|综上所述|通过(?:以上|上述|这些)|今后|新的一年|新学年|新的学年|展望|"
    r"我们(?:坚信|相信|决心|将继续|有信心)|再接再厉|更上一层楼|更大的(?:成绩|贡献|作用)|取得更大|明天会更|"
    r"不足之处|存在的不足|还存在"
)


@dataclass
class Segment:
    """A document's lines before metadata: its title and where the title came from."""

    lines: list[Line]
    title: str | None = None
    title_nos: tuple[int, ...] = ()
    removals: list[Removal] = field(default_factory=list)


def split_page(lines: list[Line], source: str = "<text>") -> tuple[list[Segment], list[Removal]]:
    """Split a page's kept lines into document segments (with titles).

    Returns the segments and the removals of lines that belong to no document (a
    compilation's own title, a marker with nothing after it); each segment carries the
    removals of its own marker.
    """
    if not lines:
        return [], []
    marked = _split_marked(lines, source)
    out: list[Segment] = []
    orphans: list[Removal] = []
    for seg in marked:
        if not seg.lines:
            orphans.extend(seg.removals)
            if seg.title is not None:
                orphans.extend(Removal(source, n, seg.title, "split.empty",
                                       "compilation marker with no document after it")
                               for n in seg.title_nos)
            continue
        pieces = _split_unmarked(seg.lines)
        for k, piece in enumerate(pieces):
            s = Segment(piece, seg.title if k == 0 else None, seg.title_nos if k == 0 else (),
                        seg.removals if k == 0 else [])
            if s.title is None and s.lines and is_title_like(s.lines[0].text) and len(s.lines) > 1:
                s.title, s.title_nos = s.lines[0].text, s.lines[0].nos
                s.lines = s.lines[1:]
            out.append(s)
    return out, orphans


def _numbered_title_markers(lines: list[Line]) -> set[int]:
    """Indexes of title lines ending in a number that form a run (stem 1, stem 2, …)."""
    by_stem: dict[str, list[tuple[int, int]]] = {}
    for i, ln in enumerate(lines):
        if not is_title_like(ln.text):
            continue
        m = _NUMBERED_TITLE.match(ln.text)
        if m:
            n = m.group("n")
            num = int(n) if n.isdigit() else cn_to_int(n)
            by_stem.setdefault(m.group("stem").strip(), []).append((i, num))
    hits: set[int] = set()
    for found in by_stem.values():
        nums = [n for _, n in found]
        if len(found) >= 2 and nums[0] in (1, 2) and nums == sorted(nums):
            hits.update(i for i, _ in found)
    return hits


def _split_marked(lines: list[Line], source: str) -> list[Segment]:
    starts = [i for i, ln in enumerate(lines) if DOC_MARKER.match(ln.text)
              or (len(ln.text) <= 40 and is_title_like(ln.text) and TRAILING_MARKER.search(ln.text))]
    if not starts:
        starts = sorted(_numbered_title_markers(lines))
        explicit = False
    else:
        explicit = True
    if not starts:
        return [Segment(list(lines))]
    segs: list[Segment] = []
    head = lines[: starts[0]]
    if head:
        if any(not is_title_like(h.text) for h in head):
            segs.append(Segment(head))
        else:
            # Only title lines before the first marker: the compilation's own title.
            segs.append(Segment([], removals=[
                Removal(source, h.nos[0], h.text, "title.compilation",
                        "title of a compilation page, not of one document") for h in head]))
    for k, s in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        block = lines[s:end]
        marker_line = block[0]
        if explicit:
            m = DOC_MARKER.match(marker_line.text)
            if m is not None:
                rest = marker_line.text[m.end():].strip()
            else:
                rest = TRAILING_MARKER.sub("", marker_line.text).strip()
        else:
            rest = marker_line.text.strip()
        seg = Segment(block[1:])
        if seg.lines and is_title_like(seg.lines[0].text) and len(seg.lines) > 1:
            # 第1篇：工会工作总结 / 中心学校2024年度工会工作总结: the second, fuller title wins.
            seg.title, seg.title_nos = seg.lines[0].text, seg.lines[0].nos
            seg.lines = seg.lines[1:]
            if rest and not is_title_like(rest) and explicit:
                # Prose after the marker is content: only the marker goes.
                cut = len(marker_line.text) - len(rest)
                seg.removals.append(Removal(source, marker_line.nos[0], marker_line.text[:cut],
                                            "split.marker", "compilation marker", 0, cut))
                seg.lines.insert(0, Line(marker_line.nos, rest))
            else:
                seg.removals.extend(Removal(source, n, marker_line.text, "split.marker",
                                            "compilation marker line")
                                    for n in marker_line.nos)
        elif rest and is_title_like(rest):
            seg.title, seg.title_nos = rest, marker_line.nos
            if explicit:
                k = marker_line.text.find(rest)
                cut = (0, k) if k > 0 else (len(rest), len(marker_line.text))
                seg.removals.append(Removal(source, marker_line.nos[0],
                                            marker_line.text[cut[0]:cut[1]], "split.marker",
                                            "compilation marker", *cut))
        else:
            seg.removals.append(Removal(source, marker_line.nos[0], marker_line.text,
                                        "split.marker", "compilation marker line"))
            if rest and not is_title_like(rest):
                seg.lines.insert(0, Line(marker_line.nos, rest))
        segs.append(seg)
    return segs


def _split_unmarked(lines: list[Line]) -> list[list[Line]]:
    """Split where top-level numbering restarts, or an opening follows a closing."""
    pieces: list[list[Line]] = []
    start = 0
    top: str | None = None
    last_top = 0
    seen_opening = False
    closing_after_opening = False
    for i, ln in enumerate(lines):
        m = match_marker(ln.text)
        if m is not None:
            if top is None:
                top = m.family
            if m.family == top:
                if m.number == 1 and last_top >= 2 and _has_paragraph(lines, start, i) \
                        and _has_paragraph(lines, i, len(lines)):
                    b = _boundary(lines, start, i)
                    if _opens_document(lines, b, i):
                        pieces.append(lines[start:b])
                        start, seen_opening, closing_after_opening = b, False, False
                last_top = m.number
            continue
        if i > start + 1 and _numbered_doc_title(ln.text) and i + 1 < len(lines) \
                and lines[i - 1].text.endswith(("。", "！")) and CLOSING.search(lines[i - 1].text):
            # A piece of a compilation whose numbered title (…工作总结3) follows the closing
            # paragraph of the piece before it: the page shows one numbered title only when
            # the compilation runs over several pages, so there is no run of titles to find.
            pieces.append(lines[start:i])
            start, top, last_top, seen_opening, closing_after_opening = i, None, 0, False, False
            continue
        if OPENING.search(ln.text):
            if seen_opening and closing_after_opening and i > start:
                b = i - 1 if i - 1 > start and is_title_like(lines[i - 1].text) else i
                pieces.append(lines[start:b])
                start, top, last_top, closing_after_opening = b, None, 0, False
            seen_opening = True
        elif seen_opening and CLOSING.search(ln.text):
            closing_after_opening = True
    pieces.append(lines[start:])
    return [p for p in pieces if p]


def _boundary(lines: list[Line], start: int, restart: int) -> int:
    """Where the next document begins: its opening paragraphs and title move with it."""
    b = restart
    # An opening formula decides, even where the paragraph also looks back (在新的学年里…
    # 以下是我们的年度工作计划) ; a closing paragraph without one stays with the document it ends.
    while b - 1 > start and match_marker(lines[b - 1].text) is None and \
            OPENING.search(lines[b - 1].text):
        b -= 1
    if b - 1 > start and is_title_like(lines[b - 1].text):
        b -= 1
    elif (b - 2 > start and match_marker(lines[b - 1].text) is None
          and is_title_like(lines[b - 2].text) and _DOC_TITLE.search(lines[b - 2].text)):
        # A document title and one opening paragraph without a formula (在新的学年里，…):
        # a title naming a kind of document does not end the document before it.
        b -= 2
    return b


def _has_paragraph(lines: list[Line], start: int, end: int) -> bool:
    """A paragraph of prose among ``lines[start:end]``: a restarted numbering splits two
    documents only when both hold prose, not a table flattened into numbered cells
    (名次 1、2、3 under each event of a results table)."""
    return any(is_paragraph(ln.text) for ln in lines[start:end])


def _opens_document(lines: list[Line], b: int, restart: int) -> bool:
    """Whether the lines from ``b`` to the restarted numbering open a new document. A line
    announcing a list in words of a sentence (``活动的具体形式：``, ``本年度的主要任务是：``)
    opens a section of the same document, whose numbering restarts under it; a part name
    (``指导思想：``) or a title may open a new document."""
    if b == restart == 0:
        return True
    text = (lines[b - 1] if b == restart else lines[b]).text.rstrip()
    # A short line, not an opening paragraph (…现将工作总结如下：), which opens a document.
    return not (len(text) <= 30 and _LEAD_IN.search(text) and not OPENING.search(text))


# The words of a lead-in: a clause that says a list follows (…的主要形式：, …目标是：, 包括：).
_LEAD_IN = re.compile(r"(?:是|的|如下|以下|包括|有)[^：:。]{0,12}[：:]$")


def _numbered_doc_title(text: str) -> bool:
    """A title naming a kind of document and ending in its number in a compilation
    (…工会工作总结3, …工作计划（三）)."""
    return is_title_like(text) and bool(_NUMBERED_TITLE.match(text)) \
        and bool(_DOC_TITLE.search(text))
