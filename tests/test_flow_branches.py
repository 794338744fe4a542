"""Rare turns of the flow a user can still meet: a lone last character that cannot be helped, and
vertically aligned frames with a column the text skips, lines beside and below photos that block
them; and a story flowed into no area at all.

Styles are 10 pt on 16 pt leading, set flush left with no indent. Widths of Latin letters are read
from Noto Serif SC's own advance table with fontTools (the word "Banmian" is 4.412 em there);
every other place is worked out from the frame's numbers.
"""

from __future__ import annotations

import pytest
from fontTools.ttLib import TTFont

from editor import FONTS_DIR
from editor.layout.charformat import FormatResolver
from editor.layout.engine import default_faces
from editor.layout.flow import flow_story
from editor.layout.textprep import PreparedParagraph, prepare_paragraph
from editor.model import Document, ImageFrame, Page, Paragraph, Run, Story, TextFrame, TextWrap
from editor.model.document import IssueFields
from tests.docbuilders import BODY, compose, line_texts, lines_with_glyphs, one_frame_doc, plain_style

WORD = "Banmian"


def _word_width_pt(size_pt: float = 10.0) -> float:
    with TTFont(str(FONTS_DIR / "NotoSerifSC-Regular.ttf")) as font:
        cmap, metrics = font.getBestCmap(), font["hmtx"]
        return sum(metrics[cmap[ord(ch)]][0] for ch in WORD) / font["head"].unitsPerEm * size_pt


def test_the_word_is_as_wide_as_the_tests_below_assume() -> None:
    assert _word_width_pt() == pytest.approx(44.12)


def test_a_lone_last_character_stays_alone_when_the_line_above_is_one_word() -> None:
    # 50 pt holds the word (44.12 pt) but not the word, the ¼ em Han–Latin space and 甲 (56.62 pt).
    # The line above has no earlier break to give 甲 company: 甲 stays alone.
    doc = one_frame_doc([WORD + "甲"], width_pt=50.0, style=plain_style())
    assert line_texts(compose(doc)) == [WORD, "甲"]


def test_a_lone_last_character_is_given_the_word_above_when_its_line_has_room() -> None:
    # 15 甲, the space and the word: 150 + 2.5 + 44.12 = 196.62 pt of 200; 丙 goes to the next line
    # alone, so the word comes down to it (2.5 + 44.12 + 10 = 56.62 pt fits a 200 pt line).
    doc = one_frame_doc(["甲" * 15 + WORD + "丙"], width_pt=200.0, style=plain_style())
    assert line_texts(compose(doc)) == ["甲" * 15, WORD + "丙"]


def test_a_lone_last_character_beside_a_photo_keeps_its_narrow_line_to_itself() -> None:
    # A wrap box over the second line from x 80 leaves it 50…80: 30 pt, room for 丙 but not for the
    # word with it (56.62 pt). The word stays above and 丙 is alone, rather than overrun the photo.
    doc = one_frame_doc(["甲" * 15 + WORD + "丙"], width_pt=200.0, style=plain_style())
    doc.pages[0].frames.append(ImageFrame(id="img", x_pt=80.0, y_pt=76.0, width_pt=200.0, height_pt=16.0,
                                          wrap=TextWrap(mode="around", gap_pt=0.0)))
    layout = compose(doc)
    assert line_texts(layout) == ["甲" * 15 + WORD, "丙"]
    assert [(line.left_pt, line.right_pt, line.top_pt) for line in layout.pages[0].lines] == [
        (50.0, 250.0, 60.0), (50.0, 80.0, 76.0)]


def _three_columns(vertical_align: str) -> Document:
    """A 3-column frame at (50, 60), columns 200 × 100 pt (x 50, 262, 474), with a photo that text
    wraps around over all of column 2: 140 characters fill column 1 (six lines) and one line of
    column 3."""
    story = Story(id="s", paragraphs=[Paragraph(style=BODY, runs=[Run(text="甲" * 140)])])
    frame = TextFrame(id="f", story_id="s", x_pt=50.0, y_pt=60.0, width_pt=624.0, height_pt=100.0, columns=3,
                      gutter_pt=12.0, vertical_align=vertical_align)
    photo = ImageFrame(id="img", x_pt=262.0, y_pt=60.0, width_pt=200.0, height_pt=100.0,
                       wrap=TextWrap(mode="around", gap_pt=0.0))
    return Document(paragraph_styles={BODY: plain_style()}, stories={"s": story},
                    pages=[Page(id="p", frames=[frame, photo])])


def _column_tops(doc: Document) -> list[tuple[int, float]]:
    return [(line.column_index, line.top_pt) for page in compose(doc).pages for line in page.lines]


