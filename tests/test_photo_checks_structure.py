"""What ``editor.io.photo_checks`` reads of a photo before decoding it, pinned value by value.

JPEG files here are built marker by marker (ITU T.81 B.1: SOI, segments with a two-byte
length, SOS followed by entropy-coded data, EOI), so each field of ``JpegStructure`` has a
known answer; PNG files are built chunk by chunk (length, type, body, CRC), so the IDAT byte
count the deflate rule compares against (1100 bytes of rows per IDAT byte) is exact. Block
counts are worked out by hand in the comments (T.81 A.2: each component's size is the image
size times its sampling factor over the largest factor, rounded up, in 8 × 8 blocks).
"""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image

from editor.errors import BanmianError, ProjectFileError
from editor.io.photo_checks import (
    JpegStructure,
    UnusablePhoto,
    allowed_formats,
    check_before_open,
    check_opened,
    family_of,
    foreign,
    jpeg_structure,
    pixel_limit,
    reason_of,
    too_many_pixels,
)
from editor.io.photos import read_photo_info

TRUNCATED = "文件不完整，可能没有下载或复制完"
DAMAGED = "文件已损坏，或不是支持的图片格式"
UNSUPPORTED = "这种 JPEG 编码（无损、分层或 12 位）不受支持，请另存为普通 JPEG"
TOO_MANY_SCANS = "这张渐进式 JPEG 的扫描层过多，可能是损坏的文件；请另存为普通 JPEG"


def _segment(marker: int, payload: bytes) -> bytes:
    return struct.pack(">BBH", 0xFF, marker, len(payload) + 2) + payload


def _frame(width: int, height: int, sampling: tuple[tuple[int, int], ...] = ((1, 1),), *,
           marker: int = 0xC0, precision: int = 8) -> bytes:
    payload = struct.pack(">BHHB", precision, height, width, len(sampling))
    payload += b"".join(bytes([index + 1, h << 4 | v, 0]) for index, (h, v) in enumerate(sampling))
    return _segment(marker, payload)


def _tables() -> bytes:
    """A quantisation table and one-code DC and AC Huffman tables (what Pillow wants to see)."""
    one_code = bytes([1] + [0] * 15) + b"\x00"
    return _segment(0xDB, b"\x00" + bytes([1] * 64)) + _segment(0xC4, b"\x00" + one_code) \
        + _segment(0xC4, b"\x10" + one_code)


def _scan(entropy: bytes, components: int = 1) -> bytes:
    header = bytes([components]) + b"".join(bytes([index + 1, 0]) for index in range(components)) + b"\x00\x3f\x00"
    return _segment(0xDA, header) + entropy


def _jpeg(frame: bytes, *scans: bytes, end: bool = True, extra: bytes = b"") -> bytes:
    return b"\xff\xd8" + extra + _tables() + frame + b"".join(scans) + (b"\xff\xd9" if end else b"")


def _refusal(data: bytes, name: str | None = "照片.jpg") -> str:
    with pytest.raises(UnusablePhoto) as refused:
        read_photo_info(data, name)
    return refused.value.reason


# ---------------------------------------------------------------- the JPEG walk


def test_every_field_of_a_two_scan_frame_is_read_from_its_markers() -> None:
    # Scan 1: 5 bytes of data, a stuffed FF 00 and a restart marker inside (both data); scan 2: 3 bytes.
    data = _jpeg(_frame(40, 24, ((2, 1), (1, 1), (1, 1)), marker=0xC1),
                 _scan(b"\x00\xff\x00\xff\xd3", 3), _scan(b"\x00\x00\x00", 3))
    assert jpeg_structure(data) == JpegStructure(
        sof_marker=0xC1, precision=8, width_px=40, height_px=24, sampling=((2, 1), (1, 1), (1, 1)),
        scans=2, entropy_bytes=8, complete=True)


def test_blocks_count_each_component_at_its_own_sampling() -> None:
    # 4:2:2, 33 × 9: Y 33 × 9 → 5 × 2 = 10 blocks; Cb and Cr 17 × 9 → 3 × 2 = 6 each: 22.
    assert jpeg_structure(_jpeg(_frame(33, 9, ((2, 1), (1, 1), (1, 1))), _scan(b"\x00"))).blocks() == 22
    # Sampled 1 across and 2 down, 9 × 33: Y 9 × 33 → 2 × 5 = 10; the others 9 × 17 → 2 × 3 = 6 each.
    assert jpeg_structure(_jpeg(_frame(9, 33, ((1, 2), (1, 1), (1, 1))), _scan(b"\x00"))).blocks() == 22
    # 4:2:0, 17 × 17: Y 3 × 3 = 9; Cb and Cr 9 × 9 → 2 × 2 = 4 each: 17.
    assert jpeg_structure(_jpeg(_frame(17, 17, ((2, 2), (1, 1), (1, 1))), _scan(b"\x00"))).blocks() == 17
    # Grey 16 × 8 is exactly two blocks; one pixel more across is a third.
    assert jpeg_structure(_jpeg(_frame(16, 8), _scan(b"\x00"))).blocks() == 2
    assert jpeg_structure(_jpeg(_frame(17, 8), _scan(b"\x00"))).blocks() == 3


