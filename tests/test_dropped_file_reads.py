"""Files the user hands the editor (插入图片…, a text file dropped on the page) may be anything:
a FIFO, a folder, a huge file, one the system refuses. Each gives one line of Chinese, at once
(issue #7).
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from editor.errors import PhotoError
from editor.io import article_import
from editor.io.article_import import read_article
from editor.io.docx_reader import ArticleImportError
from editor.ui import arrange_commands

posix_only = pytest.mark.skipif(os.name != "posix", reason="FIFOs")


def _sparse(path: Path, size: int) -> Path:
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


@posix_only
def test_a_fifo_dropped_as_text_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "稿件.txt"
    os.mkfifo(fifo)
    with pytest.raises(ArticleImportError) as raised:
        read_article(fifo)
    assert raised.value.message == "无法导入“稿件.txt”：它不是普通文件（可能是文件夹、管道或设备）。"


def test_a_huge_text_file_is_refused_unread(tmp_path: Path) -> None:
    huge = _sparse(tmp_path / "大.txt", 64 * 1024 * 1024)
    with pytest.raises(ArticleImportError) as raised:
        read_article(huge)
    assert raised.value.message.startswith("无法导入“大.txt”：文件过大（超过 ")


def test_a_text_file_the_system_refuses_is_explained_in_chinese(tmp_path: Path, monkeypatch) -> None:
    def refuse(path, limit):
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(article_import, "read_regular_file", refuse)
    with pytest.raises(ArticleImportError) as raised:
        read_article(tmp_path / "稿件\n二.txt")
    assert raised.value.message == "无法导入“稿件?二.txt”：读取失败（没有权限）。"


def test_a_folder_chosen_as_a_photo_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "照片.jpg"
    folder.mkdir()
    with pytest.raises(PhotoError) as raised:
        arrange_commands._read_photo(folder)
    assert raised.value.message in ("无法读取图片“照片.jpg”：它不是普通文件（是文件夹或设备）。",
                                    "无法读取图片“照片.jpg”：没有权限。")  # Windows cannot open a folder


def test_a_photo_over_the_limit_is_refused_unread(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(arrange_commands, "MAX_PHOTO_BYTES", 1024 * 1024)
    huge = _sparse(tmp_path / "大图.jpg", 1024 * 1024 + 1)
    with pytest.raises(PhotoError) as raised:
        arrange_commands._read_photo(huge)
    assert raised.value.message == "图片“大图.jpg”过大（超过 1 MB），无法插入。"


def test_a_photo_the_disk_fails_to_read_is_explained_in_chinese(tmp_path: Path, monkeypatch) -> None:
    def broken(path, limit):
        raise OSError(errno.EIO, "Input/output error", str(path))

    monkeypatch.setattr(arrange_commands, "read_regular_file", broken)
    with pytest.raises(PhotoError) as raised:
        arrange_commands._read_photo(tmp_path / "现场.jpg")
    assert raised.value.message == "无法读取图片“现场.jpg”：读写磁盘时出错（磁盘或网络可能有故障）。"
