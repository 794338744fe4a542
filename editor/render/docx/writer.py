"""Assemble the DOCX: one anchor paragraph per page holding that page's objects.

A floating object belongs to the paragraph it is anchored in, so each page
gets a tiny paragraph (1 pt, exact spacing) that starts a new page and holds
the anchors of every box, photo and shape on it, positioned relative to the
page. Word and LibreOffice therefore put every object on the page it was
designed for, whatever they do with line breaks inside the boxes.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO

import docx
from docx.document import Document as WordDocument
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart
from lxml import etree

from editor.io.photos import PreparedPhoto
from editor.layout.charformat import FALLBACK_PARAGRAPH_STYLE, FormatResolver
from editor.layout.display import DocumentLayout
from editor.model.document import Document
from editor.render.docx.content import CarriedSpacing, CharUsage, box_paragraphs, jump_paragraph
from editor.render.docx.dashes import stretched_dashes
from editor.render.docx.drawing import DrawingCounter
from editor.render.docx.fonts import (
    EmbeddedFace,
    embedded_faces,
    faces_used,
    font_entry,
    with_common_characters,
)
from editor.render.docx.ooxml import CT_OBFUSCATED_FONT, NS, RT_FONT, el, w_val
from editor.render.docx.package import section_properties, set_core_properties, settings, template
from editor.render.docx.pictures import PhotoParts, picture_run
from editor.render.docx.plan import ColumnMode, PagePlan, Picture, Shape, TextBox, TextFlow, plan_document
from editor.render.docx.shapes import shape_run
from editor.render.docx.squeeze import forced_break_opportunities, line_condensing, natural_widths
from editor.render.docx.styles import ANCHOR_STYLE_ID, StyleIds, build_styles
from editor.render.docx.textbox import text_box_run
from editor.render.docx.zip_writer import save_docx
from editor.render.prepared_photos import PRINT_PPI, PhotoKey, prepare_photos, report_photo


@dataclass(frozen=True)
class DocxOptions:
    """How the DOCX carries text, and whether the bytes must be reproducible."""

    #: ``linked`` (one chain per story, text flows on when edited) or ``per_box``
    #: (each box holds the text our engine set in it); ``docs/docx.md`` gives the measurements.
    text_flow: TextFlow = "linked"
    #: ``split`` (a box per column) or ``native`` (one box with ``numCol``).
    columns: ColumnMode = "split"
    #: Hand the lines our engine squeezed on as condensed character spacing (``squeeze``);
    #: off only to measure what that buys.
    carry_squeeze: bool = True
    #: Fixed timestamps, so the same document gives the same bytes (tests).
    invariant: bool = False
    #: Pixels per inch a photo keeps at its placed size, as in the PDF (``prepared_photos``: 印刷 300,
    #: 屏幕 150, ``--dpi``): larger photos are downsampled to it, a JPEG at or under it is passed
    #: through untouched. Word itself does so when it saves (its "compress pictures", 220 ppi by
    #: default). None (原图) keeps every photo's pixels: a phone photo is then 3–4 MB in the file.
    photo_ppi: float | None = PRINT_PPI


class _Numbers:
    """Drawing numbers (docPr ids, z-order, VML ids), fixed up front so chains can point forward."""

    def __init__(self, plans: list[PagePlan]) -> None:
        counter = DrawingCounter()
        self.of: dict[int, int] = {}
        chains: dict[tuple[int, int], int] = {}
        for plan in plans:
            for obj in plan.objects:
                number = counter.take()
                self.of[id(obj)] = number
                if isinstance(obj, TextBox) and obj.chain_id is not None:
                    chains[(obj.chain_id, obj.chain_seq)] = number
        self._chains = chains

    def next_in_chain(self, box: TextBox) -> int | None:
        if box.chain_id is None:
            return None
        return self._chains.get((box.chain_id, box.chain_seq + 1))


def _page_paragraph(new_page: bool, runs: Iterable[etree._Element]) -> etree._Element:
    ppr = el("w:pPr", children=[w_val("w:pStyle", ANCHOR_STYLE_ID)])
    if new_page:
        ppr.append(el("w:pageBreakBefore"))
    return el("w:p", children=[ppr, *runs])


@dataclass
class _Context:
    """What every object's XML needs while the body is written."""

    doc: Document
    ids: StyleIds
    numbers: _Numbers
    photos: PhotoParts
    usage: CharUsage
    carried: CarriedSpacing


def _object_run(ctx: _Context, obj: TextBox | Picture | Shape) -> etree._Element:
    number = ctx.numbers.of[id(obj)]
    if isinstance(obj, TextBox):
        if obj.jump is not None:
            return text_box_run(number, obj, [jump_paragraph(ctx.doc, ctx.ids, obj.jump, ctx.usage)])
        paragraphs = box_paragraphs(ctx.doc, ctx.ids, obj.story_id, obj.fragments, ctx.usage, ctx.carried)
        return text_box_run(number, obj, paragraphs, ctx.numbers.next_in_chain(obj))
    if isinstance(obj, Picture):
        return picture_run(number, obj, ctx.photos.relationship_id(obj.asset, obj.rotation_deg))
    return shape_run(number, obj.item)


