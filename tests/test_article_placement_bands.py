"""Where an imported article goes on a page that is mostly full, and what placing it into a
thread keeps of the thread's story.

``free_band``: the article goes below what the page holds unless less than
``MIN_FREE_SHARE`` of the type area is left; then it is laid over the whole
type area and the user is told it overlaps.
"""

from __future__ import annotations

import pytest

from editor.model import Document, Page, Paragraph, Run, ShapeFrame, Story, TextFrame
from editor.model.article_placement import place_article_in_thread, place_article_on_page
from editor.model.imported_article import BODY_STYLE, ImportedArticle
from tests.docbuilders import apply_changes


def _article(source_name: str = "稿件.docx") -> ImportedArticle:
    return ImportedArticle(source_name=source_name, paragraphs=[
        Paragraph(style=BODY_STYLE, runs=[Run(text="全年安全生产无事故。")])])


def _page_filled_down_to(share: float) -> Document:
    """A plain page whose type area is covered from its top down to ``share`` of its height."""
    doc = Document(pages=[Page(id="p")])
    area_height_pt = doc.page_height_pt - doc.margins.top_pt - doc.margins.bottom_pt
    doc.pages[0].frames.append(ShapeFrame(id="block", shape="box", x_pt=doc.margins.left_pt, y_pt=doc.margins.top_pt,
                                          width_pt=100.0, height_pt=share * area_height_pt))
    return doc


def test_with_a_fifth_of_the_type_area_free_the_article_covers_the_type_area_with_a_note() -> None:
    doc = _page_filled_down_to(0.8)
    placement = place_article_on_page(doc, 0, _article())
    apply_changes(placement.changes)
    text = doc.frame_by_id(placement.frame_ids[0])
    assert (text.x_pt, text.y_pt) == (pytest.approx(doc.margins.left_pt), pytest.approx(doc.margins.top_pt))
    assert text.y_pt + text.height_pt == pytest.approx(doc.page_height_pt - doc.margins.bottom_pt)
    assert placement.notes == ["第 1 页已没有空位，新框放在版心内，与原有内容重叠，请调整。"]


def test_with_half_the_type_area_free_the_article_goes_below_what_the_page_holds() -> None:
    doc = _page_filled_down_to(0.5)
    block = doc.pages[0].frames[0]
    placement = place_article_on_page(doc, 0, _article())
    apply_changes(placement.changes)
    text = doc.frame_by_id(placement.frame_ids[0])
    gutter_pt = 5.0 * 72.0 / 25.4  # a plain page's grid: one column, the default 5 mm gutter
    assert text.y_pt == pytest.approx(block.y_pt + block.height_pt + gutter_pt)
    assert text.y_pt + text.height_pt == pytest.approx(doc.page_height_pt - doc.margins.bottom_pt)
    assert placement.notes == []


def _thread_doc(story: Story) -> Document:
    frame = TextFrame(id="f", story_id=story.id, x_pt=60.0, y_pt=60.0, width_pt=300.0, height_pt=400.0)
    return Document(stories={story.id: story}, pages=[Page(id="p", frames=[frame])])


def test_an_untitled_article_placed_into_a_thread_keeps_the_storys_name_and_jump_lines() -> None:
    doc = _thread_doc(Story(id="s", name="要闻", jump_lines=True,
                            paragraphs=[Paragraph(style=BODY_STYLE, runs=[Run(text="旧稿。")])]))
    apply_changes(place_article_in_thread(doc, "f", _article()).changes)
    story = doc.stories["s"]
    assert (story.name, story.jump_lines) == ("要闻", True)
    assert [p.plain_text() for p in story.paragraphs] == ["全年安全生产无事故。"]


def test_an_untitled_article_into_an_unnamed_story_is_named_for_its_file() -> None:
    doc = _thread_doc(Story(id="s"))
    apply_changes(place_article_in_thread(doc, "f", _article("动员大会.docx")).changes)
    assert (doc.stories["s"].name, doc.stories["s"].jump_lines) == ("动员大会", False)
