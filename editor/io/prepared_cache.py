"""Photos prepared for an export (downsampled, or turned upright), kept in the user cache folder.

Downsampling a 12 MP phone photo to its placed size costs 50–300 ms, nearly all of it
decoding: the entropy-coded data is read whole whatever the DCT scale, so a photo of
4 MB costs ~35 ms however small it is shown. An issue of 200 photos spent 15 s of a
17 s PDF export on it, and the next export of the same issue (a typo fixed, the screen
preset after the print one) spent it again. The Word export asks for the same photos
at the same resolution (the same entries serve both), and with 原图 keeps every pixel
but turns each photo stored sideways upright (decode, rotate, encode: ~160 ms, 20 s for
the 128 such photos of that issue). This module keeps each result on disk.

An entry is named by a SHA-256 of everything the result depends on: the photo's bytes
(their own SHA-256, ``photo_digest``, never the asset's name: a hand-made project may name
a photo anything), the rotation, the pixel size asked for, the encoder's settings, the
resampling filter and Pillow's version (``key``). Its content is a magic line, the SHA-256
of the rest, then the kind, width and height and the encoded bytes: a half-written, cut or
damaged entry fails the check and the photo is prepared again and the entry rewritten:
written to a temporary file beside it and renamed, without the fsyncs of a save
(``editor.io.atomic``), which cost more than the entry is worth — a cache entry lost to a
crash is only made again. The folder is kept under ``CAPACITY_BYTES`` by removing the
entries used least recently (a hit refreshes its time). Any OS error only means no cache.

A folder beside it remembers, per machine, which photos decoded (``mark_decoded``,
``was_decoded``): an export checks every photo for damage before it begins, and a photo
checked in an earlier session is not decoded again to learn what is known. The marker is an
entry like the others, named by the photo's digest and holding it, so a marker counts only
for the very bytes that decoded (a photo cut short has another digest) and a damaged or
half-written one counts for nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import struct
import tempfile
from pathlib import Path

from editor.io.regular_files import read_regular_file
from editor.user_dirs import cache_dir

CACHE_SUBFOLDER = "export-photos"
#: Bump when what an entry holds, or how photos are downsampled, changes.
FORMAT_VERSION = 1
_MAGIC = b"banmian-export-photo\n"
_HEADER = struct.Struct(">4sII")  # kind (padded), width, height
#: The folder's size is kept under this; an issue of 200 phone photos needs ~50 MB for the print
#: PDF and Word file and ~650 MB for a Word file with 原图 (its photos turned upright at full size).
CAPACITY_BYTES = 1024 * 1024 * 1024
#: An entry larger than this is not read (nothing we write comes near it).
_MAX_ENTRY_BYTES = 256 * 1024 * 1024
#: Bytes written since the folder's size was last checked; checked again past this.
_PRUNE_EVERY_BYTES = 32 * 1024 * 1024
_written_since_prune = 0
#: The "this photo decoded" markers (``mark_decoded``): a folder of their own, ~100 bytes each.
MARKER_SUBFOLDER = "checked-photos"
#: Markers kept (by size), those used least recently removed: ~10,000 photos.
MARKERS_CAPACITY_BYTES = 1024 * 1024
#: Markers written between two prunings of their folder.
_PRUNE_MARKERS_EVERY = 512
_markers_since_prune = 0


def cache_folder() -> Path:
    """Where the entries are: ``export-photos`` in the user cache folder."""
    return cache_dir() / CACHE_SUBFOLDER


def photo_digest(data: bytes) -> bytes:
    """What names a photo's bytes in ``key``: their SHA-256 (2 ms for a 4 MB phone photo)."""
    return hashlib.sha256(data).digest()


def key(data_digest: bytes, *settings: object) -> str:
    """The entry name for the photo of ``data_digest`` (``photo_digest``) prepared with ``settings``
    (rotation, size, encoder, versions)."""
    digest = hashlib.sha256(f"{FORMAT_VERSION}/{settings!r}/".encode())
    digest.update(data_digest)
    return digest.hexdigest()


def load(name: str, folder: Path | None = None) -> tuple[str, int, int, bytes] | None:
    """(kind, width, height, encoded bytes) of a sound entry, or None (missing, damaged, unreadable)."""
    path = (folder or cache_folder()) / name
    try:
        content = read_regular_file(path, _MAX_ENTRY_BYTES)
    except OSError:
        return None
    body_start = len(_MAGIC) + 32
    if not content.startswith(_MAGIC) or len(content) < body_start + _HEADER.size:
        return None
    body = memoryview(content)[body_start:]
    if hashlib.sha256(body).digest() != content[len(_MAGIC):body_start]:
        return None
    kind, width, height = _HEADER.unpack_from(body)
    try:
        os.utime(path)  # used now: the last to be pruned
    except OSError:
        pass
    return kind.rstrip(b"\0").decode("ascii"), width, height, bytes(body[_HEADER.size:])


def marker_folder() -> Path:
    """Where the "this photo decoded" markers are: ``checked-photos`` beside ``cache_folder``."""
    return cache_folder().with_name(MARKER_SUBFOLDER)


def _decoded_marker(data_digest: bytes) -> str:
    """The marker's name for the photo of ``data_digest``."""
    return key(data_digest, "decoded")


def mark_decoded(data_digest: bytes) -> None:
    """Remember, on this machine, that the photo of ``data_digest`` (``photo_digest``) decoded."""
    global _markers_since_prune
    folder = marker_folder()
    store(_decoded_marker(data_digest), "ok", 0, 0, data_digest, folder, prunes=False)
    _markers_since_prune += 1
    if _markers_since_prune > _PRUNE_MARKERS_EVERY:
        _markers_since_prune = 0
        prune(folder, MARKERS_CAPACITY_BYTES)


def was_decoded(data_digest: bytes) -> bool:
    """Whether ``mark_decoded`` left a sound marker for exactly the photo of ``data_digest``."""
    entry = load(_decoded_marker(data_digest), marker_folder())
    return entry is not None and entry[0] == "ok" and entry[3] == data_digest


def store(name: str, kind: str, width: int, height: int, data: bytes, folder: Path | None = None,
          prunes: bool = True) -> None:
    """Keep an entry (atomically); the folder is pruned now and then (``prunes``). Errors are ignored."""
    global _written_since_prune
    folder = folder or cache_folder()
    body = _HEADER.pack(kind.encode("ascii"), width, height) + data
    try:
        _write_then_rename(folder, name, _MAGIC + hashlib.sha256(body).digest() + body)
    except OSError:
        return
    if not prunes:
        return
    _written_since_prune += len(body)
    if _written_since_prune > _PRUNE_EVERY_BYTES:
        _written_since_prune = 0
        prune(folder)


def _write_then_rename(folder: Path, name: str, content: bytes) -> None:
    """``content`` as ``folder / name``, never seen half-written under that name."""
    folder.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=folder, prefix=".part-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        os.replace(temp, folder / name)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def prune(folder: Path, capacity_bytes: int = CAPACITY_BYTES) -> None:
    """Remove the least recently used entries until the folder holds at most ``capacity_bytes``."""
    entries = []
    try:
        with os.scandir(folder) as listing:
            for entry in listing:
                if entry.is_file(follow_symlinks=False):
                    info = entry.stat(follow_symlinks=False)
                    entries.append((info.st_mtime_ns, info.st_size, entry.path))
    except OSError:
        return
    total = sum(size for _, size, _ in entries)
    for _, size, path in sorted(entries):
        if total <= capacity_bytes:
            break
        try:
            os.unlink(path)
        except OSError:
            continue
        total -= size
