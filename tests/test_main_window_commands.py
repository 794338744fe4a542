"""Window commands as a Word/Publisher user expects them: 插入图片 into the selected frame,
dragging pages, fixed toolbar labels, the 属性 panel following the page, 删除页面 asking."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from editor.model import ImageFrame, edits
from tests.test_main_window import _photo


@pytest.fixture()
def photo_file(tmp_path) -> Path:
    folder = tmp_path / "照片"
    folder.mkdir()
    path = folder / "测试 照片.jpg"
    Image.new("RGB", (400, 300), (200, 40, 40)).save(path, "JPEG")
    return path


def _choose_file(monkeypatch, path: Path) -> list[str]:
    """Answer 插入图片's file dialog with ``path``; returns the folders it was opened in."""
    started: list[str] = []

    def get_open_file_name(parent, caption, folder, filter_):
        started.append(folder)
        return str(path), ""

    monkeypatch.setattr("editor.ui.main_window.QFileDialog.getOpenFileName", get_open_file_name)
    return started


def _empty_photo_frame(window) -> ImageFrame:
    doc = window.controller.doc
    frame = ImageFrame(id=edits.new_id(doc, "photo"), x_pt=60.0, y_pt=400.0, width_pt=150.0, height_pt=100.0)
    assert window.controller.edit("绘制图片框", edits.add_frame(doc, 1, frame))
    return frame


# ---------------------------------------------------------- 插入图片 (#3)


def test_insert_photo_fills_the_selected_empty_photo_frame(make_window, photo_file, monkeypatch):
    window = make_window()
    controller = window.controller
    empty = _empty_photo_frame(window)
    controller.select([empty.id])
    count = sum(len(p.frames) for p in controller.doc.pages)
    _choose_file(monkeypatch, photo_file)
    window.menu_actions.actions["insert_photo"].trigger()
    filled = controller.doc.frame_by_id(empty.id)
    assert filled.asset is not None and filled.asset in controller.doc.assets
    assert (filled.x_pt, filled.y_pt, filled.width_pt, filled.height_pt) == (60.0, 400.0, 150.0, 100.0)
    assert sum(len(p.frames) for p in controller.doc.pages) == count  # no new frame
    assert controller.selection == (empty.id,)
    assert window.menu_actions.actions["undo"].text() == "撤销 置入图片"


def test_insert_photo_replaces_the_photo_of_a_selected_full_frame(make_window, photo_file, monkeypatch):
    window = make_window()
    controller = window.controller
    photo = _photo(window)
    controller.select([photo.id])
    _choose_file(monkeypatch, photo_file)
    window.menu_actions.actions["insert_photo"].trigger()
    assert controller.doc.frame_by_id(photo.id).asset != photo.asset
    assert window.menu_actions.actions["undo"].text() == "撤销 更换图片"
    window.menu_actions.actions["undo"].trigger()
    assert controller.doc.frame_by_id(photo.id).asset == photo.asset


def test_insert_photo_without_a_photo_frame_selected_makes_a_new_frame(make_window, photo_file, monkeypatch):
    window = make_window()
    controller = window.controller
    window.go_to_page(2)
    count = len(controller.doc.pages[2].frames)
    _choose_file(monkeypatch, photo_file)
    window.menu_actions.actions["insert_photo"].trigger()
    assert len(controller.doc.pages[2].frames) == count + 1
    assert window.menu_actions.actions["undo"].text() == "撤销 插入图片"


def test_the_photo_dialog_starts_in_the_project_folder_then_the_last_one_used(make_window, project, photo_file,
                                                                                monkeypatch):
    window = make_window(open=project)
    started = _choose_file(monkeypatch, photo_file)
    window.menu_actions.actions["insert_photo"].trigger()
    window.menu_actions.actions["insert_photo"].trigger()
    assert started == [str(project.parent), str(photo_file.parent)]
    assert Path.home() != project.parent


# -------------------------------------------------------- page drag (#4)


