"""Undo commands: every edit of the document goes through one of these.

A ``ModelCommand`` holds the reversible changes an edit in
``editor.model.edits`` computed; redo applies them forward, undo backward,
and both tell the controller to lay out again. Commands with the same
``merge_key`` merge (arrow-key nudges, typing a word, dragging a handle),
so one undo takes back the whole gesture, as in Word and InDesign. The
text is the menu label: "撤销 移动图片".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from editor.model.changes import Change

if TYPE_CHECKING:
    from editor.ui.controller import DocumentController

_MERGE_IDS: dict[str, int] = {}


def _merge_id(key: str | None) -> int:
    if key is None:
        return -1
    return _MERGE_IDS.setdefault(key, len(_MERGE_IDS) + 1)


class ModelCommand(QUndoCommand):
    """A labelled list of model changes that can be done and undone exactly."""

    def __init__(self, controller: DocumentController, text: str, changes: list[Change],
                 merge_key: str | None = None) -> None:
        super().__init__(text)
        self._controller = controller
        self._changes = list(changes)
        self._merge_key = merge_key

    @property
    def changes(self) -> list[Change]:
        return self._changes

    def id(self) -> int:  # Qt's name
        return _merge_id(self._merge_key)

    def redo(self) -> None:
        for change in self._changes:
            change.apply(True)
        self._controller.model_changed()

    def undo(self) -> None:
        for change in reversed(self._changes):
            change.apply(False)
        self._controller.model_changed()

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if not isinstance(other, ModelCommand) or other._merge_key != self._merge_key or self._merge_key is None:
            return False
        merged = list(self._changes)
        for later in other._changes:
            for index, earlier in enumerate(merged):
                if earlier.same_place(later):
                    merged[index] = earlier.merged(later)
                    break
            else:
                merged.append(later)
        self._changes = merged
        return True
