"""unioncorpus: clean, structure and analyse Chinese school labor-union work summaries and plans.

The pipeline, one module per stage: ``read`` → ``normalise`` → ``boilerplate`` → ``join`` →
``split`` → ``metadata`` → ``sections``/``themes`` → ``segmentation`` → ``analysis`` → ``plot``.

Nothing runs at import time. The public names below are loaded on first use (PEP 562), so
``python -m unioncorpus.clean`` and worker processes do not pay for pandas, scikit-learn and
matplotlib until an analysis needs them.
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())

# public name -> module that defines it
_EXPORTS: dict[str, str] = {
    # cleaning
    "clean_text": "pipeline", "clean_files": "pipeline", "iter_clean_files": "pipeline",
    "CleanResult": "pipeline",
    "ErrorRecord": "pipeline", "load": "corpus", "Corpus": "corpus",
    "explain_lines": "boilerplate.explain", "train_line_model": "boilerplate.model",
    "load_line_model": "boilerplate.model", "LineModel": "boilerplate.model",
    "learn_templates": "boilerplate.templates", "Skipped": "archives",
    "PLACEHOLDER": "normalise", "REDACTION": "normalise",
    # data and errors
    "THEMES": "models", "Document": "models", "Page": "models", "Removal": "models",
    "Section": "models", "UnionCorpusError": "errors", "InputError": "errors",
    "ResourceError": "errors", "LexiconError": "errors", "DuplicateWarning": "errors",
    # structure
    "parse_sections": "sections", "assign_themes": "themes", "explain_themes": "themes",
    "load_theme_lexicon": "themes", "train_theme_classifier": "themes",
    "segment": "segmentation", "Segmenter": "segmentation", "check_dictionary": "segmentation",
    "count_terms": "counting",
    # analysis
    "term_frequencies": "analysis", "ngrams": "analysis", "kwic": "analysis",
    "keyness": "analysis", "topics": "analysis", "choose_k": "analysis",
    "topic_prevalence": "analysis", "TopicModel": "analysis", "TopicResult": "analysis",
    "compare_groups": "analysis", "Comparison": "analysis", "find_reuse": "analysis",
    "drop_copied": "analysis", "ReuseResult": "analysis", "CorpusView": "analysis",
    "trend": "analysis",
    # school metadata (a school table is read by uc.schools.read_table)
    "school_level": "schools", "region": "schools", "join_table": "schools",
    "annotate_schools": "schools",
    # tables out
    "export_table": "export", "read_table": "export",
}
_SUBMODULES = ("plot", "analysis", "schools")

__all__ = sorted([*_EXPORTS, *_SUBMODULES, "__version__"])


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
        globals()[name] = value
        return value
    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'unioncorpus' has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:  # static type checkers and IDEs see the real names
    # ruff: noqa: F401
    from . import analysis, plot, schools
    from .analysis import (
        Comparison,
        CorpusView,
        ReuseResult,
        TopicModel,
        TopicResult,
        choose_k,
        compare_groups,
        drop_copied,
        find_reuse,
        keyness,
        kwic,
        ngrams,
        term_frequencies,
        topic_prevalence,
        topics,
        trend,
    )
    from .archives import Skipped
    from .boilerplate.explain import explain_lines
    from .boilerplate.model import LineModel, load_line_model, train_line_model
    from .boilerplate.templates import learn_templates
    from .corpus import Corpus, load
    from .counting import count_terms
    from .errors import DuplicateWarning, InputError, LexiconError, ResourceError, UnionCorpusError
    from .export import export_table, read_table
    from .models import THEMES, Document, Page, Removal, Section
    from .normalise import PLACEHOLDER, REDACTION
    from .pipeline import CleanResult, ErrorRecord, clean_files, clean_text, iter_clean_files
    from .schools import annotate_schools, join_table, region, school_level
    from .sections import parse_sections
    from .segmentation import Segmenter, check_dictionary, segment
    from .themes import assign_themes, explain_themes, load_theme_lexicon, train_theme_classifier
