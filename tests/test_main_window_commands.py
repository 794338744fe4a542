"""Window commands as a Word/Publisher user expects them: 插入图片 into the selected frame,
dragging pages, fixed toolbar labels, the 属性 panel following the page, 删除页面 asking."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from editor.model import ImageFrame, edits
from tests.test_main_window import _photo, make_window, project, user_dirs  # noqa: F401 - fixtures


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
