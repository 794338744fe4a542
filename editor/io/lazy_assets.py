"""The photos of an opened project, read from the project file when asked instead of held.

Opening an issue of 200 phone photos used to read all 800 MB into memory and
keep them there. Now ``editor.io.project`` lists the photos the file holds —
each one's size and a fingerprint of what the file held when it was opened:
a zip member's size and CRC-32, a folder file's size and modification time —
and ``ProjectPhotos`` reads a photo's bytes when something asks for them
(the layout measuring it, the canvas decoding a preview, an export, a save).
Photos added in this session, not yet saved, are held in memory; a few
recently read ones too (``RECENT_BYTES``), since the layout and the canvas
ask for the same photo again and again.

A photo read later is the photo the file held when it was opened, or an
error — never other pixels: the project file may have been replaced by
another program in between (the lock file says someone else has it open,
but nothing stops a copy over it). A fingerprint that no longer matches is
accepted only if the bytes still hash to the photo's name (names are content
hashes, ``editor.io.project.asset_name``); otherwise reading raises
``PhotoUnavailable`` (Chinese), and ``get`` answers None, which the layout,
the canvas and the exports draw as the missing-photo placeholder.

To learn a photo's size the layout needs only its first and last bytes
(``editor.io.photos.read_photo_info_of_ends``): ``photo_ends`` reads just
those of a photo stored uncompressed in a zip (``ZipMemberEnds``), 128 KB
instead of a 3.7 MB phone photo, with the zip's directory read once per
version of the file rather than once a photo (issue #12). What it reads is
the photo the file held when it was opened as far as the directory can say
(same size and CRC-32); a whole read still checks the bytes.

After a save, ``editor.io.project`` points the mapping at the file just
written (``now_stored_in``): the photos added in the session are let go,
and a project moved by 另存为 no longer reads from the old file. The file is
opened, read and closed on each read, so on Windows it never stands in the
way of replacing the project on save. Copies share the source and the
in-memory photos, not the recent ones, so each thread reads for itself: a
deep copy (an export, 新建下一期) keeps its own recent photos, a shallow one
(what the autosave worker writes a snapshot from, reading each photo once)
keeps none.
"""

from __future__ import annotations

import hashlib
import logging
import os
import struct
import threading
import zipfile
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol, TypeVar

from editor.errors import ProjectFileError, display_name
from editor.model.assets import SizedPhotos

_log = logging.getLogger(__name__)

#: Recently read photos kept per mapping: what a page or two of phone photos weigh.
RECENT_BYTES = 64 * 1024 * 1024

_Default = TypeVar("_Default")


@dataclass(frozen=True)
class StoredPhoto:
    """A photo in the project file: its size and what identified it when the project was opened."""

    size: int
    #: (size, CRC-32) of a zip member; (size, modification time in ns) of a folder's file.
    fingerprint: tuple[int, int]


class PhotoUnavailable(ProjectFileError):
    """A photo of the opened project can no longer be read as it was (moved, changed, damaged)."""


class PhotoSource(Protocol):
    """Where a project's photos are: reads one photo's bytes with its fingerprint now."""

    #: The project file or folder, to name it in messages.
    path: Path

    def read(self, name: str) -> tuple[bytes, tuple[int, int]]:
        """The photo's bytes and current fingerprint; ``PhotoUnavailable`` or ``OSError`` if unreadable."""
        ...

    # A source may also offer ``read_ends(name, head_bytes, tail_bytes) -> MemberEnds | None``
    # (``ZipMemberEnds.read`` of the photo's member), which ``ProjectPhotos.photo_ends`` uses.


#: (first bytes, last bytes, (size, CRC-32) as the zip's directory declares them) of a member.
MemberEnds = tuple[bytes, bytes, tuple[int, int]]
_LOCAL_HEADER = struct.Struct("<4s22xHH")
_LOCAL_SIGNATURE = b"PK\x03\x04"


