"""Line breaking and justification for one line at a time.

Greedy first-fit, as Chinese composition has always been done, with
clreq's rule "先挤进，后推出": a line takes the furthest legal break at which
its text fits *after* squeezing punctuation and word spaces; only if even
that fails is the last cluster pushed to the next line, and the line is then
spread evenly (justified). ``editor.layout.paragraph_breaks`` chooses the
breaks of a whole paragraph together and uses this breaker as its first
guess and its fallback.

Justification follows clreq: the extra space is shared evenly by every gap
between characters (word spaces included); the ¼ em Han–Latin space is fixed
(never stretched, never squeezed); an opening mark that starts a line is set
at its full width or its inked half, as the paragraph style says, never at a
partial amount — alone on its line too (a paragraph that is only "（", a
bracket that ends a paragraph, a column narrower than a bracket and a
character), so that its ink does not move when a character is typed after it.

``break_line`` chooses where a line ends; ``set_line`` places its glyphs.
Both only read a ``PreparedParagraph``.
"""

from __future__ import annotations

import bisect
import itertools
import operator
from dataclasses import dataclass

from editor.layout import chars as cc
from editor.layout.textprep import (
    BLANK_LEFT,
    BLANK_RIGHT,
    SHRINK_LEVELS,
    STRETCHABLE_GAPS,
    PreparedParagraph,
)

#: Tolerance for "fits" in points (well below anything visible).
FIT_EPSILON_PT = 0.01


@dataclass(slots=True)
class LineMeasure:
    """Natural width of characters [start, visible_end) set as one line."""

    visible_end: int
    width_pt: float
    shrink_pt: float


def measure_line(prep: PreparedParagraph, start: int, end: int) -> LineMeasure:
    """Width of a candidate line, without trailing spaces or the line separator."""
    visible = end
    text = prep.text
    while visible > start and (prep.is_space[visible - 1] or text[visible - 1] == cc.LINE_SEPARATOR):
        visible -= 1
    if visible == start:
        return LineMeasure(visible, 0.0, 0.0)
    last = visible - 1
    width = prep.prefix_width[visible] - prep.prefix_width[start] - prep.gap_pt[last] - prep.end_trim_pt[last]
    shrink = prep.prefix_shrink[visible] - prep.prefix_shrink[start] - prep.shrink_pt[last]
    if opens_line(prep, start):
        width -= start_trim_pt(prep, start)
        if start < last:  # a lone mark's shrink is already left out as the last character's
            shrink -= prep.shrink_pt[start]
    return LineMeasure(visible, width, shrink)


def holds_single_character(prep: PreparedParagraph, start: int, visible: int) -> bool:
    """Whether characters [start, visible) are one wide character and the punctuation after it:
    the last line a paragraph style may ask to avoid."""
    letters = [ch for ch in prep.text[start:visible] if ch not in cc.COMPRESSIBLE_PUNCTUATION and not ch.isspace()]
    return len(letters) == 1 and cc.is_wide(letters[0])


def opens_line(prep: PreparedParagraph, start: int) -> bool:
    """Whether the line starting at ``start`` starts with an opening mark whose blank half could
    be taken: its width is then set by the style's policy, not by squeezing."""
    return prep.blank_side[start] == BLANK_LEFT and prep.shrink_pt[start] > 0.0


def start_trim_pt(prep: PreparedParagraph, start: int) -> float:
    """What an opening mark starting a line gives up: nothing (full width) or its blank half."""
    return prep.shrink_pt[start] if prep.style.line_start_marks == "half" else 0.0


def break_line(prep: PreparedParagraph, start: int, available_pt: float) -> int:
    """End (exclusive) of the line starting at ``start`` in ``available_pt``.

    The furthest legal break whose text fits after squeezing. Always returns
    at least ``start + 1`` so composition makes progress in a column narrower
    than one character. A ——/…… run that no line can hold (``好——————好`` in a
    5-em column) is cut wherever it starts; it then fills the line it starts on
    (``好————`` / ``——好``) rather than leaving that line short.
    """
    end = _furthest_legal_break(prep, start, available_pt)
    if end is None:
        return _emergency_break(prep, start, available_pt)
    if end == len(prep) or (prep.break_after[end] and prep.text[end] not in cc.PAIRED_MARKS):
        return end  # the usual case: one character and a legal break after it follow
    if _overlong_pair_run_follows(prep, end, available_pt):
        return max(end, _emergency_break(prep, start, available_pt))
    return end


