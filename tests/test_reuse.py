"""Template reuse: the shared passages of the bundled pages are found, false positives are not."""

from __future__ import annotations

import random
from pathlib import Path

import pandas as pd
import pytest

from unioncorpus.analysis.reuse import drop_copied, find_reuse, jaccard, shingles, split_units
from unioncorpus.errors import InputError

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
    r = find_reuse(TINY, unit_pairs=True)  # pairs are listed on request only (issue 16)
    assert _shared(r, "000", "003", "学校的首要工作是教育教学", P000, P003A)
    assert _shared(r, "001", "003", "为了让广大教职工感到学校的温暖", P001, P003B)
    d = r.documents.set_index("doc_id")
    assert d.loc["004#0", "copied_share"] == 0
    assert 0 < d.loc["001#0", "copied_share"] < 1
    # Exact verification: every reported pair clears the threshold.
    assert len(r.unit_pairs) and (r.unit_pairs["jaccard"] >= 0.5).all()


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


# --- at corpus scale (issue 16): clusters, not pairs ---------------------------------------

def _copies(n: int, variant: bool = False) -> pd.DataFrame:
    """n documents holding one copied paragraph; with ``variant``, each copy differs from
    every other by a number in its middle (distinct strings, Jaccard ≈ 0.8 between two)."""
    rng = random.Random(0)
    texts = []
    for i in range(n):
        mid = f"第{i}所" if variant else ""
        own = "".join(chr(rng.randrange(0x4E00, 0x9FA5)) for _ in range(30))  # its own line
        texts.append(f"为了让广大教职工感到学校的温暖进一步激发广大教职工{mid}的工作积极性主动性和创造性。\n"
                     f"{own}。")
    return pd.DataFrame({"doc_id": [f"d{i:04d}" for i in range(n)], "text": texts})


def test_identical_copies_are_one_cluster_and_cost_no_comparison():
    n = 300
    r = find_reuse(_copies(n))
    first = r.units[r.units["unit"] == 0]
    assert first["cluster"].nunique() == 1 and (first["cluster"] >= 0).all()
    assert (r.units.loc[r.units["unit"] == 1, "cluster"] == -1).all()
    assert r.passages["passage_id"].nunique() == 1 and r.passages["n_docs"].eq(n).all()
    assert r.stats["distinct_units"] == n + 1 and r.stats["unit_comparisons"] == 0
    assert r.unit_pairs.empty and "not computed" in r.unit_pairs.attrs["note"]
    # what the pairs would have been: every two of the n copies
    assert len(find_reuse(_copies(n), unit_pairs=True).unit_pairs) == n * (n - 1) // 2


def test_comparisons_grow_linearly_with_distinct_variants():
    # n distinct variants of one sentence: the pairwise version compared n²/2 pairs
    counts = {}
    for n in (150, 300, 600, 1200):
        r = find_reuse(_copies(n, variant=True))
        first = r.units[r.units["unit"] == 0]
        assert first["cluster"].nunique() == 1 and (first["cluster"] >= 0).all()
        assert r.stats["unit_large_buckets"] > 0  # verified against representatives
        counts[n] = r.stats["unit_comparisons"]
    per_doc = [counts[n] / n for n in counts]  # flat: 61, 43, 50, 50 (pairwise: n/2)
    assert max(per_doc) < 80 and max(per_doc) / min(per_doc) < 1.6
    assert counts[1200] < 1200 * 1199 / 2 / 10


def test_unit_pairs_capped_and_said_so():
    r = find_reuse(_copies(50), unit_pairs=7)
    assert len(r.unit_pairs) == 7 and "first 7" in r.unit_pairs.attrs["note"]
    full = find_reuse(_copies(50), unit_pairs=True).unit_pairs
    assert r.unit_pairs.equals(full.head(7))
    with pytest.raises(InputError, match="unit_pairs"):
        find_reuse(TINY, unit_pairs="all")


def test_doc_pairs_are_the_matrix_above_the_threshold():
    r = find_reuse(TINY, pair_threshold=0.1)
    m = r.matrix.stack().rename("share").reset_index()
    m.columns = ["doc_a", "doc_b", "share"]
    m = m[(m["share"] >= 0.1) & (m["doc_a"] != m["doc_b"])].reset_index(drop=True)
    pd.testing.assert_frame_equal(r.doc_pairs, m, check_dtype=False)
    big = find_reuse(TINY, pair_threshold=0.1, matrix_max_docs=2)
    assert big.matrix is None and big.doc_pairs.equals(r.doc_pairs)


def test_memory_guard_says_what_to_change():
    with pytest.raises(InputError, match=r"over max_memory=1 KB; raise max_memory") as e:
        find_reuse(TINY, max_memory=1000)
    assert "units" in str(e.value) and "KB" in str(e.value)
    small = {"max_memory": "1MB", "matrix_max_docs": 100, "pair_threshold": 0.9}
    with pytest.raises(InputError, match=r"unit_pairs \(44,850 pairs\).*unit_pairs=N"):
        find_reuse(_copies(300), unit_pairs=True, **small)
    find_reuse(_copies(300), **small)  # the clusters fit where the pairs do not
    with pytest.raises(InputError, match=r"300 × 300 matrix.*lower matrix_max_docs"):
        find_reuse(_copies(300), max_memory="1MB")
    with pytest.raises(InputError, match="max_memory"):
        find_reuse(TINY, max_memory="lots")


def test_rerun_is_byte_identical_and_seed_exposed():
    a, b = find_reuse(_copies(120, variant=True)), find_reuse(_copies(120, variant=True))
    for name in ("documents", "passages", "near_duplicates", "units", "doc_pairs", "matrix"):
        assert getattr(a, name).to_csv() == getattr(b, name).to_csv(), name
    c = find_reuse(_copies(120, variant=True), seed=2)
    assert c.params["seed"] == 2 and a.params["seed"] == 1


def test_progress_bar_over_the_stages(capsys):
    find_reuse(TINY, progress=True)
    err = capsys.readouterr().err
    assert "reuse: units" in err and "reuse: verify units" in err


def _comparable(r):
    stats = {k: v for k, v in r.stats.items() if k != "seconds"}
    return ([getattr(r, n).to_csv() for n in ("documents", "passages", "near_duplicates",
                                                "units", "unit_pairs", "doc_pairs", "matrix")],
            stats)


def test_dask_local_cluster_by_address_identical_to_local():
    distributed = pytest.importorskip("distributed")
    uc = pytest.importorskip("unioncorpus")
    corpus = uc.load(ROOT / "data" / "raw", progress=False)
    variants = _copies(120, variant=True)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        for data in (corpus, variants):
            local = find_reuse(data, unit_pairs=True)
            dask = find_reuse(data, unit_pairs=True, engine="dask",
                              scheduler=cluster.scheduler_address)
            assert _comparable(dask) == _comparable(local)
