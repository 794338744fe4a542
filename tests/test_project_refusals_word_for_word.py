"""Every refusal of a project file, word for word, with the limits at their edges.

``tests/test_project_file.py`` checks most refusals by a fragment; a user reads the whole line,
so each one is written out here in full: damaged and foreign zips, members that are unsafe,
too large, of a strange compression or deflating like a bomb, too many values, a folder without
document.json, a file that is empty, missing, unreadable or not a file, and photos that went
missing after opening. Limits are the documented ones (64 MB of document.json, 256 MB a photo,
a million JSON values, twentyfold expansion of a photo past 1 MiB) or set smaller for a test
the way ``test_project_file.py`` does. Every test here also runs on Windows.
"""

from __future__ import annotations

import errno
import json
import os
import struct
import zipfile
from pathlib import Path

import pytest

from editor.errors import ProjectFileError, size_text
from editor.io import project
from editor.io.lazy_assets import PhotoUnavailable
from editor.io.project import (
    _json_values_at_most,
    asset_name,
    load_project,
    project_zip_bytes,
    save_project,
    save_project_folder,
)
from editor.model import Document, ImageFrame, Page
from editor.model.codec import encode_document
from tests.test_project_file import _write_zip

MIB = 1024 * 1024
#: The SHA-256 of b"abc" (FIPS 180-2, B.1), cut to the 32 digits a photo name holds.
ABC_NAME = "ba7816bf8f01cfea414140de5dae2223.jpg"


def _document_json(assets: list[str] | None = None) -> bytes:
    data = encode_document(Document())
    if assets is not None:
        data["document"]["assets"] = assets
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def _zip(path: Path, members: dict[str, bytes], compression: int = zipfile.ZIP_STORED) -> Path:
    return _write_zip(path, members, compression)


def _refusal(path: Path) -> str:
    with pytest.raises(ProjectFileError) as refused:
        load_project(path)
    return refused.value.message


def _photo_document(data: bytes = b"abc") -> tuple[Document, str]:
    name = asset_name(data, ".jpg")
    frame = ImageFrame(id="photo", x_pt=10, y_pt=10, width_pt=100, height_pt=75, asset=name)
    return Document(pages=[Page(id="p", frames=[frame])], assets={name: data}), name


def _set_central_sizes(path: Path, member: str, *, compressed: int | None = None, size: int | None = None) -> None:
    """Rewrite what the zip's central directory declares for ``member`` (the local header is left)."""
    data = bytearray(path.read_bytes())
    at = data.index(b"PK\x01\x02")
    while data[at + 46: at + 46 + len(member)] != member.encode():
        at = data.index(b"PK\x01\x02", at + 4)
    if compressed is not None:
        struct.pack_into("<I", data, at + 20, compressed)
    if size is not None:
        struct.pack_into("<I", data, at + 24, size)
    path.write_bytes(bytes(data))


# ---------------------------------------------------------------- sizes said in messages


@pytest.mark.parametrize(("size", "text"), [
    (0, "1 KB"), (500, "1 KB"), (2047, "1 KB"), (2048, "2 KB"), (MIB - 1, "1023 KB"), (MIB, "1 MB"),
    (3 * MIB + 5, "3 MB"), (64 * MIB, "64 MB"),
])
def test_a_limit_is_said_in_whole_kb_below_a_mib_and_whole_mb_from_it(size: int, text: str) -> None:
    assert size_text(size) == text


# ---------------------------------------------------------------- document.json


def test_values_are_bounded_by_commas_brackets_and_braces_plus_one() -> None:
    assert _json_values_at_most(b"0") == 1
    assert _json_values_at_most(b'{"a": [1, 2], "b": {}}') == 2 + 1 + 2 + 1  # commas, [, {, one


def test_a_document_json_of_a_million_values_is_parsed_and_one_more_is_refused(tmp_path: Path) -> None:
    at_limit = _zip(tmp_path / "至多.banmian", {"document.json": b"[" + b"0," * 999_998 + b"0]"})
    assert _refusal(at_limit) != "无法打开“至多.banmian”：document.json 中的条目过多（超过 1,000,000 个），已拒绝打开。"
    past = _zip(tmp_path / "过多.banmian", {"document.json": b"{" * 1_000_000})
    assert _refusal(past) == "无法打开“过多.banmian”：document.json 中的条目过多（超过 1,000,000 个），已拒绝打开。"


