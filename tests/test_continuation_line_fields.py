"""A continuation line (「（下转第N版）」) belongs to no paragraph: its line box and glyphs carry an
empty story id and paragraph index -1 (``display.LineBox.jump_text``), so no caret or edit reaches it."""

from __future__ import annotations

from editor.layout.display import GlyphRun
from editor.layout.engine import layout_document
from editor.layout.jumps import body_style_name
from editor.model import Story
from tests.test_jump_lines import threaded_doc


def test_continuation_lines_carry_no_story_and_paragraph_minus_one() -> None:
    layout = layout_document(threaded_doc())
    jumps = [line for page in layout.pages for line in page.lines if line.jump_text]
    assert sorted(line.jump_text for line in jumps) == ["（上接第1版）", "（下转第3版）"]
    assert {(line.story_id, line.paragraph_index) for line in jumps} == {("", -1)}
    runs = [item for page in layout.pages for item in page.items
            if isinstance(item, GlyphRun) and item.text in ("（下转第3版）", "（上接第1版）")]
    assert len(runs) == 2
    assert {(run.story_id, run.paragraph_index) for run in runs} == {("", -1)}


def test_a_story_with_no_paragraphs_has_no_body_style() -> None:
    assert body_style_name(Story(id="empty", paragraphs=[])) == ""
