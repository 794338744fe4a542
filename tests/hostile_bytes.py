"""Byte-level tools for hostile project files: zips written by hand, zip bombs, lying photos.

``zipfile`` only writes honest archives; the fuzz test (``tests/file_mutations.py``)
needs archives whose headers lie about sizes, names with NUL bytes, duplicate
members and 200 MiB members that fit in 200 KB. Photos whose header claims
14000×14000 pixels, EPS files named ``.jpg`` and the like are made here too.
"""

from __future__ import annotations

import functools
import io
import random
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image

MIB = 1 << 20
#: What one bomb member expands to, in MiB (the issue's "photos of 200 MB each").
BOMB_MIB = 200

_STORED, _DEFLATED = 0, 8
_UTF8_NAME_FLAG = 0x800
_DOS_DATE_1980 = 0x21  # 1980-01-01


@dataclass
class RawMember:
    """One zip member exactly as it will be written; every field may lie."""

    name: bytes
    #: The bytes as they sit in the archive (deflated or not).
    stored: bytes
    method: int
    crc: int
    #: Uncompressed size declared in the central directory.
    size: int
    #: Uncompressed size declared in the local header, when it differs.
    local_size: int | None = None
    #: Compressed size declared in both headers, when it is not ``len(stored)``.
    compressed_size: int | None = None
    #: Name in the local header, when it differs from the central directory's.
    local_name: bytes | None = None
    flags: int = _UTF8_NAME_FLAG
    #: A zip64 extra field declaring this uncompressed size.
    zip64_size: int | None = None


def _deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def member(name: str | bytes, content: bytes, deflate: bool = False) -> RawMember:
    """An honest member holding ``content``."""
    raw_name = name.encode("utf-8") if isinstance(name, str) else name
    return RawMember(name=raw_name, stored=_deflate(content) if deflate else content,
                     method=_DEFLATED if deflate else _STORED, crc=zlib.crc32(content), size=len(content))


def raw_zip(members: list[RawMember]) -> bytes:
    """An archive of ``members``, written field by field as they say."""
    out = bytearray()
    central = bytearray()
    for item in members:
        offset = len(out)
        compressed = len(item.stored) if item.compressed_size is None else item.compressed_size
        local_size = item.size if item.local_size is None else item.local_size
        local_name = item.name if item.local_name is None else item.local_name
        out += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, item.flags, item.method, 0, _DOS_DATE_1980,
                           item.crc & 0xFFFFFFFF, compressed & 0xFFFFFFFF, local_size & 0xFFFFFFFF,
                           len(local_name), 0)
        out += local_name + item.stored
        size, extra = item.size, b""
        if item.zip64_size is not None:
            size, extra = 0xFFFFFFFF, struct.pack("<2HQ", 1, 8, item.zip64_size)
        central += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 0x0314, 20, item.flags, item.method, 0,
                               _DOS_DATE_1980, item.crc & 0xFFFFFFFF, compressed & 0xFFFFFFFF, size & 0xFFFFFFFF,
                               len(item.name), len(extra), 0, 0, 0, 0o100644 << 16, offset)
        central += item.name + extra
    central_offset = len(out)
    out += central
    out += struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members), len(central),
                       central_offset, 0)
    return bytes(out)


def central_directory_offset(archive: bytes) -> int:
    """Where a ``raw_zip`` archive's central directory starts (from its end record)."""
    return int.from_bytes(archive[-6:-2], "little")


@functools.lru_cache(maxsize=None)
def _zero_segment() -> bytes:
    """1 MiB of zeros as raw deflate blocks ending on a full flush (so they can be repeated)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(bytes(MIB)) + compressor.flush(zlib.Z_FULL_FLUSH)


@functools.lru_cache(maxsize=None)
def _bomb_stream(prefix: bytes, zero_mib: int) -> tuple[bytes, int]:
    """A deflate stream of ``prefix`` then ``zero_mib`` MiB of zeros, and the CRC of what it expands to.

    Made in milliseconds without ever holding the expanded bytes: the zero
    segment is compressed once and repeated (each ends on a full flush)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = compressor.compress(prefix) + compressor.flush(zlib.Z_FULL_FLUSH)
    stream = head + _zero_segment() * zero_mib + compressor.flush(zlib.Z_FINISH)
    crc, zeros = zlib.crc32(prefix), bytes(MIB)
    for _ in range(zero_mib):
        crc = zlib.crc32(zeros, crc)
    return stream, crc


def bomb_member(name: bytes, prefix: bytes, zero_mib: int) -> RawMember:
    """An honest member that expands to ``prefix`` plus ``zero_mib`` MiB of zeros (about 1/1000 on disk)."""
    stream, crc = _bomb_stream(prefix, zero_mib)
    return RawMember(name=name, stored=stream, method=_DEFLATED, crc=crc, size=len(prefix) + zero_mib * MIB)


# ---------------------------------------------------------------- photos


