"""Site templates: lines that recur across many pages of one site in a batch.

A real scrape holds hundreds of pages from each site, and every page repeats the site's
chrome (its name, menu, footer, the "you are here" line in the site's own words). No rule
needs to know those words: a line that recurs on many pages of one site and is not document
text is that site's template. Document text copied between pages is kept: template reuse is
what researchers study, so a sentence or a heading is never removed for recurring (and a
title, which differs from page to page, does not recur).
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterable, Mapping

from ..markers import match_marker
from ..normalise import han_count
from ..sections import is_part_name
from ..sites import site_key

MIN_PAGES = 4
"""A site needs this many pages in the batch before its template is learned: with fewer, a
line on every page may be chance (two pages of one school repeating its name)."""

MIN_SHARE = 0.5
"""A line belongs to the template when it recurs on at least this share of the site's pages.
Chrome is on every page of a site; half leaves room for a redesign during the crawl."""

MAX_LEN = 60
"""Longer lines are never template lines: chrome is short, prose is long."""

_SPACE = re.compile(r"\s+")
_SENTENCE = re.compile("[，。；！？]")


def template_key(line: str) -> str:
    """The form a line is compared in: without whitespace."""
    return _SPACE.sub("", line)


def could_be_template(line: str) -> bool:
    """A line that may be chrome: short, not a sentence, not a heading (numbered, or a part
    name such as ``指导思想：``, which template sites repeat on every plan they carry)."""
    s = line.strip()
    if not s or len(s) > MAX_LEN or match_marker(s) is not None:
        return False
    if s.endswith(("：", ":")) or is_part_name(s):
        return False
    han = han_count(s)
    # A clause-punctuated line of some length reads as prose: kept even when it recurs.
    return not (han >= 10 and _SENTENCE.search(s))


def site_of(source: str | os.PathLike, data: bytes | None = None, url: str | None = None) -> str:
    """The site a page belongs to (:func:`unioncorpus.sites.site_key`): the host of its URL
    (``url``, else the canonical link or ``og:url`` its HTML names; ``www.`` and ``m.`` hosts
    are one site), else the folder it sits in (a crawler saves a site per folder)."""
    return site_key(source, data, url)


def learn_templates(pages: Iterable[tuple[str, str]], *, min_pages: int = MIN_PAGES,
                    min_share: float = MIN_SHARE) -> dict[str, frozenset[str]]:
    """Learn each site's template lines from ``(site, normalised page text)`` pairs.

    Returns ``{site: keys}`` for the sites with a template (keys as :func:`template_key`).
    Each line is counted once per page; lines that cannot be chrome (sentences, headings,
    long lines) are never counted.
    """
    counts: dict[str, Counter[str]] = {}
    n_pages: Counter[str] = Counter()
    for site, text in pages:
        n_pages[site] += 1
        seen = {template_key(ln) for ln in text.split("\n") if could_be_template(ln)}
        counts.setdefault(site, Counter()).update(seen)
    out: dict[str, frozenset[str]] = {}
    for site, c in counts.items():
        n = n_pages[site]
        if n < min_pages:
            continue
        need = max(2, min_share * n)
        keys = frozenset(k for k, v in c.items() if v >= need and k)
        if keys:
            out[site] = keys
    return out


def templates_for(source: str, learned: Mapping[str, frozenset[str]]) -> frozenset[str]:
    """The template keys learned for the page ``source`` (empty when none was learned)."""
    return learned.get(source, frozenset())


def learn_from_files(files: Iterable[str], *, min_pages: int = MIN_PAGES,
                     min_share: float = MIN_SHARE,
                     jsonl_fields: Mapping[str, tuple[str, ...]] | None = None
                     ) -> dict[str, frozenset[str]]:
    """Learn the site templates of a batch of files: ``{file: its site's template keys}`` for
    the files whose site has a template (a site as :func:`site_of` says: for a page of a web
    archive or crawler feed, ``crawl.warc.gz#1054``, the host of its URL, so the pages of one
    archive from different hosts are different sites).

    Only sites with at least ``min_pages`` pages are learned, and of each page only its short
    lines are normalised, so the pass costs little beside the cleaning. A file that cannot be
    read is left for the cleaning to report.
    """
    from ..archives import read_source, split_member
    from ..normalise import normalise_text
    from ..read import JSONL_SUFFIXES

    by_folder: dict[str, list[str]] = {}
    for f in files:
        member = split_member(f)
        if member is None and os.path.splitext(f)[1].lower() in JSONL_SUFFIXES:
            continue  # an earlier run's documents: cleaned already
        # An archive's pages sit in the archive's folder.
        by_folder.setdefault(os.path.dirname(member[0] if member else f), []).append(f)
    texts: dict[str, tuple[str, str]] = {}  # file -> (site, normalised short lines)
    for folder_files in by_folder.values():
        if len(folder_files) < min_pages:
            continue  # fewer pages than a site needs, whatever sites they belong to
        for f in folder_files:
            try:
                page = read_source(f, jsonl_fields=jsonl_fields)
            except Exception:
                continue
            short = [ln for ln in page.text.split("\n") if 0 < len(ln.strip()) <= MAX_LEN]
            texts[f] = (page.site or site_of(f), normalise_text("\n".join(short))[0])
    learned = learn_templates(texts.values(), min_pages=min_pages, min_share=min_share)
    return {f: learned[site] for f, (site, _) in texts.items() if site in learned}


def templates_key(keys: frozenset[str]) -> str:
    """A short hash of a template set, for cache keys."""
    import hashlib

    return hashlib.sha1("\n".join(sorted(keys)).encode("utf-8", "surrogatepass")).hexdigest()[:16]
