"""Chinese input methods (Microsoft Pinyin, Sogou, IBus 拼音 …) in the text being edited.

While the user composes, the input method sends preedit text (pinyin, or
the candidate under consideration). As in Word, WPS and InDesign it is laid
out in its paragraph as provisional text (``PreeditView``, with
``editor.layout.provisional``): the characters after it move aside, the line
wraps as it will after the commit, and it is drawn with a dotted underline —
shown, never stored: it enters neither the model, nor the undo stack, nor the
autosave. A commit inserts the chosen text as one undo step. The input
method asks where the caret is (``ImCursorRectangle``, ``ImAnchorRectangle``)
to open its candidate window there — the preedit's own caret, on the line it
wrapped to — and may ask for the surrounding text, the cursor and anchor
positions, the font, the hints (multi-line text) and the language (Chinese);
``answer`` replies in scene points (the canvas maps rectangles to its own
pixels). Offsets are paragraph offsets with a field as one character
(``story_text``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGlyphRun, QInputMethodEvent, QPainter, QPen

from editor.layout.display import DocumentLayout
from editor.layout.engine import StoryMemo
from editor.layout.flow import FlowArea
from editor.layout.provisional import ProvisionalLayout, compose_provisional
from editor.render.qt_fonts import raw_fonts
from editor.ui.canvas import story_text as st
from editor.ui.canvas.text_geometry import Caret, GlyphSpan, StoryGeometry

if TYPE_CHECKING:
    from editor.ui.canvas.text_editing import TextEditor

PREEDIT_BACK = QColor(255, 255, 240)
#: Behind preedit text laid out in the paragraph: translucent, the page's glyphs show through.
PREEDIT_TINT = QColor(255, 220, 0, 40)
#: The language the canvas asks input methods for (``ImPreferredLanguage``).
PREFERRED_LANGUAGE = "zh_CN"


class PreeditView:
    """The preedit laid out in its paragraph and shown on the canvas instead of the layout's pages.

    ``update`` composes a copy of the story with the preedit inserted where a commit
    would put it (replacing the selection, as a commit does), starting from a copy
    of the layout cache's memo of the story (taken once per layout), so an update
    costs what a keystroke costs; the canvas shows the provisional display lists of
    the pages the story is on, and the layout's own again when composing ends."""

    def __init__(self, editor: TextEditor) -> None:
        self._editor = editor
        self._basis: tuple[DocumentLayout, str] | None = None
        self._inputs: tuple[list[FlowArea], StoryMemo] | None = None
        self.layout: ProvisionalLayout | None = None
        self._geometry: StoryGeometry | None = None
        #: What ``layout`` was made from: the document's layout, the preedit, the anchor and the caret.
        self._made_from: tuple | None = None
        #: Where the preedit starts in the provisional story.
        self.start: st.Position = (0, 0)

    @property
    def shown(self) -> bool:
        return self.layout is not None and bool(self._editor.preedit)

    def update(self) -> None:
        """Lay the current preedit out (or, with none, show the layout's pages again)."""
        editor = self._editor
        controller = editor.canvas.controller
        layout, story_id = controller.layout, editor.layout_story_id()
        base = layout.document.stories.get(story_id) if layout.document is not None else None
        if not editor.preedit or not editor.active or base is None or not self._take_inputs(layout, story_id):
            self.clear()
            return
        assert self._inputs is not None
        made_from = (layout, editor.preedit, editor.anchor, editor.caret)
        last = self._made_from
        if self.layout is not None and last is not None and last[0] is layout and last[1:] == made_from[1:]:
            return  # only the input method's cursor moved in the preedit: the layout stands
        self._made_from = made_from
        if editor.anchor != editor.caret:
            base, _ = st.delete_range(base, editor.anchor, editor.caret)
        self.start = min(editor.anchor, editor.caret)
        style = st.body_style(controller.doc.paragraph_styles)
        story, _ = st.insert_text(base, self.start, editor.preedit, style)
        self.layout = compose_provisional(layout, story, *self._inputs)
        self._geometry = StoryGeometry(DocumentLayout(self.layout.changed_pages(), {}), story_id)
        editor.canvas.show_provisional({i: self.layout.pages[i] for i in self.layout.changed})

    def _take_inputs(self, layout: DocumentLayout, story_id: str) -> bool:
        """The story's areas and memo copy for this layout (taken again when the layout changes)."""
        if self._basis is None or self._basis[0] is not layout or self._basis[1] != story_id:
            self._inputs = self._editor.canvas.controller.last_composition(story_id)
            self._basis = (layout, story_id)
        return self._inputs is not None

    def clear(self) -> None:
        """No preedit: the canvas shows the layout's pages; the memo copy is let go."""
        if self.layout is not None:
            self._editor.canvas.show_provisional({})
        self.layout = self._geometry = self._made_from = None
        self._basis = self._inputs = None

    def caret(self, cursor: int, upstream: bool) -> Caret | None:
        """The caret ``cursor`` characters into the preedit, in the provisional layout (None when the
        preedit is set beyond the frames: it is drawn over the text at the caret then)."""
        if not self.shown or self._geometry is None or not self.spans():
            return None
        return self._geometry.caret((self.start[0], self.start[1] + cursor), upstream or cursor > 0)

    def spans(self) -> list[GlyphSpan]:
        """The preedit's glyphs on each line it is on (empty when it is set beyond the frames)."""
        if not self.shown or self._geometry is None:
            return []
        end = (self.start[0], self.start[1] + len(self._editor.preedit))
        return self._geometry.glyph_spans(self.start, end)


