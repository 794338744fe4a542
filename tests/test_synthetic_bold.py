"""Faux bold: a bold run in a family with no bold face (宋体, 仿宋, 楷体 on Windows) is drawn emboldened.

Word, WPS and LibreOffice embolden such text (w:b on a font without a bold face); so must the PDF
and the canvas, or the bold lead-ins of a pasted or imported article vanish from the print. The
registry here has only regular faces (copies of the bundled regular Noto fonts), so bold resolves to
the regular face: the layout sets the run in it with ``synthetic_bold``; the PDF fills and strokes it
(``2 Tr``, em/30 wide, LibreOffice's own export of faux bold) in the regular face's font; PDFium and
the Qt painter both show clearly more ink than the same characters set regular, and about as much as
each other; and nothing moves: lines and glyph origins are those of the same text set regular.
"""

from __future__ import annotations

import dataclasses
import shutil
import zipfile
from pathlib import Path

import pdfplumber
import pytest
from lxml import etree
from PIL import Image, ImageStat
from pypdf import PdfReader
from pypdf.generic import ContentStream

from editor import FONTS_DIR
from editor.layout.charformat import FormatResolver
from editor.layout.display import DocumentLayout, GlyphRun
from editor.layout.engine import layout_document
from editor.layout.font_registry import FontRegistry
from editor.model import Document, Page, Paragraph, ParagraphStyle, Run, Story, TextFrame
from editor.model.styles import CharacterStyle
from editor.render.docx import write_docx
from editor.render.pdf import PdfOptions, write_pdf
from editor.render.qt import save_page_png
from tests.docbuilders import lines_with_glyphs, runs_of
from tests.test_fidelity import rasterise_pdf

BOLD = "坚定主心骨"
#: A paragraph long enough to wrap in the frame, its first five characters bold.
TEXT = BOLD + "，" + BOLD + "。始终把党的政治建设摆在首位，以党的政治建设为统领，全面推进党的各项建设。"
SIZE_PT = 20.0
DPI = 150
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def regular_only(tmp_path_factory) -> FontRegistry:
    """A registry whose every family (the bundled Noto Serif SC and Sans SC too) lacks a bold face."""
    root = tmp_path_factory.mktemp("regular-only")
    bundled, system = root / "bundled", root / "system"
    bundled.mkdir()
    system.mkdir()
    for name in ("NotoSerifSC-Regular.ttf", "NotoSansSC-Regular.ttf"):
        shutil.copy(FONTS_DIR / name, bundled)
    return FontRegistry(bundled_dir=bundled, font_dirs=[system], cache_dir=root / "cache")


def _doc(bold_chars: int) -> Document:
    """One frame of Noto Serif SC at 20 pt; the first ``bold_chars`` characters in the style 加粗."""
    runs = [Run(text=TEXT[:bold_chars], char_style="加粗"), Run(text=TEXT[bold_chars:])] if bold_chars \
        else [Run(text=TEXT)]
    story = Story(id="s", paragraphs=[Paragraph(style="正文", runs=runs)])
    frame = TextFrame(id="f", story_id="s", x_pt=60.0, y_pt=80.0, width_pt=300.0, height_pt=300.0)
    return Document(
        paragraph_styles={"正文": ParagraphStyle(name="正文", font_family="Noto Serif SC", size_pt=SIZE_PT,
                                               leading_pt=30.0, first_line_indent_chars=0.0)},
        character_styles={"加粗": CharacterStyle(name="加粗", bold=True)},
        stories={"s": story},
        pages=[Page(id="p", frames=[frame])],
    )


def _bold_and_regular_runs(layout: DocumentLayout) -> tuple[GlyphRun, GlyphRun]:
    runs = runs_of(layout)
    bold = next(run for run in runs if run.text == BOLD)
    regular = next(run for run in runs if run.text.startswith("，" + BOLD))
    return bold, regular


def test_a_bold_run_without_a_bold_face_is_the_regular_face_flagged_synthetic(regular_only):
    layout = layout_document(_doc(5), faces=regular_only)
    bold, regular = _bold_and_regular_runs(layout)
    regular_face = regular_only.resolve("Noto Serif SC").face
    assert Path(bold.font.path).name == "NotoSerifSC-Regular.ttf"
    assert (bold.font, bold.synthetic_bold) == (regular_face, True)
    assert (regular.font, regular.synthetic_bold) == (regular_face, False)


