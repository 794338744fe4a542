"""Photos prepared for the next export while the window is idle, so that export does not wait for them.

The first export of an issue of 200 phone photos spends most of its time on the
photos: each is decoded (its entropy-coded data read whole whatever the DCT
scale: ~35 ms for 4 MB) and resampled to its placed size, 15 s of CPU in all,
where every later export of the issue takes them from the prepared-photo cache
(``editor.io.prepared_cache``) in about two. The window knows which photos an
export will want long before the user asks for one: each photo as it is placed,
at the resolution of the PDF preset and the Word resolution chosen last
(``Exporter.photo_plan``, which the export's own check asks too). So when the
user has not changed the document for ``IDLE_MS``, one photo at a time is
prepared on a worker thread, and the next one only after it, while the
document is still unchanged: typing, dragging or any edit stops the warm-up
until the window is idle again (a photo being prepared finishes, a fraction of a
second, off the window's thread), and after the edit the sizes are asked again.
Nothing happens while a dialog is open (an export's own check prepares then)
or for 原图 (full-size copies would fill the cache folder for an export that
may never come).

Each (photo, rotation, size) is prepared at most once a session; in a later
session the cache answers at the cost of reading and hashing the photo. What the
worker reads is a shallow twin of the document's photos (as the autosave
worker's), so it never shares the window's recently-read photos. A photo that is
missing or damaged is left alone here: the export's check names it to the user.
An unexpected error stops the warm-up and is logged, never shown: the export
will prepare its photos itself.

``BANMIAN_PHOTO_WARMUP=0`` turns it off (the tests do, but for those of it; the
benches that time typing do).
"""

from __future__ import annotations

import copy
import logging
import os
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from editor.render.prepared_photos import PhotoKey, PhotoPlan, prepare_ahead
from editor.ui.controller import DocumentController

_log = logging.getLogger(__name__)

#: The environment variable that turns the warm-up off ("0").
ENABLED_ENV = "BANMIAN_PHOTO_WARMUP"
#: How long the document must stay unchanged before photos are prepared.
IDLE_MS = 3000
#: A photo to prepare: its (asset, rotation) and the pixel size the export will ask for.
WarmupItem = tuple[PhotoKey, tuple[int, int]]


def warmup_enabled() -> bool:
    return os.environ.get(ENABLED_ENV, "1").strip() != "0"


class PhotoWarmup(QObject):
    """Prepares the placed photos for the next exports while the window is idle (see the module)."""

    #: A photo was prepared (or found unusable); carries the generation it was asked in.
    _finished = Signal(int, object)
    #: Every photo the current document wants is prepared (for tests and the status of benches).
    settled = Signal()

    def __init__(self, controller: DocumentController, plans: Callable[[], list[PhotoPlan]],
                 parent: QObject | None = None, idle_ms: int | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        self._plans = plans
        self._enabled = warmup_enabled()
        self._executor: ThreadPoolExecutor | None = None
        self._in_flight: Future | None = None
        #: Bumped by every change of the document: work asked before it is not continued.
        self._generation = 0
        self._queue: deque[WarmupItem] | None = None
        #: What was prepared (or tried) this session.
        self._done: set[WarmupItem] = set()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(IDLE_MS if idle_ms is None else idle_ms)
        self._timer.timeout.connect(self._next)
        self._finished.connect(self._on_finished)
        controller.model_updated.connect(self.restart)
        controller.document_replaced.connect(self._on_document_replaced)
        self.restart()

    @property
    def busy(self) -> bool:
        """A photo is being prepared now."""
        return self._in_flight is not None

    @property
    def waiting_for_idle(self) -> bool:
        """The document changed (or opened) and the window has not been idle long enough since."""
        return self._timer.isActive()

    def start_now(self) -> None:
        """Begin as though the window had been idle long enough (tests)."""
        self._timer.stop()
        self._next()

    def restart(self) -> None:
        """The document changed: stop after the photo in hand, ask the sizes again once idle."""
        self._generation += 1
        self._queue = None
        if self._enabled:
            self._timer.start()

    def _on_document_replaced(self) -> None:
        self._done.clear()
        self.restart()

    def shutdown(self) -> None:
        """The window closes: nothing more is started; the photo in hand is waited for (well under a second)."""
        self._enabled = False
        self._timer.stop()
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def _next(self) -> None:
        if not self._enabled or self._in_flight is not None:
            return  # the photo in hand, when done, asks for the next
        if QApplication.activeModalWidget() is not None:
            self._timer.start()  # an export's check, or a question: try again when idle
            return
        if self._queue is None:
            self._queue = deque(self._wanted())
        item = self._queue.popleft() if self._queue else None
        if item is None:
            self.settled.emit()
            return
        self._done.add(item)
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="banmian-photo-warmup")
        assets = copy.copy(self._controller.doc.assets)  # a twin: reads for itself, keeps nothing
        generation = self._generation
        self._in_flight = self._executor.submit(prepare_ahead, assets, *item)
        self._in_flight.add_done_callback(lambda future: self._finished.emit(generation, future))

    def _wanted(self) -> list[WarmupItem]:
        """Each photo at each size the next exports will ask for, not yet prepared this session."""
        doc, layout = self._controller.doc, self._controller.layout
        wanted: dict[WarmupItem, None] = {}
        for plan in self._plans():
            if plan.photo_ppi is None:
                continue  # 原图: see the module
            for key, size_px in plan.sizes(doc, layout).items():
                if size_px is not None and (key, size_px) not in self._done:
                    wanted[key, size_px] = None
        return list(wanted)

    def _on_finished(self, generation: int, future: Future) -> None:
        self._in_flight = None
        problem = None if future.cancelled() else future.exception()
        if problem is not None:
            _log.error("preparing photos ahead of an export failed; left to the export",
                       exc_info=(type(problem), problem, problem.__traceback__))
            self._enabled = False
            return
        if generation == self._generation:
            QTimer.singleShot(0, self._next)  # still idle: the next photo
