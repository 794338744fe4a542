"""Where a save really writes (issue #7): through links to the real file, never over a read-only
file, a folder or a device; names of 80 Chinese characters; leftovers of killed saves; and every
failure said in one line of Chinese.

Project saves, folder saves and exports all go through ``atomic_writer``,
so these tests use ``save_project`` and ``export_file`` — the two ways a
user's file is written. CI runs as root, whom permission bits do not stop:
the read-only check must not rely on ``open`` failing, and these tests do
not either.
"""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import editor
from editor.errors import ExportError
from editor.io import atomic
from editor.io.atomic import NotAFileTargetError, ReadOnlyTargetError, write_atomically
from editor.io.lockfile import LockState, acquire_lock, lock_path_for
from editor.io.project import load_project, save_project
from editor.render.output import export_file
from tests.names import LINE_BREAK, LINE_BREAK_SHOWN

BLANK = editor.LAYOUTS_DIR / "blank-issue.banmian"
posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX links, modes and devices")
EIGHTY_CHINESE = "党群工作" * 20


def _issue(number: int):
    doc = load_project(BLANK)
    doc.issue.number = number
    return doc


def _temp_files(*folders: Path) -> list[Path]:
    return [p for folder in folders for p in folder.rglob("*.tmp")]


def _latin_letters(text: str) -> list[str]:
    return [ch for ch in text if ch.isascii() and ch.isalpha()]


# ------------------------------------------------------------------ links


@posix_only
def test_saving_through_a_link_updates_the_linked_project_and_keeps_the_link(tmp_path: Path) -> None:
    shared = tmp_path / "共享盘" / "党群工作部"
    shared.mkdir(parents=True)
    real = shared / "第28期.banmian"
    save_project(_issue(28), real)
    os.chmod(real, 0o664)
    desktop = tmp_path / "桌面"
    desktop.mkdir()
    link = desktop / "第28期 的快捷方式.banmian"
    link.symlink_to(real)

    save_project(_issue(29), link)

    assert link.is_symlink() and os.readlink(link) == str(real)
    assert load_project(real).issue.number == 29
    assert stat.S_IMODE(real.stat().st_mode) == 0o664
    assert sorted(p.name for p in desktop.iterdir()) == ["第28期 的快捷方式.banmian"]
    assert not _temp_files(shared, desktop)


@posix_only
def test_saving_a_folder_project_through_a_linked_folder_writes_the_real_folder(tmp_path: Path) -> None:
    from editor.io.project import save_project_folder

    real = tmp_path / "共享" / "期刊"
    save_project_folder(_issue(28), real)
    link = tmp_path / "期刊链接"
    link.symlink_to(real, target_is_directory=True)
    save_project(_issue(30), link)
    assert link.is_symlink()
    assert load_project(real).issue.number == 30


@posix_only
def test_a_link_to_nowhere_saves_to_the_file_it_names(tmp_path: Path) -> None:
    (tmp_path / "共享").mkdir()
    real = tmp_path / "共享" / "新一期.banmian"
    link = tmp_path / "新一期.banmian"
    link.symlink_to(real)
    save_project(_issue(31), link)
    assert link.is_symlink() and load_project(real).issue.number == 31


@posix_only
def test_a_loop_of_links_is_an_error_and_stays_a_loop(tmp_path: Path) -> None:
    first, second = tmp_path / "甲.banmian", tmp_path / "乙.banmian"
    first.symlink_to(second.name)
    second.symlink_to(first.name)
    with pytest.raises(OSError) as raised:
        save_project(_issue(28), first)
    assert raised.value.errno == errno.ELOOP
    assert first.is_symlink() and os.readlink(first) == "乙.banmian"
    assert not _temp_files(tmp_path)


# ------------------------------------------------------------- read-only


