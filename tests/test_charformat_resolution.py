"""Resolving a paragraph style and a character style to what a run is set in: colour (hex or
swatch), size, family and boldness, the faces to try in order, and the per-pair cache.

Faces come from a fake resolver that names the bundled font files; the expected families are
read from those files with fontTools, not from the code under test.
"""

from __future__ import annotations

import pytest
from fontTools.ttLib import TTFont

from editor import FONTS_DIR
from editor.layout.charformat import (
    FALLBACK_PARAGRAPH_STYLE,
    FormatResolver,
    requested_face,
    requested_faces,
    resolve_color,
)
from editor.layout.font_registry import FaceRef
from editor.model import Document, Paragraph, ParagraphStyle, Run, Story
from editor.model.styles import CharacterStyle

SERIF = FaceRef(str(FONTS_DIR / "NotoSerifSC-Regular.ttf"))
SERIF_BOLD = FaceRef(str(FONTS_DIR / "NotoSerifSC-Bold.ttf"))
SANS = FaceRef(str(FONTS_DIR / "NotoSansSC-Regular.ttf"))
SANS_BOLD = FaceRef(str(FONTS_DIR / "NotoSansSC-Bold.ttf"))


class FakeFaces:
    """Sans families get the sans file, everything else the serif; fallbacks as configured."""

    def __init__(self, fallbacks: list[FaceRef] | None = None) -> None:
        self.fallbacks = fallbacks if fallbacks is not None else [SANS, SERIF]
        self.asked: list[tuple[str, bool]] = []

    def resolve_face(self, family: str, bold: bool) -> FaceRef:
        self.asked.append((family, bold))
        if "Sans" in family:
            return SANS_BOLD if bold else SANS
        return SERIF_BOLD if bold else SERIF

    def fallback_faces(self, family: str, bold: bool) -> list[FaceRef]:
        return list(self.fallbacks)


def _family_in_file(ref: FaceRef) -> str:
    with TTFont(ref.path, lazy=True) as font:
        return font["name"].getDebugName(16) or font["name"].getDebugName(1)


def _doc(**kwargs) -> Document:
    return Document(**kwargs)


# -- colours -----------------------------------------------------------------------------------


def test_a_hex_colour_is_read_as_fractions_of_255() -> None:
    assert resolve_color(_doc(), "#FF8000") == pytest.approx((1.0, 128 / 255, 0.0))
    assert resolve_color(_doc(), "#00ff33") == pytest.approx((0.0, 1.0, 51 / 255))


def test_no_colour_is_none() -> None:
    assert resolve_color(_doc(), None) is None


def test_a_swatch_name_gives_the_swatchs_colour() -> None:
    doc = _doc(colors={"报头红": "#CC0000"})
    assert resolve_color(doc, "报头红") == pytest.approx((204 / 255, 0.0, 0.0))


@pytest.mark.parametrize("value", ["未定义色", "#FFF", "#FF800000", "FF8000", "#GG0000"])
def test_an_unknown_name_or_malformed_hex_is_none(value: str) -> None:
    assert resolve_color(_doc(colors={"报头红": "#CC0000"}), value) is None


def test_a_swatch_holding_a_malformed_colour_is_none() -> None:
    doc = _doc()
    doc.colors["坏色"] = "red"  # bypasses the model's own check, as a damaged file might
    assert resolve_color(doc, "坏色") is None


# -- family and boldness asked for -------------------------------------------------------------


def test_without_a_character_style_the_paragraph_decides_family_and_boldness() -> None:
    pstyle = ParagraphStyle(name="标题", font_family="Noto Sans SC", bold=True)
    assert requested_face(pstyle, None) == ("Noto Sans SC", True)


def test_a_character_style_overrides_family_and_boldness() -> None:
    pstyle = ParagraphStyle(name="正文", font_family="Noto Serif SC", bold=True)
    cstyle = CharacterStyle(name="强调", font_family="Noto Sans SC", bold=False)
    assert requested_face(pstyle, cstyle) == ("Noto Sans SC", False)


def test_a_character_style_without_family_or_boldness_keeps_the_paragraphs() -> None:
    pstyle = ParagraphStyle(name="正文", font_family="楷体", bold=True)
    assert requested_face(pstyle, CharacterStyle(name="空")) == ("楷体", True)
    assert requested_face(pstyle, CharacterStyle(name="空", font_family="")) == ("楷体", True)
    plain = ParagraphStyle(name="正文", font_family="楷体", bold=False)
    assert requested_face(plain, CharacterStyle(name="粗", bold=True)) == ("楷体", True)


def test_requested_faces_lists_each_pair_once_in_first_use_order() -> None:
    styles = {"正文": ParagraphStyle(name="正文", font_family="宋体"),
              "标题": ParagraphStyle(name="标题", font_family="黑体", bold=True)}
    cstyles = {"强调": CharacterStyle(name="强调", bold=True)}
    story = Story(id="s", paragraphs=[
        Paragraph(style="标题", runs=[Run(text="题")]),
        Paragraph(style="正文", runs=[Run(text="甲"), Run(text="乙", char_style="强调"), Run(text="丙")]),
        Paragraph(style="标题", runs=[Run(text="又")]),
        Paragraph(style="无此样式", runs=[Run(text="丁", char_style="无此字符样式")]),
    ])
    doc = Document(paragraph_styles=styles, character_styles=cstyles, stories={"s": story})
    assert requested_faces(doc) == [("黑体", True), ("宋体", False), ("宋体", True), ("Noto Serif SC", False)]


