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
    assert [(frame_id, rect.x_pt, rect.y_pt) for frame_id, rect in first] == [("fa", 257.0, 188.0)]
    moved = edits.move_frames(doc, {"fa": (40.0, 10.0)})
    for change in moved:
        change.apply(True)
    assert [(frame_id, rect.x_pt, rect.y_pt) for frame_id, rect in threads.overset_markers(doc, ["a"], 6.0)] == [
        ("fa", 297.0, 198.0)]
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
