"""Every photo kind issue 10 names, through every path: import, the canvas, the PDF and the DOCX.

Each file is generated here — with Pillow, or byte by byte where Pillow cannot write the kind
(16-bit RGB PNG, the CMYK ICC profile: ``tests/photo_files.py``) — as four flat quadrants of
known colours. The oracle is those colours, read back at the quadrants' centres from what each
path really produces: the page the Qt backend paints, the PDF rasterised by poppler's pdftoppm
(PDFium where poppler is absent), and the picture embedded in the DOCX (its media part opened with
Pillow, and its crop, which must be none). The tolerance is what lossy JPEG, WebP and HEIC allow
on flat colour.

Three kinds carry a colour that a converter can get wrong, and say so in their expected values:
a transparent quadrant (hidden colour blue, alpha 0) must show the white page on the canvas and
in the PDF and stay transparent in the DOCX; 16-bit samples ``v × 257`` must become ``v`` (not
clipped to white); and a CMYK photo with an embedded ICC profile must show the colours that
profile gives its inks, not the plain complement. The profile is built by
``cmyk_icc_profile``: no CMYK profile ships with Pillow or can be assumed installed, and
ImageCms builds only RGB, Lab and XYZ ones. Its pure inks are chosen at least 60 levels away
from the complement in some channel, so ignoring the profile fails the test.

One document holds every kind (one frame each, the frame's shape that of the photo, so nothing
is cropped); it is painted, exported to PDF and to DOCX once for the module.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image

from editor.io.photo_checks import HEIF_SUPPORTED
from editor.io.photos import import_photo, load_upright
from editor.layout.engine import layout_document
from editor.model import Document, ImageFrame, Page
from editor.render.docx import write_docx
from editor.render.pdf import write_pdf
from editor.render.qt import render_page_image
from tests.photo_files import (
    QUADRANT_COLOURS,
    cmyk_icc_profile,
    docx_pictures,
    pdf_page_image,
    png16,
    qimage_to_pil,
    quadrant_centres,
    quadrant_picture,
)

RED, BLUE, GREEN, YELLOW = QUADRANT_COLOURS
WHITE = (255, 255, 255)
PHOTO_SIZE = (160, 120)
FRAME_W_PT, FRAME_H_PT = 120.0, 90.0
#: Canvas and PDF are read at one pixel per point.
DPI = 72
LOSSLESS, LOSSY = 4, 16

#: What each pure ink of the test profile prints as (sRGB); every combination multiplies them,
#: and all four inks together are black (so black point compensation has nothing to move).
INK_COLOURS = {"c": (20, 160, 230), "m": (230, 20, 140), "y": (235, 190, 30), "k": (75, 75, 75)}
#: The inks of the CMYK-with-profile quadrants: cyan, magenta, yellow, black.
PURE_INKS = ((255, 0, 0, 0), (0, 255, 0, 0), (0, 0, 255, 0), (0, 0, 0, 255))


def _ink_corner(c: int, m: int, y: int, k: int) -> tuple[int, int, int]:
    if c and m and y and k:
        return (0, 0, 0)
    rgb = [255.0, 255.0, 255.0]
    for on, ink in zip((c, m, y, k), INK_COLOURS.values(), strict=True):
        if on:
            rgb = [a * b / 255 for a, b in zip(rgb, ink, strict=True)]
    return tuple(round(value) for value in rgb)


TEST_CMYK_PROFILE = cmyk_icc_profile(_ink_corner)


def _saved(picture: Image.Image, image_format: str, **options: object) -> bytes:
    out = io.BytesIO()
    picture.save(out, format=image_format, **options)
    return out.getvalue()


def _complement(rgb: tuple[int, int, int]) -> tuple[int, int, int, int]:
    """The inks (no black) whose plain conversion, each ink taking away its complementary channel, gives ``rgb``."""
    return (255 - rgb[0], 255 - rgb[1], 255 - rgb[2], 0)


def _quadrants(mode: str = "RGB") -> Image.Image:
    return quadrant_picture(*PHOTO_SIZE, mode=mode)


def _with_transparent_top_right() -> Image.Image:
    """The quadrants with the top-right one blue but fully transparent."""
    return quadrant_picture(*PHOTO_SIZE, colours=(RED + (255,), BLUE + (0,), GREEN + (255,), YELLOW + (255,)),
                            mode="RGBA")


def _palette_with_transparent_index() -> bytes:
    picture = quadrant_picture(*PHOTO_SIZE, colours=((0,), (1,), (2,), (3,)), mode="P")
    picture.putpalette([*RED, *BLUE, *GREEN, *YELLOW])
    return _saved(picture, "PNG", transparency=1)  # index 1, the blue top-right quadrant


GREYS = (40, 100, 160, 220)


def _grey_16bit() -> bytes:
    """Pillow's 'I;16' PNG: samples v × 257 (the high and the low byte both v)."""
    wide = quadrant_picture(*PHOTO_SIZE, colours=tuple((v * 257,) for v in GREYS), mode="I")
    return _saved(wide.convert("I;16"), "PNG")


