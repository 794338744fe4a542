"""Edits of master pages: each is one exactly reversible list of changes, and a master item
moved once moves on every page built on the master."""

from __future__ import annotations

import copy

from editor.layout.display import RuleItem
from editor.layout.engine import layout_document
from editor.model import edits
from editor.model import master_edits as me
from editor.model.document import PageGrid
from editor.model.frames import Insets, ShapeFrame, TextFrame
from editor.model.story import Paragraph, Run, Story
from editor.model.units import mm_to_pt
from tests.docbuilders import apply_changes, assert_each_edit_undoes_exactly
from tests.test_masters_model import _running_head_doc


def _rule_ys(doc) -> list[float]:
    """The y of the running head's rule on every page, read from the display list."""
    ys = []
    for page in layout_document(doc).pages:
        rules = [item for item in page.items if isinstance(item, RuleItem)]
        ys.append(round(rules[0].y1_pt, 3) if rules else None)
    return ys


def test_each_master_edit_undoes_to_the_identical_document() -> None:
    doc = _running_head_doc()
    doc.pages[2].detached.append("head-rule")
    head_frame = TextFrame(id="new-head", story_id="new-story", x_pt=10.0, y_pt=10.0, width_pt=100.0, height_pt=20.0)
    assert_each_edit_undoes_exactly(doc, [
        lambda d: me.set_page_master(d, 0, None),
        lambda d: me.add_master(d, "C-封底"),
        lambda d: me.rename_master(d, "M", "B-正文页"),
        lambda d: me.delete_master(d, "M"),
        lambda d: me.set_master_margins(d, "M", Insets(top_pt=30.0, right_pt=30.0, bottom_pt=30.0, left_pt=30.0)),
        lambda d: me.set_master_grid(d, "M", PageGrid(columns=5, gutter_pt=12.0, baseline_pt=18.0)),
        lambda d: edits.move_frames(d, {"head-frame": (0.0, mm_to_pt(2.0))}),
        lambda d: edits.set_geometry(d, "head-rule", 50.0, 60.0, 300.0, 0.0),
        lambda d: edits.update_frame(d, "head-frame", columns=2),
        lambda d: edits.set_story(d, Story(id="head", paragraphs=[Paragraph(style="版头", runs=[Run(text="新版头")])])),
        lambda d: me.add_master_frame(d, "M", head_frame, Story(id="new-story")),
        lambda d: me.delete_master_frames(d, ["head-rule"]),
        lambda d: me.detach_item(d, 1, "head-frame"),
        lambda d: me.reattach_item(d, 2, "head-rule"),
    ])


def test_moving_a_master_item_moves_it_on_every_page_and_undo_moves_it_back() -> None:
    doc = _running_head_doc(pages=3)
    assert _rule_ys(doc) == [52.0, 52.0, 52.0]
    changes = edits.move_frames(doc, {"head-rule": (0.0, mm_to_pt(2.0))})
    apply_changes(changes)
    moved = round(52.0 + 2.0 * 72.0 / 25.4, 3)
    assert _rule_ys(doc) == [moved, moved, moved]
    apply_changes(changes, forward=False)
    assert _rule_ys(doc) == [52.0, 52.0, 52.0]


def test_a_detached_item_is_a_copy_at_the_same_place_and_stays_when_the_master_moves() -> None:
    doc = _running_head_doc(pages=3)
    apply_changes(me.detach_item(doc, 1, "head-frame"))
    page = doc.pages[1]
    copied = page.frames[0]
    assert page.detached == ["head-frame"]
    assert (copied.id, copied.x_pt, copied.y_pt, copied.width_pt) == ("head-frame~p2", 56.0, 30.0, 480.0)
    assert copied.story_id not in ("head", ) and doc.stories[copied.story_id].paragraphs == doc.stories["head"].paragraphs
    apply_changes(edits.move_frames(doc, {"head-frame": (0.0, 10.0)}))
    ys = {page_index: [f.y_pt for f in p.frames if f.id.startswith("head-frame")]
          for page_index, p in enumerate(layout_document(doc).document.pages)}
    assert ys == {0: [40.0], 1: [30.0], 2: [40.0]}
    # The copy's text is the page's own: typing in it leaves the master's running head alone.
    apply_changes(edits.set_story(doc, Story(id=copied.story_id, paragraphs=[Paragraph(style="版头", runs=[Run(text="特刊")])])))
    assert doc.stories["head"].paragraphs[0].runs[0].field == "title"


def test_reattaching_takes_the_copy_away_and_shows_the_master_item_again() -> None:
    doc = _running_head_doc(pages=2)
    before = copy.deepcopy(doc)
    apply_changes(me.detach_item(doc, 0, "head-rule"))
    assert _rule_ys(doc) == [52.0, 52.0]  # the copy is drawn where the master's was
    apply_changes(edits.move_frames(doc, {"head-rule~p1": (0.0, 8.0)}))
    assert _rule_ys(doc) == [60.0, 52.0]
    apply_changes(me.reattach_item(doc, 0, "head-rule~p1"))
    assert doc == before


def test_deleting_a_master_turns_its_pages_into_plain_pages_in_one_step() -> None:
    doc = _running_head_doc(pages=2)
    doc.pages[0].detached.append("head-rule")
    apply_changes(me.delete_master(doc, "M"))
    assert doc.masters == [] and [(p.master_id, p.detached) for p in doc.pages] == [(None, []), (None, [])]
    assert "head" not in doc.stories and sorted(doc.stories) == ["a1", "a2"]
    assert _rule_ys(doc) == [None, None]


def test_applying_another_master_forgets_detached_items_of_the_old_one() -> None:
    doc = _running_head_doc(pages=2)
    doc.masters.append(copy.deepcopy(doc.masters[0]))
    doc.masters[1].id, doc.masters[1].frames = "N", [ShapeFrame(id="n-rule", shape="rule", x_pt=0.0, y_pt=5.0,
                                                                  width_pt=10.0, height_pt=0.0)]
    doc.pages[0].detached.append("head-rule")
    apply_changes(me.set_page_master(doc, 0, "N"))
    assert (doc.pages[0].master_id, doc.pages[0].detached) == ("N", [])
    assert me.set_page_master(doc, 0, "no-such-master") == []


def test_deleting_a_page_frame_keeps_the_masters_stories() -> None:
    doc = _running_head_doc(pages=2)
    apply_changes(edits.delete_frames(doc, ["f1"]))
    assert "head" in doc.stories and "a1" not in doc.stories


def test_new_ids_are_not_taken_by_masters_or_their_items() -> None:
    doc = _running_head_doc(pages=1)
    taken = {"head-frame", "head-rule", "M", "head"}
    assert all(edits.new_id(doc, "x") not in taken for _ in range(5))
    frame_id = edits.new_id(doc, "head")
    assert frame_id.startswith("head-") and frame_id not in taken


def test_a_page_with_a_detached_copy_is_saved_and_opened_unchanged_and_can_still_be_restored() -> None:
    from editor.model.codec import decode_document, encode_document

    doc = _running_head_doc(pages=2)
    apply_changes(me.detach_item(doc, 1, "head-frame"))
    opened = decode_document(encode_document(doc), {})
    assert opened == doc and opened.pages[1].detached == ["head-frame"]
    assert me.copy_of(opened.pages[1], "head-frame~p2") == "head-frame"
    assert me.copy_of(opened.pages[1], "head-frame~p22") is None  # another page's copy, moved here
    apply_changes(me.reattach_item(opened, 1, "head-frame~p2"))
    assert [f.id for f in opened.pages[1].frames] == ["f2"] and opened.pages[1].detached == []
