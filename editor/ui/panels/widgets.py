"""Small input widgets the panels share: lengths in mm, plain numbers, choice lists, live text.

The model stores points; people type millimetres. ``MmSpinBox`` shows and
takes mm and hands out points, so no panel converts by hand. Spin boxes do
not track the keyboard: a value is committed on Enter, on leaving the field
or on an arrow step, never after each typed digit (one undo step per value,
not one per keystroke) — and by ``commit_typed`` when the whole document is
about to be saved, exported or snapshotted while the user is still typing
(``DocumentController.commit_pending``).

Numbers are typed in Latin digits even with a Chinese input method active:
the spin boxes turn the input method off (Windows decides by that alone) and
ask for numbers in their hints, and full-width digits that arrive anyway
(pasted, or typed in full-width mode) are read as ordinary ones.

The wheel changes a spin box or a choice list only when it has focus, and
never gives it focus: otherwise it scrolls the panel under the pointer, so
scrolling through 属性 never changes 垂直对齐 by accident.

``LiveTextEdit`` is the multi-line text field (图片说明): what is typed is
stored a moment after the last keystroke, so the page follows the typing,
and the stores of one typing session share a merge key (one undo step).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QDoubleSpinBox,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from editor.model.units import mm_to_pt, pt_to_mm

#: Quiet time after the last keystroke before a text field stores what was typed.
TEXT_COMMIT_DELAY_MS = 400

#: Full-width forms (ＡＢＣ１２３．－) as their ASCII letters, the ideographic space and
#: full stop as a space and a decimal point: what a Chinese input method may send for digits.
_LATIN = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: " ", 0x3002: "."}

#: What numeric fields ask of an input method: Latin digits, no suggestions (Qt's spin boxes
#: add ImhFormattedNumbersOnly, or ImhDigitsOnly for whole numbers).
_NUMBER_HINTS = (Qt.InputMethodHint.ImhPreferNumbers | Qt.InputMethodHint.ImhPreferLatin
                 | Qt.InputMethodHint.ImhLatinOnly | Qt.InputMethodHint.ImhNoPredictiveText)


def latin_digits(text: str) -> str:
    """``１１８．５`` → ``118.5``: full-width digits and signs as the ASCII ones."""
    return text.translate(_LATIN)


class _WheelGuard(QObject):
    """Lets the wheel reach its widget only while it has focus; otherwise the event
    goes on to the parents, and the scroll area holding the widget scrolls."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Wheel and isinstance(watched, QWidget) and not watched.hasFocus():
            event.ignore()  # ignored and filtered: Qt hands a real wheel event to the parent
            return True
        return False


def wheel_only_with_focus(widget: QWidget) -> None:
    """The wheel changes ``widget`` only when it has focus, and never gives it focus."""
    widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    widget.installEventFilter(_WheelGuard(widget))


def commit_typed(box: QAbstractSpinBox) -> None:
    """Store a value typed into ``box`` without Enter (emits ``valueChanged`` if it differs).

    Qt reformats the text when it reads it ("118" becomes "118.00 毫米");
    a focused box gets the user's text, cursor and selection back, so a
    commit in the middle of typing (an autosave) does not disturb it.
    """
    keep_typing(box.lineEdit(), box.interpretText, box)


def keep_typing(edit: QLineEdit, store: Callable[[], object], field: QWidget) -> None:
    """Run ``store``, which may rewrite ``edit`` (the model's value shown again); while ``field``
    has the focus, the user's text, cursor and selection come back, as typed."""
    text, cursor = edit.text(), edit.cursorPosition()
    start, length = edit.selectionStart(), edit.selectionLength()
    store()
    if not field.hasFocus() or edit.text() == text:
        return
    edit.setText(text)
    if length > 0:
        edit.setSelection(start, length)
    else:
        edit.setCursorPosition(cursor)


def forget_typed(box: QAbstractSpinBox) -> None:
    """Drop text typed into ``box`` and not committed (it was meant for frames no longer shown)."""
    box.blockSignals(True)
    box.setValue(box.value())  # rewrites the text from the value, emits nothing
    box.blockSignals(False)