def test_a_document_json_that_is_not_json_is_refused_saying_so(tmp_path: Path) -> None:
    path = _zip(tmp_path / "第28期.banmian", {"document.json": b'{"format_version": 4,'})
    assert _refusal(path) == "无法打开“第28期.banmian”：document.json 不是有效的 JSON，文件可能不完整或已损坏。"


def test_a_document_json_nested_too_deep_is_refused_saying_so(tmp_path: Path) -> None:
    path = _zip(tmp_path / "第28期.banmian", {"document.json": b"[" * 50_000 + b"]" * 50_000})
    assert _refusal(path) == "无法打开“第28期.banmian”：document.json 嵌套层次过深，不是有效的项目文件。"


def test_a_document_json_with_a_byte_order_mark_opens(tmp_path: Path) -> None:
    doc, name = _photo_document()
    save_project_folder(doc, tmp_path / "第28期")
    document = tmp_path / "第28期" / "document.json"
    document.write_bytes(b"\xef\xbb\xbf" + document.read_bytes())
    opened = load_project(tmp_path / "第28期")
    assert opened.pages == doc.pages and opened.assets[name] == b"abc"


# ---------------------------------------------------------------- zip members


def test_a_file_that_is_not_a_zip_is_refused_saying_so(tmp_path: Path) -> None:
    path = tmp_path / "第28期.banmian"
    path.write_bytes("这是一个文本文件。".encode())
    assert _refusal(path) == "无法打开“第28期.banmian”：这不是 Banmian 项目文件，或文件不完整、已损坏。"


def test_a_zip_without_document_json_is_refused_saying_so(tmp_path: Path) -> None:
    path = _zip(tmp_path / "第28期.banmian", {"assets/": b""})
    assert _refusal(path) == "无法打开“第28期.banmian”：这不是 Banmian 项目文件（缺少 document.json）。"


@pytest.mark.parametrize("member", ["readme.txt", "assets/x.jpg", "assets/0123456789abcdef.psd", "assets/sub/", "assets"])
def test_an_unknown_member_is_refused_naming_it(tmp_path: Path, member: str) -> None:
    path = _zip(tmp_path / "第28期.banmian", {"document.json": _document_json(), member: b"x"})
    assert _refusal(path) == f"无法打开“第28期.banmian”：文件中含有不安全或未知的条目“{member}”，已拒绝打开。"


def test_the_assets_folder_entry_and_photos_named_by_their_hash_are_accepted(tmp_path: Path) -> None:
    path = _zip(tmp_path / "第28期.banmian", {
        "assets/": b"", "document.json": _document_json([ABC_NAME]), f"assets/{ABC_NAME}": b"abc",
    })
    assert load_project(path).assets[ABC_NAME] == b"abc"


def test_a_member_of_an_unsupported_compression_is_refused_naming_it(tmp_path: Path) -> None:
    path = _zip(tmp_path / "第28期.banmian", {"document.json": _document_json()}, zipfile.ZIP_BZIP2)
    assert _refusal(path) == "无法打开“第28期.banmian”：其中的 document.json 使用了不支持的压缩方式。"


def test_a_deflated_project_opens(tmp_path: Path) -> None:
    path = _zip(tmp_path / "第28期.banmian", {
        "document.json": _document_json([ABC_NAME]), f"assets/{ABC_NAME}": b"abc",
    }, zipfile.ZIP_DEFLATED)
    assert load_project(path).assets[ABC_NAME] == b"abc"


def test_a_document_json_past_its_limit_is_refused_naming_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(project, "MAX_DOCUMENT_JSON_BYTES", 2 * MIB)
    raw = _document_json()
    path = _zip(tmp_path / "第28期.banmian", {"document.json": raw + b" " * (2 * MIB - len(raw))})
    assert load_project(path).pages == Document().pages  # exactly at the limit
    path = _zip(tmp_path / "第28期.banmian", {"document.json": raw + b" " * (2 * MIB + 1 - len(raw))})
    assert _refusal(path) == "无法打开“第28期.banmian”：其中的 document.json 过大（解压后超过 2 MB），已拒绝打开。"


