"""Two writers, one file: saving never overwrites another window's or program's work.

A read-only window must not save onto the file another editor holds; 另存为
moves the window's lock to the new file; a save over a file someone else
saved since asks first; the read-only warning names who holds the file;
关闭 puts the document away and starts a blank issue.
"""

from __future__ import annotations

import dataclasses
import datetime
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from editor.io.lockfile import LockState, inspect_lock, this_host, this_user
from editor.io.project import load_project, save_project
from editor.ui.files import BLANK_TEMPLATE
from tests.test_files_ui import _move_photo

REPO = Path(__file__).resolve().parent.parent


def _content(project: Path) -> Path:
    """The file a save rewrites: the zip, or a folder project's document.json."""
    return project / "document.json" if project.is_dir() else project


def _bump_mtime(project: Path) -> None:
    """Make a save by someone else visible even on file systems with coarse timestamps."""
    path = _content(project)
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 2_000_000_000))


def _save_by_someone_else(path: Path, number: int) -> None:
    doc = load_project(path)
    doc.issue.number = number
    save_project(doc, path)
    _bump_mtime(path)


# --------------------------------------------------------- refused targets


def test_a_read_only_window_cannot_save_onto_the_file_another_window_holds(make_window, project):
    first = make_window(open=project)
    second = make_window(open=project)
    assert second.controller.read_only
    before = _content(project).read_bytes()
    _move_photo(first)
    dialogs = second.files.dialogs
    dialogs.save_answer = project
    second.menu_actions.actions["save_as"].trigger()
    second.menu_actions.actions["save"].trigger()  # read-only: 保存 asks where, and is refused the same way
    refusals = [w for w in dialogs.warnings if w.startswith("不能保存到")]
    assert len(refusals) == 2
    assert f"{this_user()}（电脑 {this_host()}）" in refusals[0] and "另存为" in refusals[0]
    assert second.controller.read_only and second.files.lock is None
    assert _content(project).read_bytes() == before
    assert inspect_lock(project).holder.token == first.files.lock.owner.token


_HOLD = textwrap.dedent("""
    import sys
    sys.path.insert(0, sys.argv[2])
    from editor.io.lockfile import acquire_lock
    result = acquire_lock(sys.argv[1])
    print(result.state.value, flush=True)
    sys.stdin.readline()
    result.lock.release()
""")


