"""Strip site boilerplate line by line, keeping an audit record of everything removed.

Two kinds of rule:

* pattern rules, read from ``lexicons/boilerplate.tsv`` (site chrome, metadata lines, SEO
  intros, disclaimers, library residue, ads, field codes, watermark URLs);
* structural rules, written here because a pattern cannot express them: related-article
  lists (a header and the title lines after it), teaser lines (a cut copy of what follows),
  repeated titles, page-number lines, keyword lists, and pages with no prose at all.

Every removed line or span becomes a :class:`~unioncorpus.models.Removal`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..errors import LexiconError
from ..gates import AnyOf, any_of, gated
from ..markers import is_heading
from ..models import Removal
from ..normalise import CJK, han_count
from ..resources import file_stamp, lexicon_lines, package_lexicon
from .templates import template_key

SCOPES = ("line", "head", "short", "span")
SHORT_LINE = 80  # longer lines are prose, never "short" chrome; see boilerplate.tsv
MEMO_MAX = 50_000  # lines remembered as matching no rule (a few MB; see RuleSet.clear)
# A page needs this many Han characters in sentence lines (15+ characters with clause
# punctuation) to hold a document: two short sentences pass, a keyword or tag page does not.
NO_PROSE_MIN = 30

_SENT_END = tuple("。！？!?")
_LIST_ITEM_END = (*_SENT_END, "；", "：", ":")
_TITLE_PUNCT = re.compile("[。！？；;，,]")
_KEYWORD_EXCLUDE = re.compile("[。！？：:等]")
_CJK_RE = re.compile(f"[{CJK}]")
_CJK_RUN = re.compile(f"[{CJK}]+")
_DATE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_ELLIPSIS_END = re.compile(r"(?:\.{3,}|…+|。{3,}|\.{2,}…*)\s*$")
_PAGE_NUMBER = re.compile(r"^\s*(?:[-—–]\s*)?\d{1,3}(?:\s*[-—–])?\s*$|^\s*第\s*\d{1,3}\s*页\s*$")
_RELATED_HEAD = re.compile(
    r"相关(?:文章|推荐|阅读|范文|内容|链接|专题|搜索|资料)|猜你喜欢|热门(?:文章|推荐|范文|阅读|标签)"
    r"|推荐(?:阅读|文章|范文)|延伸阅读|精彩推荐|最新(?:文章|范文|更新|发布)|大家都在看|看了.{0,20}还看了"
    r"|你可能(?:还)?(?:感兴趣|喜欢)|更多.{0,10}(?:范文|文章|资料|相关)|本文相关|同类文章|相关热搜"
)
# A listed article: a title with a trailing date (企业工会年度工作总结10-27).
_TITLE_DATE = re.compile(r"^.{2,60}?\s*(?:\d{4}[-/.])?\d{1,2}[-/.]\d{1,2}\s*$|^.{2,60}?\s*\d{4}年\d{1,2}月\d{1,2}日\s*$")
# Metadata keys after which a date is the publish date (发布时间:2009-08-09 09:12:27).
_PUBLISH_KEY = re.compile(r"(发布|发表|更新|上传|录入|添加|时间|日期)\s*[:：]?\s*(19|20)\d{2}\s*[-/.年]")
# 城南小学工会工作计划_工作计划_好范文网 / …总结 - 第一范文网 / …计划|xx教育网
_SITE_SUFFIX = re.compile(r"^(.{4,40}?)\s*(?:[_|｜]|\s[-–—]\s|——)\s*(?:[^_|｜]{1,12}[_|｜]\s*)*"
                          r"[^_|｜]{0,16}(?:网|站|文库|范文|在线|之家|资源库|大全)\s*$")
# Every separator _SITE_SUFFIX needs holds one of these: a cheap test before the pattern.
_SUFFIX_SEP = re.compile("[_|｜\\-–—]")
_PAGE_BREAK_RULES = frozenset({"layout.page_number", "library.pages"})
_CLAUSE_PUNCT = re.compile("[，。；！？]")
_KEYWORD_SPLIT = re.compile(r"[\s,，、|/;；_]+")


@dataclass(frozen=True)
class Rule:
    """One pattern rule from a boilerplate file."""

    id: str
    scope: str
    reason: str
    pattern: re.Pattern[str]  # the file's pattern behind a gate on its first characters
    source: re.Pattern[str]  # the file's pattern as written


@dataclass(slots=True)
class Line:
    """A kept line: its text, the input line numbers it came from, and whether a break
    (blank line or removed line) stood before it, across which lines are never joined."""

    nos: tuple[int, ...]
    text: str
    gap_before: bool = False


@dataclass
class StripResult:
    """Output of :func:`strip_boilerplate`."""

    lines: list[Line]
    removals: list[Removal]
    published: str | None = None
    rejected: str | None = None
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class RuleSet:
    """Rules of one file, grouped by the lines they can apply to: a long line (prose) is
    only tried against the "line"- and "head"-scope rules."""

    rules: tuple[Rule, ...]
    short_rules: tuple[Rule, ...]  # all line rules: a short line may match any of them
    long_rules: tuple[Rule, ...]  # "line" and "head" rules: all that can match a long line
    span_rules: tuple[Rule, ...]
    # Each group as one alternation of the gated patterns: one call tells whether any rule
    # matches (most lines match none), a third cheaper than trying the rules one by one.
    any_short: re.Pattern[str] | AnyOf
    any_long: re.Pattern[str] | AnyOf
    any_span: re.Pattern[str] | AnyOf
    # The line rules and the span rules together: most lines match neither, which one scan
    # of the line tells (a third cheaper on prose than two scans).
    any_short_or_span: re.Pattern[str] | AnyOf
    any_long_or_span: re.Pattern[str] | AnyOf
    # Lines no rule matches, by text: a corpus repeats its lines (a site's chrome on each of
    # its pages, template paragraphs copied into thousands of reports), and a repeated line
    # is looked up rather than scanned again. Only whether no rule matches is kept, which
    # depends on the text alone; the memo stops growing at MEMO_MAX lines.
    clear: dict[str, bool] = field(default_factory=dict, compare=False, hash=False)


@lru_cache(maxsize=8)
def _ruleset(path: str, stamp: tuple[int, int] = (0, 0)) -> RuleSet:
    rules = _load_rules(path)
    line_rules = tuple(r for r in rules if r.scope != "span")
    long_rules = tuple(r for r in rules if r.scope in ("line", "head"))
    span_rules = tuple(r for r in rules if r.scope == "span")

    def group(rules: tuple[Rule, ...]) -> re.Pattern[str] | AnyOf:
        return any_of(tuple(r.source for r in rules))

    return RuleSet(rules, line_rules, long_rules, span_rules, group(line_rules),
                   group(long_rules), group(span_rules), group(line_rules + span_rules),
                   group(long_rules + span_rules))


@lru_cache(maxsize=1)
def _default_rules_path() -> str:
    return str(package_lexicon("boilerplate.tsv").resolve())


def _load_rules(path: str) -> tuple[Rule, ...]:  # cached as part of _ruleset
    rules = []
    for no, text in lexicon_lines(path):
        parts = text.split("\t")
        if len(parts) != 4:
            raise LexiconError(path, no, "expected 4 TAB-separated fields: id, scope, reason, "
                                         "pattern")
        rid, scope, reason, pat = (p.strip() for p in parts)
        if scope not in SCOPES:
            raise LexiconError(path, no, f"scope {scope!r} is not one of {', '.join(SCOPES)}")
        try:
            rx = re.compile(pat)
        except re.error as e:
            raise LexiconError(path, no, f"bad regular expression: {e}") from e
        rules.append(Rule(rid, scope, reason, gated(rx), rx))
    return tuple(rules)


def load_rules(path: str | os.PathLike | None = None) -> tuple[Rule, ...]:
    """Load boilerplate pattern rules (the packaged file by default), cached per file."""
    return _load_ruleset(path).rules


def _load_ruleset(path: str | os.PathLike | None) -> RuleSet:
    if path is None:
        return _ruleset(_default_rules_path())
    # A user's file is keyed by its modification time and size too: edited in a notebook
    # session, it is read again rather than served from the cache (as other lexicons are).
    real = os.path.realpath(path)
    try:
        stamp = file_stamp(real)
    except OSError:
        stamp = (0, 0)  # missing: _load_rules says so
    return _ruleset(real, stamp)


def is_title_like(line: str) -> bool:
    """A short line with no sentence punctuation that is not a numbered heading."""
    s = line.strip()
    return (2 <= len(s) <= 40 and not _TITLE_PUNCT.search(s) and bool(_CJK_RE.search(s))
            and not is_heading(s))


def find_date(text: str) -> str | None:
    """The first full date in ``text`` as ``YYYY-MM-DD``, or None."""
    m = _DATE.search(text)
    if not m:
        return None
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if 1 <= mo <= 12 and 1 <= d <= 31:
        return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


def strip_boilerplate(text: str, source: str = "<text>", *,
                      rules: str | os.PathLike | None = None,
                      line_model: Any = None,
                      templates: Collection[str] | None = None,
                      relevance: str | os.PathLike | bool | None = None) -> StripResult:
    """Remove boilerplate from a normalised page.

    Parameters:
        text: the page after :func:`~unioncorpus.normalise.normalise_text`.
        source: recorded in every removal.
        rules: a boilerplate TSV file replacing the packaged one.
        line_model: the line model judging what the rules kept: None for the packaged one,
            a :class:`~unioncorpus.boilerplate.model.LineModel` or its file, False for the
            rules alone.
        templates: keys (:func:`~unioncorpus.boilerplate.templates.template_key`) of the
            lines learned as this page's site template; such lines go with rule
            ``site_template``.
        relevance: the page-relevance patterns (:mod:`~unioncorpus.boilerplate.relevance`):
            None for the packaged ones, a file of one's own, or False to keep off-topic pages
            and blog posts.

    Returns:
        A :class:`StripResult`: kept lines (with input line numbers), removals, the publish
        date found in a metadata line, and ``rejected`` (a reason) when the page has no prose.
    """
    kept, removals, published = _strip(text, source, rules, templates)
    if line_model is not False:
        from .model import apply_line_model

        kept = apply_line_model(kept, removals, source, line_model)
    removals.sort(key=lambda r: (r.line, r.start if r.start is not None else -1))
    result = StripResult(kept, removals, published)
    rule, reason = "page.no_prose", _no_prose(kept)
    if not reason and relevance is not False:
        from .relevance import off_topic_reason

        found = off_topic_reason([ln.text for ln in kept],
                                 None if relevance in (None, True) else relevance)
        if found:
            rule, reason = found
    if reason:
        for ln in kept:
            removals.append(Removal(source, ln.nos[0], ln.text, rule, reason))
        removals.sort(key=lambda r: (r.line, r.start if r.start is not None else -1))
        result.lines = []
        result.rejected = reason
    return result


def _rule_lines(text: str, *, rules: str | os.PathLike | None = None) -> list[Line]:
    """The lines the rules keep (before the line model and the no-prose test)."""
    return _strip(text, "<text>", rules, None)[0]


def _strip(text: str, source: str, rules: str | os.PathLike | None,
           templates: Collection[str] | None) -> tuple[list[Line], list[Removal], str | None]:
    rs = _load_ruleset(rules)
    memo = rs.clear
    removals: list[Removal] = []
    kept: list[Line] = []
    published: str | None = None
    gap = False

    def drop(no: int, txt: str, rule: str, reason: str) -> None:
        nonlocal gap
        removals.append(Removal(source, no, txt, rule, reason))
        # A page break (a page number or a 第1页共2页 counter) can fall inside a sentence:
        # the lines around it may still be joined. Any other removed line is a break.
        gap = gap or rule not in _PAGE_BREAK_RULES

    for no, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        if not line:
            gap = True
            continue
        if templates and template_key(line) in templates:
            drop(no, line, "site_template", "recurs on many pages of this site (site template)")
            continue
        # Short: not prose, so every line rule applies (line is stripped already).
        short = len(line) <= SHORT_LINE and not line.endswith(_SENT_END)
        clear = memo.get(line)
        if clear is None:
            clear = not (rs.any_short_or_span if short else rs.any_long_or_span).search(line)
            if len(memo) < MEMO_MAX:
                memo[line] = clear
        if clear:
            if _PAGE_NUMBER.match(line):  # no rule matches: only a page number can go
                drop(no, line, "layout.page_number", "page number on a line of its own")
            else:
                kept.append(Line((no,), line, gap))
                gap = False
            continue
        hit = None
        if (rs.any_short if short else rs.any_long).search(line):
            hit = next(r for r in (rs.short_rules if short else rs.long_rules)
                       if r.pattern.search(line))
        if hit is not None:
            head = _glued_head(line, hit, rs) if not short else None
            if head is None:
                if published is None and (hit.id.startswith("meta.") or _PUBLISH_KEY.search(line)):
                    published = find_date(line)
                drop(no, line, hit.id, hit.reason)
                continue
            # Chrome glued to the head of a text (a one-line page): only the head goes.
            removals.append(Removal(source, no, line[:head], hit.id,
                                    hit.reason + " (glued to the head of the text)", 0, head))
            line = line[head:].strip()
        if _PAGE_NUMBER.match(line):
            drop(no, line, "layout.page_number", "page number on a line of its own")
            continue
        rest, spans = (_remove_spans(line, rs.span_rules) if rs.any_span.search(line)
                       else (line, []))
        if spans:
            left = rest.strip()
            if not left or _PAGE_NUMBER.match(left) or not (
                    _CJK_RE.search(left) or re.search(r"[A-Za-z0-9]", left)):
                # Nothing but the removed spans (a URL alone, a field code and its page
                # number): the whole line goes, as one line removal.
                drop(no, line, spans[0][2].id, spans[0][2].reason + " (nothing else on the line)")
                continue
            for start, end, rule in spans:
                removals.append(Removal(source, no, line[start:end], rule.id, rule.reason,
                                        start, end))
            line = rest
        kept.append(Line((no,), line.strip(), gap))
        gap = False

    kept = _drop_related_lists(kept, removals, source)
    kept = _drop_teasers(kept, removals, source)
    kept = _drop_repeated_titles(kept, removals, source)
    kept = _drop_keyword_lists(kept, removals, source)
    kept = _drop_title_copies(kept, removals, source)
    kept = _drop_section_labels(kept, removals, source)
    kept = _drop_signoffs(kept, removals, source)
    return kept, removals, published


# A line this long whose chrome sits in its first characters can hold a whole text after it:
# document-library and template pages glue the compilation title and the site's intro onto
# the document when they flatten a page into one line.
GLUED_MIN = 80
_GLUED_HEAD_MAX = 80  # the rule's match starts within this many characters of the line
_GLUED_TEXT_MIN = 24  # Han characters of prose after the head, or the whole line goes
_HEAD_SENT_END = re.compile("[。！？!?]")
_HEAD_CLOSERS = re.compile(r"[)）】\]」》〕\s]*")
_PIECE_MARKER = re.compile(r"[〔【\[(（]?[一二三四五六七八九十\d]{1,3}[〕】\])）、.．]")


def _glued_head(line: str, hit: Rule, rs: RuleSet) -> int | None:
    """Where the chrome at the head of a long line ends, when the rest is a text; None when
    the whole line is chrome. The head ends at the end of the sentence the rule matched, or
    at once where a numbered heading or a compilation's piece marker follows the match
    (…精选2篇〔一〕…, …(精选27篇) 一、指导思想…)."""
    if len(line) < GLUED_MIN or hit.scope != "head":
        return None
    m = hit.pattern.search(line)
    if m is None or m.start() > _GLUED_HEAD_MAX:
        return None
    end = _HEAD_CLOSERS.match(line, m.end()).end()
    if not _PIECE_MARKER.match(line, end):
        s = _HEAD_SENT_END.search(line, m.end())
        if s is None or s.start() - m.end() > 40:
            return None
        end = s.end()
    rest = line[end:].strip()
    if han_count(rest) < _GLUED_TEXT_MIN or not _CLAUSE_PUNCT.search(rest) \
            or _ELLIPSIS_END.search(rest) or rs.any_long.search(rest):
        # Too little text after the head, a teaser the site cut off (a listing's entry), or
        # more chrome in it: the whole line goes.
        return None
    return end


def _remove_spans(line: str, rules: tuple[Rule, ...]) -> tuple[str, list[tuple[int, int, Rule]]]:
    """Remove span-rule matches; offsets are into the original line. Where matches of two
    rules overlap, the earlier rule in the file wins."""
    import bisect

    starts: list[int] = []  # accepted spans, sorted by start (they never overlap)
    ends: list[int] = []
    spans: list[tuple[int, int, Rule]] = []
    for rule in rules:
        for m in rule.pattern.finditer(line):
            s, e = m.start(), m.end()
            if e <= s:
                continue
            k = bisect.bisect_left(starts, s)
            if (k < len(starts) and starts[k] < e) or (k > 0 and ends[k - 1] > s):
                continue
            starts.insert(k, s)
            ends.insert(k, e)
            spans.insert(k, (s, e, rule))
    if not spans:
        return line, spans
    out, pos = [], 0
    for s, e, _ in spans:
        out.append(line[pos:s])
        pos = e
    out.append(line[pos:])
    return "".join(out), spans


def _drop_related_lists(lines: list[Line], removals: list[Removal], source: str) -> list[Line]:
    """A related-articles header and the listed titles after it.

    The list runs while lines look like listed titles (short, no sentence end). If body text
    follows the list, its last undated line is the next document's title and is kept.
    """
    out: list[Line] = []
    i = 0
    while i < len(lines):
        ln = lines[i]
        if len(ln.text) <= 40 and _RELATED_HEAD.search(ln.text) and not ln.text.endswith("。"):
            j = i + 1
            while j < len(lines) and _is_list_item(lines[j].text):
                j += 1
            items = lines[i + 1:j]
            if j < len(lines) and items and not _TITLE_DATE.match(items[-1].text):
                items = items[:-1]
                j -= 1
            removals.append(Removal(source, ln.nos[0], ln.text, "related.header",
                                    "related-articles header"))
            for it in items:
                removals.append(Removal(source, it.nos[0], it.text, "related.item",
                                        "listed related article"))
            i = j
            if i < len(lines):
                lines[i].gap_before = True
            continue
        out.append(ln)
        i += 1
    return out


def _is_list_item(text: str) -> bool:
    s = text.strip()
    if _TITLE_DATE.match(s) and len(s) <= 70:
        return True
    return len(s) <= 40 and not s.endswith(_LIST_ITEM_END) \
        and not is_heading(s)


def _drop_teasers(lines: list[Line], removals: list[Removal], source: str) -> list[Line]:
    """A line ending in an ellipsis whose text is the start of what follows it."""
    out: list[Line] = []
    for i, ln in enumerate(lines):
        m = _ELLIPSIS_END.search(ln.text) if ln.text.rstrip().endswith(("..", "…", "。。。")) else None
        if m:
            prefix = re.sub(r"\s+", "", ln.text[: m.start()])
            # The copy may follow at once or after the title line (teaser printed above it).
            after = [re.sub(r"\s+", "", "".join(x.text for x in lines[k:k + 5]))
                     for k in (i + 1, i + 2)]
            if len(prefix) >= 8 and any(a.startswith(prefix) for a in after):
                removals.append(Removal(source, ln.nos[0], ln.text, "teaser",
                                        "teaser: a cut copy of the text that follows"))
                continue
        out.append(ln)
    return out


def _drop_repeated_titles(lines: list[Line], removals: list[Removal], source: str) -> list[Line]:
    """A title line repeated within a few lines (site header + article heading); a browser
    title with the site's name glued on (``…工作计划_工作计划_好范文网``) loses the suffix."""
    out: list[Line] = []
    keys: list[str] = []  # whitespace-free text of each kept line, for the comparison
    for ln in lines:
        if len(ln.text) <= SHORT_LINE and _SUFFIX_SEP.search(ln.text):
            m = _SITE_SUFFIX.match(ln.text)
            if m and is_title_like(m.group(1)):
                removals.append(Removal(source, ln.nos[0], ln.text[m.end(1):],
                                        "title.site_suffix", "site name appended to the page "
                                        "title", m.end(1), len(ln.text)))
                ln = Line(ln.nos, m.group(1).strip(), ln.gap_before)
        # Only a short line is compared, and only with short lines: a paragraph's key is
        # never needed, and building it was most of this pass.
        key = "".join(ln.text.split()) if len(ln.text) <= 40 else ""
        if key and key in keys[-5:] and is_title_like(ln.text):
            removals.append(Removal(source, ln.nos[0], ln.text, "title.repeated",
                                    "title repeated on the page"))
            continue
        out.append(ln)
        keys.append(key)
    return out


