"""One damaged photo never ends an export (issue 7).

The layout puts a placeholder (grey box, cross) where the photo was; the PDF
and the DOCX draw it; every other photo is exported as before; and the photo
is named by its file name and page — by ``banmian export`` in a 注意： line on
stderr (exit 0), by 导出 PDF / 导出 Word in a question asked before anything
is written. Two kinds of damage: a file cut short, which the header already
shows, and pixels scrambled inside a whole file, which only decoding finds.
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import zipfile
from pathlib import Path

import pdfplumber
import pytest
from lxml import etree

from editor import SAMPLE_PROJECT
from editor.io.project import asset_name, load_project, save_project
from editor.model import ImageFrame
from editor.ui.export_dialogs import placeholder_question
from tests.photo_files import png_damaged_inside

ROOT = Path(__file__).resolve().parent.parent
NAME = "IMG_2041.jpg"
DAMAGE = {
    # what the photo becomes, and the reason its note gives
    "cut_short": (lambda data: data[: len(data) // 2], "文件不完整，可能没有下载或复制完"),
    "scrambled_inside": (lambda data: png_damaged_inside(), "文件已损坏，或不是支持的图片格式"),
}
PIC = "{http://schemas.openxmlformats.org/drawingml/2006/picture}pic"
PRESET = "{http://schemas.openxmlformats.org/drawingml/2006/main}prstGeom"


@dataclasses.dataclass
class Damaged:
    project: Path
    page_number: int
    frame: ImageFrame
    #: Photos on each page (1-based) that should still be exported.
    intact_per_page: dict[int, int]


def _damaged_sample(tmp_path: Path, kind: str) -> Damaged:
    """The sample issue with its second photo damaged and named IMG_2041.jpg, saved as a project."""
    damage, _reason = DAMAGE[kind]
    doc = load_project(SAMPLE_PROJECT)
    photos = [(index, frame) for index, frame in doc.frames_with_pages()
              if isinstance(frame, ImageFrame) and frame.asset]
    page_index, frame = photos[1]
    bad = damage(doc.assets[frame.asset])
    name = asset_name(bad, "png" if bad.startswith(b"\x89PNG") else "jpg")
    doc.assets[name] = bad
    frames = doc.pages[page_index].frames
    frames[frames.index(frame)] = dataclasses.replace(frame, asset=name, source_name=NAME)
    if not any(f.asset == frame.asset for _, f in doc.frames_with_pages() if isinstance(f, ImageFrame)):
        del doc.assets[frame.asset]
    project = tmp_path / "期刊.banmian"
    save_project(doc, project)
    intact: dict[int, int] = {}
    for index, other in photos:
        if other is not frame:
            intact[index + 1] = intact.get(index + 1, 0) + 1
    return Damaged(project, page_index + 1, frame, intact)


@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_the_command_line_exports_a_placeholder_and_names_the_photo_and_its_page(tmp_path: Path, kind: str):
    damaged = _damaged_sample(tmp_path, kind)
    pdf, docx = tmp_path / "期刊.pdf", tmp_path / "期刊.docx"
    run = subprocess.run([sys.executable, "-m", "editor", "export", str(damaged.project), "--pdf", str(pdf),
                          "--docx", str(docx)], capture_output=True, text=True, encoding="utf-8", cwd=ROOT,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    reason = DAMAGE[kind][1]
    expected = f"注意：第 {damaged.page_number} 页的图片“{NAME}”已损坏或无法读取（{reason}），已用空白占位框代替。"
    assert [line for line in run.stderr.splitlines() if "图片" in line] == [expected]  # once, for PDF and Word

    frame = damaged.frame
    with pdfplumber.open(pdf) as document:
        for number, page in enumerate(document.pages, start=1):
            assert len(page.images) == damaged.intact_per_page.get(number, 0), f"photos on page {number}"
        placeholder = [rect for rect in document.pages[damaged.page_number - 1].rects
                       if rect["non_stroking_color"] and tuple(rect["non_stroking_color"]) == (0.88, 0.88, 0.88)]
    assert [(round(r["x0"]), round(r["top"]), round(r["width"]), round(r["height"])) for r in placeholder] == [
        (round(frame.x_pt), round(frame.y_pt), round(frame.width_pt), round(frame.height_pt))]

    body = etree.fromstring(zipfile.ZipFile(docx).read("word/document.xml"))
    assert len(body.findall(f".//{PIC}")) == sum(damaged.intact_per_page.values())
    pages = body.findall(".//{http://schemas.openxmlformats.org/wordprocessingml/2006/main}body/"
                         "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p")
    shapes = [shape.get("prst") for shape in pages[damaged.page_number - 1].iter(PRESET)]
    assert shapes.count("line") >= 2 and "rect" in shapes  # the grey box and its cross


def _export_with_answer(make_window, damaged: Damaged, target: Path, answer: bool, monkeypatch):
    window = make_window(open=damaged.project)
    questions: list[tuple[str, bool]] = []
    finished: list[str] = []

    def accept(title: str, problems) -> bool:
        questions.append((placeholder_question(problems), target.exists()))
        return answer

    monkeypatch.setattr(window.exporter, "ask", lambda kind: (target, False))
    monkeypatch.setattr(window.exporter, "accept_placeholders", accept)
    monkeypatch.setattr(window.exporter, "done", lambda title, path, notes: finished.append(notes))
    window.menu_actions.actions["export_pdf" if target.suffix == ".pdf" else "export_docx"].trigger()
    return questions, finished


@pytest.mark.parametrize("suffix", [".pdf", ".docx"])
def test_the_editor_asks_before_writing_and_exports_the_placeholder_when_told_to(
        make_window, tmp_path, monkeypatch, suffix):
    damaged = _damaged_sample(tmp_path, "scrambled_inside")
    target = tmp_path / f"导出{suffix}"
    questions, finished = _export_with_answer(make_window, damaged, target, True, monkeypatch)
    reason = DAMAGE["scrambled_inside"][1]
    assert questions == [(f"第 {damaged.page_number} 页的图片“{NAME}”已损坏或无法读取（{reason}），"
                          "导出时将以空白占位框代替。继续导出吗？", False)]  # asked before anything was written
    assert target.exists() and len(finished) == 1
    assert f"第 {damaged.page_number} 页的图片“{NAME}”" in finished[0]
    if suffix == ".pdf":
        with pdfplumber.open(target) as document:
            assert sum(len(page.images) for page in document.pages) == sum(damaged.intact_per_page.values())


def test_the_editor_writes_nothing_when_the_user_declines(make_window, tmp_path, monkeypatch):
    damaged = _damaged_sample(tmp_path, "cut_short")
    target = tmp_path / "导出.pdf"
    questions, finished = _export_with_answer(make_window, damaged, target, False, monkeypatch)
    assert len(questions) == 1 and not target.exists() and finished == []


def test_several_photos_are_listed_one_per_line() -> None:
    from editor.layout.display import PhotoProblem

    problems = [PhotoProblem(3, "a", "第 3 页的图片“IMG_2041.jpg”", "文件不完整，可能没有下载或复制完"),
                PhotoProblem(5, "b", "第 5 页的图片", "文件已损坏，或不是支持的图片格式")]
    assert placeholder_question(problems) == (
        "第 3 页的图片“IMG_2041.jpg”已损坏或无法读取（文件不完整，可能没有下载或复制完）\n"
        "第 5 页的图片已损坏或无法读取（文件已损坏，或不是支持的图片格式）\n\n"
        "这些图片导出时将以空白占位框代替。继续导出吗？")


def test_a_photo_without_a_kept_file_name_is_named_by_its_page() -> None:
    from editor.layout.engine import layout_document

    doc = load_project(SAMPLE_PROJECT)
    index, frame = next((i, f) for i, f in doc.frames_with_pages() if isinstance(f, ImageFrame) and f.asset)
    doc.assets[frame.asset] = doc.assets[frame.asset][:1000]
    layout = layout_document(doc)
    assert f"第 {index + 1} 页的图片已损坏或无法读取（文件不完整，可能没有下载或复制完），已用空白占位框代替。" in layout.warnings
