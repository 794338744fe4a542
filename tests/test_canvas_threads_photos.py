"""Threads (out-port click then frame), overset markers, photo pan/scale/fit, page repaint economy."""

from __future__ import annotations

import copy

import pytest
from PIL import Image
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from editor import SAMPLE_PROJECT
from editor.io.photos import import_photo
from editor.io.project import load_project
from editor.model import ImageFrame, Paragraph, Run, Story, TextFrame
from editor.ui.canvas import threads
from tests.canvas_helpers import blank_document, drag, shown_canvas, view_point


def _two_frames_doc():
    doc = blank_document()
    doc.stories["a"] = Story(id="a", paragraphs=[Paragraph(style="正文", runs=[Run(text="党建" * 200)])])
    doc.stories["b"] = Story(id="b", paragraphs=[Paragraph(style="正文")])
    doc.pages[0].frames += [TextFrame(id="fa", story_id="a", x_pt=60, y_pt=80, width_pt=200, height_pt=120),
                            TextFrame(id="fb", story_id="b", x_pt=300, y_pt=80, width_pt=200, height_pt=300)]
    return doc


def test_overset_story_shows_a_marker_on_its_last_frame(qtbot):
    controller, canvas = shown_canvas(qtbot, _two_frames_doc())
    assert controller.layout.stories["a"].overset
    markers = threads.overset_markers(controller.doc, controller.layout.overset_story_ids, 6.0)
    assert [frame_id for frame_id, _ in markers] == ["fa"]


def test_clicking_the_out_port_then_a_frame_threads_them_and_undo_unthreads(qtbot):
    controller, canvas = shown_canvas(qtbot, _two_frames_doc())
    before = copy.deepcopy(controller.doc)
    viewport = canvas.viewport()
    QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, view_point(canvas, 0, 150, 150))
    assert controller.selection == ("fa",)
    port = threads.out_port(controller.doc.frame_by_id("fa"), canvas.px_to_pt(threads.PORT_PX))
    centre = view_point(canvas, 0, port.x_pt + port.width_pt / 2, port.y_pt + port.height_pt / 2)
    QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)
    QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, view_point(canvas, 0, 400, 200))
    assert controller.doc.frame_by_id("fa").next_frame_id == "fb"
    assert controller.doc.frame_by_id("fb").story_id == "a"
    assert not controller.layout.stories["a"].overset  # the text flowed on
    assert controller.undo_stack.undoText() == "串接文本框"
    controller.undo_stack.undo()
    assert controller.doc == before


def _photo_doc(tmp_path):
    path = tmp_path / "p.png"
    Image.new("RGB", (400, 200), (10, 120, 40)).save(path)
    asset, data = import_photo(path)
    doc = blank_document()
    doc.assets[asset] = data
    doc.pages[0].frames.append(ImageFrame(id="ph", x_pt=100, y_pt=100, width_pt=200, height_pt=200, asset=asset))
    return doc


def test_ctrl_drag_pans_the_picture_not_the_frame(qtbot, tmp_path):
    controller, canvas = shown_canvas(qtbot, _photo_doc(tmp_path))
    before = copy.deepcopy(controller.doc)
    drag(canvas, view_point(canvas, 0, 200, 200), view_point(canvas, 0, 230, 190), modifier=Qt.KeyboardModifier.ControlModifier)
    frame = controller.doc.frame_by_id("ph")
    assert (frame.x_pt, frame.y_pt) == (100, 100)
    assert frame.offset_x_pt == pytest.approx(30, abs=1) and frame.offset_y_pt == pytest.approx(-10, abs=1)
    assert controller.undo_stack.count() == 1
    controller.undo_stack.undo()
    assert controller.doc == before


def test_ctrl_wheel_over_a_selected_photo_scales_it_and_fit_modes_reset(qtbot, tmp_path):
    controller, canvas = shown_canvas(qtbot, _photo_doc(tmp_path))
    controller.select(["ph"])
    zoom = canvas.zoom
    point = QPointF(view_point(canvas, 0, 200, 200))
    for _ in range(2):
        event = QWheelEvent(point, QPointF(canvas.viewport().mapToGlobal(point.toPoint())), QPoint(0, 0), QPoint(0, 120),
                            Qt.MouseButton.NoButton, Qt.KeyboardModifier.ControlModifier, Qt.ScrollPhase.NoScrollPhase, False)
        QApplication.sendEvent(canvas.viewport(), event)
    frame = controller.doc.frame_by_id("ph")
    assert frame.zoom == pytest.approx(1.21)
    assert canvas.zoom == zoom  # the view did not zoom
    assert controller.undo_stack.count() == 1
    assert canvas.set_photo_fit("fit")
    frame = controller.doc.frame_by_id("ph")
    assert (frame.fit, frame.zoom, frame.offset_x_pt, frame.offset_y_pt) == ("fit", 1.0, 0.0, 0.0)
    assert controller.undo_stack.undoText() == "图片适合"


