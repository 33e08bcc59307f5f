"""unioncorpus: clean, structure and analyse Chinese school labor-union work summaries and plans.

The pipeline, one module per stage: ``read`` → ``normalise`` → ``boilerplate`` → ``join`` →
``split`` → ``metadata`` → ``sections``/``themes`` → ``segment`` → ``analysis`` → ``plot``.
Nothing runs at import time; lexicons and the segmenter load on first use.
"""

from __future__ import annotations

import logging

from .corpus import Corpus, load
from .errors import InputError, LexiconError, ResourceError, UnionCorpusError
from .models import THEMES, Document, Page, Removal, Section
from .normalise import PLACEHOLDER, REDACTION
from .pipeline import CleanResult, ErrorRecord, clean_files, clean_text

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = [
    "PLACEHOLDER",
    "REDACTION",
    "THEMES",
    "CleanResult",
    "Corpus",
    "Document",
    "ErrorRecord",
    "InputError",
    "LexiconError",
    "Page",
    "Removal",
    "ResourceError",
    "Section",
    "UnionCorpusError",
    "__version__",
    "clean_files",
    "clean_text",
    "load",
]
