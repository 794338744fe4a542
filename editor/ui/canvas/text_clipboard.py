"""Copy, cut and paste while a story is being edited on the canvas.

Kept apart from ``text_editing`` (the caret, its movement and the edits it
makes) because it is the one place that talks to the system clipboard and
to ``paste_cleanup``: Ctrl+C copies the selected text, Ctrl+V pastes the
clipboard's HTML (else its text) cleaned into paragraphs, bold kept, and
Ctrl+Shift+V (选择性粘贴) the plain text exactly as copied. Each paste is
one undo step. Frames are copied and pasted elsewhere (``ui.clipboard``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QGuiApplication

from editor.model import paste_cleanup
from editor.model.changes import set_item
from editor.model.imported_article import BOLD_STYLE
from editor.model.styles import CharacterStyle
from editor.ui.canvas import story_text as st

if TYPE_CHECKING:
    from editor.ui.canvas.text_editing import TextEditor


def copy(editor: TextEditor) -> None:
    """Ctrl+C: the selected text to the clipboard (nothing selected: nothing copied)."""
    text = editor.selected_text()
    if text:
        QGuiApplication.clipboard().setText(text)


def cut(editor: TextEditor) -> None:
    """Ctrl+X: copy the selection, then delete it."""
    if editor.anchor != editor.caret:
        copy(editor)
        editor.delete(False)


def paste(editor: TextEditor) -> bool:
    """Ctrl+V: the clipboard's HTML (else its text) cleaned into paragraphs in the caret
    paragraph's style, bold kept (``paste_cleanup``); one undo step."""
    mime = QGuiApplication.clipboard().mimeData()
    story = editor.story_for_edit()
    if mime is None or story is None:
        return False
    doc = editor.canvas.controller.doc
    style = st.body_style(doc.paragraph_styles)
    pasted = paste_cleanup.paragraphs_from_html(mime.html(), style, BOLD_STYLE) if mime.hasHtml() else []
    if not pasted and mime.hasText():
        pasted = paste_cleanup.paragraphs_from_text(mime.text(), style)
    if not pasted:
        return False
    also = []
    if BOLD_STYLE not in doc.character_styles and any(r.char_style for p in pasted for r in p.runs):
        also = [set_item(doc.character_styles, BOLD_STYLE, CharacterStyle(name=BOLD_STYLE, bold=True))]
    story, caret = st.insert_paragraphs(story, min(editor.anchor, editor.caret), pasted, style)
    return editor.apply("粘贴文字", story, caret, "paste", also)


def paste_as_copied(editor: TextEditor) -> bool:
    """选择性粘贴 (Ctrl+Shift+V): the clipboard's plain text exactly as copied — every line a
    paragraph, blank lines and indents kept."""
    text = QGuiApplication.clipboard().text()
    return editor.insert(text, "粘贴为纯文本（原样）", "paste", paste=True) if text else False
