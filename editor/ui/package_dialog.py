"""文件 → 打包…: the package for the print shop or a colleague, from the window.

Asks where (a .zip by default; a name without .zip makes a new folder),
then builds the package (``editor.render.package``; its files keep the
project's name, as 导出 PDF names the PDF) on a worker thread
behind the export progress dialog, from a copy of the document laid out
again, so editing cannot change it underneath. A failed or cancelled
package leaves nothing at the destination. When it is done, a message says
where it is and offers 打开所在文件夹.
"""

from __future__ import annotations

import copy
import functools
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from editor.layout.display import DocumentLayout
from editor.model.document import Document
from editor.ui.export_dialogs import Exporter, Progress, run_with_progress

TITLE = "打包"


def _package_job(doc: Document, layout: DocumentLayout, target: Path, progress: Progress, name: str) -> None:
    from editor.layout.engine import layout_document
    from editor.render.package import package_project

    package_project(doc, layout_document(doc), target, lambda done, total: progress(done, total, "package"), name)


def suggested_target(exporter: Exporter) -> Path:
    """The export's suggested name, as a zip: ``…第28期-打包.zip`` beside the project."""
    pdf = exporter.suggested("pdf")
    return pdf.with_name(f"{pdf.stem}-打包.zip")


def ask_target(parent: QWidget, suggested: Path) -> Path | None:
    """Qt's save dialog (it asks before replacing a zip); None when cancelled."""
    name, chosen = QFileDialog.getSaveFileName(parent, TITLE, str(suggested), "ZIP 压缩包 (*.zip);;新文件夹 (*)")
    if not name:
        return None
    path = Path(name)
    if chosen.startswith("ZIP") and path.suffix.lower() != ".zip":
        path = path.with_name(path.name + ".zip")
    return path


def package_from_window(window, ask=ask_target) -> Path | None:
    """打包… in ``window`` (a ``MainWindow``): the package written, or None (cancelled or failed, reported)."""
    parent, exporter, controller = window, window.exporter, window.controller
    controller.commit_pending()
    target = ask(parent, suggested_target(exporter))
    if target is None:
        return None
    doc = copy.deepcopy(controller.doc)
    name = exporter.suggested("pdf").stem  # the files inside are named as 导出 names them: the project's name
    job = functools.partial(_package_job, name=name)
    problem = run_with_progress(parent, TITLE, job, doc, controller.layout, target, verb=TITLE)
    if problem is not None:
        exporter.failed(TITLE, problem)
        return None
    exporter.last_folder = target.parent
    contents = "\n\n其中有项目文件、印刷用 PDF、Word 文件、全部原始图片和报告.txt（图片分辨率、字体文件）。"
    exporter.done(TITLE, target, contents + exporter.notes(controller.layout), lead="已打包到")
    return target
