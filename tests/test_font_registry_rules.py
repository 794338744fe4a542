"""The font registry's rules, each pinned with fonts built for it: how name records of every
platform are read, weights and slants from OS/2, which face of a family is regular and which is
bold, which bundled family stands in, the scan cache, the font folders of each platform and the
Chinese messages.

Fonts are built with fontTools' FontBuilder, and name tables written byte by byte where the
record order or encoding matters, so each expected value is the one written into the file.
"""

from __future__ import annotations

import json
import os
import struct
import sys
from pathlib import Path

import pytest
from fontTools.ttLib import TTCollection, TTFont

from editor import FONTS_DIR
from editor.errors import FontError
from editor.layout import font_registry
from editor.layout.font_registry import (
    SCAN_CACHE_NAME,
    FaceInfo,
    FaceRef,
    FontRegistry,
    ScanCache,
    Substitution,
    fallback_family,
    read_faces,
    sfnt_has_cff,
)
from tests.font_factories import replace_table, tiny_truetype

SERIF_REGULAR = str(FONTS_DIR / "NotoSerifSC-Regular.ttf")
SERIF_BOLD = str(FONTS_DIR / "NotoSerifSC-Bold.ttf")
SANS_REGULAR = str(FONTS_DIR / "NotoSansSC-Regular.ttf")
SANS_BOLD = str(FONTS_DIR / "NotoSansSC-Bold.ttf")

#: Name records written by hand: (platform, encoding, language, name id, raw bytes).
Record = tuple[int, int, int, int, bytes]


def _win(name_id: int, text: str, lang: int = 0x409) -> Record:
    return (3, 1, lang, name_id, text.encode("utf-16-be"))


def _font(path: Path, family: str = "Banmian Rules", style: str = "Regular", **os2: int) -> Path:
    fb = tiny_truetype(family, style)
    fb.setupOS2(**os2)
    path.parent.mkdir(parents=True, exist_ok=True)
    fb.save(str(path))
    return path


def _named_font(path: Path, records: list[Record], **os2: int) -> Path:
    """A font whose name table holds exactly ``records``, in this order."""
    _font(path, **os2)
    strings = b""
    entries = b""
    for platform, encoding, lang, name_id, raw in records:
        entries += struct.pack(">6H", platform, encoding, lang, name_id, len(raw), len(strings))
        strings += raw
    table = struct.pack(">3H", 0, len(records), 6 + len(entries)) + entries + strings
    return replace_table(path, "name", table)


def _os2_font(path: Path, weight: int, fs_selection: int, length: int = 96,
              code_pages: int = 0, range2: int = 0, style: str = "Regular") -> Path:
    """A font whose OS/2 table is written by hand: only the fields the registry reads, cut to ``length``."""
    _font(path, style=style)
    os2 = bytearray(96)
    struct.pack_into(">H", os2, 0, 4)  # version
    struct.pack_into(">H", os2, 4, weight)
    struct.pack_into(">I", os2, 46, range2)
    struct.pack_into(">H", os2, 62, fs_selection)
    struct.pack_into(">I", os2, 78, code_pages)
    return replace_table(path, "OS/2", bytes(os2[:length]))


def _registry(tmp_path: Path, *font_dirs: Path) -> FontRegistry:
    return FontRegistry(font_dirs=list(font_dirs), cache_dir=tmp_path / "cache")


# -- name records ------------------------------------------------------------------------------


def test_windows_names_are_read_per_language_with_typographic_family_as_a_second_group(tmp_path: Path) -> None:
    path = _named_font(tmp_path / "f.ttf", [
        _win(1, "Banmian Song Light"), _win(1, "版面宋体 细", 0x804), _win(2, "Regular"),
        _win(16, "Banmian Song"), _win(17, "Light"), _win(4, "Banmian Song Light"),
    ])
    (face,) = read_faces(str(path))
    assert face.family_groups == ({0x409: "Banmian Song Light", 0x804: "版面宋体 细"}, {0x409: "Banmian Song"})
    assert face.index == 0


def test_a_prc_font_name_in_gbk_16_bit_units_is_decoded(tmp_path: Path) -> None:
    # Old PRC fonts: platform 3, encoding 3 (PRC), each GBK byte pair padded with NULs where single.
    raw = "方正书宋".encode("gbk")
    path = _named_font(tmp_path / "f.ttf", [(3, 3, 0x804, 1, raw)])
    (face,) = read_faces(str(path))
    assert face.family_groups == ({0x804: "方正书宋"},)
    assert face.chinese is True  # a zh-CN name makes the face Chinese


def test_a_prc_name_with_nul_padding_is_decoded(tmp_path: Path) -> None:
    raw = b"\x00A\x00B" + "宋".encode("gbk")
    path = _named_font(tmp_path / "f.ttf", [(3, 3, 0x804, 1, raw)])
    assert read_faces(str(path))[0].family_groups == ({0x804: "AB宋"},)


def test_a_mac_roman_english_name_is_read_as_us_english(tmp_path: Path) -> None:
    path = _named_font(tmp_path / "f.ttf", [(1, 0, 0, 1, "Caf\u00e9 Sans".encode("mac_roman"))])
    assert read_faces(str(path))[0].family_groups == ({0x409: "Café Sans"},)


