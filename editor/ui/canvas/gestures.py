"""Mouse gestures of the select tool: move, resize, rubber band, thread — and the ``Pointer`` they read.

The canvas turns each mouse event into a ``Pointer`` (scene point, the page
under it and the point in that page's coordinates). A gesture begins at a
press, follows the moves and ends at the release. Gestures change the
document live — every mouse move is an edit with the gesture's merge key,
so text reflows around a dragged photo as it moves and the whole drag is
still one undo step (撤销 移动图片). Esc cancels: the frames go back, in the
same undo step, which then changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QPointF, QRectF, Qt

from editor.layout.display import Rect
from editor.model import edits
from editor.model.changes import Change
from editor.model.document import Document
from editor.model.frames import Frame, TextFrame
from editor.ui.canvas.frames import RULE_HIT_PX, frame_at, frame_rect, hit_rect, is_rule, noun
from editor.ui.canvas.master_mode import hit_page
from editor.ui.canvas.snapping import SnapTargets, page_targets, snap_move, snap_resize

if TYPE_CHECKING:
    from editor.ui.canvas.surface import CanvasSurface

#: Smallest frame a resize leaves (points).
MIN_SIZE_PT = 4.0
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


def targets_for(canvas: CanvasSurface, page_index: int, exclude: set[str]) -> SnapTargets:
    page = hit_page(canvas.controller, page_index)
    return page_targets(canvas.grid(page_index), [frame_rect(f) for f in page.frames if f.id not in exclude])


def _bounds(rects: list[Rect]) -> Rect:
    whole = rects[0]
    for r in rects[1:]:
        whole = whole.union(r)
    return whole


class MoveGesture:
    """Drag selected frames; their bounds on the grabbed page snap to guides and frames."""

    def __init__(self, canvas: CanvasSurface, pointer: Pointer, frame_ids: list[str]) -> None:
        self._canvas = canvas
        self._start = pointer.scene
        self._page = pointer.page_index
        doc = canvas.controller.doc
        # edits.find_frame: while a master is edited, the selection holds the master's own items.
        chosen = [f for f in (edits.find_frame(doc, i) for i in frame_ids) if f is not None]
        frames = [f for f in chosen if not f.locked]
        self._locked = len(frames) < len(chosen)
        self._frames = frames
        self._origins = {f.id: (f.x_pt, f.y_pt) for f in frames}
        on_page = {f.id for f in hit_page(canvas.controller, self._page).frames}
        grabbed = [frame_rect(f) for f in frames if f.id in on_page]
        self._bounds = _bounds(grabbed) if grabbed else None
        self._targets = targets_for(canvas, self._page, set(self._origins))
        self._key = canvas.next_merge_key("move")
        self._label = f"移动{noun(frames)}" if frames else ""
        self._started = False

    @property
    def dragged(self) -> bool:
        """The pointer went past the drag distance: a move, not a click."""
        return self._started

    def move(self, pointer: Pointer) -> None:
        dx = pointer.scene.x() - self._start.x()
        dy = pointer.scene.y() - self._start.y()
        if not self._started:
            if abs(dx) + abs(dy) < self._canvas.px_to_pt(self._canvas.drag_distance_px()):
                return
            self._started = True
            if self._canvas.controller.read_only:
                self._canvas.notify_once(READ_ONLY_NOTICE)
            elif self._locked:
                self._canvas.notify_once(LOCKED_NOTICE)
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
        self._canvas.show_guides(self._page, guides)

    def _apply(self, dx: float, dy: float) -> None:
        controller = self._canvas.controller
        doc = controller.doc
        offsets: dict[str, tuple[float, float]] = {}
        for frame_id, (x0, y0) in self._origins.items():
            frame = edits.find_frame(doc, frame_id)
            if frame is not None and (abs(x0 + dx - frame.x_pt) > 1e-9 or abs(y0 + dy - frame.y_pt) > 1e-9):
                offsets[frame_id] = (x0 + dx - frame.x_pt, y0 + dy - frame.y_pt)
        if offsets:
            controller.edit(self._label, edits.move_frames(doc, offsets), merge_key=self._key)

    def finish(self, pointer: Pointer) -> None:
        self.move(pointer)
        if self._started:
            self._change_pages()
        self._canvas.show_guides(self._page, ())

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
        self._canvas.show_guides(self._page, ())


class ResizeGesture:
    """Drag one handle: only its edges move (and snap); Shift on a corner keeps the proportions."""

    def __init__(self, canvas: CanvasSurface, pointer: Pointer, frame: Frame, handle: str) -> None:
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
            canvas.notify_once(READ_ONLY_NOTICE)

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
        self._canvas.show_guides(self._page, guides)

    def _apply(self, rect: Rect) -> None:
        controller = self._canvas.controller
        frame = edits.find_frame(controller.doc, self._frame_id)
        if frame is None or frame_rect(frame) == rect:
            return
        controller.edit(self._label, geometry_changes(controller.doc, frame, rect), merge_key=self._key)

    def finish(self, pointer: Pointer) -> None:
        self.move(pointer)
        self._canvas.show_guides(self._page, ())

    def cancel(self) -> None:
        self._apply(self._rect)
        self._canvas.show_guides(self._page, ())


class RubberBandGesture:
    """Drag on empty space: select every frame the band touches (Shift adds to the selection)."""

    def __init__(self, canvas: CanvasSurface, pointer: Pointer) -> None:
        self._canvas = canvas
        self._start = pointer.scene
        self._base = list(canvas.controller.selection) if pointer.shift else []

    def move(self, pointer: Pointer) -> None:
        self._canvas.show_rubber_band(QRectF(self._start, pointer.scene).normalized())

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
        self._canvas.show_rubber_band(None)


class ThreadGesture:
    """After a click on an out-port: the next click on a text frame links it (edits.link_frames)."""

    def __init__(self, canvas: CanvasSurface, source_id: str) -> None:
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
            canvas.notify("无法串接：目标文本框属于同一篇文章，或已在另一串接的中间。")

    def move(self, pointer: Pointer) -> None:
        pass

    def finish(self, pointer: Pointer) -> None:
        self.link_to(pointer)

    def cancel(self) -> None:
        pass
