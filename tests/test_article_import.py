"""Importing submitted articles (.docx, .txt): what each paragraph becomes, the photos and
their captions, placement on the page's grid, and hostile files refused with the document unchanged."""

from __future__ import annotations

import codecs
import copy
import zipfile

import pytest

from editor import LAYOUTS_DIR, SAMPLE_PROJECT
from editor.cli import main
from editor.io.article_import import read_article
from editor.io.docx_reader import ArticleImportError
from editor.io.project import load_project, save_project
from editor.model.article_placement import place_article_in_thread, place_article_on_page
from editor.model.codec import encode_document
from editor.model.edits import add_frame
from editor.model.frames import ImageFrame, TextFrame
from editor.model.story import Story
from tests.article_files import (
    BODY,
    BOLD_WORDS,
    BYLINE,
    CAPTIONS,
    KICKER,
    OLE_DOC,
    SUBTITLE,
    TITLE,
    picture_bytes,
    write_docx_bomb,
    write_docx_with_table,
    write_renamed_zip,
    write_sample_docx,
)
from tests.docbuilders import apply_changes
from tests.photo_files import png_claiming

EXPECTED_STYLES = ["引题", "大标题", "副标题", "署名", "正文", "正文", "正文", "正文", "正文"]
EXPECTED_TEXTS = [KICKER, TITLE, SUBTITLE, BYLINE, *BODY]


@pytest.fixture()
def blank():
    """The blank issue: pages on a three-column master, nothing on pages 2–4 yet."""
    return load_project(LAYOUTS_DIR / "blank-issue.banmian")


def _texts(story) -> list[str]:
    return [paragraph.plain_text() for paragraph in story.paragraphs]


def _new_items(before: dict, after: dict) -> dict:
    return {key: value for key, value in after.items() if key not in before}


def test_a_word_article_imports_as_one_story_with_house_styles_and_two_captioned_photos(tmp_path, blank):
    doc = blank
    article = read_article(write_sample_docx(tmp_path / "动员大会.docx"))
    stories_before, frames_before = dict(doc.stories), list(doc.pages[3].frames)
    placement = place_article_on_page(doc, 3, article)
    apply_changes(placement.changes)

    new_stories = _new_items(stories_before, doc.stories)
    new_frames = doc.pages[3].frames[len(frames_before):]
    assert doc.pages[3].frames[:len(frames_before)] == frames_before
    text_frames = [f for f in new_frames if isinstance(f, TextFrame)]
    photo_frames = [f for f in new_frames if isinstance(f, ImageFrame)]
    assert (len(text_frames), len(photo_frames), len(new_frames)) == (1, 2, 3)
    story = doc.stories[text_frames[0].story_id]
    assert [p.style for p in story.paragraphs] == EXPECTED_STYLES
    assert _texts(story) == EXPECTED_TEXTS
    bold = [(run.text, run.char_style) for p in story.paragraphs for run in p.runs if run.char_style]
    assert bold == [(BOLD_WORDS, "加粗")]
    assert doc.character_styles["加粗"].bold is True
    captions = [_texts(doc.stories[f.caption.story_id]) for f in photo_frames]
    assert captions == [[CAPTIONS[0]], [CAPTIONS[1]]]
    assert [doc.stories[f.caption.story_id].paragraphs[0].style for f in photo_frames] == ["图注", "图注"]
    # Nothing else: one article story and the two caption stories.
    assert set(new_stories) == {story.id} | {f.caption.story_id for f in photo_frames}
    assert [doc.assets[f.asset][:4] for f in photo_frames] == [b"\x89PNG", b"\xff\xd8\xff\xe0"]
    assert article.notes == [] and placement.notes == []


def test_a_full_page_gets_the_article_over_its_type_area_with_a_note(tmp_path, doc):
    placement = place_article_on_page(doc, 3, read_article(write_sample_docx(tmp_path / "a.docx")))
    assert placement.notes == ["第 4 页已没有空位，新框放在版心内，与原有内容重叠，请调整。"]
    assert len(placement.changes) > 0


def test_importing_an_article_is_one_undoable_edit(tmp_path, doc):
    article = read_article(write_sample_docx(tmp_path / "a.docx"))
    before = copy.deepcopy(encode_document(doc))
    changes = place_article_on_page(doc, 2, article).changes
    apply_changes(changes)
    assert encode_document(doc) != before
    apply_changes(changes, forward=False)
    assert encode_document(doc) == before


