"""Every house template in layouts/: on masters, with the house styles, exporting cleanly.

Each template is exported to PDF and DOCX through the command line's own
``banmian export`` (``editor.cli.main``); nothing may be overset, every
page must show its master's items (instances, ids with '@'), and the text
read back from each PDF page must hold the masthead (page 1) or that page's
running head — 刊名 · 年第N期 · 第N版 written out here from the issue fields.
The generated projects must also match what their scripts make.
"""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pdfplumber
import pytest

from editor.cli import main as banmian
from editor.io.project import load_project
from editor.io.templates import house_templates
from editor.layout.engine import layout_document
from editor.model import Document

REPO = Path(__file__).resolve().parent.parent
LAYOUTS = REPO / "layouts"
HOUSE_STYLES = {"大标题", "副标题", "引题", "正文", "引文", "署名", "图注", "栏目名", "版头"}
TEMPLATES = house_templates()
#: Templates whose every story is a placeholder (the blank issue has none, the sample the real issue).
PLACEHOLDER_TEMPLATES = ["newsletter-a4.banmian", "tabloid-a3.banmian"]


def _ids(paths: list[Path]) -> list[str]:
    return [path.name for path in paths]


def test_the_house_templates_are_the_four_in_layouts() -> None:
    assert _ids(TEMPLATES) == ["blank-issue.banmian", "sample-2021-28.banmian", "newsletter-a4.banmian",
                               "tabloid-a3.banmian"]


def _masthead_texts(doc: Document) -> list[str]:
    issue = doc.issue
    return [issue.title, f"{issue.year}年第{issue.number}期（总第{issue.total_number}期）"]


def _running_head(doc: Document, page_number: int) -> str:
    issue = doc.issue
    return f"{issue.title}·{issue.year}年第{issue.number}期·第{page_number}版"


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.slow
@pytest.mark.parametrize("template", TEMPLATES, ids=_ids(TEMPLATES))
def test_template_exports_without_overset_and_with_its_masters_on_every_page(template: Path, tmp_path: Path,
                                                                              capsys) -> None:
    pdf, docx = tmp_path / "导出 测试.pdf", tmp_path / "导出 测试.docx"
    assert banmian(["export", str(template), "--pdf", str(pdf), "--docx", str(docx)]) == 0
    assert "溢出" not in capsys.readouterr().err
    doc = load_project(template)
    layout = layout_document(doc)
    assert layout.overset_story_ids == []
    assert doc.masters and all(page.master_id for page in doc.pages)
    for page, page_layout in zip(layout.document.pages, layout.pages, strict=True):
        instances = [frame.id for frame in page.frames if "@" in frame.id]
        assert instances and all(frame_id.endswith(f"@{page.id}") for frame_id in instances), page.id
        drawn = {area.frame_id for area in page_layout.areas}
        assert any("@" in frame_id for frame_id in drawn), page.id
    with pdfplumber.open(pdf) as reader:
        texts = [_squeezed(pdf_page.extract_text() or "") for pdf_page in reader.pages]
    assert len(texts) == len(doc.pages)
    for number, text in enumerate(texts, start=1):
        expected = _masthead_texts(doc) if number == 1 else [_running_head(doc, number)]
        for line in expected:
            assert _squeezed(line) in text, (number, line)
    with zipfile.ZipFile(docx) as package:
        words = _squeezed(re.sub(r"<[^>]+>", "", package.read("word/document.xml").decode("utf-8")))
    for number in range(2, len(doc.pages) + 1):
        assert _running_head(doc, number) in words


@pytest.mark.parametrize("template", TEMPLATES, ids=_ids(TEMPLATES))
def test_template_has_the_house_styles_and_page_one_on_the_masthead_master(template: Path) -> None:
    doc = load_project(template)
    assert HOUSE_STYLES <= set(doc.paragraph_styles)
    assert doc.master_of(doc.pages[0]).name == "刊头"
    assert all(doc.master_of(page).name.startswith("版头") for page in doc.pages[1:])


def test_newsletter_is_four_a4_pages_on_three_columns_and_tabloid_four_a3_on_five() -> None:
    newsletter = load_project(LAYOUTS / "newsletter-a4.banmian")
    tabloid = load_project(LAYOUTS / "tabloid-a3.banmian")
    assert (len(newsletter.pages), round(newsletter.page_width_pt / 72 * 25.4)) == (4, 210)
    assert (len(tabloid.pages), round(tabloid.page_width_pt / 72 * 25.4)) == (4, 297)
    assert {m.grid.columns for m in newsletter.masters} == {3}
    assert {m.grid.columns for m in tabloid.masters} == {5}


@pytest.mark.parametrize("name", PLACEHOLDER_TEMPLATES)
def test_articles_of_the_generic_templates_are_placeholders(name: str) -> None:
    doc = load_project(LAYOUTS / name)
    texts = {p.plain_text() for sid, story in doc.stories.items() if sid not in doc.master_story_ids()
             for p in story.paragraphs}
    assert {"在此输入标题", "在此粘贴正文"} <= texts
    assert texts <= {"在此输入引题", "在此输入标题", "在此输入副标题", "在此粘贴正文", "在此输入作者", "▲图为……",
                     "栏目名称"}
    banners = [story for story in doc.stories.values() if story.paragraphs[0].style == "栏目名"]
    assert banners and all(story.fixed for story in banners)
    assert doc.assets == {}


def _run(script: str, output: Path) -> None:
    subprocess.run([sys.executable, str(LAYOUTS / script), str(output)], check=True, capture_output=True,
                   cwd=output.parent if output.suffix else output)


@pytest.mark.slow
def test_scripts_make_the_committed_blank_and_generic_templates(tmp_path: Path) -> None:
    _run("make_blank.py", tmp_path / "blank-issue.banmian")
    _run("make_templates.py", tmp_path)
    for name in ["blank-issue.banmian", *PLACEHOLDER_TEMPLATES]:
        made = (tmp_path / name / "document.json").read_bytes()
        assert made == (LAYOUTS / name / "document.json").read_bytes(), (
            f"layouts/{name} is out of date: run its script in layouts/")
