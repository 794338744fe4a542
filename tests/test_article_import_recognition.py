"""How an imported article's paragraphs are recognised, as an editor would at a glance (issue #15).

The rules are the module's documented ones, written out here: a title is at most 50
characters and does not end a sentence (。；！？); a byline starts with 作者/来源/通讯员/记者/
本报记者/撰稿/供稿/文/ /摄影/图/ (or names a 通讯员 anywhere) and is at most 50 characters;
a caption starts with ▲, 图为, 图： or 图N, or is a paragraph of at most 80 characters right under
a picture; a subtitle follows the title, starting with a dash or styled so. Text files decode
from UTF-8 (BOM or not), UTF-16 with a BOM, or GB 18030, and are refused when what they decode
to holds control characters, private-use or unassigned code points.
"""

from __future__ import annotations

import codecs
import io

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from PIL import Image

from editor.io.article_import import article_from_docx, article_from_text, decode_text
from editor.io.docx_reader import ArticleImportError

TITLE = "公司召开安全生产会议"
BODY = "会议要求各单位落实安全责任，确保生产平稳有序。"
LONG_BODY = "会议强调，" + "要把安全生产责任落实到每一个岗位、每一名职工。" * 4  # over 80 characters
NOT_TEXT = ("文件不是有效的文本（无法按 UTF-8、UTF-16 或 GB 18030 读出），"
            "请在记事本中另存为 UTF-8 编码后再导入。")


def _text_styles(*lines: str) -> list[tuple[str, str]]:
    article = article_from_text("\n".join(lines), "稿件.txt")
    return [(p.style, p.plain_text()) for p in article.paragraphs]


def _docx(build) -> bytes:
    document = docx.Document()
    build(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _png(width: int = 40, height: int = 30) -> io.BytesIO:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (0, 128, 0)).save(out, format="PNG")
    out.seek(0)
    return out


# ---------------------------------------------------------------- decoding text files


@pytest.mark.parametrize("encoded", [
    codecs.BOM_UTF8 + "会议\t纪要".encode(),
    codecs.BOM_UTF16_LE + "会议\t纪要".encode("utf-16-le"),
    codecs.BOM_UTF16_BE + "会议\t纪要".encode("utf-16-be"),
    "会议\t纪要".encode("gb18030"),
    "会议\t纪要".encode(),
])
def test_text_decodes_from_each_accepted_encoding_without_its_bom(encoded: bytes) -> None:
    assert decode_text(encoded, "稿.txt") == "会议\t纪要"


def test_utf16_without_a_bom_is_not_text() -> None:
    with pytest.raises(ArticleImportError) as refused:
        decode_text("会议\t纪要".encode("utf-16-le"), "稿.txt")
    assert refused.value.message == f"无法导入“稿.txt”：{NOT_TEXT}"


def test_line_breaks_form_feeds_and_tabs_are_text() -> None:
    assert decode_text("一\r\n二\r三\n四\f五\t六".encode(), "稿.txt") == "一\r\n二\r三\n四\f五\t六"


@pytest.mark.parametrize("allowed", ["\t", "\n", "\r", "\f"])
def test_a_control_character_after_a_tab_or_line_break_still_makes_a_file_not_text(allowed: str) -> None:
    with pytest.raises(ArticleImportError):
        decode_text(f"会议{allowed}纪要\x01".encode(), "稿.txt")


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f", "\ue000", "\U000f0000"])
def test_a_control_or_private_use_character_makes_a_file_not_text(char: str) -> None:
    with pytest.raises(ArticleImportError) as refused:
        decode_text(f"会议{char}纪要".encode(), "稿.txt")
    assert refused.value.message == f"无法导入“稿.txt”：{NOT_TEXT}"


def test_a_bom_marked_file_is_not_read_as_another_encoding_when_it_is_not_text() -> None:
    with pytest.raises(ArticleImportError):
        decode_text(codecs.BOM_UTF8 + b"\xff\xfe\xfd", "稿.txt")
    with pytest.raises(ArticleImportError):
        decode_text(codecs.BOM_UTF16_LE + "会议\x00".encode("utf-16-le"), "稿.txt")


