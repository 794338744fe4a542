"""The window prepares its photos for the next export while idle, and stops for the user (issue 12).

``editor.ui.photo_warmup``: after the document has not changed for a while, each placed photo is
prepared on a worker thread at the sizes the next 导出 PDF (the preset chosen last) and 导出 Word will
ask for, one photo at a time; an edit stops it until the window is idle again. The export that
follows decodes nothing. Decodes are counted as ``test_editor_export_decodes`` counts them (its
``decoded`` fixture: by the bytes decoded, at the functions that decode a photo for an export).
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from pathlib import Path

import pytest

from editor.io import photos
from editor.io.project import save_project
from editor.model import edits
from editor.model.units import mm_to_pt
from editor.render.export_presets import SCREEN_PRESET
from editor.render.prepared_photos import ORIGINAL_PPI
from editor.ui import photo_warmup
from tests import test_editor_export_decodes
from tests.test_editor_export_decodes import PHOTOS, _document, _export_in_window, _stored

decoded = test_editor_export_decodes.decoded  # the fixture, taken by name

#: Each photo decoded once — the one at the page's corner twice: the print preset's bleed
#: enlarges it in the PDF, so the PDF and the Word file ask for two sizes.
WARMED = Counter({"a.jpg": 2, "b.jpg": 1, "c.jpg": 1, "small.jpg": 1})
NEVER_BY_ITSELF_MS = 10**7


@pytest.fixture()
def warm_window(make_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """``warm_window(idle_ms, doc=None)``: a window on a saved project of ``_document()`` with the
    warm-up on, the window idle after ``idle_ms``."""
    monkeypatch.setenv(photo_warmup.ENABLED_ENV, "1")

    def make(idle_ms: int, doc=None):
        monkeypatch.setattr(photo_warmup, "IDLE_MS", idle_ms)
        project = tmp_path / "期刊 第2期.banmian"
        save_project(doc or _document(), project)
        return make_window(open=project)
    return make


def _settle(qtbot, window) -> None:
    """Start the warm-up now and wait until every photo it wants is prepared."""
    with qtbot.waitSignal(window.photo_warmup.settled, timeout=60_000):
        window.photo_warmup.start_now()


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_after_the_warm_up_the_next_export_decodes_no_photo(
        warm_window, qtbot, decoded: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    window = warm_window(NEVER_BY_ITSELF_MS)
    assert decoded == [], "nothing before the window is idle"
    _settle(qtbot, window)
    assert Counter(decoded) == WARMED
    assert not photos._prepared, "kept in the cache folder, not in the window's memory"

    decoded.clear()
    _export_in_window(window, kind, tmp_path / f"导出.{kind}", monkeypatch, bleed=True)
    assert decoded == []


def test_the_window_begins_only_once_idle_and_an_edit_makes_it_wait_again(
        warm_window, qtbot, decoded: list[str]) -> None:
    window = warm_window(200)
    warmup = window.photo_warmup
    assert warmup.waiting_for_idle and not warmup.busy
    qtbot.waitUntil(lambda: Counter(decoded) == WARMED and not warmup.busy, timeout=60_000)

    decoded.clear()
    frame = window.controller.doc.pages[1].frames[0]
    label = {_stored(name): name for name in PHOTOS}[frame.asset]
    assert window.controller.edit("大小", edits.set_geometry(
        window.controller.doc, frame.id, frame.x_pt, frame.y_pt, frame.width_pt * 1.5, frame.height_pt * 1.5))
    assert warmup.waiting_for_idle and decoded == []
    qtbot.waitUntil(lambda: decoded == [label] and not warmup.busy and not warmup.waiting_for_idle,
                    timeout=60_000)  # its new size (PDF and Word alike: not at the page's edge); no other


def test_an_edit_while_a_photo_is_prepared_stops_the_warm_up_after_that_photo(
        warm_window, qtbot, decoded: list[str]) -> None:
    window = warm_window(NEVER_BY_ITSELF_MS)
    warmup = window.photo_warmup
    warmup.start_now()
    assert warmup.busy
    frame = window.controller.doc.pages[2].frames[0]
    window.controller.edit("移动", edits.move_frames(window.controller.doc, {frame.id: (mm_to_pt(5.0), 0.0)}))
    qtbot.waitUntil(lambda: not warmup.busy, timeout=30_000)
    qtbot.wait(50)
    assert len(decoded) == 1 and not warmup.busy and warmup.waiting_for_idle


def test_nothing_is_prepared_while_a_dialog_is_open(warm_window, qtbot, decoded: list[str]) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    window = warm_window(NEVER_BY_ITSELF_MS)
    box = QMessageBox(QMessageBox.Icon.Question, "导出 PDF", "继续导出吗？", parent=window)
    box.setWindowModality(Qt.WindowModality.ApplicationModal)
    box.show()
    qtbot.waitUntil(lambda: box.isVisible())
    window.photo_warmup.start_now()
    assert not window.photo_warmup.busy and window.photo_warmup.waiting_for_idle
    box.close()
    _settle(qtbot, window)
    assert Counter(decoded) == WARMED


def test_original_size_for_word_is_not_prepared_ahead(warm_window, qtbot, decoded: list[str]) -> None:
    window = warm_window(NEVER_BY_ITSELF_MS)
    window.exporter.docx_ppi = ORIGINAL_PPI
    window.exporter.preset = SCREEN_PRESET  # no bleed: one size per photo, at 150 ppi
    _settle(qtbot, window)
    assert Counter(decoded) == Counter(list(PHOTOS))


def test_a_damaged_photo_is_left_for_the_exports_check_to_name(
        warm_window, qtbot, decoded: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cut = PHOTOS["a.jpg"][: len(PHOTOS["a.jpg"]) * 2 // 3]
    window = warm_window(NEVER_BY_ITSELF_MS, _document({"a.jpg": cut, "small.jpg": PHOTOS["small.jpg"]}))
    _settle(qtbot, window)
    assert window.files.dialogs.errors == []
    asked: list[list[str]] = []

    def accept(title: str, problems) -> bool:
        asked.append([problem.subject for problem in problems])
        return True

    monkeypatch.setattr(window.exporter, "accept_placeholders", accept)
    _export_in_window(window, "pdf", tmp_path / "导出.pdf", monkeypatch)
    assert len(asked) == 1 and len(asked[0]) == 1


def test_an_unexpected_error_stops_the_warm_up_is_logged_and_not_shown(
        warm_window, qtbot, decoded: list[str], caplog: pytest.LogCaptureFixture,
        monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[object] = []

    def broken(*args: object) -> bool:
        calls.append(args)
        raise RuntimeError("a bug")

    monkeypatch.setattr(photo_warmup, "prepare_ahead", broken)
    window = warm_window(NEVER_BY_ITSELF_MS)
    with caplog.at_level(logging.ERROR, logger=photo_warmup.__name__):
        window.photo_warmup.start_now()
        qtbot.waitUntil(lambda: not window.photo_warmup.busy, timeout=30_000)
    assert [record.exc_info[1].args for record in caplog.records if record.exc_info] == [("a bug",)]
    window.photo_warmup.start_now()
    window.controller.edit("移动", edits.move_frames(
        window.controller.doc, {window.controller.doc.pages[1].frames[0].id: (1.0, 0.0)}))
    window.photo_warmup.start_now()
    assert len(calls) == 1 and not window.photo_warmup.busy and window.files.dialogs.errors == []


def test_the_environment_variable_turns_it_off(warm_window, qtbot, decoded: list[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(photo_warmup.ENABLED_ENV, "0")
    window = warm_window(10)
    qtbot.wait(200)
    window.photo_warmup.start_now()
    assert not window.photo_warmup.busy and not window.photo_warmup.waiting_for_idle
    qtbot.wait(100)
    assert decoded == []


def test_closing_the_window_waits_for_the_photo_in_hand_and_starts_no_other(
        warm_window, qtbot, decoded: list[str]) -> None:
    window = warm_window(NEVER_BY_ITSELF_MS)
    window.photo_warmup.start_now()
    assert window.photo_warmup.busy
    window.close()
    assert not [thread for thread in threading.enumerate() if thread.name.startswith("banmian-photo-warmup")]
    qtbot.wait(50)
    assert len(decoded) == 1
