"""The 检查 dock and status light driven like a person: the light opens the panel, 跳转 selects, 修复 fixes
and undo restores, and an export with errors asks first (继续导出 / 取消)."""

from __future__ import annotations

import copy

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from editor.io.project import save_project
from editor.model.edits import move_frames
from editor.preflight.findings import FRAME_OFF_PAGE, OVERSET
from tests.preflight_docs import LONG_NAME, box, clean_doc, overset_doc, with_frames


@pytest.fixture()
def overset_project(tmp_path):
    path = tmp_path / "溢出.banmian"
    save_project(overset_doc(), path)
    return path


def _press(panel, finding, button: str) -> None:
    """Click the row's 跳转 or 修复, the row scrolled into view first."""
    panel.window().preflight_dock.show()
    widget = panel.row_buttons(finding)[button]
    panel.tree.scrollToItem(panel.tree.itemAt(widget.parentWidget().pos()))
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)


def _rows(panel):
    """(group text, [(page, sentence)]) of the tree, as shown."""
    tree = panel.tree
    return [(tree.topLevelItem(i).text(0), [(tree.topLevelItem(i).child(j).text(0), tree.topLevelItem(i).child(j).text(1))
                                           for j in range(tree.topLevelItem(i).childCount())])
            for i in range(tree.topLevelItemCount())]


def test_the_light_is_green_on_the_sample_and_the_panel_lists_nothing(make_window):
    window = make_window()
    assert window.preflight_light.text() == "● 检查通过"
    assert window.preflight_panel.findings == [] and _rows(window.preflight_panel) == []


