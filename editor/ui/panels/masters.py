"""The 母版 panel: the issue's master pages, how many pages use each, and their commands.

A master (母版) holds the margins, the column grid and the items every page
built on it repeats (running head, folio, rules). The panel lists them as
「B-内页 · 4 页」; 新建母版, 删除, 重命名 change the list, 设置… its margins and column grid, each one undo step;
编辑 (or a double click) opens the master on the canvas: its items become
what a click on its pages selects and moves, and every change reaches every
page using it (``editor.ui.canvas.master_mode``). 完成 goes back to the pages.
Deleting a master that pages use asks first and says the pages keep their
own frames.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from editor.errors import display_name
from editor.model import master_edits
from editor.ui.controller import DocumentController
from editor.ui.panels.master_settings import MasterSettingsDialog, settings_changes

#: The list item's role holding the master's id.
MASTER_ID_ROLE = Qt.ItemDataRole.UserRole


def master_label(name: str, pages: int) -> str:
    """「B-内页 · 4 页」, or 「B-内页 · 未使用」."""
    return f"{name} · {pages} 页" if pages else f"{name} · 未使用"


class MastersPanel(QWidget):
    """List of masters with 新建母版 / 删除 / 重命名 / 编辑."""

    #: A sentence for the status bar.
    message = Signal(str)

    def __init__(self, controller: DocumentController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        #: Asks for a master's name (title, current name) → the new name, or None (tests replace it).
        self.ask_name: Callable[[str, str], str | None] = self._ask_name
        #: Asks before deleting a master pages use (tests replace it).
        self.confirm: Callable[[str], bool] = self._ask
        self.list = QListWidget(self)
        self.list.itemDoubleClicked.connect(lambda item: self.edit_master(item.data(MASTER_ID_ROLE)))
        self.list.currentRowChanged.connect(self._update_enabled)
        self.new_button = self._button("新建母版", "新建一个空白母版（边距取自文档）", self.new_master)
        self.delete_button = self._button("删除", "删除选中的母版；用它的页面成为普通页面", self.delete_master)
        self.rename_button = self._button("重命名", "更改选中母版的名称", self.rename_master)
        self.edit_button = self._button("编辑", "在画布上编辑母版项目，改动作用于所有使用它的页面", self.toggle_editing)
        self.settings_button = self._button("设置…", "母版的边距、分栏和基线网格", self.edit_settings)
        #: Shows the 母版设置 dialog; True when 确定 was chosen (tests replace it).
        self.ask_settings: Callable[[MasterSettingsDialog], bool] = lambda dialog: dialog.exec() == QDialog.DialogCode.Accepted
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.list)
        for row in ((self.new_button, self.delete_button, self.rename_button), (self.edit_button, self.settings_button)):
            buttons = QHBoxLayout()  # two rows: the dock is as narrow as the 页面 panel
            buttons.setContentsMargins(0, 0, 0, 0)
            for button in row:
                buttons.addWidget(button)
            layout.addLayout(buttons)
        for signal in (controller.model_updated, controller.document_replaced, controller.master_editing_changed,
                       controller.read_only_changed):
            signal.connect(lambda *_: self.rebuild())
        self.rebuild()

    def _button(self, text: str, tip: str, slot: Callable[[], object]) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.clicked.connect(lambda: slot())
        return button

    # ------------------------------------------------------------ state

    def current_master_id(self) -> str | None:
        item = self.list.currentItem()
        return item.data(MASTER_ID_ROLE) if item is not None else None

    def rebuild(self) -> None:
        """One row per master, in document order, keeping the current one."""
        doc = self._controller.doc
        current = self.current_master_id()
        editing = self._controller.editing_master_id
        self.list.blockSignals(True)
        self.list.clear()
        for master in doc.masters:
            item = QListWidgetItem(master_label(master.name or master.id, len(master_edits.pages_using(doc, master.id))))
            item.setData(MASTER_ID_ROLE, master.id)
            if master.id == editing:
                font = QFont(item.font())
                font.setBold(True)
                item.setFont(font)
            self.list.addItem(item)
        ids = [m.id for m in doc.masters]
        row = ids.index(current) if current in ids else (0 if ids else -1)
        self.list.setCurrentRow(row)
        self.list.blockSignals(False)
        self._update_enabled()

    def _update_enabled(self, *_: object) -> None:
        editable = not self._controller.read_only
        chosen = self.current_master_id() is not None
        self.new_button.setEnabled(editable)
        for button in (self.delete_button, self.rename_button, self.settings_button):
            button.setEnabled(editable and chosen)
        editing = self._controller.editing_master_id
        self.edit_button.setText("完成" if editing is not None else "编辑")
        self.edit_button.setEnabled(editing is not None or (editable and chosen))

    def select_master(self, master_id: str) -> None:
        ids = [m.id for m in self._controller.doc.masters]
        if master_id in ids:
            self.list.setCurrentRow(ids.index(master_id))

    # ----------------------------------------------------------- edits

    def new_master(self) -> bool:
        doc = self._controller.doc
        before = {m.id for m in doc.masters}
        if not self._controller.edit("新建母版", master_edits.add_master(doc, master_edits.next_master_name(doc))):
            return False
        added = next(m.id for m in self._controller.doc.masters if m.id not in before)
        self.select_master(added)
        return True

    def delete_master(self) -> bool:
        master = self._controller.doc.master_by_id(self.current_master_id())
        if master is None or self._controller.read_only:
            return False
        pages = len(master_edits.pages_using(self._controller.doc, master.id))
        name = display_name(master.name or master.id)
        if pages and not self.confirm(f"有 {pages} 个页面使用母版“{name}”，删除后它们成为普通页面"
                                      f"（页面上自己的内容保留）。确定删除吗？可以撤销。"):
            return False
        if self._controller.edit("删除母版", master_edits.delete_master(self._controller.doc, master.id)):
            self.message.emit(f"已删除母版“{name}”。要恢复，请按 Ctrl+Z（撤销）。")
            return True
        return False

    def rename_master(self) -> bool:
        master = self._controller.doc.master_by_id(self.current_master_id())
        if master is None or self._controller.read_only:
            return False
        name = self.ask_name("重命名母版", master.name)
        if name is None or not name.strip():
            return False
        return self._controller.edit("重命名母版", master_edits.rename_master(self._controller.doc, master.id,
                                                                          name.strip()))

    def edit_settings(self) -> bool:
        """母版设置…: margins, columns, gutter and baseline grid, one undo step."""
        master = self._controller.doc.master_by_id(self.current_master_id())
        if master is None or self._controller.read_only:
            return False
        dialog = MasterSettingsDialog(master, self)
        if not self.ask_settings(dialog):
            return False
        return self._controller.edit("母版设置", settings_changes(self._controller.doc, master.id, dialog.margins(),
                                                                  dialog.grid()))

    def edit_master(self, master_id: str | None) -> None:
        """Open a master on the canvas (None: back to the pages)."""
        if master_id is not None and self._controller.read_only:
            return
        self._controller.edit_master(master_id)

    def toggle_editing(self) -> None:
        """编辑 opens the chosen master; 完成 goes back to the pages."""
        if self._controller.editing_master_id is not None:
            self.edit_master(None)
        else:
            self.edit_master(self.current_master_id())

    # --------------------------------------------------------- dialogs

    def _ask_name(self, title: str, current: str) -> str | None:
        name, ok = QInputDialog.getText(self, title, "母版名称：", text=current)
        return name if ok else None

    def _ask(self, text: str) -> bool:
        answer = QMessageBox.question(self, "删除母版", text,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                                      QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Yes
