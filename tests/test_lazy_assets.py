"""Photos read lazily from the project file (issue 12): the same PDF, far less memory, never wrong pixels.

A project opened from a zip or a folder holds no photo's bytes until something asks for one;
what it reads later must be what the file held when it was opened, or a Chinese error (and
the placeholder) — a project file replaced by another program must not put other pixels in
the issue. Saves read from the old file and then from the new one; copies, undo, 新建下一期
and the checks of each photo keep working, and a photo's integrity is checked once.
"""

from __future__ import annotations

import copy
import io
import os
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from editor import SAMPLE_PROJECT
from editor.errors import ProjectFileError
from editor.io import photos, prepared_cache
from editor.io.lazy_assets import PhotoUnavailable, ProjectPhotos
from editor.io.project import asset_name, load_project, save_project, save_project_folder
from editor.layout.engine import layout_document
from editor.model import Document, ImageFrame, Page
from editor.model.assets import byte_size
from editor.model.units import mm_to_pt
from editor.render.pdf import PdfOptions, write_pdf
from editor.render.prepared_photos import PRINT_PPI
from tests.photo_files import quadrant_picture
from tests.test_pdf_photo_resolution import jpeg_of

MIB = 1024 * 1024


def _png_with_alpha() -> bytes:
    picture = quadrant_picture(400, 300).convert("RGBA")
    picture.putalpha(Image.new("L", picture.size, 160))
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()


