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
* Taking over a stale lock renames it to a unique name first and checks
  that what was renamed is exactly the stale lock that was judged, so two
  editors taking over the same stale lock cannot both end up owning it.

Pure Python, no Qt and no new dependencies: process checks use
``os.kill(pid, 0)`` on POSIX and ``ctypes`` on Windows.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import getpass
import json
import os
import secrets
import socket
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

import editor

#: A lock from another computer older than this (since its last refresh) may be broken by the user.
FOREIGN_LOCK_MAX_AGE_S = 12 * 60 * 60
#: How often the owner should refresh its lock (well inside the limit above).
LOCK_REFRESH_INTERVAL_S = 10 * 60
#: An unreadable lock younger than this is probably being written right now.
_WRITING_GRACE_S = 30.0
_ACQUIRE_ATTEMPTS = 20
_RETRY_PAUSE_S = 0.05
#: Lock files are tiny; anything bigger is not ours and is read no further.
_MAX_LOCK_BYTES = 64 * 1024
_LOCK_PREFIX = ".~lock."
_LOCK_SUFFIX = "#"

#: Tokens of the locks this process holds: a lock carrying our own pid is
#: live only if it is one of these (otherwise an earlier process had our pid).
_HELD_TOKENS: set[str] = set()

_T = TypeVar("_T")


# ------------------------------------------------------------ this process


def this_host() -> str:
    """This computer's name, as written into locks and recovery data."""
    return socket.gethostname() or os.environ.get("COMPUTERNAME", "") or "unknown"


def this_user() -> str:
    """The login name (never raises: some services run without one)."""
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - getpass raises OSError, KeyError or ImportError by platform
        return "未知用户"


def same_host(a: str, b: str) -> bool:
    """Computer names compare without case (Windows names are case-insensitive)."""
    return a.casefold() == b.casefold()


# ------------------------------------------------------- process liveness


def process_start_time(pid: int) -> int | None:
    """An opaque number that changes when ``pid`` is reused, or None if not cheaply known.

    Linux: the start time in clock ticks after boot (``/proc/<pid>/stat``
    field 22). Windows: the creation time in 100 ns units (``GetProcessTimes``).
    """
    if pid <= 0:
        return None
    if sys.platform == "win32":
        return _win_process_start_time(pid)
    stat = _proc_stat_fields(pid)
    if stat is None or len(stat) < 20:
        return None
    try:
        return int(stat[19])
    except ValueError:
        return None


def process_is_running(pid: int, started: int | None = None) -> bool:
    """Whether process ``pid`` is running — and, if ``started`` is given and the
    current start time is known, whether it is still the process that started then."""
    if pid <= 0:
        return False
    if sys.platform == "win32":
        alive = _win_process_alive(pid)
    else:
        alive = _posix_process_alive(pid)
    if not alive or started is None:
        return alive
    current = process_start_time(pid)
    return current is None or current == started


