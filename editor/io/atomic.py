"""Atomic file replacement: the old file stays whole until the new one is.

Write to a temporary file beside the target (same folder, so the final
rename never crosses file systems), flush and fsync it, then ``os.replace``
it over the target and fsync the folder. A crash or full disk at any moment
leaves either the old file or the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import os
import re
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
#: Most file systems (ext4, NTFS, APFS, SMB shares) allow 255 bytes or UTF-16
#: units in one name; a temporary name must fit even beside a target that
#: nearly fills it (80 Chinese characters are 240 bytes in UTF-8).
MAX_NAME_BYTES = 255
_TOKEN_HEX = 12
_TEMP_SUFFIX = ".tmp"
#: A temporary file untouched for this long belongs to a save that died.
STALE_TEMP_AGE_S = 120.0


def _name_fits(name: str) -> bool:
    return len(name.encode("utf-8", "surrogatepass")) <= MAX_NAME_BYTES and len(name.encode("utf-16-le", "surrogatepass")) // 2 <= MAX_NAME_BYTES


def _temp_stem(target_name: str) -> str:
    """The part of a temporary name that says whose it is: the target's name, cut when too long.

    Deterministic, so that ``stale_temp_files`` finds the leftovers of any
    earlier save of the same target.
    """
    room = f".{target_name}.{'0' * _TOKEN_HEX}{_TEMP_SUFFIX}"
    if _name_fits(room):
        return target_name
    stem = target_name
    while stem and not _name_fits(f".{stem}~.{'0' * _TOKEN_HEX}{_TEMP_SUFFIX}"):
        stem = stem[:-1]
    return f"{stem}~"


def _temp_name(target_name: str) -> str:
    return f".{_temp_stem(target_name)}.{secrets.token_hex(_TOKEN_HEX // 2)}{_TEMP_SUFFIX}"


def stale_temp_files(target: Path, older_than_s: float = STALE_TEMP_AGE_S) -> list[Path]:
    """Temporary files beside ``target`` left by saves of it that never finished."""
    pattern = re.compile(re.escape(f".{_temp_stem(target.name)}.") + f"[0-9a-f]{{{_TOKEN_HEX}}}" + re.escape(_TEMP_SUFFIX) + r"\Z")
    now = time.time()
    found: list[Path] = []
    try:
        candidates = list(target.parent.iterdir())
    except OSError:
        return []
    for candidate in candidates:
        if not pattern.match(candidate.name):
            continue
        try:
            info = candidate.lstat()
        except OSError:
            continue
        if stat.S_ISREG(info.st_mode) and now - info.st_mtime >= older_than_s:
            found.append(candidate)
    return found


def remove_stale_temp_files(target: Path, older_than_s: float = STALE_TEMP_AGE_S) -> int:
    """Delete what ``stale_temp_files`` finds (a killed save can leave tens of MB); how many went."""
    removed = 0
    for path in stale_temp_files(target, older_than_s):
        with contextlib.suppress(OSError):
            path.unlink()
            removed += 1
    return removed


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
        temp_path = target.with_name(_temp_name(target.name))
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
