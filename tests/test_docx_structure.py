"""What the DOCX writer puts in the file, read back from the XML (no LibreOffice needed)."""

from __future__ import annotations

import io
import zipfile

import pytest
from fontTools.ttLib import TTFont
from lxml import etree
from PIL import Image

from editor import SAMPLE_PROJECT
from editor.errors import ExportError
from editor.io.project import load_project
from editor.layout.display import ImageItem
from editor.layout.engine import layout_document
from editor.model import ImageFrame, Page, ParagraphStyle
from editor.model.units import mm_to_pt
from editor.render.docx import DocxOptions, build_docx, write_docx
from editor.render.docx.fonts import obfuscate
from editor.render.docx.ooxml import NS
from editor.render.docx.styles import word_style_name
from tests.docbuilders import one_frame_doc

W = f"{{{NS['w']}}}"

# DrawingML lengths, from ECMA-376 Part 1 §20.1.2.1: 36 000 EMU to the millimetre, 12 700 to
# the point. The expected numbers are computed here from the sample's millimetres (its frames
# sit on whole millimetres, saved in points rounded to 0.01 pt), never with the writer's own
# conversion.
EMU_PER_MM = 36_000
#: The sample stores points to 0.01 pt (at most 0.0018 mm off): 0.01 mm of slack.
MM_SLACK_EMU = 360


def emu_mm(*lengths_mm: float) -> list[int]:
    return [round(length_mm * EMU_PER_MM) for length_mm in lengths_mm]


def emu_pt(*lengths_pt: float) -> list[int]:
    """Points that are exact in the display list (rule widths, crops) — 1 pt = 12 700 EMU."""
    return [round(length_pt * 12_700) for length_pt in lengths_pt]


def near(found, expected, slack: int = MM_SLACK_EMU) -> bool:
    return len(found) == len(expected) and all(abs(a - b) <= slack for a, b in zip(found, expected, strict=True))


def x(element, path: str):
    return element.xpath(path, namespaces=NS)


@pytest.fixture(scope="module")
def sample():
    doc = load_project(SAMPLE_PROJECT)
    return doc, layout_document(doc)


class Package:
    """A DOCX held in memory, its main parts parsed."""

    def __init__(self, data: bytes) -> None:
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        self.document = etree.fromstring(self.zip.read("word/document.xml"))
        self.styles = etree.fromstring(self.zip.read("word/styles.xml"))
        self.settings = etree.fromstring(self.zip.read("word/settings.xml"))
        self.fonts = etree.fromstring(self.zip.read("word/fontTable.xml"))
        self.content_types = self.zip.read("[Content_Types].xml").decode()

    def rels(self, part: str) -> dict[str, str]:
        folder, name = part.rsplit("/", 1)
        root = etree.fromstring(self.zip.read(f"{folder}/_rels/{name}.rels"))
        return {rel.get("Id"): f"{folder}/{rel.get('Target')}" for rel in root}

    def anchor(self, name: str):
        """The DrawingML ``wp:anchor`` whose ``docPr`` has this name."""
        (found,) = x(self.document, f"//mc:Choice//wp:anchor[wp:docPr/@name='{name}'] | "
                                    f"//w:drawing/wp:anchor[wp:docPr/@name='{name}']")
        return found


@pytest.fixture(scope="module")
def linked(sample) -> Package:
    return Package(build_docx(*sample))


@pytest.fixture(scope="module")
def per_box(sample) -> Package:
    return Package(build_docx(*sample, DocxOptions(text_flow="per_box")))


def _position_pt(anchor) -> tuple[float, float, float, float]:
    (h,) = x(anchor, "wp:positionH[@relativeFrom='page']/wp:posOffset/text()")
    (v,) = x(anchor, "wp:positionV[@relativeFrom='page']/wp:posOffset/text()")
    (extent,) = x(anchor, "wp:extent")
    return int(h), int(v), int(extent.get("cx")), int(extent.get("cy"))


