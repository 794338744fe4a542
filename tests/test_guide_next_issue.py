"""The user guide's 六、下一期, step by step, through the window as the department's editor does it.

From the sample (issue 28) to issue 29: open the previous issue, 文件 → 新建下一期…, check what the
dialog proposes and press 确定, double-click a placeholder, Ctrl+A, Ctrl+V the new article, Ctrl+S
with the suggested name beside the old file, then 文件 → 导出 PDF. The PDF is read back: the new
numbers on every page, the new article, nothing of the old articles. The steps are also checked
to be the ones the guide writes, so the guide and this test cannot drift apart.
"""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDateEdit, QDialogButtonBox

from editor import PROJECT_ROOT
from editor.io.project import load_project
from editor.layout.display import GlyphRun
from editor.model.frames import TextFrame
from editor.ui.next_issue_dialog import NextIssueDialog
from tests.canvas_helpers import view_point

GUIDE = Path(PROJECT_ROOT) / "docs" / "使用说明.md"
NEW_ARTICLE = ("本报讯 10月12日，公司党委召开理论学习中心组学习会，传达学习上级会议精神。\n"
               "会议要求，各级党组织要把学习成果转化为推动改革发展的实际行动。")


def _section_six() -> str:
    guide = GUIDE.read_text(encoding="utf-8")
    return guide[guide.index("## 六、下一期"):guide.index("\n## 七、")]


def test_the_guide_writes_the_steps_this_test_performs() -> None:
    steps = _section_six()
    for words in ("**文件 → 新建下一期…**", "出版日期", "期号", "总期号", "中铝股份党群工作2021年第29期.banmian",
                  "确定", "双击", "连点三下", "Ctrl+V", "Ctrl+S", "保留文章内容"):
        assert words in steps, words


def _type_the_date_and_press_ok(qtbot, seen: dict[str, object], date_text: str) -> None:
    """The sample knows no earlier issue, so the dialog proposes today: the editor types the date."""
    dialog = QApplication.activeModalWidget()
    if isinstance(dialog, NextIssueDialog):
        dialog.date.setFocus()
        sections = (QDateEdit.Section.YearSection, QDateEdit.Section.MonthSection, QDateEdit.Section.DaySection)
        for section, digits in zip(sections, date_text.split("-"), strict=True):
            dialog.date.setSelectedSection(section)  # as a click on the year, the month, the day
            qtbot.keyClicks(dialog.date, digits)
        seen.update(number=dialog.number.value(), total=dialog.total.value(), name=dialog.file_name.text())
        QTest.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def _placeholder_spot(window, text: str) -> tuple[int, str, float, float]:
    """(page index, frame id, x, y) of the first glyphs of ``text`` in a page's own frame."""
    doc = window.controller.doc
    for page_index, page in enumerate(window.controller.layout.pages):
        own = {f.id: f for f in doc.pages[page_index].frames if isinstance(f, TextFrame)}
        for item in page.items:
            if isinstance(item, GlyphRun) and item.text.startswith(text[:2]) and item.story_id in doc.stories:
                frame = next((f for f in own.values() if f.story_id == item.story_id), None)
                if frame is not None and text in "".join(p.plain_text() for p in doc.stories[item.story_id].paragraphs):
                    return page_index, frame.id, item.box_left_pt[0] + 2.0, item.baseline_pt - 3.0
    raise AssertionError(f"no placeholder {text!r} on any page")


def _pdf_pages(path: Path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [re.sub(r"\s+", "", page.extract_text() or "") for page in pdf.pages]


def test_from_the_sample_to_issue_29_as_the_guide_says(make_window, project, qtbot, tmp_path, monkeypatch) -> None:
    # 1. 打开上一期.
    window = make_window(open=project)
    old_doc = window.controller.doc
    old_sentences = {p.plain_text()[:12] for story_id, story in old_doc.stories.items()
                     if story_id not in old_doc.master_story_ids() and not story.fixed
                     for p in story.paragraphs if len(p.plain_text()) >= 12}
    assert len(old_sentences) > 10

    # 2.–4. 文件 → 新建下一期…, the publication date typed, the dialog shows 29 / 29 and the file name; 确定.
    seen: dict[str, object] = {}
    QTimer.singleShot(0, lambda: _type_the_date_and_press_ok(qtbot, seen, "2021-10-13"))
    window.menu_actions.actions["new_next_issue"].trigger()
    assert seen == {"number": 29, "total": 29, "name": "中铝股份党群工作2021年第29期.banmian"}
    assert window.controller.path is None and window.controller.doc.issue.number == 29

    # 5. 换内容: double-click the body placeholder, a third click chooses its paragraph, Ctrl+V the new article.
    page_index, frame_id, x_pt, y_pt = _placeholder_spot(window, "在此粘贴正文")
    canvas = window.canvas
    window.go_to_page(page_index)
    qtbot.wait(50)
    QTest.mouseDClick(canvas.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                      view_point(canvas, page_index, x_pt, y_pt))
    assert canvas.is_text_editing()
    QTest.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     view_point(canvas, page_index, x_pt, y_pt))
    assert canvas.editor.selected_text() == "在此粘贴正文"
    QGuiApplication.clipboard().setText(NEW_ARTICLE)
    QTest.keyClick(canvas, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    story = window.controller.doc.stories[window.controller.doc.frame_by_id(frame_id).story_id]
    assert [p.plain_text() for p in story.paragraphs] == NEW_ARTICLE.split("\n")

    # 6. Ctrl+S: the save dialog starts at the suggested name beside the previous issue.
    asked: list[Path] = []
    window.files.dialogs.save_path = lambda suggested: asked.append(suggested) or suggested
    QTest.keyClick(canvas, Qt.Key.Key_Escape)  # leave the text, as a click outside does
    window.menu_actions.actions["save"].trigger()
    saved = project.parent / "中铝股份党群工作2021年第29期.banmian"
    assert asked == [saved] and window.controller.path == saved
    again = load_project(saved)
    assert (again.issue.year, again.issue.number, again.issue.total_number) == (2021, 29, 29)

    # 五、导出 PDF: the new numbers on every page, the new article, none of the old ones.
    target = tmp_path / "第29期.pdf"
    monkeypatch.setattr(window.exporter, "ask", lambda kind: (target, False))
    monkeypatch.setattr(window.exporter, "done", lambda title, path, notes: None)
    window.menu_actions.actions["export_pdf"].trigger()
    pages = _pdf_pages(target)
    assert len(pages) == len(old_doc.pages)
    assert all("2021年第29期" in text for text in pages), [text[:80] for text in pages]
    assert not any("第28期" in text for text in pages)
    whole = "".join(pages)
    assert re.sub(r"\s+", "", NEW_ARTICLE.split("\n")[0])[:20] in whole
    assert [s for s in old_sentences if re.sub(r"\s+", "", s) in whole] == []
