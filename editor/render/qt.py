"""The Qt painter backend: draws a page's display list with a QPainter.

It draws what the PDF backend (``editor.render.pdf``) draws, the same way
(both walk the list with ``display_dispatch.paint_items``), so the canvas
shows the print: glyphs by ID at the composer's positions from the very
font file the display list names (``qt_fonts``); photos upright, then turned
by the user's rotation, into their image rectangle and clipped to their
frame (``qt_photos``); rules with butt caps and boxes with mitred corners
and the stroke centred on the edge, as ReportLab's defaults are.

All drawing is in points from the page's top-left corner, y down; the caller
sets the painter's transform for zoom or resolution. Qt needs a
``QGuiApplication`` before fonts can be loaded: the editor has one, and
``render_page_image`` creates a ``QApplication`` (honouring
``QT_QPA_PLATFORM``, e.g. ``offscreen``) when called without.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QGlyphRun,
    QGuiApplication,
    QImage,
    QPagedPaintDevice,
    QPaintEngine,
    QPainter,
    QPainterPath,
    QPen,
    QRawFont,
    QTransform,
)

from editor.errors import ExportError
from editor.layout.display import BoxItem, DocumentLayout, GlyphRun, ImageItem, PageLayout, Rect, RuleItem
from editor.model.document import Document
from editor.render.display_dispatch import paint_items
from editor.render.faux_bold import synthetic_bold_stroke_pt
from editor.render.qt_fonts import embeddable_fonts, raw_fonts
from editor.render.qt_photos import PhotoCache

__all__ = ["PhotoCache", "embeds_text", "ensure_gui_application", "paint_page", "render_page_image", "save_page_png"]

_POINTS_PER_INCH = 72.0
_INCHES_PER_METRE = 1000.0 / 25.4


def _env_int(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, "")) or default
    except ValueError:
        return default


#: Glyphs drawn larger than this (device pixels per em) are filled as outlines.
#: Qt's raster engine should draw larger glyphs as paths itself, but in Qt
#: 6.11 and 6.12 ``drawGlyphRun`` silently draws nothing for them with
#: FreeType fonts (the cause is described in slint-ui/slint#10633). Qt's
#: limit is 64 px unless ``QT_MAX_CACHED_GLYPH_SIZE`` says otherwise. Below
#: it, Qt's glyph cache is used: several times faster than filling outlines.
MAX_CACHED_GLYPH_PX = 0.9 * _env_int("QT_MAX_CACHED_GLYPH_SIZE", 64)
#: Field shading, as Word's: light grey behind field text, from this share of an em above the baseline.
FIELD_SHADE = QColor(217, 217, 217)
FIELD_SHADE_ASCENT = 0.88
#: A baseline this close below a pixel edge counts as on it (float noise).
_SNAP_TOLERANCE_PX = 1e-6
#: Kept so the application made by ``ensure_gui_application`` is not collected.
_own_application: QGuiApplication | None = None


def ensure_gui_application() -> QGuiApplication:
    """The running QGuiApplication, or a new QApplication (without arguments) if there is none.

    QRawFont needs Qt's font database, which exists only once a
    QGuiApplication does. The one made here is a full QApplication so that
    widgets created later in the same process (the editor, GUI tests) still
    work: Qt allows one application object per process. Set
    ``QT_QPA_PLATFORM=offscreen`` before the first call to render without a
    display.
    """
    global _own_application
    app = QCoreApplication.instance()
    if app is None:
        from PySide6.QtWidgets import QApplication

        _own_application = QApplication([])
        return _own_application
    if not isinstance(app, QGuiApplication):
        raise RuntimeError("Qt rendering needs a QGuiApplication, but a plain QCoreApplication is running")
    return app


def _color(rgb: tuple[float, float, float]) -> QColor:
    return QColor.fromRgbF(*rgb)


def _qrect(rect: Rect) -> QRectF:
    return QRectF(rect.x_pt, rect.y_pt, rect.width_pt, rect.height_pt)


def _pen(rgb: tuple[float, float, float], width_pt: float) -> QPen:
    """A pen like ReportLab's default stroke: butt caps, mitre joins (limit 10)."""
    pen = QPen(_color(rgb))
    pen.setWidthF(width_pt)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
    pen.setMiterLimit(10.0)
    return pen


def _device_scale(painter: QPainter) -> float:
    """Device pixels per point along the painter's larger axis (zoom × device pixel ratio)."""
    transform = painter.deviceTransform()
    return max(math.hypot(transform.m11(), transform.m12()), math.hypot(transform.m21(), transform.m22()))


def _baseline_snapper(painter: QPainter) -> Callable[[float], float]:
    """A function moving a baseline (in points) up onto the device pixel edge at or above it.

    Both rasterisers that show this page snap baselines to whole device
    pixels: Qt's glyph cache rounds to the nearest edge, poppler (pdftoppm,
    Evince, Okular) takes the edge above. Half of all lines would then sit
    one pixel apart on screen and in the PDF viewer, which moves every
    horizontal stroke of a Han character by its own thickness. Snapping up
    here, before Qt rounds, makes both agree (measured by
    ``tests/test_fidelity.py``). Only for unrotated painters; otherwise y is
    left as it is.
    """
    transform = painter.deviceTransform()
    scale, offset = transform.m22(), transform.dy()
    if transform.m12() != 0.0 or transform.m21() != 0.0 or scale <= 0.0:
        return lambda y_pt: y_pt

    def snap(y_pt: float) -> float:
        return (math.floor(y_pt * scale + offset + _SNAP_TOLERANCE_PX) - offset) / scale

    return snap


