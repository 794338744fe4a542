"""Writing an exported file: atomically, with failures explained in Chinese.

Both exporters (PDF, DOCX) write through ``export_file`` so a half-written
file never replaces a good one and a locked or unwritable target becomes one
clear ``ExportError``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from editor.errors import ExportError
from editor.io.atomic import atomic_writer


@contextlib.contextmanager
def export_file(target: str | Path, held_by: str) -> Iterator[BinaryIO]:
    """A binary file that atomically becomes ``target``.

    ``held_by`` names the programs likely to hold the target open (“Word 或
    WPS”), for the message when Windows refuses to replace it.
    """
    try:
        with atomic_writer(Path(target)) as handle:
            yield handle
    except PermissionError as problem:
        raise ExportError(f"无法写入“{target}”：文件被占用或没有写入权限（是否已在{held_by}中打开？）。") from problem
    except OSError as problem:
        raise ExportError(f"无法写入“{target}”：{problem.strerror or problem}。") from problem
