"""Where the first 保存 and 打开 dialogs start: the user's 文档 folder.

On Linux that is the XDG documents folder (``XDG_DOCUMENTS_DIR`` in
``~/.config/user-dirs.dirs``, e.g. ``$HOME/文档`` on a Chinese desktop), read
from the file rather than by running ``xdg-user-dir``; when it is not set or
not there, ``~/Documents`` if it exists, else the home folder. On Windows the
known-folder lookup (Qt's, which asks the shell for FOLDERID_Documents) stays.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QStandardPaths

from editor.ui.files import documents_folder


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty home folder with its own config folder, on Linux."""
    home = tmp_path / "家"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("USERPROFILE", str(home))  # Path.home() on Windows, where CI runs these too
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.delenv("XDG_DOCUMENTS_DIR", raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    return home


def _user_dirs(home: Path, *lines: str) -> None:
    config = home / ".config"
    config.mkdir(exist_ok=True)
    (config / "user-dirs.dirs").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_the_xdg_documents_folder_named_from_home_is_used(home: Path) -> None:
    (home / "文档").mkdir()
    _user_dirs(home, "# This file is written by xdg-user-dirs-update", 'XDG_DESKTOP_DIR="$HOME/桌面"',
               'XDG_DOCUMENTS_DIR="$HOME/文档"')
    assert documents_folder() == home / "文档"


def test_an_absolute_xdg_documents_folder_is_used(home: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "共享" / "文档"
    elsewhere.mkdir(parents=True)
    _user_dirs(home, f'XDG_DOCUMENTS_DIR="{elsewhere}"')
    assert documents_folder() == elsewhere


def test_the_config_folder_is_found_through_xdg_config_home(home: Path, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "别处配置"
    config.mkdir()
    (home / "我的文档").mkdir()
    (config / "user-dirs.dirs").write_text('XDG_DOCUMENTS_DIR="$HOME/我的文档"\n', encoding="utf-8")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    assert documents_folder() == home / "我的文档"


def test_without_user_dirs_and_without_documents_the_dialog_starts_at_home(home: Path) -> None:
    assert documents_folder() == home


def test_without_user_dirs_an_existing_documents_folder_is_used(home: Path) -> None:
    (home / "Documents").mkdir()
    assert documents_folder() == home / "Documents"


def test_a_documents_folder_that_is_not_there_falls_back_to_home(home: Path) -> None:
    _user_dirs(home, 'XDG_DOCUMENTS_DIR="$HOME/文档"')
    assert documents_folder() == home


def test_a_documents_folder_set_to_home_itself_means_home(home: Path) -> None:
    (home / "Documents").mkdir()
    _user_dirs(home, 'XDG_DOCUMENTS_DIR="$HOME/"')
    assert documents_folder() == home


def test_the_environment_variable_counts_when_the_file_does_not_name_the_folder(
        home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "文件"
    folder.mkdir()
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(folder))
    assert documents_folder() == folder


@pytest.mark.parametrize("line", ["XDG_DOCUMENTS_DIR=", 'XDG_DOCUMENTS_DIR="relative/文档"', "垃圾", "=\"$HOME\"",
                                  'XDG_DOCUMENTS_DIR="$HOME/不在这里'])
def test_a_line_that_names_no_usable_folder_is_passed_over(home: Path, line: str) -> None:
    (home / "Documents").mkdir()
    _user_dirs(home, line)
    assert documents_folder() == home / "Documents"


def test_a_folder_in_place_of_user_dirs_is_passed_over(home: Path) -> None:
    (home / ".config" / "user-dirs.dirs").mkdir(parents=True)
    (home / "Documents").mkdir()
    assert documents_folder() == home / "Documents"


def test_on_windows_the_known_folder_lookup_is_asked_and_user_dirs_is_not_read(
        home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (home / "文档").mkdir()
    _user_dirs(home, 'XDG_DOCUMENTS_DIR="$HOME/文档"')
    known = tmp_path / "Users" / "张三" / "OneDrive" / "文档"
    asked: list[object] = []

    def writable_location(location: object) -> str:
        asked.append(location)
        return str(known)

    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(QStandardPaths, "writableLocation", writable_location)
    assert documents_folder() == known
    assert asked == [QStandardPaths.StandardLocation.DocumentsLocation]


def test_on_windows_without_a_known_folder_the_dialog_starts_at_home(
        home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(QStandardPaths, "writableLocation", lambda location: "")
    assert documents_folder() == home
