"""What a story's memo (``editor.layout.engine.StoryMemo``) spares: a paragraph is prepared once
per content and page number, however often the story is flowed (continuation lines flow it twice),
and a line that only moved down keeps its glyphs and is given its new top and baseline.

``prepare_paragraph`` and ``_glyph_runs`` are watched (wrapped, still run) to count the work done;
the result is always compared with a fresh layout."""

from __future__ import annotations

import copy
import dataclasses

import pytest

from editor.layout import engine
from editor.layout.engine import LayoutCache, layout_document
from editor.model import Document, Page, Paragraph, ParagraphStyle, Run, Story, TextFrame, edits

BODY = "正文"


@pytest.fixture
def prepared(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    texts: list[str] = []
    real = engine.prepare_paragraph

    def watched(paragraph, *rest):
        texts.append(paragraph.plain_text())
        return real(paragraph, *rest)

    monkeypatch.setattr(engine, "prepare_paragraph", watched)
    return texts


@pytest.fixture
def set_lines(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int]]:
    lines: list[tuple[int, int]] = []
    real = engine._glyph_runs

    def watched(line, *rest):
        lines.append((line.paragraph_index, line.start))
        return real(line, *rest)

    monkeypatch.setattr(engine, "_glyph_runs", watched)
    return lines


def _doc(texts: list[str], jump_lines: bool = False, height_pt: float = 400.0) -> Document:
    style = ParagraphStyle(name=BODY, size_pt=10.0, leading_pt=16.0, first_line_indent_chars=0.0)
    story = Story(id="s", paragraphs=[Paragraph(style=BODY, runs=[Run(text=t)]) for t in texts],
                  jump_lines=jump_lines)
    a = TextFrame(id="a", story_id="s", x_pt=0.0, y_pt=0.0, width_pt=100.0, height_pt=height_pt, next_frame_id="b")
    b = TextFrame(id="b", story_id="s", x_pt=0.0, y_pt=0.0, width_pt=100.0, height_pt=400.0)
    return Document(paragraph_styles={BODY: style}, stories={"s": story},
                    pages=[Page(id="p1", frames=[a]), Page(id="p2", frames=[b])])


def _pages(layout):
    return [(page.items, page.lines) for page in layout.pages]


def test_paragraphs_of_the_same_text_are_prepared_once(prepared: list[str]) -> None:
    layout_document(_doc(["甲乙", "甲乙", "丙", "甲乙"]), cache=LayoutCache())
    assert sorted(prepared) == ["丙", "甲乙"]


def test_a_story_flowed_again_for_its_continuation_lines_prepares_each_paragraph_once(prepared: list[str]) -> None:
    # Frame a holds 3 lines, 2 beside its 下转 line: both paragraphs start on page 1 either way.
    doc = _doc(["甲" * 10, "乙" * 30], jump_lines=True, height_pt=48.0)
    layout = layout_document(doc, cache=LayoutCache())
    assert [line.jump_text for page in layout.pages for line in page.lines if line.jump_text] == [
        "（下转第2版）", "（上接第1版）"]
    assert prepared == ["甲" * 10, "乙" * 30]


def test_lines_pushed_down_by_a_longer_paragraph_above_keep_their_glyphs_at_their_new_place(
        set_lines: list[tuple[int, int]]) -> None:
    doc = _doc(["甲" * 10, "乙" * 25])
    cache = LayoutCache(tracked=True)
    before = layout_document(doc, cache=cache)
    set_lines.clear()
    story = doc.stories["s"]
    longer = dataclasses.replace(story.paragraphs[0], runs=[Run(text="甲" * 20)])
    for change in edits.set_story(doc, dataclasses.replace(story, paragraphs=[longer, story.paragraphs[1]])):
        change.apply(True)
    after = layout_document(doc, cache=cache)
    assert sorted(set_lines) == [(0, 0), (0, 10)]  # paragraph 1's three lines only moved: not set again
    moved = [line for line in after.pages[0].lines if line.paragraph_index == 1]
    assert [line.top_pt for line in moved] == [32.0, 48.0, 64.0]
    old = [line for line in before.pages[0].lines if line.paragraph_index == 1]
    assert [new.baseline_pt - old_line.baseline_pt for new, old_line in zip(moved, old, strict=True)] == pytest.approx([16.0] * 3)
    runs = [item for item in after.pages[0].items if getattr(item, "paragraph_index", None) == 1]
    assert [run.baseline_pt for run in runs] == [line.baseline_pt for line in moved]
    assert _pages(after) == _pages(layout_document(copy.deepcopy(doc)))


def test_a_second_layout_of_the_same_story_sets_no_line_again(set_lines: list[tuple[int, int]]) -> None:
    doc = _doc(["甲" * 10, "乙" * 25])
    cache = LayoutCache()
    layout_document(doc, cache=cache)
    assert len(set_lines) == 4
    doc.stories["s"].paragraphs[1].runs[0].text = "乙" * 24  # the same lines' places, other text
    layout = layout_document(doc, cache=cache)
    assert sorted(set_lines[4:]) == [(1, 0), (1, 10), (1, 20)]
    assert _pages(layout) == _pages(layout_document(copy.deepcopy(doc)))
