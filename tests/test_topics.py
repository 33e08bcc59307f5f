"""Topic models: determinism, one-character words, coherence columns, choose_k, prevalence."""

from __future__ import annotations

import pandas as pd
import pytest

from unioncorpus.analysis.topics import TopicModel, choose_k, coherence, topic_prevalence, topics

TEXTS = ["工会 温暖 慰问 家", "工会 温暖 困难 家", "慰问 困难 温暖 家",
         "师德 学习 教师 会", "师德 教师 培训 会", "学习 培训 教师 会"]
DOCS = pd.DataFrame({"doc_id": [f"d{i}" for i in range(6)], "school": list("甲甲乙乙甲乙"),
                     "text": TEXTS})


@pytest.mark.parametrize("method", ["nmf", "lda"])
def test_same_seed_same_output(method):
    a = topics(DOCS, k=2, method=method, level="document", min_df=1, tokenizer=str.split)
    b = topics(DOCS, k=2, method=method, level="document", min_df=1, tokenizer=str.split)
    assert a.terms.to_csv() == b.terms.to_csv()
    assert a.doc_topics.to_csv() == b.doc_topics.to_csv()
    assert a.coherence.to_csv() == b.coherence.to_csv()


def test_one_character_words_survive():
    r = topics(DOCS, k=2, level="document", min_df=1, tokenizer=str.split)
    assert {"会", "家"} <= set(r.model_.terms_)
    assert {"会", "家"} <= set(r.terms["term"])


def test_tables_and_fitted_state():
    r = topics(DOCS, k=2, level="document", min_df=1, top_n=3, tokenizer=str.split)
    assert list(r.coherence.columns) == ["topic", "label", "umass_top3_window=document",
                                         "npmi_top3_window=document"]
    assert r.doc_topics.filter(like="topic_").sum(axis=1).round(6).eq(1).all()
    assert r.doc_topics["doc_id"].tolist() == DOCS["doc_id"].tolist()
    assert hasattr(r.model_, "model_") and hasattr(r.model_, "vectorizer_")
    # The two planted themes separate.
    assert r.doc_topics["topic"].iloc[0] != r.doc_topics["topic"].iloc[3]


def test_coherence_by_hand():
    from scipy import sparse

    # Units: {a,b}, {a}, {b, c}: D(a)=2, D(b)=2, D(a,b)=1, N=3.
    x = sparse.csr_matrix([[1, 1, 0], [1, 0, 0], [0, 1, 1]])
    umass, npmi = coherence([["a", "b"]], x, {"a": 0, "b": 1, "c": 2})
    import math

    assert umass[0] == pytest.approx(math.log((1 + 1) / 2))
    pij, pi = 1 / 3, 2 / 3
    assert npmi[0] == pytest.approx(math.log(pij / (pi * pi)) / -math.log(pij))


def test_choose_k_reports_stability():
    t = choose_k(DOCS, ks=[2, 3], seeds=(0, 1), method="lda", level="document", min_df=1,
                 tokenizer=str.split)
    assert t["k"].tolist() == [2, 3]
    assert t["stability"].between(0, 1).all()


def test_prevalence_bootstrap():
    r = topics(DOCS, k=2, level="document", min_df=1, tokenizer=str.split)
    p = topic_prevalence(r, by="school", n_boot=200, random_state=0, min_documents=3)
    assert len(p) == 4
    assert (p["ci_low"] <= p["prevalence"] + 1e-12).all()
    assert (p["prevalence"] <= p["ci_high"] + 1e-12).all()
    assert p.equals(topic_prevalence(r, by="school", n_boot=200, random_state=0,
                                     min_documents=3))


def test_rejects_flat_token_list():
    with pytest.raises(ValueError, match="list of token lists"):
        TopicModel(k=2).fit(["工会", "温暖"])
