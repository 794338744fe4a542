"""Recovery data: the unsaved document, written in the background, restorable after a crash.

Every editing session (one open document in one window) gets its own
*slot*, a folder in the user's data folder::

    %LOCALAPPDATA%\\Banmian\\recovery\\<pid>-<time>-<random>\\     (Windows)
    $XDG_DATA_HOME/banmian/recovery/...  or  ~/.local/share/banmian/recovery/...
        meta.json        who wrote it, for which file and which saved version of it, when, what changed
        document.json    the latest snapshot, exactly as a project stores it
        assets/          the photos, named by content hash

A slot is a folder project, so ``load_project`` opens it. Photos are
written once (their names are content hashes); each snapshot then only
replaces ``document.json`` and ``meta.json``, each atomically and fsync'd
(``editor.io.atomic``), photos first, so a power cut at any moment leaves
the previous snapshot or the new one, never a document pointing at a
missing photo.

A slot is offered for recovery only when the process that wrote it is no
longer running (checked as for lock files, with the process start time
against pid reuse), so two editors open at once never see each other's
work as "crashed". Restoring *adopts* the slot: it is renamed to the new
process, so two editors starting together cannot both restore it, and the
restored document keeps being protected by the same slot until saved.

``meta.json`` also records the saved version of the project the work
started from (``editor.io.file_identity``: size, time and hash of the file
as the editor last read or wrote it), so that restoring can tell whether
someone saved the file since and offer a copy instead of overwriting.
Temporary files of snapshots a killed editor never finished are removed
when the store is searched at start-up.

Pure Python, no Qt: the editor's ``AutosaveController`` calls this from a
worker thread.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import editor
from editor.errors import RecoveryError
from editor.io.atomic import remove_stale_temp_files, write_atomically
from editor.io.file_identity import FileIdentity
from editor.io.lockfile import (
    FOREIGN_LOCK_MAX_AGE_S,
    process_is_running,
    process_start_time,
    same_host,
    this_host,
    this_user,
)
from editor.io.os_errors import os_error_reason
from editor.io.project import ASSET_NAME, ASSETS_FOLDER, DOCUMENT_MEMBER, load_project
from editor.model.document import Document
from editor.model.labels import Place, describe_story, own_words, unnamed_number
from editor.user_dirs import data_dir

META_MEMBER = "meta.json"
#: ``BANMIAN_DATA_DIR`` replaces the user data folder (tests, portable installs).
_SLOT_NAME = re.compile(r"^(?P<pid>[0-9]{1,10})-[0-9]{8}T[0-9]{6}-[0-9a-f]{8}\Z")
_MAX_META_BYTES = 1024 * 1024
#: A temporary file of ``editor.io.atomic`` (``.<target name>.<hex>.tmp``): group 1 is the target's name.
_TEMP_FILE = re.compile(r"^\.(.+)\.[0-9a-f]+\.tmp\Z")
#: Slots this process owns: a slot with our own pid is live only if listed here.
_OPEN_SLOTS: set[str] = set()


def default_data_dir() -> Path:
    """The per-user, per-machine data folder (not roamed: recovery data is big and local)."""
    return data_dir()


def default_recovery_root() -> Path:
    """Where recovery slots live unless a ``RecoveryStore`` is given another root."""
    return default_data_dir() / "recovery"


def _now() -> datetime:
    return datetime.now().astimezone()


def _new_slot_name() -> str:
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
    return f"{os.getpid()}-{stamp}-{secrets.token_hex(4)}"


@dataclass(frozen=True)
class RecoveryInfo:
    """What a slot holds, for the "发现未保存的工作" offer."""

    session_id: str
    folder: Path
    #: The project file the document came from; None for a new, never saved document.
    project_path: Path | None
    title: str
    #: When the last snapshot was written; None if none was (such slots are never offered).
    saved_at: datetime | None
    pid: int
    host: str
    user: str
    edit_count: int
    #: e.g. "共 5 页；改动了 2 篇文章：守正创新 凝心聚力、简讯：党建共建".
    summary: str
    #: The saved version of ``project_path`` the work started from; None if unknown or unsaved.
    base: FileIdentity | None = None

    def describe(self) -> str:
        """One line in Chinese: file, time, what changed."""
        when = self.saved_at.astimezone().strftime("%Y-%m-%d %H:%M:%S") if self.saved_at else "时间不详"
        name = self.project_path.name if self.project_path else f"{self.title}（未保存的新文档）"
        return f"{name} — {when}，{self.summary}"


def _read_meta(folder: Path) -> dict[str, Any]:
    """``meta.json`` as a dict; empty if missing or damaged (the slot name still names the pid)."""
    try:
        with (folder / META_MEMBER).open("rb") as handle:
            data = json.loads(handle.read(_MAX_META_BYTES).decode("utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def _parse_time(value: Any) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
    if parsed is not None and parsed.tzinfo is None:
        parsed = parsed.astimezone()
    return parsed


def _int(value: Any, default: int | None) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def _info_from(folder: Path, meta: dict[str, Any]) -> RecoveryInfo:
    match = _SLOT_NAME.match(folder.name)
    pid_from_name = int(match["pid"]) if match else 0
    project = meta.get("project_path")
    return RecoveryInfo(
        session_id=folder.name,
        folder=folder,
        project_path=Path(project) if isinstance(project, str) and project else None,
        title=str(meta.get("title") or "未命名"),
        saved_at=_parse_time(meta.get("saved_at")),
        pid=_int(meta.get("pid"), pid_from_name) or pid_from_name,
        host=str(meta.get("host") or this_host()),
        user=str(meta.get("user") or ""),
        edit_count=_int(meta.get("edit_count"), 0) or 0,
        summary=str(meta.get("summary") or "内容不详"),
        base=FileIdentity.from_json(meta.get("base")),
    )


def _owner_running(info: RecoveryInfo, meta: dict[str, Any]) -> bool:
    """Whether the process that wrote a slot may still be using it."""
    if not same_host(info.host, this_host()):
        # Cannot ask another computer (a roamed or network home folder): trust it while recent.
        written = info.saved_at.timestamp() if info.saved_at else 0.0
        return time.time() - written <= FOREIGN_LOCK_MAX_AGE_S
    if info.pid == os.getpid():
        return info.session_id in _OPEN_SLOTS
    return process_is_running(info.pid, _int(meta.get("process_started"), None))


def _remove_temp_files(folder: Path) -> None:
    """Delete the temporary files of snapshots that never finished (a photo's can be big).

    Only for slots whose editor is gone: nothing is writing them any more.
    """
    for place in (folder, folder / ASSETS_FOLDER):
        try:
            names = [entry.name for entry in place.iterdir()]
        except OSError:
            continue
        for name in names:
            match = _TEMP_FILE.match(name)
            if match:
                remove_stale_temp_files(place / match[1], older_than_s=0.0)


def _remove_slot(folder: Path) -> None:
    """Delete a slot: ``document.json`` first, so a half-deleted slot is never offered."""
    with contextlib.suppress(FileNotFoundError):
        (folder / DOCUMENT_MEMBER).unlink()
    shutil.rmtree(folder, ignore_errors=True)


class RecoverySession:
    """One editing session's slot: write snapshots, discard on save or close."""

    def __init__(self, folder: Path, meta: dict[str, Any]) -> None:
        self.folder = folder
        self._meta = meta
        #: Photos known to be on disk in this slot (names are content hashes).
        self._assets_on_disk: set[str] = set()
        _OPEN_SLOTS.add(folder.name)

    @property
    def session_id(self) -> str:
        return self.folder.name

    def info(self) -> RecoveryInfo:
        return _info_from(self.folder, self._meta)

    def write_snapshot(self, document_json: bytes, assets: Mapping[str, bytes], *, title: str,
                       project_path: Path | None, edit_count: int, summary: str,
                       base: FileIdentity | None = None) -> None:
        """Replace the slot's snapshot: photos, then ``document.json``, then ``meta.json``.

        ``base`` is the saved version of ``project_path`` the work started from.

        Each file is replaced atomically and fsync'd; an error leaves the
        previous snapshot whole and loadable (and is raised as ``OSError``).
        """
        assets_folder = self.folder / ASSETS_FOLDER
        if not assets_folder.is_dir():
            self._assets_on_disk.clear()  # the slot was emptied behind our back (a cleaner tool)
            assets_folder.mkdir(parents=True, exist_ok=True)
        for name in assets:  # a photo is read (perhaps from the project file) only to be written
            if name in self._assets_on_disk:
                continue
            if not ASSET_NAME.match(name):
                raise RecoveryError(f"无法写入恢复数据：图片名“{name}”不合规。")
            target = assets_folder / name
            if not target.is_file():
                write_atomically(target, lambda handle, name=name: handle.write(assets[name]))
            self._assets_on_disk.add(name)
        write_atomically(self.folder / DOCUMENT_MEMBER, lambda handle: handle.write(document_json))
        self._meta.update(
            project_path=str(project_path) if project_path else None, title=title,
            saved_at=_now().isoformat(timespec="seconds"), edit_count=edit_count, summary=summary,
            base=base.to_json() if base else None,
        )
        self._write_meta()
        for stale in assets_folder.iterdir():
            if stale.name not in assets and ASSET_NAME.match(stale.name):
                with contextlib.suppress(OSError):
                    stale.unlink()
                self._assets_on_disk.discard(stale.name)

    def load(self) -> Document:
        """The last snapshot as a document (``ProjectFileError`` if it cannot be read)."""
        return load_project(self.folder)

    def discard(self) -> None:
        """Remove the slot: the document was saved, or closed without saving on purpose."""
        _OPEN_SLOTS.discard(self.folder.name)
        _remove_slot(self.folder)

    def _write_meta(self) -> None:
        data = json.dumps(self._meta, ensure_ascii=False, indent=1).encode("utf-8")
        self.folder.mkdir(parents=True, exist_ok=True)
        write_atomically(self.folder / META_MEMBER, lambda handle: handle.write(data))

    def _claim_for_this_process(self) -> None:
        pid = os.getpid()
        self._meta.update(pid=pid, process_started=process_start_time(pid), host=this_host(), user=this_user())
        self._write_meta()


class RecoveryStore:
    """All recovery slots of this user on this computer."""

    def __init__(self, root: str | Path | None = None) -> None:
        self.root = Path(root) if root is not None else default_recovery_root()

    def start_session(self, project_path: Path | None, title: str) -> RecoverySession:
        """A new, empty slot owned by this process (its meta is written at once)."""
        folder = self.root / _new_slot_name()
        folder.mkdir(parents=True)
        pid = os.getpid()
        meta: dict[str, Any] = {
            "format": 1, "app_version": editor.__version__,
            "project_path": str(project_path) if project_path else None, "title": title,
            "started_at": _now().isoformat(timespec="seconds"), "saved_at": None,
            "pid": pid, "process_started": process_start_time(pid), "host": this_host(), "user": this_user(),
            "edit_count": 0, "summary": "", "base": None,
        }
        session = RecoverySession(folder, meta)
        session._write_meta()
        return session

    def _slots(self) -> list[Path]:
        try:
            return [p for p in self.root.iterdir() if p.is_dir() and _SLOT_NAME.match(p.name)]
        except FileNotFoundError:
            return []

    def recoverable(self) -> list[RecoveryInfo]:
        """Slots left by editors that are no longer running, newest first.

        Slots of dead processes that never got a snapshot hold nothing and
        are removed on the way; from the others, temporary files of
        snapshots that never finished are removed.
        """
        found: list[RecoveryInfo] = []
        for folder in self._slots():
            meta = _read_meta(folder)
            info = _info_from(folder, meta)
            if _owner_running(info, meta):
                continue
            _remove_temp_files(folder)
            if not (folder / DOCUMENT_MEMBER).is_file():
                _remove_slot(folder)
                continue
            found.append(info)
        found.sort(key=lambda info: info.saved_at.timestamp() if info.saved_at else 0.0, reverse=True)
        return found

    def _folder(self, session_id: str) -> Path:
        if not _SLOT_NAME.match(session_id):
            raise RecoveryError(f"恢复数据“{session_id}”的名称不正确。")
        return self.root / session_id

    def info(self, session_id: str) -> RecoveryInfo:
        """What a slot holds (any slot, running or not), as ``recoverable`` describes it."""
        folder = self._folder(session_id)
        return _info_from(folder, _read_meta(folder))

    def load(self, session_id: str) -> Document:
        """Read a slot's snapshot without claiming it (``ProjectFileError`` if damaged)."""
        return load_project(self._folder(session_id))

    def adopt(self, session_id: str) -> RecoverySession:
        """Claim a crashed session's slot for this process, to restore it and keep protecting it.

        The slot is renamed first; if another editor renamed it already,
        ``RecoveryError`` says so.
        """
        source = self._folder(session_id)
        target = self.root / _new_slot_name()
        try:
            os.rename(source, target)
        except FileNotFoundError as problem:
            raise RecoveryError("这份恢复数据已被另一个版面窗口恢复或删除。") from problem
        except OSError as problem:
            raise RecoveryError(f"无法恢复：恢复数据被占用（{os_error_reason(problem)}），请稍后再试。") from problem
        session = RecoverySession(target, _read_meta(target))
        session._claim_for_this_process()
        return session

    def delete(self, session_id: str) -> None:
        """Throw a slot away (the user chose 丢弃)."""
        _remove_slot(self._folder(session_id))


# ----------------------------------------------------------------- summary


def _stories_and_pages(document_json: bytes) -> tuple[dict[str, Any], list[Any]]:
    data = json.loads(document_json.decode("utf-8"))
    body = data.get("document", {}) if isinstance(data, dict) else {}
    stories = body.get("stories", {}) if isinstance(body, dict) else {}
    pages = body.get("pages", []) if isinstance(body, dict) else []
    return (stories if isinstance(stories, dict) else {}), (pages if isinstance(pages, list) else [])


def _raw_text(story: dict[str, Any]) -> str:
    """A story's literal text from its JSON (fields left out, as ``Paragraph.plain_text``)."""
    parts: list[str] = []
    for paragraph in story.get("paragraphs") or []:
        runs = paragraph.get("runs") if isinstance(paragraph, dict) else None
        for run in runs if isinstance(runs, list) else []:
            if isinstance(run, dict) and not run.get("field") and isinstance(run.get("text"), str):
                parts.append(run["text"])
        parts.append("\n")
    return "".join(parts)


def _raw_story_places(pages: list[Any]) -> dict[str, Place]:
    """Where each story starts in a document's JSON — (1-based page, whether it is a caption) of its
    first frame or captioned photo — in one pass over the frames."""
    places: dict[str, Place] = {}
    for number, page in enumerate(pages, start=1):
        frames = page.get("frames") if isinstance(page, dict) else None
        for frame in frames if isinstance(frames, list) else []:
            if not isinstance(frame, dict):
                continue
            if isinstance(frame.get("story_id"), str):
                places.setdefault(frame["story_id"], (number, False))
            caption = frame.get("caption")
            if isinstance(caption, dict) and isinstance(caption.get("story_id"), str):
                places.setdefault(caption["story_id"], (number, True))
    return places


def _raw_name(story: Any) -> str:
    name = story.get("name") if isinstance(story, dict) else None
    return name if isinstance(name, str) else ""


def _story_label(story_id: str, stories: dict[str, Any], places: dict[str, Place]) -> str:
    """What the user calls a story (``editor.model.labels``), from the document's JSON; an empty
    unnamed one is numbered among those on its page, as in 属性."""
    story = stories.get(story_id)
    if not isinstance(story, dict):
        return describe_story("", "", None)
    name, text = _raw_name(story), _raw_text(story)
    page, caption = places.get(story_id, (None, False))
    number = 1
    if not (name.strip() or own_words(text).strip()):
        number = unnamed_number(((key, _raw_name(other)) for key, other in stories.items()), places, story_id)
    return describe_story(name, text, page, caption, number=number)


def summarize(document_json: bytes, baseline_json: bytes | None, max_names: int = 3) -> str:
    """A short Chinese summary of a snapshot: pages, and which stories differ from ``baseline_json``.

    ``baseline_json`` is the document as last saved (None: unknown, e.g. a
    new document). Runs on the autosave worker, never on the UI thread.
    """
    try:
        stories, pages = _stories_and_pages(document_json)
    except (ValueError, UnicodeDecodeError):
        return "内容不详"
    parts = [f"共 {len(pages)} 页"]
    if baseline_json is None:
        return parts[0] + f"，{len(stories)} 篇文章"
    try:
        old_stories, old_pages = _stories_and_pages(baseline_json)
    except (ValueError, UnicodeDecodeError):
        return parts[0]
    places = _raw_story_places(pages)
    changed = [_story_label(key, stories, places) for key, story in stories.items() if old_stories.get(key) != story]
    removed = sum(1 for key in old_stories if key not in stories)
    if changed:
        names = "、".join(changed[:max_names]) + ("等" if len(changed) > max_names else "")
        parts.append(f"改动了 {len(changed)} 篇文章：{names}")
    if removed:
        parts.append(f"删除了 {removed} 篇文章")
    if pages != old_pages:
        parts.append("版面有改动")
    if len(parts) == 1:
        parts.append("文字与版面未改动")
    return "；".join(parts)