def _drop_keyword_lists(lines: list[Line], removals: list[Removal], source: str) -> list[Line]:
    """SEO keyword lines: many short delimiter-separated terms, no sentence, and the same
    word again and again (工会工作总结 工会工作计划 学校工会总结 …). The repetition test keeps
    prose made of short clauses (本学年，我校工会…，紧紧围绕…，…) from matching."""
    out: list[Line] = []
    for ln in lines:
        if _is_keyword_list(ln.text):
            removals.append(Removal(source, ln.nos[0], ln.text, "seo.keywords",
                                    "keyword list with no sentence"))
            continue
        out.append(ln)
    return out


def _is_keyword_list(text: str) -> bool:
    # The cheap tests first: almost every line of prose ends with a sentence mark, or holds one.
    if text.endswith(_SENT_END) or _KEYWORD_EXCLUDE.search(text) \
            or text.count("的") + text.count("了") > 1:
        return False
    parts = [p for p in _KEYWORD_SPLIT.split(text) if p]
    if len(parts) < 6 or sum(map(len, parts)) / len(parts) > 10 or is_heading(text):
        return False
    bigrams: dict[str, int] = {}
    for p in parts:
        for bg in {p[i:i + 2] for i in range(len(p) - 1)}:
            bigrams[bg] = bigrams.get(bg, 0) + 1
    return bool(bigrams) and max(bigrams.values()) >= 0.5 * len(parts)


