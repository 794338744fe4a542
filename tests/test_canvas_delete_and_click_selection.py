"""删除 keeps locked frames, and a click on one of several selected frames selects it alone.

Found by a user walkthrough: Delete removed a locked frame (and its article with it) at once,
though 锁定 kept it from moving; and a plain click on one frame of a multiple selection kept
all of them selected, so the Delete that followed removed all three. InDesign and 方正飞腾 keep
a locked object on 删除; Word, WPS and PowerPoint select the one shape clicked. Real key and
mouse events on the canvas, as a user gives them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from editor.model import edits
from editor.ui.canvas.master_mode import LOCKED_NOT_DELETED
from tests.canvas_helpers import blank_document, drag, shown_canvas, view_point

BOXES_AT_PT = (80, 250, 420)


def _three_boxes(qtbot):
    controller, canvas = shown_canvas(qtbot, blank_document())
    for x in BOXES_AT_PT:
        canvas.set_tool("box")
        drag(canvas, view_point(canvas, 0, x, 500), view_point(canvas, 0, x + 60, 560))
    return controller, canvas, [f.id for f in controller.doc.pages[0].frames]


def _press_delete(canvas) -> None:
    canvas.setFocus()
    QTest.keyClick(canvas.viewport(), Qt.Key.Key_Delete)


def test_delete_keeps_a_locked_frame_and_says_how_to_delete_it(qtbot):
    controller, canvas, ids = _three_boxes(qtbot)
    controller.edit("锁定", edits.update_frame(controller.doc, ids[1], locked=True))
    messages: list[str] = []
    canvas.message.connect(messages.append)
    controller.select(ids)
    _press_delete(canvas)
    assert [f.id for f in controller.doc.pages[0].frames] == [ids[1]], "the unlocked ones go, the locked one stays"
    assert messages[-1] == LOCKED_NOT_DELETED
    steps = controller.undo_stack.count()
    controller.select([ids[1]])
    _press_delete(canvas)
    assert [f.id for f in controller.doc.pages[0].frames] == [ids[1]]
    assert controller.undo_stack.count() == steps, "nothing deleted: no undo step"


def test_the_menus_delete_keeps_a_locked_frame_too(make_window, qtbot):
    window = make_window()
    frame = window.controller.doc.pages[3].frames[0]
    window.controller.edit("锁定", edits.update_frame(window.controller.doc, frame.id, locked=True))
    window.controller.select([frame.id])
    window.delete_selection()
    assert window.controller.doc.frame_by_id(frame.id) is not None
    assert window.status.currentMessage() == LOCKED_NOT_DELETED


def test_a_click_on_one_of_several_selected_frames_selects_it_alone(qtbot):
    controller, canvas, ids = _three_boxes(qtbot)
    controller.select(ids)
    QTest.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     view_point(canvas, 0, BOXES_AT_PT[1] + 30, 530))
    assert controller.selection == (ids[1],)
    _press_delete(canvas)
    assert [f.id for f in controller.doc.pages[0].frames] == [ids[0], ids[2]]


def test_dragging_one_of_several_selected_frames_still_moves_them_all(qtbot):
    controller, canvas, ids = _three_boxes(qtbot)
    controller.select(ids)
    before = {f.id: f.x_pt for f in controller.doc.pages[0].frames}
    drag(canvas, view_point(canvas, 0, BOXES_AT_PT[1] + 30, 530), view_point(canvas, 0, BOXES_AT_PT[1] + 70, 530))
    assert set(controller.selection) == set(ids)
    moved = {f.id: f.x_pt - before[f.id] for f in controller.doc.pages[0].frames}
    assert len(set(round(dx, 3) for dx in moved.values())) == 1 and next(iter(moved.values())) > 20


def test_cut_copies_a_locked_frame_and_leaves_it_in_place(make_window):
    window = make_window()
    frame = window.controller.doc.pages[3].frames[0]
    window.controller.edit("锁定", edits.update_frame(window.controller.doc, frame.id, locked=True))
    window.go_to_page(3)
    window.controller.select([frame.id])
    window.menu_actions.actions["cut"].trigger()
    assert window.controller.doc.frame_by_id(frame.id) is not None
    count = len(window.controller.doc.pages[3].frames)
    window.menu_actions.actions["paste"].trigger()
    assert len(window.controller.doc.pages[3].frames) == count + 1, "it was copied"
