"""Compose a whole document into per-page display lists.

``layout_document(doc)`` is the one place where layout happens. Stories
are flowed independently (wraps depend only on frame geometry), then each
page's frames are walked back to front to produce its display list:
frame fills, photos, glyph runs, rules. An empty photo frame contributes
nothing printable (the canvas marks it on screen); a frame whose photo cannot
be used (damaged, foreign, too large, lost from the file) gets a printed
placeholder where the photo would be, and a note naming the photo and its
page, so every backend draws the same placeholder and an export goes on.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from editor.errors import BanmianError, PhotoError, display_name
from editor.layout import chars as cc
from editor.layout.charformat import FaceResolver, FormatResolver, resolve_color
from editor.layout.display import (
    RGB,
    BoxItem,
    DisplayItem,
    DocumentLayout,
    GlyphRun,
    ImageItem,
    LineBox,
    PageLayout,
    PhotoProblem,
    Rect,
    RuleItem,
    StoryLayout,
    TextArea,
)
from editor.layout.flow import FlowArea, PlacedLine, PlacementMemo
from editor.layout.images import caption_rect, image_rect
from editor.layout.jumps import flow_with_jumps, placed_jump_line
from editor.layout.linebreak import set_line
from editor.layout.masters import expand_masters, expand_page, expanded_document, master_item
from editor.layout.textprep import PreparedParagraph, prepare_paragraph
from editor.model.assets import byte_size
from editor.model.changes import Revisions, revisions
from editor.model.document import Document, IssueFields, Page, thread_order
from editor.model.frames import Frame, ImageFrame, ShapeFrame, TextFrame, text_frame_columns
from editor.model.story import Paragraph, Story

#: (width_px, height_px, dpi) of an asset's upright photo; None, or a ``BanmianError``
#: raised (its ``reason``, if it has one, is reported), when the photo cannot be used.
PhotoMeasure = Callable[[str, bytes], "tuple[int, int, tuple[float, float] | None] | None"]

_PLACEHOLDER_FILL: RGB = (0.88, 0.88, 0.88)
_PLACEHOLDER_LINE: RGB = (0.6, 0.6, 0.6)


@functools.lru_cache(maxsize=1)
def default_faces() -> FaceResolver:
    """The process-wide font registry (bundled fonts, Windows names, system fonts)."""
    from editor.layout.font_registry import FontRegistry

    return FontRegistry()


#: Photo sizes, or why a photo cannot be used, by asset name. Asset names are content
#: hashes, so an entry never goes stale. (A reason is kept as text: an exception would
#: keep the photo's bytes alive through its traceback.)
_photo_sizes: dict[tuple[str, int], tuple[int, int, tuple[float, float] | None] | str] = {}
#: Why a photo is not drawn when its measure gives no reason.
_UNREADABLE = "无法读取"
MISSING_PHOTO = "项目文件中缺少这张图片"


def _measure_photo(name: str, data: bytes) -> tuple[int, int, tuple[float, float] | None]:
    """The header's size (``editor.io.photos.read_photo_info``: no pixels decoded), remembered."""
    key = (name, len(data))
    if key not in _photo_sizes:
        from editor.io.photos import read_photo_info

        try:
            info = read_photo_info(data, name)
            _photo_sizes[key] = (info.width_px, info.height_px, info.dpi)
        except BanmianError as problem:
            _photo_sizes[key] = getattr(problem, "reason", "") or _UNREADABLE
    size = _photo_sizes[key]
    if isinstance(size, str):
        raise PhotoError(size)
    return size


def _measure_photo_ends(name: str, assets: Mapping[str, bytes]) -> tuple[int, int, tuple[float, float] | None] | None:
    """The size from the photo's first and last bytes, when the mapping reads just those (a photo in
    the project file, ``ProjectPhotos.photo_ends``) and they tell what the whole would
    (``editor.io.photos.read_photo_info_of_ends``), remembered; else None: the photo is read whole."""
    read_ends = getattr(assets, "photo_ends", None)
    if read_ends is None:
        return None
    from editor.io.photos import PHOTO_HEAD_BYTES, PHOTO_TAIL_BYTES, read_photo_info_of_ends

    ends = read_ends(name, PHOTO_HEAD_BYTES, PHOTO_TAIL_BYTES)
    info = read_photo_info_of_ends(*ends, name) if ends is not None else None
    if info is None:
        return None
    _photo_sizes[(name, ends[2])] = size = (info.width_px, info.height_px, info.dpi)
    return size


def _photo_size(measure: PhotoMeasure, frame: ImageFrame, assets: Mapping[str, bytes]
                ) -> tuple[tuple[int, int, tuple[float, float] | None] | None, str]:
    """(size, "") for a usable photo, or (None, why not).

    A photo the default measure has seen (by name and length) is answered without its bytes:
    a project's photos are read from the file when asked (``editor.io.lazy_assets``), and a
    relayout that rebuilds every page must not read them all again."""
    name = frame.asset or ""
    if name not in assets:
        return None, MISSING_PHOTO
    if measure is _measure_photo:
        known = _photo_sizes.get((name, byte_size(assets, name))) or _measure_photo_ends(name, assets)
        if known is not None:
            return (None, known) if isinstance(known, str) else (known, "")
    data = assets.get(name)
    if data is None:
        return None, MISSING_PHOTO
    try:
        size = measure(frame.asset or "", data)
    except BanmianError as problem:  # a refusal's reason; the whole sentence of another error
        return None, getattr(problem, "reason", "") or problem.message
    return (size, "") if size is not None else (None, _UNREADABLE)


