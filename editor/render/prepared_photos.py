"""Every photo a layout draws, prepared once for an export — or replaced by its placeholder.

Both exporters (PDF and DOCX) call ``prepare_photos`` before they draw a
page. A photo that cannot be prepared (damaged inside, though its header
read well; out of memory) does not end the export: the layout engine puts
its placeholder where the photo was and notes the photo's file name and page
(``replace_unusable_photos``), and the backend draws that layout as it is.

With a resolution (``photo_ppi``: the presets' 300 for print, 150 for the
screen, for the PDF and the Word file alike) each photo is asked for no more pixels than that gives it at the
largest size it is placed (its ``image_rect``, the whole photo before the
frame's crop), and ``prepare_for_pdf`` resamples the larger ones down.

Preparing 200 phone photos takes seconds before the first page is drawn, so
within ``reporting_photos(progress)`` each photo prepared is reported — the
window's export shows it and stops there when 取消 is pressed (``progress``
raises). It is a context variable, set in the exporting thread, so neither
exporter has to pass it through.

The window's export checks every photo before it begins (a damaged one is
named and the user asked): ``check_photos`` does that by preparing each photo
as the export will want it, and ``using_checked`` hands the result to the
exporter, so a first export decodes each photo once, not once to check and
once to prepare.
"""

from __future__ import annotations

import math
import os
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import AbstractContextManager, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TypeVar

from editor.errors import PhotoError
from editor.io.photo_checks import reason_of
from editor.io.photos import PreparedPhoto, prepare_for_pdf
from editor.layout.display import DocumentLayout, ImageItem
from editor.layout.engine import MISSING_PHOTO, replace_unusable_photos
from editor.model.document import Document

PhotoKey = tuple[str, int]
T = TypeVar("T")
POINTS_PER_INCH = 72.0
#: The PDF export presets' photo resolutions (图片分辨率: 印刷, 屏幕), pixels per inch.
PRINT_PPI = 300
SCREEN_PPI = 150
#: What may be chosen: below 72 a photo blurs on any screen; no printer resolves more than 2400.
PHOTO_PPI_RANGE = (72, 2400)
#: Photos an export prepares at once (``_prepare_each``): one per core, at most four — each holds a
#: decoded photo (up to ~36 MB for a 12 MP one placed large) while it is prepared.
PREPARE_WORKERS = max(1, min(4, os.cpu_count() or 1))
#: 原图, chosen instead of a resolution (``--dpi 原图``, the Word dialog): every photo keeps its pixels.
ORIGINAL_PPI = 0


def ppi_or_original(ppi: int) -> int | None:
    """The resolution the PDF and DOCX writers take: ``ppi``, or None for 原图 (``ORIGINAL_PPI``)."""
    return None if ppi == ORIGINAL_PPI else ppi


def _drawn_as_laid_out(doc: Document, layout: DocumentLayout) -> DocumentLayout:
    return layout


@dataclass(frozen=True)
class PhotoPlan:
    """How an export wants its photos: ``photo_ppi`` at their placed size (None: 原图, as they are),
    placed as in ``drawn(doc, layout)`` — the layout the exporter draws from the window's (the PDF
    preset's copy with photos carried into the bleed; the layout itself for Word)."""

    photo_ppi: int | None
    drawn: Callable[[Document, DocumentLayout], DocumentLayout] = _drawn_as_laid_out

    def sizes(self, doc: Document, layout: DocumentLayout) -> dict[PhotoKey, tuple[int, int] | None]:
        """Each (asset, rotation) the export draws, with the size it will be prepared at (``sizes_wanted``)."""
        return sizes_wanted(self.drawn(doc, layout), self.photo_ppi)


#: Photos ``check_photos`` prepared, by (asset, rotation) and the size they were prepared at.
CheckedPhotos = dict[tuple[PhotoKey, tuple[int, int] | None], PreparedPhoto]
_checked_photos: ContextVar[CheckedPhotos | None] = ContextVar("checked_photos", default=None)