def embeds_text(painter: QPainter) -> bool:
    """Whether the painter writes a page description (PDF, a printer) rather than pixels.

    There glyphs are drawn as text in embedded fonts at their exact
    positions: no pixel grid to snap baselines to, no glyph cache whose size
    limit matters. A print preview records for a printer but replays onto
    the screen's raster engine, so it is drawn as pixels are.
    """
    engine = painter.paintEngine()
    return (isinstance(painter.device(), QPagedPaintDevice) and engine is not None
            and engine.type() != QPaintEngine.Type.Picture)


def _outlines(font: QRawFont, ids: list[int], positions: list[QPointF]) -> QPainterPath:
    """The glyphs' outlines at their positions, as one path to fill."""
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.WindingFill)
    for glyph_id, position in zip(ids, positions, strict=True):
        path.addPath(font.pathForGlyph(glyph_id).translated(position))
    return path


class _PagePainter:
    """Draws one page's items in order; holds what every item needs."""

    def __init__(self, painter: QPainter, doc: Document, images: PhotoCache, field_shading: bool = False) -> None:
        self.painter = painter
        self.doc = doc
        self.images = images
        self.field_shading = field_shading
        self.as_text = embeds_text(painter)
        self.fonts = embeddable_fonts if self.as_text else raw_fonts
        self.scale = _device_scale(painter)
        self.snap_baseline = (lambda y_pt: y_pt) if self.as_text else _baseline_snapper(painter)

    def draw(self, page: PageLayout) -> None:
        paint_items(page.items, self)

    def draw_glyph_run(self, run: GlyphRun) -> None:
        """A field's shading (when asked for), then the run's glyphs (``glyphs``)."""
        if self.field_shading and run.is_field:
            self.shade(run)
        self.glyphs(run)

    def glyphs(self, run: GlyphRun) -> None:
        """The run's glyphs by ID at their origins; ``hscale`` stretches each about its origin.

        With hscale ≠ 1 the painter is scaled horizontally and each x is
        divided by hscale, so an origin lands where the display list says
        and only the glyph's shape is stretched — what PDF's ``Tz`` does.
        Whitespace is skipped, as in the PDF (its glyphs have no ink). On
        pixels the baseline is snapped to the device pixel grid
        (``_baseline_snapper``) and large glyphs are filled outlines; on a
        printer or PDF (``embeds_text``) every glyph is text at its position.
        A faux-bold run (``synthetic_bold``) is then stroked round its outlines
        in its colour, as the PDF's ``2 Tr`` does (``faux_bold``).
        """
        font = self.fonts.get(run.font, run.size_pt)
        if font is None:
            return
        hscale = run.hscale if run.hscale > 0 else 1.0
        y = self.snap_baseline(run.baseline_pt)
        ids: list[int] = []
        positions: list[QPointF] = []
        for ch, glyph_id, x in zip(run.text, run.glyph_ids, run.x_pt, strict=True):
            if not ch.isspace():
                ids.append(glyph_id)
                positions.append(QPointF(x / hscale, y))
        if not ids:
            return
        painter = self.painter
        painter.save()
        if hscale != 1.0:
            painter.scale(hscale, 1.0)
        if not self.as_text and run.size_pt * self.scale * math.sqrt(hscale) > MAX_CACHED_GLYPH_PX:
            painter.fillPath(_outlines(font, ids, positions), _color(run.color))
        else:
            glyph_run = QGlyphRun()
            glyph_run.setRawFont(font)
            glyph_run.setGlyphIndexes(ids)
            glyph_run.setPositions(positions)
            painter.setPen(_color(run.color))
            painter.drawGlyphRun(QPointF(0.0, 0.0), glyph_run)
        painter.restore()
        if run.synthetic_bold:
            self.embolden(run, _outlines(font, ids, positions), hscale)

    def embolden(self, run: GlyphRun, outlines: QPainterPath, hscale: float) -> None:
        """Faux bold: stroke the filled outlines in the run's colour, em/30 wide (``faux_bold``).

        The outlines are stretched by ``hscale`` but the pen is not, as a PDF
        reader strokes ``Tz``-scaled text with the unscaled line width.
        """
        stretched = QTransform.fromScale(hscale, 1.0).map(outlines)
        self.painter.strokePath(stretched, _pen(run.color, synthetic_bold_stroke_pt(run.size_pt)))

    def shade(self, run: GlyphRun) -> None:
        """Field shading (on screen only): a light grey band behind a field's glyphs, one em tall."""
        if not run.box_left_pt:
            return
        left = run.box_left_pt[0]
        right = run.box_left_pt[-1] + run.box_width_pt[-1]
        top = run.baseline_pt - FIELD_SHADE_ASCENT * run.size_pt
        self.painter.fillRect(QRectF(left, top, right - left, run.size_pt), FIELD_SHADE)

    def draw_image(self, item: ImageItem) -> None:
        """The visible part of the photo, or a placeholder if it cannot be read.

        Drawing only the part of the photo inside the clip (a source
        rectangle of the image) clips exactly like the PDF's clip path, but
        keeps the edges antialiased: Qt's rectangular clips snap to whole
        device pixels.
        """
        shown, clip = item.image_rect, item.clip_rect
        x0, y0 = max(shown.x_pt, clip.x_pt), max(shown.y_pt, clip.y_pt)
        x1, y1 = min(shown.right_pt, clip.right_pt), min(shown.bottom_pt, clip.bottom_pt)
        if x1 <= x0 or y1 <= y0 or shown.width_pt <= 0 or shown.height_pt <= 0:
            return
        needed_px = max(shown.width_pt, shown.height_pt) * self.scale
        photo = self.images.image(self.doc.assets, item.asset, item.rotation_deg, needed_px)
        if photo is None:
            self.placeholder(clip)
            return
        per_pt_x = photo.width() / shown.width_pt
        per_pt_y = photo.height() / shown.height_pt
        source = QRectF((x0 - shown.x_pt) * per_pt_x, (y0 - shown.y_pt) * per_pt_y,
                        (x1 - x0) * per_pt_x, (y1 - y0) * per_pt_y)
        self.painter.drawImage(QRectF(x0, y0, x1 - x0, y1 - y0), photo, source)

    def placeholder(self, rect: Rect) -> None:
        """What the layout engine draws for an unreadable photo: a grey box with a cross."""
        from editor.layout.engine import placeholder_items

        paint_items(placeholder_items(rect), self)

    def draw_rule(self, item: RuleItem) -> None:
        painter = self.painter
        painter.setPen(_pen(item.color, item.width_pt))
        painter.drawLine(QPointF(item.x1_pt, item.y1_pt), QPointF(item.x2_pt, item.y2_pt))

    def draw_box(self, item: BoxItem) -> None:
        """Fill first, then stroke centred on the edge (ReportLab's ``re B``)."""
        painter = self.painter
        painter.setBrush(QBrush(_color(item.fill)) if item.fill is not None else Qt.BrushStyle.NoBrush)
        if item.stroke is not None:
            painter.setPen(_pen(item.stroke, item.stroke_width_pt))
        else:
            painter.setPen(Qt.PenStyle.NoPen)
        painter.drawRect(_qrect(item.rect))
