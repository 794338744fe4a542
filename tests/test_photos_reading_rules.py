"""What ``editor.io.photos`` reads of a photo: header fields, resolution, refusals of files, checks.

Oracles are the files' own definitions: a PNG's pHYs is pixels per metre (11811 is 299.9994
dpi), EXIF ResolutionUnit 2 is inches and 3 centimetres (× 2.54), orientations 5–8 store the
photo sideways (EXIF 2.3, table of Orientation), and an asset is named by the first hex digits of
its SHA-256. Decodes are counted by wrapping Pillow's ``ImageFile.load`` (the only place pixels
are decoded), as other tests count them, without touching the code under test.
"""

from __future__ import annotations

import hashlib
import io
import shutil
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageFile, TiffImagePlugin

from editor.errors import PhotoError, display_name
from editor.io import photos, prepared_cache
from editor.io.photo_checks import UnusablePhoto
from editor.io.photos import (
    PhotoInfo,
    import_photo,
    photo_extension,
    read_photo_info,
    read_photo_info_of_ends,
    verify_photo,
)
from tests.photo_caches import fresh_photo_caches
from tests.photo_files import png_damaged_inside, uniform_jpeg

X_RESOLUTION, Y_RESOLUTION, RESOLUTION_UNIT = 0x011A, 0x011B, 0x0128


def _saved(image: Image.Image, image_format: str, **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, format=image_format, **options)
    return out.getvalue()


def _exif(**tags: object) -> Image.Exif:
    exif = Image.Exif()
    for tag, value in tags.items():
        exif[{"x": X_RESOLUTION, "y": Y_RESOLUTION, "unit": RESOLUTION_UNIT, "orientation": 0x0112}[tag]] = value
    return exif


@pytest.fixture()
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """An empty cache folder, nothing verified or prepared in this process; the list of decodes."""
    return fresh_photo_caches(tmp_path, monkeypatch)


# ---------------------------------------------------------------- header fields


def test_the_header_gives_size_format_orientation_mode_and_resolution() -> None:
    sideways = _saved(Image.new("RGB", (40, 30)), "JPEG", dpi=(300, 300), exif=_exif(orientation=6))
    assert read_photo_info(sideways) == PhotoInfo(
        width_px=30, height_px=40, dpi=(300.0, 300.0), format="JPEG", exif_orientation=6, mode="RGB")
    mirrored = _saved(Image.new("L", (40, 30)), "JPEG", dpi=(150, 96), exif=_exif(orientation=4))
    assert read_photo_info(mirrored) == PhotoInfo(
        width_px=40, height_px=30, dpi=(150.0, 96.0), format="JPEG", exif_orientation=4, mode="L")
    assert read_photo_info(_saved(Image.new("RGBA", (7, 5)), "PNG")) == PhotoInfo(
        width_px=7, height_px=5, dpi=None, format="PNG", exif_orientation=1, mode="RGBA")
    assert read_photo_info(_saved(Image.new("CMYK", (9, 4)), "JPEG")).mode == "CMYK"


def test_a_pngs_exif_orientation_is_read_without_decoding_it(fresh: list[str]) -> None:
    data = _saved(Image.new("RGB", (40, 30)), "PNG", exif=_exif(orientation=8))
    info = read_photo_info(data)
    assert (info.width_px, info.height_px, info.exif_orientation) == (30, 40, 8)
    assert fresh == []


def test_resolution_is_kept_to_three_decimals_on_each_axis() -> None:
    # pHYs 11811 × 5906 pixels a metre: 299.9994 and 150.0124 dpi.
    png = _saved(Image.new("RGB", (8, 8)), "PNG", dpi=(300, 150))
    assert read_photo_info(png).dpi == (299.999, 150.012)
    # EXIF in centimetres: 118.11 × 2.54 = 299.9994, 59.05 × 2.54 = 149.987
    exif = _exif(x=TiffImagePlugin.IFDRational(11811, 100), y=TiffImagePlugin.IFDRational(5905, 100), unit=3)
    assert read_photo_info(_saved(Image.new("RGB", (8, 8)), "PNG", exif=exif)).dpi == (299.999, 149.987)


