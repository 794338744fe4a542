"""The 页面 panel: page thumbnails in order; drag to reorder; add, duplicate, delete.

Dragging a thumbnail does not move the list item itself: the panel turns
the drop into one ``move_page`` edit and rebuilds the list from the
document, so the panel can never disagree with the document and the move is
undoable like any other edit (撤销 移动页面).
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QListView,
    QListWidget,
    QListWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from editor.model import edits
from editor.ui.controller import DocumentController
from editor.ui.panels.thumbnails import ThumbnailMaker


class PageList(QListWidget):
    """Thumbnails top to bottom; an internal drop asks for a move instead of moving an item."""

    #: (from_index, to_index) in ``edits.move_page`` terms.
    move_requested = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.TopToBottom)
        self.setWrapping(False)
        self.setMovement(QListView.Movement.Snap)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setSpacing(6)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setUniformItemSizes(True)

    def drop_target(self, y: float, source: int) -> int:
        """Where a page dragged from ``source`` and dropped at height ``y`` ends up."""
        before = 0
        for row in range(self.count()):
            if row != source and self.visualItemRect(self.item(row)).center().y() < y:
                before += 1
        return before

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        source = self.currentRow()
        if event.source() is not self or source < 0:
            event.ignore()
            return
        target = self.drop_target(event.position().y(), source)
        event.setDropAction(Qt.DropAction.IgnoreAction)
        event.accept()
        if target != source:
            self.move_requested.emit(source, target)


class PagesPanel(QWidget):
    """The 页面 dock's content; see the module docstring."""

    #: The user picked a page (0-based): show it.
    page_activated = Signal(int)

    def __init__(self, controller: DocumentController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
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
        self.list.setCurrentRow(index)

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
        """Remove the current page and what is on it; the last page stays."""
        if self.list.count() <= 1:
            return False
        index = self.current_index()
        if self._controller.edit("删除页面", edits.delete_page(self._controller.doc, index)):
            self._show(min(index, self.list.count() - 1))
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
