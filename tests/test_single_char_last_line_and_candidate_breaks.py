"""The paragraph breaker's single-character last line rule, and the earlier breaks it may pick.

GB/T 15834 §5.1.11 lets a publication avoid a last line of one character; the style's
``avoid_single_char_last_line`` says whether this one does. When it does, the breaker ends an
earlier line sooner, but only at a legal break (clreq: 。 never starts a line). The expected lines
are counted out here in 10 pt characters on a 200 pt (20 em) line.
"""

from __future__ import annotations

from editor.model import ParagraphStyle
from tests.docbuilders import BODY, compose, line_texts, one_frame_doc

HAN = "党群工作部中铝股份宣传思想大格局建设世界一流企业新发展理念"
LINE_EM = 20


def _lines(text: str, avoid: bool) -> list[str]:
    style = ParagraphStyle(name=BODY, size_pt=10.0, leading_pt=16.0, first_line_indent_chars=0,
                           avoid_single_char_last_line=avoid)
    return line_texts(compose(one_frame_doc([text], width_pt=10.0 * LINE_EM, style=style)))


def test_with_the_rule_off_a_single_character_last_line_is_kept() -> None:
    text = HAN[:LINE_EM + 1]
    assert _lines(text, avoid=False) == [HAN[:LINE_EM], HAN[LINE_EM]]


def test_with_the_rule_on_a_character_is_brought_down_to_keep_it_company() -> None:
    text = HAN[:LINE_EM + 1]
    assert _lines(text, avoid=True) == [HAN[:LINE_EM - 1], HAN[LINE_EM - 1:LINE_EM + 1]]


def test_a_line_forced_by_a_line_separator_may_hold_one_character() -> None:
    # "中", a line separator, then five characters: the one-character line is not the last.
    assert _lines("中\n" + HAN[:5], avoid=False) == ["中", HAN[:5]]


def test_avoiding_a_single_character_last_line_never_starts_a_line_with_a_full_stop() -> None:
    # 19 Han + 。 fill the line; 界 alone would be the last line. Ending the first line before 。
    # would start the next with 。, so the first line ends one character earlier still.
    text = HAN[:19] + "。" + HAN[19]
    assert _lines(text, avoid=True) == [HAN[:18], HAN[18] + "。" + HAN[19]]


def test_the_paragraph_breaker_never_starts_a_line_with_a_word_space() -> None:
    # A justified paragraph 20.5 em wide, so that lines stretch and the paragraph-wide search
    # weighs earlier breaks: a line may end after the space before "Banmian", never before it.
    text = ("铝理新宣股设中铝流设部作工、企新理企设想“念ISO 9001世思理展股大一份流世部 Banmian "
            "作工中传”一设建流新流流铝党群发思")
    style = ParagraphStyle(name=BODY, size_pt=10.0, leading_pt=16.0, first_line_indent_chars=0)
    lines = line_texts(compose(one_frame_doc([text], width_pt=205.0, style=style)))
    assert len(lines) >= 3
    assert [line for line in lines if line[:1].isspace()] == []
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
