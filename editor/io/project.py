"""Project files: one ``.banmian`` zip, or the same content as a folder.

A project holds ``document.json`` (see ``docs/format.md``) and the original
photos under ``assets/``, each named by its content hash so that the same
photo placed twice is stored once and a name can never collide.

Reading never writes anything and never trusts the file: member names are
checked against a strict pattern (no ``../``, no absolute paths, no NUL),
sizes and expansion ratios are checked before anything is inflated and
capped while reading (a zip's declared sizes can lie), the values of
``document.json`` are counted before Python builds them, a folder project
is read through ``read_regular_file`` and never through a link that leaves
the folder, and the codec checks every value against the model's limits.
Every problem becomes one ``ProjectFileError`` with a Chinese message.
Saving is atomic.

Photos are not read when a project opens: the document's ``assets`` is an
``editor.io.lazy_assets.ProjectPhotos`` that reads each photo from the file
when it is asked for (``ZipPhotos``, ``FolderPhotos``), checked against the
size and fingerprint the file declared at opening; a save points it at the
file just written.
"""

from __future__ import annotations

import errno
import hashlib
import io
import json
import os
import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from editor.errors import ProjectFileError, display_name, size_text
from editor.io.atomic import write_atomically
from editor.io.file_names import real_path
from editor.io.lazy_assets import MemberEnds, PhotoUnavailable, ProjectPhotos, StoredPhoto, ZipMemberEnds
from editor.io.os_errors import os_error_reason
from editor.io.regular_files import FileTooLargeError, NotRegularFileError, read_regular_file
from editor.model.codec import decode_document, encode_document, parse_json_int
from editor.model.document import Document
from editor.model.limits import MAX_ASSET_BYTES, MAX_PHOTOS_BYTES

DOCUMENT_MEMBER = "document.json"
ASSETS_FOLDER = "assets"
PROJECT_SUFFIX = ".banmian"

MIB = 1024 * 1024
MAX_DOCUMENT_JSON_BYTES = 64 * MIB
#: All members together: ``document.json`` and the photos at their largest (a project file
#: on disk, its photos stored, is never larger).
MAX_TOTAL_BYTES = MAX_DOCUMENT_JSON_BYTES + MAX_PHOTOS_BYTES
MAX_MEMBERS = 10_000
#: Values in ``document.json`` (objects, lists, numbers, strings): the largest document the
#: limits allow has about 300,000; Python needs 20 to 70 bytes for each.
MAX_JSON_VALUES = 1_000_000
#: A photo member that deflates more than this many times over is a zip bomb …
MAX_PHOTO_EXPANSION = 20
#: … once it is bigger than this (a tiny flat-colour BMP may deflate well).
_BOMB_MIN_BYTES = MIB

