"""A page repainted in part on a screen set to 125 % or 150 % is the page painted whole.

The canvas keeps each page as a picture at the screen's device scale and repaints only what an
edit changed (``PageItem._flush_pending``). The picture carries the screen's device pixel ratio,
and a QPainter opened on such an image scales by it first: every repaint after an edit came out
1.25 / 1.5 times too large, cut at the page's edge, with the old text showing beside it (a
Windows walkthrough at 150 %). The oracle is the same page painted whole from its new display
list; a ratio of 1 (where the bug did not show) is checked alike.
"""

from __future__ import annotations

import copy

import pytest
from PySide6.QtGui import QImage

from editor import SAMPLE_PROJECT
from editor.io.project import load_project
from editor.layout.engine import layout_document
from editor.render.qt import PhotoCache
from editor.ui.canvas.grid import page_grid
from editor.ui.canvas.page_item import PageItem

ZOOM = 0.8  # scene scale at which the view shows the page (before the device ratio)


def _item(doc, layout, ratio: float) -> PageItem:
    item = PageItem(1, doc, layout.pages[1], page_grid(doc, doc.pages[1]), PhotoCache())
    item._build_image(ZOOM * ratio, ratio)
    return item


#: Pixels may differ by antialiasing where a repainted region meets the rest: a channel off by
#: more than this counts as a different pixel.
CHANNEL_TOLERANCE = 64


def _different_share(first: QImage, second: QImage) -> float:
    """The share of pixels that differ (beyond antialiasing) between two pictures of one size."""
    a, b = first.constBits(), second.constBits()
    pixels = first.width() * first.height()
    different = sum(1 for index in range(0, len(a), 4)
                    if max(abs(a[index + k] - b[index + k]) for k in range(3)) > CHANNEL_TOLERANCE)
    return different / pixels


@pytest.mark.parametrize("ratio", [1.0, 1.25, 1.5])
def test_a_partial_repaint_at_the_screens_ratio_is_the_page_painted_whole(qapp, ratio):
    doc = load_project(SAMPLE_PROJECT)
    before = layout_document(doc)
    edited = copy.deepcopy(doc)
    lead = edited.stories["lead"].paragraphs[0].runs[0]
    lead.text = "版面" + lead.text  # two characters more: the paragraph's lines move on
    after = layout_document(edited)

    shown = _item(doc, before, ratio)
    shown.set_page(edited, after.pages[1])
    shown._flush_pending()
    whole = _item(edited, after, ratio)

    assert shown._image.devicePixelRatio() == ratio  # still the screen's picture
    assert shown._image.size() == whole._image.size()
    assert _different_share(shown._image, whole._image) < 0.005  # antialiasing at region edges: ~0.1 %
