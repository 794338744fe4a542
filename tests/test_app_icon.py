"""The app and its files have their own icon, drawn for the project (assets/)."""

from __future__ import annotations

from PIL import Image

from editor import ASSETS_DIR


def test_ico_files_hold_every_size_windows_asks_for() -> None:
    for name in ("banmian.ico", "banmian-document.ico"):
        sizes = set(Image.open(ASSETS_DIR / name).info["sizes"])
        assert {(16, 16), (24, 24), (32, 32), (48, 48), (256, 256)} <= sizes, name


def test_the_icon_shows_the_red_masthead_at_every_size() -> None:
    """Not a blank or broken render: the masthead's red is there even at 16 px."""
    for size in (16, 32, 256):
        data = Image.open(ASSETS_DIR / f"banmian-{size}.png").convert("RGB").tobytes()
        red = sum(1 for i in range(0, len(data), 3) if data[i] > 170 and data[i + 1] < 80 and data[i + 2] < 80)
        assert red >= size * size // 50, size  # the masthead is ~9 % of the drawing; edges blend at 16 px


def test_the_window_icon_offers_several_sizes(qapp) -> None:
    from editor.ui.app import app_icon

    sizes = {(s.width(), s.height()) for s in app_icon().availableSizes()}
    assert {(16, 16), (32, 32), (256, 256)} <= sizes
