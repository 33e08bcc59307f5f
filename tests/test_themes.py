"""Section themes: lexicon scorer, generic headings, explanations, user lexicons, classifier."""

from __future__ import annotations

import pytest

from unioncorpus.errors import InputError, LexiconError
from unioncorpus.models import THEMES
from unioncorpus.sections import parse_sections
from unioncorpus.themes import (
    ThemeLexicon,
    assign_themes,
    explain_themes,
    load_theme_lexicon,
    train_theme_classifier,
)


def themes_of(text: str, **kw: object) -> list[list[str]]:
    return [s.themes for s in assign_themes(parse_sections(text), text, **kw)]


# Invented sections in the genre's words (not copied from the sample pages).
@pytest.mark.parametrize(
    "text, primary",
    [
        ("一、加强师德师风建设，树立良好教师形象\n工会配合学校开展“爱岗敬业、为人师表”主题教育，"
         "组织教师签订师德承诺书，评选师德标兵。", "师德"),
        ("一、搭建成长平台，促进青年教师成长\n实施青蓝工程，开展师徒结对，组织青年教师参加"
         "教学基本功比赛和优质课评比。", "师德"),
        ("一、组织政治学习和学法活动\n每月组织教职工学习政治理论和《教师法》等法律法规，"
         "提高依法执教的意识。", "师德"),
        ("一、开好教代会，推进校务公开\n三月召开三届四次教职工代表大会，审议通过绩效工资"
         "分配方案，收到提案十二件，件件有回音。", "民主管理"),
        ("一、在改革中依法维权\n在岗位设置和绩效工资改革中，工会代表教职工参与方案制定，"
         "充分征求意见，维护教职工的知情权和参与权。", "民主管理"),
        ("一、真情关爱，温暖人心\n春节前夕走访慰问困难职工和退休老教师，为生病住院的教职工"
         "送去慰问金，坚持红白喜事必访。", "送温暖"),
        ("一、关心女教职工，做好体检工作\n三八妇女节组织女教工进行妇科检查，为全体教职工"
         "办理住院医疗互助保险，每月举办集体生日会。", "送温暖"),
        ("一、丰富业余生活\n举办教职工拔河、跳绳、趣味运动会和迎新年文艺汇演，组织教师春游登山。",
         "文体活动"),
        ("一、建好教工之家\n新建教工活动室，添置乒乓球桌和健身器材，成立羽毛球、书画兴趣小组。",
         "文体活动"),
        ("一、加强工会干部队伍建设\n组织工会委员参加上级工会培训，完善工会小组设置，"
         "做好会员信息登记和会费收缴。", "自身建设"),
        ("一、规范工会经费管理\n严格执行财务制度，经审委员会每学期审查一次账目，做好工会档案的"
         "收集、整理和归档。", "自身建设"),
        ("一、指导思想\n以习近平新时代中国特色社会主义思想为指导，全面贯彻党的教育方针。", "其他"),
        ("一、狠抓教学常规管理，提高教学质量\n加强课堂教学管理，落实安全工作责任，关注学生"
         "全面发展。", "其他"),
    ],
)
def test_primary_theme(text: str, primary: str) -> None:
    assert themes_of(text)[0][0] == primary


def test_nothing_fits_is_other() -> None:
    secs = assign_themes(parse_sections("一、其他事项\n按上级要求完成临时任务。"),
                         "一、其他事项\n按上级要求完成临时任务。")
    assert secs[0].themes == ["其他"]
    assert set(secs[0].scores) == set(THEMES)


def test_title_outweighs_body() -> None:
    # The heading names 文体; the body mentions a care word in passing.
    text = "一、组织拔河比赛\n比赛结束后工会为参赛教师送上慰问品，十二个组参加拔河，气氛热烈。"
    assert themes_of(text) == [["文体活动"]]


def test_multi_label_in_score_order() -> None:
    text = ("一、关心教职工身心健康\n春节慰问困难职工和退休教师，探望生病住院的教职工；"
            "组织教职工开展拔河、跳绳比赛和登山活动，丰富业余生活。")
    sec = assign_themes(parse_sections(text), text)[0]
    assert sec.themes == ["送温暖", "文体活动"]
    assert sec.scores["送温暖"] > sec.scores["文体活动"] > 0


