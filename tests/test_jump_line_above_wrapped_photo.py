"""「（下转第N版）」 goes at the foot of the leaving column — above a photo the text wraps around there,
not under it (the walkthrough's PDF had it printed over the photo's caption)."""

from __future__ import annotations

from editor.layout.engine import layout_document
from editor.model import ImageFrame
from editor.model.frames import TextWrap
from tests.test_jump_lines import FRAME_HEIGHT_PT, jump_boxes, story_lines, threaded_doc

#: The photo over the foot of frame a (x 50–250, y 60–220): its lower 50 pt, full width.
PHOTO_TOP_PT = 60.0 + FRAME_HEIGHT_PT - 50.0
GAP_PT = 4.0


def _doc_with_photo_at_the_foot(wrap: str):
    doc = threaded_doc()
    doc.pages[0].frames.append(ImageFrame(id="photo", x_pt=40.0, y_pt=PHOTO_TOP_PT, width_pt=220.0, height_pt=60.0,
                                          wrap=TextWrap(mode=wrap, gap_pt=GAP_PT)))
    return doc


def _bottom(line) -> float:
    return line.top_pt + line.height_pt


def test_the_down_line_sits_above_the_wrapped_photo_and_below_the_last_line_of_text():
    layout = layout_document(_doc_with_photo_at_the_foot("around"))
    down = jump_boxes(layout)[1]
    assert [line.jump_text for line in down] == ["（下转第3版）"]
    wrap_top = PHOTO_TOP_PT - GAP_PT
    assert _bottom(down[0]) <= wrap_top + 1e-6  # not on the photo
    assert wrap_top - _bottom(down[0]) < 16.0  # right above it, not a line higher
    text = story_lines(layout, "a")
    assert text and max(_bottom(line) for line in text) <= down[0].top_pt + 1e-6  # no text under it
    assert jump_boxes(layout)[3][0].jump_text == "（上接第1版）"


def test_a_photo_the_text_does_not_wrap_around_leaves_the_down_line_at_the_frame_foot():
    layout = layout_document(_doc_with_photo_at_the_foot("none"))
    down = jump_boxes(layout)[1][0]
    assert abs(_bottom(down) - (60.0 + FRAME_HEIGHT_PT)) < 1e-6
