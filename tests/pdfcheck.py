"""Measuring an exported PDF against the document model.

The checks read glyph positions back from the PDF with pdfplumber, so they
test what a printer would get, not what the engine believes it drew. The
model supplies the truth to compare with: its text (fields filled in), the
frames' columns, and the boxes text must wrap around. The layout's line
offsets are used only to slice the model's text into the order it is
drawn in.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pdfplumber
from fontTools.ttLib import TTFont

from editor.layout.display import DocumentLayout
from editor.model import Document, ImageFrame, TextFrame
from editor.model.fields import field_text

#: Marks whose ink sits in the left half / right half of the em (Simplified Chinese fonts).
INK_LEFT = set("。．，、：；！？”’」』）》〉】〗〕］｝")
INK_RIGHT = set("“‘「『（《〈【〖〔［｛")


@dataclass
class ExpectedChar:
    """A character of the model, in drawing order, with where it belongs."""

    text: str
    line_key: tuple[int, int]  # (page index, line number on the page)
    paragraph_first_line: bool
    paragraph_last_line: bool
    alignment: str
    size_pt: float
    leading_pt: float
    right_indent_pt: float
    frame_id: str
    is_caption: bool


@dataclass
class PdfChar:
    text: str
    x0: float
    x1: float
    baseline: float  # from the page top
    size: float
    fontname: str


def paragraph_units(doc: Document, story_id: str, paragraph_index: int, page_number: int) -> list[tuple[int, str]]:
    """(source offset, character) of a paragraph with fields filled in; a field is one offset."""
    units: list[tuple[int, str]] = []
    offset = 0
    for run in doc.stories[story_id].paragraphs[paragraph_index].runs:
        if run.field is not None:
            units.extend((offset, ch) for ch in field_text(doc.issue, run.field, page_number))
            offset += 1
        else:
            for ch in run.text:
                units.append((offset, ch))
                offset += 1
    return units


def drawn_paragraphs(layout: DocumentLayout) -> list[tuple[str, int, int]]:
    """(story id, paragraph index, page number) of every paragraph the pages draw, with
    ``paragraph_units(layout.document, …)`` in mind: a master story is there once per page
    that shows it (as its instance), numbered as that page; other stories on page 1."""
    doc = layout.document
    page_numbers = {page.id: number for number, page in enumerate(doc.pages, start=1)}
    return [(story_id, index, page_numbers.get(story_id.partition("@")[2], 1))
            for story_id, story in doc.stories.items() for index in range(len(story.paragraphs))]


def expected_chars(doc: Document, layout: DocumentLayout) -> list[list[ExpectedChar]]:
    """Per page, the model's non-space characters in the order the page draws them
    (master items first, as instances: ``layout.document`` is the document with masters expanded)."""
    doc = layout.document
    pages: list[list[ExpectedChar]] = []
    for page_index, page in enumerate(doc.pages):
        out: list[ExpectedChar] = []
        lines = layout.pages[page_index].lines
        for frame in page.frames:
            if not isinstance(frame, (TextFrame, ImageFrame)):
                continue
            for number, line in enumerate(lines):
                if line.frame_id != frame.id:
                    continue
                paragraph = doc.stories[line.story_id].paragraphs[line.paragraph_index]
                style = doc.paragraph_styles[paragraph.style]
                units = paragraph_units(doc, line.story_id, line.paragraph_index, page_index + 1)
                for offset, ch in units:
                    if line.start_offset <= offset < line.end_offset and not ch.isspace():
                        out.append(ExpectedChar(
                            ch, (page_index, number), line.start_offset == 0, line.is_last_in_paragraph,
                            style.alignment, style.size_pt, style.leading_pt, style.right_indent_pt,
                            frame.id, isinstance(frame, ImageFrame),
                        ))
        pages.append(out)
    return pages


def pdf_chars(path) -> tuple[list[tuple[float, float]], list[list[PdfChar]]]:
    """Page sizes and the non-space characters of each page, in content-stream order."""
    sizes: list[tuple[float, float]] = []
    pages: list[list[PdfChar]] = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            sizes.append((float(page.width), float(page.height)))
            chars = []
            for c in page.chars:
                if c["text"].isspace():
                    continue
                baseline = float(page.height) - float(c["matrix"][5])
                chars.append(PdfChar(c["text"], float(c["x0"]), float(c["x1"]), baseline, float(c["size"]), c["fontname"]))
            pages.append(chars)
    return sizes, pages


@lru_cache(maxsize=8)
def _dash_ink(font_path: str) -> tuple[float, float, float]:
    font = TTFont(font_path, lazy=True)
    name = font.getBestCmap()[ord("—")]
    glyph = font["glyf"][name]
    upem = font["head"].unitsPerEm
    return glyph.xMin / upem, glyph.xMax / upem, font["hmtx"][name][0] / upem


@lru_cache(maxsize=1)
def bundled_fonts_by_postscript_name() -> dict[str, str]:
    from editor import FONTS_DIR

    found = {}
    for path in FONTS_DIR.glob("*.ttf"):
        found[TTFont(str(path), lazy=True)["name"].getDebugName(6)] = str(path)
    return found


def font_path_of(pdf_fontname: str) -> str:
    """The bundled font file behind a PDF font name like ``AAAAAA+NotoSerifSC-Bold``."""
    return bundled_fonts_by_postscript_name()[pdf_fontname.split("+", 1)[-1]]


def occupied(chars: list[PdfChar], index: int) -> tuple[float, float]:
    """The part of the line a glyph's ink claims.

    A full-width mark counts by the half that carries its ink (the left half
    of 。，、 and closing quotes/brackets, the right half of opening ones):
    that is all it occupies when set at half width, and its other half is
    blank either way. The halves of a stretched —— count by their ink.
    """
    c = chars[index]
    em = c.size
    if c.text in INK_LEFT:
        return c.x0, c.x0 + em / 2
    if c.text in INK_RIGHT:
        return c.x1 - em / 2, c.x1
    if c.text == "—":
        ink_min, ink_max, advance = _dash_ink(font_path_of(c.fontname))
        scale = (c.x1 - c.x0) / (advance * em)
        return c.x0 + ink_min * em * scale, c.x0 + ink_max * em * scale
    return c.x0, c.x1