def test_only_the_first_frame_header_is_read() -> None:
    data = _jpeg(_frame(40, 24), _scan(b"\x00"), end=False) + _frame(4000, 3000) + _scan(b"\x00") + b"\xff\xd9"
    structure = jpeg_structure(data)
    assert (structure.width_px, structure.height_px, structure.scans) == (40, 24, 2)


def test_fill_bytes_before_a_marker_are_stepped_over() -> None:
    data = b"\xff\xd8\xff\xff\xff" + _frame(24, 16)[1:] + _scan(b"\x00\x00") + b"\xff\xff\xd9"
    structure = jpeg_structure(data)
    assert (structure.width_px, structure.height_px, structure.scans, structure.complete) == (24, 16, 1, True)


def test_an_end_marker_before_any_scan_is_no_complete_image() -> None:
    structure = jpeg_structure(b"\xff\xd8" + _frame(24, 16) + b"\xff\xd9")
    assert (structure.scans, structure.complete) == (0, False)


def test_a_scan_running_to_the_end_of_the_file_counts_all_its_bytes_and_is_not_complete() -> None:
    structure = jpeg_structure(_jpeg(_frame(24, 16), _scan(b"\x01" * 7), end=False))
    assert (structure.scans, structure.entropy_bytes, structure.complete) == (1, 7, False)


def test_a_segment_length_cut_off_by_the_end_of_the_file_ends_the_walk() -> None:
    for cut in (b"\xff\xfe", b"\xff\xfe\x00"):
        structure = jpeg_structure(b"\xff\xd8" + _frame(24, 16) + _scan(b"\x00") + cut)
        assert (structure.scans, structure.complete) == (1, False)
    lone = jpeg_structure(b"\xff\xd8" + _frame(24, 16) + b"\xff")  # a marker's first byte, and no second
    assert (lone.width_px, lone.scans, lone.complete) == (24, 0, False)


def test_a_file_without_a_frame_header_has_no_structure() -> None:
    assert jpeg_structure(b"\xff\xd8" + _tables() + _scan(b"\x00") + b"\xff\xd9") is None


def test_the_walk_stops_after_4096_segments() -> None:
    # SOF, n comments, SOS and EOI are n + 3 segments: 4093 comments are the most still read to the end.
    def with_comments(count: int) -> bytes:
        return b"\xff\xd8" + _frame(24, 16) + _segment(0xFE, b"") * count + _scan(b"\x00") + b"\xff\xd9"

    assert jpeg_structure(with_comments(4093)).complete is True
    cut = jpeg_structure(with_comments(4094))
    assert (cut.scans, cut.complete) == (1, False)


@pytest.mark.parametrize(("h", "v"), [(1, 1), (4, 4), (1, 4), (4, 1)])
def test_sampling_factors_from_1_to_4_are_taken(h: int, v: int) -> None:
    assert jpeg_structure(_jpeg(_frame(64, 64, ((h, v),)), _scan(b"\x00"))).sampling == ((h, v),)


@pytest.mark.parametrize(("h", "v"), [(0, 1), (1, 0), (5, 1), (1, 5)])
def test_a_sampling_factor_outside_1_to_4_is_a_damaged_frame(h: int, v: int) -> None:
    data = _jpeg(_frame(64, 64, ((h, v),)), _scan(b"\x00"))
    assert jpeg_structure(data) is None
    assert _refusal(data) == DAMAGED


def test_a_frame_header_too_short_for_its_components_is_damaged() -> None:
    whole = _frame(64, 64, ((1, 1), (1, 1)))
    payload = whole[4:-1]  # the second component's last byte missing
    assert jpeg_structure(b"\xff\xd8" + _segment(0xC0, payload) + _scan(b"\x00") + b"\xff\xd9") is None
    # The same header complete is read, and a header naming no component is not.
    assert jpeg_structure(b"\xff\xd8" + whole + _scan(b"\x00") + b"\xff\xd9").sampling == ((1, 1), (1, 1))
    no_component = struct.pack(">BHHB", 8, 64, 64, 0) + bytes(6)
    assert jpeg_structure(b"\xff\xd8" + _segment(0xC0, no_component) + _scan(b"\x00") + b"\xff\xd9") is None
    assert jpeg_structure(b"\xff\xd8" + _segment(0xC0, b"\x08\x00\x40\x00\x40") + b"\xff\xd9") is None


