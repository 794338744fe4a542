"""Every key of the window's menus does one thing: a key listed twice — by one action or by two — is
one Qt calls ambiguous and ignores (缩小 listed Ctrl+- and the standard ZoomOut, also Ctrl+-, and
Ctrl+- did nothing at all)."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication


def test_no_key_is_bound_twice_in_the_window(make_window):
    window = make_window()
    keys = Counter(key.toString(QKeySequence.SequenceFormat.PortableText)
                   for action in window.findChildren(type(window.menu_actions.actions["zoom_out"]))
                   for key in action.shortcuts())
    assert [key for key, count in keys.items() if count > 1] == []


def test_ctrl_minus_zooms_out_and_ctrl_equals_in_on_the_page(make_window, qtbot):
    window = make_window()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    window.canvas.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.canvas, timeout=3000)
    before = window.canvas.zoom
    QTest.keyClick(window.canvas, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    smaller = window.canvas.zoom
    assert smaller < before * 0.9
    QTest.keyClick(window.canvas, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.canvas.zoom > smaller * 1.1
