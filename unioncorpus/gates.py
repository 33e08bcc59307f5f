"""Make searches for many patterns cheap: gates on the characters a match can start with.

Python's regex engine scans quickly for a literal or a character set at the start of a
pattern, but a pattern that starts with an alternation, a group or a look-around is tried at
every position of the text. On prose that matches nothing, a lookahead on the possible first
characters rejects most positions with one test. The gates are derived from the patterns
themselves, so they hold for any user-written pattern, and never change what matches.
"""

from __future__ import annotations

import functools
import re


class _NoGate(Exception):
    pass


def _class_chars(op, av) -> set[str]:
    """The characters of a LITERAL or IN node (``\\d`` and ``\\s`` as themselves)."""
    from re import _constants as sre

    if op is sre.LITERAL:
        return {chr(av)}
    categories = {sre.CATEGORY_DIGIT: "\\d", sre.CATEGORY_SPACE: "\\s"}
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
    return chars


def _first_chars(items) -> tuple[set[str], bool]:
    """Characters a match of a parsed regex sequence can start with, and whether it can be
    empty. Raises _NoGate where the start is not a small known set (``.``, ``\\s``, ``^``)."""
    from re import _constants as sre

    first: set[str] = set()
    for op, av in items:
        if op is sre.LITERAL or op is sre.IN:
            return first | _class_chars(op, av), False
        if op is sre.BRANCH:
            empty = False
            for branch in av[1]:
                f, e = _first_chars(branch)
                first |= f
                empty = empty or e
            if not empty:
                return first, False
        elif op is sre.SUBPATTERN:
            f, e = _first_chars(av[3])
            if av[1] & sre.SRE_FLAG_IGNORECASE:
                f = _any_case(f)  # (?i:…): the gate lists every case
            first |= f
            if not e:
                return first, False
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            if av[1] == 0:  # x{0}: matches nothing (also what is left of x? once x is taken)
                continue
            f, e = _first_chars(av[2])
            first |= f
            if av[0] > 0 and not e:
                return first, False
        elif op in (sre.ASSERT, sre.ASSERT_NOT, sre.AT):
            continue  # zero-width (lookarounds, ^, $, \\b): the match starts with what follows
        else:
            raise _NoGate  # ^, \b, ., categories, group references: no cheap gate
    return first, True


# The characters outside ASCII that re's IGNORECASE matches to ASCII letters: İ ı ſ and the
# Kelvin sign (tests/test_gates.py checks every code point against this list).
_ASCII_FOLDS = "\u0130\u0131\u017f\u212a"


def _any_case(chars: set[str]) -> set[str]:
    """``chars`` with every character that matches one of them under IGNORECASE. Only ASCII
    is expanded (letters to both cases and the folds above): raises _NoGate for other cased
    characters. Han characters and categories (``\\d``, ``\\s``) have no case."""
    out = set(chars)
    for c in chars:
        if len(c) > 1 or c.lower() == c.upper() == c:
            continue  # a category, or a character without case (Han, digits, punctuation)
        if not c.isascii():
            raise _NoGate
        out |= {c.lower(), c.upper()}
        out.update(x for x in _ASCII_FOLDS if re.fullmatch(f"(?i:{re.escape(c)})", x))
    return out


_MAX_HEADS = 256  # ways to take a first character before the two-character gate gives up


