"""Issue 10's hostile-file acceptance line, through the real window as a person meets it.

A truncated JPEG, a zero-byte photo, a PNG claiming 30000 × 30000 pixels, a .docx that is a
renamed zip of something else, a .docx whose XML inflates to 1 GB and a text file that is not
valid text each arrive the two ways a user brings content in: dropped from the file manager onto
the page, and chosen in a file dialog (插入 → 图片… for photos, 插入 → 导入文章… for articles).
Each must give a Chinese message naming the file and the reason, and leave the document and the
undo stack exactly as they were; the window stays usable (the next good photo goes in).

The expected reasons are written here, not read from the code that produces them.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtWidgets import QFileDialog, QMessageBox

from editor.model.codec import encode_document
from editor.model.frames import ImageFrame
from editor.ui.article_import_dialog import import_articles
from tests.article_files import write_docx_bomb, write_renamed_zip
from tests.photo_files import png_claiming
from tests.test_article_import_ui import SEEN, _answer
from tests.test_canvas_drop import _drop

_HAN = re.compile(r"[\u4e00-\u9fff]")


def _truncated_jpeg(path: Path) -> Path:
    buffer = io.BytesIO()
    Image.effect_noise((800, 600), 60).convert("RGB").save(buffer, "JPEG", quality=90)
    path.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 3])
    return path


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


#: kind → (how to write it into a folder, words the message must contain)
PHOTOS = {
    "truncated JPEG": (lambda d: _truncated_jpeg(d / "会场 照片.jpg"), "文件不完整"),
    "zero-byte photo": (lambda d: _write(d / "空照片.jpg", b""), "文件是空的"),
    "PNG claiming 30000×30000": (lambda d: _write(d / "全景图.png", png_claiming(30000, 30000)), "像素过多"),
}
ARTICLES = {
    "renamed zip": (lambda d: write_renamed_zip(d / "表格.docx"), "不是 Word 文档"),
    "1 GB XML": (lambda d: write_docx_bomb(d / "炸弹.docx"), "解压后过大"),
    "invalid UTF-8": (lambda d: _write(d / "乱码.txt", "会议指出".encode() + b"\xff\x80\xfe" + "重大决策".encode()),
                      "不是有效的文本"),
}
HOSTILE = {**PHOTOS, **ARTICLES}


def _state(window) -> tuple[dict, int]:
    return encode_document(window.controller.doc), window.controller.undo_stack.count()


def _check_message(message: str, path: Path, words: str) -> None:
    assert path.name in message and words in message
    assert _HAN.search(message.replace(path.name, "")), message
    assert "Traceback" not in message and "Error" not in message


def _good_photo(folder: Path) -> Path:
    path = folder / "好照片.jpg"
    Image.new("RGB", (400, 300), (30, 120, 200)).save(path, "JPEG")
    return path


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_a_hostile_file_dropped_on_the_page_is_refused_in_chinese_and_changes_nothing(make_window, tmp_path, kind):
    window = make_window()
    write, words = HOSTILE[kind]
    path = write(tmp_path)
    before = _state(window)
    said: list[str] = []
    window.canvas.message.connect(said.append)
    _drop(window.canvas, [path], 0, 100, 300)
    assert len(said) == 1
    _check_message(said[0], path, words)
    assert window.status.currentMessage() == said[0]
    assert _state(window) == before
    _drop(window.canvas, [_good_photo(tmp_path)], 0, 100, 300)  # the window still works
    assert window.controller.undo_stack.count() == before[1] + 1


@pytest.mark.parametrize("kind", sorted(PHOTOS))
def test_a_hostile_photo_chosen_in_insert_picture_is_refused_in_a_chinese_box_and_changes_nothing(
        make_window, tmp_path, monkeypatch, kind):
    window = make_window()
    write, words = PHOTOS[kind]
    path = write(tmp_path)
    chosen = [path, _good_photo(tmp_path)]
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(chosen.pop(0)), ""))
    boxes: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: boxes.append(text))
    before = _state(window)
    window.menu_actions.actions["insert_photo"].trigger()
    assert len(boxes) == 1
    _check_message(boxes[0], path, words)
    assert _state(window) == before
    window.menu_actions.actions["insert_photo"].trigger()  # the next, good photo goes in
    assert boxes[1:] == []
    assert any(isinstance(f, ImageFrame) and f.source_name == "好照片.jpg"
               for p in window.controller.doc.pages for f in p.frames)


@pytest.mark.parametrize("kind", sorted(ARTICLES))
def test_a_hostile_article_chosen_in_import_is_listed_as_refused_and_changes_nothing(make_window, tmp_path, kind):
    window = make_window()
    write, words = ARTICLES[kind]
    path = write(tmp_path)
    before = _state(window)
    assert not import_articles(window, [path], ask=_answer())
    assert SEEN["ok_enabled"] is False
    _check_message(SEEN["rows"][0][3], path, words)
    assert _state(window) == before
