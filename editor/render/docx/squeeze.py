"""Our lines, handed on to Word and LibreOffice as character spacing.

To keep a character on a line rather than push it down (先挤进，后推出), the
composer squeezes a line's punctuation until it fits: a 17-em column then
holds 18 characters. Word and LibreOffice do not squeeze like that, so such
a line would not fit there: the paragraph grows by a line and a full box
hides its last line. Our paragraph-wide breaker also ends lines where a
greedy breaker would take one more character. The layout's decision is
carried over line by line: a line wider than its span in LibreOffice is
condensed just enough to fit (its full-width marks narrowed too when
condensing alone cannot), a line that ends early is widened, and a zero-width
space marks a break LibreOffice would not make by itself. Justification then
spreads each line to the full width, so nothing looks condensed or loose.

Widths are LibreOffice's, as measured (``lo_line_model``): advances from the
same faces, a stretched —— half as the one em the layout gave it (and Word
gives it, see ``dashes``) except the half ending a portion, which LibreOffice
leaves at its scaled width, its autospace, and its character spacing applied
per script portion.
"""

from __future__ import annotations

import math
from itertools import accumulate, pairwise
from typing import NamedTuple

from editor.layout.display import DocumentLayout, GlyphRun, LineBox
from editor.layout.fontmetrics import load_face
from editor.render.docx.dashes import CharKey, dash_scale
from editor.render.docx.lo_line_model import (
    AUTOSPACE_EM,
    MAX_CONDENSE_EM,
    Script,
    autospaced,
    last_strong_script,
    portion_ends,
    refuses_break,
    scalable_mark,
)


class LineSpacing(NamedTuple):
    """The character spacing carried for one line of a paragraph."""

    start_offset: int
    end_offset: int
    #: Points taken from each condensed character (negative: given to it).
    change_pt: float
    #: ``w:w`` of the line's full-width marks (``lo_line_model.scalable_mark``); 100 = as designed.
    mark_scale_percent: int = 100


#: Each paragraph's lines that carry spacing.
Condensing = dict[tuple[str, int], list[LineSpacing]]

#: Word's unit for character spacing is 1/20 pt; a little extra keeps rounding on the safe side.
_STEP_PT = 0.05
#: Room a widened line keeps at least, in points: LibreOffice's widths differ from ours by a few
#: hundredths of a point per character.
_FIT_SLACK_PT = 1.0


class _Glyph(NamedTuple):
    """One offset of a line as LibreOffice will measure it."""

    advance_pt: float
    size_pt: float
    text: str
    #: Font, size and stretch: a change starts a new run in the DOCX (a —— half's run is its own,
    #: ``dashes``), hence a new portion.
    format_key: tuple
    #: Points the DOCX's negative spacing takes back from the character's drawn advance (a —— half
    #: scaled to 125 %: the excess over its one em). LibreOffice does not take them from the last
    #: character of a portion, so there the character is this much wider than ``advance_pt``.
    pull_pt: float = 0.0


def natural_widths(layout: DocumentLayout) -> dict[tuple[str, int, int], _Glyph]:
    """(story, paragraph, offset) → the character(s) at that offset with their natural advance."""
    widths: dict[tuple[str, int, int], _Glyph] = {}
    for page in layout.pages:
        for item in page.items:
            if not isinstance(item, GlyphRun):
                continue
            face = load_face(item.font)
            for ch, offset in zip(item.text, item.char_offsets, strict=True):
                glyph = face.glyph(ch)
                advance_em = glyph[1] if glyph else 1.0
                pull_pt = 0.0
                if item.hscale != 1.0:
                    advance = item.size_pt  # a —— half, set in a one-em box (``dashes``)
                    pull_pt = -dash_scale(item.hscale, advance_em, item.size_pt).spacing_pt
                else:
                    advance = advance_em * item.size_pt
                key = (item.story_id, item.paragraph_index, offset)
                known = widths.get(key)
                # A field is one offset drawn as several glyphs: add them up.
                widths[key] = _Glyph((known.advance_pt if known else 0.0) + advance, item.size_pt,
                                     (known.text if known else "") + ch,
                                     (item.font, item.size_pt, item.hscale), pull_pt)
    return widths


def _autospace_pt(glyphs: list[_Glyph]) -> float:
    """LibreOffice's automatic Asian–Latin space along a line, in points."""
    total = 0.0
    for left, right in pairwise(glyphs):
        if autospaced(left.text[-1], right.text[0]):
            total += AUTOSPACE_EM * left.size_pt
    return total


def _portion_ends(glyphs: list[_Glyph], before: Script | None, breaks: set[int] | None = None) -> set[int]:
    """The character indices of the line that end a portion (``lo_line_model.portion_ends``).

    ``breaks`` adds run boundaries of our own (character indices) to the format changes.
    """
    text = "".join(g.text for g in glyphs)
    breaks, index = set(breaks or ()), 0
    for previous, glyph in pairwise(glyphs):
        index += len(previous.text)
        if glyph.format_key != previous.format_key:
            breaks.add(index)
    return portion_ends(text, breaks, before)


