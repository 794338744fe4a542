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


def test_a_document_opened_in_the_editor_is_kept_out_of_full_garbage_collections(qtbot):
    import gc

    controller = DocumentController()
    controller.freeze_after_open = True
    try:
        controller.set_document(load_project(SAMPLE_PROJECT))
        page = controller.layout.pages[1]
        glyphs = next(item for item in page.items if type(item).__name__ == "GlyphRun")
        collected = {id(obj) for generation in range(3) for obj in gc.get_objects(generation)}
        assert gc.get_freeze_count() > 0
        assert gc.is_tracked(page) and id(page) not in collected, "the layout is frozen"
        assert id(controller.doc.pages[1]) not in collected, "the document is frozen"
        assert id(glyphs) not in collected or not gc.is_tracked(glyphs)
    finally:
        gc.unfreeze()


def test_a_test_controller_freezes_nothing(qtbot):
    import gc

    gc.unfreeze()
    DocumentController().set_document(load_project(SAMPLE_PROJECT))
    assert gc.get_freeze_count() == 0


def test_typing_through_the_controller_lays_out_as_a_fresh_layout_does(qtbot):
    import dataclasses

    from editor.layout.engine import layout_document

    controller = DocumentController(load_project(SAMPLE_PROJECT))
    story = controller.doc.stories["lead"]
    paragraph = story.paragraphs[1]
    typed = dataclasses.replace(paragraph, runs=[dataclasses.replace(paragraph.runs[0], text="党" + paragraph.runs[0].text),
                                                 *paragraph.runs[1:]])
    with qtbot.waitSignal(controller.layout_changed) as blocker:
        controller.edit("输入文字", edits.set_story(controller.doc, dataclasses.replace(
            story, paragraphs=[story.paragraphs[0], typed, *story.paragraphs[2:]])))
    assert blocker.args[0] == [1], "only page 2, where the lead story is set, is repainted"
    fresh = layout_document(copy.deepcopy(controller.doc))
    assert [p.items for p in controller.layout.pages] == [p.items for p in fresh.pages]
    controller.undo_stack.undo()
    fresh = layout_document(copy.deepcopy(controller.doc))
    assert [p.items for p in controller.layout.pages] == [p.items for p in fresh.pages]
