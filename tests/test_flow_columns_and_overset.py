"""How a story flows across columns (issue 15, found by a sampled mutation run): every paragraph
after the first overset one still counts as overset, a line taller than a column is set at the top
of the next column rather than lost, and centred or bottom-aligned text moves column by column."""

from __future__ import annotations

from editor.layout.display import Rect
from editor.layout.flow import FlowArea, PlacedLine, _apply_vertical_alignment
from editor.model import ParagraphStyle
from tests.docbuilders import compose, line_texts, one_frame_doc


def test_paragraphs_after_the_one_that_runs_out_of_room_all_count_as_overset():
    doc = one_frame_doc(["甲" * 200, "乙乙乙", "丙丙丙丙"], height_pt=20.0)
    layout = compose(doc)
    summary = layout.stories["s"]
    shown = "".join(line_texts(layout))
    assert summary.char_count == 200 + 3 + 4
    assert summary.overset_char_count == 200 + 3 + 4 - len(shown)
    assert set(shown) == {"甲"}


def test_a_line_taller_than_a_column_is_set_at_the_top_of_the_next_column():
    tall = ParagraphStyle(name="大标题", size_pt=10.0, leading_pt=120.0)
    doc = one_frame_doc(["甲甲", "乙乙"], height_pt=100.0, columns=2, extra_styles={tall.name: tall},
                        styles_of=["正文", tall.name])
    layout = compose(doc)
    lines = [line for page in layout.pages for line in page.lines]
    assert [(line.paragraph_index, line.column_index) for line in lines] == [(0, 0), (1, 1)]
    assert layout.stories["s"].overset_char_count == 0


def _line(column_index: int, top_pt: float, height_pt: float = 16.0) -> PlacedLine:
    return PlacedLine(0, None, 0, 1, 0, column_index, 0.0, 10.0, top_pt, height_pt, False)


def _two_column_area(vertical_align: str) -> FlowArea:
    columns = [Rect(0.0, 100.0, 50.0, 200.0), Rect(60.0, 100.0, 50.0, 200.0)]
    return FlowArea("f", 0, Rect(0.0, 100.0, 110.0, 200.0), columns, vertical_align=vertical_align)


def test_centred_text_is_centred_in_each_column_on_its_own():
    lines = [_line(0, 100.0), _line(0, 116.0), _line(1, 100.0)]
    _apply_vertical_alignment(lines, [_two_column_area("center")])
    # Column 0 holds 32 pt of text in 200 pt: it starts 84 pt down; column 1 holds 16 pt: 92 pt down.
    assert [line.top_pt for line in lines] == [184.0, 200.0, 192.0]


def test_bottom_aligned_text_ends_at_the_foot_of_each_column():
    lines = [_line(0, 100.0), _line(0, 116.0), _line(1, 100.0)]
    _apply_vertical_alignment(lines, [_two_column_area("bottom")])
    assert [line.top_pt for line in lines] == [268.0, 284.0, 284.0]
