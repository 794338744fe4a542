"""Where frames and text sit against the trim: off the page, short of the bleed, too near the cut, odd page sizes.

The trim is the page rectangle (0, 0, page width, page height); the bleed
reaches ``Document.bleed_pt`` beyond it. A frame that crosses the trim on a
side must reach the bleed's edge there, or the cut may leave a white hair
line; 修复 (``fixes.extend_to_bleed``) stretches a photo or box to it. Text
is measured by its laid-out lines (each line's span and height), so a
column that stays clear of the cut while its text does not is still found.
"""

from __future__ import annotations

from editor.layout.display import DocumentLayout
from editor.model.document import Document
from editor.model.frames import Frame, ImageFrame, ShapeFrame
from editor.model.geometry import Rect
from editor.model.units import PAGE_SIZES_PT, mm_to_pt, pt_to_mm
from editor.preflight.findings import (
    EXTEND_TO_BLEED,
    FRAME_OFF_PAGE,
    FRAME_SHORT_OF_BLEED,
    PAGE_SIZE,
    TEXT_NEAR_TRIM,
    WARNING,
    Finding,
    PreflightSettings,
)
from editor.preflight.places import fixable, frame_subject, frames_on_pages, laid_out

#: Edges closer than this count as touching (rounding of mm ↔ pt).
EPSILON_PT = 0.05
#: A page size within this of a listed paper counts as that paper.
_SIZE_TOLERANCE_PT = 1.0


def short_sides(frame: Frame, width_pt: float, height_pt: float, bleed_pt: float) -> list[str]:
    """The sides (left, top, right, bottom) where ``frame`` crosses the trim but stops short of the bleed."""
    outside = {"left": -frame.x_pt, "top": -frame.y_pt, "right": frame.x_pt + frame.width_pt - width_pt,
               "bottom": frame.y_pt + frame.height_pt - height_pt}
    return [side for side, beyond in outside.items() if EPSILON_PT < beyond < bleed_pt - EPSILON_PT]


def _off_page(frame: Frame, width_pt: float, height_pt: float) -> bool:
    return (frame.x_pt >= width_pt or frame.y_pt >= height_pt or frame.x_pt + frame.width_pt <= 0
            or frame.y_pt + frame.height_pt <= 0)


def _frame_findings(doc: Document, layout: DocumentLayout) -> list[Finding]:
    shown = laid_out(doc, layout)
    width_pt, height_pt, bleed_pt = shown.page_width_pt, shown.page_height_pt, shown.bleed_pt
    findings: list[Finding] = []
    for page, frame in frames_on_pages(doc, layout):
        subject = frame_subject(frame, page)
        if _off_page(frame, width_pt, height_pt):
            findings.append(Finding(FRAME_OFF_PAGE, WARNING, f"{subject}完全在页面之外，不会印出来。", page, frame.id))
            continue
        if short_sides(frame, width_pt, height_pt, bleed_pt):
            extendable = isinstance(frame, (ImageFrame, ShapeFrame)) and fixable(frame)
            message = (f"{subject}伸出了裁切线，但没有到出血边（{pt_to_mm(bleed_pt):.0f} 毫米）："
                       "裁切稍有偏差就会露出白边。")
            findings.append(Finding(FRAME_SHORT_OF_BLEED, WARNING, message, page, frame.id,
                                    fix=EXTEND_TO_BLEED if extendable else None))
    return findings


def _near_trim(line_rect: Rect, width_pt: float, height_pt: float, safety_pt: float) -> bool:
    return (line_rect.x_pt < safety_pt or line_rect.y_pt < safety_pt
            or line_rect.right_pt > width_pt - safety_pt or line_rect.bottom_pt > height_pt - safety_pt)


def _text_findings(layout: DocumentLayout, settings: PreflightSettings) -> list[Finding]:
    safety_pt = mm_to_pt(settings.trim_safety_mm)
    findings: list[Finding] = []
    for page in layout.pages:
        reported: set[str] = set()
        for line in page.lines:
            if line.frame_id in reported or line.end_offset <= line.start_offset:
                continue
            rect = Rect(line.left_pt, line.top_pt, line.right_pt - line.left_pt, line.height_pt)
            if _near_trim(rect, page.width_pt, page.height_pt, safety_pt):
                reported.add(line.frame_id)
                message = (f"第 {page.index + 1} 页有文字离裁切线不到 {settings.trim_safety_mm:g} 毫米，"
                           "裁切时可能被切掉。")
                findings.append(Finding(TEXT_NEAR_TRIM, WARNING, message, page.index + 1, line.frame_id,
                                        line.story_id))
    return findings


def _page_size_findings(doc: Document) -> list[Finding]:
    size = (doc.page_width_pt, doc.page_height_pt)
    for width_pt, height_pt in PAGE_SIZES_PT.values():
        for expected in ((width_pt, height_pt), (height_pt, width_pt)):
            if all(abs(have - want) <= _SIZE_TOLERANCE_PT for have, want in zip(size, expected, strict=True)):
                return []
    papers = "、".join(PAGE_SIZES_PT)
    message = (f"页面尺寸为 {pt_to_mm(size[0]):.0f} × {pt_to_mm(size[1]):.0f} 毫米，不是 {papers} 纸张："
               "请与印刷厂确认。")
    return [Finding(PAGE_SIZE, WARNING, message)]


def check(doc: Document, layout: DocumentLayout, settings: PreflightSettings) -> list[Finding]:
    """Frames off the page or short of the bleed, text near the trim, a page of another size."""
    return _frame_findings(doc, layout) + _text_findings(layout, settings) + _page_size_findings(doc)
