"""Symbols of East-Asian-ambiguous width that Chinese faces draw full-width — ■ (a section mark in
Chinese newsletters), ●, ★, ※, →, ① … — are set as ideographs: a line may break on either side
of each, and no ¼ em Han–Latin space stands beside them (clreq ``#mixed_text_composition_in_
horizontal_writing_mode`` spaces Han from *Western* text only). Letters of that width (é) keep
their Western class.

The oracle: every character here is one em wide in the test face (10 pt at 10 pt), so a 3-em
column holds three of them, and one em separates the left edges of neighbours.
"""

from __future__ import annotations

import pytest

from editor.layout.engine import layout_document
from editor.model import ParagraphStyle
from tests.docbuilders import BODY, line_texts, lines_with_glyphs, one_frame_doc

HAN = "\u4e2d"  # 中
#: ■ ● ★ ※ ○ △ → ① Ⅱ ─ ▲ (U+25A0 25CF 2605 203B 25CB 25B3 2192 2460 2161 2500 25B2), all
#: east_asian_width "A".
SYMBOLS = "\u25a0\u25cf\u2605\u203b\u25cb\u25b3\u2192\u2460\u2161\u2500\u25b2"
SIZE_PT = 10.0
LEFT_PT = 50.0  # one_frame_doc's frame edge


def _style() -> ParagraphStyle:
    return ParagraphStyle(name=BODY, size_pt=SIZE_PT, leading_pt=16.0, first_line_indent_chars=0)


@pytest.mark.parametrize("symbol", SYMBOLS)
def test_a_line_breaks_between_full_width_symbols_as_between_han(symbol: str) -> None:
    text = HAN + symbol * 5
    lines = line_texts(layout_document(one_frame_doc([text], width_pt=3 * SIZE_PT, style=_style())))
    assert lines == [text[:3], text[3:]]


@pytest.mark.parametrize("symbol", SYMBOLS)
def test_no_han_latin_space_beside_a_full_width_symbol(symbol: str) -> None:
    text = HAN + symbol + HAN + symbol
    layout = layout_document(one_frame_doc([text], width_pt=200.0, style=_style()))
    (_, glyphs), = lines_with_glyphs(layout)
    assert [left for _, left, _, _ in glyphs] == pytest.approx([LEFT_PT + i * SIZE_PT for i in range(4)])


def test_an_ambiguous_width_latin_letter_keeps_its_han_latin_space() -> None:
    layout = layout_document(one_frame_doc([HAN + "\u00e9t\u00e9"], width_pt=200.0, style=_style()))  # 中été
    (_, glyphs), = lines_with_glyphs(layout)
    assert glyphs[1][1] == pytest.approx(LEFT_PT + SIZE_PT + 0.25 * SIZE_PT)
