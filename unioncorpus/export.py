"""Tables out for a paper and its co-authors: CSV that Excel opens right, Excel, Parquet.

:func:`export_table` writes one DataFrame, choosing the format by the file's suffix;
:func:`read_table` reads it back as the same table. The formats differ in what they keep:

- ``.csv``: UTF-8 with a byte-order mark, so Excel shows the Chinese (without one it reads
  the file as the system's legacy code page). List columns (``themes``) are written as
  ``师德;送温暖``, not as a Python repr. Beside it, ``<name>.csv-metadata.json`` (the W3C
  "CSV on the Web" metadata file) records each column's type, the list separator and the
  table's ``.attrs`` (unit, method); :func:`read_table` uses it to restore list columns,
  ``Int64`` years with missing values, and ``.attrs``. Without it ``pd.read_csv(path,
  encoding="utf-8-sig", keep_default_na=False, na_values=[""])`` reads the values as text.
- ``.xlsx``: through openpyxl (``pip install 'unioncorpus[excel]'``); one sheet per table,
  lists joined as in CSV, and a sheet ``_columns`` with the column types and ``.attrs``.
- ``.parquet``: through pyarrow (``pip install 'unioncorpus[parquet]'``); list columns as
  real list types, nullable integers as such, ``.attrs`` in the file's metadata (pandas
  keeps them there).

Missing values: CSV and Excel cannot tell an empty text from a missing one; both read back
as missing (``None``/``NaN``), and an empty list as ``[]``.
"""

from __future__ import annotations

import json
import math
import os
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .errors import InputError

LIST_SEPARATOR = ";"
"""What joins the items of a list cell in CSV and Excel (``师德;送温暖``)."""

FORMATS = (".csv", ".xlsx", ".parquet")
EXCEL_CELL_LIMIT = 32_767
"""Excel shows at most this many characters in a cell (longer texts are cut when opened)."""

_META_SHEET = "_columns"


def _is_list_column(s: pd.Series) -> bool:
    """A column whose values are lists (or tuples, arrays): every non-missing value is."""
    if s.dtype != object:
        return False
    values = [v for v in s if not _missing(v)]
    return bool(values) and all(isinstance(v, (list, tuple, np.ndarray)) for v in values)


def _missing(v: Any) -> bool:
    if v is None or v is pd.NA:
        return True
    return isinstance(v, float) and math.isnan(v)


def _datatype(s: pd.Series) -> str:
    """The CSVW datatype name of a column (``integer`` keeps Int64 and its missing values)."""
    if _is_list_column(s):
        return "list"
    if pd.api.types.is_bool_dtype(s.dtype):
        return "boolean"
    if pd.api.types.is_integer_dtype(s.dtype):
        return "integer"
    if pd.api.types.is_float_dtype(s.dtype):
        return "double"
    if pd.api.types.is_datetime64_any_dtype(s.dtype):
        return "datetime"
    return "string"


def _columns_meta(df: pd.DataFrame, sep: str) -> list[dict[str, Any]]:
    cols = []
    for name in df.columns:
        t = _datatype(df[name])
        col: dict[str, Any] = {"name": str(name), "titles": str(name),
                               "datatype": "string" if t == "list" else t}
        if t == "list":
            col["separator"] = sep
        else:
            col["dtype"] = str(df[name].dtype)  # pandas' own name: Int64 or int64, str, ...
        if t != "list" and not df[name].isna().any():
            # No missing values: an empty cell is an empty text, not a missing one. A text
            # column with both cannot tell them apart.
            col["null"] = []
        cols.append(col)
    return cols


def _attrs(df: pd.DataFrame) -> dict[str, Any]:
    """The table's ``.attrs`` as JSON can hold them (other values as their text)."""
    return json.loads(json.dumps(df.attrs, ensure_ascii=False, default=str))


