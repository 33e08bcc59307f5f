"""Keyness statistics against published values (Monroe et al. 2008; AntConc/quanteda G²)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from unioncorpus.analysis.keyness import adjust_p, chi2, g2, keyness, log_ratio

FIGHTIN = pd.DataFrame({"g": [1, 2], "text": [
    "the quick brown fox jumps over the lazy pig",
    "the lazy purple pig jumps over the lazier donkey"]})


@pytest.mark.parametrize("a, b, c, d, expected", [
    (23, 551, 263, 8870, 2.5070),
    (52, 9, 100, 100, 47.0396),
    (10, 0, 1000, 5000, 35.9188),
])
def test_g2_published_values(a, b, c, d, expected):
    assert float(g2(a, b, c, d)) == pytest.approx(expected, abs=1e-4)


def test_fightin_words_uniform_prior():
    k = keyness(FIGHTIN, "g", 1, prior=0.05, tokenizer=str.split).set_index("term")
    from unioncorpus.analysis.keyness import log_odds_dirichlet

    vocab = sorted(k.index)
    y1 = [k.loc[w, "count_target"] for w in vocab]
    y2 = [k.loc[w, "count_reference"] for w in vocab]
    delta, _ = log_odds_dirichlet(y1, y2, [0.05] * len(vocab))
    assert delta[vocab.index("brown")] == pytest.approx(3.155748, abs=1e-4)
    assert k.loc["brown", "score"] == pytest.approx(0.6894228, abs=1e-4)
    assert k.loc["donkey", "score"] == pytest.approx(-0.6894228, abs=1e-4)
    assert k.loc["the", "score"] == pytest.approx(0.0, abs=1e-4)
    assert k.loc["brown", "p"] == pytest.approx(0.4906, abs=1e-3)
    assert k["rank"].tolist() == list(range(1, len(k) + 1))


def test_all_groups_one_table_with_correction():
    k = keyness(FIGHTIN, "g", None, prior=0.05, tokenizer=str.split, correction="bonferroni")
    assert list(k.columns[:2]) == ["g", "term"]
    assert set(k["g"]) == {1, 2}
    assert (k["p_adj"] >= k["p"]).all()
    assert k["p_adj"].max() <= 1
    # One-vs-rest is symmetric with two groups.
    a = k[k["g"] == 1].set_index("term")["score"]
    b = k[k["g"] == 2].set_index("term")["score"]
    assert np.allclose(a.sort_index(), -b.sort_index())


@pytest.mark.parametrize("method", ["g2", "chi2"])
def test_signed_scores_and_log_ratio(method):
    df = pd.DataFrame({"s": ["x", "y"], "text": ["温暖 温暖 温暖 工会", "工会 工会 工会 温暖"]})
    k = keyness(df, "s", "x", method=method, tokenizer=str.split).set_index("term")
    assert k.loc["温暖", "score"] > 0 > k.loc["工会", "score"]
    assert k.loc["温暖", "effect_size"] == pytest.approx(np.log2(3))


def test_log_ratio_zero_adjustment_and_chi2():
    # Equal sizes: 0.5 added to both counts where one is zero (Hardie's 0.5, on both sides).
    assert float(log_ratio(10, 0, 100, 100)) == pytest.approx(np.log2(10.5 / 0.5))
    from scipy.stats import chi2_contingency

    expected = chi2_contingency([[10, 20], [90, 80]], correction=False)[0]
    assert float(chi2(10, 20, 100, 100)) == pytest.approx(expected, abs=1e-9)


def test_bh_matches_hand_computation():
    assert adjust_p([0.01, 0.04, 0.03, np.nan], "bh")[:3] == pytest.approx([0.03, 0.04, 0.04])


@pytest.mark.parametrize("kwargs, message", [
    ({"method": "tfidf"}, "method="),
    ({"correction": "holm"}, "correction="),
])
def test_bad_parameters_are_named(kwargs, message):
    with pytest.raises(ValueError, match=message):
        keyness(FIGHTIN, "g", 1, tokenizer=str.split, **kwargs)


def test_unknown_target():
    with pytest.raises(ValueError, match="target=3"):
        keyness(FIGHTIN, "g", 3, tokenizer=str.split)


def test_reference_is_every_row_outside_the_target_even_with_several_groups_per_row():
    import pandas as pd

    from unioncorpus.analysis import keyness

    df = pd.DataFrame({"doc_id": ["a", "b", "c"],
                       "region": [["东", "西"], ["西", "西"], ["南"]],
                       "text": ["工会 慰问 教师", "工会 运动会", "教代会 慰问"]})
    tab = keyness(df, "region", None, tokenizer=str.split, min_count=1)
    totals = {"工会": 2, "慰问": 2, "教师": 1, "运动会": 1, "教代会": 1}
    for _, row in tab.iterrows():
        assert row["count_target"] + row["count_reference"] == totals[row["term"]]
    west = tab[(tab["region"] == "西") & (tab["term"] == "工会")].iloc[0]
    assert (west["count_target"], west["count_reference"]) == (2, 0)  # b listed 西 twice: once
