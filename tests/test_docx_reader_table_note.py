"""A Word file with a table: the note that the table was left out is one whole sentence, and
the import dialog shows all of it (wrapped in its 说明 cell), not 「…请改为文…」."""

from __future__ import annotations

import io
from pathlib import Path

import docx
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

from editor.io.article_import import article_from_docx
from editor.ui.article_import_dialog import ArticleImportDialog, read_found

NOTE = "文中有 1 个表格未导入：版面不支持表格，请改为文字或截图后插入图片。"


def _docx_with_table() -> bytes:
    document = docx.Document()
    document.add_paragraph("青工技能大赛圆满落幕", style="Title")
    document.add_paragraph("本次大赛共设三个赛项，具体获奖情况如下：")
    table = document.add_table(rows=2, cols=3)
    for column, text in enumerate(["赛项", "一等奖", "二等奖"]):
        table.cell(0, column).text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_left_out_table_is_noted_in_one_whole_sentence() -> None:
    assert article_from_docx(_docx_with_table(), "稿件.docx").notes == [NOTE]


def test_the_dialog_shows_the_whole_table_note_even_when_it_is_wider_than_its_column(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "稿件二_技能大赛.docx"
    path.write_bytes(_docx_with_table())
    dialog = ArticleImportDialog(read_found([path]), 5, 0, None)
    qtbot.addWidget(dialog)
    table = dialog.table
    # The user's Chinese font is wider than this machine's fallback: a large font stands for it,
    # so that the sentence is wider than the 说明 column at the dialog's opening size.
    font = QFont(table.font())
    font.setPointSize(24)
    table.setFont(font)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert table.item(0, 3).text() == NOTE
    # Where the style draws the cell's text (its own margins, Fusion's or Windows'), and what the
    # wrapped sentence needs there.
    index = table.model().index(0, 3)
    option = QStyleOptionViewItem()
    option.initFrom(table)
    option.font = table.font()  # the view's font, as the view hands it to its delegate
    table.itemDelegate().initStyleOption(option, index)
    option.rect = table.visualRect(index)
    option.features |= QStyleOptionViewItem.ViewItemFeature.WrapText
    text_rect = table.style().subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, table)
    room = QRect(0, 0, text_rect.width(), 10_000)
    needed = QFontMetrics(option.font).boundingRect(room, int(Qt.TextFlag.TextWordWrap), NOTE)
    # The sentence needs more lines than a row of the table's usual height holds …
    assert needed.height() > table.verticalHeader().defaultSectionSize()
    assert table.wordWrap()
    assert text_rect.height() >= needed.height()  # … and its row is as tall as they are
