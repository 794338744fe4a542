"""Where ``break_line`` ends a line and where ``set_line`` puts each glyph, in points (issue 15).

Every expected value is counted out here at a 10 pt em from the rules (W3C clreq, GB/T 15834—2011,
``../shared/notes/layout-facts.md`` §2): Han characters and full-width marks are 10 pt; a mark
that ends a line loses its blank half (§5.1.10); a line is first squeezed — pause marks, then word
spaces (a quarter of their width), then full stops — and only then is a character pushed down
(先挤进，后推出); a justified line shares its extra space evenly among the gaps between
characters, never the ¼ em Han–Latin space nor the inside of a word; an opening mark starting a
line is set full or half width as the style says. The lines start at x = 50 pt.
"""

from __future__ import annotations

import pytest

from editor.layout.linebreak import (
    LineMeasure,
    break_line,
    holds_single_character,
    measure_line,
    previous_break,
    set_line,
)
from tests.prepared_paragraphs import EM, prepared

LEFT = 50.0


def _space_pt(prep) -> float:
    return prep.faces[0].glyphs[" "][1] * EM


def test_a_line_measure_leaves_out_trailing_spaces_and_the_line_separator():
    prep = prepared("中文字  甲\n乙")
    assert measure_line(prep, 0, 5) == LineMeasure(3, 30.0, 0.0)
    assert measure_line(prep, 5, 7) == LineMeasure(6, 10.0, 0.0)
    assert measure_line(prep, 1, 3) == LineMeasure(3, 20.0, 0.0)


def test_a_line_of_nothing_but_spaces_measures_nothing():
    prep = prepared("  中")
    assert measure_line(prep, 0, 2) == LineMeasure(0, 0.0, 0.0)
    assert measure_line(prep, 1, 2) == LineMeasure(1, 0.0, 0.0)


def test_a_line_measure_drops_the_last_characters_spacing_and_blank_half():
    assert measure_line(prepared("中，中"), 0, 2) == LineMeasure(2, 15.0, 0.0)
    # 中 1 pt 文 1 pt 字: the letter spacing after the last character is not part of the line.
    assert measure_line(prepared("中文字", letter_spacing_em=0.1), 0, 3).width_pt == pytest.approx(32.0)


def test_a_mark_inside_the_line_can_be_squeezed_but_not_the_last_one():
    assert measure_line(prepared("中、文，"), 0, 4) == LineMeasure(4, 35.0, 5.0)


@pytest.mark.parametrize(("policy", "width"), [("full", 30.0), ("half", 25.0)])
def test_an_opening_mark_starting_a_line_is_set_as_the_style_says_and_never_squeezed(policy: str, width: float):
    prep = prepared("（中文", line_start_marks=policy)
    assert measure_line(prep, 0, 3) == LineMeasure(3, width, 0.0)
    # Inside the line the same mark can give up its blank half.
    assert measure_line(prepared("中（文", line_start_marks=policy), 0, 3) == LineMeasure(3, 30.0, 5.0)


def test_an_opening_mark_alone_on_its_line_is_measured_as_the_style_says():
    prep = prepared("（", line_start_marks="half")
    assert measure_line(prep, 0, 1) == LineMeasure(1, 5.0, 0.0)


@pytest.mark.parametrize(("text", "single"), [
    ("中", True), ("中。", True), ("（中）。", True), ("中 ", True), ("“中”", True),
    ("中文", False), ("a。", False), ("", False), ("，。", False), ("ab", False),
])
def test_a_single_character_line_is_one_wide_character_and_its_punctuation(text: str, single: bool):
    prep = prepared(text or "中")
    assert holds_single_character(prep, 0, len(text)) is single


def test_a_line_takes_as_many_characters_as_fit():
    prep = prepared("中" * 25)
    assert [break_line(prep, start, 100.0) for start in (0, 10, 20)] == [10, 20, 25]


def test_a_line_that_fits_within_the_tolerance_keeps_its_last_character():
    prep = prepared("中" * 12)
    assert break_line(prep, 0, 79.995) == 8  # 0.005 pt over: invisible, within tolerance
    assert break_line(prep, 0, 79.985) == 7  # 0.015 pt over: the character goes down


def test_a_comma_is_squeezed_into_the_line_by_a_pause_mark_before_it():
    # 甲乙丙、丁戊己庚，辛: nine characters are 90 pt, the line-end comma gives 5 and the 、 5 more.
    prep = prepared("甲乙丙、丁戊己庚，辛")
    assert break_line(prep, 0, 80.0) == 9


def test_a_comma_that_cannot_be_squeezed_in_takes_the_last_character_down_with_it():
    prep = prepared("甲乙丙丁戊己庚辛，壬")
    assert break_line(prep, 0, 80.0) == 7


