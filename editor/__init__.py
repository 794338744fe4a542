"""Banmian 版面 — a desktop issue-layout editor for Chinese newsletters.

The package is split so that layout never depends on a screen:
``model`` (pure data), ``layout`` (pure composition to a display list),
``render`` (backends that only draw the display list), ``io`` (files and
photos), ``ui`` (PySide6 widgets) and ``cli`` (the ``banmian`` command).
"""

from pathlib import Path

__version__ = "0.1.0"

#: The checkout (or editable install) root holding ``fonts/`` and ``layouts/``.
PROJECT_ROOT: Path = Path(__file__).resolve().parent.parent
FONTS_DIR: Path = PROJECT_ROOT / "fonts"
LAYOUTS_DIR: Path = PROJECT_ROOT / "layouts"
SAMPLE_PROJECT: Path = LAYOUTS_DIR / "sample-2021-28.banmian"
