"""Autosave: a real editor process killed with SIGKILL loses nothing, and the controller's contract.

The acceptance test runs ``tests/helpers/autosave_child.py`` in its own
process, waits for its last edit, waits 5 s more and kills it with
SIGKILL. Then the saved project must be byte-identical, the lock stale,
and the recovery slot must restore every edit. The other tests drive the
``AutosaveController`` in this process with pytest-qt.
"""

from __future__ import annotations

import dataclasses
import errno
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtGui import QUndoCommand, QUndoStack

import editor
from editor.io import recovery
from editor.io.lockfile import LockState, acquire_lock, inspect_lock, lock_path_for
from editor.io.project import load_project, project_zip_bytes, save_project
from editor.io.recovery import RecoveryInfo, RecoverySession, RecoveryStore
from editor.model import Document, Page, Paragraph, Run, Story, TextFrame
from editor.ui.autosave import AutosaveController, find_recoverable, recovery_offer_text
from tests.helpers import autosave_child
from tests.helpers.child_lines import ChildLines

# ------------------------------------------------- the acceptance test


@pytest.mark.slow
def test_editor_killed_5s_after_last_edit_restores_every_edit(tmp_path: Path) -> None:
    project = tmp_path / "党群 工作部" / "第28期 样刊.banmian"
    project.parent.mkdir()
    recovery_root = tmp_path / "用户 数据" / "recovery"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONIOENCODING="utf-8",
               BANMIAN_DATA_DIR=str(tmp_path / "用户 数据"), BANMIAN_CONFIG_DIR=str(tmp_path / "配置"))
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.helpers.autosave_child", str(project), str(recovery_root)],
        cwd=editor.PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, encoding="utf-8",
    )
    lines = ChildLines(child)
    try:
        lines.wait_for("SAVED")
        saved_bytes = project.read_bytes()
        lines.wait_for("LAST_EDIT")
        time.sleep(5.0)
        assert child.poll() is None, "the editor process must still be running when it is killed"
        seen = lines.kill()
    finally:
        lines.stop()

    # The saved file is untouched by autosave and by the kill.
    assert project.read_bytes() == saved_bytes == project_zip_bytes(load_project(editor.SAMPLE_PROJECT))

    # The lock is still there, recognised as left by a dead process, and can be taken over.
    assert lock_path_for(project).is_file()
    check = inspect_lock(project)
    assert check.state is LockState.STALE and check.holder.pid == child.pid
    result = acquire_lock(project)
    assert result.state is LockState.ACQUIRED and result.replaced.pid == child.pid
    result.lock.release()

    # Exactly that session is offered, and it holds every edit.
    snapshots = [line for line in seen if line.startswith("SNAPSHOT")]
    assert len(snapshots) >= 2, f"expected a snapshot during the pause and one after the last edit: {seen}"
    store = RecoveryStore(recovery_root)
    [info] = find_recoverable(store)
    assert info.pid == child.pid and info.session_id == snapshots[-1].split()[1]
    assert info.project_path == project and info.title == project.name
    assert info.edit_count == autosave_child.index_changes()
    assert "简讯：党建共建" in info.summary and "版面有改动" in info.summary
    expected = autosave_child.expected_document(load_project(project))
    restored = store.load(info.session_id)
    assert restored == expected
    assert restored.stories["brief-party"].paragraphs[0].runs[0].text == autosave_child.TYPED
    assert info.describe() in recovery_offer_text([info])


# ------------------------------------------------ the controller itself


class SetText(QUndoCommand):
    """Replace the story's text (a stand-in for the editor's typing command)."""

    def __init__(self, doc: Document, text: str) -> None:
        super().__init__("输入文字")
        self._doc = doc
        self._new = text
        self._old = doc.stories["lead"].paragraphs[0].runs[0].text

    def _set(self, text: str) -> None:
        story = self._doc.stories["lead"]
        self._doc.stories["lead"] = dataclasses.replace(
            story, paragraphs=[Paragraph(style="正文", runs=[Run(text=text)])])

    def redo(self) -> None:
        self._set(self._new)

    def undo(self) -> None:
        self._set(self._old)


def _doc() -> Document:
    story = Story(id="lead", name="头条", paragraphs=[Paragraph(style="正文", runs=[Run(text="原文")])])
    frame = TextFrame(id="t", story_id="lead", x_pt=50, y_pt=50, width_pt=200, height_pt=300)
    return Document(stories={"lead": story}, pages=[Page(id="p1", frames=[frame])])


class Editor:
    """A document, its undo stack and an AutosaveController, as the main window will hold them."""

    def __init__(self, store: RecoveryStore, path: Path | None = None, **timings: int) -> None:
        self.doc = _doc()
        self.stack = QUndoStack()
        self.store = store
        self.autosave = AutosaveController(lambda: self.doc, self.stack, project_path=lambda: path,
                                           store=store, **timings)

    def type(self, text: str) -> None:
        self.stack.push(SetText(self.doc, text))

    def load(self) -> Document:
        """The document in this editor's recovery slot."""
        return self.store.load(self.autosave.session_id)

    def info(self) -> RecoveryInfo:
        return self.store.info(self.autosave.session_id)

    def slots(self) -> list[str]:
        return sorted(p.name for p in self.store.root.iterdir()) if self.store.root.exists() else []


