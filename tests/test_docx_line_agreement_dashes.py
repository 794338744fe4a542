"""The DOCX breaks where the PDF does, as LibreOffice renders it, in lines holding a —— pair.

A user's imported subtitle, centred, “——云铝股份开展“我为群众办实事”实践活动侧记”, broke in the
PDF as “——云铝股份开展“我为 / 群众办实事”实践活动 / 侧记” and in LibreOffice as “…“我 / 为群众
办实事”实践活 / 动侧记”. The DOCX sets each half of —— scaled to 125 % and pulled back to one em
by negative character spacing (``editor/render/docx/dashes``); LibreOffice applies no negative
spacing to the last character of a portion, and the pair is a run, hence a portion, of its own:
its second half stayed 1.12 em wide, and a tight line lost its last character. The squeeze now
counts that width, and LibreOffice's clamp of a sixth of an em on a half's whole spacing
(``squeeze._dash_pulls``). Found on the way, in the same model: a column's last line in linked
boxes, and lines of a letter-spaced headline. Lines are compared with ``tests/line_agreement``;
LibreOffice runs once per test.

LibreOffice here knows the house faces only from the DOCX (``only_embedded_faces``), as on a
machine without Noto Sans SC installed — the user's. Where fontconfig also offers the bundled
full face, LibreOffice takes it about one run in six, and that face's ``ccmp`` joins — and — into
one glyph (U+2E3A), which sets the pair three ems wide: a different problem, not this test's.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from editor.layout.engine import layout_document
from editor.model import Document, ParagraphStyle
from editor.model.styles import SANS_FAMILY, SERIF_FAMILY
from tests import test_line_agreement
from tests.docbuilders import one_frame_doc
from tests.fontconfig_env import libreoffice_env
from tests.test_docx_export import _need_libreoffice
from tests.test_line_agreement import _agreement

pytestmark = pytest.mark.slow

SUBTITLE = "——云铝股份开展“我为群众办实事”实践活动侧记"

#: The sample's 副标题 (layouts/make_sample.py): sans 14 pt on 24 pt, centred, no indent.
SUBTITLE_STYLE = ParagraphStyle(name="副标题", font_family=SANS_FAMILY, size_pt=14.0, leading_pt=24.0,
                                alignment="center", first_line_indent_chars=0.0, space_after_pt=10.0,
                                keep_with_next=True)
#: The sample's 正文: serif 10.5 pt on 17.5 pt, justified, two-character indent.
BODY_STYLE = ParagraphStyle(name="正文", font_family=SERIF_FAMILY, size_pt=10.5, leading_pt=17.5,
                            alignment="justify", first_line_indent_chars=2.0)

#: Body text with —— at line starts, inside lines and before quotes and numbers.
BODY = ("——这是职工群众对“我为群众办实事”实践活动的评价。活动开展以来，公司党委先后解决了"
        "食堂、通勤、住宿等12个方面的问题——每一件都是职工的“急难愁盼”，也是检验党史学习教育"
        "成效的试金石——群众满意不满意，是衡量工作的根本标准。")


@pytest.fixture
def only_embedded_faces(monkeypatch: pytest.MonkeyPatch) -> None:
    """LibreOffice finds no font folder of ours: it sets the text in the faces the DOCX embeds."""
    monkeypatch.setattr(test_line_agreement, "libreoffice_env", lambda folder: libreoffice_env(folder, []))


def _subtitle_doc(width_pt: float) -> Document:
    return one_frame_doc([SUBTITLE], width_pt=width_pt, style=SUBTITLE_STYLE)


def _line_texts(doc: Document) -> list[str]:
    layout = layout_document(doc)
    (story,) = doc.stories.values()
    text = story.paragraphs[0].runs[0].text
    return [text[line.start_offset:line.end_offset] for line in layout.pages[0].lines]


def test_the_walkthrough_subtitle_breaks_after_its_eleventh_character_in_a_150_pt_frame() -> None:
    """The layout side of the report: 11 ems of text in 150 pt fit with “ squeezed to half (先挤进)."""
    assert _line_texts(_subtitle_doc(150.0)) == ["——云铝股份开展“我为", "群众办实事”实践活动", "侧记"]


def test_a_centred_subtitle_opening_with_a_dash_pair_breaks_in_libreoffice_where_the_pdf_does(tmp_path: Path, only_embedded_faces: None) -> None:
    """Widths from 9.5 to 14 ems, every half em: tight and loose first lines, breaks before and
    after the quotes. Before the fix 133, 150 and 165 pt broke a character early in LibreOffice."""
    _need_libreoffice()
    widths_pt = [133.0 + 7.0 * step for step in range(10)] + [150.0, 165.0]
    results = _agreement([_subtitle_doc(width) for width in widths_pt], tmp_path)
    for width, result in zip(widths_pt, results, strict=True):
        assert result.total >= 2, f"{width} pt: {result.report()}"
        assert result.share == 1.0, f"{width} pt: {result.report()}"


def test_body_lines_holding_a_dash_pair_break_in_libreoffice_where_the_pdf_does(tmp_path: Path, only_embedded_faces: None) -> None:
    """Justified 五号 body text in columns of 9 to 20 ems, three —— in each paragraph (one opening it)."""
    _need_libreoffice()
    widths_pt = [95.0 + 11.5 * step for step in range(11)]
    docs = [one_frame_doc([BODY, BODY[1:]], width_pt=width, style=BODY_STYLE) for width in widths_pt]
    results = _agreement(docs, tmp_path)
    assert sum(result.total for result in results) > 80
    for width, result in zip(widths_pt, results, strict=True):
        assert result.share == 1.0, f"{width} pt: {result.report()}"


def _with_dashes(sentence: Callable[[random.Random], str]) -> Callable[[random.Random], str]:
    """``sentence`` with one to three —— put between its words, numbers and marks."""
    def with_dashes(rng: random.Random) -> str:
        tokens = re.findall(r"[A-Za-z]+|[0-9.%]+|.", sentence(rng))
        for _ in range(rng.randint(1, 3)):
            tokens.insert(rng.randint(0, len(tokens)), "——")
        return "".join(tokens)
    return with_dashes


def test_generated_documents_with_dash_pairs_break_99_percent_of_their_lines_where_the_pdf_does(
        tmp_path: Path, only_embedded_faces: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """The issue-11 generated documents (quotes, numbers, percentages, Latin words; one to three
    columns) with —— among their words, drawn from a fixed seed: eight documents, one LibreOffice
    run. Before the squeeze counted LibreOffice's —— (the scaled last half, and the clamp of a
    sixth of an em on the whole spacing, pull included) 30 % of these lines agreed; now all do."""
    _need_libreoffice()
    monkeypatch.setattr(test_line_agreement, "_sentence", _with_dashes(test_line_agreement._sentence))
    rng = random.Random(1)
    results = _agreement([test_line_agreement.generated_document(rng) for _ in range(8)], tmp_path)
    total = sum(result.total for result in results)
    assert total > 300
    assert sum(result.agreeing for result in results) / total >= 0.99, "\n".join(r.report(3) for r in results)


def test_a_column_s_last_line_ended_early_keeps_its_break_in_linked_boxes(
        tmp_path: Path, only_embedded_faces: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Linked boxes keep a paragraph in one ``w:p`` from column to column, so LibreOffice fills a
    column's last line from the next column: our breaker ended “教经格，产职” early in a 7-em
    column (three columns, the eighth document of seed 5) and LibreOffice pulled 念 up, and every
    line after it moved. The squeeze widens such a line as it widens one followed in its column."""
    _need_libreoffice()
    monkeypatch.setattr(test_line_agreement, "_sentence", _with_dashes(test_line_agreement._sentence))
    rng = random.Random(5)
    doc = [test_line_agreement.generated_document(rng) for _ in range(8)][7]
    assert doc.pages[0].frames[0].columns == 3
    (result,) = _agreement([doc], tmp_path)
    assert result.total > 40
    assert result.share == 1.0, result.report()


