"""Thread a story through its text areas: columns, linked frames, pages.

One loop does all three, like platypus frames taking flowables: "fill
this column, hand the rest on". The cursor walks down a column in steps of
the paragraph's fixed leading; each line asks for the widest free span of
the column at that height (text wrap subtracts the boxes of frames that
ask for it); what does not fit anywhere is overset.

Paragraph rules applied here: space before (not at the top of a column)
and after, first-line indent, keep-with-next (a heading, or a chain of them
such as 引题 and 大标题, moves to the next column with its paragraph), and no
single-character last line (a character is pulled down from the line above
when needed). A justified paragraph is first broken greedily, line by line,
which finds its lines' places; then its breaks are chosen together for those
places (``editor.layout.paragraph_breaks``).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from dataclasses import dataclass, field

from editor.layout.charformat import FormatResolver
from editor.layout.display import Rect
from editor.layout.linebreak import break_line, holds_single_character, measure_line, previous_break
from editor.layout.paragraph_breaks import total_fit_breaks
from editor.layout.textprep import PreparedParagraph, prepare_paragraph
from editor.model.document import IssueFields
from editor.model.story import Paragraph, Story
from editor.model.styles import ParagraphStyle

#: A line needs at least this many ems of free width beside a wrapped frame.
MIN_LINE_WIDTH_EM = 3.0
_EPSILON_PT = 0.01


@dataclass
class FlowArea:
    """One text frame (or caption box) as the story sees it."""

    frame_id: str
    page_index: int
    rect: Rect
    columns: list[Rect]
    exclusions: list[Rect] = field(default_factory=list)
    vertical_align: str = "top"
    is_caption: bool = False
    #: Columns cut short to make room for something drawn there (a continuation line): a line
    #: taller than what is left moves on instead of being set anyway over that room.
    cut_columns: frozenset[int] = frozenset()


@dataclass
class PlacedLine:
    """A line whose characters and place are decided; glyphs are set later."""

    paragraph_index: int
    prep: PreparedParagraph
    start: int
    end: int
    area_index: int
    column_index: int
    #: Span the text is set in (after indents and wraps).
    left_pt: float
    right_pt: float
    top_pt: float
    height_pt: float
    is_last_in_paragraph: bool

    @property
    def available_pt(self) -> float:
        return self.right_pt - self.left_pt

    @property
    def baseline_pt(self) -> float:
        em = self.prep.em_pt
        return self.top_pt + (self.height_pt - em) / 2.0 + self.prep.em_box_top * em


@dataclass
class StoryFlow:
    """Result of flowing one story."""

    lines: list[PlacedLine]
    char_count: int
    overset_char_count: int


@dataclass
class _Cursor:
    area_index: int = 0
    column_index: int = 0
    y_pt: float = 0.0
    at_column_top: bool = True


@dataclass(frozen=True)
class _Slot:
    area_index: int
    column_index: int
    top_pt: float
    left_pt: float
    right_pt: float


#: Where a paragraph starts: area index, column index, y and whether that is a column's top.
_Start = tuple[int, int, float, bool]


@dataclass(frozen=True)
class _Placement:
    """One paragraph placed from one start: its lines (never changed once placed), where the
    areas ran out (None: all fit) and where the cursor was left."""

    prep: PreparedParagraph
    lines: tuple[PlacedLine, ...]
    stop: int | None
    end: _Start


class PlacementMemo:
    """Paragraphs placed by the last flow of a story, to place them again for free.

    A paragraph's lines depend only on its prepared paragraph, its index, the areas and the
    cursor it starts from (``_place_paragraph`` reads nothing else): the same four give the
    same lines. So a keystroke in paragraph 20 of 23 breaks only that paragraph again, and
    one in paragraph 2 that keeps its line count breaks only paragraph 2 (the ones below
    start where they did). Looked up per set of areas (by value: continuation lines make new
    area lists), then by index, prepared paragraph and start. Only what the last flows used
    is kept (``finish``).
    """

    def __init__(self) -> None:
        self._kept: dict[tuple, dict[tuple, _Placement]] = {}
        self._used: dict[tuple, dict[tuple, _Placement]] = {}

    def table(self, areas: list[FlowArea]) -> tuple[dict[tuple, _Placement], dict[tuple, _Placement]]:
        """What was kept and what this composition uses for ``areas`` (kept, used)."""
        key = tuple([(a.frame_id, a.page_index, a.rect, tuple(a.columns), tuple(a.exclusions),
                      a.vertical_align, a.is_caption, a.cut_columns) for a in areas])
        used = self._used.setdefault(key, {})
        return self._kept.get(key, {}), used

    def finish(self) -> None:
        """Keep only what the flows since the last ``finish`` used."""
        self._kept, self._used = self._used, {}

    def copy(self) -> PlacementMemo:
        """A memo that starts from what this one keeps and never changes it."""
        memo = PlacementMemo()
        memo._kept = dict(self._kept)
        return memo


def _free_span(column: Rect, exclusions: list[Rect], top: float, height: float, left: float, right: float) -> tuple[float, float]:
    """The widest horizontal span of the column free of exclusions over a line band."""
    spans = [(column.x_pt + left, column.right_pt - right)]
    bottom = top + height
    for box in exclusions:
        if box.y_pt >= bottom - _EPSILON_PT or box.bottom_pt <= top + _EPSILON_PT:
            continue
        next_spans = []
        for x0, x1 in spans:
            if box.right_pt <= x0 or box.x_pt >= x1:
                next_spans.append((x0, x1))
                continue
            if box.x_pt > x0:
                next_spans.append((x0, box.x_pt))
            if box.right_pt < x1:
                next_spans.append((box.right_pt, x1))
        spans = next_spans
        if not spans:
            return (0.0, 0.0)
    return max(spans, key=lambda span: span[1] - span[0])


def _blocked_steps(exclusions: list[Rect], top: float, height: float) -> int:
    """How many line steps down from ``top`` the band stays blocked, at least 1.

    Every box that overlaps the band now keeps overlapping it until the band
    passes the box's bottom, and more boxes can only narrow the band further;
    so no line fits before the first of those bottoms. Jumping there at once,
    on the leading grid, gives the same place as stepping one line at a time,
    without thousands of steps down a tall frame that a wrap box fills.
    """
    bottom = top + height
    overlapping = [box.bottom_pt for box in exclusions
                   if not (box.y_pt >= bottom - _EPSILON_PT or box.bottom_pt <= top + _EPSILON_PT)]
    if not overlapping:
        return 1
    steps = (min(overlapping) - _EPSILON_PT - top) / height
    return max(1, math.ceil(steps - 1e-9))


class _Flow:
    def __init__(self, areas: list[FlowArea]) -> None:
        self.areas = areas
        self.cursor = _Cursor()
        if areas and areas[0].columns:
            self.cursor.y_pt = areas[0].columns[0].y_pt

    def _column(self) -> Rect | None:
        cursor = self.cursor
        if cursor.area_index >= len(self.areas):
            return None
        return self.areas[cursor.area_index].columns[cursor.column_index]

    def advance_column(self) -> None:
        cursor = self.cursor
        cursor.column_index += 1
        while cursor.area_index < len(self.areas) and cursor.column_index >= len(self.areas[cursor.area_index].columns):
            cursor.area_index += 1
            cursor.column_index = 0
        column = self._column()
        if column is not None:
            cursor.y_pt = column.y_pt
        cursor.at_column_top = True

    def next_slot(self, height: float, left_indent: float, right_indent: float, min_width: float) -> _Slot | None:
        """The next place a line of ``height`` fits, moving down and on as needed."""
        while True:
            column = self._column()
            if column is None:
                return None
            cursor = self.cursor
            area = self.areas[cursor.area_index]
            if cursor.y_pt + height > column.bottom_pt + _EPSILON_PT:
                if (cursor.at_column_top and cursor.y_pt <= column.y_pt + _EPSILON_PT and height > column.height_pt
                        and cursor.column_index not in area.cut_columns):
                    # A line taller than the whole column: set it anyway rather than lose it.
                    pass
                else:
                    self.advance_column()
                    continue
            if column.width_pt - left_indent - right_indent < min_width - _EPSILON_PT:
                self.advance_column()  # too narrow at every height (wraps only narrow it further)
                continue
            left, right = _free_span(column, area.exclusions, cursor.y_pt, height, left_indent, right_indent)
            if right - left >= min_width - _EPSILON_PT:
                return _Slot(cursor.area_index, cursor.column_index, cursor.y_pt, left, right)
            cursor.y_pt += height * _blocked_steps(area.exclusions, cursor.y_pt, height)

    def snapshot(self) -> _Cursor:
        c = self.cursor
        return _Cursor(c.area_index, c.column_index, c.y_pt, c.at_column_top)

    def restore(self, saved: _Cursor) -> None:
        self.cursor = _Cursor(saved.area_index, saved.column_index, saved.y_pt, saved.at_column_top)

    def start(self) -> _Start:
        c = self.cursor
        return (c.area_index, c.column_index, c.y_pt, c.at_column_top)

    def move_to(self, start: _Start) -> None:
        self.cursor = _Cursor(*start)


class _Placer:
    """``_place_paragraph``, through a ``PlacementMemo`` when there is one."""

    def __init__(self, flow: _Flow, memo: PlacementMemo | None) -> None:
        self.flow = flow
        self.kept, self.used = memo.table(flow.areas) if memo is not None else ({}, None)

    def place(self, paragraph_index: int, prep: PreparedParagraph) -> tuple[list[PlacedLine], int | None]:
        if self.used is None:
            return _place_paragraph(self.flow, paragraph_index, prep)
        key = (paragraph_index, id(prep), self.flow.start())
        found = self.used.get(key) or self.kept.get(key)
        if found is None or found.prep is not prep:  # an id can be reused once its object is gone
            lines, stop = _place_paragraph(self.flow, paragraph_index, prep)
            found = _Placement(prep, tuple(lines), stop, self.flow.start())
        else:
            self.flow.move_to(found.end)
        self.used[key] = found
        return list(found.lines), found.stop


def _place_paragraph(flow: _Flow, paragraph_index: int, prep: PreparedParagraph) -> tuple[list[PlacedLine], int | None]:
    """Place one paragraph's lines from the cursor.

    Returns the lines and ``None`` when all fit, else the character offset
    where the areas ran out (the rest is overset).
    """
    style = prep.style
    leading = style.leading_pt
    em = prep.em_pt
    if not flow.cursor.at_column_top:
        flow.cursor.y_pt += style.space_before_pt
    min_width = MIN_LINE_WIDTH_EM * em
    indent = style.first_line_indent_chars * em
    lines: list[PlacedLine] = []
    position = 0
    count = len(prep)
    while position < count or (count == 0 and not lines):
        slot = flow.next_slot(leading, style.left_indent_pt, style.right_indent_pt, min_width)
        if slot is None:
            return lines, position
        first = position == 0
        left = slot.left_pt + (indent if first else 0.0)
        end = break_line(prep, position, slot.right_pt - left) if count else 0
        lines.append(
            PlacedLine(paragraph_index, prep, position, end, slot.area_index, slot.column_index,
                       left, slot.right_pt, slot.top_pt, leading, False)
        )
        flow.cursor.y_pt = slot.top_pt + leading
        flow.cursor.at_column_top = False
        position = end
    if style.alignment == "justify" and len(lines) >= 2:
        _break_together(prep, lines)
    if style.avoid_single_char_last_line and len(lines) >= 2:
        _pull_down_for_last_line(prep, lines)
    lines[-1].is_last_in_paragraph = True
    flow.cursor.y_pt += style.space_after_pt
    return lines, None


def _break_together(prep: PreparedParagraph, lines: list[PlacedLine]) -> None:
    """Re-break a justified paragraph's lines, all together (``paragraph_breaks``), in the places
    the greedy pass found for them."""
    ends = total_fit_breaks(prep, [line.available_pt for line in lines], [line.end for line in lines])
    start = 0
    for line, end in zip(lines, ends, strict=True):
        line.start, line.end, start = start, end, end


def _pull_down_for_last_line(prep: PreparedParagraph, lines: list[PlacedLine]) -> None:
    """Avoid a one-character last line by ending the line above one break earlier."""
    last, above = lines[-1], lines[-2]
    if above.end < len(prep) and prep.forced_break_after[above.end - 1]:
        return
    if not holds_single_character(prep, last.start, measure_line(prep, last.start, last.end).visible_end):
        return
    earlier = previous_break(prep, above.start, above.end)
    if earlier is None:
        return
    measure = measure_line(prep, earlier, last.end)
    if measure.width_pt - measure.shrink_pt > last.available_pt + _EPSILON_PT:
        return
    above.end = earlier
    last.start = earlier


@dataclass(frozen=True)
class _Kept:
    """A placed paragraph kept with the next one, and how the flow stood before it (to go back)."""

    index: int
    before: _Cursor
    placed_count: int
    total_chars: int
    #: Area and column of its first line.
    column: tuple[int, int]


def _chain_start(chain: list[_Kept], column: tuple[int, int]) -> _Kept:
    """Where a chain of keep-with-next paragraphs whose last one (``chain[-1]``, ending in
    ``column``) cannot stay goes back to, to move on to the next column: the chain's first
    paragraph in that column (引题 goes with 大标题) — unless it starts at the column's top,
    where moving would not help: then only the last one moves, as a single heading does."""
    start = len(chain) - 1
    while start > 0 and chain[start - 1].column == column:
        start -= 1
    first = chain[start]
    return chain[-1] if first.before.at_column_top else first


def flow_story(
    story: Story, areas: list[FlowArea], resolver: FormatResolver, issue: IssueFields,
    prepare: Callable[[Paragraph, FormatResolver, IssueFields, int], PreparedParagraph] = prepare_paragraph,
    placements: PlacementMemo | None = None,
) -> StoryFlow:
    """Compose ``story`` into ``areas`` in order; report what did not fit.

    ``prepare`` is ``prepare_paragraph`` or a memo of it (the editor's layout cache
    reuses the paragraphs an edit did not touch); ``placements`` remembers placed
    paragraphs for the next flow (see ``PlacementMemo``)."""
    flow = _Flow(areas)
    placer = _Placer(flow, placements)
    placed: list[PlacedLine] = []
    chain: list[_Kept] = []  # the keep-with-next paragraphs placed last, one after another
    total_chars = 0
    overset_chars = 0
    stopped = False
    paragraphs = story.paragraphs
    index = 0
    while index < len(paragraphs):
        page_number = _start_page_number(flow, resolver.paragraph_style(paragraphs[index].style))
        prep = prepare(paragraphs[index], resolver, issue, page_number)
        total_chars += len(prep)
        if stopped:
            overset_chars += len(prep)
            index += 1
            continue
        before = flow.snapshot()
        lines, stop = placer.place(index, prep)
        if stop is not None:
            placed.extend(lines)
            overset_chars += max(len(prep) - stop, 1)
            stopped = True
            index += 1
            continue
        if not prep.style.keep_with_next:
            chain.clear()
        else:
            chain.append(_Kept(index, before, len(placed), total_chars - len(prep),
                               (lines[0].area_index, lines[0].column_index)))
            if (index + 1 < len(paragraphs) and not before.at_column_top
                    and not _next_starts_alongside(flow, lines[-1], paragraphs, index, resolver, issue)):
                # Move the chain to the next column so it stays with the next paragraph.
                back = _chain_start(chain, (lines[-1].area_index, lines[-1].column_index))
                flow.restore(back.before)
                flow.advance_column()
                del placed[back.placed_count:]
                total_chars = back.total_chars
                index = back.index
                chain.clear()
                continue
        placed.extend(lines)
        index += 1
    _apply_vertical_alignment(placed, areas)
    return StoryFlow(placed, total_chars, overset_chars)


def _first_slot(flow: _Flow, style: ParagraphStyle) -> _Slot | None:
    """Where a paragraph of ``style`` placed from the cursor would set its first line (as
    ``_place_paragraph`` does; the cursor is left where it is); ``None``: nowhere."""
    saved = flow.snapshot()
    if not flow.cursor.at_column_top:
        flow.cursor.y_pt += style.space_before_pt
    slot = flow.next_slot(style.leading_pt, style.left_indent_pt, style.right_indent_pt,
                          MIN_LINE_WIDTH_EM * style.size_pt)
    flow.restore(saved)
    return slot


def _start_page_number(flow: _Flow, style: ParagraphStyle) -> int:
    """The page (1-based) a paragraph of ``style`` placed from the cursor starts on, for its fields
    (第N版): where its first line lands — past a full frame, that is the next frame's page — or,
    when it fits nowhere, the last page the story reaches."""
    areas = flow.areas
    if not areas:
        return 1
    slot = _first_slot(flow, style)
    return areas[slot.area_index if slot is not None else -1].page_index + 1


def _next_starts_alongside(
    flow: _Flow, last_line: PlacedLine, paragraphs: list, index: int, resolver: FormatResolver, issue: IssueFields
) -> bool:
    """Would the next paragraph's first line land in the same column as ``last_line``?"""
    slot = _first_slot(flow, resolver.paragraph_style(paragraphs[index + 1].style))
    return slot is not None and (slot.area_index, slot.column_index) == (last_line.area_index, last_line.column_index)


def _apply_vertical_alignment(lines: list[PlacedLine], areas: list[FlowArea]) -> None:
    """Centre or bottom-align the text of frames that ask for it, column by column.

    A moved line is replaced in ``lines`` by a copy: a placed line may be a ``PlacementMemo``'s,
    which is never changed."""
    by_column: dict[tuple[int, int], list[int]] = {}
    for position, line in enumerate(lines):
        if areas[line.area_index].vertical_align != "top":
            by_column.setdefault((line.area_index, line.column_index), []).append(position)
    for area_index, area in enumerate(areas):
        if area.vertical_align == "top":
            continue
        for column_index, column in enumerate(area.columns):
            positions = by_column.get((area_index, column_index))
            if not positions:
                continue
            members = [lines[position] for position in positions]
            used_top = min(member.top_pt for member in members)
            used_bottom = max(member.top_pt + member.height_pt for member in members)
            if area.vertical_align == "center":
                shift = column.y_pt + (column.height_pt - (used_bottom - used_top)) / 2.0 - used_top
            else:
                shift = column.bottom_pt - used_bottom
            for position, line in zip(positions, members, strict=True):
                lines[position] = dataclasses.replace(line, top_pt=line.top_pt + shift)
