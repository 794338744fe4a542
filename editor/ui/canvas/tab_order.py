"""Tab and Shift+Tab on the page: which frame the keyboard selects next.

As in Publisher and PowerPoint, Tab on the canvas (no text being edited)
selects the page's next frame and Shift+Tab the previous one, wrapping
around, so the keyboard never leaves the page for the panels beside it. The
order is the stacking order, back to front: the order 排列 → 置于顶层 and
置于底层 change, and one that does not shift when a frame is nudged. While a
master is edited, the master's items on the page take their turns instead.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from editor.model.frames import Frame


def next_frame_id(frames: Sequence[Frame], selected: Collection[str], forward: bool) -> str | None:
    """The frame after the last selected one (``forward``) or before the first, wrapping; with none of
    ``frames`` selected, the first (forward) or the last. None on a page without frames."""
    ids = [frame.id for frame in frames]
    if not ids:
        return None
    chosen = [index for index, frame_id in enumerate(ids) if frame_id in selected]
    if not chosen:
        return ids[0] if forward else ids[-1]
    at = chosen[-1] + 1 if forward else chosen[0] - 1
    return ids[at % len(ids)]
