"""Edits of master pages (母版), as lists of reversible changes (no Qt).

The 母版 panel, the 页面 panel's 应用母版 menu and the canvas (覆盖母版项目,
恢复母版项目, moving a master item while a master is being edited) change
masters through these. Like ``editor.model.edits`` each function only
returns changes; applied backward they give back the very objects that
were there, so one undo step takes back the whole edit. Moving, resizing
or changing a master's frame goes through ``edits.move_frames``,
``edits.set_geometry`` and ``edits.update_frame``, which find master frames
too: the master item moves on every page built on it at once.

A detached item (覆盖母版项目) is a copy of the master frame among the
page's own frames, named ``<master frame id>~<page id>`` (see
``detached_copy_id``), so 恢复母版项目 knows which frame to take away.
"""

from __future__ import annotations

import copy
import dataclasses

from editor.model.changes import MISSING, Change, set_attr, set_item
from editor.model.document import Document, MasterPage, PageGrid
from editor.model.edits import copy_of, delete_frames, detached_copy_id, new_id
from editor.model.frames import Frame, ImageFrame, Insets, TextFrame, frame_story_ids
from editor.model.limits import conform
from editor.model.story import Story
from editor.model.totals import within_limits


def set_page_master(doc: Document, page_index: int, master_id: str | None) -> list[Change]:
    """Build a page on another master (None: a plain page); detached ids of the old master go."""
    page = doc.pages[page_index]
    if (master_id is not None and doc.master_by_id(master_id) is None) or page.master_id == master_id:
        return []
    master = doc.master_by_id(master_id)
    kept_ids = {f.id for f in master.frames} if master is not None else set()
    changes: list[Change] = [set_attr(page, "master_id", master_id)]
    detached = [item for item in page.detached if item in kept_ids]
    if detached != page.detached:
        changes.append(set_attr(page, "detached", detached))
    # The master's items count on the page: a page already full would make a file that will not open.
    return within_limits(doc, changes)


def add_master(doc: Document, name: str, margins: Insets | None = None, grid: PageGrid | None = None) -> list[Change]:
    """A new, empty master at the end of the list (margins from the document unless given)."""
    master = conform(MasterPage(id=new_id(doc, "master"), name=name,
                                margins=copy.deepcopy(margins or doc.margins), grid=grid or PageGrid()))
    return within_limits(doc, [set_attr(doc, "masters", [*doc.masters, master])])


def rename_master(doc: Document, master_id: str, name: str) -> list[Change]:
    master = doc.master_by_id(master_id)
    name = conform(dataclasses.replace(master, name=name)).name if master is not None else name
    return [] if master is None or master.name == name else [set_attr(master, "name", name)]


def set_master_margins(doc: Document, master_id: str, margins: Insets) -> list[Change]:
    master = doc.master_by_id(master_id)
    margins = conform(margins)
    return [] if master is None or master.margins == margins else [set_attr(master, "margins", margins)]


def set_master_grid(doc: Document, master_id: str, grid: PageGrid) -> list[Change]:
    """Change a master's columns, gutter or baseline grid (the guides of its pages)."""
    master = doc.master_by_id(master_id)
    grid = conform(grid)
    return [] if master is None or master.grid == grid else [set_attr(master, "grid", grid)]


def delete_master(doc: Document, master_id: str) -> list[Change]:
    """Remove a master; its pages become plain pages (their own frames and detached copies stay)."""
    master = doc.master_by_id(master_id)
    if master is None:
        return []
    changes: list[Change] = []
    for page in doc.pages:
        if page.master_id == master_id:
            changes.append(set_attr(page, "master_id", None))
            if page.detached:
                changes.append(set_attr(page, "detached", []))
    changes += _forget_items(doc, master, master.frames)
    changes.append(set_attr(doc, "masters", [m for m in doc.masters if m is not master]))
    return changes


def add_master_frame(doc: Document, master_id: str, frame: Frame, story: Story | None = None,
                     assets: dict[str, bytes] | None = None) -> list[Change]:
    """Put a new item (running head, rule, logo …) in front on a master: every page of it shows it."""
    master = doc.master_by_id(master_id)
    if master is None:
        return []
    changes: list[Change] = []
    if story is not None:
        changes.append(set_item(doc.stories, story.id, conform(story)))
    for name, data in (assets or {}).items():
        if name not in doc.assets:
            changes.append(set_item(doc.assets, name, data))
    changes.append(set_attr(master, "frames", [*master.frames, conform(frame)]))
    return within_limits(doc, changes)