def _rgb_16bit() -> bytes:
    half_w, half_h = PHOTO_SIZE[0] // 2, PHOTO_SIZE[1] // 2
    return png16(*PHOTO_SIZE, 2, lambda x, y: tuple(
        v * 257 for v in QUADRANT_COLOURS[(y >= half_h) * 2 + (x >= half_w)]))


def _animated_gif() -> bytes:
    """First frame the quadrants, second frame black: only the first may be shown."""
    black = Image.new("RGB", PHOTO_SIZE, (0, 0, 0))
    return _saved(_quadrants(), "GIF", save_all=True, append_images=[black], duration=200, loop=0)


def _cmyk(inks: tuple[tuple[int, int, int, int], ...]) -> Image.Image:
    return quadrant_picture(*PHOTO_SIZE, colours=inks, mode="CMYK")


def _ycc(rgb: tuple[int, ...]) -> tuple[int, int, int]:
    """JFIF's RGB → YCbCr (ITU-T T.871), rounded."""
    r, g, b = rgb
    y = 0.299 * r + 0.587 * g + 0.114 * b
    cb = 128 - 0.168736 * r - 0.331264 * g + 0.5 * b
    cr = 128 + 0.5 * r - 0.418688 * g - 0.081312 * b
    return tuple(max(0, min(255, round(v))) for v in (y, cb, cr))


def _photoshop_ycck(inks: tuple[tuple[int, int, int, int], ...]) -> bytes:
    """A CMYK JPEG as Photoshop writes it: Adobe APP14 marker with transform 2 (YCCK), the
    C, M, Y inks coded as YCbCr and K stored inverted. Pillow writes CMYK untransformed (and
    inverts every sample on the way), so the samples it is given are the inverse of the YCCK
    ones, and the marker's transform byte is set to 2 afterwards."""
    ycck = [_ycc(ink[:3]) + (255 - ink[3],) for ink in inks]
    given = tuple(tuple(255 - v for v in sample) for sample in ycck)
    data = bytearray(_saved(_cmyk(given), "JPEG", quality=90))
    marker = data.index(b"\xff\xee\x00\x0eAdobe")
    data[marker + 15] = 2  # the APP14 payload: "Adobe", version, flags0, flags1, transform
    return bytes(data)


def _heic() -> bytes:
    if not HEIF_SUPPORTED:
        pytest.skip("pillow-heif is not installed: HEIC photos are refused with a message (tests/test_photos.py)")
    return _saved(_quadrants(), "HEIF", quality=90)


@dataclass(frozen=True)
class Kind:
    """A photo kind: how to write it, its file name's extension, what each quadrant must show."""

    make: Callable[[], bytes]
    suffix: str
    #: TL, TR, BL, BR; None: transparent (the page shows through).
    expected: tuple[tuple[int, int, int] | None, ...]
    tolerance: int
    #: The extension the project stores it under (from its content).
    stored_as: str


