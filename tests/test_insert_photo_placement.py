"""插入 → 图片… with no photo frame selected puts the new frame where it covers nothing.

It used to go to the top left of the first column, over the headline. Now, as
Publisher puts a picture in the middle of what one sees, the frame (one grid
column wide, the photo's proportions) goes in the free spot of a column nearest
the middle of the visible part of the page — centred there only when the page
has no room. The window tests drive the menu action; the oracles are rectangles
worked out by hand and overlap checked in the test, not by the placing code.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtWidgets import QApplication

from editor.layout.display import Rect
from editor.layout.free_spot import centred, free_spot, occupied_rects, photo_size
from editor.model import ImageFrame, TextFrame, edits
from editor.model.frames import Caption
from editor.model.story import Paragraph, Run, Story

#: A three-column type area 300 × 400 pt, columns 90 pt wide with 15 pt gutters, and a
#: headline over all three columns at the top: the page of the pure tests.
AREA = Rect(0.0, 0.0, 300.0, 400.0)
COLUMNS = [(0.0, 90.0), (105.0, 195.0), (210.0, 300.0)]
HEADLINE = Rect(0.0, 0.0, 300.0, 50.0)


@pytest.fixture()
def photo_file(tmp_path) -> Path:
    path = tmp_path / "照片.jpg"
    Image.new("RGB", (400, 300), (40, 120, 200)).save(path, "JPEG")
    return path


def _choose_file(monkeypatch, path: Path) -> None:
    monkeypatch.setattr("editor.ui.main_window.QFileDialog.getOpenFileName", lambda *args: (str(path), ""))


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    """Whether two (x, y, width, height) rectangles share more than an edge."""
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def _box(frame) -> tuple[float, float, float, float]:
    return frame.x_pt, frame.y_pt, frame.width_pt, frame.height_pt


def _insert(window, monkeypatch, photo_file: Path) -> ImageFrame:
    """插入 → 图片… from the menu with nothing selected; the frame it made."""
    window.controller.select([])
    _choose_file(monkeypatch, photo_file)
    window.menu_actions.actions["insert_photo"].trigger()
    frame = window.controller.doc.frame_by_id(window.controller.selection[0])
    assert isinstance(frame, ImageFrame) and frame.source_name == photo_file.name
    return frame


def _page_with_a_headline(window) -> tuple[int, TextFrame]:
    """A new page 2 holding only a headline over the whole type area's width; shown."""
    controller = window.controller
    doc = controller.doc
    assert controller.edit("添加页面", edits.add_page(doc, 1))
    area = window.canvas.grid(1).margin_rect
    story = Story(id=edits.new_id(doc, "story"), paragraphs=[Paragraph(style="大标题", runs=[Run(text="守正创新")])])
    headline = TextFrame(id=edits.new_id(doc, "frame"), x_pt=area.x_pt, y_pt=area.y_pt, width_pt=area.width_pt,
                         height_pt=90.0, story_id=story.id)
    assert controller.edit("绘制文本框", edits.add_frame(doc, 1, headline, story=story))
    window.go_to_page(1)
    window.canvas.zoom_fit_page()
    QApplication.processEvents()
    return 1, headline


# ------------------------------------------------------------------ the window


def test_a_photo_inserted_with_nothing_selected_covers_nothing_on_the_page(make_window, photo_file, monkeypatch):
    window = make_window()
    page, headline = _page_with_a_headline(window)
    frame = _insert(window, monkeypatch, photo_file)

    doc = window.controller.doc
    assert window.controller.page_index_of(frame.id) == page
    others = [f for f in doc.pages[page].frames if f.id != frame.id] + doc.shown_master_frames(doc.pages[page])
    assert [f.id for f in others if _overlap(_box(f), _box(frame))] == []
    assert frame.y_pt > headline.y_pt + headline.height_pt  # no longer over the headline
    grid = window.canvas.grid(page)
    area = grid.margin_rect
    assert area.x_pt <= frame.x_pt and frame.x_pt + frame.width_pt <= area.x_pt + area.width_pt
    assert area.y_pt <= frame.y_pt and frame.y_pt + frame.height_pt <= area.y_pt + area.height_pt
    assert any(left <= frame.x_pt and frame.x_pt + frame.width_pt <= right for left, right in grid.columns)
    assert frame.width_pt == pytest.approx(min(grid.column_width_pt, area.width_pt / 2))  # one column, or half
    assert frame.height_pt == pytest.approx(frame.width_pt * 300 / 400)  # the photo's proportions
    assert window.menu_actions.actions["undo"].text() == "撤销 插入图片"