def test_a_header_resolution_of_zero_on_one_axis_gives_way_to_the_exif_one() -> None:
    exif = _exif(x=TiffImagePlugin.IFDRational(240, 1), y=TiffImagePlugin.IFDRational(240, 1))
    for dpi in ((300, 0), (0, 300)):
        data = _saved(Image.new("RGB", (8, 8)), "PNG", dpi=dpi, exif=exif)
        assert read_photo_info(data).dpi == (240.0, 240.0)


def test_a_header_resolution_wins_over_the_exif_one() -> None:
    exif = _exif(x=TiffImagePlugin.IFDRational(72, 1), y=TiffImagePlugin.IFDRational(72, 1))
    assert read_photo_info(_saved(Image.new("RGB", (8, 8)), "JPEG", dpi=(300, 150), exif=exif)).dpi == (300.0, 150.0)


@pytest.mark.parametrize("tags", [
    {"x": TiffImagePlugin.IFDRational(300, 1)},  # no vertical resolution
    {"y": TiffImagePlugin.IFDRational(300, 1)},  # no horizontal resolution
    {"x": TiffImagePlugin.IFDRational(300, 1), "y": TiffImagePlugin.IFDRational(300, 1), "unit": 1},  # no unit
    {"x": TiffImagePlugin.IFDRational(300, 1), "y": TiffImagePlugin.IFDRational(300, 1), "unit": 4},
    {"x": TiffImagePlugin.IFDRational(300, 0), "y": TiffImagePlugin.IFDRational(300, 1)},  # 300/0
    {"x": TiffImagePlugin.IFDRational(300, 1), "y": TiffImagePlugin.IFDRational(300, 0)},
], ids=["x-only", "y-only", "unit-1", "unit-4", "x-over-zero", "y-over-zero"])
def test_an_exif_resolution_that_says_no_inches_is_no_resolution(tags: dict[str, object]) -> None:
    assert read_photo_info(_saved(Image.new("RGB", (8, 8)), "PNG", exif=_exif(**tags))).dpi is None


def test_exif_resolution_in_inches_is_taken_as_it_is() -> None:
    exif = _exif(x=TiffImagePlugin.IFDRational(350, 1), y=TiffImagePlugin.IFDRational(175, 1), unit=2)
    assert read_photo_info(_saved(Image.new("RGB", (8, 8)), "PNG", exif=exif)).dpi == (350.0, 175.0)


# ---------------------------------------------------------------- from the ends of a file


def _ends(data: bytes, head_bytes: int, tail_bytes: int = 2) -> tuple[bytes, bytes, int]:
    return data[:head_bytes], data[len(data) - tail_bytes:], len(data)


def test_a_jpeg_is_measured_from_its_ends_only_when_something_lies_between_them() -> None:
    data = uniform_jpeg(640, 480)
    assert read_photo_info_of_ends(*_ends(data, len(data) - 3)).width_px == 640
    assert read_photo_info_of_ends(*_ends(data, len(data) - 2)) is None  # head and tail are the whole file


def test_only_a_jpeg_starting_and_ending_with_its_markers_is_measured_from_its_ends() -> None:
    data = uniform_jpeg(640, 480)
    head, tail, size = _ends(data, 4000)
    assert read_photo_info_of_ends(b"\x00" + head[1:], tail, size) is None
    assert read_photo_info_of_ends(head, b"\xff\x00", size) is None
    assert read_photo_info_of_ends(*_ends(_saved(Image.new("RGB", (64, 48)), "PNG"), 40)) is None


def test_a_progressive_or_refused_jpeg_is_not_measured_from_its_ends() -> None:
    assert read_photo_info_of_ends(*_ends(uniform_jpeg(640, 480, progressive=True), 4000)) is None
    assert read_photo_info_of_ends(*_ends(uniform_jpeg(640, 480, body_bytes=2), 600)) is None


def test_a_sequential_jpeg_whose_coefficients_would_pass_200_mb_is_read_whole() -> None:
    # 4:2:0 at 9216 × 7232 holds 199.9 MB of coefficients, at 9216 × 7300 202.0 MB.
    within = uniform_jpeg(9216, 7232)
    assert read_photo_info_of_ends(*_ends(within, len(within) - 10)).height_px == 7232
    over = uniform_jpeg(9216, 7300)
    assert read_photo_info_of_ends(*_ends(over, len(over) - 10)) is None


# ---------------------------------------------------------------- checking by decoding


