"""Issue 12, for Word: DOCX photos at the export's resolution at their placed size, as in the PDF.

The same phone photo as the PDF's acceptance test (4032 × 3024 stored, EXIF orientation 6, upright
3024 × 4032), placed at 50 × 40 mm, must be embedded at 300 ppi ± 2 % with the print resolution
and 150 ppi with the screen one, upright; a plain JPEG already under the resolution is embedded
byte for byte; 原图 (no resolution) keeps every pixel. The expectations come from the DOCX as a
reader sees it: the media part's pixel size (Pillow), the picture's extent in EMU and its
``a:srcRect`` crop (the whole photo's placed size is the extent over the uncropped fraction),
and the picture's known quadrant colours — not from Banmian's code.
"""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image

from editor import PROJECT_ROOT
from editor.io.project import asset_name, save_project
from editor.layout.engine import layout_document
from editor.model import Document
from editor.render.docx import DocxOptions, write_docx
from editor.render.prepared_photos import PRINT_PPI, SCREEN_PPI
from tests.photo_files import QUADRANT_COLOURS, docx_pictures, quadrant_picture
from tests.test_pdf_photo_resolution import (
    PHONE_STORED_PX,
    SMALL_PX,
    STORED_SIDEWAYS,
    _document,
    _near,
    _quadrant_colours,
    jpeg_of,
)

EMU_PER_INCH = 914_400
#: ``a:srcRect``'s unit: 1/1000 of a percent.
WHOLE = 100_000
NS = {"pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
      "a": "http://schemas.openxmlformats.org/drawingml/2006/main"}


@pytest.fixture(scope="module")
def phone_photo() -> bytes:
    """Upright 3024 × 4032 quadrants, stored sideways as 4032 × 3024 with orientation 6 (as the PDF's test)."""
    return jpeg_of(quadrant_picture(PHONE_STORED_PX[1], PHONE_STORED_PX[0]).transpose(STORED_SIDEWAYS), orientation=6)


@pytest.fixture(scope="module")
def small_photo() -> bytes:
    return jpeg_of(quadrant_picture(*SMALL_PX))


def _exported(doc: Document, path: Path, photo_ppi: float | None) -> bytes:
    write_docx(doc, layout_document(doc), path, DocxOptions(invariant=True, photo_ppi=photo_ppi))
    return path.read_bytes()


def _placed_inches(docx_bytes: bytes) -> dict[str, tuple[float, float]]:
    """Each picture's whole photo (before its crop) as placed, in inches, by its drawing's name."""
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as package:
        body = etree.fromstring(package.read("word/document.xml"))
    placed = {}
    for pic in body.iter(f"{{{NS['pic']}}}pic"):
        name = pic.find("pic:nvPicPr/pic:cNvPr", NS).get("name")
        ext = pic.find("pic:spPr/a:xfrm/a:ext", NS)
        crop = pic.find("pic:blipFill/a:srcRect", NS)
        cut = {side: int(crop.get(side, 0)) if crop is not None else 0 for side in "ltrb"}
        shown_x = 1 - (cut["l"] + cut["r"]) / WHOLE
        shown_y = 1 - (cut["t"] + cut["b"]) / WHOLE
        placed[name] = (int(ext.get("cx")) / EMU_PER_INCH / shown_x, int(ext.get("cy")) / EMU_PER_INCH / shown_y)
    return placed


def _picture(docx_bytes: bytes, frame_id: str) -> tuple[bytes, tuple[int, int], tuple[float, float]]:
    """The media bytes of frame ``frame_id``'s picture, its pixel size and its ppi at its placed size."""
    name = f"图片 {frame_id}"
    data, _ = docx_pictures(docx_bytes)[name]
    width_in, height_in = _placed_inches(docx_bytes)[name]
    pixels = Image.open(io.BytesIO(data)).size
    return data, pixels, (pixels[0] / width_in, pixels[1] / height_in)


@pytest.mark.parametrize("preset", [PRINT_PPI, SCREEN_PPI])
def test_a_phone_photo_placed_at_50_by_40_mm_is_embedded_at_the_resolution_upright(
        phone_photo: bytes, preset: int, tmp_path: Path) -> None:
    docx = _exported(_document({"phone.jpg": phone_photo}), tmp_path / "phone.docx", preset)
    data, (width_px, height_px), (x_ppi, y_ppi) = _picture(docx, "photo-0")
    assert x_ppi == pytest.approx(preset, rel=0.02) and y_ppi == pytest.approx(preset, rel=0.02)
    assert height_px > width_px  # upright: portrait, as the phone was held
    assert Image.open(io.BytesIO(data)).getexif().get(0x0112, 1) == 1  # no tag to turn it again
    colours = _quadrant_colours(data)
    assert all(_near(c, e) for c, e in zip(colours, QUADRANT_COLOURS, strict=True)), colours


