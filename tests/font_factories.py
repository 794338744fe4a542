"""Tiny fonts built in code for the font tests: names, metrics and tables set by the caller."""

from __future__ import annotations

import struct
from pathlib import Path

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen


def tiny_truetype(family: str, style: str = "Regular") -> FontBuilder:
    """A TrueType font with one glyph ("A"), Windows English names, hhea and post, no OS/2 yet."""
    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder([".notdef", "A"])
    fb.setupCharacterMap({0x41: "A"})
    pen = TTGlyphPen(None)
    pen.moveTo((0, 0))
    pen.lineTo((0, 500))
    pen.lineTo((500, 500))
    pen.closePath()
    fb.setupGlyf({".notdef": TTGlyphPen(None).glyph(), "A": pen.glyph()})
    fb.setupHorizontalMetrics({".notdef": (500, 0), "A": (600, 0)})
    fb.setupHorizontalHeader(ascent=800, descent=-200)
    fb.setupNameTable({"familyName": family, "styleName": style}, mac=False)
    fb.setupPost()
    return fb


def box_glyph_font(units_per_em: int, text: str, box: tuple[int, int, int, int]) -> tuple[FontBuilder, list[str]]:
    """A TrueType font mapping each character of ``text`` to a glyph drawn as the rectangle
    ``box`` (x0, y0, x1, y1 in font units), and the space to an empty glyph; widths, metrics,
    names and OS/2 are the caller's. Returns the builder and its glyph order."""
    characters = "".join(dict.fromkeys(text))
    names = [".notdef", "space"] + [f"uni{ord(ch):04X}" for ch in characters]
    fb = FontBuilder(units_per_em, isTTF=True)
    fb.setupGlyphOrder(names)
    fb.setupCharacterMap({0x20: "space", **{ord(ch): f"uni{ord(ch):04X}" for ch in characters}})
    x0, y0, x1, y1 = box
    outlines = {}
    for name in names:
        pen = TTGlyphPen(None)
        if name != "space":
            pen.moveTo((x0, y0))
            pen.lineTo((x0, y1))
            pen.lineTo((x1, y1))
            pen.lineTo((x1, y0))
            pen.closePath()
        outlines[name] = pen.glyph()
    fb.setupGlyf(outlines)
    return fb, names


def replace_table(path: Path, tag: str, table: bytes) -> Path:
    """Rewrite the font at ``path`` with table ``tag`` replaced by the bytes ``table``.

    The new table is appended and its directory entry pointed at it (checksums are not
    updated: the readers under test do not check them).
    """
    data = path.read_bytes()
    num_tables = struct.unpack(">H", data[4:6])[0]
    padded = data + b"\0" * (-len(data) % 4)
    for i in range(num_tables):
        entry = 12 + 16 * i
        if data[entry:entry + 4] == tag.encode("latin-1"):
            head = padded[:entry + 8] + struct.pack(">II", len(padded), len(table)) + padded[entry + 16:]
            path.write_bytes(head + table)
            return path
    raise AssertionError(f"no {tag} table")