def test_each_line_ending_starts_a_paragraph_and_indents_are_dropped() -> None:
    article = article_from_text("\u3000\u3000第一段\r\n\t第二段\r\u00a0第三段 \n\n  \n第四段\nXX光机检查XX", "稿.txt")
    assert [p.plain_text() for p in article.paragraphs] == ["第一段", "第二段", "第三段", "第四段", "XX光机检查XX"]


# ---------------------------------------------------------------- the title of a text file


def test_the_first_line_of_a_text_file_is_its_title_and_the_rest_body() -> None:
    assert _text_styles(TITLE, BODY, BODY) == [("大标题", TITLE), ("正文", BODY), ("正文", BODY)]


def test_a_text_articles_runs_are_plain() -> None:
    article = article_from_text(f"{TITLE}\n{BODY}", "稿件.txt")
    assert [[(run.text, run.char_style) for run in p.runs] for p in article.paragraphs] == [
        [(TITLE, None)], [(BODY, None)]]
    assert (article.photos, article.notes, article.source_name) == ([], [], "稿件.txt")


def test_a_title_of_one_character_is_a_title() -> None:
    assert _text_styles("通", BODY) == [("大标题", "通"), ("正文", BODY)]


def test_a_title_may_be_50_characters_and_51_are_body_text() -> None:
    assert _text_styles("题" * 50, BODY)[0] == ("大标题", "题" * 50)
    assert _text_styles("题" * 51, BODY)[0] == ("正文", "题" * 51)


@pytest.mark.parametrize("end", ["。", "；", "！", "？"])
def test_a_first_line_ending_a_sentence_is_not_a_title(end: str) -> None:
    assert _text_styles(f"会议通知{end}", BODY) == [("正文", f"会议通知{end}"), ("正文", BODY)]


@pytest.mark.parametrize("end", ["，", "：", "”", "!"])
def test_a_first_line_ending_otherwise_is_a_title(end: str) -> None:
    assert _text_styles(f"会议通知{end}", BODY)[0] == ("大标题", f"会议通知{end}")


def test_a_first_line_that_is_a_byline_or_a_caption_is_not_a_title() -> None:
    assert _text_styles("作者：王小明", BODY) == [("署名", "作者：王小明"), ("正文", BODY)]
    assert _text_styles("▲会议现场", BODY) == [("正文", "▲会议现场"), ("正文", BODY)]


# ---------------------------------------------------------------- bylines and subtitles


@pytest.mark.parametrize("byline", [
    "作者：王小明", "来源：党群工作部", "通讯员 李华", "记者 赵六", "本报记者 钱七", "撰稿：孙八", "供稿：安全环保部",
    "文/周九", "文 / 周九", "文／周九", "摄影：吴十", "图/郑一", "图／郑一", "本报讯（通讯员 李华）", "  作者：王小明",
])
def test_each_kind_of_byline_under_the_title_is_a_byline(byline: str) -> None:
    assert _text_styles(TITLE, byline, BODY) == [("大标题", TITLE), ("署名", byline.strip()), ("正文", BODY)]


def test_a_byline_between_body_paragraphs_is_body_text() -> None:
    # One closing the article is its byline (tests/test_txt_import_closing_byline.py).
    assert _text_styles(TITLE, BODY, "作者：王小明", BODY) == [
        ("大标题", TITLE), ("正文", BODY), ("正文", "作者：王小明"), ("正文", BODY)]


@pytest.mark.parametrize("subtitle", ["——记公司安全标兵", "—记公司安全标兵", "－－记公司安全标兵", "--记公司安全标兵"])
def test_a_line_starting_with_a_dash_under_the_title_is_the_subtitle(subtitle: str) -> None:
    assert _text_styles(TITLE, subtitle, "作者：王小明", BODY) == [
        ("大标题", TITLE), ("副标题", subtitle), ("署名", "作者：王小明"), ("正文", BODY)]