def test_a_line_ends_at_its_separator():
    prep = prepared("甲乙\n丙丁")
    assert (break_line(prep, 0, 100.0), break_line(prep, 3, 100.0)) == (3, 5)


def test_spaces_at_a_line_end_hang_past_it():
    # Nine characters fill 90 pt; the spaces after them take no room on this line.
    prep = prepared("中" * 9 + "    " + "中中")
    assert break_line(prep, 0, 90.0) == 13


def test_a_word_too_long_for_any_line_is_cut_where_the_line_is_full():
    prep = prepared("abcdefghijklmnop")
    advances = [prep.faces[0].glyphs[ch][1] * EM for ch in prep.text]
    fitting = max(n for n in range(1, 17) if sum(advances[:n]) <= 30.0)
    assert break_line(prep, 0, 30.0) == fitting


def test_a_column_narrower_than_one_character_still_takes_one():
    prep = prepared("中文")
    assert break_line(prep, 0, 3.0) == 1
    assert break_line(prep, 1, 3.0) == 2


@pytest.mark.parametrize(("width_pt", "end"), [(25.0, 2), (35.0, 2), (45.0, 4), (15.0, 1)])
def test_a_run_of_two_em_dashes_is_cut_between_pairs(width_pt: float, end: int):
    prep = prepared("——————")
    assert break_line(prep, 0, width_pt) == end


def test_a_long_number_is_cut_so_that_the_dash_after_it_does_not_start_a_line():
    prep = prepared("000000000000—")
    advances = [prep.faces[0].glyphs[ch][1] * EM for ch in prep.text]
    full = max(n for n in range(1, 13) if sum(advances[:n]) <= 40.0)
    assert full < 12
    assert break_line(prep, 0, 40.0) == full
    end = break_line(prep, 0, sum(advances[:12]) + 0.001)
    assert end == 11  # the last digit goes down with the dash


def test_an_emergency_cut_does_not_leave_an_opening_bracket_at_the_line_end():
    prep = prepared("abcdef（ghijklmnop")
    advances = [prep.faces[0].glyphs[ch][1] * EM if ch != "（" else EM for ch in prep.text]
    width = sum(advances[:7]) + 0.001  # room for "abcdef（" and not one letter more
    assert break_line(prep, 0, width) == 6


def test_an_emergency_cut_stops_at_a_line_separator():
    prep = prepared("abcdefghij\nklmnopqrstuvwxyz")
    assert break_line(prep, 0, 1000.0) == 11
    assert break_line(prep, 0, 5.0) < 11


def test_previous_break_finds_the_last_legal_break_inside_a_line():
    prep = prepared("中中中中")
    assert [previous_break(prep, 0, end) for end in (4, 3, 2, 1)] == [3, 2, 1, None]
    assert previous_break(prep, 1, 2) is None


def test_previous_break_passes_over_forced_breaks_and_prohibited_ones():
    assert previous_break(prepared("甲\n乙丙"), 0, 3) == 1
    assert previous_break(prepared("甲乙，"), 0, 3) == 1


def _placed(text: str, width_pt: float, alignment: str, is_last: bool = False, start: int = 0,
            end: int | None = None, **style):
    prep = prepared(text, **style)
    return set_line(prep, start, len(text) if end is None else end, LEFT, width_pt, alignment, is_last)


@pytest.mark.parametrize(("alignment", "x"), [("left", 50.0), ("right", 120.0), ("center", 85.0)])
def test_an_unjustified_line_starts_where_its_alignment_puts_it(alignment: str, x: float):
    placed = _placed("中文字", 100.0, alignment)
    assert placed.box_left_pt == [x, x + 10.0, x + 20.0]
    assert placed.origin_x_pt == placed.box_left_pt
    assert placed.box_width_pt == [EM, EM, EM]
    assert (placed.start, placed.visible_end, placed.justified) == (0, 3, False)


def test_a_justified_line_shares_the_extra_space_evenly_among_its_gaps():
    placed = _placed("中文字", 100.0, "justify")
    assert placed.box_left_pt == [50.0, 95.0, 140.0]  # 70 pt over two gaps
    assert placed.box_width_pt == [EM, EM, EM]
    assert placed.justified is True


def test_the_last_line_of_a_justified_paragraph_is_set_flush_start():
    placed = _placed("中文字", 100.0, "justify", is_last=True)
    assert placed.box_left_pt == [50.0, 60.0, 70.0]
    assert placed.justified is False


def test_a_justified_line_with_no_gap_to_spread_is_set_flush_start():
    prep = prepared("abc 中")
    placed = set_line(prep, 0, 3, LEFT, 100.0, "justify", False)
    assert placed.box_left_pt[0] == LEFT
    assert placed.justified is False


