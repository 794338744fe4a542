"""A box frame on the display list: its fill, and its stroke whenever the stroke has a width —
a hairline of half a point included; a rule or box with no stroke width draws no outline."""

from __future__ import annotations

import pytest

from editor.layout.display import BoxItem, RuleItem
from editor.layout.engine import layout_document
from editor.model import Document, Page, ShapeFrame


def _items(frame: ShapeFrame) -> list:
    doc = Document(pages=[Page(id="p", frames=[frame])])
    return [item for item in layout_document(doc).pages[0].items if isinstance(item, (BoxItem, RuleItem))]


@pytest.mark.parametrize("width_pt", [0.25, 0.5, 1.0, 2.0])
def test_a_boxs_stroke_is_drawn_at_any_width_above_zero(width_pt: float) -> None:
    frame = ShapeFrame(id="b", x_pt=10.0, y_pt=20.0, width_pt=100.0, height_pt=50.0, fill="#FF0000",
                       stroke="#0000FF", stroke_width_pt=width_pt)
    (box,) = _items(frame)
    assert (box.fill, box.stroke, box.stroke_width_pt) == ((1.0, 0.0, 0.0), (0.0, 0.0, 1.0), width_pt)


def test_a_filled_box_with_no_stroke_width_has_no_outline() -> None:
    frame = ShapeFrame(id="b", x_pt=10.0, y_pt=20.0, width_pt=100.0, height_pt=50.0, fill="#FF0000",
                       stroke="#0000FF", stroke_width_pt=0.0)
    (box,) = _items(frame)
    assert (box.fill, box.stroke) == ((1.0, 0.0, 0.0), None)
