"""A hard line break pasted from a web page or Word (HTML <br>, Word's vertical tab in plain
text) follows the rule a line break in pasted plain text follows (docs/使用说明.md §三, item 4:
微信和网页里在行尾硬换行的句子接回一段): inside a sentence it is joined — with no space beside
a Chinese character, one space between Latin words — and after a sentence's end, or before an
indented line, it begins a new paragraph. 选择性粘贴 (Ctrl+Shift+V) keeps every break as copied.
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest

from editor.model import Paragraph, Run, Story, TextFrame
from editor.model.paste_cleanup import paragraphs_from_html, text_paragraphs
from tests.canvas_helpers import blank_document, shown_canvas

BOLD = "加粗"
#: The user's walkthrough (/tmp/walk3/in/paste.html): a web page's HTML as Qt's clipboard gives it.
WALKTHROUGH_HTML = (
    '<html><body><p style="font-family:微软雅黑;color:#1A1A1A;font-size:16pt"><b>　　学习贯彻党的二十届四中全会精神</b>'
    '</p><p>&nbsp;</p><p style="font-family:宋体;color:red">　　11月24日，公司党委召开专题会议，传达学习<br>全会精神，'
    "研究部署贯彻落实工作。</p><p></p><p>　　会议强调，要深刻领会全会的重大意义，<br>切实把思想和行动统一到全会精神上来。"
    "</p></body></html>"
)
WALKTHROUGH_TEXT = "　　学习贯彻党的二十届四中全会精神\n\n　　11月24日，公司党委召开专题会议，传达学习\n全会精神，研究部署贯彻落实工作。"
#: The same paragraphs, written out by hand.
TITLE = "学习贯彻党的二十届四中全会精神"
FIRST = "11月24日，公司党委召开专题会议，传达学习全会精神，研究部署贯彻落实工作。"
SECOND = "会议强调，要深刻领会全会的重大意义，切实把思想和行动统一到全会精神上来。"
#: Word's HTML for a paragraph with Shift+Enter in it (the source's line breaks inside tags too).
WORD_HTML = (
    "<html><body><!--StartFragment-->"
    "<p class=MsoNormal><span lang=ZH-CN style='font-family:宋体'>会议要求各单位结合实际，<br>\r\n"
    "制定具体措施，确保各项任务落地见效。<br>\r\n下一步，公司将继续举办技能竞赛。<o:p></o:p></span></p>"
    "<!--EndFragment--></body></html>"
)


def _html_runs(html: str) -> list[list[tuple[str, str | None]]]:
    return [[(run.text, run.char_style) for run in p.runs] for p in paragraphs_from_html(html, "正文", BOLD)]


def _html_texts(html: str) -> list[str]:
    return [p.plain_text() for p in paragraphs_from_html(html, "正文", BOLD)]


def test_the_walkthrough_page_pastes_as_three_paragraphs_with_no_break_inside_a_sentence() -> None:
    assert _html_runs(WALKTHROUGH_HTML) == [[(TITLE, BOLD)], [(FIRST, None)], [(SECOND, None)]]


def test_a_br_in_the_middle_of_a_sentence_is_joined_as_the_same_text_pasted_plain_is() -> None:
    assert _html_texts("<p>　　11月24日，公司党委召开专题会议，传达学习<br>全会精神，研究部署贯彻落实工作。</p>") == [FIRST]
    assert text_paragraphs(WALKTHROUGH_TEXT) == [TITLE, FIRST]


def test_words_shift_enter_joins_inside_a_sentence_and_starts_a_paragraph_after_one() -> None:
    assert _html_texts(WORD_HTML) == ["会议要求各单位结合实际，制定具体措施，确保各项任务落地见效。", "下一步，公司将继续举办技能竞赛。"]


def test_a_br_after_a_sentence_end_begins_a_new_paragraph() -> None:
    assert _html_texts("<p>第一句。<br>第二句！<br>第三句？<br>第四句：<br>第五句</p>") == [
        "第一句。", "第二句！", "第三句？", "第四句：", "第五句"]


def test_a_br_before_a_line_indented_with_full_width_or_no_break_spaces_begins_a_new_paragraph() -> None:
    assert _html_texts("<div>甲段没有句号<br>　　乙段<br>&nbsp;&nbsp;丙段<br>\n  接着丙段</div>") == [
        "甲段没有句号", "乙段", "丙段接着丙段"]


def test_latin_words_either_side_of_a_br_are_joined_with_one_space() -> None:
    assert _html_texts("<p>The plant was <br> opened in<br>1958 by Chalco.</p>") == ["The plant was opened in 1958 by Chalco."]
    assert _html_texts("<p>中铝<br>Chalco<br>股份</p>") == ["中铝Chalco股份"]


def test_bold_on_either_side_of_a_joined_br_stays_where_it_was() -> None:
    assert _html_runs("<p><b>一是提高政治站位，</b><br>狠抓<b>落实</b><br>见效。</p>") == [
        [("一是提高政治站位，", BOLD), ("狠抓", None), ("落实", BOLD), ("见效。", None)]]


def test_two_brs_in_a_row_still_end_the_paragraph_and_breaks_at_either_end_go() -> None:
    assert _html_texts("<p><br>第三段<br><br>第四段<br></p>") == ["第三段", "第四段"]


def test_words_vertical_tab_in_plain_text_follows_the_same_rule_and_our_own_line_break_stays() -> None:
    assert text_paragraphs("结合实际，\x0b制定措施。\x0b下一步") == ["结合实际，制定措施。", "下一步"]
    assert text_paragraphs("诗的第一行\u2028第二行") == ["诗的第一行\n第二行"]


# ---------------------------------------------------------------- through the canvas


def _doc_with_frame():
    doc = blank_document()
    doc.stories["s"] = Story(id="s", paragraphs=[Paragraph(style="正文", runs=[Run(text="前文。")])])
    doc.pages[0].frames.append(TextFrame(id="f", story_id="s", x_pt=60, y_pt=80, width_pt=300, height_pt=300))
    return doc


def test_ctrl_v_of_the_walkthrough_page_joins_its_mid_sentence_br_and_ctrl_shift_v_keeps_the_text(qtbot) -> None:
    controller, canvas = shown_canvas(qtbot, _doc_with_frame())
    canvas.start_text_editing("f")
    QTest.keyClick(canvas, Qt.Key.Key_End)
    mime = QMimeData()
    mime.setHtml(WALKTHROUGH_HTML)
    mime.setText(WALKTHROUGH_TEXT)
    QGuiApplication.clipboard().setMimeData(mime)
    QTest.keyClick(canvas, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    story = controller.doc.stories["s"]
    assert [p.plain_text() for p in story.paragraphs] == ["前文。" + TITLE, FIRST, SECOND]
    controller.undo_stack.undo()
    QTest.keyClick(canvas, Qt.Key.Key_End)
    QTest.keyClick(canvas, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert [p.plain_text() for p in controller.doc.stories["s"].paragraphs] == [
        "前文。　　学习贯彻党的二十届四中全会精神", "", "　　11月24日，公司党委召开专题会议，传达学习", "全会精神，研究部署贯彻落实工作。"]
