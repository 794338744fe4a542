"""PDF export of the sample: the first export in a new process, fonts included (issue #12).

Run: ``python bench/bench_export.py [--rounds N] [--baseline CHECKOUT]``. Every figure is CPU
time from a child process (``--child``), so interpreter start, imports and font parsing count.
Prints the machine, then, as interleaved pairs (each round runs both sides back to back, in
alternating order; the ratio is taken per pair, then its median and minimum printed):

- the first export in a new process with the PDF face cache cold (``pdf-faces`` emptied first:
  ReportLab parses every font) against warm (parsed faces read from the cache): the export
  alone (``write_pdf``) and the whole child process (start → exit);
- with ``--baseline`` (another checkout of Banmian, e.g. ``git archive`` of an older commit
  unpacked in /tmp; this script is copied there if it lacks it): that checkout's first export
  in a new process against this one's, each with its own warm caches, and the warm export in
  one process (median of three exports after the first), so a change is measured before/after
  in one run; ``--baseline-without-accel`` runs the baseline without ReportLab's C accelerator.

The children share one temporary cache folder (``XDG_CACHE_HOME``/``LOCALAPPDATA``), so the
layout's font-metrics cache is warm in every run; only ``pdf-faces`` is emptied for "cold".
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

#: Set in a child's environment: run ReportLab without its C accelerator (as before issue #12).
NO_ACCEL_ENV = "BANMIAN_BENCH_NO_RL_ACCEL"


def child() -> None:
    """One fresh process: open the sample, compose it, export it, then export it three times more."""
    start = time.process_time()
    if os.environ.get(NO_ACCEL_ENV):
        sys.modules["_rl_accel"] = None  # ReportLab then formats numbers in Python
    sys.path.insert(0, str(ROOT))
    import io

    from editor import SAMPLE_PROJECT
    from editor.io.project import load_project
    from editor.layout.engine import layout_document
    from editor.render.pdf import write_pdf

    figures = {"imports": time.process_time() - start}
    mark = time.process_time()
    doc = load_project(SAMPLE_PROJECT)
    figures["load"] = time.process_time() - mark
    mark = time.process_time()
    layout = layout_document(doc)
    figures["layout"] = time.process_time() - mark
    mark = time.process_time()
    write_pdf(doc, layout, io.BytesIO())
    figures["first_pdf"] = time.process_time() - mark
    warm = []
    for _ in range(3):
        mark = time.process_time()
        write_pdf(doc, layout, io.BytesIO())
        warm.append(time.process_time() - mark)
    figures["warm_pdf"] = statistics.median(warm)
    print(json.dumps(figures))


def _children_cpu() -> float:
    if sys.platform == "win32":
        return time.perf_counter()  # no rusage: wall time stands in
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_child(checkout: Path, cache: Path, cold: bool, accel: bool = True) -> dict[str, float]:
    """The child's figures, plus ``process`` (its whole CPU time)."""
    if cold:
        shutil.rmtree(cache / "banmian" / "pdf-faces", ignore_errors=True)
        shutil.rmtree(cache / "Banmian" / "cache" / "pdf-faces", ignore_errors=True)
    env = dict(os.environ, XDG_CACHE_HOME=str(cache), LOCALAPPDATA=str(cache))
    env.pop(NO_ACCEL_ENV, None)
    if not accel:
        env[NO_ACCEL_ENV] = "1"
    before = _children_cpu()
    result = subprocess.run([sys.executable, str(checkout / "bench" / "bench_export.py"), "--child"],
                            env=env, cwd=checkout, capture_output=True, text=True, check=True)
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    figures["process"] = _children_cpu() - before
    return figures


def _pairs(run_a, run_b, rounds: int) -> list[tuple[dict[str, float], dict[str, float]]]:
    pairs = []
    for round_number in range(rounds):
        if round_number % 2:
            b = run_b()
            a = run_a()
        else:
            a = run_a()
            b = run_b()
        pairs.append((a, b))
    return pairs


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


def _line(label: str, key: str, pairs, names: tuple[str, str]) -> str:
    a = [first[key] for first, _ in pairs]
    b = [second[key] for _, second in pairs]
    ratios = [y / x for x, y in zip(a, b, strict=True)]
    return (f"  {label:<34} {names[0]} median {_ms(statistics.median(a))} min {_ms(min(a))}   "
            f"{names[1]} median {_ms(statistics.median(b))} min {_ms(min(b))}   "
            f"ratio {names[1]}/{names[0]} median {statistics.median(ratios):.2f} min {min(ratios):.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--baseline", type=Path, help="another Banmian checkout to compare with")
    parser.add_argument("--baseline-without-accel", action="store_true",
                        help="run the baseline without rl_accel (it was not a dependency before issue #12)")
    args = parser.parse_args()
    if args.child:
        child()
        return
    sys.path.insert(0, str(ROOT))
    from bench.machine import describe_machine

    print(f"machine: {describe_machine()}")
    print(f"{args.rounds} interleaved pairs each; CPU time of child processes")
    with tempfile.TemporaryDirectory(prefix="banmian-bench-cache-") as folder:
        cache = Path(folder)
        run_child(ROOT, cache, cold=False)  # fill the metrics cache once
        pairs = _pairs(lambda: run_child(ROOT, cache, cold=True), lambda: run_child(ROOT, cache, cold=False),
                       args.rounds)
        print("first export in a new process, PDF face cache cold → warm:")
        print(_line("write_pdf", "first_pdf", pairs, ("cold", "warm")))
        print(_line("whole process (start → exit)", "process", pairs, ("cold", "warm")))
        print(_line("warm export in the same process", "warm_pdf", pairs, ("cold", "warm")))
        if args.baseline is not None:
            baseline = args.baseline.resolve()
            if not (baseline / "bench" / "bench_export.py").is_file():
                shutil.copy(Path(__file__), baseline / "bench" / "bench_export.py")
            accel = not args.baseline_without_accel
            run_child(baseline, cache, cold=False, accel=accel)
            pairs = _pairs(lambda: run_child(baseline, cache, cold=False, accel=accel),
                           lambda: run_child(ROOT, cache, cold=False), args.rounds)
            print(f"baseline {baseline}{'' if accel else ' without rl_accel'} → this checkout (warm caches):")
            print(_line("first export: write_pdf", "first_pdf", pairs, ("before", "after")))
            print(_line("first export: whole process", "process", pairs, ("before", "after")))
            print(_line("warm export in the same process", "warm_pdf", pairs, ("before", "after")))
            print(_line("imports", "imports", pairs, ("before", "after")))


if __name__ == "__main__":
    main()
