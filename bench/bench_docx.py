"""How faithfully LibreOffice renders our DOCX, measured against our own PDF (issue #4).

Run: ``python bench/bench_docx.py [--flow per_box|linked|both]``. For the
sample issue it exports the PDF and the DOCX, converts the DOCX with
LibreOffice (fonts registered through fontconfig, see
``tests/fontconfig_env.py``) and compares the two PDFs character by
character with pdfplumber. Per page it prints:

- ``chars``: the model's characters on the page (our PDF draws exactly these);
- ``in frame``: of those, how many LibreOffice draws on the same page inside the
  same frame's rectangle (±1 mm; a character counts by its em box), matched in
  reading order frame by frame;
- ``missing``: model characters LibreOffice does not draw anywhere (hidden in
  an overflowing box);
- ``photos``: photos whose placed box is within 1 mm of ours, and the worst edge error.

Then the export time (first export in the process, font subsetting included)
and file size, what a word inserted into the lead article with python-docx
does (characters lost after converting again), and the machine. ``tests/test_docx_export.py``
asserts thresholds on the same figures; this script only prints.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pdfplumber

from bench.machine import describe_machine
from editor.layout.display import DocumentLayout, Rect
from editor.model import Document
from editor.model.units import PT_PER_MM

#: The tolerance of the acceptance criteria: 1 mm.
TOLERANCE_PT = PT_PER_MM
#: Top of the ideographic em box above the baseline, in em (Noto SC: typo ascender 880/1000).
EM_TOP = 0.88


@dataclass(frozen=True)
class PlacedChar:
    """A character read back from a PDF, with its em box."""

    text: str
    box: Rect
    fontname: str


@dataclass
class PageFigures:
    """The comparison of one page."""

    page_number: int
    chars: int = 0
    in_frame: int = 0
    #: Of ``in_frame``, how many are also inside the column (or caption) our engine set them in.
    in_column: int = 0
    lo_chars: int = 0
    photos: int = 0
    photos_within: int = 0
    worst_photo_error_mm: float = 0.0


@dataclass
class Fidelity:
    """The whole comparison, as the test and the report need it."""

    pages: list[PageFigures]
    our_page_count: int
    lo_page_count: int
    #: Model characters LibreOffice drew nowhere, with their counts.
    missing: Counter = field(default_factory=Counter)
    lo_fonts: set[str] = field(default_factory=set)

    @property
    def chars(self) -> int:
        return sum(p.chars for p in self.pages)

    @property
    def in_frame(self) -> int:
        return sum(p.in_frame for p in self.pages)

    @property
    def in_frame_ratio(self) -> float:
        return self.in_frame / self.chars if self.chars else 1.0

    @property
    def in_column_ratio(self) -> float:
        return sum(p.in_column for p in self.pages) / self.chars if self.chars else 1.0

    @property
    def photos(self) -> int:
        return sum(p.photos for p in self.pages)

    @property
    def photos_within(self) -> int:
        return sum(p.photos_within for p in self.pages)


def read_pdf(path: Path) -> tuple[list[list[PlacedChar]], list[list[Rect]]]:
    """Per page: its non-space characters (content-stream order) and its placed images."""
    chars: list[list[PlacedChar]] = []
    images: list[list[Rect]] = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            height = float(page.height)
            page_chars = []
            for c in page.chars:
                if c["text"].isspace():
                    continue
                baseline = height - float(c["matrix"][5])
                size = float(c["size"])
                # A ligature (LibreOffice draws —— as one glyph) counts as its characters, side by side.
                text = c["text"]
                width = (float(c["x1"]) - float(c["x0"])) / len(text)
                for k, ch in enumerate(text):
                    box = Rect(float(c["x0"]) + k * width, baseline - EM_TOP * size, width, size)
                    page_chars.append(PlacedChar(ch, box, c["fontname"]))
            chars.append(page_chars)
            images.append([Rect(float(i["x0"]), float(i["top"]), float(i["x1"]) - float(i["x0"]),
                                float(i["bottom"]) - float(i["top"])) for i in page.images])
    return chars, images


def _inside(box: Rect, frame: Rect) -> bool:
    t = TOLERANCE_PT
    return (box.x_pt >= frame.x_pt - t and box.right_pt <= frame.right_pt + t
            and box.y_pt >= frame.y_pt - t and box.bottom_pt <= frame.bottom_pt + t)


def _edge_error_pt(a: Rect, b: Rect) -> float:
    return max(abs(a.x_pt - b.x_pt), abs(a.y_pt - b.y_pt), abs(a.right_pt - b.right_pt),
               abs(a.bottom_pt - b.bottom_pt))


@dataclass
class FrameText:
    """The model's text set in one frame (or caption) of a page, in drawing order."""

    rect: Rect
    text: str
    #: The column rectangle each character was set in.
    columns: list[Rect]