#: Extensions an asset name may end with; ``bin`` is for a photo whose own
#: extension is missing or unknown (its content is sniffed when it is drawn).
ASSET_EXTENSIONS = ("jpg", "jpeg", "png", "webp", "tif", "tiff", "bmp", "gif", "heic", "heif", "bin")
#: ``\Z``, not ``$``: ``$`` would also accept a name ending in a newline.
ASSET_NAME = re.compile(r"^[0-9a-f]{16,64}\.(" + "|".join(ASSET_EXTENSIONS) + r")\Z")
#: What ``zipfile`` raises for a damaged or foreign archive (besides ``OSError``):
#: a bad header version, a broken deflate stream, an encrypted member.
_DAMAGED_ZIP_ERRORS = (
    zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError, RuntimeError, zlib.error,
    ValueError, struct.error,  # a name that is not UTF-8 although flagged so; a field cut short
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
    return display_name(path.name or str(path))


def _refuse(project: Path, reason: str) -> ProjectFileError:
    return ProjectFileError(f"无法打开“{_display(project)}”：{reason}")


def _json_values_at_most(raw: bytes) -> int:
    """How many values (objects, lists, numbers, strings …) the JSON text can hold at most.

    Every value but the first of a list or object follows a comma, so commas
    plus brackets bound the count. Commas and brackets inside strings only
    add to it, and the text limits keep that small (the 200,000 characters of
    text and the short names): the largest document the limits allow has
    about 300,000 values, far below ``MAX_JSON_VALUES``. Counting the raw
    bytes builds nothing — cutting the strings out first with a regular
    expression built one piece per string, 380 MB for a 21 MB file.
    """
    return raw.count(b",") + raw.count(b"[") + raw.count(b"{") + 1


def _parse_document_json(raw: bytes, path: Path) -> Any:
    """The parsed JSON; integers too long for any field are kept as markers the codec refuses.

    A file of nothing but ``[{},{},…]`` would take 24 bytes of memory for each
    byte it holds, so the values are counted before Python builds them.
    """
    if _json_values_at_most(raw) > MAX_JSON_VALUES:
        raise _refuse(path, f"document.json 中的条目过多（超过 {MAX_JSON_VALUES:,} 个），已拒绝打开。")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as problem:
        raise _refuse(path, "document.json 不是 UTF-8 文本，文件可能已损坏。") from problem
    try:
        return json.loads(text, parse_int=parse_json_int)
    except RecursionError as problem:
        raise _refuse(path, "document.json 嵌套层次过深，不是有效的项目文件。") from problem
    except ValueError as problem:
        raise _refuse(path, "document.json 不是有效的 JSON，文件可能不完整或已损坏。") from problem


def _asset_names_in(data: Any) -> list[str]:
    """The photo names ``document.json`` lists; nothing if it is malformed (decoding says why)."""
    body = data.get("document") if isinstance(data, dict) else None
    names = body.get("assets") if isinstance(body, dict) else None  # missing: not a list, so none
    if not isinstance(names, list) or len(names) > MAX_MEMBERS:
        return []
    return [name for name in names if isinstance(name, str)]


def _check_photo_total(project: Path, stored: dict[str, StoredPhoto]) -> dict[str, StoredPhoto]:
    """``stored``, if the photos' declared sizes together keep within ``MAX_PHOTOS_BYTES``."""
    if sum(photo.size for photo in stored.values()) > MAX_PHOTOS_BYTES:
        raise _refuse(project, f"项目中的图片合计过大（超过 {size_text(MAX_PHOTOS_BYTES)}），已拒绝打开。")
    return stored


def _with_photos(data: Any, photos: ProjectPhotos) -> Document:
    """The document ``data`` describes, its photos read from the file when asked."""
    doc = decode_document(data, {})  # {}: decoding reads no photo; the listed ones follow
    doc.assets = photos
    return doc


# ---------------------------------------------------------------- zip projects


def _read_zip_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path) -> bytes:
    """A member's bytes, never more than its header declares (``_check_member`` bounded that)."""
    with archive.open(info) as member:
        return _read_bounded(member, info, path)


def _read_bounded(member: BinaryIO, info: zipfile.ZipInfo, path: Path) -> bytes:
    """What an opened member holds, refused if more than its header declares."""
    # Ask for no more than the header declares (plus one byte, to notice a
    # lie): zipfile inflates as much as is asked for in one go, so asking
    # for ``limit`` would let a member whose header understates its size
    # fill memory up to the limit.
    data = member.read(info.file_size + 1)
    if len(data) > info.file_size:
        raise _refuse(path, f"其中的 {display_name(info.filename)} 解压后过大，已拒绝打开。")
    return data


def _check_member(info: zipfile.ZipInfo, path: Path, archive_bytes: int) -> None:
    """Refuse a member whose name, compression or expansion is not what a project holds."""
    if info.header_offset + info.compress_size > archive_bytes:
        # Its data would end past the end of the file: the header lies (a zip bomb
        # declaring a large compressed size to pass the expansion check) or the file is cut.
        raise _refuse(path, "文件不完整或已损坏。")
    if "\x00" in info.orig_filename:
        # zipfile cuts a name at a NUL; no tool writes one, so the directory is damaged.
        raise _refuse(path, "文件不完整或已损坏。")
    name = info.filename
    folder, _, leaf = name.partition("/")
    if name != DOCUMENT_MEMBER and not (folder == ASSETS_FOLDER and ASSET_NAME.match(leaf)):
        raise _refuse(path, f"文件中含有不安全或未知的条目“{display_name(name)}”，已拒绝打开。")
    if info.compress_type not in _COMPRESSIONS:
        raise _refuse(path, f"其中的 {display_name(name)} 使用了不支持的压缩方式。")
    limit = MAX_DOCUMENT_JSON_BYTES if name == DOCUMENT_MEMBER else MAX_ASSET_BYTES
    if info.file_size > limit:
        raise _refuse(path, f"其中的 {display_name(name)} 过大（解压后超过 {size_text(limit)}），已拒绝打开。")
    if name != DOCUMENT_MEMBER and info.file_size > _BOMB_MIN_BYTES \
            and info.file_size > MAX_PHOTO_EXPANSION * max(info.compress_size, 1):
        # Photos are compressed already (we store them as they are): one that
        # deflates twentyfold or more is a zip bomb, refused before it is inflated.
        raise _refuse(path, f"其中的 {display_name(name)} 压缩比异常（疑似压缩炸弹），已拒绝打开。")


