"""What a PDF export gets from the CFF → TrueType conversion: a TrueType file of exactly the
characters asked for, with the tables TrueType requires set as the OpenType spec says, named and
cached by source file, face and characters; and Chinese messages naming the font when it fails.

Source fonts are built with fontTools' FontBuilder; expected outlines are the boxes drawn into
them, read back from the result with fontTools.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from fontTools.cu2qu import curve_to_quadratic
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.t2CharStringPen import T2CharStringPen
from fontTools.ttLib import TTCollection, TTFont

from editor.errors import FontError
from editor.layout.font_convert import convert_to_truetype
from editor.layout.font_registry import FaceRef
from tests.font_factories import tiny_truetype

TEXT = "中文版"


def _box_charstring(x_min: int, x_max: int, width: int) -> object:
    pen = T2CharStringPen(width, None)
    pen.moveTo((x_min, -50))
    pen.lineTo((x_max, -50))
    pen.curveTo((x_max, 300), (x_max, 500), (x_max, 800))
    pen.lineTo((x_min, 800))
    pen.closePath()
    return pen.getCharString()


def _cff_font(path: Path, family: str = "Banmian Convert", text: str = TEXT) -> Path:
    """A CFF font: each character of ``text`` a box 100..900 wide (the n-th moved n × 10 units right)."""
    glyphs = [".notdef"] + [f"uni{ord(c):04X}" for c in text]
    fb = FontBuilder(1000, isTTF=False)
    fb.setupGlyphOrder(glyphs)
    fb.setupCharacterMap({ord(c): f"uni{ord(c):04X}" for c in text})
    charstrings = {".notdef": _box_charstring(50, 450, 500)}
    for n, c in enumerate(text):
        charstrings[f"uni{ord(c):04X}"] = _box_charstring(100 + 10 * n, 900 + 10 * n, 1000)
    ps_name = family.replace(" ", "") + "-Regular"
    fb.setupCFF(ps_name, {"FullName": family}, charstrings, {})
    metrics = {".notdef": (500, 50)}
    metrics.update({f"uni{ord(c):04X}": (1000, 0) for c in text})  # lsb left wrong on purpose
    fb.setupHorizontalMetrics(metrics)
    fb.setupHorizontalHeader(ascent=880, descent=-120)
    fb.setupNameTable({"familyName": family, "styleName": "Regular", "psName": ps_name}, mac=False)
    fb.setupOS2(sTypoAscender=880, sTypoDescender=-120, fsType=0)
    fb.setupPost()
    path.parent.mkdir(parents=True, exist_ok=True)
    fb.save(str(path))
    return path


def test_a_cff_font_becomes_truetype_with_the_tables_truetype_requires(tmp_path: Path) -> None:
    source = _cff_font(tmp_path / "src" / "cff.otf")
    converted = convert_to_truetype(FaceRef(str(source)), "文中", cache_dir=tmp_path / "cache")
    with TTFont(str(converted)) as font:
        assert font.sfntVersion == "\x00\x01\x00\x00"
        for tag in ("CFF ", "CFF2", "VORG"):
            assert tag not in font
        assert "glyf" in font and "loca" in font
        assert font["head"].glyphDataFormat == 0
        maxp = font["maxp"]
        assert maxp.tableVersion == 0x00010000
        # No hinting: one zone, no twilight points, storage, functions or instructions.
        assert (maxp.maxZones, maxp.maxTwilightPoints, maxp.maxStorage, maxp.maxFunctionDefs,
                maxp.maxInstructionDefs, maxp.maxStackElements, maxp.maxSizeOfInstructions,
                maxp.maxComponentElements) == (1, 0, 0, 0, 0, 0, 0, 0)
        assert maxp.numGlyphs == 3
        assert maxp.maxContours == 1
        assert font["post"].formatType == 2.0
        cmap = font.getBestCmap()
        assert cmap == {ord("中"): "uni4E2D", ord("文"): "uni6587"}  # glyph names kept
        glyf, hmtx = font["glyf"], font["hmtx"]
        glyph = glyf["uni6587"]  # the second box: 110..910
        assert (glyph.xMin, glyph.yMin, glyph.xMax, glyph.yMax) == (110, -50, 910, 800)
        assert hmtx["uni6587"] == (1000, 110)  # TrueType wants lsb == xMin
        assert glyf[".notdef"].numberOfContours == 1  # .notdef keeps its outline
        assert hmtx[".notdef"] == (500, 50)
        assert font["name"].getDebugName(1) == "Banmian Convert"
        head = font["head"]
        assert (head.xMin, head.yMin, head.xMax, head.yMax) == (50, -50, 910, 800)


def test_names_in_every_language_and_on_the_mac_platform_are_kept(tmp_path: Path) -> None:
    source = _cff_font(tmp_path / "src" / "cff.otf")
    font = TTFont(str(source))
    font["name"].setName("版面转换", 1, 3, 1, 0x0804)
    font["name"].setName("Banmian Mac", 1, 1, 0, 0)
    font["name"].setName("Banmian Typographic", 16, 3, 1, 0x409)
    font.save(str(source))
    converted = convert_to_truetype(FaceRef(str(source)), "中", cache_dir=tmp_path / "cache")
    with TTFont(str(converted)) as result:
        names = result["name"]
        assert names.getName(1, 3, 1, 0x0804).toUnicode() == "版面转换"
        assert names.getName(1, 1, 0, 0).toUnicode() == "Banmian Mac"
        assert names.getName(6, 3, 1, 0x409).toUnicode() == "BanmianConvert-Regular"
        assert names.getName(16, 3, 1, 0x409).toUnicode() == "Banmian Typographic"


def test_the_outer_contour_is_clockwise_and_the_curve_stays_within_a_unit(tmp_path: Path) -> None:
    source = _cff_font(tmp_path / "src" / "cff.otf")
    converted = convert_to_truetype(FaceRef(str(source)), "中", cache_dir=tmp_path / "cache")
    with TTFont(str(converted)) as font:
        coords, _ends, _flags = font["glyf"]["uni4E2D"].getCoordinates(font["glyf"])
        points = [tuple(p) for p in coords]
    area = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True))
    assert area < 0
    # The "curve" is a straight vertical line at x = 900: its quadratic copy stays on it.
    assert {x for x, y in points if -50 < y < 800} <= {900, 100}


def test_a_curve_is_cut_into_as_many_quadratic_pieces_as_a_one_unit_tolerance_needs(tmp_path: Path) -> None:
    cubic = [(0, 0), (0, 552), (448, 1000), (1000, 1000)]  # a quarter circle of radius 1000
    source = _cff_font(tmp_path / "src" / "cff.otf")
    font = TTFont(str(source))
    pen = T2CharStringPen(1000, None)
    pen.moveTo(cubic[0])
    pen.curveTo(*cubic[1:])
    pen.lineTo((1000, 0))
    pen.closePath()
    charstring = pen.getCharString()
    top = font["CFF "].cff.topDictIndex[0]
    charstring.private, charstring.globalSubrs = top.Private, font["CFF "].cff.GlobalSubrs
    top.CharStrings["uni4E2D"] = charstring
    font.save(str(source))
    converted = convert_to_truetype(FaceRef(str(source)), "中", cache_dir=tmp_path / "cache")
    with TTFont(str(converted)) as result:
        _coords, _ends, flags = result["glyf"]["uni4E2D"].getCoordinates(result["glyf"])
    off_curve = sum(1 for flag in flags if not flag & 1)
    # fontTools' own cu2qu says how many points a 1-unit approximation of this curve takes.
    assert off_curve == len(curve_to_quadratic(cubic, 1.0)) - 2


def test_a_stray_surrogate_in_the_text_does_not_stop_the_conversion(tmp_path: Path) -> None:
    source = _cff_font(tmp_path / "src" / "cff.otf")
    converted = convert_to_truetype(FaceRef(str(source)), "中\ud800", cache_dir=tmp_path / "cache")
    with TTFont(str(converted)) as font:
        assert font.getBestCmap() == {ord("中"): "uni4E2D"}


def test_a_truetype_face_is_only_cut_down_to_the_characters(tmp_path: Path) -> None:
    fb = tiny_truetype("Banmian Plain TT")
    fb.setupOS2()
    source = tmp_path / "plain.ttf"
    fb.save(str(source))
    converted = convert_to_truetype(FaceRef(str(source)), "AAB", cache_dir=tmp_path / "cache")
    with TTFont(str(converted)) as font:
        assert font.getBestCmap() == {0x41: "A"}
        assert font.getGlyphOrder() == [".notdef", "A"]
        assert font["hmtx"]["A"] == (600, 0)


def test_the_converted_file_is_named_by_the_font_and_face_in_the_converted_fonts_folder(tmp_path: Path) -> None:
    source = _cff_font(tmp_path / "src" / "方正 Test+Font.otf")
    converted = convert_to_truetype(FaceRef(str(source)), "中", cache_dir=tmp_path / "cache")
    assert converted.parent == tmp_path / "cache" / "converted-fonts"
    assert re.fullmatch(r"_Test_Font-0-[0-9a-f]{24}\.ttf", converted.name)
    assert sorted(p.name for p in converted.parent.iterdir()) == [converted.name]  # no temporary left


def test_a_long_font_file_name_is_cut_to_40_characters(tmp_path: Path) -> None:
    source = _cff_font(tmp_path / "src" / ("A" * 60 + ".otf"))
    converted = convert_to_truetype(FaceRef(str(source)), "中", cache_dir=tmp_path / "cache")
    assert converted.name.startswith("A" * 40 + "-0-")


def test_without_a_cache_folder_the_users_cache_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home-cache"))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "home-cache"))
    source = _cff_font(tmp_path / "src" / "cff.otf")
    converted = convert_to_truetype(FaceRef(str(source)), "中")
    assert converted.is_relative_to(tmp_path / "home-cache")
    assert converted.parent.name == "converted-fonts"


def test_each_face_of_a_collection_is_converted_on_its_own(tmp_path: Path) -> None:
    collection = TTCollection()
    collection.fonts = [TTFont(str(_cff_font(tmp_path / "a.otf", "Banmian First"))),
                        TTFont(str(_cff_font(tmp_path / "b.otf", "Banmian Second")))]
    ttc = tmp_path / "pair.ttc"
    collection.save(str(ttc))
    first = convert_to_truetype(FaceRef(str(ttc), 0), "中", cache_dir=tmp_path / "cache")
    second = convert_to_truetype(FaceRef(str(ttc), 1), "中", cache_dir=tmp_path / "cache")
    assert first != second
    assert second.name.startswith("pair-1-")
    with TTFont(str(first)) as a, TTFont(str(second)) as b:
        assert (a["name"].getDebugName(1), b["name"].getDebugName(1)) == ("Banmian First", "Banmian Second")


def test_the_same_characters_in_any_order_share_a_converted_file(tmp_path: Path) -> None:
    source = _cff_font(tmp_path / "src" / "cff.otf")
    face = FaceRef(str(source))
    first = convert_to_truetype(face, "中文", cache_dir=tmp_path / "cache")
    assert convert_to_truetype(face, "文中中", cache_dir=tmp_path / "cache") == first
    assert convert_to_truetype(face, "中文版", cache_dir=tmp_path / "cache") != first


def test_a_changed_source_font_is_converted_again(tmp_path: Path) -> None:
    source = _cff_font(tmp_path / "src" / "cff.otf", "Banmian Before")
    face = FaceRef(str(source))
    first = convert_to_truetype(face, "中", cache_dir=tmp_path / "cache")
    stat = source.stat()
    _cff_font(source, "Banmian After Longer")
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same time: the size tells
    second = convert_to_truetype(face, "中", cache_dir=tmp_path / "cache")
    assert second != first
    with TTFont(str(second)) as font:
        assert font["name"].getDebugName(1) == "Banmian After Longer"


def test_a_source_touched_without_a_change_of_size_is_converted_again(tmp_path: Path) -> None:
    source = _cff_font(tmp_path / "src" / "cff.otf")
    face = FaceRef(str(source))
    first = convert_to_truetype(face, "中", cache_dir=tmp_path / "cache")
    stat = source.stat()
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert convert_to_truetype(face, "中", cache_dir=tmp_path / "cache") != first


# -- failures ------------------------------------------------------------------------------------


def test_a_missing_font_file_names_the_family_and_the_path(tmp_path: Path) -> None:
    path = tmp_path / "缺失.otf"
    with pytest.raises(FontError) as caught:
        convert_to_truetype(FaceRef(str(path)), "中", cache_dir=tmp_path, family="方正书宋")
    assert str(caught.value) == f"找不到字体“方正书宋”的文件：{path}"


def test_without_a_family_the_file_name_names_the_font(tmp_path: Path) -> None:
    path = tmp_path / "缺失字体.otf"
    with pytest.raises(FontError) as caught:
        convert_to_truetype(FaceRef(str(path)), "中", cache_dir=tmp_path)
    assert str(caught.value) == f"找不到字体“缺失字体”的文件：{path}"


def test_a_broken_cff_font_blames_its_postscript_outlines(tmp_path: Path) -> None:
    broken = tmp_path / "坏.otf"
    broken.write_bytes(b"OTTO" + b"\x00" * 40)  # a CFF font with no tables at all
    with pytest.raises(FontError) as caught:
        convert_to_truetype(FaceRef(str(broken)), "中", cache_dir=tmp_path / "cache", family="坏字体")
    assert str(caught.value).startswith(
        "字体“坏字体”使用 PostScript (CFF) 轮廓，无法转换为可嵌入 PDF 的 TrueType 字体：")
    assert not (tmp_path / "cache" / "converted-fonts").exists() or not any(
        (tmp_path / "cache" / "converted-fonts").iterdir())


@pytest.mark.parametrize("content", [
    b"\x00\x01\x00\x00" + b"\x00" * 40,  # a TrueType font with no tables
    b"not a font at all, not even a header",  # unreadable: CFF is not blamed
])
def test_a_broken_truetype_or_unreadable_font_cannot_be_subset(tmp_path: Path, content: bytes) -> None:
    broken = tmp_path / "坏.ttf"
    broken.write_bytes(content)
    with pytest.raises(FontError) as caught:
        convert_to_truetype(FaceRef(str(broken)), "中", cache_dir=tmp_path / "cache")
    assert str(caught.value).startswith("字体“坏”无法生成可嵌入 PDF 的字体子集：")