def _drag(page_list, event_type, y: float, mime):
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
    from PySide6.QtWidgets import QApplication

    x = page_list.viewport().width() // 2
    args = (Qt.DropAction.MoveAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    if event_type == "enter":
        event = QDragEnterEvent(QPoint(x, round(y)), *args)
    elif event_type == "move":
        event = QDragMoveEvent(QPoint(x, round(y)), *args)
    else:
        event = QDropEvent(QPointF(x, y), *args)
    QApplication.sendEvent(page_list.viewport(), event)
    return event


def test_a_page_dropped_over_another_thumbnail_moves_before_or_after_it(make_window):
    window = make_window()
    doc, page_list = window.controller.doc, window.pages_panel.list
    window.resize(1400, 1400)
    ids = [p.id for p in doc.pages]
    third = page_list.visualItemRect(page_list.item(2))
    lower_half = third.center().y() + third.height() / 4
    mime = page_list.drag_mime(0)
    assert _drag(page_list, "enter", page_list.visualItemRect(page_list.item(0)).center().y(), mime).isAccepted()
    move = _drag(page_list, "move", lower_half, mime)
    assert move.isAccepted()  # the thumbnail's middle accepts the drop, not just the gaps
    assert page_list.drop_line_y is not None and page_list.drop_line_y > third.bottom()
    drop = _drag(page_list, "drop", lower_half, mime)
    assert drop.isAccepted() and page_list.drop_line_y is None
    assert [p.id for p in doc.pages] == [ids[1], ids[2], ids[0], ids[3], ids[4]]  # after page 3
    window.menu_actions.actions["undo"].trigger()
    upper_half = third.center().y() - third.height() / 4
    _drag(page_list, "enter", upper_half, mime)
    assert _drag(page_list, "move", upper_half, mime).isAccepted()
    assert page_list.drop_line_y < third.top()
    _drag(page_list, "drop", upper_half, mime)
    assert [p.id for p in doc.pages] == [ids[1], ids[0], ids[2], ids[3], ids[4]]  # before page 3


def test_a_page_drag_is_refused_in_a_read_only_window_and_from_another_list(make_window):
    window = make_window()
    other = make_window()
    page_list = window.pages_panel.list
    middle = page_list.visualItemRect(page_list.item(2)).center().y()
    foreign = other.pages_panel.list.drag_mime(0)
    assert not _drag(page_list, "move", middle, foreign).isAccepted()
    window.controller.set_read_only(True)
    assert not _drag(page_list, "move", middle, page_list.drag_mime(0)).isAccepted()
    _drag(page_list, "drop", middle, page_list.drag_mime(0))
    assert window.controller.undo_stack.count() == 0


# ------------------------------------------------------ toolbar undo (#6)


def test_toolbar_undo_and_redo_keep_their_width_while_the_menu_names_the_edit(make_window):
    window = make_window()
    actions, toolbar = window.menu_actions, window.toolbar
    undo_button = toolbar.widgetForAction(actions.undo_button)
    select_button = toolbar.widgetForAction(actions.actions["tool_select"])
    before = (undo_button.text(), undo_button.width(), select_button.x())
    photo = _photo(window)
    window.controller.select([photo.id])
    window.properties_panel.geometry_section.x.setValue(40.0)
    toolbar.layout().activate()
    assert actions.actions["undo"].text() == "撤销 移动图片"  # the 编辑 menu keeps the full text
    assert (undo_button.text(), undo_button.width(), select_button.x()) == before
    assert undo_button.toolTip() == "撤销 移动图片" and undo_button.isEnabled()
    undo_button.click()
    assert window.controller.doc.frame_by_id(photo.id).x_pt == photo.x_pt
    redo_button = toolbar.widgetForAction(actions.redo_button)
    assert redo_button.text() == "重做" and redo_button.toolTip() == "重做 移动图片"
    assert not undo_button.isEnabled()
    assert select_button.x() == before[2]


# ------------------------------------------------ 属性 follows the page (#7)


def test_going_to_another_page_deselects_frames_left_behind(make_window):
    window = make_window()
    controller, panel = window.controller, window.properties_panel
    photo = _photo(window)
    page = controller.page_index_of(photo.id)
    window.pages_panel.list.setCurrentRow(page)
    controller.select([photo.id])
    assert panel.photo_section.isVisible()
    window.pages_panel.list.setCurrentRow(0 if page else 1)
    assert controller.selection == () and not panel.photo_section.isVisible()
    assert panel.heading.text().startswith("未选择对象")


def test_adding_a_page_deselects_the_frame_on_the_previous_page(make_window):
    window = make_window()
    controller = window.controller
    window.pages_panel.list.setCurrentRow(1)
    frame = controller.doc.pages[1].frames[0]
    controller.select([frame.id])
    window.menu_actions.actions["add_page"].trigger()
    assert window.current_page() == 2 and controller.selection == ()
    assert not window.properties_panel.geometry_section.isVisible()


def test_a_selection_on_the_page_gone_to_stays(make_window):
    window = make_window()
    controller = window.controller
    frame = controller.doc.pages[3].frames[0]
    controller.select([frame.id])
    window.pages_panel.list.setCurrentRow(3)
    assert controller.selection == (frame.id,)


# ----------------------------------------------------- 删除页面 asks (#9)


def test_deleting_a_page_with_frames_asks_first_and_says_it_can_be_undone(make_window):
    window = make_window()
    controller, dialogs = window.controller, window.files.dialogs
    window.pages_panel.list.setCurrentRow(1)
    frames = len(controller.doc.pages[1].frames)
    dialogs.confirm_answer = False
    window.menu_actions.actions["delete_page"].trigger()
    assert dialogs.confirmations == [f"第 2 页上有 {frames} 个框，确定删除吗？可以撤销。"]
    assert len(controller.doc.pages) == 5
    dialogs.confirm_answer = True
    window.menu_actions.actions["delete_page"].trigger()
    assert len(controller.doc.pages) == 4
    assert "撤销" in window.status.currentMessage()


def test_deleting_an_empty_page_does_not_ask(make_window):
    window = make_window()
    controller, dialogs = window.controller, window.files.dialogs
    window.pages_panel.list.setCurrentRow(4)
    window.menu_actions.actions["add_page"].trigger()
    window.menu_actions.actions["delete_page"].trigger()
    assert dialogs.confirmations == [] and len(controller.doc.pages) == 5
