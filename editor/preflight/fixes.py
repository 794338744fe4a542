"""修复: the obvious repairs, as model changes the caller applies as one undo step.

- ``fit_frame_to_text``: the overset story's last frame made just tall
  enough for the rest of the text (found by laying the story out again at
  trial heights, to half a point), never past the page's bottom margin
  (its master's, else the document's: the running foot sits below it) —
  or its own bottom, if that is lower already: when the text does not fit
  even there, nothing is changed and the user decides.
- ``extend_to_bleed``: a photo or box that crosses the trim short of the
  bleed stretched to the bleed's edge on those sides.
- ``set_pure_black``: the style that sets small text in a near-black given
  pure black #000000 (the print PDF then draws it on the black plate alone).

Nothing here changes the document; a finding that no longer holds gives [].
"""

from __future__ import annotations

import dataclasses

from editor.layout.engine import layout_document
from editor.layout.font_registry import FontRegistry
from editor.model.changes import Change, set_item
from editor.model.document import Document, Page
from editor.model.document_edits import define_paragraph_style
from editor.model.edits import find_frame, locate, set_geometry
from editor.model.frames import TextFrame
from editor.preflight.findings import (
    CHARACTER_STYLE,
    EXTEND_TO_BLEED,
    FIT_FRAME_TO_TEXT,
    PARAGRAPH_STYLE,
    SET_PURE_BLACK,
    Finding,
)
from editor.preflight.geometry import short_sides
from editor.preflight.places import fixable

#: Heights found for a fitted frame are this close to the least that fits.
_HEIGHT_PRECISION_PT = 0.5


def _trial(doc: Document, frame_id: str, story_id: str, height_pt: float) -> Document:
    """A shallow copy of ``doc`` for laying out ``story_id`` with frame ``frame_id`` ``height_pt`` tall:
    the pages holding the story's frames as they are (their other frames wrap it), every other page
    empty but there (page numbers and jump lines stay right). ``doc`` is untouched."""
    pages = []
    for page in doc.pages:
        if not any(isinstance(f, TextFrame) and f.story_id == story_id for f in page.frames):
            pages.append(dataclasses.replace(page, frames=[]))
            continue
        frames = [dataclasses.replace(f, height_pt=height_pt) if f.id == frame_id else f for f in page.frames]
        pages.append(dataclasses.replace(page, frames=frames))
    return dataclasses.replace(doc, pages=pages)


def _fits(doc: Document, frame_id: str, story_id: str, height_pt: float, faces: FontRegistry | None) -> bool:
    layout = layout_document(_trial(doc, frame_id, story_id, height_pt), faces)
    story = layout.stories.get(story_id)
    return story is not None and not story.overset


def _bottom_limit_pt(doc: Document, frame: TextFrame) -> float:
    """How low a frame may grow: its page's bottom margin, or its own bottom if lower already."""
    page, _ = locate(doc, frame.id)
    master = doc.master_of(page) if isinstance(page, Page) else None
    margins = master.margins if master is not None else doc.margins
    return max(doc.page_height_pt - margins.bottom_pt, frame.y_pt + frame.height_pt)


def fit_frame_to_text(doc: Document, finding: Finding, faces: FontRegistry | None = None) -> list[Change]:
    """Changes making the story's last frame tall enough for its text; [] when it cannot fit above the margin."""
    frame = find_frame(doc, finding.frame_id or "")
    if not isinstance(frame, TextFrame) or not fixable(frame) or finding.story_id is None:
        return []
    low, high = frame.height_pt, _bottom_limit_pt(doc, frame) - frame.y_pt
    if high <= low or _fits(doc, frame.id, finding.story_id, low, faces) \
            or not _fits(doc, frame.id, finding.story_id, high, faces):
        return []  # fits already (fixed since the check), or cannot fit on the page
    while high - low > _HEIGHT_PRECISION_PT:
        middle = (low + high) / 2
        if _fits(doc, frame.id, finding.story_id, middle, faces):
            high = middle
        else:
            low = middle
    return set_geometry(doc, frame.id, frame.x_pt, frame.y_pt, frame.width_pt, high)


def extend_to_bleed(doc: Document, finding: Finding) -> list[Change]:
    """Changes stretching the frame to the bleed's edge on every side where it stops short of it."""
    frame = find_frame(doc, finding.frame_id or "")
    if frame is None or not fixable(frame):
        return []
    width_pt, height_pt, bleed_pt = doc.page_width_pt, doc.page_height_pt, doc.bleed_pt
    sides = short_sides(frame, width_pt, height_pt, bleed_pt)
    if not sides:
        return []
    left, top = frame.x_pt, frame.y_pt
    right, bottom = frame.x_pt + frame.width_pt, frame.y_pt + frame.height_pt
    left = -bleed_pt if "left" in sides else left
    top = -bleed_pt if "top" in sides else top
    right = width_pt + bleed_pt if "right" in sides else right
    bottom = height_pt + bleed_pt if "bottom" in sides else bottom
    return set_geometry(doc, frame.id, left, top, right - left, bottom - top)


#: The colour ``set_pure_black`` gives a style.
PURE_BLACK_HEX = "#000000"


def set_pure_black(doc: Document, finding: Finding) -> list[Change]:
    """Changes giving the finding's paragraph or character style the colour #000000 (swatches are left alone)."""
    if finding.style is None:
        return []
    kind, name = finding.style
    if kind == PARAGRAPH_STYLE and name in doc.paragraph_styles:
        style = doc.paragraph_styles[name]
        return [] if style.color == PURE_BLACK_HEX else define_paragraph_style(
            doc, dataclasses.replace(style, color=PURE_BLACK_HEX))
    cstyle = doc.character_styles.get(name) if kind == CHARACTER_STYLE else None
    if cstyle is None or cstyle.color == PURE_BLACK_HEX:
        return []
    return [set_item(doc.character_styles, name, dataclasses.replace(cstyle, color=PURE_BLACK_HEX))]


def fix(doc: Document, finding: Finding, faces: FontRegistry | None = None) -> list[Change]:
    """Changes carrying out ``finding.fix``; [] when it has none or it no longer applies."""
    if finding.fix == FIT_FRAME_TO_TEXT:
        return fit_frame_to_text(doc, finding, faces)
    if finding.fix == EXTEND_TO_BLEED:
        return extend_to_bleed(doc, finding)
    if finding.fix == SET_PURE_BLACK:
        return set_pure_black(doc, finding)
    return []
