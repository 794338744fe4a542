"""Text bolded with Ctrl+B on the canvas breaks in LibreOffice's rendering of the DOCX where it
breaks in our PDF, and both draw it in the bold face (and bold taken off in the regular one).

The sample issue gets bold lead-ins as an editor gives them: the opening characters of body
paragraphs selected on the canvas and Ctrl+B pressed; and the opening characters of a headline
(a bold paragraph style) set regular the same way. Our PDF and LibreOffice's PDF of our DOCX
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
#: Characters of a headline set regular.
REGULAR_CHARS = 4


def _ctrl_b(canvas, paragraph: int, chars: int) -> None:
    """Select the paragraph's first ``chars`` characters on the canvas and press Ctrl+B."""
    canvas.editor.move_to((paragraph, 0), False)
    canvas.editor.move_to((paragraph, chars), True)
    QTest.keyClick(canvas, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)


def _plain(doc, paragraph, bold: bool, chars: int) -> bool:
    """One run of text, no character style, in a (not) bold paragraph style, longer than ``chars``."""
    return (doc.paragraph_styles[paragraph.style].bold == bold and len(paragraph.runs) == 1
            and paragraph.runs[0].char_style is None and paragraph.runs[0].field is None
            and len(paragraph.runs[0].text) > chars)


def _bold_leads_with_ctrl_b(qtbot, doc) -> tuple[list[str], list[str]]:
    """Press Ctrl+B on the opening characters of body paragraphs and of one headline; the texts
    made bold, and those made regular."""
    controller, canvas = shown_canvas(qtbot, doc)
    bolded: list[str] = []
    regular: list[str] = []
    first_frames = {}
    for page in doc.pages:
        for frame in page.frames:
            if isinstance(frame, TextFrame):
                first_frames.setdefault(frame.story_id, frame.id)
    for story_id, frame_id in first_frames.items():
        story = controller.doc.stories[story_id]
        chosen = [index for index, p in enumerate(story.paragraphs)
                  if _plain(controller.doc, p, False, 3 * LEAD_CHARS)][:PARAGRAPHS_PER_STORY]
        headline = next((index for index, p in enumerate(story.paragraphs)
                         if _plain(controller.doc, p, True, 2 * REGULAR_CHARS)), None)
        if not chosen and (headline is None or regular):
            continue
        assert canvas.start_text_editing(frame_id)
        for index in chosen:
            _ctrl_b(canvas, index, LEAD_CHARS)
            bolded.append(controller.doc.stories[story_id].paragraphs[index].runs[0].text)
        if headline is not None and not regular:
            _ctrl_b(canvas, headline, REGULAR_CHARS)
            assert controller.doc.stories[story_id].paragraphs[headline].runs[0].char_style == "常规"
            regular.append(controller.doc.stories[story_id].paragraphs[headline].runs[0].text)
        canvas.stop_text_editing()
    return bolded, regular


def test_bold_lead_ins_break_in_libreoffice_where_the_pdf_breaks_and_both_draw_them_bold(qtbot, tmp_path):
    _need_libreoffice()
    doc = load_project(SAMPLE_PROJECT)
    bolded, regular = _bold_leads_with_ctrl_b(qtbot, doc)
    assert len(bolded) >= 6 and all(len(text) == LEAD_CHARS for text in bolded), bolded
    assert len(regular) == 1 and len(regular[0]) == REGULAR_CHARS, regular
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
        for lead in bolded:  # bold, and the character after it not
            *fonts, after = _fonts_of(drawn, text, lead)
            assert all("Bold" in font for font in fonts) and "Bold" not in after, (pdf.name, lead, fonts, after)
        for lead in regular:  # regular, and the rest of the headline still bold
            *fonts, after = _fonts_of(drawn, text, lead)
            assert not any("Bold" in font for font in fonts) and "Bold" in after, (pdf.name, lead, fonts, after)


def _fonts_of(drawn: list[tuple[str, str]], text: str, found: str) -> list[str]:
    """The fonts of the characters of ``found`` where it is first drawn, and of the one after it."""
    at = text.find(found)
    assert at >= 0, found
    return [font for _, font in drawn[at:at + len(found) + 1]]
