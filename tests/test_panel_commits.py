"""Values typed into the 属性 panel reach the file; the wheel never changes an unfocused field.

Driven like a person: a click into the field, keys (Chinese through input-method
commits, as a pinyin input method delivers it), the real Ctrl+S / Ctrl+Q
shortcuts, wheel events from the window system. The oracle is the saved file
read back with ``load_project``, the recovery slot, the undo stack and the
page's display list.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QInputMethodEvent, QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QWidget

from editor.io.project import load_project
from editor.io.recovery import RecoveryStore
from editor.model import ImageFrame, ShapeFrame, TextFrame, edits
from editor.model.document_edits import plain_story_text
from editor.model.units import mm_to_pt
from editor.ui.issue_dialog import IssueDialog
from editor.ui.panels.widgets import TEXT_COMMIT_DELAY_MS

CTRL = Qt.KeyboardModifier.ControlModifier


# ---------------------------------------------------------------- helpers


def _active(window, qtbot):
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    return window


def _photo_without_caption(window) -> ImageFrame:
    return next(f for _, f in window.controller.doc.frames_with_pages()
                if isinstance(f, ImageFrame) and f.caption is None)


def _select_on_its_page(window, frame) -> None:
    """Show the frame's page and select the frame (as a click on it would)."""
    window.go_to_page(window.controller.page_index_of(frame.id))
    window.controller.select([frame.id])
    QApplication.processEvents()  # lays out the sections now shown


def _text_frame(window) -> TextFrame:
    return next(f for _, f in window.controller.doc.frames_with_pages() if isinstance(f, TextFrame))


def _on_a_text_frame(make_window, qtbot):
    """An active window with a text frame selected on its page: (window, frame)."""
    window = _active(make_window(), qtbot)
    frame = _text_frame(window)
    _select_on_its_page(window, frame)
    return window, frame


def _click_into(field: QWidget) -> QWidget:
    """Scroll the panel to the field and click into it; returns the widget that takes keys."""
    window = field.window()
    window.properties_panel.ensureWidgetVisible(field)
    target = field.lineEdit() if isinstance(field, QAbstractSpinBox) else field.viewport()
    QTest.mouseClick(target, Qt.MouseButton.LeftButton)
    assert field.hasFocus()
    return field.lineEdit() if isinstance(field, QAbstractSpinBox) else field


def _in_a_caption(window):
    """Select a photo without caption on its page and click into 图片说明: (photo, caption field)."""
    photo = _photo_without_caption(window)
    _select_on_its_page(window, photo)
    caption = window.properties_panel.caption_section.text
    _click_into(caption)
    return photo, caption


def _type_number(box: QAbstractSpinBox, text: str) -> None:
    """Click into a number field, select its number (Ctrl+A) and type over it, no Enter."""
    edit = _click_into(box)
    QTest.keyClick(edit, Qt.Key.Key_A, CTRL)
    QTest.keyClicks(edit, text)


