"""Which characters belong to a Western word the line breaker keeps whole (issue #15).

Written against a mutant ``bench/bench_mutation.py`` found surviving in ``editor/layout/chars.py``
(``not in`` turned to ``in``): letters, digits and in-word punctuation are word characters;
dashes, ellipses, middle dots, Han characters and spaces are not. The characters are listed
here, not read from the module.
"""

from __future__ import annotations

import pytest

from editor.layout.chars import is_word_char


@pytest.mark.parametrize("ch", ["a", "Z", "7", ".", "-", ":", ","])
def test_letters_digits_and_in_word_punctuation_are_word_characters(ch):
    assert is_word_char(ch)


@pytest.mark.parametrize("ch", ["—", "–", "…", "⋯", "·", "‧", "中", "。", " ", "\u3000"])
def test_dashes_ellipses_middle_dots_han_and_spaces_are_not(ch):
    assert not is_word_char(ch)
