"""Frames placed on a page: text, photo and shape frames.

Positions are the frame's top-left corner in points from the page's
top-left corner, y downwards, as on screen. A frame's place in its page's
``frames`` list is its stacking order (first is at the back).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

WrapMode = Literal["none", "around"]
VerticalAlign = Literal["top", "center", "bottom"]
FitMode = Literal["fill", "fit", "original"]
CaptionPlacement = Literal["below", "above", "left", "right"]
ShapeKind = Literal["rule", "box"]


@dataclass(kw_only=True)
class Insets:
    """Space inside a frame's edges, or a page's margins, in points."""

    top_pt: float = 0.0
    right_pt: float = 0.0
    bottom_pt: float = 0.0
    left_pt: float = 0.0


@dataclass(kw_only=True)
class TextWrap:
    """Whether text in other frames flows around this frame's box."""

    mode: WrapMode = "none"
    gap_pt: float = 6.0


@dataclass(kw_only=True)
class Frame:
    """What every frame has: identity, geometry, lock and text wrap."""

    id: str
    x_pt: float
    y_pt: float
    width_pt: float
    height_pt: float
    locked: bool = False
    wrap: TextWrap = field(default_factory=TextWrap)

    @property
    def kind(self) -> str:
        raise NotImplementedError


@dataclass(kw_only=True)
class TextFrame(Frame):
    """A frame of text in columns; frames of one story are threaded by ``next_frame_id``."""

    story_id: str
    columns: int = 1
    gutter_pt: float = 12.0
    insets: Insets = field(default_factory=Insets)
    next_frame_id: str | None = None
    vertical_align: VerticalAlign = "top"
    fill: str | None = None
    stroke: str | None = None
    stroke_width_pt: float = 0.0

    @property
    def kind(self) -> str:
        return "text"


@dataclass(kw_only=True)
class Caption:
    """A caption story set beside or below its photo, moving with it."""

    story_id: str
    placement: CaptionPlacement = "below"
    gap_pt: float = 4.0
    #: Height of the caption box (below/above) or its width (left/right).
    extent_pt: float = 24.0


@dataclass(kw_only=True)
class ImageFrame(Frame):
    """A photo in a frame.

    ``fit`` places the upright photo (EXIF orientation applied) in the frame:
    ``fill`` covers the frame and crops, ``fit`` shows it all, ``original``
    uses the photo's own resolution. ``zoom`` scales on top of that and the
    offsets pan the photo's centre inside the frame: together they are the
    crop. ``rotation_deg`` is the user's extra rotation, a multiple of 90.
    """

    asset: str | None = None
    #: The photo's file name when it was placed (``IMG_2041.jpg``), to name it in
    #: messages; the asset name is a content hash that means nothing to the user.
    source_name: str = ""
    fit: FitMode = "fill"
    zoom: float = 1.0
    offset_x_pt: float = 0.0
    offset_y_pt: float = 0.0
    rotation_deg: int = 0
    caption: Caption | None = None
    stroke: str | None = None
    stroke_width_pt: float = 0.0

    @property
    def kind(self) -> str:
        return "image"


@dataclass(kw_only=True)
class ShapeFrame(Frame):
    """A rule (drawn along the frame's diagonal, so a flat frame is a
    horizontal line) or a box with optional fill and stroke."""

    shape: ShapeKind = "box"
    fill: str | None = None
    stroke: str | None = "#000000"
    stroke_width_pt: float = 1.0

    @property
    def kind(self) -> str:
        return "rule" if self.shape == "rule" else "box"
