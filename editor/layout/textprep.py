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

import itertools
import operator
from dataclasses import dataclass, field

from editor.layout import chars as cc
from editor.layout.charformat import CharFormat, FormatResolver
from editor.layout.fontmetrics import FaceMetrics
from editor.model.document import IssueFields
from editor.model.fields import field_text
from editor.model.story import Paragraph
from editor.model.styles import ParagraphStyle

#: Shrink priorities (clreq §3.8 reduction order, condensed): lower goes first. The ¼ em
#: Han–Latin space is not among them: it is fixed, never squeezed and never stretched.
SHRINK_PUNCT = 0
SHRINK_SPACE = 1
SHRINK_FULL_STOP = 2
SHRINK_LEVELS = 3

#: Stretch classes of the gap after a character.
GAP_NONE = 0  # inside a Western word or an unbreakable pair: never stretched
GAP_NORMAL = 1  # between characters: takes an equal share of the expansion
GAP_SPACE = 2  # a word space: takes the same share as any other gap
GAP_HAN_LATIN = 3  # the ¼ em Han–Western space: fixed

#: Gap classes that justification spreads (evenly: clreq's norm for Chinese text).
STRETCHABLE_GAPS = frozenset({GAP_NORMAL, GAP_SPACE})

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
    #: Whether each character is part of a field's value.
    is_field: list[bool] = field(default_factory=list)
    #: Prefix sums: width of chars [0, i) including their gaps; shrink capacity.
    prefix_width: list[float] = field(default_factory=list)
    prefix_shrink: list[float] = field(default_factory=list)
    #: Prefix sums of width minus shrink (never decreasing: bounds line searches).
    net_prefix: list[float] = field(default_factory=list)
    #: Line ends forced by a line separator (index after the separator).
    forced_ends: list[int] = field(default_factory=list)
    #: Most a line's trailing adjustments can change its width (one em and spacing).
    break_margin_pt: float = 0.0
    #: Paragraph font size (the em for indents) and the font's em-box top.
    em_pt: float = 10.5
    em_box_top: float = 0.88

    def __len__(self) -> int:
        return len(self.text)


def _dash_pair_at(text: str, index: int, kinsoku: str) -> bool:
    """Whether a —— pair starts at ``index``, which may start a line below "strict" 避头尾."""
    return kinsoku in ("basic", "gb") and text[index:index + 2] == "——"


def _ascii_quote_is_opening(text: str, index: int) -> bool:
    before = text[index - 1] if index > 0 else " "
    after = text[index + 1] if index + 1 < len(text) else " "
    return (before in cc.SPACE_CHARS or cc.is_wide(before) or before in "([{") and after not in cc.SPACE_CHARS


def _blank_side(face: FaceMetrics, ch: str, advance_em: float) -> int:
    """Which half of a full-width mark carries no ink (read from the font)."""
    if abs(advance_em - 1.0) > 0.02:
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


def _allow_url_breaks(text: str, flags: list[int], break_after: list[bool], no_end: frozenset[str]) -> None:
    """Let a URL, e-mail address or path break after its separators (``chars.url_break_points``);
    any other Western word stays whole."""
    word = cc.FLAG_WORD
    index, count = 0, len(text)
    while index < count:
        if not flags[index] & word:
            index += 1
            continue
        end = index
        while end < count and flags[end] & word:
            end += 1
        token = text[index:end]
        if end - index > 3 and cc.is_url_like(token):
            for offset in cc.url_break_points(token):
                if token[offset] not in no_end:
                    break_after[index + offset] = True
        index = end


def _measure_run(fmt: CharFormat, text: str) -> tuple[list[FaceMetrics], list[int], list[float]]:
    """Faces, glyph ids and advances (em) of a run; characters the face lacks use a fallback."""
    primary = fmt.faces[0]
    infos = list(map(primary.glyphs.__getitem__, text))
    faces = [primary] * len(text)
    if None in infos:
        for index, info in enumerate(infos):
            if info is not None:
                continue
            for face in fmt.faces[1:]:
                info = face.glyphs[text[index]]
                if info is not None:
                    faces[index] = face
                    break
            else:
                info = primary.glyphs[_FALLBACK_GLYPH] or (0, 1.0)
            infos[index] = info
    return faces, [info[0] for info in infos], [info[1] for info in infos]


