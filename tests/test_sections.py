"""Heading tree: marker styles, run-in titles, inline enumerations, false positives, depth."""

from __future__ import annotations

import pytest

from unioncorpus.errors import InputError
from unioncorpus.sections import parse_sections, section_body, split_title

BODY = "工会组织全体教职工认真学习，取得了较好的效果。"


def outline(text: str) -> list[tuple[str, int, str]]:
    return [(s.marker, s.depth, s.title) for s in parse_sections(text)]


# --- every marker style, as written in real pages --------------------------------------------
@pytest.mark.parametrize(
    "line, marker, title",
    [
        ("一、指导思想", "一、", "指导思想"),
        ("一. 指导思想", "一.", "指导思想"),
        ("一．以师德建设为主线，打造德才兼备的教师队伍。", "一．", "以师德建设为主线，打造德才兼备的教师队伍"),
        ("（一）配合党政，加强队伍建设", "（一）", "配合党政，加强队伍建设"),
        ("(一) 加强学习", "(一)", "加强学习"),
        ("一）加强学习", "一）", "加强学习"),
        ("1、关爱教职工生活", "1、", "关爱教职工生活"),
        ("1. 师德建设：围绕师德和职业道德的提升，组织教师学习。", "1.", "师德建设"),
        ("1．民主管理", "1．", "民主管理"),
        ("(1)不断加强理论学习，提高教工师德水平。", "(1)", "不断加强理论学习，提高教工师德水平"),
        ("（1）坚持关心青年教师", "（1）", "坚持关心青年教师"),
        ("1）坚持关心青年教师", "1）", "坚持关心青年教师"),
        ("⑴加强领导，精心组织。成立以校长为组长的领导小组。", "⑴", "加强领导，精心组织"),
        ("①开展教职工乒乓球比赛", "①", "开展教职工乒乓球比赛"),
        ("第一部分 工作回顾", "第一部分", "工作回顾"),
        ("第一章 总则", "第一章", "总则"),
        ("第一节：师德建设", "第一节", "师德建设"),
        ("   一、指导思想", "一、", "指导思想"),
        ("\u3000\u3000（一）加强学习", "（一）", "加强学习"),
    ],
)
def test_marker_styles(line: str, marker: str, title: str) -> None:
    secs = parse_sections(f"{line}\n{BODY}")
    assert [(s.marker, s.title, s.depth) for s in secs] == [(marker, title, 1)]
    assert f"{line}\n{BODY}"[secs[0].start:].startswith(marker)


@pytest.mark.parametrize(
    "numbers, expected",
    [
        ("一二三四五六七八九十", list(range(1, 11))),
        (["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"], list(range(1, 13))),
    ],
)
def test_chinese_numerals_run_past_ten(numbers: list[str], expected: list[int]) -> None:
    text = "\n".join(f"{n}、第{n}项工作\n{BODY}" for n in numbers)
    secs = parse_sections(text)
    assert len(secs) == len(expected)
    assert [s.marker for s in secs][-1] == f"{numbers[-1]}、"


# --- run-in headings: title is the first clause or sentence, the rest is body ----------------
@pytest.mark.parametrize(
    "content, title",
    [
        ("学校工会坚持每年召开一次教代会。通过教代会的筹备、召开，培养了主人翁意识。",
         "学校工会坚持每年召开一次教代会"),
        ("师德建设:围绕师德和职业道德的提升，组织教师深入学习政治理论。", "师德建设"),
        ("探望病患：凡是知道教职工患病住院的，工会领导都能前往医院看望。", "探望病患"),
        ("加强学习，努力提高教职工的政治和业务水平我校工会积极配合校行政、党支部组织教职工学习，"
         "将党的政策与教育教学实践结合起来。", "加强学习，努力提高教职工的政治和业务水平"),
        ("加大师德建设力度，提高全体教职工思想素质 首先，积极配合学校总支，学习重要精神，"
         "深入贯彻落实科学发展观。", "加大师德建设力度，提高全体教职工思想素质"),
        ("以人为本，积极开展各项活动丰富教职工生活为了进一步活跃校园的文化氛围，丰富教职工的"
         "课余生活，工会开展了形式多样的文娱和体育活动，主要开展了以下活动：",
         "以人为本，积极开展各项活动丰富教职工生活"),
        ("积极关心教职工的生活，开展送温暖活动，组织慰问困难和生病教工，为教职工多做好事和实事。"
         "不管是教师生病住院，还是结婚，工会总是上门慰问。", "积极关心教职工的生活，开展送温暖活动"),
        ("组织学习《教师法：释义》等法律法规。要求每位教师撰写心得。", "组织学习《教师法：释义》等法律法规"),
        ("坚持校务公开，加强行风建设，发挥工会的监督功能。", "坚持校务公开，加强行风建设，发挥工会的监督功能"),
        ("指导思想", "指导思想"),
        ("工作重点：", "工作重点"),
    ],
)
def test_run_in_titles(content: str, title: str) -> None:
    assert split_title(content) == title


