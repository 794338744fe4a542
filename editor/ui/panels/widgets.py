"""Small input widgets the panels share: lengths in mm, plain numbers, choice lists.

The model stores points; people type millimetres. ``MmSpinBox`` shows and
takes mm and hands out points, so no panel converts by hand. Spin boxes do
not track the keyboard: a value is committed on Enter, on leaving the field
or on an arrow step, never after each typed digit (one undo step per value,
not one per keystroke).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QSpinBox, QWidget

from editor.model.units import mm_to_pt, pt_to_mm


class MmSpinBox(QDoubleSpinBox):
    """A length in millimetres; ``value_pt``/``set_value_pt`` speak points."""

    #: The user committed a new length, in points.
    committed_pt = Signal(float)

    def __init__(self, minimum_mm: float = -1000.0, maximum_mm: float = 2000.0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(minimum_mm, maximum_mm)
        self.setDecimals(2)
        self.setSingleStep(1.0)
        self.setSuffix(" 毫米")
        self.setKeyboardTracking(False)
        self.setAccelerated(True)
        self.valueChanged.connect(lambda value_mm: self.committed_pt.emit(mm_to_pt(value_mm)))

    def value_pt(self) -> float:
        return mm_to_pt(self.value())

    def set_value_pt(self, value_pt: float) -> None:
        """Show a model value without emitting ``committed_pt``."""
        self.blockSignals(True)
        self.setValue(round(pt_to_mm(value_pt), 2))
        self.blockSignals(False)


class NumberSpinBox(QDoubleSpinBox):
    """A plain number (percent, points) committed like ``MmSpinBox``."""

    def __init__(self, minimum: float, maximum: float, suffix: str = "", decimals: int = 1,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(minimum, maximum)
        self.setDecimals(decimals)
        self.setSuffix(suffix)
        self.setKeyboardTracking(False)

    def set_quietly(self, value: float) -> None:
        self.blockSignals(True)
        self.setValue(value)
        self.blockSignals(False)


class CountSpinBox(QSpinBox):
    """A whole number (columns) committed like ``MmSpinBox``."""

    def __init__(self, minimum: int, maximum: int, suffix: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(minimum, maximum)
        self.setSuffix(suffix)
        self.setKeyboardTracking(False)

    def set_quietly(self, value: int) -> None:
        self.blockSignals(True)
        self.setValue(value)
        self.blockSignals(False)


class ChoiceBox(QComboBox):
    """A fixed list of (model value, Chinese label) pairs."""

    #: The user picked a value (the model's, not the label).
    chosen = Signal(object)

    def __init__(self, choices: Sequence[tuple[object, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        for value, label in choices:
            self.addItem(label, value)
        self.activated.connect(lambda index: self.chosen.emit(self.itemData(index)))

    def set_choices(self, choices: Sequence[tuple[object, str]]) -> None:
        self.blockSignals(True)
        self.clear()
        for value, label in choices:
            self.addItem(label, value)
        self.blockSignals(False)

    def set_quietly(self, value: object) -> None:
        """Show ``value`` (or nothing, for a value not in the list) without emitting ``chosen``."""
        self.blockSignals(True)
        self.setCurrentIndex(self.findData(value))
        self.blockSignals(False)
