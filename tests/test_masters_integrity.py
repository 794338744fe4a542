"""Masters keep the document whole: what a review of the master-page work found, each as the
user would meet it — a logo lost, a file that will not reopen, a drag that does nothing."""

from __future__ import annotations

import datetime
import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from editor.errors import ProjectFileError
from editor.io.project import asset_name, document_json_bytes
from editor.model import edits
from editor.model import master_edits as me
from editor.model.codec import decode_document
from editor.model.frames import ImageFrame, ShapeFrame, TextFrame
from editor.model.limits import MAX_FRAMES_PER_PAGE
from editor.model.next_issue import make_next_issue, next_issue_fields
from editor.model.story import Paragraph, Run, Story
from editor.ui.canvas.grid import page_grid
from tests.canvas_helpers import drag, shown_canvas, view_point
from tests.docbuilders import apply_changes
from tests.photo_files import uniform_jpeg
from tests.test_masters_model import _running_head_doc

LOGO = uniform_jpeg(40, 24)
OTHER = uniform_jpeg(32, 32, grey=True)


def _doc_with_master_logo():
    doc = _running_head_doc(pages=3)
    logo = asset_name(LOGO, ".jpg")
    doc.assets[logo] = LOGO
    doc.masters[0].frames.append(ImageFrame(id="logo", asset=logo, x_pt=480.0, y_pt=20.0, width_pt=40.0, height_pt=20.0))
    return doc, logo


def _reopened(doc):
    return decode_document(json.loads(document_json_bytes(doc)), dict(doc.assets))


def test_replacing_the_photo_of_a_pages_copy_of_the_logo_keeps_the_logo_on_the_other_pages() -> None:
    doc, logo = _doc_with_master_logo()
    apply_changes(me.detach_item(doc, 2, "logo"))
    copy_id = next(f.id for f in doc.pages[2].frames if me.copy_of(doc.pages[2], f.id) == "logo")
    apply_changes(edits.replace_photo(doc, copy_id, asset_name(OTHER, ".jpg"), OTHER))
    assert logo in doc.assets
    assert _reopened(doc).assets[logo] == LOGO


def test_applying_a_master_to_a_full_page_is_refused_rather_than_saving_a_file_that_will_not_open() -> None:
    doc = _running_head_doc(pages=2)
    page = doc.pages[1]
    page.master_id = None
    page.frames += [ShapeFrame(id=f"r{i}", x_pt=10.0, y_pt=10.0 + i, width_pt=5.0, height_pt=0.0)
                    for i in range(MAX_FRAMES_PER_PAGE - len(page.frames))]
    assert me.set_page_master(doc, 1, "M") == []
    _reopened(doc)  # still a file the loader takes


def test_deleting_one_of_two_master_frames_threaded_on_a_story_keeps_the_story_for_the_other() -> None:
    doc = _running_head_doc(pages=2)
    doc.stories["foot"] = Story(id="foot", paragraphs=[Paragraph(style="版头", runs=[Run(text="内部资料")])])
    doc.masters[0].frames += [
        TextFrame(id="mA", story_id="foot", next_frame_id="mB", x_pt=56.0, y_pt=780.0, width_pt=200.0, height_pt=20.0),
        TextFrame(id="mB", story_id="foot", x_pt=300.0, y_pt=780.0, width_pt=200.0, height_pt=20.0)]
    apply_changes(me.delete_master_frames(doc, ["mA"]))
    assert "foot" in doc.stories
    _reopened(doc)


def test_the_next_issue_keeps_a_pages_copies_of_master_items_with_their_text_and_photo() -> None:
    doc, logo = _doc_with_master_logo()
    doc.stories["head"].paragraphs.append(Paragraph(style="版头", runs=[Run(text="内部资料 注意保存")]))
    apply_changes(me.detach_item(doc, 2, "head-frame"))
    apply_changes(me.detach_item(doc, 2, "logo"))
    page = doc.pages[2]
    head_copy = next(f for f in page.frames if me.copy_of(page, f.id) == "head-frame")
    logo_copy = next(f for f in page.frames if me.copy_of(page, f.id) == "logo")
    new = make_next_issue(doc, next_issue_fields(doc.issue, datetime.date(2021, 10, 13))).document
    texts = [p.plain_text() for p in new.stories[head_copy.story_id].paragraphs]
    assert "内部资料 注意保存" in texts
    assert next(f for f in new.pages[2].frames if f.id == logo_copy.id).asset == logo
    assert new.stories["a3"].paragraphs[0].plain_text() == "在此粘贴正文"  # the article is still cleared


