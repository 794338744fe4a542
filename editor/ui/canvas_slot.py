"""The widget in the middle of the window: the page canvas, or a stand-in until it exists.

The window talks to the canvas only through the interface documented in
``editor.ui.canvas`` (``set_tool``, ``zoom_fit_page``, ``zoom_100``,
``show_page``, ``zoom_changed``, ``current_page_changed`` …). If that
package cannot be imported (a partial checkout, or a Qt problem in it), the
window still opens, with ``PageViewer``: a read-only view of one page at a
time drawn by the same Qt backend, offering the same calls. Files, panels,
export and undo all keep working.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QWheelEvent
from PySide6.QtWidgets import QWidget

from editor.ui.controller import DocumentController

_log = logging.getLogger(__name__)
_BACKGROUND = QColor(0xE6, 0xE6, 0xE6)
_MARGIN_PX = 24


class PageViewer(QWidget):
    """One page, fitted or at 100 %, painted from the display list (no editing)."""

    zoom_changed = Signal(float)
    current_page_changed = Signal(int)
    message = Signal(str)

    def __init__(self, controller: DocumentController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        self._page = 0
        self._fit = True
        self._zoom = 1.0
        self._photos = None
        self.setMinimumSize(200, 200)
        controller.layout_changed.connect(lambda _pages: self.update())
        controller.document_replaced.connect(self._on_replaced)

    @property
    def zoom(self) -> float:
        return self._zoom

    def set_tool(self, tool: str) -> None:
        if tool != "select":
            self.message.emit("页面编辑组件未能加载，暂时只能查看页面。")

    def show_page(self, index: int) -> None:
        count = len(self._controller.doc.pages)
        index = max(0, min(index, count - 1))
        if index != self._page:
            self._page = index
            self.current_page_changed.emit(index)
        self.update()

    def zoom_fit_page(self) -> None:
        self._fit = True
        self.update()

    def zoom_100(self) -> None:
        self._set_zoom(1.0)

    def set_zoom(self, zoom: float) -> None:
        self._set_zoom(zoom)

    def zoom_in(self) -> None:
        self._set_zoom(self._zoom * 1.25)

    def zoom_out(self) -> None:
        self._set_zoom(self._zoom / 1.25)

    def is_text_editing(self) -> bool:
        return False

    def edit_action(self, name: str) -> bool:
        return False

    def start_text_editing(self, frame_id: str) -> None:
        self.message.emit("页面编辑组件未能加载，暂时不能编辑文字。")

    def set_paragraph_style(self, name: str) -> None:
        return None

    def _set_zoom(self, zoom: float) -> None:
        self._fit = False
        self._zoom = max(0.05, min(zoom, 16.0))
        self.zoom_changed.emit(self._zoom)
        self.update()

    def _on_replaced(self) -> None:
        self._page = 0
        self.current_page_changed.emit(0)
        self.update()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt's name
        step = 1 if event.angleDelta().y() > 0 else -1
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self._set_zoom(self._zoom * (1.25 if step > 0 else 0.8))
        else:
            self.show_page(self._page - step)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.fillRect(self.rect(), _BACKGROUND)
        layout = self._controller.layout
        if not layout.pages:
            return
        page = layout.pages[min(self._page, len(layout.pages) - 1)]
        pixels_per_point = self.logicalDpiX() / 72.0  # zoom 1.0 (100 %) is the printed size
        if self._fit:
            fitted = min((self.width() - 2 * _MARGIN_PX) / page.width_pt,
                         (self.height() - 2 * _MARGIN_PX) / page.height_pt) / pixels_per_point
            if abs(fitted - self._zoom) > 1e-6:
                self._zoom = max(fitted, 0.05)
                self.zoom_changed.emit(self._zoom)
        scale = self._zoom * pixels_per_point
        width, height = page.width_pt * scale, page.height_pt * scale
        left, top = max(_MARGIN_PX, (self.width() - width) / 2), max(_MARGIN_PX, (self.height() - height) / 2)
        painter.fillRect(QRectF(left + 3, top + 3, width, height), QColor(0, 0, 0, 60))
        painter.fillRect(QRectF(left, top, width, height), QColor(255, 255, 255))
        try:
            from editor.render.qt import PhotoCache, paint_page
        except ImportError:
            return
        if self._photos is None:
            self._photos = PhotoCache()
        painter.translate(left, top)
        painter.scale(scale, scale)
        paint_page(painter, page, self._controller.doc, self._photos)


def make_canvas(controller: DocumentController, parent: QWidget | None = None) -> QWidget:
    """The page canvas if it can be loaded, else a ``PageViewer``."""
    try:
        from editor.ui.canvas import PageCanvas
    except ImportError:
        _log.warning("editor.ui.canvas is not available; showing the read-only page viewer", exc_info=True)
        return PageViewer(controller, parent)
    return PageCanvas(controller, parent)
