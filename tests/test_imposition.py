"""Booklet order and page placement for printing (editor.render.imposition), without Qt.

The orders are written out by hand from a folded dummy: for 8 pages, the
outer sheet's front carries 8 | 1 and its back 2 | 7, the inner sheet 6 | 3
and 4 | 5.
"""

from __future__ import annotations

import pytest

from editor.render.imposition import (
    Placement,
    Scaling,
    SheetSide,
    booklet_order,
    booklet_paper_pt,
    booklet_sides,
    fit_scale,
    plan_sides,
)

A4_PT = (595.2755905511812, 841.8897637795277)
A3_PT = (841.8897637795277, 1190.5511811023623)
QT_A4_PT = (595.0, 842.0)  # Qt's A4 in whole points
QT_A3_LANDSCAPE_PT = (1191.0, 842.0)


def test_an_8_page_issue_prints_in_booklet_order_8_1_2_7_6_3_4_5():
    assert booklet_order(8) == [8, 1, 2, 7, 6, 3, 4, 5]


def test_a_4_page_issue_is_one_sheet_4_1_2_3():
    assert booklet_order(4) == [4, 1, 2, 3]


def test_a_12_page_issue_nests_three_sheets():
    assert booklet_order(12) == [12, 1, 2, 11, 10, 3, 4, 9, 8, 5, 6, 7]


def test_a_6_page_issue_is_padded_with_two_blank_pages_at_the_end():
    assert booklet_order(6) == [None, 1, 2, None, 6, 3, 4, 5]


def test_a_single_page_booklet_is_one_sheet_with_three_blanks():
    assert booklet_order(1) == [None, 1, None, None]


def test_a4_on_a4_actual_size_is_the_page_at_the_paper_corner_unscaled():
    assert plan_sides([1, 2], A4_PT, QT_A4_PT, Scaling.ACTUAL) == [
        SheetSide((Placement(1, 0.0, 0.0, 1.0),)), SheetSide((Placement(2, 0.0, 0.0, 1.0),))]


def test_a3_fitted_to_a4_is_scaled_by_the_ratio_of_the_sizes():
    scale = fit_scale(A3_PT, A4_PT)
    assert scale == pytest.approx(210.0 / 297.0, rel=1e-9)  # A3 → A4 is 1/√2 by ISO 216


def test_a4_fitted_to_a4_stays_at_100_percent():
    assert fit_scale(A4_PT, QT_A4_PT) == 1.0


def test_a4_actual_size_on_a3_is_centred():
    (side,) = plan_sides([3], A4_PT, A3_PT, Scaling.ACTUAL)
    (placement,) = side.placements
    assert placement.scale == 1.0
    assert placement.x_pt == pytest.approx((841.8897637795277 - 595.2755905511812) / 2)
    assert placement.y_pt == pytest.approx((1190.5511811023623 - 841.8897637795277) / 2)


def test_a_booklet_of_a4_pages_is_printed_on_a3_landscape():
    assert booklet_paper_pt(A4_PT) == pytest.approx((1190.5511811023623, 841.8897637795277))


def test_an_8_page_booklet_on_a3_puts_pages_side_by_side_at_the_fold():
    sides = booklet_sides(list(range(1, 9)), A4_PT, QT_A3_LANDSCAPE_PT)
    pairs = [[p.page_number for p in side.placements] for side in sides]
    assert pairs == [[8, 1], [2, 7], [6, 3], [4, 5]]
    left, right = sides[0].placements
    assert (left.scale, right.scale) == (1.0, 1.0)
    assert left.x_pt == pytest.approx(595.5 - 595.2755905511812)
    assert right.x_pt == 595.5
    assert left.y_pt == right.y_pt == 0.0


def test_a_padded_booklet_leaves_the_blank_halves_empty():
    sides = booklet_sides(list(range(1, 7)), A4_PT, QT_A3_LANDSCAPE_PT)
    assert [[(p.page_number, p.x_pt > 595) for p in side.placements] for side in sides] == [
        [(1, True)], [(2, False)], [(6, False), (3, True)], [(4, False), (5, True)]]


def test_a_booklet_of_a_page_range_numbers_the_chosen_pages():
    sides = booklet_sides([3, 4, 5, 6], A4_PT, QT_A3_LANDSCAPE_PT)
    assert [[p.page_number for p in side.placements] for side in sides] == [[6, 3], [4, 5]]


def test_a_booklet_on_a4_paper_shrinks_each_page_to_a5():
    sides = booklet_sides([1, 2, 3, 4], A4_PT, (842.0, 595.0))  # A4 landscape
    scale = sides[0].placements[0].scale
    assert scale == pytest.approx(595.0 / 841.8897637795277)
