"""属性 sections for text frames: columns, gutter, insets, alignment, style, threading."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QLabel, QPushButton

from editor.model import edits
from editor.model.document_edits import define_paragraph_style
from editor.model.frames import Frame, Insets, TextFrame
from editor.model.labels import frame_label, story_label
from editor.ui.controller import DocumentController
from editor.ui.panels.font_size_box import FontSizeBox
from editor.ui.panels.section import Section
from editor.ui.panels.widgets import ChoiceBox, CountSpinBox, MmSpinBox, keep_typing

VERTICAL_ALIGN = [("top", "顶端"), ("center", "居中"), ("bottom", "底端")]
#: Shown in the style list when a story's paragraphs use several styles.
MIXED = "（多种样式）"


class TextSection(Section):
    """Columns, gutter, the four insets, vertical alignment and the story's paragraph style."""

    #: A paragraph style was picked for the frame's story.
    style_requested = Signal(str)

    def __init__(self, controller: DocumentController) -> None:
        super().__init__("文本框", controller)
        self.columns = CountSpinBox(1, 12, " 栏")
        self.gutter = MmSpinBox(0.0, 100.0)
        self.insets = {side: MmSpinBox(0.0, 200.0) for side in ("top_pt", "bottom_pt", "left_pt", "right_pt")}
        self.vertical = ChoiceBox(VERTICAL_ALIGN)
        self.style = ChoiceBox([])
        #: The style's 字号 beside its points (小四（12 磅）); a size typed or picked here changes the style.
        self.size = FontSizeBox(4.0, 200.0)
        self._size_style: str | None = None
        self.form.addRow("栏数", self.columns)
        self.form.addRow("栏间距", self.gutter)
        for side, label in (("top_pt", "上内边距"), ("bottom_pt", "下内边距"), ("left_pt", "左内边距"),
                            ("right_pt", "右内边距")):
            self.form.addRow(label, self.insets[side])
            self.insets[side].committed_pt.connect(lambda v, side=side: self._inset(side, v))
        self.form.addRow("垂直对齐", self.vertical)
        self.form.addRow("段落样式", self.style)
        self.form.addRow("字号", self.size)
        self.columns.valueChanged.connect(
            lambda n: self.edit("更改栏数", edits.update_frame(self.controller.doc, self.frame.id, columns=n), "columns"))
        self.gutter.committed_pt.connect(
            lambda v: self.edit("更改栏间距", edits.update_frame(self.controller.doc, self.frame.id, gutter_pt=v), "gutter"))
        self.vertical.chosen.connect(
            lambda v: self.edit("更改垂直对齐", edits.update_frame(self.controller.doc, self.frame.id, vertical_align=v)))
        self.style.chosen.connect(lambda name: name != MIXED and self.style_requested.emit(name))
        self.size.activated.connect(lambda *_: self._size_committed())
        self.size.lineEdit().editingFinished.connect(self._size_committed)

    def applies(self, frames: Sequence[Frame]) -> bool:
        return len(frames) == 1 and isinstance(frames[0], TextFrame)

    def load(self, frames: Sequence[Frame]) -> None:
        frame = frames[0]
        assert isinstance(frame, TextFrame)
        self.columns.set_quietly(frame.columns)
        self.gutter.set_value_pt(frame.gutter_pt)
        self.gutter.setEnabled(frame.columns > 1)
        for side, box in self.insets.items():
            box.set_value_pt(getattr(frame.insets, side))
        self.vertical.set_quietly(frame.vertical_align)
        doc = self.controller.doc
        story = doc.stories.get(frame.story_id)
        used = list(dict.fromkeys(p.style for p in story.paragraphs)) if story else []
        names = list(doc.paragraph_styles)
        current = used[0] if len(used) == 1 else MIXED
        choices = [(name, name) for name in names]
        if current == MIXED:
            choices.insert(0, (MIXED, MIXED))
        self.style.set_choices(choices)
        self.style.set_quietly(current)
        style = doc.paragraph_styles.get(current)
        self._size_style = current if style else None
        self.size.setEnabled(style is not None)
        self.size.setToolTip(f"段落样式“{current}”的字号：用这个样式的文字都会跟着改" if style else "文中用了多种样式")
        if style is not None:
            self.size.set_quietly(style.size_pt)
        else:
            self.size.setEditText("—")

    def commit_typed(self) -> None:
        """The spin boxes, and a size typed into 字号 (a combo box) without Enter or leaving it."""
        super().commit_typed()
        if self.isHidden() or not self.frames or not self.size.isEnabled() or self.size.typed_value() is None:
            return  # half a size ("1") is left to the user, not corrected under their fingers
        keep_typing(self.size.lineEdit(), self._size_committed, self.size)

    def _size_committed(self) -> None:
        """A size typed (Enter, leaving the field) or picked: the frame's paragraph style takes it."""
        doc = self.controller.doc
        style = doc.paragraph_styles.get(self._size_style or "")
        if style is None:
            return
        if self.size.typed_value() is None:
            self.size.set_quietly(style.size_pt)
            return
        points = self.size.value()  # exact while the text is untouched
        if points != style.size_pt:
            self.controller.edit(f"修改样式“{style.name}”的字号",
                                 define_paragraph_style(doc, dataclasses.replace(style, size_pt=points)))

    def _inset(self, side: str, value_pt: float) -> None:
        frame = self.frame
        assert isinstance(frame, TextFrame)
        values = {name: getattr(frame.insets, name) for name in ("top_pt", "right_pt", "bottom_pt", "left_pt")}
        values[side] = value_pt
        self.edit("更改内边距", edits.update_frame(self.controller.doc, frame.id, insets=Insets(**values)), f"inset-{side}")


