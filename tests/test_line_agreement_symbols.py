"""The DOCX breaks where the PDF does, as LibreOffice renders it, in text full of the
ambiguous-width symbols our composer sets as ideographs (■ ● ★ ※ → ① Ⅱ …).

LibreOffice breaks those as letters (no break inside “■■” or “①5”); the DOCX gives it a
zero-width space at each of our line starts beside one (``lo_line_model.refuses_break``).
Before that, a third of such lines broke elsewhere in LibreOffice. The documents are drawn from
a fixed seed, so every run sees the same ones.
"""

from __future__ import annotations

import random

import pytest

from editor.model import Document, Page, Paragraph, ParagraphStyle, Run, Story, TextFrame
from tests.test_docx_export import _need_libreoffice
from tests.test_line_agreement import _agreement

pytestmark = pytest.mark.slow

_HAN = "党建工作中铝股份宣传思想大格局建设世界一流企业新发展理念高质量基层组织学习教育"
#: ■ ● ★ ※ ○ △ → ① ② ③ Ⅱ
_SYMBOLS = "\u25a0\u25cf\u2605\u203b\u25cb\u25b3\u2192\u2460\u2461\u2462\u2161"


def _sentence(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(5, 10)):
        kind = rng.choice(["han", "han", "symbol", "symbols", "latin", "number"])
        if kind == "han":
            parts.append("".join(rng.choice(_HAN) for _ in range(rng.randint(2, 10))))
        elif kind == "symbol":
            parts.append(rng.choice(_SYMBOLS))
        elif kind == "symbols":
            parts.append("".join(rng.choice(_SYMBOLS) for _ in range(rng.randint(2, 5))))
        elif kind == "latin":
            parts.append(rng.choice(["PDF", "Word", "5G", "ESG"]))
        else:
            parts.append(str(rng.randint(1, 9999)))
        parts.append(rng.choice("，，。、"))
    return "".join(parts)


def _document(rng: random.Random) -> Document:
    columns = rng.randint(1, 3)
    width_pt = rng.uniform(200.0 if columns > 1 else 120.0, 500.0)
    paragraphs = [Paragraph(style="正文", runs=[Run(text=_sentence(rng) + _sentence(rng))]) for _ in range(4)]
    frame = TextFrame(id="f", story_id="s", x_pt=50.0, y_pt=60.0, width_pt=width_pt, height_pt=720.0,
                      columns=columns, gutter_pt=12.0)
    return Document(paragraph_styles={"正文": ParagraphStyle(name="正文", size_pt=10.5, leading_pt=18.0)},
                    stories={"s": Story(id="s", paragraphs=paragraphs)}, pages=[Page(id="p", frames=[frame])])


def test_lines_with_full_width_symbols_break_in_libreoffice_where_the_pdf_breaks(tmp_path) -> None:
    _need_libreoffice()
    rng = random.Random(7)
    results = _agreement([_document(rng) for _ in range(6)], tmp_path)
    assert sum(result.total for result in results) > 60
    assert all(result.share == 1.0 for result in results), "\n".join(result.report(3) for result in results)
