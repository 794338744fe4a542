"""导出 PDF and 导出 Word: choose the file, check it and the photos, export with a progress bar.

An existing file is replaced only after 替换 (Qt's save dialog asks for a
path picked there; ``ExportDialog.accept`` for a path typed or suggested);
the project itself, a folder or a device is refused with a message
(``check_export_target``). Then, before anything is written, the document
is copied and laid out again and every photo is prepared as the export will
want it (``prepared_photos.check_photos``, on a worker thread; the export then
takes those photos, so each is decoded once, or not at all when the user
cache holds it prepared): a photo that cannot be used is named with its
page, and the export goes on only if the user agrees to a blank placeholder
in its place. The export runs on a worker thread from that copy and that
layout, which no edit can change underneath it, while a
``QProgressDialog`` shows photo after photo (checked, then prepared: seconds
for 200 phone photos) and page after page, so the window keeps painting and
a long export never looks frozen. 取消 stops at the next photo or page; the exporters
write atomically, so a cancelled or failed export leaves any earlier file
untouched. When it is done, a message offers 打开所在文件夹 (or names the
folder when the desktop cannot open it) and mentions text that did not fit
(溢出), which the export leaves out, and the photos given placeholders.
The PDF dialog also asks for 图片分辨率 — 印刷 300 ppi, 屏幕 150 ppi, or a
number — the resolution photos are resampled down to at their placed size,
and offers the export presets (预设: 印刷, 屏幕, the user's own, and
保存为预设…, ``export_presets_ui``) that set it and the bleed together;
the preset chosen last is offered next time. The Word dialog asks for 图片分辨率
too (its photos are resampled the same way), with 原图 besides, which keeps every
photo's pixels; its choice is offered next time.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QSpinBox,
    QWidget,
)

from editor.errors import BanmianError, ExportError
from editor.layout.display import DocumentLayout, PhotoProblem
from editor.model.document import Document
from editor.model.labels import story_label
from editor.render.export_presets import (
    PRINT_PRESET,
    ExportPreset,
    export_pdf_with_preset,
    preset_layout,
    with_bleed,
)
from editor.render.output import check_export_target
from editor.render.prepared_photos import (
    ORIGINAL_PPI,
    PHOTO_PPI_RANGE,
    PRINT_PPI,
    SCREEN_PPI,
    CheckedPhotos,
    PhotoPlan,
    check_photos,
    ppi_or_original,
    reporting_photos,
    using_checked,
)
from editor.ui.controller import DocumentController
from editor.ui.export_presets_ui import PresetChooser
from editor.ui.preflight_question import confirm_export

#: (done, total[, stage]): stage is a key of ``_STAGE_TEXT``, "pages" when not given.
Progress = Callable[..., None]
ExportJob = Callable[[Document, DocumentLayout, Path, Progress], None]


class _Cancelled(Exception):
    """Raised inside the worker's progress callback when the user pressed 取消."""


#: What the progress dialog says at each stage of an export.
_STAGE_TEXT = {
    "checking": "检查图片，第 {done} 张，共 {total} 张",
    "photos": "处理图片，第 {done} 张，共 {total} 张",
    "pages": "第 {done} 页，共 {total} 页",
    "package": "第 {done} 项，共 {total} 项",  # 打包: project, PDF, Word, each photo, the report
}


class _Bridge(QObject):
    """Carries the worker thread's news to the UI thread.

    The worker emits; the slots are methods of this object, which lives on
    the UI thread, so Qt queues each call there (a plain function as the
    receiver would run on the worker thread and touch widgets from it).
    """

    progressed = Signal(int, int, str)
    finished = Signal(object)  # None, or the exception that ended the job

    def __init__(self, dialog: QProgressDialog, target: Path, verb: str) -> None:
        super().__init__()
        self.dialog: QProgressDialog | None = dialog
        self.target = target
        self.verb = verb
        self.loop = QEventLoop()
        self.outcome: list[BaseException | None] = []
        self.progressed.connect(self.show_progress)
        self.finished.connect(self.finish)

    @Slot(int, int, str)
    def show_progress(self, done: int, total: int, stage: str) -> None:
        if self.dialog is None:
            return  # news queued before the end, delivered after the dialog is gone
        self.dialog.setMaximum(total)
        self.dialog.setValue(done)
        stage_text = _STAGE_TEXT[stage].format(done=done, total=total)
        self.dialog.setLabelText(f"正在{self.verb}“{self.target.name}”：{stage_text}")

    @Slot(object)
    def finish(self, problem: BaseException | None) -> None:
        self.outcome.append(problem)
        self.loop.quit()


