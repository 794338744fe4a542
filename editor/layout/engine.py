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

import functools
from dataclasses import dataclass, field
from collections.abc import Callable

from editor.errors import BanmianError, PhotoError, display_name
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
from editor.layout.flow import FlowArea, PlacedLine
from editor.layout.images import caption_rect, image_rect
from editor.layout.jumps import flow_with_jumps, placed_jump_line
from editor.layout.linebreak import set_line
from editor.layout.masters import expand_masters
from editor.model.document import Document
from editor.model.frames import Frame, ImageFrame, ShapeFrame, TextFrame

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


def _photo_size(measure: PhotoMeasure, frame: ImageFrame, data: bytes | None
                ) -> tuple[tuple[int, int, tuple[float, float] | None] | None, str]:
    """(size, "") for a usable photo, or (None, why not)."""
    if data is None:
        return None, MISSING_PHOTO
    try:
        size = measure(frame.asset or "", data)
    except BanmianError as problem:  # a refusal's reason; the whole sentence of another error
        return None, getattr(problem, "reason", "") or problem.message
    return (size, "") if size is not None else (None, _UNREADABLE)


def photo_subject(frame: Frame | None, page_number: int) -> str:
    """第 3 页的图片“IMG_2041.jpg”, or 第 3 页的图片 when the file name was not kept."""
    name = frame.source_name.strip() if isinstance(frame, ImageFrame) else ""
    return f"第 {page_number} 页的图片“{display_name(name)}”" if name else f"第 {page_number} 页的图片"


def text_frame_columns(frame: TextFrame) -> list[Rect]:
    """The column rectangles inside a text frame's insets."""
    insets = frame.insets
    inner_x = frame.x_pt + insets.left_pt
    inner_y = frame.y_pt + insets.top_pt
    inner_w = max(frame.width_pt - insets.left_pt - insets.right_pt, 0.0)
    inner_h = max(frame.height_pt - insets.top_pt - insets.bottom_pt, 0.0)
    columns = max(frame.columns, 1)
    column_w = max((inner_w - frame.gutter_pt * (columns - 1)) / columns, 0.0)
    return [
        Rect(inner_x + i * (column_w + frame.gutter_pt), inner_y, column_w, inner_h) for i in range(columns)
    ]


def _wrap_boxes(doc: Document) -> list[list[tuple[str, Rect]]]:
    """Per page: (frame id, box) of every frame that text must wrap around."""
    pages: list[list[tuple[str, Rect]]] = []
    for page in doc.pages:
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
        pages.append(boxes)
    return pages


def _story_areas(doc: Document, wraps: list[list[tuple[str, Rect]]]) -> dict[str, list[FlowArea]]:
    page_of = {frame.id: index for index, frame in doc.frames_with_pages()}
    areas: dict[str, list[FlowArea]] = {}
    for story_id in doc.stories:
        for frame in doc.story_frames(story_id):
            page_index = page_of[frame.id]
            frame_rect = Rect(frame.x_pt, frame.y_pt, frame.width_pt, frame.height_pt)
            # Only boxes that reach into this frame matter; keeping the others out of
            # the areas lets the layout cache reuse stories a moved photo never touches.
            exclusions = [box for frame_id, box in wraps[page_index]
                          if frame_id != frame.id and box.overlaps(frame_rect)]
            areas.setdefault(story_id, []).append(
                FlowArea(
                    frame_id=frame.id,
                    page_index=page_index,
                    rect=Rect(frame.x_pt, frame.y_pt, frame.width_pt, frame.height_pt),
                    columns=text_frame_columns(frame),
                    exclusions=exclusions,
                    vertical_align=frame.vertical_align,
                )
            )
    for page_index, frame in doc.frames_with_pages():
        if isinstance(frame, ImageFrame) and frame.caption is not None and frame.caption.story_id in doc.stories:
            box = caption_rect(frame)
            assert box is not None
            areas.setdefault(frame.caption.story_id, []).append(
                FlowArea(frame_id=frame.id, page_index=page_index, rect=box, columns=[box], is_caption=True)
            )
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
                text=prep.text[cut:end],
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


@dataclass
class ComposedStory:
    """One story set into its areas: glyph runs per area, lines per page, the summary."""

    runs_by_area: dict[tuple[str, bool], list[GlyphRun]] = field(default_factory=dict)
    lines_by_page: dict[int, list[LineBox]] = field(default_factory=dict)
    summary: StoryLayout | None = None