def test_the_light_shows_the_overset_error_and_a_click_opens_the_panel(make_window, overset_project, qtbot):
    window = make_window(open=overset_project)
    light = window.preflight_light
    assert light.text() == "● 1 个错误" and "#C8161D" in light.styleSheet()
    window.preflight_dock.close()
    assert not window.preflight_panel.isVisible()
    QTest.mouseClick(light, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(window.preflight_panel.isVisible, timeout=3000)
    (group, rows), = _rows(window.preflight_panel)
    assert group == f"{OVERSET}（1）"
    assert rows[0][0] == "第 2 页" and rows[0][1].startswith(f"【错误】文章“{LONG_NAME}”排不下")


def test_a_group_heading_is_in_the_first_column_the_only_one_a_spanned_row_shows(make_window, overset_project):
    tree = make_window(open=overset_project).preflight_panel.tree
    group = tree.topLevelItem(0)
    assert group.isFirstColumnSpanned()
    assert group.text(0) == f"{OVERSET}（1）"


def test_clicking_the_overset_count_opens_the_panel(make_window, overset_project, qtbot):
    window = make_window(open=overset_project)
    assert window.status.overset_label.text() == "溢出 1 篇"
    window.preflight_dock.close()
    QTest.mouseClick(window.status.overset_label, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(window.preflight_panel.isVisible, timeout=3000)


def test_jump_shows_page_2_and_selects_the_stories_last_frame(make_window, overset_project):
    window = make_window(open=overset_project)
    panel = window.preflight_panel
    finding, = panel.findings
    _press(panel, finding, "跳转")
    assert window.current_page() == 1
    assert window.controller.selection == ("f2",)


def test_fix_makes_the_story_fit_in_one_undo_step_and_undo_restores_it(make_window, overset_project, qtbot):
    window = make_window(open=overset_project)
    controller, panel = window.controller, window.preflight_panel
    before = copy.deepcopy(controller.doc.pages)
    finding, = panel.findings
    _press(panel, finding, "修复")
    assert not controller.layout.stories["s"].overset
    assert controller.doc.pages[1].frames[0].height_pt > before[1].frames[0].height_pt
    qtbot.waitUntil(lambda: window.preflight_light.text() == "● 检查通过", timeout=3000)
    assert panel.findings == [] and _rows(panel) == []
    assert controller.undo_stack.undoText() == "检查修复（加高文本框）"
    controller.undo_stack.undo()
    assert controller.doc.pages == before
    qtbot.waitUntil(lambda: window.preflight_light.text() == "● 1 个错误", timeout=3000)
    assert [f.kind for f in panel.findings] == [OVERSET]


def test_the_findings_follow_every_edit_while_the_panel_is_hidden(make_window, tmp_path, qtbot):
    path = tmp_path / "方框.banmian"
    save_project(with_frames(clean_doc(), box()), path)
    window = make_window(open=path)
    window.preflight_dock.close()
    assert window.preflight_light.text() == "● 检查通过"
    window.controller.edit("移动", move_frames(window.controller.doc, {"box": (400.0, 0.0)}))
    qtbot.waitUntil(lambda: window.preflight_light.text() == "● 1 个警告", timeout=3000)
    assert [f.kind for f in window.preflight_panel.findings] == [FRAME_OFF_PAGE]
    window.controller.undo_stack.undo()
    qtbot.waitUntil(lambda: window.preflight_light.text() == "● 检查通过", timeout=3000)


def test_the_resolution_threshold_is_kept_in_the_settings(make_window, user_dirs):
    from PySide6.QtCore import QSettings

    from editor.ui.preflight_panel import PreflightPanel

    window = make_window()
    settings = QSettings(str(user_dirs / "preflight.ini"), QSettings.Format.IniFormat)
    first = PreflightPanel(window.controller, settings)
    first.min_ppi.setValue(250)
    assert first.settings.min_photo_ppi == 250.0
    again = PreflightPanel(window.controller, settings)
    assert (again.settings.min_photo_ppi, again.min_ppi.value()) == (250.0, 250)


def _answer(button: str, questions: list[str]) -> None:
    """Click ``button`` in the next message box that opens, noting its text."""
    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, click)
            return
        questions.append(box.text())
        next(b for b in box.buttons() if b.text() == button).click()
    QTimer.singleShot(0, click)


@pytest.mark.parametrize("button, goes_on", [("取消", False), ("继续导出", True)])
def test_export_with_an_error_asks_first(make_window, overset_project, monkeypatch, button, goes_on):
    window = make_window(open=overset_project)
    asked: list[str] = []
    monkeypatch.setattr(window.exporter, "ask", lambda kind: asked.append(kind))  # the file dialog: cancelled
    questions: list[str] = []
    _answer(button, questions)
    window.menu_actions.actions["export_pdf"].trigger()
    assert len(questions) == 1
    assert questions[0].startswith(f"检查发现 1 个错误：\n第 2 页：文章“{LONG_NAME}”排不下")
    assert questions[0].endswith("带着这些错误导出吗？")
    assert asked == (["pdf"] if goes_on else [])


def test_export_without_errors_asks_nothing(make_window, monkeypatch):
    window = make_window()
    asked: list[str] = []
    monkeypatch.setattr(window.exporter, "ask", lambda kind: asked.append(kind))
    window.menu_actions.actions["export_docx"].trigger()
    assert asked == ["docx"]


def test_a_fix_that_could_not_be_made_says_so_until_the_next_edit(make_window, overset_project, qtbot, monkeypatch):
    from editor.ui import preflight_panel

    window = make_window(open=overset_project)
    controller, panel = window.controller, window.preflight_panel
    finding, = panel.findings
    monkeypatch.setattr(preflight_panel, "fix", lambda doc, finding: [])  # e.g. no room left to grow the frame
    _press(panel, finding, "修复")
    assert panel.summary.text().startswith("无法自动修复：")
    other = next(f for page in controller.doc.pages for f in page.frames if f.id != finding.frame_id)
    controller.edit("移动", move_frames(controller.doc, {other.id: (1.0, 0.0)}))  # the findings stay the same
    qtbot.waitUntil(lambda: panel.summary.text() == "1 个错误", timeout=3000)


def test_the_problem_column_takes_the_width_the_page_and_buttons_leave(make_window, overset_project, qtbot):
    from editor.ui.preflight_panel import PreflightPanel

    window = make_window(open=overset_project)
    panel = PreflightPanel(window.controller)
    qtbot.addWidget(panel)
    tree = panel.tree
    columns = []
    for width in (300, 500):
        panel.resize(width, 300)
        panel.show()
        QApplication.processEvents()
        columns.append([tree.columnWidth(column) for column in range(3)])
        assert sum(columns[-1]) == tree.viewport().width()
    (page, problem, buttons), wider = columns
    assert page < tree.fontMetrics().horizontalAdvance("文字溢出（1）") + 2 * tree.indentation(), \
        "the group heading spanning the row does not set the page column's width"
    assert (wider[0], wider[2]) == (page, buttons) and wider[1] == problem + 200