def test_a_dash_line_is_body_text_after_the_body_or_without_a_title() -> None:
    assert _text_styles(TITLE, BODY, "——记公司安全标兵")[-1] == ("正文", "——记公司安全标兵")
    assert _text_styles(LONG_BODY, "——记公司安全标兵") == [("正文", LONG_BODY), ("正文", "——记公司安全标兵")]


def test_an_article_of_one_line_is_its_title() -> None:
    assert _text_styles(TITLE) == [("大标题", TITLE)]


# ---------------------------------------------------------------- Word heading styles


@pytest.mark.parametrize("style", ["Heading 1", "Heading 3", "Title", "标题", "标题 2", "heading2", "TITLE"])
def test_a_heading_or_title_style_marks_the_title(style: str) -> None:
    def build(document) -> None:
        if style not in [s.name for s in document.styles]:
            document.styles.add_style(style, WD_STYLE_TYPE.PARAGRAPH)
        document.add_paragraph("喜迎建党百年")
        document.add_paragraph(TITLE, style=style)
        document.add_paragraph(BODY)

    article = article_from_docx(_docx(build), "稿件.docx")
    assert [(p.style, p.plain_text()) for p in article.paragraphs] == [
        ("引题", "喜迎建党百年"), ("大标题", TITLE), ("正文", BODY)]


@pytest.mark.parametrize("style", ["Heading", "大标题", "Normal", "Title Page"])
def test_other_styles_do_not_mark_a_title(style: str) -> None:
    def build(document) -> None:
        if style not in [s.name for s in document.styles]:
            document.styles.add_style(style, WD_STYLE_TYPE.PARAGRAPH)
        document.add_paragraph(BODY)
        document.add_paragraph(TITLE, style=style)

    article = article_from_docx(_docx(build), "稿件.docx")
    assert [p.style for p in article.paragraphs] == ["正文", "正文"]


def test_the_first_of_several_heading_styles_is_the_title_and_the_next_its_subtitle() -> None:
    def build(document) -> None:
        document.add_paragraph(TITLE, style="Heading 1")
        document.add_paragraph("记公司安全标兵", style="Heading 2")
        document.add_paragraph(BODY)
        document.add_paragraph("一、基本情况", style="Heading 2")

    article = article_from_docx(_docx(build), "稿件.docx")
    assert [(p.style, p.plain_text()) for p in article.paragraphs] == [
        ("大标题", TITLE), ("副标题", "记公司安全标兵"), ("正文", BODY), ("正文", "一、基本情况")]


def test_a_heading_style_on_a_sentence_is_not_a_title() -> None:
    def build(document) -> None:
        document.add_paragraph("会议要求落实责任。", style="Heading 1")
        document.add_paragraph(BODY)

    article = article_from_docx(_docx(build), "稿件.docx")
    assert [p.style for p in article.paragraphs] == ["正文", "正文"]


@pytest.mark.parametrize("style", ["Subtitle", "副标题", "SUBTITLE"])
def test_a_subtitle_style_under_the_title_is_the_subtitle(style: str) -> None:
    def build(document) -> None:
        if style not in [s.name for s in document.styles]:
            document.styles.add_style(style, WD_STYLE_TYPE.PARAGRAPH)
        document.add_paragraph(TITLE, style="Title")
        document.add_paragraph("记公司安全标兵", style=style)
        document.add_paragraph(BODY)

    article = article_from_docx(_docx(build), "稿件.docx")
    assert [p.style for p in article.paragraphs] == ["大标题", "副标题", "正文"]


def test_tables_do_not_count_among_the_first_four_paragraphs() -> None:
    def build(document) -> None:
        document.add_table(rows=1, cols=1)
        document.add_table(rows=1, cols=1)
        for number in range(3):
            document.add_paragraph(f"第{number}段：{BODY}")
        document.add_paragraph(TITLE, style="Heading 1")

    article = article_from_docx(_docx(build), "稿件.docx")
    assert [p.style for p in article.paragraphs] == ["引题", "引题", "引题", "大标题"]


