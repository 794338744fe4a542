"""The thread line and the overset mark on the canvas, checked in the pixels the canvas paints.

The thread line crossed the text of the frames it joins and the red overset ⊞ covered the
last characters of an overset frame (walkthrough screenshots 28c and 61-fix). These tests
grab the canvas and look for the line's blue and the mark's red where they must and must
not be; the glyph boxes come from the layout's display list. The PNG export and printing
draw the display list only, so neither ever shows the line or the mark.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QImage

from editor.layout.display import GlyphRun
from editor.model import Paragraph, Run, Story, TextFrame
from editor.model.frames import Caption, ImageFrame
from editor.render.imposition import Scaling
from editor.render.qt import render_page_image
from editor.ui.canvas import threads
from editor.ui.printing import paint_sides, set_paper_for, sheet_sides
from tests.canvas_helpers import blank_document, shown_canvas, view_point
from tests.photo_files import pdf_page_image
from tests.test_printing import pdf_printer

#: The thread: fa (left, high) flows into fb (right, lower); fc holds another story.
FA = (60.0, 80.0, 200.0, 150.0)
FB = (300.0, 300.0, 200.0, 150.0)
FC = (60.0, 500.0, 200.0, 100.0)


def _threaded_doc():
    """Story "a" threads fa → fb and still does not fit (fb is overset); story "c" sits in fc alone."""
    doc = blank_document()
    doc.stories["a"] = Story(id="a", paragraphs=[Paragraph(style="正文", runs=[Run(text="党建工作" * 200)])])
    doc.stories["c"] = Story(id="c", paragraphs=[Paragraph(style="正文", runs=[Run(text="通讯员")])])
    doc.pages[0].frames += [
        TextFrame(id="fa", story_id="a", x_pt=FA[0], y_pt=FA[1], width_pt=FA[2], height_pt=FA[3], next_frame_id="fb"),
        TextFrame(id="fb", story_id="a", x_pt=FB[0], y_pt=FB[1], width_pt=FB[2], height_pt=FB[3]),
        TextFrame(id="fc", story_id="c", x_pt=FC[0], y_pt=FC[1], width_pt=FC[2], height_pt=FC[3]),
    ]
    return doc


def _grab(canvas) -> QImage:
    canvas.viewport().repaint()
    return canvas.viewport().grab().toImage()


def _is_thread_blue(color: QColor) -> bool:
    """The thread's blue (0, 90, 200), not the selection's (0, 120, 215): the overlay is not antialiased."""
    return color.red() < 40 and 70 <= color.green() <= 105 and color.blue() > 170


def _is_overset_red(color: QColor) -> bool:
    """The overset mark's red (220, 0, 0); the text is black."""
    return color.red() > 150 and color.green() < 150 and color.blue() < 150 and color.red() - color.green() > 70


def _port_pt(canvas) -> float:
    return threads.PORT_PX / canvas.px_per_pt()


def _link_points(canvas) -> list[QPoint]:
    """Viewport pixels along the middle of the link from fa's out-port to fb's in-port.

    The ports are squares of PORT_PX touching the frames' edges from outside: fa's out-port
    against its right edge, its middle 1.5 ports above the bottom; fb's in-port against its left
    edge, its middle 1.5 ports below the top. Only the middle of the link is sampled, away from
    the ports, the frames' edges and the selection handles."""
    size = _port_pt(canvas)
    x0, y0 = FA[0] + FA[2] + size / 2, FA[1] + FA[3] - 1.5 * size
    x1, y1 = FB[0] - size / 2, FB[1] + 1.5 * size
    return [view_point(canvas, 0, x0 + (x1 - x0) * t, y0 + (y1 - y0) * t) for t in (0.3, 0.4, 0.5, 0.6, 0.7)]


def _blue_near(image: QImage, point: QPoint, radius_px: int = 2) -> bool:
    return any(_is_thread_blue(image.pixelColor(point.x() + dx, point.y() + dy))
               for dx in range(-radius_px, radius_px + 1) for dy in range(-radius_px, radius_px + 1))


def test_no_thread_line_is_drawn_while_nothing_is_selected(qtbot):
    controller, canvas = shown_canvas(qtbot, _threaded_doc())
    controller.select([])
    image = _grab(canvas)
    assert [_blue_near(image, p) for p in _link_points(canvas)] == [False] * 5