QUADRANTS = (RED, BLUE, GREEN, YELLOW)
SEE_THROUGH = (RED, None, GREEN, YELLOW)
PRINTED_INKS = tuple(INK_COLOURS.values())

KINDS: dict[str, Kind] = {
    "jpeg_baseline": Kind(lambda: _saved(_quadrants(), "JPEG", quality=90), "jpg", QUADRANTS, LOSSY, "jpg"),
    "jpeg_progressive": Kind(lambda: _saved(_quadrants(), "JPEG", quality=90, progressive=True), "jpg",
                             QUADRANTS, LOSSY, "jpg"),
    "jpeg_cmyk": Kind(lambda: _saved(_cmyk(tuple(map(_complement, QUADRANTS))), "JPEG", quality=90), "jpg",
                      QUADRANTS, LOSSY, "jpg"),
    "jpeg_cmyk_ycck": Kind(lambda: _photoshop_ycck(tuple(map(_complement, QUADRANTS))), "jpg", QUADRANTS,
                           LOSSY, "jpg"),
    "jpeg_cmyk_icc": Kind(lambda: _saved(_cmyk(PURE_INKS), "JPEG", quality=90, icc_profile=TEST_CMYK_PROFILE),
                          "jpg", PRINTED_INKS, LOSSY, "jpg"),
    "png_alpha": Kind(lambda: _saved(_with_transparent_top_right(), "PNG"), "png", SEE_THROUGH, LOSSLESS, "png"),
    "png_16bit_grey": Kind(_grey_16bit, "png", tuple((v, v, v) for v in GREYS), LOSSLESS, "png"),
    "png_16bit_rgb": Kind(_rgb_16bit, "png", QUADRANTS, LOSSLESS, "png"),
    "png_palette": Kind(_palette_with_transparent_index, "png", SEE_THROUGH, LOSSLESS, "png"),
    "webp_lossy": Kind(lambda: _saved(_quadrants(), "WEBP", quality=90), "webp", QUADRANTS, LOSSY, "webp"),
    "webp_alpha": Kind(lambda: _saved(_with_transparent_top_right(), "WEBP", quality=90), "webp",
                       SEE_THROUGH, LOSSY, "webp"),
    "tiff_rgb": Kind(lambda: _saved(_quadrants(), "TIFF", compression="tiff_deflate"), "tif", QUADRANTS,
                     LOSSY, "tif"),  # printed through JPEG like any photo
    "tiff_cmyk_icc": Kind(lambda: _saved(_cmyk(PURE_INKS), "TIFF", icc_profile=TEST_CMYK_PROFILE), "tiff",
                          PRINTED_INKS, LOSSY, "tif"),
    "bmp": Kind(lambda: _saved(_quadrants(), "BMP"), "bmp", QUADRANTS, LOSSLESS, "bmp"),
    "gif_animated": Kind(_animated_gif, "gif", QUADRANTS, LOSSLESS, "gif"),
    "heic": Kind(_heic, "heic", QUADRANTS, LOSSY, "heic"),
}


def _close(found: tuple[int, ...], expected: tuple[int, ...], tolerance: int) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(found, expected, strict=True))


# ---------------------------------------------------------------- the files themselves


def test_the_cmyk_profile_inks_are_far_from_the_plain_complement() -> None:
    """Otherwise the profile tests could pass with the profile ignored."""
    for inks, printed in zip(PURE_INKS, PRINTED_INKS, strict=True):
        plain = _cmyk((inks,) * 4).convert("RGB").getpixel((0, 0))
        assert max(abs(a - b) for a, b in zip(plain, printed, strict=True)) >= 60, (inks, plain, printed)


