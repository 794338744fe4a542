"""另存为模板… and 从模板新建…: the two template commands and their dialogs.

另存为模板 asks for a name (and whether to keep the photos, 包括图片) and
stores the design of the open issue in the user's templates folder
(``editor.io.templates``). 从模板新建 shows every template — the house ones
in ``layouts/`` first, then the user's — each with a thumbnail of its first
page drawn by the same Qt renderer as the canvas, and starts a new untitled
issue from the one chosen; its numbers are a guess from the template
(``new_issue_fields``), so 期刊信息 then opens for the user to confirm or
correct them. The questions go through ``FileDialogs`` (``ask_template``,
``choose_template``, ``confirm_issue``), so tests answer them with scripts.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from editor.errors import BanmianError, display_name
from editor.io.templates import TemplateEntry, all_templates, save_template, template_path
from editor.model.document import IssueFields
from editor.model.frames import ImageFrame
from editor.ui.issue_dialog import IssueDialog
from editor.user_dirs import templates_dir

if TYPE_CHECKING:
    from editor.ui.main_window import MainWindow

#: Width of a thumbnail in the 从模板新建 list, in pixels.
THUMB_WIDTH_PX = 120
#: Its height: an A4 or A3 page's proportion.
THUMB_HEIGHT_PX = round(THUMB_WIDTH_PX * 1.42)
#: One template's cell in the list: the thumbnail and up to three lines of its name below.
CELL_SIZE = QSize(THUMB_WIDTH_PX + 40, THUMB_HEIGHT_PX + 64)
#: Spare width in a row, in pixels: Qt's icon view wraps a row that fills its width exactly.
SLACK_PX = 8
#: Thumbnails side by side: the four house templates in one row.
COLUMNS = 4
#: Most rows a section shows without scrolling (the house templates take one).
MOST_ROWS = 2
#: Thumbnails already drawn: (path, modification time) → image.
_thumbnails: dict[tuple[str, int], QImage] = {}


def template_thumbnail(path: Path, width_px: int = THUMB_WIDTH_PX) -> QImage | None:
    """Page 1 of the template at ``path``, ``width_px`` wide; None when it cannot be read."""
    from editor.io.project import load_project
    from editor.layout.engine import layout_document
    from editor.render.qt import render_page_image

    try:
        key = (str(path), (path / "document.json" if path.is_dir() else path).stat().st_mtime_ns)
    except OSError:
        return None
    if key not in _thumbnails:
        try:
            doc = load_project(path)
        except BanmianError:
            return None
        if not doc.pages:
            return None
        dpi = width_px * 72.0 / doc.page_width_pt
        _thumbnails[key] = render_page_image(doc, layout_document(doc), 0, dpi)
    return _thumbnails[key]


def _icon(image: QImage | None, width_px: int) -> QIcon:
    if image is None:
        blank = QPixmap(width_px, round(width_px * 1.414))
        blank.fill(QColor(235, 235, 235))
        return QIcon(blank)
    return QIcon(QPixmap.fromImage(image))


def _ok_cancel(dialog: QDialog, ok_text: str, accept: Callable[[], None]) -> QDialogButtonBox:
    """The dialog's buttons: ``ok_text`` runs ``accept``, 取消 rejects."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
    buttons.accepted.connect(accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class TemplateList(QListWidget):
    """One section of 从模板新建: thumbnails with their names in rows of ``COLUMNS``, as tall as
    ``rows`` rows so that at the dialog's default size each of them shows whole."""

    def __init__(self, entries: list[TemplateEntry], rows: int) -> None:
        super().__init__()
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setIconSize(QSize(THUMB_WIDTH_PX, THUMB_HEIGHT_PX))
        self.setGridSize(CELL_SIZE)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setWordWrap(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for entry in entries:
            item = QListWidgetItem(_icon(template_thumbnail(entry.path), THUMB_WIDTH_PX), entry.label)
            item.setData(Qt.ItemDataRole.UserRole, str(entry.path))
            item.setToolTip(f"内置模板：{entry.label}" if entry.house else f"我的模板：{display_name(entry.path)}")
            self.addItem(item)
        # Room for COLUMNS cells across and ``rows`` down, and the scroll bar that more rows bring.
        frame_px = 2 * self.frameWidth()
        scroll_px = self.verticalScrollBar().sizeHint().width()
        self.setMinimumSize(COLUMNS * CELL_SIZE.width() + frame_px + scroll_px + SLACK_PX,
                            rows * CELL_SIZE.height() + frame_px)


def _rows(count: int) -> int:
    """Rows of ``COLUMNS`` that ``count`` thumbnails take, at least one and at most ``MOST_ROWS``."""
    return max(1, min(MOST_ROWS, -(-count // COLUMNS)))


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


class TemplatePicker(QDialog):
    """从模板新建: the house templates, then the user's in their own section, each a thumbnail
    with its name; ``chosen()`` after 新建."""

    def __init__(self, entries: list[TemplateEntry], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("从模板新建")
        house = [entry for entry in entries if entry.house]
        own = [entry for entry in entries if not entry.house]
        self.house_list = TemplateList(house, _rows(len(house)))
        self.own_list = TemplateList(own, _rows(len(own)))
        self.buttons = _ok_cancel(self, "新建", self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("选择一个模板，由它新建一期未命名的期刊："))
        layout.addWidget(_heading("内置模板"))
        layout.addWidget(self.house_list)
        layout.addWidget(_heading("我的模板"))
        if own:
            layout.addWidget(self.own_list)
        else:
            self.own_list.hide()
            none = QLabel("还没有自己的模板。排好一期后，用“文件 → 另存为模板…”保存它的版式，就会列在这里。")
            none.setWordWrap(True)
            layout.addWidget(none)
        note = QLabel(f"我的模板保存在：{display_name(templates_dir())}")
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addWidget(self.buttons)
        for this, other in ((self.house_list, self.own_list), (self.own_list, self.house_list)):
            this.itemSelectionChanged.connect(lambda this=this, other=other: _one_selection(this, other))
            this.itemDoubleClicked.connect(lambda *_: self.accept())
        self.house_list.setCurrentRow(0)

    def chosen(self) -> Path | None:
        selected = self.house_list.selectedItems() + self.own_list.selectedItems()
        return Path(selected[0].data(Qt.ItemDataRole.UserRole)) if selected else None


def _one_selection(this: QListWidget, other: QListWidget) -> None:
    """A template chosen in one section is the only one chosen."""
    if this.selectedItems():
        other.clearSelection()


class SaveTemplateDialog(QDialog):
    """另存为模板: the template's name and whether to keep the photos."""

    def __init__(self, suggested: str, folder: Path, has_photos: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("另存为模板")
        self.name = QLineEdit(suggested)
        self.name.selectAll()
        self.photos = QCheckBox("包括图片")
        self.photos.setEnabled(has_photos)
        self.photos.setToolTip("不勾选时，模板中的图片框保留位置和图片说明样式，但不含图片")
        explain = QLabel("模板保存版式：母版、样式、页面、刊头和栏目；文章换成占位文字"
                         "（“在此输入标题”“在此粘贴正文”）。")
        explain.setWordWrap(True)
        where = QLabel(f"保存到：{display_name(folder)}")
        where.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(explain)
        form.addRow("模板名称", self.name)
        form.addRow("", self.photos)
        form.addRow(where)
        form.addRow(_ok_cancel(self, "保存", self._accept))

    def _accept(self) -> None:
        if not self.name.text().strip():
            self.name.setFocus()
            return
        self.accept()

    def answer(self) -> tuple[str, bool]:
        return self.name.text().strip(), self.photos.isChecked()


def ask_template(parent: QWidget, suggested: str, folder: Path, has_photos: bool) -> tuple[str, bool] | None:
    """The 另存为模板 dialog: (name, include photos), or None when cancelled."""
    dialog = SaveTemplateDialog(suggested, folder, has_photos, parent)
    return dialog.answer() if dialog.exec() else None


def confirm_issue(parent: QWidget, issue: IssueFields) -> dict[str, object] | None:
    """期刊信息 after 从模板新建, pre-filled with the proposed numbers: the fields as confirmed or
    corrected (``IssueDialog.fields``), or None when cancelled."""
    dialog = IssueDialog(issue, parent)
    why = QLabel("期号、总期号和出版日期是按模板推算的，请核对或改正：")
    why.setWordWrap(True)
    form = dialog.layout()
    if isinstance(form, QFormLayout):
        form.insertRow(0, why)
    return dialog.fields() if dialog.exec() else None


def choose_template(parent: QWidget, entries: list[TemplateEntry]) -> Path | None:
    """The 从模板新建 dialog: the chosen template's path, or None when cancelled."""
    dialog = TemplatePicker(entries, parent)
    return dialog.chosen() if dialog.exec() else None


# ------------------------------------------------------------------ the commands

def save_as_template(window: MainWindow) -> bool:
    """文件 → 另存为模板…: ask a name, confirm replacing a template of that name, write it."""
    files, doc = window.files, window.controller.doc
    folder = templates_dir()
    has_photos = any(isinstance(f, ImageFrame) and f.asset for page in doc.pages for f in page.frames)
    answer = files.dialogs.ask_template(doc.issue.title or "我的模板", folder, has_photos)
    if answer is None:
        return False
    name, include_photos = answer
    try:
        path = template_path(name, folder)
        if path.exists() and not files.dialogs.confirm(f"已有名为“{display_name(path.stem)}”的模板。要替换它吗？",
                                                       "替换"):
            return False
        save_template(doc, name, include_photos, folder)
    except BanmianError as problem:
        files.dialogs.error(problem)
        return False
    files.message.emit(f"已另存为模板“{display_name(path.stem)}”。用“文件 → 从模板新建…”可由它开始新的一期。")
    return True


def new_from_chosen_template(window: MainWindow) -> bool:
    """文件 → 从模板新建…: pick a template in the dialog; a new untitled issue from it, whose
    期刊信息 the user then confirms or corrects (the numbers are only a guess from the template)."""
    files = window.files
    path = files.dialogs.choose_template(all_templates())
    if path is None or not files.new_from_template(path, ask=True):
        return False
    confirm_new_issue(window)
    return True


def confirm_new_issue(window: MainWindow) -> None:
    """Ask 期刊信息 of the new issue: 确定 with a change is one undoable 修改期刊信息, as in the
    menu's 期刊信息; 取消 or 确定 without a change leaves the new issue unmodified."""
    fields = window.files.dialogs.confirm_issue(window.controller.doc.issue)
    if fields is not None:
        window.apply_issue_fields(fields)
    issue = window.controller.doc.issue
    window.files.message.emit(f"已由模板新建{issue.year}年第{issue.number}期（总第{issue.total_number}期），尚未保存。")
