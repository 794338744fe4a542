"""What ``editor.layout.engine.LayoutCache`` composes again and what it reuses, counted by its
``hits`` and ``misses`` on a three-story page, and that what it reuses is what a fresh layout gives."""

from __future__ import annotations

import copy
import dataclasses

from editor.layout.engine import LayoutCache, layout_document, story_areas
from editor.model import Document, Page, Paragraph, ParagraphStyle, Run, Story, TextFrame, edits
from editor.model.changes import set_item

BODY = "正文"


def _doc() -> Document:
    style = ParagraphStyle(name=BODY, size_pt=10.0, leading_pt=16.0, first_line_indent_chars=0.0)
    stories = {name: Story(id=name, paragraphs=[Paragraph(style=BODY, runs=[Run(text=text)])])
               for name, text in (("a", "甲" * 30), ("b", "乙" * 12), ("c", "丙" * 5))}
    frames = [TextFrame(id=f"f{name}", story_id=name, x_pt=20.0, y_pt=40.0 + 100.0 * i, width_pt=100.0,
                        height_pt=64.0) for i, name in enumerate("abc")]
    return Document(paragraph_styles={BODY: style}, stories=stories,
                    pages=[Page(id="p1", frames=frames[:2]), Page(id="p2", frames=frames[2:])])


def _pages(layout):
    return [(page.items, page.lines, page.areas) for page in layout.pages]


def _counts(cache: LayoutCache) -> tuple[int, int]:
    return cache.hits, cache.misses


def test_an_unchanged_document_is_composed_once_and_then_reused_story_by_story() -> None:
    doc = _doc()
    cache = LayoutCache()
    first = layout_document(doc, cache=cache)
    assert _counts(cache) == (0, 3)
    again = layout_document(doc, cache=cache)
    assert _counts(cache) == (3, 3)
    assert _pages(again) == _pages(first) and again.stories == first.stories


def test_a_story_edited_in_place_is_composed_again_alone() -> None:
    doc = _doc()
    cache = LayoutCache()
    layout_document(doc, cache=cache)
    doc.stories["b"].paragraphs[0].runs[0].text = "丁" * 12
    layout = layout_document(doc, cache=cache)
    assert _counts(cache) == (2, 4)
    assert _pages(layout) == _pages(layout_document(copy.deepcopy(doc)))


def test_a_moved_frame_composes_its_story_again() -> None:
    doc = _doc()
    cache = LayoutCache()
    layout_document(doc, cache=cache)
    doc.pages[1].frames[0].x_pt = 60.0
    layout = layout_document(doc, cache=cache)
    assert _counts(cache) == (2, 4)
    assert [line.left_pt for line in layout.pages[1].lines] == [60.0]


def test_a_style_or_swatch_change_composes_every_story_again() -> None:
    doc = _doc()
    cache = LayoutCache()
    layout_document(doc, cache=cache)
    doc.paragraph_styles[BODY].leading_pt = 20.0
    layout = layout_document(doc, cache=cache)
    assert _counts(cache) == (0, 6)
    assert [line.top_pt for line in layout.pages[0].lines if line.story_id == "a"] == [40.0, 60.0, 80.0]
    doc.colors["新"] = "#ff0000"
    layout_document(doc, cache=cache)
    assert _counts(cache) == (0, 9)
    doc.issue.number += 1
    layout_document(doc, cache=cache)
    assert _counts(cache) == (0, 12)


def test_invalidate_forgets_every_story() -> None:
    doc = _doc()
    cache = LayoutCache()
    layout_document(doc, cache=cache)
    cache.invalidate()
    layout_document(doc, cache=cache)
    assert _counts(cache) == (0, 6)


