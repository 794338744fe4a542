"""What the metrics reader gives the composer: advances in em, the em box top, the face's names,
ink extents, and how its cache file and broken fonts are handled.

Fonts are built with fontTools' FontBuilder with the values each test needs; the bundled fonts
are read with fontTools in the test for the expected values.
"""

from __future__ import annotations

import marshal
import os
import re
import struct
from pathlib import Path

import pytest
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.t2CharStringPen import T2CharStringPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont

from editor import FONTS_DIR
from editor.errors import FontError
from editor.layout import fontmetrics
from editor.layout.fontmetrics import FontRef

COMMA = "，"  # a compressible punctuation mark: its ink is read with the metrics


def _box(x_min: int, x_max: int) -> object:
    pen = TTGlyphPen(None)
    pen.moveTo((x_min, 0))
    pen.lineTo((x_min, 400))
    pen.lineTo((x_max, 400))
    pen.lineTo((x_max, 0))
    pen.closePath()
    return pen.glyph()


def _build(path: Path, *, upem: int = 1000, typo: tuple[int, int] | None = (880, -120),
           names: dict | None = None) -> Path:
    """A TrueType font: "A" (advance 0.6 em, ink 0.1..0.5 em), a blank space, a comma (ink 0.1..0.3 em)."""
    scale = upem / 1000
    fb = FontBuilder(upem, isTTF=True)
    fb.setupGlyphOrder([".notdef", "A", "space", "comma"])
    fb.setupCharacterMap({0x41: "A", 0x20: "space", ord(COMMA): "comma"})
    fb.setupGlyf({".notdef": TTGlyphPen(None).glyph(), "A": _box(int(100 * scale), int(500 * scale)),
                  "space": TTGlyphPen(None).glyph(), "comma": _box(int(100 * scale), int(300 * scale))})
    fb.setupHorizontalMetrics({".notdef": (int(500 * scale), 0), "A": (int(600 * scale), int(100 * scale)),
                               "space": (int(250 * scale), 0), "comma": (upem, int(100 * scale))})
    fb.setupHorizontalHeader(ascent=int(880 * scale), descent=int(-120 * scale))
    fb.setupNameTable(names or {"familyName": "Banmian Metrics", "styleName": "Regular",
                                "psName": "BanmianMetrics-Regular"}, mac=False)
    if typo is not None:
        fb.setupOS2(sTypoAscender=typo[0], sTypoDescender=typo[1])
    fb.setupPost()
    fb.save(str(path))
    return path


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "cache-home"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.setenv("LOCALAPPDATA", str(home))
    return home


def _load(path: Path, index: int = 0) -> fontmetrics.FaceMetrics:
    return fontmetrics.load_face.__wrapped__(FontRef(str(path), index))


# -- advances ----------------------------------------------------------------------------------


@pytest.mark.parametrize("upem", [1000, 2048])
def test_advances_are_font_units_over_units_per_em(tmp_path: Path, cache_home: Path, upem: int) -> None:
    face = _load(_build(tmp_path / "f.ttf", upem=upem))
    assert face.units_per_em == upem
    assert face.glyph("A") == (1, pytest.approx(int(600 * upem / 1000) / upem))
    assert face.glyph(" ") == (2, pytest.approx(int(250 * upem / 1000) / upem))
    assert face.glyph(COMMA) == (3, 1.0)
    assert face.glyph("B") is None
    assert (face.has("A"), face.has("B")) == (True, False)
    # Asked again (now from the face's table): the same answers.
    assert face.glyph("A") == (1, pytest.approx(int(600 * upem / 1000) / upem))
    assert face.glyphs["A"] == (1, pytest.approx(int(600 * upem / 1000) / upem))
    assert face.glyph("B") is None


def test_the_bundled_serif_gives_the_advances_fonttools_reads(cache_home: Path) -> None:
    path = FONTS_DIR / "NotoSerifSC-Regular.ttf"
    face = _load(path)
    with TTFont(str(path)) as font:
        upem = font["head"].unitsPerEm
        cmap = font.getBestCmap()
        for ch in "中文，A1 —":
            name = cmap[ord(ch)]
            assert face.glyph(ch) == (font.getGlyphID(name), font["hmtx"][name][0] / upem), ch