def test_other_is_never_a_secondary_theme() -> None:
    text = "一、开展送温暖活动\n慰问困难职工，探望生病教师，关心学生的学习和安全。"
    assert themes_of(text) == [["送温暖"]]


def test_generic_heading_takes_children_themes() -> None:
    text = ("一、指导思想\n以党的教育方针为指导。\n二、工作重点\n"
            "(一)开好教代会\n落实校务公开，做好提案工作。\n"
            "(二)开展文体活动\n举办教职工拔河比赛和乒乓球比赛。")
    assert themes_of(text) == [["其他"], ["民主管理", "文体活动"], ["民主管理"], ["文体活动"]]


def test_children_inherit_a_share_of_the_parent() -> None:
    text = ("一、加强工会自身建设\n1.可创新性地统筹工作，注重团队配合。\n"
            "2.积极组织教职工参加拔河比赛。")
    assert themes_of(text) == [["自身建设"], ["自身建设"], ["文体活动"]]


def test_returns_new_sections_and_keeps_input() -> None:
    text = "一、开展文体活动\n举办拔河比赛。"
    secs = parse_sections(text)
    out = assign_themes(secs, text)
    assert secs[0].themes == [] and out[0].themes == ["文体活动"]
    assert assign_themes([], text) == []


# --- explanations -------------------------------------------------------------------------------
def test_explain_title_only() -> None:
    df = explain_themes("三、开展有益健康的文体活动")
    assert list(df.columns) == ["theme", "term", "where", "count", "weight", "contribution"]
    assert df.iloc[0][["theme", "term", "where"]].tolist() == ["文体活动", "文体", "title"]


def test_explain_sums_to_scores() -> None:
    text = ("二、工作重点\n(一)关心职工生活\n开展帮困送温暖活动，组织文体活动，增设健身器械。\n"
            "(二)集体生日\n每月为教师举办集体生日会。")
    secs = assign_themes(parse_sections(text), text)
    for s in secs:
        df = explain_themes(s, text, sections=secs)
        got = df.groupby("theme")["contribution"].sum().to_dict()
        for theme, score in s.scores.items():
            assert got.get(theme, 0.0) == pytest.approx(score, abs=1e-3)
    parent = explain_themes(secs[0], text)
    assert set(parent["where"]) == {"children"}  # 工作重点 announces nothing itself
    child = explain_themes(secs[1], text)
    assert {"title", "body"} <= set(child["where"])


def test_explain_rejects_other_types() -> None:
    with pytest.raises(InputError):
        explain_themes(42)  # type: ignore[arg-type]


# --- user lexicons ------------------------------------------------------------------------------
def test_user_lexicon_dict() -> None:
    lex = {"安全": {"安全工作": 3, "消防": 2}, "文体活动": ["拔河"], "@generic": ["工作重点"]}
    text = "一、抓好安全工作\n开展消防演练。\n二、开展拔河比赛\n全体参加。"
    assert themes_of(text, lexicon=lex) == [["安全"], ["文体活动"]]
    sec = assign_themes(parse_sections(text), text, lexicon=lex)[0]
    assert "安全" in sec.scores


def test_user_lexicon_file(tmp_path) -> None:
    p = tmp_path / "my_themes.tsv"
    p.write_text("# my codebook\n消防\t安全\t3\n拔河\t文体活动\n", encoding="utf-8")
    text = "一、消防演练\n全体参加。"
    assert themes_of(text, lexicon=p) == [["安全"]]
    assert themes_of(text, lexicon=str(p)) == [["安全"]]


@pytest.mark.parametrize(
    "content, line",
    [
        ("拔河\t文体活动\t3\n消防\t安全\tthree\n", 2),
        ("拔河\n", 1),
        ("# ok\n\n拔河\t文体活动\t3\textra\tcolumn\n", 3),
    ],
)
def test_bad_lexicon_line_names_file_and_line(tmp_path, content: str, line: int) -> None:
    p = tmp_path / "bad.tsv"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(LexiconError) as e:
        load_theme_lexicon(p)
    assert e.value.line == line and "bad.tsv" in str(e.value)


