"""Segmentation: the domain dictionary in context, what is dropped, options, isolation from the
global jieba, pickling, threads, and the rjieba fast path."""

from __future__ import annotations

import logging
import pickle
import re
import subprocess
import sys
import threading
import types
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import unioncorpus.segmentation as S
from unioncorpus.errors import InputError, LexiconError
from unioncorpus.segmentation import Segmenter, check_dictionary, load_user_dict, segment

RAW = Path(__file__).resolve().parent.parent / "data" / "raw"
# "學(xué)", "會(huì )": pinyin (with tone marks, sometimes a space) after each character of 000.
PINYIN = re.compile(r"\([A-Za-z\u00C0-\u024F\u0300-\u036F ]+\)")


@pytest.fixture(scope="module")
def pages() -> list[str]:
    """The sample pages as simplified Chinese (000 is traditional with pinyin)."""
    import opencc

    cc = opencc.OpenCC("t2s")
    out = []
    for p in sorted(RAW.glob("*.txt")):
        text = p.read_text(encoding="utf-8")
        if p.name.startswith("000_"):
            text = cc.convert(PINYIN.sub("", text))
        out.append(text)
    assert len(out) == 5 and "學" not in out[0] and "xué" not in out[0]
    return out


@pytest.fixture(scope="module")
def seg() -> Segmenter:
    return Segmenter()


def _fresh_user_dict(tag: str) -> list[str]:
    """A user dictionary no other test uses, so the tokenizer is built anew (not shared)."""
    return [f"暖心驿站 1000 n{tag}"]


# --- the domain dictionary ---------------------------------------------------------------------
REQUIRED = (
    "教代会 教职工代表大会 校务公开 送温暖 师德师风 教工之家 工会法 三八妇女节 困难职工 "
    "离退休教师 青蓝工程 师徒结对 五必访 民主评议 经审 工会小组 教学比武 岗位练兵 金秋助学 "
    "职工之家 女职委 妇检 慰问金 互助保险 劳动竞赛 巾帼文明岗 校本教研 青年教师 教学基本功 "
    "拔河比赛 趣味运动会 文艺汇演 教职工代表 提案 厂务公开 政务公开 师能大练兵 依法治校 以法治会"
).split()


def test_dictionary_size_and_required_terms() -> None:
    entries = load_user_dict()
    words = [w for w, f, _ in entries if f != 0]
    assert len(words) >= 300
    assert len(set(words)) == len(words), "duplicate entries"
    assert set(REQUIRED) <= set(words), set(REQUIRED) - set(words)
    assert all(f is not None and f >= 1 for w, f, _ in entries if w in words)


def test_every_term_is_whole_on_its_own(seg: Segmenter) -> None:
    split = {w: seg.cut_raw(w) for w in seg.dictionary_words if seg.cut_raw(w) != [w]}
    assert not split


