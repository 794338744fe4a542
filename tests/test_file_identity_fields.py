"""What a saved version's identity holds, how it is stored in a recovery slot and read back, and
when a project on disk counts as saved by someone else since.

The stored form (``size``, ``mtime_ns``, ``sha256``, ``scope``) lives in the ``meta.json`` of
recovery slots written by earlier versions, so it is pinned here field by field, as is the
digest of a zip's directory (``SHA-256("banmian zip directory <size>\\0" + directory)``). The
zip end record used below is written out from the ZIP specification (APPNOTE 4.3.16: signature,
disk numbers, entry counts, directory size and offset, comment length).
"""

from __future__ import annotations

import hashlib
import os
import struct
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import pytest

from editor.io import file_identity
from editor.io.file_identity import FileIdentity, changed_since, content_file, disk_stamp, identify, zip_directory

DIGEST = "ab" * 32


def _end_record(entries_here: int, entries: int, directory_bytes: int, directory_at: int,
                comment: bytes = b"") -> bytes:
    """A zip's end-of-central-directory record (22 bytes, then the comment)."""
    return struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, entries_here, entries, directory_bytes, directory_at,
                       len(comment)) + comment


# ------------------------------------------------------------ stored form


def test_an_identity_is_stored_as_its_four_fields() -> None:
    identity = FileIdentity(1234, 1_700_000_000_000_000_000, DIGEST, "zip-directory")
    assert identity.to_json() == {"size": 1234, "mtime_ns": 1_700_000_000_000_000_000, "sha256": DIGEST,
                                  "scope": "zip-directory"}


def test_a_stored_identity_reads_back_field_by_field() -> None:
    stored = {"size": 1234, "mtime_ns": 99, "sha256": DIGEST, "scope": "zip-directory"}
    assert FileIdentity.from_json(stored) == FileIdentity(1234, 99, DIGEST, "zip-directory")


def test_an_identity_stored_before_scopes_existed_is_of_the_whole_file() -> None:
    assert FileIdentity.from_json({"size": 5, "mtime_ns": 6, "sha256": DIGEST}) == FileIdentity(5, 6, DIGEST, "file")


def test_an_empty_file_written_at_the_epoch_is_a_valid_identity() -> None:
    assert FileIdentity.from_json({"size": 0, "mtime_ns": 0, "sha256": None}) == FileIdentity(0, 0, None, "file")


@pytest.mark.parametrize("value", [None, [], "size=5", 5, [("size", 5)]])
def test_anything_but_an_object_is_no_identity(value: object) -> None:
    assert FileIdentity.from_json(value) is None


@pytest.mark.parametrize("field", ["size", "mtime_ns"])
@pytest.mark.parametrize("bad", [-1, 1.5, "5", True, False, None])
def test_a_size_or_time_that_is_not_a_whole_number_from_zero_is_no_identity(field: str, bad: object) -> None:
    stored = {"size": 5, "mtime_ns": 6, "sha256": DIGEST, field: bad}
    assert FileIdentity.from_json(stored) is None


@pytest.mark.parametrize("field", ["size", "mtime_ns"])
def test_an_identity_missing_its_size_or_time_is_no_identity(field: str) -> None:
    stored = {"size": 5, "mtime_ns": 6, "sha256": DIGEST}
    del stored[field]
    assert FileIdentity.from_json(stored) is None


@pytest.mark.parametrize("digest", ["ab" * 31 + "a", "ab" * 32 + "a", "", 12, ["ab" * 32]])
def test_a_digest_that_is_not_64_characters_is_no_identity(digest: object) -> None:
    assert FileIdentity.from_json({"size": 5, "mtime_ns": 6, "sha256": digest}) is None


def test_an_unknown_scope_is_no_identity() -> None:
    assert FileIdentity.from_json({"size": 5, "mtime_ns": 6, "sha256": DIGEST, "scope": "photos"}) is None
    assert FileIdentity.from_json({"size": 5, "mtime_ns": 6, "sha256": DIGEST, "scope": None}) is None


def test_the_stamp_is_size_then_time() -> None:
    assert FileIdentity(10, 20, None).stamp == (10, 20)


def test_the_time_a_version_was_written_is_read_from_its_nanoseconds() -> None:
    when = FileIdentity(1, 1_700_000_000_500_000_000, None).modified_at()
    assert when == datetime(2023, 11, 14, 22, 13, 20, 500_000, tzinfo=timezone.utc)
    assert when.utcoffset() == datetime(2023, 11, 14, 22, 13, 20).astimezone().utcoffset()


# ------------------------------------------------------------ what is identified


def test_a_folder_projects_content_is_its_document_json(tmp_path: Path) -> None:
    folder = tmp_path / "第28期"
    folder.mkdir()
    assert content_file(folder) == folder / "document.json"
    assert content_file(tmp_path / "第28期.banmian") == tmp_path / "第28期.banmian"


