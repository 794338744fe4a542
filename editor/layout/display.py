"""The display list: what a composed page is, for every backend to draw.

Coordinates are points from the page's top-left corner, y downwards. Items
are drawn in list order (back to front). Items are values: nobody changes
one after layout made it (the per-line classes are not ``frozen`` only
because frozen dataclasses are three times slower to build, and a page
builds thousands of them). Backends (Qt, ReportLab, DOCX) walk
these items and draw them exactly; none of them breaks lines or moves
anything. Like Typst's ``Frame``: a finished layout with items at fixed
positions.

Besides the drawable ``items``, a ``PageLayout`` carries ``lines`` and
``areas``: where each composed line and each text area sits, with its
source. They are not drawn; the editor uses them for the caret and hit
tests, the DOCX writer for text boxes, and the tests for measuring.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from editor.layout.fontmetrics import FontRef
from editor.model.geometry import Rect  # the display list's rectangles, imported from here

if TYPE_CHECKING:
    from editor.model.document import Document

RGB = tuple[float, float, float]


@dataclass(slots=True)
class GlyphRun:
    """Glyphs of one font, size and colour on one baseline.

    ``x_pt[i]`` is the origin of glyph ``i``: where the font's glyph box
    starts, so a backend draws glyph ``glyph_ids[i]`` (character ``text[i]``)
    with its origin at (``x_pt[i]``, ``baseline_pt``). ``hscale`` stretches
    glyphs horizontally about their origins (used to join the two halves of
    a —— dash). ``box_left_pt``/``box_width_pt`` are the part of the line each
    glyph occupies after punctuation compression (a comma at a line end
    occupies only its left half), for hit tests and measurement.
    """

    font: FontRef
    postscript_name: str
    size_pt: float
    color: RGB
    text: str
    glyph_ids: tuple[int, ...]
    x_pt: tuple[float, ...]
    baseline_pt: float
    box_left_pt: tuple[float, ...]
    box_width_pt: tuple[float, ...]
    hscale: float = 1.0
    story_id: str = ""
    paragraph_index: int = 0
    #: Offset of each glyph's source character in the paragraph (fields count 1).
    char_offsets: tuple[int, ...] = ()
    #: The glyphs show a field's value (期号, 页码 …): the canvas may shade them; printers ignore it.
    is_field: bool = False
    #: Bold was asked for but the family has no bold face (宋体, 仿宋, 楷体): ``font`` is the
    #: regular face and every backend draws it emboldened (faux bold, as Word does for w:b);
    #: advances stay the regular face's.
    synthetic_bold: bool = False


@dataclass(frozen=True, slots=True)
class ImageItem:
    """A photo drawn upright into ``image_rect`` and clipped to ``clip_rect``.

    ``rotation_deg`` is the user's extra clockwise rotation; the EXIF
    orientation is always applied by the backend's photo loader
    (``editor.io.photos``). ``image_rect`` may be larger than ``clip_rect``:
    that is the crop.
    """

    frame_id: str
    asset: str
    rotation_deg: int
    clip_rect: Rect
    image_rect: Rect


@dataclass(frozen=True, slots=True)
class RuleItem:
    """A straight line."""

    x1_pt: float
    y1_pt: float
    x2_pt: float
    y2_pt: float
    width_pt: float
    color: RGB


@dataclass(frozen=True, slots=True)
class BoxItem:
    """A rectangle, filled and/or stroked (stroke centred on the edge)."""

    rect: Rect
    fill: RGB | None
    stroke: RGB | None
    stroke_width_pt: float


DisplayItem = GlyphRun | ImageItem | RuleItem | BoxItem


@dataclass(slots=True)
class LineBox:
    """One composed line: where it is and what it came from (not drawn)."""

    story_id: str
    paragraph_index: int
    frame_id: str
    column_index: int
    #: The horizontal span the line was set in (column minus indents and wraps).
    left_pt: float
    right_pt: float
    top_pt: float
    baseline_pt: float
    height_pt: float
    #: Paragraph offsets [start, end) of the characters on this line.
    start_offset: int
    end_offset: int
    alignment: str
    is_last_in_paragraph: bool
    #: True when the line was spread or squeezed to fill ``left_pt..right_pt``.
    justified: bool
    #: A continuation line's text (「（下转第3版）」, ``editor.layout.jumps``); it belongs to no
    #: paragraph, so ``story_id`` is empty and ``paragraph_index`` is -1. Empty for story text.
    jump_text: str = ""


@dataclass(frozen=True, slots=True)
class TextArea:
    """A text frame, or a photo's caption, as placed on the page (not drawn).

    ``column_rects`` are the areas text was set in; ``story_id`` is what flows
    there; ``next_frame_id`` continues the thread.
    """

    frame_id: str
    story_id: str
    rect: Rect
    column_rects: tuple[Rect, ...]
    is_caption: bool = False


@dataclass
class PageLayout:
    """A composed page."""

    index: int
    width_pt: float
    height_pt: float
    items: list[DisplayItem] = field(default_factory=list)
    lines: list[LineBox] = field(default_factory=list)
    areas: list[TextArea] = field(default_factory=list)


@dataclass(frozen=True)
class StoryLayout:
    """How a story fared: its length and whether text is left over."""

    story_id: str
    char_count: int
    overset: bool
    overset_char_count: int
    frame_ids: tuple[str, ...]


@dataclass(frozen=True)
class PhotoProblem:
    """A photo that cannot be used; the layout drew a placeholder in its frame instead."""

    page_number: int
    frame_id: str
    #: 第 3 页的图片“IMG_2041.jpg”: the page and the photo's file name, when it was kept.
    subject: str
    #: Why, in the user's words: 文件不完整，可能没有下载或复制完.
    reason: str

    def note(self) -> str:
        """The line an export reports (after 注意：)."""
        return f"{self.subject}已损坏或无法读取（{self.reason}），已用空白占位框代替。"


@dataclass
class DocumentLayout:
    """The composed document: pages to draw and per-story results."""

    pages: list[PageLayout]
    stories: dict[str, StoryLayout]
    #: Chinese notes for the user, e.g. a font that had to be substituted.
    warnings: list[str] = field(default_factory=list)
    #: Photos drawn as placeholders (their notes are in ``warnings`` too).
    photo_problems: list[PhotoProblem] = field(default_factory=list)
    #: The document as laid out: master items resolved into each page's frames
    #: (``editor.layout.masters``); backends that read frames and stories read these.
    document: Document | None = None

    @functools.cached_property
    def overset_story_ids(self) -> list[str]:
        """The stories with text left over, found once per layout: the canvas asks at each keystroke
        and paint, and a 64-page issue lays out hundreds of stories (a layout is not changed once made)."""
        return [story_id for story_id, story in self.stories.items() if story.overset]

    @functools.cached_property
    def story_line_pages(self) -> dict[str, set[int]]:
        """Story id → the indexes of the pages holding lines of it, found once per layout: an input
        method's preedit is laid out against the same layout at each key of a composition
        (``provisional``), and a 64-page issue has thousands of lines."""
        pages: dict[str, set[int]] = {}
        for page in self.pages:
            for line in page.lines:
                pages.setdefault(line.story_id, set()).add(page.index)
        return pages