def placed_photo_size(frame: ImageFrame, assets: Mapping[str, bytes]
                      ) -> tuple[int, int, tuple[float, float] | None] | None:
    """(width_px, height_px, dpi) of the photo ``frame`` shows, from its header as the layout read it
    (remembered: no bytes read twice); None when there is none or it cannot be used."""
    return _photo_size(_measure_photo, frame, assets)[0]


def photo_subject(frame: Frame | None, page_number: int) -> str:
    """第 3 页的图片“IMG_2041.jpg”, or 第 3 页的图片 when the file name was not kept."""
    name = frame.source_name.strip() if isinstance(frame, ImageFrame) else ""
    return f"第 {page_number} 页的图片“{display_name(name)}”" if name else f"第 {page_number} 页的图片"


def wrap_boxes(page: Page) -> list[tuple[str, Rect]]:
    """(frame id, box) of every frame on ``page`` that text must wrap around."""
    boxes: list[tuple[str, Rect]] = []
    for frame in page.frames:
        if frame.wrap.mode != "around":
            continue
        box = Rect(frame.x_pt, frame.y_pt, frame.width_pt, frame.height_pt)
        if isinstance(frame, ImageFrame):
            caption_box = caption_rect(frame)
            if caption_box is not None:
                box = box.union(caption_box)
        boxes.append((frame.id, box.expanded(frame.wrap.gap_pt)))
    return boxes


@dataclass
class PageAreas:
    """What one page gives the stories set on it: the areas of its text frames and caption boxes.

    A text frame's area depends only on the frame and the wrap boxes of its page, so a page's
    areas are made from that page alone; a story's areas (``thread_areas``) are then its
    frames' in thread order, which may cross pages, and its caption boxes."""

    #: Each story's text frames on the page, by id, in the page's order.
    text_frames: dict[str, dict[str, TextFrame]] = field(default_factory=dict)
    #: Each text frame's area, by frame id.
    text_areas: dict[str, FlowArea] = field(default_factory=dict)
    #: (story id, area) of each caption box, in the page's order.
    captions: list[tuple[str, FlowArea]] = field(default_factory=list)

    def story_ids(self) -> set[str]:
        """The stories with a text frame or a caption on the page."""
        return set(self.text_frames).union(story_id for story_id, _ in self.captions)


def page_areas(page: Page, page_index: int) -> PageAreas:
    """The areas of ``page``'s text frames and caption boxes (the page as the layout sees it,
    with its master's instances)."""
    wraps = wrap_boxes(page)
    found = PageAreas()
    for frame in page.frames:
        if isinstance(frame, TextFrame):
            frame_rect = Rect(frame.x_pt, frame.y_pt, frame.width_pt, frame.height_pt)
            # Only boxes that reach into this frame matter; keeping the others out of
            # the areas lets the layout cache reuse stories a moved photo never touches.
            exclusions = [box for frame_id, box in wraps if frame_id != frame.id and box.overlaps(frame_rect)]
            found.text_frames.setdefault(frame.story_id, {})[frame.id] = frame
            found.text_areas[frame.id] = FlowArea(frame_id=frame.id, page_index=page_index, rect=frame_rect,
                                                  columns=text_frame_columns(frame), exclusions=exclusions,
                                                  vertical_align=frame.vertical_align)
        elif isinstance(frame, ImageFrame) and frame.caption is not None:
            box = caption_rect(frame)
            assert box is not None
            found.captions.append((frame.caption.story_id, FlowArea(
                frame_id=frame.id, page_index=page_index, rect=box, columns=[box], is_caption=True)))
    return found


def thread_areas(story_id: str, pages: list[PageAreas]) -> list[FlowArea]:
    """A story's areas: its text frames on ``pages`` (those it is set on, in page order) in
    thread order, then its caption boxes."""
    frames: dict[str, TextFrame] = {}
    by_frame: dict[str, FlowArea] = {}
    for page in pages:
        on_page = page.text_frames.get(story_id)
        if on_page:
            frames.update(on_page)
            by_frame.update((frame_id, page.text_areas[frame_id]) for frame_id in on_page)
    areas = [by_frame[frame.id] for frame in thread_order(frames)] if frames else []
    for page in pages:
        areas.extend(area for caption_story, area in page.captions if caption_story == story_id)
    return areas


def story_pages(pages: list[PageAreas]) -> dict[str, set[int]]:
    """The indices of the pages each story has a text frame or a caption on."""
    found: dict[str, set[int]] = {}
    for index, page in enumerate(pages):
        for story_id in page.story_ids():
            found.setdefault(story_id, set()).add(index)
    return found


def areas_of(stories: Iterable[str], doc: Document, pages: list[PageAreas], on_pages: dict[str, set[int]]
             ) -> dict[str, list[FlowArea]]:
    """The areas of each of ``stories`` that is a story of ``doc`` and set somewhere (the others have none)."""
    areas: dict[str, list[FlowArea]] = {}
    for story_id in stories:
        indices = on_pages.get(story_id)
        if indices and story_id in doc.stories:
            areas[story_id] = thread_areas(story_id, [pages[index] for index in sorted(indices)])
    return areas


