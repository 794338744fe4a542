"""What each way of breaking a paragraph costs, and which one the paragraph-wide breaker picks
(issue 15).

The costs are the module docstring's, in em at a 10 pt em, counted out here by hand: a stretched
line costs the square of the extra space per gap between characters, a squeezed one half that
(clreq: 先挤进), a line with nothing to spread a hundred times its extra space squared, and a
one-character last line as much as a gap stretched by a full em. The example paragraph that the
search must improve is ten Han characters, six more, a six-em run of ellipses (never broken) and
two Han characters, in three 10-em lines: greedy fills the first line and leaves six characters
on the second, spread over five gaps.
"""

from __future__ import annotations

import dataclasses

import pytest

from editor.layout import paragraph_breaks as pb
from editor.layout.paragraph_breaks import LineCost, line_cost, stretch_badness, total_fit_breaks
from tests.prepared_paragraphs import EM, prepared

HAN = "党群工作部中铝股份宣传思想大格局建设世界一流企业新发展理念"
#: 10 + 6 Han characters, "……" three times (6 em, one unbreakable run), 2 Han characters.
EXAMPLE = HAN[:16] + "……" * 3 + HAN[16:18]
LINE_PT = 10 * EM
GREEDY_ENDS = [10, 16, 24]
#: Two characters move down: 8 | 8 | the rest; each line stretches 2 em over 7 gaps.
BEST_ENDS = [8, 16, 24]


@pytest.fixture(autouse=True)
def _nothing_remembered():
    pb.forget_remembered()
    yield
    pb.forget_remembered()


def _cost(text: str, start: int, end: int, width_pt: float, is_last: bool = False, **style) -> LineCost | None:
    prep = prepared(text, **style)
    return line_cost(prep, pb._Gaps(prep), start, end, width_pt, is_last)


def test_a_stretched_line_costs_the_square_of_its_extra_space_per_gap():
    # Eight characters in ten em: 2 em over 7 gaps.
    assert _cost(HAN[:12], 0, 8, LINE_PT) == LineCost(pytest.approx((2 / 7) ** 2), pytest.approx((2 / 7) ** 2))


def test_a_full_line_costs_nothing():
    assert _cost(HAN[:12], 0, 10, LINE_PT) == LineCost(0.0, 0.0)


def test_a_line_that_does_not_fit_has_no_cost():
    assert _cost(HAN[:12], 0, 11, LINE_PT) is None


def test_a_squeezed_line_costs_half_as_much_as_stretching_and_no_stretch():
    # 甲、乙丙丁 is 50 pt; in 45 pt the 、 gives 5 pt: 0.5 em over 4 gaps, weighed by one half.
    assert _cost("甲、乙丙丁戊", 0, 5, 45.0) == LineCost(pytest.approx(0.5 * (0.5 / 4) ** 2), 0.0)


def test_a_line_with_no_gap_to_spread_costs_a_hundred_times_its_white_space():
    prep = prepared("abcdef 中")
    width_pt = sum(prep.faces[0].glyphs[ch][1] * EM for ch in "abcdef")
    extra_em = (LINE_PT - width_pt) / EM
    cost = line_cost(prep, pb._Gaps(prep), 0, 6, LINE_PT, False)
    assert cost == LineCost(pytest.approx(100.0 * extra_em ** 2), pytest.approx(extra_em ** 2))


@pytest.mark.parametrize("avoid", [True, False])
def test_a_last_line_costs_nothing_unless_it_is_one_character_the_style_avoids(avoid: bool):
    assert _cost("甲乙丙", 0, 3, LINE_PT, is_last=True, avoid_single_char_last_line=avoid) == LineCost(0.0, 0.0)
    single = _cost("甲乙丙。", 2, 4, LINE_PT, is_last=True, avoid_single_char_last_line=avoid)
    assert single == LineCost(1.0 if avoid else 0.0, 0.0)


def test_a_line_ended_by_a_separator_costs_nothing_however_short():
    assert _cost("甲乙\n丙丁", 0, 3, LINE_PT) == LineCost(0.0, 0.0)


def test_gaps_are_counted_between_the_characters_of_a_line_and_not_inside_words():
    prep = prepared("中 中a中字bc")
    gaps = pb._Gaps(prep)
    # 中|␣ normal, ␣|中 a space, 中|a and a|中 Han–Latin (fixed), 中|字 normal, 字|b fixed, b|c a word.
    assert [gaps.between(0, end) for end in range(0, 9)] == [0, 0, 1, 2, 2, 2, 3, 3, 3]
    assert gaps.between(4, 6) == 1
    assert gaps.between(3, 3) == 0


