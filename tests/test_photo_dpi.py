"""A placed photo's effective resolution (issue #10: 属性 shows it, 红 under 150 ppi).

The pure figure (``editor.layout.photo_resolution``) against sums done by hand, then the
属性 panel of the real window: the label's text and colour follow resizing, zoom, fit,
rotation and replacing the photo, and a photo that cannot be read shows "—".
"""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import pytest
from PIL import Image

from editor.layout.photo_resolution import LOW_DPI, effective_resolution
from editor.model import ImageFrame, edits
from editor.model.units import mm_to_pt

# ---------------------------------------------------------------- the figure


def _frame(**fields: object) -> ImageFrame:
    base = dict(id="p", x_pt=0.0, y_pt=0.0, width_pt=288.0, height_pt=216.0, asset="a.jpg")  # 4 × 3 inches
    base.update(fields)
    return ImageFrame(**base)


def test_a_photo_filling_its_frame_has_its_pixels_over_the_frames_inches() -> None:
    resolution = effective_resolution(_frame(), 1200, 900, None)  # 1200 px over 4 in
    assert resolution is not None
    assert (resolution.x_dpi, resolution.y_dpi) == pytest.approx((300.0, 300.0))
    assert resolution.text() == "300 ppi" and not resolution.is_low


def test_fill_crops_so_the_photo_is_drawn_larger_than_a_narrow_frame() -> None:
    # A 4:3 photo filling a 2 × 3 in frame is drawn 4 in wide (3 in tall): 1200 / 4.
    resolution = effective_resolution(_frame(width_pt=144.0), 1200, 900, None)
    assert resolution is not None and resolution.x_dpi == pytest.approx(300.0)
    fitted = effective_resolution(_frame(width_pt=144.0, fit="fit"), 1200, 900, None)  # 2 in wide: 600
    assert fitted is not None and fitted.x_dpi == pytest.approx(600.0)


def test_zoom_divides_the_resolution() -> None:
    resolution = effective_resolution(_frame(zoom=2.5), 1200, 900, None)
    assert resolution is not None and resolution.y_dpi == pytest.approx(120.0)
    assert resolution.is_low and resolution.text() == "120 ppi"


def test_a_quarter_turn_puts_the_photos_height_across_the_frame() -> None:
    # Turned, the 900 px side runs across: a 3 × 4 photo filling 4 × 3 in is drawn 4 × 5⅓ in.
    resolution = effective_resolution(_frame(rotation_deg=90), 1200, 900, None)
    assert resolution is not None
    assert (resolution.x_dpi, resolution.y_dpi) == pytest.approx((225.0, 225.0))


def test_original_size_with_unequal_stated_dpi_shows_both_axes() -> None:
    resolution = effective_resolution(_frame(fit="original"), 1200, 900, (300.0, 150.0))
    assert resolution is not None
    assert (resolution.x_dpi, resolution.y_dpi) == pytest.approx((300.0, 150.0))
    assert resolution.text() == "300 × 150 ppi" and not resolution.is_low
    assert effective_resolution(_frame(fit="original"), 1200, 900, (300.0, 149.0)).is_low


def test_the_threshold_is_150_dpi() -> None:
    assert LOW_DPI == 150.0
    at = effective_resolution(_frame(), 600, 450, None)  # 600 px over 4 in: exactly 150
    assert at is not None and not at.is_low
    under = effective_resolution(_frame(), 596, 447, None)
    assert under is not None and under.is_low and under.text() == "149 ppi"


def test_a_photo_of_no_pixels_has_no_resolution() -> None:
    assert effective_resolution(_frame(), 0, 900, None) is None


# ---------------------------------------------------------------- 属性


def _jpeg(path: Path, width_px: int, height_px: int, orientation: int | None = None) -> Path:
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    buffer = io.BytesIO()
    Image.new("RGB", (width_px, height_px), (90, 140, 200)).save(buffer, "JPEG", exif=exif.tobytes())
    path.write_bytes(buffer.getvalue())
    return path


