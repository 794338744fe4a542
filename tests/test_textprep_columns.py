"""The per-character columns of a prepared paragraph are exactly as long as its text.

``prepare_paragraph`` fills parallel lists that the breaker reads by index and in slices; a
column one short would make the composer drop or misplace a glyph without any error. The
paragraphs below exercise every pass: line separators, —— pairs, adjacent full-width marks,
Han–Latin pairs, word spaces, ASCII quotes, a URL, letter spacing and a character the body
face lacks. The expected lengths are the source texts' own.
"""

from __future__ import annotations

import dataclasses

import pytest

from editor.layout.charformat import FormatResolver
from editor.layout.engine import default_faces
from editor.layout.textprep import PreparedParagraph, prepare_paragraph
from editor.model import ParagraphStyle
from tests.docbuilders import BODY, one_frame_doc

TEXTS = [
    "",
    "中",
    "“这是——一段测试。”他说：“好！”",
    "第一行\n第二行\n",
    "PDF 文件用 Banmian 排版，ISO 9001 认证率达 98.5%。",
    "请访问 http://www.chinalco.com.cn/xwzx/2021/ 或写信至 dqb@chalco.com.cn。",
    "他说 \"hello\" 和 'world'……然后（离开）。",
    "Ǆ𝔘☃ 字体没有的字符",
]

#: Columns that hold one entry per character, and those that hold one more (prefix sums).
PER_CHARACTER = {"formats", "faces", "glyph_ids", "advance_pt", "hscale", "origin_shift_pt", "box_pt", "gap_pt",
                 "gap_class", "end_trim_pt", "shrink_pt", "shrink_level", "blank_side", "break_after",
                 "forced_break_after", "is_space", "offsets", "is_field"}
PREFIX_SUMS = {"prefix_width", "prefix_shrink", "net_prefix"}


def _prepared(text: str, **style_changes) -> PreparedParagraph:
    style = ParagraphStyle(name=BODY, size_pt=10.0, leading_pt=16.0, **style_changes)
    doc = one_frame_doc([text], style=style)
    paragraph = doc.stories["s"].paragraphs[0]
    return prepare_paragraph(paragraph, FormatResolver(doc, default_faces()), doc.issue, 1)


def test_the_columns_named_here_are_all_the_list_fields_of_a_prepared_paragraph():
    lists = {f.name for f in dataclasses.fields(PreparedParagraph) if f.type.startswith("list[")}
    assert lists == PER_CHARACTER | PREFIX_SUMS | {"forced_ends"}


@pytest.mark.parametrize("style_changes", [{}, {"letter_spacing_em": 0.2, "kinsoku": "strict"},
                                           {"kinsoku": "none", "compress_punctuation": False}])
@pytest.mark.parametrize("text", TEXTS)
def test_every_per_character_column_is_as_long_as_the_text(text, style_changes):
    prep = _prepared(text, **style_changes)
    assert prep.text == text
    for name in sorted(PER_CHARACTER):
        assert len(getattr(prep, name)) == len(text), name
    for name in sorted(PREFIX_SUMS):
        assert len(getattr(prep, name)) == len(text) + 1, name
    assert prep.offsets == list(range(len(text)))


def test_a_line_separator_forces_a_break_after_it_but_not_at_the_paragraph_end():
    prep = _prepared("第一行\n第二行\n")
    assert prep.forced_ends == [4]
    assert prep.forced_break_after == [False, False, False, True, False, False, False, False]
