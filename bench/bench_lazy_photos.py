"""Photos read lazily and downsampled for the PDF (issue 12): memory to open, memory and CPU to export.

Run: ``python -m bench.bench_lazy_photos`` (24 photos, 3 pairs) or ``--quick`` (6 photos, 1 pair).
A project is written to a temporary folder first: real-sized phone photos (4032 × 3024 JPEGs that
weigh and decode like one, with varied EXIF orientations: ``big_issue.phone_photo``), six to an
A4 page in 85 × 60 mm frames; ``--project PATH`` (or ``big``: the 64-page, 200-photo issue of
``bench/big_issue.py``) measures that project instead. Then each measurement runs in a
fresh ``python`` process, old and new one after the other in interleaved pairs (the order
alternating), and prints each pair's ratio, then the median and the least:

- open: ``load_project`` as it was (every photo's bytes read into a dict) against as it is
  (photos read when asked): resident memory (VmRSS) and wall time after opening;
- export: the PDF as it was (photos read eagerly, embedded at full resolution) against as it is
  (read lazily, downsampled to the print preset's 300 ppi at their placed size): CPU time,
  peak resident memory (VmHWM) and the PDF's size.

Last run (2-core machine shared with a test run, 2026-11-26; 24 photos, 84.5 MB, 3 pairs): opening
held 84.7 MB of photos before and 0.08 MB after (ratio 0.001), in 1.1–1.2 s before and under
0.05 s after; the export took the same CPU (2.59 s before, 2.61 s after, ratio median 1.013 —
downsampling costs what embedding full-size photos saved), its peak memory fell from 390 MB to
156 MB (0.401) and the PDF from 89.3 MB to 4.6 MB (0.051).
Benchmarks print numbers; tests never assert them.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PHOTOS = 24
QUICK_PHOTOS = 6
PAIRS = 3
PER_PAGE = 6
FRAME_MM = (85.0, 60.0)
_MB = 1024 * 1024


def write_project(folder: Path, count: int) -> Path:
    """A project of ``count`` phone photos, six to a page on a 2 × 3 grid."""
    from bench.big_issue import orientation_of, phone_photo
    from editor.io.project import asset_name, save_project
    from editor.model import Document, ImageFrame, Page
    from editor.model.units import mm_to_pt

    pages: list[Page] = []
    assets: dict[str, bytes] = {}
    for index in range(count):
        data = phone_photo(index, orientation=orientation_of(index))
        name = asset_name(data, ".jpg")
        assets[name] = data
        slot = index % PER_PAGE
        if slot == 0:
            pages.append(Page(id=f"p{len(pages) + 1}"))
        x_mm, y_mm = 15.0 + (FRAME_MM[0] + 10.0) * (slot % 2), 20.0 + (FRAME_MM[1] + 25.0) * (slot // 2)
        pages[-1].frames.append(ImageFrame(
            id=f"photo-{index}", x_pt=mm_to_pt(x_mm), y_pt=mm_to_pt(y_mm), width_pt=mm_to_pt(FRAME_MM[0]),
            height_pt=mm_to_pt(FRAME_MM[1]), asset=name, source_name=f"IMG_{index}.jpg"))
    path = folder / "照片.banmian"
    save_project(Document(pages=pages, assets=assets), path)
    return path


# ---------------------------------------------------------------- the measured process


def _status_mb() -> dict[str, float]:
    with open("/proc/self/status", encoding="ascii") as handle:
        fields = dict(line.split(":", 1) for line in handle if ":" in line)
    return {key: int(fields[key].split()[0]) / 1024 for key in ("VmRSS", "VmHWM")}


def _cpu_seconds() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def child(mode: str, project: Path, out: Path) -> None:
    """One measurement: ``open-eager``, ``open-lazy``, ``export-old`` or ``export-new``."""
    from editor.io.project import load_project
    from editor.layout.engine import layout_document
    from editor.render.pdf import PdfOptions, write_pdf
    from editor.render.prepared_photos import PRINT_PPI

    before_mb = _status_mb()["VmRSS"]
    started, cpu = time.perf_counter(), _cpu_seconds()
    doc = load_project(project)
    eager = mode in ("open-eager", "export-old")
    if eager:
        doc.assets = {name: doc.assets[name] for name in doc.assets}  # as projects were opened before
    result: dict[str, float] = {"open_s": time.perf_counter() - started,
                                "open_mb": _status_mb()["VmRSS"] - before_mb}
    if mode.startswith("export"):
        options = PdfOptions(photo_ppi=None if eager else PRINT_PPI)
        write_pdf(doc, layout_document(doc), out, options)
        result.update(cpu_s=_cpu_seconds() - cpu, peak_mb=_status_mb()["VmHWM"], pdf_mb=out.stat().st_size / _MB)
    print(json.dumps(result))


def _run(mode: str, project: Path, out: Path) -> dict[str, float]:
    run = subprocess.run([sys.executable, "-m", "bench.bench_lazy_photos", "--child", mode, str(project), str(out)],
                         capture_output=True, text=True, encoding="utf-8", cwd=ROOT, check=True)
    return json.loads(run.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------- pairs


def _pairs(old: str, new: str, project: Path, out: Path, pairs: int) -> list[tuple[dict, dict]]:
    results = []
    for index in range(pairs):
        if index % 2:
            after = _run(new, project, out)
            before = _run(old, project, out)
        else:
            before = _run(old, project, out)
            after = _run(new, project, out)
        results.append((before, after))
    return results


def _report(label: str, key: str, unit: str, results: list[tuple[dict, dict]]) -> None:
    ratios = [after[key] / before[key] for before, after in results if before[key] > 0]
    for number, (before, after) in enumerate(results, start=1):
        ratio = f"{after[key] / before[key]:.3f}" if before[key] > 0 else "–"
        print(f"  {label} pair {number}: before {before[key]:8.2f} {unit}, after {after[key]:8.2f} {unit}, "
              f"ratio {ratio}")
    if ratios:
        print(f"  {label}: ratio median {statistics.median(ratios):.3f}, min {min(ratios):.3f}")


def main(quick: bool, given: Path | None) -> None:
    count, pairs = (QUICK_PHOTOS, 1) if quick else (PHOTOS, PAIRS)
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        project = given or write_project(folder, count)
        weight_mb = project.stat().st_size / _MB
        what = project.name if given else f"{count} phone photos of 4032 × 3024"
        print(f"{what}, project {weight_mb:.1f} MB, {pairs} interleaved pair(s)")
        opened = _pairs("open-eager", "open-lazy", project, folder / "x.pdf", pairs)
        print("Open (load_project; before: every photo read into memory, after: read when asked)")
        _report("memory after opening", "open_mb", "MB", opened)
        _report("time to open", "open_s", "s", opened)
        exported = _pairs("export-old", "export-new", project, folder / "x.pdf", pairs)
        print("PDF export (before: eager, full resolution; after: lazy, 300 ppi at the placed size)")
        _report("CPU", "cpu_s", "s", exported)
        _report("peak memory", "peak_mb", "MB", exported)
        _report("PDF size", "pdf_mb", "MB", exported)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--project", help="a project path, or big (the 64-page, 200-photo issue)")
    parser.add_argument("--child", nargs=3, metavar=("MODE", "PROJECT", "OUT"))
    arguments = parser.parse_args()
    if arguments.child:
        mode, project_path, out_path = arguments.child
        child(mode, Path(project_path), Path(out_path))
    else:
        from bench.big_issue import project_argument

        main(arguments.quick, project_argument(arguments.project) if arguments.project else None)
