"""打印: the sample printed to Qt's PDF printer has our PDF's glyphs where our PDF has them.

Both PDFs are read with pdfplumber. A glyph's position is its origin — the
text matrix's x and baseline (``matrix[4]``, ``matrix[5]``) — not the box
pdfplumber derives from each embedded font's ascent, which ReportLab and Qt
state differently. Both painters measure from the page's top-left corner,
so baselines are compared as distances from the top (``height − y``): Qt
writes A4 as 595 × 842 pt, our PDF as 595.28 × 841.89.
"""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from PySide6.QtPrintSupport import QPrinter

from editor import SAMPLE_PROJECT
from editor.io.project import load_project
from editor.layout.display import GlyphRun
from editor.layout.engine import layout_document
from editor.model import Document, Page, Paragraph, ParagraphStyle, Run, Story, TextFrame
from editor.render.imposition import Scaling
from editor.render.pdf import PdfOptions, write_pdf
from editor.render.print_cmap import shadowing_code_points
from editor.render.qt import ensure_gui_application
from editor.ui.printing import chosen_pages, paint_sides, set_paper_for, sheet_sides

#: The acceptance line's tolerance, in points.
POSITION_TOLERANCE_PT = 0.1

Glyph = tuple[str, float, float]


def pdf_printer(target: Path) -> QPrinter:
    ensure_gui_application()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(target))
    return printer


def print_to_pdf(doc: Document, target: Path, scaling: Scaling, pages: list[int] | None = None) -> None:
    printer = pdf_printer(target)
    set_paper_for(printer, doc, scaling)
    layout = layout_document(doc)
    chosen = pages or list(range(1, len(layout.pages) + 1))
    assert paint_sides(printer, doc, layout, sheet_sides(printer, doc, chosen, scaling)) is True


def glyphs_from_top(path: Path) -> list[list[Glyph]]:
    """Each page's characters as (text, origin x, baseline from the top), in content order."""
    with pdfplumber.open(path) as pdf:
        return [[(c["text"], c["matrix"][4], page.height - c["matrix"][5]) for c in page.chars]
                for page in pdf.pages]


def page_sizes(path: Path) -> list[tuple[float, float]]:
    with pdfplumber.open(path) as pdf:
        return [(float(page.width), float(page.height)) for page in pdf.pages]


@pytest.fixture(scope="module")
def sample_pdfs(tmp_path_factory) -> tuple[list[list[Glyph]], list[list[Glyph]]]:
    """The sample as our PDF and as printed at 实际大小 to Qt's PDF printer, read back."""
    folder = tmp_path_factory.mktemp("printing")
    doc = load_project(SAMPLE_PROJECT)
    ours, printed = folder / "ours.pdf", folder / "printed.pdf"
    write_pdf(doc, layout_document(doc), ours, PdfOptions())
    print_to_pdf(doc, printed, Scaling.ACTUAL)
    return glyphs_from_top(ours), glyphs_from_top(printed)


def test_printing_the_sample_gives_one_printed_page_per_page(sample_pdfs):
    ours, printed = sample_pdfs
    assert len(printed) == len(ours) == 5


def test_the_printed_sample_has_our_pdfs_text_in_our_order_as_text_not_outlines(sample_pdfs):
    ours, printed = sample_pdfs
    for our_page, printed_page in zip(ours, printed, strict=True):
        assert len(our_page) > 300
        assert "".join(g[0] for g in printed_page) == "".join(g[0] for g in our_page)


def test_every_printed_glyph_is_within_0_1_pt_of_our_pdfs(sample_pdfs):
    ours, printed = sample_pdfs
    worst_pt = 0.0
    for number, (our_page, printed_page) in enumerate(zip(ours, printed, strict=True), start=1):
        assert len(printed_page) == len(our_page)
        for (text, x_pt, top_pt), (printed_text, printed_x_pt, printed_top_pt) in zip(our_page, printed_page, strict=True):
            assert printed_text == text
            off_pt = max(abs(printed_x_pt - x_pt), abs(printed_top_pt - top_pt))
            assert off_pt <= POSITION_TOLERANCE_PT, f"第 {number} 页 {text}: {off_pt:.3f} pt"
            worst_pt = max(worst_pt, off_pt)
    assert worst_pt <= POSITION_TOLERANCE_PT


def marker_doc(page_count: int) -> Document:
    """``page_count`` A4 pages, page n carrying the marker 第n页 in a frame at its top left."""
    style = ParagraphStyle(name="正文", size_pt=24.0, leading_pt=30.0)
    stories, pages = {}, []
    for number in range(1, page_count + 1):
        story_id = f"s{number}"
        stories[story_id] = Story(id=story_id, paragraphs=[Paragraph(style="正文", runs=[Run(text=f"第{number}页")])])
        frame = TextFrame(id=f"f{number}", story_id=story_id, x_pt=72.0, y_pt=72.0, width_pt=300.0, height_pt=100.0)
        pages.append(Page(id=f"p{number}", frames=[frame]))
    return Document(paragraph_styles={"正文": style}, stories=stories, pages=pages)


