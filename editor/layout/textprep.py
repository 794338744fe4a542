"""Turn a paragraph into per-character measures ready for line breaking.

Everything about a character that does not depend on where the line breaks
is worked out once here: its glyph and face, its natural width, how much of
it adjacent-punctuation compression removes, the extra space after it
(¼ em between Han and Western characters, letter spacing), whether a line
may break after it (clreq prohibitions, unbreakable pairs, Western words),
how much it can still shrink, and how much it loses if it ends a line.

``prepare_paragraph`` applies one pass per rule (``_PASSES``, in order), each
reading and setting the columns it names. The measures are columns — parallel
lists indexed by character, all as long as the text — not one record per
character: the breaker reads them in slices and prefix sums (the width of any
candidate line is O(1)), and whole columns are built by C-level ``map``, which
keeps the composer fast. Whoever pairs two of them uses ``zip(strict=True)``.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Callable
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


def _is_full_width(advance_em: float) -> bool:
    """Whether a glyph is set on the em square (within 2 % of an em): a Chinese face's mark."""
    return abs(advance_em - 1.0) <= 0.02


def _blank_side(face: FaceMetrics, ch: str, advance_em: float) -> int:
    """Which half of a full-width mark carries no ink (read from the font)."""
    if not _is_full_width(advance_em):
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


def _invisible(face: FaceMetrics) -> tuple[int, float] | None:
    """A blank glyph of no width for an invisible character (``chars.INVISIBLE_CHARS``) the face
    has no glyph for: the space's glyph, drawn with no advance, shows nothing."""
    space = face.glyphs[" "]
    return (space[0], 0.0) if space is not None else None


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
                info = _invisible(primary) if text[index] in cc.INVISIBLE_CHARS else None
                info = info or primary.glyphs[_FALLBACK_GLYPH] or (0, 1.0)
            infos[index] = info
    return faces, [info[0] for info in infos], [info[1] for info in infos]


@dataclass(slots=True)
class _Work:
    """What the passes share while one paragraph is prepared and that the result does not keep."""

    #: ``chars.CHAR_FLAGS`` of each character.
    flags: list[int]
    #: Font size of each character (its em, points) and its advance in ems.
    sizes_pt: list[float]
    advance_em: list[float]
    #: Characters with a role (not ``FLAG_PLAIN``): only they are adjusted one by one.
    special: list[int]
    #: ``i`` where the pair (i, i + 1) holds a character with a role: between two plain Han
    #: characters a line may always break and nothing is adjusted.
    pairs: list[int]


def _classify(text: str, sizes_pt: list[float], advance_em: list[float]) -> _Work:
    """Each character's class flags, and which characters and pairs the passes look at."""
    flags = list(map(cc.CHAR_FLAGS.__getitem__, text))
    plain = cc.FLAG_PLAIN
    special = [i for i, f in enumerate(flags) if not f & plain]
    pairs = [i for i in range(len(text) - 1) if not flags[i] & flags[i + 1] & plain]
    return _Work(flags, sizes_pt, advance_em, special, pairs)


def _measure_text(
    paragraph: Paragraph, resolver: FormatResolver, issue: IssueFields, page_number: int
) -> tuple[PreparedParagraph, list[float], list[float]]:
    """The paragraph's characters (fields' values spelled out) with their formats, faces, glyphs
    and source offsets, and each character's size and advance in ems."""
    style = resolver.paragraph_style(paragraph.style)
    base_format = resolver.char_format(paragraph.style, None)
    pieces: list[str] = []
    prep = PreparedParagraph(style=style, em_pt=style.size_pt, em_box_top=base_format.face.em_box_top)
    advance_em: list[float] = []
    sizes: list[float] = []
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
        prep.formats.extend([fmt] * len(run_text))
        prep.faces.extend(run_faces)
        prep.glyph_ids.extend(run_glyphs)
        advance_em.extend(run_advances)
        sizes.extend([fmt.size_pt] * len(run_text))
        prep.offsets.extend(run_offsets)
        prep.is_field.extend([run.field is not None] * len(run_text))
    prep.text = "".join(pieces)
    return prep, sizes, advance_em


