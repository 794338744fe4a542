"""字号: the Chinese size names map to Word's points and back, and typed text reads either way."""

from __future__ import annotations

import pytest

from editor.model.font_sizes import CHINESE_SIZES_PT, parse_size, size_label, size_name

#: Word's and WPS's table, written out here rather than read from the module under test.
WORD_TABLE = [
    ("初号", 42), ("小初", 36), ("一号", 26), ("小一", 24), ("二号", 22), ("小二", 18), ("三号", 16),
    ("小三", 15), ("四号", 14), ("小四", 12), ("五号", 10.5), ("小五", 9), ("六号", 7.5), ("小六", 6.5),
    ("七号", 5.5), ("八号", 5),
]


@pytest.mark.parametrize(("name", "points"), WORD_TABLE)
def test_each_chinese_size_name_is_words_size_in_points_and_back(name: str, points: float) -> None:
    assert parse_size(name) == points
    assert size_name(points) == name


def test_the_table_lists_every_name_largest_first() -> None:
    assert list(CHINESE_SIZES_PT.items()) == [(name, float(points)) for name, points in WORD_TABLE]


def test_a_size_with_no_chinese_name_has_none_and_reads_in_points() -> None:
    assert size_name(13.0) is None
    assert size_label(13.0) == "13 磅"
    assert size_label(12.0) == "小四（12 磅）"
    assert size_label(10.5) == "五号（10.5 磅）"


@pytest.mark.parametrize(("typed", "points"), [
    ("12", 12.0), (" 10.5 ", 10.5), ("12 磅", 12.0), ("12pt", 12.0), ("１２", 12.0),
    ("小四（12 磅）", 12.0), ("二号", 22.0), ("13.5", 13.5),
])
def test_typed_sizes_read_as_points_or_names(typed: str, points: float) -> None:
    assert parse_size(typed) == points


@pytest.mark.parametrize("typed", ["", "小七", "大四", "twelve", "12 毫米"])
def test_text_that_is_no_size_reads_as_none(typed: str) -> None:
    assert parse_size(typed) is None
