"""The paragraphs inside a text box: story text cut at the layout's offsets.

A fragment that continues a paragraph from the previous box has no
first-line indent; the first paragraph of a box has no space before (our
engine never puts space before at the top of a column, Word would). Field
runs (刊名, 期号, 日期, 页码 …) become their text on the page they land on.
Lines our engine squeezed carry a condensed character spacing
(``squeeze``), the halves of a —— pair the scale and spacing that make them
one 2-em rule (``dashes``). Every run's text is also recorded in a
:class:`CharUsage`, so the embedded fonts hold the characters the file uses.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from editor.layout.charformat import FALLBACK_PARAGRAPH_STYLE
from editor.model.document import Document
from editor.model.fields import field_text
from editor.model.story import Paragraph
from editor.render.docx.dashes import CharKey, DashScale
from editor.render.docx.lo_line_model import scalable_mark
from editor.render.docx.ooxml import el, twips, w_val
from editor.render.docx.plan import Fragment, JumpText
from editor.render.docx.squeeze import Condensing
from editor.render.docx.styles import StyleIds, paragraph_properties


class CharUsage:
    """Which text is set in which (paragraph style, character style) pair."""

    def __init__(self) -> None:
        self.by_format: dict[tuple[str, str | None], set[str]] = {}

    def add(self, paragraph_style: str, char_style: str | None, text: str) -> None:
        self.by_format.setdefault((paragraph_style, char_style), set()).update(text)


@dataclass(frozen=True)
class CarriedSpacing:
    """What the layout decided per character that Word must be told in character spacing."""

    #: Squeezed lines (``squeeze.line_condensing``).
    condensing: Condensing = field(default_factory=dict)
    #: Stretched —— halves (``dashes.stretched_dashes``).
    dashes: dict[CharKey, DashScale] = field(default_factory=dict)
    #: Line starts that get a zero-width space (``squeeze.forced_break_opportunities``).
    break_before: set[CharKey] = field(default_factory=set)


#: Where our layout broke a line and LibreOffice would not (before a number after 。), the
#: break opportunity both Word and LibreOffice honour; invisible.
ZERO_WIDTH_SPACE = "\u200b"

#: (character style, condensing in pt, dash scale or None, mark scale in percent, text) of one run.
Piece = tuple[str | None, float, DashScale | None, int, str]


def _units(doc: Document, paragraph: Paragraph, page_number: int) -> list[tuple[int, str | None, str]]:
    """(offset, character style, text) per offset: one per character, a field as its whole text."""
    units: list[tuple[int, str | None, str]] = []
    offset = 0
    for run in paragraph.runs:
        if run.field is not None:
            units.append((offset, run.char_style, field_text(doc.issue, run.field, page_number)))
            offset += 1
            continue
        units.extend((offset + k, run.char_style, ch) for k, ch in enumerate(run.text))
        offset += len(run.text)
    return units


def _pieces(doc: Document, paragraph: Paragraph, key: tuple[str, int], fragment: Fragment,
            carried: CarriedSpacing) -> Iterator[Piece]:
    """The runs inside the fragment, fields filled in, split where character spacing changes."""
    condensing = carried.condensing.get(key, [])
    current: tuple[str | None, float, DashScale | None, int] | None = None
    text: list[str] = []
    for offset, char_style, unit in _units(doc, paragraph, fragment.page_number):
        if offset < fragment.start or (fragment.end is not None and offset >= fragment.end):
            continue
        line = next((s for s in condensing if s.start_offset <= offset < s.end_offset), None)
        dash = carried.dashes.get((key[0], key[1], offset))
        scale = line.mark_scale_percent if line is not None and dash is None and scalable_mark(unit) else 100
        format_ = (char_style, line.change_pt if line is not None else 0.0, dash, scale)
        if format_ != current:
            if current is not None and text:
                yield (*current, "".join(text))
            current, text = format_, []
        if (key[0], key[1], offset) in carried.break_before:
            text.append(ZERO_WIDTH_SPACE)
        text.append(unit)
    if current is not None and text:
        yield (*current, "".join(text))


def _text_elements(text: str) -> list[etree._Element]:
    """``w:t`` pieces, with ``w:br`` for a forced line break and ``w:tab`` for a tab."""
    out: list[etree._Element] = []
    for piece in re.split(r"([\n\t])", text):
        if piece == "\n":
            out.append(el("w:br"))
        elif piece == "\t":
            out.append(el("w:tab"))
        elif piece:
            t = el("w:t", text=piece)
            if piece != piece.strip() or "  " in piece:
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            out.append(t)
    return out


def _spacing_properties(letter_spacing_pt: float, condense_pt: float, dash: DashScale | None,
                        mark_scale_percent: int) -> list[etree._Element]:
    """``w:spacing`` and ``w:w`` of a run whose spacing or width differs from its style's."""
    elements = []
    if condense_pt or dash is not None:
        # Direct spacing replaces the style's letter spacing, so it carries it too.
        spacing_pt = letter_spacing_pt - condense_pt + (dash.spacing_pt if dash is not None else 0.0)
        elements.append(w_val("w:spacing", twips(spacing_pt)))
    if dash is not None:
        elements.append(w_val("w:w", dash.width_percent))
    elif mark_scale_percent != 100:
        elements.append(w_val("w:w", mark_scale_percent))
    return elements


