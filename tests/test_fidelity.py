"""Issue #3 acceptance: the canvas shows what the print PDF shows.

"Each page of the sample painted by the canvas backend at 150 dpi and the
same page of the exported PDF rasterised at 150 dpi (pdftoppm), both in
grey and after a 1-pixel blur to forgive antialiasing, differ by more than
64 levels in under 0.5 % of pixels."

The PDF is rasterised by two renderers that share no code with ReportLab or
Qt: poppler's pdftoppm (the issue's measure, where poppler is installed —
not on Windows) and PDFium (pypdfium2, on every system). PDFium draws
glyph edges differently from both poppler and Qt (poppler vs PDFium alone
differ in up to 2.7 % of pixels on the sample), so its limit is its own,
set just above what it measures on the sample (≤ 1.1 %).

The per-page percentages are printed (``pytest -s`` or ``-rA`` shows them)
and named in the failure message; the difference images (white: over 64
levels, grey: over 16) are saved next to the renderings in pytest's
temporary folder, whose path is printed too.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageFilter

from editor import SAMPLE_PROJECT
from editor.io.project import load_project
from editor.layout.display import RuleItem
from editor.layout.engine import layout_document
from editor.render.pdf import write_pdf
from editor.render.qt import PhotoCache, save_page_png

DPI = 150
LEVELS = 64
#: Share of pixels allowed over LEVELS, per renderer of the PDF.
MAX_PERCENT = {"poppler": 0.5, "pdfium": 1.5}
BLUR = ImageFilter.BoxBlur(1)  # 3 × 3 mean: a one-pixel blur


def grey_blurred(path: Path) -> Image.Image:
    with Image.open(path) as image:
        return image.convert("L").filter(BLUR)


def percent_over(canvas: Path, pdf: Path, diff_out: Path) -> float:
    """Share of pixels whose blurred grey levels differ by more than LEVELS; saves a picture of them."""
    a, b = grey_blurred(canvas), grey_blurred(pdf)
    assert a.size == b.size, f"{canvas.name} is {a.size}, {pdf.name} is {b.size}"
    difference = ImageChops.difference(a, b)
    over = sum(difference.histogram()[LEVELS + 1:])
    difference.point(lambda v: 255 if v > LEVELS else (96 if v > 16 else 0)).save(diff_out)
    return 100.0 * over / (a.width * a.height)


@pytest.fixture(scope="module")
def rendered(qapp, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """The sample's PDF rasterised by PDFium and each page painted by the Qt backend, as PNGs."""
    folder = tmp_path_factory.mktemp("fidelity")
    doc = load_project(SAMPLE_PROJECT)
    layout = layout_document(doc)
    pdf = folder / "sample.pdf"
    write_pdf(doc, layout, pdf)
    rasterise_pdf(pdf, DPI, folder / "pdfium")
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", str(DPI), "-png", str(pdf), str(folder / "poppler")], check=True)
    photos = PhotoCache()
    for index in range(len(layout.pages)):
        save_page_png(doc, layout, index, DPI, folder / f"canvas-{index + 1}.png", photos)
    return folder, len(layout.pages)


