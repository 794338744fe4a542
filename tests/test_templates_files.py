"""Templates of one's own without a window: saving, listing and what a template holds (issue #15).

``tests/test_templates.py`` drives the same through the dialogs (Qt); these run with the fast
tests. The expected design is what 新建下一期's clearing rule (``make_next_issue``) makes of the
issue, so the oracle is not the template code; names expected are written out.
"""

from __future__ import annotations

import errno
import sys
from pathlib import Path

import pytest

from editor import LAYOUTS_DIR, SAMPLE_PROJECT
from editor.errors import BanmianError
from editor.io import templates
from editor.io.project import load_project
from editor.io.templates import (
    BLANK_TEMPLATE,
    TemplateEntry,
    TemplateError,
    all_templates,
    house_template_label,
    house_templates,
    save_template,
    template_design,
    template_path,
    user_templates,
)
from editor.model.codec import encode_document
from editor.model.frames import ImageFrame
from editor.model.next_issue import make_next_issue

FOLDER = "我的 模板"


@pytest.fixture(scope="module")
def sample():
    return load_project(SAMPLE_PROJECT)


def _photo_frames(doc) -> dict[str, ImageFrame]:
    return {f.id: f for page in doc.pages for f in page.frames if isinstance(f, ImageFrame)}


# ---------------------------------------------------------------- names and where they go


