"""Font reading edge cases: typographic family name, ink of TrueType vs CFF glyphs, a short OS/2.

Each font is built in the test (fontTools' FontBuilder or raw sfnt bytes), so the expected
values are the ones written into the font, never values read back by the code under test.
"""

from __future__ import annotations

import struct

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.t2CharStringPen import T2CharStringPen

from editor.layout import fontmetrics
from editor.layout.font_registry import read_faces
from editor.layout.fontmetrics import FontRef
from tests.font_factories import tiny_truetype


def _load_uncached(path, tmp_path, monkeypatch) -> fontmetrics.FaceMetrics:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "cache"))
    return fontmetrics.load_face.__wrapped__(FontRef(str(path), 0))


def test_the_typographic_family_name_16_wins_over_the_legacy_name_1(tmp_path, monkeypatch):
    fb = tiny_truetype("Banmian Test Light", "Regular")
    fb.setupNameTable(
        {
            "familyName": "Banmian Test Light",
            "styleName": "Regular",
            "typographicFamily": "Banmian Test",
            "typographicSubfamily": "Light",
        },
        mac=False,
    )
    path = tmp_path / "light.ttf"
    fb.save(str(path))
    face = _load_uncached(path, tmp_path, monkeypatch)
    assert face.family_name == "Banmian Test"


def test_without_a_typographic_name_the_legacy_family_name_is_used(tmp_path, monkeypatch):
    path = tmp_path / "plain.ttf"
    tiny_truetype("Banmian Plain").save(str(path))
    face = _load_uncached(path, tmp_path, monkeypatch)
    assert face.family_name == "Banmian Plain"


def test_ink_of_a_truetype_glyph_is_its_outline_extent_and_a_missing_character_has_none(
    tmp_path, monkeypatch
):
    # tiny_truetype's "A" is a triangle from x=0 to x=500 in a 1000-unit em.
    path = tmp_path / "ink.ttf"
    tiny_truetype("Banmian Ink").save(str(path))
    face = _load_uncached(path, tmp_path, monkeypatch)
    assert face.ink_extent("A") == (0.0, 0.5)
    assert face.ink_extent("B") is None


def _tiny_cff(path) -> None:
    """A CFF font whose "A" is a box from x=100 to x=300 (1000-unit em)."""
    fb = FontBuilder(1000, isTTF=False)
    fb.setupGlyphOrder([".notdef", "A"])
    fb.setupCharacterMap({0x41: "A"})
    pen = T2CharStringPen(600, None)
    pen.moveTo((100, 0))
    pen.lineTo((100, 400))
    pen.lineTo((300, 400))
    pen.lineTo((300, 0))
    pen.closePath()
    empty = T2CharStringPen(500, None)
    fb.setupCFF(
        "BanmianCff-Regular", {"FullName": "Banmian Cff"},
        {".notdef": empty.getCharString(), "A": pen.getCharString()}, {},
    )
    fb.setupHorizontalMetrics({".notdef": (500, 0), "A": (600, 0)})
    fb.setupHorizontalHeader(ascent=800, descent=-200)
    fb.setupNameTable({"familyName": "Banmian Cff", "styleName": "Regular"}, mac=False)
    fb.setupOS2()
    fb.setupPost()
    fb.save(str(path))


def test_ink_of_a_cff_glyph_is_its_outline_extent(tmp_path, monkeypatch):
    path = tmp_path / "ink.otf"
    _tiny_cff(path)
    face = _load_uncached(path, tmp_path, monkeypatch)
    assert face.ink_extent("A") == (0.1, 0.3)


def _sfnt_with_only_os2(os2: bytes) -> bytes:
    """A single-face sfnt holding just an OS/2 table (all the registry scan reads of it)."""
    header = struct.pack(">4sHHHH", b"\x00\x01\x00\x00", 1, 16, 0, 0)
    offset = 12 + 16
    record = struct.pack(">4sIII", b"OS/2", 0, offset, len(os2))
    return header + record + os2


def test_a_64_byte_os2_table_still_gives_weight_and_italic(tmp_path):
    # OS/2 version 0 as some old fonts carry it: 64 bytes is enough for usWeightClass
    # (bytes 4..6) and fsSelection (bytes 62..64).
    os2 = bytearray(64)
    os2[4:6] = struct.pack(">H", 300)
    os2[62:64] = struct.pack(">H", 0x01)  # italic
    path = tmp_path / "short_os2.ttf"
    path.write_bytes(_sfnt_with_only_os2(bytes(os2)))
    (face,) = read_faces(str(path))
    assert face.weight == 300
    assert face.italic is True


def test_ink_of_a_curved_truetype_glyph_is_the_box_of_its_points(tmp_path, monkeypatch):
    # A quadratic bulge to the left through an off-curve point at x=-200: the box of the
    # glyph's points (what a glyf entry records, and the conservative extent the composer
    # wants) reaches x=-200 although the curve itself only reaches x=-100.
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    fb = tiny_truetype("Banmian Curve")
    pen = TTGlyphPen(None)
    pen.moveTo((0, 0))
    pen.qCurveTo((-200, 250), (0, 500))
    pen.lineTo((500, 500))
    pen.closePath()
    fb.setupGlyf({".notdef": TTGlyphPen(None).glyph(), "A": pen.glyph()})
    path = tmp_path / "curve.ttf"
    fb.save(str(path))
    face = _load_uncached(path, tmp_path, monkeypatch)
    assert face.ink_extent("A") == (-0.2, 0.5)
