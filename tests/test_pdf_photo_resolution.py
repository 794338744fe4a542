"""Issue 12's acceptance line: PDF photos at the export preset's resolution at their placed size.

A phone photo of 4032 × 3024 stored pixels, EXIF orientation 6 (upright it is 3024 × 4032),
placed in a 50 × 40 mm frame, must come out of the PDF at 300 ppi ± 2 % with the print preset
and 150 ppi with the screen preset, upright; a plain JPEG already under the preset's resolution
is embedded byte for byte. The expectations come from the PDF as pdfplumber reads it back (the
embedded image's pixel size, the size it is drawn at) and from the picture's known quadrant
colours, not from Banmian's code.
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from editor import PROJECT_ROOT
from editor.io.project import asset_name, save_project
from editor.layout.engine import layout_document
from editor.model import Document, ImageFrame, Page
from editor.model.units import mm_to_pt
from editor.render.pdf import PdfOptions, write_pdf
from editor.render.prepared_photos import PRINT_PPI, SCREEN_PPI
from tests.photo_files import QUADRANT_COLOURS, quadrant_picture

EXIF_ORIENTATION = 0x0112
#: Orientation 6: the camera stored the picture turned a quarter anticlockwise (row 0 is its right side).
STORED_SIDEWAYS = Image.Transpose.ROTATE_90
PHONE_STORED_PX = (4032, 3024)
FRAME_MM = (50.0, 40.0)
SMALL_PX = (240, 180)
#: Flat quadrants through JPEG and resampling: a few levels off; a wrong quadrant is off by 150 or more.
TOLERANCE = 24


def jpeg_of(picture: Image.Image, orientation: int | None = None, quality: int = 90) -> bytes:
    """``picture`` as a JPEG, with an EXIF Orientation tag when ``orientation`` is given."""
    out = io.BytesIO()
    extra = {}
    if orientation is not None:
        exif = Image.Exif()
        exif[EXIF_ORIENTATION] = orientation
        extra["exif"] = exif.tobytes()
    picture.save(out, format="JPEG", quality=quality, **extra)
    return out.getvalue()


@pytest.fixture(scope="module")
def phone_photo() -> bytes:
    """Upright 3024 × 4032 quadrants, stored sideways as 4032 × 3024 with orientation 6."""
    upright = quadrant_picture(PHONE_STORED_PX[1], PHONE_STORED_PX[0])
    stored = upright.transpose(STORED_SIDEWAYS)
    assert stored.size == PHONE_STORED_PX
    return jpeg_of(stored, orientation=6)


@pytest.fixture(scope="module")
def small_photo() -> bytes:
    return jpeg_of(quadrant_picture(*SMALL_PX))


def _document(assets: dict[str, bytes]) -> Document:
    frames = [ImageFrame(id=f"photo-{index}", x_pt=mm_to_pt(20.0), y_pt=mm_to_pt(20.0 + 60.0 * index),
                         width_pt=mm_to_pt(FRAME_MM[0]), height_pt=mm_to_pt(FRAME_MM[1]), asset=name, fit="fill")
              for index, name in enumerate(assets)]
    return Document(pages=[Page(id="p", frames=frames)], assets=dict(assets))


def _exported(doc: Document, path: Path, photo_ppi: float | None) -> Path:
    write_pdf(doc, layout_document(doc), path, PdfOptions(invariant=True, photo_ppi=photo_ppi))
    return path


def _drawn_images(path: Path, pages: slice = slice(0, 1)) -> list[dict]:
    """pdfplumber's images of ``pages`` (page 1), top to bottom: pixel size, drawn size (pt), stream."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        images = [image for page in pdf.pages[pages] for image in sorted(page.images, key=lambda i: i["top"])]
        return [{"pixels": tuple(image["srcsize"]), "width_pt": image["width"], "height_pt": image["height"],
                 "data": image["stream"].get_rawdata(), "filter": str(image["stream"].get("Filter"))}
                for image in images]


def _ppi(image: dict) -> tuple[float, float]:
    return image["pixels"][0] / (image["width_pt"] / 72.0), image["pixels"][1] / (image["height_pt"] / 72.0)


def _quadrant_colours(data: bytes) -> list[tuple[int, ...]]:
    picture = Image.open(io.BytesIO(data)).convert("RGB")
    width, height = picture.size
    return [picture.getpixel((int(fx * width), int(fy * height))) for fy in (0.25, 0.75) for fx in (0.25, 0.75)]


def _near(colour: tuple[int, ...], expected: tuple[int, ...]) -> bool:
    return all(abs(a - b) <= TOLERANCE for a, b in zip(colour, expected, strict=True))