@pytest.mark.parametrize("text, word", [
    ("我校工会在上级教育工会的领导下，坚持以法治会。", "以法治会"),
    ("召开了一届二次教职工代表大会，教职工代表提出提案二十多条。", "教职工代表大会"),
    ("召开了一届二次教职工代表大会，教职工代表提出提案二十多条。", "教职工代表"),
    ("召开了一届二次教职工代表大会，教职工代表提出提案二十多条。", "提案"),
    ("以教代会的进一步规范、校务公开工作的深入为重点", "教代会"),
    ("以教代会的进一步规范、校务公开工作的深入为重点", "校务公开"),
    ("坚持实施“送温暖”工程，关心困难职工的生活", "送温暖"),
    ("坚持实施“送温暖”工程，关心困难职工的生活", "困难职工"),
    ("坚持在春节期间对离退休教师、患病教师慰问", "离退休教师"),
    ("坚持五必访制度，对处于特殊情况的教职工及时给予支持", "五必访"),
    ("“三八妇女节”来临之际，召开了女教工座谈会", "三八妇女节"),
    ("组织女教职工进行了妇检，发放慰问金", "妇检"),
    ("组织女教职工进行了妇检，发放慰问金", "慰问金"),
    ("办理住院医疗互助保险等等", "住院医疗互助保险"),
    ("加强工会财务管理，做到经费收缴、经审工作到位", "经审"),
    ("工会能配合好女职委，抓好女教职工工作", "女职委"),
    ("并发动所在工会小组主动给予关心", "工会小组"),
    ("配合学校开展教学比武和课堂等级达标", "教学比武"),
    ("组织多样化的岗位练兵活动及师徒结对", "岗位练兵"),
    ("组织多样化的岗位练兵活动及师徒结对", "师徒结对"),
    ("我们将配合教导处尽快落地青蓝工程，使新教师快速融入", "青蓝工程"),
    ("配合教导处搞好“校本教研”活动", "校本教研"),
    ("全面促进我校师德师风建设和全面提升教职工业务素质", "师德师风"),
    ("扎扎实实开展师能大练兵活动", "师能大练兵"),
    ("这次活动不仅加强了教师基本功，举办教学基本功大赛", "教学基本功"),
    ("9月份开展了教职工拔河比赛和趣味运动会", "拔河比赛"),
    ("9月份开展了教职工拔河比赛和趣味运动会", "趣味运动会"),
    ("中心学校在希望小学进行文艺汇演", "文艺汇演"),
    ("今年，我校成功举办了公用事业单位厂务公开现场会", "厂务公开"),
    ("推行政务公开和校务公开", "政务公开"),
    ("强化依法治校意识，积极推进校园法制化建设", "依法治校"),
    ("认真贯彻新颁布的《工会法》和工会十四大精神", "工会法"),
    ("办好“教工之家”，开展丰富多彩的文体活动", "教工之家"),
    ("英语教研组是我校的巾帼文明岗", "巾帼文明岗"),
    ("组建老年门球队参加了庆教师节老年门球赛", "门球队"),
])
def test_dictionary_word_whole_in_context(seg: Segmenter, text: str, word: str) -> None:
    assert word in seg.cut_raw(text), "/".join(seg.cut_raw(text))


@pytest.mark.parametrize("text, expected", [
    # near-misses: dictionary words must not steal characters from their neighbours
    ("我校工会组织教职工开展活动", "我校/工会/组织/教职工/开展/活动"),
    ("提高教师能力，展示教师风采", "提高/教师/能力/，/展示/教师/风采"),
    ("创建家长学校", "创建/家长学校"),
    ("方案已经审核通过", "方案/已经/审核/通过"),
    ("加强教师德育工作", "加强/教师/德育工作"),
    ("加强工会财务管理", "加强/工会/财务管理"),
    ("有计划地展开帮教工作", "有/计划/地/展开/帮教/工作"),
    ("举办中国象棋比赛", "举办/中国象棋/比赛"),
    ("积极向上级工会反映", "积极/向/上级工会/反映"),
])
def test_near_misses_keep_their_segmentation(seg: Segmenter, text: str, expected: str) -> None:
    assert "/".join(seg.cut_raw(text)) == expected


def test_check_dictionary_passes_on_sample_pages(pages: list[str], seg: Segmenter) -> None:
    report = check_dictionary(pages, seg)
    assert list(report.columns) == S.CHECK_COLUMNS
    assert report.empty, report.to_string()
    seen = check_dictionary(pages, seg, include_ok=True)
    assert len(seen) > 150 and (seen["whole"] == seen["occurrences"]).all()


def test_check_dictionary_reports_a_split_word() -> None:
    # two overlapping entries: one of them must be cut apart in this clause
    s = Segmenter(domain_dict=False, user_dict=["和谐校园 1000", "校园文化 1000"])
    report = check_dictionary(["营造和谐校园文化，建设和谐校园。"], s)
    assert list(report["word"]) == ["校园文化"]
    row = report.iloc[0]
    assert (row.occurrences, row.whole, row.split) == (1, 0, 1)
    assert row.split_as == "和谐校园/文化" and "营造" in row.context
    with pytest.raises(InputError, match="one str"):
        check_dictionary("营造和谐校园文化", s)


