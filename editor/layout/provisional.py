"""Text shown but not stored: a story composed with an input method's preedit in it.

While a user composes Chinese with an input method (拼音: "zhongguo" → 中国),
the text being composed is not yet part of the document, yet Word, WPS and
InDesign lay it out as if it were: the characters after it move aside and the
line wraps as it will after the commit. ``compose_provisional`` does the same
without touching the document, the undo stack or the layout cache: it composes
a copy of one story (the caller inserts the preedit, as the commit would) into
the areas the story was last composed into, starting from a copy of the
story's memo, so only the preedit's paragraph and the lines after it are set
again — as light as a keystroke. The pages whose display lists the story's
lines are on get new display lists in which the story's glyph runs and line
boxes are the provisional ones; every other item stays the one the layout made.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from editor.layout.charformat import FaceResolver, FormatResolver
from editor.layout.display import DisplayItem, DocumentLayout, GlyphRun, LineBox, PageLayout
from editor.layout.engine import ComposedStory, StoryMemo, compose_story, default_faces
from editor.layout.flow import FlowArea
from editor.model.story import Story


@dataclass
class ProvisionalLayout:
    """The document's pages with one story composed provisionally (``pages`` is the whole list)."""

    pages: list[PageLayout]
    #: Indexes of the pages the story is on, before or after (their display lists are new).
    changed: list[int] = field(default_factory=list)

    def changed_pages(self) -> list[PageLayout]:
        """The pages the story is on: all a caret in it needs (``StoryGeometry`` reads ``index``)."""
        return [self.pages[i] for i in self.changed]


def compose_provisional(layout: DocumentLayout, story: Story, areas: list[FlowArea], memo: StoryMemo,
                        faces: FaceResolver | None = None) -> ProvisionalLayout:
    """``layout`` with ``story`` (same id as a story it holds, other text) composed into ``areas``.

    ``memo`` should be a copy of the one the layout cache composed the story with
    (``LayoutCache.last_composition``); it is updated, so the next call is lighter still."""
    assert layout.document is not None, "a layout made by layout_document knows its document"
    doc = copy.copy(layout.document)
    doc.stories = {**layout.document.stories, story.id: story}
    composed = compose_story(doc, story.id, areas, FormatResolver(doc, faces or default_faces()), memo)
    page_of_frame = {(area.frame_id, area.is_caption): area.page_index for area in areas}
    runs_by_page: dict[int, list[GlyphRun]] = {}
    for key, runs in composed.runs_by_area.items():
        story_runs = [run for run in runs if run.story_id == story.id]  # not continuation lines (下转)
        runs_by_page.setdefault(page_of_frame[key], []).extend(story_runs)
    touched = set(runs_by_page) | set(composed.lines_by_page) | _pages_with_story(layout, story.id)
    pages = list(layout.pages)
    for index in sorted(touched):
        if 0 <= index < len(pages):
            pages[index] = _with_story(pages[index], story.id, runs_by_page.get(index, []),
                                       _story_lines(composed, index, story.id))
    return ProvisionalLayout(pages, sorted(i for i in touched if 0 <= i < len(pages)))


def _pages_with_story(layout: DocumentLayout, story_id: str) -> set[int]:
    return layout.story_line_pages.get(story_id, set())


def _story_lines(composed: ComposedStory, page_index: int, story_id: str) -> list[LineBox]:
    return [line for line in composed.lines_by_page.get(page_index, []) if line.story_id == story_id]


def _with_story(page: PageLayout, story_id: str, runs: list[GlyphRun], lines: list[LineBox]) -> PageLayout:
    """``page`` with the story's glyph runs and line boxes replaced (the runs where its first run was)."""
    items: list[DisplayItem] = []
    placed = False
    for item in page.items:
        if isinstance(item, GlyphRun) and item.story_id == story_id:
            if not placed:
                items.extend(runs)
                placed = True
            continue
        items.append(item)
    if not placed:
        items.extend(runs)
    kept_lines = [line for line in page.lines if line.story_id != story_id]
    return PageLayout(page.index, page.width_pt, page.height_pt, items, kept_lines + lines, page.areas)
