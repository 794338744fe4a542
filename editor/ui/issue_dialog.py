"""版面 → 期刊信息: the issue's title, year, number, total number, date and publisher.

The masthead, the issue line and every other field run show these values,
so changing 期号 here renumbers the whole issue at once — one undoable edit.
Numbers are typed in Latin digits and take the wheel only with focus, like
the 属性 panel's fields (``editor.ui.panels.widgets``); a number typed
without Enter counts when 确定 is pressed.
"""

from __future__ import annotations

import datetime

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QWidget

from editor.model.document import IssueFields
from editor.ui.panels.widgets import CountSpinBox, commit_typed, wheel_only_with_focus


class IssueDialog(QDialog):
    """Edit a copy of the issue fields; ``fields()`` returns what to store."""

    def __init__(self, issue: IssueFields, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("期刊信息")
        form = QFormLayout(self)
        self.title = QLineEdit(issue.title)
        self.year = CountSpinBox(1900, 2200)
        self.year.setValue(issue.year)
        self.number = CountSpinBox(0, 100000)
        self.number.setValue(issue.number)
        self.total = CountSpinBox(0, 1000000)
        self.total.setValue(issue.total_number)
        self.date = QDateEdit()
        wheel_only_with_focus(self.date)
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy年M月d日")
        try:
            day = datetime.date.fromisoformat(issue.date)
            self.date.setDate(QDate(day.year, day.month, day.day))
        except ValueError:
            self.date.setDate(QDate.currentDate())
        self.publisher = QLineEdit(issue.publisher)
        for label, widget in (("刊名", self.title), ("年份", self.year), ("期号", self.number),
                              ("总期号", self.total), ("出版日期", self.date), ("编印单位", self.publisher)):
            form.addRow(label, widget)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def fields(self) -> dict[str, object]:
        """The edited values, keyed as ``IssueFields`` names them."""
        for box in (self.year, self.number, self.total, self.date):
            commit_typed(box)
        return {
            "title": self.title.text().strip(),
            "year": self.year.value(),
            "number": self.number.value(),
            "total_number": self.total.value(),
            "date": self.date.date().toString("yyyy-MM-dd"),
            "publisher": self.publisher.text().strip(),
        }
