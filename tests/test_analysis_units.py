"""Numbers a reviewer can trust (issue 14): each character counted once at section level,
intervals that resample documents, a Log Ratio that points the way the score does, a stability
that measures something, one meaning for ``n_chars``, and ``by=`` with a column the user added.

On the bundled sample pages (13 documents, 143 sections) and on small invented texts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import unioncorpus as uc
from unioncorpus.analysis import (
    choose_k,
    compare_groups,
    find_reuse,
    keyness,
    kwic,
    term_frequencies,
    topic_prevalence,
    topics,
)
from unioncorpus.analysis.topics import TopicModel
from unioncorpus.corpus import Corpus
from unioncorpus.normalise import han_count


@pytest.fixture(scope="module")
def corpus(raw_pages):
    return uc.load(raw_pages[0].parent, progress=False)


@pytest.fixture(scope="module")
def tok():
    """One segmenter for the module, memoised (the same text is segmented once)."""
    seg = uc.Segmenter()
    memo: dict[str, list[str]] = {}

    def run(text: str) -> list[str]:
        if text not in memo:
            memo[text] = seg(text)
        return memo[text]

    return run


# --- 1. units counted once --------------------------------------------------------------------

def test_own_texts_tile_each_document_from_its_first_heading(corpus):
    secs = corpus.sections
    for d in corpus.docs:
        own = secs.loc[secs["doc_id"] == d.doc_id, "own_text"]
        if len(own):
            first = min(s.start for s in d.sections)
            assert "".join(own) == d.text[first:]
    # ``text`` keeps its meaning: the whole span, sub-sections included.
    row = secs[secs["parent_id"].notna()].iloc[0]
    parent = secs[(secs["doc_id"] == row["doc_id"]) & (secs["section_id"] == row["parent_id"])]
    assert row["text"] in parent["text"].iloc[0]
    assert row["text"] not in parent["own_text"].iloc[0]


def test_drop_copied_cuts_own_texts_too(corpus):
    view = uc.drop_copied(corpus)
    for d, text in zip(view.documents["doc_id"], view.documents["text"], strict=True):
        secs = view.sections[view.sections["doc_id"] == d]
        if len(secs):
            assert "".join(secs["own_text"]) == text[secs["start"].min():]


def test_section_level_counts_no_token_twice(corpus, tok):
    doc = term_frequencies(corpus, tokenizer=tok)
    sec = term_frequencies(corpus, level="section", tokenizer=tok)
    # Before: 11,415 section tokens against 7,863 in the documents (nested text counted again).
    assert sec["count"].sum() <= doc["count"].sum()
    assert sec.attrs["section_text"] == "own" and "own text" in sec.attrs["unit"]
    # The old meaning stays available, by name.
    sub = term_frequencies(corpus, level="section", section_text="subtree", tokenizer=tok)
    assert sub["count"].sum() > doc["count"].sum()
    assert sum(map(len, corpus.tokens(level="section", segmenter=tok))) == sec["count"].sum()


def test_kwic_at_section_level_gives_one_row_per_occurrence(corpus):
    n = sum(d.text.count("集体生日") for d in corpus.docs)
    assert n == 2
    assert len(kwic(corpus, "集体生日", level="section")) == n  # was 6
    assert len(kwic(corpus, "集体生日")) == n
    assert len(kwic(corpus, "集体生日", level="section", section_text="subtree")) > n


def test_topics_model_non_overlapping_units(corpus, tok):
    r = topics(corpus, k=4, tokenizer=tok)
    modelled = r.model_.dtm_.sum()
    assert modelled <= sum(map(len, corpus.tokens(segmenter=tok)))
    whole = topics(corpus, k=4, tokenizer=tok, section_text="subtree").model_.dtm_.sum()
    assert modelled < whole
    assert r.params["section_text"] == "own" and r.doc_topics.attrs["level"] == "section"


def test_theme_filter_reads_each_sections_own_text():
    # A welfare section with a sports sub-section: the sports text is not welfare text.
    page = ("学校工会工作总结\n本学期，我校工会在党支部领导下，围绕学校中心工作，现将工作总结如下。\n"
            "一、关心教职工生活\n坚持五必访制度，慰问生病住院和生活困难的教职工，节日期间为教职工送温暖。\n"
            "（一）丰富文体活动\n组织教职工开展乒乓球比赛和拔河比赛，举办迎新年文艺汇演。\n"
            "二、加强师德建设\n组织全体教职工学习师德规范，开展师德师风主题教育活动，评选师德标兵。")
    c = Corpus(uc.clean_text(page, source="invented.txt"))
    themes = dict(zip(c.sections["section_id"], c.sections["theme"], strict=True))
    assert themes == {"s1": "送温暖", "s1.1": "文体活动", "s2": "师德"}
    assert kwic(c, "乒乓球", level="section", theme="送温暖").empty
    assert kwic(c, "乒乓球", level="section", theme="文体活动")["section_id"].tolist() == ["s1.1"]
    welfare = term_frequencies(c, level="section", theme="送温暖", tokenizer=uc.Segmenter())
    assert "慰问" in set(welfare["term"]) and "乒乓球" not in set(welfare["term"])
    toks = c.tokens(level="section", theme="送温暖")
    assert len(toks) == 1 and "乒乓球" not in toks[0]


# --- 2. intervals resample documents ----------------------------------------------------------

def _clustered_sections() -> pd.DataFrame:
    # 12 documents of one group, 5 sections each; a document is all about welfare or all about
    # ethics, so its sections are not 60 independent observations.
    rows = []
    extra = ["工会", "活动", "学校", "组织", "开展"]
    for d in range(12):
        text = "慰问 困难 温暖 家" if d % 3 else "师德 学习 教师 培训"
        for s in range(5):
            rows.append({"doc_id": f"d{d}", "section_id": f"s{s}", "school": "甲",
                         "text": f"{text} {extra[(d + s) % 5]}"})
    return pd.DataFrame(rows)


def test_prevalence_resamples_documents_not_sections():
    r = topics(_clustered_sections(), k=2, level="section", min_df=1, tokenizer=str.split)
    p = topic_prevalence(r, by="school", n_boot=2000, random_state=0)
    width = (p["ci_high"] - p["ci_low"]).iloc[0]
    # Resampling the 60 sections as if independent gives an interval far too narrow.
    props = r.doc_topics["topic_0"].to_numpy()
    draws = np.random.default_rng(0).integers(0, 60, size=(2000, 60))
    naive = np.quantile(props[draws].mean(axis=1), [0.025, 0.975])
    assert width > 1.5 * (naive[1] - naive[0])
    assert p["n_units"].tolist() == [60, 60] and p["n_documents"].tolist() == [12, 12]
    assert p["ci_reliable"].all()
    assert p.attrs["n_boot"] == 2000 and p.attrs["ci"] == 0.95
    # Deterministic, and the seed is what varies it.
    assert p.equals(topic_prevalence(r, by="school", n_boot=2000, random_state=0))
    assert not p.equals(topic_prevalence(r, by="school", n_boot=2000, random_state=1))


def test_prevalence_refuses_intervals_on_too_few_documents(corpus, tok):
    r = topics(corpus, k=4, tokenizer=tok)
    with pytest.warns(UserWarning, match="min_documents=10"):
        by_school = topic_prevalence(r, corpus, by="school")
    # One document per school: an interval would show variation inside one document.
    assert (by_school["n_documents"] == 1).all()
    assert by_school[["ci_low", "ci_high"]].isna().all().all()
    assert not by_school["ci_reliable"].any()
    with pytest.warns(UserWarning, match="plan"):
        by_type = topic_prevalence(r, corpus, by="doc_type").set_index("doc_type")
    assert by_type.loc["summary", "n_documents"].eq(10).all()
    assert by_type.loc["summary", "ci_reliable"].all()
    assert by_type.loc["summary", "ci_low"].notna().all()
    assert by_type.loc["plan", "n_documents"].eq(3).all()
    assert by_type.loc["plan", "ci_low"].isna().all()
    # Lowered on request: computed, still flagged.
    low = topic_prevalence(r, corpus, by="doc_type", min_documents=3).set_index("doc_type")
    assert low.loc["plan", "ci_low"].notna().all() and not low.loc["plan", "ci_reliable"].any()


# --- 3. Log Ratio points the way the score does -----------------------------------------------

@pytest.mark.parametrize("method", ["logodds", "g2", "chi2"])
@pytest.mark.parametrize("by", ["doc_type", "school"])
def test_effect_size_and_score_agree_in_direction(corpus, tok, method, by):
    k = keyness(corpus, by, method=method, tokenizer=tok)
    both = (k["score"].abs() > 1e-9) & (k["effect_size"].abs() > 1e-9)
    disagree = both & (np.sign(k["score"]) != np.sign(k["effect_size"]))
    # Before: 2,778 of 4,494 rows by doc_type (logodds).
    assert not disagree.any(), k.loc[disagree, ["term", "score", "effect_size"]].head()
    assert "Log Ratio" in k.attrs["effect_size"]


def test_absent_term_has_negative_log_ratio(corpus, tok):
    k = keyness(corpus, "doc_type", "plan", tokenizer=tok).set_index("term")
    row = k.loc["一个月"]  # absent from the plans, present in the summaries
    assert row["count_target"] == 0 and row["count_reference"] > 0
    assert row["score"] < 0 and row["effect_size"] < 0  # was +1.45


# --- 4. choose_k's stability measures something -----------------------------------------------

def test_nmf_random_init_depends_on_the_seed():
    docs = [t.split() for t in ["工会 温暖 慰问 家", "工会 温暖 困难 家", "师德 学习 教师 会",
                                "师德 教师 培训 会", "学习 培训 教师 会", "慰问 困难 温暖 家"]]
    a = TopicModel(k=3, min_df=1, init="random", random_state=0).fit(docs).components_
    b = TopicModel(k=3, min_df=1, init="random", random_state=1).fit(docs).components_
    assert not np.allclose(a, b)


@pytest.mark.parametrize("perturb", ["resample", "init"])
def test_choose_k_stability_is_not_trivially_one(corpus, tok, perturb):
    how = {} if perturb == "resample" else {"perturb": perturb}  # resampling is the default
    t = choose_k(corpus, ks=[4, 6], seeds=(0, 1, 2), tokenizer=tok, **how)
    # Before: NMF from nndsvda ignored the seed, so stability was 1.0 for every k.
    assert t["stability"].between(0, 1).all() and (t["stability"] < 1).any()
    word = "documents" if perturb == "resample" else "random initialisation"
    assert t["stability_method"].str.contains(word).all()
    assert t.attrs["perturb"] == perturb
    assert t.equals(choose_k(corpus, ks=[4, 6], seeds=(0, 1, 2), perturb=perturb,
                             tokenizer=tok))


# --- 5. one meaning for n_chars ---------------------------------------------------------------

def test_character_counts_have_one_meaning(corpus, tok):
    docs = corpus.documents
    assert docs["n_chars"].tolist() == docs["text"].map(len).tolist()
    freq = term_frequencies(corpus, tokenizer=tok)
    # Before: n_chars here was the Han characters (21,167), not the characters (24,145).
    assert "n_chars" not in freq.columns or (freq["n_chars"] == docs["n_chars"].sum()).all()
    assert docs["n_han"].tolist() == docs["text"].map(han_count).tolist()
    total_han = int(docs["n_han"].sum())
    assert "n_chars" not in freq.columns and (freq["n_han"] == total_han).all()
    assert np.allclose(freq["per_1000_chars"], freq["count"] * 1000 / total_han)

    counted = uc.count_terms(corpus.documents["source"].unique().tolist(), progress=False)
    assert counted.n_han == total_han and not hasattr(counted, "n_chars")
    both = freq.merge(counted.table, on="term", suffixes=("", "_streamed"))
    assert len(both) == len(freq)
    assert np.allclose(both["per_1000_chars"], both["per_1000_chars_streamed"])

    # At section level the 每千字 basis is the Han characters of the text counted.
    sec = term_frequencies(corpus, level="section", tokenizer=tok)
    own_han = int(corpus.sections["own_text"].map(han_count).sum())
    assert (sec["n_han"] == own_han).all() and own_han <= total_han

    sizes = compare_groups(corpus, by="doc_type", tokenizer=tok).sizes
    assert "n_chars" not in sizes.columns
    assert sizes["n_han"].sum() == total_han

    reuse = find_reuse(corpus)
    nonspace = docs["text"].map(lambda t: sum(not ch.isspace() for ch in t))
    assert reuse.documents["n_nonspace"].tolist() == nonspace.tolist()
    assert "n_chars" not in reuse.documents.columns and "n_chars" not in reuse.passages.columns


# --- 6. by= with a column the user added ------------------------------------------------------

def test_grouping_by_a_user_column_everywhere(raw_pages, tok):
    c = uc.load(raw_pages[0].parent, progress=False)
    region = {d: ("东部" if i % 2 else "西部") for i, d in enumerate(c.documents["doc_id"])}
    c.documents["region"] = c.documents["doc_id"].map(region)
    cmp = compare_groups(c, by="region", tokenizer=tok)  # raised KeyError: 'region'
    assert cmp.sizes["n_documents"].sum() == len(c.documents)
    assert cmp.sizes["n_sections"].sum() == len(c.sections)
    assert set(cmp.theme_shares["region"]) == {"东部", "西部"}
    for level in ("document", "section"):
        f = term_frequencies(c, by="region", level=level, tokenizer=tok)
        assert set(f["region"]) == {"东部", "西部"}
        k = keyness(c, "region", "东部", level=level, tokenizer=tok)
        assert len(k) and k.attrs["level"] == level
    r = topics(c, k=3, tokenizer=tok)
    assert "region" in r.units.columns
    p = topic_prevalence(r, c, by="region", min_documents=5)
    assert p.groupby("region")["n_documents"].first().to_dict() == {"东部": 6, "西部": 7}
