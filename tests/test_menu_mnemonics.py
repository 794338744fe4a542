"""Every menu of the real window gives each item its own Alt key (导入文章 and 添加页面 shared
A in 插入: Alt+I, A only moved between them and opened neither)."""

from __future__ import annotations

import re
from collections import Counter

#: The letter after "&" in an item's text: 添加页面(&A) → A.
MNEMONIC = re.compile(r"&([0-9A-Za-z])")


def _mnemonic_clashes(menu, path: str) -> list[str]:
    clashes: list[str] = []
    letters = Counter()
    for action in menu.actions():
        found = MNEMONIC.search(action.text())
        if found:
            letters[found.group(1).upper()] += 1
        if action.menu() is not None:
            clashes += _mnemonic_clashes(action.menu(), f"{path} → {action.text()}")
    clashes += [f"{path}: {letter} × {count}" for letter, count in letters.items() if count > 1]
    return clashes


def test_no_two_items_of_a_menu_share_an_alt_key(make_window):
    bar = make_window().menuBar()
    assert _mnemonic_clashes(bar, "菜单栏") == []
