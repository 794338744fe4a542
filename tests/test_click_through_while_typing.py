"""A click on a frame lying on the text being typed in selects that frame, as in Word, WPS and InDesign.

While the caret is in a text frame, a photo (or its caption), a rule, a box or a locked photo
stacked above that frame is what a click there hits: typing ends and the frame is selected,
as a click on it does when no text is edited. Where nothing is above the text, the click
moves the caret; a frame under the text frame stays out of reach, and so do a master's items
on a page (while the master is edited, the page's own frames are the ones out of reach).
Every click is a real mouse event on the canvas's viewport at the frame's place.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from editor.layout.display import GlyphRun
from editor.model import Paragraph, Run, Story, TextFrame
from editor.model.frames import Caption, ImageFrame, ShapeFrame
from tests.canvas_helpers import blank_document, shown_canvas, type_text, view_point
from tests.test_masters_model import _running_head_doc

TEXT = "一二三四五六七八九十" * 20


def _story_text(controller, story_id: str) -> str:
    return "".join(run.text for p in controller.doc.stories[story_id].paragraphs for run in p.runs)


def _doc_with_frames_on_text():
    """Text frame "f" (60, 80, 300 × 200) full of text, with a photo under it and, above it, a
    photo with its caption, a rule, a box and a locked photo, all lying on its lines."""
    doc = blank_document()
    doc.stories["s"] = Story(id="s", paragraphs=[Paragraph(style="正文", runs=[Run(text=TEXT)])])
    doc.stories["cap"] = Story(id="cap", paragraphs=[Paragraph(style="正文", runs=[Run(text="图注")])])
    doc.pages[0].frames += [
        ImageFrame(id="under", x_pt=60, y_pt=200, width_pt=100, height_pt=60),
        TextFrame(id="f", story_id="s", x_pt=60, y_pt=80, width_pt=300, height_pt=200),
        # the caption box is below the photo: y 164 to 188
        ImageFrame(id="photo", x_pt=240, y_pt=100, width_pt=100, height_pt=60, caption=Caption(story_id="cap")),
        ShapeFrame(id="rule", shape="rule", x_pt=60, y_pt=150, width_pt=150, height_pt=0),
        ShapeFrame(id="box", shape="box", x_pt=170, y_pt=115, width_pt=40, height_pt=20),
        ImageFrame(id="locked", x_pt=60, y_pt=240, width_pt=50, height_pt=30, locked=True),
    ]
    return doc


def _click(canvas, point: QPoint) -> None:
    QTest.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)


def _glyph_lines(controller, story_id: str) -> list[tuple[GlyphRun, int]]:
    """Each line's glyph run of ``story_id`` on page 1 with the story offset of its first character."""
    runs = [item for item in controller.layout.pages[0].items
            if isinstance(item, GlyphRun) and item.story_id == story_id]
    out, offset = [], 0
    for run in runs:
        out.append((run, offset))
        offset += len(run.text)
    return out


@pytest.mark.parametrize(("frame_id", "x_pt", "y_pt"), [
    ("photo", 290.0, 130.0),  # on the lines the photo hides
    ("photo", 300.0, 176.0),  # its caption
    ("box", 190.0, 125.0),
    ("locked", 85.0, 255.0),  # a locked frame is selected by a click too (it just does not move)
])
def test_a_click_on_a_frame_above_the_text_being_typed_ends_typing_and_selects_it(qtbot, frame_id, x_pt, y_pt):
    controller, canvas = shown_canvas(qtbot, _doc_with_frames_on_text())
    assert canvas.start_text_editing("f")
    _click(canvas, view_point(canvas, 0, x_pt, y_pt))
    assert not canvas.is_text_editing()
    assert controller.selection == (frame_id,)
    type_text(canvas, "党")  # the keys no longer reach the story
    assert _story_text(controller, "s") == TEXT
    assert controller.undo_stack.count() == 0  # the click moved nothing


def test_a_click_beside_a_thin_rule_on_the_text_selects_the_rule_as_a_click_without_typing_does(qtbot):
    controller, canvas = shown_canvas(qtbot, _doc_with_frames_on_text())
    beside = view_point(canvas, 0, 120.0, 150.0) + QPoint(0, 2)  # 2 px off the line, within its reach
    _click(canvas, beside)
    assert controller.selection == ("rule",)
    assert canvas.start_text_editing("f")
    _click(canvas, beside)
    assert not canvas.is_text_editing()
    assert controller.selection == ("rule",)


