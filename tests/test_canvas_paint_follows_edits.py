"""What the canvas keeps between paints (so that typing in a 64-page issue does not scan every
frame at each keystroke) follows every edit: overset markers, page indices and thread ports
after a frame moves or moves to another page, and undo."""

from __future__ import annotations

from editor.model import Paragraph, Run, Story, TextFrame, edits
from editor.ui.canvas import threads
from tests.canvas_helpers import blank_document


def _overset_doc():
    doc = blank_document()
    doc.stories["a"] = Story(id="a", paragraphs=[Paragraph(style="正文", runs=[Run(text="党建" * 200)])])
    doc.pages[0].frames += [TextFrame(id="fa", story_id="a", x_pt=60, y_pt=80, width_pt=200, height_pt=120)]
    for change in edits.add_page(doc, 1):
        change.apply(True)
    return doc


def test_overset_markers_follow_a_moved_frame_and_its_undo():
    doc = _overset_doc()
    first = threads.overset_markers(doc, ["a"], 6.0)
    assert [(frame_id, rect.x_pt, rect.y_pt) for frame_id, rect in first] == [("fa", 260.0, 188.0)]
    moved = edits.move_frames(doc, {"fa": (40.0, 10.0)})
    for change in moved:
        change.apply(True)
    assert [(frame_id, rect.x_pt, rect.y_pt) for frame_id, rect in threads.overset_markers(doc, ["a"], 6.0)] == [
        ("fa", 300.0, 198.0)]
    for change in reversed(moved):
        change.apply(False)
    assert threads.overset_markers(doc, ["a"], 6.0) == first
    assert threads.overset_markers(doc, [], 6.0) == []


def test_page_indices_follow_a_frame_moved_to_another_page():
    doc = _overset_doc()
    assert threads._page_indices(doc)[0]["fa"] == 0
    for change in edits.move_frame_to_page(doc, "fa", 1, 60.0, 80.0):
        change.apply(True)
    assert threads._page_indices(doc)[0]["fa"] == 1


def test_the_canvas_grid_follows_a_resized_multicolumn_frame_and_a_master_margin_only_on_their_pages(qtbot):
    from editor import SAMPLE_PROJECT
    from editor.io.project import load_project
    from editor.model import master_edits
    from editor.model.frames import Insets
    from tests.canvas_helpers import shown_canvas

    doc = load_project(SAMPLE_PROJECT)
    doc.masters[0].grid = type(doc.masters[0].grid)(columns=2, gutter_pt=10.0, baseline_pt=0.0)
    controller, canvas = shown_canvas(qtbot, doc)
    user_page = 1  # p2, holding p2-lead-left
    controller.edit("无母版", master_edits.set_page_master(doc, user_page, None))
    before = [canvas.grid(i) for i in range(len(doc.pages))]
    controller.edit("分栏", edits.update_frame(doc, "p2-lead-left", columns=3, gutter_pt=12.0))
    after = [canvas.grid(i) for i in range(len(doc.pages))]
    # the page has no master: its grid is read from its widest multi-column frame, now this one
    assert [i for i in range(len(doc.pages)) if after[i] != before[i]] == [user_page]
    on_first_master = [i for i, page in enumerate(doc.pages) if page.master_id == doc.masters[0].id]
    controller.edit("母版边距", master_edits.set_master_margins(doc, doc.masters[0].id, Insets(
        left_pt=100.0, top_pt=100.0, right_pt=100.0, bottom_pt=100.0)))
    margins = [canvas.grid(i).margin_rect.x_pt for i in range(len(doc.pages))]
    assert [i for i in range(len(doc.pages)) if margins[i] == 100.0] == on_first_master
