"""Lock files that are not what they should be: a FIFO, a folder, a device, a loop of links,
a huge file, one we may not read, times in the future, numbers no process writes (issue #7).

Each is "someone may hold it": ``acquire_lock`` answers at once with a
read-only result and a one-line Chinese message — never an exception, never
a wait — and leaves the odd thing where it was. The acceptance bound is
10 s per file; a watchdog (SIGALRM) turns a hang into a failure instead of
a stuck test run.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from editor.io import lockfile
from editor.io.lockfile import (
    FOREIGN_LOCK_MAX_AGE_S,
    LockOwner,
    LockState,
    acquire_lock,
    inspect_lock,
    lock_path_for,
    this_host,
)

#: The issue's bound for one hostile file.
BOUND_S = 10.0
posix_only = pytest.mark.skipif(os.name != "posix", reason="FIFOs, /dev/zero and POSIX links")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = tmp_path / "共享 盘"
    folder.mkdir()
    path = folder / "第28期.banmian"
    path.write_bytes(b"stand-in project")
    return path


@contextlib.contextmanager
def _within(seconds: float) -> Iterator[None]:
    """Fail (instead of hanging for ever) if the body takes longer than ``seconds``."""
    if not hasattr(signal, "setitimer"):
        yield
        return

    def too_slow(signum, frame):
        raise TimeoutError(f"took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, too_slow)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _folder(path: Path) -> None:
    path.mkdir()
    (path / "inside").write_text("x")


def _link_to_dev_zero(path: Path) -> None:
    path.symlink_to("/dev/zero")


def _huge(path: Path) -> None:
    with path.open("wb") as handle:
        handle.truncate(3 * 1024 * 1024 * 1024)  # sparse: 3 GB that take no disk


def _looping_link(path: Path) -> None:
    path.symlink_to(path.name)


def _dangling_link(path: Path) -> None:
    path.symlink_to(path.parent / "gone" / "nowhere")


HOSTILE_LOCKS: dict[str, Callable[[Path], None]] = {
    "fifo": _fifo,
    "folder": _folder,
    "link to /dev/zero": _link_to_dev_zero,
    "huge file": _huge,
    "looping link": _looping_link,
    "dangling link": _dangling_link,
}


@posix_only
@pytest.mark.parametrize("kind", sorted(HOSTILE_LOCKS))
def test_a_hostile_lock_file_opens_read_only_with_a_message(project: Path, kind: str) -> None:
    lock = lock_path_for(project)
    HOSTILE_LOCKS[kind](lock)
    before = os.lstat(lock)
    started = time.monotonic()
    with _within(BOUND_S):
        result = acquire_lock(project)
        check = inspect_lock(project)
    assert time.monotonic() - started < BOUND_S
    assert result.state is LockState.UNREADABLE and result.read_only and result.lock is None
    assert not result.can_break
    assert check.state is LockState.UNREADABLE
    message = result.message(project)
    assert message.startswith("此项目的锁文件“.~lock.第28期.banmian#”无法读取（")
    assert message.endswith("可能有人正在编辑，已以只读方式打开。如果确认没有人在编辑，请删除这个锁文件后重新打开。")
    assert "\n" not in message and not any("a" <= ch.lower() <= "z" for ch in message.replace(lock.name, ""))
    after = os.lstat(lock)
    assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode), "the odd lock is left alone"


@posix_only
def test_each_hostile_lock_says_what_is_wrong(project: Path) -> None:
    lock = lock_path_for(project)
    expected = {
        "fifo": "它不是普通文件，而是文件夹或设备",
        "folder": "它不是普通文件，而是文件夹或设备",
        "link to /dev/zero": "它不是普通文件，而是文件夹或设备",
        "huge file": "它大于 4096 字节，不是版面的锁文件",
        "looping link": "路径中的链接形成了循环",
        "dangling link": "它是一个指向不存在位置的链接",
    }
    for kind, make in HOSTILE_LOCKS.items():
        make(lock)
        assert acquire_lock(project).error == expected[kind], kind
        if lock.is_dir() and not lock.is_symlink():
            (lock / "inside").unlink()
            lock.rmdir()
        else:
            lock.unlink()


def test_a_lock_we_may_not_read_opens_read_only(project: Path, monkeypatch) -> None:
    # Simulated: CI runs as root, whom chmod 000 does not stop.
    lock = lock_path_for(project)
    lock.write_bytes(b"{}")

    def refuse(path, limit):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(lockfile, "read_regular_file", refuse)
    monkeypatch.setattr(lockfile, "_RETRY_PAUSE_S", 0.001)
    result = acquire_lock(project)
    assert result.state is LockState.UNREADABLE and result.read_only
    assert result.error == "没有权限"
    assert result.refusal(project) == ("不能保存到“第28期.banmian”：此文件的锁文件“.~lock.第28期.banmian#”无法读取（没有权限），"
                                       "可能有人正在编辑。为免互相覆盖，请用“另存为”换一个文件名保存。")
    assert lock.read_bytes() == b"{}"


def test_permission_denied_while_a_lock_is_being_deleted_is_retried(project: Path, monkeypatch) -> None:
    # Windows: opening a lock that another editor is renaming or deleting raises
    # PermissionError for a moment; then the lock is gone and ours can be made.
    lock = lock_path_for(project)
    lock.write_bytes(b"being deleted")
    real_read = lockfile.read_regular_file
    refusals = []

    def deleting(path, limit):
        if len(refusals) < 3:
            refusals.append(path)
            raise PermissionError(13, "Permission denied", str(path))
        with contextlib.suppress(FileNotFoundError):
            lock.unlink()  # the other editor's delete completes
        return real_read(path, limit)

    monkeypatch.setattr(lockfile, "read_regular_file", deleting)
    monkeypatch.setattr(lockfile, "_RETRY_PAUSE_S", 0.001)
    result = acquire_lock(project)
    assert len(refusals) == 3
    assert result.state is LockState.ACQUIRED
    result.lock.release()


# ------------------------------------------------------------ times and numbers


def _write_raw_lock(project: Path, **fields) -> Path:
    data = {"app": "Banmian", "app_version": "0.1.0", "user": "张三", "host": "PC-01", "pid": 4242,
            "process_started": None, "opened_at": datetime.now().astimezone().isoformat(timespec="seconds"),
            "token": "feedface"}
    data.update(fields)
    path = lock_path_for(project)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _set_mtime(path: Path, moment: float) -> None:
    os.utime(path, (moment, moment))


def test_a_foreign_lock_dated_in_the_far_future_is_not_eternal(project: Path) -> None:
    far = datetime(2999, 1, 1, tzinfo=datetime.now().astimezone().tzinfo)
    path = _write_raw_lock(project, host="PC-07", opened_at=far.isoformat())
    _set_mtime(path, far.timestamp())
    result = acquire_lock(project)
    assert result.state is LockState.HELD_ELSEWHERE_OLD and result.can_break
    assert "2999" not in result.message(project), "a time in the future reads as now"
    broken = acquire_lock(project, replace=result.holder)
    assert broken.state is LockState.ACQUIRED
    broken.lock.release()


def test_a_foreign_lock_refreshed_now_but_opened_in_the_future_is_trusted(project: Path) -> None:
    _write_raw_lock(project, host="PC-07", opened_at="2999-01-01T00:00:00+08:00")  # mtime: now
    assert inspect_lock(project).state is LockState.HELD_ELSEWHERE


def test_a_foreign_lock_a_little_in_the_future_is_another_clock_and_trusted(project: Path) -> None:
    soon = datetime.now().astimezone() + timedelta(hours=2)
    path = _write_raw_lock(project, host="PC-07", opened_at=soon.isoformat(timespec="seconds"))
    _set_mtime(path, soon.timestamp())
    assert inspect_lock(project).state is LockState.HELD_ELSEWHERE


def test_an_old_foreign_lock_stays_old_whatever_its_future_opened_at(project: Path) -> None:
    path = _write_raw_lock(project, host="PC-07", opened_at="2999-01-01T00:00:00+08:00")
    _set_mtime(path, time.time() - FOREIGN_LOCK_MAX_AGE_S - 3600)
    assert inspect_lock(project).state is LockState.HELD_ELSEWHERE_OLD


def test_damaged_lock_dated_in_the_future_is_not_waited_for_for_ever(project: Path) -> None:
    path = lock_path_for(project)
    path.write_bytes(b"{\"user\": ")  # half a lock
    _set_mtime(path, time.time() + 10 * 365 * 24 * 3600)
    result = acquire_lock(project)
    assert result.state is LockState.ACQUIRED
    result.lock.release()


@pytest.mark.parametrize("fields", [
    {"pid": 10**30},
    {"pid": -5},
    {"process_started": 1e400},
    {"opened_at": "0001-01-01T00:00:00+14:00"},
    {"opened_at": "9999-12-31T23:59:59-14:00"},
    {"opened_at": ["2021"]},
], ids=["huge pid", "negative pid", "infinite start", "year 1", "year 9999", "date as list"])
@pytest.mark.parametrize("here", [True, False], ids=["this computer", "another computer"])
def test_numbers_no_process_writes_are_a_damaged_lock_not_a_crash(project: Path, fields: dict, here: bool) -> None:
    path = _write_raw_lock(project, host=this_host() if here else "PC-07", **fields)
    _set_mtime(path, time.time() - 3600)  # long past the grace for a lock being written
    result = acquire_lock(project)
    assert result.state is LockState.ACQUIRED
    assert result.message(project) is None
    result.lock.release()


def test_a_deeply_nested_lock_is_damage_not_a_crash(project: Path) -> None:
    path = lock_path_for(project)
    path.write_bytes(b"[" * 4000)
    _set_mtime(path, time.time() - 3600)
    assert LockOwner.from_json(path.read_bytes()) is None
    assert inspect_lock(project).state is LockState.STALE


def test_names_with_line_breaks_keep_the_message_on_one_line(project: Path) -> None:
    _write_raw_lock(project, user="张三\n李四", host="PC\r\n07")
    message = acquire_lock(project).message(project)
    assert message.startswith("此项目正被 张三?李四（电脑 PC??07）编辑（自 ")
    assert "\n" not in message and "\r" not in message


def test_a_lock_is_never_read_beyond_a_few_kilobytes(project: Path, monkeypatch) -> None:
    limits = []
    real_read = lockfile.read_regular_file

    def spy(path, limit):
        limits.append(limit)
        return real_read(path, limit)

    monkeypatch.setattr(lockfile, "read_regular_file", spy)
    _write_raw_lock(project, host="PC-07")
    assert inspect_lock(project).state is LockState.HELD_ELSEWHERE
    assert limits and max(limits) <= 8 * 1024