def _glyph_runs(line: PlacedLine, story_id: str, frame_id: str) -> tuple[list[GlyphRun], LineBox]:
    """Set one placed line and cut it into runs of one face, size, colour and scale."""
    prep = line.prep
    alignment = prep.style.alignment
    # A line ended by a forced break (Shift+Enter) is set flush start, like the
    # paragraph's last line (InDesign does so; spreading "第一" across a line helps nobody).
    ends_forced = 0 < line.end < len(prep) and prep.forced_break_after[line.end - 1]
    placed = set_line(prep, line.start, line.end, line.left_pt, line.available_pt, alignment,
                      line.is_last_in_paragraph or ends_forced)
    baseline = line.baseline_pt
    runs: list[GlyphRun] = []
    first_index = line.start
    faces, formats, hscales, fields = prep.faces, prep.formats, prep.hscale, prep.is_field
    cut = line.start
    stop = placed.visible_end
    while cut < stop:
        face, fmt, hscale, is_field = faces[cut], formats[cut], hscales[cut], fields[cut]
        end = cut + 1
        while (end < stop and faces[end] is face and formats[end] is fmt and hscales[end] == hscale
               and fields[end] == is_field):
            end += 1
        a, b = cut - first_index, end - first_index
        runs.append(
            GlyphRun(
                font=face.ref,
                postscript_name=face.postscript_name,
                size_pt=fmt.size_pt,
                color=fmt.color,
                text=prep.text[cut:end].translate(cc.DRAWN_AS_SPACE),  # invisible characters: no box
                glyph_ids=tuple(prep.glyph_ids[cut:end]),
                x_pt=tuple(placed.origin_x_pt[a:b]),
                baseline_pt=baseline,
                box_left_pt=tuple(placed.box_left_pt[a:b]),
                box_width_pt=tuple(placed.box_width_pt[a:b]),
                hscale=hscale,
                story_id=story_id,
                paragraph_index=line.paragraph_index,
                char_offsets=tuple(prep.offsets[cut:end]),
                is_field=is_field,
                synthetic_bold=fmt.is_synthetic_bold(face),
            )
        )
        cut = end
    count = len(prep)
    start_offset = prep.offsets[line.start] if line.start < count else (prep.offsets[-1] + 1 if count else 0)
    end_offset = prep.offsets[line.end - 1] + 1 if line.end > line.start else start_offset
    box = LineBox(
        story_id=story_id,
        paragraph_index=line.paragraph_index,
        frame_id=frame_id,
        column_index=line.column_index,
        left_pt=line.left_pt,
        right_pt=line.right_pt,
        top_pt=line.top_pt,
        baseline_pt=baseline,
        height_pt=line.height_pt,
        start_offset=start_offset,
        end_offset=end_offset,
        alignment=alignment,
        is_last_in_paragraph=line.is_last_in_paragraph,
        justified=placed.justified,
    )
    return runs, box


def _shape_items(doc: Document, frame: ShapeFrame) -> list[DisplayItem]:
    stroke = resolve_color(doc, frame.stroke)
    fill = resolve_color(doc, frame.fill)
    if frame.shape == "rule":
        if stroke is None or frame.stroke_width_pt <= 0:
            return []
        return [RuleItem(frame.x_pt, frame.y_pt, frame.x_pt + frame.width_pt, frame.y_pt + frame.height_pt,
                         frame.stroke_width_pt, stroke)]
    if fill is None and (stroke is None or frame.stroke_width_pt <= 0):
        return []
    return [BoxItem(Rect(frame.x_pt, frame.y_pt, frame.width_pt, frame.height_pt), fill,
                    stroke if frame.stroke_width_pt > 0 else None, frame.stroke_width_pt)]


def placeholder_items(rect: Rect) -> list[DisplayItem]:
    """A grey box with a cross: what stands for a photo that cannot be used.

    The layout puts it in the page's display list where such a photo would be
    (so it prints, in the PDF and the DOCX alike); the canvas also draws it,
    on screen only, in a photo frame that is empty.
    """
    return [
        BoxItem(rect, _PLACEHOLDER_FILL, _PLACEHOLDER_LINE, 0.5),
        RuleItem(rect.x_pt, rect.y_pt, rect.right_pt, rect.bottom_pt, 0.5, _PLACEHOLDER_LINE),
        RuleItem(rect.x_pt, rect.bottom_pt, rect.right_pt, rect.y_pt, 0.5, _PLACEHOLDER_LINE),
    ]


def paragraph_key(paragraph: Paragraph) -> tuple:
    """A paragraph's whole content as a value: its style and every field of every run."""
    return (paragraph.style, tuple([tuple(vars(run).values()) for run in paragraph.runs]))


def story_key(story: Story) -> tuple:
    """What composing a story reads of it, as a value (its id is the cache's key)."""
    return (story.jump_lines, tuple([paragraph_key(p) for p in story.paragraphs]))


