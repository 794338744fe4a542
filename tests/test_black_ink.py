"""Black on the black plate (issue #13): pure black is 100 % K in the print PDF; small near-black text is found.

The PDFs are read back with pdfplumber (each character's fill colour and
colour space, each line's stroke colour); expected colours are written out
here from their hex values (#C8161D is 200/255, 22/255, 29/255), never taken
from the exporter. The preflight check is asserted finding by finding, and
its fix by what it does to the document and how exactly undo restores it.
"""

from __future__ import annotations

import copy
import dataclasses
import json
from pathlib import Path

import pdfplumber
import pytest

from editor import SAMPLE_PROJECT
from editor.io.project import load_project
from editor.layout.engine import layout_document
from editor.model import CharacterStyle, Run, ShapeFrame
from editor.preflight.check import check_document
from editor.preflight.findings import SET_PURE_BLACK, SMALL_TEXT_RICH_BLACK, WARNING, PreflightSettings
from editor.preflight.fixes import fix
from editor.render.export_presets import PRINT_PRESET, SCREEN_PRESET, export_pdf_with_preset, load_user_presets
from tests.docbuilders import apply_changes
from tests.preflight_docs import clean_doc, with_frames

K_ONLY = (0.0, 0.0, 0.0, 1.0)
PARTY_RED = (200 / 255, 22 / 255, 29 / 255)
#: pdfplumber reads colours as written, to six decimals.
EPS = 1e-5


def _close(have, want) -> bool:
    return len(have) == len(want) and all(abs(a - b) < EPS for a, b in zip(have, want, strict=True))


@pytest.fixture(scope="module")
def sample_pdfs(tmp_path_factory) -> dict[str, Path]:
    doc = load_project(SAMPLE_PROJECT)
    layout = layout_document(doc)
    folder = tmp_path_factory.mktemp("黑版")
    paths = {}
    for preset in (PRINT_PRESET, SCREEN_PRESET):
        paths[preset.name] = folder / f"第 28 期 {preset.name}.pdf"
        export_pdf_with_preset(doc, layout, paths[preset.name], preset, invariant=True)
    return paths


def _chars(path: Path, page_index: int = 0) -> list[dict]:
    with pdfplumber.open(path) as pdf:
        return list(pdf.pages[page_index].chars)


def _issue_line(chars: list[dict]) -> list[dict]:
    """The characters of the masthead's issue line (期号 style: #000000, 12 pt)."""
    text = "".join(char["text"] for char in chars)
    start = text.index("2021年第28期")
    return chars[start:start + len("2021年第28期")]


def _title(chars: list[dict]) -> list[dict]:
    """The masthead's title 中铝股份党群工作 (刊头 style: 党建红 #C8161D)."""
    text = "".join(char["text"] for char in chars)
    start = text.index("中铝股份党群工作")
    return chars[start:start + len("中铝股份党群工作")]


def test_the_print_preset_draws_black_text_in_k_only_and_the_red_masthead_stays_rgb_red(sample_pdfs):
    chars = _chars(sample_pdfs["印刷"])
    black = _issue_line(chars)
    assert {char["ncs"] for char in black} == {"DeviceCMYK"}
    assert all(_close(char["non_stroking_color"], K_ONLY) for char in black)
    red = _title(chars)
    assert {char["ncs"] for char in red} == {"DeviceRGB"}
    assert all(_close(char["non_stroking_color"], PARTY_RED) for char in red)


def test_the_print_preset_leaves_no_black_text_in_rgb_on_any_page(sample_pdfs):
    with pdfplumber.open(sample_pdfs["印刷"]) as pdf:
        rgb_black = [char["text"] for page in pdf.pages for char in page.chars
                     if _close(char["non_stroking_color"], (0.0, 0.0, 0.0))]
    assert rgb_black == []


def test_the_screen_preset_keeps_black_text_rgb(sample_pdfs):
    black = _issue_line(_chars(sample_pdfs["屏幕"]))
    assert {char["ncs"] for char in black} == {"DeviceRGB"}
    assert all(_close(char["non_stroking_color"], (0.0, 0.0, 0.0)) for char in black)


def test_k_only_black_moves_no_glyph(sample_pdfs):
    """The print page is the screen page shifted by the marks' margin; every glyph keeps its place on it."""
    printed, screen = _chars(sample_pdfs["印刷"], 2), _chars(sample_pdfs["屏幕"], 2)
    assert [char["text"] for char in printed] == [char["text"] for char in screen]
    dx = printed[0]["x0"] - screen[0]["x0"]
    dy = printed[0]["bottom"] - screen[0]["bottom"]
    assert dx > 0 and dy > 0  # the crop marks' margin
    assert all(abs(p["x0"] - s["x0"] - dx) < 0.01 and abs(p["bottom"] - s["bottom"] - dy) < 0.01
               for p, s in zip(printed, screen, strict=True))


