"""插入 → 导入文章… through the real window: the dialog lists what each file became, the import
is one undo step, and a hostile file is listed as refused while the document stays unchanged;
and the same articles dropped on the canvas."""

from __future__ import annotations

import copy

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from editor.model.codec import encode_document
from editor.model.frames import ImageFrame, TextFrame
from editor.ui.article_import_dialog import ArticleImportDialog, import_articles, read_found
from tests.article_files import BODY, CAPTIONS, TITLE, write_docx_bomb, write_sample_docx
from tests.canvas_helpers import blank_document, shown_canvas
from tests.test_canvas_drop import _drop

SEEN: dict[str, object] = {}


def _answer(page: int | None = None, into_thread: bool = False, go_on: bool = True):
    """What the user does in the dialog: note the rows, pick where the articles go, press 导入."""
    def ask(dialog: ArticleImportDialog) -> bool:
        table = dialog.table
        SEEN["rows"] = [[table.item(row, column).text() for column in range(4)] for row in range(table.rowCount())]
        SEEN["thread_enabled"] = dialog.into_thread.isEnabled()
        SEEN["ok_enabled"] = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
        if into_thread:
            dialog.into_thread.setChecked(True)
        else:
            dialog.new_frames.setChecked(True)
            if page is not None:
                dialog.page.setValue(page)
        return go_on
    return ask


def test_the_menu_offers_import_and_the_dialog_says_what_each_file_became(make_window, tmp_path):
    window = make_window()
    assert "导入文章(&I)…" in [a.text() for a in window.menu_actions.menus["insert"].actions()]
    word = write_sample_docx(tmp_path / "动员大会.docx")
    text = tmp_path / "简讯.txt"
    text.write_bytes("\n".join(["简讯标题", *BODY[:2]]).encode("gb18030"))
    bomb = write_docx_bomb(tmp_path / "炸弹.docx", expanded_bytes=128 * 1024 * 1024)
    doc = window.controller.doc
    frames_before = len(doc.pages[4].frames)
    assert import_articles(window, [word, text, bomb], ask=_answer(page=5))
    rows = SEEN["rows"]
    assert rows[0][:3] == ["动员大会.docx", TITLE, "5 段正文，1 行引题，1 行副标题，1 行署名，2 张图片"]
    assert rows[1][:3] == ["简讯.txt", "简讯标题", "2 段正文，0 张图片"]
    assert rows[2][:3] == ["炸弹.docx", "—", "无法导入"] and "解压后过大" in rows[2][3]
    new_frames = doc.pages[4].frames[frames_before:]
    assert [type(f).__name__ for f in new_frames] == ["TextFrame", "ImageFrame", "ImageFrame", "TextFrame"]
    assert set(window.controller.selection) == {f.id for f in new_frames}
    assert window.controller.undo_stack.undoText() == "导入文章"


def test_the_file_title_and_content_columns_are_wide_enough_to_read(qtbot, tmp_path):
    """Not cut off to 「15 段正文，1 …」 beside an empty 说明 column that took all the room."""
    word = write_sample_docx(tmp_path / "动员大会.docx")
    dialog = ArticleImportDialog(read_found([word]), 5, 0, None)
    qtbot.addWidget(dialog)
    dialog.show()
    table = dialog.table
    metrics = table.fontMetrics()
    for column in range(3):
        text = table.item(0, column).text()
        assert table.columnWidth(column) > metrics.horizontalAdvance(text), text


def test_one_undo_takes_the_whole_import_back(make_window, tmp_path):
    window = make_window()
    before = copy.deepcopy(encode_document(window.controller.doc))
    folder = tmp_path / "来稿"
    folder.mkdir()
    write_sample_docx(folder / "一.docx")
    write_sample_docx(folder / "二.docx")
    assert import_articles(window, [folder], ask=_answer(page=2))
    assert len(SEEN["rows"]) == 2
    assert encode_document(window.controller.doc) != before
    window.controller.undo_stack.undo()
    assert encode_document(window.controller.doc) == before


def test_an_article_goes_into_the_selected_frames_thread(make_window, tmp_path):
    window = make_window()
    doc = window.controller.doc
    frame = next(f for f in doc.pages[2].frames if isinstance(f, TextFrame))
    window.controller.select([frame.id])
    assert import_articles(window, [write_sample_docx(tmp_path / "a.docx")], ask=_answer(into_thread=True))
    assert SEEN["thread_enabled"] is True
    story = doc.stories[frame.story_id]
    assert [p.plain_text() for p in story.paragraphs][1] == TITLE
    photos = [doc.frame_by_id(i) for i in window.controller.selection]
    assert [isinstance(f, ImageFrame) and f.caption is not None for f in photos] == [True, True]


def test_a_hostile_file_alone_cannot_be_imported_and_nothing_changes(make_window, tmp_path):
    window = make_window()
    before = copy.deepcopy(encode_document(window.controller.doc))
    empty = tmp_path / "空.txt"
    empty.write_bytes(b"")
    assert not import_articles(window, [empty], ask=_answer())
    assert SEEN["ok_enabled"] is False
    assert SEEN["rows"][0][3] == "无法导入“空.txt”：文件是空的（0 字节）。"
    assert encode_document(window.controller.doc) == before
    assert window.controller.undo_stack.count() == 0


# ---------------------------------------------------------------- dropped on the canvas


def test_a_dropped_word_article_becomes_a_story_in_the_drop_column_and_captioned_photos_beside_it(qtbot, tmp_path):
    controller, canvas = shown_canvas(qtbot, blank_document())
    _drop(canvas, [write_sample_docx(tmp_path / "动员大会.docx")], 0, 100, 300)
    text, *photos = controller.doc.pages[0].frames
    story = controller.doc.stories[text.story_id]
    assert [p.style for p in story.paragraphs] == ["引题", "大标题", "副标题", "署名", *["正文"] * 5]
    assert story.name == TITLE
    assert text.x_pt == pytest.approx(canvas.grid(0).column_at(100)[0])
    assert text.y_pt == pytest.approx(300, abs=1)
    assert [type(f).__name__ for f in photos] == ["ImageFrame", "ImageFrame"]
    assert [controller.doc.stories[f.caption.story_id].paragraphs[0].plain_text() for f in photos] == CAPTIONS
    assert all(f.x_pt >= text.x_pt + text.width_pt for f in photos)
    assert controller.undo_stack.count() == 1


def test_a_dropped_zip_bomb_named_docx_gives_a_chinese_message_and_changes_nothing(qtbot, tmp_path):
    controller, canvas = shown_canvas(qtbot, blank_document())
    before = copy.deepcopy(controller.doc)
    with qtbot.waitSignal(canvas.message) as blocker:
        _drop(canvas, [write_docx_bomb(tmp_path / "炸弹.docx", expanded_bytes=128 * 1024 * 1024)], 0, 100, 300)
    assert blocker.args[0] == "无法导入“炸弹.docx”：其中的 word/document.xml 解压后过大（超过 64 MB），已拒绝导入。"
    assert controller.doc == before and controller.undo_stack.count() == 0