def test_selecting_a_frame_of_another_story_draws_no_thread_line(qtbot):
    controller, canvas = shown_canvas(qtbot, _threaded_doc())
    controller.select(["fc"])
    image = _grab(canvas)
    assert [_blue_near(image, p) for p in _link_points(canvas)] == [False] * 5


@pytest.mark.parametrize("selected", ["fa", "fb"])
def test_selecting_either_frame_of_the_thread_draws_its_line_from_out_port_to_in_port(qtbot, selected):
    controller, canvas = shown_canvas(qtbot, _threaded_doc())
    controller.select([selected])
    image = _grab(canvas)
    assert [_blue_near(image, p) for p in _link_points(canvas)] == [True] * 5


def test_the_thread_line_between_neighbouring_columns_stays_in_the_gutter(qtbot):
    """Two columns with a gutter wider than a port: the line crosses none of their glyphs (screenshot 28c)."""
    doc = blank_document()
    doc.stories["a"] = Story(id="a", paragraphs=[Paragraph(style="正文", runs=[Run(text="党建工作" * 200)])])
    doc.pages[0].frames += [
        TextFrame(id="fa", story_id="a", x_pt=60, y_pt=80, width_pt=150, height_pt=300, next_frame_id="fb"),
        TextFrame(id="fb", story_id="a", x_pt=225, y_pt=80, width_pt=150, height_pt=300),
    ]
    controller, canvas = shown_canvas(qtbot, doc)
    assert 15.0 > _port_pt(canvas)  # the gutter holds a port
    controller.select(["fa"])
    image = _grab(canvas)
    boxes = _glyph_boxes_px(canvas, controller.layout.pages[0].items)
    blue = _pixels(image, _is_thread_blue, _box_around(canvas, (205, 80, 25, 300)))
    assert len(blue) > 100  # the line runs down the gutter
    assert [p for p in blue if any(_inside(p, box) for box in boxes)] == []


# ------------------------------------------------------------------ overset mark


def _glyph_boxes_px(canvas, items, frame: tuple[float, float, float, float] | None = None,
                    last_line_only: bool = False) -> list[tuple[float, float, float, float]]:
    """(left, top, right, bottom) viewport pixels of each glyph's box: the part of the line it
    occupies across, from an em above its baseline to a third of an em below it (the font's
    descent is less), as the display list places it; with ``frame``, only glyphs inside it."""
    runs = [item for item in items if isinstance(item, GlyphRun)]
    if frame is not None:
        x, y, w, h = frame
        runs = [r for r in runs if x <= r.box_left_pt[0] < x + w and y < r.baseline_pt <= y + h]
    if last_line_only:
        last = max(r.baseline_pt for r in runs)
        runs = [r for r in runs if r.baseline_pt == last]
    boxes = []
    for run in runs:
        for left, width in zip(run.box_left_pt, run.box_width_pt, strict=True):
            top_left = view_point(canvas, 0, left, run.baseline_pt - run.size_pt)
            bottom_right = view_point(canvas, 0, left + width, run.baseline_pt + run.size_pt / 3)
            boxes.append((top_left.x(), top_left.y(), bottom_right.x(), bottom_right.y()))
    return boxes


def _box_around(canvas, rect_pt: tuple[float, float, float, float]) -> tuple[int, int, int, int]:
    x, y, w, h = rect_pt
    a, b = view_point(canvas, 0, x, y), view_point(canvas, 0, x + w, y + h)
    return a.x(), a.y(), b.x(), b.y()


def _pixels(image: QImage, wanted, area: tuple[int, int, int, int]) -> list[tuple[int, int]]:
    left, top, right, bottom = area
    return [(x, y) for y in range(max(top, 0), min(bottom, image.height()))
            for x in range(max(left, 0), min(right, image.width())) if wanted(image.pixelColor(x, y))]


def _inside(pixel: tuple[int, int], box: tuple[float, float, float, float]) -> bool:
    """The pixel lies in the box: its centre strictly inside, so a box edge that falls on a pixel's
    far side does not claim the antialiased pixel next to it."""
    cx, cy = pixel[0] + 0.5, pixel[1] + 0.5
    return box[0] < cx < box[2] and box[1] < cy < box[3]