def test_a_centred_frame_centres_each_column_past_one_the_text_skips() -> None:
    # Column 1: six lines, 96 pt, centred in 100: from 62. Column 2 is empty. Column 3: one line,
    # (100 − 16) / 2 = 42 down: 102.
    assert _column_tops(_three_columns("center")) == [(0, 62.0 + 16.0 * i) for i in range(6)] + [(2, 102.0)]


def test_a_bottom_aligned_frame_ends_each_column_at_its_foot_past_one_the_text_skips() -> None:
    # Column 1 ends at 160: from 64. Column 3's one line: 160 − 16 = 144.
    assert _column_tops(_three_columns("bottom")) == [(0, 64.0 + 16.0 * i) for i in range(6)] + [(2, 144.0)]
    assert _column_tops(_three_columns("top")) == [(0, 60.0 + 16.0 * i) for i in range(6)] + [(2, 60.0)]


def test_a_story_flowed_into_no_area_is_all_overset_and_its_fields_read_page_1() -> None:
    doc = one_frame_doc(["甲乙"], style=plain_style())
    doc.stories["s"].paragraphs.append(Paragraph(style=BODY, runs=[Run(text="第"), Run(field="page"), Run(text="版")]))
    pages_asked: list[int] = []

    def prepare(paragraph: Paragraph, resolver: FormatResolver, issue: IssueFields, page_number: int) -> PreparedParagraph:
        pages_asked.append(page_number)
        return prepare_paragraph(paragraph, resolver, issue, page_number)

    result = flow_story(doc.stories["s"], [], FormatResolver(doc, default_faces()), doc.issue, prepare)
    assert (result.lines, result.char_count, result.overset_char_count) == ([], 5, 5)
    assert pages_asked == [1, 1]


def test_a_lone_last_character_is_given_company_that_fits_its_narrow_line_only_squeezed() -> None:
    # 乙。”丙: 乙 and 丙 an em each, 。” adjacent marks 1.5 em — 35 pt; the marks can squeeze half an em
    # more (先挤进), to 30 pt: just the 30 pt the photo leaves the second line. So 乙。” come down to 丙.
    doc = one_frame_doc(["甲" * 18 + "乙。”丙"], width_pt=200.0, style=plain_style())
    doc.pages[0].frames.append(ImageFrame(id="img", x_pt=80.0, y_pt=76.0, width_pt=200.0, height_pt=16.0,
                                          wrap=TextWrap(mode="around", gap_pt=0.0)))
    layout = compose(doc)
    assert line_texts(layout) == ["甲" * 18, "乙。”丙"]
    _, glyphs = lines_with_glyphs(layout)[1]
    assert sum(width for _, _, _, width in glyphs) == pytest.approx(30.0)


def _beside_box(box_x_pt: float) -> list[tuple[str, float, float, float]]:
    """(text, left, right, top) of each line of 甲乙丙丁戊己 in the 210 pt frame at (50, 60), with a
    photo the text wraps around from ``box_x_pt`` rightwards over 60…92."""
    doc = one_frame_doc(["甲乙丙丁戊己"], style=plain_style())
    doc.pages[0].frames.append(ImageFrame(id="img", x_pt=box_x_pt, y_pt=60.0, width_pt=300.0, height_pt=32.0,
                                          wrap=TextWrap(mode="around", gap_pt=0.0)))
    layout = compose(doc)
    return [(text, line.left_pt, line.right_pt, line.top_pt)
            for text, line in zip(line_texts(layout), layout.pages[0].lines, strict=True)]


def test_a_line_beside_a_photo_needs_three_ems() -> None:
    # From x 80 the photo leaves 50…80: 30 pt, three 10 pt characters — two lines are set beside it.
    assert _beside_box(80.0) == [("甲乙丙", 50.0, 80.0, 60.0), ("丁戊己", 50.0, 80.0, 76.0)]
    # From x 79.9 it leaves 29.9 pt: no line beside it; the text starts below it, at 92, full width.
    assert _beside_box(79.9) == [("甲乙丙丁戊己", 50.0, 260.0, 92.0)]