def test_new_frames_sit_on_the_masters_grid_below_what_the_page_holds(tmp_path, blank):
    doc = blank
    page = doc.pages[3]
    master = doc.master_of(page)
    assert master.grid.columns == 3
    headline = TextFrame(id="headline", story_id="s-headline", x_pt=60.0, y_pt=80.0, width_pt=300.0, height_pt=120.0)
    apply_changes(add_frame(doc, 3, headline, Story(id="s-headline")))
    lowest_pt = 200.0
    placement = place_article_on_page(doc, 3, read_article(write_sample_docx(tmp_path / "a.docx")))
    apply_changes(placement.changes)
    text, first_photo, second_photo = (doc.frame_by_id(i) for i in placement.frame_ids)
    area_left_pt = master.margins.left_pt
    area_width_pt = doc.page_width_pt - master.margins.left_pt - master.margins.right_pt
    gutter_pt = master.grid.gutter_pt
    column_pt = (area_width_pt - 2 * gutter_pt) / 3
    # Text over the first two columns, the photos in the third, all in the free band.
    assert (text.x_pt, text.columns, text.gutter_pt) == (pytest.approx(area_left_pt), 2, gutter_pt)
    assert text.width_pt == pytest.approx(2 * column_pt + gutter_pt)
    for photo in (first_photo, second_photo):
        assert photo.x_pt == pytest.approx(area_left_pt + 2 * (column_pt + gutter_pt))
        assert photo.width_pt == pytest.approx(column_pt)
    assert text.y_pt == first_photo.y_pt == pytest.approx(lowest_pt + gutter_pt)
    assert second_photo.y_pt > first_photo.y_pt + first_photo.height_pt + first_photo.caption.extent_pt
    bottom_pt = doc.page_height_pt - master.margins.bottom_pt
    assert text.y_pt + text.height_pt == pytest.approx(bottom_pt)
    # The first photo is 400 × 300: the frame keeps its proportions.
    assert first_photo.height_pt == pytest.approx(column_pt * 300 / 400)


