"""Atomic saves, the parts a user or a caller relies on: what is refused and how it is said,
how temporary files are named, found and cleaned, which permissions the new file gets, and
that both the file and its folder reach the disk.

Names are worked out by hand from the documented pattern ``.<target name>.<12 hex>.tmp``
(cut to ``.<start of name>~.<12 hex>.tmp`` when a name of 255 bytes or UTF-16 units would
not hold it). Randomness, the clock and ``fsync``/``fchown`` are played by stand-ins (the
system edge); the code under test is never replaced. Every test here also runs on Windows.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

import pytest

from editor.errors import BanmianError, display_name
from editor.io import atomic
from editor.io.atomic import (
    NotAFileTargetError,
    ReadOnlyTargetError,
    TargetError,
    atomic_writer,
    is_read_only,
    name_fits,
    real_target,
    remove_stale_temp_files,
    remove_stale_temp_files_in,
    stale_temp_files,
    write_atomically,
)

NOW = 1_700_000_000.0


def _old(path: Path, age_s: float, data: bytes = b"half a save") -> Path:
    path.write_bytes(data)
    os.utime(path, (NOW - age_s, NOW - age_s))
    return path


@pytest.fixture()
def clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """The clock stands still at ``NOW``."""
    monkeypatch.setattr(atomic.time, "time", lambda: NOW)


@pytest.fixture()
def tokens(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Temporary names get the tokens 000000000001, 000000000002, … ; the sizes asked for are kept."""
    asked: list[int] = []

    def token_hex(nbytes: int) -> str:
        asked.append(nbytes)
        return f"{len(asked):012x}"

    monkeypatch.setattr(atomic.secrets, "token_hex", token_hex)
    return asked


def _temp_names_seen(target: Path) -> list[str]:
    """The names beside ``target`` (other than it) while it is being written."""
    seen: list[str] = []

    def write(handle: BinaryIO) -> None:
        seen.extend(sorted(name for name in os.listdir(target.parent) if name != target.name))
        handle.write(b"content")

    write_atomically(target, write)
    return seen


# ---------------------------------------------------------------- names


def test_the_temporary_file_is_hidden_beside_the_target_and_named_after_it(tmp_path: Path, tokens: list[int]) -> None:
    assert _temp_names_seen(tmp_path / "第28期.banmian") == [".第28期.banmian.000000000001.tmp"]
    assert tokens == [6]  # 6 random bytes: 12 hex digits
    assert (tmp_path / "第28期.banmian").read_bytes() == b"content"


def test_a_name_of_255_bytes_fits_and_one_of_256_does_not() -> None:
    assert name_fits("a" * 255) and not name_fits("a" * 256)
    assert name_fits("中" * 85) and not name_fits("中" * 86)  # 3 bytes each in UTF-8
    assert name_fits("\udcff" * 85) and not name_fits("\udcff" * 86)  # an undecodable byte, kept as a surrogate


def test_a_target_whose_temporary_name_just_fits_keeps_its_whole_name(tmp_path: Path, tokens: list[int]) -> None:
    name = "a" * 237  # ".", 237, ".", 12 hex and ".tmp": 255 bytes
    assert _temp_names_seen(tmp_path / name) == [f".{name}.000000000001.tmp"]


@pytest.mark.parametrize("length", [238, 239])
def test_a_longer_target_has_its_name_cut_with_a_tilde(tmp_path: Path, tokens: list[int], length: int) -> None:
    # ".", the cut name, "~.", 12 hex and ".tmp": 236 characters of the name fit in 255 bytes.
    assert _temp_names_seen(tmp_path / ("a" * length)) == [f".{'a' * 236}~.000000000001.tmp"]


def test_a_long_chinese_name_is_cut_at_a_whole_character(tmp_path: Path, tokens: list[int]) -> None:
    name = "长" * 80 + ".banmian"  # 248 bytes; the cut stem may have 236: 78 characters
    assert _temp_names_seen(tmp_path / name) == [f".{'长' * 78}~.000000000001.tmp"]


