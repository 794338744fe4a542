"""What Word (not only LibreOffice) needs from the DOCX, read back from the XML (issue #11).

Each expectation is written here from the fonts' own tables (read with
fontTools) or from the schema, not from the writer: squeezed lines are
condensed by their real excess (quotes and ``+`` take no Han–Western space),
—— is one continuous 2-em rule, the last box of a linked chain reaches the
bottom margin, paragraph spacing is in points only, punctuation never
hangs, every part uses the ``w`` prefix and each font names a Windows
fallback.
"""

from __future__ import annotations

import math
import re
import unicodedata
from itertools import pairwise
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from lxml import etree

from editor import FONTS_DIR
from editor.layout.display import DocumentLayout, GlyphRun
from editor.layout.engine import layout_document
from editor.model import ParagraphStyle
from editor.render.docx import build_docx
from editor.render.docx.ooxml import NS
from tests.docbuilders import one_frame_doc
from tests.test_docx_structure import Package, x

W = f"{{{NS['w']}}}"
SERIF = FONTS_DIR / "NotoSerifSC-Regular.ttf"
SIZE_PT = 10.0
#: A 17-em column at 10 pt.
COLUMN_PT = 170.0


def _font(path: Path) -> TTFont:
    return TTFont(str(path), lazy=True)


def _advance_em(font: TTFont, ch: str) -> float:
    return font["hmtx"][font.getBestCmap()[ord(ch)]][0] / font["head"].unitsPerEm


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or ch == "〇"


def _is_latin(ch: str) -> bool:
    """ASCII letters and digits: the other side of the ¼ em Han–Western space."""
    return ch.isascii() and ch.isalnum()


def _body(**overrides) -> ParagraphStyle:
    return ParagraphStyle(name="正文", size_pt=SIZE_PT, leading_pt=16.0, first_line_indent_chars=0, **overrides)


def _head_box_chars(package: Package) -> list[tuple[str, int, int | None]]:
    """Each character of the (only) text box's first paragraph: (char, w:spacing twips or 0, w:w or None)."""
    (paragraph,) = x(package.document, "//mc:Choice//w:txbxContent/w:p")
    chars = []
    for run in x(paragraph, "w:r"):
        spacing = x(run, "w:rPr/w:spacing/@w:val")
        scale = x(run, "w:rPr/w:w/@w:val")
        for ch in "".join(x(run, "w:t/text()")):
            chars.append((ch, int(spacing[0]) if spacing else 0, int(scale[0]) if scale else None))
    return chars


def _script(ch: str, before: str | None) -> str:
    """LibreOffice's script of a character, as measured: ASCII is Latin, curly quotes take the
    script before them, everything else in these texts is Asian."""
    if ch.isascii():
        return "latin"
    if ch in "“”‘’":
        return before or "weak"
    return "asian"


def _condensed_characters(line_text: str) -> int:
    """How many characters LibreOffice condenses (measured: all but the last of each run of one
    script; a closing full-width mark ending the line stands alone)."""
    scripts, before = [], None
    for ch in line_text:
        before = _script(ch, before)
        scripts.append(before)
    ends = sum(1 for a, b in pairwise(scripts) if a != b)
    last = line_text[-1]
    if not last.isascii() and last not in "“”‘’" and unicodedata.category(last).startswith("P") \
            and scripts[-1] == scripts[-2]:
        ends += 1
    return len(line_text) - 1 - ends


def _expected_condense_twips(line_text: str, span_pt: float) -> int:
    """By hand: the line's natural width in LibreOffice (hmtx advances, its autospace of a fifth
    of an em between Han and an ASCII letter or digit only) minus its span, spread over the
    characters LibreOffice condenses, in whole twips rounded up, plus one twip of safety; 0 when
    the line fits."""
    font = _font(SERIF)
    natural_pt = sum(_advance_em(font, ch) for ch in line_text) * SIZE_PT
    for a, b in pairwise(line_text):
        if (_is_han(a) and _is_latin(b)) or (_is_latin(a) and _is_han(b)):
            natural_pt += 0.2 * SIZE_PT
    excess_pt = natural_pt - span_pt
    if excess_pt <= 0:
        return 0
    return math.ceil(excess_pt * 20 / _condensed_characters(line_text) - 1e-9) + 1


