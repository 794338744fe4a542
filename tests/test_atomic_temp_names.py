"""Temporary files of a save: named after the target even when its name nearly fills the limit,
and cleaning up after killed saves says how many files went.

File systems allow 255 bytes in a name; 80 Chinese characters take 240 in UTF-8. The expected
names are written from the pattern ``.<target name>.<12 hex>.tmp`` the module documents.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import BinaryIO

from editor.io.atomic import remove_stale_temp_files, write_atomically

LONG_NAME = "长" * 80 + ".banmian"  # 248 bytes: no room for the temporary name's 18 more


def test_the_temporary_name_of_a_long_target_is_its_start_cut_to_fit(tmp_path: Path) -> None:
    target = tmp_path / LONG_NAME
    seen: list[str] = []

    def write(handle: BinaryIO) -> None:
        seen.extend(name for name in os.listdir(tmp_path) if name != LONG_NAME)
        handle.write(b"content")

    write_atomically(target, write)
    (temp_name,) = seen
    assert len(temp_name.encode("utf-8")) <= 255
    stem, _, rest = temp_name[1:].partition("~.")
    assert temp_name.startswith(".长") and LONG_NAME.startswith(stem) and len(stem) >= 70
    assert rest.endswith(".tmp") and len(rest) == 12 + len(".tmp")
    assert target.read_bytes() == b"content"


def test_removing_stale_temporary_files_says_how_many_went(tmp_path: Path) -> None:
    target = tmp_path / "第28期.banmian"
    target.write_bytes(b"saved")
    stale = [tmp_path / f".第28期.banmian.{token}.tmp" for token in ("0123456789ab", "ba9876543210")]
    hour_ago = time.time() - 3600
    for path in stale:
        path.write_bytes(b"half a save")
        os.utime(path, (hour_ago, hour_ago))
    fresh = tmp_path / ".第28期.banmian.aaaaaaaaaaaa.tmp"  # a save still running
    fresh.write_bytes(b"being written")
    assert remove_stale_temp_files(target) == 2
    assert [path.exists() for path in stale] == [False, False]
    assert fresh.exists() and target.read_bytes() == b"saved"
    assert remove_stale_temp_files(target) == 0