def test_run_in_title_stays_short() -> None:
    long_sentence = "开展教育理论学习，更新教育观念，举行教研活动，持续提升教育教学质量，促进学校发展"
    title = split_title(long_sentence)
    assert title == "开展教育理论学习，更新教育观念，举行教研活动"  # whole clauses within the budget
    assert long_sentence.startswith(title)


# --- enumerations inside a paragraph are not headings ----------------------------------------
@pytest.mark.parametrize(
    "text, n",
    [
        ("(二) 参与学校民主管理\n我们计划成立教代会，专注于以下几方面:1. 向学校管理层建言献策,"
         "2. 参与校务监督,3. 组织教学教研活动。", 1),
        ("一、主要工作\n今年工会做了三件事：一、召开教代会；二、开展送温暖；三、组织拔河比赛。", 1),
        ("一、主要工作\n重点抓好(1)师德建设(2)民主管理(3)文体活动三项工作。", 1),
        ("一、主要工作\n活动分为①报名②预赛③决赛三个阶段。", 1),
    ],
)
def test_inline_enumerations_are_body(text: str, n: int) -> None:
    assert len(parse_sections(text)) == n


# --- numbers that are not markers -------------------------------------------------------------
@pytest.mark.parametrize(
    "line",
    [
        "2024年，我校工会在上级工会的领导下开展工作。",
        "1.5万元用于教职工体检。",
        "12月26日，举办了庆元旦教职工乒乓球比赛。",
        "3.14是圆周率，数学组开展了趣味活动。",
        "2008.5.12汶川地震后，全校教职工踊跃捐款。",
        "5.12汶川地震后，全校教职工踊跃捐款。",
        "1、2、3年级的教师参加了培训。",
        "一、二年级的老师参加了拔河比赛。",
        "第一节课后，全体教师参加了广播操比赛。",
        "10.8%的教职工参加了健康体检。",
        "1",
        "一、",
    ],
)
def test_false_positive_numbers(line: str) -> None:
    text = f"一、开展文体活动\n{line}\n{BODY}"
    assert outline(text) == [("一、", 1, "开展文体活动")]


@pytest.mark.parametrize(
    "text, markers",
    [
        # a list restarting at 1 under the same parent is a list in the body, not new headings
        ("一、送温暖\n1. 探望病患\n2. 慰问丧户\n1. 春节慰问\n二、文体活动", ["一、", "1.", "2.", "二、"]),
        # a big jump is a number in the text
        ("一、送温暖\n1. 探望病患\n2. 慰问丧户\n9. 春节慰问\n二、文体活动", ["一、", "1.", "2.", "二、"]),
        # a small gap is tolerated (items lost to a run-on line)
        ("一、送温暖\n1. 探望病患\n5. 春节慰问\n二、文体活动", ["一、", "1.", "5.", "二、"]),
        # a first item must be 1 (or 2 when 1 was lost)
        ("一、送温暖\n7. 探望病患\n二、文体活动", ["一、", "二、"]),
        # numbering restarts under a new parent
        ("一、送温暖\n1. 探望\n2. 慰问\n二、文体\n1. 拔河\n2. 跳绳", ["一、", "1.", "2.", "二、", "1.", "2."]),
        # a top-level number going backwards is body text
        ("一、送温暖\n二、文体活动\n一、这是正文中的列举", ["一、", "二、"]),
    ],
)
def test_sequence_awareness(text: str, markers: list[str]) -> None:
    assert [s.marker for s in parse_sections(text)] == markers


