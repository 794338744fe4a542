"""Frame hit tests, handles, and the overlay that draws selection and gesture feedback.

The overlay is one scene item above the pages. It draws what is not print:
frame edges (so an empty text frame can be found), a grey cross in photo
frames with no photo to show, the selection with its
eight handles, the smart guides of a drag, the rubber band, the outline of
a frame being drawn, and the thread ports, links and overset markers
(``threads``). Handles and ports keep a constant size on screen, so hit
tests take their size in points at the current zoom.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from editor.layout.display import ImageItem, Rect
from editor.layout.images import caption_rect
from editor.model.changes import revisions
from editor.model.document import Page
from editor.model.frames import Frame, ImageFrame, ShapeFrame, TextFrame
from editor.ui.canvas import threads
from editor.ui.canvas.master_mode import MasterItems, editing_label, hit_page
from editor.ui.canvas.snapping import Guide

if TYPE_CHECKING:
    from editor.ui.canvas.gestures import Pointer
    from editor.ui.canvas.surface import CanvasSurface

#: Handle names: which edges each one moves.
HANDLES = ("tl", "t", "tr", "r", "br", "b", "bl", "l")
#: Handle size on screen (pixels).
HANDLE_PX = 7.0
#: How close (pixels) a click must be to a thin rule to hit it.
RULE_HIT_PX = 5.0

SELECTION = QColor(0, 120, 215)
FRAME_EDGE = QColor(150, 170, 200)
GUIDE = QColor(255, 0, 140)
LOCKED = QColor(150, 150, 150)
LABEL = QColor(110, 110, 110)
EMPTY_PHOTO_FILL = QColor(128, 128, 128, 40)
EMPTY_PHOTO_LINE = QColor(140, 140, 140)


def cosmetic(color: QColor, width: float = 1.0, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
    pen = QPen(color, width, style)
    pen.setCosmetic(True)
    return pen


def frame_rect(frame: Frame) -> Rect:
    return Rect(frame.x_pt, frame.y_pt, frame.width_pt, frame.height_pt)


def is_rule(frame: Frame) -> bool:
    return isinstance(frame, ShapeFrame) and frame.shape == "rule"


def hit_rect(frame: Frame, tolerance_pt: float) -> Rect:
    """What a click may hit: the frame, its caption, and a margin around thin rules."""
    rect = frame_rect(frame)
    if isinstance(frame, ImageFrame):
        caption = caption_rect(frame)
        if caption is not None:
            rect = rect.union(caption)
    if rect.width_pt < 2 * tolerance_pt or rect.height_pt < 2 * tolerance_pt:
        rect = rect.expanded(tolerance_pt)
    return rect


def contains(rect: Rect, x: float, y: float) -> bool:
    return rect.x_pt <= x <= rect.right_pt and rect.y_pt <= y <= rect.bottom_pt


def frame_at(page: Page | MasterItems, x: float, y: float, tolerance_pt: float) -> Frame | None:
    """The topmost frame under a page point."""
    for frame in reversed(page.frames):
        if contains(hit_rect(frame, tolerance_pt), x, y):
            return frame
    return None


def clicked_frame(canvas: CanvasSurface, pointer: Pointer) -> Frame | None:
    """The frame a click of the arrow hits: the topmost one the page reaches (``hit_page``: a
    master's items only while it is edited), thin rules within RULE_HIT_PX on screen."""
    page = hit_page(canvas.controller, pointer.page_index)
    return frame_at(page, pointer.x_pt, pointer.y_pt, canvas.px_to_pt(RULE_HIT_PX))


def handle_points(frame: Frame) -> dict[str, tuple[float, float]]:
    """Where each handle of a frame is; a horizontal rule has only its two ends (and a vertical one)."""
    r = frame_rect(frame)
    xm, ym = r.x_pt + r.width_pt / 2, r.y_pt + r.height_pt / 2
    points = {"tl": (r.x_pt, r.y_pt), "t": (xm, r.y_pt), "tr": (r.right_pt, r.y_pt), "r": (r.right_pt, ym),
              "br": (r.right_pt, r.bottom_pt), "b": (xm, r.bottom_pt), "bl": (r.x_pt, r.bottom_pt), "l": (r.x_pt, ym)}
    if is_rule(frame):
        if abs(r.height_pt) < 1e-6:
            return {"l": points["l"], "r": points["r"]}
        if abs(r.width_pt) < 1e-6:
            return {"t": points["t"], "b": points["b"]}
        return {"tl": points["tl"], "br": points["br"]}
    return points


def handle_at(frame: Frame, x: float, y: float, size_pt: float) -> str | None:
    """The handle of ``frame`` under a page point, if any."""
    half = size_pt / 2 + size_pt * 0.3
    for name, (hx, hy) in handle_points(frame).items():
        if abs(x - hx) <= half and abs(y - hy) <= half:
            return name
    return None


HANDLE_CURSORS = {
    "tl": Qt.CursorShape.SizeFDiagCursor, "br": Qt.CursorShape.SizeFDiagCursor,
    "tr": Qt.CursorShape.SizeBDiagCursor, "bl": Qt.CursorShape.SizeBDiagCursor,
    "t": Qt.CursorShape.SizeVerCursor, "b": Qt.CursorShape.SizeVerCursor,
    "l": Qt.CursorShape.SizeHorCursor, "r": Qt.CursorShape.SizeHorCursor,
}


_NOUNS = {"text": "文本框", "image": "图片", "rule": "线条", "box": "方框"}


def noun(frames: list[Frame]) -> str:
    """What the undo menu calls the frames an edit touched: 图片, 文本框, 3 个对象 …"""
    if len(frames) == 1:
        return _NOUNS.get(frames[0].kind, "对象")
    kinds = {f.kind for f in frames}
    if len(kinds) == 1:
        return f"{len(frames)} 个{_NOUNS.get(kinds.pop(), '对象')}"
    return f"{len(frames)} 个对象"


@dataclass
class Preview:
    """A frame being drawn: its page, rectangle and kind."""

    page_index: int
    rect: Rect
    kind: str


class FrameOverlay(QGraphicsItem):
    """Selection, handles, guides, rubber band, threads — drawn above every page."""

    def __init__(self, canvas: CanvasSurface) -> None:
        super().__init__()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption, True)
        self.setZValue(10.0)
        self._canvas = canvas
        self._bounds = QRectF()
        self.guides: list[tuple[int, Guide]] = []
        self.rubber_band: QRectF | None = None
        self.preview: Preview | None = None
        self.frame_edges_visible = True
        self._signature: tuple = ()

    def refresh(self) -> None:
        """Repaint if anything the overlay draws changed (frames, selection, threads, overset);
        typing in a story changes none of it, so the view is not repainted for nothing.

        The frames are compared as the pages' and masters' frame lists: changes put a new list
        where a frame changed (equal lists compare equal, the same list at once, so this costs
        nothing per frame while typing in a 64-page issue); a change made in place moves
        ``revisions().in_place``."""
        controller = self._canvas.controller
        signature = (
            tuple([page.frames for page in controller.doc.pages]),
            tuple([master.frames for master in controller.doc.masters]),
            revisions().in_place,
            controller.editing_master_id,
            controller.selection,
            tuple(controller.layout.overset_story_ids),
        )
        if signature != self._signature:
            self._signature = signature
            self.update()

    def set_bounds(self, rect: QRectF) -> None:
        self.prepareGeometryChange()
        self._bounds = QRectF(rect)

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt's name
        return self._bounds

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        canvas = self._canvas
        scale = painter.worldTransform().m11() or 1.0
        exposed = option.exposedRect
        doc = canvas.controller.doc
        selected = set(canvas.controller.selection)
        single = len(selected) == 1 and not canvas.is_text_editing()  # no handles on the frame being typed in
        for index, page in enumerate(doc.pages):
            origin = canvas.page_origin(index)
            page_box = QRectF(origin.x() - 40, origin.y() - 40, doc.page_width_pt + 80, doc.page_height_pt + 80)
            if not page_box.intersects(exposed):
                continue
            painter.save()
            painter.translate(origin)
            self._paint_label(painter, index, scale)
            self._paint_empty_photos(painter, index, page)
            if self.frame_edges_visible:
                self._paint_edges(painter, hit_page(canvas.controller, index))  # a master's items while it is edited
            for frame in hit_page(canvas.controller, index).frames:
                if frame.id in selected:
                    self._paint_selection(painter, frame, scale, single)
            painter.restore()
        threads.paint(painter, canvas, scale, exposed)
        self._paint_feedback(painter, scale)

    def _paint_label(self, painter: QPainter, index: int, scale: float) -> None:
        """"第 n 页" above the page's top-left corner, a constant size on screen."""
        bleed = self._canvas.controller.doc.bleed_pt
        painter.save()
        painter.translate(-bleed, -bleed - 4.0 / scale)
        painter.scale(1.0 / scale, 1.0 / scale)
        font = QFont()
        font.setPixelSize(12)
        painter.setFont(font)
        painter.setPen(LABEL)
        master = editing_label(self._canvas.controller, index)
        painter.drawText(QPointF(0.0, 0.0), f"第 {index + 1} 页" + (f" · 正在编辑{master}" if master else ""))
        painter.restore()

    def _paint_empty_photos(self, painter: QPainter, index: int, page: Page) -> None:
        """A grey cross in every photo frame with no photo to show (empty, or its photo lost):
        on screen only, since such a frame prints nothing (``layout.engine.placeholder_items``)."""
        layout = self._canvas.controller.layout
        if index >= len(layout.pages):
            return
        shown = {item.frame_id for item in layout.pages[index].items if isinstance(item, ImageItem)}
        for frame in page.frames:
            if isinstance(frame, ImageFrame) and frame.id not in shown:
                r = QRectF(frame.x_pt, frame.y_pt, frame.width_pt, frame.height_pt)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(EMPTY_PHOTO_FILL)
                painter.drawRect(r)
                painter.setPen(cosmetic(EMPTY_PHOTO_LINE))
                painter.drawLine(r.topLeft(), r.bottomRight())
                painter.drawLine(r.bottomLeft(), r.topRight())

    def _paint_edges(self, painter: QPainter, page: Page | MasterItems) -> None:
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(cosmetic(FRAME_EDGE, 1.0, Qt.PenStyle.DotLine))
        for frame in page.frames:
            if isinstance(frame, TextFrame | ImageFrame):
                r = frame_rect(frame)
                painter.drawRect(QRectF(r.x_pt, r.y_pt, r.width_pt, r.height_pt))

    def _paint_selection(self, painter: QPainter, frame: Frame, scale: float, single: bool) -> None:
        color = LOCKED if frame.locked else SELECTION
        r = frame_rect(frame)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(cosmetic(color))
        if is_rule(frame):
            painter.drawLine(QPointF(r.x_pt, r.y_pt), QPointF(r.right_pt, r.bottom_pt))
        else:
            painter.drawRect(QRectF(r.x_pt, r.y_pt, r.width_pt, r.height_pt))
        if isinstance(frame, ImageFrame):
            caption = caption_rect(frame)
            if caption is not None:
                painter.setPen(cosmetic(color, 1.0, Qt.PenStyle.DashLine))
                painter.drawRect(QRectF(caption.x_pt, caption.y_pt, caption.width_pt, caption.height_pt))
        if not single or frame.locked:
            return
        size = HANDLE_PX / scale
        painter.setPen(cosmetic(color))
        painter.setBrush(QColor(255, 255, 255))
        for hx, hy in handle_points(frame).values():
            painter.drawRect(QRectF(hx - size / 2, hy - size / 2, size, size))

    def _paint_feedback(self, painter: QPainter, scale: float) -> None:
        canvas = self._canvas
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(cosmetic(GUIDE))
        for page_index, guide in self.guides:
            origin = canvas.page_origin(page_index)
            if guide.vertical:
                painter.drawLine(origin + QPointF(guide.position_pt, guide.start_pt),
                                 origin + QPointF(guide.position_pt, guide.end_pt))
            else:
                painter.drawLine(origin + QPointF(guide.start_pt, guide.position_pt),
                                 origin + QPointF(guide.end_pt, guide.position_pt))
        if self.preview is not None:
            r = self.preview.rect
            origin = canvas.page_origin(self.preview.page_index)
            painter.setPen(cosmetic(SELECTION, 1.0, Qt.PenStyle.DashLine))
            if self.preview.kind == "rule":
                painter.drawLine(origin + QPointF(r.x_pt, r.y_pt), origin + QPointF(r.right_pt, r.bottom_pt))
            else:
                painter.drawRect(QRectF(origin.x() + r.x_pt, origin.y() + r.y_pt, r.width_pt, r.height_pt))
        if self.rubber_band is not None:
            painter.setPen(cosmetic(SELECTION))
            painter.setBrush(QColor(0, 120, 215, 40))
            painter.drawRect(self.rubber_band)
