"""Print PDF with ReportLab, drawn from the display list.

Every glyph is placed at the composer's position (each run one text object,
``pdf_text``), so the PDF cannot disagree with the screen. Fonts are
embedded as subsets (ReportLab subsets TrueType fonts itself) and registered
by ``pdf_fonts``: parsed once per machine, converted first when their
outlines are CFF. Photos come from ``editor.io.photos.prepare_for_pdf``
(through ``prepared_photos``, which has the layout put a placeholder where
one cannot be prepared): upright, RGB, and the original JPEG bytes whenever
nothing had to change.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from editor import __version__
from editor.layout.display import BoxItem, DocumentLayout, GlyphRun, ImageItem, PageLayout, RuleItem
from editor.layout.fontmetrics import FontRef
from editor.model.document import Document
from editor.render.display_dispatch import paint_items
from editor.render.output import export_file
from editor.render.pdf_colour import set_fill, set_stroke
from editor.render.pdf_fonts import fonts_for, register_font
from editor.render.pdf_output_intent import add_srgb_output_intent
from editor.render.pdf_text import run_operators
from editor.render.prepared_photos import prepare_photos

#: Length of crop marks and their distance from the bleed's edge, in points.
CROP_MARK_LENGTH_PT = 14.0
CROP_MARK_OFFSET_PT = 3.0

ProgressCallback = Callable[[int, int], None]


def crop_margin_pt(bleed_pt: float) -> float:
    """How far the sheet reaches beyond the trim with marks: the bleed, a gap, a mark, a gap."""
    return bleed_pt + 2 * CROP_MARK_OFFSET_PT + CROP_MARK_LENGTH_PT

@dataclass(frozen=True)
class PdfOptions:
    """What the export dialog offers."""

    #: Extend the page by the document's bleed and draw crop marks around the trim.
    bleed_and_marks: bool = False
    #: Fixed dates and IDs, so the same document gives the same bytes (tests).
    invariant: bool = False
    #: Photos larger than this resolution at their placed size are resampled down to it
    #: (``prepared_photos.PRINT_PPI``, ``SCREEN_PPI``); None keeps every photo's pixels.
    photo_ppi: float | None = None
    #: Tell the print shop the colours are sRGB: a PDF/X-4-style output intent (``pdf_output_intent``).
    output_intent: bool = False
    #: Draw pure black #000000 as 100 % K (DeviceCMYK), as InDesign's [黑色] (``pdf_colour``).
    black_as_k: bool = False


class _KeyedImage(ImageReader):
    """An ImageReader named by a key instead of a hash of its decoded pixels.

    ReportLab's ``drawImage`` names each image by the md5 of its RGB data, so
    it decodes a whole 12-megapixel photo just to hash it (about 0.15 s),
    even when it then embeds the JPEG bytes unchanged. The asset hash plus
    the rotation identifies the pixels just as well. Only that naming call
    is short-circuited: a non-JPEG's pixels are still read for embedding,
    and let go (``forget_pixels``) once drawn, since ReportLab keeps what it
    embedded and would otherwise hold each PNG's pixels until the PDF is saved.
    """

    def __init__(self, data: bytes, key: str) -> None:
        super().__init__(io.BytesIO(data))
        self._source = data
        self._key = key.encode("utf-8")

    def getRGBData(self):  # noqa: N802 - ReportLab's name
        if self.jpeg_fh() is not None:
            self._dataA = None  # a JPEG has no alpha channel
            return self._key
        return super().getRGBData()

    def forget_pixels(self) -> None:
        """Drop the decoded pixels (a PNG drawn again is decoded again, header first)."""
        if self.jpeg_fh() is None:
            self._data = None
            self._dataA = None
            self._image = self._read_image(io.BytesIO(self._source))


def _fallback_font() -> tuple[FontRef, str, str]:
    from editor.layout.engine import default_faces
    from editor.layout.fontmetrics import load_face

    face = load_face(default_faces().resolve_face("serif", False))
    return face.ref, face.postscript_name, ""


class _PageDrawer:
    """Draws one page's display list; y is flipped from top-down to PDF's bottom-up."""

    def __init__(self, canvas: Canvas, doc: Document, fonts: dict[FontRef, str], height_pt: float,
                 photo_cache: dict[tuple[str, int], _KeyedImage], black_as_k: bool = False) -> None:
        self.canvas = canvas
        self.black_as_k = black_as_k
        self.doc = doc
        self.fonts = fonts
        self.height_pt = height_pt
        self.photo_cache = photo_cache

    def draw(self, page: PageLayout) -> None:
        paint_items(page.items, self)

    def draw_glyph_run(self, run: GlyphRun) -> None:
        font = pdfmetrics.getFont(self.fonts[run.font])
        operators = run_operators(run, font, self.canvas._doc, self.height_pt - run.baseline_pt, self.black_as_k)
        if operators:
            self.canvas.addLiteral(operators)

    def draw_image(self, item: ImageItem) -> None:
        reader = self.photo_cache.get((item.asset, item.rotation_deg))
        if reader is None:
            return  # not prepared: the layout already shows its placeholder instead
        canvas = self.canvas
        clip = item.clip_rect
        shown = item.image_rect
        canvas.saveState()
        path = canvas.beginPath()
        path.rect(clip.x_pt, self.height_pt - clip.bottom_pt, clip.width_pt, clip.height_pt)
        canvas.clipPath(path, stroke=0, fill=0)
        canvas.drawImage(reader, shown.x_pt, self.height_pt - shown.bottom_pt, shown.width_pt, shown.height_pt,
                         mask="auto")  # a PNG's alpha becomes a soft mask
        reader.forget_pixels()
        canvas.restoreState()

    def draw_rule(self, item: RuleItem) -> None:
        canvas = self.canvas
        set_stroke(canvas, item.color, self.black_as_k)
        canvas.setLineWidth(item.width_pt)
        canvas.line(item.x1_pt, self.height_pt - item.y1_pt, item.x2_pt, self.height_pt - item.y2_pt)

    def draw_box(self, item: BoxItem) -> None:
        canvas = self.canvas
        rect = item.rect
        if item.fill is not None:
            set_fill(canvas, item.fill, self.black_as_k)
        if item.stroke is not None:
            set_stroke(canvas, item.stroke, self.black_as_k)
            canvas.setLineWidth(item.stroke_width_pt)
        canvas.rect(rect.x_pt, self.height_pt - rect.bottom_pt, rect.width_pt, rect.height_pt,
                    stroke=1 if item.stroke is not None else 0, fill=1 if item.fill is not None else 0)


def _crop_marks(canvas: Canvas, offset_pt: float, width_pt: float, height_pt: float, bleed_pt: float) -> None:
    """Registration-black corner marks on the trim lines, starting outside the bleed, as printers expect."""
    canvas.saveState()
    canvas.setStrokeColorCMYK(1, 1, 1, 1)
    canvas.setLineWidth(0.25)
    gap = bleed_pt + CROP_MARK_OFFSET_PT
    length = CROP_MARK_LENGTH_PT
    for x in (offset_pt, offset_pt + width_pt):
        for y in (offset_pt, offset_pt + height_pt):
            outward_x = -1 if x == offset_pt else 1
            outward_y = -1 if y == offset_pt else 1
            canvas.line(x + outward_x * gap, y, x + outward_x * (gap + length), y)
            canvas.line(x, y + outward_y * gap, x, y + outward_y * (gap + length))
    canvas.restoreState()


def write_pdf(
    doc: Document,
    layout: DocumentLayout,
    target: str | Path | io.BufferedIOBase,
    options: PdfOptions = PdfOptions(),
    progress: ProgressCallback | None = None,
) -> None:
    """Draw ``layout`` into a PDF at ``target`` (a path, saved atomically, or a binary file)."""
    if isinstance(target, (str, Path)):
        with export_file(target, held_by="其他程序") as handle:
            _write(doc, layout, handle, options, progress)
        return
    _write(doc, layout, target, options, progress)


def _write(doc: Document, layout: DocumentLayout, handle, options: PdfOptions, progress: ProgressCallback | None) -> None:
    # Photos first: decoding one may take ~250 MB for a moment, better before the fonts are held.
    photos = {key: _KeyedImage(prepared.data, f"{key[0]}@{key[1]}")
              for key, prepared in prepare_photos(doc, layout, options.photo_ppi).items()}
    fonts = fonts_for(layout)
    width, height = doc.page_width_pt, doc.page_height_pt
    margin = crop_margin_pt(doc.bleed_pt) if options.bleed_and_marks else 0.0
    saved_a85 = rl_config.useA85
    rl_config.useA85 = 0  # binary streams: JPEG bytes go in as they are, no ASCII85 bloat
    try:
        # The initial font must be one of ours, or ReportLab names an unembedded Helvetica.
        initial_font = next(iter(fonts.values()), None) or register_font(*_fallback_font())
        canvas = Canvas(handle, pagesize=(width + 2 * margin, height + 2 * margin),
                        invariant=1 if options.invariant else 0, pageCompression=1,
                        initialFontName=initial_font)
        canvas.setTitle(doc.pdf_title())
        canvas.setAuthor(doc.issue.publisher)
        canvas.setSubject(doc.issue.title)
        canvas.setCreator(f"Banmian 版面 {__version__}")
        if options.output_intent:
            add_srgb_output_intent(canvas)
        total = len(layout.pages)
        for number, page in enumerate(layout.pages, start=1):
            if options.bleed_and_marks:
                bleed = doc.bleed_pt
                canvas.setTrimBox((margin, margin, margin + width, margin + height))
                canvas.setBleedBox((margin - bleed, margin - bleed, margin + width + bleed, margin + height + bleed))
                _crop_marks(canvas, margin, width, height, bleed)
                canvas.translate(margin, margin)
            _PageDrawer(canvas, doc, fonts, height, photos, options.black_as_k).draw(page)
            canvas.showPage()
            if progress is not None:
                progress(number, total)
        canvas.save()
    finally:
        rl_config.useA85 = saved_a85


def export_pdf(doc: Document, target: str | Path, options: PdfOptions = PdfOptions(),
               progress: ProgressCallback | None = None) -> DocumentLayout:
    """Compose and write the PDF; returns the layout (for overset warnings)."""
    from editor.layout.engine import layout_document

    layout = layout_document(doc)
    write_pdf(doc, layout, target, options, progress)
    return layout
