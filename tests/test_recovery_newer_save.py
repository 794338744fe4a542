"""Recovery against a newer save: restoring crashed work never overwrites a colleague's later save.

The scenario of issue 7, end to end: editor A (a real editor window in its
own process, ``tests/helpers/window_child.py``) opens the project, types a
caption and is killed with SIGKILL after its first recovery snapshot.
Editor B (another window) opens the same file, changes the issue number
and saves. A new window starts, restores A's work, and must say that the
file was saved by someone else since and offer 另存为 a copy. Either way,
both editors' work ends on disk: B's in the file, A's in a copy the user
chose — or, if the user declines the copy, a later 保存 asks instead of
overwriting B's save.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

import editor
from editor import SAMPLE_PROJECT
from editor.io import recovery
from editor.io.file_identity import FileIdentity
from editor.io.project import document_json_bytes, load_project, save_project
from editor.model.document import Document
from editor.model.document_edits import plain_story_text, set_issue_fields
from editor.model.frames import ImageFrame
from editor.ui.files import recovered_copy_path
from tests.helpers.child_lines import ChildLines
from tests.helpers.window_child import CAPTION

#: The issue number editor B saves (the sample is number 28).
B_NUMBER = 77


def _caption(doc: Document) -> str:
    """The caption text of the first photo in page order ("" if it has none)."""
    photo = next(f for _, f in doc.frames_with_pages() if isinstance(f, ImageFrame))
    return plain_story_text(doc.stories[photo.caption.story_id]) if photo.caption else ""


def _content(project: Path) -> Path:
    """The file a save rewrites: the zip, or a folder project's document.json."""
    return project / "document.json" if project.is_dir() else project


def _editor_a_killed_after_first_snapshot(project: Path, user_dirs: Path) -> list[str]:
    """Run editor A on ``project`` and SIGKILL it once its first snapshot is on disk; what it printed."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONIOENCODING="utf-8",
               BANMIAN_DATA_DIR=str(user_dirs / "data"), BANMIAN_CONFIG_DIR=str(user_dirs / "config"),
               XDG_CACHE_HOME=str(user_dirs / "cache"))
    child = subprocess.Popen([sys.executable, "-m", "tests.helpers.window_child", str(project)],
                             cwd=editor.PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, encoding="utf-8")
    lines = ChildLines(child)
    try:
        lines.wait_for("SNAPSHOT")
        seen = lines.kill()
    finally:
        lines.stop()
    assert not [line for line in seen if line.startswith("ASKED")], seen
    return seen


def _editor_b_saves_issue_number(make_window, project: Path) -> bytes:
    """Editor B opens the file after A died, changes the issue number, saves and closes; the saved bytes."""
    b = make_window(open=project)
    assert not b.controller.read_only  # A's lock is stale: its process is gone
    assert _caption(b.controller.doc) != CAPTION  # A never saved
    assert b.controller.edit("修改期号", set_issue_fields(b.controller.doc, number=B_NUMBER))
    assert b.files.save() and b.close()
    return _content(project).read_bytes()


def _restarted_editor_a(make_window):
    """A new window, as the editor starts: it finds A's recovery data and restores it."""
    a = make_window()
    suggested: list[Path] = []
    dialogs = a.files.dialogs
    dialogs.recovery_answer = "restore"
    dialogs.save_path = lambda start: suggested.append(start) or dialogs.save_answer
    return a, suggested


@pytest.fixture()
def zip_project(tmp_path) -> Path:
    target = tmp_path / "党群 工作部" / "第28期.banmian"
    target.parent.mkdir()
    save_project(load_project(SAMPLE_PROJECT), target)
    return target


@pytest.fixture()
def folder_project(tmp_path) -> Path:
    target = tmp_path / "第28期.banmian"
    shutil.copytree(SAMPLE_PROJECT, target)
    return target


@pytest.mark.slow
def test_restoring_after_a_newer_save_keeps_both_editors_work(make_window, user_dirs, zip_project):
    original_number = load_project(zip_project).issue.number
    _editor_a_killed_after_first_snapshot(zip_project, user_dirs)
    b_saved = _editor_b_saves_issue_number(make_window, zip_project)

    a, suggested = _restarted_editor_a(make_window)
    copy_path = zip_project.with_name("第28期（恢复的副本）.banmian")
    a.files.dialogs.recovered_copy_answer = True
    a.files.dialogs.save_answer = copy_path
    a.files.start(None)

    [offer] = a.files.dialogs.recovered_copy_offers
    assert "“第28期.banmian”" in offer and "在版面意外退出之后" in offer and "已被其他人或其他窗口保存过" in offer
    assert time.strftime("%Y-%m-%d") in offer  # when B saved
    assert suggested == [copy_path]
    # B's work is the file, untouched; A's work is the copy, and the window now edits the copy.
    assert _content(zip_project).read_bytes() == b_saved
    theirs, mine = load_project(zip_project), load_project(copy_path)
    assert theirs.issue.number == B_NUMBER and _caption(theirs) != CAPTION
    assert mine.issue.number == original_number and _caption(mine) == CAPTION
    assert a.controller.path == copy_path and not a.isWindowModified()
    assert a.files.autosave.flush()
    assert a.files.dialogs.conflicts == [] and a.files.dialogs.warnings == []
    assert list((user_dirs / "data" / "recovery").iterdir()) == []  # the restored work is saved