def test_on_an_empty_page_the_photo_sits_in_the_middle_of_the_view(make_window, photo_file, monkeypatch):
    window = make_window()
    doc = window.controller.doc
    assert window.controller.edit("添加页面", edits.add_page(doc, 1))
    window.go_to_page(1)
    window.canvas.zoom_fit_page()
    QApplication.processEvents()
    frame = _insert(window, monkeypatch, photo_file)
    visible = window.canvas.visible_page_rect(1)
    # The new page's grid is one column, wider than the photo (half the type area): nothing is in
    # the way, so the photo is centred on the view's middle.
    assert window.canvas.grid(1).column_width_pt > frame.width_pt
    assert frame.x_pt + frame.width_pt / 2 == pytest.approx(visible.x_pt + visible.width_pt / 2)
    assert frame.y_pt + frame.height_pt / 2 == pytest.approx(visible.y_pt + visible.height_pt / 2)


def test_on_a_full_page_the_photo_is_centred_on_the_view(make_window, photo_file, monkeypatch):
    window = make_window()
    window.go_to_page(2)  # the sample's page 3: articles and photos over the whole type area
    window.canvas.zoom_fit_page()
    QApplication.processEvents()
    frame = _insert(window, monkeypatch, photo_file)
    visible = window.canvas.visible_page_rect(2)
    assert visible.width_pt == pytest.approx(window.controller.doc.page_width_pt)  # the whole page in view
    assert frame.x_pt + frame.width_pt / 2 == pytest.approx(visible.x_pt + visible.width_pt / 2)
    assert frame.y_pt + frame.height_pt / 2 == pytest.approx(visible.y_pt + visible.height_pt / 2)


def test_a_photo_frame_selected_still_gets_the_photo(make_window, photo_file, monkeypatch):
    window = make_window()
    doc = window.controller.doc
    empty = ImageFrame(id=edits.new_id(doc, "photo"), x_pt=60.0, y_pt=400.0, width_pt=150.0, height_pt=100.0)
    assert window.controller.edit("绘制图片框", edits.add_frame(doc, 1, empty))
    window.controller.select([empty.id])
    _choose_file(monkeypatch, photo_file)
    window.menu_actions.actions["insert_photo"].trigger()
    assert _box(doc.frame_by_id(empty.id)) == (60.0, 400.0, 150.0, 100.0)
    assert doc.frame_by_id(empty.id).asset is not None


# --------------------------------------------------------------- the geometry


def test_a_free_aim_gets_the_photo_centred_on_it_in_the_nearest_column():
    spot = free_spot(AREA, COLUMNS, (90.0, 60.0), [HEADLINE], (150.0, 200.0), 10.0)
    assert spot == Rect(105.0, 170.0, 90.0, 60.0)


def test_in_a_column_wider_than_the_photo_it_is_centred_on_the_aim_as_far_as_the_column_lets_it():
    one_column = [(0.0, 300.0)]
    assert free_spot(AREA, one_column, (90.0, 60.0), [], (150.0, 200.0), 10.0) == Rect(105.0, 170.0, 90.0, 60.0)
    assert free_spot(AREA, one_column, (90.0, 60.0), [], (290.0, 200.0), 10.0) == Rect(210.0, 170.0, 90.0, 60.0)


