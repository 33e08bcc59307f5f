"""Sections and themes of one document: the heading tree, then a theme on every section."""

from __future__ import annotations

from typing import Any

from .models import Section
from .sections import parse_sections
from .themes import set_themes


def structure(text: str, themes: Any = None) -> list[Section]:
    """The heading tree of one cleaned document with themes on every section.

    ``themes``: None for the packaged theme lexicon, a lexicon (path or dict), or a fitted
    classifier (anything with ``predict_proba``, e.g. from
    :func:`~unioncorpus.themes.train_theme_classifier`).
    """
    # The sections are new here, so their themes are set in place rather than on copies.
    return set_themes(parse_sections(text), text, themes)