def compose_story(doc: Document, story_id: str, areas: list[FlowArea], resolver: FormatResolver) -> ComposedStory:
    """Flow one story through its areas and set every line's glyphs."""
    story = doc.stories[story_id]
    composed = ComposedStory()
    if not areas:
        char_count = sum(len(p.plain_text()) for p in story.paragraphs)
        composed.summary = StoryLayout(story_id, char_count, char_count > 0, char_count, ())
        return composed
    result, jumps = flow_with_jumps(story, areas, resolver, doc.issue)
    for line in result.lines:
        area = areas[line.area_index]
        runs, box = _glyph_runs(line, story_id, area.frame_id)
        composed.runs_by_area.setdefault((area.frame_id, area.is_caption), []).extend(runs)
        composed.lines_by_page.setdefault(area.page_index, []).append(box)
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
    return _story_areas(doc, _wrap_boxes(doc))


class LayoutCache:
    """Composed stories kept between layouts, so an edit recomposes only what it touched.

    Like Typst's memoised layout: a story is recomposed only when something
    it depends on changed — its own text and runs, the geometry of the areas
    it flows through (including wrap boxes and page numbers), the styles,
    the swatches or the issue fields. The key is built from the values
    themselves (``repr`` of the dataclasses), not from identities, so an edit
    made in place is noticed as surely as a replaced object.
    """

    def __init__(self) -> None:
        self._stories: dict[str, tuple[str, ComposedStory]] = {}
        self.hits = 0
        self.misses = 0

    def composed(self, doc: Document, story_id: str, areas: list[FlowArea], resolver: FormatResolver,
                 shared_key: str) -> ComposedStory:
        key = f"{shared_key}|{doc.stories[story_id]!r}|{areas!r}"
        cached = self._stories.get(story_id)
        if cached is not None and cached[0] == key:
            self.hits += 1
            return cached[1]
        self.misses += 1
        composed = compose_story(doc, story_id, areas, resolver)
        self._stories[story_id] = (key, composed)
        return composed

    def forget_missing(self, doc: Document) -> None:
        for story_id in list(self._stories):
            if story_id not in doc.stories:
                del self._stories[story_id]


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
    doc = expand_masters(doc)
    resolver = FormatResolver(doc, faces or default_faces())
    measure = measure_photo or _measure_photo
    areas_by_story = story_areas(doc)
    warnings: list[str] = []
    photo_problems: list[PhotoProblem] = []
    shared_key = ""
    if cache is not None:
        cache.forget_missing(doc)
        shared_key = f"{doc.paragraph_styles!r}|{doc.character_styles!r}|{doc.colors!r}|{doc.issue!r}"

    runs_by_area: dict[tuple[str, bool], list[GlyphRun]] = {}
    lines_by_page: dict[int, list[LineBox]] = {}
    stories: dict[str, StoryLayout] = {}
    for story_id in doc.stories:
        areas = areas_by_story.get(story_id, [])
        if cache is not None:
            composed = cache.composed(doc, story_id, areas, resolver, shared_key)
        else:
            composed = compose_story(doc, story_id, areas, resolver)
        for key, runs in composed.runs_by_area.items():
            runs_by_area.setdefault(key, []).extend(runs)
        for page_index, lines in composed.lines_by_page.items():
            lines_by_page.setdefault(page_index, []).extend(lines)
        assert composed.summary is not None
        stories[story_id] = composed.summary

    pages: list[PageLayout] = []
    for page_index, page in enumerate(doc.pages):
        page_layout = PageLayout(page_index, doc.page_width_pt, doc.page_height_pt)
        page_layout.lines = lines_by_page.get(page_index, [])
        items = page_layout.items
        for frame in page.frames:
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
                items.extend(_image_items(doc, frame, rect, measure, photo_problems, page_index + 1))
                caption_box = caption_rect(frame)
                if caption_box is not None and frame.caption is not None:
                    items.extend(runs_by_area.get((frame.id, True), []))
                    page_layout.areas.append(
                        TextArea(frame.id, frame.caption.story_id, caption_box, (caption_box,), is_caption=True)
                    )
            elif isinstance(frame, ShapeFrame):
                items.extend(_shape_items(doc, frame))
        pages.append(page_layout)
    warnings.extend(problem.note() for problem in photo_problems)
    return DocumentLayout(pages=pages, stories=stories, warnings=warnings, photo_problems=photo_problems,
                          document=doc)


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
        size, reason = _photo_size(measure, frame, doc.assets.get(frame.asset))
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
