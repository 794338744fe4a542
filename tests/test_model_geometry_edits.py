"""Model edits and messages checked against values worked out in the test (issue #15).

Written against mutants that ``bench/bench_mutation.py`` found surviving in ``editor/model``:
aligning to the bottom or the vertical centre, distributing across the page, a grown
rectangle's size, deleting the middle frame of a thread of three, the Chinese reasons for
bad regular expressions, the 新建下一期 summary's lines. Expected positions are computed here
from the frames' own numbers and expected texts written out, never taken from the code.
"""

from __future__ import annotations

import dataclasses
from itertools import pairwise

import pytest

from editor.model import arrange, edits
from editor.model.find_replace import SearchError, SearchOptions, compile_pattern
from editor.model.frames import TextFrame
from editor.model.geometry import Rect
from editor.model.next_issue import NextIssueSummary
from tests.docbuilders import apply_changes


def _brief_photo_and_brief() -> list[str]:
    """Page 4's brief, the photo beside it and the wide brief below: three frames of different sizes."""
    return ["p4-brief-guangxi", "p4-photo-guangxi", "p4-brief-guizhou"]


def test_align_bottom_puts_every_bottom_edge_on_the_lowest_one(doc):
    ids = _brief_photo_and_brief()
    lowest_pt = max(doc.frame_by_id(i).y_pt + doc.frame_by_id(i).height_pt for i in ids)
    apply_changes(arrange.align_frames(doc, ids, "bottom"))
    for frame_id in ids:
        frame = doc.frame_by_id(frame_id)
        assert frame.y_pt + frame.height_pt == pytest.approx(lowest_pt)


def test_align_vcenter_puts_every_middle_on_the_selections_middle(doc):
    ids = _brief_photo_and_brief()
    top_pt = min(doc.frame_by_id(i).y_pt for i in ids)
    bottom_pt = max(doc.frame_by_id(i).y_pt + doc.frame_by_id(i).height_pt for i in ids)
    apply_changes(arrange.align_frames(doc, ids, "vcenter"))
    for frame_id in ids:
        frame = doc.frame_by_id(frame_id)
        assert frame.y_pt + frame.height_pt / 2 == pytest.approx((top_pt + bottom_pt) / 2)


def test_distribute_horizontally_moves_only_across_and_evens_the_gaps(doc):
    ids = _brief_photo_and_brief()
    heights_before = {i: doc.frame_by_id(i).y_pt for i in ids}
    # Narrow the wide brief and put it between the other two, so there is something to even out.
    apply_changes(edits.set_geometry(doc, ids[2], 300.0, 364.25, 60.0, 123.31))
    apply_changes(arrange.distribute_frames(doc, ids, "horizontal"))
    frames = sorted((doc.frame_by_id(i) for i in ids), key=lambda f: f.x_pt)
    gaps_pt = [b.x_pt - (a.x_pt + a.width_pt) for a, b in pairwise(frames)]
    assert gaps_pt[0] == pytest.approx(gaps_pt[1])
    assert {i: doc.frame_by_id(i).y_pt for i in ids} == heights_before


def test_a_rect_expanded_by_5pt_grows_5pt_on_every_side():
    grown = Rect(10.0, 20.0, 100.0, 50.0).expanded(5.0)
    assert (grown.x_pt, grown.y_pt, grown.width_pt, grown.height_pt) == (5.0, 15.0, 110.0, 60.0)


def test_deleting_the_middle_frame_of_a_thread_links_the_first_to_the_last(doc):
    first = doc.frame_by_id("p2-lead-left")
    second = doc.frame_by_id("p2-lead-right")
    assert (first.next_frame_id, second.next_frame_id) == ("p2-lead-right", None)
    third = TextFrame(id="p2-lead-third", x_pt=60.0, y_pt=600.0, width_pt=200.0, height_pt=100.0,
                      story_id="p2-lead-third-story")
    apply_changes(edits.add_frame(doc, 1, third))
    apply_changes(edits.link_frames(doc, "p2-lead-right", "p2-lead-third"))
    apply_changes(edits.delete_frames(doc, ["p2-lead-right"]))
    assert doc.frame_by_id("p2-lead-left").next_frame_id == "p2-lead-third"
    assert doc.frame_by_id("p2-lead-third").story_id == first.story_id


def test_a_stray_closing_parenthesis_is_reported_as_unbalanced():
    with pytest.raises(SearchError) as refused:
        compile_pattern(SearchOptions("党建)", regex=True))
    assert str(refused.value) == "正则表达式有误（第 3 个字符附近）：括号不成对"


def test_a_backwards_character_range_is_reported_as_reversed():
    with pytest.raises(SearchError) as refused:
        compile_pattern(SearchOptions("[z-a]", regex=True))
    assert str(refused.value).endswith("：字符范围颠倒")


def test_next_issue_summary_lines_name_each_count_with_its_unit():
    summary = NextIssueSummary(pages=8, masters=2, styles=0, swatches=0, design_stories=0, shapes=0,
                               articles=5, captions=3, photo_frames=7, photos_placed=4, photos_dropped=6, keep_articles=False)
    assert summary.kept_lines()[:2] == ["页面：8 个", "母版：2 个"]
    assert summary.cleared_lines()[-1] == "不再使用的图片文件（从项目中移除）：6 个"
    kept = dataclasses.replace(summary, keep_articles=True)
    assert kept.kept_lines()[-3:] == ["文章（原文保留）：5 篇", "图片说明（原文保留）：3 条", "图片（保留）：4 张"]
