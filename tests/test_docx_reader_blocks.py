"""What a Word file's body becomes as plain blocks: runs with bold and italic, the paragraph's
style, centring and largest size, tables, and embedded, linked and old VML pictures (issue #15).

Each .docx is written here with python-docx (with a little raw XML where Word writes what
python-docx does not); expected values are the ones written in.
"""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.shared import Pt
from PIL import Image

from editor.io.docx_reader import ArticleImportError, DocxBlock, DocxPicture, DocxRun, read_docx_blocks

NAMESPACES = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
              'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
              'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
              'xmlns:v="urn:schemas-microsoft-com:vml"')


def _bytes(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _blocks(document) -> list[DocxBlock]:
    return read_docx_blocks(_bytes(document), "稿件.docx")


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 3), (0, 128, 0)).save(out, format="PNG")
    return out.getvalue()


# ---------------------------------------------------------------- paragraphs and runs


def test_each_run_keeps_its_text_and_its_own_bold_and_italic() -> None:
    document = docx.Document()
    paragraph = document.add_paragraph()
    paragraph.add_run("会议指出，")
    paragraph.add_run("重大决策").bold = True
    paragraph.add_run("必须").italic = True
    both = paragraph.add_run("落实")
    both.bold = both.italic = True
    [block] = _blocks(document)
    assert block.runs == [DocxRun("会议指出，"), DocxRun("重大决策", bold=True), DocxRun("必须", italic=True),
                          DocxRun("落实", bold=True, italic=True)]
    assert block.text == "会议指出，重大决策必须落实"
    assert (block.style_name, block.centred, block.size_pt, block.is_table) == ("Normal", False, 0.0, False)
    assert (block.pictures, block.linked_pictures) == ([], 0)


def test_bold_and_italic_set_by_a_character_style_count_unless_the_run_turns_them_off() -> None:
    document = docx.Document()
    emphasis = document.styles.add_style("着重", WD_STYLE_TYPE.CHARACTER)
    emphasis.font.bold = emphasis.font.italic = True
    paragraph = document.add_paragraph()
    paragraph.add_run("着重的字", style="着重")
    plain = paragraph.add_run("不着重的字", style="着重")
    plain.bold = plain.italic = False
    paragraph.add_run("正文字", style="Default Paragraph Font")
    [block] = _blocks(document)
    assert block.runs == [DocxRun("着重的字", True, True), DocxRun("不着重的字"), DocxRun("正文字")]


def test_the_paragraph_style_name_is_read_and_an_unstyled_file_gives_none() -> None:
    document = docx.Document()
    document.add_paragraph("公司召开安全生产会议", style="Heading 1")
    document.add_paragraph("深入学习", style="Subtitle")
    assert [block.style_name for block in _blocks(document)] == ["Heading 1", "Subtitle"]

    bare = docx.Document()
    bare.add_paragraph("没有默认样式")
    for style in bare.styles.element.findall(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}style"):
        style.attrib.pop("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}default", None)
    [block] = _blocks(bare)
    assert block.style_name == ""


@pytest.mark.parametrize(("alignment", "centred"), [
    (WD_ALIGN_PARAGRAPH.CENTER, True), (WD_ALIGN_PARAGRAPH.LEFT, False), (WD_ALIGN_PARAGRAPH.RIGHT, False),
    (WD_ALIGN_PARAGRAPH.JUSTIFY, False), (None, False),
])
def test_only_a_centred_paragraph_counts_as_centred(alignment, centred: bool) -> None:
    document = docx.Document()
    document.add_paragraph("喜迎建党百年").alignment = alignment
    [block] = _blocks(document)
    assert block.centred is centred


def test_the_size_is_the_largest_a_run_sets_and_zero_when_none_does() -> None:
    document = docx.Document()
    paragraph = document.add_paragraph()
    for text, size in (("小", 10.5), ("大", 22), ("中", 14)):
        paragraph.add_run(text).font.size = Pt(size)
    paragraph.add_run("未设字号")
    document.add_paragraph("全未设字号")
    assert [block.size_pt for block in _blocks(document)] == [22.0, 0.0]


def test_zero_width_spaces_are_dropped_from_each_run() -> None:
    document = docx.Document()
    paragraph = document.add_paragraph()
    paragraph.add_run("七一\u200b讲话")
    paragraph.add_run("\u200b")
    [block] = _blocks(document)
    assert [run.text for run in block.runs] == ["七一讲话", ""]


def test_the_text_of_a_hyperlink_is_read_as_runs_of_its_paragraph() -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("详见")
    paragraph._p.append(parse_xml(
        f'<w:hyperlink {NAMESPACES} r:id="rId99"><w:r><w:rPr><w:b/></w:rPr><w:t>公司网站</w:t></w:r>'
        '<w:r><w:t>首页</w:t></w:r></w:hyperlink>'))
    [block] = _blocks(document)
    assert block.runs == [DocxRun("详见"), DocxRun("公司网站", bold=True), DocxRun("首页")]


