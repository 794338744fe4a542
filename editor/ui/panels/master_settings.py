"""母版设置: a master's margins, columns, gutter and baseline grid, in one dialog and one undo step.

These are what the canvas draws as guides on every page built on the
master and what frames snap to (``editor.ui.canvas.grid``). Lengths are
shown in millimetres, as a designer measures a page; the baseline grid in
points, as leading is (0 = 无).
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout, QSpinBox, QWidget

from editor.model import master_edits
from editor.model.changes import Change
from editor.model.document import Document, MasterPage, PageGrid
from editor.model.frames import Insets
from editor.model.limits import MIN_BASELINE_PT
from editor.model.units import mm_to_pt, pt_to_mm


def settings_changes(doc: Document, master_id: str, margins: Insets, grid: PageGrid) -> list[Change]:
    """Margins and grid of a master together: one edit."""
    return master_edits.set_master_margins(doc, master_id, margins) + master_edits.set_master_grid(doc, master_id, grid)


def _mm_box(parent: QWidget, value_pt: float, most_mm: float = 200.0) -> QDoubleSpinBox:
    box = QDoubleSpinBox(parent)
    box.setRange(0.0, most_mm)
    box.setDecimals(1)
    box.setSuffix(" 毫米")
    box.setValue(round(pt_to_mm(value_pt), 1))
    return box


class MasterSettingsDialog(QDialog):
    """上/下/内/外 margins, 栏数, 栏间距 and 基线网格 of one master."""

    def __init__(self, master: MasterPage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"母版设置 — {master.name or master.id}")
        m, g = master.margins, master.grid
        self.top = _mm_box(self, m.top_pt)
        self.bottom = _mm_box(self, m.bottom_pt)
        self.left = _mm_box(self, m.left_pt)
        self.right = _mm_box(self, m.right_pt)
        self.columns = QSpinBox(self)
        self.columns.setRange(1, 12)
        self.columns.setSuffix(" 栏")
        self.columns.setValue(g.columns)
        self.gutter = _mm_box(self, g.gutter_pt, 50.0)
        self.baseline = QDoubleSpinBox(self)
        self.baseline.setRange(0.0, 144.0)
        self.baseline.setDecimals(1)
        self.baseline.setSuffix(" 点")
        self.baseline.setSpecialValueText("无")
        self.baseline.setValue(g.baseline_pt)
        form = QFormLayout(self)
        for label, box in (("上边距", self.top), ("下边距", self.bottom), ("左边距", self.left), ("右边距", self.right),
                           ("栏数", self.columns), ("栏间距", self.gutter), ("基线网格", self.baseline)):
            form.addRow(label, box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def margins(self) -> Insets:
        return Insets(top_pt=mm_to_pt(self.top.value()), right_pt=mm_to_pt(self.right.value()),
                      bottom_pt=mm_to_pt(self.bottom.value()), left_pt=mm_to_pt(self.left.value()))

    def grid(self) -> PageGrid:
        return PageGrid(columns=self.columns.value(), gutter_pt=mm_to_pt(self.gutter.value()),
                        baseline_pt=self.baseline.value() if self.baseline.value() >= MIN_BASELINE_PT else 0.0)
