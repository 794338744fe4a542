"""新建下一期 in the model: numbers and date of issue N+1, what is kept and what is cleared,
and the exported PDF of the sample's next issue (issue 9)."""

from __future__ import annotations

import copy
import datetime
import re

import pytest

from editor import SAMPLE_PROJECT
from editor.io.file_names import issue_file_name
from editor.io.project import load_project
from editor.layout.engine import layout_document
from editor.layout.masters import expand_masters
from editor.model import (
    Caption,
    Document,
    ImageFrame,
    IssueFields,
    MasterPage,
    Page,
    Paragraph,
    ParagraphStyle,
    Run,
    ShapeFrame,
    Story,
    TextFrame,
)
from editor.model.fields import field_text
from editor.model.next_issue import (
    issue_story_ids,
    make_next_issue,
    next_issue,
    next_issue_fields,
    propose_next_issue_fields,
    proposed_date,
)
from editor.render.pdf import PdfOptions, write_pdf
from tests.pdfcheck import pdf_chars

TODAY = datetime.date(2021, 10, 8)


# ------------------------------------------------------------------ numbers and date

def test_the_samples_issue_28_is_followed_by_29_with_total_29(doc):
    assert (doc.issue.year, doc.issue.number, doc.issue.total_number) == (2021, 28, 28)
    new = next_issue(doc, TODAY).document.issue
    assert (new.year, new.number, new.total_number) == (2021, 29, 29)
    assert new.previous_date == doc.issue.date
    assert (new.title, new.publisher) == (doc.issue.title, doc.issue.publisher)


def test_a_new_year_starts_again_at_issue_1_and_still_advances_the_total():
    issue = IssueFields(year=2021, number=52, total_number=300, date="2021-12-29", previous_date="2021-12-22")
    new = propose_next_issue_fields(issue, TODAY)
    assert (new.date, new.year, new.number, new.total_number) == ("2022-01-05", 2022, 1, 301)
    assert new.previous_date == "2021-12-29"


def test_the_next_date_keeps_the_interval_of_the_last_two_issues():
    fortnightly = IssueFields(date="2021-09-29", previous_date="2021-09-15")
    assert proposed_date(fortnightly, TODAY) == datetime.date(2021, 10, 13)


@pytest.mark.parametrize("previous_date", ["", "not a date", "2021-09-29", "2021-10-30"])
def test_without_a_usable_interval_the_next_date_is_today(previous_date):
    issue = IssueFields(date="2021-09-29", previous_date=previous_date)
    assert proposed_date(issue, TODAY) == TODAY


@pytest.mark.parametrize(("previous_date", "expected"), [
    ("2021-06-29", datetime.date(2021, 12, 30)),  # 92 days: a quarterly's rhythm
    ("2021-06-28", TODAY),  # 93 days: no rhythm
])
def test_a_quarter_is_the_longest_interval_taken_for_the_rhythm(previous_date, expected):
    issue = IssueFields(date="2021-09-29", previous_date=previous_date)
    assert proposed_date(issue, TODAY) == expected


def test_the_issue_after_one_made_from_the_2021_sample_is_not_proposed_years_ahead():
    """The walkthrough: the sample's next issue, made and dated 2026-11-26, had the sample's
    2021-09-29 as its previous date; its own next issue proposed 2032-01-23."""
    made_today = datetime.date(2026, 11, 26)
    sample = IssueFields(year=2021, number=28, total_number=28, date="2021-09-29")
    first = propose_next_issue_fields(sample, made_today)
    assert (first.date, first.previous_date) == ("2026-11-26", "2021-09-29")
    second = propose_next_issue_fields(first, datetime.date(2026, 12, 3))
    assert (second.date, second.year, second.number, second.total_number) == ("2026-12-03", 2026, 2, 30)


def test_an_interval_past_the_last_date_there_is_gives_today():
    issue = IssueFields(date="9999-12-30", previous_date="9999-01-01")
    assert proposed_date(issue, TODAY) == TODAY


