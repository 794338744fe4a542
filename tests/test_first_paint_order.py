"""Opening a project paints the canvas's page before any page thumbnail is drawn (issue #12).

The thumbnails wait ``OPEN_DELAY_MS`` after a document is opened so the canvas paints first.
The wait used to start when the document was replaced, and opening the 64-page issue went on
for longer than that (layout, checks): page 1's thumbnail, its photos decoded, was drawn while
the user still looked at an empty canvas.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject

from editor import SAMPLE_PROJECT
from editor.ui.panels.thumbnails import OPEN_DELAY_MS


class _PaintLog(QObject):
    def __init__(self, log: list[str]) -> None:
        super().__init__()
        self.log = log

    def eventFilter(self, watched, event):  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint:
            self.log.append("canvas")
        return False


def test_the_canvas_paints_before_the_thumbnails_even_when_opening_takes_long(make_window, qtbot):
    window = make_window()
    log: list[str] = []
    spy = _PaintLog(log)
    window.canvas.viewport().installEventFilter(spy)
    window.pages_panel.thumbnails.ready.connect(lambda index: log.append(f"thumbnail {index}"))
    # Something else that reacts to the new document takes longer than the thumbnails' wait.
    window.controller.document_replaced.connect(lambda: time.sleep(3 * OPEN_DELAY_MS / 1000))
    assert window.files.open_path(SAMPLE_PROJECT, ask=False)
    window.canvas.viewport().update()
    qtbot.waitUntil(lambda: "thumbnail 0" in log, timeout=20_000)
    assert "canvas" in log
    assert log.index("canvas") < log.index("thumbnail 0")
