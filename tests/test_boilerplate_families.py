"""Rule families added for sites no rule knew (found on the dev corpus, written as shapes):
each chrome line goes with its rule, and its near-miss of document text stays. Invented text.

The line model is off here (``line_model=False``): these test the rules alone."""

from __future__ import annotations

import pytest

from unioncorpus.pipeline import clean_text

TITLE = "东风小学2024年工会工作总结"
P1 = "本年度，我校工会在学校党支部的领导下，团结带领全体教职工，扎实开展各项工作，取得了一定成效。"
P2 = "工会组织教职工开展了健步走、拔河比赛和迎新年联欢会等活动，参加人数达到一百二十余人次。"


def _removed(lines: list[str]) -> dict[str, str]:
    _, removals = clean_text("\n".join(lines), line_model=False, return_removed=True,
                             sections=False)
    # By input line: a removal records the line as normalised (大小: becomes 大小：).
    return {lines[r.line - 1]: r.rule for r in removals if r.start is None}


def _kept(lines: list[str]) -> str:
    docs = clean_text("\n".join(lines), line_model=False, sections=False)
    return "\n".join((d.title or "") + "\n" + d.text for d in docs)


@pytest.mark.parametrize("line, where, rule", [
    ("图为教职工拔河比赛现场", "after", "media.caption"),
    ("运动会现场（摄影：王明）", "after", "media.caption"),
    ("联欢会合影03.jpg", "after", "media.caption"),
    ("文/李华", "after", "meta.credits"),
    ("终审/张强", "after", "meta.credits"),
    ("（工会办公室供稿）", "after", "meta.credits"),
    ("索引号：000014349/2023-01287", "before", "meta.disclosure"),
    ("某某小学工会方案_第3页", "before", "library.preview"),
    ("已阅读3页 还剩9页未读", "before", "library.preview"),
    ("文档简介", "before", "library.preview"),
    ("声明：本文档由用户提供并上传，如有不妥请联系处理", "after", "library.disclaimer"),
    ("但愿以上内容满足你的要求。", "after", "gen.chatbot"),
    ("---", "after", "gen.chatbot"),
    ("该文章介绍了小学工会年度工作总结的写法和要点，供大家写作时使用。", "before", "seo.abstract"),
    ("您好，欢迎来到某某文库！", "before", "chrome.welcome"),
    ("窗体顶端", "after", "layout.form"),
    ("地址：某市某区建设路1号 邮编：100000 电话：010-12345678", "after", "legal.footer"),
    ("• 2023-05-12 活动通知 86", "before", "meta.date_category"),
    ("某某资料站 人气：1.5万", "before", "meta.popularity"),
    ("中学工会工作计划12篇", "before", "seo.compilation_count"),
    ("附件：", "after", "meta.source_line"),
    ("《某某教育学院学报》", "before", "meta.source_line"),
    ("2011年第4期12-15,共4页", "before", "meta.source_line"),
    ("所属分类：校园动态 阅读次数：58", "before", "meta.fields"),
    ("【 关 闭 】", "after", "chrome.print"),
    ("打印文档", "after", "chrome.print"),
    ("工作总结 | 工作计划 | 述职报告 | 心得体会怎么写", "after", "chrome.menu"),
    ("大小:128.5KB 6页", "before", "library.preview"),
    ("学校工会活动方案范文3篇 相关阅读", "before", "seo.compilation"),
    ("xyz范文网", "before", "chrome.site_name"),
    ("q=R\\7(%x", "after", "layout.noise"),
    ("|xQ", "after", "layout.noise"),
])
def test_chrome_line_goes_with_its_rule(line, where, rule):
    lines = [line, TITLE, P1, P2] if where == "before" else [TITLE, P1, P2, line]
    assert _removed(lines).get(line) == rule
    assert P1 in _kept(lines) and P2 in _kept(lines)


@pytest.mark.parametrize("line", [
    "工会为每位退休教师拍摄了纪念照片，并制作成相册送到他们手中。",
    "2024年7月6日，工会组织教职工参观了革命纪念馆，接受爱国主义教育。",
    "希望全体教职工继续发扬团结协作的精神，为学校发展贡献力量。",
    "欢迎新教师加入学校工会这个温暖的大家庭。",
    "工会人气越来越旺，教职工参加活动的热情很高。",
    "附件：教职工活动安排表",
    "工会收藏了一批优秀教师的教学笔记，供青年教师学习。",
    "师德建设 | 民主管理",
    "50%",
    "中国教育网",
])
def test_near_misses_stay(line):
    assert line in _kept([TITLE, P1, line, P2])


def test_sign_off_after_the_text_goes_but_a_title_before_it_stays():
    lines = ["东风小学工会", P1, P2, "东风小学工会委员会", "二〇二四年一月十二日"]
    removed = _removed(lines)
    assert removed.get("东风小学工会委员会") == removed.get("二〇二四年一月十二日") == "signoff"
    assert "东风小学工会" in _kept(lines)  # the first one, above the text


