"""The recovery summary tells two empty unnamed stories on one page apart, as 属性 does:
the second one drawn on 第 4 页 is 未命名文章（第 4 页，2） there too, not a second 未命名文章（第 4 页）."""

from __future__ import annotations

import dataclasses

from editor import SAMPLE_PROJECT
from editor.io.project import document_json_bytes, load_project
from editor.io.recovery import summarize
from editor.model import Caption, Document, ImageFrame, Paragraph, Run, Story, TextFrame

PAGE_4 = 3  # 0-based index of the sample's page 4


def _add_empty_text_frame(doc: Document, story_id: str, x_pt: float) -> None:
    """An empty text frame on page 4 with its new, unnamed story (made after all others)."""
    doc.stories[story_id] = Story(id=story_id, paragraphs=[Paragraph(style="正文")])
    doc.pages[PAGE_4].frames.append(TextFrame(id=f"frame-{story_id}", story_id=story_id, x_pt=x_pt, y_pt=600,
                                              width_pt=80, height_pt=80))


def _add_empty_caption(doc: Document, story_id: str, x_pt: float) -> None:
    doc.stories[story_id] = Story(id=story_id, paragraphs=[Paragraph(style="图注")])
    doc.pages[PAGE_4].frames.append(ImageFrame(id=f"pic-{story_id}", x_pt=x_pt, y_pt=100, width_pt=80,
                                               height_pt=60, caption=Caption(story_id=story_id)))


def _summary(edited: Document, max_names: int = 3) -> str:
    """The recovery summary of ``edited`` against the sample as saved."""
    return summarize(document_json_bytes(edited), document_json_bytes(load_project(SAMPLE_PROJECT)), max_names)


def _two_empty_frames_on_page_4() -> Document:
    edited = load_project(SAMPLE_PROJECT)
    _add_empty_text_frame(edited, "new-a", 60)
    _add_empty_text_frame(edited, "new-b", 200)
    return edited


def test_two_empty_frames_on_one_page_are_named_apart_in_the_recovery_summary() -> None:
    assert _summary(_two_empty_frames_on_page_4()) == (
        "共 5 页；改动了 2 篇文章：未命名文章（第 4 页）、未命名文章（第 4 页，2）；版面有改动")


def test_empty_captions_are_counted_apart_from_articles_and_named_stories_do_not_count() -> None:
    edited = load_project(SAMPLE_PROJECT)
    _add_empty_text_frame(edited, "new-a", 60)
    _add_empty_text_frame(edited, "named", 120)
    edited.stories["named"] = dataclasses.replace(edited.stories["named"], name="通知")
    _add_empty_caption(edited, "cap-a", 60)
    _add_empty_caption(edited, "cap-b", 300)
    _add_empty_text_frame(edited, "new-b", 200)
    assert _summary(edited, max_names=5) == (
        "共 5 页；改动了 5 篇文章：未命名文章（第 4 页）、通知、未命名图片说明（第 4 页）、"
        "未命名图片说明（第 4 页，2）、未命名文章（第 4 页，2）；版面有改动")


def test_a_story_with_text_made_before_an_empty_one_on_its_page_counts_as_in_the_properties_panel() -> None:
    edited = _two_empty_frames_on_page_4()
    edited.stories["new-a"].paragraphs[0].runs[:] = [Run(text="九月二十三日，竞赛开幕。")]
    assert _summary(edited) == (
        "共 5 页；改动了 2 篇文章：九月二十三日，竞…、未命名文章（第 4 页，2）；版面有改动")
