"""ReportLab's parsed TrueType faces, kept in the user cache folder.

ReportLab parses a font's ``cmap``, ``hmtx`` and ``loca`` tables in pure
Python every time a ``TTFont`` is made: 40–70 ms for each of the bundled
30 000-glyph CJK faces, most of a small export's time. This module parses a
face once per machine and keeps what ReportLab read in one cache entry per
font content; later processes rebuild the face from the entry in a few
milliseconds and give ReportLab the font's bytes for subsetting.

An entry is named, and checked, by the SHA-256 of the font file's bytes (with
the face index, ReportLab's version and this format's version). Size and
modification time are not enough: a copied-over font can keep both, and the
cached ``loca`` offsets point into one exact ``glyf`` table, so a mismatch would
draw wrong outlines. The bytes hashed are the very bytes kept for subsetting,
read once, so the tables and the outlines can never come from two versions of
a file. SHA-256 is measured faster here than BLAKE2b (5.9 against 11.7 ms for
10 MB: the CPU hashes SHA-256 in hardware), ~25 ms for the four bundled faces.

An entry carries a digest of its payload: a half-written, truncated or
damaged entry fails the check and is parsed again and rewritten (atomically,
``editor.io.atomic``). The payload is ``marshal`` data of plain values only
(numbers, strings, bytes, lists, dicts), read only after the digest matches.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import marshal
from fnmatch import fnmatch
from functools import cached_property
from pathlib import Path
from weakref import WeakKeyDictionary

import reportlab
from reportlab import rl_config
from reportlab.pdfbase.ttfonts import TTEncoding, TTFNameBytes, TTFont, TTFontFace, unShapedFontGlob

from editor.io.atomic import write_atomically

#: Bump when the payload's layout changes; old entries are then ignored.
FORMAT_VERSION = 1
_MAGIC = b"BMRLFACE"
_DIGEST_BYTES = 32
#: Attributes of a parsed face that are not data: rebuilt, never stored.
_TRANSIENT = frozenset({"_ttf_data", "_pdfScale", "_pos", "filename"})
#: Large tables stored in their own form (see ``_payload``).
_SEPARATE = frozenset({"hmetrics", "glyphToChar"})


def font_digest(data: bytes) -> str:
    """The content key of a font file."""
    return hashlib.sha256(data).hexdigest()


def entry_path(folder: Path, digest: str, index: int) -> Path:
    """Where the entry for face ``index`` of the font with ``digest`` lives."""
    return folder / f"{digest}-{index}-rl{reportlab.Version}-v{FORMAT_VERSION}.face"


class CachedTTFontFace(TTFontFace):
    """A ``TTFontFace`` rebuilt from a cache entry instead of parsed.

    ``glyphToChar`` is only read when ReportLab shapes text (never, here), so
    it stays marshalled until then.
    """

    _glyph_to_char_blob: bytes

    @cached_property
    def glyphToChar(self) -> dict[int, list[int]]:  # noqa: N802 - ReportLab's name
        return marshal.loads(self._glyph_to_char_blob)


def load_ttfont(name: str, path: str, index: int, data: bytes, folder: Path | None) -> TTFont:
    """A ReportLab font named ``name`` for face ``index`` of the font ``data`` read from ``path``.

    Taken from the entry in ``folder`` when a sound one exists, else parsed
    (``TTFError`` for a font ReportLab cannot use) and, with a ``folder``, stored.
    """
    digest = font_digest(data)
    entry = entry_path(folder, digest, index) if folder is not None else None
    if entry is not None:
        face = _read_entry(entry, digest, path, data)
        if face is not None:
            return _font_around(name, face)
    source = io.BytesIO(data)
    source.name = path  # ReportLab names the face's file after it
    font = TTFont(name, source, subfontIndex=index)
    if entry is not None:
        with contextlib.suppress(OSError):  # a cache that cannot be written costs time only
            entry.parent.mkdir(parents=True, exist_ok=True)
            blob = _entry_bytes(font.face, digest)
            write_atomically(entry, lambda handle: handle.write(blob))
    return font


def _font_around(name: str, face: TTFontFace) -> TTFont:
    """What ``TTFont.__init__`` makes, around a face that is already parsed."""
    font = TTFont.__new__(TTFont)
    font.fontName = name
    font.face = face
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, pattern) for pattern in unShapedFontGlob)
    return font


def _payload(face: TTFontFace) -> bytes:
    state = {key: value for key, value in vars(face).items() if key not in _TRANSIENT | _SEPARATE}
    names = {key: (bytes(value), value.ustr) for key, value in state.items() if isinstance(value, TTFNameBytes)}
    for key in names:
        del state[key]
    advances = [advance for advance, _ in face.hmetrics]
    bearings = [bearing for _, bearing in face.hmetrics]
    return marshal.dumps((state, names, advances, bearings, marshal.dumps(face.glyphToChar)))


def _entry_bytes(face: TTFontFace, digest: str) -> bytes:
    payload = _payload(face)
    check = hashlib.sha256(payload).digest()
    return _MAGIC + bytes.fromhex(digest) + check + payload


def _read_entry(entry: Path, digest: str, path: str, data: bytes) -> CachedTTFontFace | None:
    """The face stored in ``entry``, or None when it is missing, foreign or damaged."""
    try:
        blob = entry.read_bytes()
    except OSError:
        return None
    header = len(_MAGIC) + 2 * _DIGEST_BYTES
    if len(blob) <= header or not blob.startswith(_MAGIC):
        return None
    if blob[len(_MAGIC):len(_MAGIC) + _DIGEST_BYTES] != bytes.fromhex(digest):
        return None
    payload = memoryview(blob)[header:]
    if hashlib.sha256(payload).digest() != blob[header - _DIGEST_BYTES:header]:
        return None
    try:
        return _face_from(marshal.loads(payload), path, data)
    except (ValueError, EOFError, TypeError, AttributeError, ZeroDivisionError):
        return None  # sound digest, foreign shape: an entry we did not write


def _face_from(values: tuple, path: str, data: bytes) -> CachedTTFontFace:
    state, names, advances, bearings, glyph_to_char = values
    face = CachedTTFontFace.__new__(CachedTTFontFace)
    vars(face).update(state)
    for key, (raw, text) in names.items():
        name_bytes = TTFNameBytes(raw)
        name_bytes.ustr = text
        setattr(face, key, name_bytes)
    face.hmetrics = list(zip(advances, bearings, strict=True))  # unequal: ValueError, the entry is parsed anew
    face._glyph_to_char_blob = glyph_to_char
    face._ttf_data = data
    face._pos = 0
    face.filename = path
    per_unit = 1000 / face.unitsPerEm
    face._pdfScale = (lambda x: x) if face.unitsPerEm == 1000 else (lambda x: x * per_unit)
    return face
