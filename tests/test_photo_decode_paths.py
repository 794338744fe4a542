"""How photos are decoded: DCT scale of big JPEGs, palette and 16-bit data, grey kept or not,
resolution read from EXIF, and what the prepared-photo cache is keyed by.

Expected sizes are worked out here from the rules the docstrings of ``editor.io.photos`` state
(a JPEG decoded at the most reduced ½/¼/⅛ scale within the pixel limit, or still covering the
side asked for; other formats reduced by the least whole factor), resolutions from the EXIF
standard (ResolutionUnit 2 = inch is the default, 3 = centimetre), grey values by hand.
"""

from __future__ import annotations

import io
from collections import OrderedDict
from pathlib import Path

import pytest
from PIL import Image, TiffImagePlugin

from editor.io import photos, prepared_cache
from editor.io.photos import downsampling_scale, load_upright, prepare_for_pdf, read_photo_info
from tests.photo_files import uniform_jpeg

X_RESOLUTION, Y_RESOLUTION, RESOLUTION_UNIT = 0x011A, 0x011B, 0x0128


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty prepared-photo cache folder, and nothing prepared earlier in the process."""
    folder = tmp_path / "cache"
    monkeypatch.setattr(prepared_cache, "cache_folder", lambda: folder)
    monkeypatch.setattr(photos, "_prepared", OrderedDict())
    return folder


def _png(image: Image.Image, **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", **options)
    return out.getvalue()


def _png_with_exif(resolution: dict[int, object]) -> bytes:
    exif = Image.Exif()
    for tag, value in resolution.items():
        exif[tag] = value
    return _png(Image.new("RGB", (10, 10), (90, 90, 90)), exif=exif)


def _two_colour_palette(width: int, height: int) -> Image.Image:
    """Left half red, right half blue, as palette indices 0 and 1."""
    image = Image.new("P", (width, height), 1)
    image.putpalette([200, 30, 30, 20, 20, 200] + [0] * 762)
    image.paste(0, (0, 0, width // 2, height))
    return image


# ---------------------------------------------------------------- JPEG scale


def test_a_108_mp_jpeg_is_decoded_at_a_quarter_since_a_half_is_over_24_mp() -> None:
    # ½: 6000 × 4500 = 27 MP, over PRINT_MAX_PIXELS (24 MP); ¼: 3000 × 2250.
    assert load_upright(uniform_jpeg(12000, 9000, grey=True)).size == (3000, 2250)


def test_a_preview_is_decoded_at_the_smallest_scale_still_covering_its_side() -> None:
    # 4000 px wide asked at 900: ¼ (1000 px) still covers 900, ⅛ (500 px) would not.
    assert load_upright(uniform_jpeg(4000, 3000), max_side_px=900).size == (900, 675)


# ---------------------------------------------------------------- other formats


def test_a_palette_png_over_8_mp_is_halved_for_print_keeping_its_colours_and_inches(cache: Path) -> None:
    # 4000 × 2500 = 10 MP over PNG_PRINT_MAX_PIXELS (8 MP): halved, 300 dpi becomes 150 dpi.
    prepared = prepare_for_pdf(_png(_two_colour_palette(4000, 2500), dpi=(300, 300)))
    assert (prepared.kind, prepared.width_px, prepared.height_px) == ("png", 2000, 1250)
    out = Image.open(io.BytesIO(prepared.data))
    assert out.size == (2000, 1250)
    assert out.info["dpi"] == pytest.approx((150, 150), abs=0.05)
    shown = out.convert("RGB")
    # Nearest pixels: the two colours as they were, meeting at the new middle (x = 1000).
    assert [shown.getpixel((x, 600)) for x in (0, 999, 1000, 1999)] == [(200, 30, 30)] * 2 + [(20, 20, 200)] * 2
    assert len(shown.getcolors()) == 2


def test_a_16_bit_tiff_is_scaled_to_8_bits_not_clipped(cache: Path) -> None:
    out = io.BytesIO()
    Image.new("I;16B", (64, 48), 0x8000).save(out, format="TIFF")  # half of full scale
    prepared = prepare_for_pdf(out.getvalue())
    decoded = Image.open(io.BytesIO(prepared.data)).convert("L")
    assert decoded.getextrema() == (128, 128)


@pytest.mark.parametrize("mode", ["I;16", "I;16B", "I"])
def test_a_16_bit_grey_photo_stays_one_grey_channel_for_print(cache: Path, mode: str) -> None:
    out = io.BytesIO()
    Image.new(mode, (64, 48), 0x4000).save(out, format="TIFF")  # a quarter of full scale
    decoded = Image.open(io.BytesIO(prepare_for_pdf(out.getvalue()).data))
    assert (decoded.mode, decoded.getextrema()) == ("L", (64, 64))


def test_a_grey_png_stays_grey_for_print(cache: Path) -> None:
    prepared = prepare_for_pdf(_png(Image.new("L", (64, 48), 77)))
    decoded = Image.open(io.BytesIO(prepared.data))
    assert (decoded.mode, decoded.getextrema()) == ("L", (77, 77))


def test_a_grey_png_is_drawn_on_screen_as_rgb() -> None:
    shown = load_upright(_png(Image.new("L", (64, 48), 77)))
    assert (shown.mode, shown.getpixel((3, 3))) == ("RGB", (77, 77, 77))


# ---------------------------------------------------------------- resolution from EXIF


def test_exif_resolution_without_a_unit_is_in_inches() -> None:
    info = read_photo_info(_png_with_exif({X_RESOLUTION: 300, Y_RESOLUTION: 240}))
    assert info.dpi == (300.0, 240.0)


def test_exif_resolution_in_centimetres_is_converted_to_three_decimals() -> None:
    per_cm = TiffImagePlugin.IFDRational(1181102, 10000)  # 118.1102 px/cm = 299.999908 dpi
    info = read_photo_info(_png_with_exif({X_RESOLUTION: per_cm, Y_RESOLUTION: per_cm, RESOLUTION_UNIT: 3}))
    assert info.dpi == (300.0, 300.0)


def test_a_png_resolution_is_read_from_its_whole_pixels_per_metre_to_three_decimals() -> None:
    # pHYs holds whole pixels per metre: 300 dpi is stored as 11811, read back as 299.9994 dpi.
    info = read_photo_info(_png(Image.new("RGB", (10, 10)), dpi=(300, 300)))
    assert info.dpi == (299.999, 299.999)


@pytest.mark.parametrize(("x_res", "y_res"), [(0, 300), (300, 0)])
def test_an_exif_resolution_of_zero_either_way_means_none(x_res: int, y_res: int) -> None:
    info = read_photo_info(_png_with_exif({X_RESOLUTION: x_res, Y_RESOLUTION: y_res, RESOLUTION_UNIT: 2}))
    assert info.dpi is None


# ---------------------------------------------------------------- downsampling and its cache


def test_a_photo_one_pixel_high_shown_one_pixel_high_is_not_downsampled() -> None:
    # The height needs every pixel it has, so the one scale for both sides stays 1.
    assert downsampling_scale((4000, 1), (100, 1)) == 1.0


def test_a_photo_prepared_by_another_pillow_version_is_prepared_again(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = _png(_two_colour_palette(64, 48))
    made: list[bytes] = []
    real_reencoded = photos._reencoded

    def counting_reencoded(*args: object, **kwargs: object) -> photos.PreparedPhoto:
        made.append(b"")
        return real_reencoded(*args, **kwargs)

    monkeypatch.setattr(photos, "_reencoded", counting_reencoded)
    prepare_for_pdf(data)
    monkeypatch.setattr(photos, "_prepared", OrderedDict())
    prepare_for_pdf(data)
    assert len(made) == 1  # the second came from the cache on disk
    monkeypatch.setattr(photos, "_prepared", OrderedDict())
    monkeypatch.setattr(Image, "__version__", "0.0.1")
    prepare_for_pdf(data)
    assert len(made) == 2


def _bmp(colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(out, format="BMP")
    return out.getvalue()


def test_two_photos_of_the_same_length_are_each_prepared_from_their_own_pixels(cache: Path) -> None:
    red, blue = _bmp((200, 30, 30)), _bmp((20, 20, 200))
    assert len(red) == len(blue)  # a BMP's length depends only on its size
    first, second = prepare_for_pdf(red), prepare_for_pdf(blue)
    assert Image.open(io.BytesIO(first.data)).convert("RGB").getpixel((5, 5)) == (200, 30, 30)
    assert Image.open(io.BytesIO(second.data)).convert("RGB").getpixel((5, 5)) == (20, 20, 200)


def test_a_photo_reencoded_for_print_is_jpeg_of_quality_92(cache: Path) -> None:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (120, 90, 60)).save(out, format="TIFF")
    prepared = prepare_for_pdf(out.getvalue())
    assert prepared.kind == "jpeg"
    # IJG scaling: quality 92 → 200 − 2 × 92 = 16 %, the luminance DC step 16 × 16 % ≈ 3 (75 would give 8).
    assert Image.open(io.BytesIO(prepared.data)).quantization[0][0] == 3