def test_a_date_chosen_in_the_dialog_sets_the_year_and_number():
    issue = IssueFields(year=2021, number=28, total_number=28, date="2021-09-29")
    assert (next_issue_fields(issue, datetime.date(2021, 10, 9)).number,
            next_issue_fields(issue, datetime.date(2022, 1, 9)).number) == (29, 1)


def test_the_suggested_file_name_is_title_year_and_number():
    issue = IssueFields(title="中铝股份党群工作", year=2021, number=29)
    assert issue_file_name(issue) == "中铝股份党群工作2021年第29期.banmian"
    assert issue_file_name(IssueFields(title="党建/工作:", year=2022, number=1)) == "党建_工作_2022年第1期.banmian"


# ------------------------------------------------------------------ kept and cleared

def _style(name: str) -> ParagraphStyle:
    return ParagraphStyle(name=name, size_pt=10.0, leading_pt=16.0)


def _para(style: str, *texts: str, char_style: str | None = None) -> Paragraph:
    return Paragraph(style=style, runs=[Run(text=text, char_style=char_style) for text in texts])


def _issue_doc() -> Document:
    """A master with a running head, a masthead with fields, a banner, a fixed note, an article,
    a photo with a caption and an unused photo."""
    styles = {name: _style(name) for name in ("大标题", "副标题", "正文", "署名", "图注", "栏目", "版头", "刊头", "编者按")}
    stories = {
        "head": Story(id="head", paragraphs=[Paragraph(style="版头", runs=[Run(field="title"), Run(text=" · 第"),
                                                                            Run(field="number"), Run(text="期")])]),
        "masthead": Story(id="masthead", paragraphs=[Paragraph(style="刊头", runs=[
            Run(field="year"), Run(text="年第"), Run(field="number"), Run(text="期")])]),
        "banner": Story(id="banner", paragraphs=[_para("栏目", "践·铝之行")]),
        "note": Story(id="note", fixed=True, paragraphs=[_para("编者按", "欢迎投稿。")]),
        "article": Story(id="article", name="竞赛", paragraphs=[
            _para("大标题", "党建工作竞赛举行"), _para("副标题", "大学习大比武"),
            _para("正文", "九月二十三日，", "竞赛开幕。", char_style=None), _para("署名", "通讯员 张三"),
            _para("正文", "欧小武讲话。")]),
        "caption": Story(id="caption", paragraphs=[_para("图注", "竞赛现场。")]),
    }
    master = MasterPage(id="M", frames=[
        TextFrame(id="head-frame", story_id="head", x_pt=50, y_pt=20, width_pt=400, height_pt=20),
        ImageFrame(id="logo", asset="logo.png", x_pt=460, y_pt=20, width_pt=40, height_pt=20)])
    photo = ImageFrame(id="photo", asset="photo.jpg", source_name="IMG_1.jpg", zoom=1.5, offset_x_pt=4.0,
                       offset_y_pt=-3.0, rotation_deg=90, fit="fit", x_pt=50, y_pt=300, width_pt=200, height_pt=150,
                       caption=Caption(story_id="caption", placement="left"))
    page = Page(id="p1", master_id="M", frames=[
        TextFrame(id="mh", story_id="masthead", x_pt=50, y_pt=50, width_pt=400, height_pt=40),
        TextFrame(id="bn", story_id="banner", x_pt=50, y_pt=100, width_pt=400, height_pt=20),
        TextFrame(id="nt", story_id="note", x_pt=50, y_pt=120, width_pt=400, height_pt=20),
        TextFrame(id="ar", story_id="article", x_pt=50, y_pt=140, width_pt=400, height_pt=150),
        ShapeFrame(id="rule", shape="rule", x_pt=50, y_pt=295, width_pt=400, height_pt=0),
        photo])
    issue = IssueFields(year=2021, number=28, total_number=28, date="2021-09-29")
    return Document(issue=issue, paragraph_styles=styles, stories=stories, masters=[master], pages=[page],
                    colors={"党建红": "#C00000"},
                    assets={"logo.png": b"logo", "photo.jpg": b"photo", "unused.jpg": b"old"})