@posix_only
@pytest.mark.parametrize("through_link", [False, True], ids=["the file", "a link to it"])
def test_a_read_only_project_is_refused_with_a_message_and_left_unchanged(tmp_path: Path, through_link: bool) -> None:
    real = tmp_path / "期刊.banmian"
    save_project(_issue(28), real)
    os.chmod(real, 0o444)
    before = real.read_bytes()
    target = real
    if through_link:
        target = tmp_path / "链接.banmian"
        target.symlink_to(real)
    with pytest.raises(ReadOnlyTargetError) as raised:
        save_project(_issue(29), target)
    message = raised.value.message
    assert message.startswith("“") and target.name in message
    assert message.endswith("”是只读文件，无法保存。请用“另存为”保存到另一个文件。")
    assert isinstance(raised.value, PermissionError), "callers guarding against OSError still catch it"
    assert real.read_bytes() == before and stat.S_IMODE(real.stat().st_mode) == 0o444
    assert not _temp_files(tmp_path)


@posix_only
def test_a_read_only_document_json_refuses_a_folder_save(tmp_path: Path) -> None:
    from editor.io.project import save_project_folder

    folder = tmp_path / "期刊"
    save_project_folder(_issue(28), folder)
    os.chmod(folder / "document.json", 0o444)
    before = (folder / "document.json").read_bytes()
    with pytest.raises(ReadOnlyTargetError):
        save_project(_issue(29), folder)
    assert (folder / "document.json").read_bytes() == before


@posix_only
def test_a_folder_or_a_device_as_target_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    folder = tmp_path / "文件夹"
    folder.mkdir()
    with pytest.raises(NotAFileTargetError) as raised:
        write_atomically(folder, lambda handle: handle.write(b"x"))
    assert raised.value.message.endswith("”是一个文件夹，无法保存到这里。请换一个文件名。")
    dev_before = sorted(os.listdir("/dev"))
    with pytest.raises(NotAFileTargetError) as raised:
        write_atomically(Path("/dev/null"), lambda handle: handle.write(b"x"))
    assert raised.value.message == "“/dev/null”不是普通文件（是设备或管道），无法保存到这里。请换一个文件名。"
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert sorted(os.listdir("/dev")) == dev_before
    fifo = tmp_path / "管道"
    os.mkfifo(fifo)
    with pytest.raises(NotAFileTargetError):
        write_atomically(fifo, lambda handle: handle.write(b"x"))
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


# ------------------------------------------------------- operating-system errors


_FAILURES = {
    "ENOSPC": (errno.ENOSPC, "No space left on device", "磁盘空间不足"),
    "EACCES": (errno.EACCES, "Permission denied", "文件被占用或没有写入权限"),
    "ENAMETOOLONG": (errno.ENAMETOOLONG, "File name too long", "文件名或路径过长"),
}


@pytest.mark.parametrize("name", sorted(_FAILURES))
def test_an_export_failing_in_the_system_says_why_in_one_chinese_line(tmp_path: Path, monkeypatch, name: str) -> None:
    code, english, chinese = _FAILURES[name]

    def failing_fsync(fd: int) -> None:
        raise OSError(code, english)

    monkeypatch.setattr(atomic.os, "fsync", failing_fsync)
    monkeypatch.chdir(tmp_path)
    (tmp_path / f"第28期{LINE_BREAK}（定稿）").mkdir()  # a line break in a folder's name: file names with one are refused
    target = Path(f"第28期{LINE_BREAK}（定稿）") / "样刊.pdf"
    with pytest.raises(ExportError) as raised, export_file(target, held_by="其他程序") as handle:
        handle.write(b"%PDF-")
    message = raised.value.message
    assert chinese in message and english not in message
    assert "\n" not in message and f"第28期{LINE_BREAK_SHOWN}（定稿）{os.sep}样刊.pdf" in message
    assert _latin_letters(message.replace("pdf", "")) == []
    assert not target.exists() and not _temp_files(tmp_path)


@posix_only
def test_an_export_over_a_read_only_file_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "定稿.pdf"
    target.write_bytes(b"old")
    os.chmod(target, 0o444)
    with pytest.raises(ExportError) as raised, export_file(target, held_by="其他程序") as handle:
        handle.write(b"new")
    assert raised.value.message == f"“{target}”是只读文件，无法导出到这里。请换一个文件名。"
    assert target.read_bytes() == b"old"


