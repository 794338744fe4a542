"""The sample issue (layouts/sample-2021-28.banmian): complete, upright, composable, reproducible."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from editor.io.photos import load_upright, read_photo_info
from editor.io.project import load_project
from editor.layout.engine import layout_document
from editor.model import PAGE_SIZES_PT, Document, ImageFrame, ShapeFrame, TextFrame

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "layouts" / "sample-2021-28.banmian"
SCRIPT = REPO / "layouts" / "make_sample.py"
RED_SWATCH = "党建红"


@pytest.fixture(scope="module")
def doc() -> Document:
    return load_project(SAMPLE)


def _story_text(doc: Document, story_id: str) -> str:
    return "".join(p.plain_text() for p in doc.stories[story_id].paragraphs)


def _frames(doc: Document, kind: type) -> list:
    return [frame for _, frame in doc.frames_with_pages() if isinstance(frame, kind)]


def test_sample_has_five_a4_pages_and_the_issue_fields(doc: Document) -> None:
    assert len(doc.pages) == 5
    assert (doc.page_width_pt, doc.page_height_pt) == pytest.approx(PAGE_SIZES_PT["A4"])
    issue = doc.issue
    assert (issue.title, issue.year, issue.number, issue.total_number) == ("中铝股份党群工作", 2021, 28, 28)
    assert (issue.date, issue.publisher) == ("2021-09-29", "党群工作部")


def test_masthead_is_built_from_field_runs(doc: Document) -> None:
    title, issue_line, department_line = doc.stories["masthead"].paragraphs
    assert [run.field for run in title.runs] == ["title"]
    assert doc.paragraph_styles[title.style].color == RED_SWATCH
    assert doc.paragraph_styles[title.style].bold
    assert [(run.field, run.text) for run in issue_line.runs] == [
        ("year", ""), (None, "年第"), ("number", ""), (None, "期（总第"), ("total_number", ""), (None, "期）"),
    ]
    assert [(run.field, run.text) for run in department_line.runs] == [
        ("publisher", ""), (None, "\u3000"), ("date", ""),
    ]
    master = doc.master_of(doc.pages[0])
    assert master is not None and master.name == "刊头"
    assert [f.story_id for f in master.frames if isinstance(f, TextFrame)] == ["masthead"]


def test_page_one_is_on_the_masthead_master_and_the_others_on_running_heads(doc: Document) -> None:
    names = [doc.master_of(page).name for page in doc.pages]
    assert names == ["刊头", "版头·双栏", "版头·三栏", "版头·三栏", "版头·三栏"]
    # Each master's grid is the columns its pages are set in: one box, two threaded columns, three columns.
    assert [doc.master_of(page).grid.columns for page in doc.pages] == [1, 2, 3, 3, 3]
    head = doc.stories["m-head-3-head"].paragraphs[0]
    assert [run.field or run.text for run in head.runs] == ["title", " · ", "year", "年第", "number", "期 · ", "edition"]


def test_the_column_grid_of_page_one_leaves_the_quote_box_whole(doc: Document) -> None:
    master = doc.master_of(doc.pages[0])
    quotes = doc.frame_by_id("p1-quotes")
    inner_left = master.margins.left_pt
    inner_right = doc.page_width_pt - master.margins.right_pt
    assert (quotes.x_pt, quotes.x_pt + quotes.width_pt) == pytest.approx((inner_left, inner_right), abs=0.01)
    assert master.grid.columns == 1


def test_section_banners_are_fixed_design_text(doc: Document) -> None:
    assert {sid for sid, story in doc.stories.items() if story.fixed} == {"banner-practice", "banner-masses"}


def test_sample_has_every_house_paragraph_style(doc: Document) -> None:
    house = {"大标题", "副标题", "引题", "正文", "引文", "署名", "图注", "栏目名", "版头"}
    assert house <= set(doc.paragraph_styles)


def test_page_one_has_thick_and_thin_red_rules(doc: Document) -> None:
    rules = [f for f in doc.master_of(doc.pages[0]).frames if isinstance(f, ShapeFrame) and f.shape == "rule"]
    assert {rule.stroke for rule in rules} == {RED_SWATCH}
    assert max(r.stroke_width_pt for r in rules) >= 2 > min(r.stroke_width_pt for r in rules)


def test_quotes_have_right_aligned_attributions(doc: Document) -> None:
    paragraphs = doc.stories["quotes"].paragraphs
    assert paragraphs[0].plain_text() == "习近平总书记论新发展理念"
    quotes, attributions = paragraphs[1::2], paragraphs[2::2]
    assert len(quotes) == len(attributions) == 5
    assert all(doc.paragraph_styles[p.style].alignment == "justify" for p in quotes)
    assert all(doc.paragraph_styles[p.style].first_line_indent_chars == 2 for p in quotes)
    assert all(p.plain_text().startswith("——习近平") for p in attributions)
    assert all(doc.paragraph_styles[p.style].alignment == "right" for p in attributions)


def test_a_story_is_threaded_through_linked_frames(doc: Document) -> None:
    linked = [f for f in _frames(doc, TextFrame) if f.next_frame_id]
    assert linked
    chain = doc.story_frames(linked[0].story_id)
    assert len(chain) >= 2
    assert chain[0].next_frame_id == chain[1].id


def test_photos_have_captions_and_a_text_wrap(doc: Document) -> None:
    photos = _frames(doc, ImageFrame)
    captioned = [f for f in photos if f.caption is not None]
    assert len(captioned) >= 4
    assert all(f.caption.story_id in doc.stories for f in captioned)
    assert _story_text(doc, "caption-skills") == "▲图为云铝股份青工技术技能大赛现场。"
    assert any(f.wrap.mode == "around" for f in photos)
    assert all(f.asset in doc.assets for f in photos)


def test_section_banners_are_red_bands_with_white_text(doc: Document) -> None:
    banners = [f for f in _frames(doc, TextFrame) if f.fill == RED_SWATCH]
    texts = {_story_text(doc, f.story_id) for f in banners}
    assert texts == {"践·铝之行", "群众无小事 点滴暖人心"}
    for frame in banners:
        style = doc.paragraph_styles[doc.stories[frame.story_id].paragraphs[0].style]
        assert (style.color, style.bold, style.alignment) == ("#FFFFFF", True, "center")
        assert frame.vertical_align == "center"


def test_deliberate_faults_of_the_source_are_kept(doc: Document) -> None:
    assert "为为猫场铝矿" in _story_text(doc, "brief-guizhou")
    assert '"请党放心，强国有我"' in _story_text(doc, "youth")


def test_stand_in_photos_are_phone_sized_and_come_out_upright(doc: Document) -> None:
    orientations = []
    for name, data in sorted(doc.assets.items()):
        info = read_photo_info(data, name)
        orientations.append(info.exif_orientation)
        assert {info.width_px, info.height_px} == {4032, 3024}
        assert info.dpi == (72.0, 72.0)
        assert len(data) < 1_000_000
        # The red "↑ 上" tab sits at the top edge, centred, once the photo is upright.
        picture = load_upright(data, max_side_px=400)
        red, green, blue = picture.getpixel((picture.width // 2, 2))
        assert red > 150 and green < 80 and blue < 80, f"{name} is not upright"
    assert 6 in orientations  # one is stored sideways and relies on its EXIF tag


def test_no_story_is_overset(doc: Document) -> None:
    layout = layout_document(doc)
    overset = {sid: s.overset_char_count for sid, s in layout.stories.items() if s.overset}
    assert overset == {}


def _without_asset_names(document_json: bytes) -> str:
    return re.sub(r"[0-9a-f]{32}\.jpg", "<photo>", document_json.decode("utf-8"))


def _run_script(output: Path) -> None:
    subprocess.run([sys.executable, str(SCRIPT), str(output)], check=True, capture_output=True, cwd=output.parent)


@pytest.mark.slow
def test_script_output_is_deterministic_and_matches_the_committed_sample(tmp_path: Path) -> None:
    first, second = tmp_path / "第一次", tmp_path / "second"
    _run_script(first)
    _run_script(second)
    first_json = (first / "document.json").read_bytes()
    assert first_json == (second / "document.json").read_bytes()
    first_assets = {p.name: p.read_bytes() for p in (first / "assets").iterdir()}
    assert first_assets == {p.name: p.read_bytes() for p in (second / "assets").iterdir()}
    # Photo names are hashes of JPEG bytes, which another Pillow/libjpeg may encode
    # differently; everything else must match what is committed.
    assert _without_asset_names(first_json) == _without_asset_names((SAMPLE / "document.json").read_bytes()), (
        "the committed sample is out of date: run python layouts/make_sample.py"
    )
