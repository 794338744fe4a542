"""属性 sections for photos: fit, zoom and pan (the crop), rotation, and the caption.

Under them, 有效分辨率: the photo's pixels per inch at the size it is printed
(``editor.layout.photo_resolution``), red with a warning under 150 ppi, or
under the 检查 panel's 图片最低分辨率 once it is installed (``set_low_ppi``). It is
worked out from the photo's header (``read_photo_info``: no pixels decoded,
remembered per asset, whose names are content hashes) each time the frame
changes, so resizing, zooming, fitting, turning or replacing the photo
updates it at once.

The caption is stored while it is typed (``LiveTextEdit``), so the page
shows it as it grows; one stretch of typing is one undo step.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLabel

from editor.errors import BanmianError
from editor.io.photos import PhotoInfo, read_photo_info
from editor.layout.photo_resolution import LOW_DPI, effective_resolution
from editor.model import edits
from editor.model.document_edits import plain_story_text, set_caption_layout, set_caption_text
from editor.model.frames import Frame, ImageFrame
from editor.ui.controller import DocumentController
from editor.ui.panels.section import Section
from editor.ui.panels.widgets import ChoiceBox, LiveTextEdit, MmSpinBox, NumberSpinBox

FIT_MODES = [("fill", "填充"), ("fit", "适合"), ("original", "原始尺寸")]
ROTATIONS = [(0, "不旋转"), (90, "顺时针 90°"), (180, "180°"), (270, "逆时针 90°")]
PLACEMENTS = [("below", "下方"), ("above", "上方"), ("left", "左侧"), ("right", "右侧")]
#: 有效分辨率 under ``PhotoSection.low_ppi``.
LOW_RESOLUTION = QColor(200, 30, 30)
RESOLUTION_TIP = "照片在当前印刷尺寸下每英寸的像素数（ppi，像素/英寸；按适应方式、缩放和旋转计算）。"
LOW_RESOLUTION_TIP = "低于 {:.0f} ppi，印刷可能模糊。请换用更大的原图，或缩小图片框、降低缩放。"
NO_RESOLUTION_TIP = "图片框中没有图片，或图片无法读取。"


def _is_photo(frames: Sequence[Frame]) -> bool:
    return len(frames) == 1 and isinstance(frames[0], ImageFrame)


class PhotoSection(Section):
    """How the photo sits in its frame: 填充 / 适合 / 原始尺寸, then zoom and pan."""

    def __init__(self, controller: DocumentController) -> None:
        super().__init__("图片", controller)
        self.fit = ChoiceBox(FIT_MODES)
        self.zoom = NumberSpinBox(1.0, 1000.0, " %", 0)
        self.zoom.setSingleStep(5.0)
        self.offset_x = MmSpinBox()
        self.offset_y = MmSpinBox()
        self.rotation = ChoiceBox(ROTATIONS)
        self.form.addRow("适应方式", self.fit)
        self.form.addRow("缩放", self.zoom)
        self.form.addRow("水平平移", self.offset_x)
        self.form.addRow("垂直平移", self.offset_y)
        self.form.addRow("旋转", self.rotation)
        self.resolution = QLabel("—")
        self.form.addRow("有效分辨率", self.resolution)
        #: Under this many pixels per inch 有效分辨率 is shown red.
        self.low_ppi: float = LOW_DPI
        #: Header of each photo shown so far, or None when it cannot be read (asset names are content hashes).
        self._infos: dict[str, PhotoInfo | None] = {}
        self.fit.chosen.connect(lambda v: self._set("更改图片适应方式", None, fit=v, zoom=1.0, offset_x_pt=0.0, offset_y_pt=0.0))
        self.zoom.valueChanged.connect(lambda v: self._set("缩放图片", "zoom", zoom=v / 100.0))
        self.offset_x.committed_pt.connect(lambda v: self._set("平移图片", "offset_x", offset_x_pt=v))
        self.offset_y.committed_pt.connect(lambda v: self._set("平移图片", "offset_y", offset_y_pt=v))
        self.rotation.chosen.connect(lambda v: self._set("旋转图片", None, rotation_deg=v))

    def applies(self, frames: Sequence[Frame]) -> bool:
        return _is_photo(frames)

    def load(self, frames: Sequence[Frame]) -> None:
        frame = frames[0]
        assert isinstance(frame, ImageFrame)
        self.fit.set_quietly(frame.fit)
        self.zoom.set_quietly(frame.zoom * 100.0)
        self.offset_x.set_value_pt(frame.offset_x_pt)
        self.offset_y.set_value_pt(frame.offset_y_pt)
        self.rotation.set_quietly(frame.rotation_deg % 360)
        self._show_resolution(frame)

    def set_low_ppi(self, ppi: float) -> None:
        """Show 有效分辨率 red under ``ppi`` (the 检查 panel's setting) from now on."""
        self.low_ppi = float(ppi)
        if self.frames and isinstance(self.frame, ImageFrame):
            self._show_resolution(self.frame)

    def _photo_info(self, asset: str | None) -> PhotoInfo | None:
        data = self.controller.doc.assets.get(asset) if asset else None
        if data is None:
            return None
        if asset not in self._infos:
            try:
                self._infos[asset] = read_photo_info(data, asset)
            except BanmianError:
                self._infos[asset] = None
        return self._infos[asset]

    def _show_resolution(self, frame: ImageFrame) -> None:
        """有效分辨率 of the photo as the frame now prints it; "—" with no usable photo."""
        info = self._photo_info(frame.asset)
        resolution = effective_resolution(frame, info.width_px, info.height_px, info.dpi) if info else None
        palette = self.palette()
        if resolution is None:
            self.resolution.setText("—")
            self.resolution.setToolTip(NO_RESOLUTION_TIP)
        else:
            self.resolution.setText(resolution.text())
            low = resolution.lowest_dpi < self.low_ppi
            self.resolution.setToolTip(LOW_RESOLUTION_TIP.format(self.low_ppi) if low else RESOLUTION_TIP)
            if low:
                palette.setColor(QPalette.ColorRole.WindowText, LOW_RESOLUTION)
        self.resolution.setPalette(palette)

    def _set(self, text: str, field: str | None, **fields: object) -> None:
        self.edit(text, edits.update_frame(self.controller.doc, self.frame.id, **fields), field)


class CaptionSection(Section):
    """The caption's text (one paragraph per line) and where it sits. Empty text removes it."""

    def __init__(self, controller: DocumentController) -> None:
        super().__init__("图片说明", controller)
        self.text = LiveTextEdit(self._store_text)
        self.text.setPlaceholderText("输入图片说明；留空则不显示说明")
        self.text.setFixedHeight(72)
        self.placement = ChoiceBox(PLACEMENTS)
        self.gap = MmSpinBox(0.0, 100.0)
        self.extent = MmSpinBox(1.0, 300.0)
        self.form.addRow(self.text)
        self.form.addRow("位置", self.placement)
        self.form.addRow("与图片间距", self.gap)
        self.form.addRow("说明框尺寸", self.extent)
        self.extent.setToolTip("说明在上方或下方时为高度，在左侧或右侧时为宽度")
        self.placement.chosen.connect(lambda v: self._layout("更改说明位置", None, placement=v))
        self.gap.committed_pt.connect(lambda v: self._layout("更改说明间距", "caption-gap", gap_pt=v))
        self.extent.committed_pt.connect(lambda v: self._layout("更改说明尺寸", "caption-extent", extent_pt=v))

    def applies(self, frames: Sequence[Frame]) -> bool:
        return _is_photo(frames)

    def load(self, frames: Sequence[Frame]) -> None:
        frame = frames[0]
        assert isinstance(frame, ImageFrame)
        caption = frame.caption
        story = self.controller.doc.stories.get(caption.story_id) if caption else None
        text = plain_story_text(story) if story else ""
        self.text.show_model_text(text)
        for widget in (self.placement, self.gap, self.extent):
            widget.setEnabled(caption is not None)
        if caption is not None:
            self.placement.set_quietly(caption.placement)
            self.gap.set_value_pt(caption.gap_pt)
            self.extent.set_value_pt(caption.extent_pt)

    def commit_typed(self) -> None:
        super().commit_typed()
        if not self.isHidden() and self.frames:
            self.text.flush()

    def forget_typed(self) -> None:
        super().forget_typed()
        self.text.forget_typed()

    def commit_text(self) -> bool:
        """Store the caption as typed now, if it differs from the document's."""
        return bool(self.frames) and self.text.flush()

    def _store_text(self, text: str) -> bool:
        if not self.frames:
            return False
        return self.edit("更改图片说明", set_caption_text(self.controller.doc, self.frame.id, text),
                         f"caption-{self.text.session}")

    def _layout(self, text: str, field: str | None, **fields: object) -> None:
        self.edit(text, set_caption_layout(self.controller.doc, self.frame.id, **fields), field)
