"""Who this editor is, and the POSIX checks of whether a lock's or recovery slot's owner still runs.

``editor.io.processes`` reads ``/proc/<pid>/stat`` (proc(5): field 3 is the state, field 22
the start time in clock ticks; the command name, field 2, is in parentheses and may itself hold
spaces and parentheses) and asks ``os.kill(pid, 0)`` (kill(2): signal 0 only checks; ESRCH
means no such process, EPERM that it exists but is someone else's). These tests put fakes of
``/proc`` and ``kill`` in their place, so every answer the kernel can give is tried, and check
the loading of ``kernel32`` and the hidden attribute against the Win32 documentation
(``FILE_ATTRIBUTE_HIDDEN`` = 2) with a fake DLL.
"""

from __future__ import annotations

import ctypes
import errno
import getpass
import os
import socket
import subprocess
import sys
import types
from ctypes import wintypes
from pathlib import Path

import pytest

from editor.io import processes

#: 2**31 - 1: the largest pid ``os.kill`` accepts (a C int).
LARGEST_PID = 2_147_483_647


def _stat_line(comm: str, state: str = "S", start_ticks: str = "8675309", fields_after_state: int = 49) -> str:
    """A ``/proc/<pid>/stat`` line: pid, (comm), state, then fields 4.. with field 22 set."""
    rest = [str(n) for n in range(4, 4 + fields_after_state)]
    if len(rest) >= 19:
        rest[18] = start_ticks  # field 22 is the 19th after the state
    return " ".join(["4242", f"({comm})", state, *rest]) + "\n"


class FakeProc:
    """``/proc``: the stat line of each pid it knows; reading any other pid fails as for a dead one."""

    def __init__(self, lines: dict[int, str]) -> None:
        self.lines = lines
        self.read: list[str] = []

    def path(self, name: str) -> FakeProcFile:
        return FakeProcFile(self, name)


class FakeProcFile:
    def __init__(self, proc: FakeProc, name: str) -> None:
        self.proc, self.name = proc, name

    def read_text(self, encoding: str, errors: str) -> str:
        self.proc.read.append(self.name)
        for pid, line in self.proc.lines.items():
            if self.name == f"/proc/{pid}/stat":
                return line
        raise FileNotFoundError(self.name)


@pytest.fixture()
def proc(monkeypatch: pytest.MonkeyPatch):
    """Install a fake ``/proc`` holding the given stat lines (Linux's code path)."""
    monkeypatch.setattr(processes, "sys", types.SimpleNamespace(platform="linux"))

    def install(lines: dict[int, str]) -> FakeProc:
        fake = FakeProc(lines)
        monkeypatch.setattr(processes, "Path", fake.path)
        return fake

    return install


class FakeKill:
    """``os.kill``: raises the given error for every pid, and records what was sent."""

    def __init__(self, error: OSError | None = None) -> None:
        self.error = error
        self.sent: list[tuple[int, int]] = []

    def __call__(self, pid: int, signal: int) -> None:
        self.sent.append((pid, signal))
        if self.error is not None:
            raise self.error


@pytest.fixture()
def kill(monkeypatch: pytest.MonkeyPatch):
    def install(error: OSError | None = None) -> FakeKill:
        fake = FakeKill(error)
        monkeypatch.setattr(processes, "os", types.SimpleNamespace(kill=fake, environ=os.environ))
        return fake

    return install


# ------------------------------------------------------------ this process


def test_the_host_is_the_computers_network_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket, "gethostname", lambda: "PC-编辑部")
    monkeypatch.setenv("COMPUTERNAME", "OTHER")
    assert processes.this_host() == "PC-编辑部"


def test_without_a_network_name_the_host_is_windows_computername(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket, "gethostname", lambda: "")
    monkeypatch.setenv("COMPUTERNAME", "WIN-PC01")
    assert processes.this_host() == "WIN-PC01"


@pytest.mark.parametrize("computername", [None, ""])
def test_a_computer_without_any_name_is_called_unknown(monkeypatch: pytest.MonkeyPatch, computername) -> None:
    monkeypatch.setattr(socket, "gethostname", lambda: "")
    if computername is None:
        monkeypatch.delenv("COMPUTERNAME", raising=False)
    else:
        monkeypatch.setenv("COMPUTERNAME", computername)
    assert processes.this_host() == "unknown"


def test_the_user_is_the_login_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(getpass, "getuser", lambda: "zhangsan")
    assert processes.this_user() == "zhangsan"


@pytest.mark.parametrize("error", [OSError("no login"), KeyError("uid 1000"), ImportError("pwd")])
def test_a_service_without_a_login_name_is_an_unknown_user_in_chinese(monkeypatch: pytest.MonkeyPatch, error) -> None:
    def no_login() -> str:
        raise error

    monkeypatch.setattr(getpass, "getuser", no_login)
    assert processes.this_user() == "未知用户"


