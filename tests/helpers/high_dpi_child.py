"""Child process for tests/test_high_dpi.py: the editor at a given screen scaling.

Qt's scale factor must be set before the QApplication exists, so each
scaling runs in its own process. Prints one JSON line: the device pixel
ratio the canvas sees, the canvas page picture's pixel size against its
size on screen, the page thumbnails' ratio and size, and the icon sizes.

    python -m tests.helpers.high_dpi_child
"""

from __future__ import annotations

import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    from PySide6.QtWidgets import QApplication

    from editor.ui.app import app_icon, create_application
    from editor.ui.main_window import MainWindow
    from tests.scripted_dialogs import ScriptedDialogs

    app = create_application(install_hook=False)
    window = MainWindow(dialogs=ScriptedDialogs())
    window.resize(1400, 900)
    window.show()
    window.files.start(None)  # the sample, as a new issue
    for _ in range(20):
        app.processEvents()
    canvas = window.canvas
    canvas.viewport().grab()  # paint once
    item = canvas.page_items()[0]
    image = item._image
    scale = canvas.transform().m11()
    box = item._bleed_box()
    thumbs = window.pages_panel.thumbnails
    thumbs.render_now()  # drawn after a delay once the page is painted; not left to the events above
    pixmap = thumbs.pixmap(0)
    icon_sizes = sorted({s.width() for s in app_icon().availableSizes()})
    print(json.dumps({
        "ratio": canvas.devicePixelRatioF(),
        "page_image_px": [image.width(), image.height()] if image is not None else None,
        "page_image_ratio": image.devicePixelRatio() if image is not None else None,
        "page_on_screen_px": [box.width() * scale, box.height() * scale],
        "thumbnail_ratio": pixmap.devicePixelRatio(),
        "thumbnail_px": [pixmap.width(), pixmap.height()],
        "thumbnail_logical": list(thumbs.size_px()),
        "icon_sizes": icon_sizes,
    }))
    sys.stdout.flush()
    window.files.autosave.shutdown(discard=True)
    QApplication.quit()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