def _proc_stat_fields(pid: int) -> list[str] | None:
    """``/proc/<pid>/stat`` after the command name (which may hold spaces and parentheses)."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    return raw[raw.rfind(")") + 2:].split()


def _posix_process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, it just belongs to someone else
    except OSError as problem:
        return problem.errno == errno.EPERM
    stat = _proc_stat_fields(pid)
    # A killed child nobody has reaped yet is a zombie: it still answers kill(0) but is dead.
    return not (stat and stat[0] in ("Z", "X"))


_PROCESS_QUERY_LIMITED_INFORMATION = 0x1000
_STILL_ACTIVE = 259
_ERROR_ACCESS_DENIED = 5


@functools.cache
def _kernel32() -> Any:
    """kernel32 with pointer-sized handles declared (64-bit handles would be truncated otherwise)."""
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.OpenProcess.argtypes = (wintypes.DWORD, wintypes.BOOL, wintypes.DWORD)
    kernel32.OpenProcess.restype = wintypes.HANDLE
    kernel32.GetExitCodeProcess.argtypes = (wintypes.HANDLE, ctypes.POINTER(wintypes.DWORD))
    kernel32.GetExitCodeProcess.restype = wintypes.BOOL
    kernel32.GetProcessTimes.argtypes = (wintypes.HANDLE,) + (ctypes.POINTER(wintypes.FILETIME),) * 4
    kernel32.GetProcessTimes.restype = wintypes.BOOL
    kernel32.CloseHandle.argtypes = (wintypes.HANDLE,)
    kernel32.CloseHandle.restype = wintypes.BOOL
    kernel32.SetFileAttributesW.argtypes = (wintypes.LPCWSTR, wintypes.DWORD)
    kernel32.SetFileAttributesW.restype = wintypes.BOOL
    return kernel32


def _win_process_alive(pid: int) -> bool:
    import ctypes
    from ctypes import wintypes

    kernel32 = _kernel32()
    handle = kernel32.OpenProcess(_PROCESS_QUERY_LIMITED_INFORMATION, False, pid)
    if not handle:
        # Access denied means the process exists (another user's, or elevated).
        return ctypes.get_last_error() == _ERROR_ACCESS_DENIED
    try:
        code = wintypes.DWORD()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True  # cannot tell: trusting the lock is the safe side
        return code.value == _STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


def _win_process_start_time(pid: int) -> int | None:
    import ctypes
    from ctypes import wintypes

    kernel32 = _kernel32()
    handle = kernel32.OpenProcess(_PROCESS_QUERY_LIMITED_INFORMATION, False, pid)
    if not handle:
        return None
    try:
        times = [wintypes.FILETIME() for _ in range(4)]
        if not kernel32.GetProcessTimes(handle, *(ctypes.byref(t) for t in times)):
            return None
        created = times[0]
        return (created.dwHighDateTime << 32) | created.dwLowDateTime
    finally:
        kernel32.CloseHandle(handle)


def _hide_on_windows(path: Path) -> None:
    """Give the lock Windows' *hidden* attribute, as Word and LibreOffice do (cosmetic)."""
    if sys.platform != "win32":
        return
    with contextlib.suppress(Exception):
        _kernel32().SetFileAttributesW(str(path), 0x2)  # FILE_ATTRIBUTE_HIDDEN


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
        """The owner, or None if ``raw`` is not a complete lock (half written, damaged, foreign)."""
        try:
            data = json.loads(raw.decode("utf-8"))
            started = data.get("process_started")
            owner = cls(
                user=str(data["user"]), host=str(data["host"]), pid=int(data["pid"]),
                process_started=int(started) if started is not None else None,
                opened_at=datetime.fromisoformat(str(data["opened_at"])),
                app_version=str(data.get("app_version", "")), token=str(data["token"]),
            )
        except (ValueError, TypeError, KeyError, AttributeError, UnicodeDecodeError):
            return None
        if owner.opened_at.tzinfo is None:
            owner = _replace_opened_at(owner, owner.opened_at.astimezone())
        return owner

    def who(self) -> str:
        """``张三（电脑 PC-01）`` for messages."""
        return f"{self.user}（电脑 {self.host}）"


def _replace_opened_at(owner: LockOwner, opened_at: datetime) -> LockOwner:
    return LockOwner(owner.user, owner.host, owner.pid, owner.process_started, opened_at,
                     owner.app_version, owner.token)


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


@dataclass(frozen=True)
class LockCheck:
    """A look at an existing lock without changing anything."""

    state: LockState
    holder: LockOwner | None


def lock_path_for(project: str | Path) -> Path:
    """``.~lock.<name>#`` in the project's folder (for a zip or a folder project alike)."""
    project = Path(project)
    return project.with_name(f"{_LOCK_PREFIX}{project.name}{_LOCK_SUFFIX}")


