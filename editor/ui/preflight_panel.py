"""The 检查 dock: preflight findings grouped by kind, each with its page, 跳转 and 修复; and the status light.

Kept out of ``main_window`` (which calls ``install`` once). What it adds:

- the 检查 dock (below the canvas, tabbed with 校对: ``editor.ui.findings_dock``) and its
  entry in 视图 → 面板;
- 编辑 → 检查… (F8): shows the dock;
- a light in the status bar — green 检查通过, amber with the warnings, red
  with the errors — that opens the dock, as does a click on 溢出 N 篇.

The findings are always current: they are checked again 150 ms after the
last relayout (``editor.preflight.check`` over the controller's layout
reads no photo and parses no font it has seen: 0.7 ms for the sample, 8 ms
for 32 pages — too much for every keystroke, nothing after a pause),
whether the dock is shown or not, because the light shows them. 跳转 shows
the finding's page and selects its frame (an overset story's last frame);
修复 is one undo step (``editor.preflight.fixes``). 图片最低分辨率 is kept in
the window's settings, and 属性's 有效分辨率 turns red under it too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from editor.layout.masters import is_instance
from editor.preflight.check import by_kind, check_document, counts
from editor.preflight.findings import DEFAULT_SETTINGS, FIT_FRAME_TO_TEXT, FIX_LABELS, Finding, PreflightSettings
from editor.preflight.fixes import fix
from editor.ui.controller import DocumentController
from editor.ui.findings_dock import add_findings_dock, open_findings_dock

if TYPE_CHECKING:
    from editor.ui.main_window import MainWindow

READ_ONLY = "文档以只读方式打开，不能修改。"
NOT_FIXED = "无法自动修复：{}。请手动调整版面。"
SETTINGS_KEY = "preflight/min_photo_ppi"
PPI_RANGE = (72, 1200)
#: How long after the last relayout the findings are checked again.
RECHECK_DELAY_MS = 150
_RED, _AMBER, _GREEN = "#C8161D", "#C77700", "#2E7D32"


def light_text(errors: int, warnings: int) -> tuple[str, str]:
    """The status light's text and colour: ● 2 个错误，1 个警告 (red), ● 1 个警告 (amber), ● 检查通过 (green)."""
    if errors:
        return f"● {errors} 个错误" + (f"，{warnings} 个警告" if warnings else ""), _RED
    if warnings:
        return f"● {warnings} 个警告", _AMBER
    return "● 检查通过", _GREEN


