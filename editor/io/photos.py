"""Reading photos safely, and preparing them for the screen and for PDF.

Every photo that enters Banmian passes through here, so that three things
hold everywhere: the photo is shown upright (phones store pixels sideways
and say so in the EXIF Orientation tag, which neither Pillow on open nor
ReportLab on embedding applies); a damaged, foreign or absurdly large file
becomes one ``PhotoError`` with a Chinese message instead of a Pillow
exception or warning; and a plain JPEG reaches the PDF byte for byte
(ReportLab embeds JPEG bytes unchanged with DCTDecode, so re-encoding would
only lose quality), while anything ReportLab would get wrong (rotated,
CMYK, 12-bit, arithmetic-coded) is normalised first.

Pure functions on bytes; no Qt. HEIC/HEIF photos open when the optional
``pillow-heif`` package is installed.
"""

from __future__ import annotations

import contextlib
import io
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from PIL import Image, ImageOps

from editor.errors import PhotoError
from editor.io.project import MAX_ASSET_BYTES, asset_name

try:  # optional: iPhone photos (HEIC)
    from pillow_heif import register_heif_opener
except ImportError:  # pragma: no cover - depends on the installation
    HEIF_SUPPORTED = False
else:
    register_heif_opener()
    HEIF_SUPPORTED = True

#: Photos with more pixels are refused. 200 MP still admits the largest phone
#: sensors (16320 × 12240 ≈ 199.8 MP); beyond it a file is far more likely a
#: decompression bomb or a damaged header than a photo for a newsletter.
PIXEL_LIMIT = 200_000_000

# Pillow's own bomb check fires inside Image.open, before we can look at the
# size, and by default its hard error (2 × 89.5 MP) is below our limit. Let it
# warn only at our limit (we reject there anyway) and keep its error as a
# backstop far above. Never lower a limit someone else raised or disabled.
if Image.MAX_IMAGE_PIXELS is not None and Image.MAX_IMAGE_PIXELS < PIXEL_LIMIT:
    Image.MAX_IMAGE_PIXELS = PIXEL_LIMIT

JPEG_QUALITY = 92
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
#: Lossless graphics sources stay lossless after normalising.
_PNG_SOURCES = frozenset({"PNG", "GIF", "BMP"})

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


# ---------------------------------------------------------------- messages


def _quoted(name: str | None) -> str:
    return f"“{name}”" if name else ""


def _corrupt(name: str | None) -> PhotoError:
    return PhotoError(f"无法读取图片{_quoted(name)}：文件已损坏或不是支持的图片格式。")


def _too_many_pixels(name: str | None, pixels: int | None) -> PhotoError:
    amount = f"（{pixels / 10_000:.0f} 万像素）" if pixels else ""
    return PhotoError(f"图片{_quoted(name)}像素过多{amount}，可能是损坏的文件，已拒绝导入。")


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
            raise _too_many_pixels(name, None) from problem
        except MemoryError as problem:
            raise PhotoError(f"图片{_quoted(name)}太大，内存不足，无法处理。") from problem
        except Exception as problem:
            raise _corrupt(name) from problem


# ---------------------------------------------------------------- header


