"""Banmian 版面 — a desktop issue-layout editor for Chinese newsletters.

The package is split so that layout never depends on a screen:
``model`` (pure data), ``layout`` (pure composition to a display list),
``render`` (backends that only draw the display list), ``io`` (files and
photos), ``ui`` (PySide6 widgets) and ``cli`` (the ``banmian`` command).
"""

from importlib import resources
from pathlib import Path

#: The version, written here only: pyproject.toml, the Windows app and its installer read it.
__version__ = "0.1.0"

#: The checkout root (for an editable install); in a wheel, the folder holding the package.
PROJECT_ROOT: Path = Path(__file__).resolve().parent.parent


def data_dir(name: str) -> Path:
    """A bundled data folder (``fonts``, ``layouts`` or ``assets``).

    A wheel and the Windows app carry them inside the package as
    ``editor/_data/<name>`` (copied there by ``setup.py``); a checkout has
    them at its top. Real paths, not only resources: ReportLab, Qt and
    fontTools open fonts by file name.
    """
    packaged = Path(str(resources.files(__name__))) / "_data" / name
    return packaged if packaged.is_dir() else PROJECT_ROOT / name


FONTS_DIR: Path = data_dir("fonts")
LAYOUTS_DIR: Path = data_dir("layouts")
ASSETS_DIR: Path = data_dir("assets")
SAMPLE_PROJECT: Path = LAYOUTS_DIR / "sample-2021-28.banmian"