class PreflightPanel(QWidget):
    """Findings of one document, grouped by kind; see the module docstring."""

    #: 跳转 on a finding (the window shows it on the canvas).
    finding_chosen = Signal(object)
    #: (errors, warnings) after every check.
    counts_changed = Signal(int, int)

    def __init__(self, controller: DocumentController, settings: QSettings | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self._store = settings
        self.settings = self._stored_settings()
        self.findings: list[Finding] = []
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels(["页", "问题", ""])
        self.tree.setWordWrap(True)
        self.tree.setRootIsDecorated(True)
        # 页 as wide as "第 99 页" (the group headings spanning the row must not widen it) and the
        # buttons as they need, 问题 the rest (it was ~5 characters in a narrow dock).
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        # A finding's row sits one level in, under a decorated root: two indentations before its text.
        header.resizeSection(0, 2 * self.tree.indentation() + self.tree.fontMetrics().horizontalAdvance("第 99 页") + 8)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.min_ppi = QSpinBox()
        self.min_ppi.setRange(*PPI_RANGE)
        self.min_ppi.setSuffix(" ppi")
        self.min_ppi.setValue(round(self.settings.min_photo_ppi))
        self.min_ppi.setToolTip("图片在版面上的有效分辨率低于此值时提示（印刷通常要 300 ppi）")
        self._lay_out()
        #: Typing relayouts at every key; the check waits for a pause (8 ms at 32 pages, 0.7 ms for the sample).
        self._recheck_timer = QTimer(self)
        self._recheck_timer.setSingleShot(True)
        self._recheck_timer.setInterval(RECHECK_DELAY_MS)
        self._recheck_timer.timeout.connect(self.check)
        controller.model_updated.connect(self._recheck_timer.start)
        controller.document_replaced.connect(self.check)
        controller.read_only_changed.connect(lambda *_: self.check(rebuild=True))  # 修复 enabled or not
        self.min_ppi.valueChanged.connect(self._min_ppi_changed)
        self.check()

    def _lay_out(self) -> None:
        threshold = QHBoxLayout()
        threshold.addWidget(QLabel("图片最低分辨率"))
        threshold.addWidget(self.min_ppi)
        threshold.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        layout.addLayout(threshold)

    def _stored_settings(self) -> PreflightSettings:
        value = self._store.value(SETTINGS_KEY) if self._store is not None else None
        try:
            ppi = float(value) if value is not None else DEFAULT_SETTINGS.min_photo_ppi
        except (TypeError, ValueError):
            ppi = DEFAULT_SETTINGS.min_photo_ppi
        low, high = PPI_RANGE
        return PreflightSettings(min_photo_ppi=min(max(ppi, low), high))

    def _min_ppi_changed(self, value: int) -> None:
        self.settings = PreflightSettings(min_photo_ppi=float(value), trim_safety_mm=self.settings.trim_safety_mm)
        if self._store is not None:
            self._store.setValue(SETTINGS_KEY, value)
        self.check()

    # ---------------------------------------------------------------- checking

    def check(self, rebuild: bool = False) -> None:
        """Check the document again and show the findings (the list is left as it is when they are the same)."""
        self._recheck_timer.stop()
        findings = check_document(self.controller.doc, self.controller.layout, self.settings)
        if findings == self.findings and self.tree.topLevelItemCount() and not rebuild:
            self._show_counts()  # a message of the last 修复 (无法自动修复…) gives way to the counts again
            return
        self.findings = findings
        self.tree.clear()
        for kind, items in by_kind(self.findings).items():
            # A spanned row shows only its first column: the heading goes there.
            group = QTreeWidgetItem(self.tree, [f"{kind}（{len(items)}）"])
            group.setFirstColumnSpanned(True)
            for finding in items:
                self._add_row(group, finding)
            group.setExpanded(True)
        errors, warnings = self._show_counts()
        self.counts_changed.emit(errors, warnings)

    def _show_counts(self) -> tuple[int, int]:
        """The summary line says how many errors and warnings there are; returns them."""
        errors, warnings = counts(self.findings)
        self.summary.setText(light_text(errors, warnings)[0].lstrip("● ") if self.findings else "没有发现问题。")
        return errors, warnings

    def _add_row(self, group: QTreeWidgetItem, finding: Finding) -> None:
        page = f"第 {finding.page} 页" if finding.page is not None else "全刊"
        sentence = f"【{finding.severity}】{finding.message}"
        row = QTreeWidgetItem(group, [page, sentence])
        row.setToolTip(1, sentence)  # the whole sentence, however narrow the dock is dragged
        row.setData(0, Qt.ItemDataRole.UserRole, finding)
        buttons = QWidget()
        line = QHBoxLayout(buttons)
        line.setContentsMargins(0, 0, 0, 0)
        jump = QPushButton("跳转")
        jump.setEnabled(finding.page is not None)
        jump.clicked.connect(lambda: self.finding_chosen.emit(finding))
        line.addWidget(jump)
        if finding.fix is not None:
            repair = QPushButton("修复")
            repair.setToolTip(FIX_LABELS[finding.fix])
            repair.setEnabled(not self.controller.read_only)
            repair.clicked.connect(lambda: self.fix_finding(finding))
            line.addWidget(repair)
        for button in buttons.findChildren(QPushButton):  # as wide as their word: the dock is narrow
            button.setFixedWidth(button.fontMetrics().horizontalAdvance(button.text()) + 16)
        self.tree.setItemWidget(row, 2, buttons)

    # ---------------------------------------------------------------- actions

    def row_buttons(self, finding: Finding) -> dict[str, QPushButton]:
        """The 跳转/修复 buttons of ``finding``'s row, by their text."""
        for index in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(index)
            for child in range(group.childCount()):
                row = group.child(child)
                if row.data(0, Qt.ItemDataRole.UserRole) == finding:
                    widget = self.tree.itemWidget(row, 2)
                    return {button.text(): button for button in widget.findChildren(QPushButton)}
        return {}

    def fix_finding(self, finding: Finding) -> bool:
        """修复: one undo step; says why when the fix cannot be made."""
        if finding.fix is None:
            return False
        if self.controller.read_only:
            self.summary.setText(READ_ONLY)
            return False
        label = FIX_LABELS[finding.fix]
        changes = fix(self.controller.doc, finding)
        if not changes:
            self.summary.setText(NOT_FIXED.format(f"{label}后仍然排不下" if finding.fix == FIT_FRAME_TO_TEXT else label))
            return False
        done = self.controller.edit(f"检查修复（{label}）", changes)
        self.check()
        return done


def show_finding(window: MainWindow, finding: Finding) -> bool:
    """跳转: show the finding's page and select its frame; False when it has no page."""
    if finding.page is None:
        return False
    window.controller.edit_master(None)
    window.go_to_page(finding.page - 1)
    frame_id = finding.frame_id
    if frame_id is not None and not is_instance(frame_id) and window.controller.doc.frame_by_id(frame_id) is not None:
        window.controller.select([frame_id])
    return True


class _ClickOpens(QObject):
    """Opens the 检查 dock when the watched status-bar label is clicked."""

    def __init__(self, open_panel, parent: QObject) -> None:
        super().__init__(parent)
        self._open = open_panel

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.MouseButtonRelease:
            self._open()
            return True
        return False


def _status_light(window: MainWindow, panel: PreflightPanel, open_panel) -> QToolButton:
    light = QToolButton()
    light.setAutoRaise(True)
    light.setToolTip("发排检查：单击打开“检查”面板")
    light.clicked.connect(open_panel)

    def show(errors: int, warnings: int) -> None:
        text, colour = light_text(errors, warnings)
        light.setText(text)
        light.setStyleSheet(f"color: {colour}; font-weight: bold;")

    panel.counts_changed.connect(show)
    show(*counts(panel.findings))
    window.status.insertPermanentWidget(0, light)
    overset = window.status.overset_label
    overset.setCursor(Qt.CursorShape.PointingHandCursor)
    overset.installEventFilter(_ClickOpens(open_panel, light))
    return light


def install(window: MainWindow, settings: QSettings | None = None) -> PreflightPanel:
    """Add the 检查 dock, its 视图 → 面板 entry, 编辑 → 检查… (F8) and the status light to ``window``."""
    panel = PreflightPanel(window.controller, settings)
    dock = add_findings_dock(window, "preflight", "检查", panel)
    panel.finding_chosen.connect(lambda finding: show_finding(window, finding))

    def open_panel() -> None:
        open_findings_dock(window, dock)

    photo_section = window.properties_panel.photo_section  # 属性's 有效分辨率 turns red at the same threshold
    photo_section.set_low_ppi(panel.settings.min_photo_ppi)
    panel.min_ppi.valueChanged.connect(photo_section.set_low_ppi)
    window.preflight_panel, window.preflight_dock = panel, dock
    window.preflight_light = _status_light(window, panel, open_panel)
    action = window.menu_actions.add("preflight", "检查(&J)…", open_panel, "F8",
                                     "发排检查：溢出、图片、字体、出血、空框等")
    window.menu_actions.menus["edit"].addAction(action)
    window.menu_actions.panels_menu.addAction(dock.toggleViewAction())
    return panel
