"""What goes on each DOCX page: text boxes, pictures and shapes, in stacking order.

This is the one place that turns the layout into Word objects, with no XML:
frame geometry and colours come from the model, line placement, photo crops
and rules from the layout. Two ways of carrying text are planned here
(``docs/docx.md`` compares them):

- ``per_box``: every box holds the text our engine set in it, so Word and
  LibreOffice only rebreak lines inside a box and nothing moves between boxes;
- ``linked``: the boxes of a story form one chain (``wps:linkedTxbx``) whose
  first box holds the whole story, so text edited in Word flows on.

A frame with several columns becomes one box per column rectangle
(LibreOffice 7.4 ignores ``bodyPr numCol`` and would set them as one wide
column; ``columns="native"`` keeps a single ``numCol`` box for Word). Where
text wraps around a photo, Word cannot narrow lines inside a text box (text
boxes ignore other floating objects), so such a column becomes one box per
band of equally wide lines, each exactly where our lines are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise
from typing import Literal

from editor.layout.charformat import FALLBACK_PARAGRAPH_STYLE, resolve_color
from editor.layout.display import RGB, BoxItem, DocumentLayout, ImageItem, LineBox, PageLayout, Rect, RuleItem, TextArea
from editor.layout.engine import wrap_boxes
from editor.layout.jumps import JumpKind, body_style_name, jump_style
from editor.model.document import Document
from editor.model.frames import ImageFrame, Insets, ShapeFrame, TextFrame
from editor.model.story import Paragraph
from editor.model.styles import ParagraphStyle

TextFlow = Literal["per_box", "linked"]
#: ``split``: a box per column; ``native``: one box with ``bodyPr numCol`` (LibreOffice 7.4 ignores it).
ColumnMode = Literal["split", "native"]

#: Two spans closer than this (points) are the same band.
_SAME_PT = 0.05


@dataclass(frozen=True)
class Fragment:
    """Characters ``[start, end)`` of one paragraph (``end`` None: to its end)."""

    paragraph_index: int
    start: int
    end: int | None
    #: The page the text lands on (for page-number fields), 1-based.
    page_number: int


@dataclass(frozen=True)
class JumpText:
    """A continuation line (「（下转第3版）」): literal text set in ``style``, a variant of ``style_name``."""

    text: str
    #: ``down`` (下转, at the foot of its frame) or ``up`` (上接, at the head).
    kind: JumpKind
    style_name: str
    style: ParagraphStyle


@dataclass
class TextBox:
    """A floating text box at a page position."""

    frame_id: str
    story_id: str
    page_index: int
    rect: Rect
    insets: Insets
    columns: int = 1
    gutter_pt: float = 0.0
    vertical_align: str = "top"
    fill: RGB | None = None
    stroke: RGB | None = None
    stroke_width_pt: float = 0.0
    #: The text this box holds; in a chain only the head holds any.
    fragments: list[Fragment] = field(default_factory=list)
    #: Linked chain number (shared by the boxes of one story) and place in it (0 = head).
    chain_id: int | None = None
    chain_seq: int = 0
    is_caption: bool = False
    #: Let the box grow downwards when edited text no longer fits (``spAutoFit``).
    grow: bool = False
    #: A box holding only a continuation line, not story text (its ``story_id`` is empty).
    jump: JumpText | None = None


@dataclass(frozen=True)
class Picture:
    """A photo showing ``crop`` (fractions of the upright image cut from each side) in ``rect``."""

    frame_id: str
    asset: str
    rotation_deg: int
    rect: Rect
    crop: tuple[float, float, float, float]
    stroke: RGB | None
    stroke_width_pt: float


@dataclass(frozen=True)
class Shape:
    """A rule or a box exactly as the display list draws it."""

    item: RuleItem | BoxItem


PageObject = TextBox | Picture | Shape


@dataclass
class PagePlan:
    index: int
    width_pt: float
    height_pt: float
    objects: list[PageObject] = field(default_factory=list)


def plan_document(doc: Document, layout: DocumentLayout, flow: TextFlow = "linked",
                  columns: ColumnMode = "split") -> list[PagePlan]:
    """Every page's objects, back to front, with text assigned to boxes as ``flow`` says."""
    plans = [_plan_page(doc, layout.pages[index], index, columns) for index in range(len(doc.pages))]
    boxes = [obj for plan in plans for obj in plan.objects if isinstance(obj, TextBox)]
    if flow == "linked":
        _chain_stories(doc, layout, boxes)
    else:
        _append_overset(doc, layout, boxes)
    _let_tails_grow(boxes, set(layout.overset_story_ids))
    _lengthen_chain_tails(doc, plans, boxes)
    return plans


