"""Export presets (issue #13): 印刷 and 屏幕 measured from the PDFs they write, user presets, --preset.

Every expected number is worked out here from millimetres (A4 is 210 × 297 mm,
the bleed 3 mm, 1 in = 25.4 mm = 72 pt), never from the exporter's constants.
The photos' resolution is read back from the PDF's image objects (pixels)
and the size pdfplumber says each is drawn at; the bleed of a photo moved to
touch the trim is checked twice: the image rectangle drawn, and the pixels
PDFium paints in the bleed strip beside it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from editor import SAMPLE_PROJECT
from editor.cli import main
from editor.errors import BanmianError
from editor.io.project import load_project
from editor.layout.bleed import photos_into_bleed
from editor.layout.display import DocumentLayout, ImageItem, PageLayout, Rect
from editor.layout.engine import layout_document
from editor.model import ImageFrame
from editor.render.export_presets import (
    PRINT_PRESET,
    SCREEN_PRESET,
    ExportPreset,
    export_pdf_with_preset,
    find_preset,
    load_user_presets,
    save_user_preset,
)
from tests.photo_files import pdf_page_image

MM = 72.0 / 25.4
A4_PT = (210.0 * MM, 297.0 * MM)
BLEED_PT = 3.0 * MM
#: pdfplumber's and pypdf's coordinates are written with a few decimals.
EPS_PT = 0.05


@pytest.fixture()
def config(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "配置 文件夹"
    monkeypatch.setenv("BANMIAN_CONFIG_DIR", str(folder))
    return folder


def _touching_doc():
    """The sample with two photos moved to the trim: 技能 against the left edge (page 5), 党建 into the
    top right corner (page 3)."""
    doc = load_project(SAMPLE_PROJECT)
    frames = {frame.id: frame for _, frame in doc.frames_with_pages() if isinstance(frame, ImageFrame)}
    frames["p5-photo-skills"].x_pt = 0.0
    party = frames["p3-photo-party"]
    party.x_pt, party.y_pt = A4_PT[0] - party.width_pt, 0.0
    return doc


@pytest.fixture(scope="module")
def print_pdf(tmp_path_factory) -> Path:
    doc = _touching_doc()
    path = tmp_path_factory.mktemp("印刷") / "第 28 期 印刷.pdf"
    export_pdf_with_preset(doc, layout_document(doc), path, PRINT_PRESET, invariant=True)
    return path


@pytest.fixture(scope="module")
def screen_pdf(tmp_path_factory) -> Path:
    doc = load_project(SAMPLE_PROJECT)
    path = tmp_path_factory.mktemp("屏幕") / "第 28 期 屏幕.pdf"
    export_pdf_with_preset(doc, layout_document(doc), path, SCREEN_PRESET, invariant=True)
    return path


def _box(page, name: str) -> tuple[float, float, float, float]:
    return tuple(float(value) for value in page[name])


def _trim(path: Path, page_index: int = 0) -> tuple[float, float, float, float]:
    return _box(PdfReader(path).pages[page_index], "/TrimBox")


# ------------------------------------------------------------------ 印刷: page boxes and marks


def test_the_print_preset_sets_a_trim_box_of_a4_and_a_bleed_box_3_mm_beyond_it_on_every_page(print_pdf):
    reader = PdfReader(print_pdf)
    assert len(reader.pages) == len(load_project(SAMPLE_PROJECT).pages) == 5
    for page in reader.pages:
        left, bottom, right, top = _box(page, "/TrimBox")
        assert (right - left, top - bottom) == pytest.approx(A4_PT, abs=EPS_PT)
        assert _box(page, "/BleedBox") == pytest.approx(
            (left - BLEED_PT, bottom - BLEED_PT, right + BLEED_PT, top + BLEED_PT), abs=EPS_PT)
        media = _box(page, "/MediaBox")
        # room for the marks outside the bleed: at least 5 mm beyond it on every side
        assert media[0] <= left - BLEED_PT - 5 * MM and media[2] >= right + BLEED_PT + 5 * MM
        assert media[1] <= bottom - BLEED_PT - 5 * MM and media[3] >= top + BLEED_PT + 5 * MM


def test_the_print_preset_draws_eight_crop_marks_in_registration_black_on_the_trim_lines_outside_the_bleed(
        print_pdf):
    left, bottom, right, top = _trim(print_pdf)
    with pdfplumber.open(print_pdf) as pdf:
        page = pdf.pages[0]
        height = float(page.height)
        marks = [line for line in page.lines if line.get("stroking_color") in ((1, 1, 1, 1), [1, 1, 1, 1])]
    assert len(marks) == 8
    found = set()
    for line in marks:
        x0, x1 = line["x0"], line["x1"]
        y0, y1 = height - line["y1"], height - line["y0"]  # pdfplumber measures from the top
        if abs(y1 - y0) < EPS_PT:  # horizontal: on the top or bottom trim line, left or right of the page
            edge = min((bottom, top), key=lambda y: abs(y - y0))
            assert y0 == pytest.approx(edge, abs=EPS_PT)
            outside = x1 <= left - BLEED_PT + EPS_PT or x0 >= right + BLEED_PT - EPS_PT
            found.add(("h", edge, x0 < left))
        else:  # vertical: on the left or right trim line, above or below the page
            assert abs(x1 - x0) < EPS_PT
            edge = min((left, right), key=lambda x: abs(x - x0))
            assert x0 == pytest.approx(edge, abs=EPS_PT)
            outside = y1 <= bottom - BLEED_PT + EPS_PT or y0 >= top + BLEED_PT - EPS_PT
            found.add(("v", edge, y0 < bottom))
        assert outside, line  # a mark never reaches into the bleed, where it would be printed
        assert max(x1 - x0, y1 - y0) >= 3 * MM
    assert len(found) == 8  # one horizontal and one vertical mark at each corner


def test_the_screen_preset_has_no_bleed_no_marks_and_a_page_of_a4(screen_pdf):
    page = PdfReader(screen_pdf).pages[0]
    assert "/TrimBox" not in page and "/BleedBox" not in page
    assert _box(page, "/MediaBox") == pytest.approx((0, 0, *A4_PT), abs=EPS_PT)
    with pdfplumber.open(screen_pdf) as pdf:
        assert not any(line.get("stroking_color") in ((1, 1, 1, 1), [1, 1, 1, 1]) for line in pdf.pages[0].lines)


def test_the_screen_preset_pdf_of_the_sample_is_under_2_mb(screen_pdf):
    assert screen_pdf.stat().st_size < 2 * 1024 * 1024


# ------------------------------------------------------------------ photos: resolution and bleed


def _images(path: Path) -> list[tuple[int, dict]]:
    with pdfplumber.open(path) as pdf:
        return [(page.page_number, dict(image, page_height=float(page.height))) for page in pdf.pages
                for image in page.images]


def _ppi(image: dict) -> tuple[float, float]:
    width_px, height_px = image["srcsize"]
    return width_px / (image["width"] / 72.0), height_px / (image["height"] / 72.0)


@pytest.mark.parametrize(("which", "ppi"), [("print_pdf", 300), ("screen_pdf", 150)])
def test_every_photo_is_at_the_presets_resolution_within_2_percent_of_its_placed_size(which, ppi, request):
    images = _images(request.getfixturevalue(which))
    assert len(images) == 6  # the sample's photos, each with more pixels than either preset wants
    for _, image in images:
        assert _ppi(image) == pytest.approx((ppi, ppi), rel=0.02)


def test_a_photo_touching_the_left_trim_is_drawn_3_mm_into_the_bleed(print_pdf):
    left, bottom, right, top = _trim(print_pdf, 4)
    (image,) = [image for page, image in _images(print_pdf) if page == 5]
    assert image["x0"] <= left - BLEED_PT + EPS_PT  # the image rectangle reaches the bleed's edge …
    assert image["x1"] < right  # … and the photo still ends where it did, inside the page
    # … and the clip lets it show there: the bleed strip beside the photo is painted, beyond it is paper
    dpi = 72
    picture = pdf_page_image(print_pdf, dpi, 5).convert("L")
    scale = dpi / 72.0
    middle_y = (image["top"] + image["bottom"]) / 2 * scale
    in_bleed = picture.getpixel((round((left - BLEED_PT / 2) * scale), round(middle_y)))
    beyond = picture.getpixel((round((left - BLEED_PT - 2 * MM) * scale), round(middle_y)))
    assert in_bleed < 230 and beyond > 250


def test_a_photo_in_the_top_right_corner_is_drawn_3_mm_into_the_bleed_on_both_sides(print_pdf):
    left, bottom, right, top = _trim(print_pdf, 2)
    height = _box(PdfReader(print_pdf).pages[2], "/MediaBox")[3]
    corner = [image for page, image in _images(print_pdf) if page == 3 and image["x1"] > right]
    (image,) = corner
    assert image["x1"] >= right + BLEED_PT - EPS_PT
    assert height - image["top"] >= top + BLEED_PT - EPS_PT


def test_photos_that_do_not_touch_the_trim_keep_their_place(print_pdf):
    """Page 4's photos stay inside: each image lies within the trim."""
    left, bottom, right, top = _trim(print_pdf, 3)
    for page, image in _images(print_pdf):
        if page == 4:
            height = image["page_height"]
            assert left < image["x0"] and image["x1"] < right
            assert bottom < height - image["bottom"] and height - image["top"] < top