def test_save_as_refuses_a_file_another_process_holds(make_window, project, tmp_path):
    other = tmp_path / "别人的.banmian"
    save_project(load_project(project), other)
    holder = subprocess.Popen([sys.executable, "-c", _HOLD, str(other), str(REPO)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "acquired"
        window = make_window(open=project)
        _move_photo(window)
        before = other.read_bytes()
        window.files.dialogs.save_answer = other
        assert not window.files.save_as()
        assert window.files.dialogs.warnings[-1].startswith("不能保存到“别人的.banmian”")
        assert this_host() in window.files.dialogs.warnings[-1] and "只读方式打开" not in window.files.dialogs.warnings[-1]
        assert other.read_bytes() == before and window.controller.path == project
        assert window.files.lock is not None and window.files.lock.still_held()  # its own lock is kept
    finally:
        holder.communicate("\n", timeout=30)


# ------------------------------------------------------------ lock moves


def test_save_as_takes_the_lock_of_the_new_file_and_releases_the_old(make_window, project, tmp_path):
    window = make_window(open=project)
    copy_path = tmp_path / "第29期.banmian"
    window.files.dialogs.save_answer = copy_path
    assert window.files.save_as()
    assert inspect_lock(project).state is LockState.FREE
    assert inspect_lock(copy_path).holder.token == window.files.lock.owner.token
    assert make_window(open=copy_path).controller.read_only


def test_a_read_only_window_that_saves_as_the_freed_file_locks_it(make_window, project):
    first = make_window(open=project)
    second = make_window(open=project)
    assert second.controller.read_only
    assert first.close()
    second.files.dialogs.save_answer = project
    assert second.files.save_as()
    assert not second.controller.read_only and second.files.lock is not None
    assert inspect_lock(project).holder.token == second.files.lock.owner.token
    third = make_window(open=project)
    assert third.controller.read_only  # before the fix the file was written without a lock


# ------------------------------------------------- changed behind our back


def test_saving_over_a_file_someone_else_saved_since_asks_first(make_window, project):
    window = make_window(open=project)
    dialogs = window.files.dialogs
    _move_photo(window)
    _save_by_someone_else(project, 77)
    dialogs.conflict_answer = "cancel"
    assert not window.files.save()
    assert dialogs.conflicts == ["期刊.banmian"] and load_project(project).issue.number == 77
    assert window.isWindowModified()
    dialogs.conflict_answer = "overwrite"
    assert window.files.save()
    assert load_project(project) == window.controller.doc and not window.isWindowModified()
    _move_photo(window)
    window.properties_panel.geometry_section.y.setValue(120.0)
    assert window.files.save()  # our own save is not somebody else's: no question this time
    assert len(dialogs.conflicts) == 2  # 取消, then 覆盖; none for the third save


def test_the_conflict_question_can_save_a_copy_instead(make_window, project, tmp_path):
    window = make_window(open=project)
    dialogs = window.files.dialogs
    _move_photo(window)
    _save_by_someone_else(project, 78)
    dialogs.conflict_answer = "save_as"
    dialogs.save_answer = tmp_path / "我的版本.banmian"
    assert window.files.save()
    assert load_project(project).issue.number == 78  # theirs is kept
    assert load_project(tmp_path / "我的版本.banmian") == window.controller.doc
    assert window.controller.path == tmp_path / "我的版本.banmian"
    assert inspect_lock(project).state is LockState.FREE


def test_a_read_only_window_saving_as_the_freed_file_after_the_owner_saved_asks(make_window, project):
    first = make_window(open=project)
    second = make_window(open=project)
    _move_photo(first)
    first.files.save()
    _bump_mtime(project)
    assert first.close()
    dialogs = second.files.dialogs
    dialogs.save_answer = project
    dialogs.conflict_answer = "cancel"
    assert not second.files.save_as()
    assert dialogs.conflicts == ["期刊.banmian"] and second.controller.read_only
    assert load_project(project) != second.controller.doc
    assert inspect_lock(project).state is LockState.FREE  # the lock taken for the save is given back


# ------------------------------------------------------ who holds it (#10)


def test_the_read_only_warning_names_the_user_and_computer_of_the_other_window(make_window, project):
    make_window(open=project)
    second = make_window(open=project)
    who = f"{this_user()}（电脑 {this_host()}）"
    [warning] = second.files.dialogs.warnings
    assert who in warning and "只读" in warning
    assert who in second.status.read_only_label.toolTip()
    assert who in second.files.read_only_reason


# ------------------------------------------------------------- 关闭 (#11)


def test_close_asks_about_unsaved_work_then_shows_a_blank_issue(make_window, project):
    window = make_window(open=project)
    close = window.menu_actions.actions["close"]
    assert "Ctrl+W" in [key.toString() for key in close.shortcuts()]
    assert close in window.menu_actions.menus["file"].actions()
    _move_photo(window)
    dialogs = window.files.dialogs
    dialogs.unsaved_answer = "cancel"
    close.trigger()
    assert window.controller.path == project and dialogs.unsaved_asked == ["期刊.banmian"]
    dialogs.unsaved_answer = "discard"
    window.files.today = lambda: datetime.date(2026, 3, 5)
    close.trigger()
    assert window.isVisible() and window.controller.path is None and not window.isWindowModified()
    blank = load_project(BLANK_TEMPLATE)
    blank.issue = dataclasses.replace(blank.issue, year=2026, date="2026-03-05")  # an issue of today
    assert window.controller.doc == blank
    assert inspect_lock(project).state is LockState.FREE
