"""Font metrics read with fontTools: the single source of glyph widths.

Every backend draws at the positions the composer computes from these
numbers (font units scaled by size), so screen, PDF and DOCX agree. A face
is loaded once per process; loading reads only ``cmap``, ``hmtx``, ``head``,
``OS/2`` and ``name`` (≈0.15 s for a 30 000-glyph CJK face), and the result
is kept in the user's cache folder (keyed by file, size and modification
time) so later starts read it in a few milliseconds. Glyph outlines are
read lazily, only for punctuation whose ink side matters.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import marshal
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

from fontTools.ttLib import TTFont

from editor.errors import FontError
from editor.io.atomic import write_atomically
from editor.layout.chars import COMPRESSIBLE_PUNCTUATION, PAIRED_MARKS
from editor.layout.font_registry import FaceRef, default_cache_dir

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
    #: Code point → glyph id.
    _cmap: dict[int, int]
    #: Advance width in font units, by glyph id.
    _advances: list[int]
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
        glyph_id = self._cmap.get(ord(ch))
        extent = None
        if glyph_id is not None:
            with self._lock:  # fontTools lazy tables are not thread-safe
                extent = self._read_ink(glyph_id)
        self._ink_cache[ch] = extent
        return extent

    def _read_ink(self, glyph_id: int) -> tuple[float, float] | None:
        # Opened for this one glyph and closed again: a font file held open cannot be replaced
        # or removed on Windows while Banmian runs. The marks that need ink are read at load.
        with TTFont(self.ref.path, fontNumber=self.ref.index, lazy=True) as font:
            return _ink_of(font, glyph_id, self.units_per_em)


def _ink_of(font: TTFont, glyph_id: int, upem: int) -> tuple[float, float] | None:
    """A glyph's horizontal ink extent in em, or None for a blank glyph."""
    glyph_name = font.getGlyphName(glyph_id)
    if "glyf" in font:
        glyph = font["glyf"][glyph_name]
        if glyph.numberOfContours == 0:
            return None
        if not hasattr(glyph, "xMin"):
            glyph.recalcBounds(font["glyf"])
        return glyph.xMin / upem, glyph.xMax / upem
    from fontTools.pens.boundsPen import BoundsPen

    glyph_set = font.getGlyphSet()
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
        glyph_id = face._cmap.get(ord(ch))
        value = None if glyph_id is None else (glyph_id, face._advances[glyph_id] / face.units_per_em)
        self[ch] = value
        return value


def _best_name(font: TTFont, name_id: int) -> str:
    table = font["name"]
    record = table.getName(name_id, 3, 1, 0x409) or table.getName(name_id, 1, 0, 0)
    if record is None:
        record = next((r for r in table.names if r.nameID == name_id), None)
    return record.toUnicode() if record is not None else ""


_CACHE_VERSION = 2
#: Characters whose ink extent the composer asks for: read once with the metrics and cached.
_INK_CHARS = "".join(sorted(COMPRESSIBLE_PUNCTUATION | PAIRED_MARKS))


def _cache_path(ref: FontRef) -> Path | None:
    try:
        stat = os.stat(ref.path)
    except OSError:
        return None
    key = f"{_CACHE_VERSION}|{os.path.abspath(ref.path)}|{ref.index}|{stat.st_size}|{stat.st_mtime_ns}"
    return default_cache_dir() / "font-metrics" / (hashlib.sha1(key.encode("utf-8")).hexdigest() + ".marshal")


def _read_with_fonttools(ref: FontRef) -> tuple:
    with TTFont(ref.path, fontNumber=ref.index, lazy=True) as font:  # closed: Windows locks open files
        return _read_values(ref, font)


def _read_values(ref: FontRef, font: TTFont) -> tuple:
    upem = font["head"].unitsPerEm
    glyph_ids = {name: gid for gid, name in enumerate(font.getGlyphOrder())}
    cmap = {code: glyph_ids[name] for code, name in (font.getBestCmap() or {}).items()}
    metrics = font["hmtx"].metrics
    advances = [metrics[name][0] if name in metrics else 0 for name in font.getGlyphOrder()]
    os2 = font["OS/2"] if "OS/2" in font else None
    if os2 is not None and os2.sTypoAscender - os2.sTypoDescender > 0:
        em_box_top = os2.sTypoAscender / (os2.sTypoAscender - os2.sTypoDescender)
    else:
        em_box_top = 0.88
    postscript_name = _best_name(font, 6) or f"Font{abs(hash(ref)) % 10**8}"
    family = _best_name(font, 16) or _best_name(font, 1)
    inks = {ch: _ink_of(font, cmap[ord(ch)], upem) for ch in _INK_CHARS if ord(ch) in cmap}
    return (upem, em_box_top, postscript_name, family, cmap, advances, inks)


@functools.lru_cache(maxsize=64)
def load_face(ref: FontRef) -> FaceMetrics:
    """A face's metrics: from the metrics cache, else read with fontTools (then cached)."""
    cache = _cache_path(ref)
    values = None
    if cache is not None and cache.is_file():
        with contextlib.suppress(OSError, ValueError, EOFError, TypeError):
            values = marshal.loads(cache.read_bytes())
            if not isinstance(values, tuple) or len(values) != 7:
                values = None
    if values is None:
        try:
            values = _read_with_fonttools(ref)
        except Exception as problem:  # fontTools raises many kinds for broken files
            raise FontError(f"无法读取字体文件“{ref.path}”：文件已损坏或不是支持的字体格式。") from problem
        if cache is not None:
            with contextlib.suppress(OSError):
                cache.parent.mkdir(parents=True, exist_ok=True)
                data = marshal.dumps(values)
                write_atomically(cache, lambda handle: handle.write(data))
    upem, em_box_top, postscript_name, family, cmap, advances, inks = values
    return FaceMetrics(
        ref=ref,
        postscript_name=postscript_name,
        family_name=family,
        units_per_em=upem,
        em_box_top=em_box_top,
        _cmap=cmap,
        _advances=advances,
        _ink_cache=dict(inks),
    )