def test_each_page_is_one_paragraph_holding_its_anchors(sample, linked):
    doc, _ = sample
    paragraphs = x(linked.document, "/w:document/w:body/w:p")
    assert len(paragraphs) == len(doc.pages)
    assert [bool(x(p, "w:pPr/w:pageBreakBefore")) for p in paragraphs] == [False, True, True, True, True]
    names = [x(p, ".//mc:Choice//wp:docPr/@name | ./w:r/w:drawing//wp:docPr/@name") for p in paragraphs]
    for page_names, page in zip(names, doc.pages, strict=True):
        # Every text frame and photo of the page is anchored in the page's own paragraph.
        wanted = [frame.id for frame in page.frames if frame.kind in ("text", "image")]
        assert all(any(name.endswith(" " + frame_id) for name in page_names) for frame_id in wanted)


def test_page_size_and_margins_come_from_the_document(sample, linked):
    doc, _ = sample
    (size,) = x(linked.document, "//w:sectPr/w:pgSz")
    (margins,) = x(linked.document, "//w:sectPr/w:pgMar")
    assert int(size.get(f"{W}w")) == round(doc.page_width_pt * 20)
    assert int(size.get(f"{W}h")) == round(doc.page_height_pt * 20)
    assert int(margins.get(f"{W}top")) == round(doc.margins.top_pt * 20)


def test_text_frames_are_text_boxes_at_their_exact_place_with_a_vml_twin(sample, linked):
    doc, _ = sample
    quotes = doc.frame_by_id("p1-quotes")
    anchor = linked.anchor("文本框 p1-quotes")
    # The quotes box: 18 mm from the left edge, 66 mm from the top, 174 × 213 mm, 7 mm insets.
    assert near(_position_pt(anchor), emu_mm(18.0, 66.0, 174.0, 213.0))
    (body,) = x(anchor, ".//wps:bodyPr")
    assert near([int(body.get(k)) for k in ("lIns", "tIns", "rIns", "bIns")], emu_mm(7.0, 7.0, 7.0, 7.0))
    assert quotes.insets.left_pt == pytest.approx(mm_to_pt(7.0), abs=0.01)
    assert body.get("anchor") == "ctr"  # the frame centres its text vertically
    assert x(body, "a:noAutofit")  # a filled frame never resizes
    assert x(anchor, ".//wps:spPr/a:solidFill/a:srgbClr/@val") == ["FBF4EA"]
    assert x(anchor, ".//wps:spPr/a:ln/a:solidFill/a:srgbClr/@val") == ["C8161D"]
    (alternate,) = [a for a in anchor.iterancestors() if a.tag == f"{{{NS['mc']}}}AlternateContent"]
    (rect,) = x(alternate, "mc:Fallback/w:pict/v:rect")
    assert "margin-left:51.02pt;margin-top:187.09pt" in rect.get("style")
    assert "mso-position-horizontal-relative:page" in rect.get("style")
    assert rect.get("fillcolor") == "#FBF4EA"
    drawn = "".join(x(anchor, ".//w:txbxContent//w:t/text()"))
    assert drawn and drawn == "".join(x(rect, ".//w:txbxContent//w:t/text()"))


def test_threaded_frames_are_one_chain_of_linked_text_boxes(linked):
    left = linked.anchor("文本框 p2-lead-left")
    right = linked.anchor("文本框 p2-lead-right")
    (txbx,) = x(left, ".//wps:txbx")
    assert not x(left, ".//wps:linkedTxbx")
    (link,) = x(right, ".//wps:linkedTxbx")
    assert link.get("id") == txbx.get("id") and link.get("seq") == "1"
    assert not x(right, ".//wps:txbx")
    # The head holds the whole story, so Word flows it on from box to box.
    assert "加强作风建设。" in "".join(x(left, ".//w:t/text()"))
    assert x(left, ".//wps:bodyPr/a:noAutofit") and x(right, ".//wps:bodyPr/a:spAutoFit")
    # The VML twins chain the same way.
    (head_vml,) = x(left, "ancestor::mc:AlternateContent/mc:Fallback//v:textbox")
    (tail_id,) = x(right, "ancestor::mc:AlternateContent/mc:Fallback//v:rect/@id")
    assert f"mso-next-textbox:#{tail_id}" in head_vml.get("style")