# ---------------------------------------------------------------- pages


def _plan_page(doc: Document, page: PageLayout, index: int, columns: ColumnMode) -> PagePlan:
    plan = PagePlan(index, page.width_pt, page.height_pt)
    areas = {(area.frame_id, area.is_caption): area for area in page.areas}
    used: set[int] = set()
    for frame in doc.pages[index].frames:
        if isinstance(frame, TextFrame):
            area = areas.get((frame.id, False))
            if area is not None:
                story_boxes = _text_frame(doc, page, frame, area, columns)
                jumps = _jump_boxes(doc, page, frame)
                _make_room_for_jumps(story_boxes, jumps)
                plan.objects.extend(story_boxes + jumps)
        elif isinstance(frame, ImageFrame):
            plan.objects.extend(_image_frame(doc, page, frame, used))
            caption = areas.get((frame.id, True))
            if caption is not None:
                plan.objects.append(_caption(page, caption))
        elif isinstance(frame, ShapeFrame):
            plan.objects.extend(Shape(item) for item in _shape_items(page, frame, used))
    return plan


def _lines_of(page: PageLayout, frame_id: str, story_id: str) -> list[LineBox]:
    return [line for line in page.lines if line.frame_id == frame_id and line.story_id == story_id]


def _fragments(lines: list[LineBox], page_number: int) -> list[Fragment]:
    """Consecutive lines of one paragraph become one fragment."""
    fragments: list[Fragment] = []
    for line in lines:
        last = fragments[-1] if fragments else None
        if last is not None and last.paragraph_index == line.paragraph_index and last.end == line.start_offset:
            fragments[-1] = Fragment(last.paragraph_index, last.start, line.end_offset, page_number)
        else:
            fragments.append(Fragment(line.paragraph_index, line.start_offset, line.end_offset, page_number))
    return fragments


def _outer_span(doc: Document, line: LineBox) -> tuple[float, float]:
    """The span a line was given before its paragraph's indents: column minus wraps."""
    paragraph = doc.stories[line.story_id].paragraphs[line.paragraph_index]
    style = doc.paragraph_styles.get(paragraph.style, FALLBACK_PARAGRAPH_STYLE)
    left = line.left_pt - style.left_indent_pt
    if line.start_offset == 0:
        left -= style.first_line_indent_chars * style.size_pt
    return left, line.right_pt + style.right_indent_pt


def _text_frame(doc: Document, page: PageLayout, frame: TextFrame, area: TextArea,
                columns: ColumnMode) -> list[PageObject]:
    fill = resolve_color(doc, frame.fill)
    stroke = resolve_color(doc, frame.stroke) if frame.stroke_width_pt > 0 else None
    lines = _lines_of(page, frame.id, frame.story_id)
    wraps = [box for frame_id, box in wrap_boxes(doc.pages[page.index]) if frame_id != frame.id]
    narrowed = {
        line.column_index for line in lines
        if (span := _outer_span(doc, line))[0] > area.column_rects[line.column_index].x_pt + _SAME_PT
        or span[1] < area.column_rects[line.column_index].right_pt - _SAME_PT
    } | {
        line.column_index for previous, line in pairwise(lines)
        if _jumped_over(doc, previous, line, area.column_rects[line.column_index], wraps)
    } | {
        index for index, column in enumerate(area.column_rects)
        if _ends_blocked(column, [line for line in lines if line.column_index == index], wraps)
    }
    if not narrowed and (len(area.column_rects) == 1 or columns == "native"):
        return [TextBox(frame.id, frame.story_id, page.index, area.rect, frame.insets, frame.columns,
                        frame.gutter_pt, frame.vertical_align, fill, stroke, frame.stroke_width_pt,
                        _fragments(lines, page.index + 1))]
    # One box per column (and per band where text wraps): the frame's fill and outline go behind them.
    objects: list[PageObject] = []
    if fill is not None or stroke is not None:
        objects.append(Shape(BoxItem(area.rect, fill, stroke, frame.stroke_width_pt)))
    for column_index, column in enumerate(area.column_rects):
        column_lines = [line for line in lines if line.column_index == column_index]
        if column_index in narrowed:
            objects.extend(_bands(doc, frame, page.index, column, column_lines, wraps))
        else:
            objects.append(TextBox(frame.id, frame.story_id, page.index, column, Insets(),
                                   vertical_align=frame.vertical_align,
                                   fragments=_fragments(column_lines, page.index + 1)))
    return objects


