"""Page thumbnails for the 页面 panel, drawn by the same Qt backend as the canvas.

Rendering a page takes milliseconds (the first time, with its photos to
decode, tens), so thumbnails are made one page per event-loop turn, after a
short quiet time: the canvas's first page is painted first, and while the
user types or drags, thumbnails wait until they stop. A page is redrawn only
when its display list changed (``layout_changed`` names the pages). Until its
picture is ready a page shows a blank sheet of the right proportions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap

from editor.ui.controller import DocumentController

if TYPE_CHECKING:
    from editor.render.qt_photos import PhotoCache

#: Thumbnail width in device-independent pixels.
THUMB_WIDTH_PX = 110
#: Quiet time after an edit before thumbnails are redrawn: typing never waits for them.
EDIT_DELAY_MS = 300
#: After a document opens: long enough for the canvas to paint its first page first.
OPEN_DELAY_MS = 100


def _blank(width_px: int, height_px: int) -> QPixmap:
    pixmap = QPixmap(width_px, height_px)
    pixmap.fill(QColor(255, 255, 255))
    return pixmap


class ThumbnailMaker(QObject):
    """Keeps a pixmap per page index, remaking changed pages in the background."""

    #: A page's thumbnail is ready (page index).
    ready = Signal(int)

    def __init__(self, controller: DocumentController, device_pixel_ratio: float = 1.0,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        self._ratio = device_pixel_ratio
        self._pixmaps: dict[int, QPixmap] = {}
        self._pending: list[int] = []
        self._photos: PhotoCache | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._render_next)
        #: A document is being put in place: nothing is drawn before the event loop runs again.
        self._opening = False
        controller.layout_changed.connect(self.invalidate)
        controller.document_replaced.connect(self.invalidate_all)
        controller.pages_changed.connect(self.invalidate_all)
        self.invalidate_all()

    @property
    def photos(self) -> PhotoCache | None:
        """The thumbnails' own photo previews (``PhotoCache``), once a page with photos is drawn."""
        return self._photos

    def size_px(self) -> tuple[int, int]:
        """Width and height of a thumbnail in device-independent pixels."""
        doc = self._controller.doc
        return THUMB_WIDTH_PX, max(1, round(THUMB_WIDTH_PX * doc.page_height_pt / doc.page_width_pt))

    def pixmap(self, index: int) -> QPixmap:
        """The page's thumbnail, or a blank sheet until it is drawn."""
        return self._pixmaps.get(index) or _blank(*self.size_px())

    def invalidate(self, indexes: list[int], delay_ms: int = EDIT_DELAY_MS) -> None:
        """Redraw these pages once nothing has changed for ``delay_ms``."""
        for index in indexes:
            if index not in self._pending:
                self._pending.append(index)
        self._pending.sort()
        if self._pending and not self._opening:
            self._timer.start(delay_ms)

    def invalidate_all(self) -> None:
        """Redraw every page, ``OPEN_DELAY_MS`` after the event loop runs again.

        Not from now: opening the 64-page issue goes on for a second after the document is
        replaced (layout, checks), and a delay counted from here ran out before the canvas
        painted, so page 1's thumbnail (its photos decoded) was drawn before page 1 (issue #12).
        """
        count = len(self._controller.doc.pages)
        self._pixmaps = {i: p for i, p in self._pixmaps.items() if i < count}
        self._timer.stop()
        self._opening = True
        self.invalidate(list(range(count)), OPEN_DELAY_MS)
        QTimer.singleShot(0, self, self._opened)

    def _opened(self) -> None:
        self._opening = False
        if self._pending:
            self._timer.start(OPEN_DELAY_MS)

    def render_now(self) -> None:
        """Draw every pending page at once (tests, screenshots)."""
        while self._pending:
            self._render_next()

    def _render_next(self) -> None:
        if not self._pending:
            return
        index = self._pending.pop(0)
        if index < len(self._controller.layout.pages):
            self._pixmaps[index] = self._render(index)
            self.ready.emit(index)
        if self._pending:
            self._timer.start(0)

    def _render(self, index: int) -> QPixmap:
        try:
            from editor.render.qt import PhotoCache, render_page_image
        except ImportError:  # the Qt backend is not there yet: a blank sheet says where pages are
            return _blank(*self.size_px())
        if self._photos is None:
            self._photos = PhotoCache(max_bytes=32 * 1024 * 1024)
        doc, layout = self._controller.doc, self._controller.layout
        dpi = THUMB_WIDTH_PX * self._ratio * 72.0 / doc.page_width_pt
        image: QImage = render_page_image(doc, layout, index, dpi, self._photos)
        width, height = self.size_px()
        image = image.scaled(round(width * self._ratio), round(height * self._ratio),
                             Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation)
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(self._ratio)
        self._frame(pixmap)
        return pixmap

    @staticmethod
    def _frame(pixmap: QPixmap) -> None:
        """A thin grey edge so a white page stands out on a white list."""
        painter = QPainter(pixmap)
        painter.setPen(QColor(160, 160, 160))
        width = round(pixmap.width() / pixmap.devicePixelRatio())
        height = round(pixmap.height() / pixmap.devicePixelRatio())
        painter.drawRect(0, 0, width - 1, height - 1)
        painter.end()
