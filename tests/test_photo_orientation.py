"""Issue 10's acceptance line: each EXIF orientation 1–8 appears upright on the canvas and in the
PDF and DOCX.

For each orientation a JPEG is written whose *stored* pixels are the upright picture turned or
mirrored the way a camera stores it, so that only applying the tag makes it upright. The stored
pixels are computed here with Pillow's ``Image.transpose`` from the EXIF specification's table
(``STORED``, checked against the specification's words by the first test), not with Banmian's
code. The upright picture is four quadrants of different colours, 4 : 3: every one of the
eight turns and flips puts a wrong colour in some quadrant, and a sideways photo would be 3 : 4.

One document holds the eight photos (a 4 : 3 frame each); it is painted by the Qt backend once,
exported to PDF once (rasterised by pdftoppm, PDFium where poppler is absent) and to DOCX once;
the DOCX's pictures are read from its media parts, and LibreOffice draws the DOCX once, where it
is installed (CI installs it; elsewhere that one test is skipped, as in test_docx_export.py).
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from editor.layout.engine import layout_document
from editor.model import Document, ImageFrame, Page
from editor.render.docx import write_docx
from editor.render.pdf import write_pdf
from editor.render.qt import render_page_image
from tests.fontconfig_env import convert_all, libreoffice_env
from tests.photo_files import (
    QUADRANT_COLOURS,
    docx_pictures,
    pdf_page_image,
    qimage_to_pil,
    quadrant_centres,
    quadrant_picture,
)
from tests.test_docx_export import _need_libreoffice

EXIF_ORIENTATION = 0x0112
UPRIGHT_SIZE = (160, 120)
FRAME_W_PT, FRAME_H_PT = 120.0, 90.0
DPI = 72
#: JPEG on flat colour, drawn scaled: a few levels; a wrong quadrant is off by 150 or more.
TOLERANCE = 24

#: EXIF 2.32, tag 274 (Orientation): where the stored image's row 0 and column 0 lie in the
#: picture as seen.
SPEC = {
    1: ("top", "left"),
    2: ("top", "right"),
    3: ("bottom", "right"),
    4: ("bottom", "left"),
    5: ("left", "top"),
    6: ("right", "top"),
    7: ("right", "bottom"),
    8: ("left", "bottom"),
}
#: How a camera stores the upright picture under each orientation (None: as it is).
STORED = {
    1: None,
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}


def _stored(upright: Image.Image, orientation: int) -> Image.Image:
    step = STORED[orientation]
    return upright if step is None else upright.transpose(step)


def _side(image: Image.Image, side: str) -> set[int]:
    """The pixel values along one side of an image."""
    width, height = image.size
    points = {
        "top": [(x, 0) for x in range(width)], "bottom": [(x, height - 1) for x in range(width)],
        "left": [(0, y) for y in range(height)], "right": [(width - 1, y) for y in range(height)],
    }[side]
    return {image.getpixel(point) for point in points}


def test_the_storage_table_follows_the_exif_specification() -> None:
    """Row 0 and column 0 of what is stored are the sides the specification names (with the
    corner they share, that fixes the transform among the eight)."""
    probe = Image.frombytes("L", (3, 2), bytes(range(6)))  # every pixel different, not square
    for orientation, (row_0, column_0) in SPEC.items():
        stored = _stored(probe, orientation)
        assert _side(stored, "top") == _side(probe, row_0), orientation
        assert _side(stored, "left") == _side(probe, column_0), orientation


def _jpeg(orientation: int) -> bytes:
    exif = Image.Exif()
    exif[EXIF_ORIENTATION] = orientation
    out = io.BytesIO()
    _stored(quadrant_picture(*UPRIGHT_SIZE), orientation).save(out, format="JPEG", quality=95, exif=exif.tobytes())
    return out.getvalue()


def _frame(orientation: int) -> ImageFrame:
    index = orientation - 1
    return ImageFrame(id=f"exif-{orientation}", x_pt=40.0 + (index % 4) * 130.0, y_pt=60.0 + (index // 4) * 120.0,
                      width_pt=FRAME_W_PT, height_pt=FRAME_H_PT, asset=f"exif-{orientation}.jpg", fit="fill")


@pytest.fixture(scope="module")
def document() -> Document:
    frames = [_frame(orientation) for orientation in SPEC]
    return Document(pages=[Page(id="p", frames=frames)],
                    assets={frame.asset: _jpeg(int(frame.id.split("-")[1])) for frame in frames})


@pytest.fixture(scope="module")
def exported(document: Document, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("exif")
    layout = layout_document(document)
    paths = {"pdf": folder / "方向.pdf", "docx": folder / "方向.docx"}
    write_pdf(document, layout, paths["pdf"])
    write_docx(document, layout, paths["docx"])
    return paths


def _page_colours(page: Image.Image, document: Document) -> dict[int, list[tuple[int, int, int]]]:
    """Per orientation, the page's colours at the centres of its frame's quadrants."""
    scale = DPI / 72.0
    found = {}
    for frame in document.pages[0].frames:
        centres = quadrant_centres(frame.x_pt, frame.y_pt, frame.width_pt, frame.height_pt)
        found[int(frame.id.split("-")[1])] = [page.getpixel((int(x * scale), int(y * scale))) for x, y in centres]
    return found


def _wrong(found: dict[int, list[tuple[int, ...]]]) -> dict[int, list[tuple[int, ...]]]:
    """The orientations whose quadrants are not the upright picture's colours."""
    return {orientation: colours for orientation, colours in found.items()
            if not all(abs(a - b) <= TOLERANCE for colour, expected in zip(colours, QUADRANT_COLOURS, strict=True)
                       for a, b in zip(colour, expected, strict=True))}


def test_every_orientation_is_upright_on_the_canvas(document: Document) -> None:
    page = qimage_to_pil(render_page_image(document, layout_document(document), 0, DPI))
    found = _page_colours(page, document)
    assert sorted(found) == list(range(1, 9))
    assert _wrong(found) == {}


def test_every_orientation_is_upright_in_the_pdf(document: Document, exported: dict[str, Path]) -> None:
    found = _page_colours(pdf_page_image(exported["pdf"], DPI), document)
    assert sorted(found) == list(range(1, 9))
    assert _wrong(found) == {}


def test_every_orientation_is_embedded_upright_in_the_docx_with_no_tag_left(exported: dict[str, Path]) -> None:
    """Upright pixels, uncropped, and no orientation tag for Word or LibreOffice to apply again."""
    pictures = docx_pictures(exported["docx"].read_bytes())
    found = {}
    for orientation in SPEC:
        data, crop = pictures[f"图片 exif-{orientation}"]
        picture = Image.open(io.BytesIO(data))
        assert crop == {}, orientation
        assert picture.size == UPRIGHT_SIZE, orientation
        assert picture.getexif().get(EXIF_ORIENTATION, 1) == 1, orientation
        rgb = picture.convert("RGB")
        found[orientation] = [rgb.getpixel((int(x), int(y))) for x, y in quadrant_centres(0, 0, *picture.size)]
    assert _wrong(found) == {}


def test_every_orientation_is_upright_when_libreoffice_draws_the_docx(document: Document, exported: dict[str, Path],
                                                                      tmp_path: Path) -> None:
    _need_libreoffice()
    (pdf,) = convert_all([exported["docx"]], tmp_path / "pdf", libreoffice_env(tmp_path))
    found = _page_colours(pdf_page_image(pdf, DPI), document)
    assert _wrong(found) == {}
