"""Han characters of the newest blocks (CJK Extension H, Unicode 15; Extension I, Unicode 15.1) take
the ¼ em Han–Latin space and break as every other Han character does.

Expected classes come from the Unicode 15.1 block charts (code points written out here), spacing is
counted out at a 10 pt em from clreq (``../shared/notes/layout-facts.md`` §2.5).
"""

from __future__ import annotations

import pytest

from editor.layout import chars as cc
from editor.layout.linebreak import break_line
from editor.layout.textprep import GAP_HAN_LATIN
from tests.prepared_paragraphs import EM, prepared

QUARTER_EM = EM / 4


#: First and last assigned character of each CJK Unified Ideographs extension outside the BMP
#: (Unicode 15.1 block charts) and of the compatibility supplement.
NEW_HAN = [
    (0x2A700, "Extension C, first"), (0x2B739, "Extension C, last"),
    (0x2B740, "Extension D, first"), (0x2B81D, "Extension D, last"),
    (0x2B820, "Extension E, first"), (0x2CEA1, "Extension E, last"),
    (0x2CEB0, "Extension F, first"), (0x2EBE0, "Extension F, last"),
    (0x2EBF0, "Extension I, first (Unicode 15.1)"), (0x2EE5D, "Extension I, last"),
    (0x2F800, "Compatibility Ideographs Supplement, first"), (0x2FA1D, "its last"),
    (0x30000, "Extension G, first"), (0x3134A, "Extension G, last"),
    (0x31350, "Extension H, first (Unicode 15)"), (0x323AF, "Extension H, last"),
]


@pytest.mark.parametrize("code", [code for code, _ in NEW_HAN], ids=[name for _, name in NEW_HAN])
def test_ideographs_of_every_extension_up_to_unicode_15_1_are_han(code: int) -> None:
    assert cc.is_han(chr(code))


@pytest.mark.parametrize("han", ["\U00031350", "\U000323AF", "\U0002EBF0"])
def test_an_extension_h_or_i_ideograph_is_spaced_a_quarter_em_from_latin_letters(han: str) -> None:
    prep = prepared(f"A{han}B")
    assert prep.gap_pt == [QUARTER_EM, QUARTER_EM, 0.0]
    assert prep.gap_class[:2] == [GAP_HAN_LATIN, GAP_HAN_LATIN]


def test_a_line_of_extension_h_ideographs_breaks_between_any_two_of_them() -> None:
    prep = prepared("\U00031350" * 12)
    assert [break_line(prep, start, 50.0) for start in (0, 5, 10)] == [5, 10, 12]
