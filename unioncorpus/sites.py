"""The site a page belongs to: the host of its URL, else the folder it sat in.

One answer for the whole package: the cleaner learns each site's chrome per site
(:mod:`unioncorpus.boilerplate.templates`), documents carry it as ``site``, and the analyses
can group by it.
"""

from __future__ import annotations

import os
import re
from urllib.parse import urlparse

# The page's own address in its HTML head: <link rel="canonical" href="…"> or og:url.
_CANONICAL = re.compile(
    rb"<link[^>]{0,200}?rel=[\"']?canonical[\"']?[^>]{0,200}?href=[\"']?(https?://[^\"'\s>]+)"
    rb"|<link[^>]{0,200}?href=[\"']?(https?://[^\"'\s>]+)[^>]{0,200}?rel=[\"']?canonical"
    rb"|<meta[^>]{0,200}?property=[\"']?og:url[\"']?[^>]{0,200}?content=[\"']?(https?://[^\"'\s>]+)",
    re.I)
_HEAD = 65536  # bytes of a page searched for its address: the head comes first

HOST, FOLDER = "host:", "folder:"
"""Prefixes of a site key: a host and a folder of the same spelling are two sites."""


def host_of(url: str | None) -> str | None:
    """The host of ``url``, lower-cased, with ``www.`` and ``m.`` folded (one site serves
    both), or None when it has none.

    >>> host_of("https://www.Example.com/a?b=1"), host_of("m.example.com/x"), host_of("x")
    ('example.com', None, None)
    """
    if not url:
        return None
    try:
        host = urlparse(url.strip()).hostname or ""
    except ValueError:  # a malformed URL (an unclosed IPv6 bracket): no host
        return None
    for prefix in ("www.", "m."):
        if host.startswith(prefix):
            host = host[len(prefix):]
    return host or None


def canonical_url(data: bytes) -> str | None:
    """The address an HTML page names as its own (canonical link or ``og:url``), if any."""
    m = _CANONICAL.search(data, 0, _HEAD)
    if not m:
        return None
    return next(g for g in m.groups() if g).decode("ascii", "replace")


def site_key(source: str | os.PathLike, data: bytes | None = None,
             url: str | None = None) -> str:
    """The site of a page as a key: ``host:<host>`` from its URL (``url``, else the canonical
    address in the HTML ``data``), else ``folder:<the folder it sat in>``. A member of an
    archive (``crawl.warc.gz#1054``) sits in the archive's folder."""
    host = host_of(url) or (host_of(canonical_url(data)) if data is not None else None)
    if host:
        return HOST + host
    return FOLDER + os.path.dirname(os.fspath(source))


def site_label(key: str) -> str:
    """A site key as documents carry it: the host, or the folder (``.`` for the current
    folder)."""
    if key.startswith(HOST):
        return key[len(HOST):]
    folder = key[len(FOLDER):] if key.startswith(FOLDER) else key
    return folder.replace(os.sep, "/") or "."
