"""Edits a user can make, as lists of reversible changes (no Qt).

Each function reads the document and returns the ``Change`` list that
would perform the edit; nothing changes until the caller applies it (the
editor wraps the list in an undo command). Keeping the edits here, pure,
lets tests check them without a screen, and keeps the undo rule simple:
apply forward to do, backward to undo.

Whatever enters the model here keeps the rules a project file is read by
(``editor.model.limits``): text is cleaned and names cut (``conform``),
numbers kept in range, and an edit that would take the document past a
count the loader refuses (pages, frames, characters …) is not made — it
returns no changes (``within_limits``). So every save opens again.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterable

from editor.model.changes import MISSING, Change, set_attr, set_item
from editor.model.document import Document, MasterPage, Page
from editor.model.frames import Frame, ImageFrame, TextFrame
from editor.model.limits import ID_TEXT, conform
from editor.model.story import Story
from editor.model.totals import within_limits

_counter = itertools.count(1)


def used_ids(doc: Document) -> set[str]:
    """Every id of a frame, story, page, master or master item in ``doc``."""
    used = {f.id for _, f in doc.frames_with_pages()} | set(doc.stories) | {p.id for p in doc.pages}
    return used | {m.id for m in doc.masters} | {f.id for m in doc.masters for f in m.frames}


def new_id(doc: Document, prefix: str) -> str:
    """An id not used by any frame, story, page or master of ``doc``."""
    used = used_ids(doc)
    while True:
        candidate = f"{prefix}-{next(_counter)}"
        if candidate not in used:
            return candidate


#: Between a master frame's id and the page's id in the id of a page's detached copy.
COPY_MARK = "~"


def detached_copy_id(doc: Document, master_frame_id: str, page: Page) -> str:
    """A free id for ``page``'s copy of a master item: ``<item>~<page>`` (numbered if taken)."""
    base = f"{master_frame_id}{COPY_MARK}{page.id}"
    candidate = base
    number = 1
    used = used_ids(doc)
    while len(candidate) > ID_TEXT.max_chars or candidate in used:
        number += 1
        candidate = f"{base}-{number}"
        if len(candidate) > ID_TEXT.max_chars:
            return new_id(doc, "frame")
    return candidate


def copy_of(page: Page, frame_id: str) -> str | None:
    """The master item that page frame ``frame_id`` is ``page``'s detached copy of, if it is one."""
    for item in page.detached:
        base = f"{item}{COPY_MARK}{page.id}"
        if frame_id == base or frame_id.startswith(f"{base}-"):
            return item
    return None


def locate(doc: Document, frame_id: str) -> tuple[Page | MasterPage, int]:
    """The page (or master) holding a frame and the frame's index in it."""
    for page in [*doc.pages, *doc.masters]:
        for index, frame in enumerate(page.frames):
            if frame.id == frame_id:
                return page, index
    raise KeyError(frame_id)


def find_frame(doc: Document, frame_id: str) -> Frame | None:
    """A page's frame or a master's: edits of geometry and settings reach master items too."""
    found = doc.master_frame_by_id(frame_id)
    return doc.frame_by_id(frame_id) or (found[1] if found else None)


def replace_frames(doc: Document, new_frames: Iterable[Frame]) -> list[Change]:
    """Put each given frame where the frame with its id is (same page, same stacking);
    its numbers are kept in range and its texts cleaned (``conform``)."""
    by_page: dict[int, list[Frame]] = {}
    pages: dict[int, Page | MasterPage] = {}
    for frame in new_frames:
        frame = conform(frame)
        page, index = locate(doc, frame.id)
        key = id(page)
        pages[key] = page
        frames = by_page.setdefault(key, list(page.frames))
        frames[index] = frame
    return [set_attr(pages[key], "frames", frames) for key, frames in by_page.items()]


def move_frames(doc: Document, offsets_pt: dict[str, tuple[float, float]]) -> list[Change]:
    """Move frames by (dx, dy) points each; locked frames stay."""
    moved = []
    for frame_id, (dx, dy) in offsets_pt.items():
        frame = find_frame(doc, frame_id)
        if frame is None or frame.locked:
            continue
        moved.append(dataclasses.replace(frame, x_pt=frame.x_pt + dx, y_pt=frame.y_pt + dy))
    return replace_frames(doc, moved)


