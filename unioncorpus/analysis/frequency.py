"""Term frequencies, token n-grams and keyword-in-context lines."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pandas as pd

from ..errors import InputError
from ._common import (
    Tokenizer,
    describe,
    explode_groups,
    get_frame,
    group_values,
    han_count,
    sorted_groups,
    tokenize,
    unit_id_columns,
    unit_of,
)

FREQ_COLUMNS = ["term", "count", "doc_freq", "share", "per_1000_chars"]


def _ngrams(tokens: list[str], n: int, sep: str) -> list[str]:
    if n == 1:
        return list(tokens)
    return [sep.join(tokens[i:i + n]) for i in range(len(tokens) - n + 1)]


def term_frequencies(corpus: Any, by: str | None = None, *, level: str = "document",
                     theme: str | None = None, n: int = 1, sep: str = " ",
                     min_count: int = 1, tokenizer: Tokenizer | None = None,
                     drop_copied: bool = False, section_text: str = "own") -> pd.DataFrame:
    """Term (or token n-gram) frequencies for the corpus or per group.

    Columns: ``by`` (when grouping), ``term``, ``count``, ``doc_freq`` (number of rows —
    documents or sections — of the group containing the term), ``share`` (count / all tokens of
    the group), ``per_1000_chars`` (每千字: count × 1000 / ``n_han``), and ``n_tokens`` and
    ``n_han`` (Chinese (Han) characters of the group's text; punctuation, digits, Latin letters
    and whitespace are not counted) of the group. A row whose group value is a list
    (``themes``) counts in every group it lists; rows with a missing group value are left out.

    Unit: documents, or at ``level="section"`` each section's own text (``section_text="own"``,
    the default: a character is counted once, under its most specific heading; text before a
    document's first heading is in no section); ``"subtree"`` counts sub-sections again in
    every section above them. ``.attrs`` records the unit and parameters.

    Example:
        >>> df = pd.DataFrame({"doc_id": ["a", "b"], "text": ["工会 工会 温暖", "工会 活动"],
        ...                    "school": ["甲", "乙"]})
        >>> f = term_frequencies(df, by="school", tokenizer=str.split)
        >>> f.loc[f["school"] == "甲", ["term", "count"]].values.tolist()
        [['工会', 2], ['温暖', 1]]
    """
    if n < 1:
        raise InputError(f"n={n!r}; use an integer >= 1")
    frame = get_frame(corpus, level, theme, drop_copied, section_text)
    toks = [_ngrams(t, n, sep) for t in tokenize(frame, tokenizer)]
    groups = explode_groups(group_values(frame, by))
    rows = []
    for g in sorted_groups(groups):
        idx = [i for i, gs in enumerate(groups) if g in gs]
        count: Counter[str] = Counter()
        dfreq: Counter[str] = Counter()
        for i in idx:
            count.update(toks[i])
            dfreq.update(set(toks[i]))
        n_tokens = sum(count.values())
        n_han = sum(han_count(frame["text"].iat[i]) for i in idx)
        for term, c in count.items():
            if c < min_count:
                continue
            rows.append({"group": g, "term": term, "count": c, "doc_freq": dfreq[term],
                         "share": c / n_tokens if n_tokens else 0.0,
                         "per_1000_chars": c * 1000 / n_han if n_han else float("nan"),
                         "n_tokens": n_tokens, "n_han": n_han})
    cols = ["group", *FREQ_COLUMNS, "n_tokens", "n_han"]
    out = pd.DataFrame(rows, columns=cols)
    # Ties broken by term so the order is reproducible.
    out = out.sort_values(["group", "count", "term"], ascending=[True, False, True],
                          kind="mergesort").reset_index(drop=True)
    out = out.drop(columns="group") if by is None else out.rename(columns={"group": by})
    return describe(out, unit=unit_of(corpus, level, section_text), level=level,
                    section_text=section_text, theme=theme, by=by, n=n,
                    method="token counts; per_1000_chars = count × 1000 / n_han",
                    drop_copied=drop_copied)


def ngrams(corpus: Any, n: int = 2, by: str | None = None, *, sep: str = " ",
           **options: Any) -> pd.DataFrame:
    """Token n-gram frequencies (n-grams never cross a document or section boundary).

    Same columns as :func:`term_frequencies`; an n-gram's tokens are joined with ``sep`` so
    the word boundaries stay visible.

    Example:
        >>> df = pd.DataFrame({"text": ["送 温暖 活动", "送 温暖"]})
        >>> ngrams(df, 2, tokenizer=str.split)["term"].iloc[0]
        '送 温暖'
    """
    return term_frequencies(corpus, by, n=n, sep=sep, **options)


def kwic(corpus: Any, keyword: str, window: int = 20, *, level: str = "document",
         theme: str | None = None, regex: bool = False,
         drop_copied: bool = False, section_text: str = "own") -> pd.DataFrame:
    """Keyword in context on the original characters (the text is searched, not the tokens).

    Columns: ``doc_id`` (and ``section_id`` at section level), ``left``, ``keyword``, ``right``,
    ``offset`` (character offset of the match in the document or section text). ``left`` and
    ``right`` hold up to ``window`` characters; line breaks are kept as they are.

    Unit: documents, or at ``level="section"`` each section's own text (``section_text="own"``,
    the default), so an occurrence gives one row, under its most specific heading (the own
    text starts where the section does, so ``offset`` is from the section's start either
    way); ``"subtree"`` repeats it for every section above.

    Example:
        >>> df = pd.DataFrame({"doc_id": ["a"], "text": ["坚持实施送温暖工程"]})
        >>> kwic(df, "温暖", window=2)[["left", "keyword", "right", "offset"]].values.tolist()
        [['施送', '温暖', '工程', 5]]
    """
    if not keyword:
        raise InputError("keyword is empty; pass the word or phrase to look for")
    if window < 0:
        raise InputError(f"window={window!r}; use a number of characters >= 0")
    frame = get_frame(corpus, level, theme, drop_copied, section_text)
    pattern = re.compile(keyword if regex else re.escape(keyword))
    ids = unit_id_columns(frame)
    rows = []
    for _, row in frame.iterrows():
        text = row["text"] if isinstance(row["text"], str) else ""
        for m in pattern.finditer(text):
            if m.end() == m.start():
                continue
            rec = {c: row[c] for c in ids}
            rec.update(left=text[max(0, m.start() - window):m.start()], keyword=m.group(0),
                       right=text[m.end():m.end() + window], offset=m.start())
            rows.append(rec)
    out = pd.DataFrame(rows, columns=[*ids, "left", "keyword", "right", "offset"])
    return describe(out, unit=unit_of(corpus, level, section_text), level=level,
                    section_text=section_text, theme=theme, method="regex" if regex else
                    "exact string", keyword=keyword, window=window, drop_copied=drop_copied)
