"""Menus, toolbar and shortcuts of the main window: 文件 编辑 视图 插入 排列 版面 帮助.

Every command is a ``QAction`` created here once, kept in ``actions[name]``
(tests and the toolbar look them up by name), and connected to a method
of the window. Shortcuts follow what the staff know: Word and WPS for
files and editing (Ctrl+S, Ctrl+Z, Ctrl+Y), InDesign for layout (Ctrl+0
fit page, Ctrl+1 actual size, Ctrl+] bring forward, Ctrl+L lock). Undo and
redo come from the undo stack, so the menu says 撤销 移动图片; the toolbar
keeps the short 撤销/重做 (the full text is the tooltip), so its buttons do
not shift sideways whenever the name of the last edit changes length.

A ``BanmianError`` raised by a command becomes a Chinese message box here;
anything else goes to the global hook (log file plus a Chinese dialog).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, SignalInstance
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QMessageBox, QToolBar

from editor.errors import BanmianError
from editor.ui.arrange_commands import ALIGN_LABELS, DISTRIBUTE_LABELS, RESTACK_LABELS
from editor.ui.article_import_dialog import install_article_actions
from editor.ui.field_actions import install_field_actions
from editor.ui.find_dialog import install_find_actions
from editor.ui.next_issue_dialog import new_next_issue
from editor.ui.package_dialog import package_from_window
from editor.ui.template_dialogs import new_from_chosen_template, save_as_template

if TYPE_CHECKING:
    from editor.ui.main_window import MainWindow

Shortcut = str | QKeySequence.StandardKey | list[str | QKeySequence.StandardKey] | None

#: Menu titles in order (with Windows-style access keys).
MENUS = [("file", "文件(&F)"), ("edit", "编辑(&E)"), ("view", "视图(&V)"), ("insert", "插入(&I)"),
         ("arrange", "排列(&A)"), ("layout", "版面(&L)"), ("help", "帮助(&H)")]
TOOLS = [("select", "选择"), ("text", "文本框"), ("image", "图片框"), ("rule", "线条"), ("box", "方框")]
#: InDesign's tool keys. Safe while typing: the canvas claims typed keys before shortcuts see them.
TOOL_KEYS = {"select": "V", "text": "T", "image": "F", "rule": "\\", "box": "M"}
#: Actions that change the document: disabled while it is read-only.
EDITING = {
    "cut", "paste", "paste_as_copied", "duplicate", "delete", "lock", "unlock", "insert_photo", "issue_info",
    "add_page", "duplicate_page", "delete_page", "link", "unlink", "import_article", "bold",
    *(f"align_{edge}" for edge in ALIGN_LABELS), *(f"distribute_{axis}" for axis in DISTRIBUTE_LABELS),
    *(f"restack_{step}" for step in RESTACK_LABELS), *(f"tool_{tool}" for tool, _ in TOOLS if tool != "select"),
}
#: Said in the status bar when 加粗 is chosen while no text is being edited.
NO_TEXT_TO_BOLD = "请先双击文本框，选中要加粗的文字。"
#: Actions that need a selection.
NEED_SELECTION = {"cut", "copy", "duplicate", "delete", "lock", "unlock",
                  *(f"align_{edge}" for edge in ALIGN_LABELS), *(f"restack_{step}" for step in RESTACK_LABELS)}


def _keys(shortcut: Shortcut) -> list[QKeySequence]:
    """The key sequences of ``shortcut`` (a standard key: its first binding on this platform), each
    once: Qt calls a key an action lists twice ambiguous and does nothing (缩小 had Ctrl+- and the
    standard ZoomOut, which is Ctrl+- too)."""
    if shortcut is None:
        return []
    keys: list[QKeySequence] = []
    for item in shortcut if isinstance(shortcut, list) else [shortcut]:
        key = QKeySequence(item)
        if not key.isEmpty() and key not in keys:
            keys.append(key)
    return keys


class EditorActions(QObject):
    """All actions of one window, its menus and its toolbar."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.actions: dict[str, QAction] = {}
        self.menus: dict[str, QMenu] = {}
        self.tool_group = QActionGroup(self)
        self.recent_menu: QMenu | None = None
        self._create()

    # ---------------------------------------------------------- creation

    def _guarded(self, command: Callable[[], object]) -> Callable[[], None]:
        def run(*_: object) -> None:
            try:
                command()
            except BanmianError as problem:
                QMessageBox.warning(self.window, "版面", problem.message)
        return run

    def add(self, name: str, text: str, command: Callable[[], object], shortcut: Shortcut = None,
            tip: str | None = None, checkable: bool = False) -> QAction:
        action = QAction(text, self.window)
        action.setShortcuts(_keys(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.setCheckable(checkable)
        action.triggered.connect(self._guarded(command))
        self.actions[name] = action
        return action

    def _stack_button(self, label: str, command: Callable[[], None], enabled: bool,
                      enabled_changed: SignalInstance, text_changed: SignalInstance) -> QAction:
        """A toolbar action that always reads ``label`` and tells the edit in its tooltip."""
        action = QAction(label, self.window)
        action.setToolTip(label)
        action.setEnabled(enabled)
        action.triggered.connect(lambda *_: command())
        enabled_changed.connect(action.setEnabled)
        text_changed.connect(lambda text: action.setToolTip(f"{label} {text}" if text else label))
        return action

    def _create(self) -> None:
        w = self.window
        files = w.files
        self.add("new", "新建(&N)", lambda: files.new_from_template(), QKeySequence.StandardKey.New, "新建一期空白期刊")
        self.add("new_next_issue", "新建下一期(&I)…", lambda: new_next_issue(w), None,
                 "由本期新建下一期：期号、总期号加一，保留版式，文章换成占位文字")
        self.add("open", "打开(&O)…", files.open_dialog, QKeySequence.StandardKey.Open, "打开项目文件")
        self.add("save", "保存(&S)", files.save, QKeySequence.StandardKey.Save, "保存项目")
        self.add("save_as", "另存为(&A)…", files.save_as, "Ctrl+Shift+S", "把项目保存为新文件")
        self.add("new_from_template", "从模板新建(&T)…", lambda: new_from_chosen_template(w), None,
                 "从内置模板或我的模板新建一期")
        self.add("save_as_template", "另存为模板(&M)…", lambda: save_as_template(w), None,
                 "把本期的版式（母版、样式、页面）保存为我的模板，文章换成占位文字")
        self.add("export_pdf", "导出 PDF(&P)…", lambda: w.exporter.export("pdf"), "Ctrl+E", "导出印刷用 PDF")
        self.add("export_docx", "导出 Word(&W)…", lambda: w.exporter.export("docx"), None, "导出可编辑的 Word 文档")
        self.add("package", "打包(&K)…", lambda: package_from_window(w), None,
                 "把项目、印刷用 PDF、Word 文件、原始图片和报告打包，送印刷厂或同事")
        self.add("close", "关闭(&C)", files.close_document, ["Ctrl+W", "Ctrl+F4"],
                 "关闭当前文档（先询问是否保存），然后显示一期新的空白期刊")
        self.add("quit", "退出(&X)", w.close, "Ctrl+Q")  # Qt has no standard quit key on Windows
        stack = w.controller.undo_stack
        undo = stack.createUndoAction(w, "撤销")
        undo.setShortcuts(_keys(QKeySequence.StandardKey.Undo))
        redo = stack.createRedoAction(w, "重做")
        redo.setShortcuts(_keys(["Ctrl+Y", "Ctrl+Shift+Z"]))
        self.actions["undo"], self.actions["redo"] = undo, redo
        #: The toolbar's fixed-width twins of 撤销 and 重做 (no shortcuts: the menu actions have them).
        self.undo_button = self._stack_button("撤销", stack.undo, stack.canUndo(), stack.canUndoChanged,
                                              stack.undoTextChanged)
        self.redo_button = self._stack_button("重做", stack.redo, stack.canRedo(), stack.canRedoChanged,
                                              stack.redoTextChanged)
        self.add("cut", "剪切(&T)", w.clipboard_cut, QKeySequence.StandardKey.Cut)
        self.add("copy", "复制(&C)", w.clipboard_copy, QKeySequence.StandardKey.Copy)
        self.add("paste", "粘贴(&P)", w.clipboard_paste, QKeySequence.StandardKey.Paste)
        self.add("paste_as_copied", "选择性粘贴：纯文本原样", w.clipboard_paste_as_copied, "Ctrl+Shift+V",
                 "编辑文字时把剪贴板文字原样粘贴（每行一段，空行和缩进都保留）")
        self.add("bold", "加粗(&B)", self._bold, "Ctrl+B", "编辑文字时把所选文字加粗，全部已加粗时取消加粗")
        self.add("duplicate", "直接复制(&D)", w.duplicate_selection, "Ctrl+D", "在旁边复制一份所选对象")
        self.add("delete", "删除(&L)", w.delete_selection, ["Del", "Backspace"])
        self.add("select_all", "全选(&A)", w.select_all, QKeySequence.StandardKey.SelectAll,
                 "选择当前页上的所有对象（输入文字时为全部文字）")
        self.add("deselect", "取消选择", w.arrange.deselect, "Ctrl+Shift+A")
        self.add("fit_page", "适合页面(&F)", w.zoom_fit_page, "Ctrl+0")
        self.add("actual_size", "实际大小 100%(&A)", w.zoom_100, "Ctrl+1")
        self.add("zoom_in", "放大(&I)", w.zoom_in, ["Ctrl+=", QKeySequence.StandardKey.ZoomIn])
        self.add("zoom_out", "缩小(&O)", w.zoom_out, ["Ctrl+-", QKeySequence.StandardKey.ZoomOut])
        for tool, label in TOOLS:
            key = TOOL_KEYS[tool]
            tip = f"{label}工具（{key}）：在页面上拖动以绘制{label}" if tool != "select" else f"选择工具（{key}）：选择、移动和调整对象"
            action = self.add(f"tool_{tool}", label, lambda tool=tool: w.set_tool(tool), key, tip, checkable=True)
            self.tool_group.addAction(action)
        self.actions["tool_select"].setChecked(True)
        self.add("insert_photo", "图片(&P)…", w.insert_photo_dialog, "Ctrl+Shift+D", "从文件插入图片")
        for edge, label in ALIGN_LABELS.items():
            self.add(f"align_{edge}", label, lambda edge=edge: w.arrange.align(edge), None,
                     "多个对象按选区对齐；单个对象按页边距对齐")
        for axis, label in DISTRIBUTE_LABELS.items():
            self.add(f"distribute_{axis}", label, lambda axis=axis: w.arrange.distribute(axis), None, "至少选择三个对象")
        shortcuts = {1000: "Ctrl+Shift+]", 1: "Ctrl+]", -1: "Ctrl+[", -1000: "Ctrl+Shift+["}
        for step, label in RESTACK_LABELS.items():
            self.add(f"restack_{step}", label, lambda step=step: w.arrange.restack(step), shortcuts[step])
        self.add("lock", "锁定(&K)", lambda: w.arrange.set_locked(True), "Ctrl+L")
        self.add("unlock", "解除锁定(&U)", lambda: w.arrange.set_locked(False), "Ctrl+Alt+L")
        self.add("link", "串接文本框", w.properties_panel.link_section.link, None, "先选中前一个框，再按住 Shift 选中后一个框")
        self.add("unlink", "断开串接", w.unlink_selected)
        self.add("issue_info", "期刊信息(&I)…", w.edit_issue_info, None, "刊名、期号、出版日期等")
        self.add("add_page", "添加页面(&A)", w.pages_panel.add_page)
        self.add("duplicate_page", "复制页面(&D)", w.pages_panel.duplicate_page)
        self.add("delete_page", "删除页面(&R)", w.pages_panel.delete_page)
        self.add("styles", "段落样式(&S)", w.show_styles)
        self.add("about", "关于版面(&A)", w.show_about)
        self.add("about_qt", "关于 Qt", w.show_about_qt)

    def _bold(self) -> bool:
        """编辑 → 加粗 (Ctrl+B): bold on the text selected on the canvas; a hint when no text is edited."""
        edit_action = getattr(self.window.canvas, "edit_action", None)
        if edit_action is not None and edit_action("bold"):
            return True
        self.window.status.showMessage(NO_TEXT_TO_BOLD, 5000)
        return False

    # ------------------------------------------------------------- menus

    def build_menus(self, bar: QMenuBar) -> None:
        """The seven menus, in order."""
        for key, title in MENUS:
            self.menus[key] = bar.addMenu(title)
        a, m = self.actions, self.menus
        m["file"].addActions([a["new"], a["new_next_issue"]])
        m["file"].addActions([a["new_from_template"], a["open"]])
        self.recent_menu = m["file"].addMenu("最近打开(&R)")
        m["file"].addSeparator()
        m["file"].addActions([a["save"], a["save_as"], a["save_as_template"]])
        m["file"].addSeparator()
        m["file"].addActions([a["export_pdf"], a["export_docx"], a["package"]])
        m["file"].addSeparator()
        m["file"].addActions([a["close"], a["quit"]])
        m["edit"].addActions([a["undo"], a["redo"]])
        m["edit"].addSeparator()
        m["edit"].addActions([a["cut"], a["copy"], a["paste"], a["paste_as_copied"], a["duplicate"], a["delete"]])
        m["edit"].addSeparator()
        m["edit"].addAction(a["bold"])
        m["edit"].addSeparator()
        m["edit"].addActions([a["select_all"], a["deselect"]])
        install_find_actions(self)
        m["view"].addActions([a["fit_page"], a["actual_size"], a["zoom_in"], a["zoom_out"]])
        m["view"].addSeparator()
        self.panels_menu = m["view"].addMenu("面板")
        m["insert"].addActions([a["tool_text"], a["insert_photo"], a["tool_image"], a["tool_rule"], a["tool_box"]])
        m["insert"].addSeparator()
        m["insert"].addAction(a["add_page"])
        install_field_actions(self)
        install_article_actions(self)
        align = m["arrange"].addMenu("对齐")
        align.addActions([a[f"align_{edge}"] for edge in ALIGN_LABELS])
        distribute = m["arrange"].addMenu("分布")
        distribute.addActions([a[f"distribute_{axis}"] for axis in DISTRIBUTE_LABELS])
        m["arrange"].addSeparator()
        m["arrange"].addActions([a[f"restack_{step}"] for step in RESTACK_LABELS])
        m["arrange"].addSeparator()
        m["arrange"].addActions([a["lock"], a["unlock"]])
        m["arrange"].addSeparator()
        m["arrange"].addActions([a["link"], a["unlink"]])
        m["layout"].addAction(a["issue_info"])
        m["layout"].addSeparator()
        m["layout"].addActions([a["add_page"], a["duplicate_page"], a["delete_page"]])
        m["layout"].addSeparator()
        m["layout"].addAction(a["styles"])
        m["help"].addActions([a["about"], a["about_qt"]])

    def build_toolbar(self, toolbar: QToolBar) -> None:
        a = self.actions
        toolbar.addActions([a["new"], a["open"], a["save"]])
        toolbar.addSeparator()
        toolbar.addActions([self.undo_button, self.redo_button])
        toolbar.addSeparator()
        toolbar.addActions([a[f"tool_{tool}"] for tool, _ in TOOLS])
        toolbar.addSeparator()
        toolbar.addActions([a["align_left"], a["align_hcenter"], a["align_right"], a["align_top"],
                            a["align_vcenter"], a["align_bottom"]])
        toolbar.addSeparator()
        toolbar.addActions([a["fit_page"], a["actual_size"]])
        toolbar.addSeparator()
        toolbar.addActions([a["export_pdf"]])

    def rebuild_recent(self) -> None:
        """The 最近打开 submenu from the stored list."""
        if self.recent_menu is None:
            return
        self.recent_menu.clear()
        paths = self.window.files.recent.paths()
        for number, path in enumerate(paths, start=1):
            action = self.recent_menu.addAction(f"&{number % 10} {path.name}",
                                                self._guarded(lambda path=path: self.window.files.open_path(path)))
            action.setStatusTip(str(path))
        if not paths:
            self.recent_menu.addAction("（无）").setEnabled(False)
        else:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction("清除列表", self._clear_recent)

    def _clear_recent(self) -> None:
        self.window.files.recent.clear()
        self.rebuild_recent()

    # ------------------------------------------------------------- state

    def update_enabled(self) -> None:
        """Grey out what cannot be done now (read-only document, empty selection …)."""
        controller = self.window.controller
        editable = not controller.read_only
        selected = bool(controller.selection)
        count = len(controller.selection)
        for name, action in self.actions.items():
            if name in ("undo", "redo"):
                continue  # the undo stack keeps these up to date
            enabled = editable if name in EDITING else True
            action.setEnabled(enabled and (selected or name not in NEED_SELECTION))
        self.actions["distribute_horizontal"].setEnabled(editable and count >= 3)
        self.actions["distribute_vertical"].setEnabled(editable and count >= 3)
        self.actions["delete_page"].setEnabled(editable and len(controller.doc.pages) > 1)
        self.actions["paste"].setEnabled(editable)
        self.actions["link"].setEnabled(editable and count == 2)
        self.actions["unlink"].setEnabled(editable and count == 1)
        if not editable:
            self.actions["tool_select"].setChecked(True)
