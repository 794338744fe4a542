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
from PySide6.QtGui import QFont, QFontDatabase, QRawFont

from editor.layout.fontmetrics import FontRef
from editor.render.print_cmap import with_text_cmap

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
        if font is None:
            font = faces[ref] = self._load(ref)
        return font

    def _load(self, ref: FontRef) -> QRawFont:
        """The face parsed from its file's bytes at 12 px, or ``_UNLOADABLE``.

        A file's first face (every bundled font) is read by Qt from the file: its bytes read
        into Python and copied into a QByteArray took 60 % longer for the four Noto faces
        (50 MB) that the sample's first page needs (issue #12, start to the painted page).
        """
        hinting = QFont.HintingPreference.PreferNoHinting
        try:
            font = QRawFont(ref.path, 12.0, hinting) if ref.index == 0 else \
                QRawFont(QByteArray(face_bytes(ref)), 12.0, hinting)
        except (OSError, ValueError, struct.error) as problem:
            _log.warning("cannot read font %s: %s", ref.path, problem)
            return _UNLOADABLE
        if not font.isValid():
            _log.warning("Qt cannot load font %s (face %d)", ref.path, ref.index)
            return _UNLOADABLE
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


#: Tables that identify a face: the same bytes in both means the same face (the cmap is the printer's own).
_IDENTIFYING_TABLES = ("cmap", "name", "maxp")
#: Application font IDs by face, so each face is added to Qt's font database once.
_database_ids: dict[FontRef, int] = {}


def _database_faces(ref: FontRef, data: bytes) -> list[QRawFont]:
    """Every face Qt's font database has under the families of ``data``, which it adds once for ``ref``."""
    font_id = _database_ids.get(ref)
    if font_id is None:
        font_id = _database_ids[ref] = QFontDatabase.addApplicationFontFromData(QByteArray(data))
    if font_id < 0:
        return []
    faces = []
    for family in QFontDatabase.applicationFontFamilies(font_id):
        for style in QFontDatabase.styles(family):
            font = QFontDatabase.font(family, style, 12)
            font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
            faces.append(QRawFont.fromFont(font))
    return faces


class EmbeddableFontCache(RawFontCache):
    """QRawFonts from Qt's font database, for paint engines that embed fonts (PDF, printers).

    Qt's PDF engine (which also prints through CUPS) embeds a font only when
    its face has a name in Qt's font database; a QRawFont made from bytes
    has none, so its glyphs would become filled outlines: no text to search,
    copy or check, and a heavier file for the printer. Here the face, with
    the cmap ``print_cmap`` gives it so that the PDF's text reads right, is
    added to Qt's font database and the face found there whose identifying
    tables equal it (the glyph IDs are the file's); when Qt resolves none to
    it, the face is loaded from bytes as on screen and printed as outlines.
    """

    def _load(self, ref: FontRef) -> QRawFont:
        try:
            data = with_text_cmap(face_bytes(ref))
        except Exception as problem:  # noqa: BLE001 - fontTools raises many kinds on a damaged face
            _log.warning("cannot prepare font %s (face %d) for printing: %s", ref.path, ref.index, problem)
            return super()._load(ref)
        wanted = QRawFont(QByteArray(data), 12.0, QFont.HintingPreference.PreferNoHinting)
        tables = [wanted.fontTable(tag) for tag in _IDENTIFYING_TABLES]
        for face in _database_faces(ref, data):
            if face.isValid() and [face.fontTable(tag) for tag in _IDENTIFYING_TABLES] == tables:
                return face
        _log.warning("Qt's font database does not resolve %s (face %d): printed as outlines", ref.path, ref.index)
        return super()._load(ref)


#: The process-wide cache the painter uses on screen and for pictures.
raw_fonts = RawFontCache()
#: The process-wide cache the painter uses on printers and PDF writers.
embeddable_fonts = EmbeddableFontCache()
