"""Zero-width spaces, joiners and byte-order marks (web pages and chat apps carry them) are
invisible in every output: no box, no gap. The CJK faces have no glyph for them, so drawn as
themselves they showed as one-em boxes with the .notdef glyph."""

from __future__ import annotations

from editor.layout.engine import layout_document
from editor.render.pdf import write_pdf
from editor.render.qt import render_page_image
from tests.docbuilders import one_frame_doc
from tests.pdfcheck import pdf_chars

WITH_INVISIBLES = "党建\u200b工作\ufeff高质量\u200d发展\u2060，网页\u200c复制的文字。"
VISIBLE = "党建工作高质量发展，网页复制的文字。"


def _pdf_chars(text: str, tmp_path, name: str):
    doc = one_frame_doc([text])
    path = tmp_path / f"{name}.pdf"
    write_pdf(doc, layout_document(doc), path)
    return [(c.text, round(c.x0, 2), round(c.baseline, 2)) for c in pdf_chars(path)[1][0]]


def test_invisible_characters_leave_no_box_and_no_gap_in_the_pdf(tmp_path):
    assert _pdf_chars(WITH_INVISIBLES, tmp_path, "with") == _pdf_chars(VISIBLE, tmp_path, "without")


def test_invisible_characters_leave_no_box_on_the_canvas(qapp):
    images = []
    for text in (WITH_INVISIBLES, VISIBLE):
        doc = one_frame_doc([text])
        images.append(render_page_image(doc, layout_document(doc), 0, 96.0))
    assert images[0] == images[1]
