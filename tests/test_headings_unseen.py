"""Heading families found on unseen sites: decimal outlines, Markdown residue, numbering that
runs on across sections, excerpts cut mid-list, 一是 enumerators, marker variants, unnumbered
part names and appendices. All lines are invented, in the shape of the real ones."""

from __future__ import annotations

import pytest

from unioncorpus.markers import match_marker
from unioncorpus.sections import parse_sections

BODY = "工会组织全体教职工认真学习，取得了较好的效果。"


def outline(text: str) -> list[tuple[str, int, str]]:
    return [(s.marker, s.depth, s.title) for s in parse_sections(text)]


# --- decimal outline numbers: depth from the number of parts ---------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("一、背景分析\n1.1政策依据\n正文。\n1.2现实需求\n二、目标设定\n2.1总体目标\n2.2具体目标\n"
         "2.2.1制度目标\n2.2.2队伍目标\n三、保障措施",
         [("一、", 1, "背景分析"), ("1.1", 2, "政策依据"), ("1.2", 2, "现实需求"),
          ("二、", 1, "目标设定"), ("2.1", 2, "总体目标"), ("2.2", 2, "具体目标"),
          ("2.2.1", 3, "制度目标"), ("2.2.2", 3, "队伍目标"), ("三、", 1, "保障措施")]),
        # an outline printed without its top headings: 1.1 … then 2.1 starts a new list
        ("1.1 组织建设\n1.2 队伍建设\n2.1 民主管理\n2.2 校务公开",
         [("1.1", 1, "组织建设"), ("1.2", 1, "队伍建设"), ("2.1", 1, "民主管理"), ("2.2", 1, "校务公开")]),
        ("3.1、活动安排\n3.2、经费保障", [("3.1、", 1, "活动安排"), ("3.2、", 1, "经费保障")]),
    ],
)
def test_decimal_outline(text: str, expected: list[tuple[str, int, str]]) -> None:
    assert outline(text) == expected


@pytest.mark.parametrize(
    "line",
    [
        "1.5万元用于教职工体检。",
        "2.5小时的集中培训让大家收获很大。",
        "10.8%的教职工参加了健康体检。",
        "5.1劳动节前夕，工会组织了慰问。",
        "3.12植树节当天，全体教师参加植树。",
        "2.0版本的考核办法已经印发。",
        "2008.5.12汶川地震后，全校教职工踊跃捐款。",
        "1.5年的时间里，我们完成了三项工程。",
        "3.1开展趣味运动会，丰富教职工生活。",  # a lone 3.1: no other item of its list
    ],
)
def test_decimal_near_misses(line: str) -> None:
    assert outline(f"一、开展文体活动\n{line}\n{BODY}") == [("一、", 1, "开展文体活动")]


def test_decimals_and_date_pairs_stay_body() -> None:
    # a month.day pair at line starts (a schedule of holidays) is no outline
    text = "一、工作安排\n5.1劳动节组织教工登山。\n5.4青年节举办青年教师座谈。\n二、保障"
    assert [s.marker for s in parse_sections(text)] == ["一、", "二、"]


def test_outline_markers_only_for_the_section_parser() -> None:
    # line joining and document splitting key on the top family restarting at 1: 2.1 and 一是
    # restart in every section, so they are markers only when the parser asks
    assert match_marker("1.1政策依据") is None
    assert match_marker("1.1政策依据", outline=True).parts == (1, 1)
    assert match_marker("一是加强学习") is None
    assert match_marker("一是加强学习", outline=True).family == "shi"


# --- Markdown residue of generated texts -------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("#### 一、加强组织建设\n**1. 完善组织架构**\n正文。\n**2. 加强培训交流**\n#### 二、维护合法权益",
         [("一、", 1, "加强组织建设"), ("1.", 2, "完善组织架构"), ("2.", 2, "加强培训交流"),
          ("二、", 1, "维护合法权益")]),
        # an unnumbered ### heading is a sibling of the numbered ones with as many hashes
        ("### 工作背景\n正文。\n### 一、主要任务\n### 二、保障措施",
         [("", 1, "工作背景"), ("一、", 1, "主要任务"), ("二、", 1, "保障措施")]),
        ("### **（一）加强学习**\n正文。", [("（一）", 1, "加强学习")]),
        # the bold run is the heading when the page glued the body on after it
        ("**1. 实施“成长计划”**与教务处合作开展活动。", [("1.", 1, "实施“成长计划”")]),
    ],
)
def test_markdown_residue(text: str, expected: list[tuple[str, int, str]]) -> None:
    assert outline(text) == expected
    for s in parse_sections(text):  # offsets point at the marker, past the markup
        assert text[s.start:].startswith(s.marker or s.title[:1]) or text[s.start:].startswith("#")


@pytest.mark.parametrize(
    "text",
    [
        "# 学校工会工作计划\n正文。",  # one hash: the document title of a generated text
        "**学校工会在上级的领导下开展工作。\n正文。",  # stars without a marker: a redaction
        "## 2024年工会工作计划(二)\n正文。",  # a compilation title left in the text
    ],
)
def test_markdown_near_misses(text: str) -> None:
    assert parse_sections(text) == []


# --- numbering that runs on across sections ------------------------------------------------------
def test_items_numbered_across_sections() -> None:
    text = "一、学习教育\n1、理论学习\n2、业务学习\n二、关爱帮扶\n3、慰问困难教工\n4、看望病患\n三、文体活动\n5、拔河比赛"
    assert [(s.marker, s.depth) for s in parse_sections(text)] == [
        ("一、", 1), ("1、", 2), ("2、", 2), ("二、", 1), ("3、", 2), ("4、", 2), ("三、", 1), ("5、", 2)]


