"""A submitted .docx checked as an archive before python-docx sees it: the exact refusals and
the limits on both sides (issue #15).

The limits are the documented ones, written out here: at most 10,000 members; an XML member
(``.xml``, ``.rels``) at most 64 MB inflated, any other at most 256 MB; 320 MB in all; a member
over 1 MB that inflates more than 100 times its stored size (20 times for a photo's formats) is
a zip bomb. Sizes are declared by patching the archive's central directory (APPNOTE 4.3.12:
an entry's method is at offset 10, its compressed size at 20, its size at 24, its name at 46),
so nothing large is ever written or inflated.
"""

from __future__ import annotations

import io
import struct
import zipfile

import pytest

from editor.io.docx_reader import ArticleImportError, check_docx_archive

MB = 1024 * 1024
NAME = "稿件.docx"
REQUIRED = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}


def _zip(members: dict[str, bytes], method: int = zipfile.ZIP_STORED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    return out.getvalue()


def _declaring(data: bytes, member: str, *, size: int | None = None, compressed: int | None = None) -> bytes:
    """``data`` with the central directory's sizes of ``member`` replaced."""
    patched = bytearray(data)
    entry = patched.index(b"PK\x01\x02")
    while entry >= 0:
        name_length = struct.unpack_from("<H", patched, entry + 28)[0]
        if bytes(patched[entry + 46: entry + 46 + name_length]).decode() == member:
            if compressed is not None:
                struct.pack_into("<I", patched, entry + 20, compressed)
            if size is not None:
                struct.pack_into("<I", patched, entry + 24, size)
        entry = patched.find(b"PK\x01\x02", entry + 46)
    return bytes(patched)


def _member_info(data: bytes, member: str) -> zipfile.ZipInfo:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.getinfo(member)


def _refusal(data: bytes, name: str = NAME) -> str:
    with pytest.raises(ArticleImportError) as refused:
        check_docx_archive(data, name)
    return refused.value.message


def _with_member(member: str, stored_bytes: int, declared: int) -> bytes:
    """A minimal .docx with ``member`` stored as ``stored_bytes`` bytes, declaring ``declared``."""
    return _declaring(_zip({**REQUIRED, member: bytes(stored_bytes)}), member, size=declared)


# ---------------------------------------------------------------- not a Word file at all


def test_an_ole_file_is_refused_with_the_advice_to_save_it_as_docx() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    assert _refusal(ole) == ("无法导入“稿件.docx”：这是旧版 Word（.doc）或 WPS 文件，"
                             "请在 Word 或 WPS 中另存为 .docx 后再导入。")


def test_bytes_that_are_not_a_zip_are_refused_as_not_a_word_document() -> None:
    assert _refusal("会议通知".encode()) == "无法导入“稿件.docx”：这不是 Word 文档（.docx），文件可能已损坏或扩展名有误。"


def test_a_zip_cut_short_is_refused_as_incomplete() -> None:
    cut = _zip(REQUIRED)[:40]
    assert _refusal(cut) == "无法导入“稿件.docx”：这不是 Word 文档（.docx），或文件不完整、已损坏。"


def test_a_refusal_names_the_file_without_its_folders() -> None:
    assert _refusal(b"plain", "来稿/三月/稿件.docx").startswith("无法导入“稿件.docx”：")


@pytest.mark.parametrize("missing", ["[Content_Types].xml", "word/document.xml"])
def test_a_zip_without_either_required_member_is_refused_as_another_kind_of_file(missing: str) -> None:
    members = {name: data for name, data in REQUIRED.items() if name != missing}
    assert _refusal(_zip(members)) == ("无法导入“稿件.docx”：这不是 Word 文档（.docx）：压缩包里没有 Word 正文，"
                                       "可能是改了扩展名的其他文件。")


def test_a_minimal_word_archive_passes_the_check() -> None:
    check_docx_archive(_zip(REQUIRED), NAME)
    check_docx_archive(_zip(REQUIRED, zipfile.ZIP_DEFLATED), NAME)


# ---------------------------------------------------------------- members


def test_10000_members_are_taken_and_10001_are_too_many() -> None:
    fillers = {f"word/media/p{number}.bin": b"" for number in range(10_000 - len(REQUIRED))}
    check_docx_archive(_zip({**REQUIRED, **fillers}), NAME)
    too_many = _zip({**REQUIRED, **fillers, "word/media/last.bin": b""})
    assert _refusal(too_many) == "无法导入“稿件.docx”：文件包含的条目过多，已拒绝导入。"


def test_a_member_compressed_other_than_stored_or_deflated_is_refused() -> None:
    data = _zip({**REQUIRED, "word/media/a.bin": b"abc"}, zipfile.ZIP_BZIP2)
    assert _refusal(data) == ("无法导入“稿件.docx”：文件使用了不支持的压缩方式，"
                              "请在 Word 中重新保存后再导入。")


def test_a_member_whose_data_would_run_past_the_end_of_the_file_is_refused() -> None:
    data = _zip({**REQUIRED, "word/media/a.bin": b"abc"})
    offset = _member_info(data, "word/media/a.bin").header_offset
    exactly_to_the_end = _declaring(data, "word/media/a.bin", compressed=len(data) - offset)
    check_docx_archive(exactly_to_the_end, NAME)
    one_past = _declaring(data, "word/media/a.bin", compressed=len(data) - offset + 1)
    assert _refusal(one_past) == "无法导入“稿件.docx”：文件不完整或已损坏。"


@pytest.mark.parametrize("member", ["word/document.xml", "word/_rels/document.xml.rels"])
def test_an_xml_member_over_64_mb_is_refused_and_one_of_64_mb_is_taken(member: str) -> None:
    # 700 KB stored: 64 MB is under a hundredfold, so only the size limit can refuse it.
    stored = 700 * 1024
    check_docx_archive(_with_member(member, stored, 64 * MB), NAME)
    assert _refusal(_with_member(member, stored, 64 * MB + 1)) == (
        f"无法导入“稿件.docx”：其中的 {member} 解压后过大（超过 64 MB），已拒绝导入。")


def test_a_drawing_member_may_hold_more_than_64_mb_but_not_more_than_256_mb() -> None:
    member = "word/media/image1.emf"
    stored = 2700 * 1024  # 256 MB is under a hundredfold of it
    check_docx_archive(_with_member(member, stored, 256 * MB), NAME)
    assert _refusal(_with_member(member, stored, 256 * MB + 1)) == (
        f"无法导入“稿件.docx”：其中的 {member} 解压后过大（超过 256 MB），已拒绝导入。")


def test_320_mb_in_all_is_taken_and_one_byte_more_is_refused() -> None:
    stored = 2 * MB
    data = _zip({**REQUIRED, "word/media/a.emf": bytes(stored), "word/media/b.emf": bytes(stored)})
    data = _declaring(data, "word/media/a.emf", size=160 * MB)
    others = sum(len(content) for content in REQUIRED.values()) + 160 * MB
    check_docx_archive(_declaring(data, "word/media/b.emf", size=320 * MB - others), NAME)
    over = _declaring(data, "word/media/b.emf", size=320 * MB - others + 1)
    assert _refusal(over) == "无法导入“稿件.docx”：文件解压后过大（超过 320 MB），已拒绝导入。"


# ---------------------------------------------------------------- zip bombs


def _bomb_refusal(member: str) -> str:
    return f"无法导入“稿件.docx”：其中的 {member} 压缩比异常（疑似压缩炸弹），已拒绝导入。"


def test_an_xml_member_inflating_exactly_a_hundredfold_is_taken_and_more_is_a_bomb() -> None:
    member = "word/document.xml"
    stored = 20 * 1024
    check_docx_archive(_with_member(member, stored, 100 * stored), NAME)
    assert _refusal(_with_member(member, stored, 100 * stored + 1)) == _bomb_refusal(member)


def test_a_member_of_1_mb_is_never_a_bomb_and_one_byte_more_can_be() -> None:
    member = "word/document.xml"
    check_docx_archive(_with_member(member, 10, MB), NAME)
    assert _refusal(_with_member(member, 10, MB + 1)) == _bomb_refusal(member)


def test_a_member_stored_in_no_bytes_that_declares_over_1_mb_is_a_bomb() -> None:
    assert _refusal(_with_member("word/document.xml", 0, MB + 1)) == _bomb_refusal("word/document.xml")


@pytest.mark.parametrize("suffix", [".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic", ".heif", ".JPG", ".Png"])
def test_a_photo_member_inflating_more_than_twentyfold_is_a_bomb(suffix: str) -> None:
    member = f"word/media/image1{suffix}"
    stored = 100 * 1024
    check_docx_archive(_with_member(member, stored, 20 * stored), NAME)
    assert _refusal(_with_member(member, stored, 20 * stored + 1)) == _bomb_refusal(member)


def test_a_drawing_member_may_inflate_fiftyfold_like_xml() -> None:
    check_docx_archive(_with_member("word/media/image1.emf", 100 * 1024, 50 * 100 * 1024), NAME)
    check_docx_archive(_with_member("word/fonts/font1.odttf", 100 * 1024, 100 * 100 * 1024), NAME)
