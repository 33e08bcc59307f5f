"""Find a font that renders Chinese in matplotlib, on any machine.

Order: a font set with :func:`use_font`; else a system CJK font known to matplotlib's font
manager (Noto Sans CJK SC, Source Han Sans, WenQuanYi, SimHei, Microsoft YaHei, PingFang …)
that really holds the Chinese glyphs we test; else Noto Sans CJK SC shipped inside the
``mplfonts`` wheel (a dependency), registered for this process only — nothing is downloaded
and no matplotlib file is changed.

Fonts in PDFs. A font with TrueType outlines (a ``glyf`` table, usually ``.ttf``) is embedded
as Type 42: the PDF holds a subset of the real font and the text stays editable. A font with
CFF outlines (``.otf``, and the ``.ttc`` collections of Noto/Source Han) is embedded as Type 3:
matplotlib 3.x would otherwise write the CFF data under a TrueType (``FontFile2``) header,
which gives an invalid PDF. Type 3 text is still searchable and copyable (matplotlib adds a
ToUnicode map), and renders everywhere, but some journals ask for Type 42 / Type 1 only. The
default font (Noto Sans CJK SC, OFL licence) is CFF; for Type 42 PDFs pick a TrueType CJK
font with :func:`use_font`, e.g. Google Fonts' ``NotoSansSC[wght].ttf``, or hand in PNG/SVG.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import ResourceError

PREFERRED: tuple[str, ...] = (
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN",
    "Noto Sans CJK TC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "SimHei",
    "Microsoft YaHei", "PingFang SC", "Hiragino Sans GB", "Heiti SC", "Noto Sans CJK JP",
)
# Characters every figure uses (theme names, axis words); a font must hold them all.
SAMPLE = "工会师德民主管理送温暖文体活动自身建设其他学校每千字份额教职工"


@dataclass(frozen=True)
class CJKFont:
    """A font matplotlib can use for Chinese: family ``name``, file ``path``, ``origin``
    (``"user"``, ``"system"`` or ``"mplfonts"``)."""

    name: str
    path: str
    origin: str


_user_font: CJKFont | None = None


def _covers(path: str, text: str = SAMPLE) -> bool:
    from matplotlib.ft2font import FT2Font

    try:
        font = FT2Font(path)
    except (OSError, RuntimeError, ValueError):
        return False
    return all(font.get_char_index(ord(ch)) for ch in text)


@lru_cache(maxsize=16)
def has_truetype_outlines(path: str) -> bool:
    """True when the font file has TrueType (``glyf``) outlines, so matplotlib can embed it
    in PDFs as Type 42; False for CFF (PostScript) outlines, collections and unreadable files.
    """
    from fontTools.ttLib import TTFont  # a matplotlib dependency

    if path.lower().endswith((".ttc", ".otc")):
        return False  # matplotlib's Type 42 writer does not subset collections
    try:
        font = TTFont(path, lazy=True)
    except Exception:  # any unreadable font simply gets Type 3
        return False
    try:
        return "glyf" in font
    finally:
        font.close()


def _register(path: str, origin: str) -> CJKFont:
    from matplotlib import font_manager

    font_manager.fontManager.addfont(path)
    name = font_manager.FontProperties(fname=path).get_name()
    return CJKFont(name, path, origin)


def use_font(font: str | os.PathLike[str]) -> CJKFont:
    """Use this font file (or installed family name) for every figure of this process.

    >>> use_font("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")  # doctest: +SKIP
    """
    global _user_font
    from matplotlib import font_manager

    if Path(font).is_file():
        found = _register(str(font), "user")
    else:
        path = font_manager.findfont(str(font), fallback_to_default=False)
        found = CJKFont(str(font), path, "user")
    if not _covers(found.path):
        raise ResourceError(f"font {font!s} lacks Chinese glyphs; pick a CJK font")
    _user_font = found
    return found


@lru_cache(maxsize=1)
def _discover() -> CJKFont:
    from matplotlib import font_manager

    by_name: dict[str, list[str]] = {}
    for entry in font_manager.fontManager.ttflist:
        by_name.setdefault(entry.name, []).append(entry.fname)
    for name in PREFERRED:
        for path in sorted(by_name.get(name, [])):
            if _covers(path):
                return CJKFont(name, path, "system")
    spec = importlib.util.find_spec("mplfonts")
    if spec is not None and spec.origin:
        path = Path(spec.origin).parent / "fonts" / "NotoSansCJKsc-Regular.otf"
        if path.is_file():
            return _register(str(path), "mplfonts")
    raise ResourceError(
        "no font with Chinese glyphs found: install the 'mplfonts' package (pip install "
        "mplfonts), or a system font such as fonts-noto-cjk, or call "
        "unioncorpus.fonts.use_font(path)")


def find_cjk_font() -> CJKFont:
    """The font figures use for Chinese (see the module docstring for the search order).

    >>> find_cjk_font().name                                            # doctest: +SKIP
    'Noto Sans CJK SC'
    """
    return _user_font or _discover()


def cjk_rc() -> dict[str, Any]:
    """rcParams that make text render with the CJK font (Latin falls back to DejaVu Sans).

    The family is named explicitly (not via ``sans-serif``) so text objects keep it even when
    the figure is saved outside the ``rc_context``.
    """
    font = find_cjk_font()
    return {"font.family": [font.name, "DejaVu Sans"],
            # CJK fonts may lack U+2212 MINUS SIGN; the ASCII hyphen is always there.
            "axes.unicode_minus": False,
            # Type 42 embeds TrueType outlines (editable text); CFF fonts and collections get
            # Type 3 (see the module docstring: Type 42 with CFF data is an invalid PDF).
            "pdf.fonttype": 42 if has_truetype_outlines(font.path) else 3,
            "svg.fonttype": "path"}


@contextlib.contextmanager
def cjk_context() -> Iterator[CJKFont]:
    """Context manager: matplotlib text created inside renders Chinese.

    >>> from matplotlib.figure import Figure
    >>> with cjk_context():
    ...     fig = Figure()
    ...     _ = fig.suptitle("学校工会")
    """
    import matplotlib

    with matplotlib.rc_context(cjk_rc()):
        yield find_cjk_font()
