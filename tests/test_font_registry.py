"""Tests for the font registry (family -> face) and CFF -> TrueType conversion.

Every font the tests need is generated in a temporary folder: small subsets
of the bundled Noto Serif SC renamed with fontTools, and tiny CFF fonts built
with FontBuilder, so nothing depends on the fonts installed on the machine.
One extra test uses Debian's fonts-noto-cjk when it is present.
"""

from __future__ import annotations

import json
import os
import shutil
from collections import Counter
from pathlib import Path

import pdfplumber
import pytest
from fontTools import subset
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.t2CharStringPen import T2CharStringPen
from fontTools.ttLib import TTCollection, TTFont
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError
from reportlab.pdfbase.ttfonts import TTFont as RLTTFont
from reportlab.pdfgen import canvas

from editor import FONTS_DIR
from editor.errors import FontError
from editor.layout import font_convert, font_registry
from editor.layout.font_convert import convert_to_truetype
from editor.layout.font_registry import SCAN_CACHE_NAME, FaceRef, FontRegistry
from tests.font_factories import tiny_truetype

SERIF_REGULAR = str(FONTS_DIR / "NotoSerifSC-Regular.ttf")
SERIF_BOLD = str(FONTS_DIR / "NotoSerifSC-Bold.ttf")
SANS_REGULAR = str(FONTS_DIR / "NotoSansSC-Regular.ttf")
SANS_BOLD = str(FONTS_DIR / "NotoSansSC-Bold.ttf")
CFF_TEXT = "中文版面"
DEBIAN_NOTO_CJK = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")


# -- font factories -----------------------------------------------------------


def _rename(font: TTFont, zh: str | None, en: str, style: str = "Regular") -> None:
    """Give ``font`` a new family; ``zh`` goes into a 0x0804 (zh-CN) record."""
    table = font["name"]
    table.names = [n for n in table.names if n.nameID not in (1, 2, 4, 6, 16, 17)]
    ps_name = f"{en.replace(' ', '')}-{style}"
    for name_id, text in ((1, en), (2, style), (4, f"{en} {style}"), (6, ps_name)):
        table.setName(text, name_id, 3, 1, 0x0409)
    if zh:
        table.setName(zh, 1, 3, 1, 0x0804)


