"""The status bar: current page, zoom and how many stories run over (溢出).

Overset text is the one problem a layout editor must never hide, so the
count sits permanently at the right, red when it is not zero, with the
story names in its tooltip. A read-only document says so here too, so the
reason edits are refused is always on screen; and so does recovery data
that cannot be written (a full disk), until a snapshot succeeds — a
passing message would be gone before the user thought of saving.

An undo says what it took back (已撤销：删除页面) in place of the passing
message of the edit (已删除第 3 页。要恢复，请按 Ctrl+Z…), which it made wrong;
a redo clears that again.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from editor.model.labels import story_label
from editor.ui.controller import DocumentController

#: How long 已撤销：… stays in the status bar.
UNDONE_MESSAGE_MS = 5000
_UNDONE = "已撤销："
_OVERSET_STYLE = "color: #C8161D; font-weight: bold;"
_READ_ONLY_TIP = "此项目正被其他人编辑或无法锁定，修改不会被接受。可用“另存为”保存副本。"
_RECOVERY_TIP = ("版面无法写入自动恢复数据。如果版面此时意外退出，最近的修改可能无法恢复。"
                 "请尽快保存。恢复数据写入成功或文档保存后，此提示会消失。")


class EditorStatusBar(QStatusBar):
    """Page, zoom, overset count, read-only flag and recovery warning; fed by the window and the controller."""

    def __init__(self, controller: DocumentController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        self._page_index = 0
        self.page_label = QLabel()
        self.zoom_label = QLabel()
        self.overset_label = QLabel()
        self.read_only_label = QLabel("只读")
        self.read_only_label.setStyleSheet(_OVERSET_STYLE)
        self.read_only_label.setToolTip(_READ_ONLY_TIP)
        self.recovery_label = QLabel()
        self.recovery_label.setStyleSheet(_OVERSET_STYLE)
        self.recovery_label.setToolTip(_RECOVERY_TIP)
        for label in (self.recovery_label, self.read_only_label, self.overset_label, self.page_label,
                      self.zoom_label):
            label.setContentsMargins(8, 0, 8, 0)
            self.addPermanentWidget(label)
        self.set_recovery_warning("")
        controller.model_updated.connect(self.refresh)
        controller.document_replaced.connect(self.refresh)
        controller.read_only_changed.connect(self.refresh)
        self._undo_index = controller.undo_stack.index()
        controller.undo_stack.indexChanged.connect(self._undo_moved)
        self.set_zoom(1.0)
        self.refresh()

    def set_page(self, index: int) -> None:
        """Show page ``index`` (0-based) as current."""
        self._page_index = index
        self._show_page()

    def set_read_only_reason(self, reason: str) -> None:
        """Say who holds the file in the 只读 flag's tooltip (``此项目正被 张三（电脑 PC-01）编辑…``)."""
        self.read_only_label.setToolTip(f"{reason}\n{_READ_ONLY_TIP}" if reason else _READ_ONLY_TIP)

    def set_recovery_warning(self, text: str) -> None:
        """Show the autosave's lasting warning (``⚠ 恢复数据写入失败：…``); "" hides it."""
        self.recovery_label.setText(text)
        self.recovery_label.setVisible(bool(text))

    def set_zoom(self, zoom: float) -> None:
        """Show the zoom factor (1.0 = 100 %)."""
        self.zoom_label.setText(f"缩放 {round(zoom * 100)}%")

    def refresh(self, *_: object) -> None:
        """Re-read page count, overset stories and read-only state from the controller."""
        self._show_page()
        doc, layout = self._controller.doc, self._controller.layout
        overset = layout.overset_story_ids
        if overset:
            self.overset_label.setText(f"溢出 {len(overset)} 篇")
            self.overset_label.setStyleSheet(_OVERSET_STYLE)
            names = [story_label(doc, sid) for sid in overset if sid in doc.stories]
            self.overset_label.setToolTip("以下文章排不下：\n" + "\n".join(names))
        else:
            self.overset_label.setText("无溢出")
            self.overset_label.setStyleSheet("")
            self.overset_label.setToolTip("所有文章都已排完。")
        self.read_only_label.setVisible(self._controller.read_only)

    def _show_page(self) -> None:
        count = len(self._controller.doc.pages)
        if count == 0:
            self.page_label.setText("没有页面")
            return
        self._page_index = max(0, min(self._page_index, count - 1))
        self.page_label.setText(f"第 {self._page_index + 1} 页，共 {count} 页")

    def _undo_moved(self, index: int) -> None:
        """An undo names the step it took back; a later step (redo, a new edit) clears that name."""
        stack = self._controller.undo_stack
        if not shiboken6.isValid(stack) or not shiboken6.isValid(self):  # emptied as the window closes
            return
        undone = stack.command(index) if index < self._undo_index else None
        self._undo_index = index
        if undone is not None:
            self.showMessage(_UNDONE + undone.text(), UNDONE_MESSAGE_MS)
        elif self.currentMessage().startswith(_UNDONE):
            self.clearMessage()
