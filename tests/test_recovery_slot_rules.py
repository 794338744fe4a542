"""The rules of recovery slots one by one: what a slot's line in the offer says, what is made of
a missing or odd ``meta.json``, whose slots are offered (this computer: a dead process; another
computer: 12 hours after its last snapshot), in which order, and what adopting, discarding and
writing a snapshot leave on disk.

Slots are built by hand here (a folder ``<pid>-<date>T<time>-<8 hex>`` with ``document.json`` and
``meta.json``); a dead process is a child that has exited, a running one a child that waits.
"""

from __future__ import annotations

import errno
import json
import os
import re
import subprocess
import sys
import types
from datetime import datetime, timezone
from pathlib import Path

import pytest

import editor
from editor.errors import RecoveryError
from editor.io import recovery
from editor.io.file_identity import FileIdentity
from editor.io.processes import process_start_time, this_host, this_user
from editor.io.project import asset_name, document_json_bytes
from editor.io.recovery import RecoveryStore
from editor.model import Document, ImageFrame, Page, Paragraph, Run, Story, TextFrame

SLOT = "1234-20260101T120000-abcdef01"
NOW_S = 1_800_000_000  # a whole second, so the times below are exact
TWELVE_HOURS_S = 12 * 60 * 60
PHOTO = b"\xff\xd8\xff\xe0 a photo"


