"""Continuation lines: 「（下转第N版）」 and 「（上接第N版）」 where a thread changes page.

A story with ``jump_lines`` on gets, at every place its thread goes from a
frame on one page to the next frame on another page *and the text really
continues there*, two lines that are not part of its paragraphs:

- 「（下转第N版）」 at the foot of the leaving frame's last column (above a photo the text
  wraps around there), set flush right (N: the page the text continues on);
- 「（上接第N版）」 at the head of the continuing frame's first column, set flush
  left (N: the page the text came from).

Each takes one line of the story's body style (the paragraph style that sets
most of its characters): that style's leading is reserved in the column
before the story is flowed, so the article's lines never overprint it: a
column too short for a text line and its continuation line holds the
continuation line only, and the text goes on in the next frame (or is
overset, and marked so, if it fits nowhere); a frame the text passes by that
way between two pages gets no lines of its own, and the lines around it point
past it — or, when the text comes back to the page it left, there is no jump
to make, and the frames before and after it keep no room for one. The text is set in the body style's face and colour at
``JUMP_SIZE_RATIO`` of its size (10.5 pt body → 8.4 pt), with no indent or
letter spacing.

Which boundaries are crossed depends on the reservations themselves (a
reserved foot line can push the article's last line into the next frame),
so the story is first flowed with no reservation, then again with one at
every page-changing boundary the text crossed, until the crossed ones and
the reserved ones agree. Adding reservations only pushes text further on,
so this ends after at most one reflow per boundary, and text that fits its
frame without a 「下转」 line gets none (it does not continue). Page numbers come from the page order at layout time, so they
follow the pages when they are moved.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from editor.layout.charformat import CharFormat, FormatResolver
from editor.layout.display import Rect
from editor.layout.flow import FlowArea, PlacedLine, PlacementMemo, StoryFlow, flow_story
from editor.layout.textprep import PreparedParagraph, prepare_paragraph
from editor.model.document import IssueFields
from editor.model.story import Paragraph, Run, Story
from editor.model.styles import ParagraphStyle

#: Continuation lines are set at this share of the body text size.
JUMP_SIZE_RATIO = 0.8
#: Never smaller than this (points), whatever the body size.
MIN_JUMP_SIZE_PT = 6.0

JumpKind = Literal["down", "up"]


def jump_text(kind: JumpKind, page_number: int) -> str:
    """「（下转第3版）」 or 「（上接第1版）」."""
    return f"（下转第{page_number}版）" if kind == "down" else f"（上接第{page_number}版）"


def jump_size_pt(body: ParagraphStyle) -> float:
    """The size continuation lines are set in, for a story whose body style is ``body``."""
    return max(round(body.size_pt * JUMP_SIZE_RATIO, 2), MIN_JUMP_SIZE_PT)


def jump_alignment(kind: JumpKind) -> str:
    """下转 flush right at the foot, 上接 flush left at the head."""
    return "right" if kind == "down" else "left"


def body_style_name(story: Story) -> str:
    """The paragraph style that sets most of the story's characters (the first on a tie)."""
    counts: dict[str, int] = {}
    for paragraph in story.paragraphs:
        counts[paragraph.style] = counts.get(paragraph.style, 0) + len(paragraph.plain_text())
    if not counts:
        return ""
    return max(counts, key=lambda name: counts[name])  # max keeps the first of equal counts


@dataclass(frozen=True)
class JumpLine:
    """A continuation line placed in one column of one area of the story's thread."""

    kind: JumpKind
    text: str
    area_index: int
    column_index: int
    rect: Rect


def page_boundaries(areas: list[FlowArea]) -> list[int]:
    """Indices ``i`` where the thread goes from ``areas[i]`` to a frame on another page."""
    return [
        index for index in range(len(areas) - 1)
        if not areas[index].is_caption and not areas[index + 1].is_caption
        and areas[index].page_index != areas[index + 1].page_index
        and areas[index].columns and areas[index + 1].columns
    ]


