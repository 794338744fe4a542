"""Every measure ``prepare_paragraph`` gives a character, checked value by value (issue 15).

The breaker and the line setter only add these numbers up, so a wrong box, gap, shrink, trim or
break flag moves or drops glyphs without any error. The expected values are worked out by hand
from the rules (W3C clreq, GB/T 15834—2011, ``../shared/notes/layout-facts.md`` §2) at a 10 pt
em: Han characters and full-width marks are 1 em (10 pt); a closing mark's blank half is its
right one and an opening mark's its left one (clreq §3.1); two adjacent marks take 1.5 em; a
line-end mark loses its blank half; the Han–Latin space is ¼ em. Western advances are read from
the font (``FaceMetrics``), not from the module under test.
"""

from __future__ import annotations

import pytest

from editor.layout import textprep as tp
from editor.layout.linebreak import break_line
from editor.layout.textprep import PreparedParagraph
from editor.model import Run
from tests.prepared_paragraphs import EM, prepared

T, F = True, False
N, S, H, X = tp.GAP_NORMAL, tp.GAP_SPACE, tp.GAP_HAN_LATIN, tp.GAP_NONE


_prep = prepared


def _advance_pt(prep: PreparedParagraph, ch: str, size_pt: float = EM) -> float:
    """The font's own advance of ``ch`` (the first face has every Western letter)."""
    return prep.faces[0].glyphs[ch][1] * size_pt


def test_plain_han_text_takes_its_advances_and_breaks_after_every_character_but_the_last():
    prep = _prep("中文字")
    assert prep.advance_pt == prep.box_pt == [EM, EM, EM]
    assert prep.gap_pt == [0.0, 0.0, 0.0]
    assert prep.gap_class == [N, N, N]
    assert prep.break_after == [T, T, F]
    assert prep.forced_break_after == [F, F, F]
    assert prep.end_trim_pt == prep.shrink_pt == [0.0, 0.0, 0.0]
    assert prep.shrink_level == [tp.SHRINK_PUNCT] * 3
    assert prep.blank_side == [tp.BLANK_NONE] * 3
    assert prep.is_space == [F, F, F]
    assert prep.hscale == [1.0, 1.0, 1.0]
    assert prep.origin_shift_pt == [0.0, 0.0, 0.0]
    assert prep.prefix_width == prep.net_prefix == [0.0, 10.0, 20.0, 30.0]
    assert prep.prefix_shrink == [0.0, 0.0, 0.0, 0.0]
    assert prep.forced_ends == []
    assert prep.break_margin_pt == pytest.approx(EM + 0.01)
    assert (prep.em_pt, prep.em_box_top) == (EM, prep.faces[0].em_box_top)
    assert prep.em_box_top == 0.88  # Noto Serif SC's em box top (ascender 880/1000)


def test_an_empty_paragraph_has_empty_columns_and_a_one_em_margin():
    prep = _prep("")
    assert (prep.text, prep.box_pt, prep.break_after, prep.offsets) == ("", [], [], [])
    assert prep.prefix_width == prep.prefix_shrink == prep.net_prefix == [0.0]
    assert prep.break_margin_pt == pytest.approx(EM + 0.01)


def test_letter_spacing_follows_each_character_but_the_last_and_never_splits_a_word():
    prep = _prep("中文ab中", letter_spacing_em=0.1)
    # 中文: 1 pt each; inside "ab": none; after "b" the ¼ em Han–Latin space as well.
    assert prep.gap_pt == pytest.approx([1.0, 1.0 + 2.5, 0.0, 1.0 + 2.5, 0.0])
    assert prep.gap_class == [N, H, X, H, N]
    assert prep.break_margin_pt == pytest.approx(EM * 1.1 + 0.01)


def test_negative_letter_spacing_widens_the_break_margin_by_its_size():
    assert _prep("中文", letter_spacing_em=-0.05).break_margin_pt == pytest.approx(EM * 1.05 + 0.01)


