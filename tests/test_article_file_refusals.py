"""Article files refused for their size or for not being text, with the sentence the user reads.

The limits are the documented ones: a .txt holds at most 200,000 characters, 4 bytes each in
the worst encoding (800,000 bytes = 781 KB); a .docx at most 256 MB like a photo. A file that
decodes as UTF-8 only by holding a code point Unicode has not assigned is not UTF-8 text.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from editor.io.article_import import decode_text, read_article
from editor.io.docx_reader import ArticleImportError

NOT_TEXT = ("文件不是有效的文本（无法按 UTF-8、UTF-16 或 GB 18030 读出），"
            "请在记事本中另存为 UTF-8 编码后再导入。")


def _sparse_file(path: Path, size: int) -> Path:
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


def test_a_text_file_over_800000_bytes_is_refused_saying_781_kb(tmp_path: Path) -> None:
    with pytest.raises(ArticleImportError) as refused:
        read_article(_sparse_file(tmp_path / "稿件.txt", 800_001))
    assert refused.value.message == "无法导入“稿件.txt”：文件过大（超过 781 KB）。"


def test_a_word_file_over_256_mb_is_refused_saying_256_mb(tmp_path: Path) -> None:
    with pytest.raises(ArticleImportError) as refused:
        read_article(_sparse_file(tmp_path / "稿件.docx", 256 * 1024 * 1024 + 1))
    assert refused.value.message == "无法导入“稿件.docx”：文件过大（超过 256 MB）。"


def test_bytes_that_are_utf8_only_with_an_unassigned_code_point_are_not_text() -> None:
    assert unicodedata.category("\u0e5c") == "Cn"  # after the Thai block: unassigned
    data = "会议\u0e5c结束".encode()  # and not GB 18030 either
    with pytest.raises(ArticleImportError) as refused:
        decode_text(data, "会议.txt")
    assert refused.value.message == f"无法导入“会议.txt”：{NOT_TEXT}"