@pytest.mark.parametrize("record", [
    (1, 0, 2, 1, b"Famille"),  # Mac Roman, French
    (1, 1, 0, 1, b"Kazoku"),  # Mac Japanese encoding
    (1, 2, 19, 1, b"Big5 Name"),  # Mac Traditional Chinese encoding
])
def test_a_mac_name_in_another_language_or_encoding_is_not_read(tmp_path: Path, record: Record) -> None:
    path = _named_font(tmp_path / "f.ttf", [record])
    assert read_faces(str(path))[0].family_groups == ()


def test_a_mac_simplified_chinese_name_is_read_as_zh_cn(tmp_path: Path) -> None:
    path = _named_font(tmp_path / "f.ttf", [(1, 25, 33, 1, "华文宋体".encode("gb2312"))])
    (face,) = read_faces(str(path))
    assert face.family_groups == ({0x804: "华文宋体"},)
    assert face.chinese is True


def test_a_windows_record_wins_over_a_mac_record_of_the_same_language_in_either_order(tmp_path: Path) -> None:
    mac = (1, 0, 0, 1, b"Mac Name")
    first = _named_font(tmp_path / "a.ttf", [mac, _win(1, "Windows Name")])
    second = _named_font(tmp_path / "b.ttf", [_win(1, "Windows Name"), mac])
    assert read_faces(str(first))[0].family_groups == ({0x409: "Windows Name"},)
    assert read_faces(str(second))[0].family_groups == ({0x409: "Windows Name"},)


def test_of_two_mac_records_of_one_language_the_first_is_kept(tmp_path: Path) -> None:
    path = _named_font(tmp_path / "f.ttf", [(1, 0, 0, 1, b"First"), (1, 0, 0, 1, b"Second")])
    assert read_faces(str(path))[0].family_groups == ({0x409: "First"},)


def test_a_unicode_platform_name_is_an_alias_never_shown(tmp_path: Path) -> None:
    path = _named_font(tmp_path / "f.ttf", [(0, 3, 0, 1, "Uni Alias".encode("utf-16-be")),
                                           _win(1, "Banmian Shown")])
    (face,) = read_faces(str(path))
    assert face.family_groups == ({0x10000: "Uni Alias", 0x409: "Banmian Shown"},)
    registry = _registry(tmp_path, tmp_path)
    assert registry.resolve("uni alias").family == "Banmian Shown"


def test_names_are_stripped_and_blank_or_undecodable_ones_are_skipped(tmp_path: Path) -> None:
    path = _named_font(tmp_path / "f.ttf", [
        _win(1, "   ", 0x804),  # blank
        (3, 1, 0x404, 1, b"\xd8\x00"),  # a lone surrogate: not UTF-16
        (3, 3, 0x804, 1, b"\xff\xff"),  # not GBK
        (1, 25, 33, 1, b"\xff\xff"),  # not GB 2312
        (7, 0, 0, 1, b"Unknown platform"),
        _win(1, "  Banmian Trim  "),
    ])
    assert read_faces(str(path))[0].family_groups == ({0x409: "Banmian Trim"},)


def test_a_family_name_stored_after_a_long_licence_text_is_read(tmp_path: Path) -> None:
    # A 40 000-byte licence (name ID 13) first: the family name's offset is past 32 767.
    licence = ("版权所有 " * 5000).encode("utf-16-be")
    path = _named_font(tmp_path / "f.ttf", [(3, 1, 0x409, 13, licence), _win(1, "Banmian Far")])
    assert read_faces(str(path))[0].family_groups == ({0x409: "Banmian Far"},)


def test_only_family_and_style_names_are_read(tmp_path: Path) -> None:
    path = _named_font(tmp_path / "f.ttf", [_win(4, "Full Name"), _win(6, "PsName"), _win(1, "Banmian Fam")])
    assert read_faces(str(path))[0].family_groups == ({0x409: "Banmian Fam"},)


def test_a_name_table_shorter_than_its_header_gives_no_names(tmp_path: Path) -> None:
    path = replace_table(_font(tmp_path / "f.ttf"), "name", b"\x00\x00\x00")
    (face,) = read_faces(str(path))
    assert face.family_groups == ()


def test_a_name_table_claiming_more_records_than_it_holds_keeps_the_whole_ones(tmp_path: Path) -> None:
    raw = "B".encode("utf-16-be")
    record = struct.pack(">6H", 3, 1, 0x409, 1, len(raw), 0)
    # Two records claimed; the table ends two bytes into the second one.
    table = struct.pack(">3H", 0, 2, 6 + 12) + record + raw
    path = replace_table(_font(tmp_path / "f.ttf"), "name", table)
    assert read_faces(str(path))[0].family_groups == ({0x409: "B"},)


def test_the_style_name_17_wins_over_2_when_there_is_no_os2(tmp_path: Path) -> None:
    path = _named_font(tmp_path / "f.ttf", [_win(1, "Banmian"), _win(2, "Regular"), _win(17, "Bold Italic")])
    replace_table(path, "OS/2", b"")
    (face,) = read_faces(str(path))
    assert (face.weight, face.italic, face.chinese) == (700, True, False)


# -- OS/2 weight, slant, Chinese ---------------------------------------------------------------


@pytest.mark.parametrize(("weight_class", "fs_selection", "weight", "italic"), [
    (1, 0, 100, False),  # old fonts write 1..9 for 100..900
    (9, 0, 900, False),
    (10, 0, 10, False),
    (0, 0, 400, False),  # no weight: regular
    (300, 0x20, 700, False),  # the bold bit makes it at least 700
    (800, 0x20, 800, False),
    (400, 0x01, 400, True),  # the italic bit
    (400, 0x40, 400, False),
])
def test_weight_and_italic_come_from_os2(tmp_path: Path, weight_class: int, fs_selection: int,
                                         weight: int, italic: bool) -> None:
    (face,) = read_faces(str(_os2_font(tmp_path / "f.ttf", weight_class, fs_selection)))
    assert (face.weight, face.italic) == (weight, italic)


