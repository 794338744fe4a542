"""打包 (issue #13): the package holds the project, the print PDF, the DOCX, every photo's original
bytes and a Chinese report listing each photo's effective resolution and each font's file; paths
with Chinese and spaces work, and a failed package leaves nothing at its destination.

The report is checked against figures worked out here: a photo's resolution from its own pixels
(Pillow) and its frame's size in the project (the sample's frames fill at 100 %, so the photo is
scaled by the larger of the two ratios), a font's family from the file's own name table (fontTools).
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from PIL import Image, ImageOps
from pypdf import PdfReader

from editor import SAMPLE_PROJECT
from editor.cli import main
from editor.errors import ExportError
from editor.io.project import load_project
from editor.layout.engine import layout_document
from editor.model import ImageFrame
from editor.render.package import package_project, photo_file_names

MM = 72.0 / 25.4


@pytest.fixture(scope="module")
def sample_zip(tmp_path_factory) -> tuple[Path, object]:
    folder = tmp_path_factory.mktemp("pkg") / "送 印刷厂"
    folder.mkdir()
    doc = load_project(SAMPLE_PROJECT)
    target = folder / "第 28 期 打包.zip"
    package_project(doc, layout_document(doc), target)
    return target, doc


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def _report(path: Path) -> str:
    return _members(path)["第 28 期 打包/报告.txt"].decode("utf-8")


def _photo_frames(doc) -> list[tuple[int, ImageFrame]]:
    return [(index + 1, frame) for index, frame in doc.frames_with_pages()
            if isinstance(frame, ImageFrame) and frame.asset is not None]


def test_the_zip_holds_the_project_pdf_docx_every_original_photo_and_the_report(sample_zip):
    target, doc = sample_zip
    members = _members(target)
    top = "第 28 期 打包/"
    assert all(name.startswith(top) for name in members)
    names = {name[len(top):] for name in members}
    assert {"第 28 期 打包.banmian", "第 28 期 打包.pdf", "第 28 期 打包.docx", "报告.txt"} <= names
    photos = {name: data for name, data in members.items() if name.startswith(top + "图片/")}
    originals = {doc.assets[frame.asset] for _, frame in _photo_frames(doc)}
    assert len(photos) == len(originals) == 6 and set(photos.values()) == originals  # bytes as imported
    packed = members[top + "第 28 期 打包.banmian"]
    with zipfile.ZipFile(io.BytesIO(packed)) as project:
        assert "document.json" in project.namelist()
    pdf = PdfReader(io.BytesIO(members[top + "第 28 期 打包.pdf"]))
    assert len(pdf.pages) == len(doc.pages) and "/TrimBox" in pdf.pages[0]  # the print preset
    assert members[top + "第 28 期 打包.docx"][:2] == b"PK"


def test_the_report_lists_every_photo_with_its_page_size_and_effective_resolution(sample_zip):
    target, doc = sample_zip
    report = _report(target)
    rows = [line.split("\t") for line in report.splitlines() if line.count("\t") == 3 and "第 " in line]
    frames = _photo_frames(doc)
    assert report.count("一、图片（共 6 张）") == 1 and len(rows) == len(frames)
    names = photo_file_names(doc)
    for (page, frame), (name, page_text, size_text, ppi_text) in zip(frames, rows, strict=True):
        assert (frame.fit, frame.zoom, frame.rotation_deg) == ("fill", 1.0, 0)  # the oracle below assumes it
        width_px, height_px = ImageOps.exif_transpose(Image.open(io.BytesIO(doc.assets[frame.asset]))).size
        expected_ppi = min(width_px * 72.0 / frame.width_pt, height_px * 72.0 / frame.height_pt)
        assert name == names[frame.asset] and page_text == f"第 {page} 页"
        assert size_text == f"{frame.width_pt / MM:.1f} × {frame.height_pt / MM:.1f}"
        assert int(re.fullmatch(r"(\d+) ppi", ppi_text).group(1)) == pytest.approx(expected_ppi, abs=1)


def test_the_report_lists_every_font_the_text_asks_for_with_its_file(sample_zip):
    target, doc = sample_zip
    report = _report(target)
    section = report.split("二、字体", 1)[1]
    rows = [line.split("\t") for line in section.splitlines() if line.count("\t") == 2 and not line.startswith("字体")]
    asked = {(doc.paragraph_styles[p.style].font_family, "粗体" if doc.paragraph_styles[p.style].bold else "常规")
             for story in doc.stories.values() for p in story.paragraphs if p.style in doc.paragraph_styles}
    assert asked <= {(family, style) for family, style, _ in rows}
    for family, style, path in rows:
        font = TTFont(path, fontNumber=0, lazy=True)
        assert family in (font["name"].getDebugName(1), font["name"].getDebugName(16))
        assert ("Bold" in font["name"].getDebugName(2) or "Bold" in font["name"].getDebugName(4)) == (style == "粗体")


def test_a_missing_font_is_reported_as_not_found_with_the_file_that_stands_in(tmp_path):
    doc = load_project(SAMPLE_PROJECT)
    style = next(iter(doc.paragraph_styles.values()))
    style.font_family = "方正小标宋简体"
    target = tmp_path / "缺 字体"
    package_project(doc, layout_document(doc), target)
    lines = [line for line in (target / "报告.txt").read_text(encoding="utf-8").splitlines()
             if line.startswith("方正小标宋简体\t")]
    assert lines and all("\t未找到，以 Noto S" in line for line in lines)
    assert all(Path(line.rsplit("：", 1)[1]).is_file() for line in lines)


def test_a_folder_package_with_chinese_and_spaces_in_its_path_comes_from_the_command_line(tmp_path, capsys):
    target = tmp_path / "中文 路径" / "第 28 期 给 同事"
    target.parent.mkdir()
    assert main(["package", str(SAMPLE_PROJECT), str(target)]) == 0
    assert "已打包到" in capsys.readouterr().out
    assert sorted(path.name for path in target.iterdir()) == sorted(  # the files keep the project's name
        ["sample-2021-28.banmian", "sample-2021-28.pdf", "sample-2021-28.docx", "图片", "报告.txt"])
    assert len(list((target / "图片").iterdir())) == 6
    assert os.listdir(target.parent) == [target.name]  # no temporary folder left beside it


def test_an_existing_folder_is_not_overwritten(tmp_path):
    target = tmp_path / "已有"
    target.mkdir()
    (target / "别人的.txt").write_text("留着", encoding="utf-8")
    doc = load_project(SAMPLE_PROJECT)
    with pytest.raises(ExportError, match="已存在"):
        package_project(doc, layout_document(doc), target)
    assert [path.name for path in target.iterdir()] == ["别人的.txt"]


@pytest.mark.parametrize("name", ["失败 的包", "失败 的包.zip"])
def test_a_package_that_fails_halfway_leaves_nothing_at_its_destination(tmp_path, monkeypatch, name):
    import editor.render.docx as docx

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(docx, "write_docx", full_disk)
    folder = tmp_path / "目标 文件夹"
    folder.mkdir()
    existing = folder / "失败 的包.zip"
    if name.endswith(".zip"):
        existing.write_bytes(b"the earlier package")
    before = sorted(os.listdir(folder))
    doc = load_project(SAMPLE_PROJECT)
    with pytest.raises(ExportError) as raised:
        package_project(doc, layout_document(doc), folder / name)
    assert "磁盘" in raised.value.message or "空间" in raised.value.message
    assert sorted(os.listdir(folder)) == before
    if name.endswith(".zip"):
        assert existing.read_bytes() == b"the earlier package"


def test_photo_names_keep_the_imported_names_made_safe_and_distinct():
    from editor.model import Document, Page

    frames = [ImageFrame(id=f"f{i}", x_pt=0, y_pt=0, width_pt=10, height_pt=10, asset=asset, source_name=source)
              for i, (asset, source) in enumerate([("a1.jpg", "现场 照片.jpg"), ("a2.jpg", "现场 照片.JPG"),
                                                    ("a3.png", "a:b.png"), ("a4.jpg", ""), ("a1.jpg", "现场 照片.jpg")])]
    doc = Document(pages=[Page(id="p", frames=frames)])
    assert photo_file_names(doc) == {"a1.jpg": "现场 照片.jpg", "a2.jpg": "现场 照片-2.JPG",
                                     "a3.png": "a_b.png", "a4.jpg": "a4.jpg"}


def test_a_photo_missing_from_the_project_is_a_placeholder_in_the_pdf_and_missing_in_the_report(tmp_path):
    """As the PDF export does: the package is made, the PDF shows the placeholder, the report says 缺失."""
    import pdfplumber

    doc = load_project(SAMPLE_PROJECT)
    page_number, gone = _photo_frames(doc)[0]
    kept = {frame.asset for _, frame in _photo_frames(doc) if frame.asset != gone.asset}
    gone_name = photo_file_names(doc)[gone.asset]
    del doc.assets[gone.asset]
    target = tmp_path / "缺 图.zip"
    result = package_project(doc, layout_document(doc), target)
    members = _members(target)
    photos = {name for name in members if name.startswith("缺 图/图片/")}
    assert photos == {f"缺 图/图片/{photo_file_names(doc)[asset]}" for asset in kept}
    assert result.photo_count == len(kept) == 5
    assert any(note.startswith(f"第 {page_number} 页的图片") and "占位框" in note for note in result.notes)
    report = members["缺 图/报告.txt"].decode("utf-8")
    rows = [line.split("\t") for line in report.splitlines() if line.startswith(gone_name + "\t")]
    assert [(page, ppi.startswith("缺失")) for _, page, _, ppi in rows] == [(f"第 {page_number} 页", True)]
    with pdfplumber.open(io.BytesIO(members["缺 图/缺 图.pdf"])) as pdf:
        page = pdf.pages[page_number - 1]
        frame_sized = [rect for rect in page.rects if abs(rect["width"] - gone.width_pt) < 0.05
                       and abs(rect["height"] - gone.height_pt) < 0.05]
        images_there = [image for image in page.images if abs(image["x0"] - frame_sized[0]["x0"]) < 0.05
                        and abs(image["top"] - frame_sized[0]["top"]) < 0.05]
    assert len(frame_sized) == 1 and frame_sized[0]["fill"]  # the grey placeholder box, where the photo was
    assert images_there == []
