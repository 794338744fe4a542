"""A file over the caller's limit is refused naming both its size and the limit.

The size is the file's own (on disk, or as much as was read when it grew while being read);
callers quote these in their messages.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from editor.io import regular_files
from editor.io.regular_files import FileTooLargeError, hash_regular_file, read_regular_file


def test_a_file_over_the_limit_is_refused_with_its_size_and_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "稿件.txt"
    path.write_bytes(b"0123456789")
    with pytest.raises(FileTooLargeError) as refused:
        read_regular_file(path, 4)
    assert (refused.value.size, refused.value.limit) == (10, 4)
    assert str(refused.value) == "file of 10 bytes exceeds the limit of 4 bytes"


def test_a_file_exactly_at_the_limit_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "稿件.txt"
    path.write_bytes(b"0123")
    assert read_regular_file(path, 4) == b"0123"


def test_hashing_a_file_over_the_limit_is_refused_before_any_byte_is_hashed(tmp_path: Path) -> None:
    path = tmp_path / "项目.banmian"
    path.write_bytes(b"x" * 100)
    digest = hashlib.sha256()
    with pytest.raises(FileTooLargeError) as refused:
        hash_regular_file(path, 99, digest)
    assert (refused.value.size, refused.value.limit) == (100, 99)
    assert digest.hexdigest() == hashlib.sha256().hexdigest()


def test_a_file_that_grows_past_the_limit_while_read_is_refused_at_what_was_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "正在写入.txt"
    path.write_bytes(b"abc")
    real_read = regular_files.os.read
    appended = []

    def read_then_grow(fd: int, count: int) -> bytes:
        chunk = real_read(fd, count)
        if not appended:  # another program appends after the size was checked
            appended.append(True)
            with path.open("ab") as handle:
                handle.write(b"defgh")
        return chunk

    monkeypatch.setattr(regular_files.os, "read", read_then_grow)
    with pytest.raises(FileTooLargeError) as refused:
        read_regular_file(path, 5)
    # It stops at the first byte past the limit: a growing file is never read further.
    assert (refused.value.size, refused.value.limit) == (6, 5)