# --- what is dropped ---------------------------------------------------------------------------
@pytest.mark.parametrize("text, opts, expected", [
    # redactions and placeholders, as the cleaning pipeline leaves them
    ("党的***和xx大精神", {}, "党/大/精神"),
    ("党的***和xx大精神", {"keep_placeholders": True}, "党/***/xx/大/精神"),
    ("学习******的讲话", {"keep_placeholders": True}, "学习/******/讲话"),
    ("以邓*理论为指导", {}, "邓/理论/指导"),
    ("20xx年XX学年工会工作总结", {}, "学年/工会/工作总结"),
    ("20xx年XX学年工会工作总结", {"keep_placeholders": True}, "20xx/年/XX/学年/工会/工作总结"),
    ("xXX学年，以\"xxxx\"重要思想为指导", {}, "学年/重要/思想/指导"),
    ("学习“xx届xx全会”的精神", {}, "学习/全会/精神"),
    # numbers and dates (with their unit), kept on request
    ("2024年5月召开教代会", {}, "召开/教代会"),
    ("2024年5月召开教代会", {"keep_numbers": True}, "2024/年/5/月/召开/教代会"),
    ("发放慰问金3.5万元", {}, "发放/慰问金"),
    ("发放慰问金3.5万元", {"keep_numbers": True}, "发放/慰问金/3.5/万元"),
    ("共有147名学生报名，提高了100%", {"keep_numbers": True}, "共有/147/名/学生/报名/提高/100%"),
    ("共有147名学生报名，提高了100%", {}, "共有/学生/报名/提高"),
    ("２０２４年度工会工作", {}, "年度/工会工作"),
    ("一年两次，二十人参加", {}, "一年/两次/参加"),
    ("二十人参加", {"keep_numbers": True}, "二十/人/参加"),
    # festival names and ordinals made of numerals are words
    ("“三八”妇女节、“六一”儿童节", {}, "三八/妇女节/六一/儿童节"),
    ("召开第三届教职工运动会", {}, "召开/第三届/教职工运动会"),
    # punctuation
    ("教代会、校务公开！", {}, "教代会/校务公开"),
    ("教代会、校务公开！", {"keep_punct": True}, "教代会/、/校务公开/！"),
    ("教代会、校务公开！", {"keep_punct": True, "keep_placeholders": True}, "教代会/、/校务公开/！"),
    ("  教代会\r\n\t校务公开\u3000", {"keep_punct": True}, "教代会/校务公开"),  # never whitespace
    # stopwords
    ("我们的工会和学校", {}, "工会/学校"),
    ("我们的工会和学校", {"stopwords": False}, "我们/的/工会/和/学校"),
    ("我们的工会和学校", {"stopwords": ["工会"]}, "我们/的/和/学校"),
    ("我们的工会和学校", {"extra_stopwords": ["学校"]}, "工会"),
])
def test_filtering(text: str, opts: dict, expected: str) -> None:
    assert "/".join(Segmenter(**opts)(text)) == expected
    assert "/".join(segment(text, **opts)) == expected


@pytest.mark.parametrize("text, formula, expected", [
    ("积极开展送温暖活动，认真做好慰问工作", False, "积极开展/送温暖/活动/认真/做好/慰问/工作"),
    ("积极开展送温暖活动，认真做好慰问工作", True, "送温暖/活动/慰问/工作"),
    ("进一步加强师德建设，切实维护教职工合法权益", True, "师德建设/维护/教职工/合法权益"),
    ("充分调动教职工的积极性、主动性和创造性", True, "教职工"),
    ("充分调动教职工的积极性、主动性和创造性", False, "充分调动/教职工/积极性/主动性/创造性"),
])
def test_formula_words_only_when_switched_on(text: str, formula: bool, expected: str) -> None:
    assert "/".join(Segmenter(formula_words=formula)(text)) == expected