def paint_page(painter: QPainter, page: PageLayout, doc: Document, images: PhotoCache,
               field_shading: bool = False) -> None:
    """Draw every item of ``page`` in list order, in points; the caller's transform maps points to pixels.

    ``doc`` supplies the photos' bytes; ``images`` keeps them decoded between
    paints. The painter's state is restored afterwards; antialiasing and
    smooth image scaling are switched on while drawing. ``field_shading``
    (the canvas's 视图 → 字段底纹) shades field text; pictures for export never do.
    """
    ensure_gui_application()
    painter.save()
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        _PagePainter(painter, doc, images, field_shading).draw(page)
    finally:
        painter.restore()


def page_pixel_size(width_pt: float, height_pt: float, dpi: float) -> tuple[int, int]:
    """The image size of a page at ``dpi``, rounded up like pdftoppm (A4 at 150 dpi: 1241 × 1754)."""
    scale = dpi / _POINTS_PER_INCH
    return max(1, math.ceil(width_pt * scale - 1e-6)), max(1, math.ceil(height_pt * scale - 1e-6))
def render_page_image(doc: Document, layout: DocumentLayout, page_index: int, dpi: float,
                      images: PhotoCache | None = None) -> QImage:
    """Page ``page_index`` of ``layout`` on white at ``dpi``, as an RGB32 QImage.

    Creates a QApplication if none exists (see ``ensure_gui_application``).
    Pass ``images`` to reuse decoded photos across calls.
    """
    ensure_gui_application()
    page = layout.pages[page_index]
    width_px, height_px = page_pixel_size(page.width_pt, page.height_pt, dpi)
    image = QImage(width_px, height_px, QImage.Format.Format_RGB32)
    image.fill(QColor(255, 255, 255))
    dots_per_metre = round(dpi * _INCHES_PER_METRE)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    painter = QPainter(image)
    try:
        painter.scale(dpi / _POINTS_PER_INCH, dpi / _POINTS_PER_INCH)
        paint_page(painter, page, doc, images if images is not None else PhotoCache())
    finally:
        painter.end()
    return image
def save_page_png(doc: Document, layout: DocumentLayout, page_index: int, dpi: float, target: str | Path,
                  images: PhotoCache | None = None) -> None:
    """Render one page (``render_page_image``) and write it as a PNG at ``target``."""
    image = render_page_image(doc, layout, page_index, dpi, images)
    if not image.save(str(target), "PNG"):
        raise ExportError(f"无法写入“{target}”：请检查文件夹是否存在以及是否有写入权限。")
