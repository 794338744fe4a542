"""How the canvas answers the mouse, the wheel, the keyboard, input methods and desktop drops.

``CanvasInput`` is held by the view (``PageCanvas.input_handler``), which
hands it each Qt event; a handler that returns False leaves the event to
QGraphicsView's own handling. It knows the view only as an ``InputHost``:
the ``TextSurface`` the tools see, plus what input needs of a widget
(scrolling, zoom about a point, focus, the current tool and the text editor).
Mouse events become ``Pointer``s for the current tool, or for the text
editor while a story is being edited; the middle button or space-drag pans;
Ctrl+wheel zooms about the cursor, or scales the picture of a selected
photo under it. Keys go to the text editor while editing (and are claimed
from menu shortcuts, so Delete deletes a character, not the frame);
otherwise arrows nudge the selection and Tab / Shift+Tab select the page's
next / previous frame (``tab_order``; Tab never takes the focus off the
page, editing or not). Input-method events and queries are
handed to the editor directly, with the caret rectangle in the widget's
pixels. Files dragged from the desktop go to ``dragdrop``.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QGuiApplication, QInputMethodEvent, QKeyEvent, QMouseEvent, QWheelEvent

from editor.model import edits
from editor.model.frames import ImageFrame, TextFrame
from editor.ui.canvas import dragdrop, text_keys
from editor.ui.canvas.frames import RULE_HIT_PX, clicked_frame, frame_at, noun
from editor.ui.canvas.master_mode import LOCKED_NOT_DELETED, delete_changes, hit_page, locked_among
from editor.ui.canvas.photo_tools import WHEEL_STEP, scale_changes
from editor.ui.canvas.surface import TextSurface
from editor.ui.canvas.tab_order import next_frame_id
from editor.ui.canvas.tools import CreateTool

if TYPE_CHECKING:
    from editor.ui.canvas.gestures import Pointer
    from editor.ui.canvas.text_editing import TextEditor
    from editor.ui.canvas.tools import SelectTool

#: Zoom factor per wheel notch.
WHEEL_ZOOM = 1.15
#: Arrow-key nudge (points); Shift moves ten times as far.
NUDGE_PT = 1.0
#: Nudges (and photo wheel steps) closer together than this are one undo step.
MERGE_WITHIN_S = 1.0


class InputHost(TextSurface, Protocol):
    """The view as its input handler sees it."""

    #: The caret of the story being edited.
    editor: TextEditor

    @property
    def active_tool(self) -> SelectTool | CreateTool:
        """The tool that receives the mouse when no text is being edited."""
        ...

    @property
    def zoom(self) -> float: ...

    def zoom_about(self, zoom: float, anchor_px: QPoint) -> None:
        """Set the zoom, keeping the scene point under ``anchor_px`` (widget pixels) where it is."""
        ...

    def scroll_by(self, dx_px: int, dy_px: int) -> None:
        """Scroll the view by a distance in pixels (panning)."""
        ...

    def scene_point(self, position_px: QPoint) -> QPointF:
        """The scene point under a viewport pixel."""
        ...

    def widget_rect(self, scene_rect: QRectF) -> QRectF:
        """A scene rectangle in the widget's pixels (where an input method opens its window)."""
        ...

    def pointer(self, event: QMouseEvent) -> Pointer:
        """A mouse event as tools see it."""
        ...

    def current_page(self) -> int:
        """The page in the middle of the view."""
        ...

    def set_current_page(self, index: int) -> None: ...

    def setFocus(self, reason: Qt.FocusReason) -> None: ...  # noqa: N802 - Qt's name


def _local_paths(event) -> list[Path]:
    mime = event.mimeData()
    if mime is None or not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


def _arrow(event: QKeyEvent) -> tuple[float, float] | None:
    steps = {Qt.Key.Key_Left: (-1.0, 0.0), Qt.Key.Key_Right: (1.0, 0.0),
             Qt.Key.Key_Up: (0.0, -1.0), Qt.Key.Key_Down: (0.0, 1.0)}
    if event.modifiers() & ~(Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier):
        return None
    return steps.get(Qt.Key(event.key()))


