"""A run of two-em dashes longer than the column: clreq keeps a —— whole (GB/T 15834 §5.1.4), but a
run wider than any line must still be set — it fills the line it starts on and is cut between its
pairs, never inside one, with no character lost, no line wider than the column and no endless loop.

Lines are counted out at a 10 pt em (``../shared/notes/layout-facts.md`` §2.1).
"""

from __future__ import annotations

import pytest

from editor.layout.linebreak import break_line, measure_line
from editor.model import ParagraphStyle
from tests.docbuilders import BODY, compose, lines_with_glyphs, one_frame_doc
from tests.prepared_paragraphs import prepared

LEFT = 50.0


def _all_lines(text: str, width_pt: float, **style) -> list[str]:
    prep = prepared(text, **style)
    lines, start = [], 0
    while start < len(prep):
        end = break_line(prep, start, width_pt)
        assert end > start
        measure = measure_line(prep, start, end)
        assert measure.width_pt - measure.shrink_pt <= width_pt + 0.01  # never wider than the column
        lines.append(prep.text[start:end])
        start = end
        assert len(lines) <= len(prep)  # never more lines than characters: no endless loop
    return lines


@pytest.mark.parametrize("kinsoku", ["basic", "gb", "strict", "none"])
def test_a_dash_run_longer_than_the_column_fills_the_line_and_is_cut_between_pairs(kinsoku: str) -> None:
    # 好——————好 is 8 em; the six dashes (three —— pairs, 6 em) can never share a 5-em line, so
    # the first line is filled: 好 and two pairs (5 em); the third pair and 好 go down.
    assert _all_lines("好——————好", 50.0, kinsoku=kinsoku) == ["好————", "——好"]


@pytest.mark.parametrize(("width_pt", "expected"), [
    (20.0, ["好", "——", "——", "——", "好"]),  # a pair fills a 2-em line; 好— would split one
    (30.0, ["好——", "——", "——好"]),
    (60.0, ["好", "——————", "好"]),  # the run fits a line of its own: it is kept whole
    (80.0, ["好——————好"]),
])
def test_a_dash_run_is_kept_whole_when_a_line_can_hold_it_and_never_split_inside_a_pair(width_pt, expected):
    lines = _all_lines("好——————好", width_pt)
    assert lines == expected
    assert "".join(lines) == "好——————好"


def test_a_dash_run_longer_than_the_column_is_composed_within_the_column() -> None:
    style = ParagraphStyle(name=BODY, size_pt=10.0, leading_pt=16.0, first_line_indent_chars=0)
    lines = lines_with_glyphs(compose(one_frame_doc(["好——————好"], width_pt=50.0, style=style)))
    assert ["".join(glyph[0] for glyph in glyphs) for _, glyphs in lines] == ["好————", "——好"]
    for _, glyphs in lines:
        assert glyphs[-1][2] + glyphs[-1][3] <= LEFT + 50.0 + 1e-6


def test_an_ellipsis_run_longer_than_the_column_is_cut_between_its_pairs_too() -> None:
    # 说…………好: four ellipses (two …… pairs, 4 em) after 说 in a 3-em column.
    assert _all_lines("说…………好", 30.0) == ["说……", "……好"]


def test_a_word_longer_than_the_column_still_starts_its_own_line() -> None:
    # Only ——/…… runs fill the line before them; an over-long Western word keeps to the Western
    # habit of starting a line (and is then cut where that line is full).
    lines = _all_lines("好 abcdefghijklmnopqrstuvwxyz", 50.0)
    assert lines[0] == "好 "