def _members(archive: zipfile.ZipFile, path: Path) -> dict[str, zipfile.ZipInfo]:
    """The project's members by name, each checked; the declared sizes within the limits."""
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise _refuse(path, "文件包含的条目过多，已拒绝打开。")
    by_name: dict[str, zipfile.ZipInfo] = {}
    archive_bytes = os.fstat(archive.fp.fileno()).st_size if archive.fp is not None else 0
    for info in infos:
        name = info.filename  # not ZipInfo.is_dir(): a name cut to nothing at a NUL has no last character
        if name.endswith("/") and name.rstrip("/") == ASSETS_FOLDER and "\x00" not in info.orig_filename:
            continue
        _check_member(info, path, archive_bytes)
        by_name[info.filename] = info
    if DOCUMENT_MEMBER not in by_name:
        raise _refuse(path, "这不是 Banmian 项目文件（缺少 document.json）。")
    if sum(info.file_size for info in by_name.values()) > MAX_TOTAL_BYTES:
        raise _refuse(path, f"项目过大（解压后超过 {size_text(MAX_TOTAL_BYTES)}），已拒绝打开。")
    return by_name


def _stored_in_zip(by_name: dict[str, zipfile.ZipInfo], names: list[str]) -> dict[str, StoredPhoto]:
    """The listed photos the zip holds (a missing one shows as a placeholder), as its directory declares them."""
    stored: dict[str, StoredPhoto] = {}
    for name in names:
        info = by_name.get(f"{ASSETS_FOLDER}/{name}")
        if info is not None:
            stored[name] = StoredPhoto(info.file_size, (info.file_size, info.CRC))
    return stored


def _load_zip(path: Path) -> Document:
    try:
        archive = zipfile.ZipFile(path, "r")
    except _DAMAGED_ZIP_ERRORS as problem:
        raise _refuse(path, "这不是 Banmian 项目文件，或文件不完整、已损坏。") from problem
    with archive:
        by_name = _members(archive, path)
        try:
            raw = _read_zip_member(archive, by_name[DOCUMENT_MEMBER], path)
        except _DAMAGED_ZIP_ERRORS as problem:
            raise _refuse(path, "文件不完整或已损坏。") from problem
    data = _parse_document_json(raw, path)
    del raw
    stored = _check_photo_total(path, _stored_in_zip(by_name, _asset_names_in(data)))
    return _with_photos(data, ProjectPhotos(ZipPhotos(path), stored))


class ZipPhotos:
    """Photos read from a ``.banmian`` zip: opened, checked, read and closed each time; the zip's
    directory is parsed once per version of the file, not once a photo (1.2 s of an export of 200)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._ends = ZipMemberEnds(path)

    def read_ends(self, name: str, head_bytes: int, tail_bytes: int) -> MemberEnds | None:
        """A photo's first and last bytes (``ProjectPhotos.photo_ends``: what the layout measures)."""
        return self._ends.read(f"{ASSETS_FOLDER}/{name}", head_bytes, tail_bytes)

    def read(self, name: str) -> tuple[bytes, tuple[int, int]]:
        """A photo's bytes and (size, CRC-32), found through the zip's directory as ``read_ends`` last read
        it (once per version of the file: ``ZipMemberEnds.locate``), checked as ``_load_zip`` checks members."""
        member = f"{ASSETS_FOLDER}/{name}"
        try:
            with open(self.path, "rb") as handle:
                info, start = self._ends.locate(handle, member)
                if info is None:
                    raise KeyError(member)
                _check_member(info, self.path, os.fstat(handle.fileno()).st_size)
                if start is None:
                    raise zipfile.BadZipFile(f"no local header for {member}")
                handle.seek(start)
                with zipfile.ZipExtFile(handle, "r", info) as stream:  # inflates and checks the CRC-32
                    return _read_bounded(stream, info, self.path), (info.file_size, info.CRC)
        except KeyError as problem:
            raise PhotoUnavailable(f"项目“{_display(self.path)}”中已没有图片 {name}，"
                                   "文件可能已被其他程序改动。请重新打开项目。") from problem
        except ProjectFileError as problem:
            raise PhotoUnavailable(problem.message) from problem
        except _DAMAGED_ZIP_ERRORS as problem:
            raise PhotoUnavailable(f"无法读取项目“{_display(self.path)}”中的图片 {name}："
                                   "文件不完整或已损坏。") from problem


