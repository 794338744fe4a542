"""Paragraph rules ``editor.layout.flow`` applies while placing lines: no single-character last
line, keep-with-next, and centred or bottom-aligned frames.

Frames from ``one_frame_doc`` start at (50, 60); the body is 10 pt on 16 pt leading, so a 200 pt
frame holds 20 characters a line. Places are worked out from those numbers.
"""

from __future__ import annotations

from editor.model import Document, Page, Paragraph, ParagraphStyle, Run, Story, TextFrame
from tests.docbuilders import BODY, compose, line_texts, one_frame_doc

HEADING = "标题"


def _style(**changes: object) -> ParagraphStyle:
    values: dict[str, object] = {"name": BODY, "size_pt": 10.0, "leading_pt": 16.0, "first_line_indent_chars": 0.0}
    values.update(changes)
    return ParagraphStyle(**values)  # type: ignore[arg-type]


def _spans(doc) -> list[tuple[int, int, int]]:
    return [(line.paragraph_index, line.start_offset, line.end_offset) for page in compose(doc).pages
            for line in page.lines]


def test_a_lone_last_character_brings_one_down_from_the_line_above() -> None:
    doc = one_frame_doc(["甲" * 21], width_pt=200.0, style=_style())
    assert _spans(doc) == [(0, 0, 19), (0, 19, 21)]
    off = one_frame_doc(["甲" * 21], width_pt=200.0, style=_style(avoid_single_char_last_line=False))
    assert _spans(off) == [(0, 0, 20), (0, 20, 21)]


def test_a_lone_character_with_its_full_stop_counts_as_alone() -> None:
    doc = one_frame_doc(["甲" * 20 + "乙。"], width_pt=200.0, style=_style())
    assert line_texts(compose(doc)) == ["甲" * 19, "甲乙。"]


def test_two_characters_on_the_last_line_stay_as_they_are() -> None:
    doc = one_frame_doc(["甲" * 22], width_pt=200.0, style=_style())
    assert _spans(doc) == [(0, 0, 20), (0, 20, 22)]


def test_the_rule_applies_to_the_last_two_lines_of_a_longer_paragraph() -> None:
    doc = one_frame_doc(["甲" * 41], width_pt=200.0, style=_style())
    assert _spans(doc) == [(0, 0, 20), (0, 20, 39), (0, 39, 41)]


def test_a_line_ended_by_a_line_separator_keeps_its_lone_follower() -> None:
    doc = one_frame_doc(["甲" * 10 + "\n" + "乙"], width_pt=200.0, style=_style())
    assert _spans(doc) == [(0, 0, 11), (0, 11, 12)]


def _heading_doc(texts: list[str], height_pt: float, columns: int = 2) -> Document:
    heading = ParagraphStyle(name=HEADING, size_pt=10.0, leading_pt=16.0, keep_with_next=True,
                             first_line_indent_chars=0.0)
    styles = [HEADING if text.startswith("#") else BODY for text in texts]
    return one_frame_doc([text.lstrip("#") for text in texts], width_pt=412.0, height_pt=height_pt,
                         columns=columns, style=_style(), extra_styles={HEADING: heading}, styles_of=styles)


def _columns_of(doc) -> list[tuple[int, int, float]]:
    return [(line.paragraph_index, line.column_index, line.top_pt) for page in compose(doc).pages
            for line in page.lines]


def test_a_heading_on_a_columns_last_line_moves_to_the_next_column_with_its_paragraph() -> None:
    # Columns hold 3 lines (48 pt): the body fills 2, the heading would be the 3rd, its text the 4th.
    doc = _heading_doc(["甲" * 40, "#小标题", "乙乙"], height_pt=48.0)
    assert _columns_of(doc) == [(0, 0, 60.0), (0, 0, 76.0), (1, 1, 60.0), (2, 1, 76.0)]


def test_a_heading_whose_paragraph_starts_beside_it_stays() -> None:
    doc = _heading_doc(["甲" * 20, "#小标题", "乙乙"], height_pt=48.0)
    assert _columns_of(doc) == [(0, 0, 60.0), (1, 0, 76.0), (2, 0, 92.0)]


