"""A stand-in editor for ``tests/test_autosave_kill.py``, to be killed with SIGKILL.

Run as ``python -m tests.helpers.autosave_child PROJECT RECOVERY_ROOT`` from
the repository root with ``QT_QPA_PLATFORM=offscreen``. It does what the
editor does around a crash: saves a copy of the sample project to
``PROJECT``, takes its lock, reopens it, starts the ``AutosaveController``
and makes the edits of ``STEPS`` through ``QUndoCommand``s on a
``QUndoStack`` (typing in a story, moving frames, replacing a photo, an
edit taken back with undo), printing progress lines:

    SAVED            the project file is written (the test records its bytes)
    LOCKED <pid>     the lock is taken
    SNAPSHOT <id> <time>   a recovery snapshot reached the disk
    LAST_EDIT <time> the last edit is done; then it idles in the event loop

The edits are plain functions of the document so that the test can compute
the expected result without Qt. The local command class stands in for the
editor's own commands (``editor.ui.commands``) and may switch to them.
"""

from __future__ import annotations

import dataclasses
import io
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from editor.io.project import asset_name
from editor.model.document import Document
from editor.model.story import Run

#: Text typed into a story one character at a time (Chinese, with a space).
TYPED = "党群工作 自动保存"
#: The edits, in order. ``pause`` waits (so a snapshot happens in between); ``undo`` takes back the last edit.
STEPS: list[tuple[Any, ...]] = [
    *[("text", "brief-party", TYPED[:n]) for n in range(1, len(TYPED) + 1)],
    ("pause", 2.5),
    ("move", "p3-photo-party", 10.0, -5.0),
    ("photo", "p3-photo-party"),
    ("move", "p2-rule", 100.0, 100.0),
    ("undo",),
    ("text", "contest", "中铝股份举办“党建工作竞赛” 2021"),
    ("move", "p3-brief-chongqing", -3.5, 12.25),
]
#: Time between two edits, like quick typing.
STEP_INTERVAL_MS = 120
#: The helper never outlives a test that forgot it.
LIFETIME_MS = 120_000


def new_photo_bytes() -> bytes:
    """A small PNG made the same way in the helper and in the test."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (48, 32), (200, 16, 32)).save(buffer, "PNG")
    return buffer.getvalue()


def _replace_frame(doc: Document, frame_id: str, **fields: Any) -> Callable[[], None]:
    for page in doc.pages:
        for index, frame in enumerate(page.frames):
            if frame.id == frame_id:
                page.frames[index] = dataclasses.replace(frame, **fields)

                def undo(page=page, index=index, frame=frame) -> None:
                    page.frames[index] = frame

                return undo
    raise KeyError(frame_id)


def apply_step(doc: Document, step: tuple[Any, ...]) -> Callable[[], None]:
    """Perform one edit on ``doc``; return what undoes it."""
    kind = step[0]
    if kind == "text":
        _, story_id, text = step
        story = doc.stories[story_id]
        first = story.paragraphs[0]
        style = first.runs[0].char_style if first.runs else None
        paragraph = dataclasses.replace(first, runs=[Run(text=text, char_style=style)])
        doc.stories[story_id] = dataclasses.replace(story, paragraphs=[paragraph, *story.paragraphs[1:]])
        return lambda: doc.stories.__setitem__(story_id, story)
    if kind == "move":
        _, frame_id, dx, dy = step
        frame = doc.frame_by_id(frame_id)
        assert frame is not None
        return _replace_frame(doc, frame_id, x_pt=frame.x_pt + dx, y_pt=frame.y_pt + dy)
    if kind == "photo":
        _, frame_id = step
        data = new_photo_bytes()
        name = asset_name(data, ".png")
        old_assets = dict(doc.assets)
        doc.assets[name] = data
        undo_frame = _replace_frame(doc, frame_id, asset=name)

        def undo() -> None:
            undo_frame()
            doc.assets.clear()
            doc.assets.update(old_assets)

        return undo
    raise ValueError(f"not an edit: {step!r}")


def expected_document(doc: Document) -> Document:
    """``doc`` after ``STEPS``, computed without Qt (the test's reference)."""
    undo_stack: list[Callable[[], None]] = []
    for step in STEPS:
        if step[0] == "pause":
            continue
        if step[0] == "undo":
            undo_stack.pop()()
        else:
            undo_stack.append(apply_step(doc, step))
    return doc


def index_changes() -> int:
    """How many times the undo stack's index changes while ``STEPS`` run."""
    return sum(1 for step in STEPS if step[0] != "pause")


def main(argv: list[str]) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QGuiApplication, QUndoCommand, QUndoStack

    from editor import SAMPLE_PROJECT
    from editor.io.lockfile import acquire_lock
    from editor.io.project import load_project, save_project
    from editor.io.recovery import RecoveryStore
    from editor.ui.autosave import AutosaveController

    project, recovery_root = Path(argv[1]), Path(argv[2])
    app = QGuiApplication(argv[:1])

    save_project(load_project(SAMPLE_PROJECT), project)
    print("SAVED", flush=True)
    lock = acquire_lock(project).lock
    assert lock is not None, "the fresh copy must not be locked"
    print("LOCKED", lock.owner.pid, flush=True)

    doc = load_project(project)
    stack = QUndoStack()
    autosave = AutosaveController(lambda: doc, stack, project_path=lambda: project,
                                  store=RecoveryStore(recovery_root), lock=lock)
    autosave.snapshot_written.connect(lambda session_id: print("SNAPSHOT", session_id, time.time(), flush=True))
    autosave.failed.connect(lambda message: print("FAILED", message, flush=True))

    class StepCommand(QUndoCommand):
        """One step of ``STEPS`` as an undoable command."""

        def __init__(self, step: tuple[Any, ...]) -> None:
            super().__init__(f"测试 {step[0]}")
            self._step = step
            self._undo: Callable[[], None] | None = None

        def redo(self) -> None:
            self._undo = apply_step(doc, self._step)

        def undo(self) -> None:
            assert self._undo is not None
            self._undo()

    def run(index: int) -> None:
        if index == len(STEPS):
            print("LAST_EDIT", time.time(), flush=True)
            return
        step = STEPS[index]
        delay_ms = STEP_INTERVAL_MS
        if step[0] == "pause":
            delay_ms = int(step[1] * 1000)
        elif step[0] == "undo":
            stack.undo()
        else:
            stack.push(StepCommand(step))
        QTimer.singleShot(delay_ms if index + 1 < len(STEPS) else 0, lambda: run(index + 1))

    QTimer.singleShot(0, lambda: run(0))
    QTimer.singleShot(LIFETIME_MS, app.quit)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
