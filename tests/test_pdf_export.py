"""The sample issue exported to PDF, measured from the PDF itself (issue #2)."""

from __future__ import annotations

import io
import shutil
import subprocess
from collections import defaultdict
from itertools import pairwise

import pytest
from PIL import Image, ImageChops, ImageOps
from pypdf import PdfReader

from editor import SAMPLE_PROJECT
from editor.io.project import load_project
from editor.layout.display import ImageItem, Rect
from editor.layout.engine import layout_document
from editor.layout.images import caption_rect
from editor.model import ImageFrame
from editor.render.pdf import PdfOptions, write_pdf
from tests import clreq
from tests.pdfcheck import expected_chars, occupied, pdf_chars

A4_PT = (595.2756, 841.8898)
TOLERANCE_PT = 0.2


@pytest.fixture(scope="module")
def sample():
    doc = load_project(SAMPLE_PROJECT)
    layout = layout_document(doc)
    return doc, layout


@pytest.fixture(scope="module")
def sample_pdf(sample, tmp_path_factory):
    doc, layout = sample
    path = tmp_path_factory.mktemp("pdf") / "样刊 2021-28.pdf"
    write_pdf(doc, layout, path)
    return path


@pytest.fixture(scope="module")
def matched(sample, sample_pdf):
    """PDF characters paired with the model characters they should be, page by page."""
    doc, layout = sample
    _, pdf_pages = pdf_chars(sample_pdf)
    expected_pages = expected_chars(doc, layout)
    return list(zip(expected_pages, pdf_pages, strict=True))


def test_sample_has_no_overset_story(sample):
    _, layout = sample
    assert layout.overset_story_ids == []


def test_pdf_is_five_a4_pages(sample_pdf):
    sizes, _ = pdf_chars(sample_pdf)
    assert len(sizes) == 5
    for width, height in sizes:
        assert width == pytest.approx(A4_PT[0], abs=0.01) and height == pytest.approx(A4_PT[1], abs=0.01)


def test_pdf_text_equals_model_text(sample, matched):
    doc, layout = sample
    for page_number, (expected, found) in enumerate(matched, start=1):
        assert "".join(c.text for c in found) == "".join(e.text for e in expected), f"page {page_number}"
    # And the lines cover every character of every story exactly once (master stories once per page).
    for story_id, story in layout.document.stories.items():
        for paragraph_index, paragraph in enumerate(story.paragraphs):
            covered: list[int] = []
            for page in layout.pages:
                for line in page.lines:
                    if line.story_id == story_id and line.paragraph_index == paragraph_index:
                        covered.extend(range(line.start_offset, line.end_offset))
            units = sum(len(run.text) if run.field is None else 1 for run in paragraph.runs)
            assert sorted(covered) == list(range(units)), (story_id, paragraph_index)


def test_title_is_set(sample_pdf):
    reader = PdfReader(sample_pdf)
    assert reader.metadata.title == "中铝股份党群工作 2021年第28期"


def test_every_font_is_an_embedded_subset(sample_pdf):
    reader = PdfReader(sample_pdf)
    seen = 0
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        for ref in fonts.values():
            font = ref.get_object()
            seen += 1
            base = str(font["/BaseFont"])
            assert len(base) > 8 and base[7] == "+" and base[1:7].isupper(), base
            descriptor = font["/FontDescriptor"].get_object()
            assert any(key in descriptor for key in ("/FontFile2", "/FontFile3", "/FontFile")), base
    assert seen
    if shutil.which("pdffonts"):  # poppler, a second reader (absent on Windows; pypdf checked the same above)
        listing = subprocess.run(["pdffonts", str(sample_pdf)], capture_output=True, text=True, check=True).stdout
        for row in listing.splitlines()[2:]:
            columns = row.split()
            assert columns[-5] == "yes" and columns[-4] == "yes", row  # emb, sub


def _lines(pairs):
    grouped = defaultdict(list)
    for expected, found in pairs:
        grouped[expected.line_key].append((expected, found))
    return grouped.values()


def test_no_line_starts_or_ends_with_a_prohibited_mark(matched):
    checked = 0
    for expected, found in matched:
        for line in _lines(zip(expected, found, strict=True)):
            first_expected, first = line[0]
            last_expected, last = line[-1]
            if not first_expected.paragraph_first_line and not "".join(f.text for _, f in line).startswith("——"):
                assert first.text not in clreq.NO_LINE_START, "".join(f.text for _, f in line)
            if not last_expected.paragraph_last_line:
                assert last.text not in clreq.NO_LINE_END, "".join(f.text for _, f in line)
            checked += 1
    assert checked > 150


