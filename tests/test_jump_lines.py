"""Continuation lines (issue 9): 「（下转第N版）」 / 「（上接第N版）」 where a thread changes page.

The acceptance line: "A continuation line shows the right page number after
the pages are reordered." Documents are built in code: one story threaded
from a frame on page 1 to a frame on page 3 (page 2 holds nothing of it).
"""

from __future__ import annotations

import pdfplumber
import pytest

from editor.layout.display import DocumentLayout, GlyphRun, LineBox
from editor.layout.engine import layout_document
from editor.model import Document, Page, Paragraph, ParagraphStyle, Run, Story, TextFrame, edits
from editor.render.pdf import write_pdf
from tests.docbuilders import apply_changes

BODY = "正文"
#: One paragraph of Han text (no punctuation, so every line is full and easy to count).
HAN = "党建工作引领企业发展" * 40
FRAME_HEIGHT_PT = 160.0  # 10 lines of 16 pt


def threaded_doc(text: str = HAN, jump_lines: bool = True) -> Document:
    """A story in frame a (page 1) threaded to frame b (page 3); page 2 has its own frame."""
    style = ParagraphStyle(name=BODY, size_pt=10.0, leading_pt=16.0, first_line_indent_chars=0.0)
    story = Story(id="s", paragraphs=[Paragraph(style=BODY, runs=[Run(text=text)])], jump_lines=jump_lines)
    other = Story(id="o", paragraphs=[Paragraph(style=BODY, runs=[Run(text="第二版的文章")])])
    a = TextFrame(id="a", story_id="s", x_pt=50.0, y_pt=60.0, width_pt=200.0, height_pt=FRAME_HEIGHT_PT,
                  next_frame_id="b")
    b = TextFrame(id="b", story_id="s", x_pt=50.0, y_pt=300.0, width_pt=200.0, height_pt=FRAME_HEIGHT_PT)
    c = TextFrame(id="c", story_id="o", x_pt=50.0, y_pt=60.0, width_pt=200.0, height_pt=100.0)
    return Document(paragraph_styles={BODY: style}, stories={"s": story, "o": other},
                    pages=[Page(id="p1", frames=[a]), Page(id="p2", frames=[c]), Page(id="p3", frames=[b])])


def jump_boxes(layout: DocumentLayout) -> dict[int, list[LineBox]]:
    """Continuation lines by page number."""
    found: dict[int, list[LineBox]] = {}
    for page in layout.pages:
        for line in page.lines:
            if line.jump_text:
                found.setdefault(page.index + 1, []).append(line)
    return found


def jump_texts(layout: DocumentLayout) -> dict[int, list[str]]:
    return {number: [line.jump_text for line in lines] for number, lines in jump_boxes(layout).items()}


def drawn_text_at(layout: DocumentLayout, page_number: int, baseline_pt: float) -> str:
    """The glyphs the display list draws on one baseline of a page, left to right."""
    runs = [item for item in layout.pages[page_number - 1].items
            if isinstance(item, GlyphRun) and abs(item.baseline_pt - baseline_pt) < 1e-6]
    glyphs = sorted((x, ch) for run in runs for x, ch in zip(run.x_pt, run.text, strict=True))
    return "".join(ch for _, ch in glyphs)


def story_lines(layout: DocumentLayout, frame_id: str) -> list[LineBox]:
    return [line for page in layout.pages for line in page.lines if line.frame_id == frame_id and line.story_id == "s"]


def test_a_thread_from_page_1_to_page_3_says_where_it_goes_and_where_it_came_from() -> None:
    layout = layout_document(threaded_doc())
    assert jump_texts(layout) == {1: ["（下转第3版）"], 3: ["（上接第1版）"]}
    down, = jump_boxes(layout)[1]
    up, = jump_boxes(layout)[3]
    # They are drawn, as glyphs, like any text.
    assert drawn_text_at(layout, 1, down.baseline_pt) == "（下转第3版）"
    assert drawn_text_at(layout, 3, up.baseline_pt) == "（上接第1版）"
    # 下转 sits at the foot of frame a, set flush right; 上接 at the head of frame b.
    assert down.frame_id == "a" and up.frame_id == "b"
    assert down.top_pt + down.height_pt == pytest.approx(60.0 + FRAME_HEIGHT_PT)
    assert up.top_pt == pytest.approx(300.0)
    down_run = next(item for item in layout.pages[0].items if isinstance(item, GlyphRun) and item.text.startswith("（下转"))
    assert down_run.box_left_pt[-1] + down_run.box_width_pt[-1] == pytest.approx(250.0, abs=0.6)
    assert down_run.size_pt == pytest.approx(8.0)  # 0.8 × the 10 pt body


