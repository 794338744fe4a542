"""属性 → 锁定比例: a typed 宽度 of a photo frame scales its 高度 (and the other way round).

Word keeps a picture's 纵横比 when its width is typed in 大小 (锁定纵横比, on for
pictures) and InDesign does with the chain beside W and H; a photo whose frame
kept its height would be cropped differently. The field is driven like a person
— a click, keys, no Enter, the real Ctrl+S with the focus still in the field —
and the oracle is the saved file read back and hand-worked millimetres: the
sample's photo ``p3-photo-talk`` is 164.41 × 136.06 pt, so 100 mm wide it is
100 × 136.06 / 164.41 mm high.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionButton

from editor.io.project import load_project
from editor.model import ImageFrame, TextFrame
from editor.model.units import mm_to_pt
from editor.ui.panels.properties import proportional_size

CTRL = Qt.KeyboardModifier.ControlModifier
#: The sample photo the tests resize, and its frame's size in points (from the sample's file).
PHOTO_ID = "p3-photo-talk"
PHOTO_WIDTH_PT, PHOTO_HEIGHT_PT = 164.41, 136.06


def _active(window, qtbot):
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    return window


def _select(window, frame_id: str) -> None:
    """Show the frame's page and select it, as a click on it would."""
    window.go_to_page(window.controller.page_index_of(frame_id))
    window.controller.select([frame_id])
    QApplication.processEvents()


def _type_into(box, text: str) -> None:
    """Click into a number field, select its number and type over it; no Enter."""
    window = box.window()
    window.properties_panel.ensureWidgetVisible(box)
    QTest.mouseClick(box.lineEdit(), Qt.MouseButton.LeftButton)
    assert box.hasFocus()
    QTest.keyClick(box.lineEdit(), Qt.Key.Key_A, CTRL)
    QTest.keyClicks(box.lineEdit(), text)


def _click(checkbox) -> None:
    """Click the check box's square (the row is wider than the box and its words)."""
    checkbox.window().properties_panel.ensureWidgetVisible(checkbox)
    QApplication.processEvents()
    option = QStyleOptionButton()
    checkbox.initStyleOption(option)
    square = checkbox.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, checkbox)
    QTest.mouseClick(checkbox, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, square.center())


def _save_with_ctrl_s() -> None:
    """Ctrl+S where the focus is: still in the field typed into."""
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, CTRL)


def _size_pt(doc, frame_id: str) -> tuple[float, float]:
    frame = doc.frame_by_id(frame_id)
    return frame.width_pt, frame.height_pt


def test_a_typed_width_then_ctrl_s_saves_the_height_in_proportion(make_window, project, qtbot):
    window = _active(make_window(open=project), qtbot)
    geometry = window.properties_panel.geometry_section
    _select(window, PHOTO_ID)
    assert geometry.keep_ratio.isChecked()  # on unless turned off, as Word's 锁定纵横比 for pictures
    _type_into(geometry.width, "100")
    _save_with_ctrl_s()
    assert geometry.width.hasFocus()

    width_pt, height_pt = _size_pt(load_project(project), PHOTO_ID)
    assert width_pt == pytest.approx(mm_to_pt(100.0))
    assert height_pt == pytest.approx(mm_to_pt(100.0 * PHOTO_HEIGHT_PT / PHOTO_WIDTH_PT))
    assert round(geometry.height.value(), 2) == 82.76  # 100 × 136.06 / 164.41 mm, shown at once
    assert not window.isWindowModified()


def test_the_proportional_resize_is_one_undo_step(make_window, qtbot):
    window = _active(make_window(), qtbot)
    geometry = window.properties_panel.geometry_section
    _select(window, PHOTO_ID)
    stack = window.controller.undo_stack
    count = stack.count()
    _type_into(geometry.width, "100")
    QTest.keyClick(geometry.width.lineEdit(), Qt.Key.Key_Return)
    assert stack.count() == count + 1
    assert window.menu_actions.actions["undo"].text() == "撤销 调整图片大小"
    window.menu_actions.actions["undo"].trigger()
    assert _size_pt(window.controller.doc, PHOTO_ID) == (PHOTO_WIDTH_PT, PHOTO_HEIGHT_PT)