# ---------------------------------------------------------------- titles without heading styles


def _top(lines: list[tuple[str, float, bool, bool]], then: str = BODY) -> list[tuple[str, str]]:
    """A .docx of (text, size pt, bold, centred) paragraphs and one body paragraph."""
    def build(document) -> None:
        for text, size, bold, centred in lines:
            paragraph = document.add_paragraph()
            run = paragraph.add_run(text)
            run.bold = bold
            if size:
                run.font.size = Pt(size)
            if centred:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        document.add_paragraph(then)

    article = article_from_docx(_docx(build), "稿件.docx")
    return [(p.style, p.plain_text()) for p in article.paragraphs]


def test_a_bold_line_at_the_top_is_the_title_even_when_not_centred() -> None:
    assert _top([(TITLE, 0, True, False)]) == [("大标题", TITLE), ("正文", BODY)]


def test_a_centred_line_at_the_top_is_the_title_even_when_not_bold() -> None:
    assert _top([(TITLE, 0, False, True)]) == [("大标题", TITLE), ("正文", BODY)]


def test_blank_paragraphs_and_tables_at_the_top_are_passed_over() -> None:
    def build(document) -> None:
        document.add_paragraph("")
        document.add_paragraph("\u3000 ")
        document.add_table(rows=1, cols=1)
        title = document.add_paragraph()
        title.add_run(TITLE).bold = True
        document.add_paragraph("")
        document.add_paragraph(BODY)

    article = article_from_docx(_docx(build), "稿件.docx")
    assert [(p.style, p.plain_text()) for p in article.paragraphs] == [("大标题", TITLE), ("正文", BODY)]


def test_a_plain_first_line_means_no_title() -> None:
    assert _top([(TITLE, 22, False, False), ("记公司安全标兵", 14, True, True)]) == [
        ("正文", TITLE), ("正文", "记公司安全标兵"), ("正文", BODY)]


def test_of_equal_sizes_the_bold_line_is_the_title() -> None:
    assert _top([("喜迎建党百年", 16, False, True), (TITLE, 16, True, True), ("记公司安全标兵", 16, False, True)]) == [
        ("引题", "喜迎建党百年"), ("大标题", TITLE), ("副标题", "记公司安全标兵"), ("正文", BODY)]


def test_of_equal_lines_the_first_is_the_title() -> None:
    assert _top([(TITLE, 16, True, True), ("记公司安全标兵", 16, True, True)]) == [
        ("大标题", TITLE), ("副标题", "记公司安全标兵"), ("正文", BODY)]


def test_a_larger_line_wins_over_a_bold_one() -> None:
    assert _top([("喜迎建党百年", 12, True, True), (TITLE, 22, False, True)]) == [
        ("引题", "喜迎建党百年"), ("大标题", TITLE), ("正文", BODY)]


def test_the_top_ends_at_the_first_line_that_is_not_a_heading() -> None:
    assert _top([(TITLE, 22, True, True), ("会议开幕。", 30, True, True), ("记公司安全标兵", 40, True, True)]) == [
        ("大标题", TITLE), ("正文", "会议开幕。"), ("正文", "记公司安全标兵"), ("正文", BODY)]


def test_only_the_first_four_lines_can_be_headings() -> None:
    lines = [(f"第{number}行标题", 12, True, True) for number in range(4)] + [("第五行最大", 40, True, True)]
    assert [style for style, _ in _top(lines)] == ["大标题", "副标题", "副标题", "副标题", "正文", "正文"]


# ---------------------------------------------------------------- runs