# -- vertical metrics ------------------------------------------------------------------------------


@pytest.mark.parametrize(("typo", "top"), [
    ((880, -120), 0.88),
    ((800, -200), 0.8),
    ((1100, -100), 1100 / 1200),
    ((0, 0), 0.88),  # no em box: the usual CJK top
    ((100, 200), 0.88),  # nonsense: ascender below descender
])
def test_the_em_box_top_is_the_typo_ascender_share_of_the_typo_height(tmp_path: Path, cache_home: Path,
                                                                     typo: tuple[int, int], top: float) -> None:
    assert _load(_build(tmp_path / "f.ttf", typo=typo)).em_box_top == pytest.approx(top)


def test_a_font_without_os2_has_the_usual_em_box_top(tmp_path: Path, cache_home: Path) -> None:
    assert _load(_build(tmp_path / "f.ttf", typo=None)).em_box_top == 0.88


# -- names -----------------------------------------------------------------------------------------


def test_the_face_is_named_by_its_postscript_and_family_names(tmp_path: Path, cache_home: Path) -> None:
    face = _load(_build(tmp_path / "f.ttf"))
    assert (face.postscript_name, face.family_name) == ("BanmianMetrics-Regular", "Banmian Metrics")


def test_a_face_without_a_postscript_name_gets_a_made_up_one(tmp_path: Path, cache_home: Path) -> None:
    path = _build(tmp_path / "f.ttf")
    font = TTFont(str(path))
    font["name"].names = [n for n in font["name"].names if n.nameID != 6]
    font.save(str(path))
    face = _load(path)
    assert re.fullmatch(r"Font\d{1,8}", face.postscript_name)
    assert face.family_name == "Banmian Metrics"


def test_a_name_only_in_another_language_is_still_used(tmp_path: Path, cache_home: Path) -> None:
    path = _build(tmp_path / "f.ttf")
    font = TTFont(str(path))
    font["name"].names = [n for n in font["name"].names if n.nameID not in (1, 6)]
    font["name"].setName("版面度量", 1, 3, 1, 0x0804)
    font["name"].setName("BanmianZh-Regular", 6, 3, 1, 0x0804)
    font.save(str(path))
    face = _load(path)
    assert (face.family_name, face.postscript_name) == ("版面度量", "BanmianZh-Regular")


def test_a_face_with_no_family_name_has_an_empty_one(tmp_path: Path, cache_home: Path) -> None:
    path = _build(tmp_path / "f.ttf")
    font = TTFont(str(path))
    font["name"].names = [n for n in font["name"].names if n.nameID not in (1, 16)]
    font.save(str(path))
    assert _load(path).family_name == ""


def test_the_second_face_of_a_collection_is_read_by_its_index(tmp_path: Path, cache_home: Path) -> None:
    first = TTFont(str(_build(tmp_path / "a.ttf")))
    second = TTFont(str(_build(tmp_path / "b.ttf", upem=2048, names={
        "familyName": "Banmian Second", "styleName": "Regular", "psName": "BanmianSecond-Regular"})))
    collection = TTCollection()
    collection.fonts = [first, second]
    path = tmp_path / "pair.ttc"
    collection.save(str(path))
    face = _load(path, 1)
    assert (face.family_name, face.units_per_em) == ("Banmian Second", 2048)
    assert face.ink_extent("A") == pytest.approx((204 / 2048, 1024 / 2048))


# -- ink -------------------------------------------------------------------------------------------


def test_ink_extents_are_in_em_and_a_blank_glyph_has_none(tmp_path: Path, cache_home: Path) -> None:
    face = _load(_build(tmp_path / "f.ttf"))
    assert face.ink_extent(COMMA) == (0.1, 0.3)
    assert face.ink_extent("A") == (0.1, 0.5)
    assert face.ink_extent(" ") is None
    assert face.ink_extent("B") is None


def test_punctuation_ink_is_read_with_the_metrics_and_kept_after_the_font_is_gone(tmp_path: Path,
                                                                                   cache_home: Path) -> None:
    path = _build(tmp_path / "f.ttf")
    face = _load(path)
    path.unlink()
    assert face.ink_extent(COMMA) == (0.1, 0.3)