def _condensed_count(glyphs: list[_Glyph], before: Script | None, breaks: set[int] | None = None) -> int:
    """How many characters of the line LibreOffice applies character spacing to: all but the
    last of each portion (``_portion_ends``, whose arguments these are)."""
    return sum(len(g.text) for g in glyphs) - len(_portion_ends(glyphs, before, breaks))


class _DashPulls(NamedTuple):
    """The —— halves of a line whose run spacing comes out negative, by what LibreOffice does
    with them (``lo_line_model``)."""

    #: Halves ending a portion: LibreOffice applies none of their run's spacing and leaves them
    #: at their scaled width, their pull wider than the one em counted.
    unpulled_pt: list[float]
    #: The other halves: their pull less the letter spacing that offsets it; LibreOffice condenses
    #: them no further than its clamp (a sixth of an em for the whole spacing) less this.
    pulled_pt: list[float]


def _dash_pulls(glyphs: list[_Glyph], before: Script | None, letter_spacing_pt: float) -> _DashPulls:
    """The line's —— halves whose spacing is negative (a half whose letter spacing outweighs the
    pull gets it like every other character, so is left out)."""
    ends = _portion_ends(glyphs, before)
    lasts = [end - 1 for end in accumulate(len(g.text) for g in glyphs)]
    pulls = _DashPulls([], [])
    for glyph, last in zip(glyphs, lasts, strict=True):
        if glyph.pull_pt > letter_spacing_pt:
            if last in ends:
                pulls.unpulled_pt.append(glyph.pull_pt)
            else:
                pulls.pulled_pt.append(glyph.pull_pt - letter_spacing_pt)
    return pulls


def _script_before(widths: dict[tuple[str, int, int], _Glyph], story_id: str, paragraph: int, offset: int) -> Script | None:
    """The last strong script in the paragraph before ``offset`` (``None`` at its start)."""
    for earlier in range(offset - 1, -1, -1):
        glyph = widths.get((story_id, paragraph, earlier))
        if glyph is not None and (script := last_strong_script(glyph.text)) is not None:
            return script
    return None


def _line_glyphs(widths: dict[tuple[str, int, int], _Glyph], line: LineBox) -> list[_Glyph]:
    return [widths[k] for offset in range(line.start_offset, line.end_offset)
            if (k := (line.story_id, line.paragraph_index, offset)) in widths]


def _followers(layout: DocumentLayout, across_boxes: bool) -> dict[int, LineBox]:
    """Each line (by ``id``) → the next line of its paragraph when that sits in the same column,
    or anywhere when ``across_boxes`` (linked boxes: the paragraph is one ``w:p`` flowing on into
    the next box, and LibreOffice fills a box's last line from it)."""
    def place(line: LineBox) -> tuple:
        return () if across_boxes else (line.frame_id, line.column_index)
    starts = {(line.story_id, line.paragraph_index, line.start_offset, *place(line)): line
              for page in layout.pages for line in page.lines if line.story_id}
    return {id(line): follower for page in layout.pages for line in page.lines
            if (follower := starts.get((line.story_id, line.paragraph_index, line.end_offset,
                                        *place(line)))) is not None}


def _span_pt(line: LineBox) -> float:
    """The width a line is set in, in points."""
    return line.right_pt - line.left_pt


def _condensing_per_character_pt(excess_pt: float, condensed: int, limits_pt: list[float]) -> float:
    """The condensing that takes ``excess_pt`` from ``condensed`` characters when some of them
    (the pulled —— halves) give at most their ``limits_pt``: those give what they can, the others
    share the rest. Infinite when the limited ones are all there is and fall short."""
    remaining, count = excess_pt, condensed
    for limit in sorted(limits_pt):
        if limit * count >= remaining:
            break
        remaining -= max(limit, 0.0)
        count -= 1
    return remaining / count if count > 0 else math.inf


def _spacing_change_pt(natural_pt: float, span_pt: float, condensed: int, characters: int,
                       next_advance_pt: float | None, limits_pt: list[float]) -> float:
    """Points to take from (positive) or give to (negative) each condensed character of a line.

    A line wider than its span is condensed just enough to fit, the pulled —— halves at most by
    their ``limits_pt`` (``_condensing_per_character_pt``). A line that ends where
    LibreOffice would still find room for the next line's first character — our breaker chose
    the break for the paragraph's sake, or moved a character down with its closing mark — is
    widened until less than half of that character would fit, never up to the span itself.
    LibreOffice gives added spacing to every character, the last of a portion too (it spares
    those only when condensing), so the widening is shared by all ``characters``.
    """
    excess = natural_pt - span_pt
    if excess > 0:
        per_character = _condensing_per_character_pt(excess, condensed, limits_pt)
        if math.isinf(per_character):
            return per_character
        return math.ceil(per_character / _STEP_PT) * _STEP_PT + _STEP_PT
    if next_advance_pt is None or -excess < next_advance_pt - _FIT_SLACK_PT:
        return 0.0
    widen = -excess - max(next_advance_pt / 2, _FIT_SLACK_PT)
    return -math.floor(widen / characters / _STEP_PT) * _STEP_PT