# ------------------------------------------------------------- long names


def test_a_project_named_with_80_chinese_characters_saves_locks_and_reopens(tmp_path: Path) -> None:
    path = tmp_path / f"{EIGHTY_CHINESE}.banmian"
    assert len(path.name.encode("utf-8")) == 248
    save_project(_issue(28), path)
    result = acquire_lock(path)
    assert result.state is LockState.ACQUIRED
    lock = lock_path_for(path)
    assert lock.exists() and len(lock.name.encode("utf-8")) <= 255
    assert lock.name.startswith(".~lock.党群工作") and lock.name.endswith("#")
    save_project(_issue(29), path)
    assert load_project(path).issue.number == 29
    again = acquire_lock(path)
    assert again.state is LockState.HELD_HERE, "a second editor finds the same shortened lock"
    result.lock.release()
    assert not lock.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


def test_long_lock_names_differ_for_projects_that_differ_only_at_the_end(tmp_path: Path) -> None:
    first = lock_path_for(tmp_path / f"{EIGHTY_CHINESE}甲.banmian")
    second = lock_path_for(tmp_path / f"{EIGHTY_CHINESE}乙.banmian")
    assert first != second
    assert lock_path_for(tmp_path / "短名.banmian").name == ".~lock.短名.banmian#"


@posix_only
def test_every_path_to_a_project_finds_the_same_lock(tmp_path: Path) -> None:
    real = tmp_path / "共享" / "期刊.banmian"
    real.parent.mkdir()
    real.write_bytes(b"stand-in")
    link = tmp_path / "期刊链接.banmian"
    link.symlink_to(real)
    result = acquire_lock(real)
    assert lock_path_for(link) == real.parent / ".~lock.期刊.banmian#"
    assert acquire_lock(link).state is LockState.HELD_HERE
    result.lock.release()


# ------------------------------------------------- leftovers of killed saves

_KILLED_SAVE = textwrap.dedent("""
    import os, sys
    from pathlib import Path
    from editor.io.atomic import atomic_writer
    with atomic_writer(Path(sys.argv[1])) as handle:
        handle.write(b"half a project" * 1000)
        handle.flush()
        os._exit(9)          # killed in the middle of the save
""")


def _killed_save(target: Path) -> Path:
    """Run a save that dies half-way; the temporary file it leaves, dated three minutes ago."""
    before = set(target.parent.iterdir())
    subprocess.run([sys.executable, "-c", _KILLED_SAVE, str(target)], cwd=editor.PROJECT_ROOT, check=False, timeout=120)
    (left,) = set(target.parent.iterdir()) - before
    past = time.time() - 180
    os.utime(left, (past, past))
    return left


def test_taking_the_lock_removes_what_killed_saves_of_the_project_left(tmp_path: Path) -> None:
    project = tmp_path / "期刊.banmian"
    save_project(_issue(28), project)
    left = _killed_save(project)
    other = _killed_save(tmp_path / "别的期刊.banmian")
    recent = _killed_save(project)
    os.utime(recent, None)  # a save that may still be running: never touched
    result = acquire_lock(project)
    assert result.state is LockState.ACQUIRED
    assert not left.exists()
    assert other.exists(), "another project's leftovers belong to its own lock holder"
    assert recent.exists()
    assert load_project(project).issue.number == 28
    result.lock.release()


def test_taking_the_lock_of_a_folder_project_removes_its_leftovers(tmp_path: Path) -> None:
    from editor.io.project import save_project_folder

    folder = tmp_path / "期刊"
    save_project_folder(_issue(28), folder)
    (folder / "assets").mkdir(exist_ok=True)
    left = [_killed_save(folder / "document.json"), _killed_save(folder / "assets" / ("0" * 32 + ".jpg"))]
    result = acquire_lock(folder)
    assert result.state is LockState.ACQUIRED
    assert [p.exists() for p in left] == [False, False]
    assert load_project(folder).issue.number == 28
    result.lock.release()
