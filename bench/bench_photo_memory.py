"""The editor's memory after placing 30 phone photos of 12 MP (issue #10: under 400 MB).

Run: ``python -m bench.bench_photo_memory [--quick] [PROJECT]`` (offscreen unless a display is
set; ``--quick``: 6 photos; PROJECT: a path, or ``sample`` — the default — or ``big``, the
64-page, 200-photo issue of ``bench/big_issue.py``, opened as a new issue). The photos are generated in a temporary folder first, as
``bench/big_issue.py`` makes the big issue's: 4032 × 3024 JPEGs that weigh (3.7 MB) and
decode like a phone photo, their EXIF orientations varied as phones write them. Then a fresh ``python`` process opens
the project (the sample issue) in the real editor window (``MainWindow``) and places them as a user
would: 插入 → 图片… for each (``ArrangeCommands.insert_photo``, what the menu calls once
the file is chosen), spread over the five pages on a 2 × 3 grid by a move edit each,
and waits for the recovery snapshot to be written. Every page is then shown on the
canvas (so its photos are decoded for the screen) and every page thumbnail is drawn.
It prints resident memory (VmRSS, and the peak VmHWM, from ``/proc/self/status``; the
peak from ``getrusage`` elsewhere) after opening, after placing and after painting, and
what the photo caches and the page pictures hold.
Then every page is scrolled through at 100 % and at 200 %, printing the same again: at
200 % the previews are larger and each page's picture (``PageItem``) is four times the
pixels, so that figure shows what the caches cost beyond the photos' files.

Last run (2-core CI machine, 2026-11-25): 201 MB after opening the sample, 314 MB after
placing the 30 photos (108 MB of them the files, kept whole for export), 317 MB after
painting every page and thumbnail; 360 MB after scrolling through at 100 %, 502 MB at 200 %
(86 MB of previews and 71 MB of page pictures). Before previews of other zooms were
dropped: the same but 518 MB at 200 % (118 MB of previews).
Benchmarks print numbers; tests never assert them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.big_issue import PHOTO_SIZE_PX  # noqa: E402

PHOTOS = 30
QUICK_PHOTOS = 6
#: Photos per page, placed on a grid of this many columns.
PER_PAGE = 6
GRID_COLUMNS = 2
TARGET_MB = 400
#: Zooms (1.0 = printed size) at which every page is then scrolled through from top to bottom.
ZOOMS = (1.0, 2.0)
_MB = 1024 * 1024


def write_photos(folder: Path, count: int) -> list[Path]:
    """``count`` phone photos in ``folder``, with the big issue's EXIF orientations (``big_issue``)."""
    from bench.big_issue import orientation_of, phone_photo

    paths = []
    for index in range(count):
        path = folder / f"IMG_{20260101 + index}.jpg"
        path.write_bytes(phone_photo(index, orientation=orientation_of(index)))
        paths.append(path)
    return paths


# ---------------------------------------------------------------- the editor process


def _memory_mb() -> dict[str, float]:
    """VmRSS and VmHWM in MB (Linux), else the peak from getrusage (VmRSS then unknown: 0)."""
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            fields = dict(line.split(":", 1) for line in handle if ":" in line)
        return {key: int(fields[key].split()[0]) / 1024 for key in ("VmRSS", "VmHWM")}
    except (OSError, KeyError):
        try:
            import resource
        except ImportError:  # Windows without /proc: nothing to read cheaply
            return {"VmRSS": 0.0, "VmHWM": 0.0}
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return {"VmRSS": 0.0, "VmHWM": peak / (_MB if sys.platform == "darwin" else 1024)}


def _settle(seconds: float = 0.0) -> None:
    """Run the event loop (timers, paints) for at least ``seconds``."""
    from PySide6.QtWidgets import QApplication

    end = time.perf_counter() + seconds
    QApplication.processEvents()
    while time.perf_counter() < end:
        QApplication.processEvents()
        time.sleep(0.01)


