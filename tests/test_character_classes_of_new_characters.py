"""The classes the composer reads for a character (``chars.CHAR_FLAGS``) are computed the first
time it meets the character: here they are computed afresh, for characters whose class the
Unicode blocks and clreq's tables settle (expected bits written out, not read from the code)."""

from __future__ import annotations

import pytest

from editor.layout import chars as cc


@pytest.mark.parametrize(
    ("ch", "expected"),
    [
        ("中", cc.FLAG_HAN | cc.FLAG_WIDE | cc.FLAG_PLAIN),  # CJK Unified Ideographs
        ("㐀", cc.FLAG_HAN | cc.FLAG_WIDE | cc.FLAG_PLAIN),  # Extension A
        ("𠀀", cc.FLAG_HAN | cc.FLAG_WIDE | cc.FLAG_PLAIN),  # Extension B
        ("〇", cc.FLAG_HAN | cc.FLAG_WIDE | cc.FLAG_PLAIN),  # the ideographic zero
        ("あ", cc.FLAG_HAN | cc.FLAG_WIDE | cc.FLAG_PLAIN),  # kana count as Han for spacing
        ("〓", cc.FLAG_WIDE | cc.FLAG_PLAIN),  # the geta mark: wide, no role, not Han
        ("a", cc.FLAG_WESTERN | cc.FLAG_WORD),
        ("7", cc.FLAG_WESTERN | cc.FLAG_WORD),
        ("%", cc.FLAG_WESTERN | cc.FLAG_WORD),  # a number unit stays with its number
        ("，", cc.FLAG_WIDE | cc.FLAG_COMPRESSIBLE),
        ("。", cc.FLAG_WIDE | cc.FLAG_COMPRESSIBLE | cc.FLAG_FULL_STOP),
        (" ", cc.FLAG_SPACE),
        ("—", 0),  # a dash joins no word and is not wide
    ],
)
def test_a_characters_classes_computed_afresh(ch: str, expected: int) -> None:
    fresh = cc._FlagTable()  # not the shared table, which other tests may have filled already
    assert fresh[ch] == expected
    assert ch in fresh
