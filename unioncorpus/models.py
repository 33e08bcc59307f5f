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
    url: str | None = None  # the address it was fetched from, where a crawl kept it
    fetched: str | None = None  # when it was fetched (a WARC-Date), where a crawl kept it
    site: str | None = None  # its site key (unioncorpus.sites.site_key), None: from source


@dataclass(frozen=True)
class Removal:
    """One removed line (``start``/``end`` None) or span of a line, with the rule that removed it.

    ``score`` is set when the line model removed the line (rule ``model.line``).

    ``line`` is 1-based in the decoded page (for HTML, in the extracted text).
    """

    source: str
    line: int
    text: str
    rule: str
    reason: str
    start: int | None = None
    end: int | None = None
    score: float | None = None  # the line model's boilerplate score, for its removals

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
    site: str | None = None  # the URL's host, else the folder the page sat in
    url: str | None = None  # the page's address, where the crawl kept it (WARC, feed)
    fetched: str | None = None  # when the crawl fetched it (ISO 8601, as the WARC says)
    # School metadata (unioncorpus.schools): the level (学段) and region of the school, each
    # with its evidence. None until read (unioncorpus.schools.annotate): Corpus.documents and
    # documents.jsonl always carry them, so a documents.jsonl written before these fields
    # existed gets them on loading; streaming counts (count_terms) never pay for them.
    school_level: str | None = None
    school_level_from: str | None = None
    province: str | None = None
    city: str | None = None
    county: str | None = None
    region_from: str | None = None

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
        """A document from its :meth:`to_dict` form (a ``documents.jsonl`` record).

        Keys that are not fields are ignored.

        Raises:
            TypeError: not a record of a document: not an object, a field missing, or a
                value of the wrong type (a record edited or written by something else).
        """
        _check(d, _DOCUMENT_TYPES, "document")
        sections = d.get("sections", [])
        if not isinstance(sections, list):
            raise TypeError(f"sections is {type(sections).__name__}, not a list")
        secs = []
        for s in sections:
            _check(s, _SECTION_TYPES, "section")
            secs.append(Section(**s))
        known = {k: d[k] for k in cls.__dataclass_fields__ if k in d and k != "sections"}
        if known.get("site") is None and isinstance(known.get("source"), str):
            # A record written before documents had a site: the folder of its source (the
            # host its HTML named, if any, is not known without the page).
            known["site"] = site_from_source(known["source"])
        return cls(sections=secs, **known)


def site_from_source(source: str) -> str | None:
    """The site of a page known only by its source: the folder it sat in (an archive's
    member: the archive's folder), None for a text cleaned alone (``<text>``)."""
    if not source or source.startswith("<"):
        return None
    from .sites import site_key, site_label

    return site_label(site_key(source))


_NONE = type(None)
# What later stages rely on, field by field (bool passes as int: JSON has no other ints).
_DOCUMENT_TYPES: dict[str, Any] = {
    "doc_id": str, "source": str, "index": int, "title": (str, _NONE), "text": str,
    "doc_type": str, "school": (str, _NONE), "year": (int, _NONE), "published": (str, _NONE),
    "encoding": str, "converter": str, "normalised": list, "lines": list,
    "site": (str, _NONE), "url": (str, _NONE), "fetched": (str, _NONE),
    "school_level": (str, _NONE), "school_level_from": (str, _NONE), "province": (str, _NONE),
    "city": (str, _NONE), "county": (str, _NONE), "region_from": (str, _NONE)}
_SECTION_TYPES: dict[str, Any] = {
    "id": str, "parent": (str, _NONE), "depth": int, "marker": str, "title": str,
    "start": int, "end": int, "themes": list, "scores": dict, "path": list}


def _check(record: Any, types: dict[str, Any], what: str) -> None:
    if not isinstance(record, dict):
        raise TypeError(f"a {what} record is a JSON object, not {type(record).__name__}")
    for key, kind in types.items():
        if key in record and not isinstance(record[key], kind):
            want = " or ".join("null" if k is _NONE else k.__name__
                               for k in (kind if isinstance(kind, tuple) else (kind,)))
            raise TypeError(f"{what} field {key!r} is {type(record[key]).__name__}, "
                            f"expected {want}")
