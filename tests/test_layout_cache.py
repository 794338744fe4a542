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


# ------------------------------------------------------------ the editor's tracked cache

import dataclasses  # noqa: E402

import pytest  # noqa: E402

from editor.layout import engine  # noqa: E402
from editor.model import document_edits, edits, master_edits  # noqa: E402
from editor.model.changes import AttrChange, set_attr, set_item  # noqa: E402
from editor.model.frames import Insets, TextFrame, TextWrap  # noqa: E402
from editor.model.story import Paragraph, Run, Story  # noqa: E402
from editor.model.styles import CharacterStyle  # noqa: E402
from tests.docbuilders import one_frame_doc  # noqa: E402


def _typed(doc, story_id: str, paragraph_index: int, text: str) -> list:
    """The changes of typing ``text`` at the start of a paragraph, as the canvas makes them."""
    story = doc.stories[story_id]
    paragraphs = list(story.paragraphs)
    first, *rest = paragraphs[paragraph_index].runs
    paragraphs[paragraph_index] = dataclasses.replace(
        paragraphs[paragraph_index], runs=[dataclasses.replace(first, text=text + first.text), *rest])
    return edits.set_story(doc, dataclasses.replace(story, paragraphs=paragraphs))


def _photo_with_caption(doc) -> str:
    return next(f.id for page in doc.pages for f in page.frames if getattr(f, "caption", None) is not None)


#: Every kind of edit the editor makes, as (name, the changes it computes from the document).
TRACKED_EDITS = [
    ("typing", lambda d: _typed(d, "lead", 1, "党群工作" * 5)),
    ("typing in a master's folio", lambda d: _typed(d, "m-head-3-folio", 0, "第")),
    ("paragraph style of a story", lambda d: document_edits.apply_paragraph_style(d, ["lead"], "简讯")),
    ("move a frame", lambda d: edits.move_frames(d, {"p2-lead-left": (0.0, 40.0)})),
    ("resize a frame", lambda d: edits.set_geometry(d, "p2-lead-right", 300.0, 200.0, 150.0, 300.0)),
    ("columns", lambda d: edits.update_frame(d, "p2-lead-left", columns=2)),
    ("insets", lambda d: edits.update_frame(d, "p5-youth", insets=Insets(left_pt=20.0, top_pt=10.0))),
    ("text wrap turned off", lambda d: edits.update_frame(d, "p3-photo-talk", wrap=TextWrap(mode="none"))),
    ("move a wrapped photo", lambda d: edits.move_frames(d, {"p3-photo-talk": (-30.0, -20.0)})),
    ("caption layout", lambda d: document_edits.set_caption_layout(d, _photo_with_caption(d), placement="above")),
    ("caption text", lambda d: document_edits.set_caption_text(d, _photo_with_caption(d), "新的图注文字")),
    ("add a text frame with its story", lambda d: edits.add_frame(
        d, 4, TextFrame(id="new", story_id="new-s", x_pt=60, y_pt=500, width_pt=200, height_pt=100),
        Story(id="new-s", paragraphs=[Paragraph(style="正文", runs=[Run(text="新文章" * 20)])]))),
    ("delete frames", lambda d: edits.delete_frames(d, ["p2-lead-right", "p3-banner"])),
    ("restack", lambda d: edits.restack(d, "p3-photo-talk", -1000)),
    ("unlink a thread", lambda d: edits.unlink_after(d, "p2-lead-left")),
    ("link two frames", lambda d: edits.link_frames(d, "p5-youth", "p5-skills")),
    ("add a page", lambda d: edits.add_page(d, 1)),
    ("delete a page", lambda d: edits.delete_page(d, 2)),
    ("move a page", lambda d: edits.move_page(d, 4, 1)),
    ("duplicate a page", lambda d: edits.duplicate_page(d, 1)),
    ("move a frame to another page", lambda d: edits.move_frame_to_page(d, "p5-youth", 1, 60.0, 500.0)),
    ("issue number", lambda d: document_edits.set_issue_fields(d, number=29, total_number=999)),
    ("paragraph style defined anew", lambda d: document_edits.define_paragraph_style(
        d, dataclasses.replace(d.paragraph_styles["正文"], size_pt=12.0, leading_pt=20.0))),
    ("character style", lambda d: [set_item(d.character_styles, "要点", CharacterStyle(name="要点", size_pt=14.0))]),
    ("swatch", lambda d: [set_item(d.colors, "党建红", "#0000FF")]),
    ("page on another master", lambda d: master_edits.set_page_master(d, 3, "m-head-2")),
    ("master item moved", lambda d: edits.move_frames(d, {"m-head-3-head": (0.0, 30.0)})),
    ("master item detached", lambda d: master_edits.detach_item(d, 2, "m-head-3-head")),
    ("master deleted", lambda d: master_edits.delete_master(d, "m-head-3")),
]