@pytest.mark.parametrize(("a", "b", "same"), [
    ("PC-01", "pc-01", True), ("PC-01", "PC-01", True), ("PC-01", "PC-02", False), ("PC-01", "PC-010", False),
    ("STRASSE", "straße", True),  # casefold, not lower: Windows compares names this way
])
def test_computer_names_are_the_same_whatever_their_case(a: str, b: str, same: bool) -> None:
    assert processes.same_host(a, b) is same
    assert processes.same_host(b, a) is same


# ------------------------------------------------------- /proc start time


def test_the_start_time_is_field_22_of_proc_stat(proc) -> None:
    proc({4242: _stat_line("python3", start_ticks="8675309")})
    assert processes.process_start_time(4242) == 8675309


def test_a_command_name_with_spaces_and_parentheses_does_not_shift_the_fields(proc) -> None:
    proc({4242: _stat_line("版面 (2) ) x", start_ticks="123456")})
    assert processes.process_start_time(4242) == 123456
    assert processes.proc_stat_fields(4242)[0] == "S"


def test_a_stat_line_ending_at_field_22_still_gives_the_start_time(proc) -> None:
    proc({4242: _stat_line("python3", start_ticks="777", fields_after_state=19)})
    assert processes.process_start_time(4242) == 777


def test_a_stat_line_cut_before_field_22_gives_no_start_time(proc) -> None:
    proc({4242: _stat_line("python3", fields_after_state=18)})
    assert processes.process_start_time(4242) is None


def test_a_start_time_that_is_not_a_number_is_unknown(proc) -> None:
    proc({4242: _stat_line("python3", start_ticks="soon")})
    assert processes.process_start_time(4242) is None


def test_a_process_without_a_proc_entry_has_no_start_time(proc) -> None:
    fake = proc({})
    assert processes.process_start_time(4242) is None
    assert processes.proc_stat_fields(4242) is None
    assert fake.read == ["/proc/4242/stat", "/proc/4242/stat"]


def test_the_largest_pid_is_still_looked_up(proc) -> None:
    proc({LARGEST_PID: _stat_line("python3", start_ticks="99")})
    assert processes.MAX_PID == LARGEST_PID
    assert processes.process_start_time(LARGEST_PID) == 99


@pytest.mark.parametrize("pid", [0, -1, LARGEST_PID + 1])
def test_an_impossible_pid_has_no_start_time_and_is_not_looked_up(proc, pid: int) -> None:
    fake = proc({pid: _stat_line("python3", start_ticks="99")})
    assert processes.process_start_time(pid) is None
    assert fake.read == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the real /proc of Linux")
