"""Selection edits: align, distribute, lock and restack several frames, each exactly undoable."""

from __future__ import annotations

from itertools import pairwise

import pytest

from editor.model import arrange, edits
from tests.docbuilders import apply_changes as _apply
from tests.docbuilders import assert_each_edit_undoes_exactly


def _three_frames(doc):
    page = doc.pages[3]  # a brief, a photo beside it, a three-column brief below
    return [f.id for f in page.frames[:3]]


def test_every_selection_edit_undoes_to_the_identical_document(doc):
    ids = _three_frames(doc)
    makers = [
        lambda d: arrange.align_frames(d, ids, "left"),
        lambda d: arrange.align_frames(d, ids, "vcenter"),
        lambda d: arrange.align_frames(d, ids[:1], "hcenter"),
        lambda d: arrange.distribute_frames(d, ids, "vertical"),
        lambda d: arrange.update_frames(d, ids, locked=True),
        lambda d: arrange.restack_frames(d, ids[:1], 1),
        lambda d: arrange.restack_frames(d, ids[1:], -1000),
    ]
    assert_each_edit_undoes_exactly(doc, makers)


def test_align_right_lines_up_right_edges_of_the_selection(doc):
    ids = _three_frames(doc)
    right = max(doc.frame_by_id(i).x_pt + doc.frame_by_id(i).width_pt for i in ids)
    _apply(arrange.align_frames(doc, ids, "right"))
    for frame_id in ids:
        frame = doc.frame_by_id(frame_id)
        assert frame.x_pt + frame.width_pt == pytest.approx(right)


def test_a_single_frame_centres_between_the_margins(doc):
    frame_id = doc.pages[0].frames[0].id
    _apply(arrange.align_frames(doc, [frame_id], "hcenter"))
    frame = doc.frame_by_id(frame_id)
    left_space = frame.x_pt - doc.margins.left_pt
    right_space = doc.page_width_pt - doc.margins.right_pt - (frame.x_pt + frame.width_pt)
    assert left_space == pytest.approx(right_space)


def test_distribute_makes_equal_gaps_and_keeps_the_outer_frames(doc):
    ids = _three_frames(doc)
    frames = sorted((doc.frame_by_id(i) for i in ids), key=lambda f: f.y_pt)
    first, last = frames[0].y_pt, frames[-1].y_pt
    _apply(arrange.distribute_frames(doc, ids, "vertical"))
    frames = sorted((doc.frame_by_id(i) for i in ids), key=lambda f: f.y_pt)
    gaps = [b.y_pt - (a.y_pt + a.height_pt) for a, b in pairwise(frames)]
    assert gaps[0] == pytest.approx(gaps[1])
    assert (frames[0].y_pt, frames[-1].y_pt) == (first, last)


def test_locked_frames_stay_when_aligned(doc):
    ids = _three_frames(doc)
    _apply(arrange.update_frames(doc, ids[:1], locked=True))
    before = doc.frame_by_id(ids[0]).x_pt
    _apply(arrange.align_frames(doc, ids, "right"))
    assert doc.frame_by_id(ids[0]).x_pt == before


def test_restack_moves_past_unselected_frames_and_keeps_selection_order(doc):
    page = doc.pages[4]
    order = [f.id for f in page.frames]
    _apply(arrange.restack_frames(doc, order[:2], 1))
    assert [f.id for f in page.frames][:3] == [order[2], order[0], order[1]]
    _apply(arrange.restack_frames(doc, order[:2], 1000))
    assert [f.id for f in page.frames][-2:] == order[:2]
    _apply(arrange.restack_frames(doc, order[:2], -1000))
    assert [f.id for f in page.frames][:2] == order[:2]


def test_distribute_needs_three_frames(doc):
    assert arrange.distribute_frames(doc, _three_frames(doc)[:2], "horizontal") == []
    assert edits  # the single-frame edits stay where they were
