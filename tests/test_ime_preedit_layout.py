"""An input method's preedit laid out in its paragraph (issue #14), with synthesized input-method events.

As in Word and WPS, the text being composed takes room in the paragraph: the
characters after the caret move aside by its advance and a line wraps as it
will after the commit; the candidate window is asked to open at the preedit's
caret, on the line it wrapped to, at any zoom and scroll position; and the
preedit never reaches the model, the undo stack or the autosave. The real
input method (IBus 拼音) is driven in ``test_ime_real``.
"""

from __future__ import annotations

import copy

import pytest
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from editor.io.project import document_json_bytes
from editor.layout.display import GlyphRun
from editor.model import Paragraph, ParagraphStyle, Run, Story, TextFrame
from tests.canvas_helpers import blank_document, shown_canvas

SIZE_PT = 12.0
LEADING_PT = 20.0
FRAME = (60.0, 80.0, 10 * SIZE_PT, 200.0)  # x, y, width, height: ten Han characters a line


def _doc(text: str):
    doc = blank_document()
    doc.paragraph_styles["正文"] = ParagraphStyle(name="正文", size_pt=SIZE_PT, leading_pt=LEADING_PT,
                                                 first_line_indent_chars=0.0, alignment="left",
                                                 avoid_single_char_last_line=False)
    doc.stories["s"] = Story(id="s", paragraphs=[Paragraph(style="正文", runs=[Run(text=text)])])
    x, y, width, height = FRAME
    doc.pages[0].frames.append(TextFrame(id="f", story_id="s", x_pt=x, y_pt=y, width_pt=width, height_pt=height))
    return doc


def _ime(canvas, preedit: str = "", commit: str = "") -> None:
    attributes = [QInputMethodEvent.Attribute(QInputMethodEvent.AttributeType.Cursor, len(preedit), 1, None)]
    event = QInputMethodEvent(preedit, attributes)
    if commit:
        event.setCommitString(commit)
    QApplication.sendEvent(canvas, event)


def _shown_glyphs(canvas) -> list[tuple[str, float, float, float]]:
    """(character, left, right, baseline) of every glyph of the story as the canvas shows page 1."""
    glyphs = []
    for item in canvas.page_items()[0].page.items:
        if isinstance(item, GlyphRun) and item.story_id == "s":
            for i, ch in enumerate(item.text):
                left = item.box_left_pt[i]
                glyphs.append((ch, left, left + item.box_width_pt[i], item.baseline_pt))
    return glyphs


def _glyph(canvas, ch: str) -> tuple[str, float, float, float]:
    found = [g for g in _shown_glyphs(canvas) if g[0] == ch]
    assert len(found) == 1, (ch, _shown_glyphs(canvas))
    return found[0]


def _editing_at(qtbot, text: str, offset: int):
    controller, canvas = shown_canvas(qtbot, _doc(text))
    assert canvas.start_text_editing("f")
    canvas.editor.move_to((0, offset), extend=False)
    return controller, canvas


def test_a_preedit_mid_paragraph_moves_the_following_character_right_by_its_advance(qtbot):
    controller, canvas = _editing_at(qtbot, "中铝股份党群", 4)
    before = _glyph(canvas, "党")

    _ime(canvas, preedit="中国")

    after = _glyph(canvas, "党")
    # Two Han characters of a 12 pt face advance 24 pt (the fonts' Han advance is one em).
    assert after[1] == pytest.approx(before[1] + 2 * SIZE_PT, abs=0.01)
    assert after[3] == before[3]  # same line
    assert "".join(g[0] for g in _shown_glyphs(canvas)) == "中铝股份中国党群"  # shown, not painted over

    _ime(canvas, preedit="")  # Escape: the input method withdraws the preedit
    assert _glyph(canvas, "党") == before
    assert canvas.page_items()[0].page.items == controller.layout.pages[0].items


def test_a_preedit_never_reaches_the_model_the_undo_stack_or_the_autosave(qtbot):
    controller, canvas = _editing_at(qtbot, "中铝股份党群", 4)
    stored, saved_bytes = copy.deepcopy(controller.doc), document_json_bytes(controller.doc)

    _ime(canvas, preedit="中国")
    _ime(canvas, preedit="中国人")

    assert controller.doc == stored
    assert document_json_bytes(controller.doc) == saved_bytes  # what an autosave snapshot writes
    assert controller.undo_stack.count() == 0 and controller.undo_stack.isClean()  # no snapshot is due
    assert "".join(r.text for r in controller.doc.stories["s"].paragraphs[0].runs) == "中铝股份党群"

    _ime(canvas, commit="中国")
    assert "".join(r.text for r in controller.doc.stories["s"].paragraphs[0].runs) == "中铝股份中国党群"
    assert controller.undo_stack.count() == 1
    assert canvas.page_items()[0].page.items == controller.layout.pages[0].items


def _line_end_preedit(qtbot, zoom: float):
    """Nine characters and the caret at the paragraph's end; a two-character preedit overflows the line."""
    controller, canvas = _editing_at(qtbot, "一二三四五六七八九", 9)
    canvas.set_zoom(zoom)
    first = _glyph(canvas, "一")
    _ime(canvas, preedit="中国")
    return controller, canvas, first


