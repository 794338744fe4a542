"""A face's bytes with a ``cmap`` that says which character each glyph is, for Qt's PDF engine.

Qt's PDF engine (used for PDF files and, through CUPS, for printers) writes
the text of every glyph into the PDF's ToUnicode map by asking the font's
``cmap`` for the lowest code point that reaches that glyph. CJK fonts map
many glyphs from several code points: Noto's 工 is also the Kangxi radical
⼯ (U+2F2F), its 〈 also U+2329. The printed PDF would then read ⼯作 where
the issue says 工作, and searching, copying or checking it fails.

So the printer gets a copy of the face in which, for each glyph reached
from a CJK code point (the unified ideographs, CJK punctuation, full-width
forms), every lower code point reaching the same glyph is left out of the
``cmap``. Glyph IDs, outlines and every other table stay as they are, so
the display list's glyph IDs draw the same shapes at the same places. A
document that itself uses such an alias (a Kangxi radical as text) prints
with the ideograph's text; its shape is the same.
"""

from __future__ import annotations

import io

from fontTools.ttLib import TTFont

#: Code point ranges whose characters are what Chinese text means when a glyph has several.
CJK_TEXT_RANGES: tuple[tuple[int, int], ...] = (
    (0x3000, 0x303F),    # CJK symbols and punctuation (、。〈〉《》「」…)
    (0x3400, 0x4DBF),    # CJK unified ideographs extension A
    (0x4E00, 0x9FFF),    # CJK unified ideographs
    (0xFF00, 0xFFEF),    # half-width and full-width forms
    (0x20000, 0x3134F),  # CJK unified ideographs extensions B–G
)


def is_cjk_text(code_point: int) -> bool:
    """Whether ``code_point`` lies in one of ``CJK_TEXT_RANGES``."""
    return any(low <= code_point <= high for low, high in CJK_TEXT_RANGES)


def shadowing_code_points(cmap: dict[int, str]) -> set[int]:
    """Code points to leave out: lower than a CJK code point that reaches the same glyph."""
    lowest_cjk: dict[str, int] = {}
    for code_point, glyph in cmap.items():
        if is_cjk_text(code_point) and code_point < lowest_cjk.get(glyph, 0x110000):
            lowest_cjk[glyph] = code_point
    return {code_point for code_point, glyph in cmap.items()
            if code_point < lowest_cjk.get(glyph, -1)}


def with_text_cmap(face_data: bytes) -> bytes:
    """``face_data`` (one sfnt face) with ``shadowing_code_points`` removed from every cmap subtable."""
    font = TTFont(io.BytesIO(face_data), lazy=True, recalcTimestamp=False)
    cmap = font["cmap"]
    dropped = shadowing_code_points(font.getBestCmap() or {})
    if not dropped:
        return face_data
    for table in cmap.tables:
        if table.isUnicode():
            for code_point in dropped:
                table.cmap.pop(code_point, None)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()
