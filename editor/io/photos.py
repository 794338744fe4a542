"""Reading photos safely, and preparing them for the screen and for PDF.

Every photo that enters Banmian passes through here, so that four things
hold everywhere: only the formats we list are opened, and nothing larger
than the limits allow is decoded (``editor.io.photo_checks`` says which and
why, and checks them from the header before any pixel is decoded); the photo
is shown upright (phones store pixels sideways and say so in the EXIF
Orientation tag, which neither Pillow on open nor ReportLab on embedding
applies); a damaged, foreign or absurdly large file becomes one
``PhotoError`` with a Chinese message instead of a Pillow exception or
warning; and a plain JPEG reaches the PDF byte for byte (ReportLab embeds
JPEG bytes unchanged with DCTDecode, so re-encoding would only lose quality),
while anything ReportLab would get wrong (rotated, CMYK, 12-bit,
arithmetic-coded) is normalised first.

Colours are the same on every path, because the canvas and both exports
convert here, to sRGB (what the screen, the PDF's output intent and Word take
pixels for): a CMYK photo through the ICC profile it embeds (as Photoshop
converts by default: relative colorimetric, black point compensation), or by
Pillow's plain complement when it has none or the profile is unusable; an RGB
photo in another space (a phone's Display P3, a camera's Adobe RGB) through
its profile the same way, so such a JPEG never passes through unchanged;
16-bit samples are scaled to 8 bits, not clipped; transparency (alpha, a
palette's transparent index) is kept; an animated GIF shows its first frame.

What is decoded is bounded as well as what is opened. A JPEG is decoded at
the smallest DCT scale (½, ¼, ⅛) that still gives what is needed: ⅛ to
check it, the screen's size for the canvas, and at most
``PRINT_MAX_PIXELS`` (24 MP; an A3 page at 300 dpi is 17 MP) when it must
be re-encoded for print. Another format is decoded whole (its header limit
keeps that within one decode's budget) and then reduced to the same size.
Turning and converting a 24 MP photo holds two copies of 4 bytes a pixel,
192 MB. A PNG made for the PDF is decoded once more by ReportLab, which holds
RGB, alpha and a byte string of it (≈ 12 bytes a pixel) and deflates it (a
12 MP one took 4.8 s), so those stop at ``PNG_PRINT_MAX_PIXELS`` (8 MP;
print at 300 dpi needs that for 29 × 20 cm). A JPEG passes through unchanged
only up to ``MAX_PASS_THROUGH_BYTES`` (32 MB): ReportLab holds an embedded
JPEG four times over until the PDF is written (a 72 MB one cost 290 MB), so
a larger one — only 200 MP phone photos are — is re-encoded at ¼ scale
(≈ 12 MP).

The PDF needs no more pixels than the export's resolution gives the photo at
the size it is placed (``prepare_for_pdf(..., max_size_px=...)``; 300 ppi for
print, 150 for the screen): a larger photo is decoded at the DCT scale just
above that size, resampled down the rest of the way (by less than two, with a
filter as wide as the reduction: ``DOWNSAMPLING_FILTER``) and re-encoded (JPEG quality
``DOWNSAMPLED_JPEG_QUALITY``, or PNG when it has transparency or was lossless
graphics); a photo at or under it is never enlarged, and a plain JPEG then
still passes through byte for byte.

Pure functions on bytes; no Qt. HEIC/HEIF photos open when the optional
``pillow-heif`` package is installed.
"""

from __future__ import annotations

import contextlib
import functools
import io
import math
import threading
import warnings
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from PIL import Image, ImageCms

from editor.errors import PhotoError, display_name
from editor.io import photo_checks
from editor.io.os_errors import os_error_reason
from editor.io.photo_checks import (
    DAMAGED,
    OUT_OF_MEMORY,
    TRUNCATED,
    UnusablePhoto,
    allowed_formats,
    check_before_open,
    check_opened,
    too_many_pixels,
)
from editor.io.project import MAX_ASSET_BYTES, asset_name
from editor.io.regular_files import FileTooLargeError, NotRegularFileError, read_regular_file

HEIF_SUPPORTED = photo_checks.HEIF_SUPPORTED
#: Largest photo file imported: what a project may hold.
MAX_PHOTO_BYTES = MAX_ASSET_BYTES
#: A re-encoded photo is decoded (and embedded) at most this large.
PRINT_MAX_PIXELS = 24_000_000
#: … and at most this large when it becomes a PNG, which ReportLab decodes once more.
PNG_PRINT_MAX_PIXELS = 8_000_000
#: Larger JPEGs are re-encoded smaller instead of embedded byte for byte.
MAX_PASS_THROUGH_BYTES = 32 * 1024 * 1024