def _progress_dialog(parent: QWidget | None, title: str, target: Path, verb: str) -> QProgressDialog:
    """A progress dialog that appears only when the window shows it (``SHOW_AFTER_MS``).

    QProgressDialog shows itself from a timer it starts on construction
    (4 s by default) and restarts on ``setValue``; closing or hiding it does
    not stop that timer, so an export that ended before it fired got its
    progress dialog back seconds later, over the 已导出 message. The timer
    is stopped here (``reset``) and the value is set before the dialog is
    ever shown, so only ``run_with_progress`` and ``_dispose`` decide.
    """
    dialog = QProgressDialog(f"正在{verb}“{target.name}”…", "取消", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumDuration(2**31 - 1)  # the built-in show timer never fires …
    dialog.reset()  # … and is stopped
    return dialog


def _dispose(dialog: QProgressDialog) -> None:
    """Hide the dialog for good: stop its show timer, hide it, delete it."""
    dialog.reset()
    dialog.hide()
    dialog.deleteLater()


#: An export shorter than this shows no progress dialog at all.
SHOW_AFTER_MS = 300


def docx_writer() -> Callable[..., None] | None:
    """The Word exporter, if this installation has it."""
    try:
        from editor.render.docx import write_docx
    except ImportError:
        return None
    return write_docx


def run_with_progress(parent: QWidget | None, title: str, job: ExportJob, doc: Document,
                      layout: DocumentLayout, target: Path, verb: str = "导出") -> BaseException | None:
    """Run ``job`` on a worker thread behind a modal progress dialog; the error it ended with, if any.

    ``verb`` names the job in the dialog and in the cancelled message (正在打包…, 打包已取消。).

    The dialog appears after ``SHOW_AFTER_MS`` and is disposed of when the
    job ends, before any message about the result can be shown.
    """
    dialog = _progress_dialog(parent, title, target, verb)
    bridge = _Bridge(dialog, target, verb)
    cancelled = threading.Event()
    show_timer = QTimer()
    show_timer.setSingleShot(True)
    show_timer.timeout.connect(dialog.show)

    def progress(done: int, total: int, stage: str = "pages") -> None:
        if cancelled.is_set():
            raise _Cancelled
        bridge.progressed.emit(done, total, stage)

    def work() -> None:
        try:
            job(doc, layout, target, progress)
        except BaseException as problem:  # noqa: BLE001 - handed to the UI thread, which reports it
            bridge.finished.emit(problem)
        else:
            bridge.finished.emit(None)

    dialog.canceled.connect(cancelled.set)
    worker = threading.Thread(target=work, name="banmian-export", daemon=True)
    worker.start()
    show_timer.start(SHOW_AFTER_MS)
    bridge.loop.exec()  # the queued ``finish`` can only arrive once the loop runs
    worker.join()
    show_timer.stop()
    dialog.canceled.disconnect()
    bridge.dialog = None
    _dispose(dialog)
    outcome = bridge.outcome
    problem = outcome[0] if outcome else None
    if isinstance(problem, _Cancelled):
        return ExportError(f"{verb}已取消。")
    return problem


def _pdf_job(preset: ExportPreset, checked: CheckedPhotos | None = None) -> ExportJob:
    """导出 PDF as ``preset`` says, taking the photos the check prepared (``checked``)."""
    def job(doc: Document, layout: DocumentLayout, target: Path, progress: Progress) -> None:
        with reporting_photos(lambda done, total: progress(done, total, "photos")), using_checked(checked or {}):
            export_pdf_with_preset(doc, layout, target, preset, progress=progress)
    return job


@dataclass
class _Checked:
    """What the check before an export found: the layout to export and the photos it prepared."""

    layout: DocumentLayout | None = None
    photos: CheckedPhotos = field(default_factory=dict)


def _checking_job(checked: _Checked, plan: PhotoPlan) -> ExportJob:
    """Lay the document out again and prepare every photo as the export will (``check_photos``):
    what will be exported, a photo that does not decode given its placeholder and named.

    ``plan`` is the export's resolution and the layout it draws (``Exporter.photo_plan``). Each photo is reported (stage "checking"),
    so 取消 stops between photos; the export takes the prepared photos, so a first export
    decodes each photo once, and one whose preparation is in the user cache not at all."""
    def job(doc: Document, layout: DocumentLayout, target: Path, progress: Progress) -> None:
        from editor.layout.engine import layout_document

        laid_out = layout_document(doc)
        with reporting_photos(lambda done, total: progress(done, total, "checking")):
            checked.photos = check_photos(laid_out.document or doc, laid_out, plan.drawn(doc, laid_out),
                                          plan.photo_ppi)
        checked.layout = laid_out
    return job


def _docx_job(photo_ppi: int = PRINT_PPI, checked: CheckedPhotos | None = None) -> ExportJob:
    """导出 Word with photos at ``photo_ppi`` at their placed size (``ORIGINAL_PPI``: 原图), taking the
    photos the check prepared (``checked``)."""
    def job(doc: Document, layout: DocumentLayout, target: Path, progress: Progress) -> None:
        writer = docx_writer()
        if writer is None:
            raise ExportError("此版本尚不支持导出 Word 文件。")
        from editor.render.docx import DocxOptions

        with reporting_photos(lambda done, total: progress(done, total, "photos")), using_checked(checked or {}):
            writer(doc, layout, target, DocxOptions(photo_ppi=ppi_or_original(photo_ppi)))
    return job


class PhotoResolution(QWidget):
    """图片分辨率: 印刷 (300 ppi), 屏幕 (150 ppi) or 自定义, with the number beside it; for Word
    (``offers_original``) also 原图, every photo's pixels kept (``ppi()`` is then ``ORIGINAL_PPI``)."""

    PRESETS = (("印刷", PRINT_PPI), ("屏幕", SCREEN_PPI))
    CUSTOM = "自定义"
    ORIGINAL = "原图（不缩小）"

    def __init__(self, ppi: int, parent: QWidget | None = None, offers_original: bool = False) -> None:
        super().__init__(parent)
        self.preset = QComboBox()
        for label, value in self.PRESETS:
            self.preset.addItem(f"{label}（{value} ppi）", value)
        if offers_original:
            self.preset.addItem(self.ORIGINAL, ORIGINAL_PPI)
        self.preset.addItem(self.CUSTOM, None)
        self.number = QSpinBox()
        self.number.setRange(*PHOTO_PPI_RANGE)
        self.number.setSuffix(" ppi")
        self.number.setToolTip("图片在版面上的尺寸按此分辨率所需的像素；更大的图片导出时缩小，较小的保持原样")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.preset, 1)
        row.addWidget(self.number)
        self.preset.currentIndexChanged.connect(self._preset_chosen)
        self.number.valueChanged.connect(self._number_typed)
        self.number.setValue(ppi or PRINT_PPI)
        self._number_typed(self.number.value())
        if ppi == ORIGINAL_PPI and offers_original:
            self.preset.setCurrentIndex(self.preset.findData(ORIGINAL_PPI))

    def ppi(self) -> int:
        """The pixels per inch chosen, or ``ORIGINAL_PPI`` for 原图."""
        return ORIGINAL_PPI if self.preset.currentData() == ORIGINAL_PPI else self.number.value()

    def _preset_chosen(self, index: int) -> None:
        value = self.preset.itemData(index)
        self.number.setEnabled(value != ORIGINAL_PPI)
        if value:
            self.number.setValue(value)

    def _number_typed(self, value: int) -> None:
        index = self.preset.findData(value)
        self.preset.blockSignals(True)
        self.preset.setCurrentIndex(index if index >= 0 else self.preset.count() - 1)
        self.preset.blockSignals(False)


