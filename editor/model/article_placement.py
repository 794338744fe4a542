"""Placing an imported article in the document: new frames on a page's grid, or a thread's text.

An article read from a .docx or .txt (``ImportedArticle``) becomes one
story. Placed on a page, it gets new frames laid on the page's column grid
(its master's grid and margins; the document's margins and one column on a
plain page) in the free band below what the page already holds: the text
frame over all columns but the last, the photos stacked in the last column
with their captions attached (one column: the photos in a row under the
text); a page with no such band (a template's page of empty articles) has
the article put into its largest empty article instead. Placed into a
thread, it replaces the thread's text in the thread's styles, its title goes
into the template's placeholder headline frame above the thread
(``editor.model.article_heads``), and its photos into the empty photo frames
over the thread (``editor.model.empty_photo_frames``), then at the top of the
thread's columns with text wrapping around them
(``editor.model.thread_photos``): an imported photo never hides text. Either
way the result is one list of reversible changes (one undo step), and
nothing changes when it would take the document past its limits.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from editor.model.article_heads import (
    empty_article_frame,
    headline_story,
    in_template_styles,
    is_placeholder_story,
    split_headline,
)
from editor.model.changes import Change, set_attr, set_item
from editor.model.document import Document, Page, PageGrid
from editor.model.edits import new_id
from editor.model.empty_photo_frames import caption_story, fill_empty_frames
from editor.model.frames import Caption, Frame, ImageFrame, TextFrame, TextWrap
from editor.model.geometry import Rect
from editor.model.imported_article import (
    BODY_STYLE,
    BOLD_STYLE,
    BYLINE_STYLE,
    CAPTION_STYLE,
    ITALIC_STYLE,
    KICKER_STYLE,
    SUBTITLE_STYLE,
    TITLE_STYLE,
    ImportedArticle,
    ImportedPhoto,
)
from editor.model.limits import conform
from editor.model.story import Paragraph, Story
from editor.model.styles import SANS_FAMILY, CharacterStyle, ParagraphStyle
from editor.model.thread_photos import PhotoShape, photo_rects, right_to_left
from editor.model.totals import within_limits

#: When less than this share of the type area is free below the page's frames, the
#: article is laid over the whole type area instead (the user moves it).
MIN_FREE_SHARE = 0.3
#: Default styles for a document that lacks a house style the article uses.
_DEFAULT_PARAGRAPH_STYLES = {
    KICKER_STYLE: ParagraphStyle(name=KICKER_STYLE, font_family=SANS_FAMILY, size_pt=12.0, leading_pt=20.0,
                                 alignment="center", first_line_indent_chars=0.0),
    TITLE_STYLE: ParagraphStyle(name=TITLE_STYLE, font_family=SANS_FAMILY, bold=True, size_pt=22.0,
                                leading_pt=32.0, alignment="center", first_line_indent_chars=0.0),
    SUBTITLE_STYLE: ParagraphStyle(name=SUBTITLE_STYLE, font_family=SANS_FAMILY, size_pt=14.0, leading_pt=24.0,
                                   alignment="center", first_line_indent_chars=0.0),
    BYLINE_STYLE: ParagraphStyle(name=BYLINE_STYLE, font_family=SANS_FAMILY, size_pt=10.0, leading_pt=18.0,
                                 alignment="center", first_line_indent_chars=0.0),
    BODY_STYLE: ParagraphStyle(name=BODY_STYLE),
    CAPTION_STYLE: ParagraphStyle(name=CAPTION_STYLE, font_family=SANS_FAMILY, size_pt=9.0, leading_pt=14.0,
                                  first_line_indent_chars=0.0),
}
_DEFAULT_CHARACTER_STYLES = {
    BOLD_STYLE: CharacterStyle(name=BOLD_STYLE, bold=True),
    # The model has no italic yet: the run keeps its 倾斜 style name (and Word's
    # emphasis survives a round trip through the house styles) but is set upright.
    ITALIC_STYLE: CharacterStyle(name=ITALIC_STYLE),
}


@dataclass
class Placement:
    """What placing an article does: the changes (empty: not placed), and what to tell the user."""

    changes: list[Change] = field(default_factory=list)
    story_id: str = ""
    frame_ids: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _type_area(doc: Document, page: Page) -> tuple[Rect, PageGrid]:
    """The page's area inside its margins and its column grid (its master's, if any)."""
    master = doc.master_of(page)
    margins = master.margins if master is not None else doc.margins
    grid = master.grid if master is not None else PageGrid(columns=1)
    area = Rect(margins.left_pt, margins.top_pt, doc.page_width_pt - margins.left_pt - margins.right_pt,
                 doc.page_height_pt - margins.top_pt - margins.bottom_pt)
    return area, grid


def _frame_rects(doc: Document, page: Page, leave_out: frozenset[str] = frozenset()) -> list[Rect]:
    """Where the page's frames and the master items it shows are (captions included), but those
    in ``leave_out``."""
    frames = [*page.frames, *doc.shown_master_frames(page)]
    rects = []
    for frame in frames:
        if frame.id in leave_out:
            continue
        height = frame.height_pt
        if isinstance(frame, ImageFrame) and frame.caption is not None:
            height += frame.caption.gap_pt + frame.caption.extent_pt
        rects.append(Rect(frame.x_pt, frame.y_pt, frame.width_pt, height))
    return rects


def free_band(doc: Document, page_index: int) -> tuple[Rect, PageGrid, bool]:
    """The part of the type area below everything on the page (the whole area when too little
    is free), the grid, and whether the band had to overlap the page's content."""
    page = doc.pages[page_index]
    area, grid = _type_area(doc, page)
    inside = [rect for rect in _frame_rects(doc, page) if rect.overlaps(area)]
    top_pt = max([area.y_pt, *(rect.bottom_pt + grid.gutter_pt for rect in inside)])
    if area.bottom_pt - top_pt < MIN_FREE_SHARE * area.height_pt:
        return area, grid, bool(inside)
    return Rect(area.x_pt, top_pt, area.width_pt, area.bottom_pt - top_pt), grid, False


