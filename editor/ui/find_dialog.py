"""编辑 → 查找… (Ctrl+F) and 替换… (Ctrl+H): the non-modal 查找和替换 dialog.

The search itself is ``editor.model.find_replace``; this dialog holds the
fields and options, lists every hit with the words around it, and takes the
canvas to a hit: its page, its text selected (a master item's hit opens its
master for editing, as a double-click on it would). 替换 replaces the hit
shown and goes to the next; 全部替换 replaces every hit as one undo step.
The list follows the document: after any edit or undo it is searched again.

When nothing is found but the words are on the page in a field's value
(刊名 in the masthead, the running heads' 期号 and 版次), the dialog says so
and where they are changed (``editor.model.find_fields``).

The document's 撤销/重做 keys (Ctrl+Z; Ctrl+Y, Ctrl+Shift+Z) work while the
dialog has the focus, so 全部替换 can be taken back without leaving it. In
查找内容 and 替换为 they first undo the typing in the box, as in Word's find
dialog; once the box has nothing of its own to undo (or redo), the key goes
to the document.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTabBar,
    QVBoxLayout,
)

from editor.errors import display_name
from editor.model.find_fields import PAGE_FIELDS, FieldMatch, fields_showing
from editor.model.find_replace import Hit, SearchError, SearchOptions, find_all, replace_hits
from editor.model.frames import ImageFrame, TextFrame
from editor.model.story import FIELD_LABELS

if TYPE_CHECKING:
    from editor.ui.actions import EditorActions
    from editor.ui.main_window import MainWindow

READ_ONLY = "文档以只读方式打开，不能修改。"
#: The 查找 and 替换 tabs.
FIND_TAB, REPLACE_TAB = 0, 1


def _hit_frame(window: MainWindow, story_id: str) -> tuple[str, str | None] | None:
    """A frame showing the story, and the master it belongs to (None: a page's frame)."""
    doc = window.controller.doc
    owners = [(None, page.frames) for page in doc.pages] + [(m.id, m.frames) for m in doc.masters]
    for master_id, frames in owners:
        for frame in frames:
            if isinstance(frame, TextFrame) and frame.story_id == story_id:
                return frame.id, master_id
            if isinstance(frame, ImageFrame) and frame.caption is not None and frame.caption.story_id == story_id:
                return frame.id, master_id
    return None


def go_to_hit(window: MainWindow, hit: Hit) -> bool:
    """Show ``hit`` on the canvas with its text selected; False if the canvas cannot."""
    canvas = window.canvas
    found = _hit_frame(window, hit.story_id)
    if found is None or not hasattr(canvas, "start_text_editing"):
        return False
    frame_id, master_id = found
    window.controller.edit_master(master_id)
    if master_id is None:
        window.go_to_page(window.controller.page_index_of(frame_id) or 0)
    if not canvas.start_text_editing(frame_id):
        return False
    canvas.editor.move_to((hit.paragraph, hit.start), False)
    canvas.editor.move_to((hit.paragraph, hit.end), True)
    return True


def _hit_label(window: MainWindow, hit: Hit) -> str:
    """Where the hit is (第 N 页, or 母版) and the words around it, the hit in 【】."""
    if hit.master:
        place = "母版"
    else:
        found = _hit_frame(window, hit.story_id)
        page = window.controller.page_index_of(found[0]) if found else None
        place = f"第 {page + 1} 页" if page is not None else "未排入"
    before = "…" + hit.before if hit.before else ""
    return f"{place}　{before}【{hit.matched}】{hit.after}"


def _menu_path(window: MainWindow, action_name: str) -> str:
    """Where a command is in the menus, as the user reads it: 版面 → 期刊信息…"""
    actions = window.menu_actions
    action = actions.actions[action_name]
    menu = next((m for m in actions.menus.values() if action in m.actions()), None)
    names = [menu.title(), action.text()] if menu is not None else [action.text()]
    return " → ".join(re.sub(r"\(&.\)|&", "", name) for name in names)


def not_found_in_text(window: MainWindow, found: FieldMatch) -> str:
    """Why a search that matches field values found nothing, and where those values are changed."""
    shown = display_name(found.matched)
    issue_fields = [FIELD_LABELS[name] for name in found.fields if name not in PAGE_FIELDS]
    if issue_fields:
        return (f"未找到可修改的文字。“{shown}”出现在期刊信息（{'、'.join(issue_fields)}）中，"
                f"请在 {_menu_path(window, 'issue_info')} 中修改。")
    page_fields = "、".join(FIELD_LABELS[name] for name in found.fields)
    return f"未找到可修改的文字。“{shown}”是按所在页自动生成的{page_fields}，不能直接修改。"


def _matches(event: QKeyEvent, action: QAction) -> bool:
    """Whether the key pressed is one of ``action``'s shortcuts."""
    pressed = QKeySequence(event.keyCombination())
    return any(pressed.matches(key) == QKeySequence.SequenceMatch.ExactMatch for key in action.shortcuts())


class _BoxUndoKeys(QObject):
    """Sends the document's undo keys pressed in a text box to the box only while it has typing of its
    own to undo (redo); otherwise leaves them to the document's 撤销/重做 shortcuts."""

    def __init__(self, undo: QAction, redo: QAction, parent: QObject) -> None:
        super().__init__(parent)
        self._undo, self._redo = undo, redo

    def _box_step(self, box: QLineEdit, event: QKeyEvent) -> Callable[[], None] | None:
        """The box's own undo or redo for this key, or None when the key is the document's."""
        if _matches(event, self._undo):
            return box.undo if box.isUndoAvailable() else None
        if _matches(event, self._redo):
            return box.redo if box.isRedoAvailable() else None
        return None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if not isinstance(watched, QLineEdit) or not isinstance(event, QKeyEvent):
            return False
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        if not (_matches(event, self._undo) or _matches(event, self._redo)):
            return False
        step = self._box_step(watched, event)
        if step is None:
            event.ignore()  # not overridden: the shortcut undoes (redoes) the document
            return True
        event.accept()
        if kind == QEvent.Type.KeyPress:
            step()
        return True


class FindReplaceDialog(QDialog):
    """Find and replace across every story of the open document."""

    def __init__(self, window: MainWindow, document_actions: list[QAction] | None = None) -> None:
        """``document_actions``: the window's 撤销 and 重做, whose keys then work in the dialog too."""
        super().__init__(window)
        self._window = window
        self._hits: list[Hit] = []
        self.setWindowTitle("查找和替换")
        self.setModal(False)
        self.tabs = QTabBar()
        self.tabs.addTab("查找")
        self.tabs.addTab("替换")
        self.find_field = QLineEdit()
        self.replace_field = QLineEdit()
        self.replace_field.setPlaceholderText("正则表达式中可用 \\1 引用第 1 组括号")
        self.match_case = QCheckBox("区分大小写")
        self.match_width = QCheckBox("区分全半角")
        self.whole_word = QCheckBox("全字匹配")
        self.regex = QCheckBox("使用正则表达式")
        self.hit_list = QListWidget()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.find_next_button = QPushButton("查找下一个")
        self.replace_button = QPushButton("替换")
        self.replace_all_button = QPushButton("全部替换")
        self._lay_out()
        self._connect()
        self._show_tab(FIND_TAB)
        if document_actions:
            self._share_undo_keys(*document_actions)

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.addRow("查找内容：", self.find_field)
        form.addRow("替换为：", self.replace_field)
        self._form = form
        options = QHBoxLayout()
        for box in (self.match_case, self.match_width, self.whole_word, self.regex):
            options.addWidget(box)
        options.addStretch(1)
        buttons = QDialogButtonBox()
        for button in (self.find_next_button, self.replace_button, self.replace_all_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText("关闭")
        close.clicked.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addLayout(form)
        layout.addLayout(options)
        layout.addWidget(self.hit_list, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.find_next_button.setDefault(True)
        self.resize(520, 420)

    def _connect(self) -> None:
        controller = self._window.controller
        self.tabs.currentChanged.connect(self._show_tab)
        self.find_field.textChanged.connect(self.search)
        for box in (self.match_case, self.match_width, self.whole_word, self.regex):
            box.toggled.connect(self.search)
        self.hit_list.currentRowChanged.connect(self._go_to_row)
        self.find_next_button.clicked.connect(self.find_next)
        self.replace_button.clicked.connect(self.replace_current)
        self.replace_all_button.clicked.connect(self.replace_all)
        controller.model_updated.connect(self._document_changed)
        controller.document_replaced.connect(self._document_changed)
        controller.read_only_changed.connect(lambda *_: self._update_buttons())

    def _share_undo_keys(self, undo: QAction, redo: QAction) -> None:
        """撤销/重做's keys work in this window too; the text boxes keep them while they have typing to undo."""
        self.addActions([undo, redo])
        keys = _BoxUndoKeys(undo, redo, self)
        for box in (self.find_field, self.replace_field):
            box.installEventFilter(keys)

    # ------------------------------------------------------------ showing

    def open_on(self, tab: int) -> None:
        """Show the dialog on 查找 or 替换, the search field focused with its text selected."""
        self.tabs.setCurrentIndex(tab)
        self._show_tab(tab)
        self.show()
        self.raise_()
        self.activateWindow()
        self.find_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.find_field.selectAll()
        self.search()

    def _show_tab(self, tab: int) -> None:
        replacing = tab == REPLACE_TAB
        self._form.setRowVisible(self.replace_field, replacing)
        self.replace_button.setVisible(replacing)
        self.replace_all_button.setVisible(replacing)
        self.setWindowTitle("查找和替换" if replacing else "查找")

    def _update_buttons(self) -> None:
        editable = not self._window.controller.read_only
        self.find_next_button.setEnabled(bool(self._hits))
        self.replace_button.setEnabled(editable and bool(self._hits))
        self.replace_all_button.setEnabled(editable and bool(self._hits))

    def _say(self, text: str, problem: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #c00000;" if problem else "")

    # ------------------------------------------------------------ searching

    def options(self) -> SearchOptions:
        return SearchOptions(self.find_field.text(), regex=self.regex.isChecked(),
                             match_case=self.match_case.isChecked(), match_width=self.match_width.isChecked(),
                             whole_word=self.whole_word.isChecked())

    def hits(self) -> list[Hit]:
        return list(self._hits)

    def search(self) -> bool:
        """Search again and list the hits (keeping the one shown if it is still there)."""
        shown = self._current_hit()
        try:
            self._hits = find_all(self._window.controller.doc, self.options())
        except SearchError as problem:
            self._hits = []
            self._fill_list(None)
            self._say(problem.message, problem=True)
            return False
        self._fill_list(shown)
        if not self.find_field.text():
            self._say("")
        elif self._hits:
            self._say(f"共 {len(self._hits)} 处")
        else:
            in_fields = fields_showing(self._window.controller.doc, self.options())
            self._say(not_found_in_text(self._window, in_fields) if in_fields else "未找到")
        return True

    def _fill_list(self, keep: Hit | None) -> None:
        self.hit_list.blockSignals(True)
        self.hit_list.clear()
        for hit in self._hits:
            item = QListWidgetItem(_hit_label(self._window, hit))
            item.setToolTip(item.text())
            self.hit_list.addItem(item)
        if keep is not None and keep in self._hits:
            self.hit_list.setCurrentRow(self._hits.index(keep))
        self.hit_list.blockSignals(False)
        self._update_buttons()

    def _document_changed(self, *_: object) -> None:
        if self.isVisible():
            self.search()

    def _current_hit(self) -> Hit | None:
        row = self.hit_list.currentRow()
        return self._hits[row] if 0 <= row < len(self._hits) else None

    def _go_to_row(self, row: int) -> None:
        if 0 <= row < len(self._hits):
            go_to_hit(self._window, self._hits[row])

    def find_next(self) -> None:
        """Go to the hit after the one shown (the first after the last)."""
        if not self._hits:
            return
        row = self.hit_list.currentRow()
        self.hit_list.setCurrentRow((row + 1) % len(self._hits))

    # ------------------------------------------------------------ replacing

    def _replace(self, hits: list[Hit], label: str) -> int:
        """Replace ``hits`` as one undo step; how many were replaced (0 if none or read-only)."""
        controller = self._window.controller
        if controller.read_only:
            self._say(READ_ONLY, problem=True)
            return 0
        try:
            changes, count = replace_hits(controller.doc, self.options(), hits, self.replace_field.text())
        except SearchError as problem:
            self._say(problem.message, problem=True)
            return 0
        return count if controller.edit(label, changes) else 0

    def replace_current(self) -> None:
        """替换: replace the hit shown (the first if none is), then show the next one."""
        hit = self._current_hit() or (self._hits[0] if self._hits else None)
        if hit is None:
            return
        row = self._hits.index(hit)
        count = self._replace([hit], "替换")
        if count:
            if self._hits:
                self.hit_list.setCurrentRow(min(row, len(self._hits) - 1))
            self._say(f"已替换 1 处，还有 {len(self._hits)} 处")

    def replace_all(self) -> None:
        """全部替换: every hit, one undo step."""
        count = self._replace(list(self._hits), "全部替换")
        if count:
            self._say(f"已替换 {count} 处")


def install_find_actions(actions: EditorActions) -> None:
    """查找… (Ctrl+F) and 替换… (Ctrl+H) at the end of the 编辑 menu; one dialog per window."""
    window = actions.window
    dialog: list[FindReplaceDialog] = []

    def open_on(tab: int) -> None:
        if not dialog:
            dialog.append(FindReplaceDialog(window, [actions.actions["undo"], actions.actions["redo"]]))
        editor = getattr(window.canvas, "editor", None)
        selected = editor.selected_text() if editor is not None and editor.active else ""
        if selected and not any(mark in selected for mark in "\n\u2028"):
            dialog[0].find_field.setText(selected)  # as in Word: the selected words are looked for
        dialog[0].open_on(tab)

    find = actions.add("find", "查找(&F)…", lambda: open_on(FIND_TAB), "Ctrl+F", "在全部文章、图片说明和母版文字中查找")
    replace = actions.add("replace", "替换(&R)…", lambda: open_on(REPLACE_TAB), "Ctrl+H",
                          "在全部文章、图片说明和母版文字中查找并替换")
    menu = actions.menus["edit"]
    menu.addSeparator()
    menu.addActions([find, replace])
