"""Walkthrough 3: F8 and F7 open 检查 and 校对 where they can be read at the default window size.

They opened as tabs under 样式 in the bottom right corner: two rows showed, the message was cut
after a few characters (【警告】第 4 页有…). Measured by geometry, never by pixels.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from editor.io.project import save_project
from editor.model import Paragraph, Run, Story, TextFrame
from tests.preflight_docs import clean_doc, with_frames

#: Empty text frames, one finding each (空框).
EMPTY_FRAMES = 8
#: The message of the first finding, as the check words it (not computed by the panel under test).
FIRST_MESSAGE = "【警告】第 1 页有一个没有文字的文本框。"


@pytest.fixture()
def empty_frames_project(tmp_path):
    doc = clean_doc()
    for index in range(EMPTY_FRAMES):
        doc.stories[f"e{index}"] = Story(id=f"e{index}", paragraphs=[Paragraph(style="正文", runs=[Run(text="")])])
        with_frames(doc, TextFrame(id=f"blank{index}", story_id=f"e{index}", x_pt=60.0 + 20 * index, y_pt=400.0,
                                   width_pt=40.0, height_pt=40.0))
    path = tmp_path / "空框.banmian"
    save_project(doc, path)
    return path


def _press_f8(window, qtbot):
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    QTest.keyClick(window, Qt.Key.Key_F8)
    qtbot.waitUntil(window.preflight_panel.tree.isVisible, timeout=3000)
    QApplication.processEvents()
    return window.preflight_panel


def _rows_wholly_shown(tree) -> list:
    """The finding rows whose whole height lies inside the list's viewport."""
    viewport = tree.viewport().rect()
    rows = []
    for index in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(index)
        for child in range(group.childCount()):
            rect = tree.visualItemRect(group.child(child))
            if rect.isValid() and viewport.top() <= rect.top() and rect.bottom() <= viewport.bottom():
                rows.append(group.child(child))
    return rows


def test_f8_at_the_default_size_shows_six_rows_and_the_whole_first_message(make_window, empty_frames_project, qtbot):
    window = make_window(open=empty_frames_project)
    assert (window.width(), window.height()) == (1400, 900)
    tree = _press_f8(window, qtbot).tree
    assert len(_rows_wholly_shown(tree)) >= 6
    first = tree.topLevelItem(0).child(0)
    assert first.text(1) == FIRST_MESSAGE
    cell = tree.visualRect(tree.indexFromItem(first, 1))
    needed_px = tree.fontMetrics().horizontalAdvance(FIRST_MESSAGE)
    assert cell.width() >= needed_px + 8  # the delegate's margins: the text is not elided
    assert cell.right() <= tree.viewport().width()
    assert first.toolTip(1) == FIRST_MESSAGE


def _drag(window, start: QPoint, end: QPoint) -> None:
    """Press, move and release the left button on the window itself (its dock separators live there);
    the window moves a separator on a timer after the move, so events are processed before the release."""
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    for kind, point, button, buttons in ((QEvent.Type.MouseButtonPress, start, left, left),
                                         (QEvent.Type.MouseMove, end, none, left),
                                         (QEvent.Type.MouseButtonRelease, end, left, none)):
        global_point = QPointF(window.mapToGlobal(point))
        event = QMouseEvent(kind, QPointF(point), global_point, button, buttons, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(window, event)
        QApplication.processEvents()


def test_the_findings_dock_grows_when_its_splitter_is_dragged(make_window, empty_frames_project, qtbot):
    window = make_window(open=empty_frames_project)
    _press_f8(window, qtbot)
    dock = window.preflight_dock
    height_before = dock.height()
    canvas_bottom = window.canvas.mapTo(window, QPoint(0, window.canvas.height())).y()
    dock_top = dock.mapTo(window, QPoint(0, 0)).y()
    assert dock_top > canvas_bottom  # a separator between them
    x = window.canvas.mapTo(window, QPoint(window.canvas.width() // 2, 0)).x()
    separator_y = (canvas_bottom + dock_top) // 2
    _drag(window, QPoint(x, separator_y), QPoint(x, separator_y - 150))
    assert dock.height() >= height_before + 140


def test_f7_opens_the_proof_list_beside_the_findings_as_wide(make_window, qtbot):
    window = make_window()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    QTest.keyClick(window, Qt.Key.Key_F7)
    panel = window.proof_panel
    qtbot.waitUntil(lambda: panel.tree.isVisible() and panel.tree.topLevelItemCount() > 0, timeout=3000)
    QApplication.processEvents()
    assert window.dockWidgetArea(window.proof_dock) == window.dockWidgetArea(window.preflight_dock)
    first = panel.tree.topLevelItem(0).child(0)
    text_px = panel.tree.fontMetrics().horizontalAdvance(first.text(0))
    assert panel.tree.visualItemRect(first).width() >= text_px
    assert panel.tree.viewport().height() >= 6 * panel.tree.visualItemRect(first).height()


def test_a_window_layout_saved_by_the_old_version_does_not_put_the_findings_back_in_the_corner(qtbot, user_dirs):
    """A layout saved before this change had 检查 tabbed under 样式; it is not restored over the new places."""
    from PySide6.QtCore import QSettings

    from editor.ui.app import create_application
    from editor.ui.main_window import MainWindow

    create_application(install_hook=False)
    settings = QSettings(str(user_dirs / "banmian.ini"), QSettings.Format.IniFormat)
    old = MainWindow(settings=settings)
    qtbot.addWidget(old)
    old.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, old.preflight_dock)
    old.tabifyDockWidget(old.styles_dock, old.preflight_dock)
    settings.setValue("window/state", old.saveState())  # as the old version saved it (version 0)
    settings.sync()
    window = MainWindow(settings=QSettings(str(user_dirs / "banmian.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    tree = _press_f8(window, qtbot).tree
    assert window.dockWidgetArea(window.preflight_dock) == Qt.DockWidgetArea.BottomDockWidgetArea
    assert tree.viewport().width() > 600