def set_geometry(doc: Document, frame_id: str, x_pt: float, y_pt: float, width_pt: float,
                 height_pt: float) -> list[Change]:
    """Give a frame a new rectangle (sizes never below 1 pt)."""
    frame = find_frame(doc, frame_id)
    if frame is None or frame.locked:
        return []
    return replace_frames(doc, [dataclasses.replace(frame, x_pt=x_pt, y_pt=y_pt,
                                                    width_pt=max(width_pt, 1.0), height_pt=max(height_pt, 1.0))])


def update_frame(doc: Document, frame_id: str, **fields) -> list[Change]:
    """Change any fields of one frame (columns, insets, fit, caption, wrap, lock …)."""
    frame = find_frame(doc, frame_id)
    if frame is None:
        return []
    return replace_frames(doc, [dataclasses.replace(frame, **fields)])


def add_frame(doc: Document, page_index: int, frame: Frame, story: Story | None = None,
              assets: dict[str, bytes] | None = None, z_index: int | None = None) -> list[Change]:
    """Place a new frame (with its new story and photos, if any) on a page; nothing when
    the page, or the document, holds as many frames (or stories) as it may."""
    changes: list[Change] = []
    frame = conform(frame)
    if story is not None:
        story = conform(story)
        changes.append(set_item(doc.stories, story.id, story))
    for name, data in (assets or {}).items():
        if name not in doc.assets:
            changes.append(set_item(doc.assets, name, data))
    page = doc.pages[page_index]
    frames = list(page.frames)
    frames.insert(len(frames) if z_index is None else z_index, frame)
    changes.append(set_attr(page, "frames", frames))
    return within_limits(doc, changes)


def _threaded_predecessor(doc: Document, frame_id: str) -> TextFrame | None:
    for _, frame in doc.frames_with_pages():
        if isinstance(frame, TextFrame) and frame.next_frame_id == frame_id:
            return frame
    return None


def delete_frames(doc: Document, frame_ids: Iterable[str]) -> list[Change]:
    """Remove frames. A thread closes over a removed frame; a story left with no
    frame (and not a caption) goes too; photos no longer shown leave the file."""
    doomed = set(frame_ids)
    changes: list[Change] = []
    relinked: dict[str, Frame] = {}
    for frame_id in doomed:
        frame = doc.frame_by_id(frame_id)
        if not isinstance(frame, TextFrame):
            continue
        before = _threaded_predecessor(doc, frame_id)
        successor = frame.next_frame_id
        while successor in doomed:
            nxt = doc.frame_by_id(successor)
            successor = nxt.next_frame_id if isinstance(nxt, TextFrame) else None
        if before is not None and before.id not in doomed:
            relinked[before.id] = dataclasses.replace(relinked.get(before.id, before), next_frame_id=successor)
    if relinked:
        changes.extend(replace_frames(doc, relinked.values()))
    for page in doc.pages:
        frames = [relinked.get(f.id, f) for f in page.frames if f.id not in doomed]
        if len(frames) != len(page.frames):
            changes.append(set_attr(page, "frames", frames))
    remaining = [f for _, f in doc.frames_with_pages() if f.id not in doomed]
    remaining += [f for master in doc.masters for f in master.frames]  # master items keep theirs
    used_stories = {f.story_id for f in remaining if isinstance(f, TextFrame)}
    used_stories |= {f.caption.story_id for f in remaining if isinstance(f, ImageFrame) and f.caption}
    for story_id in doc.stories:
        if story_id not in used_stories:
            changes.append(set_item(doc.stories, story_id, MISSING))
    used_assets = {f.asset for f in remaining if isinstance(f, ImageFrame) and f.asset}
    for name in doc.assets:
        if name not in used_assets:
            changes.append(set_item(doc.assets, name, MISSING))
    return changes


