"""Where the caret of a story is, and which position a click means (pure, no Qt).

Built from the composed layout only — ``LineBox`` for every line and the
``GlyphRun`` glyph boxes with their paragraph offsets — so the caret sits
exactly where the engine put the characters, on screen as in the PDF.
Positions are (paragraph index, offset) as in ``story_text``. Lines are
kept in story order, whatever pages the thread visits, so arrow keys walk
the story and not the page.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from editor.layout.display import DocumentLayout, GlyphRun, LineBox, Rect
from editor.layout.fontmetrics import FontRef

Position = tuple[int, int]


@dataclass(frozen=True)
class Caret:
    """A caret in page points: a vertical bar at ``x_pt`` from ``top_pt`` down ``height_pt``."""

    page_index: int
    frame_id: str
    x_pt: float
    top_pt: float
    height_pt: float
    baseline_pt: float
    size_pt: float


@dataclass(frozen=True)
class GlyphSpan:
    """Where some glyphs of one line are: from ``left_pt`` to ``right_pt`` on a baseline (page points)."""

    page_index: int
    left_pt: float
    right_pt: float
    baseline_pt: float
    size_pt: float


@dataclass
class _Line:
    page_index: int
    box: LineBox
    runs: list[GlyphRun] = field(default_factory=list)
    font: FontRef | None = None
    size_pt: float = 0.0
    _glyphs: list[tuple[int, float, float]] | None = None

    @property
    def glyphs(self) -> list[tuple[int, float, float]]:
        """(offset, left, right) of every glyph box, left to right; worked out on first use,
        since a keystroke needs the caret's line only, not every line of a long story."""
        if self._glyphs is None:
            glyphs = []
            for run in self.runs:
                lefts, widths = run.box_left_pt, run.box_width_pt
                glyphs.extend((offset, lefts[i], lefts[i] + widths[i]) for i, offset in enumerate(run.char_offsets))
            glyphs.sort(key=lambda g: g[1])
            self._glyphs = glyphs
        return self._glyphs


