"""Photo files built byte by byte for tests: any size in kilobytes, hostile or valid.

A real 268-megapixel photo takes a gigabyte and many seconds to make with
Pillow; these take microseconds. ``uniform_jpeg`` writes a complete, valid
JPEG of any size whose every 8 × 8 block is flat grey: with one-code Huffman
tables each block costs two bits (one for the DC difference 0, one for
end-of-block), so the entropy-coded data is all zero bytes. The same header
with a short body is a size its data cannot hold; cut before its end marker
it is a truncated file. ``png_claiming`` writes a PNG header for any size.
"""

from __future__ import annotations

import struct
import zlib

#: 4:2:0 colour (Y sampled 2 × 2, Cb and Cr 1 × 1), or grey.
_COLOUR = ((1, 2, 2), (2, 1, 1), (3, 1, 1))
_GREY = ((1, 1, 1),)


def _segment(marker: int, payload: bytes) -> bytes:
    return struct.pack(">BBH", 0xFF, marker, len(payload) + 2) + payload


def _one_code_table(table_class: int, table_id: int, symbol: int) -> bytes:
    """A Huffman table with one code, "0" (length 1), standing for ``symbol``."""
    counts = bytes([1] + [0] * 15)
    return _segment(0xC4, bytes([table_class << 4 | table_id]) + counts + bytes([symbol]))


def _exif_orientation(orientation: int) -> bytes:
    """An APP1 segment holding only the EXIF Orientation tag."""
    tiff = b"MM\x00\x2a" + struct.pack(">I", 8) + struct.pack(">H", 1)
    tiff += struct.pack(">HHIHH", 0x0112, 3, 1, orientation, 0) + struct.pack(">I", 0)
    return _segment(0xE1, b"Exif\x00\x00" + tiff)


def _blocks(width: int, height: int, components: tuple[tuple[int, int, int], ...]) -> tuple[int, list[int]]:
    """MCUs of an interleaved scan, and each component's blocks (non-interleaved scans)."""
    h_max = max(c[1] for c in components)
    v_max = max(c[2] for c in components)
    mcus = -(-width // (8 * h_max)) * -(-height // (8 * v_max))
    each = [-(-(-(-width * h // h_max)) // 8) * -(-(-(-height * v // v_max)) // 8) for _, h, v in components]
    return mcus, each


def uniform_jpeg(width: int, height: int, *, progressive: bool = False, grey: bool = False,
                 orientation: int | None = None, body_bytes: int | None = None, end: bool = True) -> bytes:
    """A flat grey JPEG of ``width`` × ``height``, baseline or progressive, in a few KB per megapixel.

    ``body_bytes`` replaces the entropy-coded data by that many zero bytes (a
    body too short for the size); ``end=False`` leaves out the end marker
    (a file cut short).
    """
    components = _GREY if grey else _COLOUR
    blocks_per_mcu = sum(c[1] * c[2] for c in components)
    mcus, each = _blocks(width, height, components)
    head = b"\xff\xd8" + (_exif_orientation(orientation) if orientation else b"")
    head += _segment(0xDB, b"\x00" + bytes([1] * 64))
    frame = struct.pack(">BHHB", 8, height, width, len(components))
    frame += b"".join(bytes([cid, h << 4 | v, 0]) for cid, h, v in components)
    head += _segment(0xC2 if progressive else 0xC0, frame)
    head += _one_code_table(0, 0, 0x00) + _one_code_table(1, 0, 0x00)
    scans = []
    if progressive:
        # DC first (interleaved): one bit per block; then each component's AC band: one EOB bit per block.
        dc = bytes([len(components)]) + b"".join(bytes([cid, 0x00]) for cid, _, _ in components) + b"\x00\x00\x00"
        scans.append((dc, -(-mcus * blocks_per_mcu // 8)))
        for (cid, _, _), count in zip(components, each):
            scans.append((bytes([1, cid, 0x00, 1, 63, 0]), -(-count // 8)))
    else:
        ss = bytes([len(components)]) + b"".join(bytes([cid, 0x00]) for cid, _, _ in components) + b"\x00\x3f\x00"
        scans.append((ss, -(-mcus * blocks_per_mcu * 2 // 8)))
    body = b""
    for header, size in scans:
        body += _segment(0xDA, header) + bytes(size if body_bytes is None else body_bytes)
    return head + body + (b"\xff\xd9" if end else b"")


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_claiming(width: int, height: int, *, alpha: bool = False, whole: bool = False) -> bytes:
    """A PNG header for ``width`` × ``height``: with ``whole``, valid flat pixels (streamed, little
    memory); without, an IDAT of a few bytes (a size its data cannot hold)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 6 if alpha else 2, 0, 0, 0)
    if whole:
        row = b"\x00" + bytes(width * (4 if alpha else 3))
        packer = zlib.compressobj(9)
        idat = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    else:
        idat = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")


#: An EPS file (what Pillow would hand to Ghostscript), to be saved as x.jpg.
EPS = (b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 100 100\n"
       b"newpath 0 0 moveto 100 100 lineto stroke\nshowpage\n%%EOF\n")


def png_damaged_inside(width: int = 200, height: int = 150) -> bytes:
    """A PNG whose structure is whole (every chunk, CRC and IEND in place) but whose compressed
    pixels are scrambled: only decoding finds it."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.effect_noise((width, height), 40).convert("RGB").save(buffer, format="PNG")
    data = bytearray(buffer.getvalue())
    position = 8
    while data[position + 4 : position + 8] != b"IDAT":
        position += 12 + int.from_bytes(data[position : position + 4], "big")
    length = int.from_bytes(data[position : position + 4], "big")
    middle = position + 8 + length // 2
    data[middle : middle + 40] = bytes(byte ^ 0x5A for byte in data[middle : middle + 40])
    crc = zlib.crc32(bytes(data[position + 4 : position + 8 + length]))
    data[position + 8 + length : position + 12 + length] = struct.pack(">I", crc)
    return bytes(data)
