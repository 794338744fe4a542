"""The document's pages in the canvas's scene: one ``PageItem`` each, one below the other.

Kept apart from the view (``view.py``: zoom, scrolling, tools, text editing,
public API) because it is one job with its own state: where page ``i`` sits
(``page_origin``, pages ``PAGE_GAP_PT`` apart on a pasteboard), the page
pictures and their grids, which pages show an input method's provisional
display list instead of the layout's, and how many page pictures are kept
in memory. The view calls it when the controller says the layout, the
pages or the model changed.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtWidgets import QGraphicsScene

from editor.layout.display import DocumentLayout, PageLayout
from editor.model.changes import revisions
from editor.model.document import Document
from editor.render.qt import PhotoCache
from editor.ui.canvas.grid import PageGrid, page_grid
from editor.ui.canvas.page_item import PageItem

PAGE_GAP_PT = 36.0
PASTEBOARD_PT = 200.0
#: Page pictures kept beyond the visible pages are dropped above this (bytes).
CACHE_BUDGET = 192 * 1024 * 1024


def page_origin(doc: Document, index: int) -> QPointF:
    """Where page ``index``'s top-left corner is in the scene."""
    return QPointF(0.0, index * (doc.page_height_pt + PAGE_GAP_PT))


def page_at(doc: Document, scene: QPointF) -> int:
    """The page under (or nearest) a scene point."""
    count = len(doc.pages)
    pitch = doc.page_height_pt + PAGE_GAP_PT
    return max(0, min(count - 1, math.floor((scene.y() + PAGE_GAP_PT / 2) / pitch))) if count else 0


def scene_bounds(doc: Document) -> QRectF:
    """The scene's extent: every page and a pasteboard around them."""
    count = max(len(doc.pages), 1)
    height = count * doc.page_height_pt + (count - 1) * PAGE_GAP_PT
    return QRectF(-PASTEBOARD_PT, -PAGE_GAP_PT - 20.0, doc.page_width_pt + 2 * PASTEBOARD_PT,
                  height + 2 * PAGE_GAP_PT + 20.0)


class PageStack:
    """The page items of one scene, their grids, and the pages showing a provisional display list."""

    def __init__(self, scene: QGraphicsScene, photos: PhotoCache) -> None:
        self._scene = scene
        self._photos = photos
        self._pages: list[PageItem] = []
        self._grids: list[PageGrid] = []
        self._grid_inputs: tuple[tuple, list[tuple]] | None = None
        #: Pages showing a provisional display list (an input method's preedit), not the layout's.
        self._provisional: set[int] = set()
        self._page_size = (0.0, 0.0, 0.0)
        #: 视图 → 字段底纹 (on by default, like Word's field shading).
        self.field_shading = True

    def items(self) -> list[PageItem]:
        return list(self._pages)

    def grid(self, page_index: int) -> PageGrid:
        return self._grids[page_index]

    def rebuild(self, doc: Document, layout: DocumentLayout) -> QRectF:
        """Make every page's item anew (pages added, removed or resized); returns the scene's bounds."""
        for item in self._pages:
            self._scene.removeItem(item)
        self._grids = [page_grid(doc, page) for page in doc.pages]
        self._grid_inputs = _grid_inputs(doc, len(self._grids))
        self._pages = []
        self._provisional = set()
        for index, page_layout in enumerate(layout.pages):
            item = PageItem(index, doc, page_layout, self._grids[index], self._photos)
            item.field_shading = self.field_shading
            item.setPos(page_origin(doc, index))
            self._scene.addItem(item)
            self._pages.append(item)
        self._page_size = (doc.page_width_pt, doc.page_height_pt, doc.bleed_pt)
        bounds = scene_bounds(doc)
        self._scene.setSceneRect(bounds)
        return bounds

    def _show(self, doc: Document, pages: dict[int, PageLayout], visible: QRectF) -> None:
        for index, page in pages.items():
            if 0 <= index < len(self._pages):
                item = self._pages[index]
                item.set_page(doc, page, item.sceneBoundingRect().intersects(visible))

    def layout_changed(self, doc: Document, layout: DocumentLayout, indexes: list[int], visible: QRectF) -> None:
        """Show the new display lists of these pages (those in ``visible`` painted at once)."""
        self._show(doc, {i: layout.pages[i] for i in indexes if 0 <= i < len(layout.pages)}, visible)

    def show_provisional(self, doc: Document, layout: DocumentLayout, pages: dict[int, PageLayout],
                         visible: QRectF) -> None:
        """Show these display lists instead of the layout's, and the layout's own again on the pages
        no longer in ``pages``."""
        shown = {i: layout.pages[i] for i in self._provisional - set(pages) if i < len(layout.pages)}
        shown.update(pages)
        self._show(doc, shown, visible)
        self._provisional = set(pages)

    def resized(self, doc: Document) -> bool:
        """Whether the page size or bleed changed since the last ``rebuild``."""
        return (doc.page_width_pt, doc.page_height_pt, doc.bleed_pt) != self._page_size

    def update_grids(self, doc: Document) -> None:
        """Give each page its grid again where margins, columns or its master changed: only the
        pages whose master or frames list changed while the margins and masters are the same
        (none at a keystroke, one while a frame is dragged)."""
        inputs = _grid_inputs(doc, len(self._pages))
        last, self._grid_inputs = self._grid_inputs, inputs
        if last is not None and last[0] == inputs[0] and len(last[1]) == len(inputs[1]):
            indices = [i for i, (old, new) in enumerate(zip(last[1], inputs[1], strict=True)) if old != new]
        else:
            indices = list(range(len(inputs[1])))
        for index in indices:
            grid = page_grid(doc, doc.pages[index])
            if grid != self._grids[index]:
                self._grids[index] = grid
                self._pages[index].set_grid(grid)

    def drop_caches(self) -> None:
        """Forget every page picture (the zoom changed)."""
        for page in self._pages:
            page.drop_cache()

    def trim_caches(self, visible: QRectF) -> None:
        """Drop pictures of pages out of view when they hold more than CACHE_BUDGET."""
        total = sum(p.cache_bytes() for p in self._pages)
        if total <= CACHE_BUDGET:
            return
        hidden = [p for p in self._pages if not p.sceneBoundingRect().intersects(visible)]
        for page in hidden:
            if total <= CACHE_BUDGET:
                break
            total -= page.drop_cache()

    def set_guides_visible(self, visible: bool) -> None:
        for page in self._pages:
            page.guides_visible = visible
            page.update()

    def set_field_shading(self, shown: bool) -> None:
        self.field_shading = shown
        for page in self._pages:
            page.set_field_shading(shown)


def _grid_inputs(doc: Document, count: int) -> tuple[tuple, list[tuple]]:
    """What ``page_grid`` reads for the first ``count`` pages: what all pages share (the page size,
    the margins, each master's margins and grid, ``revisions().in_place``: a change made in place),
    and each page's master and frames list (changes put a new list where a frame changed)."""
    shared = (doc.page_width_pt, doc.page_height_pt, doc.margins,
              tuple([(master.id, master.margins, master.grid) for master in doc.masters]), revisions().in_place)
    return shared, [(page.master_id, page.frames) for page in doc.pages[:count]]
