"""Tab on the page selects the next frame; it never sends the keyboard to the 页面 panel.

The walkthrough: Tab on the canvas moved the focus to the 页面 panel, and the
Space that followed added a page. Now, as in Publisher and PowerPoint, Tab
selects the page's next frame and Shift+Tab the previous one, in stacking
order (back to front, as 排列 → 置于顶层/置于底层 change it), wrapping around;
the focus stays on the canvas. While text is edited Tab types nothing and
keeps the caret where it is (Chinese body text has no tabs). The expected
orders are the sample's page 3 as its project file lists the frames.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

SHIFT = Qt.KeyboardModifier.ShiftModifier
#: Page 3 of the sample, back to front (the order of ``frames`` in its page file).
PAGE_3 = ["p3-brief-party", "p3-photo-party", "p3-brief-chongqing", "p3-banner", "p3-contest-head",
          "p3-contest", "p3-photo-talk", "p3-photo-prize"]


def _canvas_on_page_3(make_window, qtbot):
    window = make_window()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    window.go_to_page(2)
    window.canvas.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.canvas, timeout=3000)
    assert [frame.id for frame in window.controller.doc.pages[2].frames] == PAGE_3
    return window


def _key(key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(QApplication.focusWidget(), key, modifiers)


def test_tab_selects_each_frame_of_the_page_in_turn_and_wraps_keeping_the_focus(make_window, qtbot):
    window = _canvas_on_page_3(make_window, qtbot)
    chosen = []
    for _ in range(len(PAGE_3) + 2):
        _key(Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is window.canvas
        chosen.append(window.controller.selection)
    assert chosen == [(frame_id,) for frame_id in PAGE_3 + PAGE_3[:2]]


def test_shift_tab_goes_back_and_wraps_from_the_first_to_the_last(make_window, qtbot):
    window = _canvas_on_page_3(make_window, qtbot)
    _key(Qt.Key.Key_Tab, SHIFT)
    assert window.controller.selection == (PAGE_3[-1],)  # nothing selected: Shift+Tab starts at the front
    _key(Qt.Key.Key_Tab, SHIFT)
    assert window.controller.selection == (PAGE_3[-2],)
    window.controller.select([PAGE_3[0]])
    _key(Qt.Key.Key_Backtab, SHIFT)  # what a real keyboard sends for Shift+Tab
    assert window.controller.selection == (PAGE_3[-1],)
    assert QApplication.focusWidget() is window.canvas


def test_space_after_tab_adds_no_page(make_window, qtbot):
    window = _canvas_on_page_3(make_window, qtbot)
    pages = len(window.controller.doc.pages)
    for _ in range(3):
        _key(Qt.Key.Key_Tab)
    _key(Qt.Key.Key_Space)
    _key(Qt.Key.Key_Escape)
    assert len(window.controller.doc.pages) == pages
    assert QApplication.focusWidget() is window.canvas
    assert window.controller.selection == ()  # Esc let go of the frame Tab chose


def test_tab_while_editing_text_types_nothing_and_keeps_the_caret(make_window, qtbot):
    window = _canvas_on_page_3(make_window, qtbot)
    canvas = window.canvas
    assert canvas.start_text_editing("p3-contest")
    story_id = canvas.editor.story_id
    before = window.controller.doc.stories[story_id]
    caret = canvas.editor.caret
    _key(Qt.Key.Key_Tab)
    _key(Qt.Key.Key_Tab, SHIFT)
    assert QApplication.focusWidget() is canvas
    assert canvas.editor.active and canvas.editor.caret == caret
    assert window.controller.doc.stories[story_id] == before
    _key(Qt.Key.Key_Escape)
    assert not canvas.editor.active and QApplication.focusWidget() is canvas
    _key(Qt.Key.Key_Tab)
    assert window.controller.selection == (PAGE_3[PAGE_3.index("p3-contest") + 1],)  # on from the frame edited



def test_ctrl_tab_and_ctrl_shift_tab_take_the_keyboard_off_the_page(make_window, qtbot):
    """Plain Tab stays on the page, so Ctrl+Tab (forward) and Ctrl+Shift+Tab (back) are the way to the
    panels, as out of a text box; no frame is chosen on the way."""
    for modifiers in (Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ControlModifier | SHIFT):
        window = _canvas_on_page_3(make_window, qtbot)
        key = Qt.Key.Key_Backtab if modifiers & SHIFT else Qt.Key.Key_Tab
        _key(key, modifiers)
        away = QApplication.focusWidget()
        assert away is not None and away is not window.canvas and window.isAncestorOf(away)
        assert window.controller.selection == ()
        window.close()
