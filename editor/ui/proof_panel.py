"""The 校对 dock: proofing findings grouped by kind, each in context, with 修正 / 全部修正 / 忽略.

Kept out of ``main_window`` (which calls ``install`` once). What it adds:

- the 校对 dock (below the canvas, tabbed with 检查: ``editor.ui.findings_dock``) and its
  entry in 视图 → 面板;
- 编辑 → 校对… (F7): shows the dock and checks the document.

The list is checked again after every change of the model while the dock
is shown (a fix, an undo, typing). Clicking a finding shows its page and
selects its text on the canvas. 修正 and 全部修正 are one undo step each
(``editor.proof.fixes``); after a fix the text it highlighted is no longer
selected — the caret goes just after the corrected text, as in Word after
更改 — since the old offsets would now select the characters beside it.
忽略 hides a finding for as long as this document is open (ignores are not
saved in the project). The house list (用词表) is read from the user's
config folder at each check; 编辑用词表… writes the built-in one there first
and opens it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from editor.errors import BanmianError
from editor.proof.check import by_kind, check_document
from editor.proof.findings import Finding
from editor.proof.fixes import fix, fix_all
from editor.proof.house_list import DEFAULT_HOUSE_LIST, HouseList, load_house_list, write_default_house_list
from editor.proof.report import finding_pages
from editor.ui.canvas.story_text import Position
from editor.ui.controller import DocumentController
from editor.ui.findings_dock import add_findings_dock, open_findings_dock

if TYPE_CHECKING:
    from editor.ui.main_window import MainWindow

READ_ONLY = "文档以只读方式打开，不能修改。"
_FINDING_ROLE = Qt.ItemDataRole.UserRole


def finding_label(finding: Finding, page: int | None) -> str:
    """A finding's row: 第 4 版 · 文章名：…【为为】… → 为"""
    where = f"第 {page} 版" if page is not None else "未排入"
    if finding.suggestion is None:
        advice = f"（{finding.note}）" if finding.note else ""
    else:
        advice = f" → {finding.suggestion}" if finding.suggestion else " → 删除"
    return f"{where} · {finding.story_name or finding.story_id}：{finding.context}{advice}"