def test_a_larger_run_takes_its_own_em_for_spacing_and_the_margin():
    prep = _prep([Run(text="中", char_style="大"), Run(text="a"), Run(text="中")], letter_spacing_em=0.1)
    assert prep.advance_pt[0] == 2 * EM
    assert [fmt.size_pt for fmt in prep.formats] == [2 * EM, EM, EM]
    # The space after a character is in that character's em: 0.1 + ¼ of 20 pt, then of 10 pt.
    assert prep.gap_pt == pytest.approx([2.0 + 5.0, 1.0 + 2.5, 0.0])
    assert prep.break_margin_pt == pytest.approx(2 * EM * 1.1 + 0.01)
    assert prep.em_pt == EM  # the paragraph's em, for its indents


def test_line_separators_take_no_width_and_force_a_break_except_at_the_end():
    prep = _prep("甲\n乙\n")
    assert prep.advance_pt == prep.box_pt == [EM, 0.0, EM, 0.0]
    assert prep.forced_break_after == [F, T, F, F]
    assert prep.forced_ends == [2]
    assert prep.break_after == [T, T, T, F]
    assert prep.prefix_width == [0.0, 10.0, 10.0, 20.0, 20.0]


def test_a_line_ends_after_its_separator_even_when_a_space_follows_it():
    prep = _prep("甲\n 乙")
    assert prep.break_after == [T, T, T, F]
    assert break_line(prep, 0, 100.0) == 2


def _ink_spans_one_em(prep: PreparedParagraph, index: int) -> bool:
    left_ink, right_ink = prep.faces[index].ink_extent("—")
    scale = prep.hscale[index]
    starts_at_box = abs(prep.origin_shift_pt[index] - left_ink * scale * EM) < 1e-9
    return starts_at_box and abs((right_ink - left_ink) * scale * EM - EM) < 1e-9 and prep.box_pt[index] == EM


def test_each_half_of_a_two_em_dash_is_stretched_so_its_ink_spans_one_em():
    prep = _prep("中——中")
    assert _advance_pt(prep, "—") < EM  # the font's dash is narrower than an em
    assert _ink_spans_one_em(prep, 1) and _ink_spans_one_em(prep, 2)
    assert prep.hscale[1] > 1.0
    assert prep.break_after == [T, F, T, F]
    assert prep.gap_class == [N, X, N, N]


@pytest.mark.parametrize("text", ["——中", "中——"])
def test_a_two_em_dash_at_either_end_of_the_paragraph_is_stretched(text: str):
    prep = _prep(text)
    dashes = [i for i, ch in enumerate(text) if ch == "—"]
    assert all(_ink_spans_one_em(prep, i) for i in dashes)


def test_a_lone_dash_keeps_the_fonts_width_even_beside_a_pair():
    prep = _prep("—中——")
    assert (prep.hscale[0], prep.origin_shift_pt[0], prep.box_pt[0]) == (1.0, 0.0, _advance_pt(prep, "—"))
    assert _ink_spans_one_em(prep, 2) and _ink_spans_one_em(prep, 3)
    lone = _prep("中—中")
    assert lone.hscale == [1.0, 1.0, 1.0]
    assert lone.box_pt == [EM, _advance_pt(lone, "—"), EM]


def test_two_closing_marks_take_one_and_a_half_em_and_the_last_can_lose_its_blank_half():
    prep = _prep("中，」中")
    assert prep.blank_side == [tp.BLANK_NONE, tp.BLANK_RIGHT, tp.BLANK_RIGHT, tp.BLANK_NONE]
    assert prep.box_pt == [EM, 5.0, EM, EM]
    assert prep.origin_shift_pt == [0.0, 0.0, 0.0, 0.0]
    # The trimmed comma has nothing left to give; the bracket gives its blank half at a line end.
    assert prep.shrink_pt == [0.0, 0.0, 5.0, 0.0]
    assert prep.end_trim_pt == [0.0, 0.0, 5.0, 0.0]
    assert prep.shrink_level == [tp.SHRINK_PUNCT] * 4
    assert prep.prefix_width == [0.0, 10.0, 15.0, 25.0, 35.0]
    assert prep.prefix_shrink == [0.0, 0.0, 0.0, 5.0, 5.0]
    assert prep.net_prefix == [0.0, 10.0, 15.0, 20.0, 30.0]