class ExportDialog(QDialog):
    """Where to write, and (for PDF) whether to add bleed and crop marks and the photos' resolution."""

    def __init__(self, kind: str, suggested: Path, parent: QWidget | None = None,
                 preset: ExportPreset = PRINT_PRESET, docx_ppi: int = PRINT_PPI) -> None:
        super().__init__(parent)
        self.kind = kind
        self.setWindowTitle("导出 PDF" if kind == "pdf" else "导出 Word")
        form = QFormLayout(self)
        self.path = QLineEdit(str(suggested))
        self.path.setMinimumWidth(380)
        browse = QPushButton("浏览…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form.addRow("保存到", row)
        self.bleed = QCheckBox("加出血和裁切线（送印刷厂时使用）")
        self.resolution = PhotoResolution(preset.photo_ppi if kind == "pdf" else docx_ppi,
                                          offers_original=kind != "pdf")
        #: 预设, for the PDF only (it sets the resolution from the preset).
        self.presets = PresetChooser(self.bleed, self.resolution, preset) if kind == "pdf" else None
        if self.presets is not None:
            form.addRow("预设", self.presets)
            form.addRow("", self.bleed)
        form.addRow("图片分辨率", self.resolution)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("导出")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        #: A file Qt's save dialog already asked about replacing (not asked again).
        self._confirmed: Path | None = None

    def _filter(self) -> str:
        return "PDF 文件 (*.pdf)" if self.kind == "pdf" else "Word 文档 (*.docx)"

    def _browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.windowTitle(), self.path.text(), self._filter())
        if name:
            self.path.setText(name)
            self._confirmed = self.target()

    def accept(self) -> None:
        """导出: an existing file is replaced only if the user says so (typed or suggested paths
        too, not just those picked in Qt's save dialog); 取消 keeps this dialog open to rename."""
        target = self.target()
        if target.exists() and target != self._confirmed and not confirm_replace(self, target):
            return
        super().accept()

    def target(self) -> Path:
        """The chosen file, with the right extension."""
        path = Path(self.path.text().strip())
        suffix = ".pdf" if self.kind == "pdf" else ".docx"
        return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)