def test_word_lists_from_files(tmp_path: Path) -> None:
    stop = tmp_path / "stop.txt"
    stop.write_text("# my list\n工会\n\n学校 extra-column-ignored\n", encoding="utf-8")
    assert Segmenter(stopwords=stop)("我们的工会和学校") == ["我们", "的", "和"]
    assert Segmenter(extra_stopwords=str(stop))("我们的工会和学校教师") == ["教师"]
    with pytest.raises(InputError, match="stopwords="):
        Segmenter(stopwords=str(tmp_path / "missing.txt"))
    with pytest.raises(InputError, match="extra_stopwords"):
        Segmenter(extra_stopwords=True)


def test_cut_raw_keeps_everything(pages: list[str], seg: Segmenter) -> None:
    for page in pages:
        tokens = seg.cut_raw(page)
        assert "".join(tokens) == page
    assert seg.cut_raw("党的***和xx大") == ["党", "的", "***", "和", "xx", "大"]


# --- user dictionary, isolation from the global jieba ----------------------------------------
def test_user_dict_list_and_file_without_touching_global_jieba(tmp_path: Path) -> None:
    import jieba
    import jieba.finalseg

    probe = "学校建成暖心驿站和职工书屋，工会组织教职工参观。"
    before = jieba.lcut(probe, HMM=False)
    force_split = set(jieba.finalseg.Force_Split_Words)
    n_global = len(jieba.dt.FREQ)

    assert "暖心驿站" not in Segmenter()(probe)
    with_list = Segmenter(user_dict=["暖心驿站 1000 n", "职工书屋 0"])
    assert "暖心驿站" in with_list(probe) and "职工书屋" not in with_list(probe)
    f = tmp_path / "mine.txt"
    f.write_text("# 我的词\n暖心驿站 1000 n\n", encoding="utf-8")
    assert "暖心驿站" in Segmenter(user_dict=f)(probe)
    assert "暖心驿站" in Segmenter(user_dict=str(f), domain_dict=False)(probe)

    assert jieba.lcut(probe, HMM=False) == before  # global segmentation unaffected
    assert "暖心驿站" not in jieba.dt.FREQ and len(jieba.dt.FREQ) == n_global
    assert set(jieba.finalseg.Force_Split_Words) == force_split  # freq 0 stayed private
    assert "工会组织" in before  # jieba's own word, which our dictionary removes privately
    assert "工会组织" not in Segmenter()(probe)


@pytest.mark.parametrize("lines, message", [
    ("教代会 abc def\n", "line 1"),
    ("# ok\n教代会 100 n\n“三八”妇女节 100 nz\n", "line 3"),
    ("教代会 100 n extra\n", "expected 'word"),
])
def test_bad_user_dict_line_names_file_and_line(tmp_path: Path, lines: str, message: str) -> None:
    f = tmp_path / "bad.txt"
    f.write_text(lines, encoding="utf-8")
    with pytest.raises(LexiconError, match=message) as err:
        Segmenter(user_dict=f)
    assert "bad.txt" in str(err.value)


def test_bad_options() -> None:
    with pytest.raises(InputError, match="backend"):
        Segmenter(backend="fast")
    with pytest.raises(InputError, match="hmm"):
        Segmenter(hmm="yes")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="user_dict item 1"):
        Segmenter(user_dict=[123])  # type: ignore[list-item]
    with pytest.raises(InputError, match="user_dict="):
        Segmenter(user_dict="/no/such/dict.txt")
    with pytest.raises(InputError, match="unknown option"):
        segment("教代会", keep_stopwords=True)
    with pytest.raises(InputError, match="one str"):
        next(Segmenter().cut_many("教代会"))
    with pytest.raises(InputError, match="expected a str"):
        Segmenter()(None)  # type: ignore[arg-type]


# --- pickling, threads, scikit-learn ------------------------------------------------------------
def test_pickle_round_trip_carries_options_only(seg: Segmenter) -> None:
    text = "工会组织教职工开展拔河比赛，慰问离退休教师。"
    seg(text)  # built: the tokenizer must not travel
    custom = Segmenter(formula_words=True, user_dict=["暖心驿站 1000 n"], keep_numbers=True)
    for s in (seg, custom):
        data = pickle.dumps(s)
        assert len(data) < 2000
        back = pickle.loads(data)
        assert back(text + "建成暖心驿站12个") == s(text + "建成暖心驿站12个")
        assert back._options == s._options
    assert "暖心驿站" in pickle.loads(pickle.dumps(custom))("建成暖心驿站")


