"""Atomic file replacement: the old file stays whole until the new one is.

Write to a temporary file beside the target (same folder, so the final
rename never crosses file systems), flush and fsync it, then ``os.replace``
it over the target and fsync the folder. A crash or full disk at any moment
leaves either the old file or the new one, never half of one.

The target is the *real* file: a symbolic link (on Windows also a junction
or a mapped network drive) is followed first, so a project shared through
a link is updated where it lives and the link stays a link. A target that
is read-only (no write permission, or Windows' read-only attribute), a
folder or a device is refused before anything is written — ``os.replace``
in a writable folder would otherwise silently swap a protected file, and
root would do it whatever the permissions say.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from editor.errors import BanmianError, display_name
from editor.io.file_names import as_path, check_file_name, real_path

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


class TargetError(BanmianError, OSError):
    """The target cannot be written as a file; ``message`` says why, in Chinese.

    Also an ``OSError``, so callers that only guard against file-system
    failures (recent files, caches) still catch it.
    """

    def __init__(self, message: str, path: Path, code: int) -> None:
        super().__init__(message)
        self.errno = code
        self.filename = str(path)
        self.path = path


class ReadOnlyTargetError(TargetError, PermissionError):
    """The target is a read-only file: saving over it would undo its owner's protection."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"“{display_name(path)}”是只读文件，无法保存。请用“另存为”保存到另一个文件。", path, errno.EACCES)


class NotAFileTargetError(TargetError):
    """The target is a folder, a device, a FIFO or a socket: there is no file to replace."""

    def __init__(self, path: Path, is_folder: bool) -> None:
        what = "是一个文件夹" if is_folder else "不是普通文件（是设备或管道）"
        super().__init__(f"“{display_name(path)}”{what}，无法保存到这里。请换一个文件名。", path,
                         errno.EISDIR if is_folder else errno.EINVAL)


def name_fits(name: str) -> bool:
    """Whether ``name`` fits in one path component on every file system we meet."""
    return len(name.encode("utf-8", "surrogatepass")) <= MAX_NAME_BYTES and len(name.encode("utf-16-le", "surrogatepass")) // 2 <= MAX_NAME_BYTES


def _temp_stem(target_name: str) -> str:
    """The part of a temporary name that says whose it is: the target's name, cut when too long.

    Deterministic, so that ``stale_temp_files`` finds the leftovers of any
    earlier save of the same target.
    """
    room = f".{target_name}.{'0' * _TOKEN_HEX}{_TEMP_SUFFIX}"
    if name_fits(room):
        return target_name
    stem = target_name
    while stem and not name_fits(f".{stem}~.{'0' * _TOKEN_HEX}{_TEMP_SUFFIX}"):
        stem = stem[:-1]
    return f"{stem}~"


def _temp_name(target_name: str) -> str:
    return f".{_temp_stem(target_name)}.{secrets.token_hex(_TOKEN_HEX // 2)}{_TEMP_SUFFIX}"


_TOKEN_PATTERN = f"\\.[0-9a-f]{{{_TOKEN_HEX}}}" + re.escape(_TEMP_SUFFIX) + r"\Z"
#: Any temporary name ``_temp_name`` can make, whatever its target.
_ANY_TEMP_NAME = re.compile(r"\..+" + _TOKEN_PATTERN, re.DOTALL)


def _stale_matches(folder: Path, pattern: re.Pattern[str], older_than_s: float) -> list[Path]:
    """Regular files in ``folder`` whose names match and that nobody has written for a while."""
    now = time.time()
    found: list[Path] = []
    try:
        candidates = list(folder.iterdir())
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


def stale_temp_files(target: Path, older_than_s: float = STALE_TEMP_AGE_S) -> list[Path]:
    """Temporary files beside ``target`` (its real file, links followed) left by saves that never finished."""
    try:
        target = real_target(target)
    except OSError:
        target = Path(target)
    pattern = re.compile(re.escape(f".{_temp_stem(target.name)}") + _TOKEN_PATTERN)  # no wildcard: no DOTALL
    return _stale_matches(target.parent, pattern, older_than_s)


