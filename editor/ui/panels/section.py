"""The building block of the 属性 panel: one titled group of fields for a kind of selection.

A section says whether it applies to the current selection, fills its
fields from the model without emitting anything (``load``), and turns a
committed field into one named, undoable edit (``edit``). Repeated changes
of one field of one frame share a merge key, so ten arrow clicks on 宽度
undo in one step, as a nudge does on the canvas.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QFormLayout, QGroupBox, QWidget

from editor.model.changes import Change
from editor.model.frames import Frame
from editor.model.labels import frame_noun as noun  # noqa: F401 - the panels' name for it (移动图片 …)
from editor.ui.controller import DocumentController


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
        self.setVisible(shown)
        if shown:
            self.frames = list(frames)
            self.load(frames)
            self.setEnabled(not self.controller.read_only)

    @property
    def frame(self) -> Frame:
        """The selected frame, for sections that apply to exactly one."""
        return self.frames[0]

    def edit(self, text: str, changes: list[Change], field: str | None = None) -> bool:
        """One undoable edit; ``field`` makes repeated changes of it merge."""
        key = f"属性:{field}:{','.join(f.id for f in self.frames)}" if field else None
        return self.controller.edit(text, changes, key)
