"""A wheel is a complete Banmian: fonts, templates and icons travel inside it.

``pip install .`` (not ``-e``) used to install a package with no fonts,
because ``fonts/`` sits outside the package; ``setup.py`` now copies the data
folders into the wheel as ``editor/_data``. These tests build the wheel the
way a user or a packager would and use it from a fresh environment that
cannot see this checkout.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

import editor

pytestmark = pytest.mark.slow

REPO = editor.PROJECT_ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``pip wheel .`` of this checkout (no dependencies)."""
    if not (REPO / "pyproject.toml").is_file():
        pytest.skip("not a checkout: there is no pyproject.toml to build from")
    if importlib.util.find_spec("pip") is None:
        pytest.skip("pip is not installed next to this Python (the Windows CI's embeddable CPython); "
                    "the Windows app build checks packaging there")
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(REPO)],
                   check=True, capture_output=True, timeout=600)
    (built,) = out.glob("banmian-*.whl")
    return built


def test_the_wheel_carries_fonts_templates_and_icons(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for font in sorted((REPO / "fonts").glob("*.ttf")):
        assert f"editor/_data/fonts/{font.name}" in names
    assert "editor/_data/fonts/OFL.txt" in names
    assert "editor/_data/layouts/sample-2021-28.banmian/document.json" in names
    assert "editor/_data/layouts/blank-issue.banmian/document.json" in names
    for icon in ("banmian.ico", "banmian-document.ico", "banmian.svg", "banmian-256.png"):
        assert f"editor/_data/assets/{icon}" in names
    assert not [name for name in names if "__pycache__" in name or name.endswith(".pyc")]


def test_the_wheel_version_is_the_package_version(wheel: Path) -> None:
    assert wheel.name.startswith(f"banmian-{editor.__version__}-")


@pytest.mark.skipif(sys.platform == "win32", reason="the embeddable Windows CPython of the Windows CI has no venv; "
                    "the Windows app build checks packaging there")
def test_a_fresh_environment_with_only_the_wheel_exports_the_sample(wheel: Path, tmp_path: Path) -> None:
    """A new venv that sees the dependencies but not this checkout: the wheel alone must do."""
    venv = tmp_path / "新 环境"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    # The dependencies come from the test environment's site-packages as a plain path entry:
    # its .pth files (the editable install of this checkout among them) are not processed.
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site), str(wheel)],
                   check=True, capture_output=True, timeout=300)
    work = tmp_path / "工作 目录"
    work.mkdir()
    script = ("import editor, sys; from editor.cli import main; print(editor.__file__); "
              "sys.exit(main(['export', str(editor.SAMPLE_PROJECT), '--pdf', 'out.pdf']))")
    result = subprocess.run([str(python), "-c", script], cwd=work, capture_output=True, text=True,
                            encoding="utf-8", timeout=300, env={**os.environ, "PYTHONPATH": ""})
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()).is_relative_to(site), "the editor must come from the wheel, not the checkout"
    fonts = set()
    for page in PdfReader(work / "out.pdf").pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    assert {"NotoSerifSC-Regular", "NotoSansSC-Bold"} <= fonts, fonts
