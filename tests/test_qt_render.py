"""The Qt painter backend draws the display list where it says, the way the PDF does.

Each test builds a tiny display list by hand (no composition), paints it
with ``editor.render.qt`` into an image and measures pixels: glyph ink
against the font's own outlines (fontTools), photos upright and cropped,
rules with butt caps, box strokes centred on the edge, the missing-photo
placeholder, and the photo cache's sizes and bounds.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from fontTools import subset
from fontTools.pens.statisticsPen import StatisticsPen
from fontTools.ttLib import TTCollection, TTFont
from PIL import Image
from PySide6.QtGui import QColor, QImage, QPainter, QRawFont

from editor import FONTS_DIR, SAMPLE_PROJECT
from editor.io.photos import load_upright
from editor.io.project import load_project
from editor.layout.display import BoxItem, DocumentLayout, GlyphRun, ImageItem, PageLayout, Rect, RuleItem
from editor.layout.engine import layout_document
from editor.layout.fontmetrics import FontRef, load_face
from editor.model import Document
from editor.render.qt import PhotoCache, page_pixel_size, paint_page, render_page_image, save_page_png
from editor.render.qt_fonts import face_bytes, raw_fonts
from editor.render.qt_photos import MIN_BUCKET_PX, bucket_for

# pytest-qt's application, so GUI tests later in the session find the same one.
pytestmark = pytest.mark.usefixtures("qapp")

SERIF = FontRef(str(FONTS_DIR / "NotoSerifSC-Regular.ttf"))
SANS_BOLD = FontRef(str(FONTS_DIR / "NotoSansSC-Bold.ttf"))
PAGE_W, PAGE_H = 200.0, 150.0
WHITE = (255, 255, 255)

# ---------------------------------------------------------------- helpers


def to_pil(image: QImage) -> Image.Image:
    """A QImage (RGB32) as an RGB Pillow image."""
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    data = bytes(image.constBits())
    raw_mode = "BGRX" if sys.byteorder == "little" else "XRGB"
    return Image.frombuffer("RGB", (image.width(), image.height()), data, "raw", raw_mode, image.bytesPerLine(), 1)


def render(items: list, dpi: float = 144.0, assets: dict[str, bytes] | None = None,
           cache: PhotoCache | None = None) -> Image.Image:
    """Paint ``items`` on a small white page at ``dpi``."""
    doc = Document(assets=dict(assets or {}))
    page = PageLayout(0, PAGE_W, PAGE_H, list(items))
    return to_pil(render_page_image(doc, DocumentLayout([page], {}), 0, dpi, cache))


def px(image: Image.Image, x_pt: float, y_pt: float, dpi: float = 144.0) -> tuple[int, int, int]:
    """The pixel under a point."""
    scale = dpi / 72.0
    return image.getpixel((int(x_pt * scale), int(y_pt * scale)))


def close(colour: tuple[int, ...], expected: tuple[int, int, int], tolerance: int = 40) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(colour, expected, strict=True))


def pixels(image: Image.Image) -> list:
    """Every pixel, row by row (Pillow 12 renamed getdata)."""
    flat = getattr(image, "get_flattened_data", None) or image.getdata
    return list(flat())


def ink_centroid(image: Image.Image, box: tuple[int, int, int, int]) -> tuple[float, float, float]:
    """Darkness-weighted centre (x, y) of the ink in ``box``, in pixels (pixel centres at +0.5), and its area."""
    grey = image.convert("L").crop(box)
    width = grey.width
    total = sum_x = sum_y = 0.0
    for index, value in enumerate(pixels(grey)):
        ink = (255 - value) / 255.0
        if ink:
            y, x = divmod(index, width)
            total += ink
            sum_x += ink * (x + 0.5)
            sum_y += ink * (y + 0.5)
    assert total > 0, "no ink drawn"
    return box[0] + sum_x / total, box[1] + sum_y / total, total


def outline_stats(ref: FontRef, glyph_id: int) -> tuple[float, float, float]:
    """Area (em²) and area centroid (x, y up, in em) of a glyph's outline, from fontTools."""
    font = TTFont(ref.path, fontNumber=ref.index, lazy=True)
    glyphs = font.getGlyphSet()
    pen = StatisticsPen(glyphset=glyphs)
    glyphs[font.getGlyphOrder()[glyph_id]].draw(pen)
    upem = font["head"].unitsPerEm
    return abs(pen.area) / upem**2, pen.meanX / upem, pen.meanY / upem


