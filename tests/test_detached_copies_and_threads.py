"""Detached master items (覆盖母版项目) keep names that 恢复母版项目 can recognise, on the page and
on a duplicate of it; deleting frames of several kinds at once closes every thread.

A page's copy of a master item is named ``<item>~<page>`` so that restoring
the master item finds it (``edits.detached_copy_id``); a name longer than the
id limit falls back to a plain frame id.
"""

from __future__ import annotations

from editor.model import Document, MasterPage, Page, ShapeFrame, Story, TextFrame, edits
from editor.model import master_edits as me
from editor.model.limits import ID_TEXT
from tests.docbuilders import apply_changes


def _rule(frame_id: str) -> ShapeFrame:
    return ShapeFrame(id=frame_id, shape="rule", x_pt=60.0, y_pt=52.0, width_pt=400.0, height_pt=0.0)


def _doc_with_master_item(item_id: str, page_id: str = "p1") -> Document:
    master = MasterPage(id="M", name="A-母版", frames=[_rule(item_id)])
    return Document(masters=[master], pages=[Page(id=page_id, master_id="M")])


def test_a_copy_whose_name_just_fits_the_id_limit_keeps_it_and_can_be_restored() -> None:
    item = "r" * (ID_TEXT.max_chars - len("~p1"))
    doc = _doc_with_master_item(item)
    apply_changes(me.detach_item(doc, 0, item))
    copied = doc.pages[0].frames[0]
    assert copied.id == f"{item}~p1" and len(copied.id) == ID_TEXT.max_chars
    apply_changes(me.reattach_item(doc, 0, copied.id))
    assert (doc.pages[0].frames, doc.pages[0].detached) == ([], [])


def test_a_duplicated_page_names_its_copy_of_a_master_item_for_itself() -> None:
    doc = _doc_with_master_item("head-rule")
    apply_changes(me.detach_item(doc, 0, "head-rule"))
    apply_changes(edits.duplicate_page(doc, 0))
    duplicate = doc.pages[1]
    assert duplicate.detached == ["head-rule"]
    assert [f.id for f in duplicate.frames] == [f"head-rule~{duplicate.id}"]
    # 恢复母版项目 on the duplicate takes its copy away and leaves the original page's.
    apply_changes(me.reattach_item(doc, 1, f"head-rule~{duplicate.id}"))
    assert (duplicate.frames, duplicate.detached) == ([], [])
    assert [f.id for f in doc.pages[0].frames] == ["head-rule~p1"]


def _text(frame_id: str, story_id: str, next_id: str | None, y_pt: float) -> TextFrame:
    return TextFrame(id=frame_id, story_id=story_id, x_pt=60.0, y_pt=y_pt, width_pt=200.0, height_pt=80.0,
                     next_frame_id=next_id)


def test_deleting_rules_with_middle_frames_of_two_threads_closes_both_threads() -> None:
    # Whatever order the deletion visits them in, the rules must not stop the threads being closed.
    rules = [_rule(f"rule-{i}") for i in range(30)]
    page = Page(id="p", frames=[
        *rules,
        _text("a1", "a", "a2", 60.0), _text("a2", "a", "a3", 150.0), _text("a3", "a", None, 240.0),
        _text("b1", "b", "b2", 330.0), _text("b2", "b", "b3", 420.0), _text("b3", "b", None, 510.0)])
    doc = Document(stories={"a": Story(id="a"), "b": Story(id="b")}, pages=[page])
    apply_changes(edits.delete_frames(doc, [*(r.id for r in rules), "a2", "b2"]))
    assert [(f.id, f.next_frame_id) for f in doc.pages[0].frames] == [
        ("a1", "a3"), ("a3", None), ("b1", "b3"), ("b3", None)]