@pytest.fixture
def store(tmp_path: Path) -> RecoveryStore:
    return RecoveryStore(tmp_path / "用户 数据" / "recovery")


@pytest.fixture
def make_editor(qapp, store: RecoveryStore):
    editors: list[Editor] = []

    def make(**kwargs) -> Editor:
        editors.append(Editor(store, **kwargs))
        return editors[-1]

    yield make
    for made in editors:
        made.autosave.shutdown(discard=True)


def test_an_edit_reaches_the_recovery_slot_within_two_seconds(qtbot, make_editor) -> None:
    ed = make_editor(path=Path("D:/共享/第28期 样刊.banmian"))
    started = time.monotonic()
    with qtbot.waitSignal(ed.autosave.snapshot_written, timeout=2000):
        ed.type("党群工作")
    assert time.monotonic() - started < 2.0
    assert ed.load() == ed.doc
    info = ed.info()
    assert info.title == "第28期 样刊.banmian" and info.edit_count == 1
    assert info.summary == "共 1 页；改动了 1 篇文章：头条"


def test_the_first_edit_is_snapshotted_at_once_and_later_edits_wait_for_the_debounce(qtbot, make_editor) -> None:
    # Timers far longer than the test: a snapshot can only come from the first edit itself.
    ed = make_editor(debounce_ms=600_000, max_delay_ms=600_000)
    written: list[str] = []
    ed.autosave.snapshot_written.connect(written.append)
    with qtbot.waitSignal(ed.autosave.snapshot_written, timeout=10_000):
        ed.type("第一个字")
    assert ed.load() == ed.doc and ed.info().edit_count == 1
    first = ed.load()
    ed.type("第二个字")
    qtbot.wait(300)  # the event loop runs; the second edit waits for its debounce
    assert len(written) == 1 and ed.load() == first
    assert ed.autosave.flush()
    assert ed.load() == ed.doc and ed.info().edit_count == 2


def test_the_first_edit_after_a_save_is_snapshotted_at_once_again(qtbot, make_editor) -> None:
    ed = make_editor(debounce_ms=600_000, max_delay_ms=600_000)
    with qtbot.waitSignal(ed.autosave.snapshot_written, timeout=10_000):
        ed.type("一")
    ed.stack.setClean()  # saved: the slot goes
    assert ed.autosave.flush() and ed.slots() == []
    with qtbot.waitSignal(ed.autosave.snapshot_written, timeout=10_000):
        ed.type("二")
    assert ed.load() == ed.doc


def test_continuous_typing_is_snapshotted_by_the_deadline(qtbot, make_editor) -> None:
    ed = make_editor(debounce_ms=300, max_delay_ms=900)
    written: list[float] = []
    ed.autosave.snapshot_written.connect(lambda _id: written.append(time.monotonic()))
    started = time.monotonic()
    for n in range(30):  # one keystroke every 100 ms for 3 s: the debounce never runs out
        ed.type("字" * (n + 1))
        qtbot.wait(100)
    assert written and written[0] - started < 1.5
    assert len(written) >= 2
    ed.autosave.flush()
    assert ed.load() == ed.doc


def test_saving_discards_the_slot(qtbot, make_editor) -> None:
    ed = make_editor()
    with qtbot.waitSignal(ed.autosave.snapshot_written, timeout=3000):
        ed.type("一")
    assert len(ed.slots()) == 1
    ed.stack.setClean()  # what the main window does after a successful save
    assert ed.autosave.flush()
    assert ed.slots() == [] and ed.autosave.session_id is None
    ed.type("二")  # the next edit starts a new slot
    assert ed.autosave.flush()
    assert ed.load() == ed.doc


def test_undoing_every_edit_discards_the_slot(qtbot, make_editor) -> None:
    ed = make_editor()
    ed.type("一")
    ed.type("二")
    assert ed.autosave.flush() and len(ed.slots()) == 1
    ed.stack.undo()
    ed.stack.undo()
    assert ed.autosave.flush() and ed.slots() == []


def test_shutdown_writes_the_last_edit_at_once_and_keeps_it(qtbot, make_editor, store: RecoveryStore) -> None:
    ed = make_editor()
    ed.type("关窗前最后一个字")
    assert ed.autosave.shutdown()
    [slot] = ed.slots()
    assert store.load(slot) == ed.doc


def test_shutdown_after_save_or_dont_save_removes_the_slot(qtbot, make_editor) -> None:
    ed = make_editor()
    ed.type("一")
    assert ed.autosave.flush() and len(ed.slots()) == 1
    assert ed.autosave.shutdown(discard=True)
    assert ed.slots() == []


