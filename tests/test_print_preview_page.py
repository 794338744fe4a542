"""打印预览 opens on the page being worked on, as Word's print preview does, not on page 1.

The preview dialog is shown for real (offscreen, not modal) and the page in
the middle of its view is read from the scene, so the test sees what a user
would see, not only what the preview widget says its current page is.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF
from PySide6.QtPrintSupport import QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QComboBox, QDialog, QGraphicsView, QLineEdit

from editor.render.imposition import Placement, Scaling, SheetSide
from editor.ui.printing import side_showing


def page_in_view(preview: QPrintPreviewWidget) -> int:
    """The preview page (from 1) under the middle of the preview's view, counted top to bottom."""
    view = preview.findChild(QGraphicsView)
    centre = view.mapToScene(view.viewport().rect().center())
    pages = sorted((item for item in view.scene().items() if item.parentItem() is None),
                   key=lambda item: item.sceneBoundingRect().top())
    hits = [number for number, item in enumerate(pages, start=1) if item.sceneBoundingRect().contains(QPointF(centre))]
    assert len(hits) == 1, hits
    return hits[0]


def open_preview(window, qtbot, monkeypatch) -> dict[str, object]:
    """Trigger 打印预览 with the dialog shown (not modal); what it shows once its pages are drawn."""
    seen: dict[str, object] = {}

    def exec_(dialog: QPrintPreviewDialog) -> int:
        preview = dialog.findChild(QPrintPreviewWidget)
        dialog.resize(900, 700)
        with qtbot.waitSignal(preview.previewChanged, timeout=10000):
            dialog.show()
        qtbot.wait(50)  # the layout's resize and fit after the first drawing
        number_box, = [edit for edit in dialog.findChildren(QLineEdit) if not isinstance(edit.parent(), QComboBox)]
        seen.update(count=preview.pageCount(), current=preview.currentPage(), in_view=page_in_view(preview),
                    number_box=number_box.text())
        dialog.hide()
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(QPrintPreviewDialog, "exec", exec_)
    window.menu_actions.actions["print_preview"].trigger()
    return seen


def test_print_preview_opens_on_the_page_being_worked_on(make_window, qtbot, monkeypatch):
    window = make_window()
    window.go_to_page(3)  # page 4 of the 5-page sample
    seen = open_preview(window, qtbot, monkeypatch)
    assert seen == {"count": 5, "current": 4, "in_view": 4, "number_box": "4"}


def test_print_preview_on_the_first_page_stays_on_the_first(make_window, qtbot, monkeypatch):
    window = make_window()
    window.go_to_page(0)
    seen = open_preview(window, qtbot, monkeypatch)
    assert seen == {"count": 5, "current": 1, "in_view": 1, "number_box": "1"}


def test_a_booklet_preview_opens_on_the_side_that_carries_the_current_page(make_window, qtbot, monkeypatch):
    """The 5-page sample as a booklet is padded to 8 pages: sides 8|1, 2|7, 6|3, 4|5; page 5 is on side 4."""
    window = make_window()
    window.printing.scaling = Scaling.BOOKLET
    window.go_to_page(4)
    seen = open_preview(window, qtbot, monkeypatch)
    assert seen == {"count": 4, "current": 4, "in_view": 4, "number_box": "4"}


def test_side_showing_finds_the_side_by_its_placements():
    def placed(page_number: int) -> Placement:
        return Placement(page_number=page_number, x_pt=0.0, y_pt=0.0, scale=1.0)

    sides = [SheetSide(placements=()), SheetSide(placements=(placed(2), placed(7))),
             SheetSide(placements=(placed(3),))]
    assert [side_showing(sides, page) for page in (2, 7, 3, 9)] == [2, 2, 3, 1]


def test_a_redrawn_preview_keeps_the_page_the_user_turned_to(make_window, qtbot, monkeypatch):
    """Turning to the current page happens once: a redraw (orientation, paper) leaves the user's page."""
    window = make_window()
    window.go_to_page(3)
    pages: list[int] = []

    def exec_(dialog: QPrintPreviewDialog) -> int:
        preview = dialog.findChild(QPrintPreviewWidget)
        with qtbot.waitSignal(preview.previewChanged, timeout=10000):
            dialog.show()
        preview.setCurrentPage(2)
        with qtbot.waitSignal(preview.previewChanged, timeout=10000):
            preview.setLandscapeOrientation()
        pages.append(preview.currentPage())
        dialog.hide()
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(QPrintPreviewDialog, "exec", exec_)
    window.menu_actions.actions["print_preview"].trigger()
    assert pages == [2]