# ---------------------------------------------------------------- tables and order


def test_paragraphs_and_tables_come_in_document_order_and_a_table_is_an_empty_block() -> None:
    document = docx.Document()
    document.add_paragraph("表格前")
    document.add_table(rows=2, cols=2).cell(0, 0).text = "表格里的字"
    document.add_paragraph("表格后")
    blocks = _blocks(document)
    assert [(block.is_table, block.text) for block in blocks] == [(False, "表格前"), (True, ""), (False, "表格后")]
    table = blocks[1]
    assert (table.runs, table.pictures, table.style_name, table.centred, table.size_pt, table.linked_pictures) == (
        [], [], "", False, 0.0, 0)


def test_all_bold_counts_only_runs_with_visible_text() -> None:
    assert DocxBlock(runs=[DocxRun("标题", bold=True), DocxRun("　 ")]).all_bold is True
    assert DocxBlock(runs=[DocxRun("标题", bold=True), DocxRun("正文")]).all_bold is False
    assert DocxBlock(runs=[DocxRun("  ", bold=True)]).all_bold is False
    assert DocxBlock().all_bold is False


# ---------------------------------------------------------------- pictures


def test_an_embedded_picture_is_read_with_its_bytes_and_its_name_in_the_file() -> None:
    document = docx.Document()
    document.add_paragraph("正文")
    document.add_picture(io.BytesIO(_png()))
    blocks = _blocks(document)
    assert blocks[1].pictures == [DocxPicture(_png(), "image1.png")]
    assert (blocks[0].pictures, blocks[1].linked_pictures) == ([], 0)


def test_a_picture_word_only_links_to_is_counted_not_read() -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("链接的图片")
    paragraph._p.append(parse_xml(f'<w:r {NAMESPACES}><a:blip r:link="rId77"/></w:r>'))
    paragraph._p.append(parse_xml(f'<w:r {NAMESPACES}><a:blip r:embed="rId88"/></w:r>'))
    paragraph._p.append(parse_xml(f'<w:r {NAMESPACES}><a:blip/></w:r>'))
    [block] = _blocks(document)
    assert (block.pictures, block.linked_pictures) == ([], 2)


def test_an_old_vml_picture_is_read_when_embedded_and_counted_when_missing() -> None:
    document = docx.Document()
    relation, _image = document.part.get_or_add_image(io.BytesIO(_png()))
    paragraph = document.add_paragraph("旧式图片")
    paragraph._p.append(parse_xml(f'<w:r {NAMESPACES}><w:pict><v:shape><v:imagedata r:id="{relation}"/>'
                                  '</v:shape></w:pict></w:r>'))
    paragraph._p.append(parse_xml(f'<w:r {NAMESPACES}><w:pict><v:shape><v:imagedata r:id="rId404"/>'
                                  '</v:shape></w:pict></w:r>'))
    paragraph._p.append(parse_xml(f'<w:r {NAMESPACES}><w:pict><v:shape><v:imagedata/></v:shape></w:pict></w:r>'))
    [block] = _blocks(document)
    assert block.pictures == [DocxPicture(_png(), "image1.png")]
    assert block.linked_pictures == 1


# ---------------------------------------------------------------- damaged files


def _replacing(data: bytes, member: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info.filename, content if info.filename == member else source.read(info))
    return out.getvalue()


def test_a_word_file_whose_body_is_not_xml_is_refused_as_damaged() -> None:
    document = docx.Document()
    document.add_paragraph("正文")
    broken = _replacing(_bytes(document), "word/document.xml", b"<w:document><w:body>")
    with pytest.raises(ArticleImportError) as refused:
        read_docx_blocks(broken, "坏稿.docx")
    assert refused.value.message == "无法导入“坏稿.docx”：Word 文档已损坏或格式不受支持，请在 Word 中重新保存后再导入。"


def test_an_archive_refusal_comes_before_python_docx_reads_the_file() -> None:
    with pytest.raises(ArticleImportError) as refused:
        read_docx_blocks(b"PK\x03\x04" + bytes(20), "坏稿.docx")
    assert refused.value.message == "无法导入“坏稿.docx”：这不是 Word 文档（.docx），或文件不完整、已损坏。"


def test_a_file_too_large_for_memory_is_refused_saying_so(monkeypatch) -> None:
    document = docx.Document()
    document.add_paragraph("正文")
    data = _bytes(document)

    def out_of_memory(stream):  # the machine's edge: python-docx runs out of memory
        raise MemoryError

    monkeypatch.setattr(docx, "Document", out_of_memory)
    with pytest.raises(ArticleImportError) as refused:
        read_docx_blocks(data, "大稿.docx")
    assert refused.value.message == "无法导入“大稿.docx”：文件过大，内存不足。"
