"""Font metrics: the cached copy reads back exactly what fontTools reads."""

from __future__ import annotations

from fontTools.ttLib import TTFont

from editor import FONTS_DIR
from editor.layout import fontmetrics
from editor.layout.chars import COMPRESSIBLE_PUNCTUATION
from editor.layout.fontmetrics import FontRef

SAMPLE_TEXT = "中铝股份党群工作，。“”（）——……Hello 2021"


def test_metrics_cache_round_trips_exactly(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path))
    ref = FontRef(str(FONTS_DIR / "NotoSerifSC-Regular.ttf"), 0)
    fresh = fontmetrics.load_face.__wrapped__(ref)
    assert list(tmp_path.rglob("*.marshal")), "the first load writes the cache"
    cached = fontmetrics.load_face.__wrapped__(ref)
    for attribute in ("postscript_name", "family_name", "units_per_em", "em_box_top"):
        assert getattr(cached, attribute) == getattr(fresh, attribute)
    for ch in SAMPLE_TEXT:
        assert cached.glyph(ch) == fresh.glyph(ch)
    for ch in COMPRESSIBLE_PUNCTUATION | set("—…"):
        assert cached.ink_extent(ch) == fresh.ink_extent(ch)
    assert fresh.postscript_name == "NotoSerifSC-Regular"
    assert fresh.glyph("中")[1] == 1.0


def test_a_damaged_cache_file_is_ignored(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path))
    ref = FontRef(str(FONTS_DIR / "NotoSansSC-Regular.ttf"), 0)
    fontmetrics.load_face.__wrapped__(ref)
    for path in tmp_path.rglob("*.marshal"):
        path.write_bytes(b"\x00garbage")
    face = fontmetrics.load_face.__wrapped__(ref)
    # The glyph fontTools finds for 党 in the font itself (a damaged cache is read again).
    with TTFont(ref.path) as font:
        expected_id = font.getGlyphID(font.getBestCmap()[ord("党")])
    assert face.glyph("党")[0] == expected_id
