"""In-place text editing on the canvas: input methods, typing, keys, paragraph styles."""

from __future__ import annotations

import copy

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QImage, QInputMethodEvent, QPainter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from editor import SAMPLE_PROJECT
from editor.io.project import load_project
from editor.layout.display import GlyphRun
from editor.model import Paragraph, Run, Story, TextFrame
from tests.canvas_helpers import blank_document, shown_canvas, type_text, view_point


def _story_text(story: Story) -> list[str]:
    return ["".join(r.text for r in p.runs) for p in story.paragraphs]


def _layout_text(controller, story_id: str) -> str:
    return "".join(item.text for page in controller.layout.pages for item in page.items
                   if isinstance(item, GlyphRun) and item.story_id == story_id)


def _doc_with_frame(text: str = "中铝股份"):
    doc = blank_document()
    doc.stories["s"] = Story(id="s", paragraphs=[Paragraph(style="正文", runs=[Run(text=text)])])
    doc.pages[0].frames.append(TextFrame(id="f", story_id="s", x_pt=60, y_pt=80, width_pt=300, height_pt=200))
    return doc


def _ime(canvas, commit: str = "", preedit: str = "", cursor: int | None = None) -> None:
    attributes = []
    if preedit:
        attributes.append(QInputMethodEvent.Attribute(QInputMethodEvent.AttributeType.Cursor,
                                                      len(preedit) if cursor is None else cursor, 1, None))
    event = QInputMethodEvent(preedit, attributes)
    if commit:
        event.setCommitString(commit)
    QApplication.sendEvent(canvas, event)


def _render_scene(canvas, rect: QRectF) -> QImage:
    image = QImage(400, 200, QImage.Format.Format_ARGB32)
    image.fill(0xFFFFFFFF)
    painter = QPainter(image)
    canvas.scene().render(painter, QRectF(image.rect()), rect)
    painter.end()
    return image


def test_input_method_commit_goes_into_the_story_and_the_layout(qtbot):
    controller, canvas = shown_canvas(qtbot, _doc_with_frame())
    assert canvas.start_text_editing("f")
    assert canvas.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)
    assert canvas.inputMethodQuery(Qt.InputMethodQuery.ImEnabled)
    _ime(canvas, commit="党群工作")
    assert _story_text(controller.doc.stories["s"]) == ["中铝股份党群工作"]
    assert "中铝股份党群工作" in _layout_text(controller, "s")
    assert controller.undo_stack.undoText() == "输入文字"


def test_preedit_is_drawn_at_the_caret_but_not_stored(qtbot):
    controller, canvas = shown_canvas(qtbot, _doc_with_frame())
    canvas.start_text_editing("f")
    stored = copy.deepcopy(controller.doc)
    caret = canvas.editor.caret_scene_rect()
    area = QRectF(caret.left() - 20, caret.top() - 20, 200, 100)
    canvas.editor._caret_on = False  # keep the blink out of the comparison
    without = _render_scene(canvas, area)

    _ime(canvas, preedit="dang'qun")
    assert canvas.editor.preedit == "dang'qun"
    canvas.editor._caret_on = False
    with_preedit = _render_scene(canvas, area)
    assert with_preedit != without  # the preedit string is drawn …
    assert controller.doc == stored  # … but not stored
    assert controller.undo_stack.count() == 0

    # The candidate window is asked to open at the caret (after the preedit's cursor), in view pixels.
    rect = canvas.inputMethodQuery(Qt.InputMethodQuery.ImCursorRectangle)
    expected = canvas.mapFromScene(canvas.editor.caret_scene_rect().topLeft()) + canvas.viewport().pos()
    assert isinstance(rect, (QRect, QRectF))
    assert abs(rect.x() - expected.x()) <= 1 and abs(rect.y() - expected.y()) <= 1
    assert rect.x() > canvas.mapFromScene(caret.topLeft()).x()  # moved right by the preedit text
    assert canvas.viewport().rect().contains(rect.toRect().center() if isinstance(rect, QRectF) else rect.center())

    _ime(canvas, commit="党群")  # choosing a candidate commits it and clears the preedit
    assert canvas.editor.preedit == ""
    assert _story_text(controller.doc.stories["s"]) == ["中铝股份党群"]


