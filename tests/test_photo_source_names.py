"""A placed photo keeps its file name (``ImageFrame.source_name``) so that messages can name it
(第 3 页的图片“IMG_2041.jpg”…) instead of its content hash: 插入图片… and a drop on the canvas,
into a new frame or into one already there, each one undo step (issue 7)."""

from __future__ import annotations

from editor.model import ImageFrame
from tests.canvas_helpers import blank_document, shown_canvas
from tests.test_canvas_drop import _drop, _jpeg
from tests.test_main_window import _photo
from tests.test_main_window_commands import _choose_file, _empty_photo_frame, photo_file  # noqa: F401 - fixture


def test_insert_photo_keeps_the_file_name_in_a_new_frame(make_window, photo_file, monkeypatch):  # noqa: F811
    window = make_window()
    window.go_to_page(2)
    _choose_file(monkeypatch, photo_file)
    window.menu_actions.actions["insert_photo"].trigger()
    (selected,) = window.controller.selection
    assert window.controller.doc.frame_by_id(selected).source_name == "测试 照片.jpg"


def test_insert_photo_into_a_frame_names_it_in_the_same_undo_step(make_window, photo_file, monkeypatch):  # noqa: F811
    window = make_window()
    controller = window.controller
    photo = _photo(window)
    controller.select([photo.id])
    steps = controller.undo_stack.count()
    _choose_file(monkeypatch, photo_file)
    window.menu_actions.actions["insert_photo"].trigger()
    assert controller.doc.frame_by_id(photo.id).source_name == "测试 照片.jpg"
    assert controller.undo_stack.count() == steps + 1
    controller.undo_stack.undo()
    restored = controller.doc.frame_by_id(photo.id)
    assert (restored.asset, restored.source_name) == (photo.asset, photo.source_name)


def test_a_dropped_photo_keeps_its_file_name_new_or_replacing(qtbot, tmp_path):
    controller, canvas = shown_canvas(qtbot, blank_document())
    _drop(canvas, [_jpeg(tmp_path / "合影.jpg")], 0, 240, 200)
    (frame,) = controller.doc.pages[0].frames
    assert isinstance(frame, ImageFrame) and frame.source_name == "合影.jpg"
    _drop(canvas, [_jpeg(tmp_path / "IMG_2041.jpg", (300, 300), (20, 40, 200))], 0, frame.x_pt + 10, frame.y_pt + 10)
    assert controller.doc.pages[0].frames[0].source_name == "IMG_2041.jpg"
    assert controller.undo_stack.count() == 2  # the replacing drop is one step
    controller.undo_stack.undo()
    assert controller.doc.pages[0].frames[0].source_name == "合影.jpg"
