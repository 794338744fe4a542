"""检查 finds frames whose text prints over each other (文本框重叠), judged by the laid-out text.

A 直接复制 copy left over its original warns once, naming both stories and the page; frames that only
touch, text over an empty frame, a photo (with or without its caption) over text, and the sample
issue and house templates do not. The expected sentences are written out by hand.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from editor import PROJECT_ROOT, SAMPLE_PROJECT
from editor.io.project import load_project, save_project
from editor.layout.engine import layout_document
from editor.model import (
    Caption,
    Document,
    ImageFrame,
    MasterPage,
    Page,
    Paragraph,
    Run,
    Story,
    TextFrame,
    TextWrap,
    mm_to_pt,
)
from editor.model.snippets import extract_snippet, paste_snippet
from editor.preflight.check import check_document
from editor.preflight.findings import FRAME_EMPTY, TEXT_OVERLAP, WARNING
from tests.docbuilders import BODY, apply_changes, plain_style
from tests.preflight_docs import jpeg

#: 21 characters: one full line of a 210 pt frame at 10 pt, so every line of the articles below is full.
LINE = "中铝股份召开党建工作会议，部署下半年工作。"
#: Where 直接复制 puts the copy: 5 mm right and down (``editor.ui.clipboard.PASTE_OFFSET_PT``).
DUPLICATE_OFFSET_PT = mm_to_pt(5.0)
LAYOUTS = sorted((PROJECT_ROOT / "layouts").glob("*.banmian"))


def _story(story_id: str, name: str, lines: int) -> Story:
    return Story(id=story_id, name=name, paragraphs=[Paragraph(style=BODY, runs=[Run(text=LINE * lines)])])


def _frame(frame_id: str, story_id: str, x_pt: float, y_pt: float, width_pt: float = 210.0,
           height_pt: float = 100.0) -> TextFrame:
    return TextFrame(id=frame_id, story_id=story_id, x_pt=x_pt, y_pt=y_pt, width_pt=width_pt, height_pt=height_pt)


def _doc(*frames, stories: tuple[Story, ...] = (), pages: int = 1) -> Document:
    """Pages of A4 with 10 pt text on 16 pt leading; ``frames`` on the first."""
    doc = Document(paragraph_styles={BODY: plain_style()}, stories={story.id: story for story in stories},
                   pages=[Page(id=f"p{index + 1}") for index in range(pages)])
    doc.pages[0].frames.extend(frames)
    return doc


def _article_doc() -> Document:
    """《党建工作会议》: six full lines in a frame they fill (100 pt holds six lines of 16 pt)."""
    return _doc(_frame("f", "s", 60.0, 80.0), stories=(_story("s", "党建工作会议", 6),))


def _overlaps(doc: Document) -> list:
    return [finding for finding in check_document(doc, layout_document(doc)) if finding.kind == TEXT_OVERLAP]


def _where(findings) -> list[tuple]:
    return [(f.kind, f.severity, f.page, f.frame_id, f.story_id, f.fix) for f in findings]


def _duplicate(doc: Document, frame_id: str) -> tuple[str, str]:
    """直接复制 of ``frame_id`` as the editor makes it (a snippet pasted 5 mm off); (new frame, new story)."""
    snippet = extract_snippet(doc, [frame_id])
    assert snippet is not None
    changes, (new_id,) = paste_snippet(doc, 0, snippet, (DUPLICATE_OFFSET_PT, DUPLICATE_OFFSET_PT))
    apply_changes(changes)
    copy = doc.frame_by_id(new_id)
    assert isinstance(copy, TextFrame)
    return new_id, copy.story_id


# ---------------------------------------------------------------- what warns


def test_a_duplicate_left_5_mm_off_its_original_is_one_warning_naming_the_story_and_the_page():
    doc = _article_doc()
    assert _overlaps(doc) == []
    copy_id, copy_story = _duplicate(doc, "f")
    findings = _overlaps(doc)
    assert _where(findings) == [(TEXT_OVERLAP, WARNING, 1, copy_id, copy_story, None)]
    assert findings[0].message == ("第 1 页有两个文本框都排着文章“党建工作会议”，彼此重叠，文字会叠印在一起。"
                                   "请移开其中一个，或删去多余的副本。")


def test_two_articles_whose_frames_overlap_are_named_both_back_first():
    doc = _doc(_frame("back", "a", 60.0, 80.0), _frame("front", "b", 150.0, 140.0),
               stories=(_story("a", "党建工作会议", 6), _story("b", "安全生产月", 6)))
    findings = _overlaps(doc)
    assert _where(findings) == [(TEXT_OVERLAP, WARNING, 1, "front", "b", None)]
    assert findings[0].message == ("第 1 页文章“党建工作会议”与文章“安全生产月”重叠，文字会叠印在一起。"
                                   "请移开其中一个，或删去多余的副本。")


def test_an_unnamed_article_is_called_by_its_first_words_as_elsewhere():
    doc = _doc(_frame("back", "a", 60.0, 80.0), _frame("front", "b", 150.0, 140.0),
               stories=(_story("a", "", 6), _story("b", "安全生产月", 6)))
    finding, = _overlaps(doc)
    assert finding.message.startswith("第 1 页文章“中铝股份召开党建…”与文章“安全生产月”重叠")


def test_a_frame_over_a_master_s_running_head_warns_on_its_page_only():
    head = Story(id="head", paragraphs=[Paragraph(style=BODY, runs=[Run(text="中铝党建第二十八期")])])
    master = MasterPage(id="m", name="版头", frames=[_frame("head", "head", 60.0, 30.0, height_pt=20.0)])
    doc = _doc(_frame("f", "s", 60.0, 35.0), stories=(head, _story("s", "党建工作会议", 6)), pages=2)
    doc.masters = [master]
    for page in doc.pages:
        page.master_id = "m"
    findings = _overlaps(doc)
    assert _where(findings) == [(TEXT_OVERLAP, WARNING, 1, "f", "s", None)]
    assert findings[0].message.startswith("第 1 页文章“中铝党建第二十八…”与文章“党建工作会议”重叠")


def test_two_master_frames_over_each_other_warn_once_at_the_first_page_showing_them():
    stories = (_story("a", "刊头", 2), _story("b", "期号", 2))
    master = MasterPage(id="m", name="刊头", frames=[_frame("a", "a", 60.0, 30.0, height_pt=40.0),
                                                      _frame("b", "b", 80.0, 40.0, height_pt=40.0)])
    doc = _doc(stories=stories, pages=3)
    doc.masters = [master]
    for page in doc.pages[1:]:
        page.master_id = "m"
    findings = _overlaps(doc)
    assert _where(findings) == [(TEXT_OVERLAP, WARNING, 2, "b@p2", "b@p2", None)]
    assert findings[0].message == ("第 2 页文章“刊头”与文章“期号”重叠，文字会叠印在一起。"
                                   "两个框都来自主页，请在主页上移开其中一个。")


def test_a_captioned_photo_over_an_article_warns_for_its_caption():
    doc = _article_doc()
    doc.stories["cap"] = _story("cap", "会场图注", 1)
    doc.pages[0].frames.append(ImageFrame(id="photo", x_pt=100.0, y_pt=20.0, width_pt=120.0, height_pt=60.0,
                                          caption=Caption(story_id="cap", extent_pt=30.0)))
    findings = _overlaps(doc)
    assert _where(findings) == [(TEXT_OVERLAP, WARNING, 1, "photo", "cap", None)]
    assert findings[0].message.startswith("第 1 页文章“党建工作会议”与图片说明“会场图注”重叠")


# ---------------------------------------------------------------- what does not


@pytest.mark.parametrize("dx_pt, dy_pt", [(210.0, 0.0), (-210.0, 0.0), (0.0, 100.0), (0.0, -60.0), (210.0, 100.0)],
                         ids=["right", "left", "below", "above", "corner"])
def test_frames_full_of_text_that_only_touch_do_not_warn(dx_pt, dy_pt):
    """The article's frame is 210 × 100 pt at (60, 80); another as large, as full, meets it at an edge
    (above: one 60 pt tall, room on the page)."""
    doc = _article_doc()
    doc.stories["t"] = _story("t", "安全生产月", 6)
    doc.pages[0].frames.append(_frame("g", "t", 60.0 + dx_pt, 80.0 + dy_pt, height_pt=60.0 if dy_pt < 0 else 100.0))
    assert _overlaps(doc) == []


def test_text_over_an_empty_frame_does_not_warn_the_empty_frame_does():
    doc = _article_doc()
    doc.stories["empty"] = Story(id="empty", paragraphs=[Paragraph(style=BODY, runs=[Run(text="")])])
    doc.pages[0].frames.insert(0, _frame("blank", "empty", 40.0, 60.0, width_pt=300.0, height_pt=200.0))
    findings = check_document(doc, layout_document(doc))
    assert _where(findings) == [(FRAME_EMPTY, WARNING, 1, "blank", "empty", None)]


def test_a_caption_frame_over_a_photo_does_not_warn():
    doc = _doc(ImageFrame(id="photo", asset="photo.jpg", source_name="会场.jpg", x_pt=60.0, y_pt=80.0,
                          width_pt=300.0, height_pt=200.0),
               _frame("credit", "credit", 70.0, 250.0, height_pt=20.0),
               stories=(_story("credit", "摄影", 1),))
    doc.assets["photo.jpg"] = jpeg(1500, 1000)
    assert check_document(doc, layout_document(doc)) == []


def test_a_photo_with_its_caption_wrapped_by_an_article_does_not_warn():
    doc = _article_doc()
    doc.stories["s"].paragraphs[0].runs[0].text = LINE * 12
    doc.pages[0].frames[0].height_pt = 300.0
    doc.stories["cap"] = _story("cap", "会场图注", 1)
    doc.pages[0].frames.append(ImageFrame(id="photo", x_pt=60.0, y_pt=140.0, width_pt=120.0, height_pt=60.0,
                                          wrap=TextWrap(mode="around"), caption=Caption(story_id="cap")))
    layout = layout_document(doc)
    wrapped = [line for line in layout.pages[0].lines if line.frame_id == "f" and 140.0 <= line.top_pt < 200.0]
    assert wrapped and all(line.left_pt > 180.0 for line in wrapped)  # the article does flow around the photo
    assert _overlaps(doc) == []


def test_a_pull_quote_frame_the_article_wraps_around_does_not_warn_and_warns_once_the_wrap_is_off():
    doc = _article_doc()
    doc.stories["s"].paragraphs[0].runs[0].text = LINE * 12
    doc.pages[0].frames[0].height_pt = 200.0
    doc.stories["q"] = _story("q", "金句", 2)
    doc.pages[0].frames.append(_frame("quote", "q", 150.0, 120.0, width_pt=120.0, height_pt=40.0))
    doc.pages[0].frames[-1].wrap = TextWrap(mode="around")
    assert _overlaps(doc) == []
    doc.pages[0].frames[-1].wrap = TextWrap(mode="none")
    assert _where(_overlaps(doc)) == [(TEXT_OVERLAP, WARNING, 1, "quote", "q", None)]


@pytest.mark.parametrize("path", LAYOUTS, ids=lambda path: path.name)
def test_the_sample_issue_and_every_house_template_have_no_stacked_text(path):
    assert SAMPLE_PROJECT in LAYOUTS
    doc = load_project(path)
    assert _overlaps(doc) == []


def test_the_sample_s_page_3_has_an_article_frame_under_two_photos_and_still_no_warning():
    """The sample's only overlapping frames: the contest article under its two photos (wrapped around
    them, captions included) — the case a check by rectangles would get wrong."""
    doc = load_project(SAMPLE_PROJECT)
    page = doc.pages[2]
    under = next(frame for frame in page.frames if frame.id == "p3-contest")
    photos = [frame for frame in page.frames if isinstance(frame, ImageFrame)
              and frame.x_pt < under.x_pt + under.width_pt and under.x_pt < frame.x_pt + frame.width_pt
              and frame.y_pt < under.y_pt + under.height_pt and under.y_pt < frame.y_pt + frame.height_pt]
    assert {photo.id for photo in photos} == {"p3-photo-talk", "p3-photo-prize"}
    assert _overlaps(doc) == []


# ---------------------------------------------------------------- properties


_frames = st.tuples(st.floats(0.0, 400.0), st.floats(0.0, 700.0), st.floats(30.0, 200.0), st.floats(20.0, 140.0))


@given(_frames, _frames)
def test_two_frames_whose_rectangles_do_not_meet_never_warn(first, second):
    (x1, y1, w1, h1), (x2, y2, w2, h2) = first, second
    assume(x1 + w1 <= x2 or x2 + w2 <= x1 or y1 + h1 <= y2 or y2 + h2 <= y1)
    doc = _doc(_frame("a", "a", x1, y1, w1, h1), _frame("b", "b", x2, y2, w2, h2),
               stories=(_story("a", "党建工作会议", 20), _story("b", "安全生产月", 20)))
    assert _overlaps(doc) == []


@given(st.floats(-200.0, 200.0), st.floats(-60.0, 60.0))
def test_a_copy_of_a_full_frame_moved_less_than_its_size_always_warns(dx_pt, dy_pt):
    """Six full lines of 10 pt on 16 pt leading in 210 × 100 pt: a copy moved less than its width
    across and up to 60 pt down or up still has a line's glyphs over one of the original's (the 6 pt
    between two lines cannot hold a 10 pt line)."""
    doc = _article_doc()
    doc.stories["t"] = _story("t", "党建工作会议", 6)
    doc.pages[0].frames.append(_frame("g", "t", 60.0 + dx_pt, 80.0 + dy_pt))
    assert _where(_overlaps(doc)) == [(TEXT_OVERLAP, WARNING, 1, "g", "t", None)]


# ---------------------------------------------------------------- command line


def test_banmian_preflight_json_lists_the_stacked_frames(tmp_path):
    doc = _article_doc()
    copy_id, copy_story = _duplicate(doc, "f")
    project = tmp_path / "重叠.banmian"
    save_project(doc, project)
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    result = subprocess.run([sys.executable, "-m", "editor", "preflight", str(project), "--json"], capture_output=True,
                            text=True, encoding="utf-8", cwd=PROJECT_ROOT, env=env, timeout=300)
    assert result.returncode == 0, result.stderr  # a warning: the exit status stays 0
    report = json.loads(result.stdout)
    assert (report["errors"], report["warnings"]) == (0, 1)
    assert [(f["kind"], f["severity"], f["page"], f["frame"], f["story"], f["fix"]) for f in report["findings"]] == [
        (TEXT_OVERLAP, WARNING, 1, copy_id, copy_story, None)]
    assert report["findings"][0]["message"].startswith("第 1 页有两个文本框都排着文章“党建工作会议”")
