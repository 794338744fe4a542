"""新建下一期's placeholders say what goes in each paragraph: 副标题 asks for a 副标题, 署名 for the
author, 导语 for the lead — not 在此输入标题 twice or 在此粘贴正文 under a byline — and 校对 finds
nothing to correct in any of them."""

from __future__ import annotations

import datetime

import pytest

from editor.model import Document, IssueFields, Page, Paragraph, ParagraphStyle, Run, Story, TextFrame
from editor.model.next_issue import PLACEHOLDERS, next_issue, placeholder_article
from editor.proof.check import check_story

TODAY = datetime.date(2021, 10, 8)

#: The sample's article styles (layouts/make_sample.py) and a few English names, with what each asks for.
EXPECTED = [
    ("引题", "在此输入引题"),
    ("大标题", "在此输入标题"),
    ("文章标题", "在此输入标题"),
    ("引语标题", "在此输入标题"),
    ("副标题", "在此输入副标题"),
    ("导语", "在此输入导语"),
    ("要闻正文", "在此粘贴正文"),
    ("正文", "在此粘贴正文"),
    ("简讯", "在此粘贴正文"),
    ("引文", "在此输入引文"),
    ("署名", "在此输入作者"),
    ("图注", "▲图为……"),
    ("Subtitle", "在此输入副标题"),
    ("Heading 1", "在此输入标题"),
    ("Byline", "在此输入作者"),
    ("Body Text", "在此粘贴正文"),
]


def _article(*styles: str) -> Story:
    return Story(id="a", paragraphs=[Paragraph(style=style, runs=[Run(text=f"{style}的原文。")]) for style in styles])


@pytest.mark.parametrize(("style", "placeholder"), EXPECTED)
def test_each_paragraph_style_gets_a_placeholder_that_says_what_goes_there(style, placeholder):
    assert [p.plain_text() for p in placeholder_article(_article(style)).paragraphs] == [placeholder]


def test_a_title_and_its_subtitle_no_longer_show_the_same_placeholder_twice():
    story = placeholder_article(_article("引题", "大标题", "副标题", "导语", "正文", "署名", "正文"))
    assert [(p.style, p.plain_text()) for p in story.paragraphs] == [
        ("引题", "在此输入引题"), ("大标题", "在此输入标题"), ("副标题", "在此输入副标题"), ("导语", "在此输入导语"),
        ("正文", "在此粘贴正文"), ("署名", "在此输入作者")]


def test_the_next_issue_of_an_article_with_a_byline_asks_for_the_author():
    styles = {name: ParagraphStyle(name=name) for name in ("大标题", "副标题", "正文", "署名")}
    story = Story(id="art", paragraphs=[Paragraph(style="大标题", runs=[Run(text="竞赛举行")]),
                                        Paragraph(style="副标题", runs=[Run(text="大学习大比武")]),
                                        Paragraph(style="正文", runs=[Run(text="九月二十三日，竞赛开幕。")]),
                                        Paragraph(style="署名", runs=[Run(text="通讯员 张三")])])
    page = Page(id="p1", frames=[TextFrame(id="t", story_id="art", x_pt=50, y_pt=50, width_pt=300, height_pt=300)])
    doc = Document(issue=IssueFields(year=2021, number=28, total_number=28, date="2021-09-29"),
                   paragraph_styles=styles, stories={"art": story}, pages=[page])
    new = next_issue(doc, TODAY).document
    assert [p.plain_text() for p in new.stories["art"].paragraphs] == [
        "在此输入标题", "在此输入副标题", "在此粘贴正文", "在此输入作者"]


@pytest.mark.parametrize(("style", "placeholder"), EXPECTED)
def test_proofing_finds_nothing_to_correct_in_a_placeholder(style, placeholder):
    assert check_story(placeholder_article(_article(style))) == []


def test_every_text_left_in_the_samples_cleared_articles_is_a_known_placeholder(doc):
    new = next_issue(doc, TODAY).document
    cleared = set(new.stories) - {sid for sid in new.stories if new.stories[sid] == doc.stories.get(sid)}
    left = {p.plain_text() for sid in cleared for p in new.stories[sid].paragraphs}
    assert {"在此输入标题", "在此输入副标题", "在此输入导语", "在此粘贴正文", "在此输入作者", "▲图为……"} <= left
    assert left <= PLACEHOLDERS
