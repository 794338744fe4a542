"""Photos: upright everywhere, JPEG pass-through, CMYK, and refusing bad files politely."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from editor.errors import PhotoError
from editor.io.photos import (
    HEIF_SUPPORTED,
    PIXEL_LIMIT,
    import_photo,
    load_upright,
    prepare_for_pdf,
    read_photo_info,
    verify_photo,
)

RED = (255, 0, 0)
BLUE = (0, 0, 255)
UPRIGHT_SIZE = (400, 300)
#: How to store upright pixels so that the EXIF tag turns them back.
_STORE_FOR_ORIENTATION = {
    3: Image.Transpose.ROTATE_180,
    6: Image.Transpose.ROTATE_90,
    8: Image.Transpose.ROTATE_270,
}


def _upright_test_picture() -> Image.Image:
    """Red top half, blue bottom half: which way is up is unmistakable."""
    picture = Image.new("RGB", UPRIGHT_SIZE, BLUE)
    picture.paste(RED, (0, 0, UPRIGHT_SIZE[0], UPRIGHT_SIZE[1] // 2))
    return picture


def _jpeg(picture: Image.Image, orientation: int | None = None, **options: object) -> bytes:
    buffer = io.BytesIO()
    if orientation is not None:
        exif = Image.Exif()
        exif[0x0112] = orientation
        options["exif"] = exif
    picture.save(buffer, format="JPEG", quality=95, **options)
    return buffer.getvalue()


def _tagged_jpeg(orientation: int) -> bytes:
    """A JPEG whose pixels are sideways/upside down and whose tag says so."""
    stored = _upright_test_picture().transpose(_STORE_FOR_ORIENTATION[orientation])
    return _jpeg(stored, orientation)


def _png(picture: Image.Image) -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return buffer.getvalue()


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims a size but holds almost nothing: a decompression-bomb header."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00")) + chunk(b"IEND", b"")


def _assert_red_top_blue_bottom(picture: Image.Image) -> None:
    rgb = picture.convert("RGB")
    width, height = rgb.size
    top = rgb.getpixel((width // 2, height // 4))
    bottom = rgb.getpixel((width // 2, 3 * height // 4))
    assert top[0] > 200 and top[2] < 60, f"top should be red, got {top}"
    assert bottom[2] > 200 and bottom[0] < 60, f"bottom should be blue, got {bottom}"


# ---------------------------------------------------------------- orientation


@pytest.mark.parametrize("orientation", [3, 6, 8])
def test_info_reports_upright_size_for_exif_orientation(orientation: int) -> None:
    info = read_photo_info(_tagged_jpeg(orientation))
    assert (info.width_px, info.height_px) == UPRIGHT_SIZE
    assert info.exif_orientation == orientation
    assert info.format == "JPEG"


@pytest.mark.parametrize("orientation", [3, 6, 8])
def test_prepared_photo_is_upright_and_untagged(orientation: int) -> None:
    prepared = prepare_for_pdf(_tagged_jpeg(orientation))
    assert not prepared.passed_through
    assert prepared.kind == "jpeg"
    assert (prepared.width_px, prepared.height_px) == UPRIGHT_SIZE
    with Image.open(io.BytesIO(prepared.data)) as output:
        assert output.size == UPRIGHT_SIZE
        assert output.getexif().get(0x0112, 1) == 1  # nothing left to turn it again
        _assert_red_top_blue_bottom(output)


@pytest.mark.parametrize("orientation", [3, 6, 8])
def test_screen_image_is_upright(orientation: int) -> None:
    picture = load_upright(_tagged_jpeg(orientation))
    assert picture.size == UPRIGHT_SIZE
    assert picture.mode == "RGB"
    _assert_red_top_blue_bottom(picture)


def test_user_rotation_is_clockwise_after_exif() -> None:
    prepared = prepare_for_pdf(_tagged_jpeg(6), rotation_deg=90)
    with Image.open(io.BytesIO(prepared.data)) as output:
        assert output.size == (UPRIGHT_SIZE[1], UPRIGHT_SIZE[0])
        rgb = output.convert("RGB")
        left = rgb.getpixel((output.width // 4, output.height // 2))
        right = rgb.getpixel((3 * output.width // 4, output.height // 2))
    assert right[0] > 200 and left[2] > 200  # the red top went to the right


def test_rotation_must_be_a_multiple_of_90() -> None:
    with pytest.raises(ValueError):
        prepare_for_pdf(_jpeg(_upright_test_picture()), rotation_deg=45)


def test_screen_image_downscales_to_the_longer_side() -> None:
    big = Image.new("RGB", (2000, 1000), BLUE)
    big.paste(RED, (0, 0, 1000, 1000))
    exif = Image.Exif()
    exif[0x0112] = 6
    picture = load_upright(_jpeg(big, exif=exif), max_side_px=300)
    assert max(picture.size) <= 300
    assert picture.height > picture.width  # sideways photo came out portrait


# ---------------------------------------------------------------- pass-through and modes


@pytest.mark.parametrize("progressive", [False, True])
def test_plain_rgb_jpeg_passes_through_byte_for_byte(progressive: bool) -> None:
    data = _jpeg(_upright_test_picture(), progressive=progressive)
    prepared = prepare_for_pdf(data)
    assert prepared.passed_through
    assert prepared.data is data or prepared.data == data
    assert (prepared.kind, prepared.width_px, prepared.height_px) == ("jpeg", *UPRIGHT_SIZE)


def test_orientation_1_and_grey_jpegs_pass_through() -> None:
    assert prepare_for_pdf(_jpeg(_upright_test_picture(), orientation=1)).passed_through
    assert prepare_for_pdf(_jpeg(Image.new("L", (50, 40), 128))).passed_through


def test_cmyk_jpeg_becomes_rgb_with_true_colours() -> None:
    # Pillow writes CMYK JPEGs Adobe-style (inverted), the kind ReportLab would mis-decode.
    data = _jpeg(Image.new("CMYK", (64, 48), (0, 255, 255, 0)))
    assert read_photo_info(data).mode == "CMYK"
    prepared = prepare_for_pdf(data)
    assert not prepared.passed_through
    assert prepared.kind == "jpeg"
    with Image.open(io.BytesIO(prepared.data)) as output:
        assert output.mode == "RGB"
        red, green, blue = output.getpixel((32, 24))
    assert red > 240 and green < 15 and blue < 15


def test_png_with_alpha_stays_png_with_alpha() -> None:
    picture = Image.new("RGBA", (40, 30), (255, 0, 0, 0))
    picture.paste((0, 0, 255, 255), (0, 0, 20, 30))
    prepared = prepare_for_pdf(_png(picture))
    assert prepared.kind == "png"
    with Image.open(io.BytesIO(prepared.data)) as output:
        assert output.mode == "RGBA"
        assert output.getpixel((5, 5))[3] == 255 and output.getpixel((35, 5))[3] == 0


def test_opaque_png_stays_lossless() -> None:
    prepared = prepare_for_pdf(_png(_upright_test_picture()))
    assert prepared.kind == "png"
    with Image.open(io.BytesIO(prepared.data)) as output:
        assert output.convert("RGB").getpixel((10, 10)) == RED


def test_screen_image_of_cmyk_and_palette_photos_is_rgb_or_rgba() -> None:
    assert load_upright(_jpeg(Image.new("CMYK", (8, 8), (0, 255, 255, 0)))).mode == "RGB"
    palette = Image.new("P", (8, 8), 0)
    palette.info["transparency"] = 0
    assert load_upright(_png(palette)).mode == "RGBA"


def test_info_reads_dpi_from_jfif_or_exif() -> None:
    assert read_photo_info(_jpeg(_upright_test_picture(), dpi=(300, 300))).dpi == (300.0, 300.0)
    exif = Image.Exif()
    exif[0x011A] = 72.0
    exif[0x011B] = 72.0
    exif[0x0128] = 2
    assert read_photo_info(_jpeg(_upright_test_picture(), exif=exif)).dpi == (72.0, 72.0)
    assert read_photo_info(_png(_upright_test_picture())).dpi is None


# ---------------------------------------------------------------- bad files


GOOD_JPEG = _jpeg(_upright_test_picture())
BAD_INPUTS = {
    "empty": b"",
    "text": "这不是图片".encode(),
    "header_cut": GOOD_JPEG[:120],
    "half": GOOD_JPEG[: len(GOOD_JPEG) // 2],
    "scrambled": GOOD_JPEG[:400] + bytes(range(256)) * 8,
    "png_bad_crc": _png(_upright_test_picture())[:-20] + b"\x00" * 20,
}


@pytest.mark.parametrize("kind", sorted(BAD_INPUTS))
def test_damaged_files_raise_photo_error_not_pillow_errors(kind: str, recwarn: pytest.WarningsRecorder) -> None:
    data = BAD_INPUTS[kind]
    for call in (verify_photo, prepare_for_pdf, load_upright):
        with pytest.raises(PhotoError) as caught:
            call(data, name="坏图.jpg")
        assert "坏图.jpg" in caught.value.message
    assert len(recwarn) == 0


def test_header_read_does_not_decode_pixels() -> None:
    # A file cut after its header still has a readable size: proof nothing was decoded.
    info = read_photo_info(BAD_INPUTS["half"])
    assert (info.width_px, info.height_px) == UPRIGHT_SIZE


@pytest.mark.parametrize("pixels_side", [15_000, 25_000])
def test_over_limit_photo_is_refused(pixels_side: int, recwarn: pytest.WarningsRecorder) -> None:
    # 225 MP is over our limit; 625 MP also trips Pillow's own bomb error first.
    assert pixels_side * pixels_side > PIXEL_LIMIT
    data = _png_header_only(pixels_side, pixels_side)
    for call in (read_photo_info, prepare_for_pdf, load_upright):
        with pytest.raises(PhotoError) as caught:
            call(data, name="全景.png")
        assert "像素过多" in caught.value.message
        assert "全景.png" in caught.value.message
    assert len(recwarn) == 0


def test_pixel_count_is_shown_in_ten_thousands() -> None:
    with pytest.raises(PhotoError) as caught:
        read_photo_info(_png_header_only(15_000, 15_000))
    assert "22500 万像素" in caught.value.message


# ---------------------------------------------------------------- HEIC and files


@pytest.mark.skipif(not HEIF_SUPPORTED, reason="pillow-heif is not installed")
def test_heic_photo_is_read_and_prepared_upright() -> None:
    buffer = io.BytesIO()
    _upright_test_picture().save(buffer, format="HEIF", quality=90)
    data = buffer.getvalue()
    info = read_photo_info(data)
    assert (info.format, info.width_px, info.height_px) == ("HEIF", *UPRIGHT_SIZE)
    prepared = prepare_for_pdf(data)
    assert prepared.kind == "jpeg" and not prepared.passed_through
    with Image.open(io.BytesIO(prepared.data)) as output:
        _assert_red_top_blue_bottom(output)


def test_heic_without_pillow_heif_gets_a_specific_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("editor.io.photos.HEIF_SUPPORTED", False)
    fake_heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64
    with pytest.raises(PhotoError, match="HEIC"):
        read_photo_info(fake_heic, name="IMG_0001.HEIC")


def test_import_from_a_chinese_path_with_spaces(tmp_path: Path) -> None:
    folder = tmp_path / "照片 素材"
    folder.mkdir()
    photo = folder / "云铝 大赛 现场.JPEG"
    photo.write_bytes(GOOD_JPEG)
    name, data = import_photo(photo)
    assert data == GOOD_JPEG
    assert name.endswith(".jpg")
    assert import_photo(str(photo))[0] == name  # same content, same name


def test_import_names_by_content_not_by_suffix(tmp_path: Path) -> None:
    photo = tmp_path / "其实是PNG.jpg"
    photo.write_bytes(_png(_upright_test_picture()))
    name, _data = import_photo(photo)
    assert name.endswith(".png")


def test_import_refuses_missing_and_damaged_files(tmp_path: Path) -> None:
    with pytest.raises(PhotoError, match="找不到图片"):
        import_photo(tmp_path / "没有这张.jpg")
    damaged = tmp_path / "坏 图.jpg"
    damaged.write_bytes(BAD_INPUTS["half"])
    with pytest.raises(PhotoError, match="坏 图.jpg"):
        import_photo(damaged)
