"""插入 → 导入文章…: choose .docx/.txt files, see what each became, and say where it goes.

The dialog lists every file chosen (a folder stands for the submissions in
it) with what it became — title, paragraphs, photos — or why it cannot be
imported, and the notes (a table left out, a picture refused). The articles
go as new frames on a chosen page, laid on the page's grid (on a page with
no room, into its empty placeholder articles), or — one article, a text
frame selected — into that frame's thread, replacing its text: the title
into the template's headline frame above it, the photos into its empty photo
frames or at the top of its columns, text wrapping around them. Reading is ``editor.io.article_import``, placing is
``editor.model.article_placement``; the import is one undo step (导入文章).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QRadioButton,
    QSpinBox,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from editor.errors import BanmianError, display_name
from editor.io.article_import import article_files_in, read_article
from editor.model.article_placement import Placement, place_article_in_thread, place_articles_on_page
from editor.model.frames import TextFrame
from editor.model.imported_article import ImportedArticle

if TYPE_CHECKING:
    from editor.ui.actions import EditorActions
    from editor.ui.main_window import MainWindow

ARTICLE_FILTER = "文章 (*.docx *.txt);;Word 文档 (*.docx);;纯文本 (*.txt)"
UNDO_TEXT = "导入文章"
#: The widest the 文件, 标题 and 内容 columns open (a summary with every kind of part is about 380 px).
MAX_COLUMN_PX = 400


@dataclass
class FoundFile:
    """A file chosen for import: the article read from it, or why it cannot be imported."""

    path: Path
    article: ImportedArticle | None = None
    problem: str = ""


def read_found(paths: list[Path]) -> list[FoundFile]:
    """Read every file chosen (a folder: each submission in it); problems are kept, not raised."""
    found: list[FoundFile] = []
    for path in paths:
        try:
            files = article_files_in(path) if path.is_dir() else [path]
        except OSError:
            files = [path]
        for file in files:
            try:
                found.append(FoundFile(file, article=read_article(file)))
            except BanmianError as problem:
                found.append(FoundFile(file, problem=problem.message))
    return found


class ArticleImportDialog(QDialog):
    """The articles found and where they go; ``exec()`` accepted means: import them."""

    def __init__(self, found: list[FoundFile], page_count: int, current_page: int, thread_frame: TextFrame | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("导入文章")
        self.found = found
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("找到的文章："))
        self.table = self._table(found)
        layout.addWidget(self.table)
        row = QHBoxLayout()
        self.new_frames = QRadioButton("新建文本框和图片框，按栏格放在第")
        self.page = QSpinBox()
        self.page.setRange(1, max(page_count, 1))
        self.page.setValue(current_page + 1)
        self.page.setSuffix(" 页")
        self.new_frames.setToolTip("页面上已没有空位时，文章放入该页空着的文章框（在此粘贴正文）")
        row.addWidget(self.new_frames)
        row.addWidget(self.page)
        row.addStretch(1)
        layout.addLayout(row)
        self.into_thread = QRadioButton("放入所选文本框（替换其串接文字；标题放入上方的标题框，图片放在栏内、文字绕排）")
        self.thread_frame = thread_frame
        readable = [item for item in found if item.article is not None]
        self.into_thread.setEnabled(thread_frame is not None and len(readable) == 1)
        layout.addWidget(self.into_thread)
        (self.into_thread if self.into_thread.isEnabled() else self.new_frames).setChecked(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("导入")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(readable))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(820, 360)

    @staticmethod
    def _table(found: list[FoundFile]) -> QTableWidget:
        table = QTableWidget(len(found), 4)
        table.setHorizontalHeaderLabels(["文件", "标题", "内容", "说明"])
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().setVisible(False)
        for row, item in enumerate(found):
            article = item.article
            cells = [display_name(item.path.name),
                     display_name(article.title) if article else "—",
                     article.summary() if article else "无法导入",
                     "；".join(article.notes) if article else item.problem]
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                table.setItem(row, column, cell)
        # 文件, 标题 and 内容 as wide as their text (a very long name stays within reach of the rest:
        # its tooltip shows it whole); 说明 takes what is left.
        table.resizeColumnsToContents()
        for column in range(3):
            table.setColumnWidth(column, min(table.columnWidth(column), MAX_COLUMN_PX))
        table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        # A note (a table left out, a picture refused) is a whole sentence: it wraps in 说明 and
        # each row is as tall as its wrapped text, whatever the column's width.
        table.setWordWrap(True)
        table.setItemDelegateForColumn(3, _WrappedTextDelegate(table))
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        return table

    def articles(self) -> list[ImportedArticle]:
        return [item.article for item in self.found if item.article is not None]

    def placement(self, doc) -> Placement:
        """Where the articles go, as changes to ``doc`` (not applied)."""
        articles = self.articles()
        if self.into_thread.isChecked() and self.thread_frame is not None:
            return place_article_in_thread(doc, self.thread_frame.id, articles[0])
        return place_articles_on_page(doc, self.page.value() - 1, articles)


class _WrappedTextDelegate(QStyledItemDelegate):
    """A cell as tall as its text wrapped where the style draws it. Qt's own size hint wraps at a
    width that differs from the one the Windows style paints at (a row a line short there: the
    note cut off again); this one measures in the style's own text rectangle."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802 - Qt's name
        hint = super().sizeHint(option, index)
        view = self.parent()
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        item.features |= QStyleOptionViewItem.ViewItemFeature.WrapText
        item.rect = QRect(0, 0, view.columnWidth(index.column()), 100_000)
        text_rect = view.style().subElementRect(QStyle.SubElement.SE_ItemViewItemText, item, view)
        needed = QFontMetrics(item.font).boundingRect(QRect(0, 0, text_rect.width(), 100_000),
                                                      int(Qt.TextFlag.TextWordWrap), item.text)
        margins_px = item.rect.height() - text_rect.height()
        return QSize(hint.width(), max(hint.height(), needed.height() + margins_px))


