"""A folder where a file is expected is "not a regular file" on every system.

POSIX opens a folder read-only and ``fstat`` tells; Windows refuses to open it at all with
"access denied", which would reach the user as 没有权限 — wrong, and no use to them. Here the
Windows refusal is played by a stand-in ``os.open`` (the Windows leg of CI meets the real one)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from editor.io import regular_files
from editor.io.regular_files import NotRegularFileError, read_regular_file


def _refusing_open(refused: Path):
    real_open = os.open

    def fake_open(path, flags, *args):
        if Path(path) == refused:
            raise PermissionError(errno.EACCES, "Access is denied")
        return real_open(path, flags, *args)
    return fake_open


def test_a_folder_is_not_a_regular_file_here(tmp_path: Path) -> None:
    with pytest.raises(NotRegularFileError):
        read_regular_file(tmp_path, 100)


def test_a_folder_windows_refuses_to_open_is_not_a_regular_file(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(regular_files, "long_path", lambda path: path)
    monkeypatch.setattr(regular_files.os, "open", _refusing_open(tmp_path))
    with pytest.raises(NotRegularFileError):
        read_regular_file(tmp_path, 100)


def test_a_file_the_system_refuses_stays_a_permission_error(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "document.json"
    path.write_bytes(b"{}")
    monkeypatch.setattr(regular_files, "long_path", lambda path: path)
    monkeypatch.setattr(regular_files.os, "open", _refusing_open(path))
    with pytest.raises(PermissionError):
        read_regular_file(path, 100)
