"""Figures: every function returns a Figure, Chinese renders with no missing glyph, no pyplot."""

from __future__ import annotations

import warnings
from io import BytesIO

import pandas as pd
import pytest
from matplotlib.figure import Figure

from unioncorpus import plot
from unioncorpus.analysis import compare_groups, find_reuse, keyness, topic_prevalence, topics
from unioncorpus.fonts import cjk_rc, find_cjk_font

DOCS = pd.DataFrame({
    "doc_id": [f"d{i}" for i in range(6)], "school": list("甲甲乙乙丙丙"),
    "text": ["工会 温暖 慰问 家 困难", "工会 温暖 困难 家 慰问", "慰问 困难 温暖 家 节日",
             "师德 学习 教师 会 培训", "师德 教师 培训 会 学习", "学习 培训 教师 会 师德"]})


def render(fig: Figure) -> list[str]:
    """Draw ``fig`` to PNG and PDF; return every warning raised while drawing."""
    assert isinstance(fig, Figure)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for fmt in ("png", "pdf"):
            buf = BytesIO()
            fig.savefig(buf, format=fmt)
            assert buf.getvalue()
    return [str(w.message) for w in caught]


def assert_clean(fig: Figure) -> None:
    messages = render(fig)
    assert not [m for m in messages if "Glyph" in m or "missing" in m], messages


def test_font_found_and_covers_chinese():
    font = find_cjk_font()
    assert font.name and font.path
    assert font.name in cjk_rc()["font.family"]


class _Corpus:
    """A minimal Corpus stand-in: documents and sections DataFrames."""

    def __init__(self) -> None:
        self.documents = DOCS
        self.sections = pd.DataFrame({
            "doc_id": DOCS["doc_id"], "section_id": ["s1"] * 6, "parent_id": [None] * 6,
            "text": DOCS["text"], "themes": [["送温暖"]] * 3 + [["师德"]] * 3,
            "theme": ["送温暖"] * 3 + ["师德"] * 3})


def test_theme_shares():
    c = compare_groups(_Corpus(), by="school", tokenizer=str.split, min_count=1)
    for measure in ("chars", "sections"):
        assert_clean(plot.plot_theme_shares(c, measure=measure))


def test_keyness_diverging():
    k = keyness(DOCS, "school", "甲", tokenizer=str.split)
    assert_clean(plot.plot_keyness(k, n=5, group="甲"))
    every = keyness(DOCS, "school", None, tokenizer=str.split)
    with pytest.raises(ValueError, match="group="):
        plot.plot_keyness(every)
    assert_clean(plot.plot_keyness(every, group="乙", method="g2"))


def test_topic_figures():
    r = topics(DOCS, k=2, level="document", min_df=1, tokenizer=str.split)
    assert_clean(plot.plot_topic_terms(r, n_terms=4))
    p = topic_prevalence(r, by="school", n_boot=50)
    assert_clean(plot.plot_topic_prevalence(p))


def test_reuse_heatmap():
    text = "为了让广大教职工感到学校的温暖，进一步激发广大教职工的工作积极性、主动性和创造性。"
    df = pd.DataFrame({"doc_id": ["甲#0", "乙#0", "丙#0"],
                       "text": [text, text + "召开教代会。", "组织教职工开展登山比赛和文艺汇演。"]})
    r = find_reuse(df)
    assert_clean(plot.plot_reuse_heatmap(r, labels={"甲#0": "甲校 2024"}))


def test_never_uses_pyplot_show(monkeypatch):
    import matplotlib.pyplot as plt

    def boom(*args, **kwargs):
        raise AssertionError("plt.show() called")

    monkeypatch.setattr(plt, "show", boom)
    before = plt.get_fignums()
    r = topics(DOCS, k=2, level="document", min_df=1, tokenizer=str.split)
    render(plot.plot_topic_terms(r))
    assert plt.get_fignums() == before  # no pyplot figure left open