def test_stretch_badness_adds_up_the_stretched_lines_and_counts_no_squeeze():
    prep = prepared(EXAMPLE)
    widths = [LINE_PT] * 3
    assert stretch_badness(prep, GREEDY_ENDS, widths) == pytest.approx((4 / 5) ** 2)
    assert stretch_badness(prep, BEST_ENDS, widths) == pytest.approx(2 * (2 / 7) ** 2)
    assert stretch_badness(prep, GREEDY_ENDS, [LINE_PT, LINE_PT, 30.0]) == float("inf")


def test_the_candidate_ends_of_a_line_are_the_greedy_one_and_three_earlier_ones_that_stretch_little():
    prep = prepared(EXAMPLE)
    gaps = pb._Gaps(prep)
    options = pb._candidates(prep, gaps, 0, LINE_PT)
    assert [end for end, _ in options] == [10, 9, 8, 7]
    assert [cost.stretch for _, cost in options] == pytest.approx([0.0, (1 / 8) ** 2, (2 / 7) ** 2, (3 / 6) ** 2])
    # From the second line's start: the greedy end only; an earlier one would stretch 1.25 em a gap.
    assert [(end, cost.stretch) for end, cost in pb._candidates(prep, gaps, 10, LINE_PT)] == [
        (16, pytest.approx((4 / 5) ** 2))]


def test_a_line_running_to_the_paragraph_end_offers_only_earlier_ends():
    prep = prepared(HAN[:5])
    options = pb._candidates(prep, pb._Gaps(prep), 0, 5 * EM)  # 4 characters: 1 em over 3 gaps
    assert [(end, cost.stretch) for end, cost in options] == [(4, pytest.approx((1 / 3) ** 2))]
    options = pb._candidates(prep, pb._Gaps(prep), 0, 6 * EM)  # 2 em over 3 gaps: too loose
    assert options == []
    prep = prepared(HAN[:5] + "。")
    options = pb._candidates(prep, pb._Gaps(prep), 0, 5 * EM)  # 。 cannot start a line: 4 | 2
    assert [(end, cost.stretch) for end, cost in options] == [(4, pytest.approx((1 / 3) ** 2))]


def test_a_word_cut_in_an_emergency_offers_no_other_end():
    prep = prepared("abcdefghijklmnopqrstuvwxyz")
    options = pb._candidates(prep, pb._Gaps(prep), 0, 30.0)
    assert len(options) == 1


def test_the_paragraph_breaker_moves_characters_down_to_spread_the_lines_evenly():
    prep = prepared(EXAMPLE)
    assert total_fit_breaks(prep, [LINE_PT] * 3, GREEDY_ENDS) == BEST_ENDS


def test_the_result_is_remembered_and_handed_out_as_a_fresh_list():
    prep = prepared(EXAMPLE)
    first = total_fit_breaks(prep, [LINE_PT] * 3, GREEDY_ENDS)
    first.append(99)
    assert total_fit_breaks(prep, [LINE_PT] * 3, GREEDY_ENDS) == BEST_ENDS
    assert list(pb._REMEMBERED.values()) == [tuple(BEST_ENDS)]
    pb.forget_remembered()
    assert len(pb._REMEMBERED) == 0


def test_the_least_recently_used_search_is_forgotten_first(monkeypatch):
    monkeypatch.setattr(pb, "REMEMBERED_PARAGRAPHS", 2)
    preps = [prepared(EXAMPLE + "中" * extra) for extra in (0, 1, 2)]
    widths = [LINE_PT] * 3
    keys = [pb._inputs_digest(prep, widths, GREEDY_ENDS[:2] + [len(prep)]) for prep in preps]
    for prep in (preps[0], preps[1], preps[0], preps[2]):
        assert total_fit_breaks(prep, widths, GREEDY_ENDS[:2] + [len(prep)]) == BEST_ENDS[:2] + [len(prep)]
    assert list(pb._REMEMBERED) == [keys[0], keys[2]]  # the second was used least recently


@pytest.mark.parametrize(("widths", "greedy"), [
    ([LINE_PT], [24]),  # one line: nothing to choose
    ([LINE_PT] * 3, [10, 24]),  # ends that do not match the lines
    ([LINE_PT, LINE_PT, 30.0], GREEDY_ENDS),  # the last line cannot fit from any start
])
def test_the_greedy_breaks_are_kept_when_there_is_nothing_to_search(widths, greedy):
    assert total_fit_breaks(prepared(EXAMPLE), widths, greedy) == greedy


