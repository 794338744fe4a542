"""Choose all the line breaks of a paragraph together (total fit).

The greedy breaker (``editor.layout.linebreak.break_line``) fills each line
as full as it can. That is what Chinese composition has long done, and it
shows: a line squeezed to take one more character leaves the next line with
a character too few, which is then stretched; a line of a few characters in
a narrow column is spread across it. Knuth and Plass's answer, which Typst
uses for CJK as well, is to weigh every way of breaking the paragraph and
take the one whose lines together look best. This module does that with
clreq's costs:

- stretching a line costs the square of the extra space each gap between
  characters takes (in em) — the norm is to spread gaps evenly, and a line
  with few gaps to spread over costs a lot;
- squeezing punctuation costs half as much per em as stretching (clreq:
  先挤进, squeeze first);
- a line with nothing to spread (one character, or a word) costs far more;
- a one-character last line costs as much as a gap stretched by a full em,
  when the style avoids them.

The paragraph keeps the greedy breaker's number of lines. Greedy first fit
gives the fewest lines possible (the widths a line gets depend only on its
place in the column, never on its text), and a paragraph that took a line
more would push the text below it, so the search is over breaks that give
exactly that many lines. The width of each line is the one the flow gave it
(columns, linked frames, text wrap, first-line indent).

Dynamic programming over line number and break position: for each line,
the candidate ends from a start are the greedy end and up to
``MAX_CANDIDATES`` legal breaks before it whose stretch stays under
``MAX_STRETCH_EM`` a gap; each line keeps the ``MAX_STATES`` cheapest
starts. Work is therefore bounded by lines × states × candidates (≤ 16
line measures a line, each O(1) on prefix sums). Paragraphs longer than
``MAX_CHARACTERS`` stay greedy, as does any paragraph the search cannot set
in the same number of lines within those bounds, or whose result would
stretch more in total than the greedy one's (``stretch_badness``, the
measure the tests compare).
"""

from __future__ import annotations

import hashlib
from array import array
from collections import OrderedDict
from dataclasses import dataclass

from editor.layout.linebreak import FIT_EPSILON_PT, break_line, holds_single_character, measure_line
from editor.layout.textprep import STRETCHABLE_GAPS, PreparedParagraph

#: Longer paragraphs keep greedy breaks (a bound on the work for pathological input).
MAX_CHARACTERS = 20_000
#: Earlier legal breaks tried before the greedy end of each line.
MAX_CANDIDATES = 3
#: Starts kept for each line (the cheapest so far).
MAX_STATES = 4
#: A candidate stretching its gaps by more than this (em) is not tried.
MAX_STRETCH_EM = 0.5
#: Squeezing costs this much of stretching by the same amount.
SQUEEZE_WEIGHT = 0.5
#: A line with nothing to spread is set flush start; its white space costs this much more.
UNSPREADABLE_WEIGHT = 100.0
#: A one-character last line costs as much as stretching every gap of a line by one em.
SINGLE_CHAR_LAST_LINE_COST = 1.0
#: Searches remembered (by a digest of their inputs), least recently used first out.
REMEMBERED_PARAGRAPHS = 4096
#: Greedy breaks stretching no more than this in total are kept without a search.
NOTHING_TO_GAIN = 1e-9


@dataclass(frozen=True, slots=True)
class LineCost:
    """What setting one line costs: the total, and the stretch part alone (for the comparison)."""

    total: float
    stretch: float


_REMEMBERED: OrderedDict[bytes, tuple[int, ...]] = OrderedDict()


class _Gaps:
    """Prefix counts of the gaps justification spreads, for O(1) counts per line."""

    def __init__(self, prep: PreparedParagraph) -> None:
        counts = [0]
        for gap_class in prep.gap_class:
            counts.append(counts[-1] + (gap_class in STRETCHABLE_GAPS))
        self._counts = counts

    def between(self, start: int, visible: int) -> int:
        """Stretchable gaps inside characters [start, visible)."""
        return self._counts[visible - 1] - self._counts[start] if visible > start else 0


def line_cost(prep: PreparedParagraph, gaps: _Gaps, start: int, end: int, width_pt: float,
              is_last: bool) -> LineCost | None:
    """The cost of characters [start, end) as one line ``width_pt`` wide, or None if they do not fit."""
    measure = measure_line(prep, start, end)
    if measure.width_pt - measure.shrink_pt > width_pt + FIT_EPSILON_PT:
        return None
    em = prep.em_pt
    ends_forced = end < len(prep) and prep.forced_break_after[end - 1]
    if is_last or ends_forced:
        single = is_last and prep.style.avoid_single_char_last_line and holds_single_character(prep, start, measure.visible_end)
        return LineCost(SINGLE_CHAR_LAST_LINE_COST if single else 0.0, 0.0)
    spread_over = max(gaps.between(start, measure.visible_end), 1)
    extra_em = (width_pt - measure.width_pt) / em
    if extra_em < 0.0:
        return LineCost(SQUEEZE_WEIGHT * (extra_em / spread_over) ** 2, 0.0)
    if not gaps.between(start, measure.visible_end):
        return LineCost(UNSPREADABLE_WEIGHT * extra_em ** 2, extra_em ** 2)
    stretch = (extra_em / spread_over) ** 2
    return LineCost(stretch, stretch)


def _costs(prep: PreparedParagraph, gaps: _Gaps, ends: list[int], widths_pt: list[float]) -> LineCost:
    """Total and stretch cost of a whole paragraph broken at ``ends``."""
    total = stretch = 0.0
    start = 0
    for index, (end, width) in enumerate(zip(ends, widths_pt, strict=True)):
        cost = line_cost(prep, gaps, start, end, width, index == len(ends) - 1)
        if cost is None:
            return LineCost(float("inf"), float("inf"))
        total, stretch, start = total + cost.total, stretch + cost.stretch, end
    return LineCost(total, stretch)


