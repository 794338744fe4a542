"""The 编辑, 排列 and 插入 menus' work on the selection: align, distribute, stack order,
lock, delete, select all, and placing a photo chosen with 插入图片….

插入图片 puts the photo into the selected photo frame when there is one (an
empty placeholder is filled, a full one gets the new photo), as Publisher,
InDesign and WPS place into the selected frame; only with no photo frame
selected does it make a new frame: one grid column wide, in the free spot
nearest the middle of the part of the page in view, or centred there when
the page has no free spot (``editor.layout.free_spot``).

Each command is one undoable edit named as the menu names it (撤销 左对齐),
built by the pure functions of ``editor.model``; this module only picks
the frames and the page.
"""

from __future__ import annotations

import itertools
from pathlib import Path

from editor.errors import PhotoError, display_name
from editor.io.os_errors import os_error_reason
from editor.io.photos import PhotoInfo, verify_photo
from editor.io.project import asset_name
from editor.io.regular_files import FileTooLargeError, NotRegularFileError, read_regular_file
from editor.layout.display import Rect
from editor.layout.free_spot import centred, free_spot, occupied_rects, photo_size
from editor.model import arrange, edits
from editor.model.frames import ImageFrame
from editor.ui.canvas.dragdrop import PHOTO_SUFFIXES
from editor.ui.canvas.grid import page_grid
from editor.ui.controller import DocumentController

ALIGN_LABELS: dict[str, str] = {
    "left": "左对齐", "hcenter": "水平居中对齐", "right": "右对齐",
    "top": "顶对齐", "vcenter": "垂直居中对齐", "bottom": "底对齐",
}
DISTRIBUTE_LABELS: dict[str, str] = {"horizontal": "水平分布", "vertical": "垂直分布"}
RESTACK_LABELS: dict[int, str] = {1000: "置于顶层", 1: "上移一层", -1: "下移一层", -1000: "置于底层"}
#: Photos 插入图片 accepts (HEIC only with pillow-heif installed; reading says so otherwise).
PHOTO_FILTER = "图片 (" + " ".join(f"*{suffix}" for suffix in sorted(PHOTO_SUFFIXES)) + ")"
#: Largest photo file read into a project.
MAX_PHOTO_BYTES = 256 * 1024 * 1024
#: Space a new photo keeps from what is on the page when the grid has no gutter (points, about 4 mm).
PHOTO_GAP_PT = 12.0
#: Merge keys making "put the photo in" and "keep its file name" one undo step.
_PLACE_KEYS = (f"place-photo-{number}" for number in itertools.count())


def _read_photo(path: Path) -> tuple[str, bytes, PhotoInfo]:
    """The asset name, bytes and size of a photo file (``PhotoError`` if unusable)."""
    name = display_name(path.name)
    try:
        data = read_regular_file(path, MAX_PHOTO_BYTES)
    except FileTooLargeError as problem:
        raise PhotoError(f"图片“{name}”过大（超过 {MAX_PHOTO_BYTES // (1024 * 1024)} MB），无法插入。") from problem
    except NotRegularFileError as problem:
        raise PhotoError(f"无法读取图片“{name}”：它不是普通文件（是文件夹或设备）。") from problem
    except OSError as problem:
        raise PhotoError(f"无法读取图片“{name}”：{os_error_reason(problem)}。") from problem
    info = verify_photo(data, path.name)
    return asset_name(data, path.suffix), data, info


