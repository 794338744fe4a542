"""How ``editor.layout.engine`` learns a placed photo's size with its own measure (the photo's
header, ``editor.io.photos``): read once per photo and remembered by name and length, from the
photo's first and last bytes when the mapping offers them, and the reason kept when it fails.

Each test uses its own asset names: the memory is process-wide (asset names are content hashes).
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from PIL import Image

from editor.layout import engine
from editor.layout.display import ImageItem, Rect
from editor.layout.engine import MISSING_PHOTO, layout_document, placed_photo_size, placeholder_items
from editor.model import Document, ImageFrame, Page
from editor.model.assets import SizedPhotos


@pytest.fixture(autouse=True)
def _no_photo_measured_yet(monkeypatch: pytest.MonkeyPatch) -> None:
    """The engine remembers photos it measured by name and length for the whole process; each
    test starts with none, so what it counts does not depend on the tests run before it."""
    monkeypatch.setattr(engine, "_photo_sizes", {})


def _png(width_px: int, height_px: int, dpi: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width_px, height_px), (200, 30, 30)).save(out, "PNG", dpi=(dpi, dpi))
    return out.getvalue()


def _noisy_jpeg(width_px: int, height_px: int) -> bytes:
    """A JPEG larger than the first and last bytes the layout reads of it (noise compresses badly)."""
    out = io.BytesIO()
    Image.effect_noise((width_px, height_px), 120).convert("RGB").save(out, "JPEG", quality=95)
    return out.getvalue()


class _CountingPhotos(SizedPhotos):
    """Photos in memory that count whole reads; ``ends`` says whether they offer their first and last bytes."""

    def __init__(self, photos: dict[str, bytes], ends: bool = False) -> None:
        self._photos = photos
        self.whole_reads: list[str] = []
        self.end_reads: list[str] = []
        if ends:
            self.photo_ends = self._photo_ends

    def __getitem__(self, name: str) -> bytes:
        self.whole_reads.append(name)
        return self._photos[name]

    def __setitem__(self, name: str, data: bytes) -> None:
        self._photos[name] = data

    def __delitem__(self, name: str) -> None:
        del self._photos[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._photos)

    def __len__(self) -> int:
        return len(self._photos)

    def __contains__(self, name: object) -> bool:
        return name in self._photos

    def byte_size(self, name: str) -> int:
        return len(self._photos[name])

    def _photo_ends(self, name: str, head_bytes: int, tail_bytes: int) -> tuple[bytes, bytes, int]:
        self.end_reads.append(name)
        data = self._photos[name]
        return data[:head_bytes], data[-tail_bytes:], len(data)


def _frame(asset: str, **changes) -> ImageFrame:
    values = dict(id="i", x_pt=0.0, y_pt=0.0, width_pt=100.0, height_pt=100.0, asset=asset, fit="original")
    values.update(changes)
    return ImageFrame(**values)


def test_a_photo_is_set_at_its_own_size_read_from_its_header() -> None:
    doc = Document(pages=[Page(id="p", frames=[_frame("measure-a.png")])],
                   assets={"measure-a.png": _png(40, 20, 144)})
    item, = layout_document(doc).pages[0].items
    # 40 × 20 px at 144 dpi is 20 × 10 pt, centred in the 100 pt frame.
    assert isinstance(item, ImageItem) and item.asset == "measure-a.png"
    assert (item.image_rect.x_pt, item.image_rect.y_pt) == pytest.approx((40.0, 45.0), abs=0.01)
    assert (item.image_rect.width_pt, item.image_rect.height_pt) == pytest.approx((20.0, 10.0), abs=0.01)
    width_px, height_px, dpi = placed_photo_size(doc.pages[0].frames[0], doc.assets)
    assert (width_px, height_px) == (40, 20) and dpi == pytest.approx((144.0, 144.0), abs=0.1)


def test_a_photo_is_read_once_and_then_known_by_its_name_and_length() -> None:
    photos = _CountingPhotos({"measure-b.png": _png(30, 60, 72)})
    doc = Document(pages=[Page(id="p", frames=[_frame("measure-b.png")])], assets=photos)
    first = layout_document(doc).pages[0].items
    assert photos.whole_reads == ["measure-b.png"]
    again = layout_document(doc).pages[0].items
    assert again == first and photos.whole_reads == ["measure-b.png"]
    width_px, height_px, dpi = placed_photo_size(doc.pages[0].frames[0], photos)
    assert (width_px, height_px) == (30, 60) and dpi == pytest.approx((72.0, 72.0), abs=0.1)
    assert photos.whole_reads == ["measure-b.png"]


def test_a_damaged_photo_is_a_placeholder_with_its_reason_each_time_without_reading_it_again() -> None:
    photos = _CountingPhotos({"measure-c.jpg": b"\xff\xd8 not a photo at all"})
    doc = Document(pages=[Page(id="p", frames=[_frame("measure-c.jpg")])], assets=photos)
    for _ in range(2):
        layout = layout_document(doc)
        assert layout.pages[0].items == placeholder_items(Rect(0.0, 0.0, 100.0, 100.0))
        assert [problem.reason for problem in layout.photo_problems] == ["文件已损坏，或不是支持的图片格式"]
    assert photos.whole_reads == ["measure-c.jpg"]
    assert placed_photo_size(doc.pages[0].frames[0], photos) is None


def test_a_photo_offering_its_ends_is_measured_from_them_alone() -> None:
    data = _noisy_jpeg(640, 480)
    assert len(data) > 128 * 1024 + 2
    photos = _CountingPhotos({"measure-d.jpg": data}, ends=True)
    doc = Document(pages=[Page(id="p", frames=[_frame("measure-d.jpg", fit="fit")])], assets=photos)
    item, = layout_document(doc).pages[0].items
    assert item.image_rect == Rect(0.0, 12.5, 100.0, 75.0)  # 640 × 480 fitted: 100 × 75, centred
    assert photos.end_reads == ["measure-d.jpg"] and photos.whole_reads == []
    layout_document(doc)
    assert photos.end_reads == ["measure-d.jpg"] and photos.whole_reads == []  # remembered


def test_a_photo_whose_ends_cannot_tell_is_read_whole() -> None:
    data = _png(10, 10, 72)  # not a JPEG: its ends tell nothing
    photos = _CountingPhotos({"measure-e.png": data}, ends=True)
    doc = Document(pages=[Page(id="p", frames=[_frame("measure-e.png", fit="fit")])], assets=photos)
    item, = layout_document(doc).pages[0].items
    assert item.image_rect == Rect(0.0, 0.0, 100.0, 100.0)
    assert photos.end_reads == ["measure-e.png"] and photos.whole_reads == ["measure-e.png"]


def test_a_photo_not_in_the_project_or_no_photo_at_all_has_no_size() -> None:
    assert placed_photo_size(_frame("measure-f.png"), {}) is None
    layout = layout_document(Document(pages=[Page(id="p", frames=[_frame("measure-f.png")])]))
    assert [problem.reason for problem in layout.photo_problems] == [MISSING_PHOTO]
    assert MISSING_PHOTO == "项目文件中缺少这张图片"