def _write_slot(root: Path, name: str, meta: dict | bytes | None, document: bool = True) -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    if document:
        (folder / "document.json").write_bytes(b'{"document": {}}')
    if isinstance(meta, bytes):
        (folder / "meta.json").write_bytes(meta)
    elif meta is not None:
        (folder / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return folder


def _info_with(tmp_path: Path, meta: dict | bytes | None):
    _write_slot(tmp_path, SLOT, meta)
    return RecoveryStore(tmp_path).info(SLOT)


@pytest.fixture(scope="module")
def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@pytest.fixture()
def running_pid():
    child = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    yield child.pid
    child.stdin.close()
    child.wait(timeout=60)


def _slot_name(pid: int, suffix: str = "abcdef01") -> str:
    return f"{pid}-20260101T120000-{suffix}"


def _fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(recovery, "time", types.SimpleNamespace(time=lambda: float(NOW_S)))


def _iso(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, timezone.utc).isoformat()


# ------------------------------------------------------------ the offer's line


def test_a_slot_line_names_the_file_the_local_time_and_the_summary(tmp_path: Path) -> None:
    info = _info_with(tmp_path, {"project_path": "D:/共享/第28期.banmian", "saved_at": "2026-01-02T03:04:05",
                                 "summary": "共 1 页，1 篇文章"})
    assert info.describe() == "第28期.banmian — 2026-01-02 03:04:05，共 1 页，1 篇文章"


def test_a_slot_line_without_a_save_time_says_the_time_is_unknown(tmp_path: Path) -> None:
    info = _info_with(tmp_path, {"project_path": "D:/共享/第28期.banmian", "summary": "共 2 页"})
    assert info.describe() == "第28期.banmian — 时间不详，共 2 页"


def test_a_never_saved_documents_line_names_its_title_as_unsaved(tmp_path: Path) -> None:
    info = _info_with(tmp_path, {"project_path": None, "title": "简讯草稿", "saved_at": "2026-01-02T03:04:05"})
    assert info.describe() == "简讯草稿（未保存的新文档） — 2026-01-02 03:04:05，内容不详"


# ------------------------------------------------------------ meta.json


def test_a_slot_without_meta_is_described_from_its_name_and_defaults(tmp_path: Path) -> None:
    info = _info_with(tmp_path, None)
    assert (info.session_id, info.folder, info.project_path, info.title, info.saved_at, info.pid, info.host,
            info.user, info.edit_count, info.summary, info.base) == (
        SLOT, tmp_path / SLOT, None, "未命名", None, 1234, this_host(), "", 0, "内容不详", None)


def test_every_field_of_meta_is_read(tmp_path: Path) -> None:
    base = {"size": 10, "mtime_ns": 20, "sha256": "cd" * 32, "scope": "zip-directory"}
    info = _info_with(tmp_path, {"project_path": "/共享/第28期.banmian", "title": "第28期", "user": "张三",
                                 "host": "PC-01", "pid": 4321, "edit_count": 9, "summary": "共 3 页",
                                 "saved_at": "2026-01-02T03:04:05+08:00", "base": base})
    assert (info.project_path, info.title, info.user, info.host, info.pid, info.edit_count, info.summary) == (
        Path("/共享/第28期.banmian"), "第28期", "张三", "PC-01", 4321, 9, "共 3 页")
    assert info.saved_at == datetime(2026, 1, 1, 19, 4, 5, tzinfo=timezone.utc)
    assert info.base == FileIdentity(10, 20, "cd" * 32, "zip-directory")


def test_an_empty_project_path_is_a_never_saved_document(tmp_path: Path) -> None:
    assert _info_with(tmp_path, {"project_path": ""}).project_path is None


def test_a_pid_of_zero_in_meta_falls_back_to_the_slot_name(tmp_path: Path) -> None:
    assert _info_with(tmp_path, {"pid": 0}).pid == 1234


@pytest.mark.parametrize("saved_at", [1767225600, "yesterday", "", ["2026-01-02"]])
def test_a_save_time_that_is_not_an_iso_time_is_unknown(tmp_path: Path, saved_at: object) -> None:
    assert _info_with(tmp_path, {"saved_at": saved_at, "title": "第28期"}).saved_at is None


@pytest.mark.parametrize("raw", [b"[1, 2]", b'"meta"', b"{not json", b'{"title": "\xff\xfe"}'])
def test_meta_that_is_not_a_json_object_in_utf8_reads_as_empty(tmp_path: Path, raw: bytes) -> None:
    info = _info_with(tmp_path, raw)
    assert (info.title, info.summary, info.pid) == ("未命名", "内容不详", 1234)


def _meta_of_length(length: int) -> bytes:
    head, tail = '{"title": "大样", "pad": "'.encode(), b'"}'
    return head + b"x" * (length - len(head) - len(tail)) + tail


def test_meta_of_one_megabyte_is_read_and_a_byte_more_is_not(tmp_path: Path) -> None:
    assert _info_with(tmp_path / "a", _meta_of_length(1024 * 1024)).title == "大样"
    assert _info_with(tmp_path / "b", _meta_of_length(1024 * 1024 + 1)).title == "未命名"


# ------------------------------------------------------------ who is offered


def test_another_computers_slot_is_trusted_for_twelve_hours_after_its_last_snapshot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fixed_clock(monkeypatch)
    _write_slot(tmp_path, _slot_name(1, "00000001"), {"host": "PC-远方", "saved_at": _iso(NOW_S - TWELVE_HOURS_S)})
    _write_slot(tmp_path, _slot_name(1, "00000002"), {"host": "PC-远方", "saved_at": _iso(NOW_S - TWELVE_HOURS_S - 1)})
    assert [info.session_id for info in RecoveryStore(tmp_path).recoverable()] == [_slot_name(1, "00000002")]


def test_another_computers_slot_that_never_got_a_snapshot_time_is_not_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fixed_clock(monkeypatch)
    _write_slot(tmp_path, SLOT, {"host": "PC-远方", "saved_at": None})
    assert [info.session_id for info in RecoveryStore(tmp_path).recoverable()] == [SLOT]


def test_this_computers_name_in_other_case_is_this_computer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            dead_pid: int) -> None:
    _fixed_clock(monkeypatch)
    name = _slot_name(dead_pid)
    _write_slot(tmp_path, name, {"host": this_host().swapcase(), "pid": dead_pid, "saved_at": _iso(NOW_S)})
    assert [info.session_id for info in RecoveryStore(tmp_path).recoverable()] == [name]


def test_a_running_process_keeps_its_slot_whatever_odd_start_time_meta_holds(tmp_path: Path,
                                                                             running_pid: int) -> None:
    _write_slot(tmp_path, _slot_name(running_pid, "00000001"), {"host": this_host(), "pid": running_pid})
    _write_slot(tmp_path, _slot_name(running_pid, "00000002"),
                {"host": this_host(), "pid": running_pid, "process_started": "1"})
    _write_slot(tmp_path, _slot_name(running_pid, "00000003"),
                {"host": this_host(), "pid": running_pid, "process_started": process_start_time(running_pid)})
    assert RecoveryStore(tmp_path).recoverable() == []


