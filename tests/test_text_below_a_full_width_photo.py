"""Text that meets a photo spanning its whole column jumps below it: to the first line of the
leading grid past the photo's wrap box, never a line later, and the story's character count
covers every character whatever the frames hold."""

from __future__ import annotations

import pytest

from editor.layout.engine import layout_document
from editor.model import ImageFrame, ParagraphStyle, TextWrap
from tests.docbuilders import BODY, lines_with_glyphs, one_frame_doc

HAN = "党群工作部中铝股份宣传思想大格局建设世界一流企业新发展理念"
LEADING = 16.0
FRAME_TOP = 60.0


def _tops_after_photo(photo_top: float, photo_height: float, gap: float) -> list[float]:
    style = ParagraphStyle(name=BODY, size_pt=10.0, leading_pt=LEADING, first_line_indent_chars=0)
    doc = one_frame_doc([HAN * 4], width_pt=200.0, height_pt=400.0, style=style)
    doc.pages[0].frames.append(ImageFrame(id="img", x_pt=30.0, y_pt=photo_top, width_pt=260.0,
                                          height_pt=photo_height, wrap=TextWrap(mode="around", gap_pt=gap)))
    return [line.top_pt for line, _ in lines_with_glyphs(layout_document(doc))]


@pytest.mark.parametrize(("photo_top", "photo_height", "gap", "first_below"), [
    # wrap box 96..124 (photo 98..122, 2 pt gap): the grid's lines after 92 start at 108 and 124.
    (98.0, 24.0, 2.0, 124.0),
    # wrap box 92..140: lines 60, 76 above; 140 is on the grid (60 + 5 × 16).
    (92.0, 48.0, 0.0, 140.0),
    # wrap box 90..131: only the line at 60 ends above it (76 + 16 > 90); 140 is the next grid line.
    (93.0, 35.0, 3.0, 140.0),
])
def test_text_resumes_on_the_first_grid_line_below_the_photo(photo_top: float, photo_height: float,
                                                             gap: float, first_below: float) -> None:
    tops = _tops_after_photo(photo_top, photo_height, gap)
    wrap_top, wrap_bottom = photo_top - gap, photo_top + photo_height + gap
    above = [top for top in tops if top + LEADING <= wrap_top + 1e-6]
    below = [top for top in tops if top >= wrap_bottom - 1e-6]
    assert above == [FRAME_TOP + LEADING * i for i in range(len(above))]
    assert below[0] == pytest.approx(first_below)
    assert len(above) + len(below) == len(tops)


def test_a_storys_character_count_is_every_character_of_its_paragraphs() -> None:
    paragraphs = ["党建引领", "宣传思想工作", "a b"]
    layout = layout_document(one_frame_doc(paragraphs))
    assert layout.stories["s"].char_count == 4 + 6 + 3
    assert layout.stories["s"].overset is False
