"""The 样式 panel: the issue's paragraph styles, to apply to the selection and to edit.

Applying goes through the window (``style_requested``): while text is being
typed the canvas applies it to the paragraph at the cursor; otherwise it
applies to every paragraph of the selected frames' stories. Editing a style
is one undoable edit and reflows every paragraph that uses it, as in Word.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from editor.model.document_edits import define_paragraph_style
from editor.model.styles import HEX_COLOR, ParagraphStyle
from editor.ui.controller import DocumentController
from editor.ui.panels.style_dialog import StyleDialog

_ALIGN_LABELS = {"justify": "两端", "left": "左", "center": "居中", "right": "右"}


def describe(style: ParagraphStyle) -> str:
    """``宋体 10.5 磅 / 17.5 磅，两端`` — the one-line summary under a style's name."""
    bold = " 加粗" if style.bold else ""
    return f"{style.font_family}{bold} {style.size_pt:g} 磅 / 行距 {style.leading_pt:g} 磅，{_ALIGN_LABELS[style.alignment]}"


class StylesPanel(QWidget):
    """The 样式 dock's content; see the module docstring."""

    #: Apply this paragraph style to the selection (the window decides how).
    style_requested = Signal(str)

    def __init__(self, controller: DocumentController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        self.list = QListWidget(self)
        self.list.itemDoubleClicked.connect(lambda _item: self.apply_current())
        self.apply_button = QPushButton("应用")
        self.apply_button.setToolTip("把所选样式应用到选中的文本框（正在输入时为当前段落）")
        self.edit_button = QPushButton("修改…")
        self.new_button = QPushButton("新建…")
        self.apply_button.clicked.connect(self.apply_current)
        self.edit_button.clicked.connect(self.edit_current)
        self.new_button.clicked.connect(self.new_style)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for button in (self.apply_button, self.edit_button, self.new_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        controller.document_replaced.connect(self.rebuild)
        controller.model_updated.connect(self.rebuild)
        controller.read_only_changed.connect(self._update_enabled)
        self.rebuild()

    def current_name(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def rebuild(self) -> None:
        """List the styles (only when they changed, so the current row stays put)."""
        styles = self._controller.doc.paragraph_styles
        shown = [self.list.item(i).data(Qt.ItemDataRole.UserRole + 1) for i in range(self.list.count())]
        if shown == [dataclass_key(s) for s in styles.values()]:
            return
        current = self.current_name()
        self.list.clear()
        for name, style in styles.items():
            item = QListWidgetItem(name)
            item.setToolTip(describe(style))
            item.setStatusTip(describe(style))
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setData(Qt.ItemDataRole.UserRole + 1, dataclass_key(style))
            font = QFont(self.list.font())
            font.setBold(style.bold)
            item.setFont(font)
            colour = self._controller.doc.colors.get(style.color, style.color)
            if HEX_COLOR.fullmatch(colour) and colour.upper() != "#FFFFFF":
                item.setForeground(QColor(colour))
            self.list.addItem(item)
            if name == current:
                self.list.setCurrentItem(item)
        self._update_enabled()

    def show_current(self, name: str) -> None:
        """Highlight the style at the caret (the canvas reports it while typing)."""
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == name:
                self.list.setCurrentRow(row)
                return

    def _update_enabled(self, *_: object) -> None:
        editable = not self._controller.read_only
        for button in (self.apply_button, self.edit_button, self.new_button):
            button.setEnabled(editable)

    def apply_current(self) -> None:
        name = self.current_name()
        if name:
            self.style_requested.emit(name)

    def edit_current(self) -> bool:
        """修改…: edit the chosen style in a dialog; one undoable edit."""
        name = self.current_name()
        if name is None:
            return False
        dialog = StyleDialog(self._controller.doc, self._controller.doc.paragraph_styles[name], parent=self)
        if not dialog.exec():
            return False
        return self._controller.edit(f"修改样式“{name}”", define_paragraph_style(self._controller.doc, dialog.result_style()))

    def new_style(self) -> bool:
        """新建…: a style based on the chosen one, under a new name."""
        doc = self._controller.doc
        base = doc.paragraph_styles.get(self.current_name() or "") or next(iter(doc.paragraph_styles.values()), None)
        name = _unused_name(doc.paragraph_styles)
        start = ParagraphStyle(name=name) if base is None else _renamed(base, name)
        dialog = StyleDialog(doc, start, new=True, parent=self)
        if not dialog.exec():
            return False
        style = dialog.result_style()
        if style.name in doc.paragraph_styles:
            style = _renamed(style, _unused_name(doc.paragraph_styles, style.name))
        return self._controller.edit(f"新建样式“{style.name}”", define_paragraph_style(doc, style))


def dataclass_key(style: ParagraphStyle) -> str:
    """A value that changes whenever the style does (to skip needless rebuilds)."""
    return repr(style)


def _renamed(style: ParagraphStyle, name: str) -> ParagraphStyle:
    return dataclasses.replace(style, name=name)


def _unused_name(existing: dict, base: str = "新样式") -> str:
    if base not in existing:
        return base
    number = 2
    while f"{base} {number}" in existing:
        number += 1
    return f"{base} {number}"
