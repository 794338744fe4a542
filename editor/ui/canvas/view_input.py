"""How the canvas answers the mouse, the wheel, the keyboard, input methods and desktop drops.

A mixin of ``PageCanvas`` (kept apart so each file reads in one sitting).
Mouse events become ``Pointer``s for the current tool, or for the text
editor while a story is being edited; the middle button or space-drag pans;
Ctrl+wheel zooms about the cursor, or scales the picture of a selected
photo under it. Keys go to the text editor while editing (and are claimed
from menu shortcuts, so Delete deletes a character, not the frame);
otherwise arrows nudge the selection. Input-method events and queries are
handed to the editor directly, with the caret rectangle in this widget's
pixels. Files dragged from the desktop go to ``dragdrop``.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QEvent, QPoint, QRectF, Qt
from PySide6.QtGui import QInputMethodEvent, QKeyEvent, QMouseEvent, QWheelEvent

from editor.model import edits
from editor.model.frames import ImageFrame, TextFrame
from editor.ui.canvas import dragdrop, text_keys
from editor.ui.canvas.frames import RULE_HIT_PX, frame_at, noun
from editor.ui.canvas.master_mode import delete_changes, hit_page
from editor.ui.canvas.photo_tools import WHEEL_STEP, scale_changes
from editor.ui.canvas.tools import CreateTool

#: Zoom factor per wheel notch.
WHEEL_ZOOM = 1.15
#: Arrow-key nudge (points); Shift moves ten times as far.
NUDGE_PT = 1.0
#: Nudges (and photo wheel steps) closer together than this are one undo step.
MERGE_WITHIN_S = 1.0


class CanvasInput:
    """Input handlers of ``PageCanvas`` (``self`` is the canvas; ``super()`` is QGraphicsView)."""

    _pan_from: QPoint | None
    _space_down: bool

    def _timed_key(self, state: tuple[str, float, str], kind: str, ids: str) -> tuple[tuple[str, float, str], str]:
        """The same merge key while the same kind of step repeats within MERGE_WITHIN_S."""
        key, when, of = state
        now = time.monotonic()
        if of != ids or now - when > MERGE_WITHIN_S or not key:
            key = self.next_merge_key(kind)
        return (key, now, ids), key

    def _start_pan(self, event: QMouseEvent) -> None:
        self._pan_from = event.position().toPoint()
        self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if event.button() == Qt.MouseButton.MiddleButton or \
                (event.button() == Qt.MouseButton.LeftButton and self._space_down):
            self._start_pan(event)
            return
        if event.button() != Qt.MouseButton.LeftButton or not self.controller.doc.pages:
            return
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        pointer = self.pointer(event)
        if self.editor.active:
            if self.editor.press(pointer):
                return
            self.stop_text_editing()
            page = hit_page(self.controller, pointer.page_index)
            if isinstance(frame_at(page, pointer.x_pt, pointer.y_pt, 0.0), TextFrame):
                # typing goes on in the frame clicked, as with InDesign's type tool (Esc, then drag, to move it)
                self.start_text_editing(frame_at(page, pointer.x_pt, pointer.y_pt, 0.0).id, pointer)
                return
        if isinstance(self._tool, CreateTool) and self._tool.name == "text":
            frame = frame_at(hit_page(self.controller, pointer.page_index), pointer.x_pt, pointer.y_pt, 0.0)
            if isinstance(frame, TextFrame):  # the text tool in a text frame types there
                self.start_text_editing(frame.id, pointer)
                return
        self._tool.press(pointer)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if self._pan_from is not None:
            now = event.position().toPoint()
            delta = now - self._pan_from
            self._pan_from = now
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - delta.x())
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - delta.y())
            return
        if not self.controller.doc.pages:
            return
        pointer = self.pointer(event)
        if self.editor.active and event.buttons() & Qt.MouseButton.LeftButton:
            self.editor.drag(pointer)
            return
        if self.editor.active and not self._tool.busy:
            self.viewport().setCursor(Qt.CursorShape.IBeamCursor if self.editor._inside_frames(pointer)
                                      else Qt.CursorShape.ArrowCursor)
            return
        self._tool.move(pointer)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if self._pan_from is not None:
            self._pan_from = None
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor if self._space_down else Qt.CursorShape.ArrowCursor)
            return
        if event.button() != Qt.MouseButton.LeftButton or not self.controller.doc.pages:
            return
        self.editor.release()
        self._tool.release(self.pointer(event))

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if event.button() != Qt.MouseButton.LeftButton or not self.controller.doc.pages:
            return
        pointer = self.pointer(event)
        if self.editor.active:
            if self.editor.press(pointer):
                self.editor.select_word()
            return
        self._tool.double_click(pointer)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt's name
        if not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            super().wheelEvent(event)
            return
        delta = event.angleDelta().y() or event.angleDelta().x()
        if not delta:
            return
        steps = delta / 120.0
        position = event.position().toPoint()
        scene = self.mapToScene(position)
        index = self.page_at(scene)
        origin = self.page_origin(index)
        x, y = scene.x() - origin.x(), scene.y() - origin.y()
        doc = self.controller.doc
        frame = frame_at(hit_page(self.controller, index), x, y, 0.0) if doc.pages else None
        if isinstance(frame, ImageFrame) and frame.asset and frame.id in self.controller.selection and not frame.locked:
            self._photo_zoom, key = self._timed_key(self._photo_zoom, "photo-zoom", frame.id)
            self.controller.edit("缩放图片内容", scale_changes(doc, frame, WHEEL_STEP ** steps, x, y), merge_key=key)
        else:
            self._apply_zoom(self._zoom * WHEEL_ZOOM ** steps, position)
        event.accept()

    # ------------------------------------------------------------ keys

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            if self.editor.active and text_keys.claims(event):
                event.accept()
                return True
            if not self.editor.active and self._arrow(event) is not None and self.controller.selection:
                event.accept()
                return True
        return super().event(event)

    @staticmethod
    def _arrow(event: QKeyEvent) -> tuple[float, float] | None:
        steps = {Qt.Key.Key_Left: (-1.0, 0.0), Qt.Key.Key_Right: (1.0, 0.0),
                 Qt.Key.Key_Up: (0.0, -1.0), Qt.Key.Key_Down: (0.0, 1.0)}
        if event.modifiers() & ~(Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier):
            return None
        return steps.get(Qt.Key(event.key()))

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:  # noqa: N802 - Qt's name
        if self.editor.active:
            self.editor.inputMethodEvent(event)
        else:
            event.ignore()

    def inputMethodQuery(self, query: Qt.InputMethodQuery):  # noqa: N802 - Qt's name
        """The editor's answers, with rectangles in this widget's pixels (the candidate window's place)."""
        if not self.editor.active:
            return None if query != Qt.InputMethodQuery.ImEnabled else False
        value = self.editor.inputMethodQuery(query)
        if isinstance(value, QRectF):
            rect = self.mapFromScene(value).boundingRect()
            return QRectF(rect.translated(self.viewport().pos()))
        return value

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if self.editor.active:
            self.editor.keyPressEvent(event)
            if not event.isAccepted():
                super().keyPressEvent(event)
            return
        key = event.key()
        arrow = self._arrow(event)
        if arrow is not None and self.controller.selection:
            factor = NUDGE_PT * (10.0 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1.0)
            self.nudge(arrow[0] * factor, arrow[1] * factor)
        elif key == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_down = True
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
        elif key == Qt.Key.Key_Escape:
            if not self._tool.cancel():
                self.controller.select([])
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            text = [f for f in self.controller.selected_frames() if isinstance(f, TextFrame)]
            if len(text) == 1:
                self.start_text_editing(text[0].id)
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.controller.selection:
            frames = self.controller.selected_frames()
            self.controller.edit(f"删除{noun(frames)}", delete_changes(self.controller, [f.id for f in frames]))
        else:
            super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat() and self._space_down:
            self._space_down = False
            if self._pan_from is None:
                self.viewport().unsetCursor()
            return
        super().keyReleaseEvent(event)

    def focusOutEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self._space_down = False
        super().focusOutEvent(event)

    def nudge(self, dx_pt: float, dy_pt: float) -> bool:
        """Move the selected frames; repeated nudges within a second are one undo step."""
        frames = [f for f in self.controller.selected_frames() if not f.locked]
        if not frames:
            return False
        ids = ",".join(sorted(f.id for f in frames))
        self._nudge, key = self._timed_key(self._nudge, "nudge", ids)
        changes = edits.move_frames(self.controller.doc, {f.id: (dx_pt, dy_pt) for f in frames})
        return self.controller.edit(f"移动{noun(frames)}", changes, merge_key=key)

    # ------------------------------------------------------------ drag and drop from the desktop

    @staticmethod
    def _local_paths(event) -> list[Path]:
        mime = event.mimeData()
        if mime is None or not mime.hasUrls():
            return []
        return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]

    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self._local_paths(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self._local_paths(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt's name
        paths = self._local_paths(event)
        if not paths or not self.controller.doc.pages:
            event.ignore()
            return
        event.acceptProposedAction()
        scene = self.mapToScene(event.position().toPoint())
        index = self.page_at(scene)
        origin = self.page_origin(index)
        doc = self.controller.doc
        x = min(max(scene.x() - origin.x(), 0.0), doc.page_width_pt)
        y = min(max(scene.y() - origin.y(), 0.0), doc.page_height_pt)
        self.stop_text_editing()
        target = frame_at(doc.pages[index], x, y, self.px_to_pt(RULE_HIT_PX))
        dragdrop.drop_files(self, index, x, y, paths, target)
        self._set_current_page(index)

