"""Where a photo is drawn inside its frame and where its caption box goes (``editor.layout.images``).

Every expected rectangle is worked out here from the frame's size in points and the photo's
pixels: fill scales by the larger ratio, fit by the smaller, original size is pixels × 72 / dpi;
zoom multiplies both sides about the frame's centre, and the pan moves that centre.
"""

from __future__ import annotations

import pytest

from editor.layout.images import DEFAULT_DPI, caption_rect, frame_rect, image_rect
from editor.model.frames import Caption, ImageFrame


def _frame(**changes: object) -> ImageFrame:
    """A 200 × 100 pt frame at (30, 40)."""
    values: dict[str, object] = {"id": "i", "x_pt": 30.0, "y_pt": 40.0, "width_pt": 200.0, "height_pt": 100.0}
    values.update(changes)
    return ImageFrame(**values)  # type: ignore[arg-type]


def _as_tuple(rect) -> tuple[float, float, float, float]:
    return (rect.x_pt, rect.y_pt, rect.width_pt, rect.height_pt)


def test_the_frame_rect_is_the_frames_own_box() -> None:
    assert _as_tuple(frame_rect(_frame())) == (30.0, 40.0, 200.0, 100.0)


def test_fill_scales_a_square_photo_to_the_frames_width_and_crops_top_and_bottom() -> None:
    # 100 px square into 200 × 100: scale max(2, 1) = 2 → 200 × 200, centred on (130, 90).
    rect = image_rect(_frame(fit="fill"), 100, 100, None)
    assert _as_tuple(rect) == pytest.approx((30.0, -10.0, 200.0, 200.0))


def test_fit_scales_a_square_photo_to_the_frames_height_and_leaves_room_at_the_sides() -> None:
    # scale min(2, 1) = 1 → 100 × 100, centred on (130, 90).
    rect = image_rect(_frame(fit="fit"), 100, 100, None)
    assert _as_tuple(rect) == pytest.approx((80.0, 40.0, 100.0, 100.0))


def test_fit_of_a_tall_photo_is_limited_by_the_height_and_fill_by_the_width() -> None:
    # 50 × 200 px into 200 × 100: ratios 4 (across) and 0.5 (down).
    fit = image_rect(_frame(fit="fit"), 50, 200, None)
    fill = image_rect(_frame(fit="fill"), 50, 200, None)
    assert _as_tuple(fit) == pytest.approx((117.5, 40.0, 25.0, 100.0))
    assert _as_tuple(fill) == pytest.approx((30.0, -310.0, 200.0, 800.0))


def test_zoom_enlarges_about_the_frames_centre() -> None:
    # fit: 100 × 100, zoom 1.5 → 150 × 150 about (130, 90).
    rect = image_rect(_frame(fit="fit", zoom=1.5), 100, 100, None)
    assert _as_tuple(rect) == pytest.approx((55.0, 15.0, 150.0, 150.0))


def test_the_pan_moves_the_photo_right_and_down_by_its_offsets() -> None:
    rect = image_rect(_frame(fit="fit", offset_x_pt=12.0, offset_y_pt=-7.0), 100, 100, None)
    assert _as_tuple(rect) == pytest.approx((92.0, 33.0, 100.0, 100.0))


def test_a_quarter_turn_swaps_the_photos_sides_before_fitting() -> None:
    # 200 × 50 px turned 90° is 50 × 200: fit → 25 × 100, as a 50 × 200 photo unturned.
    for rotation in (90, 270):
        rect = image_rect(_frame(fit="fit", rotation_deg=rotation), 200, 50, None)
        assert _as_tuple(rect) == pytest.approx((117.5, 40.0, 25.0, 100.0))
    half_turn = image_rect(_frame(fit="fit", rotation_deg=180), 200, 50, None)
    assert _as_tuple(half_turn) == pytest.approx((30.0, 65.0, 200.0, 50.0))


def test_original_size_is_pixels_over_the_stated_dpi_in_inches_each_way() -> None:
    # 300 px at 150 dpi = 2 in = 144 pt across; 120 px at 60 dpi = 2 in = 144 pt down.
    rect = image_rect(_frame(fit="original"), 300, 120, (150.0, 60.0))
    assert _as_tuple(rect) == pytest.approx((130.0 - 72.0, 90.0 - 72.0, 144.0, 144.0))


def test_original_size_of_a_turned_photo_swaps_its_resolutions_with_its_sides() -> None:
    # 300 × 120 px at (150, 60) dpi turned 90°: 120 px at 60 dpi across, 300 px at 150 dpi down.
    rect = image_rect(_frame(fit="original", rotation_deg=90), 300, 120, (150.0, 60.0))
    assert _as_tuple(rect) == pytest.approx((58.0, 18.0, 144.0, 144.0))


@pytest.mark.parametrize("dpi", [None, (0.0, 300.0), (300.0, 0.0), (-72.0, 72.0)])
def test_original_size_without_a_usable_resolution_reads_the_photo_at_96_dpi(dpi) -> None:
    assert DEFAULT_DPI == 96.0
    rect = image_rect(_frame(fit="original"), 192, 96, dpi)
    # 192 / 96 in = 144 pt, 96 / 96 in = 72 pt.
    assert _as_tuple(rect) == pytest.approx((58.0, 54.0, 144.0, 72.0))


def test_original_size_is_zoomed_too() -> None:
    rect = image_rect(_frame(fit="original", zoom=0.5), 192, 96, None)
    assert _as_tuple(rect) == pytest.approx((94.0, 72.0, 72.0, 36.0))


def test_a_photo_of_no_pixels_is_treated_as_one_pixel_each_way() -> None:
    # 0 × 0 becomes 1 × 1: fill scales by max(200, 100) = 200.
    rect = image_rect(_frame(fit="fill"), 0, 0, None)
    assert _as_tuple(rect) == pytest.approx((30.0, -10.0, 200.0, 200.0))
    tall = image_rect(_frame(fit="fit"), 0, 4, None)  # 1 × 4: min(200, 25) = 25 → 25 × 100
    assert _as_tuple(tall) == pytest.approx((117.5, 40.0, 25.0, 100.0))


def test_a_frame_without_a_caption_has_no_caption_box() -> None:
    assert caption_rect(_frame()) is None


@pytest.mark.parametrize(("placement", "expected"), [
    ("below", (30.0, 40.0 + 100.0 + 5.0, 200.0, 20.0)),
    ("above", (30.0, 40.0 - 5.0 - 20.0, 200.0, 20.0)),
    ("right", (30.0 + 200.0 + 5.0, 40.0, 20.0, 100.0)),
    ("left", (30.0 - 5.0 - 20.0, 40.0, 20.0, 100.0)),
])
def test_a_caption_box_is_its_gap_away_on_its_side_and_as_deep_as_its_extent(placement, expected) -> None:
    frame = _frame(caption=Caption(story_id="c", placement=placement, gap_pt=5.0, extent_pt=20.0))
    assert _as_tuple(caption_rect(frame)) == pytest.approx(expected)
