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
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from datasketch import MinHash, MinHashLSH

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
        near_duplicates: verified document pairs ``doc_a``, ``doc_b``, ``jaccard``.
        matrix: square DataFrame, row document × column document: share of the row's
            characters in units matched with a unit of the column document.
        units: every sentence-window unit with ``doc_id``, ``unit``, ``start``, ``end``,
            ``cluster`` (matched units share a cluster id; -1 = not copied).
        unit_pairs: verified unit matches ``doc_a``, ``unit_a``, ``doc_b``, ``unit_b``,
            ``jaccard``.
        params: the parameters used (for provenance).
    """

    documents: pd.DataFrame
    passages: pd.DataFrame
    near_duplicates: pd.DataFrame
    matrix: pd.DataFrame
    units: pd.DataFrame
    unit_pairs: pd.DataFrame
    params: dict[str, Any] = field(default_factory=dict)


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
    return len(a & b) / len(a | b)


def _minhash(sh: set[str], num_perm: int, seed: int) -> MinHash:
    m = MinHash(num_perm=num_perm, seed=seed)
    m.update_batch([s.encode("utf-8") for s in sorted(sh)])
    return m


def find_reuse(corpus: Any, *, k: int = 5, threshold: float = 0.5, num_perm: int = 128,
               seed: int = 1, max_chars: int = 50, min_chars: int = 10,
               doc_threshold: float | None = None) -> ReuseResult:
    """Find passages shared across documents and near-duplicate documents.

    Every document is cut into sentence-window units (see the module docstring); units with
    ≥ ``min_chars`` Han characters/digits/letters are hashed (MinHash of their ``k``-character
    shingles, ``num_perm`` permutations, ``seed``) and indexed with LSH at ``threshold``. LSH
    only proposes candidates: a pair counts when the exact Jaccard similarity of the shingle
    sets is ≥ ``threshold`` and the units belong to different documents. Whole documents are
    compared the same way at ``doc_threshold`` (default: ``threshold``).

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
    if k < 1:
        raise InputError(f"k={k!r}; use a shingle size >= 1")
    docs = get_frame(corpus, "document")
    if "doc_id" not in docs.columns:
        docs = docs.assign(doc_id=[str(i) for i in range(len(docs))])
    doc_ids = docs["doc_id"].tolist()
    if len(set(doc_ids)) != len(doc_ids):
        raise InputError("doc_id values must be unique")
    texts = [t if isinstance(t, str) else "" for t in docs["text"]]

    # 1. units, their shingles and MinHashes
    unit_rows = []
    unit_sh: list[set[str]] = []
    for di, text in enumerate(texts):
        for ui, (s, e) in enumerate(split_units(text, max_chars, min_chars)):
            sh = shingles(text[s:e], k)
            unit_rows.append({"doc_id": doc_ids[di], "doc": di, "unit": ui, "start": s,
                              "end": e, "hashed": _n_kept(text[s:e]) >= min_chars})
            unit_sh.append(sh)
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    hashes: dict[int, MinHash] = {}
    for j, row in enumerate(unit_rows):
        if row["hashed"] and unit_sh[j]:
            hashes[j] = _minhash(unit_sh[j], num_perm, seed)
            lsh.insert(j, hashes[j])

    # 2. candidates from LSH, verified exactly
    pairs = []
    parent = list(range(len(unit_rows)))
    for j, m in hashes.items():
        for cand in sorted(lsh.query(m)):
            if cand <= j or unit_rows[cand]["doc"] == unit_rows[j]["doc"]:
                continue
            jac = jaccard(unit_sh[j], unit_sh[cand])
            if jac >= threshold:
                pairs.append((j, cand, jac))
                _union(parent, j, cand)
    matched = {j for p in pairs for j in p[:2]}
    roots = sorted({_find(parent, j) for j in matched})
    cluster_of = {r: i for i, r in enumerate(roots)}
    units = pd.DataFrame(unit_rows, columns=["doc_id", "doc", "unit", "start", "end", "hashed"])
    units["cluster"] = [cluster_of[_find(parent, j)] if j in matched else -1
                        for j in range(len(unit_rows))]
    unit_pairs = pd.DataFrame(
        [{"doc_a": unit_rows[a]["doc_id"], "unit_a": unit_rows[a]["unit"],
          "doc_b": unit_rows[b]["doc_id"], "unit_b": unit_rows[b]["unit"], "jaccard": jac}
         for a, b, jac in pairs], columns=["doc_a", "unit_a", "doc_b", "unit_b", "jaccard"])

    # 3. per-document copied share and the document × document matrix
    # Non-space characters: a copy re-wrapped into other lines or spaces is the same copy.
    n_nonspace = [_n_nonspace(t) for t in texts]
    partners: dict[int, set[int]] = {j: set() for j in matched}
    for a, b, _ in pairs:
        partners[a].add(unit_rows[b]["doc"])
        partners[b].add(unit_rows[a]["doc"])
    shared = np.zeros((len(texts), len(texts)))
    copied = np.zeros(len(texts))
    for j in sorted(matched):
        row = unit_rows[j]
        size = _n_nonspace(texts[row["doc"]][row["start"]:row["end"]])
        copied[row["doc"]] += size
        for other in partners[j]:
            shared[row["doc"], other] += size
    denom = np.maximum(np.asarray(n_nonspace, dtype=float), 1)
    documents = pd.DataFrame({"doc_id": doc_ids, "n_nonspace": n_nonspace,
                              "copied_chars": copied.astype(int),
                              "copied_share": copied / denom})
    share = shared / denom[:, None]
    np.fill_diagonal(share, np.nan)  # a document is not compared with itself
    matrix = pd.DataFrame(share, index=doc_ids, columns=doc_ids)

    passages = _passages(units, unit_rows, texts, doc_ids, parent, matched)
    near = _near_duplicates(texts, doc_ids, k, doc_threshold or threshold, num_perm, seed)
    params = {"k": k, "threshold": threshold, "num_perm": num_perm, "seed": seed,
              "max_chars": max_chars, "min_chars": min_chars,
              "doc_threshold": doc_threshold or threshold, "unit": "sentence window"}
    units = units.drop(columns=["doc", "hashed"])
    for table in (documents, passages, near, matrix, units, unit_pairs):
        describe(table, unit=f"{UNIT_NAMES['document']}, cut into sentence windows",
                 method=f"MinHash/LSH on {k}-character shingles, verified by exact Jaccard "
                        f">= {threshold}", seed=seed)
    return ReuseResult(documents, passages, near, matrix, units, unit_pairs, params)