# --- depth from the order in which style families appear ------------------------------------
@pytest.mark.parametrize(
    "text, depths",
    [
        ("一、加强学习\n(1)政治学习\n(2)业务学习\n二、民主管理", [1, 2, 2, 1]),
        ("一、指导思想\n二、工作重点\n(一)师德\n1.学习\n2.练兵\n(二)民主\n1.教代会\n三、自身建设\n1.干部培训",
         [1, 1, 2, 3, 3, 2, 3, 1, 2]),  # 1. directly under 三、 returns to depth 2
        ("1、围绕中心工作\n⑴学习\n⑵练兵\n2、关爱教职工", [1, 2, 2, 1]),
        ("一．师德建设\n二、民主管理\n三.送温暖", [1, 1, 1]),  # punctuation variants: one family
        ("一、师德\n(1)学习\n⑵练兵\n（3）比武", [1, 2, 2, 2]),  # (1) （1） ⑴: one family
        ("一、师德\n①学习\n②练兵\n二、民主", [1, 2, 2, 1]),
        ("1. 师德\n一、学习\n二、练兵\n2. 民主", [1, 2, 2, 1]),  # no fixed table: 1. above 一、
        ("第一部分 工作回顾\n一、师德\n1.学习\n第二部分 工作打算\n一、民主", [1, 2, 3, 1, 2]),
        ("(一)师德\n1.学习\n(1)政治学习\n2.练兵\n(二)民主", [1, 2, 3, 2, 1]),
    ],
)
def test_depth_resolution(text: str, depths: list[int]) -> None:
    assert [s.depth for s in parse_sections(text)] == depths


def test_unnumbered_heading_before_numbered_list() -> None:
    text = ("一、加强学习\n1.政治学习。学习理论。\n2.业务学习。\n二、送温暖\n1.探望病患。\n"
            "一年来，工会做了大量工作。\n学校工会2025年工作思路\n1.深入学习党的精神。\n2.开展送温暖活动。")
    secs = parse_sections(text)
    assert [(s.marker, s.depth) for s in secs] == [
        ("一、", 1), ("1.", 2), ("2.", 2), ("二、", 1), ("1.", 2), ("", 1), ("1.", 2), ("2.", 2)]
    assert secs[5].title == "学校工会2025年工作思路"
    assert secs[6].parent == secs[5].id


def test_plan_with_unnumbered_headings_only() -> None:
    text = "工作目标\n1.建设教工之家。\n2.开好教代会。\n主要措施\n1.每月开展活动。"
    assert outline(text) == [("", 1, "工作目标"), ("1.", 2, "建设教工之家"), ("2.", 2, "开好教代会"),
                             ("", 1, "主要措施"), ("1.", 2, "每月开展活动")]


def test_monthly_schedule() -> None:
    text = ("一、工作目标\n建设教工之家。\n二、工作安排\n九月份：\n1. 召开教代会\n2. 教师节慰问\n"
            "十月份：\n1. 教职工拔河比赛")
    assert outline(text)[1:] == [("二、", 1, "工作安排"), ("", 2, "九月份"), ("1.", 3, "召开教代会"),
                             ("2.", 3, "教师节慰问"), ("", 2, "十月份"), ("1.", 3, "教职工拔河比赛")]


@pytest.mark.parametrize(
    "line",
    [
        "现将本年度工作总结如下：",  # a lead-in sentence, not a title
        "主要工作如下：",  # announces the list; the items stay at the level they would have
        "我校工会在上级工会的领导下开展了大量工作",  # no part-of-report word
        "主要工作",  # would be a heading, but no numbered list starting at 1 follows
    ],
)
def test_unnumbered_near_misses(line: str) -> None:
    tail = "\n正文一段。" if line == "主要工作" else "\n1.开好教代会。\n2.开展活动。"
    assert all(s.marker for s in parse_sections(line + tail))