def test_threads_share_one_build_and_agree(pages: list[str], monkeypatch) -> None:
    builds = []
    original = S._Backends.__init__

    def counting(self, entries):
        builds.append(1)
        original(self, entries)

    monkeypatch.setattr(S._Backends, "__init__", counting)
    s = Segmenter(user_dict=_fresh_user_dict("threads"))  # not built yet
    start = threading.Barrier(8)
    results: list[list[list[str]]] = [None] * 8  # type: ignore[list-item]

    def work(i: int) -> None:
        start.wait()
        results[i] = [s(p) for p in pages]

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(builds) == 1
    assert all(r == results[0] for r in results)
    assert results[0] == [s(p) for p in pages]


def test_usable_as_sklearn_analyzer(seg: Segmenter) -> None:
    from sklearn.base import clone
    from sklearn.feature_extraction.text import CountVectorizer

    docs = ["召开教代会，推进校务公开。", "教代会审议提案，开展送温暖活动。"]
    vec = CountVectorizer(analyzer=seg)
    X = vec.fit_transform(docs)
    vocab = vec.vocabulary_
    assert {"教代会", "校务公开", "送温暖", "提案"} <= set(vocab)
    assert X[:, vocab["教代会"]].sum() == 2
    assert clone(vec).fit(docs).vocabulary_ == vocab
    assert list(seg.cut_many(docs)) == [seg(d) for d in docs]


# --- jieba logger and prefix-dict cache ---------------------------------------------------------
def test_quiet_and_cached(tmp_path: Path, monkeypatch, capfd) -> None:
    monkeypatch.setenv("UNIONCORPUS_CACHE", str(tmp_path))
    s = Segmenter(user_dict=_fresh_user_dict("cache"))
    assert s("教代会") == ["教代会"]
    assert "Building prefix dict" not in capfd.readouterr().err
    assert logging.getLogger("jieba").level >= logging.WARNING
    assert list(tmp_path.glob("jieba-*/jieba.cache"))


def test_unwritable_cache_falls_back_silently(tmp_path: Path, monkeypatch, capfd) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    monkeypatch.setenv("UNIONCORPUS_CACHE", str(blocker))
    assert S._cache_dir("0") is None
    assert Segmenter(user_dict=_fresh_user_dict("nocache"))("教代会") == ["教代会"]
    assert capfd.readouterr().err == ""


# --- backends -----------------------------------------------------------------------------------
@pytest.mark.parametrize("hmm", [False, True])
def test_fast_backend_gives_jieba_tokens_on_sample_pages(pages: list[str], hmm: bool) -> None:
    pytest.importorskip("rjieba", reason="rjieba (the fast path) is not installed")
    fast = Segmenter(hmm=hmm)
    slow = Segmenter(hmm=hmm, backend="jieba")
    assert slow.backend == "jieba"
    if fast.backend != "rjieba":
        # only acceptable when the self-check found a difference (rjieba's HMM does today)
        assert "differs" in fast.backend_reason
        pytest.skip(f"fast path not used: {fast.backend_reason}")
    for page in pages:
        assert fast.cut_raw(page) == slow.cut_raw(page)


def test_fast_path_is_used_with_the_user_dictionary() -> None:
    pytest.importorskip("rjieba", reason="rjieba (the fast path) is not installed")
    s = Segmenter()
    assert s.backend == "rjieba", s.backend_reason


