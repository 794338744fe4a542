"""导入文章 → 按栏格放在第N页 on a page the template has filled with empty articles.

A page made by 新建下一期 has no free band: new frames laid over the type
area covered the section banner and the placeholders. When the page holds an
empty placeholder article (在此粘贴正文), the article goes into it instead, as
放入所选文本框 would (its title into that article's headline frame); a second
article takes the next empty one.
"""

from __future__ import annotations

import pytest

from editor.io.article_import import read_article
from editor.model import Document
from editor.model.article_placement import place_article_on_page, place_articles_on_page
from editor.model.frames import TextFrame
from tests.article_files import CAPTIONS, write_sample_docx
from tests.docbuilders import apply_changes
from tests.import_placement_files import TITLE, frame_rect, glyph_boxes, next_sample_issue, write_article


@pytest.fixture
def issue() -> Document:
    """The sample's next issue: page 3 holds two briefs, a banner and a headed article, all empty."""
    return next_sample_issue()


def test_on_a_full_page_the_article_fills_the_pages_largest_empty_article(issue, tmp_path):
    before = [f.id for f in issue.pages[2].frames]
    article = read_article(write_article(tmp_path / "稿件.docx", paragraphs=4, photo=False))
    placement = place_article_on_page(issue, 2, article)
    apply_changes(placement.changes)
    assert [f.id for f in issue.pages[2].frames] == before
    assert placement.story_id == "contest"
    assert [p.plain_text() for p in issue.stories["contest-head"].paragraphs] == [TITLE]
    assert placement.notes[0] == "第 3 页已没有空位，文章放入该页空着的文章框（在此粘贴正文）。"
    contest = frame_rect(issue.frame_by_id("p3-contest")).expanded(0.5)
    body = glyph_boxes(issue, 2, "contest")
    assert body and all(box.overlaps(contest) for _, box in body)


def test_a_second_article_on_the_full_page_takes_the_next_empty_article(issue, tmp_path):
    articles = [read_article(write_article(tmp_path / f"{name}.docx", paragraphs=2, photo=False, title=name))
                for name in ("青工技能大赛圆满落幕", "重庆公司开展安全月活动")]
    placement = place_articles_on_page(issue, 2, articles)
    apply_changes(placement.changes)
    assert not any(isinstance(f, TextFrame) and f.story_id not in issue.stories for f in issue.pages[2].frames)
    assert [p.plain_text() for p in issue.stories["contest-head"].paragraphs] == ["青工技能大赛圆满落幕"]
    assert issue.stories["brief-party"].paragraphs[0].plain_text() == "重庆公司开展安全月活动"
    assert {p.style for p in issue.stories["brief-party"].paragraphs[2:]} == {"简讯"}


def test_the_photos_go_into_the_empty_photo_frames_of_that_article_with_their_captions(issue, tmp_path):
    template_caption_style = issue.stories["caption-contest-talk"].paragraphs[0].style
    before = [f.id for f in issue.pages[2].frames]
    placement = place_article_on_page(issue, 2, read_article(write_sample_docx(tmp_path / "稿件.docx")))
    apply_changes(placement.changes)
    assert [f.id for f in issue.pages[2].frames] == before
    talk, prize = issue.frame_by_id("p3-photo-talk"), issue.frame_by_id("p3-photo-prize")
    assert placement.frame_ids == ["p3-photo-talk", "p3-photo-prize"]
    assert talk.asset is not None and prize.asset is not None and talk.asset != prize.asset
    captions = [issue.stories[f.caption.story_id].paragraphs for f in (talk, prize)]
    assert [[(p.style, p.plain_text()) for p in paragraphs] for paragraphs in captions] == [
        [(template_caption_style, CAPTIONS[0])], [(template_caption_style, CAPTIONS[1])]]
    # The empty party photo beside the briefs is not the article's.
    assert issue.frame_by_id("p3-photo-party").asset is None