def test_a_photo_past_its_limit_is_refused_naming_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(project, "MAX_ASSET_BYTES", 3 * 1024)
    photo = os.urandom(3 * 1024)
    name = asset_name(photo, ".jpg")
    members = {"document.json": _document_json([name]), f"assets/{name}": photo}
    assert load_project(_zip(tmp_path / "至多.banmian", members)).assets[name] == photo
    photo += b"!"
    name = asset_name(photo, ".jpg")
    members = {"document.json": _document_json([name]), f"assets/{name}": photo}
    assert _refusal(_zip(tmp_path / "过大.banmian", members)) == \
        f"无法打开“过大.banmian”：其中的 assets/{name} 过大（解压后超过 3 KB），已拒绝打开。"


def _declared(tmp_path: Path, stored_bytes: int, declared_size: int) -> Path:
    """A project whose one photo of ``stored_bytes`` is declared to expand to ``declared_size``."""
    photo = os.urandom(stored_bytes)
    name = asset_name(photo, ".jpg")
    path = _zip(tmp_path / "第28期.banmian", {"document.json": _document_json([name]), f"assets/{name}": photo})
    _set_central_sizes(path, f"assets/{name}", size=declared_size)
    return path


def test_a_photo_expanding_twentyfold_is_accepted_and_more_is_a_bomb(tmp_path: Path) -> None:
    stored = 60 * 1024  # 20 × 60 KB is past the 1 MiB below which expansion is not judged
    load_project(_declared(tmp_path, stored, 20 * stored))
    path = _declared(tmp_path, stored, 20 * stored + 1)
    name = next(info.filename for info in zipfile.ZipFile(path).infolist() if info.filename != "document.json")
    assert _refusal(path) == f"无法打开“第28期.banmian”：其中的 {name} 压缩比异常（疑似压缩炸弹），已拒绝打开。"


def test_a_photo_of_up_to_a_mib_may_expand_any_amount(tmp_path: Path) -> None:
    load_project(_declared(tmp_path, 100, MIB))
    assert "压缩比异常" in _refusal(_declared(tmp_path, 100, MIB + 1))


def test_a_photo_whose_data_would_end_past_the_file_is_refused_as_damaged(tmp_path: Path) -> None:
    photo = os.urandom(1000)
    name = asset_name(photo, ".jpg")
    path = _zip(tmp_path / "第28期.banmian", {f"assets/{name}": photo, "document.json": _document_json([name])})
    size = path.stat().st_size
    _set_central_sizes(path, f"assets/{name}", compressed=size, size=size)  # it starts at 0: ends at the file's end
    load_project(path)
    _set_central_sizes(path, f"assets/{name}", compressed=size + 1, size=size + 1)
    assert _refusal(path) == "无法打开“第28期.banmian”：文件不完整或已损坏。"


def test_too_many_members_are_refused_saying_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(project, "MAX_MEMBERS", 2)
    members = {"document.json": _document_json([ABC_NAME]), f"assets/{ABC_NAME}": b"abc"}
    assert load_project(_zip(tmp_path / "两个.banmian", members)).assets[ABC_NAME] == b"abc"
    members["assets/"] = b""
    assert _refusal(_zip(tmp_path / "三个.banmian", members)) == "无法打开“三个.banmian”：文件包含的条目过多，已拒绝打开。"


def test_members_adding_up_past_the_total_are_refused_naming_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = _document_json([ABC_NAME])
    monkeypatch.setattr(project, "MAX_TOTAL_BYTES", len(raw) + 3)
    members = {"document.json": raw, f"assets/{ABC_NAME}": b"abc"}
    assert load_project(_zip(tmp_path / "至多.banmian", members)).assets[ABC_NAME] == b"abc"
    monkeypatch.setattr(project, "MAX_TOTAL_BYTES", len(raw) + 2)
    assert _refusal(_zip(tmp_path / "过大.banmian", members)) == "无法打开“过大.banmian”：项目过大（解压后超过 1 KB），已拒绝打开。"


