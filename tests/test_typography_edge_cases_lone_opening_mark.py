"""An opening mark that starts a line is set as the paragraph style's 行首开引号 says (full or half
width) even when nothing follows it on the line, and a line never ends with an opening bracket and
the spaces after it.

Expected positions are counted out at a 10 pt em (``../shared/notes/layout-facts.md`` §2.2: an
opening bracket at line start may drop the blank half before it).
"""

from __future__ import annotations

import pytest

from editor.layout.linebreak import break_line, measure_line, set_line
from editor.model import ParagraphStyle
from tests.docbuilders import BODY, compose, lines_with_glyphs, one_frame_doc
from tests.prepared_paragraphs import prepared

LEFT = 50.0


@pytest.mark.parametrize(("policy", "width"), [("half", 5.0), ("full", 10.0)])
def test_an_opening_mark_alone_on_its_line_is_measured_as_the_style_sets_line_start_marks(policy, width):
    prep = prepared("\uff08", line_start_marks=policy)
    measure = measure_line(prep, 0, 1)
    assert (measure.visible_end, measure.width_pt, measure.shrink_pt) == (1, width, 0.0)


@pytest.mark.parametrize(("policy", "width", "origin"), [("half", 5.0, 45.0), ("full", 10.0, 50.0)])
def test_an_opening_mark_alone_on_its_line_is_placed_like_any_line_start_mark(policy, width, origin):
    # Half: the blank left half is dropped, so the ink starts at the column edge, where it stays
    # when the next character is typed after it (「甲 is placed the same way).
    prep = prepared("\u300c", line_start_marks=policy)
    placed = set_line(prep, 0, 1, LEFT, 100.0, "left", True)
    assert (placed.box_width_pt, placed.box_left_pt, placed.origin_x_pt) == ([width], [LEFT], [origin])
    with_text = set_line(prepared("\u300c甲", line_start_marks=policy), 0, 2, LEFT, 100.0, "left", True)
    assert with_text.origin_x_pt[0] == origin


def test_a_paragraph_ending_in_an_opening_bracket_sets_its_last_line_by_the_style() -> None:
    # 中中中中中（ in a 5-em column: the bracket is alone on the second line.
    style = ParagraphStyle(name=BODY, size_pt=10.0, leading_pt=16.0, first_line_indent_chars=0,
                           line_start_marks="half")
    lines = lines_with_glyphs(compose(one_frame_doc(["中中中中中\uff08"], width_pt=50.0, style=style)))
    assert [[glyph[0] for glyph in glyphs] for _, glyphs in lines] == [list("中中中中中"), ["\uff08"]]
    (_, x, left, width), = lines[1][1]
    assert (x, left, width) == (45.0, 50.0, 5.0)


def test_a_space_after_an_opening_bracket_is_no_place_to_end_a_line() -> None:
    # （ Banmian）: a line may not end with the bracket, spaces after it or not.
    prep = prepared("中\uff08 Banmian\uff09")
    assert prep.break_after[1:3] == [False, False]
    assert break_line(prep, 0, 40.0) == 1