def _letter_spacing(doc: Document) -> dict[tuple[str, int], float]:
    """Each paragraph's letter spacing in points (what Word adds after every character)."""
    spacing: dict[tuple[str, int], float] = {}
    for story_id, story in doc.stories.items():
        for index, paragraph in enumerate(story.paragraphs):
            style = doc.paragraph_styles.get(paragraph.style, FALLBACK_PARAGRAPH_STYLE)
            spacing[(story_id, index)] = style.letter_spacing_em * style.size_pt
    return spacing


def _write_body(word: WordDocument, doc: Document, layout: DocumentLayout, plans: list[PagePlan], ids: StyleIds,
                usage: CharUsage, options: DocxOptions, photos: dict[PhotoKey, PreparedPhoto]) -> None:
    body = word.element.body
    if options.carry_squeeze:
        widths = natural_widths(layout)
        condensing = line_condensing(layout, widths, _letter_spacing(doc), linked=options.text_flow == "linked")
        carried = CarriedSpacing(condensing, stretched_dashes(layout), forced_break_opportunities(layout, widths))
    else:
        carried = CarriedSpacing(dashes=stretched_dashes(layout))
    ctx = _Context(doc, ids, _Numbers(plans), PhotoParts(photos, word.part), usage, carried)
    # One section per run of pages of the same size: a page whose successor differs in size ends
    # its section (a section starts on a new page); the last section's sectPr ends the body.
    ends_section = [
        number + 1 < len(plans)
        and (plans[number + 1].width_pt, plans[number + 1].height_pt) != (plan.width_pt, plan.height_pt)
        for number, plan in enumerate(plans)
    ]
    for number, plan in enumerate(plans):
        new_page = number > 0 and not ends_section[number - 1]
        paragraph = _page_paragraph(new_page, [_object_run(ctx, obj) for obj in plan.objects])
        if ends_section[number]:
            paragraph[0].append(section_properties(plan.width_pt, plan.height_pt, doc.margins))
        body.append(paragraph)
    if not plans:
        body.append(el("w:p"))  # Word wants at least one paragraph
    last = plans[-1] if plans else None
    width, height = (last.width_pt, last.height_pt) if last else (doc.page_width_pt, doc.page_height_pt)
    body.append(section_properties(width, height, doc.margins))


def _write_fonts(word: WordDocument, doc: Document, ids: StyleIds, usage: CharUsage) -> None:
    """The font table: every family the styles name, the bundled ones embedded as obfuscated subsets."""
    from editor.layout.engine import default_faces

    package = word.part.package
    table = el("w:fonts", nsmap={"w": NS["w"], "r": NS["r"]})
    table_part = XmlPart(PackURI("/word/fontTable.xml"), CT.WML_FONT_TABLE, table, package)
    word.part.relate_to(table_part, RT.FONT_TABLE)
    used = faces_used(doc, usage, FormatResolver(doc, default_faces()))
    # Only faces Word can reach by a name the styles use: a stand-in for a missing Windows
    # font or a fallback for a missing character would never be picked from the file.
    named = {ref: font for font in ids.fonts.values() for ref in (font.regular, font.bold) if ref is not None}
    regular = {font.regular for font in ids.fonts.values() if font.regular is not None}
    reachable = {ref: chars for ref, chars in used.items() if ref in named}
    faces = embedded_faces(with_common_characters(reachable, regular))
    embeds: dict[str, list[tuple[EmbeddedFace, str]]] = {}
    for number, face in enumerate(faces, start=1):
        font_part = Part(PackURI(f"/word/fonts/font{number}.odttf"), CT_OBFUSCATED_FONT, face.data, package)
        embeds.setdefault(face.family, []).append((face, table_part.relate_to(font_part, RT_FONT)))
    for name in sorted(ids.fonts):
        table.append(font_entry(ids.fonts[name], embeds.get(name, [])))


def assemble(doc: Document, layout: DocumentLayout, options: DocxOptions = DocxOptions()) -> WordDocument:
    """The DOCX's package, ready to save (a photo that cannot be prepared is planned as its placeholder).

    Frames and stories are read from the document as laid out (master items
    resolved into each page), so Word gets the running head on every page too.
    """
    doc = layout.document or doc
    photos = prepare_photos(doc, layout, options.photo_ppi)
    plans = plan_document(doc, layout, options.text_flow, options.columns)
    styles, ids = build_styles(doc)
    word = docx.Document(io.BytesIO(template(styles, settings(doc))))
    usage = CharUsage()
    _write_body(word, doc, layout, plans, ids, usage, options, photos)
    _write_fonts(word, doc, ids, usage)
    set_core_properties(word, doc, options.invariant)
    return word


def save_package(word: WordDocument, out: IO[bytes], options: DocxOptions = DocxOptions()) -> None:
    """Write ``assemble``'s package to ``out`` a part at a time, never whole in memory.

    Within ``reporting_photos`` each photo is reported again as it is written (``report_photo``,
    after ``prepare_photos`` reported it prepared), so 取消 stops the export between photos here too.
    """
    save_docx(word, out, options.invariant, report_photo)


def build_docx(doc: Document, layout: DocumentLayout, options: DocxOptions = DocxOptions()) -> bytes:
    """The DOCX file's bytes, made in memory (tests; ``write_docx`` streams to the file)."""
    out = io.BytesIO()
    save_package(assemble(doc, layout, options), out, options)
    return out.getvalue()