class StoryMemo:
    """One story's prepared paragraphs and set lines from its last composition.

    Typing in paragraph 2 of a 23-paragraph story changes one paragraph: the
    other 22 are not prepared again (looked up by their content and the page
    number their fields show), a paragraph that starts where it did is not placed
    again (``placements``), and a line whose paragraph and place are the same
    is not set again (looked up by the prepared paragraph and the line's
    geometry). Valid for one set of styles, swatches, issue fields and fonts:
    the cache drops it when those change. Only what the last composition used
    is kept.
    """

    def __init__(self) -> None:
        self._preps: dict[tuple, PreparedParagraph] = {}
        self._lines: dict[tuple, tuple[PreparedParagraph, list[GlyphRun], LineBox]] = {}
        self._used_preps: dict[tuple, PreparedParagraph] = {}
        self._used_lines: dict[tuple, tuple[PreparedParagraph, list[GlyphRun], LineBox]] = {}
        self.placements = PlacementMemo()

    def prepare(self, paragraph: Paragraph, resolver: FormatResolver, issue: IssueFields,
                page_number: int) -> PreparedParagraph:
        """``prepare_paragraph``, remembered by the paragraph's content and page number."""
        key = (paragraph_key(paragraph), page_number)
        prep = self._used_preps.get(key)
        if prep is None:  # (not ``or``: an empty paragraph's prep is falsy, it has no characters)
            prep = self._preps.get(key)
        if prep is None:
            prep = prepare_paragraph(paragraph, resolver, issue, page_number)
        self._used_preps[key] = prep
        return prep

    def glyph_runs(self, line: PlacedLine, story_id: str, frame_id: str) -> tuple[list[GlyphRun], LineBox]:
        """``_glyph_runs``, remembered by the prepared paragraph and everything about the line but its
        height on the page: a line that only moved up or down (a paragraph above gained or lost a
        line) keeps its glyphs and is given its new top and baseline (``_moved``)."""
        key = (id(line.prep), line.start, line.end, line.left_pt, line.right_pt, line.height_pt,
               line.is_last_in_paragraph, line.paragraph_index, line.column_index, frame_id)
        found = self._used_lines.get(key) or self._lines.get(key)
        if found is None or found[0] is not line.prep:  # an id can be reused once its object is gone
            found = (line.prep, *_glyph_runs(line, story_id, frame_id))
        elif found[2].top_pt != line.top_pt:
            found = (line.prep, *_moved(found[1], found[2], line))
        self._used_lines[key] = found
        return found[1], found[2]

    def finish(self) -> None:
        """Keep only what the composition just made used."""
        self._preps, self._used_preps = self._used_preps, {}
        self._lines, self._used_lines = self._used_lines, {}
        self.placements.finish()

    def copy(self) -> StoryMemo:
        """A memo that starts from what this one keeps and never changes it (for a provisional composition)."""
        memo = StoryMemo()
        memo._preps, memo._lines = dict(self._preps), dict(self._lines)
        memo.placements = self.placements.copy()
        return memo


def _moved(runs: list[GlyphRun], box: LineBox, line: PlacedLine) -> tuple[list[GlyphRun], LineBox]:
    """A set line's runs and box at ``line``'s top: what ``_glyph_runs`` makes of it there, since
    nothing but the top and the baseline (the top plus what the key holds) depends on the height."""
    baseline = line.baseline_pt
    return ([dataclasses.replace(run, baseline_pt=baseline) for run in runs],
            dataclasses.replace(box, top_pt=line.top_pt, baseline_pt=baseline))


@dataclass
class ComposedStory:
    """One story set into its areas: glyph runs per area, lines per page, the summary."""

    runs_by_area: dict[tuple[str, bool], list[GlyphRun]] = field(default_factory=dict)
    lines_by_page: dict[int, list[LineBox]] = field(default_factory=dict)
    summary: StoryLayout | None = None


def compose_story(doc: Document, story_id: str, areas: list[FlowArea], resolver: FormatResolver,
                  memo: StoryMemo | None = None) -> ComposedStory:
    """Flow one story through its areas and set every line's glyphs.

    With a ``memo`` (the layout cache keeps one per story), paragraphs and lines
    its last composition prepared and set are reused where their inputs are the same.
    """
    story = doc.stories[story_id]
    composed = ComposedStory()
    if not areas:
        char_count = sum(len(p.plain_text()) for p in story.paragraphs)
        composed.summary = StoryLayout(story_id, char_count, char_count > 0, char_count, ())
        return composed
    prepare = memo.prepare if memo is not None else prepare_paragraph
    set_glyphs = memo.glyph_runs if memo is not None else _glyph_runs
    result, jumps = flow_with_jumps(story, areas, resolver, doc.issue, prepare,
                                    memo.placements if memo is not None else None)
    for line in result.lines:
        area = areas[line.area_index]
        runs, box = set_glyphs(line, story_id, area.frame_id)
        composed.runs_by_area.setdefault((area.frame_id, area.is_caption), []).extend(runs)
        composed.lines_by_page.setdefault(area.page_index, []).append(box)
    if memo is not None:
        memo.finish()
    for jump in jumps:
        # Continuation lines belong to no paragraph: no story id, so no caret or edit reaches them.
        area = areas[jump.area_index]
        runs, box = _glyph_runs(placed_jump_line(jump, story, resolver, doc.issue), "", area.frame_id)
        box.jump_text = jump.text
        composed.runs_by_area.setdefault((area.frame_id, False), []).extend(runs)
        composed.lines_by_page.setdefault(area.page_index, []).append(box)
    composed.summary = StoryLayout(
        story_id=story_id,
        char_count=result.char_count,
        overset=result.overset_char_count > 0,
        overset_char_count=result.overset_char_count,
        frame_ids=tuple(dict.fromkeys(a.frame_id for a in areas if not a.is_caption)),
    )
    return composed