def _no_prose(lines: list[Line]) -> str | None:
    """Why a page holds no document (keyword spam, a tag page, a listing's cut teaser), or
    None if it has prose."""
    longer = [ln for ln in lines[:8] if len(ln.text) > 40]
    if len(lines) <= 8 and len(longer) == 1 and is_paragraph(longer[0].text) \
            and _ELLIPSIS_END.search(longer[0].text):
        # One paragraph that the site cut off with an ellipsis and nothing else: a listing's
        # teaser of a document that is not on the page.
        return "page holds only a teaser cut off by the site, not a document"
    prose = 0
    for ln in lines:  # stops at the first paragraphs of any real page
        if _CLAUSE_PUNCT.search(ln.text):
            n = sum(map(len, _CJK_RUN.findall(ln.text)))
            prose += n if n >= 15 else 0
            if prose >= NO_PROSE_MIN:
                return None
    if not lines:
        return "page holds nothing but boilerplate"
    return "page holds no prose (keyword spam, a tag list or navigation only)"


# Genre words that template sites add to a copy of the title (…范文, …模板, 精选5篇, 【汇编】):
# stripped before two title lines are compared.
_TITLE_DECOR = re.compile(r"[【\[（(]?\s*(?:精选|优选|通用|推荐|最新|热门|汇编|汇总|合集|大全)?\s*\d*\s*篇?\s*[】\]）)]?\s*$"
                          r"|范文|模板|范本|格式|精选|通用|大全|汇编|例文|\s|[【】\[\]（）()]|\d+篇")


