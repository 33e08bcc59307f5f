"""Write results as JSON Lines, atomically and byte-for-byte reproducibly."""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from .models import Document

# The output contract (shared/corpus/README.md) first, then what we add for provenance.
DOCUMENT_FIELDS = ("doc_id", "source", "index", "title", "text", "doc_type", "school", "year",
                   "published", "sections", "encoding", "converter", "normalised", "lines",
                   "site", "url", "fetched",
                   # school metadata (unioncorpus.schools)
                   "school_level", "school_level_from", "province", "city", "county",
                   "region_from")
SECTION_FIELDS = ("id", "parent", "depth", "marker", "title", "themes", "start", "end", "scores",
                  "path")
REMOVAL_FIELDS = ("source", "line", "text", "rule", "reason", "start", "end", "score")


def document_record(doc: Document) -> dict[str, Any]:
    """A document as the ordered dict written to ``documents.jsonl`` (its school level and
    region read first where they have not been)."""
    if doc.school_level is None:
        from .schools import annotate

        annotate(doc)
    d = doc.to_dict()
    rec = {k: d[k] for k in DOCUMENT_FIELDS}
    rec["sections"] = [{k: s[k] for k in SECTION_FIELDS} for s in d["sections"]]
    return rec


def dumps(record: Mapping[str, Any]) -> str:
    """One JSON line: UTF-8 Chinese kept readable, key order fixed by the caller."""
    return json.dumps(record, ensure_ascii=False, separators=(", ", ": "))


@contextmanager
def atomic_writer(path: str | os.PathLike) -> Iterator[TextIO]:
    """A text file for ``path`` that appears there only if the block ends without an error.

    Written to a temporary file in the same folder and renamed at the end: a crash or an
    interrupt never leaves a half-written file, and an earlier file stays until then.

    >>> with atomic_writer(tmp / "a.txt") as f:                      # doctest: +SKIP
    ...     f.write("一行\n")
    """
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=p.parent)
    try:
        # A file name that is not valid UTF-8 (bytes of another encoding, kept by Python as
        # lone surrogates) cannot be written as UTF-8. Written escaped (\udcff), it is the
        # JSON escape of that very character: the line stays valid and reads back the same.
        with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace",
                       newline="\n") as f:
            yield f
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; outputs are meant to be shared
        os.replace(tmp, p)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_atomic(path: str | os.PathLike, lines: Iterable[str]) -> int:
    """Write lines to ``path`` through :func:`atomic_writer`; returns the line count."""
    n = 0
    with atomic_writer(path) as f:
        for line in lines:
            f.write(line)
            f.write("\n")
            n += 1
    return n


def write_jsonl(path: str | os.PathLike, records: Iterable[Mapping[str, Any]]) -> int:
    """Write records as JSON Lines atomically; returns the number written."""
    return write_atomic(path, (dumps(r) for r in records))


_UNSAFE = re.compile(r"[^\w\-.#]+", re.UNICODE)
_INDEX = re.compile(r"#(\d+)$")


def text_filename(doc: Document, max_bytes: int = 200) -> str:
    """A safe relative path for a document's ``.txt`` export: the folders of its doc id as
    folders and ``#<index>`` as ``-<index>`` (``siteA/page1#1`` → ``siteA/page1-1.txt``).

    Ids are unique in a batch, and so are these paths: a name that had to change (characters
    a file name should not hold, a name too long, an id not of the form ``name#index``) gets
    a short hash of the whole id (``~3f2a9c1b``), which no unchanged name holds, since ``~``
    is one of the characters replaced. Names are shortened by bytes (file systems limit a
    name to 255 bytes, and a Chinese character takes three).
    """
    m = _INDEX.search(doc.doc_id)
    page, suffix = (doc.doc_id[:m.start()], f"-{m.group(1)}.txt") if m else (doc.doc_id, ".txt")
    changed = m is None
    parts = []
    for part in page.split("/"):
        safe = _UNSAFE.sub("_", part).strip("._") or "document"
        changed = changed or safe != part
        parts.append(safe)
    mark = "~" + hashlib.sha1(doc.doc_id.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    for k, part in enumerate(parts):
        budget = max_bytes - (len((mark + suffix).encode()) if k == len(parts) - 1 else 0)
        if len(part.encode()) > budget:
            changed = True
            while len(part.encode()) > budget:
                part = part[:-1]
            parts[k] = part
    return "/".join(parts) + (mark if changed else "") + suffix


def document_text(doc: Document) -> str:
    """Title line (when there is one) and text, for the ``--texts`` export."""
    return f"{doc.title}\n\n{doc.text}" if doc.title else doc.text
