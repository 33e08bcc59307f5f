"""Template reuse: the shared passages of the bundled pages are found, false positives are not."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from unioncorpus.analysis.reuse import drop_copied, find_reuse, jaccard, shingles, split_units

ROOT = Path(__file__).resolve().parent.parent

# The relevant paragraphs as they stand in the cleaned pages (000 converted to simplified).
P000 = ("学校的首要工作是教育教学，培养跨世纪教师队伍建设是主要职责。要提高学校教育教学水平就必须有"
        "一支思想素质好，业务素质强的教师队伍，今年工会配合学校教导处、教研室等开展了一系列活动，"
        "切实提高了教师的思想素质和业务素质。")
P003A = ("学校的首要工作是教育教学，要提高学校教育教学水平就必须有一支思想素质好，业务素质强的教师"
         "队伍，今年工会配合学校行政开展了一系列活动，切实提高了教师的思想素质和业务素质。")
P001 = ("为了让广大教职工感到学校的温暖，进一步激发广大教职工的工作积极性、主动性和创造性，工会积极"
        "配合学校党群部，坚持实施“送温暖”工程，努力促进“送温暖”活动经常化、制度化和社会化，以群众"
        "利益无小事的思想，调动广大教职工工作的积极性、主动性，为构建和谐社会、和谐文明校园作贡献，"
        "千方百计地为教职工办实事、办好事，深入调查，掌握实情。")
P003B = ("为了让广大教职工感到学校的温暖，进一步激发广大教职工的工作积极性、主动性和创造性，我校工会"
         "积极配合学校党政领导，大力开展送温暖活动，千方百计地为教职工办实事、办好事。")
OTHER = "今年我校组织了教职工春季登山比赛和迎新年文艺汇演，退休教师座谈会也如期召开，大家畅所欲言。"

TINY = pd.DataFrame({"doc_id": ["000#0", "001#0", "003#0", "004#0"],
                     "text": [f"一、学习\n{P000}", f"{P001}\n{OTHER}", f"{P003A}\n{P003B}",
                              "双碑小学工会计划：认真落实教代会制度，做好校务公开工作，开展读书活动。"]})


def _shared(result, doc_a: str, doc_b: str, start_text_a: str, text_a: str, text_b: str) -> bool:
    """A passage id occurs both in doc_a inside the paragraph and in doc_b inside its one."""
    p = result.passages
    a = p[p["doc_id"].str.startswith(doc_a)]
    b = p[p["doc_id"].str.startswith(doc_b)]
    ida = set(a.loc[a["text"].map(lambda t: t.replace("\n", "") in text_a.replace("\n", "")
                                  or start_text_a in t), "passage_id"])
    idb = set(b.loc[b["text"].map(lambda t: any(s in text_b for s in t.split("\n"))),
                    "passage_id"])
    return bool(ida & idb)


def test_tiny_corpus_finds_both_paragraphs():
    r = find_reuse(TINY)
    assert _shared(r, "000", "003", "学校的首要工作是教育教学", P000, P003A)
    assert _shared(r, "001", "003", "为了让广大教职工感到学校的温暖", P001, P003B)
    d = r.documents.set_index("doc_id")
    assert d.loc["004#0", "copied_share"] == 0
    assert 0 < d.loc["001#0", "copied_share"] < 1
    # Exact verification: every reported pair clears the threshold.
    assert (r.unit_pairs["jaccard"] >= 0.5).all()


def test_bundled_pages():
    uc = pytest.importorskip("unioncorpus")
    corpus = uc.load(ROOT / "data" / "raw", progress=False)
    docs = corpus.documents.set_index("doc_id")["text"]
    r = find_reuse(corpus)

    def para(prefix: str, start: str) -> str:
        for d, text in docs.items():
            if d.startswith(prefix):
                for line in text.split("\n"):
                    if start in line[:40]:
                        return line
        raise AssertionError(f"{start} not found in {prefix}")

    assert _shared(r, "000", "003", "学校的首要工作是教育教学",
                   para("000", "学校的首要工作是教育教学"),
                   "\n".join(docs[docs.index.str.startswith("003")]))
    assert _shared(r, "001", "003", "为了让广大教职工感到学校的温暖",
                   para("001", "为了让广大教职工感到学校的温暖"),
                   "\n".join(docs[docs.index.str.startswith("003")]))


def test_deterministic_and_seeded():
    a, b = find_reuse(TINY), find_reuse(TINY)
    assert a.passages.equals(b.passages) and a.documents.equals(b.documents)
    assert a.params["seed"] == 1 and a.params["num_perm"] == 128 and a.params["k"] == 5


def test_unrelated_texts_are_not_matched():
    df = pd.DataFrame({"doc_id": ["x", "y"], "text": [OTHER, TINY["text"].iloc[3]]})
    r = find_reuse(df, threshold=0.3)
    assert r.passages.empty and r.documents["copied_share"].eq(0).all()


def test_near_duplicate_documents():
    df = pd.DataFrame({"doc_id": ["x", "y", "z"], "text": [P001, P001 + "特此总结。", OTHER]})
    r = find_reuse(df)
    assert r.near_duplicates[["doc_a", "doc_b"]].values.tolist() == [["x", "y"]]


def test_drop_copied_removes_shared_text():
    out = drop_copied(TINY)
    text = dict(zip(out["doc_id"], out["text"], strict=True))
    assert "为了让广大教职工感到学校的温暖" not in text["001#0"]
    assert OTHER in text["001#0"]
    kept = drop_copied(TINY, keep="first")
    assert "为了让广大教职工感到学校的温暖" in kept.set_index("doc_id").loc["001#0", "text"]


def test_units_and_shingles():
    t = "一、加强学习。我们组织教职工学习文件，开展讨论。"
    assert [t[s:e] for s, e in split_units(t, min_chars=4)] == ["一、加强学习。",
                                                                  "我们组织教职工学习文件，开展讨论。"]
    assert shingles("送温暖，活动", k=4) == {"送温暖活", "温暖活动"}
    assert jaccard({"a", "b"}, {"b", "c"}) == pytest.approx(1 / 3)