class ZipMemberEnds:
    """The first and last bytes of members stored uncompressed in a zip, without reading the rest,
    and where any member is (``locate``: ``editor.io.project.ZipPhotos`` reads whole photos from there).

    The directory is read once and kept while the file keeps its size, time and inode;
    each read opens the file, seeks and closes it (nothing held open between reads).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._stamp: tuple[int, int, int] | None = None
        self._members: dict[str, zipfile.ZipInfo] = {}

    def read(self, member: str, head_bytes: int, tail_bytes: int) -> MemberEnds | None:
        """``member``'s first ``head_bytes`` and last ``tail_bytes``; None when it is not there, is
        compressed or encrypted, or the file does not hold it where its directory says."""
        with open(self.path, "rb") as handle:
            entry, start = self.locate(handle, member)
            if entry is None or start is None or entry.compress_type != zipfile.ZIP_STORED or entry.flag_bits & 1 \
                    or entry.compress_size != entry.file_size:
                return None
            end = start + entry.file_size
            if end > os.fstat(handle.fileno()).st_size:
                return None
            head = _read_at(handle, start, min(head_bytes, entry.file_size))
            tail_start = max(start + len(head), end - tail_bytes)
            tail = _read_at(handle, tail_start, end - tail_start)
            return head, tail, (entry.file_size, entry.CRC)

    def locate(self, handle: BinaryIO, member: str) -> tuple[zipfile.ZipInfo | None, int | None]:
        """``member``'s directory entry in the file open as ``handle`` (None when not listed) and where its
        data starts (None when its local header is not where the directory says): the directory is read
        once per version of the file, so reading each of 200 photos does not parse it 200 times."""
        info = os.fstat(handle.fileno())
        entry = self._directory(handle, (info.st_size, info.st_mtime_ns, info.st_ino)).get(member)
        if entry is None:
            return None, None
        local = _read_at(handle, entry.header_offset, _LOCAL_HEADER.size)
        if len(local) < _LOCAL_HEADER.size:
            return entry, None
        signature, name_bytes, extra_bytes = _LOCAL_HEADER.unpack(local)
        if signature != _LOCAL_SIGNATURE:
            return entry, None
        return entry, entry.header_offset + _LOCAL_HEADER.size + name_bytes + extra_bytes

    def _directory(self, handle: BinaryIO, stamp: tuple[int, int, int]) -> dict[str, zipfile.ZipInfo]:
        """The zip's members by name, read again only when the file is no longer the one read."""
        with self._lock:
            if stamp != self._stamp:
                handle.seek(0)
                with zipfile.ZipFile(handle) as archive:
                    self._members = {entry.filename: entry for entry in archive.infolist()}
                self._stamp = stamp
            return self._members


def _read_at(handle: BinaryIO, position: int, count: int) -> bytes:
    """Up to ``count`` bytes of ``handle`` from ``position``."""
    handle.seek(position)
    return handle.read(count)


def hashes_to_name(name: str, data: bytes) -> bool:
    """Whether ``data``'s SHA-256 starts with the hex digits ``name`` starts with (its content name)."""
    digits = name.partition(".")[0]
    return len(digits) >= 16 and hashlib.sha256(data).hexdigest().startswith(digits)


