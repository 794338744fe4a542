"""The largest documents the limits allow: how long ``banmian info`` and ``export`` take, and their memory.

Run: ``python bench/bench_limits.py [CASE ...]`` (all cases without arguments).
Each case builds, from the constants in ``editor/model/limits.py`` and
``editor/io/project.py``, a document at the edge of what the loader accepts
— pushing one limit, or several together where their costs multiply —
saves it, checks that it loads, and then runs ``banmian info`` and
``banmian export P --pdf OUT.pdf --docx OUT.docx`` in fresh processes,
printing each command's wall time and peak resident memory (the child's
``ru_maxrss``). The budget (issue #7) is 10 s and 500 MB per command on a
2-core machine; the figures are in ``docs/format.md`` §10. Benchmarks print
numbers; tests never assert times.

The cases are built by ``tests/largest_documents.py`` (its docstring lists them).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.child_process import run_child
from bench.machine import describe_machine
from editor.io.project import load_project, save_project
from tests.largest_documents import CASES

_BUDGET_S = 10.0
_BUDGET_MB = 500.0


def _run(arguments: list[str]) -> tuple[float, float, int]:
    """Wall seconds, peak resident MB and exit status of ``python -m editor ARGUMENTS``."""
    run = run_child([sys.executable, "-m", "editor", *arguments],
                    env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    if run.exit_code != 0:
        print(f"    exit {run.exit_code}: {run.stderr[:2000].strip()[:300]}")
    return run.wall_s, run.peak_mb, run.exit_code


def _verdict(seconds: float, peak_mb: float, status: int) -> str:
    ok = status == 0 and seconds <= _BUDGET_S and peak_mb <= _BUDGET_MB
    return "ok" if ok else "OVER BUDGET"


def build(name: str, path: Path) -> None:
    """Build case ``name``, save it at ``path`` and check that it loads (run in its own process)."""
    save_project(CASES[name](), path)
    start = time.perf_counter()
    loaded = load_project(path)  # the case must be a document the loader accepts
    load_s = time.perf_counter() - start
    frames = sum(len(page.frames) for page in loaded.pages)
    runs = sum(len(p.runs) for s in loaded.stories.values() for p in s.paragraphs)
    chars = sum(len(r.text) for s in loaded.stories.values() for p in s.paragraphs for r in p.runs)
    photos = sum(len(blob) for blob in loaded.assets.values())
    print(f"{name}: {len(loaded.pages)} pages, {frames} frames, {len(loaded.stories)} stories, {runs} runs, "
          f"{chars} characters, {photos / 2**20:.0f} MiB of photos; file {path.stat().st_size / 2**20:.1f} MiB; "
          f"load in process {load_s:.2f} s", flush=True)


def measure(name: str, folder: Path) -> None:
    """Build the case in a child process (so this one stays small: a child's peak memory
    counts the pages it shares with its parent when forked), then time the commands."""
    path = folder / f"{name}.banmian"
    if subprocess.run([sys.executable, __file__, "--build", name, str(path)]).returncode != 0:
        print(f"{name}: could not be built or is refused by the loader (see above)")
        return
    for label, arguments in (
        ("info", ["info", str(path)]),
        ("export --pdf --docx", ["export", str(path), "--pdf", str(folder / f"{name}.pdf"),
                                 "--docx", str(folder / f"{name}.docx")]),
    ):
        seconds, peak_mb, status = _run(arguments)
        print(f"    {label:20s} {seconds:6.2f} s  {peak_mb:6.0f} MB  {_verdict(seconds, peak_mb, status)}", flush=True)
    for produced in folder.glob(f"{name}.*"):
        produced.unlink()


def main() -> None:
    if sys.argv[1:2] == ["--build"]:
        build(sys.argv[2], Path(sys.argv[3]))
        return
    chosen = sys.argv[1:] or list(CASES)
    unknown = [name for name in chosen if name not in CASES]
    if unknown:
        sys.exit(f"unknown case(s): {', '.join(unknown)}; cases: {', '.join(CASES)}")
    print(f"machine: {describe_machine()}")
    print(f"budget per command: {_BUDGET_S:.0f} s, {_BUDGET_MB:.0f} MB peak resident memory")
    with tempfile.TemporaryDirectory() as scratch:
        for name in chosen:
            measure(name, Path(scratch))


if __name__ == "__main__":
    main()
