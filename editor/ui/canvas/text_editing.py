"""In-place story editing: caret, selection, typing, and Chinese input methods.

Double-clicking a text frame (or a photo's caption) puts a caret into its
story. The caret and the selection are drawn from the composed layout
(``text_geometry``), so they sit on the very glyphs the PDF will have.
Every keystroke is an edit of the story (``edits.set_story``) through the
controller, which recomposes only that story and repaints only the lines
that changed; keystrokes of one word share a merge key, so one undo takes
back the word, as in Word.

Chinese input methods reach the editor through the canvas (the focus
widget); ``input_method`` lays their preedit out in the paragraph without
storing it, inserts what they commit, and tells them where the caret is so
the candidate window opens there. Keys are in ``text_keys``, copy and
paste in ``text_clipboard``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QGuiApplication, QInputMethodEvent, QKeyEvent, QPainter, QPen
from PySide6.QtWidgets import QGraphicsObject, QStyleOptionGraphicsItem, QWidget

from editor.layout.masters import instance_id
from editor.model import edits
from editor.model.changes import Change
from editor.model.frames import ImageFrame, frame_story_ids
from editor.model.story import Story
from editor.ui.canvas import input_method, text_format
from editor.ui.canvas import story_text as st
from editor.ui.canvas.frames import clicked_frame, contains, hit_rect
from editor.ui.canvas.master_mode import master_story_frame_ids
from editor.ui.canvas.text_geometry import Caret, StoryGeometry

if TYPE_CHECKING:
    from editor.ui.canvas.surface import TextSurface
    from editor.ui.canvas.tools import Pointer

Position = st.Position
#: Characters after which the next keystroke starts a new undo step (a word ends).
_WORD_ENDS = set(" \t，。、；：！？,.;:!?）)》」』”’")
SELECTION = QColor(0, 120, 215, 70)
CARET_BLINK_MS = 530


class TextEditor(QGraphicsObject):
    """The caret of the story being edited. The canvas (the focus widget) hands it keys and
    input-method events directly, so editing does not depend on the scene being active."""

    #: Editing started (True) or ended (False).
    editing_changed = Signal(bool)
    #: The paragraph style at the caret changed (for the styles panel).
    paragraph_style_changed = Signal(str)

    def __init__(self, canvas: TextSurface) -> None:
        super().__init__()
        self.setZValue(20.0)
        self.setVisible(False)
        self._canvas = canvas
        self._bounds = QRectF()
        self.story_id: str | None = None
        self.frame_id: str | None = None
        #: Editing a master's story (编辑母版): the page whose instance of it has the caret.
        self.shown_on: str | None = None
        self.caret: Position = (0, 0)
        self.anchor: Position = (0, 0)
        self._upstream = False
        self._x_goal: float | None = None
        self.preedit = ""
        self.preedit_cursor = 0
        self.preedit_view = input_method.PreeditView(self)
        self._geometry: StoryGeometry | None = None
        self._geometry_of: tuple[int, str] | None = None
        self._session = 0
        self._last_kind = ""
        self._style = ""
        self._dragging = False
        self._painted = QRectF()
        self._applying = False
        #: Ctrl+B pressed with no selection: how the text typed next at the caret is set.
        self.pending_bold: text_format.PendingBold | None = None
        self._caret_on = True
        self._blink = QTimer(self)
        self._blink.setInterval(CARET_BLINK_MS)
        self._blink.timeout.connect(self._toggle_caret)

    # ------------------------------------------------------------ state

    @property
    def active(self) -> bool:
        return self.story_id is not None

    @property
    def canvas(self) -> TextSurface:
        return self._canvas

    def set_bounds(self, rect: QRectF) -> None:
        self.prepareGeometryChange()
        self._bounds = QRectF(rect)

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt's name
        return self._bounds

    def story(self) -> Story | None:
        return self._canvas.controller.doc.stories.get(self.story_id) if self.story_id else None

    def frame_ids(self) -> set[str]:
        """Frames the story shows in: its thread, or the photo frame whose caption it is
        (for a master's story, its frames as drawn on the page ``shown_on``)."""
        doc = self._canvas.controller.doc
        if self.shown_on is not None:
            return master_story_frame_ids(doc, self.story_id or "", self.shown_on)
        ids = {f.id for f in doc.story_frames(self.story_id or "")}
        ids |= {f.id for _, f in doc.frames_with_pages()
                if isinstance(f, ImageFrame) and f.caption is not None and f.caption.story_id == self.story_id}
        return ids

    def layout_story_id(self) -> str:
        """The id the story has in the layout (a master's story: its instance on the page ``shown_on``)."""
        return instance_id(self.story_id or "", self.shown_on) if self.shown_on else self.story_id or ""

    def geometry(self) -> StoryGeometry:
        layout = self._canvas.controller.layout
        story_id = self.layout_story_id()
        key = (id(layout), story_id)
        if self._geometry is None or self._geometry_of != key:
            self._geometry = StoryGeometry(layout, story_id)
            self._geometry_of = key
        return self._geometry

    def caret_box(self) -> Caret | None:
        return self.geometry().caret(self.caret, self._upstream) if self.active else None

    def caret_scene_rect(self) -> QRectF:
        """The caret in scene points; while composing, the input method's cursor in the preedit as
        laid out in the paragraph (on the line it wrapped to, if it did)."""
        caret = self.preedit_view.caret(self.preedit_cursor, self._upstream) if self.preedit else None
        advance = 0.0
        if caret is None:
            caret = self.caret_box()
            if caret is not None and self.preedit:  # no provisional layout (overset): drawn over the text
                advance = input_method.preedit_advance(self, caret, self.preedit_cursor)
        return self._scene_rect(caret, advance)

    def anchor_scene_rect(self) -> QRectF:
        """The selection's other end in scene points (the caret's place when nothing is selected)."""
        if self.anchor == self.caret:
            return self.caret_scene_rect()
        return self._scene_rect(self.geometry().caret(self.anchor) if self.active else None, 0.0)

    def _scene_rect(self, caret: Caret | None, advance_pt: float) -> QRectF:
        if caret is None:
            return QRectF()
        origin = self._canvas.page_origin(caret.page_index)
        return QRectF(origin.x() + caret.x_pt + advance_pt, origin.y() + caret.top_pt,
                      max(self._canvas.px_to_pt(1.0), 0.5), caret.height_pt)

    # ------------------------------------------------------------ start, stop

    def start(self, story_id: str, frame_id: str, pointer: Pointer | None = None, shown_on: str | None = None) -> None:
        """Edit ``story_id``; the caret goes where ``pointer`` clicked, else to the story's end.
        A master's story is edited where it is drawn on page ``shown_on``."""
        self.story_id, self.frame_id, self.shown_on = story_id, frame_id, shown_on
        self._geometry = None
        self.preedit = ""
        self.preedit_view.clear()
        story = self.story()
        position = st.end_of(story) if story is not None else (0, 0)
        if pointer is not None:
            hit = self.geometry().hit(pointer.page_index, pointer.x_pt, pointer.y_pt, self.frame_ids())
            position = hit if hit is not None else position
        self.caret = self.anchor = position
        self._session += 1
        self.setVisible(True)
        self._blink.start()
        self._caret_moved()
        self.editing_changed.emit(True)

    def stop(self) -> None:
        if not self.active:
            return
        self.preedit = ""
        self.preedit_view.clear()
        self.story_id = None
        self._blink.stop()
        self.setVisible(False)
        self._refresh()
        self.editing_changed.emit(False)
        QGuiApplication.inputMethod().reset()

    def model_updated(self) -> None:
        """After any change (an undo, say): keep the caret valid, or stop if the story is gone."""
        if not self.active or self._applying:
            return
        story = self.story()
        if story is None or not self.frame_ids():
            self.stop()
            return
        self.caret = st.clamp(story, self.caret)
        self.anchor = st.clamp(story, self.anchor)
        if self.preedit:
            self.preedit_view.update()  # the story changed under the preedit (an undo, say): lay it out again
        self._caret_moved(keep_goal=True, keep_session=True)

    # ------------------------------------------------------------ edits

    def _merge_key(self, kind: str) -> str | None:
        if kind not in ("insert", "delete"):
            self._session += 1
            return None
        if kind != self._last_kind:
            self._session += 1
        self._last_kind = kind
        return f"text:{self.story_id}:{self._session}"

    def apply(self, label: str, story: Story, caret: Position, kind: str, also: list[Change] | None = None) -> bool:
        """Make ``story`` the story's new value (one undo step, with ``also``, or merged into the
        word being typed), then put the caret at ``caret``. False if the document is read-only."""
        key = self._merge_key(kind)
        self._applying = True  # the caret is placed below, once, not on the way
        try:
            changes = (also or []) + edits.set_story(self._canvas.controller.doc, story)
            done = self._canvas.controller.edit(label, changes, merge_key=key)
        finally:
            self._applying = False
        if not done:
            if self._canvas.controller.read_only:
                self._canvas.notify("文档以只读方式打开，不能修改。")
            return False
        self.caret = self.anchor = st.clamp(story, caret)
        self._upstream = False
        self._caret_moved(keep_session=True)
        return True

    def story_for_edit(self) -> Story | None:
        """The story as an edit at the caret starts from: the selection, if any, deleted."""
        story = self.story()
        if story is None:
            return None
        if self.anchor != self.caret:
            story, _ = st.delete_range(story, self.anchor, self.caret)
        return story

    def insert(self, text: str, label: str = "输入文字", kind: str = "insert", paste: bool = False) -> bool:
        """Type ``text`` at the caret (replacing the selection); a word is one undo step.
        Pasted text (``paste``) may hold paragraph breaks; typed "\n" is a line break."""
        story = self.story()
        if story is None or not text:
            return False
        start = min(self.anchor, self.caret)
        story = self.story_for_edit()
        style = st.body_style(self._canvas.controller.doc.paragraph_styles)
        insert = st.insert_plain_text if paste else st.insert_text
        story, caret = insert(story, start, text, style)
        story, also = text_format.typed_format(self, story, start, caret)
        done = self.apply(label, story, caret, kind, also)
        if done and text[-1] in _WORD_ENDS:
            self._session += 1
        return done

    def insert_field(self, name: str) -> bool:
        """插入 → 字段: a field run at the caret (replacing the selection), one undo step."""
        story = self.story_for_edit()
        if story is None:
            return False
        style = st.body_style(self._canvas.controller.doc.paragraph_styles)
        story, caret = st.insert_field(story, min(self.anchor, self.caret), name, style)
        return self.apply("插入字段", story, caret, "field")

    def delete(self, forward: bool) -> bool:
        """Backspace (or Delete): the selection, else the character before (after) the caret."""
        story = self.story()
        if story is None:
            return False
        if self.anchor != self.caret:
            new, caret = st.delete_range(story, self.anchor, self.caret)
            return self.apply("删除文字", new, caret, "cut")
        other = st.next_position(story, self.caret) if forward else st.previous_position(story, self.caret)
        if other == self.caret:
            return False
        new, caret = st.delete_range(story, self.caret, other)
        return self.apply("删除文字", new, caret, "delete")

    def new_paragraph(self) -> bool:
        story = self.story_for_edit()
        if story is None:
            return False
        style = st.body_style(self._canvas.controller.doc.paragraph_styles)
        new, caret = st.split_paragraph(story, min(self.anchor, self.caret), style)
        return self.apply("新段落", new, caret, "paragraph")

    def set_paragraph_style(self, name: str) -> bool:
        """Give the paragraphs of the selection (or the caret's paragraph) the style ``name``."""
        story = self.story()
        if story is None:
            return False
        first, last = sorted((self.anchor[0], self.caret[0]))
        new = st.set_paragraph_style(story, first, last, name)
        if new == story:
            return False
        caret, anchor = self.caret, self.anchor
        done = self.apply("更改段落样式", new, caret, "style")
        self.anchor = anchor
        return done

    def selected_text(self) -> str:
        story = self.story()
        return st.text_between(story, self.anchor, self.caret) if story is not None else ""

    def select_all(self) -> None:
        story = self.story()
        if story is not None:
            self.anchor, self.caret = st.start_of(story), st.end_of(story)
            self._caret_moved()

    def select_word(self) -> None:
        """Double-click: select the run of characters of one kind around the caret (Han, or letters
        and digits), stopping at spaces and punctuation."""
        story = self.story()
        if story is None or not story.paragraphs:
            return
        para, offset = self.caret
        bounds = st.word_bounds(st.paragraph_text(story.paragraphs[para]), offset)
        if bounds is None:
            return
        start, end = bounds
        self.anchor, self.caret = (para, start), (para, end)
        self._caret_moved()

    def select_paragraph(self) -> None:
        """Triple-click: select the whole paragraph the caret is in (to type over a placeholder, say)."""
        story = self.story()
        if story is None or not story.paragraphs:
            return
        para = self.caret[0]
        self.anchor, self.caret = (para, 0), (para, len(st.paragraph_text(story.paragraphs[para])))
        self._caret_moved()

    # ------------------------------------------------------------ caret movement

    def move_to(self, position: Position, extend: bool, upstream: bool = False, keep_goal: bool = False) -> None:
        self.caret = position
        if not extend:
            self.anchor = position
        self._upstream = upstream
        self._caret_moved(keep_goal=keep_goal)

    def move_horizontal(self, step: int, extend: bool) -> None:
        story = self.story()
        if story is None:
            return
        if self.anchor != self.caret and not extend:
            self.move_to(min(self.anchor, self.caret) if step < 0 else max(self.anchor, self.caret), False)
            return
        target = st.previous_position(story, self.caret) if step < 0 else st.next_position(story, self.caret)
        self.move_to(target, extend)

    def move_vertical(self, step: int, extend: bool) -> None:
        if self._x_goal is None:
            caret = self.caret_box()
            self._x_goal = caret.x_pt if caret else None
        target = self.geometry().vertical(self.caret, step, self._x_goal, self._upstream)
        story = self.story()
        if target is None and story is not None:
            target = st.start_of(story) if step < 0 else st.end_of(story)
        self.move_to(target, extend, keep_goal=True)

    def move_to_line_edge(self, end: bool, extend: bool) -> None:
        start_pos, end_pos = self.geometry().line_ends(self.caret if not self._upstream else
                                                      (self.caret[0], max(self.caret[1] - 1, 0)))
        if not end:
            self.move_to(start_pos, extend)
            return
        story = self.story()
        text = st.paragraph_text(story.paragraphs[end_pos[0]]) if story and story.paragraphs else ""
        offset = end_pos[1]
        if 0 < offset <= len(text) and text[offset - 1] == st.LINE_BREAK:
            offset -= 1
        self.move_to((end_pos[0], offset), extend, upstream=True)

    def _caret_moved(self, keep_goal: bool = False, keep_session: bool = False) -> None:
        if not keep_goal:
            self._x_goal = None
        if not keep_session:
            self._session += 1
            self._last_kind = ""
        self._caret_on = True
        story = self.story()
        if story is not None and story.paragraphs:
            style = story.paragraphs[min(self.caret[0], len(story.paragraphs) - 1)].style
            if style != self._style:
                self._style = style
                self.paragraph_style_changed.emit(style)
        self._refresh()
        self._canvas.ensure_scene_rect_visible(self.caret_scene_rect())
        QGuiApplication.inputMethod().update(Qt.InputMethodQuery.ImQueryInput)

    def _decorations(self) -> QRectF:
        """The scene area the caret, the preedit and the selection cover now."""
        if not self.active:
            return QRectF()
        caret = self.caret_box()
        rect = self.caret_scene_rect()
        if self.preedit_view.shown:
            rect = rect.united(input_method.preedit_scene_rect(self))
        elif caret is not None and self.preedit:
            rect = rect.united(QRectF(rect.left() - input_method.preedit_advance(self, caret, self.preedit_cursor), rect.top(),
                                      input_method.preedit_advance(self, caret, len(self.preedit)) + 2.0, rect.height()))
        if self.anchor != self.caret and not self.preedit_view.shown:
            for page_index, r in self.geometry().selection_rects(self.anchor, self.caret):
                origin = self._canvas.page_origin(page_index)
                rect = rect.united(QRectF(origin.x() + r.x_pt, origin.y() + r.y_pt, r.width_pt, r.height_pt))
        return rect.adjusted(-2.0, -2.0, 2.0, 2.0) if not rect.isNull() else rect

    def _refresh(self) -> None:
        """Repaint where the decorations were and where they are: not the whole scene."""
        now = self._decorations()
        for rect in (self._painted, now):
            if not rect.isNull():
                self.update(rect)
        self._painted = now

    def _toggle_caret(self) -> None:
        self._caret_on = not self._caret_on
        self.update(self.caret_scene_rect().adjusted(-2, -2, 2, 2))

    # ------------------------------------------------------------ mouse (called by the canvas)

    def press(self, pointer: Pointer) -> bool:
        """A press while editing: place the caret if it lands in the story's text (``inside_frames``);
        False to end editing (the canvas then hands the click on as if no text were edited)."""
        hit = self.geometry().hit(pointer.page_index, pointer.x_pt, pointer.y_pt, self.frame_ids())
        if hit is None or not self.inside_frames(pointer):
            return False
        self.move_to(hit, pointer.shift)
        self._dragging = True
        return True

    def drag(self, pointer: Pointer) -> None:
        if self._dragging:
            hit = self.geometry().hit(pointer.page_index, pointer.x_pt, pointer.y_pt, self.frame_ids())
            if hit is not None and hit != self.caret:
                self.move_to(hit, True)

    def release(self) -> None:
        self._dragging = False

    def inside_frames(self, pointer: Pointer) -> bool:
        """Whether the pointer is on the story's text: inside one of its frames, and no frame stacked
        above them there is what a click hits (a photo, its caption, a rule or box on the text is
        selected by a click, as in Word and InDesign; a frame under the text frame is not)."""
        page = self._canvas.controller.layout.document.pages[pointer.page_index]  # master items too
        ids = self.frame_ids()
        if not any(f.id in ids and contains(hit_rect(f, 0.0), pointer.x_pt, pointer.y_pt) for f in page.frames):
            return False
        on_top = clicked_frame(self._canvas, pointer)  # what a click hits when no text is edited
        return on_top is None or self.story_id in frame_story_ids(on_top)

    # ------------------------------------------------------------ keys

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if not self.active:
            event.ignore()
            return
        from editor.ui.canvas.text_keys import handle_key

        if handle_key(self, event):
            event.accept()
        else:
            event.ignore()

    # ------------------------------------------------------------ input methods (see input_method)

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:  # noqa: N802 - Qt's name
        input_method.handle_event(self, event)

    def inputMethodQuery(self, query: Qt.InputMethodQuery):  # noqa: N802 - Qt's name
        return input_method.answer(self, query)

    def preedit_changed(self) -> None:
        """The input method's preedit text or cursor changed: lay it out in the paragraph, redraw,
        and move the candidate window."""
        self.preedit_view.update()
        self._caret_on = True
        self._refresh()
        self._canvas.ensure_scene_rect_visible(self.caret_scene_rect())  # a wrap may take it below the view
        QGuiApplication.inputMethod().update(Qt.InputMethodQuery.ImCursorRectangle)

    def next_undo_step(self) -> None:
        """Let the next edit start a new undo step (each committed phrase is one)."""
        self._session += 1

    # ------------------------------------------------------------ painting

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        if not self.active:
            return
        geometry = self.geometry()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(SELECTION)
        selected = [] if self.preedit_view.shown else geometry.selection_rects(self.anchor, self.caret)
        for page_index, r in selected:  # (the preedit replaces the selection, as its commit will)
            origin = self._canvas.page_origin(page_index)
            painter.drawRect(QRectF(origin.x() + r.x_pt, origin.y() + r.y_pt, r.width_pt, r.height_pt))
        caret = self.caret_box()
        if caret is None:
            return
        if self.preedit:
            input_method.paint_preedit(self, painter, caret)
        if self._caret_on:
            pen = QPen(QColor(0, 0, 0), 1.5)
            pen.setCosmetic(True)
            painter.setPen(pen)
            r = self.caret_scene_rect()
            painter.drawLine(QPointF(r.left(), r.top()), QPointF(r.left(), r.bottom()))