@pytest.mark.parametrize("name, make", TRACKED_EDITS, ids=[name for name, _ in TRACKED_EDITS])
def test_the_tracked_cache_shows_every_kind_of_edit_and_its_undo(name, make):
    doc = load_project(SAMPLE_PROJECT)
    cache = LayoutCache(tracked=True)
    before = layout_document(doc, cache=cache)
    changes = make(doc)
    assert changes, f"{name}: the edit must change something"
    for change in changes:
        change.apply(True)
    done = layout_document(doc, cache=cache)
    fresh = layout_document(copy.deepcopy(doc))
    assert _pages(done) == _pages(fresh), name
    assert done.stories == fresh.stories
    assert _pages(done) != _pages(before) or done.stories != before.stories, f"{name}: the layout must change"
    for change in reversed(changes):
        change.apply(False)
    undone = layout_document(doc, cache=cache)
    # (Undo puts a removed story back at the end of the stories: the lines' order may differ from before.)
    assert _pages(undone) == _pages(layout_document(copy.deepcopy(doc))), name
    assert undone.stories == before.stories


def test_a_change_made_in_place_through_apply_makes_the_tracked_cache_compose_again():
    doc = load_project(SAMPLE_PROJECT)
    cache = LayoutCache(tracked=True)
    before = layout_document(doc, cache=cache)
    run = doc.stories["lead"].paragraphs[1].runs[0]
    change = AttrChange(run, "text", run.text, "群" + run.text[1:])  # same length, same objects
    change.apply(True)
    after = layout_document(doc, cache=cache)
    assert _pages(after) == _pages(layout_document(copy.deepcopy(doc)))
    assert _pages(after) != _pages(before)
    frame = doc.frame_by_id("p2-lead-left")
    change = set_attr(frame, "width_pt", frame.width_pt / 2)
    change.apply(True)
    assert _pages(layout_document(doc, cache=cache)) == _pages(layout_document(copy.deepcopy(doc)))


def test_a_hand_edit_is_shown_by_the_tracked_cache_after_invalidate():
    doc = load_project(SAMPLE_PROJECT)
    cache = LayoutCache(tracked=True)
    layout_document(doc, cache=cache)
    doc.stories["lead"].paragraphs[1].runs[0].text = "党群工作" * 40
    doc.pages[1].frames[2].x_pt += 20.0
    cache.invalidate()
    assert _pages(layout_document(doc, cache=cache)) == _pages(layout_document(copy.deepcopy(doc)))


def test_the_untracked_cache_notices_a_hand_edit_that_keeps_every_length_and_object():
    doc = load_project(SAMPLE_PROJECT)
    cache = LayoutCache()
    before = layout_document(doc, cache=cache)
    paragraph = doc.stories["lead"].paragraphs[1]
    paragraph.runs[0].text = "群" + paragraph.runs[0].text[1:]
    after = layout_document(doc, cache=cache)
    assert _pages(after) == _pages(layout_document(copy.deepcopy(doc)))
    assert _pages(after) != _pages(before)
    paragraph.style = "简讯"
    doc.stories["lead"].paragraphs.append(Paragraph(style="正文", runs=[Run(text="又一段。")]))
    assert _pages(layout_document(doc, cache=cache)) == _pages(layout_document(copy.deepcopy(doc)))


def test_the_content_key_covers_every_field_that_composition_reads():
    # story_key reads paragraphs' style and runs and every field of a run (vars): a field added
    # to Paragraph or Story must be added to it, or this fails.
    assert [f.name for f in dataclasses.fields(Paragraph)] == ["style", "runs"]
    assert [f.name for f in dataclasses.fields(Story)] == ["id", "name", "paragraphs", "fixed", "jump_lines"]
    plain, field = Run(text="2"), Run(text="2", field="number")
    assert engine.paragraph_key(Paragraph(style="正文", runs=[plain])) != engine.paragraph_key(
        Paragraph(style="正文", runs=[field]))


def _long_story_doc():
    paragraphs = [f"第{i}段" + "党群工作简讯排版" * 12 for i in range(23)]
    return one_frame_doc(paragraphs, width_pt=200.0, height_pt=3000.0)


def test_typing_in_one_paragraph_prepares_only_that_paragraph_again(monkeypatch):
    doc = _long_story_doc()
    cache = LayoutCache(tracked=True)
    layout_document(doc, cache=cache)
    prepared: list[str] = []
    real = engine.prepare_paragraph
    monkeypatch.setattr(engine, "prepare_paragraph",
                        lambda paragraph, *rest: prepared.append(paragraph.runs[0].text) or real(paragraph, *rest))
    for change in _typed(doc, "s", 1, "新"):
        change.apply(True)
    after = layout_document(doc, cache=cache)
    assert [text[:3] for text in prepared] == ["新第1"]
    assert _pages(after) == _pages(layout_document(copy.deepcopy(doc)))


