"""Reading a file that may be anything: only regular files, only up to a size.

A project folder, a lock file, a dropped text or a photo comes from
outside, and its name says nothing about what it is: a FIFO makes ``open``
wait for ever, ``/dev/zero`` never ends, a directory or a device cannot be
read, and a file of several gigabytes would be read whole. Every such read
goes through ``read_regular_file``: it opens without blocking, checks on the
open handle (no race between check and read) that it is a regular file,
and reads no more than the file's size or the limit, whichever is smaller
— never a buffer of the limit's size, which Windows would commit in full.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from typing import Protocol

from editor.io.file_names import long_path

_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_BINARY", 0)
    | getattr(os, "O_NONBLOCK", 0)  # a FIFO opens at once instead of waiting for a writer
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
)
_CHUNK_BYTES = 1024 * 1024


class NotRegularFileError(OSError):
    """The path is a directory, FIFO, socket or device, not a file with bytes in it."""


class FileTooLargeError(OSError):
    """The file holds more bytes than the caller accepts."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"file of {size} bytes exceeds the limit of {limit} bytes")
        self.size = size
        self.limit = limit


class Digest(Protocol):
    """What ``hash_regular_file`` feeds: a ``hashlib`` object, for one."""

    def update(self, data: bytes, /) -> None: ...


def read_regular_file(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of the regular file at ``path`` (links followed), at most ``limit``.

    Raises ``NotRegularFileError`` for anything but a regular file,
    ``FileTooLargeError`` when it holds more than ``limit`` bytes (also if it
    grows while being read) and ``OSError`` for everything the system refuses.
    """
    return b"".join(_regular_file_chunks(path, limit))


def hash_regular_file(path: str | os.PathLike[str], limit: int, digest: Digest) -> None:
    """Feed the bytes ``read_regular_file`` would return to ``digest``, a chunk at a time.

    For hashing a project of hundreds of megabytes without holding it (twice,
    while the chunks are joined) in memory. Raises what ``read_regular_file`` raises.
    """
    for chunk in _regular_file_chunks(path, limit):
        digest.update(chunk)


def read_regular_file_end(path: str | os.PathLike[str], max_bytes: int) -> tuple[int, bytes]:
    """The size of the regular file at ``path`` and its last ``max_bytes`` bytes (all of it if shorter).

    For what a file says at its end (a zip's directory) without reading the rest.
    Raises ``NotRegularFileError`` for anything but a regular file and ``OSError``
    for everything the system refuses.
    """
    fd, info = _open_regular_file(path)
    try:
        os.lseek(fd, max(0, info.st_size - max_bytes), os.SEEK_SET)
        return info.st_size, b"".join(_read_at_most(fd, min(info.st_size, max_bytes), max_bytes))
    finally:
        os.close(fd)


def _regular_file_chunks(path: str | os.PathLike[str], limit: int) -> Iterator[bytes]:
    """The file's bytes in chunks of at most ``_CHUNK_BYTES``, after the checks on the open handle."""
    fd, info = _open_regular_file(path)
    try:
        if info.st_size > limit:
            raise FileTooLargeError(info.st_size, limit)
        yield from _read_at_most(fd, min(info.st_size, limit) + 1, limit)
    finally:
        os.close(fd)


def _open_regular_file(path: str | os.PathLike[str]) -> tuple[int, os.stat_result]:
    """A descriptor open on ``path`` and its status, checked on the handle to be a regular file."""
    try:
        fd = os.open(long_path(path), _OPEN_FLAGS)
    except PermissionError:
        # Windows refuses to open a folder as a file with "access denied": say what it is.
        if os.path.isdir(long_path(path)):
            raise NotRegularFileError(f"not a regular file: {os.fspath(path)!r}") from None
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFileError(f"not a regular file: {os.fspath(path)!r}")
    except BaseException:
        os.close(fd)
        raise
    return fd, info


def _read_at_most(fd: int, first_read: int, limit: int) -> Iterator[bytes]:
    """Read to the end; a file longer than ``limit`` (it grew) is refused."""
    total = 0
    wanted = first_read
    while True:
        chunk = os.read(fd, max(1, min(wanted, _CHUNK_BYTES)))
        if not chunk:
            return
        total += len(chunk)
        if total > limit:
            raise FileTooLargeError(total, limit)
        yield chunk
        wanted = max(1, first_read - total)


def is_regular_file(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` (links followed) is a regular file; False for anything unreadable."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False

