"""文本框重叠: two frames whose text is printed on top of each other.

A 直接复制 (Ctrl+D) copy left lying over its original, or two articles'
frames pushed into each other, print text over text; on screen the blue
frame outlines hide it, on paper nothing can be read there. The check is
made on the laid-out text, not on the frames' rectangles: frames may
overlap as long as no two of them draw text in the same place, so frames
that only touch, a frame over an empty one, text wrapped around a photo and
a caption over a photo are all fine.

Each laid-out line (``PageLayout.lines``; a photo's caption is a line of
the photo frame) has an ink box: from its first to its last visible glyph
(``GlyphRun.box_left_pt``/``box_width_pt``), and over its glyphs' em boxes
(``EM_ABOVE_BASELINE``, ``EM_BELOW_BASELINE``). Two frames are reported when a
line of one and a line of the other overlap by more than ``MIN_OVERLAP_PT``
both ways — once per page and pair, the frame in front named as the finding's
(跳转 selects it: usually the copy to move or delete). Master items shown on
a page count like the page's own frames (a page frame over the running head
is found); two master items stacked on each other are reported once, at the
first page showing them. There is no 修复: which frame should move, and
where, only the user can say.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Iterable, Iterator, Sequence

from editor.layout.display import DocumentLayout, GlyphRun, LineBox, PageLayout
from editor.layout.masters import is_instance, master_item
from editor.model.document import Document
from editor.model.frames import Frame, ImageFrame, frame_story_ids
from editor.model.geometry import Rect
from editor.model.labels import story_label
from editor.preflight.findings import TEXT_OVERLAP, WARNING, Finding, PreflightSettings
from editor.preflight.places import laid_out

#: A glyph's box, in ems of its size, up from the baseline and down below it: the ideographic em
#: box of a CJK face (its typo ascender and descender; ``fontmetrics`` takes 0.88 where a face
#: does not say). An ideograph's strokes fill it nearly to its edges.
EM_ABOVE_BASELINE = 0.88
EM_BELOW_BASELINE = 0.12
#: Ink boxes overlapping by no more than this either way do not count (frames that touch).
MIN_OVERLAP_PT = 1.0
#: Text areas closer than this may hold overlapping text (a line set on tighter leading than its
#: size inks a little past its frame); areas further apart are not looked into.
AREA_MARGIN_PT = 2.0
#: Baselines are matched to this many decimals (runs and their line are set from one value).
_BASELINE_DIGITS = 3

#: (story id, paragraph index, rounded baseline) → the glyph runs set there.
_RunIndex = dict[tuple[str, int, float], list[GlyphRun]]


def _run_index(page: PageLayout) -> _RunIndex:
    index: _RunIndex = {}
    for item in page.items:
        if isinstance(item, GlyphRun):
            key = (item.story_id, item.paragraph_index, round(item.baseline_pt, _BASELINE_DIGITS))
            index.setdefault(key, []).append(item)
    return index


def _line_runs(line: LineBox, runs: _RunIndex) -> Iterator[GlyphRun]:
    """The glyph runs of ``line``: its paragraph's runs on its baseline, starting inside it."""
    key = (line.story_id, line.paragraph_index, round(line.baseline_pt, _BASELINE_DIGITS))
    for run in runs.get(key, ()):
        if (run.char_offsets and line.start_offset <= run.char_offsets[0] < line.end_offset
                and line.left_pt - MIN_OVERLAP_PT <= run.box_left_pt[0] <= line.right_pt + MIN_OVERLAP_PT):
            yield run


def _ink(runs: Iterable[GlyphRun]) -> Rect | None:
    """Where the visible glyphs of ``runs`` put ink; None when they are all blank."""
    left = top = float("inf")
    right = bottom = float("-inf")
    for run in runs:
        shown = [index for index, char in enumerate(run.text) if not char.isspace()]
        if not shown:
            continue
        left = min(left, min(run.box_left_pt[index] for index in shown))
        right = max(right, max(run.box_left_pt[index] + run.box_width_pt[index] for index in shown))
        top = min(top, run.baseline_pt - EM_ABOVE_BASELINE * run.size_pt)
        bottom = max(bottom, run.baseline_pt + EM_BELOW_BASELINE * run.size_pt)
    return Rect(left, top, right - left, bottom - top) if right > left else None