class StoryGeometry:
    """The caret geometry of one story in one layout."""

    def __init__(self, layout: DocumentLayout, story_id: str) -> None:
        self.story_id = story_id
        lines: list[_Line] = []
        for page in layout.pages:
            if not any(area.story_id == story_id for area in page.areas):
                continue  # the story has no frame here: not a line of its own (a 64-page issue has thousands)
            by_para: dict[int, list[_Line]] = {}
            for box in page.lines:
                if box.story_id == story_id:
                    line = _Line(page.index, box)
                    lines.append(line)
                    by_para.setdefault(box.paragraph_index, []).append(line)
            if not by_para:
                continue
            starts: dict[int, list[int]] = {}
            for para, para_lines in by_para.items():
                para_lines.sort(key=lambda ln: ln.box.start_offset)
                starts[para] = [ln.box.start_offset for ln in para_lines]
            for item in page.items:
                if isinstance(item, GlyphRun) and item.story_id == story_id and item.char_offsets:
                    para = item.paragraph_index
                    if para in by_para:
                        self._attach(by_para[para], starts[para], item)
        lines.sort(key=lambda ln: (ln.box.paragraph_index, ln.box.start_offset))
        self._lines = lines
        self._keys = [(ln.box.paragraph_index, ln.box.start_offset) for ln in lines]
        self._fill_sizes()

    @staticmethod
    def _attach(para_lines: list[_Line], starts: list[int], run: GlyphRun) -> None:
        """Give a run's glyph boxes to the line of its paragraph that holds its first character."""
        index = bisect.bisect_right(starts, run.char_offsets[0]) - 1
        if index < 0:
            return
        line = para_lines[index]
        if abs(line.box.baseline_pt - run.baseline_pt) > 0.01:
            return
        line.runs.append(run)
        if line.font is None or run.size_pt > line.size_pt:
            line.font, line.size_pt = run.font, run.size_pt

    def _fill_sizes(self) -> None:
        """Lines without glyphs (empty paragraphs) borrow the font of the nearest line that has some."""
        known = [(i, ln) for i, ln in enumerate(self._lines) if ln.font is not None]
        for i, line in enumerate(self._lines):
            if line.font is None and known:
                _, near = min(known, key=lambda k: abs(k[0] - i))
                line.font, line.size_pt = near.font, near.size_pt
            if line.size_pt <= 0:
                line.size_pt = line.box.height_pt * 0.6

    # ------------------------------------------------------------ queries

    @property
    def has_lines(self) -> bool:
        return bool(self._lines)

    def _line_index(self, pos: Position, upstream: bool = False) -> int | None:
        """The line holding ``pos``; with ``upstream`` a position at a line's end stays on that line."""
        if not self._lines:
            return None
        index = bisect.bisect_right(self._keys, (pos[0], pos[1])) - 1
        if index < 0:
            return 0
        line = self._lines[index].box
        if upstream and index > 0 and line.start_offset == pos[1] and line.paragraph_index == pos[0]:
            previous = self._lines[index - 1].box
            if previous.paragraph_index == pos[0] and previous.end_offset == pos[1]:
                return index - 1
        return index

    def _x_of(self, line: _Line, offset: int) -> float:
        """The caret x of ``offset`` on ``line``: before its glyph, else after the last glyph before it."""
        after_last: float | None = None
        for glyph_offset, left, right in line.glyphs:
            if glyph_offset == offset:
                return left
            if glyph_offset < offset:
                after_last = right if after_last is None else max(after_last, right)
        if after_last is not None:
            return after_last
        box = line.box
        if box.alignment == "center":
            return (box.left_pt + box.right_pt) / 2
        if box.alignment == "right":
            return box.right_pt
        return box.left_pt

    def caret(self, pos: Position, upstream: bool = False) -> Caret | None:
        """The caret at ``pos``; text beyond the last frame (overset) puts it at the story's visible end."""
        index = self._line_index(pos, upstream)
        if index is None:
            return None
        line = self._lines[index]
        box = line.box
        offset = pos[1] if box.paragraph_index == pos[0] else box.end_offset
        offset = max(box.start_offset, min(offset, box.end_offset))
        size = line.size_pt
        top = box.baseline_pt - 0.88 * size
        return Caret(line.page_index, box.frame_id, self._x_of(line, offset), top, size * 1.1, box.baseline_pt, size)

    def font_at(self, pos: Position) -> tuple[FontRef | None, float]:
        """The font and size of the line at ``pos`` (for drawing input-method preedit)."""
        index = self._line_index(pos)
        if index is None:
            return None, 0.0
        line = self._lines[index]
        return line.font, line.size_pt

    def line_ends(self, pos: Position) -> tuple[Position, Position]:
        """The positions at the start and the end of the line holding ``pos`` (Home, End)."""
        index = self._line_index(pos)
        if index is None:
            return pos, pos
        box = self._lines[index].box
        return (box.paragraph_index, box.start_offset), (box.paragraph_index, box.end_offset)

    def _offset_at_x(self, line: _Line, x_pt: float) -> int:
        box = line.box
        best, best_distance = box.start_offset, float("inf")
        for offset in range(box.start_offset, box.end_offset + 1):
            distance = abs(self._x_of(line, offset) - x_pt)
            if distance < best_distance:
                best, best_distance = offset, distance
        return best

    def vertical(self, pos: Position, step: int, x_goal: float | None, upstream: bool = False) -> Position | None:
        """The position ``step`` lines below (or above) ``pos`` nearest ``x_goal``; None past either end."""
        index = self._line_index(pos, upstream)
        if index is None:
            return None
        target = index + step
        if not 0 <= target < len(self._lines):
            return None
        line = self._lines[target]
        if x_goal is None:
            caret = self.caret(pos, upstream)
            x_goal = caret.x_pt if caret else line.box.left_pt
        return (line.box.paragraph_index, self._offset_at_x(line, x_goal))

    def hit(self, page_index: int, x_pt: float, y_pt: float, frame_ids: set[str] | None = None) -> Position | None:
        """The position nearest a point on a page (only lines in ``frame_ids`` if given)."""
        best: _Line | None = None
        best_score = float("inf")
        for line in self._lines:
            box = line.box
            if line.page_index != page_index or (frame_ids is not None and box.frame_id not in frame_ids):
                continue
            dy = max(0.0, box.top_pt - y_pt, y_pt - (box.top_pt + box.height_pt))
            dx = max(0.0, box.left_pt - x_pt, x_pt - box.right_pt)
            score = dy * 4 + dx
            if score < best_score:
                best, best_score = line, score
        if best is None:
            return None
        return (best.box.paragraph_index, self._offset_at_x(best, x_pt))

    def glyph_spans(self, start: Position, end: Position) -> list[GlyphSpan]:
        """The glyphs of one paragraph from ``start`` up to ``end``, one span per line they are on."""
        spans = []
        for line in self._lines:
            box = line.box
            if box.paragraph_index != start[0] or box.end_offset <= start[1] or box.start_offset >= end[1]:
                continue
            edges = [(left, right) for offset, left, right in line.glyphs if start[1] <= offset < end[1]]
            if edges:
                spans.append(GlyphSpan(line.page_index, min(e[0] for e in edges), max(e[1] for e in edges),
                                       box.baseline_pt, line.size_pt))
        return spans

    def selection_rects(self, start: Position, end: Position) -> list[tuple[int, Rect]]:
        """(page index, rectangle) per line covered by the range between two positions."""
        start, end = sorted((start, end))
        out: list[tuple[int, Rect]] = []
        if start == end:
            return out
        for line in self._lines:
            box = line.box
            line_start = (box.paragraph_index, box.start_offset)
            line_end = (box.paragraph_index, box.end_offset)
            if line_end < start or line_start >= end:
                continue
            lo = max(start, line_start)[1] if max(start, line_start)[0] == box.paragraph_index else box.start_offset
            x0 = self._x_of(line, lo)
            if end <= line_end and end[0] == box.paragraph_index:
                x1 = self._x_of(line, end[1])
            else:
                x1 = max([g[2] for g in line.glyphs] + [x0]) + line.size_pt * 0.3
            if x1 > x0:
                out.append((line.page_index, Rect(x0, box.top_pt, x1 - x0, box.height_pt)))
        return out
