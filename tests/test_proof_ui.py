"""The 校对 dock driven like a person: F7, a click on a finding, 修正, 全部修正, 忽略, undo."""

from __future__ import annotations

import copy

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from editor.model.document_edits import plain_story_text
from editor.proof.findings import ASCII_QUOTES, DOUBLED


def _open_proof(window, qtbot):
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    QTest.keyClick(window, Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: window.proof_panel.isVisible(), timeout=3000)
    return window.proof_panel


def _rows(panel):
    """(group text, [row texts]) of the tree, as shown."""
    tree = panel.tree
    return [(tree.topLevelItem(i).text(0), [tree.topLevelItem(i).child(j).text(0)
                                           for j in range(tree.topLevelItem(i).childCount())])
            for i in range(tree.topLevelItemCount())]


def _click(panel, qtbot, group: int, row: int) -> None:
    item = panel.tree.topLevelItem(group).child(row)
    panel.tree.scrollToItem(item)
    rect = panel.tree.visualItemRect(item)
    QTest.mouseClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_f7_lists_the_seeds_slips_by_kind_and_a_click_selects_the_text_on_its_page(make_window, qtbot):
    window = make_window()
    panel = _open_proof(window, qtbot)
    rows = _rows(panel)
    assert [group for group, _ in rows] == [f"{DOUBLED}（1）", f"{ASCII_QUOTES}（1）"]
    assert rows[0][1][0].startswith("第 4 版 · 简讯：贵州分公司等：") and rows[0][1][0].endswith("【为为】猫场铝矿11个班… → 为")
    _click(panel, qtbot, 0, 0)
    assert window.current_page() == 3
    assert window.canvas.editor.selected_text() == "为为"


def test_a_findings_tooltip_shows_its_whole_row_with_the_correction(make_window, qtbot):
    """The dock is narrow: the row is cut off before its end, where the correction (→ 为) is."""
    panel = _open_proof(make_window(), qtbot)
    row = panel.tree.topLevelItem(0).child(0)
    assert row.toolTip(0).startswith("第 4 版 · 简讯：贵州分公司等：")
    assert row.toolTip(0).endswith("【为为】猫场铝矿11个班… → 为")


def test_fix_fix_all_and_undo_through_the_panel(make_window, qtbot):
    window = make_window()
    before = copy.deepcopy(window.controller.doc.stories)
    panel = _open_proof(window, qtbot)
    _click(panel, qtbot, 0, 0)
    QTest.mouseClick(panel.fix_button, Qt.MouseButton.LeftButton)
    guizhou = window.controller.doc.stories["brief-guizhou"]
    assert "矿业公司为猫场铝矿" in plain_story_text(guizhou)
    assert [group for group, _ in _rows(panel)] == [f"{ASCII_QUOTES}（1）"]
    panel.tree.setCurrentItem(panel.tree.topLevelItem(0))
    QTest.mouseClick(panel.fix_all_button, Qt.MouseButton.LeftButton)
    assert "践行“请党放心，强国有我”的青春誓言" in plain_story_text(window.controller.doc.stories["youth"])
    qtbot.waitUntil(lambda: panel.summary.text() == "没有发现问题。", timeout=3000)
    stack = window.controller.undo_stack
    assert stack.undoText() == f"校对全部修正（{ASCII_QUOTES}）"
    stack.undo()
    stack.undo()
    assert window.controller.doc.stories == before
    qtbot.waitUntil(lambda: len(panel.findings) == 2, timeout=3000)


def test_an_ignored_finding_stays_hidden_while_the_document_is_open(make_window, qtbot):
    window = make_window()
    panel = _open_proof(window, qtbot)
    panel.tree.setCurrentItem(panel.tree.topLevelItem(0).child(0))
    QTest.mouseClick(panel.ignore_button, Qt.MouseButton.LeftButton)
    assert [group for group, _ in _rows(panel)] == [f"{ASCII_QUOTES}（1）"]
    assert window.controller.undo_stack.count() == 0
    panel.check()
    assert [group for group, _ in _rows(panel)] == [f"{ASCII_QUOTES}（1）"]


def test_choosing_a_finding_keeps_the_dock_as_wide_and_names_its_kind_in_the_tooltip(make_window, qtbot):
    """全部修正 once read 全部修正（用词规范）: choosing a finding widened the dock and moved the page."""
    window = make_window()
    panel = _open_proof(window, qtbot)
    qtbot.waitUntil(lambda: panel.tree.topLevelItemCount() > 0, timeout=3000)
    width_before, hint_before = window.proof_dock.width(), panel.fix_all_button.sizeHint().width()
    _click(panel, qtbot, 1, 0)
    QApplication.processEvents()
    assert panel.fix_all_button.text() == "全部修正"
    assert ASCII_QUOTES in panel.fix_all_button.toolTip()
    assert panel.fix_all_button.sizeHint().width() == hint_before
    assert window.proof_dock.width() == width_before
