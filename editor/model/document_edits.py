"""Edits of the issue as a whole and of styles and captions (no Qt).

The panels and dialogs of the editor change these: the issue fields (刊名,
期号 …, which every field run shows), the paragraph styles (样式 panel), which
style a story's paragraphs use, and a photo's caption. Like
``editor.model.edits`` each function only returns reversible changes, and
keeps what it stores within the limits a project file is read by (texts
cleaned and cut, numbers in range, counts not exceeded).
"""

from __future__ import annotations

import dataclasses

from editor.model.changes import MISSING, Change, set_attr, set_item
from editor.model.document import Document
from editor.model.edits import new_id, replace_frames
from editor.model.frames import Caption, ImageFrame
from editor.model.limits import RUN_TEXT, clean_text, conform
from editor.model.story import Paragraph, Run, Story
from editor.model.styles import ParagraphStyle
from editor.model.totals import within_limits

#: The style a new caption gets when the issue has it (the house name).
CAPTION_STYLE = "图注"
#: Caption style names in order of preference (图片说明: projects made before the house styles).
CAPTION_STYLES = (CAPTION_STYLE, "图片说明")


def set_issue_fields(doc: Document, **fields: object) -> list[Change]:
    """Change issue fields (title, year, number, total_number, date, publisher)."""
    issue = conform(dataclasses.replace(doc.issue, **fields))
    return [] if issue == doc.issue else within_limits(doc, [set_attr(doc, "issue", issue)])


def define_paragraph_style(doc: Document, style: ParagraphStyle) -> list[Change]:
    """Add a paragraph style or replace the one of the same name; text using it reflows.

    A name longer than names may be is cut; nothing happens when the document
    already has all the styles it may.
    """
    style = conform(style)
    if doc.paragraph_styles.get(style.name) == style:
        return []
    return within_limits(doc, [set_item(doc.paragraph_styles, style.name, style)])


def apply_paragraph_style(doc: Document, story_ids: list[str], style_name: str) -> list[Change]:
    """Give every paragraph of the stories the named style."""
    if style_name not in doc.paragraph_styles:
        return []
    changes: list[Change] = []
    for story_id in dict.fromkeys(story_ids):
        story = doc.stories.get(story_id)
        if story is None or all(p.style == style_name for p in story.paragraphs):
            continue
        paragraphs = [dataclasses.replace(p, style=style_name) for p in story.paragraphs]
        changes.append(set_item(doc.stories, story_id, dataclasses.replace(story, paragraphs=paragraphs)))
    return changes


def _caption_style(doc: Document) -> str:
    named = next((name for name in CAPTION_STYLES if name in doc.paragraph_styles), None)
    return named or next(iter(doc.paragraph_styles), CAPTION_STYLE)


def plain_story_text(story: Story) -> str:
    """A story's literal text, one line per paragraph (fields left out)."""
    return "\n".join(p.plain_text() for p in story.paragraphs)


def set_caption_text(doc: Document, frame_id: str, text: str) -> list[Change]:
    """Set a photo's caption text, creating the caption below it if it has none.

    Each line becomes a paragraph; paragraphs keep the style the caption's
    first paragraph had. Empty text removes the caption and its story.
    """
    frame = doc.frame_by_id(frame_id)
    if not isinstance(frame, ImageFrame):
        return []
    text = clean_text(text, RUN_TEXT)
    lines = text.split("\n")
    if not text.strip():
        if frame.caption is None:
            return []
        changes = replace_frames(doc, [dataclasses.replace(frame, caption=None)])
        changes.append(set_item(doc.stories, frame.caption.story_id, MISSING))
        return changes
    changes: list[Change] = []
    caption = frame.caption
    if caption is None:
        caption = Caption(story_id=new_id(doc, "caption"))
        changes.extend(replace_frames(doc, [dataclasses.replace(frame, caption=caption)]))
    old = doc.stories.get(caption.story_id)
    style = old.paragraphs[0].style if old and old.paragraphs else _caption_style(doc)
    if old is not None and plain_story_text(old) == text and all(r.field is None for p in old.paragraphs for r in p.runs):
        return changes
    paragraphs = [Paragraph(style=style, runs=[Run(text=line)] if line else []) for line in lines]
    story = Story(id=caption.story_id, name=old.name if old else "图片说明", paragraphs=paragraphs)
    changes.insert(0, set_item(doc.stories, caption.story_id, story))
    return within_limits(doc, changes)


def set_caption_layout(doc: Document, frame_id: str, **fields: object) -> list[Change]:
    """Change where a caption sits (placement, gap_pt, extent_pt)."""
    frame = doc.frame_by_id(frame_id)
    if not isinstance(frame, ImageFrame) or frame.caption is None:
        return []
    caption = dataclasses.replace(frame.caption, **fields)
    if caption == frame.caption:
        return []
    return replace_frames(doc, [dataclasses.replace(frame, caption=caption)])
