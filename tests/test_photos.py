"""Photos: upright everywhere, JPEG pass-through, CMYK, refusing bad files politely, and opening only
listed formats within pixel limits checked before decoding."""

from __future__ import annotations

import errno
import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageFile

from editor.errors import PhotoError
from editor.io.photo_checks import pixel_limit
from editor.io.photos import (
    HEIF_SUPPORTED,
    PRINT_MAX_PIXELS,
    import_photo,
    load_upright,
    prepare_for_pdf,
    read_photo_info,
    verify_photo,
)
from tests.photo_files import EPS, uniform_jpeg

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


def test_header_read_decodes_no_pixels(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self) -> None:
        raise AssertionError("read_photo_info decoded pixels")

    data = _jpeg(_upright_test_picture())
    # Patched only around the call: windows left by earlier GUI tests may paint thumbnails
    # (and decode photos) when pytest-qt runs the event loop at teardown.
    with monkeypatch.context() as patch:
        patch.setattr(ImageFile.ImageFile, "load", refuse)
        info = read_photo_info(data)
    assert (info.width_px, info.height_px) == UPRIGHT_SIZE


def test_a_photo_cut_short_is_called_incomplete_from_its_header_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    for cut in (BAD_INPUTS["half"], _png(_upright_test_picture())[:-30]):
        with monkeypatch.context() as patch, pytest.raises(PhotoError) as caught:  # see the test above
            patch.setattr(ImageFile.ImageFile, "load", lambda self: pytest.fail("decoded"))
            read_photo_info(cut, name="半张.jpg")
        assert caught.value.message == "无法读取图片“半张.jpg”：文件不完整，可能没有下载或复制完。"


@pytest.mark.parametrize("pixels_side", [15_000, 25_000])
def test_over_limit_photo_is_refused(pixels_side: int, recwarn: pytest.WarningsRecorder) -> None:
    # 225 MP is over our PNG limit; 625 MP also trips Pillow's own bomb error first.
    assert pixels_side * pixels_side > pixel_limit("PNG")
    data = _png_header_only(pixels_side, pixels_side)
    for call in (read_photo_info, prepare_for_pdf, load_upright):
        with pytest.raises(PhotoError) as caught:
            call(data, name="全景.png")
        assert "像素过多" in caught.value.message
        assert "全景.png" in caught.value.message
    assert len(recwarn) == 0


def test_pixel_count_and_the_limit_are_shown_in_ten_thousands() -> None:
    with pytest.raises(PhotoError) as caught:
        read_photo_info(_png_header_only(15_000, 15_000), name="全景.png")
    assert caught.value.message == "无法读取图片“全景.png”：像素过多：22500 万像素，超过 PNG 图片的上限 5000 万像素。"


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
    monkeypatch.setattr("editor.io.photo_checks.HEIF_SUPPORTED", False)
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


# ---------------------------------------------------------------- listed formats and limits (issue 7)


def test_only_listed_formats_are_opened_even_those_pillow_reads() -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), RED).save(buffer, format="TGA")  # Pillow reads TGA; we do not list it
    with pytest.raises(PhotoError) as caught:
        read_photo_info(buffer.getvalue(), name="图.tga")
    assert caught.value.message == "无法读取图片“图.tga”：文件已损坏，或不是支持的图片格式。"


