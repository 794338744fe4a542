"""Issue 12: exporting an issue of many photos never blocks the window, and 取消 stops it between photos.

Preparing 200 phone photos takes seconds before the PDF's first page (and all of the Word
export's photo work comes first too), so the export reports each photo and stops at the next
one when 取消 is pressed. The photos here are small (the test stays fast); a stand-in for the
photo step waits after the first photo until the window has pressed 取消, so the order of the
two threads is fixed: the export is cancelled while it is preparing photos, never by luck
after it has finished. Meanwhile a QTimer on the window's thread keeps ticking.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QPushButton

from editor.errors import ExportError
from editor.io.project import asset_name
from editor.layout.engine import layout_document
from editor.model import Document, ImageFrame, Page
from editor.model.units import mm_to_pt
from editor.render import prepared_photos
from editor.render.export_presets import SCREEN_PRESET
from editor.ui import export_dialogs
from tests.photo_files import quadrant_picture
from tests.test_pdf_photo_resolution import jpeg_of

PHOTOS = 8
#: How long the photo step waits for the window's 取消 before the test fails instead of hanging.
WAIT_FOR_CANCEL_S = 20.0
#: Ticks of the window's timer seen while the export is preparing photos, before 取消 is pressed.
TICKS_BEFORE_CANCEL = 5


def _many_photos() -> Document:
    """Two pages of four 60 × 45 mm photos, each photo different."""
    assets, pages = {}, [Page(id="p1"), Page(id="p2")]
    for index in range(PHOTOS):
        data = jpeg_of(quadrant_picture(1200 + 8 * index, 900), orientation=6 if index % 2 else None)
        name = asset_name(data, ".jpg")
        assets[name] = data
        pages[index // 4].frames.append(ImageFrame(
            id=f"photo-{index}", x_pt=mm_to_pt(20.0 + 80.0 * (index % 2)), y_pt=mm_to_pt(20.0 + 60.0 * (index % 4 // 2)),
            width_pt=mm_to_pt(60.0), height_pt=mm_to_pt(45.0), asset=name))
    return Document(pages=pages, assets=assets)


def _cancel_button(dialog) -> QPushButton:
    (button,) = [b for b in dialog.findChildren(QPushButton) if b.text() == "取消"]
    return button


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_cancelling_an_export_of_many_photos_stops_between_photos_and_writes_nothing(
        kind: str, qapp, tmp_path: Path, monkeypatch) -> None:
    doc = _many_photos()
    target = tmp_path / f"导出.{kind}"
    dialogs: list = []
    make_dialog = export_dialogs._progress_dialog
    monkeypatch.setattr(export_dialogs, "_progress_dialog", lambda *a: dialogs.append(make_dialog(*a)) or dialogs[-1])

    cancel_pressed = threading.Event()
    prepared: list[str] = []
    real_prepare = prepared_photos.prepare_for_pdf

    def prepare_then_wait(data: bytes, *args, **kwargs):
        photo = real_prepare(data, *args, **kwargs)
        prepared.append(kwargs.get("name", ""))
        if len(prepared) == 1:
            assert cancel_pressed.wait(WAIT_FOR_CANCEL_S), "the window never pressed 取消"
        return photo

    monkeypatch.setattr(prepared_photos, "prepare_for_pdf", prepare_then_wait)

    ticks_while_preparing: list[int] = []
    labels: list[str] = []

    def tick() -> None:
        if not dialogs or cancel_pressed.is_set():
            return
        labels.append(dialogs[-1].labelText())
        if "处理图片" in labels[-1]:
            ticks_while_preparing.append(1)  # the export thread is inside its photo step meanwhile
            if len(ticks_while_preparing) == TICKS_BEFORE_CANCEL:
                _cancel_button(dialogs[-1]).click()
                cancel_pressed.set()

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(5)
    job = export_dialogs._pdf_job(SCREEN_PRESET) if kind == "pdf" else export_dialogs._docx_job()
    try:
        problem = export_dialogs.run_with_progress(None, "导出", job, doc, layout_document(doc), target)
    finally:
        timer.stop()

    assert isinstance(problem, ExportError) and problem.message == "导出已取消。"
    # The photos in hand when 取消 came are finished: the one that waited, those prepared beside it before
    # it (at most one per other worker) and after it (as many): never all of them.
    in_hand = max(2, 2 * prepared_photos.PREPARE_WORKERS - 1)
    assert len(prepared) <= in_hand < PHOTOS, f"stopped at the photos in hand, not after all {PHOTOS}: {len(prepared)}"
    assert not any("页" in label for label in labels), "no page was drawn before 取消"
    assert len(ticks_while_preparing) == TICKS_BEFORE_CANCEL, "the window's timer ticked during the export"
    assert list(tmp_path.iterdir()) == [], "no file, partial or temporary, is left behind"


def test_an_export_reports_every_photo_it_prepares(qapp, tmp_path: Path) -> None:
    doc = _many_photos()
    reported: list[tuple[int, int, str]] = []

    def progress(done: int, total: int, stage: str = "pages") -> None:
        reported.append((done, total, stage))

    export_dialogs._pdf_job(SCREEN_PRESET)(doc, layout_document(doc), tmp_path / "x.pdf", progress)
    photos = [(done, total) for done, total, stage in reported if stage == "photos"]
    pages = [(done, total) for done, total, stage in reported if stage == "pages"]
    assert photos == [(done, PHOTOS) for done in range(PHOTOS + 1)]
    assert pages == [(1, 2), (2, 2)]
    assert reported.index((PHOTOS, PHOTOS, "photos")) < reported.index((1, 2, "pages"))
