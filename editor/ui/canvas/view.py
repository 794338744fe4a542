"""``PageCanvas``: the pages in a QGraphicsView — pages, zoom, tools, text editing, public API.

Scene units are points; page ``i`` sits at ``page_origin(i)``, pages one
below the other on a grey pasteboard. 100 % zoom shows the page at its
real size (the screen's logical DPI). The canvas listens to the controller
and repaints only the pages whose display list changed
(``PageItem.set_page``, through ``page_stack``). It holds its input handler
(``view_input``: mouse, keys, input methods, drops) and implements the
``surface.CanvasSurface`` its tools, gestures and text editor are given.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QInputMethodEvent, QKeyEvent, QMouseEvent, QTransform, QWheelEvent
from PySide6.QtWidgets import QApplication, QGraphicsScene, QGraphicsView, QWidget

from editor.layout.display import PageLayout, Rect
from editor.model import edits
from editor.model.frames import TextFrame
from editor.render.qt import PhotoCache
from editor.ui.canvas import text_clipboard, text_format
from editor.ui.canvas.frames import FrameOverlay, Preview
from editor.ui.canvas.grid import PageGrid
from editor.ui.canvas.master_mode import add_frame_changes, editable_story
from editor.ui.canvas.page_item import PASTEBOARD, PageItem
from editor.ui.canvas.page_stack import PageStack, page_at, page_origin
from editor.ui.canvas.photo_tools import FIT_LABELS, fit_changes
from editor.ui.canvas.snapping import Guide
from editor.ui.canvas.story_text import set_paragraph_style
from editor.ui.canvas.text_editing import TextEditor
from editor.ui.canvas.tools import TOOL_NAMES, CreateTool, Pointer, SelectTool, make_tool, new_frame
from editor.ui.canvas.view_input import CanvasInput
from editor.ui.controller import DocumentController

MIN_ZOOM, MAX_ZOOM = 0.1, 16.0
#: Zoom factor per 放大/缩小 step.
STEP_ZOOM = 1.25
#: Snapping reach, as a distance on screen.
SNAP_MM_ON_SCREEN = 2.0


def _tab(event: QKeyEvent) -> bool:
    """Tab or Shift+Tab without Ctrl or Alt (the page's next / previous frame)."""
    plain = not event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    return plain and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)


def _ctrl_tab(event: QKeyEvent) -> bool:
    """Ctrl+Tab or Ctrl+Shift+Tab: the keyboard's way off the page to the panels, as out of Qt's own
    text boxes (plain Tab stays on the page)."""
    return bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier) \
        and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)


