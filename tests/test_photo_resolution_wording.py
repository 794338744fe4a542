"""A photo's effective resolution is in ppi (pixels per inch of paper) everywhere the user reads it:
属性 said "1881 dpi" while 检查, the export dialogs and the user guide said ppi."""

from __future__ import annotations

import io
import re
from pathlib import Path

from PIL import Image

from editor import PROJECT_ROOT
from editor.layout.photo_resolution import EffectiveResolution
from editor.model import edits
from editor.model.units import mm_to_pt
from editor.preflight.check import check_document
from editor.preflight.findings import PHOTO_LOW_RESOLUTION
from editor.ui.panels.props_photo import LOW_RESOLUTION_TIP

GUIDE = Path(PROJECT_ROOT) / "docs" / "使用说明.md"


def test_the_figure_is_written_in_ppi():
    assert EffectiveResolution(143.0, 143.0).text() == "143 ppi"
    assert EffectiveResolution(300.6, 150.4).text() == "301 × 150 ppi"


def test_the_low_resolution_tip_is_in_ppi():
    assert LOW_RESOLUTION_TIP.format(200.0).startswith("低于 200 ppi，")


def test_the_user_guide_says_ppi_for_photo_resolution():
    guide = GUIDE.read_text(encoding="utf-8")
    assert not re.search(r"(?<![-\w])dpi\b", guide, re.IGNORECASE)  # the CLI's --dpi option may be named
    resolution = next(line for line in guide.splitlines() if "有效分辨率" in line and "属性" in line)
    assert "ppi" in resolution


def _jpeg(path: Path, width_px: int, height_px: int) -> Path:
    buffer = io.BytesIO()
    Image.new("RGB", (width_px, height_px), (90, 140, 200)).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return path


def test_properties_and_preflight_give_the_same_figure_in_the_same_unit(make_window, tmp_path):
    window = make_window()
    controller = window.controller
    controller.select([])
    assert window.arrange.insert_photo(_jpeg(tmp_path / "会场.jpg", 1200, 900), 0)
    frame = controller.selected_frames()[0]
    # 7 × 5.25 in: 1200 px over 7 in is 171 pixels per inch, under 检查's 200
    assert controller.edit("调整图片大小", edits.set_geometry(controller.doc, frame.id, frame.x_pt, frame.y_pt,
                                                          mm_to_pt(177.8), mm_to_pt(133.35)))
    label = window.properties_panel.photo_section.resolution
    assert label.text() == "171 ppi"
    assert "低于 200 ppi" in label.toolTip()
    findings = [f for f in check_document(controller.doc, controller.layout)
                if f.kind == PHOTO_LOW_RESOLUTION and f.frame_id == frame.id]
    assert len(findings) == 1 and "有效分辨率只有 171 ppi，低于 200 ppi" in findings[0].message