def test_the_article_never_overprints_its_continuation_lines() -> None:
    layout = layout_document(threaded_doc())
    down, = jump_boxes(layout)[1]
    up, = jump_boxes(layout)[3]
    in_a = story_lines(layout, "a")
    in_b = story_lines(layout, "b")
    assert len(in_a) == 9  # ten 16 pt lines fit; one is given to 「（下转第3版）」
    assert max(line.top_pt + line.height_pt for line in in_a) <= down.top_pt + 1e-6
    assert min(line.top_pt for line in in_b) >= up.top_pt + up.height_pt - 1e-6


def test_the_numbers_follow_when_the_pages_are_reordered() -> None:
    doc = threaded_doc()
    # The 页面 panel's move: page 3 (index 2) dragged to the front.
    apply_changes(edits.move_page(doc, 2, 0))
    assert [page.id for page in doc.pages] == ["p3", "p1", "p2"]
    assert jump_texts(layout_document(doc)) == {2: ["（下转第1版）"], 1: ["（上接第2版）"]}
    # And once more: the old page 1 to the end.
    apply_changes(edits.move_page(doc, 1, 2))
    assert [page.id for page in doc.pages] == ["p3", "p2", "p1"]
    assert jump_texts(layout_document(doc)) == {3: ["（下转第1版）"], 1: ["（上接第3版）"]}


def test_the_exported_pdf_shows_both_lines_with_their_page_numbers(tmp_path) -> None:
    doc = threaded_doc()
    apply_changes(edits.move_page(doc, 0, 1))  # page order p2, p1, p3: the story goes from page 2 to page 3
    layout = layout_document(doc)
    target = tmp_path / "jump.pdf"
    write_pdf(doc, layout, target)
    with pdfplumber.open(target) as pdf:
        texts = [page.extract_text() or "" for page in pdf.pages]
    assert "（下转第3版）" in texts[1]
    assert "（上接第2版）" in texts[2]
    assert "下转" not in texts[0] and "上接" not in texts[0]


def test_no_continuation_lines_when_the_thread_asks_for_none() -> None:
    layout = layout_document(threaded_doc(jump_lines=False))
    assert jump_boxes(layout) == {}
    assert len(story_lines(layout, "a")) == 10


def test_no_continuation_lines_when_the_text_ends_in_the_first_frame() -> None:
    # Ten lines' worth of text: it fills frame a without the reserved foot line and never reaches b.
    text = HAN[:200]  # 20 characters a line × 10 lines
    layout = layout_document(threaded_doc(text=text))
    assert jump_boxes(layout) == {}
    assert len(story_lines(layout, "a")) == 10
    assert story_lines(layout, "b") == []
    assert not layout.stories["s"].overset


def test_continuation_lines_create_no_overset_when_there_is_room() -> None:
    layout = layout_document(threaded_doc(text=HAN[:300]))
    assert jump_texts(layout) == {1: ["（下转第3版）"], 3: ["（上接第1版）"]}
    assert not layout.stories["s"].overset
    placed = sum(line.end_offset - line.start_offset for line in story_lines(layout, "a") + story_lines(layout, "b"))
    assert placed == 300


def test_threads_within_one_page_get_no_continuation_line() -> None:
    doc = threaded_doc()
    b = doc.pages[2].frames.pop()
    b.x_pt = 300.0
    doc.pages[0].frames.append(b)
    assert jump_boxes(layout_document(doc)) == {}


def _text_position(pdf_path, page_index: int, text: str) -> tuple[float, float, float]:
    """(x0, x1, baseline) of ``text`` on a page of a PDF, read back with pdfplumber."""
    with pdfplumber.open(pdf_path) as pdf:
        chars = pdf.pages[page_index].chars
    joined = "".join(c["text"] for c in chars)
    start = joined.find(text)
    assert start >= 0, f"{text} not on page {page_index + 1}: {joined!r}"
    found = chars[start:start + len(text)]
    return found[0]["x0"], found[-1]["x1"], found[0]["bottom"]


