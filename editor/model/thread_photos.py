"""Where the photos of an article imported into a text thread go: at the top of the thread's columns.

导入文章 → 放入所选文本框 replaces a thread's text. Laid in a free band of
the page, the photos landed over that text with wrap off and hid it. Here,
as a Word or Publisher user expects, a photo sits at the top of a column of
the thread on its first page (the right-most column first), as wide as the
column, its caption under it, and the text wraps around both. A photo keeps
its proportions: when photo and caption would take more than
``PHOTO_SHARE`` of the column's height it is made smaller and set against
the column's right edge; a column with less than ``MIN_PHOTO_PT`` of that
share left takes no more photos, and the next column to the left is tried.
Something else on the page in the column (a box, another photo) pushes the
photo below it. A photo no column takes gets ``None``; the caller places it
elsewhere.

Pure geometry in points, in the model because the model may not import the
layout.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from editor.model.frames import TextFrame, text_frame_columns
from editor.model.geometry import Rect

#: Photos in one column (with their captions) take at most this share of its height: the rest is text.
PHOTO_SHARE = 2.0 / 3.0
#: A photo is not made lower than this (points, about 13 mm) to fit a column.
MIN_PHOTO_PT = 36.0
#: Overlap smaller than this (points) is rounding, not covering.
_TOLERANCE_PT = 0.01


@dataclass(frozen=True)
class PhotoShape:
    """A photo to place: its pixel size and the height its caption needs under it (0: no caption)."""

    width_px: int
    height_px: int
    caption_pt: float = 0.0


def right_to_left(frames: Sequence[TextFrame]) -> list[Rect]:
    """The columns of ``frames``, right-most first (top first among columns at one place)."""
    columns = [column for frame in frames for column in text_frame_columns(frame)]
    return sorted(columns, key=lambda column: (-column.right_pt, column.y_pt))


def _size_in(column: Rect, photo: PhotoShape, room_pt: float) -> tuple[float, float] | None:
    """(width, height) of ``photo`` in ``column`` within ``room_pt`` of height with its caption."""
    width_pt = column.width_pt
    height_pt = width_pt * max(photo.height_px, 1) / max(photo.width_px, 1)
    if height_pt + photo.caption_pt > room_pt:
        if room_pt - photo.caption_pt < MIN_PHOTO_PT:
            return None
        scale = (room_pt - photo.caption_pt) / height_pt
        width_pt, height_pt = width_pt * scale, height_pt * scale
    return width_pt, height_pt


def _free(rect: Rect, taken: Sequence[Rect]) -> bool:
    core = rect.expanded(-_TOLERANCE_PT)
    return not any(core.overlaps(other) for other in taken)


def _top_in(column: Rect, width_pt: float, height_pt: float, taken: Sequence[Rect]) -> Rect | None:
    """The highest spot of that size against the column's right edge clear of ``taken``."""
    x_pt = column.right_pt - width_pt
    tops = sorted({column.y_pt, *(rect.bottom_pt for rect in taken if rect.bottom_pt > column.y_pt)})
    for y_pt in tops:
        spot = Rect(x_pt, y_pt, width_pt, height_pt)
        if spot.bottom_pt > column.bottom_pt + _TOLERANCE_PT:
            return None
        if _free(spot, taken):
            return spot
    return None


def photo_rects(columns: Sequence[Rect], photos: Sequence[PhotoShape], occupied: Sequence[Rect],
                gap_pt: float) -> list[Rect | None]:
    """Each photo's frame rectangle (its caption under it), in the first of ``columns`` that takes
    it clear of ``occupied`` (kept ``gap_pt`` away) and of the photos before it; None: no column."""
    taken = [rect.expanded(gap_pt) for rect in occupied]
    used_pt = [0.0] * len(columns)
    placed: list[Rect | None] = []
    for photo in photos:
        spot = None
        for index, column in enumerate(columns):
            size = _size_in(column, photo, PHOTO_SHARE * column.height_pt - used_pt[index])
            spot = _top_in(column, size[0], size[1] + photo.caption_pt, taken) if size is not None else None
            if spot is not None:
                used_pt[index] += spot.height_pt + gap_pt
                taken.append(spot.expanded(gap_pt))
                spot = Rect(spot.x_pt, spot.y_pt, spot.width_pt, spot.height_pt - photo.caption_pt)
                break
        placed.append(spot)
    return placed
