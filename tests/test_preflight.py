"""Preflight (检查): each check fires on a document built to trip it, and the sample trips none.

Each test builds the smallest document with one problem (``tests/preflight_docs.py``) and asserts
the exact finding: kind, severity, page, frame and story. The fixes are checked by what they do to
the document (the frame's new rectangle, the story no longer overset) and undone exactly.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys

import pytest

from editor import PROJECT_ROOT, SAMPLE_PROJECT
from editor.io.project import save_project
from editor.layout.engine import layout_document
from editor.layout.font_registry import FontRegistry
from editor.model import mm_to_pt
from editor.preflight.check import check_document
from editor.preflight.findings import (
    ERROR,
    EXTEND_TO_BLEED,
    FIT_FRAME_TO_TEXT,
    FONT_MISSING,
    FONT_NOT_CONVERTIBLE,
    FONT_NOT_EMBEDDABLE,
    FONT_SUBSTITUTED,
    FRAME_EMPTY,
    FRAME_OFF_PAGE,
    FRAME_SHORT_OF_BLEED,
    OVERSET,
    PAGE_SIZE,
    PHOTO_LOW_RESOLUTION,
    PHOTO_MISSING,
    TEXT_NEAR_TRIM,
    WARNING,
    PreflightSettings,
)
from editor.preflight.fixes import fix
from tests.docbuilders import apply_changes
from tests.preflight_docs import (
    LONG_NAME,
    box,
    clean_doc,
    doc_in_family,
    empty_text_frame_doc,
    jpeg,
    overset_doc,
    photo_doc,
    tiny_font,
    with_frames,
)


def _preflight(doc, settings=PreflightSettings(), faces=None):
    return check_document(doc, layout_document(doc, faces), settings, faces)


def _where(findings):
    """(kind, severity, page, frame, story, fix) of each finding."""
    return [(f.kind, f.severity, f.page, f.frame_id, f.story_id, f.fix) for f in findings]


def test_the_sample_issue_passes_every_check(doc):
    assert _preflight(doc) == []


def test_the_clean_document_of_the_other_tests_passes_every_check():
    assert _preflight(clean_doc()) == []


# ---------------------------------------------------------------- overset


def test_an_overset_story_is_an_error_at_its_last_frame_on_page_2():
    findings = _preflight(overset_doc())
    assert _where(findings) == [(OVERSET, ERROR, 2, "f2", "s", FIT_FRAME_TO_TEXT)]
    assert findings[0].message.startswith(f"文章“{LONG_NAME}”排不下：第 2 页的最后一个框之后还有 ")


def test_fit_frame_to_text_grows_the_last_frame_just_enough_and_undoes_exactly():
    doc = overset_doc()
    before = copy.deepcopy(doc)
    finding, = _preflight(doc)
    changes = fix(doc, finding)
    apply_changes(changes)
    grown = doc.pages[1].frames[0]
    assert (grown.x_pt, grown.y_pt, grown.width_pt) == (50.0, 300.0, 210.0)
    assert 60.0 < grown.height_pt <= doc.page_height_pt - mm_to_pt(20.0) - 300.0  # above the 20 mm margin
    assert _preflight(doc) == []
    one_point_less = copy.deepcopy(doc)
    one_point_less.pages[1].frames[0].height_pt = grown.height_pt - 1.0
    assert layout_document(one_point_less).stories["s"].overset
    assert fix(doc, finding) == []  # fixed already: a second click changes nothing
    apply_changes(changes, forward=False)
    assert doc == before


def test_fit_frame_to_text_changes_nothing_when_the_text_cannot_fit_above_the_bottom_margin():
    doc = overset_doc()
    doc.stories["s"].paragraphs *= 5  # 1200 characters, about 60 lines of 16 pt; page 2 holds 30 above the margin
    finding, = _preflight(doc)
    assert fix(doc, finding) == []


# ---------------------------------------------------------------- photos


@pytest.mark.parametrize("data, reason", [(None, "项目文件中缺少这张图片"), (b"not a photo", "文件已损坏")])
def test_a_missing_or_unreadable_photo_is_an_error_on_its_page(data, reason):
    findings = _preflight(photo_doc(data))
    assert _where(findings) == [(PHOTO_MISSING, ERROR, 1, "photo", None, None)]
    assert findings[0].message.startswith("第 1 页的图片“会场.jpg”缺失或无法读取（") and reason in findings[0].message


def test_a_photo_under_200_ppi_at_its_placed_size_is_a_warning():
    findings = _preflight(photo_doc(jpeg(300, 225)))  # 300 px over a frame 2 inches wide: 150 ppi
    assert _where(findings) == [(PHOTO_LOW_RESOLUTION, WARNING, 1, "photo", None, None)]
    assert "有效分辨率只有 150 ppi，低于 200 ppi" in findings[0].message


def test_the_resolution_threshold_is_a_setting():
    doc = photo_doc(jpeg(600, 450))  # 300 ppi
    assert _preflight(doc) == []
    raised = _preflight(doc, PreflightSettings(min_photo_ppi=350.0))
    assert _where(raised) == [(PHOTO_LOW_RESOLUTION, WARNING, 1, "photo", None, None)]
    assert "只有 300 ppi，低于 350 ppi" in raised[0].message


# ---------------------------------------------------------------- fonts


def test_a_family_that_is_not_installed_is_a_substitution_warning():
    findings = _preflight(doc_in_family("方正小标宋简体"))
    assert _where(findings) == [(FONT_SUBSTITUTED, WARNING, None, None, None, None)]
    assert findings[0].message.startswith("字体“方正小标宋简体”未安装，已用 Noto Serif SC 代替")


@pytest.fixture()
def font_dir(tmp_path):
    folder = tmp_path / "fonts"
    folder.mkdir()
    return folder


def _registry(font_dir):
    return FontRegistry(font_dirs=[font_dir], cache_dir=font_dir.parent / "cache")


@pytest.mark.parametrize("fs_type, reason", [(0x0002, "不允许嵌入"), (0x0102, "不允许嵌入"),
                                             (0x0100, "不允许只嵌入用到的字（子集）"),
                                             (0x0208, "只允许嵌入位图")])
def test_a_font_whose_fstype_forbids_embedding_is_an_error(font_dir, fs_type, reason):
    # OpenType's fsType: 2 restricted licence; 0x100 no subsetting; 0x200 bitmap only (8: editable)
    tiny_font(font_dir / "restricted.ttf", "测试受限体", fs_type=fs_type)
    faces = _registry(font_dir)
    findings = _preflight(doc_in_family("测试受限体"), faces=faces)
    assert _where(findings) == [(FONT_NOT_EMBEDDABLE, ERROR, 1, None, None, None)]
    assert findings[0].message.startswith(f"字体文件“restricted.ttf”的授权{reason}（OS/2 fsType）")


@pytest.mark.parametrize("fs_type", [0x0000, 0x0004, 0x0008, 0x000A])  # installable, print, editable, 2|8
def test_an_embeddable_font_passes(font_dir, fs_type):
    tiny_font(font_dir / "installable.ttf", "测试可嵌入体", fs_type=fs_type)
    tiny_font(font_dir / "outlines.otf", "测试轮廓体", cff=True)
    faces = _registry(font_dir)
    assert _preflight(doc_in_family("测试可嵌入体"), faces=faces) == []
    assert _preflight(doc_in_family("测试轮廓体"), faces=faces) == []


def test_a_cff_font_whose_outlines_do_not_convert_is_an_error_as_the_pdf_export_fails(font_dir, tmp_path):
    from editor.errors import FontError
    from editor.layout.font_convert import convert_to_truetype
    from editor.layout.font_registry import FaceRef
    from tests.preflight_docs import SHORT_TEXT

    path = tiny_font(font_dir / "broken.otf", "测试坏轮廓体", cff=True, broken="党")
    with pytest.raises(FontError):
        convert_to_truetype(FaceRef(str(path)), SHORT_TEXT, cache_dir=tmp_path)
    findings = _preflight(doc_in_family("测试坏轮廓体"), faces=_registry(font_dir))
    assert _where(findings) == [(FONT_NOT_CONVERTIBLE, ERROR, 1, None, None, None)]


def test_a_font_file_gone_since_the_layout_is_an_error(font_dir):
    path = tiny_font(font_dir / "gone.ttf", "测试消失体")
    faces = _registry(font_dir)
    doc = doc_in_family("测试消失体")
    layout = layout_document(doc, faces)
    path.unlink()
    findings = check_document(doc, layout, faces=faces)
    assert _where(findings) == [(FONT_MISSING, ERROR, 1, None, None, None)]


# ---------------------------------------------------------------- geometry


def test_a_frame_wholly_off_the_page_is_a_warning():
    findings = _preflight(with_frames(clean_doc(), box(x_pt=600.0)))
    assert _where(findings) == [(FRAME_OFF_PAGE, WARNING, 1, "box", None, None)]


@pytest.mark.parametrize("fields, short", [({"x_pt": -3.0}, True), ({"y_pt": -mm_to_pt(3.0)}, False),
                                           ({"x_pt": 0.0}, False), ({"x_pt": 500.0}, True),
                                           ({"x_pt": 504.0}, False)])
def test_a_frame_into_the_bleed_but_short_of_its_edge_is_a_warning(fields, short):
    # the page is 595.3 pt wide; a 100 pt box at x 500 ends 4.7 pt into a bleed of 8.5, at 504 on its edge
    findings = _preflight(with_frames(clean_doc(), box(**fields)))
    expected = [(FRAME_SHORT_OF_BLEED, WARNING, 1, "box", None, EXTEND_TO_BLEED)] if short else []
    assert _where(findings) == expected


def test_extend_to_bleed_stretches_the_photo_to_the_bleed_edge_and_undoes_exactly():
    doc = photo_doc(jpeg(1200, 900), x_pt=-2.0, y_pt=837.0, width_pt=144.0, height_pt=6.0)
    before = copy.deepcopy(doc)
    finding, = _preflight(doc)
    assert _where([finding]) == [(FRAME_SHORT_OF_BLEED, WARNING, 1, "photo", None, EXTEND_TO_BLEED)]
    changes = fix(doc, finding)
    apply_changes(changes)
    frame = doc.pages[0].frames[-1]
    bleed = mm_to_pt(3.0)
    assert frame.x_pt == pytest.approx(-bleed) and frame.x_pt + frame.width_pt == pytest.approx(142.0)
    assert frame.y_pt == pytest.approx(837.0) and frame.y_pt + frame.height_pt == pytest.approx(doc.page_height_pt + bleed)
    assert [f.kind for f in _preflight(doc)] == []
    apply_changes(changes, forward=False)
    assert doc == before


def test_text_closer_than_3_mm_to_the_trim_is_a_warning():
    doc = clean_doc()
    doc.pages[0].frames[0].y_pt = mm_to_pt(2.5)
    findings = _preflight(doc)
    assert _where(findings) == [(TEXT_NEAR_TRIM, WARNING, 1, "f", "s", None)]
    assert findings[0].message == "第 1 页有文字离裁切线不到 3 毫米，裁切时可能被切掉。"
    doc.pages[0].frames[0].y_pt = mm_to_pt(3.5)
    assert _preflight(doc) == []


def test_a_page_of_another_size_than_a4_or_a3_is_a_warning():
    doc = clean_doc()
    doc.page_width_pt, doc.page_height_pt = mm_to_pt(185.0), mm_to_pt(260.0)  # 16 开
    findings = _preflight(doc)
    assert _where(findings) == [(PAGE_SIZE, WARNING, None, None, None, None)]
    assert findings[0].message.startswith("页面尺寸为 185 × 260 毫米，不是 A4、A3 纸张")
    doc.page_width_pt, doc.page_height_pt = mm_to_pt(420.0), mm_to_pt(297.0)  # A3 landscape
    assert _preflight(doc) == []


# ---------------------------------------------------------------- empty frames


def test_an_empty_text_frame_and_an_empty_photo_frame_are_warnings():
    assert _where(_preflight(empty_text_frame_doc())) == [(FRAME_EMPTY, WARNING, 1, "blank", "empty", None)]
    assert _where(_preflight(photo_doc(None, asset=None))) == [(FRAME_EMPTY, WARNING, 1, "photo", None, None)]


def test_findings_list_errors_before_warnings():
    doc = with_frames(overset_doc(), box(x_pt=600.0))
    assert [(f.kind, f.severity) for f in _preflight(doc)] == [(OVERSET, ERROR), (FRAME_OFF_PAGE, WARNING)]


# ---------------------------------------------------------------- command line


def _banmian_preflight(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "editor", "preflight", *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=PROJECT_ROOT, env=env, timeout=300)


def test_banmian_preflight_exits_0_on_the_sample():
    result = _banmian_preflight(str(SAMPLE_PROJECT))
    assert (result.returncode, result.stdout.strip(), result.stderr) == (0, "检查完毕，没有发现问题。", "")


def test_banmian_preflight_exits_1_on_an_overset_story_and_prints_the_story_and_page(tmp_path):
    project = tmp_path / "溢出.banmian"
    save_project(overset_doc(), project)
    result = _banmian_preflight(str(project))
    assert result.returncode == 1, result.stderr
    first, last = result.stdout.splitlines()
    assert first.startswith(f"【错误】第 2 页 文字溢出：文章“{LONG_NAME}”排不下：第 2 页的最后一个框之后还有 ")
    assert last == "共 1 个错误，0 个警告。"
    report = json.loads(_banmian_preflight(str(project), "--json").stdout)
    assert (report["errors"], report["warnings"]) == (1, 0)
    assert [(f["kind"], f["page"], f["story"], f["frame"], f["fix"]) for f in report["findings"]] == [
        (OVERSET, 2, "s", "f2", FIT_FRAME_TO_TEXT)]


def test_banmian_preflight_exits_0_with_warnings_only_and_2_on_a_missing_project(tmp_path):
    project = tmp_path / "空框.banmian"
    save_project(empty_text_frame_doc(), project)
    result = _banmian_preflight(str(project))
    assert result.returncode == 0 and result.stdout.splitlines()[-1] == "共 0 个错误，1 个警告。"
    missing = _banmian_preflight(str(tmp_path / "没有.banmian"))
    assert missing.returncode == 2 and missing.stderr.startswith("banmian：") and missing.stdout == ""
