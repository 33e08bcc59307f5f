"""Analyses of a cleaned corpus: frequencies and context, distinctive terms, topics,
cross-group comparison and template reuse. Every function takes a ``Corpus`` (or a DataFrame
of rows) and returns pandas DataFrames (or a small result object holding them)."""

from __future__ import annotations

from .compare import Comparison, compare_groups
from .frequency import kwic, ngrams, term_frequencies
from .keyness import adjust_p, chi2, g2, keyness, log_odds_dirichlet, log_ratio
from .reuse import CorpusView, ReuseResult, drop_copied, find_reuse
from .topics import TopicModel, TopicResult, choose_k, topic_prevalence, topics

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
]
