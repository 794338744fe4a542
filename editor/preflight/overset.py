"""溢出: a story with text left over after its last frame — the one problem never to print.

The finding names the story and the page of its last frame, which 跳转
selects; 修复 makes that frame taller (``fixes.fit_frame_to_text``) when it
is a page's own, unlocked text frame.
"""

from __future__ import annotations

from editor.layout.display import DocumentLayout
from editor.model.document import Document
from editor.model.frames import TextFrame
from editor.model.labels import story_label
from editor.preflight.findings import ERROR, FIT_FRAME_TO_TEXT, OVERSET, Finding, PreflightSettings
from editor.preflight.places import fixable, laid_out, page_numbers


def check(doc: Document, layout: DocumentLayout, settings: PreflightSettings) -> list[Finding]:
    """One error per overset story, at its last frame."""
    shown = laid_out(doc, layout)
    pages = page_numbers(doc, layout)
    findings: list[Finding] = []
    for story_id in layout.overset_story_ids:
        story = layout.stories[story_id]
        last_id = story.frame_ids[-1] if story.frame_ids else None
        page = pages.get(last_id) if last_id is not None else None
        last = shown.frame_by_id(last_id) if last_id is not None else None
        where = f"第 {page} 页" if page is not None else "版面上"
        message = (f"文章“{story_label(shown, story_id)}”排不下：{where}的最后一个框之后还有 "
                   f"{story.overset_char_count} 个字没有排入。")
        fix = FIT_FRAME_TO_TEXT if isinstance(last, TextFrame) and fixable(last) else None
        findings.append(Finding(OVERSET, ERROR, message, page, last_id, story_id, fix))
    return findings
