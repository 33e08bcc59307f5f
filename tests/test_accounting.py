"""Nothing disappears unaccounted: every non-empty input line ends up in a document (title or
text) or in the removals, and its text can be found there."""

from __future__ import annotations

import re

import pytest

from unioncorpus import clean_text
from unioncorpus.normalise import normalise_text
from unioncorpus.read import read_page


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def _check_accounting(raw: str, source: str) -> None:
    docs, removals = clean_text(raw, source=source, return_removed=True)
    normalised, _ = normalise_text(raw)
    in_docs = {n for d in docs for n in d.lines}
    removed_whole = {r.line for r in removals if r.start is None}
    removed_spans: dict[int, list[str]] = {}
    for r in removals:
        if r.start is not None:
            removed_spans.setdefault(r.line, []).append(r.text)
    everything = _squash("\n".join((d.title or "") + "\n" + d.text for d in docs))
    for no, line in enumerate(normalised.split("\n"), 1):
        if not line.strip():
            continue
        assert no in in_docs or no in removed_whole, f"{source}:{no} lost: {line[:60]!r}"
        if no in removed_whole and no not in in_docs:
            continue
        # The line's text (less any removed spans) is in a document.
        rest = line
        for span in removed_spans.get(no, []):
            rest = rest.replace(span, "", 1)
        rest = re.sub(r"^第\s*\S{1,3}\s*篇\s*[:：、.]?", "", rest.strip())
        piece = _squash(rest)[:20]
        assert piece in everything, f"{source}:{no} text not found in any document: {piece!r}"


def test_sample_pages_account_for_every_line(raw_pages):
    for path in raw_pages:
        page = read_page(path)
        _check_accounting(page.text, str(path))


@pytest.mark.parametrize("raw", [
    "学校工会工作总结\n\n当前位置：首页 > 工作总结\n本学期，我校工会在党支部的领导下，积极开展送温暖活动，慰问困难"
    "教职工二十余人次。\n组织教职工开展乒乓球比赛和拔河比赛，丰富了教职工的业余生活，增强了凝聚力。\n"
    "工会坚持召开教代会，推进校务公开，广泛听取教职工的意见和建议。(www.example.com)\n免责声明：本文来源于网络。",
    "标签：工会 总结 计划\n相关文章：\n工会工作总结10-27\n工会工作计划11-02\n",
])
def test_invented_pages_account_for_every_line(raw):
    _check_accounting(raw, "case.txt")