def run_of(ref: FontRef, text: str, size_pt: float, xs: list[float], baseline_pt: float,
           hscale: float = 1.0, color: tuple[float, float, float] = (0.0, 0.0, 0.0)) -> GlyphRun:
    face = load_face(ref)
    glyphs = [face.glyph(ch) for ch in text]
    assert all(glyphs), "test glyphs must be in the font"
    widths = tuple(advance * size_pt for _, advance in glyphs)
    return GlyphRun(ref, face.postscript_name, size_pt, color, text, tuple(gid for gid, _ in glyphs),
                    tuple(xs), baseline_pt, tuple(xs), widths, hscale)


def jpeg(image: Image.Image, orientation: int = 1) -> bytes:
    out = io.BytesIO()
    exif = Image.Exif()
    if orientation != 1:
        exif[0x0112] = orientation
    image.save(out, format="JPEG", quality=95, exif=exif.tobytes())
    return out.getvalue()


RED, BLUE, GREEN, YELLOW = (220, 30, 30), (30, 30, 220), (30, 180, 30), (230, 210, 30)


def quadrants(width: int = 240, height: int = 160) -> Image.Image:
    """Red top-left, blue top-right, green bottom-left, yellow bottom-right: any turn or flip shows."""
    image = Image.new("RGB", (width, height))
    half_w, half_h = width // 2, height // 2
    image.paste(RED, (0, 0, half_w, half_h))
    image.paste(BLUE, (half_w, 0, width, half_h))
    image.paste(GREEN, (0, half_h, half_w, height))
    image.paste(YELLOW, (half_w, half_h, width, height))
    return image


def quadrant_colours(image: Image.Image, rect: Rect, dpi: float = 144.0) -> list[tuple[int, int, int]]:
    """Pixels at the centres of the four quadrants of ``rect``: TL, TR, BL, BR."""
    out = []
    for fy in (0.25, 0.75):
        for fx in (0.25, 0.75):
            out.append(px(image, rect.x_pt + fx * rect.width_pt, rect.y_pt + fy * rect.height_pt, dpi))
    return out


# ---------------------------------------------------------------- glyphs


@pytest.mark.parametrize("ref", [SERIF, SANS_BOLD], ids=["serif", "sans-bold"])
def test_qt_advances_equal_fonttools_widths(ref: FontRef) -> None:
    text = "中文排版测试：新闻通讯，多栏版面。“引号”——Hello 2024!"
    face = load_face(ref)
    ids = [face.glyph(ch)[0] for ch in text]
    flags = QRawFont.LayoutFlag.SeparateAdvances | QRawFont.LayoutFlag.UseDesignMetrics
    at_upem = raw_fonts.get(ref, float(face.units_per_em)).advancesForGlyphIndexes(ids, flags)
    assert [round(a.x()) for a in at_upem] == [round(face.glyph(ch)[1] * face.units_per_em) for ch in text]
    size_px = 10.5 * 150 / 72
    at_text_size = raw_fonts.get(ref, size_px).advancesForGlyphIndexes(ids, flags)
    for ch, advance in zip(text, at_text_size, strict=True):
        assert advance.x() == pytest.approx(face.glyph(ch)[1] * size_px, abs=0.02), ch


@pytest.mark.parametrize(("size_pt", "hscale"), [(10.5, 1.0), (30.0, 1.0), (10.5, 1.5), (30.0, 1.25)],
                         ids=["text", "headline-outlines", "text-stretched", "headline-stretched"])
