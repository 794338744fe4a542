"""After 校对's 修正 the text it showed is no longer highlighted on the page.

The walkthrough: a click on a finding selects its text on the canvas (the
highlight); after 修正 the selection kept its offsets, so it lay on the two
characters next to the fix. Now a fix through the panel ends the highlight
with the caret just after the corrected text, as Word leaves it after 更改,
and the list, which no longer holds the fixed finding, has nothing chosen.
The oracle is the sample's two slips as the proof check reports them before
any fix (为为 → 为, and the straight quotes around 请党放心，强国有我).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication


def _chosen(make_window, qtbot, group: int):
    """The sample's 校对 dock (F7) with the first finding of ``group`` clicked; the window, the finding."""
    window = make_window()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    QTest.keyClick(window, Qt.Key.Key_F7)
    panel = window.proof_panel
    qtbot.waitUntil(lambda: panel.tree.topLevelItemCount() == 2, timeout=3000)
    item = panel.tree.topLevelItem(group).child(0)
    panel.tree.scrollToItem(item)
    QTest.mouseClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=panel.tree.visualItemRect(item).center())
    return window, panel.current_finding()


def _highlight(window) -> tuple[str, list]:
    """The selected text on the canvas and the rectangles its highlight is painted in."""
    editor = window.canvas.editor
    return editor.selected_text(), editor.geometry().selection_rects(editor.anchor, editor.caret)


def test_fix_ends_the_highlight_with_the_caret_after_the_corrected_text(make_window, qtbot):
    window, finding = _chosen(make_window, qtbot, 0)
    assert (finding.story_id, finding.paragraph_index, finding.start, finding.end) == ("brief-guizhou", 0, 9, 11)
    assert _highlight(window)[0] == "为为"

    QTest.mouseClick(window.proof_panel.fix_button, Qt.MouseButton.LeftButton)

    editor = window.canvas.editor
    assert editor.story_id == "brief-guizhou"
    assert _highlight(window) == ("", [])
    assert editor.caret == (0, 9 + len("为"))
    assert window.proof_panel.current_finding() is None


def test_fix_all_ends_the_highlight_of_the_finding_shown(make_window, qtbot):
    window, finding = _chosen(make_window, qtbot, 1)
    assert (finding.story_id, finding.paragraph_index, finding.start, finding.end) == ("youth", 0, 111, 122)
    assert _highlight(window)[0] == '"请党放心，强国有我"'

    QTest.mouseClick(window.proof_panel.fix_all_button, Qt.MouseButton.LeftButton)

    assert _highlight(window) == ("", [])
    assert window.canvas.editor.caret == (0, 111 + len("“请党放心，强国有我”"))


def test_a_selection_away_from_the_fix_is_left_as_it_is(make_window, qtbot):
    window, _ = _chosen(make_window, qtbot, 0)
    editor = window.canvas.editor
    editor.move_to((0, 0), False)
    editor.move_to((0, 4), True)
    chosen = editor.selected_text()
    assert chosen and "为为" not in chosen

    QTest.mouseClick(window.proof_panel.fix_button, Qt.MouseButton.LeftButton)

    assert editor.selected_text() == chosen