def test_a_heading_at_a_columns_top_or_at_the_storys_end_is_not_moved() -> None:
    last = _heading_doc(["甲" * 40, "#小标题"], height_pt=48.0)
    assert _columns_of(last) == [(0, 0, 60.0), (0, 0, 76.0), (1, 0, 92.0)]
    # At the top of the only column, with its paragraph below the frame: it stays and the text is overset.
    top = _heading_doc(["#小标题", "乙乙"], height_pt=16.0, columns=1)
    assert _columns_of(top) == [(0, 0, 60.0)]
    assert compose(top).stories["s"].overset_char_count == 2


def test_a_heading_with_no_column_to_move_to_goes_to_overset_with_its_paragraph() -> None:
    # One 412 pt column of 3 lines: the body takes 2 (41 characters a line), the heading would be
    # the last line with its text below the frame: both are overset rather than parted.
    doc = _heading_doc(["甲" * 80, "#小标题", "乙乙"], height_pt=48.0, columns=1)
    layout = compose(doc)
    assert [(line.paragraph_index, line.top_pt) for line in layout.pages[0].lines] == [(0, 60.0), (0, 76.0)]
    assert layout.stories["s"].overset_char_count == 3 + 2


def test_the_next_paragraphs_space_before_can_push_it_to_the_next_column() -> None:
    spaced = ParagraphStyle(name="空", size_pt=10.0, leading_pt=16.0, space_before_pt=10.0,
                            first_line_indent_chars=0.0)
    heading = ParagraphStyle(name=HEADING, size_pt=10.0, leading_pt=16.0, keep_with_next=True,
                             first_line_indent_chars=0.0)
    # Columns 57 pt tall (60…117): body 60–76, heading 76–92.
    doc = one_frame_doc(["甲甲", "小标题", "乙乙"], width_pt=412.0, height_pt=57.0, columns=2, style=_style(),
                        extra_styles={HEADING: heading, "空": spaced}, styles_of=[BODY, HEADING, "空"])
    # The text's 10 pt space before puts it at 102…118, past 117: it would start in column 2, so the
    # heading goes too (to the top, 60); the text follows at 60 + 16 + 10 = 86.
    assert _columns_of(doc) == [(0, 0, 60.0), (1, 1, 60.0), (2, 1, 86.0)]


def _aligned(vertical_align: str, texts: list[str]) -> list[tuple[str, float]]:
    style = _style()
    stories = {"s": Story(id="s", paragraphs=[Paragraph(style=BODY, runs=[Run(text=t)]) for t in texts]),
               "t": Story(id="t", paragraphs=[Paragraph(style=BODY, runs=[Run(text="乙")])])}
    frames = [TextFrame(id="f", story_id="s", x_pt=0.0, y_pt=100.0, width_pt=210.0, height_pt=100.0, columns=2,
                        gutter_pt=10.0, vertical_align=vertical_align),
              TextFrame(id="g", story_id="t", x_pt=0.0, y_pt=300.0, width_pt=100.0, height_pt=100.0)]
    doc = Document(paragraph_styles={BODY: style}, stories=stories, pages=[Page(id="p", frames=frames)])
    return [(line.frame_id, line.column_index, line.top_pt) for line in compose(doc).pages[0].lines]


def test_centred_text_sits_in_the_middle_of_each_column_and_other_frames_stay_at_the_top() -> None:
    # Columns 100 pt wide and tall hold 6 lines; 8 lines: 6 in column 0 (96 pt), 2 in column 1 (32 pt).
    lines = _aligned("center", ["甲" * 80])
    assert lines == [("f", 0, 102.0 + 16.0 * i) for i in range(6)] + [("f", 1, 134.0), ("f", 1, 150.0),
                                                                       ("g", 0, 300.0)]


def test_bottom_aligned_text_ends_at_each_columns_foot() -> None:
    lines = _aligned("bottom", ["甲" * 80])
    assert lines == [("f", 0, 104.0 + 16.0 * i) for i in range(6)] + [("f", 1, 168.0), ("f", 1, 184.0),
                                                                       ("g", 0, 300.0)]
    assert _aligned("top", ["甲" * 20])[:2] == [("f", 0, 100.0), ("f", 0, 116.0)]
