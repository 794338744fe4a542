"""属性 sections for photos: fit, zoom and pan (the crop), rotation, and the caption.

The caption is stored while it is typed (``LiveTextEdit``), so the page
shows it as it grows; one stretch of typing is one undo step.
"""

from __future__ import annotations

from collections.abc import Sequence

from editor.model import edits
from editor.model.document_edits import plain_story_text, set_caption_layout, set_caption_text
from editor.model.frames import Frame, ImageFrame
from editor.ui.controller import DocumentController
from editor.ui.panels.section import Section
from editor.ui.panels.widgets import ChoiceBox, LiveTextEdit, MmSpinBox, NumberSpinBox

FIT_MODES = [("fill", "填充"), ("fit", "适合"), ("original", "原始尺寸")]
ROTATIONS = [(0, "不旋转"), (90, "顺时针 90°"), (180, "180°"), (270, "逆时针 90°")]
PLACEMENTS = [("below", "下方"), ("above", "上方"), ("left", "左侧"), ("right", "右侧")]


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
