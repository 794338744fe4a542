"""导出预设 in the PDF export dialog: a list of presets, and 保存为预设… for the user's own.

Choosing 印刷 or 屏幕 (or a saved preset) sets the dialog's 出血 checkbox
and 图片分辨率; changing either by hand shows 自定义 until the values match a
preset again. 保存为预设… asks for a name and keeps the current values in
the user's config folder (``editor.render.export_presets``), where the
next export dialog and ``banmian export --preset`` find them.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QInputDialog, QMessageBox, QPushButton, QWidget

from editor.errors import BanmianError
from editor.render.export_presets import (
    CUSTOM,
    ExportPreset,
    all_presets,
    check_preset_name,
    custom_preset,
    save_user_preset,
)


class PresetChooser(QWidget):
    """预设: the combo box and 保存为预设…; keeps the bleed checkbox and the resolution in step."""

    def __init__(self, bleed: QCheckBox, resolution, chosen: ExportPreset, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bleed = bleed
        self._resolution = resolution  # an export_dialogs.PhotoResolution
        self.combo = QComboBox()
        self.save_button = QPushButton("保存为预设…")
        self.save_button.clicked.connect(self.save_as_preset)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.combo, 1)
        row.addWidget(self.save_button)
        self._presets: list[ExportPreset] = []
        #: The preset chosen last: shown when another has the same values.
        self._selected = chosen.name
        self._fill(chosen.name)
        self.combo.currentIndexChanged.connect(self._chosen)
        bleed.toggled.connect(self._values_changed)
        resolution.number.valueChanged.connect(self._values_changed)
        self._apply(chosen)

    def _fill(self, selected: str) -> None:
        self.combo.blockSignals(True)
        self.combo.clear()
        self._presets = all_presets()
        for preset in self._presets:
            self.combo.addItem(preset.name, preset.name)
            self.combo.setItemData(self.combo.count() - 1, preset.summary(), Qt.ItemDataRole.ToolTipRole)
        self.combo.addItem(CUSTOM, None)
        index = self.combo.findData(selected)
        self.combo.setCurrentIndex(index if index >= 0 else self.combo.count() - 1)
        self.combo.blockSignals(False)

    def _apply(self, preset: ExportPreset) -> None:
        """Show ``preset``'s values in the checkbox and the resolution."""
        self._selected = preset.name
        self._bleed.setChecked(preset.has_bleed)
        self._resolution.number.setValue(preset.photo_ppi)
        self._values_changed()

    def _chosen(self, index: int) -> None:
        name = self.combo.itemData(index)
        for preset in self._presets:
            if preset.name == name:
                self._apply(preset)
                return

    def _matching(self) -> ExportPreset | None:
        """The preset whose values the dialog shows (the one selected first), if any."""
        bleed, ppi = self._bleed.isChecked(), self._resolution.ppi()
        candidates = sorted(self._presets, key=lambda preset: preset.name != self._selected)
        return next((preset for preset in candidates if preset.has_bleed == bleed and preset.photo_ppi == ppi), None)

    def _values_changed(self, *_ignored) -> None:
        match = self._matching()
        self.combo.blockSignals(True)
        self.combo.setCurrentIndex(self.combo.findData(match.name) if match else self.combo.count() - 1)
        self.combo.blockSignals(False)

    def preset(self) -> ExportPreset:
        """What the export will use: the preset shown, or the dialog's own values as 自定义."""
        return self._matching() or custom_preset(self._resolution.ppi(), self._bleed.isChecked())

    def save_as_preset(self) -> ExportPreset | None:
        """保存为预设…: ask for a name and keep the current values under it."""
        name, ok = QInputDialog.getText(self, "保存为预设", "预设名称：")
        if not ok:
            return None
        try:
            name = check_preset_name(name)
            current = self.preset()
            saved = dataclasses.replace(current, name=name, builtin=False)
            save_user_preset(saved)
        except BanmianError as problem:
            QMessageBox.warning(self, "保存为预设", problem.message)
            return None
        self._selected = name
        self._fill(name)
        return saved