def test_an_os2_table_of_63_bytes_is_not_read(tmp_path: Path) -> None:
    path = _os2_font(tmp_path / "f.ttf", 900, 0x21, length=63, style="Regular")
    (face,) = read_faces(str(path))
    assert (face.weight, face.italic) == (400, False)


def test_an_os2_table_shorter_than_the_code_pages_is_chinese_by_its_unicode_range(tmp_path: Path) -> None:
    path = _os2_font(tmp_path / "f.ttf", 400, 0, length=81, code_pages=1 << 18, range2=1 << 27)
    assert read_faces(str(path))[0].chinese is True
    path = _os2_font(tmp_path / "g.ttf", 400, 0, length=81, code_pages=1 << 18, range2=0)
    assert read_faces(str(path))[0].chinese is False


def test_an_os2_table_of_82_bytes_has_its_code_pages_read(tmp_path: Path) -> None:
    path = _os2_font(tmp_path / "f.ttf", 400, 0, length=82, code_pages=1 << 18, range2=0)
    assert read_faces(str(path))[0].chinese is True


def test_a_chinese_name_in_any_chinese_language_makes_the_face_chinese(tmp_path: Path) -> None:
    for lang in (0x0804, 0x1004, 0x0404, 0x0C04, 0x1404):
        path = _named_font(tmp_path / f"{lang}.ttf", [_win(1, "Banmian"), _win(1, "版面", lang)])
        assert read_faces(str(path))[0].chinese is True, hex(lang)
    path = _named_font(tmp_path / "ja.ttf", [_win(1, "Banmian"), _win(1, "版面", 0x0411)])
    assert read_faces(str(path))[0].chinese is False


# -- sfnt structure ----------------------------------------------------------------------------


def test_a_single_face_font_has_no_second_face(tmp_path: Path) -> None:
    path = _font(tmp_path / "f.ttf")
    with pytest.raises(ValueError, match="face index 1 in a single-face font"):
        sfnt_has_cff(str(path), 1)


def test_a_face_index_past_the_collection_is_refused(tmp_path: Path) -> None:
    collection = TTCollection()
    collection.fonts = [TTFont(str(_font(tmp_path / "a.ttf"))), TTFont(str(_font(tmp_path / "b.ttf", "Other")))]
    path = tmp_path / "pair.ttc"
    collection.save(str(path))
    assert sfnt_has_cff(str(path), 1) is False
    with pytest.raises(ValueError, match=r"face index 2 out of range 0\.\.1"):
        sfnt_has_cff(str(path), 2)
    with pytest.raises(ValueError, match="out of range"):
        sfnt_has_cff(str(path), -1)


def test_an_otto_tagged_font_has_cff_outlines(tmp_path: Path) -> None:
    path = _font(tmp_path / "f.otf")
    data = bytearray(path.read_bytes())
    data[:4] = b"OTTO"
    path.write_bytes(bytes(data))
    assert sfnt_has_cff(str(path), 0) is True
    assert read_faces(str(path))[0].cff is True


def test_an_apple_true_tagged_font_is_read(tmp_path: Path) -> None:
    path = _font(tmp_path / "f.ttf", "Banmian Apple")
    data = bytearray(path.read_bytes())
    data[:4] = b"true"
    path.write_bytes(bytes(data))
    (face,) = read_faces(str(path))
    assert face.family_groups[0][0x409] == "Banmian Apple"
    assert face.cff is False


def test_a_file_that_is_not_a_font_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "f.ttf"
    path.write_bytes(b"PK\x03\x04" + b"\0" * 40)
    with pytest.raises(ValueError, match="not an sfnt font"):
        read_faces(str(path))


@pytest.mark.parametrize("keep", [3, 8, 20, 40])
def test_a_truncated_font_is_refused(tmp_path: Path, keep: int) -> None:
    path = _font(tmp_path / "f.ttf")
    path.write_bytes(path.read_bytes()[:keep])
    with pytest.raises(ValueError):
        read_faces(str(path))


# -- regular and bold faces of a family ---------------------------------------------------------


def _family_folder(tmp_path: Path, faces: list[tuple[str, int, int]]) -> tuple[Path, dict[str, Path]]:
    """Fonts of one family "Banmian Weights": (file stem, weight, fsSelection) each."""
    folder = tmp_path / "fonts"
    paths = {stem: _font(folder / f"{stem}.ttf", "Banmian Weights", stem, usWeightClass=weight,
                         fsSelection=fs) for stem, weight, fs in faces}
    return folder, paths


@pytest.mark.parametrize(("weights", "regular"), [
    ([300, 500], "w500"),  # a tie: the heavier wins, as in CSS
    ([500, 300], "w500"),
    ([350, 500], "w350"),
    ([100, 900], "w100"),  # 300 from 400 beats 500 from it
    ([399, 400, 401], "w400"),  # exactly 400 beats its nearest neighbours on both sides
])
def test_the_regular_face_is_the_one_nearest_400(tmp_path: Path, weights: list[int], regular: str) -> None:
    folder, paths = _family_folder(tmp_path, [(f"w{w}", w, 0x40) for w in weights])
    resolved = _registry(tmp_path, folder).resolve("Banmian Weights")
    assert resolved.face == FaceRef(str(paths[regular]), 0)