def handle_event(editor: TextEditor, event: QInputMethodEvent) -> None:
    """Apply an input-method event: replace text around the caret if asked, insert the commit, show the preedit."""
    if not editor.active:
        event.ignore()
        return
    commit = event.commitString()
    story = editor.story()
    if commit or event.replacementLength():
        editor.preedit = ""  # the edit below lays the story out anew; the old preedit is gone with it
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
    if query == Q.ImCursorRectangle or (query == Q.ImAnchorRectangle and editor.preedit):
        return editor.caret_scene_rect()
    if query == Q.ImAnchorRectangle:
        return editor.anchor_scene_rect()
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
        return Qt.InputMethodHint.ImhMultiLine  # Chinese text in paragraphs: no digits-only, no Latin-only
    if query == Q.ImPreferredLanguage:
        return PREFERRED_LANGUAGE
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


def _span_rect(editor: TextEditor, span: GlyphSpan) -> QRectF:
    """A line's share of the preedit in scene points, as tall as the caret."""
    origin = editor.canvas.page_origin(span.page_index)
    return QRectF(origin.x() + span.left_pt, origin.y() + span.baseline_pt - 0.88 * span.size_pt,
                  span.right_pt - span.left_pt, span.size_pt * 1.1)


def preedit_scene_rect(editor: TextEditor) -> QRectF:
    """Where the preedit's marks (tint, underline) are drawn, in scene points (empty: none)."""
    rect = QRectF()
    for span in editor.preedit_view.spans():
        rect = rect.united(_span_rect(editor, span).adjusted(0.0, 0.0, 0.0, span.size_pt * 0.2))
    return rect


def paint_preedit(editor: TextEditor, painter: QPainter, caret: Caret) -> None:
    """Mark the preedit the canvas shows laid out in its paragraph: a light tint and a dotted
    underline on each line it is on. Set beyond the frames (overset), it is drawn at the caret."""
    spans = editor.preedit_view.spans()
    if not spans:
        _paint_preedit_at_caret(editor, painter, caret)
        return
    underline = QPen(QColor(0, 0, 0), 1.0, Qt.PenStyle.DotLine)
    underline.setCosmetic(True)
    painter.save()
    for span in spans:
        rect = _span_rect(editor, span)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(PREEDIT_TINT)
        painter.drawRect(rect)
        painter.setPen(underline)
        y = rect.top() + 0.88 * span.size_pt + span.size_pt * 0.15  # the baseline, and a little below
        painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
    painter.restore()


def _paint_preedit_at_caret(editor: TextEditor, painter: QPainter, caret: Caret) -> None:
    """The preedit over the text at the caret: pale box, glyphs in the paragraph's font, dotted underline."""
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
