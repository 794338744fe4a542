"""Issue 11: the DOCX breaks every line where the PDF does, as LibreOffice renders it.

Lines are matched per text box and baseline and their texts compared (``tests/line_agreement``).
The sample must agree on every line; documents generated with hypothesis — random Chinese text
with quotes, digits, Latin words and percentages in one to three columns — on at least 99 % of
their lines. LibreOffice runs once for the sample and once for all generated documents.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from editor import SAMPLE_PROJECT
from editor.io.project import load_project
from editor.layout.engine import layout_document
from editor.model import Document, Page, Paragraph, ParagraphStyle, Run, Story, TextFrame
from editor.render.docx import write_docx
from editor.render.pdf import write_pdf
from tests.fontconfig_env import convert_all, libreoffice_env
from tests.line_agreement import line_agreement
from tests.test_docx_export import _need_libreoffice

pytestmark = pytest.mark.slow

_HAN = "党建工作中铝股份宣传思想大格局建设世界一流企业新发展理念高质量基层组织学习教育生产经营职工群众安全环保创新"
_WORDS = ["PDF", "Word", "ISO", "5G", "ESG", "LME", "Banmian"]
_PUNCT = "，，，。、；：！？"


def _sentence(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(4, 10)):
        kind = rng.choice(["han", "han", "han", "quote", "number", "percent", "latin"])
        if kind == "han":
            parts.append("".join(rng.choice(_HAN) for _ in range(rng.randint(2, 14))))
        elif kind == "quote":
            parts.append("“" + "".join(rng.choice(_HAN) for _ in range(rng.randint(2, 6))) + "”")
        elif kind == "number":
            parts.append(str(rng.randint(1, 20000)))
        elif kind == "percent":
            parts.append(f"{rng.randint(1, 99)}.{rng.randint(0, 9)}%")
        else:
            parts.append(rng.choice(_WORDS))
        parts.append(rng.choice(_PUNCT))
    return "".join(parts).rstrip(_PUNCT) + "。"


def generated_document(rng: random.Random) -> Document:
    """One A4 page with a text frame of one to three columns holding a few paragraphs."""
    columns = rng.randint(1, 3)
    width_pt = rng.uniform(200.0 if columns > 1 else 120.0, 500.0)
    paragraphs = [Paragraph(style="正文", runs=[Run(text=_sentence(rng) + _sentence(rng))])
                  for _ in range(rng.randint(3, 6))]
    style = ParagraphStyle(name="正文", size_pt=10.5, leading_pt=18.0)
    frame = TextFrame(id="f", story_id="s", x_pt=50.0, y_pt=60.0, width_pt=width_pt, height_pt=720.0,
                      columns=columns, gutter_pt=12.0)
    return Document(paragraph_styles={"正文": style}, stories={"s": Story(id="s", paragraphs=paragraphs)},
                    pages=[Page(id="p", frames=[frame])])


def _agreement(docs: list[Document], folder: Path):
    folder.mkdir(parents=True, exist_ok=True)
    layouts, pdfs, docxs = [], [], []
    for number, doc in enumerate(docs):
        layout = layout_document(doc)
        pdf, word = folder / f"{number}.pdf", folder / f"{number}.docx"
        write_pdf(doc, layout, pdf)
        write_docx(doc, layout, word)
        layouts.append(layout)
        pdfs.append(pdf)
        docxs.append(word)
    rendered = convert_all(docxs, folder / "lo", libreoffice_env(folder))
    return [line_agreement(layout, ours, theirs) for layout, ours, theirs in zip(layouts, pdfs, rendered, strict=True)]


def test_every_line_of_the_sample_breaks_in_libreoffice_where_the_pdf_breaks(tmp_path):
    _need_libreoffice()
    (agreement,) = _agreement([load_project(SAMPLE_PROJECT)], tmp_path)
    assert agreement.total > 150
    assert agreement.share == 1.0, agreement.report()


@settings(max_examples=1, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
@given(rng=st.randoms(use_true_random=True))
def test_generated_documents_break_99_percent_of_their_lines_where_the_pdf_does(tmp_path_factory, rng):
    """Hypothesis hands a seeded ``Random`` (one example, derandomized, so CI sees the same
    documents every run); eight documents are drawn from it and converted in one LibreOffice run."""
    _need_libreoffice()
    results = _agreement([generated_document(rng) for _ in range(8)], tmp_path_factory.mktemp("generated"))
    total = sum(r.total for r in results)
    agreeing = sum(r.agreeing for r in results)
    assert total > 200
    assert agreeing / total >= 0.99, "\n".join(r.report(3) for r in results)