def test_an_article_replaces_a_threads_text(tmp_path, doc):
    frame = next(f for f in doc.pages[2].frames if isinstance(f, TextFrame))
    old_story = doc.stories[frame.story_id]
    placement = place_article_in_thread(doc, frame.id, read_article(write_sample_docx(tmp_path / "a.docx")))
    apply_changes(placement.changes)
    assert _texts(doc.stories[frame.story_id]) == EXPECTED_TEXTS
    assert _texts(old_story) != EXPECTED_TEXTS
    assert [doc.frame_by_id(i).caption is not None for i in placement.frame_ids] == [True, True]


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8", "utf-8-sig", "utf-16"])
def test_a_text_file_imports_with_the_same_text_in_each_encoding(tmp_path, encoding):
    lines = [TITLE, BYLINE, *BODY]
    source = "\r\n\r\n".join(["　　" + line if line in BODY else line for line in lines]) + "\r\n"
    path = tmp_path / "稿件.txt"
    path.write_bytes(source.encode(encoding))
    if encoding == "utf-16":
        assert path.read_bytes()[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    article = read_article(path)
    assert [p.plain_text() for p in article.paragraphs] == lines
    assert [p.style for p in article.paragraphs] == ["大标题", "署名", *["正文"] * 5]


def test_a_gb18030_text_file_is_not_valid_utf8_and_still_reads(tmp_path):
    path = tmp_path / "gb.txt"
    path.write_bytes("\n".join(BODY).encode("gb18030"))
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    assert [p.plain_text() for p in read_article(path).paragraphs] == BODY


def test_a_table_is_left_out_with_a_note_and_the_rest_imports(tmp_path):
    article = read_article(write_docx_with_table(tmp_path / "表格.docx"))
    assert [p.plain_text() for p in article.paragraphs] == [TITLE, BODY[0], BODY[1]]
    assert len(article.notes) == 1 and "表格" in article.notes[0]


def test_a_hostile_picture_inside_a_word_file_is_refused_with_a_note(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph(BODY[0])
    document.add_picture(_png_file(tmp_path))
    document.save(tmp_path / "图.docx")
    # Swap the picture for one claiming 30000 × 30000 pixels.
    hostile = tmp_path / "hostile.docx"
    with zipfile.ZipFile(tmp_path / "图.docx") as source, zipfile.ZipFile(hostile, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info, png_claiming(30000, 30000) if info.filename.startswith("word/media/") else data)
    article = read_article(hostile)
    assert article.photos == []
    assert [p.plain_text() for p in article.paragraphs] == [BODY[0]]
    assert len(article.notes) == 1 and article.notes[0].startswith("图片“image1.png”未导入")


def _png_file(tmp_path):
    path = tmp_path / "ok.png"
    path.write_bytes(picture_bytes(40, 30, (0, 128, 0)))
    return str(path)


# ---------------------------------------------------------------- hostile files through the CLI


def _hostile(tmp_path, kind: str):
    if kind == "zero-byte":
        path = tmp_path / "空.docx"
        path.write_bytes(b"")
    elif kind == "renamed zip":
        path = write_renamed_zip(tmp_path / "表格.docx")
    elif kind == "1 GB XML":
        path = write_docx_bomb(tmp_path / "炸弹.docx")
        assert path.stat().st_size < 2 * 1024 * 1024
    elif kind == "invalid UTF-8":
        path = tmp_path / "乱码.txt"
        path.write_bytes("会议指出".encode() + b"\xff\x80\xfe" + "重大决策".encode())
    elif kind == "doc":
        path = tmp_path / "旧稿.doc"
        path.write_bytes(OLE_DOC)
    else:  # an old Word file renamed .docx: refused by its magic bytes
        path = tmp_path / "改名.docx"
        path.write_bytes(OLE_DOC)
    return path


HOSTILE = ["zero-byte", "renamed zip", "1 GB XML", "invalid UTF-8", "doc", "doc renamed docx"]
EXPECTED_WORDS = {
    "zero-byte": "空的", "renamed zip": "不是 Word 文档", "1 GB XML": "解压后过大", "invalid UTF-8": "不是有效的文本",
    "doc": "另存为 .docx", "doc renamed docx": "另存为 .docx",
}


@pytest.mark.parametrize("kind", HOSTILE)
def test_a_hostile_file_gives_a_chinese_message_and_leaves_the_project_unchanged(tmp_path, capsys, kind):
    project = tmp_path / "期刊.banmian"
    save_project(load_project(SAMPLE_PROJECT), project)
    saved = project.read_bytes()
    path = _hostile(tmp_path, kind)
    with pytest.raises(ArticleImportError) as refused:
        read_article(path)
    assert refused.value.message.startswith(f"无法导入“{path.name}”：")
    assert EXPECTED_WORDS[kind] in refused.value.message
    assert main(["import", str(project), str(path)]) == 2
    err = capsys.readouterr().err
    assert err.strip() == f"banmian：{refused.value.message}"
    assert project.read_bytes() == saved


def test_a_word_xml_that_deflates_a_hundredfold_is_refused_as_a_bomb(tmp_path):
    path = write_docx_bomb(tmp_path / "小炸弹.docx", expanded_bytes=48 * 1024 * 1024)
    with pytest.raises(ArticleImportError, match="压缩比异常"):
        read_article(path)


# ---------------------------------------------------------------- the command line


def test_import_places_a_folder_of_submissions_one_article_each_and_saves(tmp_path, capsys):
    project = tmp_path / "期刊.banmian"
    save_project(load_project(SAMPLE_PROJECT), project)
    folder = tmp_path / "来稿"
    folder.mkdir()
    write_sample_docx(folder / "一.docx")
    (folder / "二.txt").write_bytes("\n".join(["简讯标题", *BODY[:2]]).encode("gb18030"))
    (folder / "说明.pdf").write_bytes(b"%PDF-1.4")
    before = load_project(project)
    assert main(["import", str(project), str(folder), "--page", "4"]) == 0
    out = capsys.readouterr().out
    assert f"已导入“{TITLE}”（一.docx）" in out and "已导入“简讯标题”（二.txt）" in out
    after = load_project(project)
    added = _new_items(before.stories, after.stories)
    titles = sorted(story.name for story in added.values())
    assert titles == sorted([TITLE, f"{TITLE} 图注1", f"{TITLE} 图注2", "简讯标题"])
    assert len(after.pages[3].frames) == len(before.pages[3].frames) + 4
    assert all(len(after.pages[i].frames) == len(before.pages[i].frames) for i in (0, 1, 2, 4))


def test_import_refuses_a_page_that_does_not_exist_without_saving(tmp_path, capsys):
    project = tmp_path / "期刊.banmian"
    save_project(load_project(SAMPLE_PROJECT), project)
    saved = project.read_bytes()
    assert main(["import", str(project), str(write_sample_docx(tmp_path / "a.docx")), "--page", "9"]) == 2
    assert capsys.readouterr().err.strip() == "banmian：没有第 9 页（项目共 5 页）。"
    assert project.read_bytes() == saved


def test_import_saves_the_article_and_its_photos_on_the_last_page_by_default(tmp_path):
    project = tmp_path / "期刊.banmian"
    save_project(load_project(SAMPLE_PROJECT), project)
    assert main(["import", str(project), str(write_sample_docx(tmp_path / "a.docx"))]) == 0
    reopened = load_project(project)
    story = next(s for s in reopened.stories.values() if s.name == TITLE)
    assert _texts(story) == EXPECTED_TEXTS
    photos = [f for f in reopened.pages[-1].frames if isinstance(f, ImageFrame) and f.source_name.startswith("image")]
    assert [reopened.assets[f.asset] == original for f, original in zip(photos, (
        picture_bytes(400, 300, (200, 30, 30)), picture_bytes(300, 400, (30, 30, 200), "JPEG")), strict=True)] == [True, True]


# ---------------------------------------------------------------- recognising the parts without Word headings


def test_without_heading_styles_the_largest_bold_centred_line_is_the_title(tmp_path):
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = docx.Document()
    for text, size_pt, bold in ((KICKER, 12, False), (TITLE, 22, True), ("深入学习贯彻重要讲话精神", 14, False)):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(text)
        run.font.size, run.bold = Pt(size_pt), bold
    document.add_paragraph("本报通讯员　李华")
    body = document.add_paragraph(BODY[0][:10])
    body.add_run(BODY[0][10:]).italic = True
    document.save(tmp_path / "无样式.docx")
    article = read_article(tmp_path / "无样式.docx")
    assert [(p.style, p.plain_text()) for p in article.paragraphs] == [
        ("引题", KICKER), ("大标题", TITLE), ("副标题", "深入学习贯彻重要讲话精神"), ("署名", "本报通讯员　李华"),
        ("正文", BODY[0])]
    assert [(run.text, run.char_style) for run in article.paragraphs[-1].runs] == [
        (BODY[0][:10], None), (BODY[0][10:], "倾斜")]


def test_a_short_paragraph_right_under_a_picture_is_its_caption_and_a_long_one_is_not(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph(BODY[0])
    document.add_picture(_png_file(tmp_path))
    document.add_paragraph("公司领导在生产现场调研")
    document.add_picture(_png_file(tmp_path))
    long_text = BODY[1] * 4  # 100 characters: body text, not a caption
    document.add_paragraph(long_text)
    document.add_paragraph("图：厂区新貌")
    document.save(tmp_path / "图注.docx")
    article = read_article(tmp_path / "图注.docx")
    assert [photo.caption for photo in article.photos] == ["公司领导在生产现场调研", "图：厂区新貌"]
    assert [p.plain_text() for p in article.paragraphs] == [BODY[0], long_text]


def test_a_picture_inside_a_word_file_that_deflates_like_a_bomb_refuses_the_file(tmp_path):
    source = write_sample_docx(tmp_path / "原稿.docx")
    bomb = tmp_path / "图片炸弹.docx"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as target:
        for info in original.infolist():
            picture = info.filename == "word/media/image1.png"
            target.writestr(info.filename, bytes(8 * 1024 * 1024) if picture else original.read(info))
    with pytest.raises(ArticleImportError, match="word/media/image1.png 压缩比异常"):
        read_article(bomb)


def test_zero_width_break_hints_in_a_word_file_do_not_reach_the_story(tmp_path):
    """Banmian's own DOCX carries U+200B where LibreOffice would not break (docs/docx.md); an
    article written from such a file, or from a web page that has them, gets the text alone."""
    import docx

    document = docx.Document()
    document.add_paragraph("二是唱响主旋律，\u200b2021年完成\u200b“七一”重要讲话精神学习。")
    document.save(tmp_path / "带零宽空格.docx")
    article = read_article(tmp_path / "带零宽空格.docx")
    assert [p.plain_text() for p in article.paragraphs] == ["二是唱响主旋律，2021年完成“七一”重要讲话精神学习。"]
