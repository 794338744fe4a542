"""Project files: one ``.banmian`` zip, or the same content as a folder.

A project holds ``document.json`` (see ``docs/format.md``) and the original
photos under ``assets/``, each named by its content hash so that the same
photo placed twice is stored once and a name can never collide.

Reading never writes anything and never trusts the file: member names are
checked against a strict pattern (no ``../``, no absolute paths), sizes are
capped while reading (a zip's declared sizes can lie), and every problem
becomes one ``ProjectFileError`` with a Chinese message. Saving is atomic.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
import zlib
from pathlib import Path
from typing import Any, BinaryIO

from editor.errors import ProjectFileError
from editor.io.atomic import write_atomically
from editor.model.codec import decode_document, encode_document
from editor.model.document import Document

DOCUMENT_MEMBER = "document.json"
ASSETS_FOLDER = "assets"
PROJECT_SUFFIX = ".banmian"

MAX_DOCUMENT_JSON_BYTES = 32 * 1024 * 1024
MAX_ASSET_BYTES = 256 * 1024 * 1024
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
MAX_MEMBERS = 10_000

#: Extensions an asset name may end with; ``bin`` is for a photo whose own
#: extension is missing or unknown (its content is sniffed when it is drawn).
ASSET_EXTENSIONS = ("jpg", "jpeg", "png", "webp", "tif", "tiff", "bmp", "gif", "heic", "heif", "bin")
#: ``\Z``, not ``$``: ``$`` would also accept a name ending in a newline.
ASSET_NAME = re.compile(r"^[0-9a-f]{16,64}\.(" + "|".join(ASSET_EXTENSIONS) + r")\Z")
#: What ``zipfile`` raises for a damaged or foreign archive (besides ``OSError``):
#: a bad header version, a broken deflate stream, an encrypted member.
_DAMAGED_ZIP_ERRORS = (
    zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError, RuntimeError, zlib.error,
)
#: The only compression methods we write; others (bzip2, LZMA) are refused up front.
_COMPRESSIONS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
#: Fixed zip timestamps make saving the same document give the same bytes.
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def asset_name(data: bytes, suffix: str) -> str:
    """The name a photo is stored under: a content hash plus its extension.

    An unknown or missing extension becomes ``bin`` so that every name this
    returns is one ``ASSET_NAME`` accepts: a saved project always reopens.
    """
    extension = suffix.lower().lstrip(".")
    if extension == "jpeg":
        extension = "jpg"
    if extension not in ASSET_EXTENSIONS:
        extension = "bin"
    return f"{hashlib.sha256(data).hexdigest()[:32]}.{extension}"


def _display(path: Path) -> str:
    return path.name or str(path)


def _parse_document_json(raw: bytes, path: Path) -> Any:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as problem:
        raise ProjectFileError(f"无法打开“{_display(path)}”：document.json 不是 UTF-8 文本，文件可能已损坏。") from problem
    try:
        return json.loads(text)
    except RecursionError as problem:
        raise ProjectFileError(f"无法打开“{_display(path)}”：document.json 嵌套层次过深，不是有效的项目文件。") from problem
    except ValueError as problem:
        raise ProjectFileError(f"无法打开“{_display(path)}”：document.json 不是有效的 JSON，文件可能不完整或已损坏。") from problem


def _asset_names_in(data: Any) -> list[str]:
    """The photo names ``document.json`` lists; nothing if it is malformed (decoding says why)."""
    body = data.get("document") if isinstance(data, dict) else None
    names = body.get("assets", []) if isinstance(body, dict) else []
    if not isinstance(names, list):
        return []
    return [name for name in names if isinstance(name, str)]


def _read_zip_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, path: Path) -> bytes:
    if info.file_size > limit:
        raise ProjectFileError(f"无法打开“{_display(path)}”：其中的 {info.filename} 过大，已拒绝打开。")
    with archive.open(info) as member:
        # Ask for no more than the header declares (plus one byte, to notice a
        # lie): zipfile inflates as much as is asked for in one go, so asking
        # for ``limit`` would let a member whose header understates its size
        # fill memory up to the limit.
        data = member.read(info.file_size + 1)
    if len(data) > info.file_size:
        raise ProjectFileError(f"无法打开“{_display(path)}”：其中的 {info.filename} 解压后过大，已拒绝打开。")
    return data


def _load_zip(path: Path) -> Document:
    try:
        archive = zipfile.ZipFile(path, "r")
    except _DAMAGED_ZIP_ERRORS as problem:
        raise ProjectFileError(f"无法打开“{_display(path)}”：这不是 Banmian 项目文件，或文件不完整、已损坏。") from problem
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            raise ProjectFileError(f"无法打开“{_display(path)}”：文件包含的条目过多，已拒绝打开。")
        by_name: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            name = info.filename
            if info.is_dir() and name.rstrip("/") == ASSETS_FOLDER:
                continue
            folder, _, leaf = name.partition("/")
            if name != DOCUMENT_MEMBER and not (folder == ASSETS_FOLDER and ASSET_NAME.match(leaf)):
                raise ProjectFileError(f"无法打开“{_display(path)}”：文件中含有不安全或未知的条目“{name}”，已拒绝打开。")
            if info.compress_type not in _COMPRESSIONS:
                raise ProjectFileError(f"无法打开“{_display(path)}”：其中的 {name} 使用了不支持的压缩方式。")
            by_name[name] = info
        if DOCUMENT_MEMBER not in by_name:
            raise ProjectFileError(f"无法打开“{_display(path)}”：这不是 Banmian 项目文件（缺少 document.json）。")
        declared_total = sum(info.file_size for info in by_name.values())
        if declared_total > MAX_TOTAL_BYTES:
            raise ProjectFileError(f"无法打开“{_display(path)}”：文件解压后过大，已拒绝打开。")
        try:
            data = _parse_document_json(
                _read_zip_member(archive, by_name[DOCUMENT_MEMBER], MAX_DOCUMENT_JSON_BYTES, path), path
            )
            assets: dict[str, bytes] = {}
            total = 0
            for name in _asset_names_in(data):
                info = by_name.get(f"{ASSETS_FOLDER}/{name}")
                if info is None:
                    continue  # a missing photo shows as a placeholder, it does not block opening
                blob = _read_zip_member(archive, info, MAX_ASSET_BYTES, path)
                total += len(blob)
                if total > MAX_TOTAL_BYTES:
                    raise ProjectFileError(f"无法打开“{_display(path)}”：文件解压后过大，已拒绝打开。")
                assets[name] = blob
        except (*_DAMAGED_ZIP_ERRORS, OSError) as problem:
            raise ProjectFileError(f"无法打开“{_display(path)}”：文件不完整或已损坏。") from problem
    return decode_document(data, assets)


def _read_capped(path: Path, limit: int, project: Path) -> bytes:
    with path.open("rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise ProjectFileError(f"无法打开“{_display(project)}”：其中的 {path.name} 过大，已拒绝打开。")
    return data


def _load_folder(folder: Path) -> Document:
    document_path = folder / DOCUMENT_MEMBER
    if not document_path.is_file():
        raise ProjectFileError(f"无法打开“{_display(folder)}”：文件夹中没有 document.json，不是 Banmian 项目。")
    data = _parse_document_json(_read_capped(document_path, MAX_DOCUMENT_JSON_BYTES, folder), folder)
    assets_folder = (folder / ASSETS_FOLDER).resolve()
    assets: dict[str, bytes] = {}
    total = 0
    for name in _asset_names_in(data):
        if not ASSET_NAME.match(name):
            raise ProjectFileError(f"无法打开“{_display(folder)}”：图片名“{name}”不合规，已拒绝打开。")
        asset_path = (assets_folder / name).resolve()
        if asset_path.parent != assets_folder or not asset_path.is_file():
            continue
        blob = _read_capped(asset_path, MAX_ASSET_BYTES, folder)
        total += len(blob)
        if total > MAX_TOTAL_BYTES:
            raise ProjectFileError(f"无法打开“{_display(folder)}”：项目过大，已拒绝打开。")
        assets[name] = blob
    return decode_document(data, assets)


def load_project(path: str | Path) -> Document:
    """Open a ``.banmian`` zip or project folder. Never modifies it."""
    path = Path(path)
    try:
        if path.is_dir():
            return _load_folder(path)
        if not path.exists():
            raise ProjectFileError(f"找不到项目文件“{path}”。")
        if path.stat().st_size == 0:
            raise ProjectFileError(f"无法打开“{_display(path)}”：文件是空的（0 字节），可能在保存时被中断。")
        return _load_zip(path)
    except PermissionError as problem:
        raise ProjectFileError(f"无法打开“{_display(path)}”：没有读取权限。") from problem
    except MemoryError as problem:
        raise ProjectFileError(f"无法打开“{_display(path)}”：文件过大，内存不足。") from problem
    except OSError as problem:
        raise ProjectFileError(f"无法打开“{_display(path)}”：读取失败（{problem.strerror or problem}）。") from problem


def document_json_bytes(doc: Document) -> bytes:
    """``document.json`` as stored: UTF-8, Chinese unescaped, stable key order."""
    return (json.dumps(encode_document(doc), ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _check_asset_names(doc: Document) -> None:
    """Refuse to save a photo under a name loading would refuse (or a path like ``../x``)."""
    for name in doc.assets:
        if not ASSET_NAME.match(name):
            raise ProjectFileError(f"无法保存：图片名“{name}”不合规（应为内容哈希加扩展名）。")


def write_project_zip(doc: Document, handle: BinaryIO) -> None:
    """Write the project as a zip to an open binary file."""
    _check_asset_names(doc)
    with zipfile.ZipFile(handle, "w") as archive:
        info = zipfile.ZipInfo(DOCUMENT_MEMBER, date_time=_ZIP_DATE)
        info.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(info, document_json_bytes(doc))
        for name in sorted(doc.assets):
            info = zipfile.ZipInfo(f"{ASSETS_FOLDER}/{name}", date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_STORED  # photos are already compressed
            archive.writestr(info, doc.assets[name])


def project_zip_bytes(doc: Document) -> bytes:
    """The project zip in memory (for autosave snapshots and tests)."""
    buffer = io.BytesIO()
    write_project_zip(doc, buffer)
    return buffer.getvalue()


def save_project(doc: Document, path: str | Path) -> None:
    """Save atomically as a ``.banmian`` zip; the old file survives any failure."""
    path = Path(path)
    if path.is_dir():
        save_project_folder(doc, path)
        return
    write_atomically(path, lambda handle: write_project_zip(doc, handle))


def save_project_folder(doc: Document, folder: str | Path) -> None:
    """Save as a folder project (``document.json`` + ``assets/``).

    Photos are written first (their names are content hashes, so an existing
    file already holds the right bytes); ``document.json`` is replaced
    atomically last, so the folder is consistent at every moment. Photos no
    longer referenced are removed afterwards.
    """
    folder = Path(folder)
    _check_asset_names(doc)
    assets_folder = folder / ASSETS_FOLDER
    assets_folder.mkdir(parents=True, exist_ok=True)
    for name, blob in doc.assets.items():
        target = assets_folder / name
        if not target.exists():
            write_atomically(target, lambda handle, blob=blob: handle.write(blob))
    write_atomically(folder / DOCUMENT_MEMBER, lambda handle: handle.write(document_json_bytes(doc)))
    for stale in assets_folder.iterdir():
        if stale.is_file() and ASSET_NAME.match(stale.name) and stale.name not in doc.assets:
            stale.unlink()