def _overlong_pair_run_follows(prep: PreparedParagraph, end: int, available_pt: float) -> bool:
    """Whether the text after a legal break at ``end`` cannot reach another legal break within a
    line (it will be cut by ``_emergency_break`` wherever it starts) and the part that would be cut
    holds a ——, …… or ⋯⋯ pair."""
    text, net = prep.text, prep.net_prefix
    reach = bisect.bisect_right(net, net[end] + available_pt + prep.break_margin_pt, lo=end)
    pairs_at = [found for mark in cc.PAIRED_MARKS if (found := text.find(mark * 2, end, reach)) >= 0]
    if not pairs_at or True in prep.break_after[end:min(pairs_at)]:
        return False  # the usual case, found at C speed: no pair before the next legal break
    if _furthest_legal_break(prep, end, available_pt) is not None:
        return False
    cut_text = text[end:_emergency_break(prep, end, available_pt)]
    return any(mark * 2 in cut_text for mark in cc.PAIRED_MARKS)


def _furthest_legal_break(prep: PreparedParagraph, start: int, available_pt: float) -> int | None:
    """The furthest legal break after ``start`` whose text fits after squeezing, if any.

    Prefix sums of width minus shrink never decrease, so a bisection bounds the
    search and candidates are tried from the far end backwards.
    """
    count = len(prep)
    net = prep.net_prefix
    bound = bisect.bisect_right(net, net[start] + available_pt + prep.break_margin_pt, lo=start)
    last_candidate = min(bound, count)
    forced_at = bisect.bisect_left(prep.forced_ends, start + 1)
    if forced_at < len(prep.forced_ends):
        last_candidate = min(last_candidate, prep.forced_ends[forced_at])
    break_after = prep.break_after
    limit = available_pt + FIT_EPSILON_PT
    for end in range(last_candidate, start, -1):
        if end == count or break_after[end - 1]:
            measure = measure_line(prep, start, end)
            if measure.width_pt - measure.shrink_pt <= limit:
                return end
    return None


def _emergency_break(prep: PreparedParagraph, start: int, available_pt: float) -> int:
    """No legal break fits (a very long word, a sliver of column): cut where the line is full,
    moved back over what 避头尾 forbids there when the line can spare it."""
    count = len(prep)
    end = start + 1
    while end < count and not prep.forced_break_after[end - 1]:
        measure = measure_line(prep, start, end + 1)
        if measure.width_pt - measure.shrink_pt > available_pt + FIT_EPSILON_PT:
            break
        end += 1
    return _cut_keeping_kinsoku(prep, start, end)


def _pair_offset(text: str, index: int) -> int:
    """How far ``index`` is into its run of one paired mark (——, ……, ⋯⋯): pairs are counted
    from the run's start, so a pair starts at every even offset."""
    run_start = index
    while run_start > 0 and text[run_start - 1] == text[index]:
        run_start -= 1
    return index - run_start


def _splits_pair(text: str, cut: int) -> bool:
    """Whether a cut before ``text[cut]`` falls between the two halves of a ——/……/⋯⋯ pair."""
    if not 0 < cut < len(text) or text[cut] not in cc.PAIRED_MARKS or text[cut - 1] != text[cut]:
        return False
    return _pair_offset(text, cut) % 2 == 1


def _starts_dash_pair(text: str, index: int) -> bool:
    """Whether a —— pair (not the second half of one) starts at ``index``."""
    return text[index:index + 2] == "——" and _pair_offset(text, index) % 2 == 0


def _cut_keeping_kinsoku(prep: PreparedParagraph, start: int, end: int) -> int:
    """``end``, or an earlier cut where no forbidden mark starts the next line or ends this one.

    ``000000—`` in a 4-em column: the number cannot be broken legally and the
    dash may not start a line, so the cut falls inside the number and its
    last digit goes down with the dash (``00000`` / ``0—``), as InDesign does.
    A ——/…… pair is never cut in two at any level, even where 避头尾 cannot be
    kept (``——————`` in a 3-em column: ``——`` / ``——`` / ``——``).
    """
    text, count = prep.text, len(prep)
    whole = end
    while whole > start + 1 and _splits_pair(text, whole):
        whole -= 1
    if _splits_pair(text, whole):
        whole = end  # a column narrower than one pair: nothing else makes progress
    kinsoku = prep.style.kinsoku
    if kinsoku == "none":
        return whole
    no_start, no_end = cc.no_start_set(kinsoku), cc.no_end_set(kinsoku)

    def forbidden(cut: int) -> bool:
        if cut >= count or prep.forced_break_after[cut - 1]:
            return False
        if _splits_pair(text, cut):
            return True
        before, after = cut - 1, cut  # the marks either side of the cut, spaces passed over
        while before > start and prep.is_space[before]:
            before -= 1
        while after < count - 1 and prep.is_space[after]:
            after += 1
        if text[before] in no_end:
            return True
        if kinsoku in ("basic", "gb") and _starts_dash_pair(text, after):
            return False  # a —— pair may start a line below "strict"
        return text[after] in no_start

    cut = whole
    while cut > start + 1 and forbidden(cut):
        cut -= 1
    return whole if forbidden(cut) else cut


