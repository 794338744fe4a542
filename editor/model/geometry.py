"""Rectangles in points: one type for the model (placing frames) and the layout (display lists).

It lives in the model because the model may not import the layout, and
placing an imported article on a page's free band needs the same
rectangle arithmetic the layout uses.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Rect:
    """An axis-aligned rectangle in points."""

    x_pt: float
    y_pt: float
    width_pt: float
    height_pt: float

    @property
    def right_pt(self) -> float:
        return self.x_pt + self.width_pt

    @property
    def bottom_pt(self) -> float:
        return self.y_pt + self.height_pt

    def expanded(self, by_pt: float) -> Rect:
        return Rect(self.x_pt - by_pt, self.y_pt - by_pt, self.width_pt + 2 * by_pt, self.height_pt + 2 * by_pt)

    def union(self, other: Rect) -> Rect:
        x0 = min(self.x_pt, other.x_pt)
        y0 = min(self.y_pt, other.y_pt)
        x1 = max(self.right_pt, other.right_pt)
        y1 = max(self.bottom_pt, other.bottom_pt)
        return Rect(x0, y0, x1 - x0, y1 - y0)

    def overlaps(self, other: Rect) -> bool:
        """Whether the two interiors meet (rectangles that only touch do not overlap)."""
        return (self.x_pt < other.right_pt and other.x_pt < self.right_pt
                and self.y_pt < other.bottom_pt and other.y_pt < self.bottom_pt)