def _start_columns(prep: PreparedParagraph, work: _Work) -> None:
    """Every per-character column at its value for a character with no role: full advance,
    letter spacing after it, breakable after it (but after the last), nothing to shrink."""
    count = len(prep.text)
    prep.advance_pt = list(map(operator.mul, work.advance_em, work.sizes_pt))
    prep.box_pt = prep.advance_pt[:]
    prep.blank_side = [BLANK_NONE] * count
    prep.origin_shift_pt = [0.0] * count
    prep.hscale = [1.0] * count
    letter_spacing = prep.style.letter_spacing_em
    prep.gap_pt = [letter_spacing * size for size in work.sizes_pt] if letter_spacing else [0.0] * count
    prep.gap_class = [GAP_NORMAL] * count
    prep.break_after = [True] * count
    prep.forced_break_after = [False] * count
    prep.end_trim_pt = [0.0] * count
    prep.shrink_pt = [0.0] * count
    prep.shrink_level = [SHRINK_PUNCT] * count
    prep.is_space = [bool(f & cc.FLAG_SPACE) for f in work.flags]
    if count:
        prep.break_after[-1] = False
        prep.gap_pt[-1] = 0.0


def _mark_line_separators(prep: PreparedParagraph, work: _Work) -> None:
    """A line separator takes no width and forces a break after it (unless it ends the paragraph)."""
    text, last = prep.text, len(prep.text) - 1
    if cc.LINE_SEPARATOR not in text:
        return
    for index in work.special:
        if text[index] == cc.LINE_SEPARATOR:
            prep.advance_pt[index] = prep.box_pt[index] = 0.0
            if index < last:
                prep.forced_break_after[index] = True


def _join_dash_halves(prep: PreparedParagraph, work: _Work) -> None:
    """Stretch each half of a —— (in a font whose dash is narrower than an em) so that its ink
    spans exactly one em: the pair reads as one unbroken line."""
    text, count = prep.text, len(prep.text)
    if "——" not in text:
        return
    for index in work.special:
        if text[index] != "—" or work.advance_em[index] >= 0.999:
            continue
        if not ((index + 1 < count and text[index + 1] == "—") or (index > 0 and text[index - 1] == "—")):
            continue
        ink = prep.faces[index].ink_extent("—")
        if ink is not None and ink[1] > ink[0]:
            size = work.sizes_pt[index]
            prep.hscale[index] = 1.0 / (ink[1] - ink[0])
            prep.origin_shift_pt[index] = ink[0] * prep.hscale[index] * size
            prep.box_pt[index] = size


def _compress_adjacent_marks(prep: PreparedParagraph, work: _Work) -> None:
    """Find which half of each full-width mark is blank (when the style compresses punctuation),
    and set two adjacent marks in 1.5 em instead of 2: the blank half between them is trimmed."""
    if not prep.style.compress_punctuation:
        return
    text, faces, flags, blank = prep.text, prep.faces, work.flags, prep.blank_side
    for index in work.special:
        if flags[index] & cc.FLAG_COMPRESSIBLE:
            blank[index] = _blank_side(faces[index], text[index], work.advance_em[index])
    box, count, sizes = prep.box_pt, len(text), work.sizes_pt
    for index in work.special:
        if index + 1 >= count or blank[index] == BLANK_NONE or blank[index + 1] == BLANK_NONE:
            continue
        if blank[index] == BLANK_RIGHT and box[index] >= prep.advance_pt[index] - 1e-6:
            box[index] -= 0.5 * sizes[index]
        elif blank[index + 1] == BLANK_LEFT:
            half = 0.5 * sizes[index + 1]
            box[index + 1] -= half
            prep.origin_shift_pt[index + 1] += half


def _space_han_and_latin(prep: PreparedParagraph, work: _Work) -> None:
    """¼ em between a Han and a Western character (fixed: never stretched or squeezed); the gap
    after a word space stretches as any gap between characters does."""
    flags, gap, gap_class, sizes = work.flags, prep.gap_pt, prep.gap_class, work.sizes_pt
    han, western = cc.FLAG_HAN, cc.FLAG_WESTERN
    for index in work.pairs:
        f, g = flags[index], flags[index + 1]
        if (f & han and g & western) or (f & western and g & han):
            gap[index] += 0.25 * sizes[index]
            gap_class[index] = GAP_HAN_LATIN
        elif f & cc.FLAG_SPACE:
            gap_class[index] = GAP_SPACE