#: The sample's 大标题: sans bold 30 pt on 56 pt, centred, letter spacing 0.1 em.
HEADLINE_STYLE = ParagraphStyle(name="大标题", font_family=SANS_FAMILY, bold=True, size_pt=30.0, leading_pt=56.0,
                                alignment="center", first_line_indent_chars=0.0, letter_spacing_em=0.1)


def test_a_letter_spaced_headline_breaks_in_libreoffice_where_the_pdf_does(
        tmp_path: Path, only_embedded_faces: None) -> None:
    """LibreOffice adds positive spacing after every character, each portion's last and the
    line's last included (it spares them only negative spacing): a tight 大标题 line counted
    with letter spacing on all but those lost its last character (at 219 pt before). One text in
    every document: LibreOffice keeps the faces embedded in the first document of a run for the
    rest, and the bold face carries only the characters used."""
    _need_libreoffice()
    text = "“践行初心使命”——彰显责任担当实践"
    widths_pt = [150.0 + 23.0 * step for step in range(11)]
    results = _agreement([one_frame_doc([text], width_pt=width, style=HEADLINE_STYLE) for width in widths_pt],
                         tmp_path)
    for width, result in zip(widths_pt, results, strict=True):
        assert result.share == 1.0, f"{width} pt: {result.report()}"
