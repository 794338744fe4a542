"""Chinese input methods (Microsoft Pinyin, Sogou …) in the text being edited.

While the user composes, the input method sends preedit text (pinyin, or
the candidate under consideration): it is drawn at the caret in the
paragraph's own font, underlined, over a pale box — shown, never stored,
as Word and InDesign do. A commit inserts the chosen text as one undo step.
The input method asks where the caret is (``ImCursorRectangle``) to open
its candidate window there, and may ask for the surrounding text, the
cursor and anchor positions, the font and hints; ``answer`` replies in
scene points (the canvas maps rectangles to its own pixels). Offsets are
paragraph offsets with a field as one character (``story_text``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGlyphRun, QInputMethodEvent, QPainter, QPen

from editor.render.qt_fonts import raw_fonts
from editor.ui.canvas import story_text as st
from editor.ui.canvas.text_geometry import Caret

if TYPE_CHECKING:
    from editor.ui.canvas.text_editing import TextEditor

PREEDIT_BACK = QColor(255, 255, 240)


def handle_event(editor: TextEditor, event: QInputMethodEvent) -> None:
    """Apply an input-method event: replace text around the caret if asked, insert the commit, show the preedit."""
    if not editor.active:
        event.ignore()
        return
    commit = event.commitString()
    story = editor.story()
    if event.replacementLength() and story is not None and editor.anchor == editor.caret:
        start = (editor.caret[0], max(editor.caret[1] + event.replacementStart(), 0))
        end = (editor.caret[0], start[1] + event.replacementLength())
        new, caret = st.delete_range(story, start, end)
        if commit:
            new, caret = st.insert_text(new, caret, commit)
            commit = ""
        editor.next_undo_step()
        editor.apply("输入文字", new, caret, "ime")
    if commit:
        editor.next_undo_step()  # each committed phrase is its own undo step
        editor.insert(commit)
        editor.next_undo_step()
    editor.preedit = event.preeditString()
    editor.preedit_cursor = len(editor.preedit)
    for attribute in event.attributes():
        if attribute.type == QInputMethodEvent.AttributeType.Cursor:
            editor.preedit_cursor = max(0, min(attribute.start, len(editor.preedit)))
    editor.preedit_changed()
    event.accept()


def answer(editor: TextEditor, query: Qt.InputMethodQuery):
    """What the input method asks about the text being edited (None for what we do not know)."""
    Q = Qt.InputMethodQuery
    if query == Q.ImEnabled:
        return editor.active
    if not editor.active:
        return None
    story = editor.story()
    paragraph = st.paragraph_text(story.paragraphs[editor.caret[0]]) if story and story.paragraphs else ""
    if query == Q.ImCursorRectangle:
        return editor.caret_scene_rect()
    if query == Q.ImFont:
        font = QFont()
        caret = editor.caret_box()
        font.setPixelSize(max(8, round((caret.size_pt if caret else 10.5) * editor.canvas.px_per_pt())))
        return font
    if query in (Q.ImCursorPosition, Q.ImAbsolutePosition):
        return editor.caret[1]
    if query == Q.ImAnchorPosition:
        return editor.anchor[1] if editor.anchor[0] == editor.caret[0] else editor.caret[1]
    if query == Q.ImSurroundingText:
        return paragraph
    if query == Q.ImCurrentSelection:
        return editor.selected_text()
    if query == Q.ImHints:
        return Qt.InputMethodHint.ImhMultiLine
    return None


def preedit_glyphs(editor: TextEditor, caret: Caret) -> tuple[QGlyphRun | None, list[float]]:
    """The preedit text as a glyph run in the paragraph's font, and the x after each character."""
    font_ref, size = editor.geometry().font_at(editor.caret)
    raw = raw_fonts.get(font_ref, size) if font_ref is not None and editor.preedit else None
    if raw is None:
        return None, [caret.size_pt * (i + 1) for i in range(len(editor.preedit))]
    ids = raw.glyphIndexesForString(editor.preedit)
    positions, ends, x = [], [], 0.0
    for advance in raw.advancesForGlyphIndexes(ids):
        positions.append(QPointF(x, 0.0))
        x += advance.x()
        ends.append(x)
    run = QGlyphRun()
    run.setRawFont(raw)
    run.setGlyphIndexes(ids)
    run.setPositions(positions)
    return run, ends


def preedit_advance(editor: TextEditor, caret: Caret, upto: int) -> float:
    """How far the first ``upto`` preedit characters reach from the caret (points)."""
    if not editor.preedit or upto <= 0:
        return 0.0
    _, ends = preedit_glyphs(editor, caret)
    return ends[min(upto, len(ends)) - 1] if ends else 0.0


def paint_preedit(editor: TextEditor, painter: QPainter, caret: Caret) -> None:
    """The preedit at the caret: pale box, glyphs in the paragraph's font, dotted underline."""
    origin = editor.canvas.page_origin(caret.page_index)
    x, baseline = origin.x() + caret.x_pt, origin.y() + caret.baseline_pt
    run, ends = preedit_glyphs(editor, caret)
    width = ends[-1] if ends else 0.0
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(PREEDIT_BACK)
    painter.drawRect(QRectF(x, origin.y() + caret.top_pt, width, caret.height_pt))
    painter.setPen(QColor(0, 0, 0))
    if run is not None:
        painter.drawGlyphRun(QPointF(x, baseline), run)
    else:
        font = QFont()
        font.setPixelSize(max(1, round(caret.size_pt)))
        painter.setFont(font)
        painter.drawText(QPointF(x, baseline), editor.preedit)
    underline = QPen(QColor(0, 0, 0), 1.0, Qt.PenStyle.DotLine)
    underline.setCosmetic(True)
    painter.setPen(underline)
    y = baseline + caret.size_pt * 0.15
    painter.drawLine(QPointF(x, y), QPointF(x + width, y))
    painter.restore()