def _with_narrowed_marks(glyphs: list[_Glyph], excess_pt: float, cap_pt: float,
                         before: Script | None, pulled_pt: list[float]) -> int:
    """The ``w:w`` percent for the full-width marks of a line that condensing alone cannot fit
    (condensed as far as LibreOffice goes, ``cap_pt``, the pulled —— halves by ``pulled_pt`` less):
    the marks, in runs of their own, are narrowed by the rest, to half width at most; 100 when
    the line has none."""
    is_mark = [scalable_mark(glyph.text) for glyph in glyphs]
    marks = [k for k, mark in enumerate(is_mark) if mark]
    if not marks:
        return 100
    # Neighbouring marks share a run (``content._pieces``); each run boundary ends a portion.
    starts = [0, *accumulate(len(g.text) for g in glyphs)]
    breaks = {starts[k] for k in range(1, len(glyphs)) if is_mark[k] != is_mark[k - 1]}
    remaining = excess_pt - cap_pt * _condensed_count(glyphs, before, breaks) + sum(pulled_pt) + _FIT_SLACK_PT
    mark_width = sum(glyphs[k].advance_pt for k in marks)
    return max(50, math.floor(100 * (1 - max(remaining, 0.0) / mark_width)))


def line_condensing(layout: DocumentLayout, widths: dict[tuple[str, int, int], _Glyph],
                    letter_spacing_pt: dict[tuple[str, int], float], linked: bool = True) -> Condensing:
    """The spacing change of every line LibreOffice would set otherwise (``_spacing_change_pt``).

    ``widths`` comes from ``natural_widths``; ``letter_spacing_pt`` is each paragraph's letter
    spacing (Word adds it after every character); ``linked``: the boxes of a story are one chain,
    so a box's last line is widened like any other (``_followers``).
    """
    followers = _followers(layout, across_boxes=linked)
    condensing: Condensing = {}
    for page in layout.pages:
        for line in page.lines:
            key = (line.story_id, line.paragraph_index)
            glyphs = _line_glyphs(widths, line)
            if len(glyphs) < 2:
                continue
            before = _script_before(widths, line.story_id, line.paragraph_index, line.start_offset)
            condensed = _condensed_count(glyphs, before)
            if condensed < 1:
                continue
            # Counted at full width, a mark at the line end included: LibreOffice neither halves
            # nor reliably hangs it.
            letter_pt = letter_spacing_pt.get(key, 0.0)
            pulls = _dash_pulls(glyphs, before, letter_pt)
            natural = (sum(g.advance_pt for g in glyphs) + letter_pt * condensed + _autospace_pt(glyphs)
                       + sum(pulls.unpulled_pt))
            characters = sum(len(g.text) for g in glyphs)
            spread = natural + letter_pt * (characters - condensed)
            if letter_pt > 0 and spread - _span_pt(line) <= letter_pt * characters:
                # The spacing stays positive, condensing or not: LibreOffice adds it after every
                # character, each portion's last and the line's last included.
                natural, condensed = spread, characters
            # A line ended by a line separator (or a space) has no glyph at its last offset: it
            # ends there in LibreOffice too and is never widened.
            ends_in_glyph = (line.story_id, line.paragraph_index, line.end_offset - 1) in widths
            follower = followers.get(id(line)) if ends_in_glyph else None
            next_glyphs = _line_glyphs(widths, follower) if follower is not None else []
            span = _span_pt(line)
            # LibreOffice clamps a run's whole spacing, a —— half's pull included.
            cap = MAX_CONDENSE_EM * min(g.size_pt for g in glyphs) - _STEP_PT
            change = _spacing_change_pt(natural, span, condensed, characters,
                                        next_glyphs[0].advance_pt if next_glyphs else None,
                                        [cap - pull for pull in pulls.pulled_pt])
            percent = 100
            if change > cap:
                change, percent = cap, _with_narrowed_marks(glyphs, natural - span, cap, before, pulls.pulled_pt)
            if change:
                condensing.setdefault(key, []).append(
                    LineSpacing(line.start_offset, line.end_offset, change, percent))
    return condensing


def forced_break_opportunities(layout: DocumentLayout, widths: dict[tuple[str, int, int], _Glyph]) -> set[CharKey]:
    """Line starts where LibreOffice would not break by itself (``lo_line_model.refuses_break``).

    The DOCX puts a zero-width space before each, the break opportunity Word and LibreOffice
    both honour; it is invisible and changes nothing else in the text.
    """
    opportunities: set[CharKey] = set()
    for page in layout.pages:
        for line in page.lines:
            before = widths.get((line.story_id, line.paragraph_index, line.start_offset - 1))
            after = widths.get(key := (line.story_id, line.paragraph_index, line.start_offset))
            if before is not None and after is not None and refuses_break(before.text[-1], after.text[0]):
                opportunities.add(key)
    return opportunities