def test_a_paragraph_over_the_length_limit_keeps_the_greedy_breaks(monkeypatch):
    monkeypatch.setattr(pb, "MAX_CHARACTERS", len(EXAMPLE) - 1)
    assert total_fit_breaks(prepared(EXAMPLE), [LINE_PT] * 3, GREEDY_ENDS) == GREEDY_ENDS
    monkeypatch.setattr(pb, "MAX_CHARACTERS", len(EXAMPLE))
    assert total_fit_breaks(prepared(EXAMPLE), [LINE_PT] * 3, GREEDY_ENDS) == BEST_ENDS


def test_full_lines_of_han_are_kept_as_the_greedy_breaker_set_them():
    prep = prepared(HAN[:25])
    assert total_fit_breaks(prep, [LINE_PT] * 3, [10, 20, 25]) == [10, 20, 25]


def test_breaks_that_only_squeeze_are_never_traded_for_stretched_lines():
    # 甲、 + 8 + ，: eleven characters fill ten em once the 、 and the line-end ， give half an em
    # each; no line is stretched, so nothing better exists.
    text = "甲、" + HAN[:8] + "，" + HAN[:8]
    prep = prepared(text)
    assert total_fit_breaks(prep, [LINE_PT, LINE_PT], [11, len(text)]) == [11, len(text)]


def _changed(prep, name: str):
    value = getattr(prep, name)
    if name == "text":
        return dataclasses.replace(prep, text=value[:-1] + "乙")
    if name == "em_pt":
        return dataclasses.replace(prep, em_pt=value + 1.0)
    changed = list(value)
    changed[3] = (not changed[3]) if isinstance(changed[3], bool) else changed[3] + 1
    return dataclasses.replace(prep, **{name: changed})


@pytest.mark.parametrize("name", ["text", "box_pt", "gap_pt", "end_trim_pt", "shrink_pt", "em_pt", "break_after",
                                  "forced_break_after", "gap_class", "blank_side", "shrink_level", "is_space"])
def test_a_search_is_remembered_under_everything_it_reads(name: str):
    prep = prepared(EXAMPLE)
    widths = [LINE_PT] * 3
    assert pb._inputs_digest(_changed(prep, name), widths, GREEDY_ENDS) != pb._inputs_digest(prep, widths, GREEDY_ENDS)


def test_the_line_widths_the_greedy_ends_and_the_two_style_settings_are_part_of_the_key():
    prep = prepared(EXAMPLE)
    widths = [LINE_PT] * 3
    key = pb._inputs_digest(prep, widths, GREEDY_ENDS)
    assert pb._inputs_digest(prep, [LINE_PT, LINE_PT, 90.0], GREEDY_ENDS) != key
    assert pb._inputs_digest(prep, widths, [10, 17, 24]) != key
    for change in ({"line_start_marks": "half"}, {"avoid_single_char_last_line": False}):
        other = dataclasses.replace(prep, style=dataclasses.replace(prep.style, **change))
        assert pb._inputs_digest(other, widths, GREEDY_ENDS) != key
    assert pb._inputs_digest(prepared(EXAMPLE), widths, GREEDY_ENDS) == key


def test_a_paragraph_holding_a_lone_surrogate_still_gets_a_key_of_its_own():
    # A project file's JSON may spell an unpaired surrogate ("\\ud800"); the key must not fail.
    prep = prepared(EXAMPLE)
    widths = [LINE_PT] * 3
    odd = dataclasses.replace(prep, text=prep.text[:-1] + "\ud800")
    assert pb._inputs_digest(odd, widths, GREEDY_ENDS) != pb._inputs_digest(prep, widths, GREEDY_ENDS)


def test_no_more_than_three_earlier_ends_are_tried_however_little_they_stretch():
    # A 20-em line: ends 19, 18, 17 and 16 all stretch less than half an em a gap; only three count.
    prep = prepared(HAN[:25])
    options = pb._candidates(prep, pb._Gaps(prep), 0, 20 * EM)
    assert [end for end, _ in options] == [20, 19, 18, 17]
    assert options[3][1] == LineCost(pytest.approx((3 / 16) ** 2), pytest.approx((3 / 16) ** 2))