def test_ink_is_read_once_per_character(tmp_path: Path, cache_home: Path) -> None:
    path = _build(tmp_path / "f.ttf")
    face = _load(path)
    assert face.ink_extent("A") == (0.1, 0.5)
    assert face.ink_extent(" ") is None
    path.unlink()  # a second read would fail
    assert face.ink_extent("A") == (0.1, 0.5)
    assert face.ink_extent(" ") is None


# -- the metrics cache -------------------------------------------------------------------------------


def _cache_files(home: Path) -> list[Path]:
    return sorted(home.rglob("*.marshal"))


def test_the_metrics_are_cached_in_one_file_per_face_in_the_font_metrics_folder(tmp_path: Path,
                                                                               cache_home: Path) -> None:
    _load(_build(tmp_path / "f.ttf"))
    (cached,) = _cache_files(cache_home)
    assert cached.parent.name == "font-metrics"
    assert re.fullmatch(r"[0-9a-f]{40}\.marshal", cached.name)
    values = marshal.loads(cached.read_bytes())
    assert isinstance(values, tuple)
    assert values[:4] == (1000, 0.88, "BanmianMetrics-Regular", "Banmian Metrics")
    assert values[4][0x41] == 1
    assert values[5] == [500, 600, 250, 1000]
    assert values[6] == {COMMA: (0.1, 0.3)}


def test_two_faces_of_one_file_and_two_files_get_their_own_cache_entries(tmp_path: Path,
                                                                         cache_home: Path) -> None:
    first = TTFont(str(_build(tmp_path / "a.ttf")))
    second = TTFont(str(_build(tmp_path / "b.ttf", upem=2048)))
    collection = TTCollection()
    collection.fonts = [first, second]
    path = tmp_path / "pair.ttc"
    collection.save(str(path))
    assert _load(path, 0).units_per_em == 1000
    assert _load(path, 1).units_per_em == 2048
    _load(tmp_path / "a.ttf")
    assert len(_cache_files(cache_home)) == 3
    assert _load(path, 0).units_per_em == 1000
    assert _load(path, 1).units_per_em == 2048


def test_a_cache_entry_is_trusted_without_reading_the_font(tmp_path: Path, cache_home: Path) -> None:
    path = _build(tmp_path / "f.ttf")
    _load(path)
    (cached,) = _cache_files(cache_home)
    cached.write_bytes(marshal.dumps((2000, 0.75, "Cached-Ps", "Cached Family", {0x41: 1}, [0, 500],
                                      {COMMA: (0.2, 0.4)})))
    face = _load(path)
    assert (face.units_per_em, face.em_box_top, face.postscript_name, face.family_name) == (
        2000, 0.75, "Cached-Ps", "Cached Family")
    assert face.glyph("A") == (1, 0.25)
    assert face.ink_extent(COMMA) == (0.2, 0.4)


@pytest.mark.parametrize("stored", [
    [2000, 0.75, "Wrong", "Wrong", {}, [], {}],  # a list, not a tuple
    (2000, 0.75, "Wrong", "Wrong", {}, []),  # six values
    (2000, 0.75, "Wrong", "Wrong", {}, [], {}, None),  # eight values
    "Wrong",
])
def test_a_cache_entry_of_the_wrong_shape_is_read_again_from_the_font(tmp_path: Path, cache_home: Path,
                                                                      stored: object) -> None:
    path = _build(tmp_path / "f.ttf")
    _load(path)
    (cached,) = _cache_files(cache_home)
    cached.write_bytes(marshal.dumps(stored))
    face = _load(path)
    assert (face.family_name, face.units_per_em) == ("Banmian Metrics", 1000)
    assert marshal.loads(cached.read_bytes())[3] == "Banmian Metrics"


def test_a_changed_font_file_is_read_again(tmp_path: Path, cache_home: Path) -> None:
    path = _build(tmp_path / "f.ttf")
    assert _load(path).units_per_em == 1000
    _build(path, upem=2048)
    assert _load(path).units_per_em == 2048


