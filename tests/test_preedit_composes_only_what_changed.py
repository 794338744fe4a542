"""An input method's preedit is laid out from a copy of the story's memo: only the paragraph
holding the preedit is prepared again, and the memo it is given keeps what was prepared, so
the next keystroke of the same preedit prepares nothing (``editor.layout.provisional``)."""

from __future__ import annotations

import copy

import pytest

from editor.layout import engine
from editor.layout.display import DocumentLayout, GlyphRun
from editor.layout.engine import LayoutCache, layout_document
from editor.layout.provisional import compose_provisional
from editor.model import Document, Story
from tests.docbuilders import one_frame_doc

PARAGRAPHS = ["党建引领发展" * 4, "宣传思想工作" * 4, "建设世界一流企业" * 3]
PREEDIT = "中国"


@pytest.fixture
def prepared(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The text of every paragraph prepared from here on."""
    texts: list[str] = []
    real = engine.prepare_paragraph

    def counting(paragraph, *args, **kwargs):
        texts.append("".join(run.text for run in paragraph.runs))
        return real(paragraph, *args, **kwargs)

    monkeypatch.setattr(engine, "prepare_paragraph", counting)
    return texts


def _story_text(pages) -> str:
    return "".join(item.text for page in pages for item in page.items
                   if isinstance(item, GlyphRun) and item.story_id == "s")


def _laid_out_with_preedit() -> tuple[Document, LayoutCache, DocumentLayout, Story]:
    """The document laid out with a cache, and a copy of its story with the preedit in paragraph 2."""
    doc = one_frame_doc(PARAGRAPHS)
    cache = LayoutCache()
    layout = layout_document(doc, cache=cache)
    story = copy.deepcopy(doc.stories["s"])
    story.paragraphs[1].runs[0].text = PREEDIT + PARAGRAPHS[1]
    return doc, cache, layout, story


def test_a_preedit_prepares_its_paragraph_only_and_the_next_keystroke_nothing(prepared: list[str]) -> None:
    _doc, cache, layout, story = _laid_out_with_preedit()
    areas, memo = cache.last_composition("s")
    prepared.clear()

    first = compose_provisional(layout, story, areas, memo)
    assert prepared == [PREEDIT + PARAGRAPHS[1]]
    assert _story_text(first.pages) == PARAGRAPHS[0] + PREEDIT + "".join(PARAGRAPHS[1:])

    prepared.clear()
    again = compose_provisional(layout, story, areas, memo)
    assert prepared == []
    assert _story_text(again.pages) == _story_text(first.pages)


def test_a_preedit_leaves_the_layout_caches_memo_as_it_was(prepared: list[str]) -> None:
    doc, cache, layout, story = _laid_out_with_preedit()
    areas, memo = cache.last_composition("s")
    compose_provisional(layout, story, areas, memo)

    _areas, fresh_copy = cache.last_composition("s")
    prepared.clear()
    compose_provisional(layout, copy.deepcopy(doc.stories["s"]), areas, fresh_copy)
    assert prepared == []  # the cache's memo still holds the committed paragraphs, unchanged
