"""The technical log of unexpected errors, shared by the command line and the editor.

Users see one Chinese sentence; the traceback goes here, in the user's cache
folder, so it can be sent to the developers. No Qt: the CLI uses it too.
"""

from __future__ import annotations

import traceback
from pathlib import Path
from types import TracebackType

from editor.user_dirs import cache_dir

LOG_NAME = "banmian-error.log"


def log_dir() -> Path:
    """The user's Banmian log folder (beside the font cache)."""
    return cache_dir() / "logs"


def write_error_log(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> Path | None:
    """Append a traceback to the log file; its path, or None if even that failed."""
    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / LOG_NAME
        with path.open("a", encoding="utf-8") as handle:
            handle.write("".join(traceback.format_exception(kind, error, tb)))
            handle.write("\n")
        return path
    except Exception:  # noqa: BLE001 - logging must never raise
        return None
