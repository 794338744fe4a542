"""The painter's fonts: a file's first face is read by Qt from the file, not read into Python and
copied (issue #12: the four bundled Noto faces, 50 MB, are what the first painted page waits for)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QByteArray
from PySide6.QtGui import QFont, QRawFont

from editor import FONTS_DIR
from editor.layout.fontmetrics import FontRef
from editor.render import qt_fonts
from editor.render.qt_fonts import RawFontCache

pytestmark = pytest.mark.usefixtures("qapp")

TEXT = "中文排版，Banmian 2021"


@pytest.mark.parametrize("file_name", ["NotoSerifSC-Regular.ttf", "NotoSansSC-Bold.ttf"])
def test_a_first_face_is_read_by_qt_with_the_glyphs_and_advances_of_its_bytes(file_name, monkeypatch):
    path = FONTS_DIR / file_name
    from_bytes = QRawFont(QByteArray(path.read_bytes()), 12.0, QFont.HintingPreference.PreferNoHinting)

    def refuse(ref):
        raise AssertionError("the font's bytes were read into Python")

    monkeypatch.setattr(qt_fonts, "face_bytes", refuse)
    font = RawFontCache().get(FontRef(str(path)), 12.0)
    assert font is not None
    glyphs = font.glyphIndexesForString(TEXT)
    assert glyphs == from_bytes.glyphIndexesForString(TEXT) and 0 not in glyphs
    assert font.advancesForGlyphIndexes(glyphs) == from_bytes.advancesForGlyphIndexes(glyphs)


def test_a_missing_font_file_is_unloadable_not_an_error(tmp_path):
    assert RawFontCache().get(FontRef(str(tmp_path / "没有.ttf")), 12.0) is None
