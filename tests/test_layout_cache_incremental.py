"""The editor's layout cache redoes only what an edit reaches, and shows what a full rebuild shows.

Dragging a frame on page k of a 64-page issue must not expand every page's master items nor
make every story's areas again, and a keystroke must not check every story; yet after any
sequence of moves, resizes, frames moved between pages, typing (in articles and in running
heads), pages put on another master and master items detached, and undoing them, the tracked
cache's layout must be the one a layout from scratch gives.
"""

from __future__ import annotations

import copy
import dataclasses

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from editor.layout import engine
from editor.layout.engine import LayoutCache, layout_document
from editor.model import edits, master_edits
from editor.model.frames import TextFrame, TextWrap
from tests.test_layout_cache import _many_pages_doc  # the sample's pages (3 masters, a thread, captions) repeated

MASTER_FRAMES = {"m-head-2": "m-head-2-head", "m-head-3": "m-head-3-head", "m-masthead": "m-masthead-masthead"}


def _apply(changes, forward: bool = True) -> None:
    for change in (changes if forward else reversed(changes)):
        change.apply(forward)


def _typed(doc, story_id: str, text: str) -> list:
    """The changes of typing ``text`` at the start of a story's first paragraph with text, as the canvas
    makes them (a new story object, with a new paragraphs list)."""
    story = doc.stories[story_id]
    index = next((i for i, p in enumerate(story.paragraphs) if p.runs), None)
    if index is None:
        return []
    paragraphs = list(story.paragraphs)
    first, *rest = paragraphs[index].runs
    paragraphs[index] = dataclasses.replace(paragraphs[index],
                                            runs=[dataclasses.replace(first, text=text + first.text), *rest])
    return edits.set_story(doc, dataclasses.replace(story, paragraphs=paragraphs))


def _pages(layout):
    return [(page.items, page.lines, page.areas) for page in layout.pages]


def _laid_out(pages: int):
    """The sample repeated to ``pages`` pages, and the editor's cache after its first layout."""
    doc = _many_pages_doc(pages)
    cache = LayoutCache(tracked=True)
    layout_document(doc, cache=cache)
    return doc, cache


def _assert_as_from_scratch(doc, cache, step: str) -> None:
    cached = layout_document(doc, cache=cache)
    fresh = layout_document(copy.deepcopy(doc))
    assert _pages(cached) == _pages(fresh), step
    assert cached.stories == fresh.stories, step
    assert cached.warnings == fresh.warnings, step


def _edit(data, doc) -> tuple[str, list]:
    """One edit the editor makes, drawn at random, and its changes (possibly none)."""
    kind = data.draw(st.sampled_from(["move", "move", "resize", "to page", "type", "type in a running head",
                                      "master", "detach", "wrap"]))
    page_index = data.draw(st.integers(0, len(doc.pages) - 1))
    page = doc.pages[page_index]
    frame = data.draw(st.sampled_from(page.frames)) if page.frames else None
    if kind == "move" and frame is not None:
        offset = (data.draw(st.integers(-60, 60)) * 1.0, data.draw(st.integers(-60, 60)) * 1.0)
        return f"move {frame.id} by {offset}", edits.move_frames(doc, {frame.id: offset})
    if kind == "resize" and frame is not None:
        width, height = data.draw(st.integers(40, 300)) * 1.0, data.draw(st.integers(30, 400)) * 1.0
        return (f"resize {frame.id} to {width}×{height}",
                edits.set_geometry(doc, frame.id, frame.x_pt, frame.y_pt, width, height))
    if kind == "to page" and frame is not None:
        target = data.draw(st.integers(0, len(doc.pages) - 1))
        return f"{frame.id} to page {target}", edits.move_frame_to_page(doc, frame.id, target, 60.0, 400.0)
    if kind == "type":
        story_id = data.draw(st.sampled_from(sorted(f.story_id for p in doc.pages for f in p.frames
                                                    if isinstance(f, TextFrame) and f.story_id in doc.stories)))
        return f"type in {story_id}", _typed(doc, story_id, "党群" * data.draw(st.integers(1, 30)))
    if kind == "type in a running head":
        return "type in a folio", _typed(doc, "m-head-3-folio", "第")
    if kind == "master":
        master_id = data.draw(st.sampled_from([None, *MASTER_FRAMES]))
        return f"page {page_index} on {master_id}", master_edits.set_page_master(doc, page_index, master_id)
    if kind == "detach" and page.master_id in MASTER_FRAMES:
        return (f"detach on page {page_index}",
                master_edits.detach_item(doc, page_index, MASTER_FRAMES[page.master_id]))
    if kind == "wrap" and frame is not None:
        mode = "none" if frame.wrap.mode == "around" else "around"
        return f"wrap {mode} on {frame.id}", edits.update_frame(doc, frame.id, wrap=TextWrap(mode=mode))
    return kind, []


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_any_sequence_of_edits_and_undos_lays_out_as_a_full_rebuild(data):
    doc, cache = _laid_out(7)
    done: list[tuple[str, list]] = []
    for _ in range(data.draw(st.integers(2, 6))):
        if done and data.draw(st.integers(0, 3)) == 0:
            step, changes = done.pop()
            _apply(changes, forward=False)
            step = f"undo {step}"
        else:
            step, changes = _edit(data, doc)
            _apply(changes)
            done.append((step, changes))
        _assert_as_from_scratch(doc, cache, step)


