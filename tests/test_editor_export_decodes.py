"""The window's export decodes each photo once, and a new session none it has decoded before (issue 12).

The editor checks every photo before it exports (a damaged one is named and the user asked), and the
export then prepares every photo at its resolution. Both used to decode: 200 phone photos were decoded
twice on each first export, and checked again in each new session although the prepared-photo cache
held them all. Now the check is the preparation (``prepared_photos.check_photos``), the export takes
what it prepared, and a photo that decoded is remembered on this machine by the SHA-256 of its bytes
(``prepared_cache.mark_decoded``). Decodes are counted at the three functions that decode a photo for an
export (check, downsample, re-encode), by the bytes decoded, which name the photo; the canvas's own
previews are another path and are not counted.
"""

from __future__ import annotations

import threading
import zipfile
from collections import OrderedDict
from pathlib import Path

import pytest

from editor.errors import PhotoError
from editor.io import photos, prepared_cache
from editor.io.lazy_assets import PhotoUnavailable
from editor.io.project import ZipPhotos, asset_name, save_project
from editor.layout.engine import layout_document
from editor.model import Document, ImageFrame, Page
from editor.model.units import mm_to_pt
from editor.render.prepared_photos import PhotoPlan
from editor.ui import export_dialogs
from editor.user_dirs import cache_dir
from tests.photo_files import quadrant_picture
from tests.test_pdf_photo_resolution import jpeg_of

#: Placed at 50 × 40 mm, 300 ppi (印刷) asks for 591 × 473 pixels: the large photos are downsampled
#: (one of them turned upright first), the small one passes through byte for byte.
FRAME_MM = (50.0, 40.0)
PHOTOS = {
    "a.jpg": jpeg_of(quadrant_picture(1600, 1200)),
    "b.jpg": jpeg_of(quadrant_picture(1200, 1600), orientation=6),
    "c.jpg": jpeg_of(quadrant_picture(1400, 1050)),
    "small.jpg": jpeg_of(quadrant_picture(240, 180)),
}
NAME_OF = {data: name for name, data in PHOTOS.items()}


def _stored(label: str) -> str:
    """The asset name the photo ``label`` is stored under (its content hash)."""
    return asset_name(PHOTOS[label], ".jpg")


def _document(photos_by_label: dict[str, bytes] | None = None) -> Document:
    """One page per photo, each in a 50 × 40 mm frame; the first at the page's corner (a bleed enlarges it)."""
    assets = {asset_name(data, ".jpg"): data for data in (PHOTOS if photos_by_label is None else photos_by_label).values()}
    pages = [Page(id=f"p{index}", frames=[ImageFrame(
        id=f"photo-{index}", x_pt=mm_to_pt(20.0) if index else 0.0, y_pt=mm_to_pt(20.0) if index else 0.0,
        width_pt=mm_to_pt(FRAME_MM[0]), height_pt=mm_to_pt(FRAME_MM[1]), asset=name)])
        for index, name in enumerate(assets)]
    return Document(pages=pages, assets=assets)


def _forget_in_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    """What a new process knows: no photo prepared or checked yet (the disk cache stays)."""
    monkeypatch.setattr(photos, "_prepared", OrderedDict())
    monkeypatch.setattr(photos, "_verified", OrderedDict())


@pytest.fixture()
def decoded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Names of the photos an export decoded (to check, downsample or re-encode), in order;
    an empty cache folder of this test's own and nothing prepared or checked before."""
    monkeypatch.setattr(prepared_cache, "cache_folder", lambda: tmp_path / "cache" / "export-photos")
    _forget_in_memory(monkeypatch)
    names: list[str] = []
    for function in ("_decode_cheaply", "_downsampled", "_reencoded"):
        real = getattr(photos, function)

        def counting(data: bytes, *args, real=real, **kwargs):
            names.append(NAME_OF.get(data, "other"))
            return real(data, *args, **kwargs)

        monkeypatch.setattr(photos, function, counting)
    return names


@pytest.fixture()
def directory_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The file of each zip whose central directory is parsed (``zipfile.ZipFile._RealGetContents``),
    in order (a Word export parses its template's too: only the project's are counted)."""
    reads: list[str] = []
    real = zipfile.ZipFile._RealGetContents

    def counting(archive: zipfile.ZipFile) -> None:
        reads.append(str(archive.filename))
        real(archive)

    monkeypatch.setattr(zipfile.ZipFile, "_RealGetContents", counting)
    return reads


def _export_in_window(window, kind: str, target: Path, monkeypatch: pytest.MonkeyPatch,
                      bleed: bool = False) -> list[str]:
    """导出 PDF or 导出 Word through the window's menu, to ``target``; the notes of its 已导出 message."""
    finished: list[str] = []
    monkeypatch.setattr(window.exporter, "ask", lambda asked: (target, bleed))
    monkeypatch.setattr(window.exporter, "done", lambda title, path, notes: finished.append(notes))
    window.menu_actions.actions[f"export_{kind}"].trigger()
    assert target.exists() and len(finished) == 1
    return finished


@pytest.mark.parametrize(("kind", "bleed"), [("pdf", False), ("pdf", True), ("docx", False)])
def test_an_editor_export_decodes_each_photo_once_and_a_new_session_decodes_none(
        make_window, decoded: list[str], directory_reads: list[str], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, kind: str, bleed: bool) -> None:
    project = tmp_path / "期刊.banmian"
    save_project(_document(), project)
    window = make_window(open=project)

    decoded.clear()
    directory_reads.clear()
    _export_in_window(window, kind, tmp_path / f"第一次.{kind}", monkeypatch, bleed)
    assert sorted(decoded) == sorted(PHOTOS), "each photo decoded once: checked and prepared by one decode"
    assert directory_reads.count(str(project)) <= 1, "the project's directory is parsed at most once for all photos"

    _forget_in_memory(monkeypatch)  # a new session; the cache folder holds what the first export made
    decoded.clear()
    _export_in_window(window, kind, tmp_path / f"新会话.{kind}", monkeypatch, bleed)
    assert decoded == []