def _bands(doc: Document, frame: TextFrame, page_index: int, column: Rect, lines: list[LineBox],
           wraps: list[Rect]) -> list[TextBox]:
    """One box per run of lines that share a span with no wrap box between them; the first and
    last reach the column's edges unless a wrap box lies between their lines and that edge."""
    groups: list[tuple[tuple[float, float], list[LineBox]]] = []
    for line in lines:
        span = _outer_span(doc, line)
        if (groups and abs(groups[-1][0][0] - span[0]) <= _SAME_PT and abs(groups[-1][0][1] - span[1]) <= _SAME_PT
                and not _jumped_over(doc, groups[-1][1][-1], line, column, wraps)):
            groups[-1][1].append(line)
        else:
            groups.append((span, [line]))
    if not groups:
        return [TextBox(frame.id, frame.story_id, page_index, column, Insets(), vertical_align="top")]
    boxes: list[TextBox] = []
    for number, ((left, right), members) in enumerate(groups):
        top, bottom = members[0].top_pt, members[-1].top_pt + members[-1].height_pt
        if number == 0 and not _wrap_across(left, right, column.y_pt, top, wraps):
            top = column.y_pt
        if number == len(groups) - 1 and not _wrap_across(left, right, bottom, column.bottom_pt, wraps):
            bottom = column.bottom_pt
        boxes.append(TextBox(frame.id, frame.story_id, page_index, Rect(left, top, right - left, bottom - top),
                             Insets(), vertical_align="top", fragments=_fragments(members, page_index + 1)))
    return boxes


def _jumped_over(doc: Document, previous: LineBox, line: LineBox, column: Rect, wraps: list[Rect]) -> bool:
    """Whether ``line`` was set below a wrap box that lies across ``column`` after ``previous``.

    Such lines keep the column's width, but the text jumped over the box; Word and LibreOffice
    would set it straight on, so the column needs a box above the wrap box and one below it.
    The gap must be more than the paragraphs' own spacing (a baseline grid, not a wrap, may
    make that larger).
    """
    if line.column_index != previous.column_index:
        return False
    gap_top, gap_bottom = previous.top_pt + previous.height_pt, line.top_pt
    spacing = 0.0
    if line.paragraph_index != previous.paragraph_index:
        paragraphs = doc.stories[line.story_id].paragraphs
        styles = doc.paragraph_styles
        spacing = (styles.get(paragraphs[previous.paragraph_index].style, FALLBACK_PARAGRAPH_STYLE).space_after_pt
                   + styles.get(paragraphs[line.paragraph_index].style, FALLBACK_PARAGRAPH_STYLE).space_before_pt)
    if gap_bottom - gap_top <= spacing + _SAME_PT:
        return False
    return _wrap_across(column.x_pt, column.right_pt, gap_top, gap_bottom, wraps)


