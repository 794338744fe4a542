"""The effective resolution figure of a placed photo (``editor.layout.photo_resolution``).

A frame of 288 × 216 pt is 4 × 3 inches; a photo's pixels over the inches it is printed across
(and down) are its dpi. Every figure below is worked out by hand from those inches.
"""

from __future__ import annotations

import pytest

from editor.layout.photo_resolution import LOW_DPI, EffectiveResolution, effective_resolution
from editor.model.frames import ImageFrame


def _frame(**fields: object) -> ImageFrame:
    base: dict[str, object] = dict(id="p", x_pt=0.0, y_pt=0.0, width_pt=288.0, height_pt=216.0)
    base.update(fields)
    return ImageFrame(**base)  # type: ignore[arg-type]


def test_a_photo_with_no_width_or_no_height_has_no_resolution() -> None:
    assert effective_resolution(_frame(), 1200, 0, None) is None
    assert effective_resolution(_frame(), 0, 900, None) is None
    one = effective_resolution(_frame(fit="fit"), 1, 1, None)  # one pixel drawn 3 in square
    assert one is not None and (one.x_dpi, one.y_dpi) == pytest.approx((1 / 3, 1 / 3))


def test_a_frame_of_no_width_draws_the_photo_at_no_size_and_has_no_resolution() -> None:
    assert effective_resolution(_frame(width_pt=0.0, fit="fit"), 1200, 900, None) is None
    assert effective_resolution(_frame(height_pt=0.0, fit="fit"), 1200, 900, None) is None


def test_a_quarter_turned_photo_counts_its_height_in_pixels_across_the_page() -> None:
    # 1200 × 600 px turned is 600 across, 1200 down; fit in 4 × 3 in: scale min(288/600, 216/1200)
    # = 0.18 → drawn 108 × 216 pt = 1.5 × 3 in: 600 / 1.5 = 400 dpi across, 1200 / 3 = 400 down.
    turned = effective_resolution(_frame(fit="fit", rotation_deg=270), 1200, 600, None)
    assert turned is not None and (turned.x_dpi, turned.y_dpi) == pytest.approx((400.0, 400.0))
    # Original size at (300, 100) dpi turned: across 600 px at 100 dpi, down 1200 px at 300 dpi.
    original = effective_resolution(_frame(fit="original", rotation_deg=90), 1200, 600, (300.0, 100.0))
    assert original is not None and (original.x_dpi, original.y_dpi) == pytest.approx((100.0, 300.0))


def test_the_lowest_axis_decides_whether_a_photo_is_low() -> None:
    assert EffectiveResolution(300.0, 149.9).lowest_dpi == 149.9
    assert EffectiveResolution(149.9, 300.0).lowest_dpi == 149.9
    assert EffectiveResolution(149.9, 300.0).is_low and EffectiveResolution(300.0, 149.9).is_low
    assert not EffectiveResolution(LOW_DPI, LOW_DPI).is_low
    assert EffectiveResolution(LOW_DPI - 0.01, 1000.0).is_low


def test_axes_less_than_one_dpi_apart_read_as_one_figure_the_lower_rounded() -> None:
    assert EffectiveResolution(300.9, 300.2).text() == "300 ppi"
    assert EffectiveResolution(299.6, 300.4).text() == "300 ppi"
    assert EffectiveResolution(143.0, 143.0).text() == "143 ppi"


def test_axes_one_dpi_or_more_apart_read_across_then_down() -> None:
    assert EffectiveResolution(301.0, 300.0).text() == "301 × 300 ppi"
    assert EffectiveResolution(150.4, 300.6).text() == "150 × 301 ppi"
    assert EffectiveResolution(300.6, 150.4).text() == "301 × 150 ppi"
