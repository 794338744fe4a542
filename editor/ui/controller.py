"""The open document, its undo stack, its layout and the selection.

One ``DocumentController`` per window: widgets read the document from it
and change it only by pushing undo commands (``edit``). After every change
it lays the document out again (with a ``LayoutCache``, so only stories
whose inputs changed are recomposed) and tells the views which pages'
display lists changed, so they repaint just those.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from editor.layout.display import DocumentLayout
from editor.layout.engine import LayoutCache, StoryMemo, layout_document
from editor.layout.flow import FlowArea
from editor.model.changes import Change
from editor.model.document import Document
from editor.model.edits import find_frame
from editor.model.frames import Frame
from editor.ui.commands import ModelCommand


def settle_memory() -> None:
    """Keep what is alive now (the open document, its layout, the window) out of full collections.

    A full (generation 2) garbage collection visits every container object
    alive; with a document's tens of thousands of layout objects that is a
    20–50 ms pause, and one comes every few hundred keystrokes. ``gc.freeze()``
    moves the objects alive now to a generation the collector never visits
    (they are still freed by reference counting when let go). Unfreezing and
    collecting first lets cycles left from the previous document go.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()


class DocumentController(QObject):
    """Owns the document being edited; the single way to change it.

    ``freeze_after_open`` (the editor application sets it; tests need not) calls
    ``settle_memory`` each time a document is put in the window.
    """

    #: A different document is loaded (new, open, restore): views rebuild.
    document_replaced = Signal()
    #: Pages whose display list changed (indexes); views repaint those.
    layout_changed = Signal(list)
    #: Page count or order changed.
    pages_changed = Signal()
    #: Any change of the model (after layout).
    model_updated = Signal()
    selection_changed = Signal()
    path_changed = Signal()
    read_only_changed = Signal(bool)
    #: The master being edited on the canvas changed (its id, or None: pages are edited).
    master_editing_changed = Signal(object)

    def __init__(self, doc: Document | None = None, path: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self.freeze_after_open = False
        # Every edit is a change applied by a ModelCommand: the cache may trust identities.
        self._cache = LayoutCache(tracked=True)
        self._doc = doc or Document()
        self._path = Path(path) if path else None
        self._read_only = False
        self._selection: tuple[str, ...] = ()
        #: The master whose items the canvas edits (编辑母版), or None.
        self._editing_master: str | None = None
        self._layout = layout_document(self._doc, cache=self._cache)
        self._page_ids = [p.id for p in self._doc.pages]
        #: Panels' "store what is typed but not yet committed" callbacks (``commit_pending``).
        self._committers: list[Callable[[], object]] = []

    # ----------------------------------------------------------------- state

    @property
    def doc(self) -> Document:
        return self._doc

    @property
    def layout(self) -> DocumentLayout:
        return self._layout

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def read_only(self) -> bool:
        return self._read_only

    @property
    def selection(self) -> tuple[str, ...]:
        return self._selection

    @property
    def editing_master_id(self) -> str | None:
        return self._editing_master

    def edit_master(self, master_id: str | None) -> None:
        """Edit a master's items on the canvas (None: the pages' own frames again)."""
        if self._doc.master_by_id(master_id) is None:
            master_id = None
        if master_id != self._editing_master:
            self._editing_master = master_id
            self.master_editing_changed.emit(master_id)  # the canvas ends typing in the master's text …
            self.select([])  # … and nothing stays selected out of reach

    def last_composition(self, story_id: str) -> tuple[list[FlowArea], StoryMemo] | None:
        """Where the layout composed ``story_id`` and a copy of its memo (``LayoutCache.last_composition``):
        what a provisional composition of it (an input method's preedit) starts from."""
        return self._cache.last_composition(story_id)

    def selected_frames(self) -> list[Frame]:
        frames = [find_frame(self._doc, frame_id) for frame_id in self._selection]
        return [f for f in frames if f is not None]

    def page_index_of(self, frame_id: str) -> int | None:
        for index, page in enumerate(self._doc.pages):
            if any(f.id == frame_id for f in page.frames):
                return index
        return None

    # --------------------------------------------------------------- changes

    def set_document(self, doc: Document, path: Path | None = None, read_only: bool = False) -> None:
        """Show another document; the undo history starts afresh."""
        self.undo_stack.clear()
        self._doc = doc
        self._cache = LayoutCache(tracked=True)
        self._layout = layout_document(doc, cache=self._cache)
        self._page_ids = [p.id for p in doc.pages]
        self._selection = ()
        self.edit_master(None)
        self.set_path(path)
        self.set_read_only(read_only)
        self.undo_stack.setClean()
        self.document_replaced.emit()
        self.selection_changed.emit()
        if self.freeze_after_open:
            settle_memory()

    def set_path(self, path: Path | None) -> None:
        self._path = Path(path) if path else None
        self.path_changed.emit()

    def set_read_only(self, read_only: bool) -> None:
        if read_only != self._read_only:
            self._read_only = read_only
            self.read_only_changed.emit(read_only)

    def add_committer(self, commit: Callable[[], object]) -> None:
        """Register a panel's way to store a value typed but not yet committed (see ``commit_pending``)."""
        self._committers.append(commit)

    def commit_pending(self) -> None:
        """Store every value still being typed in a panel, as its own undoable edit.

        A spin box commits on Enter or when it loses focus; Ctrl+S, Ctrl+Q,
        an export or an autosave snapshot do neither, so whatever acts on the
        whole document calls this first: the user's last value always
        reaches the file, as in Word or InDesign.
        """
        for commit in list(self._committers):
            commit()

    def edit(self, text: str, changes: list[Change], merge_key: str | None = None) -> bool:
        """Apply changes as one undoable step labelled ``text``. False if nothing to do."""
        if self._read_only or not changes:
            return False
        self.undo_stack.push(ModelCommand(self, text, changes, merge_key))
        return True

    def model_changed(self) -> None:
        """Called by commands after they change the model: lay out again, notify views."""
        previous = self._layout
        self._layout = layout_document(self._doc, cache=self._cache)
        page_ids = [p.id for p in self._doc.pages]
        if page_ids != self._page_ids:
            self._page_ids = page_ids
            self.pages_changed.emit()
            changed = list(range(len(self._doc.pages)))
        else:
            changed = [
                index for index, (old, new) in enumerate(zip(previous.pages, self._layout.pages, strict=True))
                if old.items != new.items
            ]
        if self._editing_master is not None and self._doc.master_by_id(self._editing_master) is None:
            self.edit_master(None)
        still_there = tuple(i for i in self._selection if find_frame(self._doc, i) is not None)
        if still_there != self._selection:
            self._selection = still_there
            self.selection_changed.emit()
        if changed:
            self.layout_changed.emit(changed)
        self.model_updated.emit()

    def select(self, frame_ids: list[str] | tuple[str, ...]) -> None:
        selection = tuple(dict.fromkeys(frame_ids))
        if selection != self._selection:
            self._selection = selection
            self.selection_changed.emit()
