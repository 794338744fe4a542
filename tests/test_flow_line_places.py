"""Where ``editor.layout.flow`` places each line: the leading grid, spaces before and after, indents,
columns, too-narrow columns, the frame's foot, wraps and what counts as overset.

The frame of ``one_frame_doc`` is 210 × 400 pt at (50, 60); the body is 10 pt on 16 pt leading, so
a line is 16 pt tall and a 210 pt line holds 21 characters. Every place below is worked out from
those numbers.
"""

from __future__ import annotations

import pytest

from editor.model import ImageFrame, Page, ParagraphStyle, TextFrame, TextWrap
from editor.model.frames import Insets
from tests.docbuilders import BODY, compose, line_texts, one_frame_doc

HAN = "党建引领发展宣传思想工作建设世界一流企业"  # 20 characters


def _style(**changes: object) -> ParagraphStyle:
    values: dict[str, object] = {"name": BODY, "size_pt": 10.0, "leading_pt": 16.0, "first_line_indent_chars": 0.0,
                                 "alignment": "left"}
    values.update(changes)
    return ParagraphStyle(**values)  # type: ignore[arg-type]


def _lines(doc):
    layout = compose(doc)
    return [line for page in layout.pages for line in page.lines], layout


def _places(doc) -> list[tuple[int, int, float, float, float]]:
    """(paragraph, column, left, right, top) of each line."""
    lines, _ = _lines(doc)
    return [(line.paragraph_index, line.column_index, line.left_pt, line.right_pt, line.top_pt) for line in lines]


def test_lines_step_down_the_leading_from_the_frames_top_and_the_first_is_indented() -> None:
    doc = one_frame_doc([HAN * 3], style=_style(first_line_indent_chars=2.0))
    lines, _ = _lines(doc)
    assert [line.top_pt for line in lines] == [60.0, 76.0, 92.0]
    assert [line.height_pt for line in lines] == [16.0, 16.0, 16.0]
    assert [line.left_pt for line in lines] == [70.0, 50.0, 50.0]  # two characters of 10 pt
    assert {line.right_pt for line in lines} == {260.0}
    assert [line.is_last_in_paragraph for line in lines] == [False, False, True]
    assert [(line.start_offset, line.end_offset) for line in lines] == [(0, 19), (19, 40), (40, 60)]


def test_the_baseline_sits_half_the_extra_leading_below_the_top() -> None:
    # The em box is centred in the line: 10 pt more leading puts the baseline 5 pt lower.
    tight = _lines(one_frame_doc(["甲乙"], style=_style(leading_pt=16.0)))[0][0]
    loose = _lines(one_frame_doc(["甲乙"], style=_style(leading_pt=26.0)))[0][0]
    assert loose.baseline_pt - tight.baseline_pt == pytest.approx(5.0)
    assert tight.top_pt < tight.baseline_pt < tight.top_pt + tight.height_pt


def test_space_before_is_left_out_at_a_columns_top_and_space_after_comes_after_each_paragraph() -> None:
    doc = one_frame_doc(["甲乙", "丙丁", "戊己"], style=_style(space_before_pt=5.0, space_after_pt=3.0))
    # 60; then 60 + 16 + 3 (after) + 5 (before) = 84; then 84 + 24 = 108.
    assert [place[4] for place in _places(doc)] == [60.0, 84.0, 108.0]


def test_left_and_right_indents_narrow_every_line() -> None:
    doc = one_frame_doc([HAN * 2], style=_style(left_indent_pt=15.0, right_indent_pt=25.0,
                                                 first_line_indent_chars=1.0))
    places = _places(doc)
    assert [(left, right) for _, _, left, right, _ in places] == [(75.0, 235.0), (65.0, 235.0), (65.0, 235.0)]


def test_columns_split_the_frame_less_its_gutters_and_insets() -> None:
    doc = one_frame_doc([HAN * 6], width_pt=210.0, height_pt=48.0, columns=2, gutter_pt=12.0, style=_style())
    # Columns (210 − 12) / 2 = 99 pt wide: x 50…149 and 161…260; three 16 pt lines each.
    places = _places(doc)
    assert [(column, left, right, top) for _, column, left, right, top in places] == [
        (0, 50.0, 149.0, 60.0), (0, 50.0, 149.0, 76.0), (0, 50.0, 149.0, 92.0),
        (1, 161.0, 260.0, 60.0), (1, 161.0, 260.0, 76.0), (1, 161.0, 260.0, 92.0)]
    inset = one_frame_doc(["甲乙"], columns=2, gutter_pt=10.0, style=_style())
    inset.pages[0].frames[0].insets = Insets(top_pt=4.0, right_pt=6.0, bottom_pt=0.0, left_pt=8.0)
    # Inner width 210 − 14 = 196; columns (196 − 10) / 2 = 93 wide from x 58.
    assert _places(inset) == [(0, 0, 58.0, 151.0, 64.0)]