def test_songti_without_bold_is_emboldened_but_its_bold_fallbacks_are_not(tmp_path):
    """宋体 as Windows has it (simsun.ttc, no bold face) beside the bundled Noto Serif SC Bold: bold 宋体
    is simsun's own regular face emboldened; the fallbacks for characters it lacks are real bold faces."""
    system = tmp_path / "Fonts"
    system.mkdir()
    shutil.copy(FONTS_DIR / "NotoSerifSC-Regular.ttf", system / "simsun.ttc")
    registry = FontRegistry(font_dirs=[system], cache_dir=tmp_path / "cache")
    doc = _doc(5)
    doc.paragraph_styles["正文"] = dataclasses.replace(doc.paragraph_styles["正文"], font_family="宋体")
    fmt = FormatResolver(doc, registry).char_format("正文", "加粗")
    simsun = (str(system / "simsun.ttc"), 0)
    assert [(face.ref.path, face.ref.index, fmt.is_synthetic_bold(face)) for face in fmt.faces] == [
        (*simsun, True),
        (str(FONTS_DIR / "NotoSerifSC-Bold.ttf"), 0, False),
        (str(FONTS_DIR / "NotoSansSC-Bold.ttf"), 0, False),
    ]
    bold, _ = _bold_and_regular_runs(layout_document(doc, faces=registry))
    assert (bold.font.path, bold.font.index, bold.synthetic_bold) == (*simsun, True)


def test_a_family_with_a_bold_face_is_never_synthetic(tmp_path):
    registry = FontRegistry(font_dirs=[tmp_path / "none"], cache_dir=tmp_path / "cache")  # bundled Bold present
    bold, _ = _bold_and_regular_runs(layout_document(_doc(5), faces=registry))
    assert (Path(bold.font.path).name, bold.synthetic_bold) == ("NotoSerifSC-Bold.ttf", False)


def test_faux_bold_moves_no_line_and_no_glyph(regular_only):
    """Advances stay the regular face's (Word's faux bold changes no metrics): the same breaks and
    origins as the whole paragraph set regular."""
    bold_lines = lines_with_glyphs(layout_document(_doc(5), faces=regular_only))
    plain_lines = lines_with_glyphs(layout_document(_doc(0), faces=regular_only))
    assert len(bold_lines) >= 2
    assert [(box.start_offset, box.end_offset, box.baseline_pt, glyphs) for box, glyphs in bold_lines] == \
        [(box.start_offset, box.end_offset, box.baseline_pt, glyphs) for box, glyphs in plain_lines]


def _text_operators(pdf: Path) -> list[tuple[str, tuple]]:
    page = PdfReader(str(pdf)).pages[0]
    stream = ContentStream(page.get_contents(), page.pdf)
    return [(operator.decode(), tuple(operands)) for operands, operator in stream.operations]


def test_the_pdf_fills_and_strokes_the_regular_face_in_the_fill_colour(regular_only, tmp_path):
    layout = layout_document(_doc(5), faces=regular_only)
    write_pdf(layout.document, layout, tmp_path / "faux.pdf")
    with pdfplumber.open(tmp_path / "faux.pdf") as pdf:
        chars = [c for c in pdf.pages[0].chars if not c["text"].isspace()]
    bold_chars, regular_chars = chars[:5], chars[6:11]
    assert "".join(c["text"] for c in bold_chars) == "".join(c["text"] for c in regular_chars) == BOLD
    assert {c["fontname"].split("+")[-1] for c in bold_chars} == {"NotoSerifSC-Regular"}
    assert {c["fontname"] for c in bold_chars} == {c["fontname"] for c in regular_chars}
    operators = _text_operators(tmp_path / "faux.pdf")
    modes = [operands[0] for name, operands in operators if name == "Tr"]
    assert modes == [2]  # one faux-bold run; every other text is filled only (the default, 0)
    at = next(i for i, (name, _) in enumerate(operators) if name == "Tr")
    stroke = operators[at - 5:at]  # q, stroke colour, line width, BT, fill colour
    assert [name for name, _ in stroke] == ["q", "RG", "w", "BT", "rg"]
    assert [float(v) for v in stroke[1][1]] == [float(v) for v in stroke[4][1]] == [0.0, 0.0, 0.0]
    assert float(stroke[2][1][0]) == pytest.approx(SIZE_PT / 30.0, abs=1e-3)
    after = [name for name, _ in operators[at:]]
    assert after.index("ET") + 1 == after.index("Q")  # width, colour and mode restored after the run


