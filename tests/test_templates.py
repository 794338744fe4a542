"""Templates of one's own: 另存为模板 keeps the design, 从模板新建 gives it back as a new issue.

The expected design is what 新建下一期's clearing rule makes of the issue
(``make_next_issue`` with the same issue fields), so the oracle is not the
template code under test. Every templates folder here has Chinese
characters and spaces in its path, as a Windows user's profile may.
"""

from __future__ import annotations

import datetime
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QColor

from editor import SAMPLE_PROJECT
from editor.io.project import load_project
from editor.io.templates import TemplateError, all_templates, save_template, template_path
from editor.model import ImageFrame
from editor.model.codec import encode_document
from editor.model.document import IssueFields
from editor.model.next_issue import make_next_issue
from editor.ui.template_dialogs import TemplatePicker, template_thumbnail
from editor.user_dirs import templates_dir

FOLDER_NAME = "我的 模板 文件夹"


@pytest.fixture()
def sample():
    return load_project(SAMPLE_PROJECT)


def _design(doc):
    """The issue's design by 新建下一期's rule: articles and captions as placeholders, no photos."""
    return encode_document(make_next_issue(doc, doc.issue).document)


def _photo_frames(doc) -> dict[str, ImageFrame]:
    return {f.id: f for page in doc.pages for f in page.frames if isinstance(f, ImageFrame)}


def test_a_saved_template_is_the_design_with_placeholders_and_no_photos(sample, tmp_path: Path) -> None:
    folder = tmp_path / FOLDER_NAME
    path = save_template(sample, "党群工作 版式", folder=folder)
    assert path == folder / "党群工作 版式.banmian"
    loaded = load_project(path)
    assert encode_document(loaded) == _design(sample)
    assert loaded.assets == {} and all(f.asset is None for f in _photo_frames(loaded).values())
    assert "在此粘贴正文" in [p.plain_text() for p in loaded.stories["lead"].paragraphs]
    assert loaded.masters == sample.masters and loaded.paragraph_styles == sample.paragraph_styles


def test_include_photos_keeps_each_photo_in_its_frame(sample, tmp_path: Path) -> None:
    loaded = load_project(save_template(sample, "带图片", include_photos=True, folder=tmp_path / FOLDER_NAME))
    assert loaded.assets == sample.assets
    assert _photo_frames(loaded) == _photo_frames(sample)
    assert "在此粘贴正文" in [p.plain_text() for p in loaded.stories["lead"].paragraphs]


def test_a_template_name_is_made_safe_for_windows_and_an_empty_one_is_refused(tmp_path: Path) -> None:
    assert template_path("版式:A/B", tmp_path).name == "版式_A_B.banmian"
    assert template_path(" 第28期 版式 ", tmp_path).name == "第28期 版式.banmian"
    with pytest.raises(TemplateError) as problem:
        template_path("  ", tmp_path)
    assert problem.value.message == "请输入模板名称。"


def test_the_templates_folder_is_under_appdata_on_windows_and_xdg_data_elsewhere(monkeypatch, tmp_path) -> None:
    for variable in ("BANMIAN_TEMPLATES_DIR", "BANMIAN_DATA_DIR"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("APPDATA", str(tmp_path / "Roaming 漫游"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "数据 目录"))
    monkeypatch.setattr(sys, "platform", "win32")
    assert templates_dir() == tmp_path / "Roaming 漫游" / "Banmian" / "模板"
    monkeypatch.setattr(sys, "platform", "linux")
    assert templates_dir() == tmp_path / "数据 目录" / "banmian" / "模板"
    monkeypatch.setenv("BANMIAN_TEMPLATES_DIR", str(tmp_path / FOLDER_NAME))
    assert templates_dir() == tmp_path / FOLDER_NAME


def test_the_list_has_the_house_templates_then_the_users(sample, tmp_path: Path) -> None:
    folder = tmp_path / FOLDER_NAME
    save_template(sample, "乙 版式", folder=folder)
    save_template(sample, "甲 版式", folder=folder)
    entries = all_templates(folder)
    assert [(e.label, e.house) for e in entries[:4]] == [
        ("空白期刊", True), ("样例：2021年第28期", True), ("通讯：A4 四页三栏", True), ("小报：A3 四版五栏", True),
    ]
    assert [(e.path, e.house) for e in entries[4:]] == sorted(
        [(folder / "乙 版式.banmian", False), (folder / "甲 版式.banmian", False)])


def test_each_thumbnail_is_page_one_with_the_red_masthead(qtbot) -> None:
    picker = TemplatePicker(all_templates())
    qtbot.addWidget(picker)
    assert picker.house_list.count() == 4
    for entry in all_templates():
        image = template_thumbnail(entry.path)
        assert image is not None and image.width() == 120
        # The masthead title (red, bold) sits in the top fifth of page 1.
        top = [QColor(image.pixel(x, y)) for y in range(image.height() // 5) for x in range(image.width())]
        assert any(c.red() > 150 and c.green() < 90 and c.blue() < 90 for c in top), entry.label


def test_save_as_template_then_new_from_template_gives_the_design_as_a_new_issue(make_window, monkeypatch,
                                                                                 tmp_path: Path) -> None:
    folder = tmp_path / "用户 目录" / FOLDER_NAME
    monkeypatch.setenv("BANMIAN_TEMPLATES_DIR", str(folder))
    window = make_window()
    original = load_project(SAMPLE_PROJECT)
    dialogs, actions = window.files.dialogs, window.menu_actions.actions
    asked: list[tuple[str, Path, bool]] = []
    dialogs.ask_template = lambda suggested, where, has_photos: asked.append((suggested, where, has_photos)) or (
        "党群工作 周刊版式", False)
    actions["save_as_template"].trigger()
    assert dialogs.errors == [] and dialogs.warnings == []
    assert asked == [("中铝股份党群工作", folder, True)]
    saved = folder / "党群工作 周刊版式.banmian"
    assert saved.is_file()

    offered: list = []
    dialogs.choose_template = lambda entries: offered.extend(entries) or saved
    window.files.dialogs.unsaved_answer = "discard"
    window.files.today = lambda: datetime.date(2026, 3, 5)
    actions["new_from_template"].trigger()
    assert [(e.path, e.house) for e in offered][-1] == (saved, False)
    assert sum(e.house for e in offered) == 4
    # The design, as an issue of the day it is started on (test_new_document_dates).
    new_issue = IssueFields(title="中铝股份党群工作", year=2026, number=1, total_number=29, date="2026-03-05",
                            publisher="党群工作部", previous_date="")
    assert encode_document(window.controller.doc) == encode_document(make_next_issue(original, new_issue).document)
    assert window.controller.path is None and window.files.display_name() == "未命名"


def test_replacing_a_template_of_the_same_name_is_asked_first(make_window, monkeypatch, tmp_path: Path) -> None:
    folder = tmp_path / FOLDER_NAME
    monkeypatch.setenv("BANMIAN_TEMPLATES_DIR", str(folder))
    window = make_window()
    dialogs = window.files.dialogs
    dialogs.ask_template = lambda *_: ("同名 模板", False)
    window.menu_actions.actions["save_as_template"].trigger()
    before = (folder / "同名 模板.banmian").read_bytes()
    dialogs.confirm_answer = False
    window.controller.doc.issue.title = "改过的刊名"  # would change the template if it were written
    window.menu_actions.actions["save_as_template"].trigger()
    assert dialogs.confirmations == ["已有名为“同名 模板”的模板。要替换它吗？"]
    assert (folder / "同名 模板.banmian").read_bytes() == before