@pytest.mark.parametrize("pitch_pt", [1e-300, 1e-4, 1.5])
def test_a_baseline_grid_too_fine_to_draw_draws_no_guides(pitch_pt: float) -> None:
    doc = _running_head_doc(pages=1)
    doc.masters[0].grid.baseline_pt = pitch_pt
    assert page_grid(_reopened(doc), doc.pages[0]).baselines() == []


@pytest.mark.parametrize("damage, words", [
    (lambda d: d["document"]["stories"].__setitem__("a1@p1", {**d["document"]["stories"]["a1"], "id": "a1@p1"}),
     "不能含有“@”"),
    (lambda d: d["document"]["pages"][0]["frames"][0].__setitem__("id", "f1@p1"), "不能含有“@”"),
    (lambda d: d["document"]["pages"][1].__setitem__("id", "p1"), "页面 ID“p1”重复"),
])
def test_ids_that_would_be_taken_for_master_instances_and_repeated_page_ids_are_refused(damage, words: str) -> None:
    data = json.loads(document_json_bytes(_running_head_doc(pages=2)))
    damage(data)
    with pytest.raises(ProjectFileError) as refused:
        decode_document(data, {})
    assert words in refused.value.message


def test_a_master_item_is_dragged_with_the_mouse_while_the_master_is_edited(qtbot) -> None:
    doc = _running_head_doc(pages=3)
    controller, canvas = shown_canvas(qtbot, doc)
    controller.edit_master("M")
    canvas.show_page(1)
    start = view_point(canvas, 1, 200.0, 40.0)
    QTest.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    assert controller.selection == ("head-frame",)
    drag(canvas, start, view_point(canvas, 1, 200.0, 130.0))
    moved = next(f for f in doc.masters[0].frames if f.id == "head-frame")
    assert moved.y_pt == pytest.approx(120.0, abs=2.0)
    heads = [next(f for f in page.frames if f.id.startswith("head-frame@")) for page in controller.layout.document.pages]
    assert {round(f.y_pt, 3) for f in heads} == {round(moved.y_pt, 3)}
    controller.undo_stack.undo()
    assert next(f for f in doc.masters[0].frames if f.id == "head-frame").y_pt == 30.0


def test_the_next_issue_after_the_largest_number_a_file_may_hold_still_reopens() -> None:
    from editor.model.limits import ISSUE_NUMBER, TOTAL_ISSUE_NUMBER

    doc = _running_head_doc(pages=1)
    doc.issue.number, doc.issue.total_number = int(ISSUE_NUMBER.high), int(TOTAL_ISSUE_NUMBER.high)
    fields = next_issue_fields(doc.issue, datetime.date(doc.issue.year, 12, 31))
    new = make_next_issue(doc, fields).document
    assert (new.issue.number, new.issue.total_number) == (ISSUE_NUMBER.high, TOTAL_ISSUE_NUMBER.high)
    _reopened(new)


def test_an_added_page_is_built_on_the_master_of_the_page_it_follows() -> None:
    doc = _running_head_doc(pages=2)
    doc.pages[0].master_id = None
    apply_changes(edits.add_page(doc, 2))
    apply_changes(edits.add_page(doc, 1))
    assert [page.master_id for page in doc.pages] == [None, None, "M", "M"]
    assert doc.pages[1].frames == [] and doc.pages[3].frames == []


def test_a_duplicated_page_can_restore_its_copy_of_a_master_item_too() -> None:
    doc = _running_head_doc(pages=2)
    apply_changes(me.detach_item(doc, 1, "head-rule"))
    apply_changes(edits.duplicate_page(doc, 1))
    twin = doc.pages[2]
    copies = [f.id for f in twin.frames if me.copy_of(twin, f.id) == "head-rule"]
    assert len(copies) == 1 and twin.detached == ["head-rule"]
    apply_changes(me.reattach_item(doc, 2, copies[0]))
    assert twin.detached == [] and all(f.id != copies[0] for f in twin.frames)
    _reopened(doc)


def test_a_running_head_that_overflows_is_marked_on_every_page_that_shows_it(qtbot) -> None:
    from editor.ui.canvas import threads

    doc = _running_head_doc(pages=3)
    doc.masters[0].frames[0].width_pt = 30.0  # far too narrow for 「中铝股份党群工作 · 第N版」
    controller, canvas = shown_canvas(qtbot, doc)
    laid_out = controller.layout.document
    markers = threads.overset_markers(laid_out, controller.layout.overset_story_ids, 6.0)
    assert sorted(frame_id for frame_id, _ in markers) == ["head-frame@p1", "head-frame@p2", "head-frame@p3"]
    tops = [threads._scene_rect(canvas, frame_id, rect).top() for frame_id, rect in sorted(markers)]
    assert tops == sorted(tops) and len(set(tops)) == 3  # one on each page, down the canvas