def test_an_italic_face_is_not_the_regular_when_an_upright_one_exists(tmp_path: Path) -> None:
    folder, paths = _family_folder(tmp_path, [("italic", 400, 0x01), ("light", 300, 0x40)])
    assert _registry(tmp_path, folder).resolve("Banmian Weights").face == FaceRef(str(paths["light"]), 0)


def test_a_family_of_only_italic_faces_still_has_a_regular_and_a_bold(tmp_path: Path) -> None:
    folder, paths = _family_folder(tmp_path, [("italic", 400, 0x01), ("bolditalic", 700, 0x21)])
    registry = _registry(tmp_path, folder)
    assert registry.resolve("Banmian Weights").face == FaceRef(str(paths["italic"]), 0)
    bold = registry.resolve("Banmian Weights", bold=True)
    assert (bold.face, bold.synthetic_bold_needed) == (FaceRef(str(paths["bolditalic"]), 0), False)


@pytest.mark.parametrize(("weights", "bold"), [
    ([400, 600, 800], "w800"),  # 600 and 800 both 100 from 700: the heavier wins
    ([400, 800, 600], "w800"),
    ([400, 650, 800], "w650"),
    ([400, 700, 900], "w700"),
    ([400, 699, 700, 701], "w700"),  # exactly 700 beats its nearest neighbours on both sides
])
def test_the_bold_face_is_the_one_nearest_700(tmp_path: Path, weights: list[int], bold: str) -> None:
    folder, paths = _family_folder(tmp_path, [(f"w{w}", w, 0x40 if w == 400 else 0) for w in weights])
    resolved = _registry(tmp_path, folder).resolve("Banmian Weights", bold=True)
    assert (resolved.face, resolved.bold) == (FaceRef(str(paths[bold]), 0), True)


def test_an_upright_bold_is_chosen_over_an_italic_bold(tmp_path: Path) -> None:
    folder, paths = _family_folder(tmp_path, [("regular", 400, 0x40), ("bolditalic", 700, 0x21),
                                              ("semibold", 600, 0)])
    resolved = _registry(tmp_path, folder).resolve("Banmian Weights", bold=True)
    assert resolved.face == FaceRef(str(paths["semibold"]), 0)


def test_a_family_whose_regular_is_600_has_no_bold_of_600(tmp_path: Path) -> None:
    folder, paths = _family_folder(tmp_path, [("a", 600, 0), ("b", 600, 0)])
    resolved = _registry(tmp_path, folder).resolve("Banmian Weights", bold=True)
    assert (resolved.face, resolved.synthetic_bold_needed) == (FaceRef(str(paths["a"]), 0), True)


def test_a_bold_face_is_found_by_the_bold_bit_alone(tmp_path: Path) -> None:
    folder, paths = _family_folder(tmp_path, [("regular", 400, 0x40), ("bold", 400, 0x20)])
    resolved = _registry(tmp_path, folder).resolve("Banmian Weights", bold=True)
    assert resolved.face == FaceRef(str(paths["bold"]), 0)


# -- fallbacks and substitutions ----------------------------------------------------------------


@pytest.mark.parametrize(("requested", "used"), [
    ("", "Noto Serif SC"), ("serif", "Noto Serif SC"), ("SANS", "Noto Sans SC"),
    ("sans-serif", "Noto Sans SC"), ("Sans  Serif", "Noto Sans SC"),
    ("黑体", "Noto Sans SC"), ("微软雅黑", "Noto Sans SC"), ("等线", "Noto Sans SC"), ("幼圆", "Noto Sans SC"),
    ("苹方-简", "Noto Sans SC"), ("STHeiti", "Noto Sans SC"), ("Microsoft YaHei", "Noto Sans SC"),
    ("DengXian", "Noto Sans SC"), ("MS Gothic", "Noto Sans SC"), ("YouYuan", "Noto Sans SC"),
    ("PingFang SC", "Noto Sans SC"), ("Arial", "Noto Sans SC"), ("Helvetica Neue", "Noto Sans SC"),
    ("Verdana", "Noto Sans SC"), ("Tahoma", "Noto Sans SC"), ("Segoe UI", "Noto Sans SC"),
    ("宋体", "Noto Serif SC"), ("仿宋", "Noto Serif SC"), ("楷体", "Noto Serif SC"),
    ("Times New Roman", "Noto Serif SC"), ("某某字体", "Noto Serif SC"),
])
def test_a_missing_family_falls_back_by_its_name(requested: str, used: str) -> None:
    assert fallback_family(requested) == used


def test_a_missing_family_is_substituted_once_and_reported_with_its_chinese_message(tmp_path: Path) -> None:
    registry = _registry(tmp_path)
    first = registry.resolve("方正小标宋")
    assert (first.requested, first.family, first.substituted) == ("方正小标宋", "Noto Serif SC", True)
    assert first.face == FaceRef(SERIF_REGULAR, 0)
    registry.resolve("方正小标宋", bold=True)
    registry.resolve(" 方正小标宋 ")
    registry.resolve("黑体")
    assert registry.substitutions() == [Substitution("方正小标宋", "Noto Serif SC"),
                                        Substitution("黑体", "Noto Sans SC")]
    assert registry.substitutions()[1].message == "字体“黑体”未安装，已用 Noto Sans SC 代替"


