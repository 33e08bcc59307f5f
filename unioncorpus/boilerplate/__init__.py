"""Strip boilerplate: pattern rules for families of sites, a learned line model for lines no
rule knows, and site templates learned across a batch.

* :mod:`.rules`: the pattern and structural rules (``lexicons/boilerplate.tsv``);
* :mod:`.features`: what makes chrome chrome on any site, as numbers per line;
* :mod:`.model`: the line model (boosted trees in ``lexicons/line_model.json``), its scores
  and its retraining;
* :mod:`.explain`: every line's decision, for the audit;
* :mod:`.templates`: lines that recur across many pages of one site in a batch.
"""

from __future__ import annotations

from .rules import (
    NO_PROSE_MIN,
    SHORT_LINE,
    Line,
    Rule,
    StripResult,
    _load_ruleset,
    find_date,
    is_paragraph,
    is_title_like,
    load_rules,
    strip_boilerplate,
)

__all__ = ["NO_PROSE_MIN", "SHORT_LINE", "Line", "Rule", "StripResult", "_load_ruleset",
           "find_date", "is_paragraph", "is_title_like", "load_rules", "strip_boilerplate"]
