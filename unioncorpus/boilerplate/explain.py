"""Why each line of a page went or stayed at the boilerplate stage: rule, model score, features."""

from __future__ import annotations

import os
from collections.abc import Collection
from typing import Any


def explain_lines(text: str, source: str = "<text>", *, rules: str | os.PathLike | None = None,
                  line_model: Any = None, templates: Collection[str] | None = None,
                  relevance: Any = None) -> list[dict[str, Any]]:
    """One record per non-empty line of a page: what the boilerplate stage decided and why.

    Parameters:
        text: the page text (as read; it is normalised here).
        source: recorded in each record.
        rules, line_model, templates, relevance: as for
            :func:`~unioncorpus.boilerplate.rules.strip_boilerplate`.

    Returns:
        Dicts with ``source``, ``line`` (1-based), ``text``, ``decision`` (``kept``,
        ``removed`` or ``span removed``), ``rule`` and ``reason`` (for removals; a page-level
        rule such as ``page.off_topic`` on every line of a rejected page), ``score`` (the line
        model's boilerplate score where it judged the line, else None) and ``features`` (the
        features that weighed most in the model's decision to remove).

    Example:
        >>> rows = uc.explain_lines(open("page.txt").read())     # doctest: +SKIP
        >>> pd.DataFrame(rows).query("decision != 'kept'")       # doctest: +SKIP
    """
    from ..normalise import normalise_text
    from .features import line_features
    from .model import load_line_model
    from .rules import _strip, strip_boilerplate

    norm, _ = normalise_text(text)
    # The decisions are strip_boilerplate's own, so the explanation cannot drift from the
    # cleaning; the second pass only recovers the scores of the lines the model kept.
    result = strip_boilerplate(norm, source, rules=rules, line_model=line_model,
                               templates=templates, relevance=relevance)
    by_line: dict[int, list[Any]] = {}
    for r in result.removals:
        by_line.setdefault(r.line, []).append(r)
    model = None if line_model is False else load_line_model(line_model)
    judged: dict[int, tuple[float, list[str]]] = {}
    if model is not None:
        kept = _strip(norm, source, rules, templates)[0]
        rows = line_features([k.text for k in kept], model.vocab) if kept else []
        for ln, row in zip(kept, rows, strict=True):
            if row is not None:
                score = model._score(row)
                judged[ln.nos[0]] = (score, model._why(row) if score >= model.threshold else [])
    out = []
    for no, raw in enumerate(norm.split("\n"), 1):
        if not raw.strip():
            continue
        rec: dict[str, Any] = {"source": source, "line": no, "text": raw.strip(),
                               "decision": "kept", "rule": None, "reason": None,
                               "score": None, "features": []}
        rs = by_line.get(no, [])
        whole = [r for r in rs if r.start is None]
        if whole:
            rec.update(decision="removed", rule=whole[0].rule, reason=whole[0].reason)
        elif rs:
            rec.update(decision="span removed", rule=rs[0].rule, reason=rs[0].reason)
        if no in judged:
            score, why = judged[no]
            rec.update(score=round(score, 4),
                       features=why if whole and whole[0].rule == "model.line" else [])
        out.append(rec)
    return out
