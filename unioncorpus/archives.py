"""Read pages out of files that hold many: web archives (WARC, WACZ) and crawler item feeds.

Part of the read stage. A crawl is saved as a WARC file (wget ``--warc-file``, Browsertrix,
Heritrix, webrecorder) or as a JSON Lines feed of items (Scrapy's feed export). Each page in
such a file becomes a *member*, named ``<file>#<n>``: ``n`` is the byte offset of the record
in a WARC (what CDX indexes and ``warcio`` use, stable as long as the archive is) and the
1-based line number in a feed. A WACZ is read through the WARC files inside it
(``crawl.wacz#archive/data.warc.gz#1054``). Members go through the pipeline like page files; their URL
and fetch time travel with them as page metadata (``url``, ``fetched``).

A WARC is scanned once before the cleaning: every record is a page, a skip counted by
reason (``not_html``, ``redirect``, ``http_error``, ``revisit``, or the record type, such as
``request``), or an error record naming its offset (a truncated or malformed record, one over
the size limit), after which reading resumes at the next record that parses. A member is
read again, on its own, by seeking to its offset, so workers can clean an archive's pages in
parallel and nothing holds a whole archive in memory.

A ``.jsonl`` file is one of two things, told apart by its first record: an earlier run's
``documents.jsonl`` (records with a ``doc_id``: loaded as documents) or a crawler feed
(records with a page field: each record a page).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import InputError
from .models import Page
from .read import JSONL_SUFFIXES, MAX_BYTES, open_regular, page_from_bytes, read_bytes

WARC_SUFFIXES = (".warc", ".warc.gz")
"""Suffixes of web archives (a gzipped WARC must hold one gzip member per record, as every
crawler writes it: ``warcio recompress`` mends one that does not)."""

FEED_FIELDS: dict[str, tuple[str, ...]] = {
    # The page itself: HTML first (it carries more structure), then plain text. Whether a
    # value is HTML is decided by looking at it, as for a .txt file.
    "html": ("html", "body", "raw_html", "content_html", "page"),
    "text": ("text", "content"),
    "url": ("url", "link", "href", "uri"),
    "fetched": ("fetched", "fetched_at", "crawled", "crawled_at", "crawl_time", "timestamp"),
}
"""The field names a crawler feed is read with by default, for each role, in order of
preference; ``jsonl_fields={"url": "link", "html": "body"}`` names them instead."""

# Content types that are pages; anything else (images, scripts, style sheets, PDFs) is not.
_PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)


def is_warc(path: str | os.PathLike) -> bool:
    """Whether ``path`` is named as a web archive (``.warc`` or ``.warc.gz``)."""
    return os.fspath(path).lower().endswith(WARC_SUFFIXES)


def is_jsonl(path: str | os.PathLike) -> bool:
    """Whether ``path`` is named as a JSON Lines file (``.jsonl``, ``.jl``)."""
    return os.path.splitext(os.fspath(path))[1].lower() in JSONL_SUFFIXES


def member_source(path: str | os.PathLike, n: int) -> str:
    """The source of member ``n`` of the archive or feed ``path``.

    >>> member_source("crawl/site.warc.gz", 1054)
    'crawl/site.warc.gz#1054'
    """
    return f"{os.fspath(path)}#{n}"


_MEMBER = re.compile(r"^(.+)#(\d+)$", re.S)


def split_member(source: str) -> tuple[str, int] | None:
    """``(container path, n)`` for a member's source, None for a plain file.

    >>> split_member("a/crawl.warc.gz#1054"), split_member("a/page#1.txt")
    (('a/crawl.warc.gz', 1054), None)
    """
    m = _MEMBER.match(source)
    if m and (is_warc(m.group(1)) or is_jsonl(m.group(1))):
        return m.group(1), int(m.group(2))
    return None


def check_jsonl_fields(fields: Mapping[str, str] | None) -> dict[str, tuple[str, ...]]:
    """The field names to read a feed with: the defaults, with the roles ``fields`` names
    replaced (``{"url": "link", "html": "body"}``).

    Raises:
        InputError: a role that is not one of ``url``, ``html``, ``text``, ``fetched``, or a
            name that is not a non-empty string.
    """
    out = dict(FEED_FIELDS)
    if fields is None:
        return out
    if not isinstance(fields, Mapping):
        raise InputError(f"jsonl_fields={fields!r}; pass a dict such as "
                         "{'url': 'link', 'html': 'body'}")
    for role, name in fields.items():
        if role not in FEED_FIELDS:
            raise InputError(f"jsonl_fields role {role!r} is unknown; use "
                             f"{', '.join(FEED_FIELDS)} (e.g. url=link,html=body)")
        if not isinstance(name, str) or not name:
            raise InputError(f"jsonl_fields[{role!r}]={name!r}; name the field as a string")
        out[role] = (name,)
    if fields.get("html") and "text" not in fields:
        out["text"] = ()  # the page field was named: no fallback to another field
    if fields.get("text") and "html" not in fields:
        out["html"] = ()
    return out


def parse_jsonl_fields(spec: str) -> dict[str, str]:
    """``url=link,html=body`` (the CLI's ``--jsonl-fields``) as a dict.

    >>> parse_jsonl_fields("url=link,html=body")
    {'url': 'link', 'html': 'body'}

    Raises:
        InputError: an item that is not ``role=field``.
    """
    out: dict[str, str] = {}
    for item in spec.split(","):
        role, eq, name = item.strip().partition("=")
        if not eq or not role.strip() or not name.strip():
            raise InputError(f"--jsonl-fields item {item.strip()!r} is not ROLE=FIELD; write "
                             "e.g. url=link,html=body")
        out[role.strip()] = name.strip()
    check_jsonl_fields(out)
    return out


@dataclass(frozen=True)
class Skipped:
    """Records of one archive that are not pages, counted by reason."""

    source: str
    reason: str
    count: int

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "reason": self.reason, "count": self.count}


@dataclass
class Scan:
    """What a container holds: the positions of its pages, the records skipped (by reason)
    and the records that could not be read, as ``(position, message)``."""

    members: list[int] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    errors: list[tuple[int, str]] = field(default_factory=list)
    documents: bool = False  # a .jsonl of documents (an earlier run's output), not a feed


# --- WARC -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Record:
    """One WARC record as far as the pipeline cares."""

    kind: str  # "page", or the reason it is skipped
    url: str | None = None
    fetched: str | None = None
    content_type: str | None = None
    payload: bytes | None = None


def _classify(rec: Any) -> tuple[str, str | None]:
    """Whether a record is a page (``"page"``) or why not, and its content type."""
    if rec.rec_type not in ("response", "resource"):
        return rec.rec_type, None
    ctype = None
    if rec.http_headers is not None:
        status = rec.http_headers.get_statuscode() or ""
        if status.startswith("3"):
            return "redirect", None
        if not status.startswith("2"):
            return "http_error", None
        ctype = rec.http_headers.get_header("Content-Type")
    elif rec.rec_type == "response":
        return "not_http", None  # a response record of another protocol (dns:, ftp:)
    else:
        ctype = rec.rec_headers.get_header("Content-Type")
    ctype = ctype or rec.rec_headers.get_header("WARC-Identified-Payload-Type")
    if ctype and not ctype.split(";")[0].strip().lower().startswith(_PAGE_TYPES):
        return "not_html", ctype
    return "page", ctype  # no type given: the reader decides by looking (as for a file)


def _read_record(rec: Any, max_bytes: int, offset: int) -> _Record:
    """The record's kind and metadata, with the payload for a page.

    Raises:
        InputError: a payload over ``max_bytes`` (decoded: a compressed payload that
            expands past the limit counts at its expanded size) or cut short.
    """
    if not rec.rec_type:
        # What warcio makes of a header cut short (the archive ends inside it) or garbled.
        raise InputError(f"record at byte {offset} is malformed or truncated (it has no "
                         "WARC-Type)")
    kind, ctype = _classify(rec)
    url = rec.rec_headers.get_header("WARC-Target-URI")
    if url:
        url = url.strip().strip("<>")  # some writers of WARC/1.0 put the URI in brackets
    fetched = rec.rec_headers.get_header("WARC-Date")
    if kind != "page":
        return _Record(kind, url, fetched)
    payload = rec.content_stream().read(max_bytes + 1)
    if len(payload) > max_bytes:
        raise InputError(f"record at byte {offset} ({url}) expands past the "
                         f"{_limit(max_bytes)} limit for one page")
    # Whatever the content encoding, the record's own block must have been read whole: bytes
    # left unread means the archive ends (or a gzip member breaks off) inside the record.
    while rec.raw_stream.read(65536):
        pass
    if getattr(rec.raw_stream, "limit", 0) > 0:
        raise InputError(f"record at byte {offset} ({url}) is truncated: the archive ends "
                         "inside it")
    return _Record(kind, url, fetched, ctype, payload)


def _iterator(f: Any) -> Any:
    from warcio.archiveiterator import ArchiveIterator

    return ArchiveIterator(f)


WACZ_SUFFIX = ".wacz"
_IN_WACZ = WACZ_SUFFIX + "#"


@contextlib.contextmanager
def _open_warc(path: str) -> Iterator[tuple[Any, int]]:
    """A WARC file open for reading, and its size: a file, or a WARC inside a WACZ
    (``crawl.wacz#archive/data.warc.gz``; WACZ stores its WARCs uncompressed in the zip, so
    seeking in them is cheap).

    Raises:
        InputError: not a regular file (a pipe named .warc), or no such WARC in the WACZ.
    """
    i = path.lower().find(_IN_WACZ)
    if i < 0:
        fd, size = open_regular(path)  # a pipe or a folder named .warc is refused here
        with os.fdopen(fd, "rb") as f:
            yield f, size
        return
    import zipfile

    outer, inner = path[:i + len(WACZ_SUFFIX)], path[i + len(_IN_WACZ):]
    fd, _ = open_regular(outer)  # never hand a pipe to zipfile: it would wait forever
    with os.fdopen(fd, "rb") as raw:
        try:
            z = zipfile.ZipFile(raw)
            f = z.open(inner)
        except (KeyError, zipfile.BadZipFile) as e:
            raise InputError(f"{outer}: no WARC {inner!r} in it, or not a zip ({e}); check "
                             "that it is a WACZ file") from e
        with z, f:
            yield f, z.getinfo(inner).file_size


def wacz_members(path: str | os.PathLike) -> list[str]:
    """The WARC files inside a WACZ (``archive/*.warc.gz``), as sources of their own
    (``crawl.wacz#archive/data.warc.gz``), in name order.

    Raises:
        InputError: not a zip file.
    """
    import zipfile

    fd, _ = open_regular(path)  # never hand a pipe to zipfile: it would wait forever
    with os.fdopen(fd, "rb") as raw:
        try:
            with zipfile.ZipFile(raw) as z:
                names = sorted(n for n in z.namelist() if is_warc(n))
        except (zipfile.BadZipFile, OSError) as e:
            raise InputError(f"WACZ file cannot be opened as a zip ({e}); check that it is "
                             "a WACZ file") from e
    if not names:
        raise InputError("WACZ file holds no WARC files (archive/*.warc.gz); check that it "
                         "is a WACZ file")
    return [f"{os.fspath(path)}#{n}" for n in names]


def _records(path: str, start: int, max_bytes: int, gz: bool
             ) -> Iterator[tuple[int, _Record | InputError]]:
    """``(offset, record or error)`` from ``start`` to the end of the archive; after an
    error, reading resumes at the next record that parses."""
    pos = start
    with _open_warc(path) as (f, size), contextlib.redirect_stderr(io.StringIO()):
        # (warcio writes its warnings to stderr; what matters is reported as error records.)
        while pos < size:
            f.seek(pos)
            it = _iterator(f)
            offset = pos
            jump = False
            try:
                for rec in it:
                    offset = it.offset
                    record = _read_record(rec, max_bytes, offset)
                    yield offset, record
                    if gz and record.kind != "page" and _declared(rec) > max_bytes:
                        # A large record that is no page (a video, a gzip bomb posing as an
                        # image): stepping to the next gzip member costs a read of the
                        # compressed bytes, where warcio would expand the whole payload.
                        jump = True
                        break
                if jump:
                    pos = _resync(f, offset + 1, size, gz)
                    continue
                end = getattr(it, "offset", size)
                # warcio ends quietly where a record breaks off inside its header (an archive
                # cut short): bytes left unread are that record.
                f.seek(end)
                if end < size and f.read(4096).strip():
                    yield end, InputError(f"record at byte {end} is truncated: the archive "
                                          "ends inside its header")
                return
            except Exception as e:  # warcio raises many kinds for a broken record
                # The iterator's offset is the record it was reading: the one that failed
                # (a broken header), or the one we refused (too large, truncated).
                offset = max(offset, getattr(it, "offset", offset))
                yield offset, _archive_error(e, offset)
            pos = _resync(f, offset + 1, size, gz)


def _declared(rec: Any) -> int:
    """The length a record's header declares for its block (0 when it gives none)."""
    try:
        return int(rec.rec_headers.get_header("Content-Length") or 0)
    except ValueError:
        return 0


def _archive_error(e: Exception, offset: int) -> InputError:
    if isinstance(e, InputError):
        return e
    what = str(e).strip().splitlines()
    detail = next((ln.strip() for ln in what if ln.strip()), type(e).__name__)
    # warcio quotes the bytes it could not parse; binary garbage is no help in a message.
    detail = "".join(c if c.isprintable() and ord(c) < 0x7F else "?" for c in detail)[:80]
    if "non-chunked gzip" in str(e):
        return InputError(f"record at byte {offset}: the archive is one gzip stream, not a "
                          "gzip member per record, so its records cannot be read one by one; "
                          "run `warcio recompress` on it")
    return InputError(f"record at byte {offset} is malformed or truncated ({detail}); the "
                      "records after it were read")


def _resync(f: Any, start: int, size: int, gz: bool) -> int:
    """The offset of the next record after ``start`` that parses, or ``size``: the start of
    a gzip member, or a ``WARC/`` version line, that the reader accepts."""
    marker = b"\x1f\x8b\x08" if gz else b"WARC/"
    pos = start
    chunk = 1 << 20
    while pos < size:
        f.seek(pos)
        buf = f.read(chunk + len(marker))
        i = buf.find(marker)
        while i >= 0:
            cand = pos + i
            if gz or cand == 0 or buf[i - 1:i] == b"\n" or i == 0:
                if _parses(f, cand):
                    return cand
            i = buf.find(marker, i + 1)
        pos += chunk
    return size


def _parses(f: Any, offset: int) -> bool:
    """Whether a record header can be read at ``offset`` (a candidate after an error)."""
    f.seek(offset)
    try:
        next(iter(_iterator(f)))
    except Exception:
        return False
    return True


def scan_warc(path: str | os.PathLike, *, max_bytes: int = MAX_BYTES) -> Scan:
    """The pages, skipped records and bad records of a WARC file (see the module doc).

    Raises:
        InputError: the file cannot be opened, or is not a web archive at all.
    """
    path = os.fspath(path)
    with _open_warc(path) as (f, size):
        head = f.read(4)
    if size == 0:
        raise InputError("archive is empty; nothing to clean")
    gz = head.startswith(b"\x1f\x8b")
    if not gz and not head.startswith(b"WARC"):
        raise InputError("file is named as a WARC archive but starts neither with a WARC "
                         "record nor with gzip; check that it is a web archive")
    scan = Scan()
    for offset, rec in _records(path, 0, max_bytes, gz):
        if isinstance(rec, InputError):
            scan.errors.append((offset, str(rec)))
        elif rec.kind == "page":
            scan.members.append(offset)
        else:
            scan.skipped[rec.kind] += 1
    return scan


def read_warc_member(path: str, offset: int, *, max_bytes: int = MAX_BYTES) -> Page:
    """The page of the WARC record at byte ``offset`` of ``path``.

    Raises:
        InputError: no page record there, or one that cannot be read.
    """
    with _open_warc(path) as (f, _), contextlib.redirect_stderr(io.StringIO()):
        f.seek(offset)
        try:
            rec = _read_record(next(iter(_iterator(f))), max_bytes, offset)
        except InputError:
            raise
        except Exception as e:
            raise _archive_error(e, offset) from e
    if rec.kind != "page" or rec.payload is None:
        raise InputError(f"record at byte {offset} of {path} is not a page ({rec.kind}); "
                         "list the archive's pages again")
    ctype = (rec.content_type or "").lower()
    m = _CHARSET.search(ctype)
    html = True if ("html" in ctype) else None  # text/plain or no type: decided by looking
    return page_from_bytes(member_source(path, offset), rec.payload,
                           charset=m.group(1) if m else None, html=html, url=rec.url,
                           fetched=rec.fetched)


# --- JSON Lines: documents or a crawler feed --------------------------------------------------


def _first_record(path: str) -> Any:
    """The first non-empty line of a JSON Lines file, parsed (None when there is none)."""
    fd, _ = open_regular(path)
    with os.fdopen(fd, "rb") as f:
        # Bounded: a file of one enormous line is not read whole just to see its shape.
        for raw in iter(lambda: f.readline(MAX_BYTES + 1), b""):
            if raw.strip():
                try:
                    return json.loads(raw)
                except ValueError:
                    return None
    return None


def is_feed(path: str | os.PathLike, fields: Mapping[str, Iterable[str]] | None = None) -> bool:
    """Whether a ``.jsonl`` file is a crawler feed rather than documents: its first record
    is an object with no ``doc_id`` and with a page field (see :data:`FEED_FIELDS`)."""
    fields = fields or FEED_FIELDS
    rec = _first_record(os.fspath(path))
    if not isinstance(rec, dict) or "doc_id" in rec:
        return False
    return any(name in rec for role in ("html", "text") for name in fields[role])


@lru_cache(maxsize=8)
def _line_starts(path: str, size: int, mtime_ns: int) -> tuple[int, ...]:
    """Byte offset of the start of every line (memoised per file version: a worker reads a
    feed's records one by one, each by seeking)."""
    starts = [0]
    fd, _ = open_regular(path)
    with os.fdopen(fd, "rb") as f:
        pos = 0
        for raw in iter(lambda: f.readline(1 << 20), b""):
            pos += len(raw)
            if raw.endswith(b"\n"):
                starts.append(pos)
    return tuple(starts)


def _feed_lines(path: str, max_bytes: int) -> Iterator[tuple[int, bytes | InputError]]:
    """``(line number, raw line or error)`` for each non-empty line; a line over
    ``max_bytes`` is an error, never read whole into memory."""
    fd, _ = open_regular(path)
    with os.fdopen(fd, "rb") as f:
        no = 0
        while True:
            raw = f.readline(max_bytes + 1)
            if not raw:
                return
            no += 1
            if len(raw) > max_bytes and not raw.endswith(b"\n"):
                while raw and not raw.endswith(b"\n"):  # skip the rest of the line
                    raw = f.readline(1 << 20)
                yield no, InputError(f"line {no} is over the {_limit(max_bytes)} limit "
                                     "for one page")
                continue
            if raw.strip():
                yield no, raw


def _feed_page(rec: Any, fields: Mapping[str, tuple[str, ...]], no: int
               ) -> tuple[str, str | None, str | None]:
    """``(page text or HTML, url, fetched)`` of a feed record.

    Raises:
        InputError: not an object, or no page field holding a string.
    """
    if not isinstance(rec, dict):
        raise InputError(f"line {no} is a JSON {type(rec).__name__}, not an object with a page")
    content = None
    for name in (*fields["html"], *fields["text"]):
        value = rec.get(name)
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            # Scrapy items often hold what a selector's getall() gave: a list of paragraphs.
            value = "\n".join(value)
        if isinstance(value, str) and value.strip():
            content = value
            break
    if content is None:
        names = ", ".join((*fields["html"], *fields["text"]))
        raise InputError(f"line {no} has no page text in any of the fields {names}; name the "
                         "field with jsonl_fields / --jsonl-fields html=FIELD")

    def first(role: str) -> str | None:
        for name in fields[role]:
            value = rec.get(name)
            if isinstance(value, list) and value and isinstance(value[0], str):
                value = value[0]  # a getall() of one address
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                value = str(value)  # a Unix timestamp, kept as the feed wrote it
            if isinstance(value, str) and value.strip():
                return value.strip()
        return None

    return content, first("url"), first("fetched")


def scan_feed(path: str | os.PathLike, fields: Mapping[str, tuple[str, ...]] | None = None,
              *, max_bytes: int = MAX_BYTES) -> Scan:
    """The records of a crawler feed that are pages, and the lines that are not."""
    fields = fields or FEED_FIELDS
    scan = Scan()
    for no, raw in _feed_lines(os.fspath(path), max_bytes):
        if isinstance(raw, InputError):
            scan.errors.append((no, str(raw)))
            continue
        try:
            _feed_page(json.loads(raw), fields, no)
        except InputError as e:
            scan.errors.append((no, str(e)))
        except ValueError as e:
            scan.errors.append((no, f"line {no} is not JSON ({e})"))
        else:
            scan.members.append(no)
    return scan


def read_feed_member(path: str, no: int, fields: Mapping[str, tuple[str, ...]] | None = None,
                     *, max_bytes: int = MAX_BYTES) -> Page:
    """The page of line ``no`` of a crawler feed.

    Raises:
        InputError: no such line, or a line that is not a page record.
    """
    fields = fields or FEED_FIELDS
    st = os.stat(path)
    starts = _line_starts(path, st.st_size, st.st_mtime_ns)
    if not 1 <= no <= len(starts) or starts[no - 1] >= st.st_size:
        raise InputError(f"line {no} of {path} does not exist; list the feed's pages again")
    fd, _ = open_regular(path)
    with os.fdopen(fd, "rb") as f:
        f.seek(starts[no - 1])
        raw = f.readline(max_bytes + 1)
    if len(raw) > max_bytes:
        raise InputError(f"line {no} is over the {_limit(max_bytes)} limit for one page")
    try:
        content, url, fetched = _feed_page(json.loads(raw), fields, no)
    except ValueError as e:
        if isinstance(e, InputError):
            raise
        raise InputError(f"line {no} is not JSON ({e})") from e
    # Through the same decoding as a file (the HTML sniff, a charset its meta declares).
    return page_from_bytes(member_source(path, no), content.encode("utf-8", "surrogatepass"),
                           url=url, fetched=fetched)


# --- one entry point for the pipeline ---------------------------------------------------------


def read_source(source: str, *, max_bytes: int = MAX_BYTES,
                jsonl_fields: Mapping[str, tuple[str, ...]] | None = None) -> Page:
    """The page of ``source``: a page file, or a member of an archive or feed.

    Raises:
        InputError: the page cannot be read (the message says why).
    """
    member = split_member(source)
    if member is None:
        return page_from_bytes(source, read_bytes(source, max_bytes=max_bytes))
    path, n = member
    if is_warc(path):
        return read_warc_member(path, n, max_bytes=max_bytes)
    return read_feed_member(path, n, jsonl_fields, max_bytes=max_bytes)


def member_bytes(page: Page) -> bytes:
    """What a member's cache entry is keyed on: its page text and how it was decoded (a
    member's raw payload is not at hand once it is decoded, and its text decides the
    cleaning)."""
    return f"{page.kind}\n{page.encoding}\n{page.text}".encode("utf-8", "surrogatepass")


@dataclass
class Expanded:
    """A batch's page sources after opening its archives and feeds: each archive or feed
    replaced by its members (in order), with what its scan found."""

    sources: list[str]
    roots: dict[str, Path]
    errors: list[tuple[str, str]] = field(default_factory=list)  # (source, message)
    skipped: list[Skipped] = field(default_factory=list)


def expand_members(files: Iterable[Path], roots: Mapping[Path, Path], *,
                   jsonl_fields: Mapping[str, tuple[str, ...]] | None = None,
                   max_bytes: int = MAX_BYTES) -> Expanded:
    """Replace each web archive and crawler feed among ``files`` by its members.

    A ``documents.jsonl`` (and any file that is neither) stays as it is. An archive that
    cannot be opened becomes one error; a bad record, one error naming its offset.
    """
    fields = jsonl_fields or FEED_FIELDS
    out = Expanded([], {})
    listed: list[tuple[str, Path]] = []
    for f in files:
        path = os.fspath(f)
        if path.lower().endswith(WACZ_SUFFIX):
            try:  # a WACZ: the WARC files in it, each an archive of its own
                listed.extend((w, roots[f]) for w in wacz_members(path))
            except InputError as e:
                out.errors.append((path, str(e)))
        else:
            listed.append((path, roots[f]))
    for path, root in listed:
        scan: Scan | None = None
        try:
            if is_warc(path):
                scan = scan_warc(path, max_bytes=max_bytes)
            elif is_jsonl(path) and is_feed(path, fields):
                scan = scan_feed(path, fields, max_bytes=max_bytes)
        except InputError as e:
            out.errors.append((path, str(e)))
            continue
        except OSError as e:
            out.errors.append((path, f"cannot read: {e.strerror}; check the path and "
                                     "permissions"))
            continue
        if scan is None:
            out.sources.append(path)
            out.roots[path] = root
            continue
        for n in scan.members:
            src = member_source(path, n)
            out.sources.append(src)
            out.roots[src] = root
        for n, message in scan.errors:
            out.errors.append((member_source(path, n), message))
        for reason in sorted(scan.skipped):
            out.skipped.append(Skipped(path, reason, scan.skipped[reason]))
        if not scan.members and not scan.errors:
            out.errors.append((path, "archive holds no HTML or text pages"
                                     + (f" ({_counts(scan.skipped)})" if scan.skipped else "")))
    return out


def _limit(max_bytes: int) -> str:
    return f"{max_bytes / 2**20:.0f} MB" if max_bytes >= 2**20 else f"{max_bytes:,} bytes"


def _counts(skipped: Mapping[str, int]) -> str:
    return ", ".join(f"{n} {reason}" for reason, n in sorted(skipped.items()))