def test_photos_adding_up_past_their_total_are_refused_naming_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(project, "MAX_PHOTOS_BYTES", 3)
    members = {"document.json": _document_json([ABC_NAME]), f"assets/{ABC_NAME}": b"abc"}
    assert load_project(_zip(tmp_path / "至多.banmian", members)).assets[ABC_NAME] == b"abc"
    monkeypatch.setattr(project, "MAX_PHOTOS_BYTES", 2)
    assert _refusal(_zip(tmp_path / "过大.banmian", members)) == "无法打开“过大.banmian”：项目中的图片合计过大（超过 1 KB），已拒绝打开。"


def test_a_listed_photo_the_zip_does_not_hold_is_missing_not_refused(tmp_path: Path) -> None:
    path = _zip(tmp_path / "第28期.banmian", {"document.json": _document_json([ABC_NAME])})
    opened = load_project(path)
    assert ABC_NAME not in opened.assets and opened.assets.get(ABC_NAME) is None


def test_a_photo_stored_twice_in_the_list_is_declared_once(tmp_path: Path) -> None:
    path = _zip(tmp_path / "第28期.banmian", {
        "document.json": _document_json([ABC_NAME, ABC_NAME]), f"assets/{ABC_NAME}": b"abc",
    })
    opened = load_project(path)
    assert list(opened.assets) == [ABC_NAME]
    assert opened.assets.byte_size(ABC_NAME) == 3


# ---------------------------------------------------------------- the file itself


def test_an_empty_file_is_refused_saying_it_may_have_been_cut(tmp_path: Path) -> None:
    path = tmp_path / "第28期.banmian"
    path.write_bytes(b"")
    assert _refusal(path) == "无法打开“第28期.banmian”：文件是空的（0 字节），可能在保存时被中断。"


def test_a_file_of_one_byte_is_read_as_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "第28期.banmian"
    path.write_bytes(b"P")
    assert _refusal(path) == "无法打开“第28期.banmian”：这不是 Banmian 项目文件，或文件不完整、已损坏。"


def test_a_missing_project_is_not_found_naming_its_path(tmp_path: Path) -> None:
    from editor.errors import display_name

    path = tmp_path / "第28期.banmian"
    assert _refusal(path) == f"找不到项目文件“{display_name(path)}”。"


@pytest.mark.parametrize(("problem", "reason"), [
    (PermissionError(errno.EACCES, "Permission denied"), "没有读取权限。"),
    (MemoryError(), "文件过大，内存不足。"),
    (OSError(errno.EIO, "Input/output error"), "读取失败（读写磁盘时出错（磁盘或网络可能有故障））。"),
])
def test_a_project_the_system_cannot_read_is_refused_with_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, problem: BaseException, reason: str
) -> None:
    path = _zip(tmp_path / "第28期.banmian", {"document.json": _document_json()})

    def failing_open(*args: object, **kwargs: object) -> zipfile.ZipFile:
        raise problem

    monkeypatch.setattr(project.zipfile, "ZipFile", failing_open)
    assert _refusal(path) == f"无法打开“第28期.banmian”：{reason}"


# ---------------------------------------------------------------- folder projects


def test_a_folder_without_document_json_is_refused_saying_so(tmp_path: Path) -> None:
    (tmp_path / "第28期").mkdir()
    assert _refusal(tmp_path / "第28期") == "无法打开“第28期”：文件夹中没有 document.json，不是 Banmian 项目。"


def test_a_document_json_past_its_limit_in_a_folder_is_refused_naming_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(project, "MAX_DOCUMENT_JSON_BYTES", MIB)
    folder = tmp_path / "第28期"
    folder.mkdir()
    raw = _document_json()
    (folder / "document.json").write_bytes(raw + b" " * (MIB - len(raw)))
    assert load_project(folder).pages == Document().pages
    (folder / "document.json").write_bytes(raw + b" " * (MIB + 1 - len(raw)))
    assert _refusal(folder) == "无法打开“第28期”：其中的 document.json 过大（超过 1 MB），已拒绝打开。"


