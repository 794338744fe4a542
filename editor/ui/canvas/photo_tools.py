"""Working on the picture inside a photo frame: pan, scale, fit modes.

The frame is the crop window; ``fit`` places the photo in it, ``zoom``
scales it further and the offsets move its centre (``layout.images``).
Panning is a drag with Ctrl or Alt held over the photo, scaling is
Ctrl+wheel over a selected photo (about the cursor, like a picture viewer),
and a fit mode resets zoom and offsets, as InDesign's 适合 commands do. The
caption belongs to the ``ImageFrame``, so it moves with its photo with no
extra work. Every change goes through ``edits.update_frame``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from editor.model import edits
from editor.model.changes import Change
from editor.model.document import Document
from editor.model.frames import ImageFrame

if TYPE_CHECKING:
    from editor.ui.canvas.gestures import Pointer
    from editor.ui.canvas.surface import CanvasSurface

#: Fit modes as the menus and the properties panel name them.
FIT_LABELS = {"fill": "填充", "fit": "适合", "original": "原始尺寸"}
MIN_ZOOM = 0.05
MAX_ZOOM = 20.0
#: Photo scale change per wheel notch.
WHEEL_STEP = 1.1


def fit_changes(doc: Document, frame_ids: list[str], mode: str) -> list[Change]:
    """Set the fit mode of the given photo frames, with zoom 1 and the photo centred."""
    changes: list[Change] = []
    for frame_id in frame_ids:
        frame = edits.find_frame(doc, frame_id)
        if isinstance(frame, ImageFrame) and not frame.locked:
            changes += edits.update_frame(doc, frame_id, fit=mode, zoom=1.0, offset_x_pt=0.0, offset_y_pt=0.0)
    return changes


def scale_changes(doc: Document, frame: ImageFrame, factor: float, about_x_pt: float, about_y_pt: float) -> list[Change]:
    """Scale the photo by ``factor`` keeping the photo point under (about_x, about_y) where it is."""
    zoom = max(MIN_ZOOM, min(MAX_ZOOM, frame.zoom * factor))
    factor = zoom / frame.zoom
    centre_x = frame.x_pt + frame.width_pt / 2
    centre_y = frame.y_pt + frame.height_pt / 2
    photo_x, photo_y = centre_x + frame.offset_x_pt, centre_y + frame.offset_y_pt
    new_x = about_x_pt + (photo_x - about_x_pt) * factor
    new_y = about_y_pt + (photo_y - about_y_pt) * factor
    return edits.update_frame(doc, frame.id, zoom=zoom, offset_x_pt=new_x - centre_x, offset_y_pt=new_y - centre_y)


class PhotoPanGesture:
    """Drag the picture inside its frame (the frame stays)."""

    def __init__(self, canvas: CanvasSurface, pointer: Pointer, frame: ImageFrame) -> None:
        self._canvas = canvas
        self._frame_id = frame.id
        self._start = pointer.scene
        self._origin = (frame.offset_x_pt, frame.offset_y_pt)
        self._key = canvas.next_merge_key("pan-photo")
        if canvas.controller.read_only:
            canvas.notify_once("文档以只读方式打开，不能修改。")

    def move(self, pointer: Pointer) -> None:
        dx = pointer.scene.x() - self._start.x()
        dy = pointer.scene.y() - self._start.y()
        self._set(self._origin[0] + dx, self._origin[1] + dy)

    def _set(self, offset_x_pt: float, offset_y_pt: float) -> None:
        controller = self._canvas.controller
        frame = edits.find_frame(controller.doc, self._frame_id)
        if not isinstance(frame, ImageFrame) or (frame.offset_x_pt, frame.offset_y_pt) == (offset_x_pt, offset_y_pt):
            return
        changes = edits.update_frame(controller.doc, self._frame_id, offset_x_pt=offset_x_pt, offset_y_pt=offset_y_pt)
        controller.edit("平移图片内容", changes, merge_key=self._key)

    def finish(self, pointer: Pointer) -> None:
        self.move(pointer)

    def cancel(self) -> None:
        self._set(*self._origin)