def story_areas(doc: Document) -> dict[str, list[FlowArea]]:
    """The areas every story flows through (frames in thread order, or its caption box)."""
    pages = [page_areas(page, index) for index, page in enumerate(doc.pages)]
    on_pages = story_pages(pages)
    return areas_of(on_pages, doc, pages, on_pages)


#: Styles, swatches, issue fields and fonts: what every story's composition reads.
SharedInputs = tuple


def _shared_inputs(doc: Document, faces: FaceResolver) -> SharedInputs:
    return (faces, doc.paragraph_styles, doc.character_styles, doc.colors, doc.issue)


def _snapshot(shared: SharedInputs) -> SharedInputs:
    """A copy of the shared inputs that later edits in place cannot reach (their fields are values)."""
    faces, paragraph_styles, character_styles, colors, issue = shared
    return (faces, {name: copy.copy(style) for name, style in paragraph_styles.items()},
            {name: copy.copy(style) for name, style in character_styles.items()}, dict(colors), copy.copy(issue))


def _structure(doc: Document) -> tuple:
    """What the areas are built from, as the lists and values that hold it.

    Changes replace lists (a page's frames, the pages, the masters) rather
    than edit them, so comparing these is quick (the same lists compare by
    identity) and sure while every edit is a change."""
    return (doc.page_width_pt, doc.page_height_pt, doc.pages, doc.masters, tuple(doc.stories), tuple(doc.assets),
            tuple([(page.id, page.frames, page.master_id, page.detached) for page in doc.pages]),
            tuple([(master.id, master.frames) for master in doc.masters]))


def _changed_pages(before: tuple | None, after: tuple) -> set[int] | None:
    """The indices of the pages whose frames, master or detachments differ between two
    ``_structure``s, or None when more than pages' frames changed (pages added, removed or
    reordered, masters, the story or photo lists, the page size): then every page is built."""
    if before is None or before[:6] != after[:6] or before[7] != after[7] or len(before[6]) != len(after[6]):
        return None
    return {index for index, (old, new) in enumerate(zip(before[6], after[6], strict=True)) if old != new}


@dataclass
class _Entry:
    """A story as last composed: what it was composed from, the result, its memo."""

    story: Story
    #: ``story_key`` of the story when edits are not tracked (None when they are).
    content: tuple | None
    areas: list[FlowArea]
    composed: ComposedStory
    memo: StoryMemo