def _title_core(text: str) -> str:
    return _TITLE_DECOR.sub("", text)


def _drop_title_copies(lines: list[Line], removals: list[Removal], source: str) -> list[Line]:
    """A title line that a later title line repeats with the site's decoration added or taken
    away (…工作计划 / …工作计划格式范文 / …工作计划5篇): the site's header copy goes, the
    copy next to the text stays. Only before the page's first paragraph, where the page
    header and the document title meet."""
    first_prose = next((i for i, ln in enumerate(lines) if is_paragraph(ln.text)), len(lines))
    drop: set[int] = set()
    # Only lines with another title line below them and above the first paragraph (most pages
    # have one title line there, and then nothing is compared).
    for i in range(min(first_prose, len(lines)) - 1):
        a = lines[i].text
        if len(a) > 50 or _TITLE_PUNCT.search(a) or is_heading(a):
            continue
        ca = _title_core(a)
        if len(ca) < 4:
            continue
        for j in range(i + 1, min(first_prose, i + 7)):
            b = lines[j].text
            if len(b) > 60 or _TITLE_PUNCT.search(b) or is_heading(b):
                continue
            cb = _title_core(b)
            if len(cb) >= 4 and (ca == cb or (ca in cb and len(ca) >= 0.7 * len(cb))
                                 or (cb in ca and len(cb) >= 0.7 * len(ca))):
                drop.add(i)
                break
    if not drop:
        return lines
    for i in sorted(drop):
        removals.append(Removal(source, lines[i].nos[0], lines[i].text, "title.copy",
                                "the page header's copy of the title below it"))
    return [ln for i, ln in enumerate(lines) if i not in drop]


