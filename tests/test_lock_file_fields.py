"""What a lock file says besides who holds it, and what taking a free project reports.

The ``app`` field tells a person (or another tool) reading ``.~lock.<name>#`` which program
wrote it; taking a lock nobody held replaces no one, so there is no stale holder to log. Another computer's lock is trusted for 12 hours after its
last sign of life (the user documentation's figure), to the second.
"""

from __future__ import annotations

import json
import os
import time
import types
from datetime import datetime, timezone
from pathlib import Path

import pytest

from editor.io import lockfile
from editor.io.lockfile import LockState, acquire_lock, inspect_lock, lock_path_for


def test_a_lock_file_names_banmian_as_the_program_that_wrote_it(tmp_path: Path) -> None:
    project = tmp_path / "第28期.banmian"
    project.write_bytes(b"stand-in project")
    with acquire_lock(project).lock:
        assert json.loads(lock_path_for(project).read_text(encoding="utf-8"))["app"] == "Banmian"


def test_taking_a_lock_nobody_held_reports_no_replaced_holder(tmp_path: Path) -> None:
    project = tmp_path / "第28期.banmian"
    project.write_bytes(b"stand-in project")
    result = acquire_lock(project)
    with result.lock:
        assert (result.state, result.replaced) == (LockState.ACQUIRED, None)


@pytest.mark.parametrize(("age_s", "state"), [(12 * 60 * 60, LockState.HELD_ELSEWHERE),
                                              (12 * 60 * 60 + 1, LockState.HELD_ELSEWHERE_OLD)])
def test_another_computers_lock_is_trusted_for_twelve_hours_to_the_second(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, age_s: int, state: LockState
) -> None:
    project = tmp_path / "第28期.banmian"
    project.write_bytes(b"stand-in project")
    now = 1_800_000_000  # a whole second, so every time below is exact
    written = datetime.fromtimestamp(now - age_s, timezone.utc)
    lock = lock_path_for(project)
    lock.write_text(json.dumps({
        "app": "Banmian", "app_version": "0.1.0", "user": "张三", "host": "PC-远方编辑部", "pid": 4242,
        "process_started": None, "opened_at": written.isoformat(timespec="seconds"), "token": "feedface",
    }, ensure_ascii=False), encoding="utf-8")
    os.utime(lock, ns=((now - age_s) * 10**9, (now - age_s) * 10**9))
    monkeypatch.setattr(lockfile, "time", types.SimpleNamespace(time=lambda: float(now), sleep=time.sleep,
                                                                monotonic=time.monotonic))
    assert inspect_lock(project).state is state
