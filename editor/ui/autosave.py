"""Background recovery snapshots of the open document, and the offer to restore them.

The main window creates one ``AutosaveController`` with a way to get the
current document and its ``QUndoStack``. Every change of the stack's index
(an edit, an undo, a redo) starts a 1 s debounce; a 3 s deadline keeps
continuous typing from postponing the snapshot for ever. When either
fires, the document is serialised on the UI thread
(``document_json_bytes``: a few milliseconds for a whole issue) and the
bytes and the photo dict are handed to a worker thread that writes them
into this session's recovery slot (``editor.io.recovery``). A crash or a
power cut therefore loses at most the last ~3 s of edits plus one write,
and the UI never waits for the disk.

When the stack becomes clean (the document was saved, or every edit was
undone) the slot is discarded. On shutdown the controller writes a last
snapshot if there is unsaved work (or discards, when the user saved or
chose 不保存) and waits for the worker. It also refreshes the project's
lock file now and then from the worker thread, since that file may sit on
a slow network share.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from editor.errors import BanmianError
from editor.io.lockfile import LOCK_REFRESH_INTERVAL_S, ProjectLock
from editor.io.project import document_json_bytes
from editor.io.recovery import RecoveryInfo, RecoverySession, RecoveryStore, summarize
from editor.model.document import Document

#: Quiet time after an edit before a snapshot is taken.
DEBOUNCE_MS = 1000
#: Longest an edit waits for its snapshot while edits keep coming.
MAX_DELAY_MS = 3000
#: How long shutdown waits for the last snapshot to reach the disk.
SHUTDOWN_TIMEOUT_S = 10.0

_log = logging.getLogger(__name__)


# ------------------------------------------------------------------- jobs


@dataclass(frozen=True)
class _Snapshot:
    document_json: bytes
    assets: Mapping[str, bytes]
    project_path: Path | None
    title: str
    edit_count: int
    baseline_json: bytes | None


@dataclass(frozen=True)
class _Discard:
    pass


@dataclass(frozen=True)
class _Adopt:
    session: RecoverySession


@dataclass(frozen=True)
class _RefreshLock:
    lock: ProjectLock


@dataclass(frozen=True)
class _Stop:
    pass


_Job = _Snapshot | _Discard | _Adopt | _RefreshLock | _Stop


def _failure_reason(problem: BaseException) -> str:
    if isinstance(problem, BanmianError):
        return problem.message
    if isinstance(problem, PermissionError):
        return "没有写入权限"
    if isinstance(problem, OSError) and problem.errno == errno.ENOSPC:
        return "磁盘空间不足"
    if isinstance(problem, OSError):
        return problem.strerror or str(problem)
    return str(problem) or type(problem).__name__


class _Worker:
    """The thread that does every file operation, in order; the latest snapshot wins.

    Snapshots waiting in the queue are replaced by newer ones: only the
    newest state of the document matters.
    """

    def __init__(self, store: RecoveryStore, session: RecoverySession | None,
                 on_written: Callable[[str], None], on_failed: Callable[[str], None],
                 on_lock_lost: Callable[[], None]) -> None:
        self._store = store
        self._session = session
        self._on_written = on_written
        self._on_failed = on_failed
        self._on_lock_lost = on_lock_lost
        self._failing = False
        self._jobs: deque[_Job] = deque()
        self._busy = False
        self._cond = threading.Condition()
        self._thread = threading.Thread(target=self._run, name="banmian-autosave", daemon=True)
        self._thread.start()

    @property
    def session(self) -> RecoverySession | None:
        return self._session

    @staticmethod
    def _notify(callback: Callable[..., None], *args: object) -> None:
        """Tell the controller; it may already be deleted if the window forgot ``shutdown``."""
        with contextlib.suppress(RuntimeError):
            callback(*args)

    def submit(self, job: _Job) -> None:
        with self._cond:
            if isinstance(job, _Snapshot) and self._jobs and isinstance(self._jobs[-1], _Snapshot):
                self._jobs[-1] = job
            else:
                self._jobs.append(job)
            self._cond.notify_all()

    def wait_idle(self, timeout_s: float) -> bool:
        """Block until every submitted job is done (shutdown and tests only)."""
        deadline = time.monotonic() + timeout_s
        with self._cond:
            while (self._jobs or self._busy) and self._thread.is_alive():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._cond.wait(remaining)
        return True

    def stop(self, timeout_s: float) -> bool:
        self.submit(_Stop())
        self._thread.join(timeout_s)
        return not self._thread.is_alive()

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._jobs:
                    self._cond.wait()
                job = self._jobs.popleft()
                self._busy = True
            try:
                if isinstance(job, _Stop):
                    return
                self._handle(job)
            except Exception as problem:  # noqa: BLE001 - the worker must survive anything and say so
                _log.warning("autosave job %s failed", type(job).__name__, exc_info=True)
                if isinstance(job, _Snapshot) and not self._failing:  # say it once, not every 3 s
                    self._failing = True
                    self._notify(self._on_failed, f"自动保存的恢复数据写入失败（{_failure_reason(problem)}）。"
                                 "如果版面此时意外退出，最近的修改可能无法恢复，请尽快保存。")
            finally:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()

    def _handle(self, job: _Job) -> None:
        if isinstance(job, _Snapshot):
            if self._session is None:
                self._session = self._store.start_session(job.project_path, job.title)
            self._session.write_snapshot(
                job.document_json, job.assets, title=job.title, project_path=job.project_path,
                edit_count=job.edit_count, summary=summarize(job.document_json, job.baseline_json),
            )
            self._failing = False
            self._notify(self._on_written, self._session.session_id)
        elif isinstance(job, _Discard):
            if self._session is not None:
                session, self._session = self._session, None
                session.discard()
        elif isinstance(job, _Adopt):
            self._session = job.session
        elif isinstance(job, _RefreshLock):
            if not job.lock.refresh():
                self._notify(self._on_lock_lost)


# ------------------------------------------------------------- controller


def _title_for(path: Path | None, doc: Document) -> str:
    return path.name if path else f"未命名（{doc.pdf_title()}）"


class AutosaveController(QObject):
    """Writes recovery snapshots in the background after edits; see the module docstring."""

    #: A snapshot reached the disk (the session id); for a status-bar hint and tests.
    snapshot_written = Signal(str)
    #: Recovery data could not be written: a Chinese sentence for the status bar or a dialog.
    failed = Signal(str)
    #: Someone broke our project lock (it is no longer ours): warn before the next save.
    lock_lost = Signal()

    def __init__(self, document: Callable[[], Document], undo_stack: QUndoStack, *,
                 project_path: Callable[[], Path | None] = lambda: None,
                 store: RecoveryStore | None = None, lock: ProjectLock | None = None,
                 before_snapshot: Callable[[], object] = lambda: None,
                 debounce_ms: int = DEBOUNCE_MS, max_delay_ms: int = MAX_DELAY_MS,
                 lock_refresh_ms: int = LOCK_REFRESH_INTERVAL_S * 1000, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._stack = undo_stack
        self._project_path = project_path
        #: Stores values still being typed in panels, so the snapshot holds them too.
        self._before_snapshot = before_snapshot
        self._store = store if store is not None else RecoveryStore()
        self._lock = lock
        self._edit_count = 0
        self._dirty = False  # an edit not yet handed to the worker
        self._closed = False
        self._baseline: bytes | None = document_json_bytes(document())
        # Queued signals: the worker thread emits, Qt delivers them on the UI thread.
        self._worker = _Worker(self._store, None, self.snapshot_written.emit, self.failed.emit, self.lock_lost.emit)
        self._debounce = self._timer(debounce_ms)
        self._deadline = self._timer(max_delay_ms)
        self._lock_timer = QTimer(self)
        self._lock_timer.setInterval(lock_refresh_ms)
        self._lock_timer.timeout.connect(self._refresh_lock)
        if lock is not None:
            self._lock_timer.start()
        undo_stack.indexChanged.connect(self._on_index_changed)
        undo_stack.cleanChanged.connect(self._on_clean_changed)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    def _timer(self, interval_ms: int) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(interval_ms)
        timer.timeout.connect(self._snapshot)
        return timer

    # ----------------------------------------------------------- public

    @property
    def session_id(self) -> str | None:
        """This window's recovery slot, once the first snapshot started it."""
        session = self._worker.session
        return session.session_id if session else None

    def notify_changed(self) -> None:
        """A change that did not go through the undo stack (rare); schedule a snapshot."""
        self._on_index_changed(self._stack.index())

    def document_replaced(self) -> None:
        """Another document is shown now (新建, 打开): its recovery starts afresh.

        Connect ``DocumentController.document_replaced`` here. The previous
        document's slot is discarded — the window asked about unsaved work
        before replacing it.
        """
        self._start_afresh()

    def adopt(self, session: RecoverySession) -> None:
        """The window now shows a document restored from ``session``: keep protecting it there.

        Call after the restored document is in place. A restored document is
        unsaved work, so the undo stack is marked as never clean
        (``resetClean``): undoing back must not discard the recovery data.
        """
        self._baseline = None  # the saved file's content is not at hand; summaries say less
        self._worker.submit(_Adopt(session))
        self._edit_count = session.info().edit_count
        self._stack.resetClean()
        self._schedule()

    def set_lock(self, lock: ProjectLock | None) -> None:
        """The project lock to keep refreshing (after 打开 or 另存为); None stops."""
        self._lock = lock
        if lock is None:
            self._lock_timer.stop()
        else:
            self._lock_timer.start()

    def flush(self, timeout_s: float = SHUTDOWN_TIMEOUT_S) -> bool:
        """Snapshot pending edits now and wait until they are on disk. Blocks: not for every edit."""
        if self._closed:
            return True
        self._before_snapshot()
        if self._debounce.isActive() or self._deadline.isActive() or self._dirty:
            self._snapshot()
        return self._worker.wait_idle(timeout_s)

    def shutdown(self, discard: bool = False, timeout_s: float = SHUTDOWN_TIMEOUT_S) -> bool:
        """Stop autosaving. Keeps (and completes) the recovery data if there is unsaved work,
        unless ``discard`` (saved, or 不保存 chosen); False if the disk did not answer in time.
        Safe to call twice; also runs on ``aboutToQuit``."""
        if self._closed:
            return True
        self._closed = True
        self._debounce.stop()
        self._deadline.stop()
        self._lock_timer.stop()
        clean = False  # if the stack is gone we cannot tell: keeping recovery data is the safe side
        with contextlib.suppress(RuntimeError):  # the stack may already be deleted at exit
            clean = self._stack.isClean()
        with contextlib.suppress(RuntimeError):
            self._stack.indexChanged.disconnect(self._on_index_changed)
            self._stack.cleanChanged.disconnect(self._on_clean_changed)
        if discard or clean:
            self._worker.submit(_Discard())
        elif self._dirty:
            self._submit_snapshot()
        return self._worker.stop(timeout_s)

    # ---------------------------------------------------------- private

    def _on_index_changed(self, _index: int) -> None:
        if self._closed:
            return
        self._edit_count += 1
        self._dirty = True
        self._schedule()

    def _schedule(self) -> None:
        self._debounce.start()
        if not self._deadline.isActive():
            self._deadline.start()

    def _on_clean_changed(self, clean: bool) -> None:
        if clean:  # saved, or every edit undone: the document equals the file
            self._start_afresh()

    def _start_afresh(self) -> None:
        """Nothing unsaved: drop the slot and compare later snapshots with this document."""
        if self._closed:
            return
        self._debounce.stop()
        self._deadline.stop()
        self._dirty = False
        self._edit_count = 0
        self._baseline = document_json_bytes(self._document())
        self._worker.submit(_Discard())

    def _snapshot(self) -> None:
        self._before_snapshot()  # may push an edit (which re-arms the timers stopped next)
        self._debounce.stop()
        self._deadline.stop()
        if self._stack.isClean():
            self._dirty = False
            self._worker.submit(_Discard())
            return
        self._submit_snapshot()

    def _submit_snapshot(self) -> None:
        """Serialise on the UI thread (the model is not thread-safe), write on the worker."""
        doc = self._document()
        path = self._project_path()
        self._worker.submit(_Snapshot(
            document_json=document_json_bytes(doc), assets=dict(doc.assets), project_path=path,
            title=_title_for(path, doc), edit_count=self._edit_count, baseline_json=self._baseline,
        ))
        self._dirty = False

    def _refresh_lock(self) -> None:
        if self._lock is not None:
            self._worker.submit(_RefreshLock(self._lock))


# ---------------------------------------------------------------- start-up


def find_recoverable(store: RecoveryStore | None = None) -> list[RecoveryInfo]:
    """Work left by editors that crashed or were killed, newest first, for the start-up offer."""
    return (store if store is not None else RecoveryStore()).recoverable()


def recovery_offer_text(infos: list[RecoveryInfo]) -> str:
    """The offer's text: what happened and, per item, file, time and what changed."""
    lines = ["发现未保存的工作：版面上次没有正常关闭，以下内容可以恢复。"]
    lines += [f"• {info.describe()}" for info in infos]
    lines.append("恢复后请尽快保存；选择“丢弃”将永久删除这些恢复数据。")
    return "\n".join(lines)
