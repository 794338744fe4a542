"""File dialogs that answer from attributes: the main window's questions scripted for tests.

Shared by the window fixtures (tests/window_fixtures.py) and by child processes that build a
window of their own (tests/helpers/high_dpi_child.py).
"""

from __future__ import annotations

from pathlib import Path

from editor.ui.files import FileDialogs


class ScriptedDialogs(FileDialogs):
    """Answers the file commands' questions from attributes and records what was said."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.open_answer: Path | None = None
        self.save_answer: Path | None = None
        self.unsaved_answer = "cancel"
        self.recovery_answer = "restore"
        self.break_lock_answer = False
        self.conflict_answer = "cancel"
        self.confirm_answer = True
        self.warnings: list[str] = []
        self.conflicts: list[str] = []
        self.confirmations: list[str] = []
        self.errors: list[str] = []
        self.unsaved_asked: list[str] = []
        self.recovery_offered: list = []
        self.recovered_copy_answer = True
        self.recovered_copy_offers: list[str] = []
        self.issue_answer: dict[str, object] | None = None
        self.issues_confirmed: list = []

    def open_path(self, start: Path) -> Path | None:
        return self.open_answer

    def save_path(self, suggested: Path) -> Path | None:
        return self.save_answer

    def ask_unsaved(self, name: str) -> str:
        self.unsaved_asked.append(name)
        return self.unsaved_answer

    def ask_overwrite_changed(self, name: str) -> str:
        self.conflicts.append(name)
        return self.conflict_answer

    def confirm(self, text: str, action: str) -> bool:
        self.confirmations.append(text)
        return self.confirm_answer

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    def error(self, problem) -> None:
        self.errors.append(problem.message)

    def ask_break_lock(self, message: str) -> bool:
        return self.break_lock_answer

    def offer_recovery(self, infos) -> str:
        self.recovery_offered.append(list(infos))
        return self.recovery_answer

    def offer_recovered_copy(self, text: str) -> bool:
        self.recovered_copy_offers.append(text)
        return self.recovered_copy_answer

    def confirm_issue(self, issue):
        self.issues_confirmed.append(issue)
        return self.issue_answer
