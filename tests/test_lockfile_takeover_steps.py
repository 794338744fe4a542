"""Each step of taking over a stale lock, with the answers a shared Windows folder can give.

Only the editor that creates the takeover guard may delete a stale lock, and only while the lock
still holds the bytes it judged; after deleting, it keeps the guard until the name is really
free (Windows' "delete pending" shows a deleted file for a while). Reads of the lock are
scripted here (a file, gone, "access denied", a disk error); every other file is real, and the
clock moves only by the pauses taken, so the 10-second limit passes at once.
"""

from __future__ import annotations

import errno
import hashlib
import os
import time
import types
from pathlib import Path

import pytest

from editor.io import lockfile
from editor.io.lockfile import LockState, acquire_lock, inspect_lock, lock_path_for
from tests.lock_clock import FakeClock, install_clock

STALE = b'{"stale": "lock as judged"}'
FRESH = b'{"fresh": "lock of another editor"}'


@pytest.fixture()
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    return install_clock(monkeypatch)


@pytest.fixture()
def lock(tmp_path: Path) -> Path:
    project = tmp_path / "第28期.banmian"
    project.write_bytes(b"stand-in project")
    path = lock_path_for(project)
    path.write_bytes(STALE)
    return path


def _guard(lock: Path) -> Path:
    """The takeover guard's name every editor version computes for ``lock``."""
    return lock.with_name(f".~lock.takeover.{hashlib.sha256(lock.name.encode()).hexdigest()[:12]}#")


def _script_reads(monkeypatch: pytest.MonkeyPatch, lock: Path, answers: list[object]) -> list[object]:
    """Reads of ``lock`` answer from ``answers`` in turn (bytes, or an exception to raise); then the real file."""
    real_read = lockfile.read_regular_file

    def read(path, limit):
        if Path(path) == lock and answers:
            answer = answers.pop(0)
            if isinstance(answer, BaseException):
                raise answer
            return answer
        return real_read(path, limit)

    monkeypatch.setattr(lockfile, "read_regular_file", read)
    return answers


def _take_over(lock: Path) -> lockfile._Takeover:
    return lockfile._take_over(lock, STALE)


def test_the_guard_is_named_after_a_hash_of_the_lock_and_gone_after_the_takeover(lock: Path, clock: FakeClock) -> None:
    assert lockfile._takeover_guard(lock) == _guard(lock)
    assert _take_over(lock) is lockfile._Takeover.REMOVED
    assert not lock.exists() and not _guard(lock).exists()
    assert clock.paused_s == []


def test_a_guard_held_by_another_editor_means_wait(lock: Path, clock: FakeClock) -> None:
    _guard(lock).write_bytes(b"")
    assert _take_over(lock) is lockfile._Takeover.BUSY
    assert lock.read_bytes() == STALE and _guard(lock).exists()


