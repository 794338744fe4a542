"""文件 → 新建下一期… through the real window: the menu, the dialog as a person fills it in, the new
untitled issue and the file name its first 保存 proposes (issue 9)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDateEdit, QDialogButtonBox

from editor.model.document_edits import set_issue_fields
from editor.ui.next_issue_dialog import NextIssueDialog

SEEN: dict[str, object] = {}


def _fill_in_the_dialog(qtbot, date_text: str, keep_articles: bool = False) -> None:
    """When the dialog is up: type the date (YYYY-MM-DD, as digits), note what it shows, tick the box if asked, press 确定."""
    dialog = QApplication.activeModalWidget()
    if not isinstance(dialog, NextIssueDialog):
        SEEN["dialog"] = None
        return
    SEEN["dialog"] = dialog.windowTitle()
    dialog.date.setFocus()
    sections = (QDateEdit.Section.YearSection, QDateEdit.Section.MonthSection, QDateEdit.Section.DaySection)
    for section, digits in zip(sections, date_text.split("-"), strict=True):
        dialog.date.setSelectedSection(section)  # as a click on the year, the month, the day
        qtbot.keyClicks(dialog.date, digits)
    SEEN["number"] = dialog.number.value()
    SEEN["total"] = dialog.total.value()
    SEEN["year"] = dialog.year.text()
    SEEN["file_name"] = dialog.file_name.text()
    SEEN["cleared"] = dialog.cleared.text()
    SEEN["kept"] = dialog.kept.text()
    if keep_articles:
        qtbot.mouseClick(dialog.keep_articles, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def _new_next_issue(window, qtbot, date_text: str, keep_articles: bool = False) -> None:
    SEEN.clear()
    QTimer.singleShot(0, lambda: _fill_in_the_dialog(qtbot, date_text, keep_articles))
    window.menu_actions.actions["new_next_issue"].trigger()


def test_next_issue_from_the_menu_with_the_date_typed_in_the_dialog(make_window, project, qtbot):
    window = make_window(open=project)
    old = window.controller.doc
    assert (old.issue.number, old.issue.total_number, old.issue.date) == (28, 28, "2021-09-29")
    file_menu = [action.text() for action in window.menu_actions.menus["file"].actions()]
    assert "新建下一期(&I)…" in file_menu

    _new_next_issue(window, qtbot, "2021-10-13")

    assert SEEN["dialog"] == "新建下一期"
    assert (SEEN["number"], SEEN["total"], SEEN["year"]) == (29, 29, "2021")
    assert SEEN["file_name"] == "中铝股份党群工作2021年第29期.banmian"
    assert "在此粘贴正文" in SEEN["cleared"] and "样式" in SEEN["kept"]
    doc = window.controller.doc
    assert doc is not old
    issue = doc.issue
    assert (issue.year, issue.number, issue.total_number, issue.date, issue.previous_date) == (
        2021, 29, 29, "2021-10-13", "2021-09-29")
    assert window.controller.path is None and window.windowTitle().startswith("未命名")
    assert not window.isWindowModified()
    assert len(doc.pages) == len(old.pages) and doc.paragraph_styles == old.paragraph_styles
    texts = {p.plain_text() for story in doc.stories.values() for p in story.paragraphs}
    assert "在此粘贴正文" in texts and "在此输入标题" in texts
    assert doc.assets == {}

    suggested = []
    window.files.dialogs.save_path = lambda path: suggested.append(path) or None
    window.menu_actions.actions["save"].trigger()
    assert suggested == [project.parent / "中铝股份党群工作2021年第29期.banmian"]


def test_a_date_in_the_next_year_starts_at_issue_1_and_kept_articles_keep_their_text(make_window, project, qtbot):
    window = make_window(open=project)
    old = window.controller.doc
    _new_next_issue(window, qtbot, "2022-1-5", keep_articles=True)
    assert (SEEN["number"], SEEN["total"], SEEN["year"]) == (1, 29, "2022")
    doc = window.controller.doc
    assert (doc.issue.year, doc.issue.number, doc.issue.total_number) == (2022, 1, 29)
    assert doc.stories == old.stories and doc.assets == old.assets


def test_unsaved_work_is_asked_about_first_and_cancel_keeps_the_issue(make_window, project, qtbot):
    window = make_window(open=project)
    window.controller.edit("修改期刊信息", set_issue_fields(window.controller.doc, publisher="宣传部"))
    assert window.isWindowModified()
    dialogs = window.files.dialogs
    dialogs.unsaved_answer = "cancel"
    _new_next_issue(window, qtbot, "2021-10-06")
    assert dialogs.unsaved_asked == ["期刊.banmian"]
    qtbot.wait(50)  # the scripted hand looks for the dialog
    assert SEEN["dialog"] is None
    assert window.controller.path == project and window.controller.doc.issue.number == 28

    dialogs.unsaved_answer = "discard"
    _new_next_issue(window, qtbot, "2021-10-06")
    assert SEEN["dialog"] == "新建下一期"
    assert window.controller.path is None
    assert (window.controller.doc.issue.number, window.controller.doc.issue.publisher) == (29, "宣传部")