def test_input_method_queries_describe_the_paragraph_at_the_caret(qtbot):
    controller, canvas = shown_canvas(qtbot, _doc_with_frame("党建引领"))
    canvas.start_text_editing("f")
    Q = Qt.InputMethodQuery
    assert canvas.editor.inputMethodQuery(Q.ImSurroundingText) == "党建引领"
    assert canvas.editor.inputMethodQuery(Q.ImCursorPosition) == 4
    # The candidate window is sized for the text at the caret: 正文's size at this zoom.
    size_pt = controller.doc.paragraph_styles["正文"].size_pt
    assert canvas.editor.inputMethodQuery(Q.ImFont).pixelSize() == round(size_pt * canvas.px_per_pt())
    assert canvas.editor.inputMethodQuery(Q.ImHints) == Qt.InputMethodHint.ImhMultiLine


def test_typing_a_word_is_one_undo_step_and_keys_edit_like_word(qtbot):
    controller, canvas = shown_canvas(qtbot, _doc_with_frame("中铝"))
    canvas.start_text_editing("f")
    QTest.keyClicks(canvas, "abc")
    assert _story_text(controller.doc.stories["s"]) == ["中铝abc"]
    assert controller.undo_stack.count() == 1  # the word undoes together
    QTest.keyClick(canvas, Qt.Key.Key_Backspace)
    QTest.keyClick(canvas, Qt.Key.Key_Left)
    QTest.keyClick(canvas, Qt.Key.Key_Left)
    QTest.keyClick(canvas, Qt.Key.Key_Return)
    assert _story_text(controller.doc.stories["s"]) == ["中铝", "ab"]
    assert [p.style for p in controller.doc.stories["s"].paragraphs] == ["正文", "正文"]
    QTest.keyClick(canvas, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert _story_text(controller.doc.stories["s"]) == ["中铝", "\nab"]
    QTest.keyClick(canvas, Qt.Key.Key_Delete)
    assert _story_text(controller.doc.stories["s"]) == ["中铝", "\nb"]
    QTest.keyClick(canvas, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(canvas, Qt.Key.Key_Delete)
    assert _story_text(controller.doc.stories["s"]) == ["铝", "\nb"]
    QTest.keyClick(canvas, Qt.Key.Key_Escape)
    assert not canvas.is_text_editing()
    assert controller.selection == ("f",)


def test_delete_key_deletes_a_character_not_the_frame_even_with_a_menu_shortcut(qtbot):
    from PySide6.QtGui import QAction, QKeySequence

    controller, canvas = shown_canvas(qtbot, _doc_with_frame("中铝"))
    deleted = []
    action = QAction("删除", canvas)
    action.setShortcut(QKeySequence(Qt.Key.Key_Delete))
    action.triggered.connect(lambda: deleted.append(True))
    canvas.addAction(action)
    canvas.start_text_editing("f")
    QTest.keyClick(canvas, Qt.Key.Key_Home)
    QTest.keyClick(canvas, Qt.Key.Key_Delete)
    assert _story_text(controller.doc.stories["s"]) == ["铝"]
    assert not deleted


def test_paragraph_style_can_be_chosen_while_typing(qtbot):
    controller, canvas = shown_canvas(qtbot, _doc_with_frame("标题文字"))
    styles = []
    canvas.paragraph_style_changed.connect(styles.append)
    canvas.start_text_editing("f")
    QTest.keyClick(canvas, Qt.Key.Key_Return)
    QTest.keyClicks(canvas, "x")
    QTest.keyClick(canvas, Qt.Key.Key_Up)
    assert canvas.set_paragraph_style("标题")
    assert [p.style for p in controller.doc.stories["s"].paragraphs] == ["标题", "正文"]
    assert styles[-1] == "标题"
    assert canvas.is_text_editing()


def test_double_click_puts_the_caret_where_clicked(qtbot):
    controller, canvas = shown_canvas(qtbot, _doc_with_frame("一二三四五六"))
    lines = [ln for ln in controller.layout.pages[0].lines if ln.story_id == "s"]
    run = next(i for i in controller.layout.pages[0].items if isinstance(i, GlyphRun) and i.story_id == "s")
    # between 三 and 四: the left edge of 四's box
    x = run.box_left_pt[3] + 0.5
    QTest.mouseDClick(canvas.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                      view_point(canvas, 0, x, lines[0].baseline_pt - 3))
    assert canvas.is_text_editing()
    assert canvas.editor.caret == (0, 3)


def test_typing_reflows_the_sample_and_repaints_only_its_page(qtbot):
    controller, canvas = shown_canvas(qtbot, load_project(SAMPLE_PROJECT))
    canvas.show_page(1)
    QApplication.processEvents()
    lead = controller.doc.story_frames("lead")[0]
    canvas.start_text_editing(lead.id)
    canvas.editor.move_to((0, 3), False)
    renders = [p.renders for p in canvas.page_items()]
    type_text(canvas, "党")
    canvas.viewport().repaint()
    after = [p.renders for p in canvas.page_items()]
    assert after[0] == renders[0] and after[2:] == renders[2:]
    assert "党" in controller.doc.stories["lead"].paragraphs[0].runs[0].text


def test_double_click_while_editing_selects_the_word_and_typing_replaces_it(qtbot):
    controller, canvas = shown_canvas(qtbot, _doc_with_frame("党建 work，引领"))
    canvas.start_text_editing("f")
    run = next(i for i in controller.layout.pages[0].items if isinstance(i, GlyphRun) and i.story_id == "s"
               and "w" in i.text)
    x = run.box_left_pt[run.text.index("o")] + 1
    line = next(ln for ln in controller.layout.pages[0].lines if ln.story_id == "s")
    QTest.mouseDClick(canvas.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                      view_point(canvas, 0, x, line.baseline_pt - 3))
    assert canvas.editor.selected_text() == "work"
    QTest.keyClicks(canvas, "job")
    assert _story_text(controller.doc.stories["s"]) == ["党建 job，引领"]


def test_clicking_another_text_frame_while_editing_moves_the_caret_there(qtbot):
    doc = _doc_with_frame("甲")
    doc.stories["t"] = Story(id="t", paragraphs=[Paragraph(style="正文", runs=[Run(text="乙丙")])])
    doc.pages[0].frames.append(TextFrame(id="g", story_id="t", x_pt=60, y_pt=400, width_pt=300, height_pt=100))
    controller, canvas = shown_canvas(qtbot, doc)
    canvas.start_text_editing("f")
    QTest.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     view_point(canvas, 0, 300, 450))
    assert canvas.editing_frame_id == "g" and canvas.editor.story_id == "t"
    QTest.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     view_point(canvas, 0, 500, 700))
    assert not canvas.is_text_editing()


def test_alt_letters_stay_menu_accelerators_while_typing(qtbot):
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent

    from editor.ui.canvas import text_keys

    alt_f = QKeyEvent(QEvent.Type.ShortcutOverride, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier, "f")
    alt_gr = QKeyEvent(QEvent.Type.ShortcutOverride, Qt.Key.Key_E,
                       Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ControlModifier, "€")
    plain = QKeyEvent(QEvent.Type.ShortcutOverride, Qt.Key.Key_F, Qt.KeyboardModifier.NoModifier, "f")
    assert not text_keys.claims(alt_f)
    assert text_keys.claims(alt_gr) and text_keys.claims(plain)
