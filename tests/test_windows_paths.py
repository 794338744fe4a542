"""Every file operation in folders named as the department names them, and in deep ones.

Windows users keep issues in folders like ``党群 工作\\第28期（终稿）`` — Chinese,
spaces, full-width brackets — often deep inside a file server's share, past
Windows' classic 260-character path limit. Each test here saves, opens,
imports, exports and locks in both kinds of folder, on Linux and under the
Windows leg of CI alike.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from editor import SAMPLE_PROJECT
from editor.cli import main
from editor.io.article_import import read_article
from editor.io.lockfile import acquire_lock
from editor.io.photos import import_photo
from editor.io.project import load_project, save_project, save_project_folder


def _deep(root: Path) -> Path:
    """A folder whose files' paths are longer than 260 characters."""
    folder = root / "党群 工作" / "第28期（终稿）"
    level = 0
    while len(str(folder)) < 280:
        level += 1
        folder = folder / f"第{level}层 中铝股份党群工作部 稿件与照片"
    return folder


@pytest.fixture(params=["chinese", "deep"])
def folder(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    path = tmp_path / "党群 工作" / "第28期（终稿）" if request.param == "chinese" else _deep(tmp_path)
    path.mkdir(parents=True)
    if request.param == "deep":
        assert len(str(path / "中铝股份党群工作2021年第28期.banmian")) > 260
    return path


def test_save_open_and_lock_a_project(folder: Path) -> None:
    doc = load_project(SAMPLE_PROJECT)
    zipped = folder / "中铝股份党群工作2021年第28期.banmian"
    save_project(doc, zipped)
    assert load_project(zipped).issue == doc.issue
    as_folder = folder / "第28期 文件夹.banmian"
    save_project_folder(doc, as_folder)
    assert load_project(as_folder).stories == doc.stories
    result = acquire_lock(zipped)
    assert result.lock is not None
    result.lock.release()


def test_import_a_photo_and_a_text_file(folder: Path) -> None:
    photo = folder / "▲图为 学习现场（1）.jpg"
    Image.new("RGB", (64, 48), (200, 30, 30)).save(photo, quality=90)
    name, data = import_photo(photo)
    assert name.endswith(".jpg") and data == photo.read_bytes()
    article = folder / "稿件 一.txt"
    article.write_text("守正创新 凝心聚力\n为建设世界一流企业提供有力思想保证", encoding="utf-8")
    assert [p.plain_text() for p in read_article(article).paragraphs] == ["守正创新 凝心聚力", "为建设世界一流企业提供有力思想保证"]


def test_export_pdf_and_word(folder: Path, capsys) -> None:
    project = folder / "第28期.banmian"
    shutil.copytree(SAMPLE_PROJECT, project)
    pdf, docx = folder / "第28期（印刷）.pdf", folder / "第28期 可编辑.docx"
    assert main(["export", str(project), "--pdf", str(pdf), "--docx", str(docx)]) == 0, capsys.readouterr().err
    assert len(PdfReader(pdf).pages) == 5
    assert docx.stat().st_size > 10_000
