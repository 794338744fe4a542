"""Word's manual line break (Shift+Enter, w:br) follows the rule a hard line break in pasted
plain text follows (docs/使用说明.md §三, item 4): inside a sentence the two lines are joined —
no space beside a Chinese character, one between Latin words — so justified text has no ragged
line; after a sentence's end, or before an indented line, the break begins a new paragraph;
two in a row end the paragraph. The files are written here with python-docx.
"""

from __future__ import annotations

import io

import docx

from editor.io.article_import import article_from_docx
from editor.io.docx_reader import DocxBlock, DocxRun, read_docx_blocks


def _bytes(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _paragraph_with_breaks(document, *lines: str, style: str | None = None) -> None:
    """One Word paragraph whose lines are separated by Shift+Enter."""
    paragraph = document.add_paragraph(style=style)
    for index, line in enumerate(lines):
        if index:
            paragraph.add_run().add_break()
        paragraph.add_run(line)


def _texts(*lines: str) -> list[str]:
    document = docx.Document()
    _paragraph_with_breaks(document, *lines)
    return [block.text for block in read_docx_blocks(_bytes(document), "稿件.docx")]


def test_a_break_inside_a_sentence_is_joined_with_no_space_between_chinese_characters() -> None:
    assert _texts("会议要求各单位结合实际，", "制定具体措施，确保各项任务落地见效。") == [
        "会议要求各单位结合实际，制定具体措施，确保各项任务落地见效。"]


def test_latin_words_either_side_of_a_break_are_joined_with_one_space() -> None:
    assert _texts("The plant was ", "opened in 1958.") == ["The plant was opened in 1958."]


def test_a_break_after_a_sentence_end_or_before_an_indented_line_begins_a_new_paragraph() -> None:
    assert _texts("第一句。", "第二句没有句号", "\u3000\u3000第三句", "第三句的后半") == [
        "第一句。", "第二句没有句号", "\u3000\u3000第三句第三句的后半"]


def test_two_breaks_in_a_row_end_the_paragraph_and_one_at_either_end_goes() -> None:
    assert _texts("", "甲段", "", "乙段", "") == ["甲段", "乙段"]


def test_the_paragraphs_a_break_begins_keep_the_paragraphs_style_and_its_runs_formatting() -> None:
    document = docx.Document()
    paragraph = document.add_paragraph(style="Quote")
    paragraph.add_run("第一句。").bold = True
    paragraph.add_run().add_break()
    paragraph.add_run("第二句").italic = True
    assert read_docx_blocks(_bytes(document), "稿件.docx") == [
        DocxBlock(runs=[DocxRun("第一句。", bold=True)], style_name="Quote"),
        DocxBlock(runs=[DocxRun("第二句", italic=True)], style_name="Quote")]


def test_the_walkthrough_articles_lines_become_paragraphs_without_a_break_inside() -> None:
    """/tmp/walk3/in/mk.py's two paragraphs with Shift+Enter, as the article they import as."""
    document = docx.Document()
    document.add_paragraph("公司党委召开学习会", style="Title")
    first = document.add_paragraph("\u3000\u3000")
    first.add_run("二是狠抓落实。").bold = True
    first.add_run("会议要求各单位结合实际，")
    first.add_run().add_break()
    first.add_run("制定具体措施，确保各项任务落地见效。")
    second = document.add_paragraph("下一步，公司将继续举办各类技能竞赛,为青年员工成长成才搭建平台.")
    second.add_run().add_break()
    second.add_run("更多信息请访问竞赛专栏")
    article = article_from_docx(_bytes(document), "稿件一_学习会.docx")
    assert [[(run.text, run.char_style) for run in p.runs] for p in article.paragraphs[1:]] == [
        [("二是狠抓落实。", "加粗"), ("会议要求各单位结合实际，制定具体措施，确保各项任务落地见效。", None)],
        [("下一步，公司将继续举办各类技能竞赛,为青年员工成长成才搭建平台.", None)],
        [("更多信息请访问竞赛专栏", None)]]
    assert [p.style for p in article.paragraphs] == ["大标题", "正文", "正文", "正文"]
