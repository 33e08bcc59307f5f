"""Term frequencies, n-grams and KWIC on small hand-made tables."""

from __future__ import annotations

import pandas as pd
import pytest

from unioncorpus.analysis.frequency import kwic, ngrams, term_frequencies

DOCS = pd.DataFrame({
    "doc_id": ["a", "b", "c"],
    "school": ["甲校", "甲校", "乙校"],
    "text": ["工会 温暖 工会", "工会 家", "师德 学习"],
})


def test_grouped_counts_docfreq_share_per_1000():
    f = term_frequencies(DOCS, by="school", tokenizer=str.split)
    row = f[(f["school"] == "甲校") & (f["term"] == "工会")].iloc[0]
    assert row["count"] == 3 and row["doc_freq"] == 2
    assert row["share"] == pytest.approx(3 / 5)
    # 甲校 has 9 Han characters (spaces are not counted).
    assert row["n_han"] == 9
    assert row["per_1000_chars"] == pytest.approx(3 * 1000 / 9)
    assert "家" in set(f["term"])  # one-character words survive


def test_ungrouped_and_min_count():
    f = term_frequencies(DOCS, tokenizer=str.split, min_count=2)
    assert f["term"].tolist() == ["工会"]
    assert "school" not in f.columns


def test_ngrams_do_not_cross_documents():
    g = ngrams(DOCS, 2, tokenizer=str.split)
    assert set(g["term"]) == {"工会 温暖", "温暖 工会", "工会 家", "师德 学习"}


def test_section_level_theme_filter():
    secs = pd.DataFrame({"doc_id": ["a", "a"], "section_id": ["s1", "s2"],
                         "themes": [["送温暖"], ["师德"]], "text": ["慰问 困难", "师德 学习"]})
    f = term_frequencies(secs, level="section", theme="送温暖", tokenizer=str.split)
    assert set(f["term"]) == {"慰问", "困难"}


def test_kwic_searches_original_characters():
    df = pd.DataFrame({"doc_id": ["a"], "text": ["坚持实施“送温暖”工程，\n温暖人心"]})
    k = kwic(df, "温暖", window=3)
    assert k.columns.tolist() == ["doc_id", "left", "keyword", "right", "offset"]
    assert k["offset"].tolist() == [6, 13]
    assert k.iloc[0][["left", "keyword", "right"]].tolist() == ["施“送", "温暖", "”工程"]
    assert k.iloc[1]["left"] == "程，\n"  # line breaks are kept


def test_rejects_a_bare_string():
    with pytest.raises(ValueError, match="Corpus or a pandas DataFrame"):
        term_frequencies("工会 温暖", tokenizer=str.split)