def test_a_font_of_another_size_with_the_same_time_is_read_again(tmp_path: Path, cache_home: Path) -> None:
    path = _build(tmp_path / "f.ttf")
    assert _load(path).family_name == "Banmian Metrics"
    stat = path.stat()
    _build(path, names={"familyName": "Banmian Metrics Renamed", "styleName": "Regular", "psName": "R-R"})
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert _load(path).family_name == "Banmian Metrics Renamed"


def test_a_font_of_the_same_size_with_another_time_is_read_again(tmp_path: Path, cache_home: Path) -> None:
    path = _build(tmp_path / "f.ttf")
    assert _load(path).family_name == "Banmian Metrics"
    stat = path.stat()
    _build(path, names={"familyName": "Banmian Metrixx", "styleName": "Regular",
                        "psName": "BanmianMetrics-Regular"})
    assert path.stat().st_size == stat.st_size
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert _load(path).family_name == "Banmian Metrixx"


def test_an_empty_cache_file_is_read_again_from_the_font(tmp_path: Path, cache_home: Path) -> None:
    path = _build(tmp_path / "f.ttf")
    _load(path)
    (cached,) = _cache_files(cache_home)
    cached.write_bytes(b"")
    assert _load(path).family_name == "Banmian Metrics"


def test_a_cff_glyph_has_the_ink_of_its_outline_and_a_blank_one_none(tmp_path: Path, cache_home: Path) -> None:
    fb = FontBuilder(1000, isTTF=False)
    fb.setupGlyphOrder([".notdef", "A", "space"])
    fb.setupCharacterMap({0x41: "A", 0x20: "space"})
    pen = T2CharStringPen(600, None)
    pen.moveTo((120, 0))
    pen.lineTo((480, 0))
    pen.lineTo((480, 700))
    pen.closePath()
    charstrings = {".notdef": T2CharStringPen(500, None).getCharString(), "A": pen.getCharString(),
                   "space": T2CharStringPen(250, None).getCharString()}
    fb.setupCFF("BanmianCff-Regular", {"FullName": "Banmian Cff"}, charstrings, {})
    fb.setupHorizontalMetrics({".notdef": (500, 0), "A": (600, 120), "space": (250, 0)})
    fb.setupHorizontalHeader(ascent=880, descent=-120)
    fb.setupNameTable({"familyName": "Banmian Cff", "styleName": "Regular"}, mac=False)
    fb.setupOS2(sTypoAscender=880, sTypoDescender=-120)
    fb.setupPost()
    path = tmp_path / "cff.otf"
    fb.save(str(path))
    face = _load(path)
    assert face.ink_extent("A") == (0.12, 0.48)
    assert face.ink_extent(" ") is None
    assert face.glyph(" ") == (2, 0.25)


def test_a_cache_folder_that_cannot_be_made_costs_only_speed(tmp_path: Path, cache_home: Path) -> None:
    cache_home.parent.mkdir(parents=True, exist_ok=True)
    cache_home.write_text("a file where the cache folder should be")
    face = _load(_build(tmp_path / "f.ttf"))
    assert face.family_name == "Banmian Metrics"


def test_a_face_is_loaded_once_per_process(tmp_path: Path, cache_home: Path) -> None:
    ref = FontRef(str(_build(tmp_path / "f.ttf")), 0)
    assert fontmetrics.load_face(ref) is fontmetrics.load_face(ref)


# -- broken fonts ------------------------------------------------------------------------------------


def test_a_missing_font_file_is_a_chinese_error(tmp_path: Path, cache_home: Path) -> None:
    path = tmp_path / "gone.ttf"
    with pytest.raises(FontError) as caught:
        _load(path)
    assert str(caught.value) == f"无法读取字体文件“{path}”：文件已损坏或不是支持的字体格式。"
    assert _cache_files(cache_home) == []


def test_a_damaged_font_file_is_a_chinese_error_and_nothing_is_cached(tmp_path: Path, cache_home: Path) -> None:
    path = tmp_path / "bad.ttf"
    path.write_bytes(b"\x00\x01\x00\x00" + struct.pack(">H", 3) + b"\x00" * 20)
    with pytest.raises(FontError) as caught:
        _load(path)
    assert str(caught.value) == f"无法读取字体文件“{path}”：文件已损坏或不是支持的字体格式。"
    assert _cache_files(cache_home) == []