def _texts(story: Story) -> list[tuple[str, str]]:
    return [(p.style, p.plain_text()) for p in story.paragraphs]


def test_an_article_becomes_one_placeholder_per_style_it_used_each_saying_what_goes_there():
    new = next_issue(_issue_doc(), TODAY).document
    assert _texts(new.stories["article"]) == [
        ("大标题", "在此输入标题"), ("副标题", "在此输入副标题"), ("正文", "在此粘贴正文"), ("署名", "在此输入作者")]
    assert new.stories["article"].name == "", "last issue's title does not name the new article"


def test_a_caption_becomes_a_caption_placeholder_in_its_style():
    new = next_issue(_issue_doc(), TODAY).document
    assert _texts(new.stories["caption"]) == [("图注", "▲图为……")]
    photo = new.frame_by_id("photo")
    assert photo.caption == Caption(story_id="caption", placement="left")


def test_running_heads_mastheads_banners_and_fixed_text_are_kept_as_they_are():
    old = _issue_doc()
    new = next_issue(old, TODAY).document
    for story_id in ("head", "masthead", "banner", "note"):
        assert new.stories[story_id] == old.stories[story_id], story_id
    assert new.masters == old.masters
    assert (new.paragraph_styles, new.colors) == (old.paragraph_styles, old.colors)
    assert new.frame_by_id("rule") == old.frame_by_id("rule")


def test_an_article_naming_the_issue_number_in_one_paragraph_is_still_cleared():
    doc = _issue_doc()
    doc.stories["article"].paragraphs[2].runs.append(Run(field="number"))
    new = next_issue(doc, TODAY).document
    assert [text for _, text in _texts(new.stories["article"])] == [
        "在此输入标题", "在此输入副标题", "在此粘贴正文", "在此输入作者"]


def test_photos_on_pages_are_emptied_in_place_and_unused_photos_leave_the_file():
    old = _issue_doc()
    new = next_issue(old, TODAY).document
    photo = new.frame_by_id("photo")
    assert (photo.asset, photo.source_name, photo.zoom, photo.offset_x_pt, photo.offset_y_pt, photo.rotation_deg) \
        == (None, "", 1.0, 0.0, 0.0, 0)
    assert (photo.x_pt, photo.y_pt, photo.width_pt, photo.height_pt, photo.fit) == (50, 300, 200, 150, "fit")
    assert set(new.assets) == {"logo.png"}
    assert [f.id for f in new.pages[0].frames] == [f.id for f in old.pages[0].frames]


def test_keeping_the_articles_changes_only_the_numbers_and_date():
    old = _issue_doc()
    new = next_issue(old, TODAY, keep_articles=True).document
    assert new.stories == old.stories
    assert new.pages == old.pages
    assert set(new.assets) == {"logo.png", "photo.jpg"}  # the unused photo still goes
    assert (new.issue.number, new.issue.total_number) == (29, 29)


def test_the_issue_it_is_made_from_is_not_changed():
    old = _issue_doc()
    before = copy.deepcopy(old)
    next_issue(old, TODAY)
    assert old == before


def test_the_summary_counts_what_was_kept_and_cleared():
    summary = next_issue(_issue_doc(), TODAY).summary
    assert (summary.pages, summary.masters, summary.styles, summary.swatches, summary.design_stories,
            summary.shapes, summary.articles, summary.captions, summary.photo_frames, summary.photos_dropped) \
        == (1, 1, 9, 1, 4, 1, 1, 1, 1, 2)
    assert "文章正文（换成“在此输入标题”“在此粘贴正文”）：1 篇" in summary.cleared_lines()
    assert "刊头、栏目等固定文字：4 处" in summary.kept_lines()
    kept = next_issue(_issue_doc(), TODAY, keep_articles=True).summary
    assert kept.cleared_lines() == [] and "文章（原文保留）：1 篇" in kept.kept_lines()


def test_an_explicit_issue_from_the_dialog_is_used_as_given():
    issue = IssueFields(year=2021, number=30, total_number=31, date="2021-10-09", previous_date="2021-09-29")
    assert make_next_issue(_issue_doc(), issue).document.issue == issue


