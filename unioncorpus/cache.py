"""A content-hash cache of cleaned pages, so a rerun over unchanged inputs skips the work.

The key is the SHA-256 of the page's bytes plus a fingerprint of everything that can change
the output: the package version, the boilerplate rules and theme lexicon in use, the OpenCC
converter and version, and the options. Entries are written atomically (temporary file, then
rename), so two runs sharing one cache never see a half-written entry; the worst case of a
race is that both compute the same entry and one rename wins.

Entries hold no paths: the same page under another name is a hit, and the source, doc ids,
site, URL and fetch time are filled in on load.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from .ids import doc_id
from .models import Document, Removal, Section

# 2: removals carry the line model's score; 3: half-width punctuation before digits is made
# full-width (the same page bytes now clean to other text)
SCHEMA = 3


def default_cache_dir() -> Path:
    """``$UNIONCORPUS_CACHE``, else ``$XDG_CACHE_HOME/unioncorpus``, else ``~/.cache/unioncorpus``."""
    env = os.environ.get("UNIONCORPUS_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "unioncorpus"


@lru_cache(maxsize=16)
def fingerprint(rules: str | None, sections: bool) -> str:
    """Hash of the versions of everything the cleaned output depends on."""
    from . import __version__
    from .boilerplate import load_rules
    from .convert import converter_name
    from .resources import lexicon_fingerprint, package_lexicon

    h = hashlib.sha256()
    if rules:
        load_rules(rules)  # a bad rules file of the user's fails here, before any work
    rules_path = rules or str(package_lexicon("boilerplate.tsv"))
    parts = [f"schema={SCHEMA}", f"version={__version__}", f"converter={converter_name()}",
             f"rules={lexicon_fingerprint(rules_path)}", f"sections={sections}"]
    if sections:
        parts.append(f"themes={lexicon_fingerprint('themes.tsv')}")
    parts.append(f"line_model={lexicon_fingerprint('line_model.json')}")
    parts.append(f"relevance={lexicon_fingerprint('relevance.tsv')}")
    # Documents carry their school level and region (unioncorpus.schools).
    parts.append(f"schools={lexicon_fingerprint('school_levels.tsv', 'regions.tsv')}")
    h.update("\n".join(parts).encode())
    return h.hexdigest()[:16]


# What a document owes to where its page was, not to its bytes: filled in on load.
_PAGE_FIELDS = frozenset({"doc_id", "source", "site", "url", "fetched"})


class PageCache:
    """Cleaned pages on disk, keyed by page content and pipeline fingerprint.

    Example:
        >>> cache = PageCache("/tmp/uc-cache")                # doctest: +SKIP
        >>> clean_files("scraped/", cache=cache)             # doctest: +SKIP
    """

    def __init__(self, directory: str | os.PathLike | None = None) -> None:
        self.directory = Path(directory) if directory is not None else default_cache_dir()

    def key(self, data: bytes, fp: str) -> str:
        return hashlib.sha256(data).hexdigest() + "-" + fp

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str, source: str,
            name: str) -> tuple[list[Document], list[Removal], bool] | None:
        """The cached result for ``key`` with ``source`` and the page's ``name`` (its
        documents' ids, :mod:`unioncorpus.ids`) filled in, or None on a miss."""
        entry = load_json(self._path(key))
        if not isinstance(entry, dict):
            return None  # missing or damaged entry: recompute and overwrite
        try:
            docs = []
            for d in entry["documents"]:
                secs = [Section(**s) for s in d.pop("sections")]
                docs.append(Document(doc_id=doc_id(name, d["index"]), source=source,
                                     sections=secs, **d))
            removed = [Removal(source=source, **r) for r in entry["removed"]]
            return docs, removed, bool(entry["rejected"])
        except (KeyError, TypeError, AttributeError):  # an entry of another shape: recompute
            return None

    def put(self, key: str, docs: list[Document], removed: list[Removal], rejected: bool) -> None:
        """Store a result atomically; a failure to write only costs the speed-up."""
        entry: dict[str, Any] = {
            "documents": [{k: v for k, v in d.to_dict().items() if k not in _PAGE_FIELDS}
                          for d in docs],
            "removed": [{k: v for k, v in r.to_dict().items() if k != "source"} for r in removed],
            "rejected": rejected,
        }
        store_json(self._path(key), entry)


_FOLDERS: set[str] = set()  # cache folders this process made or found: no mkdir per entry


def store_json(path: str | os.PathLike, obj: Any) -> None:
    """Write a cache entry atomically; a cache that cannot be written only costs the speed-up.

    A temporary file with a random name (two processes, or two hosts on a shared folder, may
    write the same entry), then a rename. Written with plain system calls: a run fills
    thousands of entries, and a text file object costs several more calls each.
    """
    # Escaped, a lone surrogate is its own JSON escape (see output.atomic_writer).
    data = (json.dumps(obj, ensure_ascii=False) + "\n").encode("utf-8", "backslashreplace")
    path = os.fspath(path)
    tmp = f"{path}.{os.urandom(6).hex()}.tmp"
    try:
        fd = _create(tmp)
    except OSError:
        return
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except OSError:
        _remove(tmp)
    except BaseException:
        _remove(tmp)
        raise


def _create(path: str) -> int:
    """Create ``path`` for writing (it must not exist), making its folder if needed."""
    folder = os.path.dirname(path)
    if folder not in _FOLDERS:
        os.makedirs(folder, exist_ok=True)
        _FOLDERS.add(folder)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    try:
        return os.open(path, flags, 0o644)
    except FileNotFoundError:  # the folder went away during the run: make it again
        os.makedirs(folder, exist_ok=True)
        return os.open(path, flags, 0o644)


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def load_json(path: str | os.PathLike) -> Any:
    """A cache entry, or None when it is missing or damaged (it is then recomputed)."""
    try:
        with open(path, "rb", buffering=0) as f:  # unbuffered: no tty check, one read
            return json.loads(f.readall())
    except (OSError, ValueError):
        return None
