"""Headings kept with the next paragraph one after another (引题 → 大标题 → 正文): the chain moves together.

When the text after a chain of keep-with-next paragraphs would start in the next column, the whole
chain goes there with it — as Word and LibreOffice do with the DOCX's 与下段同页 — not only its last
heading, which would leave 引题 alone at the foot of the column. A chain that already starts at a
column's top cannot be helped by moving: then only its last heading goes on, as a single heading does.

``one_frame_doc``'s frame is at (50, 60), in columns 200 pt wide (20 characters a line) with 12 pt
gutters; every style is 10 pt on 16 pt leading, so lines start at 60, 76, 92 … Places are worked out
from those. (LibreOffice, given this module's first document as our DOCX, also sets 引题 and 大标题 at
the top of column 2.)
"""

from __future__ import annotations

from editor.model import Document
from tests.docbuilders import BODY, compose, one_frame_doc, plain_style

KEPT = "标题"


def _doc(texts: list[str], height_pt: float, columns: int = 2) -> Document:
    """Columns 200 pt wide and ``height_pt`` tall; a text starting with "#" is kept with the next paragraph."""
    names = [KEPT if text.startswith("#") else BODY for text in texts]
    width_pt = 200.0 * columns + 12.0 * (columns - 1)
    return one_frame_doc([text.lstrip("#") for text in texts], width_pt=width_pt, height_pt=height_pt, columns=columns,
                         style=plain_style(BODY), extra_styles={KEPT: plain_style(KEPT, keep_with_next=True)}, styles_of=names)


def _places(doc: Document) -> list[tuple[int, int, float]]:
    """(paragraph, column, top) of every line."""
    return [(line.paragraph_index, line.column_index, line.top_pt) for page in compose(doc).pages
            for line in page.lines]


def test_two_kept_headings_move_to_the_next_column_together_with_their_text() -> None:
    # Columns of 4 lines (60…124): body 60 and 76, 引题 92, 大标题 108; the text would start column 2.
    doc = _doc(["甲" * 40, "#引题", "#大标题", "乙乙"], height_pt=64.0)
    assert _places(doc) == [(0, 0, 60.0), (0, 0, 76.0), (1, 1, 60.0), (2, 1, 76.0), (3, 1, 92.0)]


def test_a_chain_whose_text_starts_beside_it_stays() -> None:
    doc = _doc(["甲" * 20, "#引题", "#大标题", "乙乙"], height_pt=64.0)
    assert _places(doc) == [(0, 0, 60.0), (1, 0, 76.0), (2, 0, 92.0), (3, 0, 108.0)]


def test_three_kept_paragraphs_move_together() -> None:
    # Columns of 5 lines (60…140): body 60, then 76, 92, 108 for the chain; the text's 124 line fits…
    fits = _doc(["甲" * 20, "#引题", "#大标题", "#副标题", "乙乙"], height_pt=80.0)
    assert _places(fits) == [(0, 0, 60.0), (1, 0, 76.0), (2, 0, 92.0), (3, 0, 108.0), (4, 0, 124.0)]
    # … with a second body line it would be at 140, past the foot: all three go to column 2.
    moves = _doc(["甲" * 40, "#引题", "#大标题", "#副标题", "乙乙"], height_pt=80.0)
    assert _places(moves) == [(0, 0, 60.0), (0, 0, 76.0), (1, 1, 60.0), (2, 1, 76.0), (3, 1, 92.0),
                              (4, 1, 108.0)]


def test_a_chain_starting_at_a_columns_top_moves_only_its_last_heading() -> None:
    # Columns of 3 lines: the chain fills column 1 from its top and the text cannot join it there; moving
    # the whole chain would not help, so only the last heading goes on with the text.
    doc = _doc(["#引题", "#大标题", "#副标题", "乙乙"], height_pt=48.0)
    assert _places(doc) == [(0, 0, 60.0), (1, 0, 76.0), (2, 1, 60.0), (3, 1, 76.0)]


def test_only_the_part_of_a_chain_in_the_last_headings_column_moves() -> None:
    # Three columns of 3 lines. The first kept paragraph (40 characters) starts at column 1's foot (92) and
    # ends at column 2's top; the second takes 76 and 92 there; the text cannot follow in column 2. Only
    # the second goes on to column 3 — the first already left column 1 and stays where it runs on.
    doc = _doc(["甲" * 40, "#" + "丙" * 40, "#" + "丁" * 40, "乙乙"], height_pt=48.0, columns=3)
    assert _places(doc) == [(0, 0, 60.0), (0, 0, 76.0), (1, 0, 92.0), (1, 1, 60.0), (2, 2, 60.0), (2, 2, 76.0),
                            (3, 2, 92.0)]


def test_a_paragraph_not_kept_with_the_next_ends_the_chain() -> None:
    # Columns of 4 lines: the first 小标题 (76) is kept with 乙乙 (92), a body paragraph, which ends that
    # chain; the second 小标题 (108) would end the column without 丙丙: it goes to column 2 alone.
    doc = _doc(["甲" * 20, "#小标题", "乙乙", "#小标题", "丙丙"], height_pt=64.0)
    assert _places(doc) == [(0, 0, 60.0), (1, 0, 76.0), (2, 0, 92.0), (3, 1, 60.0), (4, 1, 76.0)]


def test_a_moved_chain_is_counted_once_and_what_is_left_over_is_exact() -> None:
    # The chain and the first two lines of the 60 characters fill column 2 (4 lines): 20 are left over.
    doc = _doc(["甲" * 40, "#引题", "#大标题", "乙" * 60], height_pt=64.0)
    summary = compose(doc).stories["s"]
    assert (summary.char_count, summary.overset_char_count) == (40 + 2 + 3 + 60, 20)
