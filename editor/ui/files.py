"""文件 commands: 新建, 打开, 保存, 另存为, 关闭, recent files, locks and recovery.

``FileManager`` owns everything that ties the open document to a file: the
window title (``name.banmian* - 版面``), the project lock (a second editor
opens the project read-only and says who has it), the recent-files list,
the background recovery snapshots (``AutosaveController``) and the start-up
offer to restore work a crash left behind.

Saving never overwrites another writer's work: a file whose lock someone
else holds (another computer, another process, another window of this
one) is refused with their name; and before saving over its own file a
window compares the file with the saved version its work started from
(``editor.io.file_identity``: the file as it was read at open, written at
the last save, or — for restored recovery data — as the crashed editor
last read or wrote it), and asks if someone saved in between. Restoring
work whose file was saved by someone else since the crash says so and
offers to save the restored work as a copy.

Every question it asks the user goes through ``FileDialogs``
(``editor.ui.file_dialogs``), so tests replace it with scripted answers
and drive the real commands. Every ``BanmianError`` ends in a Chinese
message box; nothing here lets a traceback reach the user.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import shiboken6
from PySide6.QtCore import QObject, QStandardPaths, Signal
from PySide6.QtWidgets import QWidget

from editor import LAYOUTS_DIR, SAMPLE_PROJECT
from editor.errors import BanmianError, display_name
from editor.io.file_identity import FileIdentity, changed_since, identify
from editor.io.file_names import issue_file_name
from editor.io.lockfile import LockResult, ProjectLock, acquire_lock
from editor.io.os_errors import os_error_reason
from editor.io.project import PROJECT_SUFFIX, load_project, save_project
from editor.io.recent import RecentFiles
from editor.io.recovery import RecoveryInfo, RecoveryStore
from editor.io.regular_files import read_regular_file
from editor.io.templates import BLANK_TEMPLATE
from editor.model.document import Document
from editor.model.next_issue import new_issue_fields
from editor.ui.autosave import AutosaveController, find_recoverable
from editor.ui.controller import DocumentController
from editor.ui.file_dialogs import APP_TITLE, FileDialogs

UNTITLED = "未命名"
#: Added to a project's name for the copy that keeps restored work (``第28期（恢复的副本）.banmian``).
RECOVERED_COPY_MARK = "恢复的副本"


def is_template(path: Path) -> bool:
    """True for a project inside the templates folder (``layouts/``)."""
    try:
        return Path(path).resolve().parent == LAYOUTS_DIR.resolve()
    except OSError:
        return False


#: The line of ``user-dirs.dirs`` (and the variable) that names the documents folder.
XDG_DOCUMENTS_KEY = "XDG_DOCUMENTS_DIR"
#: More than any ``user-dirs.dirs`` holds (a dozen short lines).
USER_DIRS_LIMIT_BYTES = 64 * 1024


def documents_folder() -> Path:
    """The user's 文档 folder, where dialogs start when there is no better place.

    Windows and macOS ask the system (Qt's lookup of the Documents known folder); elsewhere
    the XDG documents folder (``$HOME/文档`` on a Chinese desktop), else ``~/Documents``,
    else the home folder — never a folder that is not there."""
    if sys.platform in ("win32", "darwin"):
        location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return Path(location) if location else Path.home()
    home = Path.home()
    named = _xdg_documents_dir(home)
    if named is not None:
        return named if named.is_dir() else home
    fallback = home / "Documents"
    return fallback if fallback.is_dir() else home


def _xdg_documents_dir(home: Path) -> Path | None:
    """``XDG_DOCUMENTS_DIR`` as ``xdg-user-dir DOCUMENTS`` finds it — in
    ``$XDG_CONFIG_HOME/user-dirs.dirs``, else in the environment — read, not run."""
    config = os.environ.get("XDG_CONFIG_HOME")
    config_dir = Path(config) if config and Path(config).is_absolute() else home / ".config"
    try:
        text = read_regular_file(config_dir / "user-dirs.dirs", USER_DIRS_LIMIT_BYTES).decode("utf-8", "replace")
    except OSError:  # none, unreadable, a FIFO or far too big: as if it named no folder
        text = ""
    for line in reversed(text.splitlines()):  # the shell that sources the file keeps the last
        key, _, value = line.strip().partition("=")
        if key == XDG_DOCUMENTS_KEY:
            return _user_dir_path(value, home)
    return _user_dir_path(os.environ.get(XDG_DOCUMENTS_KEY, ""), home)


def _user_dir_path(value: str, home: Path) -> Path | None:
    """A ``user-dirs.dirs`` value (``"$HOME/文档"`` or an absolute path, quoted) as a path;
    None for one that names no folder."""
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    if value == "$HOME" or value.startswith("$HOME/"):
        return home / value[len("$HOME/"):]
    return Path(value) if value and Path(value).is_absolute() else None


def same_file(a: Path, b: Path) -> bool:
    """Whether two absolute paths name the same file (without case on Windows)."""
    return os.path.normcase(os.path.abspath(a)) == os.path.normcase(os.path.abspath(b))


def recovered_copy_path(project: Path) -> Path:
    """Where to suggest saving restored work beside ``project``: a name not taken yet."""
    suffix = project.suffix or PROJECT_SUFFIX
    candidate = project.with_name(f"{project.stem}（{RECOVERED_COPY_MARK}）{suffix}")
    number = 2
    while candidate.exists():
        candidate = project.with_name(f"{project.stem}（{RECOVERED_COPY_MARK} {number}）{suffix}")
        number += 1
    return candidate


def _local_time(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def newer_save_text(project: Path, info: RecoveryInfo, now: FileIdentity) -> str:
    """What happened when restored work is older than its file: who saved when, what a save would do."""
    saved = now.modified_at()
    after_crash = info.saved_at is None or saved > info.saved_at
    when = "在版面意外退出之后" if after_crash else "在你编辑期间"
    return (f"恢复的内容是在“{display_name(project.name)}”的较早版本上修改的；{when}，"
            f"此文件已被其他人或其他窗口保存过（{_local_time(saved)}）。"
            "直接保存会覆盖对方的修改。")


class FileManager(QObject):
    """Connects the controller's document to files; see the module docstring."""

    #: The recent-files list changed (rebuild the menu).
    recent_changed = Signal()
    #: A Chinese sentence for the status bar (saved, restored …).
    message = Signal(str)
    #: Why the document is read-only (who holds its lock); empty when it is editable.
    read_only_reason_changed = Signal(str)

    def __init__(self, window: QWidget, controller: DocumentController, dialogs: FileDialogs | None = None,
                 recent: RecentFiles | None = None, recovery: RecoveryStore | None = None) -> None:
        super().__init__(window)
        self._window = window
        self._controller = controller
        self.dialogs = dialogs or FileDialogs(window)
        self.recent = recent or RecentFiles()
        self._store = recovery or RecoveryStore()
        self._lock: ProjectLock | None = None
        #: The saved version of the project this window's document started from: the file as
        #: this window last read or wrote it, or as a restored slot recorded it (None: no file).
        self._base: FileIdentity | None = None
        self._read_only_reason = ""
        #: The folder where the first 保存 of an untitled document proposes it (新建下一期 sets it).
        self._new_folder: Path | None = None
        #: Today's date, for the issue 新建 starts (tests put a fixed day here).
        self.today: Callable[[], date] = date.today
        self.autosave = AutosaveController(lambda: controller.doc, controller.undo_stack,
                                           project_path=lambda: controller.path, base=lambda: self._base,
                                           store=self._store, before_snapshot=controller.commit_pending,
                                           parent=self)
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

    @property
    def read_only_reason(self) -> str:
        """Who holds the project this window shows read-only (``此项目正被 张三（电脑 PC-01）编辑…``)."""
        return self._read_only_reason

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
        if project is not None and is_template(project):
            # The projects in layouts/ are templates, as a .dotx is in Word: opening
            # one starts a new issue from it, so saving never overwrites the template.
            self.new_from_template(project, ask=False)
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
        """Show the document of a recovery slot, unsaved, and keep protecting it there.

        If its file was saved by someone else since the work began, say so
        and offer to save the restored work as a copy; a later 保存 onto the
        file still asks, since the window keeps the version the work began from.
        """
        try:
            session = self._store.adopt(info.session_id)
            doc = session.load()
        except BanmianError as problem:
            self.dialogs.error(problem)
            return False
        path = info.project_path if info.project_path and info.project_path.exists() else None
        self._release_lock()
        result = self._lock_project(path) if path else None
        # Slots written before versions were recorded: only the file as it is now is known.
        base = (info.base or identify(path)) if path else None
        self._show(doc, path, result, base)
        self.autosave.adopt(session)
        self.update_title()
        self.message.emit(f"已恢复：{info.describe()}。请尽快保存。")
        newer = changed_since(path, base) if path else None
        if path is not None and newer is not None:
            self._offer_recovered_copy(path, info, newer)
        if result is not None and result.read_only and self._controller.read_only:
            self.dialogs.warn(result.message(path) or "")
        return True

    def _offer_recovered_copy(self, path: Path, info: RecoveryInfo, now: FileIdentity) -> bool:
        """Restored work is older than its file: offer 另存为 a copy, so both versions stay."""
        if not self.dialogs.offer_recovered_copy(newer_save_text(path, info, now)):
            self.message.emit("恢复的内容尚未保存。保存到原文件前会再次询问，以免覆盖他人的修改。")
            return False
        return self._save_as_asked(recovered_copy_path(path))

    # --------------------------------------------------------- commands

    def new_from_template(self, template: Path | None = None, ask: bool = True) -> bool:
        """A new, untitled document copied from a template (the blank issue by default), an issue
        of this year dated today (``new_issue_fields``); the sample stays the issue it is."""
        if ask and not self.confirm_discard():
            return False
        source = template or (BLANK_TEMPLATE if BLANK_TEMPLATE.exists() else SAMPLE_PROJECT)
        try:
            doc = load_project(source)
        except BanmianError as problem:
            self.dialogs.error(problem)
            return False
        if not same_file(source, SAMPLE_PROJECT):  # the sample is issue 28 of 2021 and shows it
            doc.issue = new_issue_fields(doc.issue, self.today())
        self.show_new_document(doc)
        return True

    def show_new_document(self, doc: Document, folder: Path | None = None) -> None:
        """Show ``doc`` as a new, untitled document; its first 保存 proposes 刊名+年+期号.banmian
        in ``folder`` (else in 文档)."""
        self._release_lock()
        self._show(doc, None, None, None)
        self._new_folder = folder

    def close_document(self) -> bool:
        """关闭: put the document away (asking about unsaved work, releasing its lock) and show
        what the editor starts with, a new issue from the blank template; the window stays open."""
        if not self.new_from_template(ask=True):
            return False
        self.message.emit("文档已关闭。现在是一期新的空白期刊。")
        return True

    def open_dialog(self) -> bool:
        """打开…: ask for a project and open it."""
        if not self.confirm_discard():
            return False
        current = self._controller.path
        start = current.parent if current else documents_folder()
        path = self.dialogs.open_path(start)
        return self.open_path(path, ask=False) if path else False

    def open_path(self, path: Path, ask: bool = True) -> bool:
        """Open a project (zip or folder); read-only with a warning if someone else has it."""
        if ask and not self.confirm_discard():
            return False
        path = Path(os.path.abspath(path))
        base = identify(path)  # before reading: a save that lands meanwhile then counts as a change
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
        self._show(doc, path, result, base)
        self._remember(path)
        warning = result.message(path)
        if warning:
            self.dialogs.warn(warning)
        return True

    def save(self) -> bool:
        """保存: to the project's file, or ask where (untitled or read-only)."""
        self._controller.commit_pending()
        path = self._controller.path
        if path is None or self._controller.read_only:
            return self.save_as()
        return self._save_to(path)

    def save_as(self) -> bool:
        """另存为…: a new file, which this window then edits (and locks)."""
        self._controller.commit_pending()
        current = self._controller.path
        if current is None:
            suggested = (self._new_folder or documents_folder()) / issue_file_name(self._controller.doc.issue)
        elif self._controller.read_only:  # someone else has the file: offer a copy, not their file
            suggested = current.with_name(f"{current.stem}（副本）{current.suffix}")
        else:
            suggested = current
        return self._save_as_asked(suggested)

    def _save_as_asked(self, suggested: Path) -> bool:
        """Ask where to save, starting from ``suggested``, and save there."""
        path = self.dialogs.save_path(suggested)
        if path is None:
            return False
        path = Path(os.path.abspath(path))
        if not path.suffix and not path.is_dir():
            path = path.with_name(path.name + PROJECT_SUFFIX)
        return self._save_to(path)

    def confirm_discard(self) -> bool:
        """Before the document goes away: ask about unsaved work. False means stop."""
        self._controller.commit_pending()  # a value typed a moment ago is unsaved work too
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

    # ---------------------------------------------------------- saving

    def _save_to(self, path: Path) -> bool:
        """Write the document to ``path``, which this window then edits and locks.

        Refused when someone else holds ``path``'s lock; asks first when the
        file is this window's own but was saved by someone else since.
        """
        claimed, lock = self._claim_for_writing(path)
        if not claimed:
            return False
        own_file = self._controller.path is not None and same_file(path, self._controller.path)
        if own_file and self._changed_on_disk(path):
            answer = self.dialogs.ask_overwrite_changed(path.name)
            if answer != "overwrite":
                self._drop_unused(lock)
                return self.save_as() if answer == "save_as" else False
        if not self._write(path):
            self._drop_unused(lock)
            return False
        if lock is not self._lock:
            self._release_lock()
            self._lock = lock
            self.autosave.set_lock(lock)
        self._base = identify(path)
        self._set_read_only_reason("")
        self._controller.set_path(path)
        self._controller.set_read_only(False)
        return True

    def _claim_for_writing(self, path: Path) -> tuple[bool, ProjectLock | None]:
        """May this window write ``path``? Then the lock to hold for it (ours already, or
        taken now; None where no lock can be made). No, with the holder named, if taken."""
        held = self._lock
        if held is not None and same_file(held.project, path) and held.still_held():
            return True, held
        result = acquire_lock(path)
        if result.read_only:
            self.dialogs.warn(result.refusal(path))
            return False, None
        return True, result.lock

    def _drop_unused(self, lock: ProjectLock | None) -> None:
        """Release a lock taken for a save that did not happen."""
        if lock is not None and lock is not self._lock:
            lock.release()

    def _changed_on_disk(self, path: Path) -> bool:
        """Whether the file is no longer the version this window's work started from (a gone file is not)."""
        return changed_since(path, self._base) is not None

    def _write(self, path: Path) -> bool:
        try:
            save_project(self._controller.doc, path)
        except BanmianError as problem:
            self.dialogs.error(problem)
            return False
        except OSError as problem:
            self.dialogs.warn(f"无法保存到“{display_name(path)}”：{os_error_reason(problem)}。请换一个位置保存。")
            return False
        self._controller.undo_stack.setClean()
        self._remember(path)
        self.update_title()
        self.message.emit(f"已保存到 {path}")
        return True

    # ---------------------------------------------------------- helpers

    def _show(self, doc: Document, path: Path | None, result: LockResult | None, base: FileIdentity | None) -> None:
        """Put a document in the window, read-only if ``result`` says someone else has it;
        ``base`` is the saved version of ``path`` it starts from."""
        read_only = result is not None and result.read_only
        self._base = base
        self._new_folder = None
        self._set_read_only_reason((result.message(path) or "") if read_only and result is not None else "")
        self._controller.set_document(doc, path, read_only=read_only)

    def _set_read_only_reason(self, reason: str) -> None:
        if reason != self._read_only_reason:
            self._read_only_reason = reason
            self.read_only_reason_changed.emit(reason)

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
        if self._lock is not None and self._lock.still_held():
            return  # the report is about a lock this window gave up since (after 另存为)
        self._lock = None
        self.dialogs.warn("此项目的锁定已被他人解除，可能有其他人正在编辑。保存前请确认，或用“另存为”保存副本。")
