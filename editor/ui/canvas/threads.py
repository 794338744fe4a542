"""Text threads on the canvas: in- and out-ports, the links between frames, overset markers.

As in InDesign, a selected text frame shows an in-port against its left
edge near the top and an out-port against its right edge near the bottom;
a port with a ▸ continues a thread. The ports sit just outside the frame,
touching its edge, so they never cover the frame's own characters (justified
text runs right up to the edge). Only the thread of a selected text frame is
drawn: every link of its story, a line from each out-port to the next
in-port, across pages; with no frame of a thread selected its links are not
drawn at all (they would cross the text of the frames they join). A story
with text left over shows a red ⊞ in the out-port of its last frame (or
against its caption's bottom right corner) whether or not it is selected, so
overset text is never missed. None of this is in the display list, so the
PNG export and printing never show it. Clicking an out-port and then another
text frame links them (``edits.link_frames``); that gesture lives in ``tools``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, TypeVar

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPolygonF

from editor.layout.display import Rect
from editor.layout.images import caption_rect
from editor.layout.masters import is_instance
from editor.model.document import INSTANCE_MARK, Document, thread_order
from editor.model.frames import ImageFrame, TextFrame

if TYPE_CHECKING:
    from editor.ui.canvas.surface import CanvasSurface

T = TypeVar("T")

#: Port size on screen (pixels).
PORT_PX = 9.0
THREAD = QColor(0, 90, 200)
OVERSET = QColor(220, 0, 0)


def _pen(color: QColor, width: float = 1.0) -> QPen:
    pen = QPen(color, width)
    pen.setCosmetic(True)
    return pen


def in_port(frame: TextFrame, size_pt: float) -> Rect:
    """The in-port square, outside the frame against its left edge, just below the top."""
    return Rect(frame.x_pt - size_pt, frame.y_pt + size_pt, size_pt, size_pt)


def out_port(frame: TextFrame, size_pt: float) -> Rect:
    """The out-port square, outside the frame against its right edge, just above the bottom."""
    return Rect(frame.x_pt + frame.width_pt, frame.y_pt + frame.height_pt - 2 * size_pt, size_pt, size_pt)


def _frame_lists(doc: Document) -> tuple:
    """Each page's frames list: changes replace a page's list rather than edit it, so while these
    are the same lists (compared by identity first) what is computed from the frames holds."""
    return tuple([page.frames for page in doc.pages])


class _LastResult(Generic[T]):
    """The result of a function of a document's frames for the last inputs it was asked for: the
    canvas paints the threads at every keystroke, and the frames of a 64-page issue seldom change."""

    def __init__(self) -> None:
        self._inputs: tuple | None = None
        self._result: T | None = None

    def get(self, inputs: tuple, make: Callable[[], T]) -> T:
        if self._result is None or self._inputs != inputs:
            self._result = make()
            self._inputs = inputs
        return self._result


_markers: _LastResult[list[tuple[str, Rect]]] = _LastResult()
_indices: _LastResult[tuple[dict[str, int], dict[str, int]]] = _LastResult()
_predecessors: _LastResult[set[str]] = _LastResult()


def overset_markers(doc: Document, overset_story_ids: list[str], size_pt: float) -> list[tuple[str, Rect]]:
    """(frame id, marker square in its page's points) for every overset story.

    The frames are sorted by story in one pass, and the result is kept while the pages' frames,
    the overset stories and the size are the same: the canvas asks at every paint, and a 64-page
    issue has hundreds of frames and dozens of overset stories (one scan per story took 10 ms)."""
    inputs = (_frame_lists(doc), tuple(overset_story_ids), size_pt)
    return list(_markers.get(inputs, lambda: _overset_markers(doc, overset_story_ids, size_pt)))


def _overset_markers(doc: Document, overset_story_ids: list[str], size_pt: float) -> list[tuple[str, Rect]]:
    wanted = set(overset_story_ids)
    text_frames: dict[str, dict[str, TextFrame]] = {}
    captioned: dict[str, list[ImageFrame]] = {}
    for page in doc.pages:
        for frame in page.frames:
            if isinstance(frame, TextFrame) and frame.story_id in wanted:
                text_frames.setdefault(frame.story_id, {})[frame.id] = frame
            elif isinstance(frame, ImageFrame) and frame.caption is not None and frame.caption.story_id in wanted:
                captioned.setdefault(frame.caption.story_id, []).append(frame)
    markers: list[tuple[str, Rect]] = []
    for story_id in overset_story_ids:
        frames = thread_order(text_frames.get(story_id, {}))
        if frames:
            markers.append((frames[-1].id, out_port(frames[-1], size_pt)))
            continue
        for frame in captioned.get(story_id, []):
            box = caption_rect(frame)
            if box is not None:
                markers.append((frame.id, Rect(box.right_pt, box.bottom_pt - size_pt, size_pt, size_pt)))
    return markers


def _contains(rect: Rect, x: float, y: float, slack: float) -> bool:
    return rect.x_pt - slack <= x <= rect.right_pt + slack and rect.y_pt - slack <= y <= rect.bottom_pt + slack


def out_port_at(canvas: CanvasSurface, page_index: int, x: float, y: float) -> str | None:
    """The text frame whose visible out-port (selected, or carrying an overset marker) is under a point."""
    size = canvas.px_to_pt(PORT_PX)
    doc = canvas.controller.doc
    page = doc.pages[page_index]
    on_page = {f.id for f in page.frames}
    for frame_id, rect in overset_markers(doc, canvas.controller.layout.overset_story_ids, size):
        frame = doc.frame_by_id(frame_id)
        if frame_id in on_page and isinstance(frame, TextFrame) and _contains(rect, x, y, size * 0.3):
            return frame_id
    for frame in page.frames:
        if isinstance(frame, TextFrame) and frame.id in canvas.controller.selection:
            if _contains(out_port(frame, size), x, y, size * 0.3):
                return frame.id
    return None


def _page_indices(doc: Document) -> tuple[dict[str, int], dict[str, int]]:
    """(frame id → page index, page id → page index), the first page wins: one pass for a paint's look-ups,
    kept while the pages and their frames are the same."""
    inputs = (tuple([page.id for page in doc.pages]), _frame_lists(doc))
    return _indices.get(inputs, lambda: _index_pages(doc))


def _index_pages(doc: Document) -> tuple[dict[str, int], dict[str, int]]:
    frames: dict[str, int] = {}
    pages: dict[str, int] = {}
    for index, page in enumerate(doc.pages):
        pages.setdefault(page.id, index)
        for frame in page.frames:
            frames.setdefault(frame.id, index)
    return frames, pages


def _scene_rect(canvas: CanvasSurface, frame_id: str, rect: Rect,
                pages: tuple[dict[str, int], dict[str, int]] | None = None) -> QRectF | None:
    """``rect`` of the frame ``frame_id`` in scene coordinates; ``pages`` from ``_page_indices`` (made if not given)."""
    pages = pages or _page_indices(canvas.controller.doc)
    page_index = pages[0].get(frame_id)
    if page_index is None and is_instance(frame_id):  # a master item on a page: <item>@<page id>
        page_index = pages[1].get(frame_id.split(INSTANCE_MARK, 1)[1])
    if page_index is None:
        return None
    origin = canvas.page_origin(page_index)
    return QRectF(origin.x() + rect.x_pt, origin.y() + rect.y_pt, rect.width_pt, rect.height_pt)


def _triangle(painter: QPainter, box: QRectF) -> None:
    inset = box.width() * 0.25
    painter.drawPolygon(QPolygonF([QPointF(box.left() + inset, box.top() + inset),
                                   QPointF(box.right() - inset, box.center().y()),
                                   QPointF(box.left() + inset, box.bottom() - inset)]))


def _outline_box(box: QRectF, scale: float) -> QRectF:
    """The rectangle to outline so the stroke (at most 1.5 px, not antialiased) stays inside the
    port's square: a square touching a frame's edge from outside then draws nothing on the frame."""
    inset = 1.0 / scale
    return box.adjusted(inset, inset, -inset, -inset)


def paint(painter: QPainter, canvas: CanvasSurface, scale: float, exposed: QRectF | None = None) -> None:
    """Ports of selected text frames, links of their stories, and every overset marker (scene coordinates);
    with ``exposed``, the part of the scene being painted, only the markers in it (a 64-page issue has
    dozens, on pages out of view)."""
    size = PORT_PX / scale
    selected = [f for f in canvas.controller.selected_frames() if isinstance(f, TextFrame)]
    pages = _page_indices(canvas.controller.doc)
    painter.save()
    _paint_links(painter, canvas, selected, size, pages)
    _paint_ports(painter, canvas, selected, scale, pages)
    _paint_overset_markers(painter, canvas, scale, exposed, pages)
    painter.restore()


def _paint_links(painter: QPainter, canvas: CanvasSurface, selected: list[TextFrame], size: float,
                 pages: tuple[dict[str, int], dict[str, int]]) -> None:
    """Every link of each selected frame's story, out-port to in-port; none for stories not selected."""
    doc = canvas.controller.doc
    painter.setPen(_pen(THREAD, 1.5))
    for story_id in dict.fromkeys(f.story_id for f in selected):
        for a, b in itertools.pairwise(doc.story_frames(story_id)):
            start = _scene_rect(canvas, a.id, out_port(a, size), pages)
            end = _scene_rect(canvas, b.id, in_port(b, size), pages)
            if start is not None and end is not None:
                painter.drawLine(start.center(), end.center())


def _paint_ports(painter: QPainter, canvas: CanvasSurface, selected: list[TextFrame], scale: float,
                 pages: tuple[dict[str, int], dict[str, int]]) -> None:
    """The in- and out-port of each selected text frame; a ▸ in a port the thread goes through."""
    doc = canvas.controller.doc
    size = PORT_PX / scale
    predecessors = _predecessors.get((_frame_lists(doc),), lambda: {
        f.next_frame_id for _, f in doc.frames_with_pages() if isinstance(f, TextFrame) and f.next_frame_id})
    painter.setPen(_pen(THREAD))
    for frame in selected:
        for rect, threaded in ((in_port(frame, size), frame.id in predecessors),
                               (out_port(frame, size), frame.next_frame_id is not None)):
            box = _scene_rect(canvas, frame.id, rect, pages)
            if box is None:
                continue
            painter.setBrush(QColor(255, 255, 255))
            painter.drawRect(_outline_box(box, scale))
            if threaded:
                painter.setBrush(THREAD)
                _triangle(painter, box)


def _paint_overset_markers(painter: QPainter, canvas: CanvasSurface, scale: float, exposed: QRectF | None,
                           pages: tuple[dict[str, int], dict[str, int]]) -> None:
    """A red ⊞ in the out-port of each overset story's last frame, selected or not."""
    # Markers come from the document as laid out, so a running head that overflows on a page is marked there.
    laid_out = canvas.controller.layout.document or canvas.controller.doc
    painter.setPen(_pen(OVERSET, 1.5))
    painter.setBrush(QColor(255, 255, 255))
    for frame_id, rect in overset_markers(laid_out, canvas.controller.layout.overset_story_ids, PORT_PX / scale):
        box = _scene_rect(canvas, frame_id, rect, pages)
        if box is None or (exposed is not None and not box.intersects(exposed)):
            continue
        painter.drawRect(_outline_box(box, scale))
        c, half = box.center(), box.width() * 0.3
        painter.drawLine(QPointF(c.x() - half, c.y()), QPointF(c.x() + half, c.y()))
        painter.drawLine(QPointF(c.x(), c.y() - half), QPointF(c.x(), c.y() + half))


def link_cursor() -> Qt.CursorShape:
    """The cursor while a thread is "loaded" (after clicking an out-port)."""
    return Qt.CursorShape.PointingHandCursor
