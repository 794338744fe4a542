"""导入文章 → 放入所选文本框 fills the page's placeholder headline: title, subtitle, byline into the
template's 在此输入标题/副标题 frame above the thread, the body into the thread in the template's styles.

A page made by 新建下一期 (or a house template) holds each article's headline
in its own frame, its paragraphs placeholders (their style's
``placeholder_text``). The imported article's headline goes there, set in
the template's styles; the unused placeholders of that frame are removed (and
the user is told); the body keeps the thread's body style.
"""

from __future__ import annotations

import pytest

from editor import PROJECT_ROOT
from editor.io.article_import import read_article
from editor.io.project import load_project
from editor.model import Document, Page, Paragraph, Run, Story, TextFrame
from editor.model.article_placement import place_article_in_thread
from editor.model.geometry import Rect
from editor.model.imported_article import BODY_STYLE, BYLINE_STYLE, SUBTITLE_STYLE, TITLE_STYLE, ImportedArticle
from tests.docbuilders import apply_changes
from tests.import_placement_files import BYLINE, TITLE, glyph_boxes, next_sample_issue, write_article


@pytest.fixture
def issue() -> Document:
    """The sample's next issue: page 2 holds 在此输入标题/副标题/导语 above a threaded body."""
    return next_sample_issue()


def _texts(story: Story) -> list[tuple[str, str]]:
    return [(p.style, p.plain_text()) for p in story.paragraphs]


def test_the_title_goes_into_the_pages_title_placeholder_and_not_into_the_body(issue, tmp_path):
    article = read_article(write_article(tmp_path / "稿件一_学习会.docx"))
    placement = place_article_in_thread(issue, "p2-lead-left", article)
    apply_changes(placement.changes)
    assert _texts(issue.stories["lead-head"]) == [("大标题", TITLE)]
    body = issue.stories["lead"]
    assert TITLE not in [p.plain_text() for p in body.paragraphs]
    assert body.paragraphs[0].plain_text() == BYLINE
    assert {p.style for p in body.paragraphs[1:]} == {"要闻正文"}
    assert placement.notes == ["标题已放入第 2 页的标题框；其中未用的占位文字（在此输入副标题、在此输入导语）已删除。"]


def test_the_laid_out_title_lies_in_the_title_frame(issue, tmp_path):
    apply_changes(place_article_in_thread(issue, "p2-lead-left",
                                          read_article(write_article(tmp_path / "a.docx"))).changes)
    head = issue.frame_by_id("p2-lead-head")
    head_rect = Rect(head.x_pt, head.y_pt, head.width_pt, head.height_pt)
    glyphs = glyph_boxes(issue, 1, "lead-head")
    assert "".join(char for char, _ in glyphs) == TITLE
    assert all(head_rect.expanded(0.5).overlaps(box) and box.bottom_pt <= head_rect.bottom_pt + 0.5
               for _, box in glyphs)
    body = glyph_boxes(issue, 1, "lead")
    assert min(box.y_pt for _, box in body) >= issue.frame_by_id("p2-lead-left").y_pt


def _plain(texts: list[tuple[str, str]]) -> list[Paragraph]:
    return [Paragraph(style=style, runs=[Run(text=text)]) for style, text in texts]


def _page(head: list[tuple[str, str]], body: list[tuple[str, str]], head_y_pt: float = 60.0) -> Document:
    """A page with a headline frame at ``head_y_pt`` above a body frame at 160 pt."""
    stories = {"head": Story(id="head", paragraphs=_plain(head)), "body": Story(id="body", paragraphs=_plain(body))}
    frames = [TextFrame(id="h", story_id="head", x_pt=60.0, y_pt=head_y_pt, width_pt=400.0, height_pt=80.0),
              TextFrame(id="b", story_id="body", x_pt=60.0, y_pt=160.0, width_pt=400.0, height_pt=500.0)]
    return Document(stories=stories, pages=[Page(id="p", frames=frames)])


ARTICLE = ImportedArticle(source_name="稿件.docx", paragraphs=_plain([
    (TITLE_STYLE, "全年安全生产无事故"), (BYLINE_STYLE, "通讯员　王五"), (BODY_STYLE, "今年以来，公司狠抓安全。")]))


def test_a_byline_placeholder_in_the_headline_frame_takes_the_byline_in_its_style() -> None:
    doc = _page([("文章标题", "在此输入标题"), ("作者", "在此输入作者")], [("正文", "在此粘贴正文")])
    placement = place_article_in_thread(doc, "b", ARTICLE)
    apply_changes(placement.changes)
    assert _texts(doc.stories["head"]) == [("文章标题", "全年安全生产无事故"), ("作者", "通讯员　王五")]
    assert _texts(doc.stories["body"]) == [("正文", "今年以来，公司狠抓安全。")]
    assert placement.notes == ["标题已放入第 1 页的标题框。"]


def test_a_headline_frame_with_real_text_is_left_alone() -> None:
    doc = _page([("大标题", "上期的标题")], [("正文", "在此粘贴正文")])
    apply_changes(place_article_in_thread(doc, "b", ARTICLE).changes)
    assert _texts(doc.stories["head"]) == [("大标题", "上期的标题")]
    assert [text for _, text in _texts(doc.stories["body"])] == ["全年安全生产无事故", "通讯员　王五", "今年以来，公司狠抓安全。"]