def test_packaged_lexicon_covers_codebook() -> None:
    lex = load_theme_lexicon()
    covered = {t for w in lex.weights.values() for t in w}
    assert set(THEMES) <= covered
    assert {"工作重点", "主要工作"} <= lex.generic
    # codebook decisions a reader might code otherwise
    assert "师德" in lex.weights["师徒结对"] and "师德" in lex.weights["继续教育"]
    assert "文体活动" in lex.weights["教工之家"]
    assert "民主管理" in lex.weights["维权"]
    assert "自身建设" in lex.weights["经审"] and "自身建设" in lex.weights["档案"]
    assert "送温暖" in lex.weights["退休"] and "送温暖" in lex.weights["生日"]
    assert "其他" in lex.weights["指导思想"]


def test_bad_lexicon_argument() -> None:
    with pytest.raises(InputError):
        load_theme_lexicon(42)  # type: ignore[arg-type]
    with pytest.raises(InputError):
        load_theme_lexicon({"文体活动": "拔河"})
    with pytest.raises(InputError, match="not found"):
        load_theme_lexicon("no_such_lexicon.tsv")


# --- the classifier -----------------------------------------------------------------------------
TRAIN = [
    ("召开教代会，审议绩效工资方案", "民主管理"),
    ("推进校务公开，公示评优结果", "民主管理"),
    ("收集提案，做好民主评议", "民主管理"),
    ("教代会代表培训，提高参政议政能力", "民主管理"),
    ("慰问困难职工和退休教师", "送温暖"),
    ("探望生病住院的教职工", "送温暖"),
    ("为教职工举办集体生日", "送温暖"),
    ("组织女教工妇科检查和体检", "送温暖"),
    ("举办拔河比赛和跳绳比赛", ["文体活动"]),
    ("组织乒乓球比赛和文艺汇演", ["文体活动"]),
    ("建设教工之家，添置健身器材", ["文体活动"]),
    ("组织教师春游登山", ["文体活动", "送温暖"]),
]


def test_train_classifier_and_use_it() -> None:
    texts, labels = zip(*TRAIN, strict=True)
    model, report = train_theme_classifier(list(texts), list(labels), cv=3)
    assert model.themes_ == ["民主管理", "送温暖", "文体活动"]
    assert {"n", "cv", "primary_accuracy", "subset_accuracy", "f1_micro", "per_theme"} <= set(report)
    assert report["n"] == 12 and 0.0 <= report["primary_accuracy"] <= 1.0
    text = "一、召开教代会\n审议方案，推进校务公开。\n二、开展拔河比赛\n组织乒乓球比赛。"
    secs = assign_themes(parse_sections(text), text, model=model)
    assert [s.themes[0] for s in secs] == ["民主管理", "文体活动"]
    assert set(secs[0].scores) == set(model.themes_)


def test_classifier_is_reproducible() -> None:
    texts, labels = zip(*TRAIN, strict=True)
    _, r1 = train_theme_classifier(list(texts), list(labels), cv=3, random_state=1)
    _, r2 = train_theme_classifier(list(texts), list(labels), cv=3, random_state=1)
    assert r1 == r2


@pytest.mark.parametrize(
    "texts, labels, cv",
    [
        ("召开教代会", ["民主管理"], 2),  # a bare str
        (["a", "b", "c"], ["民主管理", "送温暖"], 2),  # length mismatch
        (["a", "b", "c"], ["民主管理", "送温暖", "送温暖"], 1),  # cv too small
        (["a", "b", "c"], ["民主管理", "民主管理", "民主管理"], 2),  # one theme only
        (["a", "b", "c"], ["民主管理", [], "送温暖"], 2),  # empty label
    ],
)
def test_classifier_input_errors(texts, labels, cv) -> None:
    with pytest.raises(InputError):
        train_theme_classifier(texts, labels, cv=cv)


def test_model_without_predict_proba() -> None:
    with pytest.raises(InputError):
        assign_themes(parse_sections("一、拔河\n比赛。"), "一、拔河\n比赛。", model=object())


