"""Where each character class of ``editor.layout.chars`` begins and ends (issue 15).

The composer gives the ¼ em Han–Latin space, the em-square width and the unbroken Western word
by these classes, so a range one code point too short or too long misplaces a real character.
The expected classes come from the Unicode block charts (first and last character of each block,
and the character just outside it) and from clreq's tables, written out here by code point.
"""

from __future__ import annotations

import pytest

from editor.layout import chars as cc

#: (code point, is Han for spacing): both ends of each block the composer counts as Han, and the
#: assigned character just outside each end.
HAN_EDGES = [
    (0x4E00, True),  # 一, first CJK Unified Ideograph
    (0x4DFF, False),  # ䷿ hexagram, just before it
    (0x9FFF, True),  # last CJK Unified Ideograph (Unicode 14)
    (0xA000, False),  # ꀀ Yi syllable, just after
    (0x3400, True),  # first of Extension A
    (0x33FF, False),  # ㏿ square gal
    (0x4DBF, True),  # last of Extension A
    (0x4DC0, False),  # ䷀ first hexagram
    (0x20000, True),  # first of Extension B
    (0x1FFFD, False),  # an unassigned plane-1 point (no ideograph)
    (0x2A6DF, True),  # last of Extension B
    (0xF900, True),  # 豈 first compatibility ideograph
    (0xF8FF, False),  # the last private-use point before it
    (0xFA6D, True),  # 舘, a compatibility ideograph near the block's end
    (0xFB00, False),  # ﬀ Latin ligature just after the block
    (0x3041, True),  # ぁ first hiragana
    (0x30FF, True),  # ヿ last katakana
    (0x3038, False),  # 〸 Hangzhou numeral, before the kana blocks
    (0xAC00, True),  # 가 first Hangul syllable
    (0xD7A3, True),  # 힣 last Hangul syllable
    (0xD7B0, False),  # ힰ Hangul Jamo Extended-B, after the syllables
    (0x3007, True),  # 〇 ideographic number zero
    (0x3006, False),  # 〆 ideographic closing mark
    (0x3008, False),  # 〈 left angle bracket
]


@pytest.mark.parametrize(("code", "expected"), HAN_EDGES, ids=[f"U+{c:04X}" for c, _ in HAN_EDGES])
def test_han_ranges_start_and_end_where_their_unicode_blocks_do(code: int, expected: bool) -> None:
    assert cc.is_han(chr(code)) is expected


#: Ambiguous-width symbols Chinese faces set on the em square (GB 2312 row 1, 2, 6, 9): the first
#: character of each block the composer counts, and ambiguous characters outside those blocks.
EM_SQUARE = ["※", "Ⅰ", "←", "①", "─", "▀", "■", "★", "㉈", "⑴", "⒈", "╋", "▓", "◆", "☎", "❶",
             "\u24ff", "\u26ff", "\u324f"]  # ⓿ ⛿ ㉏: the last ambiguous character of their blocks
NOT_EM_SQUARE = ["∀", "°", "é", "Ω", "‰", "“", "…", "—", "·", "a", "中"]


@pytest.mark.parametrize("ch", EM_SQUARE)
def test_ambiguous_symbols_of_the_gb_symbol_blocks_sit_on_the_em_square(ch: str) -> None:
    assert cc.is_em_square_symbol(ch)
    assert cc.is_wide(ch)


@pytest.mark.parametrize("ch", NOT_EM_SQUARE)
def test_letters_units_quotes_dashes_and_math_signs_are_not_em_square_symbols(ch: str) -> None:
    assert not cc.is_em_square_symbol(ch)


@pytest.mark.parametrize(("ch", "wide"), [
    ("中", True), ("。", True),  # East Asian Wide
    ("，", True), ("Ａ", True), ("％", True),  # full-width forms (East Asian Fullwidth)
    ("\u3000", True),  # ideographic space
    ("a", False), ("“", False), ("—", False), ("·", False), (" ", False), ("½", False),
])
def test_wide_characters_are_han_wide_or_fullwidth_forms(ch: str, wide: bool) -> None:
    assert cc.is_wide(ch) is wide


@pytest.mark.parametrize(("ch", "western"), [
    ("a", True), ("Z", True), ("7", True), ("é", True), ("Ω", True),
    ("%", True), ("‰", True), ("℃", True), ("°", True), ("$", True),  # units count with their number
    ("Ａ", False), ("７", False), ("％", False),  # full-width forms sit on the em grid
    ("中", False), ("，", False), (".", False), ("-", False), (" ", False),
])
def test_western_characters_are_narrow_letters_digits_and_units(ch: str, western: bool) -> None:
    assert cc.is_western(ch) is western


