"""Read scraped pages: expand paths, decode any encoding these sites use, extract HTML text.

Stage 1 of the pipeline: path → :class:`~unioncorpus.models.Page`. Nothing here knows about
boilerplate or documents; it only turns bytes into lines of text, and says clearly why a file
cannot be read.
"""

from __future__ import annotations

import codecs
import glob
import os
import re
import stat
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from .errors import InputError
from .models import Page
from .sites import site_key

MAX_BYTES = 50 * 1024 * 1024
PAGE_SUFFIXES = frozenset({".txt", ".html", ".htm", ".xhtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".jl"})
"""JSON Lines: an earlier run's documents.jsonl, or a crawler's feed of items (Scrapy writes
``.jl``); :mod:`unioncorpus.archives` tells them apart by their first record."""
ARCHIVE_SUFFIXES = (".warc", ".warc.gz", ".wacz")
"""Web archives, read record by record (:mod:`unioncorpus.archives`)."""
RUN_COMPANIONS = frozenset({"removed.jsonl", "errors.jsonl", "lines.jsonl"})
"""Files a run writes beside its documents.jsonl (not documents: skipped in its folder)."""
SUPPORTED = PAGE_SUFFIXES | JSONL_SUFFIXES

# Magic numbers of the binary files that end up in scraped folders next to the pages.
_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a zip archive (or .docx/.xlsx)"),
    (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\xd0\xcf\x11\xe0", "an old Office document (.doc/.xls)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7z archive"),
    (b"RIFF", "a RIFF media file"),
    (b"\x7fELF", "an executable"),
)

_CHARSET_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.I)
_HTML_SNIFF = re.compile(rb"<\s*(html|body|div|p|head|meta|title|!doctype)\b", re.I)
# Encodings that these sites declare but that are strict subsets of one we can decode with.
_SUPERSET = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030",
             "big5-hkscs": "big5hkscs", "ascii": "utf-8", "us-ascii": "utf-8"}


@dataclass(frozen=True)
class PathProblem:
    """An input path that yielded no readable file (missing, empty folder, unsupported)."""

    source: str
    message: str
    missing: bool = False  # the path names nothing: a usage error, not a page error


def expand_paths(inputs: Iterable[str | os.PathLike], *,
                 exclude: Iterable[str | os.PathLike] = ()) -> tuple[list[Path], list[PathProblem]]:
    """Expand files, folders (recursively) and glob patterns into a sorted list of files.

    Folders contribute only files with a supported suffix (.txt, .html, .htm, .jsonl, .jl,
    .warc, .warc.gz, .wacz); a file
    named explicitly is always taken. Order is sorted by path so output never depends on the
    file system. Files under a folder in ``exclude`` (the output folder of a run) are left
    out. Returns the files and the inputs that gave nothing, each with a message.
    """
    files, problems, _ = expand_inputs(inputs, exclude=exclude)
    return files, problems


def expand_inputs(inputs: Iterable[str | os.PathLike], *,
                  exclude: Iterable[str | os.PathLike] = ()
                  ) -> tuple[list[Path], list[PathProblem], dict[Path, Path]]:
    """:func:`expand_paths`, plus the root of each file: the input it was found under (a
    folder given, the fixed folder in front of a glob pattern, or a file's own folder), from
    which its documents are named (:mod:`unioncorpus.ids`).

    A file reached twice (named and inside a folder given, or by two spellings of one path)
    is listed once, under the outermost root: naming a page again never doubles it.
    """
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    roots: dict[Path, Path] = {}
    problems: list[PathProblem] = []

    def add(found: Iterable[Path], root: Path) -> None:
        depth = len(Path(os.path.abspath(root)).parts)
        for f in found:
            old = roots.get(f)
            # The outermost root wins: the id a folder gives its page stays the same when
            # the page is also named on its own.
            if old is None or depth < len(Path(os.path.abspath(old)).parts):
                roots[f] = root

    for item in inputs:
        s = os.fspath(item)
        p = Path(s)
        if p.is_dir():
            found = _walk(p)
            if not found:
                problems.append(PathProblem(s, "folder holds no pages (.txt, .html, .htm, "
                                               ".jsonl, .warc); check the path"))
            add(found, p)
        elif p.is_file():
            add([p], p.parent)
        elif glob.has_magic(s):
            hits = sorted(Path(h) for h in glob.glob(s, recursive=True))
            hit_files = [h for h in hits if h.is_file()]
            for h in hits:
                if h.is_dir():
                    hit_files.extend(_walk(h))
            if not hits:
                problems.append(PathProblem(s, "pattern matches no files", missing=True))
            elif not hit_files:
                problems.append(PathProblem(s, "pattern matches no files"))
            add(hit_files, _glob_root(s))
        elif p.is_symlink():
            problems.append(PathProblem(s, "broken symbolic link; fix or remove it",
                                        missing=True))
        else:
            problems.append(PathProblem(s, "no such file or folder; check the path",
                                        missing=True))
    if exclude:
        skip = [os.path.realpath(e) + os.sep for e in exclude]
        roots = {f: r for f, r in roots.items()
                 if not any(os.path.realpath(f).startswith(x) for x in skip)}
    # One file by two spellings (data/raw and /abs/data/raw): keep the one sorting first.
    by_abs: dict[str, Path] = {}
    for f in sorted(roots, key=_order):
        by_abs.setdefault(os.path.abspath(f), f)
    if len(by_abs) < len(roots):
        kept = set(by_abs.values())
        roots = {f: r for f, r in roots.items() if f in kept}
    return sorted(roots, key=_order), problems, roots


