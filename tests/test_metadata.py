"""Document metadata: school, year and type, as the annotation guide defines them."""

from __future__ import annotations

import pytest

from unioncorpus.metadata import doc_type, school, work_year

BODY = "本学期，我校工会在党支部的领导下积极开展送温暖活动，慰问困难教职工二十余人次。"


@pytest.mark.parametrize("title, text, expected", [
    ("2024年度东川中心学校工会工作总结", BODY, "东川中心学校"),
    ("2024年职教中心学校工会工作总结", BODY + "修订了《蔡甸职教中心学校章程》。蔡甸职教中心学校第三届乒乓球比赛。",
     "蔡甸职教中心学校"),                                     # the title gives only a kind of school
    ("中心学校2024年度工会工作总结", BODY + "东正街小学的史志媛被评为十佳技术能手。", None),  # a member school
    (None, BODY + "提升双碑小学及其教师的社会形象。", "双碑小学"),
    (None, BODY + "为新二小的发展做出应有的贡献，形成适合新二小的学校文化。", "新二小"),
    (None, BODY + "我校主动与市一小结对，得到他们的帮扶。", None),            # a partner school
    (None, BODY + "五、积极实施关爱工程\n学校工会还组织退休教师到学校走访。", None),  # no name across lines
    (None, BODY + "全市中小学学生乒乓球大赛中取得好成绩，李旭霞获小学数学组三等奖。", None),
    (None, BODY + "紧紧围绕学校中心工作，配合学校各部门开展工作。", None),
    ("2023年XX中学工会工作计划", BODY, None),                    # a placeholder is no name
    (None, "2016年光明第一中学工会工作总结\n" + BODY, "光明第一中学"),  # a date before the name
    (None, BODY + "2024学年度东川小学教代会顺利召开。", "东川小学"),
    (None, BODY + "今年3月城南小学开展送温暖活动。", "城南小学"),
])
def test_school(title, text, expected):
    assert school(title, text) == expected


@pytest.mark.parametrize("title, text, expected", [
    ("2024年度东川中心学校工会工作总结", BODY, 2024),
    ("20xx年学校工会工作计划", "2024年，我校工会…", None),           # placeholder in the title
    (None, "2024年，我校工会在学校党总支的领导下开展工作。", 2024),
    (None, "2024年度，我校工会在上级教育工会的领导下开展工作。", 2024),
    (None, "xXX学年，学校工会以重要思想为指导。", None),
    (None, BODY + "2008年5月12日，四川汶川发生地震。", None),          # an event date is no work year
    ("年度第二学期工会工作总结", BODY, None),
])
def test_work_year(title, text, expected):
    assert work_year(title, text) == expected


@pytest.mark.parametrize("title, text, expected", [
    ("学校工会工作总结", BODY, "summary"),
    ("2024年学校工会工作计划", BODY, "plan"),
    ("学校工会2024年工作思路", BODY, "plan"),
    (None, "一、指导思想\n以新时代精神为指导。\n二、工作重点\n工会将进一步加强自身建设。", "plan"),
    (None, "一年来，我校工会取得了较好的成绩，现将工作总结如下：", "summary"),
    (None, "教职工文体活动照片。", "other"),
])
def test_doc_type(title, text, expected):
    assert doc_type(title, text) == expected
