"""The building block of the 属性 panel: one titled group of fields for a kind of selection.

A section says whether it applies to the current selection, fills its
fields from the model without emitting anything (``load``), and turns a
committed field into one named, undoable edit (``edit``). Repeated changes
of one field of one frame share a merge key, so ten arrow clicks on 宽度
undo in one step, as a nudge does on the canvas.

A value typed but not yet committed (no Enter, focus still in the field) is
stored by ``commit_typed``, which the 属性 panel runs whenever the whole
document is about to be used (``DocumentController.commit_pending``) and
before it shows other frames.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QAbstractSpinBox, QFormLayout, QGroupBox, QWidget

from editor.model.changes import Change
from editor.model.frames import Frame
from editor.model.labels import frame_noun as noun  # noqa: F401 - the panels' name for it (移动图片 …)
from editor.ui.controller import DocumentController
from editor.ui.panels.widgets import commit_typed, forget_typed


class Section(QGroupBox):
    """A group of fields; subclasses implement ``applies`` and ``load``."""

    def __init__(self, title: str, controller: DocumentController, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.controller = controller
        self.form = QFormLayout(self)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.frames: list[Frame] = []

    def applies(self, frames: Sequence[Frame]) -> bool:
        raise NotImplementedError

    def load(self, frames: Sequence[Frame]) -> None:
        """Show the frames' values; must not edit the document."""
        raise NotImplementedError

    def refresh(self, frames: Sequence[Frame]) -> None:
        """Show or hide for this selection and load it."""
        shown = self.applies(frames)
        if [f.id for f in frames] != [f.id for f in self.frames]:
            self.forget_typed()  # before hiding: leaving a field must not store it for the old frames
        self.setVisible(shown)
        if shown:
            self.frames = list(frames)
            self.load(frames)
            self.setEnabled(not self.controller.read_only)

    def spin_boxes(self) -> list[QAbstractSpinBox]:
        return self.findChildren(QAbstractSpinBox)

    def commit_typed(self) -> None:
        """Store what is typed in this section's fields and not yet committed."""
        if self.isHidden() or not self.frames:
            return
        for box in self.spin_boxes():
            commit_typed(box)

    def forget_typed(self) -> None:
        """Another selection is shown: text typed for the previous one (already committed,
        or its frames are gone) must not be stored into the new one."""
        for box in self.spin_boxes():
            forget_typed(box)

    @property
    def frame(self) -> Frame:
        """The selected frame, for sections that apply to exactly one."""
        return self.frames[0]

    def edit(self, text: str, changes: list[Change], field: str | None = None) -> bool:
        """One undoable edit; ``field`` makes repeated changes of it merge."""
        key = f"属性:{field}:{','.join(f.id for f in self.frames)}" if field else None
        return self.controller.edit(text, changes, key)
