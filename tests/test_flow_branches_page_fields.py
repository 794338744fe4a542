"""The page number a paragraph's fields show (第N版, 页码) is the page its first line lands on.

A story threads through one frame on each page, 100 pt wide and 32 pt tall: two lines of ten 10 pt
characters on 16 pt leading. Where each paragraph's first line lands is worked out from those numbers.
"""

from __future__ import annotations

from editor.model import Document, Page, Paragraph, Run, Story, TextFrame
from tests.docbuilders import BODY, compose, line_texts, plain_style

SPACED = "空前"
TALL_SPACE = "大空前"
INDENTED = "缩进"


def _doc(paragraphs: list[Paragraph], pages: int = 3, height_pt: float = 32.0) -> Document:
    frames = [TextFrame(id=f"f{n}", story_id="s", x_pt=0.0, y_pt=0.0, width_pt=100.0, height_pt=height_pt,
                        next_frame_id=f"f{n + 1}" if n < pages else None) for n in range(1, pages + 1)]
    styles = {BODY: plain_style(), SPACED: plain_style(SPACED, space_before_pt=4.0), TALL_SPACE: plain_style(TALL_SPACE, space_before_pt=20.0),
              INDENTED: plain_style(INDENTED, left_indent_pt=75.0)}
    return Document(paragraph_styles=styles, stories={"s": Story(id="s", paragraphs=paragraphs)},
                    pages=[Page(id=f"p{n}", frames=[frame]) for n, frame in enumerate(frames, start=1)])


def _edition(style: str = BODY) -> Paragraph:
    return Paragraph(style=style, runs=[Run(text="第"), Run(field="page"), Run(text="版")])


def _body(count: int) -> Paragraph:
    return Paragraph(style=BODY, runs=[Run(text="甲" * count)])


def test_a_paragraph_after_one_that_fills_the_frame_shows_the_next_pages_number() -> None:
    # 20 characters fill page 1's two lines; the next paragraph starts on page 2.
    layout = compose(_doc([_body(20), _edition()]))
    assert [len(page.lines) for page in layout.pages] == [2, 1, 0]
    assert line_texts(layout) == ["甲" * 10, "甲" * 10, "第2版"]


def test_a_paragraph_mid_frame_shows_its_own_pages_number() -> None:
    layout = compose(_doc([_body(10), _edition()]))
    assert line_texts(layout) == ["甲" * 10, "第1版"]


def test_a_space_before_that_pushes_the_first_line_on_gives_the_next_pages_number() -> None:
    # One line on page 1 (0…16); 4 pt before puts the next at 20…36, past the frame's foot at 32.
    layout = compose(_doc([_body(10), _edition(SPACED)]))
    assert [len(page.lines) for page in layout.pages] == [1, 1, 0]
    assert line_texts(layout) == ["甲" * 10, "第2版"]
    # Without the space it fits on page 1.
    assert line_texts(compose(_doc([_body(10), _edition()]))) == ["甲" * 10, "第1版"]


def test_a_paragraph_at_a_frames_top_shows_that_pages_number_whatever_its_space_before() -> None:
    # At a frame's top the space before is left out: 20 pt would not leave room in the 32 pt frame,
    # but the paragraph starts at page 2's top, and so do its fields.
    layout = compose(_doc([_body(20), _edition(TALL_SPACE)]))
    assert [len(page.lines) for page in layout.pages] == [2, 1, 0]
    assert line_texts(layout)[-1] == "第2版"
    assert [line.top_pt for line in layout.pages[1].lines] == [0.0]
    first = compose(_doc([_edition(TALL_SPACE)]))
    assert line_texts(first) == ["第1版"] and [line.top_pt for line in first.pages[0].lines] == [0.0]


def test_a_frame_too_narrow_for_any_line_is_passed_by_and_the_page_after_it_counts() -> None:
    # Page 2's frame is 25 pt wide, under three ems: the paragraph after page 1's full frame starts on page 3.
    doc = _doc([_body(20), _edition()])
    doc.pages[1].frames[0].width_pt = 25.0
    layout = compose(doc)
    assert [len(page.lines) for page in layout.pages] == [2, 0, 1]
    assert line_texts(layout) == ["甲" * 10, "甲" * 10, "第3版"]


def test_a_paragraph_no_frame_has_room_for_is_overset_and_counts_the_last_pages_number() -> None:
    # A 75 pt left indent leaves 25 pt in every frame: nothing of it fits; its 第3版 is 3 characters over.
    layout = compose(_doc([_body(10), _edition(INDENTED)]))
    assert line_texts(layout) == ["甲" * 10]
    assert (layout.stories["s"].char_count, layout.stories["s"].overset_char_count) == (13, 3)


def test_a_paragraph_past_the_last_frame_shows_the_last_pages_number_in_its_count() -> None:
    # Ten pages of two lines are full after 200 characters; the overset 第10版 counts four characters.
    layout = compose(_doc([_body(200), _edition()], pages=10))
    assert layout.stories["s"].overset_char_count == 4
    assert layout.stories["s"].char_count == 204
