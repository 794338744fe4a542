"""Which colours count as black for the printing plates (``editor.layout.inks``).

Expected values are the textbook conversion worked by hand: K = 1 − max(r, g, b), and each
of C, M, Y = (1 − channel − K) / (1 − K).
"""

from __future__ import annotations

import pytest

from editor.layout.inks import HUED_BLACK_K, NEUTRAL_BLACK_K, PURE_BLACK, is_pure_black, is_rich_black, naive_cmyk


def _grey(level: int) -> tuple[float, float, float]:
    return (level / 255, level / 255, level / 255)


def test_only_zero_in_every_channel_is_pure_black() -> None:
    assert PURE_BLACK == (0.0, 0.0, 0.0)
    assert is_pure_black((0.0, 0.0, 0.0))
    for color in [(1 / 255, 0.0, 0.0), (0.0, 1 / 255, 0.0), (0.0, 0.0, 1 / 255), (1.0, 1.0, 1.0)]:
        assert not is_pure_black(color)


def test_black_converts_to_k_alone() -> None:
    assert naive_cmyk((0.0, 0.0, 0.0)) == (0.0, 0.0, 0.0, 1.0)


def test_white_and_greys_have_no_colour_inks() -> None:
    assert naive_cmyk((1.0, 1.0, 1.0)) == pytest.approx((0.0, 0.0, 0.0, 0.0))
    assert naive_cmyk((0.2, 0.2, 0.2)) == pytest.approx((0.0, 0.0, 0.0, 0.8))


def test_a_colour_converts_by_its_brightest_channel() -> None:
    # (0.5, 0.25, 0): K = 0.5; C = (1 − 0.5 − 0.5)/0.5 = 0, M = (1 − 0.25 − 0.5)/0.5 = 0.5, Y = 1.
    assert naive_cmyk((0.5, 0.25, 0.0)) == pytest.approx((0.0, 0.5, 1.0, 0.5))
    # (0.1, 0.2, 0.05): K = 0.8; C = 0.1/0.2 = 0.5, M = 0, Y = 0.15/0.2 = 0.75.
    assert naive_cmyk((0.1, 0.2, 0.05)) == pytest.approx((0.5, 0.0, 0.75, 0.8))


def test_pure_black_is_not_rich_black() -> None:
    assert not is_rich_black((0.0, 0.0, 0.0))


def test_a_grey_is_rich_black_from_0_85_k_down() -> None:
    assert NEUTRAL_BLACK_K == 0.85
    assert is_rich_black(_grey(0x26))  # K = 1 − 38/255 ≈ 0.851
    assert not is_rich_black(_grey(0x27))  # K ≈ 0.847
    assert not is_rich_black(_grey(0x33))  # the sample's 深灰: K = 0.8, a grey
    assert is_rich_black((0.15, 0.15, 0.15))  # K = 0.85 exactly
    assert not is_rich_black((0.1501, 0.1501, 0.1501))


def test_a_hued_colour_is_rich_black_from_0_8_k_down() -> None:
    assert HUED_BLACK_K == 0.8
    assert is_rich_black((0.2, 0.0, 0.0))  # K = 0.8 exactly, with magenta and yellow
    assert is_rich_black((0.1, 0.12, 0.05))  # K = 0.88
    assert not is_rich_black((0.21, 0.0, 0.0))  # K = 0.79
    assert not is_rich_black((0.2, 0.15, 0.5))  # K = 0.5


def test_the_faintest_hue_counts_as_a_hue() -> None:
    # K = 1 − 0.18 = 0.82: black enough with a hue (≥ 0.8), not as a grey (< 0.85).
    assert is_rich_black((0.18, 0.18 - 1 / 255, 0.18))
    assert not is_rich_black((0.18, 0.18, 0.18))