def test_a_guard_that_cannot_be_created_means_wait(lock: Path, clock: FakeClock,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    real_open = os.open

    def refuse_guard(path, *args, **kwargs):
        if Path(path) == _guard(lock):
            raise PermissionError(13, "delete pending")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(lockfile.os, "open", refuse_guard)
    assert _take_over(lock) is lockfile._Takeover.BUSY
    assert lock.read_bytes() == STALE


def test_a_stale_lock_someone_else_deleted_is_removed(lock: Path, clock: FakeClock,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    lock.unlink()
    assert _take_over(lock) is lockfile._Takeover.REMOVED
    assert not _guard(lock).exists()


def test_a_lock_replaced_by_a_fresh_one_is_left_alone(lock: Path, clock: FakeClock) -> None:
    lock.write_bytes(FRESH)
    assert _take_over(lock) is lockfile._Takeover.CHANGED
    assert lock.read_bytes() == FRESH and not _guard(lock).exists()


def test_a_lock_that_cannot_be_read_for_a_moment_is_read_again(lock: Path, clock: FakeClock,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    _script_reads(monkeypatch, lock, [PermissionError(13, "being read"), PermissionError(13, "being read")])
    assert _take_over(lock) is lockfile._Takeover.REMOVED
    assert not lock.exists()
    assert clock.paused_s == [0.05, 0.05]


def test_a_lock_that_stays_unreadable_is_given_up_after_ten_seconds(lock: Path, clock: FakeClock,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    _script_reads(monkeypatch, lock, [PermissionError(13, "being read")] * 1000)
    assert _take_over(lock) is lockfile._Takeover.CHANGED
    assert lock.read_bytes() == STALE and not _guard(lock).exists()
    assert 10.0 <= clock.monotonic_s <= 10.1


def test_a_disk_error_reading_the_lock_leaves_it_alone(lock: Path, clock: FakeClock,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    _script_reads(monkeypatch, lock, [OSError(errno.EIO, "I/O error")])
    assert _take_over(lock) is lockfile._Takeover.CHANGED
    assert lock.read_bytes() == STALE and clock.paused_s == []


def test_a_lock_gone_between_reading_and_deleting_is_removed(lock: Path, clock: FakeClock,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    lock.unlink()
    _script_reads(monkeypatch, lock, [STALE])
    assert _take_over(lock) is lockfile._Takeover.REMOVED


def _refuse_unlink(monkeypatch: pytest.MonkeyPatch, lock: Path, errors: list[OSError]) -> None:
    real_unlink = Path.unlink

    def unlink(self: Path, missing_ok: bool = False) -> None:
        if self == lock and errors:
            raise errors.pop(0)
        real_unlink(self, missing_ok)

    monkeypatch.setattr(Path, "unlink", unlink)


def test_a_delete_refused_by_a_reader_is_tried_again(lock: Path, clock: FakeClock,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    _refuse_unlink(monkeypatch, lock, [PermissionError(13, "being read")])
    assert _take_over(lock) is lockfile._Takeover.REMOVED
    assert not lock.exists() and clock.paused_s == [0.05]


def test_a_delete_refused_for_ten_seconds_is_given_up(lock: Path, clock: FakeClock,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    _refuse_unlink(monkeypatch, lock, [PermissionError(13, "being read")] * 1000)
    assert _take_over(lock) is lockfile._Takeover.CHANGED
    assert lock.read_bytes() == STALE
    assert 10.0 <= clock.monotonic_s <= 10.1


def test_a_delete_failing_with_a_disk_error_is_given_up(lock: Path, clock: FakeClock,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    _refuse_unlink(monkeypatch, lock, [OSError(errno.EIO, "I/O error")])
    assert _take_over(lock) is lockfile._Takeover.CHANGED
    assert lock.read_bytes() == STALE and clock.paused_s == []


@pytest.mark.parametrize("after_delete", [
    [STALE, PermissionError(13, "delete pending"), STALE],  # the ghost, then gone
    [STALE, FRESH],  # a fresh lock took its place
    [OSError(errno.EIO, "I/O error")],
])
def test_a_deleted_lock_that_still_shows_is_waited_for(lock: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch,
                                                       after_delete: list[object]) -> None:
    answers = _script_reads(monkeypatch, lock, [STALE, *after_delete])
    assert _take_over(lock) is lockfile._Takeover.REMOVED
    assert answers == []
    assert not _guard(lock).exists()


def test_a_deleted_lock_still_showing_after_ten_seconds_is_reported_changed(
    lock: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    _script_reads(monkeypatch, lock, [STALE] * 1000)
    assert _take_over(lock) is lockfile._Takeover.CHANGED
    assert 10.0 <= clock.monotonic_s <= 10.1
    assert not _guard(lock).exists()


# ------------------------------------------------------------ reading a lock


def test_a_folder_windows_refuses_to_open_is_not_a_lock(tmp_path: Path, clock: FakeClock,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "第28期.banmian"
    lock = lock_path_for(project)
    lock.mkdir()
    _script_reads(monkeypatch, lock, [PermissionError(13, "Access is denied")] * 100)
    result = acquire_lock(project)
    assert (result.state, result.error, clock.paused_s) == (
        LockState.UNREADABLE, "它不是普通文件，而是文件夹或设备", [])


def test_a_lock_we_may_not_read_is_tried_for_a_second(lock: Path, clock: FakeClock,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    answers = _script_reads(monkeypatch, lock, [PermissionError(13, "Access is denied")] * 100)
    assert inspect_lock(lock.with_name("第28期.banmian")).state is LockState.UNREADABLE
    assert (len(answers), clock.paused_s) == (80, [0.05] * 19)


def test_a_lock_we_may_read_after_a_moment_is_judged(lock: Path, clock: FakeClock,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    _script_reads(monkeypatch, lock, [PermissionError(13, "Access is denied")] * 19)
    lock.write_bytes(b"x" * 10)
    os.utime(lock, (time.time() - 3600, time.time() - 3600))
    assert inspect_lock(lock.with_name("第28期.banmian")).state is LockState.STALE


def test_a_disk_error_reading_a_lock_is_named_in_chinese(lock: Path, clock: FakeClock,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    _script_reads(monkeypatch, lock, [OSError(errno.EIO, "I/O error")])
    result = acquire_lock(lock.with_name("第28期.banmian"))
    assert (result.state, result.error) == (LockState.UNREADABLE, "读写磁盘时出错（磁盘或网络可能有故障）")


# ------------------------------------------------------------ the ten-second limit is a limit


class JumpingClock:
    """Monotonic time that reads 0 when a deadline is set and exactly that deadline afterwards."""

    def __init__(self) -> None:
        self.readings = 0
        self.paused_s: list[float] = []

    def monotonic(self) -> float:
        self.readings += 1
        return 0.0 if self.readings == 1 else 10.0

    def sleep(self, seconds: float) -> None:
        self.paused_s.append(seconds)


@pytest.fixture()
def jumping(monkeypatch: pytest.MonkeyPatch) -> JumpingClock:
    fake = JumpingClock()
    monkeypatch.setattr(lockfile, "time", types.SimpleNamespace(time=time.time, sleep=fake.sleep,
                                                                monotonic=fake.monotonic))
    return fake


def test_at_the_limit_a_deleted_lock_is_not_looked_at_again(lock: Path, jumping: JumpingClock,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    answers = _script_reads(monkeypatch, lock, [STALE, STALE])
    assert _take_over(lock) is lockfile._Takeover.CHANGED
    assert answers == [STALE] and jumping.paused_s == []


def test_at_the_limit_an_unreadable_lock_is_not_waited_for(lock: Path, jumping: JumpingClock,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    answers = _script_reads(monkeypatch, lock, [PermissionError(13, "being read"), STALE])
    assert _take_over(lock) is lockfile._Takeover.CHANGED
    assert answers == [STALE] and jumping.paused_s == [] and lock.read_bytes() == STALE


def test_taking_a_lock_that_starts_at_its_limit_takes_nothing(lock: Path, jumping: JumpingClock) -> None:
    lock.unlink()
    result = acquire_lock(lock.with_name("第28期.banmian"))
    assert (result.state, result.lock, result.holder) == (LockState.HELD_HERE, None, None)
    assert not lock.exists()
