"""The 段落样式 dialog: typing 「小四」 (or 「12」) into 字号 sets 12 pt, and that is what is saved; 行首开引号."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit

from editor.io.project import load_project
from editor.model.document import Document
from editor.model.styles import ParagraphStyle
from editor.ui.panels.style_dialog import StyleDialog

BODY = "正文"


def _type(field: QLineEdit, text: str) -> None:
    """Type ``text`` as a Chinese input method does: one committed string (QTest has no keys for 小四)."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(field, event)


def _type_size_and_accept(qtbot):
    """Replaces ``StyleDialog.exec``: clear the size field, type the text, press 确定."""

    def exec_(dialog: StyleDialog) -> int:
        dialog.show()
        field = dialog.size.lineEdit()
        field.setFocus()
        field.selectAll()
        qtbot.keyClick(field, Qt.Key.Key_Delete)
        _type(field, dialog.typed_for_test)
        assert field.text() == dialog.typed_for_test
        dialog._accept()
        return dialog.result()

    return exec_


def _edit_body_style(window, qtbot, monkeypatch, typed: str) -> bool:
    monkeypatch.setattr(StyleDialog, "exec", _type_size_and_accept(qtbot))
    monkeypatch.setattr(StyleDialog, "typed_for_test", typed, raising=False)
    styles = window.styles_panel
    row = next(i for i in range(styles.list.count()) if styles.list.item(i).text().startswith(BODY))
    styles.list.setCurrentRow(row)
    return styles.edit_current()


@pytest.mark.parametrize("typed", ["小四", "12"])
def test_typing_xiaosi_or_12_into_the_size_field_saves_12_points(make_window, qtbot, monkeypatch, tmp_path: Path,
                                                                  typed: str) -> None:
    window = make_window()
    assert window.controller.doc.paragraph_styles[BODY].size_pt == 10.5  # 五号 before the edit
    assert _edit_body_style(window, qtbot, monkeypatch, typed)
    target = tmp_path / "模板 测试" / "第29期.banmian"
    target.parent.mkdir()
    window.files.dialogs.save_answer = target
    assert window.files.save_as(), window.files.dialogs.errors
    assert load_project(target).paragraph_styles[BODY].size_pt == 12.0


def test_the_size_field_shows_the_chinese_name_beside_points(qtbot) -> None:
    dialog = StyleDialog(Document(), ParagraphStyle(name=BODY, size_pt=10.5))
    qtbot.addWidget(dialog)
    assert dialog.size.currentText() == "五号（10.5 磅）"
    labels = [dialog.size.itemText(i) for i in range(dialog.size.count())]
    assert labels[0] == "初号（42 磅）" and "小四（12 磅）" in labels and labels[-1] == "八号（5 磅）"


def test_a_size_that_is_no_size_keeps_the_dialog_open(qtbot) -> None:
    dialog = StyleDialog(Document(), ParagraphStyle(name=BODY, size_pt=10.5))
    qtbot.addWidget(dialog)
    dialog.size.setEditText("小七")
    dialog._accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    dialog.size.setEditText("二号")
    dialog._accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.result_style().size_pt == 22.0


def test_properties_show_the_chinese_size_of_the_frames_style(make_window) -> None:
    window = make_window()
    controller = window.controller
    frame = next(f for _, f in controller.doc.frames_with_pages() if getattr(f, "story_id", None) == "youth")
    controller.select([frame.id])
    assert window.properties_panel.text_section.size.currentText() == "五号（10.5 磅）"


def test_typing_xiaosi_in_properties_sets_the_frames_style_to_12_points_in_one_undo_step(make_window, qtbot) -> None:
    window = make_window()
    controller = window.controller
    frame = next(f for _, f in controller.doc.frames_with_pages() if getattr(f, "story_id", None) == "youth")
    controller.select([frame.id])
    field = window.properties_panel.text_section.size.lineEdit()
    field.setFocus()
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    _type(field, "小四")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert controller.doc.paragraph_styles[BODY].size_pt == 12.0
    assert window.menu_actions.actions["undo"].text() == "撤销 修改样式“正文”的字号"
    window.menu_actions.actions["undo"].trigger()
    assert controller.doc.paragraph_styles[BODY].size_pt == 10.5


def test_leaving_the_properties_size_untouched_changes_nothing(make_window, qtbot) -> None:
    window = make_window()
    controller = window.controller
    frame = next(f for _, f in controller.doc.frames_with_pages() if getattr(f, "story_id", None) == "youth")
    controller.select([frame.id])
    field = window.properties_panel.text_section.size.lineEdit()
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert controller.undo_stack.count() == 0


def test_an_untouched_size_with_two_decimals_is_kept_exactly(qtbot) -> None:
    dialog = StyleDialog(Document(), ParagraphStyle(name=BODY, size_pt=12.25))
    qtbot.addWidget(dialog)
    dialog._accept()
    assert dialog.result_style().size_pt == 12.25


def test_the_line_start_mark_policy_is_chosen_in_the_dialog(qtbot) -> None:
    dialog = StyleDialog(Document(), ParagraphStyle(name=BODY, size_pt=10.5))
    qtbot.addWidget(dialog)
    assert dialog.line_start_marks.currentText() == "全角（占一字）"
    dialog.line_start_marks.setCurrentIndex(dialog.line_start_marks.findText("半角（与栏边齐）"))
    dialog._accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.result_style().line_start_marks == "half"
