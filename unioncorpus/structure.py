"""Sections and themes of one document: the heading tree, then a theme on every section."""

from __future__ import annotations

from .models import Section
from .sections import parse_sections
from .themes import assign_themes


def structure(text: str) -> list[Section]:
    """The heading tree of one cleaned document with themes on every section."""
    return assign_themes(parse_sections(text), text)