def test_the_overset_mark_covers_none_of_the_last_lines_glyphs(qtbot):
    controller, canvas = shown_canvas(qtbot, _threaded_doc())
    controller.select([])
    assert controller.layout.stories["a"].overset
    image = _grab(canvas)
    near_corner = _box_around(canvas, (FB[0] + FB[2] - 40, FB[1] + FB[3] - 40, 80, 80))
    red = _pixels(image, _is_overset_red, near_corner)
    assert len(red) > 20  # the mark is there, at fb's bottom right corner
    last_line = _glyph_boxes_px(canvas, controller.layout.pages[0].items, FB, last_line_only=True)
    assert len(last_line) > 10  # fb is full: its last line runs to the right edge
    assert max(box[2] for box in last_line) >= view_point(canvas, 0, FB[0] + FB[2], 0).x() - 1
    assert [p for p in red if any(_inside(p, box) for box in last_line)] == []


def test_the_overset_mark_sits_against_the_frames_right_edge_outside_it(qtbot):
    controller, canvas = shown_canvas(qtbot, _threaded_doc())
    image = _grab(canvas)
    red = _pixels(image, _is_overset_red, _box_around(canvas, (FB[0] + FB[2] - 40, FB[1] + FB[3] - 40, 80, 80)))
    right_edge_px = view_point(canvas, 0, FB[0] + FB[2], 0).x()
    port_px = round(threads.PORT_PX)
    xs = sorted({x for x, _ in red})
    assert right_edge_px - 1 <= xs[0] <= right_edge_px + 1  # it touches the edge ...
    assert xs[-1] <= right_edge_px + port_px + 1  # ... and is one port wide, outside the text
    bottom_px = view_point(canvas, 0, 0, FB[1] + FB[3]).y()
    assert max(y for _, y in red) <= bottom_px  # above the bottom right corner's handle


def test_a_captions_overset_mark_covers_none_of_its_last_lines_glyphs(qtbot):
    """A caption too long for its box: the ⊞ against the box's bottom right corner, outside it."""
    doc = blank_document()
    doc.stories["cap"] = Story(id="cap", paragraphs=[Paragraph(style="正文", runs=[Run(text="图为云铝股份" * 40)])])
    doc.pages[0].frames.append(ImageFrame(id="ph", x_pt=100, y_pt=100, width_pt=200, height_pt=120,
                                          caption=Caption(story_id="cap", gap_pt=4.0, extent_pt=40.0)))
    box = (100.0, 224.0, 200.0, 40.0)  # below the photo, 4 pt down, 40 pt high
    controller, canvas = shown_canvas(qtbot, doc)
    assert controller.layout.stories["cap"].overset
    image = _grab(canvas)
    red = _pixels(image, _is_overset_red, _box_around(canvas, (box[0] + box[2] - 40, box[1], 80, 60)))
    assert len(red) > 20
    last_line = _glyph_boxes_px(canvas, controller.layout.pages[0].items, box, last_line_only=True)
    assert max(b[2] for b in last_line) >= view_point(canvas, 0, box[0] + box[2], 0).x() - 1
    assert [p for p in red if any(_inside(p, b) for b in last_line)] == []


# ------------------------------------------------------------------ export and print


def _has_marks(image: QImage) -> tuple[bool, bool]:
    """(any thread blue, any overset red) anywhere on the image."""
    colors = [image.pixelColor(x, y) for y in range(image.height()) for x in range(image.width())]
    return any(_is_thread_blue(c) for c in colors), any(_is_overset_red(c) for c in colors)


def test_the_png_export_draws_neither_the_thread_line_nor_the_overset_mark(qtbot):
    controller, canvas = shown_canvas(qtbot, _threaded_doc())
    controller.select(["fa"])  # the canvas shows the line and the mark now
    assert _has_marks(_grab(canvas)) == (True, True)
    image = render_page_image(controller.doc, controller.layout, 0, 72.0)
    assert _has_marks(image) == (False, False)


def test_printing_draws_neither_the_thread_line_nor_the_overset_mark(qtbot, tmp_path):
    controller, canvas = shown_canvas(qtbot, _threaded_doc())
    controller.select(["fa"])
    target = tmp_path / "proof.pdf"
    printer = pdf_printer(target)
    set_paper_for(printer, controller.doc, Scaling.ACTUAL)
    assert paint_sides(printer, controller.doc, controller.layout,
                       sheet_sides(printer, controller.doc, [1], Scaling.ACTUAL)) is True
    printed = pdf_page_image(target, 72)
    assert printed.size == (round(controller.doc.page_width_pt), round(controller.doc.page_height_pt))
    assert _has_marks(QImage(printed.tobytes(), printed.width, printed.height, 3 * printed.width,
                             QImage.Format.Format_RGB888)) == (False, False)
