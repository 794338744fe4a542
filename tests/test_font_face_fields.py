"""What the font registry and the metrics reader take from a font's own tables.

Each font here is built with fontTools' FontBuilder with the exact table values
a test needs (OS/2 code pages and weight, name records, outline tables), so the
expected answer is the value written into the font, never one read back with
the code under test.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

import pytest
from fontTools.ttLib import TTCollection, TTFont
from fontTools.ttLib.tables._n_a_m_e import NameRecord

from editor.layout import font_registry
from editor.layout.font_registry import FaceRef, FontRegistry, read_faces, sfnt_has_cff
from editor.layout.fontmetrics import FontRef, load_face
from tests.font_factories import replace_table, tiny_truetype

#: OS/2 ulCodePageRange1 bits (OpenType spec, OS/2 table): 0 Latin 1, 18 cp936 (PRC), 20 cp950 (Big5).
LATIN_1 = 1 << 0
CP936 = 1 << 18
CP950 = 1 << 20
#: ulUnicodeRange2 bit 27 is Unicode range bit 59, CJK Unified Ideographs.
CJK_IDEOGRAPHS_RANGE2 = 1 << 27


def _font(path: Path, family: str, style: str = "Regular", **os2: int) -> Path:
    """Save a one-glyph font called ``family`` / ``style`` whose OS/2 table holds the fields ``os2``."""
    fb = tiny_truetype(family, style)
    fb.setupOS2(**os2)
    fb.save(str(path))
    return path


def _font_without_os2(path: Path, family: str, style: str) -> Path:
    fb = tiny_truetype(family, style)
    fb.save(str(path))
    font = TTFont(str(path))
    assert "OS/2" not in font
    return path


# -- Chinese capability from the OS/2 code pages ----------------------------------------


@pytest.mark.parametrize(
    ("code_pages", "range2", "chinese"),
    [
        (CP936, 0, True),
        (CP950, 0, True),
        (LATIN_1 | CP950, 0, True),
        (LATIN_1, CJK_IDEOGRAPHS_RANGE2, False),  # code pages stated and none is Chinese
        (0, CJK_IDEOGRAPHS_RANGE2, True),  # no code pages: the CJK Ideographs range decides
        (0, 0, False),
    ],
    ids=["cp936", "cp950-big5", "latin-and-big5", "latin-only", "cjk-range-only", "nothing"],
)
def test_a_face_is_chinese_by_its_gb_or_big5_code_page(tmp_path: Path, code_pages: int, range2: int,
                                                       chinese: bool) -> None:
    path = _font(tmp_path / "f.ttf", "Banmian Code Pages", ulCodePageRange1=code_pages,
                 ulUnicodeRange2=range2)
    (face,) = read_faces(str(path))
    assert face.chinese is chinese


def test_a_big5_only_family_is_listed_with_the_chinese_families(tmp_path: Path) -> None:
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    _font(fonts / "big5.ttf", "Aaa Big5 Ming", ulCodePageRange1=CP950)
    _font(fonts / "latin.ttf", "Aaa Latin Sans", ulCodePageRange1=LATIN_1)
    registry = FontRegistry(font_dirs=[fonts], cache_dir=tmp_path / "cache")
    families = registry.available_families()
    assert families.index("Aaa Big5 Ming") < families.index("Aaa Latin Sans")


# -- weight and slant -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("style", "weight", "italic"),
    [("Regular", 400, False), ("Bold", 700, False), ("Bold Italic", 700, True), ("Oblique", 400, True),
     ("Italic", 400, True)],
)
def test_without_an_os2_table_weight_and_slant_come_from_the_style_name(
        tmp_path: Path, style: str, weight: int, italic: bool) -> None:
    path = _font_without_os2(tmp_path / "f.ttf", "Banmian Old Style", style)
    (face,) = read_faces(str(path))
    assert (face.weight, face.italic) == (weight, italic)


def test_an_oblique_face_is_slanted_even_when_its_os2_says_upright(tmp_path: Path) -> None:
    path = _font(tmp_path / "f.ttf", "Banmian Slant", "Oblique", usWeightClass=400, fsSelection=0x40)
    (face,) = read_faces(str(path))
    assert face.italic is True


def test_bold_picks_a_semibold_600_face_when_the_family_has_no_700(tmp_path: Path) -> None:
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    regular = _font(fonts / "r.ttf", "Banmian Semi", "Regular", usWeightClass=400, fsSelection=0x40)
    semibold = _font(fonts / "sb.ttf", "Banmian Semi", "SemiBold", usWeightClass=600, fsSelection=0)
    registry = FontRegistry(font_dirs=[fonts], cache_dir=tmp_path / "cache")
    assert registry.resolve("Banmian Semi").face == FaceRef(str(regular), 0)
    bold = registry.resolve("Banmian Semi", bold=True)
    assert bold.face == FaceRef(str(semibold), 0)
    assert bold.synthetic_bold_needed is False


def test_a_medium_500_face_is_not_taken_for_bold(tmp_path: Path) -> None:
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    regular = _font(fonts / "r.ttf", "Banmian Medium", "Regular", usWeightClass=400, fsSelection=0x40)
    _font(fonts / "m.ttf", "Banmian Medium", "Medium", usWeightClass=500, fsSelection=0)
    bold = FontRegistry(font_dirs=[fonts], cache_dir=tmp_path / "cache").resolve("Banmian Medium", bold=True)
    assert (bold.face, bold.synthetic_bold_needed) == (FaceRef(str(regular), 0), True)


# -- CFF outlines -----------------------------------------------------------------------------


def _cff_table_font(path: Path, tag: str) -> Path:
    """A TrueType-tagged file whose table directory also lists a ``tag`` table (its 'post' entry
    renamed): what decides is the table, as for fonts that tools saved with the TrueType tag."""
    _font(path, "Banmian Outline Tag")
    data = bytearray(path.read_bytes())
    assert data[:4] == b"\x00\x01\x00\x00"
    num_tables = struct.unpack(">H", data[4:6])[0]
    entries = [12 + 16 * i for i in range(num_tables)]
    (post,) = [entry for entry in entries if data[entry:entry + 4] == b"post"]
    data[post:post + 4] = tag.encode("latin-1")
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize("tag", ["CFF ", "CFF2"])
def test_a_cff_or_cff2_table_marks_postscript_outlines_whatever_the_version_tag(tmp_path: Path, tag: str) -> None:
    path = _cff_table_font(tmp_path / "f.ttf", tag)
    assert sfnt_has_cff(str(path), 0) is True
    (face,) = read_faces(str(path))
    assert face.cff is True


def test_a_glyf_font_has_no_cff_outlines(tmp_path: Path) -> None:
    path = _font(tmp_path / "f.ttf", "Banmian Glyf")
    assert sfnt_has_cff(str(path), 0) is False
    assert read_faces(str(path))[0].cff is False


# -- the Mac font folder ----------------------------------------------------------------------


def test_the_mac_user_font_folder_is_library_fonts_in_the_home_folder(monkeypatch: pytest.MonkeyPatch,
                                                                      tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: tmp_path))
    assert font_registry.default_font_dirs() == [
        Path("/Library/Fonts"), Path("/System/Library/Fonts"), tmp_path / "Library" / "Fonts"]


# -- the metrics reader's names ---------------------------------------------------------------


def _mac_named_font(path: Path, records: list[tuple[int, int, str]]) -> Path:
    """A font whose only name records are Mac Roman ones (lang, name id, text), kept in this order."""
    fb = tiny_truetype("placeholder", "Regular")
    fb.setupOS2()
    fb.save(str(path))
    # fontTools sorts name records when it writes them; write the table by hand to keep the order.
    strings = b""
    entries = b""
    for lang, name_id, text in records:
        raw = text.encode("mac_roman")
        entries += struct.pack(">6H", 1, 0, lang, name_id, len(raw), len(strings))
        strings += raw
    table = struct.pack(">3H", 0, len(records), 6 + len(entries)) + entries + strings
    return replace_table(path, "name", table)


def test_the_metrics_take_the_mac_english_name_over_a_mac_record_in_another_language(tmp_path: Path) -> None:
    french, english = 2, 0  # Mac language IDs (OpenType spec, 'name' table)
    path = _mac_named_font(tmp_path / "f.ttf", [
        (french, 1, "Famille Banmian"), (french, 6, "FamilleBanmian-Regular"),
        (english, 1, "Banmian Family"), (english, 6, "BanmianFamily-Regular"),
    ])
    face = load_face(FontRef(str(path), 0))
    assert (face.family_name, face.postscript_name) == ("Banmian Family", "BanmianFamily-Regular")


def test_the_metrics_name_the_face_by_its_windows_english_records(tmp_path: Path) -> None:
    path = tmp_path / "f.ttf"
    fb = tiny_truetype("Banmian Windows", "Regular")
    fb.setupOS2()
    name = fb.font["name"]
    name.setName("BanmianWindows-Regular", 6, 3, 1, 0x409)
    record = NameRecord()
    record.nameID, record.platformID, record.platEncID, record.langID = 1, 1, 0, 0
    record.string = "Banmian Mac"
    name.names.append(record)
    fb.save(str(path))
    face = load_face(FontRef(str(path), 0))
    assert (face.family_name, face.postscript_name) == ("Banmian Windows", "BanmianWindows-Regular")


# -- collections ------------------------------------------------------------------------------


def test_each_face_of_a_collection_is_read_with_its_own_index_and_names(tmp_path: Path) -> None:
    first = TTFont(str(_font(tmp_path / "a.ttf", "Banmian Song", usWeightClass=400, ulCodePageRange1=CP936)))
    second = TTFont(str(_font(tmp_path / "b.ttf", "Banmian Hei", "Bold", usWeightClass=700,
                              fsSelection=0x20, ulCodePageRange1=LATIN_1)))
    collection = TTCollection()
    collection.fonts = [first, second]
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    path = fonts / "pair.ttc"
    collection.save(str(path))
    faces = read_faces(str(path))
    assert [(f.index, f.family_groups[0][0x409], f.weight, f.chinese) for f in faces] == [
        (0, "Banmian Song", 400, True), (1, "Banmian Hei", 700, False)]
    registry = FontRegistry(font_dirs=[fonts], cache_dir=tmp_path / "cache")
    assert registry.resolve("Banmian Hei").face == FaceRef(str(path), 1)
