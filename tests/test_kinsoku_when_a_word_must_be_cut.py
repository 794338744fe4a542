"""避头尾 where no legal break fits: a number longer than the column is cut where the line is
full, and the cut moves back over what the prohibition level forbids there.

The levels are clreq's (``tests/clreq.py``, ``../shared/notes/layout-facts.md`` §2.1): "gb"
adds solidi to the marks that may not end a line; only "strict" keeps a two-em dash (——)
from starting one.
"""

from __future__ import annotations

import pytest

from editor.layout.engine import layout_document
from editor.model import ParagraphStyle
from tests import clreq
from tests.docbuilders import BODY, line_texts, one_frame_doc

#: 40 pt at 10 pt: about seven digits a line, so the numbers below never fit on one line.
WIDTH_PT = 40.0


def _lines(text: str, kinsoku: str, width_pt: float = WIDTH_PT) -> list[str]:
    style = ParagraphStyle(name=BODY, size_pt=10.0, leading_pt=16.0, first_line_indent_chars=0, kinsoku=kinsoku)
    lines = line_texts(layout_document(one_frame_doc([text], width_pt=width_pt, style=style)))
    assert "".join(lines) == text
    return lines


@pytest.mark.parametrize("solidus", sorted(clreq.SOLIDI))
@pytest.mark.parametrize("kinsoku", ["gb", "strict"])
def test_from_the_gb_level_a_solidus_never_ends_a_cut_line(solidus: str, kinsoku: str) -> None:
    lines = _lines(f"000000{solidus}000000000", kinsoku)
    assert len(lines) >= 2
    assert not any(line.endswith(solidus) for line in lines[:-1]), lines
    assert not any(line.startswith(solidus) for line in lines[1:]), lines


def test_at_the_basic_level_a_cut_line_may_end_with_a_solidus() -> None:
    # clreq "basic" forbids a solidus only at a line start: the full line keeps it.
    assert _lines("000000/000000000", "basic")[0] == "000000/"


@pytest.mark.parametrize("kinsoku", ["basic", "gb"])
def test_below_strict_a_two_em_dash_may_start_the_line_after_a_cut(kinsoku: str) -> None:
    # Five digits fill the line before the dash; below "strict" the dash pair may start the next
    # line, so no digit has to go down with it.
    lines = _lines("00000——00000000", kinsoku)
    assert lines[0] == "00000"
    assert lines[1].startswith("——")


@pytest.mark.parametrize("kinsoku", ["basic", "gb"])
def test_below_strict_two_dash_pairs_too_wide_for_the_column_are_cut_between_the_pairs(kinsoku: str) -> None:
    # ———— (two 2-em dashes, kept together) cannot fit a 3-em column: the cut goes between the
    # pairs, never inside one, and the second pair starts the next line, as it may below "strict".
    assert _lines("————", kinsoku, width_pt=30.0) == ["——", "——"]


def test_at_strict_a_digit_goes_down_with_the_two_em_dash() -> None:
    lines = _lines("00000——00000000", "strict")
    assert not any(line.startswith("—") for line in lines), lines
    assert lines[1].startswith("0——")