def test_a_black_rule_and_a_black_box_are_k_only_in_print_and_a_red_rule_stays_rgb(tmp_path):
    doc = with_frames(clean_doc(),
                      ShapeFrame(id="black-rule", shape="rule", x_pt=50.0, y_pt=500.0, width_pt=200.0, height_pt=0.0,
                                 stroke="#000000", stroke_width_pt=1.0),
                      ShapeFrame(id="red-rule", shape="rule", x_pt=50.0, y_pt=520.0, width_pt=200.0, height_pt=0.0,
                                 stroke="#C8161D", stroke_width_pt=1.0),
                      ShapeFrame(id="black-box", x_pt=50.0, y_pt=600.0, width_pt=100.0, height_pt=50.0,
                                 fill="#000000", stroke=None, stroke_width_pt=0.0))
    path = tmp_path / "线.pdf"
    export_pdf_with_preset(doc, layout_document(doc), path, PRINT_PRESET, invariant=True)
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        # The crop marks are registration (all four inks); the two rules are the only other lines.
        rules = [line["stroking_color"] for line in page.lines if not _close(line["stroking_color"], (1, 1, 1, 1))]
        boxes = [rect["non_stroking_color"] for rect in page.rects if rect["fill"]]
    assert len(rules) == 2
    assert _close(rules[0], K_ONLY) and _close(rules[1], PARTY_RED)
    assert len(boxes) == 1 and _close(boxes[0], K_ONLY)


def test_a_user_preset_saved_before_k_only_black_prints_it_when_it_has_a_bleed(tmp_path):
    file = tmp_path / "export-presets.json"
    file.write_text(json.dumps({"presets": [{"name": "厂里", "photo_ppi": 300, "bleed_mm": 3},
                                            {"name": "微信", "photo_ppi": 150, "bleed_mm": 0}]}), "utf-8")
    assert [(p.name, p.black_as_k) for p in load_user_presets(file)] == [("厂里", True), ("微信", False)]


# ---------------------------------------------------------------- preflight


def _preflight(doc, settings=PreflightSettings()):
    return [f for f in check_document(doc, layout_document(doc), settings) if f.kind == SMALL_TEXT_RICH_BLACK]


def _body(size_pt: float, color: str):
    """The clean document (one frame, one story of style 正文 on page 1), its body set in ``size_pt`` and ``color``."""
    doc = clean_doc()
    style = doc.paragraph_styles["正文"]
    doc.paragraph_styles["正文"] = dataclasses.replace(style, size_pt=size_pt, color=color)
    return doc


def test_8_pt_text_in_1a1a1a_is_a_warning_on_its_page_naming_the_style_and_colour():
    findings = _preflight(_body(8.0, "#1A1A1A"))
    assert [(f.severity, f.page, f.frame_id, f.story_id, f.fix, f.style) for f in findings] == [
        (WARNING, 1, "f", "s", SET_PURE_BLACK, ("paragraph", "正文"))]
    assert findings[0].message.startswith("段落样式“正文”的 8 磅小字用了 #1A1A1A：")


@pytest.mark.parametrize(("size_pt", "color"), [
    (8.0, "#000000"),   # pure black: the black plate alone
    (12.0, "#1A1A1A"),  # 小四 and up: strokes wide enough to hide a misregistration
    (8.0, "#333333"),   # a grey chosen as grey (the sample's 深灰), 80 % in naive K
    (8.0, "#C8161D"),   # red
])
def test_pure_black_large_text_grey_and_colour_are_silent(size_pt, color):
    assert _preflight(_body(size_pt, color)) == []


def test_the_size_threshold_is_a_setting():
    assert _preflight(_body(12.0, "#1A1A1A"), PreflightSettings(small_text_pt=14.0)) != []


def test_a_dark_navy_character_style_from_a_swatch_is_reported_at_the_character_style():
    doc = _body(9.0, "#000000")
    doc.colors["藏青"] = "#101830"  # naive K 0.81, with a hue
    doc.character_styles["强调"] = CharacterStyle(name="强调", color="藏青")
    doc.stories["s"].paragraphs[0].runs.append(Run(text="重要", char_style="强调"))
    findings = _preflight(doc)
    assert [(f.page, f.style) for f in findings] == [(1, ("character", "强调"))]
    assert "色板“藏青”（#101830）" in findings[0].message


def test_set_pure_black_is_one_change_to_the_style_that_silences_the_check_and_undoes_exactly():
    doc = _body(8.0, "#1A1A1A")
    before = copy.deepcopy(doc)
    finding, = _preflight(doc)
    changes = fix(doc, finding)
    assert len(changes) == 1
    apply_changes(changes)
    assert doc.paragraph_styles["正文"].color == "#000000"
    assert doc.paragraph_styles["正文"].size_pt == 8.0
    assert _preflight(doc) == []
    assert fix(doc, finding) == []  # fixed already
    apply_changes(changes, forward=False)
    assert doc == before


def test_the_sample_issue_has_no_small_rich_black_text():
    doc = load_project(SAMPLE_PROJECT)
    assert _preflight(doc) == []


def test_fixing_from_the_panel_is_one_undo_step_named_for_the_fix(make_window, tmp_path, qtbot):
    from editor.io.project import save_project
    from tests.test_preflight_ui import _press

    path = tmp_path / "深灰 小字.banmian"
    save_project(_body(8.0, "#1A1A1A"), path)
    window = make_window(open=path)
    controller, panel = window.controller, window.preflight_panel
    assert window.preflight_light.text() == "● 1 个警告"
    finding, = panel.findings
    _press(panel, finding, "修复")
    assert controller.doc.paragraph_styles["正文"].color == "#000000"
    qtbot.waitUntil(lambda: window.preflight_light.text() == "● 检查通过", timeout=3000)
    assert controller.undo_stack.undoText() == "检查修复（改为纯黑）"
    controller.undo_stack.undo()
    assert controller.doc.paragraph_styles["正文"].color == "#1A1A1A"
    qtbot.waitUntil(lambda: window.preflight_light.text() == "● 1 个警告", timeout=3000)
