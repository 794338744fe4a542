"""从模板新建 numbers a new issue coherently and asks the user to confirm the numbers.

A template saved from 2021年第28期（总第28期） used a year later gave 2026年第1期（总第28期）: 期号
started again but 总期号, which never does, stayed — an impossible pair. Of another year the new issue is
now 第1期 and 总期号 one past the template's (the least it can be); of the same year both stay; a
template of a first issue (总第1期, the house templates) starts a new periodical at 第1期（总第1期）.
Since the numbers are only a guess, 文件 → 从模板新建… then opens 期刊信息 pre-filled: 确定 with a change
is one undoable 修改期刊信息, 取消 keeps the proposal and the new issue unmodified. 新建 (Ctrl+N) and
关闭 ask nothing. The expected numbers are written out here, never computed by ``new_issue_fields``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWidget

from editor import SAMPLE_PROJECT
from editor.io.project import load_project
from editor.io.templates import save_template
from editor.model.document import IssueFields
from editor.model.next_issue import new_issue_fields
from editor.ui.file_dialogs import FileDialogs
from editor.ui.issue_dialog import IssueDialog
from editor.ui.template_dialogs import TemplatePicker

SPRING_DAY = datetime.date(2026, 3, 5)


def _numbers(issue: IssueFields) -> tuple[int, int, int, str]:
    return issue.year, issue.number, issue.total_number, issue.date


# ------------------------------------------------------------------ the rule


def test_a_template_of_issue_28_of_2021_gives_issue_1_total_29_of_this_year() -> None:
    template = IssueFields(title="中铝股份党群工作", year=2021, number=28, total_number=28, date="2021-09-29",
                           previous_date="2021-09-22")
    assert _numbers(new_issue_fields(template, SPRING_DAY)) == (2026, 1, 29, "2026-03-05")


def test_a_template_of_this_year_keeps_its_issue_and_total_numbers() -> None:
    template = IssueFields(year=2026, number=9, total_number=120, date="2026-02-20")
    assert _numbers(new_issue_fields(template, SPRING_DAY)) == (2026, 9, 120, "2026-03-05")


def test_a_template_of_a_first_issue_starts_a_new_periodical_at_issue_1_total_1() -> None:
    template = IssueFields(year=2021, number=1, total_number=1, date="2021-01-01")
    assert _numbers(new_issue_fields(template, SPRING_DAY)) == (2026, 1, 1, "2026-03-05")


@pytest.mark.parametrize(("year", "number", "total"), [(2021, 28, 28), (2025, 52, 300), (2019, 3, 2), (2027, 4, 90)])
def test_issue_1_of_another_year_is_past_the_templates_total(year: int, number: int, total: int) -> None:
    fields = new_issue_fields(IssueFields(year=year, number=number, total_number=total), SPRING_DAY)
    assert (fields.number, fields.total_number) == (1, total + 1)


# ------------------------------------------------------------------ the window


@pytest.fixture
def own_template(tmp_path: Path, monkeypatch) -> Path:
    """The user's template saved from the sample, 2021年第28期（总第28期）, in their templates folder."""
    folder = tmp_path / "我的 模板"
    monkeypatch.setenv("BANMIAN_TEMPLATES_DIR", str(folder))
    return save_template(load_project(SAMPLE_PROJECT), "党群工作 周刊版式", folder=folder)


@pytest.fixture
def window(make_window):
    window = make_window()
    window.files.today = lambda: SPRING_DAY
    window.files.dialogs.unsaved_answer = "discard"
    return window


class ModalAnswers:
    """Answers the modal dialogs as they come up, one handler each, in order, noting their titles.

    A handler that fails closes its dialog (a dialog left open would block the test for ever); the
    failure is raised by ``check``."""

    def __init__(self, *handlers: Callable[[QWidget], None]) -> None:
        self.handlers = list(handlers)
        self.titles: list[str] = []
        self.errors: list[BaseException] = []
        self.timer = QTimer()
        self.timer.timeout.connect(self._poll)
        self.timer.start(20)

    def _poll(self) -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog.property("answered") or not self.handlers:
            return
        dialog.setProperty("answered", True)
        self.titles.append(dialog.windowTitle())
        try:
            self.handlers.pop(0)(dialog)
        except BaseException as problem:  # noqa: BLE001 - raised by check() once the dialog is closed
            self.errors.append(problem)
            dialog.close()

    def check(self) -> list[str]:
        """Stop answering; raise what went wrong; the titles of the dialogs answered."""
        self.timer.stop()
        if self.errors:
            raise self.errors[0]
        return self.titles


@pytest.fixture
def modal_answers():
    """``modal_answers(*handlers)``: a ``ModalAnswers`` stopped when the test ends, failed or not."""
    made: list[ModalAnswers] = []
    yield lambda *handlers: made.append(ModalAnswers(*handlers)) or made[-1]
    for answers in made:
        answers.timer.stop()


