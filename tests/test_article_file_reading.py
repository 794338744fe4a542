"""Reading a submitted article file: which names are taken, and the sentence for each file that
cannot be read — not found, a pipe, a folder, a link loop, a name the system refuses (issue #15).

Expected sentences are written out here, not read from the module.
"""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path

import pytest

from editor.io import article_import
from editor.io.article_import import article_files_in, read_article
from editor.io.docx_reader import ArticleImportError

OLD_WORD = "这是旧版 Word（.doc）或 WPS 文件，请在 Word 或 WPS 中另存为 .docx 后再导入。"
NOT_TEXT = ("文件不是有效的文本（无法按 UTF-8、UTF-16 或 GB 18030 读出），"
            "请在记事本中另存为 UTF-8 编码后再导入。")


def _refusal(path: Path) -> str:
    with pytest.raises(ArticleImportError) as refused:
        read_article(path)
    return refused.value.message


def test_a_name_too_long_for_the_system_is_refused_with_the_reason(tmp_path: Path) -> None:
    path = tmp_path / ("长" * 100 + ".txt")  # 302 bytes in UTF-8: over the 255 a Linux name may have
    shortened = "长" * 39 + "…" + "长" * 35 + ".txt"  # a name over 80 characters keeps its two ends
    # Windows allows 255 UTF-16 units a name: there the name is fine and the file is not there.
    reason = "找不到该文件。" if sys.platform == "win32" else "读取失败（文件名或路径过长）。"
    assert _refusal(path) == f"无法导入“{shortened}”：{reason}"


@pytest.mark.skipif(sys.platform == "win32", reason="links are a privilege on Windows")
def test_a_link_loop_is_refused_with_the_reason(tmp_path: Path) -> None:
    (tmp_path / "甲.txt").symlink_to(tmp_path / "乙.txt")
    (tmp_path / "乙.txt").symlink_to(tmp_path / "甲.txt")
    assert _refusal(tmp_path / "甲.txt") == "无法导入“甲.txt”：读取失败（路径中的链接形成了循环）。"


def test_a_missing_file_is_refused_as_not_found(tmp_path: Path) -> None:
    assert _refusal(tmp_path / "来稿" / "稿件.docx") == "无法导入“稿件.docx”：找不到该文件。"


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs are POSIX")
def test_a_pipe_named_like_an_article_is_refused_as_not_a_regular_file(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "管道.txt")
    assert _refusal(tmp_path / "管道.txt") == "无法导入“管道.txt”：它不是普通文件（可能是文件夹、管道或设备）。"


def test_a_folder_the_system_refuses_to_open_is_refused_as_a_folder(tmp_path: Path, monkeypatch) -> None:
    # Windows answers "access denied" when a folder is opened as a file: the OS edge is faked.
    def access_denied(path, limit):
        raise PermissionError(errno.EACCES, "Access is denied")

    monkeypatch.setattr(article_import, "read_regular_file", access_denied)
    (tmp_path / "稿件.docx").mkdir()
    assert _refusal(tmp_path / "稿件.docx") == "无法导入“稿件.docx”：它是文件夹，不是文件。"
    (tmp_path / "文件.txt").write_bytes(b"x")
    assert _refusal(tmp_path / "文件.txt") == "无法导入“文件.txt”：读取失败（没有权限）。"


@pytest.mark.parametrize("name", ["旧稿.doc", "旧稿.WPS", "旧稿.wpt", "旧稿.Dot"])
def test_an_old_word_or_wps_name_is_refused_before_the_file_is_read(tmp_path: Path, name: str) -> None:
    assert _refusal(tmp_path / name) == f"无法导入“{name}”：{OLD_WORD}"  # the file does not even exist


@pytest.mark.parametrize("name", ["稿件.pdf", "稿件.rtf", "稿件", "稿件.docx.bak"])
def test_another_kind_of_file_is_refused_naming_the_two_taken(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_bytes(b"text")
    assert _refusal(tmp_path / name) == f"无法导入“{name}”：只能导入 Word 文档（.docx）或纯文本（.txt）。"


@pytest.mark.parametrize("name", ["稿件.TXT", "稿件.text", "稿件.Text"])
def test_text_files_are_taken_whatever_the_case_of_their_suffix(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_text("会议要求各单位落实安全责任。", encoding="utf-8")
    assert [p.plain_text() for p in read_article(tmp_path / name).paragraphs] == ["会议要求各单位落实安全责任。"]


@pytest.mark.parametrize("name", ["空.txt", "空.docx"])
def test_an_empty_file_is_refused_as_zero_bytes(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_bytes(b"")
    assert _refusal(tmp_path / name) == f"无法导入“{name}”：文件是空的（0 字节）。"


@pytest.mark.parametrize("name", ["改名.txt", "改名.docx", "改名.DOCX"])
def test_an_old_word_file_under_a_new_name_is_refused_by_its_bytes(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    assert _refusal(tmp_path / name) == f"无法导入“{name}”：{OLD_WORD}"


def _sparse(path: Path, size: int) -> Path:
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


def test_a_text_file_of_exactly_800000_bytes_is_read_and_judged_as_text(tmp_path: Path) -> None:
    # Zero bytes are read (within the limit) and then refused as not text, not as too large.
    assert _refusal(_sparse(tmp_path / "零.txt", 800_000)) == f"无法导入“零.txt”：{NOT_TEXT}"


def test_a_word_file_over_the_text_limit_is_read_as_a_word_file(tmp_path: Path) -> None:
    assert _refusal(_sparse(tmp_path / "零.docx", 800_001)) == (
        "无法导入“零.docx”：这不是 Word 文档（.docx），文件可能已损坏或扩展名有误。")


def test_a_folder_lists_its_submissions_by_name_and_leaves_out_word_lock_files(tmp_path: Path) -> None:
    for name in ("乙.txt", "甲.DOCX", "~$甲.docx", "丙.doc", "丁.wps", "戊.Text", "说明.pdf", "图.png", "己.wpt",
                 "庚.dot", "辛"):
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "子目录").mkdir()
    assert [p.name for p in article_files_in(tmp_path)] == sorted(
        ["乙.txt", "甲.DOCX", "丙.doc", "丁.wps", "戊.Text", "己.wpt", "庚.dot"])
    assert all(p.parent == tmp_path for p in article_files_in(tmp_path))


def test_the_root_folder_is_named_as_itself() -> None:
    assert _refusal(Path("/")) == f"无法导入“{Path('/')}”：只能导入 Word 文档（.docx）或纯文本（.txt）。"


def test_a_folder_that_cannot_be_listed_is_refused_with_the_reason(tmp_path: Path, monkeypatch) -> None:
    from editor.errors import BanmianError
    from editor.io.article_project import read_articles

    def access_denied(self):  # the OS edge: the system refuses to list the folder
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.chdir(tmp_path)
    Path("来稿").mkdir()
    monkeypatch.setattr(Path, "iterdir", access_denied)
    with pytest.raises(BanmianError) as refused:
        read_articles([Path("来稿")])
    assert refused.value.message == "无法读取文件夹“来稿”：没有权限。"
