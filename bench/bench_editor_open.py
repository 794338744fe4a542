"""Opening a project in the editor until page 1 is painted, and memory after it (issues #3, #12).

Run: ``python bench/bench_editor_open.py [PROJECT ...]`` (offscreen unless a display is
set; under Xvfb: ``xvfb-run -a env QT_QPA_PLATFORM=xcb python bench/...``). PROJECT is a
path, or ``sample`` / ``big`` (the 64-page, 200-photo issue of ``bench/big_issue.py``);
without one, both. Prints the machine, then for each project:

- from process start to page 1 painted: a fresh ``python`` process per run
  (interpreter start, imports, QApplication, window, opening the project,
  layout, first paint), timed by the parent from ``Popen`` to the child's
  "painted" line — what a user waits for after double-clicking;
- in-process, cold: in that child, from creating the window to the paint;
- in-process, warm: opening the same project again in the same window;
- the CPU time the child used until the paint (all its threads): on a shared,
  busy machine the wall-clock figures swing by half; this one much less;
- resident memory after opening (VmRSS, and the peak VmHWM, from
  ``/proc/self/status``; ``ru_maxrss`` elsewhere).

The children run as an installed editor runs: from compiled bytecode. An install
(pip, the Windows build) compiles every module once; a checkout run with
``PYTHONDONTWRITEBYTECODE`` set (as on the shared machine) compiles all 160 of
them again at every start, 0.6 s of the sample's 1.2 s. So each child writes and
reads its bytecode under ``PYTHONPYCACHEPREFIX`` in the bench cache folder (not in
the checkout), and one uncounted run first compiles what changed;
``--compile-each-start`` measures the other way (issue #12).

"Painted" means the canvas's viewport has handled its first paint event after
the project was opened. A project inside the checkout (the sample) is copied
to a temporary folder first, so no lock file appears in the checkout; recovery
data goes to a temporary folder too, so no restore question can stop the run.
Targets: ≤ 1 s for the sample, ≤ 2 s and ≤ 400 MB resident for the big issue.
Benchmarks print numbers; tests never assert times.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RUNS = 5


def _memory_kb() -> dict[str, int]:
    """VmRSS and VmHWM in kB (Linux), else the peak from getrusage."""
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            fields = dict(line.split(":", 1) for line in handle if ":" in line)
        return {key: int(fields[key].split()[0]) for key in ("VmRSS", "VmHWM")}
    except OSError:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return {"VmHWM": peak // 1024 if sys.platform == "darwin" else peak}


def _open_and_paint(window, project: Path) -> float:
    """Open ``project`` in ``window`` and run events until the canvas has painted; seconds taken."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    painted: list[bool] = []

    class PaintSpy(QObject):
        def eventFilter(self, watched, event):  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint:
                painted.append(True)
            return False

    viewport = window.canvas.viewport() if hasattr(window.canvas, "viewport") else window.canvas
    spy = PaintSpy()
    viewport.installEventFilter(spy)
    start = time.perf_counter()
    if not window.files.open_path(project, ask=False):
        raise SystemExit("could not open the project")
    viewport.update()
    while not painted:
        QApplication.processEvents()
    elapsed = time.perf_counter() - start
    viewport.removeEventFilter(spy)
    return elapsed


def child(project: Path) -> None:
    """One editor start: print "painted" as soon as page 1 is on screen, then the details as JSON."""
    start = time.perf_counter()
    from editor.ui.app import create_application

    app = create_application()
    from editor.ui.main_window import MainWindow

    window = MainWindow()
    window.resize(1400, 900)
    window.show()
    cold = _open_and_paint(window, project)
    print("painted", flush=True)
    total_in_process = time.perf_counter() - start
    cpu_to_painted = time.process_time()  # all threads, from process start: what a busy machine does not inflate
    memory = _memory_kb()
    warm = _open_and_paint(window, project)
    print(json.dumps({"cold_s": cold, "in_process_s": total_in_process, "warm_s": warm, "memory_kb": memory,
                      "cpu_to_painted_s": cpu_to_painted,
                      "platform": app.platformName()}), flush=True)
    window.files.close()
    os._exit(0)  # skip teardown: only the numbers matter


