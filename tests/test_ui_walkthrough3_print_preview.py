"""Walkthrough 3: 打印预览 chooses 实际大小, 缩放到纸张 or 小册子 itself, and its 打印 button asks with 版面缩放.

The preview used the scaling of the last completed print (a cancelled 小册子 did not count, a
restart forgot it) and its 打印 opened Qt's plain print dialog. The preview is shown for real
(offscreen, not modal); the print dialog, which cannot be clicked offscreen, chooses Qt's PDF
printer and accepts (``tests.test_printing_ui``), and the printed sides are read back from the PDF.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox, QDialog, QGraphicsView, QToolBar, QToolButton

from editor.io.project import save_project
from editor.render.imposition import Scaling
from editor.ui.printing import NATIVE_PRINT_DIALOG, ScalingTab
from tests.test_printing import marker_doc, markers
from tests.test_printing_ui import accept_with_pdf_printer

#: An 8-page booklet's sides, each read left to right (folded, the sheets read 1 to 8).
BOOKLET_SIDES = [["第8页", "第1页"], ["第2页", "第7页"], ["第6页", "第3页"], ["第4页", "第5页"]]


def _scaling_box(dialog: QPrintPreviewDialog) -> QComboBox:
    """The toolbar's 版面缩放 choice: the combo box that lists 小册子."""
    boxes = [box for box in dialog.findChild(QToolBar).findChildren(QComboBox)
             if any(box.itemText(index).startswith("小册子") for index in range(box.count()))]
    assert len(boxes) == 1
    return boxes[0]


def _side_shapes(preview: QPrintPreviewWidget) -> list[str]:
    """Each previewed side as 横 (wider than tall) or 竖, top to bottom."""
    view = preview.findChild(QGraphicsView)
    sides = sorted((item.sceneBoundingRect() for item in view.scene().items() if item.parentItem() is None),
                   key=lambda rect: rect.top())
    return ["横" if rect.width() > rect.height() else "竖" for rect in sides]


def _print_button(dialog: QPrintPreviewDialog) -> QToolButton:
    toolbar = dialog.findChild(QToolBar)
    action = toolbar.actions()[-1]
    assert action.text() == "打印"
    return toolbar.widgetForAction(action)


def test_choosing_booklet_in_the_preview_redraws_it_and_its_print_button_prints_a_booklet(
        make_window, qtbot, monkeypatch, tmp_path):
    path = tmp_path / "八页.banmian"
    save_project(marker_doc(8), path)
    window = make_window(open=path)
    target = tmp_path / "from-preview.pdf"
    print_dialogs = accept_with_pdf_printer(monkeypatch, target)  # keeps the scaling the dialog offers
    seen: dict[str, object] = {}

    def exec_(dialog: QPrintPreviewDialog) -> int:
        preview = dialog.findChild(QPrintPreviewWidget)
        dialog.resize(900, 700)
        with qtbot.waitSignal(preview.previewChanged, timeout=10000):
            dialog.show()
        seen["before"] = (preview.pageCount(), _side_shapes(preview))
        box = _scaling_box(dialog)
        with qtbot.waitSignal(preview.previewChanged, timeout=10000):
            box.setCurrentIndex(box.findText("小册子", Qt.MatchFlag.MatchStartsWith))
        seen["booklet"] = (preview.pageCount(), _side_shapes(preview))
        QTest.mouseClick(_print_button(dialog), Qt.MouseButton.LeftButton)
        seen["closed"] = not dialog.isVisible()
        dialog.hide()
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(QPrintPreviewDialog, "exec", exec_)
    window.menu_actions.actions["print_preview"].trigger()
    assert seen["before"] == (8, ["竖"] * 8)
    assert seen["booklet"] == (4, ["横"] * 4)
    assert seen["closed"] is True
    (print_dialog,) = print_dialogs
    tab = print_dialog.findChild(ScalingTab)
    if NATIVE_PRINT_DIALOG:  # Windows' own print dialog takes no tab: the preview's choice is the one printed
        assert tab is None and window.printing.scaling is Scaling.BOOKLET
    else:
        assert tab.choice.currentText().startswith("小册子")
    assert [[text for text, _ in side] for side in markers(target)] == BOOKLET_SIDES


def test_the_preview_offers_the_three_scalings_and_starts_on_the_one_chosen_last(make_window, qtbot, monkeypatch):
    window = make_window()
    window.printing.scaling = Scaling.FIT
    offered: list[tuple[list[str], str]] = []

    def exec_(dialog: QPrintPreviewDialog) -> int:
        box = _scaling_box(dialog)
        offered.append(([box.itemText(index) for index in range(box.count())], box.currentText()))
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(QPrintPreviewDialog, "exec", exec_)
    window.menu_actions.actions["print_preview"].trigger()
    assert offered == [(["实际大小", "缩放到纸张", "小册子（每张纸对折，正反各两页）"], "缩放到纸张")]
