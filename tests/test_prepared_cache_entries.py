"""The prepared-photo cache on disk (``editor.io.prepared_cache``): entries, markers, pruning.

An entry is ``banmian-export-photo\\n``, the SHA-256 of the rest, then kind (4 bytes, NUL
padded), width and height (big-endian 32-bit) and the bytes: the tests build and damage entries
by that layout. Folders over their capacity are made with sparse files (a size on paper, no
blocks on disk), so a gigabyte costs nothing.
"""

from __future__ import annotations

import hashlib
import os
import struct
import sys
from pathlib import Path

import pytest

from editor.io import prepared_cache
from editor.io.prepared_cache import load, mark_decoded, photo_digest, prune, store, was_decoded

MAGIC = b"banmian-export-photo\n"


def _entry(kind: bytes, width: int, height: int, data: bytes) -> bytes:
    body = kind.ljust(4, b"\0") + struct.pack(">II", width, height) + data
    return MAGIC + hashlib.sha256(body).digest() + body


def _sparse(path: Path, size: int, age_s: int) -> None:
    with open(path, "wb") as handle:
        handle.truncate(size)
    old = path.stat().st_mtime - age_s
    os.utime(path, (old, old))


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user cache folder as a fresh one (``export-photos`` and ``checked-photos`` inside)."""
    monkeypatch.setattr(prepared_cache, "cache_dir", lambda: tmp_path / "用户缓存")
    return tmp_path / "用户缓存"


def test_entries_and_markers_live_in_two_folders_of_the_user_cache(cache: Path) -> None:
    assert prepared_cache.cache_folder() == cache / "export-photos"
    assert prepared_cache.marker_folder() == cache / "checked-photos"


def test_a_photo_is_named_by_the_sha256_of_its_bytes() -> None:
    assert photo_digest(b"abc") == bytes.fromhex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")


def test_an_entry_name_is_the_sha256_of_the_format_version_settings_and_photo() -> None:
    digest = bytes(range(32))
    assert prepared_cache.key(digest, 90, (300, 200), "HAMMING") == hashlib.sha256(
        b"1/(90, (300, 200), 'HAMMING')/" + digest).hexdigest()
    assert prepared_cache.key(digest, 90) != prepared_cache.key(digest, 270)
    assert prepared_cache.key(digest, 90) != prepared_cache.key(bytes(32), 90)


def test_a_stored_entry_is_written_in_its_layout_and_read_back(cache: Path) -> None:
    store("甲", "png", 640, 480, b"\x89PNG pixels")
    path = cache / "export-photos" / "甲"
    assert path.read_bytes() == _entry(b"png", 640, 480, b"\x89PNG pixels")
    assert load("甲") == ("png", 640, 480, b"\x89PNG pixels")
    assert os.listdir(cache / "export-photos") == ["甲"]  # no temporary file left beside it


def test_reading_an_entry_marks_it_used_now(cache: Path) -> None:
    store("甲", "jpeg", 1, 2, b"x")
    path = cache / "export-photos" / "甲"
    os.utime(path, (1_000_000, 1_000_000))
    assert load("甲") == ("jpeg", 1, 2, b"x")
    assert path.stat().st_mtime > 1_000_000 + 86_400


def test_an_entry_with_no_bytes_after_its_header_is_still_sound(tmp_path: Path) -> None:
    (tmp_path / "空").write_bytes(_entry(b"jpeg", 3, 4, b""))
    assert load("空", tmp_path) == ("jpeg", 3, 4, b"")
    (tmp_path / "短").write_bytes(_entry(b"jpeg", 3, 4, b"")[:-1])
    assert load("短", tmp_path) is None


@pytest.mark.parametrize("damage", ["magic", "checksum", "body", "cut", "missing"])
def test_a_damaged_or_missing_entry_reads_as_none(tmp_path: Path, damage: str) -> None:
    content = bytearray(_entry(b"png", 8, 8, b"pixels"))
    if damage == "magic":
        content[0] ^= 1
    elif damage == "checksum":
        content[len(MAGIC)] ^= 1
    elif damage == "body":
        content[-1] ^= 1
    elif damage == "cut":
        content = content[:-3]
    if damage != "missing":
        (tmp_path / "乙").write_bytes(bytes(content))
    assert load("乙", tmp_path) is None


def test_an_entry_over_the_size_read_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = _entry(b"png", 8, 8, b"pixels")
    (tmp_path / "丙").write_bytes(content)
    monkeypatch.setattr(prepared_cache, "_MAX_ENTRY_BYTES", len(content))
    assert load("丙", tmp_path) == ("png", 8, 8, b"pixels")
    monkeypatch.setattr(prepared_cache, "_MAX_ENTRY_BYTES", len(content) - 1)
    assert load("丙", tmp_path) is None


def test_an_entry_that_cannot_be_written_is_no_error(tmp_path: Path) -> None:
    blocked = tmp_path / "文件"
    blocked.write_bytes(b"not a folder")
    store("丁", "png", 1, 1, b"x", blocked)  # the folder is a file: nothing written, nothing raised
    folder = tmp_path / "缓存"
    (folder / "丁" / "占位").mkdir(parents=True)  # a folder where the entry would go
    store("丁", "png", 1, 1, b"x", folder)
    assert sorted(os.listdir(folder)) == ["丁"]  # and its temporary file removed


@pytest.mark.skipif(sys.platform == "win32", reason="links are a privilege on Windows")
def test_pruning_removes_the_least_recently_used_until_within_capacity(tmp_path: Path) -> None:
    for name, age_s in (("旧", 300), ("中", 200), ("新", 100)):
        _sparse(tmp_path / name, 100, age_s)
    (tmp_path / "子目录").mkdir()
    (tmp_path / "链接").symlink_to(tmp_path / "新")
    prune(tmp_path, 300)
    assert sorted(os.listdir(tmp_path)) == sorted(["旧", "中", "新", "子目录", "链接"])
    prune(tmp_path, 299)
    assert sorted(os.listdir(tmp_path)) == sorted(["中", "新", "子目录", "链接"])
    prune(tmp_path, 100)
    assert sorted(os.listdir(tmp_path)) == sorted(["新", "子目录", "链接"])
    prune(tmp_path / "没有", 0)  # no folder: nothing to do


def test_the_cache_is_pruned_to_a_gigabyte_after_32_mb_written(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = cache / "export-photos"
    folder.mkdir(parents=True)
    _sparse(folder / "旧", 1024 * 1024 * 1024, 3600)
    monkeypatch.setattr(prepared_cache, "_written_since_prune", 32 * 1024 * 1024 - 13)
    store("新", "png", 1, 1, b"x")  # 12 bytes of header and 1 of data: exactly 32 MB, not over
    assert (folder / "旧").exists() and prepared_cache._written_since_prune == 32 * 1024 * 1024
    store("新二", "png", 1, 1, b"")  # over: the folder is pruned and the count starts again
    assert sorted(os.listdir(folder)) == ["新", "新二"]
    assert prepared_cache._written_since_prune == 0


def test_a_store_that_does_not_prune_or_fails_counts_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prepared_cache, "_written_since_prune", 5)
    store("戊", "png", 1, 1, b"abc", tmp_path, prunes=False)
    blocked = tmp_path / "文件"
    blocked.write_bytes(b"")
    store("戊", "png", 1, 1, b"abc", blocked)
    assert prepared_cache._written_since_prune == 5


def test_a_decoded_photo_is_remembered_by_a_marker_of_its_digest(cache: Path) -> None:
    digest = photo_digest(b"photo")
    assert was_decoded(digest) is False
    mark_decoded(digest)
    assert was_decoded(digest) is True
    assert was_decoded(photo_digest(b"other photo")) is False
    (name,) = os.listdir(cache / "checked-photos")
    assert (cache / "checked-photos" / name).read_bytes() == _entry(b"ok", 0, 0, digest)
    assert name == prepared_cache.key(digest, "decoded")


@pytest.mark.parametrize(("kind", "data"), [(b"ok", b"another digest"), (b"no", None)])
def test_a_marker_counts_only_when_it_says_ok_for_the_same_digest(cache: Path, kind: bytes, data: bytes | None) -> None:
    digest = photo_digest(b"photo")
    folder = cache / "checked-photos"
    folder.mkdir(parents=True)
    (folder / prepared_cache.key(digest, "decoded")).write_bytes(_entry(kind, 0, 0, data or digest))
    assert was_decoded(digest) is False


def test_the_markers_are_pruned_to_a_megabyte_after_512_more(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = cache / "checked-photos"
    folder.mkdir(parents=True)
    _sparse(folder / "旧", 1024 * 1024, 3600)
    monkeypatch.setattr(prepared_cache, "_markers_since_prune", 511)
    mark_decoded(photo_digest(b"512th"))
    assert (folder / "旧").exists() and prepared_cache._markers_since_prune == 512
    mark_decoded(photo_digest(b"513th"))
    assert not (folder / "旧").exists() and prepared_cache._markers_since_prune == 0
    assert was_decoded(photo_digest(b"512th")) and was_decoded(photo_digest(b"513th"))
