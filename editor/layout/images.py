"""Where a photo sits inside its frame: fit mode, zoom and pan give the crop."""

from __future__ import annotations

from editor.layout.display import Rect
from editor.model.frames import ImageFrame

#: Resolution assumed for "original size" when a photo states none (as Word does).
DEFAULT_DPI = 96.0


def frame_rect(frame: ImageFrame) -> Rect:
    return Rect(frame.x_pt, frame.y_pt, frame.width_pt, frame.height_pt)


def image_rect(frame: ImageFrame, width_px: int, height_px: int, dpi: tuple[float, float] | None) -> Rect:
    """The rectangle the whole upright photo is drawn into (clipped to the frame).

    ``width_px``/``height_px`` are the upright size before the user's extra
    rotation, which swaps them for quarter turns.
    """
    if frame.rotation_deg % 180 == 90:
        width_px, height_px = height_px, width_px
    width_px = max(width_px, 1)
    height_px = max(height_px, 1)
    if frame.fit == "original":
        dpi_x, dpi_y = dpi if dpi and dpi[0] > 0 and dpi[1] > 0 else (DEFAULT_DPI, DEFAULT_DPI)
        if frame.rotation_deg % 180 == 90:
            dpi_x, dpi_y = dpi_y, dpi_x
        width_pt = width_px * 72.0 / dpi_x
        height_pt = height_px * 72.0 / dpi_y
    else:
        scale_x = frame.width_pt / width_px
        scale_y = frame.height_pt / height_px
        scale = max(scale_x, scale_y) if frame.fit == "fill" else min(scale_x, scale_y)
        width_pt = width_px * scale
        height_pt = height_px * scale
    width_pt *= frame.zoom
    height_pt *= frame.zoom
    centre_x = frame.x_pt + frame.width_pt / 2.0 + frame.offset_x_pt
    centre_y = frame.y_pt + frame.height_pt / 2.0 + frame.offset_y_pt
    return Rect(centre_x - width_pt / 2.0, centre_y - height_pt / 2.0, width_pt, height_pt)


def caption_rect(frame: ImageFrame) -> Rect | None:
    """The caption's box beside, above or below the photo."""
    caption = frame.caption
    if caption is None:
        return None
    gap, extent = caption.gap_pt, caption.extent_pt
    if caption.placement == "below":
        return Rect(frame.x_pt, frame.y_pt + frame.height_pt + gap, frame.width_pt, extent)
    if caption.placement == "above":
        return Rect(frame.x_pt, frame.y_pt - gap - extent, frame.width_pt, extent)
    if caption.placement == "right":
        return Rect(frame.x_pt + frame.width_pt + gap, frame.y_pt, extent, frame.height_pt)
    return Rect(frame.x_pt - gap - extent, frame.y_pt, extent, frame.height_pt)
