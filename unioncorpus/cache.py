"""A content-hash cache of cleaned pages, so a rerun over unchanged inputs skips the work.

The key is the SHA-256 of the page's bytes plus a fingerprint of everything that can change
the output: the package version, the boilerplate rules and theme lexicon in use, the OpenCC
converter and version, and the options. Entries are written atomically (temporary file, then
rename), so two runs sharing one cache never see a half-written entry; the worst case of a
race is that both compute the same entry and one rename wins.

Entries hold no paths: the same page under another name is a hit, and the source is filled
in on load.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path
from typing import Any

from .models import Document, Removal, Section

SCHEMA = 1


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
    rules_path = rules or str(package_lexicon("boilerplate.tsv"))
    load_rules(rules_path)  # a bad rules file fails here, before anything is cached
    parts = [f"schema={SCHEMA}", f"version={__version__}", f"converter={converter_name()}",
             f"rules={lexicon_fingerprint(rules_path)}", f"sections={sections}"]
    if sections:
        parts.append(f"themes={lexicon_fingerprint('themes.tsv')}")
    h.update("\n".join(parts).encode())
    return h.hexdigest()[:16]


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

    def get(self, key: str, source: str) -> tuple[list[Document], list[Removal], bool] | None:
        """The cached result for ``key`` with ``source`` filled in, or None on a miss."""
        try:
            raw = self._path(key).read_text(encoding="utf-8")
            entry = json.loads(raw)
        except (OSError, ValueError):
            return None  # missing or damaged entry: recompute and overwrite
        from .pipeline import _doc_id

        docs = []
        for d in entry["documents"]:
            secs = [Section(**s) for s in d.pop("sections")]
            docs.append(Document(doc_id=_doc_id(source, d["index"]), source=source,
                                 sections=secs, **d))
        removed = [Removal(source=source, **r) for r in entry["removed"]]
        return docs, removed, bool(entry["rejected"])

    def put(self, key: str, docs: list[Document], removed: list[Removal], rejected: bool) -> None:
        """Store a result atomically; a failure to write only costs the speed-up."""
        entry: dict[str, Any] = {
            "documents": [{k: v for k, v in asdict(d).items() if k not in ("doc_id", "source")}
                          for d in docs],
            "removed": [{k: v for k, v in asdict(r).items() if k != "source"} for r in removed],
            "rejected": rejected,
        }
        store_json(self._path(key), entry)


def store_json(path: Path, obj: Any) -> None:
    """Write a cache entry atomically; a cache that cannot be written only costs the speed-up."""
    from .output import write_atomic

    try:
        write_atomic(path, [json.dumps(obj, ensure_ascii=False)])
    except OSError:
        pass
