"""What a photo file may be before a pixel of it is decoded: its format, structure and size.

Pillow by itself opens some forty formats — EPS and PostScript among them,
whose loader runs Ghostscript, an external program — and decodes whatever
size a header claims. So on every path a photo takes (import, the canvas,
PDF, DOCX) ``editor.io.photos`` opens it only between ``check_before_open``
and ``check_opened``, which together

- lets Pillow try only the formats in ``allowed_formats()`` and names a
  foreign file (EPS, PostScript, PDF) instead of calling it damaged;
- reads the structure a decoder would trust: a JPEG's frame header, scans
  and end marker, a PNG's chunks up to IEND, a WebP's canvas size (libwebp
  allocates the canvas while *opening*, so that size is read here first);
- refuses a photo that claims more pixels than can be decoded within the
  limits below, or whose data is too short for the size it claims (a header
  cut from a big photo, or made up).

Why the limits are what they are. Measured with Pillow 13, libjpeg-turbo 3,
libwebp and libheif 1.23 on the 2-core CI machine, in a process that has
imported editor, ReportLab and python-docx (≈ 50 MB resident; the sample
issue's four Chinese fonts and six photos bring an export to ≈ 290 MB). The
aim: the worst photo accepted costs ≈ 250 MB and a few seconds at most, so
that an export stays under 500 MB and 10 s with room to spare.

- One decode may take ``DECODE_BUDGET_BYTES`` (200 MB). Pillow holds 4 bytes
  a pixel for RGB, RGBA and CMYK (1 for grey or palette, counted as 4 here
  to keep one rule): a 48 MP PNG, TIFF or BMP took 185 MB and 0.4–1.8 s, so
  those formats (and GIF) stop at 50 MP. libwebp keeps its canvas and a copy
  beside Pillow's image, 16 bytes a pixel (195 MB for a 12.2 MP phone photo):
  WebP stops at 12.5 MP. libheif took 7–10 bytes a pixel, and 2.3 s and
  172 MB for a 24 MP iPhone-style HEIC: HEIC stops at 25 MP.
- A sequential JPEG (what phones and cameras write) never has to be decoded
  whole: libjpeg decodes it at ½, ¼ or ⅛ scale (``draft``), and print needs no
  more than ``editor.io.photos.PRINT_MAX_PIXELS``. What it costs is entropy
  decoding every block: a real 200 MP phone photo (16320 × 12240, 72 MB)
  took 1.0 s and 16 MB at ⅛ scale, 52 MB at ¼. So JPEG stops at 16384 ×
  16384 (268 MP), above every phone's 200 MP and most panoramas.
- A progressive (or multi-scan) JPEG is different: libjpeg keeps every DCT
  coefficient of the whole image, whatever the scale, 2 bytes × 64 a block —
  3 bytes a pixel in ordinary 4:2:0 colour (a 200 MP progressive JPEG took
  587 MB at ⅛ scale, a 50 MP one 149 MB). Those coefficients are held to the
  same 200 MB: 66 MP in 4:2:0, 33 MP in 4:4:4. Every scan passes over all
  blocks again (10 scans of 50 MP took 0.7 s), so scans × pixels is held to
  ``JPEG_SCAN_WORK_LIMIT``, about 3 s.
- A Huffman-coded JPEG spends at least one bit on every block, and deflate
  compresses at most 1032 : 1, so a JPEG or PNG with fewer bytes than that
  for the size its header claims (the 8 KB JPEG "of 14000 × 14000") is
  damaged, and is called so without decoding it.

Exporting the sample issue with its first photo replaced by the largest of
each kind took at most 415 MB (a 48 MP BMP of 137 MB) and 7 s.
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass

from PIL import Image

from editor.errors import BanmianError, PhotoError, display_name

try:  # optional: iPhone photos (HEIC)
    from pillow_heif import register_heif_opener
except ImportError:  # pragma: no cover - depends on the installation
    HEIF_SUPPORTED = False
else:
    register_heif_opener()
    HEIF_SUPPORTED = True

#: What Pillow may try, in this order; nothing else is ever opened (no EPS, PS, PDF …).
#: The JPEG reader also opens MPO (a JPEG with a second picture after the first).
_BASE_FORMATS = ("JPEG", "PNG", "WEBP", "TIFF", "BMP", "GIF")
#: Named in messages: what a user may insert.
ACCEPTED_TEXT = "JPEG、PNG、WebP、TIFF、BMP、GIF 或 HEIC"

DECODE_BUDGET_BYTES = 200_000_000
#: Sequential JPEGs are decoded at reduced scale when large, so only time bounds them.
JPEG_PIXEL_LIMIT = 16384 * 16384
#: A progressive JPEG's coefficients: 64 of 2 bytes per 8 × 8 block of every component.
JPEG_COEFFICIENT_BYTES_PER_BLOCK = 128
#: Scans × pixels of a multi-scan JPEG (10 scans of 50 MP decode in ≈ 0.7 s).
JPEG_SCAN_WORK_LIMIT = 2_000_000_000
#: Bytes a decoded pixel costs, by format, as measured (see the module docstring).
DECODE_BYTES_PER_PIXEL = {"PNG": 4, "TIFF": 4, "BMP": 4, "GIF": 4, "WEBP": 16, "HEIF": 8}
#: Deflate never compresses more than 1032 : 1; a little slack for zlib's framing.
_DEFLATE_MAX_RATIO = 1100

#: What each format is called in a message about its limit.
_FAMILY = {
    "JPEG": "JPEG 照片", "MPO": "JPEG 照片", "PNG": "PNG 图片", "TIFF": "TIFF 图片", "BMP": "BMP 图片",
    "GIF": "GIF 图片", "WEBP": "WebP 图片", "HEIF": "HEIC 照片",
}

# Pillow refuses sizes above twice MAX_IMAGE_PIXELS inside Image.open, before our own
# check can name the size. Let its error fire only far above our largest limit; never
# lower a limit someone else raised, or turn on one they disabled.
if Image.MAX_IMAGE_PIXELS is not None and Image.MAX_IMAGE_PIXELS < JPEG_PIXEL_LIMIT:
    Image.MAX_IMAGE_PIXELS = JPEG_PIXEL_LIMIT


def allowed_formats() -> tuple[str, ...]:
    """Pillow format names ``Image.open`` may try."""
    return _BASE_FORMATS + (("HEIF",) if HEIF_SUPPORTED else ())


# ---------------------------------------------------------------- refusals


class UnusablePhoto(PhotoError):
    """A photo refused for a stated reason.

    ``reason`` is the clause without the photo's name (“文件不完整，可能没有下载或复制完”),
    so that an export can say which page the photo is on in its own sentence.
    """

    def __init__(self, name: str | None, reason: str) -> None:
        quoted = f"“{display_name(name)}”" if name else ""
        super().__init__(f"无法读取图片{quoted}：{reason}。")
        self.reason = reason


def reason_of(problem: BanmianError) -> str:
    """The reason clause of a refusal (the whole message of any other error)."""
    return getattr(problem, "reason", "") or problem.message


EMPTY = "文件是空的（0 字节）"
DAMAGED = "文件已损坏，或不是支持的图片格式"
TRUNCATED = "文件不完整，可能没有下载或复制完"
OUT_OF_MEMORY = "图片太大，内存不足"
HEIF_MISSING = ("这是 HEIC 格式的苹果手机照片，本机未安装 HEIC 支持组件 pillow-heif；"
                "请安装后重试，或先将照片转换为 JPEG")
JPEG_UNSUPPORTED = "这种 JPEG 编码（无损、分层或 12 位）不受支持，请另存为普通 JPEG"
JPEG_TOO_MANY_SCANS = "这张渐进式 JPEG 的扫描层过多，可能是损坏的文件；请另存为普通 JPEG"


def too_many_pixels(pixels: int | None, limit: int | None = None, family: str = "") -> str:
    """“像素过多：22500 万像素，超过 PNG 图片的上限 5000 万像素”; ``family`` names the kind of photo."""
    if not pixels:
        return "像素过多，可能是损坏的文件"
    text = f"像素过多：{pixels / 10_000:.0f} 万像素"
    if limit:
        space = " " if family[:1].isascii() else ""
        text += f"，超过{space}{family}的上限 {limit / 10_000:.0f} 万像素"
    return text


def family_of(image_format: str) -> str:
    """What a photo of this Pillow format is called in a message: PNG 图片, HEIC 照片 …"""
    return _FAMILY.get(image_format, f"{image_format} 图片")


def foreign(kind: str) -> str:
    """Why an EPS, PostScript or PDF file is not taken, and what is."""
    return f"这是 {kind} 文件，不是照片；只能插入 {ACCEPTED_TEXT} 图片"


def _foreign_kind(data: bytes) -> str | None:
    """EPS, PostScript or PDF by their signatures (what Ghostscript would be run on)."""
    head = data[:1024].lstrip()
    if data[:4] == b"\xc5\xd0\xd3\xc6" or (head.startswith(b"%!PS-Adobe") and b"EPSF" in head[:40]):
        return "EPS"
    if head.startswith(b"%!"):
        return "PostScript"
    if head.startswith(b"%PDF"):
        return "PDF"
    return None


_HEIF_BRANDS = (b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1")


def _looks_like_heif(data: bytes) -> bool:
    """An ISO-BMFF ``ftyp`` box with a HEIF brand: what iPhones write as .HEIC."""
    return data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS


# ---------------------------------------------------------------- JPEG structure


_SOF_MARKERS = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
#: Baseline, extended and progressive; Huffman (C0–C2) or arithmetic (C9, CA) coding.
_DECODABLE_SOF = frozenset({0xC0, 0xC1, 0xC2, 0xC9, 0xCA})
_HUFFMAN_SOF = frozenset({0xC0, 0xC1, 0xC2})
_PROGRESSIVE_SOF = frozenset({0xC2, 0xCA})
#: A marker inside entropy-coded data: 0xFF not followed by a stuffed 0x00, a restart or fill.
_NEXT_MARKER = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")
#: More segments than any camera writes: stop walking (a made-up file of tiny scans).
_MAX_SEGMENTS = 4096


@dataclass(frozen=True)
class JpegStructure:
    """A JPEG's first frame as its markers describe it (nothing decoded)."""

    sof_marker: int
    precision: int
    width_px: int
    height_px: int
    #: (horizontal, vertical) sampling factors of each component.
    sampling: tuple[tuple[int, int], ...]
    scans: int
    #: Bytes of entropy-coded data over all scans.
    entropy_bytes: int
    #: An end-of-image marker follows the last scan (the file was not cut short).
    complete: bool

    @property
    def buffered(self) -> bool:
        """libjpeg keeps the whole image's coefficients (progressive or several scans)."""
        return self.sof_marker in _PROGRESSIVE_SOF or self.scans > 1

    def blocks(self) -> int:
        """8 × 8 blocks over all components."""
        h_max = max(h for h, _ in self.sampling)
        v_max = max(v for _, v in self.sampling)
        total = 0
        for h, v in self.sampling:
            width = -(-self.width_px * h // h_max)
            height = -(-self.height_px * v // v_max)
            total += -(-width // 8) * -(-height // 8)
        return total


def _start_of_frame(marker: int, segment: bytes) -> tuple[int, int, int, tuple[tuple[int, int], ...]] | None:
    """(precision, width, height, sampling) from an SOF segment's payload, or None if malformed."""
    if len(segment) < 6:
        return None
    precision, height, width, count = struct.unpack(">BHHB", segment[:6])
    if count < 1 or len(segment) < 6 + 3 * count:
        return None
    sampling = tuple((segment[7 + 3 * i] >> 4, segment[7 + 3 * i] & 15) for i in range(count))
    if any(not (1 <= h <= 4 and 1 <= v <= 4) for h, v in sampling):
        return None
    return precision, width, height, sampling


def jpeg_structure(data: bytes) -> JpegStructure | None:
    """Walk the first image's marker segments; None when no frame header is found.

    Scans are skipped to the next marker (a 0xFF byte not stuffed), which is
    how a decoder finds them too; an MPO's later pictures and anything after
    the end-of-image marker (phones append metadata there) are not read.
    """
    position, frame, scans, entropy, complete = 2, None, 0, 0, False
    for _ in range(_MAX_SEGMENTS):
        position = data.find(b"\xff", position)
        if position < 0 or position + 1 >= len(data):
            break
        marker = data[position + 1]
        if marker == 0xFF or marker == 0x01 or 0xD0 <= marker <= 0xD8:
            position += 1 if marker == 0xFF else 2
            continue
        if marker == 0xD9:
            complete = scans > 0
            break
        if position + 4 > len(data):
            break
        end = position + 2 + int.from_bytes(data[position + 2 : position + 4], "big")
        if marker in _SOF_MARKERS and frame is None:
            parsed = _start_of_frame(marker, data[position + 4 : end])
            if parsed is None:
                return None
            frame = (marker, *parsed)
        if marker == 0xDA:
            scans += 1
            found = _NEXT_MARKER.search(data, end)
            following = found.start() if found else len(data)
            entropy += max(0, following - end)
            end = following
        position = end
    if frame is None:
        return None
    marker, precision, width, height, sampling = frame
    return JpegStructure(marker, precision, width, height, sampling, scans, entropy, complete)


def _check_jpeg(data: bytes, width: int, height: int, name: str | None, image_format: str) -> None:
    structure = jpeg_structure(data)
    if structure is None or structure.scans == 0:
        raise UnusablePhoto(name, TRUNCATED if structure is not None else DAMAGED)
    if structure.sof_marker not in _DECODABLE_SOF or structure.precision != 8:
        raise UnusablePhoto(name, JPEG_UNSUPPORTED)
    pixels = width * height
    if pixels > JPEG_PIXEL_LIMIT:
        raise UnusablePhoto(name, too_many_pixels(pixels, JPEG_PIXEL_LIMIT, family_of(image_format)))
    if not structure.complete:
        raise UnusablePhoto(name, TRUNCATED)
    blocks = structure.blocks()
    if structure.sof_marker in _HUFFMAN_SOF and structure.entropy_bytes * 8 < blocks:
        raise UnusablePhoto(name, TRUNCATED)
    if structure.buffered:
        coefficient_bytes = blocks * JPEG_COEFFICIENT_BYTES_PER_BLOCK
        if coefficient_bytes > DECODE_BUDGET_BYTES:
            limit = pixels * DECODE_BUDGET_BYTES // coefficient_bytes
            raise UnusablePhoto(name, too_many_pixels(pixels, limit, "渐进式 JPEG 照片"))
        if structure.scans * pixels > JPEG_SCAN_WORK_LIMIT:
            raise UnusablePhoto(name, JPEG_TOO_MANY_SCANS)


# ---------------------------------------------------------------- PNG and WebP structure


_PNG_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}


def _check_png(data: bytes, width: int, height: int, name: str | None) -> None:
    """IEND must be there (a cut file has none); IDAT must hold enough for the size claimed."""
    position, idat, ended = 8, 0, False
    while position + 8 <= len(data):
        length = int.from_bytes(data[position : position + 4], "big")
        kind = data[position + 4 : position + 8]
        if kind == b"IDAT":
            idat += length
        elif kind == b"IEND":
            ended = True
            break
        position += 12 + length
    if not ended:
        raise UnusablePhoto(name, TRUNCATED)
    depth, colour = data[24], data[25]
    row_bytes = 1 + -(-width * _PNG_CHANNELS.get(colour, 4) * max(depth, 1) // 8)
    if idat * _DEFLATE_MAX_RATIO < height * row_bytes:
        raise UnusablePhoto(name, TRUNCATED)


def _webp_canvas_size(data: bytes) -> tuple[int, int] | None:
    """The canvas libwebp will allocate, from the RIFF header (Pillow's reading of it)."""
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        return None
    from PIL.WebPImagePlugin import _get_size

    return _get_size(data[:30])


# ---------------------------------------------------------------- opening


def pixel_limit(image_format: str) -> int:
    """Most pixels a photo of this (non-JPEG) format may have: what one decode can hold."""
    return DECODE_BUDGET_BYTES // DECODE_BYTES_PER_PIXEL.get(image_format, 4)


def check_before_open(data: bytes, name: str | None) -> None:
    """What can be told from the first bytes, before Pillow (or libwebp) sees them."""
    if not data:
        raise UnusablePhoto(name, EMPTY)
    kind = _foreign_kind(data)
    if kind is not None:
        raise UnusablePhoto(name, foreign(kind))
    if not HEIF_SUPPORTED and _looks_like_heif(data):
        raise UnusablePhoto(name, HEIF_MISSING)
    canvas = _webp_canvas_size(data)
    if canvas is not None and canvas[0] * canvas[1] > pixel_limit("WEBP"):
        raise UnusablePhoto(name, too_many_pixels(canvas[0] * canvas[1], pixel_limit("WEBP"), family_of("WEBP")))


def check_opened(image: Image.Image, data: bytes, name: str | None) -> None:
    """Size and structure of a photo Pillow has opened (header read, nothing decoded)."""
    width, height = image.size
    if width <= 0 or height <= 0:
        raise UnusablePhoto(name, DAMAGED)
    image_format = image.format or ""
    if image_format in ("JPEG", "MPO"):
        _check_jpeg(data, width, height, name, image_format)
        return
    limit = pixel_limit(image_format)
    if width * height > limit:
        raise UnusablePhoto(name, too_many_pixels(width * height, limit, family_of(image_format)))
    if image_format == "PNG":
        _check_png(data, width, height, name)
