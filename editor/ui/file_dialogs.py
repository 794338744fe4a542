"""The modal questions of the window's commands, in one small class tests can replace.

``FileDialogs`` asks where to open or save, whether to save unsaved work,
whether to overwrite a file someone else changed, whether to restore
crashed work, whether to keep restored work as a copy when its file was
saved by someone else since, which template to start from, what to call
a new one and which numbers the issue started from it has
(``editor.ui.template_dialogs``), and any plain yes/no question (删除页面). The commands call
only these methods, so tests substitute scripted answers and still drive
the real commands; nothing else in the window opens a modal question box
of its own.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from editor.errors import BanmianError
from editor.io.recovery import RecoveryInfo
from editor.model.document import IssueFields
from editor.ui.autosave import recovery_offer_text

APP_TITLE = "版面"
PROJECT_FILTER = "版面项目 (*.banmian)"
#: Opening also accepts a folder project's document.json (a file dialog cannot pick a folder as a file).
OPEN_FILTER = "版面项目 (*.banmian document.json)"

UnsavedAnswer = Literal["save", "discard", "cancel"]
RecoveryAnswer = Literal["restore", "discard", "later"]
ConflictAnswer = Literal["overwrite", "save_as", "cancel"]


class FileDialogs:
    """The modal questions of the file commands; tests substitute scripted answers."""

    def __init__(self, parent: QWidget) -> None:
        self.parent = parent

    def open_path(self, start: Path) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(self.parent, "打开项目", str(start), OPEN_FILTER)
        if not name:
            return None
        path = Path(name)
        return path.parent if path.name == "document.json" else path

    def save_path(self, suggested: Path) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(self.parent, "另存为", str(suggested), PROJECT_FILTER)
        return Path(name) if name else None

    def ask_unsaved(self, name: str) -> UnsavedAnswer:
        box = QMessageBox(QMessageBox.Icon.Warning, APP_TITLE, f"是否保存对“{name}”的修改？", parent=self.parent)
        box.setInformativeText("如果不保存，所做的修改将会丢失。")
        save = box.addButton("保存", QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton("不保存", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(save)
        box.exec()
        clicked = box.clickedButton()
        return "save" if clicked is save else "discard" if clicked is discard else "cancel"

    def ask_overwrite_changed(self, name: str) -> ConflictAnswer:
        """The file was saved by another program or window since we opened or saved it."""
        box = QMessageBox(QMessageBox.Icon.Warning, APP_TITLE, f"文件“{name}”已被其他程序或窗口修改。覆盖它吗？",
                          parent=self.parent)
        box.setInformativeText("覆盖会丢失对方保存的内容；“另存为”把你的版本保存为另一个文件，两份都保留。")
        overwrite = box.addButton("覆盖", QMessageBox.ButtonRole.DestructiveRole)
        save_as = box.addButton("另存为…", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(save_as)
        box.exec()
        clicked = box.clickedButton()
        return "overwrite" if clicked is overwrite else "save_as" if clicked is save_as else "cancel"

    def offer_recovered_copy(self, text: str) -> bool:
        """Restored work is older than its file (``text`` says who saved when): save it as a copy?"""
        box = QMessageBox(QMessageBox.Icon.Warning, APP_TITLE, text, parent=self.parent)
        box.setInformativeText("建议把恢复的内容另存为副本：对方保存的文件保持不变，两份都保留。")
        copy = box.addButton("另存为副本…", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("暂不保存", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(copy)
        box.exec()
        return box.clickedButton() is copy

    def ask_template(self, suggested: str, folder: Path, has_photos: bool) -> tuple[str, bool] | None:
        """另存为模板: (name, include photos) or None."""
        from editor.ui.template_dialogs import ask_template

        return ask_template(self.parent, suggested, folder, has_photos)

    def choose_template(self, entries: list) -> Path | None:
        """从模板新建: the chosen template (``editor.io.templates.TemplateEntry`` list) or None."""
        from editor.ui.template_dialogs import choose_template

        return choose_template(self.parent, entries)

    def confirm_issue(self, issue: IssueFields) -> dict[str, object] | None:
        """从模板新建's 期刊信息: the fields as confirmed or corrected, or None (取消)."""
        from editor.ui.template_dialogs import confirm_issue

        return confirm_issue(self.parent, issue)

    def confirm(self, text: str, action: str) -> bool:
        """A yes/no question whose yes button says what happens (``删除``); 取消 is the default."""
        box = QMessageBox(QMessageBox.Icon.Question, APP_TITLE, text, parent=self.parent)
        yes = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.exec()
        return box.clickedButton() is yes

    def warn(self, message: str) -> None:
        QMessageBox.warning(self.parent, APP_TITLE, message)

    def error(self, problem: BanmianError) -> None:
        QMessageBox.warning(self.parent, APP_TITLE, problem.message)

    def ask_break_lock(self, message: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Warning, APP_TITLE, message, parent=self.parent)
        unlock = box.addButton("解除锁定并编辑", QMessageBox.ButtonRole.DestructiveRole)
        read_only = box.addButton("以只读方式打开", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(read_only)
        box.exec()
        return box.clickedButton() is unlock

    def offer_recovery(self, infos: list[RecoveryInfo]) -> RecoveryAnswer:
        box = QMessageBox(QMessageBox.Icon.Question, APP_TITLE, recovery_offer_text(infos), parent=self.parent)
        restore = box.addButton("恢复", QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton("丢弃", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("以后再说", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(restore)
        box.exec()
        clicked = box.clickedButton()
        return "restore" if clicked is restore else "discard" if clicked is discard else "later"
