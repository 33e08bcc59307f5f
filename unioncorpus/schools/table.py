"""Join a user's own table of schools (CSV, TSV or Excel: school → region, type, urban/rural,
...) onto a corpus, so that its columns can be grouped by like any document column.

(Not to be confused with ``unioncorpus/join.py``, which joins broken lines of a page.)
"""

from __future__ import annotations

import os
import unicodedata
import warnings
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import InputError, ResourceError

# Columns the corpus derives itself that a user's table may correct: where the table has a
# value it wins, and the evidence column says so (``table:schools.csv``).
OVERRIDABLE = {"school_level": "school_level_from", "province": "region_from",
               "city": "region_from", "county": "region_from"}


def read_table(table: str | os.PathLike | pd.DataFrame, *, sheet_name: str | int = 0,
               text_columns: tuple[str, ...] = ()) -> pd.DataFrame:
    """A table as a DataFrame: a DataFrame as it is, or a ``.csv``/``.tsv``/``.txt`` file
    (UTF-8 with or without BOM, else GB18030, as Excel saves CSV on a Chinese Windows) or an
    ``.xlsx``/``.xls`` file (``sheet_name``). A file's columns are read as text, then made
    numbers where every value is one, except ``text_columns`` and codes with leading zeros."""
    if isinstance(table, pd.DataFrame):
        return table.copy()
    return _numbers(_read_file(table, sheet_name), text_columns)


def _numbers(frame: pd.DataFrame, keep: tuple[str, ...]) -> pd.DataFrame:
    """Columns that hold only numbers become numbers (enrolment, staff counts)."""
    frame.columns = [str(c).strip() for c in frame.columns]
    for col in frame.columns:
        if col in keep:
            continue
        vals = frame[col].dropna()
        if vals.empty or vals.str.match(r"^0\d").any():
            continue
        try:
            frame[col] = pd.to_numeric(frame[col])
        except (ValueError, TypeError):
            pass
    return frame


def _read_file(table: str | os.PathLike, sheet_name: str | int) -> pd.DataFrame:
    if isinstance(table, str) and "\n" in table:
        raise InputError("table= is text, not a path or a DataFrame; pass the file's path or "
                         "pd.read_csv(...)")
    path = Path(table)
    if not path.is_file():
        raise InputError(f"table {os.fspath(table)!r} not found; check the path")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm", ".xls"):
        try:
            return pd.read_excel(path, sheet_name=sheet_name, dtype=str)
        except ImportError as e:
            raise ResourceError(f"reading {path.name} needs an Excel reader ({e}); run "
                                "`pip install openpyxl`, or save the sheet as CSV") from e
    if suffix not in (".csv", ".tsv", ".txt"):
        raise InputError(f"table {path.name!r}: use a .csv, .tsv or .xlsx file, or a DataFrame")
    raw = path.read_bytes()
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes almost any bytes
        raise InputError(f"table {path.name!r} is neither UTF-8 nor GB18030; save it as UTF-8")
    import io

    sep = "\t" if suffix == ".tsv" or ("\t" in text.split("\n", 1)[0]
                                       and "," not in text.split("\n", 1)[0]) else ","
    return pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False,
                       na_values=[""])


