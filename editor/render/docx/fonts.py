"""Embedding the bundled fonts in the DOCX: subsets, obfuscated as Word does.

Word keeps embedded fonts in ``word/fonts/*.odttf`` parts related from the
font table, each named in ``w:font`` by ``w:embedRegular``/``w:embedBold``
with a ``w:fontKey`` GUID. The part is the TrueType file with its first 32
bytes XORed with the key (ECMA-376 Part 1, 17.8.1): the GUID's 32 hex digits
read as 16 bytes, in reverse order, applied to bytes 0–15 and again to
16–31. Only the characters the file uses (plus ASCII, so a colleague can fix
a number) are kept, with ``fontTools.subset``: a 15 MB CJK face shrinks to a
few hundred kilobytes. A regular face also keeps GB 2312 level 1 (the
3,755 common characters, :func:`gb2312_level1`), so text a colleague types
in Word or WPS is set in the same face rather than a substitute or an empty
box. The OpenType layout tables are left out (see :func:`subset_face`).
Fonts that are not ours to give away (Windows fonts) are only named.
"""

from __future__ import annotations

import functools
import hashlib
import io
import uuid
from dataclasses import dataclass

from fontTools import subset
from fontTools.ttLib import TTFont
from lxml import etree

from editor.errors import FontError
from editor.layout.charformat import FormatResolver
from editor.layout.fontmetrics import FontRef, load_face
from editor.model.document import Document
from editor.render.docx.content import CharUsage
from editor.render.docx.fontnames import WordFont, is_bundled
from editor.render.docx.ooxml import el, w_val

#: Always kept in a subset: printable ASCII, so typing a digit or a Latin letter in Word works.
_ALWAYS_KEPT = "".join(chr(code) for code in range(0x20, 0x7F))
_LAYOUT_TABLES = ("GSUB", "GPOS", "GDEF", "BASE", "JSTF", "STAT")
_KEY_NAMESPACE = uuid.UUID("5f0c1d2e-8a4b-4c39-9e57-0b5a6d1f2c3e")


@dataclass(frozen=True)
class EmbeddedFace:
    """One face ready to store: its family, weight slot, key and obfuscated bytes."""

    family: str
    bold: bool
    font_key: str
    data: bytes
    #: ``w:sig``/panose facts for the font table.
    panose: str
    signature: dict[str, str]


def _key_bytes(font_key: str) -> bytes:
    """The 16 XOR bytes of a ``{GUID}`` key: its hex digits as bytes, last first."""
    digits = font_key.strip("{}").replace("-", "")
    if len(digits) != 32:
        raise ValueError(f"not a GUID: {font_key!r}")
    return bytes.fromhex(digits)[::-1]


def obfuscate(data: bytes, font_key: str) -> bytes:
    """Word's embedded-font obfuscation; applying it twice gives the font back."""
    key = _key_bytes(font_key)
    head = bytes(b ^ key[i % 16] for i, b in enumerate(data[:32]))
    return head + data[32:]


@functools.cache
def gb2312_level1() -> str:
    """GB 2312 level 1 (一级汉字, 3,755 characters): bytes 0xB0A1–0xD7F9, read through the codec.

    Rows 0xB0–0xD7, cells 0xA1–0xFE; the last row ends at 0xD7F9 (0xD7FA–0xD7FE are unassigned).
    """
    cells = [(lead, trail) for lead in range(0xB0, 0xD8) for trail in range(0xA1, 0xFF)
             if (lead, trail) <= (0xD7, 0xF9)]
    return "".join(bytes(cell).decode("gb2312") for cell in cells)


def with_common_characters(used: dict[FontRef, set[str]], regular: set[FontRef]) -> dict[FontRef, set[str]]:
    """``used`` with GB 2312 level 1 added to every regular face (what a colleague is likely to type)."""
    return {ref: chars | set(gb2312_level1()) if ref in regular else chars for ref, chars in used.items()}


def faces_used(doc: Document, usage: CharUsage, resolver: FormatResolver) -> dict[FontRef, set[str]]:
    """Characters per face, each character going to the first face that has it (as in layout)."""
    used: dict[FontRef, set[str]] = {}
    for (paragraph_style, char_style), chars in usage.by_format.items():
        faces = resolver.char_format(paragraph_style, char_style).faces
        for ch in chars:
            if ch.isspace():
                continue
            face = next((f for f in faces if f.has(ch)), faces[0])
            used.setdefault(face.ref, set()).add(ch)
    return used


