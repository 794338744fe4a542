"""The recent-files list (文件 → 最近打开): at most ten projects, most recent first.

Stored as JSON in the user's config folder (``%APPDATA%\\Banmian\\recent.json``
on Windows, ``$XDG_CONFIG_HOME/banmian/recent.json`` or
``~/.config/banmian/recent.json`` elsewhere; ``BANMIAN_CONFIG_DIR``
overrides it). Written atomically, so a crash never leaves half a list, and
a damaged list reads as empty rather than stopping the editor.

Missing files are left out when the list is shown but stay stored: a
project on a USB stick or a network drive that is not connected right now
comes back when it is. Network paths are not checked at all, because asking
Windows whether a file on a disconnected share exists can take half a
minute and the menu is built on the UI thread; opening one that is gone
reports it, and the editor then calls ``remove``.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path

from editor.io.atomic import write_atomically
from editor.user_dirs import config_dir

MAX_RECENT = 10
RECENT_FILE_NAME = "recent.json"
_MAX_FILE_BYTES = 256 * 1024
_DRIVE_REMOTE = 4


def default_config_dir() -> Path:
    """The per-user config folder (roams with the Windows profile: a short list of paths)."""
    return config_dir()


def _same_file_key(path: Path) -> str:
    """Paths that name the same file compare equal (case-insensitive on Windows)."""
    return os.path.normcase(os.path.normpath(str(path)))


def _is_network_path(path: Path) -> bool:
    """A UNC path or a mapped network drive (Windows); checking those may hang."""
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return True
    if sys.platform != "win32" or not path.drive:
        return False
    try:
        import ctypes

        return ctypes.windll.kernel32.GetDriveTypeW(path.drive + "\\") == _DRIVE_REMOTE
    except Exception:  # noqa: BLE001 - any failure: treat as local and check normally
        return False


def _shown(path: Path) -> bool:
    return _is_network_path(path) or path.exists()


class RecentFiles:
    """The persisted list; every method reads the file afresh so two windows agree."""

    def __init__(self, file: str | Path | None = None, limit: int = MAX_RECENT) -> None:
        self.file = Path(file) if file is not None else default_config_dir() / RECENT_FILE_NAME
        self.limit = limit

    def _stored(self) -> list[Path]:
        try:
            with self.file.open("rb") as handle:
                data = json.loads(handle.read(_MAX_FILE_BYTES).decode("utf-8"))
        except (OSError, ValueError, UnicodeDecodeError):
            return []
        items = data.get("recent") if isinstance(data, dict) else None
        if not isinstance(items, list):
            return []
        return [Path(item) for item in items if isinstance(item, str) and item][: self.limit]

    def _store(self, paths: list[Path]) -> None:
        """Write the list; a failure is logged, not shown: a stale menu is no reason to interrupt work."""
        data = json.dumps({"recent": [str(p) for p in paths[: self.limit]]}, ensure_ascii=False, indent=1)
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(self.file, lambda handle: handle.write(data.encode("utf-8")))
        except OSError:
            logging.getLogger(__name__).warning("could not save the recent-files list to %s", self.file, exc_info=True)

    def paths(self) -> list[Path]:
        """The list for the menu: most recent first, files that are gone left out."""
        return [path for path in self._stored() if _shown(path)]

    def add(self, path: str | Path) -> list[Path]:
        """Put a project at the top (after opening or saving it); returns the new list."""
        path = Path(os.path.abspath(path))
        key = _same_file_key(path)
        paths = [path] + [p for p in self._stored() if _same_file_key(p) != key]
        self._store(paths)
        return paths[: self.limit]

    def remove(self, path: str | Path) -> None:
        """Drop a project (it failed to open)."""
        key = _same_file_key(Path(os.path.abspath(path)))
        self._store([p for p in self._stored() if _same_file_key(p) != key])

    def clear(self) -> None:
        """清除最近打开的文件."""
        self._store([])