def _lines(layout: DocumentLayout, text: str) -> list[tuple[str, float, int, int]]:
    return [(text[line.start_offset:line.end_offset], line.right_pt - line.left_pt, line.start_offset,
             line.end_offset) for line in layout.pages[0].lines]


@pytest.mark.parametrize("text, squeezed_line_holds", [
    # 18 full-width characters in 17 em: 10 pt too wide, 13 twips on each of the 17 characters
    # LibreOffice condenses (all but the last); the first writer counted three “ ” beside Han as
    # Western and condensed by 22.
    ("他说“我们要加强作风建设”，这是关键的一步。大家都表示赞同，会议取得圆满成功。", "“"),
    # 2 and 8 take LibreOffice's fifth of an em beside 第 and 期, + does not; 第, 8, 甲 and + end
    # runs of one script, so 13 of the 18 characters are condensed: 3 twips (the first writer: 10).
    ("本刊第28期刊登了甲+乙两篇文章，反响热烈。读者纷纷来信，表示支持。二〇二一年九月。", "+"),
])
def test_a_squeezed_line_is_condensed_by_its_own_excess_and_quotes_and_plus_take_no_western_space(
        text, squeezed_line_holds):
    doc = one_frame_doc([text], width_pt=COLUMN_PT, style=_body())
    layout = layout_document(doc)
    chars = _head_box_chars(Package(build_docx(doc, layout)))
    assert "".join(ch for ch, _, _ in chars) == text
    checked = []
    for line_text, span_pt, start, end in _lines(layout, text):
        expected = _expected_condense_twips(line_text, span_pt)
        assert {spacing for _, spacing, _ in chars[start:end]} == {-expected if expected else 0}, line_text
        if expected:
            checked.append(line_text)
    assert any(squeezed_line_holds in line for line in checked), (checked, _lines(layout, text))


def test_no_squeezed_line_of_the_sample_is_condensed_more_than_its_tightest_line_needs(sample_package):
    """The old writer condensed lines with quotes by up to 44 twips (2.2 pt, overlapping glyphs on
    page 4). The tightest lines of the sample hold 19 characters of 14 pt in 17 em (four marks set
    in half width): 2 em × 14 pt over 18 gaps = 1.56 pt, 32 twips rounded up to the twip, 33 with
    the twip of safety."""
    spacings = [int(v) for v in x(sample_package.document, "//mc:Choice//w:r[not(w:rPr/w:w)]/w:rPr/w:spacing/@w:val")]
    condensed = [value for value in spacings if value < 0]
    assert condensed and all(-33 <= value for value in condensed), sorted(spacings)[:5]


def test_a_widened_line_of_the_sample_stays_inside_its_span(sample, sample_package):
    """A line our breaker ended where LibreOffice would find room for one more character is
    widened; set with that spacing on every character (as LibreOffice widens), it must still fit."""
    doc, layout = sample
    font = _font(SERIF)
    by_text = {}
    for page in layout.pages:
        for line in page.lines:
            if line.story_id in doc.stories:
                text = doc.stories[line.story_id].paragraphs[line.paragraph_index].plain_text()
                by_text[text[line.start_offset:line.end_offset]] = line
    sizes = {(item.story_id, item.paragraph_index): item.size_pt
             for page in layout.pages for item in page.items if isinstance(item, GlyphRun)}
    widened = 0
    for run in x(sample_package.document, "//mc:Choice//w:r[w:rPr/w:spacing/@w:val > 0]"):
        text = "".join(x(run, "w:t/text()")).replace("\u200b", "")
        line = by_text[text]
        size_pt = sizes[(line.story_id, line.paragraph_index)]
        natural_pt = sum(_advance_em(font, ch) for ch in text) * size_pt
        natural_pt += sum(0.2 * size_pt for a, b in pairwise(text)
                          if (_is_han(a) and _is_latin(b)) or (_is_latin(a) and _is_han(b)))
        spacing_pt = int(x(run, "w:rPr/w:spacing/@w:val")[0]) / 20
        assert natural_pt + len(text) * spacing_pt <= line.right_pt - line.left_pt, text
        assert not line.is_last_in_paragraph, text
        widened += 1
    assert widened >= 1


