"""Two pages of site families the samples do not show: a county education bureau's HTML
article page (menu, breadcrumb, info bar, share bar, prev/next links, site footer) and a
document-library text dump (site name in the title, page counters inside a sentence)."""

from __future__ import annotations

from pathlib import Path

import pytest

from unioncorpus import clean_files

PAGES = Path(__file__).parent / "pages"


@pytest.fixture(scope="module")
def result():
    return clean_files(PAGES, progress=False)


def _doc(result, name):
    [doc] = [d for d in result.documents if Path(d.source).name == name]
    return doc


def test_government_html_page(result):
    d = _doc(result, "gov.html")
    assert d.title == "城关第二小学2023年度工会工作总结"
    assert (d.school, d.year, d.published, d.doc_type) == ("城关第二小学", 2023, "2024-01-15",
                                                           "summary")
    assert d.text.startswith("2023年，我校工会在县教育工会")
    for chrome in ("机构概况", "您当前的位置", "浏览次数", "分享到", "上一篇", "主办单位", "ICP备"):
        assert chrome not in d.text
    assert [(s.marker, s.themes[0]) for s in d.sections] == [
        ("一、", "民主管理"), ("二、", "送温暖"), ("三、", "文体活动")]


def test_document_library_dump(result):
    d = _doc(result, "wenku.txt")
    assert d.title == "学校工会工作计划" and d.doc_type == "plan"
    assert "团结带领全体教职工为办人民满意的教育而努力奋斗。" in d.text  # joined across the page break
    for residue in ("百度文库", "第 1 页", "下载文档", "举报"):
        assert residue not in d.text
    assert [s.marker for s in d.sections if s.depth == 1] == ["一、", "二、", "三、"]
    assert [s.title for s in d.sections if s.depth == 2][:3] == [
        "加强师德师风建设，提高教职工的思想政治素质", "推进校务公开，落实教代会各项职权",
        "关心教职工生活，做好送温暖工作"]
