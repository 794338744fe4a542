"""Recovery slots and the recent-files list: what is written, what is offered, what survives failures.

A "crashed editor" is a real subprocess that writes a recovery snapshot and
exits without discarding it; a "running editor" is one that waits on its
stdin. Failures midway through a snapshot are simulated by making the
atomic writer fail after writing part of a file.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import textwrap
from datetime import datetime, timedelta
from pathlib import Path

import pytest

import editor
from editor import user_dirs
from editor.errors import ProjectFileError
from editor.io import atomic, recovery
from editor.io.lockfile import process_start_time, this_host
from editor.io.project import asset_name, document_json_bytes, load_project, save_project_folder
from editor.io.recent import MAX_RECENT, RecentFiles, default_config_dir
from editor.io.recovery import (
    RecoveryError,
    RecoveryStore,
    default_data_dir,
    default_recovery_root,
    summarize,
)
from editor.model import Document, ImageFrame, Page, Paragraph, Run, Story, TextFrame

_EDITOR_SESSION = textwrap.dedent("""
    import sys
    from pathlib import Path
    from editor.io.project import document_json_bytes, load_project
    from editor.io.recovery import RecoveryStore
    root, source, project, mode = sys.argv[1:5]
    doc = load_project(source)
    session = RecoveryStore(root).start_session(Path(project), "标题")
    if "snapshot" in mode:
        session.write_snapshot(document_json_bytes(doc), doc.assets, title=Path(project).name,
                               project_path=Path(project), edit_count=7, summary="共 1 页；改动了 1 篇文章：头条")
    print(session.session_id, flush=True)
    if "wait" in mode:
        sys.stdin.read()