def test_a_preedit_at_a_line_end_wraps_to_the_next_line_within_the_frame(qtbot):
    controller, canvas, first = _line_end_preedit(qtbot, 1.0)
    x, y, width, height = FRAME

    zhong, guo = _glyph(canvas, "中"), _glyph(canvas, "国")
    assert zhong[1] == pytest.approx(x + 9 * SIZE_PT, abs=0.01) and zhong[3] == first[3]  # the line's last place
    assert guo[3] == pytest.approx(first[3] + LEADING_PT, abs=0.01)  # the next line …
    assert guo[1] == pytest.approx(x, abs=0.01)  # … from the frame's left edge
    assert all(x - 0.01 <= g[1] and g[2] <= x + width + 0.01 for g in _shown_glyphs(canvas))
    assert controller.doc.stories["s"].paragraphs[0].runs[0].text == "一二三四五六七八九"


def _cursor_in_page_points(canvas) -> QRectF:
    """ImCursorRectangle (the canvas's pixels, where the candidate window opens) back in page-1 points."""
    rect = canvas.inputMethodQuery(Qt.InputMethodQuery.ImCursorRectangle)
    assert isinstance(rect, QRectF) and rect.height() > 0
    assert canvas.rect().contains(rect.center().toPoint())  # on screen
    offset = QPointF(canvas.viewport().pos())
    top_left = canvas.mapToScene((rect.topLeft() - offset).toPoint())
    bottom = canvas.mapToScene((rect.bottomLeft() - offset).toPoint())
    origin = canvas.page_origin(0)
    return QRectF(top_left - origin, bottom - origin)


@pytest.mark.parametrize("zoom", [1.0, 2.0])
def test_the_cursor_rectangle_follows_the_wrapped_preedit_at_any_zoom_and_scroll(qtbot, zoom):
    controller, canvas, first = _line_end_preedit(qtbot, zoom)
    x, y, width, height = FRAME
    guo = _glyph(canvas, "国")
    tolerance = 1.5 / canvas.px_per_pt()  # a pixel or so of rounding

    for scroll_px in (0, 23):
        canvas.horizontalScrollBar().setValue(canvas.horizontalScrollBar().value() + scroll_px)
        canvas.verticalScrollBar().setValue(canvas.verticalScrollBar().value() + scroll_px)
        cursor = _cursor_in_page_points(canvas)
        assert cursor.left() == pytest.approx(guo[2], abs=tolerance)  # after 国, on the wrapped line
        assert cursor.top() < guo[3] < cursor.bottom()
        assert guo[3] > first[3] + LEADING_PT / 2  # (the second line, not the first)
        assert x <= cursor.left() <= x + width and y <= cursor.top() and cursor.bottom() <= y + height
    anchor = canvas.inputMethodQuery(Qt.InputMethodQuery.ImAnchorRectangle)
    assert anchor == canvas.inputMethodQuery(Qt.InputMethodQuery.ImCursorRectangle)


def test_the_canvas_asks_input_methods_for_multi_line_chinese_text(qtbot):
    controller, canvas = _editing_at(qtbot, "中铝", 2)
    hints = Qt.InputMethodHint(canvas.inputMethodQuery(Qt.InputMethodQuery.ImHints))
    assert hints & Qt.InputMethodHint.ImhMultiLine
    for latin_or_digits in (Qt.InputMethodHint.ImhLatinOnly, Qt.InputMethodHint.ImhDigitsOnly,
                            Qt.InputMethodHint.ImhPreferLatin, Qt.InputMethodHint.ImhPreferNumbers):
        assert not hints & latin_or_digits
    assert canvas.inputMethodQuery(Qt.InputMethodQuery.ImPreferredLanguage) == "zh_CN"


def test_number_fields_ask_input_methods_for_latin_numbers_and_take_no_composition(qtbot):
    from editor.ui.panels.widgets import CountSpinBox, MmSpinBox, NumberSpinBox

    H = Qt.InputMethodHint
    for box, numbers in ((MmSpinBox(0.0), H.ImhFormattedNumbersOnly),
                         (NumberSpinBox(0.0, 100.0), H.ImhFormattedNumbersOnly), (CountSpinBox(1, 12), H.ImhDigitsOnly)):
        qtbot.addWidget(box)
        hints = Qt.InputMethodHint(box.inputMethodQuery(Qt.InputMethodQuery.ImHints))
        for wanted in (H.ImhPreferLatin, H.ImhLatinOnly, H.ImhPreferNumbers, H.ImhNoPredictiveText, numbers):
            assert hints & wanted, (box, wanted)
        assert box.inputMethodQuery(Qt.InputMethodQuery.ImEnabled) is False  # 拼音 composes nothing here