def _passages(units: pd.DataFrame, unit_rows: list[dict[str, Any]], texts: list[str],
              doc_ids: list[str], parent: list[int], matched: set[int]) -> pd.DataFrame:
    # Merge runs of consecutive matched units of a document into one passage; passages whose
    # units were matched to each other form one shared passage (one passage_id).
    runs: list[list[int]] = []
    for j in range(len(unit_rows)):
        if j not in matched:
            continue
        prev = runs[-1][-1] if runs else None
        if (prev is not None and prev == j - 1 and unit_rows[prev]["doc"] == unit_rows[j]["doc"]):
            runs[-1].append(j)
        else:
            runs.append([j])
    run_parent = list(range(len(runs)))
    first_run: dict[int, int] = {}
    for r, run in enumerate(runs):
        for j in run:
            root = _find(parent, j)
            if root in first_run:
                _union(run_parent, first_run[root], r)
            else:
                first_run[root] = r
    comp: dict[int, list[int]] = {}
    for r in range(len(runs)):
        comp.setdefault(_find(run_parent, r), []).append(r)
    rows = []
    for pid, members in enumerate(sorted(comp.values(), key=lambda m: m[0]), start=1):
        holders = sorted({doc_ids[unit_rows[runs[r][0]]["doc"]] for r in members})
        for r in members:
            first, last = unit_rows[runs[r][0]], unit_rows[runs[r][-1]]
            text = texts[first["doc"]][first["start"]:last["end"]]
            rows.append({"passage_id": f"P{pid:03d}", "doc_id": first["doc_id"],
                         "start": first["start"], "end": last["end"],
                         "n_nonspace": _n_nonspace(text), "text": text, "docs": holders,
                         "n_docs": len(holders)})
    return pd.DataFrame(rows, columns=["passage_id", "doc_id", "start", "end", "n_nonspace",
                                       "text", "docs", "n_docs"])


def _near_duplicates(texts: list[str], doc_ids: list[str], k: int, threshold: float,
                     num_perm: int, seed: int) -> pd.DataFrame:
    sh = [shingles(t, k) for t in texts]
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    mh = {}
    for i, s in enumerate(sh):
        if s:
            mh[i] = _minhash(s, num_perm, seed)
            lsh.insert(i, mh[i])
    rows = []
    for i, m in mh.items():
        for j in sorted(lsh.query(m)):
            if j > i:
                jac = jaccard(sh[i], sh[j])
                if jac >= threshold:
                    rows.append({"doc_a": doc_ids[i], "doc_b": doc_ids[j], "jaccard": jac})
    return pd.DataFrame(rows, columns=["doc_a", "doc_b", "jaccard"])


def _n_nonspace(text: str) -> int:
    return sum(1 for ch in text if not ch.isspace())


def _find(parent: list[int], x: int) -> int:
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


def _union(parent: list[int], a: int, b: int) -> None:
    ra, rb = _find(parent, a), _find(parent, b)
    if ra != rb:
        parent[max(ra, rb)] = min(ra, rb)


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