def _glob_root(pattern: str) -> Path:
    """The folder in front of a pattern's first wildcard (``scraped/*/index.html`` →
    ``scraped``): hits are named from there, as a folder's files are."""
    parts = Path(pattern).parts
    fixed = []
    for part in parts:
        if glob.has_magic(part):
            break
        fixed.append(part)
    return Path(*fixed) if fixed else Path(".")


def _order(path: Path) -> tuple[str, ...]:
    """The order of ``sorted(paths)`` as a key: computed once per path, not per comparison
    (Path comparisons are Python code; they took a third of listing 8,000 files)."""
    return path.parts if os.name != "nt" else tuple(part.lower() for part in path.parts)


def _walk(folder: Path) -> list[Path]:
    out: list[Path] = []
    seen: set[tuple[int, int]] = set()
    # os.walk with followlinks=False cannot loop; we still follow a symlinked file.
    for root, dirs, names in os.walk(folder):
        st = os.stat(root)
        key = (st.st_dev, st.st_ino)
        if key in seen:
            dirs[:] = []
            continue
        seen.add(key)
        dirs.sort()
        base = Path(root)
        # An earlier run's output folder: its documents.jsonl is the input (and brings its
        # removed.jsonl along); the files beside it hold no documents.
        skip = RUN_COMPANIONS if "documents.jsonl" in names else ()
        for n in sorted(names):
            if (not n.startswith(".") and n not in skip
                    and (os.path.splitext(n)[1].lower() in SUPPORTED
                         or n.lower().endswith(ARCHIVE_SUFFIXES))):
                out.append(base / n)
    return out


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode page bytes; return ``(text, encoding)``.

    Order: a byte-order mark; a charset declared by the page; strict UTF-8; UTF-16 without a
    BOM (recognised by its zero bytes); then GB18030 (a superset of GBK and GB2312) or Big5,
    chosen by charset-normalizer when both decode.

    Raises:
        InputError: when no encoding decodes the bytes.
    """
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"),
                     (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError:
                break
    if declared:
        enc = _SUPERSET.get(declared.lower(), declared.lower())
        try:
            return data.decode(enc), codecs.lookup(enc).name
        except (LookupError, UnicodeDecodeError):
            pass  # pages often lie about their charset; fall through to detection
    try:
        return _decode_truncated(data, "utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    utf16 = _utf16_without_bom(data)
    if utf16:
        return utf16
    candidates = []
    for enc in ("gb18030", "big5"):
        try:
            candidates.append((_decode_truncated(data, enc), enc))
        except UnicodeDecodeError:
            continue
    if len(candidates) == 1:
        return candidates[0]
    if len(candidates) == 2:
        from charset_normalizer import from_bytes

        best = from_bytes(data, cp_isolation=["gb18030", "big5"]).best()
        if best is not None and best.encoding in ("big5", "big5hkscs"):
            return candidates[1]
        return candidates[0]
    mixed = _mixed_encodings(data)
    if mixed:
        raise InputError(mixed)
    raise InputError("bytes are not valid UTF-8, UTF-16, GB18030 or Big5; re-save the page as "
                     "UTF-8 or check that it is a text page")


def _decode_truncated(data: bytes, encoding: str) -> str:
    """Decode strictly, but forgive one multi-byte character cut off at the very end.

    Scrapers that stop at a byte limit cut the last character in half; without this the whole
    page failed every codec (or, worse, could fall through to a wrong one). Only an incomplete
    sequence in the last 3 bytes is dropped; any other invalid byte still raises.
    """
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as e:
        if e.end < len(data) or len(data) - e.start > 3:
            raise
        return data[: e.start].decode(encoding)


def _mixed_encodings(data: bytes) -> str | None:
    """A clear message for a file that starts as valid Chinese text in UTF-8 or GB18030 and
    goes on in bytes that are not (pages in two encodings pasted together), else None.

    The encoding with the longer valid start wins: a few GB18030 bytes can also be valid
    UTF-8 by chance, but not for long.
    """
    best: tuple[int, str] | None = None
    for enc in ("utf-8", "gb18030"):
        try:
            data.decode(enc)
        except UnicodeDecodeError as e:
            head = data[: e.start].decode(enc)
            if len(_CJK_CHAR.findall(head)) >= 2 and (best is None or e.start > best[0]):
                best = (e.start, enc)
    if best is None:
        return None
    line = data[: best[0]].count(b"\n") + 1
    return (f"file mixes encodings: valid {best[1].upper()} up to line {line}, then bytes that "
            "are not; re-save it in one encoding")


_CJK_CHAR = re.compile("[\u4e00-\u9fff]")
_COMMON = re.compile("[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef\u2010-\u201f\u2026\x20-\x7e\r\n\t]")


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 without a BOM: holds zero bytes (newlines, ASCII, 一 U+4E00) and decodes, in one
    byte order, to text made almost only of CJK, ASCII and punctuation."""
    if len(data) < 4 or len(data) % 2 or b"\x00" not in data:
        return None
    best: tuple[float, str, str] | None = None
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        share = len(_COMMON.findall(text)) / max(1, len(text))
        if best is None or share > best[0]:
            best = (share, text, enc)
    if best is None or best[0] < 0.9:
        return None
    return best[1], "utf-16"