def _jpeg_claiming(jpeg: bytes, width: int, height: int) -> bytes:
    """The JPEG with its frame header (SOF) claiming another size; the scan data stays small."""
    at = 2
    while at + 9 < len(jpeg):
        marker, length = jpeg[at + 1], int.from_bytes(jpeg[at + 2:at + 4], "big")
        if marker in (0xC0, 0xC1, 0xC2):
            out = bytearray(jpeg)
            out[at + 5:at + 9] = height.to_bytes(2, "big") + width.to_bytes(2, "big")
            return bytes(out)
        at += 2 + length
    raise ValueError("no frame header in this JPEG")


def _encoded(image: Image.Image, fmt: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def _png_claiming(jpeg: bytes, width: int, height: int) -> bytes:
    out = bytearray(_encoded(Image.open(io.BytesIO(jpeg)), "PNG"))
    out[16:24] = width.to_bytes(4, "big") + height.to_bytes(4, "big")
    out[29:33] = zlib.crc32(bytes(out[12:29])).to_bytes(4, "big")  # the IHDR chunk's CRC
    return bytes(out)


def _bmp_claiming(jpeg: bytes, width: int, height: int) -> bytes:
    out = bytearray(_encoded(Image.open(io.BytesIO(jpeg)), "BMP"))
    out[18:26] = struct.pack("<ii", width, height)
    return bytes(out)


_EPS = (b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 100 100\n%%EndComments\n"
        b"newpath 0 0 moveto 100 100 lineto stroke\nshowpage\n%%EOF\n")


def _dos_eps() -> bytes:
    """EPS behind the binary "DOS EPS" header (magic C5 D0 D3 C6)."""
    return struct.pack("<4s6LH", b"\xc5\xd0\xd3\xc6", 30, len(_EPS), 0, 0, 0, 0, 0xFFFF) + _EPS


_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n")
_SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="100000" height="100000"><rect width="9" height="9"/></svg>'


def _with_exif_orientation(jpeg: bytes, orientation: int) -> bytes:
    image = Image.open(io.BytesIO(jpeg))
    exif = image.getexif()
    exif[0x0112] = orientation
    return _encoded(image, "JPEG", exif=exif.tobytes())


def _gif_frames(jpeg: bytes, count: int) -> bytes:
    frame = Image.open(io.BytesIO(jpeg)).convert("P").resize((16, 12))
    return _encoded(frame, "GIF", save_all=True, append_images=[frame.rotate(i) for i in range(1, count)])


PhotoSpoiler = Callable[[random.Random, bytes], tuple[bytes, str]]

#: Ways to spoil a photo: each gives the bytes and the extension the project stores them under.
PHOTO_SPOILERS: dict[str, PhotoSpoiler] = {
    "truncated": lambda rng, jpeg: (jpeg[:rng.randrange(2, len(jpeg))], ".jpg"),
    "jpeg-claims-14000": lambda rng, jpeg: (_jpeg_claiming(jpeg, 14000, 14000), ".jpg"),
    "jpeg-claims-65500": lambda rng, jpeg: (_jpeg_claiming(jpeg, 65500, 65500), ".jpg"),
    "jpeg-claims-0": lambda rng, jpeg: (_jpeg_claiming(jpeg, 0, 0), ".jpg"),
    "png-claims-14000": lambda rng, jpeg: (_png_claiming(jpeg, 14000, 14000), ".png"),
    "bmp-claims-14000": lambda rng, jpeg: (_bmp_claiming(jpeg, 14000, -14000), ".bmp"),
    "ppm-claims-14000-as-jpg": lambda rng, jpeg: (b"P6\n14000 14000\n255\n" + bytes(300), ".jpg"),
    "eps-as-jpg": lambda rng, jpeg: (_EPS, ".jpg"),
    "dos-eps-as-jpg": lambda rng, jpeg: (_dos_eps(), ".jpg"),
    "pdf-as-jpg": lambda rng, jpeg: (_PDF, ".jpg"),
    "svg-as-jpg": lambda rng, jpeg: (_SVG, ".jpg"),
    "random-bytes": lambda rng, jpeg: (rng.randbytes(rng.choice((10, 1000, 100_000))), ".jpg"),
    "empty": lambda rng, jpeg: (b"", ".jpg"),
    "jpeg-then-zeros": lambda rng, jpeg: (jpeg + bytes(rng.choice((1, 50)) * MIB), ".jpg"),
    "cmyk-jpeg": lambda rng, jpeg: (_encoded(Image.open(io.BytesIO(jpeg)).convert("CMYK"), "JPEG"), ".jpg"),
    "progressive-jpeg": lambda rng, jpeg: (_encoded(Image.open(io.BytesIO(jpeg)), "JPEG", progressive=True), ".jpg"),
    "png-as-jpg": lambda rng, jpeg: (_encoded(Image.open(io.BytesIO(jpeg)), "PNG"), ".jpg"),
    "tiff-as-jpg": lambda rng, jpeg: (_encoded(Image.open(io.BytesIO(jpeg)), "TIFF"), ".jpg"),
    "exif-orientation-odd": lambda rng, jpeg: (_with_exif_orientation(jpeg, rng.choice((0, 9, 65535))), ".jpg"),
    "gif-300-frames": lambda rng, jpeg: (_gif_frames(jpeg, 300), ".gif"),
}
