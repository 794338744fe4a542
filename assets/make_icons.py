"""Render the SVG icons to the files Windows and Qt use.

Run ``python assets/make_icons.py`` after changing an SVG. Each size is
rendered from the vector source by Qt's SVG renderer (crisp at 16 px and at
256 px, and on 150 %/200 % screens), then Pillow packs the sizes into one
.ico: ``banmian.ico`` for the programs and the installer,
``banmian-document.ico`` for .banmian files in Explorer. ``banmian-<N>.png``
are the window icon's sizes for Qt.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

HERE = Path(__file__).resolve().parent
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 96, 128, 256)
PNG_SIZES = (16, 32, 48, 64, 128, 256)


def render(svg: Path, size: int) -> Image.Image:
    """The SVG at ``size`` × ``size`` pixels, RGBA."""
    renderer = QSvgRenderer(str(svg))
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return Image.open(io.BytesIO(bytes(data))).convert("RGBA")


def write_ico(svg: Path, target: Path) -> None:
    images = [render(svg, size) for size in ICO_SIZES]
    largest = images[-1]
    largest.save(target, format="ICO", sizes=[(s, s) for s in ICO_SIZES], append_images=images[:-1])


def main() -> int:
    app = QGuiApplication(sys.argv[:1])  # noqa: F841 - Qt's painting needs the application object
    write_ico(HERE / "banmian.svg", HERE / "banmian.ico")
    write_ico(HERE / "banmian-document.svg", HERE / "banmian-document.ico")
    for size in PNG_SIZES:
        render(HERE / "banmian.svg", size).save(HERE / f"banmian-{size}.png", optimize=True)
    print("图标已写入", HERE)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