def rasterise_pdf(pdf: Path, dpi: int, prefix: Path) -> None:
    """Each PDF page as ``<prefix>-<n>.png`` at ``dpi``, by PDFium (pypdfium2, on Linux and
    Windows alike): a renderer independent of both ReportLab and Qt."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        for index in range(len(document)):
            image = document[index].render(scale=dpi / 72.0).to_pil()
            image.save(f"{prefix}-{index + 1}.png")
    finally:
        document.close()


def pdf_page(folder: Path, renderer: str, number: int, pages: int) -> Path:
    """The rasterised page; pdftoppm pads page numbers to the width of the page count."""
    if renderer == "poppler":
        return folder / f"poppler-{number:0{len(str(pages))}d}.png"
    return folder / f"pdfium-{number}.png"


@pytest.mark.parametrize("renderer", ["poppler", "pdfium"])
def test_canvas_matches_the_pdf_on_every_sample_page(rendered: tuple[Path, int], renderer: str) -> None:
    folder, pages = rendered
    if renderer == "poppler" and not shutil.which("pdftoppm"):
        pytest.skip("poppler's pdftoppm is not installed (no poppler on Windows); PDFium checks the same pages")
    limit = MAX_PERCENT[renderer]
    percents = {}
    for number in range(1, pages + 1):
        percents[number] = percent_over(folder / f"canvas-{number}.png", pdf_page(folder, renderer, number, pages),
                                        folder / f"diff-{renderer}-{number}.png")
    report = ", ".join(f"page {number}: {percent:.3f} %" for number, percent in percents.items())
    print(f"\ncanvas vs PDF ({renderer}) at {DPI} dpi, pixels over {LEVELS} levels: {report}  (images in {folder})")
    failing = [number for number, percent in percents.items() if percent >= limit]
    assert not failing, f"pages {failing} differ in ≥ {limit} % of pixels — {report}; see {folder}"


# --- per region: every rule of the display list is drawn where it belongs -------------------
#
# A whole-page share of differing pixels forgives a missing thin line: with every rule dropped
# from the PDF the sample's worst page went from 0.13 % to 0.43 %, under the 0.5 % limit. Each
# rule is therefore looked for on its own, at its place, in both the PDF raster and the canvas.

#: Share of the darkening a solid line of the rule's colour would give that must be there.
MIN_RULE_INK = 0.35
#: Points sampled along each rule, between 5 % and 95 % of its length.
RULE_SAMPLES = 40


def grey_of(color: tuple[float, float, float]) -> float:
    """ITU-R 601 luma of an RGB colour (0–1 components), 0–255: what convert("L") gives."""
    red, green, blue = color
    return 255.0 * (0.299 * red + 0.587 * green + 0.114 * blue)


def rule_ink(image: Image.Image, rule: RuleItem) -> float:
    """How much of the rule's expected darkening is found along it (1.0: all of it).

    At each sample point the darkest pixel within the rule's width (at least one pixel either
    side, for antialiased hairlines) is read, against a white page."""
    scale = DPI / 72.0
    reach = max(1, round(rule.width_pt * scale / 2))
    expected = 255.0 - grey_of(rule.color)
    found = []
    for step in range(RULE_SAMPLES):
        t = 0.05 + 0.9 * step / (RULE_SAMPLES - 1)
        x = (rule.x1_pt + t * (rule.x2_pt - rule.x1_pt)) * scale
        y = (rule.y1_pt + t * (rule.y2_pt - rule.y1_pt)) * scale
        darkest = min(_grey_at(image, round(x) + dx, round(y) + dy)
                      for dx in range(-reach, reach + 1) for dy in range(-reach, reach + 1))
        found.append(min(1.0, (255.0 - darkest) / expected))
    return sum(found) / len(found)


def _grey_at(image: Image.Image, x: int, y: int) -> int:
    """The grey level at a pixel, clamped to the image."""
    return image.getpixel((min(max(x, 0), image.width - 1), min(max(y, 0), image.height - 1)))


def test_every_rule_is_in_the_pdf_and_on_the_canvas_at_its_place(rendered: tuple[Path, int]) -> None:
    folder, pages = rendered
    layout = layout_document(load_project(SAMPLE_PROJECT))
    rules = [[item for item in page.items if isinstance(item, RuleItem)] for page in layout.pages]
    # The sample's rules: page 1's masthead pair (3 pt and 0.75 pt), a running-head hairline on
    # pages 2–5, and a 0.75 pt rule under the headlines of pages 2 and 5.
    assert [len(page_rules) for page_rules in rules] == [2, 2, 1, 1, 2]
    missing = []
    for number, page_rules in enumerate(rules, start=1):
        with Image.open(pdf_page(folder, "pdfium", number, pages)) as pdf, \
                Image.open(folder / f"canvas-{number}.png") as canvas:
            pdf_grey, canvas_grey = pdf.convert("L"), canvas.convert("L")
            for rule in page_rules:
                for name, image in (("PDF", pdf_grey), ("canvas", canvas_grey)):
                    ink = rule_ink(image, rule)
                    if ink < MIN_RULE_INK:
                        missing.append(f"page {number} {name}: {rule.width_pt} pt rule at y={rule.y1_pt} pt "
                                       f"({ink:.0%} of its ink)")
    assert not missing, missing
