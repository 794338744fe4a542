"""Painting speed of the Qt canvas backend on a project (the sample by default).

Run: ``QT_QPA_PLATFORM=offscreen python bench/bench_qt_render.py [PROJECT]``: a path, or
``sample`` / ``big`` (the 64-page, 200-photo issue of ``bench/big_issue.py``; its first 8 pages
unless ``--pages N``). Prints the machine, then for each page at screen zooms (96 and 150 dpi)
the median time of ``paint_page`` into a ready white image (what a widget's
paint event costs):
- cold photos: a new ``PhotoCache`` each time, so every photo on the page is
  decoded (at reduced DCT scale) and converted to a QImage;
- warm photos: the cache already holds them, the steady state while the
  user scrolls, selects and drags.
Fonts are warm in both (loaded once per process; the first paint of all
prints separately). Benchmarks print numbers; tests never assert times.
"""

from __future__ import annotations

import functools
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench.machine import describe_machine
from bench.timing import median_seconds, ms

DPIS = (96, 150)


def main() -> None:
    import argparse

    from PySide6 import __version__ as pyside_version
    from PySide6.QtGui import QColor, QImage, QPainter

    from bench.big_issue import project_argument
    from editor.io.project import load_project
    from editor.layout.engine import layout_document
    from editor.render.qt import PhotoCache, ensure_gui_application, page_pixel_size, paint_page

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", nargs="?", default="sample", help="a project path, or sample / big")
    parser.add_argument("--pages", type=int, default=8, help="at most this many pages (from the first)")
    arguments = parser.parse_args()
    print(f"machine: {describe_machine()}; PySide6 {pyside_version}")
    ensure_gui_application()
    doc = load_project(project_argument(arguments.project))
    layout = layout_document(doc)

    def paint(page_index: int, dpi: int, photos: PhotoCache) -> None:
        page = layout.pages[page_index]
        width, height = page_pixel_size(page.width_pt, page.height_pt, dpi)
        image = QImage(width, height, QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.scale(dpi / 72.0, dpi / 72.0)
        paint_page(painter, page, doc, photos)
        painter.end()

    start = time.perf_counter()
    paint(0, 96, PhotoCache())
    print(f"first paint of page 1 at 96 dpi (loads Qt fonts): {ms(time.perf_counter() - start)}")

    print(f"{'page':>4} {'items':>5} {'photos':>6} " + " ".join(
        f"{f'{dpi} dpi cold':>14} {f'{dpi} dpi warm':>14}" for dpi in DPIS))
    totals = {(dpi, warm): 0.0 for dpi in DPIS for warm in (False, True)}
    for index, page in enumerate(layout.pages[:arguments.pages]):
        photos_on_page = sum(1 for item in page.items if type(item).__name__ == "ImageItem")
        cells = []
        for dpi in DPIS:
            cold = median_seconds(lambda index=index, dpi=dpi: paint(index, dpi, PhotoCache()), repeat=5)
            warm = median_seconds(functools.partial(paint, index, dpi, PhotoCache()), repeat=7)
            totals[(dpi, False)] += cold
            totals[(dpi, True)] += warm
            cells += [ms(cold), ms(warm)]
        print(f"{index + 1:>4} {len(page.items):>5} {photos_on_page:>6} " + " ".join(f"{c:>14}" for c in cells))
    print(f"{'all':>4} {'':>5} {'':>6} " + " ".join(
        f"{ms(totals[(dpi, False)]):>14} {ms(totals[(dpi, True)]):>14}" for dpi in DPIS))


if __name__ == "__main__":
    main()