def test_glyph_ink_lands_at_the_display_list_positions(size_pt: float, hscale: float) -> None:
    """Each glyph's ink centre is where its origin plus the outline's centroid puts it.

    Origins have quarter-point fractions, so subpixel positioning matters;
    30 pt at 300 dpi is drawn from outlines (beyond Qt's glyph cache). The
    glyphs 丨, 二 and 川 have no overlapping contours, so the outline's area
    centroid is exactly the ink centroid (most Han glyphs in these fonts
    overlap strokes, which the area sum would count twice).
    """
    dpi = 300.0
    scale = dpi / 72.0
    text = "丨二川"
    step = size_pt * 1.6 * hscale
    xs = [12.0 + i * step + frac for i, frac in enumerate((0.0, 0.37, 0.74))]
    baseline = 10.0 + size_pt
    run = run_of(SERIF, text, size_pt, xs, baseline, hscale)
    image = render([run], dpi)
    for glyph_id, x in zip(run.glyph_ids, xs, strict=True):
        area, mean_x, mean_y = outline_stats(SERIF, glyph_id)
        expected_x = (x + mean_x * size_pt * hscale) * scale
        expected_y = (baseline - mean_y * size_pt) * scale
        box = (int((x - 0.2 * size_pt) * scale), int((baseline - 1.2 * size_pt) * scale),
               int((x + (1.2 * hscale) * size_pt) * scale), int((baseline + 0.4 * size_pt) * scale))
        cx, cy, ink = ink_centroid(image, box)
        assert cx == pytest.approx(expected_x, abs=0.25), f"x off by {cx - expected_x:+.3f} px"
        # Baselines snap up to the pixel edge at or above them (as poppler does): up to 1 px higher.
        assert expected_y - 1.05 <= cy <= expected_y + 0.1, f"y off by {cy - expected_y:+.3f} px"
        assert ink == pytest.approx(area * hscale * (size_pt * scale) ** 2, rel=0.04)


def test_glyph_run_colour_is_the_runs() -> None:
    red = (0.78, 0.09, 0.11)
    run = run_of(SANS_BOLD, "田", 40.0, [20.0], 60.0, color=red)
    image = render([run], 144.0)
    darkest = min(pixels(image.crop((40, 40, 160, 130))), key=sum)
    assert close(darkest, (199, 23, 28), 6)


def test_whitespace_in_a_run_draws_nothing() -> None:
    run = run_of(SERIF, "\u3000 ", 20.0, [20.0, 45.0], 40.0)
    image = render([run])
    assert image.convert("L").getextrema() == (255, 255)


def test_a_face_inside_a_font_collection_loads_by_index(tmp_path: Path) -> None:
    collection = TTCollection()
    for path in ("NotoSerifSC-Regular.ttf", "NotoSansSC-Bold.ttf"):
        font = TTFont(str(FONTS_DIR / path))
        subsetter = subset.Subsetter()
        subsetter.populate(text="中")
        subsetter.subset(font)
        collection.fonts.append(font)
    target = tmp_path / "two.ttc"
    collection.save(str(target))
    second = face_bytes(FontRef(str(target), 1))
    assert second[:4] == b"\x00\x01\x00\x00"
    raw = raw_fonts.get(FontRef(str(target), 1), 12.0)
    assert raw is not None and raw.familyName() == "Noto Sans SC"
    assert raw_fonts.get(FontRef(str(target), 0), 12.0).familyName() == "Noto Serif SC"


# ---------------------------------------------------------------- photos


def test_photo_with_exif_orientation_6_paints_upright() -> None:
    upright = quadrants()
    stored = upright.transpose(Image.Transpose.ROTATE_90)  # what a phone held upright writes: pixels sideways
    data = jpeg(stored, orientation=6)
    assert load_upright(data).size == upright.size
    rect = Rect(20.0, 20.0, 120.0, 80.0)
    image = render([ImageItem("f", "p.jpg", 0, rect, rect)], assets={"p.jpg": data})
    found = quadrant_colours(image, rect)
    assert all(close(c, e) for c, e in zip(found, (RED, BLUE, GREEN, YELLOW), strict=True)), found


def test_user_rotation_turns_the_upright_photo_clockwise() -> None:
    data = jpeg(quadrants().transpose(Image.Transpose.ROTATE_90), orientation=6)
    rect = Rect(20.0, 20.0, 80.0, 120.0)  # a quarter turn swaps the sides
    image = render([ImageItem("f", "p.jpg", 90, rect, rect)], assets={"p.jpg": data})
    found = quadrant_colours(image, rect)
    assert all(close(c, e) for c, e in zip(found, (GREEN, RED, YELLOW, BLUE), strict=True)), found


def test_photo_is_clipped_to_its_frame_and_cropped_by_its_image_rect() -> None:
    data = jpeg(quadrants(200, 200))
    shown = Rect(10.0, 10.0, 120.0, 120.0)
    clip = Rect(70.0, 10.0, 60.0, 60.0)  # only the top-right quadrant is inside the frame
    image = render([ImageItem("f", "p.png", 0, clip, shown)], assets={"p.png": data})
    assert close(px(image, 100.0, 40.0), BLUE)
    for x, y in ((40.0, 40.0), (40.0, 100.0), (100.0, 100.0), (68.0, 40.0), (100.0, 72.0)):
        assert px(image, x, y) == WHITE, (x, y)
    assert close(px(image, 71.0, 40.0), BLUE)
    assert close(px(image, 100.0, 69.0), BLUE)


