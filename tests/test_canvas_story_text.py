"""Story edits and caret geometry behind in-place editing (pure: no screen)."""

from __future__ import annotations

import pytest

from editor.layout.engine import layout_document
from editor.model import Paragraph, Run, Story
from editor.ui.canvas import story_text as st
from editor.ui.canvas.text_geometry import StoryGeometry
from tests.docbuilders import one_frame_doc


def _story() -> Story:
    return Story(id="s", paragraphs=[
        Paragraph(style="正文", runs=[Run(text="第", char_style="强调"), Run(field="number"), Run(text="期")]),
        Paragraph(style="标题", runs=[Run(text="党建")]),
    ])


def _texts(story: Story) -> list[str]:
    return [st.paragraph_text(p) for p in story.paragraphs]


def test_a_field_counts_as_one_offset_and_is_never_split():
    story = _story()
    assert st.paragraph_length(story.paragraphs[0]) == 3
    new, caret = st.insert_text(story, (0, 2), "二")
    assert _texts(new) == ["第\ufffc二期", "党建"] and caret == (0, 3)
    assert new.paragraphs[0].runs[1].field == "number"
    assert _texts(story) == ["第\ufffc期", "党建"]  # the old story (held by undo) is untouched


def test_typed_text_takes_the_character_style_before_it():
    new, _ = st.insert_text(_story(), (0, 1), "十")
    assert new.paragraphs[0].runs[0] == Run(text="第十", char_style="强调")


def test_deleting_across_paragraphs_joins_them_in_the_first_ones_style():
    new, caret = st.delete_range(_story(), (1, 1), (0, 2))
    assert _texts(new) == ["第\ufffc建"] and caret == (0, 2)
    assert new.paragraphs[0].style == "正文"


def test_enter_splits_with_the_same_style_and_backspace_joins_back():
    story = _story()
    split, caret = st.split_paragraph(story, (1, 1))
    assert _texts(split) == ["第\ufffc期", "党", "建"] and [p.style for p in split.paragraphs][1:] == ["标题", "标题"]
    joined, _ = st.delete_range(split, st.previous_position(split, caret), caret)
    assert joined == story


def test_paste_makes_paragraphs_and_line_breaks():
    new, caret = st.insert_plain_text(Story(id="s"), (0, 0), "一\r\n二\u2028三")
    assert _texts(new) == ["一", "二\n三"] and caret == (1, 3)
    assert st.text_between(new, (0, 0), st.end_of(new)) == "一\n二\u2028三"


def test_positions_step_over_paragraph_ends():
    story = _story()
    assert st.next_position(story, (0, 3)) == (1, 0)
    assert st.previous_position(story, (1, 0)) == (0, 3)
    assert st.next_position(story, (1, 2)) == (1, 2)
    assert st.clamp(story, (9, 9)) == (1, 2)


def test_caret_sits_on_glyph_boxes_and_a_click_finds_the_position_again():
    doc = one_frame_doc(["一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十", "短段"], width_pt=120.0)
    layout = layout_document(doc)
    geometry = StoryGeometry(layout, "s")
    lines = [ln for ln in layout.pages[0].lines if ln.story_id == "s"]
    assert len(lines) >= 3
    for para, offset in [(0, 0), (0, 5), (0, lines[1].start_offset), (1, 1), (1, 2)]:
        caret = geometry.caret((para, offset))
        assert caret is not None
        assert geometry.hit(caret.page_index, caret.x_pt + 0.1, caret.baseline_pt - 2) == (para, offset)
    first = geometry.caret((0, 0))
    assert first.x_pt == pytest.approx(lines[0].left_pt)


def test_up_and_down_keep_the_column_and_walk_the_story():
    doc = one_frame_doc(["一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十"], width_pt=120.0)
    geometry = StoryGeometry(layout_document(doc), "s")
    below = geometry.vertical((0, 2), 1, None)
    assert below is not None and below[1] > 2
    assert geometry.caret(below).x_pt == pytest.approx(geometry.caret((0, 2)).x_pt, abs=6)
    assert geometry.vertical(below, -1, geometry.caret((0, 2)).x_pt) == (0, 2)
    assert geometry.vertical((0, 0), -1, None) is None


def test_an_empty_paragraph_has_a_caret_and_selection_covers_lines():
    doc = one_frame_doc(["甲乙", "", "丙"])
    geometry = StoryGeometry(layout_document(doc), "s")
    empty, before = geometry.caret((1, 0)), geometry.caret((0, 0))
    assert empty.page_index == 0 and empty.x_pt == pytest.approx(before.x_pt)  # at the line's start
    assert empty.baseline_pt > before.baseline_pt  # on a line of its own, below the first
    rects = geometry.selection_rects((0, 1), (2, 1))
    assert len(rects) == 3
