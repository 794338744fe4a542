"""File names and paths that Windows accepts, on every system.

The people who use Banmian work on Windows and share projects through
network drives, so a name Banmian writes must be one Windows can open:
``CON``, ``aux.banmian``, ``第28期.`` (a trailing dot), ``a:b`` or ``？*``
are refused before anything is written — also on Linux, where such a file
could be saved but a colleague could never open it.

``long_path`` gives Windows' extended form (``\\\\?\\C:\\…``,
``\\\\?\\UNC\\server\\share\\…``) for a path longer than the classic 260
characters, so deep folders on a file server keep working whatever the
machine's LongPathsEnabled setting; elsewhere it returns the path unchanged.
"""

from __future__ import annotations

import ntpath
import os
import sys
from pathlib import Path, PurePath, PureWindowsPath

from editor.errors import BanmianError, display_name
from editor.model.document import IssueFields

#: Device names Windows reserves in every folder, with or without an extension.
RESERVED_NAMES = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [f"COM{n}" for n in "123456789¹²³"]
    + [f"LPT{n}" for n in "123456789¹²³"]
)
#: Characters Windows refuses in a name (besides controls), with the word for each.
_FORBIDDEN_CHARACTERS = {
    "<": "<", ">": ">", ":": "冒号“:”", '"': "双引号", "/": "斜杠“/”", "\\": "反斜杠“\\”",
    "|": "竖线“|”", "?": "问号“?”", "*": "星号“*”",
}
#: Windows' classic path limit (MAX_PATH, 260 with the terminating NUL).
MAX_CLASSIC_PATH = 259
#: Prefixes of Windows' extended path forms: ``\\\\?\\C:\\…`` and ``\\\\?\\UNC\\server\\share\\…``.
EXTENDED_PREFIX = "\\\\?\\"
EXTENDED_UNC_PREFIX = EXTENDED_PREFIX + "UNC\\"


class InvalidFileNameError(BanmianError):
    """A name Windows would refuse; the message says why, in Chinese."""


def windows_name_problem(name: str) -> str | None:
    """Why Windows refuses ``name`` (one component, not a path), or None if it accepts it."""
    if not name or name in (".", ".."):
        return "文件名是空的"
    for char in name:
        if char in _FORBIDDEN_CHARACTERS:
            return f"文件名中不能有{_FORBIDDEN_CHARACTERS[char]}"
        if ord(char) < 32:
            return "文件名中不能有控制字符"
    if name.endswith((".", " ")):
        return "文件名不能以句点或空格结尾"
    stem = _device_stem(name)
    if stem in RESERVED_NAMES:
        return f"“{stem}”是 Windows 保留的设备名"
    return None


def _device_stem(name: str) -> str:
    """What Windows compares with its device names: the name up to its first dot, trailing spaces dropped."""
    return name.partition(".")[0].rstrip(" ").upper()


def safe_file_name(name: str, replacement: str = "_") -> str:
    """``name`` made into one Windows accepts: forbidden and control characters replaced,
    trailing dots and spaces dropped, a reserved device name prefixed; empty becomes 未命名."""
    chars = [replacement if char in _FORBIDDEN_CHARACTERS or ord(char) < 32 else char for char in name]
    safe = "".join(chars).rstrip(". ")  # also leaves no "." or ".."
    if not safe:
        return "未命名"
    if _device_stem(safe) in RESERVED_NAMES:
        safe = replacement + safe
    return safe


def issue_file_name(issue: IssueFields, suffix: str = ".banmian") -> str:
    """An issue's project file name: 刊名 + 年 + 期号 (``中铝股份党群工作2021年第29期.banmian``)."""
    return safe_file_name(f"{issue.title}{issue.year}年第{issue.number}期{suffix}")


def check_file_name(path: str | os.PathLike[str]) -> None:
    """Refuse (``InvalidFileNameError``) a file to be written whose name Windows would refuse."""
    name = PurePath(path).name
    problem = windows_name_problem(name)
    if problem is not None:
        raise InvalidFileNameError(f"无法保存为“{display_name(name)}”：{problem}。请换一个文件名。")


def long_path(path: str | os.PathLike[str]) -> str:
    """``path`` as the system call should get it: extended form on Windows when it is long."""
    text = os.fspath(path)
    if sys.platform != "win32" or len(text) <= MAX_CLASSIC_PATH or text.startswith(EXTENDED_PREFIX):
        return text
    return extended_windows_path(os.path.abspath(text))


def extended_windows_path(absolute: str) -> str:
    """``C:\\a\\…`` → ``\\\\?\\C:\\a\\…``; ``\\\\server\\share\\…`` → ``\\\\?\\UNC\\server\\share\\…``.

    The extended form turns off Windows' own path cleaning, so the path is
    normalised first (``..`` resolved, ``/`` made ``\\``).
    """
    normal = str(PureWindowsPath(ntpath.normpath(absolute)))
    if normal.startswith(EXTENDED_PREFIX):
        return normal
    if normal.startswith("\\\\"):
        return EXTENDED_UNC_PREFIX + normal[2:]
    return EXTENDED_PREFIX + normal


def real_path(path: str | os.PathLike[str], strict: bool = False) -> str:
    """``os.path.realpath`` that also works past Windows' 260-character limit.

    On Windows the links are resolved on the extended form; where the
    system cannot say (seen under Wine: ERROR_MORE_DATA for a long path) the
    absolute path is taken as it is — no link can be followed then, and
    nothing is lost by not following one. ``strict`` raises
    ``FileNotFoundError`` for a path that does not exist, as realpath does.
    """
    text = os.fspath(path)
    if sys.platform != "win32":
        return os.path.realpath(text, strict=strict)
    absolute = os.path.abspath(text)
    try:
        real = os.path.realpath(long_path(absolute), strict=strict)
    except (OSError, ValueError):
        if strict and not os.path.lexists(long_path(absolute)):
            raise FileNotFoundError(2, "not found", text) from None
        return absolute
    return short_windows_path(real)


def short_windows_path(path: str) -> str:
    """The ordinary form of an extended Windows path when it is short enough to need none."""
    if not path.startswith(EXTENDED_PREFIX):
        return path
    plain = "\\\\" + path[len(EXTENDED_UNC_PREFIX):] if path.startswith(EXTENDED_UNC_PREFIX) else path[len(EXTENDED_PREFIX):]
    return plain if len(plain) <= MAX_CLASSIC_PATH else path


def as_path(path: str | os.PathLike[str]) -> Path:
    """``long_path`` as a ``Path``, for code that works with ``Path`` objects."""
    return Path(long_path(path))