@pytest.mark.parametrize("preset", [PRINT_PPI, SCREEN_PPI])
def test_a_phone_photo_placed_at_50_by_40_mm_is_embedded_at_the_presets_resolution_upright(
        phone_photo: bytes, preset: int, tmp_path: Path) -> None:
    (image,) = _drawn_images(_exported(_document({"phone.jpg": phone_photo}), tmp_path / "phone.pdf", preset))
    x_ppi, y_ppi = _ppi(image)
    assert x_ppi == pytest.approx(preset, rel=0.02) and y_ppi == pytest.approx(preset, rel=0.02)
    # Drawn across the frame's 50 mm (fill: the 3 : 4 photo is cropped top and bottom).
    assert image["width_pt"] == pytest.approx(mm_to_pt(FRAME_MM[0]), abs=0.5)
    width_px, height_px = image["pixels"]
    assert height_px > width_px  # upright: portrait, as the phone was held
    colours = _quadrant_colours(image["data"])
    assert all(_near(c, e) for c, e in zip(colours, QUADRANT_COLOURS, strict=True)), colours


def test_without_a_resolution_the_phone_photo_keeps_all_its_pixels(phone_photo: bytes, tmp_path: Path) -> None:
    (image,) = _drawn_images(_exported(_document({"phone.jpg": phone_photo}), tmp_path / "full.pdf", None))
    assert image["pixels"] == (PHONE_STORED_PX[1], PHONE_STORED_PX[0])


@pytest.mark.parametrize("preset", [PRINT_PPI, SCREEN_PPI])
def test_a_jpeg_already_under_the_presets_resolution_is_embedded_byte_for_byte(
        small_photo: bytes, phone_photo: bytes, preset: int, tmp_path: Path) -> None:
    # 240 px across 53 mm (the 4 : 3 photo filling the 50 × 40 mm frame) is 114 ppi: under both presets.
    doc = _document({"small.jpg": small_photo, "phone.jpg": phone_photo})
    small, phone = _drawn_images(_exported(doc, tmp_path / "small.pdf", preset))
    assert small["pixels"] == SMALL_PX and small["data"] == small_photo
    assert "DCTDecode" in small["filter"]
    assert phone["data"] != phone_photo


def test_banmian_export_dpi_sets_the_photos_resolution(phone_photo: bytes, tmp_path: Path) -> None:
    project = tmp_path / "期刊.banmian"
    save_project(_document({asset_name(phone_photo, ".jpg"): phone_photo}), project)
    resolutions = {}
    for arguments, name in (([], "default.pdf"), (["--dpi", "150"], "screen.pdf")):
        result = subprocess.run([sys.executable, "-m", "editor", "export", str(project), "--pdf",
                                 str(tmp_path / name), *arguments], capture_output=True, text=True,
                                encoding="utf-8", cwd=PROJECT_ROOT, timeout=300)
        assert result.returncode == 0, result.stderr
        (image,) = _drawn_images(tmp_path / name)
        resolutions[name] = _ppi(image)[0]
    assert resolutions["default.pdf"] == pytest.approx(300, rel=0.02)
    assert resolutions["screen.pdf"] == pytest.approx(150, rel=0.02)


def test_the_resolution_widget_offers_the_presets_and_any_number_between(qtbot) -> None:
    from editor.ui.export_dialogs import PhotoResolution

    widget = PhotoResolution(300)
    qtbot.addWidget(widget)
    assert widget.preset.currentText() == "印刷（300 ppi）" and widget.ppi() == 300
    widget.preset.setCurrentIndex(widget.preset.findText("屏幕（150 ppi）"))
    assert widget.ppi() == 150
    widget.number.setValue(200)
    assert widget.preset.currentText() == "自定义" and widget.ppi() == 200
    widget.number.setValue(5000)
    assert widget.ppi() == 2400


def test_the_screen_preset_chosen_in_the_pdf_dialog_reaches_the_pdf_and_is_offered_next_time(
        make_window, tmp_path: Path, monkeypatch) -> None:
    from editor.ui.export_dialogs import ExportDialog

    window = make_window()
    target = tmp_path / "屏幕.pdf"
    offered: list[int] = []

    def choose_screen(dialog: ExportDialog) -> int:
        offered.append(dialog.resolution.ppi())
        dialog.path.setText(str(target))
        dialog.resolution.preset.setCurrentIndex(dialog.resolution.preset.findText("屏幕（150 ppi）"))
        return 1

    monkeypatch.setattr(ExportDialog, "exec", choose_screen)
    monkeypatch.setattr(window.exporter, "done", lambda title, path, notes: None)
    window.menu_actions.actions["export_pdf"].trigger()
    window.menu_actions.actions["export_pdf"].trigger()
    assert offered == [300, 150]
    images = _drawn_images(target, slice(None))
    assert len(images) >= 4  # the sample's photos, all well over 150 ppi as placed
    assert all(_ppi(image)[0] == pytest.approx(150, rel=0.02) for image in images)
