"""Plain data passed between the pipeline stages.

read → :class:`Page` → normalise → strip boilerplate (:class:`Removal` records) → split →
:class:`Document` (with :class:`Section` list) → segment → analyse.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

THEMES: tuple[str, ...] = ("师德", "民主管理", "送温暖", "文体活动", "自身建设", "其他")
"""The theme codebook, in a fixed order; ``其他`` is the fallback."""

DOC_TYPES: tuple[str, ...] = ("summary", "plan", "other")


def _fields(obj: Any) -> dict[str, Any] | None:
    """The instance's fields as a shallow dict, or None when its attributes are not exactly
    its fields (then ``asdict`` decides). ``asdict`` recurses into and deep-copies every
    value: most of the time of writing a cleaned page, though the values are strings and
    numbers in flat lists and dicts, which ``to_dict`` copies one level deep."""
    d = dict(obj.__dict__)
    return d if d.keys() == type(obj).__dataclass_fields__.keys() else None


@dataclass(frozen=True)
class Page:
    """One input page after reading: decoded text plus how it was decoded."""

    source: str
    text: str
    encoding: str
    kind: str = "text"  # "text" or "html"


@dataclass(frozen=True)
class Removal:
    """One removed line (``start``/``end`` None) or span of a line, with the rule that removed it.

    ``line`` is 1-based in the decoded page (for HTML, in the extracted text).
    """

    source: str
    line: int
    text: str
    rule: str
    reason: str
    start: int | None = None
    end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """The fields as a dict (as ``dataclasses.asdict``)."""
        return _fields(self) or asdict(self)


@dataclass
class Section:
    """One numbered (or clearly titled) heading and the text it governs.

    ``start``/``end`` are character offsets into the document's ``text``; the span starts at
    the heading's marker and runs to the start of the next heading of the same or a higher
    level (or the end of the text).
    """

    id: str
    parent: str | None
    depth: int
    marker: str
    title: str
    start: int
    end: int
    themes: list[str] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)
    path: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The fields as a dict (as ``dataclasses.asdict``: the lists and scores are copies)."""
        d = _fields(self)
        if d is None:
            return asdict(self)
        d["themes"], d["scores"], d["path"] = list(self.themes), dict(self.scores), list(self.path)
        return d


@dataclass
class Document:
    """One document split out of a page, with its metadata and sections."""

    doc_id: str
    source: str
    index: int
    title: str | None
    text: str
    doc_type: str = "other"
    school: str | None = None
    year: int | None = None
    published: str | None = None
    sections: list[Section] = field(default_factory=list)
    encoding: str = "utf-8"
    converter: str = "none"
    normalised: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The fields as a dict, sections too (as ``dataclasses.asdict``, with copies)."""
        d = _fields(self)
        if d is None:
            return asdict(self)
        d["sections"] = [s.to_dict() for s in self.sections]
        d["normalised"], d["lines"] = list(self.normalised), list(self.lines)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Document:
        secs = [Section(**s) for s in d.get("sections", [])]
        known = {k: d[k] for k in cls.__dataclass_fields__ if k in d and k != "sections"}
        return cls(sections=secs, **known)
