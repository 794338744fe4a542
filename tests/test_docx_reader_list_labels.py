"""Imported Word lists keep the labels Word shows: • for bullets, 1. 2. or 一、 （一） as the
list level's number format and pattern (numbering.xml) say, counted per list, a deeper level
restarting after each item above it. The files are real Word files written here with
python-docx: its List Bullet / List Number styles (and their level-2 styles), and lists
numbered on the paragraph as Word's ribbon makes them (w:numPr with w:numId and w:ilvl), whose
definitions are added to numbering.xml. Every expected label is written out by hand.
"""

from __future__ import annotations

import io

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from editor.io.article_import import article_from_docx
from editor.io.docx_numbering import format_number
from editor.io.docx_reader import DocxRun, read_docx_blocks

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _bytes(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _texts(document) -> list[str]:
    return [block.text for block in read_docx_blocks(_bytes(document), "稿件.docx")]


def _level(index: int, number_format: str, pattern: str, suffix: str = "tab", font: str = "") -> str:
    fonts = f'<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}"/></w:rPr>' if font else ""
    return (f'<w:lvl w:ilvl="{index}"><w:start w:val="1"/><w:numFmt w:val="{number_format}"/>'
            f'<w:suff w:val="{suffix}"/><w:lvlText w:val="{pattern}"/><w:lvlJc w:val="left"/>{fonts}</w:lvl>')


def _add_list(document, abstract_id: int, levels: list[str], num_ids: dict[int, str]) -> None:
    """A multilevel list definition and its instances (numId: extra XML, e.g. a restart) in
    numbering.xml, abstract definitions before the instances as Word writes them."""
    numbering = document.part.numbering_part.element
    abstract = parse_xml(f'<w:abstractNum {W} w:abstractNumId="{abstract_id}">'
                         f'<w:multiLevelType w:val="multilevel"/>{"".join(levels)}</w:abstractNum>')
    numbering.find(qn("w:num")).addprevious(abstract)
    for num_id, extra in num_ids.items():
        numbering.append(parse_xml(f'<w:num {W} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
                                   f"{extra}</w:num>"))


def _item(document, text: str, num_id: int, level: int) -> None:
    paragraph = document.add_paragraph(text, style="List Paragraph")
    paragraph._p.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {W}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def test_list_bullet_and_list_number_styles_with_their_level_two_styles_keep_bullets_and_numbers() -> None:
    document = docx.Document()
    document.add_paragraph("大赛主要亮点：")
    document.add_paragraph("赛项设置贴近生产实际；", style="List Bullet")
    document.add_paragraph("初赛在车间进行；", style="List Bullet 2")
    document.add_paragraph("决赛在培训中心进行；", style="List Bullet 2")
    document.add_paragraph("评分标准公开透明。", style="List Bullet")
    document.add_paragraph("第一步，报名；", style="List Number")
    document.add_paragraph("填写报名表；", style="List Number 2")
    document.add_paragraph("单位审核；", style="List Number 2")
    document.add_paragraph("第二步，初赛。", style="List Number")
    assert _texts(document) == [
        "大赛主要亮点：",
        "• 赛项设置贴近生产实际；", "• 初赛在车间进行；", "• 决赛在培训中心进行；", "• 评分标准公开透明。",
        "1. 第一步，报名；", "1. 填写报名表；", "2. 单位审核；", "2. 第二步，初赛。",
    ]


def test_a_multilevel_chinese_numbered_list_counts_each_level_and_restarts_the_lower_one() -> None:
    document = docx.Document()
    _add_list(document, 90, [_level(0, "chineseCounting", "%1、", "nothing"),
                             _level(1, "chineseCounting", "（%2）", "nothing")], {90: ""})
    for text, level in [("基本情况", 0), ("参赛单位", 1), ("赛项设置", 1), ("主要做法", 0), ("以赛促学", 1)]:
        _item(document, text, 90, level)
    assert _texts(document) == ["一、基本情况", "（一）参赛单位", "（二）赛项设置", "二、主要做法", "（一）以赛促学"]


def test_a_multilevel_decimal_list_shows_both_numbers_and_a_restarted_list_begins_again_at_one() -> None:
    document = docx.Document()
    _add_list(document, 92, [_level(0, "decimal", "%1."), _level(1, "decimal", "%1.%2.")], {
        92: "", 93: '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'})
    for text, num_id, level in [("报名", 92, 0), ("填写报名表", 92, 1), ("单位审核", 92, 1), ("初赛", 92, 0),
                                ("复赛", 93, 0), ("决赛", 93, 0)]:
        _item(document, text, num_id, level)
    assert _texts(document) == ["1. 报名", "1.1. 填写报名表", "1.2. 单位审核", "2. 初赛", "1. 复赛", "2. 决赛"]


def test_a_two_level_bulleted_list_from_symbol_fonts_shows_bullets() -> None:
    document = docx.Document()
    _add_list(document, 91, [_level(0, "bullet", "\uf06c", font="Wingdings"),
                             _level(1, "bullet", "o", font="Courier New")], {91: ""})
    for text, level in [("赛项贴近生产", 0), ("电解工", 1), ("铸造工", 1), ("评分公开", 0)]:
        _item(document, text, 91, level)
    assert _texts(document) == ["• 赛项贴近生产", "• 电解工", "• 铸造工", "• 评分公开"]


def test_a_paragraph_taken_out_of_its_styles_list_and_an_empty_item_show_no_label() -> None:
    document = docx.Document()
    document.add_paragraph("第一步；", style="List Number")
    document.add_paragraph("", style="List Number")  # counted by Word as 2., shown as nothing
    taken_out = document.add_paragraph("说明文字", style="List Number")
    taken_out._p.get_or_add_pPr().append(parse_xml(f'<w:numPr {W}><w:numId w:val="0"/></w:numPr>'))
    document.add_paragraph("第三步。", style="List Number")
    assert _texts(document) == ["1. 第一步；", "", "说明文字", "3. 第三步。"]


def test_the_label_of_a_bold_item_is_bold_and_an_indent_typed_before_the_item_goes() -> None:
    document = docx.Document()
    item = document.add_paragraph("\u3000\u3000", style="List Number")
    item.add_run("一是提高站位。").bold = True
    [block] = read_docx_blocks(_bytes(document), "稿件.docx")
    assert block.runs == [DocxRun("1. ", bold=True), DocxRun("一是提高站位。", bold=True)]


def test_the_walkthrough_articles_list_items_import_as_body_paragraphs_with_their_labels() -> None:
    """/tmp/walk3/in/mk.py's 稿件二: List Bullet and List Number items after a lead-in."""
    document = docx.Document()
    document.add_paragraph("青工技能大赛圆满落幕", style="Title")
    document.add_paragraph("大赛主要亮点：")
    for text in ["赛项设置贴近生产实际；", "评分标准公开透明；", "赛后开展经验交流。"]:
        document.add_paragraph(text, style="List Bullet")
    for text in ["第一步，报名；", "第二步，初赛；"]:
        document.add_paragraph(text, style="List Number")
    article = article_from_docx(_bytes(document), "稿件二_技能大赛.docx")
    assert [(p.style, p.plain_text()) for p in article.paragraphs[1:]] == [
        ("正文", "大赛主要亮点："), ("正文", "• 赛项设置贴近生产实际；"), ("正文", "• 评分标准公开透明；"),
        ("正文", "• 赛后开展经验交流。"), ("正文", "1. 第一步，报名；"), ("正文", "2. 第二步，初赛；")]


@pytest.mark.parametrize(("number", "number_format", "shown"), [
    (3, "decimal", "3"), (7, "decimalZero", "07"), (11, "chineseCounting", "十一"), (20, "chineseCounting", "二十"),
    (35, "chineseCountingThousand", "三十五"), (10, "ideographDigital", "一〇"), (12, "chineseLegalSimplified", "拾贰"),
    (2, "ideographTraditional", "乙"), (3, "decimalEnclosedCircle", "③"), (4, "lowerRoman", "iv"),
    (14, "upperRoman", "XIV"), (27, "lowerLetter", "aa"), (2, "upperLetter", "B"), (5, "decimalFullWidth", "５"),
    (2, "decimalEnclosedParen", "⑵"), (21, "decimalEnclosedCircle", "21"), (150, "chineseCounting", "150"),
    (4, "someFutureFormat", "4"),
])
def test_each_number_format_writes_the_number_as_word_does(number: int, number_format: str, shown: str) -> None:
    assert format_number(number, number_format) == shown
