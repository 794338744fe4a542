"""Turn a paragraph into per-character measures ready for line breaking.

Everything about a character that does not depend on where the line breaks
is worked out once here: its glyph and face, its natural width, how much of
it adjacent-punctuation compression removes, the extra space after it
(¼ em between Han and Western characters, letter spacing), whether a line
may break after it (clreq prohibitions, unbreakable pairs, Western words),
how much it can still shrink, and how much it loses if it ends a line.

The arrays are parallel lists indexed by character; prefix sums make the
width of any candidate line O(1), which keeps the composer fast.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from editor.layout import chars as cc
from editor.layout.charformat import CharFormat, FormatResolver
from editor.layout.fontmetrics import FaceMetrics
from editor.model.document import IssueFields
from editor.model.fields import field_text
from editor.model.story import Paragraph
from editor.model.styles import ParagraphStyle

#: Shrink priorities (clreq §3.8 reduction order, condensed): lower goes first.
SHRINK_PUNCT = 0
SHRINK_HAN_LATIN = 1
SHRINK_SPACE = 2
SHRINK_FULL_STOP = 3
SHRINK_LEVELS = 4

#: Stretch classes of the gap after a character.
GAP_NONE = 0  # inside a Western word or an unbreakable pair: never stretched
GAP_NORMAL = 1  # between characters: takes an equal share of the expansion
GAP_SPACE = 2  # a word space: stretched first
GAP_HAN_LATIN = 3  # the ¼ em Han–Western space: stretched second

#: Which side of a full-width mark is blank (from the glyph's ink).
BLANK_NONE = 0
BLANK_RIGHT = 1
BLANK_LEFT = 2

_FALLBACK_GLYPH = "\ufffd"


@dataclass
class PreparedParagraph:
    """Per-character measures of one paragraph (parallel lists, points)."""

    style: ParagraphStyle
    text: str = ""
    formats: list[CharFormat] = field(default_factory=list)
    faces: list[FaceMetrics] = field(default_factory=list)
    glyph_ids: list[int] = field(default_factory=list)
    #: Font advance (em × size): where the next glyph would start unadjusted.
    advance_pt: list[float] = field(default_factory=list)
    #: Horizontal scale of each glyph (1.0 except the halves of a —— dash).
    hscale: list[float] = field(default_factory=list)
    #: Shift of the glyph origin left of its box (a compressed opening mark).
    origin_shift_pt: list[float] = field(default_factory=list)
    #: Width the character occupies inside a line, after pair compression.
    box_pt: list[float] = field(default_factory=list)
    #: Extra space after the character when the next one is on the same line.
    gap_pt: list[float] = field(default_factory=list)
    gap_class: list[int] = field(default_factory=list)
    #: Extra width lost when the character ends a line (half a full-width comma).
    end_trim_pt: list[float] = field(default_factory=list)
    #: How much more the character (or its following gap) can shrink, and at which priority.
    shrink_pt: list[float] = field(default_factory=list)
    shrink_level: list[int] = field(default_factory=list)
    #: Which side of the mark is blank, for placing the glyph when it shrinks.
    blank_side: list[int] = field(default_factory=list)
    break_after: list[bool] = field(default_factory=list)
    forced_break_after: list[bool] = field(default_factory=list)
    is_space: list[bool] = field(default_factory=list)
    #: Source offset of each character in the paragraph (a field counts as one).
    offsets: list[int] = field(default_factory=list)
    #: Prefix sums: width of chars [0, i) including their gaps; shrink capacity.
    prefix_width: list[float] = field(default_factory=list)
    prefix_shrink: list[float] = field(default_factory=list)
    #: Paragraph font size (the em for indents) and the font's em-box top.
    em_pt: float = 10.5
    em_box_top: float = 0.88

    def __len__(self) -> int:
        return len(self.text)


def _expand_runs(
    paragraph: Paragraph, resolver: FormatResolver, issue: IssueFields, page_number: int
) -> tuple[list[str], list[CharFormat], list[int]]:
    """Characters, their formats and source offsets, with fields filled in."""
    characters: list[str] = []
    formats: list[CharFormat] = []
    offsets: list[int] = []
    offset = 0
    for run in paragraph.runs:
        fmt = resolver.char_format(paragraph.style, run.char_style)
        if run.field is not None:
            for ch in field_text(issue, run.field, page_number):
                characters.append(ch)
                formats.append(fmt)
                offsets.append(offset)
            offset += 1
            continue
        for ch in run.text:
            characters.append(ch)
            formats.append(fmt)
            offsets.append(offset)
            offset += 1
    return characters, formats, offsets


def _pick_face(fmt: CharFormat, ch: str) -> tuple[FaceMetrics, int, float]:
    for face in fmt.faces:
        glyph = face.glyph(ch)
        if glyph is not None:
            return face, glyph[0], glyph[1]
    face = fmt.faces[0]
    glyph = face.glyph(_FALLBACK_GLYPH) or (0, 1.0)
    return face, glyph[0], glyph[1]


def _blank_side(face: FaceMetrics, ch: str, advance_em: float) -> int:
    """Which half of a full-width mark carries no ink (read from the font)."""
    if ch not in cc.COMPRESSIBLE_PUNCTUATION or abs(advance_em - 1.0) > 0.02:
        return BLANK_NONE
    ink = face.ink_extent(ch)
    if ink is None:
        return BLANK_NONE
    x_min, x_max = ink
    if x_max <= 0.55:
        return BLANK_RIGHT
    if x_min >= 0.45:
        return BLANK_LEFT
    return BLANK_NONE


def _ascii_quote_is_opening(characters: list[str], index: int) -> bool:
    before = characters[index - 1] if index > 0 else " "
    after = characters[index + 1] if index + 1 < len(characters) else " "
    return (before in cc.SPACE_CHARS or cc.is_wide(before) or before in "([{") and after not in cc.SPACE_CHARS


def prepare_paragraph(
    paragraph: Paragraph, resolver: FormatResolver, issue: IssueFields, page_number: int
) -> PreparedParagraph:
    """Measure a paragraph once; line breaking then only adds up numbers."""
    style = resolver.paragraph_style(paragraph.style)
    characters, formats, offsets = _expand_runs(paragraph, resolver, issue, page_number)
    prep = PreparedParagraph(style=style, text="".join(characters), formats=formats, offsets=offsets)
    base_format = resolver.char_format(paragraph.style, None)
    prep.em_pt = style.size_pt
    prep.em_box_top = base_format.face.em_box_top
    count = len(characters)
    no_start = cc.no_start_set(style.kinsoku)
    no_end = cc.no_end_set(style.kinsoku)
    compress = style.compress_punctuation

    faces = prep.faces
    blank = prep.blank_side
    for index, ch in enumerate(characters):
        fmt = formats[index]
        face, glyph_id, advance_em = _pick_face(fmt, ch)
        size = fmt.size_pt
        faces.append(face)
        prep.glyph_ids.append(glyph_id)
        if ch == cc.LINE_SEPARATOR:
            advance_em = 0.0
        hscale = 1.0
        origin_shift = 0.0
        box_em = advance_em
        paired_dash = ch == "—" and (
            (index + 1 < count and characters[index + 1] == "—") or (index > 0 and characters[index - 1] == "—")
        )
        if paired_dash and advance_em < 0.999:
            ink = face.ink_extent(ch)
            if ink is not None and ink[1] > ink[0]:
                # Stretch each half so its ink spans exactly one em: —— reads as one line.
                hscale = 1.0 / (ink[1] - ink[0])
                origin_shift = ink[0] * hscale * size
                box_em = 1.0
        prep.advance_pt.append(advance_em * size)
        prep.hscale.append(hscale)
        prep.origin_shift_pt.append(origin_shift)
        prep.box_pt.append(box_em * size)
        blank.append(_blank_side(face, ch, advance_em) if compress else BLANK_NONE)
        prep.is_space.append(ch in cc.SPACE_CHARS)

    # Adjacent full-width marks: 2 em → 1.5 em (trim the blank half between them).
    for index in range(count - 1):
        if blank[index] == BLANK_NONE or blank[index + 1] == BLANK_NONE:
            continue
        if blank[index] == BLANK_RIGHT and prep.box_pt[index] >= prep.advance_pt[index] - 1e-6:
            prep.box_pt[index] -= 0.5 * formats[index].size_pt
        elif blank[index + 1] == BLANK_LEFT:
            half = 0.5 * formats[index + 1].size_pt
            prep.box_pt[index + 1] -= half
            prep.origin_shift_pt[index + 1] += half

    for index, ch in enumerate(characters):
        fmt = formats[index]
        size = fmt.size_pt
        nxt = characters[index + 1] if index + 1 < count else ""
        # Gap after this character.
        gap = fmt.letter_spacing_em * size if nxt else 0.0
        gap_class = GAP_NORMAL
        if nxt and ((cc.is_han(ch) and cc.is_western(nxt)) or (cc.is_western(ch) and cc.is_han(nxt))):
            gap += 0.25 * size
            gap_class = GAP_HAN_LATIN
        elif prep.is_space[index]:
            gap_class = GAP_SPACE
        # Break opportunity after this character.
        forced = ch == cc.LINE_SEPARATOR
        if not nxt:
            may_break = False
        elif forced:
            may_break = True
        elif prep.is_space[index + 1]:
            may_break = False  # break after the spaces, never before them
        elif prep.is_space[index]:
            may_break = True
        else:
            ends_ok = ch not in no_end and nxt not in no_start
            if not ends_ok and nxt == "—" and ch != "—" and style.kinsoku in ("basic", "gb"):
                # A —— pair may start a line below "strict"; a lone connector dash may not.
                pair = index + 2 < count and characters[index + 2] == "—"
                ends_ok = pair and ch not in no_end
            if ch in "\"'" and style.kinsoku != "none":
                ends_ok = ends_ok and not _ascii_quote_is_opening(characters, index)
            if nxt in "\"'" and style.kinsoku != "none":
                ends_ok = ends_ok and _ascii_quote_is_opening(characters, index + 1)
            inside_word = cc.is_word_char(ch) and cc.is_word_char(nxt)
            inside_pair = ch in cc.PAIRED_MARKS and nxt == ch
            may_break = ends_ok and not inside_word and not inside_pair
            if inside_word or inside_pair:
                gap_class = GAP_NONE
        prep.gap_pt.append(gap)
        prep.gap_class.append(gap_class)
        prep.break_after.append(may_break)
        prep.forced_break_after.append(forced)
        # At a line end a mark with a blank right half loses it (GB/T 15834 §5.1.10).
        trim = 0.0
        if blank[index] == BLANK_RIGHT and prep.box_pt[index] >= prep.advance_pt[index] - 1e-6:
            trim = 0.5 * size
        prep.end_trim_pt.append(trim)
        # Shrink capacity within a line (before its last character).
        if blank[index] != BLANK_NONE and prep.box_pt[index] >= prep.advance_pt[index] - 1e-6:
            prep.shrink_pt.append(0.5 * size)
            prep.shrink_level.append(SHRINK_FULL_STOP if ch in cc.FULL_STOPS else SHRINK_PUNCT)
        elif gap_class == GAP_HAN_LATIN:
            prep.shrink_pt.append(0.125 * size)
            prep.shrink_level.append(SHRINK_HAN_LATIN)
        elif prep.is_space[index]:
            prep.shrink_pt.append(0.25 * prep.box_pt[index])
            prep.shrink_level.append(SHRINK_SPACE)
        else:
            prep.shrink_pt.append(0.0)
            prep.shrink_level.append(SHRINK_PUNCT)

    width = 0.0
    shrink = 0.0
    prep.prefix_width.append(0.0)
    prep.prefix_shrink.append(0.0)
    for index in range(count):
        width += prep.box_pt[index] + prep.gap_pt[index]
        shrink += prep.shrink_pt[index]
        prep.prefix_width.append(width)
        prep.prefix_shrink.append(shrink)
    return prep