@pytest.mark.slow
def test_the_docx_shows_the_continuation_lines_where_the_pdf_does(tmp_path) -> None:
    """Each continuation line is its own small text box on its line; LibreOffice's rendering of
    the DOCX puts its baseline within 1 mm of where our PDF draws it, and its ends within 1 mm
    plus half an em (LibreOffice keeps the full width of a closing 「）」 at the line end, which
    our engine trims by half: 4 pt at the jump line's 8 pt)."""
    from editor.render.docx import write_docx
    from tests.fontconfig_env import convert_to_pdf, libreoffice_env, soffice

    if soffice() is None:
        pytest.skip("LibreOffice is not installed")
    doc = threaded_doc(text=HAN[:300])
    layout = layout_document(doc)
    ours, word = tmp_path / "jump.pdf", tmp_path / "jump.docx"
    write_pdf(doc, layout, ours)
    write_docx(doc, layout, word)
    converted = convert_to_pdf(word, tmp_path / "lo", libreoffice_env(tmp_path))
    mm = 72 / 25.4
    for page_index, text in ((0, "（下转第3版）"), (2, "（上接第1版）")):
        expected = _text_position(ours, page_index, text)
        got = _text_position(converted, page_index, text)
        half_em = 0.5 * 8.0
        assert abs(expected[2] - got[2]) <= mm, (text, expected, got)
        assert abs(expected[0] - got[0]) <= mm + half_em and abs(expected[1] - got[1]) <= mm + half_em, \
            (text, expected, got)
    # And the article's own text is still all there, once.
    with pdfplumber.open(converted) as pdf:
        body = "".join(c["text"] for page in pdf.pages for c in page.chars if c["size"] > 9)
    assert body == HAN[:180] + "第二版的文章" + HAN[180:300]


def test_the_canvas_draws_the_continuation_lines_as_the_pdf_does(qapp, tmp_path) -> None:
    """Screen and print from one display list: the canvas backend's page and PDFium's rendering
    of the PDF agree as closely as on the sample (tests/test_fidelity.py's measure), and both
    have ink on the continuation line's band."""
    from PIL import Image

    from editor.render.qt import PhotoCache, save_page_png
    from tests.test_fidelity import DPI, MAX_PERCENT, percent_over, rasterise_pdf

    doc = threaded_doc(text=HAN[:300])
    layout = layout_document(doc)
    pdf = tmp_path / "jump.pdf"
    write_pdf(doc, layout, pdf)
    rasterise_pdf(pdf, DPI, tmp_path / "pdfium")
    scale = DPI / 72.0
    for page_number in (1, 3):
        canvas_png = tmp_path / f"canvas-{page_number}.png"
        save_page_png(doc, layout, page_number - 1, DPI, canvas_png, PhotoCache())
        pdf_png = tmp_path / f"pdfium-{page_number}.png"
        assert percent_over(canvas_png, pdf_png, tmp_path / f"diff-{page_number}.png") < MAX_PERCENT["pdfium"]
        jump, = jump_boxes(layout)[page_number]
        band = tuple(round(v * scale) for v in (jump.left_pt, jump.top_pt, jump.right_pt, jump.top_pt + jump.height_pt))
        for picture in (canvas_png, pdf_png):
            with Image.open(picture) as image:
                darkest = image.convert("L").crop(band).getextrema()[0]
            assert darkest < 100, (picture.name, darkest)


def test_a_thread_over_three_pages_gets_both_lines_on_the_middle_page() -> None:
    doc = threaded_doc(text=HAN * 2)
    a, = doc.pages[0].frames
    b, = doc.pages[2].frames
    middle = TextFrame(id="m", story_id="s", x_pt=300.0, y_pt=400.0, width_pt=200.0, height_pt=FRAME_HEIGHT_PT,
                       next_frame_id="b", columns=2, gutter_pt=10.0)
    a.next_frame_id = "m"
    doc.pages[1].frames.append(middle)
    layout = layout_document(doc)
    assert {n: sorted(t) for n, t in jump_texts(layout).items()} == {
        1: ["（下转第2版）"], 2: ["（上接第1版）", "（下转第3版）"], 3: ["（上接第2版）"]}
    up, down = sorted(jump_boxes(layout)[2], key=lambda line: line.top_pt)
    # 上接 heads the first column of the two-column frame, 下转 ends its last column.
    assert (up.column_index, up.top_pt) == (0, pytest.approx(400.0))
    assert (down.column_index, down.top_pt + down.height_pt) == (1, pytest.approx(400.0 + FRAME_HEIGHT_PT))
    assert up.right_pt < down.left_pt


