"""A keystroke breaks into lines only the paragraphs whose place it can change (issue #12: composing
the story was a third of a keystroke, every paragraph broken again). Counts work, never time; and
checks each cached layout against one made from scratch."""

from __future__ import annotations

import copy
import dataclasses

from editor.layout import flow
from editor.layout.engine import LayoutCache, layout_document
from editor.model import edits
from tests.docbuilders import one_frame_doc

#: Five paragraphs, each told apart by its first character, five lines long in 100 pt with room
#: for another character on the last line.
_PARAGRAPHS = [mark + "的文字排成几行。" * 5 for mark in "甲乙丙丁戊"]


def _type_into(doc, paragraph_index: int, text: str) -> None:
    """Type ``text`` at the end of one paragraph, through the model's edits as the editor does."""
    story = doc.stories["s"]
    paragraphs = list(story.paragraphs)
    paragraph = paragraphs[paragraph_index]
    last = paragraph.runs[-1]
    paragraphs[paragraph_index] = dataclasses.replace(
        paragraph, runs=[*paragraph.runs[:-1], dataclasses.replace(last, text=last.text + text)])
    for change in edits.set_story(doc, dataclasses.replace(story, paragraphs=paragraphs)):
        change.apply(True)


def _broken_paragraphs(monkeypatch) -> list[str]:
    """Record the first character of the paragraph of every line ``flow`` breaks from now on."""
    broken: list[str] = []
    break_line = flow.break_line
    monkeypatch.setattr(flow, "break_line", lambda prep, *rest: broken.append(prep.text[:1])
                        or break_line(prep, *rest))
    return broken


def _assert_as_from_scratch(doc, cached) -> None:
    fresh = layout_document(copy.deepcopy(doc))
    assert cached.pages[0].lines == fresh.pages[0].lines
    assert cached.pages[0].items == fresh.pages[0].items


def _keystroke(monkeypatch, paragraph_index: int, text: str):
    """Lay out the five paragraphs with the editor's cache, type ``text`` into one, lay out again:
    (the document, the layout before, the layout after, the paragraphs broken for it)."""
    doc = one_frame_doc(_PARAGRAPHS, width_pt=100.0, height_pt=700.0)
    cache = LayoutCache(tracked=True)
    before = layout_document(doc, cache=cache)
    broken = _broken_paragraphs(monkeypatch)
    _type_into(doc, paragraph_index, text)
    after = layout_document(doc, cache=cache)
    return doc, before, after, list(broken)


def test_a_keystroke_in_the_last_paragraph_breaks_only_that_paragraph_again(monkeypatch) -> None:
    doc, _, cached, broken = _keystroke(monkeypatch, 4, "字")
    assert broken and set(broken) == {"戊"}
    _assert_as_from_scratch(doc, cached)


def test_a_keystroke_in_the_first_paragraph_that_keeps_its_line_count_breaks_only_that_paragraph_again(
        monkeypatch) -> None:
    doc, before, cached, broken = _keystroke(monkeypatch, 0, "字")
    assert len(cached.pages[0].lines) == len(before.pages[0].lines)  # the line count stayed
    assert broken and set(broken) == {"甲"}
    _assert_as_from_scratch(doc, cached)


def test_a_keystroke_that_adds_a_line_breaks_the_paragraphs_below_again_and_lays_out_as_from_scratch(
        monkeypatch) -> None:
    doc, before, cached, broken = _keystroke(monkeypatch, 1, "加" * 10)  # more than a line's worth
    assert len(cached.pages[0].lines) > len(before.pages[0].lines)
    assert set(broken) == {"乙", "丙", "丁", "戊"}  # the first paragraph is above the edit and kept
    _assert_as_from_scratch(doc, cached)


def test_lines_kept_from_the_last_layout_of_a_centred_frame_are_centred_once(monkeypatch) -> None:
    doc = one_frame_doc(_PARAGRAPHS[:2], width_pt=100.0, height_pt=700.0)
    frame = doc.pages[0].frames[0]
    doc.pages[0].frames[0] = dataclasses.replace(frame, vertical_align="center")
    cache = LayoutCache(tracked=True)
    layout_document(doc, cache=cache)
    broken = _broken_paragraphs(monkeypatch)
    for _ in range(3):
        _type_into(doc, 1, "字")
        cached = layout_document(doc, cache=cache)
        assert set(broken) == {"乙"}
        _assert_as_from_scratch(doc, cached)
        broken.clear()  # (the layout from scratch broke every paragraph)