def expected_by_frame(doc: Document, layout: DocumentLayout) -> list[list[FrameText]]:
    """Per page, the text of each frame, smallest frame first (a caption inside a frame claims first)."""
    from tests.pdfcheck import expected_chars

    pages = []
    for page_index, expected in enumerate(expected_chars(doc, layout)):
        page = layout.pages[page_index]
        areas = {(a.frame_id, a.is_caption): a for a in page.areas}
        frames: dict[tuple[str, bool], FrameText] = {}
        for ch in expected:
            key = (ch.frame_id, ch.is_caption)
            area = areas[key]
            column = area.column_rects[page.lines[ch.line_key[1]].column_index]
            frame = frames.setdefault(key, FrameText(area.rect, "", []))
            frame.text += ch.text
            frame.columns.append(column)
        pages.append(sorted(frames.values(), key=lambda f: f.rect.width_pt * f.rect.height_pt))
    return pages


#: Rendering scale for the visibility check (2 = 144 dpi).
_RENDER_SCALE = 2.0
#: A character's em box must show this much contrast (standard deviation of grey levels) to count as drawn.
_MIN_INK_CONTRAST = 12.0


def visible_flags(pdf_path: Path, chars: list[list[PlacedChar]]) -> list[list[bool]]:
    """Whether each character actually shows on the rendered page.

    pdfplumber also reports characters that a box clips away (LibreOffice draws
    the line that overflows a text box and clips it), so each character's em box
    is looked at in a rendering: a glyph leaves contrast, a clipped one leaves
    the plain background.
    """
    import pypdfium2
    from PIL import ImageStat

    flags: list[list[bool]] = []
    pdf = pypdfium2.PdfDocument(str(pdf_path))
    try:
        for page_index, page_chars in enumerate(chars):
            image = pdf[page_index].render(scale=_RENDER_SCALE).to_pil().convert("L")
            page_flags = []
            for c in page_chars:
                inset = 0.15 * c.box.width_pt
                box = tuple(round(v * _RENDER_SCALE) for v in (
                    c.box.x_pt + inset, c.box.y_pt + inset, c.box.right_pt - inset, c.box.bottom_pt - inset))
                visible = box[2] > box[0] and box[3] > box[1] and 0 <= box[0] and box[3] <= image.height
                if visible:
                    visible = ImageStat.Stat(image.crop(box)).stddev[0] >= _MIN_INK_CONTRAST
                page_flags.append(visible)
            flags.append(page_flags)
    finally:
        pdf.close()
    return flags


def visible_counts(pdf_path: Path, chars: list[list[PlacedChar]]) -> Counter:
    """How often each character shows on the rendered pages."""
    counts: Counter = Counter()
    for page_chars, page_flags in zip(chars, visible_flags(pdf_path, chars), strict=True):
        counts.update(c.text for c, shown in zip(page_chars, page_flags, strict=True) if shown)
    return counts


