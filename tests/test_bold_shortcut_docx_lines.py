"""Text bolded with Ctrl+B on the canvas breaks in LibreOffice's rendering of the DOCX where it
breaks in our PDF, and both draw it in the bold face.

The sample issue gets bold lead-ins as an editor gives them: the opening characters of body
paragraphs selected on the canvas and Ctrl+B pressed. Our PDF and LibreOffice's PDF of our DOCX
are then compared line by line (``tests/line_agreement``) and per character's font name.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from editor import SAMPLE_PROJECT
from editor.io.project import load_project
from editor.layout.engine import layout_document
from editor.model import TextFrame
from editor.render.docx import write_docx
from editor.render.pdf import write_pdf
from tests.canvas_helpers import shown_canvas
from tests.fontconfig_env import convert_all, libreoffice_env
from tests.line_agreement import line_agreement
from tests.pdfcheck import pdf_chars
from tests.test_docx_export import _need_libreoffice

#: Characters bolded at the start of each chosen paragraph, and paragraphs per story.
LEAD_CHARS = 7
PARAGRAPHS_PER_STORY = 3


def _bold_leads_with_ctrl_b(qtbot, doc) -> list[str]:
    """Select the opening characters of body paragraphs on the canvas and press Ctrl+B; the texts bolded."""
    controller, canvas = shown_canvas(qtbot, doc)
    bolded: list[str] = []
    first_frames = {}
    for page in doc.pages:
        for frame in page.frames:
            if isinstance(frame, TextFrame):
                first_frames.setdefault(frame.story_id, frame.id)
    for story_id, frame_id in first_frames.items():
        story = controller.doc.stories[story_id]
        chosen = [index for index, p in enumerate(story.paragraphs)
                  if not controller.doc.paragraph_styles[p.style].bold and len(p.runs) == 1
                  and p.runs[0].char_style is None and p.runs[0].field is None
                  and len(p.runs[0].text) > 3 * LEAD_CHARS][:PARAGRAPHS_PER_STORY]
        if not chosen:
            continue
        assert canvas.start_text_editing(frame_id)
        for index in chosen:
            canvas.editor.move_to((index, 0), False)
            canvas.editor.move_to((index, LEAD_CHARS), True)
            QTest.keyClick(canvas, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
            bolded.append(controller.doc.stories[story_id].paragraphs[index].runs[0].text)
        canvas.stop_text_editing()
    return bolded


def test_bold_lead_ins_break_in_libreoffice_where_the_pdf_breaks_and_both_draw_them_bold(qtbot, tmp_path):
    _need_libreoffice()
    doc = load_project(SAMPLE_PROJECT)
    bolded = _bold_leads_with_ctrl_b(qtbot, doc)
    assert len(bolded) >= 6 and all(len(text) == LEAD_CHARS for text in bolded), bolded
    layout = layout_document(doc)
    ours, word = tmp_path / "ours.pdf", tmp_path / "bold.docx"
    write_pdf(doc, layout, ours)
    write_docx(doc, layout, word)
    (theirs,) = convert_all([word], tmp_path / "lo", libreoffice_env(tmp_path))

    agreement = line_agreement(layout, ours, theirs)
    assert agreement.total > 150
    assert agreement.share == 1.0, agreement.report()
    for pdf in (ours, theirs):
        _, pages = pdf_chars(pdf)
        # (character, font) pairs: a PDF character may carry two (LibreOffice draws —— as one glyph)
        drawn = [(ch, c.fontname) for page in pages for c in page for ch in c.text]
        text = "".join(ch for ch, _ in drawn)
        for lead in bolded:
            at = text.find(lead)
            assert at >= 0, (pdf.name, lead)
            fonts = drawn[at:at + len(lead)]
            assert all("Bold" in font for _, font in fonts), (pdf.name, lead, fonts)
            assert "Bold" not in drawn[at + len(lead)][1], (pdf.name, lead, drawn[at + len(lead)])
