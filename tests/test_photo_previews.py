"""Phone photos in the editor cost their file once and a screen-sized preview (issue #10: 30 phone
photos of 12 MP under 400 MB; ``bench/bench_photo_memory.py`` measures that).

Structural checks rather than a memory figure: the previews the canvas and the page thumbnails
decode are no larger than the screen shows (within the half-octave size step), one per photo
even after zooming, and placing photos keeps exactly one copy of each photo's bytes — the
document's, kept whole for export — however often the placing is undone and redone.
"""

from __future__ import annotations

import io
import math
import tracemalloc
from pathlib import Path

from PIL import Image
from PySide6.QtWidgets import QApplication

from editor.layout.display import ImageItem
from editor.render.qt_photos import MIN_BUCKET_PX

#: Large enough that its bytes stand out from everything else the editor allocates.
PHOTO_PX = (1600, 1200)
BIG_BLOCK_BYTES = 256 * 1024


def _noisy_photo(path: Path, seed: int, orientation: int | None = None) -> Path:
    """A JPEG of grain (it compresses like a photo, not like a flat colour: about 1 MB)."""
    grain = Image.merge("RGB", [Image.effect_noise(PHOTO_PX, 40 + seed + i) for i in range(3)])
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    buffer = io.BytesIO()
    grain.save(buffer, "JPEG", quality=90, exif=exif.tobytes())
    assert len(buffer.getvalue()) > 2 * BIG_BLOCK_BYTES
    path.write_bytes(buffer.getvalue())
    return path


def _place(window, paths: list[Path]) -> list[str]:
    """插入 → 图片… for each file on page 1 (nothing selected, so each gets a new frame); the assets."""
    assets = []
    for path in paths:
        window.controller.select([])
        assert window.arrange.insert_photo(path, 0)
        assets.append(window.controller.selected_frames()[0].asset)
    return assets


def _paint(window) -> None:
    window.go_to_page(0)
    window.canvas.viewport().repaint()
    QApplication.processEvents()
    window.pages_panel.thumbnails.render_now()


def _needed_px(window, asset: str) -> float:
    """The longest side, in device pixels, at which the canvas shows ``asset`` now."""
    scale = window.canvas.px_per_pt() * window.canvas.viewport().devicePixelRatioF()
    return max(max(item.image_rect.width_pt, item.image_rect.height_pt) * scale
               for page in window.controller.layout.pages for item in page.items
               if isinstance(item, ImageItem) and item.asset == asset)


def test_canvas_and_thumbnail_previews_are_no_larger_than_the_screen_shows(make_window, tmp_path) -> None:
    window = make_window()
    paths = [_noisy_photo(tmp_path / f"IMG_{n}.jpg", n, orientation=6 if n == 1 else None) for n in range(3)]
    assets = _place(window, paths)
    _paint(window)
    canvas_sides = window.canvas.photos.sides_px()
    thumbnail_sides = window.pages_panel.thumbnails.photos.sides_px()
    for asset in assets:
        needed = _needed_px(window, asset)
        assert needed < 1000  # the test means something only if the screen shows less than the photo
        (side,) = canvas_sides[(asset, 0)]
        assert needed <= side <= max(MIN_BUCKET_PX, math.ceil(needed * math.sqrt(2)))
        assert thumbnail_sides[(asset, 0)] == [MIN_BUCKET_PX]  # 110 px wide pages: the smallest size


def test_zooming_keeps_one_preview_per_photo(make_window, tmp_path) -> None:
    window = make_window()
    (asset,) = _place(window, [_noisy_photo(tmp_path / "IMG_1.jpg", 1)])
    _paint(window)
    before = window.canvas.photos.sides_px()[(asset, 0)]
    window.canvas.set_zoom(window.canvas.zoom * 2.5)
    window.canvas.viewport().repaint()
    QApplication.processEvents()
    after = window.canvas.photos.sides_px()[(asset, 0)]
    assert len(after) == 1 and after[0] > before[0]  # the larger preview replaced the smaller one


def _big_blocks(sizes: list[int] | None = None) -> int:
    """Live Python allocations of at least ``BIG_BLOCK_BYTES`` (a photo's bytes is one such block);
    with ``sizes``, only those the size of one of those files (a ``bytes`` object adds 33 bytes) —
    the sample's own photos, read from its project file when first shown, are not copies."""
    return sum(1 for trace in tracemalloc.take_snapshot().traces if trace.size >= BIG_BLOCK_BYTES
               and (sizes is None or any(0 <= trace.size - size <= 64 for size in sizes)))


def test_placing_photos_keeps_one_copy_of_each_photos_bytes(make_window, tmp_path) -> None:
    window = make_window()
    paths = [_noisy_photo(tmp_path / f"IMG_{n}.jpg", n) for n in range(3)]
    undo, redo = window.menu_actions.actions["undo"], window.menu_actions.actions["redo"]
    sizes = [path.stat().st_size for path in paths]
    tracemalloc.start()
    try:
        before = _big_blocks(sizes)
        assets = _place(window, paths)
        _paint(window)
        assert _big_blocks(sizes) - before == len(paths)
        for _ in paths:
            undo.trigger()
        assert not set(assets) & set(window.controller.doc.assets)
        assert _big_blocks(sizes) - before == len(paths)  # the undo steps hold the very same bytes
        for _ in paths:
            redo.trigger()
        _paint(window)
        assert _big_blocks(sizes) - before == len(paths)
        assert all(len(window.controller.doc.assets[a]) == p.stat().st_size for a, p in zip(assets, paths, strict=True))
    finally:
        tracemalloc.stop()
