"""Before an export: 检查 the document and, when it has errors, ask 继续导出 or 取消.

Kept apart from ``export_dialogs`` (which calls ``confirm_export`` once) and
from the 检查 panel, so an export asks even when the panel was never shown.
Photos drawn as placeholders are left out here: the export itself decodes
every photo and asks about those in its own words (``Exporter.accept_placeholders``),
so no photo is asked about twice.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from editor.preflight.check import check_document
from editor.preflight.findings import PHOTO_MISSING, Finding
from editor.ui.controller import DocumentController

#: Errors listed in the question; more are counted.
LISTED_ERRORS = 8


def export_errors(controller: DocumentController) -> list[Finding]:
    """The document's preflight errors an export should ask about (placeholders left to the export)."""
    findings = check_document(controller.doc, controller.layout)
    return [finding for finding in findings if finding.is_error and finding.kind != PHOTO_MISSING]


def errors_question(errors: list[Finding]) -> str:
    """The question's text: each error on a line (page first), then 继续导出吗？"""
    lines = [f"第 {f.page} 页：{f.message}" if f.page is not None else f.message for f in errors[:LISTED_ERRORS]]
    if len(errors) > LISTED_ERRORS:
        lines.append(f"……另有 {len(errors) - LISTED_ERRORS} 个错误，见“检查”面板。")
    return f"检查发现 {len(errors)} 个错误：\n" + "\n".join(lines) + "\n\n带着这些错误导出吗？"


def confirm_export(parent: QWidget | None, controller: DocumentController, title: str) -> bool:
    """True to go on: no errors, or the user chose 继续导出."""
    errors = export_errors(controller)
    if not errors:
        return True
    box = QMessageBox(QMessageBox.Icon.Warning, title, errors_question(errors), parent=parent)
    go_on = box.addButton("继续导出", QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)
    box.exec()
    return box.clickedButton() is go_on
