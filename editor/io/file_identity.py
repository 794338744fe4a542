"""Which saved version of a project file a window's work started from.

Two editors can end up writing the same project one after the other:
another window saved while this one was open, or a colleague saved while
this editor lay crashed and its recovery data waited to be restored.
Before saving over its own file, a window (and a restored recovery slot,
which records it in its ``meta.json``) compares the file with the version
its work started from — the file as this editor last read or wrote it —
and asks instead of overwriting someone else's save.

A ``FileIdentity`` is what a save rewrites (a ``.banmian`` zip, or a folder
project's ``document.json``) described by its size, modification time and
a SHA-256 of its content. Size and time are compared first; only when they
differ is the content hashed again, so a file that was merely touched or
copied back unchanged is not reported as changed, and the common case
(nobody else saved) costs one ``stat``.

The content of a zip is its central directory: the zip's last few kilobytes,
which name every member with its CRC-32, sizes and place in the file. A save
by any program writes a new directory (document.json's CRC changes with any
edit, and every member's place and time are in it), so hashing the directory
(with the file's size) tells one save from another as well as hashing all of
the file did — without reading the 717 MB of a 200-photo issue, which took
0.55 s on the UI thread at every open and every save (issue #12). What it
misses is bytes changed inside a member with the directory left as it was:
damage, not a save, which reading the photo finds (its CRC no longer matches).
A file that has no readable directory (not a zip, a zip64, a directory too
large) is hashed whole, as is a folder project's document.json.

Pure Python, no Qt.
"""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from editor.io.project import DOCUMENT_MEMBER, MAX_TOTAL_BYTES
from editor.io.regular_files import hash_regular_file, read_regular_file_end

#: (size in bytes, modification time in ns): the cheap part of an identity.
DiskStamp = tuple[int, int]
#: What the digest is of: the whole file, or a zip's size and central directory.
Scope = Literal["file", "zip-directory"]
_SCOPES: tuple[Scope, ...] = ("file", "zip-directory")

#: The end of a zip read for its directory: 200 photos' entries take 30 KB; a directory that
#: does not fit (thousands of members) is hashed with the rest of the file instead.
_ZIP_END_BYTES = 1024 * 1024
_END_RECORD = struct.Struct("<4sHHHHIIH")
_END_SIGNATURE = b"PK\x05\x06"
#: The end record's fields that say "see the zip64 record": the directory is not where it says.
_ZIP64_MARKS = (0xFFFF, 0xFFFFFFFF)


def content_file(project: Path) -> Path:
    """The file a save of ``project`` rewrites: the zip itself, or a folder's document.json."""
    return project / DOCUMENT_MEMBER if project.is_dir() else project


def disk_stamp(project: Path) -> DiskStamp | None:
    """Size and modification time of what a save of ``project`` rewrites; None if it is not there."""
    try:
        info = content_file(project).stat()
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


@dataclass(frozen=True)
class FileIdentity:
    """One saved state of a project file."""

    size: int
    mtime_ns: int
    #: Hex SHA-256 of the content (``scope``); None when it could not be read whole and unchanged.
    sha256: str | None
    #: What ``sha256`` is of. Identities stored before there was a choice are of the whole file.
    scope: Scope = "file"

    @property
    def stamp(self) -> DiskStamp:
        return self.size, self.mtime_ns

    def modified_at(self) -> datetime:
        """When this version was written, in local time."""
        return datetime.fromtimestamp(self.mtime_ns / 1e9).astimezone()

    def to_json(self) -> dict[str, Any]:
        return {"size": self.size, "mtime_ns": self.mtime_ns, "sha256": self.sha256, "scope": self.scope}

    @classmethod
    def from_json(cls, value: Any) -> FileIdentity | None:
        """The identity stored by ``to_json``; None if ``value`` is missing or malformed."""
        if not isinstance(value, dict):
            return None
        size, mtime_ns, digest = value.get("size"), value.get("mtime_ns"), value.get("sha256")
        if not all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in (size, mtime_ns)):
            return None
        if digest is not None and not (isinstance(digest, str) and len(digest) == 64):
            return None
        scope = value.get("scope", "file")
        if scope not in _SCOPES:
            return None
        return cls(size, mtime_ns, digest, scope)


def _sha256_of(target: Path) -> str | None:
    """A chunk at a time: a project of 200 phone photos is 750 MB, which read whole took 1.5 GB."""
    digest = hashlib.sha256()
    try:
        hash_regular_file(target, MAX_TOTAL_BYTES, digest)
    except OSError:
        return None
    return digest.hexdigest()


def zip_directory(size: int, end: bytes) -> bytes | None:
    """The central directory and end record of a zip of ``size`` bytes whose last bytes are ``end``;
    None when ``end`` does not hold them (not a zip, a zip64, a directory larger than ``end``)."""
    position = end.rfind(_END_SIGNATURE)
    while position >= 0:
        if position + _END_RECORD.size <= len(end):
            fields = _END_RECORD.unpack_from(end, position)
            entries, directory_bytes, directory_at, comment_bytes = fields[4], fields[5], fields[6], fields[7]
            if position + _END_RECORD.size + comment_bytes == len(end):  # the record, not a comment's bytes
                if entries in _ZIP64_MARKS or directory_at in _ZIP64_MARKS:
                    return None
                start = directory_at - (size - len(end))
                if start < 0 or start + directory_bytes != position:
                    return None
                return end[start:]
        position = end.rfind(_END_SIGNATURE, 0, position)
    return None


def _zip_directory_sha256(target: Path) -> str | None:
    """SHA-256 of the zip's size and directory; None when there is no directory to read."""
    try:
        size, end = read_regular_file_end(target, _ZIP_END_BYTES)
    except OSError:
        return None
    directory = zip_directory(size, end)
    if directory is None:
        return None
    return hashlib.sha256(b"banmian zip directory %d\0" % size + directory).hexdigest()


def _digest(project: Path, scope: Scope | None) -> tuple[str | None, Scope]:
    """The digest of what a save of ``project`` rewrites, in ``scope`` (by default the cheapest there is)."""
    target = content_file(project)
    if scope != "file" and target is project:
        digest = _zip_directory_sha256(target)
        if digest is not None or scope == "zip-directory":
            return digest, "zip-directory"
    return _sha256_of(target), "file"


def identify(project: Path, scope: Scope | None = None) -> FileIdentity | None:
    """The identity of the version now on disk; None if there is none.

    A zip is identified by its directory (at most its last megabyte read), anything else
    by all of its bytes, unless ``scope`` asks for one of them (to compare with
    an identity taken so). The digest is kept only if size and time are the same
    after reading as before, so it always belongs to the stamp it is stored with.
    """
    before = disk_stamp(project)
    if before is None:
        return None
    digest, scope = _digest(project, scope)
    if disk_stamp(project) != before:
        digest = None
    return FileIdentity(before[0], before[1], digest, scope)


def changed_since(project: Path, base: FileIdentity | None) -> FileIdentity | None:
    """The version on disk if it is no longer ``base``, else None.

    None also when ``base`` is unknown or the file is gone (a save then
    overwrites nobody's work). Known limit: on a file system whose times are
    coarse, a save of the same size within the same tick looks unchanged.
    """
    if base is None:
        return None
    stamp = disk_stamp(project)
    if stamp is None or stamp == base.stamp:
        return None
    now = identify(project, base.scope)
    if now is None:
        return None
    if base.sha256 is not None and now.sha256 == base.sha256:
        return None
    return now