class PageCanvas(QGraphicsView):
    """The document's pages, editable with the mouse and keyboard (see the package docstring)."""

    zoom_changed = Signal(float)
    current_page_changed = Signal(int)
    tool_changed = Signal(str)
    #: A sentence for the user (status bar), e.g. why a dropped file was refused.
    message = Signal(str)
    text_editing_changed = Signal(bool)
    #: The paragraph style at the caret while editing.
    paragraph_style_changed = Signal(str)

    def __init__(self, controller: DocumentController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.photos = PhotoCache()
        self.setScene(QGraphicsScene(self))
        self.setBackgroundBrush(PASTEBOARD)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.viewport().setMouseTracking(True)
        self._zoom = 1.0
        self._stack = PageStack(self.scene(), self.photos)
        self.overlay = FrameOverlay(self)
        self.scene().addItem(self.overlay)
        self.editor = TextEditor(self)
        self.scene().addItem(self.editor)
        self.editor.editing_changed.connect(self.text_editing_changed)
        self.editor.editing_changed.connect(lambda _editing: self.overlay.update())
        self.editor.paragraph_style_changed.connect(self.paragraph_style_changed)
        self._tool: SelectTool | CreateTool = SelectTool(self)
        self._merge_ids = itertools.count(1)
        self._current_page = -1
        self._last_notice = ("", 0.0)
        #: Mouse, wheel, keys, input methods and drops (``view_input``): the Qt handlers below hand events on.
        self.input_handler = CanvasInput(self)
        controller.layout_changed.connect(self._layout_changed)
        controller.pages_changed.connect(self._rebuild_pages)
        controller.document_replaced.connect(self._document_replaced)
        controller.model_updated.connect(self._model_updated)
        controller.selection_changed.connect(self.overlay.update)
        controller.master_editing_changed.connect(self._master_editing_changed)
        self.verticalScrollBar().valueChanged.connect(self._update_current_page)
        for bar in (self.horizontalScrollBar(), self.verticalScrollBar()):
            bar.valueChanged.connect(self._caret_moved_on_screen)
        self._rebuild_pages()
        self._apply_zoom(1.0)
        #: Fit the first page once the view has its size (a document opened before the window showed).
        self._fit_when_shown = True

    # ------------------------------------------------------------ geometry

    def page_origin(self, index: int) -> QPointF:
        """Where page ``index``'s top-left corner is in the scene."""
        return page_origin(self.controller.doc, index)

    def page_at(self, scene: QPointF) -> int:
        """The page under (or nearest) a scene point."""
        return page_at(self.controller.doc, scene)

    def visible_page_rect(self, index: int) -> Rect | None:
        """The part of page ``index`` in view, in points from its top-left corner; None if none is."""
        doc = self.controller.doc
        origin = self.page_origin(index)
        page = QRectF(origin.x(), origin.y(), doc.page_width_pt, doc.page_height_pt)
        seen = self._visible_scene_rect().intersected(page).translated(-origin)
        if seen.isEmpty():
            return None
        return Rect(seen.x(), seen.y(), seen.width(), seen.height())

    def grid(self, page_index: int) -> PageGrid:
        return self._stack.grid(page_index)

    def page_items(self) -> list[PageItem]:
        return self._stack.items()

    def px_per_pt(self) -> float:
        """Screen pixels per point at the current zoom."""
        return self._zoom * self.logicalDpiX() / 72.0

    def px_to_pt(self, px: float) -> float:
        return px / self.px_per_pt()

    def snap_threshold_pt(self) -> float:
        """2 mm on screen, in page points at the current zoom."""
        return self.px_to_pt(SNAP_MM_ON_SCREEN / 25.4 * self.logicalDpiX())

    # ------------------------------------------------------------ CanvasSurface (surface.py)

    def notify(self, text: str) -> None:
        """Emit ``message(text)``: a sentence for the status bar."""
        self.message.emit(text)

    def notify_once(self, text: str) -> None:
        """Emit ``message(text)``, but not again for the same text within a few seconds."""
        now = time.monotonic()
        if self._last_notice[0] != text or now - self._last_notice[1] > 3.0:
            self.message.emit(text)
        self._last_notice = (text, now)

    def show_guides(self, page_index: int, guides: Sequence[Guide]) -> None:
        self.overlay.guides = [(page_index, g) for g in guides]
        self.overlay.update()

    def show_preview(self, preview: Preview | None) -> None:
        self.overlay.preview = preview
        self.overlay.update()

    def show_rubber_band(self, rect: QRectF | None) -> None:
        self.overlay.rubber_band = rect
        self.overlay.update()

    def set_cursor(self, shape: Qt.CursorShape | None) -> None:
        if shape is None:
            self.viewport().unsetCursor()
        else:
            self.viewport().setCursor(shape)

    def drag_distance_px(self) -> int:
        return QApplication.startDragDistance()

    def next_merge_key(self, prefix: str) -> str:
        """A merge key for one gesture: its edits merge into one undo step, and no others."""
        return f"canvas-{prefix}:{next(self._merge_ids)}"

    def pointer(self, event: QMouseEvent) -> Pointer:
        scene = self.mapToScene(event.position().toPoint())
        index = self.page_at(scene)
        origin = self.page_origin(index)
        return Pointer(scene, index, scene.x() - origin.x(), scene.y() - origin.y(), event.modifiers(), event.button())

    # ------------------------------------------------------------ pages

    def _visible_scene_rect(self) -> QRectF:
        return self.mapToScene(self.viewport().rect()).boundingRect()

    def _rebuild_pages(self) -> None:
        bounds = self._stack.rebuild(self.controller.doc, self.controller.layout)
        self.overlay.set_bounds(bounds)
        self.editor.set_bounds(bounds)
        self._update_current_page()

    def _layout_changed(self, indexes: list[int]) -> None:
        self._stack.layout_changed(self.controller.doc, self.controller.layout, indexes, self._visible_scene_rect())

    def show_provisional(self, pages: dict[int, PageLayout]) -> None:
        """Show these display lists instead of the layout's (a preedit laid out in its paragraph,
        ``input_method.PreeditView``), and the layout's own again on the pages no longer in ``pages``."""
        self._stack.show_provisional(self.controller.doc, self.controller.layout, pages, self._visible_scene_rect())

    def _model_updated(self) -> None:
        doc = self.controller.doc
        if self._stack.resized(doc):
            self._rebuild_pages()
        self._stack.update_grids(doc)
        self.editor.model_updated()
        self.overlay.refresh()

    def _master_editing_changed(self, _master_id: object) -> None:
        """A master opened or closed for editing: the caret leaves its text, the overlay shows what is in reach."""
        self.stop_text_editing()
        self.overlay.refresh()

    def _document_replaced(self) -> None:
        self.editor.stop()
        self._tool.cancel()
        self._rebuild_pages()
        self._current_page = -1
        if self.isVisible():
            self.show_page(0)
            self.zoom_fit_page()
        else:
            self._fit_when_shown = True

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._fit_when_shown:
            self._fit_when_shown = False
            self.show_page(0)
            self.zoom_fit_page()

    def _caret_moved_on_screen(self) -> None:
        """Scrolling moves the caret on screen: the input method's candidate window must follow."""
        if self.editor.active:
            QApplication.inputMethod().update(Qt.InputMethodQuery.ImCursorRectangle)

    def trim_caches(self) -> None:
        """Drop pictures of pages out of view when they hold more than ``page_stack.CACHE_BUDGET``."""
        self._stack.trim_caches(self._visible_scene_rect())

    # ------------------------------------------------------------ zoom and pages in view

    @property
    def zoom(self) -> float:
        """The zoom factor: 1.0 shows the page at its real size."""
        return self._zoom

    def _apply_zoom(self, zoom: float, anchor: QPoint | None = None) -> None:
        zoom = max(MIN_ZOOM, min(MAX_ZOOM, zoom))
        anchor = anchor if anchor is not None else self.viewport().rect().center()
        fixed = self.mapToScene(anchor)
        changed = abs(zoom - self._zoom) > 1e-9
        self._zoom = zoom
        scale = self.px_per_pt()
        self.setTransform(QTransform.fromScale(scale, scale))
        moved = self.mapFromScene(fixed)
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() + moved.x() - anchor.x())
        self.verticalScrollBar().setValue(self.verticalScrollBar().value() + moved.y() - anchor.y())
        if changed:
            self._stack.drop_caches()
            self.zoom_changed.emit(zoom)
        QApplication.inputMethod().update(Qt.InputMethodQuery.ImCursorRectangle)

    def set_zoom(self, zoom: float) -> None:
        """Zoom about the centre of the view."""
        self._apply_zoom(zoom)

    def zoom_in(self) -> None:
        self._apply_zoom(self._zoom * STEP_ZOOM)

    def zoom_out(self) -> None:
        self._apply_zoom(self._zoom / STEP_ZOOM)

    def zoom_100(self) -> None:
        self._apply_zoom(1.0)

    def zoom_fit_page(self) -> None:
        """Fit the current page, bleed included, in the view (适合页面)."""
        doc = self.controller.doc
        index = max(self._current_page, 0)
        margin = doc.bleed_pt + 12.0
        rect = QRectF(-margin, -margin - 10.0, doc.page_width_pt + 2 * margin, doc.page_height_pt + 2 * margin + 10.0)
        view = self.viewport().rect()
        per_pt = min(view.width() / rect.width(), view.height() / rect.height())
        self._apply_zoom(per_pt * 72.0 / self.logicalDpiX())
        self.centerOn(self.page_origin(index) + rect.center())
        self.set_current_page(index)

    def current_page(self) -> int:
        return max(self._current_page, 0)

    def show_page(self, index: int) -> None:
        """Scroll page ``index`` into view, its top at the top of the view."""
        doc = self.controller.doc
        if not doc.pages:
            return
        index = max(0, min(index, len(doc.pages) - 1))
        view_height = self.mapToScene(self.viewport().rect()).boundingRect().height()
        origin = self.page_origin(index)
        top = origin.y() - doc.bleed_pt - 16.0
        centre_y = top + view_height / 2 if view_height < doc.page_height_pt + 40 else origin.y() + doc.page_height_pt / 2
        self.centerOn(QPointF(doc.page_width_pt / 2, centre_y))
        self.set_current_page(index)

    def set_current_page(self, index: int) -> None:
        if index != self._current_page:
            self._current_page = index
            self.current_page_changed.emit(index)

    def _update_current_page(self) -> None:
        centre = self.mapToScene(self.viewport().rect().center())
        self.set_current_page(self.page_at(centre))

    def ensure_scene_rect_visible(self, rect: QRectF) -> None:
        if not rect.isEmpty():
            self.ensureVisible(rect, 40, 40)

    # ------------------------------------------------------------ tools and editing

    def tool(self) -> str:
        return self._tool.name

    def set_tool(self, name: str) -> None:
        """Choose the tool: "select", "text", "image", "rule" or "box". Ends text editing."""
        if name not in TOOL_NAMES:
            raise ValueError(f"unknown tool {name!r}")
        self.stop_text_editing()
        self._tool.cancel()
        self._tool = make_tool(self, name)
        self.viewport().setCursor(Qt.CursorShape.ArrowCursor if name == "select" else Qt.CursorShape.CrossCursor)
        self.tool_changed.emit(name)

    def create_frame(self, page_index: int, kind: str, rect: Rect) -> str | None:
        """Add a frame drawn with a tool; a text frame starts editing at once. Returns its id."""
        doc = self.controller.doc
        frame, story = new_frame(doc, kind, rect)
        label = {"text": "添加文本框", "image": "添加图片框", "rule": "添加线条", "box": "添加方框"}[kind]
        if not self.controller.edit(label, add_frame_changes(self.controller, page_index, frame, story)):
            self.notify("文档以只读方式打开，不能修改。")
            return None
        self.set_tool("select")
        self.controller.select([frame.id])
        if kind == "text":
            self.start_text_editing(frame.id)
        return frame.id

    def is_text_editing(self) -> bool:
        return self.editor.active

    @property
    def editing_frame_id(self) -> str | None:
        """The frame whose story has the caret, or None when no text is being edited."""
        return self.editor.frame_id if self.editor.active else None

    def start_text_editing(self, frame_id: str, pointer: Pointer | None = None) -> bool:
        """Put a caret into the story of a text frame (or a photo's caption); False if it has none.
        A master's frame takes the caret only while its master is edited (on a page showing it)."""
        found = editable_story(self.controller, frame_id, pointer.page_index if pointer else self.current_page())
        if found is None:
            return False
        story_id, shown_on = found
        if not isinstance(self._tool, SelectTool):
            self._tool.cancel()
            self._tool = SelectTool(self)
            self.tool_changed.emit("select")
        self.controller.select([frame_id])
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        self.editor.start(story_id, frame_id, pointer, shown_on)
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, True)
        QApplication.inputMethod().update(Qt.InputMethodQuery.ImEnabled)
        return True

    def stop_text_editing(self) -> None:
        """End editing (Esc); the frame stays selected."""
        if self.editor.active:
            frame_id = self.editor.frame_id
            self.editor.stop()
            self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
            QApplication.inputMethod().update(Qt.InputMethodQuery.ImEnabled)
            if frame_id and edits.find_frame(self.controller.doc, frame_id) is not None:
                self.controller.select([frame_id])

    def set_paragraph_style(self, name: str) -> bool:
        """Apply a paragraph style: to the paragraphs at the caret or selection while editing,
        else to every paragraph of the selected text frames' stories."""
        if self.editor.active:
            return self.editor.set_paragraph_style(name)
        doc = self.controller.doc
        changes = []
        for story_id in dict.fromkeys(f.story_id for f in self.controller.selected_frames() if isinstance(f, TextFrame)):
            story = doc.stories.get(story_id)
            if story is not None and story.paragraphs:
                changes += edits.set_story(doc, set_paragraph_style(story, 0, len(story.paragraphs) - 1, name))
        return self.controller.edit("更改段落样式", changes)

    def set_photo_fit(self, mode: str) -> bool:
        """填充 / 适合 / 原始尺寸 ("fill", "fit", "original") for the selected photo frames."""
        changes = fit_changes(self.controller.doc, list(self.controller.selection), mode)
        return self.controller.edit(f"图片{FIT_LABELS[mode]}", changes)

    def edit_action(self, name: str) -> bool:
        """Let text editing take an Edit-menu action ("copy", "cut", "paste", "paste_as_copied", "delete",
        "select_all", "bold"). True if it did; otherwise the action is about frames and the caller handles it."""
        if not self.editor.active:
            return False
        editor = self.editor
        actions = {"copy": text_clipboard.copy, "cut": text_clipboard.cut, "paste": text_clipboard.paste,
                   "paste_as_copied": text_clipboard.paste_as_copied,
                   "delete": lambda e: e.delete(forward=True), "select_all": lambda e: e.select_all(),
                   "bold": text_format.toggle_bold}
        if name not in actions:
            return False
        actions[name](editor)
        return True

    def insert_field(self, name: str) -> bool:
        """插入 → 字段: a field run at the text cursor; False when no text is being edited."""
        return self.editor.active and self.editor.insert_field(name)

    def set_guides_visible(self, visible: bool) -> None:
        self._stack.set_guides_visible(visible)

    @property
    def field_shading(self) -> bool:
        """视图 → 字段底纹 (on by default, like Word's field shading)."""
        return self._stack.field_shading

    def set_field_shading(self, shown: bool) -> None:
        self._stack.set_field_shading(shown)

    def set_frame_edges_visible(self, visible: bool) -> None:
        self.overlay.frame_edges_visible = visible
        self.overlay.update()

    # ------------------------------------------------------------ input (view_input.InputHost)

    @property
    def active_tool(self) -> SelectTool | CreateTool:
        return self._tool

    def zoom_about(self, zoom: float, anchor_px: QPoint) -> None:
        self._apply_zoom(zoom, anchor_px)

    def scroll_by(self, dx_px: int, dy_px: int) -> None:
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() + dx_px)
        self.verticalScrollBar().setValue(self.verticalScrollBar().value() + dy_px)

    def scene_point(self, position_px: QPoint) -> QPointF:
        return self.mapToScene(position_px)

    def widget_rect(self, scene_rect: QRectF) -> QRectF:
        return QRectF(self.mapFromScene(scene_rect).boundingRect().translated(self.viewport().pos()))

    def nudge(self, dx_pt: float, dy_pt: float) -> bool:
        """Move the selected frames (what the arrow keys do); repeated nudges within a second are one undo step."""
        return self.input_handler.nudge(dx_pt, dy_pt)

    # Qt's event handlers (Qt's names): each hands the event to ``input_handler``.

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self.input_handler.mouse_press(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self.input_handler.mouse_move(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self.input_handler.mouse_release(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self.input_handler.mouse_double_click(event)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        if not self.input_handler.wheel(event):
            super().wheelEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) \
                and self.input_handler.claims_shortcut(event):
            event.accept()
            return True
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and _tab(event):
            self.input_handler.key_press(event)  # before Qt's focus chain would take the focus off the page
            return True
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and _ctrl_tab(event):
            self.focusNextPrevChild(event.key() == Qt.Key.Key_Tab
                                    and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if not self.input_handler.key_press(event):
            super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if not self.input_handler.key_release(event):
            super().keyReleaseEvent(event)

    def focusOutEvent(self, event) -> None:  # noqa: N802
        self.input_handler.focus_out()
        super().focusOutEvent(event)

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:  # noqa: N802
        self.input_handler.input_method_event(event)

    def inputMethodQuery(self, query: Qt.InputMethodQuery):  # noqa: N802
        return self.input_handler.input_method_query(query)

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        self.input_handler.accept_drag(event)

    def dragMoveEvent(self, event) -> None:  # noqa: N802
        self.input_handler.accept_drag(event)

    def dropEvent(self, event) -> None:  # noqa: N802
        self.input_handler.drop(event)

    # ------------------------------------------------------------ painting

    def drawForeground(self, painter, rect) -> None:  # noqa: N802 - Qt's name
        super().drawForeground(painter, rect)
        self.trim_caches()


__all__ = ["PageCanvas"]
