"""Walkthrough 3: after Ctrl+Z of a page deletion the status bar no longer says 已删除第 3 页….

The message said how to get the page back; once it was back the message was wrong. An undo now
says what it took back (已撤销：删除页面), and a redo takes that away again.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication


def _focus(window, qtbot) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)


def test_ctrl_z_of_a_page_deletion_replaces_its_message_with_what_was_undone(make_window, qtbot):
    window = make_window()
    pages_before = len(window.controller.doc.pages)
    window.go_to_page(2)
    window.pages_panel.list.setCurrentRow(2)
    QTest.mouseClick(window.pages_panel.delete_button, Qt.MouseButton.LeftButton)
    assert len(window.controller.doc.pages) == pages_before - 1
    assert window.status.currentMessage().startswith("已删除第 3 页")
    _focus(window, qtbot)
    QTest.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(window.controller.doc.pages) == pages_before
    assert window.status.currentMessage() == "已撤销：删除页面"


def test_redo_after_the_undo_takes_the_undo_message_away(make_window, qtbot):
    window = make_window()
    window.pages_panel.list.setCurrentRow(1)
    QTest.mouseClick(window.pages_panel.delete_button, Qt.MouseButton.LeftButton)
    _focus(window, qtbot)
    QTest.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.status.currentMessage() == "已撤销：删除页面"
    window.menu_actions.actions["redo"].trigger()
    assert window.status.currentMessage() == ""