def _style_changes(doc: Document, article: ImportedArticle, paragraphs: list[Paragraph] | None = None) -> list[Change]:
    """Add the house styles the article's ``paragraphs`` (all, by default) and captions use and the
    document lacks."""
    paragraphs = article.paragraphs if paragraphs is None else paragraphs
    paragraph_styles = {p.style for p in paragraphs}
    if any(photo.caption for photo in article.photos):
        paragraph_styles.add(CAPTION_STYLE)
    character_styles = {run.char_style for p in paragraphs for run in p.runs if run.char_style}
    changes: list[Change] = [set_item(doc.paragraph_styles, name, _DEFAULT_PARAGRAPH_STYLES.get(
        name, ParagraphStyle(name=name))) for name in sorted(paragraph_styles) if name not in doc.paragraph_styles]
    changes += [set_item(doc.character_styles, name, _DEFAULT_CHARACTER_STYLES.get(name, CharacterStyle(name=name)))
                for name in sorted(character_styles) if name not in doc.character_styles]
    return changes


def _photo_frame(doc: Document, photo: ImportedPhoto, rect: Rect, number: int,
                 title: str) -> tuple[ImageFrame, list[Story]]:
    """A photo frame at ``rect`` with its caption (a story named for the article's ``number``th photo)."""
    caption = None
    stories = []
    if photo.caption:
        story = caption_story(doc, photo.caption, title, number)
        stories.append(story)
        caption = Caption(story_id=story.id)
    frame = ImageFrame(id=new_id(doc, "frame"), x_pt=rect.x_pt, y_pt=rect.y_pt, width_pt=rect.width_pt,
                       height_pt=rect.height_pt, asset=photo.asset, source_name=photo.source_name, caption=caption)
    return frame, stories