def _ime_commit(widget: QWidget, text: str) -> None:
    """What a Chinese input method sends when a word is chosen: a commit string."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def _shortcut(key: Qt.Key) -> None:
    """Ctrl+key, pressed while the focus is where the user left it."""
    QTest.keyClick(QApplication.focusWidget(), key, CTRL)


def _width_mm(frame) -> float:
    return round(frame.width_pt * 25.4 / 72, 2)


def _caption_text(doc, frame_id: str) -> str | None:
    frame = doc.frame_by_id(frame_id)
    if frame.caption is None:
        return None
    return plain_story_text(doc.stories[frame.caption.story_id])


def _wheel_over(widget: QWidget, notches: int = -1) -> None:
    """A wheel turn from the window system over the middle of ``widget`` (negative: down)."""
    QApplication.processEvents()  # geometry after scrolling or showing sections
    window = widget.window()
    position = widget.mapTo(window, QPoint(widget.width() // 2, widget.height() // 2))
    QTest.wheelEvent(window.windowHandle(), QPointF(position), QPoint(0, 120 * notches))
    QApplication.processEvents()


# ------------------------------------------------------------ Ctrl+S, Ctrl+Q


@pytest.mark.parametrize("caption_first", [True, False], ids=["caption-then-width", "width-then-caption"])
def test_a_caption_and_a_width_typed_then_ctrl_s_are_both_in_the_saved_file(make_window, project, qtbot,
                                                                            caption_first):
    window = _active(make_window(open=project), qtbot)
    panel = window.properties_panel
    photo = _photo_without_caption(window)
    _select_on_its_page(window, photo)

    def type_caption():
        _click_into(panel.caption_section.text)
        _ime_commit(panel.caption_section.text, "厂区新貌")
        QTest.keyClicks(panel.caption_section.text, " 2021")

    def type_width():
        _type_number(panel.geometry_section.width, "118")

    for step in ((type_caption, type_width) if caption_first else (type_width, type_caption)):
        step()
    _shortcut(Qt.Key.Key_S)  # at once: no Enter, no debounce, the focus still in the last field

    saved = load_project(project)
    assert _caption_text(saved, photo.id) == "厂区新貌 2021"
    assert saved.frame_by_id(photo.id).width_pt == pytest.approx(mm_to_pt(118.0))
    assert not window.isWindowModified()


def _on_the_youth_article(window):
    """Select a frame of the sample's 青年 article (one style, 正文): its 字号 field is enabled."""
    frame = next(f for _, f in window.controller.doc.frames_with_pages() if getattr(f, "story_id", None) == "youth")
    _select_on_its_page(window, frame)
    size = window.properties_panel.text_section.size
    window.properties_panel.ensureWidgetVisible(size)
    QTest.mouseClick(size.lineEdit(), Qt.MouseButton.LeftButton)
    assert size.hasFocus()
    QTest.keyClick(size.lineEdit(), Qt.Key.Key_A, CTRL)
    return size


def test_a_size_typed_in_zihao_then_ctrl_s_is_in_the_saved_file(make_window, project, qtbot):
    """字号 is a combo box, not a spin box: it was left out of what Ctrl+S stores (found by the
    2026-11-26 walkthrough: 「小四」 shown in the field after 已保存, 10 pt in the file)."""
    window = _active(make_window(open=project), qtbot)
    size = _on_the_youth_article(window)
    _ime_commit(size.lineEdit(), "小四")

    _shortcut(Qt.Key.Key_S)  # no Enter, the focus still in 字号

    assert load_project(project).paragraph_styles["正文"].size_pt == 12.0
    assert not window.isWindowModified()


def test_an_autosave_while_typing_a_size_leaves_the_text_and_cursor_alone(make_window, qtbot):
    window = _active(make_window(), qtbot)
    size = _on_the_youth_article(window)
    edit = size.lineEdit()
    QTest.keyClicks(edit, "1")  # not a size yet (4–200 pt): nothing to store, nothing to correct
    window.files.autosave.flush()
    assert (edit.text(), edit.cursorPosition(), size.hasFocus()) == ("1", 1, True)
    assert window.controller.doc.paragraph_styles["正文"].size_pt == 10.5

    QTest.keyClicks(edit, "3")
    window.files.autosave.flush()

    assert window.controller.doc.paragraph_styles["正文"].size_pt == 13.0
    assert (edit.text(), edit.cursorPosition(), size.hasFocus()) == ("13", 2, True)


@pytest.mark.parametrize("key", [Qt.Key.Key_Q, Qt.Key.Key_W], ids=["ctrl-q-quit", "ctrl-w-close"])
def test_ctrl_q_right_after_typing_asks_and_cancel_keeps_the_window(make_window, project, qtbot, key):
    window = _active(make_window(open=project), qtbot)
    photo = _photo_without_caption(window)
    _select_on_its_page(window, photo)
    dialogs = window.files.dialogs
    dialogs.unsaved_answer = "cancel"
    _type_number(window.properties_panel.geometry_section.width, "118")

    _shortcut(key)

    assert dialogs.unsaved_asked == ["期刊.banmian"]
    assert window.isVisible() and window.controller.path == project
    assert window.controller.doc.frame_by_id(photo.id).width_pt == pytest.approx(mm_to_pt(118.0))
    assert load_project(project).frame_by_id(photo.id).width_pt == pytest.approx(photo.width_pt)


