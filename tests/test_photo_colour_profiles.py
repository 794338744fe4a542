"""Photos in another RGB space than sRGB (Display P3 from phones, Adobe RGB from cameras) are
shown and exported in sRGB through the profile they embed.

Why: the canvas, ReportLab and Word take a photo's numbers as sRGB. A phone's Display P3 photo
read that way prints duller than it is; converting once, where every path reads photos
(``editor.io.photos``), keeps the screen, the PDF and the DOCX alike and right. The expected
colours are computed here from the primaries and the gamma (the ICC matrix/TRC model and sRGB's
curve from IEC 61966-2-1), not through Little CMS, which the code under test uses.
"""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageCms

from editor.io import photos
from editor.io.photos import load_upright, prepare_for_pdf
from tests.photo_files import rgb_matrix_icc_profile

#: Adobe RGB (1998)'s primaries adapted to D50, as its ICC profile stores them, and its gamma.
ADOBE_RGB = ((0.6097, 0.3111, 0.0195), (0.2053, 0.6257, 0.0609), (0.1492, 0.0632, 0.7446))
ADOBE_GAMMA = 563 / 256
SRGB = ((0.4361, 0.2225, 0.0139), (0.3851, 0.7169, 0.0971), (0.1431, 0.0606, 0.7141))
#: A skin-like orange: far enough from sRGB's reading of the same numbers to tell them apart.
COLOUR = (200, 100, 50)


@pytest.fixture(autouse=True)
def _no_transform_remembered():
    """The transforms are cached per profile for the process; each test builds its own, so what
    it checks does not depend on a test before it (or on a parent process it was forked from)."""
    photos._srgb_transform.cache_clear()
    yield
    photos._srgb_transform.cache_clear()


def _solve(matrix_columns, target):
    """x with sum(x[i] * column[i]) == target (Cramer's rule on a 3 × 3 system)."""
    a = [[matrix_columns[col][row] for col in range(3)] for row in range(3)]

    def det(m):
        return (m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]))

    whole = det(a)
    solution = []
    for col in range(3):
        replaced = [[target[row] if c == col else a[row][c] for c in range(3)] for row in range(3)]
        solution.append(det(replaced) / whole)
    return solution


def _srgb_of_adobe(rgb: tuple[int, int, int]) -> tuple[int, int, int]:
    gamma = round(ADOBE_GAMMA * 256) / 256  # as the profile stores it
    linear = [(value / 255) ** gamma for value in rgb]
    xyz = [sum(linear[i] * ADOBE_RGB[i][axis] for i in range(3)) for axis in range(3)]
    srgb_linear = [min(1.0, max(0.0, v)) for v in _solve(SRGB, xyz)]
    encoded = [12.92 * v if v <= 0.0031308 else 1.055 * v ** (1 / 2.4) - 0.055 for v in srgb_linear]
    return tuple(round(v * 255) for v in encoded)


EXPECTED = _srgb_of_adobe(COLOUR)
ADOBE_PROFILE = rgb_matrix_icc_profile(ADOBE_RGB, ADOBE_GAMMA, "Adobe RGB (1998) for tests")


def _close(got, want, tolerance: int) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(got, want, strict=True))


def _saved(image: Image.Image, fmt: str, profile: bytes | None, **options) -> bytes:
    out = io.BytesIO()
    if profile is not None:
        options["icc_profile"] = profile
    image.save(out, format=fmt, **options)
    return out.getvalue()


def _first_pixel(data: bytes) -> tuple[int, ...]:
    with Image.open(io.BytesIO(data)) as image:
        return image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB").getpixel((8, 8))


def test_the_test_colour_tells_a_conversion_from_none():
    assert not _close(EXPECTED, COLOUR, 10), (EXPECTED, COLOUR)


def test_an_adobe_rgb_photo_is_shown_in_srgb_on_the_canvas():
    data = _saved(Image.new("RGB", (32, 24), COLOUR), "PNG", ADOBE_PROFILE)
    shown = load_upright(data)
    assert shown.mode == "RGB"
    assert _close(shown.getpixel((8, 8)), EXPECTED, 1), (shown.getpixel((8, 8)), EXPECTED)


def test_an_adobe_rgb_jpeg_is_converted_for_the_pdf_not_passed_through():
    data = _saved(Image.new("RGB", (32, 24), COLOUR), "JPEG", ADOBE_PROFILE, quality=95)
    prepared = prepare_for_pdf(data)
    assert prepared.passed_through is False
    assert _close(_first_pixel(prepared.data), EXPECTED, 3), (_first_pixel(prepared.data), EXPECTED)


def test_an_adobe_rgb_jpeg_downsampled_for_the_pdf_is_converted_too():
    data = _saved(Image.new("RGB", (640, 480), COLOUR), "JPEG", ADOBE_PROFILE, quality=95)
    prepared = prepare_for_pdf(data, max_size_px=(160, 120))
    assert (prepared.width_px, prepared.height_px) == (160, 120)
    assert _close(_first_pixel(prepared.data), EXPECTED, 3), (_first_pixel(prepared.data), EXPECTED)


def test_transparency_is_kept_when_the_colours_are_converted():
    data = _saved(Image.new("RGBA", (32, 24), (*COLOUR, 128)), "PNG", ADOBE_PROFILE)
    shown = load_upright(data)
    assert shown.mode == "RGBA"
    assert shown.getpixel((8, 8))[3] == 128
    assert _close(shown.getpixel((8, 8))[:3], EXPECTED, 1)


@pytest.mark.parametrize("profile", [ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes(), None],
                         ids=["srgb-profile", "no-profile"])
def test_an_srgb_jpeg_still_passes_through_byte_for_byte(profile):
    data = _saved(Image.new("RGB", (32, 24), COLOUR), "JPEG", profile, quality=90)
    prepared = prepare_for_pdf(data)
    assert prepared.passed_through is True
    assert prepared.data == data
    assert _close(load_upright(data).getpixel((8, 8)), COLOUR, 3)


def test_an_unreadable_profile_leaves_the_colours_as_they_are():
    broken = ADOBE_PROFILE[:200]  # cut inside its tag table
    data = _saved(Image.new("RGB", (32, 24), COLOUR), "PNG", broken)
    assert load_upright(data).getpixel((8, 8)) == COLOUR