class LayoutCache:
    """Composed stories kept between layouts, so an edit recomposes only what it touched.

    Like Typst's memoised layout: a story is recomposed only when something it
    depends on changed — its own text and runs, the areas it flows through
    (frame geometry, wrap boxes, page numbers), the styles, the swatches, the
    issue fields or the fonts. Within a recomposed story, paragraphs and lines
    whose inputs did not change are reused (``StoryMemo``).

    Styles, swatches, issue fields and areas are compared as values every
    time (they are small). How a story is checked depends on ``tracked``:

    - ``tracked=False`` (the default: exports, tests, documents built and
      changed by hand): the story's content (``story_key``) is compared as a
      value — as sure as comparing ``repr`` and cheaper, but it reads every
      story's text on every layout.
    - ``tracked=True`` (the editor, whose every edit is a change applied through
      ``editor.model.changes``): changes put new objects where old ones were
      and never edit a story, paragraph or run in place, so a story whose
      object (or paragraphs list) is the one composed last time is unchanged,
      and the areas are rebuilt only when the pages, frames, masters or stories
      listed are other lists than last time — for the pages whose frames alone
      changed, only those pages' master items and areas, and the areas of the
      stories set on them (``expand``). Only the stories that are other objects,
      or whose areas were made again, since the last layout (the *suspects*) are
      checked at all: a keystroke checks one story of the 363 of a 64-page
      issue. Should a change set an attribute of
      anything else (``revisions().in_place`` moved), nothing is trusted and
      everything is composed again. A change made by hand, not through a
      change, is not seen: call ``invalidate()`` after one.
    """

    def __init__(self, tracked: bool = False) -> None:
        self.tracked = tracked
        self._stories: dict[str, _Entry] = {}
        self._shared: SharedInputs | None = None
        self._revisions: Revisions | None = None
        self._doc: Document | None = None
        self._structure: tuple | None = None
        self._expanded: Document | None = None
        self._areas: dict[str, list[FlowArea]] = {}
        #: Tracked only, per page of the last expansion: the page with its master's instances, the
        #: master story copies it shows, and its areas; the pages each story is set on; the master
        #: stories the copies were made from; the stories (by id) the expansion held.
        self._shown: list[Page] = []
        self._copies: list[dict[str, Story]] = []
        self._page_areas: list[PageAreas] = []
        self._on_pages: dict[str, set[int]] = {}
        self._copied_from: dict[str, Story] = {}
        self._story_objects: dict[str, Story] = {}
        #: Tracked only: the stories whose object or areas changed since the last layout (None: any).
        self._suspects: set[str] | None = None
        #: Tracked only: the last layout's pages with their photo problems, the photo measure
        #: they were made with, and the pages this layout must build again (None: all).
        self._pages: list[tuple[PageLayout, list[PhotoProblem]]] = []
        self._measure: PhotoMeasure | None = None
        self._dirty_pages: set[int] | None = None
        self.hits = 0
        self.misses = 0

    def invalidate(self) -> None:
        """Forget everything: the next layout composes every story afresh."""
        self._stories.clear()
        self._shared = None
        self._doc = self._structure = self._expanded = None
        self._areas = {}
        self._dirty_pages = None
        self._suspects = None

    def begin(self, doc: Document, faces: FaceResolver) -> None:
        """Start a layout of ``doc``: drop what the shared inputs or an in-place change make stale."""
        now = revisions()
        if self.tracked and self._revisions is not None and now.in_place != self._revisions.in_place:
            self.invalidate()
        self._revisions = now
        shared = _shared_inputs(doc, faces)
        previous = self._shared
        if previous is None or previous[0] is not faces or previous[1:] != shared[1:]:
            self._stories.clear()
            self._shared = _snapshot(shared)
            self._dirty_pages = None

    def expand(self, source: Document) -> tuple[Document, dict[str, list[FlowArea]]]:
        """``source`` with its masters' items laid on its pages, and every story's areas in it.

        Tracked, only the pages whose frames, master or detachments changed since the last
        layout are expanded again and have their areas made again, and only the stories set on
        them are given areas anew (the same as a full rebuild gives: each page's areas depend on
        that page alone); anything else that changes the structure (``_changed_pages``) rebuilds all."""
        if not self.tracked:
            expanded = expand_masters(source)
            return expanded, story_areas(expanded)
        structure = _structure(source)
        changed: set[int] | None = None
        if source is self._doc and self._expanded is not None:
            changed = set() if structure == self._structure else _changed_pages(self._structure, structure)
        self._doc, self._structure = source, structure
        if changed is None:
            self._expand_all(source)
            self._dirty_pages = self._suspects = None
        else:
            affected = self._expand_pages(source, changed)
            if self._dirty_pages is not None:
                # A frame moved or resized: its page is built again, and every page of a story whose
                # areas changed (``composed`` touches them); the other pages are kept.
                self._dirty_pages |= changed
            if self._suspects is not None:
                self._suspects |= affected
        self._note_story_objects()
        return self._expanded, self._areas  # type: ignore[return-value]

    def _expand_all(self, source: Document) -> None:
        """Expand every page and make every story's areas."""
        shown = [expand_page(source, page) for page in source.pages]
        self._shown = [page for page, _ in shown]
        self._copies = [copies for _, copies in shown]
        self._copied_from = {}
        self._note_originals(source, self._copies)
        self._page_areas = [page_areas(page, index) for index, page in enumerate(self._shown)]
        self._on_pages = story_pages(self._page_areas)
        self._expanded = expanded_document(source, self._shown, self._copies)
        self._areas = areas_of(self._on_pages, self._expanded, self._page_areas, self._on_pages)

    def _expand_pages(self, source: Document, changed: set[int]) -> set[str]:
        """Expand again the pages ``changed`` and the master story copies whose master story
        changed; give the stories on those pages their areas anew. Returns those stories."""
        affected: set[str] = set()
        if changed:
            self._shown = list(self._shown)  # the last layout's document holds the list it had
        for index in changed:
            page, copies = expand_page(source, source.pages[index])
            self._shown[index], self._copies[index] = page, copies
            self._note_originals(source, [copies])
            old, new = self._page_areas[index], page_areas(page, index)
            self._page_areas[index] = new
            for story_id in old.story_ids():
                self._on_pages[story_id].discard(index)
            for story_id in new.story_ids():
                self._on_pages.setdefault(story_id, set()).add(index)
            affected |= old.story_ids() | new.story_ids()
        self._copy_changed_masters(source)
        self._expanded = expanded_document(source, self._shown, self._copies)
        if affected:
            self._areas = dict(self._areas)
            for story_id in affected:
                self._areas.pop(story_id, None)
            self._areas.update(areas_of(affected, self._expanded, self._page_areas, self._on_pages))
        return affected

    def _note_originals(self, source: Document, copies: list[dict[str, Story]]) -> None:
        """Remember the master story each copy was made from (the first seen: a later check
        finds any that changed since and copies it again)."""
        for held in copies:
            for copy_id in held:
                master_id = master_item(copy_id)
                self._copied_from.setdefault(master_id, source.stories[master_id])

    def _copy_changed_masters(self, source: Document) -> None:
        """Copy again, on every page, the master stories that are other objects than those copied
        (typing in a running head): changes replace a story, never edit it."""
        stale = {master_id for master_id, original in self._copied_from.items()
                 if source.stories.get(master_id) is not original}
        if not stale:
            return
        for held in self._copies:
            for copy_id in [copy_id for copy_id in held if master_item(copy_id) in stale]:
                original = source.stories.get(master_item(copy_id))
                if original is None:
                    del held[copy_id]
                else:
                    held[copy_id] = dataclasses.replace(original, id=copy_id)
        for master_id in stale:
            if master_id in source.stories:
                self._copied_from[master_id] = source.stories[master_id]
            else:
                del self._copied_from[master_id]

    def _note_story_objects(self) -> None:
        """Add the stories that are other objects than at the last expansion to the suspects."""
        assert self._expanded is not None
        stories = self._expanded.stories
        if self._suspects is not None:
            last = self._story_objects
            self._suspects.update([story_id for story_id, story in stories.items() if last.get(story_id) is not story])
        self._story_objects = dict(stories)

    def composed(self, doc: Document, story_id: str, areas: list[FlowArea], resolver: FormatResolver
                 ) -> ComposedStory:
        """The story composed into ``areas``: the last composition if nothing it reads changed."""
        entry = self._stories.get(story_id)
        if entry is not None and self._suspects is not None and story_id not in self._suspects:
            self.hits += 1  # tracked: neither the story nor its areas changed since it was composed
            return entry.composed
        story = doc.stories[story_id]
        content = None if self.tracked else story_key(story)
        if entry is not None and entry.areas == areas and self._same_story(entry, story, content):
            self.hits += 1
            entry.story = story
            return entry.composed
        self.misses += 1
        memo = entry.memo if entry is not None else StoryMemo()
        composed = compose_story(doc, story_id, areas, resolver, memo)
        self._stories[story_id] = _Entry(story, content, areas, composed, memo)
        self._touch_pages(entry.composed if entry is not None else None)
        self._touch_pages(composed)
        return composed

    def last_composition(self, story_id: str) -> tuple[list[FlowArea], StoryMemo] | None:
        """The areas ``story_id`` was last composed into and a copy of its memo, to compose a variant
        of it (an input method's preedit, ``editor.layout.provisional``) as fast as an edit and
        without touching what the cache keeps; None for a story it has not composed."""
        entry = self._stories.get(story_id)
        return (entry.areas, entry.memo.copy()) if entry is not None else None

    def _touch_pages(self, composed: ComposedStory | None) -> None:
        """The pages a story's lines were or are on must be built again."""
        if composed is not None and self._dirty_pages is not None:
            self._dirty_pages.update(composed.lines_by_page)

    def pages_to_build(self, page_count: int, measure: PhotoMeasure) -> set[int] | None:
        """The pages this layout must build (None: all); the others are the last layout's.

        A page is built from its frames (the areas' structure), the glyphs of the
        stories set on it, its photos and the swatches: with the structure,
        the photos' measure and the shared inputs the same (tracked edits only),
        only the pages of the stories composed again differ."""
        if not self.tracked or measure is not self._measure or page_count != len(self._pages):
            return None
        return self._dirty_pages

    def kept_page(self, page_index: int) -> tuple[PageLayout, list[PhotoProblem]]:
        """The last layout's page and the photo problems on it."""
        return self._pages[page_index]

    def keep_pages(self, pages: list[PageLayout], problems: list[PhotoProblem], measure: PhotoMeasure) -> None:
        """Remember this layout's pages for the next one."""
        if not self.tracked:
            return
        by_page: dict[int, list[PhotoProblem]] = {}
        for problem in problems:
            by_page.setdefault(problem.page_number - 1, []).append(problem)
        self._pages = [(page, by_page.get(index, [])) for index, page in enumerate(pages)]
        self._measure = measure
        self._dirty_pages = set()
        self._suspects = set()

    def _same_story(self, entry: _Entry, story: Story, content: tuple | None) -> bool:
        if not self.tracked:
            return entry.content == content
        # A master item's story is copied for each page at every layout: same paragraphs list.
        return story is entry.story or (story.paragraphs is entry.story.paragraphs
                                        and story.jump_lines == entry.story.jump_lines)

    def forget_missing(self, doc: Document) -> None:
        for story_id in self._stories.keys() - doc.stories.keys():
            self._touch_pages(self._stories.pop(story_id).composed)