def _ends_blocked(column: Rect, lines: list[LineBox], wraps: list[Rect]) -> bool:
    """Whether a wrap box lies across ``column`` above its first line or below its last.

    The layout set the column's text below a photo over its top (or stopped it above one over
    its foot), keeping the column's width; a box reaching the column's edge would have Word and
    LibreOffice set text under the photo, and, in a chain, keep text that belongs further on.
    """
    if not lines:
        return False
    first, last = lines[0], lines[-1]
    return (_wrap_across(column.x_pt, column.right_pt, column.y_pt, first.top_pt, wraps)
            or _wrap_across(column.x_pt, column.right_pt, last.top_pt + last.height_pt, column.bottom_pt, wraps))


def _wrap_across(left_pt: float, right_pt: float, top_pt: float, bottom_pt: float, wraps: list[Rect]) -> bool:
    """Whether a wrap box overlaps the strip from ``top_pt`` to ``bottom_pt`` between ``left_pt`` and ``right_pt``
    (a strip thinner than ``_SAME_PT`` overlaps nothing)."""
    if bottom_pt - top_pt <= _SAME_PT:
        return False
    return any(box.x_pt < right_pt and left_pt < box.right_pt and box.y_pt < bottom_pt and top_pt < box.bottom_pt
               for box in wraps)


def _jump_boxes(doc: Document, page: PageLayout, frame: TextFrame) -> list[TextBox]:
    """A box of its own for each continuation line the layout set in this frame, exactly on its line.

    Continuation lines are not story text, so they stay out of the story's boxes and chain
    (Word would otherwise flow them on with the text); each is one paragraph in the body
    style's font at the small size, right or left as the layout set it.
    """
    story = doc.stories.get(frame.story_id)
    if story is None:
        return []
    name = body_style_name(story)
    body = doc.paragraph_styles.get(name, FALLBACK_PARAGRAPH_STYLE)
    boxes: list[TextBox] = []
    for line in page.lines:
        if not line.jump_text or line.frame_id != frame.id:
            continue
        kind: JumpKind = "down" if line.alignment == "right" else "up"  # as jumps.jump_alignment sets them
        rect = Rect(line.left_pt, line.top_pt, line.right_pt - line.left_pt, line.height_pt)
        jump = JumpText(line.jump_text, kind, name, jump_style(body, kind))
        boxes.append(TextBox(frame.id, "", page.index, rect, Insets(), jump=jump))
    return boxes


def _make_room_for_jumps(objects: list[PageObject], jumps: list[TextBox]) -> None:
    """Cut each continuation line's band off the story box it sits in.

    Word and LibreOffice rebreak the text of a box (and flow a chain on from box to box)
    without knowing our reservation, so the story box must end above a 「下转」 line and begin
    below an 「上接」 line, as the layout's columns did. (With ``columns="native"`` the cut
    applies to every column of the box.)
    """
    for jump in jumps:
        line = jump.rect
        middle = line.y_pt + line.height_pt / 2.0
        for box in objects:
            if not isinstance(box, TextBox) or box.jump is not None:
                continue
            rect = box.rect
            if not (rect.x_pt < line.right_pt and line.x_pt < rect.right_pt and rect.y_pt <= middle <= rect.bottom_pt):
                continue
            if jump.jump is not None and jump.jump.kind == "down":  # 下转: at the foot
                bottom = line.y_pt + box.insets.bottom_pt
                box.rect = Rect(rect.x_pt, rect.y_pt, rect.width_pt, max(bottom - rect.y_pt, 0.0))
            else:  # 上接: at the head
                top = line.bottom_pt - box.insets.top_pt
                box.rect = Rect(rect.x_pt, top, rect.width_pt, max(rect.bottom_pt - top, 0.0))


def _caption(page: PageLayout, area: TextArea) -> TextBox:
    lines = _lines_of(page, area.frame_id, area.story_id)
    return TextBox(area.frame_id, area.story_id, page.index, area.rect, Insets(), vertical_align="top",
                   fragments=_fragments(lines, page.index + 1), is_caption=True)


