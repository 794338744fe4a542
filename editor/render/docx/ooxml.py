"""OOXML vocabulary shared by the DOCX writer: namespaces, units, elements.

Elements are made with python-docx's own parser so that python-docx (which
saves the package) sees the same element classes it would have parsed. Every
builder in this package goes through :func:`el`, so namespace prefixes are
written once, here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from docx.oxml.parser import oxml_parser
from lxml import etree

from editor.layout.display import RGB

NS: dict[str, str] = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "wp14": "http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing",
    "w14": "http://schemas.microsoft.com/office/word/2010/wordml",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "v": "urn:schemas-microsoft-com:vml",
    "o": "urn:schemas-microsoft-com:office:office",
    "w10": "urn:schemas-microsoft-com:office:word",
}

#: ``a:graphicData`` URIs of the two kinds of drawing we write.
WPS_URI = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
PIC_URI = "http://schemas.openxmlformats.org/drawingml/2006/picture"

#: Relationship type and content type of an obfuscated embedded font.
RT_FONT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
CT_OBFUSCATED_FONT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"

EMU_PER_PT = 12700
#: DrawingML percentages (``a:srcRect``) are in 1/1000 of a percent.
PERCENT_UNIT = 100000


def qn(tag: str) -> str:
    """``"w:p"`` → Clark notation ``"{…main}p"``."""
    prefix, local = tag.split(":")
    return f"{{{NS[prefix]}}}{local}"


def el(tag: str, attrs: Mapping[str, object] | None = None, children: Iterable[etree._Element] = (),
       text: str | None = None, nsmap: Mapping[str, str] | None = None) -> etree._Element:
    """An element; attribute names with a prefix (``w:val``) are namespaced, others plain.

    ``nsmap`` is for the root of a part (where prefixes should be declared).
    """
    attrib = {}
    for name, value in (attrs or {}).items():
        if value is None:
            continue
        attrib[qn(name) if ":" in name else name] = str(value)
    element = oxml_parser.makeelement(qn(tag), attrib, nsmap=dict(nsmap) if nsmap else None)
    for child in children:
        element.append(child)
    if text is not None:
        element.text = text
    return element


def w_val(tag: str, value: object) -> etree._Element:
    """The ubiquitous ``<w:x w:val="…"/>``."""
    return el(tag, {"w:val": value})


def emu(length_pt: float) -> int:
    """Points → English Metric Units (DrawingML lengths)."""
    return round(length_pt * EMU_PER_PT)


def twips(length_pt: float) -> int:
    """Points → twentieths of a point (WordprocessingML lengths)."""
    return round(length_pt * 20)


def hex_rgb(color: RGB) -> str:
    """An (r, g, b) triple in 0..1 → ``"C8161D"``."""
    return "".join(f"{max(0, min(255, round(c * 255))):02X}" for c in color)


def serialize(element: etree._Element) -> bytes:
    """An element as a standalone XML part, our prefixes (``w:`` …) declared once at its root.

    Elements made without a namespace map get lxml's ``ns0`` prefixes; Word reads those, but
    other tools and people expect ``w:``, so the root is remade with our prefixes first.
    """
    root = oxml_parser.makeelement(element.tag, dict(element.attrib), nsmap=NS)
    root.text = element.text
    for child in list(element):
        root.append(child)  # lxml rewrites each child's prefix to the one its new root declares
    etree.cleanup_namespaces(root, top_nsmap=NS)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