def test_rjieba_default_tokenizer_is_not_built() -> None:
    """rjieba's package import builds a default tokenizer this module never uses; the
    compiled submodule is loaded alone, and a later ``import rjieba`` still works."""
    pytest.importorskip("rjieba", reason="rjieba (the fast path) is not installed")
    code = ("import sys; from unioncorpus.segmentation import Segmenter; "
            "assert Segmenter()('召开教代会') == ['召开', '教代会']; "
            "assert Segmenter().backend == 'rjieba'; "
            "assert 'rjieba' not in sys.modules; "
            "import rjieba; assert rjieba.cut('召开教代会') == ['召开', '教代会']; "
            "assert rjieba.Jieba is sys.modules['rjieba.rjieba'].Jieba")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=Path(S.__file__).parent.parent)
    assert done.returncode == 0, done.stderr


def _fake_rjieba(cut):
    class Jieba:
        def add_word(self, word, freq, tag):
            return freq

        def cut(self, text, hmm=True):
            return cut(text)

    return types.SimpleNamespace(Jieba=Jieba)


@pytest.mark.parametrize("fake, reason", [
    (_fake_rjieba(list), "differs"),  # a backend that cuts character by character
    (None, "not installed"),  # import fails
])
def test_self_check_falls_back_to_jieba(monkeypatch, fake, reason: str) -> None:
    monkeypatch.setitem(sys.modules, "rjieba", fake)
    s = Segmenter(user_dict=_fresh_user_dict(f"fake{fake is None}"))
    assert s.backend == "jieba" and reason in s.backend_reason
    assert s("召开教代会") == ["召开", "教代会"]


def test_cached_verdict_skips_building_jieba(tmp_path: Path, monkeypatch) -> None:
    pytest.importorskip("rjieba", reason="rjieba (the fast path) is not installed")
    monkeypatch.setenv("UNIONCORPUS_CACHE", str(tmp_path))
    words = _fresh_user_dict("verdict")
    first = Segmenter(user_dict=words)
    assert first("召开教代会") == ["召开", "教代会"]
    if first.backend != "rjieba":
        pytest.skip(first.backend_reason)
    assert list(tmp_path.glob("jieba-*/verdict-*.txt"))
    monkeypatch.setattr(S, "_BUILT", {})  # as in a new worker process
    second = Segmenter(user_dict=words)
    assert second("召开教代会") == ["召开", "教代会"]
    assert second.backend == "rjieba" and "cached" in second.backend_reason
    assert S._backends(second._entries)._jieba is None  # jieba was never built


# The plain form of segmentation._SPECIAL: the shipped pattern is rearranged for speed and
# must split every text exactly as this one does.
_SPECIAL_PLAIN = re.compile(
    r"([*＊]+"
    r"|(?<![A-Za-z])(?:1[89]|20)?[xX]{2,}(?![A-Za-z])"
    r"|(?<![A-Za-z0-9０-９.．])(?:[0-9０-９]+(?:[.．][0-9０-９]+)+[%％‰]?|[0-9０-９]+[%％‰]|[０-９]+)"
    r"(?![A-Za-z0-9０-９]))"
)


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="*＊xXaZ0128９０.．%％‰ 年工", max_size=14))
def test_fast_special_pattern_splits_like_the_plain_one(text):
    assert S._SPECIAL.split(text) == _SPECIAL_PLAIN.split(text)


def test_fast_special_pattern_on_the_sample_pages(raw_pages):
    from unioncorpus.pipeline import clean_files

    docs = clean_files(raw_pages, sections=False, progress=False).documents
    assert docs
    for doc in docs:
        assert S._SPECIAL.split(doc.text) == _SPECIAL_PLAIN.split(doc.text)


def test_each_distinct_token_is_one_string_object() -> None:
    """Token lists of a whole corpus are held in memory (Corpus.tokens): a word repeated in
    many documents is one string, not one per occurrence."""
    seg = Segmenter()
    first = seg("工会组织教职工开展拔河比赛，2024年工会慰问教职工。")
    second = seg("教职工代表大会后，工会开展拔河比赛，2025年共慰问300人次。")
    assert first.count("工会") == 2 and first.count("教职工") == 2
    assert {"工会", "开展", "拔河比赛"} <= set(second) and "年" not in first + second
    ids = {}
    for t in first + second:
        assert ids.setdefault(t, id(t)) == id(t), t