class _NumberField:
    """What the panels' spin boxes share (a mixin before the Qt class); see the module docstring."""

    def _set_up_number_field(self: QAbstractSpinBox) -> None:
        self.setKeyboardTracking(False)
        self.setInputMethodHints(self.inputMethodHints() | _NUMBER_HINTS)
        wheel_only_with_focus(self)

    def inputMethodQuery(self, query: Qt.InputMethodQuery) -> object:  # noqa: N802 - Qt's name
        if query == Qt.InputMethodQuery.ImEnabled:
            return False  # no composition: keys type Latin digits even with 拼音 active
        return super().inputMethodQuery(query)

    def validate(self, text: str, pos: int) -> object:
        return super().validate(latin_digits(text), pos)

    def show_model_value(self: QAbstractSpinBox, value: float) -> None:
        """Show a model value without emitting. A focused box that already holds it keeps
        the user's text and cursor (the value was just committed from what is being typed)."""
        decimals = self.decimals() if isinstance(self, QDoubleSpinBox) else 0
        if self.hasFocus() and round(value, decimals) == self.value():
            return
        self.blockSignals(True)
        self.setValue(value)
        self.blockSignals(False)


class MmSpinBox(_NumberField, QDoubleSpinBox):
    """A length in millimetres; ``value_pt``/``set_value_pt`` speak points."""

    #: The user committed a new length, in points.
    committed_pt = Signal(float)

    def __init__(self, minimum_mm: float = -1000.0, maximum_mm: float = 2000.0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(minimum_mm, maximum_mm)
        self.setDecimals(2)
        self.setSingleStep(1.0)
        self.setSuffix(" 毫米")
        self._set_up_number_field()
        self.setAccelerated(True)
        self.valueChanged.connect(lambda value_mm: self.committed_pt.emit(mm_to_pt(value_mm)))

    def value_pt(self) -> float:
        return mm_to_pt(self.value())

    def set_value_pt(self, value_pt: float) -> None:
        """Show a model value without emitting ``committed_pt``."""
        self.show_model_value(round(pt_to_mm(value_pt), 2))


class NumberSpinBox(_NumberField, QDoubleSpinBox):
    """A plain number (percent, points) committed like ``MmSpinBox``."""

    def __init__(self, minimum: float, maximum: float, suffix: str = "", decimals: int = 1,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(minimum, maximum)
        self.setDecimals(decimals)
        self.setSuffix(suffix)
        self._set_up_number_field()

    def set_quietly(self, value: float) -> None:
        self.show_model_value(value)


class CountSpinBox(_NumberField, QSpinBox):
    """A whole number (columns) committed like ``MmSpinBox``."""

    def __init__(self, minimum: int, maximum: int, suffix: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(minimum, maximum)
        self.setSuffix(suffix)
        self._set_up_number_field()

    def set_quietly(self, value: int) -> None:
        self.show_model_value(value)


class ChoiceBox(QComboBox):
    """A fixed list of (model value, Chinese label) pairs."""

    #: The user picked a value (the model's, not the label).
    chosen = Signal(object)

    def __init__(self, choices: Sequence[tuple[object, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        for value, label in choices:
            self.addItem(label, value)
        wheel_only_with_focus(self)
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


class LiveTextEdit(QPlainTextEdit):
    """Multi-line text handed to ``store`` while typing: ``TEXT_COMMIT_DELAY_MS`` after the
    last change, on leaving the field and on ``flush`` — only when it differs from the model.

    ``session`` changes when the user leaves the field or another object is shown, so the
    stores of one stretch of typing can share a merge key and undo in one step.
    """

    def __init__(self, store: Callable[[str], bool], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._model_text = ""
        self.session = 0
        self._quiet = QTimer(self)
        self._quiet.setSingleShot(True)
        self._quiet.setInterval(TEXT_COMMIT_DELAY_MS)
        self._quiet.timeout.connect(self.flush)
        self.textChanged.connect(self._on_text_changed)

    def is_typing(self) -> bool:
        """Text typed and not yet stored."""
        return self._quiet.isActive()

    def show_model_text(self, text: str) -> None:
        """Show the model's text; a focused field still being typed in, or already holding
        this text, keeps the user's text and cursor."""
        self._model_text = text
        if self.toPlainText() == text or (self.hasFocus() and self.is_typing()):
            return
        self.setPlainText(text)

    def forget_typed(self) -> None:
        """Never store what is typed now (it belonged to another object, or document); the
        next ``show_model_text`` replaces it. The next typing is a new session."""
        self._quiet.stop()
        self._model_text = self.toPlainText()
        self.session += 1

    def flush(self) -> bool:
        """Store the text now if it differs from the model's. True if it was stored."""
        self._quiet.stop()
        text = self.toPlainText()
        return text != self._model_text and self._store(text)

    def _on_text_changed(self) -> None:
        if self.toPlainText() == self._model_text:
            self._quiet.stop()
        else:
            self._quiet.start()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt's name
        super().focusOutEvent(event)
        self.flush()
        if event.reason() != Qt.FocusReason.PopupFocusReason:  # a context menu is not leaving
            self.session += 1
