"""The window's 导出 PDF of the big issue, first (no photo prepared yet) and in a new session (issue #12).

Run: ``python bench/bench_editor_export.py [--rounds N] [--baseline CHECKOUT] [--kind pdf|docx] [--after-idle]``.
The window's export is a check (the document laid out again, every photo checked) and then the
export itself; both run on the export's worker thread, here called directly in a fresh child
process (``--child``) with no window: what they cost is CPU, which the child measures for each
step. ``banmian export`` (bench_targets.py) does not check first, so it does not show this.

Printed as interleaved pairs (each round runs both sides back to back, alternating which goes
first): the first export (the side's photo cache emptied: ``export-photos`` and
``checked-photos``) and, right after, the same export in a new process whose cache holds what the
first made. With ``--after-idle`` also a first export (cache emptied) after the window's idle
warm-up (``editor.ui.photo_warmup``) prepared the photos, as when the issue was open in the editor
for a while before 导出: the warm-up's own CPU is printed apart ("warm-up", spent on its worker thread
while the window waits for the user), and "total" is the whole process's. With ``--baseline`` (another checkout, e.g. ``git archive`` of an older commit
unpacked in /tmp) that checkout is the other side, each with its own cache folder, so a change is
measured before/after in one run; without it, this checkout runs alone. Fonts are warmed into
each cache by an export of the sample first. Benchmarks print numbers; tests never assert times.
"""

from __future__ import annotations

import argparse
import inspect
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


def warm_up(doc) -> float:
    """The window's idle warm-up (``editor.ui.photo_warmup``) run to its end on ``doc``, as an editor
    left idle after opening it, with the plans the window's ``Exporter`` gives before any export (the
    print preset, Word at 300 ppi): the CPU seconds its worker thread spent (this thread waits)."""
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    from editor.ui import photo_warmup
    from editor.ui.controller import DocumentController
    from editor.ui.export_dialogs import Exporter

    os.environ[photo_warmup.ENABLED_ENV] = "1"
    _app = QApplication.instance() or QApplication([])  # kept alive while the loop runs
    controller = DocumentController(doc)
    exporter = Exporter(None, controller)
    warmup = photo_warmup.PhotoWarmup(controller, lambda: [exporter.photo_plan("pdf"), exporter.photo_plan("docx")],
                                      idle_ms=0)
    spent_s = 0.0
    prepare = photo_warmup.prepare_ahead

    def timed(*args):  # on the worker thread: its own CPU time
        nonlocal spent_s
        mark = time.thread_time()
        try:
            return prepare(*args)
        finally:
            spent_s += time.thread_time() - mark

    photo_warmup.prepare_ahead = timed
    loop = QEventLoop()
    warmup.settled.connect(loop.quit)
    loop.exec()
    warmup.shutdown()
    return spent_s


def child(root: Path, project: Path, kind: str, target: Path, after_idle: bool = False) -> None:
    """One fresh process of ``root``'s Banmian: open ``project``, check and export as the window does;
    ``after_idle``: after the window's idle warm-up has prepared the photos (its CPU reported apart)."""
    sys.path.insert(0, str(root))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    start = time.process_time()
    from editor.io.project import load_project
    from editor.render.export_presets import PRINT_PRESET
    from editor.ui import export_dialogs

    figures = {"imports": time.process_time() - start}
    mark = time.process_time()
    doc = load_project(project)
    figures["open"] = time.process_time() - mark

    def progress(*_: object) -> None:
        pass

    if after_idle:
        mark = time.process_time()
        figures["warm-up"] = warm_up(doc)
        figures["layout"] = time.process_time() - mark - figures["warm-up"]
    mark = time.process_time()
    parameters = inspect.signature(export_dialogs._checking_job).parameters
    if "plan" in parameters or "photo_ppi" in parameters:  # the check prepares the photos, the export takes them
        from editor.render.export_presets import preset_layout

        checked = export_dialogs._Checked()
        drawn = (lambda d, lay: preset_layout(d, lay, PRINT_PRESET)[1]) if kind == "pdf" else (lambda d, lay: lay)
        if "plan" in parameters:
            from editor.render.prepared_photos import PhotoPlan

            export_dialogs._checking_job(checked, PhotoPlan(PRINT_PRESET.photo_ppi, drawn))(doc, None, target, progress)
        else:
            export_dialogs._checking_job(checked, PRINT_PRESET.photo_ppi, drawn)(doc, None, target, progress)
        layout, photos = checked.layout, {"checked": checked.photos}
    else:
        found: list = []
        export_dialogs._checking_job(found)(doc, None, target, progress)
        layout, photos = found[0], {}
    figures["check"] = time.process_time() - mark
    mark = time.process_time()
    job = (export_dialogs._pdf_job(PRINT_PRESET, *photos.values()) if kind == "pdf"
           else export_dialogs._docx_job(PRINT_PRESET.photo_ppi, *photos.values()))
    job(doc, layout, target, progress)
    figures["export"] = time.process_time() - mark
    figures["total"] = time.process_time()
    print(json.dumps(figures))


