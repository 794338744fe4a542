"""Where a line's glyphs sit vertically: on the baseline of the paragraph font's em box.

A line of fixed leading centres the paragraph's em box (its size) in the line, and the baseline is
the em box's top share below the box's top: baseline = top + (leading − size) / 2 + em_box_top × size,
where em_box_top is the font's typographic ascender over its typographic height (OS/2 sTypoAscender /
(sTypoAscender − sTypoDescender)). Noto Serif SC's is 880 / 1000 = 0.88; the fonts built here have
others, so a line set in them sits higher. Every baseline below is worked out from those numbers.

The frame of ``one_frame_doc`` is at (50, 60).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.layout.display import DocumentLayout, GlyphRun
from editor.layout.engine import layout_document
from editor.layout.font_registry import FontRegistry
from editor.model import CharacterStyle, Paragraph, ParagraphStyle, Run
from tests.docbuilders import BODY, one_frame_doc
from tests.font_factories import box_glyph_font

TEXT = "甲乙丙丁"
LOW_BOX = "Banmian Low Box"  # em box top 700 / 1000 = 0.7
WIDE_UNITS = "Banmian Wide Units"  # em box top 1536 / 2048 = 0.75
NOTO_SERIF = "Noto Serif SC"  # em box top 0.88


def _build_font(path: Path, family: str, upem: int, typo: tuple[int, int]) -> None:
    """A TrueType font with TEXT's characters, each a full-em square box, and the OS/2 typo metrics."""
    fb, names = box_glyph_font(upem, TEXT, (0, typo[1], upem, typo[0]))
    fb.setupHorizontalMetrics({name: (upem if name != "space" else upem // 4, 0) for name in names})
    fb.setupHorizontalHeader(ascent=typo[0], descent=typo[1])
    fb.setupNameTable({"familyName": family, "styleName": "Regular",
                       "psName": family.replace(" ", "") + "-Regular"}, mac=False)
    fb.setupOS2(sTypoAscender=typo[0], sTypoDescender=typo[1], usWinAscent=typo[0], usWinDescent=-typo[1],
                ulCodePageRange1=1 << 18, fsType=0)
    fb.setupPost()
    fb.save(str(path))


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> FontRegistry:
    folder = tmp_path_factory.mktemp("fonts")
    _build_font(folder / "low-box.ttf", LOW_BOX, 1000, (700, -300))
    _build_font(folder / "wide-units.ttf", WIDE_UNITS, 2048, (1536, -512))
    return FontRegistry(font_dirs=[folder], cache_dir=tmp_path_factory.mktemp("font-cache"))


def _style(family: str, size_pt: float = 20.0, leading_pt: float = 30.0) -> ParagraphStyle:
    return ParagraphStyle(name=BODY, font_family=family, size_pt=size_pt, leading_pt=leading_pt,
                          first_line_indent_chars=0.0, alignment="left")


def _runs(layout: DocumentLayout) -> list[GlyphRun]:
    return [item for page in layout.pages for item in page.items if isinstance(item, GlyphRun)]


def test_a_line_in_a_font_with_a_lower_em_box_top_sits_on_its_baseline(registry: FontRegistry) -> None:
    layout = layout_document(one_frame_doc([TEXT], style=_style(LOW_BOX)), faces=registry)
    line, = layout.pages[0].lines
    run, = _runs(layout)
    assert run.font.path.endswith("low-box.ttf")
    # 60 + (30 − 20) / 2 + 0.7 × 20 = 79 (Noto Serif SC's 0.88 would put it at 82.6).
    assert line.baseline_pt == pytest.approx(79.0)
    assert run.baseline_pt == pytest.approx(79.0)


def test_the_em_box_top_is_a_share_of_the_em_whatever_the_units_per_em(registry: FontRegistry) -> None:
    layout = layout_document(one_frame_doc([TEXT * 6], width_pt=200.0, style=_style(WIDE_UNITS, 16.0, 24.0)),
                             faces=registry)
    # 200 / 16 = 12.5: twelve 16 pt characters a line; 24 characters make two lines, at 60 and 84.
    # Baselines: 60 + (24 − 16) / 2 + 0.75 × 16 = 76, then 100.
    assert [line.top_pt for line in layout.pages[0].lines] == [60.0, 84.0]
    assert [line.baseline_pt for line in layout.pages[0].lines] == pytest.approx([76.0, 100.0])
    assert sorted({run.baseline_pt for run in _runs(layout)}) == pytest.approx([76.0, 100.0])


def test_the_bundled_serif_sits_lower_on_the_same_line(registry: FontRegistry) -> None:
    layout = layout_document(one_frame_doc([TEXT], style=_style(NOTO_SERIF)), faces=registry)
    line, = layout.pages[0].lines
    # 60 + 5 + 0.88 × 20 = 82.6.
    assert line.baseline_pt == pytest.approx(82.6)


def test_runs_in_another_font_share_the_baseline_of_the_paragraphs_font(registry: FontRegistry) -> None:
    doc = one_frame_doc([""], style=_style(LOW_BOX))
    doc.character_styles["宋"] = CharacterStyle(name="宋", font_family=NOTO_SERIF)
    doc.character_styles["低"] = CharacterStyle(name="低", font_family=LOW_BOX)
    doc.stories["s"].paragraphs = [
        Paragraph(style=BODY, runs=[Run(text="甲乙"), Run(text="丙丁", char_style="宋")])]
    layout = layout_document(doc, faces=registry)
    runs = _runs(layout)
    assert [(run.text, Path(run.font.path).name) for run in runs] == [("甲乙", "low-box.ttf"),
                                                                        ("丙丁", "NotoSerifSC-Regular.ttf")]
    assert [run.baseline_pt for run in runs] == pytest.approx([79.0, 79.0])
    # The other way round: a paragraph in Noto Serif SC with a run in the low-box font sits at 82.6.
    doc.paragraph_styles[BODY] = _style(NOTO_SERIF)
    doc.stories["s"].paragraphs = [
        Paragraph(style=BODY, runs=[Run(text="甲乙"), Run(text="丙丁", char_style="低")])]
    runs = _runs(layout_document(doc, faces=registry))
    assert [Path(run.font.path).name for run in runs] == ["NotoSerifSC-Regular.ttf", "low-box.ttf"]
    assert [run.baseline_pt for run in runs] == pytest.approx([82.6, 82.6])


def test_a_character_the_font_lacks_is_set_in_a_fallback_face_on_the_same_baseline(registry: FontRegistry) -> None:
    layout = layout_document(one_frame_doc(["甲中乙"], style=_style(LOW_BOX)), faces=registry)
    runs = _runs(layout)
    # 中 is not in the low-box font: it comes from a bundled face, on the low-box baseline.
    assert "中" in "".join(run.text for run in runs if not run.font.path.endswith("low-box.ttf"))
    assert {round(run.baseline_pt, 6) for run in runs} == {79.0}
