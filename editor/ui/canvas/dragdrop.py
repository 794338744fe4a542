"""Files dropped from the desktop: photos become photo frames, .txt and .docx become articles.

A photo dropped on a page makes a photo frame at the drop point, one grid
column wide (``grid``) with the photo's proportions; dropped on a photo
frame it replaces that frame's picture. A text or Word file is imported as
an article (``editor.io.article_import``: title, byline, body, photos and
captions in house styles) into a text frame one column wide from the drop
point down to the bottom margin (text that does not fit shows the overset
marker, ready to be threaded), its photos in the next column; dropped on an
empty text frame it fills that frame. Every problem is a one-line Chinese
message, never a traceback: a damaged photo, an unknown encoding, an old
.doc file. Several files dropped at once are one undo step.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from editor.errors import BanmianError, display_name
from editor.io.article_import import ARTICLE_SUFFIXES, OLD_SUFFIXES, read_article
from editor.io.photo_checks import ACCEPTED_TEXT
from editor.io.photos import import_photo, read_photo_info
from editor.model import arrange, edits
from editor.model.article_placement import place_article_in_rects, place_article_in_thread
from editor.model.frames import Frame, ImageFrame, TextFrame
from editor.model.geometry import Rect
from editor.model.story import Story

if TYPE_CHECKING:
    from editor.ui.canvas.surface import CanvasSurface

PHOTO_SUFFIXES = frozenset({".jpg", ".jpeg", ".jpe", ".png", ".webp", ".tif", ".tiff", ".bmp", ".gif", ".heic", ".heif"})
#: Articles (.txt, .docx) and the old Word files the article reader refuses by name.
ARTICLE_FILE_SUFFIXES = frozenset(ARTICLE_SUFFIXES + OLD_SUFFIXES)
#: Space between photos dropped together, stacked down the column (points).
STACK_GAP_PT = 8.0
MIN_TEXT_HEIGHT_PT = 72.0


class DropError(BanmianError):
    """A dropped file cannot be used; ``message`` says why, in Chinese."""


def accepts(path: Path) -> bool:
    """Whether a dropped file is worth offering a drop for (the drop itself checks the content)."""
    return path.suffix.lower() in PHOTO_SUFFIXES | ARTICLE_FILE_SUFFIXES


def _is_empty(story: Story | None) -> bool:
    return story is None or not any(run.text or run.field for p in story.paragraphs for run in p.runs)


class _Drop:
    """One drop: files placed in turn, each an edit under the same merge key (one undo step)."""

    def __init__(self, canvas: CanvasSurface, page_index: int, x_pt: float, y_pt: float) -> None:
        self.canvas = canvas
        self.page_index = page_index
        self.x, self.y = x_pt, y_pt
        self.key = canvas.next_merge_key("drop")
        self.placed: list[str] = []
        self.label = ""

    def edit(self, label: str, changes: list) -> bool:
        self.label = self.label or label
        return self.canvas.controller.edit(self.label, changes, merge_key=self.key)

    def column(self) -> tuple[float, float]:
        return self.canvas.grid(self.page_index).column_at(self.x)

    def fit_on_page(self, height: float) -> float:
        """The top for a frame of ``height`` dropped at y: moved up to stay inside the bottom margin."""
        area = self.canvas.grid(self.page_index).margin_rect
        return max(area.y_pt, min(self.y, area.bottom_pt - height)) if height <= area.height_pt else area.y_pt

    def photo(self, path: Path, target: Frame | None) -> None:
        asset, data = import_photo(path)
        doc = self.canvas.controller.doc
        if isinstance(target, ImageFrame) and not self.placed:
            if target.locked:
                raise DropError("图片框已锁定，不能更换图片。")
            if self.edit("更换图片", edits.replace_photo(doc, target.id, asset, data)):
                self.edit("更换图片", arrange.update_frames(doc, [target.id], source_name=path.name))  # one undo step
                self.placed.append(target.id)
            return
        info = read_photo_info(data, path.name)
        left, right = self.column()
        width = right - left
        height = width * info.height_px / max(info.width_px, 1)
        top = self.fit_on_page(height)
        frame = ImageFrame(id=edits.new_id(doc, "frame"), x_pt=left, y_pt=top, width_pt=width, height_pt=height,
                           asset=asset, source_name=path.name)
        if self.edit("置入图片", edits.add_frame(doc, self.page_index, frame, assets={asset: data})):
            self.placed.append(frame.id)
            self.y = top + height + STACK_GAP_PT

    def text(self, path: Path, target: Frame | None) -> None:
        """An article file: into an empty text frame dropped on, else a text frame one column wide
        from the drop point down, its photos in the next column (or under the text in the last)."""
        doc = self.canvas.controller.doc
        article = read_article(path)  # as 导入文章 reads it: encodings, .doc refused, limits
        if isinstance(target, TextFrame) and _is_empty(doc.stories.get(target.story_id)) and not self.placed:
            placement = place_article_in_thread(doc, target.id, article)
            if self.edit("置入文字", placement.changes):
                self.placed += [target.id, *placement.frame_ids]
            return
        grid = self.canvas.grid(self.page_index)
        left, right = self.column()
        area = grid.margin_rect
        top = self.fit_on_page(MIN_TEXT_HEIGHT_PT)
        height = max(area.bottom_pt - top, MIN_TEXT_HEIGHT_PT)
        text_rect = Rect(left, top, right - left, height)
        after = [column for column in grid.columns if column[0] > left]
        photo_slot = None
        if article.photos and after:
            photo_slot = Rect(after[0][0], top, after[0][1] - after[0][0], height)
        elif article.photos:
            photos_pt = 0.4 * height
            text_rect = Rect(left, top, right - left, height - photos_pt - STACK_GAP_PT)
            photo_slot = Rect(left, top + height - photos_pt, right - left, photos_pt)
        placement = place_article_in_rects(doc, self.page_index, article, text_rect, photo_slot)
        if self.edit("置入文字", placement.changes):
            self.placed += placement.frame_ids
            used_right = photo_slot.x_pt + photo_slot.width_pt if photo_slot is not None else right
            self.x = used_right + 1.0  # the next text file goes into the next free column


def drop_files(canvas: CanvasSurface, page_index: int, x_pt: float, y_pt: float, paths: list[Path],
               target: Frame | None) -> list[str]:
    """Place dropped files at a page point (``target``: the frame under it). Returns the new or
    changed frames' ids; problems are reported through ``canvas.notify``."""
    drop = _Drop(canvas, page_index, x_pt, y_pt)
    problems: list[str] = []
    for path in paths:
        suffix = path.suffix.lower()
        try:
            if suffix in PHOTO_SUFFIXES:
                drop.photo(path, target)
            elif suffix in ARTICLE_FILE_SUFFIXES:
                drop.text(path, target)
            else:
                raise DropError(f"不支持的文件类型“{display_name(path.name)}”：可以拖入照片（{ACCEPTED_TEXT}）、"
                                "纯文本（.txt）或 Word 文档（.docx）。")
        except BanmianError as problem:
            problems.append(problem.message)
    if canvas.controller.read_only and paths:
        problems.append("文档以只读方式打开，不能置入文件。")
    if problems:
        canvas.notify(problems[0] if len(problems) == 1 else f"{len(problems)} 个文件没有置入：{problems[0]}")
    if drop.placed:
        canvas.controller.select(drop.placed)
    return drop.placed

