"""Faux bold: how thick the outline is that every backend strokes round a synthetic-bold glyph.

When a bold run's family has no bold face (``GlyphRun.synthetic_bold``), the
regular face is drawn filled and then stroked in the fill colour, as Word,
WPS and LibreOffice embolden 宋体. LibreOffice's PDF export strokes such text
(``2 Tr``) with a line one thirtieth of the font size wide (30 pt text:
``1 w``); the PDF and the Qt painter both use this width so that print and
canvas carry the same ink. The stroke adds no advance: line breaks stay those
of the regular face, as in Word.
"""

from __future__ import annotations

#: Stroke width of faux bold as a fraction of the font size (LibreOffice's PDF export).
SYNTHETIC_BOLD_STROKE_EM = 1.0 / 30.0


def synthetic_bold_stroke_pt(size_pt: float) -> float:
    """The outline stroke, in points, that emboldens a glyph of ``size_pt``."""
    return size_pt * SYNTHETIC_BOLD_STROKE_EM
