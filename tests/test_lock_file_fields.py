"""What a lock file says besides who holds it, and what taking a free project reports.

The ``app`` field tells a person (or another tool) reading ``.~lock.<name>#`` which program
wrote it; taking a lock nobody held replaces no one, so there is no stale holder to log.
"""

from __future__ import annotations

import json
from pathlib import Path

from editor.io.lockfile import LockState, acquire_lock, lock_path_for


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
