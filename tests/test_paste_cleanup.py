"""Paste clean-up (issue 10): pasted text and HTML become the source's paragraphs in the
current style, bold kept and every foreign font, colour and size dropped; 选择性粘贴 keeps
the text exactly as copied."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest

from editor.model import Paragraph, Run, Story, TextFrame
from editor.model.paste_cleanup import paragraphs_from_html, paragraphs_from_text, text_paragraphs
from tests.canvas_helpers import blank_document, shown_canvas

CHAT_TEXT = (
    "　　今年以来，公司坚持安全生产，\r\n"
    "全年未发生重大事故。\r\n"
    "\r\n"
    "\r\n"
    "    第二段写在这里，被邮件程序\n"
    "硬换行了一次！  \n"
    "\n"
    "\tThe plant was\n"
    "opened in 1958.\n"
    "\u3000\u3000第四段紧接着，没有空行。\n"
)

WORD_HTML = (
    "<html><head><style>p {color: red}</style></head><body><!--StartFragment-->"
    '<p class="MsoNormal"><span style="font-family:宋体;color:#FF0000;font-size:18pt">　　本报讯</span>'
    '<b><span style="font-family:Arial;color:blue">重点工作</span></b>'
    '<span style="font-size:9pt">顺利完成。</span></p>'
    '<div><font face="楷体" color="green" size="5">第二段</font><strong>加粗字</strong>'
    '<span style="font-weight:700;color:#333">也粗</span><span style="font-weight:400">不粗</span></div>'
    "<p>第三段<br>换行<br><br>第四段</p>"
    "<ul><li>甲</li><li>乙</li></ul><!--EndFragment--></body></html>"
)


def _runs(paragraphs: list[Paragraph]) -> list[list[tuple[str, str | None]]]:
    return [[(run.text, run.char_style) for run in p.runs] for p in paragraphs]


def test_pasted_text_gives_exactly_the_paragraphs_of_the_source():
    assert text_paragraphs(CHAT_TEXT) == [
        "今年以来，公司坚持安全生产，全年未发生重大事故。",
        "第二段写在这里，被邮件程序硬换行了一次！",
        "The plant was opened in 1958.",
        "第四段紧接着，没有空行。",
    ]


def test_a_line_after_sentence_final_punctuation_starts_a_paragraph_and_line_breaks_stay():
    assert text_paragraphs("第一句。\n第二句\n接着\u2028换行") == ["第一句。", "第二句接着\n换行"]


def test_pasted_text_paragraphs_take_the_given_style_and_no_character_style():
    pasted = paragraphs_from_text("一\n\n二", "正文")
    assert [p.style for p in pasted] == ["正文", "正文"]
    assert _runs(pasted) == [[("一", None)], [("二", None)]]


def test_pasted_html_with_fonts_and_colours_keeps_only_bold():
    pasted = paragraphs_from_html(WORD_HTML, "正文", "加粗")
    assert [p.style for p in pasted] == ["正文"] * 6
    assert _runs(pasted) == [
        [("本报讯", None), ("重点工作", "加粗"), ("顺利完成。", None)],
        [("第二段", None), ("加粗字也粗", "加粗"), ("不粗", None)],
        [("第三段换行", None)],  # a <br> inside a sentence is joined (tests/test_paste_line_breaks.py)
        [("第四段", None)],
        [("甲", None)],
        [("乙", None)],
    ]


def test_a_collapsed_space_between_chinese_characters_goes_but_one_between_words_stays():
    pasted = paragraphs_from_html("<p>中铝\n  股份 <i>Chalco</i>\n Ltd</p>", "正文", "加粗")
    assert _runs(pasted) == [[("中铝股份 Chalco Ltd", None)]]


def _doc_with_frame():
    doc = blank_document()
    doc.stories["s"] = Story(id="s", paragraphs=[Paragraph(style="正文", runs=[Run(text="前文")])])
    doc.pages[0].frames.append(TextFrame(id="f", story_id="s", x_pt=60, y_pt=80, width_pt=300, height_pt=300))
    return doc


def _set_clipboard(html: str, text: str) -> None:
    mime = QMimeData()
    mime.setHtml(html)
    mime.setText(text)
    QGuiApplication.clipboard().setMimeData(mime)


def _story_runs(controller) -> list[list[tuple[str, str | None]]]:
    return _runs(controller.doc.stories["s"].paragraphs)


def test_ctrl_v_while_editing_pastes_cleaned_html_with_bold_in_one_undo_step(qtbot):
    controller, canvas = shown_canvas(qtbot, _doc_with_frame())
    assert "加粗" not in controller.doc.character_styles
    canvas.start_text_editing("f")
    QTest.keyClick(canvas, Qt.Key.Key_End)
    _set_clipboard('<p><span style="color:red;font-family:黑体">红字</span><b>粗</b></p><p>　　次段</p>',
                   "红字粗\n\n　　次段")
    before = controller.undo_stack.count()
    QTest.keyClick(canvas, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert _story_runs(controller) == [[("前文红字", None), ("粗", "加粗")], [("次段", None)]]
    assert [p.style for p in controller.doc.stories["s"].paragraphs] == ["正文", "正文"]
    assert controller.doc.character_styles["加粗"].bold is True
    assert controller.undo_stack.count() == before + 1
    controller.undo_stack.undo()
    assert _story_runs(controller) == [[("前文", None)]]
    assert "加粗" not in controller.doc.character_styles


def test_ctrl_v_with_only_text_cleans_it_and_ctrl_shift_v_keeps_it_as_copied(qtbot):
    controller, canvas = shown_canvas(qtbot, _doc_with_frame())
    canvas.start_text_editing("f")
    QTest.keyClick(canvas, Qt.Key.Key_End)
    QGuiApplication.clipboard().setText("甲\n\n　　乙")
    QTest.keyClick(canvas, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert _story_runs(controller) == [[("前文甲", None)], [("乙", None)]]
    controller.undo_stack.undo()
    assert _story_runs(controller) == [[("前文", None)]]
    QTest.keyClick(canvas, Qt.Key.Key_End)
    QTest.keyClick(canvas, Qt.Key.Key_V,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert _story_runs(controller) == [[("前文甲", None)], [], [("　　乙", None)]]
    controller.undo_stack.undo()  # one undo step takes the whole paste back
    assert _story_runs(controller) == [[("前文", None)]]


def test_the_edit_menu_pastes_as_copied_into_the_text_being_edited(make_window):
    window = make_window()
    controller, canvas = window.controller, window.canvas
    doc = controller.doc
    frame = next(f for f in doc.pages[0].frames if isinstance(f, TextFrame)
                 and doc.stories[f.story_id].paragraphs and doc.stories[f.story_id].paragraphs[0].plain_text())
    count = len(doc.stories[frame.story_id].paragraphs)
    assert canvas.start_text_editing(frame.id)
    QTest.keyClick(canvas, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)  # start of the story
    QGuiApplication.clipboard().setText("　　原样\n\n")
    action = window.menu_actions.actions["paste_as_copied"]
    assert action in window.menu_actions.menus["edit"].actions()
    action.trigger()
    story = controller.doc.stories[frame.story_id]
    assert [p.plain_text() for p in story.paragraphs[:2]] == ["　　原样", ""]
    assert len(story.paragraphs) == count + 2