# ------------------------------------------------------------------ the layout step itself


def _layout_with(item: ImageItem) -> DocumentLayout:
    return DocumentLayout(pages=[PageLayout(0, A4_PT[0], A4_PT[1], items=[item])], stories={})


def test_the_bleed_step_grows_the_clip_and_scales_the_photo_about_its_far_side_when_it_has_no_pixels_to_spare():
    frame = Rect(0.0, 100.0, 200.0, 150.0)
    item = ImageItem("f", "a.jpg", 0, frame, frame)
    (extended,) = photos_into_bleed(_layout_with(item), BLEED_PT).pages[0].items
    assert extended.clip_rect == Rect(-BLEED_PT, 100.0, 200.0 + BLEED_PT, 150.0)
    shown = extended.image_rect
    assert shown.x_pt == pytest.approx(-BLEED_PT) and shown.right_pt == pytest.approx(200.0)
    assert shown.width_pt / shown.height_pt == pytest.approx(200.0 / 150.0)  # not stretched
    assert shown.y_pt <= 100.0 and shown.bottom_pt >= 250.0  # still covers the frame


def test_the_bleed_step_uses_a_cropped_photos_own_pixels_and_leaves_other_photos_alone():
    cropped = ImageItem("f", "a.jpg", 0, Rect(0.0, 100.0, 200.0, 150.0), Rect(-30.0, 90.0, 260.0, 170.0))
    inside = ImageItem("g", "b.jpg", 0, Rect(50.0, 300.0, 100.0, 80.0), Rect(50.0, 300.0, 100.0, 80.0))
    layout = DocumentLayout(pages=[PageLayout(0, A4_PT[0], A4_PT[1], items=[cropped, inside])], stories={})
    first, second = photos_into_bleed(layout, BLEED_PT).pages[0].items
    assert first.image_rect == cropped.image_rect and first.clip_rect.x_pt == pytest.approx(-BLEED_PT)
    assert second is inside
    assert layout.pages[0].items == [cropped, inside]  # the layout given is not changed