def _ink(font: TTFont, ch: str) -> tuple[float, float, float]:
    """(left ink edge, right ink edge, advance) of a glyph, in em."""
    gid = font.getBestCmap()[ord(ch)]
    glyph = font["glyf"][gid]
    upm = font["head"].unitsPerEm
    return glyph.xMin / upm, glyph.xMax / upm, font["hmtx"][gid][0] / upm


def test_a_two_em_dash_is_one_continuous_rule_two_ems_wide():
    # One short line: no character spacing carried for the line (``squeeze``), only the rule's.
    text = "一二三四五六七——八九十。"
    doc = one_frame_doc([text], width_pt=COLUMN_PT, style=_body())
    chars = _head_box_chars(Package(build_docx(doc, layout_document(doc))))
    dashes = [(spacing, scale) for ch, spacing, scale in chars if ch == "—"]
    assert len(dashes) == 2 and dashes[0] == dashes[1]
    assert all(scale is None for ch, _, scale in chars if ch != "—")
    spacing_twips, scale_percent = dashes[0]
    left, right, advance = _ink(_font(SERIF), "—")  # Noto Serif SC: ink 0.043–0.846 of 0.890 em
    # Scaled so its ink spans (at least) one em, as the PDF stretches it …
    assert scale_percent == math.ceil(100 / (right - left))
    # … and spaced so each half advances exactly the one em the layout gave it.
    advance_pt = advance * scale_percent / 100 * SIZE_PT + spacing_twips / 20
    assert advance_pt == pytest.approx(SIZE_PT, abs=0.5 / 20 + 1e-9)  # whole twips
    # The second half's ink starts where the first's ends: one rule, no gap; the halves overlap by
    # under 0.1 pt (whole percent and whole twips), so the rule stays two ems long.
    first_ink_end_pt = right * scale_percent / 100 * SIZE_PT
    second_ink_start_pt = advance_pt + left * scale_percent / 100 * SIZE_PT
    assert first_ink_end_pt - 0.1 <= second_ink_start_pt <= first_ink_end_pt


@pytest.fixture(scope="module")
def sample_package(sample) -> Package:
    return Package(build_docx(*sample))


@pytest.fixture(scope="module")
def sample():
    from editor import SAMPLE_PROJECT
    from editor.io.project import load_project

    doc = load_project(SAMPLE_PROJECT)
    return doc, layout_document(doc)


def emu(length_pt: float) -> int:
    """The test's own conversion (ECMA-376: 12 700 EMU to the point), not the writer's."""
    return round(length_pt * 12_700)


def _anchor_box_emu(anchor) -> tuple[int, int, int, int]:
    (h,) = x(anchor, "wp:positionH/wp:posOffset/text()")
    (v,) = x(anchor, "wp:positionV/wp:posOffset/text()")
    (extent,) = x(anchor, "wp:extent")
    return int(h), int(v), int(extent.get("cx")), int(extent.get("cy"))