def delete_master_frames(doc: Document, frame_ids: list[str]) -> list[Change]:
    """Remove items from their masters (and from pages' detached lists); their stories go too."""
    doomed = set(frame_ids)
    changes: list[Change] = []
    for master in doc.masters:
        gone = [f for f in master.frames if f.id in doomed]
        if gone:
            changes.append(set_attr(master, "frames", [f for f in master.frames if f.id not in doomed]))
            changes += _forget_items(doc, master, gone)
    for page in doc.pages:
        if any(item in doomed for item in page.detached):
            changes.append(set_attr(page, "detached", [i for i in page.detached if i not in doomed]))
    return changes


def _forget_items(doc: Document, master: MasterPage, frames: list[Frame]) -> list[Change]:
    """Remove the stories of ``frames`` (master stories belong to one master) and photos no one shows."""
    gone = {id(f) for f in frames}
    still_used = {story_id for m in doc.masters for f in m.frames if id(f) not in gone
                  for story_id in frame_story_ids(f)}  # e.g. a second frame threaded on the story
    changes: list[Change] = [set_item(doc.stories, story_id, MISSING)
                             for frame in frames for story_id in frame_story_ids(frame)
                             if story_id in doc.stories and story_id not in still_used]
    shown = [f for _, f in doc.frames_with_pages()]
    shown += [f for m in doc.masters for f in m.frames if id(f) not in gone]
    used_assets = {f.asset for f in shown if isinstance(f, ImageFrame) and f.asset}
    for frame in frames:
        if isinstance(frame, ImageFrame) and frame.asset and frame.asset not in used_assets \
                and frame.asset in doc.assets:
            used_assets.add(frame.asset)  # once
            changes.append(set_item(doc.assets, frame.asset, MISSING))
    return changes


def detach_item(doc: Document, page_index: int, master_frame_id: str) -> list[Change]:
    """覆盖母版项目: the page gets its own copy of a master item (with a copy of its story) at the
    same place, behind its other frames, and no longer shows the master's."""
    page = doc.pages[page_index]
    master = doc.master_of(page)
    frame = next((f for f in master.frames if f.id == master_frame_id), None) if master is not None else None
    if frame is None or master_frame_id in page.detached:
        return []
    fields: dict[str, object] = {"id": detached_copy_id(doc, master_frame_id, page)}
    changes: list[Change] = []
    for story_id in frame_story_ids(frame):
        fresh = new_id(doc, "story")
        original = doc.stories.get(story_id, Story(id=story_id))
        # The copy is still the design's (a running head, a standing line): 新建下一期 keeps it.
        changes.append(set_item(doc.stories, fresh, dataclasses.replace(copy.deepcopy(original), id=fresh,
                                                                        fixed=True)))
        if isinstance(frame, TextFrame):
            fields.update(story_id=fresh, next_frame_id=None)
        else:
            fields["caption"] = dataclasses.replace(frame.caption, story_id=fresh)
    copied = conform(dataclasses.replace(frame, **fields))
    changes.append(set_attr(page, "frames", [copied, *page.frames]))
    changes.append(set_attr(page, "detached", [*page.detached, master_frame_id]))
    return within_limits(doc, changes)


def reattach_item(doc: Document, page_index: int, frame_id: str) -> list[Change]:
    """恢复母版项目: take away the page's copy (``frame_id`` is the copy or the master item) and
    show the master's item again."""
    page = doc.pages[page_index]
    item = frame_id if frame_id in page.detached else copy_of(page, frame_id)
    if item is None:
        return []
    copies = [f.id for f in page.frames if copy_of(page, f.id) == item]
    changes = delete_frames(doc, copies) if copies else []
    changes.append(set_attr(page, "detached", [i for i in page.detached if i != item]))
    return changes


def pages_using(doc: Document, master_id: str) -> list[int]:
    """Indexes of the pages built on a master (what the 母版 panel counts)."""
    return [index for index, page in enumerate(doc.pages) if page.master_id == master_id]


def next_master_name(doc: Document) -> str:
    """A name for a new master as InDesign gives them, by letter: 「A-母版」, 「B-母版」 …"""
    taken = {master.name.split("-", 1)[0] for master in doc.masters}
    letter = next((chr(code) for code in range(ord("A"), ord("Z") + 1) if chr(code) not in taken), "")
    return f"{letter}-母版" if letter else f"母版{len(doc.masters) + 1}"