def _photo_document(photo_list: list[tuple[bytes, str]]) -> Document:
    """One page with a 60 × 45 mm frame per photo, named by content as Banmian names them."""
    frames, assets = [], {}
    for index, (data, extension) in enumerate(photo_list):
        name = asset_name(data, extension)
        assets[name] = data
        frames.append(ImageFrame(id=f"photo-{index}", x_pt=mm_to_pt(15.0 + 65.0 * (index % 3)),
                                 y_pt=mm_to_pt(20.0 + 55.0 * (index // 3)), width_pt=mm_to_pt(60.0),
                                 height_pt=mm_to_pt(45.0), asset=name, source_name=f"IMG_{index}.{extension}"))
    return Document(pages=[Page(id="p", frames=frames)], assets=assets)


@pytest.fixture(scope="module")
def photo_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A zip project with a 12 MP phone photo on its side (EXIF 6), a plain JPEG and a PNG with alpha."""
    phone = jpeg_of(quadrant_picture(3024, 4032).transpose(Image.Transpose.ROTATE_90), orientation=6)
    plain = jpeg_of(quadrant_picture(800, 600))
    path = tmp_path_factory.mktemp("photos") / "照片.banmian"
    save_project(_photo_document([(phone, "jpg"), (plain, "jpg"), (_png_with_alpha(), "png")]), path)
    return path


def _as_folder(project: Path, folder: Path) -> Path:
    """``project`` saved again as a project folder."""
    folder.mkdir()
    save_project_folder(load_project(project), folder)
    return folder


def _eager(doc: Document) -> Document:
    """The same document with every photo's bytes in a dict, as projects were opened before."""
    eager = copy.deepcopy(doc)
    eager.assets = {name: doc.assets[name] for name in doc.assets}
    return eager


def _pdf(doc: Document, photo_ppi: float | None) -> bytes:
    out = io.BytesIO()
    write_pdf(doc, layout_document(doc), out, PdfOptions(invariant=True, photo_ppi=photo_ppi))
    return out.getvalue()


# ------------------------------------------------------------------ acceptance


@pytest.mark.parametrize("photo_ppi", [None, PRINT_PPI])
@pytest.mark.parametrize("which", ["sample", "photos"])
def test_exporting_with_photos_read_lazily_gives_the_same_pdf(which: str, photo_ppi: float | None,
                                                              photo_project: Path) -> None:
    lazy = load_project(SAMPLE_PROJECT if which == "sample" else photo_project)
    assert isinstance(lazy.assets, ProjectPhotos)
    eager = _eager(lazy)
    assert type(eager.assets) is dict and len(eager.assets) == len(lazy.assets) >= 3
    assert _pdf(lazy, photo_ppi) == _pdf(eager, photo_ppi)


def test_opening_a_project_of_many_photos_holds_far_less_than_their_size(tmp_path: Path) -> None:
    # Random bytes do not deflate: stored, they weigh what they say. 24 photos of 2 MiB: 48 MiB.
    blobs = [os.urandom(2 * MIB) for _ in range(24)]
    doc = Document(assets={asset_name(blob, ".jpg"): blob for blob in blobs})
    path = tmp_path / "多图.banmian"
    save_project(doc, path)
    del doc, blobs
    tracemalloc.start()
    try:
        opened = load_project(path)
        held, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    total = sum(byte_size(opened.assets, name) for name in opened.assets)
    assert total == 24 * 2 * MIB
    assert peak < total / 20, (held, peak)  # measured: 0.07 MB held, 0.11 MB at the peak, of 48 MiB
    assert isinstance(opened.assets, ProjectPhotos) and opened.assets.held_bytes() == 0


# ------------------------------------------------------------------ what is read


def test_a_photo_is_read_when_asked_and_recent_ones_are_kept_within_their_budget(photo_project: Path) -> None:
    doc = load_project(photo_project)
    names = list(doc.assets)
    first = doc.assets[names[0]]
    assert asset_name(first, ".jpg") == names[0]  # the bytes the name was made from
    assert doc.assets.held_bytes() == len(first)
    assert doc.assets[names[0]] is first  # kept: the layout and the canvas ask again and again
    tight = ProjectPhotos(doc.assets._source, {name: doc.assets._entries[name] for name in names},
                          recent_bytes=len(first) // 2)
    assert tight[names[0]] == first and tight.held_bytes() == 0  # larger than the budget: not kept


def test_photos_added_in_the_session_are_held_until_saved_then_read_from_the_new_file(
        photo_project: Path, tmp_path: Path) -> None:
    doc = load_project(photo_project)
    added = jpeg_of(quadrant_picture(640, 480), quality=80)
    name = asset_name(added, ".jpg")
    doc.assets[name] = added
    assert doc.assets.held_bytes() == len(added) and byte_size(doc.assets, name) == len(added)
    assert doc.assets.unsaved() == [name]
    moved = tmp_path / "另存为.banmian"
    save_project(doc, moved)
    assert doc.assets.source_path == moved and doc.assets.unsaved() == []
    with zipfile.ZipFile(moved) as archive:
        assert archive.read(f"assets/{name}") == added
    copied = moved.with_name("副本.banmian")
    moved.rename(copied)  # the old path is gone: only a file the photos do not come from
    doc.assets._recent.forget(name)
    with pytest.raises(PhotoUnavailable):
        doc.assets[name]
    copied.rename(moved)
    assert doc.assets[name] == added


def test_saving_over_the_file_the_photos_come_from_keeps_every_photo(photo_project: Path, tmp_path: Path) -> None:
    path = tmp_path / "期刊.banmian"
    path.write_bytes(photo_project.read_bytes())
    doc = load_project(path)
    expected = {name: load_project(photo_project).assets[name] for name in doc.assets}
    first = next(iter(doc.assets))
    del doc.assets[first]
    save_project(doc, path)  # every other photo read from the very file being replaced
    reopened = load_project(path)
    assert sorted(reopened.assets) == sorted(n for n in expected if n != first)
    assert all(reopened.assets[n] == expected[n] for n in reopened.assets)
    assert all(doc.assets[n] == expected[n] for n in doc.assets)


def test_the_zip_is_not_held_open_between_reads(photo_project: Path, tmp_path: Path) -> None:
    project = tmp_path / "照片 副本.banmian"
    project.write_bytes(photo_project.read_bytes())
    doc = load_project(project)
    for name in doc.assets:
        doc.assets[name]
    if os.name == "posix" and Path("/proc/self/fd").is_dir():
        open_files = {os.path.realpath(f"/proc/self/fd/{fd}") for fd in os.listdir("/proc/self/fd")}
        assert os.path.realpath(project) not in open_files
    replacement = tmp_path / "新.banmian"
    replacement.write_bytes(photo_project.read_bytes())
    os.replace(replacement, project)  # what a save does; Windows refuses it while the file is open


def test_a_folder_project_reads_its_photos_lazily_and_a_save_writes_only_new_ones(
        photo_project: Path, tmp_path: Path) -> None:
    folder = _as_folder(photo_project, tmp_path / "文件夹项目")
    doc = load_project(folder)
    assert isinstance(doc.assets, ProjectPhotos) and doc.assets.held_bytes() == 0
    added = jpeg_of(quadrant_picture(320, 240))
    doc.assets[asset_name(added, ".jpg")] = added
    assert doc.assets.unsaved() == [asset_name(added, ".jpg")]
    save_project(doc, folder)
    assert doc.assets.unsaved() == [] and doc.assets.source_path == folder
    assert (folder / "assets" / asset_name(added, ".jpg")).read_bytes() == added
    reopened = load_project(folder)
    assert _pdf(reopened, None) == _pdf(_eager(reopened), None)


# ------------------------------------------------------------------ changed behind our back


def _replace_member(path: Path, name: str, data: bytes) -> None:
    """Rewrite the zip with ``data`` under ``assets/name``: another program at work."""
    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    members[f"assets/{name}"] = data
    with zipfile.ZipFile(path, "w") as archive:
        for member, blob in members.items():
            archive.writestr(member, blob)


def test_a_photo_changed_by_another_program_gives_a_chinese_error_and_a_placeholder_not_its_pixels(
        photo_project: Path, tmp_path: Path) -> None:
    path = tmp_path / "被改动.banmian"
    path.write_bytes(photo_project.read_bytes())
    doc = load_project(path)
    name = next(n for n in doc.assets if n.endswith(".jpg") and doc.frame_by_id("photo-1").asset == n)
    _replace_member(path, name, jpeg_of(Image.new("RGB", (800, 600), (0, 0, 0))))
    with pytest.raises(PhotoUnavailable) as raised:
        doc.assets[name]
    assert isinstance(raised.value, ProjectFileError) and "已被其他程序改动" in raised.value.message
    assert doc.assets.get(name) is None
    layout = layout_document(doc)  # it may answer from what it measured before the change …
    write_pdf(doc, layout, io.BytesIO())
    (problem,) = layout.photo_problems  # … the export reads the photo, finds it changed, draws the placeholder
    assert problem.frame_id == "photo-1"
    pdf = _pdf(doc, None)
    from pypdf import PdfReader

    sizes = sorted(image.image.size for image in PdfReader(io.BytesIO(pdf)).pages[0].images)
    assert (800, 600) not in sizes  # the black replacement is nowhere in the PDF


def test_the_same_photo_written_again_by_another_program_still_reads(photo_project: Path, tmp_path: Path) -> None:
    path = tmp_path / "重写.banmian"
    path.write_bytes(photo_project.read_bytes())
    doc = load_project(path)
    name = next(iter(doc.assets))
    original = load_project(photo_project).assets[name]
    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:  # other offsets, deflated
        for member, blob in reversed(list(members.items())):
            archive.writestr(member, blob)
    assert doc.assets[name] == original


def test_a_folder_photo_rewritten_with_other_bytes_is_refused_and_with_its_own_bytes_accepted(
        photo_project: Path, tmp_path: Path) -> None:
    folder = _as_folder(photo_project, tmp_path / "文件夹")
    doc = load_project(folder)
    first, second = list(doc.assets)[:2]
    original = (folder / "assets" / first).read_bytes()
    (folder / "assets" / first).write_bytes(original)  # touched: a new time, the same photo
    os.utime(folder / "assets" / first, ns=(1, 1))
    assert doc.assets[first] == original
    (folder / "assets" / second).write_bytes(b"\xff\xd8" + bytes(1000))
    assert doc.assets.get(second) is None
    (folder / "assets" / second).unlink()
    with pytest.raises(PhotoUnavailable, match="已没有图片"):
        doc.assets[second]


# ------------------------------------------------------------------ copies, undo, next issue


def test_copies_share_the_photos_but_not_their_changes(photo_project: Path) -> None:
    doc = load_project(photo_project)
    twin = copy.deepcopy(doc)
    assert isinstance(twin.assets, ProjectPhotos) and twin.assets is not doc.assets
    first = next(iter(doc.assets))
    del twin.assets[first]
    twin.assets["0" * 32 + ".png"] = b"x"
    assert first in doc.assets and "0" * 32 + ".png" not in doc.assets
    assert twin.assets.held_bytes() == 1 and doc.assets.held_bytes() == 0
    assert all(doc.assets[n] == twin.assets[n] for n in twin.assets if n in doc.assets)


def test_removing_a_photo_frame_and_undoing_brings_back_the_same_bytes(photo_project: Path) -> None:
    from editor.model import edits
    from tests.docbuilders import apply_changes

    doc = load_project(photo_project)
    frame = doc.frame_by_id("photo-0")
    original = load_project(photo_project).assets[frame.asset]
    changes = edits.delete_frames(doc, [frame.id])
    apply_changes(changes)
    assert frame.asset not in doc.assets
    apply_changes(changes, forward=False)
    assert doc.assets[frame.asset] == original


def test_next_issue_from_a_lazily_read_project_carries_its_photos(photo_project: Path, tmp_path: Path) -> None:
    import datetime

    from editor.model.next_issue import next_issue

    result = next_issue(load_project(photo_project), datetime.date(2021, 10, 1), None, keep_articles=True)
    target = tmp_path / "下一期.banmian"
    save_project(result.document, target)
    before, after = load_project(photo_project), load_project(target)
    assert sorted(after.assets) == sorted(before.assets)
    assert all(after.assets[name] == before.assets[name] for name in after.assets)


# ------------------------------------------------------------------ integrity once per photo


def test_each_photo_is_decoded_once_to_check_it_however_often_it_is_read(
        photo_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    decoded: list[int] = []
    real = photos._decode_cheaply
    monkeypatch.setattr(photos, "_decode_cheaply", lambda data, name: (decoded.append(len(data)), real(data, name)))
    monkeypatch.setattr(photos, "_verified", type(photos._verified)())
    monkeypatch.setattr(prepared_cache, "cache_folder", lambda: tmp_path / "cache")  # none checked before
    doc = load_project(photo_project)
    reader = ProjectPhotos(doc.assets._source, dict(doc.assets._entries), recent_bytes=0)  # reads every time
    for _ in range(3):
        for name in reader:
            data = reader[name]
            photos.verify_photo(data, name)
    assert len(decoded) == len(reader) == 3


def test_adding_a_photo_to_a_lazily_read_project_is_a_slot_change_for_the_layout_cache(photo_project: Path) -> None:
    from editor.model.changes import revisions, set_item

    doc = load_project(photo_project)
    before = revisions()
    set_item(doc.assets, "0" * 32 + ".jpg", b"photo").apply(True)
    after = revisions()
    assert after.every == before.every + 1 and after.in_place == before.in_place


def test_a_shallow_copy_for_one_pass_keeps_no_photo_it_reads(photo_project: Path) -> None:
    doc = load_project(photo_project)
    one_pass = copy.copy(doc.assets)
    assert all(one_pass[name] == doc.assets[name] for name in one_pass)
    assert one_pass.held_bytes() == 0 and doc.assets.held_bytes() > 0


def test_a_relayout_and_a_repaint_read_no_photo_they_have_seen(photo_project: Path, monkeypatch) -> None:
    """Moving a frame rebuilds every page and repaints it: with photos read lazily, that must not
    read every photo from the file again (100 phone photos took 0.4 s to read per relayout)."""
    from editor.render.qt_photos import PhotoCache

    doc = load_project(photo_project)
    doc.assets = ProjectPhotos(doc.assets._source, dict(doc.assets._entries), recent_bytes=0)  # keeps nothing
    cache = PhotoCache()
    first = layout_document(doc)
    for name in doc.assets:
        assert cache.image(doc.assets, name, 0, 300.0) is not None
    reads: list[str] = []
    original = ProjectPhotos.__getitem__
    monkeypatch.setattr(ProjectPhotos, "__getitem__", lambda self, name: reads.append(name) or original(self, name))
    again = layout_document(doc)
    for name in doc.assets:
        assert cache.image(doc.assets, name, 0, 300.0) is not None
    assert reads == []
    assert [item for page in again.pages for item in page.items] == [item for page in first.pages for item in page.items]
