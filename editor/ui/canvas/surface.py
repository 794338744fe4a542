"""``CanvasSurface``: what tools, gestures, threads, drops and text editing need from the canvas.

The helpers of the canvas do not hold the view (``PageCanvas``, a
QGraphicsView with zoom, scroll bars, page pictures and a public API of its
own); they hold this small interface, which the view implements. It is the
whole of what they may ask: the document (``CanvasDocument``, the part of
the ``DocumentController`` they use: the document, its layout, the selection,
``edit()`` and undo), conversion between screen pixels and
page points, where each page sits in the scene, the page grids, messages for
the status bar, merge keys for one undo step per gesture, and the feedback
drawn above the pages (guides, the frame being drawn, the rubber band,
the cursor). So a tool can be read — and tested with a fake surface —
without the widget; and the view can change without touching the tools.

``TextSurface`` adds what the caret needs besides: scrolling it into view,
ending the editing (Esc), and showing an input method's provisional layout.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from collections.abc import Sequence

    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QUndoStack

    from editor.layout.display import DocumentLayout, PageLayout, Rect
    from editor.layout.engine import StoryMemo
    from editor.layout.flow import FlowArea
    from editor.model.changes import Change
    from editor.model.document import Document
    from editor.model.frames import Frame
    from editor.ui.canvas.frames import Preview
    from editor.ui.canvas.gestures import Pointer
    from editor.ui.canvas.grid import PageGrid
    from editor.ui.canvas.snapping import Guide


class CanvasDocument(Protocol):
    """The document as the canvas's helpers see it (``ui.controller.DocumentController`` is one)."""

    undo_stack: QUndoStack

    @property
    def doc(self) -> Document: ...

    @property
    def layout(self) -> DocumentLayout: ...

    @property
    def read_only(self) -> bool: ...

    @property
    def selection(self) -> tuple[str, ...]: ...

    @property
    def editing_master_id(self) -> str | None:
        """The master whose items a click reaches (编辑母版), or None: the pages' own frames."""
        ...

    def edit(self, text: str, changes: list[Change], merge_key: str | None = None) -> bool:
        """Apply changes as one undo step labelled ``text`` (merged with others of ``merge_key``)."""
        ...

    def select(self, frame_ids: list[str] | tuple[str, ...]) -> None: ...

    def selected_frames(self) -> list[Frame]: ...

    def page_index_of(self, frame_id: str) -> int | None: ...

    def last_composition(self, story_id: str) -> tuple[list[FlowArea], StoryMemo] | None:
        """Where the layout composed a story, and a copy of its memo (an input method's preedit)."""
        ...


class CanvasSurface(Protocol):
    """The canvas as tools, gestures, threads, drops and the frame overlay see it."""

    #: The document: its layout, the selection, and ``edit()`` (every change is one).
    controller: CanvasDocument

    # ---- coordinates
    def page_origin(self, index: int) -> QPointF:
        """Where page ``index``'s top-left corner is in the scene (points)."""
        ...

    def page_at(self, scene: QPointF) -> int:
        """The page under (or nearest) a scene point."""
        ...

    def px_to_pt(self, px: float) -> float:
        """A distance on screen (pixels) in page points at the current zoom."""
        ...

    def snap_threshold_pt(self) -> float:
        """How near (points) an edge must come to a guide to snap to it."""
        ...

    def drag_distance_px(self) -> int:
        """How far (pixels) the mouse must move before a press becomes a drag."""
        ...

    def grid(self, page_index: int) -> PageGrid:
        """Margins and columns of a page."""
        ...

    # ---- notifications and undo steps
    def notify(self, text: str) -> None:
        """Tell the user something (a Chinese sentence for the status bar)."""
        ...

    def notify_once(self, text: str) -> None:
        """Like ``notify``, but not again for the same text within a few seconds (a gesture's moves)."""
        ...

    def next_merge_key(self, prefix: str) -> str:
        """A merge key for one gesture: its edits merge into one undo step, and no others."""
        ...

    # ---- feedback above the pages
    def show_guides(self, page_index: int, guides: Sequence[Guide]) -> None:
        """Draw these snapping guides on a page (none: clear them)."""
        ...

    def show_preview(self, preview: Preview | None) -> None:
        """Draw the outline of a frame being drawn (None: no outline)."""
        ...

    def show_rubber_band(self, rect: QRectF | None) -> None:
        """Draw a selection band, in scene points (None: no band)."""
        ...

    def set_cursor(self, shape: Qt.CursorShape | None) -> None:
        """The mouse cursor over the pages (None: the default)."""
        ...

    # ---- what a tool asks the canvas to do
    def is_text_editing(self) -> bool:
        """Whether a story has the caret."""
        ...

    def start_text_editing(self, frame_id: str, pointer: Pointer | None = None) -> bool:
        """Put the caret into a frame's story (where ``pointer`` clicked); False if it has none."""
        ...

    def create_frame(self, page_index: int, kind: str, rect: Rect) -> str | None:
        """Add a frame drawn with a tool ("text", "image", "rule", "box"); its id, None if refused."""
        ...


class TextSurface(CanvasSurface, Protocol):
    """The canvas as the text editor (caret, keys, input methods) sees it."""

    def px_per_pt(self) -> float:
        """Screen pixels per point at the current zoom (the input method's font size)."""
        ...

    def ensure_scene_rect_visible(self, rect: QRectF) -> None:
        """Scroll so that a scene rectangle (the caret) is in view."""
        ...

    def stop_text_editing(self) -> None:
        """End editing (Esc); the frame stays selected."""
        ...

    def show_provisional(self, pages: dict[int, PageLayout]) -> None:
        """Show these display lists instead of the layout's (an input method's preedit)."""
        ...


__all__ = ["CanvasDocument", "CanvasSurface", "TextSurface"]
