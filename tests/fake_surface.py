"""A fake ``CanvasSurface``/``TextSurface`` for testing tools, gestures and text editing without a view.

Pages sit at the scene's origin one below the other with no gap, one screen
pixel is one point, and the grids are the pages' own (``grid.page_grid``).
Everything a helper asks the canvas to show or do is recorded: messages,
guides, the frame preview, the rubber band, the cursor, frames created,
the caret's scroll requests, provisional pages, editing started and stopped.
The document is a real ``DocumentController``: the edits are the product.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt

from editor.layout.display import PageLayout, Rect
from editor.model.document import Document
from editor.ui.canvas.frames import Preview
from editor.ui.canvas.gestures import Pointer
from editor.ui.canvas.grid import PageGrid, page_grid
from editor.ui.canvas.master_mode import add_frame_changes
from editor.ui.canvas.snapping import Guide
from editor.ui.canvas.tools import new_frame
from editor.ui.controller import DocumentController


def pointer(x_pt: float, y_pt: float, page_index: int = 0, doc: Document | None = None,
            modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> Pointer:
    """A left-button pointer at a page point (scene = page point on page 0; pages stacked without gaps)."""
    top = page_index * doc.page_height_pt if doc is not None else 0.0
    return Pointer(QPointF(x_pt, top + y_pt), page_index, x_pt, y_pt, modifiers, Qt.MouseButton.LeftButton)


@dataclass
class FakeSurface:
    """Records what a canvas helper shows and asks for; implements ``surface.TextSurface``."""

    controller: DocumentController
    snap_pt: float = 0.0
    messages: list[str] = field(default_factory=list)
    guides: tuple[int, tuple[Guide, ...]] = (0, ())
    preview: Preview | None = None
    rubber_band: QRectF | None = None
    cursor: Qt.CursorShape | None = None
    created: list[tuple[int, str, Rect]] = field(default_factory=list)
    editing: list[tuple[str, Pointer | None]] = field(default_factory=list)
    stopped: int = 0
    scrolled_to: list[QRectF] = field(default_factory=list)
    provisional: dict[int, PageLayout] = field(default_factory=dict)
    _keys: itertools.count = field(default_factory=lambda: itertools.count(1))

    # ---- coordinates
    def page_origin(self, index: int) -> QPointF:
        return QPointF(0.0, index * self.controller.doc.page_height_pt)

    def page_at(self, scene: QPointF) -> int:
        count = len(self.controller.doc.pages)
        return max(0, min(count - 1, int(scene.y() // self.controller.doc.page_height_pt)))

    def px_to_pt(self, px: float) -> float:
        return px

    def px_per_pt(self) -> float:
        return 1.0

    def snap_threshold_pt(self) -> float:
        return self.snap_pt

    def drag_distance_px(self) -> int:
        return 4

    def grid(self, page_index: int) -> PageGrid:
        doc = self.controller.doc
        return page_grid(doc, doc.pages[page_index])

    # ---- notifications and undo steps
    def notify(self, text: str) -> None:
        self.messages.append(text)

    def notify_once(self, text: str) -> None:
        if not self.messages or self.messages[-1] != text:
            self.messages.append(text)

    def next_merge_key(self, prefix: str) -> str:
        return f"fake-{prefix}:{next(self._keys)}"

    # ---- feedback
    def show_guides(self, page_index: int, guides) -> None:
        self.guides = (page_index, tuple(guides))

    def show_preview(self, preview: Preview | None) -> None:
        self.preview = preview

    def show_rubber_band(self, rect: QRectF | None) -> None:
        self.rubber_band = rect

    def set_cursor(self, shape: Qt.CursorShape | None) -> None:
        self.cursor = shape

    # ---- requests
    def is_text_editing(self) -> bool:
        return bool(self.editing) and self.stopped < len(self.editing)

    def start_text_editing(self, frame_id: str, pointer: Pointer | None = None) -> bool:
        self.editing.append((frame_id, pointer))
        return True

    def stop_text_editing(self) -> None:
        self.stopped += 1

    def create_frame(self, page_index: int, kind: str, rect: Rect) -> str | None:
        """Adds the frame as the view does (so what a tool draws can be checked in the document)."""
        self.created.append((page_index, kind, rect))
        frame, story = new_frame(self.controller.doc, kind, rect)
        if not self.controller.edit("添加", add_frame_changes(self.controller, page_index, frame, story)):
            return None
        return frame.id

    def ensure_scene_rect_visible(self, rect: QRectF) -> None:
        self.scrolled_to.append(QRectF(rect))

    def show_provisional(self, pages: dict[int, PageLayout]) -> None:
        self.provisional = dict(pages)
