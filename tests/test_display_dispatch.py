"""One dispatch of display items (``editor.render.display_dispatch``) for the PDF and Qt painters.

A recording painter shows each kind of item reaching its own method, in list order; something
that is not a display item stops the drawing instead of being skipped; and both backends' page
painters are driven through it (each draws a page's items by the same method names).
"""

from __future__ import annotations

import importlib

import pytest

from editor.layout.display import BoxItem, GlyphRun, ImageItem, Rect, RuleItem
from editor.layout.fontmetrics import FontRef
from editor.render.display_dispatch import paint_items

RUN = GlyphRun(font=FontRef("x.ttf"), postscript_name="X", size_pt=10.0, color=(0, 0, 0), text="中",
               glyph_ids=(5,), x_pt=(1.0,), baseline_pt=20.0, box_left_pt=(1.0,), box_width_pt=(10.0,))
IMAGE = ImageItem(frame_id="f", asset="a.jpg", rotation_deg=0, clip_rect=Rect(0, 0, 10, 10),
                  image_rect=Rect(0, 0, 20, 10))
RULE = RuleItem(0.0, 1.0, 50.0, 1.0, 3.0, (0.8, 0.0, 0.0))
BOX = BoxItem(Rect(5, 5, 10, 10), fill=(1.0, 1.0, 0.0), stroke=None, stroke_width_pt=0.0)


class Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple[str, object]] = []

    def draw_glyph_run(self, run):
        self.calls.append(("glyph_run", run))

    def draw_image(self, item):
        self.calls.append(("image", item))

    def draw_rule(self, item):
        self.calls.append(("rule", item))

    def draw_box(self, item):
        self.calls.append(("box", item))


def test_each_kind_of_item_reaches_its_own_method_in_list_order():
    recorder = Recorder()
    paint_items([BOX, RUN, RULE, IMAGE, RULE], recorder)
    assert recorder.calls == [("box", BOX), ("glyph_run", RUN), ("rule", RULE), ("image", IMAGE), ("rule", RULE)]


def test_something_that_is_not_a_display_item_is_refused_not_skipped():
    recorder = Recorder()
    with pytest.raises(TypeError, match="not a display item"):
        paint_items([RULE, "rule"], recorder)
    assert recorder.calls == [("rule", RULE)]


@pytest.mark.parametrize("module, painter", [("editor.render.pdf", "_PageDrawer"), ("editor.render.qt", "_PagePainter")])
def test_both_page_painters_draw_every_kind_of_item(module, painter):
    cls = getattr(importlib.import_module(module), painter)
    for method in ("draw_glyph_run", "draw_image", "draw_rule", "draw_box"):
        assert callable(getattr(cls, method, None)), f"{painter}.{method}"