def _caption_space_pt(photo: ImportedPhoto) -> float:
    """The height a photo's caption takes under it (gap included), 0 without one."""
    return Caption(story_id="").gap_pt + Caption(story_id="").extent_pt if photo.caption else 0.0


def _photo_frames(doc: Document, photos: list[ImportedPhoto], slot: Rect, in_row: bool,
                  title: str, first_number: int = 1) -> tuple[list[Frame], list[Story]]:
    """Photo frames (with caption stories) in ``slot``: stacked, or side by side when ``in_row``."""
    frames: list[Frame] = []
    stories: list[Story] = []
    count = len(photos)
    gap_pt = 6.0
    width_pt = (slot.width_pt - gap_pt * (count - 1)) / count if in_row else slot.width_pt
    room_pt = slot.height_pt if in_row else (slot.height_pt - gap_pt * (count - 1)) / count
    y_pt = slot.y_pt
    for index, photo in enumerate(photos):
        height_pt = width_pt * photo.height_px / max(photo.width_px, 1)
        height_pt = max(1.0, min(height_pt, room_pt - _caption_space_pt(photo)))
        x_pt = slot.x_pt + index * (width_pt + gap_pt) if in_row else slot.x_pt
        frame, caption_stories = _photo_frame(doc, photo, Rect(x_pt, y_pt, width_pt, height_pt),
                                              first_number + index, title)
        frames.append(frame)
        stories += caption_stories
        if not in_row:
            y_pt += height_pt + _caption_space_pt(photo) + gap_pt
    return frames, stories


def _asset_changes(doc: Document, photos: list[ImportedPhoto]) -> list[Change]:
    return [set_item(doc.assets, photo.asset, photo.data) for photo in photos if photo.asset not in doc.assets]


def _finish(doc: Document, placement: Placement, changes: list[Change]) -> Placement:
    placement.changes = within_limits(doc, changes)
    if not placement.changes:
        placement.notes.append("文章未能放入：项目已达上限（文字、页面上的框或文章数过多）。")
    return placement


def place_article_on_page(doc: Document, page_index: int, article: ImportedArticle) -> Placement:
    """New frames on page ``page_index`` (0-based) for the article and its photos, on the grid;
    on a page with no room for them, the page's empty placeholder article when it has one."""
    band, grid, overlapping = free_band(doc, page_index)
    empty = empty_article_frame(doc, doc.pages[page_index]) if overlapping else None
    if empty is not None:
        placement = place_article_in_thread(doc, empty.id, article)
        placement.notes.insert(0, f"第 {page_index + 1} 页已没有空位，文章放入该页空着的文章框（在此粘贴正文）。")
        return placement
    columns, gutter_pt = max(1, grid.columns), grid.gutter_pt
    column_pt = (band.width_pt - gutter_pt * (columns - 1)) / columns
    text_rect, slot = band, None
    if article.photos:
        if columns >= 2:
            text_rect = Rect(band.x_pt, band.y_pt, band.width_pt - column_pt - gutter_pt, band.height_pt)
            slot = Rect(band.x_pt + band.width_pt - column_pt, band.y_pt, column_pt, band.height_pt)
        else:
            photo_height_pt = 0.4 * band.height_pt
            text_rect = Rect(band.x_pt, band.y_pt, band.width_pt, band.height_pt - photo_height_pt - gutter_pt)
            slot = Rect(band.x_pt, band.bottom_pt - photo_height_pt, band.width_pt, photo_height_pt)
    text_columns = max(1, columns - 1) if article.photos and columns >= 2 else columns
    placement = place_article_in_rects(doc, page_index, article, text_rect, slot, text_columns, gutter_pt)
    if overlapping:
        placement.notes.insert(0, f"第 {page_index + 1} 页已没有空位，新框放在版心内，与原有内容重叠，请调整。")
    return placement


