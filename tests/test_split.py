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


_P1 = "本学期，学校工会围绕学校中心工作，团结带领全体教职工扎实开展了各项工作，取得了较好的成效。"
_P2 = "工会组织教职工开展了健步走、趣味运动会等活动，参加人数达到一百二十余人次，气氛热烈。"


def test_a_lead_in_line_keeps_a_restarted_list_in_its_document():
    """``教代会的主要内容：`` announces a list of the same document; its numbering restarts at
    一 under it, which is not a new document (a real compilation opens with a title or an
    opening paragraph)."""
    page = "\n".join(["实验小学校务公开制度", _P1, "一、学校发展规划", _P2, "二、教职工切身利益", _P2,
                      "教代会的主要内容：", "一、教代会", _P1, "二、校务公开栏", _P2])
    docs = clean_text(page)
    assert len(docs) == 1
    # The lead-in is a section heading of its own, with the restarted list under it.
    assert [(s.title, s.depth) for s in docs[0].sections][2:] == [
        ("教代会的主要内容", 1), ("教代会", 2), ("校务公开栏", 2)]


def test_an_opening_paragraph_after_a_restart_still_opens_a_document():
    page = "\n".join(["实验小学工会工作总结", _P1, "一、师德建设", _P2, "二、民主管理", _P2,
                      "实验小学工会工作计划", "新学年，学校工会将继续围绕中心工作开展活动，现将本学年工作计划如下：",
                      "一、指导思想", _P1, "二、主要工作", _P2])
    docs = clean_text(page)
    assert [d.title for d in docs] == ["实验小学工会工作总结", "实验小学工会工作计划"]


def test_a_numbered_piece_title_after_a_closing_paragraph_starts_a_document():
    """Page 2 of a compilation: the end of one piece (its closing paragraph), then the next
    piece's numbered title. No run of numbered titles is on the page to find."""
    page = "\n".join([
        "1.开展教职工读书活动，每月推荐一本好书，组织青年教师交流读书心得。",
        "2.组织教职工开展健身活动，每周安排两次集体锻炼，增强教职工体质。",
        "总之，新学期里工会将继续围绕学校中心工作，努力把各项工作做得更好。",
        "实验中学工会工作计划3",
        "一、指导思想",
        "坚持以学校发展规划为指引，认真落实学校工作计划，团结带领全体教职工开展工作。",
    ])
    docs = clean_text(page)
    assert [d.title for d in docs] == [None, "实验中学工会工作计划3"]
    assert docs[0].text.endswith("努力把各项工作做得更好。")


def test_a_title_glued_to_its_first_heading_is_split():
    # Document libraries flatten a page's head: the title runs into 一、 of the text.
    page = ("东风小学教代会实施方案范文参考一、背景分析\n"
            "1.1政策依据\n学校依据《教育法》和《学校教职工代表大会规定》，建立健全教代会制度。\n"
            "1.2现实需要\n教职工参与学校民主管理的愿望日益强烈，需要畅通渠道。\n"
            "二、主要任务\n按时召开教代会，落实校务公开，保障教职工的知情权和参与权。")
    doc = clean_text(page, line_model=False)[0]
    assert doc.title == "东风小学教代会实施方案范文参考"
    assert [(s.depth, s.title) for s in doc.sections][:2] == [(1, "背景分析"), (2, "政策依据")]
    # Below the first paragraph the same shape is prose that names a plan: left alone.
    assert clean_text("学校工会工作计划\n" + "本学期，我校工会认真落实工作计划。" * 2
                      + "\n按照年度方案一、二两项任务推进。", line_model=False)[0].text.count("\n") == 1
