"""Canvas acceptance: draw a text frame, move it onto a column guide, resize by one handle, undo and redo."""

from __future__ import annotations

import copy

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from editor.model import TextFrame, mm_to_pt
from editor.ui.canvas.frames import frame_rect
from tests.canvas_helpers import blank_document, drag, shown_canvas, view_point


def _only_frame(controller):
    frames = controller.doc.pages[0].frames
    assert len(frames) == 1
    return frames[0]


def test_draw_move_snap_resize_then_undo_and_redo_exactly(qtbot):
    controller, canvas = shown_canvas(qtbot, blank_document())
    before = copy.deepcopy(controller.doc)

    canvas.set_tool("text")
    drag(canvas, view_point(canvas, 0, 100, 100), view_point(canvas, 0, 200, 300))
    frame = _only_frame(controller)
    assert isinstance(frame, TextFrame)
    assert frame.x_pt == pytest.approx(100, abs=1) and frame.y_pt == pytest.approx(100, abs=1)
    assert frame.width_pt == pytest.approx(100, abs=1.5) and frame.height_pt == pytest.approx(200, abs=1.5)
    assert frame.story_id in controller.doc.stories
    assert canvas.is_text_editing()  # a new text frame takes the caret, as in InDesign
    created = copy.deepcopy(controller.doc)

    canvas.set_tool("select")
    assert not canvas.is_text_editing()
    guide = canvas.grid(0).columns[1][0]  # left edge of the second column
    off_by = mm_to_pt(1.5)  # within the 2 mm snapping reach at 100 %, and no other target nearer
    grab = (frame.x_pt + 40, frame.y_pt + 40)
    dx = guide + off_by - frame.x_pt
    drag(canvas, view_point(canvas, 0, *grab), view_point(canvas, 0, grab[0] + dx, grab[1] + 30))
    moved = _only_frame(controller)
    assert moved.x_pt == pytest.approx(guide, abs=1e-6)  # snapped onto the column guide
    assert moved.y_pt == pytest.approx(frame.y_pt + 30, abs=1)
    assert (moved.width_pt, moved.height_pt) == (frame.width_pt, frame.height_pt)
    assert controller.undo_stack.undoText() == "移动文本框"

    right_handle = (moved.x_pt + moved.width_pt, moved.y_pt + moved.height_pt / 2)
    drag(canvas, view_point(canvas, 0, *right_handle), view_point(canvas, 0, right_handle[0] + 45, right_handle[1] + 25))
    resized = _only_frame(controller)
    assert (resized.x_pt, resized.y_pt, resized.height_pt) == (moved.x_pt, moved.y_pt, moved.height_pt)
    assert resized.width_pt == pytest.approx(moved.width_pt + 45, abs=1.5)
    assert controller.undo_stack.undoText() == "调整文本框大小"
    after = copy.deepcopy(controller.doc)

    assert controller.undo_stack.count() == 3  # create, one move, one resize: each drag is one step
    controller.undo_stack.undo()
    assert frame_rect(_only_frame(controller)) == frame_rect(moved)
    controller.undo_stack.undo()
    controller.undo_stack.undo()
    assert controller.doc == before
    controller.undo_stack.redo()
    assert controller.doc == created
    controller.undo_stack.redo()
    controller.undo_stack.redo()
    assert controller.doc == after


def test_a_move_beyond_the_snapping_reach_does_not_snap(qtbot):
    controller, canvas = shown_canvas(qtbot, blank_document())
    canvas.set_tool("box")
    drag(canvas, view_point(canvas, 0, 100, 400), view_point(canvas, 0, 160, 460))
    frame = _only_frame(controller)
    guide = canvas.grid(0).columns[1][0]
    dx = guide + mm_to_pt(4.0) - frame.x_pt
    drag(canvas, view_point(canvas, 0, frame.x_pt + 20, frame.y_pt + 20),
         view_point(canvas, 0, frame.x_pt + 20 + dx, frame.y_pt + 20))
    assert _only_frame(controller).x_pt == pytest.approx(guide + mm_to_pt(4.0), abs=1)


