"""Two empty text frames drawn on one page are not both called 未命名文章（第 4 页）: the second is
未命名文章（第 4 页，2）, in 属性 and wherever stories are named, and it keeps that name while the user
types into the first, moves the frames or brings one to the front."""

from __future__ import annotations

import dataclasses

from editor import SAMPLE_PROJECT
from editor.io.project import load_project
from editor.model import Caption, Document, ImageFrame, Paragraph, Run, Story, TextFrame, edits
from editor.model.labels import describe_story, story_label

PAGE_4 = 3  # 0-based index of the sample's page 4


def _apply(changes: list) -> None:
    assert changes, "the edit was refused"
    for change in changes:
        change.apply(True)


def _text_frame_edit(doc: Document, page_index: int, x_pt: float) -> tuple[list, str, str]:
    """Adding an empty text frame with its new, unnamed story, as the 文本框 tool draws one:
    (changes, frame id, story id)."""
    story_id = edits.new_id(doc, "story")
    story = Story(id=story_id, paragraphs=[Paragraph(style="正文")])
    frame = TextFrame(id=edits.new_id(doc, "frame"), story_id=story_id, x_pt=x_pt, y_pt=600, width_pt=80, height_pt=80)
    return edits.add_frame(doc, page_index, frame, story=story), frame.id, story_id


def _draw_text_frame(doc: Document, page_index: int, x_pt: float) -> tuple[str, str]:
    """Draw an empty text frame: (frame id, story id)."""
    changes, frame_id, story_id = _text_frame_edit(doc, page_index, x_pt)
    _apply(changes)
    return frame_id, story_id


def _two_empty_frames_on_page_4():
    doc = load_project(SAMPLE_PROJECT)
    first = _draw_text_frame(doc, PAGE_4, 60)
    second = _draw_text_frame(doc, PAGE_4, 200)
    return doc, first, second


def test_two_empty_frames_drawn_on_one_page_are_named_apart():
    doc, (_, first), (_, second) = _two_empty_frames_on_page_4()
    assert story_label(doc, first) == "未命名文章（第 4 页）"
    assert story_label(doc, second) == "未命名文章（第 4 页，2）"


def test_the_second_keeps_its_name_when_the_first_gets_text_or_the_frames_move_or_restack():
    doc, (first_frame, first), (second_frame, second) = _two_empty_frames_on_page_4()
    typed = Story(id=first, paragraphs=[Paragraph(style="正文", runs=[Run(text="九月二十三日，竞赛开幕。")])])
    _apply(edits.set_story(doc, typed))
    assert story_label(doc, first) == "九月二十三日，竞…"
    assert story_label(doc, second) == "未命名文章（第 4 页，2）"
    _apply(edits.move_frames(doc, {second_frame: (-150.0, -400.0), first_frame: (200.0, 0.0)}))
    _apply(edits.restack(doc, second_frame, -1000))
    assert story_label(doc, second) == "未命名文章（第 4 页，2）"


def test_an_empty_frame_on_another_page_is_numbered_on_its_own_page():
    doc, _, (_, second) = _two_empty_frames_on_page_4()
    _, other = _draw_text_frame(doc, 1, 60)
    assert story_label(doc, other) == "未命名文章（第 2 页）"
    assert story_label(doc, second) == "未命名文章（第 4 页，2）"


def test_two_empty_captions_on_one_page_are_named_apart_from_each_other_and_from_articles():
    doc, _, _ = _two_empty_frames_on_page_4()
    for number, x_pt in ((1, 60.0), (2, 300.0)):
        story_id = f"cap-{number}"
        _apply(edits.add_frame(doc, PAGE_4, ImageFrame(id=f"pic-{number}", x_pt=x_pt, y_pt=100, width_pt=80,
                                                       height_pt=60, caption=Caption(story_id=story_id)),
                               story=Story(id=story_id, paragraphs=[Paragraph(style="图注")])))
    assert (story_label(doc, "cap-1"), story_label(doc, "cap-2")) == (
        "未命名图片说明（第 4 页）", "未命名图片说明（第 4 页，2）")


def test_a_named_story_between_them_does_not_count():
    doc, (_, first), (_, second) = _two_empty_frames_on_page_4()
    doc.stories[first] = dataclasses.replace(doc.stories[first], name="通知")
    assert story_label(doc, second) == "未命名文章（第 4 页）"


def test_the_number_without_a_page_stands_alone():
    assert describe_story("", "", None, number=2) == "未命名文章（2）"
    assert describe_story("", "", 4, caption=True, number=3) == "未命名图片说明（第 4 页，3）"


def test_the_properties_panel_tells_the_two_frames_apart(make_window):
    window = make_window()
    controller = window.controller
    frame_ids = []
    for x_pt in (60.0, 200.0):
        changes, frame_id, _ = _text_frame_edit(controller.doc, PAGE_4, x_pt)
        assert controller.edit("添加文本框", changes)
        frame_ids.append(frame_id)
    headings = []
    for frame_id in frame_ids:
        controller.select([frame_id])
        headings.append(window.properties_panel.heading.text())
    assert "未命名文章（第 4 页）" in headings[0] and "（第 4 页，2）" not in headings[0]
    assert "未命名文章（第 4 页，2）" in headings[1]


def test_a_story_of_placeholders_only_is_named_by_its_page_and_real_words_before_placeholders():
    """新建下一期 leaves 在此输入标题 / 在此粘贴正文: not a name for the article in 属性, 检查 or 溢出."""
    from editor.model import Paragraph, Run, Story, TextFrame
    from editor.model.labels import story_label
    from tests.canvas_helpers import blank_document

    doc = blank_document()
    doc.stories["s"] = Story(id="s", paragraphs=[Paragraph(style="大标题", runs=[Run(text="在此输入标题")]),
                                                 Paragraph(style="正文", runs=[Run(text=" 在此粘贴正文 ")])])
    doc.stories["t"] = Story(id="t", paragraphs=[Paragraph(style="大标题", runs=[Run(text="在此输入标题")]),
                                                 Paragraph(style="正文", runs=[Run(text="党建引领发展新篇章")])])
    doc.pages[0].frames += [TextFrame(id="f", story_id="s", x_pt=60, y_pt=80, width_pt=300, height_pt=200),
                            TextFrame(id="g", story_id="t", x_pt=60, y_pt=300, width_pt=300, height_pt=200)]
    assert story_label(doc, "s") == "未命名文章（第 1 页）"
    assert story_label(doc, "t") == "党建引领发展新篇…"