def test_a_typed_height_scales_the_width(make_window, qtbot):
    window = _active(make_window(), qtbot)
    geometry = window.properties_panel.geometry_section
    _select(window, PHOTO_ID)
    _type_into(geometry.height, "60")
    QTest.keyClick(geometry.height.lineEdit(), Qt.Key.Key_Tab)  # leaving the field commits it
    width_pt, height_pt = _size_pt(window.controller.doc, PHOTO_ID)
    assert height_pt == pytest.approx(mm_to_pt(60.0))
    assert width_pt == pytest.approx(mm_to_pt(60.0 * PHOTO_WIDTH_PT / PHOTO_HEIGHT_PT))


def test_with_keep_ratio_off_a_typed_width_keeps_the_height(make_window, project, qtbot):
    window = _active(make_window(open=project), qtbot)
    geometry = window.properties_panel.geometry_section
    _select(window, PHOTO_ID)
    _click(geometry.keep_ratio)
    assert not geometry.keep_ratio.isChecked()
    _type_into(geometry.width, "100")
    _save_with_ctrl_s()
    width_pt, height_pt = _size_pt(load_project(project), PHOTO_ID)
    assert width_pt == pytest.approx(mm_to_pt(100.0))
    assert height_pt == PHOTO_HEIGHT_PT


def test_keep_ratio_off_holds_for_the_next_photo_selected(make_window, qtbot):
    window = _active(make_window(), qtbot)
    geometry = window.properties_panel.geometry_section
    _select(window, PHOTO_ID)
    _click(geometry.keep_ratio)
    _select(window, "p4-photo-guangxi")  # 323.15 × 299.06 pt
    assert geometry.keep_ratio.isVisible() and not geometry.keep_ratio.isChecked()
    _type_into(geometry.width, "100")
    QTest.keyClick(geometry.width.lineEdit(), Qt.Key.Key_Return)
    assert _size_pt(window.controller.doc, "p4-photo-guangxi") == (pytest.approx(mm_to_pt(100.0)), 299.06)


def test_keep_ratio_turned_off_is_off_in_the_next_session_and_on_by_default(qtbot, user_dirs):
    from PySide6.QtCore import QSettings

    from editor.ui.app import create_application
    from editor.ui.main_window import MainWindow

    create_application(install_hook=False)
    settings = QSettings(str(user_dirs / "banmian.ini"), QSettings.Format.IniFormat)
    first = MainWindow(settings=settings)
    qtbot.addWidget(first)
    assert first.properties_panel.geometry_section.keep_ratio.isChecked(), "on the first time"
    _click(first.properties_panel.geometry_section.keep_ratio)
    settings.sync()
    second = MainWindow(settings=QSettings(str(user_dirs / "banmian.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(second)
    assert not second.properties_panel.geometry_section.keep_ratio.isChecked()


def test_a_text_frame_shows_no_keep_ratio_and_keeps_its_height(make_window, qtbot):
    window = _active(make_window(), qtbot)
    geometry = window.properties_panel.geometry_section
    text = next(f for _, f in window.controller.doc.frames_with_pages() if isinstance(f, TextFrame))
    _select(window, text.id)
    assert not geometry.keep_ratio.isVisible()
    _type_into(geometry.width, "50")
    QTest.keyClick(geometry.width.lineEdit(), Qt.Key.Key_Return)
    assert _size_pt(window.controller.doc, text.id) == (pytest.approx(mm_to_pt(50.0)), text.height_pt)


def test_the_keep_ratio_box_shows_for_a_photo(make_window, qtbot):
    window = _active(make_window(), qtbot)
    _select(window, PHOTO_ID)
    assert isinstance(window.controller.doc.frame_by_id(PHOTO_ID), ImageFrame)
    keep_ratio = window.properties_panel.geometry_section.keep_ratio
    assert keep_ratio.isVisible() and keep_ratio.text() == "锁定比例"


@pytest.mark.parametrize(("field", "value_pt", "expected"), [
    ("width_pt", 50.0, (50.0, 25.0)),
    ("height_pt", 300.0, (600.0, 300.0)),
    ("width_pt", 0.0, (1.0, 0.5)),  # the smallest side set_geometry leaves, the other in proportion
])
def test_proportional_size_scales_the_other_side_by_the_same_factor(field, value_pt, expected):
    assert proportional_size(200.0, 100.0, field, value_pt) == pytest.approx(expected)


def test_proportional_size_of_a_flat_frame_changes_only_the_typed_side():
    assert proportional_size(200.0, 0.0, "width_pt", 50.0) == (50.0, 0.0)