def test_a_document_without_stories_asks_for_no_faces() -> None:
    assert requested_faces(Document()) == []


# -- the resolved format -----------------------------------------------------------------------


def test_an_unknown_paragraph_style_is_the_default_style() -> None:
    resolver = FormatResolver(Document(), FakeFaces())
    style = resolver.paragraph_style("无此样式")
    assert style is FALLBACK_PARAGRAPH_STYLE
    assert style.name == "默认"
    assert (style.font_family, style.bold, style.size_pt) == ("Noto Serif SC", False, 10.5)


def test_the_paragraph_style_sets_size_colour_spacing_and_face() -> None:
    pstyle = ParagraphStyle(name="正文", font_family="Noto Sans SC", size_pt=12.0, color="#336699",
                            letter_spacing_em=0.05)
    resolver = FormatResolver(Document(paragraph_styles={"正文": pstyle}), FakeFaces())
    fmt = resolver.char_format("正文", None)
    assert fmt.size_pt == 12.0
    assert fmt.color == pytest.approx((0x33 / 255, 0x66 / 255, 0x99 / 255))
    assert fmt.letter_spacing_em == 0.05
    assert fmt.face.ref == SANS
    assert fmt.face.family_name == _family_in_file(SANS)


def test_a_character_style_sets_size_colour_and_bold_face_but_not_spacing() -> None:
    pstyle = ParagraphStyle(name="正文", font_family="Noto Serif SC", size_pt=10.0, color="#000000",
                            letter_spacing_em=0.1)
    cstyle = CharacterStyle(name="红粗", bold=True, size_pt=14.0, color="红")
    doc = Document(paragraph_styles={"正文": pstyle}, character_styles={"红粗": cstyle}, colors={"红": "#FF0000"})
    fmt = FormatResolver(doc, FakeFaces()).char_format("正文", "红粗")
    assert fmt.size_pt == 14.0
    assert fmt.color == (1.0, 0.0, 0.0)
    assert fmt.letter_spacing_em == 0.1
    assert fmt.face.ref == SERIF_BOLD
    assert fmt.face.family_name == _family_in_file(SERIF_BOLD)


def test_an_unresolvable_character_colour_falls_back_to_the_paragraphs() -> None:
    pstyle = ParagraphStyle(name="正文", color="#00FF00")
    cstyle = CharacterStyle(name="坏", color="无此色")
    doc = Document(paragraph_styles={"正文": pstyle}, character_styles={"坏": cstyle})
    assert FormatResolver(doc, FakeFaces()).char_format("正文", "坏").color == (0.0, 1.0, 0.0)


def test_with_no_usable_colour_anywhere_text_is_black() -> None:
    pstyle = ParagraphStyle(name="正文", color="无此色")
    cstyle = CharacterStyle(name="坏", color="也无此色")
    doc = Document(paragraph_styles={"正文": pstyle}, character_styles={"坏": cstyle})
    assert FormatResolver(doc, FakeFaces()).char_format("正文", "坏").color == (0.0, 0.0, 0.0)


def test_an_unknown_character_style_is_ignored() -> None:
    pstyle = ParagraphStyle(name="正文", size_pt=9.0)
    fmt = FormatResolver(Document(paragraph_styles={"正文": pstyle}), FakeFaces()).char_format("正文", "无此样式")
    assert (fmt.size_pt, fmt.face.ref) == (9.0, SERIF)


def test_faces_are_the_resolved_face_then_the_fallbacks_without_repeats() -> None:
    faces = FakeFaces(fallbacks=[SANS, SERIF, SANS])
    pstyle = ParagraphStyle(name="正文", font_family="Noto Serif SC")
    fmt = FormatResolver(Document(paragraph_styles={"正文": pstyle}), faces).char_format("正文", None)
    assert [face.ref for face in fmt.faces] == [SERIF, SANS]
    assert fmt.face.ref == SERIF


def test_a_pair_is_resolved_once_and_then_served_from_the_cache() -> None:
    faces = FakeFaces()
    doc = Document(paragraph_styles={"正文": ParagraphStyle(name="正文")},
                   character_styles={"粗": CharacterStyle(name="粗", bold=True)})
    resolver = FormatResolver(doc, faces)
    first = resolver.char_format("正文", None)
    assert resolver.char_format("正文", None) is first
    assert faces.asked == [("Noto Serif SC", False)]
    bold = resolver.char_format("正文", "粗")
    assert bold is not first
    assert bold.face.ref == SERIF_BOLD
    assert faces.asked == [("Noto Serif SC", False), ("Noto Serif SC", True)]