def normalise_key(value: Any) -> str | None:
    """A join key as compared: full-width folded (NFKC), all whitespace removed."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    s = "".join(unicodedata.normalize("NFKC", str(value)).split())
    return s or None


def join_table(corpus: Any, table: str | os.PathLike | pd.DataFrame, on: str = "school", *,
               table_on: str | None = None, columns: list[str] | None = None,
               sheet_name: str | int = 0, _stacklevel: int = 2) -> Any:
    """A new corpus whose documents carry the columns of ``table``, matched on ``on``.

    Parameters:
        corpus: a :class:`~unioncorpus.Corpus` (it is not changed).
        table: a DataFrame or a CSV/TSV/Excel file (see :func:`read_table`).
        on: the document column to match (``school`` by default; ``doc_id`` works too).
        table_on: the table's column holding the key, when it is named otherwise
            (``table_on="学校"``); default ``on``.
        columns: the table's columns to bring in (default: all but the key).

    Keys are compared after full-width folding and removing whitespace. The table's columns
    become document columns: group by them with any ``by=``, at document or section level.
    Where a column of the table is one the corpus derives (``school_level``, ``province``,
    ``city``, ``county``), the table's value replaces the derived one where it has one, and
    ``school_level_from``/``region_from`` say ``table:<name>``. Any other column the
    documents already have is an error (rename it in the table). A key that appears twice in
    the table is an error; table rows that match no document, and documents with a key that
    the table lacks, are counted in a warning and listed in ``corpus.join_report``.

    Example:
        >>> schools = pd.DataFrame({"学校": ["东川中心学校"], "urban_rural": ["农村"]})
        >>> joined = join_table(corpus, schools, table_on="学校")  # doctest: +SKIP
        >>> compare_groups(joined, by="urban_rural")              # doctest: +SKIP
    """
    if not hasattr(corpus, "documents") or not hasattr(corpus, "docs"):
        raise InputError("join_table needs a Corpus; build one with unioncorpus.load(paths)")
    key = table_on or on
    frame = read_table(table, sheet_name=sheet_name, text_columns=(key,))
    frame.columns = [str(c).strip() for c in frame.columns]
    if key not in frame.columns:
        raise InputError(f"the table has no column {key!r} (columns: {', '.join(frame.columns)}); "
                         f"pass table_on= the column that holds the {on}")
    docs = corpus.documents
    if on not in docs.columns:
        raise InputError(f"on={on!r} is not a document column; available: "
                         f"{', '.join(docs.columns)}")
    keep = [c for c in (columns if columns is not None else frame.columns) if c != key]
    missing = [c for c in keep if c not in frame.columns]
    if missing:
        raise InputError(f"columns {missing} are not in the table ({', '.join(frame.columns)})")
    clash = [c for c in keep if c in docs.columns and c not in OVERRIDABLE]
    if clash:
        raise InputError(f"the table's columns {clash} are already document columns; rename "
                         f"them in the table (e.g. {clash[0]}_table) or leave them out with "
                         f"columns=[...]")
    keys = pd.Series([normalise_key(v) for v in frame[key]], index=frame.index, dtype=object)
    dup = sorted({k for k in keys[keys.duplicated(keep=False)] if k is not None})
    if dup:
        raise InputError(f"the table lists {len(dup)} key(s) more than once ({', '.join(dup[:5])}"
                         f"); keep one row per {on}")
    lookup = {k: row for k, row in zip(keys, frame[keep].to_dict("records"), strict=True)
              if k is not None}
    doc_keys = pd.Series([normalise_key(v) for v in docs[on]], dtype=object)
    rows = [lookup.get(k, {}) if k is not None else {} for k in doc_keys]
    extra = pd.DataFrame(rows, columns=keep, index=docs["doc_id"].to_numpy())
    source = f"table:{Path(table).name}" if not isinstance(table, pd.DataFrame) else "table"
    matched = {k for k in doc_keys if k in lookup}
    report = pd.DataFrame({
        "key": list(lookup),
        "n_documents": [int((doc_keys == k).sum()) for k in lookup]})
    unmatched_rows = int((report["n_documents"] == 0).sum())
    unmatched_docs = int(sum(1 for k in doc_keys if k is not None and k not in lookup))
    if unmatched_rows or unmatched_docs:
        examples = ", ".join(report.loc[report["n_documents"] == 0, "key"].head(3))
        parts = []
        if unmatched_rows:
            parts.append(f"{unmatched_rows} of {len(lookup)} table rows match no document's "
                         f"{on} ({examples}{', ...' if unmatched_rows > 3 else ''})")
        if unmatched_docs:
            parts.append(f"{unmatched_docs} documents have a {on} that the table lacks")
        warnings.warn(f"join_table: {'; '.join(parts)}. Their columns are empty (see "
                      f"corpus.join_report; keys are compared after folding full-width "
                      f"characters and removing spaces).", UserWarning, stacklevel=_stacklevel)
    from ..corpus import Corpus

    out = Corpus(corpus.docs, corpus._result, extra=_merge_extra(corpus, extra, source))
    out.join_report = report.assign(matched=report["key"].isin(matched))
    out.join_report.attrs.update(on=on, table_on=key, source=source)
    return out


def _merge_extra(corpus: Any, extra: pd.DataFrame, source: str) -> pd.DataFrame:
    """The corpus's earlier joined columns with these added (a later join wins)."""
    before = getattr(corpus, "_extra", None)
    for col, evidence in OVERRIDABLE.items():
        if col in extra.columns:
            given = extra[col].notna()
            ev = extra[evidence] if evidence in extra.columns else pd.Series(
                None, index=extra.index, dtype=object)
            extra[evidence] = ev.where(~given, source)
    if before is None or before.empty:
        return extra
    merged = before.copy()
    for col in extra.columns:
        if col in merged.columns and col in OVERRIDABLE.values():
            merged[col] = extra[col].where(extra[col].notna(), merged[col])
        else:
            merged[col] = extra[col]
    return merged