def test_the_generated_files_are_the_kinds_they_claim() -> None:
    def opened(name: str) -> Image.Image:
        return Image.open(io.BytesIO(KINDS[name].make()))

    assert opened("jpeg_cmyk").mode == opened("jpeg_cmyk_icc").mode == opened("tiff_cmyk_icc").mode == "CMYK"
    # Pillow writes CMYK JPEGs as Photoshop does: an Adobe APP14 marker and inverted samples.
    assert b"\xff\xee\x00\x0eAdobe" in KINDS["jpeg_cmyk"].make()
    ycck = opened("jpeg_cmyk_ycck")
    assert (ycck.mode, ycck.info["adobe_transform"]) == ("CMYK", 2)
    assert opened("jpeg_cmyk_icc").info["icc_profile"] == TEST_CMYK_PROFILE
    assert opened("tiff_cmyk_icc").info["icc_profile"] == TEST_CMYK_PROFILE
    assert opened("jpeg_progressive").info.get("progressive") == 1
    assert opened("png_16bit_grey").mode == "I;16"
    assert KINDS["png_16bit_rgb"].make()[24:26] == bytes([16, 2])  # IHDR: 16 bits, RGB
    palette = opened("png_palette")
    assert (palette.mode, palette.info["transparency"]) == ("P", 1)
    assert opened("webp_alpha").mode == "RGBA"
    gif = opened("gif_animated")
    assert (gif.format, gif.n_frames) == ("GIF", 2)


# ---------------------------------------------------------------- every path


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, bytes, bytes]]:
    """Each kind written to a file and imported: kind → (asset name, imported bytes, file bytes)."""
    folder = tmp_path_factory.mktemp("photo-kinds")
    found = {}
    for name, kind in KINDS.items():
        if name == "heic" and not HEIF_SUPPORTED:
            continue
        data = kind.make()
        path = folder / f"照片 {name}.{kind.suffix}"
        path.write_bytes(data)
        asset, imported_bytes = import_photo(path)
        found[name] = (asset, imported_bytes, data)
    return found