def test_ctrl_wheel_elsewhere_zooms_the_view(qtbot):
    controller, canvas = shown_canvas(qtbot, blank_document())
    zooms = []
    canvas.zoom_changed.connect(zooms.append)
    point = QPointF(view_point(canvas, 0, 300, 300))
    event = QWheelEvent(point, QPointF(canvas.viewport().mapToGlobal(point.toPoint())), QPoint(0, 0), QPoint(0, 120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.ControlModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(canvas.viewport(), event)
    assert zooms and zooms[-1] == pytest.approx(1.15)
    # the page point under the cursor stayed under the cursor
    assert (view_point(canvas, 0, 300, 300) - point.toPoint()).manhattanLength() <= 2


def test_moving_a_frame_repaints_only_its_page_and_only_part_of_it(qtbot):
    controller, canvas = shown_canvas(qtbot, load_project(SAMPLE_PROJECT), width=1000, height=2400)
    canvas.set_zoom(0.3)
    QApplication.processEvents()
    canvas.viewport().repaint()
    pages = canvas.page_items()
    renders = [p.renders for p in pages]
    assert all(p.cache_bytes() for p in pages)  # every page is on screen and cached
    controller.select(["p5-rule"])
    canvas.nudge(0.0, 5.0)
    canvas.viewport().repaint()
    after = [p.renders for p in pages]
    assert after[:4] == renders[:4]  # other pages: not painted again
    assert after[4] > renders[4]
    canvas.set_zoom(0.31)
    canvas.viewport().repaint()
    assert [p.renders for p in pages] > after  # a zoom repaints pages from scratch


def test_zoom_fit_page_and_100_and_show_page_signals(qtbot):
    controller, canvas = shown_canvas(qtbot, load_project(SAMPLE_PROJECT))
    pages = []
    canvas.current_page_changed.connect(pages.append)
    canvas.show_page(3)
    assert canvas.current_page() == 3 and pages[-1] == 3
    canvas.zoom_fit_page()
    assert canvas.zoom < 1.0
    rect = canvas.mapFromScene(canvas.page_items()[3].sceneBoundingRect()).boundingRect()
    assert canvas.viewport().rect().contains(rect)
    canvas.zoom_100()
    assert canvas.zoom == 1.0


def test_middle_button_and_space_drag_pan_without_editing(qtbot):
    controller, canvas = shown_canvas(qtbot, load_project(SAMPLE_PROJECT))
    before = copy.deepcopy(controller.doc)
    viewport = canvas.viewport()
    bar = canvas.verticalScrollBar()
    start = bar.value()
    QTest.mousePress(viewport, Qt.MouseButton.MiddleButton, Qt.KeyboardModifier.NoModifier, QPoint(400, 500))
    QTest.mouseMove(viewport, QPoint(400, 300))
    QTest.mouseRelease(viewport, Qt.MouseButton.MiddleButton, Qt.KeyboardModifier.NoModifier, QPoint(400, 300))
    assert bar.value() == start + 200
    canvas.setFocus()
    QTest.keyPress(canvas, Qt.Key.Key_Space)
    drag(canvas, QPoint(400, 300), QPoint(400, 450))
    QTest.keyRelease(canvas, Qt.Key.Key_Space)
    assert bar.value() == start + 50
    assert controller.doc == before and controller.undo_stack.count() == 0


def test_an_empty_photo_frame_prints_nothing_but_shows_a_cross_on_screen(qtbot):
    controller, canvas = shown_canvas(qtbot, blank_document())
    canvas.set_tool("image")
    drag(canvas, view_point(canvas, 0, 100, 100), view_point(canvas, 0, 300, 300))
    frame = controller.doc.pages[0].frames[0]
    assert controller.layout.pages[0].items == []  # nothing to print
    controller.select([])
    canvas.viewport().repaint()
    image = canvas.viewport().grab().toImage()
    def darkest_near(x_pt, y_pt):
        centre = view_point(canvas, 0, x_pt, y_pt)
        return min(image.pixelColor(centre.x() + dx, centre.y() + dy).red() for dx in (-2, -1, 0, 1, 2)
                   for dy in (-2, -1, 0, 1, 2))

    diagonal = frame.y_pt + 50 * frame.height_pt / frame.width_pt
    off_diagonal = image.pixelColor(view_point(canvas, 0, frame.x_pt + 150, frame.y_pt + 40)).red()
    assert darkest_near(frame.x_pt + 50, diagonal) < off_diagonal - 40  # the cross's line
    assert off_diagonal < 250  # the light grey fill
