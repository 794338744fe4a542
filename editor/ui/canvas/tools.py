"""The tools: the arrow (select, move, resize, thread, pan a photo's picture) and the frame tools.

``SelectTool`` decides, at each press, which gesture (``gestures``) the drag
will be: a handle resizes, an out-port threads, Ctrl/Alt on a photo pans
its picture, a frame moves (after selecting it; Shift adds or removes),
empty space draws a rubber band. ``CreateTool`` draws a text, photo, rule
or box frame by dragging, snapping its corners like any move.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from editor.layout.display import Rect
from editor.model import edits
from editor.model.document import Document
from editor.model.frames import Frame, ImageFrame, ShapeFrame, TextFrame
from editor.model.story import Paragraph, Story
from editor.model.units import mm_to_pt
from editor.ui.canvas import threads
from editor.ui.canvas.frames import (
    HANDLE_CURSORS,
    HANDLE_PX,
    Preview,
    clicked_frame,
    frame_at,
    frame_rect,
    handle_at,
)
from editor.ui.canvas.gestures import (
    Gesture,
    MoveGesture,
    Pointer,
    ResizeGesture,
    RubberBandGesture,
    ThreadGesture,
    targets_for,
)
from editor.ui.canvas.master_mode import hit_page, reaches
from editor.ui.canvas.photo_tools import PhotoPanGesture
from editor.ui.canvas.snapping import snap_point
from editor.ui.canvas.story_text import body_style

if TYPE_CHECKING:
    from editor.ui.canvas.surface import CanvasSurface

TOOL_NAMES = ("select", "text", "image", "rule", "box")
#: Height of a frame made by a click instead of a drag.
DEFAULT_HEIGHT_PT = mm_to_pt(50.0)


class SelectTool:
    """The arrow: click, Shift-click, rubber band, move, resize, thread, Ctrl/Alt-drag a photo's picture."""

    name = "select"

    def __init__(self, canvas: CanvasSurface) -> None:
        self._canvas = canvas
        self._gesture: Gesture | None = None
        #: An out-port was clicked: the next click on a text frame links it.
        self.loaded: ThreadGesture | None = None
        #: The frame a press on one of several selected frames will select alone, unless it drags.
        self._click_narrows_to: str | None = None

    @property
    def busy(self) -> bool:
        return self._gesture is not None

    def press(self, pointer: Pointer) -> None:
        canvas = self._canvas
        controller = canvas.controller
        self._click_narrows_to = None
        if self.loaded is not None:
            loaded, self.loaded = self.loaded, None
            loaded.link_to(pointer)
            canvas.set_cursor(None)
            return
        port = threads.out_port_at(canvas, pointer.page_index, pointer.x_pt, pointer.y_pt)
        if port is not None:
            self._gesture = ThreadGesture(canvas, port)
            return
        selected = controller.selected_frames()
        if len(selected) == 1 and reaches(controller, selected[0].id, pointer.page_index) \
                and not selected[0].locked:
            handle = handle_at(selected[0], pointer.x_pt, pointer.y_pt, canvas.px_to_pt(HANDLE_PX))
            if handle is not None:
                self._gesture = ResizeGesture(canvas, pointer, selected[0], handle)
                return
        frame = clicked_frame(canvas, pointer)
        if frame is None:
            self._gesture = RubberBandGesture(canvas, pointer)
            if not pointer.shift:
                controller.select([])
            return
        if pointer.photo_modifier and isinstance(frame, ImageFrame) and frame.asset and not frame.locked:
            controller.select([frame.id])
            self._gesture = PhotoPanGesture(canvas, pointer, frame)
            return
        if pointer.shift:
            ids = list(controller.selection)
            controller.select([i for i in ids if i != frame.id] if frame.id in ids else ids + [frame.id])
            if frame.id not in controller.selection:
                return
        elif frame.id not in controller.selection:
            controller.select([frame.id])
        else:
            # A plain click on one of several selected frames selects it alone — on release, if the
            # press did not become a drag of them all (as in Word, WPS and PowerPoint).
            self._click_narrows_to = frame.id if len(controller.selection) > 1 else None
        self._gesture = MoveGesture(canvas, pointer, list(controller.selection))

    def move(self, pointer: Pointer) -> None:
        if self._gesture is not None:
            self._gesture.move(pointer)
        else:
            self._hover(pointer)

    def release(self, pointer: Pointer) -> None:
        gesture, self._gesture = self._gesture, None
        if isinstance(gesture, ThreadGesture):
            target = clicked_frame(self._canvas, pointer)
            if target is not None and target.id != gesture.source_id:
                gesture.finish(pointer)  # dragged from the port onto a frame
            else:
                self.loaded = gesture  # clicked the port: wait for the target click
                self._canvas.set_cursor(threads.link_cursor())
            return
        if gesture is not None:
            gesture.finish(pointer)
        narrow_to, self._click_narrows_to = self._click_narrows_to, None
        if narrow_to is not None and isinstance(gesture, MoveGesture) and not gesture.dragged:
            self._canvas.controller.select([narrow_to])

    def cancel(self) -> bool:
        """Esc: abandon the gesture (or the loaded thread); False if there was nothing to cancel."""
        if self.loaded is not None:
            self.loaded = None
            self._canvas.set_cursor(None)
            return True
        gesture, self._gesture = self._gesture, None
        if gesture is None:
            return False
        gesture.cancel()
        return True

    def double_click(self, pointer: Pointer) -> None:
        canvas = self._canvas
        frame = clicked_frame(canvas, pointer)
        if isinstance(frame, TextFrame) or (isinstance(frame, ImageFrame) and frame.caption is not None
                                            and not _inside(frame, pointer)):
            canvas.start_text_editing(frame.id, pointer)

    def _hover(self, pointer: Pointer) -> None:
        canvas = self._canvas
        if self.loaded is not None:
            return
        cursor = Qt.CursorShape.ArrowCursor
        selected = canvas.controller.selected_frames()
        if threads.out_port_at(canvas, pointer.page_index, pointer.x_pt, pointer.y_pt) is not None:
            cursor = threads.link_cursor()
        elif len(selected) == 1 and not selected[0].locked and \
                reaches(canvas.controller, selected[0].id, pointer.page_index) and \
                (handle := handle_at(selected[0], pointer.x_pt, pointer.y_pt, canvas.px_to_pt(HANDLE_PX))):
            cursor = HANDLE_CURSORS[handle]
        else:
            frame = clicked_frame(canvas, pointer)
            if frame is not None and pointer.photo_modifier and isinstance(frame, ImageFrame) and frame.asset:
                cursor = Qt.CursorShape.OpenHandCursor
            elif frame is not None:
                cursor = Qt.CursorShape.SizeAllCursor
        canvas.set_cursor(cursor)


