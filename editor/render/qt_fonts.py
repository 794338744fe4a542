"""QRawFonts for the Qt painter, loaded from font file bytes.

The display list names a face by file and face index (``FontRef``), never
by family name, and gives glyph IDs from that exact file. So the painter
must load that file, not ask the system's font database for a family that
might resolve to a different file (or, on another machine, a different
font). ``QRawFont`` from bytes does exactly that; hinting is off
(``PreferNoHinting``) because hinting snaps stems and advances to the pixel
grid, which would move ink away from the positions the PDF uses.

A face is parsed once per thread (QRawFont objects belong to the thread that
made them); each size is a cheap clone sharing the parsed face.
"""

from __future__ import annotations

import logging
import struct
import threading
from pathlib import Path

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QFont, QRawFont

from editor.layout.fontmetrics import FontRef

_log = logging.getLogger(__name__)

#: Sizes kept per thread; a page uses a dozen, the editor's zoom does not add any
#: (the painter's transform scales, the font size stays in points).
MAX_SIZED_FONTS = 128

#: Stands for "Qt cannot load this face" in the caches.
_UNLOADABLE = QRawFont()
_SFNT_HEADER = struct.Struct(">IHHHH")
_TABLE_RECORD = struct.Struct(">4sIII")


def face_bytes(ref: FontRef) -> bytes:
    """The bytes of one face as a stand-alone font file.

    Qt loads only the first face of font data, so a face other than the
    first in a TrueType collection (.ttc) is copied out into its own sfnt:
    the same tables, with a new table directory.
    """
    data = Path(ref.path).read_bytes()
    if data[:4] != b"ttcf" or ref.index == 0:
        return data
    count = struct.unpack_from(">I", data, 8)[0]
    if not 0 <= ref.index < count:
        raise ValueError(f"{ref.path} has {count} faces, not {ref.index + 1}")
    offset = struct.unpack_from(">I", data, 12 + 4 * ref.index)[0]
    version, num_tables, search_range, entry_selector, range_shift = _SFNT_HEADER.unpack_from(data, offset)
    records = [_TABLE_RECORD.unpack_from(data, offset + 12 + 16 * i) for i in range(num_tables)]
    header = _SFNT_HEADER.pack(version, num_tables, search_range, entry_selector, range_shift)
    position = len(header) + 16 * num_tables
    directory, tables = [], []
    for tag, checksum, table_offset, length in records:
        directory.append(_TABLE_RECORD.pack(tag, checksum, position, length))
        table = data[table_offset:table_offset + length]
        padded = table + b"\0" * (-length % 4)
        tables.append(padded)
        position += len(padded)
    return header + b"".join(directory) + b"".join(tables)


class RawFontCache:
    """One parsed QRawFont per face and one sized clone per (face, size), per thread."""

    def __init__(self) -> None:
        self._local = threading.local()

    def _tables(self) -> tuple[dict[FontRef, QRawFont], dict[tuple[FontRef, float], QRawFont]]:
        local = self._local
        if not hasattr(local, "faces"):
            local.faces = {}
            local.sized = {}
        return local.faces, local.sized

    def _face(self, ref: FontRef) -> QRawFont:
        faces, _ = self._tables()
        font = faces.get(ref)
        if font is not None:
            return font
        try:
            font = QRawFont(QByteArray(face_bytes(ref)), 12.0, QFont.HintingPreference.PreferNoHinting)
        except (OSError, ValueError, struct.error) as problem:
            _log.warning("cannot read font %s: %s", ref.path, problem)
            font = _UNLOADABLE
        if font is not _UNLOADABLE and not font.isValid():
            _log.warning("Qt cannot load font %s (face %d)", ref.path, ref.index)
            font = _UNLOADABLE
        faces[ref] = font
        return font
    def get(self, ref: FontRef, size: float) -> QRawFont | None:
        """The face at pixel size ``size`` (in the painter's units), or None if Qt cannot load it."""
        _, sized = self._tables()
        key = (ref, size)
        font = sized.get(key)
        if font is None:
            font = self._face(ref)
            if font is not _UNLOADABLE:
                font = QRawFont(font)
                font.setPixelSize(size)
            if len(sized) >= MAX_SIZED_FONTS:
                sized.pop(next(iter(sized)))
            sized[key] = font
        return None if font is _UNLOADABLE else font

    def clear(self) -> None:
        """Forget this thread's fonts (e.g. after a font file changed on disk)."""
        faces, sized = self._tables()
        faces.clear()
        sized.clear()


#: The process-wide cache the painter uses.
raw_fonts = RawFontCache()
