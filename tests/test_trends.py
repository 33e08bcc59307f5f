"""Term and theme shares by year with document-level bootstrap intervals, and their figures."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

import unioncorpus as uc
from unioncorpus import plot
from unioncorpus.errors import InputError

ROOT = Path(__file__).resolve().parent.parent


def _docs(years: dict[int, int]) -> pd.DataFrame:
    """Invented documents: in each year, n documents; the k-th says 送温暖 k % 3 times."""
    rows = []
    for y, n in years.items():
        for k in range(n):
            words = ["工会", "慰问", "教师"] + ["送温暖"] * (k % 3)
            rows.append({"doc_id": f"{y}-{k}", "year": y, "text": " ".join(words)})
    return pd.DataFrame(rows)


def _trend(df, terms=("送温暖",), **kw):
    kw.setdefault("tokenizer", str.split)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return uc.trend(df, None if terms is None else list(terms), **kw)


@pytest.fixture(scope="module")
def corpus():
    return uc.load(ROOT / "data" / "raw", progress=False)


def test_values_are_ratios_of_sums():
    df = _docs({2020: 12, 2021: 4})
    t = _trend(df, n_boot=200)
    row = t.set_index("year").loc[2020]
    texts = df.loc[df["year"] == 2020, "text"]
    count = sum(x.split().count("送温暖") for x in texts)
    han = sum(len(x.replace(" ", "")) for x in texts)
    assert (row["count"], row["total"], row["n_documents"]) == (count, han, 12)
    assert row["value"] == pytest.approx(count * 1000 / han)
    assert row["ci_low"] <= row["value"] <= row["ci_high"] and row["ci_reliable"]
    assert t.attrs["by"] == "year" and t.attrs["measure"] == "per_1000_chars"
    assert "resampling documents within each year" in t.attrs["method"]
    assert t.attrs["unit"].startswith("document")


def test_few_documents_get_no_interval_and_a_warning():
    df = _docs({2020: 12, 2021: 4})
    with pytest.warns(UserWarning, match=r"2021 \(4\)"):
        t = uc.trend(df, ["送温暖"], tokenizer=str.split, n_boot=100)
    few = t.set_index("year").loc[2021]
    assert np.isnan(few["ci_low"]) and np.isnan(few["ci_high"]) and not few["ci_reliable"]
    assert not np.isnan(few["value"])
    # Lowered: computed, but still flagged below the default of 10.
    t = _trend(df, min_documents=3, n_boot=100).set_index("year").loc[2021]
    assert not np.isnan(t["ci_low"]) and not t["ci_reliable"]


def test_seeds_fixed_and_years_independent():
    df = _docs({2020: 12, 2021: 15})
    a = _trend(df, n_boot=300, random_state=7)
    b = _trend(df, n_boot=300, random_state=7)
    c = _trend(df, n_boot=300, random_state=8)
    pd.testing.assert_frame_equal(a, b)
    assert not a["ci_low"].equals(c["ci_low"])
    assert a.attrs["random_state"] == 7


def test_a_document_is_resampled_whole():
    # One year, two documents: one says the term 10 times, the other never. A bootstrap over
    # documents gives only three values (0, 1/2, 1 of the term's share); over tokens it
    # would give many.
    df = pd.DataFrame({"doc_id": ["a", "b"], "year": [2020, 2020],
                       "text": [" ".join(["送温暖"] * 10), " ".join(["工会"] * 10)]})
    t = _trend(df, measure="doc_share", min_documents=1, n_boot=500)
    assert set(np.round([t["ci_low"].iat[0], t["ci_high"].iat[0]], 6)) <= {0.0, 0.5, 1.0}


def test_doc_share_and_substring():
    df = _docs({2020: 12})
    t = _trend(df, measure="doc_share", n_boot=50)
    assert t["value"].iat[0] == pytest.approx(8 / 12)  # k % 3 != 0 for 8 of 12
    joined = df.assign(text=df["text"].str.replace(" ", ""))
    with pytest.warns(UserWarning, match="never as one token"):
        uc.trend(joined, ["送温暖"], tokenizer=lambda s: list(s), n_boot=20)
    sub = uc.trend(joined, ["送温暖"], match="substring", n_boot=20)
    assert sub["count"].iat[0] == 12


def test_errors():
    df = _docs({2020: 12})
    with pytest.raises(InputError, match="one of them"):
        uc.trend(df)
    with pytest.raises(InputError, match="one string"):
        uc.trend(df, "送温暖")
    with pytest.raises(InputError, match="measure="):
        uc.trend(df, ["送温暖"], measure="share_chars")
    with pytest.raises(InputError, match="not a document column"):
        uc.trend(df, ["送温暖"], by="province")
    with pytest.raises(InputError, match="needs a Corpus"):
        uc.trend(df, themes=True)


def test_themes_on_the_sample_pages(corpus):
    t = _trend(corpus, None, themes=True, by="doc_type", n_boot=200)
    assert set(t["theme"]) == set(uc.THEMES)
    sums = t.groupby("doc_type")["value"].sum()
    assert np.allclose(sums, 1.0)
    # The Han characters of the sections' own text, as compare_groups counts them.
    cmp_ = uc.compare_groups(corpus, by="doc_type", tokenizer=str.split)
    want = cmp_.theme_shares.set_index(["doc_type", "theme"])["n_han"]
    got = t.set_index(["doc_type", "theme"])["count"]
    assert (got == want.loc[got.index]).all()
    summaries = t[t["doc_type"] == "summary"]
    assert summaries["n_documents"].iat[0] == 10 and summaries["ci_reliable"].all()
    plans = t[t["doc_type"] == "plan"]
    assert plans["ci_low"].isna().all()
    s = _trend(corpus, None, themes=True, by="school_level", measure="share_sections",
               min_documents=1, n_boot=50)
    assert set(s["school_level"]) == set(corpus.documents["school_level"])
    # School levels youngest first, unknown last (not in code-point order).
    assert list(dict.fromkeys(s["school_level"])) == ["小学", "九年一贯制", "中职", "unknown"]


def test_terms_by_year_on_the_sample_pages(corpus):
    t = _trend(corpus, ["工会", "教代会"], tokenizer=None, min_documents=2, n_boot=100)
    assert list(t["year"].unique()) == [2024]
    assert t["n_documents"].iat[0] == int((corpus.documents["year"] == 2024).sum())


# --- figures ----------------------------------------------------------------------------------

def _table(years=((2019, 12), (2020, 3), (2021, 15), (2023, 11))):
    df = _docs(dict(years))
    return _trend(df, ["送温暖", "慰问"], n_boot=100)


def test_plot_trend_marks_thin_years():
    t = _table()
    fig = plot.plot_trend(t)
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    hollow = [ln for ln in ax.lines if ln.get_markerfacecolor() == "white"]
    assert hollow and all(len(ln.get_xdata()) == 1 and ln.get_xdata()[0] == 2020 for ln in hollow)
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks[1] == "2020\n3 篇"
    # The line breaks at 2022, a year with no documents.
    lines = [ln for ln in ax.lines if ln.get_linestyle() != "None"]
    assert any(np.isnan(np.asarray(ln.get_xdata(), dtype=float)).any() for ln in lines)
    assert "文档少于 10 篇" in fig.get_supxlabel().replace("\n", "")


def test_plot_trend_english_and_labels(corpus):
    t = _trend(corpus, None, themes=True, by="doc_type", n_boot=50)
    fig = plot.plot_trend(t, lang="en", labels={"plan": "Plans"})
    ax = fig.axes[0]
    legend = [x.get_text() for x in fig.legends[0].get_texts()]
    assert legend == ["Teacher ethics", "Democratic management", "Care and welfare",
                      "Culture and sports", "Union building", "Other"]
    ticks = [x.get_text() for x in ax.get_xticklabels()]
    assert ticks[0].startswith("Plans\nn=3")
    assert ax.get_xlabel() == "doc_type" or ax.get_xlabel() == "document type"
    assert "Share of theme" in ax.get_ylabel()
    # Categories are not joined by lines (that would draw a trend between them).
    assert not [ln for ln in ax.lines if ln.get_linestyle() not in ("None", "none")]
    with pytest.raises(InputError, match="lang="):
        plot.plot_trend(t, lang="fr")


def test_plot_term_frequencies(corpus, tmp_path):
    f = uc.term_frequencies(corpus, by="school_level")
    with pytest.raises(InputError, match="pass group="):
        plot.plot_term_frequencies(f)
    fig = plot.plot_term_frequencies(f, group="小学", n=8, lang="en", labels={"工会": "工会 (union)"})
    ax = fig.axes[0]
    assert len(ax.patches) == 8
    names = [x.get_text() for x in ax.get_yticklabels()]
    top = f[f["school_level"] == "小学"].sort_values(["per_1000_chars", "term"],
                                                    ascending=[False, True])["term"].head(8)
    assert names == [("工会 (union)" if x == "工会" else x) for x in top]
    assert ax.get_xlabel() == "Occurrences per 1,000 Chinese characters"
    plot.save_figure(fig, tmp_path / "tf.png")
    assert (tmp_path / "tf.png").stat().st_size > 0
    whole = uc.term_frequencies(corpus)
    assert plot.plot_term_frequencies(whole, measure="doc_freq", n=5).axes[0].get_title() == \
        "全部文档高频词"