def _joined(df: pd.DataFrame, sep: str) -> pd.DataFrame:
    """``df`` with list columns joined by ``sep`` (an item holding ``sep`` is refused)."""
    out = df.copy()
    out.attrs = {}
    for name in df.columns:
        if not _is_list_column(df[name]):
            continue

        def join(v: Any, name: Any = name) -> str | None:
            if _missing(v):
                return None
            items = [str(x) for x in (v.tolist() if isinstance(v, np.ndarray) else v)]
            bad = [x for x in items if sep in x]
            if bad:
                raise InputError(f"column {name!r} holds the item {bad[0]!r}, which contains "
                                 f"the list separator {sep!r}; pass another sep= (or write "
                                 ".parquet, which keeps lists as lists)")
            return sep.join(items)

        out[name] = df[name].map(join).astype(object)
    return out


def _metadata_path(path: Path) -> Path:
    return path.with_name(path.name + "-metadata.json")


def export_table(df: pd.DataFrame, path: str | os.PathLike, *, sep: str = LIST_SEPARATOR,
                 sheet: str = "table") -> Path:
    """Write a table as CSV, Excel or Parquet, chosen by the suffix of ``path``.

    Parameters:
        df: any DataFrame: a corpus table or an analysis table (its ``.attrs`` are kept).
        path: ``*.csv`` (UTF-8 with BOM, plus ``*.csv-metadata.json``), ``*.xlsx`` or
            ``*.parquet``.
        sep: the separator of list items in CSV and Excel cells.
        sheet: the sheet name in Excel.

    Returns:
        The path written. The index is not written (reset it first to keep it).

    Raises:
        InputError: an unknown suffix, a list item holding ``sep``, or the writer for the
            format not installed.

    Example:
        >>> export_table(uc.term_frequencies(corpus), "freq.csv")   # doctest: +SKIP
    """
    p = Path(path)
    suffix = p.suffix.lower()
    if not isinstance(df, pd.DataFrame):
        raise InputError(f"export_table expects a DataFrame, got {type(df).__name__}")
    if suffix == ".csv":
        _write_csv(df, p, sep)
    elif suffix == ".xlsx":
        _write_excel({sheet: df}, p, sep)
    elif suffix == ".parquet":
        _write_parquet(df, p)
    else:
        raise InputError(f"cannot tell the format of {os.fspath(path)!r}; end the name with "
                         f"{', '.join(FORMATS)}")
    return p


def _write_csv(df: pd.DataFrame, path: Path, sep: str) -> None:
    from .output import atomic_writer

    flat = _joined(df, sep)
    with atomic_writer(path) as f:
        # A BOM, so Excel opens the file as UTF-8; \n line ends, so reruns are byte-identical
        # on every OS.
        f.write("\ufeff")
        flat.to_csv(f, index=False, lineterminator="\n")
    meta = {"@context": "http://www.w3.org/ns/csvw", "url": path.name,
            "dialect": {"encoding": "utf-8", "header": True},
            "tableSchema": {"columns": _columns_meta(df, sep)},
            "notes": [{"attrs": _attrs(df)}]}
    with atomic_writer(_metadata_path(path)) as f:
        f.write(json.dumps(meta, ensure_ascii=False, indent=1) + "\n")


def _need(module: str, extra: str) -> Any:
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as e:
        raise InputError(f"writing {extra} needs {module}: pip install 'unioncorpus[{extra}]' "
                         f"(or pip install {module})") from e