def _image_frame(doc: Document, page: PageLayout, frame: ImageFrame, used: set[int]) -> list[PageObject]:
    stroke = resolve_color(doc, frame.stroke) if frame.stroke_width_pt > 0 else None
    item = next((i for i in page.items if isinstance(i, ImageItem) and i.frame_id == frame.id), None)
    if item is None:
        # No readable photo: the layout drew a placeholder box (and cross) instead.
        return [Shape(i) for i in _shape_items(page, frame, used, placeholder=True)]
    clip, shown = item.clip_rect, item.image_rect
    x0, y0 = max(clip.x_pt, shown.x_pt), max(clip.y_pt, shown.y_pt)
    x1, y1 = min(clip.right_pt, shown.right_pt), min(clip.bottom_pt, shown.bottom_pt)
    if x1 <= x0 or y1 <= y0 or shown.width_pt <= 0 or shown.height_pt <= 0:
        return []
    crop = (
        (x0 - shown.x_pt) / shown.width_pt,
        (y0 - shown.y_pt) / shown.height_pt,
        (shown.right_pt - x1) / shown.width_pt,
        (shown.bottom_pt - y1) / shown.height_pt,
    )
    visible = Rect(x0, y0, x1 - x0, y1 - y0)
    objects: list[PageObject] = [Picture(frame.id, item.asset, item.rotation_deg, visible, crop, None, 0.0)]
    if stroke is not None:
        # The frame's outline belongs to the frame, which a "fit" photo may not fill.
        objects.append(Shape(BoxItem(clip, None, stroke, frame.stroke_width_pt)))
    return objects


def _same_rect(a: Rect, b: Rect) -> bool:
    return all(abs(p - q) <= _SAME_PT for p, q in
               ((a.x_pt, b.x_pt), (a.y_pt, b.y_pt), (a.width_pt, b.width_pt), (a.height_pt, b.height_pt)))


def _shape_items(page: PageLayout, frame: ShapeFrame | ImageFrame, used: set[int],
                 placeholder: bool = False) -> list[RuleItem | BoxItem]:
    """The rules and boxes the layout drew for this frame (matched by geometry, each used once)."""
    rect = Rect(frame.x_pt, frame.y_pt, frame.width_pt, frame.height_pt)
    found: list[RuleItem | BoxItem] = []
    for item in page.items:
        if id(item) in used:
            continue
        if isinstance(item, BoxItem) and _same_rect(item.rect, rect):
            pass
        elif isinstance(item, RuleItem) and (placeholder or isinstance(frame, ShapeFrame)):
            ends = sorted([(item.x1_pt, item.y1_pt), (item.x2_pt, item.y2_pt)])
            box = Rect(ends[0][0], min(item.y1_pt, item.y2_pt), ends[1][0] - ends[0][0],
                       abs(item.y2_pt - item.y1_pt))
            if not _same_rect(box, rect):
                continue
        else:
            continue
        used.add(id(item))
        found.append(item)
        if not placeholder:
            break
    return found


# ---------------------------------------------------------------- text flow


def _story_boxes(doc: Document, boxes: list[TextBox]) -> dict[str, list[TextBox]]:
    """Each story's body boxes in thread order (captions are never threaded)."""
    order: dict[str, int] = {}
    for story_id in doc.stories:
        for number, frame in enumerate(doc.story_frames(story_id)):
            order[frame.id] = number
    position = {id(box): number for number, box in enumerate(boxes)}
    by_story: dict[str, list[TextBox]] = {}
    for box in boxes:
        if not box.is_caption and box.jump is None:
            by_story.setdefault(box.story_id, []).append(box)
    for story_boxes in by_story.values():
        story_boxes.sort(key=lambda b: (order.get(b.frame_id, 0), position[id(b)]))
    return by_story


def _paragraph_pages(layout: DocumentLayout, story_id: str) -> dict[int, int]:
    """1-based page each paragraph of a story starts on."""
    pages: dict[int, int] = {}
    for page in layout.pages:
        for line in page.lines:
            if line.story_id == story_id:
                pages.setdefault(line.paragraph_index, page.index + 1)
    return pages


def paragraph_length(paragraph: Paragraph) -> int:
    """Offsets in a paragraph: one per character, one per field."""
    return sum(1 if run.field is not None else len(run.text) for run in paragraph.runs)


