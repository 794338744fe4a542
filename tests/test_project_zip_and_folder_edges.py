"""Edges of opening a project: damaged names and streams said word for word, photos that are
missing, looping, unreadable or too large in a folder, and a photo's ends read without the rest.

Damaged zips are made by changing single bytes of a zip written here (central directory entry:
name at +46); links and system failures are played by a stand-in ``real_path`` (the system
edge), so every test here also runs on Windows. Expected texts are written out.
"""

from __future__ import annotations

import errno
import io
import json
import os
import types
import zipfile
from pathlib import Path

import pytest

from editor.errors import ProjectFileError
from editor.io import project
from editor.io.lazy_assets import PhotoUnavailable
from editor.io.project import asset_name, load_project, save_project, save_project_folder
from editor.model import Document, ImageFrame, Page
from editor.model.codec import encode_document

DAMAGED = "无法打开“第28期.banmian”：文件不完整或已损坏。"


def _document_json() -> bytes:
    return json.dumps(encode_document(Document())).encode("utf-8")


def _zip_with_names_changed(tmp_path: Path, members: dict[str, bytes], changes: dict[str, bytes]) -> Path:
    """A zip of ``members`` whose central directory then names some of them otherwise (same length)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data)
    data = bytearray(buffer.getvalue())
    for old, new in changes.items():
        at = data.index(b"PK\x01\x02")
        while data[at + 46: at + 46 + len(old)] != old.encode():
            at = data.index(b"PK\x01\x02", at + 4)
        data[at + 46: at + 46 + len(new)] = new
    path = tmp_path / "第28期.banmian"
    path.write_bytes(bytes(data))
    return path


def _refusal(path: Path) -> str:
    with pytest.raises(ProjectFileError) as refused:
        load_project(path)
    return refused.value.message


def test_a_member_name_with_a_nul_is_a_damaged_file(tmp_path: Path) -> None:
    path = _zip_with_names_changed(tmp_path, {"document.json": _document_json(), "ab": b"x"}, {"ab": b"a\x00"})
    assert _refusal(path) == DAMAGED


def test_an_assets_folder_entry_with_a_nul_is_a_damaged_file(tmp_path: Path) -> None:
    path = _zip_with_names_changed(tmp_path, {"document.json": _document_json(), "assets/Zx": b""},
                                   {"assets/Zx": b"assets/\x00x"})
    assert _refusal(path) == DAMAGED


def test_a_document_json_whose_deflate_stream_is_broken_is_a_damaged_file(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("document.json", date_time=(1980, 1, 1, 0, 0, 0)), _document_json(),
                         compress_type=zipfile.ZIP_DEFLATED)
    data = bytearray(buffer.getvalue())
    start = 30 + len("document.json")
    data[start:start + 8] = b"\xff" * 8
    path = tmp_path / "第28期.banmian"
    path.write_bytes(bytes(data))
    assert _refusal(path) == DAMAGED


def _photo_project(tmp_path: Path, data: bytes, *, folder: bool) -> tuple[Path, str]:
    name = asset_name(data, ".jpg")
    frame = ImageFrame(id="photo", x_pt=10, y_pt=10, width_pt=100, height_pt=75, asset=name)
    doc = Document(pages=[Page(id="p", frames=[frame])], assets={name: data})
    path = tmp_path / ("第28期" if folder else "第28期.banmian")
    (save_project_folder if folder else save_project)(doc, path)
    return path, name


@pytest.mark.parametrize("folder", [False, True], ids=["zip", "folder"])
def test_a_photos_ends_are_read_without_the_rest(tmp_path: Path, folder: bool) -> None:
    data = os.urandom(100)
    path, name = _photo_project(tmp_path, data, folder=folder)
    photos = load_project(path).assets
    if folder:
        assert photos.photo_ends(name, 8, 8) is None  # a folder's photo is read whole: it is a file of its own
    else:
        assert photos.photo_ends(name, 8, 8) == (data[:8], data[-8:], 100)
    assert photos.byte_size(name) == 100 and photos[name] == data


def test_a_photo_whose_folder_assets_is_a_file_is_a_placeholder(tmp_path: Path) -> None:
    path, name = _photo_project(tmp_path, b"abc", folder=True)
    for child in (path / "assets").iterdir():
        child.unlink()
    (path / "assets").rmdir()
    (path / "assets").write_bytes(b"not a folder")
    opened = load_project(path)
    assert name not in opened.assets and opened.pages[0].frames[0].asset == name


def _real_path_failing_for(name: str, problem: OSError):
    real_path = project.real_path

    def failing(path: Path, strict: bool = False) -> str:
        if Path(path).name == name:
            raise problem
        return real_path(path, strict=strict)
    return failing


def test_a_photo_link_going_round_in_a_loop_is_a_placeholder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path, name = _photo_project(tmp_path, b"abc", folder=True)
    monkeypatch.setattr(project, "real_path", _real_path_failing_for(name, OSError(errno.ELOOP, "loop")))
    assert name not in load_project(path).assets


def test_a_photo_the_system_cannot_look_at_refuses_the_project_with_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, name = _photo_project(tmp_path, b"abc", folder=True)
    monkeypatch.setattr(project, "real_path", _real_path_failing_for(name, OSError(errno.EIO, "I/O error")))
    assert _refusal(path) == "无法打开“第28期”：读取失败（读写磁盘时出错（磁盘或网络可能有故障））。"


def test_a_folder_photo_at_its_limit_opens_and_one_byte_more_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(project, "MAX_ASSET_BYTES", 3)
    path, name = _photo_project(tmp_path, b"abc", folder=True)
    assert load_project(path).assets[name] == b"abc"
    (path / "assets" / name).write_bytes(b"abcd")
    assert _refusal(path) == f"无法打开“第28期”：其中的图片 {name} 过大（超过 1 KB），已拒绝打开。"


def test_a_folder_photo_not_named_by_its_hash_is_known_by_its_size_and_time(tmp_path: Path) -> None:
    folder = tmp_path / "第28期"
    (folder / "assets").mkdir(parents=True)
    name = "0123456789abcdef.jpg"  # another tool's name: not the photo's hash, so only size and time tell
    data = encode_document(Document(pages=[Page(id="p", frames=[
        ImageFrame(id="photo", x_pt=10, y_pt=10, width_pt=100, height_pt=75, asset=name)])]))
    data["document"]["assets"] = [name]
    (folder / "document.json").write_text(json.dumps(data), encoding="utf-8")
    photo = folder / "assets" / name
    photo.write_bytes(b"abcdef")
    os.utime(photo, ns=(1_600_000_000_123_456_789, 1_600_000_000_123_456_789))
    photos = load_project(folder).assets
    assert photos.byte_size(name) == 6 and photos[name] == b"abcdef"
    photos = load_project(folder).assets
    # Touched a microsecond later (NTFS keeps 100 ns, ext4 1 ns): maybe not the same photo.
    os.utime(photo, ns=(1_600_000_000_123_457_789, 1_600_000_000_123_457_789))
    with pytest.raises(PhotoUnavailable):
        photos[name]


@pytest.mark.parametrize("change", ["folder", "too large"])
def test_a_folder_photo_replaced_after_opening_is_unavailable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    path, name = _photo_project(tmp_path, b"abc", folder=True)
    photos = load_project(path).assets
    photo = path / "assets" / name
    if change == "folder":
        photo.unlink()
        photo.mkdir()
    else:
        monkeypatch.setattr(project, "MAX_ASSET_BYTES", 2)
    with pytest.raises(PhotoUnavailable) as unavailable:
        photos[name]
    assert unavailable.value.message == f"项目文件夹“第28期”中已没有图片 {name}，或它已被其他程序改动。请重新打开项目。"


def test_a_zip_photo_reads_back_from_the_file_it_was_opened_from(tmp_path: Path) -> None:
    data = os.urandom(5000)
    path, name = _photo_project(tmp_path, data, folder=False)
    photos = load_project(path).assets
    assert photos.source_path == path
    assert photos[name] == data


@pytest.mark.parametrize(("assets", "message"), [
    ([7], "项目文件内容有误：document.assets[0] 应为文字。"),
    ("abc", "项目文件内容有误：document.assets 应为列表。"),
    ({"0123456789abcdef.jpg": 1}, "项目文件内容有误：document.assets 应为列表。"),
    (None, "项目文件内容有误：document 应为对象。"),
])
@pytest.mark.parametrize("folder", [False, True], ids=["zip", "folder"])
def test_a_malformed_photo_list_is_refused_by_what_is_wrong_with_it(
    tmp_path: Path, assets: object, message: str, folder: bool
) -> None:
    data = encode_document(Document())
    if assets is None:
        data["document"] = []
    else:
        data["document"]["assets"] = assets
    raw = json.dumps(data).encode("utf-8")
    if folder:
        path = tmp_path / "第28期"
        path.mkdir()
        (path / "document.json").write_bytes(raw)
    else:
        path = _zip_with_names_changed(tmp_path, {"document.json": raw}, {})
    assert _refusal(path) == message


def test_a_folder_listing_as_many_photos_as_a_project_may_hold_reads_them_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(project, "MAX_MEMBERS", 2)
    photos = [b"first", b"second"]
    names = [asset_name(photo, ".jpg") for photo in photos]
    frames = [ImageFrame(id=f"photo{n}", x_pt=10, y_pt=10, width_pt=100, height_pt=75, asset=name)
              for n, name in enumerate(names)]
    save_project_folder(Document(pages=[Page(id="p", frames=frames)], assets=dict(zip(names, photos, strict=True))),
                        tmp_path / "第28期")
    opened = load_project(tmp_path / "第28期")
    assert [opened.assets[name] for name in names] == photos


def test_a_project_the_system_says_is_no_regular_file_is_refused_saying_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _zip_with_names_changed(tmp_path, {"document.json": _document_json()}, {})
    monkeypatch.setattr(project, "stat", types.SimpleNamespace(S_ISREG=lambda mode: False))  # a device, a pipe
    assert _refusal(path) == "无法打开“第28期.banmian”：这不是普通文件（可能是管道或设备），已拒绝打开。"


def test_a_link_to_nothing_is_refused_saying_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dangling = tmp_path / "第28期.banmian"
    monkeypatch.setattr(Path, "is_symlink", lambda self: self == dangling)
    assert _refusal(dangling) == "无法打开“第28期.banmian”：这是一个指向不存在位置或形成循环的链接。"


def test_a_folder_without_a_name_is_named_by_its_path(tmp_path: Path) -> None:
    root = Path(tmp_path.anchor)
    assert _refusal(root) == f"无法打开“{root}”：文件夹中没有 document.json，不是 Banmian 项目。"


def test_a_number_of_five_thousand_digits_is_refused_naming_its_field(tmp_path: Path) -> None:
    raw = json.dumps(encode_document(Document())).replace(
        '"page_width_pt": 595.2755905511812', '"page_width_pt": ' + "1" * 5000).encode("utf-8")
    path = _zip_with_names_changed(tmp_path, {"document.json": raw}, {})
    assert _refusal(path) == "项目文件内容有误：document.page_width_pt 数值过大（5000 位数字）。"


def _real_path_like_a_dangling_link(name: str, outside: Path):
    """``real_path`` as it answers for ``name``, a link to a file outside that is not there."""
    real_path = project.real_path

    def dangling(path: Path, strict: bool = False) -> str:
        if Path(path).name == name:
            if strict:
                raise FileNotFoundError(errno.ENOENT, "No such file or directory", str(path))
            return str(outside)
        return real_path(path, strict=strict)
    return dangling


def test_a_photo_link_to_nothing_outside_is_a_placeholder_not_a_refusal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, name = _photo_project(tmp_path, b"abc", folder=True)
    monkeypatch.setattr(project, "real_path", _real_path_like_a_dangling_link(name, tmp_path / "别处" / name))
    assert name not in load_project(path).assets


def test_a_document_json_link_to_nothing_outside_is_a_folder_without_document_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, _ = _photo_project(tmp_path, b"abc", folder=True)
    monkeypatch.setattr(project, "real_path", _real_path_like_a_dangling_link("document.json", tmp_path / "x.json"))
    assert _refusal(path) == "无法打开“第28期”：文件夹中没有 document.json，不是 Banmian 项目。"


def test_a_project_folder_gone_as_it_is_opened_is_refused_with_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, _ = _photo_project(tmp_path, b"abc", folder=True)
    monkeypatch.setattr(project, "real_path", _real_path_like_a_dangling_link("第28期", tmp_path / "别处"))
    assert _refusal(path) == "无法打开“第28期”：无法读取项目文件夹（找不到文件或文件夹）。"