def test_a_click_on_the_text_where_nothing_lies_above_it_moves_the_caret(qtbot):
    controller, canvas = shown_canvas(qtbot, _doc_with_frames_on_text())
    assert canvas.start_text_editing("f")
    assert canvas.editor.caret == (0, len(TEXT))
    run, offset = _glyph_lines(controller, "s")[0]
    assert (offset, run.text[3]) == (0, "四")
    _click(canvas, view_point(canvas, 0, run.box_left_pt[3] + 0.5, run.baseline_pt - 3))  # between 三 and 四
    assert canvas.is_text_editing() and canvas.editing_frame_id == "f"
    assert canvas.editor.caret == (0, 3)
    assert controller.selection == ("f",)
    type_text(canvas, "党")
    assert _story_text(controller, "s") == "一二三党四五六七八九十" + TEXT[10:]


def test_a_click_on_the_text_over_a_photo_under_the_text_frame_moves_the_caret(qtbot):
    controller, canvas = shown_canvas(qtbot, _doc_with_frames_on_text())
    assert canvas.start_text_editing("f")
    run, offset = next((run, offset) for run, offset in _glyph_lines(controller, "s")
                       if 200.0 < run.baseline_pt - 3 < 240.0 and run.box_left_pt[0] < 70.0)
    x_pt = run.box_left_pt[2] + 0.5
    assert 60.0 < x_pt < 160.0  # on the photo "under" (60, 200, 100 × 60)
    _click(canvas, view_point(canvas, 0, x_pt, run.baseline_pt - 3))
    assert canvas.is_text_editing() and canvas.editing_frame_id == "f"
    assert canvas.editor.caret == (0, offset + 2)
    assert controller.selection == ("f",)


def test_the_pointer_over_a_photo_on_the_text_is_an_arrow_and_over_the_text_an_i_beam(qtbot):
    controller, canvas = shown_canvas(qtbot, _doc_with_frames_on_text())
    assert canvas.start_text_editing("f")
    QTest.mouseMove(canvas.viewport(), view_point(canvas, 0, 290.0, 130.0))
    assert canvas.viewport().cursor().shape() == Qt.CursorShape.ArrowCursor
    QTest.mouseMove(canvas.viewport(), view_point(canvas, 0, 100.0, 130.0))
    assert canvas.viewport().cursor().shape() == Qt.CursorShape.IBeamCursor


def _master_doc():
    """Two pages on master "M" (running head "head-frame" at 56, 30, 480 × 20); the master also
    has a badge on the running head and a box behind page 1's article "f1" (56, 80, 480 × 200),
    and page 1 has its own box on the running head."""
    doc = _running_head_doc(pages=2)
    doc.masters[0].frames += [
        ShapeFrame(id="head-badge", shape="box", x_pt=400.0, y_pt=28.0, width_pt=40.0, height_pt=24.0),
        ShapeFrame(id="behind", shape="box", x_pt=56.0, y_pt=80.0, width_pt=200.0, height_pt=60.0),
    ]
    doc.pages[0].frames.append(ShapeFrame(id="page-box", shape="box", x_pt=50.0, y_pt=28.0, width_pt=40.0, height_pt=24.0))
    return doc


def test_on_a_page_a_masters_item_under_the_article_leaves_the_click_to_the_text(qtbot):
    controller, canvas = shown_canvas(qtbot, _master_doc())
    assert canvas.start_text_editing("f1")
    run, offset = _glyph_lines(controller, "a1")[0]
    assert (offset, run.text[2]) == (0, "页")
    _click(canvas, view_point(canvas, 0, run.box_left_pt[2] + 0.5, run.baseline_pt - 3))  # on "behind" too
    assert canvas.is_text_editing() and canvas.editing_frame_id == "f1"
    assert canvas.editor.caret == (0, 2)
    assert controller.selection == ("f1",)


def test_typing_in_the_masters_running_head_a_click_on_the_masters_badge_selects_it(qtbot):
    controller, canvas = shown_canvas(qtbot, _master_doc())
    controller.edit_master("M")
    assert canvas.start_text_editing("head-frame")
    _click(canvas, view_point(canvas, 0, 420.0, 40.0))
    assert not canvas.is_text_editing()
    assert controller.selection == ("head-badge",)


def test_typing_in_the_masters_running_head_a_click_on_the_pages_own_box_goes_to_the_text(qtbot):
    controller, canvas = shown_canvas(qtbot, _master_doc())
    controller.edit_master("M")
    _click(canvas, view_point(canvas, 0, 80.0, 40.0))
    assert controller.selection == ("head-frame",)  # while the master is edited, the page's box is out of reach
    assert canvas.start_text_editing("head-frame")
    end = canvas.editor.caret
    _click(canvas, view_point(canvas, 0, 57.0, 40.0))  # the head's left edge, on the page's box
    assert canvas.is_text_editing() and canvas.editing_frame_id == "head-frame"
    assert canvas.editor.caret == (0, 0) != end
    assert controller.selection == ("head-frame",)