def test_per_box_flow_puts_the_engines_text_in_each_box(per_box):
    assert not x(per_box.document, "//wps:linkedTxbx")
    left = "".join(x(per_box.anchor("文本框 p2-lead-left"), ".//w:t/text()"))
    right = "".join(x(per_box.anchor("文本框 p2-lead-right"), ".//w:t/text()"))
    assert left.startswith("一是坚定主心骨") and "加强作风建设。" not in left
    assert right.endswith("加强作风建设。")


def test_columns_become_one_box_per_column_or_numcol_when_asked(sample):
    doc, layout = sample
    guizhou = doc.frame_by_id("p4-brief-guizhou")
    split = Package(build_docx(doc, layout))
    boxes = x(split.document, "//mc:Choice//wp:anchor[wp:docPr/@name='文本框 p4-brief-guizhou']")
    assert len(boxes) == guizhou.columns == 3
    native = Package(build_docx(doc, layout, DocxOptions(columns="native")))
    (body,) = x(native.anchor("文本框 p4-brief-guizhou"), ".//wps:bodyPr")
    assert body.get("numCol") == "3" and near([int(body.get("spcCol"))], emu_mm(6.0))  # a 6 mm gutter


def test_text_wrapped_around_a_photo_is_set_in_boxes_beside_it(sample, linked):
    doc, _ = sample
    photo = doc.frame_by_id("p3-photo-talk")
    (anchor,) = x(linked.document, "//mc:Choice//wp:anchor[wp:docPr/@name='文本框 p3-contest']")
    left, _top, width, _height = _position_pt(anchor)
    # The photo stands at 74 mm with a 3 mm gap: the text keeps left of 71 mm.
    assert photo.x_pt == pytest.approx(mm_to_pt(74.0), abs=0.01)
    assert photo.wrap.gap_pt == pytest.approx(mm_to_pt(3.0), abs=0.01)
    assert left + width <= emu_mm(71.0)[0] + MM_SLACK_EMU


def test_styles_carry_fonts_sizes_exact_leading_indent_in_chars_and_chinese_rules(linked):
    (body,) = x(linked.styles, f"//w:style[w:name/@w:val='{word_style_name('正文')}']")
    assert word_style_name("正文") == "正文（版面）"  # Word's Normal is called 正文 in Chinese Word
    (fonts,) = x(body, "w:rPr/w:rFonts")
    assert fonts.get(f"{W}eastAsia") == fonts.get(f"{W}ascii") == "Noto Serif SC"
    assert x(body, "w:rPr/w:sz/@w:val") == ["21"]
    (spacing,) = x(body, "w:pPr/w:spacing")
    assert spacing.get(f"{W}line") == "350" and spacing.get(f"{W}lineRule") == "exact"
    assert spacing.get(f"{W}before") == spacing.get(f"{W}after") == "0"
    (indent,) = x(body, "w:pPr/w:ind")
    assert indent.get(f"{W}firstLineChars") == "200" and indent.get(f"{W}firstLine") == "420"
    assert x(body, "w:pPr/w:jc/@w:val") == ["both"]
    assert x(body, "w:pPr/w:kinsoku/@w:val") == ["1"] and x(body, "w:pPr/w:topLinePunct/@w:val") == ["1"]
    (lead,) = x(linked.styles, "//w:style[w:name/@w:val='要闻正文']")
    assert x(lead, "w:pPr/w:spacing/@w:after") == ["160"]
    (masthead,) = x(linked.styles, "//w:style[w:name/@w:val='刊头']")
    assert x(masthead, "w:rPr/w:color/@w:val") == ["C8161D"] and x(masthead, "w:rPr/w:b/@w:val") == ["1"]
    assert x(masthead, "w:pPr/w:jc/@w:val") == ["center"]
    (strong,) = x(linked.styles, f"//w:style[@w:type='character'][w:name/@w:val='{word_style_name('要点')}']")
    assert x(strong, "w:rPr/w:rFonts/@w:eastAsia") == ["Noto Sans SC"]
    assert x(linked.settings, "w:characterSpacingControl/@w:val") == ["compressPunctuation"]
    (no_start,) = x(linked.settings, "w:noLineBreaksBefore/@w:val")
    assert "，" in no_start and "。" in no_start
    assert x(linked.settings, "w:noLineBreaksAfter/@w:val")[0].count("（") == 1


