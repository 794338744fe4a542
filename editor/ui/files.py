"""文件 commands: 新建, 打开, 保存, 另存为, recent files, closing, locks and recovery.

``FileManager`` owns everything that ties the open document to a file: the
window title (``name.banmian* - 版面``), the project lock (a second editor
opens the project read-only and says who has it), the recent-files list,
the background recovery snapshots (``AutosaveController``) and the start-up
offer to restore work a crash left behind.

Every question it asks the user goes through ``FileDialogs``, one small
class of modal dialogs, so tests replace it with scripted answers and drive
the real commands. Every ``BanmianError`` ends in a Chinese message box;
nothing here lets a traceback reach the user.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

import shiboken6
from PySide6.QtCore import QObject, QStandardPaths, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from editor import LAYOUTS_DIR, SAMPLE_PROJECT
from editor.errors import BanmianError
from editor.io.lockfile import LockResult, ProjectLock, acquire_lock
from editor.io.project import PROJECT_SUFFIX, load_project, save_project
from editor.io.recent import RecentFiles
from editor.io.recovery import RecoveryInfo, RecoveryStore
from editor.ui.autosave import AutosaveController, find_recoverable, recovery_offer_text
from editor.ui.controller import DocumentController

APP_TITLE = "版面"
UNTITLED = "未命名"
PROJECT_FILTER = "版面项目 (*.banmian)"
#: Opening also accepts a folder project's document.json (a file dialog cannot pick a folder as a file).
OPEN_FILTER = "版面项目 (*.banmian document.json)"
#: The template 新建 uses: an empty issue with the masthead and styles.
BLANK_TEMPLATE = LAYOUTS_DIR / "blank-issue.banmian"

UnsavedAnswer = Literal["save", "discard", "cancel"]
RecoveryAnswer = Literal["restore", "discard", "later"]


def templates() -> list[Path]:
    """Projects in ``layouts/`` offered by 从模板新建, blank issue first."""
    found = sorted(p for p in LAYOUTS_DIR.glob(f"*{PROJECT_SUFFIX}") if p.exists())
    return sorted(found, key=lambda p: p != BLANK_TEMPLATE)


def template_label(path: Path) -> str:
    """A template's menu text."""
    if path == BLANK_TEMPLATE:
        return "空白期刊"
    if path == SAMPLE_PROJECT:
        return "样例：2021年第28期"
    return path.stem


def _documents_folder() -> Path:
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(location) if location else Path.home()


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