# A site's column or category name standing above a title: nothing but generic words of
# columns and genres (工会活动, 校园动态, 工作计划范文), with a title of its own right below.
_LABEL = re.compile(r"(?:工会|工作|活动|动态|新闻|要闻|资讯|信息|通知|公告|范文|计划|总结|校园|教工"
                    r"|之家|专题|综合|文章|栏目|风采|简讯|快讯|报道|文体|党建|正文|详情)+")
_LABEL_MAX = 8  # characters: a column name is short; a title naming its subject is longer
_SUBTITLE_START = tuple("—-－–(（[【<《")


def _drop_section_labels(lines: list[Line], removals: list[Removal],
                         source: str) -> list[Line]:
    """A column name above the page's title (工会活动 / 机关工会举办教职工气排球赛): the title
    below names its subject, the label only the site's section. Before the first paragraph
    only, and only when the next line is a title of its own (eight Han characters or more, no
    sentence mark, not a subtitle or heading), so a bare title such as 工会工作计划 above its
    text stays."""
    first_prose = next((i for i, ln in enumerate(lines) if is_paragraph(ln.text)), len(lines))
    drop = [i for i in range(min(first_prose, len(lines)) - 1)
            if len(lines[i].text) <= _LABEL_MAX and _LABEL.fullmatch(lines[i].text)
            and _is_own_title(lines[i + 1].text)]
    if not drop:
        return lines
    for i in drop:
        removals.append(Removal(source, lines[i].nos[0], lines[i].text, "title.label",
                                "the site's column name above the title"))
    return [ln for i, ln in enumerate(lines) if i not in set(drop)]


