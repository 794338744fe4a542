"""Font metrics read with fontTools: the single source of glyph widths.

Every backend draws at the positions the composer computes from these
numbers (font units scaled by size), so screen, PDF and DOCX agree. A face
is loaded once per process; loading reads only ``cmap``, ``hmtx``, ``head``,
``OS/2`` and ``name`` (≈0.1 s for a 30 000-glyph CJK face). Glyph outlines
are read lazily, only for punctuation whose ink side matters.
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass, field

from fontTools.ttLib import TTFont

from editor.errors import FontError
from editor.layout.font_registry import FaceRef


#: Identifies one face of one font file; what display-list glyph runs name.
FontRef = FaceRef


@dataclass(eq=False)
class FaceMetrics:
    """Widths and vertical metrics of one face, in ems (1.0 = font size)."""

    ref: FontRef
    postscript_name: str
    family_name: str
    units_per_em: int
    #: Top of the ideographic em box above the baseline (typo ascender), in em.
    em_box_top: float
    _cmap: dict[int, str]
    _glyph_ids: dict[str, int]
    _advances: dict[str, int]
    _font: TTFont
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _ink_cache: dict[str, tuple[float, float] | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.glyphs = _GlyphTable(self)

    def glyph(self, ch: str) -> tuple[int, float] | None:
        """(glyph id, advance in em) for a character, or None if the face lacks it."""
        return self.glyphs[ch]

    def has(self, ch: str) -> bool:
        return self.glyph(ch) is not None

    def ink_extent(self, ch: str) -> tuple[float, float] | None:
        """Horizontal ink extent (xMin, xMax) in em, or None for a blank glyph."""
        if ch in self._ink_cache:
            return self._ink_cache[ch]
        name = self._cmap.get(ord(ch))
        extent = None
        if name is not None:
            with self._lock:  # fontTools lazy tables are not thread-safe
                extent = self._read_ink(name)
        self._ink_cache[ch] = extent
        return extent

    def _read_ink(self, glyph_name: str) -> tuple[float, float] | None:
        upem = self.units_per_em
        if "glyf" in self._font:
            glyph = self._font["glyf"][glyph_name]
            if glyph.numberOfContours == 0:
                return None
            if not hasattr(glyph, "xMin"):
                glyph.recalcBounds(self._font["glyf"])
            return glyph.xMin / upem, glyph.xMax / upem
        glyph_set = self._font.getGlyphSet()
        from fontTools.pens.boundsPen import BoundsPen

        pen = BoundsPen(glyph_set)
        glyph_set[glyph_name].draw(pen)
        if pen.bounds is None:
            return None
        return pen.bounds[0] / upem, pen.bounds[2] / upem


class _GlyphTable(dict):
    """``table[ch]`` → (glyph id, advance in em) or None; filled on first use.

    A dict subclass so the composer can look up a whole run with
    ``map(table.__getitem__, text)`` at C speed.
    """

    def __init__(self, face: FaceMetrics) -> None:
        super().__init__()
        self._face = face

    def __missing__(self, ch: str) -> tuple[int, float] | None:
        face = self._face
        name = face._cmap.get(ord(ch))
        value = None if name is None else (face._glyph_ids[name], face._advances[name] / face.units_per_em)
        self[ch] = value
        return value


def _best_name(font: TTFont, name_id: int) -> str:
    table = font["name"]
    record = table.getName(name_id, 3, 1, 0x409) or table.getName(name_id, 1, 0, 0)
    if record is None:
        record = next((r for r in table.names if r.nameID == name_id), None)
    return record.toUnicode() if record is not None else ""


@functools.lru_cache(maxsize=64)
def load_face(ref: FontRef) -> FaceMetrics:
    """Read a face's metrics (cached for the life of the process)."""
    try:
        font = TTFont(ref.path, fontNumber=ref.index, lazy=True)
        upem = font["head"].unitsPerEm
        cmap = font.getBestCmap() or {}
        glyph_order = font.getGlyphOrder()
        advances = {name: metrics[0] for name, metrics in font["hmtx"].metrics.items()}
        os2 = font["OS/2"] if "OS/2" in font else None
        if os2 is not None and os2.sTypoAscender - os2.sTypoDescender > 0:
            em_box_top = os2.sTypoAscender / (os2.sTypoAscender - os2.sTypoDescender)
        else:
            em_box_top = 0.88
        postscript_name = _best_name(font, 6) or f"Font{abs(hash(ref)) % 10**8}"
        family = _best_name(font, 16) or _best_name(font, 1)
    except Exception as problem:  # fontTools raises many kinds for broken files
        raise FontError(f"无法读取字体文件“{ref.path}”：文件已损坏或不是支持的字体格式。") from problem
    return FaceMetrics(
        ref=ref,
        postscript_name=postscript_name,
        family_name=family,
        units_per_em=upem,
        em_box_top=em_box_top,
        _cmap=cmap,
        _glyph_ids={name: gid for gid, name in enumerate(glyph_order)},
        _advances=advances,
        _font=font,
    )
