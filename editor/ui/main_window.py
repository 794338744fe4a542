"""The main window: canvas in the middle, 页面 on the left, 属性 and 样式 on the right.

``MainWindow`` assembles the parts and routes between them; it holds no
editing logic of its own. The document lives in the ``DocumentController``;
files, locks and recovery in ``FileManager``; copy and paste in
``FrameClipboard``; selection commands in ``ArrangeCommands``; export in
``Exporter``; menus in ``EditorActions``. The window keeps track of the
current page (from the canvas and the pages panel) because 粘贴, 全选 and 添加
页面 act on it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDockWidget, QFileDialog, QMainWindow, QMessageBox, QToolBar, QWidget

from editor import __version__
from editor.model.document_edits import apply_paragraph_style, set_issue_fields
from editor.model.edits import unlink_after
from editor.model.frames import ImageFrame, TextFrame
from editor.render.prepared_photos import PhotoPlan
from editor.ui import master_menus, preflight_panel, proof_panel
from editor.ui.actions import EditorActions
from editor.ui.arrange_commands import PHOTO_FILTER, ArrangeCommands
from editor.ui.canvas_slot import make_canvas
from editor.ui.clipboard import FrameClipboard
from editor.ui.controller import DocumentController
from editor.ui.export_dialogs import Exporter
from editor.ui.files import FileDialogs, FileManager, documents_folder
from editor.ui.issue_dialog import IssueDialog
from editor.ui.panels import PagesPanel, PropertiesPanel, StylesPanel
from editor.ui.photo_warmup import PhotoWarmup
from editor.ui.printing import install_print_actions
from editor.ui.status import EditorStatusBar

ABOUT_TEXT = (
    "<h3>版面 Banmian {version}</h3>"
    "<p>期刊排版编辑器：中文排版、图文混排，导出印刷用 PDF 和可编辑的 Word 文档。</p>"
    "<p>内置字体：思源宋体 / 思源黑体（Noto Serif SC / Noto Sans SC，SIL 开源字体许可证 1.1）。</p>"
)


#: Where 属性's 锁定比例 is remembered between sessions.
KEEP_RATIO_KEY = "properties/keep_ratio"
#: The docks' saved arrangement is restored only when saved at this version: 1 moved 检查 and 校对
#: below the canvas (an older arrangement kept them squeezed under 样式).
LAYOUT_VERSION = 1


class MainWindow(QMainWindow):
    """The editor window; see the module docstring."""

    def __init__(self, controller: DocumentController | None = None, dialogs: FileDialogs | None = None,
                 settings: QSettings | None = None, files: FileManager | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller or DocumentController(parent=self)
        self._settings = settings
        self._current_page = 0
        #: Where the last photo was inserted from: 插入图片 starts there next time.
        self._last_photo_folder: Path | None = None
        self.resize(1400, 900)
        self.files = files or FileManager(self, self.controller, dialogs)
        self.exporter = Exporter(self, self.controller)
        self.photo_warmup = PhotoWarmup(self.controller, self._export_photo_plans, self)
        self.clipboard = FrameClipboard(self.controller)
        self.arrange = ArrangeCommands(self.controller)
        self.canvas = make_canvas(self.controller, self)
        self.setCentralWidget(self.canvas)
        self.pages_panel = PagesPanel(self.controller)
        self.properties_panel = PropertiesPanel(self.controller)
        self.styles_panel = StylesPanel(self.controller)
        self.pages_dock = self._dock("pages", "页面", self.pages_panel, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.properties_dock = self._dock("properties", "属性", self.properties_panel, Qt.DockWidgetArea.RightDockWidgetArea)
        self.styles_dock = self._dock("styles", "样式", self.styles_panel, Qt.DockWidgetArea.RightDockWidgetArea)
        self.pages_dock.setMinimumWidth(150)
        self.properties_dock.setMinimumWidth(260)
        self.resizeDocks([self.pages_dock, self.properties_dock], [170, 280], Qt.Orientation.Horizontal)
        self.resizeDocks([self.properties_dock, self.styles_dock], [600, 220], Qt.Orientation.Vertical)
        self.status = EditorStatusBar(self.controller, self)
        self.setStatusBar(self.status)
        self.menu_actions = EditorActions(self)
        self.menu_actions.build_menus(self.menuBar())
        for dock in (self.pages_dock, self.properties_dock, self.styles_dock):
            self.menu_actions.panels_menu.addAction(dock.toggleViewAction())
        self.toolbar = QToolBar("工具栏", self)
        self.toolbar.setObjectName("toolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.menu_actions.build_toolbar(self.toolbar)
        self.addToolBar(self.toolbar)
        self.menu_actions.panels_menu.addAction(self.toolbar.toggleViewAction())
        self._connect()
        master_menus.install(self)  # the 母版 dock, 应用母版 and 覆盖母版项目 menus
        proof_panel.install(self)  # the 校对 dock and 编辑 → 校对…
        preflight_panel.install(self, settings)  # the 检查 dock, its status light and 编辑 → 检查…
        self.printing = install_print_actions(self)  # 文件 → 打印… and 打印预览…
        self.menu_actions.rebuild_recent()
        self.menu_actions.update_enabled()
        self._restore_layout()

    def _dock(self, name: str, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(area, dock)
        return dock

    def _connect(self) -> None:
        c = self.controller
        for signal in (c.selection_changed, c.read_only_changed, c.document_replaced, c.pages_changed):
            signal.connect(lambda *_: self.menu_actions.update_enabled())
        c.document_replaced.connect(self._on_document_replaced)
        c.read_only_changed.connect(self._on_read_only)
        self.files.recent_changed.connect(self.menu_actions.rebuild_recent)
        self.files.message.connect(lambda text: self.status.showMessage(text, 8000))
        self.files.read_only_reason_changed.connect(self.status.set_read_only_reason)
        self.files.autosave.warning_changed.connect(self.status.set_recovery_warning)
        self.pages_panel.page_activated.connect(self.go_to_page)
        self.pages_panel.message.connect(lambda text: self.status.showMessage(text, 8000))
        self.pages_panel.confirm = lambda text: self.files.dialogs.confirm(text, "删除")
        self.properties_panel.style_requested.connect(self.apply_paragraph_style)
        self.styles_panel.style_requested.connect(self.apply_paragraph_style)
        canvas = self.canvas
        canvas.current_page_changed.connect(self._on_canvas_page)
        canvas.zoom_changed.connect(self.status.set_zoom)
        canvas.message.connect(lambda text: self.status.showMessage(text, 5000))
        if hasattr(canvas, "tool_changed"):
            canvas.tool_changed.connect(self._show_tool)
            canvas.text_editing_changed.connect(lambda *_: self.menu_actions.update_enabled())
            canvas.paragraph_style_changed.connect(self.styles_panel.show_current)

    # --------------------------------------------------------------- pages

    def current_page(self) -> int:
        """The page the user is working on (0-based)."""
        return max(0, min(self._current_page, len(self.controller.doc.pages) - 1))

    def go_to_page(self, index: int) -> None:
        """Show a page in the canvas (from the pages panel: picked, added, duplicated, deleted)."""
        self.controller.commit_pending()  # a value typed for a frame of the page being left
        self._current_page = index
        self.canvas.show_page(index)
        self.status.set_page(index)
        self._keep_selection_on_page(index)

    def _keep_selection_on_page(self, index: int) -> None:
        """Going to another page leaves frames of the previous one behind: deselect them, so
        the 属性 panel never edits a frame the user no longer sees. (Scrolling the canvas
        does not: a frame being dragged or typed in may cross a page boundary.)"""
        controller = self.controller
        kept = [frame_id for frame_id in controller.selection if controller.page_index_of(frame_id) == index]
        if len(kept) != len(controller.selection):
            controller.select(kept)

    def _on_canvas_page(self, index: int) -> None:
        self._current_page = index
        self.pages_panel.set_current(index)
        self.status.set_page(index)

    def _export_photo_plans(self) -> list[PhotoPlan]:
        """How the next 导出 PDF and 导出 Word will want the photos (``photo_warmup`` prepares them ahead)."""
        return [self.exporter.photo_plan("pdf"), self.exporter.photo_plan("docx")]

    def _on_document_replaced(self) -> None:
        self._current_page = 0
        self.pages_panel.set_current(0)
        self.status.set_page(0)

    def _on_read_only(self, read_only: bool) -> None:
        if read_only:
            self.set_tool("select")
            reason = self.files.read_only_reason
            self.status.showMessage(f"{reason or '此文档为只读。'}修改不会被保存，可用“另存为”保存副本。", 10000)

    # ---------------------------------------------------------------- view

    def zoom_fit_page(self) -> None:
        self.canvas.zoom_fit_page()

    def zoom_100(self) -> None:
        self.canvas.zoom_100()

    def zoom_in(self) -> None:
        self.canvas.zoom_in()

    def zoom_out(self) -> None:
        self.canvas.zoom_out()

    def set_tool(self, tool: str) -> None:
        self.canvas.set_tool(tool)
        self._show_tool(tool)

    def _show_tool(self, tool: str) -> None:
        """Check the tool's button (the canvas may switch tools itself, e.g. after drawing)."""
        action = self.menu_actions.actions.get(f"tool_{tool}")
        if action is not None and not action.isChecked():
            action.setChecked(True)

    def show_styles(self) -> None:
        self.styles_dock.show()
        self.styles_dock.raise_()

    # ------------------------------------------------------------ commands

    def _text_takes(self, name: str) -> bool:
        """While typing, 复制/剪切/粘贴/删除/全选 act on the text, not on frames."""
        edit_action = getattr(self.canvas, "edit_action", None)
        return bool(edit_action and edit_action(name))

    def clipboard_copy(self) -> bool:
        return self._text_takes("copy") or self.clipboard.copy()

    def clipboard_cut(self) -> bool:
        return self._text_takes("cut") or self.clipboard.cut()

    def clipboard_paste(self) -> bool:
        return self._text_takes("paste") or self.clipboard.paste(self.current_page())

    def clipboard_paste_as_copied(self) -> bool:
        """选择性粘贴: the clipboard's text exactly as copied, while editing text (else nothing)."""
        return self._text_takes("paste_as_copied")

    def delete_selection(self) -> bool:
        from editor.ui.canvas.master_mode import LOCKED_NOT_DELETED, locked_among  # the canvas may be absent

        if self._text_takes("delete"):
            return True
        if locked_among(self.controller, list(self.controller.selection)):
            self.status.showMessage(LOCKED_NOT_DELETED, 8000)
        return self.arrange.delete()

    def select_all(self) -> None:
        if not self._text_takes("select_all"):
            self.arrange.select_all(self.current_page())

    def is_text_editing(self) -> bool:
        check = getattr(self.canvas, "is_text_editing", None)
        return bool(check and check())

    def duplicate_selection(self) -> bool:
        return self.clipboard.duplicate(self.current_page())

    def unlink_selected(self) -> bool:
        selection = self.controller.selection
        if len(selection) != 1:
            return False
        return self.controller.edit("断开串接", unlink_after(self.controller.doc, selection[0]))

    def insert_photo_dialog(self) -> bool:
        """插入 → 图片…: choose a photo file and put it into the selected photo frame, or on the
        current page where it covers nothing, near the middle of what is in view. The file dialog
        opens where the last photo came from, else in the project's folder (where an issue's
        photos usually sit), never in the home folder."""
        name, _ = QFileDialog.getOpenFileName(self, "插入图片", str(self._photo_folder()), PHOTO_FILTER)
        if not name:
            return False
        self._last_photo_folder = Path(name).parent
        page = self.current_page()
        visible_part = getattr(self.canvas, "visible_page_rect", None)  # not on the stand-in viewer
        return self.arrange.insert_photo(Path(name), page, visible_part(page) if visible_part else None)

    def _photo_folder(self) -> Path:
        if self._last_photo_folder is not None and self._last_photo_folder.is_dir():
            return self._last_photo_folder
        path = self.controller.path
        if path is not None:
            return path.parent
        return documents_folder()

    def apply_paragraph_style(self, name: str) -> bool:
        """Apply a style: to the paragraphs being typed in, else to the selected frames' stories
        (text frames and photo captions)."""
        if self.is_text_editing():
            return bool(self.canvas.set_paragraph_style(name))
        doc = self.controller.doc
        story_ids: list[str] = []
        for frame in self.controller.selected_frames():
            if isinstance(frame, TextFrame):
                story_ids.append(frame.story_id)
            elif isinstance(frame, ImageFrame) and frame.caption is not None:
                story_ids.append(frame.caption.story_id)
        if not story_ids:
            self.status.showMessage("请先选中文本框或带说明的图片，或在文本框中输入文字时再选择样式。", 5000)
            return False
        return self.controller.edit(f"应用段落样式“{name}”", apply_paragraph_style(doc, story_ids, name))

    def edit_issue_info(self) -> bool:
        """版面 → 期刊信息…: one edit for all fields."""
        dialog = IssueDialog(self.controller.doc.issue, self)
        if not dialog.exec():
            return False
        return self.apply_issue_fields(dialog.fields())

    def apply_issue_fields(self, fields: dict[str, object]) -> bool:
        """期刊信息 as the dialog gave them (``IssueDialog.fields``): one undoable 修改期刊信息, nothing
        when no field changed."""
        return self.controller.edit("修改期刊信息", set_issue_fields(self.controller.doc, **fields))

    def show_about(self) -> None:
        QMessageBox.about(self, "关于版面", ABOUT_TEXT.format(version=__version__))

    def show_about_qt(self) -> None:
        QMessageBox.aboutQt(self, "关于 Qt")

    # -------------------------------------------------------------- window

    def _restore_layout(self) -> None:
        if self._settings is None:
            return
        self._remember_keep_ratio(self._settings)
        geometry = self._settings.value("window/geometry")
        state = self._settings.value("window/state")
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state, LAYOUT_VERSION)

    def _remember_keep_ratio(self, settings: QSettings) -> None:
        """属性's 锁定比例 as the user left it last time (on the first time), kept when it changes."""
        box = self.properties_panel.geometry_section.keep_ratio
        box.setChecked(str(settings.value(KEEP_RATIO_KEY, "true")).lower() != "false")
        box.toggled.connect(lambda checked: settings.setValue(KEEP_RATIO_KEY, "true" if checked else "false"))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        """Ask about unsaved work; release the lock and stop autosave when closing."""
        if not self.files.close():
            event.ignore()
            return
        self.photo_warmup.shutdown()
        if self._settings is not None:
            self._settings.setValue("window/geometry", self.saveGeometry())
            self._settings.setValue("window/state", self.saveState(LAYOUT_VERSION))
        event.accept()