def test_runs_use_the_character_styles_and_fields_are_filled_in(linked):
    masthead = "".join(x(linked.anchor("文本框 m-masthead-masthead@p1"), ".//w:t/text()"))
    assert "2021年第28期（总第28期）" in masthead and "2021年9月29日" in masthead
    bold = x(linked.document, "//mc:Choice//w:r[w:rPr/w:rStyle]/w:t/text()")
    assert "一是坚定主心骨，构建宣传思想大格局。" in "".join(bold)


def test_lines_the_engine_squeezed_are_condensed_just_enough(sample, linked):
    doc, layout = sample
    runs = x(linked.anchor("文本框 p2-lead-left"), ".//w:r[w:rPr/w:spacing]")
    assert runs, "a squeezed line should carry a condensed spacing"
    for run in runs:
        condense_pt = -int(x(run, "w:rPr/w:spacing/@w:val")[0]) / 20
        # A 17-em line holding up to 19 characters: at most about 2/17 em per character.
        assert 0 < condense_pt < 0.2 * 14


def test_photos_are_anchored_upright_with_the_same_crop(sample, linked):
    doc, layout = sample
    items = {i.frame_id: i for page in layout.pages for i in page.items if isinstance(i, ImageItem)}
    relations = linked.rels("word/document.xml")
    for frame_id, item in items.items():
        anchor = linked.anchor(f"图片 {frame_id}")
        clip, shown = item.clip_rect, item.image_rect
        assert near(_position_pt(anchor), emu_pt(clip.x_pt, clip.y_pt, clip.width_pt, clip.height_pt), slack=1)
        (crop,) = x(anchor, ".//a:srcRect")
        left = int(crop.get("l", 0)) / 100000 * shown.width_pt + shown.x_pt
        top = int(crop.get("t", 0)) / 100000 * shown.height_pt + shown.y_pt
        right = shown.right_pt - int(crop.get("r", 0)) / 100000 * shown.width_pt
        assert (left, top, right) == pytest.approx((clip.x_pt, clip.y_pt, clip.right_pt), abs=0.01)
        (embed,) = x(anchor, ".//a:blip/@r:embed")
        image = Image.open(io.BytesIO(linked.zip.read(relations[embed])))
        portrait = image.height > image.width
        assert portrait == (shown.height_pt > shown.width_pt), frame_id  # upright, as laid out
        assert image.getexif().get(0x0112, 1) == 1  # no orientation tag for Word to apply again


def test_rules_and_boxes_are_shapes_in_the_documents_colours(linked):
    rules = x(linked.document, "//mc:Choice//wps:wsp[wps:spPr/a:prstGeom/@prst='line']")
    # Page 1's two masthead rules, the rules on pages 2 and 5, and the running head's rule on pages 2–5.
    assert len(rules) == 8
    widths = sorted(int(w) for w in x(linked.document, "//wps:wsp[wps:spPr/a:prstGeom/@prst='line']/wps:spPr/a:ln/@w"))
    assert widths == [6_350] * 4 + [9_525] * 3 + [38_100]  # 0.5, 0.75 and 3 pt at 12 700 EMU to the point
    assert set(x(linked.document, "//wps:wsp[wps:spPr/a:prstGeom/@prst='line']//a:srgbClr/@val")) == {"C8161D"}
    banners = x(linked.document, "//mc:Choice//wp:anchor[contains(wp:docPr/@name,'banner')]//wps:spPr/a:solidFill//@val")
    assert banners == ["C8161D", "C8161D"]
    assert x(linked.document, "//mc:Fallback//v:line/@strokecolor") == ["#C8161D"] * 8


