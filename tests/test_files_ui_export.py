"""导出 PDF / 导出 Word around the export itself: the progress dialog goes away for good,
an existing file is replaced only when the user agrees, and a folder the desktop cannot
open is named instead of silently ignored."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog

from editor.ui import export_dialogs
from editor.ui.export_dialogs import ExportDialog, run_with_progress


def _visible_progress_dialogs() -> list[QProgressDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()]


# ------------------------------------------------------------ progress (#2)


def test_the_progress_dialog_never_comes_back_after_an_export(make_window, tmp_path, monkeypatch, qtbot):
    window = make_window()
    target = tmp_path / "样例.docx"
    finished: list[Path] = []
    monkeypatch.setattr(window.exporter, "ask", lambda kind: (target, False))
    monkeypatch.setattr(window.exporter, "done", lambda title, path, notes: finished.append(path))
    window.menu_actions.actions["export_docx"].trigger()  # Word reports no pages: the dialog only waits
    assert finished == [target]
    started = time.monotonic()
    # QProgressDialog's own show timer fires 4 s after it was made; wait past that.
    qtbot.wait(max(0, round(4500 - (time.monotonic() - started) * 1000)))
    assert _visible_progress_dialogs() == []
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert window.findChildren(QProgressDialog) == []


def test_a_slow_export_shows_progress_and_hides_it_when_done(make_window, tmp_path, qtbot):
    window = make_window()
    seen: list[bool] = []

    def job(doc, layout, target, progress) -> None:
        time.sleep(0.6)
        progress(1, 2)
        time.sleep(0.1)
        progress(2, 2)

    def watch() -> None:
        seen.append(bool(_visible_progress_dialogs()))

    from PySide6.QtCore import QTimer

    probe = QTimer()
    probe.timeout.connect(watch)
    probe.start(50)
    problem = run_with_progress(window, "导出 PDF", job, window.controller.doc, window.controller.layout,
                                tmp_path / "x.pdf")
    probe.stop()
    assert problem is None
    assert any(seen), "a long export shows its progress"
    qtbot.wait(1000)
    assert _visible_progress_dialogs() == []


# ----------------------------------------------------------- replace (#8)


def test_exporting_over_an_existing_file_asks_before_replacing(make_window, tmp_path, monkeypatch):
    window = make_window()
    existing = tmp_path / "旧的.pdf"
    existing.write_bytes(b"%PDF-old")
    asked: list[Path] = []
    answer = [False]

    def confirm(parent, path: Path) -> bool:
        asked.append(path)
        return answer[0]

    monkeypatch.setattr(export_dialogs, "confirm_replace", confirm)
    dialog = ExportDialog("pdf", existing, window)
    dialog.accept()
    assert asked == [existing] and dialog.result() != ExportDialog.DialogCode.Accepted  # stays open to rename
    answer[0] = True
    dialog.accept()
    assert asked == [existing, existing] and dialog.result() == ExportDialog.DialogCode.Accepted
    fresh = ExportDialog("pdf", tmp_path / "新的.pdf", window)
    fresh.accept()
    assert len(asked) == 2 and fresh.result() == ExportDialog.DialogCode.Accepted


def test_a_path_confirmed_in_the_save_dialog_is_not_asked_twice(make_window, tmp_path, monkeypatch):
    window = make_window()
    existing = tmp_path / "旧的.docx"
    existing.write_bytes(b"PK")
    asked: list[Path] = []
    monkeypatch.setattr(export_dialogs, "confirm_replace", lambda parent, path: asked.append(path) or True)
    monkeypatch.setattr(export_dialogs.QFileDialog, "getSaveFileName", lambda *a, **k: (str(existing), ""))
    dialog = ExportDialog("docx", tmp_path / "别的.docx", window)
    dialog._browse()  # Qt's own save dialog already asked 替换
    dialog.accept()
    assert asked == [] and dialog.result() == ExportDialog.DialogCode.Accepted


# ------------------------------------------------------- open folder (#12)


def test_a_folder_the_desktop_cannot_open_is_named_in_a_message(make_window, tmp_path, monkeypatch):
    window = make_window()
    target = tmp_path / "导出" / "样例.pdf"
    target.parent.mkdir()
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: False)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *a: shown.append(text))
    assert not window.exporter.reveal(target)
    assert len(shown) == 1 and str(target.parent) in shown[0] and "文件夹" in shown[0]