def test_body_runs_keep_bold_and_italic_merged_and_trimmed_and_headings_lose_them() -> None:
    def build(document) -> None:
        title = document.add_paragraph(style="Heading 1")
        title.add_run("公司召开").bold = True
        title.add_run("安全生产").italic = True
        title.add_run("会议")
        body = document.add_paragraph()
        body.add_run("\u3000\u3000会议")
        body.add_run("")
        body.add_run("要求")
        body.add_run("各单位").bold = True
        both = body.add_run("落实")
        both.bold = both.italic = True
        body.add_run("安全").italic = True
        body.add_run("责任。 \t")

    article = article_from_docx(_docx(build), "稿件.docx")
    title, body = article.paragraphs
    assert [(run.text, run.char_style) for run in title.runs] == [(TITLE, None)]
    assert [(run.text, run.char_style) for run in body.runs] == [
        ("会议要求", None), ("各单位落实", "加粗"), ("安全", "倾斜"), ("责任。", None)]


def test_spaces_in_runs_of_their_own_style_at_either_end_are_trimmed_with_the_rest() -> None:
    def build(document) -> None:
        body = document.add_paragraph()
        body.add_run(" ").bold = True
        body.add_run("\u3000\u3000会议")
        body.add_run("要求").italic = True
        body.add_run("落实。 \t")
        body.add_run("\u3000").bold = True
        body.add_run(" ").italic = True

        styled_ends = document.add_paragraph()
        styled_ends.add_run("\u3000\u3000重点").bold = True
        styled_ends.add_run("在于")
        styled_ends.add_run("落实。 ").italic = True

    body, styled_ends = article_from_docx(_docx(build), "稿件.docx").paragraphs
    assert [(run.text, run.char_style) for run in body.runs] == [("会议", None), ("要求", "倾斜"), ("落实。", None)]
    assert [(run.text, run.char_style) for run in styled_ends.runs] == [
        ("重点", "加粗"), ("在于", None), ("落实。", "倾斜")]


def test_a_closing_line_break_an_em_space_indent_and_a_paragraph_of_a_line_break_alone_are_dropped() -> None:
    def build(document) -> None:
        ending = document.add_paragraph("会议要求落实责任。")
        ending.add_run().add_break()  # Shift+Enter at the end, as many senders type
        document.add_paragraph().add_run().add_break()
        document.add_paragraph("\u2003\u2003第二段\u2002")
        inside = document.add_paragraph("第一行")
        inside.add_run().add_break()
        inside.add_run("第二行")

    article = article_from_docx(_docx(build), "稿件.docx")
    # A break inside a sentence is joined (tests/test_docx_reader_line_breaks.py).
    assert [p.plain_text() for p in article.paragraphs] == ["会议要求落实责任。", "第二段", "第一行第二行"]


# ---------------------------------------------------------------- pictures and captions


def _captions(build) -> tuple[list[str], list[tuple[str, str]], list[str]]:
    article = article_from_docx(_docx(build), "稿件.docx")
    return ([photo.caption for photo in article.photos], [(p.style, p.plain_text()) for p in article.paragraphs],
            article.notes)


@pytest.mark.parametrize("caption", ["▲厂区新貌", "图为厂区新貌", "图：厂区新貌", "图:厂区新貌", "图1：厂区新貌",
                                     "图2:厂区新貌", "图3 厂区新貌", "\u3000▲厂区新貌"])
def test_a_marked_caption_belongs_to_the_picture_above_even_after_body_text(caption: str) -> None:
    def build(document) -> None:
        document.add_paragraph(BODY)
        document.add_picture(_png())
        document.add_paragraph(LONG_BODY)
        document.add_paragraph(caption)

    captions, paragraphs, _ = _captions(build)
    assert captions == [caption.strip("\u3000")]
    assert paragraphs == [("正文", BODY), ("正文", LONG_BODY)]


def test_a_paragraph_of_80_characters_right_under_a_picture_is_its_caption_and_81_are_not() -> None:
    def build(length: int):
        def write(document) -> None:
            document.add_picture(_png())
            document.add_paragraph("说" * length)
        return write

    assert _captions(build(80))[:2] == (["说" * 80], [])
    assert _captions(build(81))[:2] == ([""], [("正文", "说" * 81)])