class ProofPanel(QWidget):
    """Findings of one document, grouped by kind; see the module docstring."""

    #: The user picked a finding (the window shows it on the canvas).
    finding_chosen = Signal(object)
    #: 修正 or 全部修正 changed the document: the findings fixed (a list).
    findings_fixed = Signal(object)

    def __init__(self, controller: DocumentController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        #: ``Finding.ignore_key`` of the findings 忽略 hid, for this open document.
        self.ignored: set[tuple[str, str, str, str]] = set()
        self.findings: list[Finding] = []
        self._house: HouseList = DEFAULT_HOUSE_LIST
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.check_button = QPushButton("重新检查")
        self.fix_button = QPushButton("修正")
        self.fix_all_button = QPushButton("全部修正")
        self.fix_all_button.setToolTip("修正这一类的全部问题（一步撤销）")
        self.ignore_button = QPushButton("忽略")
        self.ignore_button.setToolTip("本期不再提示这一处（关闭文档后恢复）")
        self.house_button = QPushButton("编辑用词表…")
        self._lay_out()
        self._recheck_timer = QTimer(self)
        self._recheck_timer.setSingleShot(True)
        self._recheck_timer.setInterval(250)
        self._recheck_timer.timeout.connect(self.check)
        self._connect()
        self._update_buttons()

    def _lay_out(self) -> None:
        buttons = QHBoxLayout()
        for button in (self.fix_button, self.fix_all_button, self.ignore_button):
            buttons.addWidget(button)
        lower = QHBoxLayout()
        lower.addWidget(self.check_button)
        lower.addWidget(self.house_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        layout.addLayout(lower)

    def _connect(self) -> None:
        c = self.controller
        c.model_updated.connect(self._schedule_check)
        c.document_replaced.connect(self._document_replaced)
        c.read_only_changed.connect(lambda *_: self._update_buttons())
        self.tree.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.tree.itemClicked.connect(self._item_clicked)
        self.check_button.clicked.connect(self.check)
        self.fix_button.clicked.connect(self.fix_current)
        self.fix_all_button.clicked.connect(self.fix_all_of_current_kind)
        self.ignore_button.clicked.connect(self.ignore_current)
        self.house_button.clicked.connect(self.edit_house_list)

    # ---------------------------------------------------------------- checking

    def _schedule_check(self) -> None:
        if self.isVisible():
            self._recheck_timer.start()

    def _document_replaced(self) -> None:
        self.ignored.clear()
        self.check()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.check()

    def _load_house_list(self) -> str:
        try:
            self._house = load_house_list()
        except BanmianError as problem:
            self._house = DEFAULT_HOUSE_LIST
            return f"{problem.message} 暂用内置用词表。"
        return ""

    def check(self) -> None:
        """Check the document again and show the findings, keeping the current one if it is still there."""
        self._recheck_timer.stop()
        current = self.current_finding()
        problem = self._load_house_list()
        self.findings = check_document(self.controller.doc, self._house, self.ignored)
        pages = finding_pages(self.controller.layout, self.findings)
        page_of = {id(finding): page for finding, page in zip(self.findings, pages, strict=True)}
        self.tree.clear()
        for kind, items in by_kind(self.findings).items():
            group = QTreeWidgetItem(self.tree, [f"{kind}（{len(items)}）"])
            group.setData(0, _FINDING_ROLE, kind)
            for finding in items:
                label = finding_label(finding, page_of[id(finding)])
                row = QTreeWidgetItem(group, [label])
                row.setData(0, _FINDING_ROLE, finding)
                row.setToolTip(0, label)  # the narrow dock cuts the row off before its correction
                if current is not None and finding.ignore_key() == current.ignore_key():
                    self.tree.setCurrentItem(row)
            group.setExpanded(True)
        count = len(self.findings)
        found = f"发现 {count} 处问题。" if count else "没有发现问题。"
        self.summary.setText(f"{problem}{found}" if problem else found)
        self._update_buttons()

    # ---------------------------------------------------------------- selection

    def current_finding(self) -> Finding | None:
        item = self.tree.currentItem()
        value = item.data(0, _FINDING_ROLE) if item is not None else None
        return value if isinstance(value, Finding) else None

    def current_kind(self) -> str | None:
        item = self.tree.currentItem()
        if item is None:
            return None
        value = item.data(0, _FINDING_ROLE)
        return value.kind if isinstance(value, Finding) else value

    def _item_clicked(self, item: QTreeWidgetItem) -> None:
        value = item.data(0, _FINDING_ROLE)
        if isinstance(value, Finding):
            self.finding_chosen.emit(value)

    def _update_buttons(self) -> None:
        finding = self.current_finding()
        writable = not self.controller.read_only
        self.fix_button.setEnabled(writable and finding is not None and finding.suggestion is not None)
        kind = self.current_kind()
        fixable = any(f.kind == kind and f.suggestion is not None for f in self.findings)
        self.fix_all_button.setEnabled(writable and fixable)
        # The kind goes in the tooltip, not the label: a longer label widened the dock and moved the page.
        self.fix_all_button.setToolTip(f"修正“{kind}”这一类的全部问题（一步撤销）" if kind
                                       else "修正这一类的全部问题（一步撤销）")
        self.ignore_button.setEnabled(finding is not None)

    # ---------------------------------------------------------------- actions

    def fix_current(self) -> bool:
        """修正: the current finding, one undo step."""
        finding = self.current_finding()
        if finding is None or finding.suggestion is None:
            return False
        if self.controller.read_only:
            self.summary.setText(READ_ONLY)
            return False
        done = self.controller.edit(f"校对修正（{finding.kind}）", fix(self.controller.doc, finding))
        self.check()
        if done:
            self.findings_fixed.emit([finding])
        return done

    def fix_all_of_current_kind(self) -> bool:
        """全部修正: every finding of the current kind (ignored ones left), one undo step."""
        kind = self.current_kind()
        if kind is None:
            return False
        if self.controller.read_only:
            self.summary.setText(READ_ONLY)
            return False
        changes = fix_all(self.controller.doc, kind, self._house, self.ignored)
        shown = [f for f in self.findings if f.kind == kind and f.suggestion is not None]
        done = self.controller.edit(f"校对全部修正（{kind}）", changes)
        self.check()
        if done:
            self.findings_fixed.emit(shown)
        return done

    def ignore_current(self) -> None:
        """忽略: hide the current finding while this document is open."""
        finding = self.current_finding()
        if finding is not None:
            self.ignored.add(finding.ignore_key())
            self.check()

    def edit_house_list(self) -> None:
        """Write the built-in house list to the config folder (if the user has none) and open it."""
        try:
            path = write_default_house_list()
        except BanmianError as problem:
            self.summary.setText(problem.message)
            return
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            self.summary.setText(f"用词表在：{path}")


def show_finding(window: MainWindow, finding: Finding) -> bool:
    """Show the page holding ``finding`` and select its text on the canvas; False if it is not set."""
    canvas = window.canvas
    layout = window.controller.layout
    line = next((line for page in layout.pages for line in page.lines
                 if line.story_id == finding.story_id and line.paragraph_index == finding.paragraph_index
                 and line.start_offset <= finding.start < max(line.end_offset, line.start_offset + 1)), None)
    if line is None or not hasattr(canvas, "start_text_editing"):
        return False
    window.controller.edit_master(None)
    page_index = window.controller.page_index_of(line.frame_id)
    if page_index is not None:
        window.go_to_page(page_index)
    if not canvas.start_text_editing(line.frame_id):
        return False
    canvas.editor.move_to((finding.paragraph_index, finding.start), False)
    canvas.editor.move_to((finding.paragraph_index, finding.end), True)
    return True


def _end_after_fix(finding: Finding, fixed: list[Finding]) -> Position:
    """Where the corrected text of ``finding`` ends once every finding in ``fixed`` is fixed: the
    fixes before it in its paragraph moved it by the difference of their lengths."""
    moved = sum(len(other.suggestion or "") - (other.end - other.start) for other in fixed
                if (other.story_id, other.paragraph_index) == (finding.story_id, finding.paragraph_index)
                and other.end <= finding.start)
    return finding.paragraph_index, finding.start + moved + len(finding.suggestion or "")


def follow_fix(window: MainWindow, fixed: list[Finding]) -> bool:
    """After a fix: if the canvas selects the text of a fixed finding, put the caret after its correction
    (the old offsets would select the characters beside it); True if it did."""
    editor = getattr(window.canvas, "editor", None)
    if editor is None or not editor.active or editor.anchor == editor.caret:
        return False
    low, high = sorted((editor.anchor, editor.caret))
    for finding in fixed:
        if finding.story_id == editor.story_id and \
                low < (finding.paragraph_index, finding.end) and (finding.paragraph_index, finding.start) < high:
            editor.move_to(_end_after_fix(finding, fixed), False)
            return True
    return False


def install(window: MainWindow) -> ProofPanel:
    """Add the 校对 dock, its 视图 → 面板 entry and 编辑 → 校对… (F7) to ``window``."""
    panel = ProofPanel(window.controller)
    dock = add_findings_dock(window, "proof", "校对", panel)
    window.proof_panel, window.proof_dock = panel, dock
    panel.finding_chosen.connect(lambda finding: show_finding(window, finding))
    panel.findings_fixed.connect(lambda fixed: follow_fix(window, fixed))
    actions = window.menu_actions

    def open_proof() -> None:
        open_findings_dock(window, dock)
        panel.check()

    action = actions.add("proof", "校对(&K)…", open_proof, "F7", "检查标点、重复字词、用词等")
    edit_menu = actions.menus["edit"]
    edit_menu.addSeparator()
    edit_menu.addAction(action)
    actions.panels_menu.addAction(dock.toggleViewAction())
    return panel
