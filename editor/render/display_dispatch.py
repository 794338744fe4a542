"""One walk over a display list, for every backend that draws it item by item.

The PDF canvas (``editor.render.pdf``) and the Qt painter (``editor.render.qt``)
draw the same kinds of item; here an item's kind picks the painter's method,
so a new kind of display item is dispatched in one place, and an item no
method draws fails loudly instead of vanishing from one output only.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from editor.layout.display import BoxItem, DisplayItem, GlyphRun, ImageItem, RuleItem


class DisplayPainter(Protocol):
    """What a backend provides to draw display items (points, page top-left, y down)."""

    def draw_glyph_run(self, run: GlyphRun) -> None:
        """Glyphs of one font, size and colour at their origins on one baseline."""

    def draw_image(self, item: ImageItem) -> None:
        """A photo in its image rectangle, clipped to its frame."""

    def draw_rule(self, item: RuleItem) -> None:
        """A straight line with butt caps."""

    def draw_box(self, item: BoxItem) -> None:
        """A rectangle, filled and/or stroked on its edge."""


def paint_items(items: Iterable[DisplayItem], painter: DisplayPainter) -> None:
    """Draw ``items`` with ``painter`` in list order (back to front); TypeError for anything else."""
    for item in items:
        if isinstance(item, GlyphRun):
            painter.draw_glyph_run(item)
        elif isinstance(item, ImageItem):
            painter.draw_image(item)
        elif isinstance(item, RuleItem):
            painter.draw_rule(item)
        elif isinstance(item, BoxItem):
            painter.draw_box(item)
        else:
            raise TypeError(f"not a display item: {item!r}")


__all__ = ["DisplayPainter", "paint_items"]