def test_bundled_fonts_are_embedded_as_obfuscated_subsets_of_the_characters_used(sample, linked):
    doc, _ = sample
    assert x(linked.settings, "w:embedTrueTypeFonts") and x(linked.settings, "w:saveSubsetFonts")
    relations = linked.rels("word/fontTable.xml")
    used = set("".join(x(linked.document, "//mc:Choice//w:t/text()")))
    embedded = 0
    for entry in x(linked.fonts, "w:font"):
        for embed in x(entry, "w:embedRegular | w:embedBold"):
            part = relations[embed.get(f"{{{NS['r']}}}id")]
            assert part.endswith(".odttf") and "obfuscatedFont" in linked.content_types
            data = linked.zip.read(part)
            assert data[:4] != b"\x00\x01\x00\x00"  # not readable as a font without the key
            font = TTFont(io.BytesIO(obfuscate(data, embed.get(f"{W}fontKey"))))
            assert font["name"].getDebugName(1) == entry.get(f"{W}name")
            assert (font["OS/2"].usWeightClass >= 600) == embed.tag.endswith("embedBold")
            cmap = font.getBestCmap()
            level1 = _gb2312_level1()
            if embed.tag.endswith("embedRegular"):  # carries GB 2312 level 1 for text typed in Word
                assert level1 <= {chr(code) for code in cmap} and len(cmap) < 3755 + 1000
            else:
                assert len(cmap) < 2000 and not level1 <= {chr(code) for code in cmap}
            assert font["OS/2"].ulCodePageRange1 & (1 << 18)  # still says GB 2312
            embedded += 1
    assert embedded == 4
    assert {f.get(f"{W}name") for f in x(linked.fonts, "w:font")} == {"Noto Serif SC", "Noto Sans SC"}
    assert used


def _gb2312_level1() -> set[str]:
    """GB 2312 level 1 as the standard lays it out: rows 16–55 (bytes 0xB0–0xD7), 94 cells each
    (0xA1–0xFE), the last row ending at 0xD7F9: 3,755 characters from 啊 to 座."""
    chars = [bytes((row, cell)).decode("gb2312") for row in range(0xB0, 0xD7) for cell in range(0xA1, 0xFF)]
    chars += [bytes((0xD7, cell)).decode("gb2312") for cell in range(0xA1, 0xFA)]
    assert len(chars) == 3755 and chars[0] == "啊" and chars[-1] == "座"
    return set(chars)


def test_obfuscation_xors_the_first_32_bytes_with_the_reversed_guid():
    key = "{00112233-4455-6677-8899-AABBCCDDEEFF}"
    data = bytes(range(40))
    scrambled = obfuscate(data, key)
    reversed_key = bytes.fromhex("FFEEDDCCBBAA99887766554433221100")
    assert scrambled[:16] == bytes(a ^ b for a, b in zip(data[:16], reversed_key, strict=True))
    assert scrambled[16:32] == bytes(a ^ b for a, b in zip(data[16:32], reversed_key, strict=True))
    assert scrambled[32:] == data[32:]
    assert obfuscate(scrambled, key) == data


def test_windows_fonts_are_named_not_embedded():
    style = ParagraphStyle(name="正文", font_family="宋体", size_pt=12.0, leading_pt=20.0)
    doc = one_frame_doc(["宋体排版测试。"], style=style)
    package = Package(build_docx(doc, layout_document(doc)))
    (entry,) = x(package.fonts, "w:font[@w:name='宋体']")
    assert not x(entry, "w:embedRegular | w:embedBold") and x(entry, "w:charset/@w:val") == ["86"]
    assert not [name for name in package.zip.namelist() if name.endswith(".odttf")]
    assert x(package.styles, "//w:style[w:name/@w:val='正文（版面）']/w:rPr/w:rFonts/@w:eastAsia") == ["宋体"]