# ---------------------------------------------------------------- JPEG refusals


def test_an_arithmetic_coded_jpeg_is_read_and_a_lossless_or_12_bit_one_is_refused() -> None:
    assert read_photo_info(_jpeg(_frame(64, 64, marker=0xC9), _scan(b"\x00"))).width_px == 64
    assert _refusal(_jpeg(_frame(64, 64, marker=0xC3), _scan(b"\x00" * 64))) == UNSUPPORTED
    # Pillow itself refuses to open a 12-bit JPEG, so the frame header read from the bytes is checked alone.
    eight_bit = _jpeg(_frame(64, 64), _scan(b"\x00" * 64))
    with pytest.raises(UnusablePhoto) as refused:
        check_opened(Image.open(io.BytesIO(eight_bit)), _jpeg(_frame(64, 64, precision=12), _scan(bytes(64))), None)
    assert refused.value.reason == UNSUPPORTED


def test_a_jpeg_with_a_frame_and_no_scan_is_cut_short() -> None:
    assert _refusal(b"\xff\xd8" + _tables() + _frame(64, 64) + b"\xff\xd9") == TRUNCATED


def test_a_huffman_jpeg_needs_a_bit_for_every_block() -> None:
    # Grey 64 × 64 is 64 blocks: 8 bytes of data are enough, 7 are not.
    assert read_photo_info(_jpeg(_frame(64, 64), _scan(bytes(8)))).height_px == 64
    assert _refusal(_jpeg(_frame(64, 64), _scan(bytes(7)))) == TRUNCATED
    # Arithmetic coding may spend less than a bit on a block: not refused for that.
    assert read_photo_info(_jpeg(_frame(64, 64, marker=0xC9), _scan(bytes(1)))).height_px == 64


def test_a_jpeg_without_its_end_marker_is_cut_short() -> None:
    assert _refusal(_jpeg(_frame(64, 64), _scan(bytes(64)), end=False)) == TRUNCATED


def test_a_progressive_jpeg_at_the_coefficient_budget_is_read_and_one_block_row_more_is_not() -> None:
    # Grey 10000 × 10000 is 1250 × 1250 blocks of 128 bytes: exactly 200 MB.
    at_budget = _jpeg(_frame(10000, 10000, marker=0xC2), _scan(bytes(200_000)))
    assert read_photo_info(at_budget).width_px == 10000
    # 10000 × 10008: 1250 × 1251 blocks, 200.16 MB; 10008 万 pixels scale to 10000 万 within 200 MB.
    over = _jpeg(_frame(10000, 10008, marker=0xC2), _scan(bytes(200_000)))
    assert _refusal(over) == "像素过多：10008 万像素，超过渐进式 JPEG 照片的上限 10000 万像素"


def test_scans_times_pixels_are_held_to_two_thousand_million() -> None:
    # 100 MP grey (within the coefficient budget) in 20 scans is 2 × 10⁹: taken; in 21 scans it is not.
    def in_scans(count: int) -> bytes:
        return _jpeg(_frame(10000, 10000), *[_scan(bytes(10_000)) for _ in range(count)])

    assert read_photo_info(in_scans(20)).height_px == 10000
    assert _refusal(in_scans(21)) == TOO_MANY_SCANS


def test_a_multi_scan_sequential_jpeg_is_held_to_the_coefficient_budget_too() -> None:
    over = _jpeg(_frame(10000, 10008), _scan(bytes(100_000)), _scan(bytes(100_000)))
    assert _refusal(over) == "像素过多：10008 万像素，超过渐进式 JPEG 照片的上限 10000 万像素"
    assert read_photo_info(_jpeg(_frame(10000, 10008), _scan(bytes(200_000)))).height_px == 10008


# ---------------------------------------------------------------- PNG structure


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _png(width: int, height: int, colour: int, depth: int, idat_sizes: tuple[int, ...]) -> bytes:
    header = _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, 0))
    palette = _chunk(b"PLTE", bytes(6)) if colour == 3 else b""
    body = b"".join(_chunk(b"IDAT", bytes(size)) for size in idat_sizes)
    return b"\x89PNG\r\n\x1a\n" + header + palette + body + _chunk(b"IEND", b"")


