"""What each page shows: its master's items, then its own frames.

Masters are resolved before anything is composed, into a document whose
pages hold every frame they show — so the engine, the PDF and the DOCX
backends see one plain list of frames per page, and a master item lands
in every output at the same place. A master frame drawn on a page becomes
an *instance* with the id ``<frame id>@<page id>``; its story is copied
per page under ``<story id>@<page id>``, so a 页码 or 版次 field in a
running head shows each page's own number and a master story never flows
from one page into the next. Instances are not in the user's document:
the canvas draws them but cannot select them.
"""

from __future__ import annotations

import dataclasses

from editor.model.document import INSTANCE_MARK, Document, Page
from editor.model.frames import Frame, ImageFrame, TextFrame, frame_story_ids
from editor.model.story import Story


def instance_id(item_id: str, page_id: str) -> str:
    """The id of master frame or story ``item_id`` as drawn on page ``page_id``."""
    return f"{item_id}{INSTANCE_MARK}{page_id}"


def is_instance(item_id: str) -> bool:
    """Whether an id in a layout names a master item's instance, not a frame of the document."""
    return INSTANCE_MARK in item_id


def master_item(item_id: str) -> str:
    """The master frame or story an instance id stands for (the id itself if it is none)."""
    return item_id.split(INSTANCE_MARK, 1)[0]


def _instance(frame: Frame, page_id: str) -> Frame:
    changes: dict[str, object] = {"id": instance_id(frame.id, page_id)}
    if isinstance(frame, TextFrame):
        changes["story_id"] = instance_id(frame.story_id, page_id)
        if frame.next_frame_id:
            changes["next_frame_id"] = instance_id(frame.next_frame_id, page_id)
    elif isinstance(frame, ImageFrame) and frame.caption is not None:
        changes["caption"] = dataclasses.replace(frame.caption, story_id=instance_id(frame.caption.story_id, page_id))
    return dataclasses.replace(frame, **changes)


def _copied_from(copy: Story, original: Story) -> bool:
    """Whether ``copy`` is ``original`` under an instance id (the same values, paragraphs and all)."""
    return vars(copy) | {"id": original.id} == vars(original)


def expand_masters(doc: Document, previous: Document | None = None) -> Document:
    """``doc`` with each page's master items, as instances, behind its own frames.

    A document without masters is returned as it is. The result shares
    every unchanged object with ``doc``: it is for reading (layout, export),
    never for editing. ``previous``, an expansion of ``doc`` made while its
    pages, masters, frames and story names were the very same (the editor's
    layout cache knows when), lends its pages and its copies of master stories
    that did not change, so relaying out after typing does not copy every
    page's master items again.
    """
    if not doc.masters:
        return doc
    master_stories = doc.master_story_ids()
    stories = {story_id: story for story_id, story in doc.stories.items() if story_id not in master_stories}
    if previous is not None:
        for story_id, copied in previous.stories.items():
            original = doc.stories.get(master_item(story_id)) if is_instance(story_id) else None
            if original is not None:
                stories[story_id] = (copied if _copied_from(copied, original)
                                     else dataclasses.replace(original, id=story_id))
        return dataclasses.replace(doc, pages=previous.pages, stories=stories)
    pages: list[Page] = []
    for page in doc.pages:
        copies = [_instance(frame, page.id) for frame in doc.shown_master_frames(page)]
        for copy in copies:
            for story_id in frame_story_ids(copy):
                original = doc.stories.get(master_item(story_id))
                if original is not None:
                    stories[story_id] = dataclasses.replace(original, id=story_id)
        pages.append(dataclasses.replace(page, frames=copies + page.frames))
    return dataclasses.replace(doc, pages=pages, stories=stories)