def test_a_slow_disk_never_blocks_the_ui(qtbot, make_editor, monkeypatch) -> None:
    writing, release = threading.Event(), threading.Event()
    real = RecoverySession.write_snapshot

    def slow_write(self, *args, **kwargs) -> None:
        writing.set()
        release.wait(30)
        real(self, *args, **kwargs)

    monkeypatch.setattr(RecoverySession, "write_snapshot", slow_write)
    ed = make_editor(debounce_ms=10, max_delay_ms=20)
    ed.type("一")
    qtbot.waitUntil(writing.is_set, timeout=3000)
    started = time.monotonic()
    for n in range(20):  # typing goes on while the disk hangs
        ed.type("字" * n)
        qtbot.wait(15)
    assert time.monotonic() - started < 2.0
    release.set()
    assert ed.autosave.flush()
    assert ed.load() == ed.doc  # the newest state won, queued snapshots were merged


def test_a_failing_disk_is_reported_in_chinese_once(qtbot, make_editor, monkeypatch) -> None:
    def full_disk(self, *args, **kwargs) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(RecoverySession, "write_snapshot", full_disk)
    ed = make_editor(debounce_ms=10, max_delay_ms=20)
    messages: list[str] = []
    ed.autosave.failed.connect(messages.append)
    ed.type("一")
    qtbot.waitUntil(lambda: bool(messages), timeout=3000)
    ed.type("二")
    assert ed.autosave.flush()
    qtbot.wait(50)
    assert messages == ["自动保存的恢复数据写入失败（磁盘空间不足）。如果版面此时意外退出，最近的修改可能无法恢复，请尽快保存。"]
    assert ed.autosave.warning == "⚠ 恢复数据写入失败：磁盘空间不足。请尽快保存。"
    monkeypatch.undo()
    with qtbot.waitSignal(ed.autosave.snapshot_written, timeout=3000):
        ed.type("三")
    assert ed.load() == ed.doc
    qtbot.waitUntil(lambda: ed.autosave.warning == "", timeout=3000)


def test_other_write_errors_are_named_in_chinese(qtbot, make_editor, monkeypatch) -> None:
    def no_permission(self, *args, **kwargs) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(RecoverySession, "write_snapshot", no_permission)
    ed = make_editor(debounce_ms=10, max_delay_ms=20)
    ed.type("一")
    qtbot.waitUntil(lambda: bool(ed.autosave.warning), timeout=3000)
    assert ed.autosave.warning == "⚠ 恢复数据写入失败：没有权限。请尽快保存。"


def test_a_restored_document_stays_protected_until_saved(qtbot, make_editor, store: RecoveryStore) -> None:
    crashed = store.start_session(None, "未命名")
    restored_doc = _doc()
    restored_doc.stories["lead"].paragraphs[0].runs[0].text = "崩溃前写的"
    from editor.io.project import document_json_bytes

    crashed.write_snapshot(document_json_bytes(restored_doc), {}, title="未命名", project_path=None,
                           edit_count=4, summary="共 1 页")
    recovery._OPEN_SLOTS.discard(crashed.session_id)  # as if its editor had died
    session = store.adopt(crashed.session_id)
    ed = make_editor()
    ed.doc = session.load()
    ed.autosave.adopt(session)
    assert not ed.stack.isClean()  # a restored document is unsaved work
    ed.type("继续写")
    ed.stack.undo()  # back to the restored state: still not the saved file
    assert ed.autosave.flush()
    assert ed.slots() == [session.session_id] and session.load() == ed.doc == restored_doc
    ed.stack.setClean()
    assert ed.autosave.flush() and ed.slots() == []


def test_a_broken_lock_is_noticed_off_the_ui_thread(qtbot, make_editor, tmp_path: Path) -> None:
    project = tmp_path / "样刊.banmian"
    save_project(_doc(), project)
    lock = acquire_lock(project).lock
    an_hour_ago = time.time() - 3600
    os.utime(lock.path, (an_hour_ago, an_hour_ago))
    ed = make_editor(lock_refresh_ms=50)
    ed.autosave.set_lock(lock)
    qtbot.waitUntil(lambda: lock.path.stat().st_mtime > an_hour_ago + 3000, timeout=3000)  # refreshed while ours
    lock_path_for(project).write_bytes(b"{}")  # a colleague broke it
    with qtbot.waitSignal(ed.autosave.lock_lost, timeout=3000):
        pass
    lock.release()


def test_the_offer_shows_file_time_and_summary(store: RecoveryStore) -> None:
    session = store.start_session(Path("D:/共享/第28期 样刊.banmian"), "第28期 样刊.banmian")
    from editor.io.project import document_json_bytes

    session.write_snapshot(document_json_bytes(_doc()), {}, title="第28期 样刊.banmian",
                           project_path=Path("D:/共享/第28期 样刊.banmian"), edit_count=3,
                           summary="共 1 页；改动了 1 篇文章：头条")
    text = recovery_offer_text([session.info()])
    lines = text.splitlines()
    assert lines[0] == "发现未保存的工作：版面上次没有正常关闭，以下内容可以恢复。"
    assert lines[1].startswith("• 第28期 样刊.banmian — ") and lines[1].endswith("，共 1 页；改动了 1 篇文章：头条")
    assert time.strftime("%Y-%m-%d") in lines[1]
    session.discard()
