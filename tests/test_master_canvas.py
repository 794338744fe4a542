"""Master pages on the canvas: master items are drawn but out of reach on a page; editing the
master (编辑母版) moves an item on every page in one undo step; frames snap to the master's columns."""

from __future__ import annotations

import pdfplumber
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from editor.layout.display import GlyphRun, RuleItem
from editor.model import master_edits as me
from editor.model import mm_to_pt
from editor.model.document import PageGrid
from editor.render.pdf import export_pdf
from tests.canvas_helpers import drag, shown_canvas, view_point
from tests.docbuilders import apply_changes
from tests.test_masters_model import _running_head_doc

TWO_MM = 2.0 * 72.0 / 25.4
#: A point inside the running head's frame (56, 30, 480 × 20) and on its rule (y = 52).
HEAD_POINT = (200.0, 40.0)


def _head_positions(controller) -> list[tuple[float, float] | None]:
    """Per page, from the display list: the running head's baseline and its rule's y (None if absent)."""
    found = []
    for page in controller.layout.pages:
        heads = [item.baseline_pt for item in page.items if isinstance(item, GlyphRun) and "中铝" in item.text]
        rules = [item.y1_pt for item in page.items if isinstance(item, RuleItem)]
        found.append((round(heads[0], 3), round(rules[0], 3)) if heads and rules else None)
    return found


def _pdf_head_tops(path) -> list[float]:
    """The top of the first character of 「中铝股份党群工作」 on each page, read back from the PDF."""
    with pdfplumber.open(path) as pdf:
        return [round(next(c["top"] for c in page.chars if c["text"] == "中"), 2) for page in pdf.pages]


def test_a_click_on_a_master_item_on_a_page_selects_nothing_and_starts_no_text_editing(qtbot):
    controller, canvas = shown_canvas(qtbot, _running_head_doc(pages=3))
    canvas.show_page(1)
    viewport = canvas.viewport()
    point = view_point(canvas, 1, *HEAD_POINT)
    QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    assert controller.selection == ()
    QTest.mouseDClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    assert not canvas.is_text_editing() and controller.selection == ()
    drag(canvas, point, view_point(canvas, 1, HEAD_POINT[0] + 40, HEAD_POINT[1] + 40))
    assert controller.undo_stack.count() == 0  # nothing was dragged
    # The page's own frame below it is selectable as ever.
    QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, view_point(canvas, 1, 200, 150))
    assert controller.selection == ("f2",)
    # Typing in the page's article, a click on the running head does not move the caret into it.
    assert canvas.start_text_editing("f2")
    QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    assert canvas.editing_frame_id in (None, "f2")
    assert all(frame.id == "f2" for frame in controller.selected_frames())


def test_moving_the_running_head_in_the_master_moves_it_on_every_page_and_one_undo_moves_it_back(qtbot, tmp_path):
    doc = _running_head_doc(pages=3)
    apply_changes(me.detach_item(doc, 2, "head-frame"))  # page 3 has its own running head …
    apply_changes(me.detach_item(doc, 2, "head-rule"))  # … and rule
    controller, canvas = shown_canvas(qtbot, doc)
    before = _head_positions(controller)
    assert before == [(before[0][0], 52.0)] * 3  # every page shows it at the same place

    controller.edit_master("M")  # what 编辑 in the 母版 panel does
    canvas.show_page(1)
    viewport = canvas.viewport()
    QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, view_point(canvas, 1, *HEAD_POINT))
    assert controller.selection == ("head-frame",)  # the master's own frame, reached on page 2
    qtbot.wait(QApplication.doubleClickInterval() + 50)  # two clicks, not a double click
    QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier, view_point(canvas, 1, 420, 52))  # away from the head frame's handles
    assert set(controller.selection) == {"head-frame", "head-rule"}
    steps = controller.undo_stack.count()
    assert canvas.nudge(0.0, TWO_MM)  # what the arrow keys do
    assert controller.undo_stack.count() == steps + 1

    baseline, rule = before[0]
    moved = (round(baseline + TWO_MM, 3), round(rule + TWO_MM, 3))
    assert _head_positions(controller) == [moved, moved, before[2]]  # page 3's own copy stays
    pdf_before, pdf_after = tmp_path / "before.pdf", tmp_path / "after.pdf"
    export_pdf(controller.doc, pdf_after)

    controller.undo_stack.undo()  # one undo …
    assert _head_positions(controller) == before  # … moves it back everywhere
    export_pdf(controller.doc, pdf_before)
    tops_before, tops_after = _pdf_head_tops(pdf_before), _pdf_head_tops(pdf_after)
    assert [round(a - b, 2) for a, b in zip(tops_after, tops_before, strict=True)] == [round(TWO_MM, 2), round(TWO_MM, 2), 0.0]