def _chain_stories(doc: Document, layout: DocumentLayout, boxes: list[TextBox]) -> None:
    """Link each story's boxes; the head holds the whole story, the rest follow."""
    for chain_id, (story_id, story_boxes) in enumerate(_story_boxes(doc, boxes).items(), start=1):
        pages = _paragraph_pages(layout, story_id)
        head = story_boxes[0]
        head.fragments = [
            Fragment(index, 0, None, pages.get(index, head.page_index + 1))
            for index in range(len(doc.stories[story_id].paragraphs))
        ]
        if len(story_boxes) == 1:
            continue
        for seq, box in enumerate(story_boxes):
            box.chain_id = chain_id
            box.chain_seq = seq
            if seq:
                box.fragments = []


def _let_tails_grow(boxes: list[TextBox], overset: set[str]) -> None:
    """Boxes where text has nowhere further to flow grow instead of hiding it.

    Word and LibreOffice hide text that overflows a fixed box, silently. The
    layout's text fits every box, so a box only grows after an edit, and then
    the overflow shows instead of vanishing. Boxes with a fill or an outline,
    or with text centred or at the bottom, keep their size: growing would
    change how they look. A story that is already overset keeps its boxes
    too, so the DOCX hides that text exactly as the PDF does (it stays in
    the file, as it stays in the project).
    """
    followed = {(box.chain_id, box.chain_seq - 1) for box in boxes if box.chain_id is not None and box.chain_seq}
    for box in boxes:
        is_tail = box.chain_id is None or (box.chain_id, box.chain_seq) not in followed
        plain = box.fill is None and box.stroke is None and box.vertical_align == "top"
        box.grow = is_tail and plain and box.story_id not in overset and box.jump is None


def _bottom_margin_pt(doc: Document, plan: PagePlan) -> float:
    """Where the page's bottom margin starts, from the top (its master's margins, else the document's)."""
    master = doc.master_of(doc.pages[plan.index])
    margins = master.margins if master is not None else doc.margins
    return plan.height_pt - margins.bottom_pt


def _lengthen_chain_tails(doc: Document, plans: list[PagePlan], boxes: list[TextBox]) -> None:
    """The last box of each linked chain reaches down to the bottom margin.

    Word does not grow the last box of a linked chain (``spAutoFit`` is ignored
    there), so text added in Word would vanish below it. A growing tail is
    transparent and top-aligned (``_let_tails_grow``), so making it taller
    moves nothing that is drawn; it only gives added text room to show. It
    stops at a photo (or other wrap box) below it, whose text would run under it.
    """
    for box in boxes:
        if box.chain_id is None or not box.grow:
            continue
        rect = box.rect
        wraps = [wrap for frame_id, wrap in wrap_boxes(doc.pages[box.page_index]) if frame_id != box.frame_id]
        bottom_pt = min([_bottom_margin_pt(doc, plans[box.page_index])]
                        + [wrap.y_pt for wrap in wraps if wrap.y_pt >= rect.bottom_pt - _SAME_PT
                           and wrap.x_pt < rect.right_pt and rect.x_pt < wrap.right_pt])
        if bottom_pt > rect.bottom_pt:
            box.rect = Rect(rect.x_pt, rect.y_pt, rect.width_pt, bottom_pt - rect.y_pt)


def _append_overset(doc: Document, layout: DocumentLayout, boxes: list[TextBox]) -> None:
    """Text our engine could not place goes into the story's last box: kept, if hidden."""
    for story_id, story_boxes in _story_boxes(doc, boxes).items():
        summary = layout.stories.get(story_id)
        if summary is None or not summary.overset:
            continue
        last = story_boxes[-1]
        paragraphs = doc.stories[story_id].paragraphs
        placed = [f for box in story_boxes for f in box.fragments]
        if placed:
            tail = placed[-1]
            next_index = tail.paragraph_index + 1
            if tail.end is not None and tail.end < paragraph_length(paragraphs[tail.paragraph_index]):
                last.fragments.append(Fragment(tail.paragraph_index, tail.end, None, last.page_index + 1))
        else:
            next_index = 0
        last.fragments.extend(Fragment(i, 0, None, last.page_index + 1) for i in range(next_index, len(paragraphs)))
