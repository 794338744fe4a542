"""The page's column grid: where margin and column guides are (pure geometry, no Qt).

A page built on a master (母版) has the master's margins and column grid
(columns, gutter, optional baseline grid): those are its guides, and
frames snap to its column edges from 2 mm away, as in InDesign. A plain
page has no grid of its own, so it is read from the page the way a
designer would: if the page holds a
multi-column text frame, its column width and gutter, repeated across the
text area from the left margin, are the page's columns; otherwise the text
area is split in thirds. Guides are drawn from this, snapping uses it, and
a dropped photo is made one column wide from it — one rule in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

from editor.layout.display import Rect
from editor.layout.engine import text_frame_columns
from editor.model.document import Document, MasterPage, Page
from editor.model.frames import Insets, TextFrame
from editor.model.limits import MIN_BASELINE_PT

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
    #: Distance between baseline guides from the top margin; 0: none.
    baseline_pt: float = 0.0
    #: Whether the grid is the page's master's (its column edges snap from 2 mm away).
    from_master: bool = False

    def baselines(self) -> list[float]:
        """The y of each baseline guide inside the margins (none when the grid has no baselines)."""
        if self.baseline_pt < MIN_BASELINE_PT:  # 0 is "no grid"; a file may hold 1e-300
            return []
        count = int(self.margin_rect.height_pt // self.baseline_pt)
        return [self.margin_rect.y_pt + i * self.baseline_pt for i in range(1, count + 1)]

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


def _area(doc: Document, margins: Insets) -> Rect:
    m = margins
    return Rect(m.left_pt, m.top_pt, max(doc.page_width_pt - m.left_pt - m.right_pt, 1.0),
                max(doc.page_height_pt - m.top_pt - m.bottom_pt, 1.0))


def _spans(area: Rect, count: int, gutter: float) -> tuple[tuple[float, float], ...]:
    width = (area.width_pt - gutter * (count - 1)) / count
    return tuple((area.x_pt + i * (width + gutter), area.x_pt + i * (width + gutter) + width) for i in range(count))


def master_grid(doc: Document, master: MasterPage) -> PageGrid:
    """The grid a master gives its pages: its margins, columns and baseline grid."""
    area = _area(doc, master.margins)
    count = max(1, master.grid.columns)
    gutter = min(master.grid.gutter_pt, area.width_pt / count) if count > 1 else 0.0
    return PageGrid(doc.page_width_pt, doc.page_height_pt, area, _spans(area, count, gutter),
                    master.grid.baseline_pt, from_master=True)


def page_grid(doc: Document, page: Page) -> PageGrid:
    """The column grid of ``page`` (see the module docstring for the rule)."""
    master = doc.master_of(page)
    if master is not None:
        return master_grid(doc, master)
    area = _area(doc, doc.margins)
    template = _template_frame(page)
    if template is None:
        count, gutter = DEFAULT_COLUMNS, 0.0
    else:
        columns = text_frame_columns(template)
        width, gutter = columns[0].width_pt, template.gutter_pt
        count = max(1, round((area.width_pt + gutter) / max(width + gutter, 1.0)))
    return PageGrid(doc.page_width_pt, doc.page_height_pt, area, _spans(area, count, gutter))