def measure(doc: Document, layout: DocumentLayout, our_pdf: Path, lo_pdf: Path) -> Fidelity:
    """Compare LibreOffice's PDF of the DOCX with our PDF of the same layout."""
    _, our_images = read_pdf(our_pdf)
    lo_chars, lo_images = read_pdf(lo_pdf)
    frames_by_page = expected_by_frame(doc, layout)
    report = Fidelity([], len(our_images), len(lo_chars))
    model_counts: Counter = Counter()
    for page_index, frames in enumerate(frames_by_page):
        figures = PageFigures(page_index + 1)
        page_lo = lo_chars[page_index] if page_index < len(lo_chars) else []
        figures.lo_chars = len(page_lo)
        claimed = [False] * len(page_lo)
        for frame in frames:
            figures.chars += len(frame.text)
            model_counts.update(frame.text)
            pool = [i for i, c in enumerate(page_lo) if not claimed[i] and _inside(c.box, frame.rect)]
            found = [page_lo[i].text for i in pool]
            matcher = SequenceMatcher(None, list(frame.text), found, autojunk=False)
            for block in matcher.get_matching_blocks():
                figures.in_frame += block.size
                for k in range(block.size):
                    claimed[pool[block.b + k]] = True
                    if _inside(page_lo[pool[block.b + k]].box, frame.columns[block.a + k]):
                        figures.in_column += 1
        ours = our_images[page_index]
        theirs = list(lo_images[page_index]) if page_index < len(lo_images) else []
        figures.photos = len(ours)
        for rect in ours:
            best = min(theirs, key=lambda r: _edge_error_pt(r, rect), default=None)
            error = _edge_error_pt(best, rect) if best is not None else float("inf")
            figures.worst_photo_error_mm = max(figures.worst_photo_error_mm, error / PT_PER_MM)
            if error <= TOLERANCE_PT:
                figures.photos_within += 1
                theirs.remove(best)
        report.pages.append(figures)
    lo_counts = visible_counts(lo_pdf, lo_chars)
    report.missing = Counter({ch: n - lo_counts[ch] for ch, n in model_counts.items() if n > lo_counts[ch]})
    report.lo_fonts = {c.fontname.split("+", 1)[-1] for page in lo_chars for c in page}
    return report


#: The edit of the acceptance test: a word inserted into the lead article's first paragraph.
EDIT_WITHIN = "一是坚定主心骨"
EDIT_AFTER = "我们要"
EDIT_WORD = "切实"


def insert_word(source: Path, target: Path, within: str = EDIT_WITHIN, after: str = EDIT_AFTER,
                word: str = EDIT_WORD) -> int:
    """With python-docx, insert ``word`` after the first ``after`` in the text box holding ``within``
    — in each copy of it, the DrawingML box and its VML twin; returns how many copies were changed."""
    import docx
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(source))
    changed = 0
    for content in document.element.body.iter(qn("w:txbxContent")):
        if within not in "".join(t.text or "" for t in content.iter(qn("w:t"))):
            continue
        done = False
        for p in content.iter(qn("w:p")):
            for run in Paragraph(p, None).runs:
                if after in run.text:
                    run.text = run.text.replace(after, after + word, 1)
                    changed += 1
                    done = True
                    break
            if done:
                break
    document.save(str(target))
    return changed


def lost_after_edit(doc: Document, layout: DocumentLayout, lo_pdf: Path, word: str = EDIT_WORD) -> Counter:
    """Characters of the model plus the inserted word that LibreOffice no longer draws."""
    from tests.pdfcheck import drawn_paragraphs, paragraph_units

    expected: Counter = Counter(word)
    for story_id, index, page_number in drawn_paragraphs(layout):
        units = paragraph_units(layout.document, story_id, index, page_number)
        expected.update(ch for _, ch in units if not ch.isspace())
    drawn = visible_counts(lo_pdf, read_pdf(lo_pdf)[0])
    return Counter({ch: n - drawn[ch] for ch, n in expected.items() if n > drawn[ch]})