def test_ctrl_q_right_after_typing_a_caption_asks_too(make_window, project, qtbot):
    window = _active(make_window(open=project), qtbot)
    _photo, caption = _in_a_caption(window)
    dialogs = window.files.dialogs
    _ime_commit(caption, "新说明")

    _shortcut(Qt.Key.Key_Q)

    assert dialogs.unsaved_asked == ["期刊.banmian"] and window.isVisible()


# ------------------------------------------------------------------ wheel


def _small_window(window, qtbot):
    """Short enough that the 属性 panel scrolls."""
    window.resize(1100, 560)
    qtbot.waitUntil(lambda: window.properties_panel.verticalScrollBar().maximum() > 0, timeout=3000)


def test_the_wheel_over_an_unfocused_combo_box_scrolls_the_panel_and_changes_nothing(make_window, qtbot):
    window, frame = _on_a_text_frame(make_window, qtbot)
    _small_window(window, qtbot)
    panel, stack = window.properties_panel, window.controller.undo_stack
    vertical = panel.text_section.vertical
    bar = panel.verticalScrollBar()
    bar.setValue(0)
    panel.ensureWidgetVisible(vertical)
    before, count = bar.value(), stack.count()

    for _ in range(3):
        _wheel_over(vertical, -1)

    assert window.controller.doc.frame_by_id(frame.id).vertical_align == frame.vertical_align
    assert vertical.currentData() == frame.vertical_align
    assert stack.count() == count and not vertical.hasFocus()
    assert bar.value() > before  # the wheel scrolled the panel instead


def test_the_wheel_over_an_unfocused_spin_box_changes_nothing(make_window, qtbot):
    window, frame = _on_a_text_frame(make_window, qtbot)
    width = window.properties_panel.geometry_section.width
    window.properties_panel.ensureWidgetVisible(width)
    count = window.controller.undo_stack.count()

    _wheel_over(width, 1)
    _wheel_over(width, -1)
    _wheel_over(width, -1)

    assert window.controller.doc.frame_by_id(frame.id) == frame
    assert window.controller.undo_stack.count() == count and not width.hasFocus()


def test_the_wheel_changes_a_field_that_has_focus(make_window, qtbot):
    window, frame = _on_a_text_frame(make_window, qtbot)
    columns = window.properties_panel.text_section.columns
    window.properties_panel.ensureWidgetVisible(columns)
    columns.setFocus()

    _wheel_over(columns, 1)

    assert window.controller.doc.frame_by_id(frame.id).columns == frame.columns + 1


def _shape(window) -> ShapeFrame:
    return next(f for _, f in window.controller.doc.frames_with_pages() if isinstance(f, ShapeFrame))


def test_no_spin_box_or_combo_box_of_the_panel_takes_the_wheel_without_focus(make_window, qtbot):
    window = _active(make_window(), qtbot)
    panel, stack = window.properties_panel, window.controller.undo_stack
    for frame in (_text_frame(window), _photo_without_caption(window), _shape(window)):
        _select_on_its_page(window, frame)
        fields = [w for w in panel.findChildren(QWidget)
                  if isinstance(w, (QAbstractSpinBox, QComboBox)) and w.isVisibleTo(panel) and w.isEnabled()]
        assert len(fields) >= 3
        for field in fields:
            panel.ensureWidgetVisible(field)
            doc_before = repr(window.controller.doc.frame_by_id(frame.id))
            _wheel_over(field, 1)
            _wheel_over(field, -1)
            assert stack.count() == 0, field
            assert repr(window.controller.doc.frame_by_id(frame.id)) == doc_before
            assert field.focusPolicy() == Qt.FocusPolicy.StrongFocus and not field.hasFocus()


# ----------------------------------------------- Enter, leaving, page, autosave


def test_enter_commits_a_typed_width(make_window, qtbot):
    window, frame = _on_a_text_frame(make_window, qtbot)
    width = window.properties_panel.geometry_section.width
    _type_number(width, "90")
    assert window.controller.doc.frame_by_id(frame.id).width_pt == frame.width_pt  # not per keystroke

    QTest.keyClick(width.lineEdit(), Qt.Key.Key_Return)

    assert window.controller.doc.frame_by_id(frame.id).width_pt == pytest.approx(mm_to_pt(90.0))
    assert window.menu_actions.actions["undo"].text() == "撤销 调整文本框大小"


