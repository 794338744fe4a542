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


def expand_page(doc: Document, page: Page) -> tuple[Page, dict[str, Story]]:
    """``page`` with its master's items, as instances, behind its own frames, and the copies of
    the master stories those instances show (by instance id, in the order they are shown).

    A page of a document without masters is itself. The layout cache expands only the pages
    whose frames, master or detachments changed, with this, and keeps the others."""
    if not doc.masters:
        return page, {}
    copies = [_instance(frame, page.id) for frame in doc.shown_master_frames(page)]
    stories: dict[str, Story] = {}
    for copy in copies:
        for story_id in frame_story_ids(copy):
            original = doc.stories.get(master_item(story_id))
            if original is not None:
                stories[story_id] = dataclasses.replace(original, id=story_id)
    return dataclasses.replace(page, frames=copies + page.frames), stories


def expanded_document(doc: Document, pages: list[Page], copies: list[dict[str, Story]]) -> Document:
    """``doc`` with ``pages`` (``expand_page`` of each of its pages) and the master story copies they
    show: the stories of the issue in their order, then each page's copies, pages in order."""
    if not doc.masters:
        return doc
    master_stories = doc.master_story_ids()
    stories = {story_id: story for story_id, story in doc.stories.items() if story_id not in master_stories}
    for shown in copies:
        stories.update(shown)
    return dataclasses.replace(doc, pages=pages, stories=stories)


def expand_masters(doc: Document) -> Document:
    """``doc`` with each page's master items, as instances, behind its own frames.

    A document without masters is returned as it is. The result shares
    every unchanged object with ``doc``: it is for reading (layout, export),
    never for editing.
    """
    if not doc.masters:
        return doc
    expanded = [expand_page(doc, page) for page in doc.pages]
    return expanded_document(doc, [page for page, _ in expanded], [copies for _, copies in expanded])