def test_a_print_pdf_strokes_black_faux_bold_on_the_black_plate_only(regular_only, tmp_path):
    """With pure black as 100 % K (the 印刷 preset), the stroke is K like the fill, never RGB black."""
    layout = layout_document(_doc(5), faces=regular_only)
    write_pdf(layout.document, layout, tmp_path / "print.pdf", PdfOptions(black_as_k=True))
    operators = _text_operators(tmp_path / "print.pdf")
    strokes = [[float(v) for v in operands] for name, operands in operators if name in ("K", "RG")]
    assert strokes == [[0.0, 0.0, 0.0, 1.0]]
    assert [operands[0] for name, operands in operators if name == "Tr"] == [2]


def _ink(image: Image.Image, box_pt: tuple[float, float, float, float]) -> float:
    """Mean darkness (0–255) of a greyscale image inside a box given in points from the top left."""
    scale = DPI / 72.0
    left, top, right, bottom = (round(v * scale) for v in box_pt)
    return 255.0 - ImageStat.Stat(image.crop((left, top, right, bottom))).mean[0]


def _ink_box(run: GlyphRun, first: int, count: int) -> tuple[float, float, float, float]:
    """The em boxes of ``count`` glyphs from ``first``, a point wider each way for the stroke."""
    left = run.box_left_pt[first]
    right = run.box_left_pt[first + count - 1] + run.box_width_pt[first + count - 1]
    return left - 1.0, run.baseline_pt - run.size_pt, right + 1.0, run.baseline_pt + 0.3 * run.size_pt


def test_pdf_and_canvas_both_ink_faux_bold_heavier_and_alike(regular_only, tmp_path):
    """PDFium's raster of the PDF and the Qt painter's PNG: the faux-bold characters carry over 1.2
    times the ink of the same characters set regular, and the two renderers agree within 15 %."""
    layout = layout_document(_doc(5), faces=regular_only)
    write_pdf(layout.document, layout, tmp_path / "faux.pdf")
    rasterise_pdf(tmp_path / "faux.pdf", DPI, tmp_path / "pdfium")
    save_page_png(layout.document, layout, 0, DPI, tmp_path / "canvas.png")
    bold, regular = _bold_and_regular_runs(layout)
    bold_box, regular_box = _ink_box(bold, 0, 5), _ink_box(regular, 1, 5)  # regular: after its ，
    inks = {}
    for name in ("canvas.png", "pdfium-1.png"):
        with Image.open(tmp_path / name) as image:
            grey = image.convert("L")
            inks[name] = (_ink(grey, bold_box), _ink(grey, regular_box))
    for name, (bold_ink, regular_ink) in inks.items():
        assert bold_ink > 1.2 * regular_ink, (name, bold_ink, regular_ink)
    canvas_ink, pdf_ink = inks["canvas.png"][0], inks["pdfium-1.png"][0]
    assert abs(canvas_ink - pdf_ink) < 0.15 * pdf_ink, inks


def test_the_docx_asks_word_for_bold_with_w_b(regular_only, tmp_path):
    """Word fakes bold itself for a font without a bold face: the DOCX only says w:b."""
    layout = layout_document(_doc(5), faces=regular_only)
    write_docx(layout.document, layout, tmp_path / "faux.docx")
    with zipfile.ZipFile(tmp_path / "faux.docx") as package:
        styles = etree.fromstring(package.read("word/styles.xml"))
    style = next(s for s in styles.iter(f"{W}style") if s.find(f"{W}name").get(f"{W}val") == "加粗")
    assert style.find(f"{W}rPr/{W}b").get(f"{W}val") == "1"
