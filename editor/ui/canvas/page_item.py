"""One page on the canvas: its display list painted once into an image, and its guides.

Painting a page from the display list takes milliseconds; showing a cached
image takes microseconds. So each page keeps a picture of itself at the
current device scale and repaints into it only the regions whose items
changed (``damage.changed_regions``) — a keystroke repaints a few lines, a
dragged photo two rectangles — and redraws it whole only when the zoom
changes. Above ``MAX_CACHE_PIXELS`` (very high zoom) the page paints the
exposed part straight from the display list instead of keeping a huge image.

Guides (bleed, margins, columns) are drawn over the picture, never into it:
they are not part of the print.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from editor.layout.display import PageLayout, Rect
from editor.model.document import Document
from editor.render.qt import PhotoCache, paint_page
from editor.ui.canvas.damage import changed_regions, items_in, merged
from editor.ui.canvas.grid import PageGrid

#: Largest cached page picture (device pixels); beyond it the page is painted directly.
MAX_CACHE_PIXELS = 16_000_000

PAPER = QColor(255, 255, 255)
#: The grey around the pages (the view's background too).
PASTEBOARD = QColor(218, 218, 218)
SHADOW = QColor(160, 160, 160)
SHADOW_PT = 3.0
BLEED_GUIDE = QColor(230, 60, 60)
MARGIN_GUIDE = QColor(214, 0, 214)
COLUMN_GUIDE = QColor(140, 90, 230)
#: Baseline grid of a master (InDesign draws it light blue).
BASELINE_GUIDE = QColor(150, 200, 235)


def _cosmetic(color: QColor, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
    pen = QPen(color, 0.0, style)
    pen.setCosmetic(True)
    return pen


class PageItem(QGraphicsItem):
    """A page at its place in the scene; item coordinates are the page's points."""

    def __init__(self, index: int, doc: Document, page: PageLayout, grid: PageGrid, photos: PhotoCache) -> None:
        super().__init__()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption, True)
        self.index = index
        self._doc = doc
        self._page = page
        self._grid = grid
        self._photos = photos
        self._bleed = doc.bleed_pt
        self._image: QImage | None = None
        self._image_scale = 0.0
        self._pending: list[Rect] = []
        #: The items the picture shows, and whether edits happened out of view since.
        self._shown_items = page.items
        self._stale = False
        self.guides_visible = True
        #: 视图 → 字段底纹: field text on a light grey background (on screen only).
        self.field_shading = True
        #: Paints from the display list since creation (for tests and benchmarks).
        self.renders = 0

    # ------------------------------------------------------------ state

    @property
    def page(self) -> PageLayout:
        return self._page

    @property
    def grid(self) -> PageGrid:
        return self._grid

    def page_rect(self) -> QRectF:
        return QRectF(0.0, 0.0, self._page.width_pt, self._page.height_pt)

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt's name
        return self._bleed_box().adjusted(-1.0, -1.0, 1.0, 1.0)

    def set_page(self, doc: Document, page: PageLayout, visible: bool = True) -> None:
        """A new display list for this page: repaint only what differs from the picture.

        A page out of view only notes that its picture is stale; the regions
        are worked out when it is next painted, once, however many edits
        happened in between.
        """
        previous = self._page.items
        self._doc = doc
        self._page = page
        if self._image is None:
            self.update()
            return
        if not visible:
            self._stale = True
            return
        regions = changed_regions(previous, page.items)
        if regions:
            self._pending = merged(self._pending + regions)
            for r in regions:
                self.update(QRectF(r.x_pt, r.y_pt, r.width_pt, r.height_pt))

    def set_grid(self, grid: PageGrid) -> None:
        if grid != self._grid:
            self._grid = grid
            self.update()

    def set_field_shading(self, shown: bool) -> None:
        """Shade field text or not; the picture is painted again."""
        if shown != self.field_shading:
            self.field_shading = shown
            self.invalidate()

    def invalidate(self) -> None:
        """Forget the picture (another document, or photos changed)."""
        self._image = None
        self._pending.clear()
        self.update()

    def drop_cache(self) -> int:
        """Free the picture (page scrolled far away); returns the bytes freed."""
        freed = self._image.sizeInBytes() if self._image is not None else 0
        self._image = None
        self._pending.clear()
        return freed

    def cache_bytes(self) -> int:
        return self._image.sizeInBytes() if self._image is not None else 0

    # ------------------------------------------------------------ painting

    def _bleed_box(self) -> QRectF:
        """The pictured area: the page with its bleed (and room for the shadow)."""
        b = max(self._bleed, SHADOW_PT)
        return QRectF(-b, -b, self._page.width_pt + 2 * b, self._page.height_pt + 2 * b)

    def _render(self, painter: QPainter, regions: list[Rect] | None) -> None:
        """Paint pasteboard, shadow, paper and items (all, or those touching ``regions``) in page points."""
        page = self._page
        items = page.items if regions is None else items_in(page.items, regions)
        paper = QRectF(0.0, 0.0, page.width_pt, page.height_pt)
        painter.fillRect(self._bleed_box(), PASTEBOARD)
        painter.fillRect(paper.translated(SHADOW_PT, SHADOW_PT), SHADOW)
        painter.fillRect(paper, PAPER)
        paint_page(painter, PageLayout(page.index, page.width_pt, page.height_pt, items), self._doc, self._photos,
                   self.field_shading)
        self.renders += 1

    def _build_image(self, scale: float, dpr: float) -> None:
        box = self._bleed_box()
        width = max(1, math.ceil(box.width() * scale))
        height = max(1, math.ceil(box.height() * scale))
        # Opaque RGB32: the fastest to blit, and what photos decoded as RGB32 draw into correctly.
        image = QImage(width, height, QImage.Format.Format_RGB32)
        painter = QPainter(image)
        painter.scale(scale, scale)
        painter.translate(-box.x(), -box.y())
        painter.setClipRect(box)
        self._render(painter, None)
        painter.end()
        image.setDevicePixelRatio(dpr)
        self._image, self._image_scale = image, scale
        self._shown_items = self._page.items
        self._stale = False
        self._pending.clear()

    def _flush_pending(self) -> None:
        """Repaint changed regions into the picture, each clipped to whole device pixels."""
        if self._stale:
            self._pending = merged(self._pending + changed_regions(self._shown_items, self._page.items))
            self._stale = False
        self._shown_items = self._page.items
        if not self._pending or self._image is None:
            self._pending.clear()
            return
        scale, box = self._image_scale, self._bleed_box()
        clip = QPainterPath()
        clip.setFillRule(Qt.FillRule.WindingFill)  # touching rectangles must not cancel out
        regions: list[Rect] = []
        for r in self._pending:  # widened to whole device pixels, so no seams
            x0 = math.floor((r.x_pt - box.x()) * scale) / scale + box.x()
            y0 = math.floor((r.y_pt - box.y()) * scale) / scale + box.y()
            x1 = math.ceil((r.right_pt - box.x()) * scale) / scale + box.x()
            y1 = math.ceil((r.bottom_pt - box.y()) * scale) / scale + box.y()
            area = QRectF(x0, y0, x1 - x0, y1 - y0).intersected(box)
            if not area.isEmpty():
                clip.addRect(area)
                regions.append(Rect(area.x(), area.y(), area.width(), area.height()))
        self._pending.clear()
        if not regions:
            return
        # Painted in the picture's own pixels, as it was built: a QPainter on an image that carries a
        # device pixel ratio scales by it first, which drew every repaint 1.25 / 1.5 times too large on
        # a screen set to 125 % / 150 % (Windows laptops often are).
        dpr = self._image.devicePixelRatio()
        self._image.setDevicePixelRatio(1.0)
        painter = QPainter(self._image)
        painter.scale(scale, scale)
        painter.translate(-box.x(), -box.y())
        painter.setClipPath(clip)
        self._render(painter, regions)
        painter.end()
        self._image.setDevicePixelRatio(dpr)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        dpr = widget.devicePixelRatioF() if widget is not None else 1.0
        transform = painter.worldTransform()
        scale = math.hypot(transform.m11(), transform.m12()) * dpr
        box = self._bleed_box()
        if box.width() * box.height() * scale * scale <= MAX_CACHE_PIXELS:
            if self._image is None or abs(self._image_scale - scale) > 1e-6:
                self._build_image(scale, dpr)
            else:
                self._flush_pending()
            assert self._image is not None
            self._blit(painter, option.exposedRect.intersected(box), scale, dpr)
        else:
            self._image = None
            exposed = option.exposedRect.intersected(box)
            painter.save()
            painter.setClipRect(exposed)
            self._render(painter, [Rect(exposed.x(), exposed.y(), exposed.width(), exposed.height())])
            painter.restore()
        if self.guides_visible:
            self._paint_guides(painter)

    def _blit(self, painter: QPainter, exposed: QRectF, scale: float, dpr: float) -> None:
        """Copy the exposed part of the picture 1:1 onto whole device pixels, so it stays sharp."""
        image, box = self._image, self._bleed_box()
        assert image is not None
        origin = painter.worldTransform().map(box.topLeft())
        ox, oy = round(origin.x() * dpr), round(origin.y() * dpr)
        x0 = max(0, math.floor((exposed.left() - box.left()) * scale) - 1)
        y0 = max(0, math.floor((exposed.top() - box.top()) * scale) - 1)
        x1 = min(image.width(), math.ceil((exposed.right() - box.left()) * scale) + 1)
        y1 = min(image.height(), math.ceil((exposed.bottom() - box.top()) * scale) + 1)
        if x1 <= x0 or y1 <= y0:
            return
        painter.save()
        painter.resetTransform()
        target = QRectF((ox + x0) / dpr, (oy + y0) / dpr, (x1 - x0) / dpr, (y1 - y0) / dpr)
        painter.drawImage(target, image, QRectF(x0, y0, x1 - x0, y1 - y0))
        painter.restore()

    def _paint_guides(self, painter: QPainter) -> None:
        grid, b = self._grid, self._bleed
        painter.save()
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if b > 0:
            painter.setPen(_cosmetic(BLEED_GUIDE))
            painter.drawRect(QRectF(-b, -b, self._page.width_pt + 2 * b, self._page.height_pt + 2 * b))
        area = grid.margin_rect
        painter.setPen(_cosmetic(COLUMN_GUIDE))
        for left, right in grid.columns:
            for x in (left, right):
                if abs(x - area.x_pt) > 0.01 and abs(x - area.right_pt) > 0.01:
                    painter.drawLine(QPointF(x, area.y_pt), QPointF(x, area.bottom_pt))
        painter.setPen(_cosmetic(BASELINE_GUIDE))
        for y in grid.baselines():
            painter.drawLine(QPointF(area.x_pt, y), QPointF(area.right_pt, y))
        painter.setPen(_cosmetic(MARGIN_GUIDE))
        painter.drawRect(QRectF(area.x_pt, area.y_pt, area.width_pt, area.height_pt))
        painter.restore()
