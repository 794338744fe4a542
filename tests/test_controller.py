"""The document controller: undoable edits, merged gestures, relayout signals."""

from __future__ import annotations

import copy

from editor import SAMPLE_PROJECT
from editor.io.project import load_project
from editor.model import edits
from editor.ui.controller import DocumentController


def test_edit_undo_redo_and_menu_text(qtbot):
    controller = DocumentController(load_project(SAMPLE_PROJECT))
    before = copy.deepcopy(controller.doc)
    frame = controller.doc.pages[0].frames[0]
    with qtbot.waitSignal(controller.layout_changed) as blocker:
        assert controller.edit("移动文本框", edits.move_frames(controller.doc, {frame.id: (12.0, 0.0)}))
    assert blocker.args[0] == [0]
    assert controller.undo_stack.undoText() == "移动文本框"
    after = copy.deepcopy(controller.doc)
    controller.undo_stack.undo()
    assert controller.doc == before
    controller.undo_stack.redo()
    assert controller.doc == after


def test_nudges_with_the_same_merge_key_undo_in_one_step(qtbot):
    controller = DocumentController(load_project(SAMPLE_PROJECT))
    before = copy.deepcopy(controller.doc)
    frame_id = controller.doc.pages[1].frames[0].id
    for _ in range(5):
        controller.edit("移动", edits.move_frames(controller.doc, {frame_id: (1.0, 0.0)}), merge_key=f"nudge:{frame_id}")
    assert controller.undo_stack.count() == 1
    assert controller.doc.frame_by_id(frame_id).x_pt == before.frame_by_id(frame_id).x_pt + 5.0
    controller.undo_stack.undo()
    assert controller.doc == before


def test_read_only_refuses_edits(qtbot):
    controller = DocumentController(load_project(SAMPLE_PROJECT))
    controller.set_read_only(True)
    frame_id = controller.doc.pages[0].frames[0].id
    assert not controller.edit("移动", edits.move_frames(controller.doc, {frame_id: (1.0, 0.0)}))
    assert controller.undo_stack.count() == 0
