"""检查 warns of placeholders left in the issue (占位文字): 新建下一期 and 从模板新建 leave 在此输入标题,
在此粘贴正文, ▲图为…… in every article and caption, and they print in the PDF and the DOCX like any text.

One warning per story and page, naming the placeholders laid out there; a caption under a photo frame with
no photo is named by that frame's 空框 warning instead (one thing to fill or delete). The expected stories,
pages and sentences are written out by hand from the sample (layouts/make_sample.py).
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import os
import subprocess
import sys

import pytest

from editor import LAYOUTS_DIR, PROJECT_ROOT, SAMPLE_PROJECT
from editor.io.project import load_project, save_project
from editor.layout.engine import layout_document
from editor.model import Document, ImageFrame, MasterPage, Page, Paragraph, Run, Story, TextFrame
from editor.model.next_issue import next_issue
from editor.preflight.check import check_document
from editor.preflight.findings import FRAME_EMPTY, OVERSET, PLACEHOLDER_TEXT, WARNING
from tests.docbuilders import BODY, plain_style
from tests.preflight_docs import jpeg

TODAY = datetime.date(2021, 10, 8)
TAIL = "，导出和打印时会印出来。请填写或删去。"
#: (page, story) of every article of the sample's next issue that shows placeholders: all of them but the
#: section banners, mastheads and running heads, which 新建下一期 keeps.
NEXT_ISSUE_PLACEHOLDER_STORIES = [
    (1, "quotes"),
    (2, "lead-head"), (2, "lead"),
    (3, "brief-party"), (3, "brief-chongqing"), (3, "contest-head"), (3, "contest"),
    (4, "brief-guangxi"), (4, "brief-guizhou"),
    (5, "youth-head"), (5, "youth"), (5, "skills-head"), (5, "skills"),
]
#: (page, photo frame, caption story) of the sample's photos with a caption; their next issue has no photo.
CAPTIONED_PHOTOS = [(3, "p3-photo-talk", "caption-contest-talk"), (3, "p3-photo-prize", "caption-contest-prize"),
                    (4, "p4-photo-shandong", "caption-shandong"), (5, "p5-photo-skills", "caption-skills")]


def _next_issue() -> Document:
    return next_issue(load_project(SAMPLE_PROJECT), TODAY).document


def _findings(doc: Document, kind: str = PLACEHOLDER_TEXT) -> list:
    return [finding for finding in check_document(doc, layout_document(doc)) if finding.kind == kind]


def _set_text(doc: Document, story_id: str, *texts: str) -> None:
    """The story's paragraphs, in order, say ``texts`` (one run each, styles kept)."""
    story = doc.stories[story_id]
    story.paragraphs = [dataclasses.replace(paragraph, runs=[Run(text=text)])
                        for paragraph, text in zip(story.paragraphs, texts, strict=True)]


# ---------------------------------------------------------------- the next issue and the templates


def test_the_next_issue_of_the_sample_lists_each_placeholder_story_once_at_its_page():
    findings = _findings(_next_issue())
    assert [(f.page, f.story_id) for f in findings] == NEXT_ISSUE_PLACEHOLDER_STORIES
    assert {(f.severity, f.fix) for f in findings} == {(WARNING, None)}  # no 修复: only the user has the words
    by_story = {f.story_id: f for f in findings}
    lead_head = by_story["lead-head"]
    assert lead_head.frame_id == "p2-lead-head"
    assert lead_head.message == ("第 2 页有一篇文章只有占位文字“在此输入标题”“在此输入副标题”“在此输入导语”"
                                 f"{TAIL}")
    assert by_story["quotes"].message == f"第 1 页有一篇文章只有占位文字“在此输入标题”“在此输入引文”“在此输入作者”{TAIL}"
    assert by_story["contest"].message == f"第 3 页有一篇文章只有占位文字“在此粘贴正文”{TAIL}"


def test_a_placeholder_caption_under_an_empty_photo_frame_is_named_by_that_frames_empty_warning():
    empty = _findings(_next_issue(), FRAME_EMPTY)
    photos = [(f.page, f.frame_id, f.story_id) for f in empty if f.frame_id in {p for _, p, _ in CAPTIONED_PHOTOS}]
    assert photos == CAPTIONED_PHOTOS
    talk = next(f for f in empty if f.frame_id == "p3-photo-talk")
    assert talk.message == ("第 3 页有一个没有放图片的图片框，图片说明还是占位文字“▲图为……”，导出和打印时会印出来。"
                            "请放入图片并填写说明，或删去这个图片框。")
    party = next(f for f in empty if f.frame_id == "p3-photo-party")  # no caption: the sentence as before
    assert party.message == "第 3 页有一个没有放图片的图片框。"


