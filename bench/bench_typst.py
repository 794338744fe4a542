"""Issue 12's first two targets: the sample's export against Typst compiling the same content.

Run: ``python bench/bench_typst.py [--rounds N] [--keep FOLDER]`` (Typst from PyPI: the ``typst``
package of the ``bench`` extra, ``pip install -e ".[bench]"``; without it the bench says so and
exits 0). It writes a Typst document carrying the sample's content — the same A4 pages; every
text frame's and caption's story text at the place and size our layout gives it, in its columns,
each paragraph in the family, weight, size, leading, colour, tracking and alignment our styles
resolve to (the bundled fonts of ``fonts/`` through ``font_paths``); the photos at their frames
with their crop; rules and boxes — compiles it, and prints the pages and characters of both PDFs
(pypdf and pdfplumber) to show the content matches. It need not look the same, but it is the same
work: all text of every placed story (a story threaded through frames is split where our layout
moves on to the next frame), in the same fonts and sizes, the photos, the page count. Then, as
interleaved rounds (order rotating each round, ratio per pair, median and least):

- whole process: ``python -m editor export SAMPLE --pdf OUT`` (as ``bench_targets.py`` runs it)
  against ``python -c "import typst; typst.compile(...)"``, both fresh processes, and a bare
  ``python -c pass``; CPU time (user + system, ``os.wait4`` of that child) and wall time; each
  ratio with Python's start-up in and taken out (the bare process subtracted from both sides).
  Typst is the Python binding's compiler (Typst 0.15.2 built in): the wheel carries no ``typst``
  command, and the one on npm is Typst 0.10;
- in one process: our load + compose + PDF, first in the process with the fonts read in it
  (as ``bench_export.py``'s first export; imports not counted), against ``typst.compile`` of the
  same source in a fresh process, timed around the call only (imports not counted; fonts found
  and parsed inside the call).

Our side runs with its user cache folder warm (fonts parsed and photos prepared by one export
first, as after a first export on any machine); Typst has no cache across processes. Typst
also looks through the system's fonts, as its command does by default. Benchmarks print
numbers; tests never assert times.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.child_process import run_child  # noqa: E402
from editor import FONTS_DIR, SAMPLE_PROJECT  # noqa: E402
from editor.io.project import load_project  # noqa: E402
from editor.layout.charformat import requested_face, resolve_color  # noqa: E402
from editor.layout.display import BoxItem, DocumentLayout, ImageItem, Rect, RuleItem, TextArea  # noqa: E402
from editor.layout.engine import default_faces, layout_document  # noqa: E402
from editor.layout.masters import expand_masters  # noqa: E402
from editor.model.document import Document  # noqa: E402
from editor.model.fields import field_text  # noqa: E402
from editor.model.story import Paragraph, Run  # noqa: E402
from editor.model.styles import CharacterStyle, ParagraphStyle  # noqa: E402

TYPST_MAIN = "main.typ"
#: The fresh Typst process: ``python -c TYPST_COMPILE main.typ out.pdf fonts-folder``.
TYPST_COMPILE = "import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2], font_paths=[sys.argv[3]])"
#: Where in a paragraph a frame of a threaded story starts: (paragraph index, source offset).
Position = tuple[int, int]


# ---- the Typst document --------------------------------------------------------------------

def _pt(value: float) -> str:
    return f"{value:.2f}pt"


def _string(text: str) -> str:
    """A Typst string literal (its text is shown as it is, no markup)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def _color(rgb: tuple[float, float, float]) -> str:
    return 'rgb("#' + "".join(f"{round(channel * 255):02x}" for channel in rgb) + '")'


@functools.lru_cache(maxsize=None)
def _typst_family(font_path: str) -> str:
    """The family name Typst knows a font file by (typographic family, else the family)."""
    from fontTools.ttLib import TTFont

    with TTFont(font_path, lazy=True, fontNumber=0) as font:
        names = font["name"]
        name = names.getDebugName(16) or names.getDebugName(1)
    return name or Path(font_path).stem


@functools.lru_cache(maxsize=None)
def _typst_weight(font_path: str) -> int:
    from fontTools.ttLib import TTFont

    with TTFont(font_path, lazy=True, fontNumber=0) as font:
        return int(font["OS/2"].usWeightClass)