def test_a_temporary_name_already_taken_is_passed_over(tmp_path: Path, tokens: list[int]) -> None:
    taken = tmp_path / ".第28期.banmian.000000000001.tmp"
    taken.write_bytes(b"another save's")
    target = tmp_path / "第28期.banmian"
    write_atomically(target, lambda handle: handle.write(b"saved"))
    assert target.read_bytes() == b"saved" and taken.read_bytes() == b"another save's"
    assert tokens == [6, 6]


def test_after_a_hundred_names_taken_the_save_gives_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[int] = []

    def same_token(nbytes: int) -> str:
        asked.append(nbytes)
        return "abcdefabcdef"

    monkeypatch.setattr(atomic.secrets, "token_hex", same_token)
    (tmp_path / ".第28期.banmian.abcdefabcdef.tmp").write_bytes(b"")
    target = tmp_path / "第28期.banmian"
    with pytest.raises(FileExistsError) as refused:
        write_atomically(target, lambda handle: handle.write(b"saved"))
    assert (refused.value.errno, refused.value.filename) == (errno.EEXIST, str(target))
    assert refused.value.strerror == "no free temporary file name"
    assert len(asked) == 100
    assert not target.exists()


# ---------------------------------------------------------------- leftovers of killed saves


def test_a_leftover_is_stale_from_two_minutes_on(tmp_path: Path, clock: None) -> None:
    target = tmp_path / "第28期.banmian"
    stale = _old(tmp_path / ".第28期.banmian.0123456789ab.tmp", 120)
    _old(tmp_path / ".第28期.banmian.ba9876543210.tmp", 119.5)
    assert stale_temp_files(target) == [stale]
    assert sorted(stale_temp_files(target, older_than_s=119)) == sorted(tmp_path.iterdir())
    assert stale_temp_files(target, older_than_s=121) == []


@pytest.mark.parametrize("name", [
    ".第29期.banmian.0123456789ab.tmp",  # another project's
    ".第28期.banmian.0123456789a.tmp",  # 11 hex digits
    ".第28期.banmian.0123456789AB.tmp",  # not as we write them
    ".第28期.banmian.0123456789ab.tmp.bak",
    ".第28期.banmian.0123456789ab.tmpx",
    "第28期.banmian.0123456789ab.tmp",  # not hidden
    ".第28期xbanmian.0123456789ab.tmp",
])
def test_files_that_only_look_like_leftovers_are_kept(tmp_path: Path, clock: None, name: str) -> None:
    _old(tmp_path / name, 3600)
    assert stale_temp_files(tmp_path / "第28期.banmian") == []
    assert remove_stale_temp_files(tmp_path / "第28期.banmian") == 0
    assert (tmp_path / name).exists()


def test_a_folder_named_like_a_leftover_is_kept(tmp_path: Path, clock: None) -> None:
    folder = tmp_path / ".第28期.banmian.0123456789ab.tmp"
    folder.mkdir()
    os.utime(folder, (NOW - 3600, NOW - 3600))
    assert stale_temp_files(tmp_path / "第28期.banmian") == []


def test_leftovers_of_a_long_name_are_found_by_its_cut_name(tmp_path: Path, clock: None) -> None:
    stale = _old(tmp_path / f".{'a' * 236}~.0123456789ab.tmp", 3600)
    assert [path.name for path in stale_temp_files(tmp_path / ("a" * 238))] == [stale.name]  # Windows: \\?\ path
    assert stale_temp_files(tmp_path / ("a" * 237)) == []


def test_leftovers_in_a_folder_that_is_not_there_are_none(tmp_path: Path) -> None:
    assert stale_temp_files(tmp_path / "没有" / "第28期.banmian") == []
    assert remove_stale_temp_files_in(tmp_path / "没有") == 0


