"""Load the lexicons shipped as package data (or a user's own files), once.

Every lexicon is a UTF-8 text file: one entry per line, ``#`` starts a comment, blank lines
are skipped. A malformed line raises :class:`~unioncorpus.errors.LexiconError` naming the file
and line, so a user editing their own copy knows where to look.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .errors import InputError, ResourceError

PathLike = str | os.PathLike


def package_lexicon(name: str) -> Path:
    """Return the path of a lexicon file shipped inside the package (``lexicons/NAME``)."""
    ref = resources.files("unioncorpus").joinpath("lexicons", name)
    path = Path(str(ref))
    if not path.is_file():
        raise ResourceError(
            f"packaged lexicon {name!r} is missing from {path.parent}; reinstall unioncorpus "
            "(pip install --force-reinstall unioncorpus)"
        )
    return path


def iter_entries(path: PathLike) -> Iterator[tuple[int, str]]:
    """Yield ``(line_number, text)`` for each non-blank, non-comment line of a lexicon file."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as e:
        raise ResourceError(f"cannot read lexicon {p}: {e.strerror}; check the path") from e
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ResourceError(f"lexicon {p} is not UTF-8 ({e.reason}); save it as UTF-8") from e
    for no, line in enumerate(text.splitlines(), 1):
        s = line.strip()
        if not s or s.startswith("#"):
            continue
        yield no, s


def file_stamp(path: PathLike) -> tuple[int, int]:
    """What tells an edited file from the one cached: its modification time (ns) and size.
    The size too, because two writes within one tick of the file system's clock (a user
    saving twice in a notebook) leave the same time."""
    st = os.stat(path)
    return st.st_mtime_ns, st.st_size


@lru_cache(maxsize=64)
def _cached_lines(path: str, stamp: tuple[int, int]) -> tuple[tuple[int, str], ...]:
    return tuple(iter_entries(path))


def lexicon_lines(name_or_path: PathLike) -> tuple[tuple[int, str], ...]:
    """Entries of a packaged lexicon (by file name) or of a user file (by path), cached."""
    p = Path(name_or_path)
    if not p.is_file() and isinstance(name_or_path, str) and os.sep not in name_or_path:
        try:  # a bare name: a lexicon shipped with the package
            p = package_lexicon(name_or_path)
        except ResourceError:
            pass
    if not p.is_file():
        # A user's path with a typo: a usage error naming it, not a raw FileNotFoundError.
        raise InputError(f"lexicon {os.fspath(name_or_path)!r} not found: no such file, nor a "
                         "lexicon shipped with unioncorpus; check the path")
    p = p.resolve()
    return _cached_lines(str(p), file_stamp(p))


def words_from(source: PathLike | Iterable[str] | None) -> list[str]:
    """Words from a path (one per line) or an iterable of strings; ``None`` gives ``[]``."""
    if source is None:
        return []
    if isinstance(source, (str, os.PathLike)):
        return [t.split()[0] for _, t in lexicon_lines(source)]
    return [w.strip() for w in source if w and w.strip()]


def lexicon_fingerprint(*names: PathLike) -> str:
    """A short hash of lexicon contents, used to key caches on lexicon versions."""
    h = hashlib.sha1()
    for n in names:
        for no, t in lexicon_lines(n):
            h.update(f"{no}\t{t}\n".encode())
    return h.hexdigest()[:12]
