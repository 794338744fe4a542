"""编辑 → 查找/替换 driven like a person: Ctrl+H, typing (Chinese through input-method
commits), 全部替换, a click on a hit. The oracle is the sample's text read before the
dialog opens, replaced with ``str.replace``, and the undo stack."""

from __future__ import annotations

import copy
import dataclasses
import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from editor.model import Run, edits
from editor.model.document_edits import plain_story_text
from editor.ui.find_dialog import FindReplaceDialog

CTRL = Qt.KeyboardModifier.ControlModifier


def _active(window, qtbot):
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    return window


def _ime_commit(widget: QWidget, text: str) -> None:
    """What a Chinese input method sends when a word is chosen: a commit string."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def _open(window, qtbot, key: Qt.Key) -> FindReplaceDialog:
    """Press Ctrl+key where the focus is; the dialog that opens."""
    QTest.keyClick(QApplication.focusWidget() or window, key, CTRL)
    dialog = window.findChild(FindReplaceDialog)
    assert dialog is not None
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=3000)
    return dialog


def _texts(window) -> dict[str, str]:
    return {story_id: plain_story_text(story) for story_id, story in window.controller.doc.stories.items()}


def test_ctrl_h_typing_and_replace_all_change_every_story_in_one_undo_step(make_window, qtbot):
    window = _active(make_window(), qtbot)
    before_texts = _texts(window)
    before_stories = copy.deepcopy(window.controller.doc.stories)
    holding = sorted(story_id for story_id, text in before_texts.items() if "云铝股份" in text)
    assert len(holding) >= 3  # the sample uses the name in several articles and captions
    dialog = _open(window, qtbot, Qt.Key.Key_H)
    assert dialog.replace_field.isVisible() and dialog.replace_all_button.isVisible()
    assert QApplication.focusWidget() is dialog.find_field
    _ime_commit(dialog.find_field, "云铝股份")
    occurrences = sum(text.count("云铝股份") for text in before_texts.values())
    assert dialog.status.text() == f"共 {occurrences} 处"
    assert dialog.hit_list.count() == occurrences
    dialog.replace_field.setFocus()
    _ime_commit(dialog.replace_field, "云南铝业")
    steps = window.controller.undo_stack.count()

    QTest.mouseClick(dialog.replace_all_button, Qt.MouseButton.LeftButton)

    expected = {story_id: text.replace("云铝股份", "云南铝业") for story_id, text in before_texts.items()}
    assert _texts(window) == expected
    assert dialog.status.text() == f"已替换 {occurrences} 处"
    assert window.controller.undo_stack.count() == steps + 1
    assert window.controller.undo_stack.undoText() == "全部替换"
    window.controller.undo_stack.undo()
    assert window.controller.doc.stories == before_stories
    assert dialog.hit_list.count() == occurrences  # the list follows the undo
    window.controller.undo_stack.redo()
    assert _texts(window) == expected


def test_ctrl_f_opens_on_find_and_ascii_typed_keys_find_with_regex_groups_replaced(make_window, qtbot):
    window = _active(make_window(), qtbot)
    before_texts = _texts(window)
    dialog = _open(window, qtbot, Qt.Key.Key_F)
    assert not dialog.replace_field.isVisible() and not dialog.replace_all_button.isVisible()
    QTest.mouseClick(dialog.regex, Qt.MouseButton.LeftButton)
    dialog.find_field.setFocus()
    QTest.keyClicks(dialog.find_field, r"(\d+)")
    _ime_commit(dialog.find_field, "月")
    QTest.keyClicks(dialog.find_field, r"(\d+)")
    _ime_commit(dialog.find_field, "日")
    dialog.tabs.setCurrentIndex(1)  # the 替换 tab
    dialog.replace_field.setFocus()
    QTest.keyClicks(dialog.replace_field, r"\1/\2")
    QTest.mouseClick(dialog.replace_all_button, Qt.MouseButton.LeftButton)
    texts = _texts(window)
    assert texts["skills"].startswith("9/24，由云铝股份工会")
    assert texts["contest"].startswith("9月23至24日")  # no 日 right after 9月23
    assert texts == {story_id: re.sub(r"(\d+)月(\d+)日", r"\1/\2", text) for story_id, text in before_texts.items()}


def test_a_bad_regular_expression_is_said_in_chinese_and_nothing_is_listed(make_window, qtbot):
    window = _active(make_window(), qtbot)
    dialog = _open(window, qtbot, Qt.Key.Key_F)
    dialog.regex.setChecked(True)
    QTest.keyClicks(dialog.find_field, "(")
    assert dialog.status.text().startswith("正则表达式有误")
    assert dialog.hit_list.count() == 0
    assert not dialog.find_next_button.isEnabled()


def test_choosing_a_hit_shows_its_page_with_the_text_selected(make_window, qtbot):
    window = _active(make_window(), qtbot)
    dialog = _open(window, qtbot, Qt.Key.Key_F)
    _ime_commit(dialog.find_field, "淯鑫")
    hits = dialog.hits()
    assert [(h.story_id, h.matched) for h in hits][:1] == [("skills", "淯鑫")]
    skills_page = window.controller.page_index_of(window.controller.doc.story_frames("skills")[0].id)
    dialog.hit_list.setCurrentRow(0)
    canvas = window.canvas
    assert canvas.editor.story_id == "skills"
    assert canvas.editor.selected_text() == "淯鑫"
    assert window.current_page() == skills_page
    dialog.find_next()
    assert canvas.editor.selected_text() == "淯鑫"
    assert (canvas.editor.anchor, canvas.editor.caret) == ((hits[1].paragraph, hits[1].start),
                                                           (hits[1].paragraph, hits[1].end))


def test_a_hit_in_a_master_item_is_labelled_and_opens_the_master(make_window, qtbot):
    window = _active(make_window(), qtbot)
    dialog = _open(window, qtbot, Qt.Key.Key_F)
    _ime_commit(dialog.find_field, "年第")
    masters = window.controller.doc.master_story_ids()
    assert dialog.hits() and all(h.story_id in masters for h in dialog.hits())
    assert all(dialog.hit_list.item(row).text().startswith("母版") for row in range(dialog.hit_list.count()))
    dialog.hit_list.setCurrentRow(0)
    hit_story = dialog.hits()[0].story_id
    (master,) = [m.id for m in window.controller.doc.masters if any(getattr(f, "story_id", None) == hit_story
                                                                     for f in m.frames)]
    assert window.controller.editing_master_id == master
    assert window.canvas.editor.selected_text() == "年第"


def test_replace_changes_the_hit_shown_and_moves_on_to_the_next(make_window, qtbot):
    window = _active(make_window(), qtbot)
    before = _texts(window)["skills"]
    dialog = _open(window, qtbot, Qt.Key.Key_H)
    _ime_commit(dialog.find_field, "淯鑫")
    total = dialog.hit_list.count()
    dialog.hit_list.setCurrentRow(0)
    dialog.replace_field.setFocus()
    _ime_commit(dialog.replace_field, "YX")
    steps = window.controller.undo_stack.count()
    QTest.mouseClick(dialog.replace_button, Qt.MouseButton.LeftButton)
    assert _texts(window)["skills"] == before.replace("淯鑫", "YX", 1)
    assert window.controller.undo_stack.count() == steps + 1
    assert dialog.hit_list.count() == total - 1
    assert dialog.status.text() == f"已替换 1 处，还有 {total - 1} 处"
    assert window.canvas.editor.selected_text() == "淯鑫"  # the next hit is shown


def test_widths_are_told_apart_only_when_asked(make_window, qtbot):
    window = _active(make_window(), qtbot)
    doc = window.controller.doc
    head = doc.stories["youth-head"]
    paragraph = dataclasses.replace(head.paragraphs[0], runs=[*head.paragraphs[0].runs, Run(text="（２０２１）")])
    window.controller.edit("输入文字", edits.set_story(doc, dataclasses.replace(head, paragraphs=[paragraph])))
    dialog = _open(window, qtbot, Qt.Key.Key_F)
    QTest.keyClicks(dialog.find_field, "2021")
    half = sum(text.count("2021") for text in _texts(window).values())
    full = sum(text.count("２０２１") for text in _texts(window).values())
    assert (full, dialog.hit_list.count()) == (1, half + full)
    QTest.mouseClick(dialog.match_width, Qt.MouseButton.LeftButton)
    assert dialog.hit_list.count() == half
    dialog.find_field.clear()
    _ime_commit(dialog.find_field, "２０２１")
    assert dialog.hit_list.count() == full


def test_a_read_only_document_can_be_searched_but_not_replaced(make_window, qtbot):
    window = _active(make_window(), qtbot)
    window.controller.set_read_only(True)
    dialog = _open(window, qtbot, Qt.Key.Key_H)
    _ime_commit(dialog.find_field, "云铝股份")
    assert dialog.hit_list.count() > 0
    assert dialog.find_next_button.isEnabled()
    assert not dialog.replace_button.isEnabled() and not dialog.replace_all_button.isEnabled()
