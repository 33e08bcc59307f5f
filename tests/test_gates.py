"""Gates never change what matches: for tricky pattern shapes and arbitrary text, the gated
pattern finds the same matches, ``any_of`` answers as trying each pattern does, and every
match starts where the two-character gate lets it."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unioncorpus.gates import any_of, gate_chars, gate_pairs, gated

# Shapes whose first or second character is easy to get wrong: optional and repeated
# starts, a match that may be one character long, alternatives of different lengths,
# zero-width parts (anchors, lookarounds, \b) before and after the first character, classes
# with \s and \d, and patterns that cannot be gated at all.
PATTERNS = [
    "本站", "a", "ab|a$", "a?b", "(?:ab)+c", "a{2,3}", "a{0,2}b", "(ab|c)d", "a\\s*b",
    "[ab][^a]", "a(?=b)", "a\\b", "(?<=b)a", "^\\s*a", "\\d+本", "a(?:b|)$", "(?:a|b\\s)c?",
    "[（(]\\s*\\d+\\s*篇", "本(?:站|文)?$", "a*b", "(?:a?){3}c", "ab*", ".a", "(?i:ab)",
    "\\d{1,3}%", "(?:本站|)a", "a|b|c", "站(?!点)", "\\s", "[\\d\\s]本",
    "本站|(?i:ks|ab)", "(?i:k)?本", "(?i:[a-c]s)", "(?i:é)", "x(?i:ab)",
    # alternatives anchored at the start, which any_of tries there only
    "^a|b", "^\\s*本站|站点", "\\Aab|c", "(?:^a|b)c", "a|^$", "^(?:本|文)[|]站", "[|^]a|^b",
]
# Letters in both cases and the characters IGNORECASE folds onto them (K, ſ, ı, İ).
ALPHABET = "ab c\n1本站点文（(篇%AKksS\u212a\u017f\u0131\u0130éÉ"

text_st = st.text(st.sampled_from(ALPHABET), max_size=12)


def _compiled() -> list[re.Pattern[str]]:
    return [re.compile(p) for p in PATTERNS]


@settings(max_examples=300, deadline=None)
@given(text=text_st)
def test_gated_patterns_match_the_same(text: str) -> None:
    for p in _compiled():
        assert [m.span() for m in gated(p).finditer(text)] == \
            [m.span() for m in p.finditer(text)], p.pattern


@settings(max_examples=300, deadline=None)
@given(text=text_st, chosen=st.lists(st.sampled_from(PATTERNS), min_size=1, max_size=6))
def test_any_of_agrees_with_trying_each(text: str, chosen: list[str]) -> None:
    patterns = tuple(re.compile(p) for p in chosen)
    want = any(p.search(text) for p in patterns)
    assert bool(any_of(patterns).search(text)) == want, chosen


@settings(max_examples=300, deadline=None)
@given(text=text_st)
def test_every_match_passes_the_two_character_gate(text: str) -> None:
    for p in _compiled():
        pairs = gate_pairs(p)
        if pairs is None:
            continue
        firsts, seconds, alone = pairs
        for i in range(len(text) + 1):
            if p.match(text, i) is None:  # every place a match can start, overlapping too
                continue
            head = text[i:i + 2]
            assert _in(head[:1], alone) or (_in(head[:1], firsts) and _in(head[1:], seconds)), \
                (p.pattern, text, i)


def _in(ch: str, chars: set[str]) -> bool:
    """``ch`` (one character; empty at the end of the text) is in a gate's set."""
    return bool(ch) and (ch in chars or ("\\s" in chars and ch.isspace())
                         or ("\\d" in chars and ch.isdecimal()))


@pytest.mark.parametrize("pattern, firsts, seconds, alone", [
    ("本站|本文", {"本"}, {"站", "文"}, set()),
    ("a?b", {"a"}, {"b"}, {"b"}),        # b may be the whole match
    ("(?:ab)+c", {"a"}, {"b"}, set()),
    ("a\\s*b", {"a"}, {"\\s", "b"}, set()),
    ("a{2,3}", {"a"}, {"a"}, set()),
])
def test_gate_pairs_of_simple_patterns(pattern, firsts, seconds, alone) -> None:
    assert gate_pairs(re.compile(pattern)) == (firsts, seconds, alone)


def test_ungateable_patterns_have_no_gate() -> None:
    for p in (".a", "(?i:é)", "(?i)ab", "\\s*", "a|"):
        assert gate_chars(re.compile(p)) is None
        assert gate_pairs(re.compile(p)) is None


def test_case_insensitive_groups_gate_on_every_case() -> None:
    assert gate_pairs(re.compile("(?i:ks)|本站")) == (
        {"本"}, {"站"}, {"k", "K", "\u212a"})
    assert gate_chars(re.compile("(?i:s)")) == {"s", "S", "\u017f"}
    for text in ("COPYRIGHT 2024", "copyright", "All Rights Reserved"):
        rule = re.compile("版权所有|(?i:copyright|all rights reserved)")
        assert gated(rule).search(text) and any_of((rule, re.compile("本站"))).search(text)


def test_ascii_folds_are_every_non_ascii_character_ignorecase_matches_to_ascii() -> None:
    from unioncorpus.gates import _ASCII_FOLDS

    ascii_any_case = re.compile("(?i:[\\x00-\\x7f])")
    found = {chr(c) for c in range(0x80, 0x110000)
             if not 0xD800 <= c <= 0xDFFF and ascii_any_case.fullmatch(chr(c))}
    assert found == set(_ASCII_FOLDS)


def test_top_level_alternatives():
    from unioncorpus.gates import _top_branches

    assert _top_branches("^a|(b|c)|[|^]d|\\|e") == ["^a", "(b|c)", "[|^]d", "\\|e"]
    assert _top_branches("[]|]x|y") == ["[]|]x", "y"]
