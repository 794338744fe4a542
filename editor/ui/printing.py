"""打印 (Ctrl+P) and 打印预览: the issue on the system's printers, drawn as the screen draws it.

The department prints proofs on an office printer before the files go to
the print shop. Each page is the display list the canvas shows, drawn by the
Qt painter backend (``editor.render.qt.paint_page``) onto the QPrinter; on a
printer or a PDF printer that backend writes text in embedded fonts at the
composer's positions, so a printed proof is our PDF. Where the pages go on
the paper — 实际大小, 缩放到纸张, 小册子 — is ``editor.render.imposition``'s
arithmetic; this module only hands its placements to the painter.

The system's print dialog chooses the printer, the page range, copies and
duplex; an extra tab 版面缩放 chooses the scaling (on Windows and macOS,
whose native dialogs take no tab, a small dialog asks it first). Painting
runs on the GUI thread (Qt's fonts and the printer belong to it) behind a
progress dialog whose 取消 stops at the next sheet side and aborts the job.
A printer that refuses the job is said in Chinese.

打印预览 has the same choice in its toolbar (版面缩放: the preview is drawn
again at once) and its 打印 button opens the same print dialog, 版面缩放 tab
and all, preset to what the preview shows.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import QKeySequence, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import (
    QAbstractPrintDialog,
    QPrintDialog,
    QPrinter,
    QPrintPreviewDialog,
    QPrintPreviewWidget,
)
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from editor.errors import BanmianError
from editor.layout.display import DocumentLayout
from editor.model.document import Document
from editor.render.imposition import Scaling, SheetSide, booklet_paper_pt, plan_sides
from editor.render.qt import PhotoCache, paint_page
from editor.ui.controller import DocumentController

if TYPE_CHECKING:
    from editor.ui.main_window import MainWindow

#: The scaling choices as the 版面缩放 tab lists them.
SCALING_LABELS = {
    Scaling.ACTUAL: "实际大小",
    Scaling.FIT: "缩放到纸张",
    Scaling.BOOKLET: "小册子（每张纸对折，正反各两页）",
}
_POINTS_PER_INCH = 72.0
#: Windows' and macOS's print dialogs are the system's own and take no extra tab:
#: there 版面缩放 is asked first, in a small dialog of ours.
NATIVE_PRINT_DIALOG = sys.platform in ("win32", "darwin")

#: Told after each sheet side: (sides done, sides in all); answers False to stop.
SideProgress = Callable[[int, int], bool]


class PrintError(BanmianError):
    """The printer refused the job or a page."""


def scaling_box(scaling: Scaling, parent: QWidget) -> QComboBox:
    """实际大小, 缩放到纸张 or 小册子 to choose from, ``scaling`` chosen (its data: the value)."""
    choice = QComboBox(parent)
    for value, label in SCALING_LABELS.items():
        choice.addItem(label, value.value)
    choice.setCurrentIndex(choice.findData(scaling.value))
    return choice


class ScalingTab(QWidget):
    """The print dialog's 版面缩放 tab: 实际大小, 缩放到纸张 or 小册子."""

    def __init__(self, scaling: Scaling, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("版面缩放")
        self.choice = scaling_box(scaling, self)
        form = QFormLayout(self)
        form.addRow("缩放：", self.choice)

    def scaling(self) -> Scaling:
        return Scaling(self.choice.currentData())


def page_size_of(doc: Document) -> QPageSize:
    """The document's page size as Qt names it (A4 when it is A4)."""
    return QPageSize(QSizeF(doc.page_width_pt, doc.page_height_pt), QPageSize.Unit.Point, "",
                     QPageSize.SizeMatchPolicy.FuzzyMatch)


def set_paper_for(printer: QPrinter, doc: Document, scaling: Scaling) -> None:
    """Offer the paper the pages are made for: the page size, or a booklet's sheet (A4 pages: A3 landscape).

    Full-page mode puts the painter's origin at the paper's corner, as the
    page's own origin is; what the printer cannot reach is its business.
    """
    printer.setFullPage(True)
    if scaling is Scaling.BOOKLET:
        width_pt, height_pt = booklet_paper_pt((doc.page_width_pt, doc.page_height_pt))
        size = QPageSize(QSizeF(height_pt, width_pt), QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch)
        orientation = QPageLayout.Orientation.Landscape
    else:
        size = page_size_of(doc)
        orientation = (QPageLayout.Orientation.Landscape if doc.page_width_pt > doc.page_height_pt
                       else QPageLayout.Orientation.Portrait)
    printer.setPageLayout(QPageLayout(size, orientation, QMarginsF(0, 0, 0, 0)))


def chosen_pages(printer: QPrinter, page_count: int, current_page: int) -> list[int]:
    """The page numbers (from 1) the print dialog's 打印范围 chose."""
    mode = printer.printRange()
    if mode == QPrinter.PrintRange.CurrentPage:
        return [current_page + 1]
    if mode == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first = max(1, printer.fromPage())
        last = min(page_count, printer.toPage() or page_count)
        return list(range(first, last + 1))
    return list(range(1, page_count + 1))


def sheet_sides(printer: QPrinter, doc: Document, pages: list[int], scaling: Scaling) -> list[SheetSide]:
    """What each printed side carries, on the paper the printer has now."""
    paper = printer.paperRect(QPrinter.Unit.Point)
    return plan_sides(pages, (doc.page_width_pt, doc.page_height_pt), (paper.width(), paper.height()), scaling)


def side_showing(sides: list[SheetSide], page_number: int) -> int:
    """The printed side (from 1) that carries page ``page_number`` (from 1); 1 if none does."""
    for number, side in enumerate(sides, start=1):
        if any(placement.page_number == page_number for placement in side.placements):
            return number
    return 1


def paint_sides(printer: QPrinter, doc: Document, layout: DocumentLayout, sides: list[SheetSide],
                progress: SideProgress | None = None) -> bool:
    """Draw ``sides`` one printer page each; False if ``progress`` stopped it (the job is aborted).

    Each page is clipped to its own rectangle, so a frame hanging over its
    edge does not print onto the facing page of a booklet.
    """
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintError("无法开始打印：打印机没有响应，或输出文件无法写入。")
    photos = PhotoCache()
    device_per_pt = printer.resolution() / _POINTS_PER_INCH
    try:
        for number, side in enumerate(sides, start=1):
            if number > 1 and not printer.newPage():
                raise PrintError(f"打印中断：打印机不接受第 {number} 面。")
            for placement in side.placements:
                page = layout.pages[placement.page_number - 1]
                painter.save()
                painter.scale(device_per_pt, device_per_pt)
                painter.translate(placement.x_pt, placement.y_pt)
                painter.scale(placement.scale, placement.scale)
                painter.setClipRect(QRectF(0.0, 0.0, page.width_pt, page.height_pt))
                paint_page(painter, page, doc, photos)
                painter.restore()
            if progress is not None and not progress(number, len(sides)):
                printer.abort()
                return False
    finally:
        painter.end()
    return True


def _sheet_progress(parent: QWidget | None, total: int) -> tuple[QProgressDialog, SideProgress]:
    """A modal progress dialog on the GUI thread and the callback that advances it (False after 取消)."""
    dialog = QProgressDialog("正在打印…", "取消", 0, total, parent)
    dialog.setWindowTitle("打印")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setValue(0)

    def advance(done: int, all_sides: int) -> bool:
        dialog.setLabelText(f"正在打印第 {done} 面，共 {all_sides} 面…")
        dialog.setValue(done)
        QApplication.processEvents()
        return not dialog.wasCanceled()

    return dialog, advance


class Printing:
    """The window's 打印 and 打印预览; ``ask`` and ``show_preview`` are seams for tests."""

    def __init__(self, parent: QWidget, controller: DocumentController,
                 current_page: Callable[[], int] = lambda: 0) -> None:
        self._parent = parent
        self._controller = controller
        self._current_page = current_page
        #: Kept for the session: printer, copies and duplex chosen last are offered again.
        self.printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        self.scaling = Scaling.ACTUAL

    def _prepare(self) -> None:
        self._controller.commit_pending()  # a value still being typed in 属性 belongs in the print
        set_paper_for(self.printer, self._controller.doc, self.scaling)

    def choose_scaling(self) -> bool:
        """版面缩放 asked in a dialog of our own, before a native print dialog; False on 取消."""
        dialog = QDialog(self._parent)
        dialog.setWindowTitle("打印")
        tab = ScalingTab(self.scaling, dialog)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("选择打印机…")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        column = QVBoxLayout(dialog)
        column.addWidget(tab)
        column.addWidget(buttons)
        accepted = bool(dialog.exec())
        if accepted:
            self.scaling = tab.scaling()
        dialog.deleteLater()
        return accepted

    def ask(self) -> bool:
        """The system's print dialog (with the 版面缩放 tab where it takes one); True on 打印."""
        dialog = QPrintDialog(self.printer, self._parent)
        dialog.setWindowTitle("打印")
        dialog.setMinMax(1, len(self._controller.layout.pages))
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintCurrentPage, True)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintCollateCopies, True)
        tab = None if NATIVE_PRINT_DIALOG else ScalingTab(self.scaling)
        if tab is not None:
            dialog.setOptionTabs([tab])
        accepted = bool(dialog.exec())
        if accepted and tab is not None:
            self.scaling = tab.scaling()
        return accepted

    def print_document(self) -> bool:
        """打印: ask, then print the chosen pages; True when every side went to the printer."""
        if NATIVE_PRINT_DIALOG and not self.choose_scaling():
            return False
        return self._ask_and_print()

    def _ask_and_print(self) -> bool:
        """The print dialog, then the chosen pages with the scaling chosen; True when every side was printed."""
        self._prepare()
        offered = self.printer.pageLayout().pageSize()
        if not self.ask():
            return False
        doc, layout = self._controller.doc, self._controller.layout
        if self.printer.pageLayout().pageSize().isEquivalentTo(offered):
            set_paper_for(self.printer, doc, self.scaling)  # paper left as offered follows the scaling chosen
        if self.scaling is Scaling.BOOKLET:
            self._booklet_paper()
        pages = chosen_pages(self.printer, len(layout.pages), self._current_page())
        sides = sheet_sides(self.printer, doc, pages, self.scaling)
        dialog, advance = _sheet_progress(self._parent, len(sides))
        try:
            finished = paint_sides(self.printer, doc, layout, sides, advance)
        except PrintError as problem:
            QMessageBox.warning(self._parent, "打印", problem.message)
            return False
        finally:
            dialog.reset()
            dialog.deleteLater()
        return finished

    def _booklet_paper(self) -> None:
        """A booklet is two pages side by side: landscape paper, duplex turned on the short edge."""
        self.printer.setPageOrientation(QPageLayout.Orientation.Landscape)
        if self.printer.duplex() != QPrinter.DuplexMode.DuplexNone:
            self.printer.setDuplex(QPrinter.DuplexMode.DuplexShortSide)

    def preview(self) -> None:
        """打印预览: every page as 打印 would print it with the scaling chosen last (the toolbar's
        版面缩放 changes it), opened on the page being worked on (on its sheet side in a booklet),
        as Word's is; its 打印 button asks as 打印 does."""
        self._prepare()
        dialog = QPrintPreviewDialog(self.printer, self._parent)
        dialog.setWindowTitle("打印预览")
        dialog.paintRequested.connect(self._paint_preview)
        widget = dialog.findChild(QPrintPreviewWidget)
        toolbar = dialog.findChild(QToolBar)
        self._add_scaling_choice(toolbar, widget)
        self._print_button_asks(toolbar, dialog)
        self._open_on_current_page(widget)
        self.show_preview(dialog)
        dialog.deleteLater()

    def _add_scaling_choice(self, toolbar: QToolBar, widget: QPrintPreviewWidget) -> QComboBox:
        """版面缩放 at the toolbar's start: a choice draws the preview again and is what 打印 offers next."""
        choice = scaling_box(self.scaling, toolbar)
        choice.setObjectName("previewScaling")
        choice.setToolTip("打印时页面在纸上的大小和排列")
        first = toolbar.actions()[0]
        toolbar.insertWidget(first, QLabel(" 版面缩放：", toolbar))
        toolbar.insertWidget(first, choice)
        toolbar.insertSeparator(first)

        def rescale() -> None:
            self.scaling = Scaling(choice.currentData())
            set_paper_for(self.printer, self._controller.doc, self.scaling)
            self._open_on_current_page(widget)  # a booklet's sides are not pages: turn to the one showing it
            widget.updatePreview()

        choice.currentIndexChanged.connect(rescale)
        return choice

    def _print_button_asks(self, toolbar: QToolBar, dialog: QPrintPreviewDialog) -> None:
        """The preview's 打印 opens our print dialog (with 版面缩放) instead of Qt's plain one."""
        label = QCoreApplication.translate("QPrintPreviewDialog", "Print")
        action = next(action for action in toolbar.actions() if action.text() == label)
        action.triggered.disconnect()

        def print_and_close() -> None:
            if self._ask_and_print():  # 版面缩放 was chosen in the preview (a native dialog has no tab)
                dialog.accept()

        action.triggered.connect(print_and_close)

    def show_preview(self, dialog: QPrintPreviewDialog) -> None:
        dialog.exec()

    def _preview_sides(self, printer: QPrinter) -> list[SheetSide]:
        doc = self._controller.doc
        pages = list(range(1, len(self._controller.layout.pages) + 1))
        return sheet_sides(printer, doc, pages, self.scaling)

    def _open_on_current_page(self, widget: QPrintPreviewWidget) -> None:
        """Turn the preview to the current page once its pages exist (Qt starts it at the first).

        Only the first preview turns: after that, the page the user turned to
        is Qt's to keep when the preview is redrawn (zoom, orientation).
        """
        page_number = self._current_page() + 1

        def turn() -> None:
            widget.setCurrentPage(side_showing(self._preview_sides(self.printer), page_number))

        widget.previewChanged.connect(turn, Qt.ConnectionType.SingleShotConnection)

    def _paint_preview(self, printer: QPrinter) -> None:
        doc, layout = self._controller.doc, self._controller.layout
        try:
            paint_sides(printer, doc, layout, self._preview_sides(printer))
        except PrintError as problem:
            QMessageBox.warning(self._parent, "打印预览", problem.message)


def install_print_actions(window: MainWindow) -> Printing:
    """打印… (Ctrl+P) and 打印预览… in the 文件 menu, after the exports; the window's ``Printing``.

    The access key of 打印 is D: P is 导出 PDF's in the same menu.
    """
    printing = Printing(window, window.controller, window.current_page)
    actions = window.menu_actions
    print_action = actions.add("print", "打印(&D)…", printing.print_document, QKeySequence.StandardKey.Print,
                               "用本机的打印机打印本期：页面范围、份数、双面、缩放或小册子")
    preview_action = actions.add("print_preview", "打印预览(&V)…", printing.preview, None,
                                 "按打印的样子查看每一页")
    menu = actions.menus["file"]
    before = actions.actions["close"]
    menu.insertActions(before, [print_action, preview_action])
    menu.insertSeparator(before)
    return printing
