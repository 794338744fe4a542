"""An export prepares its photos on several threads at once, with the same result as one at a time (issue 12).

Decoding and resampling a phone photo release the GIL, so ``prepared_photos._prepare_each`` hands
up to ``PREPARE_WORKERS`` photos to worker threads: the first export of 200 photos waits about half
as long on two cores. What must not change: the file written, the order photos are reported in
(取消 stops between them), which photos are named as damaged or missing, and how many are held at once.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from pathlib import Path

import pytest

from editor.io import photos, prepared_cache
from editor.io.photos import UnusablePhoto
from editor.io.project import asset_name
from editor.layout.engine import MISSING_PHOTO, layout_document
from editor.model import Document, ImageFrame, Page
from editor.model.units import mm_to_pt
from editor.render import prepared_photos
from editor.render.export_presets import PRINT_PRESET, export_pdf_with_preset
from tests.photo_files import quadrant_picture
from tests.test_pdf_photo_resolution import jpeg_of

PHOTOS = 6


def _photos_document(damaged: int | None = None, missing: int | None = None) -> Document:
    """One page of ``PHOTOS`` different photos at 50 × 40 mm (photo ``damaged`` cut short, ``missing`` absent)."""
    assets, frames = {}, []
    for index in range(PHOTOS):
        data = jpeg_of(quadrant_picture(1300 + 16 * index, 1000), orientation=6 if index % 2 else None)
        if index == damaged:
            data = data[: len(data) * 2 // 3]
        name = asset_name(data, ".jpg")
        if index != missing:
            assets[name] = data
        frames.append(ImageFrame(id=f"photo-{index}", x_pt=mm_to_pt(15.0 + 60.0 * (index % 3)),
                                 y_pt=mm_to_pt(20.0 + 50.0 * (index // 3)), width_pt=mm_to_pt(50.0),
                                 height_pt=mm_to_pt(40.0), asset=name))
    return Document(pages=[Page(id="p1", frames=frames)], assets=assets)


@pytest.fixture()
def fresh_caches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """``fresh_caches(label)``: nothing prepared in memory, an empty cache folder of its own per label."""
    def fresh(label: str) -> None:
        monkeypatch.setattr(prepared_cache, "cache_folder", lambda: tmp_path / f"cache-{label}" / "export-photos")
        monkeypatch.setattr(photos, "_prepared", OrderedDict())
        monkeypatch.setattr(photos, "_verified", OrderedDict())
    return fresh


def _exported(doc: Document, target: Path) -> bytes:
    export_pdf_with_preset(doc, layout_document(doc), target, PRINT_PRESET, invariant=True)
    return target.read_bytes()


def test_photos_prepared_on_several_threads_give_the_same_pdf_as_one_at_a_time(
        fresh_caches, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = _photos_document()
    monkeypatch.setattr(prepared_photos, "PREPARE_WORKERS", 1)
    fresh_caches("one")
    one_at_a_time = _exported(doc, tmp_path / "一个.pdf")
    monkeypatch.setattr(prepared_photos, "PREPARE_WORKERS", 3)
    fresh_caches("three")
    assert _exported(doc, tmp_path / "三个.pdf") == one_at_a_time


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_photos_are_prepared_that_many_at_once_never_more(
        fresh_caches, monkeypatch: pytest.MonkeyPatch, workers: int) -> None:
    fresh_caches(f"w{workers}")
    monkeypatch.setattr(prepared_photos, "PREPARE_WORKERS", workers)
    lock, running, most, started = threading.Lock(), [0], [0], [0]
    all_started = threading.Barrier(workers, timeout=20.0)
    real_prepare = prepared_photos.prepare_for_pdf

    def counting(data: bytes, *args, **kwargs):
        with lock:
            running[0] += 1
            started[0] += 1
            first_ones = started[0] <= workers
            most[0] = max(most[0], running[0])
        try:
            if first_ones:
                all_started.wait()  # the first ``workers`` photos meet: they are prepared at once
            return real_prepare(data, *args, **kwargs)
        finally:
            with lock:
                running[0] -= 1

    monkeypatch.setattr(prepared_photos, "prepare_for_pdf", counting)
    doc = _photos_document()
    prepared = prepared_photos.prepare_photos(doc, layout_document(doc), 300)
    assert len(prepared) == PHOTOS
    assert most[0] == workers


def test_damaged_and_missing_photos_are_named_and_every_photo_reported_in_order(
        fresh_caches, monkeypatch: pytest.MonkeyPatch) -> None:
    fresh_caches("faults")
    monkeypatch.setattr(prepared_photos, "PREPARE_WORKERS", 3)
    doc = _photos_document()
    layout = layout_document(doc)  # every photo measured; then one fails to decode and one goes missing
    damaged, missing = doc.pages[0].frames[1].asset, doc.pages[0].frames[4].asset
    del doc.assets[missing]
    real_prepare = prepared_photos.prepare_for_pdf

    def failing(data: bytes, *args, name: str | None = None, **kwargs):
        if name == damaged:
            raise UnusablePhoto(name, "文件不完整，可能没有下载或复制完")
        return real_prepare(data, *args, name=name, **kwargs)

    monkeypatch.setattr(prepared_photos, "prepare_for_pdf", failing)
    reported: list[tuple[int, int]] = []
    with prepared_photos.reporting_photos(lambda done, total: reported.append((done, total))):
        prepared = prepared_photos.prepare_photos(doc, layout, 300)
    assert reported == [(done, PHOTOS) for done in range(PHOTOS + 1)]
    assert sorted(key[0] for key in prepared) == sorted(
        doc.pages[0].frames[index].asset for index in (0, 2, 3, 5))
    problems = {problem.frame_id: problem.reason for problem in layout.photo_problems}
    assert problems == {"photo-1": "文件不完整，可能没有下载或复制完", "photo-4": MISSING_PHOTO}


def test_a_progress_that_stops_the_export_leaves_no_photo_being_prepared(
        fresh_caches, monkeypatch: pytest.MonkeyPatch) -> None:
    fresh_caches("stop")
    monkeypatch.setattr(prepared_photos, "PREPARE_WORKERS", 2)
    doc = _photos_document()

    class Stop(Exception):
        pass

    def stop_after_two(done: int, total: int) -> None:
        if done == 2:
            raise Stop

    with pytest.raises(Stop), prepared_photos.reporting_photos(stop_after_two):
        prepared_photos.prepare_photos(doc, layout_document(doc), 300)
    assert not [thread for thread in threading.enumerate() if thread.name.startswith("banmian-photos")]