def test_run_on_numbering_needs_a_sibling_parent() -> None:
    # 7、 under 二、 does not follow 2、 under 一、: a number in the text, not an item
    text = "一、学习教育\n1、理论学习\n2、业务学习\n二、关爱帮扶\n7、慰问困难教工"
    assert [s.marker for s in parse_sections(text)] == ["一、", "1、", "2、", "二、"]


# --- excerpts cut at the start: the first heading may be mid-list -----------------------------
@pytest.mark.parametrize(
    "text, markers",
    [
        ("四、情暖人心，开展送温暖活动\n" + BODY, ["四、"]),  # the text opens on the heading
        (BODY + "\n(3)关心教工身体健康\n(4)关心教工精神生活\n(5)开展文体活动", ["(3)", "(4)", "(5)"]),
        # once the excerpt is known to be cut, a new family may also start mid-list
        ("3、加强硬件建设\n" + BODY + "\n4、开展读书活动\n四、具体安排\n(一)二月份工作",
         ["3、", "4、", "四、", "(一)"]),
    ],
)
def test_excerpt_opening_mid_list(text: str, markers: list[str]) -> None:
    assert [s.marker for s in parse_sections(text)] == markers


@pytest.mark.parametrize(
    "text",
    [
        BODY + "\n7、慰问困难教工\n" + BODY,  # a lone number after prose: not confirmed
        "一、学习教育\n" + BODY + "\n6、看望病患\n7、慰问教工",  # not the first heading
    ],
)
def test_excerpt_near_misses(text: str) -> None:
    assert all(s.marker in ("一、",) for s in parse_sections(text))


# --- 一是/二是 enumerators -------------------------------------------------------------------------
def test_shi_enumerators() -> None:
    text = "一是依法维护教职工权益。" + BODY + "\n二是发挥民主管理职能。" + BODY
    assert outline(text) == [("一是", 1, "依法维护教职工权益"), ("二是", 1, "发挥民主管理职能")]


def test_shi_inside_a_paragraph_is_body() -> None:
    text = "一、主要做法\n工会抓了两件事：一是加强学习，二是关心生活。"
    assert [s.marker for s in parse_sections(text)] == ["一、"]


# --- marker variants of template sites -----------------------------------------------------------
@pytest.mark.parametrize(
    "line, marker, title",
    [
        ("一、2024年工会工作回顾", "一、", "2024年工会工作回顾"),  # a digit after 、 is no decimal
        ("一、1—2月", "一、", "1—2月"),  # a schedule's period: a heading with no words
        ("（一）9~10月份", "（一）", "9~10月份"),
        ("﹙一﹚、指导思想", "﹙一﹚、", "指导思想"),  # small-form brackets and a stray 、
        ("（一）、加强学习", "（一）、", "加强学习"),
        ("(1)、政治学习", "(1)、", "政治学习"),
        ("一，工作目标", "一，", "工作目标"),  # a comma for 、
        ("一，.工作目标", "一，.", "工作目标"),
    ],
)
def test_marker_variants(line: str, marker: str, title: str) -> None:
    assert outline(f"{line}\n{BODY}") == [(marker, 1, title)]


@pytest.mark.parametrize(
    "line",
    [
        "一，二年级的老师参加了拔河比赛。",
        "一、二年级的老师参加了拔河比赛。",
        "1，2，3号场地同时比赛。",
        "一、",
        "一、2024",
        "一.5倍的工作量",
    ],
)
def test_marker_variant_near_misses(line: str) -> None:
    assert outline(f"一、开展文体活动\n{line}\n{BODY}") == [("一、", 1, "开展文体活动")]


# --- unnumbered part names and appendices --------------------------------------------------------
def test_part_name_before_prose_is_a_sibling() -> None:
    text = "指导思想：\n" + BODY + "\n一、组织领导\n" + BODY + "\n二、活动内容\n" + BODY
    assert outline(text) == [("", 1, "指导思想"), ("一、", 1, "组织领导"), ("二、", 1, "活动内容")]


def test_subject_part_name_before_a_list() -> None:
    text = "教代会的主要内容：\n一、学校发展规划\n二、教职工切身利益"
    assert outline(text) == [("", 1, "教代会的主要内容"), ("一、", 2, "学校发展规划"),
                             ("二、", 2, "教职工切身利益")]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("一、活动安排\n" + BODY + "\n附：秋季运动会教工项目成绩\n" + BODY,
         [("一、", 1, "活动安排"), ("", 1, "秋季运动会教工项目成绩")]),
        ("一、活动安排\n(一)报名\n【附】教工趣味比赛规则\n" + BODY,
         [("一、", 1, "活动安排"), ("(一)", 2, "报名"), ("", 1, "教工趣味比赛规则")]),
    ],
)
def test_appendix_headings(text: str, expected: list[tuple[str, int, str]]) -> None:
    assert outline(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "附件：\n" + BODY,  # nothing named
        "附：" + BODY * 3,  # a long line: prose
        "主要工作\n" + BODY,  # announces a list, and none follows
        "学校工会女教工工作计划(二)\n1.开好教代会。\n2.开展活动。",  # a compilation title
        "学校工会工作计划2024小学3\n1.开好教代会。\n2.开展活动。",
    ],
)
def test_unnumbered_near_misses_unseen(text: str) -> None:
    assert all(s.marker for s in parse_sections(text))
