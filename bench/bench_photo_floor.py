"""The least CPU a first export of the big issue's photos can take: each step of preparing them, alone.

Why: issue 12 asks the first PDF (and DOCX) export of the 64-page, 200-photo issue for ≤ 8 s of CPU,
and asks that the print PDF's photos be downsampled to 300 ppi at their placed size. Downsampling a
JPEG means decoding it, and libjpeg (here libjpeg-turbo, through Pillow) reads a photo's entropy-coded
data whole at any DCT scale. This bench measures what that costs on this machine, step by step, so
that the floor under the target is a printed figure, not an opinion:

- ``read``: the photos' bytes from the project file (lazily, as the export reads them);
- ``decode ⅛``: every photo decoded at ⅛ (the least work any decode does: DC coefficients only,
  but every coefficient still Huffman-decoded) — a floor for any export that looks at the pixels;
- ``decode as needed``: decoded at the DCT scale just above its size at 300 ppi (``draft``), as the
  export does;
- ``+ resample``: that, resampled to its size (``photos.DOWNSAMPLING_FILTER``);
- ``prepare``: ``photos.prepare_for_pdf`` itself with no prepared-photo cache (decode, resample, turn
  upright, encode, hash), as a first export runs it in one thread.

Each step runs over all photos in one process, the steps interleaved round by round (order
alternating); each step's CPU is printed per round, then the median and the least. The rest of an
export (composing, drawing, writing) is measured too: ``banmian export`` in a fresh process with every
photo already prepared (``bench_targets``' "later" export; a first one, uncounted, prepares them),
and the script prints the sums against the goal. ``--rest-pdf``/``--rest-docx`` give those figures
instead (e.g. README's last measured 2.4 / 3.9 s) and skip the exports.

Run: ``python -m bench.bench_photo_floor [--project big|PATH] [--rounds 2] [--photos N]``.

Last run (2 cores shared with other work, 2026-11-26, 2 rounds, medians): read 0.34 s, decode ⅛
6.54 s, decode as needed 9.10 s, + resample 13.32 s, prepare 13.40 s; exports with photos prepared
2.36 s (PDF) and 3.89 s (DOCX). So a first export is at least 9.2 s (PDF) and 10.8 s (DOCX) even
with every photo decoded at ⅛ — fewer pixels than 300 ppi needs — and 11.8 / 13.3 s at the scales
it needs, against the goal of 8 s.
Benchmarks print numbers; tests never assert them.
"""

from __future__ import annotations

import argparse
import copy
import io
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PRINT_PPI = 300
GOAL_CPU_S = 8.0


def _photos_wanted(project: Path, limit: int | None) -> tuple[object, list[tuple[str, int, tuple[int, int]]]]:
    """The document and each (asset, rotation, size at 300 ppi) the print PDF draws, in page order."""
    from editor.io.project import load_project
    from editor.layout.engine import layout_document
    from editor.render.prepared_photos import sizes_wanted

    doc = load_project(project)
    wanted = sizes_wanted(layout_document(doc), PRINT_PPI)
    photos = [(asset, rotation, size) for (asset, rotation), size in wanted.items() if size is not None]
    return doc, photos[:limit] if limit else photos


