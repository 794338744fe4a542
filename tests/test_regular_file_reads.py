"""How an untrusted file is read: in chunks of at most 1 MiB, never asking for more than it holds,
its end alone when only the end is wanted, and anything but a regular file refused by name.

The module promises to read "no more than the file's size or the limit, whichever is smaller —
never a buffer of the limit's size"; the reads asked of the system are recorded through a
stand-in ``os.read`` (the system edge) and compared with sizes worked out here by hand.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from editor.io import regular_files
from editor.io.regular_files import (
    NotRegularFileError,
    hash_regular_file,
    is_regular_file,
    read_regular_file,
    read_regular_file_end,
)

MIB = 1024 * 1024


@pytest.fixture()
def asked(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The byte counts asked of ``os.read``, in order."""
    counts: list[int] = []
    real_read = os.read

    def recording_read(fd: int, count: int) -> bytes:
        counts.append(count)
        return real_read(fd, count)

    monkeypatch.setattr(regular_files.os, "read", recording_read)
    return counts


def _file(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "稿件.bin"
    path.write_bytes(data)
    return path


def test_a_file_over_a_mib_is_read_a_mib_at_a_time_and_no_more_than_it_holds(
    tmp_path: Path, asked: list[int]
) -> None:
    data = bytes(range(256)) * (2 * MIB // 256) + b"12345"
    assert read_regular_file(_file(tmp_path, data), 64 * MIB) == data
    # 2 MiB + 5 bytes, asked for as 1 MiB, 1 MiB, then the 5 left and 1 to notice growth, then 1 at the end.
    assert asked == [MIB, MIB, 6, 1]


def test_a_small_file_is_asked_for_its_size_and_one_byte_more(tmp_path: Path, asked: list[int]) -> None:
    assert read_regular_file(_file(tmp_path, b"0123456789"), 64 * MIB) == b"0123456789"
    assert asked == [11, 1]


def test_an_empty_file_is_read_as_nothing(tmp_path: Path, asked: list[int]) -> None:
    assert read_regular_file(_file(tmp_path, b""), 100) == b""
    assert asked == [1]


def test_hashing_feeds_the_chunks_in_order(tmp_path: Path) -> None:
    data = b"a" * MIB + b"bc"
    chunks: list[bytes] = []

    class Recorder:
        def update(self, chunk: bytes, /) -> None:
            chunks.append(chunk)

    hash_regular_file(_file(tmp_path, data), 2 * MIB, Recorder())
    assert [len(chunk) for chunk in chunks] == [MIB, 2]
    assert b"".join(chunks) == data


@pytest.mark.parametrize(("max_bytes", "end"), [(4, b"6789"), (9, b"123456789"), (10, b"0123456789"), (50, b"0123456789")])
def test_the_end_of_a_file_is_its_last_bytes_with_its_size(tmp_path: Path, max_bytes: int, end: bytes) -> None:
    assert read_regular_file_end(_file(tmp_path, b"0123456789"), max_bytes) == (10, end)


def test_asking_for_no_bytes_of_the_end_gives_the_size_alone(tmp_path: Path) -> None:
    assert read_regular_file_end(_file(tmp_path, b"0123456789"), 0) == (10, b"")


def test_the_end_of_a_large_file_is_read_without_its_start(tmp_path: Path, asked: list[int]) -> None:
    data = b"x" * (3 * MIB) + b"end of central directory"
    assert read_regular_file_end(_file(tmp_path, data), 24) == (len(data), b"end of central directory")
    assert asked == [24, 1]


def test_the_end_of_a_folder_is_refused_as_not_a_regular_file(tmp_path: Path) -> None:
    with pytest.raises(NotRegularFileError) as refused:
        read_regular_file_end(tmp_path, 22)
    assert str(refused.value) == f"not a regular file: {str(tmp_path)!r}"


def test_a_folder_is_refused_naming_it(tmp_path: Path) -> None:
    folder = tmp_path / "照片"
    folder.mkdir()
    with pytest.raises(NotRegularFileError) as refused:
        read_regular_file(folder, 100)
    assert str(refused.value) == f"not a regular file: {str(folder)!r}"


def test_a_missing_file_is_not_found(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_regular_file(tmp_path / "没有.json", 100)


def test_only_an_existing_regular_file_is_a_regular_file(tmp_path: Path) -> None:
    path = _file(tmp_path, b"x")
    assert is_regular_file(path) is True
    assert is_regular_file(tmp_path) is False
    assert is_regular_file(tmp_path / "没有.bin") is False
    assert is_regular_file(str(path) + "\x00") is False


def test_a_folder_windows_refuses_to_open_is_refused_naming_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_open = os.open

    def refusing_open(path: str, flags: int, *args: int) -> int:
        if Path(path) == tmp_path:
            raise PermissionError(13, "Access is denied")  # what Windows says when a folder is opened as a file
        return real_open(path, flags, *args)

    monkeypatch.setattr(regular_files.os, "open", refusing_open)
    with pytest.raises(NotRegularFileError) as refused:
        read_regular_file(tmp_path, 100)
    assert str(refused.value) == f"not a regular file: {str(tmp_path)!r}"
    assert refused.value.__suppress_context__
