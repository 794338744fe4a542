"""The page's column grid: where margin and column guides are (pure geometry, no Qt).

The model has page margins but no master-page column grid, so the grid is
read from the page itself, the way a designer would: if the page holds a
multi-column text frame, its column width and gutter, repeated across the
text area from the left margin, are the page's columns; otherwise the text
area is split in thirds. Guides are drawn from this, snapping uses it, and
a dropped photo is made one column wide from it — one rule in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

from editor.layout.display import Rect
from editor.model.document import Document, Page
from editor.model.frames import TextFrame
from editor.layout.engine import text_frame_columns

#: Columns of the grid when no multi-column text frame suggests one.
DEFAULT_COLUMNS = 3


@dataclass(frozen=True)
class PageGrid:
    """Margins and columns of one page, in points from its top-left corner."""

    width_pt: float
    height_pt: float
    #: The text area inside the margins.
    margin_rect: Rect
    #: (left, right) of each column, left to right.
    columns: tuple[tuple[float, float], ...]

    @property
    def column_width_pt(self) -> float:
        left, right = self.columns[0]
        return right - left

    def column_at(self, x_pt: float) -> tuple[float, float]:
        """The column under ``x_pt``, or the nearest one."""
        return min(self.columns, key=lambda c: 0.0 if c[0] <= x_pt <= c[1] else min(abs(x_pt - c[0]), abs(x_pt - c[1])))


def _template_frame(page: Page) -> TextFrame | None:
    """The multi-column text frame the grid is read from: most columns, then widest."""
    candidates = [f for f in page.frames if isinstance(f, TextFrame) and f.columns >= 2]
    if not candidates:
        return None
    return max(candidates, key=lambda f: (f.columns, f.width_pt))


def page_grid(doc: Document, page: Page) -> PageGrid:
    """The column grid of ``page`` (see the module docstring for the rule)."""
    m = doc.margins
    area = Rect(m.left_pt, m.top_pt, max(doc.page_width_pt - m.left_pt - m.right_pt, 1.0),
                max(doc.page_height_pt - m.top_pt - m.bottom_pt, 1.0))
    template = _template_frame(page)
    if template is None:
        count, gutter = DEFAULT_COLUMNS, 0.0
    else:
        columns = text_frame_columns(template)
        width, gutter = columns[0].width_pt, template.gutter_pt
        count = max(1, round((area.width_pt + gutter) / max(width + gutter, 1.0)))
    width = (area.width_pt - gutter * (count - 1)) / count
    spans = tuple((area.x_pt + i * (width + gutter), area.x_pt + i * (width + gutter) + width) for i in range(count))
    return PageGrid(doc.page_width_pt, doc.page_height_pt, area, spans)
