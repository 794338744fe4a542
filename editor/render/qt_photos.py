"""Decoded photos for the Qt painter, sized for the screen and kept in an LRU.

A newsletter photo is typically a 12-megapixel JPEG, shown on screen a few
hundred pixels wide. Decoding it on every paint would take ~0.2 s per photo;
decoding it at full size once would hold 48 MB per photo. So each photo is
decoded (upright: EXIF orientation, then the user's rotation, by
``editor.io.photos.load_upright``, which lets libjpeg decode at a reduced DCT
scale) at the smallest size bucket that still has at least as many pixels as
the device will show, converted to a ``QImage`` once, and kept in a cache
bounded by bytes.

Buckets are half-octave steps of the longer side (256, 362, 512, 724 …), so
the painter never downsamples by more than √2: Qt's smooth image drawing is
bilinear, which is only alias-free for small reductions. They stop at
``MAX_BUCKET_PX`` (4096): zoomed further in, a photo is enlarged from that
rather than decoded larger (a 200 MP photo at full size would be 800 MB).
A photo keeps one preview per rotation: decoding it at another size (the
view was zoomed) drops the one before, which the screen no longer shows, so
the cache holds what the pages look like now, not every zoom they had
(30 phone photos scrolled through at 100 % and then 200 % held 118 MB of
previews when each zoom's were kept, 86 MB now: ``bench/bench_photo_memory.py``).
A photo that cannot be used is drawn as the placeholder, and ``problem``
says why (the reason an import of the same file gives).
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass

from PIL import Image
from PySide6.QtGui import QImage

from editor.errors import BanmianError
from editor.io.photo_checks import reason_of
from editor.io.photos import load_upright, read_photo_info

#: Default memory bound: two and a half photos at the largest bucket (a page zoomed to 1600 %),
#: a page of seven photos at 400 %, or dozens at screen size (30 phone photos on A4 pages at
#: 200 % take 90 MB). With the photo files kept whole for export, 30 phone photos must stay
#: under 400 MB (issue #10).
DEFAULT_MAX_BYTES = 128 * 1024 * 1024
#: The smallest bucket: below this, decoding is cheap and the image tiny anyway.
MIN_BUCKET_PX = 256
#: The largest bucket: 4096 × 3072 (12.6 MP, 50 MB as a QImage) for a 4:3 photo.
MAX_BUCKET_PX = 4096

#: Stands for "cannot be decoded" in the cache.
_UNREADABLE = QImage()


def bucket_for(needed_side_px: float, native_side_px: int) -> int:
    """The decode size (longer side) for a photo shown ``needed_side_px`` wide, or 0 for full size."""
    if needed_side_px <= MIN_BUCKET_PX:
        bucket = MIN_BUCKET_PX
    else:
        steps = math.ceil(2.0 * math.log2(min(needed_side_px, MAX_BUCKET_PX) / MIN_BUCKET_PX) - 1e-9)
        bucket = min(round(MIN_BUCKET_PX * 2.0 ** (steps / 2.0)), MAX_BUCKET_PX)
    return 0 if bucket >= native_side_px else bucket


def to_qimage(image: Image.Image) -> QImage:
    """A PIL RGB or RGBA image as a QImage that owns its pixels.

    RGB goes to ``Format_RGB32`` (Qt's fastest format to draw). Qt's own
    conversion from packed RGB sets the unused byte to 0xFF, as RGB32 requires
    (Pillow's "BGRX" packer leaves it 0, which makes the photo vanish when
    drawn onto a transparent image).
    """
    if image.mode == "RGBA":
        data = image.tobytes("raw", "RGBA")
        qimage = QImage(data, image.width, image.height, 4 * image.width, QImage.Format.Format_RGBA8888)
        return qimage.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)
    if image.mode != "RGB":
        image = image.convert("RGB")
    data = image.tobytes()
    packed = QImage(data, image.width, image.height, 3 * image.width, QImage.Format.Format_RGB888)
    return packed.convertToFormat(QImage.Format.Format_RGB32)


@dataclass(frozen=True, slots=True)
class _Key:
    """Cache key; ``bucket`` 0 means full size."""

    asset: str
    rotation_deg: int
    bucket: int


class PhotoCache:
    """Upright photos as QImages, one per (asset, rotation, size bucket), least recently used first out.

    Asset names are content hashes, so one cache can serve several
    documents and an entry never goes stale. A photo that cannot be decoded
    is remembered as such, so it is not decoded again on every paint. Use
    from one thread at a time (the GUI thread, typically).
    """

    def __init__(self, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.max_bytes = max_bytes
        self._images: OrderedDict[_Key, QImage] = OrderedDict()
        #: Longer side of each asset's photo; 0 when its header cannot be read.
        self._native: dict[str, int] = {}
        #: Why a photo cannot be shown, by asset (the Chinese reason).
        self._problems: dict[str, str] = {}
        self._bytes = 0
        #: Decodes done since creation (for tests and benchmarks).
        self.decodes = 0

    @property
    def bytes_used(self) -> int:
        """Pixel memory held now."""
        return self._bytes

    def __len__(self) -> int:
        return len(self._images)

    def clear(self) -> None:
        """Drop every decoded photo."""
        self._images.clear()
        self._native.clear()
        self._problems.clear()
        self._bytes = 0

    def problem(self, asset: str) -> str | None:
        """Why ``asset`` was drawn as a placeholder, once ``image`` has tried it (“文件不完整，…”,
        without the asset's name, which means nothing to the user); None if it was not."""
        return self._problems.get(asset)

    def _native_side(self, asset: str, data: bytes) -> int:
        if asset not in self._native:
            try:
                info = read_photo_info(data, asset)
                self._native[asset] = max(info.width_px, info.height_px)
            except BanmianError as problem:
                self._native[asset] = 0
                self._problems[asset] = reason_of(problem)
        return self._native[asset]

    def image(self, assets: Mapping[str, bytes], asset: str, rotation_deg: int,
              needed_side_px: float) -> QImage | None:
        """The photo upright and turned by ``rotation_deg``, with its longer side ≥ ``needed_side_px``
        (or at full size), or None when the asset is missing or cannot be decoded."""
        # A photo shown before is answered without its bytes (a project's photos are read from
        # the file when asked: a repaint must not read them all again).
        if asset not in assets:
            return None
        data = None
        if asset not in self._native:
            data = assets.get(asset)
            if data is None:
                return None
        native = self._native_side(asset, data) if data is not None else self._native[asset]
        if not native:
            return None
        key = _Key(asset, rotation_deg % 360, bucket_for(needed_side_px, native))
        qimage = self._images.get(key)
        if qimage is not None:
            self._images.move_to_end(key)
        else:
            data = data if data is not None else assets.get(asset)
            if data is None:
                return None
            try:
                qimage = to_qimage(load_upright(data, key.rotation_deg, key.bucket or None, name=asset))
            except BanmianError as problem:
                qimage = _UNREADABLE
                self._problems[asset] = reason_of(problem)
            self.decodes += 1
            self._store(key, qimage)
        return None if qimage is _UNREADABLE else qimage

    def sides_px(self) -> dict[tuple[str, int], list[int]]:
        """The longer side of each preview held, by (asset, rotation) (for tests and benchmarks)."""
        sides: dict[tuple[str, int], list[int]] = {}
        for key, qimage in self._images.items():
            sides.setdefault((key.asset, key.rotation_deg), []).append(max(qimage.width(), qimage.height()))
        return sides

    def _store(self, key: _Key, qimage: QImage) -> None:
        for other in [k for k in self._images if k.asset == key.asset and k.rotation_deg == key.rotation_deg]:
            self._bytes -= self._images.pop(other).sizeInBytes()
        self._images[key] = qimage
        self._bytes += qimage.sizeInBytes()
        while self._bytes > self.max_bytes and len(self._images) > 1:
            _, evicted = self._images.popitem(last=False)
            self._bytes -= evicted.sizeInBytes()