#: Told (photos prepared, photos in all) after each photo; it may raise to stop the export.
PhotoProgress = Callable[[int, int], None]
_photo_progress: ContextVar[PhotoProgress | None] = ContextVar("photo_progress", default=None)


@contextmanager
def _set_within(variable: ContextVar[T], value: T) -> Iterator[None]:
    """``variable`` is ``value`` within the ``with`` block (in this thread), what it was after."""
    token = variable.set(value)
    try:
        yield
    finally:
        variable.reset(token)


def reporting_photos(progress: PhotoProgress) -> AbstractContextManager[None]:
    """Within it, ``prepare_photos`` (whichever exporter calls it, in this thread) reports each photo."""
    return _set_within(_photo_progress, progress)


def report_photo(done: int, total: int) -> None:
    """Tell ``reporting_photos``' progress, if any, that ``done`` of ``total`` photos are through a step.

    ``prepare_photos`` reports each photo prepared; the DOCX writer reports again as it writes
    each photo into the file. The progress raises when 取消 was pressed: the export stops here.
    """
    report = _photo_progress.get()
    if report is not None:
        report(done, total)


def placed_size_px(item: ImageItem, photo_ppi: float) -> tuple[int, int]:
    """The pixels ``photo_ppi`` gives the whole photo of ``item`` at the size it is placed."""
    shown = item.image_rect
    return (max(1, math.ceil(shown.width_pt / POINTS_PER_INCH * photo_ppi - 1e-6)),
            max(1, math.ceil(shown.height_pt / POINTS_PER_INCH * photo_ppi - 1e-6)))


def sizes_wanted(layout: DocumentLayout, photo_ppi: float | None) -> dict[PhotoKey, tuple[int, int] | None]:
    """Each (asset, rotation) the layout draws, with the largest size it is placed at (None: any)."""
    wanted: dict[PhotoKey, tuple[int, int] | None] = {}
    for page in layout.pages:
        for item in page.items:
            if not isinstance(item, ImageItem):
                continue
            key = (item.asset, item.rotation_deg)
            size = placed_size_px(item, photo_ppi) if photo_ppi else None
            earlier = wanted.get(key)
            if size is not None and earlier is not None:
                size = (max(size[0], earlier[0]), max(size[1], earlier[1]))
            wanted[key] = size
    return wanted


def prepare_photos(doc: Document, layout: DocumentLayout,
                   photo_ppi: float | None = None) -> dict[PhotoKey, PreparedPhoto]:
    """Each (asset, rotation) the layout draws, ready to embed; failures become placeholders in ``layout``.

    ``photo_ppi``: the resolution a photo is downsampled to at its placed size (None: kept as it is).
    Within ``using_checked(photos)`` a photo ``check_photos`` already prepared at the size wanted is
    taken from there.
    """
    return {key: photo for (key, _), photo in check_photos(doc, layout, layout, photo_ppi).items()}


def check_photos(doc: Document, layout: DocumentLayout, drawn: DocumentLayout,
                 photo_ppi: float | None) -> CheckedPhotos:
    """Before an export: each photo prepared as the export will want it, failures placeholders in ``layout``.

    ``drawn`` is the layout the exporter will draw (``layout`` itself, or the PDF preset's copy with photos
    carried into the bleed), which sets the sizes. Preparing decodes each photo once — or not at all when the
    prepared-photo cache holds it — and a photo that does not prepare is the damaged one, so checking costs
    no decode of its own; the export then takes the photos from here (``using_checked``).
    """
    prepared, reasons = _prepare_each(doc, sizes_wanted(drawn, photo_ppi))
    if reasons:
        replace_unusable_photos(doc, layout, reasons)
    return prepared


def using_checked(photos: CheckedPhotos) -> AbstractContextManager[None]:
    """Within it, ``prepare_photos`` (in this thread) takes the photos ``check_photos`` prepared."""
    return _set_within(_checked_photos, photos)


