"""Photos carried into the bleed on an A4 page with a 3 mm bleed: which edges count as touched,
where the clip ends, how far the photo grows and about which point, and what stays as it was.

Every expected rectangle is worked out here from millimetres (1 mm = 72 / 25.4 pt), never with
the module under test.
"""

from __future__ import annotations

import pytest

from editor.layout.bleed import extended_into_bleed, photos_into_bleed, touching_edges
from editor.layout.display import DocumentLayout, ImageItem, PageLayout, Rect, RuleItem


def mm(value_mm: float) -> float:
    return value_mm * 72.0 / 25.4


PAGE_W, PAGE_H = mm(210.0), mm(297.0)
BLEED = mm(3.0)


def _photo(x: float, y: float, w: float, h: float) -> ImageItem:
    """A photo with no crop: the image fills its clip exactly."""
    return ImageItem("f", "a", 0, Rect(x, y, w, h), Rect(x, y, w, h))


def _box(rect: Rect) -> tuple[float, float, float, float]:
    return (rect.x_pt, rect.y_pt, rect.width_pt, rect.height_pt)


def _edges(item: ImageItem) -> tuple[bool, bool, bool, bool]:
    touching = touching_edges(item, PAGE_W, PAGE_H)
    return (touching.left, touching.top, touching.right, touching.bottom)


# -- which edges a photo touches ---------------------------------------------------------------


def test_each_edge_is_touched_only_by_a_photo_reaching_it() -> None:
    assert _edges(_photo(0.0, mm(50), mm(40), mm(40))) == (True, False, False, False)
    assert _edges(_photo(mm(50), 0.0, mm(40), mm(40))) == (False, True, False, False)
    assert _edges(_photo(PAGE_W - mm(40), mm(50), mm(40), mm(40))) == (False, False, True, False)
    assert _edges(_photo(mm(50), PAGE_H - mm(40), mm(40), mm(40))) == (False, False, False, True)
    assert _edges(_photo(mm(50), mm(50), mm(40), mm(40))) == (False, False, False, False)


def test_a_full_page_photo_touches_all_four_edges() -> None:
    assert _edges(_photo(0.0, 0.0, PAGE_W, PAGE_H)) == (True, True, True, True)


@pytest.mark.parametrize(("gap_pt", "touches"), [(0.5, True), (0.51, False)])
def test_half_a_point_from_the_left_edge_still_touches_it(gap_pt: float, touches: bool) -> None:
    assert _edges(_photo(gap_pt, mm(50), mm(40), mm(40)))[0] is touches


@pytest.mark.parametrize(("gap_pt", "touches"), [(0.5, True), (0.51, False)])
def test_half_a_point_from_the_right_edge_still_touches_it(gap_pt: float, touches: bool) -> None:
    item = _photo(PAGE_W - gap_pt - 100.0, mm(50), 100.0, 100.0)
    assert _edges(item)[2] is touches


@pytest.mark.parametrize(("gap_pt", "touches"), [(0.5, True), (0.51, False)])
def test_half_a_point_from_the_bottom_edge_still_touches_it(gap_pt: float, touches: bool) -> None:
    item = _photo(mm(50), PAGE_H - gap_pt - 100.0, 100.0, 100.0)
    assert _edges(item)[3] is touches


def test_a_photo_running_past_the_edge_touches_it() -> None:
    assert _edges(_photo(-mm(5), -mm(5), mm(40), mm(40))) == (True, True, False, False)


def test_only_the_visible_part_counts_a_clip_away_from_the_edge_hides_the_image_there() -> None:
    # The image reaches the left edge but its clip starts 20 mm in: nothing visible touches.
    item = ImageItem("f", "a", 0, Rect(mm(20), mm(50), mm(40), mm(40)), Rect(0.0, mm(50), mm(60), mm(40)))
    assert _edges(item) == (False, False, False, False)


def test_an_image_smaller_than_its_clip_touches_by_the_image_not_the_clip() -> None:
    # The clip is the whole page, the image is a 40 mm square in the middle: no edge shows ink.
    item = ImageItem("f", "a", 0, Rect(0.0, 0.0, PAGE_W, PAGE_H), Rect(mm(80), mm(120), mm(40), mm(40)))
    assert _edges(item) == (False, False, False, False)


@pytest.mark.parametrize("image", [
    Rect(mm(100), 0.0, mm(40), mm(40)),  # wholly right of the clip
    Rect(mm(40), 0.0, mm(40), mm(40)),  # starts exactly where the clip ends: no width shows
    Rect(0.0, mm(40), mm(40), mm(40)),  # starts exactly where the clip ends below: no height shows
])
def test_a_photo_showing_nothing_touches_no_edge_and_is_left_as_it_is(image: Rect) -> None:
    item = ImageItem("f", "a", 0, Rect(0.0, 0.0, mm(40), mm(40)), image)
    assert _edges(item) == (False, False, False, False)
    assert extended_into_bleed(item, PAGE_W, PAGE_H, BLEED) == item