def _font_arguments(pstyle: ParagraphStyle, cstyle: CharacterStyle | None) -> str:
    """``font: …, weight: …`` of the face our font registry resolves the styles to."""
    family, bold = requested_face(pstyle, cstyle)
    path = default_faces().resolve_face(family, bold).path
    return f"font: {_string(_typst_family(path))}, weight: {_typst_weight(path)}"


def _run_markup(doc: Document, pstyle: ParagraphStyle, run: Run, text: str) -> str:
    cstyle = doc.character_styles.get(run.char_style) if run.char_style else None
    if cstyle is None:
        return f"#{_string(text)}"
    settings = [_font_arguments(pstyle, cstyle)]
    if cstyle.size_pt is not None:
        settings.append(f"size: {_pt(cstyle.size_pt)}")
    color = resolve_color(doc, cstyle.color)
    if color is not None:
        settings.append(f"fill: {_color(color)}")
    return f"#text({', '.join(settings)})[#{_string(text)}]"


def _paragraph_settings(doc: Document, pstyle: ParagraphStyle) -> str:
    """The ``para`` call's arguments: font and size, fixed line pitch, indent, alignment, spacing."""
    color = resolve_color(doc, pstyle.color) or (0.0, 0.0, 0.0)
    gap_pt = max(pstyle.leading_pt - pstyle.size_pt, 0.0)
    align = {"center": "center", "right": "right"}.get(pstyle.alignment, "left")
    return (f"({_font_arguments(pstyle, None)}, size: {_pt(pstyle.size_pt)}, fill: {_color(color)}, "
            f"tracking: {pstyle.letter_spacing_em:.3f}em), {_pt(gap_pt)}, "
            f"{pstyle.first_line_indent_chars:.2f}em, {align}, {str(pstyle.alignment == 'justify').lower()}, "
            f"{_pt(pstyle.space_before_pt + gap_pt)}, {_pt(pstyle.space_after_pt + gap_pt)}")


def _paragraph_markup(doc: Document, paragraph: Paragraph, start: int, end: int | None, page_number: int) -> str:
    """One paragraph's characters at source offsets [start, end) (a field counts as one)."""
    pstyle = doc.paragraph_styles.get(paragraph.style, ParagraphStyle(name="默认"))
    pieces: list[str] = []
    offset = 0
    for run in paragraph.runs:
        length = 1 if run.field is not None else len(run.text)
        low, high = max(start, offset), length + offset if end is None else min(end, offset + length)
        if low < high:
            text = (field_text(doc.issue, run.field, page_number) if run.field is not None
                    else run.text[low - offset:high - offset])
            if text:
                pieces.append(_run_markup(doc, pstyle, run, text))
        offset += length
    return f"#para({_paragraph_settings(doc, pstyle)})[{''.join(pieces)}]"


def _frame_starts(layout: DocumentLayout) -> dict[tuple[str, str], Position]:
    """For each (story, frame) with lines, where its first line starts in the story."""
    starts: dict[tuple[str, str], Position] = {}
    for page in layout.pages:
        for line in page.lines:
            if line.jump_text:
                continue
            key = (line.story_id, line.frame_id)
            position = (line.paragraph_index, line.start_offset)
            starts[key] = min(starts.get(key, position), position)
    return starts


def _story_range(layout: DocumentLayout, starts: dict[tuple[str, str], Position],
                 area: TextArea) -> tuple[Position, Position | None]:
    """The part of a story one frame holds: from its start to the next frame's (None: the end)."""
    story = layout.stories.get(area.story_id)
    frames = list(story.frame_ids) if story is not None and area.frame_id in story.frame_ids else [area.frame_id]
    later = frames[frames.index(area.frame_id) + 1:]
    end = next((starts[(area.story_id, f)] for f in later if (area.story_id, f) in starts), None)
    if area.frame_id == frames[0]:
        return (0, 0), end
    return starts.get((area.story_id, area.frame_id), end or (0, 0)), end


def _story_markup(doc: Document, area: TextArea, span: tuple[Position, Position | None], page_number: int) -> str:
    story = doc.stories.get(area.story_id)
    if story is None:
        return ""
    (first, first_offset), end = span
    parts = []
    for index, paragraph in enumerate(story.paragraphs):
        if index < first or (end is not None and index > end[0]):
            continue
        start = first_offset if index == first else 0
        stop = end[1] if end is not None and index == end[0] else None
        if stop is None or stop > start:
            parts.append(_paragraph_markup(doc, paragraph, start, stop, page_number))
    return "\n".join(parts)


