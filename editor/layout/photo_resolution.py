"""A placed photo's effective resolution: its pixels per inch at the size it is printed.

A phone photo of 4000 pixels printed 8 cm wide has 1270 ppi; cropped by a
zoom of 400 % into a frame 20 cm wide it has 127, and prints soft. The
editor shows this in 属性 (red under ``LOW_DPI``), so the editor sees it
before the printer does. The figure is written in ppi (pixels per inch of
paper), the word 检查, the export dialogs and the user guide use too; dpi
is left to the dots a printer lays down. The size printed is the rectangle
the whole photo is drawn into (``editor.layout.images.image_rect``: fit
mode, zoom and the user's rotation), the same one the layout engine gives
the backends, so the figure cannot disagree with the page. Pure: no Qt, no
decoding.
"""

from __future__ import annotations

from dataclasses import dataclass

from editor.layout.images import image_rect
from editor.model.frames import ImageFrame

#: Below this a printed photo may look soft: the usual floor for halftone print (150 lpi wants 300).
LOW_DPI = 150.0
#: Horizontal and vertical figures closer than this are shown as one.
_SAME_DPI = 1.0
_POINTS_PER_INCH = 72.0


@dataclass(frozen=True, slots=True)
class EffectiveResolution:
    """Photo pixels per inch of paper, across and down the page."""

    x_dpi: float
    y_dpi: float

    @property
    def lowest_dpi(self) -> float:
        return min(self.x_dpi, self.y_dpi)

    @property
    def is_low(self) -> bool:
        """Under ``LOW_DPI`` along either axis."""
        return self.lowest_dpi < LOW_DPI

    def text(self) -> str:
        """``143 ppi``, or ``300 × 150 ppi`` when the axes differ (across first)."""
        x_dpi, y_dpi = round(self.x_dpi), round(self.y_dpi)
        if abs(self.x_dpi - self.y_dpi) < _SAME_DPI:
            return f"{round(self.lowest_dpi)} ppi"
        return f"{x_dpi} × {y_dpi} ppi"


def effective_resolution(frame: ImageFrame, width_px: int, height_px: int,
                         dpi: tuple[float, float] | None) -> EffectiveResolution | None:
    """The resolution of a photo ``width_px`` × ``height_px`` (upright, as the header reads it, with
    the ``dpi`` it states) placed in ``frame``; None when it is drawn at no size at all."""
    if width_px < 1 or height_px < 1:
        return None
    drawn = image_rect(frame, width_px, height_px, dpi)
    if frame.rotation_deg % 180 == 90:  # the user's quarter turn: the photo's width runs down the page
        width_px, height_px = height_px, width_px
    if drawn.width_pt <= 0 or drawn.height_pt <= 0:
        return None
    return EffectiveResolution(width_px * _POINTS_PER_INCH / drawn.width_pt,
                               height_px * _POINTS_PER_INCH / drawn.height_pt)