def _columns(frame) -> list[Rect]:
    if isinstance(frame, ImageFrame):
        return [caption_rect(frame)]
    insets = frame.insets
    inner_w = frame.width_pt - insets.left_pt - insets.right_pt
    width = (inner_w - frame.gutter_pt * (frame.columns - 1)) / frame.columns
    return [Rect(frame.x_pt + insets.left_pt + i * (width + frame.gutter_pt), frame.y_pt + insets.top_pt, width,
                 frame.height_pt - insets.top_pt - insets.bottom_pt) for i in range(frame.columns)]


def _wrap_boxes(page) -> list[tuple[str, Rect]]:
    boxes = []
    for frame in page.frames:
        if frame.wrap.mode != "around":
            continue
        box = Rect(frame.x_pt, frame.y_pt, frame.width_pt, frame.height_pt)
        if isinstance(frame, ImageFrame) and frame.caption is not None:
            box = box.union(caption_rect(frame))
        boxes.append((frame.id, box.expanded(frame.wrap.gap_pt)))
    return boxes


def _free_span_right_edge(column: Rect, boxes, top: float, bottom: float, x_start: float, right_indent: float) -> float:
    """Where the free span holding ``x_start`` ends: the column edge or a wrap box."""
    edge = column.right_pt - right_indent
    for box in boxes:
        if box.y_pt < bottom - 0.01 and box.bottom_pt > top + 0.01 and box.x_pt > x_start - 0.01:
            edge = min(edge, box.x_pt)
    return edge


def test_justified_lines_end_at_the_column_edge(sample, matched):
    doc, _ = sample
    checked = 0
    for page_index, (expected, found) in enumerate(matched):
        page = doc.pages[page_index]
        frames = {frame.id: frame for frame in page.frames}
        boxes = _wrap_boxes(page)
        for line in _lines(zip(expected, found, strict=True)):
            info, first = line[0]
            if info.alignment != "justify" or line[-1][0].paragraph_last_line:
                continue
            chars = [f for _, f in line]
            left = occupied(chars, 0)[0]
            column = next(c for c in _columns(frames[info.frame_id]) if c.x_pt - 0.01 <= left <= c.right_pt)
            em_top = first.baseline - 0.88 * info.size_pt
            top = em_top - (info.leading_pt - info.size_pt) / 2
            own = [] if info.is_caption else [b for frame_id, b in boxes if frame_id != info.frame_id]
            edge = _free_span_right_edge(column, own, top, top + info.leading_pt, left, info.right_indent_pt)
            right = occupied(chars, len(chars) - 1)[1]
            assert right == pytest.approx(edge, abs=TOLERANCE_PT), "".join(c.text for c in chars)
            checked += 1
    assert checked > 100


def test_no_glyph_overlaps_another_or_leaves_its_column(sample, matched):
    _, layout = sample
    for page_index, (expected, found) in enumerate(matched):
        page = layout.document.pages[page_index]  # with its master's items
        frames = {frame.id: frame for frame in page.frames}
        boxes = _wrap_boxes(page)
        em_boxes = []
        for line in _lines(zip(expected, found, strict=True)):
            info = line[0][0]
            chars = [f for _, f in line]
            spans = [occupied(chars, i) for i in range(len(chars))]
            for ((_, a1), (b0, _)), c in zip(pairwise(spans), chars[1:], strict=True):
                assert a1 <= b0 + 0.01, f"overlap before {c.text!r} in {''.join(x.text for x in chars)}"
            columns = _columns(frames[info.frame_id])
            for (x0, x1), c in zip(spans, chars, strict=True):
                assert any(col.x_pt - 0.01 <= x0 and x1 <= col.right_pt + 0.01 for col in columns), c.text
                assert any(col.y_pt - 0.01 <= c.baseline <= col.bottom_pt + 0.01 for col in columns), c.text
                glyph_box = Rect(x0, c.baseline - 0.88 * c.size, x1 - x0, c.size)
                if not info.is_caption:
                    for frame_id, box in boxes:
                        if frame_id == info.frame_id:
                            continue
                        inside = (glyph_box.x_pt < box.right_pt - 0.01 and glyph_box.right_pt > box.x_pt + 0.01
                                  and glyph_box.y_pt < box.bottom_pt - 0.01 and glyph_box.bottom_pt > box.y_pt + 0.01)
                        assert not inside, f"{c.text!r} set inside the wrap box of {frame_id}"
                em_boxes.append(glyph_box)
        _assert_no_two_boxes_intersect(em_boxes)