# ------------------------------------------------------------------ the sample's next issue, as a PDF

def _number_pages(doc: Document) -> dict[int, list[Paragraph]]:
    """Per 0-based page, the paragraphs that page shows holding a 期号 or 总期号 field (masters included)."""
    shown = expand_masters(doc)
    found: dict[int, list[Paragraph]] = {}
    for index, page in enumerate(shown.pages):
        for frame in page.frames:
            story_ids = [frame.story_id] if isinstance(frame, TextFrame) else (
                [frame.caption.story_id] if isinstance(frame, ImageFrame) and frame.caption else [])
            for story_id in story_ids:
                for paragraph in shown.stories[story_id].paragraphs:
                    if any(run.field in ("number", "total_number") for run in paragraph.runs):
                        found.setdefault(index, []).append(paragraph)
    return found


def _expected_text(paragraph: Paragraph, issue: IssueFields, page_number: int) -> str:
    """The paragraph as printed, numbers written out here (not by the field code), spaces dropped."""
    numbers = {"number": str(issue.number), "total_number": str(issue.total_number)}
    parts = [numbers.get(run.field) or field_text(issue, run.field, page_number) if run.field else run.text
             for run in paragraph.runs]
    return re.sub(r"\s", "", "".join(parts))


def _pdf_page_texts(doc: Document, path) -> list[str]:
    write_pdf(doc, layout_document(doc), path, PdfOptions())
    _, pages = pdf_chars(path)
    return ["".join(char.text for char in chars) for chars in pages]


def _old_article_fragments(doc: Document) -> list[str]:
    """Distinctive pieces of the old issue's own text: the first 12 characters of every paragraph
    of at least 12 characters in stories that are neither master, fixed, nor field-holding text."""
    design = doc.master_story_ids() | {sid for sid, s in doc.stories.items()
                                       if s.fixed or any(r.field for p in s.paragraphs for r in p.runs)}
    fragments = []
    for story_id, story in doc.stories.items():
        if story_id in design:
            continue
        for paragraph in story.paragraphs:
            text = re.sub(r"\s", "", paragraph.plain_text())
            if len(text) >= 12:
                fragments.append(text[:12])
    return fragments


def test_the_pdf_of_the_samples_next_issue_shows_the_new_numbers_and_none_of_the_old_articles(tmp_path):
    old = load_project(SAMPLE_PROJECT)
    new = next_issue(old, TODAY).document
    assert (new.issue.number, new.issue.total_number) == (29, 29)
    number_pages = _number_pages(new)
    assert number_pages, "the sample shows its issue number somewhere"
    new_texts = _pdf_page_texts(new, tmp_path / "第29期.pdf")
    for index, paragraphs in number_pages.items():
        for paragraph in paragraphs:
            expected = _expected_text(paragraph, new.issue, index + 1)
            assert "29" in expected and expected in new_texts[index], (index + 1, expected)
        assert "第28期" not in new_texts[index] and "总第28" not in new_texts[index]

    fragments = _old_article_fragments(old)
    old_texts = "".join(_pdf_page_texts(old, tmp_path / "第28期.pdf"))
    found_in_old = [fragment for fragment in fragments if fragment in old_texts]
    assert len(found_in_old) >= 10, "the check reads article text back from a PDF at all"
    all_new = "".join(new_texts)
    assert [fragment for fragment in found_in_old if fragment in all_new] == []
    assert "在此粘贴正文" in all_new


def test_the_samples_next_issue_names_no_article_after_last_issues_titles():
    old = load_project(SAMPLE_PROJECT)
    new = next_issue(old, TODAY).document
    articles, _ = issue_story_ids(old)
    old_names = {old.stories[story_id].name for story_id in articles} - {""}
    assert {"中铝股份举办党建工作竞赛", "简讯：重庆物流", "青工技术技能大赛"} <= old_names
    assert [new.stories[story_id].name for story_id in sorted(articles)] == [""] * len(articles)
    kept = set(old.stories) - articles
    assert {new.stories[story_id].name for story_id in kept} == {old.stories[story_id].name for story_id in kept}
