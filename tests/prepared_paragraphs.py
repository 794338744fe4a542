"""Prepared paragraphs for tests of the composer's low-level steps (``editor.layout.textprep``,
``linebreak``, ``paragraph_breaks``): one paragraph in the body style at a 10 pt em, with the
bundled fonts, and a character style "大" twice that size."""

from __future__ import annotations

from editor.layout.charformat import FormatResolver
from editor.layout.engine import default_faces
from editor.layout.textprep import PreparedParagraph, prepare_paragraph
from editor.model import Paragraph, ParagraphStyle, Run
from editor.model.styles import CharacterStyle
from tests.docbuilders import BODY, one_frame_doc

#: The body size: one em, in points.
EM = 10.0


def prepared(content: str | list[Run], page_number: int = 1, issue_number: int = 1,
             **style_changes) -> PreparedParagraph:
    """``content`` (text, or runs) prepared as one paragraph of a 10 pt body style."""
    style = ParagraphStyle(name=BODY, size_pt=EM, leading_pt=16.0, **style_changes)
    doc = one_frame_doc(["x"], style=style)
    doc.character_styles["大"] = CharacterStyle(name="大", size_pt=2 * EM)
    doc.issue.number = issue_number
    doc.issue.title = ""
    runs = [Run(text=content)] if isinstance(content, str) else content
    paragraph = Paragraph(style=BODY, runs=runs)
    return prepare_paragraph(paragraph, FormatResolver(doc, default_faces()), doc.issue, page_number)
