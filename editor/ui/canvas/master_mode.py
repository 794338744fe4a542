"""Which frames a click on a page reaches: the page's own, or the items of the master being edited.

Master items are drawn on every page built on their master (as instances
in the display list, ``editor.layout.masters``) but are not in the page's
``frames``, so on a page they are never hit, selected, dragged or typed
in. While a master is being edited (编辑母版, ``controller.editing_master_id``),
it is the other way round: a click on any page built on that master
reaches the master's own frame objects (drawn there at the same place)
and not the page's frames, and every move, resize or setting changes the
master — so each page using it follows, in one undo step, as in InDesign.
Tools and gestures ask ``hit_page`` instead of reading ``doc.pages``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from editor.layout.masters import instance_id
from editor.model import edits, master_edits
from editor.model.changes import Change
from editor.model.document import Document, Page
from editor.model.frames import Frame, ImageFrame, TextFrame, frame_story_ids
from editor.model.story import Story

if TYPE_CHECKING:
    from editor.ui.canvas.surface import CanvasDocument


@dataclass(frozen=True)
class MasterItems:
    """The master items a page shows, as a click on it reaches them while the master is edited."""

    frames: list[Frame] = field(default_factory=list)


def hit_page(controller: CanvasDocument, page_index: int) -> Page | MasterItems:
    """What a click on page ``page_index`` can hit: something with the ``frames``, back to front."""
    page = controller.doc.pages[page_index]
    master_id = controller.editing_master_id
    if master_id is None:
        return page
    if page.master_id != master_id:
        return MasterItems()
    return MasterItems(controller.doc.shown_master_frames(page))


def reaches(controller: CanvasDocument, frame_id: str, page_index: int) -> bool:
    """Whether frame ``frame_id`` can be grabbed (its handles, say) on page ``page_index``."""
    return any(frame.id == frame_id for frame in hit_page(controller, page_index).frames)


def editing_label(controller: CanvasDocument, page_index: int) -> str:
    """「母版 B-内页」 on the label of a page built on the master being edited; "" otherwise."""
    master = controller.doc.master_by_id(controller.editing_master_id)
    if master is None or controller.doc.pages[page_index].master_id != master.id:
        return ""
    return f"母版 {master.name or master.id}"


def add_frame_changes(controller: CanvasDocument, page_index: int, frame: Frame,
                      story: Story | None) -> list[Change]:
    """A frame drawn on a page: the page's own, or an item of the master being edited."""
    doc = controller.doc
    if controller.editing_master_id is None:
        return edits.add_frame(doc, page_index, frame, story=story)
    if doc.pages[page_index].master_id != controller.editing_master_id:
        return []
    return master_edits.add_master_frame(doc, controller.editing_master_id, frame, story)


#: Said when 删除 meets locked frames: they stay, as InDesign and 方正飞腾 keep a locked object.
LOCKED_NOT_DELETED = "已锁定的框没有删除：要删除，先解除锁定（排列 → 解除锁定，Ctrl+Alt+L）。"


def delete_changes(controller: CanvasDocument, frame_ids: list[str]) -> list[Change]:
    """Delete selected frames: a page's, or the edited master's items — never a locked one
    (``locked_among`` names them for the message)."""
    locked = locked_among(controller, frame_ids)
    unlocked = [frame_id for frame_id in frame_ids if frame_id not in locked]
    if not unlocked:
        return []
    if controller.editing_master_id is None:
        return edits.delete_frames(controller.doc, unlocked)
    return master_edits.delete_master_frames(controller.doc, unlocked)


def locked_among(controller: CanvasDocument, frame_ids: list[str]) -> set[str]:
    """The locked frames among ``frame_ids`` (a page's frames, or the edited master's items)."""
    doc = controller.doc
    if controller.editing_master_id is None:
        frames = (doc.frame_by_id(frame_id) for frame_id in frame_ids)
    else:
        master = doc.master_by_id(controller.editing_master_id)
        by_id = {f.id: f for f in master.frames} if master is not None else {}
        frames = (by_id.get(frame_id) for frame_id in frame_ids)
    return {frame.id for frame in frames if frame is not None and frame.locked}


def master_story_frame_ids(doc: Document, story_id: str, page_id: str) -> set[str]:
    """The frames a master's story is drawn in on page ``page_id``, by their ids in the layout."""
    page = next((p for p in doc.pages if p.id == page_id), None)
    if page is None:
        return set()
    return {instance_id(f.id, page_id) for f in doc.shown_master_frames(page)
            if story_id in frame_story_ids(f)}


def master_text_page(controller: CanvasDocument, frame_id: str, page_index: int) -> str | None:
    """Where the text of master frame ``frame_id`` is typed while its master is edited: page
    ``page_index`` if it shows the frame, else the first page that does; None if none (or if
    the frame is not an item of the master being edited)."""
    doc = controller.doc
    candidates = [page_index] + list(range(len(doc.pages))) if 0 <= page_index < len(doc.pages) else []
    for index in candidates:
        if reaches(controller, frame_id, index):
            return doc.pages[index].id
    return None


def editable_story(controller: CanvasDocument, frame_id: str, page_index: int) -> tuple[str, str | None] | None:
    """(story id, the page id a master's story is typed on, else None) for a click into frame
    ``frame_id`` on page ``page_index``: a text frame's story or a photo's caption; None if it has none.
    A master's frame has its story edited only while its master is edited, on a page showing it."""
    doc = controller.doc
    frame = doc.frame_by_id(frame_id)
    shown_on = None
    if frame is None:
        shown_on = master_text_page(controller, frame_id, page_index)
        frame = edits.find_frame(doc, frame_id) if shown_on is not None else None
    if isinstance(frame, TextFrame):
        story_id = frame.story_id
    elif isinstance(frame, ImageFrame) and frame.caption is not None:
        story_id = frame.caption.story_id
    else:
        return None
    return (story_id, shown_on) if story_id in doc.stories else None