def place_article_in_rects(doc: Document, page_index: int, article: ImportedArticle, text_rect: Rect,
                           photo_slot: Rect | None, text_columns: int = 1, gutter_pt: float = 12.0) -> Placement:
    """A text frame in ``text_rect`` and the photos in ``photo_slot`` (side by side when the
    slot is wider than tall, else stacked), on page ``page_index``."""
    placement = Placement(story_id=new_id(doc, "story"))
    photo_frames: list[Frame] = []
    caption_stories: list[Story] = []
    if article.photos and photo_slot is not None:
        in_row = photo_slot.width_pt > photo_slot.height_pt
        photo_frames, caption_stories = _photo_frames(doc, article.photos, photo_slot, in_row, article.title)
    story = conform(Story(id=placement.story_id, name=article.title, paragraphs=list(article.paragraphs)))
    text_frame = TextFrame(id=new_id(doc, "frame"), x_pt=text_rect.x_pt, y_pt=text_rect.y_pt,
                           width_pt=text_rect.width_pt, height_pt=max(text_rect.height_pt, 1.0),
                           story_id=story.id, columns=text_columns, gutter_pt=gutter_pt)
    new_frames = [text_frame, *photo_frames]
    placement.frame_ids = [frame.id for frame in new_frames]
    page = doc.pages[page_index]
    photos = article.photos if photo_frames else []
    changes = _style_changes(doc, article) + _asset_changes(doc, photos)
    changes += [set_item(doc.stories, s.id, conform(s)) for s in [story, *caption_stories]]
    changes.append(set_attr(page, "frames", list(page.frames) + [conform(frame) for frame in new_frames]))
    return _finish(doc, placement, changes)


def _page_index_of(doc: Document, frame: Frame) -> int:
    return next(i for i, page in enumerate(doc.pages) if any(f is frame for f in page.frames))


def _story_changes(doc: Document, stories: list[Story]) -> list[Change]:
    return [set_item(doc.stories, story.id, conform(story)) for story in stories]


def _headline(doc: Document, thread: list[TextFrame], article: ImportedArticle,
              placement: Placement) -> tuple[list[Paragraph], Story | None]:
    """The paragraphs left for the body, and the placeholder headline story above ``thread``
    filled with the article's headline (None: there is none, or the article has no title)."""
    page_index = _page_index_of(doc, thread[0])
    headline = headline_story(doc, doc.pages[page_index], thread)
    if headline is None:
        return list(article.paragraphs), None
    split = split_headline(list(article.paragraphs), headline)
    if not split.headline:
        return split.body, None
    note = f"标题已放入第 {page_index + 1} 页的标题框"
    if split.unfilled:
        note += f"；其中未用的占位文字（{'、'.join(split.unfilled)}）已删除"
    placement.notes.append(note + "。")
    return split.body, dataclasses.replace(headline, paragraphs=split.headline)


