"""文件 commands through the real window: save and reopen, title, closing, locks, recovery, export."""

from __future__ import annotations

import copy
import dataclasses
import datetime
import errno
import subprocess
import sys
import textwrap
from pathlib import Path

from editor import SAMPLE_PROJECT
from editor.io.lockfile import LockState, inspect_lock
from editor.io.project import load_project
from editor.io.recovery import RecoverySession
from editor.model import edits
from editor.ui.files import BLANK_TEMPLATE
from tests.test_main_window import _photo

REPO = Path(__file__).resolve().parent.parent


def _move_photo(window) -> str:
    photo = _photo(window)
    window.controller.select([photo.id])
    window.properties_panel.geometry_section.y.setValue(100.0)
    return photo.id


def test_save_close_reopen_gives_an_identical_document(make_window, project):
    window = make_window(open=project)
    _move_photo(window)
    assert window.isWindowModified()
    window.menu_actions.actions["save"].trigger()
    assert not window.isWindowModified()
    saved = copy.deepcopy(window.controller.doc)
    assert window.close()
    other = make_window()
    other.files.dialogs.open_answer = project
    other.menu_actions.actions["open"].trigger()
    assert other.controller.path == project
    assert other.controller.doc == saved
    assert load_project(project) == saved


def test_title_shows_the_file_name_and_a_star_when_unsaved(make_window, tmp_path):
    window = make_window()
    assert window.windowTitle() == "未命名[*] - 版面" and not window.isWindowModified()
    _move_photo(window)
    assert window.isWindowModified()
    target = tmp_path / "第29期"
    window.files.dialogs.save_answer = target
    window.menu_actions.actions["save_as"].trigger()
    assert window.controller.path == tmp_path / "第29期.banmian"
    assert window.windowTitle() == "第29期.banmian[*] - 版面" and not window.isWindowModified()
    window.menu_actions.actions["undo"].trigger()
    assert window.isWindowModified()


def test_closing_with_unsaved_work_asks_save_discard_or_cancel(make_window, project):
    window = make_window(open=project)
    _move_photo(window)
    dialogs = window.files.dialogs
    dialogs.unsaved_answer = "cancel"
    assert not window.close() and window.isVisible()
    assert dialogs.unsaved_asked == ["期刊.banmian"]
    dialogs.unsaved_answer = "save"
    moved = copy.deepcopy(window.controller.doc)
    assert window.close()
    assert load_project(project) == moved
    again = make_window(open=project)
    _move_photo(again)
    again.files.dialogs.unsaved_answer = "discard"
    again.properties_panel.geometry_section.y.setValue(150.0)
    assert again.close()
    assert load_project(project) == moved


def test_a_second_open_of_a_locked_project_is_read_only(make_window, project):
    first = make_window(open=project)
    assert first.files.lock is not None
    assert inspect_lock(project).state is LockState.HELD_HERE
    second = make_window(open=project)
    assert second.controller.read_only
    assert len(second.files.dialogs.warnings) == 1 and "只读" in second.files.dialogs.warnings[0]
    assert "只读" in second.windowTitle() and second.status.read_only_label.isVisible()
    photo = _photo(second)
    assert not second.controller.edit("移动", edits.move_frames(second.controller.doc, {photo.id: (5.0, 0.0)}))
    second.pages_panel.add_button.click()
    assert second.controller.undo_stack.count() == 0 and len(second.controller.doc.pages) == 5
    assert first.close()
    assert inspect_lock(project).state is LockState.FREE
    third = make_window(open=project)
    assert not third.controller.read_only and third.files.dialogs.warnings == []


def test_new_starts_an_untitled_issue_from_the_blank_template(make_window):
    window = make_window()
    window.files.today = lambda: datetime.date(2026, 3, 5)
    window.menu_actions.actions["new"].trigger()
    assert window.controller.path is None
    blank = load_project(BLANK_TEMPLATE)
    blank.issue = dataclasses.replace(blank.issue, year=2026, date="2026-03-05")  # an issue of today
    assert window.controller.doc == blank
    assert window.status.page_label.text() == "第 1 页，共 4 页"


def test_opened_projects_appear_under_recent_files(make_window, project):
    window = make_window(open=project)
    texts = [action.text() for action in window.menu_actions.recent_menu.actions()]
    assert any(project.name in text for text in texts)


def test_opening_a_damaged_project_says_why_in_chinese(make_window, tmp_path):
    window = make_window()
    broken = tmp_path / "坏了.banmian"
    broken.write_bytes(b"PK\x03\x04 not really")
    window.files.dialogs.open_answer = broken
    window.menu_actions.actions["open"].trigger()
    assert window.controller.path is None
    assert len(window.files.dialogs.errors) == 1 and "坏了.banmian" in window.files.dialogs.errors[0]


