"""``editor.io.lazy_assets`` piece by piece: a zip member's ends, the mapping of a project's photos.

Zip files are made with ``zipfile`` and then altered by their layout (APPNOTE.TXT 4.3.7 and
4.3.12: a local header's name and extra lengths at bytes 26–29, the central directory entry's
flags at byte 8); a photo source is a small fake holding bytes and fingerprints, standing where
the project file would be, so the mapping's own rules are what is tested.
"""

from __future__ import annotations

import copy
import hashlib
import os
import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from editor.io.lazy_assets import PhotoUnavailable, ProjectPhotos, StoredPhoto, ZipMemberEnds, hashes_to_name

DATA = bytes(range(256)) * 4  # 1024 bytes


def _zip(path: Path, members: dict[str, bytes], compression: int = zipfile.ZIP_STORED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def _patched(path: Path, offset: int, value: bytes) -> None:
    content = bytearray(path.read_bytes())
    content[offset:offset + len(value)] = value
    path.write_bytes(bytes(content))


# ---------------------------------------------------------------- a zip member's ends


def test_a_stored_members_ends_come_with_its_size_and_crc(tmp_path: Path) -> None:
    path = _zip(tmp_path / "期刊.banmian", {"document.json": b"{}", "assets/a.jpg": DATA})
    ends = ZipMemberEnds(path)
    assert ends.read("assets/a.jpg", 3, 2) == (b"\x00\x01\x02", b"\xfe\xff", (1024, zlib.crc32(DATA)))
    assert ends.read("assets/a.jpg", 1020, 10) == (DATA[:1020], DATA[1020:], (1024, zlib.crc32(DATA)))
    assert ends.read("assets/a.jpg", 2000, 10) == (DATA, b"", (1024, zlib.crc32(DATA)))
    assert ends.read("assets/a.jpg", 0, 0) == (b"", b"", (1024, zlib.crc32(DATA)))


def test_a_member_not_listed_or_compressed_has_no_ends(tmp_path: Path) -> None:
    assert ZipMemberEnds(_zip(tmp_path / "甲.zip", {"assets/a.jpg": DATA})).read("assets/b.jpg", 4, 2) is None
    deflated = _zip(tmp_path / "乙.zip", {"assets/a.jpg": DATA}, zipfile.ZIP_DEFLATED)
    assert ZipMemberEnds(deflated).read("assets/a.jpg", 4, 2) is None


def test_an_encrypted_member_has_no_ends(tmp_path: Path) -> None:
    path = _zip(tmp_path / "丙.zip", {"assets/a.jpg": DATA})
    central = path.read_bytes().index(b"PK\x01\x02")
    _patched(path, central + 8, b"\x01\x00")  # general purpose flag bit 0: encrypted
    assert ZipMemberEnds(path).read("assets/a.jpg", 4, 2) is None


def test_a_stored_member_whose_sizes_disagree_has_no_ends(tmp_path: Path) -> None:
    path = _zip(tmp_path / "丙二.zip", {"assets/a.jpg": DATA})
    central = path.read_bytes().index(b"PK\x01\x02")
    _patched(path, central + 20, struct.pack("<I", 1023))  # compressed size one short of the size
    assert ZipMemberEnds(path).read("assets/a.jpg", 4, 2) is None


def test_a_member_whose_local_header_is_not_where_the_directory_says_has_no_ends(tmp_path: Path) -> None:
    path = _zip(tmp_path / "丁.zip", {"assets/a.jpg": DATA})
    _patched(path, 0, b"PK\x03\x05")
    ends = ZipMemberEnds(path)
    assert ends.read("assets/a.jpg", 4, 2) is None
    with open(path, "rb") as handle:
        entry, start = ends.locate(handle, "assets/a.jpg")
    assert (entry.filename, start) == ("assets/a.jpg", None)


def test_a_member_running_past_the_end_of_the_file_has_no_ends(tmp_path: Path) -> None:
    path = _zip(tmp_path / "戊.zip", {"assets/a.jpg": DATA})
    _patched(path, 28, struct.pack("<H", 60_000))  # a local extra field said to be 60 000 bytes long
    assert ZipMemberEnds(path).read("assets/a.jpg", 4, 2) is None


def test_where_a_members_data_starts_follows_its_local_name_and_extra(tmp_path: Path) -> None:
    path = _zip(tmp_path / "己.zip", {"doc.json": b"{}", "assets/a.jpg": DATA})
    with open(path, "rb") as handle:
        entry, start = ZipMemberEnds(path).locate(handle, "assets/a.jpg")
        assert start == entry.header_offset + 30 + len("assets/a.jpg")
        handle.seek(start)
        assert handle.read(4) == DATA[:4]
        assert ZipMemberEnds(path).locate(handle, "没有.jpg") == (None, None)


def test_a_zip_cut_inside_a_local_header_gives_no_start(tmp_path: Path) -> None:
    path = _zip(tmp_path / "庚.zip", {"assets/a.jpg": DATA})
    ends = ZipMemberEnds(path)
    with open(path, "rb") as handle:
        entry, _ = ends.locate(handle, "assets/a.jpg")
    content = path.read_bytes()
    cut = tmp_path / "cut.zip"
    cut.write_bytes(content[: entry.header_offset + 29])
    with open(cut, "rb") as handle:
        ends._stamp = None
        # The directory read before still lists the member; the file now ends inside its header.
        stamp = os.fstat(handle.fileno())
        ends._stamp = (stamp.st_size, stamp.st_mtime_ns, stamp.st_ino)
        assert ends.locate(handle, "assets/a.jpg") == (entry, None)


def test_a_replaced_zip_is_read_again(tmp_path: Path) -> None:
    path = _zip(tmp_path / "辛.zip", {"assets/a.jpg": DATA})
    ends = ZipMemberEnds(path)
    assert ends.read("assets/a.jpg", 2, 2)[0] == b"\x00\x01"
    _zip(tmp_path / "新.zip", {"assets/b.jpg": DATA[::-1] + b"more"})
    os.replace(tmp_path / "新.zip", path)
    assert ends.read("assets/a.jpg", 2, 2) is None
    assert ends.read("assets/b.jpg", 2, 2)[0] == b"\xff\xfe"


# ---------------------------------------------------------------- the mapping


class _Source:
    """Photos as a project file would give them: bytes and the fingerprint they have now."""

    def __init__(self, photos: dict[str, bytes], path: Path = Path("/项目/期刊.banmian")) -> None:
        self.path = path
        self.photos = photos
        self.reads: list[str] = []
        self.ends_asked: list[tuple[str, int, int]] = []
        self.ends_answer: object = None
        self.failure: Exception | None = None

    def read(self, name: str) -> tuple[bytes, tuple[int, int]]:
        self.reads.append(name)
        if self.failure is not None:
            raise self.failure
        data = self.photos[name]
        return data, (len(data), zlib.crc32(data))

    def read_ends(self, name: str, head_bytes: int, tail_bytes: int):
        self.ends_asked.append((name, head_bytes, tail_bytes))
        if isinstance(self.ends_answer, Exception):
            raise self.ends_answer
        return self.ends_answer


def _stored(data: bytes) -> StoredPhoto:
    return StoredPhoto(len(data), (len(data), zlib.crc32(data)))


def _named(data: bytes, extension: str = "jpg") -> str:
    return f"{hashlib.sha256(data).hexdigest()[:16]}.{extension}"


def test_a_stored_photo_is_read_when_asked_and_kept_among_the_recent(tmp_path: Path) -> None:
    source = _Source({"a.jpg": b"A" * 10, "b.jpg": b"B" * 10})
    photos = ProjectPhotos(source, {"a.jpg": _stored(b"A" * 10), "b.jpg": _stored(b"B" * 10)}, recent_bytes=15)
    assert source.reads == []
    assert photos["a.jpg"] == b"A" * 10
    assert photos["a.jpg"] == b"A" * 10
    assert source.reads == ["a.jpg"]
    assert photos.held_bytes() == 10
    assert photos["b.jpg"] == b"B" * 10  # 20 bytes do not fit in 15: the older goes
    assert photos.held_bytes() == 10
    assert photos["a.jpg"] == b"A" * 10
    assert source.reads == ["a.jpg", "b.jpg", "a.jpg"]


def test_the_recent_photos_fill_their_budget_exactly_and_drop_the_least_recent(tmp_path: Path) -> None:
    data = {name: name.encode() * 5 for name in ("a", "b", "c")}  # 5 bytes each
    source = _Source(data)
    photos = ProjectPhotos(source, {name: _stored(value) for name, value in data.items()}, recent_bytes=10)
    photos["a"], photos["b"]
    assert photos.held_bytes() == 10
    photos["a"]  # a is now the most recent
    photos["c"]  # b goes
    source.reads.clear()
    photos["a"], photos["c"]
    assert source.reads == []
    photos["b"]
    assert source.reads == ["b"]


def test_a_photo_larger_than_the_recent_budget_is_never_kept() -> None:
    source = _Source({"a": b"A" * 11})
    photos = ProjectPhotos(source, {"a": _stored(b"A" * 11)}, recent_bytes=10)
    photos["a"], photos["a"]
    assert source.reads == ["a", "a"]
    assert photos.held_bytes() == 0


def test_the_mapping_adds_replaces_removes_and_lists_in_order() -> None:
    source = _Source({"a": b"A" * 4})
    photos = ProjectPhotos(source, {"a": _stored(b"A" * 4)})
    photos["n"] = b"new"
    assert (list(photos), len(photos), "a" in photos, "n" in photos, "x" in photos) == (["a", "n"], 2, True, True, False)
    assert (photos.byte_size("a"), photos.byte_size("n")) == (4, 3)
    assert photos.unsaved() == ["n"]
    assert photos.held_bytes() == 3
    assert repr(photos) == f"ProjectPhotos(2 photos, 1 held, from {Path('/项目/期刊.banmian')})"
    photos["a"]
    photos["a"] = b"changed"
    assert photos["a"] == b"changed" and photos.held_bytes() == 10  # the recent copy let go
    del photos["a"]
    assert list(photos) == ["n"] and photos.held_bytes() == 3
    for name in photos:  # the names are a copy: the mapping may change meanwhile
        del photos[name]
    assert len(photos) == 0
    assert photos.source_path == Path("/项目/期刊.banmian")


def test_get_answers_the_default_for_a_missing_or_unreadable_photo() -> None:
    source = _Source({"a": b"A"})
    photos = ProjectPhotos(source, {"a": _stored(b"A")})
    assert photos.get("x") is None and photos.get("x", b"?") == b"?"
    source.failure = PhotoUnavailable("不见了。")
    assert photos.get("a", b"?") == b"?"
    source.failure = None
    assert photos.get("a") == b"A"


def test_a_read_failing_is_said_in_chinese_with_the_project_and_photo() -> None:
    source = _Source({"a.jpg": b"A"}, Path("/项目/期刊.banmian"))
    photos = ProjectPhotos(source, {"a.jpg": _stored(b"A")})
    source.failure = FileNotFoundError(2, "No such file or directory")
    with pytest.raises(PhotoUnavailable) as refused:
        photos["a.jpg"]
    assert refused.value.message == ("无法读取项目“期刊.banmian”中的图片 a.jpg（找不到文件或文件夹）。"
                                     "请检查项目文件是否已被移动或删除。")
    source.failure = PhotoUnavailable("原样。")
    with pytest.raises(PhotoUnavailable, match="^原样。$"):
        photos["a.jpg"]


@pytest.mark.parametrize("change", ["fingerprint", "size"])
def test_a_photo_no_longer_what_the_file_held_is_refused_unless_it_hashes_to_its_name(change: str) -> None:
    original, other = b"original photo", b"replaced photo"
    name = "a.jpg"
    stored = StoredPhoto(len(original) + (1 if change == "size" else 0), (len(original), zlib.crc32(original)))
    if change == "fingerprint":
        source = _Source({name: other})
    else:
        source = _Source({name: original})
    photos = ProjectPhotos(source, {name: stored})
    with pytest.raises(PhotoUnavailable) as refused:
        photos[name]
    assert refused.value.message == ("项目“期刊.banmian”中的图片 a.jpg 在打开后已被其他程序改动，"
                                     "不再是原来的图片。请重新打开项目。")
    content_name = _named(source.photos[name])
    source.photos[content_name] = source.photos[name]
    photos = ProjectPhotos(source, {content_name: stored})
    assert photos[content_name] == source.photos[name]


def test_a_name_holds_a_content_hash_only_with_16_hex_digits_or_more() -> None:
    data = b"photo"
    digest = hashlib.sha256(data).hexdigest()
    assert hashes_to_name(f"{digest[:16]}.jpg", data) is True
    assert hashes_to_name(digest[:16], data) is True
    assert hashes_to_name(f"{digest[:15]}.jpg", data) is False
    assert hashes_to_name(f"{digest}.png", data) is True
    assert hashes_to_name(f"{digest[:15]}0.jpg", b"other") is False


# ---------------------------------------------------------------- ends through the mapping


def test_a_stored_photos_ends_are_asked_of_the_source_with_its_fingerprint_checked() -> None:
    data = b"J" * 100
    source = _Source({"a": data})
    photos = ProjectPhotos(source, {"a": _stored(data)}, recent_bytes=0)
    source.ends_answer = (b"JJ", b"J", (100, zlib.crc32(data)))
    assert photos.photo_ends("a", 2, 1) == (b"JJ", b"J", 100)
    assert source.ends_asked == [("a", 2, 1)]
    source.ends_answer = (b"JJ", b"J", (100, zlib.crc32(data) ^ 1))
    assert photos.photo_ends("a", 2, 1) is None
    source.ends_answer = None
    assert photos.photo_ends("a", 2, 1) is None


def test_a_photo_no_larger_than_its_two_ends_in_memory_or_recent_is_read_whole() -> None:
    data = b"J" * 100
    source = _Source({"a": data})
    source.ends_answer = (b"J" * 60, b"J" * 39, (100, zlib.crc32(data)))
    photos = ProjectPhotos(source, {"a": _stored(data)})
    assert photos.photo_ends("a", 60, 39) == (b"J" * 60, b"J" * 39, 100)
    assert photos.photo_ends("a", 60, 40) is None  # 100 bytes: the ends are the whole photo
    assert photos.photo_ends("missing", 2, 1) is None
    photos["a"]
    assert photos.photo_ends("a", 2, 1) is None  # already read: its bytes are at hand
    photos["n"] = data
    assert photos.photo_ends("n", 2, 1) is None
    assert len(source.ends_asked) == 1


@pytest.mark.parametrize("problem", [OSError(5, "I/O"), ValueError("bad"), EOFError(), zipfile.BadZipFile(),
                                     zipfile.LargeZipFile()])
def test_ends_that_cannot_be_read_leave_the_photo_to_be_read_whole(problem: Exception) -> None:
    data = b"J" * 100
    source = _Source({"a": data})
    source.ends_answer = problem
    assert ProjectPhotos(source, {"a": _stored(data)}).photo_ends("a", 2, 1) is None


def test_a_source_without_ends_gives_none() -> None:
    class Plain:
        path = Path("/项目")

        def read(self, name: str) -> tuple[bytes, tuple[int, int]]:
            raise AssertionError("not read")

    assert ProjectPhotos(Plain(), {"a": _stored(b"J" * 100)}).photo_ends("a", 2, 1) is None


# ---------------------------------------------------------------- copies and saves


def test_a_deep_copy_keeps_its_own_recent_photos_and_a_shallow_one_none() -> None:
    source = _Source({"a": b"A" * 10})
    photos = ProjectPhotos(source, {"a": _stored(b"A" * 10)}, recent_bytes=50)
    photos["n"] = b"new"
    deep, shallow = copy.deepcopy(photos), copy.copy(photos)
    assert list(deep) == list(shallow) == ["a", "n"]
    deep["a"], deep["a"], shallow["a"], shallow["a"]
    assert source.reads == ["a", "a", "a"]
    assert (deep.held_bytes(), shallow.held_bytes(), photos.held_bytes()) == (13, 3, 3)
    deep["x"] = b"only in the copy"
    assert "x" not in photos


def test_after_a_save_photos_are_read_from_the_new_file_and_let_go_from_memory() -> None:
    old = _Source({"a": b"A" * 4})
    photos = ProjectPhotos(old, {"a": _stored(b"A" * 4)}, recent_bytes=50)
    photos["n"] = b"new"
    photos["kept"] = b"not saved"
    new = _Source({"a": b"A" * 4, "n": b"new"}, Path("/另存/期刊.banmian"))
    photos.now_stored_in(new, {"a": _stored(b"A" * 4), "n": _stored(b"new"), "gone": _stored(b"")})
    assert photos.unsaved() == ["kept"]
    assert photos.source_path == Path("/另存/期刊.banmian")
    assert photos.held_bytes() == 3 + len(b"not saved")  # "n" among the recent, "kept" still held
    assert photos["n"] == b"new" and new.reads == []  # just written: taken from the recent ones
    assert photos["a"] == b"A" * 4 and new.reads == ["a"] and old.reads == []
    assert list(photos) == ["a", "n", "kept"]
