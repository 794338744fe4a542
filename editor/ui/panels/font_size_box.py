"""字号 field: an editable list of the Chinese size names that also takes points.

Like Word's and WPS's size box: the list offers 初号 … 八号 with their points,
and the user may type either 「小四」 or 「12」 (「12 磅」 too). Used by the
段落样式 dialog and the 属性 panel's text section; the mapping itself is
``editor.model.font_sizes``.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

from editor.model.font_sizes import CHINESE_SIZES_PT, parse_size, size_label
from editor.ui.panels.widgets import wheel_only_with_focus


class FontSizeBox(QComboBox):
    """Sizes in points, shown as 「小四（12 磅）」; ``value()`` reads what is typed."""

    def __init__(self, minimum_pt: float, maximum_pt: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._minimum_pt, self._maximum_pt = minimum_pt, maximum_pt
        self._value_pt = minimum_pt
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.lineEdit().setPlaceholderText("如 小四 或 12")
        self.setToolTip("可选中文字号（如“小四”），也可直接输入磅值（如“12”）")
        wheel_only_with_focus(self)
        for points in CHINESE_SIZES_PT.values():
            self.addItem(size_label(points), points)

    def setValue(self, size_pt: float) -> None:  # noqa: N802 - the spin boxes' name, so forms read alike
        self._value_pt = size_pt
        self.setEditText(size_label(size_pt))

    def set_quietly(self, size_pt: float) -> None:
        """Show ``size_pt`` without emitting anything."""
        self.blockSignals(True)
        self.setValue(size_pt)
        self.blockSignals(False)

    def typed_value(self) -> float | None:
        """Points for the text in the field, or None when it is no size in range."""
        points = parse_size(self.currentText())
        if points is None or not self._minimum_pt <= points <= self._maximum_pt:
            return None
        return round(points, 1)

    def value(self) -> float:
        """The size typed (or picked), else the last good one (kept exact while its text is untouched)."""
        if self.currentText() == size_label(self._value_pt):
            return self._value_pt
        points = self.typed_value()
        return self._value_pt if points is None else points
