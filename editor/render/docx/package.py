"""The DOCX package around the content: parts, settings, page setup, properties.

We start from a small package of our own rather than python-docx's default
template (a Japanese-language theme, a thumbnail and stray parts), then let
python-docx open it, add the photos and font parts and save it. Settings
turn on what Chinese layout needs: punctuation compression
(``characterSpacingControl``), the document's 避头尾 lists
(``noLineBreaksBefore``/``After``), embedded (subset) fonts, and Word 2013+
layout (``compatibilityMode`` 15).
"""

from __future__ import annotations

import datetime
import io
import zipfile
from collections import Counter

from docx.document import Document as WordDocument
from lxml import etree

from editor import __version__
from editor.layout import chars as cc
from editor.model.document import Document
from editor.model.frames import Insets
from editor.render.docx.ooxml import NS, el, serialize, twips, w_val

_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml"

#: A fixed time for ``invariant`` exports (tests compare bytes).
_INVARIANT_TIME = datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone.utc)


def _content_types() -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="{_CT}">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{_WML}.document.main+xml"/>'
        f'<Override PartName="/word/styles.xml" ContentType="{_WML}.styles+xml"/>'
        f'<Override PartName="/word/settings.xml" ContentType="{_WML}.settings+xml"/>'
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
        "</Types>"
    ).encode("utf-8")


def _relationships(targets: list[tuple[str, str]]) -> bytes:
    rels = "".join(f'<Relationship Id="rId{n}" Type="{kind}" Target="{target}"/>'
                   for n, (kind, target) in enumerate(targets, start=1))
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{_RELS}">{rels}</Relationships>'.encode()


def _app_properties() -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        f"<Application>Banmian {__version__}</Application></Properties>"
    ).encode("utf-8")


def _core_properties() -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>'
    ).encode("utf-8")


def _empty_document() -> bytes:
    """``w:document`` with every prefix our drawings use declared at the root (Word wants them there)."""
    root = etree.Element(f"{{{NS['w']}}}document", nsmap=NS)
    root.set(f"{{{NS['mc']}}}Ignorable", "w14 wp14")
    etree.SubElement(root, f"{{{NS['w']}}}body")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def template(styles: etree._Element, settings: etree._Element) -> bytes:
    """A minimal valid DOCX holding our styles and settings and an empty body."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", _content_types())
        package.writestr("_rels/.rels", _relationships([
            (f"{_OFFICE_RT}/officeDocument", "word/document.xml"),
            ("http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties", "docProps/core.xml"),
            (f"{_OFFICE_RT}/extended-properties", "docProps/app.xml"),
        ]))
        package.writestr("docProps/core.xml", _core_properties())
        package.writestr("docProps/app.xml", _app_properties())
        package.writestr("word/document.xml", _empty_document())
        package.writestr("word/_rels/document.xml.rels", _relationships([
            (f"{_OFFICE_RT}/styles", "styles.xml"),
            (f"{_OFFICE_RT}/settings", "settings.xml"),
        ]))
        package.writestr("word/styles.xml", serialize(styles))
        package.writestr("word/settings.xml", serialize(settings))
    return out.getvalue()


def _kinsoku_lists(doc: Document) -> tuple[str, str]:
    """(no line start, no line end) of the level most paragraph styles use; Word has one pair per language."""
    levels = Counter(style.kinsoku for style in doc.paragraph_styles.values())
    level = levels.most_common(1)[0][0] if levels else "basic"
    no_start = set(cc.NO_START_BASIC)
    no_end = set(cc.NO_END_BASIC)
    if level == "strict":
        no_start |= cc.NO_START_STRICT_EXTRA
    if level in ("gb", "strict"):
        no_end |= cc.NO_END_GB_EXTRA
    return "".join(sorted(no_start)), "".join(sorted(no_end))


def settings(doc: Document) -> etree._Element:
    """``w:settings``: embedded subset fonts, punctuation compression, 避头尾 lists, Word 2013 layout."""
    no_start, no_end = _kinsoku_lists(doc)
    compat = el("w:compat", children=[
        el("w:spaceForUL"), el("w:balanceSingleByteDoubleByteWidth"), el("w:doNotLeaveBackslashAlone"),
        el("w:ulTrailSpace"), el("w:doNotExpandShiftReturn"), el("w:adjustLineHeightInTable"),
        el("w:useFELayout"),
        el("w:compatSetting", {"w:name": "compatibilityMode", "w:uri": "http://schemas.microsoft.com/office/word",
                               "w:val": 15}),
    ])
    return el("w:settings", children=[
        el("w:zoom", {"w:percent": 100}),
        el("w:embedTrueTypeFonts"),
        el("w:saveSubsetFonts"),
        w_val("w:defaultTabStop", 420),
        w_val("w:characterSpacingControl", "compressPunctuation"),
        el("w:noLineBreaksAfter", {"w:lang": "zh-CN", "w:val": no_end}),
        el("w:noLineBreaksBefore", {"w:lang": "zh-CN", "w:val": no_start}),
        compat,
        el("w:themeFontLang", {"w:val": "en-US", "w:eastAsia": "zh-CN"}),
        w_val("w:decimalSymbol", "."),
        w_val("w:listSeparator", ","),
    ])


def section_properties(width_pt: float, height_pt: float, margins: Insets) -> etree._Element:
    """``w:sectPr``: page size and margins (the margins only matter to text typed outside the boxes).

    No ``w:type``: a section starts on a new page by default.
    """
    children = [
        el("w:pgSz", {"w:w": twips(width_pt), "w:h": twips(height_pt),
                      "w:orient": "landscape" if width_pt > height_pt else None}),
        el("w:pgMar", {"w:top": twips(margins.top_pt), "w:right": twips(margins.right_pt),
                       "w:bottom": twips(margins.bottom_pt), "w:left": twips(margins.left_pt),
                       "w:header": 0, "w:footer": 0, "w:gutter": 0}),
        el("w:cols", {"w:space": 425}),
    ]
    return el("w:sectPr", children=children)


def set_core_properties(word: WordDocument, doc: Document, invariant: bool) -> None:
    """Title 刊名 + 期号, author 党群工作部 (the issue's publisher), as in the PDF."""
    props = word.core_properties
    props.title = doc.pdf_title()
    props.author = doc.issue.publisher
    props.last_modified_by = doc.issue.publisher
    props.subject = doc.issue.title
    props.language = "zh-CN"
    props.revision = 1
    now = _INVARIANT_TIME if invariant else datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    props.created = now
    props.modified = now
