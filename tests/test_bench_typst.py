"""The Typst document ``bench/bench_typst.py`` compares our export with carries the sample's content.

The bench's figures only mean something if Typst is given the same work: the sample's pages and
every placed story's text. These tests read the generated source as text (Typst itself is a bench
extra, not a test dependency): the pages it breaks into, and the text in its string literals.
"""

from __future__ import annotations

import re

import pytest

from bench.bench_typst import typst_source
from editor import SAMPLE_PROJECT
from editor.io.project import load_project
from editor.layout.engine import layout_document
from editor.layout.masters import expand_masters
from editor.model.document import Document
from editor.model.frames import frame_story_ids

#: A text literal of the generated markup (``#"…"``; font names and paths are not preceded by ``#``).
_TEXT_LITERAL = re.compile(r'#"((?:[^"\\]|\\.)*)"')
_ESCAPES = {"n": "\n", "r": "\r", '"': '"', "\\": "\\"}


@pytest.fixture(scope="module")
def sample() -> tuple[Document, str]:
    doc = load_project(SAMPLE_PROJECT)
    return expand_masters(doc), typst_source(expand_masters(doc), layout_document(doc))


def _shown_text(source: str) -> str:
    """Every text literal of ``source``, unescaped, in order."""
    return "".join(re.sub(r"\\(.)", lambda m: _ESCAPES[m.group(1)], body) for body in _TEXT_LITERAL.findall(source))


def _placed_story_ids(doc: Document) -> set[str]:
    return {story_id for page in doc.pages for frame in page.frames for story_id in frame_story_ids(frame)}


def test_the_typst_source_has_as_many_pages_as_the_sample(sample):
    doc, source = sample
    assert source.count("\n#pagebreak()\n") + 1 == len(doc.pages) == 5


def test_every_placed_storys_text_is_in_the_typst_source_once_and_in_order(sample):
    doc, source = sample
    shown = _shown_text(source)
    placed = _placed_story_ids(doc)
    assert len(placed) > 20  # the sample's articles, headings, captions and running heads
    for story_id in sorted(placed):
        paragraphs = doc.stories[story_id].paragraphs
        if any(run.field for paragraph in paragraphs for run in paragraph.runs):
            # Fields are spelled out per page: each literal run must still be there.
            for run in (run for paragraph in paragraphs for run in paragraph.runs if not run.field and run.text):
                assert run.text in shown, (story_id, run.text)
        else:
            text = "".join(run.text for paragraph in paragraphs for run in paragraph.runs)
            assert shown.count(text) == 1, story_id


def _frame_markup(source: str, doc: Document, frame_id: str) -> str:
    """The markup placed at ``frame_id``'s top-left corner, up to the next placed item."""
    frame = doc.frame_by_id(frame_id)
    return source.split(f"dx: {frame.x_pt:.2f}pt, dy: {frame.y_pt:.2f}pt, block(", 1)[1].split("#place(", 1)[0]


def test_a_story_threaded_through_two_frames_is_split_between_them_without_loss(sample):
    doc, source = sample
    assert doc.frame_by_id("p2-lead-left").next_frame_id == "p2-lead-right"
    left = _shown_text(_frame_markup(source, doc, "p2-lead-left"))
    right = _shown_text(_frame_markup(source, doc, "p2-lead-right"))
    story = "".join(run.text for paragraph in doc.stories["lead"].paragraphs for run in paragraph.runs)
    assert len(left) > 100 and len(right) > 100
    assert left + right == story