def test_a_frame_holds_the_lines_that_end_at_its_foot_and_no_more() -> None:
    exact = one_frame_doc([HAN * 3], height_pt=48.0, style=_style())
    lines, layout = _lines(exact)
    assert len(lines) == 3 and not layout.stories["s"].overset
    short = one_frame_doc([HAN * 3], height_pt=47.9, style=_style())
    lines, layout = _lines(short)
    assert len(lines) == 2
    assert layout.stories["s"].overset_char_count == 60 - lines[-1].end_offset


def test_a_column_narrower_than_three_ems_takes_no_text() -> None:
    fits = one_frame_doc(["甲乙丙"], width_pt=30.0, style=_style())
    assert line_texts(compose(fits)) == ["甲乙丙"]
    narrow = one_frame_doc(["甲乙丙"], width_pt=29.9, style=_style())
    lines, layout = _lines(narrow)
    assert lines == [] and layout.stories["s"].overset_char_count == 3
    indented = one_frame_doc(["甲乙丙"], width_pt=40.0, style=_style(left_indent_pt=6.0, right_indent_pt=4.1))
    lines, layout = _lines(indented)
    assert lines == [] and layout.stories["s"].overset_char_count == 3
    just = one_frame_doc(["甲乙丙"], width_pt=40.0, style=_style(left_indent_pt=6.0, right_indent_pt=4.0))
    assert [line.left_pt for line in _lines(just)[0]] == [56.0]


def test_a_narrow_first_column_is_passed_over_for_the_next() -> None:
    doc = one_frame_doc(["甲乙丙"], width_pt=100.0, columns=2, gutter_pt=12.0,
                        style=_style(right_indent_pt=20.0))
    # Columns 44 pt wide: 44 − 20 = 24 < 30 in both, so nothing is set.
    lines, layout = _lines(doc)
    assert lines == [] and layout.stories["s"].overset_char_count == 3


def test_an_empty_paragraph_takes_one_line() -> None:
    doc = one_frame_doc(["甲", "", "乙"], style=_style())
    lines, _ = _lines(doc)
    assert [(line.paragraph_index, line.top_pt, line.start_offset, line.end_offset) for line in lines] == [
        (0, 60.0, 0, 1), (1, 76.0, 0, 0), (2, 92.0, 0, 1)]


def test_an_empty_paragraph_that_finds_no_room_counts_one_overset_character() -> None:
    doc = one_frame_doc(["甲", ""], height_pt=16.0, style=_style())
    layout = compose(doc)
    assert layout.stories["s"].char_count == 1
    assert layout.stories["s"].overset_char_count == 1


def test_text_below_a_wrap_box_starts_on_the_leading_grid_right_under_it() -> None:
    doc = one_frame_doc([HAN * 3], style=_style())
    # A full-width box over 60…100 (gap 0): lines at 60, 76 and 92 meet it; 108 is the first free.
    doc.pages[0].frames.append(ImageFrame(id="img", x_pt=40.0, y_pt=60.0, width_pt=240.0, height_pt=40.0,
                                          wrap=TextWrap(mode="around", gap_pt=0.0)))
    assert [place[4] for place in _places(doc)] == [108.0, 124.0, 140.0]


def test_a_line_touching_a_wrap_box_edge_is_not_narrowed() -> None:
    doc = one_frame_doc([HAN * 2], style=_style())
    # Box 76…92 over the right half: only the second line's band meets it.
    doc.pages[0].frames.append(ImageFrame(id="img", x_pt=160.0, y_pt=76.0, width_pt=200.0, height_pt=16.0,
                                          wrap=TextWrap(mode="around", gap_pt=0.0)))
    places = _places(doc)
    assert [(right, top) for _, _, _, right, top in places] == [(260.0, 60.0), (160.0, 76.0), (260.0, 92.0)]


