"""The user walkthrough that found 文本框重叠 missing: 直接复制 (Ctrl+D) on the sample leaves the copy over the
headline; the 检查 light turns amber, the panel lists it, 跳转 selects the copy and one undo clears it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from editor.preflight.findings import TEXT_OVERLAP


def test_a_ctrl_d_copy_over_the_sample_s_headline_is_listed_and_jump_selects_the_copy(make_window, qtbot):
    window = make_window()
    assert window.preflight_light.text() == "● 检查通过"
    window.go_to_page(1)
    window.controller.select(["p2-lead-head"])
    window.menu_actions.actions["duplicate"].trigger()
    copy_id, = window.controller.selection
    assert copy_id != "p2-lead-head"
    qtbot.waitUntil(lambda: window.preflight_light.text() == "● 1 个警告", timeout=3000)
    panel = window.preflight_panel
    finding, = panel.findings
    assert (finding.kind, finding.page, finding.frame_id) == (TEXT_OVERLAP, 2, copy_id)
    assert finding.message == ("第 2 页有两个文本框都排着文章“守正创新 凝心聚力（标题）”，彼此重叠，文字会叠印在一起。"
                               "请移开其中一个，或删去多余的副本。")
    group = panel.tree.topLevelItem(0)
    assert group.text(0) == f"{TEXT_OVERLAP}（1）"
    assert (group.child(0).text(0), group.child(0).text(1)) == ("第 2 页", f"【警告】{finding.message}")
    assert set(panel.row_buttons(finding)) == {"跳转"}  # no 修复: only the user knows which frame goes where

    window.go_to_page(0)
    window.controller.select([])
    window.preflight_dock.show()
    QTest.mouseClick(panel.row_buttons(finding)["跳转"], Qt.MouseButton.LeftButton)
    assert window.current_page() == 1
    assert window.controller.selection == (copy_id,)

    window.controller.undo_stack.undo()
    qtbot.waitUntil(lambda: window.preflight_light.text() == "● 检查通过", timeout=3000)