def fragment_paragraph(doc: Document, ids: StyleIds, story_id: str, fragment: Fragment, *,
                       first_in_box: bool, usage: CharUsage, carried: CarriedSpacing) -> etree._Element:
    """One ``w:p`` holding a fragment of a paragraph."""
    paragraph = doc.stories[story_id].paragraphs[fragment.paragraph_index]
    known = paragraph.style in doc.paragraph_styles
    style = doc.paragraph_styles[paragraph.style] if known else FALLBACK_PARAGRAPH_STYLE
    style_key = paragraph.style if known else ""
    ppr = el("w:pPr", children=[w_val("w:pStyle", ids.paragraph[style_key])])
    if first_in_box and style.space_before_pt:
        ppr.append(el("w:spacing", {"w:before": 0}))
    if fragment.start > 0 and style.first_line_indent_chars:
        ppr.append(el("w:ind", {"w:firstLineChars": 0, "w:firstLine": 0}))
    p = el("w:p", children=[ppr])
    key = (story_id, fragment.paragraph_index)
    for char_style, condense_pt, dash, mark_scale, text in _pieces(doc, paragraph, key, fragment, carried):
        usage.add(style_key, char_style, text)
        run = el("w:r")
        rpr = el("w:rPr")
        if char_style is not None and char_style in ids.character:
            rpr.append(w_val("w:rStyle", ids.character[char_style]))
        rpr.extend(_spacing_properties(style.letter_spacing_em * style.size_pt, condense_pt, dash, mark_scale))
        if len(rpr):
            run.append(rpr)
        for child in _text_elements(text):
            run.append(child)
        p.append(run)
    return p


def box_paragraphs(doc: Document, ids: StyleIds, story_id: str, fragments: list[Fragment],
                   usage: CharUsage, carried: CarriedSpacing) -> list[etree._Element]:
    """The ``w:p`` elements of a text box (at least one: Word wants a paragraph in every box)."""
    paragraphs = [
        fragment_paragraph(doc, ids, story_id, fragment, first_in_box=number == 0, usage=usage,
                           carried=carried)
        for number, fragment in enumerate(fragments)
    ]
    return paragraphs or [el("w:p")]


def jump_paragraph(doc: Document, ids: StyleIds, jump: JumpText, usage: CharUsage) -> etree._Element:
    """The ``w:p`` of a continuation line: the body style, with the jump line's size, indent and alignment."""
    style_key = jump.style_name if jump.style_name in doc.paragraph_styles else ""
    ppr = paragraph_properties(jump.style)
    ppr.insert(0, w_val("w:pStyle", ids.paragraph[style_key]))
    half_points = max(1, round(jump.style.size_pt * 2))
    rpr = el("w:rPr", children=[w_val("w:spacing", 0), w_val("w:sz", half_points), w_val("w:szCs", half_points)])
    usage.add(style_key, None, jump.text)
    return el("w:p", children=[ppr, el("w:r", children=[rpr, *_text_elements(jump.text)])])
