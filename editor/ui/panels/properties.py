"""The 属性 panel: the selection's position and size in mm and its options.

It stacks sections (``Section``), each shown only for the selections it
fits: geometry for one frame, text-frame settings, photo and caption
settings, shape settings, threading, and lock and text wrap for any
selection. Values are millimetres on screen and points in the model; the
conversion lives in ``MmSpinBox``.

For a photo frame, 锁定比例 (on unless the user turns it off; a panel
setting that holds for every photo and, in the editor, from one session to
the next (``MainWindow`` keeps it in the settings), like InDesign's chain beside W and H
and as Word's 锁定纵横比 is on for pictures) makes a typed 宽度 scale 高度
by the same factor, and the other way round, in one undoable edit — the
same uniform scale as a Shift-drag on a corner handle of the canvas.

Nothing typed is lost: the panel registers ``commit_typed`` with the
controller (run before saving, exporting, closing, changing page and every
recovery snapshot), and stores what was typed for the frames it showed
before it shows others. The panel scrolls under the wheel; its fields take
the wheel only when they have focus (``editor.ui.panels.widgets``).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QLabel, QScrollArea, QVBoxLayout, QWidget

from editor.model import arrange, edits
from editor.model.document import Document
from editor.model.frames import Frame, ImageFrame, ShapeFrame, TextWrap
from editor.model.labels import story_label
from editor.ui.controller import DocumentController
from editor.ui.panels.props_photo import CaptionSection, PhotoSection
from editor.ui.panels.props_text import LinkSection, TextSection
from editor.ui.panels.section import Section, noun
from editor.ui.panels.widgets import MmSpinBox, NumberSpinBox

#: What 锁定比例 does, in the user's words.
KEEP_RATIO_TIP = "更改宽度时高度按比例变化，更改高度时宽度按比例变化（与按住 Shift 拖动角点相同）"


def proportional_size(width_pt: float, height_pt: float, field: str, value_pt: float) -> tuple[float, float]:
    """(width, height) after ``field`` ("width_pt" or "height_pt") becomes ``value_pt`` and the
    other side is scaled by the same factor, as a Shift-drag on a corner scales both sides.
    A side that is not positive gives no proportion: only the typed side changes."""
    typed = max(value_pt, 1.0)  # edits.set_geometry's smallest side
    if field == "width_pt":
        return typed, height_pt * typed / width_pt if width_pt > 0 else height_pt
    return width_pt * typed / height_pt if height_pt > 0 else width_pt, typed


class GeometrySection(Section):
    """X, Y, width and height of one frame, in mm from the page's top-left corner; for a photo,
    锁定比例 (see the module docstring)."""

    def __init__(self, controller: DocumentController) -> None:
        super().__init__("位置和大小", controller)
        self.x = MmSpinBox()
        self.y = MmSpinBox()
        self.width = MmSpinBox(0.0)
        self.height = MmSpinBox(0.0)
        for label, box in (("X", self.x), ("Y", self.y), ("宽度", self.width), ("高度", self.height)):
            self.form.addRow(label, box)
        self.keep_ratio = QCheckBox("锁定比例")
        self.keep_ratio.setChecked(True)
        self.keep_ratio.setToolTip(KEEP_RATIO_TIP)
        self.form.addRow(self.keep_ratio)
        self.x.committed_pt.connect(lambda v: self._set("x_pt", v))
        self.y.committed_pt.connect(lambda v: self._set("y_pt", v))
        self.width.committed_pt.connect(lambda v: self._set("width_pt", v))
        self.height.committed_pt.connect(lambda v: self._set("height_pt", v))

    def applies(self, frames: Sequence[Frame]) -> bool:
        return len(frames) == 1

    def load(self, frames: Sequence[Frame]) -> None:
        frame = frames[0]
        for box, value in ((self.x, frame.x_pt), (self.y, frame.y_pt), (self.width, frame.width_pt),
                           (self.height, frame.height_pt)):
            box.set_value_pt(value)
            box.setEnabled(not frame.locked)
        self.form.setRowVisible(self.keep_ratio, isinstance(frame, ImageFrame))

    def _set(self, field: str, value_pt: float) -> None:
        frame = self.frame
        rect = {"x_pt": frame.x_pt, "y_pt": frame.y_pt, "width_pt": frame.width_pt, "height_pt": frame.height_pt}
        rect[field] = value_pt
        if field in ("width_pt", "height_pt") and self._keeps_ratio(frame):
            rect["width_pt"], rect["height_pt"] = proportional_size(frame.width_pt, frame.height_pt, field, value_pt)
        text = f"移动{noun(frame)}" if field in ("x_pt", "y_pt") else f"调整{noun(frame)}大小"
        self.edit(text, edits.set_geometry(self.controller.doc, frame.id, rect["x_pt"], rect["y_pt"],
                                           rect["width_pt"], rect["height_pt"]), field)

    def _keeps_ratio(self, frame: Frame) -> bool:
        return isinstance(frame, ImageFrame) and self.keep_ratio.isChecked()


class OptionsSection(Section):
    """Lock and text wrap, for any selection (applied to every selected frame)."""

    def __init__(self, controller: DocumentController) -> None:
        super().__init__("锁定与绕排", controller)
        self.locked = QCheckBox("锁定位置")
        self.wrap = QCheckBox("其他文字绕排此对象")
        self.gap = MmSpinBox(0.0, 100.0)
        self.form.addRow(self.locked)
        self.form.addRow(self.wrap)
        self.form.addRow("绕排间距", self.gap)
        self.locked.clicked.connect(self._lock)
        self.wrap.clicked.connect(lambda on: self._wrap("around" if on else "none", self.frame.wrap.gap_pt))
        self.gap.committed_pt.connect(lambda v: self._wrap("around", v))

    def applies(self, frames: Sequence[Frame]) -> bool:
        return bool(frames)

    def load(self, frames: Sequence[Frame]) -> None:
        for box, on in ((self.locked, [f.locked for f in frames]), (self.wrap, [f.wrap.mode == "around" for f in frames])):
            box.blockSignals(True)
            box.setChecked(all(on))
            box.blockSignals(False)
        self.gap.set_value_pt(frames[0].wrap.gap_pt)
        self.gap.setEnabled(all(f.wrap.mode == "around" for f in frames))

    def _lock(self, on: bool) -> None:
        ids = [f.id for f in self.frames]
        self.edit("锁定" if on else "解除锁定", arrange.update_frames(self.controller.doc, ids, locked=on))

    def _wrap(self, mode: str, gap_pt: float) -> None:
        ids = [f.id for f in self.frames]
        self.edit("更改文字绕排", arrange.update_frames(self.controller.doc, ids, wrap=TextWrap(mode=mode, gap_pt=gap_pt)),
                  "wrap")


class ShapeSection(Section):
    """The line weight of a rule or a box's outline."""

    def __init__(self, controller: DocumentController) -> None:
        super().__init__("线条", controller)
        self.weight = NumberSpinBox(0.0, 50.0, " 磅", 2)
        self.weight.setSingleStep(0.25)
        self.form.addRow("线宽", self.weight)
        self.weight.valueChanged.connect(self._weight)

    def applies(self, frames: Sequence[Frame]) -> bool:
        return len(frames) == 1 and isinstance(frames[0], ShapeFrame)

    def load(self, frames: Sequence[Frame]) -> None:
        self.weight.set_quietly(frames[0].stroke_width_pt)

    def _weight(self, value: float) -> None:
        self.edit("更改线宽", edits.update_frame(self.controller.doc, self.frame.id, stroke_width_pt=value), "stroke")


