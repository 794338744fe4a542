"""Pure canvas geometry: the page grid, snapping with its smart guides, damaged regions."""

from __future__ import annotations

import pytest

from editor import SAMPLE_PROJECT
from editor.io.project import load_project
from editor.layout.display import BoxItem, Rect
from editor.layout.engine import layout_document
from editor.model import edits, mm_to_pt
from editor.ui.canvas.damage import changed_regions, items_in
from editor.ui.canvas.grid import page_grid
from editor.ui.canvas.snapping import page_targets, snap_move, snap_point, snap_resize
from tests.canvas_helpers import blank_document


def test_grid_is_thirds_of_the_text_area_without_a_multicolumn_frame():
    doc = blank_document()
    grid = page_grid(doc, doc.pages[0])
    area = grid.margin_rect
    assert area.x_pt == pytest.approx(mm_to_pt(20)) and area.right_pt == pytest.approx(doc.page_width_pt - mm_to_pt(20))
    assert len(grid.columns) == 3
    assert grid.column_width_pt == pytest.approx(area.width_pt / 3)


def test_grid_follows_a_multicolumn_frame_across_the_page():
    doc = load_project(SAMPLE_PROJECT)
    grid = page_grid(doc, doc.pages[2])  # a two-column brief, 153 pt columns, 6 mm gutter
    assert len(grid.columns) == 3
    assert grid.column_width_pt == pytest.approx(153.07, abs=0.05)
    assert grid.columns[1][0] - grid.columns[0][1] == pytest.approx(17.01, abs=0.01)
    photo = doc.frame_by_id("p3-photo-party")
    assert grid.columns[2][0] == pytest.approx(photo.x_pt, abs=0.05)  # the sample's photo sits on it


def _targets():
    doc = blank_document()
    grid = page_grid(doc, doc.pages[0])
    return grid, page_targets(grid, [Rect(300, 500, 100, 80)])


def test_a_moving_frame_snaps_its_nearest_edge_within_the_threshold_and_shows_a_guide():
    grid, targets = _targets()
    column_left = grid.columns[1][0]
    snapped = snap_move(Rect(column_left + 3.0, 100, 40, 40), targets, threshold_pt=5.0)
    assert snapped.rect.x_pt == pytest.approx(column_left)
    assert snapped.rect.y_pt == 100  # nothing near vertically
    vertical = [g for g in snapped.guides if g.vertical]
    assert [g.position_pt for g in vertical] == [pytest.approx(column_left)]
    assert snap_move(Rect(column_left + 6.0, 100, 40, 40), targets, threshold_pt=5.0).rect.x_pt == column_left + 6.0


def test_centres_and_other_frames_edges_are_targets():
    _, targets = _targets()
    snapped = snap_move(Rect(100, 536.5, 40, 10), targets, threshold_pt=5.0)  # centre near the frame's middle (540)
    assert snapped.rect.y_pt + snapped.rect.height_pt / 2 == pytest.approx(540)
    guide = next(g for g in snapped.guides if not g.vertical)
    assert guide.start_pt == pytest.approx(100) and guide.end_pt == pytest.approx(400)  # reaches both frames


def test_resizing_snaps_only_the_moving_edges():
    grid, targets = _targets()
    right = grid.margin_rect.right_pt
    snapped = snap_resize(Rect(grid.margin_rect.x_pt + 1.0, 60, right - 2.0 - grid.margin_rect.x_pt - 1.0, 50),
                          "r", targets, threshold_pt=5.0)
    assert snapped.rect.right_pt == pytest.approx(right)
    assert snapped.rect.x_pt == pytest.approx(grid.margin_rect.x_pt + 1.0)  # the left edge stays


def test_points_snap_on_both_axes():
    grid, targets = _targets()
    x, y, guides = snap_point(grid.margin_rect.x_pt + 2, grid.margin_rect.y_pt - 2, targets, 5.0)
    assert (x, y) == (pytest.approx(grid.margin_rect.x_pt), pytest.approx(grid.margin_rect.y_pt))
    assert len(guides) == 2


def test_damage_is_the_old_and_new_place_of_a_moved_photo_only():
    doc = load_project(SAMPLE_PROJECT)
    old = layout_document(doc).pages[4].items
    for change in edits.move_frames(doc, {"p5-rule": (0.0, 20.0)}):
        change.apply(True)
    new = layout_document(doc).pages[4].items
    regions = changed_regions(old, new)
    assert regions
    assert all(r.height_pt < 40 for r in regions)  # a thin rule's two places, not the page
    assert changed_regions(new, new) == []


def test_items_in_a_region_keep_their_drawing_order():
    a = BoxItem(Rect(0, 0, 10, 10), (1, 0, 0), None, 0)
    b = BoxItem(Rect(100, 100, 10, 10), (0, 1, 0), None, 0)
    c = BoxItem(Rect(5, 5, 10, 10), (0, 0, 1), None, 0)
    assert items_in([a, b, c], Rect(0, 0, 20, 20)) == [a, c]


def test_items_between_two_regions_are_not_in_them():
    top = BoxItem(Rect(0, 0, 10, 10), (1, 0, 0), None, 0)
    between = BoxItem(Rect(0, 50, 10, 10), (0, 1, 0), None, 0)  # inside the rectangle enclosing both regions
    bottom = BoxItem(Rect(0, 100, 10, 10), (0, 0, 1), None, 0)
    touching = BoxItem(Rect(30, 100, 10, 10), (0, 0, 0), None, 0)  # 2 pt margin: 30 - 2 reaches 28
    regions = [Rect(0, 0, 10, 10), Rect(0, 100, 28, 10)]
    assert items_in([top, between, bottom, touching], regions) == [top, bottom, touching]
    assert items_in([top], []) == []
