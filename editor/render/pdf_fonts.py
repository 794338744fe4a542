"""The fonts of a PDF export, registered with ReportLab once per process.

Each face the display list names becomes one registered ReportLab font. A
TrueType face is read once (its bytes kept for subsetting) and its parsed
tables come from the machine-wide cache (``pdf_font_cache``), so the first
export in a process parses no font it has seen before, and later exports in
the same process reuse the registered font and the subsets it made. A face
whose file changed since (size, modification or change time, file number) is
read and registered again; the content hash then finds or makes the right
cache entry. A face with CFF outlines, which ReportLab cannot embed, is
first converted to a TrueType subset of the characters the issue uses
(``font_convert``).
"""

from __future__ import annotations

import functools
import itertools
import os
import threading
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont, TTFontFace

from editor.errors import FontError, display_name
from editor.io.os_errors import os_error_reason
from editor.io.regular_files import FileTooLargeError, NotRegularFileError, read_regular_file
from editor.layout.display import DocumentLayout, GlyphRun
from editor.layout.fontmetrics import FontRef
from editor.render.pdf_font_cache import load_ttfont
from editor.user_dirs import cache_dir

#: Larger than any real font (the largest CJK collections are ~60 MB).
MAX_FONT_BYTES = 512 * 1024 * 1024
#: The cache folder's subfolder for ReportLab's parsed faces.
CACHE_SUBFOLDER = "pdf-faces"
#: Subset font programs kept per face (each 10–300 KB), for exports of the same issue.
SUBSETS_KEPT_PER_FACE = 16

_font_lock = threading.Lock()
#: (face, characters if converted, file signature) → registered ReportLab name.
_registered: dict[tuple[FontRef, str, tuple[int, ...]], str] = {}
#: Numbers ReportLab names; never reused, since ReportLab keeps the first font of a name.
_serial = itertools.count()


def face_cache_folder() -> Path:
    """Where parsed faces are kept (the user cache folder)."""
    return cache_dir() / CACHE_SUBFOLDER


@functools.lru_cache(maxsize=64)
def _face_needs_conversion(ref: FontRef) -> bool:
    """ReportLab embeds only TrueType outlines; CFF faces are converted first."""
    from editor.layout.font_registry import sfnt_has_cff

    try:
        return sfnt_has_cff(ref.path, ref.index)
    except (OSError, ValueError) as problem:
        raise FontError(f"无法读取字体文件“{display_name(ref.path)}”。") from problem


def _file_signature(path: str) -> tuple[int, ...]:
    """What changes when a file is rewritten: on POSIX its ctime always does, whatever mtime says."""
    try:
        info = os.stat(path)
    except OSError as problem:
        raise FontError(f"无法读取字体文件“{display_name(path)}”：{os_error_reason(problem)}") from problem
    return info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino


def _read_font(path: str) -> bytes:
    try:
        return read_regular_file(path, MAX_FONT_BYTES)
    except (NotRegularFileError, FileTooLargeError) as problem:
        raise FontError(f"无法读取字体文件“{display_name(path)}”：不是普通文件或文件过大。") from problem
    except OSError as problem:
        raise FontError(f"无法读取字体文件“{display_name(path)}”：{os_error_reason(problem)}") from problem


def _make_font(name: str, ref: FontRef, convert: bool, used_chars: str) -> TTFont:
    if convert:
        from editor.layout.font_convert import convert_to_truetype

        return TTFont(name, str(convert_to_truetype(ref, used_chars)))
    return load_ttfont(name, ref.path, ref.index, _read_font(ref.path), face_cache_folder())


def register_font(ref: FontRef, postscript_name: str, used_chars: str) -> str:
    """The ReportLab font name for a face, registering (or converting) it once."""
    convert = _face_needs_conversion(ref)
    key = (ref, used_chars if convert else "", _file_signature(ref.path))
    with _font_lock:
        name = _registered.get(key)
        if name is not None:
            return name
        name = f"BM{next(_serial)}-{postscript_name}"[:60]
        try:
            font = _make_font(name, ref, convert, used_chars)
        except TTFError as problem:
            raise FontError(f"字体“{postscript_name}”无法嵌入 PDF：{problem}") from problem
        _remember_subsets(font.face)
        pdfmetrics.registerFont(font)
        _registered[key] = name
        return name


def _remember_subsets(face: TTFontFace) -> None:
    """Keep the font programs ReportLab makes for a face's subsets (its ``makeSubset``).

    ReportLab rebuilds each 256-character subset in every export (a quarter of a
    warm export of the sample); the same characters in the same order give the
    same bytes, so a later export of the same issue reuses them.
    """
    made: dict[tuple[int, ...], bytes] = {}

    def make_subset(subset: list[int]) -> bytes:
        key = tuple(subset)
        program = made.get(key)
        if program is None:
            if len(made) >= SUBSETS_KEPT_PER_FACE:
                made.clear()
            program = made[key] = type(face).makeSubset(face, subset)
        return program

    face.makeSubset = make_subset


def fonts_for(layout: DocumentLayout) -> dict[FontRef, str]:
    """Every face the layout's glyph runs use, registered; by face."""
    used: dict[FontRef, set[str]] = {}
    names: dict[FontRef, str] = {}
    for page in layout.pages:
        for item in page.items:
            if isinstance(item, GlyphRun):
                used.setdefault(item.font, set()).update(item.text)
                names[item.font] = item.postscript_name
    return {ref: register_font(ref, names[ref], "".join(sorted(chars))) for ref, chars in used.items()}
