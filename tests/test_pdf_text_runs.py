"""Glyph runs in the PDF: one text object each, every glyph at the composer's origin (issue #12).

The PDF writes a run as one ``BT … Tm [(…) n (…)] TJ ET``: positions after the
first glyph come from the reader's advance plus the adjustments. The oracle
is the display list (the composer's ``x_pt`` and baseline of each glyph),
compared with the glyph origins pdfplumber reads back from the PDF.
"""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from editor import SAMPLE_PROJECT
from editor.io.project import load_project
from editor.layout.display import DocumentLayout, GlyphRun
from editor.layout.engine import layout_document
from editor.layout.font_registry import FontRegistry
from editor.model import ParagraphStyle
from editor.render.pdf import write_pdf
from tests.docbuilders import one_frame_doc
from tests.font_factories import box_glyph_font

#: How far a glyph's origin in the PDF may be from the composer's (points).
EXACT_PT = 0.001
ODD_TEXT = "版面排版编辑器中文期刊"


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    doc = load_project(SAMPLE_PROJECT)
    layout = layout_document(doc)
    path = tmp_path_factory.mktemp("runs") / "sample.pdf"
    write_pdf(doc, layout, path)
    return layout, path


def _drawn_runs(layout: DocumentLayout) -> list[list[GlyphRun]]:
    return [[item for item in page.items if isinstance(item, GlyphRun) and not item.text.isspace() and item.text]
            for page in layout.pages]


def _expected_origins(layout: DocumentLayout) -> list[list[tuple[str, float, float]]]:
    """Per page, (character, x, baseline from the top) of every non-space glyph, in drawing order."""
    return [[(ch, x_pt, run.baseline_pt) for run in runs for ch, x_pt in zip(run.text, run.x_pt, strict=True) if not ch.isspace()]
            for runs in _drawn_runs(layout)]


def _pdf_origins(path: Path) -> list[list[tuple[str, float, float]]]:
    with pdfplumber.open(path) as pdf:
        return [[(c["text"], float(c["matrix"][4]), float(page.height) - float(c["matrix"][5]))
                 for c in page.chars if not c["text"].isspace()] for page in pdf.pages]


def _assert_origins_match(layout: DocumentLayout, path: Path) -> int:
    compared = 0
    for expected, found in zip(_expected_origins(layout), _pdf_origins(path), strict=True):
        assert [ch for ch, _, _ in found] == [ch for ch, _, _ in expected]
        for (ch, x_pt, baseline_pt), (_, pdf_x, pdf_baseline) in zip(expected, found, strict=True):
            assert pdf_x == pytest.approx(x_pt, abs=EXACT_PT), ch
            assert pdf_baseline == pytest.approx(baseline_pt, abs=EXACT_PT), ch
            compared += 1
    return compared


def test_every_glyph_of_the_sample_is_at_the_composers_origin(sample):
    layout, path = sample
    assert _assert_origins_match(layout, path) > 3000


def test_each_glyph_run_is_one_text_object_placed_once(sample):
    layout, path = sample
    reader = PdfReader(path)
    for page, runs in zip(reader.pages, _drawn_runs(layout), strict=True):
        operators = [operator for _, operator in ContentStream(page.get_contents(), reader).operations]
        assert operators.count(b"BT") == len(runs)
        assert operators.count(b"Tm") == len(runs)
        assert operators.count(b"Tj") == 0


def test_a_stretched_run_restores_the_horizontal_scale(sample):
    layout, path = sample
    stretched = [run for runs in _drawn_runs(layout) for run in runs if run.hscale != 1.0]
    assert stretched  # the sample's —— are drawn stretched
    reader = PdfReader(path)
    for page in reader.pages:
        scales = [operands[0] for operands, operator in ContentStream(page.get_contents(), reader).operations
                  if operator == b"Tz"]
        assert scales[1::2] == [100] * (len(scales) // 2) and len(scales) % 2 == 0


def _build_odd_units_font(path: Path) -> Path:
    """A TrueType Chinese font at 2048 units per em whose widths are not whole thousandths of an em."""
    fb, glyphs = box_glyph_font(2048, ODD_TEXT, (100, -100, 1700, 1700))
    widths = {name: (1931 + 7 * index, 100) for index, name in enumerate(glyphs)}
    widths["space"] = (1011, 0)
    fb.setupHorizontalMetrics(widths)
    fb.setupHorizontalHeader(ascent=1802, descent=-246)
    fb.setupNameTable({"familyName": "Banmian Odd Units", "styleName": "Regular",
                       "psName": "BanmianOddUnits-Regular"}, mac=False)
    fb.font["name"].setName("测试奇宽", 1, 3, 1, 0x0804)
    fb.setupOS2(sTypoAscender=1802, sTypoDescender=-246, usWinAscent=1802, usWinDescent=246,
                ulCodePageRange1=1 << 18, fsType=0)
    fb.setupPost()
    path.parent.mkdir(parents=True, exist_ok=True)
    fb.save(str(path))
    return path


def test_glyphs_of_a_font_with_fractional_widths_land_on_the_composers_origins(tmp_path):
    fonts = tmp_path / "字体"
    _build_odd_units_font(fonts / "奇宽.ttf")
    registry = FontRegistry(font_dirs=[fonts], cache_dir=tmp_path / "cache")
    style = ParagraphStyle(name="正文", font_family="测试奇宽", size_pt=11.3, leading_pt=18,
                           first_line_indent_chars=0, alignment="justify")
    doc = one_frame_doc([ODD_TEXT * 8], width_pt=163.7, style=style)
    layout = layout_document(doc, faces=registry)
    runs = _drawn_runs(layout)[0]
    assert runs and all(run.font.path.endswith("奇宽.ttf") for run in runs)
    target = tmp_path / "odd.pdf"
    write_pdf(doc, layout, target)
    assert _assert_origins_match(layout, target) == len(ODD_TEXT) * 8