def layout_document(
    doc: Document,
    faces: FaceResolver | None = None,
    measure_photo: PhotoMeasure | None = None,
    cache: LayoutCache | None = None,
) -> DocumentLayout:
    """Compose every story and build every page's display list.

    With a ``cache`` (the editor keeps one), stories whose inputs did not
    change are reused from the previous layout. Master items are resolved
    first (``expand_masters``); the result's ``document`` is what was laid out.
    """
    faces = faces or default_faces()
    measure = measure_photo or _measure_photo
    if cache is not None:
        cache.begin(doc, faces)
        doc, areas_by_story = cache.expand(doc)
        cache.forget_missing(doc)
    else:
        doc = expand_masters(doc)
        areas_by_story = story_areas(doc)
    resolver = FormatResolver(doc, faces)
    warnings: list[str] = []
    photo_problems: list[PhotoProblem] = []

    stories: dict[str, StoryLayout] = {}
    composed_stories: list[ComposedStory] = []
    for story_id in doc.stories:
        areas = areas_by_story.get(story_id, [])
        if cache is not None:
            composed = cache.composed(doc, story_id, areas, resolver)
        else:
            composed = compose_story(doc, story_id, areas, resolver)
        assert composed.summary is not None
        stories[story_id] = composed.summary
        composed_stories.append(composed)

    build = cache.pages_to_build(len(doc.pages), measure) if cache is not None else None
    runs_by_area: dict[tuple[str, bool], list[GlyphRun]] = {}
    lines_by_page: dict[int, list[LineBox]] = {}
    for composed in composed_stories:
        if build is not None and build.isdisjoint(composed.lines_by_page):
            continue  # set only on pages that are kept
        for key, runs in composed.runs_by_area.items():
            runs_by_area.setdefault(key, []).extend(runs)
        for page_index, lines in composed.lines_by_page.items():
            lines_by_page.setdefault(page_index, []).extend(lines)

    pages: list[PageLayout] = []
    for page_index in range(len(doc.pages)):
        if build is not None and page_index not in build:
            page_layout, problems = cache.kept_page(page_index)  # type: ignore[union-attr]
        else:
            page_layout, problems = _page_layout(doc, page_index, runs_by_area, lines_by_page, measure)
        pages.append(page_layout)
        photo_problems.extend(problems)
    if cache is not None:
        cache.keep_pages(pages, photo_problems, measure)
    warnings.extend(problem.note() for problem in photo_problems)
    return DocumentLayout(pages=pages, stories=stories, warnings=warnings, photo_problems=photo_problems,
                          document=doc)