def _write_excel(tables: Mapping[str, pd.DataFrame], path: Path, sep: str) -> None:
    _need("openpyxl", "excel")
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    meta_rows = []
    long_cells = 0
    flats = {}
    for name, df in tables.items():
        flat = _joined(df, sep)
        for col in flat.columns:
            if flat[col].dtype == object or pd.api.types.is_string_dtype(flat[col].dtype):
                texts = flat[col]
                long_cells += int(texts.map(lambda v: isinstance(v, str)
                                            and len(v) > EXCEL_CELL_LIMIT).sum())
                # Control characters are not allowed in an .xlsx cell (openpyxl refuses
                # them); cleaned texts hold none, but a user's table might.
                flat[col] = texts.map(lambda v: ILLEGAL_CHARACTERS_RE.sub("", v)
                                      if isinstance(v, str) else v).astype(object)
        flats[name] = flat
        for col in _columns_meta(df, sep):
            meta_rows.append({"sheet": name, "column": col["name"], "datatype": col["datatype"],
                              "separator": col.get("separator"), "dtype": col.get("dtype"),
                              "nullable": "null" not in col, "attrs": None})
        meta_rows.append({"sheet": name, "column": None, "datatype": None, "separator": None,
                          "dtype": None, "nullable": None,
                          "attrs": json.dumps(_attrs(df), ensure_ascii=False, sort_keys=True)})
    if long_cells:
        warnings.warn(f"{long_cells} cells hold more than {EXCEL_CELL_LIMIT:,} characters, "
                      "which Excel cuts when it opens the file (the file keeps them); use "
                      "CSV or Parquet for full texts", UserWarning, stacklevel=3)
    tmp = path.with_name(f".{path.name}.tmp")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
            for name, flat in flats.items():
                flat.to_excel(writer, sheet_name=name, index=False)
                _readable(writer.sheets[name], flat)
            pd.DataFrame(meta_rows).to_excel(writer, sheet_name=_META_SHEET, index=False)
            # Fixed document properties: the same tables give the same file, byte for byte.
            props = writer.book.properties
            props.created = props.modified = pd.Timestamp("2000-01-01").to_pydatetime()
            props.creator = props.lastModifiedBy = "unioncorpus"
        _fix_zip_times(tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _readable(sheet: Any, flat: pd.DataFrame) -> None:
    """Columns wide enough to read (a Chinese character counts twice, up to a cap) and the
    header row frozen, so a co-author opening the file sees the table, not ``####``."""
    from openpyxl.utils import get_column_letter

    def width(v: Any) -> int:
        text = "" if _missing(v) else str(v)[:200]
        return sum(2 if ord(c) > 0x2E7F else 1 for c in text)

    for k, col in enumerate(flat.columns, 1):
        widest = max([width(col), *(width(v) for v in flat[col].head(200))])
        sheet.column_dimensions[get_column_letter(k)].width = min(60, widest + 2)
    sheet.freeze_panes = "A2"


def _fix_zip_times(path: Path) -> None:
    """Rewrite an .xlsx (a zip) with fixed member times, so reruns are byte-identical."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as z:
        members = [(info, z.read(info)) for info in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in members:
            if info.filename == "docProps/core.xml":
                # openpyxl stamps the save time as "modified", whatever was set before.
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                              rb"\g<1>2000-01-01T00:00:00Z\g<2>", data)
            fixed = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            z.writestr(fixed, data)


def _write_parquet(df: pd.DataFrame, path: Path) -> None:
    _need("pyarrow", "parquet")
    out = df.copy()
    for name in df.columns:
        if _is_list_column(df[name]):
            # Lists of text as list<string>, whatever held them (lists, tuples, arrays).
            out[name] = df[name].map(lambda v: None if _missing(v) else
                                     [str(x) for x in (v.tolist() if isinstance(v, np.ndarray)
                                                       else v)])
    out.attrs = _attrs(df)
    tmp = path.with_name(f".{path.name}.tmp")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        out.to_parquet(tmp, engine="pyarrow", index=False)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def read_table(path: str | os.PathLike, *, sheet: str | None = None) -> pd.DataFrame:
    """Read a table written by :func:`export_table` (or ``Corpus.to_csv`` and the like) back
    as the same DataFrame: list columns as lists, integer columns with missing values as
    ``Int64``, and ``.attrs``.

    Parameters:
        path: a ``.csv`` (with its ``-metadata.json`` beside it, if there is one), ``.xlsx``
            or ``.parquet`` file.
        sheet: the sheet of a workbook (default: the first).

    Raises:
        InputError: a missing file, or an unknown suffix.
    """
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{os.fspath(path)!r} does not exist; pass a file written by "
                         "export_table or Corpus.to_csv/to_excel/to_parquet")
    suffix = p.suffix.lower()
    if suffix == ".csv":
        meta = _read_metadata(_metadata_path(p))
        columns = meta.get("tableSchema", {}).get("columns", [])
        # Every value as text first; the metadata then gives each column its type.
        df = pd.read_csv(p, encoding="utf-8-sig", dtype=str, keep_default_na=False,
                         na_values=[""])
        attrs = next((n.get("attrs") for n in meta.get("notes", []) if isinstance(n, dict)
                      and "attrs" in n), {})
        return _typed(df, columns, attrs or {})
    if suffix == ".xlsx":
        _need("openpyxl", "excel")
        book = pd.read_excel(p, sheet_name=None, dtype=object)
        names = [n for n in book if n != _META_SHEET]
        if not names:
            raise InputError(f"{os.fspath(path)!r} holds no table sheet")
        name = sheet if sheet is not None else names[0]
        if name not in book:
            raise InputError(f"sheet={name!r} is not in {os.fspath(path)!r}; its sheets: "
                             f"{', '.join(names)}")
        df = book[name]
        df = df.astype(object).where(df.notna(), None)
        columns: list[dict[str, Any]] = []
        attrs: dict[str, Any] = {}
        meta = book.get(_META_SHEET)
        if meta is not None:
            for row in meta.to_dict(orient="records"):
                if row.get("sheet") != name:
                    continue
                if _missing(row.get("column")):
                    attrs = json.loads(row["attrs"]) if isinstance(row.get("attrs"), str) else {}
                    continue
                col = {"name": str(row["column"]), "datatype": row["datatype"]}
                for key in ("separator", "dtype"):
                    if isinstance(row.get(key), str):
                        col[key] = row[key]
                if row.get("nullable") is False:
                    col["null"] = []
                columns.append(col)
        df = df.map(lambda v: None if _missing(v) else str(v) if not isinstance(v, str) else v)
        return _typed(df, columns, attrs)
    if suffix == ".parquet":
        _need("pyarrow", "parquet")
        df = pd.read_parquet(p, engine="pyarrow")
        for name in df.columns:
            if df[name].dtype == object:
                # pyarrow gives list cells as numpy arrays; the corpus tables hold lists.
                df[name] = df[name].map(lambda v: v.tolist() if isinstance(v, np.ndarray)
                                        else v)
        return df
    raise InputError(f"cannot tell the format of {os.fspath(path)!r}; end the name with "
                     f"{', '.join(FORMATS)}")


def _read_metadata(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise InputError(f"{os.fspath(path)!r} is not a CSV metadata file ({e}); remove it "
                         "to read the CSV as text") from e
    return meta if isinstance(meta, dict) else {}


def _typed(df: pd.DataFrame, columns: list[dict[str, Any]],
           attrs: dict[str, Any]) -> pd.DataFrame:
    """Text columns given back their types from the column metadata."""
    for col in columns:
        name = col.get("name")
        if name not in df.columns:
            continue
        s = df[name]
        t = col.get("datatype", "string")
        if "separator" in col:
            sep = col["separator"]
            df[name] = s.map(lambda v, sep=sep: [] if _missing(v) or v == "" else
                             str(v).split(sep)).astype(object)
        elif t == "integer":
            df[name] = _as(pd.to_numeric(s).astype("Int64"), col.get("dtype"))
        elif t == "double":
            df[name] = _as(pd.to_numeric(s).astype("float64"), col.get("dtype"))
        elif t == "boolean":
            values = s.map(lambda v: None if _missing(v) else str(v).lower() == "true")
            df[name] = _as(values.astype("boolean"), col.get("dtype"))
        elif t == "datetime":
            df[name] = _as(pd.to_datetime(s), col.get("dtype"))
        else:
            text = (s.fillna("") if "null" in col else s).astype("str")
            df[name] = _as(text, col.get("dtype"))
    df.attrs = dict(attrs)
    return df


def _as(s: pd.Series, dtype: str | None) -> pd.Series:
    """``s`` in the dtype the table had (where the values allow: ``int64`` with a missing
    value stays ``Int64``)."""
    if not dtype or dtype == str(s.dtype):
        return s
    try:
        return s.astype(object).where(s.notna(), None) if dtype == "object" else s.astype(dtype)
    except (TypeError, ValueError):
        return s