def test_justification_never_stretches_the_han_latin_space():
    # 中中a: the gap 中|中 takes all 40 pt; the ¼ em before "a" stays 2.5 pt.
    prep = prepared("中中a")
    a_width = prep.faces[0].glyphs["a"][1] * EM
    placed = set_line(prep, 0, 3, LEFT, 20.0 + 2.5 + a_width + 40.0, "justify", False)
    assert placed.box_left_pt == pytest.approx([50.0, 100.0, 112.5])


def test_letter_spacing_follows_each_glyph_but_the_last():
    placed = _placed("中文字", 100.0, "left", letter_spacing_em=0.1)
    assert placed.box_left_pt == pytest.approx([50.0, 61.0, 72.0])


def test_a_line_end_comma_is_set_in_half_its_width():
    placed = _placed("甲乙，", 100.0, "left")
    assert placed.box_width_pt == [EM, EM, 5.0]


def test_a_squeezed_line_takes_its_room_from_the_pause_mark_and_ends_at_the_edge():
    placed = _placed("甲乙丙、丁戊己庚，", 80.0, "justify")
    assert placed.box_width_pt == [EM, EM, EM, 5.0, EM, EM, EM, EM, 5.0]
    assert placed.box_left_pt == [50.0, 60.0, 70.0, 80.0, 85.0, 95.0, 105.0, 115.0, 125.0]
    assert placed.origin_x_pt[3] == 80.0  # a closing mark's ink is on its left: it stays put
    assert placed.justified is True


def test_a_squeezed_line_aligned_right_still_fills_the_line():
    placed = _placed("甲乙丙、丁戊己庚，", 80.0, "right")
    assert placed.box_left_pt[0] == 50.0
    assert placed.box_left_pt[-1] + placed.box_width_pt[-1] == 130.0


def test_a_squeezed_line_takes_pause_marks_first_then_spaces_then_full_stops():
    prep = prepared("甲、乙 丙。丁戊己")
    space = _space_pt(prep)
    natural = 80.0 + space
    placed = set_line(prep, 0, 9, LEFT, natural - 3.0, "justify", False)  # 3 pt: from 、 alone
    assert placed.box_width_pt == pytest.approx([EM, 7.0, EM, space, EM, EM, EM, EM, EM])
    need = 5.0 + 0.25 * space + 2.0  # 、 all it has, the space a quarter, 。 the rest
    placed = set_line(prep, 0, 9, LEFT, natural - need, "justify", False)
    assert placed.box_width_pt == pytest.approx([EM, 5.0, EM, 0.75 * space, EM, 8.0, EM, EM, EM])
    assert placed.box_left_pt[-1] + EM == pytest.approx(LEFT + natural - need)


def test_two_pause_marks_share_a_squeeze_in_proportion():
    placed = _placed("甲、乙、丙丁戊己庚辛", 96.0, "justify")
    assert placed.box_width_pt == pytest.approx([EM, 8.0, EM, 8.0, EM, EM, EM, EM, EM, EM])


def test_a_squeezed_opening_bracket_moves_its_glyph_left_over_its_blank_half():
    placed = _placed("甲乙（丙丁戊己庚辛壬", 95.0, "justify")
    assert placed.box_width_pt[2] == 5.0
    assert placed.box_left_pt[2] == 70.0
    assert placed.origin_x_pt[2] == 65.0
    assert placed.origin_x_pt[3] == placed.box_left_pt[3] == 75.0


def test_a_compressed_opening_mark_is_drawn_left_of_its_box():
    placed = _placed("甲（「乙", 100.0, "left")
    assert placed.box_width_pt == [EM, EM, 5.0, EM]
    assert placed.box_left_pt == [50.0, 60.0, 70.0, 75.0]
    assert placed.origin_x_pt == [50.0, 60.0, 65.0, 75.0]


@pytest.mark.parametrize(("policy", "widths", "lefts", "first_origin"), [
    ("full", [EM, EM, EM, EM], [50.0, 60.0, 70.0, 80.0], 50.0),
    ("half", [5.0, EM, EM, EM], [50.0, 55.0, 65.0, 75.0], 45.0),
])
def test_an_opening_mark_starting_a_line_is_full_or_half_width(policy, widths, lefts, first_origin):
    placed = _placed("「甲乙丙", 100.0, "left", line_start_marks=policy)
    assert placed.box_width_pt == widths
    assert placed.box_left_pt == lefts
    assert placed.origin_x_pt[0] == first_origin
    assert placed.origin_x_pt[1:] == lefts[1:]


@pytest.mark.parametrize("policy", ["full", "half"])
def test_a_squeezed_line_never_takes_room_from_the_opening_mark_that_starts_it(policy: str):
    # 「甲、乙丙丁戊己庚辛: the 、 gives the 5 pt; the 「 keeps the width the style gives it.
    start_width = EM if policy == "full" else 5.0
    placed = _placed("「甲、乙丙丁戊己庚辛", start_width + 85.0, "justify", line_start_marks=policy)
    assert placed.box_width_pt[:4] == [start_width, EM, 5.0, EM]
    assert placed.origin_x_pt[0] == LEFT - (EM - start_width)


