"""Test-wide setup shared by every test module.

Kept small on purpose: settings that must hold before any test module is
imported (Qt's platform, a per-session cache folder, Hypothesis profiles).
Fixtures used by one module belong in that module; fixtures used by several
belong here, or in a module that ``pytest_plugins`` below names (the main
window's, which import Qt only when a test asks for them).
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile

import pytest
from hypothesis import settings

from tests.ci_skips import allowed_skips, failure_text, may_skip

pytest_plugins = ["tests.window_fixtures"]

# Tests never need a screen: Qt must pick the offscreen platform before a
# QApplication exists, which is why this is set at import time, not in a fixture.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# The user cache folder (editor.user_dirs.cache_dir: font scans, prepared photos, the
# "this photo decoded" memo) is a fresh folder per test session, never the user's own, so
# no test depends on what an earlier export or session left there. Set at import time,
# before anything asks for it, and inherited by the processes tests start; a test that
# points the variable elsewhere itself (monkeypatch.setenv) still wins. On Windows the
# folder is under %LOCALAPPDATA%, which also moves the recovery folder (editor.user_dirs
# .data_dir, when BANMIAN_DATA_DIR is not set) and hides per-user fonts for the session.
_CACHE_ENV = "LOCALAPPDATA" if sys.platform == "win32" else "XDG_CACHE_HOME"
_SESSION_CACHE = tempfile.mkdtemp(prefix="banmian-test-cache-")
os.environ[_CACHE_ENV] = _SESSION_CACHE
atexit.register(shutil.rmtree, _SESSION_CACHE, True)

# The window prepares photos for the next export when idle (editor.ui.photo_warmup): a worker
# thread deciding by the clock which photos a test decodes. Off for the tests but its own.
os.environ["BANMIAN_PHOTO_WARMUP"] = "0"

# CI machines are slower and shared, so no per-example deadline there, and a
# fixed seed so a failure shows up again on the next run of the same commit.
settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """On CI a skip fails the test, unless ``.ci/run`` names it with a reason (tests/ci_skips.py)."""
    outcome = yield
    report = outcome.get_result()
    if not (os.environ.get("CI") and report.skipped) or hasattr(report, "wasxfail"):
        return
    if may_skip(item.nodeid, sys.platform, allowed_skips()):
        return
    reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
    report.outcome = "failed"
    report.longrepr = failure_text(item.nodeid, reason.removeprefix("Skipped: "))


@pytest.fixture()
def doc():
    """A fresh copy of the sample issue, for tests that edit it."""
    from editor import SAMPLE_PROJECT
    from editor.io.project import load_project

    return load_project(SAMPLE_PROJECT)