def _inside(frame: Frame, pointer: Pointer) -> bool:
    r = frame_rect(frame)
    return r.x_pt <= pointer.x_pt <= r.right_pt and r.y_pt <= pointer.y_pt <= r.bottom_pt


def new_frame(doc: Document, kind: str, rect: Rect) -> tuple[Frame, Story | None]:
    """A fresh frame of ``kind`` (text frames come with an empty story)."""
    frame_id = edits.new_id(doc, "frame")
    geometry = dict(id=frame_id, x_pt=rect.x_pt, y_pt=rect.y_pt, width_pt=rect.width_pt, height_pt=rect.height_pt)
    if kind == "text":
        story_id = edits.new_id(doc, "story")
        story = Story(id=story_id, paragraphs=[Paragraph(style=body_style(doc.paragraph_styles))])
        return TextFrame(story_id=story_id, **geometry), story
    if kind == "image":
        return ImageFrame(**geometry), None
    if kind == "rule":
        return ShapeFrame(shape="rule", stroke="#000000", stroke_width_pt=1.0, **geometry), None
    return ShapeFrame(shape="box", stroke="#000000", stroke_width_pt=1.0, **geometry), None


class CreateTool:
    """Draw a text, photo, rule or box frame by dragging (a click makes a one-column frame)."""

    def __init__(self, canvas: CanvasSurface, kind: str) -> None:
        self._canvas = canvas
        self.name = kind
        self._page: int | None = None
        self._start: tuple[float, float] = (0.0, 0.0)
        self._rect: Rect | None = None

    @property
    def busy(self) -> bool:
        return self._page is not None

    def _snap(self, pointer: Pointer) -> tuple[float, float, tuple]:
        assert self._page is not None
        origin = self._canvas.page_origin(self._page)
        x, y = pointer.scene.x() - origin.x(), pointer.scene.y() - origin.y()
        return snap_point(x, y, targets_for(self._canvas, self._page, set()), self._canvas.snap_threshold_pt())

    def press(self, pointer: Pointer) -> None:
        self._page = pointer.page_index
        x, y, _ = self._snap(pointer)
        self._start = (x, y)
        self._rect = None

    def move(self, pointer: Pointer) -> None:
        if self._page is None:
            page = hit_page(self._canvas.controller, pointer.page_index)
            over_text = self.name == "text" and isinstance(frame_at(page, pointer.x_pt, pointer.y_pt, 0.0), TextFrame)
            self._canvas.set_cursor(Qt.CursorShape.IBeamCursor if over_text else Qt.CursorShape.CrossCursor)
            return
        x, y, guides = self._snap(pointer)
        x0, y0 = self._start
        if self.name == "rule":
            if abs(x - x0) >= abs(y - y0):
                y = y0
            else:
                x = x0
        elif pointer.shift:  # a square
            side = max(abs(x - x0), abs(y - y0))
            x = x0 + (side if x >= x0 else -side)
            y = y0 + (side if y >= y0 else -side)
        self._rect = Rect(min(x0, x), min(y0, y), abs(x - x0), abs(y - y0))
        self._canvas.show_preview(Preview(self._page, self._rect, self.name))
        self._canvas.show_guides(self._page, guides)

    def release(self, pointer: Pointer) -> None:
        if self._page is None:
            return
        self.move(pointer)
        page_index, rect = self._page, self._rect
        self.cancel()
        tiny = self._canvas.px_to_pt(self._canvas.drag_distance_px())
        if rect is None or max(rect.width_pt, rect.height_pt) < tiny:
            rect = self._default_rect(page_index, *self._start)
        self._canvas.create_frame(page_index, self.name, rect)

    def _default_rect(self, page_index: int, x: float, y: float) -> Rect:
        left, right = self._canvas.grid(page_index).column_at(x)
        height = 0.0 if self.name == "rule" else DEFAULT_HEIGHT_PT
        return Rect(left, y, right - left, height)

    def cancel(self) -> bool:
        busy = self._page is not None
        self._page = None
        self._rect = None
        self._canvas.show_preview(None)
        self._canvas.show_guides(0, ())
        return busy

    def double_click(self, pointer: Pointer) -> None:
        pass


def make_tool(canvas: CanvasSurface, name: str) -> SelectTool | CreateTool:
    if name not in TOOL_NAMES:
        raise ValueError(f"unknown tool {name!r}")
    return SelectTool(canvas) if name == "select" else CreateTool(canvas, name)


__all__ = ["CreateTool", "Pointer", "SelectTool", "TOOL_NAMES", "make_tool", "new_frame"]
