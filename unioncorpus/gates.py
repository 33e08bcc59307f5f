"""Make searches for many patterns cheap: gates on the characters a match can start with.

Python's regex engine scans quickly for a literal or a character set at the start of a
pattern, but a pattern that starts with an alternation, a group or a look-around is tried at
every position of the text. On prose that matches nothing, a lookahead on the possible first
characters rejects most positions with one test. The gates are derived from the patterns
themselves, so they hold for any user-written pattern, and never change what matches.
"""

from __future__ import annotations

import re


class _NoGate(Exception):
    pass


def _first_chars(items) -> tuple[set[str], bool]:
    """Characters a match of a parsed regex sequence can start with, and whether it can be
    empty. Raises _NoGate where the start is not a small known set (``.``, ``\\s``, ``^``)."""
    from re import _constants as sre

    # \\d and \\s stand in the set as themselves; the class written from it keeps them.
    categories = {sre.CATEGORY_DIGIT: "\\d", sre.CATEGORY_SPACE: "\\s"}
    first: set[str] = set()
    for op, av in items:
        if op is sre.LITERAL:
            return first | {chr(av)}, False
        if op is sre.IN:
            chars = set()
            for iop, iav in av:
                if iop is sre.LITERAL:
                    chars.add(chr(iav))
                elif iop is sre.RANGE and iav[1] - iav[0] < 64:
                    chars.update(chr(c) for c in range(iav[0], iav[1] + 1))
                elif iop is sre.CATEGORY and iav in categories:
                    chars.add(categories[iav])
                else:
                    raise _NoGate
            return first | chars, False
        if op is sre.BRANCH:
            empty = False
            for branch in av[1]:
                f, e = _first_chars(branch)
                first |= f
                empty = empty or e
            if not empty:
                return first, False
        elif op is sre.SUBPATTERN:
            if av[1] & sre.SRE_FLAG_IGNORECASE:
                raise _NoGate  # (?i:…): the gate would have to list every case
            f, e = _first_chars(av[3])
            first |= f
            if not e:
                return first, False
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            f, e = _first_chars(av[2])
            first |= f
            if av[0] > 0 and not e:
                return first, False
        elif op in (sre.ASSERT, sre.ASSERT_NOT, sre.AT):
            continue  # zero-width (lookarounds, ^, $, \\b): the match starts with what follows
        else:
            raise _NoGate  # ^, \b, ., categories, group references: no cheap gate
    return first, True


def gate_chars(pattern: re.Pattern[str]) -> set[str] | None:
    """The characters every match of ``pattern`` starts with, or None where that set is not
    small and known (the pattern can match empty, starts with ``.``, ignores case, ...)."""
    from re import _parser

    try:
        chars, empty = _first_chars(_parser.parse(pattern.pattern, pattern.flags).data)
    except Exception:  # _NoGate, or a pattern the parser reads differently: no gate, no harm
        return None
    # Flags (also written inline, as a leading (?i) or (?s)) would not survive the wrapping.
    if empty or not chars or pattern.flags & ~re.UNICODE:
        return None
    return chars


def gated(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The same pattern behind a lookahead on its possible first characters.

    Python's regex engine scans quickly for a character set at the start of a pattern but
    tries a pattern that starts with an alternation at every position; on prose lines that
    match nothing the gate makes a rule several times cheaper. It never changes what matches.
    """
    chars = gate_chars(pattern)
    if chars is None:
        return pattern
    return re.compile(f"(?=[{_char_class(chars)}])(?:{pattern.pattern})", pattern.flags)


class AnyOf:
    """Stands in for the alternation of patterns that cannot be joined into one."""

    def __init__(self, patterns: tuple[re.Pattern[str], ...]) -> None:
        self.patterns = patterns

    def search(self, line: str) -> re.Match[str] | None:
        return next((m for p in self.patterns if (m := p.search(line))), None)


def any_of(patterns: tuple[re.Pattern[str], ...]) -> re.Pattern[str] | AnyOf:
    """One pattern that matches where any of ``patterns`` does (only whether, not which).

    The alternation sits behind one lookahead on all the first characters: one cheap test per
    position instead of one per rule, which makes the test of a prose line about three times
    cheaper; patterns that cannot be gated are tried as they are. Patterns with
    named groups, back-references or flags cannot share one pattern (names would clash,
    numbers shift, flags would apply to all): then they are tried one by one.
    """
    if not patterns:
        return re.compile(r"(?!)")
    if any(p.groupindex or p.flags & ~re.UNICODE
           or (p.groups and re.search(r"\\\d|\(\?P=", p.pattern)) for p in patterns):
        return AnyOf(tuple(gated(p) for p in patterns))
    gates = [gate_chars(p) for p in patterns]
    # Each alternative keeps its own gate: past the shared one, most rules still fail at once.
    # Only whether something matches is asked, so the order of the alternatives is free: the
    # patterns without a gate stand after the gated group, which keeps its shared gate.
    gated_body = "|".join(f"(?=[{_char_class(g)}])(?:{p.pattern})"
                          for p, g in zip(patterns, gates, strict=True) if g is not None)
    alternatives = [f"(?:{p.pattern})" for p, g in zip(patterns, gates, strict=True)
                    if g is None]
    if gated_body:
        shared = set().union(*(g for g in gates if g is not None))
        alternatives.insert(0, f"(?=[{_char_class(shared)}])(?:{gated_body})")
    return re.compile("|".join(alternatives))


def _char_class(chars: set[str]) -> str:
    """A compact character class body: runs of consecutive code points become ranges;
    ``\\d`` and ``\\s`` are kept as classes."""
    cats = "".join(sorted(c for c in chars if len(c) > 1))
    chars = {c for c in chars if len(c) == 1}
    if not chars:
        return cats
    points = sorted(map(ord, chars))
    parts, start, prev = [], points[0], points[0]
    for p in [*points[1:], -2]:
        if p == prev + 1:
            prev = p
            continue
        a, b = re.escape(chr(start)), re.escape(chr(prev))
        parts.append(a if start == prev else f"{a}-{b}")
        start = prev = p
    return "".join(parts) + cats