def test_a_folder_one_writer_owns_is_cleaned_of_any_targets_leftovers(tmp_path: Path, clock: None) -> None:
    gone = [_old(tmp_path / ".document.json.0123456789ab.tmp", 3600),
            _old(tmp_path / ".0123456789abcdef.jpg.abcdefabcdef.tmp", 120)]
    kept = [_old(tmp_path / ".document.json.fedcba987654.tmp", 60),
            _old(tmp_path / "..0123456789ab.tmp", 3600),
            _old(tmp_path / "document.json", 3600)]
    assert remove_stale_temp_files_in(tmp_path) == 2
    assert [path.exists() for path in gone] == [False, False]
    assert [path.exists() for path in kept] == [True, True, True]
    assert remove_stale_temp_files_in(tmp_path, older_than_s=30) == 1
    assert not kept[0].exists()


def test_a_leftover_that_is_already_gone_is_not_counted(tmp_path: Path) -> None:
    there = _old(tmp_path / ".a.0123456789ab.tmp", 3600)
    assert atomic._remove_all([tmp_path / ".b.0123456789ab.tmp", there]) == 1
    assert not there.exists()


# ---------------------------------------------------------------- refused targets


def test_a_read_only_target_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    target = tmp_path / "第28期.banmian"
    target.write_bytes(b"protected")
    target.chmod(stat.S_IREAD)
    written: list[bool] = []
    try:
        with pytest.raises(ReadOnlyTargetError) as refused:
            write_atomically(target, lambda handle: written.append(True))
    finally:
        target.chmod(stat.S_IREAD | stat.S_IWRITE)
    error = refused.value
    assert error.message == f"“{display_name(target)}”是只读文件，无法保存。请用“另存为”保存到另一个文件。"
    assert (error.errno, error.filename, error.path) == (errno.EACCES, str(target), target)
    assert isinstance(error, PermissionError) and isinstance(error, BanmianError)
    assert written == [] and sorted(tmp_path.iterdir()) == [target] and target.read_bytes() == b"protected"


def test_a_folder_as_target_is_refused_saying_it_is_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "第28期"
    folder.mkdir()
    with pytest.raises(NotAFileTargetError) as refused:
        with atomic_writer(folder):
            pytest.fail("the body must not run")
    assert refused.value.message == f"“{display_name(folder)}”是一个文件夹，无法保存到这里。请换一个文件名。"
    assert (refused.value.errno, refused.value.filename) == (errno.EISDIR, str(folder))
    assert list(tmp_path.iterdir()) == [folder]


def test_a_device_as_target_is_refused_saying_it_is_no_ordinary_file() -> None:
    error = NotAFileTargetError(Path("打印机"), is_folder=False)
    assert error.message == "“打印机”不是普通文件（是设备或管道），无法保存到这里。请换一个文件名。"
    assert (error.errno, error.filename, error.path) == (errno.EINVAL, "打印机", Path("打印机"))
    assert isinstance(error, OSError) and isinstance(error, TargetError)


@pytest.mark.parametrize(("mode", "read_only"), [
    (0o100444, True), (0o100000, True), (0o100644, False), (0o100200, False), (0o100020, False), (0o100002, False),
])
def test_any_write_bit_lets_the_system_decide_and_none_is_read_only(tmp_path: Path, mode: int, read_only: bool) -> None:
    writable = tmp_path / "第28期.banmian"
    writable.write_bytes(b"x")
    info = os.stat_result((mode, 0, 0, 1, 0, 0, 1, 0, 0, 0))
    assert is_read_only(writable, info) is read_only


def test_a_link_that_goes_round_in_a_loop_is_an_error_naming_the_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "环.banmian"
    monkeypatch.setattr(atomic.os.path, "islink", lambda path: True)  # what realpath leaves at a loop
    with pytest.raises(OSError) as loop:
        real_target(target)
    assert (loop.value.errno, loop.value.filename) == (errno.ELOOP, str(target))
    assert loop.value.strerror == os.strerror(errno.ELOOP)


# ---------------------------------------------------------------- what reaches the disk


def test_a_failed_body_leaves_the_old_file_and_no_temporary_one(tmp_path: Path) -> None:
    target = tmp_path / "第28期.banmian"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError):
        with atomic_writer(target) as handle:
            handle.write(b"half")
            raise RuntimeError("the save failed")
    assert sorted(tmp_path.iterdir()) == [target] and target.read_bytes() == b"old"


