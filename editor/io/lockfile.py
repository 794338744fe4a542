"""The lock file beside an open project, so two editors never both write it.

When a project is opened for editing, a small JSON file named
``.~lock.<project name>#`` (LibreOffice's convention: the leading dot hides
it on Linux and macOS; on Windows it also gets the *hidden* attribute) is
created next to it with the user, computer, process and time. A second
editor — in this window, another window, or a colleague's computer on a
shared drive — finds it and opens the project read-only with a Chinese
message naming who has it.

Rules, in order:

* The lock is created with ``O_EXCL`` (``CREATE_NEW`` on Windows, also on
  SMB shares), so of two editors racing for it exactly one wins.
* A lock written on *this* computer by a process that is no longer running
  is stale (the editor crashed or was killed) and is taken over silently.
  A process id the system has since given to another program is caught by
  comparing the process start time recorded in the lock (Linux
  ``/proc/<pid>/stat``, Windows ``GetProcessTimes``; elsewhere unknown).
* A lock from *another* computer cannot be checked, so it is trusted while
  it shows signs of life: the owner refreshes the file's modification time
  (``ProjectLock.refresh``, every few minutes from the autosave worker).
  Only after ``FOREIGN_LOCK_MAX_AGE_S`` (12 hours) without a refresh is it
  called old — and even then it is not taken automatically: the user is
  told and may break it (``acquire_lock(..., replace=holder)``). 12 hours
  is long enough that a colleague's laptop asleep over lunch or a flaky
  share never loses its lock, and short enough that a crash yesterday does
  not block today's work without an explanation.
* Taking over a stale lock is done by one editor at a time: the one that
  creates the takeover guard (``O_EXCL`` again) removes the stale lock if
  it still holds the judged bytes; the others wait for it and then find
  its fresh lock. Nothing ever moves a lock that might be fresh.
* Taking a lock is bounded in time (``_ACQUIRE_TIMEOUT_S``), not in
  attempts: on Windows a takeover that has to wait for readers to close
  the file takes a tenth of a second, in which the waiting editors used
  to use up their attempts and name the dead holder of the stale lock.
* The lock guards the real file: a project opened through a link (on
  Windows also a junction or a mapped drive) is locked beside the file the
  link points to, so every way to the project finds the same lock. A
  project name too long to carry ``.~lock.`` and ``#`` in 255 bytes (80
  Chinese characters take 240) is cut and completed with a hash of the
  whole name — the same name on every computer.
* Whatever is at the lock's path is read with ``read_regular_file``: a few
  KB at most, only a regular file. A folder, a FIFO, a device, a huge file
  or one we may not read cannot be judged, and someone may hold it: the
  result is ``LockState.UNREADABLE`` — open read-only, with a message —
  never an exception and never a wait.
* A time in a lock (``opened_at``, the file's modification time) a little
  in the future is another computer's clock and counts as now; one more
  than ``_CLOCK_SKEW_S`` ahead is damage and is not believed, so no lock
  lives for ever.
* The editor that takes a project's lock is its only writer, so it removes
  the temporary files that killed saves of the project left behind.

Pure Python, no Qt and no new dependencies; the process checks live in
``editor.io.processes``.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import secrets
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import TypeVar

import editor
from editor.errors import display_name
from editor.io.atomic import name_fits, real_target, remove_stale_temp_files, remove_stale_temp_files_in
from editor.io.os_errors import os_error_reason
from editor.io.processes import (
    MAX_PID,
    hide_file_on_windows,
    process_is_running,
    process_start_time,
    same_host,
    this_host,
    this_user,
)
from editor.io.project import ASSETS_FOLDER
from editor.io.regular_files import FileTooLargeError, NotRegularFileError, read_regular_file

#: A lock from another computer older than this (since its last refresh) may be broken by the user.
FOREIGN_LOCK_MAX_AGE_S = 12 * 60 * 60
#: How often the owner should refresh its lock (well inside the limit above).
LOCK_REFRESH_INTERVAL_S = 10 * 60
#: Another computer's clock may run ahead; a lock time further ahead than this is damage, not skew.
_CLOCK_SKEW_S = 24 * 60 * 60
#: An unreadable lock younger than this is probably being written right now.
_WRITING_GRACE_S = 30.0
_ACQUIRE_ATTEMPTS = 20
_RETRY_PAUSE_S = 0.05
#: How long ``acquire_lock`` keeps looking before it says it could not tell who has the project.
_ACQUIRE_TIMEOUT_S = 10.0
#: Lock files are a few hundred bytes; a bigger file is not ours and is not read.
MAX_LOCK_BYTES = 4096
_LOCK_PREFIX = ".~lock."
_LOCK_SUFFIX = "#"
#: Hex digits of the hash that stands for the cut part of a long project name.
_NAME_HASH_HEX = 12

#: Tokens of the locks this process holds: a lock carrying our own pid is
#: live only if it is one of these (otherwise an earlier process had our pid).
_HELD_TOKENS: set[str] = set()

_T = TypeVar("_T")


# ------------------------------------------------------------------- model


@dataclass(frozen=True)
class LockOwner:
    """Who holds a lock, as written in the lock file."""

    user: str
    host: str
    pid: int
    #: ``process_start_time(pid)`` when the lock was taken; None where unknown.
    process_started: int | None
    opened_at: datetime
    app_version: str
    #: Random; tells two locks of the same process apart and proves ownership on release.
    token: str

    def to_json(self) -> bytes:
        data = {
            "app": "Banmian", "app_version": self.app_version, "user": self.user, "host": self.host,
            "pid": self.pid, "process_started": self.process_started,
            "opened_at": self.opened_at.isoformat(timespec="seconds"), "token": self.token,
        }
        return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")

    @classmethod
    def from_json(cls, raw: bytes) -> LockOwner | None:
        """The owner, or None if ``raw`` is not a complete lock (half written, damaged, foreign).

        Numbers and dates no process or clock could have written (a pid
        beyond ``MAX_PID``, an infinite start time, the year 1 in a far
        time zone) count as damage rather than crash a later comparison.
        """
        try:
            data = json.loads(raw.decode("utf-8"))
            started = data.get("process_started")
            owner = cls(
                user=str(data["user"]), host=str(data["host"]), pid=int(data["pid"]),
                process_started=int(started) if started is not None else None,
                opened_at=_local_time(datetime.fromisoformat(str(data["opened_at"]))),
                app_version=str(data.get("app_version", "")), token=str(data["token"]),
            )
        except (ValueError, TypeError, KeyError, AttributeError, UnicodeDecodeError, OverflowError, OSError,
                RecursionError):
            return None
        return owner if 0 < owner.pid <= MAX_PID else None

    def who(self) -> str:
        """``张三（电脑 PC-01）`` for messages (names kept to one line)."""
        return f"{display_name(self.user)}（电脑 {display_name(self.host)}）"

    def since(self) -> str:
        """When the lock was taken, for messages; a time in the future reads as now."""
        now = datetime.now().astimezone()
        return min(self.opened_at, now).astimezone().strftime("%Y-%m-%d %H:%M")


def _local_time(moment: datetime) -> datetime:
    """``moment`` with a time zone (the local one if it had none); raises if it is no real time."""
    aware = moment if moment.tzinfo is not None else moment.astimezone()
    aware.timestamp()
    aware.astimezone()
    return aware


def _new_owner() -> LockOwner:
    pid = os.getpid()
    return LockOwner(
        user=this_user(), host=this_host(), pid=pid, process_started=process_start_time(pid),
        opened_at=datetime.now().astimezone().replace(microsecond=0), app_version=editor.__version__, token=secrets.token_hex(8),
    )


class LockState(Enum):
    """What opening a project for editing found."""

    #: We hold the lock (possibly after taking over a stale one).
    ACQUIRED = "acquired"
    #: Another live process on this computer holds it.
    HELD_HERE = "held_here"
    #: Another computer holds it and refreshed it recently.
    HELD_ELSEWHERE = "held_elsewhere"
    #: Another computer holds it but has not refreshed it for ``FOREIGN_LOCK_MAX_AGE_S``.
    HELD_ELSEWHERE_OLD = "held_elsewhere_old"
    #: A lock left by a process on this computer that is no longer running.
    STALE = "stale"
    #: No lock exists.
    FREE = "free"
    #: The lock file could not be created (read-only folder or medium).
    UNAVAILABLE = "unavailable"
    #: Something is at the lock's path that cannot be read as a lock (no permission, a folder,
    #: a FIFO, a device, a huge file): someone may hold it.
    UNREADABLE = "unreadable"


@dataclass(frozen=True)
class LockCheck:
    """A look at an existing lock without changing anything."""

    state: LockState
    holder: LockOwner | None


def lock_path_for(project: str | Path) -> Path:
    """``.~lock.<name>#`` beside the project's real file or folder (links followed).

    Every editor computes the same path for the same project, however it
    was reached; a name that would not fit is shortened by ``lock_name``.
    """
    project = Path(project)
    try:
        project = real_target(project)
    except OSError:  # a loop of links: the project will not open anyway
        project = Path(os.path.abspath(project))
    return project.with_name(lock_name(project.name))


def lock_name(project_name: str) -> str:
    """LibreOffice's ``.~lock.<name>#`` when it fits in one file name; otherwise the
    name cut to fit with ``~`` and a hash of the whole name (deterministic)."""
    whole = f"{_LOCK_PREFIX}{project_name}{_LOCK_SUFFIX}"
    if name_fits(whole):
        return whole
    digest = hashlib.sha256(project_name.encode("utf-8", "surrogatepass")).hexdigest()[:_NAME_HASH_HEX]
    stem = project_name
    while stem and not name_fits(f"{_LOCK_PREFIX}{stem}~{digest}{_LOCK_SUFFIX}"):
        stem = stem[:-1]
    return f"{_LOCK_PREFIX}{stem}~{digest}{_LOCK_SUFFIX}"


class _OddLock(Exception):
    """Something is at the lock's path that cannot be read as a lock; ``reason`` says what, in Chinese."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


