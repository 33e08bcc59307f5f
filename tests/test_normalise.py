"""Character normalisation: each str -> str step, with near-misses that must not change."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unioncorpus.boilerplate import Line
from unioncorpus.join import join_lines
from unioncorpus.normalise import (
    PLACEHOLDER,
    REDACTION,
    chinese_punctuation,
    fold_width,
    normalise_text,
    strip_pinyin,
    unescape,
)


@pytest.mark.parametrize("text_in, expected", [
    ("小學(xué)年度工會(huì )", "小學年度工會"),
    ("學(xue)習(xi)工(gong)會(hui)法(fa)", "學習工會法"),     # toneless, but dense
    ("（xué）", "（xué）"),                                  # no character before it
    ("世界卫生组织(WHO)发布", "世界卫生组织(WHO)发布"),        # capitals are not pinyin
    ("选项(a)正确", "选项(a)正确"),                          # lone toneless latin
    ("(1)加强学习", "(1)加强学习"),
    ("发挥作用(https://www.x.com)", "发挥作用(https://www.x.com)"),
])
def test_strip_pinyin(text_in, expected):
    assert strip_pinyin(text_in) == expected


@pytest.mark.parametrize("text_in, expected", [
    ("２０２４年ＸＸ学校", "2024年XX学校"),
    ("党的＊＊＊精神", "党的***精神"),
    ("教职工\u3000代表", "教职工 代表"),
    ("校务\u200b公开", "校务公开"),
    ("一、加强学习，提高素质。", "一、加强学习，提高素质。"),  # full-width punctuation stays
])
def test_fold_width(text_in, expected):
    assert fold_width(text_in) == expected


@pytest.mark.parametrize("text_in, expected", [
    (r'以\"xxxx\"重要思想为指导', '以"xxxx"重要思想为指导'),
    ("教职工&nbsp;代表&amp;大会", "教职工\xa0代表&大会"),
    ("AT&T 不是实体", "AT&T 不是实体"),
])
def test_unescape(text_in, expected):
    assert unescape(text_in) == expected


@pytest.mark.parametrize("text_in, expected", [
    ("学习,提高;落实:好!是吗?", "学习，提高；落实：好！是吗？"),
    ('开展"送温暖"活动', "开展“送温暖”活动"),
    ("捐款1,000元,时间09:12", "捐款1,000元，时间09:12"),
    ('He said "ok"', 'He said "ok"'),
    ("工会 , 学校  ?", "工会， 学校？"),  # spaces before the mark go with it
    ("a,b，中 ,, 文", "a,b，中，, 文"),  # only a mark right after Chinese text
    # A mark that opens a line broken after Chinese text: made full-width, the break kept.
    ("慰问困难教职工\n,组织比赛", "慰问困难教职工\n，组织比赛"),
    # A digit after the mark: a count or the next list item, since Chinese text comes before.
    ("共有47名学生报名,10名教师报名", "共有47名学生报名，10名教师报名"),
    ("通过《绩效考核方案》;12月召开", "通过《绩效考核方案》；12月召开"),
    ("向学校建言献策,2. 参与校务监督", "向学校建言献策，2. 参与校务监督"),
    ("以下几方面:1. 民主管理", "以下几方面：1. 民主管理"),
    ("【通知】,2024年", "【通知】，2024年"),
    # Near-misses: the marks of numbers, times, dates, scores, English and URLs stay, and
    # the full stop of a list marker (2.) is never touched.
    ("增长1.5倍,共1,000元", "增长1.5倍，共1,000元"),
    ("时间:8:30至9:00", "时间：8:30至9:00"),
    ("于2024.3.1召开", "于2024.3.1召开"),
    ("比分3:1获胜", "比分3:1获胜"),
    ("see http://a.cn:80/x?a=1, 2 items", "see http://a.cn:80/x?a=1, 2 items"),
    ("2. 参与校务监督", "2. 参与校务监督"),
])
def test_chinese_punctuation(text_in, expected):
    assert chinese_punctuation(text_in) == expected


def test_traditional_converted_only_where_present_and_recorded():
    text, info = normalise_text("學校工會積極開展送溫暖活動")
    assert text == "学校工会积极开展送温暖活动"
    assert "t2s" in info.steps and info.converter.startswith("opencc")
    text, info = normalise_text("学校工会积极开展送温暖活动")
    assert info.steps == [] and info.converter == "none"


def test_line_count_is_preserved():
    raw = "學(xué)校\n\n工會(huì )\r\n２０２４\n,开头的逗号"
    out, _ = normalise_text(raw)
    assert out.count("\n") == raw.count("\n")


@pytest.mark.parametrize("text, redactions, placeholders", [
    ("认真学习党的***和十八届三中全会精神", ["***"], []),
    ("以邓**理论为指导", ["**"], []),
    ("20xx年学校工会在xx大精神指导下", [], ["20xx", "xx"]),
    ("xXX学年，学校工会以“XXXX”重要思想为指导", [], ["xXX", "XXXX"]),
    ("Excel表格和box", [], []),
])
def test_redactions_and_placeholders_stay_recognisable(text, redactions, placeholders):
    out, _ = normalise_text(text)
    assert REDACTION.findall(out) == redactions
    assert PLACEHOLDER.findall(out) == placeholders


@pytest.mark.parametrize("lines, expected", [
    (["今年工会组织教职工学习《教师法》《教", "育法》《工会法》等法律法规。"],
     ["今年工会组织教职工学习《教师法》《教育法》《工会法》等法律法规。"]),
    (["3.加强法制学习。组织教职工学习《未", "1 成年人保护法》等法律知识。"],
     ["3.加强法制学习。组织教职工学习《未成年人保护法》等法律知识。"]),
    (["教职工是学校的主人，是学校物质", "文明和精神文明的创造者。"],
     ["教职工是学校的主人，是学校物质文明和精神文明的创造者。"]),
    (["一.努力提高教师的思想素质", "和业务素质，建设一支优秀的教师队伍。"],
     ["一.努力提高教师的思想素质和业务素质，建设一支优秀的教师队伍。"]),
    (["比赛共进行了五项，经过激烈角逐，1", "5名教师分获一二三等奖。"],
     ["比赛共进行了五项，经过激烈角逐，15名教师分获一二三等奖。"]),
    # near-misses: headings, titles and finished sentences stay on their own line
    (["二、坚持实施送温暖工程", "学校工会始终把送温暖工程作为常规工作来抓。"],
     ["二、坚持实施送温暖工程", "学校工会始终把送温暖工程作为常规工作来抓。"]),
    (["学校工会2024年工作思路", "1.深入学习党的会议精神。"],
     ["学校工会2024年工作思路", "1.深入学习党的会议精神。"]),
    (["一、加强学习，提高教职工的政治和业务水平", "学校工会积极配合校行政组织教职工学习。"],
     ["一、加强学习，提高教职工的政治和业务水平", "学校工会积极配合校行政组织教职工学习。"]),
    (["学校工会工作总结 篇2", "2022年，我校工会积极开展各项工作。"],
     ["学校工会工作总结 篇2", "2022年，我校工会积极开展各项工作。"]),
    (["现将工作总结如下：", "一、加强师德建设"], ["现将工作总结如下：", "一、加强师德建设"]),
    # a document number closing a title in a compilation is not clause punctuation
    (["2016年光明第一中学工会工作总结（2）", "本年度，我校工会认真贯彻《工会法》。"],
     ["2016年光明第一中学工会工作总结（2）", "本年度，我校工会认真贯彻《工会法》。"]),
    (["学校工会工作计划(三)", "新的学年里，工会将深入推进各项工作。"],
     ["学校工会工作计划(三)", "新的学年里，工会将深入推进各项工作。"]),
    # ... but a broken sentence that ends in one is still joined
    (["工会组织了教职工篮球赛、拔河比赛（2", "项），参赛教师八十余人。"],
     ["工会组织了教职工篮球赛、拔河比赛（2项），参赛教师八十余人。"]),
    (["工会组织了篮球赛、拔河比赛等活动（见附表1）", "参赛教师八十余人。"],
     ["工会组织了篮球赛、拔河比赛等活动（见附表1）参赛教师八十余人。"]),
])
def test_join_broken_lines(lines, expected):
    joined, _ = join_lines([Line((i + 1,), t) for i, t in enumerate(lines)])
    assert [ln.text for ln in joined] == expected


def test_no_join_across_a_blank_line():
    joined, _ = join_lines([Line((1,), "教职工是学校的主人，是学校物质"),
                            Line((3,), "文明的创造者。", gap_before=True)])
    assert len(joined) == 2


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("工会学校 a1，。\n\u3400\u4dbf\uf900\U00020000\U0002fa1f"
                                        "\U0002fa20\u3399\ufb00xX*")))
def test_han_count_counts_each_han_character(text):
    from unioncorpus.normalise import HAN_RE, han_count

    assert han_count(text) == len(HAN_RE.findall(text))


def test_han_count_on_a_sentence():
    from unioncorpus.normalise import han_count

    assert han_count("2024年，工会慰问xx名教师𠀀。") == 9