def _break_after_spaces(prep: PreparedParagraph, work: _Work) -> None:
    """A line breaks after a run of spaces, never before one; across spaces 避头尾 still holds
    ("000 —" does not break before the dash, "（ Banmian" not after the bracket)."""
    text, flags, break_after, style = prep.text, work.flags, prep.break_after, prep.style
    no_start, no_end = cc.no_start_set(style.kinsoku), cc.no_end_set(style.kinsoku)
    space = cc.FLAG_SPACE
    if True not in prep.is_space:
        return
    for index in work.pairs:
        if text[index] == cc.LINE_SEPARATOR:
            continue
        if flags[index + 1] & space:
            break_after[index] = False
        elif flags[index] & space and text[_before_spaces(flags, index)] in no_end:
            break_after[index] = False
        elif flags[index] & space and text[index + 1] in no_start:
            break_after[index] = text[index + 1] == "—" and _dash_pair_at(text, index + 1, style.kinsoku)


def _before_spaces(flags: list[int], index: int) -> int:
    """The character before the run of spaces that ends at ``index`` (the first space, if none)."""
    while index > 0 and flags[index] & cc.FLAG_SPACE:
        index -= 1
    return index


def _apply_kinsoku(prep: PreparedParagraph, work: _Work) -> None:
    """避头尾 between two characters that are not spaces: no break before a mark that may not
    start a line or after one that may not end it (a —— pair may start a line below "strict");
    an ASCII quote counts as opening or closing by what surrounds it."""
    text, flags, break_after, kinsoku = prep.text, work.flags, prep.break_after, prep.style.kinsoku
    no_start, no_end = cc.no_start_set(kinsoku), cc.no_end_set(kinsoku)
    kinsoku_on, dash_pairs_start = kinsoku != "none", kinsoku in ("basic", "gb")
    space = cc.FLAG_SPACE
    for index in work.pairs:
        ch, nxt = text[index], text[index + 1]
        if ch == cc.LINE_SEPARATOR or (flags[index] | flags[index + 1]) & space:
            continue
        ends_ok = ch not in no_end and nxt not in no_start
        if not ends_ok and nxt == "—" and ch != "—" and dash_pairs_start:
            # A —— pair may start a line below "strict"; a lone connector dash may not.
            ends_ok = _dash_pair_at(text, index + 1, kinsoku) and ch not in no_end
        if kinsoku_on and ch in "\"'":
            ends_ok = ends_ok and not _ascii_quote_is_opening(text, index)
        if kinsoku_on and nxt in "\"'":
            ends_ok = ends_ok and _ascii_quote_is_opening(text, index + 1)
        break_after[index] = ends_ok


def _keep_words_whole(prep: PreparedParagraph, work: _Work) -> None:
    """A Western word or number and a ——/…… pair are never broken and never spread inside; a
    spaced-out heading spaces its Han, not the letters of "second", nor the two halves of a ——
    (which must read as one unbroken line, GB/T 15834 §5.1.4) or a ……. Neither holds a space, a
    line separator or a Han character, so this never undoes the space, separator or Han–Latin
    rules."""
    text, flags = prep.text, work.flags
    word = cc.FLAG_WORD
    for index in work.pairs:
        ch = text[index]
        if flags[index] & flags[index + 1] & word or (ch in cc.PAIRED_MARKS and text[index + 1] == ch):
            _join(prep, index)


def _join(prep: PreparedParagraph, index: int) -> None:
    """Characters ``index`` and ``index + 1`` as one: no break, no spreading, no letter spacing."""
    prep.break_after[index] = False
    prep.gap_class[index] = GAP_NONE
    if prep.style.letter_spacing_em:
        prep.gap_pt[index] = 0.0