def _area_markup(area: TextArea, body: str) -> str:
    columns = area.column_rects or (area.rect,)
    if len(columns) > 1:
        gutter_pt = columns[1].x_pt - (columns[0].x_pt + columns[0].width_pt)
        body = f"#columns({len(columns)}, gutter: {_pt(gutter_pt)})[\n{body}\n]"
    rect = area.rect
    return (f"#place(top + left, dx: {_pt(rect.x_pt)}, dy: {_pt(rect.y_pt)}, "
            f"block(width: {_pt(rect.width_pt)}, height: {_pt(rect.height_pt)})[\n{body}\n])")


def _rect_place(rect: Rect, content: str) -> str:
    return f"#place(top + left, dx: {_pt(rect.x_pt)}, dy: {_pt(rect.y_pt)}, {content})"


def _item_markup(item: object) -> str:
    """A photo, rule or box of the display list (glyph runs come from the stories instead)."""
    if isinstance(item, ImageItem):
        clip, image = item.clip_rect, item.image_rect
        picture = (f'image("assets/{item.asset}", width: {_pt(image.width_pt)}, height: {_pt(image.height_pt)}, '
                   'fit: "stretch")')
        if item.rotation_deg:
            picture = f"rotate({item.rotation_deg}deg, reflow: true, {picture})"
        inner = f"place(top + left, dx: {_pt(image.x_pt - clip.x_pt)}, dy: {_pt(image.y_pt - clip.y_pt)}, {picture})"
        return _rect_place(clip, f"box(width: {_pt(clip.width_pt)}, height: {_pt(clip.height_pt)}, clip: true, {inner})")
    if isinstance(item, RuleItem):
        return (f"#place(top + left, line(start: ({_pt(item.x1_pt)}, {_pt(item.y1_pt)}), "
                f"end: ({_pt(item.x2_pt)}, {_pt(item.y2_pt)}), stroke: {_pt(item.width_pt)} + {_color(item.color)}))")
    if isinstance(item, BoxItem):
        fill = _color(item.fill) if item.fill else "none"
        stroke = f"{_pt(item.stroke_width_pt)} + {_color(item.stroke)}" if item.stroke else "none"
        return _rect_place(item.rect, f"rect(width: {_pt(item.rect.width_pt)}, height: {_pt(item.rect.height_pt)}, "
                                      f"fill: {fill}, stroke: {stroke})")
    return ""


#: The preamble: A4 (the document's size), no margins, Chinese text; ``para`` sets one paragraph
#: at a fixed line pitch (each line box exactly 1 em, so the pitch is the size plus the gap).
_PREAMBLE = """#set page(width: {width}, height: {height}, margin: 0pt)
#set text(lang: "zh", region: "cn", top-edge: 0.88em, bottom-edge: -0.12em)
#let para(textset, gap, indent, alignment, justified, above, below, body) = block(above: above, below: below, {{
  set text(..textset)
  set par(leading: gap, spacing: gap, justify: justified, first-line-indent: (amount: indent, all: true))
  set align(alignment)
  body
}})
"""


def typst_source(doc: Document, layout: DocumentLayout) -> str:
    """The Typst document: per page its photos, rules and boxes, then its text areas."""
    starts = _frame_starts(layout)
    pages = []
    for page in layout.pages:
        parts = [f"// page {page.index + 1}"]
        parts.extend(filter(None, map(_item_markup, page.items)))
        for area in page.areas:
            body = _story_markup(doc, area, _story_range(layout, starts, area), page.index + 1)
            if body:
                parts.append(_area_markup(area, body))
        pages.append("\n".join(parts))
    preamble = _PREAMBLE.format(width=_pt(doc.page_width_pt), height=_pt(doc.page_height_pt))
    return preamble + "\n#pagebreak()\n".join(pages) + "\n"


def write_typst_project(folder: Path, project: Path = SAMPLE_PROJECT) -> Path:
    """``folder``/main.typ for ``project``, with its photos under ``assets/``; the main file's path."""
    doc = load_project(project)
    layout = layout_document(doc)
    source = typst_source(expand_masters(doc), layout)
    (folder / "assets").mkdir(parents=True, exist_ok=True)
    for name in {item.asset for page in layout.pages for item in page.items if isinstance(item, ImageItem)}:
        (folder / "assets" / name).write_bytes(doc.assets[name])
    main = folder / TYPST_MAIN
    main.write_text(source, encoding="utf-8")
    return main