def _frame_position(index: int) -> tuple[float, float]:
    return 30.0 + (index % 4) * 135.0, 40.0 + (index // 4) * 110.0


@dataclass
class Outputs:
    doc: Document
    canvas: Image.Image
    pdf: Image.Image
    docx: dict[str, tuple[bytes, dict[str, str]]]


@pytest.fixture(scope="module")
def outputs(imported, tmp_path_factory: pytest.TempPathFactory) -> Outputs:
    """One page with a frame per kind, painted by Qt, exported to PDF (rasterised) and to DOCX."""
    frames = []
    for index, (name, (asset, _, _)) in enumerate(imported.items()):
        x_pt, y_pt = _frame_position(index)
        frames.append(ImageFrame(id=name, x_pt=x_pt, y_pt=y_pt, width_pt=FRAME_W_PT, height_pt=FRAME_H_PT,
                                 asset=asset, fit="fill"))
    doc = Document(pages=[Page(id="p", frames=frames)],
                   assets={asset: data for asset, data, _ in imported.values()})
    layout = layout_document(doc)
    pdf_path = tmp_path_factory.mktemp("photo-kinds-out") / "照片.pdf"
    write_pdf(doc, layout, pdf_path)
    docx = io.BytesIO()
    write_docx(doc, layout, docx)
    return Outputs(doc, qimage_to_pil(render_page_image(doc, layout, 0, DPI)), pdf_page_image(pdf_path, DPI),
                   docx_pictures(docx.getvalue()))


def _page_colours(page: Image.Image, doc: Document, name: str) -> list[tuple[int, int, int]]:
    frame = next(f for f in doc.pages[0].frames if f.id == name)
    scale = DPI / 72.0
    return [page.getpixel((int(x * scale), int(y * scale)))
            for x, y in quadrant_centres(frame.x_pt, frame.y_pt, frame.width_pt, frame.height_pt)]


def _assert_page_shows(page: Image.Image, doc: Document, name: str) -> None:
    """The kind's frame on ``page`` has its quadrants' colours, the white page where transparent."""
    found = _page_colours(page, doc, name)
    expected = tuple(WHITE if colour is None else colour for colour in KINDS[name].expected)
    assert all(_close(f, e, KINDS[name].tolerance) for f, e in zip(found, expected, strict=True)), (found, expected)


def _need(imported: dict, name: str) -> None:
    if name not in imported:
        pytest.skip("pillow-heif is not installed: HEIC photos are refused with a message (tests/test_photos.py)")


@pytest.mark.parametrize("name", list(KINDS))
def test_each_kind_imports_unchanged_under_the_extension_of_its_content(imported, name: str) -> None:
    _need(imported, name)
    asset, data, original = imported[name]
    assert data == original
    assert Path(asset).suffix == "." + KINDS[name].stored_as


@pytest.mark.parametrize("name", list(KINDS))
def test_each_kind_shows_its_colours_on_the_canvas(outputs: Outputs, imported, name: str) -> None:
    _need(imported, name)
    _assert_page_shows(outputs.canvas, outputs.doc, name)


@pytest.mark.parametrize("name", list(KINDS))
def test_each_kind_prints_its_colours_in_the_pdf(outputs: Outputs, imported, name: str) -> None:
    _need(imported, name)
    _assert_page_shows(outputs.pdf, outputs.doc, name)


@pytest.mark.parametrize("name", list(KINDS))
def test_each_kind_is_embedded_in_the_docx_uncropped_with_its_colours(outputs: Outputs, imported,
                                                                      name: str) -> None:
    _need(imported, name)
    data, crop = outputs.docx[f"图片 {name}"]
    assert crop == {}
    picture = Image.open(io.BytesIO(data))
    assert picture.format in ("JPEG", "PNG")  # what Word and WPS show everywhere
    assert picture.width * PHOTO_SIZE[1] == picture.height * PHOTO_SIZE[0]  # upright, whole
    rgba = picture.convert("RGBA")
    found = [rgba.getpixel((int(x), int(y))) for x, y in quadrant_centres(0, 0, picture.width, picture.height)]
    for colour, expected in zip(found, KINDS[name].expected, strict=True):
        if expected is None:
            assert colour[3] == 0, found
        else:
            assert colour[3] == 255 and _close(colour[:3], expected, KINDS[name].tolerance), (found, expected)


# ---------------------------------------------------------------- conversions, one at a time


def _shown(data: bytes) -> list[tuple[int, ...]]:
    """The screen image's colours at its quadrants' centres."""
    shown = load_upright(data)
    return [shown.getpixel((int(x), int(y))) for x, y in quadrant_centres(0, 0, *shown.size)]


def test_a_cmyk_photo_is_shown_through_its_embedded_profile() -> None:
    found = _shown(KINDS["jpeg_cmyk_icc"].make())
    assert all(_close(f, e, LOSSY) for f, e in zip(found, PRINTED_INKS, strict=True)), found


def _plain_cmyk_with_profile(profile: bytes) -> bytes:
    return _saved(_cmyk(tuple(map(_complement, QUADRANTS))), "JPEG", quality=90, icc_profile=profile)


@pytest.mark.parametrize("profile", [b"not a profile at all", b"\x00" * 200], ids=["text", "zeros"])
def test_a_cmyk_photo_with_a_broken_profile_is_converted_plainly(profile: bytes) -> None:
    found = _shown(_plain_cmyk_with_profile(profile))
    assert all(_close(f, e, LOSSY) for f, e in zip(found, QUADRANTS, strict=True)), found


def test_an_rgb_profile_on_a_cmyk_photo_is_not_applied() -> None:
    """A profile of the wrong colour space cannot convert inks: the plain conversion is used."""
    from PIL import ImageCms

    found = _shown(_plain_cmyk_with_profile(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()))
    assert all(_close(f, e, LOSSY) for f, e in zip(found, QUADRANTS, strict=True)), found