def _read_lock_file(path: Path) -> tuple[bytes, float] | None:
    """The lock's bytes and modification time; None if there is no lock."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(_MAX_LOCK_BYTES)
            mtime = os.fstat(handle.fileno()).st_mtime
    except FileNotFoundError:
        return None
    return raw, mtime


def _judge(owner: LockOwner | None, mtime: float) -> LockState | None:
    """Whether a lock is live, old or stale; None means "being written, look again"."""
    now = time.time()
    if owner is None:
        return None if now - mtime < _WRITING_GRACE_S else LockState.STALE
    if not same_host(owner.host, this_host()):
        age_s = now - max(mtime, owner.opened_at.timestamp())
        return LockState.HELD_ELSEWHERE if age_s <= FOREIGN_LOCK_MAX_AGE_S else LockState.HELD_ELSEWHERE_OLD
    if owner.pid == os.getpid():
        return LockState.HELD_HERE if owner.token in _HELD_TOKENS else LockState.STALE
    return LockState.HELD_HERE if process_is_running(owner.pid, owner.process_started) else LockState.STALE


def inspect_lock(project: str | Path) -> LockCheck:
    """What ``acquire_lock`` would find, without taking or changing anything."""
    path = lock_path_for(project)
    for _ in range(_ACQUIRE_ATTEMPTS):
        found = _read_lock_file(path)
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


def _put_back(moved: Path, path: Path) -> None:
    """Return a lock renamed away by mistake to its place, never over a newer lock."""
    if sys.platform == "win32":
        with contextlib.suppress(FileExistsError, FileNotFoundError):
            _retry_permission(lambda: os.rename(moved, path))  # never replaces on Windows
        return
    try:
        os.link(moved, path)  # fails if a lock has appeared meanwhile
    except FileExistsError:
        pass
    except OSError:
        if not path.exists():  # no hard links on this file system: second best
            os.rename(moved, path)


def _take_over(path: Path, judged: bytes) -> bool:
    """Remove the stale lock whose bytes were ``judged``; False if it had changed meanwhile."""
    moved = path.with_name(f"{path.name}.{secrets.token_hex(6)}.stale")
    try:
        _retry_permission(lambda: os.rename(path, moved))
    except FileNotFoundError:
        return False  # another editor took it over first
    try:
        if moved.read_bytes() == judged:
            return True
        _put_back(moved, path)  # we moved a fresh lock that replaced the stale one
        return False
    finally:
        with contextlib.suppress(OSError):
            moved.unlink()


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
    _hide_on_windows(path)


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
    #: Why the lock could not be created (UNAVAILABLE).
    error: str | None = None

    @property
    def read_only(self) -> bool:
        """Open the project read-only: someone else is (or may be) editing it."""
        return self.state in (LockState.HELD_HERE, LockState.HELD_ELSEWHERE, LockState.HELD_ELSEWHERE_OLD)

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
    since = holder.opened_at.astimezone().strftime("%Y-%m-%d %H:%M")
    if state is LockState.HELD_HERE and holder.user == this_user():
        return f"已由 {holder.who()}在另一个版面窗口中打开（自 {since} 起）"
    return f"正被 {holder.who()}编辑（自 {since} 起）"


def lock_message(result: LockResult, project: str | Path | None = None) -> str | None:
    """The warning shown when a project could not be locked for editing."""
    holder = result.holder
    if result.state is LockState.UNAVAILABLE:
        where = f"“{Path(project).parent}”" if project is not None else "项目所在文件夹"
        return (f"无法在{where}中创建锁文件（{result.error or '没有写入权限'}），"
                "其他人可能同时在编辑此项目，保存前请确认。")
    if not result.read_only:
        return None
    if result.state is LockState.HELD_ELSEWHERE_OLD and holder is not None:
        since = holder.opened_at.astimezone().strftime("%Y-%m-%d %H:%M")
        hours = FOREIGN_LOCK_MAX_AGE_S // 3600
        return (f"此项目被 {holder.who()}锁定（自 {since} 起），但已超过 {hours} 小时没有更新，"
                "可能是对方的版面异常退出。已以只读方式打开；如果确认没有人在编辑，可以解除锁定。")
    return f"此项目{holder_clause(result.state, holder)}，已以只读方式打开。"


def save_refusal(result: LockResult, project: str | Path) -> str:
    """Why a project someone else holds cannot be saved over, and what to do instead."""
    name = Path(project).name
    return (f"不能保存到“{name}”：此文件{holder_clause(result.state, result.holder)}。"
            "为免互相覆盖，请用“另存为”换一个文件名保存。")


def _reason(problem: OSError) -> str:
    """A short Chinese reason for a failed lock creation."""
    if isinstance(problem, PermissionError):
        return "没有写入权限"
    if problem.errno == errno.EROFS:
        return "磁盘是只读的"
    if problem.errno == errno.ENOSPC:
        return "磁盘已满"
    return problem.strerror or str(problem)


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
    for _ in range(_ACQUIRE_ATTEMPTS):
        owner = _new_owner()
        try:
            _create_exclusively(path, owner)
        except FileExistsError:
            pass
        except PermissionError as problem:
            if sys.platform != "win32":
                return LockResult(LockState.UNAVAILABLE, error=_reason(problem))
            # A read-only folder — or a lock Windows is still deleting ("delete pending"): retry first.
            last_error = problem
            time.sleep(_RETRY_PAUSE_S)
            continue
        except OSError as problem:
            return LockResult(LockState.UNAVAILABLE, error=_reason(problem))
        else:
            _HELD_TOKENS.add(owner.token)
            return LockResult(LockState.ACQUIRED, lock=ProjectLock(Path(project), path, owner), replaced=replaced)
        found = _read_lock_file(path)
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
        if _take_over(path, raw):
            replaced = holder
    if last_error is not None and not path.exists():
        return LockResult(LockState.UNAVAILABLE, error=_reason(last_error))
    return LockResult(LockState.HELD_HERE, holder=holder)


class ProjectLock:
    """A lock this process holds; release it when the project is closed."""

    def __init__(self, project: Path, path: Path, owner: LockOwner) -> None:
        self.project = project
        self.path = path
        self.owner = owner
        self._released = False

    def still_held(self) -> bool:
        """True while the lock file is still ours (nobody broke it)."""
        found = _read_lock_file(self.path)
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