_NOT_A_FILE = "它不是普通文件，而是文件夹或设备"


def _read_lock_file(path: Path) -> tuple[bytes, float] | None:
    """The lock's bytes and modification time; None if there is no lock.

    Raises ``_OddLock`` for what cannot be a lock. ``PermissionError`` is
    retried first: on Windows a lock that another editor is renaming or
    deleting cannot be opened for a moment.
    """
    for attempt in range(_ACQUIRE_ATTEMPTS):
        try:
            raw = read_regular_file(path, MAX_LOCK_BYTES)
            return raw, os.stat(path).st_mtime
        except FileNotFoundError:
            if os.path.islink(path):
                raise _OddLock("它是一个指向不存在位置的链接") from None
            return None
        except NotRegularFileError:
            raise _OddLock(_NOT_A_FILE) from None
        except FileTooLargeError:
            raise _OddLock(f"它大于 {MAX_LOCK_BYTES} 字节，不是版面的锁文件") from None
        except PermissionError as problem:
            if os.path.isdir(path):  # Windows cannot open a folder at all
                raise _OddLock(_NOT_A_FILE) from None
            if attempt == _ACQUIRE_ATTEMPTS - 1:
                raise _OddLock(os_error_reason(problem)) from problem
            time.sleep(_RETRY_PAUSE_S)
        except OSError as problem:
            raise _OddLock(os_error_reason(problem)) from problem
    raise AssertionError("unreachable")


