"""What taking a lock cleans up, and how it rides out Windows' refusals.

The editor that takes a project's lock is its only writer, so it deletes the temporary files
that killed saves left (older than two minutes; a younger one may be another program's save
under way). On Windows a lock file being deleted ("delete pending") or opened by a reader
refuses to be created or deleted for a moment: creating is retried until the 10-second limit,
deleting for 20 pauses of 50 ms. Clocks and refusals are faked here; the files are real.
"""

from __future__ import annotations

import errno
import os
import re
import sys
import time
import types
from pathlib import Path

import pytest

import editor
from editor.io import lockfile
from editor.io.lockfile import LockOwner, LockState, acquire_lock, lock_path_for
from tests.lock_clock import FakeClock, install_clock

OLD_S = time.time() - 3600


@pytest.fixture()
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    return install_clock(monkeypatch)


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


@pytest.fixture()
def elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lockfile, "sys", types.SimpleNamespace(platform="linux"))


def test_elsewhere_a_refused_lock_is_reported_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      clock: FakeClock, elsewhere: None) -> None:
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


# ------------------------------------------------------------ writing the lock


def test_a_disk_that_fills_while_the_lock_is_written_leaves_no_half_lock(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "第28期.banmian"
    project.write_bytes(b"stand-in project")

    def disk_full(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(lockfile.os, "write", disk_full)
    result = acquire_lock(project)
    assert (result.state, result.error, result.lock) == (LockState.UNAVAILABLE, "磁盘已满", None)
    assert not lock_path_for(project).exists()


def test_a_lock_written_a_few_bytes_at_a_time_is_written_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "第28期.banmian"
    project.write_bytes(b"stand-in project")
    real_write = os.write
    monkeypatch.setattr(lockfile.os, "write", lambda fd, data: real_write(fd, data[:7]))
    result = acquire_lock(project)
    assert LockOwner.from_json(lock_path_for(project).read_bytes()) == result.lock.owner
    result.lock.release()


def test_a_new_lock_has_a_fresh_16_digit_token_and_a_whole_second(tmp_path: Path) -> None:
    project = tmp_path / "第28期.banmian"
    project.write_bytes(b"stand-in project")
    first = acquire_lock(project)
    first.lock.release()
    second = acquire_lock(project)
    tokens = [first.lock.owner.token, second.lock.owner.token]
    assert all(re.fullmatch(r"[0-9a-f]{16}", token) for token in tokens) and tokens[0] != tokens[1]
    assert second.lock.owner.opened_at.microsecond == 0
    assert second.lock.owner.app_version == editor.__version__
    second.lock.release()


def test_a_lock_released_between_seeing_it_and_reading_it_is_taken(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "第28期.banmian"
    project.write_bytes(b"stand-in project")
    real_create = lockfile._create_exclusively
    calls: list[int] = []

    def exists_once(path: Path, owner: LockOwner) -> None:
        calls.append(1)
        if len(calls) == 1:
            raise FileExistsError(errno.EEXIST, "File exists")  # and gone before it is read
        real_create(path, owner)

    monkeypatch.setattr(lockfile, "_create_exclusively", exists_once)
    result = acquire_lock(project)
    assert (result.state, len(calls)) == (LockState.ACQUIRED, 2)
    result.lock.release()


def test_a_new_lock_file_is_given_the_hidden_attribute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "第28期.banmian"
    project.write_bytes(b"stand-in project")
    hidden: list[Path] = []
    monkeypatch.setattr(lockfile, "hide_file_on_windows", hidden.append)  # itself tested with a fake kernel32
    result = acquire_lock(project)
    assert hidden == [lock_path_for(project)]
    result.lock.release()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX links (creating them is a privilege on Windows)")
def test_a_project_in_a_loop_of_links_is_locked_beside_the_name_given(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "甲.banmian").symlink_to(tmp_path / "乙.banmian")
    (tmp_path / "乙.banmian").symlink_to(tmp_path / "甲.banmian")
    monkeypatch.chdir(tmp_path)
    assert lock_path_for("甲.banmian") == tmp_path / ".~lock.甲.banmian#"
