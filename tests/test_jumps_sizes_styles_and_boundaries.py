"""The parts of a continuation line (``editor.layout.jumps``): its words, size, alignment and
style, the story's body style, which thread boundaries change page, and where the line sits."""

from __future__ import annotations

import pytest

from editor.layout.display import Rect
from editor.layout.engine import layout_document
from editor.layout.flow import FlowArea
from editor.layout.jumps import (
    JUMP_SIZE_RATIO,
    MIN_JUMP_SIZE_PT,
    body_style_name,
    jump_alignment,
    jump_size_pt,
    jump_style,
    jump_text,
    page_boundaries,
)
from editor.model import Document, Page, Paragraph, ParagraphStyle, Run, Story, TextFrame


def test_the_words_name_the_page_the_text_goes_to_or_comes_from() -> None:
    assert jump_text("down", 3) == "（下转第3版）"
    assert jump_text("up", 12) == "（上接第12版）"


def test_a_continuation_line_is_four_fifths_of_the_body_size_but_never_under_6_pt() -> None:
    assert (JUMP_SIZE_RATIO, MIN_JUMP_SIZE_PT) == (0.8, 6.0)
    assert jump_size_pt(ParagraphStyle(name="b", size_pt=10.5)) == 8.4
    assert jump_size_pt(ParagraphStyle(name="b", size_pt=9.1)) == 7.28
    assert jump_size_pt(ParagraphStyle(name="b", size_pt=10.33)) == 8.26  # 8.264 to two places
    assert jump_size_pt(ParagraphStyle(name="b", size_pt=7.5)) == 6.0
    assert jump_size_pt(ParagraphStyle(name="b", size_pt=6.0)) == 6.0


def test_down_is_flush_right_and_up_flush_left() -> None:
    assert jump_alignment("down") == "right"
    assert jump_alignment("up") == "left"


def test_the_jump_style_is_the_body_small_and_plain() -> None:
    body = ParagraphStyle(name="正文", size_pt=10.0, leading_pt=17.0, first_line_indent_chars=2.0,
                          left_indent_pt=5.0, right_indent_pt=6.0, space_before_pt=7.0, space_after_pt=8.0,
                          letter_spacing_em=0.1, keep_with_next=True, avoid_single_char_last_line=True,
                          bold=True, color="#ff0000")
    down = jump_style(body, "down")
    assert (down.size_pt, down.alignment, down.leading_pt, down.bold, down.color) == (8.0, "right", 17.0, True, "#ff0000")
    assert (down.first_line_indent_chars, down.left_indent_pt, down.right_indent_pt) == (0.0, 0.0, 0.0)
    assert (down.space_before_pt, down.space_after_pt, down.letter_spacing_em) == (0.0, 0.0, 0.0)
    assert (down.keep_with_next, down.avoid_single_char_last_line) == (False, False)
    assert jump_style(body, "up").alignment == "left"
    assert body.size_pt == 10.0  # the body style itself is untouched


def _paragraph(style: str, text: str) -> Paragraph:
    return Paragraph(style=style, runs=[Run(text=text)])


def test_the_body_style_sets_the_most_characters_and_the_first_wins_a_tie() -> None:
    story = Story(id="s", paragraphs=[_paragraph("标题", "一二三"), _paragraph("正文", "一二"),
                                      _paragraph("正文", "三四"), _paragraph("注", "一二三")])
    assert body_style_name(story) == "正文"
    tie = Story(id="s", paragraphs=[_paragraph("标题", "一二"), _paragraph("正文", "三四")])
    assert body_style_name(tie) == "标题"
    assert body_style_name(Story(id="s", paragraphs=[])) == ""


def _area(page_index: int, *, caption: bool = False, columns: int = 1) -> FlowArea:
    rect = Rect(0.0, 0.0, 100.0, 100.0)
    return FlowArea(frame_id="f", page_index=page_index, rect=rect, columns=[rect] * columns, is_caption=caption)


def test_page_boundaries_are_where_consecutive_text_frames_are_on_different_pages() -> None:
    areas = [_area(0), _area(0), _area(2), _area(1), _area(1)]
    assert page_boundaries(areas) == [1, 2]
    assert page_boundaries([_area(0), _area(1, caption=True)]) == []
    assert page_boundaries([_area(0, caption=True), _area(1)]) == []
    assert page_boundaries([_area(0, columns=0), _area(1)]) == []
    assert page_boundaries([_area(0), _area(1, columns=0)]) == []
    assert page_boundaries([_area(0)]) == [] and page_boundaries([]) == []


