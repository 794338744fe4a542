"""The installer's pages for the user guide: ``banmian-setup.exe`` run under Wine, photographed.

A private 64-bit Wine prefix that behaves as a Chinese Windows (code page
936, a profile named like a staff member's) runs the real NSIS installer on
the same X display as the editor's screenshots. Wine has no Chinese fonts,
so the fonts NSIS asks for are drawn by the bundled Noto Sans SC. Pages are
turned with xdotool (Enter = 下一步); the installer is cancelled before it
installs anything. Needs ``wine``, ``wineserver``, ``xdotool`` and ``localedef``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication, QImage
from screenshot_tools import Camera, settle

from editor import FONTS_DIR

#: The fonts NSIS asks for on a Chinese Windows, drawn by the bundled Noto Sans SC (Wine has no Chinese fonts).
WINE_FONT_REPLACEMENTS = ("宋体", "SimSun", "新宋体", "NSimSun", "微软雅黑", "Microsoft YaHei", "MS Shell Dlg",
                          "MS Shell Dlg 2", "Tahoma")
#: A user name for the Windows profile, so the install folder reads as on a staff computer.
WINE_USER = "liming"


def wine_env(scratch: Path) -> dict[str, str]:
    """A private 64-bit Wine prefix in ``scratch`` that behaves as a Chinese Windows (code page 936)."""
    locales = scratch / "locales"
    if not (locales / "zh_CN.UTF-8").exists():
        locales.mkdir(parents=True, exist_ok=True)
        subprocess.run(["localedef", "-i", "zh_CN", "-f", "UTF-8", str(locales / "zh_CN.UTF-8")], check=False)
    return dict(os.environ, WINEPREFIX=str(scratch / "wine"), WINEARCH="win64", WINEDEBUG="-all",
                WINEDLLOVERRIDES="mscoree,mshtml=", LOCPATH=str(locales), LANG="zh_CN.UTF-8",
                LC_ALL="zh_CN.UTF-8", USER=WINE_USER)


def prepare_wine(env: dict[str, str]) -> None:
    """Create the prefix and give it a Chinese font for the installer's pages."""
    quiet = {"env": env, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "check": False}
    subprocess.run(["wineboot", "-i"], **quiet)
    subprocess.run(["wineserver", "-w"], **quiet)
    prefix = Path(env["WINEPREFIX"])
    fonts = prefix / "drive_c" / "windows" / "Fonts"
    for face in ("NotoSansSC-Regular.ttf", "NotoSansSC-Bold.ttf"):
        shutil.copy(FONTS_DIR / face, fonts / face)
    lines = ["Windows Registry Editor Version 5.00", "", r"[HKEY_CURRENT_USER\Software\Wine\Fonts\Replacements]"]
    lines += [f'"{name}"="Noto Sans SC"' for name in WINE_FONT_REPLACEMENTS]
    registry = prefix.parent / "fonts.reg"
    registry.write_text("\r\n".join(lines) + "\r\n", encoding="utf-16")
    subprocess.run(["wine", "regedit", str(registry)], **quiet)
    subprocess.run(["wineserver", "-w"], **quiet)


def lit_area() -> QRect | None:
    """Where the screen is not black: the installer's window (nothing else is shown then)."""
    image = QGuiApplication.primaryScreen().grabWindow(0).toImage().convertToFormat(QImage.Format.Format_Grayscale8)
    picture = Image.frombytes("L", (image.width(), image.height()), bytes(image.constBits()),
                              "raw", "L", image.bytesPerLine())
    box = picture.point(lambda value: 255 if value > 8 else 0).getbbox()
    return QRect(box[0], box[1], box[2] - box[0], box[3] - box[1]) if box else None


def wait_for_window(timeout_s: float = 120.0) -> QRect:
    """The installer's window once it is drawn (the first start of a prefix takes a while)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        settle(1.0)
        area = lit_area()
        if area is not None and area.width() > 200:
            settle(2.0)  # drawn completely
            return lit_area() or area
    raise RuntimeError("the installer's window did not appear")


def key(env: dict[str, str], name: str) -> None:
    """Press a key in the window that has the focus (the installer's)."""
    subprocess.run(["xdotool", "key", name], env=env, check=True)
    settle(3.0)


def shoot_installer(camera: Camera, setup: Path, scratch: Path) -> None:
    """The installer's pages 选择组件 (desktop shortcut) and 选择安装位置 (per-user folder); then 取消."""
    env = wine_env(scratch)
    prepare_wine(env)
    installer = subprocess.Popen(["wine", str(setup)], env=env, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
    try:
        wait_for_window()
        key(env, "Return")
        camera.shoot("install-components", wait_for_window(), border=True)
        key(env, "Return")
        camera.shoot("install-folder", wait_for_window(), border=True)
        key(env, "Escape")
        key(env, "Return")  # 是否要退出安装？ 是
    finally:
        subprocess.run(["wineserver", "-k"], env=env, check=False)
        installer.wait(timeout=30)