# ---- children --------------------------------------------------------------------------------

def child_ours() -> None:
    """Load + compose + PDF of the sample, first in this process (imports not counted)."""
    import io

    from editor.render.pdf import write_pdf

    cpu, wall = time.process_time(), time.perf_counter()
    doc = load_project(SAMPLE_PROJECT)
    write_pdf(doc, layout_document(doc), io.BytesIO())
    print(json.dumps({"cpu": time.process_time() - cpu, "wall": time.perf_counter() - wall}))


def child_typst(main: Path, out: Path) -> None:
    """``typst.compile`` of ``main`` in this fresh process, timed around the call only."""
    import typst

    cpu, wall = time.process_time(), time.perf_counter()
    typst.compile(str(main), output=str(out), font_paths=[str(FONTS_DIR)])
    print(json.dumps({"cpu": time.process_time() - cpu, "wall": time.perf_counter() - wall}))


# ---- measuring -------------------------------------------------------------------------------

def run_process(command: list[str], env: dict[str, str], cwd: Path) -> dict[str, float]:
    """One fresh process: its CPU seconds (``os.wait4``), wall seconds and what it printed as JSON
    (``inside_`` before each key)."""
    run = run_child(command, env=env, cwd=cwd)
    if run.exit_code != 0:  # banmian export reports overset text on stderr and still exits 0; 1 is an internal error
        raise SystemExit(f"{' '.join(command)} failed ({run.exit_code}):\n{run.stdout[-2000:]}{run.stderr[-2000:]}")
    figures = {"cpu": run.cpu_s, "wall": run.wall_s}
    stdout = run.stdout
    lines = stdout.strip().splitlines()
    if lines and lines[-1].startswith("{"):
        figures.update({f"inside_{key}": value for key, value in json.loads(lines[-1]).items()})
    return figures


def interleaved(sides: dict[str, Callable[[], dict[str, float]]], rounds: int) -> dict[str, list[dict[str, float]]]:
    """Each side once per round, the order rotated every round."""
    names = list(sides)
    samples: dict[str, list[dict[str, float]]] = {name: [] for name in names}
    for round_index in range(rounds):
        shift = round_index % len(names)
        for name in names[shift:] + names[:shift]:
            samples[name].append(sides[name]())
    return samples


def _ratio_line(label: str, ours: Iterable[float], theirs: Iterable[float]) -> str:
    ours, theirs = list(ours), list(theirs)
    ratios = [a / b for a, b in zip(ours, theirs, strict=True) if b > 0]
    return (f"  {label:<46} ours median {statistics.median(ours) * 1000:6.0f} ms (min {min(ours) * 1000:4.0f})"
            f"   Typst median {statistics.median(theirs) * 1000:5.0f} ms (min {min(theirs) * 1000:4.0f})"
            f"   ours/Typst median {statistics.median(ratios):.2f} min {min(ratios):.2f}")


def cache_env(env: dict[str, str], cache: Path, cold: bool) -> dict[str, str]:
    """``env`` with our user cache folder at ``cache``; emptied first when ``cold``."""
    if cold:
        shutil.rmtree(cache, ignore_errors=True)
    return dict(env, XDG_CACHE_HOME=str(cache), LOCALAPPDATA=str(cache))


def _ours_sides(command: list[str], env: dict[str, str], cwd: Path) -> dict[str, Callable]:
    """Our side twice: with ``env``'s user cache (warm), and with an emptied one beside it (cold:
    fonts parsed and photos prepared again)."""
    cold_cache = Path(env["XDG_CACHE_HOME"]).with_name("cold-cache")
    return {"warm": lambda: run_process(command, env, cwd),
            "cold": lambda: run_process(command, cache_env(env, cold_cache, cold=True), cwd)}


#: Our sides' labels: which cache they ran with.
_CACHES = {"warm": "cache warm", "cold": "cache cold"}


def _pdf_content(path: Path) -> str:
    """Pages and characters of a PDF (pypdf, pdfplumber), or why they cannot be read."""
    try:
        import pdfplumber
        from pypdf import PdfReader
    except ImportError:
        return "(pypdf/pdfplumber not installed: pip install -e '.[test]')"
    pages = len(PdfReader(str(path)).pages)
    with pdfplumber.open(str(path)) as pdf:
        characters = [char["text"] for page in pdf.pages for char in page.chars]
    visible = sum(1 for char in characters if char.strip())
    return f"{pages} pages, {visible} characters"