# --- the fast paths agree with the reference definitions -----------------------------------------
def test_term_matcher_finds_what_the_longest_first_alternation_finds() -> None:
    """The Aho-Corasick scan equals the regex alternation of the terms, longest first: the
    definition of a term occurrence. Also on slices and across lone surrogates."""
    import random
    import re

    rng = random.Random(7)
    # Terms sharing prefixes and suffixes, regex metacharacters, one-character terms.
    alphabet = "工会教师学习活动代表大民主管理送温暖文体育比武财务职生日健康慰问退休()[]-\\^.*?|x"
    for _ in range(60):
        terms = {"".join(rng.choice(alphabet) for _ in range(rng.randint(1, 4)))
                 for _ in range(rng.randint(1, 150))}
        lex = ThemeLexicon({t: {"师德": 1.0} for t in terms})
        ordered = sorted(terms, key=lambda t: (-len(t), t))
        plain = re.compile("|".join(map(re.escape, ordered)))
        assert lex.pattern.pattern == plain.pattern
        for _ in range(30):
            text = "".join(rng.choice(alphabet + "\ud800") for _ in range(rng.randint(0, 60)))
            assert lex.findall(text) == plain.findall(text), (ordered, text)
            i, j = sorted(rng.randint(0, len(text)) for _ in range(2))
            assert lex.findall(text, i, j) == plain.findall(text, i, j), (ordered, text, i, j)


def test_lexicon_pickles_and_rejects_terms_it_cannot_match() -> None:
    import pickle

    lex = load_theme_lexicon({"文体活动": {"拔河": 3}, "@generic": ["工作重点"]})
    back = pickle.loads(pickle.dumps(lex))  # process pools send lexicons to workers
    assert back == lex and back.findall("拔河比赛的工作重点") == ["拔河", "工作重点"]
    with pytest.raises(InputError, match="term"):
        load_theme_lexicon({"文体活动": ["拔\ud800河"]})
    assert ThemeLexicon({}).findall("拔河") == []


def _real_documents(cleaned) -> list[str]:
    import json

    lines = (cleaned / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["text"] for line in lines if line.strip()]


def test_scores_are_exactly_the_sums_of_the_explained_rows(cleaned) -> None:
    """assign_themes sums without building rows; it must give the same floats, bit for bit."""
    from dataclasses import replace

    from unioncorpus.themes import _evidence, _scores, _total

    lex = load_theme_lexicon()
    cases = []
    for text in _real_documents(cleaned):
        secs = parse_sections(text)
        cases.append((secs, text))
        if len(secs) > 3:  # hand-edited sections: gaps after children, odd offsets and ids
            edited = [replace(s, end=s.end - 1) if i % 3 == 1 else s for i, s in enumerate(secs)]
            edited[0] = replace(edited[0], title="不在正文里的标题")
            edited[-1] = replace(edited[-1], start=-5)
            cases.append((edited, text))
            cases.append(([*secs, secs[-1]], text))  # a repeated id
    assert len(cases) > 10
    for secs, text in cases:
        rows = _evidence(secs, text, lex)
        assert _scores(secs, text, lex) == [_total(r) for r in rows]


def test_decide_matches_the_sorted_definition() -> None:
    """_decide's max/stable-sort shortcut gives the ranking by (-score, codebook position)."""
    import random

    from unioncorpus.themes import MIN_EVIDENCE, OTHER, RELATIVE_THRESHOLD, _decide

    def reference(scores: dict[str, float], order: tuple[str, ...]) -> list[str]:
        ranked = sorted(order, key=lambda t: (-scores.get(t, 0.0), order.index(t)))
        top = scores.get(ranked[0], 0.0) if ranked else 0.0
        if top < MIN_EVIDENCE or ranked[0] == OTHER:
            return [OTHER]
        return [t for t in ranked if t != OTHER and scores.get(t, 0.0) >= RELATIVE_THRESHOLD * top]

    scores = dict.fromkeys(THEMES, 0.0) | {"文体活动": 2.0, "民主管理": 2.0, "师德": 1.0}
    assert _decide(scores, THEMES) == ["民主管理", "文体活动", "师德"]  # ties: codebook order
    rng = random.Random(3)
    values = [0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, float("nan")]
    for _ in range(3000):
        order = THEMES if rng.random() < 0.8 else (*THEMES, rng.choice(THEMES))  # a repeat
        scores = {t: rng.choice(values) for t in order}
        assert _decide(scores, order) == reference(scores, order), (scores, order)


