"""Template reuse: passages and documents copied across documents (MinHash/LSH on character
shingles, every candidate verified by its exact Jaccard similarity).

Passage unit: a *sentence window*. Each line of a document is cut into sentences at 。！？；!?;
and a sentence longer than ``max_chars`` is cut again at the last comma (，、：,) before that
length. Pieces shorter than ``min_chars`` are glued to their neighbour in the same line, so a
list marker like ``1、`` never stands alone. Why sentences and not whole paragraphs: a copied
paragraph is often edited — a clause cut, a department renamed, the paragraph merged into a
longer one — and the Jaccard similarity of two whole paragraphs then drops under any useful
threshold while their sentences still match. ``max_chars=50`` was set on the bundled pages:
at 80 the long sentences of 000/003 and 001/003 are cut at different commas and stop matching,
at 40 the pieces get so short that one edited clause flips a whole unit. Consecutive matched
units of a document are merged into one passage for the report.

Only Han characters, digits and letters are shingled (punctuation and spaces are not), so
"，" versus "," does not hide a copy.

At corpus scale (issue 16) the work follows the units, not the pairs of copies: identical
units form one group (hashed and compared once), LSH band buckets of groups are verified
exactly inside small buckets and against a few representatives inside large ones, and the
verified links are joined into clusters by union-find. Stages: units and MinHashes per batch
of documents → bands bucketed by key → buckets verified → clusters → shares, the document
view, passages. Each stage runs through :func:`unioncorpus.batch.run_ordered` (its progress
bar; ``engine="dask"`` sends the same units of work to a Dask cluster).
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from datasketch import MinHash, MinHashLSH
from datasketch.hashfunc import sha1_hash32

from ..batch import run_ordered
from ..errors import InputError
from ._common import UNIT_NAMES, describe, get_frame, han_count, is_corpus

_SENT_END = "。！？；!?;"
_COMMA = "，、：,:"
_KEEP = re.compile(r"[0-9A-Za-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")


@dataclass
class ReuseResult:
    """What :func:`find_reuse` found.

    Attributes:
        documents: one row per document: ``doc_id``, ``n_nonspace`` (characters other than
            whitespace), ``copied_chars`` (non-space characters in copied units),
            ``copied_share`` (重复率 = copied_chars / n_nonspace).
        passages: one row per passage occurrence: ``passage_id`` (same id = the same shared
            passage), ``doc_id``, ``start``, ``end`` (offsets in the document text),
            ``n_nonspace``, ``text``, ``docs`` (every document holding it), ``n_docs``.
            The rows of one passage share one ``docs`` list object (memory grows with the
            rows, not rows × holders): copy it before changing it.
        near_duplicates: verified document pairs ``doc_a``, ``doc_b``, ``jaccard``.
        matrix: square DataFrame, row document × column document: share of the row's
            characters in units matched with a unit of the column document; ``None`` for a
            corpus of more than ``matrix_max_docs`` documents (use ``doc_pairs``).
        units: every sentence-window unit with ``doc_id``, ``unit``, ``start``, ``end``,
            ``cluster`` (matched units share a cluster id; -1 = not copied).
        unit_pairs: verified unit matches ``doc_a``, ``unit_a``, ``doc_b``, ``unit_b``,
            ``jaccard``: empty unless ``find_reuse(unit_pairs=True)`` or ``=N`` (the first N);
            ``.attrs["note"]`` says which.
        params: the parameters used (for provenance).
        doc_pairs: the document-similarity view as a sparse table: ``doc_a``, ``doc_b``,
            ``share`` (= ``matrix.loc[doc_a, doc_b]``) for every ordered pair with
            ``share >= pair_threshold``, in document order.
        stats: counts of the run (units, distinct units, buckets, ``comparisons`` = exact
            Jaccard computations, links, clusters, ...) and seconds per stage; not part of
            the result proper (the seconds differ between runs).
    """

    documents: pd.DataFrame
    passages: pd.DataFrame
    near_duplicates: pd.DataFrame
    matrix: pd.DataFrame | None
    units: pd.DataFrame
    unit_pairs: pd.DataFrame
    params: dict[str, Any] = field(default_factory=dict)
    doc_pairs: pd.DataFrame | None = None
    stats: dict[str, Any] = field(default_factory=dict)


def split_units(text: str, max_chars: int = 50, min_chars: int = 10) -> list[tuple[int, int]]:
    """Cut ``text`` into sentence-window units; returns (start, end) offsets.

    >>> t = "一、加强学习。我们组织教职工学习文件，开展讨论。"
    >>> [t[s:e] for s, e in split_units(t, min_chars=8)]
    ['一、加强学习。我们组织教职工学习文件，开展讨论。']
    >>> [t[s:e] for s, e in split_units(t, min_chars=4)]
    ['一、加强学习。', '我们组织教职工学习文件，开展讨论。']
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        pieces: list[tuple[int, int]] = []
        start = 0
        for i, ch in enumerate(line):
            if ch in _SENT_END:
                pieces.extend(_cut_long(line, start, i + 1, max_chars))
                start = i + 1
        if start < len(line):
            pieces.extend(_cut_long(line, start, len(line), max_chars))
        pieces = [(s, e) for s, e in pieces if line[s:e].strip()]
        spans.extend((pos + s, pos + e) for s, e in _glue_short(line, pieces, min_chars))
        pos += len(line) + 1
    return spans


def _cut_long(line: str, start: int, end: int, max_chars: int) -> list[tuple[int, int]]:
    out = []
    while end - start > max_chars:
        cut = max((line.rfind(c, start, start + max_chars) for c in _COMMA), default=-1)
        cut = cut + 1 if cut > start else start + max_chars
        out.append((start, cut))
        start = cut
    out.append((start, end))
    return out


def _glue_short(line: str, pieces: list[tuple[int, int]], min_chars: int) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    pending: int | None = None  # start of short pieces waiting for a longer neighbour
    for s, e in pieces:
        s0 = pending if pending is not None else s
        if _n_kept(line[s0:e]) < min_chars:
            pending = s0
            continue
        out.append([s0, e])
        pending = None
    if pending is not None:
        if out:
            out[-1][1] = pieces[-1][1]
        else:
            out.append([pending, pieces[-1][1]])
    return [(s, e) for s, e in out]


def _n_kept(text: str) -> int:
    return len(_KEEP.findall(text))


