"""How ``editor.io.photos`` prepares a photo for the PDF and the screen: sizes, kinds, caches.

Sizes are worked out by hand: libjpeg decodes at 1/1, ½, ¼ or ⅛ (each side rounded up),
a box ``reduce`` by a whole factor rounds each side up, a nearest-pixel resize rounds down.
Encoder settings are checked against Pillow's own encoder at the documented setting (the
quantisation tables of a JPEG saved at quality 92 or 90; zlib's header, RFC 1950, says in
FLEVEL whether the fastest level wrote it). Decodes are counted by wrapping Pillow's
``ImageFile.load``; libjpeg's DCT scale by what ``draft`` is asked for.
"""

from __future__ import annotations

import hashlib
import io
import shutil
import struct
from collections import OrderedDict
from pathlib import Path

import pytest
from PIL import Image, ImageCms, ImageFile, JpegImagePlugin

from editor.io import photos, prepared_cache
from editor.io.photos import PreparedPhoto, load_upright, prepare_for_pdf
from tests.photo_caches import fresh_photo_caches
from tests.photo_files import uniform_jpeg


def _saved(image: Image.Image, image_format: str, **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, format=image_format, **options)
    return out.getvalue()


def _opened(prepared: PreparedPhoto) -> Image.Image:
    return Image.open(io.BytesIO(prepared.data))


@pytest.fixture()
def decodes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """An empty cache folder and nothing prepared in this process; the formats decoded, in order."""
    return fresh_photo_caches(tmp_path, monkeypatch)


@pytest.fixture()
def drafts(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int]]:
    """The sizes libjpeg is asked to decode at (``draft``), in order."""
    asked: list[tuple[int, int]] = []
    real_draft = JpegImagePlugin.JpegImageFile.draft

    def recorded_draft(image, mode, size):
        asked.append(size)
        return real_draft(image, mode, size)

    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "draft", recorded_draft)
    return asked


