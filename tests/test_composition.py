"""Chinese composition rules, checked on small documents (clreq, GB/T 15834)."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from editor.layout import chars as cc
from editor.model import ImageFrame, Page, Paragraph, ParagraphStyle, Run, Story, TextFrame, TextWrap
from tests import clreq
from tests.docbuilders import BODY, compose, line_texts, lines_with_glyphs, one_frame_doc

SIZE = 10.0
HAN = "党群工作部中铝股份宣传思想大格局建设世界一流企业新发展理念"
PUNCT = "，。、：；！？“”（）《》"


def _style(**changes) -> ParagraphStyle:
    values = dict(name=BODY, size_pt=SIZE, leading_pt=16.0)
    values.update(changes)
    return ParagraphStyle(**values)


def test_comma_that_would_start_a_line_is_squeezed_in_first():
    # 20 characters fill a 200 pt line exactly; the 21st is a comma. A 顿号 earlier
    # in the line can give up half an em, so the comma is squeezed in (先挤进).
    text = HAN[:9] + "、" + HAN[:10] + "，" + HAN[:30] + "。"
    layout = compose(one_frame_doc([text], width_pt=200.0, style=_style(first_line_indent_chars=0)))
    lines = line_texts(layout)
    assert lines[0].endswith("，")
    assert not any(line[0] in clreq.NO_LINE_START for line in lines[1:])


def test_comma_that_cannot_be_squeezed_in_takes_a_character_with_it():
    # Nothing on the line can shrink: the last character goes down with the comma (后推出).
    text = HAN[:20] + "，" + HAN[:30] + "。"
    layout = compose(one_frame_doc([text], width_pt=200.0, style=_style(first_line_indent_chars=0)))
    lines = line_texts(layout)
    assert lines[0] == HAN[:19]
    assert lines[1].startswith(HAN[19] + "，")


def test_line_end_comma_takes_half_width_and_line_still_reaches_the_edge():
    text = HAN[:19] + "，" + HAN[:30]
    layout = compose(one_frame_doc([text], width_pt=200.0, style=_style(first_line_indent_chars=0)))
    line, glyphs = lines_with_glyphs(layout)[0]
    last = glyphs[-1]
    assert last[0] == "，"
    assert last[3] == pytest.approx(SIZE / 2)
    assert last[2] + last[3] == pytest.approx(line.right_pt, abs=0.01)


def test_opening_bracket_never_ends_a_line():
    text = HAN[:19] + "（" + HAN[:8] + "）" + HAN[:20]
    layout = compose(one_frame_doc([text], width_pt=200.0, style=_style(first_line_indent_chars=0)))
    assert not any(line[-1] in clreq.NO_LINE_END for line in line_texts(layout))


@pytest.mark.parametrize("mark", sorted(clreq.NO_LINE_START))
def test_no_mark_the_standard_keeps_from_a_line_start_starts_one(mark: str):
    # 20 characters fill the 200 pt line; the mark comes 21st, where a plain break would put
    # it first on the next line. The list is clreq's, written in tests/clreq.py.
    lines = _unindented_lines(HAN[:20] + mark + HAN[:30])
    assert not any(line.startswith(mark) for line in lines[1:]), lines


@pytest.mark.parametrize("mark", sorted(clreq.NO_LINE_END))
def test_no_mark_the_standard_keeps_from_a_line_end_ends_one(mark: str):
    lines = _unindented_lines(HAN[:19] + mark + HAN[:30])  # the mark is 20th: last on a plain line
    assert not any(line.endswith(mark) for line in lines[:-1]), lines


def _unindented_lines(text: str) -> list[str]:
    """The lines of one paragraph set 200 pt wide (20 characters) with no indent; at least two."""
    lines = line_texts(compose(one_frame_doc([text], width_pt=200.0, style=_style(first_line_indent_chars=0))))
    assert len(lines) >= 2
    return lines


def test_adjacent_marks_take_one_and_a_half_em():
    text = "他说：“好。”我们走。" + HAN
    layout = compose(one_frame_doc([text], width_pt=400.0, style=_style(first_line_indent_chars=0, alignment="left")))
    _, glyphs = lines_with_glyphs(layout)[0]
    by_char = [(g[0], g[3]) for g in glyphs]
    # "。”" : the full stop gives up its blank right half.
    index = next(i for i, (ch, _) in enumerate(by_char) if ch == "。")
    assert by_char[index][1] + by_char[index + 1][1] == pytest.approx(1.5 * SIZE)
    # "：“" : the colon's blank right half goes.
    index = next(i for i, (ch, _) in enumerate(by_char) if ch == "：")
    assert by_char[index][1] + by_char[index + 1][1] == pytest.approx(1.5 * SIZE)


def test_two_em_dash_and_ellipsis_are_never_split_and_dash_is_continuous():
    for offset in range(0, 12):
        text = HAN[:offset] + "——" + HAN + "……" + HAN
        layout = compose(one_frame_doc([text], width_pt=120.0, style=_style(first_line_indent_chars=0)))
        for line in line_texts(layout):
            assert not line.startswith("—") or line.startswith("——"), "a —— pair may start a line (basic level)"
            assert not line.endswith("—") or line.endswith("——")
            assert not (line.endswith("…") and not line.endswith("……"))
    layout = compose(one_frame_doc(["——习近平"], style=_style(first_line_indent_chars=0, alignment="left")))
    _, glyphs = lines_with_glyphs(layout)[0]
    first, second = glyphs[0], glyphs[1]
    assert first[3] == pytest.approx(SIZE) and second[2] == pytest.approx(first[2] + SIZE)


def test_numbers_and_latin_words_stay_whole():
    text = (HAN[:7] + "2021年9月29日，重庆企业100强，完成率100%，Hello World测试") * 4
    for width in range(90, 260, 7):
        layout = compose(one_frame_doc([text], width_pt=float(width), style=_style(first_line_indent_chars=0)))
        breaks = [line.start_offset for line in layout.pages[0].lines[1:]]
        assert breaks, "the text needs several lines at these widths"
        for offset in breaks:
            assert not (cc.is_word_char(text[offset - 1]) and cc.is_word_char(text[offset])), (width, offset)


def test_quarter_em_between_han_and_latin_but_not_at_line_edges():
    layout = compose(one_frame_doc(["共有43个班组"], style=_style(first_line_indent_chars=0, alignment="left")))
    _, glyphs = lines_with_glyphs(layout)[0]
    chars = [g[0] for g in glyphs]
    i4 = chars.index("4")
    gap_before = glyphs[i4][2] - (glyphs[i4 - 1][2] + glyphs[i4 - 1][3])
    i3 = chars.index("3")
    gap_after = glyphs[i3 + 1][2] - (glyphs[i3][2] + glyphs[i3][3])
    assert gap_before == pytest.approx(SIZE / 4)
    assert gap_after == pytest.approx(SIZE / 4)
    layout = compose(one_frame_doc(["2030年"], style=_style(first_line_indent_chars=0, alignment="left")))
    line, glyphs = lines_with_glyphs(layout)[0]
    assert glyphs[0][2] == pytest.approx(line.left_pt)


def test_first_line_indent_is_two_characters():
    layout = compose(one_frame_doc([HAN * 2], style=_style(first_line_indent_chars=2)))
    (first, first_glyphs), (second, second_glyphs) = lines_with_glyphs(layout)[:2]
    assert first_glyphs[0][2] == pytest.approx(50.0 + 2 * SIZE)
    assert second_glyphs[0][2] == pytest.approx(50.0)


def test_paragraph_last_line_is_flush_start_and_others_justified():
    layout = compose(one_frame_doc([HAN * 3 + "。"], width_pt=205.0, style=_style(first_line_indent_chars=0)))
    lines = lines_with_glyphs(layout)
    for line, glyphs in lines[:-1]:
        assert glyphs[-1][2] + glyphs[-1][3] == pytest.approx(line.right_pt, abs=0.01)
        assert line.justified
    last, last_glyphs = lines[-1]
    assert last.is_last_in_paragraph
    spacing = {round(b[2] - a[2], 6) for a, b in pairwise(last_glyphs[:-1])}
    assert spacing == {SIZE}


def test_no_single_character_last_line():
    # 41 Han characters in 20-character lines would leave one alone.
    text = (HAN * 2)[:41] + "。"
    layout = compose(one_frame_doc([text], width_pt=200.0, style=_style(first_line_indent_chars=0)))
    lines = line_texts(layout)
    assert len(lines[-1].rstrip("。")) >= 2


def test_alignment_right_and_center():
    right = compose(one_frame_doc(["——习近平"], style=_style(alignment="right", first_line_indent_chars=0)))
    line, glyphs = lines_with_glyphs(right)[0]
    assert glyphs[-1][2] + glyphs[-1][3] == pytest.approx(line.right_pt)
    centre = compose(one_frame_doc(["党群工作"], style=_style(alignment="center", first_line_indent_chars=0)))
    line, glyphs = lines_with_glyphs(centre)[0]
    left_gap = glyphs[0][2] - line.left_pt
    right_gap = line.right_pt - (glyphs[-1][2] + glyphs[-1][3])
    assert left_gap == pytest.approx(right_gap)


def test_text_threads_through_columns_and_linked_frames_then_reports_overset():
    style = _style()
    story = Story(id="s", paragraphs=[Paragraph(style=BODY, runs=[Run(text=HAN * 20)])])
    frame_a = TextFrame(id="a", story_id="s", x_pt=50, y_pt=50, width_pt=200, height_pt=80, columns=2,
                        next_frame_id="b")
    frame_b = TextFrame(id="b", story_id="s", x_pt=50, y_pt=50, width_pt=200, height_pt=80)
    from editor.model import Document

    doc = Document(paragraph_styles={BODY: style}, stories={"s": story},
                   pages=[Page(id="p1", frames=[frame_a]), Page(id="p2", frames=[frame_b])])
    layout = compose(doc)
    assert {line.frame_id for line in layout.pages[0].lines} == {"a"}
    assert {line.column_index for line in layout.pages[0].lines} == {0, 1}
    assert {line.frame_id for line in layout.pages[1].lines} == {"b"}
    result = layout.stories["s"]
    assert result.overset and 0 < result.overset_char_count < len(HAN * 20)
    shown = sum(line.end_offset - line.start_offset for page in layout.pages for line in page.lines)
    assert shown + result.overset_char_count == len(HAN * 20)


def test_keep_with_next_moves_a_heading_to_the_next_column():
    heading = ParagraphStyle(name="标题", size_pt=14, leading_pt=20, keep_with_next=True, first_line_indent_chars=0)
    body = _style()
    # Column holds 5 lines of 16 pt: body fills 4, the heading fits the 5th but its paragraph would not.
    doc = one_frame_doc([HAN[:19] * 4, "小标题", HAN * 2], width_pt=412.0, height_pt=84.0, columns=2,
                        style=body, extra_styles={"标题": heading}, styles_of=[BODY, "标题", BODY])
    layout = compose(doc)
    heading_line = next(line for line in layout.pages[0].lines if line.paragraph_index == 1)
    assert heading_line.column_index == 1


def test_text_wraps_around_a_photo_frame():
    doc = one_frame_doc([HAN * 8], width_pt=300.0, style=_style(first_line_indent_chars=0))
    doc.pages[0].frames.append(
        ImageFrame(id="img", x_pt=230.0, y_pt=60.0, width_pt=120.0, height_pt=60.0,
                   wrap=TextWrap(mode="around", gap_pt=6.0))
    )
    layout = compose(doc)
    for line, glyphs in lines_with_glyphs(layout):
        overlaps_photo = line.top_pt < 60.0 + 60.0 + 6.0 and line.top_pt + line.height_pt > 60.0 - 6.0
        right_edge = glyphs[-1][2] + glyphs[-1][3]
        if overlaps_photo:
            assert line.right_pt == pytest.approx(230.0 - 6.0)
            assert right_edge <= 224.0 + 0.01
        else:
            assert line.right_pt == pytest.approx(350.0)


def test_field_runs_show_issue_values():
    doc = one_frame_doc([""], style=_style(first_line_indent_chars=0, alignment="left"))
    doc.stories["s"].paragraphs = [Paragraph(style=BODY, runs=[
        Run(field="year"), Run(text="年第"), Run(field="number"), Run(text="期（总第"), Run(field="total_number"),
        Run(text="期）"),
    ])]
    doc.issue.year, doc.issue.number, doc.issue.total_number = 2021, 28, 28
    assert line_texts(compose(doc)) == ["2021年第28期（总第28期）"]


@settings(max_examples=60)
@given(
    text=st.text(alphabet=HAN + PUNCT + "0123456789ABCab ——……", min_size=1, max_size=300),
    width_em=st.integers(min_value=4, max_value=40),
)
@example(text="000000—", width_em=4)  # found by Hypothesis: an emergency cut put the dash first on a line
def test_kinsoku_and_justification_hold_for_any_text(text: str, width_em: int):
    text = text.strip() or "党"
    width = width_em * SIZE + 0.37
    layout = compose(one_frame_doc([text], width_pt=width, height_pt=5000.0, style=_style(first_line_indent_chars=0)))
    assert not layout.stories["s"].overset
    lines = lines_with_glyphs(layout)
    for number, (line, glyphs) in enumerate(lines):
        assert glyphs, "no empty lines inside a paragraph"
        chars_on_line = "".join(g[0] for g in glyphs).strip()
        if number > 0:
            assert chars_on_line[0] not in clreq.NO_LINE_START or chars_on_line.startswith("——")
        if not line.is_last_in_paragraph:
            assert chars_on_line[-1] not in clreq.NO_LINE_END
        for (_, _, left_a, width_a), (_, _, left_b, _) in pairwise(glyphs):
            assert left_a + width_a <= left_b + 0.01, "glyph boxes never overlap"
        assert glyphs[0][2] >= line.left_pt - 0.01
        assert glyphs[-1][2] + glyphs[-1][3] <= line.right_pt + 0.01, "nothing leaves the column"
        if line.justified and not line.is_last_in_paragraph:
            assert glyphs[-1][2] + glyphs[-1][3] == pytest.approx(line.right_pt, abs=0.2)


def test_a_line_ended_by_a_forced_break_is_set_flush_start():
    layout = compose(one_frame_doc(["第一\n" + HAN * 2], style=_style(first_line_indent_chars=0)))
    line, glyphs = lines_with_glyphs(layout)[0]
    assert [g[0] for g in glyphs] == ["第", "一"]
    assert glyphs[1][2] == pytest.approx(glyphs[0][2] + SIZE)
    assert not line.justified


def test_a_photo_only_affects_stories_whose_frames_it_reaches():
    from editor.layout.engine import LayoutCache, layout_document

    doc = one_frame_doc([HAN * 4], width_pt=200.0, height_pt=100.0)
    doc.pages[0].frames.append(TextFrame(id="far", story_id="s2", x_pt=50, y_pt=400, width_pt=200, height_pt=100))
    doc.stories["s2"] = Story(id="s2", paragraphs=[Paragraph(style=BODY, runs=[Run(text=HAN * 2)])])
    doc.pages[0].frames.append(ImageFrame(id="img", x_pt=200, y_pt=60, width_pt=60, height_pt=40,
                                          wrap=TextWrap(mode="around")))
    cache = LayoutCache()
    layout_document(doc, cache=cache)
    doc.pages[0].frames[-1].y_pt = 80.0
    misses = cache.misses
    layout_document(doc, cache=cache)
    assert cache.misses == misses + 1, "only the story the photo overlaps is composed again"


def test_letter_spacing_spaces_han_but_not_the_letters_of_a_western_word():
    style = _style(first_line_indent_chars=0, alignment="left", letter_spacing_em=0.5)
    layout = compose(one_frame_doc(["党建second"], style=style))
    _, glyphs = lines_with_glyphs(layout)[0]
    gaps = [b[2] - (a[2] + a[3]) for a, b in pairwise(glyphs)]
    assert gaps[0] == pytest.approx(0.5 * SIZE)
    assert gaps[1] == pytest.approx(0.5 * SIZE + 0.25 * SIZE), "spacing plus the Han-Latin quarter em"
    assert all(gap == pytest.approx(0.0) for gap in gaps[2:])