def shingles(text: str, k: int = 5) -> set[str]:
    """Character k-shingles of the Han characters, digits and letters of ``text``.

    >>> sorted(shingles("送温暖，活动", k=4))
    ['温暖活动', '送温暖活']
    """
    s = "".join(_KEEP.findall(text))
    if len(s) < k:
        return {s} if s else set()
    return {s[i:i + k] for i in range(len(s) - k + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    """Exact Jaccard similarity of two sets (0 when both are empty)."""
    if not a and not b:
        return 0.0
    inter = len(a & b)  # |A ∪ B| = |A| + |B| − |A ∩ B|: the union is never built
    return inter / (len(a) + len(b) - inter)


def _shingle_set(kept: str, k: int) -> set[str]:
    """:func:`shingles` of a string already reduced to Han characters, digits and letters."""
    if len(kept) < k:
        return {kept} if kept else set()
    return {kept[i:i + k] for i in range(len(kept) - k + 1)}


def _n_nonspace(text: str) -> int:
    return len(text) - len(_SPACE.findall(text))


_SPACE = re.compile(r"\s")  # the characters str.isspace() calls whitespace


# --- options, memory ----------------------------------------------------------------------

@dataclass(frozen=True)
class _Opts:
    """The parameters every stage needs (sent to workers, so plain and picklable)."""

    k: int
    threshold: float
    doc_threshold: float
    num_perm: int
    seed: int
    max_chars: int
    min_chars: int
    exact_bucket: int
    max_leaders: int


# Bytes held per text unit by the time the tables are built: the five int64 columns of
# ``units`` and the working arrays (≈ 100), the doc_id reference, the list entries of the
# kept-string keys, and pandas' copies while the frame is made. Measured on the benchmark
# corpus (10,000 documents, 316,358 units) as ≈ 330 bytes per unit above the texts; rounded up
# so the guard errs on the safe side.
_UNIT_BYTES = 400
# Non-space characters per unit on the benchmark corpus (≈ 34): only for the estimate made
# before the units are cut, so the guard can speak before any work is done.
_CHARS_PER_UNIT = 30
# One row of a pair table (two doc_id references, two int64 positions or a float) with
# pandas' overhead while it is built.
_PAIR_BYTES = 48


def _parse_memory(value: int | float | str | None) -> int:
    """``max_memory`` in bytes: a number of bytes, a string like ``"500MB"``/``"4GB"``, or
    None for half of this machine's physical memory."""
    if value is None:
        try:
            return int(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2)
        except (AttributeError, ValueError, OSError):  # not on POSIX
            return 4 * 1024**3
    if isinstance(value, str):
        m = re.fullmatch(r"\s*([0-9.]+)\s*([KMGT]?)I?B?\s*", value.upper())
        if not m:
            raise InputError(f"max_memory={value!r}; use a number of bytes or e.g. '500MB', "
                             "'4GB'")
        num, unit = float(m.group(1)), m.group(2)
        value = num * 1024 ** " KMGT".index(unit or " ")
    if not isinstance(value, (int, float)) or value <= 0:
        raise InputError(f"max_memory={value!r}; use a positive number of bytes or e.g. '4GB'")
    return int(value)


def _mb(n: float) -> str:
    if n < 1024**2:
        return f"{max(n / 1024, 1):,.0f} KB"
    return f"{n / 1024**2:,.0f} MB"


def _guard(what: str, need: float, budget: int, advice: str) -> None:
    """Raise before a step whose estimated memory ``need`` exceeds ``budget``."""
    if need > budget:
        raise InputError(f"find_reuse: {what} would need about {_mb(need)}, over "
                         f"max_memory={_mb(budget)}; {advice}")


# --- stage 1: units, kept strings and MinHashes, one batch of documents at a time ----------

def _scan_batch(batch: tuple[int, list[str]], opts: _Opts) -> dict[str, Any]:
    """Cut a batch of documents into units; MinHash each distinct unit and document once.

    Runs on a worker (``engine="dask"`` or a pool); returns plain lists and arrays. Units with
    fewer than ``min_chars`` kept characters get the key ``""`` (not hashed). Documents are
    keyed by a digest of their kept characters, so identical documents are hashed once.
    """
    first, texts = batch
    # Copied text repeats its shingles: each distinct one is hashed once per batch (the same
    # SHA-1 value datasketch computes, so the MinHashes are those of the earlier version).
    memo: dict[str, int] = {}

    def hashfunc(s: str) -> int:
        v = memo.get(s)
        if v is None:
            v = memo[s] = sha1_hash32(s.encode("utf-8"))
        return v

    template = MinHash(num_perm=opts.num_perm, seed=opts.seed, hashfunc=hashfunc)
    doc, unit, start, end, size, keys = [], [], [], [], [], []
    unit_hash: dict[str, np.ndarray] = {}
    doc_key: list[bytes] = []
    doc_hash: dict[bytes, np.ndarray] = {}
    doc_nonspace: list[int] = []
    for di, text in enumerate(texts, start=first):
        parts: list[tuple[str, bool]] = []  # each unit's kept string; its MinHash is usable
        for ui, (s, e) in enumerate(split_units(text, opts.max_chars, opts.min_chars)):
            piece = text[s:e]
            kept = "".join(_KEEP.findall(piece))
            hashed = len(kept) >= opts.min_chars and bool(kept)
            doc.append(di)
            unit.append(ui)
            start.append(s)
            end.append(e)
            size.append(_n_nonspace(piece))
            keys.append(kept if hashed else "")
            if hashed and kept not in unit_hash:
                unit_hash[kept] = _minhash_values(template, _shingle_set(kept, opts.k))
            parts.append((kept, hashed and len(kept) >= opts.k))
        kept_doc = "".join(_KEEP.findall(text))
        key = hashlib.blake2b(kept_doc.encode("utf-8"), digest_size=16).digest() if kept_doc \
            else b""
        doc_key.append(key)
        if key and key not in doc_hash:
            doc_hash[key] = _doc_minhash(template, kept_doc, parts, unit_hash, opts.k)
        doc_nonspace.append(_n_nonspace(text))
    return {"doc": doc, "unit": unit, "start": start, "end": end, "size": size, "keys": keys,
            "unit_hash": unit_hash, "doc_key": doc_key, "doc_hash": doc_hash,
            "doc_nonspace": doc_nonspace}


def _doc_minhash(template: MinHash, kept_doc: str, parts: list[tuple[str, bool]],
                 unit_hash: dict[str, np.ndarray], k: int) -> np.ndarray:
    """MinHash of a whole document, equal to hashing all its shingles, but cheaper.

    A document's kept characters are its units' kept characters end to end, so its shingles
    are those inside each unit plus those across unit boundaries. The minimum over a union
    is the minimum of the minima: take the element-wise minimum of the units' MinHashes
    (already computed) and hash only the shingles no such unit holds.
    """
    if len(kept_doc) < k or "".join(p for p, _ in parts) != kept_doc:
        return _minhash_values(template, _shingle_set(kept_doc, k))
    covered = np.zeros(len(kept_doc) - k + 1, dtype=bool)  # shingle starts inside a unit
    vectors = []
    pos = 0
    for kept, usable in parts:
        if usable:
            covered[pos:pos + len(kept) - k + 1] = True
            vectors.append(unit_hash[kept])
        pos += len(kept)
    rest = {kept_doc[i:i + k] for i in np.flatnonzero(~covered).tolist()}
    own = _minhash_values(template, rest) if rest else None
    if own is not None:
        vectors.append(own)
    return np.minimum.reduce(vectors) if vectors else template.hashvalues.copy()


def _minhash_values(template: MinHash, sh: set[str]) -> np.ndarray:
    m = template.copy()  # the permutations are drawn once per batch, not once per unit
    m.update_batch(sh)
    return m.hashvalues


class _Groups:
    """Distinct hashed strings (units or documents): identical strings form one group, whose
    members share every Jaccard similarity exactly, so the copies cost nothing to compare."""

    def __init__(self) -> None:
        self.index: dict[Any, int] = {}
        self.doc: list[int] = []      # first document holding the group
        self.multi: list[bool] = []   # held by more than one document
        self.hashes: list[np.ndarray] = []
        self.keys: list[Any] = []

    def add(self, key: Any, doc: int, hashes: dict[Any, np.ndarray]) -> int:
        g = self.index.get(key)
        if g is None:
            g = self.index[key] = len(self.doc)
            self.doc.append(doc)
            self.multi.append(False)
            self.hashes.append(hashes[key])
            self.keys.append(key)
        elif self.doc[g] != doc:
            self.multi[g] = True
        return g

    def __len__(self) -> int:
        return len(self.doc)


# --- stage 2: LSH bands, bucketed by key ------------------------------------------------

def _band_params(threshold: float, num_perm: int) -> tuple[int, int]:
    """Bands and rows per band as datasketch's MinHashLSH chooses them (so the candidates
    are those of the earlier pairwise version)."""
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return lsh.b, lsh.r


def _band_buckets(sub: np.ndarray) -> np.ndarray:
    """Bucket id of every row of one band (rows = groups, equal band values = one bucket).

    Buckets are numbered in order of their first row, so the result does not depend on
    where it was computed. Rows are folded to one 64-bit value to sort fast; equal rows are
    then checked for real equality (a fold collision falls back to sorting whole rows).
    """
    n = len(sub)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    sub = np.ascontiguousarray(sub, dtype=np.uint64)
    fold = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for c in range(sub.shape[1]):
            fold = (fold * np.uint64(0x100000001B3)) ^ sub[:, c]
    order = np.argsort(fold, kind="stable")
    fs, ss = fold[order], sub[order]
    same_fold = fs[1:] == fs[:-1]
    same_row = np.all(ss[1:] == ss[:-1], axis=1)
    if np.any(same_fold & ~same_row):  # two band values share a fold: sort the rows whole
        _, first, inv = np.unique(sub.view(f"V{8 * sub.shape[1]}").ravel(),
                                  return_index=True, return_inverse=True)
        return np.argsort(np.argsort(first, kind="stable"), kind="stable")[inv.ravel()]
    starts = np.r_[True, ~same_fold]
    run = np.cumsum(starts) - 1                      # run number of each sorted row
    first_row = np.minimum.reduceat(order, np.flatnonzero(starts))  # stable: the run's min
    rank = np.argsort(np.argsort(first_row, kind="stable"), kind="stable")
    out = np.empty(n, dtype=np.int64)
    out[order] = rank[run]
    return out


def _band_job(job: tuple[int, np.ndarray]) -> tuple[int, np.ndarray]:
    band, sub = job
    return band, _band_buckets(sub)


# --- stage 3: exact verification inside each bucket -----------------------------------------

class _Shingler:
    """Shingle sets and their exact Jaccard similarity.

    Units use Python sets of strings. Documents (long strings, compared often) are packed:
    each k-gram is written as a number in base A, the size of the alphabet of the strings
    compared, which is exact while A**k < 2**64 (A ≤ 7,130 characters for k = 5); the set is
    a sorted array, 8 bytes a shingle against ≈ 90 for a set of strings, and builds about
    4× faster. A string shorter than ``k`` (one "shingle", itself) stays a set: it shares no
    shingle with a longer string.
    """

    def __init__(self, k: int, alphabet: str | None) -> None:
        self.k = k
        self.lut: np.ndarray | None = None
        if alphabet and len(alphabet) ** k < 2**64:
            self.base = np.uint64(len(alphabet))
            self.lut = np.zeros(0x110000, dtype=np.uint64)
            self.lut[[ord(c) for c in alphabet]] = np.arange(len(alphabet), dtype=np.uint64)

    def make(self, kept: str) -> Any:
        if self.lut is None or len(kept) < self.k:
            return _shingle_set(kept, self.k)
        c = self.lut[np.frombuffer(kept.encode("utf-32-le"), dtype=np.uint32)]
        n = len(c) - self.k + 1
        v = c[:n].copy()
        for j in range(1, self.k):
            v *= self.base
            v += c[j:j + n]
        v.sort()
        return v[np.r_[True, v[1:] != v[:-1]]]

    @staticmethod
    def sim(a: Any, b: Any) -> float:
        if isinstance(a, np.ndarray) and isinstance(b, np.ndarray):
            inter = np.intersect1d(a, b, assume_unique=True).size
            return inter / (a.size + b.size - inter)  # the same integers as ``jaccard``
        if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
            return 0.0
        return jaccard(a, b)


def _verify_bucket(band: int, members: list[tuple[int, str, np.ndarray]], threshold: float,
                   exact_bucket: int, max_leaders: int, sh: _Shingler, cache: dict[int, Any],
                   ) -> tuple[list[tuple[int, int, float]], int]:
    """Verified links ``(a, b, jaccard)`` in one bucket of one band, and the comparisons made.

    ``members`` are ``(group, kept string, [bucket id, bucket size] of the group in every
    band)``, in group order. A bucket of at most ``exact_bucket`` members has every pair
    compared, except pairs that already met in a small bucket of an earlier band (compared
    there). A larger bucket is verified against up to ``max_leaders`` representatives: each
    member is compared with every representative so far and linked to those it matches; one
    that matches none becomes a representative. So a bucket of n members costs at most
    n × max_leaders comparisons, not n²/2.
    """
    sets = [cache[g] if g in cache else cache.setdefault(g, sh.make(kept))
            for g, kept, _ in members]
    # |A ∩ B| ≤ min(|A|, |B|) and |A ∪ B| ≥ max(|A|, |B|): sets whose sizes differ more than
    # the threshold allows cannot match, and are not compared (exact, no estimate involved).
    sizes = [len(x) for x in sets]
    floor = threshold * (1 - 1e-12)  # a hair below, so a Jaccard equal to it is never lost

    def may_match(x: int, y: int) -> bool:
        return min(sizes[x], sizes[y]) >= floor * max(sizes[x], sizes[y])

    links: list[tuple[int, int, float]] = []
    n_cmp = 0
    if len(members) <= exact_bucket:
        # (band, bucket) of the earlier bands where the group sat in a small bucket: two
        # groups sharing one were compared there
        small = [{(j, int(meta[j, 0])) for j in range(band) if meta[j, 1] <= exact_bucket}
                 for _, _, meta in members]
        for x in range(len(members)):
            gx = members[x][0]
            for y in range(x + 1, len(members)):
                gy = members[y][0]
                if (small[x] and not small[x].isdisjoint(small[y])) or not may_match(x, y):
                    continue
                n_cmp += 1
                jac = sh.sim(sets[x], sets[y])
                if jac >= threshold:
                    links.append((gx, gy, jac))
        return links, n_cmp
    leaders: list[int] = []
    for x, (gx, _, _) in enumerate(members):
        found = False
        for lead in leaders:
            if not may_match(lead, x):
                continue
            n_cmp += 1
            jac = sh.sim(sets[lead], sets[x])
            if jac >= threshold:
                links.append((members[lead][0], gx, jac))
                found = True
        if not found and len(leaders) < max_leaders:
            leaders.append(x)
    return links, n_cmp


def _verify_job(job: tuple[list[tuple[int, list[tuple[int, str, np.ndarray]]]], _Opts, bool,
                           str | None]) -> tuple[list[tuple[int, int, float]], int]:
    """Verify a chunk of buckets (one unit of work for a worker)."""
    buckets, opts, docs, alphabet = job
    t = opts.doc_threshold if docs else opts.threshold
    sh = _Shingler(opts.k, alphabet)
    links: list[tuple[int, int, float]] = []
    n_cmp = 0
    cache: dict[int, Any] = {}  # a group's shingle set, built once per chunk
    for band, members in buckets:
        found, c = _verify_bucket(band, members, t, opts.exact_bucket, opts.max_leaders, sh,
                                  cache)
        links.extend(found)
        n_cmp += c
    return links, n_cmp


def _link(groups: _Groups, kept: Any, threshold: float, opts: _Opts, run: _Runner,
          name: str) -> tuple[list[tuple[int, int, float]], dict[str, int]]:
    """Candidate buckets over LSH bands and their exact verification: sorted unique links.

    ``kept(g)`` gives the kept string of group ``g`` (fetched only for groups in a bucket
    with another group).
    """
    n = len(groups)
    b, r = _band_params(threshold, opts.num_perm)
    stats = {f"{name}_bands": b, f"{name}_buckets": 0, f"{name}_large_buckets": 0,
             f"{name}_comparisons": 0, f"{name}_links": 0}
    if n < 2:
        return [], stats
    hv = np.vstack(groups.hashes)
    ids = np.empty((n, b), dtype=np.int64)
    sizes = np.empty((n, b), dtype=np.int64)
    for band, bucket in run.map(_band_job, [(i, hv[:, i * r:(i + 1) * r]) for i in range(b)],
                                desc=f"reuse: {name} bands"):
        ids[:, band] = bucket
        sizes[:, band] = np.bincount(bucket)[bucket]
    del hv
    meta = np.stack([ids, sizes], axis=2)  # group × band × (bucket id, bucket size)
    buckets: list[tuple[int, list[int]]] = []
    for band in range(b):
        col = ids[:, band]
        multi = np.flatnonzero(sizes[:, band] >= 2)
        if not len(multi):
            continue
        order = multi[np.argsort(col[multi], kind="stable")]   # by bucket, groups ascending
        cuts = np.flatnonzero(np.diff(col[order])) + 1
        for members in np.split(order, cuts):
            buckets.append((band, members.tolist()))
    stats[f"{name}_buckets"] = len(buckets)
    stats[f"{name}_large_buckets"] = sum(len(m) > opts.exact_bucket for _, m in buckets)
    cache: dict[int, str] = {}

    def payload(band: int, members: list[int]) -> tuple[int, list[tuple[int, str, Any]]]:
        out = []
        for g in members:
            if g not in cache:
                cache[g] = kept(g)
            out.append((g, cache[g], meta[g]))
        return band, out

    # Chunks of distinct characters: a worker's unit of work, whose shingle sets stay near
    # 150 MB (2 million characters as sets of strings, ≈ 90 bytes each; 16 million packed
    # document shingles, 8 bytes each). Buckets are taken in order of their first group, so
    # similar groups meet in one chunk and each set is mostly built once.
    docs = name == "doc"
    alphabet = None
    if docs:
        for _, members in buckets:
            for g in members:
                if g not in cache:
                    cache[g] = kept(g)
        alphabet = "".join(sorted(set().union(*map(set, cache.values()))))
    cap = 16_000_000 if alphabet and len(alphabet) ** opts.k < 2**64 else 2_000_000
    buckets.sort(key=lambda bm: (bm[1][0], bm[0]))
    chunks: list[list[tuple[int, list[int]]]] = [[]]
    seen: set[int] = set()
    load = 0
    for bucket in buckets:
        if load >= cap:
            chunks.append([])
            seen = set()
            load = 0
        chunks[-1].append(bucket)
        for g in bucket[1]:
            if g not in seen:
                seen.add(g)
                if g not in cache:
                    cache[g] = kept(g)
                load += len(cache[g]) + 1
    jobs = (([payload(band, m) for band, m in chunk], opts, docs, alphabet) for chunk in chunks)
    found: set[tuple[int, int, float]] = set()
    for links, n_cmp in run.map(_verify_job, _Lazy(jobs, len(chunks)),
                                desc=f"reuse: verify {name}s"):
        found.update(links)
        stats[f"{name}_comparisons"] += n_cmp
    out = sorted(found)
    stats[f"{name}_links"] = len(out)
    return out, stats


class _Lazy:
    """A sized iterable, so a generator of work can go through ``run_ordered``."""

    def __init__(self, items: Iterator[Any], n: int) -> None:
        self.items, self.n = items, n

    def __iter__(self) -> Iterator[Any]:
        return iter(self.items)

    def __len__(self) -> int:
        return self.n


class _Runner:
    """Runs a stage's units of work through :func:`unioncorpus.batch.run_ordered` (its
    progress bar, its Dask path) with one Dask cluster for the whole call."""

    def __init__(self, engine: str, scheduler: str | None, jobs: int, progress: bool) -> None:
        self.engine, self.scheduler, self.jobs, self.progress = engine, scheduler, jobs, progress
        self._cluster: Any = None

    def __enter__(self) -> _Runner:
        if self.engine == "dask" and self.scheduler is None:
            try:
                from dask.distributed import LocalCluster
            except ImportError as e:
                raise InputError("engine='dask' needs Dask: pip install 'unioncorpus[dask]'"
                                 ) from e
            self._cluster = LocalCluster(n_workers=self.jobs, threads_per_worker=1,
                                         processes=True, dashboard_address=None)
            self.scheduler = self._cluster.scheduler_address
        return self

    def __exit__(self, *exc: Any) -> None:
        if self._cluster is not None:
            self._cluster.close()

    def map(self, fn: Callable[[Any], Any], items: Any, *, desc: str, **bar: Any
            ) -> Iterator[Any]:
        local_one = self.engine == "local" and self.jobs == 1
        items = items if local_one or isinstance(items, list) else list(items)
        return run_ordered(fn, items, jobs=self.jobs, engine=self.engine,
                           scheduler=self.scheduler, progress=self.progress, desc=desc,
                           chunksize=1, **bar)


def _union_find(n: int, links: list[tuple[int, int]]) -> np.ndarray:
    """Root of every node (the smallest node of its component) after joining ``links``."""
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in links:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return np.array([find(x) for x in range(n)], dtype=np.int64)


# --- the whole ------------------------------------------------------------------------------

def find_reuse(corpus: Any, *, k: int = 5, threshold: float = 0.5, num_perm: int = 128,
               seed: int = 1, max_chars: int = 50, min_chars: int = 10,
               doc_threshold: float | None = None, unit_pairs: bool | int = False,
               pair_threshold: float = 0.8, matrix_max_docs: int = 2000,
               exact_bucket: int = 64, max_leaders: int = 16,
               max_memory: int | float | str | None = None, engine: str = "local",
               scheduler: str | None = None, jobs: int = 1,
               progress: bool | None = None) -> ReuseResult:
    """Find passages shared across documents and near-duplicate documents.

    Every document is cut into sentence-window units (see the module docstring); units with
    ≥ ``min_chars`` Han characters/digits/letters are hashed (MinHash of their ``k``-character
    shingles, ``num_perm`` permutations, ``seed``) and put into LSH bands at ``threshold``.
    LSH only proposes candidates: two units are linked when the exact Jaccard similarity of
    their shingle sets is ≥ ``threshold`` and they belong to different documents. Linked
    units form clusters (union-find); a shared passage is a run of consecutive clustered
    units. Whole documents are compared the same way at ``doc_threshold`` (default:
    ``threshold``).

    Cost grows with the units, not with the pairs of copies:

    - Identical units (the same Han characters, digits and letters) are one group: their
      similarity is 1 and they share every other similarity, so a unit copied into 5,000
      documents is hashed and compared once. This is exact.
    - Within a bucket of one band (groups whose band values are equal: the LSH candidates),
      a bucket of at most ``exact_bucket`` groups has every pair compared, exactly as
      MinHashLSH's pairwise query did; a larger bucket (many distinct variants of one
      sentence) is compared against up to ``max_leaders`` representatives, so n variants
      cost at most n × ``max_leaders`` comparisons. This part is approximate: two variants
      that match each other but no representative they share are joined only through
      another band or another member (clusters may then split where the pairwise version
      joined them), and for documents a pair of two non-representatives is not listed in
      ``near_duplicates``. ``stats["unit_large_buckets"]`` and ``stats["doc_large_buckets"]``
      say whether it happened (units: 0 on the sample pages and the benchmark corpus;
      documents: 0 on the sample pages and up to 1,217 benchmark documents, 32 of 27,015
      buckets at 10,000; identical documents always pair exactly).
    - Every link is an exact Jaccard similarity ≥ the threshold (as before); clusters are
      their connected components, so two members of a cluster may be less similar (as
      before). LSH may miss a pair (as before): the probability is set by ``threshold`` and
      ``num_perm``.

    Parameters beyond the similarity ones:
        unit_pairs: ``False`` (default): ``unit_pairs`` is empty (it grows with the square of
            the copies: 10 million rows for 3,631 benchmark documents); ``True``: every
            verified pair (refused with an error when it would exceed ``max_memory``); an
            integer N: the first N pairs, in unit order.
        pair_threshold: the least ``share`` kept in ``doc_pairs`` (default 0.8: "mostly found
            again in"). In a templated corpus the pairs above a low threshold grow with the
            square of the copies (at 0.5: 3.1 million pairs on 10,000 benchmark documents);
            the table is built a block of rows at a time and refused by ``max_memory``.
        matrix_max_docs: above this many documents ``matrix`` is ``None`` (a dense
            documents × documents table: 800 MB at 10,000 documents); ``doc_pairs`` holds
            the pairs above ``pair_threshold``.
        max_memory: bytes (or ``"4GB"``) the result may take; default half of physical
            memory. A step that would exceed it raises :class:`~unioncorpus.InputError`
            before it runs, with its estimate and what to change.
        engine, scheduler, jobs: ``"local"`` (this process, or ``jobs`` processes) or
            ``"dask"`` (a local cluster of ``jobs`` workers, or the cluster at
            ``scheduler``): MinHash per partition of documents, LSH bands bucketed by key per
            band, buckets verified in chunks, clusters joined here. Output identical.
        progress: a progress bar per stage on stderr (default: above 1,000 documents).

    Example:
        >>> df = pd.DataFrame({"doc_id": ["a", "b"], "text": [
        ...     "为了让广大教职工感到学校的温暖，工会坚持实施送温暖工程。今年组织了教职工春季登山比赛。",
        ...     "为了让广大教职工感到学校的温暖，我校工会坚持实施送温暖工程。召开了第三届教代会第二次会议。"]})
        >>> r = find_reuse(df)
        >>> r.passages["doc_id"].tolist()
        ['a', 'b']
    """
    if not 0 < threshold <= 1:
        raise InputError(f"threshold={threshold!r}; use a Jaccard similarity in (0, 1]")
    doc_t = doc_threshold or threshold
    if not 0 < doc_t <= 1:
        raise InputError(f"doc_threshold={doc_threshold!r}; use a Jaccard similarity in (0, 1]")
    if k < 1:
        raise InputError(f"k={k!r}; use a shingle size >= 1")
    if exact_bucket < 2 or max_leaders < 1:
        raise InputError(f"exact_bucket={exact_bucket!r}, max_leaders={max_leaders!r}; use "
                         "exact_bucket >= 2 and max_leaders >= 1")
    if isinstance(unit_pairs, bool) or unit_pairs is None:
        pair_cap = None if unit_pairs else 0
    elif isinstance(unit_pairs, int) and unit_pairs >= 0:
        pair_cap = unit_pairs
    else:
        raise InputError(f"unit_pairs={unit_pairs!r}; use False, True or a number of pairs")
    if jobs < 1:
        raise InputError(f"jobs={jobs}; use 1 or more workers")
    budget = _parse_memory(max_memory)
    docs = get_frame(corpus, "document")
    if "doc_id" not in docs.columns:
        docs = docs.assign(doc_id=[str(i) for i in range(len(docs))])
    doc_ids = docs["doc_id"].tolist()
    if len(set(doc_ids)) != len(doc_ids):
        raise InputError("doc_id values must be unique")
    texts = [t if isinstance(t, str) else "" for t in docs["text"]]
    n_docs = len(texts)
    opts = _Opts(k, threshold, doc_t, num_perm, seed, max_chars, min_chars, exact_bucket,
                 max_leaders)
    show = progress if progress is not None else n_docs > 1000
    est_units = sum(map(len, texts)) / _CHARS_PER_UNIT
    _guard(f"cutting {n_docs:,} documents into about {est_units:,.0f} units", est_units *
           _UNIT_BYTES, budget, "raise max_memory, or run on part of the corpus at a time")
    stats: dict[str, Any] = {"documents": n_docs}
    clock = _Clock(stats)
    with _Runner(engine, scheduler, jobs, show) as run:
        # 1. units and MinHashes, per batch of documents (a partition on Dask)
        size_b = 256 if n_docs > 512 else max(1, n_docs)
        batches = [(i, texts[i:i + size_b]) for i in range(0, n_docs, size_b)]
        groups, doc_groups = _Groups(), _Groups()
        # Columns as arrays per batch (8 bytes a value; a list of Python ints takes 36).
        parts: dict[str, list[np.ndarray]] = {c: [] for c in ("doc", "unit", "start", "end",
                                                               "size", "gid")}
        doc_gid: list[int] = []
        n_nonspace: list[int] = []
        for out in run.map(functools.partial(_scan_batch, opts=opts), batches,
                           desc="reuse: units", total=n_docs,
                           weight=lambda b: len(b[1])):
            out["gid"] = [groups.add(key, d, out["unit_hash"]) if key else -1
                          for d, key in zip(out["doc"], out["keys"], strict=True)]
            for c, arrays in parts.items():
                arrays.append(np.asarray(out[c], dtype=np.int64))
            for d, key in enumerate(out["doc_key"], start=len(doc_gid)):
                doc_gid.append(doc_groups.add(key, d, out["doc_hash"]) if key else -1)
            n_nonspace.extend(out["doc_nonspace"])
        cols = {c: (np.concatenate(a) if a else np.zeros(0, dtype=np.int64))
                for c, a in parts.items()}
        del parts
        u_doc, u_size, u_gid = cols["doc"], cols["size"], cols["gid"]
        n_units = len(u_doc)
        stats.update(units=n_units, hashed_units=int((u_gid >= 0).sum()),
                     distinct_units=len(groups), distinct_documents=len(doc_groups))
        _guard(f"the tables of {n_units:,} units", n_units * _UNIT_BYTES, budget,
               "raise max_memory, or run on part of the corpus at a time")
        clock("units")

        # 2-3. candidate buckets and exact verification, for units then for documents
        links, s = _link(groups, lambda g: groups.keys[g], threshold, opts, run, "unit")
        stats.update(s)
        clock("unit links")
        first_doc = {}
        for d, g in enumerate(doc_gid):
            if g >= 0 and g not in first_doc:
                first_doc[g] = d
        doc_links, s = _link(doc_groups, lambda g: "".join(_KEEP.findall(texts[first_doc[g]])),
                             doc_t, opts, run, "doc")
        stats.update(s)
        clock("document links")

    # 4. clusters: links between groups held by different documents, joined by union-find
    g_doc = np.asarray(groups.doc, dtype=np.int64)
    g_multi = np.asarray(groups.multi, dtype=bool)
    cross = [(a, b, j) for a, b, j in links if g_multi[a] or g_multi[b] or g_doc[a] != g_doc[b]]
    g_matched = g_multi.copy()
    for a, b, _ in cross:
        g_matched[a] = g_matched[b] = True
    root = _union_find(len(groups), [(a, b) for a, b, _ in cross])
    roots = np.unique(root[g_matched])  # the smallest group = the first unit: old numbering
    g_cluster = np.full(len(groups), -1, dtype=np.int64)
    g_cluster[g_matched] = np.searchsorted(roots, root[g_matched])
    u_cluster = (np.where(u_gid >= 0, g_cluster[np.maximum(u_gid, 0)], -1) if len(groups)
                 else np.full(n_units, -1, dtype=np.int64))
    matched = u_cluster >= 0
    stats.update(cross_links=len(cross), clusters=len(roots), copied_units=int(matched.sum()))

    # 5. per-document copied share
    copied = np.bincount(u_doc[matched], weights=u_size[matched], minlength=n_docs)
    nn = np.asarray(n_nonspace, dtype=np.int64)
    denom = np.maximum(nn.astype(float), 1)
    documents = pd.DataFrame({"doc_id": doc_ids, "n_nonspace": nn,
                              "copied_chars": copied.astype(int),
                              "copied_share": copied / denom})
    clock("clusters")

    # 6. document × document view: share of the row's characters in units with a verified
    # partner in the column document (own group, or a group it is directly linked to)
    matrix, doc_pairs = _doc_view(u_doc[matched], u_gid[matched], u_size[matched], cross,
                                  len(groups), n_docs, denom, doc_ids, pair_threshold,
                                  matrix_max_docs, budget)
    stats["doc_pairs"] = len(doc_pairs)
    clock("document view")

    units = pd.DataFrame({"doc_id": np.asarray(doc_ids, dtype=object)[u_doc] if n_units
                          else np.zeros(0, dtype=object),
                          "unit": cols["unit"], "start": cols["start"], "end": cols["end"],
                          "cluster": u_cluster.astype(np.int64)})
    del cols
    passages = _passages(units, u_doc, u_cluster, texts, doc_ids)
    clock("passages")
    near = _near_duplicates(doc_gid, doc_links, doc_ids, budget)
    pairs = _unit_pairs(units, u_doc, u_gid, g_matched, cross, pair_cap, budget)
    clock("pairs")
    params = {"k": k, "threshold": threshold, "num_perm": num_perm, "seed": seed,
              "max_chars": max_chars, "min_chars": min_chars, "doc_threshold": doc_t,
              "unit": "sentence window", "exact_bucket": exact_bucket,
              "max_leaders": max_leaders, "pair_threshold": pair_threshold,
              "unit_pairs": unit_pairs}
    tables = [documents, passages, near, units, pairs, doc_pairs]
    if matrix is not None:
        tables.append(matrix)
    for table in tables:
        describe(table, unit=f"{UNIT_NAMES['document']}, cut into sentence windows",
                 method=f"MinHash/LSH on {k}-character shingles, verified by exact Jaccard "
                        f">= {threshold}", seed=seed)
    return ReuseResult(documents, passages, near, matrix, units, pairs, params, doc_pairs,
                       stats)


class _Clock:
    """Seconds per stage into ``stats["seconds"]``."""

    def __init__(self, stats: dict[str, Any]) -> None:
        self.stats = stats
        stats["seconds"] = {}
        self.t = time.perf_counter()

    def __call__(self, stage: str) -> None:
        now = time.perf_counter()
        self.stats["seconds"][stage] = round(now - self.t, 3)
        self.t = now


def _doc_view(doc: np.ndarray, gid: np.ndarray, size: np.ndarray,
              cross: list[tuple[int, int, float]], n_groups: int, n_docs: int,
              denom: np.ndarray, doc_ids: list[str], pair_threshold: float,
              matrix_max_docs: int, budget: int) -> tuple[pd.DataFrame | None, pd.DataFrame]:
    """The dense matrix (small corpora) and the sparse table of pairs ≥ ``pair_threshold``.

    shared[d, e] = characters of d's matched units whose group is held by e or directly
    linked to a group held by e: W (doc × group, characters) @ A (group × doc, 0/1), computed
    a block of rows at a time so memory holds one block, never the square.
    """
    from scipy import sparse

    w = sparse.csr_matrix((size.astype(float), (doc, gid)), shape=(n_docs, n_groups))
    member = sparse.csr_matrix((np.ones(len(doc)), (gid, doc)), shape=(n_groups, n_docs))
    member.data[:] = 1  # duplicates summed by the constructor: back to 0/1
    la = [a for a, _, _ in cross] + [b for _, b, _ in cross] + list(range(n_groups))
    lb = [b for _, b, _ in cross] + [a for a, _, _ in cross] + list(range(n_groups))
    adj = sparse.csr_matrix((np.ones(len(la)), (la, lb)), shape=(n_groups, n_groups))
    reach = (adj @ member).tocsr()
    reach.data[:] = 1
    dense = n_docs <= matrix_max_docs
    if dense:
        _guard(f"a {n_docs:,} × {n_docs:,} matrix", n_docs * n_docs * 8 * 3, budget,
               "lower matrix_max_docs (the pairs are then in doc_pairs)")
        full = np.zeros((n_docs, n_docs))
    rows_a: list[np.ndarray] = []
    rows_b: list[np.ndarray] = []
    shares: list[np.ndarray] = []
    kept = 0
    block = max(1, 2_000_000 // max(n_docs, 1))  # ≈ 2 million cells (16 MB) per block
    for r0 in range(0, n_docs, block):
        part = (w[r0:r0 + block] @ reach).tocoo()
        keep = part.row + r0 != part.col  # a document is not compared with itself
        a, b = part.row[keep] + r0, part.col[keep]
        val = part.data[keep] / denom[a]
        if dense:
            full[a, b] = val
        sel = val >= pair_threshold
        if sel.any():
            order = np.lexsort((b[sel], a[sel]))
            rows_a.append(a[sel][order])
            rows_b.append(b[sel][order])
            shares.append(val[sel][order])
            kept += int(sel.sum())
            _guard(f"doc_pairs ({kept:,} pairs with share >= {pair_threshold} after "
                   f"{min(r0 + block, n_docs):,} of {n_docs:,} documents)",
                   kept * _PAIR_BYTES, budget, "raise pair_threshold or max_memory")
    ids = np.asarray(doc_ids, dtype=object)
    a = np.concatenate(rows_a) if rows_a else np.zeros(0, dtype=np.int64)
    b = np.concatenate(rows_b) if rows_b else np.zeros(0, dtype=np.int64)
    pairs = pd.DataFrame({"doc_a": ids[a], "doc_b": ids[b],
                          "share": np.concatenate(shares) if shares else np.zeros(0)})
    matrix = None
    if dense:
        np.fill_diagonal(full, np.nan)
        matrix = pd.DataFrame(full, index=doc_ids, columns=doc_ids)
    return matrix, pairs


def _passages(units: pd.DataFrame, u_doc: np.ndarray, u_cluster: np.ndarray, texts: list[str],
              doc_ids: list[str]) -> pd.DataFrame:
    # Merge runs of consecutive matched units of a document into one passage; passages whose
    # units were matched to each other (one cluster) form one shared passage (one passage_id).
    idx = np.flatnonzero(u_cluster >= 0)
    cols = ["passage_id", "doc_id", "start", "end", "n_nonspace", "text", "docs", "n_docs"]
    if not len(idx):
        return pd.DataFrame(columns=cols)
    new_run = np.r_[True, (np.diff(idx) != 1) | (np.diff(u_doc[idx]) != 0)]
    run_of = np.cumsum(new_run) - 1
    n_runs = int(run_of[-1]) + 1
    run_first = idx[new_run]
    run_last = idx[np.r_[new_run[1:], True]]
    # runs sharing a cluster are one passage: the first run of each cluster, then union-find
    clusters = u_cluster[idx]
    first_run_of = np.full(int(clusters.max()) + 1, -1, dtype=np.int64)
    links = []
    for r, c in zip(run_of.tolist(), clusters.tolist(), strict=True):
        f = first_run_of[c]
        if f < 0:
            first_run_of[c] = r
        elif f != r:
            links.append((int(f), r))
    root = _union_find(n_runs, links)
    _, comp = np.unique(root, return_inverse=True)  # numbered by their first run
    starts = units["start"].to_numpy()
    ends = units["end"].to_numpy()
    run_doc = u_doc[run_first]
    by_comp = np.argsort(comp, kind="stable")
    cuts = np.flatnonzero(np.diff(comp[by_comp])) + 1
    holders = [sorted({doc_ids[d] for d in set(run_doc[rs].tolist())})
               for rs in np.split(by_comp, cuts)]
    rows = []
    for r in range(n_runs):
        d = int(run_doc[r])
        s, e = int(starts[run_first[r]]), int(ends[run_last[r]])
        text = texts[d][s:e]
        h = holders[comp[r]]
        rows.append((f"P{comp[r] + 1:03d}", doc_ids[d], s, e, _n_nonspace(text), text, h,
                     len(h)))
    # rows of one passage together, passages in order of their first run (as before)
    return pd.DataFrame([rows[i] for i in by_comp], columns=cols)


def _near_duplicates(doc_gid: list[int], links: list[tuple[int, int, float]],
                     doc_ids: list[str], budget: int) -> pd.DataFrame:
    """Document pairs: identical documents (Jaccard 1) and verified links between groups,
    built as arrays (the table can hold millions of rows in a templated corpus)."""
    members: dict[int, list[int]] = {}
    for d, g in enumerate(doc_gid):
        if g >= 0:
            members.setdefault(g, []).append(d)
    n = sum(len(m) * (len(m) - 1) // 2 for m in members.values())
    n += sum(len(members[a]) * len(members[b]) for a, b, _ in links)
    _guard(f"near_duplicates ({n:,} document pairs)", n * _PAIR_BYTES, budget,
           "raise doc_threshold or max_memory")
    parts_a, parts_b, parts_j = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)], \
        [np.zeros(0)]
    for m in members.values():
        if len(m) > 1:
            i, j = np.triu_indices(len(m), 1)
            arr = np.asarray(m, dtype=np.int64)
            parts_a.append(arr[i])
            parts_b.append(arr[j])
            parts_j.append(np.ones(len(i)))
    for ga, gb, jac in links:
        ma, mb = np.asarray(members[ga], dtype=np.int64), np.asarray(members[gb], dtype=np.int64)
        x, y = np.repeat(ma, len(mb)), np.tile(mb, len(ma))
        parts_a.append(np.minimum(x, y))
        parts_b.append(np.maximum(x, y))
        parts_j.append(np.full(len(x), jac))
    a, b, jac = np.concatenate(parts_a), np.concatenate(parts_b), np.concatenate(parts_j)
    order = np.lexsort((jac, b, a))
    ids = np.asarray(doc_ids, dtype=object)
    return pd.DataFrame({"doc_a": ids[a[order]], "doc_b": ids[b[order]], "jaccard": jac[order]})


def _unit_pairs(units: pd.DataFrame, u_doc: np.ndarray, u_gid: np.ndarray,
                g_matched: np.ndarray, cross: list[tuple[int, int, float]], cap: int | None,
                budget: int) -> pd.DataFrame:
    """Every verified unit pair, in unit order (only on request: it grows with the square of
    the copies)."""
    cols = ["doc_a", "unit_a", "doc_b", "unit_b", "jaccard"]
    if cap == 0:
        out = pd.DataFrame(columns=cols)
        out.attrs["note"] = ("not computed (find_reuse(unit_pairs=True) or =N to list them; "
                             "clusters are in units['cluster'])")
        return out
    members: dict[int, list[int]] = {}
    for j in np.flatnonzero(u_gid >= 0).tolist():
        if g_matched[u_gid[j]]:
            members.setdefault(int(u_gid[j]), []).append(j)
    linked: dict[int, list[tuple[int, float]]] = {}
    for a, b, jac in cross:
        linked.setdefault(a, []).append((b, jac))
        linked.setdefault(b, []).append((a, jac))
    if cap is None:
        n = sum(len(m) * (len(m) - 1) // 2 for m in members.values())
        n += sum(len(members[a]) * len(members[b]) for a, b, _ in cross)
        _guard(f"unit_pairs ({n:,} pairs)", n * _PAIR_BYTES, budget,
               "use unit_pairs=N for the first N pairs, or leave unit_pairs off")
    rows: list[tuple[int, int, float]] = []
    for j in sorted(j for m in members.values() for j in m):
        g = int(u_gid[j])
        part = [(v, 1.0) for v in members[g] if v > j and u_doc[v] != u_doc[j]]
        for h, jac in linked.get(g, []):
            part.extend((v, jac) for v in members[h] if v > j and u_doc[v] != u_doc[j])
        part.sort()
        rows.extend((j, v, jac) for v, jac in part)
        if cap is not None and len(rows) >= cap:
            rows = rows[:cap]
            break
    doc_id = units["doc_id"].to_numpy()
    unit = units["unit"].to_numpy()
    out = pd.DataFrame([(doc_id[a], int(unit[a]), doc_id[b], int(unit[b]), jac)
                        for a, b, jac in rows], columns=cols)
    out.attrs["note"] = ("every verified pair" if cap is None else
                         f"the first {len(out):,} pairs in unit order (unit_pairs={cap})")
    return out


# --- dropping copied passages -------------------------------------------------------------

class CorpusView:
    """A Corpus-like object (``documents``, ``sections``, ``tokens()``) whose texts have the
    copied passages removed; every analysis function accepts it in place of a Corpus."""

    def __init__(self, documents: pd.DataFrame, sections: pd.DataFrame) -> None:
        self.documents = documents
        self.sections = sections

    def tokens(self, level: str = "document", *, segmenter: Any = None,
               theme: str | None = None, section_text: str = "own") -> list[list[str]]:
        from ._common import tokenize

        return tokenize(get_frame(self, level, theme, section_text=section_text), segmenter)

    def __len__(self) -> int:
        return len(self.documents)

    def __repr__(self) -> str:
        return f"<CorpusView: {len(self.documents)} documents, copied passages removed>"


def drop_copied(corpus: Any, reuse: ReuseResult | None = None, *, keep: str | None = None,
                **options: Any) -> Any:
    """The corpus (or documents DataFrame) with copied passages cut out of every text.

    ``keep=None`` removes a shared passage from every document holding it (what is left is what
    each school wrote itself); ``keep="first"`` keeps it in the first holder (in document order)
    so each copied passage is counted once. Section texts and offsets are cut the same way.
    ``reuse`` is a :func:`find_reuse` result (computed with ``**options`` when omitted).

    Example:
        >>> df = pd.DataFrame({"doc_id": ["a", "b"], "text": [
        ...     "为了让广大教职工感到学校的温暖，工会坚持实施送温暖工程。今年组织了教职工春季登山比赛。",
        ...     "为了让广大教职工感到学校的温暖，我校工会坚持实施送温暖工程。召开了第三届教代会第二次会议。"]})
        >>> drop_copied(df)["text"].tolist()
        ['今年组织了教职工春季登山比赛。', '召开了第三届教代会第二次会议。']
    """
    if keep not in (None, "first"):
        raise InputError(f"keep={keep!r}; use None or 'first'")
    if reuse is None:
        reuse = find_reuse(corpus, **options)
    docs = get_frame(corpus, "document").copy()
    units = reuse.units
    drop = units[units["cluster"] >= 0]
    if keep == "first":
        order = {d: i for i, d in enumerate(docs["doc_id"])}
        first = drop.assign(o=drop["doc_id"].map(order)).groupby("cluster")["o"].transform("min")
        drop = drop[drop["doc_id"].map(order) != first]
    spans = {d: sorted(zip(g["start"], g["end"], strict=True)) for d, g in drop.groupby("doc_id")}
    new_text = []
    for d, t in zip(docs["doc_id"], docs["text"], strict=True):
        new_text.append(_cut(t, spans.get(d, [])) if isinstance(t, str) else t)
    docs["text"] = new_text
    if "n_chars" in docs.columns:
        docs["n_chars"] = docs["text"].map(lambda t: len(t) if isinstance(t, str) else 0)
    if "n_han" in docs.columns:
        docs["n_han"] = docs["text"].map(han_count)
    if not is_corpus(corpus):
        return docs
    secs = corpus.sections.copy()
    if len(secs):
        full = dict(zip(corpus.documents["doc_id"], corpus.documents["text"], strict=True))
        texts, own_texts, starts, ends = [], [], [], []
        own_len = (secs["own_text"].map(len) if "own_text" in secs.columns
                   else secs["end"] - secs["start"])
        for d, s, e, n in zip(secs["doc_id"], secs["start"], secs["end"], own_len, strict=True):
            sp = spans.get(d, [])
            texts.append(_cut_span(full[d], s, e, sp))
            own_texts.append(_cut_span(full[d], s, s + n, sp))
            starts.append(_shift(s, sp))
            ends.append(_shift(e, sp))
        secs["text"], secs["start"], secs["end"] = texts, starts, ends
        if "own_text" in secs.columns:
            secs["own_text"] = own_texts
    return CorpusView(docs, secs)


def _cut_span(full: str, s: int, e: int, spans: list[tuple[int, int]]) -> str:
    """``full[s:e]`` with the parts inside ``spans`` (offsets in ``full``) cut out."""
    return _cut(full[s:e], [(max(a, s) - s, min(b, e) - s) for a, b in spans if a < e and b > s])


def _cut(text: str, spans: list[tuple[int, int]]) -> str:
    out, pos = [], 0
    for s, e in spans:
        out.append(text[pos:s])
        pos = max(pos, e)
    out.append(text[pos:])
    # Empty lines left behind are kept so section offsets stay exact (see ``_shift``).
    return "".join(out)


def _shift(offset: int, spans: list[tuple[int, int]]) -> int:
    return offset - sum(max(0, min(e, offset) - s) for s, e in spans if s < offset)