def run_child(root: Path, project: Path, kind: str, cache: Path, cold: bool, after_idle: bool = False
              ) -> dict[str, float]:
    """One child process with ``cache`` as its user cache folder (photos emptied first when ``cold``);
    ``after_idle``: the export follows the window's idle warm-up."""
    if cold:
        for folder in ("export-photos", "checked-photos"):
            shutil.rmtree(cache / "banmian" / folder, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix="banmian-bench-out-") as out:
        env = dict(os.environ, XDG_CACHE_HOME=str(cache), LOCALAPPDATA=str(cache), PYTHONDONTWRITEBYTECODE="1")
        run = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", str(root), str(project),
                              kind, str(Path(out) / f"out.{kind}"), *(["--after-idle"] if after_idle else [])], env=env, capture_output=True, text=True,
                             cwd=str(root), check=False)
    if run.returncode != 0:
        raise SystemExit(f"child failed:\n{run.stderr[-3000:]}")
    return json.loads(run.stdout.strip().splitlines()[-1])


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4], Path(sys.argv[5]), "--after-idle" in sys.argv[6:])
        return
    from bench.big_issue import big_issue_path
    from bench.machine import describe_machine
    from editor import SAMPLE_PROJECT

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--baseline", type=Path, help="another checkout of Banmian, measured as the other side")
    parser.add_argument("--kind", choices=("pdf", "docx"), default="pdf")
    parser.add_argument("--after-idle", action="store_true",
                        help="also a first export after the window's idle warm-up prepared the photos")
    arguments = parser.parse_args()
    whens = ("first", "later") + (("after idle",) if arguments.after_idle else ())
    project = big_issue_path()
    print(describe_machine())
    sides = {"this": ROOT} | ({"baseline": arguments.baseline.resolve()} if arguments.baseline else {})
    samples: dict[str, list[dict[str, float]]] = {f"{side} {when}": [] for side in sides for when in whens}
    with tempfile.TemporaryDirectory(prefix="banmian-bench-") as temp:
        caches = {side: Path(temp) / f"cache-{side}" for side in sides}
        for side, root in sides.items():  # fonts parsed into each cache
            run_child(root, Path(SAMPLE_PROJECT), arguments.kind, caches[side], cold=False)
        for round_index in range(arguments.rounds):
            order = list(sides) if round_index % 2 == 0 else list(reversed(sides))
            for when in whens:
                for side in order:
                    figures = run_child(sides[side], project, arguments.kind, caches[side],
                                        cold=when != "later", after_idle=when == "after idle")
                    samples[f"{side} {when}"].append(figures)
                    print(f"  round {round_index + 1} {side:>8} {when:>5}: " + ", ".join(
                        f"{name} {value:.2f} s" for name, value in figures.items()), flush=True)
    print(f"\n{arguments.kind} export as the window runs it, CPU seconds, medians of {arguments.rounds} rounds:")
    for label, runs in samples.items():
        print(f"  {label:>15}: " + ", ".join(
            f"{name} {statistics.median(run[name] for run in runs):.2f}" for name in runs[0]))
    if arguments.baseline:
        for when in whens:
            ratios = [this["total"] / base["total"]
                      for this, base in zip(samples[f"this {when}"], samples[f"baseline {when}"], strict=True)]
            print(f"  {when}: this / baseline total CPU, per pair: median {statistics.median(ratios):.2f}, "
                  f"min {min(ratios):.2f}")


if __name__ == "__main__":
    main()
