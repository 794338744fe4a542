"""Structures read without decoding: standalone JPEG markers, a zip member with an extra field,
32-bit grey TIFF data, and an article file of a type not taken.

Oracles: ITU T.81 B.1.1.3 (TEM 0x01, RST0–7 and SOI carry no length), APPNOTE.TXT 4.3.7 (a local
header's name and extra field come before the member's data), grey 0x8000 of 65536 levels is
128 of 256.
"""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from editor.io.article_import import read_article
from editor.io.docx_reader import ArticleImportError
from editor.io.lazy_assets import ZipMemberEnds
from editor.io.photo_checks import jpeg_structure
from editor.io.photos import load_upright


def _sof(width: int, height: int) -> bytes:
    frame = struct.pack(">BHHB", 8, height, width, 1) + bytes([1, 0x11, 0])
    return b"\xff\xc0" + struct.pack(">H", 2 + len(frame)) + frame


@pytest.mark.parametrize("standalone", [b"\xff\x01", b"\xff\xd8", b"\xff\xd0", b"\xff\xd7"],
                         ids=["TEM", "SOI again", "RST0", "RST7"])
def test_a_standalone_marker_before_the_frame_header_is_stepped_over(standalone: bytes) -> None:
    structure = jpeg_structure(b"\xff\xd8" + standalone + _sof(8, 16) + b"\xff\xd9")
    assert (structure.width_px, structure.height_px) == (8, 16)


def test_a_zip_members_ends_are_read_after_its_local_extra_field(tmp_path: Path) -> None:
    path = tmp_path / "照片.banmian"
    data = bytes(range(256)) * 4
    info = zipfile.ZipInfo("assets/photo.jpg")  # stored (no compression), as projects keep photos
    info.extra = struct.pack("<HH", 0xCAFE, 4) + b"abcd"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(info, data)
    head, tail, (size, _crc) = ZipMemberEnds(path).read("assets/photo.jpg", 4, 4)
    assert (head, tail, size) == (b"\x00\x01\x02\x03", b"\xfc\xfd\xfe\xff", 1024)


def test_a_32_bit_grey_tiff_is_scaled_to_8_bits_on_screen() -> None:
    out = io.BytesIO()
    Image.new("I", (8, 8), 0x8000).save(out, format="TIFF")
    assert load_upright(out.getvalue()).getpixel((1, 1)) == (128, 128, 128)


def test_an_article_file_of_another_type_is_refused_naming_the_two_taken(tmp_path: Path) -> None:
    path = tmp_path / "稿件.pdf"
    path.write_bytes(b"%PDF-1.7\n")
    with pytest.raises(ArticleImportError) as refused:
        read_article(path)
    assert refused.value.message == "无法导入“稿件.pdf”：只能导入 Word 文档（.docx）或纯文本（.txt）。"
