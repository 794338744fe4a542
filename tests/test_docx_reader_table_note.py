"""A Word file with a table: the note that the table was left out is one whole sentence, and
the import dialog shows all of it (wrapped in its 说明 cell), not 「…请改为文…」."""

from __future__ import annotations

import io
from pathlib import Path

import docx
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QStyle

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
    margin_px = 2 * (table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1)
    room = QRect(0, 0, table.columnWidth(3) - margin_px, 10_000)
    needed = table.fontMetrics().boundingRect(room, int(Qt.TextFlag.TextWordWrap), NOTE)
    # The sentence needs more lines than a row of the table's usual height holds …
    assert needed.height() > table.verticalHeader().defaultSectionSize()
    assert table.wordWrap()
    assert table.rowHeight(0) >= needed.height()  # … and its row is as tall as they are
