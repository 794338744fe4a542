"""Copy and paste of frames as a *snippet*: a small Document of one page (no Qt).

Copying takes the chosen frames together with everything they need to stand
on their own — their stories, captions, photos, and the styles and colour
swatches those use — and puts them on one page of a new ``Document``. That
makes the clipboard format simply a project file's ``document.json`` (plus
the photos), so pasting goes through the same strict decoding as opening a
file, and a snippet pasted into another issue or another running editor
keeps its look.

Threads are kept between copied frames; a thread leaving the copy is cut.
A story copied from the middle of a thread is copied whole, as InDesign
does. Pasting gives every frame and story a fresh id.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Sequence

from editor.model.changes import Change, set_attr, set_item
from editor.model.document import Document, Page
from editor.model.edits import new_id
from editor.model.frames import Frame, ImageFrame, TextFrame
from editor.model.story import Story
from editor.model.totals import within_limits


def _story_ids(frames: Sequence[Frame]) -> list[str]:
    ids: list[str] = []
    for frame in frames:
        if isinstance(frame, TextFrame):
            ids.append(frame.story_id)
        if isinstance(frame, ImageFrame) and frame.caption is not None:
            ids.append(frame.caption.story_id)
    return list(dict.fromkeys(ids))


def _used_styles(stories: Sequence[Story]) -> tuple[set[str], set[str]]:
    paragraph_styles = {p.style for s in stories for p in s.paragraphs}
    character_styles = {r.char_style for s in stories for p in s.paragraphs for r in p.runs if r.char_style}
    return paragraph_styles, character_styles


def extract_snippet(doc: Document, frame_ids: Sequence[str]) -> Document | None:
    """A one-page Document holding copies of the frames (back to front) and all they use.

    None when none of the ids names a frame.
    """
    wanted = set(frame_ids)
    frames = [copy.deepcopy(f) for _, f in doc.frames_with_pages() if f.id in wanted]
    if not frames:
        return None
    kept_ids = {f.id for f in frames}
    frames = [
        dataclasses.replace(f, next_frame_id=None)
        if isinstance(f, TextFrame) and f.next_frame_id not in kept_ids else f
        for f in frames
    ]
    stories = {sid: copy.deepcopy(doc.stories.get(sid, Story(id=sid))) for sid in _story_ids(frames)}
    paragraph_names, character_names = _used_styles(list(stories.values()))
    assets = {f.asset: doc.assets[f.asset] for f in frames
              if isinstance(f, ImageFrame) and f.asset and f.asset in doc.assets}
    return Document(
        page_width_pt=doc.page_width_pt,
        page_height_pt=doc.page_height_pt,
        margins=copy.deepcopy(doc.margins),
        bleed_pt=doc.bleed_pt,
        issue=copy.deepcopy(doc.issue),
        colors=dict(doc.colors),
        paragraph_styles={n: copy.deepcopy(s) for n, s in doc.paragraph_styles.items() if n in paragraph_names},
        character_styles={n: copy.deepcopy(s) for n, s in doc.character_styles.items() if n in character_names},
        stories=stories,
        pages=[Page(id="snippet", frames=frames)],
        assets=assets,
    )


def paste_snippet(doc: Document, page_index: int, snippet: Document,
                  offset_pt: tuple[float, float] = (0.0, 0.0)) -> tuple[list[Change], list[str]]:
    """Changes that place a snippet's frames on a page (moved by ``offset_pt``),
    and the new frames' ids, to select them.

    Styles and swatches the document lacks are added; ones it has keep the
    document's definition (pasting never restyles the issue).
    """
    if not snippet.pages:
        return [], []
    source = snippet.pages[0].frames
    taken: set[str] = set()

    def fresh(prefix: str) -> str:
        while True:
            candidate = new_id(doc, prefix)
            if candidate not in taken:
                taken.add(candidate)
                return candidate

    frame_ids = {f.id: fresh("frame") for f in source}
    story_ids = {sid: fresh("story") for sid in _story_ids(source)}
    changes: list[Change] = []
    for name, value in snippet.colors.items():
        if name not in doc.colors:
            changes.append(set_item(doc.colors, name, value))
    for name, style in snippet.paragraph_styles.items():
        if name not in doc.paragraph_styles:
            changes.append(set_item(doc.paragraph_styles, name, copy.deepcopy(style)))
    for name, cstyle in snippet.character_styles.items():
        if name not in doc.character_styles:
            changes.append(set_item(doc.character_styles, name, copy.deepcopy(cstyle)))
    for old_id, new_story_id in story_ids.items():
        story = snippet.stories.get(old_id, Story(id=old_id))
        changes.append(set_item(doc.stories, new_story_id, dataclasses.replace(copy.deepcopy(story), id=new_story_id)))
    for name, data in snippet.assets.items():
        if name not in doc.assets:
            changes.append(set_item(doc.assets, name, data))
    dx, dy = offset_pt
    new_frames: list[Frame] = []
    for frame in source:
        fields: dict = {"id": frame_ids[frame.id], "x_pt": frame.x_pt + dx, "y_pt": frame.y_pt + dy}
        if isinstance(frame, TextFrame):
            fields["story_id"] = story_ids[frame.story_id]
            fields["next_frame_id"] = frame_ids.get(frame.next_frame_id) if frame.next_frame_id else None
        if isinstance(frame, ImageFrame) and frame.caption is not None:
            fields["caption"] = dataclasses.replace(frame.caption, story_id=story_ids[frame.caption.story_id])
        new_frames.append(dataclasses.replace(copy.deepcopy(frame), **fields))
    page = doc.pages[page_index]
    frames = list(page.frames) + new_frames
    changes.append(set_attr(page, "frames", frames))
    changes = within_limits(doc, changes)  # a paste past the document's limits is not made
    return changes, [f.id for f in new_frames] if changes else []