# -- the clip and the photo after extension ----------------------------------------------------


def test_a_photo_touching_the_left_edge_grows_about_the_middle_of_its_right_side() -> None:
    x, y, w, h = 0.0, mm(100), mm(60), mm(40)
    moved = extended_into_bleed(_photo(x, y, w, h), PAGE_W, PAGE_H, BLEED)
    assert _box(moved.clip_rect) == pytest.approx((-BLEED, y, w + BLEED, h))
    scale = (w + BLEED) / w
    anchor_x, anchor_y = w, y + h / 2
    assert _box(moved.image_rect) == pytest.approx(
        (anchor_x - w * scale, anchor_y - h / 2 * scale, w * scale, h * scale))


def test_a_photo_touching_the_top_edge_grows_about_the_middle_of_its_bottom_side() -> None:
    x, y, w, h = mm(50), 0.0, mm(40), mm(80)
    moved = extended_into_bleed(_photo(x, y, w, h), PAGE_W, PAGE_H, BLEED)
    assert _box(moved.clip_rect) == pytest.approx((x, -BLEED, w, h + BLEED))
    scale = (h + BLEED) / h
    anchor_x, anchor_y = x + w / 2, h
    assert _box(moved.image_rect) == pytest.approx(
        (anchor_x - w / 2 * scale, anchor_y - h * scale, w * scale, h * scale))


def test_a_photo_in_the_top_left_corner_grows_about_its_bottom_right_corner() -> None:
    w, h = mm(100), mm(50)
    moved = extended_into_bleed(_photo(0.0, 0.0, w, h), PAGE_W, PAGE_H, BLEED)
    assert _box(moved.clip_rect) == pytest.approx((-BLEED, -BLEED, w + BLEED, h + BLEED))
    # The short side needs more: (50 + 3) / 50 beats (100 + 3) / 100.
    scale = (h + BLEED) / h
    assert _box(moved.image_rect) == pytest.approx((w - w * scale, h - h * scale, w * scale, h * scale))


def test_a_full_page_photo_covers_the_whole_bleed_about_the_page_middle() -> None:
    moved = extended_into_bleed(_photo(0.0, 0.0, PAGE_W, PAGE_H), PAGE_W, PAGE_H, BLEED)
    assert _box(moved.clip_rect) == pytest.approx((-BLEED, -BLEED, PAGE_W + 2 * BLEED, PAGE_H + 2 * BLEED))
    # The narrow side decides: 216 / 210 across beats 303 / 297 down.
    scale = mm(216.0) / mm(210.0)
    middle_x, middle_y = PAGE_W / 2, PAGE_H / 2
    assert _box(moved.image_rect) == pytest.approx(
        (middle_x - PAGE_W / 2 * scale, middle_y - PAGE_H / 2 * scale, PAGE_W * scale, PAGE_H * scale))


def test_a_full_width_band_grows_about_its_middle_across_and_its_top_down() -> None:
    # Touches left, right and bottom: centred across, its top edge stays where it is.
    w, h = PAGE_W, mm(100)
    y = PAGE_H - h
    moved = extended_into_bleed(_photo(0.0, y, w, h), PAGE_W, PAGE_H, BLEED)
    assert _box(moved.clip_rect) == pytest.approx((-BLEED, y, w + 2 * BLEED, h + BLEED))
    scale = max((w + 2 * BLEED) / w, (h + BLEED) / h)
    assert scale == pytest.approx(mm(103.0) / mm(100.0))
    assert _box(moved.image_rect) == pytest.approx(
        (w / 2 - w / 2 * scale, y, w * scale, h * scale))


def test_a_photo_already_past_the_bleed_keeps_its_reach() -> None:
    # 10 mm beyond the left trim, further than the 3 mm bleed: the clip is not pulled back.
    moved = extended_into_bleed(_photo(-mm(10), mm(50), mm(60), mm(40)), PAGE_W, PAGE_H, BLEED)
    assert _box(moved.clip_rect) == pytest.approx((-mm(10), mm(50), mm(60), mm(40)))
    assert _box(moved.image_rect) == pytest.approx((-mm(10), mm(50), mm(60), mm(40)))


def test_a_photo_past_the_right_and_bottom_bleed_keeps_its_reach() -> None:
    x, y = PAGE_W - mm(30), PAGE_H - mm(30)
    item = _photo(x, y, mm(40), mm(40))  # 10 mm beyond the trim on both sides
    moved = extended_into_bleed(item, PAGE_W, PAGE_H, BLEED)
    assert _box(moved.clip_rect) == pytest.approx((x, y, mm(40), mm(40)))
    assert _box(moved.image_rect) == pytest.approx((x, y, mm(40), mm(40)))