# ---------------------------------------------------------------- folder projects


def _real_path_inside(root: str, path: Path) -> str:
    """The real path of ``path``, which must lie inside the folder ``root`` (a real path).

    Raises ``FileNotFoundError`` when it does not exist, ``_LinkLeaves``
    when a link takes it outside ``root``, ``OSError`` (ELOOP) for a loop.
    """
    real = real_path(path, strict=True)
    if os.path.commonpath([root, real]) != root:
        raise _LinkLeaves(real)
    return real


class _LinkLeaves(OSError):
    """A link in a folder project points outside the folder."""


def _read_document_in_folder(root: str, folder: Path) -> bytes:
    document_path = folder / DOCUMENT_MEMBER
    try:
        real = _real_path_inside(root, document_path)
        return read_regular_file(real, MAX_DOCUMENT_JSON_BYTES)
    except FileNotFoundError as problem:
        raise _refuse(folder, "文件夹中没有 document.json，不是 Banmian 项目。") from problem
    except _LinkLeaves as problem:
        raise _refuse(folder, "document.json 是指向项目文件夹以外的链接，已拒绝打开。") from problem
    except NotRegularFileError as problem:
        raise _refuse(folder, "document.json 不是普通文件（可能是文件夹、管道或设备），已拒绝打开。") from problem
    except FileTooLargeError as problem:
        raise _refuse(folder, f"其中的 document.json 过大（超过 {size_text(MAX_DOCUMENT_JSON_BYTES)}），已拒绝打开。") from problem
    except OSError as problem:
        raise _refuse(folder, f"无法读取 document.json（{os_error_reason(problem)}）。") from problem


def _folder_fingerprint(info: os.stat_result) -> tuple[int, int]:
    return info.st_size, info.st_mtime_ns


def _stored_in_folder(root: str, folder: Path, name: str) -> StoredPhoto | None:
    """Where a photo is, or None when it is missing, not a file, or a link going round in a
    loop (the frame then shows a placeholder, as for a lost photo). A link leaving the folder
    (the photo's, or ``assets/`` itself) refuses the project, as for ``document.json``: a
    project someone sent must not pull another file of this computer into an export."""
    try:
        info = os.stat(_real_path_inside(root, folder / ASSETS_FOLDER / name))
    except (FileNotFoundError, NotADirectoryError):
        return None
    except _LinkLeaves as problem:
        raise _refuse(folder, f"其中的图片 {name} 是指向项目文件夹以外的链接，已拒绝打开。") from problem
    except OSError as problem:
        if problem.errno == errno.ELOOP:
            return None
        raise
    if not stat.S_ISREG(info.st_mode):
        return None
    if info.st_size > MAX_ASSET_BYTES:
        raise _refuse(folder, f"其中的图片 {name} 过大（超过 {size_text(MAX_ASSET_BYTES)}），已拒绝打开。")
    return StoredPhoto(info.st_size, _folder_fingerprint(info))


def _stored_photos_in_folder(root: str, folder: Path, names: list[str]) -> dict[str, StoredPhoto]:
    stored: dict[str, StoredPhoto] = {}
    for name in names:
        if not ASSET_NAME.match(name):
            raise _refuse(folder, f"图片名“{display_name(name)}”不合规，已拒绝打开。")
        if name not in stored:
            photo = _stored_in_folder(root, folder, name)
            if photo is not None:
                stored[name] = photo
    return stored


