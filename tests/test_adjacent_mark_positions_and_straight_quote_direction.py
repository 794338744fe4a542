"""Where each of two adjacent full-width marks is drawn, and which way a straight quote faces.

clreq (layout-facts §2.2, "#punctuation_width_adjustment"): two adjacent full-width marks take
1.5 em, not 2: the blank half between them is removed. A pause/stop or closing mark carries its
ink in its left half, so when it comes first its own blank right half goes; when the first mark
is an opening one (ink on the right), the second mark's blank left half goes instead and that
mark's glyph is drawn half an em to the left of its (halved) box. The expected positions below are
computed from that rule and the 10 pt em, never read from the composer.

A straight ASCII quote opens a quotation when a space, a Han character or an opening bracket is
before it and no space after it; an opening quote may start a line, a closing one may not.
"""

from __future__ import annotations

import pytest

from editor.layout.charformat import FormatResolver
from editor.layout.engine import default_faces
from editor.layout.textprep import PreparedParagraph, prepare_paragraph
from editor.model import ParagraphStyle
from tests import clreq
from tests.docbuilders import BODY, compose, lines_with_glyphs, one_frame_doc

EM_PT = 10.0
LEFT_PT = 50.0  # one_frame_doc's frame left edge
BLANK_RIGHT_MARKS = clreq.PAUSE_STOP + clreq.CLOSING_QUOTES + clreq.CLOSING_BRACKETS


def _style() -> ParagraphStyle:
    return ParagraphStyle(name=BODY, size_pt=EM_PT, leading_pt=16.0, first_line_indent_chars=0)


def _glyphs(text: str) -> list[tuple[str, float, float, float]]:
    layout = compose(one_frame_doc([text], width_pt=200.0, style=_style()))
    ((line, glyphs),) = lines_with_glyphs(layout)
    assert line.left_pt == LEFT_PT
    return glyphs


def _expected(first: str, second: str) -> list[tuple[str, float, float, float]]:
    """(char, origin x, box left, box width) of 中 + pair + 中 by clreq's 1.5 em rule."""
    pair_left = LEFT_PT + EM_PT
    half = EM_PT / 2
    if first in BLANK_RIGHT_MARKS:  # the first mark's blank right half is trimmed
        pair = [(first, pair_left, pair_left, half),
                (second, pair_left + half, pair_left + half, EM_PT)]
    else:  # an opening first mark keeps its em; the second loses its blank left half
        pair = [(first, pair_left, pair_left, EM_PT),
                (second, pair_left + half, pair_left + EM_PT, half)]
    after = pair_left + 1.5 * EM_PT
    return [("中", LEFT_PT, LEFT_PT, EM_PT), *pair, ("中", after, after, EM_PT)]


@pytest.mark.parametrize("pair", ["。」", "）。", "，“", "」「", "（（", "“（", "《〈"])
def test_each_mark_of_an_adjacent_pair_sits_where_clreq_puts_it(pair: str) -> None:
    glyphs = _glyphs("中" + pair + "中")
    assert [(ch, round(x, 3), round(left, 3), round(width, 3)) for ch, x, left, width in glyphs] == \
        _expected(pair[0], pair[1])


def _prepared(text: str) -> PreparedParagraph:
    doc = one_frame_doc([text], style=_style())
    paragraph = doc.stories["s"].paragraphs[0]
    return prepare_paragraph(paragraph, FormatResolver(doc, default_faces()), doc.issue, 1)


def test_a_straight_quote_after_a_letter_closes_and_a_line_may_end_after_it() -> None:
    text = '他说"ok"好的'
    closing = text.rindex('"')
    prep = _prepared(text)
    assert prep.break_after[closing] is True  # "好" may start the next line
    assert prep.break_after[closing - 1] is False  # the closing quote may not start one


def test_a_straight_quote_before_a_space_closes_even_after_han() -> None:
    # Han before it would make it an opening quote, but a space follows: it closes "好".
    text = '他说好" 然后'
    quote = text.index('"')
    prep = _prepared(text)
    assert prep.break_after[quote - 1] is False


def test_a_straight_quote_at_the_end_of_a_paragraph_closes() -> None:
    text = '他说好"'
    prep = _prepared(text)
    assert prep.break_after[len(text) - 2] is False