JPEG_QUALITY = 92
#: A photo resampled down to the export's resolution loses detail anyway; 90 keeps it clean.
DOWNSAMPLED_JPEG_QUALITY = 90
#: What takes a photo decoded at the DCT scale just above its placed size (``draft``: libjpeg
#: already averaged each 2, 4 or 8 pixels) the rest of the way down, by less than two. Hamming
#: is sinc's positive lobe, one source pixel wide times the reduction: no ringing, sharper than
#: bilinear at its cost, and a third of Lanczos' (three lobes). Measured on a 12 MP phone photo:
#: 4032 × 3024 → 2599 × 1949 took 112 ms against Lanczos' 219, ¼ scale → 630 × 473 5 ms against
#: 12; Lanczos took 6.9 s of CPU of the first print export of 200 such photos.
DOWNSAMPLING_FILTER = Image.Resampling.HAMMING
_EXIF_ORIENTATION = 0x0112
_EXIF_X_RESOLUTION = 0x011A
_EXIF_Y_RESOLUTION = 0x011B
_EXIF_RESOLUTION_UNIT = 0x0128
#: Orientations 5–8 store the photo with width and height swapped.
_SIDEWAYS_ORIENTATIONS = frozenset({5, 6, 7, 8})
#: SOF markers a PDF's DCTDecode filter reads: baseline and progressive Huffman.
_PDF_SAFE_SOF_MARKERS = frozenset({0xC0, 0xC1, 0xC2})
_PASS_THROUGH_MODES = frozenset({"RGB", "L"})
#: Pillow format name → the extension the project stores the photo under.
_EXTENSION_OF_FORMAT = {
    "JPEG": "jpg", "MPO": "jpg", "PNG": "png", "WEBP": "webp", "TIFF": "tif",
    "BMP": "bmp", "GIF": "gif", "HEIF": "heic",
}
_JPEG_FORMATS = frozenset({"JPEG", "MPO"})
#: Lossless graphics sources stay lossless after normalising.
_PNG_SOURCES = frozenset({"PNG", "GIF", "BMP"})
#: Photos known to decode, by (length, hash) of their bytes: checked once per process.
_VERIFIED_CAPACITY = 512
#: Re-encoded photos kept for the next export (PDF then Word decode once), by bytes held.
_PREPARED_CACHE_BYTES = 64 * 1024 * 1024
#: How a photo's embedded profile (CMYK, or RGB other than sRGB) is applied: Photoshop's default
#: conversion, relative colorimetric with black point compensation. NOCACHE: one transform may
#: serve two threads (an export and the canvas), and lcms needs its one-pixel cache off for that.
_CONVERSION_INTENT = ImageCms.Intent.RELATIVE_COLORIMETRIC
_CONVERSION_FLAGS = ImageCms.Flags.BLACKPOINTCOMPENSATION | ImageCms.Flags.NOCACHE

#: What the colours of a prepared photo are, in the key of the photos kept on disk: a photo
#: prepared before RGB profiles were honoured must not be taken for one prepared after.
_COLOUR_RULE = "sRGB: CMYK and RGB profiles applied"

PhotoKind = Literal["jpeg", "png"]


@dataclass(frozen=True)
class PhotoInfo:
    """What the header says, with sizes as the reader sees the photo (upright)."""

    width_px: int
    height_px: int
    #: Pixels per inch (x, y) from JFIF/PNG/EXIF, or None when the file has none.
    dpi: tuple[float, float] | None
    #: Pillow's format name: ``JPEG``, ``PNG``, ``HEIF`` …
    format: str
    #: EXIF Orientation 1–8; 1 when absent or invalid.
    exif_orientation: int
    #: Pillow mode of the stored pixels: ``RGB``, ``L``, ``CMYK``, ``RGBA`` …
    mode: str


@dataclass(frozen=True)
class PreparedPhoto:
    """Bytes ready to embed in a PDF: an upright RGB/grey JPEG, or a PNG."""

    data: bytes
    kind: PhotoKind
    width_px: int
    height_px: int
    #: True when ``data`` is the original file unchanged.
    passed_through: bool


# ---------------------------------------------------------------- errors