def _place(window, paths: list[Path]) -> None:
    """插入 → 图片… for each photo, then a move onto its page's grid (as dragging it there)."""
    from editor.model import edits

    controller = window.controller
    pages = len(controller.doc.pages)
    for number, path in enumerate(paths):
        page_index = (number // PER_PAGE) % pages
        window.go_to_page(page_index)
        window.controller.select([])
        if not window.arrange.insert_photo(path, page_index):
            raise SystemExit(f"could not place {path.name}")
        frame = controller.selected_frames()[0]
        slot = number % PER_PAGE
        doc, margins = controller.doc, controller.doc.margins
        cell_w = (doc.page_width_pt - margins.left_pt - margins.right_pt) / GRID_COLUMNS
        cell_h = (doc.page_height_pt - margins.top_pt - margins.bottom_pt) / (PER_PAGE // GRID_COLUMNS)
        width = cell_w - 6.0
        height = min(cell_h - 6.0, width * frame.height_pt / frame.width_pt)
        x = margins.left_pt + (slot % GRID_COLUMNS) * cell_w
        y = margins.top_pt + (slot // GRID_COLUMNS) * cell_h
        controller.edit("移动图片", edits.set_geometry(controller.doc, frame.id, x, y, width, height))
        _settle()


def _paint_every_page(window) -> None:
    """Show each page on the canvas at the window's zoom until painted, then draw every thumbnail."""
    for index in range(len(window.controller.doc.pages)):
        window.go_to_page(index)
        window.canvas.viewport().repaint()
        _settle(0.05)
    window.pages_panel.thumbnails.render_now()
    _settle(0.2)


def _paint_zoomed(window, zoom: float) -> None:
    """At ``zoom`` (1.0 = printed size), scroll through each page from top to bottom."""
    canvas = window.canvas
    canvas.set_zoom(zoom)
    bar = canvas.verticalScrollBar()
    for index in range(len(window.controller.doc.pages)):
        window.go_to_page(index)
        end = canvas.page_origin(index + 1).y() if index + 1 < len(window.controller.doc.pages) else None
        while True:
            canvas.viewport().repaint()
            _settle()
            visible = canvas.mapToScene(canvas.viewport().rect()).boundingRect()
            if bar.value() >= bar.maximum() or (end is not None and visible.bottom() >= end):
                break
            bar.setValue(bar.value() + bar.pageStep())


def _caches(window) -> dict[str, float]:
    canvas = window.canvas
    thumbs = window.pages_panel.thumbnails
    thumb_photos = thumbs.photos.bytes_used if thumbs.photos is not None else 0
    return {
        "canvas_photos_mb": canvas.photos.bytes_used / _MB,
        "canvas_photo_entries": len(canvas.photos),
        "thumbnail_photos_mb": thumb_photos / _MB,
        "page_pictures_mb": sum(page.cache_bytes() for page in canvas.page_items()) / _MB,
        "assets_mb": sum(len(data) for data in window.controller.doc.assets.values()) / _MB,
    }


def child(folder: Path, project: Path) -> None:
    """Open ``project`` as a new issue, place the photos in ``folder``, paint; print one JSON line."""
    from editor.ui.app import create_application

    app = create_application(install_hook=False)
    from editor.ui.autosave import MAX_DELAY_MS
    from editor.ui.main_window import MainWindow

    window = MainWindow()
    window.resize(1400, 900)
    window.show()
    if not window.files.new_from_template(project, ask=False):
        raise SystemExit(f"could not open {project}")
    _settle(0.5)
    opened = _memory_mb()
    paths = sorted(folder.glob("*.jpg"))
    start = time.perf_counter()
    _place(window, paths)
    placed_s = time.perf_counter() - start
    _settle(MAX_DELAY_MS / 1000 + 1.0)  # the recovery snapshot of the placed photos is written meanwhile
    placed = _memory_mb()
    _paint_every_page(window)
    painted = _memory_mb()
    caches = _caches(window)
    zoomed = {}
    for zoom in ZOOMS:
        _paint_zoomed(window, zoom)
        zoomed[f"{zoom:.0%}"] = {"memory": _memory_mb(), "caches": _caches(window)}
    print(json.dumps({"platform": app.platformName(), "opened": opened, "placed": placed, "placed_s": placed_s,
                      "painted": painted, "caches": caches, "zoomed": zoomed, "photos": len(paths)}), flush=True)
    os._exit(0)  # skip teardown: only the numbers matter


def main(quick: bool, project: Path) -> None:
    from bench.machine import describe_machine

    print(f"machine: {describe_machine()}")
    scratch = Path(tempfile.mkdtemp(prefix="banmian-bench-"))
    try:
        photos = scratch / "photos"
        photos.mkdir()
        start = time.perf_counter()
        paths = write_photos(photos, QUICK_PHOTOS if quick else PHOTOS)
        sizes = [p.stat().st_size / _MB for p in paths]
        print(f"{len(paths)} photos of {PHOTO_SIZE_PX[0]} × {PHOTO_SIZE_PX[1]} px written in "
              f"{time.perf_counter() - start:.1f} s: {min(sizes):.1f}–{max(sizes):.1f} MB each, "
              f"{sum(sizes):.0f} MB in all")
        env = dict(os.environ, BANMIAN_DATA_DIR=str(scratch / "data"), BANMIAN_CONFIG_DIR=str(scratch / "config"))
        if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
            env.setdefault("QT_QPA_PLATFORM", "offscreen")
        run = subprocess.run([sys.executable, "-m", "bench.bench_photo_memory", "--child", str(photos), str(project)],
                             capture_output=True, text=True, encoding="utf-8", env=env, cwd=str(ROOT), timeout=900)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if run.returncode != 0 or not run.stdout.strip():
        raise SystemExit(f"the editor process failed:\n{run.stderr[-3000:]}")
    result = json.loads(run.stdout.strip().splitlines()[-1])
    caches = result["caches"]

    def line(label: str, memory: dict[str, float]) -> str:
        return f"{label:<34} {memory['VmRSS']:7.1f} MB   (peak so far {memory['VmHWM']:.1f} MB)"

    print(f"Qt platform: {result['platform']}; {project.name}, {result['photos']} photos placed by 插入 → 图片…")
    print(line("resident after opening", result["opened"]))
    print(line(f"resident after placing ({result['placed_s']:.1f} s)", result["placed"]))
    print(line("resident after painting every page", result["painted"]))
    print(f"{'peak, placed and painted':<34} {result['painted']['VmHWM']:7.1f} MB   (target < {TARGET_MB} MB)")
    print(f"  canvas photo cache              {caches['canvas_photos_mb']:7.1f} MB   "
          f"({caches['canvas_photo_entries']} previews)")
    print(f"  thumbnail photo cache           {caches['thumbnail_photos_mb']:7.1f} MB")
    print(f"  page pictures                   {caches['page_pictures_mb']:7.1f} MB")
    print(f"  photo files in the document     {caches['assets_mb']:7.1f} MB   (kept whole for export)")
    for zoom, step in result["zoomed"].items():
        print(line(f"every page scrolled through at {zoom}", step["memory"]))
        print(f"  canvas photo cache {step['caches']['canvas_photos_mb']:7.1f} MB, page pictures "
              f"{step['caches']['page_pictures_mb']:.1f} MB")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(Path(sys.argv[2]), Path(sys.argv[3]))
    else:
        from bench.big_issue import project_argument

        given = [value for value in sys.argv[1:] if not value.startswith("--")]
        main(quick="--quick" in sys.argv[1:], project=project_argument(given[0] if given else "sample"))
