"""Build step that puts the bundled data inside the wheel.

The fonts, the templates and the icons live at the top of the repository
(``fonts/``, ``layouts/``, ``assets/``), where people look for them. A wheel
holds only packages, so a plain ``pip install .`` would have no fonts at all.
This copies the three folders into the built package as ``editor/_data/``;
``editor.data_dir`` finds them there, and in a checkout (``pip install -e .``)
at the top of the repository. Everything else is in ``pyproject.toml``.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

#: The folders shipped with the package (see ``editor/__init__.py``).
DATA_FOLDERS = ("fonts", "layouts", "assets")
_SKIPPED = shutil.ignore_patterns("__pycache__", "*.pyc", ".~lock.*#", "*.tmp")


class BuildPyWithData(build_py):
    """``build_py`` plus the data folders, except for editable installs (they use the checkout)."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        root = Path(__file__).resolve().parent
        for name in DATA_FOLDERS:
            target = Path(self.build_lib) / "editor" / "_data" / name
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(root / name, target, ignore=_SKIPPED)


setup(cmdclass={"build_py": BuildPyWithData})
