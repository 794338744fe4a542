"""查找 tells where text it cannot change is: in 期刊信息 (or in a page number).

The walkthrough: the masthead's 刊名 was typed into 查找 and the dialog only
said 未找到 — the words are on the page, but they are a field's value
(``editor.model.fields``), not text of a story. The sample project's issue
is 《中铝股份党群工作》2021年第28期 of 2021-09-29, from 党群工作部; none of the
strings below is in any story's own text (checked first), so the oracle is
the sample's issue fields as written in its project file.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from editor.model.document_edits import plain_story_text
from editor.ui.find_dialog import FindReplaceDialog

CTRL = Qt.KeyboardModifier.ControlModifier


def _find(make_window, qtbot, text: str) -> tuple[object, FindReplaceDialog]:
    """Ctrl+F in the sample's window and ``text`` committed by an input method into 查找内容."""
    window = make_window()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    assert not any(text in plain_story_text(story) for story in window.controller.doc.stories.values())
    QTest.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_F, CTRL)
    dialog = window.findChild(FindReplaceDialog)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.find_field, timeout=3000)
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(dialog.find_field, event)
    return window, dialog


def test_the_masthead_title_is_said_to_be_in_the_issue_information(make_window, qtbot):
    window, dialog = _find(make_window, qtbot, "党群工作")
    assert window.controller.doc.issue.title == "中铝股份党群工作"
    assert window.controller.doc.issue.publisher == "党群工作部"
    assert dialog.hit_list.count() == 0
    assert dialog.status.text() == ("未找到可修改的文字。“党群工作”出现在期刊信息（刊名、编印单位）中，"
                                    "请在 版面 → 期刊信息… 中修改。")


@pytest.mark.parametrize(("text", "fields"), [
    ("2021年第28期", "年份、期号"),  # two fields with the masthead's own text between them
    ("2021年9月29日", "出版日期"),
])
def test_text_across_fields_and_the_date_name_every_field_they_touch(make_window, qtbot, text, fields):
    _, dialog = _find(make_window, qtbot, text)
    assert dialog.status.text() == f"未找到可修改的文字。“{text}”出现在期刊信息（{fields}）中，请在 版面 → 期刊信息… 中修改。"


def test_the_running_heads_edition_number_is_said_to_be_set_by_the_page(make_window, qtbot):
    _, dialog = _find(make_window, qtbot, "第2版")
    assert dialog.status.text() == "未找到可修改的文字。“第2版”是按所在页自动生成的版次，不能直接修改。"


def test_text_found_nowhere_is_still_just_not_found(make_window, qtbot):
    _, dialog = _find(make_window, qtbot, "不存在的文字")
    assert dialog.status.text() == "未找到"


def test_the_menu_the_message_names_holds_the_issue_information_command(make_window, qtbot):
    """The message sends the user to 版面 → 期刊信息…: that is where the command is."""
    window = make_window()
    layout_menu = window.menu_actions.menus["layout"]
    assert layout_menu.title().replace("(&L)", "") == "版面"
    assert window.menu_actions.actions["issue_info"] in layout_menu.actions()
    assert window.menu_actions.actions["issue_info"].text().replace("(&I)", "") == "期刊信息…"
