"""Where each page goes on the printer's paper: 实际大小, 缩放到纸张 and 小册子 (booklet).

Pure arithmetic, no Qt, so the order and the placements are tested
directly; ``editor.ui.printing`` hands each placement to the Qt painter
backend, which draws the page's display list there unchanged.

A booklet is printed on sheets folded once in the middle (A4 pages on A3
sheets): each sheet carries four pages, two side by side on each side, so
that the folded and nested sheets read 1, 2, 3 … A page count that is not a
multiple of four is padded with blank pages at the end, as print shops do.
Pages on a sheet side meet at the fold: the left one is set against the
middle from the left, the right one from the right.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

#: Paper sizes this close (in points) count as the same paper. Qt states paper
#: in whole points (A4: 595 × 842), the document in exact millimetres (595.28 × 841.89).
SAME_PAPER_TOLERANCE_PT = 1.0


class Scaling(enum.Enum):
    """How pages are put on the paper."""

    ACTUAL = "actual"    # 实际大小: at 100 %, centred (A4 on A4: exactly on the sheet)
    FIT = "fit"          # 缩放到纸张: scaled to fit the paper, centred (A3 on A4: 70.7 %)
    BOOKLET = "booklet"  # 小册子: two pages per sheet side, in booklet order


@dataclass(frozen=True)
class Placement:
    """One page on one side of a sheet: its top-left corner on the paper and its scale."""

    page_number: int  # 1-based, in the document
    x_pt: float
    y_pt: float
    scale: float


@dataclass(frozen=True)
class SheetSide:
    """What one printed side of a sheet (one page of the printer's output) carries."""

    placements: tuple[Placement, ...]


def booklet_order(page_count: int) -> list[int | None]:
    """Page numbers in the order they are printed, two per sheet side (left, right); None is a blank.

    Sheet ``s`` (from 0) of a booklet of ``n`` pages (padded to a multiple
    of 4) carries n−2s and 1+2s on its front, 2+2s and n−1−2s on its back.
    """
    padded = -(-max(page_count, 0) // 4) * 4
    order: list[int | None] = []
    for sheet in range(padded // 4):
        for number in (padded - 2 * sheet, 1 + 2 * sheet, 2 + 2 * sheet, padded - 1 - 2 * sheet):
            order.append(number if number <= page_count else None)
    return order


def _same(a_pt: float, b_pt: float) -> bool:
    return abs(a_pt - b_pt) < SAME_PAPER_TOLERANCE_PT


def fit_scale(page_size_pt: tuple[float, float], space_pt: tuple[float, float]) -> float:
    """The largest scale at which the page fits the space; 1 when they are the same size."""
    (page_w, page_h), (space_w, space_h) = page_size_pt, space_pt
    if _same(page_w, space_w) and _same(page_h, space_h):
        return 1.0
    return min(space_w / page_w, space_h / page_h)


def _centred(page_size_pt: tuple[float, float], paper_pt: tuple[float, float], scale: float) -> tuple[float, float]:
    """The top-left corner that centres the scaled page; an axis of the same length starts at 0."""
    offsets = []
    for page, paper in zip(page_size_pt, paper_pt, strict=True):
        offsets.append(0.0 if _same(page * scale, paper) else (paper - page * scale) / 2.0)
    return offsets[0], offsets[1]


def single_pages(page_numbers: list[int], page_size_pt: tuple[float, float], paper_pt: tuple[float, float],
                 scaling: Scaling) -> list[SheetSide]:
    """One page per sheet side, at 100 % (``ACTUAL``) or scaled to the paper (``FIT``), centred."""
    scale = 1.0 if scaling is Scaling.ACTUAL else fit_scale(page_size_pt, paper_pt)
    x_pt, y_pt = _centred(page_size_pt, paper_pt, scale)
    return [SheetSide((Placement(number, x_pt, y_pt, scale),)) for number in page_numbers]


def booklet_sides(page_numbers: list[int], page_size_pt: tuple[float, float],
                  paper_pt: tuple[float, float]) -> list[SheetSide]:
    """The booklet of ``page_numbers`` (its pages 1, 2, … in that order), two pages per sheet side.

    Each half of the paper takes one page, scaled to fit it (1 for A4 on
    A3), against the fold and centred vertically; blanks are left out.
    """
    page_w, page_h = page_size_pt
    paper_w, paper_h = paper_pt
    scale = fit_scale(page_size_pt, (paper_w / 2.0, paper_h))
    y_pt = 0.0 if _same(page_h * scale, paper_h) else (paper_h - page_h * scale) / 2.0
    left_x_pt, right_x_pt = paper_w / 2.0 - page_w * scale, paper_w / 2.0
    order = booklet_order(len(page_numbers))
    sides = []
    for first in range(0, len(order), 2):
        placements = tuple(Placement(page_numbers[position - 1], x_pt, y_pt, scale)
                           for position, x_pt in zip(order[first:first + 2], (left_x_pt, right_x_pt), strict=True)
                           if position is not None)
        sides.append(SheetSide(placements))
    return sides


def booklet_paper_pt(page_size_pt: tuple[float, float]) -> tuple[float, float]:
    """The sheet a booklet of these pages is printed on: two pages wide (A4 pages: A3 landscape)."""
    return 2.0 * page_size_pt[0], page_size_pt[1]


def plan_sides(page_numbers: list[int], page_size_pt: tuple[float, float], paper_pt: tuple[float, float],
               scaling: Scaling) -> list[SheetSide]:
    """Every sheet side to print, in order, for the chosen pages and scaling."""
    if scaling is Scaling.BOOKLET:
        return booklet_sides(page_numbers, page_size_pt, paper_pt)
    return single_pages(page_numbers, page_size_pt, paper_pt, scaling)