class FileManager(QObject):
    """Connects the controller's document to files; see the module docstring."""

    #: The recent-files list changed (rebuild the menu).
    recent_changed = Signal()
    #: A Chinese sentence for the status bar (saved, restored …).
    message = Signal(str)

    def __init__(self, window: QWidget, controller: DocumentController, dialogs: FileDialogs | None = None,
                 recent: RecentFiles | None = None, recovery: RecoveryStore | None = None) -> None:
        super().__init__(window)
        self._window = window
        self._controller = controller
        self.dialogs = dialogs or FileDialogs(window)
        self.recent = recent or RecentFiles()
        self._store = recovery or RecoveryStore()
        self._lock: ProjectLock | None = None
        self.autosave = AutosaveController(lambda: controller.doc, controller.undo_stack,
                                           project_path=lambda: controller.path, store=self._store, parent=self)
        self.autosave.failed.connect(self.message)
        self.autosave.lock_lost.connect(self._on_lock_lost)
        controller.document_replaced.connect(self.autosave.document_replaced)
        controller.undo_stack.cleanChanged.connect(self.update_title)
        controller.path_changed.connect(self.update_title)
        controller.read_only_changed.connect(self.update_title)
        self.update_title()

    # ------------------------------------------------------------ state

    @property
    def lock(self) -> ProjectLock | None:
        """The lock this window holds on its project (None: unsaved, read-only or unlockable)."""
        return self._lock

    def display_name(self) -> str:
        path = self._controller.path
        return path.name if path else UNTITLED

    def is_modified(self) -> bool:
        return not self._controller.undo_stack.isClean()

    def update_title(self, *_: object) -> None:
        """``name.banmian* - 版面``; Qt puts the * where ``[*]`` is when the window is modified."""
        if not shiboken6.isValid(self._window):
            return  # the window is being destroyed; its undo stack announces clearing itself
        suffix = "（只读）" if self._controller.read_only else ""
        self._window.setWindowTitle(f"{self.display_name()}[*]{suffix} - {APP_TITLE}")
        self._window.setWindowModified(self.is_modified())

    # --------------------------------------------------------- start-up

    def start(self, project: Path | None) -> None:
        """What the window shows first: restored work, the given project, or the sample."""
        if self.offer_recovery():
            return
        if project is not None:
            if self.open_path(project, ask=False):
                return
        self.new_from_template(SAMPLE_PROJECT, ask=False)

    def offer_recovery(self) -> bool:
        """Offer work left by crashed editors; True if something was restored."""
        try:
            infos = find_recoverable(self._store)
        except OSError:
            return False
        if not infos:
            return False
        answer = self.dialogs.offer_recovery(infos)
        if answer == "discard":
            for info in infos:
                self._store.delete(info.session_id)
            return False
        if answer != "restore":
            return False
        restored = self.restore(infos[0])
        if restored and len(infos) > 1:
            self.message.emit(f"已恢复最近的一份；另有 {len(infos) - 1} 份恢复数据，下次启动时会再询问。")
        return restored

    def restore(self, info: RecoveryInfo) -> bool:
        """Show the document of a recovery slot, unsaved, and keep protecting it there."""
        try:
            session = self._store.adopt(info.session_id)
            doc = session.load()
        except BanmianError as problem:
            self.dialogs.error(problem)
            return False
        path = info.project_path if info.project_path and info.project_path.exists() else None
        result = self._lock_project(path) if path else None
        read_only = result is not None and result.read_only
        self._controller.set_document(doc, path, read_only=read_only)
        self.autosave.adopt(session)
        self.update_title()
        self.message.emit(f"已恢复：{info.describe()}。请尽快保存。")
        return True

    # --------------------------------------------------------- commands

    def new_from_template(self, template: Path | None = None, ask: bool = True) -> bool:
        """A new, untitled document copied from a template (the blank issue by default)."""
        if ask and not self.confirm_discard():
            return False
        source = template or (BLANK_TEMPLATE if BLANK_TEMPLATE.exists() else SAMPLE_PROJECT)
        try:
            doc = load_project(source)
        except BanmianError as problem:
            self.dialogs.error(problem)
            return False
        self._release_lock()
        self._controller.set_document(doc, None, read_only=False)
        return True

    def open_dialog(self) -> bool:
        """打开…: ask for a project and open it."""
        if not self.confirm_discard():
            return False
        current = self._controller.path
        start = current.parent if current else _documents_folder()
        path = self.dialogs.open_path(start)
        return self.open_path(path, ask=False) if path else False

    def open_path(self, path: Path, ask: bool = True) -> bool:
        """Open a project (zip or folder); read-only with a warning if someone else has it."""
        if ask and not self.confirm_discard():
            return False
        path = Path(os.path.abspath(path))
        try:
            doc = load_project(path)
        except BanmianError as problem:
            self.dialogs.error(problem)
            if not path.exists():
                self.recent.remove(path)
                self.recent_changed.emit()
            return False
        self._release_lock()
        result = self._lock_project(path)
        read_only = result.read_only
        self._controller.set_document(doc, path, read_only=read_only)
        self._remember(path)
        warning = result.message(path)
        if warning:
            self.dialogs.warn(warning)
        return True

    def save(self) -> bool:
        """保存: to the project's file, or ask where (untitled or read-only)."""
        path = self._controller.path
        if path is None or self._controller.read_only:
            return self.save_as()
        return self._write(path)

    def save_as(self) -> bool:
        """另存为…: a new file, which this window then edits (and locks)."""
        current = self._controller.path
        suggested = current if current else _documents_folder() / f"{self._suggested_name()}{PROJECT_SUFFIX}"
        path = self.dialogs.save_path(suggested)
        if path is None:
            return False
        path = Path(os.path.abspath(path))
        if not path.suffix and not path.is_dir():
            path = path.with_name(path.name + PROJECT_SUFFIX)
        if path != current:
            result = acquire_lock(path)
            if result.read_only:
                self.dialogs.warn(f"不能保存到“{path.name}”：{result.message(path)}")
                return False
            self._release_lock()
            self._lock = result.lock
            self.autosave.set_lock(self._lock)
        if not self._write(path):
            return False
        self._controller.set_path(path)
        self._controller.set_read_only(False)
        return True

    def confirm_discard(self) -> bool:
        """Before the document goes away: ask about unsaved work. False means stop."""
        if not self.is_modified():
            return True
        answer = self.dialogs.ask_unsaved(self.display_name())
        if answer == "save":
            return self.save()
        return answer == "discard"

    def close(self) -> bool:
        """Closing the window: ask about unsaved work, then release the lock and stop autosave."""
        if not self.confirm_discard():
            return False
        self.autosave.shutdown(discard=True)
        self._release_lock()
        return True

    # ---------------------------------------------------------- helpers

    def _write(self, path: Path) -> bool:
        try:
            save_project(self._controller.doc, path)
        except BanmianError as problem:
            self.dialogs.error(problem)
            return False
        except OSError as problem:
            self.dialogs.warn(f"无法保存到“{path}”：{problem.strerror or problem}。请换一个位置保存。")
            return False
        self._controller.undo_stack.setClean()
        self._remember(path)
        self.update_title()
        self.message.emit(f"已保存到 {path}")
        return True

    def _suggested_name(self) -> str:
        issue = self._controller.doc.issue
        return f"{issue.title}{issue.year}年第{issue.number}期"

    def _remember(self, path: Path) -> None:
        self.recent.add(path)
        self.recent_changed.emit()

    def _lock_project(self, path: Path) -> LockResult:
        result = acquire_lock(path)
        if result.can_break and self.dialogs.ask_break_lock(result.message(path) or ""):
            result = acquire_lock(path, replace=result.holder)
        self._lock = result.lock
        self.autosave.set_lock(self._lock)
        return result

    def _release_lock(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None
            self.autosave.set_lock(None)

    def _on_lock_lost(self) -> None:
        self._lock = None
        self.dialogs.warn("此项目的锁定已被他人解除，可能有其他人正在编辑。保存前请确认，或用“另存为”保存副本。")