def _selected_text_frame(window: MainWindow) -> TextFrame | None:
    frames = window.controller.selected_frames()
    return frames[0] if len(frames) == 1 and isinstance(frames[0], TextFrame) else None


def import_articles(window: MainWindow, paths: list[Path],
                    ask: Callable[[ArticleImportDialog], bool] | None = None) -> bool:
    """Read ``paths``, show what was found, and place the articles as one undo step.

    ``ask`` shows the dialog and says whether to go on (tests answer for the user).
    """
    controller = window.controller
    if not paths or not controller.doc.pages:
        return False
    found = read_found(paths)
    dialog = ArticleImportDialog(found, len(controller.doc.pages), window.current_page(),
                                 _selected_text_frame(window), window)
    confirmed = ask(dialog) if ask is not None else dialog.exec() == QDialog.DialogCode.Accepted
    if not confirmed or not dialog.articles():
        return False
    placement = dialog.placement(controller.doc)
    if not controller.edit(UNDO_TEXT, placement.changes):
        window.status.showMessage("".join(placement.notes[-1:]) or "文章未能导入。", 8000)
        return False
    if placement.frame_ids:
        controller.select(placement.frame_ids)
    imported = len(dialog.articles())
    skipped = len(found) - imported
    message = f"已导入 {imported} 篇文章" + (f"，{skipped} 个文件无法导入" if skipped else "") + "。"
    window.status.showMessage(message + "".join(placement.notes), 8000)
    return True


def choose_and_import(actions: EditorActions) -> bool:
    """插入 → 导入文章…: the file dialog, then ``import_articles``."""
    window = actions.window
    folder = window.controller.path.parent if window.controller.path is not None else Path.home()
    names, _ = QFileDialog.getOpenFileNames(window, "导入文章", str(folder), ARTICLE_FILTER)
    return import_articles(window, [Path(name) for name in names])


def install_article_actions(actions: EditorActions) -> None:
    """插入 → 导入文章… (disabled while the document is read-only)."""
    action = actions.add("import_article", "导入文章(&I)…", lambda: choose_and_import(actions), "Ctrl+Shift+I",
                         "导入 Word 文档（.docx）或纯文本（.txt）：识别标题、署名、正文、图片和图注")
    actions.menus["insert"].addSeparator()
    actions.menus["insert"].addAction(action)