def compare_content(folder: Path, main: Path, env: dict[str, str]) -> None:
    ours_pdf, typst_pdf = folder / "ours.pdf", folder / "typst.pdf"
    run_process([sys.executable, "-m", "editor", "export", str(SAMPLE_PROJECT), "--pdf", str(ours_pdf)], env, folder)
    run_process([sys.executable, "-c", TYPST_COMPILE, str(main), str(typst_pdf), str(FONTS_DIR)], env, folder)
    print(f"content: ours  {_pdf_content(ours_pdf)} ({ours_pdf.stat().st_size / 1024:.0f} KB)")
    print(f"         Typst {_pdf_content(typst_pdf)} ({typst_pdf.stat().st_size / 1024:.0f} KB), source {main}")


def measure_processes(folder: Path, main: Path, env: dict[str, str], rounds: int) -> None:
    python = sys.executable
    export = [python, "-m", "editor", "export", str(SAMPLE_PROJECT), "--pdf", str(folder / "ours.pdf")]
    sides = _ours_sides(export, env, folder) | {
        "typst": lambda: run_process([python, "-c", TYPST_COMPILE, str(main), str(folder / "typst.pdf"),
                                      str(FONTS_DIR)], env, folder),
        "bare": lambda: run_process([python, "-c", "pass"], env, folder),
    }
    samples = interleaved(sides, rounds)
    print(f"whole process, {rounds} rounds (ours: banmian export --pdf; Typst: python -c 'import typst; "
          "typst.compile(...)'; bare: python -c pass):")
    for key, label in (("cpu", "CPU"), ("wall", "wall")):
        theirs = [run[key] for run in samples["typst"]]
        bare = [run[key] for run in samples["bare"]]
        for cache, cache_label in _CACHES.items():
            ours = [run[key] for run in samples[cache]]
            print(_ratio_line(f"{label}, {cache_label}", ours, theirs))
            print(_ratio_line(f"{label}, {cache_label}, less bare python ({statistics.median(bare) * 1000:.0f} ms)",
                              [a - b for a, b in zip(ours, bare, strict=True)],
                              [t - b for t, b in zip(theirs, bare, strict=True)]))


def measure_inside(folder: Path, main: Path, env: dict[str, str], rounds: int) -> None:
    script = str(Path(__file__).resolve())
    sides = _ours_sides([sys.executable, script, "--child-ours"], env, ROOT) | {
        "typst": lambda: run_process([sys.executable, script, "--child-typst", str(main),
                                      str(folder / "inside-typst.pdf")], env, ROOT),
    }
    samples = interleaved(sides, rounds)
    print(f"in one process, {rounds} rounds (ours: load + compose + PDF, first in the process; "
          "Typst: typst.compile in a fresh process; imports not counted):")
    for key, label in (("inside_cpu", "CPU"), ("inside_wall", "wall")):
        theirs = [run[key] for run in samples["typst"]]
        for cache, cache_label in _CACHES.items():
            print(_ratio_line(f"{label}, {cache_label}", [run[key] for run in samples[cache]], theirs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="write the Typst source and PDFs here instead of a temp folder")
    parser.add_argument("--child-ours", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--child-typst", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_ours:
        child_ours()
        return
    if args.child_typst:
        child_typst(*args.child_typst)
        return
    try:
        import typst
    except ImportError:
        print("Typst is not installed: this bench compares with the typst package of PyPI "
              "(pip install -e '.[bench]'); nothing measured.")
        return
    from bench.machine import describe_machine

    print(f"machine: {describe_machine()}")
    print(f"Typst: the typst package {getattr(typst, '__version__', '?')} (Python binding, compiler built in)")
    with tempfile.TemporaryDirectory(prefix="banmian-bench-typst-") as temp:
        folder = args.keep.resolve() if args.keep else Path(temp)
        folder.mkdir(parents=True, exist_ok=True)
        env = cache_env(dict(os.environ), Path(temp) / "cache", cold=False)
        main_typ = write_typst_project(folder)
        compare_content(folder, main_typ, env)  # also warms our cache: fonts parsed, photos prepared
        measure_processes(folder, main_typ, env, args.rounds)
        measure_inside(folder, main_typ, env, args.rounds)


if __name__ == "__main__":
    main()
