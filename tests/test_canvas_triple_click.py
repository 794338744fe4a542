"""Three clicks in text choose its paragraph, as in Word and WPS: the way to type over one placeholder
(在此输入标题) among several in a frame, which Ctrl+A (the whole story) cannot do."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest

from editor.layout.display import GlyphRun
from editor.model import Paragraph, Run, Story, TextFrame
from tests.canvas_helpers import blank_document, shown_canvas, view_point

LEFT, NONE = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
PARAGRAPHS = ["在此输入标题", "在此输入副标题，二十字以内", "在此粘贴正文"]


def _placeholders_being_edited(qtbot):
    doc = blank_document()
    doc.stories["s"] = Story(id="s", paragraphs=[Paragraph(style="正文", runs=[Run(text=t)]) for t in PARAGRAPHS])
    doc.pages[0].frames.append(TextFrame(id="f", story_id="s", x_pt=60, y_pt=80, width_pt=300, height_pt=200))
    controller, canvas = shown_canvas(qtbot, doc)
    canvas.start_text_editing("f")
    line = [ln for ln in controller.layout.pages[0].lines if ln.story_id == "s"][1]  # the second paragraph
    run = next(i for i in controller.layout.pages[0].items
               if isinstance(i, GlyphRun) and i.story_id == "s" and i.paragraph_index == 1)
    return controller, canvas, view_point(canvas, 0, run.box_left_pt[3] + 2, line.baseline_pt - 3)


def _texts(story: Story) -> list[str]:
    return ["".join(run.text for run in paragraph.runs) for paragraph in story.paragraphs]


def test_a_third_click_chooses_the_paragraph_and_typing_replaces_it(qtbot):
    controller, canvas, point = _placeholders_being_edited(qtbot)
    QTest.mouseDClick(canvas.viewport(), LEFT, NONE, point)
    assert canvas.editor.selected_text() == "在此输入副标题"  # two clicks: the word (up to the comma)
    QTest.mouseClick(canvas.viewport(), LEFT, NONE, point)
    assert canvas.editor.selected_text() == "在此输入副标题，二十字以内"
    QTest.keyClicks(canvas, "A")
    assert _texts(controller.doc.stories["s"]) == ["在此输入标题", "A", "在此粘贴正文"]


def test_a_click_after_the_double_click_interval_only_places_the_caret(qtbot):
    _, canvas, point = _placeholders_being_edited(qtbot)
    QTest.mouseDClick(canvas.viewport(), LEFT, NONE, point)
    time.sleep(QGuiApplication.styleHints().mouseDoubleClickInterval() / 1000.0 + 0.05)
    QTest.mouseClick(canvas.viewport(), LEFT, NONE, point)
    assert canvas.editor.selected_text() == ""


def test_a_third_click_elsewhere_only_places_the_caret(qtbot):
    _, canvas, point = _placeholders_being_edited(qtbot)
    QTest.mouseDClick(canvas.viewport(), LEFT, NONE, point)
    far = point + type(point)(0, 60)  # two lines down: 在此粘贴正文's line or below
    QTest.mouseClick(canvas.viewport(), LEFT, NONE, far)
    assert canvas.editor.selected_text() == ""
