"""Photos in the DOCX: one part per photo, found by a dict (not python-docx's scan, which hashed
every earlier image for each new one: 200 photos took 51 s), and stored uncompressed (a JPEG or
PNG deflates by nothing, at the most CPU of a photo-heavy export)."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.parts.image import ImagePart
from PIL import Image

from editor.io.project import asset_name
from editor.layout.engine import layout_document
from editor.model import Document, ImageFrame, Page
from editor.render.docx import DocxOptions, write_docx
from editor.render.docx.writer import build_docx


def _jpeg(index: int) -> bytes:
    picture = Image.new("RGB", (320, 240), (index * 40 % 256, 90, 200 - index * 30 % 200))
    picture.paste((255, 255, 255), (10 * index, 10, 10 * index + 40, 50))
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=90)
    return out.getvalue()


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (200, 100), (10, 200, 30, 128)).save(out, "PNG")
    return out.getvalue()


def _document(photos: list[bytes], twice: int | None = None) -> Document:
    """One frame per photo; with ``twice``, that photo is shown in a second frame as well."""
    assets = {asset_name(data, "png" if data.startswith(b"\x89PNG") else "jpg"): data for data in photos}
    names = list(assets)
    if twice is not None:
        names.append(names[twice])
    frames = [ImageFrame(id=f"photo-{n}", x_pt=40 + 130 * (n % 4), y_pt=40 + 110 * (n // 4), width_pt=120,
                         height_pt=90, asset=name) for n, name in enumerate(names)]
    return Document(pages=[Page(id="p", frames=frames)], assets=assets)


def _package(doc: Document, invariant: bool = True) -> bytes:
    return build_docx(doc, layout_document(doc), DocxOptions(invariant=invariant))


def test_photos_are_stored_uncompressed_and_everything_else_deflated():
    photos = [_jpeg(n) for n in range(3)] + [_png()]
    with zipfile.ZipFile(io.BytesIO(_package(_document(photos)))) as package:
        media = [info for info in package.infolist() if info.filename.startswith("word/media/")]
        others = [info for info in package.infolist() if not info.filename.startswith("word/media/")]
        stored = [package.read(info) for info in media]
    assert len(stored) == 4
    assert sorted(data for data in stored if data.startswith(b"\xff\xd8")) == sorted(photos[:3])  # JPEGs as they are
    assert {info.compress_type for info in media} == {zipfile.ZIP_STORED}  # the PNG (prepared again) too
    assert {info.compress_type for info in others} == {zipfile.ZIP_DEFLATED}


def test_a_photo_shown_twice_is_one_part_and_every_picture_points_at_its_own_photo():
    photos = [_jpeg(n) for n in range(4)]
    data = _package(_document(photos, twice=2))
    word = docx.Document(io.BytesIO(data))
    parts = {rel.rId: rel.target_part.blob for rel in word.part.rels.values() if "image" in rel.reltype}
    assert len(set(parts.values())) == 4 and len(parts) == 4
    blips = [blip.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed")
             for blip in word.element.body.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}blip")]
    assert [parts[rid] for rid in blips] == [*photos, photos[2]]  # frames in order, the third photo twice


def test_no_image_part_is_hashed_again_for_each_new_photo(monkeypatch):
    monkeypatch.setattr(ImagePart, "sha1", property(lambda self: pytest.fail("python-docx's per-part hash used")))
    photos = [_jpeg(n) for n in range(12)]
    with zipfile.ZipFile(io.BytesIO(_package(_document(photos)))) as package:
        assert sorted(n for n in package.namelist() if n.startswith("word/media/")) == sorted(
            f"word/media/image{n}.jpg" for n in range(1, 13))


def test_equal_documents_give_equal_bytes_and_a_file_python_docx_and_write_docx_agree_on(tmp_path):
    doc = _document([_jpeg(n) for n in range(2)])
    assert _package(doc) == _package(doc)
    path = tmp_path / "照片 两张.docx"
    write_docx(doc, layout_document(doc), path)
    assert len(docx.Document(path).inline_shapes) == 0  # floating pictures, not inline
    with zipfile.ZipFile(path) as package:
        assert package.testzip() is None
