"""导出 PDF's 预设 (issue #13): choosing a preset sets the bleed and the resolution, reaches the PDF,
is offered next time, and 保存为预设… keeps the dialog's values under a name of the user's."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from editor.render.export_presets import load_user_presets
from editor.ui.export_dialogs import ExportDialog

MM = 72.0 / 25.4


def _choose(dialog: ExportDialog, name: str) -> None:
    dialog.presets.combo.setCurrentIndex(dialog.presets.combo.findText(name))


def test_choosing_a_preset_sets_the_bleed_and_the_resolution_and_changing_them_shows_custom(make_window, tmp_path):
    window = make_window()
    dialog = ExportDialog("pdf", tmp_path / "x.pdf", window)
    assert dialog.presets.combo.currentText() == "印刷"
    assert dialog.bleed.isChecked() and dialog.resolution.ppi() == 300
    _choose(dialog, "屏幕")
    assert not dialog.bleed.isChecked() and dialog.resolution.ppi() == 150
    assert dialog.presets.preset().name == "屏幕"
    dialog.bleed.setChecked(True)
    assert dialog.presets.combo.currentText() == "自定义"
    assert (dialog.presets.preset().photo_ppi, dialog.presets.preset().bleed_mm) == (150, 3.0)
    dialog.resolution.number.setValue(300)
    assert dialog.presets.combo.currentText() == "印刷"  # the values are 印刷's again


def test_the_preset_chosen_in_the_dialog_reaches_the_pdf_and_is_offered_next_time(make_window, tmp_path, monkeypatch):
    window = make_window()
    targets = {"印刷": tmp_path / "印刷 版.pdf", "屏幕": tmp_path / "屏幕 版.pdf"}
    offered: list[str] = []
    order = iter(["屏幕", "印刷"])

    def choose(dialog: ExportDialog) -> int:
        offered.append(dialog.presets.combo.currentText())
        name = next(order)
        _choose(dialog, name)
        dialog.path.setText(str(targets[name]))
        return 1

    monkeypatch.setattr(ExportDialog, "exec", choose)
    monkeypatch.setattr(window.exporter, "done", lambda title, path, notes: None)
    window.menu_actions.actions["export_pdf"].trigger()
    window.menu_actions.actions["export_pdf"].trigger()
    assert offered == ["印刷", "屏幕"]
    screen, printed = PdfReader(targets["屏幕"]).pages[0], PdfReader(targets["印刷"]).pages[0]
    assert "/TrimBox" not in screen and float(screen.mediabox.width) == pytest.approx(210 * MM, abs=0.05)
    trim, bleed = printed.trimbox, printed.bleedbox
    assert float(trim.width) == pytest.approx(210 * MM, abs=0.05)
    assert float(bleed.width) == pytest.approx(216 * MM, abs=0.05)


def test_save_as_preset_keeps_the_values_and_lists_them_in_the_next_dialog(make_window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    window = make_window()
    dialog = ExportDialog("pdf", tmp_path / "x.pdf", window)
    dialog.resolution.number.setValue(220)
    dialog.bleed.setChecked(False)
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: ("送审 小样", True))
    dialog.presets.save_button.click()
    assert dialog.presets.combo.currentText() == "送审 小样"
    (saved,) = load_user_presets()
    assert (saved.name, saved.photo_ppi, saved.has_bleed) == ("送审 小样", 220, False)
    again = ExportDialog("pdf", tmp_path / "x.pdf", window)
    _choose(again, "送审 小样")
    assert again.resolution.ppi() == 220 and not again.bleed.isChecked()


def test_save_as_preset_refuses_a_builtin_name_with_a_chinese_message(make_window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QInputDialog, QMessageBox

    window = make_window()
    dialog = ExportDialog("pdf", tmp_path / "x.pdf", window)
    warnings: list[str] = []
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: ("屏幕", True))
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append(text))
    dialog.presets.save_button.click()
    assert warnings == ["“屏幕”是内置的名称，请换一个名称。"]
    assert load_user_presets() == []


def test_file_package_writes_the_zip_chosen_and_reports_where(make_window, tmp_path, monkeypatch):
    import zipfile

    from editor.ui.package_dialog import package_from_window

    window = make_window()
    target = tmp_path / "给 印刷厂" / "第 28 期.zip"
    target.parent.mkdir()
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    assert window.menu_actions.actions["package"].text() == "打包(&K)…"
    assert package_from_window(window, ask=lambda parent, suggested: target) == target
    assert len(shown) == 1 and shown[0].startswith(f"已打包到：\n{target}\n\n其中有项目文件")
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
    # The files inside are named as 导出 PDF names the PDF (this document is new: after its issue).
    assert "第 28 期/报告.txt" in names and "第 28 期/中铝股份党群工作2021年第28期.pdf" in names
    assert sum(name.startswith("第 28 期/图片/") for name in names) == 6


def test_cancelling_file_package_says_package_cancelled_and_leaves_nothing(make_window, tmp_path, monkeypatch):
    """取消 in 打包's progress dialog: the dialog says 正在打包, the message 打包已取消。, no zip is left."""
    import threading

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QPushButton

    from editor.render import package
    from editor.ui import export_dialogs
    from editor.ui.package_dialog import package_from_window

    window = make_window()
    target = tmp_path / "第 28 期.zip"
    dialogs, labels, failures = [], [], []
    make_dialog = export_dialogs._progress_dialog
    monkeypatch.setattr(export_dialogs, "_progress_dialog", lambda *a: dialogs.append(make_dialog(*a)) or dialogs[-1])
    monkeypatch.setattr(window.exporter, "failed", lambda title, problem: failures.append((title, problem.message)))
    pressed = threading.Event()
    write_project = package.write_project_zip

    def write_then_wait(doc, handle):
        write_project(doc, handle)
        assert pressed.wait(20.0), "the window never pressed 取消"

    monkeypatch.setattr(package, "write_project_zip", write_then_wait)

    def tick() -> None:
        if dialogs and not pressed.is_set() and "正在打包" in dialogs[-1].labelText():
            labels.append(dialogs[-1].labelText())
            next(button for button in dialogs[-1].findChildren(QPushButton) if button.text() == "取消").click()
            pressed.set()

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(5)
    try:
        assert package_from_window(window, ask=lambda parent, suggested: target) is None
    finally:
        timer.stop()
    assert labels and labels[0].startswith("正在打包“第 28 期.zip”")
    assert failures == [("打包", "打包已取消。")]
    assert not target.exists() and [p.name for p in tmp_path.iterdir() if p.name.startswith(".banmian-")] == []