def _child_environment(scratch: Path, compile_each_start: bool) -> dict[str, str]:
    """The children's environment: their own data and settings folders, bytecode as installed."""
    env = dict(os.environ, BANMIAN_DATA_DIR=str(scratch / "data"), BANMIAN_CONFIG_DIR=str(scratch / "config"),
               BANMIAN_PHOTO_WARMUP="0")  # the start is timed alone; the warm-up begins only after 3 s idle
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    if compile_each_start:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    else:
        from bench.big_issue import cache_folder

        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(cache_folder() / "pycache")
    return env


def _measure(project: Path, scratch: Path, compile_each_start: bool = False) -> tuple[list[float], list[dict]]:
    """``RUNS`` fresh editor processes opening ``project``: seconds to painted, and each child's details."""
    if ROOT in project.resolve().parents:
        copied = scratch / project.name
        (shutil.copytree if project.is_dir() else shutil.copy2)(project, copied)
        project = copied
    env = _child_environment(scratch, compile_each_start)
    starts, details = [], []
    warm_up = 0 if compile_each_start else 1  # compiles what changed since the last bench
    for run in range(warm_up + RUNS):
        begin = time.perf_counter()
        process = subprocess.Popen([sys.executable, __file__, "--child", str(project)], stdout=subprocess.PIPE,
                                   text=True, env=env, cwd=str(ROOT))
        assert process.stdout is not None
        first = process.stdout.readline()
        painted = time.perf_counter() - begin
        if first.strip() != "painted":
            raise SystemExit(f"the editor did not start: {first!r}")
        detail = json.loads(process.stdout.readline())
        process.wait(timeout=120)
        if run >= warm_up:
            starts.append(painted)
            details.append(detail)
    return starts, details


def report(label: str, starts: list[float], details: list[dict]) -> dict[str, float]:
    """Print one project's figures; return the medians (seconds, MB) for a summary table."""
    from bench.timing import ms

    def median(key: str) -> float:
        return statistics.median(d[key] for d in details)

    rss = statistics.median(d["memory_kb"].get("VmRSS", 0) for d in details) / 1024
    peak = statistics.median(d["memory_kb"].get("VmHWM", 0) for d in details) / 1024
    print(f"{label}: Qt platform {details[0]['platform']}; medians of {len(starts)} fresh processes")
    print(f"  process start → page 1 painted   {ms(statistics.median(starts))}   "
          f"(min {min(starts) * 1000:.0f}, max {max(starts) * 1000:.0f})")
    print(f"  in-process, imports → painted     {ms(median('in_process_s'))}")
    print(f"  CPU, process start → painted      {ms(median('cpu_to_painted_s'))}   (all threads; "
          "less swayed by a busy machine)")
    print(f"  in-process, open → painted (cold) {ms(median('cold_s'))}")
    print(f"  in-process, open → painted (warm) {ms(median('warm_s'))}")
    print(f"  resident memory after opening    {rss:8.1f} MB   (peak {peak:.1f} MB)")
    return {"start_s": statistics.median(starts), "rss_mb": rss, "peak_mb": peak}


def measure_projects(projects: list[Path], compile_each_start: bool = False) -> dict[str, dict[str, float]]:
    """Each project's medians, printed as they come, by the project's file name."""
    results = {}
    for project in projects:
        scratch = Path(tempfile.mkdtemp(prefix="banmian-bench-"))
        try:
            starts, details = _measure(project, scratch, compile_each_start)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        results[project.name] = report(project.name, starts, details)
    return results


def main() -> None:
    from bench.big_issue import project_argument
    from bench.machine import describe_machine

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("projects", nargs="*", default=["sample", "big"],
                        help="project paths, or sample / big (default: both)")
    parser.add_argument("--compile-each-start", action="store_true",
                        help="no bytecode kept between starts (a checkout with PYTHONDONTWRITEBYTECODE)")
    args = parser.parse_args()
    projects = [project_argument(value) for value in args.projects]
    print(f"machine: {describe_machine()}")
    print("targets: start → painted ≤ 1000 ms (sample), ≤ 2000 ms (64 pages, 200 photos); resident ≤ 400 MB")
    print("bytecode: " + ("compiled at each start" if args.compile_each_start
                          else "compiled once and kept, as installed (PYTHONPYCACHEPREFIX in the bench cache)"))
    measure_projects(projects, args.compile_each_start)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(Path(sys.argv[2]))
    else:
        main()