def _free_bottom(column: Rect, exclusions: list[Rect], height_pt: float) -> float:
    """Where the foot of ``column`` is for a line ``height_pt`` tall: its bottom, or — when a photo the
    text wraps around (``exclusions``) covers that place — the top of the photo, and so on up while
    photos stacked there cover that too (never above the column's top)."""
    bottom = column.bottom_pt
    while bottom - height_pt > column.y_pt:
        blocking = [box for box in exclusions
                    if box.x_pt < column.right_pt and box.right_pt > column.x_pt
                    and box.y_pt < bottom and box.bottom_pt > bottom - height_pt]
        if not blocking:
            break
        bottom = min(box.y_pt for box in blocking)
    return max(bottom, min(column.bottom_pt, column.y_pt + height_pt))


def _foot(column: Rect, height_pt: float, exclusions: list[Rect] | None = None) -> Rect:
    """The last line of ``column``, above any wrapped photo at its foot (``_free_bottom``); in a
    column shorter than a line, its top, as the flow sets a line taller than its column (never
    above the frame, over whatever is there)."""
    bottom = _free_bottom(column, exclusions or [], height_pt)
    top = max(column.y_pt, bottom - height_pt)
    return Rect(column.x_pt, top, column.width_pt, height_pt)


def _head(column: Rect, height_pt: float) -> Rect:
    return Rect(column.x_pt, column.y_pt, column.width_pt, height_pt)


def _reserved_areas(areas: list[FlowArea], feet: set[int], heads: set[int], height_pt: float) -> list[FlowArea]:
    """``areas`` with a line's height taken off the foot of the leaving frame of each boundary in
    ``feet`` and off the head of the continuing frame of each boundary in ``heads``."""
    out: list[FlowArea] = []
    for index, area in enumerate(areas):
        columns = list(area.columns)
        cut: set[int] = set()
        if index in feet:
            last = columns[-1]
            foot = _foot(last, height_pt, area.exclusions)
            columns[-1] = Rect(last.x_pt, last.y_pt, last.width_pt, max(foot.y_pt - last.y_pt, 0.0))
            cut.add(len(columns) - 1)
        if index - 1 in heads:
            first = columns[0]
            shrunk = max(first.height_pt - height_pt, 0.0)
            columns[0] = Rect(first.x_pt, first.bottom_pt - shrunk, first.width_pt, shrunk)
            cut.add(0)
        out.append(dataclasses.replace(area, columns=columns, cut_columns=area.cut_columns | cut) if cut else area)
    return out


def _crossed(flow: StoryFlow, boundaries: set[int]) -> set[int]:
    """The boundaries the placed text went past (some line sits in a later area)."""
    furthest = max((line.area_index for line in flow.lines), default=-1)
    return {index for index in boundaries if furthest > index}