def test_originals_keep_every_pixel_of_the_phone_photo(phone_photo: bytes, tmp_path: Path) -> None:
    docx = _exported(_document({"phone.jpg": phone_photo}), tmp_path / "原图.docx", None)
    data, pixels, _ = _picture(docx, "photo-0")
    assert pixels == (PHONE_STORED_PX[1], PHONE_STORED_PX[0])  # upright, all of them
    assert all(_near(c, e) for c, e in zip(_quadrant_colours(data), QUADRANT_COLOURS, strict=True))


@pytest.mark.parametrize("preset", [PRINT_PPI, SCREEN_PPI])
def test_a_jpeg_already_under_the_resolution_is_embedded_byte_for_byte(
        small_photo: bytes, phone_photo: bytes, preset: int, tmp_path: Path) -> None:
    # 240 px across 53 mm (the 4 : 3 photo filling the 50 × 40 mm frame) is 114 ppi: under both.
    doc = _document({"small.jpg": small_photo, "phone.jpg": phone_photo})
    docx = _exported(doc, tmp_path / "small.docx", preset)
    small, small_px, _ = _picture(docx, "photo-0")
    phone, _, _ = _picture(docx, "photo-1")
    assert small == small_photo and small_px == SMALL_PX
    assert phone != phone_photo


def test_banmian_export_dpi_sets_the_word_photos_resolution_and_original_keeps_them(
        phone_photo: bytes, tmp_path: Path) -> None:
    project = tmp_path / "期刊.banmian"
    save_project(_document({asset_name(phone_photo, ".jpg"): phone_photo}), project)
    found = {}
    for arguments, name in (([], "default.docx"), (["--dpi", "150"], "screen.docx"), (["--dpi", "原图"], "原图.docx")):
        result = subprocess.run([sys.executable, "-m", "editor", "export", str(project), "--docx",
                                 str(tmp_path / name), *arguments], capture_output=True, text=True,
                                encoding="utf-8", cwd=PROJECT_ROOT, timeout=300)
        assert result.returncode == 0, result.stderr
        found[name] = _picture((tmp_path / name).read_bytes(), "photo-0")
    assert found["default.docx"][2][0] == pytest.approx(300, rel=0.02)
    assert found["screen.docx"][2][0] == pytest.approx(150, rel=0.02)
    assert found["原图.docx"][1] == (PHONE_STORED_PX[1], PHONE_STORED_PX[0])


class _Stop(Exception):
    """What the window's progress raises when 取消 is pressed."""


def test_cancelling_while_the_photos_are_written_stops_before_the_next_and_leaves_no_file(
        small_photo: bytes, phone_photo: bytes, tmp_path: Path) -> None:
    from editor.render.prepared_photos import reporting_photos

    doc = _document({"small.jpg": small_photo, "phone.jpg": phone_photo})
    reported: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        reported.append((done, total))
        if reported.count((1, 2)) == 2:  # the second pass over the photos: writing them
            raise _Stop

    with reporting_photos(progress), pytest.raises(_Stop):
        write_docx(doc, layout_document(doc), tmp_path / "取消.docx", DocxOptions(photo_ppi=PRINT_PPI))
    assert reported == [(0, 2), (1, 2), (2, 2), (0, 2), (1, 2)]
    assert list(tmp_path.iterdir()) == []


def test_the_word_dialog_offers_original_photos(qtbot, tmp_path: Path) -> None:
    from editor.ui.export_dialogs import ExportDialog

    dialog = ExportDialog("docx", tmp_path / "x.docx", docx_ppi=SCREEN_PPI)
    qtbot.addWidget(dialog)
    choice = dialog.resolution
    assert choice.ppi() == SCREEN_PPI
    choice.preset.setCurrentIndex(choice.preset.findText("原图（不缩小）"))
    assert choice.ppi() == 0 and not choice.number.isEnabled()
    assert ExportDialog("docx", tmp_path / "x.docx", docx_ppi=0).resolution.ppi() == 0
    assert ExportDialog("pdf", tmp_path / "x.pdf").resolution.preset.findText("原图（不缩小）") == -1
