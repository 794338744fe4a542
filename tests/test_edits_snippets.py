"""Copy and paste of frames: a snippet carries what the frames need, pasting gives fresh ids."""

from __future__ import annotations

import copy

import pytest

from editor.model import Document, ImageFrame, TextFrame
from editor.model.codec import _check_references, decode_document, encode_document
from editor.model.snippets import extract_snippet, paste_snippet
from tests.docbuilders import apply_changes as _apply


def test_a_snippet_is_a_valid_document_with_stories_photos_and_styles(doc):
    photo = next(f for _, f in doc.frames_with_pages() if isinstance(f, ImageFrame) and f.caption)
    text = next(f for _, f in doc.frames_with_pages() if isinstance(f, TextFrame) and f.next_frame_id)
    snippet = extract_snippet(doc, [photo.id, text.id])
    _check_references(snippet)
    assert photo.caption.story_id in snippet.stories and text.story_id in snippet.stories
    assert photo.asset in snippet.assets
    assert all(f.next_frame_id is None for f in snippet.pages[0].frames if isinstance(f, TextFrame))
    again = decode_document(encode_document(snippet), snippet.assets)
    assert again == snippet


def test_paste_adds_copies_with_fresh_ids_and_undoes_exactly(doc):
    ids = [f.id for f in doc.pages[2].frames]
    snippet = extract_snippet(doc, ids)
    before = copy.deepcopy(doc)
    changes, new_ids = paste_snippet(doc, 0, snippet, (10.0, 10.0))
    _apply(changes)
    _check_references(doc)
    assert len(new_ids) == len(ids) and not set(new_ids) & set(ids)
    assert len(doc.pages[0].frames) == len(before.pages[0].frames) + len(ids)
    first = doc.frame_by_id(new_ids[0])
    assert first.x_pt == pytest.approx(doc.frame_by_id(ids[0]).x_pt + 10.0)
    _apply(changes, forward=False)
    assert doc == before


def test_threads_inside_the_copy_survive_a_paste(doc):
    lead = doc.story_frames("lead")
    snippet = extract_snippet(doc, [f.id for f in lead])
    changes, new_ids = paste_snippet(doc, 4, snippet)
    _apply(changes)
    first = doc.frame_by_id(new_ids[0])
    assert [f.id for f in doc.story_frames(first.story_id)] == new_ids
    assert first.story_id != "lead"


def test_paste_into_another_document_brings_missing_styles(doc):
    frame = next(f for _, f in doc.frames_with_pages() if isinstance(f, TextFrame))
    snippet = extract_snippet(doc, [frame.id])
    empty = Document()
    empty.pages.append(copy.deepcopy(doc.pages[0]))
    empty.pages[0].frames, empty.pages[0].master_id = [], None  # the other document has no masters
    changes, _ = paste_snippet(empty, 0, snippet)
    _apply(changes)
    _check_references(empty)
    assert set(snippet.paragraph_styles) <= set(empty.paragraph_styles)


def test_nothing_to_copy_gives_none(doc):
    assert extract_snippet(doc, ["no-such-frame"]) is None
