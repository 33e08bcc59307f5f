"""Read the dev corpus: labels from ``../shared/corpus/dev/labels.json``, page texts from the
local cache (``$UC_DEV_PAGES``, default ``~/.cache/uc-dev-pages``).

The page texts are third-party material: they are read from the cache and never written
anywhere by these scripts. Shared by ``train_line_model.py`` and ``dev_eval.py``.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_LABELS = ROOT.parent / "shared" / "corpus" / "dev" / "labels.json"
SHARED_TOOLS = ROOT.parent / "shared" / "tools"
# Second-level suffixes under which the registered name is one label deeper.
_SLD = ("edu.cn", "gov.cn", "com.cn", "org.cn", "net.cn", "ac.cn", "com.tw", "gov.tw", "edu.tw")


def pages_dir() -> Path:
    return Path(os.environ.get("UC_DEV_PAGES", os.path.expanduser("~/.cache/uc-dev-pages")))


def site(url: str) -> str:
    """The registered domain of a page's URL: a site's mobile and www hosts are one site."""
    host = (urlparse(url).hostname or url).lower()
    parts = host.split(".")
    if all(p.isdigit() for p in parts):
        return host
    depth = 3 if any(host.endswith("." + s) for s in _SLD) else 2
    return ".".join(parts[-depth:])


def load_labels(path: str | os.PathLike | None = None) -> list[dict]:
    return json.loads(Path(path or DEFAULT_LABELS).read_text(encoding="utf-8"))["pages"]


def page_text(page: dict) -> str | None:
    p = pages_dir() / f"{page['id']}.txt"
    return p.read_text(encoding="utf-8") if p.exists() else None


def line_labels(page: dict, text: str) -> dict[int, str]:
    """Line number → gold label, for the page lines whose key matches the labels; a cut line
    of chrome counts as chrome."""
    sys.path.insert(0, str(SHARED_TOOLS))
    from devlines import line_key  # the dev corpus's own line key

    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out = {}
    for L in page["lines"]:
        n = L["n"]
        if n <= len(lines) and line_key(lines[n - 1]) == L["sha1"]:
            lab = L["label"]
            if lab == "truncated" and L.get("under") == "boilerplate":
                lab = "boilerplate"
            out[n] = lab
    return out


def labelled_pages(path: str | os.PathLike | None = None) -> list[tuple[dict, str]]:
    """(page labels, page text) for every labelled page found in the cache."""
    out = []
    for page in load_labels(path):
        text = page_text(page)
        if text is not None:
            out.append((page, text))
    return out


def no_pages() -> int:
    """Say that the dev pages are not cached and how to fetch them; the exit code."""
    print(f"no dev pages in the cache {pages_dir()}; fetch them as "
          "../shared/corpus/dev/README.md says", file=sys.stderr)
    return 1
