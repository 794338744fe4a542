"""Snapping: pull a moving frame's edges and centre onto nearby guides (pure geometry, no Qt).

A target is a line on the page — page edge or centre, margin, column edge,
another frame's edge or centre — with the span it covers, so a smart guide
can be drawn from the target to the moving frame. Everything is in page
points; the caller converts its screen threshold (2 mm on screen) to points
at the current zoom, so snapping feels the same at every zoom, as in
InDesign. The column edges of a master's grid also pull from 2 mm on the
page (``MASTER_REACH_PT``) at any zoom: the page grid is what a layout is
built on. Each axis snaps independently to the single nearest target.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from editor.layout.display import Rect
from editor.model.units import mm_to_pt
from editor.ui.canvas.grid import PageGrid

#: Two positions closer than this are the same guide (points).
_SAME = 0.01
#: A master's column edges and margins pull a frame edge from this far on the page, at any zoom.
MASTER_REACH_PT = mm_to_pt(2.0)


@dataclass(frozen=True)
class SnapLine:
    """A line things snap to: x of a vertical line (or y of a horizontal one) and its extent."""

    position_pt: float
    start_pt: float
    end_pt: float
    kind: str  # "page", "margin", "column", "frame"
    #: The line pulls from at least this far (points on the page), whatever the zoom.
    reach_pt: float = 0.0


@dataclass(frozen=True)
class Guide:
    """A smart guide to draw: a vertical (x = position) or horizontal line from start to end."""

    vertical: bool
    position_pt: float
    start_pt: float
    end_pt: float


@dataclass(frozen=True)
class SnapTargets:
    """Vertical lines (``xs``) and horizontal lines (``ys``) on one page."""

    xs: tuple[SnapLine, ...]
    ys: tuple[SnapLine, ...]


@dataclass(frozen=True)
class Snapped:
    """A snapped rectangle and the guides that explain it."""

    rect: Rect
    guides: tuple[Guide, ...]


def page_targets(grid: PageGrid, other_frames: Iterable[Rect]) -> SnapTargets:
    """Targets on one page: its edges and centre, margins, column edges, other frames' edges and centres."""
    w, h, area = grid.width_pt, grid.height_pt, grid.margin_rect
    reach = MASTER_REACH_PT if grid.from_master else 0.0
    xs = [SnapLine(0.0, 0.0, h, "page"), SnapLine(w / 2, 0.0, h, "page"), SnapLine(w, 0.0, h, "page"),
          SnapLine(area.x_pt, 0.0, h, "margin", reach), SnapLine(area.right_pt, 0.0, h, "margin", reach)]
    ys = [SnapLine(0.0, 0.0, w, "page"), SnapLine(h / 2, 0.0, w, "page"), SnapLine(h, 0.0, w, "page"),
          SnapLine(area.y_pt, 0.0, w, "margin", reach), SnapLine(area.bottom_pt, 0.0, w, "margin", reach)]
    for left, right in grid.columns:
        xs.append(SnapLine(left, area.y_pt, area.bottom_pt, "column", reach))
        xs.append(SnapLine(right, area.y_pt, area.bottom_pt, "column", reach))
    for r in other_frames:
        for x in (r.x_pt, r.x_pt + r.width_pt / 2, r.right_pt):
            xs.append(SnapLine(x, r.y_pt, r.bottom_pt, "frame"))
        for y in (r.y_pt, r.y_pt + r.height_pt / 2, r.bottom_pt):
            ys.append(SnapLine(y, r.x_pt, r.right_pt, "frame"))
    return SnapTargets(tuple(xs), tuple(ys))


def _nearest(features: Iterable[float], lines: tuple[SnapLine, ...], threshold_pt: float) -> float | None:
    """The smallest shift (≤ threshold) that puts one of ``features`` on a line, or None."""
    best: float | None = None
    for feature in features:
        for line in lines:
            shift = line.position_pt - feature
            if abs(shift) <= max(threshold_pt, line.reach_pt) and (best is None or abs(shift) < abs(best)):
                best = shift
    return best