def _last_sign_of_life(times: tuple[float, ...], now: float) -> float | None:
    """The latest of a lock's times, a little in the future counting as now and far in the
    future (damage) not at all; None when no time can be believed."""
    believable = [min(moment, now) for moment in times if moment <= now + _CLOCK_SKEW_S]
    return max(believable, default=None)


def _judge(owner: LockOwner | None, mtime: float) -> LockState | None:
    """Whether a lock is live, old or stale; None means "being written, look again"."""
    now = time.time()
    if owner is None:
        return None if abs(now - mtime) < _WRITING_GRACE_S else LockState.STALE
    if not same_host(owner.host, this_host()):
        seen = _last_sign_of_life((mtime, owner.opened_at.timestamp()), now)
        fresh = seen is not None and now - seen <= FOREIGN_LOCK_MAX_AGE_S
        return LockState.HELD_ELSEWHERE if fresh else LockState.HELD_ELSEWHERE_OLD
    if owner.pid == os.getpid():
        return LockState.HELD_HERE if owner.token in _HELD_TOKENS else LockState.STALE
    return LockState.HELD_HERE if process_is_running(owner.pid, owner.process_started) else LockState.STALE


def inspect_lock(project: str | Path) -> LockCheck:
    """What ``acquire_lock`` would find, without taking or changing anything."""
    path = lock_path_for(project)
    for _ in range(_ACQUIRE_ATTEMPTS):
        try:
            found = _read_lock_file(path)
        except _OddLock:
            return LockCheck(LockState.UNREADABLE, None)
        if found is None:
            return LockCheck(LockState.FREE, None)
        owner = LockOwner.from_json(found[0])
        state = _judge(owner, found[1])
        if state is not None:
            return LockCheck(state, owner)
        time.sleep(_RETRY_PAUSE_S)
    return LockCheck(LockState.HELD_HERE, None)