def set_story(doc: Document, story: Story) -> list[Change]:
    """Replace a story's content (typing, pasting, style changes).

    Line breaks from other programs become "\\n", other control characters
    are dropped; text that would take the document past its limits of
    characters, runs or paragraphs is not taken at all.
    """
    return within_limits(doc, [set_item(doc.stories, story.id, conform(story))])


def restack(doc: Document, frame_id: str, step: int) -> list[Change]:
    """Bring a frame forward (step > 0) or send it back (step < 0); ±1000 = to front/back."""
    page, index = locate(doc, frame_id)
    frames = list(page.frames)
    frame = frames.pop(index)
    target = max(0, min(len(frames), index + step))
    frames.insert(target, frame)
    return [] if target == index else [set_attr(page, "frames", frames)]


def link_frames(doc: Document, from_id: str, to_id: str) -> list[Change]:
    """Thread ``to_id`` after ``from_id``: its story's text is appended to the thread's.

    As in InDesign, linking a frame that holds text merges the two stories;
    linking to a frame already in the same thread is refused (no cycles).
    """
    source = doc.frame_by_id(from_id)
    target = doc.frame_by_id(to_id)
    if not isinstance(source, TextFrame) or not isinstance(target, TextFrame) or from_id == to_id:
        return []
    if target.story_id == source.story_id:
        return []
    if _threaded_predecessor(doc, to_id) is not None:
        return []  # the target is the middle of another thread
    story = doc.stories[source.story_id]
    other = doc.stories.get(target.story_id)
    target_chain = doc.story_frames(target.story_id)
    changes: list[Change] = []
    if other is not None and any(p.runs for p in other.paragraphs):
        merged = dataclasses.replace(story, paragraphs=list(story.paragraphs) + list(other.paragraphs))
        changes.append(set_item(doc.stories, story.id, merged))
    if other is not None:
        changes.append(set_item(doc.stories, other.id, MISSING))
    old_next = source.next_frame_id
    chain_ids = [f.id for f in target_chain]
    updated = {f.id: dataclasses.replace(f, story_id=source.story_id) for f in target_chain}
    last = updated[chain_ids[-1]] if chain_ids else updated[to_id]
    updated[last.id] = dataclasses.replace(last, next_frame_id=old_next)
    updated[from_id] = dataclasses.replace(source, next_frame_id=to_id)
    changes[:0] = replace_frames(doc, updated.values())
    return changes


def unlink_after(doc: Document, frame_id: str) -> list[Change]:
    """Break the thread after a frame; the frames after it get a new, empty story
    and the text flows back into what is left (it may become overset)."""
    frame = doc.frame_by_id(frame_id)
    if not isinstance(frame, TextFrame) or frame.next_frame_id is None:
        return []
    chain = doc.story_frames(frame.story_id)
    ids = [f.id for f in chain]
    tail = chain[ids.index(frame_id) + 1:]
    story_id = new_id(doc, "story")
    changes = replace_frames(doc, [dataclasses.replace(frame, next_frame_id=None)]
                             + [dataclasses.replace(f, story_id=story_id) for f in tail])
    changes.insert(0, set_item(doc.stories, story_id, Story(id=story_id)))
    return within_limits(doc, changes)


def add_page(doc: Document, index: int, page: Page | None = None) -> list[Change]:
    """Insert a page (unless given, an empty one on the master of the page it follows, as in
    InDesign); nothing when the document has all it may."""
    pages = list(doc.pages)
    if page is None:
        neighbour = pages[index - 1] if 0 < index <= len(pages) else (pages[0] if pages else None)
        page = Page(id=new_id(doc, "page"), master_id=neighbour.master_id if neighbour is not None else None)
    pages.insert(index, page)
    return within_limits(doc, [set_attr(doc, "pages", pages)])


def delete_page(doc: Document, index: int) -> list[Change]:
    """Remove a page and its frames (threads close over them)."""
    ids = [f.id for f in doc.pages[index].frames]
    changes = delete_frames(doc, ids)
    pages = [p for i, p in enumerate(doc.pages) if i != index]
    changes.append(set_attr(doc, "pages", pages))
    return changes