def test_a_hairline_photo_at_the_edge_still_covers_the_bleed() -> None:
    # Half a point wide: it must grow (0.5 + bleed) / 0.5 times to reach the bleed's edge.
    w, h = 0.5, mm(40)
    moved = extended_into_bleed(_photo(0.0, mm(50), w, h), PAGE_W, PAGE_H, BLEED)
    scale = (w + BLEED) / w
    assert moved.image_rect.x_pt == pytest.approx(w - w * scale)
    assert moved.image_rect.width_pt == pytest.approx(w * scale)


def test_crop_to_spare_on_the_left_is_used_before_growing() -> None:
    # The image runs 5 mm past its clip on the left, more than the 3 mm bleed needs.
    item = ImageItem("f", "a", 0, Rect(0.0, mm(50), mm(60), mm(40)), Rect(-mm(5), mm(50), mm(65), mm(40)))
    moved = extended_into_bleed(item, PAGE_W, PAGE_H, BLEED)
    assert _box(moved.clip_rect) == pytest.approx((-BLEED, mm(50), mm(60) + BLEED, mm(40)))
    assert moved.image_rect == item.image_rect


def test_crop_short_of_the_bleed_grows_the_photo_by_what_is_missing() -> None:
    # 1 mm of crop on the left; the clip needs 3 mm: scale about the right side (60 mm in).
    item = ImageItem("f", "a", 0, Rect(0.0, mm(50), mm(60), mm(40)), Rect(-mm(1), mm(50), mm(61), mm(40)))
    moved = extended_into_bleed(item, PAGE_W, PAGE_H, BLEED)
    scale = mm(63) / mm(61)
    anchor_x, anchor_y = mm(60), mm(70)
    assert _box(moved.image_rect) == pytest.approx(
        (anchor_x - mm(61) * scale, anchor_y - mm(20) * scale, mm(61) * scale, mm(40) * scale))


@pytest.mark.parametrize("bleed_pt", [0.0, -BLEED])
def test_without_a_bleed_nothing_moves(bleed_pt: float) -> None:
    # An image smaller than its clip at the edge: any extension would change the clip.
    item = ImageItem("f", "a", 0, Rect(0.0, mm(50), mm(60), mm(60)), Rect(0.0, mm(50), mm(40), mm(40)))
    assert extended_into_bleed(item, PAGE_W, PAGE_H, bleed_pt) == item


def test_a_touching_image_smaller_than_its_clip_gets_a_clip_of_its_visible_part() -> None:
    item = ImageItem("f", "a", 0, Rect(0.0, mm(50), mm(60), mm(60)), Rect(0.0, mm(50), mm(40), mm(40)))
    moved = extended_into_bleed(item, PAGE_W, PAGE_H, BLEED)
    assert _box(moved.clip_rect) == pytest.approx((-BLEED, mm(50), mm(40) + BLEED, mm(40)))


# -- whole layouts -----------------------------------------------------------------------------


def test_photos_into_bleed_moves_touching_photos_on_every_page_and_keeps_the_rest() -> None:
    rule = RuleItem(0.0, 0.0, PAGE_W, 0.0, 1.0, (0.0, 0.0, 0.0))
    inside = _photo(mm(50), mm(50), mm(40), mm(40))
    edge = _photo(0.0, mm(50), mm(40), mm(40))
    pages = [PageLayout(0, PAGE_W, PAGE_H, items=[rule, inside]),
             PageLayout(1, PAGE_W, PAGE_H, items=[edge, rule])]
    layout = DocumentLayout(pages=pages, stories={}, warnings=["注意"])
    bled = photos_into_bleed(layout, BLEED)
    assert bled.pages[0].items == [rule, inside]
    assert bled.pages[1].items[1] == rule
    assert bled.pages[1].items[0].clip_rect.x_pt == pytest.approx(-BLEED)
    assert [p.index for p in bled.pages] == [0, 1]
    assert bled.warnings == ["注意"]
    # The original layout is not changed.
    assert layout.pages[1].items[0] == edge


def test_photos_into_bleed_uses_each_pages_own_size() -> None:
    # A5 landscape page (210 × 148 mm): a photo ending at 148 mm down touches its bottom.
    width, height = mm(210), mm(148)
    item = _photo(mm(10), height - mm(40), mm(40), mm(40))
    layout = DocumentLayout(pages=[PageLayout(0, width, height, items=[item])], stories={})
    moved = photos_into_bleed(layout, BLEED).pages[0].items[0]
    assert _box(moved.clip_rect) == pytest.approx((mm(10), height - mm(40), mm(40), mm(40) + BLEED))


@pytest.mark.parametrize("bleed_pt", [0.25, 1.0, 2.0])
def test_even_a_bleed_of_a_point_or_less_is_reached(bleed_pt: float) -> None:
    moved = extended_into_bleed(_photo(0.0, mm(50), mm(40), mm(40)), PAGE_W, PAGE_H, bleed_pt)
    assert _box(moved.clip_rect) == pytest.approx((-bleed_pt, mm(50), mm(40) + bleed_pt, mm(40)))