@pytest.mark.parametrize(("colour", "depth", "row_bytes"), [
    (0, 8, 1 + 10), (2, 8, 1 + 30), (3, 8, 1 + 10), (4, 8, 1 + 20), (6, 8, 1 + 40),
    (2, 16, 1 + 60), (0, 1, 1 + 2), (0, 4, 1 + 5),
], ids=["grey", "rgb", "palette", "grey-alpha", "rgba", "rgb-16", "grey-1-bit", "grey-4-bit"])
def test_a_png_needs_an_idat_byte_for_every_1100_bytes_of_rows(colour: int, depth: int, row_bytes: int) -> None:
    # 10 pixels a row, 1100 rows: the rows hold 1100 × row_bytes, so row_bytes of IDAT are just enough.
    enough = _png(10, 1100, colour, depth, (row_bytes,))
    assert read_photo_info(enough).height_px == 1100
    assert _refusal(_png(10, 1100, colour, depth, (row_bytes - 1,)), "图.png") == TRUNCATED


def test_the_idat_chunks_of_a_png_are_added_together() -> None:
    assert read_photo_info(_png(10, 1100, 2, 8, (15, 16))).width_px == 10
    with pytest.raises(UnusablePhoto) as refused:
        read_photo_info(_png(10, 1100, 2, 8, (15, 15)), "扫描.png")
    assert refused.value.message == f"无法读取图片“扫描.png”：{TRUNCATED}。"


def test_a_png_without_its_end_chunk_is_cut_short_but_one_missing_only_the_end_crc_is_not() -> None:
    whole = _png(10, 10, 2, 8, (40,))
    assert _refusal(whole[:-12]) == TRUNCATED
    assert read_photo_info(whole[:-4]).width_px == 10


def test_a_png_chunk_claiming_more_than_the_file_holds_ends_the_walk_as_cut_short() -> None:
    whole = _png(10, 10, 2, 8, (40,))
    idat_at = whole.index(b"IDAT") - 4
    damaged = whole[:idat_at] + struct.pack(">I", 10_000) + whole[idat_at + 4:]
    assert _refusal(damaged) == TRUNCATED


# ---------------------------------------------------------------- before and after opening


def test_an_empty_file_is_called_empty() -> None:
    assert _refusal(b"") == "文件是空的（0 字节）"


@pytest.mark.parametrize(("data", "kind"), [
    (b"\xc5\xd0\xd3\xc6" + bytes(60), "EPS"),
    (b"%!PS-Adobe-3.0" + b" " * 22 + b"EPSF-3.0\n", "EPS"),  # EPSF ends at byte 40
    (b"%!PS-Adobe-3.0" + b" " * 23 + b"EPSF-3.0\n", "PostScript"),  # … at byte 41: not read
    (b"%!\n/Times findfont\n", "PostScript"),
    (b"\r\n \t%PDF-1.4\n", "PDF"),
    (b" " * 1020 + b"%PDF-1.4\n", "PDF"),
])
def test_foreign_files_are_named_from_their_first_kilobyte(data: bytes, kind: str) -> None:
    assert _refusal(data) == f"这是 {kind} 文件，不是照片；只能插入 JPEG、PNG、WebP、TIFF、BMP、GIF 或 HEIC 图片"


def test_a_pdf_signature_after_the_first_kilobyte_is_not_read() -> None:
    assert _refusal(b" " * 1021 + b"%PDF-1.4\n") == DAMAGED


def test_foreign_names_the_kind_and_what_may_be_inserted() -> None:
    assert foreign("PDF") == "这是 PDF 文件，不是照片；只能插入 JPEG、PNG、WebP、TIFF、BMP、GIF 或 HEIC 图片"


