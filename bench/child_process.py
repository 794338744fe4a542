"""One child process timed by the kernel: exit code, wall and CPU seconds, peak memory, output.

Why: the benches that time whole commands (``bench_limits``, ``bench_targets``, ``bench_typst``)
need the child's own CPU time and peak resident memory, which only ``os.wait4``'s resource usage
gives (a parent's ``getrusage(RUSAGE_CHILDREN)`` mixes all children). The output goes to
temporary files, not pipes, so a child writing thousands of notes never blocks on a full pipe.
POSIX only (``os.wait4``).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

_MB = 1024 * 1024


@dataclass(frozen=True)
class ChildRun:
    """What one finished child process did."""

    exit_code: int
    wall_s: float
    cpu_s: float
    peak_mb: float
    stdout: str
    stderr: str


def _peak_mb(max_rss: int) -> float:
    """``ru_maxrss`` in MB: kilobytes on Linux, bytes on macOS."""
    return max_rss / _MB if sys.platform == "darwin" else max_rss / 1024


def run_child(command: Sequence[str], *, env: Mapping[str, str] | None = None,
              cwd: Path | str | None = None) -> ChildRun:
    """Run ``command`` to its end and measure it; never raises for a non-zero exit code."""
    with tempfile.TemporaryFile() as stdout_file, tempfile.TemporaryFile() as stderr_file:
        start = time.perf_counter()
        child = subprocess.Popen(list(command), cwd=None if cwd is None else str(cwd),
                                 env=None if env is None else dict(env),
                                 stdout=stdout_file, stderr=stderr_file)
        _, status, usage = os.wait4(child.pid, 0)
        wall_s = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        stdout_file.seek(0)
        stderr_file.seek(0)
        stdout = stdout_file.read().decode("utf-8", "replace")
        stderr = stderr_file.read().decode("utf-8", "replace")
    return ChildRun(child.returncode, wall_s, usage.ru_utime + usage.ru_stime, _peak_mb(usage.ru_maxrss),
                    stdout, stderr)
