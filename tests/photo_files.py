"""Photo files built byte by byte for tests: any size in kilobytes, hostile or valid.

A real 268-megapixel photo takes a gigabyte and many seconds to make with
Pillow; these take microseconds. ``uniform_jpeg`` writes a complete, valid
JPEG of any size whose every 8 × 8 block is flat grey: with one-code Huffman
tables each block costs two bits (one for the DC difference 0, one for
end-of-block), so the entropy-coded data is all zero bytes. The same header
with a short body is a size its data cannot hold; cut before its end marker
it is a truncated file. ``png_claiming`` writes a PNG header for any size.

For the colour and orientation tests (test_photo_formats.py, test_photo_orientation.py):
pictures of four flat quadrants of known colours, 16-bit PNGs (which Pillow writes only in
grey), a CMYK ICC profile whose inks print as colours the test chooses, and the readers that
take colours back from what each path produced — a QImage, a PDF page rasterised by pdftoppm
(PDFium without poppler), the pictures embedded in a DOCX.
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
    mcus = _ceil_div(width, 8 * h_max) * _ceil_div(height, 8 * v_max)
    each = [_ceil_div(_ceil_div(width * h, h_max), 8) * _ceil_div(_ceil_div(height * v, v_max), 8)
            for _, h, v in components]
    return mcus, each


def _ceil_div(numerator: int, denominator: int) -> int:
    return -(-numerator // denominator)


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
        for (cid, _, _), count in zip(components, each, strict=True):
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


# ---------------------------------------------------------------- pictures of known colours

#: Quadrant colours (top-left, top-right, bottom-left, bottom-right): all four differ, so every
#: turn and flip of the picture puts a different colour in some corner.
QUADRANT_COLOURS = ((220, 30, 30), (30, 30, 220), (30, 180, 30), (230, 210, 30))


def quadrant_picture(width: int = 160, height: int = 120,
                     colours: tuple[tuple[int, ...], ...] = QUADRANT_COLOURS, mode: str = "RGB"):
    """A ``width`` × ``height`` picture of four flat quadrants (TL, TR, BL, BR) in ``mode``."""
    from PIL import Image

    picture = Image.new(mode, (width, height))
    half_w, half_h = width // 2, height // 2
    boxes = ((0, 0, half_w, half_h), (half_w, 0, width, half_h),
             (0, half_h, half_w, height), (half_w, half_h, width, height))
    for colour, box in zip(colours, boxes, strict=True):
        picture.paste(colour, box)
    return picture


def quadrant_centres(x: float, y: float, width: float, height: float) -> list[tuple[float, float]]:
    """The centres of the four quadrants of a rectangle: TL, TR, BL, BR."""
    return [(x + fx * width, y + fy * height) for fy in (0.25, 0.75) for fx in (0.25, 0.75)]


def png16(width: int, height: int, colour_type: int, pixel) -> bytes:
    """A 16-bit PNG written byte by byte (Pillow writes 16-bit grey, not 16-bit RGB):
    ``colour_type`` 0 grey, 2 RGB, 4 grey + alpha, 6 RGBA; ``pixel(x, y)`` gives the samples."""
    channels = {0: 1, 2: 3, 4: 2, 6: 4}[colour_type]
    rows = (b"\x00" + b"".join(struct.pack(f">{channels}H", *pixel(x, y)) for x in range(width))
            for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 16, colour_type, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(b"".join(rows)))
            + _chunk(b"IEND", b""))


# ---------------------------------------------------------------- a CMYK ICC profile

#: The D50 white of the ICC profile connection space.
_D50 = (0.9642, 1.0, 0.8249)
#: Linear sRGB → XYZ, already adapted to D50 (Bradford), as the ICC's sRGB profile has it.
_SRGB_TO_XYZ_D50 = ((0.4360747, 0.3850649, 0.1430804),
                    (0.2225045, 0.7168786, 0.0606169),
                    (0.0139322, 0.0971045, 0.7141733))


def srgb_to_lab(rgb: tuple[int, int, int]) -> tuple[float, float, float]:
    """CIE L*a*b* (D50) of an sRGB colour, by the textbook formulas (IEC 61966-2-1, CIE 15)."""

    def linear(value: int) -> float:
        c = value / 255.0
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb)
    xyz = [row[0] * r + row[1] * g + row[2] * b for row in _SRGB_TO_XYZ_D50]

    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    fx, fy, fz = (f(value / white) for value, white in zip(xyz, _D50, strict=True))
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def _s15(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def _padded(data: bytes) -> bytes:
    return data + bytes(-len(data) % 4)


def cmyk_icc_profile(corner) -> bytes:
    """A minimal ICC v2 output profile for CMYK, written byte by byte (ImageCms builds only sRGB,
    Lab and XYZ profiles, and no CMYK profile may be assumed installed).

    Its A2B0 table (``lut8Type``, a 2 × 2 × 2 × 2 grid) says which colour each corner of the ink
    cube prints as: ``corner(c, m, y, k)`` (each 0 or 1) gives an sRGB colour, stored as its
    L*a*b*. A patch of pure ink therefore has an exact, known meaning — the point of a test that
    a converter honours the profile — and it can be chosen far from the plain complement that a
    converter ignoring the profile produces.
    """
    identity = bytes(range(256))
    grid = b""
    for c in (0, 1):  # the first input channel varies slowest
        for m in (0, 1):
            for y in (0, 1):
                for k in (0, 1):
                    lightness, a, b = srgb_to_lab(corner(c, m, y, k))
                    grid += bytes(max(0, min(255, round(v))) for v in (lightness * 255 / 100, a + 128, b + 128))
    a2b0 = (b"mft1" + bytes(4) + bytes([4, 3, 2, 0]) + b"".join(_s15(v) for v in (1, 0, 0, 0, 1, 0, 0, 0, 1))
            + identity * 4 + grid + identity * 3)
    text = b"Banmian test CMYK\0"
    desc = b"desc" + bytes(4) + struct.pack(">I", len(text)) + text + bytes(8) + bytes(3) + bytes(67)
    tags = [(b"desc", desc), (b"wtpt", b"XYZ " + bytes(4) + b"".join(_s15(v) for v in _D50)),
            (b"cprt", b"text" + bytes(4) + b"generated for tests\0"), (b"A2B0", a2b0)]
    return _icc_v2(b"prtr", b"CMYK", b"Lab ", tags)


def _icc_v2(device_class: bytes, colour_space: bytes, connection_space: bytes, tags) -> bytes:
    """An ICC v2 profile: the 128-byte header, the tag table and the tags (each padded to 4 bytes)."""
    offset = 128 + 4 + 12 * len(tags)
    table, body = struct.pack(">I", len(tags)), b""
    for signature, data in tags:
        table += signature + struct.pack(">II", offset + len(body), len(data))
        body += _padded(data)
    header = (struct.pack(">I", offset + len(body)) + bytes(4) + bytes([2, 0x10, 0, 0]) + device_class
              + colour_space + connection_space + bytes(12) + b"acsp" + bytes(24) + struct.pack(">I", 0)
              + b"".join(_s15(v) for v in _D50) + bytes(48))
    assert len(header) == 128
    return header + table + body


def rgb_matrix_icc_profile(colorants, gamma: float, name: str = "Banmian test RGB") -> bytes:
    """A minimal ICC v2 display profile for an RGB space given by its primaries and one gamma,
    written byte by byte (ImageCms builds no profile but sRGB, Lab and XYZ): ``colorants`` are the
    red, green and blue primaries' XYZ adapted to D50, as an ICC matrix/TRC profile stores them
    (Adobe RGB (1998), Display P3 …). The curves are ``curv`` tags with one entry, a gamma in
    u8Fixed8, so ``gamma`` is rounded to 1/256."""
    text = name.encode("ascii") + b"\0"
    desc = b"desc" + bytes(4) + struct.pack(">I", len(text)) + text + bytes(8) + bytes(3) + bytes(67)
    curve = b"curv" + bytes(4) + struct.pack(">IH", 1, round(gamma * 256))

    def xyz(values) -> bytes:
        return b"XYZ " + bytes(4) + b"".join(_s15(v) for v in values)

    red, green, blue = colorants
    tags = [(b"desc", desc), (b"wtpt", xyz(_D50)), (b"cprt", b"text" + bytes(4) + b"generated for tests\0"),
            (b"rXYZ", xyz(red)), (b"gXYZ", xyz(green)), (b"bXYZ", xyz(blue)),
            (b"rTRC", curve), (b"gTRC", curve), (b"bTRC", curve)]
    return _icc_v2(b"mntr", b"RGB ", b"XYZ ", tags)


# ---------------------------------------------------------------- reading pages back


def pdf_page_image(pdf_path, dpi: int, page_number: int = 1):
    """A PDF page as an RGB Pillow image: poppler's pdftoppm where it is installed, PDFium
    (pypdfium2, which pdfplumber brings) where it is not (the Windows leg has no poppler).
    Neither is ReportLab, which wrote the PDF."""
    import io
    import shutil
    import subprocess

    from PIL import Image

    if shutil.which("pdftoppm"):
        png = subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(page_number), "-l", str(page_number),
                              "-singlefile", "-png", str(pdf_path)], check=True, capture_output=True).stdout
        return Image.open(io.BytesIO(png)).convert("RGB")
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf_path))
    try:
        return document[page_number - 1].render(scale=dpi / 72.0).to_pil().convert("RGB")
    finally:
        document.close()


def qimage_to_pil(image):
    """A QImage as an RGB Pillow image."""
    import sys

    from PIL import Image
    from PySide6.QtGui import QImage

    image = image.convertToFormat(QImage.Format.Format_RGB32)
    raw_mode = "BGRX" if sys.byteorder == "little" else "XRGB"
    return Image.frombuffer("RGB", (image.width(), image.height()), bytes(image.constBits()), "raw", raw_mode,
                            image.bytesPerLine(), 1)


_PIC_NS = {
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}


def docx_pictures(docx_bytes: bytes) -> dict[str, tuple[bytes, dict[str, str]]]:
    """Each picture of a DOCX by its drawing's name (Banmian names it ``图片 <frame id>``): the
    bytes of its media part and the attributes of its ``a:srcRect`` (the crop; empty: none)."""
    import io
    import posixpath
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as package:
        body = etree.fromstring(package.read("word/document.xml"))
        relations = etree.fromstring(package.read("word/_rels/document.xml.rels"))
        targets = {rel.get("Id"): rel.get("Target") for rel in relations}
        pictures = {}
        for pic in body.iter(f"{{{_PIC_NS['pic']}}}pic"):
            name = pic.find("pic:nvPicPr/pic:cNvPr", _PIC_NS).get("name")
            blip_fill = pic.find("pic:blipFill", _PIC_NS)
            embed = blip_fill.find("a:blip", _PIC_NS).get(f"{{{_PIC_NS['r']}}}embed")
            crop = blip_fill.find("a:srcRect", _PIC_NS)
            media = posixpath.normpath(posixpath.join("word", targets[embed]))
            pictures[name] = (package.read(media), dict(crop.attrib) if crop is not None else {})
    return pictures
