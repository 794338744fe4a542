"""What taking a lock cleans up, and how it rides out Windows' refusals.

The editor that takes a project's lock is its only writer, so it deletes the temporary files
that killed saves left (older than two minutes; a younger one may be another program's save
under way). On Windows a lock file being deleted ("delete pending") or opened by a reader
refuses to be created or deleted for a moment: creating is retried until the 10-second limit,
deleting for 20 pauses of 50 ms. Clocks and refusals are faked here; the files are real.
"""

from __future__ import annotations

import os
import time
import types
from pathlib import Path

import pytest

from editor.io import lockfile
from editor.io.lockfile import LockState, acquire_lock, lock_path_for

OLD_S = time.time() - 3600


class FakeClock:
    """Real wall time; monotonic time moves only by the pauses taken (and a millisecond a look)."""

    def __init__(self) -> None:
        self.paused_s: list[float] = []
        self.monotonic_s = 0.0

    def sleep(self, seconds: float) -> None:
        self.paused_s.append(seconds)
        self.monotonic_s += seconds

    def monotonic(self) -> float:
        self.monotonic_s += 0.001
        return self.monotonic_s


@pytest.fixture()
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    fake = FakeClock()
    monkeypatch.setattr(lockfile, "time", types.SimpleNamespace(time=time.time, sleep=fake.sleep,
                                                                monotonic=fake.monotonic))
    return fake


def _temp(path: Path, age_s: float | None) -> Path:
    path.write_bytes(b"half of a save")
    if age_s is not None:
        moment = time.time() - age_s
        os.utime(path, (moment, moment))
    return path


# ------------------------------------------------------------ leftovers of killed saves


def test_taking_a_zip_projects_lock_deletes_its_old_temporary_files_only(tmp_path: Path) -> None:
    project = tmp_path / "第28期.banmian"
    project.write_bytes(b"stand-in project")
    old = _temp(tmp_path / ".第28期.banmian.0123456789ab.tmp", 3600)
    fresh = _temp(tmp_path / ".第28期.banmian.ba9876543210.tmp", None)
    other = _temp(tmp_path / ".第29期.banmian.0123456789ab.tmp", 3600)
    result = acquire_lock(project)
    assert (old.exists(), fresh.exists(), other.exists()) == (False, True, True)
    result.lock.release()


def test_taking_a_folder_projects_lock_deletes_old_temporary_files_in_it_and_its_assets(tmp_path: Path) -> None:
    project = tmp_path / "第28期"
    (project / "assets").mkdir(parents=True)
    (project / "document.json").write_bytes(b"{}")
    old_document = _temp(project / ".document.json.0123456789ab.tmp", 3600)
    old_photo = _temp(project / "assets" / ".0123456789abcdef.jpg.0123456789ab.tmp", 3600)
    fresh_photo = _temp(project / "assets" / ".fedcba9876543210.jpg.0123456789ab.tmp", None)
    result = acquire_lock(project)
    assert (old_document.exists(), old_photo.exists(), fresh_photo.exists()) == (False, False, True)
    result.lock.release()


def test_a_lock_not_taken_deletes_nothing(tmp_path: Path) -> None:
    project = tmp_path / "第28期.banmian"
    project.write_bytes(b"stand-in project")
    first = acquire_lock(project)
    old = _temp(tmp_path / ".第28期.banmian.0123456789ab.tmp", 3600)
    assert acquire_lock(project).state is LockState.HELD_HERE
    assert old.exists()
    first.lock.release()


# ------------------------------------------------------------ Windows' refusals


def _refuse_creating(monkeypatch: pytest.MonkeyPatch, lock: Path, times: int | None) -> list[int]:
    """``os.open`` of the lock refused with "access denied" ``times`` times (None: always)."""
    real_open = os.open
    refused: list[int] = []

    def open_or_refuse(path, *args, **kwargs):
        if Path(path) == lock and (times is None or len(refused) < times):
            refused.append(1)
            raise PermissionError(13, "Access is denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(lockfile.os, "open", open_or_refuse)
    return refused


@pytest.fixture()
def windows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lockfile, "sys", types.SimpleNamespace(platform="win32"))


def test_on_windows_a_lock_refused_for_a_moment_is_created_on_a_later_try(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: FakeClock, windows: None
) -> None:
    project = tmp_path / "第28期.banmian"
    project.write_bytes(b"stand-in project")
    refused = _refuse_creating(monkeypatch, lock_path_for(project), 3)
    result = acquire_lock(project)
    assert (result.state, len(refused), clock.paused_s) == (LockState.ACQUIRED, 3, [0.05, 0.05, 0.05])
    monkeypatch.undo()
    result.lock.release()


def test_on_windows_a_folder_that_always_refuses_is_reported_after_ten_seconds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: FakeClock, windows: None
) -> None:
    project = tmp_path / "第28期.banmian"
    project.write_bytes(b"stand-in project")
    _refuse_creating(monkeypatch, lock_path_for(project), None)
    result = acquire_lock(project)
    assert (result.state, result.error, result.lock) == (LockState.UNAVAILABLE, "没有写入权限", None)
    assert 10.0 <= clock.monotonic_s <= 10.1


def test_on_windows_a_folder_in_the_locks_place_is_an_unreadable_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: FakeClock, windows: None
) -> None:
    project = tmp_path / "第28期.banmian"
    project.write_bytes(b"stand-in project")
    lock_path_for(project).mkdir()
    _refuse_creating(monkeypatch, lock_path_for(project), None)
    result = acquire_lock(project)
    assert (result.state, result.error) == (LockState.UNREADABLE, "它不是普通文件，而是文件夹或设备")
    assert clock.paused_s == []


def test_elsewhere_a_refused_lock_is_reported_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      clock: FakeClock) -> None:
    project = tmp_path / "第28期.banmian"
    project.write_bytes(b"stand-in project")
    refused = _refuse_creating(monkeypatch, lock_path_for(project), None)
    result = acquire_lock(project)
    assert (result.state, result.error, len(refused), clock.paused_s) == (
        LockState.UNAVAILABLE, "没有写入权限", 1, [])


def test_releasing_a_lock_a_reader_holds_open_retries_the_delete(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                  clock: FakeClock) -> None:
    project = tmp_path / "第28期.banmian"
    project.write_bytes(b"stand-in project")
    lock = acquire_lock(project).lock
    real_unlink = Path.unlink
    refusals = [1, 1, 1]

    def unlink_refused_while_read(self: Path, missing_ok: bool = False) -> None:
        if self == lock.path and refusals:
            refusals.pop()
            raise PermissionError(13, "being read")
        real_unlink(self, missing_ok)

    monkeypatch.setattr(Path, "unlink", unlink_refused_while_read)
    lock.release()
    assert not lock.path.exists()
    assert clock.paused_s == [0.05, 0.05, 0.05]


def test_a_lock_that_stays_undeletable_for_twenty_tries_gives_up_with_the_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: FakeClock
) -> None:
    project = tmp_path / "第28期.banmian"
    project.write_bytes(b"stand-in project")
    lock = acquire_lock(project).lock
    real_unlink = Path.unlink
    tries: list[int] = []

    def unlink_always_refused(self: Path, missing_ok: bool = False) -> None:
        if self == lock.path:
            tries.append(1)
            raise PermissionError(13, "being read")
        real_unlink(self, missing_ok)

    monkeypatch.setattr(Path, "unlink", unlink_always_refused)
    with pytest.raises(PermissionError):
        lock.release()
    assert (len(tries), len(clock.paused_s)) == (20, 19)
    monkeypatch.undo()
    lock.path.unlink()
