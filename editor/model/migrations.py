"""Format versions of ``document.json`` and the steps between them.

Every change to the JSON shape bumps ``CURRENT_FORMAT_VERSION`` and adds a
function to ``MIGRATIONS`` that turns a version-N dict into a version-N+1
dict. Loading applies the steps in order, so a file from any earlier
version opens; a file from a later version is refused with a message
asking for a newer Banmian (we never guess at fields we do not know).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from editor.errors import ProjectFileError

CURRENT_FORMAT_VERSION = 4


def _v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """Version 2 adds ``ImageFrame.source_name`` (the photo's file name), empty by default.

    Nothing to rewrite: a version-1 photo frame simply has no file name on
    record. The step exists so that a version-1 Banmian, which refuses keys
    it does not know, says "needs a newer Banmian" for a version-2 file.
    """
    return data


def _v2_to_v3(data: dict[str, Any]) -> dict[str, Any]:
    """Version 3 adds master pages (``document.masters``, ``Page.master_id``, ``Page.detached``),
    ``Story.fixed``, ``Story.jump_lines``, ``IssueFields.previous_date`` and the 版次 field.

    Nothing to rewrite: a version-2 document has no masters, and its pages
    keep all their frames as their own — it opens and lays out exactly as
    before (the sample from before masters is a test fixture).
    """
    return data


def _v3_to_v4(data: dict[str, Any]) -> dict[str, Any]:
    """Version 4 adds ``ParagraphStyle.line_start_marks`` (an opening mark starting a line set at
    full or half width), ``"full"`` by default.

    Nothing to rewrite: a version-3 style gets the default, which is how it
    was meant to be set (version 3 squeezed such a mark by whatever the line
    needed, a partial amount the new composer no longer sets).
    """
    return data


#: ``MIGRATIONS[n]`` upgrades a version-``n`` dict to version ``n + 1``.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _v1_to_v2, 2: _v2_to_v3, 3: _v3_to_v4}


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    """Upgrade ``data`` to the current format version, or refuse it."""
    version = data.get("format_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ProjectFileError("项目文件已损坏：format_version 不是有效的版本号。")
    if version > CURRENT_FORMAT_VERSION:
        raise ProjectFileError(
            f"此项目文件由较新版本的 Banmian 保存（格式版本 {version}），"
            f"当前版本只能打开格式版本 {CURRENT_FORMAT_VERSION} 及以前的文件，请升级 Banmian 后再打开。"
        )
    while version < CURRENT_FORMAT_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise ProjectFileError(f"无法升级格式版本 {version} 的项目文件。")
        data = step(data)
        version += 1
        data["format_version"] = version
    return data
