"""Article files refused for their size or for not being text, with the sentence the user reads.

The limits are the documented ones: a .txt holds at most 200,000 characters, 4 bytes each in
the worst encoding (800,000 bytes = 781 KB); a .docx at most 256 MB like a photo, and 320 MB
expanded (64 MB of text and 256 MB of pictures). A file that decodes as UTF-8 only by holding
a code point Unicode has not assigned is not UTF-8 text.
"""

from __future__ import annotations

import io
import struct
import unicodedata
import zipfile
from pathlib import Path

import pytest

from editor.io.article_import import decode_text, read_article
from editor.io.docx_reader import ArticleImportError, check_docx_archive

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


def _declaring_sizes(zip_bytes: bytes, sizes: dict[str, int]) -> bytes:
    """``zip_bytes`` with the uncompressed sizes its central directory declares for ``sizes``'s
    members replaced (APPNOTE 4.3.12: the size is at offset 24 of an entry, the name at 46)."""
    patched = bytearray(zip_bytes)
    entry = patched.index(b"PK\x01\x02")
    while entry >= 0:
        name_length = struct.unpack_from("<H", patched, entry + 28)[0]
        name = bytes(patched[entry + 46: entry + 46 + name_length]).decode()
        if name in sizes:
            struct.pack_into("<I", patched, entry + 24, sizes[name])
        entry = patched.find(b"PK\x01\x02", entry + 46)
    return bytes(patched)


def test_a_word_file_declaring_more_than_320_mb_in_all_is_refused_unexpanded() -> None:
    # Each member within its own limits (200 MB of a 256 MB picture limit, 100 : 1 at most),
    # 400 MB together: over the 64 MB of text plus 256 MB of pictures a .docx may hold.
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("word/document.xml", b"<w:document/>")
        for member in ("word/media/a.bin", "word/media/b.bin"):
            archive.writestr(member, bytes(2 * 1024 * 1024))
    declared = 200 * 1024 * 1024
    data = _declaring_sizes(out.getvalue(), {"word/media/a.bin": declared, "word/media/b.bin": declared})
    with pytest.raises(ArticleImportError) as refused:
        check_docx_archive(data, "大稿.docx")
    assert refused.value.message == "无法导入“大稿.docx”：文件解压后过大（超过 320 MB），已拒绝导入。"