def test_overset_text_is_kept_in_the_last_box():
    doc = one_frame_doc(["测试" * 200], width_pt=100.0, height_pt=40.0)
    layout = layout_document(doc)
    assert layout.overset_story_ids == ["s"]
    for flow in ("per_box", "linked"):
        package = Package(build_docx(doc, layout, DocxOptions(text_flow=flow)))
        assert "".join(x(package.document, "//mc:Choice//w:t/text()")) == "测试" * 200


def test_overset_story_keeps_its_box_size_as_the_pdf_hides_the_rest():
    doc = one_frame_doc(["测试" * 200], width_pt=100.0, height_pt=40.0)
    package = Package(build_docx(doc, layout_document(doc)))
    assert x(package.document, "//mc:Choice//wps:bodyPr/a:noAutofit")
    assert not x(package.document, "//wps:bodyPr/a:spAutoFit")


def test_forced_breaks_and_tabs_stay_breaks_and_tabs():
    doc = one_frame_doc(["第一行\n第二行\t表"])
    package = Package(build_docx(doc, layout_document(doc)))
    (paragraph,) = x(package.document, "//mc:Choice//w:txbxContent/w:p")
    assert [etree.QName(n).localname for n in x(paragraph, ".//w:t | .//w:br | .//w:tab")] == ["t", "br", "t", "tab", "t"]


def test_a_missing_photo_prints_a_placeholder_and_is_reported_by_page_and_name():
    doc = one_frame_doc(["图"])
    doc.pages[0].frames.append(ImageFrame(id="photo", x_pt=300.0, y_pt=60.0, width_pt=100.0, height_pt=80.0,
                                          asset="missing.jpg", source_name="IMG_2041.jpg"))
    layout = layout_document(doc)
    package = Package(build_docx(doc, layout))
    assert not x(package.document, "//pic:pic")
    presets = [shape.get("prst") for shape in x(package.document, "//mc:Choice//wps:wsp[not(wps:txbx)]//a:prstGeom")]
    assert sorted(presets) == ["line", "line", "rect"]  # the grey box and its cross, where the photo was
    assert any(warning.startswith("第 1 页的图片“IMG_2041.jpg”已损坏或无法读取") for warning in layout.warnings)


def test_core_properties_and_invariant_bytes(sample):
    first = build_docx(*sample, DocxOptions(invariant=True))
    assert first == build_docx(*sample, DocxOptions(invariant=True))
    core = etree.fromstring(zipfile.ZipFile(io.BytesIO(first)).read("docProps/core.xml"))
    assert core.findtext("{http://purl.org/dc/elements/1.1/}title") == "中铝股份党群工作 2021年第28期"
    assert core.findtext("{http://purl.org/dc/elements/1.1/}creator") == "党群工作部"


def test_a_change_of_page_size_starts_a_new_section():
    doc = one_frame_doc(["一页"])
    doc.pages.append(Page(id="big"))
    layout = layout_document(doc)
    layout.pages[1].width_pt, layout.pages[1].height_pt = mm_to_pt(297.0), mm_to_pt(420.0)
    package = Package(build_docx(doc, layout))
    first, second = x(package.document, "/w:document/w:body/w:p")
    assert x(first, "w:pPr/w:sectPr/w:pgSz/@w:w") == [str(round(doc.page_width_pt * 20))]
    assert not x(second, "w:pPr/w:pageBreakBefore")  # the section break already starts the page
    assert x(package.document, "/w:document/w:body/w:sectPr/w:pgSz/@w:h") == [str(round(mm_to_pt(420.0) * 20))]


def test_a_page_without_frames_still_gets_its_page():
    doc = one_frame_doc(["一页"])
    doc.pages.append(Page(id="empty"))
    package = Package(build_docx(doc, layout_document(doc)))
    assert len(x(package.document, "/w:document/w:body/w:p")) == 2


def test_unwritable_target_gives_a_chinese_error(sample, tmp_path):
    target = tmp_path / "没有这个文件夹" / "样刊.docx"
    with pytest.raises(ExportError) as raised:
        write_docx(*sample, target)
    assert "无法写入" in raised.value.message