def _decoded(data: bytes, size: tuple[int, int] | None):
    """``data`` decoded at the DCT scale just above ``size`` (None: ⅛ of its stored size)."""
    from PIL import Image

    image = Image.open(io.BytesIO(data))
    if size is None:
        size = (max(1, image.width // 8), max(1, image.height // 8))
    image.draft(None, size)
    image.load()
    return image


def _steps(doc, photos: list[tuple[str, int, tuple[int, int]]]) -> dict[str, Callable[[], None]]:
    """Each measured step: a function that runs it over every photo."""
    from editor.io import photos as photo_io
    from editor.io.photos import read_photo_info, shown_size_px

    def read() -> None:
        fresh = copy.copy(doc.assets)  # a project's photos with none kept: each read from the file
        for asset, _, _ in photos:
            fresh.get(asset)

    data = {asset: doc.assets.get(asset) for asset, _, _ in photos}
    # The size the stored photo is decoded to: ``size`` is the upright photo's, a sideways one swaps.
    stored = {}
    for asset, rotation, size in photos:
        info = read_photo_info(data[asset])
        upright = shown_size_px(info, rotation)
        swap = upright != (info.width_px, info.height_px) and upright == (info.height_px, info.width_px)
        stored[asset, rotation] = (size[1], size[0]) if swap else size

    def decode_eighth() -> None:
        for asset, _, _ in photos:
            _decoded(data[asset], None)

    def decode_needed() -> None:
        for asset, rotation, _ in photos:
            _decoded(data[asset], stored[asset, rotation])

    def resampled() -> None:
        for asset, rotation, _ in photos:
            image = _decoded(data[asset], stored[asset, rotation])
            if image.width > stored[asset, rotation][0]:
                image.resize(stored[asset, rotation], photo_io.DOWNSAMPLING_FILTER, reducing_gap=3.0)

    def prepare() -> None:
        for asset, rotation, size in photos:
            photo_io._prepared.clear()  # nothing kept from the last round
            photo_io.prepare_for_pdf(data[asset], rotation, name=asset, max_size_px=size, keep_in_memory=False)

    return {"read": read, "decode ⅛": decode_eighth, "decode as needed": decode_needed,
            "+ resample": resampled, "prepare": prepare}


def _export_with_photos_prepared(kind: str, project: Path) -> float:
    """CPU seconds of ``banmian export`` (``kind``: pdf or docx, as ``bench_targets``) in a fresh process,
    every photo already prepared by an uncounted export before it."""
    from bench.bench_targets import export_once

    with tempfile.TemporaryDirectory(prefix="banmian-floor-rest-") as folder:
        export_once(f"{kind}_later", project, Path(folder))  # prepares every photo (and parses the fonts)
        cpu_s = export_once(f"{kind}_later", project, Path(folder))["cpu_s"]
    print(f"  {kind.upper()} export, photos prepared: {cpu_s:.2f} s CPU", flush=True)
    return cpu_s


def main(argv: list[str] | None = None) -> None:
    import os

    from bench.big_issue import project_argument
    from bench.machine import describe_machine

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--project", type=project_argument, default="big", help="big (default), sample or a path")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--photos", type=int, default=None, help="only the first N photos (a quick look)")
    parser.add_argument("--rest-pdf", type=float, default=None, help="CPU s of a PDF export, photos prepared")
    parser.add_argument("--rest-docx", type=float, default=None, help="CPU s of a DOCX export, photos prepared")
    arguments = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="banmian-floor-") as cache:
        os.environ["XDG_CACHE_HOME"] = cache  # ``prepare`` finds no prepared photo and keeps its own
        os.environ["LOCALAPPDATA"] = cache
        from editor.io import prepared_cache

        doc, photos = _photos_wanted(arguments.project, arguments.photos)
        steps = _steps(doc, photos)
        print(describe_machine())
        print(f"{len(photos)} photos at {PRINT_PPI} ppi, {arguments.rounds} rounds, steps interleaved:")
        samples: dict[str, list[float]] = {name: [] for name in steps}
        for round_index in range(arguments.rounds):
            order = list(steps) if round_index % 2 == 0 else list(reversed(steps))
            for name in order:
                if name == "prepare":  # every round a first export: no entry left from the last
                    import shutil

                    shutil.rmtree(prepared_cache.cache_folder(), ignore_errors=True)
                start = time.process_time()
                steps[name]()
                samples[name].append(time.process_time() - start)
                print(f"  round {round_index + 1} {name:>17}: {samples[name][-1]:6.2f} s CPU", flush=True)
    medians = {name: statistics.median(values) for name, values in samples.items()}
    for name, values in samples.items():
        print(f"  {name:>17}: median {medians[name]:.2f} s, least {min(values):.2f} s")
    rests = {"PDF": arguments.rest_pdf, "DOCX": arguments.rest_docx}
    for kind in rests:
        if rests[kind] is None:
            rests[kind] = _export_with_photos_prepared(kind.lower(), arguments.project)
    for kind, rest in rests.items():
        print(f"first {kind} export ≥ read + decode ⅛ + rest = "
              f"{medians['read'] + medians['decode ⅛'] + rest:.1f} s (no photo at 300 ppi yet); "
              f"with the scales 300 ppi needs: {medians['read'] + medians['decode as needed'] + rest:.1f} s; "
              f"as prepared now: {medians['read'] + medians['prepare'] + rest:.1f} s — goal ≤ {GOAL_CPU_S:.0f} s")


if __name__ == "__main__":
    main()
