"""Where a new photo frame goes on a page so that it covers nothing: the free spot nearest a point.

插入 → 图片… with no photo frame selected makes a new frame. Put at the top
left of the type area it lay on the headline; Publisher puts a picture in the
middle of what the user sees, and InDesign lets the user click where it goes.
Here the frame (one column wide, at most half the type area, the photo's
proportions) goes in a column of the grid, in the spot that overlaps no
frame, caption or master item, nearest the middle of the visible part of the
page (a spot wholly in view first) — and only when the page has no such
spot, centred on that middle, over what is there (selected, to be moved).

Pure geometry in points, no Qt: a candidate spot starts at a column's left or
ends at its right (or, in a column wider than the photo, is centred on the
aim), and lies against the type area's top or bottom, at the aim's height, or
against the top or bottom of something on the page, ``gap_pt`` away from it.
"""

from __future__ import annotations

from collections.abc import Sequence

from editor.layout.display import Rect
from editor.layout.images import caption_rect
from editor.model.frames import Frame, ImageFrame

#: Overlap smaller than this (points) is rounding, not covering.
_TOLERANCE_PT = 0.01


def occupied_rects(frames: Sequence[Frame]) -> list[Rect]:
    """Where frames are on the page: each frame, and a photo's caption box."""
    rects = []
    for frame in frames:
        rects.append(Rect(frame.x_pt, frame.y_pt, frame.width_pt, frame.height_pt))
        caption = caption_rect(frame) if isinstance(frame, ImageFrame) else None
        if caption is not None:
            rects.append(caption)
    return rects


def photo_size(area: Rect, column_width_pt: float, width_px: int, height_px: int) -> tuple[float, float]:
    """(width, height) of a new photo frame: one column wide (at most half the type area) with
    the photo's proportions, made smaller if it would be taller than the type area."""
    width_pt = min(column_width_pt, area.width_pt / 2)
    height_pt = width_pt * max(height_px, 1) / max(width_px, 1)
    if height_pt > area.height_pt:
        width_pt, height_pt = width_pt * area.height_pt / height_pt, area.height_pt
    return width_pt, height_pt


def _inside(rect: Rect, area: Rect) -> bool:
    return (rect.x_pt >= area.x_pt - _TOLERANCE_PT and rect.y_pt >= area.y_pt - _TOLERANCE_PT
            and rect.right_pt <= area.right_pt + _TOLERANCE_PT and rect.bottom_pt <= area.bottom_pt + _TOLERANCE_PT)


def _free(rect: Rect, taken: Sequence[Rect]) -> bool:
    core = rect.expanded(-_TOLERANCE_PT)
    return not any(core.overlaps(other) for other in taken)


def _distance_sq(rect: Rect, x_pt: float, y_pt: float) -> float:
    dx = rect.x_pt + rect.width_pt / 2 - x_pt
    dy = rect.y_pt + rect.height_pt / 2 - y_pt
    return dx * dx + dy * dy


def _lefts(columns: Sequence[tuple[float, float]], width_pt: float, aim_x_pt: float) -> list[float]:
    """Where a photo ``width_pt`` wide may start in each column: at its left, at its right,
    and (in a column wider than the photo) centred on the aim as far as the column lets it."""
    lefts = []
    for left, right in columns:
        last = max(right - width_pt, left)
        lefts += [left, last, min(max(aim_x_pt - width_pt / 2, left), last)]
    return sorted(set(lefts))


def free_spot(area: Rect, columns: Sequence[tuple[float, float]], size: tuple[float, float],
              occupied: Sequence[Rect], aim: tuple[float, float], gap_pt: float,
              visible: Rect | None = None) -> Rect | None:
    """The rectangle of ``size`` inside ``area`` and in one of the ``columns`` (left, right) that
    keeps ``gap_pt`` from everything ``occupied``, nearest ``aim`` (one wholly ``visible``
    first); None if there is none."""
    width_pt, height_pt = size
    taken = [rect.expanded(gap_pt) for rect in occupied]
    tops = {area.y_pt, area.bottom_pt - height_pt, aim[1] - height_pt / 2}
    for rect in occupied:
        tops |= {rect.bottom_pt + gap_pt, rect.y_pt - gap_pt - height_pt}
    spots = [Rect(x_pt, y_pt, width_pt, height_pt) for x_pt in _lefts(columns, width_pt, aim[0])
             for y_pt in sorted(tops)]
    spots = [spot for spot in spots if _inside(spot, area) and _free(spot, taken)]
    if not spots:
        return None
    return min(spots, key=lambda spot: (visible is not None and not _inside(spot, visible),
                                        _distance_sq(spot, *aim)))


def centred(area: Rect, size: tuple[float, float], aim: tuple[float, float]) -> Rect:
    """The rectangle of ``size`` centred on ``aim``, moved inside ``area`` as far as it fits."""
    width_pt, height_pt = size
    x_pt = min(max(aim[0] - width_pt / 2, area.x_pt), area.right_pt - width_pt)
    y_pt = min(max(aim[1] - height_pt / 2, area.y_pt), area.bottom_pt - height_pt)
    return Rect(max(x_pt, area.x_pt), max(y_pt, area.y_pt), width_pt, height_pt)