def test_photo_edges_are_where_the_clip_says_at_fractional_positions() -> None:
    data = jpeg(Image.new("RGB", (300, 300), (0, 0, 0)))
    clip = Rect(20.25, 30.5, 50.0, 40.0)
    image = render([ImageItem("f", "p.jpg", 0, clip, Rect(0.0, 0.0, 150.0, 150.0))], dpi=72.0,
                   assets={"p.jpg": data}).convert("L")
    # Edge pixels are as dark as they are covered, as under the PDF's clip path:
    # column 20 three quarters, row 30 half, column 70 a quarter, row 70 half.
    assert image.getpixel((20, 50)) == pytest.approx(255 * 0.25, abs=12)
    assert image.getpixel((40, 30)) == pytest.approx(255 * 0.5, abs=12)
    assert image.getpixel((70, 50)) == pytest.approx(255 * 0.75, abs=12)
    assert image.getpixel((40, 70)) == pytest.approx(255 * 0.5, abs=12)
    assert image.getpixel((19, 50)) == 255 and image.getpixel((21, 50)) < 10
    assert image.getpixel((71, 50)) == 255 and image.getpixel((69, 50)) < 10


@pytest.mark.parametrize("assets", [{}, {"p.jpg": b"not a photo"}], ids=["missing", "unreadable"])
def test_missing_or_unreadable_photo_paints_the_placeholder(assets: dict[str, bytes]) -> None:
    rect = Rect(20.0, 20.0, 120.0, 80.0)
    image = render([ImageItem("f", "p.jpg", 0, rect, rect)], assets=assets)
    assert close(px(image, 40.0, 70.0), (224, 224, 224), 3)  # fill, off the cross
    assert px(image, 80.0, 60.0)[0] < 200  # the cross's centre
    assert px(image, 10.0, 10.0) == WHITE