@functools.lru_cache(maxsize=16)
def subset_face(ref: FontRef, chars: str) -> bytes:
    """A TrueType subset of ``ref`` holding ``chars`` and printable ASCII, names kept."""
    options = subset.Options()
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.name_legacy = True
    options.notdef_outline = True
    options.glyph_names = False
    options.recalc_timestamp = False
    # Keep the original OS/2 ranges: Word decides from the code-page bits (GB 2312 among
    # them) whether a font can set Chinese, and a small subset would lose that bit.
    options.prune_unicode_ranges = False
    options.prune_codepage_ranges = False
    # Keep each glyph's outline bytes as they are instead of decoding and re-encoding them
    # to recompute bounding boxes: five times faster for a subset of thousands of characters
    # (10,000 Han: about 4 s → 1 s per face); the font-wide box simply stays the original's.
    options.recalc_bounds = False
    try:
        font = TTFont(ref.path, fontNumber=ref.index, recalcTimestamp=False, recalcBBoxes=False)
        # Our composer measures with hmtx advances only; without the OpenType layout tables
        # other renderers measure the same (no kerning, no —— ligature). Deleting them before
        # subsetting also spares decoding them, which is most of the time subsetting takes.
        for tag in _LAYOUT_TABLES:
            if tag in font:
                del font[tag]
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes={ord(ch) for ch in chars + _ALWAYS_KEPT})
        subsetter.subset(font)
        out = io.BytesIO()
        font.save(out)
    except Exception as problem:  # fontTools raises many kinds for broken files
        raise FontError(f"无法把字体“{ref.path}”嵌入 Word 文件：{problem}") from problem
    return out.getvalue()


def _facts(data: bytes) -> tuple[bool, str, dict[str, str]]:
    """(bold?, panose hex, w:sig attributes) read from a font's OS/2 table."""
    os2 = TTFont(io.BytesIO(data), lazy=True)["OS/2"]
    panose = os2.panose
    panose_hex = "".join(f"{getattr(panose, name):02X}" for name in (
        "bFamilyType", "bSerifStyle", "bWeight", "bProportion", "bContrast", "bStrokeVariation",
        "bArmStyle", "bLetterForm", "bMidline", "bXHeight"))
    signature = {
        "w:usb0": f"{os2.ulUnicodeRange1:08X}", "w:usb1": f"{os2.ulUnicodeRange2:08X}",
        "w:usb2": f"{os2.ulUnicodeRange3:08X}", "w:usb3": f"{os2.ulUnicodeRange4:08X}",
        "w:csb0": f"{getattr(os2, 'ulCodePageRange1', 0):08X}", "w:csb1": f"{getattr(os2, 'ulCodePageRange2', 0):08X}",
    }
    bold = os2.usWeightClass >= 600 or bool(os2.fsSelection & 0x20)
    return bold, panose_hex, signature


def embedded_faces(used: dict[FontRef, set[str]]) -> list[EmbeddedFace]:
    """The bundled faces among ``used``, subset and obfuscated (deterministic keys: same file, same bytes)."""
    faces: list[EmbeddedFace] = []
    for ref in sorted(used, key=lambda r: (r.path, r.index)):
        if not is_bundled(ref):
            continue
        data = subset_face(ref, "".join(sorted(used[ref])))
        bold, panose, signature = _facts(data)
        font_key = "{" + str(uuid.uuid5(_KEY_NAMESPACE, hashlib.sha256(data).hexdigest())).upper() + "}"
        faces.append(EmbeddedFace(load_face(ref).family_name, bold, font_key, obfuscate(data, font_key),
                                  panose, signature))
    return faces


#: The Windows font a reader without ours should use instead: 宋体 for a serif (明体) face, 黑体 for a sans.
SERIF_FALLBACK = "宋体"
SANS_FALLBACK = "黑体"


def fallback_name(font: WordFont) -> str:
    """``w:altName``: the Windows face of the same kind, so a reader lacking ours falls back predictably."""
    return SANS_FALLBACK if font.sans else SERIF_FALLBACK


def font_entry(font: WordFont, embedded: list[tuple[EmbeddedFace, str]]) -> etree._Element:
    """``w:font`` for the font table: how Word finds (or substitutes) the family, and its embedded faces."""
    entry = el("w:font", {"w:name": font.name})
    alternative = fallback_name(font)
    if alternative != font.name:
        entry.append(w_val("w:altName", alternative))
    facts = embedded[0][0] if embedded else None
    if facts is not None:
        entry.append(w_val("w:panose1", facts.panose))
    entry.append(w_val("w:charset", "86"))  # GB 2312: tells Word this is a Simplified Chinese font
    entry.append(w_val("w:family", "swiss" if font.sans else "roman"))
    entry.append(w_val("w:pitch", "variable"))
    if facts is not None:
        entry.append(el("w:sig", facts.signature))
    for face, relationship_id in sorted(embedded, key=lambda pair: pair[0].bold):
        tag = "w:embedBold" if face.bold else "w:embedRegular"
        entry.append(el(tag, {"r:id": relationship_id, "w:fontKey": face.font_key, "w:subsetted": 1}))
    return entry
