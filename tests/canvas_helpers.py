"""Shared helpers for the canvas tests: a shown canvas, page points to viewport pixels, real mouse events."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest

from editor.model import Document, Page, ParagraphStyle
from editor.ui.canvas import PageCanvas
from editor.ui.controller import DocumentController


def blank_document() -> Document:
    """An A4 page with 20 mm margins, no frames, and a body style."""
    return Document(paragraph_styles={"正文": ParagraphStyle(name="正文"), "标题": ParagraphStyle(name="标题", size_pt=16.0)},
                    pages=[Page(id="p1")])


def shown_canvas(qtbot, doc: Document, width: int = 1100, height: int = 900) -> tuple[DocumentController, PageCanvas]:
    controller = DocumentController(doc)
    canvas = PageCanvas(controller)
    qtbot.addWidget(canvas)
    canvas.resize(width, height)
    canvas.show()
    qtbot.waitExposed(canvas)
    canvas.zoom_100()
    canvas.show_page(0)
    return controller, canvas


def view_point(canvas: PageCanvas, page_index: int, x_pt: float, y_pt: float) -> QPoint:
    """The viewport pixel showing a page point."""
    origin = canvas.page_origin(page_index)
    return canvas.mapFromScene(QPointF(origin.x() + x_pt, origin.y() + y_pt))


def drag(canvas: PageCanvas, start: QPoint, end: QPoint, steps: int = 6,
         modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """Press, move in steps and release the left button with real events on the viewport."""
    viewport = canvas.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, modifier, start)
    for i in range(1, steps + 1):
        point = QPoint(round(start.x() + (end.x() - start.x()) * i / steps),
                       round(start.y() + (end.y() - start.y()) * i / steps))
        QTest.mouseMove(viewport, point)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, modifier, end)


def type_text(widget, text: str) -> None:
    """Key presses carrying any text (QTest.keyClicks only knows ASCII)."""
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for ch in text:
        QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyPress, 0, Qt.KeyboardModifier.NoModifier, ch))
        QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyRelease, 0, Qt.KeyboardModifier.NoModifier, ch))