""")

PHOTO_A = b"\xff\xd8\xff\xe0 first photo"
PHOTO_B = b"\x89PNG\r\n\x1a\n second photo"


def small_doc(text: str = "党群工作", photos: tuple[bytes, ...] = (PHOTO_A,)) -> Document:
    """One page: a text frame and a photo frame per photo."""
    assets = {asset_name(data, ".jpg"): data for data in photos}
    frames = [TextFrame(id="t", story_id="lead", x_pt=50, y_pt=50, width_pt=200, height_pt=300)]
    frames += [ImageFrame(id=f"i{n}", asset=name, x_pt=300, y_pt=50 + 100 * n, width_pt=100, height_pt=80)
               for n, name in enumerate(assets)]
    story = Story(id="lead", name="头条", paragraphs=[Paragraph(style="正文", runs=[Run(text=text)])])
    return Document(stories={"lead": story}, pages=[Page(id="p1", frames=frames)], assets=assets)


def snapshot(session: recovery.RecoverySession, doc: Document, edit_count: int = 1) -> None:
    session.write_snapshot(document_json_bytes(doc), doc.assets, title="第28期 样刊.banmian",
                           project_path=Path("D:/共享 文件/第28期 样刊.banmian"), edit_count=edit_count,
                           summary=summarize(document_json_bytes(doc), None))


@pytest.fixture
def store(tmp_path: Path) -> RecoveryStore:
    return RecoveryStore(tmp_path / "用户 数据" / "recovery")


def _editor_process(store: RecoveryStore, tmp_path: Path, mode: str) -> subprocess.Popen[str]:
    source = tmp_path / "源 项目"
    if not source.exists():
        save_project_folder(small_doc("崩溃前的文字", (PHOTO_A, PHOTO_B)), source)
    return subprocess.Popen(
        [sys.executable, "-c", _EDITOR_SESSION, str(store.root), str(source), str(tmp_path / "第28期 样刊.banmian"),
         mode], cwd=editor.PROJECT_ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8")


def crashed_session(store: RecoveryStore, tmp_path: Path, mode: str = "snapshot") -> str:
    """The session id of an editor that wrote recovery data and died."""
    child = _editor_process(store, tmp_path, mode)
    session_id = child.stdout.readline().strip()
    child.stdin.close()
    child.wait(timeout=60)
    return session_id


# ------------------------------------------------------------ where


def test_data_folder_follows_each_platform(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.delenv(user_dirs.DATA_DIR_ENV, raising=False)
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", r"C:\Users\张三\AppData\Local")
    assert default_recovery_root() == Path(r"C:\Users\张三\AppData\Local") / "Banmian" / "recovery"
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_recovery_root() == tmp_path / "xdg" / "banmian" / "recovery"
    monkeypatch.setenv("XDG_DATA_HOME", "relative/ignored")
    assert default_data_dir() == Path.home() / ".local" / "share" / "banmian"
    monkeypatch.setenv(user_dirs.DATA_DIR_ENV, str(tmp_path / "测试"))
    assert default_recovery_root() == tmp_path / "测试" / "recovery"
    assert RecoveryStore().root == tmp_path / "测试" / "recovery"


# --------------------------------------------------------- snapshots


def test_a_snapshot_is_a_folder_project_that_loads_back(store: RecoveryStore) -> None:
    doc = load_project(editor.SAMPLE_PROJECT)
    session = store.start_session(Path("第28期 样刊.banmian"), "第28期 样刊.banmian")
    snapshot(session, doc)
    assert store.load(session.session_id) == doc
    assert session.load() == doc
    assert sorted(p.name for p in session.folder.iterdir()) == ["assets", "document.json", "meta.json"]
    assert (session.folder / "document.json").read_bytes() == document_json_bytes(doc)


def test_meta_says_whose_work_it_is_and_what_changed(store: RecoveryStore) -> None:
    session = store.start_session(None, "未命名")
    meta = json.loads((session.folder / "meta.json").read_text(encoding="utf-8"))
    assert meta["pid"] == os.getpid() and meta["host"] == this_host() and meta["saved_at"] is None
    assert meta["process_started"] == process_start_time(os.getpid())
    snapshot(session, small_doc(), edit_count=12)
    info = session.info()
    assert info.project_path == Path("D:/共享 文件/第28期 样刊.banmian")
    assert info.title == "第28期 样刊.banmian" and info.edit_count == 12 and info.pid == os.getpid()
    assert info.summary == "共 1 页，1 篇文章"
    assert abs(info.saved_at - datetime.now().astimezone()) < timedelta(minutes=1)
    assert info.describe().startswith("第28期 样刊.banmian — ") and info.describe().endswith("，共 1 页，1 篇文章")


def test_photos_are_written_once_then_only_the_document_changes(store: RecoveryStore, monkeypatch) -> None:
    written: list[str] = []
    real = recovery.write_atomically
    monkeypatch.setattr(recovery, "write_atomically", lambda target, write: (written.append(target.name), real(target, write)))
    session = store.start_session(None, "未命名")
    written.clear()
    snapshot(session, small_doc("一", (PHOTO_A, PHOTO_B)))
    assert sorted(written) == sorted([*small_doc("一", (PHOTO_A, PHOTO_B)).assets, "document.json", "meta.json"])
    for text in ("二", "三"):
        written.clear()
        snapshot(session, small_doc(text, (PHOTO_A, PHOTO_B)))
        assert written == ["document.json", "meta.json"]


def test_a_photo_no_longer_used_leaves_the_slot(store: RecoveryStore) -> None:
    session = store.start_session(None, "未命名")
    snapshot(session, small_doc(photos=(PHOTO_A, PHOTO_B)))
    snapshot(session, small_doc(photos=(PHOTO_B,)))
    assert sorted(p.name for p in (session.folder / "assets").iterdir()) == [asset_name(PHOTO_B, ".jpg")]
    snapshot(session, small_doc(photos=(PHOTO_A, PHOTO_B)))  # and comes back when used again
    assert session.load() == small_doc(photos=(PHOTO_A, PHOTO_B))


def test_a_slot_emptied_by_a_cleaner_is_written_whole_again(store: RecoveryStore) -> None:
    session = store.start_session(None, "未命名")
    snapshot(session, small_doc())
    recovery._remove_slot(session.folder)
    snapshot(session, small_doc("再写一次"))
    assert session.load() == small_doc("再写一次")


def _fail_midway(monkeypatch, failing_name: str) -> None:
    """Make the atomic write of ``failing_name`` die after writing part of the file."""
    real = recovery.write_atomically

    def write_atomically(target: Path, write) -> None:
        if target.name != failing_name:
            return real(target, write)
        with atomic.atomic_writer(target) as handle:
            handle.write(b'{"format_version": 1, "docu')
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(recovery, "write_atomically", write_atomically)


@pytest.mark.parametrize("failing", ["document.json", "new photo", "meta.json"])
def test_an_interrupted_snapshot_leaves_a_loadable_snapshot(store: RecoveryStore, monkeypatch, failing: str) -> None:
    session = store.start_session(None, "未命名")
    before = small_doc("上一次的快照", (PHOTO_A,))
    after = small_doc("新的快照", (PHOTO_A, PHOTO_B))
    snapshot(session, before)
    _fail_midway(monkeypatch, asset_name(PHOTO_B, ".jpg") if failing == "new photo" else failing)
    with pytest.raises(OSError):
        snapshot(session, after)
    # meta.json fails last: the new document is already complete; otherwise the old one is intact
    assert store.load(session.session_id) == (after if failing == "meta.json" else before)
    leftovers = [p.name for p in session.folder.rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []
    monkeypatch.undo()
    snapshot(session, after)  # the next snapshot repairs everything
    assert store.load(session.session_id) == after


# ---------------------------------------------------------- offering


def test_a_running_editors_session_is_never_offered(store: RecoveryStore, tmp_path: Path) -> None:
    ours = store.start_session(None, "未命名")
    snapshot(ours, small_doc())
    other = _editor_process(store, tmp_path, "snapshot wait")
    try:
        other_id = other.stdout.readline().strip()
        assert (store.root / other_id / "document.json").is_file()
        assert store.recoverable() == []
    finally:
        other.stdin.close()
        other.wait(timeout=60)
    assert [info.session_id for info in store.recoverable()] == [other_id]


def test_a_crashed_editors_session_is_offered_with_its_meta(store: RecoveryStore, tmp_path: Path) -> None:
    session_id = crashed_session(store, tmp_path)
    [info] = store.recoverable()
    assert info.session_id == session_id and info.pid == int(session_id.split("-")[0])
    assert info.project_path == tmp_path / "第28期 样刊.banmian"
    assert info.edit_count == 7 and info.summary == "共 1 页；改动了 1 篇文章：头条"
    assert info.describe().startswith("第28期 样刊.banmian — ")
    assert store.load(session_id) == small_doc("崩溃前的文字", (PHOTO_A, PHOTO_B))


def test_newest_crashed_session_comes_first(store: RecoveryStore, tmp_path: Path) -> None:
    first = crashed_session(store, tmp_path)
    meta_path = store.root / first / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["saved_at"] = (datetime.now().astimezone() - timedelta(hours=1)).isoformat()
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    second = crashed_session(store, tmp_path)
    assert [info.session_id for info in store.recoverable()] == [second, first]


def test_an_empty_slot_of_a_dead_editor_is_cleaned_up(store: RecoveryStore, tmp_path: Path) -> None:
    session_id = crashed_session(store, tmp_path, mode="empty")
    assert (store.root / session_id).is_dir()
    assert store.recoverable() == []
    assert not (store.root / session_id).exists()


@pytest.mark.skipif(process_start_time(os.getpid()) is None, reason="no cheap process start time on this system")
def test_a_reused_pid_does_not_hide_a_crashed_session(store: RecoveryStore, tmp_path: Path) -> None:
    session_id = crashed_session(store, tmp_path)
    meta_path = store.root / session_id / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    # A running process of our own (the parent may not be visible: under Wine it is pid 0)…
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        started = process_start_time(other.pid)
        assert started is not None
        meta["pid"] = other.pid
        meta["process_started"] = started - 1  # …that started after the crash
        meta_path.write_text(json.dumps(meta), encoding="utf-8")
        assert [info.session_id for info in store.recoverable()] == [session_id]
    finally:
        other.kill()
        other.wait()


def test_a_session_from_another_computer_is_trusted_while_recent(store: RecoveryStore, tmp_path: Path) -> None:
    session_id = crashed_session(store, tmp_path)
    meta_path = store.root / session_id / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["host"] = "PC-01"
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    assert store.recoverable() == []
    meta["saved_at"] = (datetime.now().astimezone() - timedelta(days=1)).isoformat()
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    assert [info.session_id for info in store.recoverable()] == [session_id]


def test_a_slot_with_damaged_meta_is_still_offered_by_its_name(store: RecoveryStore, tmp_path: Path) -> None:
    session_id = crashed_session(store, tmp_path)
    (store.root / session_id / "meta.json").write_bytes(b"\x00garbage")
    [info] = store.recoverable()
    assert info.pid == int(session_id.split("-")[0]) and info.summary == "内容不详"
    assert store.load(session_id) == small_doc("崩溃前的文字", (PHOTO_A, PHOTO_B))


def test_temporary_files_of_unfinished_snapshots_are_removed_at_start(store: RecoveryStore, tmp_path: Path) -> None:
    crashed = crashed_session(store, tmp_path)
    folder = store.root / crashed
    leftovers = [folder / ".document.json.0123456789ab.tmp", folder / ".meta.json.a1b2c3d4e5f6.tmp",
                 folder / "assets" / f".{asset_name(b'half of a big photo', '.jpg')}.00aa11bb22cc.tmp"]
    for path in leftovers:
        path.write_bytes(b"half written when the editor was killed")
    running = store.start_session(None, "未命名")  # a slot of this running process: its writes may be under way
    snapshot(running, small_doc())
    being_written = running.folder / ".document.json.ffffffffffff.tmp"
    being_written.write_bytes(b"being written")
    # What the editor searches at start (FileManager.start -> find_recoverable -> recoverable).
    assert [info.session_id for info in store.recoverable()] == [crashed]
    assert [path.name for path in leftovers if path.exists()] == []
    assert sorted(p.name for p in folder.iterdir()) == ["assets", "document.json", "meta.json"]
    assert sorted(p.name for p in (folder / "assets").iterdir()) == sorted(
        [asset_name(PHOTO_A, ".jpg"), asset_name(PHOTO_B, ".jpg")])
    assert store.load(crashed) == small_doc("崩溃前的文字", (PHOTO_A, PHOTO_B))
    assert being_written.read_bytes() == b"being written"
    running.discard()


# ------------------------------------------------- adopt, discard, delete


def test_adopting_claims_the_slot_once_and_keeps_protecting_it(store: RecoveryStore, tmp_path: Path) -> None:
    session_id = crashed_session(store, tmp_path)
    adopted = store.adopt(session_id)
    assert adopted.session_id != session_id and adopted.session_id.startswith(f"{os.getpid()}-")
    assert adopted.load() == small_doc("崩溃前的文字", (PHOTO_A, PHOTO_B))
    info = adopted.info()
    assert info.pid == os.getpid() and info.edit_count == 7 and info.project_path == tmp_path / "第28期 样刊.banmian"
    assert store.recoverable() == []  # ours now, and we are running
    with pytest.raises(RecoveryError, match="已被另一个版面窗口恢复"):
        store.adopt(session_id)
    snapshot(adopted, small_doc("恢复后继续编辑"), edit_count=8)
    assert adopted.load() == small_doc("恢复后继续编辑")
    adopted.discard()
    assert not adopted.folder.exists()


def test_discard_and_delete_remove_the_slot(store: RecoveryStore, tmp_path: Path) -> None:
    session = store.start_session(None, "未命名")
    snapshot(session, small_doc())
    session.discard()
    assert list(store.root.iterdir()) == []
    session_id = crashed_session(store, tmp_path)
    store.delete(session_id)
    assert store.recoverable() == [] and list(store.root.iterdir()) == []


def test_session_ids_cannot_point_outside_the_store(store: RecoveryStore) -> None:
    for bad in ("../secret", "..", "1-20240101T000000-abcdef01/../x", ""):
        with pytest.raises(RecoveryError):
            store.load(bad)
        with pytest.raises(RecoveryError):
            store.delete(bad)


def test_a_damaged_snapshot_fails_with_a_chinese_message(store: RecoveryStore) -> None:
    session = store.start_session(None, "未命名")
    snapshot(session, small_doc())
    (session.folder / "document.json").write_bytes(b"{")
    with pytest.raises(ProjectFileError, match="document.json 不是有效的 JSON"):
        store.load(session.session_id)


# ------------------------------------------------------------ summary


def test_summary_names_the_changed_stories_and_layout() -> None:
    sample = load_project(editor.SAMPLE_PROJECT)
    baseline = document_json_bytes(sample)
    assert summarize(baseline, baseline) == "共 5 页；文字与版面未改动"
    edited = load_project(editor.SAMPLE_PROJECT)
    for story_id in ("lead", "brief-party", "contest", "youth"):
        edited.stories[story_id].paragraphs[0].runs[0].text += "（改）"
    edited.pages[0].frames[0].x_pt += 5
    del edited.stories["skills"]
    assert summarize(document_json_bytes(edited), baseline) == (
        "共 5 页；改动了 4 篇文章：守正创新 凝心聚力、简讯：党建共建、中铝股份举办党建工作竞赛等；"
        "删除了 1 篇文章；版面有改动"
    )
    assert summarize(b"not json", baseline) == "内容不详"


# ---------------------------------------------------------- recent files


def test_recent_files_most_recent_first_without_duplicates(tmp_path: Path) -> None:
    recent = RecentFiles(tmp_path / "配置" / "recent.json")
    paths = [tmp_path / f"第{n}期 样刊.banmian" for n in range(12)]
    for path in paths:
        path.write_bytes(b"x")
        recent.add(path)
    recent.add(paths[5])
    assert recent.paths() == [paths[5], *reversed(paths[6:12]), *reversed(paths[2:5])]
    assert len(recent.paths()) == MAX_RECENT
    assert RecentFiles(tmp_path / "配置" / "recent.json").paths() == recent.paths()  # persisted


def test_missing_recent_files_are_hidden_but_kept(tmp_path: Path) -> None:
    recent = RecentFiles(tmp_path / "recent.json")
    here, gone = tmp_path / "在.banmian", tmp_path / "U盘" / "不在.banmian"
    here.write_bytes(b"x")
    recent.add(gone)
    recent.add(here)
    assert recent.paths() == [here]
    gone.parent.mkdir()
    gone.write_bytes(b"x")  # the USB stick is back
    assert recent.paths() == [here, gone]
    recent.remove(gone)
    assert recent.paths() == [here]
    recent.clear()
    assert recent.paths() == []


def test_a_damaged_recent_list_reads_as_empty(tmp_path: Path) -> None:
    (tmp_path / "recent.json").write_bytes(b"\xff{not json")
    recent = RecentFiles(tmp_path / "recent.json")
    assert recent.paths() == []
    (tmp_path / "a.banmian").write_bytes(b"x")
    recent.add(tmp_path / "a.banmian")
    assert recent.paths() == [tmp_path / "a.banmian"]


def test_recent_list_write_failure_is_not_fatal(tmp_path: Path) -> None:
    blocker = tmp_path / "not a folder"
    blocker.write_bytes(b"x")
    recent = RecentFiles(blocker / "recent.json")
    recent.add(tmp_path / "a.banmian")  # logged, not raised
    assert recent.paths() == []


def test_config_folder_follows_each_platform(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.delenv("BANMIAN_CONFIG_DIR", raising=False)
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("APPDATA", r"C:\Users\张三\AppData\Roaming")
    assert default_config_dir() == Path(r"C:\Users\张三\AppData\Roaming") / "Banmian"
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert default_config_dir() == tmp_path / "banmian"
    monkeypatch.setenv("BANMIAN_CONFIG_DIR", str(tmp_path / "测试"))
    assert RecentFiles().file == tmp_path / "测试" / "recent.json"

