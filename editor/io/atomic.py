"""Atomic file replacement: the old file stays whole until the new one is.

Write to a temporary file beside the target (same folder, so the final
rename never crosses file systems), flush and fsync it, then ``os.replace``
it over the target and fsync the folder. A crash or full disk at any moment
leaves either the old file or the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

#: Windows refuses to replace a file another program holds open (a virus
#: scanner or a sync client briefly); we retry for about a second.
_REPLACE_ATTEMPTS = 10
_REPLACE_PAUSE_S = 0.1


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
    fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    temp_path = Path(temp_name)
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
