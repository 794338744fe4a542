"""The 母版 panel, 应用母版 in the 页面 panel's menu, and 覆盖/恢复母版项目 in the canvas's menu:
each change is one undo step of the window's document."""

from __future__ import annotations

import copy

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from editor.ui.master_menus import canvas_context_menu, page_context_menu
from tests.test_masters_model import _running_head_doc


def _rows(panel) -> list[str]:
    return [panel.list.item(row).text() for row in range(panel.list.count())]


def _window(make_window):
    window = make_window()
    window.controller.set_document(_running_head_doc(pages=3))
    return window


def test_the_masters_panel_lists_masters_with_their_page_counts_and_makes_renames_and_deletes(make_window):
    window = _window(make_window)
    panel, controller = window.masters_panel, window.controller
    assert _rows(panel) == ["B-内页 · 3 页"]
    assert window.masters_dock.windowTitle() == "母版"
    assert panel.new_master()
    assert _rows(panel) == ["B-内页 · 3 页", "A-母版 · 未使用"]
    assert controller.undo_stack.undoText() == "新建母版"
    panel.ask_name = lambda title, current: "封面"
    assert panel.rename_master()  # the new master is the current row
    assert _rows(panel) == ["B-内页 · 3 页", "封面 · 未使用"]
    before = copy.deepcopy(controller.doc)
    panel.list.setCurrentRow(0)
    assert panel.delete_master()
    assert window.files.dialogs.confirmations[-1].startswith("有 3 个页面使用母版“B-内页”")
    assert _rows(panel) == ["封面 · 未使用"] and [p.master_id for p in controller.doc.pages] == [None] * 3
    controller.undo_stack.undo()  # one step brings the master and its pages back
    assert controller.doc == before and _rows(panel) == ["B-内页 · 3 页", "封面 · 未使用"]


def test_apply_master_from_the_pages_panel_menu(make_window):
    window = _window(make_window)
    controller = window.controller
    window.masters_panel.new_master()
    menu = page_context_menu(controller, 0, window)
    submenu = menu.actions()[0].menu()
    assert menu.actions()[0].text() == "应用母版"
    assert [(a.text(), a.isChecked()) for a in submenu.actions()] == [("B-内页", True), ("A-母版", False), ("无", False)]
    submenu.actions()[1].trigger()
    new_id = controller.doc.masters[1].id
    assert controller.doc.pages[0].master_id == new_id and controller.undo_stack.undoText() == "应用母版"
    assert _rows(window.masters_panel) == ["B-内页 · 2 页", "A-母版 · 1 页"]
    page_context_menu(controller, 1, window).actions()[0].menu().actions()[-1].trigger()  # 无
    assert [p.master_id for p in controller.doc.pages] == [new_id, None, "M"]


def test_detach_and_restore_a_master_item_from_the_canvas_menu(make_window):
    window = _window(make_window)
    controller, canvas = window.controller, window.canvas
    before = copy.deepcopy(controller.doc)
    menu = canvas_context_menu(canvas, 1, 200.0, 40.0)  # on the running head of page 2
    assert [a.text() for a in menu.actions()] == ["覆盖母版项目", "编辑母版（B-内页）"]
    menu.actions()[0].trigger()
    page = controller.doc.pages[1]
    assert page.detached == ["head-frame"] and controller.selection == ("head-frame~p2",)
    assert controller.undo_stack.undoText() == "覆盖母版项目"
    assert canvas_context_menu(canvas, 0, 200.0, 40.0).actions()[0].text() == "覆盖母版项目"  # page 1: still the master's
    assert canvas_context_menu(canvas, 1, 200.0, 150.0) is None  # the page's own article: nothing about masters
    restore = canvas_context_menu(canvas, 1, 200.0, 40.0)
    assert [a.text() for a in restore.actions()] == ["恢复母版项目"]
    restore.actions()[0].trigger()
    assert controller.doc == before and controller.undo_stack.undoText() == "恢复母版项目"


def test_edit_opens_the_master_on_a_page_using_it_and_done_goes_back(make_window):
    window = _window(make_window)
    panel, controller = window.masters_panel, window.controller
    QTest.mouseClick(panel.edit_button, Qt.MouseButton.LeftButton)
    assert controller.editing_master_id == "M" and panel.edit_button.text() == "完成"
    assert "正在编辑母版“B-内页”" in window.status.currentMessage()
    menu = canvas_context_menu(window.canvas, 1, 200.0, 40.0)
    assert [a.text() for a in menu.actions()] == ["完成母版编辑（B-内页）"]
    QTest.mouseClick(panel.edit_button, Qt.MouseButton.LeftButton)
    assert controller.editing_master_id is None and panel.edit_button.text() == "编辑"


def test_master_settings_change_margins_and_columns_in_one_step_and_the_guides_follow(make_window):
    from editor.model import mm_to_pt

    window = _window(make_window)
    panel, controller = window.masters_panel, window.controller

    def choose(dialog) -> bool:
        assert dialog.columns.value() == 3 and dialog.top.value() == 20.0
        dialog.columns.setValue(4)
        dialog.gutter.setValue(4.0)
        dialog.left.setValue(15.0)
        dialog.baseline.setValue(14.0)
        return True

    panel.ask_settings = choose
    assert panel.edit_settings()
    master = controller.doc.masters[0]
    assert (master.grid.columns, master.grid.baseline_pt) == (4, 14.0)
    assert master.grid.gutter_pt == mm_to_pt(4.0) and master.margins.left_pt == mm_to_pt(15.0)
    assert controller.undo_stack.undoText() == "母版设置" and controller.undo_stack.count() == 1
    grid = window.canvas.grid(1)
    assert len(grid.columns) == 4 and grid.columns[0][0] == mm_to_pt(15.0)
    assert grid.baselines()[:2] == [mm_to_pt(20.0) + 14.0, mm_to_pt(20.0) + 28.0]
    controller.undo_stack.undo()
    assert len(window.canvas.grid(1).columns) == 3


def test_the_properties_panel_names_and_moves_a_master_item_while_the_master_is_edited(make_window):
    from editor.model import mm_to_pt

    window = _window(make_window)
    controller, properties = window.controller, window.properties_panel
    controller.edit_master("M")
    controller.select(["head-rule"])
    assert properties.heading.text() == "线条（母版 B-内页）"
    geometry = next(s for s in properties.sections if s.__class__.__name__ == "GeometrySection")
    geometry.y.committed_pt.emit(mm_to_pt(20.0))
    assert controller.doc.masters[0].frames[1].y_pt == mm_to_pt(20.0)
    assert controller.undo_stack.undoText() == "移动线条"


def test_select_all_and_delete_from_the_menu_act_on_the_master_being_edited(make_window):
    window = _window(make_window)
    controller = window.controller
    controller.edit_master("M")
    window.go_to_page(1)
    window.select_all()
    assert set(controller.selection) == {"head-frame", "head-rule"}  # the master's items, not the page's article
    controller.select(["head-rule"])
    assert window.delete_selection()
    assert [f.id for f in controller.doc.masters[0].frames] == ["head-frame"]
    assert [f.id for f in controller.doc.pages[1].frames] == ["f2"]
    controller.undo_stack.undo()
    assert [f.id for f in controller.doc.masters[0].frames] == ["head-frame", "head-rule"]