def prepare_paragraph(
    paragraph: Paragraph, resolver: FormatResolver, issue: IssueFields, page_number: int
) -> PreparedParagraph:
    """Measure a paragraph once; line breaking then only adds up numbers.

    Written for speed: whole runs are measured with C-level ``map`` and list
    arithmetic; the per-pair loop only looks at pairs involving a character
    with a role (punctuation, Western text, spaces), since between two plain
    Han characters a line may always break and nothing is adjusted.
    """
    style = resolver.paragraph_style(paragraph.style)
    base_format = resolver.char_format(paragraph.style, None)
    pieces: list[str] = []
    formats: list[CharFormat] = []
    faces: list[FaceMetrics] = []
    glyph_ids: list[int] = []
    advance_em: list[float] = []
    sizes: list[float] = []
    offsets: list[int] = []
    is_field: list[bool] = []
    offset = 0
    for run in paragraph.runs:
        if run.field is not None:
            run_text = field_text(issue, run.field, page_number)
            run_offsets = [offset] * len(run_text)
            offset += 1
        else:
            run_text = run.text
            run_offsets = list(range(offset, offset + len(run_text)))
            offset += len(run_text)
        if not run_text:
            continue
        fmt = resolver.char_format(paragraph.style, run.char_style)
        run_faces, run_glyphs, run_advances = _measure_run(fmt, run_text)
        pieces.append(run_text)
        formats.extend([fmt] * len(run_text))
        faces.extend(run_faces)
        glyph_ids.extend(run_glyphs)
        advance_em.extend(run_advances)
        sizes.extend([fmt.size_pt] * len(run_text))
        offsets.extend(run_offsets)
        is_field.extend([run.field is not None] * len(run_text))

    text = "".join(pieces)
    count = len(text)
    prep = PreparedParagraph(style=style, text=text, formats=formats, faces=faces, glyph_ids=glyph_ids,
                             offsets=offsets, is_field=is_field, em_pt=style.size_pt, em_box_top=base_format.face.em_box_top)
    flags = list(map(cc.CHAR_FLAGS.__getitem__, text))
    advance = list(map(operator.mul, advance_em, sizes))
    box = advance[:]
    blank = [BLANK_NONE] * count
    origin_shift = [0.0] * count
    hscale = [1.0] * count
    letter_spacing = style.letter_spacing_em
    gap = [letter_spacing * size for size in sizes] if letter_spacing else [0.0] * count
    gap_class = [GAP_NORMAL] * count
    break_after = [True] * count
    forced = [False] * count
    end_trim = [0.0] * count
    shrink = [0.0] * count
    shrink_level = [SHRINK_PUNCT] * count
    if count:
        break_after[-1] = False
        gap[-1] = 0.0
    plain = cc.FLAG_PLAIN
    special = [i for i, f in enumerate(flags) if not f & plain]

    # Characters with a role: line separators, —— halves, full-width marks.
    compress = style.compress_punctuation
    for index in special:
        ch = text[index]
        if ch == cc.LINE_SEPARATOR:
            advance[index] = box[index] = 0.0
            continue
        if ch == "—" and advance_em[index] < 0.999 and (
            (index + 1 < count and text[index + 1] == "—") or (index > 0 and text[index - 1] == "—")
        ):
            ink = faces[index].ink_extent(ch)
            if ink is not None and ink[1] > ink[0]:
                # Stretch each half so its ink spans exactly one em: —— reads as one line.
                hscale[index] = 1.0 / (ink[1] - ink[0])
                origin_shift[index] = ink[0] * hscale[index] * sizes[index]
                box[index] = sizes[index]
        if compress and flags[index] & cc.FLAG_COMPRESSIBLE:
            blank[index] = _blank_side(faces[index], ch, advance_em[index])

    # Adjacent full-width marks: 2 em → 1.5 em (trim the blank half between them).
    for index in special:
        if index + 1 >= count or blank[index] == BLANK_NONE or blank[index + 1] == BLANK_NONE:
            continue
        if blank[index] == BLANK_RIGHT and box[index] >= advance[index] - 1e-6:
            box[index] -= 0.5 * sizes[index]
        elif blank[index + 1] == BLANK_LEFT:
            half = 0.5 * sizes[index + 1]
            box[index + 1] -= half
            origin_shift[index + 1] += half

    no_start = cc.no_start_set(style.kinsoku)
    no_end = cc.no_end_set(style.kinsoku)
    kinsoku_on = style.kinsoku != "none"
    is_space = [bool(f & cc.FLAG_SPACE) for f in flags]
    pairs = [i for i in range(count - 1) if not flags[i] & flags[i + 1] & plain]
    for index in pairs:
        ch = text[index]
        nxt = text[index + 1]
        f, g = flags[index], flags[index + 1]
        if (f & cc.FLAG_HAN and g & cc.FLAG_WESTERN) or (f & cc.FLAG_WESTERN and g & cc.FLAG_HAN):
            gap[index] += 0.25 * sizes[index]
            gap_class[index] = GAP_HAN_LATIN
        elif f & cc.FLAG_SPACE:
            gap_class[index] = GAP_SPACE
        if ch == cc.LINE_SEPARATOR:
            forced[index] = True
        elif g & cc.FLAG_SPACE:
            break_after[index] = False  # break after the spaces, never before them
        elif f & cc.FLAG_SPACE:
            # After spaces a line may end, unless what follows may not start one ("000 —").
            if kinsoku_on and nxt in no_start:
                break_after[index] = nxt == "—" and _dash_pair_at(text, index + 1, style.kinsoku)
        else:
            ends_ok = ch not in no_end and nxt not in no_start
            if not ends_ok and nxt == "—" and ch != "—" and style.kinsoku in ("basic", "gb"):
                # A —— pair may start a line below "strict"; a lone connector dash may not.
                ends_ok = _dash_pair_at(text, index + 1, style.kinsoku) and ch not in no_end
            if kinsoku_on and ch in "\"'":
                ends_ok = ends_ok and not _ascii_quote_is_opening(text, index)
            if kinsoku_on and nxt in "\"'":
                ends_ok = ends_ok and _ascii_quote_is_opening(text, index + 1)
            inside_word = f & g & cc.FLAG_WORD
            inside_pair = ch in cc.PAIRED_MARKS and nxt == ch
            break_after[index] = ends_ok and not inside_word and not inside_pair
            if inside_word or inside_pair:
                gap_class[index] = GAP_NONE
                if inside_word and letter_spacing:
                    gap[index] = 0.0  # a spaced-out heading spaces its Han, not the letters of "second"

    _allow_url_breaks(text, flags, break_after, no_end)

    # What each character can still give up: a line-end mark its blank half,
    # marks inside a line down to half width, word spaces by a quarter.
    for index in special:
        untrimmed = box[index] >= advance[index] - 1e-6
        if blank[index] == BLANK_RIGHT and untrimmed:
            end_trim[index] = 0.5 * sizes[index]
        if blank[index] != BLANK_NONE and untrimmed:
            shrink[index] = 0.5 * sizes[index]
            if flags[index] & cc.FLAG_FULL_STOP:
                shrink_level[index] = SHRINK_FULL_STOP
        elif is_space[index]:
            shrink[index] = 0.25 * box[index]
            shrink_level[index] = SHRINK_SPACE

    prep.advance_pt = advance
    prep.hscale = hscale
    prep.origin_shift_pt = origin_shift
    prep.box_pt = box
    prep.gap_pt = gap
    prep.gap_class = gap_class
    prep.end_trim_pt = end_trim
    prep.shrink_pt = shrink
    prep.shrink_level = shrink_level
    prep.blank_side = blank
    prep.break_after = break_after
    prep.forced_break_after = forced
    prep.is_space = is_space
    prep.prefix_width = list(itertools.accumulate(map(operator.add, box, gap), initial=0.0))
    prep.prefix_shrink = list(itertools.accumulate(shrink, initial=0.0))
    prep.net_prefix = list(map(operator.sub, prep.prefix_width, prep.prefix_shrink))
    prep.forced_ends = [i + 1 for i, is_forced in enumerate(forced) if is_forced]
    largest = max(sizes, default=style.size_pt)
    prep.break_margin_pt = largest * (1.0 + abs(letter_spacing)) + 0.01
    return prep