def stretch_badness(prep: PreparedParagraph, ends: list[int], widths_pt: list[float]) -> float:
    """Sum over the lines of the squared extra space per gap (em): how unevenly spread they are."""
    return _costs(prep, _Gaps(prep), ends, widths_pt).stretch


def _candidates(prep: PreparedParagraph, gaps: _Gaps, start: int, width_pt: float) -> list[tuple[int, LineCost]]:
    """Ends worth trying for a (not last) line from ``start``, with their costs: the greedy end,
    then earlier legal breaks while their stretch stays under ``MAX_STRETCH_EM`` a gap."""
    furthest = break_line(prep, start, width_pt)
    count = len(prep)
    options: list[tuple[int, LineCost]] = []
    if furthest < count:
        cost = line_cost(prep, gaps, start, furthest, width_pt, False)
        if cost is not None:
            options.append((furthest, cost))
        if not prep.break_after[furthest - 1]:
            return options  # an emergency cut: no legal break fits, nothing earlier is better
    break_after, forced = prep.break_after, prep.forced_break_after
    for end in range(furthest - 1, start, -1):
        if len(options) > MAX_CANDIDATES:
            break
        if not break_after[end - 1] or forced[end - 1]:
            continue
        cost = line_cost(prep, gaps, start, end, width_pt, False)
        if cost is None:
            continue
        if cost.stretch > MAX_STRETCH_EM ** 2:
            break  # ending earlier only stretches more
        options.append((end, cost))
    return options


@dataclass(frozen=True, slots=True)
class _State:
    """The cheapest way found to end a line at some position."""

    total: float
    stretch: float
    #: Where that line started (the previous line's end).
    previous: int


def total_fit_breaks(prep: PreparedParagraph, widths_pt: list[float], greedy_ends: list[int]) -> list[int]:
    """Line ends for a justified paragraph set in ``len(widths_pt)`` lines of those widths: the
    cheapest breaks found, or ``greedy_ends`` when none is better (see the module docstring).

    Results are remembered by a digest of everything they depend on, so that typing in one
    paragraph of a long story searches that paragraph again, not all the others."""
    if len(widths_pt) < 2 or len(prep) > MAX_CHARACTERS or len(greedy_ends) != len(widths_pt):
        return greedy_ends
    key = _inputs_digest(prep, widths_pt, greedy_ends)
    ends = _REMEMBERED.get(key)
    if ends is None:
        ends = _search(prep, widths_pt, greedy_ends)
        _REMEMBERED[key] = ends
        if len(_REMEMBERED) > REMEMBERED_PARAGRAPHS:
            _REMEMBERED.popitem(last=False)
    else:
        _REMEMBERED.move_to_end(key)
    return list(ends)


def forget_remembered() -> None:
    """Drop every remembered search (for benchmarks that time the search itself)."""
    _REMEMBERED.clear()


def _inputs_digest(prep: PreparedParagraph, widths_pt: list[float], greedy_ends: list[int]) -> bytes:
    """A digest of what the search reads: the measures, the break rules, the style's two
    settings it consults, the line widths and the greedy ends."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(prep.text.encode("utf-8", "surrogatepass"))
    for floats in (prep.box_pt, prep.gap_pt, prep.end_trim_pt, prep.shrink_pt, widths_pt, [prep.em_pt]):
        digest.update(array("d", floats).tobytes())
    for flags in (prep.break_after, prep.forced_break_after, prep.gap_class, prep.blank_side, prep.shrink_level,
                  prep.is_space, greedy_ends):
        digest.update(array("q", flags).tobytes())
    style = prep.style
    digest.update(f"{style.line_start_marks}|{style.avoid_single_char_last_line}".encode())
    return digest.digest()


def _search(prep: PreparedParagraph, widths_pt: list[float], greedy_ends: list[int]) -> tuple[int, ...]:
    """The dynamic programme of the module docstring."""
    line_count = len(widths_pt)
    count = len(prep)
    gaps = _Gaps(prep)
    greedy = _costs(prep, gaps, greedy_ends, widths_pt)
    if greedy.stretch <= NOTHING_TO_GAIN:
        # No line is stretched (the usual case for Han text in whole-em columns): lines that are
        # full or squeezed are what clreq asks for first (先挤进), and no search can do better.
        return tuple(greedy_ends)
    layers: list[dict[int, _State]] = [{0: _State(0.0, 0.0, -1)}]
    for line, width in enumerate(widths_pt):
        is_last = line == line_count - 1
        following: dict[int, _State] = {}
        for start, state in layers[-1].items():
            if is_last:
                last = line_cost(prep, gaps, start, count, width, True)
                options = [] if last is None else [(count, last)]
            else:
                options = _candidates(prep, gaps, start, width)
            for end, cost in options:
                total = state.total + cost.total
                if end not in following or total < following[end].total:
                    following[end] = _State(total, state.stretch + cost.stretch, start)
        if not following:
            return tuple(greedy_ends)
        layers.append(dict(sorted(following.items(), key=lambda item: item[1].total)[:MAX_STATES]))
    best = layers[-1].get(count)
    if best is None or best.total >= greedy.total - 1e-12 or best.stretch > greedy.stretch + 1e-12:
        return tuple(greedy_ends)
    ends = [count]
    for layer in reversed(layers[2:]):
        ends.append(layer[ends[-1]].previous)
    return tuple(reversed(ends))
