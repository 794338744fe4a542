"""Edges of what photo headers may say: a PDF behind blank lines, a JPEG sampled 1 × 4, and the
least data a 1-bit PNG needs for the rows it claims.

Oracles: the JPEG standard (ITU T.81 B.2.2) allows sampling factors 1 to 4 each way; a PNG row
is one filter byte plus its bits rounded up to whole bytes (PNG spec 7.2), and deflate packs at
most 1032 : 1 (the module allows 1100 : 1 for zlib's framing), so 10,000 one-pixel 1-bit rows
(2 bytes each, 20,000 bytes) need an IDAT of at least 20,000 / 1100 ≈ 18.2, i.e. 19 bytes. EXIF
orientations are 1 to 8 (EXIF 2.3, tag 0x0112); a progressive JPEG is several scans.
"""

from __future__ import annotations

import struct
import zlib

import pytest

from editor.io.photo_checks import UnusablePhoto, jpeg_structure
from editor.io.photos import read_photo_info
from tests.photo_files import uniform_jpeg

TRUNCATED = "文件不完整，可能没有下载或复制完"


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _one_bit_png(width: int, height: int, idat_bytes: int) -> bytes:
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit grey
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", bytes(idat_bytes))
            + _chunk(b"IEND", b""))


def test_a_pdf_starting_after_blank_lines_is_named_as_a_pdf() -> None:
    data = b"\r\n \t%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
    with pytest.raises(UnusablePhoto) as refused:
        read_photo_info(data, "扫描.jpg")
    assert refused.value.reason.startswith("这是 PDF 文件，不是照片；只能插入 JPEG、PNG")


def test_a_jpeg_frame_sampled_one_across_and_four_down_is_read() -> None:
    frame = struct.pack(">BHHB", 8, 16, 8, 1) + bytes([1, 0x14, 0])  # component 1: h = 1, v = 4
    data = b"\xff\xd8\xff\xc0" + struct.pack(">H", 2 + len(frame)) + frame + b"\xff\xd9"
    structure = jpeg_structure(data)
    assert (structure.width_px, structure.height_px, structure.sampling) == (8, 16, ((1, 4),))


def test_a_one_bit_png_with_too_little_data_for_its_rows_is_called_cut_short() -> None:
    with pytest.raises(UnusablePhoto) as refused:
        read_photo_info(_one_bit_png(1, 10_000, idat_bytes=18))
    assert refused.value.reason == TRUNCATED


def test_a_one_bit_png_with_just_enough_data_for_its_rows_is_accepted() -> None:
    info = read_photo_info(_one_bit_png(1, 10_000, idat_bytes=19))
    assert (info.width_px, info.height_px, info.format) == (1, 10_000, "PNG")


def test_every_scan_of_a_progressive_jpeg_is_counted() -> None:
    # uniform_jpeg writes a progressive colour JPEG as one DC scan and one AC scan per component.
    assert jpeg_structure(uniform_jpeg(64, 48, progressive=True)).scans == 4
    assert jpeg_structure(uniform_jpeg(64, 48)).scans == 1


def test_an_exif_orientation_outside_1_to_8_is_taken_as_upright() -> None:
    info = read_photo_info(uniform_jpeg(16, 8, orientation=9))
    assert (info.exif_orientation, info.width_px, info.height_px) == (1, 16, 8)


def _webp_canvas(width: int, height: int) -> bytes:
    """A WebP file's RIFF header with a VP8X chunk declaring a ``width`` × ``height`` canvas."""
    body = b"VP8X" + struct.pack("<I", 10) + bytes(4) + (width - 1).to_bytes(3, "little") \
        + (height - 1).to_bytes(3, "little")
    return b"RIFF" + struct.pack("<I", 4 + len(body)) + b"WEBP" + body


def test_a_webp_canvas_over_12_5_mp_is_refused_before_libwebp_allocates_it() -> None:
    with pytest.raises(UnusablePhoto) as refused:
        read_photo_info(_webp_canvas(4000, 4000))
    assert refused.value.reason == "像素过多：1600 万像素，超过 WebP 图片的上限 1250 万像素"
