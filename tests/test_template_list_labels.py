"""从模板新建's list without a window: house labels, the user's folder, the user's labels.

``tests/test_templates.py`` checks the same list through the dialog, which needs Qt; these
run with the fast tests. Labels expected here are written out, not read from ``HOUSE_LABELS``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from editor import LAYOUTS_DIR
from editor.io.templates import all_templates, house_template_label, user_templates


@pytest.mark.parametrize(("file_name", "label"), [
    ("blank-issue.banmian", "空白期刊"),
    ("newsletter-a4.banmian", "通讯：A4 四页三栏"),
    ("tabloid-a3.banmian", "小报：A3 四版五栏"),
])
def test_a_named_house_template_shows_its_chinese_label(file_name: str, label: str) -> None:
    assert house_template_label(LAYOUTS_DIR / file_name) == label


def test_a_house_template_without_a_label_shows_its_file_name_without_suffix() -> None:
    assert house_template_label(LAYOUTS_DIR / "党建专刊.banmian") == "党建专刊"


def test_without_a_folder_the_users_templates_come_from_the_templates_folder(monkeypatch, tmp_path: Path) -> None:
    folder = tmp_path / "模板"
    folder.mkdir()
    (folder / "季度通讯.banmian").write_bytes(b"")
    (folder / "笔记.txt").write_text("不是模板", encoding="utf-8")
    monkeypatch.setenv("BANMIAN_TEMPLATES_DIR", str(folder))
    assert user_templates() == [folder / "季度通讯.banmian"]


def test_a_users_template_is_listed_by_its_file_name_after_the_house_ones(tmp_path: Path) -> None:
    (tmp_path / "年终特刊.banmian").write_bytes(b"")
    entries = all_templates(tmp_path)
    mine = [(entry.label, entry.house) for entry in entries if entry.path.parent == tmp_path]
    assert mine == [("年终特刊", False)]
    assert entries[-1].path == tmp_path / "年终特刊.banmian"
    assert all(entry.house for entry in entries[:-1])
