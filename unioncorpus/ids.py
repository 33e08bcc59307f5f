"""Document ids: the one place that names pages and documents (the pipeline and the cache
both ask here).

A document's id is ``<page name>#<index>``. In a batch the page name is the page's path
relative to the input it was found under, without its suffix, with ``/`` between folders:
``scraped/siteA/page1.txt`` found under ``scraped/`` is ``siteA/page1``, its second document
``siteA/page1#1``. A file named directly is relative to its own folder (``page1``). Names
depend only on the batch's files, never on the working directory, so cleaning the same
folder from elsewhere gives the same ids; and they are unique in a batch
(:func:`page_names`). A page cleaned alone (``clean_text``) is named after its source's
stem, ``<text>`` giving ``text``.

A page inside a web archive or a crawler feed has the source ``<file>#<n>`` (the record's
byte offset in a WARC, the line in a feed; :mod:`unioncorpus.archives`) and is named like a
file of that name, suffix kept: ``scraped/crawl.warc.gz#1054`` found under ``scraped/`` is
``crawl.warc.gz#1054``, its first document ``crawl.warc.gz#1054#0`` (:func:`page_of` splits
at the last ``#``, so it gives the page back). Two archives of one name in two folders grow
folders as two files would.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from .read import SUPPORTED


def doc_id(name: str, index: int) -> str:
    """The id of document ``index`` of the page named ``name``.

    >>> doc_id("siteA/page1", 0)
    'siteA/page1#0'
    """
    return f"{name}#{index}"


def page_of(doc_id: str) -> str:
    """The page name in a document id (everything before the last ``#``).

    >>> page_of("siteA/page1#2")
    'siteA/page1'
    """
    return doc_id.rpartition("#")[0] or doc_id


def source_name(source: str) -> str:
    """The name of a page cleaned on its own: its file stem, or what ``<...>`` encloses.

    >>> source_name("data/raw/000_abc.txt"), source_name("<text>")
    ('000_abc', 'text')
    """
    if source and not source.startswith("<"):
        # Path(source).stem without building a Path: this runs once per page.
        name = os.path.basename(source)
        dot = name.rfind(".")
        stem = name[:dot] if 0 < dot < len(name) - 1 else name
    else:
        stem = source.strip("<>")
    return stem or "text"


def _strip_suffix(name: str) -> str:
    """``name`` without a page suffix (``.txt``, ``.html``, ...); other dots stay (``v1.2``)."""
    stem, dot, suffix = name.rpartition(".")
    return stem if dot and stem and f".{suffix.lower()}" in SUPPORTED else name


def page_names(files: Iterable[tuple[str | os.PathLike, str | os.PathLike]]) -> dict[str, str]:
    """Unique page names for a batch: ``{file: name}`` for ``(file, root)`` pairs.

    ``root`` is the input the file was found under (the folder given, or for a file given
    directly its folder). The name is the path from the root, without the suffix. Where two
    files would share a name (``a/page1.txt`` and ``b/page1.txt`` named directly, or
    ``page1.txt`` beside ``page1.html``), those names grow: first the suffix is kept, then
    the folders above the root are prefixed one at a time until the names differ. Files are
    compared by absolute path (the caller removes a file listed twice), so the result does
    not depend on the working directory.

    >>> page_names([("x/a/p.txt", "x/a"), ("x/b/p.txt", "x/b"), ("x/b/q.txt", "x")])
    {'x/a/p.txt': 'a/p', 'x/b/p.txt': 'b/p', 'x/b/q.txt': 'b/q'}
    """
    # Plain string work: this runs once per file of the batch (Path objects cost a third
    # of a second on 8,000 files).
    sep = os.sep
    root_abs: dict[str, str] = {}
    rows = []  # (file as given, its absolute path split, the number of parts below the root)
    for file, root in files:
        f = os.fspath(file)
        absolute = os.path.abspath(f)
        r = os.fspath(root)
        top = root_abs.get(r)
        if top is None:
            top = root_abs[r] = os.path.join(os.path.abspath(r), "")  # with a trailing sep
        parts = absolute.split(sep)[1:]  # without the anchor (the empty part before /)
        below = absolute[len(top):].count(sep) + 1 if absolute.startswith(top) else 1
        rows.append((f, parts, max(1, min(below, len(parts)))))
    # Keep a suffix only where dropping it would merge two pages (page1.txt, page1.html).
    bare = defaultdict(list)
    for f, parts, _ in rows:
        bare[(*parts[:-1], _strip_suffix(parts[-1]))].append(f)
    keep_suffix = {f for group in bare.values() if len(group) > 1 for f in group}

    def name(parts: list[str], depth: int, suffix: bool) -> str:
        tail = parts[len(parts) - depth:]
        return "/".join([*tail[:-1], tail[-1] if suffix else _strip_suffix(tail[-1])])

    depths = {f: depth for f, _, depth in rows}
    info = {f: (parts, f in keep_suffix) for f, parts, _ in rows}
    while True:
        names: dict[str, list[str]] = defaultdict(list)
        for f, (parts, suffix) in info.items():
            names[name(parts, depths[f], suffix)].append(f)
        clashes = [f for group in names.values() if len(group) > 1 for f in group]
        grown = False
        for f in clashes:  # distinct absolute paths: growing always separates them
            if depths[f] < len(info[f][0]):
                depths[f] += 1
                grown = True
        if not grown:
            break
    return {f: name(parts, depths[f], suffix) for f, (parts, suffix) in info.items()}


def page_name(path: str | os.PathLike, root: str | os.PathLike | None = None) -> str:
    """The name of one page: its path from ``root`` (default its folder), no suffix.

    >>> page_name("scraped/siteA/page1.txt", "scraped")
    'siteA/page1'
    """
    p = Path(path)
    return page_names([(p, p.parent if root is None else root)])[os.fspath(p)]
