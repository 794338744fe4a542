"""The Windows process checks that decide whether a lock's or recovery slot's owner still runs.

``editor.io.processes`` asks ``kernel32`` on Windows; these tests run anywhere by putting a
fake ``kernel32`` in its place. The fake's functions are real ctypes callbacks with the
prototypes the Win32 documentation gives (``OpenProcess(DWORD, BOOL, DWORD) -> HANDLE``,
``GetExitCodeProcess(HANDLE, LPDWORD)``, ``GetProcessTimes(HANDLE, 4 × LPFILETIME)``), so a
call with a wrong argument fails as it would on Windows. The expected values are the
documented constants (``STILL_ACTIVE`` = 259, ``ERROR_ACCESS_DENIED`` = 5,
``PROCESS_QUERY_LIMITED_INFORMATION`` = 0x1000) and FILETIMEs written out here.
"""

from __future__ import annotations

import ctypes
import types
from ctypes import wintypes
from dataclasses import dataclass, field

import pytest

from editor.io import processes

STILL_ACTIVE = 259
ERROR_ACCESS_DENIED = 5
ERROR_INVALID_PARAMETER = 87
PROCESS_QUERY_LIMITED_INFORMATION = 0x1000
HANDLE_VALUE = 0x1234

_OPEN_PROCESS = ctypes.CFUNCTYPE(wintypes.HANDLE, wintypes.DWORD, wintypes.BOOL, wintypes.DWORD)
_GET_EXIT_CODE = ctypes.CFUNCTYPE(wintypes.BOOL, wintypes.HANDLE, ctypes.POINTER(wintypes.DWORD))
_LP_FILETIME = ctypes.POINTER(wintypes.FILETIME)
_GET_TIMES = ctypes.CFUNCTYPE(wintypes.BOOL, wintypes.HANDLE, *(_LP_FILETIME,) * 4)
_CLOSE_HANDLE = ctypes.CFUNCTYPE(wintypes.BOOL, wintypes.HANDLE)


@dataclass
class FakeKernel32:
    """What Windows would answer about one process, and a record of what was asked."""

    opens: bool = True
    last_error: int = 0
    exit_code: int | None = STILL_ACTIVE  # None: GetExitCodeProcess fails
    created: tuple[int, int] | None = (0, 0)  # (high, low) FILETIME words; None: GetProcessTimes fails
    opened: list[tuple[int, bool, int]] = field(default_factory=list)
    closed: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        # Kept on the instance: a callback must outlive every call made through it. A ctypes
        # prototype accepts extra arguments (as C varargs), so each is called through a
        # function taking exactly the documented ones.
        open_process = _OPEN_PROCESS(self._open_process)
        get_exit_code = _GET_EXIT_CODE(self._get_exit_code)
        get_times = _GET_TIMES(self._get_times)
        close_handle = _CLOSE_HANDLE(self._close_handle)
        self.OpenProcess = lambda access, inherit, pid: open_process(access, inherit, pid)
        self.GetExitCodeProcess = lambda handle, code: get_exit_code(handle, code)
        self.GetProcessTimes = lambda handle, creation, exit_time, kernel, user: get_times(
            handle, creation, exit_time, kernel, user)
        self.CloseHandle = lambda handle: close_handle(handle)

    def _open_process(self, access: int, inherit: int, pid: int) -> int | None:
        self.opened.append((access, bool(inherit), pid))
        return HANDLE_VALUE if self.opens else None

    def _get_exit_code(self, handle: int, code) -> bool:
        if self.exit_code is None:
            return False
        code.contents.value = self.exit_code
        return True

    def _get_times(self, handle: int, creation, exit_time, kernel, user) -> bool:
        if self.created is None:
            return False
        creation.contents.dwHighDateTime, creation.contents.dwLowDateTime = self.created
        exit_time.contents.dwHighDateTime = exit_time.contents.dwLowDateTime = 0xFFFF
        return True

    def _close_handle(self, handle: int) -> bool:
        self.closed.append(handle)
        return True


@pytest.fixture()
def windows(monkeypatch: pytest.MonkeyPatch):
    """Pretend to be on Windows with a fake kernel32; returns a function installing one."""
    monkeypatch.setattr(processes, "sys", types.SimpleNamespace(platform="win32"))

    def install(kernel32: FakeKernel32) -> FakeKernel32:
        monkeypatch.setattr(processes, "_kernel32", lambda: kernel32)
        monkeypatch.setattr(ctypes, "get_last_error", lambda: kernel32.last_error, raising=False)
        return kernel32

    return install


def test_a_windows_process_that_has_not_exited_is_running(windows):
    kernel32 = windows(FakeKernel32(exit_code=STILL_ACTIVE))
    assert processes.process_is_running(4242) is True
    assert kernel32.opened == [(PROCESS_QUERY_LIMITED_INFORMATION, False, 4242)]
    assert kernel32.closed == [HANDLE_VALUE]


def test_a_windows_process_that_exited_is_not_running(windows):
    kernel32 = windows(FakeKernel32(exit_code=0))
    assert processes.process_is_running(4242) is False
    assert kernel32.closed == [HANDLE_VALUE]


def test_a_windows_process_whose_exit_code_cannot_be_read_counts_as_running(windows):
    windows(FakeKernel32(exit_code=None))
    assert processes.process_is_running(4242) is True


def test_a_windows_process_another_user_owns_counts_as_running(windows):
    windows(FakeKernel32(opens=False, last_error=ERROR_ACCESS_DENIED))
    assert processes.process_is_running(4242) is True


def test_a_windows_process_that_cannot_be_opened_for_another_reason_is_not_running(windows):
    kernel32 = windows(FakeKernel32(opens=False, last_error=ERROR_INVALID_PARAMETER))
    assert processes.process_is_running(4242) is False
    assert kernel32.closed == []


def test_a_windows_start_time_is_the_creation_filetime_as_one_number(windows):
    kernel32 = windows(FakeKernel32(created=(0x01DA2B3C, 0x89ABCDEF)))
    assert processes.process_start_time(4242) == 0x01DA2B3C_89ABCDEF
    assert kernel32.opened == [(PROCESS_QUERY_LIMITED_INFORMATION, False, 4242)]
    assert kernel32.closed == [HANDLE_VALUE]


def test_a_windows_start_time_is_unknown_when_the_process_cannot_be_opened(windows):
    windows(FakeKernel32(opens=False, last_error=ERROR_ACCESS_DENIED))
    assert processes.process_start_time(4242) is None


def test_a_windows_start_time_is_unknown_when_its_times_cannot_be_read(windows):
    kernel32 = windows(FakeKernel32(created=None))
    assert processes.process_start_time(4242) is None
    assert kernel32.closed == [HANDLE_VALUE]


def test_a_reused_windows_pid_is_not_the_process_that_started_before(windows):
    windows(FakeKernel32(exit_code=STILL_ACTIVE, created=(1, 2)))
    assert processes.process_is_running(4242, started=(1 << 32) | 2) is True
    assert processes.process_is_running(4242, started=(1 << 32) | 3) is False


@pytest.mark.parametrize("pid", [0, -1, processes.MAX_PID + 1])
def test_an_impossible_pid_is_never_asked_about_on_windows(windows, pid):
    kernel32 = windows(FakeKernel32())
    assert processes.process_is_running(pid) is False
    assert processes.process_start_time(pid) is None
    assert kernel32.opened == []