def move_page(doc: Document, from_index: int, to_index: int) -> list[Change]:
    pages = list(doc.pages)
    page = pages.pop(from_index)
    pages.insert(max(0, min(len(pages), to_index)), page)
    return [set_attr(doc, "pages", pages)]


def duplicate_page(doc: Document, index: int) -> list[Change]:
    """A copy of a page after it: frames and their stories are copied, threads
    inside the page are kept, threads leaving the page are cut."""
    source = doc.pages[index]
    page_id = new_id(doc, "page")
    # A copy of a master item (覆盖母版项目) is named for the new page, so it can be restored there too.
    frame_ids = {f.id: (detached_copy_id(doc, item, Page(id=page_id)) if (item := copy_of(source, f.id)) else
                        new_id(doc, "frame")) for f in source.frames}
    story_ids: dict[str, str] = {}
    stories: list[Story] = []

    def copy_story(story_id: str) -> str:
        if story_id not in story_ids:
            fresh = new_id(doc, "story")
            while fresh in frame_ids.values():
                fresh = new_id(doc, "story")
            story_ids[story_id] = fresh
            original = doc.stories.get(story_id, Story(id=story_id))
            stories.append(dataclasses.replace(_deep_story(original), id=fresh))
        return story_ids[story_id]

    frames: list[Frame] = []
    for frame in source.frames:
        fields: dict = {"id": frame_ids[frame.id]}
        if isinstance(frame, TextFrame):
            fields["story_id"] = copy_story(frame.story_id)
            fields["next_frame_id"] = frame_ids.get(frame.next_frame_id) if frame.next_frame_id else None
        if isinstance(frame, ImageFrame) and frame.caption is not None:
            fields["caption"] = dataclasses.replace(frame.caption, story_id=copy_story(frame.caption.story_id))
        frames.append(dataclasses.replace(frame, **fields))
    page = Page(id=page_id, frames=frames, master_id=source.master_id, detached=list(source.detached))
    pages = list(doc.pages)
    pages.insert(index + 1, page)
    changes: list[Change] = [set_item(doc.stories, s.id, s) for s in stories]
    changes.append(set_attr(doc, "pages", pages))
    return within_limits(doc, changes)


def _deep_story(story: Story) -> Story:
    import copy

    return copy.deepcopy(story)


def replace_photo(doc: Document, frame_id: str, asset: str, data: bytes) -> list[Change]:
    """Show another photo in a photo frame: the fit mode stays, zoom and pan start afresh,
    and the old photo leaves the file if no other frame shows it (a dropped photo on a frame)."""
    frame = doc.frame_by_id(frame_id)
    if not isinstance(frame, ImageFrame) or frame.locked:
        return []
    changes: list[Change] = []
    if asset not in doc.assets:
        changes.append(set_item(doc.assets, asset, data))
    changes += replace_frames(doc, [dataclasses.replace(frame, asset=asset, zoom=1.0, offset_x_pt=0.0,
                                                        offset_y_pt=0.0)])
    old = frame.asset
    everywhere = [f for _, f in doc.frames_with_pages()] + [f for master in doc.masters for f in master.frames]
    if old and old != asset and not any(
        isinstance(f, ImageFrame) and f.asset == old and f.id != frame_id for f in everywhere
    ):  # a master's logo may show the same photo: it stays in the file then
        changes.append(set_item(doc.assets, old, MISSING))
    return within_limits(doc, changes)


def move_frame_to_page(doc: Document, frame_id: str, page_index: int, x_pt: float, y_pt: float) -> list[Change]:
    """Put a frame on another page at (x, y) of that page, in front, as when it is dragged
    there; threads and captions go with it (they refer to frames by id, not by page)."""
    frame = doc.frame_by_id(frame_id)
    if frame is None or frame.locked:
        return []
    source, _ = locate(doc, frame_id)
    target = doc.pages[page_index]
    moved = conform(dataclasses.replace(frame, x_pt=x_pt, y_pt=y_pt))
    if target is source:
        return replace_frames(doc, [moved])
    remaining = [f for f in source.frames if f.id != frame_id]
    return within_limits(doc, [set_attr(source, "frames", remaining),
                               set_attr(target, "frames", list(target.frames) + [moved])])