def test_a_process_with_a_chinese_name_still_has_its_start_time(tmp_path: Path) -> None:
    named = tmp_path / "版面编辑器"
    named.symlink_to(sys.executable)
    child = subprocess.Popen([str(named), "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    try:
        raw = Path(f"/proc/{child.pid}/stat").read_bytes()
        expected = int(raw[raw.rfind(b")") + 2:].split()[19])
        assert b"\xe7\x89\x88" in raw  # the kernel keeps the name's UTF-8 bytes ("版")
        assert processes.process_start_time(child.pid) == expected
        assert processes.process_is_running(child.pid, expected) is True
    finally:
        child.stdin.close()
        child.wait(timeout=60)


# ----------------------------------------------------------- kill(pid, 0)


def test_a_process_that_answers_kill_0_is_running_and_is_sent_no_signal(proc, kill) -> None:
    proc({4242: _stat_line("python3", state="S")})
    fake = kill()
    assert processes.process_is_running(4242) is True
    assert fake.sent == [(4242, 0)]


def test_a_process_that_no_longer_exists_is_not_running(proc, kill) -> None:
    proc({})
    kill(ProcessLookupError(errno.ESRCH, "No such process"))
    assert processes.process_is_running(4242) is False


def test_another_users_process_is_running(proc, kill) -> None:
    proc({})
    kill(PermissionError(errno.EPERM, "Operation not permitted"))
    assert processes.process_is_running(4242) is True


@pytest.mark.parametrize(("code", "running"), [(errno.EPERM, True), (errno.EINVAL, False), (errno.ESRCH, False)])
def test_a_plain_os_error_from_kill_counts_as_running_only_for_eperm(proc, kill, code: int, running: bool) -> None:
    proc({})
    kill(OSError(code, os.strerror(code)))
    assert processes.process_is_running(4242) is running


@pytest.mark.parametrize(("state", "running"), [("R", True), ("S", True), ("D", True), ("T", True),
                                                ("Z", False), ("X", False)])
def test_a_zombie_or_dead_process_is_not_running(proc, kill, state: str, running: bool) -> None:
    proc({4242: _stat_line("python3", state=state)})
    kill()
    assert processes.process_is_running(4242) is running


def test_without_proc_a_process_that_answers_kill_0_is_running(proc, kill) -> None:
    proc({})
    kill()
    assert processes.process_is_running(4242) is True


def test_a_running_process_that_started_at_the_recorded_time_is_the_same_process(proc, kill) -> None:
    proc({4242: _stat_line("python3", start_ticks="5000")})
    kill()
    assert processes.process_is_running(4242, started=5000) is True
    assert processes.process_is_running(4242, started=5001) is False
    assert processes.process_is_running(4242, started=None) is True


def test_a_reused_pid_of_a_process_without_a_known_start_time_is_given_the_benefit_of_the_doubt(proc, kill) -> None:
    proc({4242: _stat_line("python3", fields_after_state=10)})
    kill()
    assert processes.process_is_running(4242, started=5000) is True


def test_a_dead_process_is_not_running_whatever_its_start_time(proc, kill) -> None:
    proc({4242: _stat_line("python3", state="Z", start_ticks="5000")})
    kill()
    assert processes.process_is_running(4242, started=5000) is False


def test_the_largest_pid_is_asked_about(proc, kill) -> None:
    proc({})
    fake = kill()
    assert processes.process_is_running(LARGEST_PID) is True
    assert fake.sent == [(LARGEST_PID, 0)]


@pytest.mark.parametrize("pid", [0, -1, LARGEST_PID + 1])
def test_an_impossible_pid_is_never_sent_kill(proc, kill, pid: int) -> None:
    proc({})
    fake = kill()
    assert processes.process_is_running(pid) is False
    assert processes.process_is_running(pid, started=1) is False
    assert fake.sent == []


# ------------------------------------------------------------ Windows parts


class FakeWinDLL:
    """``ctypes.WinDLL``: remembers how it was loaded; its functions are plain attribute holders."""

    loaded: list[tuple[str, bool]] = []

    def __init__(self, name: str, use_last_error: bool = False) -> None:
        FakeWinDLL.loaded.append((name, use_last_error))
        for function in ("OpenProcess", "GetExitCodeProcess", "GetProcessTimes", "CloseHandle",
                         "SetFileAttributesW"):
            setattr(self, function, types.SimpleNamespace(argtypes=None, restype=None))


@pytest.fixture()
def fake_windll(monkeypatch: pytest.MonkeyPatch):
    FakeWinDLL.loaded = []
    monkeypatch.setattr(ctypes, "WinDLL", FakeWinDLL, raising=False)
    processes._kernel32.cache_clear()
    yield FakeWinDLL
    processes._kernel32.cache_clear()


def test_kernel32_is_loaded_once_keeping_the_last_error(fake_windll) -> None:
    first = processes._kernel32()
    assert processes._kernel32() is first
    assert fake_windll.loaded == [("kernel32", True)]


def test_kernel32_functions_have_the_documented_prototypes_with_pointer_sized_handles(fake_windll) -> None:
    kernel32 = processes._kernel32()
    filetime = ctypes.POINTER(wintypes.FILETIME)
    assert kernel32.OpenProcess.argtypes == (wintypes.DWORD, wintypes.BOOL, wintypes.DWORD)
    assert kernel32.OpenProcess.restype is wintypes.HANDLE
    assert kernel32.GetExitCodeProcess.argtypes == (wintypes.HANDLE, ctypes.POINTER(wintypes.DWORD))
    assert kernel32.GetExitCodeProcess.restype is wintypes.BOOL
    assert kernel32.GetProcessTimes.argtypes == (wintypes.HANDLE, filetime, filetime, filetime, filetime)
    assert kernel32.GetProcessTimes.restype is wintypes.BOOL
    assert kernel32.CloseHandle.argtypes == (wintypes.HANDLE,)
    assert kernel32.CloseHandle.restype is wintypes.BOOL
    assert kernel32.SetFileAttributesW.argtypes == (wintypes.LPCWSTR, wintypes.DWORD)
    assert kernel32.SetFileAttributesW.restype is wintypes.BOOL


class AttributeRecorder:
    def __init__(self, fails: bool = False) -> None:
        self.calls: list[tuple[str, int]] = []
        self.fails = fails

    def SetFileAttributesW(self, path: str, attributes: int) -> int:  # noqa: N802 - the Win32 name
        self.calls.append((path, attributes))
        if self.fails:
            raise OSError("access denied")
        return 1


def test_a_lock_file_on_windows_gets_the_hidden_attribute(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    recorder = AttributeRecorder()
    monkeypatch.setattr(processes, "sys", types.SimpleNamespace(platform="win32"))
    monkeypatch.setattr(processes, "_kernel32", lambda: recorder)
    processes.hide_file_on_windows(tmp_path / ".~lock.第28期.banmian#")
    assert recorder.calls == [(str(tmp_path / ".~lock.第28期.banmian#"), 2)]


def test_a_lock_file_that_cannot_be_hidden_is_left_visible_without_an_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    recorder = AttributeRecorder(fails=True)
    monkeypatch.setattr(processes, "sys", types.SimpleNamespace(platform="win32"))
    monkeypatch.setattr(processes, "_kernel32", lambda: recorder)
    processes.hide_file_on_windows(tmp_path / "x")
    assert len(recorder.calls) == 1


def test_elsewhere_than_windows_no_file_is_hidden(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    recorder = AttributeRecorder()
    monkeypatch.setattr(processes, "sys", types.SimpleNamespace(platform="linux"))
    monkeypatch.setattr(processes, "_kernel32", lambda: recorder)
    processes.hide_file_on_windows(tmp_path / "x")
    assert recorder.calls == []
