"""撤销 and 重做 by key while the 查找和替换 dialog has the focus.

The walkthrough: 全部替换, then Ctrl+Z — nothing happened, because the main
window's shortcuts only work in the main window. Now the document's undo
keys (Ctrl+Z; Ctrl+Y and Ctrl+Shift+Z, as ``editor.ui.actions`` binds them)
work anywhere in the dialog, except in a text box that has typing of its own
to undo: there, as in Word's find dialog, Ctrl+Z undoes the typing. Keys are
real key events on the focused widget; the oracle is the text read before
the dialog opened and ``str.replace``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from editor.model.document_edits import plain_story_text
from editor.ui.find_dialog import FindReplaceDialog

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def _texts(window) -> dict[str, str]:
    return {story_id: plain_story_text(story) for story_id, story in window.controller.doc.stories.items()}


def _ime_commit(widget: QWidget, text: str) -> None:
    """What a Chinese input method sends when a word is chosen."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def _press(key: Qt.Key, modifiers: Qt.KeyboardModifier = CTRL) -> None:
    """A key pressed where the keyboard focus is."""
    QTest.keyClick(QApplication.focusWidget(), key, modifiers)


def _replaced_all(make_window, qtbot, find: str, replace: str):
    """The sample in a window, Ctrl+H, ``find`` → ``replace`` typed, 全部替换 clicked; the texts before."""
    window = make_window()
    before = _texts(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    QTest.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_H, CTRL)
    dialog = window.findChild(FindReplaceDialog)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=3000)
    _ime_commit(dialog.find_field, find)
    QTest.mouseClick(dialog.replace_field, Qt.MouseButton.LeftButton)
    _ime_commit(dialog.replace_field, replace)
    QTest.mouseClick(dialog.replace_all_button, Qt.MouseButton.LeftButton)
    return window, dialog, before


def test_ctrl_z_on_the_dialogs_button_undoes_replace_all_and_ctrl_y_redoes_it(make_window, qtbot):
    window, dialog, before = _replaced_all(make_window, qtbot, "云铝股份", "云南铝业")
    replaced = {story_id: text.replace("云铝股份", "云南铝业") for story_id, text in before.items()}
    assert replaced != before and _texts(window) == replaced
    focused = QApplication.focusWidget()  # 全部替换 is greyed out now: the focus moved to the next button
    assert isinstance(focused, QPushButton) and dialog.isAncestorOf(focused), focused.text()

    _press(Qt.Key.Key_Z)
    assert _texts(window) == before
    _press(Qt.Key.Key_Y)
    assert _texts(window) == replaced
    _press(Qt.Key.Key_Z)
    assert _texts(window) == before
    _press(Qt.Key.Key_Z, CTRL_SHIFT)
    assert _texts(window) == replaced
    assert QApplication.focusWidget() is focused  # the keys did not move the focus


def test_ctrl_z_in_a_box_with_typing_undoes_the_typing_not_the_document(make_window, qtbot):
    window, dialog, _ = _replaced_all(make_window, qtbot, "云铝股份", "云南铝业")
    stack = window.controller.undo_stack
    steps = stack.index()
    QTest.mouseClick(dialog.replace_field, Qt.MouseButton.LeftButton)
    QTest.keyClicks(dialog.replace_field, "AB")
    assert dialog.replace_field.text() == "云南铝业AB"

    _press(Qt.Key.Key_Z)
    assert dialog.replace_field.text() != "云南铝业AB"  # the box's own undo took back typing
    assert stack.index() == steps  # and the document kept the replacement
    _press(Qt.Key.Key_Z, CTRL_SHIFT)
    assert dialog.replace_field.text() == "云南铝业AB"
    assert stack.index() == steps


def test_ctrl_z_in_a_box_with_nothing_to_undo_undoes_the_document(make_window, qtbot):
    window, dialog, before = _replaced_all(make_window, qtbot, "云铝股份", "云南铝业")
    dialog.find_field.setText("云南铝业")  # as 查找… fills it from the selection: no typing to undo
    dialog.find_field.setFocus()
    assert not dialog.find_field.isUndoAvailable()

    _press(Qt.Key.Key_Z)
    assert _texts(window) == before
    assert dialog.find_field.text() == "云南铝业"
    _press(Qt.Key.Key_Y)
    assert _texts(window) == {story_id: text.replace("云铝股份", "云南铝业") for story_id, text in before.items()}