# --- ids, parents, spans and paths -------------------------------------------------------------
def test_ids_parents_spans_paths() -> None:
    text = "引言。\n一、指导思想\n正文。\n二、工作重点\n(一)加强学习\n1.政治学习。\n2.业务学习。\n(二)民主管理\n三、其他"
    secs = parse_sections(text)
    assert [s.id for s in secs] == ["s1", "s2", "s2.1", "s2.1.1", "s2.1.2", "s2.2", "s3"]
    assert [s.parent for s in secs] == [None, None, "s2", "s2.1", "s2.1", "s2", None]
    by_id = {s.id: s for s in secs}
    assert text[by_id["s1"].start:by_id["s1"].end] == "一、指导思想\n正文。\n"
    assert by_id["s2"].end == by_id["s3"].start  # a parent spans its children
    assert by_id["s2.1"].end == by_id["s2.2"].start
    assert by_id["s2.1.2"].end == by_id["s2.2"].start
    assert by_id["s3"].end == len(text)
    assert by_id["s2.1.1"].path == ["工作重点", "加强学习", "政治学习"]
    assert all(s.themes == [] and s.scores == {} for s in secs)


def test_section_body_excludes_title_and_children() -> None:
    text = "一、送温暖\n工会坚持送温暖。\n1.探望病患。看望住院教师。\n2.慰问丧户。\n二、文体"
    secs = parse_sections(text)
    assert section_body(secs[0], text, secs).strip() == "工会坚持送温暖。"
    assert section_body(secs[1], text, secs).strip("。\n") == "看望住院教师"


def test_no_headings_and_empty_text() -> None:
    assert parse_sections("") == []
    assert parse_sections("一年来，工会做了大量工作。\n取得了一定成绩。") == []


def test_rejects_non_str() -> None:
    with pytest.raises(InputError):
        parse_sections(["一、指导思想"])  # type: ignore[arg-type]


def test_ends_are_the_next_heading_that_is_not_a_descendant(cleaned) -> None:
    """Ends are set while parsing; they follow the depth rule on the sample documents."""
    import json

    lines = (cleaned / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    texts = [json.loads(line)["text"] for line in lines if line.strip()]
    checked = 0
    for text in texts:
        secs = parse_sections(text)
        for i, s in enumerate(secs):
            nxt = next((t.start for t in secs[i + 1:] if t.depth <= s.depth), len(text))
            assert s.end == nxt, (s.id, s.end, nxt)
            checked += 1
    assert checked > 50


def test_marker_prefilter_admits_every_first_character_of_a_marker():
    """match_marker skips the regex for lines whose first character cannot start a marker;
    every character that MARKER accepts first must pass that check."""
    from unioncorpus.markers import _MARKER_FIRST, MARKER

    tails = ("一、工会工作", "1、工会工作", "(1)工会工作", "、工会工作", "）工会工作",
             "部分 工会工作", "工会工作", ".工会工作")
    missed = []
    for cp in range(0x110000):
        c = chr(cp)
        if c in _MARKER_FIRST or c.isdecimal() or 0xD800 <= cp <= 0xDFFF:
            continue
        if any(MARKER.match(c + t) for t in tails):
            missed.append(c)
    assert missed == []


def test_marker_memo_gives_the_same_answers_for_long_lines():
    from unioncorpus.markers import match_marker

    body = "工会工作" * 400  # longer than the memo's limit
    assert match_marker("一、" + body).family == "cn"
    assert match_marker("第一部分" + body) is None  # glued to a long line: running text
    assert match_marker(body) is None


def test_part_names_standing_alone_are_siblings():
    # A plan's parts (指导思想, 工作目标, 主要工作) are siblings, each with its prose or its list.
    doc = ("指导思想\n以习近平新时代中国特色社会主义思想为指导，团结带领全体教职工。\n"
           "工作目标\n进一步加强工会自身建设，提高服务教职工的能力和水平。\n"
           "主要工作\n一、加强师德建设\n组织教职工学习师德规范。\n二、推进民主管理\n按时召开教代会。")
    secs = parse_sections(doc)
    assert [(s.depth, s.title) for s in secs] == [
        (1, "指导思想"), (1, "工作目标"), (1, "主要工作"), (2, "加强师德建设"), (2, "推进民主管理")]
    assert secs[3].parent == secs[4].parent == secs[2].id
