"""Fonts in the PDF: a user's CFF font is converted and embedded (issue #2, item 4)."""

from __future__ import annotations

import pdfplumber
from pypdf import PdfReader

from editor.layout.engine import layout_document
from editor.layout.font_registry import FontRegistry
from editor.model import ParagraphStyle
from editor.render.pdf import write_pdf
from tests.docbuilders import one_frame_doc
from tests.test_font_registry import CFF_TEXT, build_cff_font


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


def test_a_transparent_png_keeps_its_transparency_in_the_pdf(tmp_path):
    import io

    from PIL import Image

    from editor.io.project import asset_name
    from editor.model import ImageFrame

    picture = Image.new("RGBA", (40, 20), (200, 0, 0, 0))
    picture.paste((200, 0, 0, 255), (0, 0, 20, 20))
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    name = asset_name(buffer.getvalue(), ".png")
    doc = one_frame_doc(["党"])
    doc.assets[name] = buffer.getvalue()
    doc.pages[0].frames.append(ImageFrame(id="png", asset=name, x_pt=100, y_pt=500, width_pt=80, height_pt=40))
    target = tmp_path / "alpha.pdf"
    write_pdf(doc, layout_document(doc), target)
    images = [x.get_object() for x in PdfReader(target).pages[0]["/Resources"]["/XObject"].values()]
    assert any("/SMask" in image for image in images)


def test_an_empty_photo_frame_prints_nothing(tmp_path):
    from editor.model import ImageFrame

    doc = one_frame_doc(["党"])
    doc.pages[0].frames.append(ImageFrame(id="empty", x_pt=100, y_pt=500, width_pt=80, height_pt=40))
    layout = layout_document(doc)
    assert [type(item).__name__ for item in layout.pages[0].items] == ["GlyphRun"]
    assert layout.warnings == []