def _binary_kind(head: bytes) -> str | None:
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    return None


# Non-blocking: opening a named pipe would otherwise wait for a writer, forever.
_READ_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
               | getattr(os, "O_BINARY", 0))


def prefetch(paths: Iterable[str], *, max_bytes: int = MAX_BYTES) -> None:
    """Ask the operating system to start reading ``paths`` into its page cache now.

    A hint, never an error: a file that cannot be opened is left for :func:`read_bytes` to
    report. Scraped folders are usually cold on disk; reading files one by one waits for
    each in turn, while a group announced at once is read with the disk's full queue depth
    (on Linux, about five times faster; elsewhere this does nothing). Only what
    :func:`read_bytes` will read is announced: regular files of at most ``max_bytes``.
    """
    advise = getattr(os, "posix_fadvise", None)
    if advise is None:
        return
    for p in paths:
        try:
            fd, size = open_regular(p)
        except InputError:
            continue
        try:
            if 0 < size <= max_bytes:
                advise(fd, 0, 0, os.POSIX_FADV_WILLNEED)
        except OSError:
            pass
        finally:
            os.close(fd)


def read_ahead(paths: Iterable[str | os.PathLike], group: int = 64) -> Iterator[str]:
    """``paths`` as str, each announced to the OS (:func:`prefetch`) a group ahead of its
    turn, so the disk reads the next group while the caller works on this one.

    >>> list(read_ahead(["a.txt", Path("b.txt")]))
    ['a.txt', 'b.txt']
    """
    it = (os.fspath(p) for p in paths)
    ahead: deque[str] = deque()
    exhausted = False
    while True:
        while not exhausted and len(ahead) < 2 * group:  # this group and the next
            more = list(islice(it, group))
            exhausted = not more
            prefetch(more)
            ahead.extend(more)
        if not ahead:
            return
        yield ahead.popleft()


def read_page(path: str | os.PathLike, *, max_bytes: int = MAX_BYTES) -> Page:
    """Read one page file (.txt or .html/.htm) into a :class:`Page`.

    Raises:
        InputError: empty, binary, too large, undecodable, or HTML with no text.
    """
    return page_from_bytes(os.fspath(path), read_bytes(path, max_bytes=max_bytes))


