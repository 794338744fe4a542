"""The 页面 panel: page thumbnails in order; drag to reorder; add, duplicate, delete.

Dragging a thumbnail does not move the list item itself: the panel turns
the drop into one ``move_page`` edit and rebuilds the list from the
document, so the panel can never disagree with the document and the move is
undoable like any other edit (撤销 移动页面).

The list runs the drag itself rather than through QListView's icon-mode
machinery, which accepted a drop only over the dragged thumbnail or in the
gaps between thumbnails. A drop anywhere over the list counts: over a
thumbnail's upper half the page goes before it, over its lower half after
it, and a line between the thumbnails shows where while dragging. The drag
carries the panel's identity and the page's row (``PAGE_MIME``), so a
drop knows its source without asking the platform's drag manager.

删除 asks first when the page holds frames, as Word and Publisher do, and
says that it can be undone.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from PySide6.QtCore import QMimeData, QPoint, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QDrag,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from editor.model import edits
from editor.ui.controller import DocumentController
from editor.ui.panels.thumbnails import ThumbnailMaker

#: What a dragged page carries: ``<pid>:<list id>:<row>``.
PAGE_MIME = "application/x-banmian-page"
#: Within this distance of the list's top or bottom edge a drag scrolls the list.
_AUTOSCROLL_MARGIN_PX = 24
_AUTOSCROLL_INTERVAL_MS = 40
_AUTOSCROLL_STEP_PX = 12


class PageList(QListWidget):
    """Thumbnails top to bottom; a drop asks for a move instead of moving an item."""

    #: (from_index, to_index) in ``edits.move_page`` terms.
    move_requested = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.TopToBottom)
        self.setWrapping(False)
        self.setMovement(QListView.Movement.Static)  # no icon-mode item moving: drops are ours
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setSpacing(6)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDropIndicatorShown(False)  # Qt's indicator follows its own idea of a drop; ours is drawn below
        self.viewport().setAcceptDrops(True)  # drag events reach the list only through its viewport
        self.setUniformItemSizes(True)
        self._identity = f"{os.getpid()}:{id(self)}"
        #: Viewport y of the line showing where a dragged page would go; None when not dragging.
        self.drop_line_y: int | None = None
        self._drag_y = 0.0
        self._drag_source = -1
        self._autoscroll = QTimer(self)
        self._autoscroll.setInterval(_AUTOSCROLL_INTERVAL_MS)
        self._autoscroll.timeout.connect(self._scroll_while_dragging)

    # ------------------------------------------------------------ geometry

    def drop_target(self, y: float, source: int) -> int:
        """Where a page dragged from ``source`` and dropped at height ``y`` ends up."""
        before = 0
        for row in range(self.count()):
            if row != source and self.visualItemRect(self.item(row)).center().y() < y:
                before += 1
        return before

    def _line_y(self, y: float, source: int) -> int | None:
        """The gap between thumbnails where a drop at ``y`` puts the page; None if it stays put."""
        if self.drop_target(y, source) == source:
            return None
        rows = [row for row in range(self.count()) if row != source]
        rects = [self.visualItemRect(self.item(row)) for row in rows]
        above = [rect for rect in rects if rect.center().y() < y]
        gap = self.spacing() // 2 + 1
        if above:
            return above[-1].bottom() + gap
        return max(1, rects[0].top() - gap) if rects else None

    # ---------------------------------------------------------------- drag

    def drag_mime(self, row: int) -> QMimeData:
        """What dragging page ``row`` out of this list carries."""
        mime = QMimeData()
        mime.setData(PAGE_MIME, f"{self._identity}:{row}".encode("ascii"))
        return mime

    def _source_row(self, mime: QMimeData) -> int | None:
        """The row a drag started from, if it is a page of this very list (and may move)."""
        if not self.dragEnabled() or not mime.hasFormat(PAGE_MIME):
            return None
        identity, _, row = bytes(mime.data(PAGE_MIME).data()).decode("ascii", "replace").rpartition(":")
        if identity != self._identity or not row.isdigit() or int(row) >= self.count():
            return None
        return int(row)

    def startDrag(self, supported_actions: Qt.DropAction) -> None:  # noqa: N802 - Qt's name
        row = self.currentRow()
        if row < 0:
            return
        drag = QDrag(self)
        drag.setMimeData(self.drag_mime(row))
        icon = self.item(row).icon()
        size = self.iconSize() / 2
        drag.setPixmap(icon.pixmap(size))
        drag.setHotSpot(QPoint(size.width() // 2, size.height() // 2))
        drag.exec(Qt.DropAction.MoveAction)
        self._end_drag()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        self._follow_drag(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802 - Qt's name
        self._follow_drag(event)

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:  # noqa: N802 - Qt's name
        self._end_drag()
        event.accept()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        source = self._source_row(event.mimeData())
        self._end_drag()
        if source is None:
            event.ignore()
            return
        target = self.drop_target(event.position().y(), source)
        event.setDropAction(Qt.DropAction.MoveAction)
        event.accept()
        if target != source:
            self.move_requested.emit(source, target)

    def _follow_drag(self, event: QDragMoveEvent) -> None:
        """Accept a page of this list anywhere over it and show where it would go."""
        source = self._source_row(event.mimeData())
        if source is None:
            self._end_drag()
            event.ignore()
            return
        self._drag_source, self._drag_y = source, event.position().y()
        event.setDropAction(Qt.DropAction.MoveAction)
        event.accept()
        self._show_line(self._line_y(self._drag_y, source))
        near_edge = (self._drag_y < _AUTOSCROLL_MARGIN_PX
                     or self._drag_y > self.viewport().height() - _AUTOSCROLL_MARGIN_PX)
        if near_edge and not self._autoscroll.isActive():
            self._autoscroll.start()
        elif not near_edge:
            self._autoscroll.stop()

    def _scroll_while_dragging(self) -> None:
        bar = self.verticalScrollBar()
        step = -_AUTOSCROLL_STEP_PX if self._drag_y < _AUTOSCROLL_MARGIN_PX else _AUTOSCROLL_STEP_PX
        bar.setValue(bar.value() + step)
        self._show_line(self._line_y(self._drag_y, self._drag_source))

    def _end_drag(self) -> None:
        self._autoscroll.stop()
        self._show_line(None)

    def _show_line(self, y: int | None) -> None:
        if y != self.drop_line_y:
            self.drop_line_y = y
            self.viewport().update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        super().paintEvent(event)
        if self.drop_line_y is None:
            return
        painter = QPainter(self.viewport())
        pen = QPen(self.palette().highlight().color(), 3)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        width = self.viewport().width()
        painter.drawLine(6, self.drop_line_y, width - 6, self.drop_line_y)
        painter.end()


class PagesPanel(QWidget):
    """The 页面 dock's content; see the module docstring."""

    #: The user picked a page (0-based): show it.
    page_activated = Signal(int)
    #: A Chinese sentence for the status bar (a page was deleted …).
    message = Signal(str)

    def __init__(self, controller: DocumentController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        #: Asks a yes/no question (text) before deleting a page with frames; the window
        #: routes it through its dialogs so tests can answer.
        self.confirm: Callable[[str], bool] = self._ask
        self.list = PageList(self)
        self.thumbnails = ThumbnailMaker(controller, self.devicePixelRatioF(), self)
        width, height = self.thumbnails.size_px()
        self.list.setIconSize(QSize(width, height))
        self.add_button = self._button("添加", "在当前页之后添加一个空白页", self.add_page)
        self.duplicate_button = self._button("复制", "复制当前页（含其中的文章和图片）", self.duplicate_page)
        self.delete_button = self._button("删除", "删除当前页及其中的所有内容", self.delete_page)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for button in (self.add_button, self.duplicate_button, self.delete_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.list.move_requested.connect(self.move_page)
        self.list.currentRowChanged.connect(self._on_row_changed)
        self.thumbnails.ready.connect(self._on_thumbnail)
        controller.document_replaced.connect(self.rebuild)
        controller.pages_changed.connect(self.rebuild)
        controller.read_only_changed.connect(self._update_enabled)
        self.rebuild()

    def _button(self, text: str, tip: str, slot) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setAutoRaise(False)
        button.clicked.connect(slot)
        return button

    # ------------------------------------------------------------ view

    def current_index(self) -> int:
        """The current page (0-based); 0 when the list has none selected."""
        return max(0, self.list.currentRow())

    def set_current(self, index: int) -> None:
        """Select a page's thumbnail (the canvas scrolled to it) without re-announcing it."""
        if 0 <= index < self.list.count() and index != self.list.currentRow():
            self.list.blockSignals(True)
            self.list.setCurrentRow(index)
            self.list.blockSignals(False)
            self.list.scrollToItem(self.list.item(index))

    def rebuild(self) -> None:
        """One item per page, in document order, keeping the current page if it still exists."""
        current = self.list.currentRow()
        self.list.blockSignals(True)
        self.list.clear()
        for index in range(len(self._controller.doc.pages)):
            item = QListWidgetItem(self.thumbnails.pixmap(index), f"第 {index + 1} 页")
            item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsDragEnabled)
            self.list.addItem(item)
        self.list.setCurrentRow(min(max(current, 0), self.list.count() - 1))
        self.list.blockSignals(False)
        self._update_enabled()

    def _on_thumbnail(self, index: int) -> None:
        item = self.list.item(index)
        if item is not None:
            item.setIcon(self.thumbnails.pixmap(index))

    def _on_row_changed(self, row: int) -> None:
        if row >= 0:
            self.page_activated.emit(row)

    def _update_enabled(self, *_: object) -> None:
        editable = not self._controller.read_only
        self.list.setDragEnabled(editable)
        for button in (self.add_button, self.duplicate_button):
            button.setEnabled(editable)
        self.delete_button.setEnabled(editable and self.list.count() > 1)

    # ----------------------------------------------------------- edits

    def _show(self, index: int) -> None:
        """Make ``index`` current and announce it, also when the row number stayed the same
        (after a delete or a rebuild the row is another page, which the window must show)."""
        if self.list.currentRow() == index:
            self.page_activated.emit(index)
        else:
            self.list.setCurrentRow(index)

    def _ask(self, text: str) -> bool:
        answer = QMessageBox.question(self, "删除页面", text,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                                      QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Yes

    def add_page(self) -> bool:
        """A blank page after the current one."""
        index = self.current_index() + 1 if self.list.count() else 0
        if self._controller.edit("添加页面", edits.add_page(self._controller.doc, index)):
            self._show(index)
            return True
        return False

    def duplicate_page(self) -> bool:
        """A copy of the current page after it."""
        if not self.list.count():
            return False
        index = self.current_index()
        if self._controller.edit("复制页面", edits.duplicate_page(self._controller.doc, index)):
            self._show(index + 1)
            return True
        return False

    def delete_page(self) -> bool:
        """Remove the current page and what is on it, after asking if it holds frames;
        the last page stays."""
        if self.list.count() <= 1 or self._controller.read_only:
            return False
        index = self.current_index()
        frames = len(self._controller.doc.pages[index].frames)
        if frames and not self.confirm(f"第 {index + 1} 页上有 {frames} 个框，确定删除吗？可以撤销。"):
            return False
        if self._controller.edit("删除页面", edits.delete_page(self._controller.doc, index)):
            self._show(min(index, self.list.count() - 1))
            self.message.emit(f"已删除第 {index + 1} 页。要恢复，请按 Ctrl+Z（撤销）。")
            return True
        return False

    def move_page(self, from_index: int, to_index: int) -> bool:
        """Put page ``from_index`` at ``to_index`` (after removing it), as one edit."""
        count = len(self._controller.doc.pages)
        if not (0 <= from_index < count) or from_index == to_index:
            return False
        to_index = max(0, min(count - 1, to_index))
        if self._controller.edit("移动页面", edits.move_page(self._controller.doc, from_index, to_index)):
            self._show(to_index)
            return True
        return False