class _Calls:
    """Counts calls of an engine function, by one of their arguments."""

    def __init__(self, monkeypatch, name: str, argument) -> None:
        self.seen: list = []
        real = getattr(engine, name)

        def counted(*args):
            self.seen.append(argument(*args))
            return real(*args)

        monkeypatch.setattr(engine, name, counted)


def _page_of(doc, frame_id: str) -> int:
    return next(i for i, page in enumerate(doc.pages) if any(f.id == frame_id for f in page.frames))


def test_a_move_on_page_k_expands_and_makes_areas_for_page_k_only(monkeypatch):
    doc, cache = _laid_out(24)
    expanded = _Calls(monkeypatch, "expand_page", lambda d, page: page.id)
    made = _Calls(monkeypatch, "page_areas", lambda page, index: index)
    threaded = _Calls(monkeypatch, "thread_areas", lambda story_id, pages: story_id)
    k = max(i for i, page in enumerate(doc.pages) if any(f.wrap.mode == "around" for f in page.frames))
    page = doc.pages[k]
    photo = next(f.id for f in page.frames if f.wrap.mode == "around")
    _apply(edits.move_frames(doc, {photo: (-30.0, -20.0)}))
    layout_document(doc, cache=cache)
    assert expanded.seen == [page.id]
    assert made.seen == [k]
    on_page = {f.story_id for f in page.frames if isinstance(f, TextFrame)}
    on_page |= {f.caption.story_id for f in page.frames if getattr(f, "caption", None) is not None}
    on_page |= {f"{f.id}@{page.id}" for f in doc.master_of(page).frames}
    on_page |= {f"{f.story_id}@{page.id}" for f in doc.master_of(page).frames if isinstance(f, TextFrame)}
    assert set(threaded.seen) <= on_page
    assert 0 < len(threaded.seen) <= 12  # the stories of one page, of the 24 pages' ~90


def test_moving_a_threaded_frame_to_another_page_makes_areas_for_both_pages_only(monkeypatch):
    doc, cache = _laid_out(12)
    made = _Calls(monkeypatch, "page_areas", lambda page, index: index)
    source = _page_of(doc, "p2-lead-right")
    _apply(edits.move_frame_to_page(doc, "p2-lead-right", 9, 60.0, 300.0))
    after = layout_document(doc, cache=cache)
    assert sorted(made.seen) == sorted([source, 9])
    assert after.stories["lead"].frame_ids == ("p2-lead-left", "p2-lead-right")
    assert {index for index, page in enumerate(after.pages) for line in page.lines
            if line.story_id == "lead"} == {source, 9}
    assert _pages(after) == _pages(layout_document(copy.deepcopy(doc)))


def _checked_stories(monkeypatch) -> list[str]:
    """The ids of the stories the cache compares with their last composition, from now on."""
    checked: list[str] = []
    real = LayoutCache._same_story
    monkeypatch.setattr(LayoutCache, "_same_story", lambda self, entry, story, content: checked.append(story.id)
                        or real(self, entry, story, content))
    return checked


def test_a_keystroke_checks_only_the_story_typed_in(monkeypatch):
    doc, cache = _laid_out(24)
    checked = _checked_stories(monkeypatch)
    _apply(_typed(doc, "lead", "党"))
    layout_document(doc, cache=cache)
    assert checked == ["lead"]
    checked.clear()
    layout_document(doc, cache=cache)  # nothing changed: nothing is checked
    assert checked == []


def test_typing_in_a_running_head_checks_only_its_copies(monkeypatch):
    doc, cache = _laid_out(12)
    checked = _checked_stories(monkeypatch)
    _apply(_typed(doc, "m-head-3-folio", "第"))
    after = layout_document(doc, cache=cache)
    on_master = [page.id for page in doc.pages if page.master_id == "m-head-3"]
    assert sorted(checked) == sorted(f"m-head-3-folio@{page_id}" for page_id in on_master)
    assert _pages(after) == _pages(layout_document(copy.deepcopy(doc)))


def test_a_keystroke_and_a_move_after_it_give_the_layout_of_a_fresh_cache():
    doc, cache = _laid_out(12)
    _apply(_typed(doc, "lead", "党" * 40))
    _apply(edits.move_frames(doc, {"p2-lead-left": (0.0, 80.0)}))
    _apply(master_edits.set_page_master(doc, 3, "m-head-2"))
    cached = layout_document(doc, cache=cache)
    fresh_cache = LayoutCache(tracked=True)
    assert _pages(cached) == _pages(layout_document(doc, cache=fresh_cache))
    assert _pages(cached) == _pages(layout_document(copy.deepcopy(doc)))
