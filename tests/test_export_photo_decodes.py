"""A photo is decoded once in a first export, and not again by the next one (issue 12).

Decoding is what a first export of many phone photos costs (libjpeg reads a photo's whole
scan at any DCT scale), so checking a photo, measuring it and preparing it must not each
decode it: the layout reads sizes from headers, a photo that is downsampled is checked by
that decode itself, and only a JPEG passed through byte for byte is decoded (at ⅛) to check
it. The Word export after the PDF takes the photos the PDF prepared. Decodes are counted at
Pillow's ``ImageFile.load`` with tiles to decode, by the bytes decoded, which name the photo.
"""

from __future__ import annotations

import io
from collections import OrderedDict
from pathlib import Path

import pytest
from PIL import Image, ImageFile

from editor.io import photos, prepared_cache
from editor.layout.engine import layout_document
from editor.model import Document, ImageFrame, Page
from editor.model.units import mm_to_pt
from editor.render.docx import DocxOptions, write_docx
from editor.render.pdf import PdfOptions, write_pdf
from tests.photo_files import quadrant_picture
from tests.test_pdf_photo_resolution import jpeg_of

FRAME_MM = (50.0, 40.0)
PPI = 150
#: Placed at 50 × 40 mm, 150 ppi asks for 296 × 237 pixels: 1600 × 1200 is downsampled, 240 × 180 is not.
BIG_PX, SMALL_PX = (1600, 1200), (240, 180)


@pytest.fixture()
def decoded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Names of the photos decoded, in order; an empty photo cache, nothing prepared or checked before."""
    monkeypatch.setattr(prepared_cache, "cache_folder", lambda: tmp_path / "cache")
    _forget_in_memory(monkeypatch)
    names: list[str] = []
    real_load = ImageFile.ImageFile.load

    def counting_load(image: ImageFile.ImageFile):
        source = getattr(image, "fp", None)
        if image.tile and isinstance(source, io.BytesIO):
            names.append(_PHOTOS_BY_BYTES.get(source.getvalue(), "other"))
        return real_load(image)

    monkeypatch.setattr(ImageFile.ImageFile, "load", counting_load)
    return names


def _forget_in_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    """What a fresh process knows: no photo prepared or checked yet."""
    monkeypatch.setattr(photos, "_prepared", OrderedDict())
    monkeypatch.setattr(photos, "_verified", OrderedDict())


_PHOTOS = {
    "big.jpg": jpeg_of(quadrant_picture(*BIG_PX), orientation=6),
    "small.jpg": jpeg_of(quadrant_picture(*SMALL_PX)),
}
_PHOTOS_BY_BYTES = {data: name for name, data in _PHOTOS.items()}


def _document() -> Document:
    frames = [ImageFrame(id=f"photo-{index}", x_pt=mm_to_pt(20.0), y_pt=mm_to_pt(20.0 + 60.0 * index),
                         width_pt=mm_to_pt(FRAME_MM[0]), height_pt=mm_to_pt(FRAME_MM[1]), asset=name)
              for index, name in enumerate(_PHOTOS)]
    return Document(pages=[Page(id="p", frames=frames)], assets=dict(_PHOTOS))


def _export_pdf(doc: Document, path: Path) -> None:
    write_pdf(doc, layout_document(doc), path, PdfOptions(invariant=True, photo_ppi=PPI))


def test_a_first_pdf_export_decodes_each_photo_once(decoded: list[str], tmp_path: Path) -> None:
    _export_pdf(_document(), tmp_path / "first.pdf")
    assert sorted(decoded) == ["big.jpg", "small.jpg"]


def test_the_word_export_after_the_pdf_decodes_no_photo_again(decoded: list[str], tmp_path: Path) -> None:
    doc = _document()
    _export_pdf(doc, tmp_path / "first.pdf")
    decoded.clear()
    write_docx(doc, layout_document(doc), tmp_path / "then.docx", DocxOptions(photo_ppi=PPI))
    assert decoded == []


def test_a_later_export_in_a_new_process_decodes_no_photo(
        decoded: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The big photo comes prepared from the cache; the small one, passed through, is known to have
    # decoded by the marker the first export left (prepared_cache.mark_decoded).
    doc = _document()
    _export_pdf(doc, tmp_path / "first.pdf")
    _forget_in_memory(monkeypatch)
    decoded.clear()
    _export_pdf(doc, tmp_path / "later.pdf")
    assert decoded == []


def test_a_downsampled_photo_is_decoded_at_the_dct_scale_just_above_its_placed_size(
        decoded: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Upright the big photo is 1200 × 1600; asked for 296 × 237 it keeps its shape at the larger
    # ratio, 296 / 1200, so its 1600 × 1200 stored pixels become 395 × 296: ¼ (400 × 300) still
    # covers that, ⅛ (200 × 150) does not. Turned upright, the result is 296 × 395.
    sizes: list[tuple[int, int]] = []
    real_load = ImageFile.ImageFile.load

    def noting_size(image: ImageFile.ImageFile):
        sizes.append(image.size)
        return real_load(image)

    monkeypatch.setattr(ImageFile.ImageFile, "load", noting_size)
    prepared = photos.prepare_for_pdf(_PHOTOS["big.jpg"], name="big.jpg", max_size_px=(296, 237))
    assert sizes[0] == (400, 300)
    assert Image.open(io.BytesIO(prepared.data)).size == (296, 395)
