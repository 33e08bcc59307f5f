"""Find a font that renders Chinese in matplotlib, on any machine.

Order: a font set with :func:`use_font`; else a system CJK font known to matplotlib's font
manager (Noto Sans CJK SC, Source Han Sans, WenQuanYi, SimHei, Microsoft YaHei, PingFang …)
that really holds the Chinese glyphs we test; else Noto Sans CJK SC shipped inside the
``mplfonts`` wheel (a dependency), registered for this process only — nothing is downloaded
and no matplotlib file is changed.

Fonts in PDFs. Journals reject Type 3 text, so :func:`pdf_font_context` (used by
``unioncorpus.plot.save_figure``) makes every PDF embed its fonts as TrueType: Type 42 for
DejaVu (Latin), and a CIDFontType2 (Type 0 / Identity-H, the TrueType flavour of CID) for
the CJK font. matplotlib embeds a font as Type 42 only when it has TrueType (``glyf``)
outlines; the default CJK font (Noto Sans CJK SC, OFL licence, shipped in ``mplfonts``) has
CFF outlines and system CJK fonts often come as ``.ttc`` collections, which matplotlib would
write as Type 3 (CFF data under a TrueType header would be an invalid PDF). So at save time
the CJK font is cut down to the characters the figure shows and its curves are converted to
TrueType quadratics (fontTools' ``cu2qu``, at most 1 font unit off, invisible at print
size), in a temporary file registered for this process. The PostScript name stays the
original's, so PDF readers list ``ABCDEF+NotoSansCJKsc-Regular``; PNG and SVG output use the
original font untouched. ``fig.savefig("x.pdf")`` called directly, outside that context,
follows matplotlib's own ``pdf.fonttype`` (Type 3 by default).
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import importlib.util
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator
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
            # What matplotlib does with this font on its own: Type 42 needs TrueType outlines
            # (CFF data under a TrueType header is an invalid PDF). pdf_font_context() makes
            # TrueType outlines for CFF fonts, so save_figure always writes Type 42.
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


# --- TrueType subsets for PDFs (no Type 3 text) -------------------------------------------------

# ASCII is always put in a subset: numeric tick labels are formatted only while drawing.
_ALWAYS = "".join(chr(c) for c in range(0x20, 0x7F))
_subset_dir: str | None = None
_subsets: dict[tuple[str, str], CJKFont] = {}


def _tempdir() -> str:
    global _subset_dir
    if _subset_dir is None:
        _subset_dir = tempfile.mkdtemp(prefix="unioncorpus-fonts-")
        atexit.register(shutil.rmtree, _subset_dir, True)
    return _subset_dir


def _face_index(path: str, name: str) -> int:
    """The face of a font collection (``.ttc``/``.otc``) whose family is ``name``; else 0
    (also for a single font, where fontTools ignores the number)."""
    if not path.lower().endswith((".ttc", ".otc")):
        return 0
    from fontTools.ttLib import TTCollection

    with TTCollection(path, lazy=True) as coll:
        for i, face in enumerate(coll.fonts):
            names = {str(face["name"].getDebugName(k)) for k in (1, 16)}
            if name in names:
                return i
    return 0


def _to_quadratic(font: Any) -> None:
    """Replace a font's CFF outlines by TrueType (``glyf``) ones, in place (after fontTools'
    ``otf2ttf`` snippet)."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    quad = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        # max_err in font units (1/1000 em here): far below what print can show.
        glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        quad[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = quad
    for tag in ("CFF ", "VORG"):  # VORG belongs to CFF fonts only
        if tag in font:
            del font[tag]
    font.recalcBBoxes = True  # the new glyphs have no bounding boxes yet
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, glyph in quad.items():  # TrueType wants lsb == xMin
        if hasattr(glyph, "xMin"):
            hmtx[name] = (hmtx[name][0], glyph.xMin)
    font["maxp"] = maxp = newTable("maxp")  # version 1.0: TrueType outlines, no hinting
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    for attr in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions"):
        setattr(maxp, attr, 0)
    # CFF accents (seac) come out as components; the other limits are computed by compile().
    maxp.maxComponentElements = max((len(getattr(g, "components", ()) or ())
                                     for g in quad.values()), default=0)
    maxp.compile(font)
    post = font["post"]
    post.formatType = 3.0  # no glyph names: CID-keyed fonts have none worth keeping
    post.extraNames, post.mapping = [], {}
    font.sfntVersion = "\x00\x01\x00\x00"


def truetype_subset(font: CJKFont, chars: Iterable[str]) -> CJKFont:
    """A TrueType-outline subset of ``font`` holding ``chars`` (plus ASCII), registered with
    matplotlib for this process under a family name of its own, so matplotlib embeds it in
    PDFs as Type 42. Same characters, same file: the result is cached and deterministic.
    """
    text = "".join(sorted(set("".join(chars)) | set(_ALWAYS)))
    key = (font.path, text)
    if key in _subsets:
        return _subsets[key]
    from fontTools import subset
    from matplotlib import font_manager

    digest = hashlib.sha1("\0".join(key).encode("utf-8", "surrogatepass")).hexdigest()[:10]
    family = f"{font.name} TT {digest}"
    opts = subset.Options()
    opts.font_number = _face_index(font.path, font.name)
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.notdef_outline = True
    opts.recalc_timestamp = False  # same characters, same bytes
    sub = subset.load_font(font.path, opts)
    subsetter = subset.Subsetter(opts)
    subsetter.populate(text=text)
    # fontTools reports each pruned table at INFO: noise in a caller's log, so mute it here.
    quiet = logging.getLogger("fontTools")
    level = quiet.level
    quiet.setLevel(max(level, logging.WARNING))
    try:
        subsetter.subset(sub)
    finally:
        quiet.setLevel(level)
    if "glyf" not in sub:
        _to_quadratic(sub)
    # A family of its own, so the font manager never confuses it with the original; the
    # PostScript name (ID 6) stays the original's, which is what PDF readers show.
    names = sub["name"]
    for rec in list(names.names):
        if rec.nameID in (1, 3, 4, 16, 21):
            names.removeNames(nameID=rec.nameID)
    for nid, value in ((1, family), (3, family), (4, family), (16, family)):
        names.setName(value, nid, 3, 1, 0x409)
        names.setName(value, nid, 1, 0, 0)
    path = os.path.join(_tempdir(), f"{digest}.ttf")
    sub.save(path, reorderTables=True)
    sub.close()
    font_manager.fontManager.addfont(path)
    made = CJKFont(font_manager.FontProperties(fname=path).get_name(), path, "subset")
    _subsets[key] = made
    return made


def _figure_texts(fig: Any) -> list[Any]:
    from matplotlib.text import Text

    return list(fig.findobj(Text))


@contextlib.contextmanager
def pdf_font_context(fig: Any) -> Iterator[CJKFont]:
    """Context manager: a PDF saved from ``fig`` inside embeds every font as TrueType (Type 42
    / CIDFontType2), never Type 3. The figure's text and rcParams are put back on exit.

    >>> with pdf_font_context(fig):                                     # doctest: +SKIP
    ...     fig.savefig("x.pdf")
    """
    import matplotlib

    font = find_cjk_font()
    texts = _figure_texts(fig)
    if has_truetype_outlines(font.path):
        pdf_font = font
    else:
        try:
            pdf_font = truetype_subset(font, (t.get_text() for t in texts))
        except Exception as exc:  # a font fontTools cannot read or convert
            raise ResourceError(
                f"cannot make TrueType outlines of the font {font.path} for a PDF without "
                f"Type 3 text ({type(exc).__name__}: {exc}); pick a TrueType CJK font with "
                f"unioncorpus.fonts.use_font(path), or save PNG or SVG") from exc
    swapped: list[tuple[Any, Any]] = []
    for t in texts:
        prop = t.get_fontproperties()
        family = prop.get_family()
        if font.name in family:
            new = prop.copy()
            new.set_family([pdf_font.name if f == font.name else f for f in family])
            swapped.append((t, prop))
            t.set_fontproperties(new)
    rc = {"pdf.fonttype": 42, "font.family": [pdf_font.name, "DejaVu Sans"],
          "axes.unicode_minus": False}
    try:
        with matplotlib.rc_context(rc):
            yield pdf_font
    finally:
        for t, prop in swapped:
            t.set_fontproperties(prop)
        if pdf_font is not font:  # tick labels made while saving took the subset's family
            for t in _figure_texts(fig):
                family = t.get_fontproperties().get_family()
                if pdf_font.name in family:
                    prop = t.get_fontproperties().copy()
                    prop.set_family([font.name if f == pdf_font.name else f for f in family])
                    t.set_fontproperties(prop)


# --- what a PDF embeds (a small pdffonts) -----------------------------------------------------

_OBJ = re.compile(rb"(\d+)\s+(\d+)\s+obj\b")
_STREAM = re.compile(rb">>\s*stream(?:\r\n|\n|\r)")  # a dictionary, then its stream's bytes


def _pdf_objects(data: bytes) -> dict[int, bytes]:
    """Object number → its dictionary (stream data left out), including the objects packed in
    compressed object streams (``/Type /ObjStm``, FlateDecode)."""
    import zlib

    objects: dict[int, bytes] = {}
    streams: list[tuple[bytes, bytes]] = []
    pos = 0
    while (m := _OBJ.search(data, pos)) is not None:
        start = m.end()
        end = data.find(b"endobj", start)
        end = len(data) if end < 0 else end
        body = data[start:end]
        is_stream = _STREAM.search(body)
        if is_stream:
            head = body[:is_stream.start() + 2]
            # Skip the stream's bytes: they may hold anything, "endobj" included.
            raw_start = start + is_stream.end()
            length = re.search(rb"/Length\s+(\d+)(\s+\d+\s+R)?", head)
            if length and not length.group(2):  # a direct length: trust it
                stop = min(len(data), raw_start + int(length.group(1)))
            else:  # an indirect one (written after the data): look for the end marker
                stop = data.find(b"endstream", raw_start)
                stop = len(data) if stop < 0 else stop
            streams.append((head, data[raw_start:stop]))
            objects[int(m.group(1))] = head
            nxt = data.find(b"endobj", stop)
            pos = len(data) if nxt < 0 else nxt + 6
        else:
            objects[int(m.group(1))] = body
            pos = end + 6
    for head, raw in streams:
        if not re.search(rb"/Type\s*/ObjStm", head):
            continue
        try:
            packed = zlib.decompress(raw) if b"FlateDecode" in head else raw
        except zlib.error:
            continue
        first = re.search(rb"/First\s+(\d+)", head)
        count = re.search(rb"/N\s+(\d+)", head)
        if not first or not count:
            continue
        off0 = int(first.group(1))
        nums = [int(x) for x in packed[:off0].split()]
        pairs = list(zip(nums[0::2], nums[1::2], strict=False))[: int(count.group(1))]
        for i, (num, off) in enumerate(pairs):
            nxt_off = pairs[i + 1][1] if i + 1 < len(pairs) else len(packed) - off0
            objects.setdefault(num, packed[off0 + off: off0 + nxt_off])
    return objects


def pdf_fonts(pdf: str | os.PathLike[str] | bytes) -> list[dict[str, Any]]:
    """The fonts a PDF uses, as ``pdffonts`` lists them: one dict per font dictionary with
    ``name`` (BaseFont), ``type`` (``Type3``, ``Type1``, ``TrueType``, ``Type0``,
    ``CIDFontType0``, ``CIDFontType2``…) and ``embedded`` (a font file is in the PDF; None
    for Type 3 and Type 0, whose glyphs live in the PDF or in their descendant font).

    Reads plain and compressed (``/ObjStm``, FlateDecode) object dictionaries; enough for
    matplotlib's and most writers' PDFs, not a full PDF parser.

    >>> {f["type"] for f in pdf_fonts("figure.pdf")}                  # doctest: +SKIP
    {'Type0', 'CIDFontType2', 'TrueType'}
    """
    data = pdf if isinstance(pdf, bytes) else Path(pdf).read_bytes()
    objects = _pdf_objects(data)
    found = []
    for num in sorted(objects):
        body = objects[num]
        if not re.search(rb"/Type\s*/Font\b", body):
            continue
        sub = re.search(rb"/Subtype\s*/(\w+)", body)
        name = re.search(rb"/BaseFont\s*/([^\s/\[\]<>()]+)", body)
        kind = sub.group(1).decode("latin-1") if sub else "unknown"
        embedded: bool | None = None
        desc = re.search(rb"/FontDescriptor\s+(\d+)\s+\d+\s+R", body)
        if desc and kind not in ("Type3", "Type0"):
            d = objects.get(int(desc.group(1)), b"")
            embedded = bool(re.search(rb"/FontFile[23]?\b", d))
        elif kind not in ("Type3", "Type0"):
            embedded = False  # no descriptor: one of the 14 standard fonts, not embedded
        found.append({"object": num, "name": name.group(1).decode("latin-1") if name else None,
                      "type": kind, "embedded": embedded})
    return found
