"""Take ``docs/screenshot-editor.png``: the editor with the sample issue open, as a user sees it.

Run under a real X server so fonts, DPI and styles are the desktop's::

    xvfb-run -a -s "-screen 0 1600x1000x24" env QT_QPA_PLATFORM=xcb python docs/screenshot-editor.py

The window is maximised on the 1600 × 1000 screen, the sample is opened as a
project, page 3 (photos, captions, wrap, three briefs) is shown and a photo is
selected so the 属性 panel has something to show.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from editor import SAMPLE_PROJECT  # noqa: E402
from editor.ui.app import create_application  # noqa: E402

OUTPUT = ROOT / "docs" / "screenshot-editor.png"


def settle(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.01)


def main() -> int:
    import os

    scratch = tempfile.mkdtemp(prefix="banmian-shot-")
    os.environ["BANMIAN_DATA_DIR"] = scratch  # no recovery offer from the developer's own sessions
    os.environ["BANMIAN_CONFIG_DIR"] = scratch
    app = create_application()
    from editor.ui.main_window import MainWindow

    window = MainWindow(settings=QSettings(str(Path(scratch) / "settings.ini"), QSettings.Format.IniFormat))
    window.setGeometry(app.primaryScreen().availableGeometry())  # no window manager under Xvfb to maximise
    window.show()
    settle(0.5)
    window.files.open_path(SAMPLE_PROJECT, ask=False)
    settle(0.5)
    window.pages_panel.list.setCurrentRow(2)
    window.canvas.zoom_fit_page()
    photo = next(f for f in window.controller.doc.pages[2].frames if f.kind == "image")
    window.controller.select([photo.id])
    window.pages_panel.thumbnails.render_now()
    settle(1.0)
    window.grab().save(str(OUTPUT))
    print(f"已保存截图：{OUTPUT}")
    window.files.dialogs.ask_unsaved = lambda name: "discard"
    window.close()
    app.quit()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