def _heads(items, out: list, depth: int = 0) -> bool:
    """Append (characters, rest of the sequence) for each way a match of the parsed sequence
    ``items`` can take its first character; return whether the sequence can match empty.
    Raises _NoGate where the start is not a small known set, or there are too many ways."""
    from re import _constants as sre

    if depth > 32 or len(out) > _MAX_HEADS:
        raise _NoGate
    for i, (op, av) in enumerate(items):
        rest = list(items[i + 1:])
        if op is sre.LITERAL or op is sre.IN:
            out.append((_class_chars(op, av), rest))
            return False
        if op is sre.BRANCH:
            empty = False
            for branch in av[1]:
                empty = _heads(list(branch) + rest, out, depth + 1) or empty
            return empty
        if op is sre.SUBPATTERN:
            if av[1] & sre.SRE_FLAG_IGNORECASE:
                # Its characters in every case, with no second character: what follows the
                # first inside the group would have to be listed in every case too.
                chars, empty = _first_chars([(op, av)])
                out.append((chars, None))
                if not empty:
                    return False
                continue
            return _heads(list(av[3]) + rest, out, depth + 1)
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            low, high, body = av
            if high == 0:
                continue
            # One pass through the body takes the first character; the repeat goes on after.
            again = (op, (max(low - 1, 0), high if high == sre.MAXREPEAT else high - 1, body))
            empty = _heads([*body, again, *rest], out, depth + 1)
            if low == 0:
                empty = _heads(rest, out, depth + 1) or empty
            return empty
        if op in (sre.ASSERT, sre.ASSERT_NOT, sre.AT):
            continue  # zero-width: leaving it out only lets the gate pass more
        raise _NoGate
    return True


def gate_pairs(pattern: re.Pattern[str]) -> tuple[set[str], set[str], set[str]] | None:
    """A two-character gate: ``(firsts, seconds, alone)``. Every match starts with a
    character of ``firsts`` followed by one of ``seconds``, or with one of ``alone`` (where
    what may follow is not a small known set, or the match may end). None where there is not
    even a first-character gate (see :func:`gate_chars`)."""
    if gate_chars(pattern) is None:
        return None
    firsts: set[str] = set()
    seconds: set[str] = set()
    alone: set[str] = set()
    heads: list = []
    try:
        if _heads(list(_parsed(pattern.pattern, pattern.flags)), heads):
            return None
    except (_NoGate, RecursionError):
        chars = gate_chars(pattern)
        return (set(), set(), chars) if chars else None
    for chars, rest in heads:
        try:
            after, empty = _first_chars(rest) if rest is not None else (set(), True)
        except _NoGate:
            after, empty = set(), True
        if empty or not after:
            alone |= chars
        else:
            firsts |= chars
            seconds |= after
    return firsts, seconds, alone


def _pair_lookahead(pairs: tuple[set[str], set[str], set[str]]) -> str:
    """The lookahead of a two-character gate (see :func:`gate_pairs`)."""
    firsts, seconds, alone = pairs
    parts = [f"[{_char_class(firsts)}][{_char_class(seconds)}]"] if firsts else []
    if alone:
        parts.append(f"[{_char_class(alone)}]")
    return "(?=" + "|".join(parts) + ")"


@functools.lru_cache(maxsize=1024)
def _parsed(source: str, flags: int) -> tuple:
    """The parsed items of a pattern (gate_chars and gate_pairs both read them: parse once)."""
    from re import _parser

    return tuple(_parser.parse(source, flags).data)


def gate_chars(pattern: re.Pattern[str]) -> set[str] | None:
    """The characters every match of ``pattern`` starts with, or None where that set is not
    small and known (the pattern can match empty, starts with ``.``, ignores case, ...)."""
    try:
        chars, empty = _first_chars(_parsed(pattern.pattern, pattern.flags))
    except Exception:  # _NoGate, or a pattern the parser reads differently: no gate, no harm
        return None
    # Flags (also written inline, as a leading (?i) or (?s)) would not survive the wrapping.
    if empty or not chars or pattern.flags & ~re.UNICODE:
        return None
    return chars