def test_a_generic_family_is_not_substituted_and_resolves_to_the_bundled_bold(tmp_path: Path) -> None:
    registry = _registry(tmp_path)
    resolved = registry.resolve("sans-serif", bold=True)
    assert (resolved.family, resolved.substituted, resolved.synthetic_bold_needed) == ("Noto Sans SC", False, False)
    assert resolved.face == FaceRef(SANS_BOLD, 0)
    assert registry.substitutions() == []
    assert registry.has_family("sans-serif") is False
    assert registry.has_family("Noto Sans SC") is True


def test_a_resolution_is_remembered_per_family_and_weight(tmp_path: Path) -> None:
    registry = _registry(tmp_path)
    plain = registry.resolve("Noto Serif SC")
    assert registry.resolve("noto  serif sc") is plain
    bold = registry.resolve("Noto Serif SC", bold=True)
    assert bold is not plain
    assert (bold.face, bold.bold, bold.requested) == (FaceRef(SERIF_BOLD, 0), True, "Noto Serif SC")
    assert registry.resolve_face("Noto Serif SC", True) == FaceRef(SERIF_BOLD, 0)


@pytest.mark.parametrize(("family", "bold", "faces"), [
    ("宋体", False, [SERIF_REGULAR, SANS_REGULAR]),
    ("黑体", False, [SANS_REGULAR, SERIF_REGULAR]),
    ("黑体", True, [SANS_BOLD, SERIF_BOLD]),
])
def test_fallback_faces_are_both_bundled_families_same_style_first(tmp_path: Path, family: str, bold: bool,
                                                                  faces: list[str]) -> None:
    assert _registry(tmp_path).fallback_faces(family, bold) == [FaceRef(p, 0) for p in faces]


def test_a_missing_bundled_family_is_a_chinese_error(tmp_path: Path) -> None:
    empty = tmp_path / "no-bundled"
    empty.mkdir()
    registry = FontRegistry(bundled_dir=empty, font_dirs=[], cache_dir=tmp_path / "cache")
    with pytest.raises(FontError) as caught:
        registry.resolve("宋体")
    assert str(caught.value) == "找不到内置字体 Noto Serif SC，请重新安装版面。"


def test_an_unreadable_face_asked_about_cff_is_a_chinese_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.ttf"
    path.write_bytes(b"\0\1\0\0\0")
    registry = _registry(tmp_path)
    with pytest.raises(FontError) as caught:
        registry.needs_truetype_conversion(FaceRef(str(path), 0))
    assert str(caught.value).startswith(f"无法读取字体文件“{path}”：")
    assert registry.needs_truetype_conversion(FaceRef(SERIF_REGULAR, 0)) is False


def test_a_missing_face_file_asked_about_cff_is_a_chinese_error(tmp_path: Path) -> None:
    with pytest.raises(FontError, match="无法读取字体文件"):
        _registry(tmp_path).needs_truetype_conversion(FaceRef(str(tmp_path / "gone.ttf"), 0))


# -- family names and the font list -------------------------------------------------------------


@pytest.mark.parametrize(("langs", "shown"), [
    ((0x0C04, 0x0404, 0x1004, 0x0804), "简体名"),
    ((0x1404, 0x0C04, 0x0404, 0x1004), "新加坡名"),
    ((0x1404, 0x0C04, 0x0404), "繁體名"),
    ((0x1404, 0x0C04), "香港名"),
    ((0x1404,), "澳门名"),
    ((), "Banmian Shown"),
])
def test_a_family_is_shown_by_its_chinese_name_in_the_preferred_language(tmp_path: Path, langs: tuple[int, ...],
                                                                        shown: str) -> None:
    names = {0x0804: "简体名", 0x1004: "新加坡名", 0x0404: "繁體名", 0x0C04: "香港名", 0x1404: "澳门名"}
    records = [_win(1, names[lang], lang) for lang in langs] + [_win(1, "Banmian Shown")]
    _named_font(tmp_path / "fonts" / "f.ttf", records)
    assert _registry(tmp_path, tmp_path / "fonts").resolve("Banmian Shown").family == shown


def test_a_family_without_chinese_or_english_names_is_shown_by_its_first_name(tmp_path: Path) -> None:
    _named_font(tmp_path / "fonts" / "f.ttf", [_win(1, "Banmian Deutsch", 0x0407), _win(1, "Banmian Français", 0x040C)])
    registry = _registry(tmp_path, tmp_path / "fonts")
    assert registry.resolve("Banmian Français").family == "Banmian Deutsch"
    assert "Banmian Deutsch" in registry.available_families()


def test_the_font_list_puts_chinese_families_first_each_group_by_name_ignoring_case(tmp_path: Path) -> None:
    folder = tmp_path / "fonts"
    _font(folder / "a.ttf", "zeta latin", ulCodePageRange1=1)
    _font(folder / "b.ttf", "Alpha Latin", ulCodePageRange1=1)
    _font(folder / "c.ttf", "beta song", ulCodePageRange1=1 << 18)
    families = _registry(tmp_path, folder).available_families()
    mine = [f for f in families if f in ("zeta latin", "Alpha Latin", "beta song", "Noto Sans SC")]
    assert mine == ["beta song", "Noto Sans SC", "Alpha Latin", "zeta latin"]