def flow_with_jumps(story: Story, areas: list[FlowArea], resolver: FormatResolver,
                    issue: IssueFields, prepare: Callable[..., PreparedParagraph] = prepare_paragraph,
                    placements: PlacementMemo | None = None) -> tuple[StoryFlow, list[JumpLine]]:
    """Flow ``story`` with room for its continuation lines, and place those lines
    (``prepare``, ``placements``: as ``flow_story`` takes them)."""
    candidates = set(page_boundaries(areas)) if story.jump_lines else set()
    result = flow_story(story, areas, resolver, issue, prepare, placements)
    boundaries = _crossed(result, candidates)
    if not boundaries:
        return result, []
    height = resolver.paragraph_style(body_style_name(story)).leading_pt

    def reflow(feet: set[int], heads: set[int]) -> StoryFlow:
        """The story flowed with a line kept at the feet and heads of those boundaries."""
        return flow_story(story, _reserved_areas(areas, feet, heads, height), resolver, issue, prepare, placements)

    while True:  # reservations only grow, so this ends within len(candidates) rounds
        result = reflow(boundaries, boundaries)
        crossed = _crossed(result, candidates)
        if crossed <= boundaries:
            break
        boundaries |= crossed
    holding = {line.area_index for line in result.lines}
    ends = _jump_ends(crossed, holding)  # only where the text really continues
    returning = [(leaving, continuing) for leaving, continuing in ends
                 if areas[leaving].page_index == areas[continuing].page_index]
    if returning:
        # It passed another page by and came back: no jump to make, so no room kept for one at the
        # leaving frame's foot and the next frame's head (the frame passed by keeps its room, so it
        # stays empty) — unless the text, given that room, no longer crosses and fills the same
        # frames: then the reservations stay, for the flow to agree with itself.
        freed = reflow(boundaries - {leaving for leaving, _ in returning},
                       boundaries - {continuing - 1 for _, continuing in returning})
        if _crossed(freed, candidates) == crossed and {line.area_index for line in freed.lines} == holding:
            result = freed
    jumps: list[JumpLine] = []
    for leaving_index, continuing_index in ends:
        leaving, continuing = areas[leaving_index], areas[continuing_index]
        if (leaving_index, continuing_index) in returning:
            continue
        jumps.append(JumpLine("down", jump_text("down", continuing.page_index + 1), leaving_index,
                              len(leaving.columns) - 1, _foot(leaving.columns[-1], height, leaving.exclusions)))
        jumps.append(JumpLine("up", jump_text("up", leaving.page_index + 1), continuing_index, 0,
                              _head(continuing.columns[0], height)))
    return result, jumps


def _jump_ends(crossed: set[int], holding: set[int]) -> list[tuple[int, int]]:
    """(leaving, continuing) areas of each pair of continuation lines, one pair per crossed
    boundary — except that a frame the text passes by without a line of it (its room all given
    to its own continuation lines, say a one-line frame between two pages) gets none, and the
    lines around it point past it rather than overprint each other there."""
    ends: list[tuple[int, int]] = []
    leaving: int | None = None
    for index in sorted(crossed):
        leaving = index if leaving is None else leaving
        if index + 1 not in holding and index + 1 in crossed:
            continue
        ends.append((leaving, index + 1))
        leaving = None
    return ends


def jump_style(body: ParagraphStyle, kind: JumpKind) -> ParagraphStyle:
    """How a continuation line is set: the body style, small, flush, on one body line."""
    return dataclasses.replace(
        body, size_pt=jump_size_pt(body), alignment=jump_alignment(kind),
        first_line_indent_chars=0.0, left_indent_pt=0.0, right_indent_pt=0.0, space_before_pt=0.0,
        space_after_pt=0.0, letter_spacing_em=0.0, keep_with_next=False, avoid_single_char_last_line=False)


class _JumpResolver:
    """Resolves every style to the small, plain setting of a continuation line."""

    def __init__(self, resolver: FormatResolver, body: str, kind: JumpKind) -> None:
        self._style = jump_style(resolver.paragraph_style(body), kind)
        plain = resolver.char_format(body, None)
        self._format = CharFormat(plain.faces, self._style.size_pt, plain.color, 0.0)

    def paragraph_style(self, name: str) -> ParagraphStyle:
        return self._style

    def char_format(self, paragraph_style: str, char_style: str | None) -> CharFormat:
        return self._format


def placed_jump_line(jump: JumpLine, story: Story, resolver: FormatResolver, issue: IssueFields) -> PlacedLine:
    """The continuation line as a placed line, ready for its glyphs to be set (paragraph -1)."""
    body = body_style_name(story)
    jump_resolver = _JumpResolver(resolver, body, jump.kind)
    paragraph = Paragraph(style=body, runs=[Run(text=jump.text)])
    prep = prepare_paragraph(paragraph, jump_resolver, issue, 1)  # type: ignore[arg-type]
    rect = jump.rect
    return PlacedLine(-1, prep, 0, len(prep), jump.area_index, jump.column_index,
                      rect.x_pt, rect.right_pt, rect.y_pt, rect.height_pt, True)
