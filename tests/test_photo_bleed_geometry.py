"""A photo that touches the trim is carried into the bleed: its clip reaches the bleed's edge on
the touching sides and, with no crop to spare, the photo grows about its far side just enough
to cover it. Expected rectangles are worked out by hand from the page and the bleed."""

from __future__ import annotations

import pytest

from editor.layout.bleed import extended_into_bleed
from editor.layout.display import ImageItem, Rect

PAGE_W, PAGE_H, BLEED = 600.0, 800.0, 10.0


def _photo(x: float, y: float, w: float, h: float) -> ImageItem:
    """A photo with no crop: the image fills its clip exactly."""
    return ImageItem("f", "a", 0, Rect(x, y, w, h), Rect(x, y, w, h))


def _box(rect: Rect) -> tuple[float, float, float, float]:
    return (rect.x_pt, rect.y_pt, rect.width_pt, rect.height_pt)


def test_a_photo_touching_the_right_edge_grows_about_its_left_side() -> None:
    # 300..600 across, 100..400 down: the clip goes on to 610; the photo must reach 610 from its
    # left side, which stays put: scale 310 / 300, about (300, 250), the middle of its left side.
    item = extended_into_bleed(_photo(300.0, 100.0, 300.0, 300.0), PAGE_W, PAGE_H, BLEED)
    assert _box(item.clip_rect) == pytest.approx((300.0, 100.0, 310.0, 300.0))
    scale = 310.0 / 300.0
    assert _box(item.image_rect) == pytest.approx(
        (300.0, 250.0 - 150.0 * scale, 300.0 * scale, 300.0 * scale))


def test_a_photo_touching_the_bottom_edge_grows_about_its_top_side() -> None:
    # 100..300 across, 600..800 down: reaches 810 from its top (600): scale 210 / 200 about (200, 600).
    item = extended_into_bleed(_photo(100.0, 600.0, 200.0, 200.0), PAGE_W, PAGE_H, BLEED)
    assert _box(item.clip_rect) == pytest.approx((100.0, 600.0, 200.0, 210.0))
    scale = 210.0 / 200.0
    assert _box(item.image_rect) == pytest.approx(
        (200.0 - 100.0 * scale, 600.0, 200.0 * scale, 200.0 * scale))


def test_a_photo_with_crop_to_spare_only_widens_its_clip() -> None:
    # The image runs 20 pt past the page on the right, hidden by its clip: the bleed uses that.
    item = ImageItem("f", "a", 0, Rect(300.0, 100.0, 300.0, 300.0), Rect(300.0, 100.0, 320.0, 320.0))
    moved = extended_into_bleed(item, PAGE_W, PAGE_H, BLEED)
    assert _box(moved.clip_rect) == pytest.approx((300.0, 100.0, 310.0, 300.0))
    assert _box(moved.image_rect) == _box(item.image_rect)


@pytest.mark.parametrize("gap_pt", [0.0, 0.25, 0.5])
def test_a_photo_within_half_a_point_of_the_top_edge_counts_as_touching_it(gap_pt: float) -> None:
    # TOUCH_TOLERANCE_PT: a visible edge up to 0.5 pt inside the trim is carried into the bleed.
    item = extended_into_bleed(_photo(100.0, gap_pt, 200.0, 200.0), PAGE_W, PAGE_H, BLEED)
    assert item.clip_rect.y_pt == pytest.approx(-BLEED)


def test_a_photo_more_than_half_a_point_from_every_edge_is_left_as_it_is() -> None:
    item = _photo(100.0, 0.6, 200.0, 200.0)
    assert extended_into_bleed(item, PAGE_W, PAGE_H, BLEED) == item