def test_a_document_json_the_system_cannot_read_is_refused_with_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "第28期"
    folder.mkdir()
    (folder / "document.json").write_bytes(_document_json())

    def failing_read(path: object, limit: int) -> bytes:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(project, "read_regular_file", failing_read)
    assert _refusal(folder) == "无法打开“第28期”：无法读取 document.json（读写磁盘时出错（磁盘或网络可能有故障））。"


def test_a_photo_name_that_is_not_a_hash_is_refused_in_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "第28期"
    folder.mkdir()
    (folder / "document.json").write_bytes(_document_json(["照片.jpg"]))
    assert _refusal(folder) == "无法打开“第28期”：图片名“照片.jpg”不合规，已拒绝打开。"


def test_a_photo_link_leaving_the_folder_is_refused_naming_the_photo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc, name = _photo_document()
    folder = tmp_path / "第28期"
    save_project_folder(doc, folder)
    real_path = project.real_path

    def photo_elsewhere(path: Path, strict: bool = False) -> str:
        # What a link named like the photo pointing at another folder resolves to.
        if Path(path).name == name:
            return real_path(tmp_path, strict=True) + os.sep + name
        return real_path(path, strict=strict)

    monkeypatch.setattr(project, "real_path", photo_elsewhere)
    assert _refusal(folder) == f"无法打开“第28期”：其中的图片 {name} 是指向项目文件夹以外的链接，已拒绝打开。"


def test_a_listed_photo_missing_from_the_folder_or_not_a_file_is_a_placeholder(tmp_path: Path) -> None:
    doc, name = _photo_document()
    folder = tmp_path / "第28期"
    save_project_folder(doc, folder)
    (folder / "assets" / name).unlink()
    assert name not in load_project(folder).assets
    (folder / "assets" / name).mkdir()
    assert name not in load_project(folder).assets


def test_a_folder_photo_gone_after_opening_is_unavailable_saying_so(tmp_path: Path) -> None:
    doc, name = _photo_document()
    folder = tmp_path / "第28期"
    save_project_folder(doc, folder)
    opened = load_project(folder)
    (folder / "assets" / name).unlink()
    with pytest.raises(PhotoUnavailable) as unavailable:
        opened.assets[name]
    assert unavailable.value.message == f"项目文件夹“第28期”中已没有图片 {name}，或它已被其他程序改动。请重新打开项目。"


def test_a_zip_photo_gone_after_opening_is_unavailable_saying_so(tmp_path: Path) -> None:
    doc, name = _photo_document()
    path = tmp_path / "第28期.banmian"
    save_project(doc, path)
    opened = load_project(path)
    path.write_bytes(project_zip_bytes(Document()))
    with pytest.raises(PhotoUnavailable) as unavailable:
        opened.assets[name]
    assert unavailable.value.message == f"项目“第28期.banmian”中已没有图片 {name}，文件可能已被其他程序改动。请重新打开项目。"
    assert unavailable.value.__cause__.args == (f"assets/{name}",)  # the member looked for


def test_a_zip_photo_damaged_after_opening_is_unavailable_saying_so(tmp_path: Path) -> None:
    doc, name = _photo_document(os.urandom(4000))
    path = tmp_path / "第28期.banmian"
    save_project(doc, path)
    opened = load_project(path)
    data = bytearray(path.read_bytes())
    start = data.index(b"PK\x03\x04", 4)  # the photo's local header (document.json comes first)
    data[start:start + 4] = b"XXXX"
    path.write_bytes(bytes(data))
    with pytest.raises(PhotoUnavailable) as unavailable:
        opened.assets[name]
    assert unavailable.value.message == f"无法读取项目“第28期.banmian”中的图片 {name}：文件不完整或已损坏。"
    assert str(unavailable.value.__cause__) == f"no local header for assets/{name}"


def test_saving_refuses_a_photo_name_loading_would_refuse_naming_it(tmp_path: Path) -> None:
    with pytest.raises(ProjectFileError) as refused:
        save_project(Document(assets={"照片.jpg": b"abc"}), tmp_path / "第28期.banmian")
    assert refused.value.message == "无法保存：图片名“照片.jpg”不合规（应为内容哈希加扩展名）。"
    assert list(tmp_path.iterdir()) == []