def test_a_slot_with_this_processs_pid_that_it_did_not_open_is_an_earlier_processs(tmp_path: Path) -> None:
    name = _slot_name(os.getpid(), "0badcafe")
    _write_slot(tmp_path, name, {"host": this_host(), "pid": os.getpid()})
    assert [info.session_id for info in RecoveryStore(tmp_path).recoverable()] == [name]


def test_a_slot_this_editor_discarded_is_no_longer_its_own(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path)
    session = store.start_session(None, "未命名")
    session.discard()
    _write_slot(tmp_path, session.session_id, {"host": this_host(), "pid": os.getpid()})
    assert [info.session_id for info in store.recoverable()] == [session.session_id]


def test_slots_are_offered_newest_first_and_those_without_a_time_last(tmp_path: Path, dead_pid: int) -> None:
    meta = {"host": this_host(), "pid": dead_pid}
    _write_slot(tmp_path, _slot_name(dead_pid, "00000001"), {**meta, "saved_at": None})
    _write_slot(tmp_path, _slot_name(dead_pid, "00000002"), {**meta, "saved_at": "2026-01-01T10:00:00+00:00"})
    _write_slot(tmp_path, _slot_name(dead_pid, "00000003"), {**meta, "saved_at": "2026-01-02T10:00:00+00:00"})
    _write_slot(tmp_path, _slot_name(dead_pid, "00000004"), {**meta, "saved_at": "2025-12-31T10:00:00+00:00"})
    assert [info.session_id[-1] for info in RecoveryStore(tmp_path).recoverable()] == ["3", "2", "4", "1"]


def test_only_folders_named_as_slots_are_looked_at(tmp_path: Path, dead_pid: int) -> None:
    meta = {"host": this_host(), "pid": dead_pid}
    _write_slot(tmp_path, "备份", meta)
    _write_slot(tmp_path, f"{dead_pid}-20260101T120000-ABCDEF01", meta)
    _write_slot(tmp_path, "12345678901-20260101T120000-abcdef01", meta)
    (tmp_path / _slot_name(dead_pid, "00000009")).write_bytes(b"a file, not a folder")
    assert RecoveryStore(tmp_path).recoverable() == []
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([
        "备份", f"{dead_pid}-20260101T120000-ABCDEF01", "12345678901-20260101T120000-abcdef01",
        _slot_name(dead_pid, "00000009")])


def test_a_store_whose_folder_does_not_exist_yet_offers_nothing(tmp_path: Path) -> None:
    assert RecoveryStore(tmp_path / "还没有").recoverable() == []


def test_a_dead_editors_slot_keeps_files_that_are_not_unfinished_snapshots(tmp_path: Path, dead_pid: int) -> None:
    folder = _write_slot(tmp_path, _slot_name(dead_pid), {"host": this_host(), "pid": dead_pid})
    (folder / "assets").mkdir()
    kept = [folder / "说明.txt", folder / ".document.json.tmp", folder / "assets" / "notes.tmp"]
    for path in kept:
        path.write_bytes(b"not a temporary file of a snapshot")
    (folder / ".meta.json.0a1b2c3d4e5f.tmp").write_bytes(b"half")
    assert len(RecoveryStore(tmp_path).recoverable()) == 1
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [".document.json.tmp", "assets", "document.json", "meta.json", "说明.txt"])
    assert [p.name for p in (folder / "assets").iterdir()] == ["notes.tmp"]


# ------------------------------------------------------------ names, adopt, snapshots


@pytest.mark.parametrize("bad", ["../x", "1234-20260101T120000-abcdef0", "1234-20260101-120000-abcdef01"])
def test_a_slot_name_that_is_not_one_is_refused_in_chinese(tmp_path: Path, bad: str) -> None:
    with pytest.raises(RecoveryError) as raised:
        RecoveryStore(tmp_path).info(bad)
    assert str(raised.value) == f"恢复数据“{bad}”的名称不正确。"