def previous_break(prep: PreparedParagraph, start: int, end: int) -> int | None:
    """The last legal break strictly inside (start, end), if any."""
    for candidate in range(end - 1, start, -1):
        if prep.break_after[candidate - 1] and not prep.forced_break_after[candidate - 1]:
            return candidate
    return None


@dataclass(slots=True)
class SetLine:
    """Glyph placement of one line (parallel to the characters it holds)."""

    start: int
    visible_end: int
    origin_x_pt: list[float]
    box_left_pt: list[float]
    box_width_pt: list[float]
    justified: bool


def set_line(
    prep: PreparedParagraph,
    start: int,
    end: int,
    left_pt: float,
    available_pt: float,
    alignment: str,
    is_last_line: bool,
) -> SetLine:
    """Place the glyphs of characters [start, end) in a line ``available_pt`` wide."""
    measure = measure_line(prep, start, end)
    visible = measure.visible_end
    count = visible - start
    if count <= 0:
        return SetLine(start, start, [], [], [], False)
    spread = alignment == "justify" and not is_last_line
    target = available_pt if spread else min(measure.width_pt, available_pt)
    delta = target - measure.width_pt
    char_shrink = [0.0] * count
    gap_adjust = [0.0] * count
    justified = False
    opening = opens_line(prep, start)  # alone on the line too: its ink stays where typing left it
    first_squeezable = start + 1 if opening else start  # the style sets a line-start mark's width
    if delta < -1e-9:
        squeezed = _squeeze(prep, first_squeezable, visible, -delta)
        char_shrink[first_squeezable - start:first_squeezable - start + len(squeezed)] = squeezed
        justified = True
    elif delta > 1e-9 and spread:
        justified = _spread(prep, start, visible, delta, gap_adjust)
    line_width = measure.width_pt - sum(char_shrink) + sum(gap_adjust[:-1])
    if opening:
        char_shrink[0] = start_trim_pt(prep, start)
    if alignment == "right":
        x = left_pt + available_pt - line_width
    elif alignment == "center":
        x = left_pt + (available_pt - line_width) / 2.0
    else:
        x = left_pt
    last = visible - 1
    widths = list(map(operator.sub, prep.box_pt[start:visible], char_shrink))
    widths[-1] -= prep.end_trim_pt[last]
    steps = map(operator.add, widths, map(operator.add, prep.gap_pt[start:last], gap_adjust))
    lefts = list(itertools.accumulate(steps, initial=x))
    del lefts[count:]
    shifts = prep.origin_shift_pt[start:visible]
    if (justified and delta < 0) or opening:
        blank = prep.blank_side
        shifts = [shift + shrink if blank[start + i] == BLANK_LEFT else shift
                  for i, (shift, shrink) in enumerate(zip(shifts, char_shrink, strict=True))]
    origins = list(map(operator.sub, lefts, shifts))
    return SetLine(start, visible, origins, lefts, widths, justified)


def _squeeze(prep: PreparedParagraph, start: int, visible: int, need_pt: float) -> list[float]:
    """Take ``need_pt`` out of characters [start, visible - 1), level by level (clreq reduction
    order): what each of them gives up."""
    last = visible - 1
    shrinks = prep.shrink_pt[start:last]
    levels = prep.shrink_level[start:last]
    char_shrink = [0.0] * len(shrinks)
    for level in range(SHRINK_LEVELS):
        capacity = sum(amount for amount, lv in zip(shrinks, levels, strict=True) if lv == level)
        if capacity <= 0.0:
            continue
        take = min(need_pt, capacity)
        ratio = take / capacity
        for offset, (amount, lv) in enumerate(zip(shrinks, levels, strict=True)):
            if lv == level and amount > 0.0:
                char_shrink[offset] += amount * ratio
        need_pt -= take
        if need_pt <= 1e-9:
            break
    return char_shrink


def _spread(prep: PreparedParagraph, start: int, visible: int, extra_pt: float, gap_adjust: list[float]) -> bool:
    """Share ``extra_pt`` evenly among the line's gaps between characters and word spaces; the
    Han–Latin spaces and the insides of words and ——/…… pairs keep their width. False when the
    line has no gap to spread (it is then set flush start)."""
    classes = prep.gap_class[start:visible - 1]
    stretchable = sum(1 for gap_class in classes if gap_class in STRETCHABLE_GAPS)
    if not stretchable:
        return False
    each = extra_pt / stretchable
    gap_adjust[: len(classes)] = [each if gap_class in STRETCHABLE_GAPS else 0.0 for gap_class in classes]
    return True


__all__ = [
    "BLANK_RIGHT", "LineMeasure", "SetLine", "break_line", "holds_single_character", "measure_line", "previous_break",
    "set_line",
]
