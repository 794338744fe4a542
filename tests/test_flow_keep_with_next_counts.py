"""What a user is told about a story whose heading moved on to stay with its paragraph: its length
(``banmian info``'s 字), its overset count (``banmian export``'s note), and which characters land in
which column or on which page.

A heading that would end a column without its paragraph is placed once where it would end the column,
then again at the next column's top: it is still one heading, counted once. Styles are 10 pt on 16 pt
leading with no indent, so a 200 pt column holds 20 characters a line; frames hold 3 lines (48 pt).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from editor import cli
from editor.io.project import save_project
from editor.model import Document, Page, Paragraph, Run, Story, TextFrame
from tests.docbuilders import BODY, compose, line_texts, one_frame_doc, plain_style

HEADING = "小标题"


def _two_columns(texts: list[str]) -> Document:
    """Two 200 pt columns of 3 lines; a text starting with "#" is a heading kept with the next."""
    names = [HEADING if text.startswith("#") else BODY for text in texts]
    doc = one_frame_doc([text.lstrip("#") for text in texts], width_pt=412.0, height_pt=48.0, columns=2,
                        style=plain_style(BODY), extra_styles={HEADING: plain_style(HEADING, keep_with_next=True)},
                        styles_of=names)
    doc.stories["s"].name = "要闻"
    return doc


def _where(doc: Document) -> list[tuple[int, int, int, int]]:
    """(paragraph, column, first character, end) of every line."""
    return [(line.paragraph_index, line.column_index, line.start_offset, line.end_offset)
            for page in compose(doc).pages for line in page.lines]


def test_a_heading_moved_to_the_next_column_is_counted_once() -> None:
    # The body fills two lines of column 1; the heading would take the third with its text below the
    # column, so both go to column 2. 40 + 3 + 2 characters, all set.
    doc = _two_columns(["甲" * 40, "#小标题", "乙乙"])
    assert _where(doc) == [(0, 0, 0, 20), (0, 0, 20, 40), (1, 1, 0, 3), (2, 1, 0, 2)]
    summary = compose(doc).stories["s"]
    assert (summary.char_count, summary.overset, summary.overset_char_count) == (45, False, 0)


def test_banmian_info_gives_the_length_of_a_story_whose_heading_moved(tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "换栏.banmian"
    save_project(_two_columns(["甲" * 40, "#小标题", "乙乙"]), path)
    assert cli.main(["info", str(path)]) == cli.EXIT_OK
    assert "  要闻：45 字，完整" in capsys.readouterr().out.splitlines()
    assert cli.main(["info", str(path), "--json"]) == cli.EXIT_OK
    story = json.loads(capsys.readouterr().out)["stories"][0]
    assert (story["label"], story["chars"], story["overset"]) == ("要闻", 45, False)


def test_text_after_a_moved_heading_that_overflows_counts_only_what_is_left_over() -> None:
    # Column 2 holds the heading and two lines of the 50 characters after it: 10 are left over.
    doc = _two_columns(["甲" * 40, "#小标题", "乙" * 50])
    assert _where(doc) == [(0, 0, 0, 20), (0, 0, 20, 40), (1, 1, 0, 3), (2, 1, 0, 20), (2, 1, 20, 40)]
    summary = compose(doc).stories["s"]
    assert (summary.char_count, summary.overset_char_count) == (40 + 3 + 50, 10)


def test_banmian_export_names_the_characters_left_over_after_a_moved_heading(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "溢出.banmian"
    save_project(_two_columns(["甲" * 40, "#小标题", "乙" * 50]), path)
    assert cli.main(["export", str(path), "--pdf", str(tmp_path / "溢出.pdf")]) == cli.EXIT_OK
    assert "注意：文章“要闻”有 10 个字排不下（溢出）。" in capsys.readouterr().err.splitlines()


def test_a_heading_with_nowhere_to_move_is_overset_with_its_text_and_counted_once() -> None:
    # Both columns full of body but for the last line of column 2: the heading has no column to move
    # to, so it and its text are left over, 3 + 2 characters; the story is 100 + 3 + 2 long.
    doc = _two_columns(["甲" * 100, "#小标题", "乙乙"])
    assert [(p, c) for p, c, _, _ in _where(doc)] == [(0, 0)] * 3 + [(0, 1)] * 2
    summary = compose(doc).stories["s"]
    assert (summary.char_count, summary.overset_char_count) == (105, 5)


def _ten_pages(body_chars: int) -> Document:
    """One 3-line frame on each of ten pages, threaded; body, then a heading 第N版 (the page it is on)
    kept with a two-character paragraph."""
    story = Story(id="s", name="要闻", paragraphs=[
        Paragraph(style=BODY, runs=[Run(text="甲" * body_chars)]),
        Paragraph(style=HEADING, runs=[Run(text="第"), Run(field="page"), Run(text="版")]),
        Paragraph(style=BODY, runs=[Run(text="乙乙")])])
    pages = [Page(id=f"p{n}", frames=[TextFrame(id=f"f{n}", story_id="s", x_pt=50.0, y_pt=60.0, width_pt=200.0,
                                                height_pt=48.0, next_frame_id=f"f{n + 1}" if n < 10 else None)])
             for n in range(1, 11)]
    return Document(paragraph_styles={BODY: plain_style(BODY), HEADING: plain_style(HEADING, keep_with_next=True)},
                    stories={"s": story}, pages=pages)


def test_a_heading_moved_to_the_next_page_shows_and_counts_that_pages_number() -> None:
    # 8 full frames and two lines of page 9's: the heading would be page 9's last line, its text on
    # page 10; both go to page 10, where the heading reads 第10版 — four characters, not three.
    layout = compose(_ten_pages(8 * 60 + 40))
    assert [len(page.lines) for page in layout.pages] == [3] * 8 + [2, 2]
    assert line_texts(layout)[-2:] == ["第10版", "乙乙"]
    assert layout.stories["s"].char_count == 8 * 60 + 40 + 4 + 2
    # One line earlier the heading stays on page 9 and reads 第9版.
    stays = compose(_ten_pages(8 * 60 + 20))
    assert line_texts(stays)[-2:] == ["第9版", "乙乙"]
    assert stays.stories["s"].char_count == 8 * 60 + 20 + 3 + 2
