"""Issue fields, paragraph styles and captions: edits the panels make, each exactly undoable."""

from __future__ import annotations

import dataclasses

from editor.model import ImageFrame, TextFrame
from editor.model import document_edits as de
from tests.docbuilders import apply_changes as _apply
from tests.docbuilders import assert_each_edit_undoes_exactly


def _photo(doc, with_caption):
    return next(f for _, f in doc.frames_with_pages()
                if isinstance(f, ImageFrame) and (f.caption is not None) == with_caption)


def test_each_document_edit_undoes_to_the_identical_document(doc):
    text = next(f for _, f in doc.frames_with_pages() if isinstance(f, TextFrame))
    captioned, bare = _photo(doc, True), _photo(doc, False)
    body = dataclasses.replace(doc.paragraph_styles["正文"], size_pt=12.0)
    makers = [
        lambda d: de.set_issue_fields(d, number=29, date="2021-10-15"),
        lambda d: de.define_paragraph_style(d, body),
        lambda d: de.define_paragraph_style(d, dataclasses.replace(body, name="新样式")),
        lambda d: de.apply_paragraph_style(d, [text.story_id], "正文"),
        lambda d: de.set_caption_text(d, captioned.id, "新的说明\n第二行"),
        lambda d: de.set_caption_text(d, captioned.id, ""),
        lambda d: de.set_caption_text(d, bare.id, "加一个说明"),
        lambda d: de.set_caption_layout(d, captioned.id, placement="right"),
    ]
    assert_each_edit_undoes_exactly(doc, makers)


def test_a_new_caption_goes_below_in_the_caption_style(doc):
    bare = _photo(doc, False)
    _apply(de.set_caption_text(doc, bare.id, "说明文字"))
    caption = doc.frame_by_id(bare.id).caption
    assert caption.placement == "below"
    story = doc.stories[caption.story_id]
    assert de.plain_story_text(story) == "说明文字"
    assert story.paragraphs[0].style == de.CAPTION_STYLE


def test_removing_a_caption_removes_its_story(doc):
    captioned = _photo(doc, True)
    story_id = captioned.caption.story_id
    _apply(de.set_caption_text(doc, captioned.id, "  "))
    assert doc.frame_by_id(captioned.id).caption is None
    assert story_id not in doc.stories


def test_unchanged_values_make_no_edit(doc):
    assert de.set_issue_fields(doc, number=doc.issue.number) == []
    assert de.define_paragraph_style(doc, doc.paragraph_styles["正文"]) == []
    assert de.apply_paragraph_style(doc, ["masthead"], "不存在的样式") == []