def test_a_headline_placeholder_below_the_thread_is_not_its_headline() -> None:
    doc = _page([("大标题", "在此输入标题")], [("正文", "在此粘贴正文")], head_y_pt=680.0)
    apply_changes(place_article_in_thread(doc, "b", ARTICLE).changes)
    assert _texts(doc.stories["head"]) == [("大标题", "在此输入标题")]
    assert _texts(doc.stories["body"])[0] == (TITLE_STYLE, "全年安全生产无事故")


def test_a_thread_holding_its_own_title_placeholder_sets_the_title_in_that_style() -> None:
    doc = _page([("栏目名", "践·铝之行")], [("文章标题", "在此输入标题"), ("要闻正文", "在此粘贴正文")])
    apply_changes(place_article_in_thread(doc, "b", ARTICLE).changes)
    assert _texts(doc.stories["body"]) == [("文章标题", "全年安全生产无事故"), (BYLINE_STYLE, "通讯员　王五"),
                                           ("要闻正文", "今年以来，公司狠抓安全。")]


@pytest.mark.parametrize("style", ["大标题", "文章标题"])
def test_an_article_without_a_title_leaves_the_headline_placeholder(style) -> None:
    doc = _page([(style, "在此输入标题")], [("正文", "在此粘贴正文")])
    untitled = ImportedArticle(source_name="稿件.docx", paragraphs=_plain([(BODY_STYLE, "今年以来，公司狠抓安全。")]))
    placement = place_article_in_thread(doc, "b", untitled)
    apply_changes(placement.changes)
    assert _texts(doc.stories["head"]) == [(style, "在此输入标题")]
    assert placement.notes == []


def test_a_subtitle_without_a_placeholder_in_the_headline_frame_heads_the_body() -> None:
    doc = _page([("文章标题", "在此输入标题")], [("正文", "在此粘贴正文")])
    article = ImportedArticle(source_name="稿件.docx", paragraphs=_plain([
        (TITLE_STYLE, "青工技能大赛圆满落幕"), (SUBTITLE_STYLE, "——以赛促学　以赛促练"), (BODY_STYLE, "本次大赛共设三个赛项。")]))
    apply_changes(place_article_in_thread(doc, "b", article).changes)
    assert _texts(doc.stories["head"]) == [("文章标题", "青工技能大赛圆满落幕")]
    assert _texts(doc.stories["body"]) == [(SUBTITLE_STYLE, "——以赛促学　以赛促练"), ("正文", "本次大赛共设三个赛项。")]


def test_an_earlier_templates_byline_placeholder_takes_the_byline() -> None:
    doc = _page([("大标题", "在此输入标题"), ("署名", "（通讯员 姓名）")], [("正文", "在此粘贴正文")])
    apply_changes(place_article_in_thread(doc, "b", ARTICLE).changes)
    assert _texts(doc.stories["head"]) == [("大标题", "全年安全生产无事故"), ("署名", "通讯员　王五")]


def test_another_article_between_the_headline_and_the_thread_keeps_the_headline_for_itself() -> None:
    doc = _page([("大标题", "在此输入标题")], [("正文", "在此粘贴正文")])
    doc.stories["other"] = Story(id="other", paragraphs=_plain([("正文", "在此粘贴正文")]))
    doc.stories["body"].paragraphs = _plain([("正文", "在此粘贴正文")])
    doc.pages[0].frames.append(TextFrame(id="o", story_id="other", x_pt=60.0, y_pt=680.0, width_pt=400.0,
                                         height_pt=100.0))
    apply_changes(place_article_in_thread(doc, "o", ARTICLE).changes)
    assert _texts(doc.stories["head"]) == [("大标题", "在此输入标题")]
    assert _texts(doc.stories["other"])[0] == (TITLE_STYLE, "全年安全生产无事故")


def test_a_brief_with_its_own_title_placeholder_below_another_article_takes_its_title_itself() -> None:
    doc = load_project(PROJECT_ROOT / "layouts" / "newsletter-a4.banmian")
    head_before = _texts(doc.stories["p1-lead-head"])
    apply_changes(place_article_in_thread(doc, "p1-brief", ARTICLE).changes)
    assert _texts(doc.stories["p1-lead-head"]) == head_before
    assert _texts(doc.stories["p1-brief"]) == [("文章标题", "全年安全生产无事故"), ("署名", "通讯员　王五"),
                                               ("正文", "今年以来，公司狠抓安全。")]


def test_a_title_after_the_body_text_is_not_taken_for_the_headline() -> None:
    doc = _page([("引题", "在此输入引题"), ("大标题", "在此输入标题")], [("正文", "在此粘贴正文")])
    article = ImportedArticle(source_name="稿件.docx", paragraphs=_plain([
        ("引题", "喜迎新春"), (BODY_STYLE, "今年以来，公司狠抓安全。"), (TITLE_STYLE, "附：安全月活动安排")]))
    apply_changes(place_article_in_thread(doc, "b", article).changes)
    assert _texts(doc.stories["head"]) == [("引题", "在此输入引题"), ("大标题", "在此输入标题")]
    assert [text for _, text in _texts(doc.stories["body"])] == ["喜迎新春", "今年以来，公司狠抓安全。", "附：安全月活动安排"]