def _remove_all(paths: list[Path]) -> int:
    removed = 0
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink()
            removed += 1
    return removed


def remove_stale_temp_files(target: Path, older_than_s: float = STALE_TEMP_AGE_S) -> int:
    """Delete what ``stale_temp_files`` finds (a killed save can leave tens of MB); how many went."""
    return _remove_all(stale_temp_files(target, older_than_s))


def remove_stale_temp_files_in(folder: Path, older_than_s: float = STALE_TEMP_AGE_S) -> int:
    """Delete stale temporary files of *any* target in ``folder`` (only for a folder one writer owns,
    such as a locked folder project); how many went."""
    return _remove_all(_stale_matches(Path(folder), _ANY_TEMP_NAME, older_than_s))


def real_target(target: Path) -> Path:
    """The file a save of ``target`` really writes: links followed (on Windows also junctions and
    mapped drives); for a link to nowhere, the file it names. A loop of links is an ``OSError``."""
    real = Path(real_path(target))
    if os.path.islink(real):  # realpath stops at a link it cannot resolve: a loop
        raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), str(target))
    return real


def is_read_only(path: Path, info: os.stat_result) -> bool:
    """Whether the existing file ``path`` is protected against writing.

    No write bit at all (``chmod a-w``; on Windows the read-only attribute,
    which Python shows as mode 0444) counts even for root and
    administrators, whom ``os.access`` would let through; otherwise
    ``os.access`` decides for this user.
    """
    if not info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        return True
    effective = os.access in os.supports_effective_ids
    return not os.access(path, os.W_OK, effective_ids=effective)


def _check_target(requested: Path, real: Path) -> os.stat_result | None:
    """The real target's status if it exists (None for a new file); refuses what must not be replaced."""
    try:
        info = os.stat(real)
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(info.st_mode):
        raise NotAFileTargetError(requested, stat.S_ISDIR(info.st_mode))
    if is_read_only(real, info):
        raise ReadOnlyTargetError(requested)
    return info


def _create_temp(target: Path, existing: os.stat_result | None) -> tuple[int, Path]:
    """A new empty file beside ``target`` with the permissions the result should have.

    ``tempfile.mkstemp`` would make it 0600, and after the rename a shared
    project file would silently become private; mode 0666 here lets the
    umask decide, as for any new file, and an ``existing`` target's mode,
    owner and group are kept as far as we may set them (POSIX only: on
    Windows the only mode bit is read-only, which would stop us from
    removing the temporary file after a failure).
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(_TEMP_NAME_ATTEMPTS):
        temp_path = target.with_name(_temp_name(target.name))
        try:
            fd = os.open(temp_path, flags, 0o666)
        except FileExistsError:
            continue
        if os.name == "posix" and existing is not None:
            _copy_ownership(fd, existing)
        return fd, temp_path
    raise FileExistsError(errno.EEXIST, "no free temporary file name", str(target))


def _copy_ownership(fd: int, existing: os.stat_result) -> None:
    """Give the new file the old one's owner, group and mode (each only where allowed)."""
    with contextlib.suppress(OSError):
        now = os.fstat(fd)
        if (now.st_uid, now.st_gid) != (existing.st_uid, existing.st_gid):
            os.fchown(fd, existing.st_uid, existing.st_gid)
    with contextlib.suppress(OSError):
        os.fchmod(fd, stat.S_IMODE(existing.st_mode))


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
    r"""Yield a binary file; on a clean exit it atomically becomes ``target``'s real file.

    If the body raises, the temporary file is removed and ``target`` is
    untouched. A read-only target raises ``ReadOnlyTargetError``, a folder
    or device ``NotAFileTargetError``, and a name Windows would refuse
    ``InvalidFileNameError``, before the body runs. On Windows a path over
    260 characters is used in its extended form (``\\?\…``).
    """
    requested = Path(target)
    check_file_name(requested)
    target = as_path(real_target(requested))
    folder = target.parent
    existing = _check_target(requested, target)
    fd, temp_path = _create_temp(target, existing)
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