#: What a one-line frame needs: exactly one line of the 16 pt body leading.
ONE_LINE_PT = 16.0
#: 200 pt wide frames of 10 pt Han characters hold 20 characters a line.
CHARS_PER_LINE = 20


def one_line_first_frame_doc(text: str, second_height_pt: float = FRAME_HEIGHT_PT) -> Document:
    """``threaded_doc`` with frame a (page 1) only one body line tall."""
    doc = threaded_doc(text=text)
    doc.pages[0].frames[0].height_pt = ONE_LINE_PT
    doc.pages[2].frames[0].height_pt = second_height_pt
    return doc


def test_a_one_line_frame_holds_its_continuation_line_only_and_the_text_goes_on() -> None:
    text = HAN[:3 * CHARS_PER_LINE]  # three lines: more than frame a can hold beside its 下转 line
    layout = layout_document(one_line_first_frame_doc(text))
    assert jump_texts(layout) == {1: ["（下转第3版）"], 3: ["（上接第1版）"]}
    down, = jump_boxes(layout)[1]
    assert (down.top_pt, down.height_pt) == (pytest.approx(60.0), pytest.approx(ONE_LINE_PT))
    # Frame a's one line is the 下转 line's: no text is drawn over it.
    assert story_lines(layout, "a") == []
    assert drawn_text_at(layout, 1, down.baseline_pt) == "（下转第3版）"
    # The whole text continues in frame b, below its 上接 line (which takes b's first line, 300–316 pt).
    in_b = story_lines(layout, "b")
    assert [(line.start_offset, line.end_offset) for line in in_b] == [(0, 20), (20, 40), (40, 60)]
    assert [line.top_pt for line in in_b] == pytest.approx([316.0, 332.0, 348.0])
    assert not layout.stories["s"].overset


def test_text_that_fits_nowhere_beside_its_continuation_lines_is_marked_overset() -> None:
    # Both frames one line tall: each line would be a continuation line's, so no text has a place
    # (and, as the text then continues nowhere, no continuation line is drawn either).
    layout = layout_document(one_line_first_frame_doc(HAN, second_height_pt=ONE_LINE_PT))
    assert story_lines(layout, "a") == [] and story_lines(layout, "b") == []
    assert layout.stories["s"].overset
    assert "s" in layout.overset_story_ids


def test_a_one_line_frame_the_text_passes_by_gets_no_continuation_lines_over_each_other() -> None:
    # Page 2's frame is one line tall: its 上接 (head) and 下转 (foot) lines would share that line.
    doc = threaded_doc(text=HAN * 2)
    a, = doc.pages[0].frames
    middle = TextFrame(id="m", story_id="s", x_pt=300.0, y_pt=400.0, width_pt=200.0, height_pt=ONE_LINE_PT,
                       next_frame_id="b")
    a.next_frame_id = "m"
    doc.pages[1].frames.append(middle)
    layout = layout_document(doc)
    # No text and no continuation line in m: the lines around it point past it, page 1 to page 3.
    assert [line for line in layout.pages[1].lines if line.frame_id == "m"] == []
    assert jump_texts(layout) == {1: ["（下转第3版）"], 3: ["（上接第1版）"]}
    in_a, in_b = story_lines(layout, "a"), story_lines(layout, "b")
    assert len(in_a) == 9 and in_b[0].start_offset == in_a[-1].end_offset  # the text goes on from a to b


def test_a_frame_shorter_than_a_line_sets_its_continuation_line_from_its_top() -> None:
    doc = one_line_first_frame_doc(HAN[:3 * CHARS_PER_LINE])
    doc.pages[0].frames[0].height_pt = 10.0  # shorter than the 16 pt line
    layout = layout_document(doc)
    down, = jump_boxes(layout)[1]
    assert down.top_pt == pytest.approx(60.0)  # frame a's top: not above the frame, over what is there
    assert story_lines(layout, "a") == []
