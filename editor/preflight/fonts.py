"""Fonts: families drawn by a stand-in, font files that cannot be read, embedded or converted.

- A family the styles ask for that is not installed is drawn in a bundled
  one (``FontRegistry.resolve``: ``substituted``): the print looks unlike
  the designer's screen, so it is a warning.
- A face the display list draws with whose file cannot be read any more, or
  whose OS/2 ``fsType`` forbids embedding it as our PDFs do (restricted
  licence, no subsetting, bitmap only), cannot go into the PDF: an error.
- A face with PostScript (CFF) outlines is converted for the PDF
  (``editor.layout.font_convert``); each character the issue uses is
  converted here as the export would (memoised per face and character, so
  a keystroke costs only its new characters), and a failure is an error.

fontTools reads ``OS/2`` and the outlines; answers are kept per file
(path, size and modification time), so a check after an edit reads nothing.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from fontTools.ttLib import TTFont

from editor.errors import display_name
from editor.layout.charformat import requested_faces
from editor.layout.display import DocumentLayout, GlyphRun
from editor.layout.engine import default_faces
from editor.layout.font_registry import FaceRef, FontRegistry, sfnt_has_cff
from editor.model.document import Document
from editor.preflight.findings import (
    ERROR,
    FONT_MISSING,
    FONT_NOT_CONVERTIBLE,
    FONT_NOT_EMBEDDABLE,
    FONT_SUBSTITUTED,
    WARNING,
    Finding,
    PreflightSettings,
)

#: OS/2 fsType (OpenType spec): the low four bits are exclusive usage permissions (set together, the
#: least restrictive wins); 2 alone is a restricted licence: no embedding at all.
_USAGE_BITS = 0x000F
_RESTRICTED_LICENSE = 0x0002
#: The font may be embedded only whole — our PDFs embed subsets.
_NO_SUBSETTING = 0x0100
#: Only bitmaps may be embedded — our PDFs embed outlines.
_BITMAP_ONLY = 0x0200
#: Why each forbids our PDF, in the user's words.
_FORBIDDEN: tuple[tuple[int, str], ...] = (
    (_BITMAP_ONLY, "只允许嵌入位图"), (_NO_SUBSETTING, "不允许只嵌入用到的字（子集）"))

#: (path, index, size, mtime) → the file's answers.
_FileKey = tuple[str, int, int, int]


def _file_key(face: FaceRef) -> _FileKey | None:
    try:
        stat = os.stat(face.path)
    except OSError:
        return None
    return (face.path, face.index, stat.st_size, stat.st_mtime_ns)


def _opened(key: _FileKey) -> TTFont | None:
    """The face read lazily with fontTools; None when fontTools cannot read it.

    The caller closes it: a font file held open cannot be replaced or removed on Windows.
    """
    try:
        return TTFont(key[0], fontNumber=key[1], lazy=True)
    except Exception:  # noqa: BLE001 - fontTools raises many kinds for broken files
        return None


def embedding_forbidden(font: TTFont) -> str:
    """Why the face's OS/2 ``fsType`` forbids embedding it in our PDF (subset outlines); "" when it allows it.

    ReportLab does not ask: its own check is off unless a font is listed in
    ``rl_config.allowTTFSubsetting``, so the export would embed the font against its licence.
    """
    if "OS/2" not in font:
        return ""
    fs_type = font["OS/2"].fsType
    if fs_type & _USAGE_BITS == _RESTRICTED_LICENSE:
        return "不允许嵌入"
    return next((reason for bit, reason in _FORBIDDEN if fs_type & bit), "")


#: (file key, character) → whether its outline converts to TrueType.
_converts: dict[tuple[_FileKey, str], bool] = {}


def _char_converts(key: _FileKey, font: TTFont, char: str) -> bool:
    """Draw one character's CFF outline into a TrueType glyph, as ``font_convert.otf_to_ttf`` does."""
    memo = _converts.get((key, char))
    if memo is None:
        from fontTools.pens.cu2quPen import Cu2QuPen  # only documents set in a CFF face pay for these
        from fontTools.pens.ttGlyphPen import TTGlyphPen

        from editor.layout.font_convert import MAX_ERR_UNITS

        try:
            glyph_set = font.getGlyphSet()
            name = (font.getBestCmap() or {}).get(ord(char))
            if name is not None:
                pen = TTGlyphPen(glyph_set)
                glyph_set[name].draw(Cu2QuPen(pen, MAX_ERR_UNITS, reverse_direction=True))
                pen.glyph()
            memo = True
        except Exception:  # noqa: BLE001 - a broken charstring fails in many ways
            memo = False
        _converts[(key, char)] = memo
    return memo


def _face_problem(face: FaceRef, chars: Iterable[str]) -> tuple[str, str] | None:
    """(kind, sentence) of what keeps ``face`` out of the PDF, or None."""
    label = f"字体文件“{display_name(Path(face.path).name)}”"
    key = _file_key(face)
    font = _opened(key) if key is not None else None
    if font is None:
        return FONT_MISSING, f"{label}找不到或无法读取，导出的 PDF 中这些文字无法显示。"
    with font:
        return _open_face_problem(face, key, font, label, chars)


def _open_face_problem(face: FaceRef, key: _FileKey, font: TTFont, label: str,
                       chars: Iterable[str]) -> tuple[str, str] | None:
    forbidden = embedding_forbidden(font)
    if forbidden:
        return FONT_NOT_EMBEDDABLE, f"{label}的授权{forbidden}（OS/2 fsType），不能用于导出的 PDF，请换用其他字体。"
    try:
        cff = sfnt_has_cff(face.path, face.index)
    except (OSError, ValueError):
        cff = False
    if cff and not all(_char_converts(key, font, char) for char in sorted(set(chars))):
        return FONT_NOT_CONVERTIBLE, f"{label}使用 PostScript (CFF) 轮廓，部分文字无法转换为可嵌入 PDF 的字体。"
    return None


def _faces_used(layout: DocumentLayout) -> dict[FaceRef, tuple[int, set[str]]]:
    """Each face the display list draws with: the first page (1-based) it draws on and its characters."""
    used: dict[FaceRef, tuple[int, set[str]]] = {}
    for page in layout.pages:
        for item in page.items:
            if isinstance(item, GlyphRun):
                used.setdefault(item.font, (page.index + 1, set()))[1].update(item.text)
    return used


def check(doc: Document, layout: DocumentLayout, settings: PreflightSettings,
          faces: FontRegistry | None = None) -> list[Finding]:
    """Warnings for substituted families, errors for faces the PDF cannot embed."""
    registry = faces if faces is not None else default_faces()
    findings: list[Finding] = []
    seen: set[str] = set()
    for family, bold in requested_faces(doc):
        resolved = registry.resolve(family, bold)
        if resolved.substituted and family not in seen:
            seen.add(family)
            message = f"字体“{display_name(family)}”未安装，已用 {resolved.family} 代替：印出来会和设计的不一样。"
            findings.append(Finding(FONT_SUBSTITUTED, WARNING, message))
    for face, (page, chars) in _faces_used(layout).items():
        problem = _face_problem(face, chars)
        if problem is not None:
            findings.append(Finding(problem[0], ERROR, problem[1], page))
    return findings
