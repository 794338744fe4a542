"""Editor A of ``tests/test_recovery_newer_save.py``: a real editor window, to be killed with SIGKILL.

Run as ``python -m tests.helpers.window_child PROJECT`` from the repository
root with ``QT_QPA_PLATFORM=offscreen`` and ``BANMIAN_DATA_DIR`` /
``BANMIAN_CONFIG_DIR`` pointing into the test's folder. It opens PROJECT
in a ``MainWindow`` (taking its lock), writes ``CAPTION`` under the first
photo as one undoable edit (what 属性 → 图片说明 does), and prints:

    OPENED <pid>      the project is open and locked
    SNAPSHOT <id>     the first recovery snapshot reached the disk

then idles in the event loop until it is killed. Every question a dialog
would ask is answered without a modal box and printed (``ASKED …``), so a
question the scenario does not expect shows up in the test's failure.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from editor.model.document import Document
from editor.model.frames import ImageFrame

#: What editor A types as the first photo's caption before it is killed.
CAPTION = "甲编辑写的图片说明：崩溃前没有保存"
#: The helper never outlives a test that forgot it.
LIFETIME_MS = 120_000


def first_photo_id(doc: Document) -> str:
    """The photo frame whose caption editor A changes (the first one in page order)."""
    return next(frame.id for _, frame in doc.frames_with_pages() if isinstance(frame, ImageFrame))


def main(argv: list[str]) -> int:
    from PySide6.QtCore import QTimer

    from editor.model.document_edits import set_caption_text
    from editor.ui.app import create_application
    from editor.ui.file_dialogs import FileDialogs
    from editor.ui.main_window import MainWindow

    class NoModalDialogs(FileDialogs):
        """Answers without a modal box (declining everything) and reports each question."""

        def _asked(self, what: str) -> None:
            print("ASKED", what, flush=True)

        def warn(self, message: str) -> None:
            self._asked(f"warn {message}")

        def error(self, problem) -> None:
            self._asked(f"error {problem.message}")

        def ask_break_lock(self, message: str) -> bool:
            self._asked("break_lock")
            return False

        def offer_recovery(self, infos) -> str:
            self._asked("recovery")
            return "later"

    project = Path(argv[1])
    app = create_application([argv[0]], install_hook=False)
    window = MainWindow(dialogs=NoModalDialogs(None))
    if not window.files.open_path(project, ask=False) or window.files.lock is None:
        print("FAILED to open", project, flush=True)
        return 1
    print("OPENED", os.getpid(), flush=True)
    window.files.autosave.snapshot_written.connect(lambda session_id: print("SNAPSHOT", session_id, flush=True))
    controller = window.controller

    def edit() -> None:
        changes = set_caption_text(controller.doc, first_photo_id(controller.doc), CAPTION)
        assert controller.edit("修改图片说明", changes)

    QTimer.singleShot(0, edit)
    QTimer.singleShot(LIFETIME_MS, app.quit)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