@pytest.fixture()
def window(make_window, tmp_path):
    """The editor on the sample with a 1200 × 900 photo placed by 插入 → 图片… on page 1, selected."""
    main = make_window()
    main.controller.select([])
    assert main.arrange.insert_photo(_jpeg(tmp_path / "会场.jpg", 1200, 900), 0)
    return main


def _resize(window, width_mm: float, height_mm: float) -> None:
    controller = window.controller
    frame = controller.selected_frames()[0]
    controller.edit("调整图片大小", edits.set_geometry(controller.doc, frame.id, frame.x_pt, frame.y_pt,
                                                   mm_to_pt(width_mm), mm_to_pt(height_mm)))


def _is_red(label) -> bool:
    color = label.palette().color(label.foregroundRole())
    return color.red() > 150 and color.green() < 80 and color.blue() < 80


def test_properties_show_the_resolution_at_the_placed_size_and_red_under_the_preflight_threshold(
        window, tmp_path) -> None:
    label = window.properties_panel.photo_section.resolution
    _resize(window, 101.6, 76.2)  # 4 × 3 in: 1200 px over 4 in
    assert label.text() == "300 ppi" and not _is_red(label)
    _resize(window, 150.0, 112.5)  # 5.9 in: 203 dpi, over the 检查 panel's 图片最低分辨率 (200 by default)
    assert label.text() == "203 ppi" and not _is_red(label)
    _resize(window, 177.8, 133.35)  # 7 in: 171 dpi
    assert label.text() == "171 ppi" and _is_red(label)
    assert "200 ppi" in label.toolTip() and "印刷可能模糊" in label.toolTip()
    window.preflight_panel.min_ppi.setValue(150)  # the threshold set in 检查 holds in 属性 too
    assert label.text() == "171 ppi" and not _is_red(label)
    window.menu_actions.actions["undo"].trigger()
    assert label.text() == "203 ppi" and not _is_red(label)


def test_the_resolution_follows_zoom_fit_rotation_and_a_replaced_photo(window, tmp_path) -> None:
    section = window.properties_panel.photo_section
    label = section.resolution
    _resize(window, 101.6, 50.8)  # 4 × 2 in: the 4:3 photo fills it 4 in wide
    assert label.text() == "300 ppi"
    section.zoom.setValue(250.0)
    assert label.text() == "120 ppi" and _is_red(label)
    section.fit.chosen.emit("fit")  # 适合 starts again at 100 %: 900 px over 2 in
    assert label.text() == "450 ppi" and not _is_red(label)
    section.rotation.chosen.emit(90)  # turned: 1200 px over 2 in
    assert label.text() == "600 ppi"
    # 插入图片 into the selected frame: a portrait phone photo stored sideways (EXIF 6), upright
    # 600 × 800; turned by the frame's 90° it is 800 × 600 and fits the frame 2 in tall: 600 px over 2 in.
    assert window.arrange.insert_photo(_jpeg(tmp_path / "竖拍.jpg", 800, 600, orientation=6), 0)
    assert label.text() == "300 ppi"
    section.rotation.chosen.emit(0)  # upright, 600 × 800 in 4 × 2 in: 800 px over 2 in
    assert label.text() == "400 ppi"


def test_a_photo_that_cannot_be_read_shows_a_dash(window) -> None:
    controller = window.controller
    frame = controller.selected_frames()[0]
    # As a damaged project holds it: the frame's photo is bytes no reader takes.
    controller.edit("更换图片", edits.replace_photo(controller.doc, frame.id, "broken.jpg", b"not a photo"))
    label = window.properties_panel.photo_section.resolution
    assert label.text() == "—" and not _is_red(label)
    controller.edit("清空图片框", edits.replace_frames(controller.doc, [dataclasses.replace(
        controller.doc.frame_by_id(frame.id), asset=None)]))
    assert label.text() == "—"