def _page_layout(doc: Document, page_index: int, runs_by_area: dict[tuple[str, bool], list[GlyphRun]],
                 lines_by_page: dict[int, list[LineBox]], measure: PhotoMeasure
                 ) -> tuple[PageLayout, list[PhotoProblem]]:
    """One page's display list (its frames back to front) and the photos on it that cannot be used."""
    page_layout = PageLayout(page_index, doc.page_width_pt, doc.page_height_pt)
    page_layout.lines = lines_by_page.get(page_index, [])
    items = page_layout.items
    problems: list[PhotoProblem] = []
    for frame in doc.pages[page_index].frames:
        rect = Rect(frame.x_pt, frame.y_pt, frame.width_pt, frame.height_pt)
        if isinstance(frame, TextFrame):
            fill = resolve_color(doc, frame.fill)
            stroke = resolve_color(doc, frame.stroke) if frame.stroke_width_pt > 0 else None
            if fill is not None or stroke is not None:
                items.append(BoxItem(rect, fill, stroke, frame.stroke_width_pt))
            items.extend(runs_by_area.get((frame.id, False), []))
            page_layout.areas.append(
                TextArea(frame.id, frame.story_id, rect, tuple(text_frame_columns(frame)))
            )
        elif isinstance(frame, ImageFrame):
            items.extend(_image_items(doc, frame, rect, measure, problems, page_index + 1))
            caption_box = caption_rect(frame)
            if caption_box is not None and frame.caption is not None:
                items.extend(runs_by_area.get((frame.id, True), []))
                page_layout.areas.append(
                    TextArea(frame.id, frame.caption.story_id, caption_box, (caption_box,), is_caption=True)
                )
        elif isinstance(frame, ShapeFrame):
            items.extend(_shape_items(doc, frame))
    return page_layout, problems


def replace_unusable_photos(doc: Document, layout: DocumentLayout, reasons: dict[tuple[str, int], str]) -> None:
    """Draw a placeholder, in place, for each photo that failed while an export prepared it.

    ``reasons`` maps (asset, rotation) to why. The layout is changed where it
    is (its notes then reach whoever holds it: the command line prints them),
    so a later backend in the same export sees the placeholder too.
    """
    for page_number, page in enumerate(layout.pages, start=1):
        items: list[DisplayItem] = []
        for item in page.items:
            reason = reasons.get((item.asset, item.rotation_deg)) if isinstance(item, ImageItem) else None
            if reason is None:
                items.append(item)
                continue
            items.extend(placeholder_items(item.clip_rect))
            subject = photo_subject(doc.frame_by_id(item.frame_id), page_number)
            problem = PhotoProblem(page_number, item.frame_id, subject, reason)
            layout.photo_problems.append(problem)
            layout.warnings.append(problem.note())
        page.items[:] = items


def _image_items(doc: Document, frame: ImageFrame, rect: Rect, measure: PhotoMeasure,
                 problems: list[PhotoProblem], page_number: int) -> list[DisplayItem]:
    items: list[DisplayItem] = []
    if frame.asset:  # an empty frame prints nothing (as in InDesign); the canvas marks it on screen
        size, reason = _photo_size(measure, frame, doc.assets)
        if size is None:
            # A photo that cannot be used: a placeholder where it would be, and a note.
            items.extend(placeholder_items(rect))
            problems.append(PhotoProblem(page_number, frame.id, photo_subject(frame, page_number), reason))
        else:
            width_px, height_px, dpi = size
            items.append(ImageItem(frame.id, frame.asset, frame.rotation_deg % 360, rect,
                                   image_rect(frame, width_px, height_px, dpi)))
    stroke = resolve_color(doc, frame.stroke)
    if stroke is not None and frame.stroke_width_pt > 0:
        items.append(BoxItem(rect, None, stroke, frame.stroke_width_pt))
    return items
