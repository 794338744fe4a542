"""Turn a CFF-outline face into a small TrueType font ReportLab can embed.

ReportLab only embeds TrueType (``glyf``) outlines; OpenType fonts with
PostScript (CFF) outlines — Debian's Noto CJK, many Adobe and foundry fonts —
are rejected with "postscript outlines are not supported". Converting a whole
65 000-glyph CJK face takes over a minute, converting only the characters one
export uses takes about a second, so this module subsets FIRST and then runs
the fontTools ``otf2ttf`` recipe (cu2qu) on what is left.

Subsetting renumbers glyphs: the result is a separate font whose own ``cmap``
maps the given characters, good for drawing exactly that text (ReportLab maps
text through the cmap itself) and nothing else. Results are cached in the user
cache folder, keyed by source file (path, size, mtime), face index and the
character set, so repeated exports of the same issue cost nothing.

fontTools is imported here and nowhere in the registry: only an export that
really needs a conversion pays for loading it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import struct
import threading
from pathlib import Path
from typing import Any

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

from editor.errors import FontError
from editor.layout.font_registry import FaceRef, default_cache_dir, sfnt_has_cff

CONVERTED_DIR_NAME = "converted-fonts"
#: Bump when the conversion changes, so old cached files are not reused.
_CONVERSION_VERSION = 1
#: Maximum distance in font units between a cubic curve and its quadratic copy.
MAX_ERR_UNITS = 1.0
#: Tables that only make sense with PostScript outlines or variations.
_DROPPED_TABLES = ("CFF ", "CFF2", "VORG", "fvar", "avar", "HVAR", "VVAR", "MVAR")


def convert_to_truetype(
    face: FaceRef, text: str, *, cache_dir: Path | None = None, family: str = ""
) -> Path:
    """Path of a TrueType font holding the characters of ``text`` from ``face``.

    ``family`` names the font in error messages (the file name is used if
    empty). A face that already has TrueType outlines is only subsetted.
    Raises :class:`FontError` with a Chinese message if anything fails.
    """
    label = family or Path(face.path).stem
    try:
        stat = os.stat(face.path)
    except OSError as exc:
        raise FontError(f"找不到字体“{label}”的文件：{face.path}") from exc
    chars = "".join(sorted(set(text)))
    target = _cache_path(face, stat, chars, cache_dir or default_cache_dir())
    if target.is_file():
        return target
    try:
        font = _subset(face, chars)
        if "CFF " in font or "CFF2" in font:
            otf_to_ttf(font)
        _save_atomically(font, target)
    except Exception as exc:  # fontTools raises many kinds for unusual fonts
        raise FontError(_failure_message(face, label, exc)) from exc
    return target


def _failure_message(face: FaceRef, label: str, exc: Exception) -> str:
    """The Chinese explanation of a failed conversion or subset."""
    try:
        cff = sfnt_has_cff(face.path, face.index)
    except (OSError, ValueError, struct.error):
        cff = False  # the file itself is unreadable; do not blame CFF
    if cff:
        return (
            f"字体“{label}”使用 PostScript (CFF) 轮廓，"
            f"无法转换为可嵌入 PDF 的 TrueType 字体：{exc}"
        )
    return f"字体“{label}”无法生成可嵌入 PDF 的字体子集：{exc}"


def otf_to_ttf(font: TTFont) -> None:
    """Replace CFF outlines with quadratic ``glyf`` outlines, in place.

    The fontTools Snippets/otf2ttf.py recipe: cubic curves are approximated
    by quadratics within ``MAX_ERR_UNITS``; contours are reversed because
    TrueType winds outer contours clockwise, CFF counter-clockwise.
    """
    glyph_order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = {}
    for name in glyph_order:
        tt_pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(tt_pen, MAX_ERR_UNITS, reverse_direction=True))
        glyf.glyphs[name] = tt_pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf
    for tag in _DROPPED_TABLES:
        if tag in font:
            del font[tag]
    font.recalcBBoxes = True  # the new glyphs have no bounds yet
    glyf.compile(font)  # computes them
    hmtx = font["hmtx"]
    for name, glyph in glyf.glyphs.items():
        if hasattr(glyph, "xMin"):  # TrueType wants lsb == xMin
            hmtx[name] = (hmtx[name][0], glyph.xMin)
    font["maxp"] = _maxp_v1(glyf)
    font["maxp"].compile(font)  # fills numGlyphs and the point/contour maxima
    font["head"].glyphDataFormat = 0
    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = glyph_order
    try:
        post.compile(font)
    except OverflowError:  # too many glyph names for format 2
        post.formatType = 3.0
    font.sfntVersion = "\x00\x01\x00\x00"


def _maxp_v1(glyf: Any) -> Any:
    """A version 1.0 ``maxp`` (CFF fonts carry 0.5) without hinting limits."""
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    maxp.maxTwilightPoints = 0
    maxp.maxStorage = 0
    maxp.maxFunctionDefs = 0
    maxp.maxInstructionDefs = 0
    maxp.maxStackElements = 0
    maxp.maxSizeOfInstructions = 0
    maxp.maxComponentElements = max(
        (len(getattr(g, "components", None) or []) for g in glyf.glyphs.values()), default=0
    )
    return maxp


def _subset(face: FaceRef, chars: str) -> TTFont:
    """Load ``face`` and keep only the glyphs ``chars`` need (plus .notdef)."""
    options = subset.Options()
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.name_legacy = True
    options.notdef_outline = True
    options.glyph_names = True
    options.font_number = face.index
    font = subset.load_font(face.path, options, lazy=True)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in chars])
    subsetter.subset(font)
    return font


def _cache_path(face: FaceRef, stat: os.stat_result, chars: str, cache_dir: Path) -> Path:
    key = json.dumps(
        [_CONVERSION_VERSION, os.path.abspath(face.path), stat.st_size, stat.st_mtime_ns,
         face.index, hashlib.sha256(chars.encode("utf-8", "surrogatepass")).hexdigest()],
        ensure_ascii=True,
    )
    digest = hashlib.sha256(key.encode("ascii")).hexdigest()[:24]
    stem = re.sub(r"[^A-Za-z0-9_-]+", "_", Path(face.path).stem)[:40] or "font"
    return cache_dir / CONVERTED_DIR_NAME / f"{stem}-{face.index}-{digest}.ttf"


def _save_atomically(font: TTFont, target: Path) -> None:
    """Write next to ``target`` and rename, so readers never see half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f"{target.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        font.save(str(tmp))
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()
