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


def read_regular_file(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of the regular file at ``path`` (links followed), at most ``limit``.

    Raises ``NotRegularFileError`` for anything but a regular file,
    ``FileTooLargeError`` when it holds more than ``limit`` bytes (also if it
    grows while being read) and ``OSError`` for everything the system refuses.
    """
    fd = os.open(long_path(path), _OPEN_FLAGS)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFileError(f"not a regular file: {os.fspath(path)!r}")
        if info.st_size > limit:
            raise FileTooLargeError(info.st_size, limit)
        return _read_at_most(fd, min(info.st_size, limit) + 1, limit)
    finally:
        os.close(fd)


def _read_at_most(fd: int, first_read: int, limit: int) -> bytes:
    """Read to the end; a file longer than ``limit`` (it grew) is refused."""
    parts: list[bytes] = []
    total = 0
    wanted = first_read
    while True:
        chunk = os.read(fd, max(1, min(wanted, _CHUNK_BYTES)))
        if not chunk:
            return b"".join(parts)
        parts.append(chunk)
        total += len(chunk)
        if total > limit:
            raise FileTooLargeError(total, limit)
        wanted = max(1, first_read - total)


def is_regular_file(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` (links followed) is a regular file; False for anything unreadable."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False