def test_a_full_stop_after_a_closing_mark_is_squeezed_last():
    prep = _prep("中」。中")
    assert prep.box_pt == [EM, 5.0, EM, EM]
    assert prep.shrink_pt == [0.0, 0.0, 5.0, 0.0]
    assert prep.shrink_level == [tp.SHRINK_PUNCT, tp.SHRINK_PUNCT, tp.SHRINK_FULL_STOP, tp.SHRINK_PUNCT]
    assert prep.end_trim_pt == [0.0, 0.0, 5.0, 0.0]


def test_two_opening_marks_lose_the_blank_left_half_of_the_second():
    prep = _prep("中（「中")
    assert prep.blank_side == [tp.BLANK_NONE, tp.BLANK_LEFT, tp.BLANK_LEFT, tp.BLANK_NONE]
    assert prep.box_pt == [EM, EM, 5.0, EM]
    assert prep.origin_shift_pt == [0.0, 0.0, 5.0, 0.0]  # the glyph moves left over its lost half
    # An opening mark has no blank half at a line end to lose, but can be squeezed inside a line.
    assert prep.shrink_pt == [0.0, 5.0, 0.0, 0.0]
    assert prep.end_trim_pt == [0.0, 0.0, 0.0, 0.0]


@pytest.mark.parametrize(("text", "boxes"), [
    ("中，（中", [EM, 5.0, EM, EM]),  # closing then opening: the closing mark's right half goes
    ("中）（中", [EM, 5.0, EM, EM]),
    ("中（，中", [EM, EM, EM, EM]),  # an opening mark before a closing one: ink on both inner sides
    ("中・，中", [EM, EM, EM, EM]),  # a centred middle dot has no blank half
])
def test_which_of_two_adjacent_marks_is_compressed(text: str, boxes: list[float]):
    assert _prep(text).box_pt == boxes


def test_a_proportional_middle_dot_has_no_blank_half():
    prep = _prep("中·中")
    assert _advance_pt(prep, "·") < 0.5 * EM
    assert prep.blank_side == [tp.BLANK_NONE] * 3
    assert prep.shrink_pt == [0.0, 0.0, 0.0]


def test_without_compression_marks_keep_a_full_em_and_nothing_shrinks():
    prep = _prep("中，」（中。", compress_punctuation=False)
    assert prep.box_pt == [EM] * 6
    assert prep.blank_side == [tp.BLANK_NONE] * 6
    assert prep.shrink_pt == prep.end_trim_pt == [0.0] * 6


def test_a_word_space_can_give_up_a_quarter_of_its_width():
    prep = _prep("中 中")
    space = _advance_pt(prep, " ")
    assert prep.box_pt == [EM, space, EM]
    assert prep.shrink_pt == [0.0, pytest.approx(0.25 * space), 0.0]
    assert prep.shrink_level == [tp.SHRINK_PUNCT, tp.SHRINK_SPACE, tp.SHRINK_PUNCT]
    assert prep.is_space == [F, T, F]
    assert prep.gap_class == [N, S, N]
    assert prep.break_after == [F, T, F]  # after the space, never before it


@pytest.mark.parametrize(("text", "gaps", "classes"), [
    ("中a", [2.5, 0.0], [H, N]),
    ("a中", [2.5, 0.0], [H, N]),
    ("中1", [2.5, 0.0], [H, N]),
    ("5%中", [0.0, 2.5, 0.0], [X, H, N]),  # a unit belongs to its number
    ("あa", [2.5, 0.0], [H, N]),  # kana are spaced as Han
    ("中 a", [0.0, 0.0, 0.0], [N, S, N]),  # a word space already separates them
    ("中，a", [0.0, 0.0, 0.0], [N, N, N]),  # a mark is neither Han nor Western
    ("中ａ", [0.0, 0.0], [N, N]),  # a full-width letter is set on the em grid
])
def test_a_quarter_em_separates_han_from_western_characters(text: str, gaps: list[float], classes: list[int]):
    prep = _prep(text)
    assert prep.gap_pt == gaps
    assert prep.gap_class == classes


