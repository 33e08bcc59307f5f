"""Analyses of a cleaned corpus: frequencies and context, distinctive terms, topics,
cross-group comparison and template reuse. Every function takes a ``Corpus`` (or a DataFrame
of rows) and returns pandas DataFrames (or a small result object holding them).

Units (the README's "Analysis: units, counts and uncertainty" has the table): at
``level="section"`` a section's text is its own text (heading to first sub-section), so no
character of a document is counted twice; ``section_text="subtree"`` takes whole spans.
Character counts: ``n_chars`` = all characters, ``n_han`` = Han characters (the 每千字 basis of
``per_1000_chars``), ``n_nonspace`` = non-whitespace characters (重复率). Intervals resample
documents. Every table's ``.attrs`` records its unit and method."""

from __future__ import annotations

from .compare import Comparison, compare_groups
from .frequency import kwic, ngrams, term_frequencies
from .keyness import adjust_p, chi2, g2, keyness, log_odds_dirichlet, log_ratio
from .reuse import CorpusView, ReuseResult, drop_copied, find_reuse
from .topics import TopicModel, TopicResult, choose_k, topic_prevalence, topics
from .trends import trend

__all__ = [
    "Comparison",
    "CorpusView",
    "ReuseResult",
    "TopicModel",
    "TopicResult",
    "adjust_p",
    "chi2",
    "choose_k",
    "compare_groups",
    "drop_copied",
    "find_reuse",
    "g2",
    "keyness",
    "kwic",
    "log_odds_dirichlet",
    "log_ratio",
    "ngrams",
    "term_frequencies",
    "topic_prevalence",
    "topics",
    "trend",
]