def test_a_folder_project_is_identified_by_its_document_json(tmp_path: Path) -> None:
    folder = tmp_path / "第28期"
    folder.mkdir()
    (folder / "document.json").write_bytes(b'{"document": {}}')
    os.utime(folder / "document.json", ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    (folder / "other.txt").write_bytes(b"not hashed")
    assert disk_stamp(folder) == (16, 1_600_000_000_000_000_000)
    assert identify(folder) == FileIdentity(16, 1_600_000_000_000_000_000,
                                            hashlib.sha256(b'{"document": {}}').hexdigest(), "file")


def test_a_project_that_is_not_there_has_no_stamp_and_no_identity(tmp_path: Path) -> None:
    assert disk_stamp(tmp_path / "没有.banmian") is None
    assert identify(tmp_path / "没有.banmian") is None
    assert disk_stamp(tmp_path) is None, "a folder without document.json is no project"


def test_a_file_that_is_not_a_zip_is_identified_by_all_of_its_bytes(tmp_path: Path) -> None:
    path = tmp_path / "旧.banmian"
    path.write_bytes(b"plain bytes, no zip")
    identity = identify(path)
    assert (identity.size, identity.sha256, identity.scope) == (
        19, hashlib.sha256(b"plain bytes, no zip").hexdigest(), "file")


def test_asking_for_the_zip_directory_of_a_file_without_one_gives_no_digest(tmp_path: Path) -> None:
    path = tmp_path / "旧.banmian"
    path.write_bytes(b"plain bytes, no zip")
    identity = identify(path, "zip-directory")
    assert (identity.size, identity.sha256, identity.scope) == (19, None, "zip-directory")


def _small_zip(path: Path) -> bytes:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("document.json", b'{"document": {}}')
        archive.writestr("assets/a.jpg", b"x" * 500)
    return path.read_bytes()


def test_a_zip_is_identified_by_its_size_and_directory_as_earlier_versions_stored_it(tmp_path: Path) -> None:
    path = tmp_path / "样刊.banmian"
    data = _small_zip(path)
    with zipfile.ZipFile(path) as archive:
        directory_at = archive.start_dir
    expected = hashlib.sha256(b"banmian zip directory " + str(len(data)).encode() + b"\0" + data[directory_at:])
    identity = identify(path)
    assert (identity.size, identity.sha256, identity.scope) == (len(data), expected.hexdigest(), "zip-directory")


def test_a_zip_asked_for_by_its_whole_content_is_hashed_whole(tmp_path: Path) -> None:
    path = tmp_path / "样刊.banmian"
    data = _small_zip(path)
    identity = identify(path, "file")
    assert (identity.sha256, identity.scope) == (hashlib.sha256(data).hexdigest(), "file")


def test_a_digest_read_while_the_file_changed_is_not_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "旧.banmian"
    path.write_bytes(b"first version")
    real_hash = file_identity.hash_regular_file

    def hash_while_someone_saves(target, limit, digest):
        real_hash(target, limit, digest)
        path.write_bytes(b"second version, longer")

    monkeypatch.setattr(file_identity, "hash_regular_file", hash_while_someone_saves)
    identity = identify(path)
    assert (identity.size, identity.sha256, identity.scope) == (13, None, "file")


# ------------------------------------------------------------ the zip directory


def _fake_zip(directory: bytes, lead: bytes = b"L" * 30, comment: bytes = b"") -> bytes:
    """Local data, then a directory of the given bytes, then an end record pointing at it."""
    return lead + directory + _end_record(3, 4, len(directory), len(lead), comment)


def test_the_directory_is_read_from_where_the_end_record_says() -> None:
    data = _fake_zip(b"D" * 40)
    assert zip_directory(len(data), data) == data[30:]
    assert zip_directory(len(data), data[30:]) == data[30:], "the end read starts exactly at the directory"


def test_a_directory_starting_before_the_bytes_read_is_not_found() -> None:
    data = _fake_zip(b"D" * 40)
    assert zip_directory(len(data), data[31:]) is None


def test_a_directory_behind_a_comment_is_found() -> None:
    data = _fake_zip(b"D" * 40, comment=b"banmian")
    assert zip_directory(len(data), data) == data[30:]


def test_an_end_record_whose_directory_does_not_end_at_it_is_not_believed() -> None:
    lead, directory = b"L" * 30, b"D" * 40
    too_short = lead + directory + _end_record(3, 4, 39, 30)
    too_long = lead + directory + _end_record(3, 4, 41, 30)
    assert zip_directory(len(too_short), too_short) is None
    assert zip_directory(len(too_long), too_long) is None


@pytest.mark.parametrize(("entries", "directory_at"), [(0xFFFF, 30), (4, 0xFFFFFFFF)])
def test_a_zip64_end_record_is_not_read(entries: int, directory_at: int) -> None:
    data = b"L" * 30 + b"D" * 40 + _end_record(3, entries, 40, directory_at)
    assert zip_directory(len(data), data) is None


def test_bytes_after_the_end_record_that_no_comment_accounts_for_make_it_no_end_record() -> None:
    data = _fake_zip(b"D" * 40) + b"junk"
    assert zip_directory(len(data), data) is None


def test_a_cut_end_record_is_no_end_record() -> None:
    data = _fake_zip(b"D" * 40)[:-1]
    assert zip_directory(len(data), data) is None
    assert zip_directory(4, b"PK\x05\x06") is None


def test_no_signature_no_directory() -> None:
    assert zip_directory(100, b"\0" * 100) is None


# ------------------------------------------------------------ changed since


def _version(path: Path, content: bytes, mtime_s: int) -> None:
    path.write_bytes(content)
    os.utime(path, ns=(mtime_s * 10**9, mtime_s * 10**9))


def test_an_unknown_base_never_reports_a_change(tmp_path: Path) -> None:
    path = tmp_path / "a.banmian"
    _version(path, b"one", 1_600_000_000)
    assert changed_since(path, None) is None


def test_a_project_deleted_since_is_no_change_to_warn_about(tmp_path: Path) -> None:
    path = tmp_path / "a.banmian"
    _version(path, b"one", 1_600_000_000)
    base = identify(path)
    path.unlink()
    assert changed_since(path, base) is None


def test_a_file_with_the_same_size_and_time_is_taken_as_unchanged_without_hashing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.banmian"
    _version(path, b"one", 1_600_000_000)
    base = identify(path)

    def refuse(*args, **kwargs):
        raise AssertionError("hashed although size and time were the same")

    monkeypatch.setattr(file_identity, "hash_regular_file", refuse)
    _version(path, b"two", 1_600_000_000)
    assert changed_since(path, base) is None


def test_a_file_touched_but_not_changed_is_no_change(tmp_path: Path) -> None:
    path = tmp_path / "a.banmian"
    _version(path, b"one", 1_600_000_000)
    base = identify(path)
    _version(path, b"one", 1_600_000_100)
    assert changed_since(path, base) is None


def test_a_file_saved_since_reports_the_version_now_on_disk(tmp_path: Path) -> None:
    path = tmp_path / "a.banmian"
    _version(path, b"one", 1_600_000_000)
    base = identify(path)
    _version(path, b"three", 1_600_000_100)
    assert changed_since(path, base) == FileIdentity(5, 1_600_000_100 * 10**9, hashlib.sha256(b"three").hexdigest())


def test_a_base_whose_digest_is_unknown_counts_any_new_stamp_as_a_change(tmp_path: Path) -> None:
    path = tmp_path / "a.banmian"
    _version(path, b"one", 1_600_000_100)
    base = FileIdentity(3, 1_600_000_000 * 10**9, None)
    assert changed_since(path, base) == FileIdentity(3, 1_600_000_100 * 10**9, hashlib.sha256(b"one").hexdigest())


# ------------------------------------------------------------ what cannot be read


def test_a_zip_end_of_exactly_one_megabyte_is_read_for_its_directory(tmp_path: Path) -> None:
    path = tmp_path / "大.banmian"
    data = _fake_zip(b"D" * (1024 * 1024 - 22), lead=b"L" * 100)
    path.write_bytes(data)
    identity = identify(path)
    assert identity.scope == "zip-directory"
    assert identity.sha256 == hashlib.sha256(b"banmian zip directory %d\0" % len(data) + data[100:]).hexdigest()


def test_a_zip_directory_a_byte_beyond_the_last_megabyte_is_hashed_with_the_whole_file(tmp_path: Path) -> None:
    path = tmp_path / "大.banmian"
    data = _fake_zip(b"D" * (1024 * 1024 - 21), lead=b"L" * 100)
    path.write_bytes(data)
    identity = identify(path)
    assert (identity.scope, identity.sha256) == ("file", hashlib.sha256(data).hexdigest())


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_project_that_is_a_fifo_is_identified_without_a_digest(tmp_path: Path) -> None:
    path = tmp_path / "管道.banmian"
    os.mkfifo(path)
    identity = identify(path)
    assert (identity.size, identity.sha256, identity.scope) == (0, None, "file")
    folder = tmp_path / "文件夹项目"
    folder.mkdir()
    os.mkfifo(folder / "document.json")
    identity = identify(folder)
    assert (identity.size, identity.sha256, identity.scope) == (0, None, "file")


def test_a_folder_project_asked_for_by_its_zip_directory_is_still_hashed_whole(tmp_path: Path) -> None:
    folder = tmp_path / "第28期"
    folder.mkdir()
    (folder / "document.json").write_bytes(b'{"document": {}}')
    identity = identify(folder, "zip-directory")
    assert (identity.sha256, identity.scope) == (hashlib.sha256(b'{"document": {}}').hexdigest(), "file")
