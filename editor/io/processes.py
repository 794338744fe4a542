"""Who and where this editor runs, and whether another process is still running.

The lock file (``editor.io.lockfile``) and the recovery data
(``editor.io.recovery``) both record a user, a computer and a process, and
later decide whether that process is still alive: a crashed editor's lock
or recovery slot is stale. These checks are the platform-specific part
(``/proc`` and ``os.kill`` on POSIX, ``kernel32`` through ``ctypes`` on
Windows), kept apart from the rules that use them.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import getpass
import os
import socket
import sys
from pathlib import Path
from typing import Any

#: Process ids beyond this are not real (``os.kill`` would overflow on them).
MAX_PID = 0x7FFFFFFF

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
    if not 0 < pid <= MAX_PID:
        return None
    if sys.platform == "win32":
        return _win_process_start_time(pid)
    stat = proc_stat_fields(pid)
    if stat is None or len(stat) < 20:
        return None
    try:
        return int(stat[19])
    except ValueError:
        return None


def process_is_running(pid: int, started: int | None = None) -> bool:
    """Whether process ``pid`` is running — and, if ``started`` is given and the
    current start time is known, whether it is still the process that started then."""
    if not 0 < pid <= MAX_PID:
        return False
    if sys.platform == "win32":
        alive = _win_process_alive(pid)
    else:
        alive = _posix_process_alive(pid)
    if not alive or started is None:
        return alive
    current = process_start_time(pid)
    return current is None or current == started


def proc_stat_fields(pid: int) -> list[str] | None:
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
    stat = proc_stat_fields(pid)
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


def hide_file_on_windows(path: Path) -> None:
    """Give a file Windows' *hidden* attribute, as Word and LibreOffice do for lock files (cosmetic)."""
    if sys.platform != "win32":
        return
    with contextlib.suppress(Exception):
        _kernel32().SetFileAttributesW(str(path), 0x2)  # FILE_ATTRIBUTE_HIDDEN
