"""Where the 检查 and 校对 lists open: a dock across the bottom of the canvas, tall enough to read.

Both lists hold sentences (【警告】第 4 页有一个没有文字的文本框。, 第 4 版 · 简讯：…【为为】… → 为).
Tabbed under 样式 in the right-hand column they got about two rows and 200 pixels of width at the
default window size, so each message was cut after a few characters. Below the canvas they get
its whole width (about 940 pixels at the default size), leave 属性 in view for the frame 跳转
selects, and the separator above them resizes them like any dock. They start hidden (F8, F7, the
status light or 视图 → 面板 open them) and each opening of a hidden one gives it
``OPEN_HEIGHT_PX``; a height the user dragged is kept while it stays open.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QWidget

if TYPE_CHECKING:
    from editor.ui.main_window import MainWindow

#: A findings dock's height when it opens: its summary, a header, eight rows and its buttons.
OPEN_HEIGHT_PX = 300
_AREA = Qt.DockWidgetArea.BottomDockWidgetArea


def add_findings_dock(window: MainWindow, name: str, title: str, panel: QWidget) -> QDockWidget:
    """Add ``panel`` as a hidden dock below the canvas, tabbed with the findings dock already there."""
    # 页面 and 属性 keep their full height: the bottom area lies between them, under the canvas only.
    window.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
    window.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
    others = [dock for dock in window.findChildren(QDockWidget) if window.dockWidgetArea(dock) == _AREA]
    dock = window._dock(name, title, panel, _AREA)
    if others:
        window.tabifyDockWidget(others[0], dock)
    dock.hide()
    return dock


def open_findings_dock(window: MainWindow, dock: QDockWidget) -> None:
    """Show ``dock`` in front of its tabs; one that was hidden opens ``OPEN_HEIGHT_PX`` tall."""
    was_hidden = dock.isHidden()
    dock.show()
    dock.raise_()
    if was_hidden and not dock.isFloating():
        window.resizeDocks([dock], [OPEN_HEIGHT_PX], Qt.Orientation.Vertical)