class _RecentBytes:
    """The photos read last, up to ``budget`` bytes together; the least recently used go first."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.held = 0
        self._items: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, name: str) -> bytes | None:
        with self._lock:
            data = self._items.get(name)
            if data is not None:
                self._items.move_to_end(name)
            return data

    def put(self, name: str, data: bytes) -> None:
        if len(data) > self.budget:
            return
        with self._lock:
            self._drop(name)
            self._items[name] = data
            self.held += len(data)
            while self.held > self.budget:
                _, oldest = self._items.popitem(last=False)
                self.held -= len(oldest)

    def forget(self, name: str) -> None:
        with self._lock:
            self._drop(name)

    def _drop(self, name: str) -> None:
        data = self._items.pop(name, None)
        if data is not None:
            self.held -= len(data)


class ProjectPhotos(SizedPhotos):
    """``Document.assets`` of an opened project: photos in the file read when asked, new ones held.

    Keeps the order photos were listed or added in, as the ``dict`` it stands in for.
    """

    def __init__(self, source: PhotoSource, stored: dict[str, StoredPhoto],
                 recent_bytes: int = RECENT_BYTES) -> None:
        self._source = source
        #: Each photo: its bytes (added in this session) or where it is in the file.
        self._entries: dict[str, bytes | StoredPhoto] = dict(stored)
        self._recent = _RecentBytes(recent_bytes)

    # ------------------------------------------------------------ the mapping

    def __getitem__(self, name: str) -> bytes:
        entry = self._entries[name]
        if isinstance(entry, bytes):
            return entry
        data = self._recent.get(name)
        if data is None:
            data = self._read(name, entry)
            self._recent.put(name, data)
        return data

    def get(self, name: str, default: _Default = None) -> bytes | _Default:  # type: ignore[override]
        """The photo, or ``default`` when there is none by that name or it can no longer be read
        (logged; the caller draws its placeholder, as for a photo missing from the file)."""
        try:
            return self[name]
        except KeyError:
            return default
        except PhotoUnavailable as problem:
            _log.warning("photo %s unavailable: %s", name, problem.message)
            return default

    def __setitem__(self, name: str, data: bytes) -> None:
        self._recent.forget(name)
        self._entries[name] = data

    def __delitem__(self, name: str) -> None:
        del self._entries[name]
        self._recent.forget(name)

    def __contains__(self, name: object) -> bool:
        return name in self._entries

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._entries))

    def __len__(self) -> int:
        return len(self._entries)

    def __repr__(self) -> str:
        held = sum(isinstance(entry, bytes) for entry in self._entries.values())
        return f"ProjectPhotos({len(self._entries)} photos, {held} held, from {self._source.path!s})"

    def photo_ends(self, name: str, head_bytes: int, tail_bytes: int) -> tuple[bytes, bytes, int] | None:
        """(first ``head_bytes``, last ``tail_bytes``, size) of a photo in the project file, read without
        the rest; None when the photo is in memory, small, not readable so, or no longer the one the
        file held at opening (by size and CRC-32): then it is read whole (``[name]``), checked."""
        entry = self._entries.get(name)
        read_ends = getattr(self._source, "read_ends", None)
        if not isinstance(entry, StoredPhoto) or read_ends is None or entry.size <= head_bytes + tail_bytes \
                or self._recent.get(name) is not None:
            return None
        try:
            ends = read_ends(name, head_bytes, tail_bytes)
        except (OSError, ValueError, EOFError, zipfile.BadZipFile, zipfile.LargeZipFile) as problem:
            _log.info("photo %s: its ends could not be read (%s); reading it whole", name, problem)
            return None
        if ends is None or ends[2] != entry.fingerprint:
            return None
        return ends[0], ends[1], entry.size

    def byte_size(self, name: str) -> int:
        entry = self._entries[name]
        return len(entry) if isinstance(entry, bytes) else entry.size

    # ------------------------------------------------------------ copies, saves, memory

    def __copy__(self) -> ProjectPhotos:
        """The same photos for one pass over them (the autosave worker writing a snapshot):
        each read when asked and let go, none kept beyond those added in the session."""
        return self._twin(recent_bytes=0)

    def __deepcopy__(self, memo: dict) -> ProjectPhotos:
        """The photos of a copy of the document (an export, 新建下一期): its own recent ones."""
        return self._twin(recent_bytes=self._recent.budget)

    def _twin(self, recent_bytes: int) -> ProjectPhotos:
        twin = ProjectPhotos(self._source, {}, recent_bytes)
        twin._entries = dict(self._entries)  # bytes and StoredPhoto are immutable: shared
        return twin

    def now_stored_in(self, source: PhotoSource, stored: dict[str, StoredPhoto]) -> None:
        """The project was saved to ``source``, which holds ``stored``: read from there from now on.

        Photos held in memory that the file now holds are let go; one it does
        not hold (not expected: a save writes every photo) stays in memory.
        """
        self._source = source
        for name, entry in list(self._entries.items()):
            if name in stored:
                if isinstance(entry, bytes):
                    self._recent.put(name, entry)  # just written: likely drawn again soon
                self._entries[name] = stored[name]

    def unsaved(self) -> list[str]:
        """The photos added in this session that the project file does not hold yet (held in memory)."""
        return [name for name, entry in self._entries.items() if isinstance(entry, bytes)]

    def held_bytes(self) -> int:
        """Bytes of photos this mapping holds in memory: added ones and recently read ones."""
        added = sum(len(entry) for entry in self._entries.values() if isinstance(entry, bytes))
        return added + self._recent.held

    @property
    def source_path(self) -> Path:
        """The project file or folder the stored photos are read from."""
        return self._source.path

    # ------------------------------------------------------------ reading

    def _read(self, name: str, stored: StoredPhoto) -> bytes:
        project = display_name(self._source.path.name or str(self._source.path))
        try:
            data, fingerprint = self._source.read(name)
        except PhotoUnavailable:
            raise
        except OSError as problem:
            from editor.io.os_errors import os_error_reason

            raise PhotoUnavailable(f"无法读取项目“{project}”中的图片 {name}（{os_error_reason(problem)}）。"
                                   "请检查项目文件是否已被移动或删除。") from problem
        if (fingerprint != stored.fingerprint or len(data) != stored.size) and not hashes_to_name(name, data):
            raise PhotoUnavailable(f"项目“{project}”中的图片 {name} 在打开后已被其他程序改动，"
                                   "不再是原来的图片。请重新打开项目。")
        return data
