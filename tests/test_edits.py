"""Model edits and undo: every edit is exactly reversible (no screen needed for most)."""

from __future__ import annotations

import copy

from editor.model import TextFrame, edits
from editor.model.codec import _check_references
from tests.docbuilders import apply_changes as _apply
from tests.docbuilders import assert_each_edit_undoes_exactly


def _text_frames(doc):
    return [f for _, f in doc.frames_with_pages() if isinstance(f, TextFrame)]


def test_each_edit_undoes_to_the_identical_document(doc):
    # A text frame with neighbours on its page, so that restacking it changes something
    # (the sample's page 1 holds only its lead article: the masthead is on the master).
    first_text = next(f for page in doc.pages if len(page.frames) > 1 for f in page.frames if isinstance(f, TextFrame))
    lead = doc.story_frames("lead")
    makers = [
        lambda d: edits.move_frames(d, {first_text.id: (10.0, -5.0)}),
        lambda d: edits.set_geometry(d, first_text.id, 60.0, 70.0, 200.0, 100.0),
        lambda d: edits.update_frame(d, first_text.id, columns=3, gutter_pt=9.0),
        lambda d: edits.delete_frames(d, [lead[0].id]),
        lambda d: edits.delete_frames(d, [f.id for f in d.pages[2].frames]),
        lambda d: edits.restack(d, first_text.id, 1000),
        lambda d: edits.unlink_after(d, lead[0].id),
        lambda d: edits.add_page(d, 2),
        lambda d: edits.delete_page(d, 1),
        lambda d: edits.move_page(d, 0, 4),
        lambda d: edits.duplicate_page(d, 2),
    ]
    assert_each_edit_undoes_exactly(doc, makers)


def test_deleting_a_middle_frame_closes_the_thread(doc):
    lead = doc.story_frames("lead")
    _apply(edits.delete_frames(doc, [lead[0].id]))
    assert [f.id for f in doc.story_frames("lead")] == [lead[1].id]
    assert "lead" in doc.stories


def test_linking_merges_stories_and_unlinking_splits_the_thread(doc):
    frames = [f for f in doc.pages[4].frames if isinstance(f, TextFrame)]
    a, b = frames[0], frames[1]
    text_b = [p.plain_text() for p in doc.stories[b.story_id].paragraphs]
    old_story_b = b.story_id
    _apply(edits.link_frames(doc, a.id, b.id))
    assert [f.id for f in doc.story_frames(a.story_id)] == [a.id, b.id]
    assert old_story_b not in doc.stories
    assert [p.plain_text() for p in doc.stories[a.story_id].paragraphs][-len(text_b):] == text_b
    _check_references(doc)
    _apply(edits.unlink_after(doc, a.id))
    assert doc.frame_by_id(a.id).next_frame_id is None
    assert doc.frame_by_id(b.id).story_id != a.story_id
    _check_references(doc)


def test_linking_refuses_cycles_and_self(doc):
    lead = doc.story_frames("lead")
    assert edits.link_frames(doc, lead[1].id, lead[0].id) == []
    assert edits.link_frames(doc, lead[0].id, lead[0].id) == []


def test_locked_frames_do_not_move(doc):
    frame = _text_frames(doc)[0]
    _apply(edits.update_frame(doc, frame.id, locked=True))
    assert edits.move_frames(doc, {frame.id: (5.0, 5.0)}) == []


def test_replacing_a_photo_resets_the_crop_drops_the_old_photo_and_undoes(doc):
    photo = next(f for _, f in doc.frames_with_pages() if f.kind == "image" and f.asset)
    before = copy.deepcopy(doc)
    changes = edits.replace_photo(doc, photo.id, "0" * 32 + ".png", b"new photo bytes")
    _apply(changes)
    replaced = doc.frame_by_id(photo.id)
    assert replaced.asset == "0" * 32 + ".png" and replaced.zoom == 1.0 and replaced.offset_x_pt == 0.0
    assert doc.assets["0" * 32 + ".png"] == b"new photo bytes"
    assert photo.asset not in doc.assets
    _apply(changes, forward=False)
    assert doc == before


def test_replacing_a_photo_of_a_locked_frame_does_nothing(doc):
    photo = next(f for _, f in doc.frames_with_pages() if f.kind == "image" and f.asset)
    _apply(edits.update_frame(doc, photo.id, locked=True))
    assert edits.replace_photo(doc, photo.id, "0" * 32 + ".png", b"x") == []


def test_moving_a_frame_to_another_page_keeps_its_thread_and_undoes(doc):
    lead = doc.story_frames("lead")
    before = copy.deepcopy(doc)
    changes = edits.move_frame_to_page(doc, lead[1].id, 3, 40.0, 50.0)
    _apply(changes)
    _check_references(doc)
    assert doc.pages[3].frames[-1].id == lead[1].id and (doc.pages[3].frames[-1].x_pt, doc.pages[3].frames[-1].y_pt) == (40.0, 50.0)
    assert all(f.id != lead[1].id for f in doc.pages[1].frames)
    assert [f.id for f in doc.story_frames("lead")] == [f.id for f in lead]
    _apply(changes, forward=False)
    assert doc == before


def _saved_photo_names(doc, path) -> set[str]:
    import zipfile

    from editor.io.project import save_project

    save_project(doc, path)
    with zipfile.ZipFile(path) as archive:
        return {name.removeprefix("assets/") for name in archive.namelist() if name.startswith("assets/")}


def test_deleting_the_last_frame_of_a_photo_drops_it_from_the_saved_file_and_undo_brings_it_back(doc, tmp_path):
    talk = doc.frame_by_id("p3-photo-talk")
    photo, data = talk.asset, doc.assets[talk.asset]
    others = set(doc.assets) - {photo}
    assert [f.id for _, f in doc.frames_with_pages() if getattr(f, "asset", None) == photo] == ["p3-photo-talk"]
    changes = edits.delete_frames(doc, [talk.id])
    _apply(changes)
    assert _saved_photo_names(doc, tmp_path / "deleted.banmian") == others
    _apply(changes, forward=False)
    assert _saved_photo_names(doc, tmp_path / "undone.banmian") == others | {photo}
    assert doc.assets[photo] == data


def test_a_photo_another_frame_still_shows_stays_in_the_saved_file(doc, tmp_path):
    talk = doc.frame_by_id("p3-photo-talk")
    prize = doc.frame_by_id("p3-photo-prize")
    _apply(edits.update_frame(doc, prize.id, asset=talk.asset))  # both frames show one photo
    _apply(edits.delete_frames(doc, [talk.id]))
    assert talk.asset in _saved_photo_names(doc, tmp_path / "kept.banmian")
