"""Files dropped from the desktop onto the canvas: photos, text, Word files, and refusals."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from editor.layout.display import ImageItem
from editor.model import ImageFrame, TextFrame
from tests.canvas_helpers import blank_document, shown_canvas, view_point

RED = (220, 30, 40)


def _drop(canvas, paths: list[Path], page_index: int, x_pt: float, y_pt: float) -> None:
    """What a drag from the file manager delivers: enter, move, drop (Qt refuses a drop without an enter)."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    point = view_point(canvas, page_index, x_pt, y_pt)
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(point, Qt.DropAction.CopyAction, mime, buttons, modifiers)
    QApplication.sendEvent(canvas.viewport(), enter)
    assert enter.isAccepted()
    QApplication.sendEvent(canvas.viewport(), QDragMoveEvent(point, Qt.DropAction.CopyAction, mime, buttons, modifiers))
    drop = QDropEvent(QPointF(point), Qt.DropAction.CopyAction, mime, buttons, modifiers)
    QApplication.sendEvent(canvas.viewport(), drop)
    assert drop.isAccepted()


def _jpeg(path: Path, size=(400, 300), color=RED) -> Path:
    Image.new("RGB", size, color).save(path, "JPEG", quality=95)
    return path


def test_a_dropped_jpeg_becomes_a_photo_frame_one_column_wide_showing_it(qtbot, tmp_path):
    controller, canvas = shown_canvas(qtbot, blank_document())
    _drop(canvas, [_jpeg(tmp_path / "合影.jpg")], 0, 240, 200)
    frames = controller.doc.pages[0].frames
    assert len(frames) == 1 and isinstance(frames[0], ImageFrame)
    frame = frames[0]
    left, right = canvas.grid(0).column_at(240)
    assert (frame.x_pt, frame.y_pt) == pytest.approx((left, 200), abs=1)
    assert frame.width_pt == pytest.approx(right - left)
    assert frame.height_pt == pytest.approx(frame.width_pt * 300 / 400)
    assert frame.asset in controller.doc.assets
    items = [i for i in controller.layout.pages[0].items if isinstance(i, ImageItem)]
    assert [i.frame_id for i in items] == [frame.id]
    assert controller.selection == (frame.id,)
    # … and the canvas shows it: the frame's centre is the photo's red
    controller.select([])
    canvas.viewport().repaint()
    image = canvas.viewport().grab().toImage()
    centre = view_point(canvas, 0, frame.x_pt + frame.width_pt / 2, frame.y_pt + frame.height_pt / 2)
    pixel = image.pixelColor(centre)
    assert abs(pixel.red() - RED[0]) < 12 and abs(pixel.green() - RED[1]) < 12 and abs(pixel.blue() - RED[2]) < 12
    assert controller.undo_stack.undoText() == "置入图片"


def test_a_photo_dropped_on_a_photo_frame_replaces_its_picture(qtbot, tmp_path):
    controller, canvas = shown_canvas(qtbot, blank_document())
    _drop(canvas, [_jpeg(tmp_path / "a.jpg")], 0, 240, 200)
    frame = controller.doc.pages[0].frames[0]
    before = copy.deepcopy(controller.doc)
    _drop(canvas, [_jpeg(tmp_path / "b.jpg", (300, 300), (20, 40, 200))], 0, frame.x_pt + 10, frame.y_pt + 10)
    assert len(controller.doc.pages[0].frames) == 1
    replaced = controller.doc.pages[0].frames[0]
    assert replaced.asset != frame.asset and list(controller.doc.assets) == [replaced.asset]
    assert controller.undo_stack.undoText() == "更换图片"
    controller.undo_stack.undo()
    assert controller.doc == before


def test_a_dropped_txt_becomes_a_text_frame_with_its_story(qtbot, tmp_path):
    controller, canvas = shown_canvas(qtbot, blank_document())
    text = tmp_path / "稿件.txt"
    text.write_text("\ufeff　　第一段，党建引领。\r\n\r\n　　第二段。\r\n", encoding="utf-8")
    _drop(canvas, [text], 0, 100, 300)
    frame = controller.doc.pages[0].frames[0]
    assert isinstance(frame, TextFrame)
    story = controller.doc.stories[frame.story_id]
    assert [p.plain_text() for p in story.paragraphs] == ["第一段，党建引领。", "第二段。"]
    assert story.name == "稿件" and {p.style for p in story.paragraphs} == {"正文"}
    assert frame.x_pt == pytest.approx(canvas.grid(0).column_at(100)[0])
    assert frame.y_pt == pytest.approx(300, abs=1)


def test_a_gb18030_text_file_and_a_docx_are_read(qtbot, tmp_path):
    import docx

    controller, canvas = shown_canvas(qtbot, blank_document())
    gbk = tmp_path / "旧稿.txt"
    gbk.write_bytes("中铝股份党群工作".encode("gb18030"))
    word = tmp_path / "来稿.docx"
    document = docx.Document()
    document.add_paragraph("标题一行")
    document.add_paragraph("")
    document.add_paragraph("正文一段。")
    document.save(word)
    _drop(canvas, [gbk, word], 0, 100, 300)
    stories = [controller.doc.stories[f.story_id] for f in controller.doc.pages[0].frames]
    assert [[p.plain_text() for p in s.paragraphs] for s in stories] == [["中铝股份党群工作"], ["标题一行", "正文一段。"]]
    assert controller.undo_stack.count() == 1  # one drop, one undo step


@pytest.mark.parametrize("name, content, expected", [
    ("坏图.jpg", b"not a photo at all", "无法读取图片"),
    ("坏稿.docx", b"PK\x03\x04 broken", "不是 Word 文档"),
    ("旧稿.doc", b"\xd0\xcf\x11\xe0", "另存为 .docx"),
    ("表格.xlsx", b"PK", "不支持的文件类型"),
    ("乱码.txt", bytes([0x81, 0x20, 0xff, 0xfe, 0x80]) * 3, "不是有效的文本"),
])
def test_bad_files_give_a_chinese_message_and_change_nothing(qtbot, tmp_path, name, content, expected):
    controller, canvas = shown_canvas(qtbot, blank_document())
    path = tmp_path / name
    path.write_bytes(content)
    before = copy.deepcopy(controller.doc)
    with qtbot.waitSignal(canvas.message) as blocker:
        _drop(canvas, [path], 0, 100, 300)
    assert expected in blocker.args[0]
    assert controller.doc == before and controller.undo_stack.count() == 0