class CanvasInput:
    """The view's mouse, wheel, key, input-method and drop handling (methods named for Qt's events)."""

    def __init__(self, view: InputHost) -> None:
        self._view = view
        self._pan_from: QPoint | None = None
        self._space_down = False
        self._nudge = ("", 0.0, "")
        self._photo_zoom = ("", 0.0, "")
        #: When and where (widget pixels) the last double-click in edited text was: a press soon
        #: after it, near it, is a triple-click (``_triple_click``).
        self._word_selected: tuple[float, QPoint] | None = None

    def _timed_key(self, state: tuple[str, float, str], kind: str, ids: str) -> tuple[tuple[str, float, str], str]:
        """The same merge key while the same kind of step repeats within MERGE_WITHIN_S."""
        key, when, of = state
        now = time.monotonic()
        if of != ids or now - when > MERGE_WITHIN_S or not key:
            key = self._view.next_merge_key(kind)
        return (key, now, ids), key

    # ------------------------------------------------------------ mouse

    def mouse_press(self, event: QMouseEvent) -> None:
        view = self._view
        if event.button() == Qt.MouseButton.MiddleButton or \
                (event.button() == Qt.MouseButton.LeftButton and self._space_down):
            self._pan_from = event.position().toPoint()
            view.set_cursor(Qt.CursorShape.ClosedHandCursor)
            return
        if event.button() != Qt.MouseButton.LeftButton or not view.controller.doc.pages:
            return
        view.setFocus(Qt.FocusReason.MouseFocusReason)
        pointer = view.pointer(event)
        if view.editor.active:
            triple = self._triple_click(event)
            if view.editor.press(pointer):
                if triple:
                    view.editor.select_paragraph()  # as Word: three clicks choose the paragraph
                return
            view.stop_text_editing()
            clicked = clicked_frame(view, pointer)  # a photo or rule on the text is selected, below
            if isinstance(clicked, TextFrame):
                # typing goes on in the frame clicked, as with InDesign's type tool (Esc, then drag, to move it)
                view.start_text_editing(clicked.id, pointer)
                return
        tool = view.active_tool
        if isinstance(tool, CreateTool) and tool.name == "text":
            frame = frame_at(hit_page(view.controller, pointer.page_index), pointer.x_pt, pointer.y_pt, 0.0)
            if isinstance(frame, TextFrame):  # the text tool in a text frame types there
                view.start_text_editing(frame.id, pointer)
                return
        tool.press(pointer)

    def mouse_move(self, event: QMouseEvent) -> None:
        view = self._view
        if self._pan_from is not None:
            now = event.position().toPoint()
            delta = now - self._pan_from
            self._pan_from = now
            view.scroll_by(-delta.x(), -delta.y())
            return
        if not view.controller.doc.pages:
            return
        pointer = view.pointer(event)
        if view.editor.active and event.buttons() & Qt.MouseButton.LeftButton:
            view.editor.drag(pointer)
            return
        if view.editor.active and not view.active_tool.busy:
            view.set_cursor(Qt.CursorShape.IBeamCursor if view.editor.inside_frames(pointer)
                            else Qt.CursorShape.ArrowCursor)
            return
        view.active_tool.move(pointer)

    def mouse_release(self, event: QMouseEvent) -> None:
        view = self._view
        if self._pan_from is not None:
            self._pan_from = None
            view.set_cursor(Qt.CursorShape.OpenHandCursor if self._space_down else Qt.CursorShape.ArrowCursor)
            return
        if event.button() != Qt.MouseButton.LeftButton or not view.controller.doc.pages:
            return
        view.editor.release()
        view.active_tool.release(view.pointer(event))

    def mouse_double_click(self, event: QMouseEvent) -> None:
        view = self._view
        if event.button() != Qt.MouseButton.LeftButton or not view.controller.doc.pages:
            return
        pointer = view.pointer(event)
        if view.editor.active:
            if view.editor.press(pointer):
                view.editor.select_word()
                self._word_selected = (time.monotonic(), event.position().toPoint())
            return
        view.active_tool.double_click(pointer)
        if view.editor.active:  # the double-click began typing in a frame: a third click still counts
            self._word_selected = (time.monotonic(), event.position().toPoint())

    def _triple_click(self, event: QMouseEvent) -> bool:
        """Whether this press follows a double-click in the text within the double-click interval, at
        about the same place (Qt reports the third click of three as a plain press)."""
        last, self._word_selected = self._word_selected, None
        if last is None or event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            return False
        when, where = last
        hints = QGuiApplication.styleHints()
        near = (event.position().toPoint() - where).manhattanLength() <= hints.startDragDistance()
        return near and time.monotonic() - when <= hints.mouseDoubleClickInterval() / 1000.0

    def wheel(self, event: QWheelEvent) -> bool:
        """Ctrl+wheel: scale a selected photo's picture under the cursor, else zoom. False: scroll."""
        if not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            return False
        delta = event.angleDelta().y() or event.angleDelta().x()
        if not delta:
            return True
        view = self._view
        steps = delta / 120.0
        position = event.position().toPoint()
        scene = view.scene_point(position)
        index = view.page_at(scene)
        origin = view.page_origin(index)
        x, y = scene.x() - origin.x(), scene.y() - origin.y()
        controller = view.controller
        frame = frame_at(hit_page(controller, index), x, y, 0.0) if controller.doc.pages else None
        if isinstance(frame, ImageFrame) and frame.asset and frame.id in controller.selection and not frame.locked:
            self._photo_zoom, key = self._timed_key(self._photo_zoom, "photo-zoom", frame.id)
            controller.edit("缩放图片内容", scale_changes(controller.doc, frame, WHEEL_STEP ** steps, x, y), merge_key=key)
        else:
            view.zoom_about(view.zoom * WHEEL_ZOOM ** steps, position)
        event.accept()
        return True

    # ------------------------------------------------------------ keys

    def claims_shortcut(self, event: QKeyEvent) -> bool:
        """Whether a key must come to the canvas rather than to a menu shortcut (ShortcutOverride)."""
        view = self._view
        if view.editor.active:
            return text_keys.claims(event)
        return _arrow(event) is not None and bool(view.controller.selection)

    def input_method_event(self, event: QInputMethodEvent) -> None:
        if self._view.editor.active:
            self._view.editor.inputMethodEvent(event)
        else:
            event.ignore()

    def input_method_query(self, query: Qt.InputMethodQuery):
        """The editor's answers, with rectangles in the widget's pixels (the candidate window's place)."""
        editor = self._view.editor
        if not editor.active:
            return None if query != Qt.InputMethodQuery.ImEnabled else False
        value = editor.inputMethodQuery(query)
        if isinstance(value, QRectF):
            return self._view.widget_rect(value)
        return value

    def key_press(self, event: QKeyEvent) -> bool:
        """Do what a key means on the canvas; False leaves it to QGraphicsView."""
        view = self._view
        controller = view.controller
        if view.editor.active:
            view.editor.keyPressEvent(event)
            return event.isAccepted()
        key = event.key()
        arrow = _arrow(event)
        if arrow is not None and controller.selection:
            factor = NUDGE_PT * (10.0 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1.0)
            self.nudge(arrow[0] * factor, arrow[1] * factor)
        elif key == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_down = True
            view.set_cursor(Qt.CursorShape.OpenHandCursor)
        elif key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            self.select_next_frame(key == Qt.Key.Key_Tab and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        elif key == Qt.Key.Key_Escape:
            if not view.active_tool.cancel():
                controller.select([])
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            text = [f for f in controller.selected_frames() if isinstance(f, TextFrame)]
            if len(text) == 1:
                view.start_text_editing(text[0].id)
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and controller.selection:
            frames = controller.selected_frames()
            ids = [f.id for f in frames]
            if locked_among(controller, ids):
                view.notify(LOCKED_NOT_DELETED)
            controller.edit(f"删除{noun(frames)}", delete_changes(controller, ids))
        else:
            return False
        return True

    def select_next_frame(self, forward: bool) -> bool:
        """Tab (``forward``) or Shift+Tab: select the next (previous) frame of the page of the selection
        (else of the page in view), and scroll it into view; False on a page without frames."""
        view = self._view
        controller = view.controller
        if not controller.doc.pages:
            return False
        pages = [controller.page_index_of(frame_id) for frame_id in controller.selection]
        index = next((page for page in pages if page is not None), view.current_page())
        frames = hit_page(controller, index).frames
        frame_id = next_frame_id(frames, controller.selection, forward)
        if frame_id is None:
            return False
        controller.select([frame_id])
        frame = next(f for f in frames if f.id == frame_id)
        origin = view.page_origin(index)
        view.ensure_scene_rect_visible(QRectF(origin.x() + frame.x_pt, origin.y() + frame.y_pt,
                                              frame.width_pt, frame.height_pt))
        return True

    def key_release(self, event: QKeyEvent) -> bool:
        """Space let go ends panning mode; False leaves the key to QGraphicsView."""
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat() and self._space_down:
            self._space_down = False
            if self._pan_from is None:
                self._view.set_cursor(None)
            return True
        return False

    def focus_out(self) -> None:
        self._space_down = False

    def nudge(self, dx_pt: float, dy_pt: float) -> bool:
        """Move the selected frames; repeated nudges within a second are one undo step."""
        controller = self._view.controller
        frames = [f for f in controller.selected_frames() if not f.locked]
        if not frames:
            return False
        ids = ",".join(sorted(f.id for f in frames))
        self._nudge, key = self._timed_key(self._nudge, "nudge", ids)
        changes = edits.move_frames(controller.doc, {f.id: (dx_pt, dy_pt) for f in frames})
        return controller.edit(f"移动{noun(frames)}", changes, merge_key=key)

    # ------------------------------------------------------------ drag and drop from the desktop

    def accept_drag(self, event) -> None:
        """Offer a drop for local files (the drop itself checks them)."""
        if _local_paths(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def drop(self, event) -> None:
        view = self._view
        paths = _local_paths(event)
        doc = view.controller.doc
        if not paths or not doc.pages:
            event.ignore()
            return
        event.acceptProposedAction()
        scene = view.scene_point(event.position().toPoint())
        index = view.page_at(scene)
        origin = view.page_origin(index)
        x = min(max(scene.x() - origin.x(), 0.0), doc.page_width_pt)
        y = min(max(scene.y() - origin.y(), 0.0), doc.page_height_pt)
        view.stop_text_editing()
        target = frame_at(doc.pages[index], x, y, view.px_to_pt(RULE_HIT_PX))
        dragdrop.drop_files(view, index, x, y, paths, target)
        view.set_current_page(index)