def first_glyph_x_pt(doc: Document) -> float:
    """Where the first page's first glyph is on its own page (the marker after its first-line indent)."""
    first_run = next(item for item in layout_document(doc).pages[0].items if isinstance(item, GlyphRun))
    return first_run.x_pt[0]


def markers(path: Path) -> list[list[tuple[str, float]]]:
    """Each printed side's markers (第n页) from left to right, with the x of their first glyph."""
    sides = []
    for glyphs in glyphs_from_top(path):
        found, text, first_x = [], "", 0.0
        for char, x_pt, _ in glyphs:
            if char == "第":
                text, first_x = "", x_pt
            text += char
            if char == "页":
                found.append((text, first_x))
        sides.append(sorted(found, key=lambda marker: marker[1]))
    return sides


def test_an_8_page_booklet_prints_4_a3_landscape_sides_with_pages_8_1_2_7_6_3_4_5(tmp_path):
    target = tmp_path / "booklet.pdf"
    print_to_pdf(marker_doc(8), target, Scaling.BOOKLET)
    a3_landscape_pt = (1191.0, 842.0)  # 420 × 297 mm in Qt's whole points
    assert page_sizes(target) == [a3_landscape_pt] * 4
    marker_x_pt = first_glyph_x_pt(marker_doc(8))
    half_pt = 1191.0 / 2
    left_x_pt, right_x_pt = half_pt - 595.2755905511812 + marker_x_pt, half_pt + marker_x_pt
    expected = [[("第8页", left_x_pt), ("第1页", right_x_pt)], [("第2页", left_x_pt), ("第7页", right_x_pt)],
                [("第6页", left_x_pt), ("第3页", right_x_pt)], [("第4页", left_x_pt), ("第5页", right_x_pt)]]
    sides = markers(target)
    assert [[text for text, _ in side] for side in sides] == [[text for text, _ in side] for side in expected]
    for side, wanted in zip(sides, expected, strict=True):
        for (_, x_pt), (_, wanted_x_pt) in zip(side, wanted, strict=True):
            assert x_pt == pytest.approx(wanted_x_pt, abs=POSITION_TOLERANCE_PT)


def test_a_6_page_booklet_leaves_the_padding_pages_blank(tmp_path):
    target = tmp_path / "booklet6.pdf"
    print_to_pdf(marker_doc(6), target, Scaling.BOOKLET)
    assert [[text for text, _ in side] for side in markers(target)] == [
        ["第1页"], ["第2页"], ["第6页", "第3页"], ["第4页", "第5页"]]


def test_an_a3_page_fitted_to_a4_paper_is_scaled_to_70_7_percent_from_the_corner(tmp_path):
    doc = marker_doc(1)
    doc.page_width_pt, doc.page_height_pt = 841.8897637795277, 1190.5511811023623
    printer = pdf_printer(tmp_path / "fit.pdf")
    set_paper_for(printer, marker_doc(1), Scaling.FIT)  # A4 paper, as an office printer has
    layout = layout_document(doc)
    assert paint_sides(printer, doc, layout, sheet_sides(printer, doc, [1], Scaling.FIT)) is True
    assert page_sizes(tmp_path / "fit.pdf") == [(595.0, 842.0)]
    ((_, x_pt, _), *_), = glyphs_from_top(tmp_path / "fit.pdf")
    scale = 595.0 / 841.8897637795277  # the width limits; the height (842 × 1190.55 × scale) is within 1 pt
    assert scale == pytest.approx(0.7067, abs=1e-4)
    assert x_pt == pytest.approx(first_glyph_x_pt(doc) * scale, abs=POSITION_TOLERANCE_PT)


def test_a_page_range_prints_only_those_pages(tmp_path):
    printer = pdf_printer(tmp_path / "range.pdf")
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 3)
    assert chosen_pages(printer, 5, current_page=0) == [2, 3]
    printer.setPrintRange(QPrinter.PrintRange.CurrentPage)
    assert chosen_pages(printer, 5, current_page=3) == [4]
    printer.setPrintRange(QPrinter.PrintRange.AllPages)
    assert chosen_pages(printer, 5, current_page=3) == [1, 2, 3, 4, 5]


def test_a_cancelled_print_stops_after_the_side_it_was_on(tmp_path):
    doc = marker_doc(4)
    printer = pdf_printer(tmp_path / "cancel.pdf")
    set_paper_for(printer, doc, Scaling.ACTUAL)
    told: list[int] = []

    def stop_after_first(done: int, total: int) -> bool:
        told.append(done)
        return False

    sides = sheet_sides(printer, doc, [1, 2, 3, 4], Scaling.ACTUAL)
    assert paint_sides(printer, doc, layout_document(doc), sides, stop_after_first) is False
    assert told == [1]


def test_the_printers_cmap_drops_kangxi_radicals_and_old_brackets_that_shadow_cjk_characters():
    cmap = {0x2F2F: "gong", 0x5DE5: "gong",       # ⼯ (Kangxi radical) and 工
            0x2329: "angle", 0x3008: "angle",     # 〈 (deprecated) and 〈
            0x20: "space", 0xA0: "space",         # no CJK code point: the lowest stays
            0x4E2D: "zhong", 0x41: "A"}
    assert shadowing_code_points(cmap) == {0x2F2F, 0x2329}