class LinkSection(Section):
    """Threading: with one text frame, where it flows next and a way to cut that;
    with two, link the second after the first (text flows on into it)."""

    def __init__(self, controller: DocumentController) -> None:
        super().__init__("串接", controller)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.link_button = QPushButton("串接：文字从第一个框流入第二个框")
        self.unlink_button = QPushButton("断开与下一框的串接")
        #: The thread's 「（下转第N版）」/「（上接第N版）」 lines where it changes page (``editor.layout.jumps``).
        self.jump_lines = QCheckBox("转接提示（下转/上接）")
        self.jump_lines.setToolTip("文章跨页接续时，在本框末尾注明“下转第N版”，在接续的框开头注明“上接第N版”")
        self.form.addRow(self.state)
        self.form.addRow(self.link_button)
        self.form.addRow(self.unlink_button)
        self.form.addRow(self.jump_lines)
        self.link_button.clicked.connect(self.link)
        self.unlink_button.clicked.connect(self.unlink)
        self.jump_lines.clicked.connect(self.set_jump_lines)

    def applies(self, frames: Sequence[Frame]) -> bool:
        return 1 <= len(frames) <= 2 and all(isinstance(f, TextFrame) for f in frames)

    def load(self, frames: Sequence[Frame]) -> None:
        doc = self.controller.doc
        if len(frames) == 2:
            first, second = frames
            possible = bool(edits.link_frames(doc, first.id, second.id))
            self.state.setText("可以把这两个文本框串接起来。" if possible else self._why_not_linkable(first, second))
            self.link_button.setVisible(True)
            self.link_button.setEnabled(possible)
            self.unlink_button.setVisible(False)
            self.jump_lines.setVisible(False)
            return
        frame = frames[0]
        assert isinstance(frame, TextFrame)
        chain = [f.id for f in doc.story_frames(frame.story_id)]
        position = chain.index(frame.id) + 1 if frame.id in chain else 1
        text = f"文章“{story_label(doc, frame.story_id)}”，第 {position} 个框，共 {len(chain)} 个框。"
        if frame.next_frame_id:
            text += f"\n文字接着流入：{frame_label(doc, frame.next_frame_id)}"
        self.state.setText(text + "\n要串接，请同时选中两个文本框（按住 Shift 单击）。")
        self.link_button.setVisible(False)
        self.unlink_button.setVisible(True)
        self.unlink_button.setEnabled(frame.next_frame_id is not None)
        story = doc.stories.get(frame.story_id)
        self.jump_lines.setVisible(story is not None)
        self.jump_lines.setChecked(story is not None and story.jump_lines)

    def _why_not_linkable(self, first: Frame, second: Frame) -> str:
        """Why 串接 is off for two selected text frames: most often they were just threaded."""
        doc = self.controller.doc
        assert isinstance(first, TextFrame) and isinstance(second, TextFrame)
        if first.story_id != second.story_id:
            return "这两个文本框无法串接：第二个框已接在别的框之后。"
        article = story_label(doc, first.story_id)
        if first.next_frame_id == second.id:
            return f"已串接：文字从第一个框流入第二个框（文章“{article}”）。"
        chain = [frame.id for frame in doc.story_frames(first.story_id)]
        places = "、".join(f"第 {chain.index(frame.id) + 1} 个" for frame in (first, second) if frame.id in chain)
        return f"这两个框已在同一串接中（文章“{article}”的{places}框），不需要再串接。"

    def link(self) -> bool:
        if len(self.frames) != 2:
            return False
        first, second = self.frames
        return self.edit("串接文本框", edits.link_frames(self.controller.doc, first.id, second.id))

    def unlink(self) -> bool:
        return self.edit("断开串接", edits.unlink_after(self.controller.doc, self.frame.id))

    def set_jump_lines(self, on: bool) -> bool:
        """Switch the selected frame's thread's continuation lines on or off (one undo step)."""
        frame = self.frame
        story = self.controller.doc.stories.get(frame.story_id) if isinstance(frame, TextFrame) else None
        if story is None or story.jump_lines == on:
            return False
        label = "打开转接提示" if on else "关闭转接提示"
        return self.edit(label, edits.set_story(self.controller.doc, dataclasses.replace(story, jump_lines=on)))
