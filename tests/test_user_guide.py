"""The user guide (docs/使用说明.md) cannot silently drift from the app.

Its pictures must exist (and stay small enough for a repository), and every
menu command it names — written as **文件 → 另存为…** — must be a real item
of the main window's menus, read from a running ``MainWindow`` with the
access keys (``(&S)``) taken out, as the user reads them.
"""

from __future__ import annotations

import re
from pathlib import Path

from PIL import Image
from PySide6.QtWidgets import QMenu

from editor import PROJECT_ROOT

DOCS = Path(PROJECT_ROOT) / "docs"
GUIDE = DOCS / "使用说明.md"
IMAGES = DOCS / "images"
#: The guide names many commands; far fewer found means the pattern no longer matches its writing.
FEWEST_COMMANDS = 15
MAX_WIDTH_PX = 1400
MAX_BYTES = 300 * 1024

_IMAGE_LINK = re.compile(r"!\[[^\]]*\]\(([^)\s]+)\)")
_MENU_PATH = re.compile(r"\*\*((?:文件|编辑|视图|插入|排列|版面|帮助) → [^*]+)\*\*")
_ACCESS_KEY = re.compile(r"[(（]&.[)）]")


def _guide() -> str:
    return GUIDE.read_text(encoding="utf-8")


def _as_read(text: str) -> str:
    """A menu text as the user reads it: ``另存为(&A)…`` → ``另存为…``."""
    return _ACCESS_KEY.sub("", text).replace("&", "")


def _menu_paths(menu: QMenu, prefix: tuple[str, ...]) -> set[tuple[str, ...]]:
    """Every item of ``menu`` and its submenus as a path of texts."""
    paths: set[tuple[str, ...]] = set()
    for action in menu.actions():
        if action.isSeparator():
            continue
        path = (*prefix, _as_read(action.text()))
        paths.add(path)
        if action.menu() is not None:
            paths |= _menu_paths(action.menu(), path)
    return paths


def _named_commands() -> list[tuple[str, ...]]:
    return [tuple(part.strip() for part in found.split("→")) for found in _MENU_PATH.findall(_guide())]


def test_every_picture_the_guide_shows_exists():
    links = _IMAGE_LINK.findall(_guide())
    assert len(links) >= 10, links
    missing = [link for link in links if not (GUIDE.parent / link).is_file()]
    assert missing == []


def test_every_picture_in_the_images_folder_is_shown_by_the_guide():
    shown = {(GUIDE.parent / link).resolve() for link in _IMAGE_LINK.findall(_guide())}
    unused = [path.name for path in sorted(IMAGES.glob("*.png")) if path.resolve() not in shown]
    assert unused == []


def test_the_guide_pictures_are_small_enough_for_the_repository():
    too_big = []
    for path in sorted(IMAGES.glob("*.png")):
        with Image.open(path) as picture:
            width = picture.width
        if width > MAX_WIDTH_PX or path.stat().st_size > MAX_BYTES:
            too_big.append((path.name, width, path.stat().st_size))
    assert too_big == []


def test_every_menu_command_the_guide_names_is_in_the_main_window_menus(make_window):
    window = make_window()
    real: set[tuple[str, ...]] = set()
    for action in window.menuBar().actions():
        real |= _menu_paths(action.menu(), (_as_read(action.text()),))
    named = _named_commands()
    assert len(named) >= FEWEST_COMMANDS, named
    assert [path for path in named if path not in real] == []


def test_reading_a_menu_text_drops_only_the_access_key():
    assert _as_read("另存为(&A)…") == "另存为…"
    assert _as_read("导出 PDF(&P)…") == "导出 PDF…"
    assert _as_read("实际大小 100%(&A)") == "实际大小 100%"