def test_a_placed_photo_with_a_placeholder_caption_is_a_placeholder_warning_naming_the_photo():
    doc = _next_issue()
    doc.assets["talk.jpg"] = jpeg(1600, 1200)
    frame = doc.frame_by_id("p3-photo-talk")
    assert isinstance(frame, ImageFrame)
    frame.asset, frame.source_name = "talk.jpg", "座谈交流.jpg"
    found = [f for f in _findings(doc) if f.story_id == "caption-contest-talk"]
    assert [(f.page, f.frame_id) for f in found] == [(3, "p3-photo-talk")]
    assert found[0].message == f"第 3 页的图片“座谈交流.jpg”的说明还是占位文字“▲图为……”{TAIL}"
    assert "p3-photo-talk" not in {f.frame_id for f in _findings(doc, FRAME_EMPTY)}


def test_a_template_page_with_eight_placeholders_gives_one_warning_per_story():
    doc = load_project(LAYOUTS_DIR / "newsletter-a4.banmian")
    findings = _findings(doc)
    # Page 1: 引题, 标题, 副标题 over the lead; its 正文 and 署名; a brief's 标题, 正文 and 署名.
    assert [f.story_id for f in findings if f.page == 1] == ["p1-lead-head", "p1-lead", "p1-brief"]
    assert [(f.page, f.story_id) for f in findings if f.page == 2] == [(2, "p2-a-head"), (2, "p2-a"), (2, "p2-b")]
    assert len(findings) == 12
    head = next(f for f in findings if f.story_id == "p1-lead-head")
    assert head.message == f"第 1 页有一篇文章只有占位文字“在此输入引题”“在此输入标题”“在此输入副标题”{TAIL}"


# ---------------------------------------------------------------- what is not a placeholder


def test_the_sample_issue_has_no_placeholder():
    assert _findings(load_project(SAMPLE_PROJECT)) == []


def test_a_filled_article_is_no_longer_listed_and_a_half_filled_one_names_what_is_left():
    doc = _next_issue()
    _set_text(doc, "contest", "中铝股份举办职工技能竞赛，二十支队伍参赛。")
    _set_text(doc, "lead-head", "守正创新 凝心聚力", "在此输入副标题", "在此输入导语")
    by_story = {f.story_id: f for f in _findings(doc)}
    assert "contest" not in by_story
    # Called by its own first words (eight characters, as every unnamed story), not by the placeholders.
    assert by_story["lead-head"].message == ("第 2 页文章“守正创新 凝心聚…”还有占位文字“在此输入副标题”“在此输入导语”"
                                             f"{TAIL}")


def test_a_named_article_is_called_by_its_name():
    doc = _next_issue()
    doc.stories["contest"].name = "技能竞赛"
    contest = next(f for f in _findings(doc) if f.story_id == "contest")
    assert contest.message == f"第 3 页文章“技能竞赛”只有占位文字“在此粘贴正文”{TAIL}"


@pytest.mark.parametrize("text", ["请在此输入标题后再排版。", "在此输入", "在此粘贴正文，再调整字号", "▲图为……中铝山东"])
def test_real_text_that_holds_a_placeholder_s_words_is_not_one(text: str):
    doc = _one_story_doc([text])
    assert _findings(doc) == []


def test_a_placeholder_with_spaces_around_it_is_still_one():
    assert [f.message for f in _findings(_one_story_doc(["  在此输入标题 "]))] == [
        f"第 1 页有一篇文章只有占位文字“在此输入标题”{TAIL}"]


# ---------------------------------------------------------------- where the placeholder is laid out