def test_click_shift_click_and_rubber_band_select(qtbot):
    controller, canvas = shown_canvas(qtbot, blank_document())
    for x in (80, 250, 420):
        canvas.set_tool("box")
        drag(canvas, view_point(canvas, 0, x, 500), view_point(canvas, 0, x + 60, 560))
    ids = [f.id for f in controller.doc.pages[0].frames]
    viewport = canvas.viewport()
    QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, view_point(canvas, 0, 110, 530))
    assert controller.selection == (ids[0],)
    QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier, view_point(canvas, 0, 450, 530))
    assert controller.selection == (ids[0], ids[2])
    QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, view_point(canvas, 0, 300, 700))
    assert controller.selection == ()
    drag(canvas, view_point(canvas, 0, 200, 450), view_point(canvas, 0, 500, 600))
    assert set(controller.selection) == {ids[1], ids[2]}


def test_arrow_keys_nudge_and_merge_into_one_undo_step(qtbot):
    controller, canvas = shown_canvas(qtbot, blank_document())
    canvas.set_tool("box")
    drag(canvas, view_point(canvas, 0, 100, 400), view_point(canvas, 0, 160, 460))
    frame = _only_frame(controller)
    steps_before = controller.undo_stack.count()
    canvas.setFocus()
    QTest.keyClick(canvas, Qt.Key.Key_Right)
    QTest.keyClick(canvas, Qt.Key.Key_Right)
    QTest.keyClick(canvas, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    nudged = _only_frame(controller)
    assert nudged.x_pt == pytest.approx(frame.x_pt + 2.0)
    assert nudged.y_pt == pytest.approx(frame.y_pt + 10.0)
    assert controller.undo_stack.count() == steps_before + 1
    controller.undo_stack.undo()
    assert frame_rect(_only_frame(controller)) == frame_rect(frame)


def test_each_tool_draws_its_kind_and_a_rule_stays_straight(qtbot):
    controller, canvas = shown_canvas(qtbot, blank_document())
    for tool, kind in (("image", "image"), ("rule", "rule"), ("box", "box")):
        canvas.set_tool(tool)
        drag(canvas, view_point(canvas, 0, 100, 600), view_point(canvas, 0, 320, 612))
        assert controller.doc.pages[0].frames[-1].kind == kind
        assert canvas.tool() == "select"
    rule = controller.doc.pages[0].frames[1]
    assert rule.height_pt == 0.0 and rule.width_pt == pytest.approx(220, abs=1.5)
    # dragging the rule's end keeps it horizontal
    controller.select([rule.id])
    end = (rule.x_pt + rule.width_pt, rule.y_pt)
    drag(canvas, view_point(canvas, 0, *end), view_point(canvas, 0, end[0] + 30, end[1] + 20))
    assert controller.doc.frame_by_id(rule.id).height_pt == 0.0


def test_locked_frames_and_read_only_documents_do_not_move_and_say_why(qtbot):
    from editor.model import edits

    controller, canvas = shown_canvas(qtbot, blank_document())
    canvas.set_tool("box")
    drag(canvas, view_point(canvas, 0, 100, 400), view_point(canvas, 0, 160, 460))
    frame = _only_frame(controller)
    controller.edit("锁定", edits.update_frame(controller.doc, frame.id, locked=True))
    messages = []
    canvas.message.connect(messages.append)
    drag(canvas, view_point(canvas, 0, 130, 430), view_point(canvas, 0, 200, 500))
    assert frame_rect(_only_frame(controller)) == frame_rect(frame)
    assert messages and "锁定" in messages[-1]
    controller.edit("解锁", edits.update_frame(controller.doc, frame.id, locked=False))
    controller.set_read_only(True)
    drag(canvas, view_point(canvas, 0, 130, 430), view_point(canvas, 0, 200, 500))
    assert _only_frame(controller).x_pt == frame.x_pt
    assert "只读" in messages[-1]


def test_a_frame_dragged_onto_the_next_page_moves_to_that_page_in_one_undo_step(qtbot):
    from editor.model import Page

    doc = blank_document()
    doc.pages.append(Page(id="p2"))
    controller, canvas = shown_canvas(qtbot, doc, height=1400)
    canvas.set_zoom(0.4)
    canvas.set_tool("box")
    drag(canvas, view_point(canvas, 0, 100, 700), view_point(canvas, 0, 200, 760))
    frame = controller.doc.pages[0].frames[0]
    before = copy.deepcopy(controller.doc)
    drag(canvas, view_point(canvas, 0, 150, 730), view_point(canvas, 1, 150, 130))
    assert controller.doc.pages[0].frames == []
    moved = controller.doc.pages[1].frames[0]
    assert moved.id == frame.id and moved.y_pt == pytest.approx(100, abs=4)
    assert controller.undo_stack.undoText() == "移动方框"
    controller.undo_stack.undo()
    assert controller.doc == before
