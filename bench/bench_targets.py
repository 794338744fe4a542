"""Issue 12's Targets, measured on the 64-page, 200-photo issue and the sample, printed beside the targets.

Run: ``python bench/bench_targets.py [--rounds N] [--project PATH] [--skip-editor]``. Builds (once,
cached) the big issue of ``bench/big_issue.py`` unless ``--project`` names another, then prints the
machine and:

- exports: ``banmian export`` of the issue to PDF with the print preset (``--preset print``: 300 ppi,
  3 mm bleed, crop marks) and to DOCX, each as the first export of the issue (no prepared photo in
  the cache yet, ``editor.io.prepared_cache``) and as a later one (photos cached), each in a fresh
  process, the four interleaved for ``--rounds`` rounds (order alternating); per export the
  child's own CPU time (user + system) and peak resident memory (``ru_maxrss`` of that child from
  ``os.wait4``, so one export's peak is never another's), medians and the least, and the file's
  size. The PDF's children and the DOCX's each have a cache folder of their own (``XDG_CACHE_HOME``),
  fonts parsed into it by an export of the sample first, so only the photo cache differs between
  a first and a later export;
- the editor: ``bench_editor_open`` (process start → page 1 painted, resident memory with the
  project open) on the sample and the big issue;
- typing and dragging: ``bench_keystroke`` (one keystroke's relayout at 8 and 67 pages) and
  ``bench_editor_edit --freeze`` (per keystroke and per mouse-move with painting, on both projects,
  ``gc.freeze()`` after opening as the editor does), their
  own output passed through.

Then a table of every target with its figure. Benchmarks print numbers; tests never assert them.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.child_process import run_child  # noqa: E402

_MB = 1024 * 1024
PDF = ["--pdf", "OUT", "--preset", "print"]
DOCX = ["--docx", "OUT"]
#: Each export measured: its command-line words, and whether the photo cache is emptied first.
EXPORTS = {"pdf_first": (PDF, True), "pdf_later": (PDF, False), "docx_first": (DOCX, True),
           "docx_later": (DOCX, False)}
TARGETS = {
    "pdf_first_cpu_s": ("64 pages + 200 photos: PDF CPU, first", "≤ 8 s"),
    "pdf_later_cpu_s": ("  PDF CPU, photos cached", "≤ 8 s"),
    "pdf_first_peak_mb": ("  PDF peak memory", "≤ 600 MB"),
    "pdf_first_mb": ("  PDF size, print preset", "≤ 80 MB"),
    "docx_first_cpu_s": ("64 pages + 200 photos: DOCX CPU, first", "≤ 8 s"),
    "docx_later_cpu_s": ("  DOCX CPU, photos cached", "≤ 8 s"),
    "docx_first_peak_mb": ("  DOCX peak memory", "≤ 600 MB"),
}


def export_once(kind: str, project: Path, folder: Path) -> dict[str, float]:
    """One ``banmian export`` in a fresh process: its CPU seconds, peak resident MB and output MB."""
    words, cold_photos = EXPORTS[kind]
    cache = folder / f"cache-{kind.split('_')[0]}"
    if cold_photos:
        shutil.rmtree(cache / "banmian" / "export-photos", ignore_errors=True)
    out = folder / ("out.pdf" if words is PDF else "out.docx")
    arguments = [str(out) if word == "OUT" else word for word in words]
    env = dict(os.environ, XDG_CACHE_HOME=str(cache), LOCALAPPDATA=str(cache))
    run = run_child([sys.executable, "-m", "editor", "export", str(project), *arguments], env=env, cwd=folder)
    if run.exit_code != 0:  # export has no "done, with notes" status: 1 is an internal error
        raise SystemExit(f"banmian export --{kind} failed ({run.exit_code}):\n{run.stderr[-2000:]}")
    figures = {"cpu_s": run.cpu_s, "peak_mb": run.peak_mb, "size_mb": out.stat().st_size / _MB}
    out.unlink()
    return figures


def measure_exports(project: Path, rounds: int) -> dict[str, float]:
    """PDF and DOCX exports interleaved (order alternating per round); prints each, returns medians."""
    from editor import SAMPLE_PROJECT

    samples: dict[str, list[dict[str, float]]] = {kind: [] for kind in EXPORTS}
    with tempfile.TemporaryDirectory(prefix="banmian-bench-") as temp:
        for kind in ("pdf_later", "docx_later"):  # fonts parsed into each cache
            export_once(kind, Path(SAMPLE_PROJECT), Path(temp))
        for round_index in range(rounds):
            kinds = list(EXPORTS) if round_index % 2 == 0 else list(reversed(EXPORTS))
            for kind in kinds:
                figures = export_once(kind, project, Path(temp))
                samples[kind].append(figures)
                print(f"  round {round_index + 1} {kind:>10}: CPU {figures['cpu_s']:6.2f} s, peak "
                      f"{figures['peak_mb']:7.1f} MB, file {figures['size_mb']:7.1f} MB", flush=True)
    medians = {}
    for kind, runs in samples.items():
        cpu = [run["cpu_s"] for run in runs]
        peak = [run["peak_mb"] for run in runs]
        print(f"  {kind}: CPU median {statistics.median(cpu):.2f} s (min {min(cpu):.2f}), peak memory median "
              f"{statistics.median(peak):.0f} MB (min {min(peak):.0f}), file {runs[0]['size_mb']:.1f} MB")
        medians.update({f"{kind}_cpu_s": statistics.median(cpu), f"{kind}_peak_mb": statistics.median(peak),
                        f"{kind}_mb": runs[0]["size_mb"]})
    return medians


def pass_through(script: str, *arguments: str) -> None:
    """Run another bench and print its output as it comes."""
    print(f"\n$ python bench/{script} {' '.join(arguments)}", flush=True)
    subprocess.run([sys.executable, str(ROOT / "bench" / script), *arguments], cwd=str(ROOT), check=False)


def _table(figures: dict[str, float], opened: dict[str, dict[str, float]], big_name: str) -> None:
    units = {"cpu_s": "s", "peak_mb": "MB", "_mb": "MB"}
    print("\ntarget                                   goal          measured (medians)")
    for key, (label, goal) in TARGETS.items():
        unit = next(u for suffix, u in units.items() if key.endswith(suffix))
        print(f"{label:<40} {goal:<13} {figures[key]:.1f} {unit}")
    for name, row in opened.items():
        big = name == big_name
        print(f"{'editor start → painted, ' + ('big issue' if big else name):<40} {'≤ 2 s' if big else '≤ 1 s':<13} "
              f"{row['start_s']:.2f} s")
        if big:
            print(f"{'  resident with the big issue open':<40} {'≤ 400 MB':<13} {row['rss_mb']:.0f} MB "
                  f"(peak {row['peak_mb']:.0f} MB)")
    print("keystroke and drag: see bench_keystroke and bench_editor_edit above "
          "(median ≤ 9 ms, p95 ≤ 16 ms; drag ≤ 8 ms)")


def main() -> None:
    from bench.bench_editor_open import measure_projects
    from bench.big_issue import big_issue_path, project_argument
    from bench.machine import describe_machine
    from editor import SAMPLE_PROJECT

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="export rounds (each: PDF and DOCX, first and later)")
    parser.add_argument("--project", help="the big project (default: bench/big_issue.py's)")
    parser.add_argument("--skip-editor", action="store_true", help="exports only")
    arguments = parser.parse_args()
    project = project_argument(arguments.project) if arguments.project else big_issue_path()
    print(f"machine: {describe_machine()}")
    print(f"project: {project} ({project.stat().st_size / _MB:.0f} MB)")
    print(f"exports ({arguments.rounds} interleaved rounds, fresh processes; pdf_first: no photo cached yet):",
          flush=True)
    figures = measure_exports(project, arguments.rounds)
    opened: dict[str, dict[str, float]] = {}
    if not arguments.skip_editor:
        print("\neditor start (bench_editor_open):", flush=True)
        opened = measure_projects([Path(SAMPLE_PROJECT), project])
        pass_through("bench_keystroke.py", "sample", str(project))
        pass_through("bench_editor_edit.py", "--freeze", "sample", str(project))  # as the editor: gc.freeze()
    _table(figures, opened, project.name)


if __name__ == "__main__":
    main()
