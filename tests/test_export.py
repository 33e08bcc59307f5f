"""Tables out: CSV that Excel opens right, Excel and Parquet, each read back as the same table."""

from __future__ import annotations

import builtins
import json

import pandas as pd
import pytest

import unioncorpus as uc


@pytest.fixture(scope="module")
def corpus(raw_pages):
    return uc.load([p.parent for p in raw_pages[:1]], progress=False)


def analysis_table() -> pd.DataFrame:
    """A small analysis-like table: list column, Int64 year with a gap, floats, attrs."""
    df = pd.DataFrame({
        "school": ["甲小学", "乙中学", None],
        "year": pd.array([2021, None, 2023], dtype="Int64"),
        "themes": [["师德", "送温暖"], [], ["其他"]],
        "share": [0.25, 0.5, float("nan")],
        "n": [1, 2, 3],
        "n_nullable": pd.array([1, 2, 3], dtype="Int64"),  # Int64 without a gap stays Int64
        "flag": [True, False, True],
        "note": ["", "备注", "说明"],  # an empty text in a column without missing values
    })
    df.attrs.update(unit="document (whole text)", method="测试; per_1000_chars", k=3)
    return df


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
def test_corpus_tables_round_trip(corpus, tmp_path, suffix):
    if suffix == ".csv":
        paths = corpus.to_csv(tmp_path)
    elif suffix == ".parquet":
        paths = corpus.to_parquet(tmp_path, prefix="run1-")
        assert [p.name for p in paths] == ["run1-documents.parquet", "run1-sections.parquet",
                                           "run1-removed.parquet"]
    else:
        paths = [corpus.to_excel(tmp_path / "corpus.xlsx")] * 3
    for path, (name, df) in zip(paths, corpus.tables().items(), strict=True):
        back = uc.read_table(path, sheet=name) if suffix == ".xlsx" else uc.read_table(path)
        pd.testing.assert_frame_equal(back, df)
    assert any(corpus.sections["marker"] == "")  # empty texts stay empty, not missing


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
def test_analysis_table_round_trips_with_lists_int64_and_attrs(tmp_path, suffix):
    df = analysis_table()
    path = uc.export_table(df, tmp_path / f"table{suffix}")
    back = uc.read_table(path)
    pd.testing.assert_frame_equal(back, df)
    assert str(back["year"].dtype) == "Int64" and back["year"].isna().tolist() == [
        False, True, False]
    assert back["themes"].tolist() == [["师德", "送温暖"], [], ["其他"]]
    assert back.attrs == df.attrs


def test_csv_opens_right_in_excel(corpus, tmp_path):
    path = uc.export_table(corpus.sections, tmp_path / "sections.csv")
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM that makes Excel read UTF-8
    text = data.decode("utf-8-sig")
    assert "['" not in text  # no Python reprs of lists
    multi = next(ts for ts in corpus.sections["themes"] if len(ts) > 1)
    assert ";".join(multi) in text
    meta = json.loads((tmp_path / "sections.csv-metadata.json").read_text(encoding="utf-8"))
    themes = next(c for c in meta["tableSchema"]["columns"] if c["name"] == "themes")
    assert themes["separator"] == ";"
    # Read with pandas alone, as the module documents: the values as text
    plain = pd.read_csv(path, encoding="utf-8-sig", keep_default_na=False, na_values=[""])
    assert list(plain.columns) == list(corpus.sections.columns)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
def test_exports_are_byte_identical_on_rerun(corpus, tmp_path, suffix):
    a = uc.export_table(corpus.documents, tmp_path / f"a{suffix}")
    first = a.read_bytes()
    uc.export_table(corpus.documents, a)
    assert a.read_bytes() == first


def test_an_analysis_table_keeps_its_notes(corpus, tmp_path):
    freq = uc.term_frequencies(corpus)
    for suffix in (".csv", ".xlsx", ".parquet"):
        back = uc.read_table(uc.export_table(freq, tmp_path / f"freq{suffix}"))
        assert back.attrs == json.loads(json.dumps(freq.attrs, default=str))
        assert back["term"].tolist() == freq["term"].tolist()


def test_bad_exports_say_what_to_do(tmp_path, monkeypatch):
    df = analysis_table()
    with pytest.raises(uc.InputError, match=r"\.csv, \.xlsx, \.parquet"):
        uc.export_table(df, tmp_path / "table.json")
    with pytest.raises(uc.InputError, match="separator"):
        uc.export_table(pd.DataFrame({"t": [["a;b"]]}), tmp_path / "t.csv")
    with pytest.raises(uc.InputError, match="does not exist"):
        uc.read_table(tmp_path / "missing.csv")
    real_import = builtins.__import__

    def no_writers(name, *args, **kwargs):
        if name in ("openpyxl", "pyarrow") or name.startswith(("openpyxl.", "pyarrow.")):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_writers)
    monkeypatch.setattr("importlib.import_module", lambda name, *a: no_writers(name))
    with pytest.raises(uc.InputError, match=r"unioncorpus\[excel\]"):
        uc.export_table(df, tmp_path / "t.xlsx")
    with pytest.raises(uc.InputError, match=r"unioncorpus\[parquet\]"):
        uc.export_table(df, tmp_path / "t.parquet")
    assert not list(tmp_path.glob("t.*"))