@pytest.fixture(scope="module")
def small_song(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A few-glyph subset of the bundled Noto Serif SC renamed to 测试宋体."""
    options = subset.Options()
    font = subset.load_font(SERIF_REGULAR, options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="测试宋体中文版面 ABCabc")
    subsetter.subset(font)
    _rename(font, "测试宋体", "Banmian Test Song")
    path = tmp_path_factory.mktemp("song") / "song.ttf"
    font.save(str(path))
    return path


def _box_charstring(width: int, cff2: bool = False) -> object:
    """A square with a square hole: outer contour counter-clockwise (CFF)."""
    pen = T2CharStringPen(None if cff2 else width, None, CFF2=cff2)
    pen.moveTo((100, -50))
    pen.lineTo((900, -50))
    pen.curveTo((900, 300), (900, 500), (900, 800))
    pen.lineTo((100, 800))
    pen.closePath()
    pen.moveTo((300, 150))
    pen.lineTo((300, 600))
    pen.lineTo((700, 600))
    pen.lineTo((700, 150))
    pen.closePath()
    return pen.getCharString()


def build_cff_font(path: Path, zh: str, en: str, text: str = CFF_TEXT, cff2: bool = False) -> Path:
    """A small CFF (or CFF2) OpenType font mapping ``text`` to box glyphs."""
    glyphs = [".notdef", "space"] + [f"uni{ord(c):04X}" for c in text]
    fb = FontBuilder(1000, isTTF=False)
    fb.setupGlyphOrder(glyphs)
    fb.setupCharacterMap({0x20: "space", **{ord(c): f"uni{ord(c):04X}" for c in text}})
    empty = T2CharStringPen(None if cff2 else 500, None, CFF2=cff2).getCharString()
    charstrings = {name: _box_charstring(1000, cff2) for name in glyphs}
    charstrings["space"] = empty
    ps_name = en.replace(" ", "") + "-Regular"
    if cff2:
        fb.setupCFF2(charstrings)
    else:
        fb.setupCFF(ps_name, {"FullName": en}, charstrings, {})
    metrics = {name: (1000, 100) for name in glyphs}
    metrics["space"] = (500, 0)
    fb.setupHorizontalMetrics(metrics)
    fb.setupHorizontalHeader(ascent=880, descent=-120)
    fb.setupNameTable({"familyName": en, "styleName": "Regular", "psName": ps_name}, mac=False)
    fb.font["name"].setName(zh, 1, 3, 1, 0x0804)
    fb.setupOS2(sTypoAscender=880, sTypoDescender=-120, usWinAscent=880, usWinDescent=120,
                ulCodePageRange1=1 << 18, fsType=0)
    fb.setupPost()
    path.parent.mkdir(parents=True, exist_ok=True)
    fb.save(str(path))
    return path


def build_latin_ttf(path: Path, family: str) -> Path:
    """A tiny TrueType Latin-only font (no Chinese code page, no Chinese name)."""
    fb = tiny_truetype(family)
    fb.setupOS2(ulCodePageRange1=1, ulUnicodeRange1=1, ulUnicodeRange2=0)
    path.parent.mkdir(parents=True, exist_ok=True)
    fb.save(str(path))
    return path


@pytest.fixture(scope="module")
def cff_font(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A CFF-outline font whose family is 测试黑体 / Banmian Test CFF."""
    folder = tmp_path_factory.mktemp("cff")
    return build_cff_font(folder / "测试 CFF.otf", "测试黑体", "Banmian Test CFF")


def _registry(tmp_path: Path, *font_dirs: Path) -> FontRegistry:
    return FontRegistry(font_dirs=list(font_dirs), cache_dir=tmp_path / "cache")


@pytest.fixture
def parse_counter(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Counts, per file path, how often the registry parses a font file."""
    calls: Counter[str] = Counter()
    real = font_registry.read_faces

    def counting(path: str):
        calls[path] += 1
        return real(path)

    monkeypatch.setattr(font_registry, "read_faces", counting)
    return calls


# -- bundled fonts and fallbacks -------------------------------------------------


@pytest.mark.parametrize(
    ("family", "regular", "bold"),
    [("Noto Serif SC", SERIF_REGULAR, SERIF_BOLD), ("Noto Sans SC", SANS_REGULAR, SANS_BOLD)],
)
def test_bundled_family_has_distinct_regular_and_bold_files(
    tmp_path: Path, family: str, regular: str, bold: str
) -> None:
    reg = _registry(tmp_path)
    plain, heavy = reg.resolve(family), reg.resolve(family, bold=True)
    assert plain.face == FaceRef(regular, 0)
    assert heavy.face == FaceRef(bold, 0)
    assert not plain.substituted and not heavy.synthetic_bold_needed
    assert reg.substitutions() == []


def test_family_lookup_ignores_case_and_extra_spaces(tmp_path: Path) -> None:
    reg = _registry(tmp_path)
    assert reg.resolve("  noto   SERIF sc ").face.path == SERIF_REGULAR
    assert reg.has_family("NOTO SANS SC")


@pytest.mark.parametrize(
    ("requested", "used"),
    [
        ("宋体", "Noto Serif SC"), ("新宋体", "Noto Serif SC"), ("仿宋", "Noto Serif SC"),
        ("楷体", "Noto Serif SC"), ("SimSun", "Noto Serif SC"), ("NSimSun", "Noto Serif SC"),
        ("FangSong", "Noto Serif SC"), ("KaiTi", "Noto Serif SC"), ("某种未知字体", "Noto Serif SC"),
        ("黑体", "Noto Sans SC"), ("微软雅黑", "Noto Sans SC"), ("等线", "Noto Sans SC"),
        ("SimHei", "Noto Sans SC"), ("Microsoft YaHei", "Noto Sans SC"),
        ("DengXian", "Noto Sans SC"),
    ],
)
def test_missing_windows_family_falls_back_to_bundled_and_is_reported(
    tmp_path: Path, requested: str, used: str
) -> None:
    reg = _registry(tmp_path)  # no system folders: as on a Linux machine without them
    regular, bold = reg.resolve(requested), reg.resolve(requested, bold=True)
    assert regular.family == used and regular.substituted
    assert bold.face != regular.face and not bold.synthetic_bold_needed
    [sub] = reg.substitutions()  # asked twice, reported once
    assert (sub.requested, sub.used) == (requested, used)
    assert sub.message == f"字体“{requested}”未安装，已用 {used} 代替"


def test_substitution_message_matches_preflight_wording(tmp_path: Path) -> None:
    reg = _registry(tmp_path)
    reg.resolve("楷体")
    reg.resolve("微软雅黑", bold=True)
    assert [s.message for s in reg.substitutions()] == [
        "字体“楷体”未安装，已用 Noto Serif SC 代替",
        "字体“微软雅黑”未安装，已用 Noto Sans SC 代替",
    ]


@pytest.mark.parametrize(
    ("generic", "path"), [("serif", SERIF_REGULAR), ("sans-serif", SANS_REGULAR), ("", SERIF_REGULAR)]
)
def test_generic_names_resolve_silently(tmp_path: Path, generic: str, path: str) -> None:
    reg = _registry(tmp_path)
    result = reg.resolve(generic)
    assert result.face.path == path and not result.substituted
    assert reg.substitutions() == []


def test_fallback_faces_start_with_the_same_style(tmp_path: Path) -> None:
    reg = _registry(tmp_path)
    assert reg.fallback_faces("黑体", bold=True) == [FaceRef(SANS_BOLD), FaceRef(SERIF_BOLD)]
    assert reg.fallback_faces("宋体", bold=False) == [FaceRef(SERIF_REGULAR), FaceRef(SANS_REGULAR)]
    assert reg.resolve_face("Noto Sans SC", False) == FaceRef(SANS_REGULAR)


def test_constructing_registry_does_not_parse_bundled_fonts_twice(
    tmp_path: Path, parse_counter: Counter[str]
) -> None:
    _registry(tmp_path)
    assert set(parse_counter) == {SERIF_REGULAR, SERIF_BOLD, SANS_REGULAR, SANS_BOLD}
    parse_counter.clear()
    _registry(tmp_path)
    assert parse_counter == Counter()


# -- scanning font folders --------------------------------------------------------


@pytest.fixture
def chinese_folder(tmp_path: Path, small_song: Path) -> Path:
    """A "user font folder" with spaces and Chinese in folder and file names."""
    folder = tmp_path / "我的 字体"
    (folder / "子 目录").mkdir(parents=True)
    shutil.copy(small_song, folder / "测试字体.ttf")
    build_latin_ttf(folder / "子 目录" / "latin only.ttf", "Banmian Latin")
    return folder


def test_scanned_font_is_found_by_its_chinese_family_name(
    tmp_path: Path, chinese_folder: Path
) -> None:
    reg = _registry(tmp_path, chinese_folder)
    result = reg.resolve("测试宋体")
    assert result.face == FaceRef(str(chinese_folder / "测试字体.ttf"), 0)
    assert result.family == "测试宋体" and not result.substituted
    assert reg.resolve("banmian test song").face == result.face
    bold = reg.resolve("测试宋体", bold=True)
    assert bold.face == result.face and bold.synthetic_bold_needed
    assert reg.substitutions() == []


def test_available_families_lists_chinese_capable_families_first(
    tmp_path: Path, chinese_folder: Path
) -> None:
    families = _registry(tmp_path, chinese_folder).available_families()
    assert {"Noto Serif SC", "Noto Sans SC", "测试宋体", "Banmian Latin"} <= set(families)
    assert families.index("Banmian Latin") > families.index("测试宋体")
    assert families[-1] == "Banmian Latin"
    assert len(families) == len(set(families))


def test_scan_cache_is_written_and_reused(
    tmp_path: Path, chinese_folder: Path, parse_counter: Counter[str]
) -> None:
    song = str(chinese_folder / "测试字体.ttf")
    _registry(tmp_path, chinese_folder).resolve("测试宋体")
    assert parse_counter[song] == 1
    cache_file = tmp_path / "cache" / SCAN_CACHE_NAME
    assert song in json.loads(cache_file.read_text(encoding="utf-8"))["files"]  # not the JSON text: \\ on Windows

    parse_counter.clear()
    again = _registry(tmp_path, chinese_folder)
    assert again.resolve("测试宋体").face.path == song
    assert again.resolve("不存在的字体").substituted  # a full scan, all from cache
    assert parse_counter == Counter()

    stat = os.stat(song)
    os.utime(song, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    _registry(tmp_path, chinese_folder).resolve("测试宋体")
    assert parse_counter == Counter({song: 1})  # only the changed file


def test_damaged_scan_cache_is_ignored(tmp_path: Path, chinese_folder: Path) -> None:
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / SCAN_CACHE_NAME).write_text("{not json", encoding="utf-8")
    assert _registry(tmp_path, chinese_folder).resolve("测试宋体").face.path.endswith("测试字体.ttf")


def test_unreadable_font_file_is_skipped(tmp_path: Path, chinese_folder: Path) -> None:
    (chinese_folder / "broken.ttf").write_bytes(b"not a font at all")
    reg = _registry(tmp_path, chinese_folder)
    assert reg.resolve("测试宋体").face.path.endswith("测试字体.ttf")


def test_known_windows_file_names_are_used_without_parsing(
    tmp_path: Path, small_song: Path, cff_font: Path, parse_counter: Counter[str]
) -> None:
    folder = tmp_path / "Windows Fonts"
    folder.mkdir()
    shutil.copy(small_song, folder / "SIMKAI.TTF")  # Windows file names are case-insensitive
    collection = TTCollection()
    collection.fonts = [TTFont(str(small_song)), TTFont(str(small_song))]
    collection.save(str(folder / "msyh.ttc"))
    shutil.copy(folder / "msyh.ttc", folder / "msyhbd.ttc")
    reg = _registry(tmp_path, folder)
    kai = reg.resolve("楷体")
    assert kai.face == FaceRef(str(folder / "SIMKAI.TTF"), 0) and not kai.substituted
    assert reg.resolve("kaiti").face == kai.face
    assert reg.resolve("微软雅黑").face == FaceRef(str(folder / "msyh.ttc"), 0)
    yahei_bold = reg.resolve("Microsoft YaHei", bold=True)
    assert yahei_bold.face == FaceRef(str(folder / "msyhbd.ttc"), 0)
    assert not yahei_bold.synthetic_bold_needed
    assert reg.resolve("Microsoft YaHei UI").face == FaceRef(str(folder / "msyh.ttc"), 1)
    assert not any(str(folder) in path for path in parse_counter)  # no scan happened
    assert {"楷体", "微软雅黑"} <= set(reg.available_families())


# -- CFF outlines ---------------------------------------------------------------


def test_needs_truetype_conversion_detects_cff_faces(
    tmp_path: Path, small_song: Path, cff_font: Path
) -> None:
    collection = TTCollection()
    collection.fonts = [TTFont(str(small_song)), TTFont(str(cff_font))]
    ttc = tmp_path / "混合 集合.ttc"
    collection.save(str(ttc))
    reg = _registry(tmp_path, cff_font.parent)
    assert not reg.needs_truetype_conversion(reg.resolve("Noto Serif SC").face)
    cff_face = reg.resolve("测试黑体").face
    assert cff_face == FaceRef(str(cff_font), 0)
    assert reg.needs_truetype_conversion(cff_face)
    assert not reg.needs_truetype_conversion(FaceRef(str(ttc), 0))
    assert reg.needs_truetype_conversion(FaceRef(str(ttc), 1))
    with pytest.raises(FontError):
        reg.needs_truetype_conversion(FaceRef(str(ttc), 5))


def _pdf_text(font_path: Path, text: str, pdf_path: Path) -> str:
    """Draw ``text`` with ReportLab in ``font_path`` and read it back."""
    name = f"BanmianTest{abs(hash(str(font_path)))}"
    pdfmetrics.registerFont(RLTTFont(name, str(font_path)))
    page = canvas.Canvas(str(pdf_path))
    page.setFont(name, 24)
    page.drawString(72, 720, text)
    page.save()
    with pdfplumber.open(pdf_path) as pdf:
        return pdf.pages[0].extract_text()


def _signed_area(points: list[tuple[int, int]]) -> float:
    pairs = zip(points, points[1:] + points[:1], strict=True)
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in pairs) / 2


def test_cff_font_converts_to_truetype_that_reportlab_embeds(
    tmp_path: Path, cff_font: Path
) -> None:
    with pytest.raises(TTFError, match="postscript outlines"):
        RLTTFont("BanmianRejected", str(cff_font))
    converted = convert_to_truetype(FaceRef(str(cff_font)), CFF_TEXT + "版", cache_dir=tmp_path)
    font = TTFont(str(converted))
    assert font.sfntVersion == "\x00\x01\x00\x00"
    assert "glyf" in font and "CFF " not in font
    assert set(font.getBestCmap()) == {ord(c) for c in CFF_TEXT}
    glyph = font["glyf"][font.getBestCmap()[ord("中")]]
    coords, ends, _flags = glyph.getCoordinates(font["glyf"])
    outer = [tuple(p) for p in coords[: ends[0] + 1]]
    assert _signed_area(outer) < 0  # TrueType outer contours run clockwise
    assert _pdf_text(converted, CFF_TEXT, tmp_path / "cff.pdf") == CFF_TEXT


def test_conversion_is_cached_per_character_set(
    tmp_path: Path, cff_font: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    face = FaceRef(str(cff_font))
    first = convert_to_truetype(face, "中文", cache_dir=tmp_path)

    def must_not_run(*_args: object) -> None:
        pytest.fail("converted again although the result is cached")

    monkeypatch.setattr(font_convert, "_subset", must_not_run)
    assert convert_to_truetype(face, "文中文", cache_dir=tmp_path) == first  # same characters
    monkeypatch.undo()
    other = convert_to_truetype(face, "版面", cache_dir=tmp_path)
    assert other != first and other.parent == first.parent


def test_cff_face_inside_a_collection_converts(
    tmp_path: Path, small_song: Path, cff_font: Path
) -> None:
    collection = TTCollection()
    collection.fonts = [TTFont(str(small_song)), TTFont(str(cff_font))]
    ttc = tmp_path / "集合 字体.ttc"
    collection.save(str(ttc))
    converted = convert_to_truetype(FaceRef(str(ttc), 1), "中文", cache_dir=tmp_path / "cache")
    assert _pdf_text(converted, "文中", tmp_path / "ttc.pdf") == "文中"


def test_cff2_font_converts(tmp_path: Path) -> None:
    source = build_cff_font(tmp_path / "cff2.otf", "测试二", "Banmian Test CFF2", cff2=True)
    converted = convert_to_truetype(FaceRef(str(source)), "中文", cache_dir=tmp_path / "cache")
    assert "CFF2" not in TTFont(str(converted))
    assert _pdf_text(converted, "中文", tmp_path / "cff2.pdf") == "中文"


def test_broken_cff_font_raises_font_error_in_chinese(tmp_path: Path) -> None:
    broken = tmp_path / "坏字体.otf"
    broken.write_bytes(b"OTTO" + b"\x00" * 40)
    with pytest.raises(FontError) as caught:
        convert_to_truetype(FaceRef(str(broken)), "中", cache_dir=tmp_path, family="坏字体")
    assert "字体“坏字体”" in caught.value.message
    with pytest.raises(FontError, match="找不到字体"):
        convert_to_truetype(FaceRef(str(tmp_path / "missing.otf")), "中", cache_dir=tmp_path)


@pytest.mark.skipif(not DEBIAN_NOTO_CJK.is_file(), reason="Debian fonts-noto-cjk not installed")
def test_debian_noto_cjk_face_is_found_and_converted(tmp_path: Path) -> None:
    reg = _registry(tmp_path, DEBIAN_NOTO_CJK.parent)
    face = reg.resolve("Noto Serif CJK SC").face
    assert face.path == str(DEBIAN_NOTO_CJK) and reg.needs_truetype_conversion(face)
    text = "中文排版测试：新闻通讯，多栏版面。Hello 2024"
    converted = convert_to_truetype(face, text, cache_dir=tmp_path, family="Noto Serif CJK SC")
    assert _pdf_text(converted, text, tmp_path / "noto.pdf") == text


# -- Windows' own font folders ----------------------------------------------------


def test_windows_font_folders_give_the_chinese_office_fonts_by_their_chinese_names(
    tmp_path: Path, small_song: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A machine laid out like Windows: C:\\Windows\\Fonts with the fonts Windows ships,
    and a 方正 face installed for one user only (%LOCALAPPDATA%\\Microsoft\\Windows\\Fonts),
    in folders with spaces and Chinese. Each Chinese name used in a newsletter resolves
    to its file there, unsubstituted; a missing one falls back to the bundled fonts."""
    windows = tmp_path / "C 盘" / "Windows"
    system_fonts = windows / "Fonts"
    user_fonts = tmp_path / "C 盘" / "Users" / "张 三" / "AppData" / "Local" / "Microsoft" / "Windows" / "Fonts"
    system_fonts.mkdir(parents=True)
    user_fonts.mkdir(parents=True)
    collection = TTCollection()
    collection.fonts = [TTFont(str(small_song)), TTFont(str(small_song))]
    for name in ("simsun.ttc", "msyh.ttc", "msyhbd.ttc"):
        collection.save(str(system_fonts / name))
    for name in ("SIMHEI.TTF", "simkai.ttf", "SIMFANG.TTF", "Deng.ttf", "Dengb.ttf"):
        shutil.copy(small_song, system_fonts / name)
    fangzheng = TTFont(str(small_song))
    _rename(fangzheng, "方正小标宋简体", "FZXiaoBiaoSong-B05S")
    fangzheng.save(str(user_fonts / "方正小标宋简体.TTF"))

    monkeypatch.setattr(font_registry.sys, "platform", "win32")
    monkeypatch.setenv("WINDIR", str(windows))
    monkeypatch.setenv("LOCALAPPDATA", str(user_fonts.parents[2]))
    dirs = font_registry.default_font_dirs()
    monkeypatch.undo()
    assert dirs == [system_fonts, user_fonts]

    reg = FontRegistry(font_dirs=dirs, cache_dir=tmp_path / "cache")
    expected = {
        "宋体": FaceRef(str(system_fonts / "simsun.ttc"), 0),
        "新宋体": FaceRef(str(system_fonts / "simsun.ttc"), 1),
        "黑体": FaceRef(str(system_fonts / "SIMHEI.TTF"), 0),
        "楷体": FaceRef(str(system_fonts / "simkai.ttf"), 0),
        "仿宋": FaceRef(str(system_fonts / "SIMFANG.TTF"), 0),
        "微软雅黑": FaceRef(str(system_fonts / "msyh.ttc"), 0),
        "等线": FaceRef(str(system_fonts / "Deng.ttf"), 0),
        "方正小标宋简体": FaceRef(str(user_fonts / "方正小标宋简体.TTF"), 0),
    }
    for family, face in expected.items():
        result = reg.resolve(family)
        assert (result.face, result.substituted) == (face, False), family
    assert reg.resolve("微软雅黑", bold=True).face == FaceRef(str(system_fonts / "msyhbd.ttc"), 0)
    assert reg.resolve("等线", bold=True).face == FaceRef(str(system_fonts / "Dengb.ttf"), 0)
    assert reg.substitutions() == []

    bare = FontRegistry(font_dirs=[tmp_path / "空的 Fonts"], cache_dir=tmp_path / "cache2")
    assert (bare.resolve("仿宋").face, bare.resolve("仿宋").substituted) == (FaceRef(SERIF_REGULAR), True)
    assert (bare.resolve("黑体").face, bare.resolve("黑体").substituted) == (FaceRef(SANS_REGULAR), True)
