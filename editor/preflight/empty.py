"""Empty frames: a text frame no line of text reached, a photo frame with no photo.

Both print as nothing (the canvas's grey cross and blue outline are for the
screen only), so a page may go out with a hole where an article or a photo
was meant to be. Rules and boxes are drawn for themselves and never empty.
A photo frame's caption still prints: when it is a placeholder (▲图为……,
as 新建下一期 and the templates leave it) the one finding says so, since
the photo and its caption are filled, or the frame deleted, together
(``placeholders`` leaves such captions to this check).
"""

from __future__ import annotations

from editor.layout.display import DocumentLayout
from editor.model.document import Document
from editor.model.frames import ImageFrame, TextFrame
from editor.preflight.findings import FRAME_EMPTY, WARNING, Finding, PreflightSettings
from editor.preflight.placeholders import placeholder_lines, quoted
from editor.preflight.places import frames_on_pages


def _frames_with_text(layout: DocumentLayout) -> set[str]:
    return {line.frame_id for page in layout.pages for line in page.lines if line.end_offset > line.start_offset}


def _caption_placeholders(doc: Document, layout: DocumentLayout) -> dict[str, list[str]]:
    """Photo frame id → the placeholders its caption shows (only frames with any)."""
    found: dict[str, list[str]] = {}
    for placeholder in placeholder_lines(doc, layout):
        found.setdefault(placeholder.line.frame_id, []).append(placeholder.text)
    return found


def _empty_photo(page: int, frame: ImageFrame, placeholders: list[str]) -> Finding:
    if not placeholders:
        return Finding(FRAME_EMPTY, WARNING, f"第 {page} 页有一个没有放图片的图片框。", page, frame.id)
    message = (f"第 {page} 页有一个没有放图片的图片框，图片说明还是占位文字{quoted(placeholders)}，"
               "导出和打印时会印出来。请放入图片并填写说明，或删去这个图片框。")
    return Finding(FRAME_EMPTY, WARNING, message, page, frame.id,
                   frame.caption.story_id if frame.caption is not None else None)


def check(doc: Document, layout: DocumentLayout, settings: PreflightSettings) -> list[Finding]:
    """One warning per empty text or photo frame (a photo frame's placeholder caption named in it)."""
    with_text = _frames_with_text(layout)
    captions: dict[str, list[str]] | None = None
    findings: list[Finding] = []
    for page, frame in frames_on_pages(doc, layout):
        if isinstance(frame, TextFrame) and frame.id not in with_text:
            findings.append(Finding(FRAME_EMPTY, WARNING, f"第 {page} 页有一个没有文字的文本框。", page, frame.id,
                                    frame.story_id))
        elif isinstance(frame, ImageFrame) and frame.asset is None:
            if captions is None:  # read only when a frame is empty
                captions = _caption_placeholders(doc, layout)
            findings.append(_empty_photo(page, frame, captions.get(frame.id, [])))
    return findings