def test_photo_cut_short_after_its_header_paints_the_placeholder() -> None:
    data = jpeg(quadrants(600, 400))
    data = data[: len(data) // 3]
    rect = Rect(20.0, 20.0, 120.0, 80.0)
    image = render([ImageItem("f", "p.jpg", 0, rect, rect)], assets={"p.jpg": data})
    assert close(px(image, 40.0, 70.0), (224, 224, 224), 3)


def test_photo_cache_decodes_once_per_size_and_stays_within_its_bound() -> None:
    data = {"a.jpg": jpeg(quadrants(2000, 1500)), "b.jpg": jpeg(quadrants(1500, 2000))}
    cache = PhotoCache()
    rect = Rect(20.0, 20.0, 120.0, 90.0)
    items = [ImageItem("f", "a.jpg", 0, rect, rect)]
    render(items, 144.0, data, cache)
    render(items, 144.0, data, cache)
    assert cache.decodes == 1
    first = cache.image(data, "a.jpg", 0, 240.0)
    assert first is not None and max(first.width(), first.height()) == MIN_BUCKET_PX
    render(items, 600.0, data, cache)  # zoomed in: a larger bucket
    assert cache.decodes == 2
    small = PhotoCache(max_bytes=1)
    for asset in ("a.jpg", "b.jpg", "a.jpg"):
        assert small.image(data, asset, 0, 300.0) is not None
    assert len(small) == 1 and small.decodes == 3


def test_size_buckets_are_half_octaves_capped_at_the_photo() -> None:
    assert bucket_for(10, 4032) == MIN_BUCKET_PX
    assert bucket_for(256, 4032) == 256
    assert bucket_for(257, 4032) == 362
    assert bucket_for(1300, 4032) == 1448
    assert bucket_for(3000, 4032) == 0  # full size
    for needed in range(200, 4000, 37):
        bucket = bucket_for(needed, 100_000)
        assert needed <= bucket < needed * 1.42


# ---------------------------------------------------------------- rules and boxes


def test_rule_has_butt_caps() -> None:
    rule = RuleItem(20.0, 50.0, 80.0, 50.0, 10.0, (0.0, 0.0, 0.0))
    image = render([rule], dpi=72.0).convert("L")
    assert image.getpixel((20, 50)) == 0 and image.getpixel((79, 50)) == 0
    assert image.getpixel((19, 50)) == 255 and image.getpixel((80, 50)) == 255
    assert image.getpixel((50, 45)) == 0 and image.getpixel((50, 44)) == 255
    assert image.getpixel((50, 54)) == 0 and image.getpixel((50, 55)) == 255


def test_box_is_filled_and_its_stroke_centred_on_the_edge() -> None:
    box = BoxItem(Rect(20.0, 20.0, 40.0, 30.0), (0.0, 0.0, 1.0), (1.0, 0.0, 0.0), 4.0)
    image = render([box], dpi=72.0)
    assert image.getpixel((18, 30)) == (255, 0, 0) and image.getpixel((21, 30)) == (255, 0, 0)
    assert image.getpixel((17, 30)) == WHITE and image.getpixel((22, 30)) == (0, 0, 255)
    assert image.getpixel((18, 18)) == (255, 0, 0)  # mitred corner, not bevelled
    assert image.getpixel((61, 51)) == (255, 0, 0) and image.getpixel((62, 52)) == WHITE


def test_items_are_drawn_in_list_order() -> None:
    under = BoxItem(Rect(20.0, 20.0, 40.0, 40.0), (1.0, 0.0, 0.0), None, 0.0)
    over = BoxItem(Rect(40.0, 40.0, 40.0, 40.0), (0.0, 0.0, 1.0), None, 0.0)
    assert render([under, over], dpi=72.0).getpixel((50, 50)) == (0, 0, 255)
    assert render([over, under], dpi=72.0).getpixel((50, 50)) == (255, 0, 0)


# ---------------------------------------------------------------- pages


@pytest.fixture(scope="module")
def sample() -> tuple[Document, DocumentLayout]:
    doc = load_project(SAMPLE_PROJECT)
    return doc, layout_document(doc)


def test_page_image_is_sized_like_pdftoppm_and_says_its_dpi(sample, tmp_path: Path) -> None:
    doc, layout = sample
    assert page_pixel_size(doc.page_width_pt, doc.page_height_pt, 150) == (1241, 1754)
    target = tmp_path / "第1页.png"
    save_page_png(doc, layout, 0, 96, target)
    with Image.open(target) as png:
        assert png.size == page_pixel_size(doc.page_width_pt, doc.page_height_pt, 96)
        assert png.info["dpi"] == pytest.approx((96, 96), abs=0.1)


def test_paint_page_follows_the_callers_transform_and_restores_the_painter(sample) -> None:
    doc, layout = sample
    image = QImage(400, 400, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.translate(-40.0, -100.0)
    painter.scale(0.8, 0.8)
    before = painter.transform()
    paint_page(painter, layout.pages[0], doc, PhotoCache())
    assert painter.transform() == before
    painter.end()
    # The masthead's 3 pt red rule at y 161.57 pt: 0.8 × 161.57 − 100 = 29.3 px, 2.4 px thick.
    pil = to_pil(image)
    assert close(pil.getpixel((200, 29)), (200, 22, 29), 30)
    assert pil.getpixel((200, 27)) == WHITE and pil.getpixel((200, 31)) == WHITE


def test_painting_does_not_drain_references_to_none(sample) -> None:
    """PySide6 6.12.0 on Python 3.11 drops a reference to None on every void call and
    aborts the interpreter; pyproject excludes it. This guards against a release that does it again."""
    doc, layout = sample
    cache = PhotoCache()
    render_page_image(doc, layout, 2, 30, cache)
    before = sys.getrefcount(None)
    for index in range(len(layout.pages)):
        render_page_image(doc, layout, index, 30, cache)
    assert sys.getrefcount(None) >= before - 5


def test_photos_draw_onto_a_transparent_image(sample) -> None:
    """RGB32 pixels must carry 0xFF in their unused byte or they vanish on ARGB targets."""
    from PIL import Image as _Image
    from PySide6.QtGui import QImage as _QImage

    from editor.render.qt_photos import to_qimage

    photo = to_qimage(_Image.new("RGB", (4, 4), (200, 30, 30)))
    target = _QImage(4, 4, _QImage.Format.Format_ARGB32_Premultiplied)
    target.fill(0)
    painter = QPainter(target)
    painter.drawImage(0, 0, photo)
    painter.end()
    assert target.pixelColor(1, 1).alpha() == 255
    assert target.pixelColor(1, 1).red() == 200
