"""A glyph run as one PDF text object: one ``Tm``, then ``TJ`` with adjustments.

The composer gives every glyph's origin. Setting a text matrix per glyph
(what ReportLab's ``textOut`` would need) costs a ``Tm`` and ReportLab's
number formatting for each of the issue's thousands of glyphs. Here a run is
``BT … Tf 1 0 0 1 x y Tm [(abc) -12.5 (d)] TJ ET``: the first glyph is placed
by the text matrix, each later one by the reader's own advance (the width the
PDF's ``/Widths`` array gives it) plus the adjustment written before it.

The adjustment is computed from where the reader's pen actually is: the
numbers as written (the start rounded as ``fp_str`` writes it, each width as
ReportLab writes it, each adjustment to 1/1000 of a thousandth of an em), so
rounding never accumulates along a line; every glyph lands within 0.0005
thousandths of an em of its origin (5·10⁻⁶ pt at 10 pt), closer than a
per-glyph ``Tm`` rounded to 0.001 pt did.

A faux-bold run (``GlyphRun.synthetic_bold``) is filled and then stroked in
its fill colour (``2 Tr``) inside ``q … Q``, which restores the line width,
stroke colour and render mode afterwards, as LibreOffice's PDF export does.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

from editor.layout.display import GlyphRun
from editor.render.faux_bold import synthetic_bold_stroke_pt
from editor.render.pdf_colour import fill_operator, stroke_operator

#: Per face: a character code's advance as the PDF's /Widths array states it.
_written_widths: WeakKeyDictionary[TTFontFace, dict[int, float]] = WeakKeyDictionary()


def _written_width(face: TTFontFace, code: int) -> float:
    widths = _written_widths.get(face)
    if widths is None:
        widths = _written_widths[face] = {}
    width = widths.get(code)
    if width is None:
        width = widths[code] = float(fp_str(face.getCharWidth(code)))
    return width


def _adjustment(thousandths: float) -> str:
    """A TJ number to a thousandth, '0' when it rounds to nothing."""
    text = f"{thousandths:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def run_operators(run: GlyphRun, font: TTFont, document, baseline_y_pt: float, black_as_k: bool = False) -> str:
    """The content-stream operators that draw ``run``'s non-space glyphs with ``font``.

    ``document`` is the canvas's PDF document (ReportLab assigns each character
    a code in one of the font's 256-glyph subsets per document);
    ``baseline_y_pt`` is the baseline in PDF coordinates (from the bottom);
    ``black_as_k`` draws pure black as 100 % K (``pdf_colour``).
    """
    drawn = [(ch, x_pt) for ch, x_pt in zip(run.text, run.x_pt, strict=True) if not ch.isspace()]
    if not drawn:
        return ""
    chunks = font.splitString("".join(ch for ch, _ in drawn), document)
    subsets = font.state[document].subsets
    face = font.face
    size = fp_str(run.size_pt)
    pt_per_unit = run.size_pt * run.hscale / 1000.0
    start = fp_str(drawn[0][1])
    parts = ["BT", fill_operator(run.color, black_as_k)]
    if run.synthetic_bold:
        parts[:0] = ["q", stroke_operator(run.color, black_as_k),
                     f"{fp_str(synthetic_bold_stroke_pt(run.size_pt))} w"]
        parts.append("2 Tr")
    if run.hscale != 1.0:
        parts.append(f"{fp_str(run.hscale * 100.0)} Tz")
    parts.append(f"1 0 0 1 {start} {fp_str(baseline_y_pt)} Tm")
    pen_pt = float(start)
    index = 0
    for subset, codes in chunks:
        parts.append(f"{font.getSubsetInternalName(subset, document)} {size} Tf")
        array: list[str] = []
        pending = bytearray()
        for code in codes:
            target_pt = drawn[index][1]
            if index:
                adjustment = _adjustment((pen_pt - target_pt) / pt_per_unit)
                if adjustment != "0":
                    if pending:
                        array.append(f"({escapePDF(bytes(pending))})")
                        pending.clear()
                    array.append(adjustment)
                    pen_pt -= float(adjustment) * pt_per_unit
            pending.append(code)
            pen_pt += _written_width(face, subsets[subset][code]) * pt_per_unit
            index += 1
        if pending:
            array.append(f"({escapePDF(bytes(pending))})")
        parts.append(f"[{' '.join(array)}] TJ")
    if run.hscale != 1.0:
        parts.append("100 Tz")  # Tz outlives the text object: restore it
    parts.append("ET")
    if run.synthetic_bold:
        parts.append("Q")
    return " ".join(parts)