@pytest.mark.parametrize(("text", "kinsoku", "breaks"), [
    ("中，中", "basic", [F, T, F]),
    ("中（中", "basic", [T, F, F]),
    ("中，中", "none", [T, T, F]),
    ("中（中", "none", [T, T, F]),
    ("中——中", "basic", [T, F, T, F]),  # a two-em dash may start a line below "strict"
    ("中——中", "gb", [T, F, T, F]),
    ("中——中", "strict", [F, F, T, F]),
    ("中——中", "none", [T, F, T, F]),  # the pair itself is never split
    ("中—中", "basic", [F, T, F]),  # a lone connector dash may not start a line
    ("中—中", "none", [T, T, F]),
    ("（——中", "basic", [F, F, T, F]),  # an opening bracket still keeps the pair with it
    ("中……中", "basic", [T, F, T, F]),
    ("中……中", "strict", [F, F, T, F]),
    ("中／中", "basic", [F, T, F]),
    ("中／中", "gb", [F, F, F]),  # GB style: a solidus neither starts nor ends a line
    ("中 中", "basic", [F, T, F]),
    ("中  中", "basic", [F, F, T, F]),  # after the last of a run of spaces
    ("中 ，中", "basic", [F, F, T, F]),  # 避头尾 holds across a space
    ("中 ——中", "basic", [F, T, F, T, F]),
    ("中 ——中", "strict", [F, F, F, T, F]),
    ("中 —中", "basic", [F, F, T, F]),
    ("中 ，中", "none", [F, T, T, F]),
    ("ab cd", "basic", [F, F, T, F, F]),  # Western words break only at spaces
    ("甲\n乙", "basic", [T, T, F]),
])
def test_where_a_line_may_break_at_each_prohibition_level(text: str, kinsoku: str, breaks: list[bool]):
    assert _prep(text, kinsoku=kinsoku).break_after == breaks


@pytest.mark.parametrize(("text", "kinsoku", "breaks"), [
    ('中"中', "basic", [T, F, F]),  # after Han and before a letter: an opening quote
    ("中'中", "basic", [T, F, F]),
    ('中" 中', "basic", [F, F, T, F]),  # before a space: a closing quote
    ('中"', "basic", [F, F]),  # at the paragraph end: closing
    ('"中a', "basic", [F, T, F]),  # at the paragraph start: opening
    ('("中', "basic", [F, F, F]),  # after an opening bracket: opening
    ('ab"中', "basic", [F, F, T, F]),  # after a letter: closing, the line may break after it
    ('X"中', "basic", [F, T, F]),  # an upper-case letter too
    ('{"中', "basic", [F, F, F]),  # after an opening brace or square bracket: opening
    ('["中', "basic", [F, F, F]),
    ('a中"中', "basic", [T, T, F, F]),  # what counts is the character right before the quote
    ("中X", "basic", [T, F]),  # a letter is no quote, whatever follows it
    ('中"中', "none", [T, T, F]),
])
def test_a_straight_quote_opens_or_closes_by_what_surrounds_it(text: str, kinsoku: str, breaks: list[bool]):
    assert _prep(text, kinsoku=kinsoku).break_after == breaks


def _breaks_at(prep: PreparedParagraph) -> list[int]:
    return [i for i, allowed in enumerate(prep.break_after) if allowed]


def test_a_url_breaks_after_its_separators_and_nowhere_else():
    # 见 w w w . a b . c n / x y z 页: after the dots at 4 and 7 and the slash at 10.
    assert _breaks_at(_prep("见www.ab.cn/xyz页")) == [0, 4, 7, 10, 13]


def test_gb_style_keeps_a_solidus_of_a_url_from_ending_a_line():
    assert _breaks_at(_prep("见www.ab.cn/xyz页", kinsoku="gb")) == [0, 4, 7, 13]


def test_every_url_of_a_paragraph_breaks_after_its_separators():
    # 见 a @ b c . c n 和 w w w . x y . c o m: after @ (2), the dots (5, 12, 15) and each Han boundary
    assert _breaks_at(_prep("见a@bc.cn和www.xy.com")) == [0, 2, 5, 7, 8, 12, 15]


@pytest.mark.parametrize(("text", "breaks"), [
    ("中a/bc中", [0, 2, 4]),  # four characters: a path, broken after its slash
    ("中/ab中", [3]),  # three characters are too short to count as a URL
    ("中2021/11/25中", [0, 10]),  # a date is a number, never broken
])
def test_only_a_url_of_more_than_three_characters_breaks_inside(text: str, breaks: list[int]):
    assert _breaks_at(_prep(text)) == breaks


