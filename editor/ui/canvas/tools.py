"""Tools and mouse gestures: select, move, resize, rubber band, draw frames, thread.

The canvas turns each mouse event into a ``Pointer`` (scene point, the page
under it and the point in that page's coordinates) and hands it to the
current tool. A press starts a gesture; moves update it; the release ends
it. Gestures change the document live — every mouse move is an edit with
the gesture's merge key, so text reflows around a dragged photo as it
moves and the whole drag is still one undo step (撤销 移动图片).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QPointF, QRectF, Qt

from editor.layout.display import Rect
from editor.model import edits
from editor.model.changes import Change
from editor.model.document import Document
from editor.model.frames import Frame, ImageFrame, ShapeFrame, TextFrame
from editor.model.story import Paragraph, Story
from editor.model.units import mm_to_pt
from editor.ui.canvas import threads
from editor.ui.canvas.frames import (
    HANDLE_CURSORS, HANDLE_PX, RULE_HIT_PX, Preview, frame_at, frame_rect, handle_at, hit_rect, is_rule, noun,
)
from editor.ui.canvas.photo_tools import PhotoPanGesture
from editor.ui.canvas.snapping import SnapTargets, page_targets, snap_move, snap_point, snap_resize
from editor.ui.canvas.story_text import body_style

if TYPE_CHECKING:
    from editor.ui.canvas.view import PageCanvas

TOOL_NAMES = ("select", "text", "image", "rule", "box")
#: Smallest frame a resize leaves (points).
MIN_SIZE_PT = 4.0
#: Height of a frame made by a click instead of a drag.
DEFAULT_HEIGHT_PT = mm_to_pt(50.0)
READ_ONLY_NOTICE = "文档以只读方式打开，不能修改。"
LOCKED_NOTICE = "已锁定的对象不能移动或调整大小（可在“排列”菜单中解锁）。"


@dataclass(frozen=True)
class Pointer:
    """A mouse event as tools see it."""

    scene: QPointF
    page_index: int
    x_pt: float
    y_pt: float
    modifiers: Qt.KeyboardModifier
    button: Qt.MouseButton = Qt.MouseButton.NoButton

    @property
    def shift(self) -> bool:
        return bool(self.modifiers & Qt.KeyboardModifier.ShiftModifier)

    @property
    def photo_modifier(self) -> bool:
        """Ctrl or Alt: work on the picture inside a photo frame instead of the frame."""
        return bool(self.modifiers & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier))


class Gesture(Protocol):
    def move(self, pointer: Pointer) -> None: ...
    def finish(self, pointer: Pointer) -> None: ...
    def cancel(self) -> None: ...


def geometry_changes(doc: Document, frame: Frame, rect: Rect) -> list[Change]:
    """Give a frame a new rectangle; a rule keeps a zero height (or width), which is what makes it straight."""
    if is_rule(frame):
        return edits.update_frame(doc, frame.id, x_pt=rect.x_pt, y_pt=rect.y_pt, width_pt=rect.width_pt,
                                  height_pt=rect.height_pt)
    return edits.set_geometry(doc, frame.id, rect.x_pt, rect.y_pt, rect.width_pt, rect.height_pt)


def targets_for(canvas: PageCanvas, page_index: int, exclude: set[str]) -> SnapTargets:
    page = canvas.controller.doc.pages[page_index]
    return page_targets(canvas.grid(page_index), [frame_rect(f) for f in page.frames if f.id not in exclude])


def _bounds(rects: list[Rect]) -> Rect:
    whole = rects[0]
    for r in rects[1:]:
        whole = whole.union(r)
    return whole


class MoveGesture:
    """Drag selected frames; their bounds on the grabbed page snap to guides and frames."""

    def __init__(self, canvas: PageCanvas, pointer: Pointer, frame_ids: list[str]) -> None:
        self._canvas = canvas
        self._start = pointer.scene
        self._page = pointer.page_index
        doc = canvas.controller.doc
        chosen = [f for f in (doc.frame_by_id(i) for i in frame_ids) if f is not None]
        frames = [f for f in chosen if not f.locked]
        self._locked = len(frames) < len(chosen)
        self._frames = frames
        self._origins = {f.id: (f.x_pt, f.y_pt) for f in frames}
        on_page = {f.id for f in doc.pages[self._page].frames}
        grabbed = [frame_rect(f) for f in frames if f.id in on_page]
        self._bounds = _bounds(grabbed) if grabbed else None
        self._targets = targets_for(canvas, self._page, set(self._origins))
        self._key = canvas.next_merge_key("move")
        self._label = f"移动{noun(frames)}" if frames else ""
        self._started = False

    def move(self, pointer: Pointer) -> None:
        dx = pointer.scene.x() - self._start.x()
        dy = pointer.scene.y() - self._start.y()
        if not self._started:
            if abs(dx) + abs(dy) < self._canvas.px_to_pt(self._canvas.drag_distance_px()):
                return
            self._started = True
            if self._canvas.controller.read_only:
                self._canvas.notify(READ_ONLY_NOTICE)
            elif self._locked:
                self._canvas.notify(LOCKED_NOTICE)
        if not self._frames:
            return
        if pointer.shift:  # constrain to the main direction
            dx, dy = (dx, 0.0) if abs(dx) >= abs(dy) else (0.0, dy)
        guides = ()
        if self._bounds is not None:
            b = self._bounds
            snapped = snap_move(Rect(b.x_pt + dx, b.y_pt + dy, b.width_pt, b.height_pt), self._targets,
                                self._canvas.snap_threshold_pt())
            if not pointer.shift or dx:
                dx = snapped.rect.x_pt - b.x_pt
            if not pointer.shift or dy:
                dy = snapped.rect.y_pt - b.y_pt
            guides = snapped.guides
        self._apply(dx, dy)
        self._canvas.overlay.guides = [(self._page, g) for g in guides]
        self._canvas.overlay.update()

    def _apply(self, dx: float, dy: float) -> None:
        controller = self._canvas.controller
        doc = controller.doc
        offsets: dict[str, tuple[float, float]] = {}
        for frame_id, (x0, y0) in self._origins.items():
            frame = doc.frame_by_id(frame_id)
            if frame is not None and (abs(x0 + dx - frame.x_pt) > 1e-9 or abs(y0 + dy - frame.y_pt) > 1e-9):
                offsets[frame_id] = (x0 + dx - frame.x_pt, y0 + dy - frame.y_pt)
        if offsets:
            controller.edit(self._label, edits.move_frames(doc, offsets), merge_key=self._key)

    def finish(self, pointer: Pointer) -> None:
        self.move(pointer)
        if self._started:
            self._change_pages()
        self._canvas.overlay.guides = []
        self._canvas.overlay.update()

    def _change_pages(self) -> None:
        """A frame dropped with its centre over another page moves to that page, as in InDesign."""
        canvas = self._canvas
        controller = canvas.controller
        for frame_id in self._origins:
            frame = controller.doc.frame_by_id(frame_id)
            page = controller.page_index_of(frame_id)
            if frame is None or page is None:
                continue
            origin = canvas.page_origin(page)
            centre = QPointF(origin.x() + frame.x_pt + frame.width_pt / 2, origin.y() + frame.y_pt + frame.height_pt / 2)
            target = canvas.page_at(centre)
            if target != page:
                offset = canvas.page_origin(target) - origin
                changes = edits.move_frame_to_page(controller.doc, frame_id, target, frame.x_pt - offset.x(),
                                                   frame.y_pt - offset.y())
                controller.edit(self._label, changes, merge_key=self._key)

    def cancel(self) -> None:
        if self._started:
            self._apply(0.0, 0.0)
        self._canvas.overlay.guides = []
        self._canvas.overlay.update()


class ResizeGesture:
    """Drag one handle: only its edges move (and snap); Shift on a corner keeps the proportions."""

    def __init__(self, canvas: PageCanvas, pointer: Pointer, frame: Frame, handle: str) -> None:
        self._canvas = canvas
        self._start = pointer.scene
        self._page = pointer.page_index
        self._frame_id = frame.id
        self._rect = frame_rect(frame)
        self._handle = handle
        self._rule = is_rule(frame)
        self._targets = targets_for(canvas, self._page, {frame.id})
        self._key = canvas.next_merge_key("resize")
        self._label = f"调整{noun([frame])}大小"
        if canvas.controller.read_only:
            canvas.notify(READ_ONLY_NOTICE)

    def _moved(self, dx: float, dy: float, keep_ratio: bool) -> Rect:
        r, h = self._rect, self._handle
        x0, y0, x1, y1 = r.x_pt, r.y_pt, r.right_pt, r.bottom_pt
        if keep_ratio and len(h) == 2 and r.width_pt > 0 and r.height_pt > 0:
            sx = (dx if "r" in h else -dx) / r.width_pt
            sy = (dy if "b" in h else -dy) / r.height_pt
            s = sx if abs(sx) >= abs(sy) else sy
            dx = s * r.width_pt * (1 if "r" in h else -1)
            dy = s * r.height_pt * (1 if "b" in h else -1)
        if "l" in h:
            x0 = min(x0 + dx, x1 - (0 if self._rule else MIN_SIZE_PT))
        if "r" in h:
            x1 = max(x1 + dx, x0 + (0 if self._rule else MIN_SIZE_PT))
        if "t" in h:
            y0 = min(y0 + dy, y1 - (0 if self._rule else MIN_SIZE_PT))
        if "b" in h:
            y1 = max(y1 + dy, y0 + (0 if self._rule else MIN_SIZE_PT))
        return Rect(x0, y0, x1 - x0, y1 - y0)

    def move(self, pointer: Pointer) -> None:
        dx = pointer.scene.x() - self._start.x()
        dy = pointer.scene.y() - self._start.y()
        keep_ratio = pointer.shift and len(self._handle) == 2
        rect = self._moved(dx, dy, keep_ratio)
        guides = ()
        if not keep_ratio:
            snapped = snap_resize(rect, self._handle, self._targets, self._canvas.snap_threshold_pt())
            if snapped.rect.width_pt >= (0 if self._rule else MIN_SIZE_PT) and \
                    snapped.rect.height_pt >= (0 if self._rule else MIN_SIZE_PT):
                rect, guides = snapped.rect, snapped.guides
        self._apply(rect)
        self._canvas.overlay.guides = [(self._page, g) for g in guides]
        self._canvas.overlay.update()

    def _apply(self, rect: Rect) -> None:
        controller = self._canvas.controller
        frame = controller.doc.frame_by_id(self._frame_id)
        if frame is None or frame_rect(frame) == rect:
            return
        controller.edit(self._label, geometry_changes(controller.doc, frame, rect), merge_key=self._key)

    def finish(self, pointer: Pointer) -> None:
        self.move(pointer)
        self._canvas.overlay.guides = []
        self._canvas.overlay.update()

    def cancel(self) -> None:
        self._apply(self._rect)
        self._canvas.overlay.guides = []
        self._canvas.overlay.update()


class RubberBandGesture:
    """Drag on empty space: select every frame the band touches (Shift adds to the selection)."""

    def __init__(self, canvas: PageCanvas, pointer: Pointer) -> None:
        self._canvas = canvas
        self._start = pointer.scene
        self._base = list(canvas.controller.selection) if pointer.shift else []

    def move(self, pointer: Pointer) -> None:
        self._canvas.overlay.rubber_band = QRectF(self._start, pointer.scene).normalized()
        self._canvas.overlay.update()

    def finish(self, pointer: Pointer) -> None:
        band = QRectF(self._start, pointer.scene).normalized()
        hits: list[str] = []
        if band.width() + band.height() > 0:
            tolerance = self._canvas.px_to_pt(RULE_HIT_PX)
            for index, page in enumerate(self._canvas.controller.doc.pages):
                origin = self._canvas.page_origin(index)
                for frame in page.frames:
                    r = hit_rect(frame, tolerance)
                    if band.intersects(QRectF(origin.x() + r.x_pt, origin.y() + r.y_pt, r.width_pt, r.height_pt)):
                        hits.append(frame.id)
        self._canvas.controller.select(self._base + [h for h in hits if h not in self._base])
        self.cancel()

    def cancel(self) -> None:
        self._canvas.overlay.rubber_band = None
        self._canvas.overlay.update()


class ThreadGesture:
    """After a click on an out-port: the next click on a text frame links it (edits.link_frames)."""

    def __init__(self, canvas: PageCanvas, source_id: str) -> None:
        self._canvas = canvas
        self.source_id = source_id

    def link_to(self, pointer: Pointer) -> None:
        canvas = self._canvas
        page = canvas.controller.doc.pages[pointer.page_index]
        target = frame_at(page, pointer.x_pt, pointer.y_pt, canvas.px_to_pt(RULE_HIT_PX))
        if not isinstance(target, TextFrame) or target.id == self.source_id:
            return
        changes = edits.link_frames(canvas.controller.doc, self.source_id, target.id)
        if changes:
            canvas.controller.edit("串接文本框", changes)
            canvas.controller.select([target.id])
        else:
            canvas.message.emit("无法串接：目标文本框属于同一篇文章，或已在另一串接的中间。")

    def move(self, pointer: Pointer) -> None:
        pass

    def finish(self, pointer: Pointer) -> None:
        self.link_to(pointer)

    def cancel(self) -> None:
        pass


class SelectTool:
    """The arrow: click, Shift-click, rubber band, move, resize, thread, Ctrl/Alt-drag a photo's picture."""

    name = "select"

    def __init__(self, canvas: PageCanvas) -> None:
        self._canvas = canvas
        self._gesture: Gesture | None = None
        #: An out-port was clicked: the next click on a text frame links it.
        self.loaded: ThreadGesture | None = None

    @property
    def busy(self) -> bool:
        return self._gesture is not None

    def press(self, pointer: Pointer) -> None:
        canvas = self._canvas
        controller = canvas.controller
        page = controller.doc.pages[pointer.page_index]
        if self.loaded is not None:
            loaded, self.loaded = self.loaded, None
            loaded.link_to(pointer)
            canvas.viewport().unsetCursor()
            return
        port = threads.out_port_at(canvas, pointer.page_index, pointer.x_pt, pointer.y_pt)
        if port is not None:
            self._gesture = ThreadGesture(canvas, port)
            return
        selected = controller.selected_frames()
        if len(selected) == 1 and controller.page_index_of(selected[0].id) == pointer.page_index \
                and not selected[0].locked:
            handle = handle_at(selected[0], pointer.x_pt, pointer.y_pt, canvas.px_to_pt(HANDLE_PX))
            if handle is not None:
                self._gesture = ResizeGesture(canvas, pointer, selected[0], handle)
                return
        frame = frame_at(page, pointer.x_pt, pointer.y_pt, canvas.px_to_pt(RULE_HIT_PX))
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
        self._gesture = MoveGesture(canvas, pointer, list(controller.selection))

    def move(self, pointer: Pointer) -> None:
        if self._gesture is not None:
            self._gesture.move(pointer)
        else:
            self._hover(pointer)

    def release(self, pointer: Pointer) -> None:
        gesture, self._gesture = self._gesture, None
        if isinstance(gesture, ThreadGesture):
            page = self._canvas.controller.doc.pages[pointer.page_index]
            target = frame_at(page, pointer.x_pt, pointer.y_pt, self._canvas.px_to_pt(RULE_HIT_PX))
            if target is not None and target.id != gesture.source_id:
                gesture.finish(pointer)  # dragged from the port onto a frame
            else:
                self.loaded = gesture  # clicked the port: wait for the target click
                self._canvas.viewport().setCursor(threads.link_cursor())
            return
        if gesture is not None:
            gesture.finish(pointer)

    def cancel(self) -> bool:
        """Esc: abandon the gesture (or the loaded thread); False if there was nothing to cancel."""
        if self.loaded is not None:
            self.loaded = None
            self._canvas.viewport().unsetCursor()
            return True
        gesture, self._gesture = self._gesture, None
        if gesture is None:
            return False
        gesture.cancel()
        return True

    def double_click(self, pointer: Pointer) -> None:
        canvas = self._canvas
        page = canvas.controller.doc.pages[pointer.page_index]
        frame = frame_at(page, pointer.x_pt, pointer.y_pt, canvas.px_to_pt(RULE_HIT_PX))
        if isinstance(frame, TextFrame) or (isinstance(frame, ImageFrame) and frame.caption is not None
                                            and not _inside(frame, pointer)):
            canvas.start_text_editing(frame.id, pointer)

    def _hover(self, pointer: Pointer) -> None:
        canvas = self._canvas
        if self.loaded is not None:
            return
        cursor = Qt.CursorShape.ArrowCursor
        selected = canvas.controller.selected_frames()
        page = canvas.controller.doc.pages[pointer.page_index]
        if threads.out_port_at(canvas, pointer.page_index, pointer.x_pt, pointer.y_pt) is not None:
            cursor = threads.link_cursor()
        elif len(selected) == 1 and not selected[0].locked and \
                canvas.controller.page_index_of(selected[0].id) == pointer.page_index and \
                (handle := handle_at(selected[0], pointer.x_pt, pointer.y_pt, canvas.px_to_pt(HANDLE_PX))):
            cursor = HANDLE_CURSORS[handle]
        else:
            frame = frame_at(page, pointer.x_pt, pointer.y_pt, canvas.px_to_pt(RULE_HIT_PX))
            if frame is not None and pointer.photo_modifier and isinstance(frame, ImageFrame) and frame.asset:
                cursor = Qt.CursorShape.OpenHandCursor
            elif frame is not None:
                cursor = Qt.CursorShape.SizeAllCursor
        canvas.viewport().setCursor(cursor)


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

    def __init__(self, canvas: PageCanvas, kind: str) -> None:
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
            page = self._canvas.controller.doc.pages[pointer.page_index]
            over_text = self.name == "text" and isinstance(frame_at(page, pointer.x_pt, pointer.y_pt, 0.0), TextFrame)
            self._canvas.viewport().setCursor(Qt.CursorShape.IBeamCursor if over_text else Qt.CursorShape.CrossCursor)
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
        overlay = self._canvas.overlay
        overlay.preview = Preview(self._page, self._rect, self.name)
        overlay.guides = [(self._page, g) for g in guides]
        overlay.update()

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
        overlay = self._canvas.overlay
        overlay.preview = None
        overlay.guides = []
        overlay.update()
        return busy

    def double_click(self, pointer: Pointer) -> None:
        pass


def make_tool(canvas: PageCanvas, name: str) -> SelectTool | CreateTool:
    if name not in TOOL_NAMES:
        raise ValueError(f"unknown tool {name!r}")
    return SelectTool(canvas) if name == "select" else CreateTool(canvas, name)


__all__ = ["CreateTool", "Pointer", "SelectTool", "TOOL_NAMES", "geometry_changes", "make_tool", "new_frame"]
