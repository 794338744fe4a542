"""What a save writes, as ``docs/format.md`` §1–2 describes it.

A ``.banmian`` zip holds ``document.json`` deflated and then the photos stored, every timestamp
1980-01-01 00:00, so the same document saves to the same bytes; ``document.json`` is UTF-8,
indented by one space, Chinese unescaped. A folder project gets new photos first, keeps a photo
file that is already there, replaces ``document.json`` and deletes only asset-named files no
longer listed; anything else in the folder is never touched. After a save the photos are read
from the file just written. Every test here also runs on Windows.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from editor.io import project
from editor.io.lazy_assets import ProjectPhotos
from editor.io.project import (
    asset_name,
    document_json_bytes,
    load_project,
    project_zip_bytes,
    save_project,
    save_project_folder,
    write_project_zip,
)
from editor.model import Document, ImageFrame, Page
from editor.model.document import IssueFields

FIRST, SECOND = b"\xff\xd8 first photo", b"\x89PNG second photo"


def _document() -> Document:
    names = [asset_name(FIRST, ".jpg"), asset_name(SECOND, ".png")]
    frames = [ImageFrame(id=f"photo{n}", x_pt=10, y_pt=10 + 100 * n, width_pt=100, height_pt=75, asset=name)
              for n, name in enumerate(names)]
    return Document(pages=[Page(id="p", frames=frames)], assets={names[1]: SECOND, names[0]: FIRST},
                    issue=IssueFields(title="党群工作", number=28))


def test_the_zip_holds_document_json_deflated_then_the_photos_stored_in_name_order() -> None:
    doc = _document()
    with zipfile.ZipFile(io.BytesIO(project_zip_bytes(doc))) as archive:
        entries = [(info.filename, info.compress_type, info.date_time) for info in archive.infolist()]
        assert archive.read("document.json") == document_json_bytes(doc)
        assert archive.read(f"assets/{asset_name(FIRST, '.jpg')}") == FIRST
    stamp = (1980, 1, 1, 0, 0, 0)
    assert entries == [("document.json", zipfile.ZIP_DEFLATED, stamp)] + sorted(
        (f"assets/{name}", zipfile.ZIP_STORED, stamp) for name in doc.assets)


def test_saving_the_same_document_twice_gives_the_same_bytes(tmp_path: Path) -> None:
    save_project(_document(), tmp_path / "一.banmian")
    save_project(_document(), tmp_path / "二.banmian")
    assert (tmp_path / "一.banmian").read_bytes() == (tmp_path / "二.banmian").read_bytes()
    assert (tmp_path / "一.banmian").read_bytes() == project_zip_bytes(_document())


def test_document_json_is_indented_by_one_space_with_chinese_unescaped() -> None:
    text = document_json_bytes(_document()).decode("utf-8")
    assert text.startswith('{\n "format_version": 4,\n "document": {\n  "page_width_pt": ')
    assert '"title": "党群工作"' in text
    assert text.endswith("\n}\n") and not text.endswith("\n\n")


def test_a_zip_written_to_a_handle_reads_back(tmp_path: Path) -> None:
    with (tmp_path / "第28期.banmian").open("wb") as handle:
        write_project_zip(_document(), handle)
    opened = load_project(tmp_path / "第28期.banmian")
    assert opened.issue.title == "党群工作" and opened.assets[asset_name(SECOND, ".png")] == SECOND


def test_after_a_zip_save_the_photos_are_read_from_the_new_file(tmp_path: Path) -> None:
    doc = load_project(_saved_zip(tmp_path / "原.banmian"))
    added = b"GIF89a added photo"
    doc.assets[asset_name(added, ".gif")] = added
    save_project(doc, tmp_path / "另存.banmian")
    assert isinstance(doc.assets, ProjectPhotos)
    assert doc.assets.source_path == tmp_path / "另存.banmian" and doc.assets.unsaved() == []
    (tmp_path / "原.banmian").unlink()
    assert doc.assets[asset_name(FIRST, ".jpg")] == FIRST and doc.assets[asset_name(added, ".gif")] == added


def test_a_document_built_in_code_keeps_its_own_photos_after_a_save(tmp_path: Path) -> None:
    doc = _document()
    photos = doc.assets
    save_project(doc, tmp_path / "第28期.banmian")
    save_project_folder(doc, tmp_path / "第28期")
    assert doc.assets is photos and isinstance(photos, dict)


def test_when_the_saved_file_cannot_be_listed_again_the_photos_stay_where_they_were(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = load_project(_saved_zip(tmp_path / "原.banmian"))
    added = b"GIF89a added photo"
    doc.assets[asset_name(added, ".gif")] = added

    class Unlistable(project.ZipPhotos):
        def __init__(self, path: Path) -> None:
            raise OSError("the share went away")

    monkeypatch.setattr(project, "ZipPhotos", Unlistable)
    save_project(doc, tmp_path / "另存.banmian")
    assert doc.assets.source_path == tmp_path / "原.banmian"
    assert doc.assets.unsaved() == [asset_name(added, ".gif")]


def _saved_zip(path: Path) -> Path:
    save_project(_document(), path)
    return path


def test_saving_onto_an_existing_folder_saves_a_folder_project(tmp_path: Path) -> None:
    folder = tmp_path / "第28期.banmian"
    folder.mkdir()
    save_project(_document(), folder)
    assert sorted(path.name for path in (folder / "assets").iterdir()) == sorted(_document().assets)
    assert load_project(folder).issue.number == 28


def test_a_folder_save_makes_missing_folders_and_reads_photos_from_there_afterwards(tmp_path: Path) -> None:
    doc = load_project(_saved_zip(tmp_path / "原.banmian"))
    folder = tmp_path / "党群" / "第28期"
    save_project_folder(doc, folder)
    assert (folder / "document.json").read_bytes() == document_json_bytes(doc)
    assert (folder / "assets" / asset_name(FIRST, ".jpg")).read_bytes() == FIRST
    assert doc.assets.source_path == folder
    (tmp_path / "原.banmian").unlink()
    assert doc.assets[asset_name(SECOND, ".png")] == SECOND


def test_a_folder_save_keeps_photo_files_already_there_and_other_files(tmp_path: Path) -> None:
    folder = tmp_path / "第28期"
    save_project_folder(_document(), folder)
    first = folder / "assets" / asset_name(FIRST, ".jpg")
    first.write_bytes(b"already there")  # named by its hash: not written again
    keep = [folder / "备忘.txt", folder / "assets" / "说明.txt", folder / "assets" / "0123456789abcdef"]
    for path in keep:
        path.write_text("编辑备忘", encoding="utf-8")
    (folder / "assets" / "0123456789abcdef0123.jpg").mkdir()
    stale = folder / "assets" / "fedcba9876543210fedcba9876543210.png"
    stale.write_bytes(b"no longer listed")
    save_project_folder(_document(), folder)
    assert first.read_bytes() == b"already there"
    assert [path.read_text(encoding="utf-8") for path in keep] == ["编辑备忘"] * 3
    assert (folder / "assets" / "0123456789abcdef0123.jpg").is_dir()
    assert not stale.exists()


def test_a_folder_save_writes_only_the_photos_still_listed(tmp_path: Path) -> None:
    folder = tmp_path / "第28期"
    doc = _document()
    save_project_folder(doc, folder)
    del doc.assets[asset_name(SECOND, ".png")]
    doc.pages[0].frames.pop()
    save_project_folder(doc, folder)
    assert sorted(path.name for path in (folder / "assets").iterdir()) == [asset_name(FIRST, ".jpg")]
    assert list(load_project(folder).assets) == [asset_name(FIRST, ".jpg")]
