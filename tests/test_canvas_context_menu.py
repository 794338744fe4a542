"""A right click on the canvas opens the master menu (覆盖母版项目, 编辑母版…) through Qt's own
event path: the context-menu event a click sends to the canvas's viewport, not a direct call.

QGraphicsView (a scroll area) takes its viewport's context-menu events for itself, so a menu
hung on the viewport's ``customContextMenuRequested`` never opened (found by the 2026-11-26
walkthrough: right-clicking 第3页's running head did nothing).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QTimer
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QMenu


def _right_click_menu(canvas, page_index: int, x_pt: float, y_pt: float) -> list[str]:
    """The texts of the menu a right click at a page point opens ([] when none opens)."""
    origin = canvas.page_origin(page_index)
    pos = canvas.mapFromScene(QPointF(origin.x() + x_pt, origin.y() + y_pt))
    viewport = canvas.viewport()
    shown: list[str] = []

    def read_and_close() -> None:
        popup = QApplication.activePopupWidget()
        if isinstance(popup, QMenu):
            shown.extend(action.text() for action in popup.actions())
            popup.close()

    QTimer.singleShot(0, read_and_close)
    QApplication.sendEvent(viewport, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, viewport.mapToGlobal(pos)))
    return shown


def test_a_right_click_on_a_running_head_opens_the_master_menu(make_window):
    window = make_window()
    window.go_to_page(2)
    # 第3版's running head (a master item), 40 pt from the top of the sample's A4 page.
    assert _right_click_menu(window.canvas, 2, 297.0, 40.0) == ["覆盖母版项目", "编辑母版（版头·三栏）"]


def test_a_right_click_on_the_pages_own_article_opens_nothing(make_window):
    window = make_window()
    window.go_to_page(2)
    assert _right_click_menu(window.canvas, 2, 150.0, 400.0) == []
