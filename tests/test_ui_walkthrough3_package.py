"""Walkthrough 3: 打包 keeps the names a colleague knows.

The package renamed the project, PDF and DOCX after itself (…-打包.banmian), and a photo the user
inserted from photo_exif6.jpg was packed as 图片/image1.jpg: the same picture had come in earlier
inside a Word file, whose media part is called image1.jpg, and the two frames share one stored
photo. Now the files inside are named as 导出 names them (the project's name), and a photo's name
is the one it was inserted with rather than a Word file's image<N>.
"""

from __future__ import annotations

import io
import zipfile

from PIL import Image
from PySide6.QtWidgets import QMessageBox

from editor.io.project import asset_name, load_project, save_project
from editor.model import Document, ImageFrame, Page
from editor.render.package import photo_file_names
from editor.ui.package_dialog import package_from_window


def _jpeg_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (120, 80), (200, 220, 255)).save(out, format="JPEG", quality=90)
    return out.getvalue()


def _photo(frame_id: str, asset: str | None, source_name: str, y_pt: float = 100.0) -> ImageFrame:
    return ImageFrame(id=frame_id, x_pt=60.0, y_pt=y_pt, width_pt=120.0, height_pt=80.0, asset=asset,
                      source_name=source_name)


def test_the_package_from_the_window_keeps_the_projects_name_and_the_inserted_photos_name(
        make_window, project, tmp_path, monkeypatch):
    photo = tmp_path / "photo_exif6.jpg"
    photo.write_bytes(_jpeg_bytes())
    stored = asset_name(photo.read_bytes(), "jpg")
    doc = load_project(project)
    doc.pages[0].frames.append(_photo("from_word", stored, "image1.jpg"))  # as 导入文章 placed it
    doc.assets[stored] = photo.read_bytes()
    save_project(doc, project)
    window = make_window(open=project)
    window.controller.select([])
    assert window.arrange.insert_photo(photo, 1)  # what 插入 → 图片… does with the file chosen
    monkeypatch.setattr(QMessageBox, "exec", lambda box: 0)
    target = tmp_path / "给 同事" / "期刊-打包.zip"
    target.parent.mkdir()
    assert package_from_window(window, ask=lambda parent, suggested: target) == target
    with zipfile.ZipFile(target) as archive:
        names = set(archive.namelist())
    assert {"期刊-打包/期刊.banmian", "期刊-打包/期刊.pdf", "期刊-打包/期刊.docx",
            "期刊-打包/图片/photo_exif6.jpg"} <= names
    assert "期刊-打包/图片/image1.jpg" not in names


def test_a_photo_shared_by_frames_is_named_as_inserted_not_as_its_word_files_image_n():
    frames = [_photo("a", "x.jpg", "image1.jpg"), _photo("b", "x.jpg", "会场.jpg", 300.0),
              _photo("c", "y.png", "image2.png"), _photo("d", "z.jpg", "image3.jpeg")]
    doc = Document(pages=[Page(id="p", frames=frames)])
    assert photo_file_names(doc) == {"x.jpg": "会场.jpg", "y.png": "image2.png", "z.jpg": "image3.jpeg"}