@pytest.mark.parametrize("brand", [b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"])
def test_a_heic_without_heic_support_is_named_by_its_brand(brand: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("editor.io.photo_checks.HEIF_SUPPORTED", False)
    data = b"\x00\x00\x00\x18ftyp" + brand + bytes(64)
    assert _refusal(data, "IMG_0001.HEIC") == (
        "这是 HEIC 格式的苹果手机照片，本机未安装 HEIC 支持组件 pillow-heif；请安装后重试，或先将照片转换为 JPEG")


def test_an_iso_file_of_another_brand_is_not_taken_for_heic(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("editor.io.photo_checks.HEIF_SUPPORTED", False)
    assert _refusal(b"\x00\x00\x00\x18ftypisom" + bytes(64)) == DAMAGED
    assert _refusal(b"\x00\x00\x00\x18FTYPheic" + bytes(64)) == DAMAGED


def test_without_heic_support_heif_is_not_among_the_formats_tried(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("editor.io.photo_checks.HEIF_SUPPORTED", False)
    assert allowed_formats() == ("JPEG", "PNG", "WEBP", "TIFF", "BMP", "GIF")
    monkeypatch.setattr("editor.io.photo_checks.HEIF_SUPPORTED", True)
    assert allowed_formats() == ("JPEG", "PNG", "WEBP", "TIFF", "BMP", "GIF", "HEIF")


def _webp_canvas(width: int, height: int) -> bytes:
    chunk = b"VP8X" + struct.pack("<I", 10) + b"\x00\x00\x00\x00" + (width - 1).to_bytes(3, "little") \
        + (height - 1).to_bytes(3, "little")
    return b"RIFF" + struct.pack("<I", 4 + len(chunk)) + b"WEBP" + chunk


def test_a_webp_canvas_of_exactly_12_5_mp_passes_the_first_check_and_one_row_more_does_not() -> None:
    check_before_open(_webp_canvas(5000, 2500), "大.webp")  # 12 500 000 pixels: no refusal
    for height, said in ((2501, "1250"), (2502, "1251")):  # 1250.5 万 rounds to even
        with pytest.raises(UnusablePhoto) as refused:
            check_before_open(_webp_canvas(5000, height), "大.webp")
        assert refused.value.reason == f"像素过多：{said} 万像素，超过 WebP 图片的上限 1250 万像素"


def test_the_pixel_limits_are_what_one_200_mb_decode_holds() -> None:
    assert [pixel_limit(kind) for kind in ("PNG", "TIFF", "BMP", "GIF", "WEBP", "HEIF", "ICO")] == [
        50_000_000, 50_000_000, 50_000_000, 50_000_000, 12_500_000, 25_000_000, 50_000_000]


def test_an_opened_image_of_no_width_or_no_height_is_damaged() -> None:
    for size in ((0, 5), (5, 0)):
        with pytest.raises(UnusablePhoto) as refused:
            check_opened(Image.new("L", size), b"", "空.png")
        assert refused.value.reason == DAMAGED
    check_opened(Image.new("L", (1, 1)), b"", "点.png")  # one pixel is a photo


def test_a_png_of_exactly_50_mp_is_read_and_one_pixel_row_more_is_refused() -> None:
    # 1-bit grey 10000 × 5000: rows of 1251 bytes; 6000 bytes of IDAT hold them within 1 : 1100.
    assert read_photo_info(_png(10000, 5000, 0, 1, (6000,))).height_px == 5000
    assert _refusal(_png(10000, 5001, 0, 1, (6000,)), "图.png") == \
        "像素过多：5001 万像素，超过 PNG 图片的上限 5000 万像素"


# ---------------------------------------------------------------- messages


def test_pixel_counts_are_said_in_ten_thousands_with_the_familys_limit() -> None:
    assert too_many_pixels(None) == "像素过多，可能是损坏的文件"
    assert too_many_pixels(0, 5) == "像素过多，可能是损坏的文件"
    assert too_many_pixels(123_456_789) == "像素过多：12346 万像素"
    assert too_many_pixels(55_000_000, 50_000_000, "PNG 图片") == "像素过多：5500 万像素，超过 PNG 图片的上限 5000 万像素"
    assert too_many_pixels(70_000_000, 66_000_000, "渐进式 JPEG 照片") == \
        "像素过多：7000 万像素，超过渐进式 JPEG 照片的上限 6600 万像素"


def test_each_format_family_is_named_in_chinese() -> None:
    assert [family_of(kind) for kind in ("JPEG", "MPO", "PNG", "TIFF", "BMP", "GIF", "WEBP", "HEIF", "ICO")] == [
        "JPEG 照片", "JPEG 照片", "PNG 图片", "TIFF 图片", "BMP 图片", "GIF 图片", "WebP 图片", "HEIC 照片", "ICO 图片"]


def test_a_refusal_names_the_photo_when_it_has_a_name_and_keeps_its_reason() -> None:
    named = UnusablePhoto("合影.jpg", TRUNCATED)
    assert named.message == f"无法读取图片“合影.jpg”：{TRUNCATED}。"
    assert reason_of(named) == TRUNCATED
    unnamed = UnusablePhoto(None, DAMAGED)
    assert unnamed.message == f"无法读取图片：{DAMAGED}。"
    assert UnusablePhoto("", DAMAGED).message == f"无法读取图片：{DAMAGED}。"
    other = ProjectFileError("项目文件已损坏。")
    assert reason_of(other) == "项目文件已损坏。"
    assert reason_of(BanmianError("出错了。")) == "出错了。"