def test_a_preedit_over_a_selection_shows_it_replaced_and_stores_nothing(qtbot):
    controller, canvas = _editing_at(qtbot, "中铝股份党群", 2)
    canvas.editor.move_to((0, 4), extend=True)  # 股份 selected
    anchor = canvas.inputMethodQuery(Qt.InputMethodQuery.ImAnchorRectangle)
    cursor = canvas.inputMethodQuery(Qt.InputMethodQuery.ImCursorRectangle)
    assert cursor.left() - anchor.left() == pytest.approx(2 * SIZE_PT * canvas.px_per_pt(), abs=1.0)  # 股份 apart

    _ime(canvas, preedit="中国")

    assert "".join(g[0] for g in _shown_glyphs(canvas)) == "中铝中国党群"  # as the commit will make it
    assert "".join(r.text for r in controller.doc.stories["s"].paragraphs[0].runs) == "中铝股份党群"
    _ime(canvas, commit="中国")
    assert "".join(r.text for r in controller.doc.stories["s"].paragraphs[0].runs) == "中铝中国党群"


def test_ending_the_edit_or_changing_the_story_while_composing_shows_the_layout_again(qtbot):
    controller, canvas = _editing_at(qtbot, "中铝股份党群", 4)
    canvas.editor.insert("工")  # an undoable edit before composing
    _ime(canvas, preedit="中国")
    assert "".join(g[0] for g in _shown_glyphs(canvas)) == "中铝股份工中国党群"

    controller.undo_stack.undo()  # the story changes under the preedit: laid out again on the new text …
    caret = canvas.editor.caret[1]
    assert "".join(g[0] for g in _shown_glyphs(canvas)) == "中铝股份党群"[:caret] + "中国" + "中铝股份党群"[caret:]
    assert "工" not in "".join(g[0] for g in _shown_glyphs(canvas))  # … at the caret where the undo left it

    canvas.stop_text_editing()
    assert canvas.editor.preedit == ""
    assert canvas.page_items()[0].page.items == controller.layout.pages[0].items
    assert "".join(g[0] for g in _shown_glyphs(canvas)) == "中铝股份党群"


def test_a_preedit_at_the_end_of_a_frame_pushes_the_text_into_the_next_frame_of_the_thread(qtbot):
    doc = _doc("一二三四五六七八九十甲乙")
    x, y, width, height = FRAME
    first = doc.pages[0].frames[0]
    first.height_pt, first.next_frame_id = LEADING_PT, "g"  # one line, then frame g below
    doc.pages[0].frames.append(TextFrame(id="g", story_id="s", x_pt=x, y_pt=y + 300.0, width_pt=width,
                                         height_pt=height))
    controller, canvas = shown_canvas(qtbot, doc)
    canvas.start_text_editing("f")
    canvas.editor.move_to((0, 9), extend=False)  # before 十, the first line's last character
    assert _glyph(canvas, "十")[3] < y + LEADING_PT
    assert _glyph(canvas, "甲")[3] > y + 300.0

    _ime(canvas, preedit="中国")

    assert _glyph(canvas, "中")[3] < y + LEADING_PT  # the line's last place …
    for pushed in "国十甲":
        assert _glyph(canvas, pushed)[3] > y + 300.0  # … and the rest in the next frame
    cursor = _cursor_in_page_points(canvas)
    assert cursor.top() > y + 300.0 and cursor.left() == pytest.approx(_glyph(canvas, "国")[2], abs=1.0)


def test_a_preedit_in_a_masters_text_is_laid_out_on_the_page_where_it_is_typed(qtbot):
    from PySide6.QtTest import QTest

    from tests.canvas_helpers import view_point
    from tests.test_masters_model import _running_head_doc

    controller, canvas = shown_canvas(qtbot, _running_head_doc(pages=3))
    canvas.show_page(1)
    controller.edit_master("M")
    point = view_point(canvas, 1, 70.0, 40.0)  # in the running head, near its start
    QTest.mouseDClick(canvas.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    assert canvas.is_text_editing() and canvas.editing_frame_id == "head-frame"

    _ime(canvas, preedit="本刊")

    def texts(pages):
        return ["".join(i.text for i in page.items if isinstance(i, GlyphRun)) for page in pages]

    assert [text.count("本刊") for text in texts(item.page for item in canvas.page_items())] == [0, 1, 0]
    assert [text.count("本刊") for text in texts(controller.layout.pages)] == [0, 0, 0]
    _ime(canvas, commit="本刊")
    assert [text.count("本刊") for text in texts(controller.layout.pages)] == [1, 1, 1]
    assert [text.count("本刊") for text in texts(item.page for item in canvas.page_items())] == [1, 1, 1]


def test_a_preedit_in_overset_text_is_drawn_over_the_text_at_the_caret(qtbot):
    doc = _doc("一二三四五六七八九十" * 3)
    doc.pages[0].frames[0].height_pt = LEADING_PT  # one line shows; the caret at the end is in the overset
    controller, canvas = shown_canvas(qtbot, doc)
    canvas.start_text_editing("f")
    before = canvas.editor.caret_scene_rect()

    _ime(canvas, preedit="中国")

    after = canvas.editor.caret_scene_rect()
    assert after.top() == before.top()
    assert after.left() == pytest.approx(before.left() + 2 * SIZE_PT, abs=0.01)  # after the drawn preedit
    assert "中国" not in "".join(g[0] for g in _shown_glyphs(canvas))  # not laid out: beyond the frame
