"""文件 → 新建下一期…: the next issue from the open one, after a look at what it will be.

The dialog proposes 期号, 总期号 and the date (``editor.model.next_issue``:
the interval of the last two issues, else today), all editable — changing
the date moves the year and, across a new year, 期号 back to 1. It lists
what the new issue keeps and what it clears, and offers 保留文章内容. 确定
puts the new issue in the window as an untitled document, as 新建 does; its
first 保存 proposes ``刊名+年+期号.banmian`` beside the current file.

Unsaved work in the current document is asked about first, as 新建 asks;
the next issue is made from the document as the window shows it.
"""

from __future__ import annotations

import dataclasses
import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from editor.io.file_names import issue_file_name
from editor.model.document import Document, IssueFields
from editor.model.limits import ISSUE_NUMBER, TOTAL_ISSUE_NUMBER
from editor.model.next_issue import make_next_issue, next_issue_fields, propose_next_issue_fields
from editor.ui.panels.widgets import CountSpinBox, commit_typed, wheel_only_with_focus

if TYPE_CHECKING:
    from editor.ui.main_window import MainWindow


def _qdate(day: datetime.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _bullets(lines: list[str]) -> str:
    return "\n".join(f"· {line}" for line in lines) or "（无）"


class NextIssueDialog(QDialog):
    """The next issue's numbers and date, and what it keeps and clears; see the module docstring."""

    def __init__(self, doc: Document, today: datetime.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("新建下一期")
        self._doc = doc
        proposal = propose_next_issue_fields(doc.issue, today)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"由 {doc.issue.year}年第{doc.issue.number}期（总第{doc.issue.total_number}期）新建下一期："))
        form = QFormLayout()
        self.date = QDateEdit(_qdate(datetime.date.fromisoformat(proposal.date)))
        wheel_only_with_focus(self.date)
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy年M月d日")
        self.year = QLabel()
        self.number = CountSpinBox(int(ISSUE_NUMBER.low), int(ISSUE_NUMBER.high))
        self.total = CountSpinBox(int(TOTAL_ISSUE_NUMBER.low), int(TOTAL_ISSUE_NUMBER.high))
        self.total.setValue(proposal.total_number)
        self.file_name = QLabel()
        for label, widget in (("出版日期", self.date), ("年份", self.year), ("期号", self.number),
                              ("总期号", self.total), ("建议文件名", self.file_name)):
            form.addRow(label, widget)
        layout.addLayout(form)
        self.keep_articles = QCheckBox("保留文章内容（只改期号和日期）")
        layout.addWidget(self.keep_articles)
        self.kept = QLabel()
        self.cleared = QLabel()
        for widget in (self.kept, self.cleared):
            widget.setWordWrap(True)
            layout.addWidget(widget)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.buttons = buttons
        self.date.dateChanged.connect(self._date_changed)
        self.number.valueChanged.connect(lambda *_: self._show_file_name())
        self.keep_articles.toggled.connect(lambda *_: self._show_summary())
        self._date_changed()
        self._show_summary()

    def _picked_date(self) -> datetime.date:
        day = self.date.date()
        return datetime.date(day.year(), day.month(), day.day())

    def _date_changed(self, *_: object) -> None:
        """A new date sets the year, and 期号 as the model numbers it (1 in a new year)."""
        fields = next_issue_fields(self._doc.issue, self._picked_date())
        self.year.setText(str(fields.year))
        self.number.setValue(fields.number)
        self._show_file_name()

    def _show_file_name(self) -> None:
        self.file_name.setText(issue_file_name(self.issue()))

    def _show_summary(self) -> None:
        summary = make_next_issue(self._doc, self.issue(), self.keep_articles.isChecked()).summary
        self.kept.setText("保留：\n" + _bullets(summary.kept_lines()))
        cleared = summary.cleared_lines()
        self.cleared.setText("清空：\n" + _bullets(cleared) if cleared else "不清空任何内容：文章和图片都保留。")

    def issue(self) -> IssueFields:
        """The new issue's fields as shown now."""
        for box in (self.number, self.total, self.date):
            commit_typed(box)
        fields = next_issue_fields(self._doc.issue, self._picked_date())
        return dataclasses.replace(fields, number=self.number.value(), total_number=self.total.value())


def new_next_issue(window: MainWindow, today: datetime.date | None = None) -> bool:
    """文件 → 新建下一期…: ask about unsaved work, show the dialog, then show the new issue."""
    files, controller = window.files, window.controller
    if not files.confirm_discard():
        return False
    dialog = NextIssueDialog(controller.doc, today or datetime.date.today(), window)
    if not dialog.exec():
        return False
    made = make_next_issue(controller.doc, dialog.issue(), dialog.keep_articles.isChecked())
    current = controller.path
    files.show_new_document(made.document, current.absolute().parent if current is not None else None)
    issue = made.document.issue
    files.message.emit(f"已新建 {issue.year}年第{issue.number}期（未保存）。保存时建议的文件名：{issue_file_name(issue)}")
    return True
