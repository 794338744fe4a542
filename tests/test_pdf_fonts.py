"""Fonts in the PDF: a user's CFF font is converted and embedded (issue #2, item 4)."""

from __future__ import annotations

import pdfplumber
from pypdf import PdfReader

from editor.layout.engine import layout_document
from editor.layout.font_registry import FontRegistry
from editor.render.pdf import write_pdf
from tests.docbuilders import one_frame_doc
from tests.test_font_registry import CFF_TEXT, build_cff_font
from editor.model import ParagraphStyle


def test_a_cff_outline_font_is_converted_and_embedded_as_a_subset(tmp_path):
    fonts = tmp_path / "用户 字体"
    build_cff_font(fonts / "测试黑体.otf", "测试黑体", "Banmian Test CFF")
    registry = FontRegistry(font_dirs=[fonts], cache_dir=tmp_path / "cache")
    text = CFF_TEXT.replace(" ", "")[:6]
    style = ParagraphStyle(name="正文", font_family="测试黑体", size_pt=12, leading_pt=18,
                           first_line_indent_chars=0, alignment="left")
    doc = one_frame_doc([text], style=style)
    layout = layout_document(doc, faces=registry)
    runs = [item for item in layout.pages[0].items if hasattr(item, "text")]
    assert runs and all(run.font.path.endswith("测试黑体.otf") for run in runs)
    target = tmp_path / "cff.pdf"
    write_pdf(doc, layout, target)
    with pdfplumber.open(target) as pdf:
        assert "".join(c["text"] for c in pdf.pages[0].chars) == text
    font = next(iter(PdfReader(target).pages[0]["/Resources"]["/Font"].values())).get_object()
    assert "+" in str(font["/BaseFont"])
    assert "/FontFile2" in font["/FontDescriptor"].get_object()