def test_the_first_font_to_claim_a_name_keeps_it_and_later_faces_join_its_family(tmp_path: Path) -> None:
    folder = tmp_path / "fonts"
    first = _named_font(folder / "a.ttf", [_win(1, "Banmian Shared")], ulCodePageRange1=1)
    second = _named_font(folder / "b.ttf", [_win(1, "Banmian Shared"), _win(1, "共享体", 0x804)],
                         ulCodePageRange1=1, usWeightClass=700)
    _font(folder / "c.ttf", "Aaa Latin", ulCodePageRange1=1)
    registry = _registry(tmp_path, folder)
    resolved = registry.resolve("共享体")
    assert (resolved.family, resolved.face) == ("共享体", FaceRef(str(first), 0))
    assert registry.resolve("Banmian Shared", bold=True).face == FaceRef(str(second), 0)
    families = registry.available_families()
    assert families.count("共享体") == 1
    assert families.index("共享体") < families.index("Aaa Latin")  # became Chinese by the second face


def test_fonts_are_found_in_subfolders_by_suffix_in_any_case(tmp_path: Path) -> None:
    folder = tmp_path / "fonts"
    _font(folder / "deep" / "er" / "A.TTF", "Banmian Upper")
    _font(folder / "b.OtF", "Banmian Mixed")
    _font(folder / "c.woff", "Banmian Woff")
    _font(folder / "d.ttf.bak", "Banmian Backup")
    registry = _registry(tmp_path, folder)
    assert registry.has_family("Banmian Upper") and registry.has_family("Banmian Mixed")
    assert not registry.has_family("Banmian Woff")
    assert not registry.has_family("Banmian Backup")


def test_in_one_folder_the_font_sorted_first_claims_a_family(tmp_path: Path) -> None:
    folder = tmp_path / "fonts"
    late = _font(folder / "b" / "z.ttf", "Banmian Order")
    early = _font(folder / "a" / "z.ttf", "Banmian Order")
    assert late != early
    assert _registry(tmp_path, folder).resolve("Banmian Order").face == FaceRef(str(early), 0)


def test_a_font_folder_that_is_missing_is_passed_over(tmp_path: Path) -> None:
    folder = tmp_path / "fonts"
    _font(folder / "a.ttf", "Banmian Present")
    registry = _registry(tmp_path, tmp_path / "missing", folder)
    assert registry.has_family("Banmian Present") is True


def test_the_scan_happens_once_and_then_a_new_family_is_not_seen(tmp_path: Path) -> None:
    folder = tmp_path / "fonts"
    folder.mkdir()
    registry = _registry(tmp_path, folder)
    assert registry.has_family("Banmian Later") is False
    _font(folder / "later.ttf", "Banmian Later")
    assert registry.has_family("Banmian Later") is False


def test_a_resolution_made_before_the_scan_is_asked_again_after_it(tmp_path: Path) -> None:
    folder = tmp_path / "fonts"
    folder.mkdir()
    registry = _registry(tmp_path, folder)
    # Before any scan the serif is answered from the bundled fonts; a scan clears that memory.
    before = registry.resolve("Noto Serif SC")
    registry.available_families()
    after = registry.resolve("Noto Serif SC")
    assert after == before
    assert after is not before


# -- well-known Windows file names ---------------------------------------------------------------


def test_a_known_windows_file_is_registered_by_its_name_whatever_its_case(tmp_path: Path) -> None:
    folder = tmp_path / "Fonts"
    folder.mkdir()
    (folder / "SIMHEI.TTF").write_bytes(b"not parsed")
    (folder / "msyhbd.ttc").write_bytes(b"not parsed")
    (folder / "msyh.ttc").write_bytes(b"not parsed")
    registry = _registry(tmp_path, folder)
    hei = registry.resolve("SimHei")
    assert (hei.family, hei.face, hei.substituted) == ("黑体", FaceRef(str(folder / "SIMHEI.TTF"), 0), False)
    assert registry.resolve("黑体", bold=True).synthetic_bold_needed is True
    yahei_bold = registry.resolve("微软雅黑", bold=True)
    assert (yahei_bold.face, yahei_bold.synthetic_bold_needed) == (FaceRef(str(folder / "msyhbd.ttc"), 0), False)
    assert registry.resolve("Microsoft YaHei UI").face == FaceRef(str(folder / "msyh.ttc"), 1)
    assert registry.resolve("Microsoft YaHei UI", bold=True).face == FaceRef(str(folder / "msyhbd.ttc"), 1)
    assert registry.available_families()[:2] == ["Microsoft YaHei UI", "Noto Sans SC"]


