"""A preedit composed provisionally (``editor.layout.provisional``) shows the pages the layout
will show once the text is committed: same page sizes, the story's runs and lines where the
committed layout puts them, every other item kept as it was, and only the story's pages new."""

from __future__ import annotations

import copy

from editor.layout.display import GlyphRun
from editor.layout.engine import LayoutCache, layout_document
from editor.layout.provisional import compose_provisional
from editor.model import Document, Page, Paragraph, ParagraphStyle, Run, ShapeFrame, Story, TextFrame

BODY = "正文"
#: 10 pt text, 16 pt leading, frames 100 pt wide: 10 characters a line, 3 lines a frame (48 pt).
STYLE = ParagraphStyle(name=BODY, size_pt=10.0, leading_pt=16.0, first_line_indent_chars=0)


def _frame(frame_id: str, story_id: str, x_pt: float, next_id: str | None = None) -> TextFrame:
    return TextFrame(id=frame_id, story_id=story_id, x_pt=x_pt, y_pt=50.0, width_pt=100.0, height_pt=48.0,
                     next_frame_id=next_id)


def _doc(text: str) -> Document:
    """Story "s" threads from page 1 to page 2 (page 2 also holds story "t"); page 3 holds only "u"."""
    stories = {"s": Story(id="s", paragraphs=[Paragraph(style=BODY, runs=[Run(text=text)])]),
               "t": Story(id="t", paragraphs=[Paragraph(style=BODY, runs=[Run(text="另一篇文章")])]),
               "u": Story(id="u", paragraphs=[Paragraph(style=BODY, runs=[Run(text="第三页")])])}
    rule = ShapeFrame(id="r", shape="rule", x_pt=0.0, y_pt=10.0, width_pt=300.0, height_pt=0.0)
    return Document(paragraph_styles={BODY: STYLE}, stories=stories, page_width_pt=400.0, page_height_pt=300.0,
                    pages=[Page(id="p1", frames=[rule, _frame("a", "s", 20.0, "b")]),
                           Page(id="p2", frames=[_frame("b", "s", 20.0), _frame("c", "t", 200.0)]),
                           Page(id="p3", frames=[_frame("d", "u", 20.0)])])


def _provisional(before: str, after: str):
    doc = _doc(before)
    cache = LayoutCache()
    layout = layout_document(doc, cache=cache)
    found = cache.last_composition("s")
    assert found is not None
    areas, memo = found
    story = copy.deepcopy(doc.stories["s"])
    story.paragraphs[0].runs[0].text = after
    return layout, compose_provisional(layout, story, areas, memo), layout_document(_doc(after))


def _summary(page):
    """Each item as (kind, text or None, xs, baseline), lines as (story, start, end, top), both
    sorted: runs new on a page follow its other items (the commit may draw them earlier)."""
    items = sorted([(type(item).__name__, getattr(item, "text", None), getattr(item, "x_pt", None),
              getattr(item, "baseline_pt", None)) for item in page.items], key=repr)
    lines = sorted((line.story_id, line.start_offset, line.end_offset, line.top_pt) for line in page.lines)
    return items, lines


def test_text_growing_onto_the_next_page_is_shown_there_as_the_commit_will_show_it() -> None:
    layout, provisional, committed = _provisional("甲" * 25, "甲" * 25 + "中国" * 5)
    assert provisional.changed == [0, 1]
    assert [page.index for page in provisional.changed_pages()] == [0, 1]
    for index in range(3):
        page, expected = provisional.pages[index], committed.pages[index]
        assert (page.index, page.width_pt, page.height_pt) == (index, 400.0, 300.0)
        assert _summary(page) == _summary(expected)
        assert page.areas == expected.areas
    assert provisional.pages[2] is layout.pages[2]  # a page without the story is the layout's own


def test_text_shrinking_to_one_page_leaves_the_next_page_without_the_storys_runs() -> None:
    layout, provisional, committed = _provisional("甲" * 40, "甲" * 12)
    assert provisional.changed == [0, 1]
    page_two = provisional.pages[1]
    assert [item.story_id for item in page_two.items if isinstance(item, GlyphRun)] == ["t"]
    assert [line.story_id for line in page_two.lines] == ["t"]
    for index in range(3):
        assert _summary(provisional.pages[index]) == _summary(committed.pages[index])


def test_the_storys_runs_take_the_place_of_its_old_runs_among_the_pages_items() -> None:
    layout, provisional, _ = _provisional("甲" * 5, "乙" * 5)
    kinds = [(type(item).__name__, getattr(item, "story_id", None)) for item in provisional.pages[0].items]
    assert kinds == [("RuleItem", None), ("GlyphRun", "s")]
    grown = _provisional("甲" * 35, "甲" * 45)[1].pages[1].items  # page 2 had "t" and the story's last 5
    assert [item.story_id for item in grown if isinstance(item, GlyphRun)] == ["s", "s", "t"]  # one run a line
    assert provisional.changed == [0]
    assert provisional.pages[1] is layout.pages[1] and provisional.pages[2] is layout.pages[2]
    assert "".join(item.text for item in provisional.pages[0].items if isinstance(item, GlyphRun)) == "乙" * 5


def _provisional_of(doc: Document, story_id: str, text: str):
    cache = LayoutCache()
    layout = layout_document(doc, cache=cache)
    areas, memo = cache.last_composition(story_id)
    story = copy.deepcopy(doc.stories[story_id])
    story.paragraphs[0].runs[0].text = text
    return layout, compose_provisional(layout, story, areas, memo)


def test_a_storys_continuation_lines_are_kept_once_while_its_text_is_composed_again() -> None:
    doc = _doc("甲" * 35)
    doc.stories["s"].jump_lines = True
    layout, provisional = _provisional_of(doc, "s", "乙" * 35)
    for index in (0, 1):
        before = [item.text for item in layout.pages[index].items if isinstance(item, GlyphRun) and not item.story_id]
        after = [item.text for item in provisional.pages[index].items
                 if isinstance(item, GlyphRun) and not item.story_id]
        assert after == before and len(after) == 1
        assert [line.jump_text for line in provisional.pages[index].lines if line.jump_text] == \
            [line.jump_text for line in layout.pages[index].lines if line.jump_text]
    assert [item.text for item in provisional.pages[0].items if isinstance(item, GlyphRun) and item.story_id] == \
        ["乙" * 10, "乙" * 10]


def test_a_caption_is_composed_provisionally_in_its_caption_box() -> None:
    from editor.model import ImageFrame
    from editor.model.frames import Caption

    doc = _doc("甲")
    doc.stories["cap"] = Story(id="cap", paragraphs=[Paragraph(style=BODY, runs=[Run(text="图注")])])
    doc.pages[2].frames.append(ImageFrame(id="img", x_pt=200.0, y_pt=50.0, width_pt=100.0, height_pt=60.0,
                                          caption=Caption(story_id="cap", placement="below", gap_pt=4.0,
                                                          extent_pt=20.0)))
    layout, provisional = _provisional_of(doc, "cap", "新的图注")
    assert provisional.changed == [2]
    runs = [item for item in provisional.pages[2].items if isinstance(item, GlyphRun) and item.story_id == "cap"]
    assert [(run.text, run.x_pt[0]) for run in runs] == [("新的图注", 200.0)]
    line, = [line for line in provisional.pages[2].lines if line.story_id == "cap"]
    assert (line.frame_id, line.top_pt, line.left_pt, line.right_pt) == ("img", 114.0, 200.0, 300.0)