def test_a_slot_that_cannot_be_renamed_is_reported_busy_in_chinese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                   dead_pid: int) -> None:
    name = _slot_name(dead_pid)
    _write_slot(tmp_path, name, {"host": this_host(), "pid": dead_pid})

    def refuse(source, target):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(recovery.os, "rename", refuse)
    with pytest.raises(RecoveryError) as raised:
        RecoveryStore(tmp_path).adopt(name)
    assert str(raised.value) == "无法恢复：恢复数据被占用（没有权限），请稍后再试。"


def test_a_slot_gone_before_it_is_adopted_was_restored_elsewhere(tmp_path: Path) -> None:
    with pytest.raises(RecoveryError) as raised:
        RecoveryStore(tmp_path).adopt(SLOT)
    assert str(raised.value) == "这份恢复数据已被另一个版面窗口恢复或删除。"


def test_adopting_writes_this_process_as_the_owner_and_keeps_the_rest(tmp_path: Path, dead_pid: int) -> None:
    name = _slot_name(dead_pid)
    base = {"size": 10, "mtime_ns": 20, "sha256": None, "scope": "file"}
    _write_slot(tmp_path, name, {"host": "PC-旧", "user": "李四", "pid": dead_pid, "process_started": 5,
                                 "edit_count": 7, "summary": "共 1 页", "title": "第28期", "base": base})
    session = RecoveryStore(tmp_path).adopt(name)
    meta = json.loads((session.folder / "meta.json").read_text(encoding="utf-8"))
    assert (meta["pid"], meta["process_started"], meta["host"], meta["user"]) == (
        os.getpid(), process_start_time(os.getpid()), this_host(), this_user())
    assert (meta["edit_count"], meta["summary"], meta["title"], meta["base"]) == (7, "共 1 页", "第28期", base)
    assert not (tmp_path / name).exists()
    session.discard()


def _photo_doc() -> Document:
    name = asset_name(PHOTO, ".jpg")
    story = Story(id="lead", name="头条", paragraphs=[Paragraph(style="正文", runs=[Run(text="文字")])])
    frames = [TextFrame(id="t", story_id="lead", x_pt=50, y_pt=50, width_pt=200, height_pt=300),
              ImageFrame(id="i", asset=name, x_pt=300, y_pt=50, width_pt=100, height_pt=80)]
    return Document(stories={"lead": story}, pages=[Page(id="p1", frames=frames)], assets={name: PHOTO})


def _snapshot(session, doc: Document, **fields) -> None:
    values = {"title": "第28期", "project_path": None, "edit_count": 1, "summary": "共 1 页", **fields}
    session.write_snapshot(document_json_bytes(doc), doc.assets, **values)


def test_a_new_slots_meta_says_who_started_it_and_that_nothing_is_saved_yet(tmp_path: Path) -> None:
    session = RecoveryStore(tmp_path).start_session(Path("/共享/第28期.banmian"), "第28期.banmian")
    meta = json.loads((session.folder / "meta.json").read_text(encoding="utf-8"))
    started_at = meta.pop("started_at")
    assert meta == {"format": 1, "app_version": editor.__version__, "project_path": str(Path("/共享/第28期.banmian")),
                    "title": "第28期.banmian", "saved_at": None, "pid": os.getpid(),
                    "process_started": process_start_time(os.getpid()), "host": this_host(), "user": this_user(),
                    "edit_count": 0, "summary": "", "base": None}
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", started_at)
    assert re.fullmatch(rf"{os.getpid()}-\d{{8}}T\d{{6}}-[0-9a-f]{{8}}", session.session_id)
    session.discard()


def test_a_snapshots_meta_records_the_file_its_base_and_the_time_to_the_second(tmp_path: Path) -> None:
    session = RecoveryStore(tmp_path).start_session(None, "未命名")
    base = FileIdentity(10, 20, "ef" * 32, "zip-directory")
    _snapshot(session, _photo_doc(), project_path=Path("/共享/第28期.banmian"), edit_count=4, summary="共 1 页",
              base=base)
    meta = json.loads((session.folder / "meta.json").read_text(encoding="utf-8"))
    assert (meta["project_path"], meta["title"], meta["edit_count"], meta["summary"], meta["base"]) == (
        str(Path("/共享/第28期.banmian")), "第28期", 4, "共 1 页", base.to_json())
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", meta["saved_at"])
    _snapshot(session, _photo_doc(), project_path=None, base=None)
    meta = json.loads((session.folder / "meta.json").read_text(encoding="utf-8"))
    assert (meta["project_path"], meta["base"]) == (None, None)
    session.discard()


