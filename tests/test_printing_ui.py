"""文件 → 打印… (Ctrl+P) and 打印预览… in the editor window.

The system's print dialog cannot be clicked offscreen, so its ``exec`` is
replaced by one that chooses what a user would (Qt's PDF printer, a scaling)
and accepts; everything after it runs as in the editor.
"""

from __future__ import annotations

from pathlib import Path

import pdfplumber
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox

from editor.render.imposition import Scaling
from editor.ui import printing
from editor.ui.printing import ScalingTab


def choose_in(dialog: QDialog, scaling: Scaling | None) -> None:
    """Pick ``scaling`` in the dialog's 版面缩放 (the print dialog's tab, or our own dialog before a native one)."""
    tab = dialog.findChild(ScalingTab)
    if scaling is not None and tab is not None:
        tab.choice.setCurrentIndex(tab.choice.findData(scaling.value))


def accept_with_pdf_printer(monkeypatch, target: Path, scaling: Scaling | None = None) -> list[QPrintDialog]:
    """Make the print dialogs choose Qt's PDF printer writing ``target`` (and ``scaling``) and accept."""
    opened: list[QPrintDialog] = []

    def exec_(dialog: QPrintDialog) -> int:
        opened.append(dialog)
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(target))
        choose_in(dialog, scaling)
        return QDialog.DialogCode.Accepted

    def exec_scaling(dialog: QDialog) -> int:
        choose_in(dialog, scaling)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", exec_)
    monkeypatch.setattr(QDialog, "exec", exec_scaling)  # 版面缩放 before a native print dialog
    return opened


def texts_of(path: Path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return ["".join(c["text"] for c in page.chars) for page in pdf.pages]


def press_ctrl_p(window, qtbot) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    QTest.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)


def test_ctrl_p_opens_the_print_dialog_and_prints_every_page(make_window, qtbot, monkeypatch, tmp_path):
    window = make_window()
    target = tmp_path / "printed.pdf"
    opened = accept_with_pdf_printer(monkeypatch, target)
    press_ctrl_p(window, qtbot)
    assert [dialog.windowTitle() for dialog in opened] == ["打印"]
    pages = texts_of(target)
    assert len(pages) == 5
    assert pages[0].startswith("中铝股份党群工作")


def test_the_print_action_is_in_the_file_menu_before_close(make_window):
    window = make_window()
    texts = [action.text() for action in window.menu_actions.menus["file"].actions()]
    assert texts.index("打印(&D)…") + 1 == texts.index("打印预览(&V)…") < texts.index("关闭(&C)")


def test_printing_as_a_booklet_puts_the_5_page_sample_on_4_sides_with_blanks(make_window, monkeypatch, tmp_path):
    window = make_window()
    target = tmp_path / "booklet.pdf"
    accept_with_pdf_printer(monkeypatch, target, Scaling.BOOKLET)
    window.menu_actions.actions["print"].trigger()
    with pdfplumber.open(target) as pdf:
        assert [(float(p.width), float(p.height)) for p in pdf.pages] == [(1191.0, 842.0)] * 4
    assert window.printing.scaling is Scaling.BOOKLET


def test_a_printer_that_refuses_the_job_is_told_in_chinese(make_window, monkeypatch, tmp_path):
    window = make_window()
    accept_with_pdf_printer(monkeypatch, tmp_path / "no such folder" / "printed.pdf")
    warnings: list[str] = []
    monkeypatch.setattr(printing.QMessageBox, "warning", lambda parent, title, text: warnings.append(text))
    window.menu_actions.actions["print"].trigger()
    assert warnings == ["无法开始打印：打印机没有响应，或输出文件无法写入。"]


def test_print_preview_opens_and_shows_every_page(make_window, monkeypatch):
    window = make_window()
    shown: list[tuple[str, int]] = []

    def exec_(dialog: QPrintPreviewDialog) -> int:
        preview = dialog.findChild(QPrintPreviewWidget)
        preview.updatePreview()
        shown.append((dialog.windowTitle(), preview.pageCount()))
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(QPrintPreviewDialog, "exec", exec_)
    window.menu_actions.actions["print_preview"].trigger()
    assert shown == [("打印预览", 5)]


def test_before_a_native_print_dialog_our_own_dialog_asks_the_scaling(make_window, monkeypatch):
    window = make_window()
    asked: list[str] = []

    def exec_(dialog: QDialog) -> int:
        asked.append(dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).text())
        choose_in(dialog, Scaling.FIT)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QDialog, "exec", exec_)
    assert window.printing.choose_scaling() is True
    assert asked == ["选择打印机…"]
    assert window.printing.scaling is Scaling.FIT