def test_work_left_by_a_killed_editor_is_offered_and_restored(make_window, user_dirs, project):
    root = user_dirs / "data" / "recovery"
    writer = textwrap.dedent(f"""
        import dataclasses, sys
        sys.path.insert(0, {str(REPO)!r})
        from pathlib import Path
        from editor.io.project import document_json_bytes, load_project
        from editor.io.recovery import RecoveryStore
        doc = load_project({str(project)!r})
        doc.issue = dataclasses.replace(doc.issue, number=99)
        session = RecoveryStore({str(root)!r}).start_session(Path({str(project)!r}), "期刊.banmian")
        session.write_snapshot(document_json_bytes(doc), doc.assets, title="期刊.banmian",
                               project_path=Path({str(project)!r}), edit_count=3, summary="共 5 页；改动了期号")
    """)
    subprocess.run([sys.executable, "-c", writer], check=True, timeout=120)  # exits without discarding
    window = make_window()
    window.files.dialogs.recovery_answer = "restore"
    assert window.files.offer_recovery()
    [infos] = window.files.dialogs.recovery_offered
    assert infos[0].project_path == project and "改动了期号" in infos[0].describe()
    assert window.controller.doc.issue.number == 99
    assert window.controller.path == project and window.isWindowModified()
    assert window.files.dialogs.recovered_copy_offers == []  # nobody saved the file since


def test_a_failed_snapshot_keeps_a_warning_in_the_status_bar_until_one_succeeds(make_window, project, monkeypatch,
                                                                                 qtbot):
    window = make_window(open=project)
    label = window.status.recovery_label
    assert not label.isVisible()

    def full_disk(self, *args, **kwargs) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(RecoverySession, "write_snapshot", full_disk)
    _move_photo(window)  # the first edit is snapshotted at once, and fails
    qtbot.waitUntil(label.isVisible, timeout=5000)
    assert label.text() == "⚠ 恢复数据写入失败：磁盘空间不足。请尽快保存。"
    window.status.showMessage("已选中 1 个框", 10)  # passing messages come and go; the warning stays
    window.properties_panel.geometry_section.y.setValue(110.0)
    assert window.files.autosave.flush()
    qtbot.wait(50)
    assert label.isVisible() and label.text() == "⚠ 恢复数据写入失败：磁盘空间不足。请尽快保存。"
    monkeypatch.undo()  # space again
    window.properties_panel.geometry_section.y.setValue(120.0)
    assert window.files.autosave.flush()
    qtbot.waitUntil(lambda: not label.isVisible(), timeout=5000)
    assert window.files.autosave.warning == ""


def test_export_pdf_through_the_menu_writes_the_file(make_window, tmp_path, monkeypatch):
    window = make_window()
    target = tmp_path / "导出" / "样例.pdf"
    target.parent.mkdir()
    finished: list[tuple[Path, str]] = []
    monkeypatch.setattr(window.exporter, "ask", lambda kind: (target, False))
    monkeypatch.setattr(window.exporter, "done", lambda title, path, notes: finished.append((path, notes)))
    window.menu_actions.actions["export_pdf"].trigger()
    assert finished == [(target, "")]
    assert target.read_bytes().startswith(b"%PDF")


def test_sample_is_never_overwritten_by_saving_the_start_document(make_window):
    window = make_window()
    assert window.controller.path is None  # banmian without a project opens the sample as a new issue
    assert window.controller.doc == load_project(SAMPLE_PROJECT)


def test_export_word_through_the_menu_writes_a_docx(make_window, tmp_path, monkeypatch):
    window = make_window()
    target = tmp_path / "样例.docx"
    finished: list[Path] = []
    monkeypatch.setattr(window.exporter, "ask", lambda kind: (target, False))
    monkeypatch.setattr(window.exporter, "done", lambda title, path, notes: finished.append(path))
    window.menu_actions.actions["export_docx"].trigger()
    assert finished == [target]
    assert target.read_bytes().startswith(b"PK")


def test_opening_a_template_from_layouts_starts_a_new_issue_and_never_locks_it(make_window):
    from editor.io.lockfile import lock_path_for

    window = make_window()
    window.files.start(SAMPLE_PROJECT)
    assert window.controller.path is None, "a template opens as a new, untitled issue"
    assert window.controller.doc == load_project(SAMPLE_PROJECT)
    assert not lock_path_for(SAMPLE_PROJECT).exists()
    assert not window.controller.read_only