def test_an_aim_on_the_headline_gets_the_free_spot_just_below_it():
    spot = free_spot(AREA, COLUMNS, (90.0, 60.0), [HEADLINE], (150.0, 40.0), 10.0)
    # Centred on (150, 40) the photo would lie on the headline; the nearest free spot is the
    # middle column at y 60 (headline bottom + gap), centre (150, 90).
    assert spot == Rect(105.0, 60.0, 90.0, 60.0)


def test_a_spot_wholly_in_view_wins_over_a_nearer_one_half_out_of_it():
    visible = Rect(0.0, 300.0, 300.0, 100.0)  # scrolled to the bottom of the page
    spot = free_spot(AREA, COLUMNS, (90.0, 60.0), [HEADLINE], (150.0, 300.0), 10.0, visible)
    assert spot == Rect(105.0, 340.0, 90.0, 60.0)


def test_a_spot_keeps_the_gap_from_a_photo_in_the_middle_column():
    photo = Rect(105.0, 60.0, 90.0, 100.0)
    spot = free_spot(AREA, COLUMNS, (90.0, 60.0), [HEADLINE, photo], (100.0, 90.0), 10.0)
    # The middle column is taken from 60 to 170 (the photo and the gap); beside it the gutter
    # is 15 pt, more than the gap, so the left column at y 60 is free: centre (45, 90), nearer
    # (100, 90) than the middle column's spot below the photo, centre (150, 200).
    assert spot == Rect(0.0, 60.0, 90.0, 60.0)


def test_a_full_area_has_no_free_spot_and_the_photo_is_centred_on_the_aim_inside_the_area():
    assert free_spot(AREA, COLUMNS, (90.0, 60.0), [AREA], (150.0, 200.0), 10.0) is None
    assert centred(AREA, (90.0, 60.0), (150.0, 200.0)) == Rect(105.0, 170.0, 90.0, 60.0)
    assert centred(AREA, (90.0, 60.0), (10.0, 390.0)) == Rect(0.0, 340.0, 90.0, 60.0)  # kept inside


def test_a_caption_counts_as_taken():
    caption = Caption(story_id="s", placement="below", gap_pt=4.0, extent_pt=20.0)
    photo = ImageFrame(id="p", x_pt=10.0, y_pt=20.0, width_pt=100.0, height_pt=50.0, caption=caption)
    assert occupied_rects([photo]) == [Rect(10.0, 20.0, 100.0, 50.0), Rect(10.0, 74.0, 100.0, 20.0)]


def test_a_new_photo_is_one_column_wide_in_its_proportions_and_never_taller_than_the_area():
    assert photo_size(AREA, 90.0, 4000, 3000) == pytest.approx((90.0, 67.5))
    assert photo_size(AREA, 300.0, 4000, 3000) == pytest.approx((150.0, 112.5))  # half the area at most
    assert photo_size(AREA, 90.0, 1000, 10000) == pytest.approx((40.0, 400.0))


def test_zoomed_in_on_the_top_of_the_page_the_photo_lands_in_view(make_window, photo_file, monkeypatch):
    window = make_window()
    page, headline = _page_with_a_headline(window)
    window.canvas.set_zoom(1.5)
    window.canvas.show_page(page)  # the top of the page at 150 %: the headline and a little below
    QApplication.processEvents()
    visible = window.canvas.visible_page_rect(page)
    # Less than half the page is in view: centred on the page, the photo would lie below the view.
    assert visible.height_pt < window.controller.doc.page_height_pt / 2
    frame = _insert(window, monkeypatch, photo_file)
    assert visible.x_pt <= frame.x_pt and frame.x_pt + frame.width_pt <= visible.x_pt + visible.width_pt
    assert visible.y_pt <= frame.y_pt and frame.y_pt + frame.height_pt <= visible.y_pt + visible.height_pt
    assert not _overlap(_box(frame), _box(headline))