def test_leaving_a_field_with_tab_commits_it(make_window, qtbot):
    window, frame = _on_a_text_frame(make_window, qtbot)
    _type_number(window.properties_panel.geometry_section.x, "12.5")

    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)

    assert window.controller.doc.frame_by_id(frame.id).x_pt == pytest.approx(mm_to_pt(12.5))


def test_typing_then_going_to_another_page_commits_to_the_frame_that_was_selected(make_window, qtbot):
    window, frame = _on_a_text_frame(make_window, qtbot)
    page = window.controller.page_index_of(frame.id)
    _type_number(window.properties_panel.geometry_section.width, "77")
    other = (page + 1) % len(window.controller.doc.pages)
    before = {f.id: f for _, f in window.controller.doc.frames_with_pages() if f.id != frame.id}

    window.pages_panel.list.setCurrentRow(other)  # e.g. by keyboard in the page list; the field keeps focus

    doc = window.controller.doc
    assert window.current_page() == other
    assert doc.frame_by_id(frame.id).width_pt == pytest.approx(mm_to_pt(77.0))
    assert all(doc.frame_by_id(i) == f for i, f in before.items())
    assert window.controller.undo_stack.count() == 1


def test_a_new_selection_while_typing_commits_to_the_frame_typed_for(make_window, qtbot):
    window = _active(make_window(), qtbot)
    frames = [f for _, f in window.controller.doc.frames_with_pages() if isinstance(f, TextFrame)]
    first, second = frames[0], frames[1]
    _select_on_its_page(window, first)
    _type_number(window.properties_panel.geometry_section.width, "66")

    window.controller.select([second.id])  # e.g. Tab on the canvas; the field keeps focus

    doc = window.controller.doc
    assert doc.frame_by_id(first.id).width_pt == pytest.approx(mm_to_pt(66.0))
    assert doc.frame_by_id(second.id) == second
    assert window.properties_panel.geometry_section.width.value() == _width_mm(second)


def test_typing_then_an_autosave_snapshot_keeps_the_value_in_the_recovery_slot(make_window, user_dirs, qtbot):
    window, frame = _on_a_text_frame(make_window, qtbot)
    _type_number(window.properties_panel.geometry_section.width, "118")

    assert window.files.autosave.flush()

    session = window.files.autosave.session_id
    assert session is not None
    recovered = RecoveryStore(user_dirs / "data" / "recovery").load(session)
    assert recovered.frame_by_id(frame.id).width_pt == pytest.approx(mm_to_pt(118.0))


def test_an_autosave_while_typing_leaves_the_text_and_cursor_alone(make_window, qtbot):
    window, frame = _on_a_text_frame(make_window, qtbot)
    width = window.properties_panel.geometry_section.width
    _type_number(width, "11")
    edit = width.lineEdit()
    text, cursor = edit.text(), edit.cursorPosition()

    window.files.autosave.flush()

    assert window.controller.doc.frame_by_id(frame.id).width_pt == pytest.approx(mm_to_pt(11.0))
    assert (edit.text(), edit.cursorPosition(), width.hasFocus()) == (text, cursor, True)
    QTest.keyClicks(edit, "8")
    QTest.keyClick(edit, Qt.Key.Key_Return)
    assert window.controller.doc.frame_by_id(frame.id).width_pt == pytest.approx(mm_to_pt(118.0))


def test_a_change_elsewhere_while_typing_keeps_what_is_being_typed(make_window, qtbot):
    window = _active(make_window(), qtbot)
    frames = [f for _, f in window.controller.doc.frames_with_pages() if isinstance(f, TextFrame)]
    frame, other = frames[0], frames[1]
    _select_on_its_page(window, frame)
    width = window.properties_panel.geometry_section.width
    _type_number(width, "11")
    window.files.autosave.flush()  # stores 11
    QTest.keyClicks(width.lineEdit(), "8")
    edit = width.lineEdit()
    text, cursor = edit.text(), edit.cursorPosition()

    window.controller.edit("移动文本框", edits.move_frames(window.controller.doc, {other.id: (5.0, 0.0)}))

    assert (edit.text(), edit.cursorPosition()) == (text, cursor)
    QTest.keyClick(edit, Qt.Key.Key_Return)
    assert window.controller.doc.frame_by_id(frame.id).width_pt == pytest.approx(mm_to_pt(118.0))


