"""High-DPI screens (Windows' 150 % and 200 % scaling): the canvas, thumbnails and icons
are drawn at the screen's own pixel density, never a 100 % picture blown up."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

import editor


@pytest.mark.slow
@pytest.mark.parametrize("scaling", ["1.5", "2"])
def test_canvas_thumbnails_and_icons_are_drawn_for_the_screens_pixels(scaling: str, tmp_path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_SCALE_FACTOR=scaling, PYTHONIOENCODING="utf-8",
               BANMIAN_DATA_DIR=str(tmp_path / "data"), BANMIAN_CONFIG_DIR=str(tmp_path / "config"))
    result = subprocess.run([sys.executable, "-m", "tests.helpers.high_dpi_child"], cwd=editor.PROJECT_ROOT,
                            env=env, capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    ratio = float(scaling)
    assert seen["ratio"] == pytest.approx(ratio)
    # The page picture holds a device pixel for every pixel of the screen it covers.
    assert seen["page_image_ratio"] == pytest.approx(ratio)
    on_screen_w, on_screen_h = seen["page_on_screen_px"]
    assert seen["page_image_px"][0] == pytest.approx(on_screen_w * ratio, abs=2)
    assert seen["page_image_px"][1] == pytest.approx(on_screen_h * ratio, abs=2)
    # Thumbnails: rendered at ratio × their logical size.
    assert seen["thumbnail_ratio"] == pytest.approx(ratio)
    assert seen["thumbnail_px"][0] == round(seen["thumbnail_logical"][0] * ratio)
    # Icons: a drawn size for 32 px at this scaling (48 at 150 %, 64 at 200 %).
    assert round(32 * ratio) in seen["icon_sizes"]
