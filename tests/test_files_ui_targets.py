"""The editor window on files that are not simple (issue #7): a hostile lock file, a read-only
project, a project reached through a link, a name of 80 Chinese characters, a disk that fails.
Each ends in a read-only window or one Chinese message — never an exception, never a hang.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import time
from pathlib import Path

import pytest

from editor import SAMPLE_PROJECT
from editor.io import atomic
from editor.io.lockfile import LockState, inspect_lock, lock_path_for
from editor.io.project import load_project, save_project
from tests.names import LINE_BREAK, LINE_BREAK_SHOWN
from tests.test_files_ui import _move_photo

posix_only = pytest.mark.skipif(os.name != "posix", reason="FIFOs, /dev/zero, POSIX links and modes")
#: The issue's bound for opening on one hostile file.
BOUND_S = 10.0


@pytest.fixture
def zipped(tmp_path: Path) -> Path:
    """The sample as a ``.banmian`` zip that tests may save over."""
    path = tmp_path / "期刊.banmian"
    save_project(load_project(SAMPLE_PROJECT), path)
    return path


def _fifo(lock: Path) -> None:
    os.mkfifo(lock)


def _folder(lock: Path) -> None:
    lock.mkdir()


def _link_to_dev_zero(lock: Path) -> None:
    lock.symlink_to("/dev/zero")


@posix_only
@pytest.mark.parametrize("make_lock", [_fifo, _folder, _link_to_dev_zero], ids=["fifo", "folder", "link to /dev/zero"])
def test_a_window_on_a_project_with_a_hostile_lock_is_read_only_and_says_why(make_window, zipped, make_lock) -> None:
    lock = lock_path_for(zipped)
    make_lock(lock)
    started = time.monotonic()
    window = make_window(open=zipped)
    assert time.monotonic() - started < BOUND_S
    assert window.controller.read_only and window.files.lock is None
    reason = window.files.read_only_reason
    assert reason.startswith("此项目的锁文件“.~lock.期刊.banmian#”无法读取（它不是普通文件，而是文件夹或设备）")
    assert window.files.dialogs.warnings == [reason] and window.files.dialogs.errors == []
    assert window.windowTitle().startswith("期刊.banmian") and "（只读）" in window.windowTitle()
    assert os.path.lexists(lock), "the odd lock is left where it was"


@posix_only
def test_saving_a_read_only_project_is_refused_with_a_message_and_the_file_is_unchanged(make_window, zipped) -> None:
    os.chmod(zipped, 0o444)
    before = zipped.read_bytes()
    window = make_window(open=zipped)
    _move_photo(window)
    window.menu_actions.actions["save"].trigger()
    dialogs = window.files.dialogs
    assert len(dialogs.errors) == 1
    assert dialogs.errors[0].startswith("“") and dialogs.errors[0].endswith(
        "期刊.banmian”是只读文件，无法保存。请用“另存为”保存到另一个文件。")
    assert zipped.read_bytes() == before and stat.S_IMODE(zipped.stat().st_mode) == 0o444
    assert window.isWindowModified(), "the edit is still unsaved"


@posix_only
def test_saving_a_project_opened_through_a_link_updates_the_linked_file(make_window, zipped, tmp_path) -> None:
    desktop = tmp_path / "桌面"
    desktop.mkdir()
    link = desktop / "期刊.banmian"
    link.symlink_to(zipped)
    window = make_window(open=link)
    assert inspect_lock(zipped).state is LockState.HELD_HERE, "the lock guards the real file"
    moved = _move_photo(window)
    window.menu_actions.actions["save"].trigger()
    assert window.files.dialogs.errors == [] and not window.isWindowModified()
    assert link.is_symlink() and os.readlink(link) == str(zipped)
    saved = load_project(zipped)
    assert saved == window.controller.doc
    assert next(f for _, f in saved.frames_with_pages() if f.id == moved).y_pt != \
        next(f for _, f in load_project(SAMPLE_PROJECT).frames_with_pages() if f.id == moved).y_pt


def test_a_project_named_with_80_chinese_characters_opens_saves_and_locks(make_window, zipped) -> None:
    long_name = zipped.with_name("党群工作" * 20 + ".banmian")
    shutil.move(zipped, long_name)
    window = make_window(open=long_name)
    assert not window.controller.read_only and window.files.lock is not None
    assert window.files.lock.path.exists()
    _move_photo(window)
    window.menu_actions.actions["save"].trigger()
    assert window.files.dialogs.errors == [] and window.files.dialogs.warnings == []
    assert load_project(long_name) == window.controller.doc


@pytest.mark.parametrize("code, english, chinese", [
    (errno.ENOSPC, "No space left on device", "磁盘空间不足"),
    (errno.EACCES, "Permission denied", "没有权限"),
    (errno.ENAMETOOLONG, "File name too long", "文件名或路径过长"),
])
def test_a_save_the_system_refuses_is_said_in_one_chinese_line(make_window, zipped, monkeypatch, code, english,
                                                                chinese) -> None:
    # A line break in the folder's name must not break the message (a file name with one is
    # refused before writing, see tests/test_file_names.py).
    folder = zipped.with_name(f"期刊{LINE_BREAK}第28期")
    folder.mkdir()
    named = folder / "第28期.banmian"
    shutil.move(zipped, named)
    window = make_window(open=named)
    _move_photo(window)
    before = named.read_bytes()

    def failing_fsync(fd: int) -> None:
        raise OSError(code, english)

    monkeypatch.setattr(atomic.os, "fsync", failing_fsync)
    window.menu_actions.actions["save"].trigger()
    said = window.files.dialogs.warnings + window.files.dialogs.errors
    assert len(said) == 1
    assert chinese in said[0] and english not in said[0]
    assert "\n" not in said[0] and f"期刊{LINE_BREAK_SHOWN}第28期{os.sep}第28期.banmian" in said[0]
    assert named.read_bytes() == before
