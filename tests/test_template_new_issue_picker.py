"""从模板新建 shows every template, the house ones and the user's, whole at the dialog's default size.

A user's template sat on a second row of one list, its name hidden until scrolled. The house
templates now fill one labelled row and the user's have their own section below; each item's
thumbnail and its name must lie inside its list's visible viewport, whatever list holds it, when the dialog opens at its
default size (offscreen Qt; no resizing by the test).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QListWidget

from editor import SAMPLE_PROJECT
from editor.io.project import load_project
from editor.io.templates import all_templates, save_template
from editor.ui.template_dialogs import TemplatePicker

OWN_NAMES = ["党群工作 周刊版式", "年终特刊"]
HOUSE_LABELS = ["空白期刊", "样例：2021年第28期", "通讯：A4 四页三栏", "小报：A3 四版五栏"]


@pytest.fixture
def folder(tmp_path: Path, monkeypatch) -> Path:
    folder = tmp_path / "我的 模板"
    monkeypatch.setenv("BANMIAN_TEMPLATES_DIR", str(folder))
    return folder


def _open_at_default_size(qtbot, folder: Path) -> TemplatePicker:
    picker = TemplatePicker(all_templates(folder))
    qtbot.addWidget(picker)
    picker.show()
    qtbot.waitExposed(picker)
    return picker


def _text_rect(items: QListWidget, row: int) -> QRect:
    """Where the name of item ``row`` is drawn: below its thumbnail, as tall as its wrapped lines."""
    item = items.item(row)
    rect = items.visualItemRect(item)
    lines = items.fontMetrics().boundingRect(QRect(0, 0, rect.width(), 1000),
                                              int(Qt.TextFlag.TextWordWrap), item.text())
    top = rect.top() + items.iconSize().height()
    return QRect(rect.left(), top, rect.width(), lines.height())


def _shown_whole(items: QListWidget, row: int) -> bool:
    """The item's rect — thumbnail and name — inside the list's viewport, nothing scrolled."""
    viewport = items.viewport().rect()
    rect = items.visualItemRect(items.item(row))
    return viewport.contains(rect) and viewport.contains(_text_rect(items, row)) and rect.height() >= (
        items.iconSize().height() + _text_rect(items, row).height())


def test_the_users_template_is_shown_with_its_name_at_the_default_size(qtbot, folder: Path) -> None:
    sample = load_project(SAMPLE_PROJECT)
    for name in OWN_NAMES:
        save_template(sample, name, folder=folder)
    picker = _open_at_default_size(qtbot, folder)
    lists = [items for items in picker.findChildren(QListWidget) if items.isVisible()]
    shown = {items.item(row).text(): _shown_whole(items, row) for items in lists for row in range(items.count())}
    assert shown == {name: True for name in HOUSE_LABELS + OWN_NAMES}
    assert all(items.verticalScrollBar().value() == 0 for items in lists)


def test_the_sections_are_labelled_and_without_own_templates_it_says_how_to_add_one(qtbot, folder: Path) -> None:
    picker = _open_at_default_size(qtbot, folder)
    texts = [label.text() for label in picker.findChildren(QLabel) if label.isVisible()]
    assert "内置模板" in texts and "我的模板" in texts
    assert any("另存为模板" in text for text in texts)
    assert not picker.own_list.isVisible()
    assert all(_shown_whole(picker.house_list, row) for row in range(picker.house_list.count()))


def test_choosing_the_users_template_by_clicking_it_is_what_new_opens(qtbot, folder: Path) -> None:
    path = save_template(load_project(SAMPLE_PROJECT), OWN_NAMES[0], folder=folder)
    picker = _open_at_default_size(qtbot, folder)
    own = picker.own_list
    qtbot.mouseClick(own.viewport(), Qt.MouseButton.LeftButton, pos=own.visualItemRect(own.item(0)).center())
    assert picker.house_list.selectedItems() == []  # one template chosen, not one in each section
    qtbot.mouseClick(picker.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert picker.result() == 1 and picker.chosen() == path
