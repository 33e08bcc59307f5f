"""Pages that hold prose but no document of a school-union corpus: off-topic pages (no school,
no document genre) and chatty blog posts about union work. Invented text."""

from __future__ import annotations

import json

import pytest

from unioncorpus import explain_lines
from unioncorpus.boilerplate.relevance import chatty_markers, load_relevance, off_topic_reason
from unioncorpus.cli import main
from unioncorpus.errors import LexiconError
from unioncorpus.pipeline import clean_text, iter_clean_files

# An industry union's news story: union and relief vocabulary, no school, no genre word.
INDUSTRY_NEWS = [
    "市交通运输工会开展冬日送温暖活动",
    "1月15日，市交通运输工会走访慰问一线货车司机和困难职工，为他们送去米面油、棉被等慰问品。",
    "工会负责人表示，将持续关心关爱职工生活，切实解决职工急难愁盼问题。",
]
# The same story from a school: 校 and 教 are there.
SCHOOL_NEWS = [
    "东风小学工会开展冬日送温暖活动",
    "1月15日，东风小学工会走访慰问困难教职工和退休教师，为他们送去米面油、棉被等慰问品。",
    "校工会负责人表示，将持续关心关爱教职工生活，切实解决教职工急难愁盼问题。",
]
# An industry union's annual summary: not a school, but a document genre this corpus collects.
INDUSTRY_SUMMARY = [
    "市交通运输工会2023年工作总结",
    "2023年，市交通运输工会在市总工会的领导下，团结带领广大职工，扎实推进各项工作。",
    "全年走访慰问困难职工一百二十余人次，发放慰问金十万余元，职工满意度不断提升。",
]
PERSONA_BLOG = [
    "Hey，小伙伴们！今天和大家聊聊小学工会一年都在忙些什么。",
    "工会每年都会组织教职工开展各种活动，比如教师节表彰、健康讲座等等，真的超级有意义。",
    "哈哈，是不是比你想象的有趣多了？",
]
# A lively school news item: two chatty families (an emoji, 小伙伴们), not three.
LIVELY_SCHOOL_NEWS = [
    "我校工会举办教职工趣味运动会🎉",
    "11月3日下午，我校工会在操场举办教职工趣味运动会，全校一百余名教职工参加。",
    "拔河、跳绳、托球跑等项目精彩纷呈，小伙伴们在欢声笑语中增进了友谊。",
]


def _rules(lines: list[str], **kw) -> set[str]:
    _, removals = clean_text("\n".join(lines), return_removed=True, sections=False, **kw)
    return {r.rule for r in removals}


def test_an_industry_union_news_story_is_off_topic():
    docs, removals = clean_text("\n".join(INDUSTRY_NEWS), return_removed=True, sections=False)
    assert docs == []
    # every line is accounted for, with the page-level rule and a reason that says what to do
    assert sorted(r.line for r in removals) == [1, 2, 3]
    assert {r.rule for r in removals} == {"page.off_topic"}
    assert "--keep-off-topic" in removals[0].reason


@pytest.mark.parametrize("lines", [SCHOOL_NEWS, INDUSTRY_SUMMARY, LIVELY_SCHOOL_NEWS])
def test_school_texts_and_document_genres_stay(lines):
    docs = clean_text("\n".join(lines), sections=False)
    assert len(docs) == 1
    assert lines[1] in docs[0].text


def test_a_chatty_blog_post_about_union_work_is_not_a_document():
    assert clean_text("\n".join(PERSONA_BLOG), sections=False) == []
    assert _rules(PERSONA_BLOG) == {"page.blog"}
    assert chatty_markers("\n".join(PERSONA_BLOG)) == ["Hey", "哈哈", "小伙伴们", "和大家聊聊"]


def test_a_chatty_family_counts_once_however_often_it_recurs():
    # a spam mirror scattering emoji through a real text: one family, not a blog
    text = "我校工会🙋组织教职工🌟开展健步走活动🎉，全校教职工踊跃参加👍。"
    assert chatty_markers(text) == ["🙋"]
    assert off_topic_reason([text]) is None


def test_latin_interjections_need_a_word_of_their_own():
    assert chatty_markers("this is within which") == []
    assert chatty_markers("HELLO，大家") == ["HELLO"]


def test_the_check_can_be_switched_off():
    for lines in (INDUSTRY_NEWS, PERSONA_BLOG):
        docs = clean_text("\n".join(lines), sections=False, relevance=False)
        assert len(docs) == 1


def test_a_users_own_relevance_file(tmp_path):
    own = tmp_path / "relevance.tsv"
    # a study of transport unions: 交通 counts as the sector's evidence
    own.write_text("school\t交通|运输\ngenre\t总结|计划\n", encoding="utf-8")
    docs = clean_text("\n".join(INDUSTRY_NEWS), sections=False, relevance=own)
    assert len(docs) == 1
    bad = tmp_path / "bad.tsv"
    bad.write_text("school\t校\nsector 交通\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="line 2"):
        load_relevance(bad)
    with pytest.raises(LexiconError, match="bad regular expression"):
        load_relevance(_write(tmp_path / "re.tsv", "school\t校(\ngenre\t总结\n"))


def test_a_bad_relevance_file_stops_a_batch_before_any_page(tmp_path):
    page = _write(tmp_path / "pages" / "a.txt", "\n".join(SCHOOL_NEWS))
    bad = _write(tmp_path / "bad.tsv", "school\n")
    with pytest.raises(LexiconError):
        iter_clean_files([page], relevance=bad, progress=False)


def test_cli_rejects_off_topic_pages_and_keeps_them_on_request(tmp_path):
    pages = tmp_path / "pages"
    _write(pages / "industry.txt", "\n".join(INDUSTRY_NEWS))
    _write(pages / "school.txt", "\n".join(SCHOOL_NEWS))
    assert main([str(pages), "-o", str(tmp_path / "out"), "-q"]) == 0
    docs = _jsonl(tmp_path / "out" / "documents.jsonl")
    assert [d["title"] for d in docs] == [SCHOOL_NEWS[0]]
    removed = _jsonl(tmp_path / "out" / "removed.jsonl")
    assert {r["rule"] for r in removed if r["source"].endswith("industry.txt")} == {"page.off_topic"}
    assert main([str(pages), "-o", str(tmp_path / "kept"), "-q", "--keep-off-topic"]) == 0
    assert len(_jsonl(tmp_path / "kept" / "documents.jsonl")) == 2


def test_explain_shows_the_page_level_decision():
    rows = explain_lines("\n".join(INDUSTRY_NEWS))
    assert [r["rule"] for r in rows] == ["page.off_topic"] * 3
    assert {r["decision"] for r in rows} == {"removed"}
    rows = explain_lines("\n".join(INDUSTRY_NEWS), relevance=False)
    assert {r["decision"] for r in rows} == {"kept"}


def _write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_an_edited_relevance_file_is_read_again(tmp_path):
    own = _write(tmp_path / "relevance.tsv", "school\t交通\ngenre\t总结\n")
    assert len(clean_text("\n".join(INDUSTRY_NEWS), sections=False, relevance=own)) == 1
    _write(own, "school\t校\ngenre\t总结|计划\n")  # the user edits it in the same session
    assert clean_text("\n".join(INDUSTRY_NEWS), sections=False, relevance=own) == []
