"""What a recovery slot's ``meta.json`` may say about its writer, and what is made of it.

The pid and the edit count are taken from ``meta.json`` only when they are whole numbers
(JSON ``true`` is not one); otherwise the pid comes from the slot's name and the count is 0.
A save time without a time zone is this computer's local time.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from editor.io.recovery import RecoveryStore

SLOT = "1234-20260101T120000-abcdef01"


def _info_with(tmp_path: Path, **meta: object):
    folder = tmp_path / SLOT
    folder.mkdir()
    (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    return RecoveryStore(tmp_path).info(SLOT)


def test_the_pid_written_in_meta_wins_over_the_slot_name(tmp_path: Path) -> None:
    assert _info_with(tmp_path, pid=777).pid == 777


@pytest.mark.parametrize("pid", ["777", True, 7.5, None])
def test_a_pid_that_is_not_a_whole_number_falls_back_to_the_slot_name(tmp_path: Path, pid: object) -> None:
    assert _info_with(tmp_path, pid=pid).pid == 1234


def test_the_edit_count_written_in_meta_is_kept(tmp_path: Path) -> None:
    assert _info_with(tmp_path, edit_count=5).edit_count == 5


@pytest.mark.parametrize("count", ["5", True, [5]])
def test_an_edit_count_that_is_not_a_whole_number_reads_as_none(tmp_path: Path, count: object) -> None:
    assert _info_with(tmp_path, edit_count=count).edit_count == 0


def test_a_save_time_without_a_zone_is_taken_as_this_computers_local_time(tmp_path: Path) -> None:
    saved_at = _info_with(tmp_path, saved_at="2026-01-02T03:04:05").saved_at
    assert saved_at == datetime(2026, 1, 2, 3, 4, 5).astimezone()
    assert saved_at.utcoffset() == datetime(2026, 1, 2, 3, 4, 5).astimezone().utcoffset()


def test_a_save_time_with_a_zone_keeps_its_instant(tmp_path: Path) -> None:
    saved_at = _info_with(tmp_path, saved_at="2026-01-02T03:04:05+08:00").saved_at
    assert saved_at == datetime(2026, 1, 1, 19, 4, 5, tzinfo=timezone.utc)
