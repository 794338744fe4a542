"""The prohibition sets of each level against clreq's lists (``tests/clreq.py``), the straight
ASCII quote that opens a quotation, and where a URL may break."""

from __future__ import annotations

import pytest

from editor.layout import chars as cc
from editor.model import ParagraphStyle
from tests import clreq
from tests.docbuilders import BODY, compose, line_texts, lines_with_glyphs, one_frame_doc

HAN = "党群工作部中铝股份宣传思想大格局建设世界一流企业新发展理念"
#: clreq "strict" adds two-em dashes and ellipses to the marks that may not start a line.
STRICT_NO_START_EXTRA = {"\u2e3a", "\u2014", "\u2026", "\u22ef"}  # ⸺ — … ⋯


@pytest.mark.parametrize(("level", "no_start", "no_end"), [
    ("none", set(), set()),
    ("basic", clreq.NO_LINE_START, clreq.NO_LINE_END),
    ("gb", clreq.NO_LINE_START, clreq.NO_LINE_END | set(clreq.SOLIDI)),
    ("strict", clreq.NO_LINE_START | STRICT_NO_START_EXTRA, clreq.NO_LINE_END | set(clreq.SOLIDI)),
])
def test_each_level_forbids_what_clreq_lists_for_it(level: str, no_start: set[str], no_end: set[str]) -> None:
    assert set(cc.no_start_set(level)) == set(no_start)
    assert set(cc.no_end_set(level)) == set(no_end)


def _lines(text: str, kinsoku: str = "basic") -> list[str]:
    style = ParagraphStyle(name=BODY, size_pt=10.0, leading_pt=16.0, first_line_indent_chars=0, kinsoku=kinsoku)
    return line_texts(compose(one_frame_doc([text], width_pt=200.0, style=style)))


def test_with_no_prohibitions_an_opening_bracket_may_end_a_line() -> None:
    # 19 characters and the bracket fill the 20-em line; at "none" nothing moves it down.
    assert _lines(HAN[:19] + "（" + HAN[:8] + "）" + HAN[:20], "none")[0] == HAN[:19] + "（"


def test_a_straight_quote_opening_a_quotation_may_start_a_line_with_its_word() -> None:
    # The quote after 19 Han characters opens "Banmian" (Han before it, a letter after it): like
    # “, it may start a line, so the line before it keeps all 19 characters (none goes down with it).
    lines = _lines(HAN[:19] + '"Banmian" ' + HAN[:30])
    assert lines[0] == HAN[:19]
    assert lines[1].startswith('"Banmian"')


def test_a_straight_quote_closing_a_quotation_never_starts_a_line() -> None:
    # 12 Han + "abcdefg" (7 letters ≈ 3.9 em) fill the line up to the closing quote.
    text = HAN[:12] + '"abcdefghij"' + HAN[:30]
    lines = _lines(text)
    assert not any(line.startswith('"') and not line.startswith('"a') for line in lines[1:]), lines


@pytest.mark.parametrize(("token", "points"), [
    ("www.chinalco.com.cn", [3, 12, 16]),  # after each dot that two or more letters follow
    ("a.b/cd", [3]),  # not after "a.", which one letter follows
    ("http://xy.cn/ab", [6, 9, 12]),  # "//" breaks after its second slash only
])
def test_a_url_breaks_after_a_separator_that_two_letters_follow(token: str, points: list[int]) -> None:
    assert cc.url_break_points(token) == points


def test_a_character_no_font_has_is_set_one_em_wide() -> None:
    style = ParagraphStyle(name=BODY, size_pt=10.0, leading_pt=16.0, first_line_indent_chars=0)
    layout = compose(one_frame_doc(["汉\ue000\U000f0000汉"], style=style))  # private-use characters
    ((_, glyphs),) = lines_with_glyphs(layout)
    assert [(ch, width) for ch, _, _, width in glyphs] == [
        ("汉", 10.0), ("\ue000", 10.0), ("\U000f0000", 10.0), ("汉", 10.0)]
