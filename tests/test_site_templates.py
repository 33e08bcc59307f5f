"""Site templates: lines recurring across many pages of one site (folder) are that site's
chrome and go with rule ``site_template``; document text copied between pages stays."""

from __future__ import annotations

import json

import pytest

from unioncorpus import clean_files
from unioncorpus.boilerplate.templates import could_be_template, learn_templates
from unioncorpus.cli import main

CHROME = ["晨光教育资讯中心", "栏目：学校工会", "晨光教育资讯中心 版权声明 联系我们 · 投诉建议"]
SHARED_SENTENCE = "为了让广大教职工感到学校的温暖，工会坚持开展生日慰问和节日慰问活动。"


def _page(k: int) -> str:
    return "\n".join([
        *CHROME[:2],
        f"第{k}小学2023年工会工作总结",
        f"本年度，第{k}小学工会在校党支部领导下，围绕学校中心工作，组织教职工开展了{k + 3}项活动。",
        "一、加强师德建设",
        f"工会组织教职工学习师德规范{k}次，评选出师德标兵{k + 1}名，全校形成了比学赶超的氛围。",
        "二、关心教职工生活",
        SHARED_SENTENCE,
        CHROME[2],
    ])


@pytest.fixture()
def site(tmp_path):
    folder = tmp_path / "site_a"
    folder.mkdir()
    for k in range(1, 7):
        (folder / f"{k}.txt").write_text(_page(k), encoding="utf-8")
    return folder


def test_site_chrome_goes_and_shared_text_stays(site):
    result = clean_files([site], progress=False)
    assert len(result.documents) == 6
    for d in result.documents:
        for chrome in CHROME:
            assert chrome not in d.text and chrome != d.title
        assert SHARED_SENTENCE in d.text  # template reuse is content
        assert [s.marker for s in d.sections] == ["一、", "二、"]  # recurring headings stay
    rules = {r.rule for r in result.removed if r.text in CHROME}
    assert rules == {"site_template"}
    assert sum(r.rule == "site_template" for r in result.removed) == 6 * len(CHROME)


def test_off_without_templates_and_not_learned_from_few_pages(site, tmp_path):
    off = clean_files([site], progress=False, site_templates=False)
    assert not any(r.rule == "site_template" for r in off.removed)
    few = tmp_path / "site_b"
    few.mkdir()
    for k in range(1, 3):
        (few / f"{k}.txt").write_text(_page(k), encoding="utf-8")
    res = clean_files([few], progress=False)
    assert not any(r.rule == "site_template" for r in res.removed)


def test_cli_switch(site, tmp_path):
    assert main([str(site), "-o", str(tmp_path / "o1"), "-q"]) == 0
    assert main([str(site), "-o", str(tmp_path / "o2"), "-q", "--no-site-templates"]) == 0

    def rules(out):
        return {json.loads(x)["rule"] for x in (out / "removed.jsonl").open(encoding="utf-8")}

    assert "site_template" in rules(tmp_path / "o1")
    assert "site_template" not in rules(tmp_path / "o2")


@pytest.mark.parametrize("line, expected", [
    ("晨光教育资讯中心", True),
    ("栏目：学校工会", True),
    ("一、加强师德建设", False),  # a numbered heading is never template
    (SHARED_SENTENCE, False),  # a sentence is never template
    ("工会组织教职工开展健步走活动，参加人数达到八十余人。", False),
    ("x" * 61, False),
    ("指导思想", False),  # a part name: template sites repeat it on every plan
    ("主要工作：", False),
])
def test_what_can_be_template(line, expected):
    assert could_be_template(line) is expected


def test_learning_counts_a_line_once_per_page():
    pages = [("s", "甲\n甲\n甲"), ("s", "乙"), ("s", "乙"), ("s", "丙")]
    assert learn_templates(pages, min_pages=4, min_share=0.5) == {"s": frozenset({"乙"})}


def _html(k: int, host: str, chrome: str) -> str:
    body = _page(k).replace(CHROME[0], "").replace(CHROME[1], "").replace(CHROME[2], "")
    paras = "".join(f"<p>{line}</p>" for line in body.split("\n") if line)
    return (f'<html><head><link rel="canonical" href="https://{host}/a/{k}.html"></head>'
            f"<body><div>{chrome}</div>{paras}</body></html>")


def test_html_pages_are_grouped_by_their_own_address(tmp_path):
    """One folder holding pages of two sites: each site's chrome is learned from its own pages
    (named by their canonical link), and a site with too few pages learns nothing."""
    folder = tmp_path / "mixed"
    folder.mkdir()
    for k in range(1, 5):
        (folder / f"a{k}.html").write_text(_html(k, "www.site-a.example", "甲站资料中心"),
                                           encoding="utf-8")
    for k in range(1, 3):
        (folder / f"b{k}.html").write_text(_html(k, "m.site-b.example", "乙站学习频道"),
                                           encoding="utf-8")
    result = clean_files([folder], progress=False)
    gone = {r.text for r in result.removed if r.rule == "site_template"}
    assert "甲站资料中心" in gone and "乙站学习频道" not in gone
    assert sum(r.text == "甲站资料中心" and r.rule == "site_template" for r in result.removed) == 4