def _is_own_title(text: str) -> bool:
    return (len(text) <= 60 and not text.startswith(_SUBTITLE_START)
            and not _TITLE_PUNCT.search(text) and han_count(text) >= 8 and not is_heading(text))


def is_paragraph(text: str) -> bool:
    """A line of prose: 15+ Han characters with clause punctuation."""
    return len(text) >= 15 and bool(_CLAUSE_PUNCT.search(text)) and han_count(text) >= 15


_CN_DIGIT = "〇○零一二三四五六七八九十O0-9"
# A closing date on its own (二〇二三年六月二十日, 2023.6.20, 2023年6月), a signing body on its
# own (…学校工会, …教育工会, 校工会), or both on one line; a reporter's name in brackets.
_SIGNOFF = re.compile(
    rf"^(?:[\u4e00-\u9fff（）()“”]{{0,24}}(?:工会|工会委员会|委员会|分会|教育局|学校|小学|中学|幼儿园|学院|大学)"
    rf"(?:\s*(?:报道|供稿|宣)?\s*[•·\s]?)?)?\s*"
    rf"(?:[{_CN_DIGIT}]{{4}}\s*[年.\-/]\s*[{_CN_DIGIT}]{{1,2}}\s*(?:[月.\-/]\s*(?:[{_CN_DIGIT}]{{1,3}}\s*日?)?)?"
    rf"|20\d{{3,6}})?\s*$"
)


