"""A ——/…… pair is never cut in two (clreq ``#prohibition_rules_for_unbreakable_marks``,
GB/T 15834—2011 §5.1.4–5.1.5), even in a run of several pairs that must be cut somewhere.

A run of one paired mark holds pairs from its start: in ``——————`` (three 2-em dashes) the
pairs begin at offsets 0, 2 and 4 of the run, so a line may only end at an even offset into it.
The oracle below counts that from the line texts; it never asks the line breaker.
"""

from __future__ import annotations

import pytest

from editor.layout.engine import layout_document
from editor.model import ParagraphStyle
from tests.docbuilders import BODY, line_texts, one_frame_doc

#: Two-em dash (U+2014 ×2) and two-character ellipsis (U+2026 ×2), written by code point.
DASH, ELLIPSIS = "\u2014", "\u2026"


def _lines(text: str, kinsoku: str, width_pt: float) -> list[str]:
    style = ParagraphStyle(name=BODY, size_pt=10.0, leading_pt=16.0, first_line_indent_chars=0, kinsoku=kinsoku)
    lines = line_texts(layout_document(one_frame_doc([text], width_pt=width_pt, style=style)))
    assert "".join(lines) == text
    return lines


def _cuts_inside_a_pair(lines: list[str]) -> list[int]:
    """Offsets in the text where a line ends between the two halves of a pair."""
    text = "".join(lines)
    bad: list[int] = []
    cut = 0
    for line in lines[:-1]:
        cut += len(line)
        mark = text[cut]
        if mark in DASH + ELLIPSIS and text[cut - 1] == mark:
            run_start = cut
            while run_start > 0 and text[run_start - 1] == mark:
                run_start -= 1
            if (cut - run_start) % 2:
                bad.append(cut)
    return bad


@pytest.mark.parametrize("kinsoku", ["basic", "gb"])
def test_three_two_em_dashes_in_a_three_em_column_break_only_between_pairs(kinsoku: str) -> None:
    # 30 pt at 10 pt: three ems, so a line holds one whole pair (a second would need four).
    assert _lines(DASH * 6, kinsoku, width_pt=30.0) == [DASH * 2] * 3


@pytest.mark.parametrize("kinsoku", ["none", "basic", "gb", "strict"])
@pytest.mark.parametrize("width_pt", [30.0, 50.0, 70.0])
@pytest.mark.parametrize("text", [DASH * 6, "好" + DASH * 6 + "好", "好" + ELLIPSIS * 4 + "好", "好" + DASH * 5 + "好"])
def test_no_line_ends_inside_a_pair_at_any_level(text: str, width_pt: float, kinsoku: str) -> None:
    lines = _lines(text, kinsoku, width_pt)
    assert _cuts_inside_a_pair(lines) == [], lines