def test_a_removed_story_is_forgotten_and_its_page_no_longer_shows_it() -> None:
    doc = _doc()
    cache = LayoutCache()
    layout_document(doc, cache=cache)
    del doc.stories["c"]
    doc.pages[1].frames = []
    layout = layout_document(doc, cache=cache)
    assert layout.pages[1].lines == [] and layout.pages[1].items == []
    assert cache.last_composition("c") is None
    assert _pages(layout) == _pages(layout_document(copy.deepcopy(doc)))


def test_the_last_composition_is_the_storys_areas_and_a_memo_of_its_own() -> None:
    doc = _doc()
    cache = LayoutCache()
    layout_document(doc, cache=cache)
    assert cache.last_composition("z") is None
    areas, memo = cache.last_composition("b")
    assert areas == story_areas(doc)["b"]
    assert [(area.frame_id, area.page_index) for area in areas] == [("fb", 0)]
    _, other = cache.last_composition("b")
    assert other is not memo


def _typed(doc: Document, story_id: str, text: str) -> list:
    story = doc.stories[story_id]
    paragraph = story.paragraphs[0]
    runs = [dataclasses.replace(paragraph.runs[0], text=text)]
    return edits.set_story(doc, dataclasses.replace(story, paragraphs=[dataclasses.replace(paragraph, runs=runs)]))


def test_the_tracked_cache_composes_only_the_typed_story_and_keeps_the_pages_it_does_not_reach() -> None:
    doc = _doc()
    cache = LayoutCache(tracked=True)
    before = layout_document(doc, cache=cache)
    assert _counts(cache) == (0, 3)
    unchanged = layout_document(doc, cache=cache)
    assert _counts(cache) == (3, 3)
    assert all(new is old for new, old in zip(unchanged.pages, before.pages, strict=True))
    for change in _typed(doc, "c", "戊" * 7):
        change.apply(True)
    after = layout_document(doc, cache=cache)
    assert _counts(cache) == (5, 4)
    assert after.pages[0] is before.pages[0] and after.pages[1] is not before.pages[1]
    assert _pages(after) == _pages(layout_document(copy.deepcopy(doc)))


def test_the_tracked_cache_builds_again_the_page_of_a_moved_frame_only() -> None:
    doc = _doc()
    cache = LayoutCache(tracked=True)
    before = layout_document(doc, cache=cache)
    for change in edits.move_frames(doc, {"fc": (10.0, 0.0)}):
        change.apply(True)
    after = layout_document(doc, cache=cache)
    assert _counts(cache) == (2, 4)
    assert after.pages[0] is before.pages[0]
    assert [line.left_pt for line in after.pages[1].lines] == [30.0]
    assert _pages(after) == _pages(layout_document(copy.deepcopy(doc)))


def test_the_tracked_cache_composes_everything_again_after_a_swatch_change() -> None:
    doc = _doc()
    cache = LayoutCache(tracked=True)
    layout_document(doc, cache=cache)
    set_item(doc.colors, "红", "#ff0000").apply(True)
    layout_document(doc, cache=cache)
    assert _counts(cache) == (0, 6)


def test_the_tracked_cache_builds_every_page_again_when_the_photo_measure_changes() -> None:
    from editor.layout.display import ImageItem, Rect
    from editor.model import ImageFrame

    doc = _doc()
    doc.assets = {"a.jpg": b"jpeg"}
    doc.pages[1].frames.append(ImageFrame(id="img", x_pt=0.0, y_pt=300.0, width_pt=100.0, height_pt=100.0,
                                          asset="a.jpg", fit="fit"))
    cache = LayoutCache(tracked=True)
    square = layout_document(doc, measure_photo=lambda name, data: (50, 50, None), cache=cache)
    wide = layout_document(doc, measure_photo=lambda name, data: (100, 50, None), cache=cache)
    images = [[item.image_rect for item in layout.pages[1].items if isinstance(item, ImageItem)]
              for layout in (square, wide)]
    assert images == [[Rect(0.0, 300.0, 100.0, 100.0)], [Rect(0.0, 325.0, 100.0, 50.0)]]