def gated(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The same pattern behind a lookahead on its possible first two characters.

    Python's regex engine scans quickly for a character set at the start of a pattern but
    tries a pattern that starts with an alternation at every position; on prose lines that
    match nothing the gate makes a rule several times cheaper. It never changes what matches.
    """
    pairs = gate_pairs(pattern)
    if pairs is None:
        return pattern
    return re.compile(f"{_pair_lookahead(pairs)}(?:{pattern.pattern})", pattern.flags)


class AnyOf:
    """Stands in for the alternation of patterns that cannot be joined into one: ``starts``
    are tried at the start of the text only (``match``), ``patterns`` anywhere (``search``)."""

    def __init__(self, patterns: tuple[re.Pattern[str], ...],
                 starts: tuple[re.Pattern[str], ...] = ()) -> None:
        self.patterns = patterns
        self.starts = starts

    def search(self, line: str) -> re.Match[str] | None:
        for p in self.starts:
            if m := p.match(line):
                return m
        for p in self.patterns:
            if m := p.search(line):
                return m
        return None


def _top_branches(source: str) -> list[str]:
    """The alternatives of a pattern's top-level ``|`` (outside groups and classes)."""
    out, depth, in_class, start, i = [], 0, False, 0, 0
    while i < len(source):
        c = source[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            if source[i + 1:i + 2] == "^":
                i += 1
            if source[i + 1:i + 2] == "]":  # a ] first in a class is a literal
                i += 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            out.append(source[start:i])
            start = i + 1
        i += 1
    out.append(source[start:])
    return out


def any_of(patterns: tuple[re.Pattern[str], ...]) -> re.Pattern[str] | AnyOf:
    """Something with ``.search(text)`` that finds a match wherever any of ``patterns``
    does; only whether, not where or which (the match object it returns is not meaningful).

    The gated patterns become one alternation, each behind its own first-character gate,
    and the whole behind a shared gate on the first two characters of every pattern. That
    gate is written so the engine can skip ahead with its fast scan: the pattern starts with
    the class of all first characters, then looks back one character to try the rest there:
    ``[F](?<=(?=gate(?:alternation))[\\s\\S])``. On prose lines, which match nothing, this
    is about 40% cheaper than a lookahead at every position. Alternatives anchored at the
    start (``^…|…``) are tried there only, by ``match``: their first characters (often
    common ones, 工作…) would otherwise stop the scan all over the text. Patterns that cannot
    be gated are tried afterwards as one plain alternation. Patterns with named groups,
    back-references or flags cannot share one pattern (names would clash, numbers shift,
    flags would apply to all): then they are tried one by one.
    """
    if not patterns:
        return re.compile(r"(?!)")
    if any(p.groupindex or p.flags & ~re.UNICODE
           or (p.groups and re.search(r"\\\d|\(\?P=", p.pattern)) for p in patterns):
        return AnyOf(tuple(gated(p) for p in patterns))
    starts: list[str] = []
    anywhere: list[re.Pattern[str]] = []
    for p in patterns:
        branches = _top_branches(p.pattern)
        anchored = [b for b in branches if b.startswith(("^", "\\A"))]
        starts.extend(anchored)
        if len(anchored) < len(branches):
            anywhere.append(p if not anchored else re.compile(
                "|".join(b for b in branches if b not in anchored)))
    gates = [gate_chars(p) for p in anywhere]
    tried: list[re.Pattern[str]] = []
    gated_ = [(p, g) for p, g in zip(anywhere, gates, strict=True) if g is not None]
    if gated_:
        # Each alternative keeps its own gate: past the shared one, most still fail at once.
        body = "|".join(f"(?=[{_char_class(g)}])(?:{p.pattern})" for p, g in gated_)
        pairs = [gate_pairs(p) or (set(), set(), g) for p, g in gated_]
        shared = (set().union(*(f for f, _, _ in pairs)), set().union(*(s for _, s, _ in pairs)),
                  set().union(*(a for _, _, a in pairs)))
        every_first = set().union(*(g for _, g in gated_))
        tried.append(re.compile(f"[{_char_class(every_first)}]"
                                f"(?<=(?={_pair_lookahead(shared)}(?:{body}))[\\s\\S])"))
    rest = [f"(?:{p.pattern})" for p, g in zip(anywhere, gates, strict=True) if g is None]
    if rest:
        tried.append(re.compile("|".join(rest)))
    if not starts and len(tried) == 1:
        return tried[0]
    start = (re.compile("|".join(f"(?:{b})" for b in starts)),) if starts else ()
    return AnyOf(tuple(tried), start)


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