# ------------------------------------------------------------------ output intent


def test_the_print_preset_declares_srgb_as_its_output_intent(print_pdf, screen_pdf):
    root = PdfReader(print_pdf).trailer["/Root"]
    (intent,) = [entry.get_object() for entry in root["/OutputIntents"]]
    assert intent["/S"] == "/GTS_PDFX" and "sRGB" in intent["/OutputConditionIdentifier"]
    profile = intent["/DestOutputProfile"].get_object()
    data = profile.get_data()
    assert profile["/N"] == 3 and data[36:40] == b"acsp" and data[16:20] == b"RGB "
    assert "/OutputIntents" not in PdfReader(screen_pdf).trailer["/Root"]


def test_the_same_document_gives_the_same_print_pdf_twice(tmp_path):
    doc = load_project(SAMPLE_PROJECT)
    layout = layout_document(doc)
    first, second = tmp_path / "一.pdf", tmp_path / "二.pdf"
    export_pdf_with_preset(doc, layout, first, PRINT_PRESET, invariant=True)
    export_pdf_with_preset(doc, layout, second, PRINT_PRESET, invariant=True)
    assert first.read_bytes() == second.read_bytes()


# ------------------------------------------------------------------ user presets and names


def test_a_saved_preset_is_found_by_name_and_english_names_find_the_builtin_ones(config):
    saved = ExportPreset("送审 小样", 200, bleed_mm=5.0)
    save_user_preset(saved)
    assert json.loads((config / "export-presets.json").read_text(encoding="utf-8"))["presets"][0]["name"] == "送审 小样"
    assert find_preset("送审 小样") == saved
    assert find_preset("print") is PRINT_PRESET and find_preset("Screen") is SCREEN_PRESET
    assert find_preset("印刷") is PRINT_PRESET
    save_user_preset(ExportPreset("送审 小样", 250))  # the same name replaces it
    assert [(p.name, p.photo_ppi) for p in load_user_presets()] == [("送审 小样", 250)]