def _pick_own_template(qtbot) -> Callable[[QWidget], None]:
    """In 从模板新建: click the user's template, then 新建."""
    def pick(dialog: QWidget) -> None:
        assert isinstance(dialog, TemplatePicker)
        own = dialog.own_list
        item = own.item(0)
        qtbot.mouseClick(own.viewport(), Qt.MouseButton.LeftButton, pos=own.visualItemRect(item).center())
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    return pick


def _issue_dialog(qtbot, seen: dict, total_digits: str | None, button: QDialogButtonBox.StandardButton
                  ) -> Callable[[QWidget], None]:
    """In 期刊信息: note what it shows, type ``total_digits`` over 总期号 if given, press ``button``."""
    def answer(dialog: QWidget) -> None:
        assert isinstance(dialog, IssueDialog)
        seen.update(year=dialog.year.value(), number=dialog.number.value(), total=dialog.total.value(),
                    date=dialog.date.date().toString("yyyy-MM-dd"))
        if total_digits is not None:
            dialog.total.setFocus()
            dialog.total.selectAll()
            qtbot.keyClicks(dialog.total, total_digits)
        buttons = dialog.findChild(QDialogButtonBox)
        qtbot.mouseClick(buttons.button(button), Qt.MouseButton.LeftButton)
    return answer


def _new_from_own_template(window, qtbot, modal_answers, total_digits: str | None,
                           button: QDialogButtonBox.StandardButton) -> dict:
    """文件 → 从模板新建… with the real dialogs: pick the user's template, then in 期刊信息 type
    ``total_digits`` over 总期号 (if given) and press ``button``; what 期刊信息 showed first."""
    dialogs = window.files.dialogs
    dialogs.choose_template = lambda entries: FileDialogs.choose_template(dialogs, entries)
    dialogs.confirm_issue = lambda issue: FileDialogs.confirm_issue(dialogs, issue)
    seen: dict = {}
    answers = modal_answers(_pick_own_template(qtbot), _issue_dialog(qtbot, seen, total_digits, button))
    window.menu_actions.actions["new_from_template"].trigger()
    assert answers.check() == ["从模板新建", "期刊信息"]
    return seen


def test_new_from_an_own_template_opens_issue_info_and_a_corrected_total_is_one_undoable_edit(
        window, own_template: Path, qtbot, modal_answers) -> None:
    seen = _new_from_own_template(window, qtbot, modal_answers, "241", QDialogButtonBox.StandardButton.Ok)
    assert seen == {"year": 2026, "number": 1, "total": 29, "date": "2026-03-05"}
    assert _numbers(window.controller.doc.issue) == (2026, 1, 241, "2026-03-05")
    assert window.controller.path is None
    stack = window.controller.undo_stack
    assert (stack.count(), stack.undoText()) == (1, "修改期刊信息")
    assert window.files.is_modified() and window.isWindowModified()
    stack.undo()
    assert _numbers(window.controller.doc.issue) == (2026, 1, 29, "2026-03-05")
    assert not window.files.is_modified()


def test_cancelling_issue_info_keeps_the_proposed_numbers_and_an_unmodified_new_issue(
        window, own_template: Path, qtbot, modal_answers) -> None:
    _new_from_own_template(window, qtbot, modal_answers, "241", QDialogButtonBox.StandardButton.Cancel)
    assert _numbers(window.controller.doc.issue) == (2026, 1, 29, "2026-03-05")
    assert window.controller.undo_stack.count() == 0
    assert not window.files.is_modified() and not window.isWindowModified()
    assert window.status.currentMessage() == "已由模板新建2026年第1期（总第29期），尚未保存。"


def test_confirming_issue_info_unchanged_leaves_the_new_issue_unmodified(
        window, own_template: Path, qtbot, modal_answers) -> None:
    seen = _new_from_own_template(window, qtbot, modal_answers, None, QDialogButtonBox.StandardButton.Ok)
    assert seen["total"] == 29
    assert _numbers(window.controller.doc.issue) == (2026, 1, 29, "2026-03-05")
    assert window.controller.undo_stack.count() == 0 and not window.files.is_modified()


def test_new_with_ctrl_n_and_close_ask_no_issue_info(window, qtbot) -> None:
    dialogs = window.files.dialogs
    assert _numbers(window.controller.doc.issue) == (2021, 28, 28, "2021-09-29")  # the sample, as it starts
    window.menu_actions.actions["close"].trigger()
    assert _numbers(window.controller.doc.issue) == (2026, 1, 1, "2026-03-05")  # the blank issue, new
    assert window.files.new_from_template(SAMPLE_PROJECT, ask=False)
    assert window.menu_actions.actions["new"].shortcut() == QKeySequence(QKeySequence.StandardKey.New)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert _numbers(window.controller.doc.issue) == (2026, 1, 1, "2026-03-05")
    assert dialogs.issues_confirmed == []
    assert window.controller.undo_stack.count() == 0 and not window.files.is_modified()