def test_an_autosave_while_typing_a_caption_leaves_its_text_and_cursor_alone(make_window, qtbot):
    window = _active(make_window(), qtbot)
    photo, caption = _in_a_caption(window)
    _ime_commit(caption, "职工")
    QTest.keyClick(caption, Qt.Key.Key_Left)
    cursor = caption.textCursor().position()

    window.files.autosave.flush()

    assert _caption_text(window.controller.doc, photo.id) == "职工"
    assert (caption.toPlainText(), caption.textCursor().position()) == ("职工", cursor)
    _ime_commit(caption, "优秀")  # typed at the cursor, between 职 and 工
    window.controller.commit_pending()
    assert _caption_text(window.controller.doc, photo.id) == "职优秀工"


# ------------------------------------------------------------- live caption


def _page_text(window, story_id: str, page: int) -> str:
    items = window.controller.layout.pages[page].items
    return "".join(getattr(item, "text", "") for item in items if getattr(item, "story_id", None) == story_id)


def test_a_typed_caption_shows_on_the_page_and_undoes_in_one_step(make_window, qtbot):
    window = _active(make_window(), qtbot)
    photo, caption = _in_a_caption(window)
    page = window.controller.page_index_of(photo.id)
    stack = window.controller.undo_stack

    _ime_commit(caption, "青年")
    assert window.controller.doc.frame_by_id(photo.id).caption is None  # not per keystroke: after a pause
    qtbot.waitUntil(lambda: window.controller.doc.frame_by_id(photo.id).caption is not None,
                    timeout=TEXT_COMMIT_DELAY_MS * 10)
    story_id = window.controller.doc.frame_by_id(photo.id).caption.story_id
    assert _page_text(window, story_id, page) == "青年"
    _ime_commit(caption, "突击队")
    qtbot.waitUntil(lambda: _page_text(window, story_id, page) == "青年突击队", timeout=TEXT_COMMIT_DELAY_MS * 10)
    assert stack.count() == 1 and caption.hasFocus()

    window.menu_actions.actions["undo"].trigger()

    assert window.controller.doc.frame_by_id(photo.id) == photo
    assert story_id not in window.controller.doc.stories


def test_typing_after_leaving_the_caption_is_a_second_undo_step(make_window, qtbot):
    window = _active(make_window(), qtbot)
    photo, caption = _in_a_caption(window)
    _ime_commit(caption, "第一句")
    _click_into(window.properties_panel.geometry_section.x)  # leaving stores it
    _click_into(caption)
    caption.moveCursor(caption.textCursor().MoveOperation.End)
    _ime_commit(caption, "第二句")
    window.controller.commit_pending()
    assert _caption_text(window.controller.doc, photo.id) == "第一句第二句"

    window.menu_actions.actions["undo"].trigger()

    assert _caption_text(window.controller.doc, photo.id) == "第一句"


# ------------------------------------------------------- input methods


def test_number_fields_ask_for_latin_digits_and_read_full_width_ones(make_window, qtbot):
    window, frame = _on_a_text_frame(make_window, qtbot)
    boxes = window.properties_panel.findChildren(QAbstractSpinBox)
    assert len(boxes) >= 10
    for box in boxes:
        assert box.inputMethodQuery(Qt.InputMethodQuery.ImEnabled) is False, box
        assert box.inputMethodHints() & Qt.InputMethodHint.ImhPreferNumbers, box
    width = window.properties_panel.geometry_section.width
    edit = _click_into(width)
    QTest.keyClick(edit, Qt.Key.Key_A, CTRL)
    QApplication.sendEvent(edit, QKeyEvent(QEvent.Type.KeyPress, 0, Qt.KeyboardModifier.NoModifier, "１１８"))
    QTest.keyClick(edit, Qt.Key.Key_Return)
    assert window.controller.doc.frame_by_id(frame.id).width_pt == pytest.approx(mm_to_pt(118.0))


def test_issue_dialog_takes_a_year_typed_without_enter(make_window, qtbot):
    window = make_window()
    dialog = IssueDialog(window.controller.doc.issue, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.year.setFocus()
    dialog.year.lineEdit().selectAll()
    QTest.keyClicks(dialog.year.lineEdit(), "2026")
    assert dialog.fields()["year"] == 2026