def _one_story_doc(texts: list[str], height_pt: float = 200.0, pages: int = 1) -> Document:
    """Story ``s`` (``texts``, one paragraph each, 10 pt on 16 pt) in frame ``f`` on page 1; with more pages,
    threaded on into frame ``f2`` on page 2."""
    story = Story(id="s", paragraphs=[Paragraph(style=BODY, runs=[Run(text=text)]) for text in texts])
    first = TextFrame(id="f", story_id="s", x_pt=60.0, y_pt=80.0, width_pt=210.0, height_pt=height_pt)
    doc = Document(paragraph_styles={BODY: plain_style()}, stories={"s": story}, pages=[Page(id="p1", frames=[first])])
    if pages > 1:
        first.next_frame_id = "f2"
        doc.pages.append(Page(id="p2", frames=[dataclasses.replace(first, id="f2", next_frame_id=None)]))
    return doc


def test_a_story_threaded_over_two_pages_is_listed_on_each_with_the_placeholders_set_there():
    doc = _one_story_doc(["在此输入标题", "在此粘贴正文", "在此输入作者"], height_pt=20.0, pages=2)  # one line a frame
    findings = _findings(doc)
    assert [(f.page, f.frame_id, f.story_id) for f in findings] == [(1, "f", "s"), (2, "f2", "s")]
    assert [f.message for f in findings] == [f"第 1 页有一篇文章只有占位文字“在此输入标题”{TAIL}",
                                             f"第 2 页有一篇文章只有占位文字“在此粘贴正文”{TAIL}"]


def test_an_overset_placeholder_is_not_listed_as_printed():
    doc = _one_story_doc(["在此输入标题", "在此粘贴正文"], height_pt=20.0)
    found = check_document(doc, layout_document(doc))
    assert [(f.kind, f.message) for f in found] == [
        (OVERSET, "文章“未命名文章（第 1 页）”排不下：第 1 页的最后一个框之后还有 6 个字没有排入。"),
        (PLACEHOLDER_TEXT, f"第 1 页有一篇文章只有占位文字“在此输入标题”{TAIL}")]


def test_a_placeholder_on_a_master_is_listed_once_at_its_first_page():
    doc = _one_story_doc(["中铝股份召开党建工作会议。"])
    doc.stories["head"] = Story(id="head", paragraphs=[Paragraph(style=BODY, runs=[Run(text="在此输入标题")])])
    head = TextFrame(id="running-head", story_id="head", x_pt=60.0, y_pt=30.0, width_pt=210.0, height_pt=20.0)
    doc.masters = [MasterPage(id="m", frames=[head])]
    doc.pages += [Page(id="p2"), Page(id="p3")]
    for page in doc.pages:
        page.master_id = "m"
    findings = _findings(doc)
    assert [(f.page, f.frame_id) for f in findings] == [(1, "running-head@p1")]
    assert findings[0].message == ("第 1 页有一篇文章只有占位文字“在此输入标题”，它在主页上，用这个主页的每一页导出和打印时"
                                   "都会印出来。请在主页上填写或删去。")


# ---------------------------------------------------------------- command line


def test_banmian_preflight_json_lists_the_placeholders_with_kind_and_page(tmp_path):
    project = tmp_path / "第29期.banmian"
    save_project(_next_issue(), project)
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    result = subprocess.run([sys.executable, "-m", "editor", "preflight", str(project), "--json"], capture_output=True,
                            text=True, encoding="utf-8", cwd=PROJECT_ROOT, env=env, timeout=300)
    assert result.returncode == 0, result.stderr  # warnings only: the exit status stays 0
    report = json.loads(result.stdout)
    assert report["errors"] == 0
    listed = [(f["page"], f["story"]) for f in report["findings"] if f["kind"] == PLACEHOLDER_TEXT]
    assert listed == NEXT_ISSUE_PLACEHOLDER_STORIES
    lead_head = next(f for f in report["findings"] if f["story"] == "lead-head")
    assert (lead_head["severity"], lead_head["frame"], lead_head["fix"]) == (WARNING, "p2-lead-head", None)
    assert lead_head["message"].startswith("第 2 页有一篇文章只有占位文字“在此输入标题”")


def test_the_byline_placeholder_of_earlier_house_templates_is_one_too():
    """Issues made from the templates before their placeholders went by role still say （通讯员 姓名）."""
    doc = _one_story_doc(["中铝股份召开党建工作会议。", "（通讯员 姓名）"])
    assert [f.message for f in _findings(doc)] == [
        f"第 1 页文章“中铝股份召开党建…”还有占位文字“（通讯员 姓名）”{TAIL}"]