def _listed(names: list[str]) -> str:
    """The first five, joined with 、 (等 when there are more)."""
    return "、".join(names[:5]) + ("等" if len(names) > 5 else "")


def placeholder_question(problems: list[PhotoProblem]) -> str:
    """The question before exporting with photos that cannot be used, one line per photo."""
    shown = problems[:8]
    lines = [f"{problem.subject}已损坏或无法读取（{problem.reason}）" for problem in shown]
    if len(problems) > len(shown):
        lines.append(f"另有 {len(problems) - len(shown)} 张图片也无法使用")
    placeholder = "导出时将以空白占位框代替。继续导出吗？"
    if len(lines) == 1:
        return f"{lines[0]}，{placeholder}"
    return "\n".join(lines) + f"\n\n这些图片{placeholder}"


def confirm_replace(parent: QWidget | None, path: Path) -> bool:
    """Word's question before writing over a file: “x.pdf”已存在。要替换它吗？"""
    box = QMessageBox(QMessageBox.Icon.Warning, "版面", f"“{path.name}”已存在。要替换它吗？", parent=parent)
    box.setInformativeText(f"位置：{path.parent}")
    replace = box.addButton("替换", QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)
    box.exec()
    return box.clickedButton() is replace


def open_folder(path: Path) -> bool:
    """Show the folder holding ``path`` in the system's file manager; False if the desktop cannot."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))


class Exporter:
    """The two export commands of a window; ``ask``/``done`` are seams for tests."""

    def __init__(self, parent: QWidget, controller: DocumentController) -> None:
        self._parent = parent
        self._controller = controller
        #: The last folder exported to, offered first next time.
        self.last_folder: Path | None = None
        #: The PDF's preset (图片分辨率, bleed): the one chosen last, offered next time.
        self.preset: ExportPreset = PRINT_PRESET
        #: The Word file's 图片分辨率 (``ORIGINAL_PPI``: 原图), chosen last, offered next time.
        self.docx_ppi: int = PRINT_PPI
        #: Whether the last PDF had the preset's bleed (出血 ticked), None before any.
        self.last_bleed: bool | None = None

    def suggested(self, kind: str) -> Path:
        doc, path = self._controller.doc, self._controller.path
        folder = self.last_folder or (path.parent if path else Path.home())
        stem = path.stem if path else f"{doc.issue.title}{doc.issue.year}年第{doc.issue.number}期"
        return folder / f"{stem}.{'pdf' if kind == 'pdf' else 'docx'}"

    def ask(self, kind: str) -> tuple[Path, bool] | None:
        """The export dialog: (target, bleed), or None when cancelled; keeps the PDF's ``preset``."""
        dialog = ExportDialog(kind, self.suggested(kind), self._parent, self.preset, self.docx_ppi)
        if not dialog.exec():
            return None
        if dialog.presets is not None:
            self.preset = dialog.presets.preset()
        else:
            self.docx_ppi = dialog.resolution.ppi()
        return dialog.target(), dialog.bleed.isChecked()

    def export(self, kind: str) -> Path | None:
        """导出 PDF (``kind="pdf"``) or 导出 Word (``"docx"``); the file written, or None."""
        if kind == "docx" and docx_writer() is None:
            QMessageBox.information(self._parent, "导出 Word", "此版本尚不支持导出 Word 文件。")
            return None
        self._controller.commit_pending()  # a value still being typed in 属性 belongs in the export
        if not confirm_export(self._parent, self._controller, "导出 PDF" if kind == "pdf" else "导出 Word"):
            return None  # 检查 found errors and the user chose 取消
        answer = self.ask(kind)
        if answer is None:
            return None
        target, bleed = answer
        preset = with_bleed(self.preset, bleed)
        if kind == "pdf":
            self.last_bleed = bleed
        title = "导出 PDF" if kind == "pdf" else "导出 Word"
        try:
            check_export_target(target, self._controller.path)  # never the project itself, a folder, a device
        except ExportError as problem:
            self.failed(title, problem)
            return None
        doc = copy.deepcopy(self._controller.doc)
        checked = self._checked(title, kind, preset, doc, target)
        if checked is None:
            return None
        layout = checked.layout
        if layout.photo_problems and not self.accept_placeholders(title, layout.photo_problems):
            return None
        job = _pdf_job(preset, checked.photos) if kind == "pdf" else _docx_job(self.docx_ppi, checked.photos)
        problem = run_with_progress(self._parent, title, job, doc, layout, target)
        if problem is not None:
            self.failed(title, problem)
            return None
        self.last_folder = target.parent
        self.done(title, target, self.notes(layout))
        return target

    def photo_plan(self, kind: str, preset: ExportPreset | None = None) -> PhotoPlan:
        """How an export of ``kind`` wants its photos: at what resolution (None: 原图), and the layout it
        draws from the window's (the PDF ``preset``'s bleed; by default the preset chosen last).
        The check before an export and the idle warm-up (``photo_warmup``) both ask here, so the
        photos prepared ahead are those the export asks for."""
        if kind == "pdf":
            chosen = preset or (self.preset if self.last_bleed is None else with_bleed(self.preset, self.last_bleed))
            return PhotoPlan(ppi_or_original(chosen.photo_ppi),
                             lambda doc, layout: preset_layout(doc, layout, chosen)[1])
        return PhotoPlan(ppi_or_original(self.docx_ppi))

    def _checked(self, title: str, kind: str, preset: ExportPreset, doc: Document, target: Path) -> _Checked | None:
        """The layout to export and its photos, prepared as the export will want them (PDF at ``preset``,
        Word at ``docx_ppi``) on the worker thread; None if that failed (reported)."""
        checked = _Checked()
        checking = _checking_job(checked, self.photo_plan(kind, preset))
        problem = run_with_progress(self._parent, title, checking, doc, self._controller.layout, target)
        if problem is not None or checked.layout is None:
            self.failed(title, problem or ExportError("导出前检查未完成。"))
            return None
        return checked

    def accept_placeholders(self, title: str, problems: list[PhotoProblem]) -> bool:
        """第 3 页的图片“IMG_2041.jpg”已损坏或无法读取…继续导出吗？ True for 继续导出."""
        box = QMessageBox(QMessageBox.Icon.Warning, title, placeholder_question(problems), parent=self._parent)
        go_on = box.addButton("继续导出", QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.exec()
        return box.clickedButton() is go_on

    def notes(self, layout: DocumentLayout) -> str:
        """注意 lines after 已导出: stories left overset, photos drawn as placeholders (export and 打包 alike)."""
        doc = self._controller.doc
        notes = ""
        names = [f"“{story_label(doc, sid)}”" for sid in layout.overset_story_ids if sid in doc.stories]
        if names:
            notes += f"\n\n注意：{len(names)} 篇文章有排不下的文字（溢出），未导出：{_listed(names)}"
        photos = [problem.subject for problem in layout.photo_problems]
        if photos:
            notes += f"\n\n注意：{len(photos)} 张图片已用空白占位框代替：{_listed(photos)}"
        return notes

    def failed(self, title: str, problem: BaseException) -> None:
        if isinstance(problem, BanmianError):
            QMessageBox.warning(self._parent, title, problem.message)
            return
        raise problem  # the global hook logs it and shows the Chinese "意外错误" dialog

    def done(self, title: str, target: Path, notes: str, lead: str = "已导出到") -> None:
        """The finished message: ``lead``：target, the notes, 打开所在文件夹 / 关闭."""
        box = QMessageBox(QMessageBox.Icon.Information, title, f"{lead}：\n{target}{notes}", parent=self._parent)
        folder = box.addButton("打开所在文件夹", QMessageBox.ButtonRole.ActionRole)
        box.addButton("关闭", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is folder:
            self.reveal(target)

    def reveal(self, target: Path) -> bool:
        """打开所在文件夹; when the desktop cannot open folders, say where the file is instead."""
        if open_folder(target):
            return True
        QMessageBox.information(self._parent, "打开所在文件夹",
                                f"无法自动打开文件夹。请在文件管理器中前往：\n{target.parent}")
        return False
