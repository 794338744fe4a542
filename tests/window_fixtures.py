"""The main window's fixtures, for every test module that drives the real window.

``make_window`` builds a ``MainWindow`` whose file questions ``ScriptedDialogs`` answers, with
recovery data, the recent list and logs in a temporary folder (``user_dirs``), never the user's;
``project`` is a copy of the sample that a test may save over. tests/conftest.py registers this
module as a plugin, so test modules take the fixtures by name without importing them. Qt and the
window are imported inside ``make_window``: a test run that builds no window does not load them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from editor import SAMPLE_PROJECT


@pytest.fixture()
def user_dirs(tmp_path, monkeypatch):
    """Recovery data, recent list and logs of this test only."""
    monkeypatch.setenv("BANMIAN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("BANMIAN_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path


@pytest.fixture()
def make_window(qtbot, user_dirs):
    """``make_window(open=path_or_None)``: a shown window on a project, or on the sample as a new document."""
    from PySide6.QtGui import QGuiApplication

    from editor.io.recent import RecentFiles
    from editor.io.recovery import RecoveryStore
    from editor.ui.app import create_application
    from editor.ui.main_window import MainWindow
    from tests.scripted_dialogs import ScriptedDialogs

    create_application(install_hook=False)
    windows: list[MainWindow] = []

    def make(open: Path | None = None) -> MainWindow:
        dialogs = ScriptedDialogs()
        window = MainWindow(dialogs=dialogs)
        dialogs.parent = window
        window.files.recent = RecentFiles(user_dirs / "config" / "recent.json")
        window.files._store = RecoveryStore(user_dirs / "data" / "recovery")
        qtbot.addWidget(window)
        window.show()
        if open is None:
            window.files.new_from_template(SAMPLE_PROJECT, ask=False)
        else:
            assert window.files.open_path(open, ask=False), dialogs.errors
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.files.dialogs.unsaved_answer = "discard"
        window.close()
    # Qt's offscreen platform crashes at exit while the clipboard holds data a test copied.
    QGuiApplication.clipboard().clear()


@pytest.fixture()
def project(tmp_path) -> Path:
    """A copy of the sample project that tests may save over."""
    target = tmp_path / "期刊.banmian"
    shutil.copytree(SAMPLE_PROJECT, target)
    return target