def frame_inks(page: PageLayout, frame_ids: Collection[str] | None = None) -> dict[str, list[Rect]]:
    """Frame id → the ink box of each of its lines on ``page`` that shows a glyph (a caption's lines
    are its photo frame's); only of ``frame_ids`` when given."""
    runs = _run_index(page)
    inks: dict[str, list[Rect]] = {}
    for line in page.lines:
        if line.end_offset <= line.start_offset or (frame_ids is not None and line.frame_id not in frame_ids):
            continue
        ink = _ink(_line_runs(line, runs))
        if ink is not None:
            inks.setdefault(line.frame_id, []).append(ink)
    return inks


def _crowded(page: PageLayout) -> set[str]:
    """The frames (and captioned photos) whose text area meets another's, give or take
    ``AREA_MARGIN_PT``: the only ones whose text can overlap, so only their glyphs are looked at
    (on most pages none)."""
    areas = [(area.frame_id, area.rect.expanded(AREA_MARGIN_PT)) for area in page.areas]
    crowded: set[str] = set()
    for position, (first_id, first) in enumerate(areas):
        for second_id, second in areas[position + 1:]:
            if first_id != second_id and first.overlaps(second):
                crowded.update((first_id, second_id))
    return crowded


def _overlap(a: Rect, b: Rect) -> bool:
    """Whether ``a`` and ``b`` share more than ``MIN_OVERLAP_PT`` both ways."""
    return (min(a.right_pt, b.right_pt) - max(a.x_pt, b.x_pt) > MIN_OVERLAP_PT
            and min(a.bottom_pt, b.bottom_pt) - max(a.y_pt, b.y_pt) > MIN_OVERLAP_PT)


def stacked_pairs(page: PageLayout, frame_order: Sequence[str]) -> list[tuple[str, str]]:
    """(back frame id, front frame id) of every two frames on ``page`` whose text overlaps;
    ``frame_order`` is the page's frames back to front."""
    crowded = _crowded(page)
    inks = frame_inks(page, crowded) if crowded else {}
    ids = [frame_id for frame_id in frame_order if frame_id in inks]
    bounds = {frame_id: functools.reduce(Rect.union, inks[frame_id]) for frame_id in ids}
    pairs: list[tuple[str, str]] = []
    for position, back in enumerate(ids):
        for front in ids[position + 1:]:
            if _overlap(bounds[back], bounds[front]) and any(
                    _overlap(a, b) for a in inks[back] if _overlap(a, bounds[front]) for b in inks[front]):
                pairs.append((back, front))
    return pairs


def _story_of(frame: Frame) -> str | None:
    """The story whose text the frame draws: its own, or its photo's caption."""
    return next(iter(frame_story_ids(frame)), None)


def _subject(doc: Document, frame: Frame) -> str:
    """文章“…” or 图片说明“…”."""
    noun = "图片说明" if isinstance(frame, ImageFrame) else "文章"
    return f"{noun}“{story_label(doc, _story_of(frame) or '')}”"


def _message(doc: Document, page: int, back: Frame, front: Frame) -> str:
    first, second = _subject(doc, back), _subject(doc, front)
    where = (f"第 {page} 页有两个文本框都排着{first}，彼此重叠" if first == second
             else f"第 {page} 页{first}与{second}重叠")
    advice = ("两个框都来自主页，请在主页上移开其中一个。" if is_instance(back.id) and is_instance(front.id)
              else "请移开其中一个，或删去多余的副本。")
    return f"{where}，文字会叠印在一起。{advice}"


def check(doc: Document, layout: DocumentLayout, settings: PreflightSettings) -> list[Finding]:
    """One warning per page and pair of frames whose text overlaps (a pair of master items: once)."""
    shown = laid_out(doc, layout)
    reported_masters: set[tuple[str, str]] = set()
    findings: list[Finding] = []
    for page in layout.pages:
        if page.index >= len(shown.pages):
            continue
        frames = {frame.id: frame for frame in shown.pages[page.index].frames}
        for back_id, front_id in stacked_pairs(page, list(frames)):
            if is_instance(back_id) and is_instance(front_id):
                key = (master_item(back_id), master_item(front_id))
                if key in reported_masters:
                    continue
                reported_masters.add(key)
            back, front = frames[back_id], frames[front_id]
            number = page.index + 1
            findings.append(Finding(TEXT_OVERLAP, WARNING, _message(shown, number, back, front), number,
                                    front_id, _story_of(front)))
    return findings