def test_a_short_paragraph_is_not_a_caption_when_a_table_or_text_came_between() -> None:
    def build(document) -> None:
        document.add_picture(_png())
        document.add_table(rows=1, cols=1)
        document.add_paragraph("厂区新貌")
        paragraph = document.add_paragraph("配图说明在下")
        paragraph.add_run().add_picture(_png())
        document.add_paragraph("厂区一角")

    captions, paragraphs, notes = _captions(build)
    assert captions == ["", ""]
    assert paragraphs == [("正文", "厂区新貌"), ("正文", "配图说明在下"), ("正文", "厂区一角")]
    assert notes == ["文中有 1 个表格未导入：版面不支持表格，请改为文字或截图后插入图片。"]


def test_a_caption_goes_to_the_last_picture_waiting_for_one_and_only_once() -> None:
    def build(document) -> None:
        document.add_paragraph(BODY)
        document.add_picture(_png(40, 30))
        document.add_picture(_png(30, 40))
        document.add_paragraph("▲第二张")
        document.add_paragraph("▲没有图片了")

    article = article_from_docx(_docx(build), "稿件.docx")
    assert [(photo.width_px, photo.height_px, photo.caption) for photo in article.photos] == [
        (40, 30, ""), (30, 40, "▲第二张")]
    assert [p.plain_text() for p in article.paragraphs] == [BODY, "▲没有图片了"]


def test_a_photo_keeps_its_bytes_its_name_and_a_name_by_its_content() -> None:
    def build(document) -> None:
        document.add_paragraph(BODY)
        document.add_picture(_png(40, 30))

    article = article_from_docx(_docx(build), "稿件.docx")
    [photo] = article.photos
    assert photo.data == _png(40, 30).getvalue()
    assert (photo.source_name, photo.width_px, photo.height_px, photo.caption) == ("image1.png", 40, 30, "")
    assert photo.asset.endswith(".png") and len(photo.asset) > len(".png") + 16


def test_a_refused_picture_is_a_note_and_a_caption_under_it_stays_text() -> None:
    def build(document) -> None:
        document.add_paragraph(BODY)
        shape = document.add_picture(_png())
        relation = shape._inline.graphic.graphicData.pic.blipFill.blip.embed
        document.part.related_parts[relation]._blob = b"\x89PNG\r\n\x1a\n" + bytes(40)
        document.add_paragraph("▲厂区新貌")

    captions, paragraphs, notes = _captions(build)
    assert captions == []
    assert paragraphs == [("正文", BODY), ("正文", "▲厂区新貌")]
    assert notes == ["图片“image1.png”未导入：文件已损坏，或不是支持的图片格式。"]


def test_pictures_only_linked_are_counted_in_a_note() -> None:
    def build(document) -> None:
        from docx.oxml import parse_xml

        paragraph = document.add_paragraph(BODY)
        for relation in ("rId501", "rId502"):
            paragraph._p.append(parse_xml(
                '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
                'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
                'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                f'<a:blip r:link="{relation}"/></w:r>'))

    _, paragraphs, notes = _captions(build)
    assert paragraphs == [("正文", BODY)]
    assert notes == ["有 2 张图片只是链接到发稿人电脑上的文件，没有嵌入文档，未导入；请向发稿人索要原图。"]


def test_an_article_of_pictures_only_is_taken_and_one_of_tables_only_is_refused() -> None:
    def pictures(document) -> None:
        document.add_picture(_png())

    assert _captions(pictures)[:2] == ([""], [])

    def tables(document) -> None:
        document.add_table(rows=1, cols=1).cell(0, 0).text = "表格里的字"
        document.add_table(rows=1, cols=1)

    with pytest.raises(ArticleImportError) as refused:
        article_from_docx(_docx(tables), "表格.docx")
    assert refused.value.message == "无法导入“表格.docx”：文件中没有文字或图片。"


def test_two_tables_are_counted_in_one_note() -> None:
    def build(document) -> None:
        document.add_paragraph(BODY)
        document.add_table(rows=1, cols=1)
        document.add_table(rows=1, cols=1)

    assert _captions(build)[2] == ["文中有 2 个表格未导入：版面不支持表格，请改为文字或截图后插入图片。"]
