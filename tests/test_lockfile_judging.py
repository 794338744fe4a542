"""How a lock file is written, read back and judged, to the second, and what a held lock does.

The clock of ``editor.io.lockfile`` is replaced by a fixed one where a rule names a time: a lock
that cannot be read is being written for 30 seconds, then it is a crashed editor's; another
computer's clock may run up to 24 hours ahead; a takeover guard older than 30 seconds is an
editor's that died while taking over. A long project name is cut so that the lock's name fits
in 255 bytes (``.~lock.`` is 7 bytes, ``~`` + 12 hex digits + ``#`` are 14).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from editor.io import lockfile
from editor.io.lockfile import (
    LockOwner,
    LockState,
    ProjectLock,
    acquire_lock,
    inspect_lock,
    lock_name,
    lock_path_for,
)
from editor.io.processes import this_host
from tests.lock_clock import FakeClock, install_clock

NOW_S = 1_800_000_000  # a whole second, so every time below is exact
LARGEST_PID = 2_147_483_647


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    path = tmp_path / "第28期.banmian"
    path.write_bytes(b"stand-in project")
    return path


@pytest.fixture(scope="module")
def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@pytest.fixture()
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    return install_clock(monkeypatch, wall_s=float(NOW_S))


def _lock_fields(**changes: object) -> dict[str, object]:
    fields: dict[str, object] = {"app": "Banmian", "app_version": "0.1.0", "user": "张三", "host": "PC-远方",
                                 "pid": 4242, "process_started": 77, "opened_at": "2026-01-02T03:04:05+08:00",
                                 "token": "feedface"}
    fields.update(changes)
    return {key: value for key, value in fields.items() if value is not ...}


def _put_lock(project: Path, raw: bytes, mtime_s: float) -> Path:
    path = lock_path_for(project)
    path.write_bytes(raw)
    os.utime(path, (mtime_s, mtime_s))
    return path


# ------------------------------------------------------------ the lock file's text


def test_a_lock_file_holds_every_field_as_readable_json() -> None:
    owner = LockOwner(user="张三", host="PC-01", pid=4242, process_started=77,
                      opened_at=datetime(2026, 1, 2, 3, 4, 5, 678, tzinfo=timezone(timedelta(hours=8))),
                      app_version="0.1.0", token="feedface")
    raw = owner.to_json()
    assert json.loads(raw) == {"app": "Banmian", "app_version": "0.1.0", "user": "张三", "host": "PC-01",
                               "pid": 4242, "process_started": 77, "opened_at": "2026-01-02T03:04:05+08:00",
                               "token": "feedface"}
    assert "张三".encode() in raw, "names stay readable in the file, not \\u escapes"
    assert len(raw.splitlines()) == 10, "one field a line, between the braces"


def test_a_lock_file_reads_back_field_by_field() -> None:
    owner = LockOwner.from_json(json.dumps(_lock_fields()).encode())
    assert owner == LockOwner(user="张三", host="PC-远方", pid=4242, process_started=77,
                              opened_at=datetime(2026, 1, 1, 19, 4, 5, tzinfo=timezone.utc), app_version="0.1.0",
                              token="feedface")


def test_a_lock_without_a_start_time_or_version_still_reads() -> None:
    owner = LockOwner.from_json(json.dumps(_lock_fields(process_started=..., app_version=...)).encode())
    assert (owner.process_started, owner.app_version, owner.pid) == (None, "", 4242)


def test_a_lock_time_without_a_zone_is_this_computers_local_time() -> None:
    owner = LockOwner.from_json(json.dumps(_lock_fields(opened_at="2026-01-02T03:04:05")).encode())
    assert owner.opened_at == datetime(2026, 1, 2, 3, 4, 5).astimezone()
    assert owner.opened_at.utcoffset() is not None


@pytest.mark.parametrize("missing", ["user", "host", "pid", "opened_at", "token"])
def test_a_lock_missing_a_required_field_is_damaged(missing: str) -> None:
    assert LockOwner.from_json(json.dumps(_lock_fields(**{missing: ...})).encode()) is None


@pytest.mark.parametrize(("pid", "valid"), [(1, True), (LARGEST_PID, True), (0, False), (-5, False),
                                            (LARGEST_PID + 1, False)])
def test_a_lock_pid_must_be_one_a_process_can_have(pid: int, valid: bool) -> None:
    owner = LockOwner.from_json(json.dumps(_lock_fields(pid=pid)).encode())
    assert (owner.pid if owner else None) == (pid if valid else None)


# ------------------------------------------------------------ long names


def test_a_name_that_fits_in_255_bytes_with_the_lock_marks_is_kept_whole() -> None:
    name = "a" * 247  # 7 + 247 + 1 = 255 bytes
    assert lock_name(name) == f".~lock.{name}#"


def test_a_name_one_byte_too_long_is_cut_and_ends_in_a_hash_of_the_whole_name() -> None:
    name = "a" * 248
    digest = hashlib.sha256(name.encode()).hexdigest()[:12]
    assert lock_name(name) == f".~lock.{'a' * 234}~{digest}#"  # 7 + 234 + 14 = 255 bytes


def test_a_long_chinese_name_is_cut_to_whole_characters() -> None:
    name = "党" * 100  # 300 bytes
    digest = hashlib.sha256(name.encode()).hexdigest()[:12]
    assert lock_name(name) == f".~lock.{'党' * 78}~{digest}#"  # 78 × 3 = 234 bytes


# ------------------------------------------------------------ judging, to the second


def test_a_damaged_lock_written_30_seconds_ago_is_a_crashed_editors(project: Path, clock: FakeClock) -> None:
    _put_lock(project, b'{"user": "half wri', NOW_S - 30)
    assert inspect_lock(project) == lockfile.LockCheck(LockState.STALE, None)
    _put_lock(project, b'{"user": "half wri', NOW_S + 30)
    assert inspect_lock(project) == lockfile.LockCheck(LockState.STALE, None)
    assert clock.paused_s == []


@pytest.mark.parametrize("age_s", [29, -29, 0])
def test_a_damaged_lock_younger_than_30_seconds_is_waited_for_a_second(project: Path, clock: FakeClock,
                                                                        age_s: int) -> None:
    _put_lock(project, b'{"user": "half wri', NOW_S - age_s)
    assert inspect_lock(project) == lockfile.LockCheck(LockState.HELD_HERE, None)
    assert sum(clock.paused_s) == pytest.approx(1.0)
    assert len(clock.paused_s) == 20


def test_another_computers_clock_may_run_a_day_ahead(project: Path, clock: FakeClock) -> None:
    raw = json.dumps(_lock_fields(opened_at="2020-01-01T00:00:00+00:00")).encode()
    _put_lock(project, raw, NOW_S + 24 * 60 * 60)
    assert inspect_lock(project).state is LockState.HELD_ELSEWHERE
    _put_lock(project, raw, NOW_S + 24 * 60 * 60 + 1)
    assert inspect_lock(project).state is LockState.HELD_ELSEWHERE_OLD


def test_a_lock_opened_on_another_computer_just_now_but_touched_long_ago_is_fresh(project: Path,
                                                                                  clock: FakeClock) -> None:
    opened = datetime.fromtimestamp(NOW_S - 60, timezone.utc).isoformat()
    _put_lock(project, json.dumps(_lock_fields(opened_at=opened)).encode(), NOW_S - 3 * 24 * 60 * 60)
    assert inspect_lock(project).state is LockState.HELD_ELSEWHERE


def test_a_lock_of_this_computer_in_other_case_is_judged_by_its_process(project: Path, dead_pid: int) -> None:
    raw = json.dumps(_lock_fields(host=this_host().swapcase(), pid=dead_pid, process_started=None)).encode()
    _put_lock(project, raw, time.time())
    check = inspect_lock(project)
    assert (check.state, check.holder.pid) == (LockState.STALE, dead_pid)


def test_no_lock_is_free(project: Path) -> None:
    assert inspect_lock(project) == lockfile.LockCheck(LockState.FREE, None)


# ------------------------------------------------------------ takeover guards


def _stale_lock_with_guard(project: Path, dead_pid: int, guard_age_s: float) -> Path:
    raw = json.dumps(_lock_fields(host=this_host(), pid=dead_pid, process_started=None)).encode()
    lock = _put_lock(project, raw, NOW_S - 3600)
    digest = hashlib.sha256(lock.name.encode()).hexdigest()[:12]
    guard = lock.with_name(f".~lock.takeover.{digest}#")
    guard.write_bytes(b"")
    os.utime(guard, (NOW_S - guard_age_s, NOW_S - guard_age_s))
    return guard


def test_a_takeover_guard_30_seconds_old_is_respected_until_the_ten_second_limit(
    project: Path, clock: FakeClock, dead_pid: int
) -> None:
    guard = _stale_lock_with_guard(project, dead_pid, 30)
    result = acquire_lock(project)
    assert (result.state, result.holder, result.lock) == (LockState.HELD_HERE, None, None)
    assert guard.exists()
    assert 10.0 <= clock.monotonic_s <= 10.2


def test_a_takeover_guard_older_than_30_seconds_is_an_abandoned_one(project: Path, clock: FakeClock,
                                                                    dead_pid: int) -> None:
    guard = _stale_lock_with_guard(project, dead_pid, 31)
    result = acquire_lock(project)
    assert (result.state, result.replaced.pid) == (LockState.ACQUIRED, dead_pid)
    assert not guard.exists()
    result.lock.release()


def test_breaking_a_colleagues_lock_on_request_replaces_it(project: Path) -> None:
    raw = json.dumps(_lock_fields()).encode()
    _put_lock(project, raw, time.time())
    holder = LockOwner.from_json(raw)
    result = acquire_lock(project, replace=holder)
    assert (result.state, result.replaced) == (LockState.ACQUIRED, holder)
    assert LockOwner.from_json(lock_path_for(project).read_bytes()).pid == os.getpid()
    result.lock.release()


# ------------------------------------------------------------ a held lock


def test_a_held_lock_is_refreshed_as_a_sign_of_life(project: Path) -> None:
    result = acquire_lock(project)
    lock = result.lock
    os.utime(lock.path, (NOW_S - 3600, NOW_S - 3600))
    assert lock.refresh() is True
    assert abs(os.stat(lock.path).st_mtime - time.time()) < 3600
    lock.release()


def test_a_released_lock_is_not_refreshed(project: Path) -> None:
    lock = acquire_lock(project).lock
    lock.release()
    lock.path.write_bytes(lock.owner.to_json())  # even if its file were back
    os.utime(lock.path, (NOW_S - 3600, NOW_S - 3600))
    assert lock.refresh() is False
    assert os.stat(lock.path).st_mtime == NOW_S - 3600


def test_a_broken_lock_is_not_refreshed_and_its_replacement_is_left_alone(project: Path) -> None:
    lock = acquire_lock(project).lock
    _put_lock(project, json.dumps(_lock_fields()).encode(), NOW_S - 3600)
    assert lock.still_held() is False
    assert lock.refresh() is False
    assert os.stat(lock.path).st_mtime == NOW_S - 3600
    lock.release()
    assert LockOwner.from_json(lock.path.read_bytes()).token == "feedface"


def test_a_lock_whose_file_went_away_or_became_a_folder_is_no_longer_held(project: Path) -> None:
    lock = acquire_lock(project).lock
    lock.path.unlink()
    assert lock.still_held() is False
    lock.path.mkdir()
    assert lock.still_held() is False
    assert lock.refresh() is False
    lock.release()
    assert lock.path.is_dir()


def test_a_lock_whose_time_cannot_be_touched_reports_it_lost(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lock = acquire_lock(project).lock

    def refuse(path, times=None):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(lockfile.os, "utime", refuse)
    assert lock.refresh() is False
    monkeypatch.undo()
    lock.release()


def test_a_lock_used_as_a_context_is_itself_and_released_at_the_end(project: Path) -> None:
    lock = acquire_lock(project).lock
    with lock as held:
        assert held is lock
        assert lock_path_for(project).exists()
    assert not lock_path_for(project).exists()
    assert inspect_lock(project).state is LockState.FREE


def test_a_lock_shows_its_project_and_process(project: Path) -> None:
    lock = acquire_lock(project).lock
    assert repr(lock) == f"ProjectLock({str(project)!r}, pid={os.getpid()})"
    assert isinstance(lock, ProjectLock)
    lock.release()


def test_releasing_a_lock_frees_it_for_this_process_too(project: Path) -> None:
    first = acquire_lock(project).lock
    first.release()
    first.path.write_bytes(first.owner.to_json())  # its file is back, with its token
    assert inspect_lock(project).state is LockState.STALE, "a released token is no longer ours"
    first.path.unlink()