def _guides(vertical: bool, features: Iterable[float], lines: tuple[SnapLine, ...], span: tuple[float, float]) -> list[Guide]:
    """Guides for every line a (snapped) feature now lies on, reaching over the moving rectangle."""
    out: list[Guide] = []
    seen: set[float] = set()
    for feature in features:
        for line in lines:
            if abs(line.position_pt - feature) <= _SAME:
                start = min(line.start_pt, span[0])
                end = max(line.end_pt, span[1])
                key = round(line.position_pt, 2)
                if key not in seen:
                    seen.add(key)
                    out.append(Guide(vertical, line.position_pt, start, end))
                else:  # widen the guide already there
                    for i, g in enumerate(out):
                        if round(g.position_pt, 2) == key:
                            out[i] = Guide(vertical, g.position_pt, min(g.start_pt, start), max(g.end_pt, end))
    return out


def _x_features(r: Rect) -> tuple[float, float, float]:
    return (r.x_pt, r.x_pt + r.width_pt / 2, r.right_pt)


def _y_features(r: Rect) -> tuple[float, float, float]:
    return (r.y_pt, r.y_pt + r.height_pt / 2, r.bottom_pt)


def guides_for(rect: Rect, targets: SnapTargets) -> tuple[Guide, ...]:
    """The guides ``rect`` touches as it is (edges and centres exactly on targets)."""
    return tuple(
        _guides(True, _x_features(rect), targets.xs, (rect.y_pt, rect.bottom_pt))
        + _guides(False, _y_features(rect), targets.ys, (rect.x_pt, rect.right_pt))
    )


def snap_move(rect: Rect, targets: SnapTargets, threshold_pt: float) -> Snapped:
    """Shift ``rect`` (size kept) so its nearest edge or centre lies on a target, per axis."""
    dx = _nearest(_x_features(rect), targets.xs, threshold_pt) or 0.0
    dy = _nearest(_y_features(rect), targets.ys, threshold_pt) or 0.0
    moved = Rect(rect.x_pt + dx, rect.y_pt + dy, rect.width_pt, rect.height_pt)
    return Snapped(moved, guides_for(moved, targets))


def snap_resize(rect: Rect, edges: str, targets: SnapTargets, threshold_pt: float) -> Snapped:
    """Snap only the moving ``edges`` ("l", "r", "t", "b", e.g. "tl") of ``rect``; the others stay."""
    x0, y0, x1, y1 = rect.x_pt, rect.y_pt, rect.right_pt, rect.bottom_pt
    if "l" in edges:
        x0 += _nearest((x0,), targets.xs, threshold_pt) or 0.0
    if "r" in edges:
        x1 += _nearest((x1,), targets.xs, threshold_pt) or 0.0
    if "t" in edges:
        y0 += _nearest((y0,), targets.ys, threshold_pt) or 0.0
    if "b" in edges:
        y1 += _nearest((y1,), targets.ys, threshold_pt) or 0.0
    snapped = Rect(x0, y0, x1 - x0, y1 - y0)
    xs = [x for edge, x in (("l", x0), ("r", x1)) if edge in edges]
    ys = [y for edge, y in (("t", y0), ("b", y1)) if edge in edges]
    guides = _guides(True, xs, targets.xs, (y0, y1)) + _guides(False, ys, targets.ys, (x0, x1))
    return Snapped(snapped, tuple(guides))


def snap_point(x_pt: float, y_pt: float, targets: SnapTargets, threshold_pt: float) -> tuple[float, float, tuple[Guide, ...]]:
    """Snap a point (a corner being drawn) to the nearest vertical and horizontal targets."""
    x = x_pt + (_nearest((x_pt,), targets.xs, threshold_pt) or 0.0)
    y = y_pt + (_nearest((y_pt,), targets.ys, threshold_pt) or 0.0)
    guides = _guides(True, (x,), targets.xs, (y, y)) + _guides(False, (y,), targets.ys, (x, x))
    return x, y, tuple(guides)
