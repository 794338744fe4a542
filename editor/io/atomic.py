"""Atomic file replacement: the old file stays whole until the new one is.

Write to a temporary file beside the target (same folder, so the final
rename never crosses file systems), flush and fsync it, then ``os.replace``
it over the target and fsync the folder. A crash or full disk at any moment
leaves either the old file or the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

#: Windows refuses to replace a file another program holds open (a virus
#: scanner or a sync client briefly); we retry for about a second.
_REPLACE_ATTEMPTS = 10
_REPLACE_PAUSE_S = 0.1
_TEMP_NAME_ATTEMPTS = 100


def _create_temp(target: Path) -> tuple[int, Path]:
    """A new empty file beside ``target`` with the permissions the result should have.

    ``tempfile.mkstemp`` would make it 0600, and after the rename a shared
    project file would silently become private; mode 0666 here lets the
    umask decide, as for any new file, and an existing target's mode is kept
    (POSIX only: on Windows the only mode bit is read-only, which would stop
    us from removing the temporary file after a failure).
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(_TEMP_NAME_ATTEMPTS):
        temp_path = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
        try:
            fd = os.open(temp_path, flags, 0o666)
        except FileExistsError:
            continue
        if os.name == "posix":
            with contextlib.suppress(OSError):
                os.chmod(temp_path, stat.S_IMODE(os.stat(target).st_mode))
        return fd, temp_path
    raise FileExistsError(f"no free temporary file name beside {target}")


def _fsync_folder(folder: Path) -> None:
    if os.name != "posix":
        return  # Windows has no folder handles to fsync; NTFS journals the rename.
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _replace_with_retry(source: Path, target: Path) -> None:
    for attempt in range(_REPLACE_ATTEMPTS):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if attempt == _REPLACE_ATTEMPTS - 1:
                raise
            time.sleep(_REPLACE_PAUSE_S)


@contextlib.contextmanager
def atomic_writer(target: Path) -> Iterator[BinaryIO]:
    """Yield a binary file; on a clean exit it atomically becomes ``target``.

    If the body raises, the temporary file is removed and ``target`` is
    untouched.
    """
    target = Path(target)
    folder = target.parent
    fd, temp_path = _create_temp(target)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        _replace_with_retry(temp_path, target)
        _fsync_folder(folder)
    except BaseException:
        with contextlib.suppress(OSError):
            temp_path.unlink()
        raise


def write_atomically(target: Path, write: Callable[[BinaryIO], None]) -> None:
    """Call ``write(handle)`` and atomically put the result at ``target``."""
    with atomic_writer(target) as handle:
        write(handle)
