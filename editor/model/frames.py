"""Frames placed on a page: text, photo and shape frames.

Positions are the frame's top-left corner in points from the page's
top-left corner, y downwards, as on screen. A frame's place in its page's
``frames`` list is its stacking order (first is at the back).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from editor.model.geometry import Rect
from editor.model.limits import (
    COLUMNS,
    FILE_NAME_TEXT,
    ID_TEXT,
    LENGTH_PT,
    NAME_TEXT,
    POSITION_PT,
    ROTATION_DEG,
    STROKE_PT,
    ZOOM,
    limit,
)

WrapMode = Literal["none", "around"]
VerticalAlign = Literal["top", "center", "bottom"]
FitMode = Literal["fill", "fit", "original"]
CaptionPlacement = Literal["below", "above", "left", "right"]
ShapeKind = Literal["rule", "box"]


@dataclass(kw_only=True)
class Insets:
    """Space inside a frame's edges, or a page's margins, in points."""

    top_pt: float = limit(POSITION_PT, default=0.0)
    right_pt: float = limit(POSITION_PT, default=0.0)
    bottom_pt: float = limit(POSITION_PT, default=0.0)
    left_pt: float = limit(POSITION_PT, default=0.0)


@dataclass(kw_only=True)
class TextWrap:
    """Whether text in other frames flows around this frame's box."""

    mode: WrapMode = "none"
    gap_pt: float = limit(LENGTH_PT, default=6.0)


@dataclass(kw_only=True)
class Frame:
    """What every frame has: identity, geometry, lock and text wrap."""

    id: str = limit(ID_TEXT)
    x_pt: float = limit(POSITION_PT)
    y_pt: float = limit(POSITION_PT)
    width_pt: float = limit(LENGTH_PT)
    height_pt: float = limit(LENGTH_PT)
    locked: bool = False
    wrap: TextWrap = field(default_factory=TextWrap)

    @property
    def kind(self) -> str:
        raise NotImplementedError


@dataclass(kw_only=True)
class TextFrame(Frame):
    """A frame of text in columns; frames of one story are threaded by ``next_frame_id``."""

    story_id: str = limit(ID_TEXT)
    columns: int = limit(COLUMNS, default=1)
    gutter_pt: float = limit(LENGTH_PT, default=12.0)
    insets: Insets = field(default_factory=Insets)
    next_frame_id: str | None = limit(ID_TEXT, default=None)
    vertical_align: VerticalAlign = "top"
    fill: str | None = limit(NAME_TEXT, default=None)
    stroke: str | None = limit(NAME_TEXT, default=None)
    stroke_width_pt: float = limit(STROKE_PT, default=0.0)

    @property
    def kind(self) -> str:
        return "text"


def text_frame_columns(frame: TextFrame) -> list[Rect]:
    """The column rectangles inside a text frame's insets (the layout flows text in them; an
    imported photo is set at the top of one)."""
    insets = frame.insets
    inner_x = frame.x_pt + insets.left_pt
    inner_y = frame.y_pt + insets.top_pt
    inner_w = max(frame.width_pt - insets.left_pt - insets.right_pt, 0.0)
    inner_h = max(frame.height_pt - insets.top_pt - insets.bottom_pt, 0.0)
    columns = max(frame.columns, 1)
    column_w = max((inner_w - frame.gutter_pt * (columns - 1)) / columns, 0.0)
    return [
        Rect(inner_x + i * (column_w + frame.gutter_pt), inner_y, column_w, inner_h) for i in range(columns)
    ]


@dataclass(kw_only=True)
class Caption:
    """A caption story set beside or below its photo, moving with it."""

    story_id: str = limit(ID_TEXT)
    placement: CaptionPlacement = "below"
    gap_pt: float = limit(LENGTH_PT, default=4.0)
    #: Height of the caption box (below/above) or its width (left/right).
    extent_pt: float = limit(LENGTH_PT, default=24.0)


@dataclass(kw_only=True)
class ImageFrame(Frame):
    """A photo in a frame.

    ``fit`` places the upright photo (EXIF orientation applied) in the frame:
    ``fill`` covers the frame and crops, ``fit`` shows it all, ``original``
    uses the photo's own resolution. ``zoom`` scales on top of that and the
    offsets pan the photo's centre inside the frame: together they are the
    crop. ``rotation_deg`` is the user's extra rotation, a multiple of 90.
    """

    asset: str | None = limit(ID_TEXT, default=None)
    #: The photo's file name when it was placed (``IMG_2041.jpg``), to name it in
    #: messages; the asset name is a content hash that means nothing to the user.
    source_name: str = limit(FILE_NAME_TEXT, default="")
    fit: FitMode = "fill"
    zoom: float = limit(ZOOM, default=1.0)
    offset_x_pt: float = limit(POSITION_PT, default=0.0)
    offset_y_pt: float = limit(POSITION_PT, default=0.0)
    rotation_deg: int = limit(ROTATION_DEG, default=0)
    caption: Caption | None = None
    stroke: str | None = limit(NAME_TEXT, default=None)
    stroke_width_pt: float = limit(STROKE_PT, default=0.0)

    @property
    def kind(self) -> str:
        return "image"


@dataclass(kw_only=True)
class ShapeFrame(Frame):
    """A rule (drawn along the frame's diagonal, so a flat frame is a
    horizontal line) or a box with optional fill and stroke."""

    shape: ShapeKind = "box"
    fill: str | None = limit(NAME_TEXT, default=None)
    stroke: str | None = limit(NAME_TEXT, default="#000000")
    stroke_width_pt: float = limit(STROKE_PT, default=1.0)

    @property
    def kind(self) -> str:
        return "rule" if self.shape == "rule" else "box"


def frame_story_ids(frame: Frame) -> list[str]:
    """The story a frame shows: a text frame's, or a photo's caption; none for a shape."""
    if isinstance(frame, TextFrame):
        return [frame.story_id]
    if isinstance(frame, ImageFrame) and frame.caption is not None:
        return [frame.caption.story_id]
    return []
