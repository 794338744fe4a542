"""The long fuzz run of issue 7: 10,000 mutated projects through ``banmian info`` and ``banmian export``.

Run: ``python bench/bench_fuzz.py [--cases 10000] [--first-seed 100000] [--workers 2] [--keep] [--json out.json]``

Each project must open, or give one line of Chinese with exit 2, within 10 s
and 500 MB (the issue's rule, judged by ``tests/fuzz_report.py``; the
mutations are ``tests/project_mutations.py``). Prints the machine, the
outcomes per mutation kind, the failures grouped by cause with one
reproducer each, the slowest cases, the memory a child inherits and the
highest peak, and the total time. ``tests/test_fuzz_projects.py`` runs 2,000
cases from seed 0; this run starts at seed 100,000 so the two never overlap.
A failing case reruns alone with ``python -m tests.fuzz_runner --case ID --keep``.

Nothing outside the project's own Python packages is needed.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.machine import describe_machine
from tests.fuzz_report import CaseResult, RunReport, format_summary, report_json
from tests.fuzz_runner import run_fuzz
from tests.project_mutations import cases


def _progress(every: int, started: float):
    def show(result: CaseResult | None, done: int, total: int) -> None:
        if done % every == 0 or done == total:
            print(f"  {done:6} / {total} cases, {time.perf_counter() - started:7.1f} s", file=sys.stderr, flush=True)
    return show


def _figures(report: RunReport) -> str:
    """Per-case time and memory spread, beyond the summary's maxima."""
    seconds = sorted(result.seconds for result in report.results)
    lines = [f"per case: median {statistics.median(seconds):.2f} s, 99th percentile "
             f"{seconds[int(len(seconds) * 0.99) - 1]:.2f} s, slowest {seconds[-1]:.2f} s"]
    growths = sorted(result.growth_mb for result in report.results if result.growth_mb is not None)
    if growths:
        lines.append(f"memory growth over the inherited {report.baseline_mb:.0f} MB: median {statistics.median(growths):.0f} MB,"
                     f" 99th percentile {growths[int(len(growths) * 0.99) - 1]:.0f} MB, highest {growths[-1]:.0f} MB")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--first-seed", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", action="store_true", help="keep the files of failing cases (printed folder)")
    parser.add_argument("--json", type=Path, help="write every case's result here")
    args = parser.parse_args()

    print(describe_machine())
    print(f"{args.cases} cases from seed {args.first_seed}, {args.workers} workers", flush=True)
    work = Path(tempfile.mkdtemp(prefix="banmian-fuzz-bench-"))
    report = run_fuzz(cases(args.first_seed, args.cases), work, args.workers, keep_failures=args.keep,
                      progress=_progress(500, time.perf_counter()))
    print(format_summary(report, slowest=15))
    print(_figures(report))
    if args.json:
        args.json.write_text(json.dumps(report_json(report), ensure_ascii=False), encoding="utf-8")
    if args.keep and report.failures():
        print(f"files of the failing cases are in {work}")
    else:
        import shutil

        shutil.rmtree(work, ignore_errors=True)
    return 1 if report.failures() else 0


if __name__ == "__main__":
    sys.exit(main())