def test_a_font_folder_that_cannot_be_listed_gives_no_known_fonts(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "simsun.ttc"
    not_a_folder.write_bytes(b"x")
    registry = _registry(tmp_path, not_a_folder)
    assert registry.resolve("宋体").substituted is True


# -- the font folders of each platform -----------------------------------------------------------


def test_the_windows_font_folders_are_windir_fonts_and_the_users_local_fonts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("WINDIR", r"D:\Win")
    monkeypatch.setenv("SystemRoot", r"E:\Other")
    monkeypatch.setenv("LOCALAPPDATA", r"C:\Users\编辑\AppData\Local")
    assert font_registry.default_font_dirs() == [
        Path(r"D:\Win") / "Fonts", Path(r"C:\Users\编辑\AppData\Local") / "Microsoft" / "Windows" / "Fonts"]


def test_without_windir_the_windows_folder_comes_from_systemroot_then_the_default(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.delenv("WINDIR", raising=False)
    monkeypatch.delenv("LOCALAPPDATA", raising=False)
    monkeypatch.setenv("SystemRoot", r"E:\Sys")
    assert font_registry.default_font_dirs() == [Path(r"E:\Sys") / "Fonts"]
    monkeypatch.delenv("SystemRoot")
    assert font_registry.default_font_dirs() == [Path(r"C:\Windows") / "Fonts"]


def test_the_linux_font_folders_are_the_system_and_user_ones(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: tmp_path))
    assert font_registry.default_font_dirs() == [
        Path("/usr/share/fonts"), Path("/usr/local/share/fonts"),
        tmp_path / ".local" / "share" / "fonts", tmp_path / ".fonts"]


# -- the scan cache ------------------------------------------------------------------------------


def test_face_info_survives_the_json_cache() -> None:
    info = FaceInfo(index=2, family_groups=({0x804: "宋体", 0x409: "SimSun"}, {0x409: "Song"}),
                    weight=700, italic=True, chinese=True, cff=True)
    data = json.loads(json.dumps(info.to_json()))
    assert data == {"index": 2, "families": [{"2052": "宋体", "1033": "SimSun"}, {"1033": "Song"}],
                    "weight": 700, "italic": True, "chinese": True, "cff": True}
    assert FaceInfo.from_json(data) == info


def test_the_scan_cache_file_records_each_font_by_size_and_time(tmp_path: Path) -> None:
    font = _font(tmp_path / "f.ttf", "Banmian Cached", ulCodePageRange1=1 << 18)
    cache = ScanCache(tmp_path / "cache")
    (face,) = cache.faces(font)
    cache.save()
    saved = json.loads((tmp_path / "cache" / SCAN_CACHE_NAME).read_text(encoding="utf-8"))
    stat = font.stat()
    assert saved["version"] == 1
    assert saved["files"][str(font)]["size"] == stat.st_size
    assert saved["files"][str(font)]["mtime_ns"] == stat.st_mtime_ns
    assert saved["files"][str(font)]["faces"] == [face.to_json()]
    assert face.chinese is True
    assert [p.name for p in (tmp_path / "cache").iterdir()] == [SCAN_CACHE_NAME]


def test_a_cached_entry_is_used_without_reading_the_font(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    font = _font(tmp_path / "f.ttf", "Banmian Cached")
    first = ScanCache(tmp_path / "cache")
    expected = first.faces(font)
    first.save()

    def refuse(path: str) -> list[FaceInfo]:
        raise AssertionError("parsed again")

    monkeypatch.setattr(font_registry, "read_faces", refuse)
    assert ScanCache(tmp_path / "cache").faces(font) == expected


@pytest.mark.parametrize(("before", "after", "later_ns"), [
    ("Banmian Before", "Banmian After Longer Name", 0),  # same time, other size
    ("Banmian Aaaa", "Banmian Bbbb", 1_000_000),  # same size, other time
])
def test_a_font_changed_in_size_or_time_is_read_again(tmp_path: Path, before: str, after: str,
                                                      later_ns: int) -> None:
    font = _font(tmp_path / "f.ttf", before)
    cache = ScanCache(tmp_path / "cache")
    cache.faces(font)
    cache.save()
    stat = font.stat()
    _font(font, after)
    assert (font.stat().st_size == stat.st_size) is (len(after) == len(before))
    os.utime(font, ns=(stat.st_atime_ns, stat.st_mtime_ns + later_ns))
    assert ScanCache(tmp_path / "cache").faces(font)[0].family_groups[0][0x409] == after


def test_a_damaged_cache_entry_is_read_again_from_the_font(tmp_path: Path) -> None:
    font = _font(tmp_path / "f.ttf", "Banmian Mended")
    stat = font.stat()
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir()
    entry = {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "faces": [{"index": 0}]}
    (cache_dir / SCAN_CACHE_NAME).write_text(json.dumps({"version": 1, "files": {str(font): entry}}))
    cache = ScanCache(cache_dir)
    assert cache.faces(font)[0].family_groups[0][0x409] == "Banmian Mended"
    cache.save()
    saved = json.loads((cache_dir / SCAN_CACHE_NAME).read_text(encoding="utf-8"))
    assert saved["files"][str(font)]["faces"][0]["families"] == [{"1033": "Banmian Mended"}]


@pytest.mark.parametrize("shape", ["other version", "files as a list", "a list", "not json"])
def test_a_cache_of_another_version_or_shape_is_ignored(tmp_path: Path, shape: str) -> None:
    font = _font(tmp_path / "f.ttf", "Banmian Fresh")
    stat = font.stat()
    stale = {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns,
             "faces": [FaceInfo(0, ({0x409: "Stale"},), 400, False, False, False).to_json()]}
    content = {
        "other version": json.dumps({"version": 2, "files": {str(font): stale}}),
        "files as a list": json.dumps({"version": 1, "files": [str(font), stale]}),
        "a list": json.dumps([1, {str(font): stale}]),
        "not json": "{not json",
    }[shape]
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir()
    (cache_dir / SCAN_CACHE_NAME).write_text(content)
    assert ScanCache(cache_dir).faces(font)[0].family_groups == ({0x409: "Banmian Fresh"},)


def test_a_missing_font_has_no_faces_and_a_broken_one_is_remembered_as_empty(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttf"
    broken.write_bytes(b"garbage!" * 4)
    cache = ScanCache(tmp_path / "cache")
    assert cache.faces(tmp_path / "gone.ttf") == []
    assert cache.faces(broken) == []
    cache.save()
    saved = json.loads((tmp_path / "cache" / SCAN_CACHE_NAME).read_text(encoding="utf-8"))
    assert list(saved["files"]) == [str(broken)]
    assert saved["files"][str(broken)]["faces"] == []


def test_removed_fonts_are_forgotten_and_the_cache_rewritten(tmp_path: Path) -> None:
    kept = _font(tmp_path / "kept.ttf", "Banmian Kept")
    gone = _font(tmp_path / "gone.ttf", "Banmian Gone")
    cache = ScanCache(tmp_path / "cache")
    cache.faces(kept)
    cache.faces(gone)
    cache.save()
    again = ScanCache(tmp_path / "cache")
    again.keep_only({str(kept)})
    again.save()
    saved = json.loads((tmp_path / "cache" / SCAN_CACHE_NAME).read_text(encoding="utf-8"))
    assert list(saved["files"]) == [str(kept)]


def test_an_unchanged_cache_is_not_written(tmp_path: Path) -> None:
    kept = _font(tmp_path / "kept.ttf", "Banmian Kept")
    cache = ScanCache(tmp_path / "cache")
    cache.faces(kept)
    cache.save()
    path = tmp_path / "cache" / SCAN_CACHE_NAME
    path.write_text("{}")  # a marker: any write would replace it
    again = ScanCache(tmp_path / "cache")
    again.keep_only({str(kept), "never-seen"})
    again.save()
    assert path.read_text() == "{}"


def test_a_cache_that_cannot_be_written_costs_only_speed(tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be")
    font = _font(tmp_path / "f.ttf", "Banmian Unsaved")
    cache = ScanCache(blocker)
    assert cache.faces(font)[0].family_groups == ({0x409: "Banmian Unsaved"},)
    cache.save()
    assert blocker.read_text() == "a file where the cache folder should be"


def test_a_full_scan_keeps_the_bundled_fonts_in_the_cache(tmp_path: Path) -> None:
    folder = tmp_path / "fonts"
    _font(folder / "a.ttf", "Banmian Scanned")
    _registry(tmp_path, folder).available_families()
    saved = json.loads((tmp_path / "cache" / SCAN_CACHE_NAME).read_text(encoding="utf-8"))
    bundled = sorted(str(p) for p in FONTS_DIR.glob("*.ttf"))
    assert sorted(saved["files"]) == sorted([*bundled, str(folder / "a.ttf")])


def test_the_bundled_folder_scanned_again_as_a_font_folder_adds_nothing(tmp_path: Path) -> None:
    registry = FontRegistry(font_dirs=[FONTS_DIR], cache_dir=tmp_path / "cache")
    families = registry.available_families()
    assert families == ["Noto Sans SC", "Noto Serif SC"]


def test_whether_a_scanned_face_is_cff_is_known_from_the_scan(tmp_path: Path) -> None:
    folder = tmp_path / "fonts"
    path = _font(folder / "f.otf", "Banmian Scan Cff")
    data = bytearray(path.read_bytes())
    data[:4] = b"OTTO"
    path.write_bytes(bytes(data))
    registry = _registry(tmp_path, folder)
    face = registry.resolve("Banmian Scan Cff").face
    path.unlink()  # asking the file now would fail
    assert registry.needs_truetype_conversion(face) is True
    assert registry.needs_truetype_conversion(FaceRef(SERIF_REGULAR, 0)) is False


def test_only_font_files_of_the_bundled_folder_are_read(tmp_path: Path) -> None:
    bundled = tmp_path / "bundled"
    for name in ("NotoSerifSC-Regular.ttf", "NotoSansSC-Regular.ttf"):
        (bundled / name).parent.mkdir(parents=True, exist_ok=True)
        (bundled / name).write_bytes((FONTS_DIR / name).read_bytes())
    (bundled / "OFL.txt").write_text("licence")
    _font(bundled / "Extra.TTF", "Banmian Bundled Extra")
    registry = FontRegistry(bundled_dir=bundled, font_dirs=[], cache_dir=tmp_path / "cache")
    assert registry.resolve("Banmian Bundled Extra").substituted is False
    saved = json.loads((tmp_path / "cache" / SCAN_CACHE_NAME).read_text(encoding="utf-8"))
    assert str(bundled / "OFL.txt") not in saved["files"]
    assert len(saved["files"]) == 3


def test_in_one_folder_the_file_sorted_first_claims_a_family(tmp_path: Path) -> None:
    folder = tmp_path / "fonts"
    _font(folder / "z.ttf", "Banmian File Order")
    early = _font(folder / "m.ttf", "Banmian File Order")
    assert _registry(tmp_path, folder).resolve("Banmian File Order").face == FaceRef(str(early), 0)


def test_a_known_windows_font_is_upright_when_a_scanned_face_joins_its_family(tmp_path: Path) -> None:
    folder = tmp_path / "Fonts"
    folder.mkdir()
    (folder / "simhei.ttf").write_bytes(b"not parsed")
    light = _named_font(folder / "hei-light.ttf", [_win(1, "SimHei"), _win(1, "黑体", 0x804)],
                        usWeightClass=300, fsSelection=0x40)
    registry = _registry(tmp_path, folder)
    registry.available_families()  # the scan adds the light face to 黑体
    assert registry.resolve("黑体").face == FaceRef(str(folder / "simhei.ttf"), 0)
    assert registry.resolve("SimHei").face != FaceRef(str(light), 0)


def test_the_scan_cache_folder_is_made_with_its_parents(tmp_path: Path) -> None:
    font = _font(tmp_path / "f.ttf", "Banmian Deep Cache")
    cache = ScanCache(tmp_path / "a" / "b" / "cache")
    cache.faces(font)
    cache.save()
    saved = json.loads((tmp_path / "a" / "b" / "cache" / SCAN_CACHE_NAME).read_text(encoding="utf-8"))
    assert list(saved["files"]) == [str(font)]