def _threaded(text: str, body: ParagraphStyle) -> Document:
    story = Story(id="s", paragraphs=[Paragraph(style=body.name, runs=[Run(text=text)])], jump_lines=True)
    a = TextFrame(id="a", story_id="s", x_pt=40.0, y_pt=50.0, width_pt=200.0, height_pt=64.0, next_frame_id="b")
    b = TextFrame(id="b", story_id="s", x_pt=60.0, y_pt=70.0, width_pt=200.0, height_pt=64.0)
    return Document(paragraph_styles={body.name: body}, stories={"s": story},
                    pages=[Page(id="p1", frames=[a]), Page(id="p2", frames=[b])])


def test_the_continuation_lines_take_the_foot_and_head_line_in_the_body_leading_set_small_and_flush() -> None:
    body = ParagraphStyle(name="正文", size_pt=10.0, leading_pt=16.0, first_line_indent_chars=0.0)
    layout = layout_document(_threaded("甲" * 110, body))
    down, = [line for line in layout.pages[0].lines if line.jump_text]
    up, = [line for line in layout.pages[1].lines if line.jump_text]
    assert (down.jump_text, down.story_id, down.paragraph_index) == ("（下转第2版）", "", -1)
    assert (down.left_pt, down.right_pt, down.top_pt, down.height_pt) == (40.0, 240.0, 98.0, 16.0)
    assert (up.jump_text, up.left_pt, up.right_pt, up.top_pt, up.height_pt) == ("（上接第1版）", 60.0, 260.0, 70.0, 16.0)
    assert (down.alignment, up.alignment) == ("right", "left")
    assert down.is_last_in_paragraph and up.is_last_in_paragraph
    # Frame a keeps three text lines above its 下转 line (50, 66, 82); frame b starts under its 上接.
    text_lines = [(line.frame_id, line.top_pt) for page in layout.pages for line in page.lines if line.story_id]
    assert text_lines == [("a", 50.0), ("a", 66.0), ("a", 82.0), ("b", 86.0), ("b", 102.0), ("b", 118.0)]
    runs = {run.text: run for page in layout.pages for run in page.items if getattr(run, "text", "").startswith("（")}
    assert {run.size_pt for run in runs.values()} == {8.0}
    assert runs["（上接第1版）"].x_pt[0] == pytest.approx(60.0)  # flush left at the column's edge
    last = runs["（下转第2版）"]
    assert last.box_left_pt[-1] + last.box_width_pt[-1] == pytest.approx(240.0, abs=0.01)  # flush right


def _two_column_thread(text: str) -> Document:
    body = ParagraphStyle(name="正文", size_pt=10.0, leading_pt=16.0, first_line_indent_chars=0.0)
    story = Story(id="s", paragraphs=[Paragraph(style="正文", runs=[Run(text=text)])], jump_lines=True)
    # Two columns of 100 pt (gutter 10) and 48 pt (3 lines) in each frame.
    a = TextFrame(id="a", story_id="s", x_pt=0.0, y_pt=100.0, width_pt=210.0, height_pt=48.0, columns=2,
                  gutter_pt=10.0, next_frame_id="b")
    b = TextFrame(id="b", story_id="s", x_pt=0.0, y_pt=200.0, width_pt=210.0, height_pt=48.0, columns=2,
                  gutter_pt=10.0)
    return Document(paragraph_styles={"正文": body}, stories={"s": story},
                    pages=[Page(id="p1", frames=[a]), Page(id="p2", frames=[b])])


def test_the_foot_line_is_taken_from_the_last_column_only_and_the_head_line_from_the_first_only() -> None:
    layout = layout_document(_two_column_thread("甲" * 95))
    placed = [(line.frame_id, line.column_index, line.top_pt, line.jump_text) for page in layout.pages
              for line in page.lines]
    assert sorted(placed) == sorted([
        ("a", 0, 100.0, ""), ("a", 0, 116.0, ""), ("a", 0, 132.0, ""),  # column 0: all three lines
        ("a", 1, 100.0, ""), ("a", 1, 116.0, ""), ("a", 1, 132.0, "（下转第2版）"),
        ("b", 0, 200.0, "（上接第1版）"), ("b", 0, 216.0, ""), ("b", 0, 232.0, ""),
        ("b", 1, 200.0, ""), ("b", 1, 216.0, ""), ("b", 1, 232.0, "")])
    down, = [line for line in layout.pages[0].lines if line.jump_text]
    up, = [line for line in layout.pages[1].lines if line.jump_text]
    assert (down.left_pt, down.right_pt) == (110.0, 210.0) and (up.left_pt, up.right_pt) == (0.0, 100.0)
    assert not layout.stories["s"].overset