def test_a_frame_drawn_or_moved_within_2_mm_of_a_masters_column_edge_lands_on_it(qtbot):
    doc = _running_head_doc(pages=2)
    doc.masters[0].grid = PageGrid(columns=3, gutter_pt=mm_to_pt(5.0))
    doc.pages[1].master_id = None  # a plain page, for comparison
    controller, canvas = shown_canvas(qtbot, doc)
    canvas.set_zoom(2.0)  # 2 mm on screen is 1 mm on the page: the master's reach is what pulls
    canvas.show_page(0)
    grid = canvas.grid(0)
    assert grid.from_master and len(grid.columns) == 3 and not canvas.grid(1).from_master
    second_left = grid.columns[1][0]
    width_pt = (doc.page_width_pt - 2 * mm_to_pt(20.0) - 2 * mm_to_pt(5.0)) / 3
    assert second_left == pytest.approx(mm_to_pt(20.0) + width_pt + mm_to_pt(5.0))

    canvas.set_tool("box")
    start_x = second_left + mm_to_pt(1.7)
    canvas.centerOn(canvas.page_origin(0).x() + start_x, canvas.page_origin(0).y() + 420)
    drag(canvas, view_point(canvas, 0, start_x, 400), view_point(canvas, 0, start_x + 60, 440))
    drawn = controller.doc.pages[0].frames[-1]
    assert drawn.x_pt == pytest.approx(second_left, abs=1e-6)

    column_right = grid.columns[1][1]  # the second column's right edge (no frame edge near it)
    off = mm_to_pt(1.8)
    grab = (drawn.x_pt + 20, drawn.y_pt + 20)
    dx = column_right - off - (drawn.x_pt + drawn.width_pt)
    drag(canvas, view_point(canvas, 0, *grab), view_point(canvas, 0, grab[0] + dx, grab[1]))
    moved = controller.doc.pages[0].frames[-1]
    assert moved.x_pt + moved.width_pt == pytest.approx(column_right, abs=1e-6)

    # 2.5 mm from the column edges it does not snap.
    grab = (moved.x_pt + 20, moved.y_pt + 20)
    drag(canvas, view_point(canvas, 0, *grab), view_point(canvas, 0, grab[0] + mm_to_pt(2.5), grab[1]))
    assert controller.doc.pages[0].frames[-1].x_pt + moved.width_pt == pytest.approx(column_right + mm_to_pt(2.5), abs=0.5)


