"""``editor.model.find_fields``: which field values a search that found no text matches.

Pure tests on the sample's issue (刊名 中铝股份党群工作, 2021年第28期, 5 pages): the
search options apply to field values as they do to text (全半角, 区分大小写,
正则表达式), and page fields are matched with each page's own number.
"""

from __future__ import annotations

import dataclasses

import pytest

from editor.model.find_fields import FieldMatch, fields_showing
from editor.model.find_replace import SearchError, SearchOptions


def test_full_width_digits_match_the_year_unless_widths_count(doc):
    assert fields_showing(doc, SearchOptions("２０２１年第")) == FieldMatch("2021年第", ("year",))
    assert fields_showing(doc, SearchOptions("２０２１年第", match_width=True)) is None


def test_case_counts_only_when_asked(doc):
    doc.issue = dataclasses.replace(doc.issue, publisher="CHALCO 党群工作部")
    assert fields_showing(doc, SearchOptions("chalco")) == FieldMatch("CHALCO", ("publisher",))
    assert fields_showing(doc, SearchOptions("chalco", match_case=True)) is None


def test_a_regular_expression_matches_across_a_field_and_the_text_beside_it(doc):
    found = fields_showing(doc, SearchOptions(r"第\d+期", regex=True))
    assert found == FieldMatch("第28期", ("number", "total_number"))  # 第28期 and 总第28期 in the masthead


def test_the_last_pages_folio_is_found_with_that_pages_number(doc):
    assert len(doc.pages) == 5
    assert fields_showing(doc, SearchOptions("— 5 —")) == FieldMatch("— 5 —", ("page",))
    assert fields_showing(doc, SearchOptions("— 6 —")) is None


def test_text_of_a_story_alone_is_no_field_match(doc):
    assert fields_showing(doc, SearchOptions("年第")) is None  # the masthead's own text between two fields
    assert fields_showing(doc, SearchOptions("")) is None


def test_a_bad_regular_expression_raises_the_chinese_search_error(doc):
    with pytest.raises(SearchError):
        fields_showing(doc, SearchOptions("(", regex=True))