_HEIF_BRANDS = (b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1")


def _looks_like_heif(data: bytes) -> bool:
    """An ISO-BMFF ``ftyp`` box with a HEIF brand: what iPhones write as .HEIC."""
    return data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS


def _open(data: bytes, name: str | None) -> Image.Image:
    """Open (header only) and enforce the pixel limit; call inside _pillow_guard."""
    if not data:
        raise PhotoError(f"无法读取图片{_quoted(name)}：文件是空的（0 字节）。")
    if not HEIF_SUPPORTED and _looks_like_heif(data):
        raise PhotoError(
            f"无法读取图片{_quoted(name)}：这是 HEIC 格式（苹果手机照片），本机未安装 HEIC 支持组件 pillow-heif。"
            "请安装后重试，或先将照片转换为 JPEG。"
        )
    image = Image.open(io.BytesIO(data))
    width, height = image.size
    if width <= 0 or height <= 0:
        raise _corrupt(name)
    if width * height > PIXEL_LIMIT:
        raise _too_many_pixels(name, width * height)
    return image


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
    if x_dpi <= 0 or y_dpi <= 0:
        return None
    per_inch = 2.54 if unit == 3 else 1.0
    return (round(x_dpi * per_inch, 3), round(y_dpi * per_inch, 3))


def read_photo_info(data: bytes, name: str | None = None) -> PhotoInfo:
    """Size (upright), resolution, format and orientation from the header only.

    Cheap enough to call for every photo on import or when a project opens;
    it does not decode pixels, so it cannot notice a file cut short after its
    header (``verify_photo`` does).
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


def verify_photo(data: bytes, name: str | None = None) -> PhotoInfo:
    """``read_photo_info`` plus a cheap decode that finds truncated or damaged data.

    JPEGs decode at 1/8 scale (DCT coefficients only), which still reads the
    whole compressed stream, so a file cut short is caught here and not at
    export time.
    """
    info = read_photo_info(data, name)
    _decode_cheaply(data, name)
    return info


def _decode_cheaply(data: bytes, name: str | None) -> None:
    with _pillow_guard(name):
        image = _open(data, name)
        image.draft(None, (1, 1))
        image.load()


# ---------------------------------------------------------------- pixels


def _check_rotation(rotation_deg: int) -> int:
    if rotation_deg % 90 != 0:
        raise ValueError(f"rotation_deg must be a multiple of 90, got {rotation_deg}")
    return rotation_deg % 360


_CLOCKWISE = {
    90: Image.Transpose.ROTATE_270,
    180: Image.Transpose.ROTATE_180,
    270: Image.Transpose.ROTATE_90,
}


def _upright(image: Image.Image, rotation_deg: int) -> Image.Image:
    """Apply the EXIF orientation, then the user's clockwise rotation."""
    image = ImageOps.exif_transpose(image)
    if rotation_deg:
        image = image.transpose(_CLOCKWISE[rotation_deg])
    return image


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or (
        image.mode == "P" and "transparency" in image.info
    )


def _normalised_mode(image: Image.Image, keep_grey: bool) -> Image.Image:
    """RGB, RGBA, or (when ``keep_grey``) L; CMYK and 16-bit data converted."""
    if _has_alpha(image):
        return image if image.mode == "RGBA" else image.convert("RGBA")
    if image.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I", "F"):
        # Pillow's convert clips 16-bit grey to 0..255 instead of scaling it.
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    if image.mode == "L" or image.mode == "1":
        return image.convert("L") if keep_grey else image.convert("RGB")
    return image if image.mode == "RGB" else image.convert("RGB")


def _jpeg_sof_marker(data: bytes) -> int | None:
    """The JPEG's start-of-frame marker (0xC0 baseline, 0xC2 progressive …).

    Pillow does not keep it, and it decides whether a PDF reader can decode
    the stream as is. Walks the marker segments up to the first SOF.
    """
    position = 2
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            return None
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            return marker
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            position += 2
            continue
        if marker in (0xD9, 0xDA):
            return None
        position += 2 + int.from_bytes(data[position + 2 : position + 4], "big")
    return None


def _can_pass_through(info: PhotoInfo, data: bytes, rotation_deg: int) -> bool:
    return (
        info.format in ("JPEG", "MPO")
        and info.exif_orientation == 1
        and rotation_deg == 0
        and info.mode in _PASS_THROUGH_MODES
        and _jpeg_sof_marker(data) in _PDF_SAFE_SOF_MARKERS
    )


def prepare_for_pdf(data: bytes, rotation_deg: int = 0, name: str | None = None) -> PreparedPhoto:
    """Bytes to hand to ReportLab, upright and in RGB (or grey).

    A plain upright RGB/grey JPEG is returned unchanged (no generation
    loss). Anything else is decoded, turned upright, converted from CMYK
    (including Adobe's inverted CMYK, which Pillow reads correctly) and
    re-encoded: JPEG quality 92 for photos, PNG when there is transparency
    or the source was lossless graphics. The output has no EXIF, so no
    orientation tag can turn it a second time.
    """
    rotation_deg = _check_rotation(rotation_deg)
    info = read_photo_info(data, name)
    if _can_pass_through(info, data, rotation_deg):
        _decode_cheaply(data, name)  # never embed a JPEG that is cut short
        return PreparedPhoto(
            data=data, kind="jpeg", width_px=info.width_px, height_px=info.height_px, passed_through=True
        )
    with _pillow_guard(name):
        source = _open(data, name)
        source_format = source.format
        dpi = _dpi(source, _exif_of(source))
        image = _normalised_mode(_upright(source, rotation_deg), keep_grey=True)
        kind: PhotoKind = "png" if image.mode == "RGBA" or source_format in _PNG_SOURCES else "jpeg"
        out = io.BytesIO()
        extra = {"dpi": dpi} if dpi else {}
        if kind == "png":
            image.save(out, format="PNG", **extra)
        else:
            image.save(out, format="JPEG", quality=JPEG_QUALITY, **extra)
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
    """
    rotation_deg = _check_rotation(rotation_deg)
    if max_side_px is not None and max_side_px < 1:
        raise ValueError(f"max_side_px must be positive, got {max_side_px}")
    with _pillow_guard(name):
        image = _open(data, name)
        if max_side_px is not None:
            # Square box: the limit applies to the longer side whichever way up.
            # reducing_gap 1.0 lets the DCT decode at the smallest scale still at
            # least as large as wanted (2.0 often forces a full 12 MP decode).
            image.thumbnail((max_side_px, max_side_px), Image.Resampling.LANCZOS, reducing_gap=1.0)
        image = _normalised_mode(_upright(image, rotation_deg), keep_grey=False)
        image.load()
        return image


# ---------------------------------------------------------------- files


def photo_extension(info: PhotoInfo, name: str | None = None) -> str:
    """The extension a photo is stored under, from its content, not its file name."""
    extension = _EXTENSION_OF_FORMAT.get(info.format)
    if extension is None:
        raise PhotoError(f"图片{_quoted(name)}的格式（{info.format or '未知'}）不受支持，请转换为 JPEG 或 PNG 后再导入。")
    return extension


def import_photo(path: str | Path) -> tuple[str, bytes]:
    """Read and check a photo file; return its asset name and its bytes.

    The asset name's extension comes from the detected format, so a PNG
    saved as ``x.jpg`` is stored as ``.png``. The file is decoded once
    (cheaply) so a damaged photo is refused now rather than at export.
    """
    path = Path(path)
    display = path.name or str(path)
    try:
        if path.stat().st_size > MAX_ASSET_BYTES:
            raise PhotoError(f"图片“{display}”文件过大（超过 {MAX_ASSET_BYTES // (1024 * 1024)} MB），已拒绝导入。")
        data = path.read_bytes()
    except FileNotFoundError as problem:
        raise PhotoError(f"找不到图片“{path}”。") from problem
    except IsADirectoryError as problem:
        raise PhotoError(f"“{display}”是文件夹，不是图片。") from problem
    except PermissionError as problem:
        raise PhotoError(f"无法读取图片“{display}”：没有读取权限。") from problem
    except OSError as problem:
        raise PhotoError(f"无法读取图片“{display}”：{problem.strerror or problem}。") from problem
    info = verify_photo(data, display)
    return asset_name(data, photo_extension(info, display)), data
