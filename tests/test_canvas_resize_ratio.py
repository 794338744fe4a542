"""Shift + a corner handle resizes a frame keeping its width-to-height ratio (as in InDesign)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from editor.model import ImageFrame
from tests.canvas_helpers import blank_document, drag, shown_canvas, view_point

SHIFT = Qt.KeyboardModifier.ShiftModifier


def _photo_frame_canvas(qtbot):
    doc = blank_document()
    doc.pages[0].frames.append(ImageFrame(id="photo", x_pt=100.0, y_pt=150.0, width_pt=200.0, height_pt=100.0))
    controller, canvas = shown_canvas(qtbot, doc)
    canvas.set_tool("select")
    QTest.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     view_point(canvas, 0, 200.0, 200.0))
    return controller, canvas


def _frame(controller) -> ImageFrame:
    return controller.doc.frame_by_id("photo")


def _drag_corner(canvas, dx_pt: float, dy_pt: float, modifier: Qt.KeyboardModifier) -> None:
    corner = (300.0, 250.0)  # the bottom-right handle
    drag(canvas, view_point(canvas, 0, *corner), view_point(canvas, 0, corner[0] + dx_pt, corner[1] + dy_pt),
         modifier=modifier)


@pytest.mark.parametrize(("dx_pt", "dy_pt"), [(60.0, 10.0), (10.0, 40.0), (-80.0, -5.0)])
def test_shift_and_a_corner_keep_the_ratio_of_width_to_height(qtbot, dx_pt: float, dy_pt: float):
    controller, canvas = _photo_frame_canvas(qtbot)
    _drag_corner(canvas, dx_pt, dy_pt, SHIFT)
    frame = _frame(controller)
    # The larger of the two relative moves wins: 200 × 100 pt scaled by it, top-left corner fixed.
    scale = max(dx_pt / 200.0, dy_pt / 100.0, key=abs)
    assert (frame.x_pt, frame.y_pt) == (100.0, 150.0)
    assert frame.width_pt == pytest.approx(200.0 * (1 + scale), abs=1.5)
    assert frame.height_pt == pytest.approx(100.0 * (1 + scale), abs=1.0)
    assert frame.width_pt / frame.height_pt == pytest.approx(2.0, rel=0.002)


def test_a_corner_without_shift_follows_the_pointer_freely(qtbot):
    controller, canvas = _photo_frame_canvas(qtbot)
    _drag_corner(canvas, 60.0, 10.0, Qt.KeyboardModifier.NoModifier)
    frame = _frame(controller)
    assert frame.width_pt == pytest.approx(260.0, abs=1.5) and frame.height_pt == pytest.approx(110.0, abs=1.5)