def read_bytes(path: str | os.PathLike, *, max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of a page file: a regular file of at most ``max_bytes``.

    Raises:
        InputError: not a regular file, unreadable, or too large.
    """
    fd, size = open_regular(path)
    try:
        if size > max_bytes:
            raise _too_big(size, max_bytes)
        # Ask for the size fstat() gave plus one byte, to see growth (a download still being
        # written); a file that grew is read on, but never past one byte over the limit.
        chunks: list[bytes] = []
        got, target = 0, size + 1
        while got < target:
            chunk = os.read(fd, target - got)
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
            if got == target:  # it grew (or is exactly max_bytes): to the limit at most
                target = max_bytes + 1
    except OSError as e:
        raise _unreadable(e) from e
    finally:
        os.close(fd)
    if got > max_bytes:
        raise _too_big(got, max_bytes)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def open_regular(path: str | os.PathLike) -> tuple[int, int]:
    """Open a regular file for reading: its descriptor (the caller closes it) and size.

    Raises:
        InputError: missing, unreadable, or not a regular file.
    """
    try:
        # Checked on the open descriptor: one stat, and no race with a rename. os, not
        # pathlib: this runs once per page.
        fd = os.open(os.fspath(path), _READ_FLAGS)
    except OSError as e:
        raise _unreadable(e) from e
    try:
        st = os.fstat(fd)
    except OSError as e:
        os.close(fd)
        raise _unreadable(e) from e
    # A named pipe, socket or device with a page suffix would block a read or never end
    # (/dev/zero); only regular files are pages.
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        raise InputError("not a regular file (a pipe, socket or device); remove it from the "
                         "input folder")
    return fd, st.st_size


def _unreadable(e: OSError) -> InputError:
    return InputError(f"cannot read: {e.strerror}; check the path and permissions")


def _too_big(size: int, max_bytes: int) -> InputError:
    return InputError(f"file is {size / 2**20:.0f} MB, over the {max_bytes / 2**20:.0f} MB "
                      "limit for one page; split it or raise max_bytes")


def looks_html(source: str, data: bytes) -> bool:
    """Whether page bytes are read as HTML: by the file's suffix, else by a look at them."""
    return (os.path.splitext(source)[1].lower() in (".html", ".htm", ".xhtml")
            or bool(_HTML_SNIFF.search(data[:2048])))


def page_from_bytes(source: str, data: bytes, *, charset: str | None = None,
                    html: bool | None = None, url: str | None = None,
                    fetched: str | None = None) -> Page:
    """Decode page bytes (and extract the text of HTML) into a :class:`Page`.

    ``charset`` is one declared outside the page (an HTTP header), tried before the page's
    own; ``html`` says the bytes are HTML (None: decided by the suffix and a look at them);
    ``url`` and ``fetched`` are the page's address and fetch time, where a crawl kept them.

    Raises:
        InputError: empty, binary, undecodable, or HTML with no text.
    """
    if not data.strip():
        raise InputError("file is empty; nothing to clean")
    kind = _binary_kind(data[:8])
    if kind:
        raise InputError(f"file is {kind}, not a text or HTML page; convert it to text first")
    is_html = html if html is not None else looks_html(source, data)
    declared = charset
    if is_html and not declared:
        m = _CHARSET_META.search(data[:4096])
        declared = m.group(1).decode("ascii", "ignore") if m else None
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        if _utf16_without_bom(data) is None:
            raise InputError("file holds NUL bytes and is not UTF-16: it looks binary, not a "
                             "text page")
    text, encoding = decode_bytes(data, declared)
    if not text.replace("\ufeff", "").strip():
        # Only a byte-order mark (or BOM and whitespace in UTF-16): empty, like a 0-byte file,
        # rather than a page silently rejected as having no prose.
        raise InputError("file is empty (only a byte-order mark or white space); nothing to "
                         "clean")
    if is_html:
        from .html import html_to_text

        text = html_to_text(text)
        if not text.strip():
            raise InputError("HTML page has no visible text (only scripts, styles or markup)")
    # The page's own address, where its HTML names one, decides its site when no URL came
    # with it (a page file saved by a crawler).
    site = site_key(source, data if is_html else None, url)
    return Page(source=source, text=text, encoding=encoding, kind="html" if is_html else "text",
                url=url, fetched=fetched, site=site)
