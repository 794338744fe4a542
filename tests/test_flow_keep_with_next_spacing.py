"""Keep-with-next and the spaces around it: where a heading and the paragraph it is kept with land.

The flow looks ahead from a heading kept with the next paragraph (would that paragraph's first line
start in the heading's column?) and then goes on from where the heading ended, as a line in the
middle of a column: the next paragraph keeps its space before. Only a paragraph at a column's top
drops its space before — the heading itself, when it moves to the next column.

The frame of ``one_frame_doc`` is at (50, 60); 412 pt wide in two columns with a 12 pt gutter, so
each column is 200 pt wide (x 50…250 and 262…462). Every style is 10 pt on 16 pt leading. Every top
below is worked out from those numbers.
"""

from __future__ import annotations

import pytest

from editor.model import Document, ParagraphStyle
from tests.docbuilders import BODY, compose, one_frame_doc, plain_style

HEADING = "小标题"
SPACED = "空前"


def _doc(paragraphs: list[tuple[str, str]], height_pt: float, heading: ParagraphStyle | None = None,
         spaced: ParagraphStyle | None = None) -> Document:
    """Two columns of ``height_pt``; each paragraph is (style name, text)."""
    extra = {HEADING: heading or plain_style(HEADING, keep_with_next=True),
             SPACED: spaced or plain_style(SPACED, space_before_pt=10.0)}
    return one_frame_doc([text for _, text in paragraphs], width_pt=412.0, height_pt=height_pt, columns=2,
                         style=plain_style(), extra_styles=extra, styles_of=[name for name, _ in paragraphs])


def _places(doc: Document) -> list[tuple[int, int, float]]:
    """(paragraph, column, top) of every line."""
    return [(line.paragraph_index, line.column_index, line.top_pt) for page in compose(doc).pages
            for line in page.lines]


def test_a_heading_that_stays_mid_column_keeps_the_next_paragraphs_space_before() -> None:
    # Body 60…76, heading 76…92; the text after it 10 pt lower: 102.
    doc = _doc([(BODY, "甲" * 20), (HEADING, "标题"), (SPACED, "乙乙")], height_pt=200.0)
    assert _places(doc) == [(0, 0, 60.0), (1, 0, 76.0), (2, 0, 102.0)]


def test_a_heading_at_the_columns_top_keeps_the_next_paragraphs_space_before() -> None:
    doc = _doc([(HEADING, "标题"), (SPACED, "乙乙"), (SPACED, "丙丙")], height_pt=200.0)
    # Heading 60…76; text at 76 + 10 = 86; the next one at 86 + 16 + 10 = 112.
    assert _places(doc) == [(0, 0, 60.0), (1, 0, 86.0), (2, 0, 112.0)]


def test_the_next_paragraph_whose_first_line_ends_at_the_columns_foot_keeps_its_heading() -> None:
    # Columns 58 pt tall end at 118: body 60…76, heading 76…92, text 102…118 — it just fits.
    doc = _doc([(BODY, "甲" * 20), (HEADING, "标题"), (SPACED, "乙乙")], height_pt=58.0)
    assert _places(doc) == [(0, 0, 60.0), (1, 0, 76.0), (2, 0, 102.0)]


def test_a_tenth_of_a_point_less_room_sends_the_heading_to_the_next_columns_top() -> None:
    # Columns end at 117.9: the text would end at 118, so heading and text go to column 2. The heading
    # at the top drops nothing (it has no space before); the text keeps its 10 pt: 60 + 16 + 10 = 86.
    doc = _doc([(BODY, "甲" * 20), (HEADING, "标题"), (SPACED, "乙乙")], height_pt=57.9)
    assert _places(doc) == [(0, 0, 60.0), (1, 1, 60.0), (2, 1, 86.0)]


def test_a_moved_heading_drops_its_own_space_before_at_the_next_columns_top() -> None:
    heading = plain_style(HEADING, keep_with_next=True, space_before_pt=8.0)
    # Columns 60…117. Staying, the heading would be at 76 + 8 = 84…100 and the text at 110…126, past
    # 117: both move. At column 2's top the heading is at 60 (not 68); the text at 60 + 16 + 10 = 86.
    doc = _doc([(BODY, "甲" * 20), (HEADING, "标题"), (SPACED, "乙乙")], height_pt=57.0, heading=heading)
    assert _places(doc) == [(0, 0, 60.0), (1, 1, 60.0), (2, 1, 86.0)]
    # With room to stay (columns to 126), the heading keeps its 8 pt mid-column: 84; the text 110.
    tall = _doc([(BODY, "甲" * 20), (HEADING, "标题"), (SPACED, "乙乙")], height_pt=66.0, heading=heading)
    assert _places(tall) == [(0, 0, 60.0), (1, 0, 84.0), (2, 0, 110.0)]


@pytest.mark.parametrize(("height_pt", "expected"), [
    # Heading 76…92, then its 6 pt after: the text 98…114. Columns to 114: it fits.
    (54.0, [(0, 0, 60.0), (1, 0, 76.0), (2, 0, 98.0)]),
    # Columns to 113.9: both move; the heading's 6 pt after still comes before the text: 60 + 16 + 6.
    (53.9, [(0, 0, 60.0), (1, 1, 60.0), (2, 1, 82.0)]),
])
def test_the_headings_space_after_counts_in_the_look_ahead(height_pt: float,
                                                           expected: list[tuple[int, int, float]]) -> None:
    heading = plain_style(HEADING, keep_with_next=True, space_after_pt=6.0)
    doc = _doc([(BODY, "甲" * 20), (HEADING, "标题"), (BODY, "乙乙")], height_pt=height_pt, heading=heading)
    assert _places(doc) == expected


def test_the_paragraph_after_the_kept_one_is_placed_as_usual_below_it() -> None:
    # The heading stays (its text fits beside it); the paragraph after that text keeps its space
    # before too: heading 76, text 102…118, next 118 + 10 = 128.
    doc = _doc([(BODY, "甲" * 20), (HEADING, "标题"), (SPACED, "乙乙"), (SPACED, "丙丙")], height_pt=200.0)
    assert _places(doc) == [(0, 0, 60.0), (1, 0, 76.0), (2, 0, 102.0), (3, 0, 128.0)]
