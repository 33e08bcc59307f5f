"""Compilation pages without explicit markers: where one document ends and the next begins."""

from __future__ import annotations

from unioncorpus.pipeline import clean_text

FIRST = ("本年度，在党的十七大精神的指导下，我工会认真贯彻《工会法》，取得一些成绩，现将工作总结如下。\n"
         "一、师德建设\n围绕我校提出的宗旨，把师德建设放在工作之首，外树形象，内抓质量。\n"
         "二、送温暖\n工会慰问困难教职工二十余人次。\n")
SECOND = ("一、加强学习\n组织教职工认真学习党的会议精神，提高政治素质。\n"
          "二、文体活动\n组织教职工开展乒乓球比赛。")


def test_numbered_titles_open_their_documents_with_the_opening_paragraph():
    page = ("学校工会工作总结范文（精选2篇）\n2016年光明第一中学工会工作总结（1）\n" + FIRST
            + "2019年铁路中学工会工作计划（2）\n"
            "在新的学年里，我们小学工会将深入推进各项工作，以增强工会的凝聚力。\n" + SECOND)
    docs = clean_text(page)
    assert [d.title for d in docs] == ["2016年光明第一中学工会工作总结（1）",
                                       "2019年铁路中学工会工作计划（2）"]
    assert [(d.school, d.year, d.doc_type) for d in docs] == [
        ("光明第一中学", 2016, "summary"), ("铁路中学", 2019, "plan")]
    assert docs[0].text.startswith("本年度") and docs[0].text.endswith("二十余人次。")
    assert docs[1].text.startswith("在新的学年里")


def test_a_short_line_that_names_no_document_stays_with_the_document_before():
    page = ("学校工会工作总结\n" + FIRST + "优秀教师名单\n张三、李四、王五。\n" + SECOND)
    docs = clean_text(page)
    assert len(docs) == 2
    assert docs[0].text.endswith("优秀教师名单\n张三、李四、王五。")
    assert docs[1].title is None and docs[1].text.startswith("一、加强学习")