def _thread_photo_changes(doc: Document, thread: list[TextFrame], article: ImportedArticle,
                          placement: Placement) -> list[Change]:
    """The article's photos into the empty photo frames the template left in the thread
    (``editor.model.empty_photo_frames``), then at the top of the thread's columns on its first
    page, text wrapping around them (``editor.model.thread_photos``); those no column takes are
    stacked in the last column of the page's free band, text wrapping around them too, and the
    user is told."""
    filled = fill_empty_frames(doc, thread, list(article.photos), article.title)
    photos = filled.left
    page_index = _page_index_of(doc, thread[0])
    page = doc.pages[page_index]
    on_page = [frame for frame in thread if any(frame is f for f in page.frames)]
    shapes = [PhotoShape(p.width_px, p.height_px, _caption_space_pt(p)) for p in photos]
    occupied = _frame_rects(doc, page, leave_out=frozenset(frame.id for frame in thread))
    rects = photo_rects(right_to_left(on_page), shapes, occupied, TextWrap().gap_pt)
    frames: list[Frame] = []
    stories: list[Story] = []
    for number, (photo, rect) in enumerate(zip(photos, rects, strict=True), start=len(filled.frame_ids) + 1):
        if rect is not None:
            frame, caption_stories = _photo_frame(doc, photo, rect, number, article.title)
            frames.append(frame)
            stories += caption_stories
    left = [photo for photo, rect in zip(photos, rects, strict=True) if rect is None]
    if left:
        band, grid, _ = free_band(doc, page_index)
        column_pt = (band.width_pt - grid.gutter_pt * (max(1, grid.columns) - 1)) / max(1, grid.columns)
        slot = Rect(band.right_pt - column_pt, band.y_pt, column_pt, band.height_pt)
        more_frames, more_stories = _photo_frames(doc, left, slot, False, article.title,
                                                  len(filled.frame_ids) + len(frames) + 1)
        frames, stories = frames + more_frames, stories + more_stories
        placement.notes.append(f"{len(left)} 张图片在所选文本框的栏内放不下，已放在第 {page_index + 1} 页空白处，请调整。")
    for frame in frames:
        frame.wrap = TextWrap(mode="around")
    placement.frame_ids = filled.frame_ids + [frame.id for frame in frames]
    changes = filled.changes + _story_changes(doc, stories)
    if frames:
        changes.append(set_attr(page, "frames", list(page.frames) + [conform(frame) for frame in frames]))
    return changes


def place_article_in_thread(doc: Document, frame_id: str, article: ImportedArticle) -> Placement:
    """Replace the text of the thread ``frame_id`` belongs to, in the thread's styles when it holds a
    template's placeholders; the headline goes into the page's placeholder headline frame above the
    thread when there is one (``editor.model.article_heads``), the photos as ``_thread_photo_changes``
    says."""
    frame = doc.frame_by_id(frame_id)
    if not isinstance(frame, TextFrame):
        return Placement(notes=["请先选中一个文本框。"])
    placement = Placement(story_id=frame.story_id)
    thread = doc.story_frames(frame.story_id)
    old = doc.stories.get(frame.story_id)
    titled = any(p.style == TITLE_STYLE for p in article.paragraphs)
    name = article.title if titled or old is None or not old.name else old.name
    paragraphs, headline = _headline(doc, thread, article, placement)
    if old is not None and is_placeholder_story(old):
        paragraphs = in_template_styles(paragraphs, old)
    story = Story(id=frame.story_id, name=name, paragraphs=paragraphs,
                  jump_lines=old.jump_lines if old is not None else False)
    stories = [story] if headline is None else [headline, story]
    changes = _style_changes(doc, article, [p for s in stories for p in s.paragraphs])
    changes += _asset_changes(doc, article.photos) + _story_changes(doc, stories)
    if article.photos:
        changes += _thread_photo_changes(doc, thread, article, placement)
    return _finish(doc, placement, changes)


def place_articles_on_page(doc: Document, page_index: int, articles: list[ImportedArticle]) -> Placement:
    """Several articles on one page, each below the one before: one list of changes (one undo step).

    Each is placed on the document as the ones before it left it, so the
    changes are applied in turn to compute the next and taken back at the
    end; ``doc`` is left as it was. Nothing is placed when one does not fit
    the limits. The notes are the placement's (the articles keep their own).
    """
    combined = Placement()
    try:
        for article in articles:
            placement = place_article_on_page(doc, page_index, article)
            combined.notes += placement.notes
            if not placement.changes:
                combined.changes, combined.frame_ids = [], []
                return combined
            for change in placement.changes:
                change.apply(True)
            combined.changes += placement.changes
            combined.frame_ids += placement.frame_ids
    finally:
        for change in reversed(combined.changes):
            change.apply(False)
    return combined
