"""Where Banmian keeps its per-user files, by the platform's conventions.

Four kinds, one rule each, in one place:
- cache (font scans, font metrics, converted fonts, logs): can be deleted any time;
- data (crash-recovery snapshots): local to this machine, never roamed (it is big);
- config (recent files): small, roams with a Windows profile;
- templates (另存为模板): the user's own designs, roam with a Windows profile
  (%APPDATA%\\Banmian\\模板), elsewhere in the XDG data folder.
Windows uses %LOCALAPPDATA%/%APPDATA%\\Banmian, elsewhere the XDG folders.
``BANMIAN_DATA_DIR`` and ``BANMIAN_CONFIG_DIR`` override data and config,
``BANMIAN_TEMPLATES_DIR`` the templates folder (tests and portable installs
use them; without it, a data override holds the templates too).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

DATA_DIR_ENV = "BANMIAN_DATA_DIR"
CONFIG_DIR_ENV = "BANMIAN_CONFIG_DIR"
TEMPLATES_DIR_ENV = "BANMIAN_TEMPLATES_DIR"
#: The templates folder's name, as the user sees it in Explorer.
TEMPLATES_FOLDER = "模板"


def _windows_folder(variable: str, fallback: tuple[str, ...]) -> Path:
    value = os.environ.get(variable)
    return (Path(value) if value else Path.home().joinpath(*fallback)) / "Banmian"


def _xdg_folder(variable: str, fallback: tuple[str, ...]) -> Path:
    value = os.environ.get(variable)
    base = Path(value) if value and Path(value).is_absolute() else Path.home().joinpath(*fallback)
    return base / "banmian"


def cache_dir() -> Path:
    """The per-user cache folder."""
    if sys.platform == "win32":
        return _windows_folder("LOCALAPPDATA", ("AppData", "Local")) / "cache"
    return _xdg_folder("XDG_CACHE_HOME", (".cache",))


def data_dir() -> Path:
    """The per-user, per-machine data folder."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    if sys.platform == "win32":
        return _windows_folder("LOCALAPPDATA", ("AppData", "Local"))
    return _xdg_folder("XDG_DATA_HOME", (".local", "share"))


def config_dir() -> Path:
    """The per-user configuration folder (roams on Windows)."""
    override = os.environ.get(CONFIG_DIR_ENV)
    if override:
        return Path(override)
    if sys.platform == "win32":
        return _windows_folder("APPDATA", ("AppData", "Roaming"))
    return _xdg_folder("XDG_CONFIG_HOME", (".config",))


def templates_dir() -> Path:
    """The user's templates folder (另存为模板 writes there, 从模板新建 lists it)."""
    override = os.environ.get(TEMPLATES_DIR_ENV)
    if override:
        return Path(override)
    data_override = os.environ.get(DATA_DIR_ENV)
    if data_override:
        return Path(data_override) / TEMPLATES_FOLDER
    if sys.platform == "win32":
        return _windows_folder("APPDATA", ("AppData", "Roaming")) / TEMPLATES_FOLDER
    return _xdg_folder("XDG_DATA_HOME", (".local", "share")) / TEMPLATES_FOLDER