@pytest.mark.parametrize("name", ["印刷", "print", "自定义", "  ", "长" * 41])
def test_a_user_preset_cannot_take_a_builtin_name_or_an_empty_or_long_one(config, name):
    with pytest.raises(BanmianError):
        save_user_preset(ExportPreset(name, 200))


@pytest.mark.parametrize("content", [b"\xff\xfe", b"[]", b'{"presets": [{"name": "x", "photo_ppi": 5}]}',
                                     b'{"presets": [{"name": "x", "photo_ppi": 200, "bleed_mm": "3"}]}'])
def test_a_damaged_presets_file_reads_as_no_presets(config, content):
    config.mkdir(parents=True)
    (config / "export-presets.json").write_bytes(content)
    assert load_user_presets() == []


def test_an_unknown_preset_is_named_in_one_chinese_line_with_status_2(config, tmp_path, capsys):
    status = main(["export", str(SAMPLE_PROJECT), "--pdf", str(tmp_path / "x.pdf"), "--preset", "海报"])
    err = capsys.readouterr().err
    assert status == 2 and err.count("\n") == 1
    assert "“海报”" in err and "印刷" in err and "屏幕" in err
    assert not (tmp_path / "x.pdf").exists()


def test_the_command_line_takes_builtin_and_user_presets_and_dpi_overrides_the_resolution(config, tmp_path):
    save_user_preset(ExportPreset("我的 印刷", 200, bleed_mm=3.0))
    runs = {"print.pdf": ["--preset", "print"], "mine.pdf": ["--preset", "我的 印刷"],
            "override.pdf": ["--preset", "印刷", "--dpi", "150"]}
    for name, arguments in runs.items():
        assert main(["export", str(SAMPLE_PROJECT), "--pdf", str(tmp_path / name), *arguments]) == 0
    left, bottom, right, top = _trim(tmp_path / "print.pdf")
    assert right - left == pytest.approx(A4_PT[0], abs=EPS_PT)
    expected = {"print.pdf": 300, "mine.pdf": 200, "override.pdf": 150}
    for name, ppi in expected.items():
        assert all(_ppi(image) == pytest.approx((ppi, ppi), rel=0.02) for _, image in _images(tmp_path / name))
    assert "/TrimBox" in PdfReader(tmp_path / "mine.pdf").pages[0]


def test_every_font_of_the_print_preset_pdf_is_embedded(print_pdf):
    fonts = {}
    for page in PdfReader(print_pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            described = descendants[0].get_object() if descendants else font
            fonts[font["/BaseFont"]] = described["/FontDescriptor"].get_object()
    assert len(fonts) >= 2
    assert all(any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
               for descriptor in fonts.values())
