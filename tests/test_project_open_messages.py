"""What opening a project says when it refuses, word for word, and how photos are named.

Each refusal is a one-line Chinese message naming the project; these pin the exact text a
user reads for the cases ``tests/test_project_file.py`` checks only by type or fragment:
a document.json that is not UTF-8, has too many values or is a folder, a photo too large in
a folder project, a document.json whose real path leaves the folder, a folder that cannot be
resolved, a photo member that turned unreadable after opening. Expected texts and names are
written out here (the SHA-256 of ``abc`` is the FIPS 180-2 test vector).
"""

from __future__ import annotations

import errno
import io
import logging
import os
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from editor.errors import ProjectFileError
from editor.io import project
from editor.io.lazy_assets import PhotoUnavailable
from editor.io.project import asset_name, load_project, save_project, save_project_folder
from editor.model import Document, ImageFrame, Page

#: SHA-256("abc"), FIPS 180-2 appendix B.1.
SHA256_OF_ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 3), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def _one_photo_document() -> tuple[Document, str]:
    data = _png()
    name = asset_name(data, ".png")
    frame = ImageFrame(id="photo", x_pt=10, y_pt=10, width_pt=100, height_pt=75, asset=name)
    return Document(pages=[Page(id="p", frames=[frame])], assets={name: data}), name


def _folder_with_document_json(tmp_path: Path, raw: bytes) -> Path:
    folder = tmp_path / "期刊"
    folder.mkdir()
    (folder / "document.json").write_bytes(raw)
    return folder


def _refusal(path: Path) -> str:
    with pytest.raises(ProjectFileError) as refused:
        load_project(path)
    return refused.value.message


def test_a_photo_is_stored_under_the_first_32_hex_digits_of_its_sha256() -> None:
    assert asset_name(b"abc", ".PNG") == SHA256_OF_ABC[:32] + ".png"
    assert asset_name(b"abc", "jpeg") == SHA256_OF_ABC[:32] + ".jpg"
    assert asset_name(b"abc", ".psd") == SHA256_OF_ABC[:32] + ".bin"


def test_a_document_json_that_is_not_utf8_is_refused_saying_so(tmp_path: Path) -> None:
    folder = _folder_with_document_json(tmp_path, '{"format": "版面"}'.encode("gb18030"))
    assert _refusal(folder) == "无法打开“期刊”：document.json 不是 UTF-8 文本，文件可能已损坏。"


def test_a_document_json_of_over_a_million_values_is_refused_before_parsing(tmp_path: Path) -> None:
    # A flat list: its 1,000,001 values are counted by their commas alone.
    folder = _folder_with_document_json(tmp_path, b"[" + b"0," * 1_000_000 + b"0]")
    assert _refusal(folder) == "无法打开“期刊”：document.json 中的条目过多（超过 1,000,000 个），已拒绝打开。"


def test_a_document_json_that_is_a_folder_is_refused_as_not_a_regular_file(tmp_path: Path) -> None:
    folder = tmp_path / "期刊"
    (folder / "document.json").mkdir(parents=True)
    assert _refusal(folder) == "无法打开“期刊”：document.json 不是普通文件（可能是文件夹、管道或设备），已拒绝打开。"


def test_a_photo_over_256_mb_in_a_folder_project_is_refused_naming_the_limit(tmp_path: Path) -> None:
    doc, name = _one_photo_document()
    folder = tmp_path / "期刊"
    save_project_folder(doc, folder)
    with (folder / "assets" / name).open("r+b") as handle:
        handle.truncate(256 * 1024 * 1024 + 1)  # sparse: nothing is written
    assert _refusal(folder) == f"无法打开“期刊”：其中的图片 {name} 过大（超过 256 MB），已拒绝打开。"


def test_a_project_folder_whose_real_path_cannot_be_found_is_refused_with_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _folder_with_document_json(tmp_path, b"{}")

    def failing_real_path(path: Path, strict: bool = False) -> str:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(project, "real_path", failing_real_path)
    assert _refusal(folder) == "无法打开“期刊”：无法读取项目文件夹（读写磁盘时出错（磁盘或网络可能有故障））。"


def _recompress(path: Path, member: str, compression: int) -> None:
    """Write the zip again with ``member`` compressed by ``compression`` (the others as they were)."""
    with zipfile.ZipFile(path) as archive:
        members = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w") as archive:
        for info, blob in members:
            archive.writestr(info.filename, blob,
                             compress_type=compression if info.filename == member else info.compress_type)


def test_a_photo_member_changed_to_an_unsupported_compression_after_opening_is_unavailable(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    doc, name = _one_photo_document()
    path = tmp_path / "相册.banmian"
    save_project(doc, path)
    opened = load_project(path)
    _recompress(path, f"assets/{name}", zipfile.ZIP_BZIP2)
    expected = f"无法打开“相册.banmian”：其中的 assets/{name} 使用了不支持的压缩方式。"
    with pytest.raises(PhotoUnavailable) as raised:
        opened.assets[name]
    assert raised.value.message == expected
    with caplog.at_level(logging.WARNING, logger="editor.io.lazy_assets"):
        assert opened.assets.get(name) is None
    assert caplog.messages == [f"photo {name} unavailable: {expected}"]



def test_a_document_json_whose_real_path_leaves_the_folder_is_refused_saying_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _folder_with_document_json(tmp_path, b"{}")
    real_path = project.real_path

    def document_elsewhere(path: Path, strict: bool = False) -> str:
        # What a link named document.json pointing at another folder resolves to.
        if Path(path).name == "document.json":
            return real_path(tmp_path, strict=True) + os.sep + "elsewhere.json"
        return real_path(path, strict=strict)

    monkeypatch.setattr(project, "real_path", document_elsewhere)
    assert _refusal(folder) == "无法打开“期刊”：document.json 是指向项目文件夹以外的链接，已拒绝打开。"



def test_a_document_json_of_a_million_nested_lists_is_refused_before_parsing(tmp_path: Path) -> None:
    # No commas at all: the 1,000,001 values are counted by their opening brackets.
    folder = _folder_with_document_json(tmp_path, b"[" * 1_000_001 + b"]" * 1_000_001)
    assert _refusal(folder) == "无法打开“期刊”：document.json 中的条目过多（超过 1,000,000 个），已拒绝打开。"