@contextlib.contextmanager
def _pillow_guard(name: str | None) -> Iterator[None]:
    """Turn whatever Pillow raises or warns about into one PhotoError.

    Pillow's format plugins raise many exception types on damaged input
    (OSError, SyntaxError, ValueError, struct.error, IndexError …), so
    everything is caught here; the cause stays chained for the log.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            yield
        except PhotoError:
            raise
        except Image.DecompressionBombError as problem:
            raise UnusablePhoto(name, too_many_pixels(None)) from problem
        except MemoryError as problem:
            raise UnusablePhoto(name, OUT_OF_MEMORY) from problem
        except OSError as problem:
            raise UnusablePhoto(name, TRUNCATED if "truncated" in str(problem) else DAMAGED) from problem
        except Exception as problem:
            raise UnusablePhoto(name, DAMAGED) from problem


def _data_key(data: bytes) -> tuple[int, int]:
    """Identifies a photo's bytes (CPython keeps a bytes object's hash, so this is cheap again)."""
    return len(data), hash(data)


# ---------------------------------------------------------------- header


def _open(data: bytes, name: str | None) -> Image.Image:
    """Open (header only) a listed format within the limits; call inside _pillow_guard."""
    check_before_open(data, name)
    image = Image.open(io.BytesIO(data), formats=allowed_formats())
    check_opened(image, data, name)
    return image


def _open_accepted(data: bytes) -> Image.Image:
    """Open (header only) bytes ``read_photo_info`` has just accepted, without walking its checks
    again (a phone photo's scan takes 1–2 ms to walk); call inside _pillow_guard."""
    return Image.open(io.BytesIO(data), formats=allowed_formats())


def _exif_of(image: Image.Image) -> Image.Exif:
    """EXIF without decoding pixels (Pillow's PNG getexif would load them)."""
    if image.format == "PNG":
        exif = Image.Exif()
        raw = image.info.get("exif")
        if isinstance(raw, bytes):
            exif.load(raw)
        return exif
    return image.getexif()


def _orientation(exif: Image.Exif) -> int:
    value = exif.get(_EXIF_ORIENTATION, 1)
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def _dpi(image: Image.Image, exif: Image.Exif) -> tuple[float, float] | None:
    raw = image.info.get("dpi")
    if isinstance(raw, tuple) and len(raw) == 2:
        x_dpi, y_dpi = float(raw[0]), float(raw[1])
        if x_dpi > 0 and y_dpi > 0:
            return (round(x_dpi, 3), round(y_dpi, 3))
    x_res, y_res = exif.get(_EXIF_X_RESOLUTION), exif.get(_EXIF_Y_RESOLUTION)
    unit = exif.get(_EXIF_RESOLUTION_UNIT, 2)
    if x_res is None or y_res is None or unit not in (2, 3):
        return None
    try:
        x_dpi, y_dpi = float(x_res), float(y_res)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    if not (0 < x_dpi < math.inf and 0 < y_dpi < math.inf):
        return None
    per_inch = 2.54 if unit == 3 else 1.0
    return (round(x_dpi * per_inch, 3), round(y_dpi * per_inch, 3))


def read_photo_info(data: bytes, name: str | None = None) -> PhotoInfo:
    """Size (upright), resolution, format and orientation from the header only.

    Cheap enough to call for every photo on import or when a project opens;
    it decodes no pixels, but it does refuse what the structure already
    shows (a JPEG or PNG cut short, a size its data cannot hold, a format we
    do not open, more pixels than the limits), so a layout made from it never
    promises a photo that cannot be drawn for those reasons. Damage inside
    the data is found by ``verify_photo``.
    """
    with _pillow_guard(name):
        image = _open(data, name)
        exif = _exif_of(image)
        orientation = _orientation(exif)
        width, height = image.size
        if orientation in _SIDEWAYS_ORIENTATIONS:
            width, height = height, width
        return PhotoInfo(
            width_px=width,
            height_px=height,
            dpi=_dpi(image, exif),
            format=image.format or "",
            exif_orientation=orientation,
            mode=image.mode,
        )


#: What ``read_photo_info_of_ends`` is given of a photo: its first bytes (a phone photo's EXIF,
#: with its thumbnail at most 64 KB, its tables and enough of its scan for 20 MP) and its last.
PHOTO_HEAD_BYTES = 128 * 1024
PHOTO_TAIL_BYTES = 2
_JPEG_START, _JPEG_END = b"\xff\xd8", b"\xff\xd9"


def read_photo_info_of_ends(head: bytes, tail: bytes, total_bytes: int, name: str | None = None) -> PhotoInfo | None:
    """What ``read_photo_info`` says of a photo of ``total_bytes``, from its first and last bytes only;
    None when they cannot tell, and the photo must be read whole (issue #12: the first layout of a
    200-photo issue read 750 MB to learn 200 sizes).

    Told for a JPEG that is not progressive, ends in an end-of-image marker (a file cut short has
    none, so it is read whole and refused as before) and whose first bytes hold its header and
    enough of its scan for its size: the checks of ``read_photo_info`` then pass on the first bytes
    closed by that marker, and pass on the whole photo, whose scan only holds more. Anything else
    (another format, a header refused, a scan needing more coefficients than one decode may hold if
    it came in several parts) is left to the whole photo. Damage inside the scan is found by
    decoding, as it is for a whole photo (``verify_photo``, the canvas).
    """
    if total_bytes <= len(head) + len(tail) or not head.startswith(_JPEG_START) or not tail.endswith(_JPEG_END):
        return None
    try:
        info = read_photo_info(head + _JPEG_END, name)
    except PhotoError:
        return None
    structure = photo_checks.jpeg_structure(head + _JPEG_END)
    if info.format not in _JPEG_FORMATS or structure is None or structure.buffered:
        return None
    if structure.blocks() * photo_checks.JPEG_COEFFICIENT_BYTES_PER_BLOCK > photo_checks.DECODE_BUDGET_BYTES:
        return None  # more scans further on would make it buffered, and too large to decode
    return info


#: (length, hash) of photos that decoded, most recently checked last.
_verified: OrderedDict[tuple[int, int], None] = OrderedDict()
#: Exports check and prepare photos on a worker thread while the window may import one.
_cache_lock = threading.Lock()


def verify_photo(data: bytes, name: str | None = None) -> PhotoInfo:
    """``read_photo_info`` plus a cheap decode that finds truncated or damaged data.

    JPEGs decode at 1/8 scale (DCT coefficients only), which still reads the
    whole compressed stream; other formats decode whole, within their limits.
    HEIC is not decoded (libheif already checked its container while opening,
    and decoding costs seconds). A photo that passed is remembered for the
    rest of the process, and on this machine by the SHA-256 of its bytes
    (``prepared_cache.mark_decoded``: a marker in the user cache folder), so
    neither an export nor the next session decodes it again to check it.
    """
    info = read_photo_info(data, name)
    key = _data_key(data)
    with _cache_lock:
        if key in _verified:
            _verified.move_to_end(key)
            return info
    from editor.io import prepared_cache

    digest = prepared_cache.photo_digest(data)
    if not prepared_cache.was_decoded(digest):
        _decode_cheaply(data, name)
        prepared_cache.mark_decoded(digest)
    _remember_verified(key)
    return info


def _remember_verified(key: tuple[int, int]) -> None:
    """Keep ``_data_key`` of a photo that decoded among the last ``_VERIFIED_CAPACITY``."""
    with _cache_lock:
        _verified[key] = None
        _verified.move_to_end(key)
        while len(_verified) > _VERIFIED_CAPACITY:
            _verified.popitem(last=False)


def _decode_cheaply(data: bytes, name: str | None) -> None:
    with _pillow_guard(name):
        image = _open(data, name)
        if image.format == "HEIF":
            return
        if image.format in _JPEG_FORMATS:
            image.draft(None, (1, 1))
        image.load()


# ---------------------------------------------------------------- pixels


def _check_rotation(rotation_deg: int) -> int:
    if rotation_deg % 90 != 0:
        raise ValueError(f"rotation_deg must be a multiple of 90, got {rotation_deg}")
    return rotation_deg % 360


#: What undoes each EXIF orientation (as ``ImageOps.exif_transpose`` does it).
_EXIF_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
#: The user's clockwise quarter turns (Pillow's ROTATE_n turn counter-clockwise).
_CLOCKWISE = {
    90: Image.Transpose.ROTATE_270,
    180: Image.Transpose.ROTATE_180,
    270: Image.Transpose.ROTATE_90,
}


@functools.cache
def _upright_transpose(orientation: int, rotation_deg: int) -> Image.Transpose | None:
    """The one transpose doing the EXIF orientation and then the user's rotation (None: neither).

    One transpose instead of two keeps a single extra copy of the pixels.
    Found by trying each candidate on a 3 × 2 probe whose pixels all differ.
    """
    probe = Image.frombytes("L", (3, 2), bytes(range(6)))
    wanted = probe
    for step in (_EXIF_TRANSPOSE.get(orientation), _CLOCKWISE.get(rotation_deg)):
        if step is not None:
            wanted = wanted.transpose(step)
    if wanted.tobytes() == probe.tobytes():
        return None
    return next(t for t in Image.Transpose
                if probe.transpose(t).size == wanted.size and probe.transpose(t).tobytes() == wanted.tobytes())


def _upright(image: Image.Image, orientation: int, rotation_deg: int) -> Image.Image:
    """Apply the EXIF orientation, then the user's clockwise rotation."""
    transpose = _upright_transpose(orientation, rotation_deg)
    return image if transpose is None else image.transpose(transpose)


def _jpeg_scale_for(width: int, height: int, max_pixels: int) -> int:
    """The least DCT reduction (1, 2, 4 or 8) that brings a JPEG within ``max_pixels``."""
    for scale in (1, 2, 4):
        if -(-width // scale) * -(-height // scale) <= max_pixels:
            return scale
    return 8


def _decoded_within(image: Image.Image, max_pixels: int, min_side_px: int = 0) -> Image.Image:
    """The opened photo decoded, at most ``max_pixels`` large.

    A JPEG is decoded at the most reduced DCT scale that still keeps its
    longer side at least ``min_side_px`` (none: full size), but never larger
    than ``max_pixels``; anything else is decoded whole and then reduced.
    """
    width, height = image.size
    if image.format in _JPEG_FORMATS:
        scale = _jpeg_scale_for(width, height, max_pixels)
        while min_side_px and scale < 8 and -(-max(width, height) // (2 * scale)) >= min_side_px:
            scale *= 2
        if scale > 1:
            image.draft(None, (max(1, width // scale), max(1, height // scale)))
    image.load()
    return _shrunk(image, max_pixels)


def _shrunk(image: Image.Image, max_pixels: int) -> Image.Image:
    """``image`` reduced by a whole factor (box filter) to at most ``max_pixels``."""
    width, height = image.size
    factor = 1
    while -(-width // factor) * -(-height // factor) > max_pixels:
        factor += 1
    if factor == 1:
        return image
    if image.mode in ("RGBA", "LA"):
        # Pillow would first premultiply into a second full-size image; band by band needs a quarter.
        return Image.merge(image.mode, [image.getchannel(band).reduce(factor) for band in image.getbands()])
    try:
        return image.reduce(factor)
    except ValueError:  # palette, bilevel and 16-bit modes: nearest pixel keeps their values
        return image.resize((max(1, width // factor), max(1, height // factor)), Image.Resampling.NEAREST)


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or (
        image.mode == "P" and "transparency" in image.info
    )


#: sRGB's primaries as an ICC profile states them (XYZ, adapted to D50), from IEC 61966-2-1.
_SRGB_COLORANTS_XYZ = ((0.4361, 0.2225, 0.0139), (0.3851, 0.7169, 0.0971), (0.1431, 0.0606, 0.7141))
#: How far a profile's colorant may be from sRGB's and the profile still count as sRGB (rounding
#: in the s15Fixed16 numbers of the many sRGB profiles in circulation is under 0.0005).
_SRGB_TOLERANCE = 0.002


def _is_srgb(profile: ImageCms.core.CmsProfile) -> bool:
    """Whether an RGB profile has sRGB's primaries (then its pixels are already what the screen,
    the PDF and Word take them for)."""
    colorants = (profile.red_colorant, profile.green_colorant, profile.blue_colorant)
    if any(colorant is None for colorant in colorants):
        return False  # a profile without colorants (a table-based one) is no matrix sRGB profile
    return all(abs(got - want) <= _SRGB_TOLERANCE for colorant, srgb in zip(colorants, _SRGB_COLORANTS_XYZ, strict=True)
               for got, want in zip(colorant[0], srgb, strict=True))


@functools.lru_cache(maxsize=8)
def _srgb_transform(profile: bytes, mode: str) -> ImageCms.ImageCmsTransform | None:
    """``mode`` ("CMYK" or "RGB") → sRGB through a photo's embedded ICC profile. None when the
    profile is not of that colour space, is sRGB itself (another RGB space: Display P3 from a
    phone, Adobe RGB from a camera, is converted), or lcms cannot read it — the pixels are then
    taken as they are, as every program without colour management takes them."""
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        if source.profile.xcolor_space.strip() != mode or (mode == "RGB" and _is_srgb(source.profile)):
            return None
        return ImageCms.buildTransform(source, ImageCms.createProfile("sRGB"), mode, "RGB",
                                       _CONVERSION_INTENT, _CONVERSION_FLAGS)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError, ImportError):  # ImportError: Pillow without lcms
        return None


def _to_srgb(image: Image.Image, profile: bytes | None) -> Image.Image:
    """An RGB or RGBA photo's colours in sRGB (its alpha kept), through its own RGB profile."""
    transform = _srgb_transform(profile, "RGB") if profile else None
    if transform is None:
        return image
    if image.mode == "RGBA":
        converted = transform.apply(image.convert("RGB"))
        converted.putalpha(image.getchannel("A"))
        return converted
    return transform.apply(image)


def _icc_profile(image: Image.Image) -> bytes | None:
    """The ICC profile the opened photo embeds (JPEG APP2, PNG iCCP, TIFF, WebP), if any."""
    profile = image.info.get("icc_profile")
    return profile if isinstance(profile, bytes) and profile else None


def _cmyk_to_rgb(image: Image.Image, profile: bytes | None) -> Image.Image:
    """Inks to screen colours: through the photo's own CMYK profile when it has a usable one
    (a printer's profile makes pure cyan a duller blue than (0, 255, 255)), else Pillow's
    plain conversion (each ink takes away its complementary channel, black all three), which
    is all a photo without a profile can tell."""
    transform = _srgb_transform(profile, "CMYK") if profile else None
    return transform.apply(image) if transform is not None else image.convert("RGB")


def _normalised_mode(image: Image.Image, keep_grey: bool, icc_profile: bytes | None = None) -> Image.Image:
    """RGB, RGBA, or (when ``keep_grey``) L; CMYK (through ``icc_profile``) and 16-bit data
    converted; RGB in another space than sRGB converted to sRGB through ``icc_profile``."""
    if image.mode == "CMYK":
        return _cmyk_to_rgb(image, icc_profile)
    if _has_alpha(image):
        if image.mode == "La":  # grey premultiplied by alpha (a TIFF's associated alpha): Pillow converts it only to LA
            image = image.convert("LA")
        return _to_srgb(image if image.mode == "RGBA" else image.convert("RGBA"), icc_profile)
    if image.mode in ("I;16", "I", "I;16B", "I;16L", "I;16N", "F"):
        # Pillow's convert clips 16-bit grey to 0..255 instead of scaling it; its point()
        # ignores a target mode for these modes, so the scaled values are made L after.
        wide = image if image.mode in ("I;16", "I") else image.convert("I")
        image = wide.point(lambda value: value / 256).convert("L")
    if image.mode == "L" or image.mode == "1":
        return image.convert("L") if keep_grey else image.convert("RGB")
    return _to_srgb(image if image.mode == "RGB" else image.convert("RGB"), icc_profile)


def _can_pass_through(info: PhotoInfo, data: bytes, rotation_deg: int) -> bool:
    if info.format not in _JPEG_FORMATS or len(data) > MAX_PASS_THROUGH_BYTES:
        return False
    structure = photo_checks.jpeg_structure(data)
    return (
        info.exif_orientation == 1
        and rotation_deg == 0
        and info.mode in _PASS_THROUGH_MODES
        and structure is not None
        and structure.sof_marker in _PDF_SAFE_SOF_MARKERS
        and not _needs_colour_conversion(data)
    )


def _needs_colour_conversion(data: bytes) -> bool:
    """Whether an RGB photo embeds a profile of another space than sRGB (the PDF and Word would
    show its numbers as sRGB: a Display P3 photo duller than it is)."""
    profile = _icc_profile(_open_accepted(data))
    return profile is not None and _srgb_transform(profile, "RGB") is not None


#: Re-encoded photos by (SHA-256 of the bytes, rotation, size asked for), most recently used last.
_prepared: OrderedDict[tuple[bytes, int, tuple[int, int] | None], PreparedPhoto] = OrderedDict()


def shown_size_px(info: PhotoInfo, rotation_deg: int) -> tuple[int, int]:
    """The photo's width and height as the page shows it: upright, then turned by the user."""
    if rotation_deg % 180:
        return info.height_px, info.width_px
    return info.width_px, info.height_px


def downsampling_scale(shown_px: tuple[int, int], max_size_px: tuple[int, int] | None) -> float:
    """How much to shrink a photo of ``shown_px`` so that neither side is more than it needs.

    1.0 (never enlarge) when the photo is at or under ``max_size_px`` on either
    side, or when there is no size to meet. Both sides keep one scale, so the
    larger of the two ratios wins and each side still gets what it needs.
    """
    if max_size_px is None:
        return 1.0
    width, height = shown_px
    wanted_width, wanted_height = max_size_px
    return min(1.0, max(wanted_width / max(width, 1), wanted_height / max(height, 1)))


def prepare_for_pdf(data: bytes, rotation_deg: int = 0, name: str | None = None,
                    max_size_px: tuple[int, int] | None = None, *, keep_in_memory: bool = True) -> PreparedPhoto:
    """Bytes to hand to ReportLab (or Word), upright and in RGB (or grey).

    A plain upright RGB/grey JPEG up to ``MAX_PASS_THROUGH_BYTES`` is
    returned unchanged (no generation loss). Anything else is decoded (at
    most ``PRINT_MAX_PIXELS``), turned upright, converted from CMYK
    (including Adobe's inverted CMYK, which Pillow reads correctly; through
    the photo's ICC profile when it embeds one) and re-encoded: JPEG
    quality 92 for photos, PNG when there is transparency or the source was
    lossless graphics. The output has no EXIF, so no
    orientation tag can turn it a second time. The last few re-encoded
    photos are kept, so the Word export after the PDF does not decode them again.

    ``max_size_px`` is the (width, height) the photo is shown at, in pixels at
    the export's resolution: a photo larger than that is resampled down to it
    (``_downsampled``), a plain JPEG at or under it still passes through.
    ``keep_in_memory=False`` (the editor preparing photos ahead of an export) leaves
    the result in the cache folder only, not among those kept in memory.
    """
    rotation_deg = _check_rotation(rotation_deg)
    info = read_photo_info(data, name)
    scale = downsampling_scale(shown_size_px(info, rotation_deg), max_size_px)
    if scale >= 1.0 and _can_pass_through(info, data, rotation_deg):
        verify_photo(data, name)  # never embed a JPEG that is cut short
        return PreparedPhoto(
            data=data, kind="jpeg", width_px=info.width_px, height_px=info.height_px, passed_through=True
        )
    from editor.io import prepared_cache

    # One hash of the bytes names the photo in memory and on disk (``_kept_on_disk``).
    digest = prepared_cache.photo_digest(data)
    key = (digest, rotation_deg, max_size_px if scale < 1.0 else None)
    with _cache_lock:
        prepared = _prepared.get(key)
        if prepared is not None:
            _prepared.move_to_end(key)
            return prepared
    if scale < 1.0:
        prepared = _kept_on_disk(digest, (rotation_deg, max_size_px, scale, DOWNSAMPLED_JPEG_QUALITY),
                                 lambda: _downsampled(data, rotation_deg, name, scale))
    else:
        prepared = _kept_on_disk(digest, (rotation_deg, JPEG_QUALITY), lambda: _reencoded(data, rotation_deg, name))
    if not keep_in_memory:
        return prepared
    with _cache_lock:
        _prepared[key] = prepared
        while sum(len(p.data) for p in _prepared.values()) > _PREPARED_CACHE_BYTES and len(_prepared) > 1:
            _prepared.popitem(last=False)
    return prepared


def _reencoded(data: bytes, rotation_deg: int, name: str | None) -> PreparedPhoto:
    with _pillow_guard(name):
        image = _open_accepted(data)
        exif = _exif_of(image)
        dpi, orientation = _dpi(image, exif), _orientation(exif)
        lossless = _has_alpha(image) or image.format in _PNG_SOURCES
        stored_width, profile = image.width, _icc_profile(image)
        image = _decoded_within(image, PNG_PRINT_MAX_PIXELS if lossless else PRINT_MAX_PIXELS)
        if dpi and image.width != stored_width:  # reduced: the same inches hold fewer pixels
            dpi = (dpi[0] * image.width / stored_width, dpi[1] * image.width / stored_width)
        image = _normalised_mode(_upright(image, orientation, rotation_deg), keep_grey=True, icc_profile=profile)
        kind: PhotoKind = "png" if image.mode == "RGBA" or lossless else "jpeg"
        out = io.BytesIO()
        extra = {"dpi": dpi} if dpi else {}
        if kind == "png":
            image.save(out, format="PNG", compress_level=1, **extra)
        else:
            image.save(out, format="JPEG", quality=JPEG_QUALITY, **extra)
    return PreparedPhoto(
        data=out.getvalue(), kind=kind, width_px=image.width, height_px=image.height, passed_through=False
    )


def _kept_on_disk(photo_digest: bytes, settings: tuple, make: Callable[[], PreparedPhoto]) -> PreparedPhoto:
    """``make()``'s photo, kept in the user cache folder (``editor.io.prepared_cache``) for the next
    export, by the photo's bytes (``photo_digest``), ``settings`` and what else the result depends on."""
    from editor.io import prepared_cache

    entry = prepared_cache.key(photo_digest, *settings, PRINT_MAX_PIXELS, PNG_PRINT_MAX_PIXELS, Image.__version__,
                               DOWNSAMPLING_FILTER.name, _COLOUR_RULE)
    cached = prepared_cache.load(entry)
    if cached is not None:
        kind, width, height, encoded = cached
        return PreparedPhoto(data=encoded, kind="png" if kind == "png" else "jpeg", width_px=width,
                             height_px=height, passed_through=False)
    prepared = make()
    prepared_cache.store(entry, prepared.kind, prepared.width_px, prepared.height_px, prepared.data)
    prepared_cache.mark_decoded(photo_digest)  # it decoded: ``verify_photo`` need not decode it again
    return prepared


def _downsampled(data: bytes, rotation_deg: int, name: str | None, scale: float) -> PreparedPhoto:
    """The photo ``scale`` times its size, upright: decoded at the DCT scale just above that
    (``draft``), resampled with ``DOWNSAMPLING_FILTER`` (``reducing_gap``: a box ``reduce`` first
    when more than three times too large, as for a non-JPEG), turned upright only then (fewer
    pixels to move), re-encoded as JPEG quality 90, or PNG for alpha or lossless graphics.
    Only for ``data`` that ``read_photo_info`` accepted (``_open_accepted``), as ``_reencoded``."""
    with _pillow_guard(name):
        image = _open_accepted(data)
        orientation, profile = _orientation(_exif_of(image)), _icc_profile(image)
        lossless = _has_alpha(image) or image.format in _PNG_SOURCES
        stored_width, stored_height = image.size
        wanted = (max(1, round(stored_width * scale)), max(1, round(stored_height * scale)))
        if image.format in _JPEG_FORMATS:
            image.draft(None, wanted)  # the smallest DCT scale still at least ``wanted``
        image = _decoded_within(image, PNG_PRINT_MAX_PIXELS if lossless else PRINT_MAX_PIXELS)
        image = _normalised_mode(image, keep_grey=True, icc_profile=profile)
        if image.width > wanted[0]:  # not when the pixel limits already took it smaller
            image = image.resize(wanted, DOWNSAMPLING_FILTER, reducing_gap=3.0)
        image = _upright(image, orientation, rotation_deg)
        kind: PhotoKind = "png" if image.mode == "RGBA" or lossless else "jpeg"
        out = io.BytesIO()
        if kind == "png":
            image.save(out, format="PNG", compress_level=1)
        else:
            image.save(out, format="JPEG", quality=DOWNSAMPLED_JPEG_QUALITY)
    return PreparedPhoto(
        data=out.getvalue(), kind=kind, width_px=image.width, height_px=image.height, passed_through=False
    )


def load_upright(
    data: bytes, rotation_deg: int = 0, max_side_px: int | None = None, name: str | None = None
) -> Image.Image:
    """The photo as the reader sees it, RGB or RGBA, for drawing on screen.

    With ``max_side_px`` a JPEG is decoded at a reduced DCT scale first
    (``draft``), which is several times faster than decoding 12 MP and
    shrinking afterwards; the result's longer side is at most ``max_side_px``.
    Without it the photo comes at full size, but never more than
    ``PRINT_MAX_PIXELS``.
    """
    rotation_deg = _check_rotation(rotation_deg)
    if max_side_px is not None and max_side_px < 1:
        raise ValueError(f"max_side_px must be positive, got {max_side_px}")
    with _pillow_guard(name):
        image = _open(data, name)
        orientation, profile = _orientation(_exif_of(image)), _icc_profile(image)
        image = _decoded_within(image, PRINT_MAX_PIXELS, max_side_px or 0)
        if max_side_px is not None:
            # Square box: the limit applies to the longer side whichever way up.
            image.thumbnail((max_side_px, max_side_px), Image.Resampling.LANCZOS)
        image = _normalised_mode(_upright(image, orientation, rotation_deg), keep_grey=False, icc_profile=profile)
        image.load()
        return image


# ---------------------------------------------------------------- files


def photo_extension(info: PhotoInfo, name: str | None = None) -> str:
    """The extension a photo is stored under, from its content, not its file name."""
    extension = _EXTENSION_OF_FORMAT.get(info.format)
    if extension is None:
        raise UnusablePhoto(name, f"格式（{info.format or '未知'}）不受支持，请转换为 JPEG 或 PNG 后再插入")
    return extension


def _read_photo_file(path: Path, name: str) -> bytes:
    """The file's bytes: only a regular file (a FIFO named x.jpg must not hang), only up to the limit."""
    try:
        return read_regular_file(path, MAX_PHOTO_BYTES)
    except FileNotFoundError as problem:
        raise PhotoError(f"找不到图片“{display_name(path)}”。") from problem
    except FileTooLargeError as problem:
        raise UnusablePhoto(name, f"文件过大，超过 {MAX_PHOTO_BYTES // (1024 * 1024)} MB") from problem
    except OSError as problem:
        if path.is_dir():  # Linux opens a folder and finds it is no file; Windows refuses to open it
            raise UnusablePhoto(name, "它是文件夹，不是图片") from problem
        if isinstance(problem, NotRegularFileError):
            raise UnusablePhoto(name, "它不是普通文件（是文件夹或设备）") from problem
        raise UnusablePhoto(name, os_error_reason(problem)) from problem


def import_photo(path: str | Path) -> tuple[str, bytes]:
    """Read and check a photo file; return its asset name and its bytes.

    The asset name's extension comes from the detected format, so a PNG
    saved as ``x.jpg`` is stored as ``.png``. The file is decoded once
    (cheaply) so a damaged photo is refused now rather than at export.
    Callers keep ``path.name`` as the frame's ``source_name``.
    """
    path = Path(path)
    name = path.name or str(path)
    data = _read_photo_file(path, name)
    info = verify_photo(data, name)
    return asset_name(data, photo_extension(info, name)), data
