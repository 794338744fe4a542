"""The main window driven as a user would: menus, undo texts, status bar, panels, Chinese Qt.

Every test builds the real ``MainWindow`` with its file questions answered by
``ScriptedDialogs`` and with recovery data, the recent list and logs in a
temporary folder, never in the user's (the fixtures of tests/window_fixtures.py).
"""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox

from editor import errorlog
from editor.model import ImageFrame, TextFrame, edits
from editor.model.units import mm_to_pt
from editor.ui.main_window import MainWindow

CJK = re.compile(r"[\u4e00-\u9fff]")


def _photo(window: MainWindow) -> ImageFrame:
    return next(f for _, f in window.controller.doc.frames_with_pages() if isinstance(f, ImageFrame))


# ------------------------------------------------------------------ menus


def test_every_menu_exists_with_chinese_text(make_window):
    window = make_window()
    titles = [action.text() for action in window.menuBar().actions()]
    assert [t.split("(")[0] for t in titles] == ["文件", "编辑", "视图", "插入", "排列", "版面", "帮助"]
    for menu in window.menu_actions.menus.values():
        for action in menu.actions():
            if not action.isSeparator():
                assert CJK.search(action.text()), action.text()
    for name, action in window.menu_actions.actions.items():
        assert CJK.search(action.text()), (name, action.text())


def test_undo_action_names_the_edit(make_window):
    window = make_window()
    undo, redo = window.menu_actions.actions["undo"], window.menu_actions.actions["redo"]
    photo = _photo(window)
    window.controller.select([photo.id])
    window.properties_panel.geometry_section.x.setValue(40.0)
    assert undo.text() == "撤销 移动图片"
    undo.trigger()
    assert redo.text() == "重做 移动图片"
    assert window.controller.doc.frame_by_id(photo.id).x_pt == photo.x_pt


def test_qt_own_dialogs_are_in_chinese(make_window):
    make_window()
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    assert QCoreApplication.translate("QFileDialog", "Open") == "打开"
    assert CJK.search(QCoreApplication.translate("QMessageBox", "Show Details..."))


# ------------------------------------------------------------- status bar


def test_status_bar_shows_page_zoom_and_overset_count(make_window):
    window = make_window()
    status = window.status
    assert status.page_label.text() == "第 1 页，共 5 页"
    assert re.fullmatch(r"缩放 \d+%", status.zoom_label.text())
    assert status.overset_label.text() == "无溢出"
    window.pages_panel.list.setCurrentRow(2)
    assert status.page_label.text() == "第 3 页，共 5 页"
    window.canvas.zoom_changed.emit(1.0)
    assert status.zoom_label.text() == "缩放 100%"
    lead = window.controller.doc.story_frames("lead")[-1]
    window.controller.edit("调整文本框大小", edits.set_geometry(window.controller.doc, lead.id, lead.x_pt, lead.y_pt,
                                                               lead.width_pt, 30.0))
    assert status.overset_label.text() == "溢出 1 篇"
    window.menu_actions.actions["undo"].trigger()
    assert status.overset_label.text() == "无溢出"


# ------------------------------------------------------------ pages panel


def test_pages_panel_adds_duplicates_deletes_and_reorders_as_undoable_edits(make_window):
    window = make_window()
    doc, panel, undo = window.controller.doc, window.pages_panel, window.menu_actions.actions["undo"]
    ids = [p.id for p in doc.pages]
    panel.list.setCurrentRow(1)
    panel.add_button.click()
    assert len(doc.pages) == 6 and doc.pages[2].frames == [] and undo.text() == "撤销 添加页面"
    assert panel.list.count() == 6 and panel.current_index() == 2
    undo.trigger()
    assert [p.id for p in doc.pages] == ids
    panel.list.setCurrentRow(2)
    panel.duplicate_button.click()
    assert len(doc.pages) == 6 and len(doc.pages[3].frames) == len(doc.pages[2].frames)
    assert undo.text() == "撤销 复制页面"
    undo.trigger()
    panel.list.setCurrentRow(4)
    panel.delete_button.click()
    assert [p.id for p in doc.pages] == ids[:4] and undo.text() == "撤销 删除页面"
    undo.trigger()
    panel.list.move_requested.emit(0, 3)  # what a drop of page 1 below page 4 asks for
    assert [p.id for p in doc.pages] == [ids[1], ids[2], ids[3], ids[0], ids[4]]
    assert undo.text() == "撤销 移动页面" and panel.current_index() == 3
    undo.trigger()
    assert [p.id for p in doc.pages] == ids