def _prepare_each(doc: Document, wanted: dict[PhotoKey, tuple[int, int] | None]
                  ) -> tuple[CheckedPhotos, dict[PhotoKey, str]]:
    """Each wanted photo prepared at its size (reported one by one, in order), and why each failed one did.

    Up to ``PREPARE_WORKERS`` photos are prepared at once, on worker threads (decoding and resampling
    release the GIL): a first export of 200 phone photos waits about half as long on two cores. This
    thread reads each photo (lazily, from the project file) and reports it when it is done, in order, so
    取消 (the progress raising) stops the export once the photos in hand are finished; no more than that
    many photos are held at once.
    """
    if not wanted:
        return {}, {}
    checked = _checked_photos.get() or {}
    prepared: CheckedPhotos = {}
    reasons: dict[PhotoKey, str] = {}
    in_flight: deque[tuple[PhotoKey, tuple[int, int] | None, Future[PreparedPhoto]]] = deque()
    workers = PREPARE_WORKERS
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="banmian-photos") if workers > 1 \
            else _InThisThread() as pool:

        def finish_oldest() -> None:
            key, size_px, future = in_flight.popleft()
            try:
                prepared[key, size_px] = future.result()
            except _MissingPhoto:
                reasons[key] = MISSING_PHOTO
            except PhotoError as problem:
                reasons[key] = reason_of(problem)
            report_photo(len(prepared) + len(reasons), len(wanted))

        report_photo(0, len(wanted))
        for key, size_px in wanted.items():
            in_flight.append((key, size_px, _started(pool, doc, checked.get((key, size_px)), key, size_px)))
            if len(in_flight) >= workers:
                finish_oldest()
        while in_flight:
            finish_oldest()
    return prepared, reasons


class _MissingPhoto(Exception):
    """The document names a photo its file does not hold (or no longer can read)."""


class _InThisThread(AbstractContextManager):
    """An executor that runs each job at once, in this thread (one worker: no thread to hand it to)."""

    def __exit__(self, *_: object) -> None:
        return None

    @staticmethod
    def submit(function: Callable[..., T], *args: object) -> Future[T]:
        future: Future[T] = Future()
        try:
            future.set_result(function(*args))
        except Exception as problem:  # noqa: BLE001 - handed on through the future, as a thread pool does
            future.set_exception(problem)
        return future


def _started(pool: ThreadPoolExecutor | _InThisThread, doc: Document, ready: PreparedPhoto | None,
             key: PhotoKey, size_px: tuple[int, int] | None) -> Future[PreparedPhoto]:
    """One photo's preparation under way: read here, prepared by ``pool`` (done at once when ``ready``)."""
    if ready is not None:
        future: Future[PreparedPhoto] = Future()
        future.set_result(ready)
        return future
    data = doc.assets.get(key[0])
    if data is None:
        future = Future()
        future.set_exception(_MissingPhoto(key[0]))
        return future
    return pool.submit(_prepared, data, key, size_px)


def _prepared(data: bytes, key: PhotoKey, size_px: tuple[int, int] | None, keep_in_memory: bool = True
              ) -> PreparedPhoto:
    asset, rotation_deg = key
    return prepare_for_pdf(data, rotation_deg, name=asset, max_size_px=size_px, keep_in_memory=keep_in_memory)


def prepare_ahead(assets: Mapping[str, bytes], key: PhotoKey, size_px: tuple[int, int] | None) -> bool:
    """Prepare one photo before any export asks, as ``check_photos`` will ask for it, so that the
    export finds it in the prepared-photo cache (``editor.io.prepared_cache``); True if it prepared.

    A photo missing from ``assets`` or unusable is left alone: the export's check names it. The
    result is not kept in memory (an export may never come; the cache folder serves it).
    """
    data = assets.get(key[0])
    if data is None:
        return False
    try:
        _prepared(data, key, size_px, keep_in_memory=False)
    except PhotoError:
        return False
    return True
