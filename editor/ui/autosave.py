"""Background recovery snapshots of the open document, and the offer to restore them.

The main window creates one ``AutosaveController`` with a way to get the
current document and its ``QUndoStack``. The first edit after the document
was opened or saved is snapshotted at once (as soon as the event loop
runs again), so the recovery slot exists from the first keystroke on.
After that, every change of the stack's index (an edit, an undo, a redo)
starts a 1 s debounce; a 3 s deadline keeps continuous typing from
postponing the snapshot for ever. When either fires, the document is
serialised on the UI thread (``document_json_bytes``: a few milliseconds
for a whole issue) and the bytes and the photo dict are handed to a worker
thread that writes them into this session's recovery slot
(``editor.io.recovery``), together with the saved version of the project
the work started from. A crash or a power cut therefore loses at most the
last ~3 s of edits plus one write, and the UI never waits for the disk.

When a snapshot cannot be written (a full disk, no permission), the
controller says so once in a sentence (``failed``) and keeps a short
warning (``warning_changed``) for a permanent place in the status bar
until a snapshot succeeds or the document is saved.

When the stack becomes clean (the document was saved, or every edit was
undone) the slot is discarded. On shutdown the controller writes a last
snapshot if there is unsaved work (or discards, when the user saved or
chose 不保存) and waits for the worker. It also refreshes the project's
lock file now and then from the worker thread, since that file may sit on
a slow network share.
"""

from __future__ import annotations

import contextlib
import copy
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
from editor.io.file_identity import FileIdentity
from editor.io.lockfile import LOCK_REFRESH_INTERVAL_S, ProjectLock
from editor.io.os_errors import os_error_reason
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
    base: FileIdentity | None


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
    """Why a snapshot failed, in a few Chinese words."""
    if isinstance(problem, BanmianError):
        return problem.message.rstrip("。")
    return os_error_reason(problem)


def failure_warning(reason: str) -> str:
    """The status bar's lasting warning while snapshots fail."""
    return f"⚠ 恢复数据写入失败：{reason}。请尽快保存。"


def failure_message(reason: str) -> str:
    """The sentence said once when snapshots start failing."""
    return f"自动保存的恢复数据写入失败（{reason}）。如果版面此时意外退出，最近的修改可能无法恢复，请尽快保存。"


class _Worker:
    """The thread that does every file operation, in order; the latest snapshot wins.

    Snapshots waiting in the queue are replaced by newer ones: only the
    newest state of the document matters.
    """

    def __init__(self, store: RecoveryStore, session: RecoverySession | None,
                 on_written: Callable[[str], None], on_failed: Callable[[str], None],
                 on_discarded: Callable[[], None], on_lock_lost: Callable[[], None]) -> None:
        self._store = store
        self._session = session
        self._on_written = on_written
        self._on_failed = on_failed
        self._on_discarded = on_discarded
        self._on_lock_lost = on_lock_lost
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
                if isinstance(job, _Snapshot):
                    self._notify(self._on_failed, _failure_reason(problem))
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
                base=job.base,
            )
            self._notify(self._on_written, self._session.session_id)
        elif isinstance(job, _Discard):
            if self._session is not None:
                session, self._session = self._session, None
                session.discard()
            self._notify(self._on_discarded)
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
    #: Recovery data could not be written: a Chinese sentence, said once per run of failures.
    failed = Signal(str)
    #: The lasting warning while snapshots fail (``failure_warning``); "" once one succeeds.
    warning_changed = Signal(str)
    #: From the worker thread (delivered on the UI thread): why a snapshot failed.
    _snapshot_failed = Signal(str)
    #: From the worker thread: the slot was discarded (the document equals its file).
    _discarded = Signal()
    #: Someone broke our project lock (it is no longer ours): warn before the next save.
    lock_lost = Signal()

    def __init__(self, document: Callable[[], Document], undo_stack: QUndoStack, *,
                 project_path: Callable[[], Path | None] = lambda: None,
                 base: Callable[[], FileIdentity | None] = lambda: None,
                 store: RecoveryStore | None = None, lock: ProjectLock | None = None,
                 before_snapshot: Callable[[], object] = lambda: None,
                 debounce_ms: int = DEBOUNCE_MS, max_delay_ms: int = MAX_DELAY_MS,
                 lock_refresh_ms: int = LOCK_REFRESH_INTERVAL_S * 1000, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._stack = undo_stack
        self._project_path = project_path
        #: The saved version of the project the document started from (recorded in each snapshot).
        self._base = base
        #: Stores values still being typed in panels, so the snapshot holds them too.
        self._before_snapshot = before_snapshot
        self._store = store if store is not None else RecoveryStore()
        self._lock = lock
        self._edit_count = 0
        self._dirty = False  # an edit not yet handed to the worker
        self._snapshotted = False  # a snapshot was handed over since the document equalled its file
        self._closed = False
        self._warning = ""
        self._baseline: bytes | None = document_json_bytes(document())
        # Queued signals: the worker thread emits, Qt delivers them on the UI thread.
        self._worker = _Worker(self._store, None, self.snapshot_written.emit, self._snapshot_failed.emit,
                               self._discarded.emit, self.lock_lost.emit)
        self.snapshot_written.connect(self._clear_warning)
        self._discarded.connect(self._clear_warning)
        self._snapshot_failed.connect(self._on_snapshot_failed)
        self._first = self._timer(0)
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
    def warning(self) -> str:
        """The lasting warning while snapshots fail; "" when the last one succeeded."""
        return self._warning

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
        self._snapshotted = True  # the slot holds the restored document already
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
        if self._first.isActive() or self._debounce.isActive() or self._deadline.isActive() or self._dirty:
            self._snapshot()
        return self._worker.wait_idle(timeout_s)

    def shutdown(self, discard: bool = False, timeout_s: float = SHUTDOWN_TIMEOUT_S) -> bool:
        """Stop autosaving. Keeps (and completes) the recovery data if there is unsaved work,
        unless ``discard`` (saved, or 不保存 chosen); False if the disk did not answer in time.
        Safe to call twice; also runs on ``aboutToQuit``."""
        if self._closed:
            return True
        self._closed = True
        self._stop_timers()
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
        if self._snapshotted:
            self._schedule()
        else:  # the first edit: protect it now, not seconds later
            self._first.start()

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
        self._stop_timers()
        self._dirty = False
        self._snapshotted = False
        self._edit_count = 0
        self._baseline = document_json_bytes(self._document())
        self._worker.submit(_Discard())

    def _snapshot(self) -> None:
        self._before_snapshot()  # may push an edit (which re-arms the timers stopped next)
        self._stop_timers()
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
            document_json=document_json_bytes(doc), assets=copy.copy(doc.assets), project_path=path,
            title=_title_for(path, doc), edit_count=self._edit_count, baseline_json=self._baseline,
            base=self._base() if path else None,
        ))
        self._dirty = False
        self._snapshotted = True

    def _stop_timers(self) -> None:
        for timer in (self._first, self._debounce, self._deadline):
            timer.stop()

    def _on_snapshot_failed(self, reason: str) -> None:
        if not self._warning:  # say it once per run of failures, not every 3 s
            self.failed.emit(failure_message(reason))
        self._set_warning(failure_warning(reason))

    def _clear_warning(self, *_: object) -> None:
        self._set_warning("")

    def _set_warning(self, text: str) -> None:
        if text != self._warning:
            self._warning = text
            self.warning_changed.emit(text)

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
