"""On CI a skipped test fails, unless ``.ci/run`` names it with a reason (tests/ci_skips.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from editor import PROJECT_ROOT
from tests.ci_skips import AllowedSkip, allowed_skips, may_skip

PROBE = '''
import pytest


def test_probe():
    pytest.skip("a probe that skips")
'''


def _run_probe(tmp_path: Path, ci: bool) -> subprocess.CompletedProcess:
    """pytest on one skipping test, with this suite's conftest hook, with or without CI set."""
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    (tmp_path / "conftest.py").write_text("from tests.conftest import pytest_runtest_makereport  # noqa: F401\n",
                                          encoding="utf-8")
    (tmp_path / "test_probe.py").write_text(PROBE, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["PYTHONIOENCODING"] = "utf-8"  # read back as UTF-8 (Windows would print in its ANSI code page)
    if ci:
        env["CI"] = "true"
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rA", "--rootdir",
                           str(tmp_path), str(tmp_path / "test_probe.py")], cwd=PROJECT_ROOT, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)


def test_a_skip_fails_on_ci_and_says_what_to_do(tmp_path: Path):
    result = _run_probe(tmp_path, ci=True)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "test_probe.py::test_probe skipped on CI (a probe that skips)" in result.stdout
    assert "ci-may-skip" in result.stdout


def test_a_skip_off_ci_stays_a_skip(tmp_path: Path):
    result = _run_probe(tmp_path, ci=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 skipped" in result.stdout


def test_an_allowed_skip_needs_its_platform_and_a_reason():
    allowed = (AllowedSkip("win32", "tests/test_x.py::*", "FIFOs are POSIX"),
               AllowedSkip("*", "tests/test_y.py::test_z", ""))
    assert may_skip("tests/test_x.py::test_fifo[a]", "win32", allowed)
    assert not may_skip("tests/test_x.py::test_fifo[a]", "linux", allowed)
    assert not may_skip("tests/test_y.py::test_z", "linux", allowed)  # no reason given


def test_every_skip_ci_run_allows_names_a_test_file_a_platform_and_a_reason():
    allowed = allowed_skips()
    assert allowed, ".ci/run lists no ci-may-skip lines (or tests/ci_skips.py no longer reads them)"
    for entry in allowed:
        assert entry.platform in ("linux", "win32", "*"), entry
        assert len(entry.reason) >= 10, entry
        path, _, name = entry.pattern.partition("::")
        assert (PROJECT_ROOT / path).is_file(), entry
        if name and "*" not in name:
            assert f"def {name}(" in (PROJECT_ROOT / path).read_text(encoding="utf-8"), entry


def test_on_linux_only_the_debian_font_test_may_skip():
    # The main CI leg: everything else it needs, .ci/run installs.
    linux = [entry.pattern for entry in allowed_skips() if entry.platform in ("linux", "*")]
    assert linux == ["tests/test_font_registry.py::test_debian_noto_cjk_face_is_found_and_converted"]