def test_a_photo_with_a_name_that_is_not_a_content_hash_is_refused_in_chinese(tmp_path: Path) -> None:
    session = RecoveryStore(tmp_path).start_session(None, "未命名")
    with pytest.raises(RecoveryError) as raised:
        session.write_snapshot(b"{}", {"../照片.jpg": PHOTO}, title="x", project_path=None, edit_count=1, summary="")
    assert str(raised.value) == "无法写入恢复数据：图片名“../照片.jpg”不合规。"
    assert not (session.folder / "照片.jpg").exists() and not (tmp_path / "照片.jpg").exists()
    session.discard()


def test_a_snapshot_removes_unused_photos_but_not_other_files_in_assets(tmp_path: Path) -> None:
    session = RecoveryStore(tmp_path).start_session(None, "未命名")
    unused = asset_name(b"an old photo", ".png")
    (session.folder / "assets").mkdir()
    (session.folder / "assets" / unused).write_bytes(b"an old photo")
    (session.folder / "assets" / "说明.txt").write_bytes(b"left by a person")
    _snapshot(session, _photo_doc())
    assert sorted(p.name for p in (session.folder / "assets").iterdir()) == sorted(
        [asset_name(PHOTO, ".jpg"), "说明.txt"])
    session.discard()


def test_photos_already_in_an_adopted_slot_are_not_written_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                  dead_pid: int) -> None:
    name = _slot_name(dead_pid)
    folder = _write_slot(tmp_path, name, {"host": this_host(), "pid": dead_pid})
    (folder / "assets").mkdir()
    (folder / "assets" / asset_name(PHOTO, ".jpg")).write_bytes(PHOTO)
    session = RecoveryStore(tmp_path).adopt(name)
    written: list[str] = []
    real = recovery.write_atomically
    monkeypatch.setattr(recovery, "write_atomically",
                        lambda target, write: (written.append(target.name), real(target, write)))
    _snapshot(session, _photo_doc())
    assert written == ["document.json", "meta.json"]
    session.discard()


def test_meta_is_written_as_readable_utf8_text(tmp_path: Path) -> None:
    session = RecoveryStore(tmp_path).start_session(Path("/共享/第28期.banmian"), "第28期 样刊")
    raw = (session.folder / "meta.json").read_bytes()
    assert "第28期 样刊".encode() in raw, "Chinese stays readable, not \\u escapes"
    assert len(raw.splitlines()) == len(json.loads(raw)) + 2, "one field a line, between the braces"
    session.discard()


def test_a_project_path_that_is_not_text_is_a_never_saved_document(tmp_path: Path) -> None:
    assert _info_with(tmp_path, {"project_path": 5}).project_path is None


def test_a_session_in_a_folder_not_named_as_a_slot_has_no_known_pid(tmp_path: Path) -> None:
    session = recovery.RecoverySession(tmp_path / "其他文件夹", {})
    assert (session.info().pid, session.info().session_id) == (0, "其他文件夹")
    session.discard()


def test_a_photo_added_after_known_ones_is_written_too(tmp_path: Path) -> None:
    session = RecoveryStore(tmp_path).start_session(None, "未命名")
    first = _photo_doc()
    _snapshot(session, first)
    second_photo = b"\x89PNG\r\n\x1a\n another photo"
    name = asset_name(second_photo, ".png")
    frames = [*first.pages[0].frames, ImageFrame(id="i2", asset=name, x_pt=300, y_pt=200, width_pt=100, height_pt=80)]
    second = Document(stories=first.stories, pages=[Page(id="p1", frames=frames)],
                      assets={**first.assets, name: second_photo})
    _snapshot(session, second)
    assert session.load() == second
    session.discard()


def test_an_unused_photo_name_that_cannot_be_deleted_does_not_fail_the_snapshot(tmp_path: Path) -> None:
    session = RecoveryStore(tmp_path).start_session(None, "未命名")
    stuck = session.folder / "assets" / asset_name(b"a folder, not a photo", ".jpg")
    stuck.mkdir(parents=True)
    _snapshot(session, _photo_doc())
    assert stuck.is_dir() and session.load() == _photo_doc()
    session.discard()
