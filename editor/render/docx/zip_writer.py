"""Writing the finished DOCX: photos stored as they are, everything else deflated.

python-docx's own writer deflates every part. A JPEG or PNG is compressed already: deflating it
gains nothing (a few bytes) and costs the most CPU of a photo-heavy export. This writer follows
python-docx's ``OpcPackage.save`` step by step (``before_marshal`` on every part, then the
content types, the package relationships and each part with its relationships, through
``PackageWriter``'s helpers) with a zip writer of our own that stores ``word/media`` photos
uncompressed and, for reproducible files, dates every member 1980-01-01. The zip goes straight
to the file it is given (the export's temporary file), a member at a time, never whole in memory;
before each photo, ``photo_written`` is told how many are in (it raises to stop: 取消).
"""

from __future__ import annotations

import time
import zipfile
from collections.abc import Callable
from typing import IO

from docx.document import Document as WordDocument
from docx.opc.pkgwriter import PackageWriter

#: Members written without compression: images that are compressed already.
STORED_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif")
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)
_MEDIA_FOLDER = "word/media/"
#: Told (photos written, photos in all) before each photo part and after the last.
PhotoWritten = Callable[[int, int], None]


class _ZipWriter:
    """The physical writer ``PackageWriter`` expects: ``write(pack_uri, blob)`` and ``close()``."""

    def __init__(self, archive: zipfile.ZipFile, invariant: bool, photos: int,
                 photo_written: PhotoWritten | None) -> None:
        self._zip = archive
        self._time = _FIXED_TIME if invariant else time.localtime()[:6]
        self._photos = photos
        self._photos_written = 0
        self._photo_written = photo_written

    def write(self, pack_uri, blob: bytes) -> None:
        name = pack_uri.membername
        if name.startswith(_MEDIA_FOLDER) and self._photo_written is not None:
            self._photo_written(self._photos_written, self._photos)
            self._photos_written += 1
        info = zipfile.ZipInfo(name, date_time=self._time)
        info.compress_type = zipfile.ZIP_STORED if name.lower().endswith(STORED_SUFFIXES) else zipfile.ZIP_DEFLATED
        self._zip.writestr(info, blob)

    def close(self) -> None:
        """Every part is written: the last photo is reported (the zip is closed by its owner)."""
        if self._photo_written is not None and self._photos:
            self._photo_written(self._photos_written, self._photos)


def save_docx(word: WordDocument, out: IO[bytes], invariant: bool = False,
              photo_written: PhotoWritten | None = None) -> None:
    """Write ``word`` as python-docx's ``save`` would, photos stored (see the module docstring)."""
    package = word.part.package
    parts = list(package.parts)
    for part in parts:
        part.before_marshal()
    photos = sum(part.partname.membername.startswith(_MEDIA_FOLDER) for part in parts)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:  # closed when 取消 raises too
        writer = _ZipWriter(archive, invariant, photos, photo_written)
        PackageWriter._write_content_types_stream(writer, parts)
        PackageWriter._write_pkg_rels(writer, package.rels)
        PackageWriter._write_parts(writer, parts)
        writer.close()