class ArrangeCommands:
    """Selection commands for one controller."""

    def __init__(self, controller: DocumentController) -> None:
        self._controller = controller

    def _ids(self) -> list[str]:
        return list(self._controller.selection)

    def align(self, edge: str) -> bool:
        return self._controller.edit(ALIGN_LABELS[edge], arrange.align_frames(self._controller.doc, self._ids(), edge))

    def distribute(self, axis: str) -> bool:
        return self._controller.edit(DISTRIBUTE_LABELS[axis],
                                     arrange.distribute_frames(self._controller.doc, self._ids(), axis))

    def restack(self, step: int) -> bool:
        return self._controller.edit(RESTACK_LABELS[step], arrange.restack_frames(self._controller.doc, self._ids(), step))

    def set_locked(self, locked: bool) -> bool:
        return self._controller.edit("锁定" if locked else "解除锁定",
                                     arrange.update_frames(self._controller.doc, self._ids(), locked=locked))

    def delete(self) -> bool:
        from editor.ui.canvas.master_mode import delete_changes  # a master's items while it is edited

        ids = self._ids()
        return bool(ids) and self._controller.edit("删除", delete_changes(self._controller, ids))

    def select_all(self, page_index: int) -> None:
        from editor.ui.canvas.master_mode import hit_page  # a master's items while it is edited

        doc = self._controller.doc
        if 0 <= page_index < len(doc.pages):
            self._controller.select([f.id for f in hit_page(self._controller, page_index).frames])

    def deselect(self) -> None:
        self._controller.select([])

    def insert_photo(self, path: Path, page_index: int, visible: Rect | None = None) -> bool:
        """Put a photo file into the selected photo frame, or else into a new frame one column
        wide with the photo's proportions where it covers nothing on the page, nearest the middle
        of ``visible`` (the part of the page in view, in its points; the page's middle when None)
        (``PhotoError`` if the file is not a usable photo or the chosen frame is locked)."""
        doc = self._controller.doc
        if not doc.pages:
            return False
        name, data, info = _read_photo(path)
        target = self._selected_photo_frame()
        if target is not None:
            return self._place_into(target, name, data, path.name)
        page_index = max(0, min(page_index, len(doc.pages) - 1))
        rect = self._new_photo_rect(page_index, info, visible)
        frame = ImageFrame(id=edits.new_id(doc, "photo"), x_pt=rect.x_pt, y_pt=rect.y_pt, width_pt=rect.width_pt,
                           height_pt=rect.height_pt, asset=name, source_name=path.name)
        if not self._controller.edit("插入图片", edits.add_frame(doc, page_index, frame, assets={name: data})):
            return False
        self._controller.select([frame.id])
        return True

    def _selected_photo_frame(self) -> ImageFrame | None:
        """The first photo frame in the selection, which 插入图片 fills."""
        return next((f for f in self._controller.selected_frames() if isinstance(f, ImageFrame)), None)

    def _place_into(self, frame: ImageFrame, name: str, data: bytes, source_name: str) -> bool:
        if frame.locked:
            raise PhotoError("所选图片框已锁定，不能放入图片。请先解除锁定（排列 → 解除锁定）。")
        text = "更换图片" if frame.asset else "置入图片"
        doc, key = self._controller.doc, next(_PLACE_KEYS)
        if not self._controller.edit(text, edits.replace_photo(doc, frame.id, name, data), merge_key=key):
            return False
        self._controller.edit(text, arrange.update_frames(doc, [frame.id], source_name=source_name), merge_key=key)
        self._controller.select([frame.id])
        return True

    def _new_photo_rect(self, page_index: int, info: PhotoInfo, visible: Rect | None) -> Rect:
        """Where 插入图片 puts a new frame on the page (see the module docstring)."""
        doc = self._controller.doc
        page = doc.pages[page_index]
        grid = page_grid(doc, page)  # the columns the canvas draws and a dropped photo fills
        area, columns = grid.margin_rect, grid.columns
        size = photo_size(area, grid.column_width_pt, info.width_px, info.height_px)
        seen = visible if visible is not None and visible.width_pt > 0 and visible.height_pt > 0 else None
        whole = seen or Rect(0.0, 0.0, doc.page_width_pt, doc.page_height_pt)
        aim = (whole.x_pt + whole.width_pt / 2, whole.y_pt + whole.height_pt / 2)
        gutter_pt = columns[1][0] - columns[0][1] if len(columns) > 1 else 0.0
        occupied = occupied_rects([*page.frames, *doc.shown_master_frames(page)])
        spot = free_spot(area, columns, size, occupied, aim, gutter_pt or PHOTO_GAP_PT, seen)
        return spot or centred(area, size, aim)