def _keep_western_quotes_with_words(prep: PreparedParagraph, work: _Work) -> None:
    """A curly quote set on the em square (a Chinese face, as GB 2312 sets it) is Chinese
    punctuation: 避头尾 keeps it with what it quotes, a line may break between ” and “, and
    justification spreads beside it as beside （. Set narrow (a Western face), it is Western
    punctuation, part of the word it quotes: “Hello” is never broken or spread inside, at any 避头尾
    level. ’ between two letters is an apostrophe (don’t), part of its word at any width."""
    text, flags, count = prep.text, work.flags, len(prep.text)
    word = cc.FLAG_WORD
    for index in work.special:
        ch = text[index]
        if ch not in cc.CURLY_QUOTES:
            continue
        word_before = index > 0 and flags[index - 1] & word
        word_after = index + 1 < count and flags[index + 1] & word
        if ch == "’" and word_before and word_after:
            _join(prep, index - 1)
            _join(prep, index)
        elif not _is_full_width(work.advance_em[index]):
            if word_after and ch in cc.OPENING_CURLY_QUOTES:
                _join(prep, index)
            elif word_before and ch in cc.CLOSING_CURLY_QUOTES:
                _join(prep, index - 1)


def _allow_url_breaks(prep: PreparedParagraph, work: _Work) -> None:
    """Let a URL, e-mail address or path break after its separators (``chars.url_break_points``);
    any other Western word stays whole."""
    text, flags, break_after = prep.text, work.flags, prep.break_after
    no_end = cc.no_end_set(prep.style.kinsoku)
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


def _set_shrink(prep: PreparedParagraph, work: _Work) -> None:
    """What each character can still give up: a line-end mark its blank half, marks inside a
    line down to half width (full stops last), word spaces a quarter of their width."""
    box, advance, blank, sizes = prep.box_pt, prep.advance_pt, prep.blank_side, work.sizes_pt
    for index in work.special:
        untrimmed = box[index] >= advance[index] - 1e-6
        if blank[index] == BLANK_RIGHT and untrimmed:
            prep.end_trim_pt[index] = 0.5 * sizes[index]
        if blank[index] != BLANK_NONE and untrimmed:
            prep.shrink_pt[index] = 0.5 * sizes[index]
            if work.flags[index] & cc.FLAG_FULL_STOP:
                prep.shrink_level[index] = SHRINK_FULL_STOP
        elif prep.is_space[index]:
            prep.shrink_pt[index] = 0.25 * box[index]
            prep.shrink_level[index] = SHRINK_SPACE


def _sum_prefixes(prep: PreparedParagraph, work: _Work) -> None:
    """Prefix sums of width and shrink, the forced line ends, and how far a line's trailing
    adjustments can move its width: what makes a candidate line's width O(1)."""
    prep.prefix_width = list(itertools.accumulate(map(operator.add, prep.box_pt, prep.gap_pt), initial=0.0))
    prep.prefix_shrink = list(itertools.accumulate(prep.shrink_pt, initial=0.0))
    prep.net_prefix = list(map(operator.sub, prep.prefix_width, prep.prefix_shrink))
    prep.forced_ends = [i + 1 for i, is_forced in enumerate(prep.forced_break_after) if is_forced]
    largest = max(work.sizes_pt, default=prep.style.size_pt)
    prep.break_margin_pt = largest * (1.0 + abs(prep.style.letter_spacing_em)) + 0.01


#: The rules, in the order they are applied: a later pass may undo what an earlier one set
#: (words kept whole after 避头尾 allowed a break; URLs opened after words were closed).
_PASSES: tuple[Callable[[PreparedParagraph, _Work], None], ...] = (
    _start_columns,
    _mark_line_separators,
    _join_dash_halves,
    _compress_adjacent_marks,
    _space_han_and_latin,
    _break_after_spaces,
    _apply_kinsoku,
    _keep_words_whole,
    _keep_western_quotes_with_words,
    _allow_url_breaks,
    _set_shrink,
    _sum_prefixes,
)


def prepare_paragraph(
    paragraph: Paragraph, resolver: FormatResolver, issue: IssueFields, page_number: int
) -> PreparedParagraph:
    """Measure a paragraph once; line breaking then only adds up numbers.

    Written for speed: whole runs are measured with C-level ``map`` and list
    arithmetic; the passes after that look only at characters with a role
    (punctuation, Western text, spaces) and at pairs holding one.
    """
    prep, sizes_pt, advance_em = _measure_text(paragraph, resolver, issue, page_number)
    work = _classify(prep.text, sizes_pt, advance_em)
    for apply_rule in _PASSES:
        apply_rule(prep, work)
    return prep