def test_a_template_is_stored_in_the_templates_folder_by_default(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("BANMIAN_TEMPLATES_DIR", str(tmp_path / FOLDER))
    assert template_path("  季度 通讯 ") == tmp_path / FOLDER / "季度 通讯.banmian"


@pytest.mark.parametrize(("name", "file_name"), [
    ("版式:A/B", "版式_A_B.banmian"), ("CON", "_CON.banmian"), ("问?答*", "问_答_.banmian"),
    ("\t年终 特刊\u3000", "年终 特刊.banmian"),
])
def test_a_template_name_is_made_a_file_name_windows_accepts(tmp_path: Path, name: str, file_name: str) -> None:
    assert template_path(name, tmp_path) == tmp_path / file_name


@pytest.mark.parametrize("name", ["", "   ", "\t\n"])
def test_a_blank_template_name_is_refused_asking_for_one(tmp_path: Path, name: str) -> None:
    with pytest.raises(TemplateError) as refused:
        save_template(load_project(BLANK_TEMPLATE), name, folder=tmp_path)
    assert refused.value.message == "请输入模板名称。"
    assert isinstance(refused.value, BanmianError)
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- saving


def test_a_saved_template_is_the_issue_as_next_issue_clears_it_in_a_new_folder(sample, tmp_path: Path) -> None:
    before = encode_document(sample)
    path = save_template(sample, "党群 版式", folder=tmp_path / "用户" / FOLDER)
    assert path == tmp_path / "用户" / FOLDER / "党群 版式.banmian"
    loaded = load_project(path)
    assert encode_document(loaded) == encode_document(make_next_issue(sample, sample.issue).document)
    assert loaded.assets == {} and [f.asset for f in _photo_frames(loaded).values()] == [None] * len(
        _photo_frames(sample))
    assert encode_document(sample) == before


def test_with_photos_each_photo_stays_in_its_frame_and_the_rest_is_cleared(sample, tmp_path: Path) -> None:
    before = encode_document(sample)
    loaded = load_project(save_template(sample, "带图片", include_photos=True, folder=tmp_path))
    assert loaded.assets == sample.assets
    assert _photo_frames(loaded) == _photo_frames(sample)
    cleared = make_next_issue(sample, sample.issue).document
    assert loaded.stories == cleared.stories
    assert encode_document(sample) == before


def test_a_design_with_photos_shares_nothing_the_editor_could_change_with_the_issue(sample) -> None:
    design = template_design(sample, include_photos=True)
    design.assets.clear()
    for frame in _photo_frames(design).values():
        frame.x_pt += 10.0
        frame.wrap.gap_pt += 1.0
        if frame.caption is not None:
            frame.caption.gap_pt += 1.0
    assert sample.assets and all(frame.asset in sample.assets for frame in _photo_frames(sample).values())
    assert _photo_frames(sample) == _photo_frames(load_project(SAMPLE_PROJECT))
    assert sum(frame.caption is not None for frame in _photo_frames(sample).values()) == 4


def test_a_design_without_photos_by_default_has_none(sample) -> None:
    design = template_design(sample)
    assert design.assets == {}
    assert all(frame.asset is None for frame in _photo_frames(design).values())


def test_saving_again_under_the_same_name_replaces_the_template(sample, tmp_path: Path) -> None:
    first = save_template(load_project(BLANK_TEMPLATE), "同名", folder=tmp_path)
    second = save_template(sample, "同名", folder=tmp_path)
    assert first == second == tmp_path / "同名.banmian"
    assert [p.name for p in tmp_path.iterdir()] == ["同名.banmian"]
    assert load_project(second).issue == sample.issue


def test_a_folder_that_cannot_be_made_is_refused_with_the_reason(tmp_path: Path) -> None:
    (tmp_path / "文件").write_bytes(b"x")
    with pytest.raises(TemplateError) as refused:
        save_template(load_project(BLANK_TEMPLATE), "版式", folder=tmp_path / "文件" / FOLDER)
    # What the system says of a file where a folder should be: ENOTDIR on POSIX, "exists" on Windows.
    reason = "文件已存在" if sys.platform == "win32" else "路径中有一部分不是文件夹"
    assert refused.value.message == f"无法保存模板“版式.banmian”：{reason}。"


def test_a_disk_that_refuses_the_write_is_refused_with_the_reason(tmp_path: Path, monkeypatch) -> None:
    def disk_full(doc, path) -> None:  # the OS edge: the disk refuses the write
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(templates, "save_project", disk_full)
    with pytest.raises(TemplateError) as refused:
        save_template(load_project(BLANK_TEMPLATE), "版式", folder=tmp_path)
    assert refused.value.message == "无法保存模板“版式.banmian”：磁盘空间不足。"


# ---------------------------------------------------------------- the list


def test_the_house_templates_come_in_their_fixed_order() -> None:
    assert [p.name for p in house_templates()] == [
        "blank-issue.banmian", "sample-2021-28.banmian", "newsletter-a4.banmian", "tabloid-a3.banmian"]
    assert all(p.parent == LAYOUTS_DIR for p in house_templates())


def test_other_house_templates_follow_the_named_ones_by_name(tmp_path: Path, monkeypatch) -> None:
    for name in ("专刊.banmian", "tabloid-a3.banmian", "a-special.banmian", "blank-issue.banmian", "说明.txt"):
        (tmp_path / name).write_bytes(b"")
    (tmp_path / "断链.banmian").symlink_to(tmp_path / "不存在.banmian")
    monkeypatch.setattr(templates, "LAYOUTS_DIR", tmp_path)
    assert [p.name for p in house_templates()] == [
        "blank-issue.banmian", "tabloid-a3.banmian", "a-special.banmian", "专刊.banmian"]


def test_the_sample_house_template_has_its_chinese_label() -> None:
    assert house_template_label(SAMPLE_PROJECT) == "样例：2021年第28期"
    assert house_template_label(Path("别处") / "blank-issue.banmian") == "空白期刊"


def test_the_users_templates_are_listed_by_name_leaving_out_other_files_and_broken_links(tmp_path: Path) -> None:
    for name in ("乙.banmian", "甲.banmian", "b.banmian", "笔记.txt", "甲.banmian.bak"):
        (tmp_path / name).write_bytes(b"")
    (tmp_path / "断链.banmian").symlink_to(tmp_path / "不存在.banmian")
    assert user_templates(tmp_path) == [tmp_path / "b.banmian", tmp_path / "乙.banmian", tmp_path / "甲.banmian"]


def test_a_templates_folder_not_made_yet_lists_none(tmp_path: Path) -> None:
    assert user_templates(tmp_path / "还没有") == []


def test_the_whole_list_is_the_house_templates_labelled_then_the_users(sample, tmp_path: Path) -> None:
    save_template(sample, "乙 版式", folder=tmp_path)
    save_template(sample, "甲 版式", folder=tmp_path)
    assert all_templates(tmp_path) == [
        TemplateEntry(LAYOUTS_DIR / "blank-issue.banmian", "空白期刊", True),
        TemplateEntry(LAYOUTS_DIR / "sample-2021-28.banmian", "样例：2021年第28期", True),
        TemplateEntry(LAYOUTS_DIR / "newsletter-a4.banmian", "通讯：A4 四页三栏", True),
        TemplateEntry(LAYOUTS_DIR / "tabloid-a3.banmian", "小报：A3 四版五栏", True),
        TemplateEntry(tmp_path / "乙 版式.banmian", "乙 版式", False),
        TemplateEntry(tmp_path / "甲 版式.banmian", "甲 版式", False),
    ]


def test_a_new_issue_from_a_saved_template_is_the_design_again(sample, tmp_path: Path) -> None:
    path = save_template(sample, "周刊", folder=tmp_path)
    entry = all_templates(tmp_path)[-1]
    assert (entry.path, entry.label, entry.house) == (path, "周刊", False)
    reopened = load_project(entry.path)
    assert reopened.masters == sample.masters and reopened.paragraph_styles == sample.paragraph_styles
    assert "在此粘贴正文" in [p.plain_text() for p in reopened.stories["lead"].paragraphs]
