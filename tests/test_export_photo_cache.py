"""Photos downsampled for an export are kept on disk, so the next export does not decode them again.

The cache (``editor.io.prepared_cache``) must never change what is exported: the same PDF
with and without it, a damaged entry made again, and an entry found by the photo's bytes,
never by its name.
"""

from __future__ import annotations

import io
import os
from collections import OrderedDict
from pathlib import Path

import pytest
from PIL import Image

from editor.io import photos, prepared_cache
from editor.layout.engine import layout_document
from editor.model import Document, ImageFrame, Page
from editor.model.units import mm_to_pt
from editor.render.pdf import PdfOptions, write_pdf
from tests.photo_files import QUADRANT_COLOURS, quadrant_picture
from tests.test_pdf_photo_resolution import jpeg_of

FRAME_MM = (50.0, 40.0)
#: A fifth of the photo each way: it is downsampled to exactly this.
SIZE_PX = (320, 240)


@pytest.fixture()
def folder(tmp_path: Path, monkeypatch) -> Path:
    """An empty cache folder, and no photo prepared earlier in the process."""
    cache = tmp_path / "cache"
    monkeypatch.setattr(prepared_cache, "cache_folder", lambda: cache)
    monkeypatch.setattr(photos, "_prepared", OrderedDict())
    return cache


def _photo(colours=QUADRANT_COLOURS, orientation: int | None = 6) -> bytes:
    return jpeg_of(quadrant_picture(1600, 1200, colours), orientation=orientation)


def _pdf(data: bytes, path: Path) -> bytes:
    frame = ImageFrame(id="photo", x_pt=mm_to_pt(20.0), y_pt=mm_to_pt(20.0), width_pt=mm_to_pt(FRAME_MM[0]),
                       height_pt=mm_to_pt(FRAME_MM[1]), asset="a.jpg")
    doc = Document(pages=[Page(id="p", frames=[frame])], assets={"a.jpg": data})
    write_pdf(doc, layout_document(doc), path, PdfOptions(invariant=True, photo_ppi=150))
    return path.read_bytes()


def _forget_in_memory(monkeypatch) -> None:
    monkeypatch.setattr(photos, "_prepared", OrderedDict())


def _no_decoding(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("decoded again")

    monkeypatch.setattr(photos, "_downsampled", refuse)


def test_the_second_export_takes_its_photos_from_the_cache_and_is_the_same_pdf(folder, tmp_path, monkeypatch):
    data = _photo()
    first = _pdf(data, tmp_path / "first.pdf")
    assert len(list(folder.iterdir())) == 1
    _forget_in_memory(monkeypatch)
    _no_decoding(monkeypatch)
    assert _pdf(data, tmp_path / "second.pdf") == first


@pytest.mark.parametrize("damage", ["cut", "flipped byte", "empty"])
def test_a_damaged_entry_is_made_again_and_gives_the_same_pdf(folder, tmp_path, monkeypatch, damage: str):
    data = _photo()
    first = _pdf(data, tmp_path / "first.pdf")
    (entry,) = folder.iterdir()
    content = entry.read_bytes()
    entry.write_bytes({"cut": content[: len(content) // 2],
                       "flipped byte": content[:-10] + bytes([content[-10] ^ 0xFF]) + content[-9:],
                       "empty": b""}[damage])
    _forget_in_memory(monkeypatch)
    assert _pdf(data, tmp_path / "again.pdf") == first
    assert entry.read_bytes() == content  # rewritten whole


def test_an_entry_belongs_to_the_photos_bytes_not_its_name(folder, monkeypatch):
    red_first = ((200, 30, 30),) * 4
    blue_after = ((30, 30, 200),) * 4
    for colours in (red_first, blue_after):
        _forget_in_memory(monkeypatch)
        prepared = photos.prepare_for_pdf(_photo(colours, orientation=None), name="same.jpg", max_size_px=SIZE_PX)
        picture = Image.open(io.BytesIO(prepared.data)).convert("RGB")
        assert picture.size == SIZE_PX
        centre = picture.getpixel((SIZE_PX[0] // 2, SIZE_PX[1] // 2))
        assert all(abs(a - b) <= 24 for a, b in zip(centre, colours[0], strict=True)), (centre, colours[0])
    assert len(list(folder.iterdir())) == 2


def test_the_folder_is_kept_under_its_capacity_by_dropping_the_least_recently_used(tmp_path: Path):
    folder = tmp_path / "cache"
    for index in range(5):
        prepared_cache.store(f"entry-{index}", "jpeg", 1, 1, bytes(1000), folder)
    old = folder / "entry-0"
    for index, path in enumerate(sorted(folder.iterdir())):
        os.utime(path, ns=(index * 10**9, index * 10**9))
    assert prepared_cache.load("entry-0", folder) == ("jpeg", 1, 1, bytes(1000))  # used now: the newest
    prepared_cache.prune(folder, capacity_bytes=3 * 1100)
    assert sorted(p.name for p in folder.iterdir()) == ["entry-0", "entry-3", "entry-4"]
    assert old.exists()


def test_a_photo_turned_upright_at_full_size_for_word_is_kept_too(folder, monkeypatch):
    data = _photo(orientation=6)
    first = photos.prepare_for_pdf(data, name="a.jpg")
    assert (first.width_px, first.height_px) == (1200, 1600) and not first.passed_through
    _forget_in_memory(monkeypatch)
    monkeypatch.setattr(photos, "_reencoded", lambda *args: pytest.fail("turned upright again"))
    assert photos.prepare_for_pdf(data, name="a.jpg") == first