def test_a_wrap_box_over_the_middle_leaves_the_wider_side() -> None:
    doc = one_frame_doc(["甲乙丙丁"], style=_style())
    doc.pages[0].frames.append(ImageFrame(id="img", x_pt=100.0, y_pt=50.0, width_pt=20.0, height_pt=50.0,
                                          wrap=TextWrap(mode="around", gap_pt=0.0)))
    assert _places(doc) == [(0, 0, 120.0, 260.0, 60.0)]  # 50…100 is 50 wide, 120…260 is 140
    doc.pages[0].frames[1].x_pt = 180.0
    assert _places(doc) == [(0, 0, 50.0, 180.0, 60.0)]


def test_the_page_number_a_paragraph_shows_is_the_page_it_starts_on() -> None:
    from editor.model import Document, Paragraph, Run, Story

    story = Story(id="s", paragraphs=[Paragraph(style=BODY, runs=[Run(text="甲" * 30)]),
                                      Paragraph(style=BODY, runs=[Run(text="第"), Run(field="page"), Run(text="版")])])
    frames = [TextFrame(id="a", story_id="s", x_pt=0.0, y_pt=0.0, width_pt=100.0, height_pt=32.0, next_frame_id="b"),
              TextFrame(id="b", story_id="s", x_pt=0.0, y_pt=0.0, width_pt=100.0, height_pt=32.0, next_frame_id="c"),
              TextFrame(id="c", story_id="s", x_pt=0.0, y_pt=0.0, width_pt=100.0, height_pt=32.0)]
    doc = Document(paragraph_styles={BODY: _style()}, stories={"s": story},
                   pages=[Page(id="p1", frames=[frames[0]]), Page(id="p2", frames=[frames[1]]),
                          Page(id="p3", frames=[frames[2]])])
    # 30 characters: two lines on page 1, one on page 2; the second paragraph starts on page 2.
    assert line_texts(compose(doc)) == ["甲" * 10, "甲" * 10, "甲" * 10, "第2版"]


def test_a_wrap_box_ending_on_the_leading_grid_frees_the_line_that_starts_there() -> None:
    doc = one_frame_doc([HAN * 3], style=_style())
    # Box over 60…92 (gap 0): the lines at 60 and 76 meet it, the line at 92 starts where it ends.
    doc.pages[0].frames.append(ImageFrame(id="img", x_pt=40.0, y_pt=60.0, width_pt=240.0, height_pt=32.0,
                                          wrap=TextWrap(mode="around", gap_pt=0.0)))
    assert [place[4] for place in _places(doc)] == [92.0, 108.0, 124.0]


def test_a_wrap_box_that_only_touches_the_column_from_outside_leaves_it_whole() -> None:
    doc = one_frame_doc(["甲乙"], style=_style())
    doc.pages[0].frames.append(ImageFrame(id="left", x_pt=0.0, y_pt=40.0, width_pt=50.0, height_pt=100.0,
                                          wrap=TextWrap(mode="around", gap_pt=0.0)))
    doc.pages[0].frames.append(ImageFrame(id="right", x_pt=260.0, y_pt=40.0, width_pt=50.0, height_pt=100.0,
                                          wrap=TextWrap(mode="around", gap_pt=0.0)))
    assert _places(doc) == [(0, 0, 50.0, 260.0, 60.0)]


def test_a_line_taller_than_the_only_column_is_set_at_its_top_rather_than_lost() -> None:
    doc = one_frame_doc(["甲乙"], height_pt=100.0, style=_style(leading_pt=120.0))
    lines, layout = _lines(doc)
    assert [(line.top_pt, line.height_pt) for line in lines] == [(60.0, 120.0)]
    assert not layout.stories["s"].overset
    # Below another line it is not at the column's top: it moves on, and there is nowhere to go.
    tall = ParagraphStyle(name="大", size_pt=10.0, leading_pt=120.0, first_line_indent_chars=0.0)
    second = one_frame_doc(["甲", "乙乙"], height_pt=100.0, style=_style(), extra_styles={"大": tall},
                           styles_of=[BODY, "大"])
    lines, layout = _lines(second)
    assert [line.paragraph_index for line in lines] == [0] and layout.stories["s"].overset_char_count == 2


def test_a_negative_indent_widens_a_column_that_alone_would_be_too_narrow() -> None:
    # 26 pt is under three ems; a right indent of −5 pt lets the line run 5 pt past the frame: 31 pt.
    doc = one_frame_doc(["甲乙丙"], width_pt=26.0, style=_style(right_indent_pt=-5.0))
    assert _places(doc) == [(0, 0, 50.0, 81.0, 60.0)]
    left = one_frame_doc(["甲乙丙"], width_pt=26.0, style=_style(left_indent_pt=-5.0))
    assert _places(left) == [(0, 0, 45.0, 76.0, 60.0)]
