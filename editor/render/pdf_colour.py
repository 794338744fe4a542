"""Colours as PDF operators: pure black as 100 % K in a print PDF, everything else as RGB.

A print PDF (``PdfOptions.black_as_k``, the 印刷 preset) draws text, rules and
boxes whose colour is pure black #000000 in DeviceCMYK 0 0 0 1, as InDesign
draws its [黑色]: the print shop's RIP leaves it on the black plate instead of
turning it into four-colour black (``editor.layout.inks`` says why). Every
other colour stays DeviceRGB, described by the PDF's sRGB output intent, and
the RIP converts it. A screen PDF keeps pure black RGB too.
"""

from __future__ import annotations

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfgen.canvas import Canvas

from editor.layout.display import RGB
from editor.layout.inks import is_pure_black

#: 100 % K, nothing else.
BLACK_INK_CMYK = (0.0, 0.0, 0.0, 1.0)


def _as_k(color: RGB, black_as_k: bool) -> bool:
    return black_as_k and is_pure_black(color)


def _colour_operator(color: RGB, black_as_k: bool, cmyk: str, rgb: str) -> str:
    if _as_k(color, black_as_k):
        return f"{fp_str(*BLACK_INK_CMYK)} {cmyk}"
    return f"{fp_str(*color)} {rgb}"


def fill_operator(color: RGB, black_as_k: bool) -> str:
    """The content-stream operator setting the fill colour (text is filled): ``0 0 0 1 k`` or ``r g b rg``."""
    return _colour_operator(color, black_as_k, "k", "rg")


def stroke_operator(color: RGB, black_as_k: bool) -> str:
    """The content-stream operator setting the stroke colour (faux bold text): ``0 0 0 1 K`` or ``r g b RG``."""
    return _colour_operator(color, black_as_k, "K", "RG")


def set_fill(canvas: Canvas, color: RGB, black_as_k: bool) -> None:
    """Set the canvas's fill colour as ``fill_operator`` would write it."""
    if _as_k(color, black_as_k):
        canvas.setFillColorCMYK(*BLACK_INK_CMYK)
    else:
        canvas.setFillColorRGB(*color)


def set_stroke(canvas: Canvas, color: RGB, black_as_k: bool) -> None:
    """Set the canvas's stroke colour: 100 % K for pure black when ``black_as_k``, else RGB."""
    if _as_k(color, black_as_k):
        canvas.setStrokeColorCMYK(*BLACK_INK_CMYK)
    else:
        canvas.setStrokeColorRGB(*color)
