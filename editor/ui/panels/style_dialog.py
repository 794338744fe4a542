"""段落样式 dialog: edit or create a paragraph style (font, size, leading, spacing …).

Sizes are in points (磅, as Word and WPS show them) beside their Chinese
names (字号 小四 = 12 磅; either may be typed), and the first-line
indent in characters (首行缩进 2 字符), the units a Chinese editor thinks in.
The font list comes from the font registry, Chinese-capable families first;
a family not installed here is kept (and marked) rather than silently
replaced, because the issue may be finished on a machine that has it.
Its fields take the wheel only with focus, like the 属性 panel's, and a
number typed without Enter counts when 确定 is pressed.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from editor.model.document import Document
from editor.model.styles import HEX_COLOR, ParagraphStyle
from editor.ui.panels.font_size_box import FontSizeBox
from editor.ui.panels.widgets import ChoiceBox, NumberSpinBox, commit_typed, wheel_only_with_focus

ALIGNMENTS = [("justify", "两端对齐"), ("left", "左对齐"), ("center", "居中"), ("right", "右对齐")]
KINSOKU = [("basic", "基本"), ("gb", "国标"), ("strict", "严格"), ("none", "不处理")]
LINE_START_MARKS = [("full", "全角（占一字）"), ("half", "半角（与栏边齐）")]


def font_families() -> list[str]:
    """Families for the font list (the registry scans font folders once and caches)."""
    from editor.layout.engine import default_faces

    registry = default_faces()
    available = getattr(registry, "available_families", None)
    return list(available()) if available else []


class StyleDialog(QDialog):
    """Edit ``style`` (or a new one when ``new`` is true); ``result_style()`` gives the edited copy."""

    def __init__(self, doc: Document, style: ParagraphStyle, new: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("新建段落样式" if new else f"编辑段落样式：{style.name}")
        self._doc = doc
        self._style = style
        self._color = style.color
        form = QFormLayout(self)
        self.name = QLineEdit(style.name)
        self.name.setEnabled(new)
        self.family = QComboBox()
        self.family.setEditable(True)
        wheel_only_with_focus(self.family)
        families = font_families()
        if style.font_family not in families:
            families.insert(0, style.font_family)
        self.family.addItems(families)
        self.family.setCurrentText(style.font_family)
        self.bold = QCheckBox("加粗")
        self.bold.setChecked(style.bold)
        self.size = FontSizeBox(4.0, 200.0)
        self.size.setValue(style.size_pt)
        self.leading = NumberSpinBox(4.0, 400.0, " 磅", 1)
        self.leading.setValue(style.leading_pt)
        self.color = QPushButton()
        self.color.clicked.connect(self._pick_color)
        self.alignment = ChoiceBox(ALIGNMENTS)
        self.alignment.set_quietly(style.alignment)
        self.indent = NumberSpinBox(0.0, 20.0, " 字符", 1)
        self.indent.setValue(style.first_line_indent_chars)
        self.before = NumberSpinBox(0.0, 200.0, " 磅", 1)
        self.before.setValue(style.space_before_pt)
        self.after = NumberSpinBox(0.0, 200.0, " 磅", 1)
        self.after.setValue(style.space_after_pt)
        self.tracking = NumberSpinBox(-0.5, 2.0, " 字", 2)
        self.tracking.setSingleStep(0.05)
        self.tracking.setValue(style.letter_spacing_em)
        self.keep = QCheckBox("与下段同页（标题用）")
        self.keep.setChecked(style.keep_with_next)
        self.kinsoku = ChoiceBox(KINSOKU)
        self.kinsoku.set_quietly(style.kinsoku)
        self.line_start_marks = ChoiceBox(LINE_START_MARKS)
        self.line_start_marks.set_quietly(style.line_start_marks)
        for label, widget in (("名称", self.name), ("字体", self.family), ("", self.bold), ("字号", self.size),
                              ("行距（固定值）", self.leading), ("颜色", self.color), ("对齐", self.alignment),
                              ("首行缩进", self.indent), ("段前", self.before), ("段后", self.after),
                              ("字距", self.tracking), ("", self.keep), ("避头尾", self.kinsoku),
                              ("行首开引号", self.line_start_marks)):
            form.addRow(label, widget)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self._show_color()

    def _rgb(self) -> str:
        value = self._doc.colors.get(self._color, self._color)
        return value if HEX_COLOR.fullmatch(value) else "#000000"

    def _show_color(self) -> None:
        label = self._color if self._color in self._doc.colors else self._color.upper()
        self.color.setText(label)
        swatch = QPixmap(16, 16)
        swatch.fill(QColor(self._rgb()))
        self.color.setIcon(QIcon(swatch))

    def _pick_color(self) -> None:
        chosen = QColorDialog.getColor(QColor(self._rgb()), self, "选择文字颜色")
        if chosen.isValid():
            hex_value = chosen.name().upper()
            swatch = next((n for n, v in self._doc.colors.items() if v.upper() == hex_value), None)
            self._color = swatch or hex_value
            self._show_color()

    def _accept(self) -> None:
        for box in self.findChildren(QAbstractSpinBox):
            commit_typed(box)
        if self.size.typed_value() is None:
            self.size.setFocus()
            self.size.lineEdit().selectAll()
            return
        name = self.name.text().strip()
        if not name:
            self.name.setFocus()
            return
        self.accept()

    def result_style(self) -> ParagraphStyle:
        """The style as edited (a new object; the document is unchanged until the edit is pushed)."""
        return dataclasses.replace(
            self._style, name=self.name.text().strip(), font_family=self.family.currentText().strip() or self._style.font_family,
            bold=self.bold.isChecked(), size_pt=self.size.value(), leading_pt=self.leading.value(), color=self._color,
            alignment=self.alignment.currentData(), first_line_indent_chars=self.indent.value(),
            space_before_pt=self.before.value(), space_after_pt=self.after.value(),
            letter_spacing_em=self.tracking.value(), keep_with_next=self.keep.isChecked(),
            kinsoku=self.kinsoku.currentData(), line_start_marks=self.line_start_marks.currentData(),
        )
