"""Empty frames: a text frame no line of text reached, a photo frame with no photo.

Both print as nothing (the canvas's grey cross and blue outline are for the
screen only), so a page may go out with a hole where an article or a photo
was meant to be. Rules and boxes are drawn for themselves and never empty.
"""

from __future__ import annotations

from editor.layout.display import DocumentLayout
from editor.model.document import Document
from editor.model.frames import ImageFrame, TextFrame
from editor.preflight.findings import FRAME_EMPTY, WARNING, Finding, PreflightSettings
from editor.preflight.places import frames_on_pages


def _frames_with_text(layout: DocumentLayout) -> set[str]:
    return {line.frame_id for page in layout.pages for line in page.lines if line.end_offset > line.start_offset}


def check(doc: Document, layout: DocumentLayout, settings: PreflightSettings) -> list[Finding]:
    """One warning per empty text or photo frame."""
    with_text = _frames_with_text(layout)
    findings: list[Finding] = []
    for page, frame in frames_on_pages(doc, layout):
        if isinstance(frame, TextFrame) and frame.id not in with_text:
            findings.append(Finding(FRAME_EMPTY, WARNING, f"第 {page} 页有一个没有文字的文本框。", page, frame.id,
                                    frame.story_id))
        elif isinstance(frame, ImageFrame) and frame.asset is None:
            findings.append(Finding(FRAME_EMPTY, WARNING, f"第 {page} 页有一个没有放图片的图片框。", page, frame.id))
    return findings
