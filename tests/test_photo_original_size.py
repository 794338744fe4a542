"""A photo set at its "original" size: its pixels at the resolution the file states, else at
96 dpi (``images.DEFAULT_DPI``, as Word does), centred on the frame."""

from __future__ import annotations

import pytest

from editor.layout.images import image_rect
from editor.model import ImageFrame


def _frame() -> ImageFrame:
    return ImageFrame(id="photo", x_pt=100.0, y_pt=200.0, width_pt=300.0, height_pt=200.0, fit="original")


def test_a_300_dpi_photo_is_its_pixels_over_300_inches() -> None:
    rect = image_rect(_frame(), 600, 300, (300.0, 300.0))
    # 600 px / 300 dpi = 2 in = 144 pt; 300 px = 1 in = 72 pt; centred on (250, 300).
    assert (rect.x_pt, rect.y_pt, rect.width_pt, rect.height_pt) == pytest.approx((178.0, 264.0, 144.0, 72.0))


@pytest.mark.parametrize("dpi", [None, (0.0, 0.0), (0.0, 300.0), (300.0, 0.0), (-72.0, 300.0)],
                         ids=["none", "zero", "zero-x", "zero-y", "negative-x"])
def test_a_photo_without_a_usable_resolution_is_set_at_96_dpi_both_ways(dpi) -> None:
    rect = image_rect(_frame(), 192, 96, dpi)
    # 192 px / 96 dpi = 2 in = 144 pt; 96 px = 72 pt.
    assert (rect.width_pt, rect.height_pt) == pytest.approx((144.0, 72.0))
