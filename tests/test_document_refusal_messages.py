"""The exact Chinese sentence the user reads when a project's document is refused.

A refused project shows one line: where in ``document.json`` the problem is
and what is wrong. These tests pin the sentences of the type checks (a flag
that is not true/false, keys the format does not know) and of the document's
totals (frames and columns on all pages, characters set), which only the whole
document can count: master items on every page that shows them, master
stories once per page, field runs as the text they show.
"""

from __future__ import annotations

from typing import Any

import pytest

from editor.errors import ProjectFileError
from editor.model import Document, MasterPage, Page, Paragraph, Run, ShapeFrame, Story, TextFrame
from editor.model.codec import decode_document, encode_document
from editor.model.document import IssueFields


def _refusal(data: dict[str, Any]) -> str:
    with pytest.raises(ProjectFileError) as caught:
        decode_document(data, {})
    return caught.value.message


def _one_frame_json() -> dict[str, Any]:
    story = Story(id="s", paragraphs=[Paragraph(style="正文", runs=[Run(text="本期要闻")])])
    frame = TextFrame(id="f", story_id="s", x_pt=60.0, y_pt=60.0, width_pt=200.0, height_pt=300.0)
    return encode_document(Document(stories={"s": story}, pages=[Page(id="p", frames=[frame])]))


def _rules(prefix: str, count: int) -> list[ShapeFrame]:
    return [ShapeFrame(id=f"{prefix}{i}", shape="rule", x_pt=60.0, y_pt=60.0 + i, width_pt=100.0, height_pt=0.0)
            for i in range(count)]


def test_a_flag_written_as_a_string_is_refused_asking_for_true_or_false() -> None:
    data = _one_frame_json()
    data["document"]["pages"][0]["frames"][0]["locked"] = "yes"
    assert _refusal(data) == "项目文件内容有误：document.pages[0].frames[0].locked 应为 true 或 false。"


def test_unknown_keys_are_named_in_order_separated_by_the_chinese_list_comma() -> None:
    data = _one_frame_json()
    data["document"]["pages"][0]["frames"][0].update({"shadow": 1, "colour": "red"})
    assert _refusal(data) == "项目文件内容有误：document.pages[0].frames[0] 含有未知的项：colour、shadow。"


def test_master_items_shown_on_every_page_push_the_frames_past_the_total() -> None:
    # 100 master rules, counted on the master and on each of 11 pages, plus 100 rules of each
    # page's own: 2,300 frames, though the file holds only 1,200 (a page shows 200, its most).
    master = MasterPage(id="M", name="A-母版", frames=_rules("m", 100))
    pages = [Page(id=f"p{n}", master_id="M", frames=_rules(f"p{n}-", 100)) for n in range(11)]
    data = encode_document(Document(masters=[master], pages=pages))
    assert _refusal(data) == "项目文件内容有误：document.pages 所有页面上的框过多（2,300 个，最多 2,000 个）。"


def test_columns_of_all_text_frames_past_the_total_are_refused() -> None:
    # 167 frames of 12 columns: 2,004 columns, in far fewer frames than the frame limit.
    stories = {f"s{i}": Story(id=f"s{i}") for i in range(167)}
    frames = [TextFrame(id=f"f{i}", story_id=f"s{i}", x_pt=60.0, y_pt=60.0, width_pt=400.0, height_pt=100.0,
                        columns=12, gutter_pt=2.0) for i in range(167)]
    data = encode_document(Document(stories=stories, pages=[Page(id="p", frames=frames)]))
    assert _refusal(data) == "项目文件内容有误：document.pages 所有文本框的栏过多（2,004 个，最多 2,000 个）。"


def test_a_master_story_counts_its_characters_once_for_each_page_that_shows_it() -> None:
    # 70,000 characters on a master shown by three pages set 210,000 characters.
    story = Story(id="banner", paragraphs=[Paragraph(style="正文", runs=[Run(text="字" * 70_000)])])
    master = MasterPage(id="M", name="A-母版", frames=[
        TextFrame(id="banner-frame", story_id="banner", x_pt=60.0, y_pt=60.0, width_pt=400.0, height_pt=600.0)])
    pages = [Page(id=f"p{n}", master_id="M") for n in range(3)]
    data = encode_document(Document(stories={"banner": story}, masters=[master], pages=pages))
    assert _refusal(data) == "项目文件内容有误：document.stories 文字过多（共 210,000 个字符，最多 200,000 个）。"


def test_a_master_story_on_two_pages_within_the_total_loads() -> None:
    story = Story(id="banner", paragraphs=[Paragraph(style="正文", runs=[Run(text="字" * 100_000)])])
    master = MasterPage(id="M", name="A-母版", frames=[
        TextFrame(id="banner-frame", story_id="banner", x_pt=60.0, y_pt=60.0, width_pt=400.0, height_pt=600.0)])
    doc = Document(stories={"banner": story}, masters=[master], pages=[Page(id="p1", master_id="M"),
                                                                        Page(id="p2", master_id="M")])
    assert decode_document(encode_document(doc), {}) == doc


def test_an_issue_number_field_counts_as_the_digits_it_shows() -> None:
    # 199,999 characters of text and a field showing 「28」: 200,001 characters set.
    story = Story(id="s", paragraphs=[Paragraph(style="正文", runs=[Run(text="字" * 199_999), Run(field="number")])])
    frame = TextFrame(id="f", story_id="s", x_pt=60.0, y_pt=60.0, width_pt=400.0, height_pt=600.0)
    doc = Document(issue=IssueFields(number=28), stories={"s": story}, pages=[Page(id="p", frames=[frame])])
    assert _refusal(encode_document(doc)) == \
        "项目文件内容有误：document.stories 文字过多（共 200,001 个字符，最多 200,000 个）。"