def test_the_file_and_then_its_folder_are_flushed_to_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[str] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        synced.append("folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else f"file of {os.fstat(fd).st_size} bytes")
        real_fsync(fd)

    monkeypatch.setattr(atomic.os, "fsync", fsync)
    write_atomically(tmp_path / "第28期.banmian", lambda handle: handle.write(b"12345"))
    # Windows has no folder handles: NTFS journals the rename.
    assert synced == (["file of 5 bytes", "folder"] if os.name == "posix" else ["file of 5 bytes"])


def test_a_new_file_gets_the_ordinary_permissions(tmp_path: Path) -> None:
    old_umask = os.umask(0o022)
    try:
        write_atomically(tmp_path / "第28期.banmian", lambda handle: handle.write(b"x"))
    finally:
        os.umask(old_umask)
    mode = stat.S_IMODE(os.stat(tmp_path / "第28期.banmian").st_mode)
    assert mode == (0o644 if os.name == "posix" else 0o666)


class _Ownership:
    """Stand-ins for ``fchown``/``fchmod`` that record what they were asked."""

    def __init__(self, chown_fails: bool = False, chmod_fails: bool = False) -> None:
        self.chown_fails = chown_fails
        self.chmod_fails = chmod_fails
        self.calls: list[tuple[str, int, int | None, int | None]] = []

    def fchown(self, fd: int, uid: int, gid: int) -> None:
        self.calls.append(("chown", fd, uid, gid))
        if self.chown_fails:
            raise PermissionError(errno.EPERM, "Operation not permitted")

    def fchmod(self, fd: int, mode: int) -> None:
        self.calls.append(("chmod", fd, mode, None))
        if self.chmod_fails:
            raise PermissionError(errno.EPERM, "Operation not permitted")


def _stat_of(fd: int, uid: int, gid: int, mode: int) -> os.stat_result:
    real = os.fstat(fd)
    return os.stat_result((mode, real.st_ino, real.st_dev, 1, uid, gid, 0, 0, 0, 0))


@pytest.mark.parametrize(("chown_fails", "chmod_fails"), [(False, False), (True, False), (False, True)])
def test_the_old_files_owner_group_and_mode_are_given_to_the_new_one_as_far_as_allowed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chown_fails: bool, chmod_fails: bool
) -> None:
    ownership = _Ownership(chown_fails, chmod_fails)
    monkeypatch.setattr(atomic.os, "fchown", ownership.fchown, raising=False)
    monkeypatch.setattr(atomic.os, "fchmod", ownership.fchmod, raising=False)
    with (tmp_path / "new").open("wb") as handle:
        fd = handle.fileno()
        now = os.fstat(fd)
        atomic._copy_ownership(fd, _stat_of(fd, now.st_uid + 1, now.st_gid + 2, 0o100640))
    assert ownership.calls == [("chown", fd, now.st_uid + 1, now.st_gid + 2), ("chmod", fd, 0o640, None)]


def test_an_owner_already_the_same_is_not_set_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ownership = _Ownership()
    monkeypatch.setattr(atomic.os, "fchown", ownership.fchown, raising=False)
    monkeypatch.setattr(atomic.os, "fchmod", ownership.fchmod, raising=False)
    with (tmp_path / "new").open("wb") as handle:
        fd = handle.fileno()
        now = os.fstat(fd)
        atomic._copy_ownership(fd, _stat_of(fd, now.st_uid, now.st_gid, 0o100600))
    assert ownership.calls == [("chmod", fd, 0o600, None)]


def test_saving_over_a_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "第28期.banmian"
    target.write_bytes(b"old")
    target.chmod(0o640)
    write_atomically(target, lambda handle: handle.write(b"new"))
    # Windows keeps only the read-only attribute, and 0o640 is writable.
    assert stat.S_IMODE(os.stat(target).st_mode) == (0o640 if os.name == "posix" else 0o666)
    assert target.read_bytes() == b"new"
