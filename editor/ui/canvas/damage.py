"""Which parts of a page changed between two display lists (pure, no Qt).

Repainting a whole page for every keystroke or mouse move wastes most of
the work: a keystroke changes a few lines, a dragged frame two rectangles.
Items are compared by value (glyph runs by what they draw), and the bounds
of the items that appeared or vanished are the page regions to repaint.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

from editor.layout.display import BoxItem, DisplayItem, GlyphRun, ImageItem, Rect, RuleItem

#: Above this many separate regions, one enclosing rectangle is cheaper to repaint.
MAX_REGIONS = 12
#: Antialiasing and glyph overhang reach a little past the boxes (points).
_MARGIN_PT = 2.0


def item_key(item: DisplayItem) -> Hashable:
    """A hashable value that is equal exactly when two items draw the same."""
    if isinstance(item, GlyphRun):
        return (item.font, item.size_pt, item.color, item.glyph_ids, item.x_pt, item.baseline_pt, item.hscale)
    return item


def item_bounds(item: DisplayItem) -> Rect:
    """The page area an item can paint, generously (ascenders, descenders, stroke widths)."""
    if isinstance(item, GlyphRun):
        # A run's glyphs go left to right, so its ends are its first and last glyphs.
        left = min(item.x_pt[0], item.box_left_pt[0])
        right = max(item.box_left_pt[-1] + item.box_width_pt[-1], item.x_pt[-1] + item.size_pt * max(item.hscale, 1.0))
        return Rect(left, item.baseline_pt - item.size_pt * 1.2, right - left, item.size_pt * 1.6)
    if isinstance(item, ImageItem):
        return item.clip_rect
    if isinstance(item, RuleItem):
        x0, x1 = sorted((item.x1_pt, item.x2_pt))
        y0, y1 = sorted((item.y1_pt, item.y2_pt))
        return Rect(x0, y0, x1 - x0, y1 - y0).expanded(item.width_pt)
    assert isinstance(item, BoxItem)
    return item.rect.expanded(item.stroke_width_pt)


def _overlaps(a: Rect, b: Rect) -> bool:
    return a.x_pt <= b.right_pt and b.x_pt <= a.right_pt and a.y_pt <= b.bottom_pt and b.y_pt <= a.bottom_pt


def merged(rects: list[Rect]) -> list[Rect]:
    """Join overlapping rectangles until none overlap; too many become one."""
    out: list[Rect] = []
    for rect in rects:
        while True:
            for index, other in enumerate(out):
                if _overlaps(rect, other):
                    rect = rect.union(out.pop(index))
                    break
            else:
                break
        out.append(rect)
    if len(out) > MAX_REGIONS:
        whole = out[0]
        for rect in out[1:]:
            whole = whole.union(rect)
        return [whole]
    return out


def changed_regions(old: Sequence[DisplayItem], new: Sequence[DisplayItem]) -> list[Rect]:
    """Page regions to repaint so a picture of ``old`` becomes one of ``new``.

    A change of stacking order alone (same items, other order) repaints
    the items whose position in the list changed.
    """
    old_keys = [item_key(i) for i in old]
    new_keys = [item_key(i) for i in new]
    if old_keys == new_keys:
        return []
    old_set, new_set = set(old_keys), set(new_keys)
    rects = [item_bounds(i).expanded(_MARGIN_PT) for i, k in zip(old, old_keys, strict=True) if k not in new_set]
    rects += [item_bounds(i).expanded(_MARGIN_PT) for i, k in zip(new, new_keys, strict=True) if k not in old_set]
    common_old = [k for k in old_keys if k in new_set]
    common_new = [k for k in new_keys if k in old_set]
    if common_old != common_new:  # restacked: repaint what moved in the order
        # (an item drawn twice in one list and once in the other makes the lengths differ)
        moved = {k for a, b in zip(common_old, common_new, strict=False) if a != b for k in (a, b)}
        rects += [item_bounds(i).expanded(_MARGIN_PT) for i, k in zip(new, new_keys, strict=True) if k in moved]
    return merged(rects)


def items_in(items: Sequence[DisplayItem], regions: Rect | Sequence[Rect]) -> list[DisplayItem]:
    """The items that can paint inside ``regions`` (one rectangle or several), in drawing order."""
    areas = [regions] if isinstance(regions, Rect) else list(regions)
    if not areas:
        return []
    # What touches none of the areas' enclosing rectangle (a hair wider, for rounding) touches none of them:
    # most of a page's items.
    whole = areas[0]
    for area in areas[1:]:
        whole = whole.union(area)
    whole = whole.expanded(0.01)
    out = []
    for item in items:
        bounds = item_bounds(item).expanded(_MARGIN_PT)
        if _overlaps(bounds, whole) and (len(areas) == 1 or any(_overlaps(bounds, area) for area in areas)):
            out.append(item)
    return out