@pytest.mark.parametrize(("ch", "in_word"), [
    ("％", True), ("￥", True),  # a full-width unit still stays with its number
    ("\t", False), ("\u00a0", False), ("\n", False), (" ", False),
    ("Ａ", False), ("■", False),
    ("'", True), ("/", True), ("@", True),
])
def test_word_characters_include_every_unit_and_no_space(ch: str, in_word: bool) -> None:
    assert cc.is_word_char(ch) is in_word


@pytest.mark.parametrize(("ch", "expected"), [
    ("Ａ", cc.FLAG_WIDE | cc.FLAG_PLAIN),  # a full-width letter is set like Han, but is not Han
    ("％", cc.FLAG_WIDE | cc.FLAG_WORD),  # a full-width unit joins its number
    ("（", cc.FLAG_WIDE | cc.FLAG_COMPRESSIBLE),
    ("！", cc.FLAG_WIDE | cc.FLAG_COMPRESSIBLE | cc.FLAG_FULL_STOP),
    ("？", cc.FLAG_WIDE | cc.FLAG_COMPRESSIBLE | cc.FLAG_FULL_STOP),
    ("．", cc.FLAG_WIDE | cc.FLAG_COMPRESSIBLE | cc.FLAG_FULL_STOP),
    ("、", cc.FLAG_WIDE | cc.FLAG_COMPRESSIBLE),
    ("■", cc.FLAG_WIDE | cc.FLAG_PLAIN),
    ("\u3000", cc.FLAG_WIDE | cc.FLAG_PLAIN),
    ("é", cc.FLAG_WESTERN | cc.FLAG_WORD),
    ("\t", cc.FLAG_SPACE),
    ("\u00a0", cc.FLAG_SPACE),
    ("\n", 0),
    ("…", 0),
])
def test_flags_of_marks_units_and_spaces_computed_afresh(ch: str, expected: int) -> None:
    fresh = cc._FlagTable()
    assert fresh[ch] == expected
    assert fresh == {ch: expected}


def test_the_flag_table_computes_a_character_once_and_keeps_it() -> None:
    fresh = cc._FlagTable()
    first = fresh["中"]
    fresh["中"] = 0  # what is stored is what later lookups answer
    assert (first, fresh["中"]) == (cc.FLAG_HAN | cc.FLAG_WIDE | cc.FLAG_PLAIN, 0)


@pytest.mark.parametrize("level", ["basic", "gb", "strict", "none"])
def test_a_two_em_dash_start_is_forbidden_only_at_the_strict_level(level: str) -> None:
    assert ("\u2e3a" in cc.no_start_set(level)) is (level == "strict")
    assert ("\u2026" in cc.no_start_set(level)) is (level == "strict")


@pytest.mark.parametrize(("token", "url_like"), [
    ("www.chinalco.com.cn", True),
    ("WWW.EXAMPLE.ORG", True),
    ("dqb@chalco.com.cn", True),
    ("D:\\稿件", True),
    ("docs/readme", True),
    ("http://x", True),
    ("report.PDF", True),
    ("page.htm", True),
    ("a.gov", True),
    ("2021/11/25", False),  # a date: no letter
    ("1.5kg", False),
    ("x.company", False),  # ".com" must end a word
    ("ab@cd", False),  # no dot after the @
    ("e.g.", False),
    ("hello", False),
    ("稿件/二版", False),  # no ASCII letter
])
def test_a_token_reads_as_a_url_only_with_a_letter_and_a_url_shape(token: str, url_like: bool) -> None:
    assert cc.is_url_like(token) is url_like


@pytest.mark.parametrize(("token", "points"), [
    ("ab/cd", [2]),
    ("ab/c", []),  # one letter after the slash: a line never starts with a lone letter
    ("ab/", []),  # nothing after it
    ("ab//cd", [3]),  # between two separators never, after the second one
    ("ab/c1", [2]),  # digits count as letters here
    ("a/bc/de", [1, 4]),
    ("a/b-cd", [3]),  # "/b" is one letter, "-cd" two
    ("ab.-_cd", [4]),
    ("x?a=bc&d=ef", [3, 8]),  # "a" and "d" are one letter each
    ("ab\\cd", [2]),
    ("ab#cd@ef", [2, 5]),
    ("abcd", []),
])
def test_url_break_points_follow_a_separator_that_two_alphanumerics_follow(token: str, points: list[int]) -> None:
    assert cc.url_break_points(token) == points