def test_text_blocked_by_two_photos_starts_where_the_first_of_them_ends() -> None:
    # Photo A covers the column's left part (x 50…150) from above the frame down to 300; photo B its
    # right part (150…260) over 60…100. Lines at 60, 76 and 92 meet both; at 108 B has ended and the
    # 110 pt right of A takes eleven characters a line — not from 300, where A ends.
    doc = one_frame_doc(["甲" * 22], style=plain_style())
    doc.pages[0].frames.extend([
        ImageFrame(id="a", x_pt=0.0, y_pt=0.0, width_pt=150.0, height_pt=300.0, wrap=TextWrap(mode="around", gap_pt=0.0)),
        ImageFrame(id="b", x_pt=150.0, y_pt=60.0, width_pt=150.0, height_pt=40.0,
                   wrap=TextWrap(mode="around", gap_pt=0.0))])
    layout = compose(doc)
    assert line_texts(layout) == ["甲" * 11, "甲" * 11]
    assert [(line.left_pt, line.right_pt, line.top_pt) for line in layout.pages[0].lines] == [
        (150.0, 260.0, 108.0), (150.0, 260.0, 124.0)]


@pytest.mark.parametrize("order", [("top", "low"), ("low", "top")])
def test_text_under_a_photo_at_the_columns_top_starts_right_below_it_though_another_photo_sits_lower(
        order: tuple[str, str]) -> None:
    # A full-width box over 60…100 blocks the lines at 60, 76 and 92: the text starts at 108. A second
    # box far below (300…340) does not meet those lines and must not send the text down past it, nor,
    # listed first on the page, hide the first box's wrap.
    doc = one_frame_doc(["甲" * 60], style=plain_style())
    tops_pt = {"top": 60.0, "low": 300.0}
    for name in order:
        doc.pages[0].frames.append(ImageFrame(id=name, x_pt=40.0, y_pt=tops_pt[name], width_pt=240.0, height_pt=40.0,
                                              wrap=TextWrap(mode="around", gap_pt=0.0)))
    assert [line.top_pt for line in compose(doc).pages[0].lines] == [108.0, 124.0, 140.0]


def test_a_photo_ending_within_a_hundredth_of_a_point_of_a_line_frees_that_line() -> None:
    # A full-width photo over 60…92.01: the line at 92 starts 0.01 pt above its foot, within the flow's
    # tolerance, so it is set there; a photo to 92.02 sends it to 108.
    for bottom_pt, first_top_pt in ((92.01, 92.0), (92.02, 108.0)):
        doc = one_frame_doc(["甲" * 20], style=plain_style())
        doc.pages[0].frames.append(ImageFrame(id="img", x_pt=40.0, y_pt=60.0, width_pt=240.0,
                                              height_pt=bottom_pt - 60.0, wrap=TextWrap(mode="around", gap_pt=0.0)))
        assert [line.top_pt for line in compose(doc).pages[0].lines] == [first_top_pt]


def test_a_centred_frame_the_thread_reaches_from_a_top_aligned_one_is_centred() -> None:
    # 甲 × 160 from a top-aligned frame of six lines (120 characters) into a centred one of 100 pt:
    # its two lines (32 pt) sit (100 − 32) / 2 = 34 pt down: 334 and 350.
    story = Story(id="s", paragraphs=[Paragraph(style=BODY, runs=[Run(text="甲" * 160)])])
    frames = [TextFrame(id="a", story_id="s", x_pt=50.0, y_pt=60.0, width_pt=200.0, height_pt=100.0, next_frame_id="b"),
              TextFrame(id="b", story_id="s", x_pt=50.0, y_pt=300.0, width_pt=200.0, height_pt=100.0,
                        vertical_align="center")]
    doc = Document(paragraph_styles={BODY: plain_style()}, stories={"s": story}, pages=[Page(id="p", frames=frames)])
    tops = [(line.frame_id, line.top_pt) for line in compose(doc).pages[0].lines]
    assert tops == [("a", 60.0 + 16.0 * i) for i in range(6)] + [("b", 334.0), ("b", 350.0)]


#: A paragraph whose lines the paragraph-wide breaker of justified text chooses differently from
#: line-by-line filling at 163.94 pt (from tests/test_paragraph_breaks.py's corpus).
RAGGED = "学习生产创新党建世界一流（世界一流）22℃dqb@chalco.com.cn基层中铝股份铝业党组织高质量世界一流群众基层群众群众大格局5℃生产dqb@"


@pytest.mark.parametrize("alignment", ["left", "center", "right"])
def test_a_paragraph_not_justified_fills_each_line_as_full_as_it_goes(alignment: str) -> None:
    # Twelve Han, （ and 世界一: 16 em = 160 pt of 163.94; 流 would make 17 em, 16.5 with （ squeezed to
    # half — 165 pt, too wide. So the first line ends after 世界一 and the second starts 流）.
    doc = one_frame_doc([RAGGED], width_pt=163.94, style=plain_style(alignment=alignment))
    texts = line_texts(compose(doc))
    assert texts[0] == "学习生产创新党建世界一流（世界一"
    assert texts[1].startswith("流）")
