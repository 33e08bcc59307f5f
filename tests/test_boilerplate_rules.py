"""Rule files: the fast "does any rule match this line" test agrees with trying every rule.

The boilerplate stage puts each group of rules behind one shared gate on the characters a
match can start with (and each rule behind its own). Gates are derived from the patterns, so
they must hold for any user rule file, including patterns that cannot be gated.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from unioncorpus import clean_text
from unioncorpus.boilerplate import _load_ruleset

ROOT = Path(__file__).resolve().parent.parent

USER_RULES = "\n".join([
    # gated by a literal, a class, a \d, a \s, an optional prefix and an anchor
    "u.literal\tline\tliteral\t本站推荐",
    "u.class\tshort\tclass\t[【\\[]\\s*广告",
    "u.digit\tshort\tdigit\t\\d+人(?:点赞|收藏)",
    "u.anchor\tshort\tanchor\t^\\s*(?:返回|回到)(?:顶部|首页)",
    "u.optional\tline\toptional\t(?:特别)?声明[:：]本文",
    # cannot be gated: starts with ".", ignores case (in a group), a back-reference
    "u.dot\tline\tdot\t.{2}免责",
    "u.case\tshort\tcase\t(?i:scan me)",
    "u.backref\tline\tbackref\t(哈)\\1{3}",
    # named groups: the same name in two rules cannot share one pattern
    "u.named1\tline\tnamed\t(?P<w>砸金蛋)赢好礼",
    "u.named2\tline\tnamed\t(?P<w>抽奖)送好礼",
    # a global flag written inline: cannot sit inside a shared pattern
    "u.flag\tshort\tflag\t(?i)^\\s*qq群",
    "u.span\tspan\tspan\twww\\.[a-z]+\\.com",
    "u.span_dot\tspan\tspan\t.水印",
]) + "\n"


@pytest.fixture()
def rules_file(tmp_path: Path) -> Path:
    path = tmp_path / "rules.tsv"
    path.write_text(USER_RULES, encoding="utf-8")
    return path


def _lines() -> list[str]:
    lines = []
    for page in sorted((ROOT / "data" / "raw").iterdir()):
        lines += [ln.strip() for ln in page.read_text(encoding="utf-8").split("\n") if ln.strip()]
    lines += ["本站推荐：工会工作总结", "【 广告 】", "已有12人点赞", "  返回顶部", "回到首页 >",
              "特别声明：本文仅供参考", "声明:本文", "以上免责", "SCAN ME please", "哈哈哈哈",
              "哈哈哈", "砸金蛋赢好礼", "抽奖送好礼", "QQ群：12345", "加入qq群", "详见www.example.com。", "本站水印", "水印", "学校工会积极开展送温暖活动。"]
    return lines


@pytest.mark.parametrize("rules", [None, "user"])
def test_gated_groups_agree_with_every_rule(rules, rules_file):
    rs = _load_ruleset(rules_file if rules == "user" else None)
    lines = _lines()
    for group, any_of in ((rs.short_rules, rs.any_short), (rs.long_rules, rs.any_long),
                          (rs.span_rules, rs.any_span),
                          (rs.short_rules + rs.span_rules, rs.any_short_or_span),
                          (rs.long_rules + rs.span_rules, rs.any_long_or_span)):
        hits = 0
        for line in lines:
            naive = any(r.source.search(line) for r in group)
            assert bool(any_of.search(line)) == naive, (line, [r.id for r in group])
            # each rule's own gate changes nothing either
            for r in group:
                assert bool(r.pattern.search(line)) == bool(r.source.search(line)), (r.id, line)
            hits += naive
        assert hits > 0  # every group is exercised by at least one line


def test_user_rules_remove_with_the_first_matching_rule(rules_file):
    page = ("学校工会工作总结\n本站推荐：以上免责\n哈哈哈哈\n已有12人点赞\n"
            "本学期，我校工会在党支部领导下，积极开展送温暖活动，慰问困难教职工二十余人次，"
            "组织教职工开展乒乓球比赛。详见www.example.com。")
    docs, removed = clean_text(page, rules=rules_file, return_removed=True)
    by_line = {r.line: r.rule for r in removed}
    # line 2 matches u.literal and u.dot: the earlier rule in the file wins
    assert by_line[2] == "u.literal"
    assert by_line[3] == "u.backref"
    assert by_line[4] == "u.digit"
    assert [r.text for r in removed if r.rule == "u.span"] == ["www.example.com"]
    assert "详见。" in docs[0].text


def test_lines_remembered_as_clear_give_the_same_cleaning(raw_pages, monkeypatch):
    from unioncorpus.boilerplate import rules as R
    from unioncorpus.pipeline import clean_text

    page = raw_pages[0].read_text(encoding="utf-8")
    memo = R._load_ruleset(None).clear
    memo.clear()
    first = clean_text(page, return_removed=True, sections=False)
    assert memo  # the page's clear lines are remembered
    second = clean_text(page, return_removed=True, sections=False)  # every line from the memo
    assert [d.text for d in first[0]] == [d.text for d in second[0]]
    assert [(r.line, r.rule, r.start) for r in first[1]] == [(r.line, r.rule, r.start)
                                                             for r in second[1]]
    memo.clear()
    monkeypatch.setattr(R, "MEMO_MAX", 3)
    third = clean_text(page, return_removed=True, sections=False)
    assert len(memo) == 3 and [d.text for d in third[0]] == [d.text for d in first[0]]
    memo.clear()
