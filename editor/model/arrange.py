"""Arranging several frames at once: align, distribute, lock, restack (no Qt).

Like ``editor.model.edits``, every function returns the reversible changes
that would do the edit and changes nothing itself. They live apart from the
single-frame edits because they reason about a *selection*: its bounding
box, its order along an axis. Locked frames never move, but they still
count when the selection's bounds are measured, as in InDesign.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Literal

from editor.model.changes import Change, set_attr
from editor.model.document import Document, Page
from editor.model.edits import find_frame, locate, replace_frames
from editor.model.frames import Frame

AlignEdge = Literal["left", "hcenter", "right", "top", "vcenter", "bottom"]
Axis = Literal["horizontal", "vertical"]


def _frames(doc: Document, frame_ids: Sequence[str]) -> list[Frame]:
    found = (find_frame(doc, frame_id) for frame_id in dict.fromkeys(frame_ids))  # master items too
    return [frame for frame in found if frame is not None]


def _bounds(frames: Sequence[Frame]) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) of the frames, in points."""
    return (
        min(f.x_pt for f in frames),
        min(f.y_pt for f in frames),
        max(f.x_pt + f.width_pt for f in frames),
        max(f.y_pt + f.height_pt for f in frames),
    )


def _margin_box(doc: Document) -> tuple[float, float, float, float]:
    m = doc.margins
    return (m.left_pt, m.top_pt, doc.page_width_pt - m.right_pt, doc.page_height_pt - m.bottom_pt)


def _aligned(frame: Frame, edge: AlignEdge, box: tuple[float, float, float, float]) -> Frame:
    left, top, right, bottom = box
    x, y = frame.x_pt, frame.y_pt
    if edge == "left":
        x = left
    elif edge == "right":
        x = right - frame.width_pt
    elif edge == "hcenter":
        x = (left + right - frame.width_pt) / 2
    elif edge == "top":
        y = top
    elif edge == "bottom":
        y = bottom - frame.height_pt
    else:
        y = (top + bottom - frame.height_pt) / 2
    return dataclasses.replace(frame, x_pt=x, y_pt=y)


def align_frames(doc: Document, frame_ids: Sequence[str], edge: AlignEdge) -> list[Change]:
    """Line frames up on one edge or centre of the selection's bounds.

    A single frame is aligned to the page margins instead, which is what a
    user means by "centre this on the page" with one thing selected.
    """
    frames = _frames(doc, frame_ids)
    if not frames:
        return []
    box = _margin_box(doc) if len(frames) == 1 else _bounds(frames)
    moved = [(f, _aligned(f, edge, box)) for f in frames if not f.locked]
    return replace_frames(doc, [new for old, new in moved if (new.x_pt, new.y_pt) != (old.x_pt, old.y_pt)])


def distribute_frames(doc: Document, frame_ids: Sequence[str], axis: Axis) -> list[Change]:
    """Equal gaps between frames along an axis; the outermost two stay put.

    Needs three frames or more (with two there is nothing to even out).
    """
    frames = _frames(doc, frame_ids)
    if len(frames) < 3:
        return []
    horizontal = axis == "horizontal"

    def start(f: Frame) -> float:
        return f.x_pt if horizontal else f.y_pt

    def extent(f: Frame) -> float:
        return f.width_pt if horizontal else f.height_pt

    ordered = sorted(frames, key=start)
    first, last = ordered[0], ordered[-1]
    span = start(last) + extent(last) - start(first)
    gap = (span - sum(extent(f) for f in ordered)) / (len(ordered) - 1)
    position = start(first)
    moved: list[Frame] = []
    for frame in ordered:
        if frame is not first and frame is not last and not frame.locked and abs(start(frame) - position) > 1e-9:
            field = "x_pt" if horizontal else "y_pt"
            moved.append(dataclasses.replace(frame, **{field: position}))
        position += extent(frame) + gap
    return replace_frames(doc, moved)


def update_frames(doc: Document, frame_ids: Sequence[str], **fields: object) -> list[Change]:
    """Set the same fields on several frames (lock, wrap …) as one edit."""
    frames = _frames(doc, frame_ids)
    changed = [dataclasses.replace(f, **fields) for f in frames]
    changed = [new for new, old in zip(changed, frames, strict=True) if new != old]
    return replace_frames(doc, changed)


def _restacked(order: list[Frame], wanted: set[str], step: int) -> list[Frame]:
    if abs(step) > 1:  # to the front or the back, the selection keeping its own order
        chosen = [f for f in order if f.id in wanted]
        rest = [f for f in order if f.id not in wanted]
        return rest + chosen if step > 0 else chosen + rest
    order = list(order)
    indexes = range(len(order) - 1, -1, -1) if step > 0 else range(len(order))
    for i in indexes:
        j = i + step
        if order[i].id in wanted and 0 <= j < len(order) and order[j].id not in wanted:
            order[i], order[j] = order[j], order[i]
    return order


def restack_frames(doc: Document, frame_ids: Sequence[str], step: int) -> list[Change]:
    """Bring frames forward one (step 1) or back one (step -1) past an unselected
    frame on their page; a larger step sends them to the front or the back.
    Selected frames keep their order among themselves."""
    wanted = set(frame_ids)
    pages: dict[int, Page] = {}
    for frame_id in frame_ids:
        page, _ = locate(doc, frame_id)
        pages[id(page)] = page
    changes: list[Change] = []
    for page in pages.values():
        order = _restacked(page.frames, wanted, step)
        if [f.id for f in order] != [f.id for f in page.frames]:
            changes.append(set_attr(page, "frames", order))
    return changes
