"""A zip project is identified by its central directory, not by all of its bytes (issue #12):
opening and saving the 200-photo issue no longer hashes its 717 MB, and a save by another
program is still told from a file that was only touched or copied back."""

from __future__ import annotations

import hashlib
import os
import shutil
import zipfile
from pathlib import Path

import pytest

from editor import SAMPLE_PROJECT
from editor.io import file_identity
from editor.io.file_identity import FileIdentity, changed_since, identify, zip_directory
from editor.io.project import load_project, save_project


@pytest.fixture()
def zip_project(tmp_path: Path) -> Path:
    path = tmp_path / "样刊.banmian"
    save_project(load_project(SAMPLE_PROJECT), path)
    return path


def _later(path: Path, seconds: int = 5) -> None:
    """Give ``path`` a modification time ``seconds`` later, as a save a moment after would."""
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + seconds * 1_000_000_000))


def _rewrite_member(path: Path, member: str, change) -> None:
    """Another program rewrites the zip with one member's bytes changed (``change(bytes) -> bytes``)."""
    copy = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(copy, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info, change(data) if info.filename == member else data)
    os.replace(copy, path)


def test_a_zip_project_is_identified_without_hashing_the_whole_file(zip_project: Path, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the whole file was hashed")

    monkeypatch.setattr(file_identity, "hash_regular_file", refuse)
    identity = identify(zip_project)
    assert identity is not None
    assert identity.scope == "zip-directory"
    assert identity.size == zip_project.stat().st_size
    assert len(identity.sha256 or "") == 64


def test_a_save_by_another_program_is_detected(zip_project: Path):
    base = identify(zip_project)
    doc = load_project(zip_project)
    doc.issue.number += 1
    save_project(doc, zip_project)
    _later(zip_project)
    now = changed_since(zip_project, base)
    assert now is not None and now.stamp == (zip_project.stat().st_size, zip_project.stat().st_mtime_ns)


def test_a_photo_rewritten_with_as_many_bytes_is_detected(zip_project: Path):
    base = identify(zip_project)
    size = zip_project.stat().st_size
    with zipfile.ZipFile(zip_project) as archive:
        photo = next(info for info in archive.infolist() if info.filename.startswith("assets/"))
    assert photo.compress_type == zipfile.ZIP_STORED
    middle = photo.file_size // 2
    _rewrite_member(zip_project, photo.filename, lambda data: data[:middle] + bytes([data[middle] ^ 1]) + data[middle + 1:])
    _later(zip_project)
    assert zip_project.stat().st_size == size, "same size: only the directory's CRC tells"
    assert changed_since(zip_project, base) is not None


def test_a_zip_touched_or_copied_back_unchanged_is_not_a_change(zip_project: Path, tmp_path: Path):
    base = identify(zip_project)
    _later(zip_project)
    assert changed_since(zip_project, base) is None
    shutil.copyfile(zip_project, tmp_path / "备份.banmian")
    shutil.copyfile(tmp_path / "备份.banmian", zip_project)
    _later(zip_project, seconds=10)
    assert changed_since(zip_project, base) is None


def test_a_zip_replaced_by_a_file_that_is_not_a_zip_is_a_change(zip_project: Path):
    base = identify(zip_project)
    zip_project.write_bytes(b"not a zip any more")
    assert changed_since(zip_project, base) is not None


def test_an_identity_stored_before_the_zip_directory_compares_the_whole_file(zip_project: Path):
    whole = hashlib.sha256(zip_project.read_bytes()).hexdigest()
    info = zip_project.stat()
    base = FileIdentity.from_json({"size": info.st_size, "mtime_ns": info.st_mtime_ns, "sha256": whole})
    assert base is not None and base.scope == "file"
    _later(zip_project)
    assert changed_since(zip_project, base) is None, "an older recovery slot raises no false alarm"
    _rewrite_member(zip_project, "document.json", lambda data: data.replace(b"28", b"29", 1))
    _later(zip_project, seconds=10)
    assert changed_since(zip_project, base) is not None


def test_the_scope_survives_the_recovery_slots_json(zip_project: Path):
    identity = identify(zip_project)
    assert identity is not None
    assert FileIdentity.from_json(identity.to_json()) == identity
    assert FileIdentity.from_json({**identity.to_json(), "scope": "other"}) is None


def test_the_directory_is_found_behind_a_comment_that_looks_like_an_end_record(tmp_path: Path):
    path = tmp_path / "a.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("document.json", b"{}")
        archive.writestr("assets/a.jpg", b"x" * 1000)
    with zipfile.ZipFile(path) as archive:
        directory_at = archive.start_dir  # zipfile's own reading, as the oracle
    comment = b"PK\x05\x06 is not the end record"  # (zipfile itself takes it for one)
    plain = path.read_bytes()
    data = plain[:-2] + len(comment).to_bytes(2, "little") + comment
    assert zip_directory(len(data), data) == data[directory_at:]
    assert zip_directory(len(data), data[-200:]) == data[directory_at:]
    assert zip_directory(len(data), data[-30:]) is None, "the directory does not fit in what was read"
