"""Sections and themes of one document (wired to the parser and scorer)."""

from __future__ import annotations

from .models import Section


def structure(text: str) -> list[Section]:
    """The heading tree of ``text`` with themes on every section."""
    try:
        from .sections import parse_sections
        from .themes import assign_themes
    except ImportError:
        return []
    return assign_themes(parse_sections(text), text)