def test_two_opening_marks_and_a_squeeze_place_every_glyph_by_its_own_trim():
    # 「「甲、乙丙丁戊己 (80 pt at half) in 75: the 、 gives 5; the second 「 was compressed already.
    placed = _placed("「「甲、乙丙丁戊己", 75.0, "justify", line_start_marks="half")
    assert placed.box_width_pt == [5.0, 5.0, EM, 5.0, EM, EM, EM, EM, EM]
    assert placed.origin_x_pt[:2] == [45.0, 50.0]


def test_an_opening_mark_alone_on_a_line_is_placed_as_the_style_says():
    placed = _placed("「", 100.0, "left", line_start_marks="half")
    assert (placed.box_width_pt, placed.origin_x_pt) == ([5.0], [45.0])


def test_a_line_of_only_spaces_places_nothing():
    prep = prepared("中  中")
    placed = set_line(prep, 1, 3, LEFT, 100.0, "justify", False)
    assert (placed.start, placed.visible_end, placed.origin_x_pt, placed.box_left_pt, placed.box_width_pt,
            placed.justified) == (1, 1, [], [], [], False)


def test_a_line_from_the_middle_of_a_paragraph_is_placed_from_its_own_start():
    prep = prepared("甲乙丙丁戊")
    placed = set_line(prep, 2, 5, LEFT, 100.0, "right", False)
    assert (placed.start, placed.visible_end) == (2, 5)
    assert placed.box_left_pt == [120.0, 130.0, 140.0]


def test_the_mark_right_after_a_line_start_opening_mark_is_squeezed_first():
    # 「」甲乙丙丁戊己 (an empty quotation starting the line): 80 pt in 75; the 」 gives 5.
    placed = _placed("「」甲乙丙丁戊己", 75.0, "justify")
    assert placed.box_width_pt == [EM, 5.0, EM, EM, EM, EM, EM, EM]
    assert placed.box_left_pt[-1] + EM == 125.0


def _advances_pt(prep) -> list[float]:
    return [prep.faces[0].glyphs[ch][1] * EM for ch in prep.text]


def test_an_emergency_cut_looks_past_a_space_for_a_mark_that_may_not_start_a_line():
    # "0000000000 ，0": no legal break fits before the ，; the line has room for the ten digits and
    # the space, but "0 ，" may not start the next line with a comma — a digit goes down too.
    prep = prepared("0000000000 ，0")
    advances = _advances_pt(prep)
    width_pt = sum(advances[:11]) + 1.0  # not the 5 pt of a line-end comma
    assert break_line(prep, 0, width_pt) == 9


def test_with_no_prohibitions_an_emergency_cut_is_where_the_line_is_full():
    text = "000000000000—"
    full_pt = sum(_advances_pt(prepared(text))[:12]) + 0.001
    assert break_line(prepared(text, kinsoku="none"), 0, full_pt) == 12
    assert break_line(prepared(text, kinsoku="basic"), 0, full_pt) == 11


def test_a_run_of_opening_brackets_is_cut_where_the_line_is_full_when_no_cut_is_allowed():
    # （ 10 pt, then each further （ 5 pt (its blank left half is compressed): four fit in 25 pt.
    assert break_line(prepared("（（（（（（"), 0, 25.0) == 4


def test_an_opening_mark_and_one_character_are_a_line_the_style_trims():
    placed = _placed("「甲", 100.0, "left", line_start_marks="half")
    assert (placed.box_width_pt, placed.box_left_pt, placed.origin_x_pt) == ([5.0, EM], [50.0, 55.0], [45.0, 55.0])
    assert measure_line(prepared("「甲", line_start_marks="half"), 0, 2) == LineMeasure(2, 15.0, 0.0)


def test_an_empty_line_between_two_separators_ends_at_the_second():
    prep = prepared("甲\n\n乙")
    assert [break_line(prep, start, 100.0) for start in (0, 2, 3)] == [2, 3, 4]


def test_a_line_with_only_a_full_stop_to_squeeze_takes_the_room_from_it():
    placed = _placed("甲乙。丙丁戊己庚辛壬", 97.0, "justify")
    assert placed.box_width_pt == pytest.approx([EM, EM, 7.0] + [EM] * 7)


def test_a_squeeze_of_less_than_a_point_left_after_the_pause_marks_goes_to_the_full_stop():
    placed = _placed("甲、乙。丙丁戊己庚辛", 94.5, "justify")
    assert placed.box_width_pt == pytest.approx([EM, 5.0, EM, 9.5] + [EM] * 6)
