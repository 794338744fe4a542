"""The editor's layout cache must never show a stale layout."""

from __future__ import annotations

import copy

from editor import SAMPLE_PROJECT
from editor.io.project import load_project
from editor.layout.engine import LayoutCache, layout_document


def _pages(layout):
    return [(page.items, page.lines) for page in layout.pages]


def test_cached_layout_equals_a_fresh_one_after_each_kind_of_edit():
    doc = load_project(SAMPLE_PROJECT)
    cache = LayoutCache()
    layout_document(doc, cache=cache)
    edits = [
        lambda d: d.stories["lead"].paragraphs[1].runs[-1].__setattr__("text", "党群工作" * 30),
        lambda d: setattr(d.frame_by_id(d.story_frames("lead")[0].id), "width_pt", 200.0),
        lambda d: setattr(d.paragraph_styles["正文"], "size_pt", 11.0),
        lambda d: setattr(d.issue, "number", 29),
        lambda d: d.colors.__setitem__("党建红", "#0000FF"),
        lambda d: d.stories.pop("lead"),
    ]
    for edit in edits:
        edit(doc)
        cached = layout_document(doc, cache=cache)
        fresh = layout_document(copy.deepcopy(doc))
        assert _pages(cached) == _pages(fresh)
        assert cached.stories == fresh.stories


def test_unchanged_stories_are_reused():
    doc = load_project(SAMPLE_PROJECT)
    cache = LayoutCache()
    layout_document(doc, cache=cache)
    misses = cache.misses
    doc.stories["lead"].paragraphs[0].runs[-1].text += "。"
    layout_document(doc, cache=cache)
    assert cache.misses == misses + 1