def test_typing_in_a_master_text_frame_while_editing_the_master_changes_every_page_in_one_undo(qtbot):
    from tests.canvas_helpers import type_text

    controller, canvas = shown_canvas(qtbot, _running_head_doc(pages=3))
    canvas.show_page(1)
    point = view_point(canvas, 1, 70.0, 40.0)  # in the running head, near its start
    QTest.mouseDClick(canvas.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    assert not canvas.is_text_editing()  # not on a page …
    controller.edit_master("M")
    QTest.mouseDClick(canvas.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    assert canvas.is_text_editing() and canvas.editing_frame_id == "head-frame"  # … but in the master
    steps = controller.undo_stack.count()
    type_text(canvas, "本刊")
    assert controller.undo_stack.count() == steps + 1
    texts = ["".join(i.text for i in page.items if isinstance(i, GlyphRun)) for page in controller.layout.pages]
    assert [text.count("本刊") for text in texts] == [1, 1, 1]  # every page's running head
    assert "本刊" in "".join(run.text for run in controller.doc.stories["head"].paragraphs[0].runs)
    controller.undo_stack.undo()
    texts = ["".join(i.text for i in page.items if isinstance(i, GlyphRun)) for page in controller.layout.pages]
    assert all("本刊" not in text for text in texts)


def _pdf_header_tops(path) -> list[float | None]:
    """Per page, the top of the highest character in the page's top 50 pt (the running head), from the PDF."""
    with pdfplumber.open(path) as pdf:
        return [min((c["top"] for c in page.chars if c["top"] < 50.0), default=None) for page in pdf.pages]


def test_in_the_sample_moving_the_three_column_running_head_moves_it_on_pages_3_to_5_only(qtbot, doc, tmp_path):
    from editor.layout.masters import instance_id

    apply_changes(me.detach_item(doc, 4, "m-head-3-head"))  # page 5 keeps its own running head
    controller, canvas = shown_canvas(qtbot, doc)
    controller.edit_master("m-head-3")
    canvas.show_page(3)
    QTest.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     view_point(canvas, 3, 300.0, 28.0))
    assert controller.selection == ("m-head-3-head",)

    def baselines() -> list[float | None]:
        out = []
        for page, layout in zip(controller.doc.pages, controller.layout.pages, strict=True):
            ids = {instance_id("m-head-3-head", page.id), instance_id("m-head-2-head", page.id)}
            ids |= {f.story_id for f in page.frames if f.id.startswith("m-head-3-head~")}
            out.append(next((round(i.baseline_pt, 3) for i in layout.items
                             if isinstance(i, GlyphRun) and i.story_id in ids), None))
        return out

    before = baselines()
    export_pdf(controller.doc, tmp_path / "before.pdf")
    canvas.nudge(0.0, TWO_MM)
    after = baselines()
    export_pdf(controller.doc, tmp_path / "after.pdf")
    assert [None if a is None else round(a - b, 3) for a, b in zip(after, before, strict=True)] == [
        None, 0.0, round(TWO_MM, 3), round(TWO_MM, 3), 0.0]
    pdf_before, pdf_after = _pdf_header_tops(tmp_path / "before.pdf"), _pdf_header_tops(tmp_path / "after.pdf")
    assert [round(a - b, 2) for a, b in zip(pdf_after[1:], pdf_before[1:], strict=True)] == [0.0, round(TWO_MM, 2), round(TWO_MM, 2), 0.0]
    controller.undo_stack.undo()
    assert baselines() == before


def test_leaving_the_master_ends_typing_in_its_running_head(qtbot):
    controller, canvas = shown_canvas(qtbot, _running_head_doc(pages=2))
    controller.edit_master("M")
    assert canvas.start_text_editing("head-frame")
    controller.edit_master(None)
    assert not canvas.is_text_editing() and controller.selection == ()
    assert not canvas.start_text_editing("head-frame")  # on the pages, the master's text is out of reach


def test_page_labels_say_which_pages_show_the_master_being_edited(qtbot):
    from editor.ui.canvas.master_mode import editing_label

    doc = _running_head_doc(pages=2)
    doc.pages[1].master_id = None
    controller, canvas = shown_canvas(qtbot, doc)
    assert [editing_label(controller, i) for i in (0, 1)] == ["", ""]
    controller.edit_master("M")
    assert [editing_label(controller, i) for i in (0, 1)] == ["母版 B-内页", ""]
