"""The first layout of a project learns each photo's size from its first and last bytes (issue #12).

Opening the 64-page, 200-photo issue read all 750 MB of its photos just to learn their pixel
sizes (1.1 s). A JPEG in the project file that ends in its end-of-image marker, is not
progressive and whose first 128 KB hold its header and enough of its scan is now measured from
those bytes; the layout is the one made from the whole photos, and a photo cut short (no end
marker) or one the ends cannot vouch for is read whole, so its placeholder and reason stay.
"""

from __future__ import annotations

import copy
import io
from pathlib import Path

import pytest
from PIL import Image

from bench.big_issue import phone_photo
from editor.io.lazy_assets import ProjectPhotos
from editor.io.photos import PHOTO_HEAD_BYTES, read_photo_info, read_photo_info_of_ends
from editor.io.project import asset_name, load_project, save_project
from editor.layout import engine
from editor.layout.engine import layout_document
from editor.model import Document, ImageFrame, Page
from editor.model.units import mm_to_pt

CUT_SHORT_REASON = "文件不完整，可能没有下载或复制完"


def _progressive(data: bytes) -> bytes:
    out = io.BytesIO()
    Image.open(io.BytesIO(data)).save(out, format="JPEG", quality=85, progressive=True)
    return out.getvalue()


@pytest.fixture(scope="module")
def photos() -> dict[str, bytes]:
    """Phone-like JPEGs larger than the ends read (noise does not compress), upright and on their side."""
    upright = phone_photo(1, (1600, 1200))
    sideways = phone_photo(2, (1600, 1200), orientation=6)
    assert min(len(upright), len(sideways)) > 2 * PHOTO_HEAD_BYTES
    return {"upright": upright, "sideways": sideways, "cut_short": upright[: len(upright) // 2],
            "progressive": _progressive(upright)}


def _document(photo_list: list[bytes]) -> Document:
    frames, assets = [], {}
    for index, data in enumerate(photo_list):
        name = asset_name(data, "jpg")
        assets[name] = data
        frames.append(ImageFrame(id=f"photo-{index}", x_pt=mm_to_pt(15.0 + 65.0 * (index % 3)),
                                 y_pt=mm_to_pt(20.0 + 55.0 * (index // 3)), width_pt=mm_to_pt(60.0),
                                 height_pt=mm_to_pt(45.0), asset=name, source_name=f"IMG_{index}.jpg"))
    return Document(pages=[Page(id="p", frames=frames)], assets=assets)


def _opened(tmp_path: Path, photo_list: list[bytes]) -> Document:
    path = tmp_path / "照片.banmian"
    save_project(_document(photo_list), path)
    return load_project(path)


def _whole_reads(monkeypatch) -> list[str]:
    """The photos read whole from the project file from now on, by name; sizes measured before forgotten."""
    reads: list[str] = []
    original = ProjectPhotos.__getitem__
    monkeypatch.setattr(ProjectPhotos, "__getitem__", lambda self, name: reads.append(name) or original(self, name))
    monkeypatch.setattr(engine, "_photo_sizes", {})
    return reads


def _laid_out_from_whole_photos(doc: Document, monkeypatch):
    """The layout of ``doc`` with every photo's bytes in a dict (measured whole), as the oracle."""
    eager = copy.deepcopy(doc)
    eager.assets = {name: doc.assets[name] for name in doc.assets}
    monkeypatch.setattr(engine, "_photo_sizes", {})
    return layout_document(eager)


def _items(layout) -> list:
    return [item for page in layout.pages for item in page.items]


def test_phone_photos_are_measured_from_their_ends_with_the_same_layout(tmp_path, monkeypatch, photos):
    doc = _opened(tmp_path, [photos["upright"], photos["sideways"]])
    reads = _whole_reads(monkeypatch)
    layout = layout_document(doc)
    assert reads == []
    expected = _laid_out_from_whole_photos(doc, monkeypatch)
    assert _items(layout) == _items(expected)
    assert layout.photo_problems == expected.photo_problems == []


def test_a_photo_cut_short_is_read_whole_and_keeps_its_placeholder_and_reason(tmp_path, monkeypatch, photos):
    doc = _opened(tmp_path, [photos["upright"], photos["cut_short"]])
    reads = _whole_reads(monkeypatch)
    layout = layout_document(doc)
    assert reads == [asset_name(photos["cut_short"], "jpg")]
    assert [problem.reason for problem in layout.photo_problems] == [CUT_SHORT_REASON]
    expected = _laid_out_from_whole_photos(doc, monkeypatch)
    assert _items(layout) == _items(expected)
    assert layout.photo_problems == expected.photo_problems


def test_a_progressive_photo_is_read_whole(tmp_path, monkeypatch, photos):
    doc = _opened(tmp_path, [photos["progressive"]])
    reads = _whole_reads(monkeypatch)
    layout = layout_document(doc)
    assert reads == [asset_name(photos["progressive"], "jpg")]
    assert _items(layout) == _items(_laid_out_from_whole_photos(doc, monkeypatch))


@pytest.mark.parametrize("kind", ["upright", "sideways"])
def test_the_ends_of_a_photo_tell_what_the_whole_photo_tells(photos, kind):
    data = photos[kind]
    info = read_photo_info_of_ends(data[:PHOTO_HEAD_BYTES], data[-2:], len(data), "IMG.jpg")
    assert info == read_photo_info(data, "IMG.jpg")
    assert (info.width_px, info.height_px) == ((1200, 1600) if kind == "sideways" else (1600, 1200))


@pytest.mark.parametrize("kind", ["cut_short", "progressive"])
def test_the_ends_cannot_tell_for_a_photo_cut_short_or_progressive(photos, kind):
    data = photos[kind]
    assert read_photo_info_of_ends(data[:PHOTO_HEAD_BYTES], data[-2:], len(data), "IMG.jpg") is None


def test_a_photo_whose_first_bytes_hold_too_little_of_its_scan_is_read_whole(photos):
    data = photos["upright"]
    assert read_photo_info_of_ends(data[:2048], data[-2:], len(data), "IMG.jpg") is None
