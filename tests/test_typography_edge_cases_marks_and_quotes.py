"""The katakana middle dot ・ is an interpunct, not Han (clreq's interpunct table; GB/T 15834 §5.1.7);
curly quotes set on the em square are Chinese quotation marks, not letters of a Western word, while
an apostrophe and quotes set narrow by a Western face stay with their word.

Expected values are counted out at a 10 pt em from clreq (``../shared/notes/layout-facts.md`` §2).
"""

from __future__ import annotations

import pytest

from editor.layout import chars as cc
from editor.layout.linebreak import break_line
from editor.layout.textprep import GAP_HAN_LATIN, GAP_NONE, GAP_NORMAL
from tests.prepared_paragraphs import EM, prepared

QUARTER_EM = EM / 4


def test_the_katakana_middle_dot_is_an_interpunct_not_han() -> None:
    assert not cc.is_han("\u30fb")
    assert "\u30fb" in cc.no_start_set("basic")


def test_no_han_latin_space_is_put_between_a_letter_and_a_middle_dot() -> None:
    # 约翰・F・肯尼迪: F stands between two interpuncts, so nothing is spaced; 翰F would be.
    prep = prepared("约翰\u30fbF\u30fb肯尼迪")
    assert prep.gap_pt[1:5] == [0.0, 0.0, 0.0, 0.0]
    assert GAP_HAN_LATIN not in prep.gap_class
    assert prepared("翰F").gap_pt == [QUARTER_EM, 0.0]


def test_a_middle_dot_never_starts_a_line() -> None:
    # 约翰・肯尼迪 in a 2-em column: 约翰 would leave ・ to start the next line, so 翰 goes down with it.
    prep = prepared("约翰\u30fb肯尼迪")
    ends = []
    start = 0
    while start < len(prep):
        start = break_line(prep, start, 20.0)
        ends.append(start)
    assert ends == [1, 3, 5, 6]  # 约 / 翰・ / 肯尼 / 迪


def test_a_line_may_break_between_two_quotations() -> None:
    # 甲乙丙丁“戊”“己庚”: 40 + “ 10 + 戊 10 + ” 5 (its blank half meets the “) = 65 pt fit in 70;
    # the break falls between ” and “ (a closing mark may end a line, an opening one start it).
    prep = prepared("甲乙丙丁\u201c戊\u201d\u201c己庚\u201d")
    assert prep.break_after[6] is True
    assert break_line(prep, 0, 70.0) == 7


@pytest.mark.parametrize("quote_at", [1, 4])
def test_a_full_width_quote_next_to_a_latin_word_is_chinese_punctuation(quote_at: int) -> None:
    # 中“AB”中: the quotes are set on the em square, as （ ） are; justification may spread the gap
    # inside them as it spreads （AB）, and 避头尾 alone keeps them with the word.
    prep = prepared("中\u201cAB\u201d中")
    assert prep.advance_pt[quote_at] == EM
    assert prep.gap_class == [GAP_NORMAL, GAP_NORMAL, GAP_NONE, GAP_NORMAL, GAP_NORMAL, GAP_NORMAL]
    assert prep.break_after == [True, False, False, False, True, False]


def test_a_quoted_english_word_is_never_broken_from_its_quotes() -> None:
    prep = prepared("He said \u201cHello\u201d to me.")
    opening, closing = prep.text.index("\u201c"), prep.text.index("\u201d")
    assert prep.break_after[opening] is False  # never “ / Hello
    assert prep.break_after[closing - 1] is False  # never Hello / ”
    assert prep.break_after[opening - 1] is True  # after the space before the quotation


@pytest.mark.parametrize("kinsoku", ["none", "basic"])
def test_an_apostrophe_between_letters_keeps_the_word_whole(kinsoku: str) -> None:
    prep = prepared("don\u2019t", kinsoku=kinsoku)
    assert prep.break_after == [False, False, False, False, False]
    assert prep.gap_class[2:4] == [GAP_NONE, GAP_NONE]


def test_quotes_set_narrow_by_a_western_face_stay_with_their_word(monkeypatch) -> None:
    # The same quotes in a face that sets them proportionally (0.43 em, as Latin faces do) are
    # Western punctuation: “Hello” is one word, never broken or spread inside, even with no 避头尾.
    face = prepared("中").faces[0]
    for quote in "\u201c\u201d":
        glyph_id, _ = face.glyphs[quote]
        monkeypatch.setitem(face.glyphs, quote, (glyph_id, 0.43))
    prep = prepared("\u201cHello\u201d world", kinsoku="none")
    assert prep.advance_pt[0] == pytest.approx(4.3)
    assert prep.break_after[:8] == [False] * 7 + [True]  # only after the space that follows ”
    assert prep.gap_class[:6] == [GAP_NONE] * 6
