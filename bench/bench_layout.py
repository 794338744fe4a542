"""Composition and PDF export speed on the sample issue (issue #2 targets).

Run: ``python bench/bench_layout.py``. Prints the machine, then:
- composing the sample's longest story (warm fonts) — and, in the same run,
  the same story's paragraphs set by ReportLab's platypus ``Paragraph``
  (wordWrap='CJK') at the same column width, as ratios. Two like-for-like
  pairs: line breaking alone (our ``flow_story`` against platypus ``wrap``),
  and breaking plus placing every glyph (our ``compose_story``, which builds
  the display list, against platypus ``wrap`` + ``drawOn``, which places the
  glyphs onto a canvas — platypus justifies only when it draws);
- composing the whole issue (warm, and the cold first call with font loading);
- exporting its PDF (composition + drawing + writing).
Targets on a 2-core machine: whole issue ≤ 100 ms, PDF ≤ 1.5 s, our composer
no slower than platypus. Benchmarks print numbers; tests never assert times.
"""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.machine import describe_machine
from bench.timing import median_seconds, ms


def main() -> None:
    start = time.perf_counter()
    from editor import SAMPLE_PROJECT
    from editor.io.project import load_project
    from editor.layout.charformat import FormatResolver
    from editor.layout.engine import compose_story, default_faces, layout_document, story_areas
    from editor.layout.flow import flow_story
    from editor.render.pdf import write_pdf

    imports = time.perf_counter() - start
    print(f"machine: {describe_machine()}")
    start = time.perf_counter()
    doc = load_project(SAMPLE_PROJECT)
    loading = time.perf_counter() - start
    start = time.perf_counter()
    layout_document(doc)
    cold = time.perf_counter() - start
    start = time.perf_counter()
    write_pdf(doc, layout_document(doc), io.BytesIO())
    cold_pdf = time.perf_counter() - start

    areas = story_areas(doc)
    longest = max(doc.stories, key=lambda sid: sum(len(p.plain_text()) for p in doc.stories[sid].paragraphs))
    story = doc.stories[longest]
    characters = sum(len(p.plain_text()) for p in story.paragraphs)

    def break_longest() -> None:
        flow_story(story, areas[longest], FormatResolver(doc, default_faces()), doc.issue)

    def compose_longest() -> None:
        compose_story(doc, longest, areas[longest], FormatResolver(doc, default_faces()))

    width = areas[longest][0].columns[0].width_pt
    ours_break = median_seconds(break_longest, repeat=41)
    platypus_wrap = median_seconds(lambda: _platypus(doc, longest, width, draw=False), repeat=41)
    ours = median_seconds(compose_longest, repeat=41)
    platypus = median_seconds(lambda: _platypus(doc, longest, width, draw=True), repeat=41)
    whole = median_seconds(lambda: layout_document(doc), repeat=15)
    pdf = median_seconds(lambda: write_pdf(doc, layout_document(doc), io.BytesIO()), repeat=5)

    print(f"imports {ms(imports)}   open sample {ms(loading)}   first layout incl. fonts {ms(cold)}")
    print(f"longest story “{story.name or longest}” ({characters} chars, {len(story.paragraphs)} paragraphs):")
    print(f"  line breaking:      ours {ms(ours_break)}   platypus wrap        {ms(platypus_wrap)}"
          f"   ratio {ours_break / platypus_wrap:.2f}")
    print(f"  breaking + glyphs:  ours {ms(ours)}   platypus wrap+drawOn {ms(platypus)}"
          f"   ratio {ours / platypus:.2f}   (target: ratios ≤ 1.00)")
    print(f"whole issue ({len(doc.pages)} pages, {len(doc.stories)} stories): {ms(whole)}   (target ≤ 100 ms)")
    print(f"PDF export (compose + draw + write): {ms(pdf)}   (target ≤ 1500 ms)")
    print(f"first PDF export in a process (fonts parsed for embedding): {ms(cold_pdf)}")


_CANVAS = []


def _platypus(doc, story_id: str, width_pt: float, draw: bool) -> None:
    """Set the story's paragraphs with platypus at ``width_pt``, as ReportLab users would."""
    from reportlab.lib.styles import ParagraphStyle as RLStyle
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Paragraph

    if not _CANVAS:
        _CANVAS.append(Canvas(io.BytesIO()))
    canvas = _CANVAS[0]
    y_pt = 800.0
    font_name = _platypus_font(doc, story_id)
    for paragraph in doc.stories[story_id].paragraphs:
        style = doc.paragraph_styles[paragraph.style]
        rl_style = RLStyle(
            "p", fontName=font_name, fontSize=style.size_pt, leading=style.leading_pt,
            firstLineIndent=style.first_line_indent_chars * style.size_pt, wordWrap="CJK",
            alignment=4 if style.alignment == "justify" else 0,
        )
        flowable = Paragraph(_escape(paragraph.plain_text()), rl_style)
        _, height = flowable.wrap(width_pt, 10_000)
        if draw:
            flowable.drawOn(canvas, 50.0, y_pt - height)
            y_pt -= height


_FONT_NAMES: dict[str, str] = {}


def _platypus_font(doc, story_id: str) -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from editor.layout.engine import default_faces

    style = doc.paragraph_styles[doc.stories[story_id].paragraphs[-1].style]
    ref = default_faces().resolve_face(style.font_family, style.bold)
    if ref.path not in _FONT_NAMES:
        name = f"bench{len(_FONT_NAMES)}"
        pdfmetrics.registerFont(TTFont(name, ref.path, subfontIndex=ref.index))
        _FONT_NAMES[ref.path] = name
    return _FONT_NAMES[ref.path]


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


if __name__ == "__main__":
    main()