class PropertiesPanel(QScrollArea):
    """The 属性 dock's content; see the module docstring."""

    #: The user chose a paragraph style for the selection (the window applies it).
    style_requested = Signal(str)

    def __init__(self, controller: DocumentController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.geometry_section = GeometrySection(controller)
        self.text_section = TextSection(controller)
        self.link_section = LinkSection(controller)
        self.photo_section = PhotoSection(controller)
        self.caption_section = CaptionSection(controller)
        self.shape_section = ShapeSection(controller)
        self.options_section = OptionsSection(controller)
        self.sections: list[Section] = [
            self.geometry_section, self.text_section, self.link_section, self.photo_section,
            self.caption_section, self.shape_section, self.options_section,
        ]
        self.text_section.style_requested.connect(self.style_requested)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.heading)
        for section in self.sections:
            layout.addWidget(section)
        layout.addStretch(1)
        self.setWidget(body)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        #: The frames (ids) the sections show, in which document: what typing belongs to.
        self._shown: tuple[Document | None, tuple[str, ...]] = (None, ())
        self._committing = False
        controller.selection_changed.connect(self.refresh)
        controller.model_updated.connect(self.refresh)
        controller.document_replaced.connect(self.refresh)
        controller.read_only_changed.connect(self.refresh)
        controller.add_committer(self.commit_typed)
        self.refresh()

    def commit_typed(self) -> None:
        """Store every value typed in the panel and not yet committed, each as its own edit."""
        for section in self.sections:
            section.commit_typed()

    def _leaving_frames(self) -> bool:
        """Other frames are about to be shown while the ones shown still exist in the same
        document (a value typed for them is theirs; after 打开 or when they were deleted, not)."""
        doc, ids = self._shown
        controller = self._controller
        selected = tuple(f.id for f in controller.selected_frames())
        return (bool(ids) and doc is controller.doc and ids != selected
                and all(edits.find_frame(controller.doc, frame_id) is not None for frame_id in ids))

    def _describe(self, frame: Frame) -> str:
        """``文本框：守正创新 凝心聚力（第 2 页）`` — what is selected, in the user's words."""
        doc = self._controller.doc
        page = self._controller.page_index_of(frame.id)
        master = doc.master_frame_by_id(frame.id)  # an item of the master being edited
        where = f"（第 {page + 1} 页）" if page is not None else f"（母版 {master[0].name}）" if master else ""
        story_id = getattr(frame, "story_id", None)
        name = f"：{story_label(doc, story_id)}" if story_id in doc.stories else ""
        return f"{noun(frame)}{name}{where}"

    def refresh(self, *_: object) -> None:
        """Re-read the selection and show the sections that fit it."""
        if self._committing:
            return  # the sections keep the frames they are storing typed values for
        if self._leaving_frames():
            self._committing = True
            try:
                self.commit_typed()
            finally:
                self._committing = False
        frames = self._controller.selected_frames()
        self._shown = (self._controller.doc, tuple(f.id for f in frames))
        if not frames:
            self.heading.setText("未选择对象。在版面上单击一个框，这里会显示它的属性。")
        elif len(frames) == 1:
            self.heading.setText(self._describe(frames[0]))
        else:
            self.heading.setText(f"已选择 {len(frames)} 个对象")
        for section in self.sections:
            section.refresh(frames)
