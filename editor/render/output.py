"""Writing an exported file: atomically, to a safe place, with failures explained in Chinese.

Both exporters (PDF, DOCX) write through ``export_file`` so a half-written
file never replaces a good one and a locked or unwritable target becomes one
clear ``ExportError``. Before an export starts, ``check_export_target``
refuses a path that would destroy something — the project itself (typed by
mistake as the output: ``banmian export P --pdf P``), one of a folder
project's files, a folder, a device or a FIFO — and
``check_distinct_targets`` refuses one path for both the PDF and the DOCX.
The command line and the editor's export dialog both call them.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from editor.errors import ExportError, display_name
from editor.io.atomic import NotAFileTargetError, ReadOnlyTargetError, atomic_writer, real_target
from editor.io.file_names import check_file_name
from editor.io.os_errors import os_error_reason


def _real(path: str | Path) -> Path:
    """``path`` with links followed; an ``ExportError`` for a loop of links."""
    try:
        return real_target(Path(path))
    except OSError as problem:
        raise ExportError(f"无法导出到“{display_name(path)}”：{os_error_reason(problem)}。") from problem


def _same_file(first: Path, second: Path) -> bool:
    """Whether two real paths name one file (also through hard links or a case-insensitive disk)."""
    if os.path.normcase(first) == os.path.normcase(second):
        return True
    try:
        return os.path.samefile(first, second)
    except OSError:  # one of them does not exist (yet)
        return False


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
    except ValueError:
        return False
    return True


def check_export_target(target: str | Path, project: str | Path | None) -> None:
    """Refuse (``ExportError``, one Chinese line) an export to ``target`` that would destroy something.

    Refused: the project file or folder itself, a file inside a folder
    project, an existing folder, and anything but a regular file (a
    device such as ``/dev/null``, a FIFO, a socket). Links are followed, so
    a link to the project is the project. ``project`` may be None for an
    unsaved document. A target that does not exist yet is fine.
    """
    check_file_name(target)  # first: on Windows "aux.pdf" or "CON" would be found to be a device
    real = _real(target)
    shown = display_name(target)
    if project is not None:
        real_project = _real(project)
        if _same_file(real, real_project):
            raise ExportError(f"不能导出到“{shown}”：这是项目文件本身，导出会覆盖项目。请换一个文件名。")
        if real_project.is_dir() and real.exists() and _inside(real, real_project):
            raise ExportError(f"不能导出到“{shown}”：这是项目文件夹里的文件，导出会覆盖它。请换一个文件名。")
    try:
        info = os.stat(real)
    except OSError:
        return  # a new file; a folder that cannot be reached is reported when writing
    if stat.S_ISDIR(info.st_mode):
        raise ExportError(f"不能导出到“{shown}”：这是一个文件夹。请在文件夹里写上文件名。")
    if not stat.S_ISREG(info.st_mode):
        raise ExportError(f"不能导出到“{shown}”：这不是普通文件（是设备或管道）。请换一个文件名。")


def check_distinct_targets(first: str | Path, second: str | Path) -> None:
    """Refuse one path for two exports (``--pdf`` and ``--docx``): the second would replace the first."""
    if _same_file(_real(first), _real(second)):
        raise ExportError(f"PDF 和 Word 文件不能是同一个文件“{display_name(second)}”。请分别指定文件名。")


@contextlib.contextmanager
def export_file(target: str | Path, held_by: str) -> Iterator[BinaryIO]:
    """A binary file that atomically becomes ``target`` (its real file, links followed).

    ``held_by`` names the programs likely to hold the target open (“Word 或
    WPS”), for the message when Windows refuses to replace it.
    """
    shown = display_name(target)
    try:
        with atomic_writer(Path(target)) as handle:
            yield handle
    except ReadOnlyTargetError as problem:
        raise ExportError(f"“{shown}”是只读文件，无法导出到这里。请换一个文件名。") from problem
    except NotAFileTargetError as problem:
        raise ExportError(f"不能导出到“{shown}”：这是文件夹或设备，不是普通文件。请换一个文件名。") from problem
    except PermissionError as problem:
        raise ExportError(f"无法写入“{shown}”：文件被占用或没有写入权限（是否已在{held_by}中打开？）。") from problem
    except OSError as problem:
        raise ExportError(f"无法写入“{shown}”：{os_error_reason(problem)}。") from problem
