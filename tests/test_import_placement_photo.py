"""导入文章 → 放入所选文本框 on a page made from a template: where the photo and the headline go.

The walkthrough's steps: 新建下一期 from the sample issue, select page 2's body
frame (要闻, threaded left column → right column) and import a Word article with
a title, a byline, long body text and a captioned portrait photo. The photo
must not hide text (it sits at the top of a column of the thread, at the
column's width, text wrapping around it and its caption), and the title must
go into the page's own 在此输入标题 frame, not into the 84 mm body column.
The laid-out page is checked, not only the frames.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.io.article_import import read_article
from editor.model import Document
from editor.model.article_placement import place_article_in_thread
from editor.model.frames import ImageFrame, ShapeFrame
from editor.model.geometry import Rect
from tests.docbuilders import apply_changes
from tests.import_placement_files import CAPTION, PHOTO_PX, frame_rect, glyph_boxes, next_sample_issue, write_article

MM = 72.0 / 25.4


@pytest.fixture
def issue() -> Document:
    """The sample's next issue: page 2 holds 在此输入标题/副标题/导语 above a threaded body."""
    return next_sample_issue()


def _import_into_body(issue: Document, tmp_path: Path, paragraphs: int = 14):
    article = read_article(write_article(tmp_path / "稿件一_学习会.docx", paragraphs))
    placement = place_article_in_thread(issue, "p2-lead-left", article)
    assert placement.changes
    apply_changes(placement.changes)
    return placement


def test_an_imported_photo_sits_at_the_top_of_the_threads_right_column_at_its_width(issue, tmp_path):
    placement = _import_into_body(issue, tmp_path)
    [photo] = [issue.frame_by_id(frame_id) for frame_id in placement.frame_ids]
    right = issue.frame_by_id("p2-lead-right")
    assert isinstance(photo, ImageFrame) and photo.wrap.mode == "around"
    assert (photo.x_pt, photo.y_pt, photo.width_pt) == pytest.approx((right.x_pt, right.y_pt, right.width_pt))
    assert photo.height_pt / photo.width_pt == pytest.approx(PHOTO_PX[1] / PHOTO_PX[0])
    assert photo.caption is not None and photo.caption.placement == "below"
    assert [p.plain_text() for p in issue.stories[photo.caption.story_id].paragraphs] == [CAPTION]
    caption_bottom_pt = photo.y_pt + photo.height_pt + photo.caption.gap_pt + photo.caption.extent_pt
    assert caption_bottom_pt < right.y_pt + right.height_pt


def test_no_glyph_of_the_body_lies_under_the_imported_photo_or_its_caption(issue, tmp_path):
    placement = _import_into_body(issue, tmp_path)
    photo = issue.frame_by_id(placement.frame_ids[0])
    caption = photo.caption
    covered = Rect(photo.x_pt, photo.y_pt, photo.width_pt, photo.height_pt + caption.gap_pt + caption.extent_pt)
    body = glyph_boxes(issue, 1, placement.story_id)
    right = frame_rect(issue.frame_by_id("p2-lead-right"))
    # The text does reach the right column, below the photo: the check below is not vacuous.
    assert any(box.overlaps(right) and box.y_pt > covered.bottom_pt for _, box in body)
    assert [char for char, box in body if box.overlaps(covered)] == []
    captions = glyph_boxes(issue, 1, caption.story_id)
    assert "".join(char for char, _ in captions) == CAPTION
    assert all(box.overlaps(covered) and box.y_pt >= photo.y_pt + photo.height_pt for _, box in captions)


def test_the_imported_photo_covers_no_other_frame_of_the_page(issue, tmp_path):
    placement = _import_into_body(issue, tmp_path)
    photo = issue.frame_by_id(placement.frame_ids[0])
    covered = Rect(photo.x_pt, photo.y_pt, photo.width_pt,
                   photo.height_pt + photo.caption.gap_pt + photo.caption.extent_pt)
    page = issue.pages[1]
    others = [f.id for f in page.frames if f.id != photo.id and frame_rect(f).overlaps(covered)]
    assert others == ["p2-lead-right"]  # only the thread's own column, whose text wraps around it


def test_a_photo_too_tall_for_the_column_keeps_its_proportions_and_leaves_room_for_text(issue, tmp_path):
    article = read_article(write_article(tmp_path / "稿件.docx"))
    tall = article.photos[0]
    article.photos[0] = type(tall)(asset=tall.asset, data=tall.data, source_name=tall.source_name,
                                   width_px=400, height_px=1600, caption=tall.caption)
    apply_changes(place_article_in_thread(issue, "p2-lead-left", article).changes)
    photo = next(f for f in issue.pages[1].frames if isinstance(f, ImageFrame))
    right = issue.frame_by_id("p2-lead-right")
    assert photo.height_pt / photo.width_pt == pytest.approx(4.0)
    assert photo.width_pt < right.width_pt
    assert photo.x_pt + photo.width_pt == pytest.approx(right.x_pt + right.width_pt)
    caption_bottom_pt = photo.y_pt + photo.height_pt + photo.caption.gap_pt + photo.caption.extent_pt
    assert caption_bottom_pt <= right.y_pt + right.height_pt * 2 / 3 + 0.01


def test_a_frame_at_the_top_of_the_column_pushes_the_photo_below_it(issue, tmp_path):
    right = issue.frame_by_id("p2-lead-right")
    box = ShapeFrame(id="box", shape="box", x_pt=right.x_pt, y_pt=right.y_pt, width_pt=right.width_pt,
                     height_pt=30 * MM)
    issue.pages[1].frames.append(box)
    placement = _import_into_body(issue, tmp_path)
    photo = issue.frame_by_id(placement.frame_ids[0])
    assert photo.x_pt == pytest.approx(right.x_pt)
    assert photo.y_pt >= box.y_pt + box.height_pt
    assert not frame_rect(photo).overlaps(frame_rect(box))