def test_a_drop_position_maps_to_the_page_order(make_window):
    window = make_window()
    page_list = window.pages_panel.list
    rect = [page_list.visualItemRect(page_list.item(row)) for row in range(page_list.count())]
    below_fourth = rect[3].center().y() + 1
    assert page_list.drop_target(below_fourth, 0) == 3
    assert page_list.drop_target(rect[0].top() - 1, 4) == 0


def test_the_last_page_cannot_be_deleted(make_window):
    window = make_window()
    panel = window.pages_panel
    while len(window.controller.doc.pages) > 1:
        assert panel.delete_page()
    assert not panel.delete_button.isEnabled() and not panel.delete_page()


# ------------------------------------------------------- properties panel


def test_properties_panel_takes_mm_and_stores_points_as_undoable_edits(make_window):
    window = make_window()
    controller, panel = window.controller, window.properties_panel
    undo = window.menu_actions.actions["undo"]
    text = next(f for _, f in controller.doc.frames_with_pages() if isinstance(f, TextFrame) and f.columns == 2)
    controller.select([text.id])
    assert panel.geometry_section.isVisible() and panel.text_section.isVisible()
    assert not panel.photo_section.isVisible()
    assert panel.geometry_section.width.value() == pytest.approx(round(text.width_pt * 25.4 / 72, 2))
    panel.geometry_section.width.setValue(100.0)
    assert controller.doc.frame_by_id(text.id).width_pt == pytest.approx(mm_to_pt(100.0))
    assert undo.text() == "撤销 调整文本框大小"
    panel.text_section.columns.setValue(3)
    panel.text_section.gutter.setValue(5.0)
    panel.text_section.insets["left_pt"].setValue(2.0)
    frame = controller.doc.frame_by_id(text.id)
    assert (frame.columns, frame.gutter_pt, frame.insets.left_pt) == (3, pytest.approx(mm_to_pt(5.0)),
                                                                      pytest.approx(mm_to_pt(2.0)))
    panel.options_section.wrap.click()
    assert controller.doc.frame_by_id(text.id).wrap.mode == "around"
    panel.options_section.locked.click()
    assert controller.doc.frame_by_id(text.id).locked and not panel.geometry_section.x.isEnabled()
    for _ in range(6):
        undo.trigger()
    assert controller.doc.frame_by_id(text.id) == text


def test_photo_fit_crop_and_caption_from_the_panel(make_window):
    window = make_window()
    controller, panel = window.controller, window.properties_panel
    photo = next(f for _, f in controller.doc.frames_with_pages() if isinstance(f, ImageFrame) and f.caption is None)
    controller.select([photo.id])
    panel.photo_section.fit.chosen.emit("fit")
    panel.photo_section.zoom.setValue(150.0)
    panel.photo_section.offset_x.setValue(4.0)
    frame = controller.doc.frame_by_id(photo.id)
    assert (frame.fit, frame.zoom, frame.offset_x_pt) == ("fit", pytest.approx(1.5), pytest.approx(mm_to_pt(4.0)))
    panel.caption_section.text.setPlainText("新加的图片说明")
    assert panel.caption_section.commit_text()
    caption = controller.doc.frame_by_id(photo.id).caption
    assert caption is not None and controller.doc.stories[caption.story_id].paragraphs[0].plain_text() == "新加的图片说明"
    assert window.menu_actions.actions["undo"].text() == "撤销 更改图片说明"
    panel.caption_section.placement.chosen.emit("right")
    assert controller.doc.frame_by_id(photo.id).caption.placement == "right"


def test_paragraph_style_from_the_styles_panel_restyles_the_selected_story(make_window):
    window = make_window()
    controller = window.controller
    frame = next(f for _, f in controller.doc.frames_with_pages() if isinstance(f, TextFrame) and f.story_id == "youth")
    controller.select([frame.id])
    styles = window.styles_panel
    row = next(i for i in range(styles.list.count()) if styles.list.item(i).text() == "简讯")
    styles.list.setCurrentRow(row)
    styles.apply_button.click()
    assert {p.style for p in controller.doc.stories["youth"].paragraphs} == {"简讯"}
    assert window.menu_actions.actions["undo"].text() == "撤销 应用段落样式“简讯”"


# ------------------------------------------------------- arrange and clipboard