def _forget_prepared(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Nothing prepared in memory or on disk: the next prepare decodes."""
    monkeypatch.setattr(photos, "_prepared", OrderedDict())
    shutil.rmtree(tmp_path / "cache" / "export-photos", ignore_errors=True)


# ---------------------------------------------------------------- passing a JPEG through


def test_a_jpeg_passes_through_up_to_the_byte_limit_and_is_re_encoded_one_byte_over(
        decodes: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    data = _saved(Image.new("RGB", (64, 48), (90, 120, 150)), "JPEG", quality=80)
    monkeypatch.setattr(photos, "MAX_PASS_THROUGH_BYTES", len(data))
    assert prepare_for_pdf(data).data == data
    monkeypatch.setattr(photos, "MAX_PASS_THROUGH_BYTES", len(data) - 1)
    over = prepare_for_pdf(data)
    assert (over.passed_through, over.kind, over.width_px, over.height_px) == (False, "jpeg", 64, 48)


def test_an_extended_huffman_jpeg_and_an_mpo_pass_through(decodes: list[str]) -> None:
    baseline = _saved(Image.new("RGB", (64, 48), (90, 120, 150)), "JPEG")
    extended = baseline.replace(b"\xff\xc0", b"\xff\xc1", 1)
    assert prepare_for_pdf(extended) == PreparedPhoto(extended, "jpeg", 64, 48, passed_through=True)
    out = io.BytesIO()
    Image.new("RGB", (32, 24), (10, 20, 30)).save(out, format="MPO", save_all=True,
                                                 append_images=[Image.new("RGB", (32, 24))])
    mpo = out.getvalue()
    assert prepare_for_pdf(mpo) == PreparedPhoto(mpo, "jpeg", 32, 24, passed_through=True)


def test_a_jpeg_asked_at_its_own_size_or_larger_still_passes_through(decodes: list[str]) -> None:
    data = _saved(Image.new("RGB", (64, 48), (90, 120, 150)), "JPEG")
    assert prepare_for_pdf(data, max_size_px=(64, 48)).data == data
    assert prepare_for_pdf(data, max_size_px=(640, 480)).data == data


# ---------------------------------------------------------------- rotation


def test_rotations_are_taken_modulo_a_full_turn(decodes: list[str]) -> None:
    data = _saved(Image.new("RGB", (40, 30), (200, 40, 40)), "PNG")
    turned = {rotation: prepare_for_pdf(data, rotation) for rotation in (90, -270, 450, -90, 270, 180, -180, 360)}
    assert (turned[90].width_px, turned[90].height_px) == (30, 40)
    assert turned[-270].data == turned[90].data == turned[450].data
    assert turned[-90].data == turned[270].data
    assert turned[-180].data == turned[180].data
    assert (turned[360].width_px, turned[360].height_px) == (40, 30)
    with pytest.raises(ValueError, match=r"^rotation_deg must be a multiple of 90, got 45$"):
        prepare_for_pdf(data, 45)


# ---------------------------------------------------------------- decoding within the limits


@pytest.mark.parametrize(("max_pixels", "shown"), [(12288, (96, 128)), (3072, (48, 64)), (3071, (24, 32)),
                                                   (768, (24, 32)), (767, (12, 16))])
def test_a_jpeg_for_print_is_decoded_at_the_least_dct_scale_within_the_pixel_limit(
        decodes: list[str], monkeypatch: pytest.MonkeyPatch, max_pixels: int, shown: tuple[int, int]) -> None:
    # 128 × 96 is 12288 pixels; ½ is 64 × 48 = 3072, ¼ 32 × 24 = 768, ⅛ 16 × 12. Turned a quarter.
    monkeypatch.setattr(photos, "PRINT_MAX_PIXELS", max_pixels)
    prepared = prepare_for_pdf(_saved(Image.new("RGB", (128, 96), (90, 120, 150)), "JPEG"), 90)
    assert (prepared.width_px, prepared.height_px) == shown
    assert _opened(prepared).size == shown


def test_a_jpeg_over_the_limit_at_an_eighth_is_reduced_further_by_a_box(
        decodes: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    # ⅛ of 256 × 192 is 32 × 24 = 768 pixels; within 200 it takes a box of 2 more: 16 × 12.
    monkeypatch.setattr(photos, "PRINT_MAX_PIXELS", 200)
    prepared = prepare_for_pdf(_saved(Image.new("RGB", (256, 192), (90, 120, 150)), "JPEG"), 180)
    assert (prepared.width_px, prepared.height_px) == (16, 12)


@pytest.mark.parametrize(("max_side", "decoded"), [(180, (200, 150)), (100, (100, 75)), (101, (200, 150)),
                                                   (10, (100, 75)), (400, (400, 300)), (401, (800, 600))])
def test_a_preview_is_decoded_at_the_smallest_dct_scale_covering_its_longer_side(
        monkeypatch: pytest.MonkeyPatch, max_side: int, decoded: tuple[int, int]) -> None:
    sizes: list[tuple[int, int]] = []
    real_load = ImageFile.ImageFile.load

    def sized_load(image: ImageFile.ImageFile):
        result = real_load(image)
        sizes.append(image.size)
        return result

    monkeypatch.setattr(ImageFile.ImageFile, "load", sized_load)
    # 800 × 600: ½ is 400 × 300, ¼ 200 × 150, ⅛ 100 × 75.
    image = load_upright(uniform_jpeg(800, 600), max_side_px=max_side)
    assert sizes[0] == decoded
    assert max(image.size) == max_side


def test_a_preview_side_must_be_positive() -> None:
    data = _saved(Image.new("RGB", (40, 30)), "PNG")
    with pytest.raises(ValueError, match=r"^max_side_px must be positive, got 0$"):
        load_upright(data, max_side_px=0)
    assert load_upright(data, max_side_px=1).size == (1, 1)


def test_checking_a_jpeg_asks_libjpeg_for_its_smallest_scale(decodes: list[str], drafts: list) -> None:
    photos.verify_photo(uniform_jpeg(640, 480))
    assert drafts == [(1, 1)]
    assert decodes == ["JPEG"]


# ---------------------------------------------------------------- reducing lossless photos


def _palette(width: int, height: int) -> Image.Image:
    image = Image.new("P", (width, height), 1)
    image.putpalette([200, 30, 30, 20, 20, 200] + [0] * 762)
    return image


@pytest.mark.parametrize(("image", "max_pixels", "size", "mode"), [
    (Image.new("RGB", (10, 7), (9, 99, 199)), 70, (10, 7), "RGB"),
    (Image.new("RGB", (10, 7), (9, 99, 199)), 69, (5, 4), "RGB"),  # factor 2: ⌈10/2⌉ × ⌈7/2⌉ = 20
    (Image.new("RGB", (10, 7), (9, 99, 199)), 20, (5, 4), "RGB"),
    (Image.new("RGB", (10, 7), (9, 99, 199)), 19, (4, 3), "RGB"),  # factor 3: 4 × 3 = 12
    (Image.new("L", (10, 7), 77), 20, (5, 4), "L"),
    (Image.new("RGBA", (10, 7), (9, 99, 199, 128)), 20, (5, 4), "RGBA"),
    (Image.new("LA", (10, 7), (77, 128)), 20, (5, 4), "RGBA"),
    (_palette(10, 7), 20, (5, 3), "RGB"),  # nearest pixel: ⌊10/2⌋ × ⌊7/2⌋
    (Image.new("1", (10, 7), 1), 20, (5, 3), "L"),
    (_palette(1, 7), 4, (1, 3), "RGB"),  # ⌊1/2⌋ is 0: kept at one pixel
], ids=["rgb-fits", "rgb-half", "rgb-half-exactly", "rgb-third", "grey", "rgba", "grey-alpha", "palette", "bilevel",
        "palette-one-wide"])
def test_a_lossless_photo_over_the_print_limit_is_reduced_by_a_whole_factor(
        decodes: list[str], monkeypatch: pytest.MonkeyPatch, image: Image.Image, max_pixels: int,
        size: tuple[int, int], mode: str) -> None:
    monkeypatch.setattr(photos, "PNG_PRINT_MAX_PIXELS", max_pixels)
    prepared = prepare_for_pdf(_saved(image, "PNG"))
    assert (prepared.kind, prepared.width_px, prepared.height_px) == ("png", *size)
    assert (_opened(prepared).mode, _opened(prepared).size) == (mode, size)


def test_a_reduced_photo_keeps_its_size_in_inches(decodes: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(photos, "PNG_PRINT_MAX_PIXELS", 20)
    prepared = prepare_for_pdf(_saved(Image.new("RGB", (10, 7), (9, 99, 199)), "PNG", dpi=(300, 200)))
    assert _opened(prepared).info["dpi"] == pytest.approx((150, 100), abs=0.02)


def test_a_turned_jpeg_keeps_its_resolution(decodes: list[str]) -> None:
    prepared = prepare_for_pdf(_saved(Image.new("RGB", (40, 30), (9, 99, 199)), "JPEG", dpi=(300, 300)), 90)
    assert _opened(prepared).info["dpi"] == (300, 300)
    unmarked = prepare_for_pdf(_saved(Image.new("RGB", (40, 30), (9, 99, 199)), "PNG"), 90)
    assert "dpi" not in _opened(unmarked).info


# ---------------------------------------------------------------- what comes out


@pytest.mark.parametrize(("image", "image_format", "kind", "mode"), [
    (Image.new("RGB", (16, 12), (9, 99, 199)), "TIFF", "jpeg", "RGB"),
    (Image.new("RGBA", (16, 12), (9, 99, 199, 50)), "TIFF", "png", "RGBA"),
    (Image.new("PA", (16, 12)), "TIFF", "png", "RGBA"),
    (Image.new("RGB", (16, 12), (9, 99, 199)), "WEBP", "jpeg", "RGB"),
    (Image.new("RGBA", (16, 12), (9, 99, 199, 50)), "WEBP", "png", "RGBA"),
    (Image.new("RGB", (16, 12), (9, 99, 199)), "BMP", "png", "RGB"),
    (Image.new("RGB", (16, 12), (9, 99, 199)), "GIF", "png", "RGB"),
    (Image.new("L", (16, 12), 99), "PNG", "png", "L"),
    (Image.new("CMYK", (16, 12), (0, 0, 0, 0)), "JPEG", "jpeg", "RGB"),
], ids=["tiff", "tiff-alpha", "tiff-palette-alpha", "webp", "webp-alpha", "bmp", "gif", "grey-png", "cmyk-jpeg"])
def test_photos_are_jpeg_for_print_unless_transparent_or_lossless_graphics(
        decodes: list[str], image: Image.Image, image_format: str, kind: str, mode: str) -> None:
    prepared = prepare_for_pdf(_saved(image, image_format))
    assert (prepared.kind, prepared.passed_through, _opened(prepared).format, _opened(prepared).mode) == (
        kind, False, kind.upper(), mode)


def test_a_gif_with_a_transparent_colour_keeps_it(decodes: list[str]) -> None:
    image = _palette(8, 8)
    image.paste(0, (0, 0, 4, 8))
    prepared = prepare_for_pdf(_saved(image, "GIF", transparency=0))
    opened = _opened(prepared).convert("RGBA")
    assert (prepared.kind, opened.getpixel((1, 1))[3], opened.getpixel((6, 6))) == ("png", 0, (20, 20, 200, 255))


def test_a_cmyk_photo_without_a_usable_profile_is_converted_by_complements(decodes: list[str]) -> None:
    cyan = Image.new("CMYK", (16, 16), (255, 0, 0, 0))
    rgb_profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    for options in ({}, {"icc_profile": rgb_profile}, {"icc_profile": b"not a profile at all"}):
        prepared = prepare_for_pdf(_saved(cyan, "JPEG", quality=100, **options))
        red, green, blue = _opened(prepared).getpixel((8, 8))
        assert red <= 3 and green >= 252 and blue >= 252, options.keys()


def _idat_flevel(png: bytes) -> int:
    position = png.index(b"IDAT") + 4
    return png[position + 1] >> 6


def test_a_png_for_print_is_deflated_at_the_fastest_level(decodes: list[str]) -> None:
    prepared = prepare_for_pdf(_saved(Image.effect_noise((64, 64), 40).convert("RGBA"), "PNG"))
    assert prepared.kind == "png" and _idat_flevel(prepared.data) == 0
    smaller = prepare_for_pdf(_saved(Image.effect_noise((64, 64), 40).convert("RGBA"), "PNG"), 0, None, (32, 32))
    assert smaller.width_px == 32 and _idat_flevel(smaller.data) == 0


def _quantisation_at(quality: int) -> dict:
    return Image.open(io.BytesIO(_saved(Image.new("RGB", (16, 16)), "JPEG", quality=quality))).quantization


def test_a_re_encoded_jpeg_is_quality_92_and_a_downsampled_one_quality_90(decodes: list[str]) -> None:
    source = _saved(Image.effect_noise((400, 300), 40).convert("RGB"), "TIFF")
    assert _opened(prepare_for_pdf(source)).quantization == _quantisation_at(92)
    assert _opened(prepare_for_pdf(source, max_size_px=(100, 60))).quantization == _quantisation_at(90)


# ---------------------------------------------------------------- downsampling to the placed size


@pytest.mark.parametrize(("image_format", "rotation", "max_size", "shown"), [
    ("JPEG", 0, (40, 24), (40, 30)),  # ¼ across, ⅕ down: the larger, ¼, keeps both
    ("JPEG", 90, (24, 40), (30, 40)),
    ("PNG", 0, (40, 24), (40, 30)),
    ("PNG", 270, (30, 40), (30, 40)),
    ("JPEG", 0, (159, 1), (159, 119)),  # 159/160 of 120 is 119.25
])
def test_a_photo_larger_than_its_placed_size_is_resampled_to_it(
        decodes: list[str], image_format: str, rotation: int, max_size: tuple[int, int],
        shown: tuple[int, int]) -> None:
    prepared = prepare_for_pdf(_saved(Image.effect_noise((160, 120), 40).convert("RGB"), image_format),
                               rotation, None, max_size)
    assert (prepared.width_px, prepared.height_px, prepared.passed_through) == (*shown, False)
    assert _opened(prepared).size == shown
    assert prepared.kind == ("png" if image_format == "PNG" else "jpeg")


def test_a_thin_photo_resampled_keeps_at_least_one_pixel_across(decodes: list[str]) -> None:
    prepared = prepare_for_pdf(_saved(Image.new("RGB", (4, 400), (9, 99, 199)), "PNG"), 0, None, (1, 100))
    assert (prepared.width_px, prepared.height_px) == (1, 100)


def test_a_downsampled_jpeg_is_decoded_at_the_dct_scale_just_above_its_size(
        decodes: list[str], drafts: list[tuple[int, int]]) -> None:
    prepare_for_pdf(uniform_jpeg(800, 600), 0, None, (180, 10))
    assert drafts[0] == (180, 135)  # libjpeg then decodes at ¼, 200 × 150


def test_a_downsampled_transparent_photo_stays_transparent(decodes: list[str]) -> None:
    image = Image.new("RGBA", (400, 300), (9, 99, 199, 0))
    image.paste((200, 30, 30, 255), (0, 0, 200, 300))
    prepared = prepare_for_pdf(_saved(image, "WEBP", lossless=True), 0, None, (100, 75))
    opened = _opened(prepared)
    assert (prepared.kind, opened.mode, opened.getpixel((10, 10)), opened.getpixel((90, 60))[3]) == (
        "png", "RGBA", (200, 30, 30, 255), 0)


# ---------------------------------------------------------------- kept for the next export


def test_a_prepared_photo_is_kept_on_disk_with_its_kind_and_size(
        decodes: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    data = _saved(Image.new("RGBA", (40, 30), (9, 99, 199, 80)), "PNG")
    first = prepare_for_pdf(data, 90)
    assert prepared_cache.was_decoded(hashlib.sha256(data).digest()) is True
    monkeypatch.setattr(photos, "_prepared", OrderedDict())
    decodes.clear()
    assert prepare_for_pdf(data, 90) == first == PreparedPhoto(first.data, "png", 30, 40, passed_through=False)
    assert decodes == []
    jpeg = _saved(Image.new("RGB", (40, 30), (9, 99, 199)), "JPEG")
    first_jpeg = prepare_for_pdf(jpeg, 180)
    monkeypatch.setattr(photos, "_prepared", OrderedDict())
    assert prepare_for_pdf(jpeg, 180) == first_jpeg
    assert first_jpeg.kind == "jpeg"


def test_each_rotation_and_placed_size_has_its_own_entry_on_disk(
        decodes: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    image = Image.new("RGB", (40, 30), (200, 30, 30))
    image.paste((20, 20, 200), (0, 0, 20, 30))  # left half blue
    data = _saved(image, "PNG")
    right = prepare_for_pdf(data, 90)
    monkeypatch.setattr(photos, "_prepared", OrderedDict())
    left = prepare_for_pdf(data, 270)
    assert _opened(right).convert("RGB").getpixel((15, 2)) == (20, 20, 200)  # blue on top
    assert _opened(left).convert("RGB").getpixel((15, 2)) == (200, 30, 30)
    monkeypatch.setattr(photos, "_prepared", OrderedDict())
    small = prepare_for_pdf(data, 0, None, (20, 15))
    monkeypatch.setattr(photos, "_prepared", OrderedDict())
    smaller = prepare_for_pdf(data, 0, None, (10, 6))
    assert (small.width_px, smaller.width_px) == (20, 10)


def test_a_photo_at_or_under_two_placed_sizes_is_prepared_once_for_both(
        decodes: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    data = _saved(Image.new("RGB", (40, 30), (200, 30, 30)), "PNG")
    first = prepare_for_pdf(data, 90, None, (300, 400))
    shutil.rmtree(tmp_path / "cache" / "export-photos")
    decodes.clear()
    assert prepare_for_pdf(data, 90, None, (600, 800)) is first
    assert decodes == []


def test_the_photos_prepared_last_are_kept_in_memory_within_their_budget(
        decodes: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    made = [_saved(Image.frombytes("RGB", (48, 48), bytes((i * 7 + n * 13) % 251 for i in range(48 * 48 * 3))), "PNG")
            for n in range(3)]
    first_size, *other_sizes = [len(prepare_for_pdf(data).data) for data in made]
    # The first fits beside either other one; all three do not.
    monkeypatch.setattr(photos, "_PREPARED_CACHE_BYTES", first_size + max(other_sizes))
    monkeypatch.setattr(photos, "_prepared", OrderedDict())
    first, _second = prepare_for_pdf(made[0]), prepare_for_pdf(made[1])
    assert prepare_for_pdf(made[0]) is first  # now the most recently used
    prepare_for_pdf(made[2])  # three do not fit: the second goes
    shutil.rmtree(tmp_path / "cache" / "export-photos")
    decodes.clear()
    assert prepare_for_pdf(made[0]) is first
    assert decodes == []
    prepare_for_pdf(made[1])
    assert "PNG" in decodes


def test_one_photo_larger_than_the_memory_budget_is_still_kept(
        decodes: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(photos, "_PREPARED_CACHE_BYTES", 10)
    data = _saved(Image.new("RGB", (40, 30), (200, 30, 30)), "PNG")
    first = prepare_for_pdf(data)
    shutil.rmtree(tmp_path / "cache" / "export-photos")
    assert prepare_for_pdf(data) is first


# ---------------------------------------------------------------- resampling filters


def _sharp_picture(width: int, height: int) -> Image.Image:
    """Stripes one pixel wide beside flat colour: every resampling filter draws them differently."""
    image = Image.new("RGB", (width, height), (200, 40, 40))
    for x in range(0, width // 2, 2):
        image.paste((20, 20, 200), (x, 0, x + 1, height))
    return image


def test_a_preview_is_resampled_with_lanczos() -> None:
    source = _sharp_picture(400, 300)
    expected = source.copy()
    expected.thumbnail((90, 90), Image.Resampling.LANCZOS)
    shown = load_upright(_saved(source, "PNG"), max_side_px=90)
    assert shown.size == (90, 68) and shown.tobytes() == expected.tobytes()


def test_a_photo_for_print_is_resampled_with_hamming_after_a_box_reduction(decodes: list[str]) -> None:
    # Six times too large: a box of ⌊6 / 3⌋ = 2 first (reducing_gap 3), then Hamming the rest.
    source = _sharp_picture(480, 360)
    expected = source.resize((80, 60), Image.Resampling.HAMMING, reducing_gap=3.0)
    assert expected.tobytes() != source.resize((80, 60), Image.Resampling.HAMMING).tobytes()
    prepared = prepare_for_pdf(_saved(source, "PNG"), 0, None, (80, 60))
    assert _opened(prepared).convert("RGB").tobytes() == expected.tobytes()


def test_the_scale_for_a_placed_size_is_the_larger_of_the_two_ratios_and_never_over_one() -> None:
    assert photos.downsampling_scale((400, 300), (100, 60)) == 0.25
    assert photos.downsampling_scale((400, 300), (40, 100)) == 1 / 3
    assert photos.downsampling_scale((400, 300), (800, 10)) == 1.0
    assert photos.downsampling_scale((400, 300), None) == 1.0


def test_a_heic_photo_is_checked_without_decoding_it(decodes: list[str]) -> None:
    data = _saved(Image.new("RGB", (16, 16), (9, 99, 199)), "HEIF", quality=50)
    decodes.clear()
    assert photos.verify_photo(data).format == "HEIF"
    assert decodes == []


# ---------------------------------------------------------------- colour and limits on each path


def _ink_corner(c: int, m: int, y: int, k: int) -> tuple[int, int, int]:
    """Pure cyan prints as a green far from its complement (0, 255, 255); the rest as complements."""
    if k:
        return (0, 0, 0)
    if (c, m, y) == (1, 0, 0):
        return (40, 200, 90)
    return (255 * (1 - c), 255 * (1 - m), 255 * (1 - y))


def test_a_cmyk_photo_is_converted_through_its_own_profile_on_every_path(decodes: list[str]) -> None:
    from tests.photo_files import cmyk_icc_profile

    data = _saved(Image.new("CMYK", (64, 48), (255, 0, 0, 0)), "JPEG", quality=100,
                  icc_profile=cmyk_icc_profile(_ink_corner))
    shown = [
        _opened(prepare_for_pdf(data)).getpixel((8, 8)),
        _opened(prepare_for_pdf(data, 0, None, (32, 24))).getpixel((8, 8)),
        load_upright(data).getpixel((8, 8)),
        load_upright(data, max_side_px=32).getpixel((8, 8)),
    ]
    for colour in shown:
        assert all(abs(got - want) <= 8 for got, want in zip(colour, (40, 200, 90), strict=True)), shown


def test_a_transparent_tiff_is_held_to_the_png_limit_and_an_opaque_one_to_the_print_limit(
        decodes: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(photos, "PNG_PRINT_MAX_PIXELS", 20)
    transparent = prepare_for_pdf(_saved(Image.new("RGBA", (10, 7), (9, 99, 199, 60)), "TIFF"))
    opaque = prepare_for_pdf(_saved(Image.new("RGB", (10, 7), (9, 99, 199)), "TIFF"))
    assert (transparent.kind, transparent.width_px, transparent.height_px) == ("png", 5, 4)
    assert (opaque.kind, opaque.width_px, opaque.height_px) == ("jpeg", 10, 7)


def test_a_grey_photo_stays_grey_when_downsampled_for_print(decodes: list[str]) -> None:
    for image_format in ("PNG", "JPEG"):
        prepared = prepare_for_pdf(_saved(Image.new("L", (400, 300), 99), image_format), 0, None, (100, 75))
        assert (_opened(prepared).mode, prepared.width_px) == ("L", 100)


def test_an_entry_made_under_other_limits_or_another_filter_is_not_used(
        decodes: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    source = _sharp_picture(160, 120)
    prepare_for_pdf(_saved(source, "PNG"), 0, None, (40, 30))
    monkeypatch.setattr(photos, "_prepared", OrderedDict())
    monkeypatch.setattr(photos, "DOWNSAMPLING_FILTER", Image.Resampling.BICUBIC)
    bicubic = prepare_for_pdf(_saved(source, "PNG"), 0, None, (40, 30))
    assert _opened(bicubic).convert("RGB").tobytes() == source.resize(
        (40, 30), Image.Resampling.BICUBIC, reducing_gap=3.0).tobytes()
    monkeypatch.setattr(photos, "_prepared", OrderedDict())
    jpeg = _saved(Image.new("RGB", (128, 96), (90, 120, 150)), "JPEG")
    assert prepare_for_pdf(jpeg, 90).width_px == 96
    monkeypatch.setattr(photos, "_prepared", OrderedDict())
    monkeypatch.setattr(photos, "PRINT_MAX_PIXELS", 3072)
    assert prepare_for_pdf(jpeg, 90).width_px == 48
    png = _saved(Image.new("RGB", (10, 7), (9, 99, 199)), "PNG")
    assert prepare_for_pdf(png).width_px == 10
    monkeypatch.setattr(photos, "_prepared", OrderedDict())
    monkeypatch.setattr(photos, "PNG_PRINT_MAX_PIXELS", 20)
    assert prepare_for_pdf(png).width_px == 5


def test_a_downsampled_photo_has_an_entry_on_disk_for_each_rotation(
        decodes: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    image = Image.new("RGB", (80, 60), (200, 30, 30))
    image.paste((20, 20, 200), (0, 0, 40, 60))  # left half blue
    data = _saved(image, "PNG")
    right = prepare_for_pdf(data, 90, None, (30, 40))
    monkeypatch.setattr(photos, "_prepared", OrderedDict())
    left = prepare_for_pdf(data, 270, None, (30, 40))
    assert _opened(right).convert("RGB").getpixel((15, 2)) == (20, 20, 200)  # blue on top
    assert _opened(left).convert("RGB").getpixel((15, 2)) == (200, 30, 30)


def test_a_jpeg_passed_through_is_still_checked_by_decoding(
        decodes: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    data = _saved(Image.new("RGB", (64, 48), (90, 120, 150)), "JPEG")

    def broken_load(image: ImageFile.ImageFile) -> None:
        raise OSError("image file is truncated (16 bytes not processed)")

    monkeypatch.setattr(ImageFile.ImageFile, "load", broken_load)
    with pytest.raises(photos.PhotoError) as refused:
        prepare_for_pdf(data, name="封面.jpg")
    assert refused.value.message == "无法读取图片“封面.jpg”：文件不完整，可能没有下载或复制完。"


def test_a_floating_point_grey_tiff_is_scaled_to_8_bits_like_16_bit_ones(decodes: list[str]) -> None:
    data = _saved(Image.new("F", (8, 8), 32768.0), "TIFF")  # half of 65536
    assert load_upright(data).getpixel((1, 1)) == (128, 128, 128)
    assert _opened(prepare_for_pdf(data)).getextrema() == (128, 128)


def _grey_tiff_with_associated_alpha(grey: int, alpha: int) -> bytes:
    """A grey TIFF whose ExtraSamples tag (0x0152) says 1, associated alpha: Pillow opens it as La."""
    data = bytearray(_saved(Image.new("LA", (8, 8), (grey, alpha)), "TIFF"))
    unassociated = struct.pack("<HHIH", 0x0152, 3, 1, 2)
    at = data.index(unassociated)
    data[at:at + len(unassociated)] = struct.pack("<HHIH", 0x0152, 3, 1, 1)
    return bytes(data)


def test_a_grey_tiff_premultiplied_by_its_alpha_is_drawn_and_exported_with_it(decodes: list[str]) -> None:
    # Grey 10 at alpha 128 stored premultiplied is 10 × 255 / 128 ≈ 20 once unpremultiplied.
    data = _grey_tiff_with_associated_alpha(10, 128)
    assert Image.open(io.BytesIO(data)).mode == "La"
    for shown in (load_upright(data), _opened(prepare_for_pdf(data))):
        red, green, blue, alpha = shown.getpixel((3, 3))
        assert shown.mode == "RGBA" and red == green == blue and abs(red - 20) <= 1 and alpha == 128


def test_a_16_bit_photo_over_the_limit_keeps_sampled_pixels_rather_than_blends(
        decodes: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    # Columns alternately black and white; halved by nearest pixel, each output pixel is a white one
    # (source columns 1 and 3), where any blending filter would give grey.
    image = Image.new("I;16", (4, 2))
    image.putdata([0, 65535, 0, 65535] * 2)
    monkeypatch.setattr(photos, "PRINT_MAX_PIXELS", 2)
    prepared = prepare_for_pdf(_saved(image, "TIFF"))
    shown = _opened(prepared)
    assert (prepared.width_px, prepared.height_px, shown.mode) == (2, 1, "L")
    assert min(shown.getpixel((x, 0)) for x in range(2)) >= 252


def test_an_entry_made_at_another_jpeg_quality_is_not_used(decodes: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    source = _saved(Image.effect_noise((160, 120), 40).convert("RGB"), "TIFF")
    prepare_for_pdf(source), prepare_for_pdf(source, max_size_px=(40, 24))
    monkeypatch.setattr(photos, "_prepared", OrderedDict())
    monkeypatch.setattr(photos, "JPEG_QUALITY", 50)
    monkeypatch.setattr(photos, "DOWNSAMPLED_JPEG_QUALITY", 60)
    assert _opened(prepare_for_pdf(source)).quantization == _quantisation_at(50)
    assert _opened(prepare_for_pdf(source, max_size_px=(40, 24))).quantization == _quantisation_at(60)
