"""Errors the user may see.

Every error that can reach a user carries a message in Simplified Chinese,
written for a newsletter editor rather than a programmer. The command line
prints ``message`` on one line; the editor shows it in a dialog. Code that
catches library exceptions re-raises one of these with ``from`` so the
technical cause stays available in logs.

File names quoted in a message go through ``display_name``, so a name with a
line break or of 200 characters still leaves a readable one-line sentence.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import PurePath


class BanmianError(Exception):
    """Base class: ``message`` is the Chinese sentence shown to the user.

    The message is kept to one line (a file name may hold a line break or a
    control character; they become '?'), so the command line's "one line on
    stderr" holds whatever the sentence quotes.
    """

    def __init__(self, message: str) -> None:
        message = one_line(message)
        super().__init__(message)
        self.message = message


class ProjectFileError(BanmianError):
    """A project file is damaged, foreign, too new or unsafe to open."""


class PhotoError(BanmianError):
    """A photo cannot be read or is unreasonably large."""


class FontError(BanmianError):
    """A font cannot be found, read or embedded."""


class ExportError(BanmianError):
    """Writing a PDF or DOCX failed."""


class RecoveryError(BanmianError):
    """Recovery data cannot be written, read or restored."""


#: Longest name kept whole inside a message; longer ones keep both ends.
MAX_DISPLAY_CHARS = 80


def _safe_char(char: str) -> str:
    """Control and separator characters (line breaks, NUL, bidi overrides) become '?'."""
    category = unicodedata.category(char)
    if category in ("Cc", "Cs", "Zl", "Zp") or char in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069":
        return "?"
    return char


def size_text(size_bytes: int) -> str:
    """``32 MB``, ``256 KB``: a size limit as a message says it (whole units, rounded down; at
    least 1 KB, so a limit of a few bytes is never shown as 0)."""
    mebibyte = 1024 * 1024
    return f"{size_bytes // mebibyte} MB" if size_bytes >= mebibyte else f"{max(size_bytes // 1024, 1)} KB"


def display_name(name: str | PurePath | os.PathLike[str]) -> str:
    """A name to put inside a one-line message: no line breaks or controls, not too long.

    For a path, the whole path is shown (the user needs to know which folder);
    a name longer than ``MAX_DISPLAY_CHARS`` keeps its start and its end.
    """
    text = os.fspath(name) if not isinstance(name, str) else name
    if not isinstance(text, str):  # bytes path
        text = os.fsdecode(text)
    text = "".join(_safe_char(char) for char in text)
    if len(text) > MAX_DISPLAY_CHARS:
        keep = MAX_DISPLAY_CHARS // 2 - 1
        text = f"{text[:keep]}…{text[-keep:]}"
    return text


def one_line(message: str) -> str:
    """``message`` with every line break or control character replaced, for the console."""
    return "".join(_safe_char(char) for char in message)
