"""What starting a command costs in imports (issue #12: "import only what a command needs").

Run: ``python bench/bench_cli_import.py [--rounds N]``. Prints the machine, then:

- interleaved pairs (ratio per pair, median and min) of a bare interpreter (``python -c pass``)
  against ``python -c "import editor.cli"``: what every ``banmian`` command pays before it
  parses its arguments (wall-clock, whole process);
- ``banmian export`` of the sample to PDF run with ``-X importtime``: the time spent importing,
  summed over the top-level imports (each counts its own imports), the median of the rounds,
  the heaviest of those imports, and whether Qt was among them (it must not be).

Benchmarks print numbers; tests never assert times (``tests/test_cli_imports.py`` checks that no
command without a window imports Qt).
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.machine import describe_machine

_IMPORT_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \| (\s*)(\S+)")


def _seconds(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdin=subprocess.DEVNULL, capture_output=True)
    return time.perf_counter() - start


def _export_imports(out_pdf: Path) -> tuple[float, list[tuple[float, str]]]:
    """Seconds spent importing during one ``banmian export`` and its top-level imports, heaviest first."""
    from editor import SAMPLE_PROJECT

    code = ("import sys; from editor.cli import main; "
            f"sys.exit(main(['export', {str(SAMPLE_PROJECT)!r}, '--pdf', {str(out_pdf)!r}]))")
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", code], check=True, capture_output=True,
                          text=True, stdin=subprocess.DEVNULL)
    top: list[tuple[float, str]] = []
    for line in done.stderr.splitlines():
        match = _IMPORT_LINE.match(line)
        if match and not match.group(3):
            top.append((int(match.group(2)) / 1e6, match.group(4)))
    return sum(seconds for seconds, _ in top), sorted(top, reverse=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    rounds = parser.parse_args().rounds
    print(f"machine: {describe_machine()}")

    bare, cli, ratios = [], [], []
    for _ in range(rounds):
        a = _seconds([sys.executable, "-c", "pass"])
        b = _seconds([sys.executable, "-c", "import editor.cli"])
        bare.append(a)
        cli.append(b)
        ratios.append(b / a)
    print(f"{rounds} interleaved pairs, whole process: python -c pass {statistics.median(bare) * 1000:6.1f} ms   "
          f"import editor.cli {statistics.median(cli) * 1000:6.1f} ms   ratio median {statistics.median(ratios):.2f}, "
          f"min {min(ratios):.2f}")

    totals, heaviest = [], []
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(max(3, rounds // 3)):
            total, heaviest = _export_imports(Path(folder) / "out.pdf")
            totals.append(total)
    qt = [name for _, name in heaviest if name.split(".")[0] in ("PySide6", "shiboken6")]
    print(f"banmian export --pdf (sample): imports take {statistics.median(totals) * 1000:6.1f} ms "
          f"(median of {len(totals)}); Qt imported: {', '.join(qt) if qt else 'no'}")
    print("  heaviest top-level imports: " + ", ".join(f"{name} {seconds * 1000:.1f} ms"
                                                        for seconds, name in heaviest[:8]))


if __name__ == "__main__":
    main()
