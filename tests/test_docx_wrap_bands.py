"""A photo as wide as the column: the DOCX column must stop above it and start again below it.

Text boxes ignore floating objects in Word and LibreOffice, so where our text jumps over a
photo the DOCX needs one box above the photo and one below, even though every line keeps the
column's full width (found by the 2026-11-26 walkthrough: LibreOffice ran the text under the
photo and its caption).
"""

from __future__ import annotations

from editor.layout.engine import layout_document
from editor.model import ImageFrame, TextWrap
from editor.render.docx.plan import TextBox, TextFlow, plan_document
from tests.docbuilders import one_frame_doc

PARAGRAPH = "公司党委坚持把职工群众满意作为衡量工作成效的根本标准，先后召开专题会议十二次。" * 3
#: The text frame ``one_frame_doc`` makes: x 50, y 60, 210 × 400 pt; the photo covers its width.
PHOTO_TOP_PT = 200.0
PHOTO_HEIGHT_PT = 80.0
GAP_PT = 6.0


def _doc_with_full_width_photo(wrap_mode: str = "around"):
    doc = one_frame_doc([PARAGRAPH] * 6)
    photo = ImageFrame(id="photo", x_pt=50.0, y_pt=PHOTO_TOP_PT, width_pt=210.0, height_pt=PHOTO_HEIGHT_PT,
                       wrap=TextWrap(mode=wrap_mode, gap_pt=GAP_PT))
    doc.pages[0].frames.append(photo)
    return doc


def _story_boxes(doc, flow: TextFlow = "linked") -> list[TextBox]:
    (page,) = plan_document(doc, layout_document(doc), flow)
    return sorted((obj for obj in page.objects if isinstance(obj, TextBox) and obj.frame_id == "f"),
                  key=lambda box: box.rect.y_pt)


def test_a_column_with_a_photo_across_it_is_two_boxes_one_above_and_one_below_the_photo():
    above, below = _story_boxes(_doc_with_full_width_photo())
    photo_top_with_gap = PHOTO_TOP_PT - GAP_PT
    photo_bottom_with_gap = PHOTO_TOP_PT + PHOTO_HEIGHT_PT + GAP_PT
    assert above.rect.y_pt == 60.0  # the column's top
    assert above.rect.bottom_pt <= photo_top_with_gap + 0.01
    assert below.rect.y_pt >= photo_bottom_with_gap - 0.01
    assert below.rect.bottom_pt == 460.0  # the column's bottom
    # Linked: one chain, the text flows from the box above the photo into the one below it.
    assert above.chain_id is not None and above.chain_id == below.chain_id
    assert (above.chain_seq, below.chain_seq) == (0, 1)


def test_each_box_beside_a_photo_across_the_column_holds_the_lines_set_there():
    doc = _doc_with_full_width_photo()
    layout = layout_document(doc)
    split_at = next(line for line in layout.pages[0].lines if line.top_pt >= PHOTO_TOP_PT)
    above, below = _story_boxes(doc, flow="per_box")
    first_below = below.fragments[0]
    assert (first_below.paragraph_index, first_below.start) == (split_at.paragraph_index, split_at.start_offset)
    last_above = above.fragments[-1]
    expected = ((split_at.paragraph_index, split_at.start_offset) if split_at.start_offset
                else (split_at.paragraph_index - 1, None))
    assert (last_above.paragraph_index, last_above.end) == expected


def test_a_column_without_a_wrapping_photo_stays_one_box():
    boxes = _story_boxes(_doc_with_full_width_photo(wrap_mode="none"))
    assert len(boxes) == 1
    assert (boxes[0].rect.y_pt, boxes[0].rect.bottom_pt) == (60.0, 460.0)
