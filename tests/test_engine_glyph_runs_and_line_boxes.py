"""How ``editor.layout.engine`` cuts a set line into glyph runs and describes it as a line box:
one run per stretch of one face, size, colour and field-ness, each with its characters' paragraph
offsets; the line box with the paragraph offsets it holds, its span, top and height."""

from __future__ import annotations

import pytest

from editor.layout.display import GlyphRun
from editor.model import CharacterStyle, Paragraph, ParagraphStyle, Run
from tests.docbuilders import BODY, compose, one_frame_doc

STYLE = ParagraphStyle(name=BODY, size_pt=10.0, leading_pt=16.0, first_line_indent_chars=0.0)


def _laid_out(*paragraphs: list[Run], width_pt: float = 210.0):
    doc = one_frame_doc(["" for _ in paragraphs], width_pt=width_pt, style=STYLE)
    doc.character_styles = {"红": CharacterStyle(name="红", color="#ff0000"),
                            "大": CharacterStyle(name="大", size_pt=12.0)}
    doc.stories["s"].paragraphs = [Paragraph(style=BODY, runs=runs) for runs in paragraphs]
    return compose(doc)


def _runs(layout) -> list[GlyphRun]:
    return [item for page in layout.pages for item in page.items if isinstance(item, GlyphRun)]


def test_a_line_is_cut_into_runs_where_the_colour_size_or_field_changes() -> None:
    layout = _laid_out([Run(text="甲乙"), Run(text="丙丁", char_style="红"), Run(field="page"), Run(text="戊"),
                        Run(text="己", char_style="大")])
    runs = _runs(layout)
    assert [(run.text, run.color, run.size_pt, run.is_field, run.char_offsets) for run in runs] == [
        ("甲乙", (0.0, 0.0, 0.0), 10.0, False, (0, 1)),
        ("丙丁", (1.0, 0.0, 0.0), 10.0, False, (2, 3)),
        ("1", (0.0, 0.0, 0.0), 10.0, True, (4,)),
        ("戊", (0.0, 0.0, 0.0), 10.0, False, (5,)),
        ("己", (0.0, 0.0, 0.0), 12.0, False, (6,)),
    ]
    assert runs[0].x_pt == (50.0, 60.0) and runs[1].x_pt == (70.0, 80.0)
    assert runs[0].box_left_pt == (50.0, 60.0) and runs[0].box_width_pt == (10.0, 10.0)
    assert {run.baseline_pt for run in runs} == {runs[0].baseline_pt}
    assert {(run.story_id, run.paragraph_index, run.hscale) for run in runs} == {("s", 0, 1.0)}
    assert all(len(run.glyph_ids) == len(run.text) and all(run.glyph_ids) for run in runs)
    line, = layout.pages[0].lines
    assert (line.start_offset, line.end_offset, line.left_pt, line.right_pt) == (0, 7, 50.0, 260.0)
    assert (line.top_pt, line.height_pt, line.frame_id, line.column_index) == (60.0, 16.0, "f", 0)
    assert line.baseline_pt == runs[0].baseline_pt


def test_each_line_box_holds_its_share_of_the_paragraph_offsets() -> None:
    # 30 characters in 100 pt lines: 10 a line; the second paragraph starts on line 4.
    layout = _laid_out([Run(text="甲" * 30)], [Run(text="乙" * 5)], width_pt=100.0)
    lines = layout.pages[0].lines
    assert [(line.paragraph_index, line.start_offset, line.end_offset, line.top_pt) for line in lines] == [
        (0, 0, 10, 60.0), (0, 10, 20, 76.0), (0, 20, 30, 92.0), (1, 0, 5, 108.0)]
    assert [line.is_last_in_paragraph for line in lines] == [False, False, True, True]
    assert [line.justified for line in lines] == [False] * 4  # ten 10 pt characters fill 100 pt as they are
    assert [run.char_offsets[0] for run in _runs(layout)] == [0, 10, 20, 0]


def test_an_empty_paragraphs_line_holds_no_offsets() -> None:
    layout = _laid_out([Run(text="甲")], [], [Run(text="乙")])
    lines = layout.pages[0].lines
    assert [(line.paragraph_index, line.start_offset, line.end_offset) for line in lines] == [(0, 0, 1), (1, 0, 0),
                                                                                             (2, 0, 1)]
    assert [run.text for run in _runs(layout)] == ["甲", "乙"]


def test_a_field_counts_as_one_offset_in_the_line_box() -> None:
    layout = _laid_out([Run(text="第"), Run(field="page"), Run(text="版")])
    line, = layout.pages[0].lines
    assert (line.start_offset, line.end_offset) == (0, 3)
    assert [(run.text, run.char_offsets) for run in _runs(layout)] == [("第", (0,)), ("1", (1,)), ("版", (2,))]


def test_a_justified_line_reaches_the_right_edge_and_the_last_line_does_not() -> None:
    layout = _laid_out([Run(text="甲乙，丙丁" * 5)], width_pt=105.0)
    runs = _runs(layout)
    first, last = runs[0], runs[-1]
    assert first.box_left_pt[-1] + first.box_width_pt[-1] == pytest.approx(155.0, abs=0.01)
    assert last.box_left_pt[-1] + last.box_width_pt[-1] < 155.0 - 5.0
    lines = layout.pages[0].lines
    assert lines[0].justified and not lines[-1].justified
    assert (lines[0].alignment, lines[-1].is_last_in_paragraph) == ("justify", True)