def _load_folder(folder: Path) -> Document:
    try:
        root = real_path(folder, strict=True)
    except OSError as problem:
        raise _refuse(folder, f"无法读取项目文件夹（{os_error_reason(problem)}）。") from problem
    data = _parse_document_json(_read_document_in_folder(root, folder), folder)
    stored = _check_photo_total(folder, _stored_photos_in_folder(root, folder, _asset_names_in(data)))
    return _with_photos(data, ProjectPhotos(FolderPhotos(root, folder), stored))


class FolderPhotos:
    """Photos read from a project folder's ``assets/``, never through a link leaving the folder."""

    def __init__(self, root: str, folder: Path) -> None:
        self.root = root
        self.path = folder

    def read(self, name: str) -> tuple[bytes, tuple[int, int]]:
        try:
            real = _real_path_inside(self.root, self.path / ASSETS_FOLDER / name)
            data = read_regular_file(real, MAX_ASSET_BYTES)
            return data, _folder_fingerprint(os.stat(real))
        except (FileNotFoundError, NotADirectoryError, NotRegularFileError, _LinkLeaves, FileTooLargeError) as problem:
            raise PhotoUnavailable(f"项目文件夹“{_display(self.path)}”中已没有图片 {name}，"
                                   "或它已被其他程序改动。请重新打开项目。") from problem


def load_project(path: str | Path) -> Document:
    """Open a ``.banmian`` zip or project folder. Never modifies it."""
    path = Path(path)
    try:
        if path.is_dir():
            return _load_folder(path)
        if not path.exists():
            if path.is_symlink():
                raise _refuse(path, "这是一个指向不存在位置或形成循环的链接。")
            raise ProjectFileError(f"找不到项目文件“{display_name(path)}”。")
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise _refuse(path, "这不是普通文件（可能是管道或设备），已拒绝打开。")
        if info.st_size == 0:
            raise _refuse(path, "文件是空的（0 字节），可能在保存时被中断。")
        return _load_zip(path)
    except PermissionError as problem:
        raise _refuse(path, "没有读取权限。") from problem
    except MemoryError as problem:
        raise _refuse(path, "文件过大，内存不足。") from problem
    except OSError as problem:
        raise _refuse(path, f"读取失败（{os_error_reason(problem)}）。") from problem


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
    """Save atomically as a ``.banmian`` zip; the old file survives any failure.

    Photos read lazily come from the file the document was opened from (or
    last saved to) while the new one is written; afterwards they are read
    from the new one (``_read_photos_from``).
    """
    path = Path(path)
    if path.is_dir():
        save_project_folder(doc, path)
        return
    write_atomically(path, lambda handle: write_project_zip(doc, handle))
    _read_photos_from(doc, lambda: ZipPhotos(path))


def _read_photos_from(doc: Document, source: Callable[[], ZipPhotos | FolderPhotos]) -> None:
    """After a save: ``doc``'s photos are read from the saved project, and those added are let go.

    A plain ``dict`` of photos (a document built in code) stays as it is. If
    the saved project cannot be listed again, the photos stay where they were
    read from (a zip member's fingerprint is its size and CRC, so a photo
    read from the same path after the save still matches).
    """
    if not isinstance(doc.assets, ProjectPhotos):
        return
    try:
        target = source()
        if isinstance(target, ZipPhotos):
            with zipfile.ZipFile(target.path, "r") as archive:
                stored = _stored_in_zip({info.filename: info for info in archive.infolist()}, list(doc.assets))
        else:
            stored = _stored_photos_in_folder(target.root, target.path, list(doc.assets))
    except (OSError, ProjectFileError, *_DAMAGED_ZIP_ERRORS):
        return
    doc.assets.now_stored_in(target, stored)


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
    for name in doc.assets:
        target = assets_folder / name
        if not target.exists():  # only then is the photo read (from the project it was opened from)
            write_atomically(target, lambda handle, name=name: handle.write(doc.assets[name]))
    write_atomically(folder / DOCUMENT_MEMBER, lambda handle: handle.write(document_json_bytes(doc)))
    for stale in assets_folder.iterdir():
        if stale.is_file() and ASSET_NAME.match(stale.name) and stale.name not in doc.assets:
            stale.unlink()
    _read_photos_from(doc, lambda: FolderPhotos(real_path(folder, strict=True), folder))