def test_load_takes_your_own_lexicon_or_a_fitted_classifier(raw_pages):
    import unioncorpus as uc

    own = uc.load(raw_pages[4], themes={"文体活动": {"教工之家": 5}, "送温暖": ["慰问"]},
                  progress=False)
    themes = {t for ts in own.sections["themes"] for t in ts}
    assert themes <= {"文体活动", "送温暖", "其他"} and "文体活动" in themes
    base = uc.load(raw_pages[3:], progress=False).sections
    model, report = uc.train_theme_classifier(list(base["text"]), list(base["themes"]), cv=3)
    fitted = uc.load(raw_pages[4], themes=model, progress=False).sections
    assert len(fitted) == len(uc.load(raw_pages[4], progress=False).sections)
    assert fitted["theme"].notna().all()
    # the classifier decided: its scores are probabilities, not lexicon evidence totals
    assert fitted[[f"score_{t}" for t in report["per_theme"]]].le(1.0).all().all()


def test_set_themes_in_place_equals_assign_themes(raw_pages):
    from unioncorpus.pipeline import clean_files
    from unioncorpus.themes import set_themes

    for doc in clean_files(raw_pages, sections=False, progress=False).documents:
        copies = assign_themes(parse_sections(doc.text), doc.text)
        secs = parse_sections(doc.text)
        assert set_themes(secs, doc.text) is secs
        assert secs == copies and all(s.themes for s in secs)


# --- families of dev-corpus misses (invented headings in the genre's words) --------------------
@pytest.mark.parametrize(
    "text, primary",
    [
        # a small school's staff assembly is its 教代会
        ("一、开好教职工大会\n学期初召开全体教职工会议，讨论学校发展规划。", "民主管理"),
        # discipline, integrity and political guidance are ethics and study
        ("一、深入开展纪律教育\n组织教师观看专题片，撰写心得体会。", "师德"),
        ("一、加强廉洁自律教育\n组织教职工学习有关规定，签订承诺书。", "师德"),
        ("一、强化政治引领\n组织教职工学习上级会议精神。", "师德"),
        ("一、提升教职工综合素质\n鼓励教职工参加各级比赛和进修。", "师德"),
        # the union's own publicity work
        ("一、做好工会宣传工作\n及时更新宣传栏，向上级投送稿件。", "自身建设"),
    ],
)
def test_primary_theme_families(text: str, primary: str) -> None:
    assert themes_of(text)[0][0] == primary


def test_genre_word_union_work_is_generic() -> None:
    # 工会工作 names the whole genre, not the union's own organisation (自身建设).
    text = ("一、本年度工会工作目标\n围绕学校中心，全面完成今年的工会工作。\n"
            "二、本年度工会重点任务\n(一)关心困难职工\n春节走访慰问困难职工和退休教师。\n"
            "(二)组织文体活动\n举办教职工拔河比赛和跳绳比赛。")
    got = themes_of(text)
    assert got[0] == ["其他"]
    assert got[1][0] in {"送温暖", "文体活动"} and set(got[1]) == {"送温暖", "文体活动"}


EVENT_PLAN = ("为丰富教职工业余生活，增强体质，工会决定举办教职工趣味运动会，设拔河、跳绳、"
              "踢毽子等比赛项目，欢迎全体教职工踊跃参加。\n"
              "一、活动时间\n十月下旬的一个下午。\n二、活动地点\n学校操场。\n"
              "三、比赛项目\n拔河、跳绳、踢毽子、乒乓球接力。")


def test_bare_headings_of_a_single_topic_plan_take_its_theme() -> None:
    assert themes_of(EVENT_PLAN) == [["文体活动"]] * 3
    sec = assign_themes(parse_sections(EVENT_PLAN), EVENT_PLAN)[0]
    df = explain_themes(sec, EVENT_PLAN)
    assert df["where"].tolist() == ["document"] and df["theme"].tolist() == ["文体活动"]


def test_bare_headings_of_a_mixed_summary_stay_other() -> None:
    text = ("一、加强师德建设\n组织政治学习，评选师德标兵。\n二、开好教代会\n落实校务公开，收集提案。\n"
            "三、关心教职工\n慰问困难职工，组织体检。\n四、开展文体活动\n举办拔河比赛。\n"
            "五、时间安排\n按学期进行。")
    assert themes_of(text)[-1] == ["其他"]


def test_document_rule_can_be_switched_off(monkeypatch) -> None:
    import unioncorpus.themes as themes

    monkeypatch.setattr(themes, "DOC_SHARE", float("inf"))
    assert themes_of(EVENT_PLAN)[0] == ["其他"]