@pytest.mark.slow
def test_declining_the_copy_then_saving_asks_before_overwriting_the_newer_save(make_window, user_dirs,
                                                                              folder_project):
    _editor_a_killed_after_first_snapshot(folder_project, user_dirs)
    b_saved = _editor_b_saves_issue_number(make_window, folder_project)

    a, suggested = _restarted_editor_a(make_window)
    dialogs = a.files.dialogs
    dialogs.recovered_copy_answer = False
    a.files.start(None)
    assert len(dialogs.recovered_copy_offers) == 1 and suggested == []
    assert a.controller.path == folder_project and _caption(a.controller.doc) == CAPTION
    assert a.isWindowModified()

    dialogs.conflict_answer = "cancel"
    a.menu_actions.actions["save"].trigger()  # plain 保存, as the user would press Ctrl+S
    assert dialogs.conflicts == ["第28期.banmian"]
    assert _content(folder_project).read_bytes() == b_saved and a.isWindowModified()

    dialogs.conflict_answer = "save_as"  # the question's own way out: both versions stay
    copy_path = folder_project.with_name("我的版本.banmian")
    dialogs.save_answer = copy_path
    a.menu_actions.actions["save"].trigger()
    assert dialogs.conflicts == ["第28期.banmian", "第28期.banmian"]
    assert _content(folder_project).read_bytes() == b_saved
    theirs, mine = load_project(folder_project), load_project(copy_path)
    assert theirs.issue.number == B_NUMBER and _caption(theirs) != CAPTION
    assert _caption(mine) == CAPTION and mine.issue.number != B_NUMBER


# ------------------------------------------- the recorded version, in-process


def _identity_as_the_test_sees_it(path: Path) -> dict[str, object]:
    info = path.stat()
    return {"size": info.st_size, "mtime_ns": info.st_mtime_ns, "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}


def _zip_identity_as_the_test_sees_it(path: Path) -> dict[str, object]:
    """What the editor records of a zip since issue #12: its size and central directory (where
    zipfile finds it) hashed, not all of its bytes."""
    info = path.stat()
    data = path.read_bytes()
    with zipfile.ZipFile(path) as archive:
        directory = data[archive.start_dir:]
    digest = hashlib.sha256(b"banmian zip directory %d\0" % len(data) + directory).hexdigest()
    return {"size": info.st_size, "mtime_ns": info.st_mtime_ns, "sha256": digest, "scope": "zip-directory"}


def _save_by_someone_else(path: Path, number: int) -> None:
    """Another program saves the file (no lock), its time visibly later even on coarse file systems."""
    doc = load_project(path)
    doc.issue.number = number
    save_project(doc, path)
    info = _content(path).stat()
    os.utime(_content(path), ns=(info.st_atime_ns, info.st_mtime_ns + 2_000_000_000))


def test_recovery_records_the_file_as_read_at_open_not_as_found_at_the_first_snapshot(make_window, zip_project, qtbot):
    at_open = _zip_identity_as_the_test_sees_it(zip_project)
    a = make_window(open=zip_project)
    _save_by_someone_else(zip_project, B_NUMBER)  # between A's open and A's first edit
    assert _zip_identity_as_the_test_sees_it(zip_project) != at_open
    with qtbot.waitSignal(a.files.autosave.snapshot_written, timeout=10_000) as written:
        a.controller.edit("修改期号", set_issue_fields(a.controller.doc, number=29))
    meta = json.loads((a.files._store.root / written.args[0] / "meta.json").read_text("utf-8"))
    assert meta["base"] == at_open
    assert meta["project_path"] == str(zip_project)


def _dead_slot_with_base(window, project: Path, base: dict[str, object], doc: Document) -> None:
    """Recovery data for ``project`` as an editor that died would have left it."""
    store = window.files._store
    session = store.start_session(project, project.name)
    session.write_snapshot(document_json_bytes(doc), doc.assets, title=project.name, project_path=project,
                           edit_count=1, summary="共 4 页", base=FileIdentity(**base))
    recovery._OPEN_SLOTS.discard(session.session_id)  # its editor is gone


def test_a_file_only_touched_since_the_crash_restores_without_an_offer_and_saves_without_a_question(
        make_window, zip_project):
    base = _identity_as_the_test_sees_it(zip_project)
    restored = load_project(zip_project)
    restored.issue.number = 30
    window = make_window()
    _dead_slot_with_base(window, zip_project, base, restored)
    info = zip_project.stat()
    os.utime(zip_project, ns=(info.st_atime_ns, info.st_mtime_ns + 5_000_000_000))  # same bytes, newer time
    assert window.files.offer_recovery()
    dialogs = window.files.dialogs
    assert dialogs.recovered_copy_offers == [] and window.controller.doc.issue.number == 30
    assert window.files.save()
    assert dialogs.conflicts == [] and load_project(zip_project).issue.number == 30


def test_restored_work_whose_file_changed_while_it_was_edited_says_so(make_window, zip_project):
    base = _identity_as_the_test_sees_it(zip_project)
    _save_by_someone_else(zip_project, B_NUMBER)
    window = make_window()
    mine = load_project(SAMPLE_PROJECT)
    mine.issue.number = 31
    _dead_slot_with_base(window, zip_project, base, mine)
    an_hour_ago = time.time() - 3600
    os.utime(zip_project, (an_hour_ago, an_hour_ago))  # B saved before A's last snapshot
    window.files.dialogs.recovered_copy_answer = False
    assert window.files.offer_recovery()
    [offer] = window.files.dialogs.recovered_copy_offers
    assert "在你编辑期间" in offer and "直接保存会覆盖对方的修改" in offer


def test_the_suggested_copy_name_is_never_one_taken_already(tmp_path):
    project = tmp_path / "第28期.banmian"
    assert recovered_copy_path(project) == tmp_path / "第28期（恢复的副本）.banmian"
    (tmp_path / "第28期（恢复的副本）.banmian").write_bytes(b"")
    (tmp_path / "第28期（恢复的副本 2）.banmian").write_bytes(b"")
    assert recovered_copy_path(project) == tmp_path / "第28期（恢复的副本 3）.banmian"
