"""Small layout rules a sampled mutation run of ``editor/layout`` found untested (issue 15):
wrap spans, a photo's own resolution, the left caption box, the flush continuation line,
field runs marked as fields, and the preedit keeping other stories' runs."""

from __future__ import annotations

from editor.layout.display import BoxItem, GlyphRun, PageLayout, Rect
from editor.layout.flow import _free_span
from editor.layout.images import caption_rect, image_rect
from editor.layout.jumps import jump_style
from editor.layout.provisional import _with_story
from editor.model import ImageFrame, ParagraphStyle, Run
from editor.model.frames import Caption
from tests.docbuilders import compose, one_frame_doc, runs_of


def test_a_wrap_box_beside_the_band_does_not_hide_a_later_box_in_the_band():
    column = Rect(0.0, 0.0, 100.0, 200.0)
    above = Rect(0.0, 0.0, 100.0, 10.0)  # wholly above the band 50..66
    in_band = Rect(0.0, 40.0, 30.0, 40.0)  # covers x 0..30 over the band
    assert _free_span(column, [above, in_band], 50.0, 16.0, 0.0, 0.0) == (30.0, 100.0)


def test_a_wrap_box_clear_of_the_first_span_still_narrows_the_spans_after_it():
    column = Rect(0.0, 0.0, 100.0, 200.0)
    middle = Rect(20.0, 0.0, 10.0, 200.0)  # leaves 0..20 and 30..100
    right_edge = Rect(90.0, 0.0, 10.0, 200.0)  # clear of 0..20, cuts 30..100 to 30..90
    assert _free_span(column, [middle, right_edge], 50.0, 16.0, 0.0, 0.0) == (30.0, 90.0)


def _photo(**changes) -> ImageFrame:
    return ImageFrame(id="i", x_pt=100.0, y_pt=200.0, width_pt=50.0, height_pt=80.0, **changes)


def test_original_size_honours_a_vertical_resolution_of_one_dot_per_inch():
    rect = image_rect(_photo(fit="original"), 300, 2, (300.0, 1.0))
    width_pt, height_pt = 300 * 72.0 / 300.0, 2 * 72.0 / 1.0  # 72 pt, 144 pt
    assert (rect.width_pt, rect.height_pt) == (width_pt, height_pt)
    assert rect.y_pt == 200.0 + 40.0 - height_pt / 2.0


def test_a_left_caption_sits_its_gap_and_width_left_of_the_photo():
    frame = _photo(caption=Caption(story_id="c", placement="left", gap_pt=4.0, extent_pt=24.0))
    assert caption_rect(frame) == Rect(100.0 - 4.0 - 24.0, 200.0, 24.0, 80.0)


def test_a_continuation_line_starts_flush_even_when_the_body_indents_its_first_line():
    body = ParagraphStyle(name="正文", size_pt=10.0, leading_pt=16.0, first_line_indent_chars=2.0,
                          left_indent_pt=6.0)
    for kind in ("down", "up"):
        style = jump_style(body, kind)
        assert (style.first_line_indent_chars, style.left_indent_pt) == (0.0, 0.0)


def test_the_glyphs_of_a_field_are_marked_as_field_and_the_text_around_it_is_not():
    doc = one_frame_doc(["第"])
    doc.issue.number = 37
    doc.stories["s"].paragraphs[0].runs = [Run(text="第"), Run(field="number"), Run(text="期")]
    marked = {run.text: run.is_field for run in runs_of(compose(doc))}
    assert marked == {"第": False, "37": True, "期": False}


def _run(story_id: str, text: str) -> GlyphRun:
    return GlyphRun(font=None, postscript_name="", size_pt=10.0, color=(0, 0, 0), text=text, glyph_ids=(1,),
                    x_pt=(0.0,), baseline_pt=10.0, box_left_pt=(0.0,), box_width_pt=(10.0,), story_id=story_id)


def test_a_provisional_page_replaces_only_the_edited_storys_runs():
    box = BoxItem(rect=Rect(0.0, 0.0, 5.0, 5.0), fill=(1, 1, 1), stroke=None, stroke_width_pt=0.0)
    other, old, new = _run("other", "乙"), _run("s", "甲"), _run("s", "甲丙")
    page = PageLayout(0, 500.0, 700.0, [box, other, old], [], [])
    assert _with_story(page, "s", [new], []).items == [box, other, new]