def test_the_check_reports_each_photo_and_the_export_takes_what_it_prepared(
        decoded: list[str], tmp_path: Path) -> None:
    doc = _document()
    checked = export_dialogs._Checked()
    reported: list[tuple[int, int, str]] = []

    def progress(done: int, total: int, stage: str = "pages") -> None:
        reported.append((done, total, stage))

    export_dialogs._checking_job(checked, PhotoPlan(300))(doc, layout_document(doc), tmp_path / "x.pdf", progress)
    assert [(done, total) for done, total, stage in reported if stage == "checking"] == [
        (done, len(PHOTOS)) for done in range(len(PHOTOS) + 1)]
    assert sorted(decoded) == sorted(PHOTOS)
    assert checked.layout is not None and checked.layout.photo_problems == []

    decoded.clear()
    export_dialogs._docx_job(300, checked.photos)(doc, checked.layout, tmp_path / "x.docx", progress)
    assert decoded == []


def test_the_check_finds_a_damaged_photo_by_preparing_it(decoded: list[str], tmp_path: Path) -> None:
    cut = PHOTOS["a.jpg"][: len(PHOTOS["a.jpg"]) * 2 // 3]
    doc = _document({"a.jpg": cut, "small.jpg": PHOTOS["small.jpg"]})
    checked = export_dialogs._Checked()
    export_dialogs._checking_job(checked, PhotoPlan(300))(doc, layout_document(doc), tmp_path / "x.pdf", lambda *a: None)
    assert checked.layout is not None
    assert [(p.page_number, p.frame_id, p.reason) for p in checked.layout.photo_problems] == [
        (1, "photo-0", "文件不完整，可能没有下载或复制完")]
    assert [key for key, _ in checked.photos] == [(_stored("small.jpg"), 0)]


def _marker_path(data: bytes) -> Path:
    """The marker file ``mark_decoded`` writes for ``data`` (found by what appeared in the folder)."""
    folder = prepared_cache.marker_folder()
    before = set(folder.iterdir()) if folder.exists() else set()
    prepared_cache.mark_decoded(prepared_cache.photo_digest(data))
    (path,) = set(folder.iterdir()) - before
    return path


def test_a_photo_checked_once_is_not_decoded_again_in_a_new_session(
        decoded: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    photos.verify_photo(PHOTOS["small.jpg"], "small.jpg")
    _forget_in_memory(monkeypatch)
    photos.verify_photo(PHOTOS["small.jpg"], "small.jpg")
    assert decoded == ["small.jpg"]


def test_a_photo_cut_short_is_not_passed_by_the_marker_of_the_whole_photo(decoded: list[str]) -> None:
    whole = PHOTOS["small.jpg"]
    photos.verify_photo(whole, "small.jpg")
    with pytest.raises(PhotoError):
        photos.verify_photo(whole[: len(whole) // 2], "small.jpg")


@pytest.mark.parametrize("damage", ["flipped byte", "cut", "empty"])
def test_a_damaged_marker_does_not_pass_a_damaged_photo(decoded: list[str], damage: str) -> None:
    cut = PHOTOS["small.jpg"][: len(PHOTOS["small.jpg"]) // 2]
    marker = _marker_path(cut)  # as if it had decoded, and then the marker was damaged
    content = marker.read_bytes()
    damaged = {"flipped byte": content[:-1] + bytes([content[-1] ^ 1]), "cut": content[:-5], "empty": b""}[damage]
    marker.write_bytes(damaged)
    with pytest.raises(PhotoError):
        photos.verify_photo(cut, "small.jpg")


def test_a_marker_copied_under_another_photos_name_does_not_pass_it(decoded: list[str]) -> None:
    whole = PHOTOS["small.jpg"]
    cut = whole[: len(whole) // 2]
    sound = _marker_path(whole)
    _marker_path(cut).write_bytes(sound.read_bytes())  # a sound marker, but of other bytes
    with pytest.raises(PhotoError):
        photos.verify_photo(cut, "small.jpg")


def test_photos_read_from_a_zip_parse_its_directory_once_and_again_when_the_file_changes(
        tmp_path: Path, directory_reads: list[str]) -> None:
    project = tmp_path / "期刊.banmian"
    save_project(_document(), project)
    reader = ZipPhotos(project)
    directory_reads.clear()
    for label, data in PHOTOS.items():
        assert reader.read(_stored(label))[0] == data
    assert directory_reads == [str(project)]

    save_project(_document({"small.jpg": PHOTOS["small.jpg"]}), project)  # another program saved over it
    assert reader.read(_stored("small.jpg"))[0] == PHOTOS["small.jpg"]
    with pytest.raises(PhotoUnavailable):
        reader.read(_stored("a.jpg"))
    assert directory_reads == [str(project)] * 2


def test_photos_read_from_a_zip_on_two_threads_at_once_are_each_their_own(tmp_path: Path) -> None:
    project = tmp_path / "期刊.banmian"
    save_project(_document(), project)
    reader = ZipPhotos(project)
    wrong: list[str] = []

    def read_all() -> None:
        for _ in range(5):
            for label, data in PHOTOS.items():
                if reader.read(_stored(label))[0] != data:
                    wrong.append(label)

    threads = [threading.Thread(target=read_all) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wrong == []


def test_the_user_cache_folder_is_this_test_sessions_own() -> None:
    import tempfile

    assert cache_dir().is_relative_to(Path(tempfile.gettempdir()))
    assert "banmian-test-cache-" in str(cache_dir())