def test_a_field_is_spelled_out_and_counts_as_one_source_character():
    prep = _prep([Run(text="第"), Run(field="number"), Run(text=""), Run(text="期")], issue_number=37)
    assert prep.text == "第37期"
    assert prep.offsets == [0, 1, 1, 2]
    assert prep.is_field == [F, T, T, F]


def test_an_empty_field_takes_no_character_but_keeps_its_source_offset():
    prep = _prep([Run(text="甲"), Run(field="title"), Run(text="乙")])
    assert (prep.text, prep.offsets, prep.is_field) == ("甲乙", [0, 2], [F, F])


def test_the_page_field_shows_the_page_being_composed():
    prep = _prep([Run(text="第"), Run(field="page"), Run(text="版")], page_number=7)
    assert (prep.text, prep.offsets) == ("第7版", [0, 1, 2])


def test_a_character_the_first_face_lacks_comes_from_the_next_face():
    prep = _prep("中\uf900")  # U+F900 豈 is in Noto Sans SC, not in Noto Serif SC
    serif, sans = prep.formats[0].faces
    assert serif.glyphs["\uf900"] is None
    assert prep.faces == [serif, sans]
    assert prep.glyph_ids == [serif.glyphs["中"][0], sans.glyphs["\uf900"][0]]
    assert prep.advance_pt == [EM, sans.glyphs["\uf900"][1] * EM]


def test_an_invisible_character_no_face_has_is_a_blank_glyph_of_no_width():
    prep = _prep("a\u200bb")
    serif = prep.faces[0]
    assert prep.glyph_ids[1] == serif.glyphs[" "][0]
    assert prep.advance_pt == [_advance_pt(prep, "a"), 0.0, _advance_pt(prep, "b")]
    assert prep.faces[1] is serif


def test_a_character_no_face_has_takes_glyph_zero_one_em_wide():
    prep = _prep("中\ue000")
    assert prep.glyph_ids[1] == 0
    assert prep.advance_pt == [EM, EM]


@pytest.mark.parametrize("pair", ["——", "……"])
def test_letter_spacing_never_opens_a_gap_inside_a_two_em_dash_or_ellipsis(pair: str):
    # GB/T 15834 §5.1.4–5.1.5: the pair takes two character places and is never split; its two
    # halves touch, as in text set with no spacing. Spacing still follows the pair.
    prep = _prep("中" + pair + "中", letter_spacing_em=0.1)
    assert prep.gap_pt == pytest.approx([1.0, 0.0, 1.0, 0.0])
    assert prep.gap_class == [N, X, N, N]


class _InkOnly:
    """A face that knows one glyph's ink extent (em), as ``FaceMetrics.ink_extent`` gives it."""

    def __init__(self, ink: tuple[float, float] | None) -> None:
        self._ink = ink

    def ink_extent(self, ch: str) -> tuple[float, float] | None:
        return self._ink


@pytest.mark.parametrize(("ink", "advance_em", "side"), [
    ((0.1, 0.55), 1.0, tp.BLANK_RIGHT),  # ink up to the middle (and a little past): right half blank
    ((0.1, 0.56), 1.0, tp.BLANK_NONE),
    ((0.45, 0.9), 1.0, tp.BLANK_LEFT),
    ((0.44, 0.9), 1.0, tp.BLANK_NONE),
    ((0.1, 0.3), 0.985, tp.BLANK_RIGHT),  # within 0.02 em of a full em
    ((0.1, 0.3), 1.015, tp.BLANK_RIGHT),
    ((0.1, 0.3), 0.975, tp.BLANK_NONE),  # a proportional mark is never compressed
    ((0.1, 0.3), 1.025, tp.BLANK_NONE),
    (None, 1.0, tp.BLANK_NONE),  # no outline to read
])
def test_which_half_of_a_full_width_mark_is_blank_is_read_from_its_ink(ink, advance_em, side):
    assert tp._blank_side(_InkOnly(ink), "，", advance_em) == side