def test_a_photo_is_decoded_once_to_check_it_and_then_known_by_its_bytes(fresh: list[str]) -> None:
    data = _saved(Image.new("RGB", (16, 12), (1, 2, 3)), "PNG")
    assert verify_photo(data).width_px == 16
    assert verify_photo(data).height_px == 12
    assert fresh == ["PNG"]
    assert prepared_cache.was_decoded(hashlib.sha256(data).digest()) is True


def test_a_photo_decoded_in_an_earlier_session_is_not_decoded_again(fresh: list[str]) -> None:
    damaged = png_damaged_inside(40, 30)
    prepared_cache.mark_decoded(hashlib.sha256(damaged).digest())  # what an earlier session left
    assert verify_photo(damaged).width_px == 40
    assert fresh == []


def test_a_damaged_photo_of_the_same_length_as_a_checked_one_is_still_refused(fresh: list[str]) -> None:
    good = _saved(Image.effect_noise((40, 30), 40).convert("RGB"), "PNG")
    damaged = png_damaged_inside(40, 30)
    damaged = damaged[: len(good)] if len(damaged) >= len(good) else damaged + bytes(len(good) - len(damaged))
    verify_photo(good)
    with pytest.raises(UnusablePhoto):
        verify_photo(damaged)


def test_the_photos_checked_last_are_remembered_in_this_process(
        fresh: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(photos, "_VERIFIED_CAPACITY", 4)  # 512 in use: the rule, not the number, is tested
    pictures = [_saved(Image.new("L", (1, 1), n), "PNG") for n in range(5)]
    for data in pictures[:4]:
        verify_photo(data)
    markers = tmp_path / "cache" / "checked-photos"
    shutil.rmtree(markers)
    fresh.clear()
    verify_photo(pictures[0])  # remembered, and now the most recently checked
    assert fresh == []
    verify_photo(pictures[4])  # the fifth: the least recently checked (the second) is forgotten
    shutil.rmtree(markers)
    fresh.clear()
    verify_photo(pictures[0])
    verify_photo(pictures[2])
    assert fresh == []
    verify_photo(pictures[1])
    assert fresh == ["PNG"]


def test_a_png_whose_pixels_stop_early_is_incomplete_and_one_scrambled_is_damaged(fresh: list[str]) -> None:
    with pytest.raises(UnusablePhoto) as refused:
        verify_photo(png_damaged_inside(40, 30), "坏.png")
    assert refused.value.message == "无法读取图片“坏.png”：文件已损坏，或不是支持的图片格式。"
    # 64 rows of 193 bytes of noise, of which the IDAT holds the deflated first 40 rows only.
    rows = bytes(Image.effect_noise((64, 64), 60).convert("RGB").tobytes())
    raw = b"".join(b"\x00" + rows[row * 192:(row + 1) * 192] for row in range(40))
    packer = zlib.compressobj(1)
    idat = packer.compress(raw) + packer.flush(zlib.Z_SYNC_FLUSH)
    header = struct.pack(">IIBBBBB", 64, 64, 8, 2, 0, 0, 0)
    cut = b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")
    with pytest.raises(UnusablePhoto) as refused:
        verify_photo(cut, "半.png")
    assert refused.value.reason == "文件不完整，可能没有下载或复制完"


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def test_a_size_pillow_itself_calls_a_bomb_is_said_as_too_many_pixels() -> None:
    from tests.photo_files import png_claiming

    with pytest.raises(UnusablePhoto) as refused:
        read_photo_info(png_claiming(25_000, 25_000), "炸弹.png")
    assert refused.value.message == "无法读取图片“炸弹.png”：像素过多，可能是损坏的文件。"


# ---------------------------------------------------------------- names and files


@pytest.mark.parametrize(("image_format", "extension"), [
    ("JPEG", "jpg"), ("MPO", "jpg"), ("PNG", "png"), ("WEBP", "webp"), ("TIFF", "tif"), ("BMP", "bmp"),
    ("GIF", "gif"), ("HEIF", "heic"),
])
def test_each_format_is_stored_under_its_own_extension(image_format: str, extension: str) -> None:
    assert photo_extension(PhotoInfo(8, 8, None, image_format, 1, "RGB")) == extension


def test_a_format_without_an_extension_is_refused_by_name() -> None:
    with pytest.raises(UnusablePhoto) as refused:
        photo_extension(PhotoInfo(8, 8, None, "ICO", 1, "RGB"), "图标.ico")
    assert refused.value.message == "无法读取图片“图标.ico”：格式（ICO）不受支持，请转换为 JPEG 或 PNG 后再插入。"
    with pytest.raises(UnusablePhoto) as refused:
        photo_extension(PhotoInfo(8, 8, None, "", 1, "RGB"))
    assert refused.value.reason == "格式（未知）不受支持，请转换为 JPEG 或 PNG 后再插入"


def test_an_imported_photo_is_named_by_its_content_hash(tmp_path: Path, fresh: list[str]) -> None:
    data = _saved(Image.new("RGB", (8, 8), (4, 5, 6)), "GIF")
    path = tmp_path / "动画.jpg"
    path.write_bytes(data)
    name, read = import_photo(str(path))
    assert read == data
    assert name.endswith(".gif") and hashlib.sha256(data).hexdigest().startswith(name[: -len(".gif")])


def test_a_missing_photo_file_is_named_in_chinese(tmp_path: Path) -> None:
    missing = tmp_path / "不见了.jpg"
    with pytest.raises(PhotoError) as refused:
        import_photo(missing)
    # The whole path (where it was looked for), long ones kept to their two ends as every name shown.
    assert refused.value.message == f"找不到图片“{display_name(missing)}”。"


def test_a_folder_is_refused_as_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "相册.jpg"
    folder.mkdir()
    with pytest.raises(UnusablePhoto) as refused:
        import_photo(folder)
    assert refused.value.message == "无法读取图片“相册.jpg”：它是文件夹，不是图片。"


@pytest.mark.parametrize(("problem", "reason"), [
    (MemoryError(), "图片太大，内存不足"),
    (ValueError("unpack"), "文件已损坏，或不是支持的图片格式"),
    (OSError("image file is truncated (4 bytes not processed)"), "文件不完整，可能没有下载或复制完"),
    (OSError("broken data stream"), "文件已损坏，或不是支持的图片格式"),
])
def test_whatever_pillow_raises_while_decoding_becomes_one_chinese_reason(
        fresh: list[str], monkeypatch: pytest.MonkeyPatch, problem: Exception, reason: str) -> None:
    def failing_load(image: ImageFile.ImageFile) -> None:
        raise problem

    monkeypatch.setattr(ImageFile.ImageFile, "load", failing_load)
    with pytest.raises(UnusablePhoto) as refused:
        verify_photo(_saved(Image.new("RGB", (8, 8)), "PNG"), "照片.png")
    assert refused.value.message == f"无法读取图片“照片.png”：{reason}。"
    assert refused.value.__cause__ is problem


def test_the_root_folder_is_named_by_its_path_when_refused(tmp_path: Path) -> None:
    root = Path(tmp_path.anchor)  # a path without a last name: / or C:\\
    with pytest.raises(UnusablePhoto) as refused:
        import_photo(root)
    assert refused.value.message == f"无法读取图片“{root}”：它是文件夹，不是图片。"


def test_an_orientation_written_as_text_is_taken_as_upright() -> None:
    # A TIFF IFD of one entry: Orientation (0x0112) of type 2 (ASCII), "6".
    tiff = b"MM\x00\x2a" + struct.pack(">IH", 8, 1) + struct.pack(">HHI", 0x0112, 2, 2) + b"6\x00\x00\x00" \
        + struct.pack(">I", 0)
    for image_format in ("PNG", "JPEG"):
        info = read_photo_info(_saved(Image.new("RGB", (40, 30)), image_format, exif=b"Exif\x00\x00" + tiff))
        assert (info.width_px, info.height_px, info.exif_orientation) == (40, 30, 1)


def test_a_header_resolution_under_one_dpi_is_still_a_resolution() -> None:
    # pHYs 39 pixels a metre is 0.9906 dpi; a positive value, however small, is what the header says.
    assert read_photo_info(_saved(Image.new("RGB", (8, 8)), "PNG", dpi=(1, 300))).dpi == (0.991, 299.999)
    assert read_photo_info(_saved(Image.new("RGB", (8, 8)), "PNG", dpi=(300, 1))).dpi == (299.999, 0.991)