def test_typing_sets_again_only_the_lines_whose_paragraph_or_place_changed(monkeypatch):
    doc = _long_story_doc()
    cache = LayoutCache(tracked=True)
    before = layout_document(doc, cache=cache)
    set_lines: list[int] = []
    real = engine._glyph_runs
    monkeypatch.setattr(engine, "_glyph_runs", lambda line, *rest: set_lines.append(line.paragraph_index)
                        or real(line, *rest))
    last = len(doc.stories["s"].paragraphs) - 1
    for change in _typed(doc, "s", last, "新"):  # the last paragraph: nothing after it moves
        change.apply(True)
    after = layout_document(doc, cache=cache)
    assert set(set_lines) == {last}
    kept = [line for line in before.pages[0].lines if line.paragraph_index != last]
    assert kept == [line for line in after.pages[0].lines if line.paragraph_index != last]


def _many_pages_doc(pages: int = 12):
    doc = load_project(SAMPLE_PROJECT)
    originals = list(doc.pages)
    while len(doc.pages) < pages:
        for change in edits.duplicate_page(doc, doc.pages.index(originals[len(doc.pages) % len(originals)])):
            change.apply(True)
    return doc


def test_a_keystroke_rebuilds_neither_the_areas_nor_the_pages_it_does_not_reach(monkeypatch):
    doc = _many_pages_doc()
    cache = LayoutCache(tracked=True)
    before = layout_document(doc, cache=cache)
    area_builds: list[int] = []
    real = engine.story_areas
    monkeypatch.setattr(engine, "story_areas", lambda d: area_builds.append(1) or real(d))
    for change in _typed(doc, "lead", 1, "党"):
        change.apply(True)
    after = layout_document(doc, cache=cache)
    lead_page = doc.pages.index(next(p for p in doc.pages if any(f.id == "p2-lead-left" for f in p.frames)))
    assert area_builds == []
    assert [i for i, (old, new) in enumerate(zip(before.pages, after.pages, strict=True)) if old is not new] == [lead_page]
    assert _pages(after) == _pages(layout_document(copy.deepcopy(doc)))


def test_moving_a_frame_rebuilds_only_the_pages_whose_frames_or_text_it_changes():
    """Dragging a frame must not build all 64 pages at every mouse move: its own page is built
    again, and the pages of stories whose areas it changed; the others are the last layout's."""
    doc = _many_pages_doc()
    cache = LayoutCache(tracked=True)
    before = layout_document(doc, cache=cache)
    page_index = next(i for i, p in enumerate(doc.pages) if any(f.id == "p3-photo-talk" for f in p.frames))
    for change in edits.move_frames(doc, {"p3-photo-talk": (-30.0, -20.0)}):
        change.apply(True)
    after = layout_document(doc, cache=cache)
    rebuilt = [i for i, (old, new) in enumerate(zip(before.pages, after.pages, strict=True)) if old is not new]
    assert rebuilt == [page_index]  # the photo's page; its wrap reflows text on that page only
    assert _pages(after) == _pages(layout_document(copy.deepcopy(doc)))


def test_the_same_cache_follows_another_document():
    cache = LayoutCache(tracked=True)
    layout_document(load_project(SAMPLE_PROJECT), cache=cache)
    other = _long_story_doc()
    assert _pages(layout_document(other, cache=cache)) == _pages(layout_document(copy.deepcopy(other)))


def test_story_areas_follow_each_thread_from_its_head_whatever_the_page_order():
    doc = one_frame_doc(["党" * 400], width_pt=100.0, height_pt=60.0)
    head = doc.pages[0].frames[0]
    doc.pages[0].frames[0] = dataclasses.replace(head, next_frame_id="b")
    page_two = dataclasses.replace(doc.pages[0], id="p2", frames=[
        TextFrame(id="c", story_id="s", x_pt=50, y_pt=300, width_pt=100, height_pt=60),
        TextFrame(id="b", story_id="s", x_pt=50, y_pt=60, width_pt=100, height_pt=60, next_frame_id="c"),
        TextFrame(id="stray", story_id="s", x_pt=300, y_pt=60, width_pt=100, height_pt=60),
    ])
    doc.pages.append(page_two)
    areas = engine.story_areas(doc)["s"]
    assert [(a.frame_id, a.page_index) for a in areas] == [("f", 0), ("b", 1), ("c", 1)]