def _assert_no_two_boxes_intersect(boxes: list[Rect], cell_pt: float = 24.0) -> None:
    grid: dict[tuple[int, int], list[int]] = defaultdict(list)
    for index, box in enumerate(boxes):
        for gx in range(int(box.x_pt // cell_pt), int(box.right_pt // cell_pt) + 1):
            for gy in range(int(box.y_pt // cell_pt), int(box.bottom_pt // cell_pt) + 1):
                grid[(gx, gy)].append(index)
    for members in grid.values():
        for i, a_index in enumerate(members):
            a = boxes[a_index]
            for b_index in members[i + 1:]:
                b = boxes[b_index]
                overlap_x = min(a.right_pt, b.right_pt) - max(a.x_pt, b.x_pt)
                overlap_y = min(a.bottom_pt, b.bottom_pt) - max(a.y_pt, b.y_pt)
                assert overlap_x <= 0.01 or overlap_y <= 0.01, (a, b)


def _thumbnail(image: Image.Image) -> Image.Image:
    return ImageOps.grayscale(image.convert("RGB")).resize((24, 24), Image.Resampling.BOX)


def _difference(a: Image.Image, b: Image.Image) -> float:
    diff = ImageChops.difference(_thumbnail(a), _thumbnail(b))
    return sum(diff.tobytes()) / (24 * 24)


def test_every_photo_is_drawn_upright_where_the_layout_puts_it(sample, sample_pdf):
    import pdfplumber

    doc, layout = sample
    reader = PdfReader(sample_pdf)
    photo_frames = 0
    with pdfplumber.open(sample_pdf) as pdf:
        for page_index, page in enumerate(doc.pages):
            items = [i for i in layout.pages[page_index].items if isinstance(i, ImageItem)]
            drawn = pdf.pages[page_index].images
            embedded = {image.name.rsplit(".", 1)[0].lstrip("/"): image.image for image in reader.pages[page_index].images}
            for frame in page.frames:
                if not isinstance(frame, ImageFrame) or not frame.asset:
                    continue
                photo_frames += 1
                item = next(i for i in items if i.frame_id == frame.id)
                rect = item.image_rect
                match = [d for d in drawn if abs(d["x0"] - rect.x_pt) < 0.5 and abs(d["top"] - rect.y_pt) < 0.5
                         and abs(d["x1"] - rect.right_pt) < 0.5 and abs(d["bottom"] - rect.bottom_pt) < 0.5]
                assert len(match) == 1, f"photo of {frame.id} not drawn at its place"
                pixels = embedded[match[0]["name"]]
                upright = ImageOps.exif_transpose(Image.open(io.BytesIO(doc.assets[frame.asset])))
                if frame.rotation_deg:
                    upright = upright.rotate(-frame.rotation_deg, expand=True)
                straight = _difference(pixels, upright)
                turned = min(_difference(pixels, upright.rotate(angle, expand=True)) for angle in (90, 180, 270))
                assert straight < 8 and straight < turned / 2, (frame.id, straight, turned)
    assert photo_frames >= 4


def test_a_plain_jpeg_is_embedded_byte_for_byte(sample, sample_pdf):
    doc, _ = sample
    reader = PdfReader(sample_pdf)
    embedded = []
    for page in reader.pages:
        for xobject in page["/Resources"].get("/XObject", {}).values():
            stream = xobject.get_object()
            if stream.get("/Subtype") == "/Image" and stream.get("/Filter") in ("/DCTDecode", ["/DCTDecode"]):
                embedded.append(stream._data)  # the stored bytes, not a decoded copy
    plain = [data for name, data in doc.assets.items() if name.endswith(".jpg")
             and Image.open(io.BytesIO(data)).getexif().get(0x0112, 1) == 1]
    assert plain and all(data in embedded for data in plain)


def test_bleed_and_crop_marks_enlarge_the_page_and_set_the_trim_box(sample, tmp_path):
    doc, layout = sample
    path = tmp_path / "bleed.pdf"
    write_pdf(doc, layout, path, PdfOptions(bleed_and_marks=True))
    reader = PdfReader(path)
    page = reader.pages[0]
    trim = page.trimbox
    assert float(trim.width) == pytest.approx(A4_PT[0], abs=0.01)
    assert float(page.mediabox.width) > float(trim.width) + 2 * doc.bleed_pt
    bleed = page.bleedbox
    assert float(bleed.width) == pytest.approx(A4_PT[0] + 2 * doc.bleed_pt, abs=0.01)