def test_header_copy_of_the_title_goes():
    lines = ["东风小学2024年工会工作总结范文", "首页 > 工作总结", TITLE, P1, P2]
    assert _removed(lines).get("东风小学2024年工会工作总结范文") == "title.copy"
    assert clean_text("\n".join(lines), line_model=False)[0].title == TITLE


def test_spans_go_and_the_sentence_stays():
    html = f'<p class="para-text">{P1}</p>'
    paywall = "工会积极开展活动……此处隐藏3125字，下载文档可见……长期坚持为教职工办实事。"
    text = _kept([TITLE, html, paywall, P2])
    assert P1 in text and "<p" not in text and "</p>" not in text
    assert "此处隐藏" not in text and "长期坚持为教职工办实事。" in text


# A one-line page: the site's compilation title and intro glued onto the text.
GLUED_HEAD = "精选文档为你奉上东风小学工会工作计划3篇本文是关于东风小学工会工作计划3篇，仅供参考，希望对您有所帮助。"
GLUED_TEXT = "一、指导思想本学期，学校工会以服务教职工为中心，紧紧围绕学校教育教学工作，扎实开展各项活动。"


def _spans(lines: list[str]) -> list[tuple[str, str, int | None]]:
    _, removals = clean_text("\n".join(lines), line_model=False, return_removed=True,
                             sections=False)
    return [(r.text, r.rule, r.start) for r in removals]


def test_chrome_glued_to_the_head_of_a_text_goes_alone():
    spans = _spans([GLUED_HEAD + GLUED_TEXT + P1])
    assert spans == [(GLUED_HEAD, "seo.intro", 0)]
    text = _kept([GLUED_HEAD + GLUED_TEXT + P1])
    assert GLUED_TEXT in text and P1 in text and "仅供参考" not in text


def test_compilation_title_glued_to_a_numbered_piece_goes_alone():
    head = "东风小学工会活动方案 (2)精选2篇"
    line = head + "〔一〕" + P1 + P2
    assert _spans([line]) == [(head, "seo.compilation", 0)]
    assert P1 in _kept([line])


@pytest.mark.parametrize("line", [
    # the text after the head is a teaser the site cut off: a listing's entry
    GLUED_HEAD + "本学期，学校工会以服务教职工为中心，紧紧围绕学校教育教学工作，扎实开展各项活动，充分发挥...",
    # more chrome after the head
    GLUED_HEAD + "工作计划是对一定时期的工作预先作出安排和打算时，都要制定工作计划，下面是小编整理的范文。",
    # the rule matches too far into the line to be a header glued on
    P1 + P2 + "本文仅供参考。",
])
def test_a_line_whose_rest_is_no_text_goes_whole(line):
    spans = _spans([TITLE, P1, line])
    assert (line, spans[-1][1], None) == spans[-1]


@pytest.mark.parametrize("label", ["工会活动", "校园动态", "通知公告", "工作总结"])
def test_a_column_name_above_the_title_goes(label):
    lines = [label, "东风小学工会举办教职工气排球比赛", P1, P2]
    assert _removed(lines).get(label) == "title.label"
    assert clean_text("\n".join(lines), line_model=False)[0].title == lines[1]


@pytest.mark.parametrize("lines", [
    ["工会工作计划", P1, P2],                               # a bare title above its text
    ["工会工作总结", "——坚持以人为本，推动学校发展", P1, P2],  # a subtitle below the title
    ["工会工作总结", "一、加强教职工队伍建设工作", P1, P2],    # a heading below the title
    ["东风小学工会", "2024年度工作总结与来年工作计划", P1, P2],  # a title block naming the school
])
def test_a_title_that_only_looks_like_a_column_name_stays(lines):
    assert "title.label" not in _removed(lines).values()


def test_a_users_own_rule_with_scope_head_removes_only_the_head(tmp_path):
    rules = tmp_path / "rules.tsv"
    rules.write_text("my.header\thead\tmy site's header\t本站资料仅作学习交流\n"
                     "my.footer\tline\tmy site's footer\t仅作学习交流\n", encoding="utf-8")
    head = "本站资料仅作学习交流，请勿转载。"
    _, removals = clean_text(head + GLUED_TEXT + P1, rules=rules, line_model=False,
                             return_removed=True, sections=False)
    assert [(r.text, r.rule, r.start) for r in removals] == [(head, "my.header", 0)]
    # the same pattern with scope line takes the whole line
    rules.write_text("my.footer\tline\tmy site's footer\t本站资料仅作学习交流\n", encoding="utf-8")
    _, removals = clean_text(head + GLUED_TEXT + P1, rules=rules, line_model=False,
                             return_removed=True, sections=False)
    assert [(r.rule, r.start) for r in removals] == [("my.footer", None)]