def _is_signoff(text: str) -> bool:
    s = text.strip()
    return 2 <= len(s) <= 40 and not is_heading(s) and bool(_SIGNOFF.match(s))


def _drop_signoffs(lines: list[Line], removals: list[Removal], source: str) -> list[Line]:
    """Sign-off lines standing alone after the end of a text: the signing body and the date
    under a document (…学校工会 / 二〇二四年一月), which belong to no paragraph. Only right after
    a finished sentence, so a title such as ``…学校工会`` before a text is never taken."""
    drop: set[int] = set()
    i = 0
    while i < len(lines):
        if len(lines[i].text) <= 40 and i > 0 and lines[i - 1].text.endswith(_SENT_END) \
                and _is_signoff(lines[i].text):
            j = i
            while j < len(lines) and j - i < 3 and _is_signoff(lines[j].text):
                drop.add(j)
                j += 1
            i = j
            continue
        i += 1
    if not drop:
        return lines
    for i in sorted(drop):
        removals.append(Removal(source, lines[i].nos[0], lines[i].text, "signoff",
                                "signing body or date standing alone after the text"))
    out = []
    for i, ln in enumerate(lines):
        if i in drop:
            continue
        if i - 1 in drop:
            ln.gap_before = True
        out.append(ln)
    return out