def test_align_lock_restack_and_delete_through_the_menus(make_window):
    window = make_window()
    controller, actions = window.controller, window.menu_actions.actions
    page = controller.doc.pages[3]
    ids = [f.id for f in page.frames[:3]]
    controller.select(ids)
    actions["align_left"].trigger()
    assert len({round(controller.doc.frame_by_id(i).x_pt, 6) for i in ids}) == 1
    assert actions["undo"].text() == "撤销 左对齐"
    actions["restack_1000"].trigger()
    assert [f.id for f in controller.doc.pages[3].frames][-3:] == ids
    actions["lock"].trigger()
    assert all(controller.doc.frame_by_id(i).locked for i in ids)
    actions["delete"].trigger()
    assert all(controller.doc.frame_by_id(i) is not None for i in ids), "locked frames are not deleted"
    actions["unlock"].trigger()
    actions["delete"].trigger()
    assert all(controller.doc.frame_by_id(i) is None for i in ids)
    assert actions["undo"].text() == "撤销 删除"


def test_copy_paste_and_duplicate_frames(make_window):
    window = make_window()
    controller, actions = window.controller, window.menu_actions.actions
    photo = _photo(window)
    page = controller.page_index_of(photo.id)
    window.go_to_page(page)
    controller.select([photo.id])
    actions["copy"].trigger()
    count = len(controller.doc.pages[page].frames)
    actions["paste"].trigger()
    assert len(controller.doc.pages[page].frames) == count + 1
    pasted = controller.doc.frame_by_id(controller.selection[0])
    assert pasted.id != photo.id and pasted.asset == photo.asset and pasted.x_pt > photo.x_pt
    actions["duplicate"].trigger()
    assert len(controller.doc.pages[page].frames) == count + 2
    assert actions["undo"].text() == "撤销 直接复制"


# ---------------------------------------------------------- read-only, errors


def test_read_only_window_greys_out_editing_and_refuses_edits(make_window):
    window = make_window()
    window.controller.set_read_only(True)
    actions = window.menu_actions.actions
    assert not actions["delete_page"].isEnabled() and not actions["paste"].isEnabled()
    assert not window.pages_panel.add_button.isEnabled()
    assert window.status.read_only_label.isVisible()
    assert "只读" in window.windowTitle()
    photo = _photo(window)
    window.controller.select([photo.id])
    assert not window.properties_panel.geometry_section.isEnabled()
    assert not window.pages_panel.add_page()
    assert window.controller.undo_stack.count() == 0


def test_an_error_in_a_command_is_a_chinese_message_box(make_window, tmp_path, monkeypatch):
    window = make_window()
    not_a_photo = tmp_path / "说明.jpg"
    not_a_photo.write_text("这不是图片", encoding="utf-8")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append(text))
    monkeypatch.setattr("editor.ui.main_window.QFileDialog.getOpenFileName", lambda *a, **k: (str(not_a_photo), ""))
    window.menu_actions.actions["insert_photo"].trigger()
    assert len(shown) == 1 and CJK.search(shown[0]) and "Traceback" not in shown[0]


def test_an_unexpected_error_is_logged_and_shown_in_chinese(make_window, user_dirs, monkeypatch):
    from editor.ui import app

    make_window()
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *a: shown.append(text))
    try:
        raise RuntimeError("boom")
    except RuntimeError as problem:
        app._excepthook(RuntimeError, problem, problem.__traceback__)
    log = errorlog.log_dir() / errorlog.LOG_NAME
    assert "RuntimeError: boom" in log.read_text(encoding="utf-8")
    assert len(shown) == 1 and "发生了意外错误" in shown[0] and str(log) in shown[0]


def test_shortcuts_act_on_frames_but_never_take_keys_from_a_field(make_window, qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    window = make_window()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    photo = _photo(window)
    window.controller.select([photo.id])
    field = window.properties_panel.geometry_section.x
    field.setFocus()
    for key in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete):
        QTest.keyClick(field.lineEdit(), key)
    QTest.keyClick(field.lineEdit(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    caption = window.properties_panel.caption_section.text
    caption.setFocus()
    QTest.keyClicks(caption, "TMFV")
    assert caption.toPlainText() == "TMFV" and window.canvas.tool() == "select"
    assert window.controller.doc.frame_by_id(photo.id) is not None
    pages = window.pages_panel.list
    pages.setFocus()
    QTest.keyClick(pages, Qt.Key.Key_T)
    assert window.canvas.tool() == "text" and window.menu_actions.actions["tool_text"].isChecked()
    QTest.keyClick(pages, Qt.Key.Key_V)
    QTest.keyClick(pages, Qt.Key.Key_Delete)
    assert window.controller.doc.frame_by_id(photo.id) is None