def print_report(flow: str, report: Fidelity, export_s: float, size_bytes: int) -> None:
    print(f"\n{flow}: pages ours {report.our_page_count}, LibreOffice {report.lo_page_count}; "
          f"DOCX export {export_s * 1000:.0f} ms, {size_bytes / 1024:.0f} KiB")
    print(" page   chars  in frame       %  in column       %  LO chars  photos within 1 mm  worst photo edge")
    for p in report.pages:
        share = 100.0 * p.in_frame / p.chars if p.chars else 100.0
        column_share = 100.0 * p.in_column / p.chars if p.chars else 100.0
        print(f" {p.page_number:4d} {p.chars:7d} {p.in_frame:9d} {share:7.2f} {p.in_column:10d} {column_share:7.2f}"
              f" {p.lo_chars:9d} {p.photos_within:7d}/{p.photos:<12d} {p.worst_photo_error_mm:8.3f} mm")
    print(f"  all {report.chars:7d} {report.in_frame:9d} {100 * report.in_frame_ratio:7.2f}"
          f" {sum(p.in_column for p in report.pages):10d} {100 * report.in_column_ratio:7.2f}"
          f"           {report.photos_within:7d}/{report.photos}")
    missing = sum(report.missing.values())
    print(f"  missing in LibreOffice: {missing} characters"
          + (f" ({''.join(sorted(report.missing.elements()))[:60]})" if missing else ""))
    print(f"  fonts in LibreOffice's PDF: {', '.join(sorted(report.lo_fonts))}")


def run(flow: str, folder: Path, columns: str = "split", squeeze: bool = True) -> tuple[Fidelity, float, int, Counter]:
    """Export the sample, convert with LibreOffice and measure; then edit, convert again, count losses."""
    from editor import SAMPLE_PROJECT
    from editor.io.project import load_project
    from editor.layout.engine import layout_document
    from editor.render.docx import DocxOptions, write_docx
    from editor.render.docx.fonts import subset_face
    from editor.render.pdf import write_pdf
    from tests.fontconfig_env import convert_all, libreoffice_env

    doc = load_project(SAMPLE_PROJECT)
    layout = layout_document(doc)
    our_pdf = folder / "ours.pdf"
    if not our_pdf.exists():
        write_pdf(doc, layout, our_pdf)
    name = f"sample-{flow}-{columns}" + ("" if squeeze else "-nosqueeze")
    docx_path = folder / f"{name}.docx"
    options = DocxOptions(text_flow=flow, columns=columns, carry_squeeze=squeeze)
    subset_face.cache_clear()  # time the first export of a session: font subsetting included
    start = time.perf_counter()
    write_docx(doc, layout, docx_path, options)
    export_s = time.perf_counter() - start
    edited = folder / f"{name}-edited.docx"
    if insert_word(docx_path, edited) == 0:
        raise RuntimeError("the edit found no place to insert the word")
    lo_pdf, edited_pdf = convert_all([docx_path, edited], folder / "lo", libreoffice_env(folder / "env"))
    lost = lost_after_edit(doc, layout, edited_pdf)
    return measure(doc, layout, our_pdf, lo_pdf), export_s, docx_path.stat().st_size, lost


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--flow", choices=["per_box", "linked", "both"], default="both")
    parser.add_argument("--columns", choices=["split", "native"], default="split")
    parser.add_argument("--no-squeeze", action="store_true", help="do not carry squeezed lines over as spacing")
    parser.add_argument("--keep", metavar="FOLDER", help="keep the files in FOLDER")
    args = parser.parse_args()
    print(f"machine: {describe_machine()}")
    flows = ["per_box", "linked"] if args.flow == "both" else [args.flow]
    with tempfile.TemporaryDirectory(prefix="bench-docx-") as scratch:
        folder = Path(args.keep) if args.keep else Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        for flow in flows:
            report, export_s, size, lost = run(flow, folder, args.columns, not args.no_squeeze)
            label = f"{flow} (columns: {args.columns}{', no squeeze' if args.no_squeeze else ''})"
            print_report(label, report, export_s, size)
            print(f"  after inserting “{EDIT_WORD}” into the lead article with python-docx: "
                  f"{sum(lost.values())} characters lost" + (f" ({''.join(sorted(lost.elements()))})" if lost else ""))


if __name__ == "__main__":
    main()