# ------------------------------------------------------------ taking locks


def _retry_permission(action: Callable[[], _T]) -> _T:
    """Run a rename or delete, retrying briefly: on Windows a reader holding
    the file open (another editor checking the lock, a virus scanner) makes it fail."""
    for attempt in range(_ACQUIRE_ATTEMPTS):
        try:
            return action()
        except PermissionError:
            if attempt == _ACQUIRE_ATTEMPTS - 1:
                raise
            time.sleep(_RETRY_PAUSE_S)
    raise AssertionError("unreachable")


#: A takeover guard older than this belongs to an editor that died while taking over.
_TAKEOVER_GUARD_MAX_AGE_S = 30.0


def _takeover_guard(path: Path) -> Path:
    """The file whose creator alone may remove ``path``'s stale lock (a short, fixed-length name)."""
    digest = hashlib.sha256(path.name.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return path.with_name(f"{_LOCK_PREFIX}takeover.{digest}{_LOCK_SUFFIX}")


class _Takeover(Enum):
    """What an attempt to remove a stale lock came to."""

    #: The stale lock is gone: creating ours decides, exclusively.
    REMOVED = "removed"
    #: The lock changed since it was judged (a fresh lock replaced it): judge again.
    CHANGED = "changed"
    #: Another editor is taking it over right now: wait a moment, then look again.
    BUSY = "busy"


def _take_over(path: Path, judged: bytes) -> _Takeover:
    """Remove the stale lock whose bytes were ``judged``, unless it changed meanwhile.

    Only the editor that creates the takeover guard (O_EXCL, so exactly one)
    may remove a stale lock, and it removes it only if it still holds the
    judged bytes. Nothing ever moves a lock that might be fresh: renaming
    the stale lock away and putting back a fresh one that had replaced it
    left a moment without a lock, in which a third editor took one too.
    """
    guard = _takeover_guard(path)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(guard, flags, 0o666)
    except FileExistsError:
        _remove_abandoned_guard(guard)
        return _Takeover.BUSY
    except OSError:  # e.g. Windows refusing a guard that is being deleted
        return _Takeover.BUSY
    os.close(fd)
    try:
        return _remove_if_unchanged(path, judged)
    finally:
        with contextlib.suppress(OSError):
            _retry_permission(guard.unlink)


def _remove_if_unchanged(path: Path, judged: bytes) -> _Takeover:
    """Delete ``path`` if it still holds ``judged``, and return once its name is free.

    Runs while holding the takeover guard. Each try of the delete reads the
    lock again first: on Windows a delete fails while a reader has the file
    open, and between two tries the name may already hold a fresh lock.
    After the delete the guard is kept until the name is really free:
    Windows keeps a deleted file that someone still has open ("delete
    pending") visible and readable, and an editor that judged that ghost
    stale once deleted the fresh lock that took its place.
    """
    deadline = time.monotonic() + _ACQUIRE_TIMEOUT_S
    while True:
        try:
            current = read_regular_file(path, MAX_LOCK_BYTES)
        except FileNotFoundError:
            return _Takeover.REMOVED
        except PermissionError:  # being deleted, or opened by a reader that does not share
            if not _paused_before(deadline):
                return _Takeover.CHANGED
            continue
        except OSError:
            return _Takeover.CHANGED
        if current != judged:
            return _Takeover.CHANGED  # a fresh lock replaced the stale one
        try:
            path.unlink()
        except FileNotFoundError:
            return _Takeover.REMOVED
        except PermissionError:
            if not _paused_before(deadline):
                return _Takeover.CHANGED
            continue
        except OSError:
            return _Takeover.CHANGED
        return _wait_until_gone(path, judged, deadline)


def _paused_before(deadline: float) -> bool:
    """Wait one retry pause before trying again; False, without waiting, once ``deadline`` has passed."""
    if time.monotonic() >= deadline:
        return False
    time.sleep(_RETRY_PAUSE_S)
    return True


def _wait_until_gone(path: Path, judged: bytes, deadline: float) -> _Takeover:
    """Wait until the deleted stale lock no longer shows at ``path`` (Windows' delete pending)."""
    while time.monotonic() < deadline:
        try:
            if read_regular_file(path, MAX_LOCK_BYTES) != judged:
                return _Takeover.REMOVED
        except FileNotFoundError:
            return _Takeover.REMOVED
        except PermissionError:
            pass
        except OSError:
            return _Takeover.REMOVED
        time.sleep(_RETRY_PAUSE_S)
    return _Takeover.CHANGED


def _remove_abandoned_guard(guard: Path) -> None:
    """A guard left by an editor that died while taking over would block takeovers for ever."""
    with contextlib.suppress(OSError):
        if time.time() - guard.stat().st_mtime > _TAKEOVER_GUARD_MAX_AGE_S:
            guard.unlink()


def _create_exclusively(path: Path, owner: LockOwner) -> None:
    """Create the lock file with our owner data; FileExistsError if one exists."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags, 0o666)
    try:
        data = owner.to_json()
        while data:
            data = data[os.write(fd, data):]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            path.unlink()
        raise
    os.close(fd)
    hide_file_on_windows(path)


@dataclass(frozen=True)
class LockResult:
    """The outcome of ``acquire_lock``: a lock, or who holds it and what to tell the user."""

    state: LockState
    #: Ours when ``state`` is ACQUIRED.
    lock: ProjectLock | None = None
    #: Who holds it when we did not get it (None if unknown).
    holder: LockOwner | None = None
    #: A stale lock we removed to get ours (worth a line in the log).
    replaced: LockOwner | None = None
    #: Why the lock could not be created (UNAVAILABLE) or read (UNREADABLE), in Chinese.
    error: str | None = None

    @property
    def read_only(self) -> bool:
        """Open the project read-only: someone else is (or may be) editing it."""
        return self.state in (LockState.HELD_HERE, LockState.HELD_ELSEWHERE, LockState.HELD_ELSEWHERE_OLD,
                              LockState.UNREADABLE)

    @property
    def can_break(self) -> bool:
        """Offer "解除锁定": the other computer's lock shows no sign of life."""
        return self.state is LockState.HELD_ELSEWHERE_OLD and self.holder is not None

    def message(self, project: str | Path | None = None) -> str | None:
        """The Chinese warning for the user; None when there is nothing to say."""
        return lock_message(self, project)

    def refusal(self, project: str | Path) -> str:
        """The Chinese reason a save onto ``project`` is refused (``read_only`` results)."""
        return save_refusal(self, project)


def holder_clause(state: LockState, holder: LockOwner | None) -> str:
    """Who has the project, as the rest of a sentence starting "此项目": ``正被 张三（电脑 PC-01）编辑（自 … 起）``.

    One wording for every message about a lock held by someone else (the
    read-only warning, a refused save), so the user always learns the user
    and the computer — also when it is another window of their own editor.
    """
    if holder is None:
        return "正被另一个程序打开"
    if state is LockState.HELD_HERE and holder.user == this_user():
        return f"已由 {holder.who()}在另一个版面窗口中打开（自 {holder.since()} 起）"
    return f"正被 {holder.who()}编辑（自 {holder.since()} 起）"


def _unreadable_clause(result: LockResult, project: str | Path | None) -> str:
    """``锁文件“.~lock.x#”无法读取（原因）`` for the messages about an UNREADABLE lock."""
    name = f"“{display_name(lock_path_for(project).name)}”" if project is not None else ""
    return f"锁文件{name}无法读取（{result.error or '原因不明'}）"


def lock_message(result: LockResult, project: str | Path | None = None) -> str | None:
    """The warning shown when a project could not be locked for editing."""
    holder = result.holder
    if result.state is LockState.UNAVAILABLE:
        where = f"“{display_name(Path(project).parent)}”" if project is not None else "项目所在文件夹"
        return (f"无法在{where}中创建锁文件（{result.error or '没有写入权限'}），"
                "其他人可能同时在编辑此项目，保存前请确认。")
    if result.state is LockState.UNREADABLE:
        return (f"此项目的{_unreadable_clause(result, project)}，可能有人正在编辑，已以只读方式打开。"
                "如果确认没有人在编辑，请删除这个锁文件后重新打开。")
    if not result.read_only:
        return None
    if result.state is LockState.HELD_ELSEWHERE_OLD and holder is not None:
        hours = FOREIGN_LOCK_MAX_AGE_S // 3600
        return (f"此项目被 {holder.who()}锁定（自 {holder.since()} 起），但已超过 {hours} 小时没有更新，"
                "可能是对方的版面异常退出。已以只读方式打开；如果确认没有人在编辑，可以解除锁定。")
    return f"此项目{holder_clause(result.state, holder)}，已以只读方式打开。"


def save_refusal(result: LockResult, project: str | Path) -> str:
    """Why a project someone else holds cannot be saved over, and what to do instead."""
    name = display_name(Path(project).name)
    if result.state is LockState.UNREADABLE:
        why = f"此文件的{_unreadable_clause(result, project)}，可能有人正在编辑"
    else:
        why = f"此文件{holder_clause(result.state, result.holder)}"
    return f"不能保存到“{name}”：{why}。为免互相覆盖，请用“另存为”换一个文件名保存。"


def _reason(problem: OSError) -> str:
    """A short Chinese reason for a failed lock creation."""
    if isinstance(problem, PermissionError):
        return "没有写入权限"
    if problem.errno == errno.EROFS:
        return "磁盘是只读的"
    if problem.errno == errno.ENOSPC:
        return "磁盘已满"
    return os_error_reason(problem)


def acquire_lock(project: str | Path, *, replace: LockOwner | None = None) -> LockResult:
    """Lock ``project`` for editing, or report who has it.

    ``replace`` breaks one specific lock (the holder the user agreed to
    override, e.g. after ``can_break``); a newer lock that appeared since is
    still respected.
    """
    path = lock_path_for(project)
    holder: LockOwner | None = None
    replaced: LockOwner | None = None
    last_error: OSError | None = None
    deadline = time.monotonic() + _ACQUIRE_TIMEOUT_S
    while time.monotonic() < deadline:
        owner = _new_owner()
        try:
            _create_exclusively(path, owner)
        except FileExistsError:
            pass
        except PermissionError as problem:
            if sys.platform != "win32":
                return LockResult(LockState.UNAVAILABLE, error=_reason(problem))
            # A read-only folder, a lock Windows is still deleting ("delete pending"),
            # or a folder in the lock's place: look at what is there, or retry.
            last_error = problem
            if not os.path.lexists(path):
                time.sleep(_RETRY_PAUSE_S)
                continue
        except OSError as problem:
            return LockResult(LockState.UNAVAILABLE, error=_reason(problem))
        else:
            _HELD_TOKENS.add(owner.token)
            _remove_save_leftovers(Path(project))
            return LockResult(LockState.ACQUIRED, lock=ProjectLock(Path(project), path, owner), replaced=replaced)
        try:
            found = _read_lock_file(path)
        except _OddLock as odd:
            return LockResult(LockState.UNREADABLE, error=odd.reason)
        if found is None:
            continue  # released just now
        raw, mtime = found
        holder = LockOwner.from_json(raw)
        state = _judge(holder, mtime)
        if state is None:
            time.sleep(_RETRY_PAUSE_S)
            continue
        if replace is not None and holder is not None and holder.token == replace.token:
            state = LockState.STALE
        if state is not LockState.STALE:
            return LockResult(state, holder=holder)
        outcome = _take_over(path, raw)
        if outcome is _Takeover.REMOVED:
            replaced = holder
        elif outcome is _Takeover.BUSY:
            time.sleep(_RETRY_PAUSE_S)
        holder = None  # a stale lock's owner holds nothing: never name it as the holder
    if last_error is not None and not path.exists():
        return LockResult(LockState.UNAVAILABLE, error=_reason(last_error))
    return LockResult(LockState.HELD_HERE, holder=holder)


def _remove_save_leftovers(project: Path) -> None:
    """Delete what killed saves of ``project`` left behind (their temporary files, up to
    tens of MB each): the lock holder is the project's only writer."""
    with contextlib.suppress(OSError):
        if project.is_dir():
            remove_stale_temp_files_in(project)
            remove_stale_temp_files_in(project / ASSETS_FOLDER)
        else:
            remove_stale_temp_files(project)


class ProjectLock:
    """A lock this process holds; release it when the project is closed."""

    def __init__(self, project: Path, path: Path, owner: LockOwner) -> None:
        self.project = project
        self.path = path
        self.owner = owner
        self._released = False

    def still_held(self) -> bool:
        """True while the lock file is still ours (nobody broke it)."""
        try:
            found = _read_lock_file(self.path)
        except _OddLock:
            return False
        if found is None:
            return False
        current = LockOwner.from_json(found[0])
        return current is not None and current.token == self.owner.token

    def refresh(self) -> bool:
        """Touch the lock as a sign of life for other computers; False if we lost it.

        Does file I/O on the project's (possibly network) folder: call it
        off the UI thread.
        """
        if self._released or not self.still_held():
            return False
        try:
            os.utime(self.path)
        except OSError:
            return False
        return True

    def release(self) -> None:
        """Remove the lock if it is still ours. Safe to call twice."""
        if self._released:
            return
        self._released = True
        _HELD_TOKENS.discard(self.owner.token)
        if self.still_held():
            with contextlib.suppress(FileNotFoundError):
                _retry_permission(self.path.unlink)

    def __enter__(self) -> ProjectLock:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.release()

    def __repr__(self) -> str:
        return f"ProjectLock({str(self.project)!r}, pid={self.owner.pid})"