@pytest.mark.parametrize("data, kind", [
    (EPS, "EPS"),
    (b"%!PS-Adobe-3.0\n%%Pages: 1\nshowpage\n", "PostScript"),
    (b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", "PDF"),
])
def test_eps_postscript_and_pdf_are_named_not_opened(data: bytes, kind: str) -> None:
    with pytest.raises(PhotoError) as caught:
        read_photo_info(data, name="海报.jpg")
    assert caught.value.message == (f"无法读取图片“海报.jpg”：这是 {kind} 文件，不是照片；"
                                    "只能插入 JPEG、PNG、WebP、TIFF、BMP、GIF 或 HEIC 图片。")


def test_a_jpeg_of_the_largest_accepted_size_is_read_and_decoded_reduced() -> None:
    data = uniform_jpeg(16384, 16384)  # 268 MP: the JPEG limit
    info = verify_photo(data)
    assert (info.width_px, info.height_px) == (16384, 16384)
    picture = load_upright(data)
    assert picture.width * picture.height <= PRINT_MAX_PIXELS
    assert picture.size == (4096, 4096)  # ¼ scale: ½ would be 67 MP


def test_a_jpeg_one_row_over_the_limit_is_refused_with_its_size() -> None:
    with pytest.raises(PhotoError) as caught:
        read_photo_info(uniform_jpeg(16384, 16385, body_bytes=4), name="大.jpg")
    assert caught.value.message == "无法读取图片“大.jpg”：像素过多：26845 万像素，超过 JPEG 照片的上限 26844 万像素。"


def test_a_progressive_jpeg_is_limited_by_the_coefficients_libjpeg_holds() -> None:
    # 4:2:0 keeps 3 bytes of coefficients a pixel: 9216 × 7232 needs 199.9 MB; 9216 × 7300 has
    # 1152 × 913 + 2 × 576 × 457 blocks of 128 bytes = 202.0 MB, so its 6728 万 pixels scale to 6661 万.
    assert read_photo_info(uniform_jpeg(9216, 7232, progressive=True)).width_px == 9216
    assert read_photo_info(uniform_jpeg(9216, 7300)).width_px == 9216  # sequential: no such limit
    with pytest.raises(PhotoError) as caught:
        read_photo_info(uniform_jpeg(9216, 7300, progressive=True), name="渐进.jpg")
    assert caught.value.message == "无法读取图片“渐进.jpg”：像素过多：6728 万像素，超过渐进式 JPEG 照片的上限 6661 万像素。"


def test_a_webp_canvas_is_refused_before_libwebp_allocates_it(monkeypatch: pytest.MonkeyPatch) -> None:
    chunk = b"VP8X" + struct.pack("<I", 10) + b"\x00\x00\x00\x00" + (15999).to_bytes(3, "little") * 2
    data = b"RIFF" + struct.pack("<I", 4 + len(chunk)) + b"WEBP" + chunk
    with monkeypatch.context() as patch, pytest.raises(PhotoError) as caught:  # patched around the call only
        patch.setattr(Image, "open", lambda *args, **kwargs: pytest.fail("Pillow opened it"))
        read_photo_info(data, name="大.webp")
    assert caught.value.message == "无法读取图片“大.webp”：像素过多：25600 万像素，超过 WebP 图片的上限 1250 万像素。"


def test_a_jpeg_body_too_short_for_its_size_is_damaged_without_decoding(monkeypatch: pytest.MonkeyPatch) -> None:
    data = uniform_jpeg(14000, 14000, body_bytes=8 * 1024)
    with monkeypatch.context() as patch, pytest.raises(PhotoError) as caught:  # patched around the call only
        patch.setattr(ImageFile.ImageFile, "load", lambda self: pytest.fail("decoded"))
        read_photo_info(data, name="假图.jpg")
    assert caught.value.message == "无法读取图片“假图.jpg”：文件不完整，可能没有下载或复制完。"


def test_a_big_sideways_jpeg_is_prepared_reduced_and_upright() -> None:
    prepared = prepare_for_pdf(uniform_jpeg(16384, 12288, orientation=6))
    assert (prepared.kind, prepared.passed_through) == ("jpeg", False)
    assert (prepared.width_px, prepared.height_px) == (3072, 4096)  # ¼ scale, turned


def test_a_jpeg_over_the_pass_through_size_is_re_encoded(monkeypatch: pytest.MonkeyPatch) -> None:
    data = _jpeg(_upright_test_picture())
    monkeypatch.setattr("editor.io.photos.MAX_PASS_THROUGH_BYTES", len(data) - 1)
    prepared = prepare_for_pdf(data)
    assert not prepared.passed_through
    assert (prepared.width_px, prepared.height_px) == UPRIGHT_SIZE


def test_a_transparent_png_over_the_print_size_is_reduced_keeping_its_alpha(monkeypatch: pytest.MonkeyPatch) -> None:
    picture = Image.new("RGBA", (400, 300), (255, 0, 0, 0))
    picture.paste((0, 0, 255, 255), (0, 0, 200, 300))
    monkeypatch.setattr("editor.io.photos.PNG_PRINT_MAX_PIXELS", 40_000)
    prepared = prepare_for_pdf(_png(picture))
    assert (prepared.kind, prepared.width_px, prepared.height_px) == ("png", 200, 150)  # halved: 30,000 px
    with Image.open(io.BytesIO(prepared.data)) as output:
        assert output.getpixel((10, 50)) == (0, 0, 255, 255)
        assert output.getpixel((180, 50))[3] == 0


# ---------------------------------------------------------------- reading files (issue 7)
# (a FIFO or a folder named like a photo: tests/test_hostile_photos.py)


def test_a_read_error_is_said_in_chinese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(path, limit):
        raise OSError(errno.EIO, "Input/output error", str(path))

    monkeypatch.setattr("editor.io.photos.read_regular_file", broken)
    with pytest.raises(PhotoError) as caught:
        import_photo(tmp_path / "现场.jpg")
    assert caught.value.message == "无法读取图片“现场.jpg”：读写磁盘时出错（磁盘或网络可能有故障）。"
