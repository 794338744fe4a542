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
a SHA-256 of its bytes. Size and time are compared first; only when they
differ is the file hashed again, so a file that was merely touched or
copied back unchanged is not reported as changed, and the common case
(nobody else saved) costs one ``stat``.

Pure Python, no Qt.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from editor.io.project import DOCUMENT_MEMBER, MAX_TOTAL_BYTES
from editor.io.regular_files import hash_regular_file

#: (size in bytes, modification time in ns): the cheap part of an identity.
DiskStamp = tuple[int, int]


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
    #: Hex SHA-256 of the bytes; None when they could not be read whole and unchanged.
    sha256: str | None

    @property
    def stamp(self) -> DiskStamp:
        return self.size, self.mtime_ns

    def modified_at(self) -> datetime:
        """When this version was written, in local time."""
        return datetime.fromtimestamp(self.mtime_ns / 1e9).astimezone()

    def to_json(self) -> dict[str, Any]:
        return {"size": self.size, "mtime_ns": self.mtime_ns, "sha256": self.sha256}

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
        return cls(size, mtime_ns, digest)


def _sha256_of(target: Path) -> str | None:
    """A chunk at a time: a project of 200 phone photos is 750 MB, which read whole took 1.5 GB."""
    digest = hashlib.sha256()
    try:
        hash_regular_file(target, MAX_TOTAL_BYTES, digest)
    except OSError:
        return None
    return digest.hexdigest()


def identify(project: Path) -> FileIdentity | None:
    """The identity of the version now on disk (one read of the file); None if there is none.

    The hash is kept only if size and time are the same after reading as
    before, so it always belongs to the stamp it is stored with.
    """
    target = content_file(project)
    before = disk_stamp(project)
    if before is None:
        return None
    digest = _sha256_of(target)
    if disk_stamp(project) != before:
        digest = None
    return FileIdentity(before[0], before[1], digest)


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
    now = identify(project)
    if now is None:
        return None
    if base.sha256 is not None and now.sha256 == base.sha256:
        return None
    return now