def test_the_last_box_of_each_linked_chain_reaches_the_bottom_margin_the_others_keep_their_frame(sample,
                                                                                                  sample_package):
    doc, layout = sample
    bottom_emu = emu(doc.page_height_pt - doc.margins.bottom_pt)
    assert all(master.margins.bottom_pt == doc.margins.bottom_pt for master in doc.masters)
    anchors = x(sample_package.document, "//mc:Choice//wp:anchor[.//wps:txbx[@id] or .//wps:linkedTxbx]")
    chains: dict[str, list[tuple[int, object]]] = {}
    for anchor in anchors:
        head = x(anchor, ".//wps:txbx/@id")
        if head:
            chains.setdefault(head[0], []).append((0, anchor))
        else:
            (link,) = x(anchor, ".//wps:linkedTxbx")
            chains.setdefault(link.get("id"), []).append((int(link.get("seq")), anchor))
    assert len(chains) >= 3
    # p2's lead article: left column, then right column (the chain's tail).
    left = sample_package.anchor("文本框 p2-lead-left")
    right = sample_package.anchor("文本框 p2-lead-right")
    right_frame = doc.frame_by_id("p2-lead-right")
    assert _anchor_box_emu(right)[1] == emu(right_frame.y_pt)
    assert _anchor_box_emu(right)[1] + _anchor_box_emu(right)[3] == bottom_emu
    left_frame = doc.frame_by_id("p2-lead-left")
    assert _anchor_box_emu(left) == (emu(left_frame.x_pt), emu(left_frame.y_pt), emu(left_frame.width_pt),
                                     emu(left_frame.height_pt))
    for members in chains.values():
        members.sort(key=lambda pair: pair[0])
        *body, (_, tail) = members
        top, height = _anchor_box_emu(tail)[1], _anchor_box_emu(tail)[3]
        (body_pr,) = x(tail, ".//wps:bodyPr")
        assert body_pr.get("anchor") == "t" and x(tail, ".//wps:spPr/a:noFill")  # transparent, top-aligned
        if x(tail, "wp:docPr/@name") == ["文本框 p3-brief-party"]:
            # A photo that text wraps around lies below this one: the box stops at its wrap gap.
            photo = doc.frame_by_id("p3-photo-talk")
            assert top + height == emu(photo.y_pt - photo.wrap.gap_pt)
        else:
            assert top + height >= bottom_emu
        # The VML twin is as tall.
        (rect,) = x(tail, "ancestor::mc:AlternateContent/mc:Fallback//v:rect")
        vml_bottom_pt = sum(float(v) for v in re.findall(r"margin-top:([\d.]+)pt;.*height:([\d.]+)pt",
                                                           rect.get("style"))[0])
        assert vml_bottom_pt * 12700 == pytest.approx(top + height, abs=12700 * 0.01)
        for _, member in body:
            assert _anchor_box_emu(member)[1] + _anchor_box_emu(member)[3] <= bottom_emu


def test_paragraph_spacing_is_in_points_only_and_punctuation_never_hangs(sample_package):
    for part in (sample_package.styles, sample_package.document):
        assert not x(part, "//w:spacing[@w:beforeLines or @w:afterLines]")
    (lead,) = x(sample_package.styles, "//w:style[w:name/@w:val='要闻正文']")
    assert x(lead, "w:pPr/w:spacing/@w:after") == ["160"]  # 8 pt after, in twips
    styles = x(sample_package.styles, "//w:style[@w:type='paragraph'][w:pPr/w:kinsoku]")
    assert styles and all(x(style, "w:pPr/w:overflowPunct/@w:val") == ["0"] for style in styles)
    assert not x(sample_package.document, "//w:overflowPunct[not(@w:val='0')]")


def test_every_part_uses_the_w_prefix(sample_package):
    package = sample_package.zip
    for name in package.namelist():
        if not name.endswith(".xml"):
            continue
        root = etree.fromstring(package.read(name))
        prefixes = {element.prefix for element in root.iter(etree.Element)}
        assert not any(p and re.fullmatch(r"ns\d+", p) for p in prefixes), (name, prefixes)
        if name.startswith("word/"):
            # WordprocessingML elements always as w:…, never under a default namespace.
            assert {e.prefix for e in root.iter(f"{W}*")} == {"w"}, name
            assert None not in root.nsmap, name
            assert b"xmlns:w=" in package.read(name)[:600], name


def test_each_font_names_simsun_or_simhei_as_its_fallback(sample_package):
    fonts = {entry.get(f"{W}name"): entry for entry in x(sample_package.fonts, "w:font")}
    assert x(fonts["Noto Serif SC"], "w:altName/@w:val") == ["宋体"]
    assert x(fonts["Noto Sans SC"], "w:altName/@w:val") == ["黑体"]
    for entry in fonts.values():
        assert etree.QName(entry[0]).localname == "altName"  # first, as the schema orders w:font


def test_a_windows_font_that_is_its_own_fallback_names_none():
    doc = one_frame_doc(["宋体排版。"], style=_body(font_family="宋体"))
    package = Package(build_docx(doc, layout_document(doc)))
    (entry,) = x(package.fonts, "w:font[@w:name='宋体']")
    assert not x(entry, "w:altName")