def test_text_that_ends_in_the_first_frame_reserves_nothing_even_on_its_last_line() -> None:
    layout = layout_document(_two_column_thread("甲" * 60))  # exactly six lines: frame a's all
    assert [line.jump_text for page in layout.pages for line in page.lines if line.jump_text] == []
    assert [line.top_pt for line in layout.pages[0].lines if line.column_index == 1] == [100.0, 116.0, 132.0]
    assert layout.pages[1].lines == []


def test_room_made_for_one_pair_of_lines_can_push_the_text_over_the_next_boundary_too() -> None:
    body = ParagraphStyle(name="正文", size_pt=10.0, leading_pt=16.0, first_line_indent_chars=0.0, color="#ff0000")
    story = Story(id="s", paragraphs=[Paragraph(style="正文", runs=[Run(text="甲" * 60)])], jump_lines=True)
    # 10 characters a line; a and b hold 3 lines, c 6. Unreserved, the text fills a and b exactly;
    # the 下转/上接 pair between them pushes 20 characters into c, which needs a second pair.
    a = TextFrame(id="a", story_id="s", x_pt=0.0, y_pt=0.0, width_pt=100.0, height_pt=48.0, next_frame_id="b")
    b = TextFrame(id="b", story_id="s", x_pt=0.0, y_pt=0.0, width_pt=100.0, height_pt=48.0, next_frame_id="c")
    c = TextFrame(id="c", story_id="s", x_pt=0.0, y_pt=0.0, width_pt=100.0, height_pt=96.0)
    doc = Document(paragraph_styles={"正文": body}, stories={"s": story},
                   pages=[Page(id="p1", frames=[a]), Page(id="p2", frames=[b]), Page(id="p3", frames=[c])])
    layout = layout_document(doc)
    placed = [[(line.top_pt, line.jump_text or f"{line.start_offset}-{line.end_offset}") for line in page.lines]
              for page in layout.pages]
    assert [sorted(lines) for lines in placed] == [
        [(0.0, "0-10"), (16.0, "10-20"), (32.0, "（下转第2版）")],
        [(0.0, "（上接第1版）"), (16.0, "20-30"), (32.0, "（下转第3版）")],
        [(0.0, "（上接第2版）"), (16.0, "30-40"), (32.0, "40-50"), (48.0, "50-60")]]
    assert not layout.stories["s"].overset
    jump_runs = [run for page in layout.pages for run in page.items if getattr(run, "story_id", None) == ""]
    assert {(run.color, run.size_pt, run.paragraph_index) for run in jump_runs} == {((1.0, 0.0, 0.0), 8.0, -1)}


def test_a_thread_that_passes_another_page_by_and_comes_back_gets_no_continuation_lines() -> None:
    body = ParagraphStyle(name="正文", size_pt=10.0, leading_pt=16.0, first_line_indent_chars=0.0)
    story = Story(id="s", paragraphs=[Paragraph(style="正文", runs=[Run(text="甲" * 60)])], jump_lines=True)
    # a (page 1) → m (page 2, one line: all its room goes to continuation lines) → c (page 1 again).
    a = TextFrame(id="a", story_id="s", x_pt=0.0, y_pt=0.0, width_pt=100.0, height_pt=48.0, next_frame_id="m")
    m = TextFrame(id="m", story_id="s", x_pt=0.0, y_pt=0.0, width_pt=100.0, height_pt=16.0, next_frame_id="c")
    c = TextFrame(id="c", story_id="s", x_pt=200.0, y_pt=0.0, width_pt=100.0, height_pt=96.0)
    doc = Document(paragraph_styles={"正文": body}, stories={"s": story},
                   pages=[Page(id="p1", frames=[a, c]), Page(id="p2", frames=[m])])
    layout = layout_document(doc)
    assert [line.jump_text for page in layout.pages for line in page.lines if line.jump_text] == []
    assert layout.pages[1].lines == []
    assert not layout.stories["s"].overset
    # No room kept for lines that are not drawn: a is full to its foot (48 pt = three 16 pt
    # lines) and c starts at its head.
    tops = {frame: [line.top_pt for line in layout.pages[0].lines if line.frame_id == frame] for frame in "ac"}
    assert tops["a"] == [0.0, 16.0, 32.0]
    assert tops["c"][0] == 0.0
